//! The real binary in a pseudo-terminal: start a night, see the clock, take `freeze_cicd` through
//! the palette, see it on screen, then leave (Ctrl-C, or a signal: SIGINT, SIGQUIT, SIGTERM,
//! SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ, SIGABRT) and check the
//! exit status and that the terminal was given back (the alternate screen left exactly once, raw
//! mode off, the cursor shown); stop (SIGTSTP) and continue (SIGCONT);
//! and a record file that holds every decision whatever ends the night.

#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ENTER_ALT: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const WAIT: Duration = Duration::from_secs(15);

struct Game {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Arc<Mutex<Vec<u8>>>,
    screen: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn MasterPty + Send>,
    /// Where this game keeps its nights (never the player's own data directory).
    data: std::path::PathBuf,
}

/// A game a failed test leaves behind is ended, not left running.
impl Drop for Game {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
        }
    }
}

/// A fresh directory for one test's kept nights.
fn scratch(name: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "blastradius-pty-{}-{name}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Game {
    fn start(args: &[&str]) -> Game {
        Game::start_in(args, &scratch("data"))
    }

    /// Start the game keeping its nights in `data`.
    fn start_in(args: &[&str], data: &std::path::Path) -> Game {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 120,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_blastradius"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        cmd.env("BLASTRADIUS_DATA_DIR", data);
        let child = pty.slave.spawn_command(cmd).expect("the game starts");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let writer = pty.master.take_writer().expect("a writer");
        let output = Arc::new(Mutex::new(Vec::new()));
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(40).unwrap(),
            NonZeroU16::new(120).unwrap(),
            0,
        )));
        let (out, scr) = (output.clone(), screen.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                out.lock().unwrap().extend_from_slice(&buf[..n]);
                scr.lock().unwrap().process(&buf[..n]);
            }
        });
        Game {
            child,
            writer,
            output,
            screen,
            _master: pty.master,
            data: data.to_path_buf(),
        }
    }

    /// The night logs this game's directory holds, oldest first.
    fn nights(&self) -> Vec<std::path::PathBuf> {
        let mut v: Vec<_> = std::fs::read_dir(self.data.join("nights"))
            .map(|r| {
                r.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.to_string_lossy().ends_with(".night.ron"))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// Wait until the screen shows `text`; fail with the screen if it never does.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the screen never showed {text:?}:\n{}", self.contents());
    }

    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("a pid").to_string();
        let ok = std::process::Command::new("kill")
            .args([name, &pid])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill {name} {pid}");
    }

    /// Wait for the process to end; its exit code.
    fn exit(&mut self) -> u32 {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader drain what the process wrote last.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the game did not exit:\n{}", self.contents());
    }

    /// Wait until `done` holds; fail with the screen if it never does.
    fn wait_until(&self, what: &str, done: impl Fn(&Game) -> bool) {
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            if done(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("never: {what}:\n{}", self.contents());
    }

    /// Whether the terminal is in raw mode (no line editing): read from the pty's settings.
    fn raw(&self) -> bool {
        let termios = format!("{:?}", self._master.get_termios().expect("termios"));
        !termios.contains("ICANON")
    }

    /// The terminal as the player had it: line editing back, the main screen, the cursor shown.
    fn assert_restored(&self, when: &str) {
        assert!(!self.raw(), "{when}: raw mode left");
        let parser = self.screen.lock().unwrap();
        assert!(!parser.screen().alternate_screen(), "{when}: main screen");
        assert!(!parser.screen().hide_cursor(), "{when}: cursor shown");
    }

    /// The process's state letter from /proc (`T` when stopped).
    #[cfg(target_os = "linux")]
    fn state(&self) -> Option<char> {
        let pid = self.child.process_id()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        stat.rsplit(')').next()?.trim_start().chars().next()
    }

    fn count(&self, needle: &[u8]) -> usize {
        self.output
            .lock()
            .unwrap()
            .windows(needle.len())
            .filter(|w| *w == needle)
            .count()
    }
}

/// Open the palette, find `freeze_cicd` by typing, and choose it.
fn choose_freeze_cicd(g: &mut Game) {
    g.send(b":");
    g.wait_for("Take an action");
    g.send(b"freeze");
    g.wait_for("freeze_cicd");
    g.send(b"\r");
}

