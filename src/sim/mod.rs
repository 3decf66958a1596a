//! The world of one night: the provider's faults, the company's fleet, customers, people and the
//! story. Pure and deterministic: no terminal, no wall clock, no global randomness. State moves only
//! through [`World::step`] and [`World::act`].

mod actions;
pub mod compiled;
mod fleet;
mod flow;
mod rng;
mod story;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::scenario::{Audience, Control, Minute, Scenario, Severity};
use compiled::Compiled;
pub use fleet::{Instance, InstanceState};
use rng::Dice;

/// Every lever, in a fixed order.
pub const CONTROLS: [Control; 9] = [
    Control::HealthChecks,
    Control::RetryBackoff,
    Control::ExtendedTimeouts,
    Control::BackgroundJobs,
    Control::Cicd,
    Control::NonessentialFeatures,
    Control::FeatureFlags,
    Control::OfflineMode,
    Control::IncidentChannel,
];

pub const AUDIENCES: [Audience; 5] = [
    Audience::Executives,
    Audience::StatusPage,
    Audience::Support,
    Audience::Partners,
    Audience::Provider,
];

fn control_ix(c: Control) -> usize {
    CONTROLS.iter().position(|x| *x == c).unwrap_or(0)
}

fn audience_ix(a: Audience) -> usize {
    AUDIENCES.iter().position(|x| *x == a).unwrap_or(0)
}

/// What happened, for the channel, the pager and the debrief.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: Minute,
    pub kind: EventKind,
    pub from: String,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    Alert(Severity),
    Chat,
    Call,
    Email,
    Customer,
    /// Something the player learned by asking (status page, changes, provider health).
    Finding,
    ActionStarted,
    ActionDone,
    /// Carried out, but a tired hand fumbled it: nothing changed.
    ActionFumbled,
    ActionRefused,
}

/// Running totals the score is made of. All grow monotonically over the night.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub failed_transactions: f64,
    pub delayed_transactions: f64,
    pub offline_transactions: f64,
    pub degraded_requests: f64,
    pub capacity_destroyed: f64,
    pub jobs_dropped: f64,
    pub escalation_minutes: f64,
    pub comms_gap_minutes: f64,
    pub support_calls: f64,
    pub fatigue_hours: f64,
}

/// The most zones a scenario may have (validation enforces it).
pub const MAX_ZONES: usize = 6;
/// The most company services a scenario may have (validation enforces it).
pub const MAX_SERVICES: usize = 32;

/// One value per zone, stored inline (a night keeps one per service per minute); reads as a slice.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PerZone<T: Copy + Default> {
    len: u8,
    values: [T; MAX_ZONES],
}

impl<T: Copy + Default> PerZone<T> {
    pub fn new(zones: usize) -> PerZone<T> {
        PerZone {
            len: zones.min(MAX_ZONES) as u8,
            values: [T::default(); MAX_ZONES],
        }
    }
}

impl<T: Copy + Default> PerZone<T> {
    /// Add a value after the last zone (ignored past `MAX_ZONES`).
    pub fn push(&mut self, v: T) {
        if (self.len as usize) < MAX_ZONES {
            self.values[self.len as usize] = v;
            self.len += 1;
        }
    }
}

impl<T: Copy + Default> std::ops::Deref for PerZone<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.values[..self.len as usize]
    }
}

impl<'a, T: Copy + Default> IntoIterator for &'a PerZone<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Copy + Default> std::ops::DerefMut for PerZone<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.values[..self.len as usize]
    }
}

/// One service in one minute.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceMinute {
    pub demand: f64,
    pub capacity: f64,
    pub succeeded: f64,
    pub failed: f64,
    pub delayed: f64,
    /// Instances serving (booted, with network) per zone, in scenario zone order.
    pub serving: PerZone<u32>,
    /// Instances booting or without network, summed over zones.
    pub not_serving: u32,
    pub backlog: f64,
    /// Demand over capacity per zone.
    pub zone_load: PerZone<f64>,
    pub launch_failures: u32,
}

