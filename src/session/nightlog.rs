//! A night as it is kept: the scenario it was played on (by id, file and content hash), the program
//! that played it, the seed, every input in the order it came (decisions with owner and rationale,
//! hints, injects), how far the clock got, and the lines left behind by rewinding. Playing the log
//! again gives the same night, byte for byte, because the night is (scenario, seed, inputs).
//!
//! The text is RON, written whole after every change ([`super::journal`]); [`NightLog::parse`]
//! reads it back with every problem located, and [`NightLog::scenario_matches`] refuses a log
//! whose scenario has changed since.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::script::Written;
use super::{Script, Session, record_of};
use crate::scenario::{self, Diagnostics, Minute, Scenario};

/// The shape of the text this program writes; a log of another shape is refused.
pub const FORMAT: u32 = 1;

/// How the night was played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    Play,
    Learn,
    Tabletop,
}

impl Mode {
    /// The command that plays a night this way.
    pub fn command(self) -> &'static str {
        match self {
            Mode::Play => "play",
            Mode::Learn => "learn",
            Mode::Tabletop => "tabletop",
        }
    }
}

/// A line of the night left behind when the team rewound to an earlier decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    /// The minute the night was rewound to (where the lines part).
    pub parted: Minute,
    /// How far that line's clock had got.
    pub reached: Minute,
    pub script: Script,
}

/// A kept night.
#[derive(Debug, Clone, PartialEq)]
pub struct NightLog {
    pub program: String,
    pub scenario_id: String,
    /// The scenario's file when it is not built in (as given, made absolute).
    pub scenario_file: Option<String>,
    pub scenario_hash: String,
    pub seed: u64,
    pub mode: Mode,
    /// The minute the clock had reached (the next to be simulated).
    pub reached: Minute,
    /// The roles or names present (a tabletop's attendance).
    pub roles: Vec<String>,
    /// Every input of the current line, in order.
    pub script: Script,
    /// Lines left behind by rewinding, oldest first.
    pub branches: Vec<Branch>,
}

/// The log as written on disk.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Night")]
struct Kept {
    format: u32,
    program: String,
    scenario: String,
    #[serde(default)]
    scenario_file: Option<String>,
    scenario_hash: String,
    seed: u64,
    mode: Mode,
    reached: Minute,
    #[serde(default)]
    roles: Vec<String>,
    entries: Vec<Written>,
    #[serde(default)]
    branches: Vec<WrittenBranch>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "Branch")]
struct WrittenBranch {
    parted: Minute,
    reached: Minute,
    entries: Vec<Written>,
}

/// Only the header of a log: what `blastradius nights` lists without reading the scenario.
#[derive(Debug, Clone)]
pub struct Header {
    pub format: u32,
    pub program: String,
    pub scenario: String,
    pub scenario_file: Option<String>,
    pub scenario_hash: String,
    pub seed: u64,
    pub mode: Mode,
    pub reached: Minute,
    pub roles: Vec<String>,
    /// How many inputs the current line holds.
    pub entries: usize,
}

/// A scenario's content, as a short hash: two scenarios with the same hash play the same night.
/// It reads the parsed scenario, so comments and layout do not count, every value does.
pub fn scenario_hash(s: &Scenario) -> String {
    let text = ron::to_string(s).unwrap_or_default();
    format!("{:016x}", fnv1a(text.as_bytes()))
}

/// FNV-1a, 64 bits: small, stable across machines and versions.
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A decision after where a line's clock was left was never taken: the log is not one night.
/// Each is said at its time in `list` (entries as written, so the index is the file's).
fn after_reached(
    list: &str,
    written: &[Written],
    reached: Minute,
    line: &str,
    s: &Scenario,
) -> Vec<(String, String)> {
    written
        .iter()
        .enumerate()
        .filter_map(|(i, w)| {
            let t = w.time(s)?;
            (s.minute_of(t) > reached).then(|| {
                (
                    format!("{list}[{i}].at"),
                    format!(
                        "{t} comes after where {line} was left ({})",
                        s.clock_at(reached)
                    ),
                )
            })
        })
        .collect()
}

