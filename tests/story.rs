//! The story follows the world, and the world hides what the company cannot see.
//!
//! Every line a beat says with `asserts` must be true of the world the minute it is said. The
//! claim is checked here by a reading of the conditions written apart from the engine's, over many
//! seeds and decision sets (the expert's, doing nothing, the panicky one, and random ones), so a
//! beat fired on the wrong minute, or an engine that stopped honouring `asserts`, fails.

use std::sync::Arc;

use blastradius::scenario::{self, Condition, Scenario, TargetKind};
use blastradius::session::{EventKind, Script, Session};

fn scenarios() -> Vec<Arc<Scenario>> {
    scenario::BUILTIN
        .iter()
        .map(|(id, _, _)| Arc::new(scenario::builtin(id).unwrap()))
        .collect()
}

/// Whether `c` holds in the night as it stands after minute `m` was played: an independent
/// reading of the condition from what the session shows.
fn claim_holds(night: &Session, c: &Condition, m: u32) -> bool {
    let w = night.world();
    let s = w.scenario();
    let svc = |id: &str| s.services.iter().position(|x| x.id == id).unwrap();
    let now = w.latest().expect("a beat speaks after a minute was played");
    let done = |a: &str| {
        let name = &s.action(a).unwrap().name;
        w.events().iter().any(|e| {
            e.kind == EventKind::ActionDone
                && e.at <= m
                && e.text.starts_with(name.as_str())
                && e.text.ends_with(": done")
        })
    };
    match c {
        Condition::ErrorRateAbove(x, v) => now.services[svc(x)].error_rate() > *v,
        Condition::CapacityBelow(x, v) => {
            let i = svc(x);
            let normal = s.services[i].instances_per_zone as f64 * s.services[i].zones.len() as f64;
            (now.services[i].serving_total() as f64) < v * normal
        }
        Condition::LoadAbove(x, v) => now.services[svc(x)].load() > *v,
        Condition::BacklogAbove(x, v) => now.services[svc(x)].backlog > *v,
        Condition::LaunchesFailing(x) => now.services[svc(x)].launch_failures > 0,
        Condition::ProviderBelow(p, v) => {
            let p = s.provider.iter().position(|x| &x.id == p).unwrap();
            w.provider().worst(p) < *v
        }
        Condition::Done(a) => done(a),
        Condition::JustDone(a) => {
            let name = &s.action(a).unwrap().name;
            w.events().iter().any(|e| {
                e.kind == EventKind::ActionDone
                    && e.at == m
                    && e.text.starts_with(name.as_str())
                    && e.text.ends_with(": done")
            })
        }
        Condition::Tried(a) => {
            let name = &s.action(a).unwrap().name;
            w.events().iter().any(|e| {
                e.at <= m
                    && e.text.starts_with(name.as_str())
                    && matches!(
                        e.kind,
                        EventKind::ActionStarted | EventKind::ActionRefused | EventKind::ActionDone
                    )
            })
        }
        Condition::Arrived(p) => {
            let i = s.people.iter().position(|x| &x.id == p).unwrap();
            w.crew().people()[i].awake
        }
        Condition::After(t) => m >= s.minute_of(*t),
        Condition::All(l) => l.iter().all(|c| claim_holds(night, c, m)),
        Condition::Any(l) => l.iter().any(|c| claim_holds(night, c, m)),
        Condition::Not(c) => !claim_holds(night, c, m),
    }
}

/// A decision set drawn from a seed: a dozen actions from the catalogue at random minutes.
fn random_script(s: &Scenario, seed: u64) -> Script {
    let mut x = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut entries = Vec::new();
    for _ in 0..12 {
        let def = &s.actions[(next() % s.actions.len() as u64) as usize];
        let names = s.target_names(def.target);
        let target = (def.target != TargetKind::None && !names.is_empty())
            .then(|| names[(next() % names.len() as u64) as usize].to_string());
        let minute = (next() % s.length() as u64) as u32;
        entries.push(blastradius::session::ScriptEntry::decision(
            s.clock_at(minute),
            &def.id,
            target.as_deref(),
            None,
        ));
    }
    Script(entries)
}

