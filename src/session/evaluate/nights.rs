//! The nights an evaluation plays at each seed, as units of work for the thread pool: the
//! expert's night with the nights without each of its steps forked from it, every other policy's
//! night, and the expert's path plus each action it never takes.

use std::sync::Arc;

use super::{Policy, Seeds};
use crate::scenario::Scenario;
use crate::score::Breakdown;
use crate::session::{Script, ScriptEntry, Session, run, without_each};

/// One unit of work at a seed.
#[derive(Debug, Clone, Copy)]
pub(super) enum Task {
    /// The expert's night (a reference, and the first policy) and the nights without each of its
    /// steps (in time order), forked from it.
    Expert,
    /// A policy's night, by its place among the slots (never the expert's, slot 0). Doing
    /// nothing's (slot 1) is also the other reference.
    Policy(usize),
    /// The expert's path plus the i-th unused action.
    With(usize),
}

/// The slots the references are: the expert's path, then doing nothing (see `slots`).
pub(super) const EXPERT_SLOT: usize = 0;
pub(super) const NOTHING_SLOT: usize = 1;

#[derive(Debug, Clone)]
pub(super) enum Done {
    Expert {
        blast: f64,
        fired: Vec<bool>,
        without: Vec<f64>,
    },
    Policy {
        blast: f64,
        fired: Vec<bool>,
    },
    With {
        blast: f64,
        accepted: bool,
    },
}

/// Which beats fired in a night.
fn fired_beats(s: &Scenario, night: &Session) -> Vec<bool> {
    let story = night.world().story();
    (0..s.beats.len())
        .map(|i| story.fired(i).is_some())
        .collect()
}

/// An action off the expert's path and the script that adds it.
pub(super) struct Candidate {
    pub action: String,
    pub target: Option<String>,
    /// When it is added: the first minute from the expert's first step it is allowed.
    pub at: crate::scenario::TimeOfDay,
    pub script: Script,
}

/// The actions neither the expert's nor the panicky path takes, each added to the expert's path
/// at the first minute from its first step at which what the action requires holds on the
/// expert's night of `seed` (a resume once something is paused, an undo once what it undoes is
/// done); those whose requirements never hold there are left out, with the reason.
pub(super) fn candidates(
    s: &Arc<Scenario>,
    expert: &[ScriptEntry],
    seed: u64,
) -> (Vec<Candidate>, Vec<Untried>) {
    let Some(first) = expert.first() else {
        return (Vec::new(), Vec::new());
    };
    let acts: Vec<usize> = (0..s.actions.len())
        .filter(|&i| {
            let a = &s.actions[i];
            !s.expert.iter().any(|x| x.action == a.id)
                && !s.panicky.iter().any(|x| x.action == a.id)
        })
        .collect();
    // Play the expert's night from its first step, looking each minute for what is allowed
    // (what an action requires reads the world, never its story).
    let start = s.minute_of(first.at);
    let mut allowed: Vec<Option<crate::scenario::Minute>> = vec![None; acts.len()];
    let mut why: Vec<Option<String>> = vec![None; acts.len()];
    let mut night = Session::for_score(s.clone(), seed);
    let mut next = 0;
    for m in start..=s.length() {
        night.run_until(m);
        while next < expert.len() && s.minute_of(expert[next].at) <= m {
            night.take_entry(&expert[next]);
            next += 1;
        }
        for (k, &i) in acts.iter().enumerate() {
            if allowed[k].is_some() {
                continue;
            }
            match night.world().requirements_hold(i) {
                Ok(()) => allowed[k] = Some(m),
                Err(e) if why[k].is_none() => why[k] = Some(e),
                Err(_) => {}
            }
        }
        if allowed.iter().all(Option::is_some) {
            break;
        }
    }
    let mut tried = Vec::new();
    let mut untried = Vec::new();
    for (k, &i) in acts.iter().enumerate() {
        let a = &s.actions[i];
        let Some(m) = allowed[k] else {
            untried.push(Untried {
                action: a.id.clone(),
                why: why[k].take().unwrap_or_default(),
            });
            continue;
        };
        let at = s.clock_at(m);
        let target = s.target_names(a.target).first().map(|t| t.to_string());
        let mut entries = expert.to_vec();
        entries.push(ScriptEntry {
            at,
            action: a.id.clone(),
            target: target.clone(),
            note: None,
            hint: None,
            owner: None,
            inject: None,
        });
        tried.push(Candidate {
            action: a.id.clone(),
            target,
            at,
            script: Script(entries),
        });
    }
    (tried, untried)
}

/// An action left out of the actions tried: what it requires never holds on the expert's night.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Untried {
    pub action: String,
    /// The first requirement that failed, as a player reads it.
    pub why: String,
}

/// What the nights of an evaluation are played from.
pub(super) struct Nights<'a> {
    pub s: &'a Arc<Scenario>,
    pub slots: &'a [Policy],
    /// The expert's path in time order.
    pub expert_script: &'a Script,
    pub candidates: &'a [Candidate],
}

impl Nights<'_> {
    /// Every unit of work, seed by seed; the unused actions only up to seed `unused_last`.
    pub fn tasks(&self, seeds: Seeds, unused_last: u64) -> Vec<(u64, Task)> {
        let mut tasks = Vec::new();
        for seed in seeds.iter() {
            tasks.push((seed, Task::Expert));
            tasks.extend((NOTHING_SLOT..self.slots.len()).map(|i| (seed, Task::Policy(i))));
            if seed <= unused_last {
                tasks.extend((0..self.candidates.len()).map(|i| (seed, Task::With(i))));
            }
        }
        tasks
    }

    /// Play one unit of work: its result and how many nights it stands for (see `nights`).
    pub fn play(&self, seed: u64, task: Task) -> (Done, u64) {
        let s = self.s;
        match task {
            Task::Expert => {
                let steps: Vec<usize> = (0..self.expert_script.0.len()).collect();
                let (night, without) = without_each(s, seed, self.expert_script, &steps);
                let done = Done::Expert {
                    blast: night.blast_radius(),
                    fired: fired_beats(s, &night),
                    without: without.iter().map(Breakdown::total).collect(),
                };
                // The reference night, the policy's night and every night without a step.
                (done, 2 + steps.len() as u64)
            }
            Task::Policy(i) => {
                let night = run(s.clone(), seed, &self.slots[i].script(s, seed));
                let done = Done::Policy {
                    blast: night.blast_radius(),
                    fired: fired_beats(s, &night),
                };
                (done, if i == NOTHING_SLOT { 2 } else { 1 })
            }
            Task::With(i) => {
                let c = &self.candidates[i];
                let mut night = Session::for_score(s.clone(), seed);
                night.play(&c.script);
                let accepted = night
                    .log()
                    .iter()
                    .any(|d| d.act.id(s) == c.action && d.accepted());
                let done = Done::With {
                    blast: night.blast_radius(),
                    accepted,
                };
                (done, 1)
            }
        }
    }
}
