//! The story: alerts, chat, calls, emails and the provider's status page, fired at their time or
//! when a condition over the world first holds (and again every `repeat_minutes` while it holds);
//! and every event of the night, in order.

mod checks;

use std::sync::Arc;

use super::compiled::{Compiled, Cond};
use super::crew::Crew;
use super::metrics::Metrics;
use super::provider::Provider;
use crate::scenario::{Channel, Minute, Scenario, Severity};
use checks::{Checks, Next};

/// What happened, for the channel, the pager and the debrief.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: Minute,
    pub kind: EventKind,
    pub from: String,
    pub text: String,
    /// The story beat that said it, if a beat did.
    pub beat: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Alert(Severity),
    Chat,
    Call,
    Email,
    Customer,
    /// Something the player learned by asking (status page, changes, logs, our calls).
    Finding,
    /// The team stated a working theory.
    Theory,
    ActionStarted,
    ActionDone,
    /// Carried out, but a tired hand fumbled it: nothing changed.
    ActionFumbled,
    ActionRefused,
}

/// The kind of event a line on a channel makes; `None` for the provider's status page, which is
/// read, not said.
pub fn event_kind(c: Channel) -> Option<EventKind> {
    Some(match c {
        Channel::StatusPage => return None,
        Channel::Alert(sev) => EventKind::Alert(sev),
        Channel::Chat => EventKind::Chat,
        Channel::Call => EventKind::Call,
        Channel::Email => EventKind::Email,
        Channel::Customer => EventKind::Customer,
    })
}

/// Who speaks a line: a person's name when `from` is a person's id, else `from` as written.
pub fn speaker<'a>(s: &'a Scenario, from: &'a str) -> &'a str {
    s.people
        .iter()
        .find(|p| p.id == from)
        .map_or(from, |p| p.name.as_str())
}

/// What a beat's condition may read of the rest of the world.
pub(super) struct Facts<'a> {
    pub s: &'a Scenario,
    pub ix: &'a Compiled,
    pub last: Option<&'a Metrics>,
    pub provider: &'a Provider,
    pub crew: &'a Crew,
    /// The zone each zone draw picked, for `{draw}` in a line.
    pub drawn: &'a [usize],
}

impl Facts<'_> {
    /// A line with each `{draw}` read as tonight's zone.
    fn words(&self, text: &str) -> String {
        self.s.read_draws(text, self.drawn).into_owned()
    }

    /// Whether a compiled condition holds at the end of minute `m`.
    pub(super) fn holds(&self, c: &Cond, m: Minute) -> bool {
        let Some(now) = self.last else {
            return false;
        };
        match c {
            Cond::All(l) => l.iter().all(|c| self.holds(c, m)),
            Cond::Any(l) => l.iter().any(|c| self.holds(c, m)),
            Cond::Not(c) => !self.holds(c, m),
            Cond::Leaf(leaf) => leaf.holds(now, self, m),
            Cond::Never => false,
        }
    }
}

/// How a beat is looked at, worked out once when the night starts so the minute-by-minute look
/// reads a few numbers instead of the compiled beat and the scenario.
#[derive(Debug, Clone, Copy)]
struct BeatPlan {
    /// Its `when` in its two parts (see `WhenParts`) and what it claims, as entries in the
    /// story's flat checks; `None` where the beat has no such part.
    record: Option<Next>,
    world: Option<Next>,
    claim: Option<Next>,
    /// The responder who says it: their line waits until they can be reached.
    responder: Option<usize>,
    repeat_minutes: Option<u32>,
    /// Fires once a night: no `repeat_minutes`, and its `when` does not ask `JustDone`.
    once: bool,
    /// The person whose name its line is said under, when `from` is a person's id (see
    /// [`speaker`]); else `from` as written.
    speaker: Option<usize>,
    /// Whether its text may name a zone draw (`{draw}`), to be read as tonight's zone; most
    /// lines do not, and are said as written.
    draws: bool,
}

