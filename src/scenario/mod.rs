//! Scenarios: the RON model, loading (built in or from a file) and validation.

pub mod explain;
pub mod format;
mod inject;
mod inquiry;
mod levers;
pub mod limits;
mod locate;
mod misnamed;
pub mod model;
mod plain;
mod prepared;
pub mod shown;
mod syntax;
pub mod time;
mod validate;

use std::fmt;
use std::path::Path;

pub use inquiry::draw_name;
pub use levers::{LeverName, LeverWords, Vocabulary};
pub use limits::{MAX_SERVICES, MAX_ZONES};
pub use locate::SourceMap;
pub use model::*;
pub(crate) use prepared::Prepared;
pub use time::{Minute, TimeOfDay};
pub use validate::check as problems;
pub use validate::teaching::HINT_RUNGS;
pub use validate::text::{showable, unshowable};

/// The scenarios shipped inside the binary: (id, file name, source).
pub const BUILTIN: &[(&str, &str, &str)] = &[
    (
        "us-east-1-2025-10-20",
        "scenarios/us-east-1-2025-10-20.ron",
        include_str!("../../scenarios/us-east-1-2025-10-20.ron"),
    ),
    (
        "black-friday-card-gateway",
        "scenarios/black-friday-card-gateway.ron",
        include_str!("../../scenarios/black-friday-card-gateway.ron"),
    ),
    (
        "peak-sort-gray-zone",
        "scenarios/peak-sort-gray-zone.ron",
        include_str!("../../scenarios/peak-sort-gray-zone.ron"),
    ),
    (
        "dns-plan-race",
        "scenarios/dns-plan-race.ron",
        include_str!("../../scenarios/dns-plan-race.ron"),
    ),
];

/// The scenario played when none is named.
pub const FLAGSHIP: &str = "us-east-1-2025-10-20";

/// One problem in a user's file, located where we can.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One diagnostic, one line: control characters from the user's file, or in its name, are
        // shown escaped.
        // Line 0: a name given on the command line that is no file; there is no place to point at.
        if self.line == 0 {
            return write!(
                f,
                "{}: {}",
                shown::text(&self.file),
                shown::text(&self.message)
            );
        }
        write!(
            f,
            "{}:{}:{}: {}",
            shown::text(&self.file),
            self.line,
            self.col,
            shown::text(&self.message)
        )
    }
}

/// Everything wrong with one file; never empty.
#[derive(Debug, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl Diagnostics {
    pub fn one(file: &str, message: impl Into<String>) -> Diagnostics {
        Diagnostics(vec![Diagnostic {
            file: file.to_string(),
            line: 1,
            col: 1,
            message: message.into(),
        }])
    }

    /// A problem with a name given on the command line that names no file: said without a line
    /// and column, since there is no file to point into.
    pub fn argument(name: &str, message: impl Into<String>) -> Diagnostics {
        Diagnostics(vec![Diagnostic {
            file: name.to_string(),
            line: 0,
            col: 0,
            message: message.into(),
        }])
    }
}

/// RON options every file of ours is read with: `Some(..)` may be left out.
pub fn ron_options() -> ron::Options {
    // Deep enough for the 32 levels of conditions validation allows (each level is an enum and a
    // list inside the beat's structure); still bounded, so no file can overflow the stack.
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(256)
}

/// Deserialize RON text, turning a syntax or shape error into `FILE:LINE:COL: message`. `what`
/// names what the file holds ("scenario", "script", "night log") in those messages.
pub fn parse_ron<T: serde::de::DeserializeOwned>(
    file: &str,
    src: &str,
    what: &str,
) -> Result<T, Diagnostics> {
    // A byte-order mark is not content: read past it (positions still count it as a column).
    let (src, bom) = match src.strip_prefix('\u{feff}') {
        Some(rest) => (rest, 1),
        None => (src, 0),
    };
    // Most files are plain RON, which the quick reader takes; anything else, and every error,
    // is read by `ron`, whose message and position the user sees.
    if let Some(value) = plain::read(src) {
        return Ok(value);
    }
    ron_options().from_str(src).map_err(|e| {
        let (line, col, message) = syntax::said(src, what, &e);
        Diagnostics(vec![Diagnostic {
            file: file.to_string(),
            line,
            col: col + if line == 1 { bom } else { 0 },
            message,
        }])
    })
}

