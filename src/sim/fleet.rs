//! The company's fleets: instances booting and getting their network, health checks and automated
//! replacement, launches the provider may refuse, and fleets rolled batch by batch (scheduled
//! changes, restarts, rollbacks).

use super::compiled::{Compiled, Dep};
use super::levers::Levers;
use super::metrics::{MAX_SERVICES, Metrics, PerZone, Tally};
use super::provider::Provider;
use super::rng::{Keyed, KeyedPrefix};
use super::story::{EventKind, Story};
use super::traffic::Traffic;

mod changes;
mod group;
use crate::scenario::{Control, Minute, Scenario};
use group::{Counts, Group, ZoneRank};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

/// One instance. Instances order by what they are (zone, state, when checks start, failures), so
/// a group's list is kept in that order whatever history made it: equal instances are
/// interchangeable, and the n-th instance of a zone draws the n-th zone's dice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instance {
    pub zone: usize,
    pub state: InstanceState,
    /// Health checks count from this minute (launch, boot and grace period).
    pub checked_from: Minute,
    /// Consecutive minutes of failed health checks.
    pub failing: u32,
}

impl Instance {
    /// What the instance orders by, as plain numbers: (zone, state, when checks start and
    /// failures). The state reads as its variant first (booting, serving, stranded), then a
    /// booting instance's ready minute and network, as `InstanceState`'s own order has it; the
    /// last two fields share one word. Equal keys are equal instances.
    #[inline]
    pub(super) fn key(&self) -> (usize, u64, u64) {
        let state = match self.state {
            InstanceState::Booting { ready_at, network } => {
                (u64::from(ready_at) << 1) | u64::from(network)
            }
            InstanceState::Serving => 1 << 33,
            InstanceState::NoNetwork => 2 << 33,
        };
        let rest = (u64::from(self.checked_from) << 32) | u64::from(self.failing);
        (self.zone, state, rest)
    }

    pub fn serving(zone: usize) -> Instance {
        Instance {
            zone,
            state: InstanceState::Serving,
            checked_from: 0,
            failing: 0,
        }
    }
}

impl PartialOrd for Instance {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }

    #[inline]
    fn lt(&self, other: &Self) -> bool {
        self.key() < other.key()
    }

    #[inline]
    fn le(&self, other: &Self) -> bool {
        self.key() <= other.key()
    }
}

impl Ord for Instance {
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

/// A fleet being replaced batch by batch (a scheduled change, a restart, a rollback).
#[derive(Debug, Clone)]
pub struct Rollout {
    pub service: usize,
    pub batch: f64,
    pub every: u32,
    pub next_at: Minute,
    /// Instances still to replace, per zone.
    pub left: Vec<u32>,
    /// A scheduled change through CI/CD: stops when CI/CD is frozen.
    pub change: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct Fleet {
    groups: Vec<Group>,
    rollouts: Vec<Rollout>,
    /// Scheduled changes held back by a CI/CD freeze.
    held_changes: Vec<usize>,
    /// Changes due whose pipeline (a provider service in `via`) is down: they start when it is back.
    waiting_changes: Vec<usize>,
    /// What launches and boots showed of the provider this minute: (provider service, zone,
    /// failing share). The watch takes them.
    sightings: Vec<(usize, usize, f64)>,
    /// Per scheduled change: the minute it is due (its `at`).
    change_minutes: Vec<Minute>,
}

/// Network health above which a stranded instance can get its network at last.
const NETWORK_CAUGHT_UP: f64 = 0.95;
/// Chance per minute that a stranded instance gets its network once the provider has caught up.
const NETWORK_REPAIR_CHANCE: f64 = 0.1;
/// Chance a health check times out per unit of load past the check's `timeout_load`, and its cap.
const TIMEOUTS_PER_LOAD: f64 = 0.5;
const TIMEOUT_MAX: f64 = 0.8;
/// Launch health above which a terminated instance is simply replaced, not destroyed.
const LAUNCH_RELIABLE: f64 = 0.9;
/// A scale-out never goes past this many times the normal fleet.
const SCALE_OUT_CAP: u32 = 3;

impl Fleet {
    pub(super) fn new(s: &Scenario, ix: &Compiled) -> Fleet {
        let groups = s
            .services
            .iter()
            .enumerate()
            .map(|(i, svc)| Group {
                instances: ix.services[i]
                    .zones
                    .iter()
                    .flat_map(|&z| (0..svc.instances_per_zone).map(move |_| Instance::serving(z)))
                    .collect(),
                desired: s.zones.iter().map(|_| svc.instances_per_zone).collect(),
                launch_credit: vec![0.0; s.zones.len()],
                holds_credit: false,
                rebuilding: false,
                zones: ix.services[i].zones.clone(),
                counts: Counts::default(),
            })
            .map(|mut g: Group| {
                g.instances.sort_unstable();
                g.recount();
                g
            })
            .collect();
        Fleet {
            groups,
            rollouts: Vec::new(),
            held_changes: Vec::new(),
            waiting_changes: Vec::new(),
            sightings: Vec::new(),
            change_minutes: s.changes.iter().map(|c| s.minute_of(c.at)).collect(),
        }
    }

