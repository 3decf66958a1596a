//! Work through the system in one minute: customer traffic, zones and load balancers, capacity,
//! dependencies, client retries, background queues and offline mode; and how customers behave
//! (taking up offline mode, calling support). Long because one minute's work is one pass through
//! every service, and it is the hot loop of a night: what stays from minute to minute is kept.

use super::compiled::{Compiled, Dep};
use super::fleet::Fleet;
use super::levers::Levers;
use super::metrics::{MAX_SERVICES, MAX_ZONES, Metrics, PerZone, ServiceMinute};
use super::provider::Provider;
use crate::scenario::{Audience, Control, Minute, Scenario};

/// Load (demand / capacity) above which requests start to be slow.
const SLOW_LOAD: f64 = 0.8;
/// Extra work an overloaded instance gets through, late, when timeouts are extended.
const EXTENDED_HEADROOM: f64 = 0.15;
/// A staged resume stops doubling when a service the jobs call runs above this load.
const STAGED_MAX_LOAD: f64 = 0.75;
/// Success ratio above which a staged resume doubles, and offline sales sync back.
const HEALTHY_SUCCESS: f64 = 0.95;
/// With extended timeouts, this share of a slow-but-alive provider dependency's failures (scaled by
/// how alive it is) is answered late instead of failing.
const TIMEOUT_RESCUE: f64 = 0.5;
/// Share of the sheddable load that recent feature flags account for.
const FLAGGED_SHARE: f64 = 0.5;
/// Offline sales sync back at this share of the backlog per minute, and at least this many.
const SYNC_SHARE: f64 = 0.03;
const SYNC_MIN: f64 = 5.0;
/// Share of customers who keep selling offline once told, more when support explains it and the
/// status page is fresh; adoption moves this share of the way there each minute.
const ADOPTION_TOLD: f64 = 0.5;
const ADOPTION_SUPPORT_BRIEFED: f64 = 0.25;
const ADOPTION_STATUS_FRESH: f64 = 0.15;
const ADOPTION_PER_MINUTE: f64 = 0.03;
/// Support calls are cut to this share by a fresh status page, by a briefed support team, and by
/// offline-mode guidance.
const CALLS_STATUS_FRESH: f64 = 0.6;
const CALLS_SUPPORT_BRIEFED: f64 = 0.6;
const CALLS_OFFLINE_TOLD: f64 = 0.8;

/// What one service carries over from minute to minute: retries, its last success, its queue.
#[derive(Debug, Clone)]
struct Lane {
    retry_load: f64,
    /// Success ratio of the last minute, for services that need this one.
    success: f64,
    /// Jobs waiting, by the number of attempts already made.
    waiting: Vec<f64>,
    /// Staged resume started at this minute.
    staged_since: Option<Minute>,
    /// The staged resume's current rate, jobs per minute.
    staged_rate: f64,
    /// Whether all it calls was as healthy in every zone, and for which provider health
    /// (`Provider::revision`) and whether it read replicas: health changes only now and then.
    alike: Option<(u64, bool, bool)>,
    /// The company services it calls, in the order of its needs (listed on the first minute).
    callees: Vec<Callee>,
    /// What its calls came to in each zone, kept while nothing they are worked out from changes.
    known: Known,
}

/// A company service that a service calls: what it sends there for each request it serves.
#[derive(Debug, Clone, Copy)]
struct Callee {
    on: usize,
    share: f64,
    load: f64,
    /// A replica answers in its place when the team uses replicas (and then it is sent nothing).
    replica: bool,
}

/// What a service's calls came to in each zone (`Traffic::deps`), and what that was worked out
/// from: the provider's health (`Provider::revision`), how the service calls (retry factor,
/// extended timeouts, serving stale, replicas) and, to the bit, the last success of each company
/// service it calls. Most minutes none of these moves, and the calls need not be worked out again.
#[derive(Debug, Clone, Default)]
struct Known {
    /// (provider revision, retry factor's bits, extended, stale, replicas).
    from: Option<(u64, u64, bool, bool, bool)>,
    /// The bits of each callee's success, in the order of `Lane::callees`.
    successes: Vec<u64>,
    /// Per zone, what the calls came to there (none: not yet worked out for these inputs).
    at: [Option<Deps>; MAX_ZONES],
}

#[derive(Debug, Clone)]
pub struct Traffic {
    lanes: Vec<Lane>,
    /// Whether each lane's callees are listed (from the compiled scenario, on the first minute).
    wired: bool,
    offline_adoption: f64,
    offline_backlog: f64,
}

