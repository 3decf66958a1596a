//! The format's outage mechanisms, each on tests/fixtures/media-storage.ron (a storage outage seen
//! from a media company): status pages per source with their own lag, controls for one service,
//! serving stale, shallow and fail-open health checks, queues fed by a service and queues that
//! fill, changes that wait for their pipeline. Each test sets a night with the mechanism beside one
//! without it, so it fails when the mechanism breaks.

use std::sync::Arc;

use blastradius::scenario::{self, Scenario};
use blastradius::session::{self, Debrief, EventKind, Mark, Script, Session};

const FIXTURE: &str = include_str!("fixtures/media-storage.ron");
const SEEDS: std::ops::RangeInclusive<u64> = 1..=6;

fn media() -> Scenario {
    scenario::load_str("media-storage.ron", FIXTURE).unwrap()
}

fn night(s: &Scenario, seed: u64, script: &str) -> Session {
    let s = Arc::new(s.clone());
    let script = Script::parse("script.ron", script, &s).unwrap();
    session::run(s, seed, &script)
}

fn service(s: &Scenario, id: &str) -> usize {
    s.services.iter().position(|x| x.id == id).unwrap()
}

fn fault(s: &Scenario, id: &str) -> usize {
    s.faults.iter().position(|x| x.id == id).unwrap()
}

/// The fewest instances a service had serving at the end of a minute while storage was down
/// (later the nightly deploy rolls the site's fleet on purpose).
fn fewest_serving(n: &Session, service: usize) -> u32 {
    let s = n.scenario();
    let (from, until) = n.world().provider().windows()[fault(s, "storage")];
    n.world().history()[from as usize..until as usize]
        .iter()
        .map(|m| m.services[service].serving_total())
        .min()
        .unwrap()
}

#[test]
fn each_status_page_posts_its_own_services_late_by_its_own_lag() {
    let s = media();
    for seed in SEEDS {
        let n = night(&s, seed, "[]");
        let w = n.world();
        let windows = w.provider().windows();
        let storage = windows[fault(&s, "storage")];
        let pipeline = windows[fault(&s, "pipeline")];
        let posts = w.status_posts();
        let own = |page: usize| {
            posts
                .iter()
                .filter(move |p| p.page == page && p.beat.is_none())
        };

        // The cloud's page: the first change it saw (storage failing) posted 20 minutes late.
        let first = own(0).next().expect("the cloud's page posts by itself");
        assert_eq!(first.at, storage.0 + 20, "seed {seed}");
        assert_eq!(first.source, "Nimbus Health status page");
        assert!(
            first
                .text
                .starts_with("Investigating: Object storage failing most requests in every zone"),
            "{}",
            first.text
        );
        let last = own(0).next_back().unwrap();
        assert!(last.text.starts_with("Resolved:"), "{}", last.text);
        // Nothing it says comes before the state it describes, nor names the vendor's service.
        assert!(own(0).all(|p| p.at >= storage.0 + 20 && !p.text.contains("Pipeline")));

        // The vendor's page: its own service, its own lag.
        let vendor = own(1).next().expect("the vendor's page posts by itself");
        assert_eq!(vendor.at, pipeline.0 + 10, "seed {seed}");
        assert!(vendor.text.contains("Pipeline vendor"), "{}", vendor.text);
        // A vendor has no zones of ours: its page does not say where.
        assert!(!vendor.text.contains(" zone"), "{}", vendor.text);
        assert_eq!(vendor.source, "Pipeline vendor status page");

        // A beat posts to the page it names, beside the page's own posts.
        let beat = posts.iter().find(|p| p.beat.is_some()).unwrap();
        assert_eq!(
            (beat.page, beat.source.as_str()),
            (0, "Nimbus Health status page")
        );
    }
}

