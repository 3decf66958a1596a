//! The binary as a user runs it: exit codes, messages, JSON output.

use std::path::Path;
use std::process::{Command, Output};

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

/// Every fixture under `dir` with the messages it must produce (`NAME.expected`, exact stderr).
/// `BLESS=1 cargo test` rewrites the expectations after a deliberate change to a message.
fn check_fixtures(dir: &str, run: impl Fn(&str) -> Output) {
    let mut seen = 0;
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
    {
        let file = path.to_str().unwrap();
        let out = run(file);
        let stderr = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{file} must be rejected with status 1; stderr: {stderr}"
        );
        assert!(
            out.stdout.is_empty(),
            "{file}: nothing on stdout for a rejected file"
        );
        assert!(!stderr.contains("panicked"), "{file}: {stderr}");
        let expected = path.with_extension("expected");
        if std::env::var_os("BLESS").is_some() {
            std::fs::write(&expected, &stderr).unwrap();
        }
        let want = std::fs::read_to_string(&expected)
            .unwrap_or_else(|_| panic!("{} is missing", expected.display()));
        assert_eq!(stderr, want, "messages for {file}");
        for line in stderr.lines() {
            assert!(
                line.starts_with(&format!("{file}:")),
                "every message names the file and a line: {line}"
            );
        }
        seen += 1;
    }
    assert!(seen >= 5, "fixtures found in {dir}: {seen}");
}

#[test]
fn invalid_scenarios_are_rejected_with_every_problem_located() {
    check_fixtures("tests/fixtures/invalid", |f| blastradius(&["validate", f]));
    let many = std::fs::read_to_string("tests/fixtures/invalid/many-problems.expected").unwrap();
    assert!(
        many.lines().count() >= 10,
        "semantic problems are all reported at once"
    );
}

#[test]
fn invalid_scripts_are_rejected_with_file_line_and_column() {
    check_fixtures("tests/fixtures/invalid-scripts", |f| {
        blastradius(&["run", "us-east-1-2025-10-20", "--script", f])
    });
    let many =
        std::fs::read_to_string("tests/fixtures/invalid-scripts/many-problems.expected").unwrap();
    assert_eq!(
        many.lines().count(),
        6,
        "malformed times, unknown actions and targets, times outside the night: all at once\n{many}"
    );
}

#[test]
fn validate_accepts_every_shipped_scenario_and_reports_each_file() {
    let mut files: Vec<String> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".ron"))
        .collect();
    files.sort();
    let args: Vec<&str> = std::iter::once("validate")
        .chain(files.iter().map(String::as_str))
        .collect();
    let out = blastradius(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), files.len());

    let bom = blastradius(&["validate", "tests/fixtures/bom-valid.ron"]);
    assert_eq!(
        bom.status.code(),
        Some(0),
        "a byte-order mark is not an error: {}",
        text(&bom.stderr)
    );

    let mixed = blastradius(&["validate", &files[0], "tests/fixtures/invalid/empty.ron"]);
    assert_eq!(mixed.status.code(), Some(1), "one bad file fails the run");
    assert_eq!(
        text(&mixed.stdout).lines().count(),
        1,
        "the good file still gets its line"
    );
}

