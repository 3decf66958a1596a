//! Source positions of values in RON scenario files.
//!
//! Semantic validation only knows a *path* such as `services[2].needs[0].on`;
//! [`SourceMap`] re-scans the source with a small, lenient tokenizer and
//! records where every value starts, so the path can be reported as
//! `line:column`. Paths: `""` is the root, `.field` a struct (or struct
//! variant) field or map key, `[i]` a list element, `.i` a tuple or tuple
//! variant element. The payload of `Some(x)` is reachable both as `p.0` and
//! as `p` itself. The scanner uses an explicit stack and stops indexing below
//! [`MAX_DEPTH`], so no input can overflow the stack or panic.

use std::collections::HashMap;

/// Containers nested deeper than this are still tracked (to keep brackets
/// balanced) but their contents are not indexed.
const MAX_DEPTH: usize = 256;
/// Paths longer than this many bytes are not indexed.
const MAX_PATH_LEN: usize = 4096;
/// Maximum number of paths one value is indexed under (`Some` aliasing).
const MAX_ALIASES: usize = 4;

/// Positions of values in a RON source text, by path.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    /// 1-based (line, column) of the first token of each value.
    positions: HashMap<String, (usize, usize)>,
}

impl SourceMap {
    /// Index every value in `src`. Never panics, whatever the input (invalid
    /// RON, binary junk, unbalanced brackets, huge nesting): it indexes what it
    /// can.
    pub fn new(src: &str) -> SourceMap {
        let tokens = lex(src);
        SourceMap {
            positions: Indexer::default().run(&tokens),
        }
    }

    /// 1-based (line, column) of the start of the value at `path`. If the
    /// exact path is absent, the nearest ancestor that is present (e.g.
    /// `actions[3]` for `actions[3].effects[9]`); `None` only if nothing
    /// matches (not even the root).
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path.strip_prefix('.').unwrap_or(path);
        loop {
            if let Some(&pos) = self.positions.get(path) {
                return Some(pos);
            }
            path = parent(path)?;
        }
    }
}

/// The path with its last segment (`.x` or `[i]`) removed; `None` for the root.
fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = if path.ends_with(']') {
        path.rfind('[')
    } else {
        path.rfind('.')
    };
    Some(cut.map_or("", |i| &path[..i]))
}

// ---------------------------------------------------------------- tokenizer

/// The three kinds of brackets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bracket {
    Paren,
    Square,
    Curly,
}

/// A token; only what matters for locating values is kept.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open(Bracket),
    Close(Bracket),
    Comma,
    Colon,
    /// Identifier (raw identifiers without `r#`), including `true`, `Some`, `inf`.
    Ident(String),
    /// String or raw string literal, with its contents.
    Str(String),
    /// Number literal, as written.
    Num(String),
    /// Anything else: chars, byte strings, stray characters.
    Other,
}

/// A token and the 1-based (line, column) of its first character.
#[derive(Debug)]
struct Token {
    tok: Tok,
    line: usize,
    col: usize,
}

/// Character cursor that tracks line and column (in characters).
struct Lexer {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

impl Lexer {
    fn peek(&self, n: usize) -> Option<char> {
        self.chars.get(self.i + n).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        (self.line, self.col) = match c {
            '\n' => (self.line + 1, 1),
            _ => (self.line, self.col + 1),
        };
        Some(c)
    }

    fn bump_n(&mut self, n: usize) {
        for _ in 0..n {
            self.bump();
        }
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek(0) == Some(c);
        self.bump_n(usize::from(hit));
        hit
    }

    /// Consume characters while `keep` holds for them, returning them.
    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> String {
        let mut text = String::new();
        while let Some(c) = self.peek(0).filter(|&c| keep(c)) {
            self.bump();
            text.push(c);
        }
        text
    }

    /// If a raw string (`r"`, `r#"`, ...) starts `off` chars ahead, its number
    /// of hashes.
    fn raw_string_at(&self, off: usize) -> Option<usize> {
        if self.peek(off) != Some('r') {
            return None;
        }
        let hashes = (off + 1..)
            .take_while(|&k| self.peek(k) == Some('#'))
            .count();
        (self.peek(off + 1 + hashes) == Some('"')).then_some(hashes)
    }