    /// A service's instances, in every state.
    pub fn instances(&self, service: usize) -> &[Instance] {
        self.groups.get(service).map_or(&[], |g| &g.instances)
    }

    /// A service's instances serving, per zone (every zone of the scenario, in order, then zeros
    /// up to `MAX_ZONES`), those serving over every zone, and those not serving (booting or
    /// stranded) over every zone.
    pub(super) fn serving_counts(&self, service: usize) -> (&[u32], u32, u32) {
        let Some(g) = self.groups.get(service) else {
            return (&[], 0, 0);
        };
        // Every change to a list counts it again; a change that forgot would show here in tests.
        debug_assert!(
            {
                let mut fresh = g.clone();
                fresh.recount();
                fresh.counts == g.counts
            },
            "service {service}: instance counts out of date"
        );
        let total = g.counts.serving_total;
        (&g.counts.serving, total, g.instances.len() as u32 - total)
    }

    /// What launches and boots showed of the provider since last asked (the list keeps its
    /// room for the next minute's).
    pub(super) fn take_sightings(&mut self) -> std::vec::Drain<'_, (usize, usize, f64)> {
        self.sightings.drain(..)
    }

    /// Instances of a service serving in a zone.
    pub fn serving_in(&self, service: usize, zone: usize) -> u32 {
        let (serving, _, _) = self.serving_counts(service);
        serving.get(zone).copied().unwrap_or(0)
    }

    /// Fleets being rolled now.
    pub fn rollouts(&self) -> &[Rollout] {
        &self.rollouts
    }

    /// Scheduled changes held back by the CI/CD freeze.
    pub fn held_changes(&self) -> usize {
        self.held_changes.len()
    }

    /// The scheduled changes held back by the CI/CD freeze, by index, in the order held.
    pub fn held(&self) -> &[usize] {
        &self.held_changes
    }

    /// Whether a scheduled change is held back by the CI/CD freeze.
    /// Whether a change is waiting for its pipeline to come back.
    pub fn is_waiting(&self, change: usize) -> bool {
        self.waiting_changes.contains(&change)
    }

    pub fn is_held(&self, change: usize) -> bool {
        self.held_changes.contains(&change)
    }

    /// A working instance lost now stays lost: its replacement's launch is likely to fail.
    fn loss_is_lasting(ix: &Compiled, provider: &Provider, service: usize, zone: usize) -> bool {
        ix.services[service]
            .launch_via
            .is_none_or(|via| provider.health(via, zone) < LAUNCH_RELIABLE)
    }

    #[inline(always)]
    pub(super) fn boot_and_heal(
        &mut self,
        m: Minute,
        ix: &Compiled,
        provider: &Provider,
        repair: Keyed,
    ) {
        for (i, g) in self.groups.iter_mut().enumerate() {
            let network = ix.services[i].network;
            let network_of = network;
            // Nothing ready to boot and nobody stranded: nothing can change (and nothing is drawn).
            if g.all_serving() || (g.counts.stranded == 0 && m < g.counts.next_ready) {
                continue;
            }
            let mut rank = ZoneRank::default();
            let mut changed = false;
            for inst in g.instances.iter_mut() {
                let key = [i as u64, inst.zone as u64, m as u64, rank.next(inst.zone)];
                let was = inst.state;
                inst.state = match inst.state {
                    InstanceState::Booting { ready_at, network } if ready_at <= m => {
                        if let Some(n) = network_of {
                            let failing = if network { 0.0 } else { 1.0 };
                            self.sightings.push((n, inst.zone, failing));
                        }
                        if network {
                            InstanceState::Serving
                        } else {
                            InstanceState::NoNetwork
                        }
                    }
                    InstanceState::NoNetwork => {
                        let caught_up = network
                            .is_none_or(|n| provider.health(n, inst.zone) >= NETWORK_CAUGHT_UP);
                        if caught_up && repair.chance(NETWORK_REPAIR_CHANCE, key) {
                            InstanceState::Serving
                        } else {
                            InstanceState::NoNetwork
                        }
                    }
                    other => other,
                };
                changed |= inst.state != was;
            }
            if changed {
                g.put_in_order();
                g.recount();
            }
        }
    }

