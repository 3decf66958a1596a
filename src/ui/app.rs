//! The state of the game on screen: the session (the only way to the world), what mode the screen is
//! in, the clock's speed, and what the player has acknowledged. Pure: no terminal, no wall clock —
//! time arrives through [`App::tick`] so tests drive it exactly.

use std::sync::Arc;
use std::time::Duration;

use super::debrief::DebriefScreen;
use super::palette::{Draft, Palette};
use super::rewind::Replay;
use super::tabletop::Tabletop;
use super::theme::Theme;
use crate::scenario::{Minute, Scenario};
use crate::session::nightlog::{self, NightLog};
use crate::session::{Act, ActionRef, Debrief, EventKind, Groundwork, Health, OtherLine, Session};

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
    /// A teaching moment of the guided night (its place in the scenario's `teaching`).
    Moment(usize),
    /// The hint ladder for a lesson (none when nothing is due); `offered` when the guide opened it.
    Hint {
        lesson: Option<usize>,
        offered: bool,
    },
    /// The glossary, scrolled this many lines.
    Glossary(u16),
    /// The legend, scrolled this many lines.
    Legend(u16),
    /// Choosing the decision to rewind to: the selected row (0 the start of the night, then each
    /// decision in order).
    Rewind(usize),
    /// Choosing who owns a decision (a tabletop's): a role by its row, or a name typed.
    Owner {
        draft: Draft,
        selected: usize,
        typed: String,
    },
    /// Choosing an inject to fire: the selected row (the pool, then "a line of your own").
    Injects(usize),
    /// Typing an inject of one's own: "Who: what they say".
    InjectText(String),
    /// The facilitator's notes: what the room does not see.
    Facilitator(Notes),
}

/// The facilitator's notes as scrolled: `scroll` lines down; and, from the last frame, the
/// furthest they can scroll and the rows they show (a key never scrolls past the end, and a page
/// is what the window holds).
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub scroll: u16,
    pub(crate) shown: std::cell::Cell<Option<(u16, u16)>>,
}

impl Notes {
    /// Lines a page key moves: what the window showed, less one kept for context (10 before a
    /// frame).
    pub fn page(&self) -> u16 {
        self.shown
            .get()
            .map_or(10, |(_, rows)| rows.saturating_sub(1).max(1))
    }
}

/// Simulated minutes skipping ahead may run before it stops by itself.
const SKIP_LIMIT: Minute = 120;

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
    pub(super) carry: f64,
    /// Where the player ended the night early (the rest played out without them): the minute
    /// the night log says it was left at, though the session has run on to the end.
    pub(super) left_at: Option<Minute>,
    /// Alerts among the first `acked` events are acknowledged.
    pub acked: usize,
    /// Lines the channel is scrolled up from its newest line.
    pub channel_scroll: usize,
    /// Lines of the channel the last frame showed: a page up or down moves by one less, so
    /// each page keeps a line of the one before and none is skipped.
    pub(super) channel_rows: std::cell::Cell<usize>,
    /// Alerts scrolled past at the top of the pager.
    pub pager_scroll: usize,
    /// The outcome of the last decision, until the next key or a few simulated minutes.
    pub flash: Option<(String, Health)>,
    /// Why the night is not being kept right now, if it is not (shown in the status line).
    pub keep_trouble: Option<String>,
    /// Columns a health map cell needs in this scenario: worked out on the first frame, not on
    /// every one.
    pub health_cell: std::cell::OnceCell<usize>,
    flash_at: Minute,
    /// The debrief being worked out on another thread.
    pub(super) weighing: Option<std::sync::mpsc::Receiver<(Debrief, Option<OtherLine>)>>,
    /// The expert's side of the debrief, worked out on another thread while the night is played.
    pub(super) groundwork: Option<std::thread::JoinHandle<Groundwork>>,
    /// The terminal is smaller than the game can draw in (the clock holds).
    too_small: bool,
    /// The terminal shows the whole debrief at once: its page keys switch to the truth and back.
    pub(super) wide: bool,
    /// The guided night (`learn`): which teaching moments have stopped the clock already.
    pub guide: Option<Vec<bool>>,
    /// Lessons whose nudge the guide has offered by itself (once each; taking it is the
    /// player's choice).
    nudges_offered: Vec<usize>,
    /// Pause the clock when a critical page is seen for the first time.
    pub pause_on_critical: bool,
    /// Critical pages already seen (by text), and events looked at for new ones.
    criticals_seen: Vec<String>,
    events_seen: usize,
    /// Where closing the glossary, the legend or the hints goes back to (the moment or the help
    /// they were opened from); the main screen when none.
    pub return_to: Option<Box<Mode>>,
    /// What the night log keeps besides the session's inputs: the scenario, seed and mode, the
    /// roles present, and the lines left behind by rewinding.
    pub kept: NightLog,
    /// A kept night being played back: its inputs still to come.
    pub replay: Option<Replay>,
    /// The facilitator's console, in a tabletop night.
    pub tabletop: Option<Tabletop>,
    /// The player asked to save the debrief (the shell does it and reports back).
    pub save_wanted: bool,
    /// Where this night's debrief was saved, once it was.
    pub saved_debrief: Option<std::path::PathBuf>,
}

