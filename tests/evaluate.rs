//! `blastradius evaluate`: a scenario's balance over seeds. Reproducible whatever the threads,
//! ordered distributions, one ablation row per expert step, `--check` failing on a worthless
//! lesson step, located errors for bad policy files, JSON with the documented fields.

use std::io::Read as _;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;

use blastradius::scenario::{self, Scenario};
use blastradius::session::evaluate::{self, Options, Policy, Seeds};
use blastradius::session::{self, Script};

const BLACK_FRIDAY: &str = "black-friday-card-gateway";

fn blastradius(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blastradius"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn black_friday() -> Arc<Scenario> {
    Arc::new(scenario::builtin(BLACK_FRIDAY).unwrap())
}

fn options(seeds: u64, jobs: usize) -> Options {
    Options {
        policies: vec![
            Policy::Expert,
            Policy::Nothing,
            Policy::Panicky,
            Policy::Random,
        ],
        seeds: Seeds {
            first: 1,
            last: seeds,
        },
        jobs,
    }
}

/// Black Friday with one more expert step that does nothing and applies a lesson: a step the
/// ablation must find worth nothing.
fn with_a_worthless_lesson_step() -> String {
    let (_, _, src) = scenario::BUILTIN
        .iter()
        .find(|(id, _, _)| *id == BLACK_FRIDAY)
        .unwrap();
    let action = r#"    actions: [
        (id: "light_a_candle", name: "Light a candle", minutes: 1,
         description: "It does nothing.", effects: []),"#;
    let step = r#"        (at: "14:50", action: "light_a_candle", why: "For luck."),
    ],

    lessons: [
        (id: "superstition", title: "Rituals", summary: "They help nobody.",
         applied_by: ["light_a_candle"]),"#;
    let edited =
        src.replacen("    actions: [", action, 1)
            .replacen("    ],\n\n    lessons: [", step, 1);
    assert!(
        edited.contains("light_a_candle\", why"),
        "the fixture edit applies"
    );
    edited
}

#[test]
fn the_same_options_give_the_same_bytes_whatever_the_threads() {
    let s = black_friday();
    let one = evaluate::evaluate(&s, &options(4, 1), &|_| {});
    let two = evaluate::evaluate(&s, &options(4, 2), &|_| {});
    let again = evaluate::evaluate(&s, &options(4, 2), &|_| {});
    assert_eq!(one, two);
    assert_eq!(evaluate::text(&one), evaluate::text(&two));
    assert_eq!(evaluate::text(&two), evaluate::text(&again));
    assert_eq!(evaluate::json(&one).unwrap(), evaluate::json(&two).unwrap());

    let a = blastradius(&["evaluate", BLACK_FRIDAY, "--seeds", "3", "--jobs", "1"]);
    let b = blastradius(&["evaluate", BLACK_FRIDAY, "--seeds", "3", "--jobs", "2"]);
    assert_eq!(a.status.code(), Some(0), "{}", text(&a.stderr));
    assert_eq!(a.stdout, b.stdout, "the report, byte for byte");
    assert!(a.stderr.is_empty(), "no progress bar off a terminal");
}