    /// Consume a raw string starting at `r`, returning its contents.
    fn raw_string(&mut self, hashes: usize) -> String {
        self.bump_n(hashes + 2); // r, hashes, opening quote
        let mut text = String::new();
        while let Some(c) = self.bump() {
            if c == '"' && (0..hashes).all(|k| self.peek(k) == Some('#')) {
                self.bump_n(hashes);
                break;
            }
            text.push(c);
        }
        text
    }

    /// Consume a `"..."` string, returning its contents. Escapes are resolved
    /// only as far as map keys need: `\u{..}` decoded, `\x` kept as `x`.
    fn string(&mut self) -> String {
        self.bump();
        let mut text = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => match self.bump() {
                    Some('u') => text.extend(self.unicode_escape()),
                    Some(e) => text.push(e),
                    None => break,
                },
                _ => text.push(c),
            }
        }
        text
    }

    /// Consume the `{...}` of a `\u{...}` escape, if present.
    fn unicode_escape(&mut self) -> Option<char> {
        if !self.eat('{') {
            return None;
        }
        let hex = self.take_while(|c| c.is_ascii_hexdigit() || c == '_');
        self.eat('}');
        let code = u32::from_str_radix(&hex.replace('_', ""), 16).ok()?;
        char::from_u32(code)
    }

    /// Consume a char literal such as `'a'`, `'\''` or `'\u{1F600}'`.
    fn char_lit(&mut self) {
        self.bump();
        if self.bump() == Some('\\') && self.bump() == Some('u') {
            self.unicode_escape();
        }
        self.eat('\'');
    }

    /// Consume a number such as `-1.5e3`, `0x1F`, `1_000` or `-inf`.
    fn number(&mut self) -> String {
        let mut text = String::from_iter(self.bump());
        while let Some(c) = self.peek(0) {
            let exponent_sign = (c == '+' || c == '-')
                && text.ends_with(['e', 'E'])
                && !text.trim_start_matches(['+', '-']).starts_with("0x");
            if !(is_ident_char(c) || c == '.' || exponent_sign) {
                break;
            }
            self.bump();
            text.push(c);
        }
        text
    }

    /// Whether the text ahead starts with `text`.
    fn at(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(k, c)| self.peek(k) == Some(c))
    }

    /// Skip from an `open` delimiter to its matching `close` (they nest).
    fn skip_nested(&mut self, open: &str, close: &str) {
        let mut depth = 0usize;
        while self.peek(0).is_some() {
            if self.at(open) {
                depth += 1;
                self.bump_n(open.chars().count());
            } else if self.at(close) {
                self.bump_n(close.chars().count());
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return;
                }
            } else {
                self.bump();
            }
        }
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn is_ident_start(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// The bracket kind of `c`, and whether it opens.
fn bracket(c: char) -> Option<(Bracket, bool)> {
    let kinds = [Bracket::Paren, Bracket::Square, Bracket::Curly];
    let open = "([{".find(c).map(|k| (kinds[k], true));
    open.or_else(|| ")]}".find(c).map(|k| (kinds[k], false)))
}

/// Split `src` into tokens, skipping whitespace, comments and attributes.
fn lex(src: &str) -> Vec<Token> {
    let chars = src.chars().collect();
    let mut lx = Lexer {
        chars,
        i: 0,
        line: 1,
        col: 1,
    };
    let mut out = Vec::new();
    while let Some(c) = lx.peek(0) {
        let (start, line, col, next) = (lx.i, lx.line, lx.col, lx.peek(1));
        let tok = match c {
            c if c.is_whitespace() || c == '\u{feff}' => None,
            '/' if next == Some('/') => {
                lx.take_while(|c| c != '\n');
                None
            }
            '/' if next == Some('*') => {
                lx.skip_nested("/*", "*/");
                None
            }
            '#' if next == Some('!') => {
                lx.bump_n(2);
                if lx.peek(0) == Some('[') {
                    lx.skip_nested("[", "]");
                }
                None
            }
            ':' if next == Some(':') => {
                lx.bump_n(2);
                Some(Tok::Other)
            }
            ':' => Some(Tok::Colon),
            ',' => Some(Tok::Comma),
            '"' => Some(Tok::Str(lx.string())),
            '\'' => {
                lx.char_lit();
                Some(Tok::Other)
            }
            'r' if lx.raw_string_at(0).is_some() => {
                let hashes = lx.raw_string_at(0).unwrap_or(0);
                Some(Tok::Str(lx.raw_string(hashes)))
            }
            'r' if next == Some('#') && is_ident_start(lx.peek(2)) => {
                lx.bump_n(2);
                Some(Tok::Ident(lx.take_while(is_ident_char)))
            }
            'b' if next == Some('"') || next == Some('\'') || lx.raw_string_at(1).is_some() => {
                lx.bump();
                match lx.raw_string_at(0) {
                    Some(hashes) => drop(lx.raw_string(hashes)),
                    None if next == Some('"') => drop(lx.string()),
                    None => lx.char_lit(),
                }
                Some(Tok::Other)
            }
            '0'..='9' | '+' | '-' | '.' => Some(Tok::Num(lx.number())),
            c if is_ident_start(Some(c)) => Some(Tok::Ident(lx.take_while(is_ident_char))),
            c => Some(match bracket(c) {
                Some((kind, true)) => Tok::Open(kind),
                Some((kind, false)) => Tok::Close(kind),
                None => Tok::Other,
            }),
        };
        // Whitespace and single-character tokens have not been consumed yet.
        if lx.i == start {
            lx.bump();
        }
        out.extend(tok.map(|tok| Token { tok, line, col }));
    }
    out
}

// ------------------------------------------------------------------ indexer

/// What a container expects next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Expect {
    #[default]
    /// The start of an element (a field name, a map key or a value).
    Element,
    /// A value, after `name:`; its paths are in `Frame::pending`.
    Value,
    /// A `,` or the closing bracket.
    AfterValue,
}

