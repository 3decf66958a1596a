//! The state of the game on screen: the session (the only way to the world), what mode the screen is
//! in, the clock's speed, and what the player has acknowledged. Pure: no terminal, no wall clock —
//! time arrives through [`App::tick`] so tests drive it exactly.

use std::sync::Arc;
use std::time::Duration;

use super::debrief::DebriefScreen;
use super::palette::{Draft, Palette};
use super::theme::Theme;
use crate::scenario::{Minute, Scenario};
use crate::session::{Act, ActionRef, Debrief, EventKind, Groundwork, Health, Session};

/// The speeds `+` and `-` step through: simulated minutes per real minute.
pub const SPEEDS: [f64; 5] = [1.0, 10.0, 60.0, 120.0, 300.0];

/// Most simulated minutes one tick may advance (after a suspended process resumes, say).
const MAX_STEPS_PER_TICK: u32 = 30;

/// How often the event loop looks for a debrief being weighed.
const WEIGHING_POLL: Duration = Duration::from_millis(50);

/// Simulated minutes the outcome of a decision stays in the key bar.
const FLASH_MINUTES: Minute = 3;

#[derive(Debug, Clone)]
pub enum Mode {
    Playing,
    /// Choosing an action.
    Palette(Palette),
    /// Choosing the target of an action.
    Target {
        draft: Draft,
        selected: usize,
    },
    /// Writing the note that goes with a decision.
    Note(Draft),
    Help,
    /// What we know: findings and the working theory.
    Knowledge,
    /// Leaving a night in progress.
    ConfirmQuit,
    /// The night is over and its debrief is being worked out, off the render path.
    Weighing,
    Debrief(Box<DebriefScreen>),
}

/// What the event loop should do after a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Continue,
    Quit,
}

pub struct App {
    pub session: Session,
    pub mode: Mode,
    /// Simulated minutes per real minute.
    pub speed: f64,
    pub paused: bool,
    pub theme: Theme,
    /// Simulated time owed to the clock, in minutes (below one).
    carry: f64,
    /// Alerts among the first `acked` events are acknowledged.
    pub acked: usize,
    /// Lines the channel is scrolled up from its newest line.
    pub channel_scroll: usize,
    /// Alerts scrolled past at the top of the pager.
    pub pager_scroll: usize,
    /// The outcome of the last decision, until the next key or a few simulated minutes.
    pub flash: Option<(String, Health)>,
    flash_at: Minute,
    /// The debrief being worked out on another thread.
    weighing: Option<std::sync::mpsc::Receiver<Debrief>>,
    /// The expert's side of the debrief, worked out on another thread while the night is played.
    groundwork: Option<std::thread::JoinHandle<Groundwork>>,
    /// The terminal is smaller than the game can draw in (the clock holds).
    too_small: bool,
    /// The terminal shows the whole debrief at once: its page keys switch to the truth and back.
    pub(super) wide: bool,
}

impl App {
    pub fn new(scenario: Arc<Scenario>, seed: u64, speed: f64, theme: Theme) -> App {
        App {
            session: Session::new(scenario, seed),
            mode: Mode::Playing,
            speed: if speed.is_finite() && speed > 0.0 {
                speed
            } else {
                60.0
            },
            paused: false,
            theme,
            carry: 0.0,
            acked: 0,
            channel_scroll: 0,
            pager_scroll: 0,
            flash: None,
            flash_at: 0,
            weighing: None,
            groundwork: None,
            too_small: false,
            wide: false,
        }
    }

    pub fn scenario(&self) -> &Scenario {
        self.session.scenario()
    }

    pub fn now(&self) -> Minute {
        self.session.now()
    }

    /// The minute on the clock: the next to be simulated (the last one once the night is over).
    pub fn clock_minute(&self) -> Minute {
        self.now().min(self.scenario().length())
    }

    /// Whether the simulated clock is running now: not while paused, while a pop-up is open, or
    /// while the terminal is too small to show the night.
    pub fn clock_runs(&self) -> bool {
        matches!(self.mode, Mode::Playing)
            && !self.paused
            && !self.too_small
            && !self.session.is_over()
    }

    /// Tell the app the terminal's size: below the smallest the game draws in, the clock holds.
    pub fn set_size(&mut self, width: u16, height: u16) {
        self.too_small = width < super::MIN_WIDTH || height < super::MIN_HEIGHT;
        self.wide = super::debrief::wide(width, height);
    }

    /// Real time until the next simulated minute, if the clock runs (or until the debrief being
    /// weighed is looked for again).
    pub fn until_next_minute(&self) -> Option<Duration> {
        if matches!(self.mode, Mode::Weighing) {
            return Some(WEIGHING_POLL);
        }
        if !self.clock_runs() {
            return None;
        }
        let owed = (1.0 - self.carry).max(0.0);
        Some(Duration::from_secs_f64(owed * 60.0 / self.speed))
    }

    /// Let real time pass. Returns whether anything on screen changed.
    pub fn tick(&mut self, elapsed: Duration) -> bool {
        if self.poll_debrief() {
            return true;
        }
        if !self.clock_runs() {
            return false;
        }
        self.carry += elapsed.as_secs_f64() * self.speed / 60.0;
        let mut steps = 0;
        // A hair under one, so a timeout that wakes a little early still moves the clock.
        while self.carry >= 0.999 && steps < MAX_STEPS_PER_TICK && !self.session.is_over() {
            self.step();
            self.carry = (self.carry - 1.0).max(0.0);
            steps += 1;
        }
        if steps == MAX_STEPS_PER_TICK {
            self.carry = 0.0;
        }
        if self.session.is_over() {
            self.end_night();
        }
        steps > 0
    }