/// How a service calls what it needs this minute.
#[derive(Clone, Copy)]
struct Calls {
    extended: bool,
    /// Retries per failed request in force for its clients.
    retry: f64,
    stale: bool,
    replicas: bool,
}

/// What a service's calls come to in one zone (see `Traffic::deps`).
#[derive(Debug, Clone, Copy)]
struct Deps {
    deps: f64,
    fresh: f64,
    late: f64,
}

/// What one zone behind a load balancer came to (see `Traffic::serve`): its load, its error
/// rate (none without load) and `Deps::through`'s four numbers.
#[derive(Clone, Copy)]
struct ZoneShare {
    load: f64,
    errors: Option<f64>,
    through: (f64, f64, f64, f64),
}

impl Deps {
    /// Requests reaching one zone (or a pooled fleet) of capacity `cap`: (succeeded, slow among
    /// them, served by the fleet, answered stale from a cache among the succeeded).
    fn through(self, reach: f64, cap: f64, extended: bool) -> (f64, f64, f64, f64) {
        let headroom = if extended {
            1.0 + EXTENDED_HEADROOM
        } else {
            1.0
        };
        let served = reach.min(cap * headroom);
        let ok = served * self.deps;
        let load = if cap > 0.0 { reach / cap } else { 0.0 };
        let slow = (ok * ((load - SLOW_LOAD) * 2.5).clamp(0.0, 1.0) + served * self.late).min(ok);
        (ok, slow, served, served * (self.deps - self.fresh))
    }
}

impl Traffic {
    pub(super) fn new(s: &Scenario) -> Traffic {
        Traffic {
            lanes: s
                .services
                .iter()
                .map(|svc| Lane {
                    retry_load: 0.0,
                    success: 1.0,
                    waiting: svc
                        .queue
                        .as_ref()
                        .map_or(Vec::new(), |q| vec![0.0; q.max_attempts as usize]),
                    staged_since: None,
                    staged_rate: svc.queue.as_ref().map_or(0.0, |q| q.staged_rate),
                    alike: None,
                    callees: Vec::new(),
                    known: Known::default(),
                })
                .collect(),
            wired: false,
            offline_adoption: 0.0,
            offline_backlog: 0.0,
        }
    }

    /// Share of failing customers who keep selling offline, 0 to 1.
    pub fn offline_adoption(&self) -> f64 {
        self.offline_adoption
    }

    /// Sales kept offline and not yet synced back.
    pub fn offline_backlog(&self) -> f64 {
        self.offline_backlog
    }

    /// Background jobs waiting in every queue.
    pub fn jobs_waiting(&self) -> f64 {
        self.lanes
            .iter()
            .map(|l| l.waiting.iter().sum::<f64>())
            .sum()
    }

    /// Health of a dependency as seen from a zone: a provider service's, or a company service's
    /// success last minute.
    pub(super) fn dep_health(&self, dep: Dep, zone: usize, provider: &Provider) -> f64 {
        match dep {
            Dep::Provider(p) => provider.health(p, zone),
            Dep::Service(s) => self.lanes[s].success,
        }
    }

    /// Health of a dependency in its worst zone (a company service's success is the same in
    /// every zone).
    pub(super) fn worst_dep_health(&self, dep: Dep, provider: &Provider) -> f64 {
        match dep {
            Dep::Provider(p) => provider.worst(p),
            Dep::Service(s) => self.lanes[s].success,
        }
    }

    /// Background jobs are paused or resumed all at once: any staged resume stops.
    pub(super) fn cancel_staged_resume(&mut self) {
        for lane in &mut self.lanes {
            lane.staged_since = None;
        }
    }

    /// Resume background jobs, in stages from each queue's `staged_rate` or (`staged` false) at once.
    pub(super) fn resume_jobs(&mut self, s: &Scenario, now: Minute, staged: bool) {
        let since = staged.then_some(now);
        for (lane, svc) in self.lanes.iter_mut().zip(&s.services) {
            lane.staged_since = since;
            lane.staged_rate = svc.queue.as_ref().map_or(0.0, |q| q.staged_rate);
        }
    }

