//! What a decision was worth: the night without it less the night with it, over the night's
//! seed and the next few, with what moved on the night's own seed, what came of the time it
//! took while later decisions waited behind it, and the words every screen and export says it in.

use std::sync::Arc;

use rayon::prelude::*;

use super::debrief::{DecisionRow, References, WORTH_SEEDS, signed, within_noise};
use super::headless::{Without, without_each_weighed_from};
use super::stats::mean_and_error;
use super::{Session, script_of};
use crate::scenario::{Effect, Scenario};
use crate::score::Breakdown;
use crate::sim::Outcome;

/// What a decision saved (+) or cost (−): the night without it less the night with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Worth {
    /// On the night's own seed.
    pub own: f64,
    /// Over `WORTH_SEEDS` seeds.
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    /// Too small against its spread (or against the night) to call it saved or cost.
    pub within_noise: bool,
    /// Carried out tonight, but fumbled: it changed nothing on this seed, whatever it is worth
    /// on the others (where the fumble may not come). Its headline is tonight's worth.
    pub fumbled: bool,
    /// What moved, on the night's own seed (the mean is over several, and can differ in sign):
    /// "on this seed (+3,202) without it: 38 more instances (capacity destroyed)".
    pub why: String,
    /// Of `mean`, what came of the time it took while later decisions waited behind it: the
    /// night without it less the night with a responder kept as busy to no effect (see
    /// `World::occupy`). 0 where nothing waited.
    pub waiting: f64,
    /// What it did by itself, its time aside (`mean` less `waiting`), and whether that is
    /// within noise. Lessons are marked by this: escalating that held up a fix is not
    /// communication backfiring.
    pub itself: f64,
    pub itself_within_noise: bool,
}

impl Worth {
    /// Whether it helped tonight: worth more than noise over the seeds, and not fumbled.
    pub fn helped(&self) -> bool {
        !self.within_noise && !self.fumbled && self.mean > 0.0
    }

    /// Whether it cost tonight: worth less than noise over the seeds, and not fumbled.
    pub fn hurt(&self) -> bool {
        !self.within_noise && !self.fumbled && self.mean < 0.0
    }

    /// Whether what it did by itself helped, its time aside (see `itself`).
    pub fn helped_itself(&self) -> bool {
        !self.itself_within_noise && !self.fumbled && self.itself > 0.0
    }

    /// Whether what it did by itself cost, its time aside (see `itself`).
    pub fn hurt_itself(&self) -> bool {
        !self.itself_within_noise && !self.fumbled && self.itself < 0.0
    }

    /// Nothing moved on any seed (to the point): not noise, no effect at all.
    pub fn changed_nothing(&self) -> bool {
        self.low.round() == 0.0 && self.high.round() == 0.0
    }

    /// The figure a debrief leads with: the mean over the seeds, or for a decision fumbled
    /// tonight what it was worth on this seed (nothing changed, so about nothing).
    pub fn headline(&self) -> f64 {
        if self.fumbled { self.own } else { self.mean }
    }
}

/// "12,345 more failed sales", "30 fewer escalation minutes", "4 more instances (capacity
/// destroyed)": a count's change, in its unit and the scenario's words. A part named for what it
/// counts reads as one phrase ("5 more sales (delayed sales)" read as if sales were won).
fn counted(s: &Scenario, delta: f64, unit: &str, name: &str) -> String {
    let (label, unit) = s.part_words(name, unit);
    let n = delta.abs().round() as i64;
    let more = if delta > 0.0 { "more" } else { "fewer" };
    let counted = super::quantity(n, &unit);
    let (number, counted_unit) = counted.split_once(' ').unwrap_or((&counted, ""));
    match label.strip_suffix(unit.as_str()) {
        Some(kind) if kind.ends_with(' ') => format!("{number} {more} {kind}{counted_unit}"),
        _ => format!("{number} {more} {counted_unit} ({label})"),
    }
}

