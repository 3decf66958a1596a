//! The scenario format's version. A file says `format: N`; one without it is format 1, the format
//! before versions. Everything format 2 added is optional, so a format-1 file still loads, and
//! `validate` says what it could now say. A file for a newer format than this program reads is one
//! clear error at its `format` field, even where the rest of it would not parse here.

use serde::Deserialize;

use super::{Diagnostics, Scenario};

/// The newest format this program reads (and writes, in `blastradius new`).
pub const CURRENT: u32 = 2;

/// What format 2 added to format 1, for the note an older file gets.
pub const ADDED_IN_2: &[&str] = &[
    "`format` itself",
    "faults: `id`, `cause` (a consequence keeps its place after its cause on every seed), `symptom`",
    "`zone_draws` (the zone a seed picks), `vocabulary` (the words for work, fallback, levers), `controls_on`",
    "`status_pages` (one per provider or vendor, each with its own `lag_minutes`) and `ReadStatusPage`",
    "needs: `stale_ok` with `ServeStale`, `replica` with `UseReplicas`; health checks: `grace_minutes`, `fail_open_above`, `ShallowChecks`",
    "queues: `fed_by` (another service's work makes the jobs), `holds` (a queue that fills loses work: `data_lost`, `job_lost`)",
    "changes: `via` (they wait for their pipeline)",
    "`SetFor` (a control for one service), `EndFault` (a repair ends a fault), `Declare`, `Investigate`, `StateTheory`",
    "conditions `Arrived`, `LaunchesFailing`, `Tried`, `JustDone` (answers each time); beats' `asserts`",
    "`theories`, `teaching` (the guided night), `injects` (the tabletop), `panicky` (the panicky reference)",
    "lessons: `hints`, `in_time`",
    "scoring: `shed_request`, `rabbit_hole_hour`, `theory_minute`, `left_undone`, `job_left`, `job_lost`, `stale_request`",
];

/// Just the `format` field, read from a file whatever else it holds (the struct name is the
/// scenario's, which RON checks when a file writes it).
#[derive(Deserialize)]
#[serde(rename = "Scenario")]
struct Version {
    #[serde(default)]
    format: Option<u32>,
}

/// The format a scenario says it is written for (1 when it does not say).
pub fn of(s: &Scenario) -> u32 {
    s.format.unwrap_or(1)
}

/// A note for a file written for an older format: what changed since, and what to write. None
/// for a file of the current format.
pub fn note(s: &Scenario) -> Option<String> {
    let v = of(s);
    if v >= CURRENT {
        return None;
    }
    let mut text = format!(
        "written for format {v} (no `format:` field); it loads as it is, since everything format {CURRENT} added is optional. Add `format: {CURRENT},` to say it is current. Format {CURRENT} added:"
    );
    for item in ADDED_IN_2 {
        text.push_str("\n  - ");
        text.push_str(item);
    }
    Some(text)
}

/// The problem with a format number, if there is one.
pub fn problem(format: Option<u32>) -> Option<String> {
    match format? {
        0 => Some(format!(
            "format 0 does not exist: this blastradius reads formats 1 to {CURRENT}"
        )),
        v if v > CURRENT => Some(format!(
            "written for format {v}; this blastradius reads formats 1 to {CURRENT}: update blastradius to play it"
        )),
        _ => None,
    }
}

/// When a file does not parse, whether it is because it was written for a newer format: that is
/// the message to give, at its `format` field, rather than the first field this program does
/// not know.
pub fn newer(file: &str, src: &str) -> Option<Diagnostics> {
    let Ok(v) = super::parse_ron::<Version>(file, src, "scenario") else {
        return newer_by_its_line(file, src);
    };
    let message = problem(v.format)?;
    Some(super::located(file, src, vec![("format".into(), message)]))
}

/// A file that does not even parse as RON may still say, on a line of its own near the top,
/// that it is written for a newer format (`format: 3,`): a newer format may write what this
/// program cannot read at all, so that is the message to give.
fn newer_by_its_line(file: &str, src: &str) -> Option<Diagnostics> {
    let (n, col, v) = src.lines().take(40).enumerate().find_map(|(n, line)| {
        let rest = line.trim_start().strip_prefix("format")?.trim_start();
        let digits = rest.strip_prefix(':')?.trim_start();
        let end = digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(digits.len());
        let tail = digits[end..].trim_start();
        let ends = tail.is_empty() || tail.starts_with(',') || tail.starts_with("//");
        let v: u32 = digits[..end].parse().ok().filter(|_| ends)?;
        // The column of the number, in characters, as every other message counts them.
        let col = line[..line.len() - digits.len()].chars().count() + 1;
        Some((n, col, v))
    })?;
    let message = problem(Some(v)).filter(|_| v > CURRENT)?;
    Some(Diagnostics(vec![super::Diagnostic {
        file: file.to_string(),
        line: n + 1,
        col,
        message,
    }]))
}