    /// Serve minute `m`: what every service was asked, what it could do, and what it cost.
    pub(super) fn serve(
        &mut self,
        m: Minute,
        s: &Scenario,
        ix: &Compiled,
        world: (&Fleet, &Provider, &Levers),
        (last, mut out): (Option<&Metrics>, Vec<ServiceMinute>),
    ) -> Metrics {
        let (fleet, provider, levers) = world;
        if !self.wired {
            self.wire(ix);
        }
        let traffic = ix.demand.get(m as usize).copied().unwrap_or(0.0);
        let shed = if !levers.control(Control::NonessentialFeatures) {
            1.0
        } else if !levers.control(Control::FeatureFlags) {
            FLAGGED_SHARE
        } else {
            0.0
        };
        let nzones = s.zones.len();
        let shifted = levers.shifted();
        let mut incoming = [0.0; MAX_SERVICES];
        // Every service's minute is written whole below (the order names each service once), so
        // a list kept from an earlier minute is written over rather than emptied and filled twice.
        if out.len() != s.services.len() {
            out.clear();
            out.resize(s.services.len(), ServiceMinute::default());
        }
        // This minute's totals, gathered service by service.
        let mut total_shed = 0.0;
        let mut jobs_lost = 0.0;
        let mut jobs_dropped = 0.0;
        let mut transactions = 0.0;
        let mut failed_total = 0.0;
        let mut offline_total = 0.0;
        let mut delayed_total = 0.0;
        let mut stale_total = 0.0;
        let mut degraded = 0.0;
        for &i in &ix.order {
            let svc = &s.services[i];
            let six = &ix.services[i];
            let extended = levers.control_for(Control::ExtendedTimeouts, i);
            let backoff = levers.control_for(Control::RetryBackoff, i);
            let jobs_on = levers.control_for(Control::BackgroundJobs, i);
            let stale = levers.serves_stale(i);
            let replicas = levers.uses_replicas(i);
            let (counts, total, not_serving) = fleet.serving_counts(i);
            let serving = PerZone::of(nzones, counts);
            let capacity = total as f64 * svc.capacity_per_instance;

            // What arrives: customers (less what is shed), retries, callers, offline sync, or queued jobs.
            let outside = traffic * svc.traffic_share;
            let shed_now = outside * svc.sheddable * shed;
            total_shed += shed_now;
            let new_work = outside - shed_now;
            let mut sync = 0.0;
            if svc.customer_facing
                && self.offline_backlog > 0.0
                && self.lanes[i].success > HEALTHY_SUCCESS
            {
                sync = self
                    .offline_backlog
                    .min((self.offline_backlog * SYNC_SHARE).max(SYNC_MIN));
                self.offline_backlog -= sync;
            }
            let mut arriving = 0.0;
            let mut queued = 0.0;
            let mut processed = 0.0;
            if let Some(q) = &svc.queue {
                arriving = ix.arrivals[i].get(m as usize).copied().unwrap_or(0.0);
                // Jobs another service's work made last minute; a full queue loses what comes.
                if let Some((j, per)) = ix.queue_feed[i] {
                    let made = last
                        .and_then(|l| l.services.get(j))
                        .map_or(0.0, |x| x.succeeded);
                    arriving += made * per;
                }
                let lane = &mut self.lanes[i];
                let waiting = lane.waiting.iter().sum::<f64>();
                if let Some(holds) = q.holds {
                    let room = (holds - waiting).max(0.0);
                    jobs_lost += (arriving - room).max(0.0);
                    arriving = arriving.min(room);
                }
                queued = waiting + arriving;
                let mut rate = if jobs_on { capacity } else { 0.0 };
                if let Some(since) = lane.staged_since {
                    // A careful ramp: at each stage, double the rate while the jobs succeed and
                    // what they call has headroom; halve it when they do not.
                    let into = m.saturating_sub(since);
                    if into > 0 && into % q.stage_minutes.max(1) == 0 {
                        let healthy =
                            lane.success > HEALTHY_SUCCESS && callees_have_headroom(ix, i, last);
                        let next = if healthy {
                            lane.staged_rate * 2.0
                        } else {
                            lane.staged_rate / 2.0
                        };
                        lane.staged_rate =
                            next.clamp(q.staged_rate / 8.0, capacity.max(q.staged_rate));
                    }
                    rate = rate.min(lane.staged_rate);
                }
                processed = queued.min(rate);
            }
            let demand = new_work + self.lanes[i].retry_load + incoming[i] + sync + processed;

            // Retries per failed request in force for this service's clients.
            let retry_now = svc
                .retries
                .as_ref()
                .map_or(0.0, |r| if backoff { r.with_backoff } else { r.immediate });

            // Where it goes: behind a zonal load balancer each live zone gets an equal share (a
            // zonal shift is the load balancer's: it moves only this traffic); otherwise capacity
            // pools, and each zone does its instances' share of the work. When all a service
            // calls is as healthy in every zone (most minutes), what its calls come to is the
            // same in every zone and is worked out once.
            let alike = match self.lanes[i].alike {
                Some((revision, r, alike)) if revision == provider.revision() && r == replicas => {
                    alike
                }
                _ => {
                    let alike = six.needs.iter().all(|n| match (n.replica, n.on) {
                        (Some(r), _) if replicas => provider.uniform(r),
                        (_, Dep::Provider(p)) => provider.uniform(p),
                        _ => true,
                    });
                    self.lanes[i].alike = Some((provider.revision(), replicas, alike));
                    alike
                }
            };
            let calls = Calls {
                extended,
                retry: retry_now,
                stale,
                replicas,
            };
            self.check_known(i, calls, provider);
            let mut zone_load = PerZone::new(nzones);
            let mut zone_errors = PerZone::new(0);
            let mut succeeded = 0.0;
            let mut delayed = 0.0;
            let mut served_total = 0.0;
            let mut from_cache = 0.0;
            if let Some(lb) = six.load_balancer {
                let mut live = PerZone::<usize>::new(0);
                for &z in &six.zones {
                    let shifted_away = Some(z) == shifted && six.zones.len() > 1;
                    if !shifted_away && serving[z] > 0 {
                        live.push(z);
                    }
                }
                zone_errors = PerZone::new(nzones);
                let mut same: Option<Deps> = None;
                // Each live zone gets the same share. A zone with as many instances serving and
                // the same load balancer health as the zone before it, its calls faring alike,
                // comes to the same numbers to the bit: they are taken over, not worked out again.
                let load = demand / live.len() as f64;
                let mut before: Option<(u32, u64, ZoneShare)> = None;
                for &z in &live {
                    let health = provider.health(lb, z);
                    let share = match before {
                        Some((n, h, share))
                            if alike && n == serving[z] && h == health.to_bits() =>
                        {
                            share
                        }
                        _ => {
                            let reach = load * health;
                            let cap = serving[z] as f64 * svc.capacity_per_instance;
                            let deps = match same {
                                Some(d) => d,
                                None => {
                                    let d = self.deps_in(ix, i, z, calls, provider);
                                    if alike {
                                        same = Some(d);
                                    }
                                    d
                                }
                            };
                            let (ok, slow, served, cached) = deps.through(reach, cap, extended);
                            let share = ZoneShare {
                                load: if cap > 0.0 {
                                    reach / cap
                                } else {
                                    f64::INFINITY
                                },
                                errors: (load > 0.0).then(|| (load - ok) / load),
                                through: (ok, slow, served, cached),
                            };
                            before = Some((serving[z], health.to_bits(), share));
                            share
                        }
                    };
                    zone_load[z] = share.load;
                    if let Some(e) = share.errors {
                        zone_errors[z] = e;
                    }
                    let (ok, slow, served, cached) = share.through;
                    succeeded += ok;
                    delayed += slow;
                    served_total += served;
                    from_cache += cached;
                }
            } else {
                let load = if capacity > 0.0 {
                    demand / capacity
                } else {
                    f64::INFINITY
                };
                for &z in &six.zones {
                    zone_load[z] = load;
                }
                // The pool's work is spread over the zones its instances serve in, by how many
                // serve there; what each zone's share needs is called in that zone. When the
                // zones' calls fare alike, so do their shares, and they are worked out as one; a
                // pool with none serving fails everything.
                if total == 0 || alike {
                    let z = six.zones.first().copied().unwrap_or(0);
                    (succeeded, delayed, served_total, from_cache) = self
                        .deps_in(ix, i, z, calls, provider)
                        .through(demand, capacity, extended);
                } else {
                    for &z in &six.zones {
                        let n = serving[z];
                        if n == 0 {
                            continue;
                        }
                        let part = n as f64 / total as f64;
                        let (ok, slow, served, cached) = self
                            .deps_in(ix, i, z, calls, provider)
                            .through(demand * part, capacity * part, extended);
                        succeeded += ok;
                        delayed += slow;
                        served_total += served;
                        from_cache += cached;
                    }
                }
            }
            let failed = (demand - succeeded).max(0.0);
            for c in &self.lanes[i].callees {
                if !(replicas && c.replica) {
                    incoming[c.on] += served_total * c.share * c.load;
                }
            }

            // Background jobs: failures go round again until they run out of attempts.
            let mut backlog = 0.0;
            if let Some(q) = &svc.queue {
                let lane = &mut self.lanes[i];
                lane.waiting[0] += arriving;
                // The share of this service's work that succeeded (jobs share the fleet with any callers).
                let ok_share = if demand > 0.0 {
                    (succeeded / demand).clamp(0.0, 1.0)
                } else {
                    1.0
                };
                if queued > 0.0 && processed > 0.0 {
                    let take = processed / queued;
                    let last = lane.waiting.len() - 1;
                    for a in (0..lane.waiting.len()).rev() {
                        let run = lane.waiting[a] * take;
                        lane.waiting[a] -= run;
                        let failed = run * (1.0 - ok_share);
                        if a == last || q.max_attempts <= 1 {
                            jobs_dropped += failed;
                        } else {
                            lane.waiting[a + 1] += failed;
                        }
                    }
                }
                backlog = lane.waiting.iter().sum();
            }

            // Customer transactions: failures, some kept offline; clients retry what failed.
            out[i] = ServiceMinute {
                demand,
                capacity,
                succeeded,
                failed,
                delayed,
                serving,
                not_serving,
                backlog,
                zone_load,
                zone_errors,
                launch_failures: 0,
            };
            let err = out[i].error_rate();
            let retry = |failed: f64| {
                svc.retries.as_ref().map_or(0.0, |r| {
                    failed * if backoff { r.with_backoff } else { r.immediate }
                })
            };
            let retry_load = if svc.customer_facing {
                let failed_new = new_work * err;
                let offline = failed_new * self.offline_adoption;
                transactions += new_work;
                failed_total += failed_new - offline;
                offline_total += offline;
                if demand > 0.0 {
                    delayed_total += new_work * delayed / demand;
                    stale_total += new_work * from_cache / demand;
                }
                self.offline_backlog += offline;
                retry(failed_new - offline)
            } else {
                if svc.queue.is_none() {
                    degraded += new_work * err;
                }
                retry(new_work * err)
            };
            let lane = &mut self.lanes[i];
            lane.retry_load = retry_load;
            lane.success = 1.0 - err;
        }
        Metrics {
            minute: m,
            transactions,
            failed: failed_total,
            delayed: delayed_total,
            offline: offline_total,
            degraded,
            shed: total_shed,
            jobs_dropped,
            jobs_lost,
            stale: stale_total,
            services: out,
            tally: Default::default(),
            impact: false,
        }
    }

