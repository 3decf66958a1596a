//! The levers the team pulls and what the organisation has declared: every control, the zonal
//! shift, the severity, and when each audience last heard from us.

use crate::scenario::{Audience, Control, Minute, Scenario};

/// The severity a night starts at (SEV3); each escalation raises it one step.
const STARTING_SEVERITY: u32 = 3;
/// The highest severity there is (SEV1).
const TOP_SEVERITY: u32 = 1;

#[derive(Debug, Clone)]
pub struct Levers {
    controls: [bool; Control::ALL.len()],
    shifted: Option<usize>,
    escalations: u32,
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
            shifted: None,
            escalations: 0,
            last_update: [None; Audience::ALL.len()],
        }
    }

    pub fn control(&self, c: Control) -> bool {
        self.controls[c.index()]
    }

    pub(super) fn set(&mut self, c: Control, on: bool) {
        self.controls[c.index()] = on;
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

    pub(super) fn escalate(&mut self) {
        self.escalations += 1;
    }

    /// Declare a severity outright (SEV1 = 1): raise to it in one step; never lower.
    pub(super) fn declare(&mut self, level: u32) {
        let level = level.clamp(TOP_SEVERITY, STARTING_SEVERITY);
        self.escalations = self.escalations.max(STARTING_SEVERITY - level);
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
