//! `blastradius report`: the after-action report of a kept night in Markdown, JSON and HTML, from
//! the command line as a facilitator runs it; a broken log refused at its line; and the HTML page
//! drawn by a real browser when one is installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use blastradius::report::after_action::{self, Format};
use blastradius::scenario::{self, Scenario};
use blastradius::session::nightlog::{Branch, Mode, NightLog};
use blastradius::session::{self, ActionRef, InjectEntry, Script, ScriptEntry, Session};

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("blastradius-report-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("nights")).unwrap();
    dir
}

fn blastradius(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blastradius"))
        .args(args)
        .env("BLASTRADIUS_DATA_DIR", data)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn flagship() -> Arc<Scenario> {
    Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap())
}

/// A tabletop night left at 01:43: decisions with owners and rationales (one refused), a typed
/// inject and one from the pool, a hint, and a line left behind by rewinding to 23:58.
fn tabletop_night(s: &Arc<Scenario>) -> NightLog {
    let decide = |night: &mut Session, action: &str, note: &str, owner: &str| {
        let act = ActionRef::resolve(s, action, None).unwrap();
        night.act_as(act, Some(note), Some(owner));
    };
    let mut night = Session::new(s.clone(), 7);
    night.run_until(15);
    decide(
        &mut night,
        "freeze_cicd",
        "hold the AMI refresh while we look",
        "Ops lead",
    );
    night.inject_typed("Facilitator", "The CEO joins the bridge: \"are we down?\"");
    night.run_until(25);
    decide(
        &mut night,
        "end_zonal_shift",
        "undo the shift, just in case",
        "IC",
    );
    let lesson = s.lessons.iter().position(|l| !l.hints.is_empty()).unwrap();
    night.take_hint(lesson).unwrap();
    night.run_until(40);
    decide(
        &mut night,
        "disable_health_checks",
        "stop the ASG killing healthy boxes",
        "Ops lead",
    );
    night.run_until(60);
    let _ = night.fire_inject(
        s.injects
            .iter()
            .position(|x| x.id == "rollback-idea")
            .unwrap(),
    );
    night.run_until(120);
    let mut log = NightLog::new(s, None, 7, Mode::Tabletop);
    log.roles = vec!["IC".into(), "Comms".into()];
    log.update(&night);
    log.branches.push(Branch {
        parted: 15,
        reached: 50,
        script: Script(vec![ScriptEntry {
            owner: Some("IC".into()),
            ..ScriptEntry::decision(
                s.clock_at(15),
                "restart_service",
                Some("api"),
                Some("turn it off and on"),
            )
        }]),
    });
    log.branches.push(Branch {
        parted: 15,
        reached: 30,
        script: Script(vec![ScriptEntry::inject(
            s.clock_at(20),
            InjectEntry::Pool("rollback-idea".into()),
        )]),
    });
    log
}

/// A whole night of a reference script, kept as a log.
fn whole_night(s: &Arc<Scenario>, script: &Script, seed: u64) -> NightLog {
    let night = session::run(s.clone(), seed, script);
    let mut log = NightLog::new(s, None, seed, Mode::Play);
    log.update(&night);
    log
}

fn keep(data: &Path, name: &str, s: &Scenario, log: &NightLog) -> PathBuf {
    let path = data.join("nights").join(name);
    std::fs::write(&path, log.to_text(s)).unwrap();
    path
}