#[test]
fn run_json_has_the_documented_fields_and_the_breakdown_sums() {
    let out = blastradius(&[
        "run",
        "us-east-1-2025-10-20",
        "--seed",
        "3",
        "--script",
        "tests/fixtures/scripts/freeze-only.ron",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["scenario"], "us-east-1-2025-10-20");
    assert_eq!(v["seed"], 3);
    let total = v["blast_radius"].as_i64().unwrap();
    let parts: i64 = v["breakdown"]
        .as_object()
        .unwrap()
        .values()
        .map(|x| x.as_i64().unwrap())
        .sum();
    assert_eq!(parts, total);
    assert!(total > 0);
    assert!("ABCDF".contains(v["grade"].as_str().unwrap()));
    let actions = v["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 1);
    assert_eq!(actions[0]["at"], "00:10");
    assert_eq!(actions[0]["action"], "freeze_cicd");
    assert_eq!(actions[0]["target"], serde_json::Value::Null);
    assert_eq!(actions[0]["accepted"], true);
    assert_eq!(actions[0]["outcome"], "done");
    assert_eq!(actions[0]["reason"], serde_json::Value::Null);
}

#[test]
fn run_is_reproducible_and_reads_paths_as_well_as_ids() {
    let a = blastradius(&["run", "us-east-1-2025-10-20", "--seed", "9", "--json"]);
    let b = blastradius(&[
        "run",
        "scenarios/us-east-1-2025-10-20.ron",
        "--seed",
        "9",
        "--json",
    ]);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(
        text(&a.stdout),
        text(&b.stdout),
        "the same night, byte for byte"
    );
    let readable = blastradius(&["run", "us-east-1-2025-10-20", "--expert"]);
    let out = text(&readable.stdout);
    assert!(
        out.contains("Blast radius") && out.contains("grade A"),
        "{out}"
    );
    assert!(out.contains("failed sales"));
}

#[test]
fn refusals_are_reported_not_errors() {
    let dir = std::env::temp_dir().join(format!("blastradius-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("failover.ron");
    std::fs::write(
        &script,
        r#"[(at: "01:00", action: "failover_region", note: "try it")]"#,
    )
    .unwrap();
    let out = blastradius(&[
        "run",
        "us-east-1-2025-10-20",
        "--script",
        script.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["actions"][0]["accepted"], false);
    assert_eq!(v["actions"][0]["outcome"], "refused");
    assert!(
        v["actions"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("no standby region")
    );
    assert_eq!(v["actions"][0]["note"], "try it");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn list_names_the_flagship() {
    let out = blastradius(&["list"]);
    assert_eq!(out.status.code(), Some(0));
    let listing = text(&out.stdout);
    assert!(listing.contains("us-east-1-2025-10-20"));
    assert!(listing.contains("23:43 – 15:00"));
}

#[test]
fn usage_errors_exit_2_and_unknown_names_exit_1() {
    assert_eq!(blastradius(&["run"]).status.code(), Some(2));
    assert_eq!(blastradius(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(
        blastradius(&["run", "x", "--seed", "minus-one"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(blastradius(&["--help"]).status.code(), Some(0));
    assert_eq!(
        blastradius(&["run", "us-east-1-2025-10-20", "--json", "--timeline", "30"])
            .status
            .code(),
        Some(2)
    );
    let slow = blastradius(&["play", "--speed", "1e-20"]);
    assert_eq!(
        slow.status.code(),
        Some(2),
        "a speed the clock cannot keep is a usage error"
    );
    assert!(text(&slow.stderr).contains("--speed"));
    let unknown = blastradius(&["run", "no-such-night"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(text(&unknown.stderr).contains("no built-in scenario or file by that name"));
    // A name that is no file has no line and column to point at.
    assert!(
        text(&unknown.stderr).starts_with("no-such-night: no built-in"),
        "{}",
        text(&unknown.stderr)
    );
    let missing = blastradius(&["validate", "does/not/exist.ron"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).starts_with("does/not/exist.ron:1:1: cannot read"));
    assert!(!Path::new("does").exists(), "nothing is created on the way");
}

#[test]
fn run_markdown_is_a_debrief_a_facilitator_can_share() {
    let out = blastradius(&[
        "run",
        "us-east-1-2025-10-20",
        "--seed",
        "3",
        "--script",
        "tests/fixtures/scripts/panic.ron",
        "--markdown",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    for heading in [
        "# Debrief: ",
        "## Who was hurt",
        "## Your decisions",
        "## The expert's path",
        "## Lessons",
    ] {
        assert!(md.contains(heading), "missing {heading}:\n{md}");
    }
    assert!(md.contains("grade **F**"), "a panicky night grades F");
    let recreate = md
        .lines()
        .find(|l| l.contains("Recreate a service's resources (api)"))
        .unwrap();
    assert!(
        recreate.contains("| done | −") && recreate.contains(" cost ("),
        "recreating the api cost points: {recreate}"
    );
    assert!(md.contains("refused: there is no standby region"));
    assert!(md.contains("✗ broken"));
    assert_eq!(
        blastradius(&["run", "us-east-1-2025-10-20", "--markdown", "--json"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn a_night_without_decisions_scores_exactly_the_doing_nothing_reference() {
    for seed in ["1", "11"] {
        let out = blastradius(&["run", "us-east-1-2025-10-20", "--seed", seed, "--json"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            v["blast_radius"], v["references"]["nothing"],
            "seed {seed}: same night, same points"
        );
        assert_eq!(v["grade"], "D");
    }
}

#[test]
fn the_theme_is_one_of_the_named_ones() {
    for args in [&["play", "--theme", "sepia"][..], &["--theme", "sepia"][..]] {
        let out = blastradius(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(
            err.contains("high-contrast"),
            "the choices are shown: {err}"
        );
    }
    let help = text(&blastradius(&["play", "--help"]).stdout);
    assert!(help.contains("--theme"), "{help}");
}

#[test]
fn listings_and_summaries_read_cleanly() {
    // Columns line up whatever the longest id; counts are whole numbers; the timeline ends on the
    // night's last minute.
    let out = blastradius(&["list"]);
    let lines: Vec<String> = text(&out.stdout).lines().map(str::to_string).collect();
    assert!(lines.len() >= 2);
    let title_at = |l: &str| {
        l.find("  ")
            .map(|i| i + l[i..].len() - l[i..].trim_start().len())
    };
    let first = title_at(&lines[0]);
    assert!(lines.iter().all(|l| title_at(l) == first), "{lines:#?}");

    let out = blastradius(&["run", "us-east-1-2025-10-20", "--timeline", "30"]);
    let t = text(&out.stdout);
    assert!(
        t.lines().any(|l| l.starts_with("15:00 ")),
        "no final row:\n{t}"
    );
    // Its last row ends on the blast radius the summary gives, to the point (seeds 1, 2 and 7
    // differed by one: a rounded sum beside the sum of rounded parts).
    for seed in ["1", "2", "7"] {
        let args = ["run", "us-east-1-2025-10-20", "--seed", seed];
        let summary = text(&blastradius(&args).stdout);
        let said = summary
            .split("Blast radius ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .unwrap()
            .replace(',', "");
        let rows = text(&blastradius(&[&args[..], &["--timeline", "60"]].concat()).stdout);
        let last = rows.lines().find(|l| l.starts_with("15:00 ")).unwrap();
        assert_eq!(
            last.split_whitespace().last(),
            Some(said.as_str()),
            "{last}"
        );
    }
    // A zone a service does not run in is '-', not a count of 0, which reads as an outage (the
    // mini world's jobs run in zone a alone).
    let mini = text(&blastradius(&["run", "tests/fixtures/mini.ron", "--timeline", "60"]).stdout);
    let row = mini.lines().find(|l| l.starts_with("01:00 ")).unwrap();
    assert!(row.contains(" 4/4+0 ") && row.contains(" 1/-+0 "), "{mini}");
    for l in t
        .lines()
        .filter(|l| l.trim_end().ends_with(')') && l.contains("   ("))
    {
        let inside = &l[l.rfind('(').unwrap()..];
        assert!(!inside.contains('.'), "a fractional count: {l}");
    }
    // A timeline every 0 minutes is a usage error, not a row every minute.
    let zero = blastradius(&["run", "black-friday-card-gateway", "--timeline", "0"]);
    assert_eq!(zero.status.code(), Some(2), "{}", text(&zero.stderr));
    // The timeline counts work in the scenario's own words, its columns aligned under them.
    let out = blastradius(&["run", "black-friday-card-gateway", "--timeline", "60"]);
    let t = text(&out.stdout);
    let rows: Vec<&str> = t
        .lines()
        .filter(|l| l.starts_with("time ") || l.starts_with("1"))
        .collect();
    assert!(rows[0].starts_with("time   orders/min  fail%"), "{t}");
    let fail_col = rows[0].find("fail%").unwrap();
    for r in &rows[1..] {
        assert_eq!(r.find('%').map(|p| p + 1), Some(fail_col + 5), "{t}");
    }
}

#[test]
fn closed_pipes_full_disks_endless_files_and_no_terminal_are_each_one_clear_outcome() {
    let bin = env!("CARGO_BIN_EXE_blastradius");
    // A reader that stops early (| head): said once, exit 1 (the output is not all there), no
    // panic.
    let many: Vec<&str> = std::iter::repeat_n("scenarios/us-east-1-2025-10-20.ron", 1500).collect();
    let script = format!(
        "set -o pipefail; '{bin}' validate {} | head -c 10 > /dev/null",
        many.join(" ")
    );
    let out = std::process::Command::new("bash")
        .args(["-c", &script])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr).trim(),
        "blastradius: the reader closed the output early; the rest was not written"
    );

    // Output sent to a read-write /dev/null (Python's subprocess.DEVNULL) is written as asked:
    // it looks the same as a descriptor closed before the start, and is not taken for one.
    if Path::new("/dev/null").exists() {
        let null = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/null")
            .unwrap();
        let out = Command::new(bin).arg("list").stdout(null).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    }

    // A full disk is said once.
    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = std::process::Command::new(bin)
            .args(["run", "us-east-1-2025-10-20"])
            .stdout(full)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(
            err.contains("cannot write the output") && !err.contains("panicked"),
            "{err}"
        );
        // The same for `new`, whose file is written before it says so.
        let dir = std::env::temp_dir().join(format!("br-new-full-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("zz.ron");
        let full = || {
            std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap()
        };
        let out = std::process::Command::new(bin)
            .args(["new", "zz", "--output"])
            .arg(&file)
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert!(!text(&out.stderr).contains("panicked"));
        assert!(file.exists(), "the scenario was written");
        // A full standard error on an error path: the exit status still says it, no panic.
        for (args, status) in [(&["run", "nosuch"][..], 1), (&["new", "BAD_ID"][..], 2)] {
            let out = std::process::Command::new(bin)
                .args(args)
                .stderr(full())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(status), "{args:?}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    // A file that never ends is refused after a bounded read.
    if std::path::Path::new("/dev/zero").exists() {
        let out = blastradius(&["validate", "/dev/zero"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains("larger than 8 MiB"),
            "{}",
            text(&out.stderr)
        );
        let out = blastradius(&["run", "us-east-1-2025-10-20", "--script", "/dev/zero"]);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out.stderr).contains("larger than 8 MiB"));
    }

    // Output that is not a terminal gets one line pointing to the headless runner.
    let out = blastradius(&["play", "--seed", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("needs a terminal") && err.contains("blastradius run us-east-1-2025-10-20"),
        "{err}"
    );
    assert!(out.stdout.is_empty(), "nothing drawn into a pipe");
}

/// A scratch directory for one test, empty.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("blastradius-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(unix)]
#[test]
fn paths_that_are_not_utf8_or_hold_control_characters_are_read_and_shown_escaped() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt as _;
    let dir = scratch("paths");
    let flagship = std::fs::read("scenarios/us-east-1-2025-10-20.ron").unwrap();
    let odd = dir.join(OsStr::from_bytes(b"night-\xff\xfe.ron"));
    std::fs::write(&odd, &flagship).unwrap();
    let run = |args: &[&OsStr]| {
        Command::new(env!("CARGO_BIN_EXE_blastradius"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let o = |s: &'static str| OsStr::new(s);

    // validate, run and play all take it (play then only refuses a pipe for a terminal).
    let v = run(&[o("validate"), odd.as_os_str()]);
    assert_eq!(v.status.code(), Some(0), "{}", text(&v.stderr));
    assert!(
        text(&v.stdout).contains("night-\\xff\\xfe.ron: ok"),
        "{}",
        text(&v.stdout)
    );
    let r = run(&[o("run"), odd.as_os_str(), o("--json")]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    let p = run(&[o("play"), odd.as_os_str()]);
    assert!(
        text(&p.stderr).contains("needs a terminal"),
        "{}",
        text(&p.stderr)
    );
    let e = run(&[
        o("evaluate"),
        odd.as_os_str(),
        o("--seeds"),
        o("1"),
        o("--policy"),
        o("nothing"),
    ]);
    assert_eq!(e.status.code(), Some(0), "{}", text(&e.stderr));

    // A name with a newline and an escape sequence: every message stays one line, escaped.
    let nasty = dir.join("bad\nname\x1b[31m.ron");
    std::fs::write(&nasty, "Scenario(").unwrap();
    let script = dir.join("script\n\x1b[2J.ron");
    std::fs::write(&script, "[(at: \"0:05\", action: \"nope\")]").unwrap();
    let missing = dir.join("gone\n.ron");
    for (args, status) in [
        (vec![o("validate"), nasty.as_os_str()], 1),
        (vec![o("run"), nasty.as_os_str()], 1),
        (vec![o("play"), nasty.as_os_str()], 1),
        (vec![o("run"), missing.as_os_str()], 1),
        (
            vec![
                o("run"),
                o("us-east-1-2025-10-20"),
                o("--script"),
                script.as_os_str(),
            ],
            1,
        ),
        (
            vec![
                o("run"),
                o("us-east-1-2025-10-20"),
                o("--script"),
                missing.as_os_str(),
            ],
            1,
        ),
        (
            vec![
                o("evaluate"),
                o("us-east-1-2025-10-20"),
                o("--policy"),
                script.as_os_str(),
            ],
            1,
        ),
        (
            vec![
                o("play"),
                o("--record"),
                OsStr::from_bytes(b"/no/such\n\xff/x.ron"),
            ],
            1,
        ),
    ] {
        let out = run(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(status), "{args:?}: {err}");
        assert!(
            !err.contains('\x1b') && !err.contains("panicked"),
            "{args:?}: {err:?}"
        );
        assert!(!err.trim_end().is_empty(), "{args:?}");
        for line in err.lines() {
            assert!(
                line.contains("\\n")
                    && (line.contains(":1:")
                        || line.contains(": cannot record")
                        || line.contains(": no built-in scenario or file")),
                "{args:?}: one line per problem, the name escaped: {line:?}"
            );
        }
    }
    let err = text(
        &run(&[
            o("run"),
            o("us-east-1-2025-10-20"),
            o("--script"),
            script.as_os_str(),
        ])
        .stderr,
    );
    assert_eq!(
        err.lines().count(),
        2,
        "both problems, each on one line: {err:?}"
    );
    assert!(err.contains("script\\n\\u{1b}[2J.ron:1:"), "{err:?}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_record_file_is_claimed_only_when_new_or_empty_and_refused_with_the_real_reason() {
    let dir = scratch("record");
    let mine = dir.join("mine.ron");
    std::fs::write(&mine, "my notes").unwrap();
    let out = blastradius(&["play", "--record", mine.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("is not empty") && err.contains("nothing was overwritten"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "my notes");

    let out = blastradius(&["play", "--record", dir.to_str().unwrap()]);
    assert!(
        text(&out.stderr).contains("is a directory"),
        "{}",
        text(&out.stderr)
    );

    // Claimed, then given back when there is no terminal to play on: a new file is removed, an
    // empty one stays empty.
    let new = dir.join("new.ron");
    let out = blastradius(&["play", "--record", new.to_str().unwrap()]);
    assert!(
        text(&out.stderr).contains("needs a terminal"),
        "{}",
        text(&out.stderr)
    );
    assert!(!new.exists());
    let empty = dir.join("empty.ron");
    std::fs::write(&empty, "").unwrap();
    let out = blastradius(&["play", "--record", empty.to_str().unwrap()]);
    assert!(
        text(&out.stderr).contains("needs a terminal"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&empty).unwrap(), "");

    if std::path::Path::new("/dev/full").exists() {
        let out = blastradius(&["play", "--record", "/dev/full"]);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert_eq!(
            err.trim_end(),
            "/dev/full: cannot record the night: No space left on device"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_hostile_scenario_is_refused_quickly_with_located_size_limits() {
    let dir = scratch("hostile");
    let mini = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
    // A 1 MB line said every minute of the night: over a GB held by one night, were it played.
    let huge = "x".repeat(1_000_000);
    let beat = format!(
        "beats: [(id: \"spam\", channel: Chat, from: \"x\", text: \"{huge}\", when: After(\"00:01\"), repeat_minutes: 1)],"
    );
    let one = dir.join("huge-beat.ron");
    std::fs::write(&one, mini.replace("beats: [],", &beat)).unwrap();
    // Many beats, each short but said every minute.
    let many: Vec<String> = (0..1500)
        .map(|i| {
            format!(
                "(id: \"b{i}\", channel: Chat, from: \"x\", text: \"{}\", when: After(\"00:01\"), repeat_minutes: 1)",
                "y".repeat(1900)
            )
        })
        .collect();
    let lots = dir.join("many-beats.ron");
    std::fs::write(
        &lots,
        mini.replace("beats: [],", &format!("beats: [{}],", many.join(",\n"))),
    )
    .unwrap();

    let started = std::time::Instant::now();
    for (file, wants) in [
        (
            &one,
            vec![
                "text is 1000000 characters long; at most 2000",
                "MiB of text in one night",
            ],
        ),
        (
            &lots,
            vec!["at most 1000 beats", "MiB of text in one night"],
        ),
    ] {
        let name = file.to_str().unwrap();
        for args in [vec!["validate", name], vec!["run", name, "--json"]] {
            let out = blastradius(&args);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(out.stdout.is_empty());
            for want in &wants {
                assert!(err.contains(want), "{args:?} says {want:?}: {err}");
            }
            for line in err.lines() {
                let rest = line.strip_prefix(&format!("{name}:")).expect("located");
                let mut parts = rest.splitn(3, ':');
                let (l, c) = (parts.next().unwrap(), parts.next().unwrap());
                assert!(
                    l.parse::<usize>().unwrap() > 1 && c.parse::<usize>().is_ok(),
                    "{line}"
                );
            }
        }
    }
    assert!(
        started.elapsed().as_secs() < 30,
        "refused without playing the night"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn validate_checks_scripts_against_a_scenario() {
    let ok = blastradius(&[
        "validate",
        "us-east-1-2025-10-20",
        "--script",
        "tests/fixtures/scripts/panic.ron",
    ]);
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    assert!(text(&ok.stdout).contains("panic.ron: ok — 10 decisions for us-east-1-2025-10-20"));
    let bad = blastradius(&[
        "validate",
        "us-east-1-2025-10-20",
        "--script",
        "tests/fixtures/scripts/panic.ron",
        "--script",
        "tests/fixtures/invalid-scripts/many-problems.ron",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let err = text(&bad.stderr);
    assert_eq!(err.lines().count(), 6, "{err}");
    assert!(
        err.contains("many-problems.ron:9:27: unknown action \"freez_cicd\""),
        "{err}"
    );
    let two = blastradius(&["validate", "a.ron", "b.ron", "--script", "x.ron"]);
    assert_eq!(two.status.code(), Some(2));
}

#[test]
fn new_writes_a_playable_balanced_skeleton_and_never_overwrites() {
    let dir = scratch("new");
    let file = dir.join("storage-night.ron");
    let path = file.to_str().unwrap();
    let out = blastradius(&["new", "storage-night", "--output", path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("validate --explain"));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("id: \"storage-night\""));

    let valid = blastradius(&["validate", path]);
    assert_eq!(valid.status.code(), Some(0), "{}", text(&valid.stderr));
    assert!(
        !text(&valid.stdout).contains("note:"),
        "written in the current format"
    );
    let night = blastradius(&["run", path, "--expert"]);
    assert_eq!(night.status.code(), Some(0), "{}", text(&night.stderr));
    let check = blastradius(&["evaluate", path, "--check", "--seeds", "1..=6"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "the skeleton is balanced as written: {}{}",
        text(&check.stdout),
        text(&check.stderr)
    );

    // Again: refused, and the file is as it was.
    std::fs::write(&file, "my own work").unwrap();
    let again = blastradius(&["new", "storage-night", "--output", path]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("not written"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my own work");

    let bad = blastradius(&["new", "Storage Night"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("cannot be a scenario id"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn validate_tells_scripts_from_scenarios_by_their_shape() {
    let both = blastradius(&[
        "validate",
        "us-east-1-2025-10-20",
        "tests/fixtures/scripts/panic.ron",
    ]);
    assert_eq!(both.status.code(), Some(0), "{}", text(&both.stderr));
    let out = text(&both.stdout);
    assert!(out.contains("us-east-1-2025-10-20: ok"), "{out}");
    assert!(out.contains("panic.ron: ok — 10 decisions"), "{out}");
    let alone = blastradius(&["validate", "tests/fixtures/scripts/panic.ron"]);
    assert_eq!(alone.status.code(), Some(2));
    assert!(text(&alone.stderr).contains("is a script: give the one scenario it is for"));
    let bad = blastradius(&[
        "validate",
        "us-east-1-2025-10-20",
        "tests/fixtures/invalid-scripts/many-problems.ron",
    ]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        text(&bad.stderr).lines().count(),
        6,
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn a_file_without_a_format_loads_and_is_told_what_format_2_added() {
    let dir = scratch("format");
    let old = dir.join("old.ron");
    let src = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
    std::fs::write(&old, src.replacen("    format: 2,\n", "", 1)).unwrap();
    let out = blastradius(&["validate", old.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let note = text(&out.stdout);
    assert!(note.contains("note: written for format 1"), "{note}");
    assert!(note.contains("Add `format: 2,`"), "{note}");
    assert!(note.contains("`status_pages`"), "{note}");
    let run = blastradius(&["run", old.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(0), "an old file still plays");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn validate_explain_prints_the_graph_and_the_timeline() {
    let out = blastradius(&["validate", "--explain", "us-east-1-2025-10-20"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    insta::assert_snapshot!("explain_flagship", text(&out.stdout));
    let media = blastradius(&["validate", "--explain", "tests/fixtures/media-storage.ron"]);
    let m = text(&media.stdout);
    for want in [
        "fed by Upload API (upload) (1 job(s) per request it succeeded at the minute before), holds 3000 (more is lost)",
        "a cache can answer stale; replica: Object storage (west replica) (objects-west)",
        "fails open above 25% unhealthy",
        "change nightly (pipeline)",
        "Nimbus Health (nimbus): covers objects, vm, fn, lb; posts by itself 20 min after a change",
        "[launches] caused by storage",
    ] {
        assert!(m.contains(want), "{want}\n{m}");
    }
}

/// Every figure a person reads has thousands separators, the summary's score and references
/// included, as the spreads beside them do.
#[test]
fn the_summary_reads_its_figures_with_separators() {
    let out = blastradius(&["run", "us-east-1-2025-10-20", "--expert", "--seed", "1"]);
    let t = text(&out.stdout);
    let line = t.lines().nth(1).unwrap();
    assert!(line.starts_with("Blast radius "), "{t}");
    for word in line.split([' ', ',', '(', ')']) {
        let digits = word.chars().filter(char::is_ascii_digit).count();
        assert!(digits <= 3, "a figure without separators: {line}");
    }
}

/// A file that can be read only once (standard input, a pipe, a FIFO) is validated from that one
/// read, as `run` reads it: scenarios and scripts alike.
#[test]
fn validate_reads_each_file_once() {
    use std::io::Write as _;
    if !Path::new("/dev/stdin").exists() {
        eprintln!("skipped: this system has no /dev/stdin");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_blastradius");
    let src = std::fs::read("scenarios/dns-plan-race.ron").unwrap();
    for (args, input, want) in [
        (
            &["validate", "/dev/stdin"][..],
            src.clone(),
            "/dev/stdin: ok — dns-plan-race",
        ),
        (
            &["validate", "dns-plan-race", "/dev/stdin"][..],
            br#"[(at: "23:55", action: "open_bridge")]"#.to_vec(),
            "/dev/stdin: ok — 1 decision for dns-plan-race",
        ),
    ] {
        let mut child = std::process::Command::new(bin)
            .args(args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(text(&out.stdout).contains(want), "{}", text(&out.stdout));
    }
}

#[test]
fn a_role_a_terminal_must_not_be_given_is_refused_before_the_night() {
    let out = blastradius(&["tabletop", "--role", "IC", "--role", "a\u{1b}[2Jb"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("control character \\u{1b}"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // A blank role is refused, not dropped unsaid.
    let out = blastradius(&["tabletop", "--role", "IC", "--role", " "]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a role needs a name"), "{err}");
}

#[test]
fn outside_a_terminal_play_names_a_scenario_file_as_the_command_to_run_it() {
    let dir = std::env::temp_dir().join(format!("br-cli-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("mine.ron");
    std::fs::copy("scenarios/dns-plan-race.ron", &file).unwrap();
    let out = blastradius(&["play", file.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("blastradius run /") && err.contains("mine.ron"),
        "{err}"
    );
}

#[test]
fn an_unknown_policy_word_lists_the_policies() {
    let out = blastradius(&[
        "evaluate",
        "dns-plan-race",
        "--policy",
        "bogus",
        "--seeds",
        "2",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("expert, nothing, panicky, random"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn a_script_with_two_scenarios_says_they_are_checked_one_at_a_time() {
    let out = blastradius(&[
        "validate",
        "scenarios/dns-plan-race.ron",
        "scenarios/peak-sort-gray-zone.ron",
        "tests/fixtures/scripts/backoff-only.ron",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("2 scenarios were given"), "{err}");
}

/// A part of the blast radius held at the most it can count (weights within the limits, but huge)
/// is said, not shown as if it were a measurement, and `evaluate --check` fails on it.
#[test]
fn a_part_held_at_its_cap_is_said_and_fails_the_check() {
    let mini = std::fs::read_to_string("tests/fixtures/mini.ron").unwrap();
    let huge = mini
        .replacen(
            "faults: [],",
            r#"faults: [(id: "f", target: "db", from: "00:10", until: "02:00", health: 0.0)],"#,
            1,
        )
        .replacen(
            "failed_transaction: 1.0,",
            "failed_transaction: 1000000000.0,",
            1,
        );
    assert_ne!(huge, mini);
    assert!(
        huge.contains("failed_transaction: 1000000000.0"),
        "mini's weight moved"
    );
    let dir = scratch("cap");
    let file = dir.join("huge.ron");
    std::fs::write(&file, huge).unwrap();
    let f = file.to_str().unwrap();
    let out = blastradius(&["run", f, "--seed", "1"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stdout).contains("reached the most a part can hold (10^12 points)"),
        "{}",
        text(&out.stdout)
    );
    let out = blastradius(&["evaluate", f, "--seeds", "2", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("nights reach the most a part of the blast radius can hold")
    );
    let _ = std::fs::remove_dir_all(&dir);
}