impl App {
    pub fn new(scenario: Arc<Scenario>, seed: u64, speed: f64, theme: Theme) -> App {
        App {
            session: Session::new(scenario.clone(), seed),
            mode: Mode::Playing,
            speed: if speed.is_finite() && speed > 0.0 {
                speed
            } else {
                60.0
            },
            paused: false,
            theme,
            carry: 0.0,
            left_at: None,
            acked: 0,
            channel_scroll: 0,
            channel_rows: std::cell::Cell::new(11),
            pager_scroll: 0,
            flash: None,
            keep_trouble: None,
            health_cell: std::cell::OnceCell::new(),
            flash_at: 0,
            weighing: None,
            groundwork: None,
            too_small: false,
            wide: false,
            guide: None,
            nudges_offered: Vec::new(),
            pause_on_critical: false,
            criticals_seen: Vec::new(),
            events_seen: 0,
            kept: NightLog::new(&scenario, None, seed, nightlog::Mode::Play),
            return_to: None,
            replay: None,
            tabletop: None,
            save_wanted: false,
            saved_debrief: None,
        }
    }

    /// A guided night: the clock stops at the scenario's teaching moments, the guide offers a
    /// nudge when a lesson's window is closing, and new critical pages pause the clock.
    pub fn guided(mut self) -> App {
        self.guide = Some(vec![false; self.scenario().teaching.len()]);
        self.pause_on_critical = true;
        self.kept.mode = nightlog::Mode::Learn;
        self
    }

    /// Whether this is the guided night.
    pub fn learning(&self) -> bool {
        self.guide.is_some()
    }

    pub fn scenario(&self) -> &Scenario {
        self.session.scenario()
    }

    /// How a command line names this night's scenario: its file when it came from one (quoted
    /// for a shell when it must be), else its built-in id.
    pub fn scenario_arg(&self) -> String {
        let file = self.kept.scenario_file.as_deref();
        crate::scenario::shown::scenario_arg(file, &self.scenario().id)
    }

