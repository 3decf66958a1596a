//! The layers depend one way: scenario → sim → score → session → report and ui (see
//! docs/architecture.md). These tests read the source under `src/` and fail, naming file and line,
//! when a layer names one above it, when the pure core touches the terminal, the wall clock or
//! global randomness, or when a file grows long without saying why.
//!
//! The scanner is deliberately small: comments, string and character literals are blanked; items
//! under `#[cfg(test)]` (and files declared as `#[cfg(test)] mod name;`) are left out; paths are
//! read whole, with `use` groups expanded (`crate::{sim, score::Tally}`) and `self::`/`super::`
//! resolved from the file's place in the module tree, so `super::super::sim::World` counts as
//! `crate::sim::World`.

use std::path::Path;

// ------------------------------------------------------------------------------------ the rules

/// Terminal crates: only the front end may use them.
const TERMINAL: &[&str] = &["ratatui", "crossterm", "signal_hook"];
/// Reading the wall clock.
const CLOCK_WORDS: &[&str] = &["SystemTime"];
const CLOCK_PATHS: &[&str] = &["Instant::now", "std::time::Instant"];
/// Randomness not drawn from the night's seed.
const RANDOM_WORDS: &[&str] = &["thread_rng", "OsRng", "from_entropy", "getrandom"];
const RANDOM_PATHS: &[&str] = &["rand::random", "rand::rng"];
/// Collections whose iteration order changes from run to run.
const HASHED: &[&str] = &["HashMap", "HashSet"];

/// Files of each layer, as path prefixes under the crate root (a layer may be a file or a folder).
const SCENARIO: &[&str] = &["src/scenario/", "src/scenario.rs"];
const SIM: &[&str] = &["src/sim/", "src/sim.rs"];
const SCORE: &[&str] = &["src/score/", "src/score.rs"];
const SESSION: &[&str] = &["src/session/", "src/session.rs"];
const REPORT: &[&str] = &["src/report/", "src/report.rs"];
const UI: &[&str] = &["src/ui/", "src/ui.rs"];

/// What the files of a layer must not name.
#[derive(Default)]
struct Forbidden {
    /// Modules of this crate: `sim` forbids `crate::sim::…` however it is written.
    modules: &'static [&'static str],
    /// Identifiers anywhere in the code.
    words: &'static [&'static str],
    /// Paths, as written or as imported: `std::time::Instant` also matches
    /// `use std::time::{Duration, Instant}`; `Instant::now` matches `std::time::Instant::now()`.
    paths: &'static [&'static str],
    /// Files exempt from this rule, each with its reason.
    allowed: &'static [(&'static str, &'static str)],
}

/// Every violation of `rule` in the files of `layer`, one line each.
fn violations(layer: &[&str], rule: &Forbidden) -> Vec<String> {
    let mut out = Vec::new();
    for src in sources() {
        let in_layer = layer.iter().any(|p| src.path.starts_with(p));
        let allowed = rule.allowed.iter().any(|(f, _)| *f == src.path);
        if in_layer && !allowed {
            out.extend(scan(&src.path, &src.text, rule));
        }
    }
    out
}

