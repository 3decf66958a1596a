//! Work through the system in one minute: customer traffic, zones and load balancers, capacity,
//! dependencies, client retries, background queues, offline mode; then what it cost.

use super::compiled::Dep;
use super::{InstanceState, MAX_SERVICES, Metrics, PerZone, ServiceMinute, World};
use crate::scenario::{Audience, Control, Minute, Role};

/// Load (demand / capacity) above which requests start to be slow.
const SLOW_LOAD: f64 = 0.8;
/// Extra work an overloaded instance gets through, late, when timeouts are extended.
const EXTENDED_HEADROOM: f64 = 0.15;
/// A staged resume stops doubling when a service the jobs call runs above this load.
const STAGED_MAX_LOAD: f64 = 0.75;
/// Share of the sheddable load that recent feature flags account for.
const FLAGGED_SHARE: f64 = 0.5;

impl World {
    pub(super) fn serve(&mut self, m: Minute) -> Metrics {
        let scenario = self.scenario.clone();
        let s = &*scenario;
        let traffic = self.traffic.get(m as usize).copied().unwrap_or(0.0);
        let shed = if !self.control(Control::NonessentialFeatures) {
            1.0
        } else if !self.control(Control::FeatureFlags) {
            FLAGGED_SHARE
        } else {
            0.0
        };
        let extended = self.control(Control::ExtendedTimeouts);
        let backoff = self.control(Control::RetryBackoff);
        let jobs_on = self.control(Control::BackgroundJobs);
        let nzones = s.zones.len();
        let mut incoming = [0.0; MAX_SERVICES];
        let mut out = vec![ServiceMinute::default(); s.services.len()];
        let mut metrics = Metrics {
            minute: m,
            ..Metrics::default()
        };
        for k in 0..self.ix.order.len() {
            let i = self.ix.order[k];
            let svc = &s.services[i];
            let ix = &self.ix.services[i];
            let mut sm = ServiceMinute {
                serving: PerZone::new(nzones),
                zone_load: PerZone::new(nzones),
                ..ServiceMinute::default()
            };
            for inst in &self.services[i].instances {
                match inst.state {
                    InstanceState::Serving => sm.serving[inst.zone] += 1,
                    _ => sm.not_serving += 1,
                }
            }
            sm.capacity = sm.serving_total() as f64 * svc.capacity_per_instance;

            // What arrives: customers (less what is shed), retries, callers, offline sync, or queued jobs.
            let outside = traffic * svc.traffic_share;
            let shed_now = outside * svc.sheddable * shed;
            metrics.degraded += shed_now;
            let new_work = outside - shed_now;
            let mut sync = 0.0;
            if svc.customer_facing && self.offline_backlog > 0.0 && self.services[i].success > 0.95
            {
                sync = self
                    .offline_backlog
                    .min((self.offline_backlog * 0.03).max(5.0));
                self.offline_backlog -= sync;
            }
            let queued = self.services[i].waiting.iter().sum::<f64>()
                + self.arrivals[i].get(m as usize).copied().unwrap_or(0.0);
            let processed = if svc.queue.is_some() {
                let mut rate = if jobs_on { sm.capacity } else { 0.0 };
                if let (Some(q), Some(since)) = (&svc.queue, self.services[i].staged_since) {
                    // A careful ramp: at each stage, double the rate while the jobs succeed and
                    // what they call has headroom; halve it when they do not.
                    let into = m.saturating_sub(since);
                    if into > 0 && into % q.stage_minutes.max(1) == 0 {
                        let st = &self.services[i];
                        let healthy = st.success > 0.95 && self.callees_have_headroom(i);
                        let next = if healthy {
                            st.staged_rate * 2.0
                        } else {
                            st.staged_rate / 2.0
                        };
                        self.services[i].staged_rate =
                            next.clamp(q.staged_rate / 8.0, sm.capacity.max(q.staged_rate));
                    }
                    rate = rate.min(self.services[i].staged_rate);
                }
                queued.min(rate)
            } else {
                0.0
            };
            sm.demand = new_work + self.services[i].retry_load + incoming[i] + sync + processed;

            // Where it goes: behind a zonal load balancer each live zone gets an equal share; otherwise capacity pools.
            let mut live = PerZone::<usize>::new(0);
            for &z in &ix.zones {
                let shifted_away = Some(z) == self.shifted && ix.zones.len() > 1;
                if !shifted_away && (ix.load_balancer.is_none() || sm.serving[z] > 0) {
                    live.push(z);
                }
            }
            let mut succeeded = 0.0;
            let mut delayed = 0.0;
            let mut served_total = 0.0;
            if ix.load_balancer.is_some() {
                for &z in &live {
                    let load = sm.demand / live.len() as f64;
                    let reach = load * ix.load_balancer.map_or(1.0, |lb| self.health[lb][z]);
                    let cap = sm.serving[z] as f64 * svc.capacity_per_instance;
                    sm.zone_load[z] = if cap > 0.0 {
                        reach / cap
                    } else {
                        f64::INFINITY
                    };
                    let (ok, slow, served) = self.through(i, z, reach, cap, extended);
                    succeeded += ok;
                    delayed += slow;
                    served_total += served;
                }
            } else {
                let z = live.first().copied().unwrap_or(0);
                let load = if sm.capacity > 0.0 {
                    sm.demand / sm.capacity
                } else {
                    f64::INFINITY
                };
                for &z in &ix.zones {
                    sm.zone_load[z] = load;
                }
                let (ok, slow, served) = self.through(i, z, sm.demand, sm.capacity, extended);
                succeeded = ok;
                delayed = slow;
                served_total = served;
            }
            sm.succeeded = succeeded;
            sm.delayed = delayed;
            sm.failed = (sm.demand - succeeded).max(0.0);
            for n in &ix.needs {
                if let Dep::Service(j) = n.on {
                    incoming[j] += served_total * n.share * n.load;
                }
            }

            // Background jobs: failures go round again until they run out of attempts.
            if let Some(q) = &svc.queue {
                let st = &mut self.services[i];
                st.waiting[0] += self.arrivals[i].get(m as usize).copied().unwrap_or(0.0);
                // The share of this service's work that succeeded (jobs share the fleet with any callers).
                let ok_share = if sm.demand > 0.0 {
                    (succeeded / sm.demand).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                if queued > 0.0 && processed > 0.0 {
                    let take = processed / queued;
                    let last = st.waiting.len() - 1;
                    for a in (0..st.waiting.len()).rev() {
                        let run = st.waiting[a] * take;
                        st.waiting[a] -= run;
                        let failed = run * (1.0 - ok_share);
                        if a == last || q.max_attempts <= 1 {
                            metrics.jobs_dropped += failed;
                        } else {
                            st.waiting[a + 1] += failed;
                        }
                    }
                }
                sm.backlog = st.waiting.iter().sum();
            }

            // Customer transactions: failures, some kept offline; clients retry what failed.
            let st = &mut self.services[i];
            let err = sm.error_rate();
            if svc.customer_facing {
                let failed_new = new_work * err;
                let offline = failed_new * self.offline_adoption;
                metrics.transactions += new_work;
                metrics.failed += failed_new - offline;
                metrics.offline += offline;
                metrics.delayed += if sm.demand > 0.0 {
                    new_work * sm.delayed / sm.demand
                } else {
                    0.0
                };
                self.offline_backlog += offline;
                st.retry_load = svc.retries.as_ref().map_or(0.0, |r| {
                    (failed_new - offline) * if backoff { r.with_backoff } else { r.immediate }
                });
            } else {
                if svc.queue.is_none() {
                    metrics.degraded += new_work * err;
                }
                st.retry_load = svc.retries.as_ref().map_or(0.0, |r| {
                    new_work * err * if backoff { r.with_backoff } else { r.immediate }
                });
            }
            st.success = 1.0 - err;
            out[i] = sm;
        }
        metrics.services = out;
        metrics
    }

    /// Whether every company service this one calls ran below `STAGED_MAX_LOAD` last minute.
    fn callees_have_headroom(&self, i: usize) -> bool {
        let Some(last) = self.history.last() else {
            return true;
        };
        self.ix.services[i].needs.iter().all(|n| match n.on {
            Dep::Service(j) => last
                .services
                .get(j)
                .is_none_or(|x| x.load() < STAGED_MAX_LOAD),
            Dep::Provider(_) => true,
        })
    }

    /// Requests reaching one zone (or a pooled fleet): (succeeded, slow among them, served by the fleet).
    fn through(&self, i: usize, z: usize, reach: f64, cap: f64, extended: bool) -> (f64, f64, f64) {
        let headroom = if extended {
            1.0 + EXTENDED_HEADROOM
        } else {
            1.0
        };
        let served = reach.min(cap * headroom);
        let mut deps = 1.0;
        for n in &self.ix.services[i].needs {
            deps *= 1.0 - n.share * (1.0 - self.dep_health(n.on, z));
        }
        let ok = served * deps;
        let load = if cap > 0.0 { reach / cap } else { 0.0 };
        let slow = ok * ((load - SLOW_LOAD) * 2.5).clamp(0.0, 1.0);
        (ok, slow, served)
    }

    /// What the minute cost the customers and the organisation; people tire; customers adopt offline mode.
    pub(super) fn account(&mut self, m: Minute, metrics: &mut Metrics) {
        let scenario = self.scenario.clone();
        let s = &*scenario;
        let w = &s.scoring;
        let err = if metrics.transactions > 0.0 {
            ((metrics.failed + metrics.offline) / metrics.transactions).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let impact = err > w.impact_error_rate;
        metrics.impact = impact;
        let fresh = |a: Audience, world: &World| {
            world
                .last_update(a)
                .is_some_and(|t| m.saturating_sub(t) <= w.update_every)
        };
        let t = &mut self.tally;
        t.failed_transactions += metrics.failed;
        t.delayed_transactions += metrics.delayed;
        t.offline_transactions += metrics.offline;
        t.degraded_requests += metrics.degraded;
        t.jobs_dropped += metrics.jobs_dropped;

        let started = |role: Role, world: &World| {
            s.people
                .iter()
                .zip(&world.people)
                .any(|(p, st)| p.role == role && st.awake)
        };
        if impact {
            if self.escalation < w.escalate_to {
                self.tally.escalation_minutes += 1.0;
            }
            let audiences = [
                (Audience::StatusPage, true),
                (Audience::Executives, started(Role::Executive, self)),
                (Audience::Support, started(Role::Support, self)),
            ];
            for (a, listening) in audiences {
                if listening && !fresh(a, self) {
                    self.tally.comms_gap_minutes += 1.0;
                }
            }
        }
        // Support calls: customers whose registers fail call, fewer when told what is going on.
        let peak = self.peak_traffic;
        let busy = self.traffic.get(m as usize).copied().unwrap_or(0.0) / peak;
        let mut calls = s.customers as f64 * err * busy * w.calls_per_customer_hour / 60.0;
        if fresh(Audience::StatusPage, self) {
            calls *= 0.6;
        }
        if self.last_update(Audience::Support).is_some() {
            calls *= 0.6;
        }
        if self.control(Control::OfflineMode) {
            calls *= 0.8;
        }
        self.tally.support_calls += calls;

        // People tire while they are on the incident.
        for (p, st) in s.people.iter().zip(self.people.iter_mut()) {
            if p.role == Role::Responder && st.on_incident {
                st.tired_hours += 1.0 / 60.0;
                if st.tired_hours > w.tired_after {
                    self.tally.fatigue_hours += 1.0 / 60.0;
                }
            }
        }

        // Customers take up offline mode over an hour or so once told; better when support can explain it.
        let target = if self.control(Control::OfflineMode) {
            let mut t = 0.5;
            if self.last_update(Audience::Support).is_some() {
                t += 0.25;
            }
            if fresh(Audience::StatusPage, self) {
                t += 0.15;
            }
            t
        } else {
            0.0
        };
        self.offline_adoption += (target - self.offline_adoption) * 0.03;
        metrics.tally = self.tally;
    }
}
