//! The world of one night: the provider's faults, the company's fleet, customers, people and the
//! story. Pure and deterministic: no terminal, no wall clock, no global randomness. State moves only
//! through [`World::step`] and [`World::act`]; everything else reads.
//!
//! The world is a few parts, each owning its state and its share of a minute (see `step`):
//! [`Provider`] (the fault timeline), [`Fleet`] (instances, launches, health checks, rollouts),
//! [`Traffic`] (demand, retries, queues, offline mode), [`Crew`] (people and actions under way),
//! [`Levers`] (controls, shift, severity, communication), [`Story`] (beats and events) and
//! [`Ledger`] (measurements and the tally). Decisions (`actions.rs`) reach across the parts.

mod actions;
pub mod compiled;
mod crew;
mod fleet;
mod inquiry;
mod ledger;
mod levers;
mod metrics;
mod provider;
mod rng;
mod status;
mod story;
#[cfg(test)]
mod tests;
mod traffic;
mod view;
mod watch;

use std::sync::Arc;

use crate::scenario::{Minute, Scenario};
use compiled::Compiled;
use rng::{Dice, Keyed};

pub use actions::Plan;
pub use crew::{Crew, Outcome, Pending, Person};
pub use fleet::{Fleet, Instance, InstanceState, Rollout};
pub use inquiry::READING_MINUTES;
pub use ledger::Ledger;
pub use levers::Levers;
pub use metrics::{
    MAX_SERVICES, MAX_ZONES, Metrics, PerZone, ServiceMinute, Tally, p95_estimate_ms,
};
pub use provider::Provider;
pub use status::Post;
pub use story::{Event, EventKind, Story, event_kind, speaker};
pub use traffic::Traffic;
pub use view::{Cell, Health};
pub use watch::{NOTICEABLE, STALE_MINUTES, Sighting, Watch};

/// The seed's keyed draws, one family per subsystem: health checks, launches, network repair,
/// human error. Each draw is keyed by what it is about (see `rng.rs`).
#[derive(Debug, Clone, Copy)]
struct Streams {
    checks: Keyed,
    launches: Keyed,
    repair: Keyed,
    people: Keyed,
}

#[derive(Debug, Clone)]
pub struct World {
    scenario: Arc<Scenario>,
    seed: u64,
    /// Worked out once per loaded scenario and shared (see [`crate::scenario::Prepared`]).
    ix: Arc<Compiled>,
    dice: Streams,
    /// The next minute to simulate; the night is over when it passes the scenario's length.
    minute: Minute,
    provider: Provider,
    fleet: Fleet,
    traffic: Traffic,
    crew: Crew,
    levers: Levers,
    story: Story,
    status: status::StatusPages,
    ledger: Ledger,
    watch: Watch,
}

impl World {
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> World {
        let s = &*scenario;
        let ix = s.prepared.get_or_init(|| Compiled::new(s));
        let crew = Crew::new(s);
        let mut story = Story::new(s, &ix);
        story.unpark(&ix, &crew);
        World {
            seed,
            dice: Streams {
                checks: Keyed::new(seed, 1),
                launches: Keyed::new(seed, 2),
                repair: Keyed::new(seed, 3),
                people: Keyed::new(seed, 4),
            },
            minute: 0,
            provider: Provider::new(s, &ix, &mut Dice::stream(seed, 0), Keyed::new(seed, 5)),
            fleet: Fleet::new(s, &ix),
            traffic: Traffic::new(s),
            crew,
            levers: Levers::new(s),
            story,
            status: status::StatusPages::new(s),
            ledger: Ledger::new(s),
            watch: Watch::new(s),
            ix,
            scenario,
        }
    }