#[test]
fn a_kept_night_reports_in_markdown_json_and_html() {
    let s = flagship();
    let data = scratch("formats");
    let log = tabletop_night(&s);
    let path = keep(&data, "table.night.ron", &s, &log);
    let file = path.to_str().unwrap();

    let md = blastradius(&data, &["report", file]);
    assert_eq!(md.status.code(), Some(0), "{}", text(&md.stderr));
    let md = text(&md.stdout);
    for want in [
        "# After-action report: ",
        "| mode | tabletop |",
        "Left at 01:43. The analysis plays the rest of the night from 01:43 with no more decisions",
        "## Attendance\n\nIC, Comms, Ops lead",
        "| Ops lead | Freeze CI/CD |",
        "hold the AMI refresh while we look",
        "refused: ",
        "inject: “The CEO joins the bridge: \"are we down?\"”",
        "hint taken: ",
        "## Blast radius over the night",
        "## Where the lines part",
        "rewound to 23:58; left at 00:33, then no more decisions",
        "The lines part at 23:58",
        "## The expert's path",
        "## What was true",
        "## Lessons",
        "## Improvement items",
        "- [ ] \n- [ ] ",
    ] {
        assert!(md.contains(want), "the Markdown lacks {want:?}:\n{md}");
    }

    let json = blastradius(&data, &["report", file, "--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", text(&json.stderr));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("the JSON parses");
    assert_eq!(v["mode"], "tabletop");
    assert_eq!(v["left_at"], "01:43");
    assert_eq!(v["attendance"][2], "Ops lead");
    let series = v["chart"]["series"].as_array().unwrap();
    let names: Vec<&str> = series.iter().map(|x| x["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["yours", "expert", "other_line"]);
    let length = u64::from(s.length());
    for x in series {
        let points = x["points"].as_array().unwrap();
        assert!(
            points.len() as u64 > length,
            "every minute: {}",
            points.len()
        );
        // The blast radius is the sum of its parts in whole points; the chart rounds the
        // night's total: the two may differ by the rounding of each part.
        let last = points.last().unwrap()[1].as_i64().unwrap();
        let total = x["blast_radius"].as_i64().unwrap();
        assert!(
            (last - total).abs() <= 12,
            "{}: {last} vs {total}",
            x["name"]
        );
    }
    assert_eq!(
        series[0]["blast_radius"], v["debrief"]["blast_radius"],
        "the chart ends on the debrief's blast radius"
    );
    let first = &v["timeline"][0];
    assert_eq!(first["kind"], "decision");
    assert_eq!(first["owner"], "Ops lead");
    assert_eq!(first["note"], "hold the AMI refresh while we look");
    assert!(
        first["worth_words"]
            .as_str()
            .unwrap()
            .contains("over 8 seeds")
    );
    assert_eq!(v["timeline"][1]["kind"], "inject");
    assert_eq!(v["other_lines"].as_array().unwrap().len(), 2);
    assert!(v["expert"].as_array().unwrap().len() >= 5);
    assert!(v["debrief"]["ghost"]["faults"].is_array());

    let html = blastradius(&data, &["report", file, "--format", "html"]);
    assert_eq!(html.status.code(), Some(0), "{}", text(&html.stderr));
    let html = text(&html.stdout);
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    for banned in ["<script", "src=\"http", "href=\"http", "@import", "url("] {
        assert!(!html.contains(banned), "the page fetches nothing: {banned}");
    }
    assert_eq!(html.matches("<svg").count(), 1, "one chart");
    for want in [
        "Ops lead",
        "hold the AMI refresh while we look",
        "The CEO joins the bridge: &quot;are we down?&quot;",
        "Improvement items",
        "<th style=\"width:18%\">owner</th>",
        "The lines part at 23:58",
    ] {
        assert!(html.contains(want), "the HTML lacks {want:?}");
    }

    // The same log gives the same bytes, in this process as in the binary.
    assert_eq!(
        after_action::render(Format::Markdown, &log, &s).unwrap(),
        md,
        "deterministic"
    );
}

#[test]
fn output_goes_to_a_new_file_and_never_over_one() {
    let s = flagship();
    let data = scratch("output");
    let log = whole_night(&s, &Script::default(), 3);
    keep(&data, "quiet.night.ron", &s, &log);
    let out_file = data.join("report.md");
    let out_path = out_file.to_str().unwrap();
    // Found by its name in the nights directory.
    let out = blastradius(&data, &["report", "last", "--output", out_path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("report.md"));
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert!(
        written.contains("Played to the end of the night"),
        "{written}"
    );
    assert!(
        written.contains("No decisions, injects or hints"),
        "{written}"
    );

    let again = blastradius(&data, &["report", "quiet.night.ron", "--output", out_path]);
    assert_eq!(again.status.code(), Some(1));
    let err = text(&again.stderr);
    assert!(
        err.contains("report.md") && err.contains("not empty") && err.lines().count() == 1,
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), written);
}

#[test]
fn a_broken_log_is_refused_at_its_line_and_column() {
    let s = flagship();
    let data = scratch("broken");
    let path = keep(&data, "b.night.ron", &s, &tabletop_night(&s));
    let kept = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, kept.replacen("\"freeze_cicd\"", "\"freez_cicd\"", 1)).unwrap();
    let kept = std::fs::read_to_string(&path).unwrap();
    let out_file = data.join("never.html");
    let out = blastradius(
        &data,
        &[
            "report",
            path.to_str().unwrap(),
            "--format",
            "html",
            "--output",
            out_file.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    let line = kept.lines().position(|l| l.contains("freez_cicd")).unwrap() + 1;
    let col = kept.lines().nth(line - 1).unwrap().find("action:").unwrap();
    assert!(
        err.contains(&format!("b.night.ron:{line}:")) && err.contains("did you mean freeze_cicd"),
        "{err}"
    );
    assert!(col > 0);
    assert!(!out_file.exists(), "no report file for a broken log");

    let missing = blastradius(&data, &["report", "no-such.night.ron"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("no such night log"));
}

/// The browser: `chromium`, where one is installed.
fn chromium() -> Option<PathBuf> {
    let fixed = Path::new("/usr/bin/chromium");
    if fixed.exists() {
        return Some(fixed.to_path_buf());
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("chromium"))
            .find(|p| p.exists())
    })
}

#[test]
fn the_html_report_renders_in_a_browser() {
    let Some(browser) = chromium() else {
        println!("skipped: no chromium installed (apt install chromium)");
        return;
    };
    let s = flagship();
    let data = scratch("browser");
    for (name, script) in [
        ("expert", Script::expert(&s)),
        ("panicky", Script::panicky(&s)),
    ] {
        let log = whole_night(&s, &script, 4);
        let page = data.join(format!("{name}.html"));
        std::fs::write(&page, after_action::render(Format::Html, &log, &s).unwrap()).unwrap();
        let png = data.join(format!("{name}.png"));
        let out = Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                &format!("--screenshot={}", png.display()),
                "--window-size=1280,3000",
                &format!("file://{}", page.display()),
            ])
            .env("HOME", &data)
            .output()
            .expect("chromium runs");
        let size = std::fs::metadata(&png).map_or(0, |m| m.len());
        assert!(
            size > 50_000,
            "{name}: a screenshot of {size} bytes at {}; chromium said: {}",
            png.display(),
            text(&out.stderr)
        );
        println!("{name}: {} ({size} bytes)", png.display());
    }
}

/// A night played on a scenario from a file says how to play it again by that file, in Markdown
/// and HTML alike, not by an id no command resolves.
#[test]
fn a_night_from_a_file_is_played_again_by_its_file() {
    let s = flagship();
    let night = session::run(s.clone(), 3, &Script::default());
    let mut log = NightLog::new(
        &s,
        Some("/srv/our nights/flagship.ron".into()),
        3,
        Mode::Play,
    );
    log.update(&night);
    let md = after_action::render(Format::Markdown, &log, &s).unwrap();
    assert!(
        md.contains("play it again: `blastradius play '/srv/our nights/flagship.ron' --seed 3`"),
        "{md}"
    );
    let html = after_action::render(Format::Html, &log, &s).unwrap();
    assert!(
        html.contains("blastradius play &#39;/srv/our nights/flagship.ron&#39; --seed 3")
            || html.contains("blastradius play '/srv/our nights/flagship.ron' --seed 3"),
        "{html}"
    );
    let built_in = whole_night(&s, &Script::default(), 3);
    let md = after_action::render(Format::Markdown, &built_in, &s).unwrap();
    assert!(md.contains(&format!("blastradius play {} --seed 3", s.id)));
}

/// A decision fumbled tonight changed nothing on this seed: the debrief leads with that (±0
/// tonight), never with its mean over the other seeds, where it may have gone through, and it
/// neither helped nor hurt; every export says so in the same words.
#[test]
fn a_fumbled_decision_leads_with_what_it_did_tonight() {
    let s = flagship();
    // A commander awake since 23:43 is well past tired by 09:00: some seed fumbles this.
    let script = Script(vec![ScriptEntry::decision(
        scenario::TimeOfDay::parse("09:00").unwrap(),
        "disable_health_checks",
        None,
        None,
    )]);
    let night = (0..200)
        .map(|seed| session::run(s.clone(), seed, &script))
        .find(|n| {
            n.world()
                .events()
                .iter()
                .any(|e| e.kind == blastradius::sim::EventKind::ActionFumbled)
        })
        .expect("some seed fumbles a decision at 09:00");
    let d = session::Debrief::summary(&night);
    let row = &d.yours[0];
    assert_eq!(row.outcome, Some(blastradius::sim::Outcome::Fumbled));
    let w = row.worth.as_ref().expect("a fumbled decision is weighed");
    assert!(w.fumbled && !w.helped() && !w.hurt(), "{w:?}");
    assert_eq!(w.headline(), w.own);
    let words = session::worth_words(w);
    let tonight = session::signed(w.own.round() as i64);
    assert!(
        words.starts_with(&format!("{tonight} tonight, fumbled; ")),
        "{words}"
    );
    let json = blastradius::report::action_line(row);
    assert_eq!(json.worth, Some(w.own.round() as i64));
}

/// Decisions all taken at one clock time, in order: (action, target).
fn decided_at(at: &str, decisions: &[(&str, Option<&str>)]) -> Script {
    let at = scenario::TimeOfDay::parse(at).unwrap();
    Script(
        decisions
            .iter()
            .map(|(action, target)| ScriptEntry::decision(at, action, *target, None))
            .collect(),
    )
}

/// An executive summary sent at 23:51, with the health-check change queued behind it for the
/// same responder, changes nothing by itself (the COO is asleep) and costs only by the wait: its
/// worth says so, and the communication lesson is not marked backfired for it. A decision with
/// nothing behind it has no wait in its worth.
#[test]
fn a_cost_that_came_of_the_wait_behind_a_decision_is_said_as_that() {
    let s = flagship();
    let script = decided_at(
        "23:51",
        &[("send_exec_summary", None), ("disable_health_checks", None)],
    );
    let night = session::run(s.clone(), 11, &script);
    let d = session::Debrief::summary(&night);
    let summary = d.yours[0].worth.as_ref().expect("weighed");
    assert!(summary.hurt() && summary.waiting < 0.0, "{summary:?}");
    assert!(!summary.hurt_itself(), "{summary:?}");
    assert!(
        summary.why.contains(
            "all of it came of the time it kept Alex (on-call) busy while Disable automated health-check replacement waited behind it"
        ),
        "{}",
        summary.why
    );
    // The change waited for its responder: every format says when its work began.
    let queued = d.yours[1].queued_until.expect("it waited");
    let text = blastradius::report::text(&d);
    assert!(
        text.contains(&format!(
            "disable_health_checks  — done, queued until {queued}"
        )),
        "{text}"
    );
    let checks = d.yours[1].worth.as_ref().expect("weighed");
    assert_eq!(checks.waiting, 0.0, "nothing waited behind it");
    assert_eq!(checks.itself, checks.mean);
    let comms = d
        .lessons
        .iter()
        .find(|l| l.title.starts_with("Communication"))
        .expect("the flagship teaches communication");
    assert_eq!(comms.mark, session::Mark::NoEffect, "{comms:?}");
    assert!(
        comms.evidence[0].starts_with("done, but what waited behind it cost: "),
        "{:?}",
        comms.evidence
    );
}

/// A freeze lifted while launches still fail: the held AMI refresh then runs into the day. The
/// freeze is weighed as if kept and helped; the unfreeze is weighed against the night as played
/// and cost; the two add up to what the pair did (the night without either less the night as
/// played), and the lesson reads kept in part, broken by the unfreeze — not by the freeze.
#[test]
fn a_decision_a_later_one_undid_is_weighed_as_if_kept() {
    let s = flagship();
    let at = |t: &str| scenario::TimeOfDay::parse(t).unwrap();
    let script = Script(vec![
        ScriptEntry::decision(at("23:53"), "freeze_cicd", None, None),
        ScriptEntry::decision(at("10:49"), "unfreeze_cicd", None, None),
    ]);
    let seed = 5;
    let night = session::run(s.clone(), seed, &script);
    let d = session::Debrief::summary(&night);
    let freeze = d.yours[0].worth.as_ref().expect("weighed");
    let unfreeze = d.yours[1].worth.as_ref().expect("weighed");
    assert!(freeze.helped(), "{freeze:?}");
    assert!(unfreeze.hurt(), "{unfreeze:?}");
    assert!(
        freeze.why.starts_with(
            "weighed as if kept (Unfreeze CI/CD at 10:49 is weighed by itself); on this seed"
        ),
        "{}",
        freeze.why
    );
    assert!(!unfreeze.why.contains("as if kept"), "{}", unfreeze.why);
    let neither = session::run(s.clone(), seed, &Script::default());
    let pair = neither.breakdown().total() - night.breakdown().total();
    assert!(
        (freeze.own + unfreeze.own - pair).abs() < 1e-6,
        "{} + {} against {pair}",
        freeze.own,
        unfreeze.own
    );
    let lesson = d
        .lessons
        .iter()
        .find(|l| l.id == "no-change")
        .expect("the flagship teaches the freeze");
    assert_eq!(lesson.mark, session::Mark::Both, "{lesson:?}");
    assert!(
        lesson.evidence[1].starts_with("against it: 10:49 Unfreeze CI/CD"),
        "{:?}",
        lesson.evidence
    );
}

/// A queued decision whose work began sooner than the channel first said — someone free took it,
/// or its responder came free sooner because someone else took what was ahead of it — says so in
/// the channel when it moves up, and its row reads when its work really began.
#[test]
fn a_queued_decision_that_moves_up_says_so_and_its_row_reads_the_real_start() {
    let s = flagship();
    let at = |t: &str| scenario::TimeOfDay::parse(t).unwrap();
    let mut entries = Vec::new();
    for a in [
        "open_incident_channel",
        "page_backend_lead",
        "page_sre_team",
        "escalate_severity",
    ] {
        entries.push(ScriptEntry::decision(at("23:53"), a, None, None));
    }
    for a in [
        "disable_health_checks",
        "freeze_cicd",
        "pause_background_jobs",
    ] {
        entries.push(ScriptEntry::decision(at("00:07"), a, None, None));
    }
    let night = session::run(s.clone(), 5, &Script(entries));
    let d = session::Debrief::summary(&night);
    let events = night.world().events();
    let mut moved = 0;
    for r in d.yours.iter().filter(|r| r.queued_until.is_some()) {
        let began = r.queued_until.unwrap();
        // The channel's last word on it names the minute its work began.
        let last = events
            .iter()
            .filter(|e| e.kind == blastradius::sim::EventKind::ActionStarted)
            .rfind(|e| e.text.starts_with(&format!("{}: ", r.label)))
            .expect("a queued decision is announced");
        let said = if last.text.contains("is free and takes it") {
            s.clock_at(last.at)
        } else {
            let (_, after) = last.text.split_once("starts at ").expect("a start");
            at(&after[..5])
        };
        assert_eq!(said, began, "{}: {}", r.label, last.text);
        moved += usize::from(last.text.contains(": moves up, starts at"));
    }
    assert!(moved > 0, "no queued decision moved up on this night");
}

/// What the "left undone" part counts is named wherever it is shown: each lever left off, each
/// change still held, a zone still shifted away from, one item each, as many as counted.
#[test]
fn what_was_left_undone_is_named_under_its_count() {
    let s = flagship();
    let script = decided_at(
        "23:51",
        &[
            ("disable_health_checks", None),
            ("freeze_cicd", None),
            ("zonal_shift", Some("use1-az2")),
        ],
    );
    let night = session::run(s.clone(), 3, &script);
    let d = session::Debrief::summary(&night);
    assert_eq!(
        d.left_undone,
        [
            "health-check replacement off",
            "CI/CD frozen",
            "Daily AMI refresh held back",
            "traffic shifted away from use1-az2"
        ]
    );
    assert_eq!(
        night.world().tally().left_undone,
        d.left_undone.len() as f64
    );
    let text = blastradius::report::text(&d);
    assert!(
        text.contains("      still: health-check replacement off; CI/CD frozen;"),
        "{text}"
    );
    // The expert puts everything back: nothing named, nothing counted.
    let expert = session::run(s.clone(), 3, &Script::expert(&s));
    assert!(expert.world().left_undone().is_empty());
    assert_eq!(expert.world().tally().left_undone, 0.0);
}

/// The escalation delay says what it waited for: one escalation (to SEV2) leaves it counting,
/// since the night owes SEV1; a second stops it, and says when.
#[test]
fn the_escalation_delay_says_what_it_waited_for() {
    let s = flagship();
    let once = decided_at("23:52", &[("escalate_severity", None)]);
    let d = session::Debrief::summary(&session::run(s.clone(), 5, &once));
    let said = d.escalation.clone().expect("it counted");
    assert!(said.ends_with("was below SEV1: it ended at SEV2"), "{said}");
    assert!(blastradius::report::text(&d).contains(&said));
    let mut twice = once.clone();
    twice
        .0
        .extend(decided_at("23:56", &[("escalate_severity", None)]).0);
    let d = session::Debrief::summary(&session::run(s.clone(), 5, &twice));
    let said = d.escalation.expect("it counted, until SEV1");
    assert!(
        said.contains("before the incident reached SEV1 ("),
        "{said}"
    );
}

/// The chart's last point is the night's blast radius to the point, the player's and the
/// expert's, as the headline and the breakdown give them (each part rounded, then summed).
#[test]
fn the_charts_last_point_is_the_headline() {
    let s = flagship();
    for (seed, script) in [(7, Script::default()), (3, Script::expert(&s))] {
        let night = session::run(s.clone(), seed, &script);
        let d = session::Debrief::summary(&night);
        let last = |h: &[(f64, f64)]| h.last().map(|p| p.1).unwrap();
        assert_eq!(last(&d.harm_yours), d.blast_radius as f64, "seed {seed}");
        let expert = session::score_of(s.clone(), seed, &Script::expert(&s)).points();
        assert_eq!(last(&d.harm_expert), expert as f64, "seed {seed}");
    }
}

/// A night played alone says so under Attendance, not that nobody was named.
#[test]
fn a_night_played_alone_says_so_under_attendance() {
    let s = flagship();
    let log = whole_night(&s, &Script::expert(&s), 3);
    let md = after_action::render(Format::Markdown, &log, &s).unwrap();
    assert!(
        md.contains("## Attendance\n\nPlayed alone: decisions have no owner"),
        "{md}"
    );
}

/// A theory about the drawn zone is weighed on every seed as a theory about that seed's drawn
/// zone, as a zonal shift away from it is: the debrief said "+241" for the expert's gray-zone
/// theory on seed 3, a mean over seeds where the same words blamed a healthy zone, beside "on
/// this seed (+962)" and evaluate's +960 on every seed.
#[test]
fn a_theory_about_the_drawn_zone_is_weighed_as_that_seeds_drawn_zone() {
    let s = flagship();
    for seed in [3, 4] {
        let night = session::run(s.clone(), seed, &Script::expert(&s));
        let d = session::Debrief::summary(&night);
        let row = d
            .yours
            .iter()
            .find(|r| {
                r.action == "state_theory"
                    && r.target.as_deref().is_some_and(|t| t.starts_with("gray-"))
            })
            .expect("the expert states the gray theory");
        let w = row.worth.as_ref().expect("weighed");
        assert!(
            w.low > 0.8 * w.own && w.mean > 0.8 * w.own,
            "seed {seed}: {w:?}"
        );
    }
}
