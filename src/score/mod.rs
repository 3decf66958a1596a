//! The blast radius: a night's tally weighed by the scenario's scoring, broken down by who was hurt,
//! and a grade placed between the scenario's own reference nights.

use serde::Serialize;

use crate::scenario::{Scenario, Scoring};
use crate::sim::Tally;

/// The three groups the breakdown falls into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    Customers,
    LastingDamage,
    Organisation,
}

impl Group {
    /// Every group, in the order the breakdown shows them.
    pub const ALL: [Group; 3] = [Group::Customers, Group::LastingDamage, Group::Organisation];

    /// The group's key in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Group::Customers => "customers",
            Group::LastingDamage => "lasting_damage",
            Group::Organisation => "organisation",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Group::Customers => "customer harm",
            Group::LastingDamage => "lasting damage",
            Group::Organisation => "the organisation's share",
        }
    }
}

/// One named part of the blast radius.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub name: &'static str,
    pub group: Group,
    /// What was counted (transactions, instances, minutes, calls, hours).
    pub count: f64,
    pub unit: &'static str,
    /// Its share of the blast radius.
    pub points: f64,
}

/// The blast radius of a tally, part by part; the parts sum to the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    pub parts: Vec<Part>,
}

impl Breakdown {
    /// The parts this scenario's world can produce: jobs only where there is a queue, data lost
    /// only where a queue can fill, stale answers only where a cache can answer, customers'
    /// fallback only where they can be told of it, shed features only where something is
    /// sheddable, rabbit holes only where an action is one, slow diagnosis only where there are
    /// theories to state. What is left out is always zero.
    pub fn of(t: &Tally, s: &Scenario) -> Breakdown {
        use crate::scenario::{Control, Effect};
        let mut b = Breakdown::new(t, &s.scoring);
        let queues = || s.services.iter().filter_map(|x| x.queue.as_ref());
        let has_queue = queues().next().is_some();
        let queues_fill = queues().any(|q| q.holds.is_some());
        let caches = s
            .services
            .iter()
            .any(|x| x.needs.iter().any(|n| n.stale_ok));
        let sheddable = s.services.iter().any(|x| x.sheddable > 0.0);
        let holes = s
            .actions
            .iter()
            .any(|a| a.effects.iter().any(|e| matches!(e, Effect::Occupy(_))));
        b.parts.retain(|p| match p.name {
            "jobs_dropped" | "jobs_left" => has_queue,
            "data_lost" => queues_fill,
            "served_stale" => caches,
            "offline_transactions" => s.uses_control(Control::OfflineMode),
            "features_shed" => sheddable,
            "rabbit_holes" => holes,
            "slow_diagnosis" => !s.theories.is_empty(),
            _ => true,
        });
        b
    }

    pub fn new(t: &Tally, w: &Scoring) -> Breakdown {
        use Group::*;
        let part = |name, group, count: f64, unit, weight: f64| Part {
            name,
            group,
            count,
            unit,
            points: bounded(count * weight),
        };
        Breakdown {
            parts: vec![
                part(
                    "failed_transactions",
                    Customers,
                    t.failed_transactions,
                    "transactions",
                    w.failed_transaction,
                ),
                part(
                    "delayed_transactions",
                    Customers,
                    t.delayed_transactions,
                    "transactions",
                    w.delayed_transaction,
                ),
                part(
                    "offline_transactions",
                    Customers,
                    t.offline_transactions,
                    "transactions",
                    w.offline_transaction,
                ),
                part(
                    "degraded_features",
                    Customers,
                    t.degraded_requests,
                    "requests",
                    w.degraded_request,
                ),
                part(
                    "features_shed",
                    Customers,
                    t.shed_requests,
                    "requests",
                    w.shed_request.unwrap_or(w.degraded_request),
                ),
                part(
                    "served_stale",
                    Customers,
                    t.served_stale,
                    "requests",
                    w.stale_request,
                ),
                part(
                    "capacity_destroyed",
                    LastingDamage,
                    t.capacity_destroyed,
                    "instances",
                    w.capacity_destroyed,
                ),
                part(
                    "jobs_dropped",
                    LastingDamage,
                    t.jobs_dropped,
                    "jobs",
                    w.job_dropped,
                ),
                part(
                    "left_undone",
                    LastingDamage,
                    t.left_undone,
                    "items",
                    w.left_undone,
                ),
                part("jobs_left", LastingDamage, t.jobs_left, "jobs", w.job_left),
                part(
                    "data_lost",
                    LastingDamage,
                    t.jobs_lost,
                    "jobs",
                    w.job_lost.unwrap_or(w.job_dropped),
                ),
                part(
                    "escalation_delay",
                    Organisation,
                    t.escalation_minutes,
                    "minutes",
                    w.escalation_minute,
                ),
                part(
                    "communication_gaps",
                    Organisation,
                    t.comms_gap_minutes,
                    "minutes",
                    w.comms_gap_minute,
                ),
                part(
                    "support_load",
                    Organisation,
                    t.support_calls,
                    "calls",
                    w.support_call,
                ),
                part(
                    "rabbit_holes",
                    Organisation,
                    t.rabbit_hole_hours,
                    "hours",
                    w.rabbit_hole_hour,
                ),
                part(
                    "slow_diagnosis",
                    Organisation,
                    t.theory_minutes,
                    "minutes",
                    w.theory_minute,
                ),
                part(
                    "fatigue",
                    Organisation,
                    t.fatigue_hours,
                    "hours",
                    w.fatigue_hour,
                ),
            ],
        }
    }

