//! A game is (scenario, seed, timed actions). This layer is the one path used by the TUI, the
//! headless runner, replays and tabletop rounds: replaying the triple reproduces the night exactly.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::scenario::{
    self, Diagnostic, Diagnostics, Minute, Scenario, SourceMap, TargetKind, TimeOfDay,
};
use crate::score::{self, Breakdown};
use crate::sim::World;

/// One decision the player made, accepted or refused.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Decision {
    pub at: Minute,
    pub action: String,
    pub target: Option<String>,
    pub note: Option<String>,
    pub accepted: bool,
    pub reason: Option<String>,
    /// For an accepted action, its index in the world's outcomes.
    pub ticket: Option<usize>,
}

impl Decision {
    /// "done", "fumbled", "under way" or "refused".
    pub fn outcome(&self, world: &World) -> &'static str {
        match self.ticket.and_then(|t| world.outcomes.get(t)) {
            Some(o) => o.label(),
            None => "refused",
        }
    }
}

/// Why an action could not even be tried: it names nothing in this scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadAction {
    UnknownAction(String),
    UnknownTarget {
        action: String,
        target: String,
        expected: String,
    },
    MissingTarget {
        action: String,
        expected: String,
    },
    UnexpectedTarget {
        action: String,
    },
}

impl std::fmt::Display for BadAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BadAction::UnknownAction(a) => write!(f, "unknown action \"{a}\""),
            BadAction::UnknownTarget {
                action,
                target,
                expected,
            } => {
                write!(
                    f,
                    "unknown target \"{target}\" for {action}: expected one of {expected}"
                )
            }
            BadAction::MissingTarget { action, expected } => {
                write!(f, "{action} needs a target: one of {expected}")
            }
            BadAction::UnexpectedTarget { action } => write!(f, "{action} takes no target"),
        }
    }
}