#[test]
fn distributions_are_ordered_and_the_ablation_has_a_row_per_expert_step() {
    let s = black_friday();
    let mut counted = std::sync::atomic::AtomicU64::new(0);
    let opts = options(4, 2);
    let e = evaluate::evaluate(&s, &opts, &|n| {
        counted.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
    });
    assert_eq!(
        *counted.get_mut(),
        evaluate::nights(&s, &opts),
        "progress counts every night"
    );
    let names: Vec<&str> = e.policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["expert", "nothing", "panicky", "random"]);
    for p in &e.policies {
        let d = p.blast_radius;
        assert!(
            d.min <= d.p10 && d.p10 <= d.median && d.median <= d.p90 && d.p90 <= d.max,
            "{}: {d:?}",
            p.name
        );
        assert_eq!(p.nights.len(), 4);
        let graded: u64 = p.grades.letters().iter().map(|(_, n)| n).sum();
        assert_eq!(graded, 4);
    }
    assert_eq!(e.ablation.len(), s.expert.len());
    for (i, row) in e.ablation.iter().enumerate() {
        assert_eq!(row.step, i + 1);
        assert_eq!(row.worth.len(), 4);
        assert!(row.p10 <= row.p90);
        assert!(row.threshold >= e.noise_floor && e.noise_floor > 0.0);
    }
    // The grades place each night between the same seed's reference nights.
    for n in &e.policies[0].nights {
        let (expert, nothing) = session::references(&s, n.seed);
        assert_eq!(n.blast_radius, expert);
        assert_eq!(
            n.grade,
            blastradius::score::grade(n.blast_radius, expert, nothing)
        );
    }
    assert!(e.ordering.with_panicky);
    assert_eq!(e.ordering.holds_on, 4, "{:?}", e.ordering.fails_on);
    assert!(e.unused_actions.seeds.count() <= 16);
}