/// The header's words are shown on a terminal, each on one line: a control character in them (a
/// line break too) or a reordering mark is a problem (an escape sequence would move the cursor or
/// recolour the screen).
fn unprintable(program: &str, roles: &[String], scenario: &str) -> Vec<(String, String)> {
    let fields = [("program", program), ("scenario", scenario)]
        .into_iter()
        .chain(roles.iter().map(|r| ("roles", r.as_str())));
    fields
        .filter_map(|(field, text)| {
            scenario::unshowable(text, false).map(|(c, what)| {
                (
                    field.to_string(),
                    format!("{what} {} in the {field}", c.escape_unicode()),
                )
            })
        })
        .collect()
}

impl NightLog {
    /// A new log for a night about to start.
    pub fn new(s: &Scenario, file: Option<String>, seed: u64, mode: Mode) -> NightLog {
        NightLog {
            program: env!("CARGO_PKG_VERSION").to_string(),
            scenario_id: s.id.clone(),
            scenario_file: file,
            scenario_hash: scenario_hash(s),
            seed,
            mode,
            reached: 0,
            roles: Vec::new(),
            script: Script::default(),
            branches: Vec::new(),
        }
    }

    /// The log brought up to date with a session: its inputs and its clock.
    pub fn update(&mut self, night: &Session) {
        self.script = record_of(night);
        self.reached = night.now();
    }

    /// Whether `s` is the scenario this night was played on; the reason in words when not.
    pub fn scenario_matches(&self, s: &Scenario) -> Result<(), String> {
        let now = scenario_hash(s);
        if now == self.scenario_hash && s.id == self.scenario_id {
            return Ok(());
        }
        if s.id != self.scenario_id {
            return Err(format!(
                "this night was played on the scenario \"{}\", but the scenario found for it is \"{}\"",
                self.scenario_id, s.id
            ));
        }
        Err(format!(
            "the scenario \"{}\" has changed since this night was played (content {} then, {} now), so the night would not play the same; play it anew",
            self.scenario_id, self.scenario_hash, now
        ))
    }

    /// The night played again on `s` up to the minute its clock had reached.
    pub fn replay(&self, s: Arc<Scenario>) -> Session {
        replay_line(s, self.seed, &self.script, self.reached)
    }

    /// A branch left behind, played again up to where its clock had got.
    pub fn replay_branch(&self, s: Arc<Scenario>, b: &Branch) -> Session {
        replay_line(s, self.seed, &b.script, b.reached)
    }

    /// The log as RON text, with a header comment saying what it is.
    pub fn to_text(&self, s: &Scenario) -> String {
        let quote = |t: &str| ron::to_string(t).unwrap_or_else(|_| "\"\"".into());
        let mut out = String::new();
        out.push_str(&format!(
            "// A night of blastradius {} ({} at {}), seed {}.\n// Replay: blastradius replay <this file>   Report: blastradius report <this file> --format html\n(\n",
            self.mode.command(),
            self.scenario_id,
            s.clock_at(self.reached.min(s.length())),
            self.seed
        ));
        out.push_str(&format!("    format: {FORMAT},\n"));
        out.push_str(&format!("    program: {},\n", quote(&self.program)));
        out.push_str(&format!("    scenario: {},\n", quote(&self.scenario_id)));
        if let Some(f) = &self.scenario_file {
            out.push_str(&format!("    scenario_file: {},\n", quote(f)));
        }
        out.push_str(&format!(
            "    scenario_hash: {},\n",
            quote(&self.scenario_hash)
        ));
        out.push_str(&format!("    seed: {},\n", self.seed));
        out.push_str(&format!("    mode: {:?},\n", self.mode));
        out.push_str(&format!("    reached: {},\n", self.reached));
        if !self.roles.is_empty() {
            let roles: Vec<String> = self.roles.iter().map(|r| quote(r)).collect();
            out.push_str(&format!("    roles: [{}],\n", roles.join(", ")));
        }
        out.push_str(&format!(
            "    entries: {},\n",
            indented(&self.script, "    ")
        ));
        if !self.branches.is_empty() {
            out.push_str("    branches: [\n");
            for b in &self.branches {
                out.push_str(&format!(
                    "        (parted: {}, reached: {}, entries: {}),\n",
                    b.parted,
                    b.reached,
                    indented(&b.script, "        ")
                ));
            }
            out.push_str("    ],\n");
        }
        out.push_str(")\n");
        out
    }

