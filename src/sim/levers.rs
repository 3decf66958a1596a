//! The levers the team pulls and what the organisation has declared: every control, the zonal
//! shift, the severity, and when each audience last heard from us.

use crate::scenario::{Audience, Control, Minute, Scenario};

/// The severity a night starts at (SEV3); each escalation raises it one step.
const STARTING_SEVERITY: u32 = 3;
/// The highest severity there is (SEV1).
const TOP_SEVERITY: u32 = 1;

/// What the team changed for one service alone.
#[derive(Debug, Clone, Default)]
struct ServiceLevers {
    /// Controls set for this service, overriding the company-wide setting.
    own: [Option<bool>; Control::ALL.len()],
    /// Each control as it stands for this service: its own setting, else the company-wide one
    /// (kept as either changes, for `control_for`, which the minute reads many times over).
    now: [bool; Control::ALL.len()],
    /// Answering from a cache what its `stale_ok` dependencies cannot.
    stale: bool,
    /// Its health check looks at the instance alone.
    shallow: bool,
    /// Its needs that have a replica go to the replica.
    replicas: bool,
}

#[derive(Debug, Clone)]
pub struct Levers {
    controls: [bool; Control::ALL.len()],
    services: Vec<ServiceLevers>,
    shifted: Option<usize>,
    escalations: u32,
    /// The minute of each escalation step, in order (a declared severity adds its steps at once).
    escalated_at: Vec<Minute>,
    last_update: [Option<Minute>; Audience::ALL.len()],
}

impl Levers {
    pub(super) fn new(s: &Scenario) -> Levers {
        let mut controls = [false; Control::ALL.len()];
        for c in &s.controls_on {
            controls[c.index()] = true;
        }
        Levers {
            controls,
            services: vec![
                ServiceLevers {
                    now: controls,
                    ..ServiceLevers::default()
                };
                s.services.len()
            ],
            shifted: None,
            escalations: 0,
            escalated_at: Vec::new(),
            last_update: [None; Audience::ALL.len()],
        }
    }

    pub fn control(&self, c: Control) -> bool {
        self.controls[c.index()]
    }

    /// Set a control company-wide: whatever was set for one service gives way.
    pub(super) fn set(&mut self, c: Control, on: bool) {
        self.controls[c.index()] = on;
        for x in &mut self.services {
            x.own[c.index()] = None;
            x.now[c.index()] = on;
        }
    }

    /// A control as it stands for one service: its own setting, else the company-wide one.
    pub fn control_for(&self, c: Control, service: usize) -> bool {
        let c = c.index();
        self.services
            .get(service)
            .map_or(self.controls[c], |x| x.now[c])
    }

    pub(super) fn set_for(&mut self, c: Control, service: usize, on: bool) {
        if let Some(x) = self.services.get_mut(service) {
            x.own[c.index()] = Some(on);
            x.now[c.index()] = on;
        }
    }

    /// The services a control is set for on their own, and how: (service, on).
    pub fn set_apart(&self, c: Control) -> Vec<(usize, bool)> {
        (0..self.services.len())
            .filter_map(|i| self.services[i].own[c.index()].map(|on| (i, on)))
            .filter(|&(_, on)| on != self.controls[c.index()])
            .collect()
    }

    /// Whether the service answers from its cache what its dependencies cannot.
    pub fn serves_stale(&self, service: usize) -> bool {
        self.services.get(service).is_some_and(|x| x.stale)
    }

    pub(super) fn serve_stale(&mut self, service: usize, on: bool) {
        if let Some(x) = self.services.get_mut(service) {
            x.stale = on;
        }
    }

    /// Whether the service sends its needs that have a replica to the replica.
    pub fn uses_replicas(&self, service: usize) -> bool {
        self.services.get(service).is_some_and(|x| x.replicas)
    }

    pub(super) fn use_replicas(&mut self, service: usize, on: bool) {
        if let Some(x) = self.services.get_mut(service) {
            x.replicas = on;
        }
    }

    /// Whether the service's health check looks at the instance alone.
    pub fn shallow_checks(&self, service: usize) -> bool {
        self.services.get(service).is_some_and(|x| x.shallow)
    }

    pub(super) fn make_shallow(&mut self, service: usize, on: bool) {
        if let Some(x) = self.services.get_mut(service) {
            x.shallow = on;
        }
    }

    /// The zone traffic is shifted away from, if any.
    pub fn shifted(&self) -> Option<usize> {
        self.shifted
    }

    pub(super) fn shift(&mut self, zone: Option<usize>) {
        self.shifted = zone;
    }

    /// Escalations so far (0 = the starting severity).
    pub fn escalations(&self) -> u32 {
        self.escalations
    }

    pub(super) fn escalate(&mut self, now: Minute) {
        self.escalations += 1;
        self.escalated_at.push(now);
    }

    /// Declare a severity outright (SEV1 = 1): raise to it in one step; never lower.
    pub(super) fn declare(&mut self, level: u32, now: Minute) {
        let level = level.clamp(TOP_SEVERITY, STARTING_SEVERITY);
        self.escalations = self.escalations.max(STARTING_SEVERITY - level);
        let steps = self.escalations as usize;
        if self.escalated_at.len() < steps {
            self.escalated_at.resize(steps, now);
        }
    }

    /// When the incident had been escalated `steps` times, if it was (the scoring owes it
    /// `escalate_to` steps: escalation delay counts the hurt minutes before).
    pub fn escalated_by(&self, steps: u32) -> Option<Minute> {
        match steps {
            0 => Some(0),
            n => self.escalated_at.get(n as usize - 1).copied(),
        }
    }

    /// The severity `steps` escalations reach from the start: 2 steps from SEV3 is SEV1.
    pub fn severity_after(steps: u32) -> u32 {
        STARTING_SEVERITY.saturating_sub(steps).max(TOP_SEVERITY)
    }

    /// The incident's severity now: 3 (SEV3) at first, one step higher per escalation, 1 at most.
    pub fn severity(&self) -> u32 {
        STARTING_SEVERITY
            .saturating_sub(self.escalations)
            .max(TOP_SEVERITY)
    }

    pub fn last_update(&self, a: Audience) -> Option<Minute> {
        self.last_update[a.index()]
    }

    pub(super) fn communicated(&mut self, a: Audience, at: Minute) {
        self.last_update[a.index()] = Some(at);
    }

    /// Whether the audience has heard from us within `every` minutes of `now`.
    pub fn is_fresh(&self, a: Audience, now: Minute, every: u32) -> bool {
        self.last_update(a)
            .is_some_and(|t| now.saturating_sub(t) <= every)
    }
}