    /// How far a page up or down moves the channel.
    pub fn channel_page(&self) -> usize {
        self.channel_rows.get().saturating_sub(1).max(1)
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
            && self.tabletop.is_none()
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
            return self.until_timer_ticks();
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
            return self.discussion_passes(elapsed);
        }
        self.carry += elapsed.as_secs_f64() * self.speed / 60.0;
        let mut steps = 0;
        // A hair under one, so a timeout that wakes a little early still moves the clock.
        // A teaching moment, a hint or a pause for a page stops it at once.
        while self.carry >= 0.999
            && steps < MAX_STEPS_PER_TICK
            && self.clock_runs()
            && !self.session.is_over()
        {
            self.step();
            self.carry = (self.carry - 1.0).max(0.0);
            steps += 1;
        }
        if steps == MAX_STEPS_PER_TICK || !self.clock_runs() {
            self.carry = 0.0;
        }
        if self.session.is_over() {
            self.end_night();
        }
        steps > 0
    }

    /// Say something in the key bar for a few simulated minutes.
    pub(super) fn show_flash(&mut self, text: String, h: Health) {
        self.flash = Some((text, h));
        self.flash_at = self.now();
    }

    /// Count every event so far as seen (a night replaced by another: nothing new to pause on).
    pub(super) fn mark_events_seen(&mut self) {
        let events = self.session.world().events();
        for e in events {
            if e.kind == EventKind::Alert(crate::scenario::Severity::Critical)
                && !self.criticals_seen.contains(&e.text)
            {
                self.criticals_seen.push(e.text.clone());
            }
        }
        self.events_seen = events.len();
    }

    /// Whether the note being written is a tabletop decision's rationale (an owner is asked
    /// for next), not a solo player's note.
    pub fn writing_rationale(&self) -> bool {
        matches!(self.mode, Mode::Note(_)) && self.tabletop.is_some()
    }

    /// The clock time the player ended the night at, when they ended it early.
    pub fn left_at(&self) -> Option<crate::scenario::TimeOfDay> {
        self.left_at.map(|m| self.scenario().clock_at(m))
    }

    /// The night log as it stands: what is kept, brought up to date with the session.
    pub fn kept_log(&self) -> NightLog {
        let mut log = self.kept.clone();
        log.update(&self.session);
        // A night ended early was left where the player left it: the rest is the analysis's.
        if let Some(m) = self.left_at {
            log.reached = m;
        }
        log
    }

    /// One simulated minute; the outcome of the last decision fades after a few. While playing,
    /// the guide and the pacing look at what the minute brought: a teaching moment, a lesson's
    /// window closing, a new critical page.
    pub(super) fn step(&mut self) {
        if !self.play_back_due() {
            return;
        }
        self.session.step();
        if self.flash.is_some() && self.now() > self.flash_at + FLASH_MINUTES {
            self.flash = None;
        }
        if matches!(self.mode, Mode::Playing) {
            self.look_around();
        }
    }

    /// What the minute just simulated asks of the screen: the guided night's first moment whose
    /// condition now holds (the clock stops on it); else a nudge when a lesson's window is about
    /// to close; else a pause for a critical page seen for the first time.
    fn look_around(&mut self) {
        let new_critical = self.new_critical();
        let world = self.session.world();
        let moment = self.guide.as_ref().and_then(|fired| {
            let s = world.scenario();
            (0..s.teaching.len()).find(|&i| !fired[i] && world.holds(&s.teaching[i].when))
        });
        if let Some(i) = moment {
            if let Some(fired) = &mut self.guide {
                fired[i] = true;
            }
            self.mode = Mode::Moment(i);
            return;
        }
        let nudge = self
            .guide
            .as_ref()
            .and_then(|_| crate::session::coach::nudge_due(world, self.session.hints()))
            .filter(|l| !self.nudges_offered.contains(l));
        if let Some(lesson) = nudge {
            // Offered, not taken: `h` takes it (and counts it), any other key carries on.
            self.nudges_offered.push(lesson);
            self.mode = Mode::Hint {
                lesson: Some(lesson),
                offered: true,
            };
            return;
        }
        if new_critical && self.pause_on_critical {
            self.paused = true;
            self.flash = Some((
                super::strings::strings().learn.paused_critical.clone(),
                Health::Down,
            ));
            self.flash_at = self.now();
        }
    }

    /// Whether a critical page fired that was not seen before (repeats of one page count once).
    fn new_critical(&mut self) -> bool {
        let events = self.session.world().events();
        let mut found = false;
        for e in &events[self.events_seen.min(events.len())..] {
            if e.kind == EventKind::Alert(crate::scenario::Severity::Critical)
                && !self.criticals_seen.contains(&e.text)
            {
                self.criticals_seen.push(e.text.clone());
                found = true;
            }
        }
        self.events_seen = events.len();
        found
    }

    /// Run the clock to the next thing that happens: a message, an alert, a finding, an action's
    /// outcome, a teaching moment, a pause — or two simulated hours, whichever comes first.
    /// A paused clock runs for the skip too (the player asked for it) and stays paused after,
    /// unless the skip itself stopped on a pause (a critical page).
    pub fn skip_ahead(&mut self) {
        let start = self.now();
        let seen = self.session.world().events().len();
        let was_paused = std::mem::replace(&mut self.paused, false);
        while self.now() < start + SKIP_LIMIT
            && !self.session.is_over()
            && matches!(self.mode, Mode::Playing)
            && !self.paused
            && self.session.world().events().len() == seen
        {
            self.step();
        }
        self.carry = 0.0;
        let stopped_on_pause = self.paused;
        self.paused |= was_paused;
        if self.session.world().events().len() == seen
            && matches!(self.mode, Mode::Playing)
            && !stopped_on_pause
        {
            self.flash = Some((
                super::strings::strings().learn.skipped.clone(),
                Health::Idle,
            ));
            self.flash_at = self.now();
        }
        if self.session.is_over() {
            self.end_night();
        }
    }

    /// Open the hint ladder for what matters now (nothing is counted until a rung is taken).
    pub fn open_hints(&self) -> Mode {
        Mode::Hint {
            lesson: crate::session::coach::lesson_now(self.session.world()),
            offered: false,
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

    /// Pager items (repeats folded) fired and not yet acknowledged, whatever their severity: the
    /// pager's "N new".
    pub fn unacked(&self) -> usize {
        self.unacked_where(|_| true)
    }

    /// Alerts — warnings and criticals, not info items (a nightly check) — fired and not yet
    /// acknowledged, repeats folded: the top bar's "! N new alerts".
    pub fn unacked_alerts(&self) -> usize {
        self.unacked_where(|s| s != crate::scenario::Severity::Info)
    }

    fn unacked_where(&self, counts: impl Fn(crate::scenario::Severity) -> bool) -> usize {
        let mut seen: Vec<&str> = Vec::new();
        for e in self.session.world().events().iter().skip(self.acked) {
            if let EventKind::Alert(s) = e.kind
                && counts(s)
                && !seen.contains(&e.text.as_str())
            {
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

    /// Take the drafted decision now, through the session. A refusal, or a decision done as it
    /// is said, shows in the key bar until the next key; work that takes time is said by the
    /// responder in the channel and shows on the line of work under way, so the key bar keeps
    /// its keys (a third line saying the same would push them off).
    pub fn take(&mut self, d: &Draft) {
        let act = ActionRef {
            action: d.action,
            target: d.target,
        };
        let note = d.note.trim();
        let note = (!note.is_empty()).then_some(note);
        let label = act.label(self.scenario());
        // Deciding during a replay takes the night over from here.
        self.take_over();
        let owner = d.owner.as_deref().filter(|o| !o.is_empty());
        self.flash = match self.session.act_as(act, note, owner) {
            // Stating a theory or paging takes nobody's time: it is done as it is said.
            Act::Started { minutes: 0, .. } => Some((format!("✓ {label}: done"), Health::Ok)),
            Act::Started { .. } => None,
            Act::Refused(why) => Some((format!("✗ {label}: refused — {why}"), Health::Down)),
        };
        self.flash_at = self.now();
        self.channel_scroll = 0;
        self.mode = Mode::Playing;
    }
}
