//! The nights kept, from the command line: `nights` lists them, `resume` and `replay` refuse what
//! they cannot play faithfully (a changed scenario, a night already over, a broken log) with one
//! clear message and a non-zero status, before touching the terminal.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use blastradius::scenario;
use blastradius::session::nightlog::{Mode, NightLog};
use blastradius::session::{Script, Session};

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("blastradius-nights-{}-{name}", std::process::id()));
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

/// A night of the flagship kept in `data`: the expert's decisions up to `minutes`.
fn keep(data: &Path, name: &str, seed: u64, minutes: u32) -> PathBuf {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let expert = Script::expert(&s);
    let mut night = Session::new(s.clone(), seed);
    let before: Vec<_> = expert
        .in_order(&s)
        .into_iter()
        .filter(|e| s.minute_of(e.at) < minutes)
        .collect();
    night.play_entries(&before);
    night.run_until(minutes);
    let mut log = NightLog::new(&s, None, seed, Mode::Play);
    log.update(&night);
    let path = data.join("nights").join(name);
    std::fs::write(&path, log.to_text(&s)).unwrap();
    path
}

#[test]
fn nights_lists_every_kept_night_and_says_which_cannot_be_read() {
    let data = scratch("list");
    let empty = blastradius(&data, &["nights"]);
    assert_eq!(empty.status.code(), Some(0));
    assert!(
        text(&empty.stdout).contains("No nights kept"),
        "{}",
        text(&empty.stdout)
    );
    keep(&data, "2026-11-01-120000-a-seed3.night.ron", 3, 90);
    keep(&data, "2026-11-02-120000-b-seed4.night.ron", 4, 2000);
    std::fs::write(data.join("nights/2026-11-03-broken.night.ron"), "(format: ").unwrap();
    let out = blastradius(&data, &["nights"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let listed = text(&out.stdout);
    assert!(
        listed.contains("seed 3: left at 01:13, 20 inputs"),
        "{listed}"
    );
    assert!(listed.contains("seed 4: played to the end"), "{listed}");
    assert!(
        listed.contains("2026-11-03-broken.night.ron\n      cannot be read"),
        "{listed}"
    );
    let a = listed.find("seed 3").unwrap();
    let b = listed.find("seed 4").unwrap();
    assert!(a < b, "oldest first: {listed}");
}

#[test]
fn a_night_whose_scenario_changed_is_refused_with_the_reason() {
    let data = scratch("changed");
    let path = keep(&data, "n.night.ron", 5, 60);
    let kept = std::fs::read_to_string(&path).unwrap();
    let hash = kept
        .lines()
        .find(|l| l.contains("scenario_hash"))
        .unwrap()
        .to_string();
    std::fs::write(
        &path,
        kept.replace(&hash, "    scenario_hash: \"0123456789abcdef\","),
    )
    .unwrap();
    // Said at the hash the log holds.
    let line = kept.lines().position(|l| l == hash).unwrap() + 1;
    let at = format!("{}:{line}:20: ", path.display());
    for cmd in ["resume", "replay", "report"] {
        let out = blastradius(&data, &[cmd, path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let err = text(&out.stderr);
        assert!(
            err.starts_with(&at) && err.contains("has changed since this night was played"),
            "{cmd}: {err}"
        );
    }

    // A scenario this program does not have is said at its id.
    let path = keep(&data, "u.night.ron", 5, 60);
    let kept = std::fs::read_to_string(&path).unwrap();
    let id = format!("    scenario: \"{}\",", scenario::FLAGSHIP);
    let line = kept.lines().position(|l| l == id).unwrap() + 1;
    std::fs::write(&path, kept.replace(&id, "    scenario: \"no-such-night\",")).unwrap();
    let out = blastradius(&data, &["report", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!("{}:{line}:15: ", path.display()))
            && err.contains("\"no-such-night\", which this program does not have built in"),
        "{err}"
    );
}

#[test]
fn a_finished_night_is_not_resumed_and_an_unknown_one_is_not_found() {
    let data = scratch("finished");
    let path = keep(&data, "done.night.ron", 2, 5000);
    let out = blastradius(&data, &["resume", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("played to its end; play it back with: blastradius replay"));

    let out = blastradius(&data, &["resume", "no-such.night.ron"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no such night log"),
        "{}",
        text(&out.stderr)
    );

    let out = blastradius(&data, &["replay", "done.night.ron", "--until", "25:99"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--until"),
        "{}",
        text(&out.stderr)
    );

    // Found by its name in the nights directory, and by `last`; without a terminal, refused,
    // naming the command refused and pointing to the night's report (not to a night of nobody
    // acting on another seed).
    let shown = path.to_str().unwrap();
    for name in ["done.night.ron", "last"] {
        let out = blastradius(&data, &["replay", name]);
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(
            err.contains("blastradius replay needs a terminal")
                && err
                    .trim_end()
                    .ends_with(&format!("blastradius report {shown}"))
                && !err.contains("blastradius run"),
            "{err}"
        );
    }
    let left = keep(&data, "left.night.ron", 2, 60);
    // A replay asked to go past where the night was left says it stops there.
    let out = blastradius(
        &data,
        &["replay", left.to_str().unwrap(), "--until", "03:00"],
    );
    assert!(
        text(&out.stderr).contains(
            "note: this night was left at 00:43; the replay stops there, before --until 03:00"
        ),
        "{}",
        text(&out.stderr)
    );
    let out = blastradius(&data, &["resume", left.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("blastradius resume needs a terminal")
            && err.contains(&format!("blastradius report {}", left.display())),
        "{err}"
    );
}

#[test]
fn a_broken_log_is_refused_at_its_line_and_column() {
    let data = scratch("broken");
    let path = keep(&data, "b.night.ron", 1, 60);
    let kept = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, kept.replacen("\"freeze_cicd\"", "\"freez_cicd\"", 1)).unwrap();
    let kept = std::fs::read_to_string(&path).unwrap();
    assert!(
        kept.contains("freez_cicd"),
        "the expert froze CI/CD in the first hour"
    );
    let out = blastradius(&data, &["resume", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let line = kept.lines().position(|l| l.contains("freez_cicd")).unwrap() + 1;
    assert!(
        err.contains(&format!("b.night.ron:{line}:")) && err.contains("did you mean freeze_cicd"),
        "{err}"
    );
}

/// A log whose header holds a control character (an escape sequence in the program's version)
/// or a decision after where the night was left is refused at its line, never printed raw or
/// replayed; the file is left as it was.
#[test]
fn a_log_with_an_escape_or_a_decision_past_its_end_is_refused() {
    let data = scratch("hostile");
    let path = keep(&data, "h.night.ron", 1, 60);
    let kept = std::fs::read_to_string(&path).unwrap();
    let program = kept
        .lines()
        .find(|l| l.trim_start().starts_with("program:"))
        .unwrap()
        .to_string();
    let escaped = kept.replacen(&program, "    program: \"99.0.0\\u{1b}[2J\",", 1);
    std::fs::write(&path, &escaped).unwrap();
    for cmd in ["resume", "report"] {
        let out = blastradius(&data, &[cmd, path.to_str().unwrap()]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{cmd}: {err}");
        assert!(
            !err.contains('\x1b') && !text(&out.stdout).contains('\x1b'),
            "{cmd}"
        );
        assert!(err.contains("control character"), "{cmd}: {err}");
    }
    assert_eq!(std::fs::read_to_string(&path).unwrap(), escaped);

    let reached = kept
        .lines()
        .find(|l| l.trim_start().starts_with("reached:"))
        .unwrap()
        .to_string();
    std::fs::write(&path, kept.replacen(&reached, "    reached: 3,", 1)).unwrap();
    let out = blastradius(&data, &["report", path.to_str().unwrap()]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("comes after where the night was left"),
        "{err}"
    );
}

/// What a person types during a night (a note, an owner, an inject) is kept without what a
/// terminal must not be given, so the record and the night log read back: a reordering mark or
/// an escape typed into a note once made the whole night unreadable.
#[test]
fn typed_text_is_kept_so_that_it_reads_back() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let mut night = Session::new(s.clone(), 9);
    night.run_until(10);
    let act = blastradius::session::ActionRef::resolve(&s, "escalate_severity", None).unwrap();
    night.act_as(
        act,
        Some("note \u{202e} reversed \u{2066}x"),
        Some("IC\u{1b}[2J"),
    );
    night.inject_typed("CEO\u{202e}", "where are we?\u{7}");
    night.run_until(20);
    let log = night.log();
    assert_eq!(log[0].note.as_deref(), Some("note  reversed x"));
    assert_eq!(log[0].owner.as_deref(), Some("IC[2J"));
    assert_eq!(night.injects()[0].from, "CEO");
    let text = blastradius::session::record_of(&night).to_ron("a header");
    let back = Script::parse("night.ron", &text, &s).unwrap_or_else(|d| panic!("{d}\n{text}"));
    let replay = blastradius::session::run(s.clone(), 9, &back);
    assert_eq!(replay.log()[0].note, log[0].note);
}

#[test]
fn a_night_whose_scenario_file_is_gone_says_which_log_named_it() {
    let data = scratch("gone");
    let file = data.join("my-outage.ron");
    std::fs::copy("tests/fixtures/mini.ron", &file).unwrap();
    let s = Arc::new(scenario::load_path(&file).unwrap());
    let mut night = Session::new(s.clone(), 3);
    night.run_until(30);
    let mut log = NightLog::new(&s, Some(file.display().to_string()), 3, Mode::Play);
    log.update(&night);
    let path = data.join("nights").join("gone.night.ron");
    let kept = log.to_text(&s);
    std::fs::write(&path, &kept).unwrap();
    std::fs::remove_file(&file).unwrap();
    let line = kept
        .lines()
        .position(|l| l.contains("scenario_file"))
        .unwrap()
        + 1;
    for cmd in ["report", "replay"] {
        let out = blastradius(&data, &[cmd, path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        let err = text(&out.stderr);
        assert!(
            err.starts_with(&format!(
                "{}:{line}:20: the scenario file it was played on, {}, cannot be read: ",
                path.display(),
                file.display()
            )) && err.lines().count() == 1,
            "{cmd}: {err}"
        );
    }
}

#[test]
fn last_is_the_night_written_last_that_can_be_read_whatever_the_names() {
    use std::time::{Duration, SystemTime};
    let data = scratch("last");
    let day = |d: u64| SystemTime::UNIX_EPOCH + Duration::from_secs(1_790_000_000 + d * 86_400);
    let touch = |p: &Path, t: SystemTime| {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(t)
            .unwrap();
    };
    // Played first, and last: the name says when a night started, not when it was played.
    let older = keep(&data, "2026-11-02-120000-older-seed3.night.ron", 3, 60);
    touch(&older, day(1));
    let played = keep(&data, "2026-11-01-120000-played-seed4.night.ron", 4, 60);
    touch(&played, day(2));
    // Written since, and named to sort last, but broken or no longer playable.
    let broken = data.join("nights/9999-zz-trunc.night.ron");
    std::fs::write(&broken, "(format: 1, program: ").unwrap();
    touch(&broken, day(3));
    let shared = keep(&data, "shared.night.ron", 5, 60);
    let kept = std::fs::read_to_string(&shared).unwrap();
    let hash = kept.lines().find(|l| l.contains("scenario_hash")).unwrap();
    std::fs::write(
        &shared,
        kept.replace(hash, "    scenario_hash: \"0123456789abcdef\","),
    )
    .unwrap();
    touch(&shared, day(4));

    let out = blastradius(&data, &["report", "last", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["seed"], 4, "the night played last");
    let err = text(&out.stderr);
    assert!(
        err.contains("9999-zz-trunc.night.ron, written since, cannot be read")
            && err.contains("shared.night.ron, written since, cannot be read"),
        "{err}"
    );

    // Nothing that reads: said so.
    std::fs::remove_file(&older).unwrap();
    std::fs::remove_file(&played).unwrap();
    let out = blastradius(&data, &["report", "last"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("none of the nights kept in"),
        "{}",
        text(&out.stderr)
    );
}

/// A night played on a scenario file is listed in that night's own clock, as a built-in one is
/// ("left at 00:30", "played to the end"), not in minutes.
#[test]
fn nights_on_a_scenario_file_say_where_they_were_left_in_its_clock() {
    let data = scratch("file-clock");
    let file = data.join("mini.ron");
    std::fs::copy("tests/fixtures/mini.ron", &file).unwrap();
    let s = Arc::new(scenario::load_path(&file).unwrap());
    for (name, minutes) in [
        ("2026-11-01-a.night.ron", 30),
        ("2026-11-02-b.night.ron", 5000),
    ] {
        let mut night = Session::new(s.clone(), 2);
        night.run_until(minutes);
        let mut log = NightLog::new(&s, Some(file.display().to_string()), 2, Mode::Play);
        log.update(&night);
        std::fs::write(data.join("nights").join(name), log.to_text(&s)).unwrap();
    }
    let listed = text(&blastradius(&data, &["nights"]).stdout);
    assert!(listed.contains("seed 2: left at 00:30"), "{listed}");
    assert!(listed.contains("seed 2: played to the end"), "{listed}");
    assert!(!listed.contains("minutes in"), "{listed}");
}