#[test]
fn reading_a_status_page_reads_that_page_only_and_says_when_it_posted() {
    let s = media();
    let n = night(
        &s,
        1,
        r#"[(at: "00:20", action: "read_cloud_page"), (at: "04:30", action: "read_pages"),
            (at: "04:40", action: "read_cloud_page")]"#,
    );
    let findings: Vec<_> = n
        .world()
        .events()
        .iter()
        .filter(|e| e.kind == EventKind::Finding)
        .collect();
    let sources: Vec<&str> = findings.iter().map(|e| e.from.as_str()).collect();
    assert_eq!(
        sources,
        [
            "Nimbus Health status page",
            "Nimbus Health status page",
            "Pipeline vendor status page",
            "Nimbus Health status page",
        ]
    );
    assert_eq!(findings[0].text, "All services are operating normally.");
    // Late in the night each page shows its own latest post, with its time.
    let pages = n.world().status_pages_now();
    for (f, (_, post)) in findings[1..3].iter().zip(&pages) {
        let post = post.as_ref().unwrap();
        assert!(f.text.starts_with("(posted "), "{}", f.text);
        assert!(f.text.ends_with(&post.text), "{} / {}", f.text, post.text);
    }
    assert!(findings[2].text.contains("Pipeline vendor"));
    assert!(!findings[1].text.contains("Pipeline vendor"));
}

#[test]
fn a_control_set_for_one_service_acts_on_that_service_alone() {
    let s = media();
    let web = service(&s, "web");
    for seed in SEEDS {
        let nothing = night(&s, seed, "[]");
        let web_off = night(
            &s,
            seed,
            r#"[(at: "00:30", action: "checks_off_for", target: "web")]"#,
        );
        let upload_off = night(
            &s,
            seed,
            r#"[(at: "00:30", action: "checks_off_for", target: "upload")]"#,
        );
        // With storage down, web's checks kill its instances and launches cannot replace them.
        assert!(fewest_serving(&nothing, web) < 8, "seed {seed}");
        assert_eq!(fewest_serving(&web_off, web), 12, "seed {seed}");
        // Turning another service's checks off leaves web's acting.
        assert_eq!(
            fewest_serving(&upload_off, web),
            fewest_serving(&nothing, web),
            "seed {seed}"
        );
        // A company-wide setting afterwards applies to every service again.
        let back = night(
            &s,
            seed,
            r#"[(at: "00:30", action: "checks_off_for", target: "web"), (at: "00:40", action: "checks_off"),
                (at: "00:45", action: "checks_on")]"#,
        );
        assert!(fewest_serving(&back, web) < 8, "seed {seed}");
    }
}

#[test]
fn a_shallow_check_keeps_instances_a_dead_dependency_would_have_killed() {
    let s = media();
    let web = service(&s, "web");
    for seed in SEEDS {
        let nothing = night(&s, seed, "[]");
        let shallow = night(
            &s,
            seed,
            r#"[(at: "00:30", action: "shallow_checks", target: "web")]"#,
        );
        assert!(fewest_serving(&nothing, web) < 8, "seed {seed}");
        assert_eq!(fewest_serving(&shallow, web), 12, "seed {seed}");
        assert!(
            shallow.world().tally().capacity_destroyed < nothing.world().tally().capacity_destroyed
        );
    }
}

#[test]
fn a_check_that_fails_open_keeps_the_fleet_a_check_failing_closed_loses() {
    let s = media();
    let upload = service(&s, "upload");
    let mut closed = s.clone();
    closed.services[upload]
        .health_check
        .as_mut()
        .unwrap()
        .fail_open_above = None;
    for seed in SEEDS {
        assert!(
            fewest_serving(&night(&s, seed, "[]"), upload) >= 6,
            "seed {seed}"
        );
        assert!(
            fewest_serving(&night(&closed, seed, "[]"), upload) < 4,
            "seed {seed}"
        );
    }
}

#[test]
fn serving_stale_turns_failures_into_stale_answers_only_while_a_dependency_fails() {
    let s = media();
    let mut no_cache = s.clone();
    for n in &mut no_cache.services[0].needs {
        n.stale_ok = false;
    }
    let script = r#"[(at: "00:30", action: "serve_stale", target: "web")]"#;
    for seed in SEEDS {
        let nothing = night(&s, seed, "[]");
        let cached = night(&s, seed, script);
        let (a, b) = (nothing.world().tally(), cached.world().tally());
        assert_eq!(a.served_stale, 0.0);
        assert!(b.served_stale > 1000.0, "seed {seed}: {}", b.served_stale);
        assert!(
            b.failed_transactions < a.failed_transactions / 2.0,
            "seed {seed}"
        );
        // Before storage fails nothing is answered stale, whatever the switch says.
        let storage = cached.world().provider().windows()[fault(&s, "storage")];
        let early = &cached.world().history()[storage.0 as usize - 1];
        assert_eq!(early.tally.served_stale, 0.0);
        // Without a need a cache can answer for, the switch changes nothing.
        let uncached = night(&no_cache, seed, script);
        assert_eq!(
            format!("{:?}", uncached.world().tally()),
            format!("{:?}", night(&no_cache, seed, "[]").world().tally())
                .replace("left_undone: 0.0", "left_undone: 1.0"),
        );
    }
}