/// Take `freeze_cicd` through the palette and see it under way (the on-call says so in the
/// channel).
fn take_freeze_cicd(g: &mut Game) {
    choose_freeze_cicd(g);
    g.wait_for("Freeze CI/CD: started");
}

#[test]
fn play_freeze_cicd_and_ctrl_c() {
    let mut g = Game::start(&["play", "--seed", "7"]);
    g.wait_for("Sun 23:4");
    g.wait_for("seed 7");
    take_freeze_cicd(&mut g);
    g.send(b"\x03");
    assert_eq!(g.exit(), 0, "Ctrl-C quits with status 0");
    assert_eq!(g.count(ENTER_ALT), 1, "entered the alternate screen once");
    assert_eq!(
        g.count(LEAVE_ALT),
        1,
        "left the alternate screen exactly once"
    );
}

#[test]
fn no_arguments_play_the_flagship_with_a_seed_shown_and_quitting_asks_first() {
    let mut g = Game::start(&[]);
    g.wait_for("seed ");
    g.wait_for("PDT");
    g.send(b"q");
    g.wait_for("Leave this night?");
    g.send(b"y");
    assert_eq!(g.exit(), 0);
    assert_eq!(g.count(LEAVE_ALT), 1);
}

#[test]
fn every_ending_signal_restores_the_terminal_and_exits_non_zero() {
    for (sig, code) in [
        ("-INT", 130),
        ("-QUIT", 131),
        ("-TERM", 143),
        ("-HUP", 129),
        ("-USR1", 138),
        ("-USR2", 140),
        ("-ALRM", 142),
        ("-VTALRM", 154),
        ("-PROF", 155),
        ("-XCPU", 152),
        ("-XFSZ", 153),
        ("-ABRT", 134),
    ] {
        let mut g = Game::start(&["play", "--seed", "5", "--speed", "1"]);
        g.wait_for("seed 5");
        g.send(b" ");
        g.wait_for("PAUSED");
        assert!(g.raw(), "{sig}: the game runs in raw mode");
        g.signal(sig);
        assert_eq!(g.exit(), code, "{sig}");
        // Where the night stood is said as leaving says it, then where it is kept.
        g.wait_for("Night us-east-1-2025-10-20, seed 5: left at 23:");
        g.wait_for("with a blast radius of");
        assert_eq!(
            g.count(LEAVE_ALT),
            1,
            "{sig} left the alternate screen once"
        );
        g.assert_restored(sig);
    }
}

#[test]
fn sigtstp_gives_the_terminal_back_while_stopped_and_sigcont_takes_it_again() {
    let mut g = Game::start(&["play", "--seed", "6", "--speed", "1"]);
    g.wait_for("seed 6");
    g.send(b" ");
    g.wait_for("PAUSED");
    g.signal("-TSTP");
    g.wait_until("the terminal is given back", |g| g.count(LEAVE_ALT) == 1);
    g.assert_restored("SIGTSTP");
    #[cfg(target_os = "linux")]
    g.wait_until("the process stops", |g| g.state() == Some('T'));

    g.signal("-CONT");
    g.wait_until("the alternate screen again", |g| g.count(ENTER_ALT) == 2);
    // Drawn whole again (the alternate screen starts blank), in raw mode: a key answers at once.
    g.wait_for("seed 6");
    assert!(g.raw(), "raw mode again");
    assert!(
        g.screen.lock().unwrap().screen().hide_cursor(),
        "the cursor hidden again"
    );
    g.send(b"?");
    g.wait_for("Help");
    g.send(b"\x1b");
    g.send(b"\x03");
    assert_eq!(g.exit(), 0);
    assert_eq!(g.count(LEAVE_ALT), 2);
    g.assert_restored("leaving after a stop");
}

#[test]
fn the_high_contrast_theme_plays() {
    let mut g = Game::start(&["play", "--seed", "3", "--theme", "high-contrast"]);
    g.wait_for("seed 3");
    g.send(b"?");
    g.wait_for("Help");
    g.send(b"\x03");
    assert_eq!(g.exit(), 0);
    assert_eq!(g.count(LEAVE_ALT), 1);
}

#[test]
fn a_seed_without_a_command_plays_the_flagship_with_that_seed() {
    let mut g = Game::start(&["--seed", "4242", "--speed", "10"]);
    g.wait_for("seed 4242");
    g.wait_for("10×");
    g.send(b"\x03");
    assert_eq!(g.exit(), 0);
    assert_eq!(g.count(LEAVE_ALT), 1);
}

