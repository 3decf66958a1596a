//! What was true, as the binary prints it: the night's events as JSON lines (`run --events`), and
//! the ghost beside the player's night in the JSON summary and the Markdown debrief.

use std::process::{Command, Output};

use blastradius::scenario::{self, Channel};
use serde_json::Value;

const FLAGSHIP: &str = "us-east-1-2025-10-20";

fn blastradius(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blastradius"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(args: &[&str]) -> String {
    let out = blastradius(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn events(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["run", FLAGSHIP, "--events"];
    all.extend_from_slice(args);
    stdout(&all)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn summary(args: &[&str]) -> Value {
    let mut all = vec!["run", FLAGSHIP, "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&stdout(&all)).expect("one JSON object")
}

/// A script file in the target directory.
fn script(name: &str, text: &str) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn events_are_json_lines_in_time_order_with_the_truth_hidden() {
    let s = scenario::builtin(FLAGSHIP).unwrap();
    for args in [&["--seed", "3"][..], &["--seed", "7", "--expert"]] {
        let lines = events(args);
        assert!(lines.len() > 50, "{args:?}: {} events", lines.len());
        let mut last = 0;
        for e in &lines {
            for field in ["t", "minute", "kind", "source", "text", "visible"] {
                assert!(e.get(field).is_some(), "{args:?}: no {field} in {e}");
            }
            let minute = e["minute"].as_u64().unwrap() as u32;
            assert!(minute >= last, "{args:?}: out of order at {e}");
            last = minute;
            assert_eq!(e["t"], s.clock_at(minute).to_string().as_str());
            let kind = e["kind"].as_str().unwrap();
            let truth = kind == "fault_start" || kind == "fault_end";
            assert_eq!(e["visible"], !truth, "{e}");
            assert_eq!(e.get("severity").is_some(), kind == "alert", "{e}");
            // A beat's line carries the beat's id, and its channel is the beat's.
            if let Some(id) = e.get("beat") {
                let b = s.beats.iter().find(|b| b.id == id.as_str().unwrap());
                let b = b.unwrap_or_else(|| panic!("no beat {id}"));
                let channel = match b.channel {
                    Channel::Alert(_) => "alert",
                    Channel::Chat => "chat",
                    Channel::Call => "call",
                    Channel::Email => "email",
                    Channel::Customer => "customer",
                    Channel::StatusPage => "status_post",
                };
                assert_eq!(kind, channel, "{e}");
            }
        }
        let started = lines.iter().filter(|e| e["kind"] == "fault_start").count();
        assert_eq!(started, s.faults.len(), "every fault starts, unseen");
        assert!(lines.iter().any(|e| e["kind"] == "fault_end"));
        assert!(lines.iter().any(|e| e["kind"] == "status_post"));
        assert!(lines.iter().any(|e| e.get("beat").is_some()));
    }
    let expert = events(&["--expert"]);
    for kind in ["action_started", "action_done", "theory", "finding"] {
        assert!(expert.iter().any(|e| e["kind"] == kind), "no {kind}");
    }
}

#[test]
fn events_are_the_same_byte_for_byte_and_replace_the_summary() {
    let path = script(
        "events-night.ron",
        r#"[(at: "00:05", action: "freeze_cicd"), (at: "00:20", action: "page_backend_lead")]"#,
    );
    let args = [
        "run", FLAGSHIP, "--seed", "11", "--script", &path, "--events",
    ];
    let a = blastradius(&args);
    let b = blastradius(&args);
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let text = String::from_utf8(a.stdout).unwrap();
    assert!(text.contains(r#""kind":"action_started""#), "{text}");
    assert!(text.ends_with('\n'));
    for other in ["--json", "--markdown", "--timeline=30", "--format=text"] {
        let out = blastradius(&["run", FLAGSHIP, "--events", other]);
        assert_eq!(out.status.code(), Some(2), "--events with {other}");
    }
    let help = stdout(&["run", "--help"]);
    assert!(help.contains("--events"), "{help}");
}

#[test]
fn the_ghost_lists_every_fault_and_the_times_of_each_theory() {
    let s = scenario::builtin(FLAGSHIP).unwrap();
    let nothing = summary(&["--seed", "5"]);
    let g = &nothing["ghost"];
    let faults = g["faults"].as_array().unwrap();
    assert_eq!(faults.len(), s.faults.len());
    for f in faults {
        let (from, until) = (&f["from_minute"], &f["until_minute"]);
        assert!(from.as_u64() < until.as_u64(), "{f}");
        assert!(!f["service"].as_str().unwrap().is_empty(), "{f}");
        assert!(
            !f["note"].as_str().unwrap().contains('{'),
            "draws read: {f}"
        );
    }
    // Nobody spoke: every right theory is never stated, and costs from when it was knowable.
    let theories = g["theories"].as_array().unwrap();
    let right: Vec<&Value> = theories.iter().filter(|t| t["right"] == true).collect();
    assert!(!right.is_empty());
    for t in &right {
        assert!(t["stated"].is_null(), "{t}");
        assert!(t["expert"].is_string(), "the expert states it: {t}");
    }
    assert_eq!(
        g["slow_diagnosis_minutes"].as_f64(),
        nothing["counts"]["slow_diagnosis"].as_f64()
    );
    // The expert's times are when the expert's own night stated each theory.
    let expert = events(&["--seed", "5", "--expert"]);
    for t in &right {
        let said = format!("working theory: {}", t["name"].as_str().unwrap());
        let at = expert
            .iter()
            .find(|e| e["kind"] == "theory" && e["text"] == said.as_str())
            .map(|e| e["t"].clone());
        assert_eq!(at.as_ref(), Some(&t["expert"]), "{t}");
    }
    let md = stdout(&["run", FLAGSHIP, "--seed", "5", "--markdown"]);
    assert!(md.contains("## What was true"), "{md}");
    assert!(md.contains("| never |"), "{md}");
    let text = stdout(&["run", FLAGSHIP, "--seed", "5"]);
    assert!(text.contains("you: never"), "{text}");
}

#[test]
fn a_wrong_theory_the_player_stated_is_listed_with_its_time() {
    let path = script(
        "wrong-theory.ron",
        r#"[(at: "00:30", action: "state_theory", target: "our-deploy"),
            (at: "01:00", action: "state_theory", target: "provider-dynamodb")]"#,
    );
    let night = summary(&["--seed", "2", "--script", &path]);
    let theories = night["ghost"]["theories"].as_array().unwrap();
    let find = |id: &str| theories.iter().find(|t| t["id"] == id).cloned();
    let wrong = find("our-deploy").expect("the wrong theory stated is listed");
    assert_eq!(wrong["right"], false);
    assert_eq!(wrong["stated"], "00:30");
    assert!(wrong["slow_minutes"].is_null());
    let right = find("provider-dynamodb").unwrap();
    assert_eq!(right["stated"], "01:00");
    assert!(right["expert"].is_string());
    let slow: u64 = theories
        .iter()
        .filter_map(|t| t["slow_minutes"].as_u64())
        .sum();
    assert_eq!(
        Some(slow as f64),
        night["counts"]["slow_diagnosis"].as_f64()
    );
}

/// What the palette foresees of an action is what the team can know: a tool that is down (AWS
/// Support's case system, tonight) is found out by trying, not shown in advance; once tried and
/// refused, the team knows, and the preview says so.
#[test]
fn a_tool_that_is_down_is_found_out_by_trying() {
    use blastradius::session::{Act, ActionRef, Session};
    use std::sync::Arc;
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let support = s
        .provider
        .iter()
        .position(|p| p.id == "aws-support")
        .unwrap();
    let act = ActionRef::resolve(&s, "contact_provider_support", None).unwrap();
    let mut night = Session::new(s.clone(), 5);
    // Run until the support system is down in truth.
    while night.world().provider().worst(support) >= 0.1 {
        night.run_until(night.now() + 1);
        assert!(
            night.now() < s.length(),
            "the support system never went down"
        );
    }
    assert!(
        matches!(night.check(act), Act::Started { .. }),
        "foreseen as possible before anyone tried"
    );
    let tried = night.act(act, None);
    assert!(
        matches!(&tried, Act::Refused(why) if why.contains("is down")),
        "{tried:?}"
    );
    assert!(
        matches!(night.check(act), Act::Refused(why) if why.contains("is down")),
        "known once tried"
    );
}

/// A severity declared and never followed by news for the executives costs in communication
/// gaps; the debrief says why, not only how much.
#[test]
fn a_declaration_that_costs_says_what_it_owed() {
    let dir = std::env::temp_dir().join(format!("br-truth-declare-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("escalate.ron");
    std::fs::write(&script, r#"[(at: "00:00", action: "escalate_severity")]"#).unwrap();
    let out = stdout(&[
        "run",
        FLAGSHIP,
        "--seed",
        "5",
        "--script",
        script.to_str().unwrap(),
    ]);
    let _ = std::fs::remove_dir_all(&dir);
    let line = out
        .lines()
        .find(|l| l.contains("escalate_severity"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(line.contains("cost"), "{line}");
    assert!(
        line.contains("communication gaps")
            && line.contains("; with it, a declared incident owes the executives"),
        "{line}"
    );
    // Said as what the declaration brought, not listed as if it came without it.
    assert!(!line.contains("gaps), a declared incident"), "{line}");
}

/// A theory shows in our calls when something calls what it blames: the expert, who launches
/// nothing until 05:40, sees EC2's failure far later than a night whose fleet kept relaunching.
/// The table says when it showed in the expert's own night, so the expert is not read as hours
/// slow against a time that was never theirs.
#[test]
fn the_expert_is_measured_against_when_a_theory_showed_in_the_expert_s_night() {
    let night = summary(&["--seed", "5"]);
    let theories = night["ghost"]["theories"].as_array().unwrap();
    let ec2 = theories
        .iter()
        .find(|t| t["id"] == "provider-ec2")
        .expect("EC2's theory is right tonight");
    let (mine, theirs) = (ec2["knowable"].as_str(), ec2["expert_knowable"].as_str());
    assert!(mine.is_some() && theirs.is_some(), "{ec2}");
    assert_ne!(mine, theirs, "{ec2}");
    let text = stdout(&["run", FLAGSHIP, "--seed", "5"]);
    assert!(
        text.contains(&format!("(knowable there from {})", theirs.unwrap())),
        "{text}"
    );
}