    /// List each service's callees, from its needs on company services (in their order).
    fn wire(&mut self, ix: &Compiled) {
        for (lane, six) in self.lanes.iter_mut().zip(&ix.services) {
            lane.callees = six
                .needs
                .iter()
                .filter_map(|n| match n.on {
                    Dep::Service(j) => Some(Callee {
                        on: j,
                        share: n.share,
                        load: n.load,
                        replica: n.replica.is_some(),
                    }),
                    Dep::Provider(_) => None,
                })
                .collect();
            lane.known = Known {
                successes: vec![0; lane.callees.len()],
                ..Known::default()
            };
        }
        self.wired = true;
    }

    /// Forget what service `i`'s calls came to if anything it was worked out from has changed
    /// since: the provider's health, how it calls, or any callee's last success.
    fn check_known(&mut self, i: usize, calls: Calls, provider: &Provider) {
        let from = Some((
            provider.revision(),
            calls.retry.to_bits(),
            calls.extended,
            calls.stale,
            calls.replicas,
        ));
        let lane = &self.lanes[i];
        let same = lane.known.from == from
            && (lane.callees.iter())
                .zip(&lane.known.successes)
                .all(|(c, &bits)| self.lanes[c.on].success.to_bits() == bits);
        if same {
            return;
        }
        for k in 0..self.lanes[i].callees.len() {
            let bits = self.lanes[self.lanes[i].callees[k].on].success.to_bits();
            self.lanes[i].known.successes[k] = bits;
        }
        let known = &mut self.lanes[i].known;
        known.from = from;
        known.at = [None; MAX_ZONES];
    }

