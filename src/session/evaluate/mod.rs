//! A scenario's balance over many seeds: the scenario author's check and the engine's test bench.
//! Plays each policy (the expert's path, doing nothing, the panicky path, a seeded random night,
//! scripts from files) at every seed, the expert's path without each of its steps (what each step
//! is worth), the expert's path plus each action it never takes, and reports the distributions,
//! grades, worthless steps, useless actions, silent beats and bimodal distributions.
//!
//! Nights are independent and run in parallel (rayon); results are collected by seed in a fixed
//! order, so the same options give the same [`Evaluation`] whatever the number of threads.
//! Policies and seeds are in `policy.rs`, the nights played for each seed in `nights.rs`, the
//! statistics in `stats.rs`, the text and JSON in `format.rs`.

mod format;
mod nights;
mod policy;
mod stats;

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::Script;
use super::stats::{mean_and_error, sorted};
use crate::scenario::Scenario;
use nights::{Done, EXPERT_SLOT, NOTHING_SLOT, Nights, Task, candidates};
use stats::{bimodal, spread};

pub use format::{json, text};
pub use nights::Untried;
pub use policy::{Options, Policy, Seeds, random_script};
pub(crate) use stats::{points, signed};

/// Seeds when none are given: 1..=32.
pub const DEFAULT_SEEDS: u64 = 32;
/// The most seeds one evaluation plays.
pub const MAX_SEEDS: u64 = 1_000_000;
/// Actions off the expert's path are tried on at most this many seeds (the first of the range).
pub const UNUSED_ACTION_SEEDS: u64 = 16;
/// Decisions in a random night.
pub const RANDOM_DECISIONS: usize = 12;
/// The noise floor of a step's worth: this share of the expert's median blast radius (the
/// debrief's rule, see `debrief::within_noise`).
pub use super::debrief::NOISE_SHARE;

/// Five points of a distribution over seeds (linear interpolation between sorted values).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spread {
    pub min: f64,
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
    pub max: f64,
}

/// How many nights got each grade.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Grades {
    #[serde(rename = "A")]
    pub a: u64,
    #[serde(rename = "B")]
    pub b: u64,
    #[serde(rename = "C")]
    pub c: u64,
    #[serde(rename = "D")]
    pub d: u64,
    #[serde(rename = "F")]
    pub f: u64,
}

impl Grades {
    fn add(&mut self, g: char) {
        match g {
            'A' => self.a += 1,
            'B' => self.b += 1,
            'C' => self.c += 1,
            'D' => self.d += 1,
            _ => self.f += 1,
        }
    }

    /// (letter, count) in order.
    pub fn letters(&self) -> [(char, u64); 5] {
        [
            ('A', self.a),
            ('B', self.b),
            ('C', self.c),
            ('D', self.d),
            ('F', self.f),
        ]
    }
}

/// One night of a policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Night {
    pub seed: u64,
    pub blast_radius: f64,
    pub grade: char,
}

/// Where a distribution splits in two: the gap between `below` and `above`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Gap {
    pub below: f64,
    pub above: f64,
    pub seeds_below: u64,
    pub seeds_above: u64,
}

/// A policy over the seeds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolicyResult {
    pub name: String,
    pub blast_radius: Spread,
    pub grades: Grades,
    /// Set when the distribution is bimodal: its largest gap is more than 30 % of its range with
    /// at least 15 % of the seeds (and at least two) on each side.
    pub bimodal: Option<Gap>,
    pub nights: Vec<Night>,
}

/// A seed where expert < nothing < panicky does not hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Disorder {
    pub seed: u64,
    pub expert: f64,
    pub nothing: f64,
    pub panicky: Option<f64>,
}

/// The reference ordering over the seeds: expert < nothing < panicky (expert < nothing when the
/// scenario has no panicky path).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ordering {
    pub with_panicky: bool,
    pub holds_on: u64,
    pub fails_on: Vec<Disorder>,
}