    /// The blast radius: the sum of the parts.
    pub fn total(&self) -> f64 {
        self.parts.iter().map(|p| p.points).sum::<f64>()
    }

    /// The blast radius as shown: each part in whole points, summed (so the parts add up exactly).
    pub fn points(&self) -> i64 {
        self.parts.iter().map(|p| p.points.round() as i64).sum()
    }

    pub fn group_total(&self, g: Group) -> f64 {
        self.parts
            .iter()
            .filter(|p| p.group == g)
            .map(|p| p.points)
            .sum()
    }
}

/// The most points one part of the blast radius can hold: extreme weights (all within the
/// format's limits) saturate here, so the parts stay finite and non-negative and their sum in
/// whole points never overflows.
pub const MAX_PART_POINTS: f64 = 1e12;

fn bounded(points: f64) -> f64 {
    if points.is_nan() {
        0.0
    } else {
        points.clamp(0.0, MAX_PART_POINTS)
    }
}

/// The blast radius of a tally.
pub fn blast_radius(t: &Tally, w: &Scoring) -> f64 {
    Breakdown::new(t, w).total()
}

/// A letter grade: where the night falls between the expert's (A) and doing nothing (D) at the
/// same seed, measured in ratios (see `span`); worse than doing nothing is F.
pub fn grade(player: f64, expert: f64, nothing: f64) -> char {
    grade_within(player, expert, nothing, 0.0)
}

/// How far apart two blast radii are, as a grade measures them: the log of their ratio. Blast
/// radius grows by multiples — a night twice the expert's is twice the harm whether doing nothing
/// would have cost five times the expert's or twenty-five — so a night is placed by how many times
/// the expert's it is, against how many times doing nothing is. On a line, one catastrophic
/// reference made everything short of it look good: a night 2.4 times the expert's graded A
/// where doing nothing came to 25 times, B where it came to 9.
pub fn span(from: f64, to: f64) -> f64 {
    (to.max(1.0) / from.max(1.0)).ln().max(0.0)
}

/// The share of the scenario's typical span (`span` from the expert's to doing nothing's
/// medians over the reference seeds) below which a seed's own span is not allowed to shrink: on
/// a seed where doing nothing happens to go well, a small slip is not graded as a large one.
pub const SPAN_FLOOR: f64 = 0.5;