/// Resolve an action id and target name to indices.
pub fn resolve_action(
    s: &Scenario,
    action: &str,
    target: Option<&str>,
) -> Result<(usize, Option<usize>), BadAction> {
    let a = s
        .actions
        .iter()
        .position(|x| x.id == action)
        .ok_or_else(|| BadAction::UnknownAction(action.to_string()))?;
    let kind = s.actions[a].target;
    let names: Vec<&str> = match kind {
        TargetKind::None => Vec::new(),
        TargetKind::Service => s.services.iter().map(|x| x.id.as_str()).collect(),
        TargetKind::Zone => s.zones.iter().map(String::as_str).collect(),
    };
    match (kind, target) {
        (TargetKind::None, None) => Ok((a, None)),
        (TargetKind::None, Some(_)) => Err(BadAction::UnexpectedTarget {
            action: action.into(),
        }),
        (_, None) => Err(BadAction::MissingTarget {
            action: action.into(),
            expected: names.join(", "),
        }),
        (_, Some(t)) => match names.iter().position(|n| *n == t) {
            Some(i) => Ok((a, Some(i))),
            None => Err(BadAction::UnknownTarget {
                action: action.into(),
                target: t.into(),
                expected: names.join(", "),
            }),
        },
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub world: World,
    pub log: Vec<Decision>,
}

impl Session {
    pub fn new(scenario: Arc<Scenario>, seed: u64) -> Session {
        Session {
            world: World::new(scenario, seed),
            log: Vec::new(),
        }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.world.scenario
    }

    pub fn now(&self) -> Minute {
        self.world.minute
    }

    /// Take an action at the current minute. `Ok(Err(reason))` is a refusal the player reads.
    pub fn act(
        &mut self,
        action: &str,
        target: Option<&str>,
        note: Option<&str>,
    ) -> Result<Result<u32, String>, BadAction> {
        let (a, t) = resolve_action(&self.world.scenario, action, target)?;
        let outcome = self.world.act(a, t).map(|p| p.minutes);
        self.log.push(Decision {
            at: self.world.minute,
            action: action.to_string(),
            target: target.map(str::to_string),
            note: note.map(str::to_string),
            accepted: outcome.is_ok(),
            reason: outcome.as_ref().err().cloned(),
            ticket: outcome.is_ok().then(|| self.world.outcomes.len() - 1),
        });
        Ok(outcome)
    }

    /// Simulate one minute.
    pub fn step(&mut self) {
        self.world.step();
    }

    pub fn run_to_end(&mut self) {
        self.world.run_until(Minute::MAX);
    }

    pub fn is_over(&self) -> bool {
        self.world.is_over()
    }

    pub fn breakdown(&self) -> Breakdown {
        Breakdown::new(&self.world.tally, &self.world.scenario.scoring)
    }

    pub fn blast_radius(&self) -> f64 {
        score::blast_radius(&self.world.tally, &self.world.scenario.scoring)
    }

    /// Play a script from the current minute to the end of the night.
    pub fn play(&mut self, script: &Script) {
        for e in script.in_order(self.scenario()) {
            let at = self.scenario().minute_of(e.at);
            self.world.run_until(at);
            // Scripts are checked against the scenario before they run; an entry that names nothing is skipped.
            let _ = self.act(&e.action, e.target.as_deref(), e.note.as_deref());
        }
        self.run_to_end();
    }
}

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

impl Script {
    /// Parse a script and check it against the scenario: every problem, each at its line.
    pub fn parse(file: &str, src: &str, s: &Scenario) -> Result<Script, Diagnostics> {
        let entries: Vec<ScriptEntry> = scenario::parse_ron(file, src)?;
        let map = SourceMap::new(src);
        let mut problems = Vec::new();
        let mut at = |path: String, message: String| {
            let (line, col) = map.locate(&path).unwrap_or((1, 1));
            problems.push(Diagnostic {
                file: file.to_string(),
                line,
                col,
                message,
            });
        };
        for (i, e) in entries.iter().enumerate() {
            if s.minute_of(e.at) > s.length() {
                at(
                    format!("[{i}].at"),
                    format!(
                        "{} is outside the night ({} to {})",
                        e.at, s.clock.start, s.clock.end
                    ),
                );
            }
            if let Err(bad) = resolve_action(s, &e.action, e.target.as_deref()) {
                let path = match bad {
                    BadAction::UnknownAction(_) => format!("[{i}].action"),
                    BadAction::MissingTarget { .. } => format!("[{i}]"),
                    _ => format!("[{i}].target"),
                };
                at(path, bad.to_string());
            }
        }
        problems.sort_by_key(|d| (d.line, d.col));
        if problems.is_empty() {
            Ok(Script(entries))
        } else {
            Err(Diagnostics(problems))
        }
    }

    pub fn load(path: &std::path::Path, s: &Scenario) -> Result<Script, Diagnostics> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path)
            .map_err(|e| Diagnostics::one(&name, format!("cannot read: {e}")))?;
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
        Script(
            s.expert
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

/// A whole night played headless.
pub fn run(scenario: Arc<Scenario>, seed: u64, script: &Script) -> Session {
    let mut s = Session::new(scenario, seed);
    s.play(script);
    s
}

/// The scenario's reference nights at a seed: (the expert's, doing nothing).
pub fn references(scenario: &Arc<Scenario>, seed: u64) -> (f64, f64) {
    let (expert, nothing) = reference_breakdowns(scenario, seed);
    (expert.total(), nothing.total())
}

/// The breakdowns of the scenario's reference nights at a seed: (the expert's, doing nothing).
pub fn reference_breakdowns(scenario: &Arc<Scenario>, seed: u64) -> (Breakdown, Breakdown) {
    let expert = run(scenario.clone(), seed, &Script::expert(scenario)).breakdown();
    let nothing = run(scenario.clone(), seed, &Script::default()).breakdown();
    (expert, nothing)
}

/// What each entry of a script was worth: the blast radius without it, less the blast radius with it.
/// Positive: the decision saved that much; negative: it cost that much.
pub fn worth_of_each(scenario: &Arc<Scenario>, seed: u64, script: &Script) -> Vec<f64> {
    let with = run(scenario.clone(), seed, script).blast_radius();
    (0..script.0.len())
        .map(|i| run(scenario.clone(), seed, &script.without(scenario, i)).blast_radius() - with)
        .collect()
}

/// A played session's decisions as a script (accepted or not), to replay or weigh.
pub fn script_of(s: &Session) -> Script {
    Script(
        s.log
            .iter()
            .map(|d| ScriptEntry {
                at: s.scenario().clock_at(d.at),
                action: d.action.clone(),
                target: d.target.clone(),
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