impl ServiceMinute {
    pub fn error_rate(&self) -> f64 {
        if self.demand > 0.0 {
            (self.failed / self.demand).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
    pub fn load(&self) -> f64 {
        if self.capacity > 0.0 {
            self.demand / self.capacity
        } else if self.demand > 0.0 {
            f64::INFINITY
        } else {
            0.0
        }
    }
    pub fn serving_total(&self) -> u32 {
        self.serving.iter().sum()
    }
}

/// The state of the night at the end of one minute.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    pub minute: Minute,
    /// New customer transactions this minute.
    pub transactions: f64,
    pub failed: f64,
    pub delayed: f64,
    pub offline: f64,
    /// Requests for shed, flagged-off or failing non-essential features.
    pub degraded: f64,
    pub jobs_dropped: f64,
    pub services: Vec<ServiceMinute>,
    pub tally: Tally,
    pub impact: bool,
}

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
    /// Index into `World::outcomes`.
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

/// A fleet being replaced batch by batch (a scheduled change, a restart, a rollback).
#[derive(Debug, Clone)]
pub struct Rollout {
    pub service: usize,
    pub batch: f64,
    pub every: u32,
    pub next_at: Minute,
    /// Instances still to replace, per zone.
    pub left: Vec<u32>,
    /// A scheduled change through CI/CD: stops when CI/CD is frozen.
    pub change: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct ServiceState {
    pub instances: Vec<Instance>,
    pub desired: Vec<u32>,
    pub retry_load: f64,
    /// Success ratio of the last minute, for services that need this one.
    pub success: f64,
    /// Jobs waiting, by the number of attempts already made.
    pub waiting: Vec<f64>,
    /// Staged resume started at this minute.
    pub staged_since: Option<Minute>,
    /// The staged resume's current rate, jobs per minute.
    pub staged_rate: f64,
    /// Per zone: launch credit the provider has granted toward the next instance.
    pub launch_credit: Vec<f64>,
    /// The group was deleted to be recreated: nothing launches until the provider can create it.
    pub rebuilding: bool,
}

#[derive(Debug, Clone)]
struct Streams {
    checks: Dice,
    launches: Dice,
    repair: Dice,
    people: Dice,
}

#[derive(Debug, Clone)]
pub struct World {
    pub scenario: Arc<Scenario>,
    pub seed: u64,
    pub(crate) ix: Compiled,
    /// Independent streams of the seed: health checks, launches, network repair, human error.
    dice: Streams,
    /// The next minute to simulate; the night is over when it passes the scenario's length.
    pub minute: Minute,
    /// Fault windows after the seed's jitter: (from, until) minutes.
    pub fault_windows: Vec<(Minute, Minute)>,
    traffic: Vec<f64>,
    peak_traffic: f64,
    arrivals: Vec<Vec<f64>>,
    pub health: Vec<Vec<f64>>,
    /// `health` holds until this minute (the next fault boundary or ramp step).
    health_valid_until: Minute,
    pub services: Vec<ServiceState>,
    controls: [bool; CONTROLS.len()],
    pub shifted: Option<usize>,
    pub people: Vec<Person>,
    pub commander: usize,
    /// 0 = the starting severity; each escalation adds one.
    pub escalation: u32,
    last_update: [Option<Minute>; AUDIENCES.len()],
    pub pending: Vec<Pending>,
    /// Every accepted action in the order taken: what became of it.
    pub outcomes: Vec<Outcome>,
    pub rollouts: Vec<Rollout>,
    /// Scheduled changes held back by a CI/CD freeze.
    pub held_changes: Vec<usize>,
    pub done: Vec<bool>,
    /// Actions the player attempted at least once (carried out or refused).
    pub tried: Vec<bool>,
    pub offline_adoption: f64,
    pub offline_backlog: f64,
    beat_fired: Vec<Option<Minute>>,
    /// Beats with a time, sorted by it, and the next one to look at.
    timed_beats: Vec<(Minute, usize)>,
    next_timed: usize,
    /// Conditional beats being watched (their gate is open), and those waiting for actions.
    watched_beats: Vec<usize>,
    parked_beats: Vec<usize>,
    beat_holding: Vec<bool>,
    /// The provider's status page: the latest text and when it was posted.
    pub status_page: Option<(Minute, usize)>,
    pub events: Vec<Event>,
    pub history: Vec<Metrics>,
    pub tally: Tally,
}

impl World {
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> World {
        let s = &scenario;
        let ix = Compiled::new(s);
        let mut timed_beats: Vec<(Minute, usize)> = ix
            .beat_at
            .iter()
            .enumerate()
            .filter_map(|(i, at)| at.map(|m| (m, i)))
            .collect();
        timed_beats.sort_unstable();
        let parked_beats = (0..s.beats.len())
            .filter(|&i| ix.beat_when[i].is_some())
            .collect();
        let mut dice = Dice::stream(seed, 0);
        let len = s.length();
        // One jitter per (provider service, boundary time): phases of one fault that meet stay joined.
        let mut shifts: Vec<((usize, u32), i64)> = Vec::new();
        let mut shift = |key: (usize, u32), span: u32| match shifts.iter().find(|(k, _)| *k == key)
        {
            Some(&(_, v)) => v,
            None => {
                let v = dice.jitter(span);
                shifts.push((key, v));
                v
            }
        };
        let fault_windows = s
            .faults
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let target = ix.fault_target[i].unwrap_or(usize::MAX);
                let (from, until) = (s.minute_of(f.from), s.minute_of(f.until));
                let from = from as i64 + shift((target, from), f.jitter_minutes);
                let until = until as i64 + shift((target, until), f.jitter_minutes);
                let from = from.clamp(0, len as i64) as Minute;
                let until = (until.clamp(0, len as i64 + 1) as Minute).max(from + 1);
                (from, until)
            })
            .collect();
        let traffic = compiled::curve_table(s, &s.traffic);
        let arrivals = s
            .services
            .iter()
            .map(|svc| match &svc.queue {
                Some(q) => compiled::curve_table(s, &q.arrivals),
                None => Vec::new(),
            })
            .collect();
        let services = s
            .services
            .iter()
            .enumerate()
            .map(|(i, svc)| ServiceState {
                instances: ix.services[i]
                    .zones
                    .iter()
                    .flat_map(|&z| (0..svc.instances_per_zone).map(move |_| Instance::serving(z)))
                    .collect(),
                desired: s.zones.iter().map(|_| svc.instances_per_zone).collect(),
                retry_load: 0.0,
                success: 1.0,
                waiting: svc
                    .queue
                    .as_ref()
                    .map_or(Vec::new(), |q| vec![0.0; q.max_attempts as usize]),
                staged_since: None,
                staged_rate: svc.queue.as_ref().map_or(0.0, |q| q.staged_rate),
                rebuilding: false,
                launch_credit: vec![0.0; s.zones.len()],
            })
            .collect();
        let people: Vec<Person> = s
            .people
            .iter()
            .map(|p| Person {
                on_incident: p.role == crate::scenario::Role::Responder
                    && (p.on_duty || p.starts_at.is_some_and(|t| s.minute_of(t) == 0)),
                arriving_at: None,
                awake: p.on_duty || p.starts_at.is_some_and(|t| s.minute_of(t) == 0),
                tired_hours: p.tired_hours,
                busy_until: 0,
                stood_down: false,
            })
            .collect();
        let commander = s
            .people
            .iter()
            .position(|p| p.on_duty && p.role == crate::scenario::Role::Responder)
            .unwrap_or(0);
        let mut controls = [false; CONTROLS.len()];
        for c in [
            Control::HealthChecks,
            Control::BackgroundJobs,
            Control::Cicd,
            Control::NonessentialFeatures,
            Control::FeatureFlags,
        ] {
            controls[control_ix(c)] = true;
        }
        let health = s
            .provider
            .iter()
            .map(|_| vec![1.0; s.zones.len()])
            .collect();
        let mut world = World {
            seed,
            ix,
            dice: Streams {
                checks: Dice::stream(seed, 1),
                launches: Dice::stream(seed, 2),
                repair: Dice::stream(seed, 3),
                people: Dice::stream(seed, 4),
            },
            minute: 0,
            fault_windows,
            peak_traffic: traffic.iter().copied().fold(0.0, f64::max).max(1.0),
            traffic,
            arrivals,
            health,
            health_valid_until: 0,
            services,
            controls,
            shifted: None,
            people,
            commander,
            escalation: 0,
            last_update: [None; AUDIENCES.len()],
            pending: Vec::new(),
            outcomes: Vec::new(),
            rollouts: Vec::new(),
            held_changes: Vec::new(),
            done: vec![false; s.actions.len()],
            tried: vec![false; s.actions.len()],
            offline_adoption: 0.0,
            offline_backlog: 0.0,
            beat_fired: vec![None; s.beats.len()],
            timed_beats,
            next_timed: 0,
            watched_beats: Vec::new(),
            parked_beats,
            beat_holding: vec![false; s.beats.len()],
            status_page: None,
            events: Vec::new(),
            history: Vec::with_capacity(len as usize + 1),
            tally: Tally::default(),
            scenario,
        };
        world.unpark_beats();
        world
    }