#[test]
fn a_lesson_step_worth_nothing_fails_the_check_and_is_named() {
    let src = with_a_worthless_lesson_step();
    let s = Arc::new(scenario::load_str("candle.ron", &src).unwrap());
    let e = evaluate::evaluate(&s, &options(2, 2), &|_| {});
    let candle = e.ablation.last().unwrap();
    assert_eq!(candle.action, "light_a_candle");
    assert!(candle.within_noise, "{candle:?}");
    assert!(
        e.check_failures
            .iter()
            .any(|f| f.contains("light_a_candle") && f.contains("superstition")),
        "{:?}",
        e.check_failures
    );

    let dir = std::env::temp_dir().join(format!("blastradius-evaluate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("candle.ron");
    std::fs::write(&file, &src).unwrap();
    let path = file.to_str().unwrap();
    let checked = blastradius(&["evaluate", path, "--seeds", "2", "--check"]);
    let stderr = text(&checked.stderr);
    assert_eq!(checked.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "check failed: step {} (14:50 light_a_candle)",
            s.expert.len()
        )),
        "{stderr}"
    );
    assert!(text(&checked.stdout).contains("Check: failed"));
    let unchecked = blastradius(&["evaluate", path, "--seeds", "2"]);
    assert_eq!(
        unchecked.status.code(),
        Some(0),
        "without --check, a report"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_json_has_the_documented_fields() {
    let out = blastradius(&["evaluate", BLACK_FRIDAY, "--seeds", "2", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["scenario"], BLACK_FRIDAY);
    assert_eq!(v["seeds"]["first"], 1);
    assert_eq!(v["seeds"]["last"], 2);
    let policies = v["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 3);
    for p in policies {
        for field in ["min", "p10", "median", "p90", "max"] {
            assert!(p["blast_radius"][field].is_number(), "{field}");
        }
        for g in ["A", "B", "C", "D", "F"] {
            assert!(p["grades"][g].is_u64(), "{g}");
        }
        assert!(p.get("bimodal").is_some());
        assert_eq!(p["nights"].as_array().unwrap().len(), 2);
        assert!(p["nights"][0]["grade"].is_string());
    }
    let steps = v["ablation"].as_array().unwrap();
    assert_eq!(steps.len(), black_friday().expert.len());
    for field in [
        "step",
        "at",
        "action",
        "target",
        "lessons",
        "mean",
        "p10",
        "p90",
        "std_error",
        "threshold",
        "within_noise",
        "worth",
    ] {
        assert!(steps[0].get(field).is_some(), "ablation.{field}");
    }
    assert!(v["noise_floor"].is_number());
    assert!(v["ordering"]["holds_on"].is_u64());
    assert!(v["ordering"]["fails_on"].is_array());
    assert!(v["unused_actions"]["actions"].is_array());
    assert!(v["unused_actions"]["untried"].is_array());
    for a in v["unused_actions"]["actions"].as_array().unwrap() {
        assert!(a["at"].is_string(), "{a}");
    }
    assert!(v["silent_beats"].is_array());
    assert!(v["check_failures"].is_array());
    assert!(v["skipped"].is_array());
}

#[test]
fn user_errors_are_one_clear_message_and_an_exit_status() {
    for seeds in ["5..2", "abc", "0", "3..3"] {
        let out = blastradius(&["evaluate", BLACK_FRIDAY, "--seeds", seeds]);
        assert_eq!(out.status.code(), Some(2), "--seeds {seeds}");
        assert!(
            text(&out.stderr).contains("--seeds"),
            "{}",
            text(&out.stderr)
        );
        assert!(out.stdout.is_empty());
    }
    let jobs = blastradius(&["evaluate", BLACK_FRIDAY, "--jobs", "0"]);
    assert_eq!(jobs.status.code(), Some(2));

    let unknown = blastradius(&["evaluate", "no-such-night", "--seeds", "1"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("no built-in scenario or file by that name"));

    let bad = "tests/fixtures/invalid-scripts/syntax-error.ron";
    let out = blastradius(&[
        "evaluate",
        scenario::FLAGSHIP,
        "--seeds",
        "1",
        "--policy",
        bad,
    ]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.starts_with(&format!("{bad}:3:5: ")), "{stderr}");
    assert!(!stderr.contains("panicked"));
    assert!(out.stdout.is_empty());
    let missing = blastradius(&["evaluate", BLACK_FRIDAY, "--policy", "no/such/night.ron"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).starts_with("no/such/night.ron:1:1: cannot read"));
}

#[test]
fn a_policy_file_is_played_and_named_and_an_empty_panicky_path_is_skipped() {
    let mut s = scenario::builtin(BLACK_FRIDAY).unwrap();
    let path = "tests/fixtures/scripts/black-friday-card-gateway-panic.ron";
    let script = Script::load(std::path::Path::new(path), &s).unwrap();
    s.panicky.clear();
    let s = Arc::new(s);
    let opts = Options {
        policies: vec![
            Policy::Panicky,
            Policy::File {
                name: path.into(),
                script,
            },
        ],
        seeds: Seeds { first: 5, last: 6 },
        jobs: 1,
    };
    let e = evaluate::evaluate(&s, &opts, &|_| {});
    assert_eq!(e.policies.len(), 1);
    assert_eq!(e.policies[0].name, path);
    assert_eq!(e.policies[0].nights[0].seed, 5);
    assert!(e.skipped[0].contains("no panicky path"), "{:?}", e.skipped);
    assert!(!e.ordering.with_panicky);
    let report = evaluate::text(&e);
    assert!(report.contains("no panicky path; skipped"), "{report}");
    assert!(report.contains("Seeds 5..=6"), "{report}");
}

#[test]
fn a_closed_stdout_is_said_once_and_not_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_blastradius"))
        .args(["evaluate", BLACK_FRIDAY, "--seeds", "1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    // Said once, and the status says the output is not all there.
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr.trim(),
        "blastradius: the reader closed the output early; the rest was not written"
    );
}

#[test]
fn every_shipped_scenario_passes_its_own_balance_check() {
    // Expert < nothing < panicky on every seed, and every step of the expert's path that carries a
    // lesson is worth more than noise (and costs nothing): `evaluate --check` in CI.
    for (id, _, _) in scenario::BUILTIN {
        let s = Arc::new(scenario::builtin(id).unwrap());
        let opts = Options {
            policies: Policy::defaults(),
            seeds: Seeds { first: 1, last: 6 },
            jobs: 0,
        };
        let e = evaluate::evaluate(&s, &opts, &|_| {});
        assert!(e.check_failures.is_empty(), "{id}: {:#?}", e.check_failures);
    }
}

/// The grade a night of this script earns at a seed, as every debrief grades it.
fn grade_at(s: &Arc<Scenario>, seed: u64, script: &Script, span: f64) -> char {
    let (expert, nothing) = session::references(s, seed);
    let night = session::run(s.clone(), seed, script).blast_radius();
    session::grade(night, expert, nothing, span)
}

#[test]
fn the_same_play_earns_the_same_grade_on_almost_every_seed() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let span = session::typical_span(&s);
    let parse = |src: &str| Script::parse("inline.ron", src, &s).unwrap();
    let plays = [
        ("expert", Script::expert(&s)),
        ("nothing", Script::default()),
        ("panicky", Script::panicky(&s)),
        // Half a good night (the expert's first 15 steps, to 00:27): about 4.5 times the
        // expert's. Graded on a line it was A where doing nothing fell into the bad basin and B
        // where it did not; by ratios it is the same grade on both.
        (
            "half the expert's path",
            Script(Script::expert(&s).0[..15].to_vec()),
        ),
        (
            "rollback only",
            parse(r#"[(at: "23:55", action: "rollback_last_deploy")]"#),
        ),
        (
            "restart only",
            parse(r#"[(at: "23:55", action: "restart_service", target: "api")]"#),
        ),
    ];
    for (name, script) in &plays {
        let grades: Vec<char> = (1..=32)
            .map(|seed| grade_at(&s, seed, script, span))
            .collect();
        let mut counts = std::collections::BTreeMap::new();
        for g in &grades {
            *counts.entry(*g).or_insert(0) += 1;
        }
        let most = counts.values().copied().max().unwrap_or(0);
        assert!(
            most * 10 >= grades.len() * 9,
            "{name}: grades {counts:?} over 32 seeds"
        );
        if name.ends_with("only") {
            assert!(
                grades.iter().all(|g| *g >= 'D'),
                "{name} graded above D: {grades:?}"
            );
        }
    }
}

/// Doing nothing is D on every seed, however the scenario is weighted: on a thousand times the
/// customers, support calls swell the typical span until its floor dwarfed a kind seed's own
/// span, and doing nothing there was graded C.
#[test]
fn doing_nothing_is_never_graded_above_d() {
    let src = std::fs::read_to_string("scenarios/us-east-1-2025-10-20.ron").unwrap();
    let big = src.replacen("customers: 4000,", "customers: 4000000,", 1);
    assert_ne!(big, src, "the flagship names its customers");
    let s = Arc::new(scenario::load_str("big.ron", &big).unwrap());
    let span = session::typical_span(&s);
    for seed in 1..=4 {
        let g = grade_at(&s, seed, &Script::default(), span);
        assert_eq!(g, 'D', "seed {seed}");
    }
}

/// An action off the expert's path is tried when the expert's night allows it, not where it can
/// only be refused: an undo once what it undoes is done (unfreezing deploys after the freeze), and
/// one whose requirement never holds on that night (ending a zonal shift nobody made) is not tried
/// but listed with the requirement that failed.
#[test]
fn an_action_off_the_path_is_tried_once_the_night_allows_it() {
    let s = black_friday();
    let e = evaluate::evaluate(&s, &options(2, 1), &|_| {});
    let u = &e.unused_actions;
    let first = u.at.clone().unwrap();
    let unfreeze = u
        .actions
        .iter()
        .find(|a| a.action == "unfreeze_cicd")
        .expect("tried");
    assert_ne!(
        unfreeze.at, first,
        "not at the first step, where it is refused"
    );
    assert_eq!(unfreeze.accepted_on, 2, "carried out on every seed");
    let freeze = s.expert.iter().find(|x| x.action == "freeze_cicd").unwrap();
    let minutes = s.action("freeze_cicd").unwrap().minutes;
    assert!(
        s.minute_of(scenario::TimeOfDay::parse(&unfreeze.at).unwrap())
            >= s.minute_of(freeze.at) + minutes,
        "after the freeze is done: {}",
        unfreeze.at
    );
    let untried: Vec<&str> = u.untried.iter().map(|x| x.action.as_str()).collect();
    assert_eq!(untried, ["end_zonal_shift"]);
    assert!(!u.untried[0].why.is_empty());
    assert!(!u.actions.iter().any(|a| a.action == "end_zonal_shift"));
    let printed = evaluate::text(&e);
    assert!(
        printed.contains("end_zonal_shift: not tried, never allowed on the expert's night"),
        "{printed}"
    );
}
