//! Scripts: timed decisions as a RON list, read from a file (every problem located), written back
//! (a recorded night), and derived (the expert's path, a played night, a night without one entry).

use serde::{Deserialize, Serialize};

use super::{ActionRef, BadAction, Session};
use crate::scenario::{self, Diagnostics, Scenario, TimeOfDay};

/// One line of a script.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptEntry {
    pub at: TimeOfDay,
    pub action: String,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Timed actions: a RON list of `(at: "HH:MM", action: "id", target: "...", note: "...")`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script(pub Vec<ScriptEntry>);

/// One line of a script as written: its time still text, so a malformed time is one problem among
/// others instead of the end of reading (the shape is still `ScriptEntry`'s).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "ScriptEntry")]
struct Written {
    at: String,
    action: String,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

impl Script {
    /// Parse a script and check it against the scenario: every problem (malformed times, times
    /// outside the night, unknown actions and targets), each at its line. Only a file that is not
    /// a list of entries at all stops at its first problem.
    pub fn parse(file: &str, src: &str, s: &Scenario) -> Result<Script, Diagnostics> {
        let written: Vec<Written> = scenario::parse_ron(file, src)?;
        let mut problems = Vec::new();
        let mut at = |path: String, message: String| problems.push((path, message));
        let mut entries = Vec::with_capacity(written.len());
        for (i, w) in written.into_iter().enumerate() {
            match TimeOfDay::parse(&w.at) {
                Ok(t) if s.minute_of(t) > s.length() => at(
                    format!("[{i}].at"),
                    format!(
                        "{t} is outside the night ({} to {})",
                        s.clock.start, s.clock.end
                    ),
                ),
                Ok(t) => entries.push(ScriptEntry {
                    at: t,
                    action: w.action.clone(),
                    target: w.target.clone(),
                    note: w.note,
                }),
                Err(message) => at(format!("[{i}].at"), message),
            }
            if let Err(bad) = ActionRef::resolve(s, &w.action, w.target.as_deref()) {
                let path = match bad {
                    BadAction::UnknownAction(..) => format!("[{i}].action"),
                    BadAction::MissingTarget { .. } => format!("[{i}]"),
                    _ => format!("[{i}].target"),
                };
                at(path, bad.to_string());
            }
        }
        if problems.is_empty() {
            Ok(Script(entries))
        } else {
            Err(scenario::located(file, src, problems))
        }
    }

    pub fn load(path: &std::path::Path, s: &Scenario) -> Result<Script, Diagnostics> {
        let name = scenario::shown::path(path);
        let bytes = scenario::read_capped(path)?;
        let src = String::from_utf8(bytes)
            .map_err(|_| Diagnostics::one(&name, "the file is not UTF-8 text"))?;
        Script::parse(&name, &src, s)
    }

    /// The script as a RON file that `Script::parse` reads back to the same entries.
    pub fn to_ron(&self, header: &str) -> String {
        let quote = |t: &str| ron::to_string(t).unwrap_or_else(|_| "\"\"".into());
        let mut out = String::new();
        for line in header.lines() {
            out.push_str(&format!("// {line}\n"));
        }
        out.push_str("[\n");
        for e in &self.0 {
            out.push_str(&format!(
                "    (at: \"{}\", action: {}",
                e.at,
                quote(&e.action)
            ));
            if let Some(t) = &e.target {
                out.push_str(&format!(", target: {}", quote(t)));
            }
            if let Some(n) = &e.note {
                out.push_str(&format!(", note: {}", quote(n)));
            }
            out.push_str("),\n");
        }
        out.push_str("]\n");
        out
    }

    /// The expert's path as a script.
    pub fn expert(s: &Scenario) -> Script {
        Script::of_steps(&s.expert)
    }

    /// The panicky reference as a script.
    pub fn panicky(s: &Scenario) -> Script {
        Script::of_steps(&s.panicky)
    }

    fn of_steps(steps: &[crate::scenario::ExpertStep]) -> Script {
        Script(
            steps
                .iter()
                .map(|x| ScriptEntry {
                    at: x.at,
                    action: x.action.clone(),
                    target: x.target.clone(),
                    note: Some(x.why.clone()),
                })
                .collect(),
        )
    }

    /// Entries in time order (stable: same-minute entries keep their file order).
    pub fn in_order(&self, s: &Scenario) -> Vec<ScriptEntry> {
        let mut v = self.0.clone();
        v.sort_by_key(|e| s.minute_of(e.at));
        v
    }

    /// The script without its `skip`-th entry (in time order).
    pub fn without(&self, s: &Scenario, skip: usize) -> Script {
        Script(
            self.in_order(s)
                .into_iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, e)| e)
                .collect(),
        )
    }
}

/// A played session's decisions as a script (accepted or not), to replay or weigh.
pub fn script_of(s: &Session) -> Script {
    Script(
        s.log()
            .iter()
            .map(|d| ScriptEntry {
                at: s.scenario().clock_at(d.at),
                action: d.act.id(s.scenario()).to_string(),
                target: d.act.target_name(s.scenario()).map(str::to_string),
                note: d.note.clone(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_written_as_ron_reads_back_the_same() {
        let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
        let script = Script(vec![
            ScriptEntry {
                at: TimeOfDay::parse("00:05").unwrap(),
                action: "freeze_cicd".into(),
                target: None,
                note: Some("quotes \" and a\nnew line, and // not a comment".into()),
            },
            ScriptEntry {
                at: TimeOfDay::parse("06:35").unwrap(),
                action: "zonal_shift".into(),
                target: Some("use1-az4".into()),
                note: None,
            },
        ]);
        let text = script.to_ron("a header\nover two lines");
        assert!(
            text.starts_with("// a header\n// over two lines\n["),
            "{text}"
        );
        assert_eq!(Script::parse("round-trip.ron", &text, &s).unwrap(), script);
    }
}
