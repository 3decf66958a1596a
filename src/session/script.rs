//! Scripts: timed decisions as a RON list, read from a file (every problem located), written back
//! (a recorded night), and derived (the expert's path, a played night, a night without one entry).

use serde::{Deserialize, Serialize};

use super::{ActionRef, BadAction, Session, Taken};
use crate::scenario::{self, Diagnostics, Scenario, TimeOfDay};

/// One line of a script: a decision, or (with `hint`) a rung of a lesson's hint ladder taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptEntry {
    pub at: TimeOfDay,
    /// The action; empty for a hint.
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub target: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// A hint taken: the lesson's id (its next rung). Changes nothing in the world; the debrief
    /// counts it and the grade says "assisted".
    #[serde(default)]
    pub hint: Option<String>,
    /// Who decided: a role or a name (a tabletop team's decisions).
    #[serde(default)]
    pub owner: Option<String>,
    /// A line a tabletop facilitator fired into the channel (instead of a decision).
    #[serde(default)]
    pub inject: Option<InjectEntry>,
}

/// An inject in a script: one of the scenario's pool by id, or a line typed on the spot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum InjectEntry {
    Pool(String),
    Typed { from: String, text: String },
}

impl ScriptEntry {
    /// A decision at a time.
    pub fn decision(at: TimeOfDay, action: &str, target: Option<&str>, note: Option<&str>) -> Self {
        ScriptEntry {
            at,
            action: action.to_string(),
            target: target.map(str::to_string),
            note: note.map(str::to_string),
            hint: None,
            owner: None,
            inject: None,
        }
    }

    /// A rung of a lesson's hint ladder taken at a time.
    pub fn hint(at: TimeOfDay, lesson: &str) -> Self {
        ScriptEntry {
            hint: Some(lesson.to_string()),
            ..ScriptEntry::decision(at, "", None, None)
        }
    }

    /// An inject fired at a time.
    pub fn inject(at: TimeOfDay, inject: InjectEntry) -> Self {
        ScriptEntry {
            inject: Some(inject),
            ..ScriptEntry::decision(at, "", None, None)
        }
    }
}

/// Timed actions: a RON list of `(at: "HH:MM", action: "id", target: "...", note: "...")`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script(pub Vec<ScriptEntry>);

/// One line of a script as written: its time still text, so a malformed time is one problem among
/// others instead of the end of reading (the shape is still `ScriptEntry`'s).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename = "ScriptEntry")]
pub(super) struct Written {
    at: String,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    inject: Option<InjectEntry>,
}

impl Written {
    /// The time this entry is written at, when it reads as one within the night (a time that
    /// does not is said by [`Script::checked`]).
    pub(super) fn time(&self, s: &Scenario) -> Option<TimeOfDay> {
        TimeOfDay::parse(&self.at)
            .ok()
            .filter(|t| s.minute_of(*t) <= s.length())
    }
}

impl Script {
    /// Parse a script and check it against the scenario: every problem (malformed times, times
    /// outside the night, unknown actions and targets), each at its line. Only a file that is not
    /// a list of entries at all stops at its first problem.
    pub fn parse(file: &str, src: &str, s: &Scenario) -> Result<Script, Diagnostics> {
        let written: Vec<Written> = scenario::parse_ron(file, src, "script")?;
        let (script, problems) = Script::checked("", written, s);
        if problems.is_empty() {
            Ok(script)
        } else {
            Err(scenario::located(file, src, problems))
        }
    }

