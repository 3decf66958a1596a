//! The scenario author's commands: `new` writes a small playable skeleton; `validate` checks
//! scenarios and scripts (told apart by their shape), says when a file is written for an older
//! format, and with `--explain` prints what the engine will make of a scenario.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::written;
use crate::scenario::{self, Scenario, format, shown};
use crate::session::Script;
use crate::session::journal::Journal;

/// The skeleton `new` writes, with its id replaced (a valid scenario as it stands: tested).
pub const SKELETON: &str = include_str!("../../assets/skeleton.ron");

/// Whether an id can name a scenario file: lowercase letters, digits and hyphens, starting with a
/// letter, at most 64 characters.
fn good_id(id: &str) -> bool {
    id.len() <= 64
        && id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `blastradius new ID [--output FILE]`.
pub fn new(id: &str, output: Option<&Path>) -> i32 {
    if !good_id(id) {
        tell!(
            "\"{}\" cannot be a scenario id: use lowercase letters, digits and hyphens, starting with a letter (at most 64), such as \"storage-outage\"",
            shown::text(id)
        );
        return 2;
    }
    let path = output.map_or_else(|| PathBuf::from(format!("{id}.ron")), Path::to_path_buf);
    let text = SKELETON.replacen("id: \"skeleton\"", &format!("id: \"{id}\""), 1);
    match Journal::claim(&path, text.as_bytes()) {
        Ok(_) => {
            let shown = shown::path(&path);
            // The file is written; what follows only says so (a full stdout is said, not a panic).
            let said = show!(
                "{shown}: a new scenario, {id}: a database brownout on a web shop, ready to change.\n  \
                 blastradius validate --explain {shown}   what the engine makes of it\n  \
                 blastradius play {shown}                 play it\n  \
                 blastradius evaluate {shown} --check     is it balanced\n\
                 docs/authoring.md walks through writing one; docs/scenario-format.md has every field."
            );
            i32::from(!said)
        }
        Err(why) => {
            tell!("{}: not written: {why}", shown::path(&path));
            1
        }
    }
}

/// What a file holds, by its shape: a list of timed entries is a script; anything else is read
/// as a scenario. A name that is no file but a built-in id is that scenario.
enum Given {
    /// A scenario file or built-in id, and what was read of it (its read error, if any).
    Scenario(PathBuf, Result<Vec<u8>, scenario::Diagnostics>),
    Script(PathBuf, Vec<u8>),
}

/// Read once (a pipe or a FIFO cannot be read twice), no more than a scenario may hold: a file
/// that never ends is refused with the loader's message.
fn given(p: &Path) -> Given {
    match scenario::read_capped(p) {
        Ok(bytes) if first_token(&bytes) == Some(b'[') => Given::Script(p.to_path_buf(), bytes),
        read => Given::Scenario(p.to_path_buf(), read),
    }
}

/// The first byte of a RON file that is not a byte-order mark, white space or a comment.
fn first_token(bytes: &[u8]) -> Option<u8> {
    let mut rest = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    loop {
        rest = rest.trim_ascii_start();
        if let Some(after) = rest.strip_prefix(b"//") {
            let end = after
                .iter()
                .position(|&b| b == b'\n')
                .unwrap_or(after.len());
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix(b"/*") {
            let end = after.windows(2).position(|w| w == b"*/")?;
            rest = &after[end + 2..];
        } else {
            return rest.first().copied();
        }
    }
}

/// `blastradius validate [--explain] PATH... [--script FILE]...`.
pub fn validate(paths: &[PathBuf], scripts: &[PathBuf], explain: bool) -> i32 {
    let mut scenarios = Vec::new();
    let mut script_files: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    for p in paths {
        match given(p) {
            Given::Scenario(p, read) => scenarios.push((p, read)),
            Given::Script(p, bytes) => script_files.push((p, Some(bytes))),
        }
    }
    script_files.extend(scripts.iter().map(|p| (p.clone(), None)));
    if !script_files.is_empty() && scenarios.len() != 1 {
        let first = shown::path(&script_files[0].0);
        if scenarios.is_empty() {
            tell!(
                "{first} is a script: give the one scenario it is for in the same command (a file or a built-in id), e.g. blastradius validate my-night.ron {first}"
            );
        } else {
            tell!(
                "{first} is a script, checked against one scenario at a time: {} scenarios were given; validate them one by one with it",
                scenarios.len()
            );
        }
        return 2;
    }
    let mut status = 0;
    let mut out = std::io::stdout().lock();
    let mut checked: Option<Scenario> = None;
    for (p, read) in scenarios {
        // A built-in id, or a file (whose read error is the one to show).
        let builtin = p.to_str().and_then(scenario::builtin);
        let loaded = match builtin {
            Some(s) => Ok(s),
            None => read.and_then(|bytes| scenario::load_bytes(&p, bytes)),
        };
        match loaded {
            Ok(s) => {
                let mut text = ok_line(&p, &s);
                if let Some(note) = format::note(&s) {
                    text.push_str(&format!("  note: {note}\n"));
                }
                if explain {
                    text.push('\n');
                    text.push_str(&scenario::explain::text(&s));
                }
                if let Err(e) = out.write_all(text.as_bytes()) {
                    return written(Err(e)).max(status);
                }
                checked = Some(s);
            }
            Err(d) => {
                tell!("{d}");
                status = 1;
            }
        }
    }
    let Some(s) = checked.filter(|_| !script_files.is_empty()) else {
        return status;
    };
    for (p, bytes) in script_files {
        let loaded = match bytes {
            Some(bytes) => Script::load_bytes(&p, bytes, &s),
            None => Script::load(&p, &s),
        };
        match loaded {
            Ok(script) => {
                let line = writeln!(
                    out,
                    "{}: ok — {} for {}",
                    shown::path(&p),
                    crate::session::quantity(script.0.len() as i64, "decisions"),
                    shown::text(&s.id)
                );
                if line.is_err() {
                    return written(line).max(status);
                }
            }
            Err(d) => {
                tell!("{d}");
                status = 1;
            }
        }
    }
    status
}

fn ok_line(p: &Path, s: &Scenario) -> String {
    format!(
        "{}: ok — {} ({} {} – {} {}, {}, {}, {}, {})\n",
        shown::path(p),
        shown::text(&s.id),
        s.date,
        s.clock.start,
        s.clock.end,
        s.timezone,
        count(s.services.len(), "services"),
        count(s.faults.len(), "faults"),
        count(s.actions.len(), "actions"),
        count(s.beats.len(), "beats")
    )
}

fn count(n: usize, unit: &str) -> String {
    crate::session::quantity(n as i64, unit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_told_apart_past_marks_and_comments() {
        assert_eq!(
            first_token(b"\xef\xbb\xbf  // a script\n[(at: \"00:05\")]"),
            Some(b'[')
        );
        assert_eq!(first_token(b"/* x */ Scenario("), Some(b'S'));
        assert_eq!(first_token(b"(id: \"x\")"), Some(b'('));
        assert_eq!(first_token(b"// only a comment"), None);
        assert_eq!(first_token(b"/* never closed"), None);
    }

    #[test]
    fn ids_are_file_names_anyone_can_type() {
        assert!(good_id("storage-outage-2"));
        for bad in [
            "",
            "Storage",
            "2night",
            "a b",
            "a/b",
            "naïve",
            &"a".repeat(65),
        ] {
            assert!(!good_id(bad), "{bad}");
        }
    }

    #[test]
    fn the_skeleton_is_a_valid_current_scenario_with_its_id_replaced() {
        let text = SKELETON.replacen("id: \"skeleton\"", "id: \"my-night\"", 1);
        let s = scenario::load_str("skeleton.ron", &text).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(s.id, "my-night");
        assert_eq!(s.format, Some(format::CURRENT));
        assert!(format::note(&s).is_none());
    }
}
