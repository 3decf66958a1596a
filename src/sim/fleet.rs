//! Instances: booting, network, health checks and automated replacement, launches that can fail,
//! and fleets rolled batch by batch (scheduled changes, restarts, rollbacks).

use super::compiled::Dep;
use super::{EventKind, Metrics, Rollout, World};
use crate::scenario::{Control, Minute};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceState {
    /// Launched; serves from `ready_at`, with or without network.
    Booting {
        ready_at: Minute,
        network: bool,
    },
    Serving,
    /// Running but unreachable: the provider never finished giving it a network.
    NoNetwork,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instance {
    pub zone: usize,
    pub state: InstanceState,
    /// Consecutive minutes of failed health checks.
    pub failing: u32,
    /// Health checks count from this minute (launch, boot and grace period).
    pub checked_from: Minute,
}

impl Instance {
    pub fn serving(zone: usize) -> Instance {
        Instance {
            zone,
            state: InstanceState::Serving,
            failing: 0,
            checked_from: 0,
        }
    }
}

/// Network health above which a stranded instance can get its network at last.
const NETWORK_CAUGHT_UP: f64 = 0.95;
/// Chance a health check times out per unit of load past the check's `timeout_load`, and its cap.
const TIMEOUTS_PER_LOAD: f64 = 0.5;
const TIMEOUT_MAX: f64 = 0.8;
/// Launch health above which a terminated instance is simply replaced, not destroyed.
const LAUNCH_RELIABLE: f64 = 0.9;

impl World {
    /// Health of a dependency as seen from a zone.
    pub(crate) fn dep_health(&self, dep: Dep, zone: usize) -> f64 {
        match dep {
            Dep::Provider(p) => self.health[p][zone],
            Dep::Service(s) => self.services[s].success,
        }
    }

    /// A working instance lost now stays lost: its replacement's launch is likely to fail.
    fn loss_is_lasting(&self, service: usize, zone: usize) -> bool {
        self.ix.services[service]
            .launch_via
            .is_none_or(|via| self.health[via][zone] < LAUNCH_RELIABLE)
    }

    pub(super) fn boot_and_heal(&mut self, m: Minute) {
        for i in 0..self.services.len() {
            let network = self.ix.services[i].network;
            let settled = self.services[i]
                .instances
                .iter()
                .all(|x| x.state == InstanceState::Serving);
            if settled {
                continue;
            }
            for k in 0..self.services[i].instances.len() {
                let inst = self.services[i].instances[k];
                let next = match inst.state {
                    InstanceState::Booting { ready_at, network } if ready_at <= m => {
                        if network {
                            InstanceState::Serving
                        } else {
                            InstanceState::NoNetwork
                        }
                    }
                    InstanceState::NoNetwork => {
                        let caught_up =
                            network.is_none_or(|n| self.health[n][inst.zone] >= NETWORK_CAUGHT_UP);
                        if caught_up && self.dice.repair.chance(0.1) {
                            InstanceState::Serving
                        } else {
                            InstanceState::NoNetwork
                        }
                    }
                    other => other,
                };
                self.services[i].instances[k].state = next;
            }
        }
    }

    /// Automated health checks: an instance failing `fail_after` minutes in a row is terminated.
    pub(super) fn health_checks(&mut self, m: Minute, metrics: &Metrics) {
        let checks_on = self.control(Control::HealthChecks);
        let extended = self.control(Control::ExtendedTimeouts);
        let scenario = self.scenario.clone();
        for (i, svc) in scenario.services.iter().enumerate() {
            let Some(hc) = &svc.health_check else {
                continue;
            };
            if !checks_on {
                for inst in &mut self.services[i].instances {
                    inst.failing = 0;
                }
                continue;
            }
            // The chance a check passes depends only on the zone: work it out once per zone.
            let zone_load = &metrics.services[i].zone_load;
            let lb = self.ix.services[i].load_balancer;
            let mut pass = super::PerZone::<f64>::new(self.scenario.zones.len());
            for (z, ok) in pass.iter_mut().enumerate() {
                *ok = 1.0;
                for d in 0..self.ix.services[i].touches.len() {
                    *ok *= self.dep_health(self.ix.services[i].touches[d], z);
                }
                if let Some(lb) = lb {
                    *ok *= self.health[lb][z];
                }
                let load = zone_load.get(z).copied().unwrap_or(0.0);
                if !extended && load > hc.timeout_load {
                    *ok *= 1.0
                        - ((load - hc.timeout_load) * TIMEOUTS_PER_LOAD).clamp(0.0, TIMEOUT_MAX);
                }
            }
            let mut destroyed = 0u32;
            let mut k = 0;
            while k < self.services[i].instances.len() {
                let inst = self.services[i].instances[k];
                if matches!(inst.state, InstanceState::Booting { .. }) || m < inst.checked_from {
                    k += 1;
                    continue;
                }
                let z = inst.zone;
                let ok = pass[z];
                let fails = inst.state == InstanceState::NoNetwork
                    || (ok < 1.0 && self.dice.checks.chance(1.0 - ok));
                let inst = &mut self.services[i].instances[k];
                inst.failing = if fails { inst.failing + 1 } else { 0 };
                if inst.failing >= hc.fail_after {
                    if inst.state == InstanceState::Serving && self.loss_is_lasting(i, z) {
                        destroyed += 1;
                    }
                    self.services[i].instances.swap_remove(k);
                } else {
                    k += 1;
                }
            }
            self.tally.capacity_destroyed += destroyed as f64;
        }
    }

    /// The auto-scaling group launches toward the desired count; launches fail as the provider does.
    pub(super) fn launch(&mut self, m: Minute) -> [u32; super::MAX_SERVICES] {
        let scenario = self.scenario.clone();
        let mut failures = [0u32; super::MAX_SERVICES];
        for (i, svc) in scenario.services.iter().enumerate() {
            let (Some(launch), Some(via)) = (&svc.launch, self.ix.services[i].launch_via) else {
                continue;
            };
            let network = self.ix.services[i].network;
            if self.services[i].rebuilding {
                if self.provider_worst(via) < LAUNCH_RELIABLE {
                    continue;
                }
                self.services[i].rebuilding = false;
                self.say(
                    EventKind::Chat,
                    "Monitoring",
                    format!(
                        "{}: auto-scaling group recreated at last; launching instances",
                        svc.name
                    ),
                );
            }
            let mut have = super::PerZone::<u32>::new(self.scenario.zones.len());
            for inst in &self.services[i].instances {
                have[inst.zone] += 1;
            }
            for zi in 0..self.ix.services[i].zones.len() {
                let z = self.ix.services[i].zones[zi];
                let have = have[z];
                let want = self.services[i].desired[z];
                let attempts = want.saturating_sub(have).min(launch.attempts_per_minute);
                // The provider grants launches at the rate its health allows (a throttle, not a
                // lottery): credit builds up attempt by attempt and each whole unit is a launch.
                let mut credit = if attempts == 0 {
                    0.0
                } else {
                    self.services[i].launch_credit[z]
                };
                for _ in 0..attempts {
                    credit += self.health[via][z];
                    if credit < 1.0 {
                        failures[i] += 1;
                        continue;
                    }
                    credit -= 1.0;
                    let net = network.is_none_or(|n| self.dice.launches.chance(self.health[n][z]));
                    let ready_at = m + launch.boot_minutes.max(1);
                    let grace = svc.health_check.as_ref().map_or(0, |h| h.grace_minutes);
                    self.services[i].instances.push(Instance {
                        zone: z,
                        state: InstanceState::Booting {
                            ready_at,
                            network: net,
                        },
                        failing: 0,
                        checked_from: ready_at + grace,
                    });
                }
                self.services[i].launch_credit[z] = credit;
            }
        }
        failures
    }

    /// Terminate up to `n` instances of a service in a zone, working ones first. Returns how many went.
    pub(super) fn terminate(&mut self, service: usize, zone: usize, n: u32) -> u32 {
        let lasting = self.loss_is_lasting(service, zone);
        let list = &mut self.services[service].instances;
        let mut gone = 0;
        let mut destroyed = 0;
        while gone < n {
            let pick = list
                .iter()
                .position(|x| x.zone == zone && x.state == InstanceState::Serving)
                .or_else(|| list.iter().position(|x| x.zone == zone));
            let Some(k) = pick else { break };
            if list[k].state == InstanceState::Serving && lasting {
                destroyed += 1;
            }
            list.swap_remove(k);
            gone += 1;
        }
        self.tally.capacity_destroyed += destroyed as f64;
        gone
    }

    pub(super) fn start_rollout(
        &mut self,
        service: usize,
        batch: f64,
        every: u32,
        change: Option<usize>,
    ) {
        let zones = self.ix.services[service].zones.clone();
        let mut left = vec![0; self.scenario.zones.len()];
        for z in zones {
            left[z] = self.services[service]
                .instances
                .iter()
                .filter(|x| x.zone == z)
                .count() as u32;
        }
        self.rollouts.retain(|r| r.service != service);
        self.rollouts.push(Rollout {
            service,
            batch,
            every: every.max(1),
            next_at: self.minute,
            left,
            change,
        });
    }

    /// Scheduled changes start at their time, unless CI/CD is frozen (then they wait for the thaw).
    pub(super) fn start_changes(&mut self, m: Minute) {
        let scenario = self.scenario.clone();
        for (c, change) in scenario.changes.iter().enumerate() {
            if scenario.minute_of(change.at) != m {
                continue;
            }
            let Some(service) = scenario.services.iter().position(|s| s.id == change.rolls) else {
                continue;
            };
            if self.control(Control::Cicd) {
                self.say(
                    EventKind::Chat,
                    "CI",
                    format!("{} started: {}", change.name, change.description),
                );
                self.start_rollout(service, change.batch, change.every_minutes, Some(c));
            } else {
                self.say(
                    EventKind::Chat,
                    "CI",
                    format!("{} is held: CI/CD is frozen", change.name),
                );
                self.held_changes.push(c);
            }
        }
    }

    /// Release changes held by a freeze.
    pub(super) fn release_held_changes(&mut self) {
        let held = std::mem::take(&mut self.held_changes);
        let scenario = self.scenario.clone();
        for c in held {
            let change = &scenario.changes[c];
            if let Some(service) = scenario.services.iter().position(|s| s.id == change.rolls) {
                self.say(
                    EventKind::Chat,
                    "CI",
                    format!(
                        "{} released from the freeze: rolling {}",
                        change.name, change.rolls
                    ),
                );
                self.start_rollout(service, change.batch, change.every_minutes, Some(c));
            }
        }
    }

    pub(super) fn advance_rollouts(&mut self, m: Minute) {
        let cicd = self.control(Control::Cicd);
        let mut r = 0;
        while r < self.rollouts.len() {
            let roll = self.rollouts[r].clone();
            if roll.next_at > m || (roll.change.is_some() && !cicd) {
                r += 1;
                continue;
            }
            let mut left = roll.left.clone();
            for (z, l) in left.iter_mut().enumerate() {
                if *l == 0 {
                    continue;
                }
                let per_batch =
                    ((self.services[roll.service].desired[z] as f64 * roll.batch).ceil() as u32)
                        .max(1);
                let n = per_batch.min(*l);
                self.terminate(roll.service, z, n);
                *l -= n;
            }
            if left.iter().all(|&l| l == 0) {
                self.rollouts.remove(r);
            } else {
                self.rollouts[r].left = left;
                self.rollouts[r].next_at = m + roll.every;
                r += 1;
            }
        }
    }
}