    /// Entries as written, checked against the scenario: the script of those that can be read,
    /// and every problem at its path (`{list}[i].field`).
    pub(super) fn checked(
        list: &str,
        written: Vec<Written>,
        s: &Scenario,
    ) -> (Script, Vec<(String, String)>) {
        let mut problems = Vec::new();
        let mut at = |path: String, message: String| problems.push((path, message));
        let mut entries = Vec::with_capacity(written.len());
        // Hints taken so far, per lesson.
        let mut rungs: std::collections::BTreeMap<String, usize> = Default::default();
        for (i, w) in written.into_iter().enumerate() {
            match TimeOfDay::parse(&w.at) {
                Ok(t) if s.minute_of(t) > s.length() => at(
                    format!("{list}[{i}].at"),
                    format!(
                        "{t} is outside the night ({} to {})",
                        s.clock.start, s.clock.end
                    ),
                ),
                Ok(t) => entries.push(ScriptEntry {
                    at: t,
                    action: w.action.clone().unwrap_or_default(),
                    target: w.target.clone(),
                    note: w.note.clone(),
                    hint: w.hint.clone(),
                    owner: w.owner.clone(),
                    inject: w.inject.clone(),
                }),
                Err(message) => at(format!("{list}[{i}].at"), message),
            }
            // What a person wrote is shown on a terminal: no escape sequences, no bell, nothing
            // that reorders the line (line breaks are fine).
            let typed = match &w.inject {
                Some(InjectEntry::Typed { from, text }) => vec![("inject", from), ("inject", text)],
                _ => Vec::new(),
            };
            for (field, text) in [("note", &w.note), ("owner", &w.owner)]
                .into_iter()
                .filter_map(|(f, t)| t.as_ref().map(|t| (f, t)))
                .chain(typed)
            {
                if let Some((c, what)) = scenario::unshowable(text, true) {
                    at(
                        format!("{list}[{i}].{field}"),
                        format!(
                            "{what} {} in the {field}: it would be shown on a terminal",
                            c.escape_unicode()
                        ),
                    );
                }
                // As long as a scenario's lines may be, and no longer.
                let n = text.chars().count();
                if n > scenario::limits::MAX_TEXT_CHARS {
                    at(
                        format!("{list}[{i}].{field}"),
                        format!(
                            "the {field} is {n} characters long; at most {} are supported",
                            scenario::limits::MAX_TEXT_CHARS
                        ),
                    );
                }
            }
            if let Some(x) = &w.inject {
                if w.action.is_some() || w.hint.is_some() {
                    at(
                        format!("{list}[{i}].inject"),
                        "an entry is a decision, a hint or an inject, one of them".into(),
                    );
                } else if let InjectEntry::Pool(id) = x
                    && !s.injects.iter().any(|p| &p.id == id)
                {
                    let near = scenario::nearest(id, s.injects.iter().map(|p| p.id.as_str()));
                    at(
                        format!("{list}[{i}].inject"),
                        match near {
                            Some(n) => format!("unknown inject \"{id}\": did you mean {n}?"),
                            None => format!("unknown inject \"{id}\" in this scenario's pool"),
                        },
                    );
                }
                continue;
            }
            let action = match (&w.action, &w.hint) {
                (Some(_), Some(_)) => {
                    at(
                        format!("{list}[{i}].hint"),
                        "an entry is a decision (action) or a hint, not both".into(),
                    );
                    continue;
                }
                (None, Some(lesson)) => {
                    match s
                        .lessons
                        .iter()
                        .find(|l| &l.id == lesson && !l.hints.is_empty())
                    {
                        None => at(
                            format!("{list}[{i}].hint"),
                            format!("\"{lesson}\" is not a lesson with hints in this scenario"),
                        ),
                        // Each entry takes the next rung: one past the last would be dropped
                        // unsaid, and the count would not match what the file says was taken.
                        Some(l) => {
                            let taken = rungs.entry(lesson.clone()).or_insert(0usize);
                            *taken += 1;
                            if *taken == l.hints.len() + 1 {
                                at(
                                    format!("{list}[{i}].hint"),
                                    format!(
                                        "\"{lesson}\" has {} hints; this is one more",
                                        l.hints.len()
                                    ),
                                );
                            }
                        }
                    }
                    if w.note.is_some() {
                        at(
                            format!("{list}[{i}].note"),
                            "a hint keeps no note (a note goes with a decision)".into(),
                        );
                    }
                    if w.target.is_some() {
                        at(
                            format!("{list}[{i}].target"),
                            "a hint takes no target".into(),
                        );
                    }
                    continue;
                }
                (None, None) => {
                    at(
                        format!("{list}[{i}]"),
                        "an entry needs an action (or a hint)".into(),
                    );
                    continue;
                }
                (Some(a), None) => a,
            };
            if let Err(bad) = ActionRef::resolve(s, action, w.target.as_deref()) {
                let path = match bad {
                    BadAction::UnknownAction(..) => format!("{list}[{i}].action"),
                    BadAction::MissingTarget { .. } => format!("{list}[{i}]"),
                    _ => format!("{list}[{i}].target"),
                };
                at(path, bad.to_string());
            }
        }
        (Script(entries), problems)
    }

    pub fn load(path: &std::path::Path, s: &Scenario) -> Result<Script, Diagnostics> {
        Script::load_bytes(path, scenario::read_capped(path)?, s)
    }

    /// Check a script already read from `path` (read once: a pipe cannot be read twice).
    pub fn load_bytes(
        path: &std::path::Path,
        bytes: Vec<u8>,
        s: &Scenario,
    ) -> Result<Script, Diagnostics> {
        let name = scenario::shown::path(path);
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
            if let Some(h) = &e.hint {
                out.push_str(&format!("    (at: \"{}\", hint: {}),\n", e.at, quote(h)));
                continue;
            }
            match &e.inject {
                Some(InjectEntry::Pool(id)) => {
                    out.push_str(&format!(
                        "    (at: \"{}\", inject: Pool({})),\n",
                        e.at,
                        quote(id)
                    ));
                    continue;
                }
                Some(InjectEntry::Typed { from, text }) => {
                    out.push_str(&format!(
                        "    (at: \"{}\", inject: Typed(from: {}, text: {})),\n",
                        e.at,
                        quote(from),
                        quote(text)
                    ));
                    continue;
                }
                None => {}
            }
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
            if let Some(o) = &e.owner {
                out.push_str(&format!(", owner: {}", quote(o)));
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
                .map(|x| ScriptEntry::decision(x.at, &x.action, x.target.as_deref(), Some(&x.why)))
                .collect(),
        )
    }

