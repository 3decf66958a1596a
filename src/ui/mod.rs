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
pub mod projector;
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
use crate::session::Script;
use crate::session::journal::Journal;

/// How long to wait for a key when the clock is not running.
const IDLE: Duration = Duration::from_secs(3600);

/// A seed for a night nobody asked a seed for: from the wall clock, small enough to type again.
pub fn pick_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos % 1_000_000) as u64
}

/// Where `play --record` keeps the night's decisions: claimed before the night starts (holding
/// an empty script), rewritten whole after each decision.
pub struct Record {
    pub journal: Journal,
    /// The text last written, so a key that decides nothing writes nothing.
    written: String,
    /// The first write that failed, said on leaving (the screen is the night's until then).
    failed: Option<std::io::Error>,
}

impl Record {
    /// Claim `path` for a night of `scenario` with `seed`, writing an empty script to it.
    pub fn claim(path: &std::path::Path, scenario: &Scenario, seed: u64) -> Result<Record, String> {
        let shown = crate::scenario::shown::path(path);
        let written = record_text(scenario, seed, &shown, &Script::default());
        let journal = Journal::claim(path, written.as_bytes())?;
        Ok(Record {
            journal,
            written,
            failed: None,
        })
    }

    /// Write the decisions again if they changed.
    fn keep(&mut self, app: &App) {
        let shown = self.journal.shown();
        let text = record_text(
            app.scenario(),
            app.session.seed(),
            &shown,
            &crate::session::record_of(&app.session),
        );
        if text == self.written {
            return;
        }
        match self.journal.save(text.as_bytes()) {
            Ok(()) => {
                self.written = text;
                self.failed = None;
            }
            Err(e) => self.failed = Some(e),
        }
    }
}

/// A night's decisions as a script file, with a header that says how to replay them.
fn record_text(s: &Scenario, seed: u64, shown: &str, script: &Script) -> String {
    let header = format!(
        "Decisions from `blastradius play {} --seed {seed}`.\nReplay or debrief: blastradius run {} --seed {seed} --script {shown} --markdown",
        s.id, s.id
    );
    script.to_ron(&header)
}

/// How a night is paced for the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    /// The guided night (`learn`): teaching moments stop the clock, the guide offers nudges.
    pub learn: bool,
    /// Pause the clock on each new critical page (default: on in `learn`, off in `play`).
    pub pause_on_critical: bool,
}

/// Play a night in the terminal; returns the process exit status.
pub fn play(
    scenario: Arc<Scenario>,
    seed: Option<u64>,
    speed: f64,
    theme: ThemeName,
    mut record: Option<Record>,
    pacing: Pacing,
) -> i32 {
    let seed = seed.unwrap_or_else(pick_seed);
    let id = scenario.id.clone();
    let mut app = App::new(scenario, seed, speed, Theme::from_env(theme));
    if pacing.learn {
        app = app.guided();
    }
    app.pause_on_critical = pacing.pause_on_critical;
    let mut term = match terminal::enter() {
        Ok(t) => t,
        Err(e) => {
            terminal::restore();
            if let Some(r) = record {
                // The night never started: the file goes back as it was.
                r.journal.give_back();
            }
            eprintln!(
                "blastradius cannot use this terminal ({e}); play a night headless with: blastradius run {id}"
            );
            return 1;
        }
    };
    // The expert's side of the debrief is worked out while the night is played.
    app.lay_groundwork();
    let result = event_loop(&mut term, &mut app, &mut record);
    terminal::restore();
    match result {
        Ok(()) => {
            let verb = if pacing.learn { "learn" } else { "play" };
            println!(
                "Night {id}, seed {seed}: {}. Play it again: blastradius {verb} {id} --seed {seed}",
                standing(&app)
            );
            if let Mode::Debrief(d) = &app.mode
                && let Some(a) = &d.advice
            {
                println!("Next: {}", a.next);
            }
            match record {
                Some(mut r) => {
                    r.keep(&app);
                    said_record(&app, &r)
                }
                None => 0,
            }
        }
        Err(e) => {
            eprintln!("blastradius: the terminal failed: {e}");
            1
        }
    }
}

fn event_loop(
    term: &mut terminal::Term,
    app: &mut App,
    record: &mut Option<Record>,
) -> io::Result<()> {
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
                let control = app.handle_key(k);
                // Each decision reaches the record file at once.
                if let Some(r) = record {
                    r.keep(app);
                }
                if control == Control::Quit {
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
            d.grade_label()
        ),
        _ => format!(
            "left at {} with a blast radius of {} so far{}",
            app.scenario().clock_at(app.clock_minute()),
            text::thousands(app.session.blast_radius().round() as i64),
            match app.session.hints().len() {
                0 => String::new(),
                1 => ", 1 hint taken".to_string(),
                n => format!(", {n} hints taken"),
            }
        ),
    }
}

/// Say where the decisions are, or that the last of them could not be written.
fn said_record(app: &App, r: &Record) -> i32 {
    let shown = r.journal.shown();
    let seed = app.session.seed();
    match &r.failed {
        None => {
            println!(
                "Your decisions are in {shown}. Debrief: blastradius run {} --seed {seed} --script {shown} --markdown",
                app.scenario().id
            );
            0
        }
        Some(e) => {
            eprintln!("{shown}: cannot write the decisions: {e}");
            1
        }
    }
}
