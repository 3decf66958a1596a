//! The night's ledger: every minute's measurements, and the running tally the blast radius is
//! weighed from.

use super::crew::Crew;
use super::levers::Levers;
use super::metrics::{Metrics, ServiceMinute, Tally};
use crate::scenario::{Audience, Minute, Role, Scenario};

use std::cell::RefCell;

/// What a dropped night leaves for the next to fill: its history's list, emptied, and each
/// minute's list of services, to be cleared and filled again.
type Room = (Vec<Metrics>, Vec<Vec<ServiceMinute>>);

thread_local! {
    /// The room of nights dropped on this thread, for the next nights. A night's history is
    /// about a megabyte in 900 lists: made anew, they cost 900 allocations and frees a night,
    /// and the allocator gives the largest back to the system when a night is dropped, so the
    /// next faults every page of it in again (48 page faults a night). Only memory is kept,
    /// never a value: every list is cleared before it is filled.
    static SPARE_ROOM: RefCell<Vec<Room>> = const { RefCell::new(Vec::new()) };
}

/// Nights' room kept for reuse on a thread at most. One is enough for nights played one after
/// another; keeping two cost `evaluate` 14 MB more memory for nothing it measures faster.
const SPARE_ROOM_KEPT: usize = 1;

#[derive(Debug)]
pub struct Ledger {
    tally: Tally,
    history: Vec<Metrics>,
    /// The last minute customers were hurt (impact).
    last_impact: Option<Minute>,
    /// False once the night is played for its score alone: only the latest minute is kept.
    keeps_history: bool,
    /// Lists of services to fill again: a dropped night's, or, keeping no history, the minute
    /// before's.
    spare: Vec<Vec<ServiceMinute>>,
}

/// An empty history with room for `minutes`, and lists of services to fill: what a dropped
/// night left, or new.
fn room(minutes: usize) -> Room {
    let spare = SPARE_ROOM.try_with(|r| r.borrow_mut().pop()).ok().flatten();
    let (mut history, lists) = spare.unwrap_or_default();
    history.reserve(minutes);
    (history, lists)
}

impl Clone for Ledger {
    fn clone(&self) -> Ledger {
        // Room for the rest of the night when it keeps a history; a night kept for its score
        // alone needs its one minute (the grader clones such nights by the thousand).
        let minutes = if self.keeps_history {
            self.history.capacity()
        } else {
            self.history.len()
        };
        let (mut history, spare) = room(minutes);
        history.extend_from_slice(&self.history);
        Ledger {
            tally: self.tally,
            history,
            last_impact: self.last_impact,
            keeps_history: self.keeps_history,
            spare,
        }
    }
}

impl Drop for Ledger {
    fn drop(&mut self) {
        let mut history = std::mem::take(&mut self.history);
        let mut lists = std::mem::take(&mut self.spare);
        lists.extend(
            history
                .drain(..)
                .map(|m| m.services)
                .filter(|l| l.capacity() > 0),
        );
        let _ = SPARE_ROOM.try_with(|r| {
            let mut r = r.borrow_mut();
            if r.len() < SPARE_ROOM_KEPT {
                r.push((history, lists));
            }
        });
    }
}

impl Ledger {
    pub(super) fn new(s: &Scenario) -> Ledger {
        let (history, spare) = room(s.length() as usize + 1);
        Ledger {
            tally: Tally::default(),
            history,
            last_impact: None,
            keeps_history: true,
            spare,
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
        // Whether anyone is awake to be told is asked last: it walks the people.
        let gaps = [
            owed(Audience::StatusPage),
            owed(Audience::Support) && crew.any_awake(s, Role::Support),
            (impact || declared)
                && !fresh(Audience::Executives)
                && crew.any_awake(s, Role::Executive),
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
                self.spare.push(before.services);
            }
            _ => self.history.push(metrics),
        }
    }

    /// A list to hold the next minute's services: one no longer needed (the minute before's when
    /// no history is kept, or a dropped night's), else a new one. Whoever fills it clears it.
    pub(super) fn take_spare(&mut self) -> Vec<ServiceMinute> {
        self.spare.pop().unwrap_or_default()
    }

    /// Keep only the latest minute from now on.
    pub(super) fn forget_history(&mut self) {
        self.keeps_history = false;
        let before = self.history.len().saturating_sub(1);
        self.history.drain(..before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A night dropped leaves its room to the next night on the thread, empty: the next one's
    /// history starts with nothing in it, and reuses the list rather than allocating one.
    #[test]
    fn a_dropped_nights_room_is_reused_empty() {
        let s = crate::scenario::builtin(crate::scenario::FLAGSHIP).unwrap();
        let mut first = Ledger::new(&s);
        first.close(Metrics::default());
        let list = first.history.as_ptr();
        drop(first);
        let second = Ledger::new(&s);
        assert!(second.history.is_empty());
        assert_eq!(second.history.as_ptr(), list, "the list was not reused");
        assert!(second.history.capacity() > s.length() as usize);
    }
}
