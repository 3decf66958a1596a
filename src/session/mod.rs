//! A game is (scenario, seed, timed actions). This layer is the one path used by the TUI, the
//! headless runner, replays and tabletop rounds: replaying the triple reproduces the night exactly.
//! Ids become typed references once, at the edge ([`ActionRef::resolve`]); the world is read
//! through [`Session::world`] and changed only through [`Session::act`] and [`Session::step`].
//! [`Debrief`] is the one analysis of a night that every screen and export formats.

mod branches;
pub mod coach;
mod debrief;
pub mod evaluate;
mod ghost;
mod headless;
pub mod journal;
mod lessons;
pub mod nightlog;
mod script;
mod stats;
mod worth;

use std::sync::Arc;

use crate::scenario::{self, Minute, Scenario, TargetKind};
use crate::score::{self, Breakdown};

pub use branches::{OtherLine, before_decision, compare};
pub use coach::HintTaken;
pub use debrief::{
    Debrief, DecisionRow, Groundwork, HintRow, PartLine, REFERENCE_SEEDS, References, Spread,
    WORTH_SEEDS, Worth, grade, range_words, signed, typical_span, worth_words,
};
pub use ghost::{Ghost, TheoryTimes, TrueFault, when};
pub use headless::{
    reference_breakdowns, references, run, score_of, without_each, without_each_from, worth_of_each,
};
pub use lessons::{LessonMark, Mark};
pub use script::{InjectEntry, Script, ScriptEntry, record_of, script_of};

/// What the screens read: the world's parts and measurements, never anything that changes them.
pub use crate::sim::{
    Cell, Event, EventKind, Health, InstanceState, Metrics, Outcome, Pending, Person, Post,
    STALE_MINUTES, ServiceMinute, Sighting, Tally, World,
};

/// An action of the scenario's catalogue and its target, by index: resolved once from ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionRef {
    pub action: usize,
    pub target: Option<usize>,
}

impl ActionRef {
    /// Resolve an action id and a target name (a service id or a zone).
    pub fn resolve(
        s: &Scenario,
        action: &str,
        target: Option<&str>,
    ) -> Result<ActionRef, BadAction> {
        let a = s
            .actions
            .iter()
            .position(|x| x.id == action)
            .ok_or_else(|| {
                let near = scenario::nearest(action, s.actions.iter().map(|a| a.id.as_str()));
                BadAction::UnknownAction(action.to_string(), near.map(str::to_string))
            })?;
        let kind = s.actions[a].target;
        let names = s.target_names(kind);
        let expected = || names.join(", ");
        match (kind, target) {
            (TargetKind::None, None) => Ok(ActionRef {
                action: a,
                target: None,
            }),
            (TargetKind::None, Some(_)) => Err(BadAction::UnexpectedTarget {
                action: action.into(),
            }),
            (_, None) => Err(BadAction::MissingTarget {
                action: action.into(),
                expected: expected(),
            }),
            (_, Some(t)) => match names.iter().position(|n| *n == t) {
                Some(i) => Ok(ActionRef {
                    action: a,
                    target: Some(i),
                }),
                None => Err(BadAction::UnknownTarget {
                    action: action.into(),
                    target: t.into(),
                    expected: expected(),
                }),
            },
        }
    }

    /// The action's id.
    pub fn id(self, s: &Scenario) -> &str {
        s.actions.get(self.action).map_or("?", |a| a.id.as_str())
    }

    /// The target's name, if the action takes one.
    pub fn target_name(self, s: &Scenario) -> Option<&str> {
        s.target_name(self.action, self.target)
    }

    /// "Restart a service (api)".
    pub fn label(self, s: &Scenario) -> String {
        s.label(self.action, self.target)
    }
}

/// Why an action could not even be tried: it names nothing in this scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadAction {
    /// The id, and the catalogue's closest id when one is close enough to be what was meant.
    UnknownAction(String, Option<String>),
    UnknownTarget {
        action: String,
        target: String,
        expected: String,
    },
    MissingTarget {
        action: String,
        expected: String,
    },
    UnexpectedTarget {
        action: String,
    },
}

impl std::fmt::Display for BadAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadAction::UnknownAction(a, None) => write!(f, "unknown action \"{a}\""),
            BadAction::UnknownAction(a, Some(near)) => {
                write!(f, "unknown action \"{a}\": did you mean {near}?")
            }
            BadAction::UnknownTarget {
                action,
                target,
                expected,
            } => {
                write!(
                    f,
                    "unknown target \"{target}\" for {action}: expected one of {expected}"
                )
            }
            BadAction::MissingTarget { action, expected } => {
                write!(f, "{action} needs a target: one of {expected}")
            }
            BadAction::UnexpectedTarget { action } => write!(f, "{action} takes no target"),
        }
    }
}