/// An open container (or the root pseudo-container).
#[derive(Default)]
struct Frame {
    /// `None` for the root.
    kind: Option<Bracket>,
    /// Paths of the container itself; empty when its contents are not indexed.
    bases: Vec<String>,
    /// Number of elements seen before the current one.
    index: usize,
    expect: Expect,
    /// Paths of the value expected after `name:`.
    pending: Vec<String>,
    /// The payload of `Some(...)`: element 0 is also reachable without `.0`.
    is_some: bool,
}

impl Frame {
    /// Paths of a child reached from this container by segment `seg`.
    fn child_paths(&self, seg: &str, alias_self: bool) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let joined = self.bases.iter().map(|base| match base.is_empty() {
            true => seg.strip_prefix('.').unwrap_or(seg).to_string(),
            false => format!("{base}{seg}"),
        });
        let aliases = self.bases.iter().filter(|_| alias_self).cloned();
        for path in joined.chain(aliases) {
            if path.len() <= MAX_PATH_LEN && !out.contains(&path) && out.len() < MAX_ALIASES {
                out.push(path);
            }
        }
        out
    }
}

/// Walks the tokens with an explicit stack and records value positions.
#[derive(Default)]
struct Indexer {
    stack: Vec<Frame>,
    /// Number of open frames of each bracket kind, to match closing brackets.
    open: [usize; 3],
    positions: HashMap<String, (usize, usize)>,
}