impl BeatPlan {
    fn of(s: &Scenario, ix: &Compiled, checks: &mut Checks, i: usize) -> BeatPlan {
        let (beat, bx) = (&s.beats[i], &ix.beats[i]);
        BeatPlan {
            record: bx.when.record.as_ref().map(|c| checks.add(c)),
            world: bx.when.world.as_ref().map(|c| checks.add(c)),
            claim: bx.asserts.as_ref().map(|c| checks.add(c)),
            responder: bx.responder,
            repeat_minutes: bx.repeat_minutes,
            once: bx.repeat_minutes.is_none() && !bx.again,
            speaker: s.people.iter().position(|p| p.id == beat.from),
            draws: beat.text.contains('{') && !s.zone_draws.is_empty(),
        }
    }

    /// Whether what the beat claims holds at the end of minute `m`, its responder (if any) being
    /// reachable: on duty, or paged (answering the phone, on the way, or arrived).
    // In line in the minute-by-minute look, as the other steps of a look are.
    #[inline]
    fn claim_holds(&self, checks: &Checks, facts: &Facts, m: Minute) -> bool {
        let reachable = |p: usize| {
            facts
                .crew
                .people()
                .get(p)
                .is_some_and(|x| x.awake || x.arriving_at.is_some())
        };
        self.responder.is_none_or(reachable) && self.claim.is_none_or(|c| checks.holds(c, facts, m))
    }
}

/// Where a watched beat stands tonight.
#[derive(Debug, Clone, Copy, Default)]
struct BeatState {
    /// Whether its condition and claim held at the last look (it fires as they come to hold).
    holding: bool,
    /// For the part of its condition that reads only the crew's record and the clock: the
    /// record's changes when it was last worked out, the minute until which that answer holds,
    /// and the answer.
    record_seen: u32,
    record_until: Minute,
    record_holding: bool,
    /// It fired, and fires once a night: no longer watched.
    done: bool,
}

impl BeatState {
    /// Whether the part of its condition that reads the crew's record does not hold, as worked
    /// out at the last look: then nothing about it changes until the record or the clock moves.
    fn blocked(&self, plan: &BeatPlan) -> bool {
        plan.record.is_some() && !self.record_holding
    }

    /// Whether beat `i`'s condition holds at the end of minute `m`. The part of it that reads
    /// only the crew's record and the clock is worked out again only when either has moved past
    /// what it last read; the part that reads the world, only while the first part holds.
    // In line in the minute-by-minute look, as the other steps of a look are.
    #[inline]
    fn when_holds(
        &mut self,
        i: usize,
        plan: &BeatPlan,
        checks: &Checks,
        facts: &Facts,
        m: Minute,
    ) -> bool {
        if let Some(record) = plan.record {
            let changes = facts.crew.record_changes();
            if self.record_seen != changes || m >= self.record_until {
                self.record_seen = changes;
                self.record_until = (facts.ix.beats[i].when.record.as_ref())
                    .map_or(Minute::MAX, |c| c.next_time_after(m));
                self.record_holding = checks.holds(record, facts, m);
            }
            if !self.record_holding {
                return false;
            }
        }
        plan.world.is_none_or(|c| checks.holds(c, facts, m))
    }
}

/// A beat being watched: which, how it is looked at and where it stands, together, so a look
/// reads one entry after another.
#[derive(Debug, Clone, Copy)]
struct Watched {
    beat: usize,
    plan: BeatPlan,
    state: BeatState,
}

/// How the scenario's beats are looked at: the same every night, worked out once per scenario
/// (with the rest of [`Compiled`]) and shared by every night played on it.
#[derive(Debug, Default)]
pub(super) struct StoryPlan {
    /// Per beat: how it is looked at.
    beats: Vec<BeatPlan>,
    /// Every beat's conditions laid flat (the plans' entries point into it).
    checks: Checks,
}

impl StoryPlan {
    pub(super) fn of(s: &Scenario, ix: &Compiled) -> StoryPlan {
        let mut checks = Checks::default();
        let beats = (0..s.beats.len())
            .map(|i| BeatPlan::of(s, ix, &mut checks, i))
            .collect();
        StoryPlan { beats, checks }
    }
}

