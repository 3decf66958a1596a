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
    /// The last minute customers were hurt (impact).
    last_impact: Option<Minute>,
    /// False once the night is played for its score alone: only the latest minute is kept.
    keeps_history: bool,
    /// Keeping no history, the list of the minute before's services, to fill again.
    spare: Vec<super::metrics::ServiceMinute>,
}

impl Ledger {
    pub(super) fn new(s: &Scenario) -> Ledger {
        Ledger {
            tally: Tally::default(),
            history: Vec::with_capacity(s.length() as usize + 1),
            last_impact: None,
            keeps_history: true,
            spare: Vec::new(),
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
    ///
    /// Who is owed news: everyone listening while customers are hurt; the status page and support
    /// also for one update interval after the hurt ends, until they hear the all-clear; executives
    /// for as long as the incident is declared (escalated), whatever customers feel.
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
        t.shed_requests += metrics.shed;
        t.jobs_dropped += metrics.jobs_dropped;
        t.jobs_lost += metrics.jobs_lost;
        t.served_stale += metrics.stale;
        if impact {
            self.last_impact = Some(m);
            if levers.escalations() < w.escalate_to {
                t.escalation_minutes += 1.0;
            }
        }
        let fresh = |a: Audience| levers.is_fresh(a, m, w.update_every);
        // After the hurt ends, the status page and support are owed the all-clear: a word
        // posted since the last hurt minute, within one update interval.
        let ended = self
            .last_impact
            .filter(|&at| !impact && m.saturating_sub(at) <= w.update_every);
        let all_clear_owed =
            |a: Audience| ended.is_some_and(|at| levers.last_update(a).is_none_or(|u| u <= at));
        let owed = |a: Audience| (impact && !fresh(a)) || all_clear_owed(a);
        let declared = levers.escalations() > 0;
        let gaps = [
            owed(Audience::StatusPage),
            crew.any_awake(s, Role::Support) && owed(Audience::Support),
            crew.any_awake(s, Role::Executive)
                && (impact || declared)
                && !fresh(Audience::Executives),
        ];
        t.comms_gap_minutes += gaps.iter().filter(|g| **g).count() as f64;
        t.support_calls += support_calls;
    }

    /// The night is over: what the team left undone counts once.
    pub(super) fn close_night(&mut self, left_undone: u32, jobs_left: f64, theory_minutes: f64) {
        self.tally.left_undone += left_undone as f64;
        self.tally.theory_minutes += theory_minutes;
        self.tally.jobs_left += jobs_left;
    }

    /// Close the minute: its measurements join the history with the tally as it stands (or,
    /// keeping no history, take the place of the minute before).
    pub(super) fn close(&mut self, mut metrics: Metrics) {
        metrics.tally = self.tally;
        match self.history.last_mut() {
            Some(last) if !self.keeps_history => {
                let before = std::mem::replace(last, metrics);
                self.spare = before.services;
            }
            _ => self.history.push(metrics),
        }
    }

    /// A list to hold the next minute's services: the one the minute before no longer needs when
    /// no history is kept, else a new one.
    pub(super) fn take_spare(&mut self) -> Vec<super::metrics::ServiceMinute> {
        std::mem::take(&mut self.spare)
    }

    /// Keep only the latest minute from now on.
    pub(super) fn forget_history(&mut self) {
        self.keeps_history = false;
        let before = self.history.len().saturating_sub(1);
        self.history.drain(..before);
    }
}
