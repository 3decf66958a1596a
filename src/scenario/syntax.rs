//! What a syntax error `ron` reports is said as: at the place the problem really is (not always
//! where the parser stopped), in words about the file rather than about the parser.

use ron::error::{Position, SpannedError};

use super::misnamed;

/// The line, column (both from 1, columns in characters; `src` has no byte-order mark) and
/// message for a file `ron` could not read. `what` names what the file should hold.
pub(super) fn said(src: &str, what: &str, e: &SpannedError) -> (usize, usize, String) {
    if let ron::Error::TrailingCharacters = e.code {
        // `ron` says where it stopped reading the value; what follows begins past the blanks
        // and comments after it.
        let from = offset(src, e.span.start);
        let at = past_comments(src, from).unwrap_or(from);
        let (line, col) = position(src, at);
        return (line, col, follows(src, at, what));
    }
    let cr_only = src.contains('\r') && !src.contains('\n');
    if !cr_only && !src.trim().is_empty() && past_comments(src, 0).is_none() {
        // Comments alone (a header with the rest lost, or a file commented out): the parser
        // says it expected the value where the file ends, which tells the reader nothing.
        return (1, 1, format!("the file holds no {what}, only comments"));
    }
    if !cr_only && !src.trim().is_empty() && ends_early(src, e) {
        // Said where the file ends (past its last character that is not a blank), not at the
        // last thing the parser read before it.
        let (line, col) = position(src, src.trim_end_matches(is_blank).len());
        return (
            line,
            col,
            format!("the file ends before the {what} does (is it cut short?)"),
        );
    }
    if let Some(only) = only_word(src) {
        // One word and nothing else (a number, a name): not a file cut short, the wrong file.
        let (line, col) = position(src, past_comments(src, 0).unwrap_or(0));
        return (
            line,
            col,
            format!("the file holds only {only}, not a {what}"),
        );
    }
    let line = e.span.start.line.max(1);
    // The parser may stop on the blank before a value it does not accept: point at the value.
    let mut col = past_blanks(src, line, e.span.start.col.max(1));
    if let Some((message, at)) = not_whole(src, line, col, &e.code) {
        return (line, at, message);
    }
    // (Where the file stops, a value of the wrong kind is more likely one cut short.)
    let whole = !cr_only && !cut_short(src, line, col);
    if let Some(said) = wrong_kind(src, what, line, col, &e.code).filter(|_| whole) {
        return said;
    }
    let ends_inside_text = matches!(e.code, ron::Error::ExpectedStringEnd);
    let message = match &e.code {
        ron::Error::ExceededRecursionLimit => "nested too deeply".to_string(),
        // No closing quote anywhere after this one: the file ends inside the string.
        ron::Error::ExpectedStringEnd => {
            "this text has no closing quote: the file ends inside it (is it cut short?)".to_string()
        }
        ron::Error::IntegerOutOfBounds => {
            let (message, at) = out_of_bounds(src, line, col);
            col = at;
            message
        }
        ron::Error::MissingStructField { field, outer } => {
            missing_field(src, offset(src, e.span.start), field, outer.as_deref())
        }
        ron::Error::ExpectedIdentifier => not_a_name(src, line, col),
        code => misnamed::unknown_name(code).unwrap_or_else(|| code.to_string()),
    };
    let message = if src.trim().is_empty() {
        "the file is empty".to_string()
    } else if src.contains('\r') && !src.contains('\n') {
        // Old Mac line endings: to the parser the whole file is one line (and one comment).
        format!(
            "{message} (its lines end in a carriage return alone: save it with LF or CRLF line endings)"
        )
    } else if !ends_inside_text && cut_short(src, line, col) {
        format!("{message} (the file ends here: is it cut short?)")
    } else {
        message
    };
    (line, col, message)
}