    /// What service `i`'s calls come to in zone `z` (`Traffic::deps`), as kept from an earlier
    /// minute when nothing it is worked out from has changed (`check_known` says).
    #[inline]
    fn deps_in(
        &mut self,
        ix: &Compiled,
        i: usize,
        z: usize,
        calls: Calls,
        provider: &Provider,
    ) -> Deps {
        if let Some(d) = self.lanes[i].known.at[z] {
            return d;
        }
        self.work_out(ix, i, z, calls, provider)
    }

    /// Work out what service `i`'s calls come to in zone `z`, and keep it.
    #[inline(never)]
    fn work_out(
        &mut self,
        ix: &Compiled,
        i: usize,
        z: usize,
        calls: Calls,
        provider: &Provider,
    ) -> Deps {
        let d = self.deps(ix, i, z, calls, provider);
        self.lanes[i].known.at[z] = Some(d);
        d
    }

    /// How service `i`'s calls fare from zone `z`: the share of its requests that all it needs
    /// answers, the same counting what the cache answers as failing, and the share answered late.
    fn deps(&self, ix: &Compiled, i: usize, z: usize, calls: Calls, provider: &Provider) -> Deps {
        let mut deps = 1.0;
        // As `deps`, with what the cache answers counted as failing: the difference is stale.
        let mut fresh = 1.0;
        let mut late = 0.0;
        for n in &ix.services[i].needs {
            let on = match n.replica {
                Some(r) if calls.replicas => Dep::Provider(r),
                _ => n.on,
            };
            let h = self.dep_health(on, z, provider);
            let (h, rescued) = match on {
                Dep::Provider(_) => provider_call(h, calls.retry, calls.extended),
                Dep::Service(_) => (h, 0.0),
            };
            let through = 1.0 - n.share * (1.0 - h);
            fresh *= through;
            if !(calls.stale && n.stale_ok) {
                deps *= through;
                late += n.share * rescued;
            }
        }
        Deps { deps, fresh, late }
    }