/// What one step of the expert's path is worth: the night without it, less the night with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepWorth {
    /// 1-based, in time order.
    pub step: usize,
    pub at: String,
    pub action: String,
    pub target: Option<String>,
    /// The lessons whose `applied_by` names the action.
    pub lessons: Vec<String>,
    pub mean: f64,
    pub p10: f64,
    pub p90: f64,
    /// The standard error of the mean.
    pub std_error: f64,
    /// max(2 × standard error, the noise floor): |mean| below it is noise.
    pub threshold: f64,
    pub within_noise: bool,
    /// Per seed, in seed order.
    pub worth: Vec<f64>,
}

impl StepWorth {
    /// "step 12 (10:44 pause_capture_jobs)".
    pub fn label(&self) -> String {
        let target = self
            .target
            .as_ref()
            .map_or(String::new(), |t| format!(" {t}"));
        format!("step {} ({} {}{target})", self.step, self.at, self.action)
    }
}

/// An action off the expert's path, tried once on top of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActionWorth {
    pub action: String,
    pub target: Option<String>,
    /// When it was added to the expert's path: the first minute from the path's first step that
    /// what it requires holds.
    pub at: String,
    /// The expert's night less the night with this action added: positive, it helped.
    pub mean: f64,
    pub best: f64,
    /// Seeds where it was carried out rather than refused.
    pub accepted_on: u64,
    /// Worth ≤ 0 on every seed tried.
    pub never_worth_taking: bool,
}

/// The actions the expert's path never takes, each added at the path's first step (or the first
/// minute after it that the action is allowed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnusedActions {
    pub seeds: Seeds,
    /// The expert's first step: each action is added then, or as soon after as it is allowed.
    pub at: Option<String>,
    pub actions: Vec<ActionWorth>,
    /// Actions not tried: what they require never holds on the expert's night.
    pub untried: Vec<Untried>,
}

/// The whole evaluation of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    pub scenario: String,
    pub title: String,
    pub seeds: Seeds,
    pub policies: Vec<PolicyResult>,
    /// Policies left out, and why.
    pub skipped: Vec<String>,
    pub ordering: Ordering,
    /// NOISE_SHARE of the expert's median blast radius.
    pub noise_floor: f64,
    pub ablation: Vec<StepWorth>,
    pub unused_actions: UnusedActions,
    /// Beats (by id) that fired in no night of any policy evaluated.
    pub silent_beats: Vec<String>,
    /// What `--check` fails on; empty when the scenario passes.
    pub check_failures: Vec<String>,
}

/// The grade of a night at a seed, as the debrief grades it. The one place the evaluation grades.
fn grade_of(player: f64, refs: (f64, f64), typical_span: f64) -> char {
    super::grade(player, refs.0, refs.1, typical_span)
}

/// How many nights [`evaluate`] plays: the total its progress callback counts up to.
pub fn nights(s: &Arc<Scenario>, opts: &Options) -> u64 {
    let n = opts.seeds.count();
    let slots = slots(s, opts).len() as u64;
    let expert = s.expert.len() as u64;
    let unused = candidates(s, &Script::expert(s).in_order(s), opts.seeds.first)
        .0
        .len() as u64;
    n * (2 + slots + expert) + opts.seeds.head(UNUSED_ACTION_SEEDS).count() * unused
}

/// The policies to play: the references always (expert, nothing, panicky if any), then the
/// others named, without repeats.
fn slots(s: &Scenario, opts: &Options) -> Vec<Policy> {
    let mut v = vec![Policy::Expert, Policy::Nothing];
    if !s.panicky.is_empty() {
        v.push(Policy::Panicky);
    }
    for p in &opts.policies {
        let absent = *p == Policy::Panicky && s.panicky.is_empty();
        if absent || v.contains(p) {
            continue;
        }
        v.push(p.clone());
    }
    v
}

