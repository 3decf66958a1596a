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
    night: Session,
    script: &Script,
    skip: &[usize],
) -> (Session, Vec<Breakdown>) {
    let (night, without) = forks(night, script, skip, false);
    (night, without.into_iter().map(|w| w.without).collect())
}

/// The nights an entry is weighed by: the night without it and, where later decisions were
/// taken while it kept a responder busy, the night in which it kept them as busy to no effect.
#[derive(Debug, Clone)]
pub struct Without {
    pub without: Breakdown,
    /// `None` where nothing could have waited behind it: the night without it then.
    pub busy: Option<Breakdown>,
}

impl Without {
    /// What the entry's minutes cost by holding up what was queued behind them: the night
    /// without it less the night with a responder kept as busy (0 where nothing waited).
    pub fn waiting(&self) -> f64 {
        self.busy
            .as_ref()
            .map_or(0.0, |b| self.without.total() - b.total())
    }
}

/// As [`without_each_from`], with the night in which each entry kept its responder busy to no
/// effect, where a later decision was taken before the work in hand was done.
pub fn without_each_weighed_from(
    night: Session,
    script: &Script,
    skip: &[usize],
) -> (Session, Vec<Without>) {
    forks(night, script, skip, true)
}

fn forks(
    mut night: Session,
    script: &Script,
    skip: &[usize],
    busy: bool,
) -> (Session, Vec<Without>) {
    let s = night.world().scenario().clone();
    let entries = script.in_order(&s);
    let mut without = Vec::with_capacity(skip.len());
    let play_out = |mut fork: Session, rest: &[super::ScriptEntry]| {
        fork.keep_score_only();
        fork.play_entries(rest);
        fork.run_to_end();
        fork.breakdown()
    };
    for (i, e) in entries.iter().enumerate() {
        if !skip.contains(&i) {
            night.take(&s, e);
            continue;
        }
        night.run_until(s.minute_of(e.at));
        let fork = night.clone();
        night.take(&s, e);
        let rest = &entries[i + 1..];
        // A later decision taken before every responder is free again may wait behind this one.
        let free_at = night
            .world()
            .crew()
            .people()
            .iter()
            .map(|p| p.busy_until)
            .max()
            .unwrap_or(0);
        let queued_behind = rest
            .iter()
            .any(|x| x.hint.is_none() && x.inject.is_none() && s.minute_of(x.at) < free_at);
        let kept_busy = (busy && queued_behind).then(|| {
            let mut b = fork.clone();
            b.occupy_entry(e);
            play_out(b, rest)
        });
        without.push(Without {
            without: play_out(fork, rest),
            busy: kept_busy,
        });
    }
    night.run_to_end();
    (night, without)
}
