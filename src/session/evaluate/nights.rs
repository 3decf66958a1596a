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
    pub script: Script,
}

pub(super) fn candidates(s: &Scenario, expert: &[ScriptEntry]) -> Vec<Candidate> {
    let Some(first) = expert.first() else {
        return Vec::new();
    };
    s.actions
        .iter()
        .filter(|a| {
            !s.expert.iter().any(|x| x.action == a.id)
                && !s.panicky.iter().any(|x| x.action == a.id)
        })
        .map(|a| {
            let target = s.target_names(a.target).first().map(|t| t.to_string());
            let mut entries = expert.to_vec();
            entries.push(ScriptEntry {
                at: first.at,
                action: a.id.clone(),
                target: target.clone(),
                note: None,
                hint: None,
                owner: None,
                inject: None,
            });
            Candidate {
                action: a.id.clone(),
                target,
                script: Script(entries),
            }
        })
        .collect()
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
                let night = run(s.clone(), seed, &c.script);
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