    /// Read a log's text: its shape, then every entry against the scenario `s` (which the caller
    /// found from the header). Every problem is located in the file.
    pub fn parse(file: &str, src: &str, s: &Scenario) -> Result<NightLog, Diagnostics> {
        let w: Kept = scenario::parse_ron(file, src, "night log")?;
        let mut problems = Vec::new();
        if w.format != FORMAT {
            problems.push((
                "format".to_string(),
                format!(
                    "this is a night log of format {}; this program reads format {FORMAT}",
                    w.format
                ),
            ));
        }
        problems.extend(unprintable(&w.program, &w.roles, &w.scenario));
        problems.extend(after_reached(
            "entries",
            &w.entries,
            w.reached,
            "the night",
            s,
        ));
        let (script, found) = Script::checked("entries", w.entries, s);
        problems.extend(found);
        let mut branches = Vec::new();
        for (i, b) in w.branches.into_iter().enumerate() {
            // A line left behind is checked as the night's own line is.
            let list = format!("branches[{i}].entries");
            problems.extend(after_reached(
                &list,
                &b.entries,
                b.reached,
                "this branch",
                s,
            ));
            let (script, found) = Script::checked(&list, b.entries, s);
            problems.extend(found);
            // A branch parts from the line before its own clock stopped, within the night.
            if b.parted > s.length() + 1 {
                problems.push((
                    format!("branches[{i}].parted"),
                    format!(
                        "the night has {} minutes; a branch cannot part at minute {}",
                        s.length() + 1,
                        b.parted
                    ),
                ));
            }
            if b.reached > s.length() + 1 {
                problems.push((
                    format!("branches[{i}].reached"),
                    format!(
                        "the night has {} minutes; the branch cannot have reached {}",
                        s.length() + 1,
                        b.reached
                    ),
                ));
            } else if b.parted > b.reached && b.parted <= s.length() + 1 {
                problems.push((
                    format!("branches[{i}].parted"),
                    format!(
                        "the branch parts at {}, after where its clock was left ({})",
                        s.clock_at(b.parted.min(s.length())),
                        s.clock_at(b.reached.min(s.length()))
                    ),
                ));
            }
            branches.push(Branch {
                parted: b.parted,
                reached: b.reached,
                script,
            });
        }
        let limit = s.length() + 1;
        if w.reached > limit {
            problems.push((
                "reached".into(),
                format!(
                    "the night has {limit} minutes; the clock cannot have reached {}",
                    w.reached
                ),
            ));
        }
        if !problems.is_empty() {
            return Err(scenario::located(file, src, problems));
        }
        Ok(NightLog {
            program: w.program,
            scenario_id: w.scenario,
            scenario_file: w.scenario_file,
            scenario_hash: w.scenario_hash,
            seed: w.seed,
            mode: w.mode,
            reached: w.reached,
            roles: w.roles,
            script,
            branches,
        })
    }

    /// Only the header of a log's text (no scenario needed).
    pub fn header(file: &str, src: &str) -> Result<Header, Diagnostics> {
        let w: Kept = scenario::parse_ron(file, src, "night log")?;
        let problems = unprintable(&w.program, &w.roles, &w.scenario);
        if !problems.is_empty() {
            return Err(scenario::located(file, src, problems));
        }
        Ok(Header {
            format: w.format,
            program: w.program,
            scenario: w.scenario,
            scenario_file: w.scenario_file,
            scenario_hash: w.scenario_hash,
            seed: w.seed,
            mode: w.mode,
            reached: w.reached,
            roles: w.roles,
            entries: w.entries.len(),
        })
    }
}

/// A line of a night played again: its inputs, each at its minute, then the clock run on to
/// `reached` (inputs taken at that minute were taken before it was simulated).
fn replay_line(s: Arc<Scenario>, seed: u64, script: &Script, reached: Minute) -> Session {
    let mut night = Session::new(s.clone(), seed);
    let entries = script.in_order(&s);
    night.play_entries(&entries);
    night.run_until(reached);
    night
}

