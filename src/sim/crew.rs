//! The team: who is on the incident, paged or asleep, how tired, who leads, what each is busy with,
//! and the record of what the team has done and tried.

use super::compiled::Compiled;
use super::metrics::Tally;
use super::story::{EventKind, Story};
use crate::scenario::{Minute, Role, Scenario};

#[derive(Debug, Clone)]
pub struct Person {
    pub on_incident: bool,
    /// Paged; arrives at this minute.
    pub arriving_at: Option<Minute>,
    pub awake: bool,
    pub tired_hours: f64,
    pub busy_until: Minute,
    /// Went off the incident after a handoff.
    pub stood_down: bool,
}

/// An action under way.
#[derive(Debug, Clone)]
pub struct Pending {
    pub action: usize,
    pub target: Option<usize>,
    pub started: Minute,
    pub done_at: Minute,
    pub by: usize,
    pub fumbled: bool,
    /// Index into the crew's outcomes.
    pub ticket: usize,
}

/// What became of an accepted action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    UnderWay,
    Done,
    /// Carried out, but a tired commander's instructions were wrong: nothing changed.
    Fumbled,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::UnderWay => "under way",
            Outcome::Done => "done",
            Outcome::Fumbled => "fumbled",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Crew {
    people: Vec<Person>,
    /// Per person: the minute their shift starts, if it does tonight (their `starts_at`).
    shift_starts: Vec<Option<Minute>>,
    commander: usize,
    pub(super) pending: Vec<Pending>,
    /// Every accepted action in the order taken: what became of it.
    pub(super) outcomes: Vec<Outcome>,
    /// Per ticket (as `outcomes`): the minute its work began, or will as now planned (a queued
    /// decision moves up when its responder comes free sooner, or someone free takes it).
    pub(super) starts: Vec<Minute>,
    /// Per ticket: who does the work, and the minute it is done (as now planned).
    worked: Vec<(usize, Minute)>,
    /// Actions carried out at least once.
    done: Vec<bool>,
    /// Actions the player attempted at least once (carried out or refused).
    tried: Vec<bool>,
    /// Decisions that finished too late for a lesson's `in_time`: (ticket, lesson).
    pub(super) late: Vec<(usize, usize)>,
    /// Per action: the last minute it was carried out.
    last_done: Vec<Option<Minute>>,
    /// How many times `done` or `tried` has changed: what reads only the record re-reads it
    /// when this moves.
    record_changes: u32,
    /// Working theories the team stated: (when, theory), in order.
    pub(super) theories: Vec<(Minute, usize)>,
    /// Nobody is due to arrive or start a shift before this minute (worked out after each
    /// `arrive` that looked; 0, look again, once a person may have been changed from outside).
    arrivals_from: Minute,
}

impl Crew {
    pub(super) fn new(s: &Scenario) -> Crew {
        let starts_now = |p: &crate::scenario::Person| {
            p.on_duty || p.starts_at.is_some_and(|t| s.minute_of(t) == 0)
        };
        let people = s
            .people
            .iter()
            .map(|p| Person {
                on_incident: p.role == Role::Responder && starts_now(p),
                arriving_at: None,
                awake: starts_now(p),
                tired_hours: p.tired_hours,
                busy_until: 0,
                stood_down: false,
            })
            .collect();
        let commander = s
            .people
            .iter()
            .position(|p| p.on_duty && p.role == Role::Responder)
            .unwrap_or(0);
        Crew {
            people,
            shift_starts: (s.people.iter())
                .map(|p| p.starts_at.map(|t| s.minute_of(t)))
                .collect(),
            commander,
            pending: Vec::new(),
            outcomes: Vec::new(),
            starts: Vec::new(),
            worked: Vec::new(),
            done: vec![false; s.actions.len()],
            tried: vec![false; s.actions.len()],
            last_done: vec![None; s.actions.len()],
            late: Vec::new(),
            theories: Vec::new(),
            record_changes: 0,
            arrivals_from: 0,
        }
    }