#[test]
fn a_replica_answers_for_the_primary_at_its_own_health() {
    let s = media();
    let west = s
        .provider
        .iter()
        .position(|p| p.id == "objects-west")
        .unwrap();
    // The same night with the replica failing too (as a regional outage would take it).
    let mut both = s.clone();
    let mut down = s.faults[0].clone();
    down.id = "west".into();
    down.target = "objects-west".into();
    // Down over every seed's storage window.
    down.from = scenario::TimeOfDay::parse("00:40").unwrap();
    down.until = scenario::TimeOfDay::parse("03:20").unwrap();
    down.jitter_minutes = 0;
    both.faults.push(down);
    // Shallow checks keep the fleet in both nights: what differs is where photos are read.
    let primary = r#"[(at: "00:20", action: "shallow_checks", target: "web")]"#;
    let script = r#"[(at: "00:20", action: "shallow_checks", target: "web"),
                     (at: "00:30", action: "read_replica", target: "web")]"#;
    for seed in SEEDS {
        let nothing = night(&s, seed, primary).world().tally().failed_transactions;
        let replica = night(&s, seed, script);
        assert!(
            replica.world().tally().failed_transactions < nothing / 3.0,
            "seed {seed}"
        );
        // Fresh answers, not stale ones, and the replica's health is what they get.
        assert_eq!(replica.world().tally().served_stale, 0.0);
        assert!(replica.world().provider().worst(west) == 1.0);
        let failed_too = night(&both, seed, script)
            .world()
            .tally()
            .failed_transactions;
        let nothing_both = night(&both, seed, primary)
            .world()
            .tally()
            .failed_transactions;
        assert!(
            failed_too > nothing_both * 0.9,
            "seed {seed}: {failed_too} vs {nothing_both}"
        );
    }
}

#[test]
fn a_fed_queue_gets_the_feeding_services_work_of_the_minute_before() {
    let s = media();
    let (upload, thumbs) = (service(&s, "upload"), service(&s, "thumbs"));
    let n = night(&s, 1, r#"[(at: "00:05", action: "pause_thumbs")]"#);
    let h = n.world().history();
    // Paused, nothing leaves the queue: it grows by what the uploads made the minute before
    // (until the spool is full, near minute 30).
    for m in 10..25 {
        let grew = h[m].services[thumbs].backlog - h[m - 1].services[thumbs].backlog;
        let made = h[m - 1].services[upload].succeeded;
        assert!(made > 0.0);
        assert!((grew - made).abs() < 1e-6, "minute {m}: {grew} vs {made}");
    }
}

#[test]
fn a_full_queue_loses_what_arrives_and_the_loss_is_scored() {
    let s = media();
    let thumbs = service(&s, "thumbs");
    let mut endless = s.clone();
    endless.services[thumbs].queue.as_mut().unwrap().holds = None;
    let paused = r#"[(at: "00:05", action: "pause_thumbs")]"#;
    for seed in SEEDS {
        let n = night(&s, seed, paused);
        assert!(
            n.world()
                .history()
                .iter()
                .all(|m| m.services[thumbs].backlog <= 3000.0 + 1e-6)
        );
        let lost = n.world().tally().jobs_lost;
        assert!(lost > 10_000.0, "seed {seed}: {lost}");
        let part = n
            .breakdown()
            .parts
            .into_iter()
            .find(|p| p.name == "data_lost");
        assert_eq!(part.map(|p| p.points), Some(lost * 5.0));
        assert_eq!(night(&endless, seed, paused).world().tally().jobs_lost, 0.0);
    }
}

#[test]
fn a_change_waits_for_its_pipeline_and_starts_when_it_is_back() {
    let s = media();
    let mut direct = s.clone();
    direct.changes[0].via.clear();
    for seed in SEEDS {
        let n = night(&s, seed, "[]");
        let back = n.world().provider().windows()[fault(&s, "pipeline")].1;
        let said = |text: &str| {
            n.world()
                .events()
                .iter()
                .find(|e| e.text.starts_with(text))
                .map(|e| e.at)
        };
        assert_eq!(
            said("Nightly site deploy is waiting: Pipeline vendor is down"),
            Some(90)
        );
        assert_eq!(
            said("Nightly site deploy started"),
            Some(back),
            "seed {seed}"
        );
        let d = night(&direct, seed, "[]");
        let started = d
            .world()
            .events()
            .iter()
            .find(|e| e.text.starts_with("Nightly site deploy started"))
            .map(|e| e.at);
        assert_eq!(started, Some(90));
    }
}

#[test]
fn a_line_on_just_done_answers_each_time_with_what_is_true_then() {
    let s = media();
    let n = night(
        &s,
        1,
        r#"[(at: "00:01", action: "check_spool"), (at: "00:03", action: "pause_thumbs"),
            (at: "00:40", action: "check_spool"), (at: "00:50", action: "check_spool")]"#,
    );
    let said: Vec<(u32, &str)> = n
        .world()
        .events()
        .iter()
        .filter(|e| e.text.starts_with("The upload spool") && e.from == "Ines")
        .map(|e| (e.at, e.text.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (3, "The upload spool is light: under a thousand uploads."),
            (42, "The upload spool holds more than a thousand uploads."),
            (52, "The upload spool holds more than a thousand uploads."),
        ]
    );
}