    /// Automated health checks: an instance failing `fail_after` minutes in a row is terminated.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub(super) fn health_checks(
        &mut self,
        m: Minute,
        s: &Scenario,
        ix: &Compiled,
        world: (&Provider, &Traffic, &Levers),
        metrics: &Metrics,
        checks: Keyed,
        tally: &mut Tally,
    ) {
        let (provider, traffic, levers) = world;
        for (i, svc) in s.services.iter().enumerate() {
            let Some(hc) = &svc.health_check else {
                continue;
            };
            let extended = levers.control_for(Control::ExtendedTimeouts, i);
            // A shallow check looks at the instance alone, not at what it depends on.
            let touches: &[Dep] = if levers.shallow_checks(i) {
                &[]
            } else {
                &ix.services[i].touches
            };
            if !levers.control_for(Control::HealthChecks, i) {
                let g = &mut self.groups[i];
                if g.counts.failing > 0 {
                    for inst in &mut g.instances {
                        inst.failing = 0;
                    }
                    g.recount();
                }
                continue;
            }
            let zone_load = &metrics.services[i].zone_load;
            let lb = ix.services[i].load_balancer;
            // Nobody is failing or stranded, and all a check reads is healthy in every zone and
            // no zone is loaded past the check's timeout: every zone passes and nothing can
            // change (the quiet case below, known without working out each zone).
            let counts = &self.groups[i].counts;
            if hc.fail_after > 0
                && counts.failing == 0
                && counts.stranded == 0
                && touches
                    .iter()
                    .all(|&d| traffic.worst_dep_health(d, provider) >= 1.0)
                && lb.is_none_or(|lb| provider.worst(lb) >= 1.0)
                && (extended
                    || (zone_load.len() == s.zones.len()
                        && zone_load.iter().all(|&load| load <= hc.timeout_load)))
            {
                continue;
            }
            // The chance a check passes depends only on the zone: work it out once per zone.
            let mut pass = PerZone::<f64>::new(s.zones.len());
            for (z, ok) in pass.iter_mut().enumerate() {
                *ok = 1.0;
                for &d in touches {
                    *ok *= traffic.dep_health(d, z, provider);
                }
                if let Some(lb) = lb {
                    *ok *= provider.health(lb, z);
                }
                let load = zone_load.get(z).copied().unwrap_or(0.0);
                if !extended && load > hc.timeout_load {
                    *ok *= 1.0
                        - ((load - hc.timeout_load) * TIMEOUTS_PER_LOAD).clamp(0.0, TIMEOUT_MAX);
                }
            }
            let g = &mut self.groups[i];
            // Every zone passes and nobody is failing or stranded: nothing can change.
            let quiet =
                pass.iter().all(|ok| *ok >= 1.0) && g.counts.failing == 0 && g.counts.stranded == 0;
            if quiet && hc.fail_after > 0 {
                continue;
            }
            let list = &mut g.instances;
            let mut rank = ZoneRank::default();
            let mut changed = false;
            // Someone has failed long enough to be replaced (unless their zone fails open).
            let mut due = false;
            // Each check's draw is keyed [service, zone, minute, rank]: the first three parts
            // are the zone's, worked in once.
            let mut dice = PerZone::<KeyedPrefix>::new(s.zones.len());
            for (z, d) in dice.iter_mut().enumerate() {
                *d = checks.prefix([i as u64, z as u64, m as u64]);
            }
            // Those failing after this minute's checks (what `recount` would count).
            let mut failing_now = 0;
            for inst in list.iter_mut() {
                let z = inst.zone;
                let nth = rank.next(z);
                if matches!(inst.state, InstanceState::Booting { .. }) || m < inst.checked_from {
                    due |= inst.failing >= hc.fail_after;
                    failing_now += u32::from(inst.failing > 0);
                    continue;
                }
                let ok = pass[z];
                // A zone whose checks cannot pass fails them all, as the dice would have it.
                let fails = inst.state == InstanceState::NoNetwork
                    || (ok < 1.0 && (ok <= 0.0 || dice[z].chance(1.0 - ok, nth)));
                let failing = if fails { inst.failing + 1 } else { 0 };
                changed |= failing != inst.failing;
                due |= failing >= hc.fail_after;
                failing_now += u32::from(failing > 0);
                inst.failing = failing;
            }
            if !due {
                // Nobody is replaced: the list changes only in who is failing, and so do its
                // counts only in how many are failing (counted above).
                if changed {
                    g.put_in_order();
                    g.counts.failing = failing_now;
                }
                continue;
            }
            // Failing open: where too many of a zone's serving instances are unhealthy at once
            // (failing `fail_after` checks in a row), the check is taken to be wrong and nobody
            // there is replaced.
            let mut open = PerZone::<bool>::new(s.zones.len());
            if let Some(share) = hc.fail_open_above {
                let mut serving = PerZone::<u32>::new(s.zones.len());
                let mut unhealthy = PerZone::<u32>::new(s.zones.len());
                for x in list.iter().filter(|x| x.state == InstanceState::Serving) {
                    serving[x.zone] += 1;
                    unhealthy[x.zone] += u32::from(x.failing >= hc.fail_after);
                }
                for z in 0..s.zones.len() {
                    open[z] = serving[z] > 0 && unhealthy[z] as f64 > share * serving[z] as f64;
                }
            }
            let replaced = |x: &Instance| x.failing >= hc.fail_after && !open[x.zone];
            let destroyed = list
                .iter()
                .filter(|x| {
                    replaced(x)
                        && x.state == InstanceState::Serving
                        && Self::loss_is_lasting(ix, provider, i, x.zone)
                })
                .count() as u32;
            if changed || hc.fail_after == 0 {
                list.retain(|x| !replaced(x));
                g.put_in_order();
                g.recount();
            }
            tally.capacity_destroyed += destroyed as f64;
        }
    }

