//! The commands about nights kept: `nights`, `resume`, `replay` and `report`.

use std::io::Write as _;
use std::path::Path;

use super::play::needs_terminal;
use super::{ReportFormat, fail, written};
use crate::report::after_action::{self, Format};
use crate::scenario;
use crate::session::journal::Journal;
use crate::ui::{Pacing, ThemeName};

/// List the nights kept.
pub(super) fn nights() -> i32 {
    let dir = match crate::nights::dir() {
        Ok(d) => d,
        Err(why) => {
            tell!("blastradius: {why}");
            return 1;
        }
    };
    let kept = crate::nights::list(&dir);
    let mut out = std::io::stdout().lock();
    if kept.is_empty() {
        return written(writeln!(
            out,
            "No nights kept in {} yet: play one with `blastradius`.",
            scenario::shown::path(&dir)
        ));
    }
    let mut text = format!("Nights kept in {}:\n", scenario::shown::path(&dir));
    for k in &kept {
        let name = k
            .path
            .file_name()
            .map(|n| scenario::shown::path(std::path::Path::new(n)))
            .unwrap_or_default();
        match &k.header {
            Ok(h) => {
                // A night played on a file is read against that file, so it says where it was
                // left in the night's own clock too (a file that no longer loads: in minutes).
                let played_on = scenario::builtin(&h.scenario).or_else(|| {
                    h.scenario_file
                        .as_deref()
                        .and_then(|f| scenario::load_path(std::path::Path::new(f)).ok())
                });
                let where_ = match played_on {
                    Some(s) if h.reached > s.length() => "played to the end".to_string(),
                    Some(s) => format!("left at {}", s.clock_at(h.reached)),
                    None => format!(
                        "{} in",
                        crate::session::quantity(i64::from(h.reached), "minutes")
                    ),
                };
                let roles = if h.roles.is_empty() {
                    String::new()
                } else {
                    format!(", {}", h.roles.join(", "))
                };
                text.push_str(&format!(
                    "  {name}\n      {} {}, seed {}: {where_}, {}{roles}\n",
                    h.mode.command(),
                    scenario::shown::text(&h.scenario),
                    h.seed,
                    crate::session::quantity(h.entries as i64, "inputs")
                ));
            }
            Err(why) => {
                let first = why.lines().next().unwrap_or_default();
                text.push_str(&format!("  {name}\n      cannot be read: {first}\n"));
            }
        }
    }
    text.push_str("Go on with one: blastradius resume FILE · play it back: blastradius replay FILE · report: blastradius report FILE\n");
    written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// What to do with a kept night.
pub(super) enum Again {
    Resume,
    Replay(Option<String>),
}

/// A kept night named on the command line, read with its scenario; the exit status after saying
/// why when it cannot be.
fn open(
    name: &Path,
) -> Result<
    (
        std::path::PathBuf,
        crate::session::nightlog::NightLog,
        std::sync::Arc<crate::scenario::Scenario>,
    ),
    i32,
> {
    let found = crate::nights::find_noting(name).map_err(|why| {
        tell!("{why}");
        1
    })?;
    for note in &found.notes {
        tell!("{note}");
    }
    // `last` has read the log already, to know it can be played again.
    let (log, s) = match found.loaded {
        Some(loaded) => loaded,
        None => crate::nights::load(&found.path).map_err(|d| fail(&d))?,
    };
    Ok((found.path, log, s))
}

/// Resume or replay a kept night.
pub(super) fn again(name: &Path, speed: f64, theme: ThemeName, how: Again) -> i32 {
    let (path, log, s) = match open(name) {
        Ok(x) => x,
        Err(status) => return status,
    };
    if log.program != env!("CARGO_PKG_VERSION") {
        tell!(
            "note: this night was played with blastradius {}; this is {}",
            log.program,
            env!("CARGO_PKG_VERSION")
        );
    }
    if !(0.1..=10_000.0).contains(&speed) {
        tell!("--speed is simulated minutes per real minute, from 0.1 to 10000 (such as 60)");
        return 2;
    }
    let shown = scenario::shown::path(&path);
    let verb = match how {
        Again::Resume => "resume",
        Again::Replay(_) => "replay",
    };
    let (resume, replay) = match how {
        Again::Resume => {
            if log.reached > s.length() {
                tell!(
                    "{shown}: this night was played to its end; play it back with: blastradius replay {shown}"
                );
                return 1;
            }
            (Some((log.clone(), path.clone())), None)
        }
        Again::Replay(until) => {
            let until = match until.as_deref().map(scenario::TimeOfDay::parse) {
                None => None,
                Some(Ok(t)) if s.minute_of(t) <= s.length() => Some(s.minute_of(t)),
                Some(Ok(t)) => {
                    tell!(
                        "--until {t} is outside the night ({} to {})",
                        s.clock.start,
                        s.clock.end
                    );
                    return 2;
                }
                Some(Err(why)) => {
                    tell!("--until: {why}");
                    return 2;
                }
            };
            // A replay shows what was played: past where the night was left there is nothing.
            if let Some(m) = until
                && m > log.reached
            {
                tell!(
                    "note: this night was left at {}; the replay stops there, before --until {}",
                    s.clock_at(log.reached),
                    s.clock_at(m)
                );
            }
            (None, Some((log.clone(), until)))
        }
    };
    // Without a terminal, what the night came to, its decisions with it, is in its report.
    let instead = format!(
        "without one, read the night's after-action report (every decision and what it did): blastradius report {}",
        scenario::shown::shell_word(&path.to_string_lossy())
    );
    if let Some(refused) = needs_terminal(verb, &instead) {
        return refused;
    }
    // A tabletop night goes on at the facilitator's console; played back, its clock runs.
    let tabletop = (log.mode == crate::session::nightlog::Mode::Tabletop && resume.is_some())
        .then(|| crate::ui::Tabletop::new(5, 0, log.roles.clone()));
    let learn = log.mode == crate::session::nightlog::Mode::Learn;
    crate::ui::play(crate::ui::Start {
        scenario: s,
        scenario_file: log.scenario_file.clone(),
        seed: log.seed,
        speed,
        theme,
        pacing: Pacing {
            learn,
            pause_on_critical: learn,
        },
        record: None,
        resume,
        replay,
        tabletop,
    })
}

/// Write the after-action report of a kept night, to the standard output or to a new file.
pub(super) fn report(name: &Path, format: ReportFormat, output: Option<&Path>) -> i32 {
    let (path, log, s) = match open(name) {
        Ok(x) => x,
        Err(status) => return status,
    };
    // Claim the file before the night is weighed (seconds): a name already taken is said at once.
    let journal = match output.map(|o| Journal::claim(o, b"")) {
        None => None,
        Some(Ok(j)) => Some(j),
        Some(Err(why)) => {
            tell!(
                "{}: cannot write the report: {why}",
                scenario::shown::path(output.unwrap_or(Path::new("")))
            );
            return 1;
        }
    };
    let format = match format {
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Html => Format::Html,
        ReportFormat::Json => Format::Json,
    };
    let text = match after_action::render(format, &log, &s) {
        Ok(t) => t,
        Err(why) => {
            tell!("{}: {why}", scenario::shown::path(&path));
            if let Some(j) = journal {
                j.give_back();
            }
            return 1;
        }
    };
    match journal {
        Some(j) => match j.save(text.as_bytes()) {
            Ok(()) => written(writeln!(
                std::io::stdout().lock(),
                "The report is in {}",
                j.shown()
            )),
            Err(e) => {
                tell!("{}: cannot write the report: {e}", j.shown());
                j.give_back();
                1
            }
        },
        None => {
            let mut out = std::io::stdout().lock();
            written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
        }
    }
}