#[test]
fn a_lesson_applied_after_its_time_is_marked_too_late() {
    let s = Arc::new(media());
    let mark = |script: &str| {
        let script = Script::parse("script.ron", script, &s).unwrap();
        let n = session::run(s.clone(), 1, &script);
        let d = Debrief::full(&n);
        d.lessons[0].mark
    };
    assert_eq!(
        mark(r#"[(at: "00:30", action: "shallow_checks", target: "web")]"#),
        Mark::Applied
    );
    // By 02:30 the fleet is long gone: the same move, too late.
    assert_eq!(
        mark(r#"[(at: "02:30", action: "shallow_checks", target: "web")]"#),
        Mark::Late
    );
    assert_eq!(mark("[]"), Mark::Missed);
    assert_eq!(Mark::Late.label(), "» too late");
}

#[test]
fn what_was_changed_for_one_service_and_left_counts_as_left_undone() {
    let s = media();
    let left = night(
        &s,
        1,
        r#"[(at: "00:30", action: "checks_off_for", target: "web"), (at: "00:40", action: "serve_stale", target: "web"),
            (at: "00:50", action: "shallow_checks", target: "upload"), (at: "01:00", action: "read_replica", target: "web")]"#,
    );
    assert_eq!(left.world().tally().left_undone, 4.0);
    let put_back = night(
        &s,
        1,
        r#"[(at: "00:30", action: "checks_off_for", target: "web"), (at: "00:40", action: "serve_stale", target: "web"),
            (at: "00:50", action: "shallow_checks", target: "upload"), (at: "04:00", action: "checks_on_for", target: "web"),
            (at: "04:10", action: "serve_fresh", target: "web"), (at: "04:20", action: "deep_checks", target: "upload"),
            (at: "01:00", action: "read_replica", target: "web"), (at: "04:30", action: "read_primary", target: "web")]"#,
    );
    assert_eq!(put_back.world().tally().left_undone, 0.0);
}