fn assert_none(what: &str, found: Vec<String>) {
    assert!(
        found.is_empty(),
        "{what}: {} violation(s)\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn the_pure_core_has_no_terminal_clock_or_global_randomness() {
    let words: Vec<&str> = [TERMINAL, CLOCK_WORDS, RANDOM_WORDS].concat();
    let paths: Vec<&str> = [CLOCK_PATHS, RANDOM_PATHS].concat();
    let rule = Forbidden {
        words: words.leak(),
        paths: paths.leak(),
        ..Forbidden::default()
    };
    let found = [SCENARIO, SIM, SCORE]
        .iter()
        .flat_map(|layer| violations(layer, &rule))
        .collect();
    assert_none(
        "scenario, sim and score use no terminal crate, never read the clock and draw \
         randomness only from the night's seed",
        found,
    );
}

#[test]
fn the_simulation_and_scoring_use_no_hash_collections() {
    let rule = Forbidden {
        words: HASHED,
        allowed: &[(
            "src/scenario/locate.rs",
            "the source map is only looked up by path, never iterated",
        )],
        ..Forbidden::default()
    };
    let found = [SCENARIO, SIM, SCORE]
        .iter()
        .flat_map(|layer| violations(layer, &rule))
        .collect();
    assert_none(
        "iteration order must not depend on hashing: use BTreeMap/BTreeSet or a Vec",
        found,
    );
}

#[test]
fn scenario_depends_on_no_other_layer() {
    let rule = Forbidden {
        modules: &["sim", "score", "session", "report", "ui", "cli"],
        ..Forbidden::default()
    };
    assert_none(
        "src/scenario is the bottom layer: it imports no other layer",
        violations(SCENARIO, &rule),
    );
}

#[test]
fn sim_depends_only_on_scenario() {
    let rule = Forbidden {
        modules: &["score", "session", "report", "ui", "cli"],
        ..Forbidden::default()
    };
    assert_none("src/sim imports only src/scenario", violations(SIM, &rule));
}

#[test]
fn score_depends_only_on_scenario_and_sim() {
    let rule = Forbidden {
        modules: &["session", "report", "ui", "cli"],
        ..Forbidden::default()
    };
    assert_none(
        "src/score imports only src/scenario and src/sim",
        violations(SCORE, &rule),
    );
}

#[test]
fn session_depends_on_no_front_end_or_terminal() {
    let rule = Forbidden {
        modules: &["report", "ui", "cli"],
        words: TERMINAL,
        ..Forbidden::default()
    };
    assert_none(
        "src/session serves every front end and depends on none, nor on the terminal",
        violations(SESSION, &rule),
    );
}

#[test]
fn report_depends_on_no_ui_or_terminal() {
    let rule = Forbidden {
        modules: &["ui", "cli"],
        words: TERMINAL,
        ..Forbidden::default()
    };
    assert_none(
        "src/report formats the session's analysis: no ui, cli or terminal",
        violations(REPORT, &rule),
    );
}

#[test]
fn ui_reads_the_world_only_through_the_session() {
    let rule = Forbidden {
        modules: &["sim"],
        ..Forbidden::default()
    };
    assert_none(
        "src/ui reads the world only through the session's read-only view, never crate::sim",
        violations(UI, &rule),
    );
}

/// A source file may have this many lines, its tests aside, unless its first lines say why.
const LONG: usize = 600;
/// The words that explain a long file, within its first [`REASON_WITHIN`] lines.
const REASON: &str = "Long because";
const REASON_WITHIN: usize = 5;

#[test]
fn no_source_file_is_long_without_a_reason() {
    let found: Vec<String> = sources()
        .iter()
        .filter_map(|src| too_long(&src.path, &src.text))
        .collect();
    assert_none(
        "split a long file by subject, or say at its top why it is long",
        found,
    );
}

/// A message if `text` has more than [`LONG`] lines outside its tests and no reason at its top.
fn too_long(path: &str, text: &str) -> Option<String> {
    let (_, test_lines) = without_tests(&clean(text));
    let lines = text.lines().count().saturating_sub(test_lines);
    let reason = text.lines().take(REASON_WITHIN).any(|l| l.contains(REASON));
    (lines > LONG && !reason).then(|| {
        format!(
            "{path}:1: {lines} lines besides tests (more than {LONG}) and no \"{REASON} …\" \
             in its first {REASON_WITHIN} lines"
        )
    })
}

// ------------------------------------------------------------------------------- the scanner

/// One source file: its path from the crate root (`src/sim/fleet.rs`) and its text.
struct Source {
    path: String,
    text: String,
}

/// Every `.rs` file under `src/`, in path order, except files compiled only for tests.
fn sources() -> Vec<Source> {
    let mut all = Vec::new();
    walk(Path::new("src"), &mut all);
    all.sort_by(|a, b| a.path.cmp(&b.path));
    let test_only = test_only_files(&all);
    all.retain(|s| !test_only.contains(&s.path));
    assert!(all.len() > 10, "the sources are found from the crate root");
    all
}

fn walk(dir: &Path, out: &mut Vec<Source>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a readable directory entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let path = path.to_string_lossy().replace('\\', "/");
            out.push(Source { path, text });
        }
    }
}