    /// Simulate the current minute, then move the clock on by one. Does nothing once the night is over.
    pub fn step(&mut self) {
        if self.is_over() {
            return;
        }
        let m = self.minute;
        let (s, ix) = (&*self.scenario, &self.ix);
        self.provider.update(m, s, ix);
        self.status.watch(m, s, &self.provider);
        let parts = (&self.levers, &self.provider);
        self.fleet.start_changes(m, s, ix, parts, &mut self.story);
        let tally = self.ledger.tally_mut();
        self.fleet
            .advance_rollouts(m, ix, &self.provider, &self.levers, tally);
        self.fleet
            .boot_and_heal(m, ix, &self.provider, self.dice.repair);
        let parts = (&self.fleet, &self.provider, &self.levers);
        let spare = self.ledger.take_spare();
        let before = (self.ledger.latest(), spare);
        let mut metrics = self.traffic.serve(m, s, ix, parts, before);
        let parts = (&self.provider, &self.traffic, &self.levers);
        let tally = self.ledger.tally_mut();
        let checks = self.dice.checks;
        self.fleet
            .health_checks(m, s, ix, parts, &metrics, checks, tally);
        let launches = self.dice.launches;
        let failures = self
            .fleet
            .launch(m, s, ix, &self.provider, launches, &mut self.story);
        for (sm, &f) in metrics.services.iter_mut().zip(&failures) {
            sm.launch_failures = f;
        }
        self.watch
            .look(m, ix, &self.provider, &self.levers, &metrics);
        for (p, z, failing) in self.fleet.take_sightings() {
            self.watch.saw(p, z, m, failing);
        }
        let err = metrics.customer_error_rate();
        let calls = self.traffic.support_calls(m, (s, ix), &self.levers, err);
        let parts = (&self.levers, &self.crew);
        self.ledger.account(m, s, &mut metrics, parts, calls);
        self.crew.tire(s, self.ledger.tally_mut());
        self.traffic.adopt_offline(m, s, &self.levers);
        if m == s.length() {
            // Work left undone when the night ends counts: safety nets still off, jobs still
            // paused or queued, changes still held, a zone still shifted away from.
            let undone = self.left_undone().len() as u32;
            let theories = self.theory_minutes();
            self.ledger
                .close_night(undone, self.traffic.jobs_waiting(), theories);
        }
        self.ledger.close(metrics);
        let facts = story::Facts {
            s,
            ix,
            last: self.ledger.latest(),
            provider: &self.provider,
            crew: &self.crew,
            drawn: self.provider.drawn(),
        };
        self.story.fire(m, &facts);
        // What is due at the next minute is in place when the clock shows it.
        self.minute += 1;
        self.crew.arrive(self.minute, s, ix, &mut self.story);
        self.complete_actions(self.minute);
        let s = &*self.scenario;
        self.crew.delegate_queued(self.minute, s, &mut self.story);
    }

    /// Play on for the score alone: from now on no story is told (no beat is looked at, no line
    /// kept), only the latest minute is kept, not the history, and the watch follows only the
    /// provider services behind the team's theories (the only part of it the score reads). For
    /// the nights the grader and the ablations play by the thousand, where only the tally is
    /// read: the story and the history are what the night shows, never what moves it, so the
    /// tally is the same to the bit (`tests/score_only.rs` holds it to that).
    pub fn keep_score_only(&mut self) {
        self.story.hush();
        self.ledger.forget_history();
        self.watch.watch_only(self.ix.theory_providers.clone());
    }

    /// Whether the night is played for its score alone (see [`World::keep_score_only`]): then
    /// its events stop where it began to be and its history is the latest minute only.
    pub fn is_score_only(&self) -> bool {
        !self.story.is_told()
    }