#[test]
fn each_new_field_is_checked_and_located() {
    let cases = [
        (
            r#"effects: [SetFor(HealthChecks, Chosen, false)], undo: "checks_on_for""#,
            r#"effects: [SetFor(Cicd, Chosen, false)], undo: "checks_on_for""#,
            "Cicd is company-wide: set it with Set, not SetFor",
        ),
        (
            r#"effects: [ReadStatusPage("nimbus")]"#,
            r#"effects: [ReadStatusPage("nimbos")]"#,
            "unknown status page \"nimbos\"",
        ),
        (
            r#"from: "nimbus", at: "02:10""#,
            r#"from: "Nimbus", at: "02:10""#,
            "\"Nimbus\" is not a status page",
        ),
        (
            r#"fed_by: (service: "upload""#,
            r#"fed_by: (service: "thumbs""#,
            "\"thumbs\" cannot feed its own queue",
        ),
        ("holds: 3000.0", "holds: 0.0", "holds must be more than 0"),
        (
            r#"via: ["ci"]"#,
            r#"via: ["cl"]"#,
            "unknown provider service \"cl\"",
        ),
        (
            r#"in_time: Not(CapacityBelow("web", 0.7))"#,
            r#"in_time: Not(CapacityBelow("wbe", 0.7))"#,
            "unknown service \"wbe\"",
        ),
        (
            "effects: [Escalate]",
            r#"effects: [Escalate, EndFault("nope")]"#,
            "unknown fault \"nope\"",
        ),
        (
            r#"replica: "objects-west""#,
            r#"replica: "objects""#,
            "\"objects\" cannot be its own replica",
        ),
        (
            "fail_open_above: 0.25",
            "fail_open_above: 1.5",
            "fail_open_above must be between 0 and 1",
        ),
        (
            r#"covers: ["ci"], lag_minutes: 10"#,
            "covers: [], lag_minutes: 10",
            "must cover at least one provider service",
        ),
        (
            "share: 0.8, stale_ok: true,",
            "share: 0.8,",
            "has no need marked `stale_ok`",
        ),
    ];
    for (from, to, message) in cases {
        assert!(FIXTURE.contains(from), "{from}");
        let src = FIXTURE.replacen(from, to, 1);
        let err = scenario::load_str("m.ron", &src).unwrap_err().to_string();
        assert!(err.contains(message), "{message}: {err}");
        // Located at the line the mistake is on (or, for a missing stale_ok, the effect).
        let line: usize = err.split(':').nth(1).unwrap().parse().unwrap();
        assert!(line > 1, "{err}");
    }
    // A fed queue needs no curve of its own.
    assert!(!FIXTURE.contains("arrivals"));
}

#[test]
fn the_breakdown_names_only_what_this_world_can_produce() {
    let s = media();
    let n = night(&s, 1, "[]");
    let names: Vec<&str> = n.breakdown().parts.iter().map(|p| p.name).collect();
    // No action tells customers of a fallback, nothing is sheddable, nothing is a rabbit hole,
    // there are no theories: those parts cannot move, so they are not shown.
    for absent in [
        "offline_transactions",
        "features_shed",
        "rabbit_holes",
        "slow_diagnosis",
    ] {
        assert!(!names.contains(&absent), "{absent}: {names:?}");
    }
    for present in [
        "data_lost",
        "served_stale",
        "jobs_dropped",
        "capacity_destroyed",
    ] {
        assert!(names.contains(&present), "{present}: {names:?}");
    }
    let all = blastradius::score::Breakdown::new(n.world().tally(), &s.scoring);
    assert_eq!(all.total().to_bits(), n.breakdown().total().to_bits());
}

#[test]
fn what_we_see_of_the_provider_follows_the_calls_we_make() {
    // Reading replicas, our calls go to the replica: the primary's state is no longer seen; with
    // the health check shallow, the check no longer reads storage either.
    let s = media();
    let objects = s.provider.iter().position(|p| p.id == "objects").unwrap();
    let west = s
        .provider
        .iter()
        .position(|p| p.id == "objects-west")
        .unwrap();
    // Thumbs (which needs storage) is paused, the upload API's check is shallow: only the site
    // calls storage, and it reads the replica from 00:40.
    let n = night(
        &s,
        1,
        r#"[(at: "00:05", action: "pause_thumbs"), (at: "00:10", action: "shallow_checks", target: "upload"),
            (at: "00:20", action: "shallow_checks", target: "web"), (at: "00:30", action: "read_replica", target: "web")]"#,
    );
    let w = n.world();
    let end = s.length();
    assert!(
        w.watch().sighting(west, 0, end).is_some(),
        "the replica is called"
    );
    assert!(
        w.watch().sighting(objects, 0, end).is_none(),
        "nobody has called the primary for a while: {:?}",
        w.watch().sighting(objects, 0, end)
    );
}
