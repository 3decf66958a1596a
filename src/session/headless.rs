//! Whole nights played headless from a script: the night itself, its score alone, the reference
//! nights, and the nights without each of a script's entries (forked where they part).

use std::sync::Arc;

use super::{Script, Session};
use crate::scenario::Scenario;
use crate::score::Breakdown;

/// A whole night played headless.
pub fn run(scenario: Arc<Scenario>, seed: u64, script: &Script) -> Session {
    let mut s = Session::new(scenario, seed);
    s.play(script);
    s
}

/// The breakdown of a script's night, played for its score alone: the same figures as
/// [`run`]'s, without the story and the history nobody reads.
pub fn score_of(scenario: Arc<Scenario>, seed: u64, script: &Script) -> Breakdown {
    let mut s = Session::for_score(scenario, seed);
    s.play(script);
    s.breakdown()
}

/// The scenario's reference nights at a seed: (the expert's, doing nothing).
pub fn references(scenario: &Arc<Scenario>, seed: u64) -> (f64, f64) {
    let (expert, nothing) = reference_breakdowns(scenario, seed);
    (expert.total(), nothing.total())
}

/// The breakdowns of the scenario's reference nights at a seed: (the expert's, doing nothing).
pub fn reference_breakdowns(scenario: &Arc<Scenario>, seed: u64) -> (Breakdown, Breakdown) {
    let expert = score_of(scenario.clone(), seed, &Script::expert(scenario));
    let nothing = score_of(scenario.clone(), seed, &Script::default());
    (expert, nothing)
}

/// What each entry of a script was worth: the blast radius without it, less the blast radius with it.
/// Positive: the decision saved that much; negative: it cost that much.
pub fn worth_of_each(scenario: &Arc<Scenario>, seed: u64, script: &Script) -> Vec<f64> {
    let every: Vec<usize> = (0..script.0.len()).collect();
    let night = Session::for_score(scenario.clone(), seed);
    let (night, without) = without_each_from(night, script, &every);
    let with = night.blast_radius();
    without.iter().map(|b| b.total() - with).collect()
}

/// A script's whole night, and the breakdown of the night without each entry named in `skip`
/// (indices in time order, ascending), as [`Script::without`] plays it. The night without an
/// entry is the script's own night up to the moment that entry is taken, so it is forked from it
/// there instead of being played again from the start.
pub fn without_each(
    scenario: &Arc<Scenario>,
    seed: u64,
    script: &Script,
    skip: &[usize],
) -> (Session, Vec<Breakdown>) {
    without_each_from(Session::new(scenario.clone(), seed), script, skip)
}

/// As [`without_each`], from `night` not yet begun (one played for its score alone, say). The
/// nights without an entry are played for their score alone whatever `night` is.
pub fn without_each_from(
    mut night: Session,
    script: &Script,
    skip: &[usize],
) -> (Session, Vec<Breakdown>) {
    let s = night.world().scenario().clone();
    let entries = script.in_order(&s);
    let mut without = Vec::with_capacity(skip.len());
    for (i, e) in entries.iter().enumerate() {
        if skip.contains(&i) {
            night.run_until(s.minute_of(e.at));
            let mut fork = night.clone();
            fork.keep_score_only();
            fork.play_entries(&entries[i + 1..]);
            fork.run_to_end();
            without.push(fork.breakdown());
        }
        night.take(&s, e);
    }
    night.run_to_end();
    (night, without)
}