/// Play a script minute by minute, checking every asserted line the minute it is said.
fn check_night(s: &Arc<Scenario>, seed: u64, script: &Script, what: &str) -> usize {
    let mut night = Session::new(s.clone(), seed);
    let mut plan = script.in_order(s).into_iter().peekable();
    let mut seen = 0;
    let mut checked = 0;
    while !night.is_over() {
        while let Some(e) = plan.peek() {
            if s.minute_of(e.at) > night.now() {
                break;
            }
            let e = plan.next().unwrap();
            let target = e.target.map(|t| night.world().with_draws(&t).into_owned());
            let _ = night.act_id(&e.action, target.as_deref(), None);
        }
        let m = night.now();
        night.step();
        let events = night.world().events();
        for e in &events[seen..] {
            let Some(b) = e.beat else { continue };
            let Some(claim) = &s.beats[b].asserts else {
                continue;
            };
            assert!(
                claim_holds(&night, claim, m),
                "{} seed {seed} ({what}): at {} \"{}\" said while its claim does not hold",
                s.id,
                s.clock_at(m),
                s.beats[b].id
            );
            checked += 1;
        }
        seen = events.len();
    }
    checked
}

/// Seeds the story is checked on: 12, or 100 with `BLASTRADIUS_LONG=1`.
fn story_seeds() -> u64 {
    if std::env::var_os("BLASTRADIUS_LONG").is_some() {
        100
    } else {
        12
    }
}

#[test]
fn no_line_contradicts_the_state_it_describes() {
    for s in scenarios() {
        let mut checked = 0;
        for seed in 1..=story_seeds() {
            let scripts = [
                ("expert", Script::expert(&s)),
                ("nothing", Script::default()),
                ("panicky", Script::panicky(&s)),
                ("random", random_script(&s, seed)),
            ];
            for (what, script) in &scripts {
                checked += check_night(&s, seed, script, what);
            }
        }
        assert!(
            checked > 20,
            "{}: only {checked} asserted lines were said",
            s.id
        );
    }
}

#[test]
fn at_the_start_the_screen_knows_only_what_our_calls_showed() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let ec2 = s.provider.iter().position(|p| p.id == "ec2").unwrap();
    let dynamodb = s.provider.iter().position(|p| p.id == "dynamodb").unwrap();
    for seed in 1..=20 {
        let mut night = Session::new(s.clone(), seed);
        night.run_until(s.minute_of(scenario::TimeOfDay::parse("23:55").unwrap()));
        let w = night.world();
        // Whatever EC2's truth, nobody has tried a launch yet: unknown, not "down".
        assert_eq!(w.watch().worst(ec2, w.minute()), None, "seed {seed}");
        // DynamoDB is what every api request calls: it is seen.
        assert!(
            w.watch().worst(dynamodb, w.minute()).is_some(),
            "seed {seed}"
        );
    }
}

#[test]
fn logs_quote_the_error_our_clients_read() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let mut night = Session::new(s.clone(), 3);
    night.run_until(s.minute_of(scenario::TimeOfDay::parse("00:05").unwrap()));
    night.act_id("read_logs", Some("api"), None).unwrap();
    night.run_until(s.minute_of(scenario::TimeOfDay::parse("00:10").unwrap()));
    let found: Vec<&str> = night
        .world()
        .events()
        .iter()
        .filter(|e| e.kind == EventKind::Finding)
        .map(|e| e.text.as_str())
        .collect();
    assert!(
        found
            .iter()
            .any(|t| t.contains("dynamodb.us-east-1.amazonaws.com: no such host")),
        "{found:?}"
    );
}

#[test]
fn shifting_away_from_a_healthy_zone_costs_where_the_gray_one_pays() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let expert = Script::expert(&s);
    let mut blind_worse = 0;
    let mut tried = 0;
    for seed in 1..=12 {
        let gray = Session::new(s.clone(), seed).world().provider().drawn()[0];
        let night = |script: &Script| blastradius::session::run(s.clone(), seed, script);
        let right = night(&expert).blast_radius();
        for z in (0..s.zones.len()).filter(|&z| z != gray) {
            let mut blind = expert.clone();
            for e in blind.0.iter_mut() {
                if e.target.as_deref() == Some("{gray}") {
                    e.target = Some(s.zones[z].clone());
                }
            }
            tried += 1;
            if night(&blind).blast_radius() > right {
                blind_worse += 1;
            }
        }
    }
    assert_eq!(
        blind_worse, tried,
        "shifting a healthy zone always costs against the gray one"
    );
}

