//! Property test over generated valid scenarios: worlds of any size and shape the format allows
//! (one to six zones, up to 1000 instances a zone, amounts and weights up to the 1e9 limit, nights
//! up to a day long, faults anywhere), played with random decisions. None overflows or panics,
//! the breakdown sums to the blast radius, and every minute stays within bounds.
//!
//! A few cases run with `cargo test`; `BLASTRADIUS_LONG=1 cargo test --release --test generated`
//! runs the long search (`BLASTRADIUS_CASES=N` sets its number of cases).

use std::sync::Arc;

use blastradius::scenario::{self, MAX_ZONES, TargetKind};
use blastradius::score::{Breakdown, MAX_PART_POINTS};
use blastradius::session::Session;
use proptest::prelude::*;

/// Cases: a few in the normal test run, many when asked.
fn cases() -> u32 {
    if std::env::var_os("BLASTRADIUS_LONG").is_some_and(|v| v != "0" && !v.is_empty()) {
        std::env::var("BLASTRADIUS_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(1000)
    } else {
        6
    }
}

/// A provider fault: which provider service (index), in which zone (none: all), from and for how
/// long (minutes into the night), how healthy meanwhile.
type FaultSpec = (usize, Option<usize>, u32, u32, f64);

#[derive(Debug, Clone)]
struct World {
    zones: usize,
    length: u32,
    start: u32,
    customers: u32,
    instances: [u32; 2],
    capacity: [f64; 2],
    traffic: Vec<(u32, f64)>,
    retries: (f64, f64),
    faults: Vec<FaultSpec>,
    weights: Vec<f64>,
    tired_hours: f64,
    /// Jobs per API request feeding the queue, the queue's size, a status page's lag.
    feed: (f64, f64, u32),
}

/// An amount the format allows, from tiny to the 1e9 limit, often round.
fn amount() -> impl Strategy<Value = f64> {
    prop_oneof![
        0.0..10.0,
        0.0..10_000.0,
        Just(0.0),
        Just(1e9),
        (0u32..10).prop_map(|e| 10f64.powi(e as i32)),
    ]
}

fn world() -> impl Strategy<Value = World> {
    (
        1..=MAX_ZONES,
        1u32..=1439,
        0u32..1440,
        0u32..1_000_000,
        prop::array::uniform2(prop_oneof![1u32..20, 1u32..=1000]),
        prop::array::uniform2(amount().prop_map(|a| a.max(0.001))),
        prop::collection::vec((0u32..1440, amount()), 1..6),
        (amount(), amount()),
        prop::collection::vec(
            (
                0usize..4,
                prop::option::of(0usize..MAX_ZONES),
                0u32..1440,
                1u32..1440,
                0.0..=1.0f64,
            ),
            0..6,
        ),
        prop::collection::vec(amount(), 13),
        0.0..48.0f64,
        (amount(), amount().prop_map(|a| a.max(0.001)), 0u32..=1440),
    )
        .prop_map(
            |(
                zones,
                length,
                start,
                customers,
                instances,
                capacity,
                traffic,
                retries,
                faults,
                weights,
                tired_hours,
                feed,
            )| World {
                zones,
                length,
                start,
                customers,
                instances,
                capacity,
                traffic,
                retries,
                faults,
                weights,
                tired_hours,
                feed,
            },
        )
}

fn hhmm(m: u32) -> String {
    format!("\"{:02}:{:02}\"", (m % 1440) / 60, m % 60)
}

/// The world as a scenario file.
fn ron(w: &World) -> String {
    let at = |minute: u32| hhmm(w.start + minute.min(w.length));
    let zones: Vec<String> = (0..w.zones).map(|z| format!("\"z{z}\"")).collect();
    let zones = zones.join(", ");
    let mut traffic: Vec<(u32, f64)> = w
        .traffic
        .iter()
        .map(|&(m, v)| (m % (w.length + 1), v))
        .collect();
    traffic.sort_by_key(|p| p.0);
    traffic.dedup_by_key(|p| p.0);
    let traffic: Vec<String> = traffic
        .iter()
        .map(|&(m, v)| format!("(at: {}, per_minute: {v:?})", at(m)))
        .collect();
    let providers = ["db", "vm", "net", "lb"];
    let faults: Vec<String> = w
        .faults
        .iter()
        .filter_map(|&(p, z, from, len, health)| {
            let from = from % w.length;
            let until = (from + len).min(w.length);
            (until > from).then(|| {
                let zones = z
                    .filter(|z| *z < w.zones)
                    .map(|z| format!("zones: [\"z{z}\"], "))
                    .unwrap_or_default();
                format!(
                    "(target: \"{}\", {zones}from: {}, until: {}, health: {health:?})",
                    providers[p],
                    at(from),
                    at(until)
                )
            })
        })
        .collect();
    let wt = &w.weights;
    format!(
        r#"Scenario(
    id: "generated",
    title: "Generated night",
    summary: "A world the property test made.",
    timezone: "UTC",
    date: "2024-01-01",
    clock: (start: {start}, end: {end}),
    customers: {customers},
    zones: [{zones}],
    provider: [
        (id: "db", name: "Database"),
        (id: "vm", name: "VM launches"),
        (id: "net", name: "VM network"),
        (id: "lb", name: "Load balancer"),
        (id: "ci", name: "CI", third_party: true),
    ],
    services: [
        (
            id: "api",
            name: "API",
            zones: [{zones}],
            instances_per_zone: {i0},
            capacity_per_instance: {c0:?},
            traffic_share: 1.0,
            customer_facing: true,
            launch: (via: "vm", network: "net", boot_minutes: 2),
            load_balancer: "lb",
            health_check: (touches: ["db"], fail_after: 2, fail_open_above: 0.5),
            needs: [(on: "db", stale_ok: true, replica: "net")],
            retries: (immediate: {r0:?}, with_backoff: {r1:?}),
        ),
        (
            id: "jobs",
            name: "Jobs",
            zones: ["z0"],
            instances_per_zone: {i1},
            capacity_per_instance: {c1:?},
            needs: [(on: "db"), (on: "api", share: 1.0, load: 1.0)],
            queue: (
                name: "work",
                arrivals: [(at: {start}, per_minute: 10.0)],
                fed_by: (service: "api", per_request: {feed:?}),
                holds: {holds:?},
                max_attempts: 2,
                staged_rate: 5.0,
                stage_minutes: 10,
            ),
        ),
    ],
    faults: [{faults}],
    traffic: [{traffic}],
    people: [
        (id: "oncall", name: "On-call", role: Responder, on_duty: true, tired_hours: {tired:?}),
        (id: "lead", name: "Lead", role: Responder, answers_page_in: 10),
    ],
    changes: [(id: "roll", name: "Roll", at: {start}, rolls: "api", batch: 0.5, every_minutes: 5,
               description: "a roll", via: ["ci", "db"])],
    status_pages: [(id: "cloud", name: "Cloud", covers: ["db", "vm", "net", "lb"], lag_minutes: {lag}),
                   (id: "ci", name: "CI status", covers: ["ci"])],
    beats: [
        (id: "post", channel: StatusPage, from: "cloud", text: "Investigating.", when: ErrorRateAbove("api", 0.5)),
        (id: "asked", channel: Chat, from: "oncall", text: "Looked.", when: JustDone("noop")),
        (id: "hot", channel: Alert(Warning), from: "Monitoring", text: "api errors",
         when: ErrorRateAbove("api", 0.05), repeat_minutes: 1),
    ],
    actions: [
        (id: "noop", name: "Look around", description: "", minutes: 1, effects: []),
        (id: "checks_off", name: "Checks off", description: "", minutes: 1, effects: [Set(HealthChecks, false)]),
        (id: "backoff", name: "Backoff", description: "", minutes: 1, effects: [Set(RetryBackoff, true)]),
        (id: "pause", name: "Pause jobs", description: "", minutes: 1, effects: [Set(BackgroundJobs, false)]),
        (id: "resume", name: "Resume jobs", description: "", minutes: 1, effects: [ResumeJobs(staged: false)]),
        (id: "resume_staged", name: "Resume in stages", description: "", minutes: 1, effects: [ResumeJobs(staged: true)]),
        (id: "freeze", name: "Freeze", description: "", minutes: 1, tools: ["ci"], effects: [Set(Cicd, false)]),
        (id: "restart", name: "Restart", description: "", minutes: 1, target: Service, effects: [Restart(Chosen)]),
        (id: "recreate", name: "Recreate", description: "", minutes: 1, target: Service, effects: [Recreate(Chosen)]),
        (id: "scale", name: "Scale out", description: "", minutes: 1, target: Service, effects: [ScaleOut(Chosen, 10.0)]),
        (id: "shift", name: "Shift", description: "", minutes: 1, target: Zone, requires: [Shifted(false)], effects: [ZonalShift]),
        (id: "unshift", name: "End shift", description: "", minutes: 1, effects: [EndZonalShift]),
        (id: "page", name: "Page lead", description: "", minutes: 1, effects: [Page("lead")]),
        (id: "handoff", name: "Handoff", description: "", minutes: 1, requires: [SecondResponder], effects: [Handoff]),
        (id: "status", name: "Status page", description: "", minutes: 1, effects: [Communicate(StatusPage)]),
        (id: "offline", name: "Offline mode", description: "", minutes: 1, effects: [Set(OfflineMode, true)]),
        (id: "timeouts", name: "Extend timeouts", description: "", minutes: 1, effects: [Set(ExtendedTimeouts, true)]),
        (id: "checks_for", name: "Checks off for one", description: "", minutes: 1, target: Service, effects: [SetFor(HealthChecks, Chosen, false)]),
        (id: "jobs_for", name: "Jobs off for one", description: "", minutes: 1, target: Service, effects: [SetFor(BackgroundJobs, Chosen, false)]),
        (id: "stale", name: "Serve stale", description: "", minutes: 1, effects: [ServeStale(Service("api"), true)]),
        (id: "replica", name: "Use replicas", description: "", minutes: 1, effects: [UseReplicas(Service("api"), true)]),
        (id: "shallow", name: "Shallow checks", description: "", minutes: 1, effects: [ShallowChecks(Service("api"), true)]),
        (id: "pages", name: "Read pages", description: "", minutes: 1, effects: [RevealStatusPage, ReadStatusPage("ci")]),
    ],
    expert: [(at: {first}, action: "noop", why: "Look first.")],
    lessons: [(id: "l", title: "L", summary: "S", applied_by: ["shallow"], in_time: Not(ErrorRateAbove("api", 0.1)))],
    scoring: (
        failed_transaction: {w0:?},
        delayed_transaction: {w1:?},
        offline_transaction: {w2:?},
        degraded_request: {w3:?},
        capacity_destroyed: {w4:?},
        job_dropped: {w5:?},
        job_lost: {w11:?},
        stale_request: {w12:?},
        escalation_minute: {w6:?},
        escalate_to: 1,
        comms_gap_minute: {w7:?},
        update_every: 60,
        support_call: {w8:?},
        fatigue_hour: {w9:?},
        tired_after: 16.0,
        impact_error_rate: 0.05,
        calls_per_customer_hour: {w10:?},
    ),
)"#,
        start = hhmm(w.start),
        end = hhmm(w.start + w.length),
        customers = w.customers,
        i0 = w.instances[0],
        i1 = w.instances[1],
        c0 = w.capacity[0],
        c1 = w.capacity[1],
        r0 = w.retries.0,
        r1 = w.retries.1,
        faults = faults.join(", "),
        traffic = traffic.join(", "),
        tired = w.tired_hours,
        first = at(0),
        w0 = wt[0],
        w1 = wt[1],
        w2 = wt[2],
        w3 = wt[3],
        w4 = wt[4],
        w5 = wt[5],
        w6 = wt[6],
        w7 = wt[7],
        w8 = wt[8],
        w9 = wt[9],
        w10 = wt[10],
        w11 = wt[11],
        w12 = wt[12],
        feed = w.feed.0,
        holds = w.feed.1,
        lag = w.feed.2,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn generated_scenarios_play_within_bounds_and_the_breakdown_sums_to_the_blast_radius(
        w in world(),
        seed in any::<u64>(),
        plan in prop::collection::vec((0u32..1440, 0usize..64, 0usize..8), 0..24),
    ) {
        let text = ron(&w);
        let s = match scenario::load_str("generated.ron", &text) {
            Ok(s) => Arc::new(s),
            Err(d) => panic!("a generated scenario must be valid:\n{d}\n{text}"),
        };
        let mut night = Session::new(s.clone(), seed);
        let mut plan = plan;
        plan.sort_by_key(|p| p.0);
        for (at, a, t) in plan {
            night.run_until(at % (s.length() + 1));
            let def = &s.actions[a % s.actions.len()];
            let target = match def.target {
                TargetKind::None => None,
                TargetKind::Service => Some(s.services[t % s.services.len()].id.as_str()),
                TargetKind::Zone => Some(s.zones[t % s.zones.len()].as_str()),
                TargetKind::Theory if s.theories.is_empty() => continue,
                TargetKind::Theory => Some(s.theories[t % s.theories.len()].id.as_str()),
            };
            night.act_id(&def.id, target, None).expect("catalogue actions resolve");
        }
        night.run_to_end();
        prop_assert!(night.is_over());
        prop_assert_eq!(night.world().history().len() as u32, s.length() + 1);

        // Every minute within bounds: finite, non-negative, no more failing than selling, no
        // fleet above what scaling out allows.
        for m in night.world().history() {
            prop_assert!(m.transactions.is_finite() && m.transactions >= 0.0);
            prop_assert!(m.failed >= -1e-6 && m.failed + m.offline <= m.transactions * (1.0 + 1e-9) + 1e-6);
            for (i, sm) in m.services.iter().enumerate() {
                let svc = &s.services[i];
                prop_assert!(sm.demand.is_finite() && sm.demand >= 0.0, "{} demand {}", svc.id, sm.demand);
                prop_assert!(sm.capacity.is_finite() && sm.capacity >= 0.0);
                prop_assert!((0.0..=1.0).contains(&sm.error_rate()));
                prop_assert!(sm.backlog.is_finite() && sm.backlog >= -1e-6);
                let cap = svc.instances_per_zone * 10;
                prop_assert!(sm.serving.iter().all(|&n| n <= cap), "{}: {:?}", svc.id, sm.serving);
            }
        }

        // The breakdown: finite parts within their bound, summing to the blast radius; in whole
        // points the shown parts sum to the shown total exactly.
        let b = Breakdown::new(night.world().tally(), &s.scoring);
        for p in &b.parts {
            prop_assert!(p.points.is_finite() && (0.0..=MAX_PART_POINTS).contains(&p.points), "{}: {}", p.name, p.points);
        }
        let sum: f64 = b.parts.iter().map(|p| p.points).sum();
        prop_assert_eq!(sum.to_bits(), night.blast_radius().to_bits());
        let shown: i64 = b.parts.iter().map(|p| p.points.round() as i64).sum();
        prop_assert_eq!(shown, b.points());
    }
}