    pub fn control(&self, c: Control) -> bool {
        self.controls[control_ix(c)]
    }

    fn set_control(&mut self, c: Control, on: bool) {
        self.controls[control_ix(c)] = on;
    }

    pub fn last_update(&self, a: Audience) -> Option<Minute> {
        self.last_update[audience_ix(a)]
    }

    /// The night has been played to its last minute.
    pub fn is_over(&self) -> bool {
        self.minute > self.scenario.length()
    }

    /// The last finished minute's metrics.
    pub fn latest(&self) -> Option<&Metrics> {
        self.history.last()
    }

    /// Hours the person has been awake (or worn) so far.
    pub fn tired_hours(&self, person: usize) -> f64 {
        self.people.get(person).map_or(0.0, |p| p.tired_hours)
    }

    fn say(&mut self, kind: EventKind, from: &str, text: impl Into<String>) {
        self.events.push(Event {
            at: self.minute,
            kind,
            from: from.to_string(),
            text: text.into(),
        });
    }

    /// Simulate the current minute, then move the clock on by one. Does nothing once the night is over.
    pub fn step(&mut self) {
        if self.is_over() {
            return;
        }
        let m = self.minute;
        self.update_provider_health(m);
        self.start_changes(m);
        self.advance_rollouts(m);
        self.boot_and_heal(m);
        let mut metrics = self.serve(m);
        self.health_checks(m, &metrics);
        let failures = self.launch(m);
        for (sm, f) in metrics.services.iter_mut().zip(failures) {
            sm.launch_failures = f;
        }
        self.account(m, &mut metrics);
        self.history.push(metrics);
        self.fire_beats(m);
        // What is due at the next minute is in place when the clock shows it.
        self.minute += 1;
        self.people_arrive(self.minute);
        self.complete_actions(self.minute);
    }

