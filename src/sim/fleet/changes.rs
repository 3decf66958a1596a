//! Scheduled changes and rollouts: a change rolls its service's fleet batch by batch at its time,
//! unless CI/CD is frozen (held until the thaw) or its pipeline is down (waiting until it is back);
//! restarts roll a fleet the same way.

use super::super::compiled::Compiled;
use super::super::levers::Levers;
use super::super::metrics::Tally;
use super::super::provider::Provider;
use super::super::story::{EventKind, Story};
use super::{Fleet, Rollout};
use crate::scenario::{Control, Minute, Scenario};

/// A change's pipeline is down when a provider service it runs through is below this health.
const PIPELINE_DOWN: f64 = 0.5;

impl Fleet {
    /// Start replacing a service's fleet, `batch` of each zone every `every` minutes.
    pub(in crate::sim) fn start_rollout(
        &mut self,
        ix: &Compiled,
        now: Minute,
        (service, batch, every): (usize, f64, u32),
        change: Option<usize>,
    ) {
        let g = &self.groups[service];
        let mut left = vec![0; g.desired.len()];
        for &z in &ix.services[service].zones {
            left[z] = g.counts.present[z];
        }
        self.rollouts.retain(|r| r.service != service);
        self.rollouts.push(Rollout {
            service,
            batch,
            every: every.max(1),
            next_at: now,
            left,
            change,
        });
    }

    /// Scheduled changes start at their time, unless CI/CD is frozen (then they wait for the thaw)
    /// or their pipeline is down (then they wait for it to come back).
    pub(in crate::sim) fn start_changes(
        &mut self,
        m: Minute,
        s: &Scenario,
        ix: &Compiled,
        (levers, provider): (&Levers, &Provider),
        story: &mut Story,
    ) {
        for (c, change) in s.changes.iter().enumerate() {
            if self.change_minutes[c] != m {
                continue;
            }
            if let Some(p) = pipeline_down(ix, provider, c) {
                let why = format!("{} is waiting: {} is down", change.name, s.provider[p].name);
                story.say(m, EventKind::Chat, "CI", why);
                self.waiting_changes.push(c);
            } else {
                self.start_change(m, s, ix, levers, c, story);
            }
        }
        let waiting = std::mem::take(&mut self.waiting_changes);
        for c in waiting {
            if pipeline_down(ix, provider, c).is_some() {
                self.waiting_changes.push(c);
            } else {
                self.start_change(m, s, ix, levers, c, story);
            }
        }
    }

    /// A change whose time has come and whose pipeline runs: it rolls, or a freeze holds it.
    fn start_change(
        &mut self,
        m: Minute,
        s: &Scenario,
        ix: &Compiled,
        levers: &Levers,
        c: usize,
        story: &mut Story,
    ) {
        let change = &s.changes[c];
        let Some(service) = s.services.iter().position(|x| x.id == change.rolls) else {
            return;
        };
        if levers.control(Control::Cicd) {
            story.say(
                m,
                EventKind::Chat,
                "CI",
                format!("{} started: {}", change.name, change.description),
            );
            let roll = (service, change.batch, change.every_minutes);
            self.start_rollout(ix, m, roll, Some(c));
        } else {
            story.say(m, EventKind::Chat, "CI", {
                // In this world's words for the lever: "CI/CD frozen" by default.
                let w = s.lever_words(Control::Cicd);
                format!("{} is held: {} {}", change.name, w.name, w.off)
            });
            self.held_changes.push(c);
        }
    }

    /// Release changes held by a freeze.
    pub(in crate::sim) fn release_held_changes(
        &mut self,
        m: Minute,
        s: &Scenario,
        ix: &Compiled,
        story: &mut Story,
    ) {
        for c in std::mem::take(&mut self.held_changes) {
            let change = &s.changes[c];
            if let Some(service) = s.services.iter().position(|x| x.id == change.rolls) {
                story.say(
                    m,
                    EventKind::Chat,
                    "CI",
                    format!(
                        "{} released from the freeze: rolling {}",
                        change.name, change.rolls
                    ),
                );
                let roll = (service, change.batch, change.every_minutes);
                self.start_rollout(ix, m, roll, Some(c));
            }
        }
    }

    pub(in crate::sim) fn advance_rollouts(
        &mut self,
        m: Minute,
        ix: &Compiled,
        provider: &Provider,
        levers: &Levers,
        tally: &mut Tally,
    ) {
        let cicd = levers.control(Control::Cicd);
        let mut r = 0;
        while r < self.rollouts.len() {
            let roll = &mut self.rollouts[r];
            let pipeline_stopped = roll
                .change
                .is_some_and(|c| !cicd || pipeline_down(ix, provider, c).is_some());
            if roll.next_at > m || pipeline_stopped {
                r += 1;
                continue;
            }
            let (service, batch, every) = (roll.service, roll.batch, roll.every);
            // Taken out while its batch goes, and put back if any is left.
            let mut left = std::mem::take(&mut roll.left);
            for (z, l) in left.iter_mut().enumerate() {
                if *l == 0 {
                    continue;
                }
                let desired = self.groups[service].desired[z];
                let per_batch = ((desired as f64 * batch).ceil() as u32).max(1);
                let n = per_batch.min(*l);
                self.terminate(ix, provider, (service, z, n), tally);
                *l -= n;
            }
            if left.iter().all(|&l| l == 0) {
                self.rollouts.remove(r);
            } else {
                self.rollouts[r].left = left;
                self.rollouts[r].next_at = m + every;
                r += 1;
            }
        }
    }
}

/// The first provider service a change's pipeline runs through that is down now, if any.
fn pipeline_down(ix: &Compiled, provider: &Provider, change: usize) -> Option<usize> {
    ix.change_via
        .get(change)?
        .iter()
        .copied()
        .find(|&p| provider.worst(p) < PIPELINE_DOWN)
}
