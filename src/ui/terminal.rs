//! The terminal, given back on every way out: a normal quit, Ctrl-C, a panic (its message still
//! printed, after the screen is restored), and every signal whose default is to end the process
//! and that may be caught (INT, QUIT, TERM, HUP, USR1, USR2, ALRM, VTALRM, PROF, XCPU, XFSZ and an
//! ABRT sent from outside); given back while stopped (SIGTSTP) and taken again on SIGCONT.
//! Restoring happens exactly once per taking.

use std::io::{self, Stdout, stdout};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::{Hide, Show};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::App;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Whether the terminal is in raw mode on the alternate screen now.
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Set when the terminal was taken again after a stop: the next frame is drawn whole.
static REDRAW: AtomicBool = AtomicBool::new(false);
/// Held while drawing, so a signal never restores the screen in the middle of a frame.
static OUTPUT: Mutex<()> = Mutex::new(());

/// Raw mode, the alternate screen, a hidden cursor; with a panic hook and signal watch that restore it.
pub fn enter() -> io::Result<Term> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
    watch_signals();
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(stdout(), EnterAlternateScreen, Hide)?;
    Terminal::new(CrosstermBackend::new(stdout()))
}

/// Give the terminal back. Safe to call from anywhere, any number of times: only the first call acts.
pub fn restore() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let _ = disable_raw_mode();
        // The alternate screen is cleared before it is left: some terminals (tmux after a
        // resize) otherwise let the last frame show through onto the main screen.
        let _ = execute!(stdout(), Clear(ClearType::All), LeaveAlternateScreen, Show);
    }
}

pub fn draw(term: &mut Term, app: &App) -> io::Result<()> {
    draw_with(term, |f| super::view::draw(f, app))
}

/// Draw a frame with `render` (any screen of the game's), held against signals as [`draw`] is.
pub fn draw_with(term: &mut Term, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
    let _held = OUTPUT.lock().unwrap_or_else(|e| e.into_inner());
    // Given back for a stop: nothing is drawn on the player's own screen.
    if !ACTIVE.load(Ordering::SeqCst) {
        return Ok(());
    }
    // Taken again after a stop: the screen was cleared, so the last frame is forgotten and this
    // one drawn whole (`Terminal::clear` would ask the terminal where its cursor is, and a
    // terminal that never answers would end the game).
    if REDRAW.swap(false, Ordering::SeqCst) {
        term.swap_buffers();
    }
    term.draw(render)?;
    Ok(())
}

/// Signals that end the game: the terminal is given back and the process exits with 128 + the
/// signal's number, as a shell reports a death by that signal.
#[cfg(unix)]
const ENDING: [i32; 12] = {
    use signal_hook::consts::{
        SIGABRT, SIGALRM, SIGHUP, SIGINT, SIGPROF, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGVTALRM,
        SIGXCPU, SIGXFSZ,
    };
    [
        SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU,
        SIGXFSZ, SIGABRT,
    ]
};

/// One thread waits for signals (signal-hook's iterator: the handler itself only wakes the
/// thread, everything else runs outside the handler, so it may lock, write and exit):
/// - the ending ones give the terminal back and exit non-zero, after any record file being
///   replaced is whole ([`crate::session::journal::hold`]);
/// - SIGTSTP (`kill -TSTP`; Ctrl-Z arrives as a key in raw mode) gives the terminal back, stops the
///   process, and on SIGCONT takes the terminal again and draws the whole screen anew;
/// - SIGCONT after a plain SIGSTOP sets raw mode again (a shell may have reset it) and redraws.
#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGCONT, SIGTSTP};
    use signal_hook::iterator::Signals;
    let mut wanted = ENDING.to_vec();
    wanted.extend([SIGTSTP, SIGCONT]);
    let Ok(mut signals) = Signals::new(wanted) else {
        return;
    };
    std::thread::spawn(move || {
        for sig in signals.forever() {
            match sig {
                SIGTSTP => suspend(),
                SIGCONT => resume(),
                _ => leave(sig),
            }
        }
    });
}

/// What to tell the player if a signal ends the night (where it is kept).
static FAREWELL: Mutex<String> = Mutex::new(String::new());

/// Set the line said when a signal ends the night.
pub fn farewell(line: String) {
    *FAREWELL.lock().unwrap_or_else(|e| e.into_inner()) = line;
}

#[cfg(unix)]
fn leave(sig: i32) -> ! {
    let _journal = crate::session::journal::hold();
    let _held = OUTPUT.lock().unwrap_or_else(|e| e.into_inner());
    restore();
    let line = FAREWELL.lock().map(|l| l.clone()).unwrap_or_default();
    if !line.is_empty() {
        // The terminal may be gone (a hangup): a failed write must not stop the exit.
        use std::io::Write as _;
        let _ = writeln!(io::stderr(), "{line}");
    }
    std::process::exit(128 + sig);
}

/// Whether the terminal was given back for a stop, to be taken again on continuing.
#[cfg(unix)]
static SUSPENDED: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
fn suspend() {
    {
        let _held = OUTPUT.lock().unwrap_or_else(|e| e.into_inner());
        if ACTIVE.load(Ordering::SeqCst) {
            restore();
            SUSPENDED.store(true, Ordering::SeqCst);
        }
    }
    // Stop as SIGTSTP would have without a handler; this returns once continued.
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGTSTP);
    resume();
}

#[cfg(unix)]
fn resume() {
    {
        let _held = OUTPUT.lock().unwrap_or_else(|e| e.into_inner());
        if SUSPENDED.swap(false, Ordering::SeqCst) {
            let _ = enable_raw_mode();
            let _ = execute!(stdout(), EnterAlternateScreen, Clear(ClearType::All), Hide);
            ACTIVE.store(true, Ordering::SeqCst);
        } else if ACTIVE.load(Ordering::SeqCst) {
            let _ = enable_raw_mode();
            let _ = execute!(stdout(), Clear(ClearType::All), Hide);
        } else {
            return;
        }
        REDRAW.store(true, Ordering::SeqCst);
    }
    // Wake the event loop: the terminal's resize signal becomes a resize event, and the next frame
    // is drawn whole.
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGWINCH);
}

#[cfg(not(unix))]
fn watch_signals() {}