#[derive(Debug, Clone)]
pub struct Story {
    /// How each beat is looked at (the scenario's, shared).
    plan: Arc<StoryPlan>,
    /// Per beat: the last minute it fired.
    fired: Vec<Option<Minute>>,
    /// Beats with a time, sorted by it, and the next one to look at.
    timed_beats: Vec<(Minute, usize)>,
    next_timed: usize,
    /// Conditional beats being watched (their gate is open), those whose gate's actions are done
    /// but not its time (by that time), and those waiting for actions. Before its gate's time a
    /// beat's condition cannot hold, so it need not be looked at.
    watched_beats: Vec<Watched>,
    waiting_beats: Vec<(Minute, usize)>,
    parked_beats: Vec<usize>,
    /// Watched beats set aside because the part of their condition that reads the crew's record
    /// and the clock does not hold (and they are not holding): looking at them would change
    /// nothing until the record changes from `blocked_seen` or the clock reaches
    /// `blocked_until`, the first of their times; then they are watched again.
    blocked_beats: Vec<Watched>,
    blocked_seen: u32,
    blocked_until: Minute,
    /// Timed beats whose time has come but whose claim (`asserts`) does not hold yet.
    claim_waiting: Vec<usize>,
    /// Every post status-page beats have made so far: (when, which beat). `World::status_posts`
    /// sorts them onto their pages.
    status_posts: Vec<(Minute, usize)>,
    events: Vec<Event>,
    /// False once the night is played for its score alone: no beat is looked at and no line is
    /// kept (see `World::keep_score_only`).
    told: bool,
    /// The beats due this minute, kept between minutes (always empty there) so a minute
    /// allocates nothing for them.
    due: Vec<usize>,
}

impl Story {
    pub(super) fn new(s: &Scenario, ix: &Compiled) -> Story {
        let mut timed_beats: Vec<(Minute, usize)> = ix
            .beat_at
            .iter()
            .enumerate()
            .filter_map(|(i, at)| at.map(|m| (m, i)))
            .collect();
        timed_beats.sort_unstable();
        Story {
            plan: ix.story.clone(),
            fired: vec![None; s.beats.len()],
            timed_beats,
            next_timed: 0,
            watched_beats: Vec::new(),
            waiting_beats: Vec::new(),
            blocked_beats: Vec::new(),
            blocked_seen: 0,
            blocked_until: Minute::MAX,
            parked_beats: (0..s.beats.len())
                .filter(|&i| ix.beats[i].conditional)
                .collect(),
            claim_waiting: Vec::new(),
            status_posts: Vec::new(),
            events: Vec::new(),
            told: true,
            due: Vec::new(),
        }
    }

    /// Tell no more of the night: beats are no longer looked at and lines no longer kept.
    pub(super) fn hush(&mut self) {
        self.told = false;
    }