/// A responder who has a beat of their own on arrival (`when: Arrived(them)`) says that line, not
/// the engine's generic one as well; a responder without one still says the generic line.
#[test]
fn an_arrival_beat_replaces_the_generic_arrival_line() {
    const GENERIC: &str = "I'm on the incident. What do you need?";
    let s = Arc::new(scenario::builtin("dns-plan-race").unwrap());
    let night = blastradius::session::run(s.clone(), 1, &Script::expert(&s));
    let events = night.world().events();
    let kasper = &s.people.iter().find(|p| p.id == "dnslead").unwrap().name;
    let said: Vec<&str> = events
        .iter()
        .filter(|e| &e.from == kasper && e.kind == EventKind::Chat)
        .map(|e| e.text.as_str())
        .collect();
    assert!(!said.is_empty(), "the DNS lead arrived and spoke");
    assert!(!said.contains(&GENERIC), "{said:?}");
    // A scenario whose responder has no arrival beat: the generic line stays.
    let src = std::fs::read_to_string("scenarios/dns-plan-race.ron").unwrap();
    let cut = src.replace(
        "when: Arrived(\"dnslead\")",
        "when: All([Arrived(\"dnslead\")])",
    );
    let bare = Arc::new(scenario::load_str("bare.ron", &cut).unwrap_or_else(|d| panic!("{d}")));
    let night = blastradius::session::run(bare.clone(), 1, &Script::expert(&bare));
    assert!(
        night
            .world()
            .events()
            .iter()
            .any(|e| &e.from == kasper && e.text == GENERIC),
        "without an arrival beat the generic line is said"
    );
}

/// A change held by a freeze is said in the scenario's words for the lever: Black Friday calls
/// CI/CD "deploys", so the held release reads "deploys frozen", never "CI/CD".
#[test]
fn a_held_change_names_the_lever_in_the_scenarios_words() {
    let s = Arc::new(scenario::builtin("black-friday-card-gateway").unwrap());
    let script = Script::parse(
        "inline.ron",
        r#"[(at: "09:05", action: "freeze_cicd")]"#,
        &s,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let night = blastradius::session::run(s.clone(), 1, &script);
    let held: Vec<&str> = night
        .world()
        .events()
        .iter()
        .filter(|e| e.text.starts_with("Noon deals release is held"))
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(held, ["Noon deals release is held: deploys frozen"]);
}

/// A page leaves a line in the channel: when the person should answer, that they are already on
/// the way (the second page changes nothing), or that they are already on the incident.
#[test]
fn a_page_says_when_they_will_answer_or_why_it_changes_nothing() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let script = Script::parse(
        "inline.ron",
        r#"[(at: "23:50", action: "page_backend_lead"), (at: "23:52", action: "page_backend_lead"),
            (at: "01:00", action: "page_backend_lead")]"#,
        &s,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let night = blastradius::session::run(s.clone(), 1, &script);
    let paged: Vec<(u32, &str)> = night
        .world()
        .events()
        .iter()
        .filter(|e| e.text.starts_with("Paged "))
        .map(|e| (e.at, e.text.as_str()))
        .collect();
    let lead = &s.people.iter().find(|p| p.id == "lead").unwrap();
    let due = s
        .clock_at(s.minute_of(scenario::TimeOfDay::parse("23:50").unwrap()) + lead.answers_page_in);
    assert_eq!(paged.len(), 3, "{paged:?}");
    assert_eq!(
        paged[0].1,
        format!("Paged {}: expected at {due}", lead.name)
    );
    assert_eq!(
        paged[1].1,
        format!(
            "Paged {} again: already on the way, expected at {due}",
            lead.name
        )
    );
    assert_eq!(
        paged[2].1,
        format!("Paged {}, who is already on the incident", lead.name)
    );
}

/// The lead praises switching off health-check replacement only where it saved a fleet: done
/// early (the expert's night) the line says it was a good call; done once most of the fleet was
/// gone, the lead says what it still stops and what it no longer can.
#[test]
fn the_lead_praises_the_health_checks_only_when_a_fleet_was_saved() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let said = |night: &Session, id: &str| {
        let beat = s.beats.iter().position(|b| b.id == id).unwrap();
        night.world().events().iter().any(|e| e.beat == Some(beat))
    };
    let early = blastradius::session::run(s.clone(), 3, &Script::expert(&s));
    assert!(said(&early, "lead-health-checks-good"));
    assert!(!said(&early, "lead-health-checks-late"));
    let late = Script::parse(
        "inline.ron",
        r#"[(at: "00:42", action: "disable_health_checks"), (at: "00:42", action: "page_backend_lead")]"#,
        &s,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let night = blastradius::session::run(s.clone(), 3, &late);
    assert!(said(&night, "lead-health-checks-late"));
    assert!(!said(&night, "lead-health-checks-good"));
}