/// Parse and validate a scenario held in memory. `file` names it in messages.
pub fn load_str(file: &str, src: &str) -> Result<Scenario, Diagnostics> {
    let scenario: Scenario = match parse_ron(file, src, "scenario") {
        Ok(s) => s,
        // A file for a newer format may not parse here: say that, not its first unknown field.
        Err(d) => return Err(format::newer(file, src).unwrap_or(d)),
    };
    let mut problems = validate::check(&scenario);
    if validate::text::may_hide(src) {
        problems.extend(validate::text::hidden_characters(&scenario));
    }
    if problems.is_empty() {
        return Ok(scenario);
    }
    Err(located(file, src, problems))
}

/// Problems found in a parsed file, as (path of the value at fault, message), turned into
/// diagnostics at the line and column of each value in `src`, in the order they appear in the file
/// (problems at the same place keep the order they were found in). A path that names nothing in
/// the source is placed at its nearest enclosing value, or else at 1:1.
///
/// Every file of ours that is checked after parsing reports through this: scenarios
/// ([`load_str`]) and scripts of timed actions alike. Call it with at least one problem: the
/// result is an error, and [`Diagnostics`] is never empty.
pub fn located(file: &str, src: &str, problems: Vec<(String, String)>) -> Diagnostics {
    let map = SourceMap::new(src);
    let mut out: Vec<Diagnostic> = problems
        .into_iter()
        .map(|(path, message)| {
            let (line, col) = map.locate(&path).unwrap_or((1, 1));
            Diagnostic {
                file: file.to_string(),
                line,
                col,
                message,
            }
        })
        .collect();
    out.sort_by_key(|d| (d.line, d.col));
    Diagnostics(out)
}