/// What became of a decision the moment it was taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// Accepted: a responder carries it out, done at `done_at`.
    Started {
        minutes: u32,
        done_at: Minute,
        by: usize,
        /// When the work starts: now, or later when it waits for a busy responder.
        starts: Minute,
    },
    /// Not possible now, and why (the player reads this).
    Refused(String),
}

impl Act {
    pub fn is_started(&self) -> bool {
        matches!(self, Act::Started { .. })
    }

    pub fn refusal(&self) -> Option<&str> {
        match self {
            Act::Refused(why) => Some(why),
            Act::Started { .. } => None,
        }
    }
}

/// One decision the player made, accepted or refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub at: Minute,
    pub act: ActionRef,
    pub note: Option<String>,
    /// Who decided (a role or a name), when the night was played by a team.
    pub owner: Option<String>,
    /// Why it was refused; `None` when it was accepted.
    pub refusal: Option<String>,
    /// For an accepted action, its ticket in the crew's outcomes.
    pub ticket: Option<usize>,
    /// For an accepted action, the minute its work started: later than `at` when it waited
    /// (queued) for a busy responder.
    pub starts: Option<Minute>,
}

impl Decision {
    pub fn accepted(&self) -> bool {
        self.refusal.is_none()
    }

    /// What became of it: `None` when it was refused.
    pub fn outcome(&self, world: &World) -> Option<Outcome> {
        self.ticket.and_then(|t| world.crew().outcome(t))
    }

    /// When its work began (or will, as now planned): later than `starts` said when it was
    /// decided if it moved up (its responder free sooner, or someone free took it). `None` when
    /// it was refused.
    pub fn started(&self, world: &World) -> Option<Minute> {
        self.ticket.and_then(|t| world.crew().started_at(t))
    }

    /// Whether it finished too late for the lesson's `in_time` (by the lesson's index).
    pub fn late_for(&self, world: &World, lesson: usize) -> bool {
        self.ticket
            .is_some_and(|t| world.crew().was_late(t, lesson))
    }

    /// "done", "fumbled", "under way" or "refused".
    pub fn outcome_label(&self, world: &World) -> &'static str {
        self.outcome(world).map_or("refused", Outcome::label)
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    world: World,
    log: Vec<Decision>,
    /// Rungs of hint ladders taken, in order (they change nothing in the world).
    hints: Vec<HintTaken>,
    /// Lines a facilitator fired into the channel, in order.
    injects: Vec<Injected>,
    /// Every input in the order it came: what a record of the night replays.
    taken: Vec<Taken>,
}

/// One input to a night, by its place in its own list: a decision (in [`Session::log`]), a hint (in
/// [`Session::hints`]) or an inject (in [`Session::injects`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    Decision(usize),
    Hint(usize),
    Inject(usize),
}

/// A line a tabletop facilitator fired into the channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Injected {
    pub at: Minute,
    /// Its place in the scenario's pool; `None` when it was typed on the spot.
    pub pool: Option<usize>,
    pub from: String,
    pub text: String,
}

impl Session {
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Session {
        Session {
            world: World::new(scenario, seed),
            log: Vec::new(),
            hints: Vec::new(),
            injects: Vec::new(),
            taken: Vec::new(),
        }
    }

    /// A night played for its score alone (see [`World::keep_score_only`]): no story, no
    /// history, the same tally.
    pub fn for_score(scenario: Arc<Scenario>, seed: u64) -> Session {
        let mut night = Session::new(scenario, seed);
        night.keep_score_only();
        night
    }

    /// From now on, play for the score alone (see [`World::keep_score_only`]).
    pub fn keep_score_only(&mut self) {
        self.world.keep_score_only();
    }

    /// The world, to read.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// Every decision so far, in the order taken.
    pub fn log(&self) -> &[Decision] {
        &self.log
    }

    pub fn scenario(&self) -> &Scenario {
        self.world.scenario()
    }

    /// Every rung of a hint ladder taken so far.
    pub fn hints(&self) -> &[HintTaken] {
        &self.hints
    }

    /// Every input so far, in the order it came.
    pub fn taken(&self) -> &[Taken] {
        &self.taken
    }

    /// Every line a facilitator fired so far.
    pub fn injects(&self) -> &[Injected] {
        &self.injects
    }

    /// Whether the scenario's `i`-th inject is true of the night now: what it says holds, and
    /// the one who says it, when it names one of the night's people, is awake and on hand (the
    /// COO does not call for an ETA in her sleep, nor the on-call once stood down).
    pub fn inject_true_now(&self, i: usize) -> bool {
        let s = self.world.scenario();
        let Some(x) = s.injects.get(i) else {
            return false;
        };
        let speaker_here = s
            .people
            .iter()
            .position(|p| p.id == x.from)
            .is_none_or(|p| {
                self.world
                    .crew()
                    .people()
                    .get(p)
                    .is_some_and(|p| p.awake && !p.stood_down)
            });
        speaker_here && x.asserts.as_ref().is_none_or(|c| self.world.holds(c))
    }