    /// What the team has changed and not put back, in words, each counted once in the tally's
    /// `left_undone` when the night ends: a lever that began on and is off ("health-check
    /// replacement off"), or off for one service while on for the rest ("background jobs paused
    /// for Background jobs"); a service still answering from its cache, on shallow checks or
    /// reading from replicas; a scheduled change still held back; a zone still shifted away from.
    pub fn left_undone(&self) -> Vec<String> {
        let s = &*self.scenario;
        let mut out = Vec::new();
        for &c in &s.controls_on {
            let w = s.lever_words(c);
            if !self.levers.control(c) {
                out.push(format!("{} {}", w.name, w.off));
                continue;
            }
            for (i, _) in self.levers.set_apart(c).into_iter().filter(|(_, on)| !on) {
                out.push(format!("{} {} for {}", w.name, w.off, s.services[i].name));
            }
        }
        for (i, svc) in s.services.iter().enumerate() {
            if self.levers.serves_stale(i) {
                out.push(format!("{} answering from its cache", svc.name));
            }
            if self.levers.shallow_checks(i) {
                out.push(format!("{} on shallow health checks", svc.name));
            }
            if self.levers.uses_replicas(i) {
                out.push(format!("{} reading from replicas", svc.name));
            }
        }
        for &c in self.fleet.held() {
            if let Some(change) = s.changes.get(c) {
                out.push(format!("{} held back", change.name));
            }
        }
        if let Some(z) = self.levers.shifted() {
            out.push(format!("traffic shifted away from {}", s.zones[z]));
        }
        out
    }

    /// Whether a scenario condition holds at the end of the last minute simulated, read as a
    /// beat's `when` is (false before the first minute). For what a front end watches for, such as
    /// the guided night's teaching moments.
    pub fn holds(&self, c: &crate::scenario::Condition) -> bool {
        let Some(m) = self.minute.checked_sub(1) else {
            return false;
        };
        let s = &*self.scenario;
        let facts = story::Facts {
            s,
            ix: &self.ix,
            last: self.ledger.latest(),
            provider: &self.provider,
            crew: &self.crew,
            drawn: self.provider.drawn(),
        };
        facts.holds(&compiled::compile_cond(s, c, 0), m)
    }

    /// Step until the clock reaches `minute` (or the night ends).
    pub fn run_until(&mut self, minute: Minute) {
        while self.minute < minute && !self.is_over() {
            self.step();
        }
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The next minute to simulate (the clock).
    pub fn minute(&self) -> Minute {
        self.minute
    }

    /// The night has been played to its last minute.
    pub fn is_over(&self) -> bool {
        self.minute > self.scenario.length()
    }

    pub fn provider(&self) -> &Provider {
        &self.provider
    }

    pub fn fleet(&self) -> &Fleet {
        &self.fleet
    }

    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    pub fn crew(&self) -> &Crew {
        &self.crew
    }

    pub fn levers(&self) -> &Levers {
        &self.levers
    }

    pub fn story(&self) -> &Story {
        &self.story
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// What the company can see of the provider: its own calls' outcomes.
    pub fn watch(&self) -> &Watch {
        &self.watch
    }

    /// A text with every `{draw}` replaced by the zone the seed drew for it tonight.
    pub fn with_draws<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        self.scenario.read_draws(text, self.provider.drawn())
    }

    /// A line fired into the channel now from outside the night (a tabletop inject): it changes
    /// nothing but what the channel shows.
    pub fn inject(&mut self, kind: EventKind, from: &str, text: &str) {
        let at = self.minute.min(self.scenario.length());
        self.story.say(at, kind, from, text);
    }

    /// Every event so far, in order (none after the night began to be played for its score
    /// alone: see [`World::is_score_only`]).
    pub fn events(&self) -> &[Event] {
        self.story.events()
    }

    /// Every finished minute, oldest first (only the latest in a night played for its score
    /// alone: see [`World::is_score_only`]).
    pub fn history(&self) -> &[Metrics] {
        self.ledger.history()
    }

    /// The last finished minute's metrics.
    pub fn latest(&self) -> Option<&Metrics> {
        self.ledger.latest()
    }

    pub fn tally(&self) -> &Tally {
        self.ledger.tally()
    }
}