impl Indexer {
    fn run(mut self, tokens: &[Token]) -> HashMap<String, (usize, usize)> {
        let bases = vec![String::new()]; // the root value's path
        let root = Frame {
            bases,
            ..Frame::default()
        };
        self.stack.push(root);
        let mut i = 0;
        while let Some(t) = tokens.get(i) {
            i += 1;
            let next = tokens.get(i).map(|t| &t.tok);
            let Some(top) = self.stack.last_mut() else {
                break;
            };
            match &t.tok {
                Tok::Close(b) => self.close(*b),
                Tok::Comma => {
                    if top.expect != Expect::Element {
                        top.index += 1;
                    }
                    top.expect = Expect::Element;
                    top.pending.clear();
                }
                Tok::Colon => {
                    // `complex_key: value` in a map: the value gets no path.
                    if top.kind == Some(Bracket::Curly) && top.expect == Expect::AfterValue {
                        top.expect = Expect::Value;
                        top.pending.clear();
                    }
                }
                tok => {
                    let paths = match top.expect {
                        Expect::Value => std::mem::take(&mut top.pending),
                        Expect::AfterValue => Vec::new(),
                        Expect::Element => match (top.kind, tok) {
                            (Some(Bracket::Paren), Tok::Ident(name))
                            | (
                                Some(Bracket::Curly),
                                Tok::Ident(name) | Tok::Str(name) | Tok::Num(name),
                            ) if next == Some(&Tok::Colon) => {
                                top.pending = top.child_paths(&format!(".{name}"), false);
                                top.expect = Expect::Value;
                                i += 1;
                                continue;
                            }
                            (Some(Bracket::Paren), _) => {
                                let alias = top.is_some && top.index == 0;
                                top.child_paths(&format!(".{}", top.index), alias)
                            }
                            (Some(Bracket::Square), _) => {
                                top.child_paths(&format!("[{}]", top.index), false)
                            }
                            (Some(Bracket::Curly), _) => Vec::new(),
                            (None, _) if top.index == 0 => top.child_paths("", false),
                            (None, _) => Vec::new(),
                        },
                    };
                    top.expect = Expect::AfterValue;
                    for path in &paths {
                        self.positions
                            .entry(path.clone())
                            .or_insert((t.line, t.col));
                    }
                    match tok {
                        Tok::Open(b) => self.push(*b, paths, false),
                        Tok::Ident(name) if next == Some(&Tok::Open(Bracket::Paren)) => {
                            i += 1;
                            self.push(Bracket::Paren, paths, name == "Some");
                        }
                        _ => {}
                    }
                }
            }
        }
        self.positions
    }

    /// Open a container whose own paths are `bases`.
    fn push(&mut self, kind: Bracket, mut bases: Vec<String>, is_some: bool) {
        if self.stack.len() > MAX_DEPTH {
            bases.clear();
        }
        self.open[kind as usize] += 1;
        let kind = Some(kind);
        self.stack.push(Frame {
            kind,
            bases,
            is_some,
            ..Frame::default()
        });
    }