    /// One simulated minute; the outcome of the last decision fades after a few.
    fn step(&mut self) {
        self.session.step();
        if self.flash.is_some() && self.now() > self.flash_at + FLASH_MINUTES {
            self.flash = None;
        }
    }

    /// Simulate up to (not including) `minute`, whatever the mode: for tests and fast-forwarding.
    pub fn run_until(&mut self, minute: Minute) {
        while self.now() < minute && !self.session.is_over() {
            self.step();
        }
        if self.session.is_over() {
            self.end_night();
        }
    }

    /// Let the rest of the night play out with no more decisions, then weigh it for the debrief
    /// on another thread (hundreds of replayed nights); the screen says so meanwhile.
    pub fn end_night(&mut self) {
        self.session.run_to_end();
        self.carry = 0.0;
        if matches!(self.mode, Mode::Debrief(_) | Mode::Weighing) {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let night = self.session.clone();
        let groundwork = self.groundwork.take();
        std::thread::spawn(move || {
            let d = match groundwork.and_then(|g| g.join().ok()) {
                Some(g) => Debrief::with(&night, &g),
                None => Debrief::full(&night),
            };
            let _ = tx.send(d);
        });
        self.weighing = Some(rx);
        self.mode = Mode::Weighing;
    }

    /// Start working out the expert's side of the debrief (the reference nights, the expert's
    /// decisions weighed) on another thread, so the debrief is ready soon after the night ends.
    pub fn lay_groundwork(&mut self) {
        if self.groundwork.is_some() {
            return;
        }
        let s = self.session.world().scenario().clone();
        let seed = self.session.seed();
        self.groundwork = Some(std::thread::spawn(move || Groundwork::new(&s, seed, true)));
    }

    /// Show the debrief if it is ready. Returns whether it just arrived.
    pub fn poll_debrief(&mut self) -> bool {
        let Some(rx) = &self.weighing else {
            return false;
        };
        match rx.try_recv() {
            Ok(d) => {
                self.weighing = None;
                self.mode = Mode::Debrief(Box::new(DebriefScreen::new(d)));
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                // The weighing thread died: work it out here rather than leave the screen waiting.
                self.weighing = None;
                let d = Debrief::full(&self.session);
                self.mode = Mode::Debrief(Box::new(DebriefScreen::new(d)));
                true
            }
        }
    }

    /// Wait for the debrief being weighed (tests, and anything that needs it now).
    pub fn wait_for_debrief(&mut self) {
        if let Some(rx) = self.weighing.take() {
            let d = rx.recv().unwrap_or_else(|_| Debrief::full(&self.session));
            self.mode = Mode::Debrief(Box::new(DebriefScreen::new(d)));
        }
    }

    pub fn faster(&mut self) {
        self.speed = SPEEDS
            .iter()
            .copied()
            .find(|s| *s > self.speed + 1e-9)
            .unwrap_or(self.speed);
    }

    pub fn slower(&mut self) {
        self.speed = SPEEDS
            .iter()
            .rev()
            .copied()
            .find(|s| *s < self.speed - 1e-9)
            .unwrap_or(self.speed);
    }

    /// Severity now (1 is SEV1), as the world has it.
    pub fn severity(&self) -> u32 {
        self.session.world().levers().severity()
    }

    /// Alerts (repeats folded) fired and not yet acknowledged.
    pub fn unacked(&self) -> usize {
        let mut seen: Vec<&str> = Vec::new();
        for e in self.session.world().events().iter().skip(self.acked) {
            if matches!(e.kind, EventKind::Alert(_)) && !seen.contains(&e.text.as_str()) {
                seen.push(&e.text);
            }
        }
        seen.len()
    }

    pub fn acknowledge(&mut self) {
        self.acked = self.session.world().events().len();
    }

    /// Blast radius so far and its change over the last `minutes` simulated minutes.
    pub fn blast_radius_trend(&self, minutes: usize) -> (f64, f64) {
        let now = self.session.blast_radius();
        let h = self.session.world().history();
        let before = if h.len() > minutes {
            crate::score::blast_radius(&h[h.len() - 1 - minutes].tally, &self.scenario().scoring)
        } else {
            0.0
        };
        (now, now - before)
    }

    /// Take the drafted decision now, through the session; its outcome shows until the next key.
    pub fn take(&mut self, d: &Draft) {
        let act = ActionRef {
            action: d.action,
            target: d.target,
        };
        let note = d.note.trim();
        let note = (!note.is_empty()).then_some(note);
        let label = act.label(self.scenario());
        self.flash = Some(match self.session.act(act, note) {
            Act::Started { done_at, .. } => (
                format!(
                    "▶ {label}: under way, done at {}",
                    self.scenario().clock_at(done_at)
                ),
                Health::Ok,
            ),
            Act::Refused(why) => (format!("✗ {label}: refused — {why}"), Health::Down),
        });
        self.flash_at = self.now();
        self.channel_scroll = 0;
        self.mode = Mode::Playing;
    }
}