    /// The auto-scaling groups launch toward the desired count; launches fail as the provider does.
    /// Returns the failed launches per service.
    #[inline(always)]
    pub(super) fn launch(
        &mut self,
        m: Minute,
        s: &Scenario,
        ix: &Compiled,
        provider: &Provider,
        launches: Keyed,
        story: &mut Story,
    ) -> [u32; MAX_SERVICES] {
        let mut failures = [0u32; MAX_SERVICES];
        for (i, svc) in s.services.iter().enumerate() {
            let (Some(launch), Some(via)) = (&svc.launch, ix.services[i].launch_via) else {
                continue;
            };
            let network = ix.services[i].network;
            let g = &mut self.groups[i];
            if g.rebuilding {
                if provider.worst(via) < LAUNCH_RELIABLE {
                    continue;
                }
                g.rebuilding = false;
                story.say(
                    m,
                    EventKind::Chat,
                    "Monitoring",
                    format!(
                        "{}: auto-scaling group recreated at last; launching instances",
                        svc.name
                    ),
                );
            }
            if !g.counts.short {
                // Every zone has what it wants: no attempt, and no credit kept toward one.
                if std::mem::take(&mut g.holds_credit) {
                    for &z in &g.zones {
                        g.launch_credit[z] = 0.0;
                    }
                }
                continue;
            }
            let before = g.instances.len();
            let have = g.counts.present;
            for &z in &ix.services[i].zones {
                let attempts = g.desired[z]
                    .saturating_sub(have[z])
                    .min(launch.attempts_per_minute);
                // The provider grants launches at the rate its health allows (a throttle, not a
                // lottery): credit builds up attempt by attempt and each whole unit is a launch.
                let failed_before = failures[i];
                let mut credit = if attempts == 0 {
                    0.0
                } else {
                    g.launch_credit[z]
                };
                for k in 0..attempts {
                    credit += provider.health(via, z);
                    if credit < 1.0 {
                        failures[i] += 1;
                        continue;
                    }
                    credit -= 1.0;
                    let key = [i as u64, z as u64, m as u64, k as u64];
                    let net =
                        network.is_none_or(|n| gets_network(launches, provider.health(n, z), key));
                    let ready_at = m + launch.boot_minutes.max(1);
                    let grace = svc.health_check.as_ref().map_or(0, |h| h.grace_minutes);
                    g.add(Instance {
                        zone: z,
                        state: InstanceState::Booting {
                            ready_at,
                            network: net,
                        },
                        checked_from: ready_at + grace,
                        failing: 0,
                    });
                }
                g.launch_credit[z] = credit;
                g.holds_credit |= credit != 0.0;
                if attempts > 0 {
                    let failed = failures[i] - failed_before;
                    self.sightings
                        .push((via, z, failed as f64 / attempts as f64));
                }
            }
            if g.instances.len() > before {
                g.recount();
            }
        }
        failures
    }

