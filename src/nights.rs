//! Where nights are kept: a directory of night logs in the platform's data directory
//! (`~/.local/share/blastradius/nights` on Linux, found with `directories`), or in
//! `$BLASTRADIUS_DATA_DIR/nights` when that is set. Each night played writes its log there as it
//! goes ([`crate::session::nightlog`]); `blastradius nights` lists them, `resume`, `replay` and
//! `report` read them back.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::scenario::{self, Diagnostics, Scenario, shown};
use crate::session::journal::Journal;
use crate::session::nightlog::{Header, NightLog};

/// Set this to keep nights somewhere else (tests, a shared drive for a team).
pub const DATA_DIR_VAR: &str = "BLASTRADIUS_DATA_DIR";

/// What a night log's file name ends with.
pub const SUFFIX: &str = ".night.ron";

/// The directory nights are kept in (not created yet).
pub fn dir() -> Result<PathBuf, String> {
    if let Some(d) = std::env::var_os(DATA_DIR_VAR).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d).join("nights"));
    }
    directories::ProjectDirs::from("", "", "blastradius")
        .map(|p| p.data_dir().join("nights"))
        .ok_or_else(|| {
            format!("no home directory to keep nights in; set {DATA_DIR_VAR} to a directory")
        })
}

/// A file name for a night started at `now`: its date and time (UTC), scenario and seed, so the
/// names sort by when the night was played.
pub fn file_name(now: SystemTime, scenario_id: &str, seed: u64) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_date(secs / 86_400);
    let t = secs % 86_400;
    let id: String = scenario_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    format!(
        "{y:04}-{m:02}-{d:02}-{:02}{:02}{:02}-{id}-seed{seed}{SUFFIX}",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

/// Claim a new file for a night in `dir` (created if needed), writing `first` to it. A name
/// already taken gets `-2`, `-3`... before the suffix; nothing is overwritten.
pub fn claim(dir: &Path, name: &str, first: &[u8]) -> Result<(Journal, PathBuf), String> {
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create the directory: {e}", shown::path(dir)))?;
    let stem = name.strip_suffix(SUFFIX).unwrap_or(name);
    for n in 1..1000 {
        let candidate = if n == 1 {
            dir.join(name)
        } else {
            dir.join(format!("{stem}-{n}{SUFFIX}"))
        };
        if candidate.exists() {
            continue;
        }
        return Journal::claim(&candidate, first)
            .map(|j| (j, candidate.clone()))
            .map_err(|why| format!("{}: {why}", shown::path(&candidate)));
    }
    Err(format!(
        "{}: too many nights named {stem}",
        shown::path(dir)
    ))
}

/// A night found in the directory.
pub struct Kept {
    pub path: PathBuf,
    /// Its header, or why it could not be read.
    pub header: Result<Header, String>,
}

/// Every night kept in `dir`, oldest first (by name, which starts with the date).
pub fn list(dir: &Path) -> Vec<Kept> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(SUFFIX) && !n.starts_with('.'))
        })
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let header = read_text(&path)
                .and_then(|src| NightLog::header(&shown::path(&path), &src))
                .map_err(|d| d.to_string());
            Kept { path, header }
        })
        .collect()
}

/// The nights kept in `dir`, the one written last first: by the file's modification time (a log
/// is rewritten at every change, so that is when the night was last played), the name breaking
/// a tie. A name says when a night started, not when it was played last, and a copied or renamed
/// log may be named anything.
fn latest_first(dir: &Path) -> Vec<Kept> {
    let mut kept: Vec<(SystemTime, Kept)> = list(dir)
        .into_iter()
        .map(|k| {
            let written = std::fs::metadata(&k.path)
                .and_then(|m| m.modified())
                .unwrap_or(UNIX_EPOCH);
            (written, k)
        })
        .collect();
    kept.sort_by(|(ta, a), (tb, b)| tb.cmp(ta).then_with(|| b.path.cmp(&a.path)));
    kept.into_iter().map(|(_, k)| k).collect()
}

/// The newest night kept in `dir` that was played in `mode` (written last, of those that read).
pub fn newest(dir: &Path, mode: crate::session::nightlog::Mode) -> Option<PathBuf> {
    latest_first(dir)
        .into_iter()
        .find(|k| k.header.as_ref().is_ok_and(|h| h.mode == mode))
        .map(|k| k.path)
}

/// What `last` names: the night log written last of those that can be played again (read with
/// their scenario); with a note for each written since that cannot, saying why.
fn last(dir: &Path) -> Result<Found, String> {
    let kept = latest_first(dir);
    if kept.is_empty() {
        return Err(format!("no nights are kept in {} yet", shown::path(dir)));
    }
    let mut skipped = Vec::new();
    for k in kept {
        let why = match &k.header {
            Ok(_) => match load(&k.path) {
                Ok(loaded) => {
                    let notes = skipped
                        .into_iter()
                        .map(|(path, why)| {
                            format!(
                                "note: last is {}; {path}, written since, cannot be read: {why}",
                                shown::path(&k.path)
                            )
                        })
                        .collect();
                    return Ok(Found {
                        path: k.path,
                        notes,
                        loaded: Some(loaded),
                    });
                }
                Err(d) => d.to_string(),
            },
            Err(why) => why.clone(),
        };
        let first = why.lines().next().unwrap_or_default().to_string();
        skipped.push((shown::path(&k.path), first));
    }
    Err(format!(
        "none of the nights kept in {} can be read (`blastradius nights` says why)",
        shown::path(dir)
    ))
}