/// A night of a scenario file, recorded: the debrief command said on leaving names the file (a
/// built-in id would not be found).
#[test]
fn the_debrief_command_for_a_recorded_file_night_names_the_file() {
    let dir = std::env::temp_dir().join(format!("blastradius-record-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let record = dir.join("mini-night.ron");
    let mini = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini.ron");
    let mut g = Game::start(&[
        "play",
        mini,
        "--seed",
        "7",
        "--record",
        record.to_str().unwrap(),
    ]);
    g.wait_for("seed 7");
    g.send(b"\x03");
    assert_eq!(g.exit(), 0);
    let said = g.contents();
    assert!(
        said.contains(&format!("Debrief: blastradius run {mini} --seed 7")),
        "{said}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_recorded_night_replays_and_an_existing_file_is_never_overwritten() {
    let dir = std::env::temp_dir().join(format!("blastradius-record-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("night.ron");
    let file = path.to_str().unwrap();

    let mut g = Game::start(&["play", "--seed", "7", "--record", file]);
    g.wait_for("seed 7");
    take_freeze_cicd(&mut g);
    g.send(b"\x03");
    assert_eq!(g.exit(), 0);
    assert!(
        g.contents().contains("Your decisions are in"),
        "{}",
        g.contents()
    );

    let recorded = std::fs::read_to_string(&path).expect("the decisions were saved");
    assert!(recorded.contains("action: \"freeze_cicd\""), "{recorded}");
    let replay = std::process::Command::new(env!("CARGO_BIN_EXE_blastradius"))
        .args([
            "run",
            "us-east-1-2025-10-20",
            "--seed",
            "7",
            "--script",
            file,
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        replay.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&replay.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&replay.stdout).unwrap();
    assert_eq!(v["actions"][0]["action"], "freeze_cicd");

    // A second night must not overwrite the first one's record.
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_blastradius"))
        .args(["play", "--seed", "7", "--record", file])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing was overwritten"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), recorded);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn ending_the_night_weighs_it_then_shows_the_debrief_and_says_the_grade_on_leaving() {
    let mut g = Game::start(&["--seed", "7"]);
    g.wait_for("seed 7");
    take_freeze_cicd(&mut g);
    g.send(b"q");
    g.wait_for("Leave this night?");
    g.send(b"e");
    // Weighed off the render path: the keys still answer, and the debrief arrives by itself.
    g.wait_for("the rest played out without you. Blast radius");
    g.wait_for("grade");
    g.send(b"q");
    assert_eq!(g.exit(), 0);
    let out = g.contents();
    assert!(
        out.contains("seed 7: blast radius ") && out.contains(", grade "),
        "{out}"
    );
}

/// Play with `--record`, take a decision, then end the game with `sig`: the file already holds the
/// decision, as a script that reads back.
fn a_decision_survives(sig: &str, code: u32) {
    let dir =
        std::env::temp_dir().join(format!("blastradius-record-{}{}", std::process::id(), sig));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("night.ron");
    let mut g = Game::start(&["play", "--seed", "7", "--record", path.to_str().unwrap()]);
    g.wait_for("seed 7");
    let empty = std::fs::read_to_string(&path).expect("claimed at the start");
    assert!(
        empty.contains("--seed 7") && empty.trim_end().ends_with("[\n]"),
        "{empty}"
    );
    take_freeze_cicd(&mut g);
    // A note on a second decision: notes are kept too.
    g.send(b":");
    g.wait_for("Take an action");
    g.send(b"escalate");
    g.wait_for("escalate_severity");
    g.send(b"\t");
    g.send(b"sev1 now");
    g.send(b"\r");
    g.wait_until("the second decision is in the file", |_| {
        std::fs::read_to_string(&path).is_ok_and(|t| t.contains("escalate_severity"))
    });
    g.signal(sig);
    assert_eq!(g.exit(), code, "{sig}");
    g.assert_restored(sig);

    let text = std::fs::read_to_string(&path).unwrap();
    let s = blastradius::scenario::builtin(blastradius::scenario::FLAGSHIP).unwrap();
    let script = blastradius::session::Script::parse("night.ron", &text, &s)
        .unwrap_or_else(|d| panic!("{d}\n{text}"));
    let ids: Vec<&str> = script.0.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(ids, ["freeze_cicd", "escalate_severity"], "{text}");
    assert_eq!(script.0[1].note.as_deref(), Some("sev1 now"), "{text}");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["night.ron"], "no temporary file left behind");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_record_file_keeps_every_decision_through_sigterm() {
    a_decision_survives("-TERM", 143);
}

#[test]
fn a_record_file_keeps_every_decision_through_sighup() {
    a_decision_survives("-HUP", 129);
}

/// A first night in `learn`: the clock stops at the first critical page with an explanation on
/// screen and stays stopped; a hint is taken (its price shown), an action is taken, and the
/// debrief counts the hint and the grade says "assisted".
#[test]
fn learn_stops_at_the_first_critical_page_and_the_debrief_counts_the_hint() {
    let mut g = Game::start(&["learn", "--seed", "7"]);
    g.wait_for("Your first night — the clock is stopped");
    g.send(b"n");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        g.contents()
            .contains("Your first night — the clock is stopped"),
        "only Space, Enter or Esc carry on"
    );
    g.send(b" ");
    g.wait_for("Errors are climbing — the clock is stopped");
    g.send(b" ");
    g.wait_for("A critical page — the clock is stopped");
    g.wait_for("declare how bad it is");
    let stamp = |g: &Game| g.contents().lines().next().unwrap_or("").to_string();
    let before = stamp(&g);
    std::thread::sleep(Duration::from_millis(2500));
    assert_eq!(stamp(&g), before, "the clock stays stopped on the moment");
    g.send(b"h");
    g.wait_for("Hints taken tonight: 0");
    g.send(b"h");
    g.wait_for("Hints taken tonight: 1");
    g.wait_for("A nudge");
    // Closing the hint goes back to the moment it was opened from; Space then carries on.
    g.send(b"x");
    g.wait_for("A critical page — the clock is stopped");
    g.send(b" ");
    g.wait_until("the moment closes", |g| {
        !g.contents().contains("the clock is stopped")
    });
    g.send(b":");
    g.wait_for("Take an action");
    g.send(b"disable_health");
    g.wait_for("disable_health_checks");
    g.send(b"\r");
    g.wait_until("the decision is taken", |g| {
        !g.contents().contains("Take an action")
    });
    g.send(b"q");
    g.wait_for("Leave this night?");
    g.send(b"e");
    g.wait_for("the rest played out without you. Blast radius");
    g.wait_for("assisted (1 hint)");
    g.wait_for("What you did well");
    g.send(b"q");
    assert_eq!(g.exit(), 0);
    let out = g.contents();
    assert!(out.contains("assisted (1 hint)"), "{out}");
    assert!(out.contains("Next: blastradius "), "{out}");
}

/// The top bar's clock ("Sun 23:53", without the time zone) as shown now.
fn clock(g: &Game) -> String {
    let screen = g.contents();
    let first = screen.lines().next().unwrap_or_default().to_string();
    let words: Vec<&str> = first.split_whitespace().take(2).collect();
    words.join(" ")
}

/// `blastradius report LOG --format FORMAT`: its output (the command must succeed).
fn report_of(path: &std::path::Path, format: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_blastradius"))
        .args(["report", path.to_str().unwrap(), "--format", format])
        .output()
        .expect("report runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A kept night read back as the program reads it.
fn kept(path: &std::path::Path) -> blastradius::session::nightlog::NightLog {
    blastradius::nights::load(path)
        .unwrap_or_else(|d| panic!("{d}"))
        .0
}

/// A tabletop round: the clock moves only on the facilitator's key, a round at a time; an inject
/// reaches the channel; a decision is taken with its rationale and owner, and the night log holds
/// both; the facilitator rewinds to before it, and the log keeps the line left behind.
#[test]
fn a_tabletop_round_an_inject_a_decision_with_owner_and_a_rewind() {
    let mut g = Game::start(&[
        "tabletop", "--seed", "7", "--step", "10", "--role", "IC", "--role", "Comms",
    ]);
    g.wait_for("tabletop · Space +10 min");
    assert_eq!(clock(&g), "Sun 23:43");
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        clock(&g),
        "Sun 23:43",
        "the clock waits for the facilitator"
    );
    g.send(b" ");
    g.wait_until("a round of ten minutes", |g| clock(g) == "Sun 23:53");

    g.send(b"i");
    g.wait_for("Fire an inject into the channel");
    g.send(b"\r");
    g.wait_for("inject fired: A store manager calls");
    g.wait_for("queue is out the door");

    choose_freeze_cicd(&mut g);
    g.wait_for("rationale");
    g.send(b"hold the image refresh");
    g.send(b"\r");
    g.wait_for("Who owns this decision?");
    g.send(b"\x1b[B"); // down: Comms
    g.send(b"\r");
    g.wait_for("Freeze CI/CD (Comms)");
    let path = g.nights().pop().expect("the night is kept as it goes");
    g.wait_until("the decision is in the log", |_| {
        std::fs::read_to_string(&path).is_ok_and(|t| t.contains("freeze_cicd"))
    });
    let log = kept(&path);
    let e = log
        .script
        .0
        .iter()
        .find(|e| e.action == "freeze_cicd")
        .unwrap();
    assert_eq!(e.owner.as_deref(), Some("Comms"));
    assert_eq!(e.note.as_deref(), Some("hold the image refresh"));
    assert_eq!(log.roles, ["IC", "Comms"]);
    assert!(
        log.script.0.iter().any(|e| e.inject.is_some()),
        "the inject is kept"
    );

    g.send(b" ");
    g.wait_until("another round", |g| clock(g) == "Mon 00:03");
    g.send(b"r");
    g.wait_for("Rewind to a decision");
    g.send(b"\r");
    g.wait_for("rewound: the night goes on from 23:53");
    g.wait_until("the branch is in the log", |_| {
        std::fs::read_to_string(&path).is_ok_and(|t| t.contains("branches"))
    });
    let log = kept(&path);
    assert!(
        log.script.0.iter().all(|e| e.action != "freeze_cicd"),
        "rewound past it"
    );
    assert_eq!(log.branches.len(), 1);
    assert!(
        log.branches[0]
            .script
            .0
            .iter()
            .any(|e| e.action == "freeze_cicd")
    );
    g.send(b"q");
    g.wait_for("Leave this night?");
    g.send(b"y");
    assert_eq!(g.exit(), 0);
    assert!(
        g.contents().contains("blastradius resume"),
        "{}",
        g.contents()
    );
}

/// kill -9 mid-night: the log on disk is whole; replaying it gives the blast radius the screen
/// showed, and `resume` goes on from the same minute.
#[test]
fn after_kill_9_the_kept_night_replays_to_the_same_score_and_resumes() {
    let data = scratch("kill");
    let mut g = Game::start_in(&["tabletop", "--seed", "11", "--step", "30"], &data);
    g.wait_for("tabletop");
    take_freeze_cicd_at_the_table(&mut g);
    g.send(b" ");
    g.wait_until("half an hour on", |g| clock(g) == "Mon 00:13");
    let path = g.nights().pop().expect("kept");
    g.wait_until("the clock is in the log", |_| {
        std::fs::read_to_string(&path).is_ok_and(|t| t.contains("reached: 30,"))
    });
    let shown = g.contents();
    g.signal("-KILL");
    let _ = g.exit();
    let (log, s) = blastradius::nights::load(&path).unwrap_or_else(|d| panic!("{d}"));
    let night = log.replay(s);
    let radius = blastradius::session::thousands(night.blast_radius().round() as i64);
    assert!(
        shown.contains(&format!("blast radius {radius} ")),
        "the replayed night scores {radius}:\n{shown}"
    );
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");

    let report: serde_json::Value = serde_json::from_str(&report_of(&path, "json")).unwrap();
    assert_eq!(report["seed"], 11, "the report reads the log kill -9 left");
    assert_eq!(report["left_at"], "00:13");
    let mut again = Game::start_in(&["resume", path.to_str().unwrap()], &data);
    again.wait_for("goes on from where it was left");
    assert_eq!(clock(&again), "Mon 00:13");
    again.wait_for(&format!("blast radius {radius} "));
    again.send(b"\x03");
    assert_eq!(again.exit(), 0);
}

/// Take `freeze_cicd` at the facilitator's console: no rationale, the first owner offered.
fn take_freeze_cicd_at_the_table(g: &mut Game) {
    choose_freeze_cicd(g);
    g.wait_for("rationale");
    g.send(b"\r");
    g.wait_for("Who owns this decision?");
    g.send(b"ops\r");
    g.wait_for("Freeze CI/CD (ops)");
}

/// A kept night played back: its decision is taken again as the clock reaches it.
#[test]
fn a_replay_takes_the_kept_decisions_as_the_clock_reaches_them() {
    let data = scratch("replay");
    let mut g = Game::start_in(&["play", "--seed", "7"], &data);
    g.wait_for("seed 7");
    take_freeze_cicd(&mut g);
    g.send(b"\x03");
    assert_eq!(g.exit(), 0);
    let path = g.nights().pop().expect("kept");
    let mut r = Game::start_in(
        &["replay", path.to_str().unwrap(), "--speed", "3000"],
        &data,
    );
    r.wait_for("replay");
    r.wait_for("Freeze CI/CD");
    r.wait_for("the kept night was left here");
    r.send(b"q");
    r.wait_for("Leave this night?");
    r.send(b"y");
    assert_eq!(r.exit(), 0);
    assert_eq!(
        r.nights().len(),
        1,
        "a replay nobody took over keeps nothing new"
    );
}

/// The projector view, attached in a second terminal to the night the facilitator runs, shows the
/// same clock and follows it round by round; before any tabletop night it waits, and `q` quits.
#[test]
fn the_projector_view_follows_the_facilitators_clock() {
    let data = scratch("projector");
    let mut view = Game::start_in(&["tabletop", "--view"], &data);
    view.wait_for("Waiting for a tabletop night");
    let mut console = Game::start_in(&["tabletop", "--seed", "5", "--step", "15"], &data);
    console.wait_for("tabletop · Space +15 min");
    view.wait_for("Sun 23:43 PDT —");
    console.send(b" ");
    console.wait_until("a round", |g| clock(g) == "Sun 23:58");
    view.wait_for("Sun 23:58 PDT —");
    console.send(b" ");
    view.wait_for("Mon 00:13 PDT —");
    assert!(!view.contents().contains("Facilitator's notes"));
    view.send(b"q");
    assert_eq!(view.exit(), 0);
    view.assert_restored("q");
    console.send(b"\x03");
    assert_eq!(console.exit(), 0);
}

/// The terminal goes away under a night (a closed window, a dropped SSH session): the game gets a
/// hangup and ends with 129, saying where the night is kept on the way out only if it can; it
/// never lingers reading a terminal that is gone.
#[test]
fn a_terminal_that_goes_away_ends_the_night_and_the_process() {
    let data = scratch("hangup");
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 40,
            cols: 120,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_blastradius"));
    cmd.args(["tabletop", "--seed", "2"]);
    cmd.env("TERM", "xterm-256color");
    cmd.env("BLASTRADIUS_DATA_DIR", &data);
    let mut child = pty.slave.spawn_command(cmd).expect("the game starts");
    drop(pty.slave);
    // The night starts (its log is claimed first thing), then the terminal is closed: the only
    // handle on the pty's other side is dropped.
    let deadline = Instant::now() + WAIT;
    while std::fs::read_dir(data.join("nights")).map_or(0, |d| d.count()) == 0 {
        assert!(Instant::now() < deadline, "the night never started");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    drop(pty.master);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the game kept running after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.exit_code(), 129, "ended by the hangup");
}

/// A night that cannot be kept (its data directory is a file) says so on screen while it is
/// played, not only on leaving, and leaving then exits non-zero; nothing is written over the file.
#[test]
fn a_night_that_cannot_be_kept_says_so_while_it_is_played() {
    let dir = scratch("not-kept");
    let file = dir.join("a-file");
    std::fs::write(&file, "mine").unwrap();
    let mut g = Game::start_in(&["play", "--seed", "5", "--speed", "1"], &file);
    g.wait_for("! night not being kept");
    g.send(b"q");
    g.wait_for("Leave this night?");
    g.send(b"y");
    assert_eq!(g.exit(), 1, "a night not kept is an error on leaving");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
}

/// Evaluate on a terminal shows a progress bar; stopped by a signal, it says so on a line of its
/// own and exits 128 + the signal, so the prompt does not land on the bar.
#[test]
fn a_signal_stops_evaluate_with_one_line_and_its_status() {
    let mut g = Game::start(&["evaluate", "us-east-1-2025-10-20", "--seeds", "400"]);
    g.wait_for("nights");
    g.signal("-TERM");
    assert_eq!(g.exit(), 143);
    g.wait_for("evaluate stopped by a signal");
    let screen = g.contents();
    let said = screen
        .lines()
        .find(|l| l.contains("evaluate stopped by a signal"))
        .unwrap();
    assert!(
        said.starts_with("blastradius:"),
        "on a line of its own:\n{screen}"
    );
}