/// What moved between the night with a decision and without it: the parts that changed most.
/// A decision that declares a severity and cost in communication gaps says why: a declared
/// incident owes the executives news (see the scoring of `comms_gap_minute`).
fn reason(s: &Scenario, action: &str, with: &Breakdown, without: &Breakdown) -> String {
    let mut moved: Vec<(f64, String)> = with
        .parts
        .iter()
        .zip(&without.parts)
        .filter(|(a, b)| (b.points - a.points).abs() >= 0.5 && (b.count - a.count).abs() >= 0.5)
        .map(|(a, b)| {
            (
                (b.points - a.points).abs(),
                counted(s, b.count - a.count, a.unit, a.name),
            )
        })
        .collect();
    if moved.is_empty() {
        return "on this seed nothing changed without it".to_string();
    }
    moved.sort_by(|a, b| b.0.total_cmp(&a.0));
    let declares = s.action(action).is_some_and(|a| {
        a.effects
            .iter()
            .any(|e| matches!(e, Effect::Escalate | Effect::Declare(_)))
    });
    let gaps = with
        .parts
        .iter()
        .zip(&without.parts)
        .find(|(a, _)| a.name == "communication_gaps");
    let owed_more = gaps.is_some_and(|(a, b)| a.count - b.count >= 0.5);
    let parts: Vec<String> = moved.into_iter().take(2).map(|(_, t)| t).collect();
    // Why the gaps came with it: said as what the decision brought, not as one more thing that
    // would have happened without it.
    let owed = if declares && owed_more {
        format!(
            "; with it, a declared incident owes the executives news every {} minutes from when they are on hand",
            s.scoring.update_every
        )
    } else {
        String::new()
    };
    // This seed's own worth, beside the mean over the seeds the figure before it gives.
    let own = (without.total() - with.total()).round() as i64;
    format!(
        "on this seed ({}) without it: {}{owed}",
        signed(own),
        parts.join(", ")
    )
}

/// What a decision's time cost on this seed while later decisions waited behind it, said after
/// what moved: "; −2,092 of the −3,376 came of the time it kept Alex (on-call) busy while Freeze
/// CI/CD waited behind it" (`behind`: who was kept busy, and what waited, when known). Nothing
/// where that is less than a tenth of the seed's worth.
fn waited(waiting: f64, own: f64, behind: &Behind) -> String {
    let n = waiting.round() as i64;
    if n == 0 || waiting.abs() * 10.0 < own.abs() {
        return String::new();
    }
    let itself = signed((own - waiting).round() as i64);
    let part_of_it = waiting * own > 0.0 && waiting.abs() <= own.abs();
    let (n, own) = (signed(n), signed(own.round() as i64));
    let who = behind.who.as_deref().unwrap_or("a responder");
    let what = match behind.waited.as_slice() {
        [] => "later decisions".to_string(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} more", rest.len()),
    };
    let how = format!("the time it kept {who} busy while {what} waited behind it");
    let share = if n == own {
        "all of it".to_string()
    } else if part_of_it {
        format!("{n} of the {own}")
    } else {
        // The wait and what it did by itself pulled apart: both said, neither as a share.
        return format!("; {how} came to {n}, what it did by itself to {itself}");
    };
    format!("; {share} came of {how}")
}

/// Who a decision kept busy, and the decisions that waited behind it (queued for the same
/// responder, decided before its work was done), by label.
#[derive(Default)]
struct Behind {
    who: Option<String>,
    waited: Vec<String>,
}

/// [`Behind`] for the `i`-th decision of the night's log.
fn behind(played: &Session, i: usize) -> Behind {
    let (log, crew, s) = (played.log(), played.world().crew(), played.scenario());
    let worked = |d: &super::Decision| {
        let t = d.ticket?;
        Some((crew.started_at(t)?, crew.worked(t)?))
    };
    let Some((_, (by, done))) = log.get(i).and_then(worked) else {
        return Behind::default();
    };
    let waited = log[i + 1..]
        .iter()
        .filter(|d| {
            worked(d).is_some_and(|(start, (their, _))| {
                their == by && d.at < done && start > d.at && start >= done
            })
        })
        .map(|d| d.act.label(s))
        .collect();
    Behind {
        who: s.people.get(by).map(|p| p.name.clone()),
        waited,
    }
}

/// Of the carried decisions (`carried`, indices into `rows`), the one (its place in `carried`)
/// that undid the `n`-th: the first later one carried out, not fumbled, of the action its own
/// names as its undo.
fn undone_by(s: &Scenario, rows: &[DecisionRow], carried: &[usize], n: usize) -> Option<usize> {
    let row = &rows[carried[n]];
    let undo = s.action(&row.action)?.undo.as_deref()?;
    if row.outcome == Some(Outcome::Fumbled) {
        return None;
    }
    carried[n + 1..]
        .iter()
        .position(|&j| rows[j].action == undo && rows[j].outcome != Some(Outcome::Fumbled))
        .map(|k| n + 1 + k)
}

