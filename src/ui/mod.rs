//! The terminal UI: a client of the session. It reads the world and sends decisions through
//! [`crate::session::Session`]; it never changes the world directly.
//!
//! [`App`] holds the state and is pure (keys in, ticks in), [`draw`] renders it, and [`play`] is the
//! shell: the terminal, signals, and an event loop that sleeps until the next simulated minute or a
//! key — a paused game waits on input and uses no CPU.

mod app;
mod debrief;
mod input;
pub mod keys;
mod palette;
pub mod strings;
mod terminal;
pub mod text;
mod theme;
mod view;

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};

pub use app::{App, Control, Mode, SPEEDS};
pub use debrief::DebriefScreen;
pub use keys::{Context, Intent};
pub use palette::{Draft, Palette, Verdict};
pub use theme::{Health, Theme, ThemeName};
pub use view::{MIN_HEIGHT, MIN_WIDTH, draw};

use crate::scenario::Scenario;

/// How long to wait for a key when the clock is not running.
const IDLE: Duration = Duration::from_secs(3600);

/// A seed for a night nobody asked a seed for: from the wall clock, small enough to type again.
pub fn pick_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos % 1_000_000) as u64
}

/// Play a night in the terminal; returns the process exit status.
/// A file claimed (created empty) for the night's decisions, written when the player leaves.
pub type Record = (std::path::PathBuf, std::fs::File);

pub fn play(
    scenario: Arc<Scenario>,
    seed: Option<u64>,
    speed: f64,
    theme: ThemeName,
    record: Option<Record>,
) -> i32 {
    let seed = seed.unwrap_or_else(pick_seed);
    let id = scenario.id.clone();
    let mut app = App::new(scenario, seed, speed, Theme::from_env(theme));
    let mut term = match terminal::enter() {
        Ok(t) => t,
        Err(e) => {
            terminal::restore();
            if let Some((path, _)) = &record {
                // The file is ours and still empty: take it back.
                let _ = std::fs::remove_file(path);
            }
            eprintln!(
                "blastradius cannot use this terminal ({e}); play a night headless with: blastradius run {id}"
            );
            return 1;
        }
    };
    // The expert's side of the debrief is worked out while the night is played.
    app.lay_groundwork();
    let result = event_loop(&mut term, &mut app);
    terminal::restore();
    match result {
        Ok(()) => {
            println!(
                "Night {id}, seed {seed}: {}. Play it again: blastradius play {id} --seed {seed}",
                standing(&app)
            );
            match record {
                Some((path, file)) => save_record(&app, &path, file),
                None => 0,
            }
        }
        Err(e) => {
            eprintln!("blastradius: the terminal failed: {e}");
            1
        }
    }
}

fn event_loop(term: &mut terminal::Term, app: &mut App) -> io::Result<()> {
    let mut dirty = true;
    let mut last = Instant::now();
    loop {
        if dirty {
            let size = term.size()?;
            app.set_size(size.width, size.height);
            terminal::draw(term, app)?;
            dirty = false;
        }
        let timeout = app.until_next_minute().unwrap_or(IDLE);
        let ready = event::poll(timeout)?;
        let now = Instant::now();
        // The time that passed belongs to the state before this key.
        dirty |= app.tick(now - last);
        last = now;
        if !ready {
            continue;
        }
        match event::read()? {
            Event::Key(k) => {
                dirty = true;
                if app.handle_key(k) == Control::Quit {
                    return Ok(());
                }
            }
            Event::Resize(..) => dirty = true,
            _ => {}
        }
    }
}

/// Where the night stood when the player left: the graded result once it was over, else the blast
/// radius so far and the time.
fn standing(app: &App) -> String {
    match &app.mode {
        Mode::Debrief(d) => format!(
            "blast radius {}, grade {}",
            text::thousands(d.blast_radius),
            d.grade
        ),
        _ => format!(
            "left at {} with a blast radius of {} so far",
            app.scenario().clock_at(app.clock_minute()),
            text::thousands(app.session.blast_radius().round() as i64)
        ),
    }
}

/// Write the night's decisions as a script: replaying it with the same seed gives the same night.
fn save_record(app: &App, path: &std::path::Path, mut file: std::fs::File) -> i32 {
    use std::io::Write as _;
    let s = app.scenario();
    let seed = app.session.seed();
    let shown = crate::scenario::shown::path(path);
    let header = format!(
        "Decisions from `blastradius play {} --seed {seed}`.\nReplay or debrief: blastradius run {} --seed {seed} --script {shown} --markdown",
        s.id, s.id
    );
    let text = crate::session::script_of(&app.session).to_ron(&header);
    match file.write_all(text.as_bytes()).and_then(|()| file.flush()) {
        Ok(()) => {
            println!(
                "Your decisions are in {shown}. Debrief: blastradius run {} --seed {seed} --script {shown} --markdown",
                s.id
            );
            0
        }
        Err(e) => {
            eprintln!("{shown}: cannot write the decisions: {e}");
            1
        }
    }
}
