//! The terminal UI: a client of the session. It reads the world and sends decisions through
//! [`crate::session::Session`]; it never changes the world directly.
//!
//! [`App`] holds the state and is pure (keys in, ticks in), [`draw`] renders it, and [`play`] is the
//! shell: the terminal, signals, and an event loop that sleeps until the next simulated minute or a
//! key — a paused game waits on input and uses no CPU.

mod app;
mod debrief;
mod input;
mod keeping;
pub mod keys;
mod palette;
pub mod projector;
mod rewind;
pub mod strings;
mod tabletop;
mod terminal;
pub mod text;
mod theme;
mod view;
mod weighing;

use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};

pub use app::{App, Control, Mode, Notes, SPEEDS};
pub use debrief::DebriefScreen;
pub use keeping::Record;
pub use keys::{Context, Intent};
pub use palette::{Draft, Palette, Verdict};
pub use tabletop::Tabletop;
pub use theme::{Health, Theme, ThemeName};
pub use view::{MIN_HEIGHT, MIN_WIDTH, draw, draw_projector};

use std::path::PathBuf;

use crate::scenario::{Minute, Scenario};
use crate::session::nightlog::NightLog;

/// How long to wait for a key when the clock is not running.
const IDLE: Duration = Duration::from_secs(3600);

/// A seed for a night nobody asked a seed for: from the wall clock, small enough to type again.
pub fn pick_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    (nanos % 1_000_000) as u64
}

/// How a night is paced for the player.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pacing {
    /// The guided night (`learn`): teaching moments stop the clock, the guide offers nudges.
    pub learn: bool,
    /// Pause the clock on each new critical page (default: on in `learn`, off in `play`).
    pub pause_on_critical: bool,
}

/// Everything a night on screen starts from.
pub struct Start {
    pub scenario: Arc<Scenario>,
    /// The scenario's file (absolute) when it is not built in: the night log names it.
    pub scenario_file: Option<String>,
    pub seed: u64,
    pub speed: f64,
    pub theme: ThemeName,
    pub pacing: Pacing,
    /// `--record FILE`, already claimed.
    pub record: Option<Record>,
    /// A kept night to go on with, and its log's path.
    pub resume: Option<(NightLog, PathBuf)>,
    /// A kept night to play back (its inputs are taken as the clock reaches them).
    pub replay: Option<(NightLog, Option<Minute>)>,
    /// The facilitator's console.
    pub tabletop: Option<Tabletop>,
}

/// Play a night in the terminal; returns the process exit status.
pub fn play(start: Start) -> i32 {
    let Start {
        scenario,
        scenario_file,
        seed,
        speed,
        theme,
        pacing,
        mut record,
        resume,
        replay,
        tabletop,
    } = start;
    let mut app = App::new(scenario, seed, speed, Theme::from_env(theme));
    app.kept.scenario_file = scenario_file;
    if pacing.learn {
        app = app.guided();
    }
    app.pause_on_critical = pacing.pause_on_critical;
    if let Some(t) = tabletop {
        app.run_tabletop(t);
    }
    let mut night = None;
    let mut not_kept = None;
    match (resume, replay) {
        (Some((log, path)), _) => {
            app.resume(&log);
            night = Some(Record::night_again(path));
        }
        (None, Some((log, until))) => app.play_back(&log, until),
        (None, None) => {}
    }
    let mut term = match terminal::enter() {
        Ok(t) => t,
        Err(e) => {
            terminal::restore();
            if let Some(r) = record {
                // The night never started: the file goes back as it was.
                r.journal.give_back();
            }
            tell!(
                "blastradius cannot use this terminal ({e}); play a night headless with: blastradius run {}",
                app.scenario_arg()
            );
            return 1;
        }
    };
    // A replay keeps nothing until the team takes over from it.
    if night.is_none() && !app.replaying() {
        match Record::night(&app) {
            Ok(r) => night = Some(r),
            Err(why) => not_kept = Some(why),
        }
    }
    if let Some(r) = &night {
        terminal::farewell(farewell(&app, r));
    }
    // The expert's side of the debrief is worked out while the night is played.
    app.lay_groundwork();
    let result = event_loop(&mut term, &mut app, &mut record, &mut night, &mut not_kept);
    terminal::restore();
    match result {
        Ok(()) => {
            let _ = show!("{}", where_it_stands(&app));
            if let Mode::Debrief(d) = &app.mode
                && let Some(a) = &d.advice
            {
                let _ = show!("Next: {}", a.next);
            }
            let mut status = 0;
            match (&mut night, not_kept) {
                (Some(r), _) => {
                    r.keep(&app);
                    status = keeping::said_night(&app, r);
                }
                (None, Some(why)) => {
                    tell!("This night was not kept: {why}");
                    status = 1;
                }
                (None, None) => {}
            }
            match record {
                Some(mut r) => {
                    r.keep(&app);
                    status.max(keeping::said_record(&app, &r))
                }
                None => status,
            }
        }
        Err(e) => {
            tell!("blastradius: the terminal failed: {e}");
            1
        }
    }
}