/// Files declared by `#[cfg(test)] mod name;`: they hold tests only.
fn test_only_files(all: &[Source]) -> Vec<String> {
    let mut out = Vec::new();
    for src in all {
        let code = clean(&src.text);
        let mut rest = code.as_str();
        while let Some(at) = rest.find("#[cfg(test)]") {
            rest = &rest[at + "#[cfg(test)]".len()..];
            let words: Vec<&str> = rest.split_whitespace().take(2).collect();
            if let [m, name] = words[..]
                && m == "mod"
                && let Some(name) = name.strip_suffix(';')
            {
                let dir = module_dir(&src.path);
                out.push(format!("{dir}/{name}.rs"));
                out.push(format!("{dir}/{name}/mod.rs"));
            }
        }
    }
    out
}

/// The folder a file's child modules live in.
fn module_dir(path: &str) -> String {
    let (dir, file) = path.rsplit_once('/').unwrap_or(("", path));
    match file {
        "mod.rs" | "lib.rs" | "main.rs" => dir.to_string(),
        _ => format!("{dir}/{}", file.trim_end_matches(".rs")),
    }
}

/// The module path of a file: `src/sim/fleet.rs` is `["sim", "fleet"]`, `src/ui/view/mod.rs`
/// is `["ui", "view"]`, `src/lib.rs` is `[]`.
fn module_of(path: &str) -> Vec<String> {
    let rel = path.strip_prefix("src/").unwrap_or(path);
    let rel = rel.trim_end_matches(".rs");
    let rel = rel.strip_suffix("/mod").unwrap_or(rel);
    match rel {
        "lib" | "main" => Vec::new(),
        _ => rel.split('/').map(str::to_string).collect(),
    }
}

/// Every violation of `rule` in one file: `FILE:LINE: what — the line`.
fn scan(path: &str, text: &str, rule: &Forbidden) -> Vec<String> {
    let (code, _) = without_tests(&clean(text));
    let tokens = lex(&code);
    let module = module_of(path);
    let original: Vec<&str> = text.lines().collect();
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut report = |line: usize, what: String| {
        let shown = original.get(line - 1).map_or("", |l| l.trim());
        let msg = format!("{path}:{line}: {what} — {shown}");
        if !out.iter().any(|(_, m)| *m == msg) {
            out.push((line, msg));
        }
    };
    for t in &tokens {
        if let Tok::Ident(w) = &t.tok
            && rule.words.contains(&w.as_str())
        {
            report(t.line, format!("names `{w}`"));
        }
    }
    for (line, p) in paths(&tokens, &module) {
        let wrapped = format!("::{p}::");
        for m in rule.modules {
            if wrapped.starts_with(&format!("::crate::{m}::")) {
                report(line, format!("depends on crate::{m} (`{p}`)"));
            }
        }
        for q in rule.paths {
            if wrapped.contains(&format!("::{q}::")) {
                report(line, format!("uses `{q}` (`{p}`)"));
            }
        }
    }
    out.sort_by_key(|(line, _)| *line);
    out.into_iter().map(|(_, m)| m).collect()
}