/// How a decision a later one undid is weighed, said before what moved: "weighed as if kept
/// (Unfreeze CI/CD at 10:49 is weighed by itself); ".
fn kept_words(rows: &[DecisionRow], undone_by: Option<usize>) -> String {
    undone_by.map_or_else(String::new, |j| {
        format!(
            "weighed as if kept ({} at {} is weighed by itself); ",
            rows[j].label, rows[j].at
        )
    })
}

/// Weigh every decision that was carried out, on `WORTH_SEEDS` seeds. The nights keep the refused
/// decisions too: one that an earlier decision blocked (a busy responder) may go through without
/// it, and that is part of what the earlier one cost.
pub(super) fn weigh(
    s: &Arc<Scenario>,
    seed: u64,
    played: &Session,
    refs: &References,
    rows: &mut [DecisionRow],
) {
    let script = script_of(played);
    let seeds: Vec<u64> = (0..WORTH_SEEDS).map(|k| seed.wrapping_add(k)).collect();
    let carried: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].refusal.is_none())
        .collect();
    if carried.is_empty() {
        return;
    }
    // Per seed: the night as played, and the night without each carried decision. A decision
    // about a drawn zone (the gray one) is about that seed's drawn zone.
    let here = played.world().provider().drawn().to_vec();
    let (with, without): (Vec<Breakdown>, Vec<Vec<Without>>) = seeds
        .par_iter()
        .map(|&k| {
            let there = Session::new(s.clone(), k)
                .world()
                .provider()
                .drawn()
                .to_vec();
            let script = script.with_zones_drawn(s, &here, &there);
            let night = Session::for_score(s.clone(), k);
            let (night, without) = without_each_weighed_from(night, &script, &carried);
            (night.breakdown(), without)
        })
        .unzip();
    for (n, &i) in carried.iter().enumerate() {
        let forks: Vec<&Without> = without.iter().map(|w| &w[n]).collect();
        // A decision a later one undid (a freeze lifted, health checks turned back on) is
        // weighed as if kept: the night without the undoing one, less the night without either
        // (where the undoing one is refused, with nothing to undo). The undoing one is weighed
        // against the night as played. So each says what it did, and the two add up to what the
        // pair did: a freeze lifted too early does not read as a freeze that cost.
        let undone_by = undone_by(s, rows, &carried, n);
        let with: Vec<&Breakdown> = match undone_by {
            Some(m) => without.iter().map(|w| &w[m].without).collect(),
            None => with.iter().collect(),
        };
        let w: Vec<f64> = forks
            .iter()
            .zip(&with)
            .map(|(a, b)| a.without.total() - b.total())
            .collect();
        let waits: Vec<f64> = forks.iter().map(|f| f.waiting()).collect();
        let itself: Vec<f64> = w.iter().zip(&waits).map(|(a, b)| a - b).collect();
        let (mean, _) = mean_and_error(&w);
        let (low, high) = w
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
                (l.min(*x), h.max(*x))
            });
        let noise = |x: &[f64]| within_noise(x, refs.expert_spread.median);
        rows[i].worth = Some(Worth {
            own: w[0],
            mean,
            low,
            high,
            within_noise: noise(&w),
            fumbled: rows[i].outcome == Some(Outcome::Fumbled),
            why: kept_words(rows, undone_by.map(|m| carried[m]))
                + &reason(s, &rows[i].action, with[0], &forks[0].without)
                + &waited(waits[0], w[0], &behind(played, i)),
            waiting: mean_and_error(&waits).0,
            itself: mean_and_error(&itself).0,
            itself_within_noise: noise(&itself),
        });
    }
}

/// How far a decision's worth spread over the seeds: "−40 to +3,200 over 8 seeds", "+1,816 on
/// all 8 seeds" where the ends meet, "the same on all 8 seeds" where it changed nothing.
pub fn range_words(w: &Worth) -> String {
    let (low, high) = (w.low.round() as i64, w.high.round() as i64);
    if w.changed_nothing() {
        format!("the same on all {WORTH_SEEDS} seeds")
    } else if low == high {
        format!("{} on all {WORTH_SEEDS} seeds", signed(low))
    } else {
        format!(
            "{} to {} over {WORTH_SEEDS} seeds",
            signed(low),
            signed(high)
        )
    }
}