/// Evaluate a scenario. `progress` is called with the number of nights just played, from any
/// thread; it adds up to [`nights`].
pub fn evaluate(
    scenario: &Arc<Scenario>,
    opts: &Options,
    progress: &(dyn Fn(u64) + Sync),
) -> Evaluation {
    let s = scenario;
    let slots = slots(s, opts);
    let expert_steps = Script::expert(s).in_order(s);
    let expert_script = Script(expert_steps.clone());
    let (candidates, untried) = candidates(s, &expert_steps, opts.seeds.first);
    let unused_seeds = opts.seeds.head(UNUSED_ACTION_SEEDS);

    let plan = Nights {
        s,
        slots: &slots,
        expert_script: &expert_script,
        candidates: &candidates,
    };
    let tasks = plan.tasks(opts.seeds, unused_seeds.last);
    let work = |&(seed, task): &(u64, Task)| -> Done {
        let (done, nights) = plan.play(seed, task);
        progress(nights);
        done
    };
    let done: Vec<Done> = match rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
    {
        Ok(pool) => pool.install(|| tasks.par_iter().map(work).collect()),
        Err(_) => tasks.iter().map(work).collect(),
    };

    // The typical span the grade floors at (the same reference seeds as every debrief).
    let span = super::typical_span(s);
    // Gather by seed, in seed order.
    let n = opts.seeds.count() as usize;
    let mut refs = vec![(0.0, 0.0); n];
    let mut blast = vec![vec![0.0; n]; slots.len()];
    let mut fired = vec![vec![false; s.beats.len()]; slots.len()];
    let mut without = vec![vec![0.0; n]; expert_steps.len()];
    let mut with = vec![Vec::new(); candidates.len()];
    for (&(seed, task), d) in tasks.iter().zip(done) {
        let k = (seed - opts.seeds.first) as usize;
        match (task, d) {
            (
                Task::Expert,
                Done::Expert {
                    blast: b,
                    fired: f,
                    without: w,
                },
            ) => {
                refs[k].0 = b;
                blast[EXPERT_SLOT][k] = b;
                for (seen, now) in fired[EXPERT_SLOT].iter_mut().zip(f) {
                    *seen |= now;
                }
                for (step, b) in without.iter_mut().zip(w) {
                    step[k] = b;
                }
            }
            (Task::Policy(i), Done::Policy { blast: b, fired: f }) => {
                if i == NOTHING_SLOT {
                    refs[k].1 = b;
                }
                blast[i][k] = b;
                for (seen, now) in fired[i].iter_mut().zip(f) {
                    *seen |= now;
                }
            }
            (Task::With(i), Done::With { blast: b, accepted }) => with[i].push((k, b, accepted)),
            _ => unreachable!("each task gives its own kind of result"),
        }
    }

    let slot = |p: &Policy| slots.iter().position(|x| x == p);
    let expert = &blast[0];
    let nothing = &blast[1];
    let panicky = slot(&Policy::Panicky).map(|i| &blast[i]);

    // The policies asked for, in the order asked.
    let mut skipped = Vec::new();
    let mut policies = Vec::new();
    let mut shown: Vec<usize> = Vec::new();
    for p in &opts.policies {
        let Some(i) = slot(p) else {
            skipped.push(format!(
                "{}: the scenario has no panicky path; skipped",
                p.name()
            ));
            continue;
        };
        if shown.contains(&i) {
            continue;
        }
        shown.push(i);
        let mut grades = Grades::default();
        let nights: Vec<Night> = opts
            .seeds
            .iter()
            .zip(&blast[i])
            .zip(&refs)
            .map(|((seed, &b), &r)| {
                let grade = grade_of(b, r, span);
                grades.add(grade);
                Night {
                    seed,
                    blast_radius: b,
                    grade,
                }
            })
            .collect();
        let sorted = sorted(&blast[i]);
        policies.push(PolicyResult {
            name: p.name().to_string(),
            blast_radius: spread(&sorted),
            grades,
            bimodal: bimodal(&sorted),
            nights,
        });
    }

    // The ordering of the references.
    let mut fails_on = Vec::new();
    for (k, seed) in opts.seeds.iter().enumerate() {
        let (e, no, p) = (expert[k], nothing[k], panicky.map(|v| v[k]));
        if !(e < no && p.is_none_or(|p| no < p)) {
            fails_on.push(Disorder {
                seed,
                expert: e,
                nothing: no,
                panicky: p,
            });
        }
    }
    let ordering = Ordering {
        with_panicky: panicky.is_some(),
        holds_on: opts.seeds.count() - fails_on.len() as u64,
        fails_on,
    };

    // What each expert step is worth.
    let expert_typical = spread(&sorted(expert)).median;
    let noise_floor = NOISE_SHARE * expert_typical;
    let ablation: Vec<StepWorth> = expert_steps
        .iter()
        .zip(&without)
        .enumerate()
        .map(|(i, (e, w))| {
            let worth: Vec<f64> = w.iter().zip(expert).map(|(w, x)| w - x).collect();
            let (mean, std_error) = mean_and_error(&worth);
            let sorted = sorted(&worth);
            let sp = spread(&sorted);
            let threshold = (2.0 * std_error).max(noise_floor);
            StepWorth {
                step: i + 1,
                at: e.at.to_string(),
                action: e.action.clone(),
                target: e.target.clone(),
                lessons: s
                    .lessons
                    .iter()
                    .filter(|l| l.applied_by.contains(&e.action))
                    .map(|l| l.id.clone())
                    .collect(),
                mean,
                p10: sp.p10,
                p90: sp.p90,
                std_error,
                threshold,
                within_noise: super::debrief::within_noise(&worth, expert_typical),
                worth,
            }
        })
        .collect();

    // Actions the expert never takes, added to the path.
    let actions = candidates
        .iter()
        .zip(&with)
        .map(|(c, w)| {
            let worth: Vec<f64> = w.iter().map(|&(k, b, _)| expert[k] - b).collect();
            let (mean, _) = mean_and_error(&worth);
            ActionWorth {
                action: c.action.clone(),
                target: c.target.clone(),
                at: c.at.to_string(),
                mean,
                best: worth.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                accepted_on: w.iter().filter(|x| x.2).count() as u64,
                never_worth_taking: worth.iter().all(|&x| x <= 0.0),
            }
        })
        .collect();
    let unused_actions = UnusedActions {
        seeds: unused_seeds,
        at: expert_steps.first().map(|e| e.at.to_string()),
        actions,
        untried,
    };

    // Beats no policy night fired.
    let silent_beats = s
        .beats
        .iter()
        .enumerate()
        .filter(|(b, _)| !shown.iter().any(|&i| fired[i][*b]))
        .map(|(_, beat)| beat.id.clone())
        .collect();

    let mut check_failures: Vec<String> = ordering
        .fails_on
        .iter()
        .map(|d| {
            let p = d
                .panicky
                .map_or(String::new(), |p| format!(" < panicky {}", points(p)));
            format!(
                "seed {}: expert {} < nothing {}{p} does not hold",
                d.seed,
                points(d.expert),
                points(d.nothing)
            )
        })
        .collect();
    check_failures.extend(
        ablation
            .iter()
            .filter(|x| !x.lessons.is_empty() && (x.within_noise || x.mean < 0.0))
            .map(|x| {
                let what = if x.within_noise {
                    "is worth nothing"
                } else {
                    "costs points"
                };
                format!(
                    "{} applies the lesson {} but {what}: mean {} (noise ±{})",
                    x.label(),
                    x.lessons.join(", "),
                    signed(x.mean),
                    points(x.threshold)
                )
            }),
    );

    // A night held at the most a part of the blast radius can count compares as nothing.
    check_failures.extend(
        policies
            .iter()
            .filter(|p| p.blast_radius.max >= crate::score::MAX_PART_POINTS)
            .map(|p| {
                format!(
                    "{} nights reach the most a part of the blast radius can hold (10^12 points): the weights are too large to tell nights apart",
                    p.name
                )
            }),
    );

    Evaluation {
        scenario: s.id.clone(),
        title: s.title.clone(),
        seeds: opts.seeds,
        policies,
        skipped,
        ordering,
        noise_floor,
        ablation,
        unused_actions,
        silent_beats,
        check_failures,
    }
}