    /// Close the innermost container of kind `kind`, and any opened inside it;
    /// a closing bracket that matches nothing is ignored.
    fn close(&mut self, kind: Bracket) {
        if self.open[kind as usize] == 0 {
            return;
        }
        while let Some(top) = self.stack.last().and_then(|f| f.kind) {
            self.stack.pop();
            self.open[top as usize] -= 1;
            if top == kind {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SourceMap;

    /// 1-based (line, column in chars) of the first occurrence of `needle`.
    fn pos(src: &str, needle: &str) -> (usize, usize) {
        let byte = src.find(needle).expect("needle present");
        let before = &src[..byte];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, col)
    }

    /// Like [`pos`], shifted `offset` columns to the right.
    fn pos_at(src: &str, needle: &str, offset: usize) -> (usize, usize) {
        let (line, col) = pos(src, needle);
        (line, col + offset)
    }

    const SCENARIO: &str = r#"#![enable(implicit_some)]
// A scenario.
Scenario(
    id: "db-outage",
    clock: (start: "09:00", speed: 2),
    services: [
        (name: "api", needs: [(on: "db", kind: Hard)]),
        (name: "db", needs: []),
        (name: "cache", needs: [(on: "redis"), (on: "dynamodbx")]),
    ],
    actions: [
        (id: "failover", effects: [Set(HealthChecks, false), Wait(5), Say(from: "lead", text: "hi")]),
    ],
    beats: [
        (when: All([ErrorRateAbove("api", 0.05), Done("x")]), say: Some("ok")),
    ],
    scoring: { "failed_transaction": -5, slo: 10, 3: "three" },
)
"#;

    #[test]
    fn nested_struct_list_and_variant_paths() {
        let map = SourceMap::new(SCENARIO);
        let cases = [
            ("", pos(SCENARIO, "Scenario(")),
            ("id", pos(SCENARIO, "\"db-outage\"")),
            ("clock", pos(SCENARIO, "(start")),
            ("clock.start", pos(SCENARIO, "\"09:00\"")),
            ("clock.speed", pos_at(SCENARIO, "speed: 2", 7)),
            ("services", pos_at(SCENARIO, "services: [", 10)),
            ("services[0].needs[0].kind", pos(SCENARIO, "Hard")),
            ("services[2].needs[1]", pos(SCENARIO, "(on: \"dynamodbx\"")),
            ("services[2].needs[1].on", pos(SCENARIO, "\"dynamodbx\"")),
            ("actions[0].effects[0]", pos(SCENARIO, "Set(")),
            ("actions[0].effects[0].0", pos(SCENARIO, "HealthChecks")),
            ("actions[0].effects[0].1", pos(SCENARIO, "false")),
            ("actions[0].effects[1].0", pos_at(SCENARIO, "Wait(5", 5)),
            ("actions[0].effects[2].from", pos(SCENARIO, "\"lead\"")),
            ("actions[0].effects[2].text", pos(SCENARIO, "\"hi\"")),
            ("beats[0].when", pos(SCENARIO, "All(")),
            ("beats[0].when.0", pos(SCENARIO, "[ErrorRateAbove")),
            ("beats[0].when.0[0].1", pos(SCENARIO, "0.05")),
            ("beats[0].when.0[1]", pos(SCENARIO, "Done(")),
            ("beats[0].say", pos(SCENARIO, "Some(")),
            ("beats[0].say.0", pos(SCENARIO, "\"ok\"")),
            ("scoring.failed_transaction", pos(SCENARIO, "-5")),
            ("scoring.slo", pos_at(SCENARIO, "slo: 10", 5)),
            ("scoring.3", pos(SCENARIO, "\"three\"")),
        ];
        for (path, want) in cases {
            assert_eq!(map.locate(path), Some(want), "path {path:?}");
        }
        assert_eq!(map.locate("id"), Some((4, 9)));
        assert_eq!(map.locate(".id"), Some((4, 9)), "a leading dot is accepted");
    }

    #[test]
    fn missing_paths_fall_back_to_nearest_ancestor() {
        let map = SourceMap::new(SCENARIO);
        let effects = pos(SCENARIO, "[Set(");
        assert_eq!(map.locate("actions[0].effects[9]"), Some(effects));
        assert_eq!(map.locate("actions[0].effects[9].0.x"), Some(effects));
        let actions = pos_at(SCENARIO, "actions: [", 9);
        assert_eq!(map.locate("actions[3].effects[9]"), Some(actions));
        let root = pos(SCENARIO, "Scenario(");
        assert_eq!(map.locate("nope.deeper[2]"), Some(root));
        assert_eq!(map.locate("[7]"), Some(root));
        assert_eq!(map.locate("clock.start.0"), map.locate("clock.start"));
    }

    #[test]
    fn nothing_indexed_gives_none() {
        for src in [
            "",
            "   \n\t",
            "// only a comment",
            "/* c */",
            "#![enable(x)]",
            ")]}",
        ] {
            let map = SourceMap::new(src);
            assert_eq!(map.locate(""), None, "src {src:?}");
            assert_eq!(map.locate("a.b[1]"), None, "src {src:?}");
        }
    }

    #[test]
    fn strings_with_brackets_quotes_and_comment_markers() {
        let src = r###"(
    a: "tricky ( ] : // \" , [ } \\",
    b: 'x',
    c: '\'',
    d: r#"raw " ( ] "#,
    e: r##"a "# ) b"##,
    f: br"raw bytes ]",
    g: '\u{1F600}',
    r#type: "kw",
    z: [1, 2],
)"###;
        let map = SourceMap::new(src);
        assert_eq!(map.locate("a"), Some((2, 8)));
        assert_eq!(map.locate("b"), Some((3, 8)));
        assert_eq!(map.locate("c"), Some((4, 8)));
        assert_eq!(map.locate("d"), Some((5, 8)));
        assert_eq!(map.locate("e"), Some((6, 8)));
        assert_eq!(map.locate("f"), Some((7, 8)));
        assert_eq!(map.locate("g"), Some((8, 8)));
        assert_eq!(map.locate("type"), Some((9, 13)));
        assert_eq!(map.locate("z[1]"), Some((10, 12)));
    }

    #[test]
    fn map_keys_with_escapes() {
        let src = r#"{ "a\"b": 1, "x\u{41}": 2, 'c': 3, (1, 2): 4, k: 5 }"#;
        let map = SourceMap::new(src);
        assert_eq!(map.locate("a\"b"), Some(pos_at(src, ": 1", 2)));
        assert_eq!(map.locate("xA"), Some(pos_at(src, ": 2", 2)));
        assert_eq!(map.locate("k"), Some(pos_at(src, ": 5", 2)));
    }

    #[test]
    fn comments_including_nested_block_comments() {
        let src = "( /* outer /* inner ) ] */ still ( comment */ a: 1, // b: (\n\
                   /* x */ b: [ /* ] */ 2, /**/ 3 ], c /* : */ : 4 )";
        let map = SourceMap::new(src);
        assert_eq!(map.locate("a"), Some(pos_at(src, "a: 1", 3)));
        assert_eq!(map.locate("b[0]"), Some(pos(src, "2,")));
        assert_eq!(map.locate("b[1]"), Some(pos(src, "3 ]")));
        assert_eq!(map.locate("c"), Some(pos(src, "4 )")));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "(title: \"障害対応\", level: 3)";
        let map = SourceMap::new(src);
        assert_eq!(map.locate("level"), Some((1, 24)));
        let src = "(\n  note: \"データベース 🔥\", sev: Sev1,\n)";
        let map = SourceMap::new(src);
        assert_eq!(map.locate("sev"), Some((2, 26)));
        // A tab is one column.
        let map = SourceMap::new("(\ta:\t1)");
        assert_eq!(map.locate("a"), Some((1, 6)));
    }

    #[test]
    fn crlf_line_endings() {
        let src = "Scenario(\r\n    id: \"x\",\r\n    n: [\r\n        1,\r\n        2,\r\n    ],\r\n)\r\n";
        let map = SourceMap::new(src);
        assert_eq!(map.locate(""), Some((1, 1)));
        assert_eq!(map.locate("id"), Some((2, 9)));
        assert_eq!(map.locate("n[1]"), Some((5, 9)));
    }

    #[test]
    fn extension_header_is_skipped() {
        let src = "#![enable(implicit_some, unwrap_newtypes)]\n#![enable(x)]\n(a: 1, b: (c: [2]))";
        let map = SourceMap::new(src);
        assert_eq!(map.locate(""), Some((3, 1)));
        assert_eq!(map.locate("a"), Some((3, 5)));
        assert_eq!(map.locate("b.c[0]"), Some((3, 16)));
    }

    #[test]
    fn list_root_script() {
        let src = "[\n    (at: \"00:05\", action: \"freeze_cicd\"),\n    (at: \"00:10\", action: \"page_oncall\"),\n]\n";
        let map = SourceMap::new(src);
        assert_eq!(map.locate(""), Some((1, 1)));
        assert_eq!(map.locate("[0]"), Some((2, 5)));
        assert_eq!(map.locate("[1].action"), Some((3, 27)));
        assert_eq!(map.locate("[1].at"), Some((3, 10)));
        assert_eq!(map.locate("[5].action"), Some((1, 1)));
    }

    #[test]
    fn some_is_transparent() {
        let src = "(target: Some((name: \"db\", tags: [Some(A)])), none: None)";
        let map = SourceMap::new(src);
        assert_eq!(map.locate("target"), Some(pos(src, "Some((")));
        assert_eq!(map.locate("target.0"), Some(pos(src, "(name")));
        assert_eq!(map.locate("target.name"), Some(pos(src, "\"db\"")));
        assert_eq!(map.locate("target.0.name"), Some(pos(src, "\"db\"")));
        assert_eq!(map.locate("target.tags[0]"), Some(pos(src, "Some(A")));
        assert_eq!(map.locate("target.tags[0].0"), Some(pos(src, "A)")));
        assert_eq!(map.locate("none"), Some(pos(src, "None")));
    }

    #[test]
    fn tuples_numbers_and_units() {
        let src = "(p: (1, -2.5e-3, 0x1F), q: (), r: [inf, -NaN, 1_000, true], s: Unit)";
        let map = SourceMap::new(src);
        assert_eq!(map.locate("p.1"), Some(pos(src, "-2.5")));
        assert_eq!(map.locate("p.2"), Some(pos(src, "0x1F")));
        assert_eq!(map.locate("q"), Some(pos(src, "()")));
        assert_eq!(map.locate("r[1]"), Some(pos(src, "-NaN")));
        assert_eq!(map.locate("r[3]"), Some(pos(src, "true")));
        assert_eq!(map.locate("s"), Some(pos(src, "Unit")));
    }

    #[test]
    fn invalid_input_still_indexes_what_it_can() {
        // Mismatched close: `)` closes the list too.
        let map = SourceMap::new("(a: [1, 2), b: 3)");
        assert_eq!(map.locate("a[1]"), Some((1, 9)));
        // Unterminated structures.
        let map = SourceMap::new("(a: [1, (b: \"unterminated");
        assert_eq!(map.locate("a[1].b"), Some((1, 13)));
        // Stray closers before the root are ignored.
        let map = SourceMap::new("]]] (x: 1)");
        assert_eq!(map.locate("x"), Some((1, 9)));
    }

    #[test]
    fn garbage_never_panics() {
        let inputs = [
            "((((",
            "]]]",
            ")))(((",
            "}{",
            "::",
            "a:",
            ":a",
            "\"",
            "r#",
            "r#\"",
            "r##\"abc\"#",
            "b'",
            "'\\",
            "'",
            "/*",
            "/* /* */",
            "#!",
            "#![",
            "#![enable(",
            "\\u{",
            "\"\\u{",
            "\"\\u{zz",
            "-",
            "0x",
            "1e",
            "Some(",
            "Some(Some(",
            "{(:)}",
            ",,,",
            "r#1",
            "\u{feff}(a: 1)",
        ];
        for src in inputs {
            let map = SourceMap::new(src);
            for path in [
                "", "a", "[0]", ".0", "a[1].b.0", "[", "]", ".", "..", "a.[0",
            ] {
                let _ = map.locate(path);
            }
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        for open in ["[", "(", "{a:", "Some(", "(a: ["] {
            let src = open.repeat(100_000);
            let map = SourceMap::new(&src);
            assert_eq!(map.locate(""), Some((1, 1)), "open {open:?}");
        }
        let src = "[".repeat(100_000);
        let map = SourceMap::new(&src);
        assert_eq!(map.locate(&"[0]".repeat(10)), Some((1, 11)));
        // Beyond the depth limit, the deepest indexed ancestor is returned.
        let (line, col) = map.locate(&"[0]".repeat(1000)).unwrap_or_default();
        assert_eq!(line, 1);
        assert!((200..=300).contains(&col), "col {col}");
        // Closing everything again works, and what follows is not indexed.
        let src = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(SourceMap::new(&src).locate("[0]"), Some((1, 2)));
    }

    #[test]
    fn fuzz_random_inputs_never_panic() {
        const PIECES: &[&str] = &[
            "(", ")", "[", "]", "{", "}", ":", "::", ",", "\"", "'", "\\", "r#", "r\"", "#", "!",
            "#![", "/", "*", "//", "/*", "*/", "a", "Some", "x:", "1", "-", "e", "0x", ".", " ",
            "\n", "\r\n", "\t", "障", "🔥", "b", "u{", "}",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..4000 {
            let len = (next() % 200) as usize;
            let src = if round % 2 == 0 {
                let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
                String::from_utf8_lossy(&bytes).into_owned()
            } else {
                (0..len)
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect()
            };
            let map = SourceMap::new(&src);
            for path in [
                "", "a", "x", "[0]", "[1].x", ".0", "0.0", "a[1].b.0", "x[0]",
            ] {
                if let Some((line, col)) = map.locate(path) {
                    assert!(line >= 1 && col >= 1, "input {src:?}");
                    assert!(line <= src.lines().count().max(1), "input {src:?}");
                }
            }
        }
    }
}
