//! The terminal, given back on every way out: a normal quit, Ctrl-C, a panic (its message still
//! printed, after the screen is restored), SIGTERM and SIGHUP. Restoring happens exactly once.

use std::io::{self, Stdout, stdout};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::cursor::{Hide, Show};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::App;

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Whether the terminal is in raw mode on the alternate screen now.
static ACTIVE: AtomicBool = AtomicBool::new(false);
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
        let _ = execute!(stdout(), LeaveAlternateScreen, Show);
    }
}

pub fn draw(term: &mut Term, app: &App) -> io::Result<()> {
    let _held = OUTPUT.lock().unwrap_or_else(|e| e.into_inner());
    term.draw(|f| super::view::draw(f, app))?;
    Ok(())
}

#[cfg(unix)]
fn watch_signals() {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    use signal_hook::iterator::Signals;
    let Ok(mut signals) = Signals::new([SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next() {
            let _held = OUTPUT.lock().unwrap_or_else(|e| e.into_inner());
            restore();
            std::process::exit(128 + sig);
        }
    });
}

#[cfg(not(unix))]
fn watch_signals() {}