/// The one word a file holds past its comments and blanks, when that is all it holds and `ron`
/// could not read it as the value (a bracket, a quote or a second word is something else). A
/// capitalised name may be a struct's, its brackets cut off: that is said as a file cut short.
fn only_word(src: &str) -> Option<&str> {
    let body = src[past_comments(src, 0)?..].trim_end_matches(is_blank);
    let plain = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '+');
    let named = body.starts_with(char::is_uppercase);
    (!body.is_empty() && !named && body.chars().all(plain)).then_some(body)
}

/// Whether `ron` stopped because the file ended before the value did: it says so, or nothing
/// but blanks and comments follows where it stopped while a bracket is still open. (A file whose
/// brackets all close ends where its value does: a problem with the last one, a field missing
/// say, is said as it is.) A text with no closing quote is said at the quote instead.
fn ends_early(src: &str, e: &SpannedError) -> bool {
    match e.code {
        ron::Error::Eof => true,
        ron::Error::ExpectedStringEnd | ron::Error::UnclosedBlockComment => false,
        _ => past_comments(src, offset(src, e.span.end)).is_none() && unclosed(src),
    }
}

/// Whether a bracket in `src` (outside its strings, characters and comments) is never closed.
fn unclosed(src: &str) -> bool {
    let bytes = src.as_bytes();
    let mut depth = 0i64;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'/' if bytes.get(at + 1) == Some(&b'/') || bytes.get(at + 1) == Some(&b'*') => {
                match past_comments(src, at) {
                    Some(next) => at = next,
                    None => break,
                }
                continue;
            }
            quote @ (b'"' | b'\'') => {
                at += 1;
                while at < bytes.len() && bytes[at] != quote {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
            }
            b'r' if matches!(bytes.get(at + 1), Some(b'"' | b'#'))
                && (at == 0
                    || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_')) =>
            {
                // A raw string: r"…" or r#"…"#, as many # after as before.
                let hashes = bytes[at + 1..].iter().take_while(|b| **b == b'#').count();
                let close = format!("\"{}", "#".repeat(hashes));
                let body = at + 2 + hashes;
                at = src
                    .get(body..)
                    .and_then(|rest| rest.find(&close))
                    .map_or(bytes.len(), |n| body + n + close.len() - 1);
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            _ => {}
        }
        at += 1;
    }
    depth > 0
}

/// "something follows the end of the scenario: xyz", for what begins at byte `at`, after the
/// value the file holds; with a guess at why when it begins as the file does (the file pasted
/// into itself).
fn follows(src: &str, at: usize, what: &str) -> String {
    let rest = &src[at..];
    let line = rest.lines().next().unwrap_or("").trim_end();
    let mut shown: String = line.chars().take(40).collect();
    if shown.len() < line.len() {
        shown.push('…');
    }
    let twice = past_comments(src, 0).is_some_and(|first| word(&src[first..]) == word(rest));
    let why = if twice {
        format!(" (is the {what} in the file twice?)")
    } else {
        String::new()
    };
    format!("something follows the end of the {what}: {shown}{why}")
}

/// The first word of `text` (a name, or else its first character).
fn word(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    let end = if end == 0 {
        text.chars().next().map_or(0, char::len_utf8)
    } else {
        end
    };
    &text[..end]
}

/// The byte in `src` where the first thing at or after byte `from` begins that is neither a
/// blank (what `ron` reads as one) nor a comment; `None` when nothing else follows.
pub(super) fn past_comments(src: &str, from: usize) -> Option<usize> {
    let bytes = src.as_bytes();
    let mut at = from;
    loop {
        let rest = &src[at..];
        let blank = rest.len() - rest.trim_start_matches(is_blank).len();
        at += blank;
        if bytes[at..].starts_with(b"//") {
            at = src[at..].find('\n').map_or(src.len(), |n| at + n);
        } else if bytes[at..].starts_with(b"/*") {
            // Block comments nest, as `ron` reads them.
            let mut depth = 0usize;
            loop {
                if bytes[at..].starts_with(b"/*") {
                    depth += 1;
                    at += 2;
                } else if bytes[at..].starts_with(b"*/") {
                    depth -= 1;
                    at += 2;
                    if depth == 0 {
                        break;
                    }
                } else if at >= bytes.len() {
                    return None;
                } else {
                    at += src[at..].chars().next().map_or(1, char::len_utf8);
                }
            }
        } else if at >= src.len() {
            return None;
        } else {
            return Some(at);
        }
    }
}

/// What `ron` reads as a blank between values.
fn is_blank(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The byte in `src` at a position `ron` reports (line and column from 1, columns in
/// characters); the end of `src` for one past it.
fn offset(src: &str, p: Position) -> usize {
    let start: usize = src
        .split_inclusive('\n')
        .take(p.line.max(1) - 1)
        .map(str::len)
        .sum();
    let text = src.get(start..).unwrap_or("");
    let text = &text[..text.find('\n').unwrap_or(text.len())];
    start
        + text
            .char_indices()
            .nth(p.col.max(1) - 1)
            .map_or(text.len(), |(b, _)| b)
}

/// The line and column (from 1, columns in characters) of byte `at` in `src`.
pub(super) fn position(src: &str, at: usize) -> (usize, usize) {
    let before = &src[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Column `col` of line `line` (both from 1, columns in characters), moved on past any spaces
/// and tabs there to the next thing on the line, if there is one.
fn past_blanks(src: &str, line: usize, col: usize) -> usize {
    let Some(text) = src.split('\n').nth(line - 1) else {
        return col;
    };
    let blanks = text
        .chars()
        .skip(col - 1)
        .take_while(|c| *c == ' ' || *c == '\t')
        .count();
    let rest_blank = text.chars().skip(col - 1 + blanks).all(char::is_whitespace);
    if rest_blank { col } else { col + blanks }
}

/// Whether a parse error at `line`:`col` is where the file stops: nothing follows but at most the
/// one unfinished word the error is about (a file cut off while it was written or copied).
fn cut_short(src: &str, line: usize, col: usize) -> bool {
    let start: usize = src.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let text = src[start..].lines().next().unwrap_or("");
    let byte = text
        .char_indices()
        .nth(col - 1)
        .map_or(text.len(), |(b, _)| b);
    let rest = src.get(start + byte..).unwrap_or("").trim();
    !rest.contains(|c: char| c.is_whitespace() || ",()[]{}".contains(c))
}

/// A struct closed without a field it needs, `ron` stopping at its `)`: said as that, and when
/// fields go on after the `)` (a bracket too many, closing it early), as that instead.
fn missing_field(src: &str, at: usize, field: &str, outer: Option<&str>) -> String {
    let what = outer.map_or("this part".to_string(), |o| {
        let called = misnamed::called(o);
        let bare = ["a ", "an ", "the "]
            .iter()
            .find_map(|a| called.strip_prefix(a))
            .unwrap_or(&called);
        format!("this {bare}")
    });
    let after = src.get(at..).and_then(|r| r.strip_prefix(')')).map(|rest| {
        let next = past_comments(rest, 0).unwrap_or(rest.len());
        &rest[next..]
    });
    let key = after.and_then(|rest| {
        let name = word(rest);
        let colon = rest[name.len()..].trim_start().starts_with(':');
        (!name.is_empty() && colon).then_some(name)
    });
    match key {
        Some(next) => format!(
            "{what} is closed here, yet its fields go on after it ({next}: …): is this ) one too many?"
        ),
        None => format!("{what} ends here without its field {field}, which it needs"),
    }
}

/// What a whole number out of its field's range reads as: the field named (the key before it on
/// its line, when there is one), the number as written, and whether it is negative or too large;
/// with the column of its first character (its minus sign, if any).
fn out_of_bounds(src: &str, line: usize, col: usize) -> (String, usize) {
    let text = src.lines().nth(line - 1).unwrap_or("");
    let chars: Vec<char> = text.chars().collect();
    let start = (col - 1).min(chars.len());
    let digits: String = chars[start..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '_' || **c == '.')
        .collect();
    let before: String = chars[..start].iter().collect();
    let before = before.trim_end();
    let negative = before.ends_with('-');
    let field = field_before(before.trim_end_matches('-'));
    let number = if negative {
        format!("-{digits}")
    } else {
        digits
    };
    let what = if negative {
        "a whole number that is not negative"
    } else {
        "a smaller whole number"
    };
    // The minus sign is where the number begins.
    let at = if negative {
        chars[..start]
            .iter()
            .rposition(|c| *c == '-')
            .map_or(col, |j| j + 1)
    } else {
        col
    };
    let message = match field.filter(|f| !f.is_empty()) {
        Some(f) => format!("{f} must be {what}, not {number}"),
        None => format!("must be {what}, not {number}"),
    };
    (message, at.max(1))
}

/// The field whose value begins after `before` (the text of its line up to the value): the key
/// before its colon, when there is one on the line.
fn field_before(before: &str) -> Option<&str> {
    let b = before.trim_end().strip_suffix(':')?.trim_end();
    let from = b
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    Some(&b[from..]).filter(|f| !f.is_empty())
}

/// A number with a fraction or an exponent where a whole number belongs: `ron` reads its whole
/// part and stops at the point ("Expected comma"), or refuses it at its start ("Invalid digit
/// 'e'", "Expected integer"). The message names the field and the number as written, at the
/// number's first character.
fn not_whole(src: &str, line: usize, col: usize, code: &ron::Error) -> Option<(String, usize)> {
    let text = src.lines().nth(line - 1)?;
    let chars: Vec<char> = text.chars().collect();
    let at = col - 1;
    let here = *chars.get(at)?;
    let digit = |i: usize| chars.get(i).is_some_and(char::is_ascii_digit);
    let start = if here == '.' && (digit(at + 1) || (at > 0 && digit(at - 1))) {
        // Back over the whole part `ron` read.
        let mut s = at;
        while s > 0 && (chars[s - 1].is_ascii_digit() || chars[s - 1] == '_') {
            s -= 1;
        }
        s
    } else if matches!(
        code,
        ron::Error::InvalidIntegerDigit { .. } | ron::Error::ExpectedInteger
    ) {
        at
    } else {
        return None;
    };
    // A sign before it is part of it.
    let start = if start > 0 && matches!(chars[start - 1], '-' | '+') {
        start - 1
    } else {
        start
    };
    let mut end = start;
    while let Some(c) = chars.get(end) {
        let signed =
            matches!(c, '-' | '+') && (end == start || matches!(chars[end - 1], 'e' | 'E'));
        if c.is_ascii_digit() || matches!(c, '_' | '.' | 'e' | 'E') || signed {
            end += 1;
        } else {
            break;
        }
    }
    let number: String = chars[start..end].iter().collect();
    let plain: String = number.chars().filter(|c| *c != '_').collect();
    if !number.contains(['.', 'e', 'E']) || plain.parse::<f64>().is_err() {
        return None;
    }
    let before: String = chars[..start].iter().collect();
    let message = match field_before(&before) {
        Some(f) => format!("{f} must be a whole number, not {number}"),
        None => format!("must be a whole number, not {number}"),
    };
    Some((message, start + 1))
}

/// A name expected where the file holds something else, said at the value with what it is
/// and, inside a call (`ServeStale("orders", true)`), how to write it.
fn not_a_name(src: &str, line: usize, col: usize) -> String {
    let at = offset(src, Position { line, col });
    let value = past_comments(src, at).unwrap_or(at);
    let rest: Vec<char> = src[value..].chars().take(60).collect();
    match found(&rest) {
        Some(what) => misnamed::not_a_name(misnamed::enclosing_call(&src[..value]), &what),
        None => "expected a name here (a field, or one of a list of choices)".to_string(),
    }
}

/// A value of the wrong kind where `ron` names the kind it expected ("Expected integer"): said
/// with the field (the key before it on its line, when there is one) and what the file holds
/// there, as `customers must be a whole number, not the text "many"`; at the file's first value,
/// with what the file should hold (`the script must be a list in [ … ], not ( … )`). Said at the
/// value, past any comment `ron` stopped before.
fn wrong_kind(
    src: &str,
    file_holds: &str,
    line: usize,
    col: usize,
    code: &ron::Error,
) -> Option<(usize, usize, String)> {
    let what = match code {
        ron::Error::ExpectedInteger => "a whole number".to_string(),
        ron::Error::ExpectedFloat => "a number".to_string(),
        ron::Error::ExpectedString => "a text in quotes".to_string(),
        ron::Error::ExpectedBoolean => "true or false".to_string(),
        ron::Error::ExpectedChar => "one character in single quotes".to_string(),
        ron::Error::ExpectedArray => "a list in [ … ]".to_string(),
        ron::Error::ExpectedMap => "a map in { … }".to_string(),
        ron::Error::ExpectedStructLike => "( … ) with its fields".to_string(),
        ron::Error::ExpectedNamedStructLike(name) => format!("a {name} in ( … )"),
        _ => return None,
    };
    let value = past_comments(src, offset(src, Position { line, col }))?;
    let (line, col) = position(src, value);
    let text = src.split('\n').nth(line - 1)?;
    let chars: Vec<char> = text.trim_end_matches('\r').chars().collect();
    let at = col.checked_sub(1)?;
    let found = found(chars.get(at..)?)?;
    let before: String = chars[..at].iter().collect();
    let message = match field_before(&before) {
        Some(f) => format!("{f} must be {what}, not {found}"),
        None if past_comments(src, 0) == Some(value) => {
            format!("the {file_holds} must be {what}, not {found}")
        }
        None => format!("expected {what} here, not {found}"),
    };
    Some((line, col, message))
}

/// What the value that begins `rest` is, in a few words: `the text "many"`, `the number 4`,
/// `true`, `a list in [ … ]`; `None` for anything else (the parser's words stand).
fn found(rest: &[char]) -> Option<String> {
    let first = *rest.first()?;
    let quoted = |n: usize| -> String {
        let s: String = rest[..n].iter().collect();
        if n > 40 {
            format!("{}…", rest[..39].iter().collect::<String>())
        } else {
            s
        }
    };
    let number = |c: &char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '+');
    Some(match first {
        '"' => {
            // Up to the closing quote (past escaped ones), or the line's end.
            let mut end = 1;
            while end < rest.len() && rest[end] != '"' {
                end += if rest[end] == '\\' { 2 } else { 1 };
            }
            format!("the text {}", quoted((end + 1).min(rest.len())))
        }
        '\'' => "a character in single quotes".to_string(),
        '[' => "a list in [ … ]".to_string(),
        '(' => "( … )".to_string(),
        '{' => "a map in { … }".to_string(),
        c if c.is_ascii_digit() || matches!(c, '-' | '+' | '.') => {
            let n = rest.iter().take_while(|c| number(c)).count();
            format!("the number {}", quoted(n))
        }
        c if c.is_alphabetic() || c == '_' => {
            let n = rest
                .iter()
                .take_while(|c| c.is_alphanumeric() || **c == '_')
                .count();
            let w = quoted(n);
            let call = rest[n..].iter().find(|c| !c.is_whitespace()) == Some(&'(');
            match w.as_str() {
                "true" | "false" => w,
                _ if call => format!("{w}( … )"),
                _ => format!("the name {w}"),
            }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_in_strings_characters_and_comments_do_not_count() {
        assert!(unclosed("Scenario("));
        assert!(unclosed(
            "S(a: [\"]\", ')', r#\"))\"#, // )\n /* ) /* ) */ */"
        ));
        assert!(!unclosed("S(a: \"(\", b: '(', c: r\"(\", /* ( */ // (\n)"));
        assert!(!unclosed("42"));
    }

    #[test]
    fn comments_and_blanks_are_read_past_as_ron_reads_them() {
        assert_eq!(past_comments("  // a\n /* b /* c */ */ x", 0), Some(24));
        assert_eq!(past_comments("// only\n/* this */\n", 0), None);
        assert_eq!(past_comments("/* never closed", 0), None);
    }

    #[test]
    fn a_fraction_where_a_whole_number_belongs_is_said_with_its_field() {
        let said = |v: &str| refused::<Whole>(&format!("Whole(\n    customers: {v},\n)"));
        assert_eq!(
            said("4000.5"),
            "2:16: customers must be a whole number, not 4000.5"
        );
        assert_eq!(
            said("4e3"),
            "2:16: customers must be a whole number, not 4e3"
        );
        assert_eq!(said(".5"), "2:16: customers must be a whole number, not .5");
        assert_eq!(
            said("-2.5"),
            "2:16: customers must be a whole number that is not negative, not -2.5"
        );
    }

    #[test]
    fn a_value_of_the_wrong_kind_is_said_with_its_field_and_what_it_is() {
        let said = |v: &str| refused::<Kinds>(&format!("Kinds(\n    customers: {v},\n)"));
        assert_eq!(
            said("\"many\""),
            "2:16: customers must be a whole number, not the text \"many\""
        );
        assert_eq!(
            said("many"),
            "2:16: customers must be a whole number, not the name many"
        );
        assert_eq!(
            said("true"),
            "2:16: customers must be a whole number, not true"
        );
        assert_eq!(
            said("[1]"),
            "2:16: customers must be a whole number, not a list in [ … ]"
        );
        let long = said(&format!("\"{}\"", "x".repeat(60)));
        assert!(long.ends_with("xxx…"), "{long}");
        let listed = |src: &str| {
            let e = crate::scenario::ron_options()
                .from_str::<Vec<String>>(src)
                .unwrap_err();
            let (line, col, message) = super::said(src, "script", &e);
            format!("{line}:{col}: {message}")
        };
        assert_eq!(
            listed("[\"a\", 3]"),
            "1:7: expected a text in quotes here, not the number 3"
        );
        assert_eq!(
            listed("// a script\n(at: 1)"),
            "2:1: the script must be a list in [ … ], not ( … )"
        );
        let said =
            |v: &str| refused::<Kinds>(&format!("Kinds(\n    customers: 1,\n    name: {v},\n)"));
        assert_eq!(
            said("42"),
            "3:11: name must be a text in quotes, not the number 42"
        );
    }

    #[test]
    fn a_lone_word_and_a_bracket_too_many_are_said_as_what_they_are() {
        let said = |src: &str| {
            let e = crate::scenario::ron_options()
                .from_str::<Pair>(src)
                .unwrap_err();
            let (line, col, message) = super::said(src, "scenario", &e);
            format!("{line}:{col}: {message}")
        };
        assert_eq!(
            said("// a note\n42\n"),
            "2:1: the file holds only 42, not a scenario"
        );
        assert!(said("Pair").contains("cut short"), "{}", said("Pair"));
        assert_eq!(
            said("Pair(\n  a: 1,\n  )b: 2,\n)"),
            "3:3: this `Pair` is closed here, yet its fields go on after it (b: …): is this ) one too many?"
        );
        assert_eq!(
            said("Pair(\n  a: 1,\n)"),
            "3:1: this `Pair` ends here without its field b, which it needs"
        );
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Pair {
        a: u32,
        b: u32,
    }

    /// What a scenario's reader says of `src` read as a `T`: "line:column: message".
    fn refused<T: serde::de::DeserializeOwned + std::fmt::Debug>(src: &str) -> String {
        let e = crate::scenario::ron_options()
            .from_str::<T>(src)
            .unwrap_err();
        let (line, col, message) = super::said(src, "scenario", &e);
        format!("{line}:{col}: {message}")
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Kinds {
        customers: u32,
        #[serde(default)]
        name: String,
    }

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Whole {
        customers: u32,
    }
}