    pub(super) fn is_told(&self) -> bool {
        self.told
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The last minute a beat fired, if it has.
    pub fn fired(&self, beat: usize) -> Option<Minute> {
        self.fired.get(beat).copied().flatten()
    }

    /// Every post status-page beats have made so far, oldest first.
    pub fn status_posts(&self) -> &[(Minute, usize)] {
        &self.status_posts
    }

    pub(super) fn say(&mut self, at: Minute, kind: EventKind, from: &str, text: impl Into<String>) {
        if !self.told {
            return;
        }
        self.events.push(Event {
            at,
            kind,
            from: from.to_string(),
            text: text.into(),
            beat: None,
        });
    }

    /// Beats whose gate's actions are now all done wait for the gate's time.
    pub(super) fn unpark(&mut self, ix: &Compiled, crew: &Crew) {
        let mut opened = false;
        let waiting = &mut self.waiting_beats;
        self.parked_beats.retain(|&i| {
            let open = ix.beat_gate[i].done.iter().all(|&a| crew.done(a));
            if open {
                waiting.push((ix.beat_gate[i].after, i));
                opened = true;
            }
            !open
        });
        if opened {
            self.waiting_beats.sort_unstable_by(|a, b| b.cmp(a));
        }
    }

    /// Beats whose gate's time has come join the watched list, in file order.
    fn watch_due(&mut self, m: Minute) {
        let mut opened = false;
        while let Some(&(after, i)) = self.waiting_beats.last() {
            if after > m {
                break;
            }
            self.waiting_beats.pop();
            self.watched_beats.push(Watched {
                beat: i,
                plan: self.plan.beats[i],
                state: BeatState::default(),
            });
            opened = true;
        }
        if opened {
            self.watched_beats.sort_unstable_by_key(|w| w.beat);
        }
    }

    /// Beats set aside on the crew's record are watched again once the record has changed or the
    /// clock has reached one of their times.
    fn unblock(&mut self, m: Minute, changes: u32) {
        if changes != self.blocked_seen || m >= self.blocked_until {
            if !self.blocked_beats.is_empty() {
                self.watched_beats.append(&mut self.blocked_beats);
                self.watched_beats.sort_unstable_by_key(|w| w.beat);
            }
            self.blocked_seen = changes;
            self.blocked_until = Minute::MAX;
        }
    }

    /// After a look: beats that fired once and for all are no longer watched, and those whose
    /// record part does not hold are set aside (see `blocked_beats`); the rest keep their order.
    fn set_aside(&mut self) {
        let (blocked, until) = (&mut self.blocked_beats, &mut self.blocked_until);
        self.watched_beats.retain(|w| {
            if w.state.done {
                return false;
            }
            if w.state.blocked(&w.plan) {
                // Worked out at this look: it read the record as it is now, until its next time.
                *until = (*until).min(w.state.record_until);
                blocked.push(*w);
                return false;
            }
            true
        });
    }

    pub(super) fn fire(&mut self, m: Minute, facts: &Facts) {
        if !self.told {
            return;
        }
        let s = facts.s;
        let mut due = std::mem::take(&mut self.due);
        self.watch_due(m);
        self.unblock(m, facts.crew.record_changes());
        // Timed beats come from a sorted list; conditional ones are watched once their gate opens.
        // A responder speaks only once reachable; until then their line waits, as a claim that
        // does not hold yet does.
        while let Some(&(at, i)) = self.timed_beats.get(self.next_timed) {
            if at > m {
                break;
            }
            if at == m {
                self.claim_waiting.push(i);
            }
            self.next_timed += 1;
        }
        // A timed line is said at its time, or as soon after as what it claims holds.
        let (plans, checks) = (&self.plan.beats, &self.plan.checks);
        self.claim_waiting.retain(|&i| {
            let ready = plans[i].claim_holds(checks, facts, m);
            if ready {
                due.push(i);
            }
            !ready
        });
        let leaving = look(
            &mut self.watched_beats,
            &self.fired,
            &self.plan.checks,
            facts,
            m,
            &mut due,
        );
        if leaving {
            self.set_aside();
        }
        due.sort_unstable();
        for &i in &due {
            let beat = &s.beats[i];
            self.fired[i] = Some(m);
            let Some(kind) = event_kind(beat.channel) else {
                self.status_posts.push((m, i));
                continue;
            };
            let plan = &self.plan.beats[i];
            // As `speaker` and `Facts::words` would have it, without searching the people or
            // the text again.
            let from = plan
                .speaker
                .map_or(beat.from.as_str(), |p| s.people[p].name.as_str());
            let text = if plan.draws {
                facts.words(&beat.text)
            } else {
                beat.text.clone()
            };
            self.events.push(Event {
                at: m,
                kind,
                from: from.to_string(),
                text,
                beat: Some(i),
            });
        }
        due.clear();
        self.due = due;
    }
}

/// Look at every watched beat at the end of minute `m`: note whether its condition and claim
/// hold, and push those that fire now onto `due`. Whether any is to leave the watched list (it
/// fired once and for all, or its record part does not hold). Only conditional beats are ever
/// parked, so every watched beat is one.
fn look(
    watched: &mut [Watched],
    fired: &[Option<Minute>],
    checks: &Checks,
    facts: &Facts,
    m: Minute,
    due: &mut Vec<usize>,
) -> bool {
    let mut leaving = false;
    for w in watched {
        let (i, plan, state) = (w.beat, &w.plan, &mut w.state);
        let now = state.when_holds(i, plan, checks, facts, m) && plan.claim_holds(checks, facts, m);
        let was = std::mem::replace(&mut state.holding, now);
        if now {
            let again = match (plan.repeat_minutes, fired[i]) {
                (Some(r), Some(last)) => m >= last + r.max(1),
                _ => false,
            };
            if !was || again {
                due.push(i);
                state.done = plan.once;
                leaving |= plan.once;
            }
        } else {
            // Only a beat that does not hold can be blocked.
            leaving |= state.blocked(plan);
        }
    }
    leaving
}
