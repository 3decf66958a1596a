//! What a night leaves on disk as it is played: its night log in the nights directory (always,
//! unless that cannot be written), and with `--record FILE` the decisions as a script. Both are
//! claimed before the night starts and rewritten whole after each change, so a night cut short
//! leaves its last whole state.

use std::path::PathBuf;

use super::App;
use crate::session::Script;
use crate::session::journal::Journal;

/// Where `play --record` keeps the night's decisions: claimed before the night starts (holding
/// an empty script), rewritten whole after each decision.
pub struct Record {
    /// What the file holds.
    shape: Shape,
    pub journal: Journal,
    /// The text last written, so a key that decides nothing writes nothing.
    written: String,
    /// The first write that failed, said on leaving (the screen is the night's until then).
    failed: Option<std::io::Error>,
}

impl Record {
    /// Claim `path` for a night of the scenario a command names as `scenario_arg` (its id, or
    /// its file) with `seed`, writing an empty script to it.
    pub fn claim(
        path: &std::path::Path,
        scenario_arg: &str,
        seed: u64,
        verb: &'static str,
    ) -> Result<Record, String> {
        let shown = crate::scenario::shown::path(path);
        let written = record_text(verb, scenario_arg, seed, &shown, &Script::default());
        let journal = Journal::claim(path, written.as_bytes())?;
        Ok(Record {
            shape: Shape::Script(verb),
            journal,
            written,
            failed: None,
        })
    }

    /// Claim a new night log for the night `app` plays (its `kept` log), in the nights directory.
    pub fn night(app: &App) -> Result<Record, String> {
        let dir = crate::nights::dir()?;
        let name = crate::nights::file_name(
            std::time::SystemTime::now(),
            &app.scenario().id,
            app.session.seed(),
        );
        let written = app.kept.to_text(app.scenario());
        let (journal, path) = crate::nights::claim(&dir, &name, written.as_bytes())?;
        Ok(Record {
            shape: Shape::Night(path),
            journal,
            written,
            failed: None,
        })
    }

    /// Keep writing an existing night log (a night resumed).
    pub fn night_again(path: PathBuf) -> Record {
        Record {
            journal: Journal::reopen(path.clone()),
            shape: Shape::Night(path),
            written: String::new(),
            failed: None,
        }
    }

    /// The night log's path, when this is one.
    pub fn night_path(&self) -> Option<&std::path::Path> {
        match &self.shape {
            Shape::Night(p) => Some(p),
            Shape::Script(_) => None,
        }
    }

    /// Why the last write failed, while it keeps failing.
    pub fn trouble(&self) -> Option<String> {
        self.failed.as_ref().map(|e| e.to_string())
    }

    /// Write the file again if what it holds changed.
    pub fn keep(&mut self, app: &App) {
        let text = match &self.shape {
            Shape::Script(verb) => record_text(
                verb,
                &app.scenario_arg(),
                app.session.seed(),
                &self.journal.shown(),
                &crate::session::record_of(&app.session),
            ),
            Shape::Night(_) => app.kept_log().to_text(app.scenario()),
        };
        if text == self.written {
            return;
        }
        match self.journal.save(text.as_bytes()) {
            Ok(()) => {
                self.written = text;
                self.failed = None;
            }
            Err(e) => self.failed = Some(e),
        }
    }
}

/// A night's decisions as a script file, with a header that says how to replay them.
fn record_text(verb: &str, scenario: &str, seed: u64, shown: &str, script: &Script) -> String {
    let header = format!(
        "Decisions from `blastradius {verb} {scenario} --seed {seed}`.\nReplay or debrief: blastradius run {scenario} --seed {seed} --script {shown} --markdown"
    );
    script.to_ron(&header)
}