    /// Entries in time order (stable: same-minute entries keep their file order).
    pub fn in_order(&self, s: &Scenario) -> Vec<ScriptEntry> {
        let mut v = self.0.clone();
        v.sort_by_key(|e| s.minute_of(e.at));
        v
    }

    /// The same decisions on a night whose zone draws picked `there` where this one's picked
    /// `here`: a zone a draw picked here is that draw's zone there (shifting away from the gray
    /// zone stays shifting away from the gray zone), and the other zones keep their order among
    /// themselves; so is a theory about one zone (the gray failure there). The identity when the
    /// draws agree.
    pub fn with_zones_drawn(&self, s: &Scenario, here: &[usize], there: &[usize]) -> Script {
        let n = s.zones.len();
        let mut map: Vec<Option<usize>> = vec![None; n];
        let mut taken = vec![false; n];
        for (&a, &b) in here.iter().zip(there) {
            if a < n && b < n && map[a].is_none() && !taken[b] {
                map[a] = Some(b);
                taken[b] = true;
            }
        }
        let mut free = (0..n).filter(|&b| !taken[b]);
        for slot in map.iter_mut().filter(|m| m.is_none()) {
            *slot = free.next();
        }
        let zone = |name: &str| {
            let a = s.zones.iter().position(|z| z == name)?;
            map[a].map(|b| s.zones[b].clone())
        };
        // A theory about one zone (a gray failure in use1-az1) is about the zone it maps to: the
        // theory that names the same faults there.
        let theory = |id: &str| {
            let t = s.theories.iter().find(|t| t.id == id)?;
            let to = zone(t.zone.as_deref()?)?;
            let u = s
                .theories
                .iter()
                .find(|u| u.zone.as_deref() == Some(to.as_str()) && u.faults == t.faults)?;
            Some(u.id.clone())
        };
        Script(
            self.0
                .iter()
                .map(|e| {
                    let mut e = e.clone();
                    if let Some(t) = e
                        .target
                        .as_deref()
                        .and_then(|t| zone(t).or_else(|| theory(t)))
                    {
                        e.target = Some(t);
                    }
                    e
                })
                .collect(),
        )
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
    let sc = s.scenario();
    Script(
        s.log()
            .iter()
            .map(|d| ScriptEntry {
                owner: d.owner.clone(),
                ..ScriptEntry::decision(
                    sc.clock_at(d.at),
                    d.act.id(sc),
                    d.act.target_name(sc),
                    d.note.as_deref(),
                )
            })
            .collect(),
    )
}

/// A played session as its record: the decisions, the hints taken and the injects fired, in the
/// order they came, so a replay takes them all again in the same order.
pub fn record_of(s: &Session) -> Script {
    let sc = s.scenario();
    let decisions = script_of(s).0;
    let entries = s.taken().iter().filter_map(|t| match *t {
        Taken::Decision(i) => decisions.get(i).cloned(),
        Taken::Hint(i) => {
            let h = s.hints().get(i)?;
            let lesson = sc.lessons.get(h.lesson)?;
            Some(ScriptEntry::hint(sc.clock_at(h.at), &lesson.id))
        }
        Taken::Inject(i) => {
            let x = s.injects().get(i)?;
            let entry = match x.pool.and_then(|p| sc.injects.get(p)) {
                Some(p) => InjectEntry::Pool(p.id.clone()),
                None => InjectEntry::Typed {
                    from: x.from.clone(),
                    text: x.text.clone(),
                },
            };
            Some(ScriptEntry::inject(sc.clock_at(x.at), entry))
        }
    });
    Script(entries.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_written_as_ron_reads_back_the_same() {
        let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
        let at = |t: &str| TimeOfDay::parse(t).unwrap();
        let script = Script(vec![
            ScriptEntry::decision(
                at("00:05"),
                "freeze_cicd",
                None,
                Some("quotes \" and a\nnew line, and // not a comment"),
            ),
            ScriptEntry::inject(
                at("00:20"),
                InjectEntry::Typed {
                    from: "Facilitator".into(),
                    text: "A \"typed\" line".into(),
                },
            ),
            ScriptEntry {
                owner: Some("Incident commander".into()),
                ..ScriptEntry::decision(at("06:35"), "zonal_shift", Some("use1-az4"), None)
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