    /// Support calls this minute: customers whose registers fail call, fewer when told what is
    /// going on. `err` is the customers' error rate.
    pub(super) fn support_calls(
        &self,
        m: Minute,
        (s, ix): (&Scenario, &Compiled),
        levers: &Levers,
        err: f64,
    ) -> f64 {
        let w = &s.scoring;
        let busy = ix.demand.get(m as usize).copied().unwrap_or(0.0) / ix.peak;
        let mut calls = s.customers as f64 * err * busy * w.calls_per_customer_hour / 60.0;
        if levers.is_fresh(Audience::StatusPage, m, w.update_every) {
            calls *= CALLS_STATUS_FRESH;
        }
        if levers.last_update(Audience::Support).is_some() {
            calls *= CALLS_SUPPORT_BRIEFED;
        }
        if levers.control(Control::OfflineMode) {
            calls *= CALLS_OFFLINE_TOLD;
        }
        calls
    }

    /// Customers take up offline mode over an hour or so once told; better when support can explain it.
    pub(super) fn adopt_offline(&mut self, m: Minute, s: &Scenario, levers: &Levers) {
        let target = if levers.control(Control::OfflineMode) {
            let mut t = ADOPTION_TOLD;
            if levers.last_update(Audience::Support).is_some() {
                t += ADOPTION_SUPPORT_BRIEFED;
            }
            if levers.is_fresh(Audience::StatusPage, m, s.scoring.update_every) {
                t += ADOPTION_STATUS_FRESH;
            }
            t
        } else {
            0.0
        };
        self.offline_adoption += (target - self.offline_adoption) * ADOPTION_PER_MINUTE;
    }
}

/// How a call to a provider service at health `h` fares: (the share that succeeds, the share of all
/// calls that succeed only late). Clients retrying at once pile their retries onto a dependency
/// that is struggling to come back, and it answers a smaller share of a larger load: health
/// `h / (1 + retry × (1 − h))`; with backoff and jitter `retry` is small and the dependency keeps
/// its pace. With extended timeouts a slow but alive dependency answers some calls late.
fn provider_call(h: f64, retry: f64, extended: bool) -> (f64, f64) {
    let h = h / (1.0 + retry.max(0.0) * (1.0 - h));
    let rescued = if extended {
        (1.0 - h) * TIMEOUT_RESCUE * h
    } else {
        0.0
    };
    (h + rescued, rescued)
}

/// Whether every company service this one calls ran below `STAGED_MAX_LOAD` last minute.
fn callees_have_headroom(ix: &Compiled, i: usize, last: Option<&Metrics>) -> bool {
    let Some(last) = last else {
        return true;
    };
    ix.services[i].needs.iter().all(|n| match n.on {
        Dep::Service(j) => last
            .services
            .get(j)
            .is_none_or(|x| x.load() < STAGED_MAX_LOAD),
        Dep::Provider(_) => true,
    })
}