    /// Everyone in the scenario's order: on the incident, paged, asleep or stood down.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    pub(super) fn person_mut(&mut self, p: usize) -> &mut Person {
        // A page sets when they arrive: `arrive` looks again.
        self.arrivals_from = 0;
        &mut self.people[p]
    }

    /// Who leads the incident now.
    pub fn commander(&self) -> usize {
        self.commander
    }

    /// Actions under way.
    pub fn pending(&self) -> &[Pending] {
        &self.pending
    }

    /// What became of the accepted action with this ticket.
    pub fn outcome(&self, ticket: usize) -> Option<Outcome> {
        self.outcomes.get(ticket).copied()
    }

    /// When the work of the accepted action with this ticket began (or will, as now planned).
    pub fn started_at(&self, ticket: usize) -> Option<Minute> {
        self.starts.get(ticket).copied()
    }

    /// Who did (or does) the work of the accepted action with this ticket, and the minute it is
    /// done (as now planned; its start at once for one that takes nobody).
    pub fn worked(&self, ticket: usize) -> Option<(usize, Minute)> {
        self.worked.get(ticket).copied()
    }

    /// Accept an action: its outcome so far, when its work starts and is done, and by whom; its
    /// ticket.
    pub(super) fn accept(
        &mut self,
        outcome: Outcome,
        starts: Minute,
        done_at: Minute,
        by: usize,
    ) -> usize {
        self.outcomes.push(outcome);
        self.starts.push(starts);
        self.worked.push((by, done_at));
        self.outcomes.len() - 1
    }

    /// How many actions have been accepted so far (the next ticket).
    pub fn outcomes_taken(&self) -> usize {
        self.outcomes.len()
    }

    /// The action has been carried out (not fumbled) at least once.
    pub fn done(&self, action: usize) -> bool {
        self.done.get(action).copied().unwrap_or(false)
    }

    /// The action has been attempted at least once.
    pub fn tried(&self, action: usize) -> bool {
        self.tried.get(action).copied().unwrap_or(false)
    }

    /// Record the action as attempted.
    pub(super) fn mark_tried(&mut self, action: usize) {
        if let Some(t) = self.tried.get_mut(action)
            && !*t
        {
            *t = true;
            self.record_changes += 1;
        }
    }

    /// Whether the decision with this ticket finished too late for the lesson's `in_time`.
    pub fn was_late(&self, ticket: usize, lesson: usize) -> bool {
        self.late.contains(&(ticket, lesson))
    }

    /// The last minute the action was carried out (not fumbled), if it has been.
    pub fn last_done(&self, action: usize) -> Option<Minute> {
        self.last_done.get(action).copied().flatten()
    }

    /// Record the action as carried out at minute `m`; true the first time.
    pub(super) fn mark_done(&mut self, action: usize, m: Minute) -> bool {
        if let Some(at) = self.last_done.get_mut(action) {
            *at = Some(m);
        }
        let first_time = self.done.get(action).is_some_and(|d| !d);
        if first_time {
            self.done[action] = true;
            self.record_changes += 1;
        }
        first_time
    }

    /// Moves whenever an action is first tried or first done, and whenever someone arrives.
    pub(super) fn record_changes(&self) -> u32 {
        self.record_changes
    }

    /// Hours the person has been awake (or worn) so far.
    pub fn tired_hours(&self, person: usize) -> f64 {
        self.people.get(person).map_or(0.0, |p| p.tired_hours)
    }

    /// The least tired responder on the incident other than the commander.
    pub(super) fn freshest_besides_commander(&self) -> Option<usize> {
        self.people
            .iter()
            .enumerate()
            .filter(|(i, p)| p.on_incident && *i != self.commander)
            .min_by(|a, b| a.1.tired_hours.total_cmp(&b.1.tired_hours))
            .map(|(i, _)| i)
    }

    /// Whoever paged arrives first, and when: (minute, person).
    pub(super) fn first_on_the_way(&self) -> Option<(Minute, usize)> {
        self.people
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.arriving_at.map(|at| (at, i)))
            .min()
    }

    /// The least tired responder on the incident who is free at `now`.
    pub(super) fn free_responder(&self, s: &Scenario, now: Minute) -> Option<usize> {
        self.people
            .iter()
            .enumerate()
            .filter(|(i, p)| {
                p.on_incident
                    && p.busy_until <= now
                    && s.people.get(*i).is_some_and(|x| x.role == Role::Responder)
            })
            .min_by(|a, b| a.1.tired_hours.total_cmp(&b.1.tired_hours))
            .map(|(i, _)| i)
    }

    /// The responder on the incident who comes free first, and when (the fresher one on a tie).
    pub(super) fn first_free_later(&self, s: &Scenario) -> Option<(usize, Minute)> {
        self.people
            .iter()
            .enumerate()
            .filter(|(i, p)| {
                p.on_incident && s.people.get(*i).is_some_and(|x| x.role == Role::Responder)
            })
            .min_by(|a, b| {
                a.1.busy_until
                    .cmp(&b.1.busy_until)
                    .then(a.1.tired_hours.total_cmp(&b.1.tired_hours))
            })
            .map(|(i, p)| (i, p.busy_until))
    }

    /// The commander hands the incident to the freshest other responder and goes to sleep.
    /// Returns (old, new) commanders when there was someone to hand to.
    pub(super) fn hand_off(&mut self) -> Option<(usize, usize)> {
        let next = self.freshest_besides_commander()?;
        let old = self.commander;
        self.commander = next;
        self.people[old].on_incident = false;
        self.people[old].stood_down = true;
        Some((old, next))
    }

    /// Paged people arrive; executives wake and support shifts start at their time.
    pub(super) fn arrive(&mut self, m: Minute, s: &Scenario, ix: &Compiled, story: &mut Story) {
        // Someone arrives or starts only at the very minute of their `arriving_at` or shift
        // start: before the first of those still to come, nobody can.
        if m < self.arrivals_from {
            return;
        }
        self.arrive_now(m, s, ix, story);
        self.arrivals_from = (self.people.iter().zip(&self.shift_starts))
            .flat_map(|(p, &start)| [p.arriving_at, start])
            .flatten()
            .filter(|&t| t > m)
            .min()
            .unwrap_or(Minute::MAX);
    }

    fn arrive_now(&mut self, m: Minute, s: &Scenario, ix: &Compiled, story: &mut Story) {
        for (i, p) in s.people.iter().enumerate() {
            let st = &mut self.people[i];
            let paged_in = st.arriving_at == Some(m);
            let starts = self.shift_starts[i] == Some(m) && !st.stood_down;
            if !(paged_in || starts) || (st.on_incident && st.awake) {
                continue;
            }
            if !st.awake {
                self.record_changes += 1;
            }
            st.awake = true;
            st.arriving_at = None;
            if p.role == Role::Responder {
                st.on_incident = true;
                st.busy_until = st.busy_until.max(m);
                // A beat of theirs on arrival says it in the scenario's own words.
                if ix.arrival_said[i] {
                    continue;
                }
                story.say(
                    m,
                    EventKind::Chat,
                    &p.name,
                    "I'm on the incident. What do you need?",
                );
            }
        }
    }

    /// Decisions still waiting for a busy responder go to one who is free now (someone who just
    /// arrived, or came free early): the work starts now and takes as long as planned, and
    /// whoever it waited for has that much less queued.
    pub(super) fn delegate_queued(&mut self, m: Minute, s: &Scenario, story: &mut Story) {
        // The waiting decision due to start first, and someone free to take it.
        while let Some(k) = (0..self.pending.len())
            .filter(|&k| self.pending[k].started > m)
            .min_by_key(|&k| (self.pending[k].started, k))
        {
            let Some(free) = self.free_responder(s, m) else {
                break;
            };
            let p = &mut self.pending[k];
            let minutes = p.done_at - p.started;
            let (was, from) = (p.started, p.by);
            (p.started, p.done_at, p.by) = (m, m + minutes, free);
            let (action, target, done_at) = (p.action, p.target, p.done_at);
            self.starts[p.ticket] = m;
            self.worked[p.ticket] = (free, done_at);
            self.people[free].busy_until = done_at;
            // What the first one still waits to do moves up, and they say so: the channel
            // promised a later start.
            let mut moved = Vec::new();
            for q in &mut self.pending {
                if q.by == from && q.started > was {
                    q.started -= minutes;
                    q.done_at -= minutes;
                    self.starts[q.ticket] = q.started;
                    self.worked[q.ticket].1 = q.done_at;
                    moved.push((q.action, q.target, q.started, q.done_at));
                }
            }
            let old = &mut self.people[from];
            old.busy_until = old.busy_until.saturating_sub(minutes).max(m);
            let who = &s.people[free].name;
            let text = format!(
                "{}: {who} is free and takes it, done at {}",
                s.label(action, target),
                s.clock_at(done_at)
            );
            story.say(m, EventKind::ActionStarted, who, text);
            let was_by = &s.people[from].name;
            for (action, target, starts, done_at) in moved {
                let text = format!(
                    "{}: moves up, starts at {} when {was_by} is free, done at {}",
                    s.label(action, target),
                    s.clock_at(starts),
                    s.clock_at(done_at)
                );
                story.say(m, EventKind::ActionStarted, was_by, text);
            }
        }
    }

    /// Responders on the incident tire by a minute; past `tired_after` hours it counts as fatigue.
    pub(super) fn tire(&mut self, s: &Scenario, tally: &mut Tally) {
        for (p, st) in s.people.iter().zip(self.people.iter_mut()) {
            if p.role == Role::Responder && st.on_incident {
                st.tired_hours += 1.0 / 60.0;
                if st.tired_hours > s.scoring.tired_after {
                    tally.fatigue_hours += 1.0 / 60.0;
                }
            }
        }
    }

    /// Working theories the team stated: (when, theory), in order.
    pub fn theories(&self) -> &[(Minute, usize)] {
        &self.theories
    }

    /// Whether anyone of this role is awake (and so listening for news).
    pub(super) fn any_awake(&self, s: &Scenario, role: Role) -> bool {
        s.people
            .iter()
            .zip(&self.people)
            .any(|(p, st)| p.role == role && st.awake)
    }
}