    /// Terminate up to `n` instances of a service in a zone, working ones first. Returns how many went.
    pub(super) fn terminate(
        &mut self,
        ix: &Compiled,
        provider: &Provider,
        (service, zone, n): (usize, usize, u32),
        tally: &mut Tally,
    ) -> u32 {
        let lasting = Self::loss_is_lasting(ix, provider, service, zone);
        let list = &mut self.groups[service].instances;
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
            list.remove(k);
            gone += 1;
        }
        if gone > 0 {
            self.groups[service].recount();
        }
        tally.capacity_destroyed += destroyed as f64;
        gone
    }

    /// Delete every instance of a service and its group: nothing launches until the provider can
    /// create the group again.
    pub(super) fn recreate(
        &mut self,
        ix: &Compiled,
        provider: &Provider,
        service: usize,
        tally: &mut Tally,
    ) {
        for &z in &ix.services[service].zones {
            self.terminate(ix, provider, (service, z, u32::MAX), tally);
        }
        self.groups[service].rebuilding = true;
    }

    /// Raise a service's desired count per zone by a factor (capped).
    pub(super) fn scale_out(&mut self, s: &Scenario, service: usize, factor: f64) {
        let cap = s.services[service].instances_per_zone * SCALE_OUT_CAP;
        let g = &mut self.groups[service];
        for d in &mut g.desired {
            *d = ((*d as f64 * factor).ceil() as u32).min(cap);
        }
        g.recount();
    }
}

/// Whether a launch gets its network (with the provider's network at `health`), drawn for that
/// launch alone. Out of line: in line, the draw's work on the service, zone and minute of its key
/// was done ahead for every zone that attempted a launch, though in a bad minute most attempts
/// fail before any draw.
#[inline(never)]
fn gets_network(launches: Keyed, health: f64, key: [u64; 4]) -> bool {
    launches.chance(health, key)
}

#[cfg(test)]
mod tests {
    use super::{Instance, InstanceState};

    /// Instances order as their fields do, one after another (zone, state, when checks start,
    /// failures), the state by its own derived order.
    #[test]
    fn instances_order_by_their_fields() {
        let mut all = Vec::new();
        for zone in [0, 1, 5] {
            for state in [
                InstanceState::Booting {
                    ready_at: 0,
                    network: false,
                },
                InstanceState::Booting {
                    ready_at: 0,
                    network: true,
                },
                InstanceState::Booting {
                    ready_at: 7,
                    network: false,
                },
                InstanceState::Booting {
                    ready_at: u32::MAX,
                    network: true,
                },
                InstanceState::Serving,
                InstanceState::NoNetwork,
            ] {
                for checked_from in [0, 3, u32::MAX] {
                    for failing in [0, 1, u32::MAX] {
                        all.push(Instance {
                            zone,
                            state,
                            checked_from,
                            failing,
                        });
                    }
                }
            }
        }
        let fields = |x: &Instance| (x.zone, x.state, x.checked_from, x.failing);
        for a in &all {
            for b in &all {
                assert_eq!(a.cmp(b), fields(a).cmp(&fields(b)), "{a:?} {b:?}");
                assert_eq!(a < b, fields(a) < fields(b));
                assert_eq!(a <= b, fields(a) <= fields(b));
                assert_eq!(a == b, fields(a) == fields(b));
            }
        }
    }
}