    /// Fire the scenario's `i`-th inject into the channel now. Refused, with the reason, when it
    /// is not true of the night at this moment (see [`Session::inject_true_now`]).
    pub fn fire_inject(&mut self, i: usize) -> Result<(), String> {
        let s = self.world.scenario().clone();
        let x = s.injects.get(i).ok_or("no such inject")?;
        if !self.inject_true_now(i) {
            return Err(format!("\"{}\" is not true of the night now", x.title));
        }
        let from = crate::sim::speaker(&s, &x.from);
        let text = self.world.with_draws(&x.text).into_owned();
        let kind = crate::sim::event_kind(x.channel).unwrap_or(EventKind::Chat);
        self.world.inject(kind, from, &text);
        self.taken.push(Taken::Inject(self.injects.len()));
        self.injects.push(Injected {
            at: self.world.minute(),
            pool: Some(i),
            from: from.to_string(),
            text,
        });
        Ok(())
    }

    /// Fire a line typed on the spot into the channel now, as said by `from`.
    pub fn inject_typed(&mut self, from: &str, text: &str) {
        // Typed on the spot: what a terminal must not be given is left out, so the night log
        // keeps what it can read back.
        let (from, text) = (
            &*crate::scenario::showable(from, false),
            &*crate::scenario::showable(text, true),
        );
        self.world.inject(EventKind::Chat, from, text);
        self.taken.push(Taken::Inject(self.injects.len()));
        self.injects.push(Injected {
            at: self.world.minute(),
            pool: None,
            from: from.to_string(),
            text: text.to_string(),
        });
    }

    /// Take the next rung of a lesson's hint ladder now; `None` when the lesson has no ladder or
    /// every rung is already taken (nothing is counted then).
    pub fn take_hint(&mut self, lesson: usize) -> Option<HintTaken> {
        let l = self.world.scenario().lessons.get(lesson)?;
        let rung = coach::rungs_taken(&self.hints, lesson) + 1;
        if l.hints.is_empty() || rung > l.hints.len() {
            return None;
        }
        let h = HintTaken {
            at: self.world.minute(),
            lesson,
            rung,
        };
        self.taken.push(Taken::Hint(self.hints.len()));
        self.hints.push(h);
        Some(h)
    }

    pub fn seed(&self) -> u64 {
        self.world.seed()
    }

    pub fn now(&self) -> Minute {
        self.world.minute()
    }

    /// What taking the decision now would do, as far as the team can foresee it (a tool's health
    /// as our calls last showed it), without taking it.
    pub fn check(&self, act: ActionRef) -> Act {
        match self.world.foresee(act.action, act.target) {
            Ok(plan) => Act::Started {
                minutes: plan.minutes,
                done_at: plan.done_at(),
                by: plan.by,
                starts: plan.starts,
            },
            Err(why) => Act::Refused(why),
        }
    }

    /// Take a decision at the current minute.
    pub fn act(&mut self, act: ActionRef, note: Option<&str>) -> Act {
        self.act_as(act, note, None)
    }

    /// Take a decision at the current minute, owned by a role or a person of the team.
    pub fn act_as(&mut self, act: ActionRef, note: Option<&str>, owner: Option<&str>) -> Act {
        let outcome = self.world.act(act.action, act.target);
        let at = self.world.minute();
        let (result, refusal, ticket, starts) = match outcome {
            Ok(plan) => (
                Act::Started {
                    minutes: plan.minutes,
                    done_at: plan.done_at(),
                    by: plan.by,
                    starts: plan.starts,
                },
                None,
                self.world.crew().outcomes_taken().checked_sub(1),
                Some(plan.starts),
            ),
            Err(why) => (Act::Refused(why.clone()), Some(why), None, None),
        };
        self.taken.push(Taken::Decision(self.log.len()));
        self.log.push(Decision {
            at,
            act,
            // As typed, less what a terminal must not be given (the log reads it back).
            note: note.map(|n| crate::scenario::showable(n, true).into_owned()),
            owner: owner.map(|o| crate::scenario::showable(o, false).into_owned()),
            refusal,
            ticket,
            starts,
        });
        result
    }

    /// Resolve ids, then take the decision (for scripts and tests).
    pub fn act_id(
        &mut self,
        action: &str,
        target: Option<&str>,
        note: Option<&str>,
    ) -> Result<Act, BadAction> {
        let target = target.map(|t| self.world.with_draws(t).into_owned());
        let act = ActionRef::resolve(self.world.scenario(), action, target.as_deref())?;
        Ok(self.act(act, note))
    }

    /// Simulate one minute.
    pub fn step(&mut self) {
        self.world.step();
    }