/// The text with comments blanked and the contents of string and character literals blanked
/// (quotes kept); every newline stays, so lines keep their numbers.
fn clean(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let at = |i: usize| c.get(i).copied();
    let is_ident = |ch: Option<char>| ch.is_some_and(|ch| ch.is_alphanumeric() || ch == '_');
    let blank = |ch: char| if ch == '\n' { '\n' } else { ' ' };
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < c.len() {
        // `r` opens a raw string unless it ends an identifier (`br"…"` is a raw string too).
        let before = if i == 0 { None } else { at(i - 1) };
        let starts_word =
            !is_ident(before) || (before == Some('b') && (i < 2 || !is_ident(at(i - 2))));
        let hashes = (i + 1..).take_while(|&k| at(k) == Some('#')).count();
        if at(i) == Some('/') && at(i + 1) == Some('/') {
            while i < c.len() && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if at(i) == Some('/') && at(i + 1) == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if at(i) == Some('/') && at(i + 1) == Some('*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if at(i) == Some('*') && at(i + 1) == Some('/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(c[i]));
                    i += 1;
                }
            }
        } else if at(i) == Some('r') && starts_word && at(i + 1 + hashes) == Some('"') {
            // A raw string: r"…", r#"…"#, …; it ends at a quote followed by as many hashes.
            out.push('r');
            out.push_str(&"#".repeat(hashes));
            out.push('"');
            i += hashes + 2;
            while i < c.len() && !(c[i] == '"' && (1..=hashes).all(|k| at(i + k) == Some('#'))) {
                out.push(blank(c[i]));
                i += 1;
            }
            out.push('"');
            out.push_str(&"#".repeat(hashes));
            i += hashes + 1;
        } else if at(i) == Some('"') {
            out.push('"');
            i += 1;
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' && i + 1 < c.len() {
                    out.push(' ');
                    i += 1;
                }
                out.push(blank(c[i]));
                i += 1;
            }
            out.push('"');
            i += 1;
        } else if at(i) == Some('\'') && (at(i + 1) == Some('\\') || at(i + 2) == Some('\'')) {
            // A character literal ('x', '\'', '\u{1F600}'); a lifetime ('a) is left alone.
            out.push('\'');
            i += 1;
            if at(i) == Some('\\') {
                out.push_str("  ");
                i += 2;
            }
            while i < c.len() && c[i] != '\'' && c[i] != '\n' {
                out.push(' ');
                i += 1;
            }
            if at(i) == Some('\'') {
                out.push('\'');
                i += 1;
            }
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// The cleaned code with every item under `#[cfg(test)]` blanked, and how many lines those items
/// took.
fn without_tests(code: &str) -> (String, usize) {
    const ATTR: &str = "#[cfg(test)]";
    let mut c: Vec<char> = code.chars().collect();
    let attr: Vec<char> = ATTR.chars().collect();
    let mut test_lines = 0;
    let mut i = 0;
    while i + attr.len() <= c.len() {
        if c[i..i + attr.len()] != attr[..] {
            i += 1;
            continue;
        }
        // The item ends at its first `;` or at the `}` closing its first `{`, outside () and [].
        let (mut j, mut nesting, mut braces) = (i + attr.len(), 0i32, 0i32);
        while j < c.len() {
            match c[j] {
                '(' | '[' => nesting += 1,
                ')' | ']' => nesting -= 1,
                ';' if nesting == 0 && braces == 0 => break,
                '{' if nesting == 0 => braces += 1,
                '}' if nesting == 0 => {
                    braces -= 1;
                    if braces == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        let end = j.min(c.len() - 1);
        test_lines += c[i..=end].iter().filter(|&&ch| ch == '\n').count() + 1;
        for ch in &mut c[i..=end] {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
        i = end + 1;
    }
    (c.into_iter().collect(), test_lines)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Other,
}

struct Token {
    tok: Tok,
    line: usize,
}

/// Identifiers, `::`, braces and commas, each with its line; everything else is `Other`.
fn lex(code: &str) -> Vec<Token> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < c.len() {
        let ch = c[i];
        let tok = if ch == '\n' {
            line += 1;
            i += 1;
            continue;
        } else if ch.is_whitespace() {
            i += 1;
            continue;
        } else if ch.is_alphabetic() || ch == '_' || ch.is_ascii_digit() {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let word: String = c[start..i].iter().collect();
            out.push(Token {
                tok: if ch.is_ascii_digit() {
                    Tok::Other
                } else {
                    Tok::Ident(word)
                },
                line,
            });
            continue;
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            i += 1;
            Tok::PathSep
        } else if ch == '{' {
            Tok::Open
        } else if ch == '}' {
            Tok::Close
        } else if ch == ',' {
            Tok::Comma
        } else {
            Tok::Other
        };
        i += 1;
        out.push(Token { tok, line });
    }
    out
}

/// Every path written in the code, with its line: `use` groups are expanded, and paths starting
/// with `crate`, `self` or `super` are resolved to `crate::…` from `module`.
fn paths(tokens: &[Token], module: &[String]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let starts = matches!(tokens[i].tok, Tok::Ident(_))
            && tokens.get(i + 1).is_some_and(|t| t.tok == Tok::PathSep)
            && (i == 0 || tokens[i - 1].tok != Tok::PathSep);
        if !starts {
            i += 1;
            continue;
        }
        let mut found = Vec::new();
        i = path_tree(tokens, i, &mut Vec::new(), &mut found);
        for (line, segs) in found {
            out.push((line, resolve(module, &segs).join("::")));
        }
    }
    out
}

/// Read one path starting at `i` after `prefix`, pushing each full path it names (one, or one per
/// leaf of a `{…}` group) into `out`; returns the index after it.
fn path_tree(
    tokens: &[Token],
    mut i: usize,
    prefix: &mut Vec<String>,
    out: &mut Vec<(usize, Vec<String>)>,
) -> usize {
    let depth = prefix.len();
    let line = tokens[i].line;
    loop {
        match tokens.get(i).map(|t| &t.tok) {
            Some(Tok::Ident(w)) => {
                prefix.push(w.clone());
                i += 1;
            }
            Some(Tok::Open) => {
                i += 1;
                while let Some(t) = tokens.get(i) {
                    match t.tok {
                        Tok::Close => {
                            i += 1;
                            break;
                        }
                        Tok::Comma | Tok::Other => i += 1,
                        _ => i = path_tree(tokens, i, prefix, out),
                    }
                }
                prefix.truncate(depth);
                return i;
            }
            _ => break,
        }
        if tokens.get(i).map(|t| &t.tok) == Some(&Tok::PathSep) {
            i += 1;
        } else {
            break;
        }
    }
    // `use a::b::{self, c}` names `a::b` itself.
    let mut segs = prefix.clone();
    if segs.last().is_some_and(|s| s == "self") && segs.len() > 1 {
        segs.pop();
    }
    out.push((line, segs));
    prefix.truncate(depth);
    // Skip a rename (`as Name`) so the name is not read as a path of its own.
    if let Some(Tok::Ident(w)) = tokens.get(i).map(|t| &t.tok)
        && w == "as"
    {
        i += 2;
    }
    i
}

/// `crate::…`, `self::…` and `super::…` as paths from the crate root; other paths as written.
fn resolve(module: &[String], segs: &[String]) -> Vec<String> {
    let mut at: Vec<String> = module.to_vec();
    let mut rest = segs;
    match segs.first().map(String::as_str) {
        Some("crate") => {
            at.clear();
            rest = &segs[1..];
        }
        Some("self") => rest = &segs[1..],
        Some("super") => {
            while let Some(("super", tail)) = rest.split_first().map(|(h, t)| (h.as_str(), t)) {
                at.pop();
                rest = tail;
            }
        }
        _ => return segs.to_vec(),
    }
    std::iter::once("crate".to_string())
        .chain(at)
        .chain(rest.iter().cloned())
        .collect()
}

// ------------------------------------------------------------------------ the scanner's tests

fn everything() -> Forbidden {
    let words: Vec<&str> = [TERMINAL, CLOCK_WORDS, RANDOM_WORDS, HASHED].concat();
    let paths: Vec<&str> = [CLOCK_PATHS, RANDOM_PATHS].concat();
    Forbidden {
        modules: &["sim", "score", "session", "report", "ui", "cli"],
        words: words.leak(),
        paths: paths.leak(),
        allowed: &[],
    }
}

/// The line numbers of the findings.
fn lines_of(found: &[String]) -> Vec<usize> {
    found
        .iter()
        .map(|f| f.split(':').nth(1).unwrap().parse().unwrap())
        .collect()
}

#[test]
fn the_scanner_reports_a_bad_example_and_ignores_comments_strings_and_tests() {
    let bad = r#"//! Mentions crate::sim and ratatui in a comment, which is fine.
use crate::{
    scenario::model,
    sim::MAX_ZONES,
};
use super::super::time::TimeOfDay;
fn f() -> usize {
    let s = "crate::sim::World and HashMap"; // crate::score too
    crate::score::total() + super::super::super::session::run()
}
/* crate::ui::App
   in a block comment */
const Q: char = '"';
use std::time::{Duration, Instant};
use std::collections::HashMap as Map;
fn g() { let _ = rand::random::<u8>(); let _ = ratatui::Frame::new; }
#[cfg(test)]
mod tests {
    use crate::sim::World;
}
fn after_tests() { crate::ui::draw(); }
"#;
    let found = scan("src/scenario/validate/bad.rs", bad, &everything());
    assert_eq!(
        lines_of(&found),
        [4, 9, 9, 14, 15, 16, 16, 21],
        "{}",
        found.join("\n")
    );
    assert!(found[0].contains("depends on crate::sim (`crate::sim::MAX_ZONES`)"));
    assert!(found[2].contains("crate::session::run"), "{}", found[2]);
    assert!(found[3].contains("`std::time::Instant`"), "{}", found[3]);

    let clean_file = "use super::model::Scenario;\nuse crate::scenario::time;\n";
    assert!(scan("src/scenario/validate/ok.rs", clean_file, &everything()).is_empty());
}

#[test]
fn the_scanner_resolves_super_from_the_files_place() {
    let ui = "use super::super::super::sim::World;\nuse super::super::app::App;\n\
              fn f() { super::super::sim::step(); }\n";
    let rule = Forbidden {
        modules: &["sim"],
        ..Forbidden::default()
    };
    // From src/ui/view/x.rs, three `super`s reach the crate root and two reach src/ui.
    let found = scan("src/ui/view/x.rs", ui, &rule);
    assert_eq!(lines_of(&found), [1], "{found:?}");
    // From src/ui/x.rs, two are enough.
    let found = scan("src/ui/x.rs", ui, &rule);
    assert_eq!(lines_of(&found), [1, 3], "{found:?}");
    assert_eq!(module_of("src/ui/view/mod.rs"), ["ui", "view"]);
    assert_eq!(module_of("src/lib.rs"), Vec::<String>::new());
}

#[test]
fn the_length_rule_counts_code_not_tests_and_accepts_a_reason() {
    let body = "fn f() {}\n".repeat(LONG + 1);
    assert!(too_long("src/sim/big.rs", &body).is_some());
    let explained = format!("//! The engine.\n//! Long because the tables are one unit.\n{body}");
    assert!(too_long("src/sim/big.rs", &explained).is_none());
    let tests = format!(
        "{}#[cfg(test)]\nmod tests {{\n{}}}\n",
        "fn f() {}\n".repeat(LONG - 10),
        "    fn t() {}\n".repeat(200)
    );
    assert!(too_long("src/sim/tested.rs", &tests).is_none());
    let declared = vec![Source {
        path: "src/sim/mod.rs".into(),
        text: "#[cfg(test)]\nmod tests;\npub mod fleet;\n".into(),
    }];
    assert!(test_only_files(&declared).contains(&"src/sim/tests.rs".to_string()));
}