/// What a kept file holds.
enum Shape {
    /// The decisions as a script (`--record`), from a night started by this command.
    Script(&'static str),
    /// The night log, at this path.
    Night(PathBuf),
}

/// Say where the decisions are, or that the last of them could not be written.
pub(super) fn said_record(app: &App, r: &Record) -> i32 {
    let shown = r.journal.shown();
    let seed = app.session.seed();
    match &r.failed {
        None => {
            let _ = show!(
                "Your decisions are in {shown}. Debrief: blastradius run {} --seed {seed} --script {shown} --markdown",
                app.scenario_arg()
            );
            0
        }
        Some(e) => {
            tell!("{shown}: cannot write the decisions: {e}");
            1
        }
    }
}

/// What to say if the night ends by a signal: where it is kept and how to go on with it.
pub(super) fn resume_line(app: &App, r: &Record) -> String {
    let _ = app;
    let shown = r.journal.shown();
    format!("The night is kept in {shown}. Go on with it: blastradius resume {shown}")
}

/// Say where the night is kept and what can be done with it; with its debrief saved beside it
/// when the night was played to its end.
pub(super) fn said_night(app: &App, r: &Record) -> i32 {
    let shown = r.journal.shown();
    if let Some(e) = &r.failed {
        tell!("{shown}: cannot keep the night: {e}");
        return 1;
    }
    if app.session.is_over() {
        let saved = match &app.saved_debrief {
            Some(p) => Ok(p.clone()),
            None => save_report(app, Some(r)),
        };
        match saved {
            Ok(report) => {
                let _ = show!(
                    "The after-action report is in {}",
                    crate::scenario::shown::path(&report)
                );
            }
            Err(why) => tell!("The after-action report was not saved: {why}"),
        }
        let _ = show!("The night is kept in {shown}");
        let _ = show!("  play it back: blastradius replay {shown}");
        let _ = show!("  report:       blastradius report {shown} --format html");
    } else {
        let _ = show!("The night is kept in {shown}");
        let _ = show!("  go on with it: blastradius resume {shown}");
    }
    0
}

/// Save the night's after-action report (one HTML page) beside its log, or in the nights
/// directory, never over a file that has something in it: a name already taken gets a number.
/// Returns where it went.
pub(super) fn save_report(app: &App, night: Option<&Record>) -> Result<PathBuf, String> {
    use crate::report::after_action::{AfterAction, Format};
    let log = app.kept_log();
    let mut played = app.session.clone();
    played.run_to_end();
    let debrief = match &app.mode {
        super::Mode::Debrief(d) => d.debrief.clone(),
        _ => crate::session::Debrief::full(&played),
    };
    let text = AfterAction::of(&log, &played, debrief).write(Format::Html)?;
    let (dir, stem) = match night.and_then(Record::night_path) {
        Some(p) => {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("night");
            let stem = name.strip_suffix(crate::nights::SUFFIX).unwrap_or(name);
            (
                p.parent().map(PathBuf::from).unwrap_or_default(),
                stem.to_string(),
            )
        }
        None => {
            let name = crate::nights::file_name(
                std::time::SystemTime::now(),
                &app.scenario().id,
                app.session.seed(),
            );
            let stem = name.strip_suffix(crate::nights::SUFFIX).unwrap_or(&name);
            (crate::nights::dir()?, stem.to_string())
        }
    };
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    for n in 1..1000 {
        let path = match n {
            1 => dir.join(format!("{stem}.report.html")),
            _ => dir.join(format!("{stem}.report-{n}.html")),
        };
        if path.exists() {
            continue;
        }
        return Journal::claim(&path, text.as_bytes()).map(|_| path);
    }
    Err("too many reports saved for this night".into())
}

#[cfg(test)]
mod tests {
    use super::Record;

    #[test]
    fn a_record_says_how_to_replay_it_with_the_scenario_as_the_command_named_it() {
        let dir = std::env::temp_dir().join(format!("br-record-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("rec.ron");
        let _ = std::fs::remove_file(&path);
        let r = Record::claim(&path, "/some/where/mine.ron", 3, "play").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        r.journal.give_back();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            text.contains("Replay or debrief: blastradius run /some/where/mine.ron --seed 3"),
            "{text}"
        );
    }
}