/// The most bytes a scenario or script file may have: the flagship is under 100 KiB.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A file's bytes, refusing (without reading it all) one larger than `MAX_FILE_BYTES`, such as a
/// device that never ends.
pub fn read_capped(path: &Path) -> Result<Vec<u8>, Diagnostics> {
    use std::io::Read as _;
    let name = shown::path(path);
    let file = std::fs::File::open(path)
        .map_err(|e| Diagnostics::one(&name, format!("cannot read: {e}")))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Diagnostics::one(&name, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Diagnostics::one(
            &name,
            format!(
                "the file is larger than {} MiB; scenarios and scripts are text files of a few hundred KiB at most",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

/// Read and validate a scenario file. A file that is not UTF-8 text gets one clear message.
pub fn load_path(path: &Path) -> Result<Scenario, Diagnostics> {
    load_bytes(path, read_capped(path)?)
}

/// Validate a scenario already read from `path` (read once: a pipe or a FIFO cannot be read
/// twice). Bytes that are not UTF-8 text get one clear message.
pub fn load_bytes(path: &Path, bytes: Vec<u8>) -> Result<Scenario, Diagnostics> {
    let name = shown::path(path);
    let src = String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(upto);
        let line = text.matches('\n').count() + 1;
        let col = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostics(vec![Diagnostic {
            file: name.clone(),
            line,
            col,
            message: "the file is not UTF-8 text".into(),
        }])
    })?;
    load_str(&name, &src)
}

/// A built-in scenario by id.
pub fn builtin(id: &str) -> Option<Scenario> {
    BUILTIN
        .iter()
        .find(|(bid, _, _)| *bid == id)
        .map(|(_, file, src)| {
            load_str(file, src).expect("built-in scenarios are validated by tests")
        })
}

/// A built-in id, or else a path to a scenario file (any path the system allows, UTF-8 or not).
pub fn resolve(name: impl AsRef<std::ffi::OsStr>) -> Result<Scenario, Diagnostics> {
    let path = Path::new(name.as_ref());
    if let Some(s) = path.to_str().and_then(builtin) {
        return Ok(s);
    }
    if path.exists() {
        return load_path(path);
    }
    let name = shown::path(path);
    let name = name.as_str();
    let ids: Vec<&str> = BUILTIN.iter().map(|(id, _, _)| *id).collect();
    let hint = nearest(name, ids.iter().copied())
        .map(|id| format!("did you mean {id}? "))
        .unwrap_or_default();
    Err(Diagnostics::argument(
        name,
        format!(
            "no built-in scenario or file by that name ({hint}built-in: {})",
            ids.join(", ")
        ),
    ))
}

/// The candidate closest to a mistyped name, when one is close enough to be what was meant
/// (an edit distance of at most a third of the name, at least one), or starts the same way.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w: Vec<char> = word.to_lowercase().chars().collect();
    let limit = (w.len() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| {
            let cl = c.to_lowercase();
            let d = edit_distance(&w, &cl.chars().collect::<Vec<_>>());
            let prefix = w.len() >= 4 && cl.starts_with(&word.to_lowercase());
            (if prefix { 0 } else { d }, c)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance between two words.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

impl Scenario {
    /// Minutes from the first to the last minute of the night.
    pub fn length(&self) -> Minute {
        self.clock.end.minutes_after(self.clock.start)
    }

    /// Minutes into the night of a wall-clock time (its first moment at or after the start).
    pub fn minute_of(&self, t: TimeOfDay) -> Minute {
        t.minutes_after(self.clock.start)
    }

    /// The wall-clock time at a minute into the night.
    pub fn clock_at(&self, m: Minute) -> TimeOfDay {
        TimeOfDay((self.clock.start.0 + m) % time::MINUTES_PER_DAY)
    }

    /// "Sun 23:43 PDT" for a minute into the night.
    pub fn stamp(&self, m: Minute) -> String {
        let days = (self.clock.start.0 + m) / time::MINUTES_PER_DAY;
        let day = time::weekday(&self.date)
            .map(|d| {
                const W: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
                let i = W.iter().position(|w| *w == d).unwrap_or(0);
                W[(i + days as usize) % 7]
            })
            .unwrap_or("");
        format!("{day} {} {}", self.clock_at(m), self.timezone)
    }

    pub fn action(&self, id: &str) -> Option<&ActionDef> {
        self.actions.iter().find(|a| a.id == id)
    }

    /// The names a target of this kind can take, in scenario order: service ids or zones.
    pub fn target_names(&self, kind: TargetKind) -> Vec<&str> {
        match kind {
            TargetKind::None => Vec::new(),
            TargetKind::Service => self.services.iter().map(|x| x.id.as_str()).collect(),
            TargetKind::Zone => self.zones.iter().map(String::as_str).collect(),
            TargetKind::Theory => self.theories.iter().map(|x| x.id.as_str()).collect(),
        }
    }

    /// The name of an action's target, when the action takes one and the index names one.
    pub fn target_name(&self, action: usize, target: Option<usize>) -> Option<&str> {
        let t = target?;
        match self.actions.get(action)?.target {
            TargetKind::Service => self.services.get(t).map(|s| s.id.as_str()),
            TargetKind::Zone => self.zones.get(t).map(String::as_str),
            TargetKind::Theory => self.theories.get(t).map(|x| x.id.as_str()),
            TargetKind::None => None,
        }
    }

    /// "Restart a service (api)": an action's name and its target, as every screen and export
    /// lists a decision. A theory is named by its name, not its id ("State a working theory (The
    /// provider: DynamoDB's regional endpoint)"): ids are for files, names for people.
    pub fn label(&self, action: usize, target: Option<usize>) -> String {
        let name = self.actions.get(action).map_or("?", |a| a.name.as_str());
        let theory = self.actions.get(action).map(|a| a.target) == Some(TargetKind::Theory);
        let target = match target.and_then(|t| self.theories.get(t)) {
            Some(t) if theory => Some(t.name.as_str()),
            _ => self.target_name(action, target),
        };
        match target {
            Some(t) => format!("{name} ({t})"),
            None => name.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_nest_as_deep_as_the_format_allows_and_no_deeper() {
        let mini = include_str!("../../tests/fixtures/mini.ron");
        let nested = |levels: usize| {
            let mut c = "After(\"00:10\")".to_string();
            for k in 0..levels {
                c = if k % 2 == 0 {
                    format!("All([{c}])")
                } else {
                    format!("Any([{c}])")
                };
            }
            let beat = format!(
                "beats: [(id: \"deep\", channel: Chat, from: \"x\", text: \"deep\", when: {c})],"
            );
            mini.replace("beats: [],", &beat)
        };
        assert!(load_str("deep.ron", &nested(32)).is_ok(), "32 levels load");
        let e = load_str("deeper.ron", &nested(33)).unwrap_err().to_string();
        assert!(e.contains("nested too deeply (more than 32 levels)"), "{e}");
    }

    #[test]
    fn the_flagship_clock_reads_like_a_wall_clock() {
        let s = builtin(FLAGSHIP).unwrap();
        assert_eq!(s.stamp(0), "Sun 23:43 PDT");
        assert_eq!(s.stamp(22), "Mon 00:05 PDT");
        assert_eq!(s.length(), 15 * 60 + 17);
        assert_eq!(s.stamp(s.length()), "Mon 15:00 PDT");
        assert_eq!(s.minute_of(TimeOfDay::parse("06:35").unwrap()), 412);
    }

    #[test]
    fn names_resolve_to_built_ins_or_files_and_say_what_exists() {
        assert!(resolve(FLAGSHIP).is_ok());
        assert!(resolve("scenarios/us-east-1-2025-10-20.ron").is_ok());
        let e = resolve("nope").unwrap_err().to_string();
        assert!(
            e.starts_with("nope: no built-in scenario") && e.contains(FLAGSHIP),
            "{e}"
        );
        let e = resolve("us-east-1-2025-10-2").unwrap_err().to_string();
        assert!(e.contains("did you mean us-east-1-2025-10-20?"), "{e}");
        assert!(
            !resolve("zzz")
                .unwrap_err()
                .to_string()
                .contains("did you mean")
        );
        assert_eq!(
            nearest("freez_cicd", ["freeze_cicd", "unfreeze_cicd"]),
            Some("freeze_cicd")
        );
        assert_eq!(nearest("us-east-1", [FLAGSHIP]), Some(FLAGSHIP));
        assert_eq!(nearest("handoff", ["escalate_severity"]), None);
    }

    #[test]
    fn problems_are_located_and_sorted_by_position() {
        let src =
            "[\n    (at: \"00:05\", action: \"x\"),\n    (at: \"00:10\", action: \"y\"),\n]\n";
        let problems = vec![
            ("[1].action".to_string(), "second entry".to_string()),
            ("[0].at".to_string(), "first entry, first".to_string()),
            ("[9].at".to_string(), "no such entry".to_string()),
            ("[0].at".to_string(), "first entry, second".to_string()),
            ("[0]".to_string(), "the first entry".to_string()),
        ];
        let d = located("night.ron", src, problems);
        let shown: Vec<String> = d.0.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "night.ron:1:1: no such entry",
                "night.ron:2:5: the first entry",
                "night.ron:2:10: first entry, first",
                "night.ron:2:10: first entry, second",
                "night.ron:3:27: second entry",
            ]
        );
        let nothing = located("empty.ron", "", vec![("a.b".into(), "m".into())]);
        assert_eq!(nothing.to_string(), "empty.ron:1:1: m");
    }
}
