//! The story: alerts, chat, calls, emails and the provider's status page, fired at their time or
//! when a condition over the world first holds (and again every `repeat_minutes` while it holds);
//! and every event of the night, in order.

use super::compiled::{Compiled, Cond};
use super::crew::Crew;
use super::metrics::Metrics;
use super::provider::Provider;
use crate::scenario::{Channel, Minute, Scenario, Severity};

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
        let svc = |i: usize| now.services.get(i);
        match c {
            Cond::ErrorRateAbove(i, v) => svc(*i).is_some_and(|x| x.error_rate() > *v),
            Cond::CapacityBelow(i, v, normal) => {
                svc(*i).is_some_and(|x| *normal > 0.0 && (x.serving_total() as f64) < v * normal)
            }
            Cond::LoadAbove(i, v) => svc(*i).is_some_and(|x| x.load() > *v),
            Cond::BacklogAbove(i, v) => svc(*i).is_some_and(|x| x.backlog > *v),
            Cond::ProviderBelow(p, v) => self.provider.worst(*p) < *v,
            Cond::LaunchesFailing(i) => svc(*i).is_some_and(|x| x.launch_failures > 0),
            Cond::Done(a) => self.crew.done(*a),
            Cond::Tried(a) => self.crew.tried(*a),
            Cond::JustDone(a) => self.crew.last_done(*a) == Some(m),
            Cond::After(t) => m >= *t,
            Cond::Arrived(p) => self.crew.people().get(*p).is_some_and(|x| x.awake),
            Cond::All(l) => l.iter().all(|c| self.holds(c, m)),
            Cond::Any(l) => l.iter().any(|c| self.holds(c, m)),
            Cond::Not(c) => !self.holds(c, m),
            Cond::Never => false,
        }
    }
}

/// Where one beat stands tonight.
#[derive(Debug, Clone, Copy, Default)]
struct BeatState {
    /// The last minute it fired.
    fired: Option<Minute>,
    /// Whether its condition and claim held at the last look (it fires as they come to hold).
    holding: bool,
    /// For the part of its condition that reads only the crew's record and the clock: the
    /// record's changes when it was last worked out, the minute until which that answer holds,
    /// and the answer.
    record_seen: u32,
    record_until: Minute,
    record_holding: bool,
}

#[derive(Debug, Clone)]
pub struct Story {
    /// Per beat: where it stands tonight.
    beats: Vec<BeatState>,
    /// Beats with a time, sorted by it, and the next one to look at.
    timed_beats: Vec<(Minute, usize)>,
    next_timed: usize,
    /// Conditional beats being watched (their gate is open), those whose gate's actions are done
    /// but not its time (by that time), and those waiting for actions. Before its gate's time a
    /// beat's condition cannot hold, so it need not be looked at.
    watched_beats: Vec<usize>,
    waiting_beats: Vec<(Minute, usize)>,
    parked_beats: Vec<usize>,
    /// Timed beats whose time has come but whose claim (`asserts`) does not hold yet.
    claim_waiting: Vec<usize>,
    /// Every post status-page beats have made so far: (when, which beat). `World::status_posts`
    /// sorts them onto their pages.
    status_posts: Vec<(Minute, usize)>,
    events: Vec<Event>,
    /// False once the night is played for its score alone: no beat is looked at and no line is
    /// kept (see `World::keep_score_only`).
    told: bool,
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
            beats: vec![BeatState::default(); s.beats.len()],
            timed_beats,
            next_timed: 0,
            watched_beats: Vec::new(),
            waiting_beats: Vec::new(),
            parked_beats: (0..s.beats.len())
                .filter(|&i| ix.beats[i].conditional)
                .collect(),
            claim_waiting: Vec::new(),
            status_posts: Vec::new(),
            events: Vec::new(),
            told: true,
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
        self.beats.get(beat).and_then(|b| b.fired)
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
            self.watched_beats.push(i);
            opened = true;
        }
        if opened {
            self.watched_beats.sort_unstable();
        }
    }

    /// Whether beat `i`'s condition holds at the end of minute `m`. The part of it that reads
    /// only the crew's record and the clock is worked out again only when either has moved past
    /// what it last read; the part that reads the world, only while the first part holds.
    fn holds(&mut self, i: usize, m: Minute, facts: &Facts) -> bool {
        let parts = &facts.ix.beats[i].when;
        if let Some(record) = &parts.record {
            let changes = facts.crew.record_changes();
            let state = &mut self.beats[i];
            if state.record_seen != changes || m >= state.record_until {
                state.record_seen = changes;
                state.record_until = record.next_time_after(m);
                state.record_holding = facts.holds(record, m);
            }
            if !state.record_holding {
                return false;
            }
        }
        parts.world.as_ref().is_none_or(|c| facts.holds(c, m))
    }

    pub(super) fn fire(&mut self, m: Minute, facts: &Facts) {
        if !self.told {
            return;
        }
        let (s, ix) = (facts.s, facts.ix);
        // Timed beats come from a sorted list; conditional ones are watched once their gate opens.
        // A responder speaks only once reachable: on duty, or paged (answering the phone, on the
        // way, or arrived). Until then their line waits, as a claim that does not hold yet does.
        let reachable = |p: usize| {
            facts
                .crew
                .people()
                .get(p)
                .is_some_and(|x| x.awake || x.arriving_at.is_some())
        };
        let claim_holds = |i: usize| {
            let present = ix.beats[i].responder.is_none_or(reachable);
            present
                && ix.beats[i]
                    .asserts
                    .as_ref()
                    .is_none_or(|c| facts.holds(c, m))
        };
        let mut due = Vec::new();
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
        self.claim_waiting.retain(|&i| {
            let ready = claim_holds(i);
            if ready {
                due.push(i);
            }
            !ready
        });
        self.watch_due(m);
        let mut k = 0;
        while k < self.watched_beats.len() {
            let i = self.watched_beats[k];
            let beat = &ix.beats[i];
            if !beat.conditional {
                self.watched_beats.remove(k);
                continue;
            }
            let now = self.holds(i, m, facts) && claim_holds(i);
            let state = &mut self.beats[i];
            let was = std::mem::replace(&mut state.holding, now);
            let again = match (beat.repeat_minutes, state.fired) {
                (Some(r), Some(last)) => now && m >= last + r.max(1),
                _ => false,
            };
            let fire = (now && !was) || again;
            if fire && beat.repeat_minutes.is_none() && !beat.again {
                self.watched_beats.remove(k);
            } else {
                k += 1;
            }
            if fire {
                due.push(i);
            }
        }
        due.sort_unstable();
        for i in due {
            let beat = &s.beats[i];
            self.beats[i].fired = Some(m);
            let Some(kind) = event_kind(beat.channel) else {
                self.status_posts.push((m, i));
                continue;
            };
            let from = speaker(s, &beat.from);
            self.say(m, kind, from, facts.words(&beat.text));
            if let Some(e) = self.events.last_mut() {
                e.beat = Some(i);
            }
        }
    }
}