/// A night named on the command line: a path to a log, a file name in the nights directory, or
/// `last` for the night log written last of those that can be played again.
pub fn find(name: &Path) -> Result<PathBuf, String> {
    find_noting(name).map(|found| found.path)
}

/// A night log found by [`find_noting`].
pub struct Found {
    pub path: PathBuf,
    /// For `last`: the newer logs passed over, and why.
    pub notes: Vec<String>,
    /// For `last`: the log and its scenario, already read to know it can be played again.
    pub loaded: Option<(NightLog, Arc<Scenario>)>,
}

/// [`find`], with notes to show and, for `last`, the night already loaded.
pub fn find_noting(name: &Path) -> Result<Found, String> {
    let named = |path: PathBuf| Found {
        path,
        notes: Vec::new(),
        loaded: None,
    };
    if name.exists() {
        return Ok(named(name.to_path_buf()));
    }
    let dir = dir()?;
    if name == Path::new("last") {
        return last(&dir);
    }
    let inside = dir.join(name);
    if name.components().count() == 1 && inside.exists() {
        return Ok(named(inside));
    }
    Err(format!(
        "{}: no such night log (nor in {}; `blastradius nights` lists them)",
        shown::path(name),
        shown::path(&dir)
    ))
}

/// Read a night log and the scenario it was played on: the scenario by its id (built in) or its
/// file, refused if it changed since; then every entry checked against it, located.
pub fn load(path: &Path) -> Result<(NightLog, Arc<Scenario>), Diagnostics> {
    let name = shown::path(path);
    let src = read_text(path)?;
    let header = NightLog::header(&name, &src)?;
    let s = match (&header.scenario_file, scenario::builtin(&header.scenario)) {
        (None, Some(s)) => s,
        (None, None) => {
            return Err(scenario::located(
                &name,
                &src,
                vec![(
                    "scenario".into(),
                    format!(
                        "the night was played on \"{}\", which this program does not have built in",
                        shown::text(&header.scenario)
                    ),
                )],
            ));
        }
        (Some(file), _) => {
            // A file that cannot be read is the log's problem, said at the line naming it; what
            // is wrong inside one that can is said in that file.
            let path = Path::new(file);
            let bytes = scenario::read_capped(path).map_err(|d| {
                let why = d.0.first().map_or("", |d| d.message.as_str());
                let why = match why.strip_prefix("cannot read: ") {
                    Some(e) => format!("cannot be read: {e}"),
                    None => format!("cannot be used: {why}"),
                };
                let message = format!(
                    "the scenario file it was played on, {}, {why}",
                    shown::path(path)
                );
                scenario::located(&name, &src, vec![("scenario_file".into(), message)])
            })?;
            scenario::load_bytes(path, bytes)?
        }
    };
    let log = NightLog::parse(&name, &src, &s)?;
    log.scenario_matches(&s).map_err(|why| {
        // Another scenario is said at its id; a changed one at the hash it had.
        let field = if s.id == log.scenario_id {
            "scenario_hash"
        } else {
            "scenario"
        };
        scenario::located(&name, &src, vec![(field.into(), why)])
    })?;
    Ok((log, Arc::new(s)))
}

fn read_text(path: &Path) -> Result<String, Diagnostics> {
    let bytes = scenario::read_capped(path)?;
    String::from_utf8(bytes)
        .map_err(|_| Diagnostics::one(&shown::path(path), "the file is not UTF-8 text"))
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_date(days: u64) -> (i64, u32, u32) {
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn names_sort_by_when_and_say_what_was_played() {
        let t = UNIX_EPOCH + Duration::from_secs(1_795_476_773); // 2026-11-23 23:32:53 UTC
        assert_eq!(
            file_name(t, "us-east-1-2025-10-20", 42),
            "2026-11-23-233253-us-east-1-2025-10-20-seed42.night.ron"
        );
        assert_eq!(civil_date(0), (1970, 1, 1));
        assert_eq!(civil_date(11_016), (2000, 2, 29));
        assert!(file_name(t, "a/../b c", 1).starts_with("2026-11-23-233253-a____b_c-"));
    }

    #[test]
    fn a_taken_name_gets_a_number_and_nothing_is_overwritten() {
        let dir = std::env::temp_dir().join(format!("blastradius-nights-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (_, a) = claim(&dir, "x.night.ron", b"one").unwrap();
        let (_, b) = claim(&dir, "x.night.ron", b"two").unwrap();
        assert_eq!(b.file_name().unwrap(), "x-2.night.ron");
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(list(&dir).len(), 2);
        std::fs::remove_dir_all(&dir).ok();
    }
}