    /// Step until the clock reaches `minute` (or the night ends).
    pub fn run_until(&mut self, minute: Minute) {
        while self.minute < minute && !self.is_over() {
            self.step();
        }
    }

    /// Provider health for minute `m`; recomputed only at fault boundaries and during ramps.
    fn update_provider_health(&mut self, m: Minute) {
        if m < self.health_valid_until {
            return;
        }
        let s = &self.scenario;
        for h in self.health.iter_mut() {
            h.fill(1.0);
        }
        let mut next = Minute::MAX;
        for (i, f) in s.faults.iter().enumerate() {
            let (from, until) = self.fault_windows[i];
            if m < from {
                next = next.min(from);
                continue;
            }
            if m >= until {
                continue;
            }
            next = next.min(until);
            let Some(p) = self.ix.fault_target[i] else {
                continue;
            };
            let into = (m - from) as f64;
            let h = if f.ramp_minutes > 0 && into < f.ramp_minutes as f64 {
                next = next.min(m + 1);
                1.0 - (1.0 - f.health) * (into + 1.0) / f.ramp_minutes as f64
            } else {
                f.health
            };
            let zones = &self.ix.fault_zones[i];
            for (z, cur) in self.health[p].iter_mut().enumerate() {
                if zones.is_empty() || zones.contains(&z) {
                    *cur = cur.min(h);
                }
            }
        }
        self.health_valid_until = next;
    }

    /// Worst-zone health of a provider service.
    pub fn provider_worst(&self, p: usize) -> f64 {
        self.health
            .get(p)
            .map_or(1.0, |h| h.iter().copied().fold(1.0, f64::min))
    }
}
