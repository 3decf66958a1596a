//! The night's ledger: every minute's measurements, and the running tally the blast radius is
//! weighed from.

use super::crew::Crew;
use super::levers::Levers;
use super::metrics::{Metrics, Tally};
use crate::scenario::{Audience, Minute, Role, Scenario};

#[derive(Debug, Clone)]
pub struct Ledger {
    tally: Tally,
    history: Vec<Metrics>,
}

impl Ledger {
    pub(super) fn new(s: &Scenario) -> Ledger {
        Ledger {
            tally: Tally::default(),
            history: Vec::with_capacity(s.length() as usize + 1),
        }
    }

    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    pub(super) fn tally_mut(&mut self) -> &mut Tally {
        &mut self.tally
    }

    /// Every finished minute, oldest first.
    pub fn history(&self) -> &[Metrics] {
        &self.history
    }

    /// The last finished minute.
    pub fn latest(&self) -> Option<&Metrics> {
        self.history.last()
    }

    /// What minute `m` cost the customers and the organisation: harm, escalation delay while
    /// customers are hurt, audiences left without news, and support calls.
    pub(super) fn account(
        &mut self,
        m: Minute,
        s: &Scenario,
        metrics: &mut Metrics,
        (levers, crew): (&Levers, &Crew),
        support_calls: f64,
    ) {
        let w = &s.scoring;
        let impact = metrics.customer_error_rate() > w.impact_error_rate;
        metrics.impact = impact;
        let t = &mut self.tally;
        t.failed_transactions += metrics.failed;
        t.delayed_transactions += metrics.delayed;
        t.offline_transactions += metrics.offline;
        t.degraded_requests += metrics.degraded;
        t.jobs_dropped += metrics.jobs_dropped;
        if impact {
            if levers.escalations() < w.escalate_to {
                t.escalation_minutes += 1.0;
            }
            let audiences = [
                (Audience::StatusPage, true),
                (Audience::Executives, crew.any_awake(s, Role::Executive)),
                (Audience::Support, crew.any_awake(s, Role::Support)),
            ];
            for (a, listening) in audiences {
                if listening && !levers.is_fresh(a, m, w.update_every) {
                    t.comms_gap_minutes += 1.0;
                }
            }
        }
        t.support_calls += support_calls;
    }

    /// The night is over: what the team left undone counts once.
    pub(super) fn close_night(&mut self, left_undone: u32, jobs_left: f64) {
        self.tally.left_undone += left_undone as f64;
        self.tally.jobs_left += jobs_left;
    }

    /// Close the minute: its measurements join the history with the tally as it stands.
    pub(super) fn close(&mut self, mut metrics: Metrics) {
        metrics.tally = self.tally;
        self.history.push(metrics);
    }
}