/// A script's RON list, indented to sit inside the log's parentheses.
fn indented(script: &Script, pad: &str) -> String {
    let text = script.to_ron("");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(pad);
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{InjectEntry, ScriptEntry};

    fn flagship() -> Arc<Scenario> {
        Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap())
    }

    #[test]
    fn a_log_written_as_text_reads_back_the_same_and_replays_the_same_night() {
        let s = flagship();
        let mut night = Session::new(s.clone(), 7);
        night.run_until(20);
        night
            .act_id("freeze_cicd", None, Some("hold the AMI refresh"))
            .unwrap();
        night.inject_typed("Facilitator", "The \"CEO\" is on the bridge");
        night.run_until(60);
        night.fire_inject(0).ok();
        let lesson = s.lessons.iter().position(|l| !l.hints.is_empty()).unwrap();
        night.take_hint(lesson).unwrap();
        night.run_until(75);
        let mut log = NightLog::new(&s, None, 7, Mode::Tabletop);
        log.roles = vec!["IC".into(), "Comms".into()];
        log.update(&night);
        log.branches.push(Branch {
            parted: 20,
            reached: 40,
            script: Script(vec![ScriptEntry::inject(
                s.clock_at(30),
                InjectEntry::Pool("rollback-idea".into()),
            )]),
        });
        let text = log.to_text(&s);
        if std::env::var_os("SHOW_LOG").is_some() {
            eprintln!("{text}");
        }
        let back =
            NightLog::parse("night.ron", &text, &s).unwrap_or_else(|d| panic!("{d}\n{text}"));
        assert_eq!(back, log, "{text}");
        let again = back.replay(s.clone());
        assert_eq!(again.now(), night.now());
        assert_eq!(again.blast_radius(), night.blast_radius());
        assert_eq!(again.world().events().len(), night.world().events().len());
        let header = NightLog::header("night.ron", &text).unwrap();
        assert_eq!(
            (header.seed, header.reached, header.mode),
            (7, 75, Mode::Tabletop)
        );
    }

    #[test]
    fn a_changed_scenario_is_refused_and_a_bad_entry_is_located() {
        let s = flagship();
        let log = NightLog::new(&s, None, 3, Mode::Play);
        assert!(log.scenario_matches(&s).is_ok());
        let mut changed = (*s).clone();
        changed.customers += 1;
        let why = log.scenario_matches(&changed).unwrap_err();
        assert!(why.contains("has changed"), "{why}");
        let mut other = (*s).clone();
        other.id = "another-night".into();
        let why = log.scenario_matches(&other).unwrap_err();
        assert!(
            why.contains("played on the scenario") && why.contains("\"another-night\""),
            "{why}"
        );
        // A branch that parts after its own clock stopped is not a branch of this night.
        let mut branched = log.clone();
        branched.reached = 60;
        branched.branches.push(Branch {
            parted: 50,
            reached: 5,
            script: Script::default(),
        });
        let d = NightLog::parse("b.ron", &branched.to_text(&s), &s)
            .unwrap_err()
            .to_string();
        assert!(d.contains("the branch parts at"), "{d}");

        // A branch is checked as the night's own line is: no decision after where its clock
        // stopped, and no minute outside the night (said as written, not as a clamped time).
        let mut late = log.clone();
        late.reached = 60;
        late.branches.push(Branch {
            parted: 20,
            reached: 50,
            script: Script(vec![ScriptEntry::decision(
                s.clock_at(120),
                "freeze_cicd",
                None,
                None,
            )]),
        });
        let text = late.to_text(&s);
        let at = text.find("(at: \"01:43\"").unwrap() + 1;
        let line = text[..at].matches('\n').count() + 1;
        let col = at - text[..at].rfind('\n').unwrap() - 1 + "(at: ".len();
        let d = NightLog::parse("late.ron", &text, &s)
            .unwrap_err()
            .to_string();
        assert_eq!(
            d,
            format!("late.ron:{line}:{col}: 01:43 comes after where this branch was left (00:33)")
        );
        let far = text.replace("parted: 20", "parted: 9999");
        let d = NightLog::parse("far.ron", &far, &s)
            .unwrap_err()
            .to_string();
        assert!(
            d.contains("the night has 918 minutes; a branch cannot part at minute 9999")
                && !d.contains("the branch parts at"),
            "{d}"
        );

        let text = log.to_text(&s).replace(
            "entries: [",
            "entries: [\n        (at: \"00:10\", action: \"freez_cicd\"),",
        );
        let d = NightLog::parse("n.ron", &text, &s).unwrap_err().to_string();
        assert!(
            d.contains("n.ron:") && d.contains("did you mean freeze_cicd"),
            "{d}"
        );
    }
}