    /// Simulate until the clock reaches `minute` (or the night ends).
    pub fn run_until(&mut self, minute: Minute) {
        self.world.run_until(minute);
    }

    pub fn run_to_end(&mut self) {
        self.world.run_until(Minute::MAX);
    }

    pub fn is_over(&self) -> bool {
        self.world.is_over()
    }

    pub fn breakdown(&self) -> Breakdown {
        Breakdown::of(self.world.tally(), self.world.scenario())
    }

    pub fn blast_radius(&self) -> f64 {
        score::blast_radius(self.world.tally(), &self.world.scenario().scoring)
    }

    /// Play a script from the current minute to the end of the night.
    pub fn play(&mut self, script: &Script) {
        let s = self.world.scenario().clone();
        self.play_entries(&script.in_order(&s));
        self.run_to_end();
    }

    /// Take entries already in time order, each at its minute (not running on after the last).
    pub fn play_entries(&mut self, entries: &[ScriptEntry]) {
        let s = self.world.scenario().clone();
        for e in entries {
            self.take(&s, e);
        }
    }

    /// Run to an entry's minute and take it (a decision, a hint or an inject), as a replay does.
    pub fn take_entry(&mut self, e: &ScriptEntry) {
        let s = self.world.scenario().clone();
        self.take(&s, e);
    }

    /// Run to an entry's minute and keep the responder its decision would take as busy as it
    /// would, to no effect (see [`World::occupy`]). A hint or an inject keeps nobody.
    pub fn occupy_entry(&mut self, e: &ScriptEntry) {
        let s = self.world.scenario().clone();
        self.world.run_until(s.minute_of(e.at));
        if e.hint.is_some() || e.inject.is_some() {
            return;
        }
        let target = e
            .target
            .as_deref()
            .map(|t| self.world.with_draws(t).into_owned());
        if let Ok(act) = ActionRef::resolve(&s, &e.action, target.as_deref()) {
            self.world.occupy(act.action, act.target);
        }
    }

    /// Run to an entry's minute and take it. Scripts are checked against the scenario before they
    /// run; an entry that names nothing is skipped.
    fn take(&mut self, s: &Scenario, e: &ScriptEntry) {
        self.world.run_until(s.minute_of(e.at));
        // A hint the player took changes nothing in the night; the debrief counts it.
        if let Some(lesson) = &e.hint {
            if let Some(i) = s.lessons.iter().position(|l| &l.id == lesson) {
                self.take_hint(i);
            }
            return;
        }
        // A line the facilitator fired: again at its minute (skipped if untrue then).
        if let Some(x) = &e.inject {
            match x {
                InjectEntry::Pool(id) => {
                    if let Some(i) = s.injects.iter().position(|p| &p.id == id) {
                        let _ = self.fire_inject(i);
                    }
                }
                InjectEntry::Typed { from, text } => self.inject_typed(from, text),
            }
            return;
        }
        // The scenario's own paths may name a drawn zone (`{gray}`): tonight's zone.
        let target = e
            .target
            .as_deref()
            .map(|t| self.world.with_draws(t).into_owned());
        if let Ok(act) = ActionRef::resolve(s, &e.action, target.as_deref()) {
            self.act_as(act, e.note.as_deref(), e.owner.as_deref());
        }
    }
}

/// A whole number with thousands separators: 12,345.
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

/// "1 item", "2,000 items": a whole count and its unit (units are plural nouns ending in s).
pub fn quantity(n: i64, unit: &str) -> String {
    let unit = if n.abs() == 1 {
        unit.strip_suffix('s').unwrap_or(unit)
    } else {
        unit
    };
    format!("{} {unit}", thousands(n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    #[test]
    fn counts_read_as_words() {
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(quantity(1, "items"), "1 item");
        assert_eq!(quantity(0, "items"), "0 items");
        assert_eq!(quantity(2500, "jobs"), "2,500 jobs");
    }

    #[test]
    fn action_refs_resolve_once_and_say_what_is_wrong() {
        let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
        let r = ActionRef::resolve(&s, "zonal_shift", Some("use1-az4")).unwrap();
        assert_eq!(r.id(&s), "zonal_shift");
        assert_eq!(r.target_name(&s), Some("use1-az4"));
        assert_eq!(r.label(&s), "Shift traffic away from a zone (use1-az4)");
        assert!(matches!(
            ActionRef::resolve(&s, "zonal_shift", None),
            Err(BadAction::MissingTarget { .. })
        ));
        assert!(matches!(
            ActionRef::resolve(&s, "freeze_cicd", Some("api")),
            Err(BadAction::UnexpectedTarget { .. })
        ));
        assert!(matches!(
            ActionRef::resolve(&s, "freez_cicd", None),
            Err(BadAction::UnknownAction(_, Some(near))) if near == "freeze_cicd"
        ));
    }
}