/// `grade`, with the span between the references (see `span`) at least `min_span`. However wide
/// the floor makes the span, a night no better than doing nothing at its own seed is never graded
/// above D: the floor spares a good seed's small slips, it does not reward doing nothing.
pub fn grade_within(player: f64, expert: f64, nothing: f64, min_span: f64) -> char {
    let whole = span(expert, nothing).max(min_span).max(1e-9);
    let r = span(expert, player) / whole;
    let placed = match r {
        r if r <= 0.15 => 'A',
        r if r <= 0.45 => 'B',
        r if r <= 0.75 => 'C',
        r if r <= 1.02 => 'D',
        _ => 'F',
    };
    if player >= nothing {
        placed.max('D')
    } else {
        placed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weights() -> Scoring {
        Scoring {
            failed_transaction: 1.0,
            delayed_transaction: 0.2,
            offline_transaction: 0.1,
            degraded_request: 0.05,
            capacity_destroyed: 50.0,
            job_dropped: 0.5,
            job_lost: None,
            stale_request: 0.0,
            escalation_minute: 10.0,
            escalate_to: 2,
            comms_gap_minute: 5.0,
            update_every: 60,
            support_call: 3.0,
            fatigue_hour: 100.0,
            tired_after: 16.0,
            impact_error_rate: 0.05,
            calls_per_customer_hour: 0.1,
            shed_request: None,
            rabbit_hole_hour: 0.0,
            theory_minute: 0.0,
            left_undone: 100.0,
            job_left: 0.1,
        }
    }

    #[test]
    fn parts_sum_to_the_total_and_weigh_what_they_count() {
        let t = Tally {
            failed_transactions: 100.0,
            capacity_destroyed: 2.0,
            fatigue_hours: 1.5,
            ..Tally::default()
        };
        let b = Breakdown::new(&t, &weights());
        assert_eq!(b.total(), 100.0 + 100.0 + 150.0);
        let sum: f64 = [Group::Customers, Group::LastingDamage, Group::Organisation]
            .iter()
            .map(|g| b.group_total(*g))
            .sum();
        assert_eq!(sum, b.total());
        assert_eq!(blast_radius(&Tally::default(), &weights()), 0.0);
    }

    #[test]
    fn extreme_weights_saturate_and_the_parts_still_sum() {
        let mut w = weights();
        w.support_call = 1e9;
        w.calls_per_customer_hour = 1e9;
        let t = Tally {
            support_calls: 1e12,
            failed_transactions: f64::INFINITY,
            fatigue_hours: 2.0,
            ..Tally::default()
        };
        let b = Breakdown::new(&t, &w);
        assert!(
            b.parts
                .iter()
                .all(|p| p.points.is_finite() && p.points >= 0.0)
        );
        let sum: i64 = b.parts.iter().map(|p| p.points.round() as i64).sum();
        assert_eq!(b.points(), sum);
        assert!(b.points() > 0);
        assert_eq!(b.group_total(Group::Customers), MAX_PART_POINTS);
    }

    #[test]
    fn grades_place_a_night_between_the_references() {
        // Doing nothing is 5 times the expert's: A within 5^0.15 (1.27 times), B within 5^0.45
        // (2.06), C within 5^0.75 (3.34), D up to doing nothing.
        assert_eq!(grade(1000.0, 1000.0, 5000.0), 'A');
        assert_eq!(grade(800.0, 1000.0, 5000.0), 'A');
        assert_eq!(grade(1250.0, 1000.0, 5000.0), 'A');
        assert_eq!(grade(2000.0, 1000.0, 5000.0), 'B');
        assert_eq!(grade(3000.0, 1000.0, 5000.0), 'C');
        assert_eq!(grade(3500.0, 1000.0, 5000.0), 'D');
        assert_eq!(grade(5000.0, 1000.0, 5000.0), 'D');
        assert_eq!(grade(7000.0, 1000.0, 5000.0), 'F');
    }

    #[test]
    fn a_night_is_graded_by_how_many_times_the_experts_it_is() {
        // 2.4 times the expert's: the same grade whether doing nothing came to 9 or 25 times.
        assert_eq!(grade(2400.0, 1000.0, 9000.0), 'B');
        assert_eq!(grade(2400.0, 1000.0, 25_000.0), 'B');
        // (On a line it was A beside the catastrophic reference: 1,400 of 24,000 is under 0.15.)
    }

    #[test]
    fn a_floored_span_never_lifts_doing_nothing_above_d() {
        // This seed's span (5 times) is far below the floor (100 times): a slip to twice the
        // expert's is small...
        let floor = span(1000.0, 100_000.0);
        assert_eq!(grade_within(1500.0, 1000.0, 5000.0, floor), 'A');
        // ...but the night no better than doing nothing here is D, and worse is D at best.
        assert_eq!(grade_within(5000.0, 1000.0, 5000.0, floor), 'D');
        assert_eq!(grade_within(6000.0, 1000.0, 5000.0, floor), 'D');
        assert_eq!(grade_within(110_000.0, 1000.0, 5000.0, floor), 'F');
    }
}