fn event_loop(
    term: &mut terminal::Term,
    app: &mut App,
    record: &mut Option<Record>,
    night: &mut Option<Record>,
    not_kept: &mut Option<String>,
) -> io::Result<()> {
    let mut dirty = true;
    let mut last = Instant::now();
    // The minute (and whether the night was over) the signal farewell was last written for.
    let mut said_at = (app.clock_minute(), false);
    loop {
        // A night that cannot be kept is said on screen while it lasts.
        let trouble = [&*record, &*night]
            .into_iter()
            .flatten()
            .find_map(keeping::Record::trouble)
            .or_else(|| not_kept.clone());
        if trouble != app.keep_trouble {
            app.keep_trouble = trouble;
            dirty = true;
        }
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
        let mut control = Control::Continue;
        if ready {
            match event::read()? {
                Event::Key(k) => {
                    dirty = true;
                    control = app.handle_key(k);
                }
                Event::Resize(..) => dirty = true,
                _ => {}
            }
        }
        // A replay the team took over is a night of its own from then on: kept from now.
        if night.is_none() && not_kept.is_none() && !app.replaying() {
            match Record::night(app) {
                Ok(r) => {
                    terminal::farewell(farewell(app, &r));
                    *night = Some(r);
                }
                Err(why) => *not_kept = Some(why),
            }
        }
        // Each decision, and each minute, reaches the files at once.
        for r in [&mut *record, &mut *night].into_iter().flatten() {
            r.keep(app);
        }
        // A signal that ends the night says where it stood, as leaving does: kept up to date
        // each minute (and as the night ends).
        let now = (app.clock_minute(), matches!(app.mode, Mode::Debrief(_)));
        if let Some(r) = night.as_ref().filter(|_| now != said_at) {
            terminal::farewell(farewell(app, r));
            said_at = now;
        }
        if std::mem::take(&mut app.save_wanted) {
            let saved = keeping::save_report(app, night.as_ref());
            app.saved_report(saved);
            dirty = true;
        }
        if control == Control::Quit {
            return Ok(());
        }
    }
}

/// "Night ID, seed N: left at 00:20 with a blast radius of 1,234 so far. Play it again: …", said
/// on leaving and, with where the night is kept, when a signal ends it.
fn where_it_stands(app: &App) -> String {
    let (id, seed) = (&app.scenario().id, app.session.seed());
    let verb = app.kept.mode.command();
    // A table is set up again as it was: its step, timer and roles.
    let table = app.tabletop.as_ref().map_or(String::new(), Tabletop::flags);
    format!(
        "Night {id}, seed {seed}: {}. Play it again: blastradius {verb} {} --seed {seed}{table}",
        standing(app),
        app.scenario_arg()
    )
}

/// What a signal that ends the night leaves on the terminal: where it stood, and where it is kept.
fn farewell(app: &App, night: &Record) -> String {
    format!(
        "{}\n{}",
        where_it_stands(app),
        keeping::resume_line(app, night)
    )
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