/// "+3,202 saved", "−450 cost", "±0, within noise (−40 to +35)", "±0, changed nothing (over 8
/// seeds)", "±0 tonight, fumbled; +38,204
/// on average (±0 to +61,020 over 8 seeds)".
pub fn worth_words(w: &Worth) -> String {
    let n = w.mean.round() as i64;
    let range = range_words(w);
    if w.fumbled {
        // Its mean is over seeds where it may have gone through: never this night's headline.
        let tonight = signed(w.own.round() as i64);
        format!(
            "{tonight} tonight, fumbled; {} on average ({range})",
            signed(n)
        )
    } else if w.changed_nothing() {
        format!("±0, changed nothing (over {WORTH_SEEDS} seeds)")
    } else if w.within_noise {
        format!("{}, within noise ({range})", signed(n))
    } else if n > 0 {
        format!("{} saved ({range})", signed(n))
    } else {
        format!("{} cost ({range})", signed(n))
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario;

    #[test]
    fn a_worth_reads_as_what_it_was() {
        let w = |mean: f64, low: f64, high: f64, within_noise: bool| super::Worth {
            own: mean,
            mean,
            low,
            high,
            within_noise,
            fumbled: false,
            why: String::new(),
            waiting: 0.0,
            itself: mean,
            itself_within_noise: within_noise,
        };
        let words = |x: super::Worth| super::worth_words(&x);
        assert_eq!(
            words(w(0.0, 0.0, 0.0, true)),
            "±0, changed nothing (over 8 seeds)"
        );
        assert_eq!(
            words(w(2.0, -40.0, 35.0, true)),
            "+2, within noise (−40 to +35 over 8 seeds)"
        );
        assert_eq!(
            words(w(3202.0, 3000.0, 3400.0, false)),
            "+3,202 saved (+3,000 to +3,400 over 8 seeds)"
        );
        assert_eq!(
            words(w(-450.0, -500.0, -400.0, false)),
            "−450 cost (−500 to −400 over 8 seeds)"
        );
        // The same on every seed: one figure, not a range from it to itself.
        assert_eq!(
            words(w(1816.0, 1816.2, 1815.9, false)),
            "+1,816 saved (+1,816 on all 8 seeds)"
        );
    }

    #[test]
    fn the_wait_behind_a_decision_is_said_as_a_share_only_where_it_is_one() {
        let nobody = super::Behind::default();
        let waited = |w, own| super::waited(w, own, &nobody);
        assert_eq!(waited(3.0, -3000.0), "", "less than a tenth: not said");
        assert!(waited(-2092.0, -3376.0).starts_with("; −2,092 of the −3,376 came of"));
        assert!(waited(-500.0, -500.0).starts_with("; all of it came of"));
        // Opposite ways, or more than the whole: no "of the".
        assert_eq!(
            waited(-500.0, 0.0),
            "; the time it kept a responder busy while later decisions waited behind it came to −500, what it did by itself to +500"
        );
        assert!(!waited(-800.0, 300.0).contains(" of the "));
        // Who was kept busy, and what waited, when known.
        let named = |n: usize| super::Behind {
            who: Some("Alex".into()),
            waited: ["Freeze CI/CD", "Pause jobs", "Escalate", "Page"][..n]
                .iter()
                .map(|x| x.to_string())
                .collect(),
        };
        let said = |n| super::waited(-500.0, -500.0, &named(n));
        assert_eq!(
            said(1),
            "; all of it came of the time it kept Alex busy while Freeze CI/CD waited behind it"
        );
        assert!(
            said(2).contains("while Freeze CI/CD and Pause jobs waited"),
            "{}",
            said(2)
        );
        assert!(
            said(4).contains("while Freeze CI/CD, Pause jobs and 2 more waited"),
            "{}",
            said(4)
        );
    }

    #[test]
    fn a_change_in_a_count_reads_as_what_was_counted() {
        let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
        let counted = |d, unit, name| super::counted(&s, d, unit, name);
        assert_eq!(
            counted(5.0, "transactions", "delayed_transactions"),
            "5 more delayed sales"
        );
        assert_eq!(
            counted(-1.0, "transactions", "failed_transactions"),
            "1 fewer failed sale"
        );
        assert_eq!(
            counted(-30.0, "minutes", "escalation_delay"),
            "30 fewer minutes (escalation delay)"
        );
        assert_eq!(
            counted(4.0, "instances", "capacity_destroyed"),
            "4 more instances (capacity destroyed)"
        );
    }
}