/// A responder speaks only once reachable (on duty, or paged): on Black Friday the platform lead
/// nobody paged never comments on a restart; paged, she does.
#[test]
fn a_responder_nobody_paged_says_nothing() {
    let s = Arc::new(scenario::builtin("black-friday-card-gateway").unwrap());
    let lead = s
        .people
        .iter()
        .find(|p| p.id == "lead")
        .unwrap()
        .name
        .clone();
    let restart = r#"(at: "10:40", action: "restart_service", target: "checkout")"#;
    let said = |src: &str| -> usize {
        let script = Script::parse("inline.ron", src, &s).unwrap_or_else(|d| panic!("{d}"));
        let night = blastradius::session::run(s.clone(), 1, &script);
        night
            .world()
            .events()
            .iter()
            .filter(|e| e.from == lead && e.kind == EventKind::Chat)
            .count()
    };
    assert_eq!(said(&format!("[{restart}]")), 0, "never paged, never heard");
    let paged = format!(r#"[(at: "10:16", action: "page_platform_lead"), {restart}]"#);
    assert!(said(&paged) > 0, "paged, she speaks");
}

/// A decision waiting for a busy responder goes to one who comes free first, an arrival
/// included: the lead paged at 23:50 takes the first waiting decision when she arrives, and it is
/// done the time it takes after that, not after the on-call's whole queue.
#[test]
fn a_waiting_decision_goes_to_whoever_comes_free_first() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let script = Script::parse(
        "inline.ron",
        r#"[(at: "23:50", action: "page_backend_lead"),
            (at: "23:52", action: "read_logs", target: "api"),
            (at: "23:52", action: "freeze_cicd"),
            (at: "23:52", action: "enable_retry_backoff"),
            (at: "23:52", action: "pause_background_jobs")]"#,
        &s,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    let night = blastradius::session::run(s.clone(), 5, &script);
    let lead = &s.people.iter().find(|p| p.id == "lead").unwrap().name;
    let events = night.world().events();
    let arrived = events
        .iter()
        .find(|e| &e.from == lead && e.text.starts_with("I'm on the incident"))
        .map(|e| e.at)
        .expect("the lead arrives");
    let taken = events
        .iter()
        .find(|e| &e.from == lead && e.text.starts_with("Pause background jobs: "))
        .unwrap_or_else(|| panic!("{events:#?}"));
    assert_eq!(taken.at, arrived, "taken the minute she is free");
    let minutes = s.action("pause_background_jobs").unwrap().minutes;
    let done = events
        .iter()
        .find(|e| e.text == "Pause background jobs: done")
        .map(|e| e.at)
        .unwrap();
    assert!(
        done <= arrived + minutes * 2,
        "done {done}, arrived {arrived}"
    );
}

/// Lines about what our fleet is doing wait for a fleet to speak of. Seed 5, with the lead and
/// the SRE paged only at 00:58 (after the fleet was gone): the lead once said errors were falling
/// at 100% errors, and "whatever was already running still answers" with one api instance in
/// eight serving.
#[test]
fn lines_about_the_fleet_wait_for_a_fleet() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let script = Script::parse(
        "late pages",
        r#"[(at: "00:58", action: "page_backend_lead"), (at: "00:58", action: "page_sre_team")]"#,
        &s,
    )
    .unwrap();
    for seed in [5, 1, 2, 3] {
        let night = blastradius::session::run(s.clone(), seed, &script);
        let normal = s.services[0].instances_per_zone as f64 * s.services[0].zones.len() as f64;
        for (line, floor) in [
            ("errors are falling", 0.1),
            ("whatever was already running still answers", 0.5),
            ("targets flip between healthy and unhealthy", 0.75),
        ] {
            for e in night
                .world()
                .events()
                .iter()
                .filter(|e| e.text.contains(line))
            {
                let api = &night.world().history()[e.at as usize].services[0];
                let serving = api.serving_total() as f64 / normal;
                assert!(
                    serving >= floor,
                    "seed {seed}, {}: {line:?} with {serving:.2} of the api fleet serving",
                    s.clock_at(e.at)
                );
                if line == "errors are falling" {
                    assert!(api.error_rate() <= 0.5, "seed {seed}: {}", api.error_rate());
                }
            }
        }
    }
}
