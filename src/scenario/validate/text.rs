//! No control characters in a scenario's text: a name, a line or a note is shown on a terminal,
//! where an escape sequence would move the cursor, recolour the screen or ring the bell, and in
//! every export. Line breaks are the one control character a text may hold.

use super::super::model::Scenario;
use super::Problems;

/// A character no text may hold: a control character other than a line break, or a mark that
/// reorders what a terminal shows (bidirectional overrides and isolates).
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n') || reorders(c)
}

/// A mark that reorders what a terminal shows: a bidirectional override or isolate.
fn reorders(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The first character of `text` a terminal must not be given, and what it is in words
/// ("control character", "reordering mark"). Every text a person or a file gives us is held to
/// this before it is shown: a scenario's, a script's notes and owners, a night log's header. A
/// line break is allowed where `lines` says a text may have several.
pub fn unshowable(text: &str, lines: bool) -> Option<(char, &'static str)> {
    let c = text.chars().find(|&c| hidden(c) || (c == '\n' && !lines))?;
    Some((
        c,
        if reorders(c) {
            "reordering mark"
        } else {
            "control character"
        },
    ))
}

/// `text` with every character a terminal must not be given left out (line breaks too, unless
/// `lines`): for what a person types during a night (a decision's note, an inject, an owner),
/// which the night log keeps and must read back.
pub fn showable(text: &str, lines: bool) -> std::borrow::Cow<'_, str> {
    if unshowable(text, lines).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .filter(|&c| !(hidden(c) || (c == '\n' && !lines)))
        .collect::<String>()
        .into()
}

/// Whether the source could hold such a character in a text: written as it is (a tab or a
/// carriage return counts too: they may sit inside a string), or as any escape but a quote, a
/// backslash or a line break (`\u{…}`, `\x…`, `\t`, `\0`…). Most files hold none, and need no
/// walk over every text.
pub fn may_hide(src: &str) -> bool {
    // Over the bytes, 64 at a time: a block of plain printable ASCII (most of every file) is
    // passed over in a few instructions; only a block holding a backslash, a control byte or a
    // byte of a longer character is looked at closely. Outside ASCII a hidden character is a C1
    // control (U+0080–U+009F, UTF-8 C2 80–9F) or a reordering mark (U+202A–U+202E and
    // U+2066–U+2069: E2 80 AA–AE, E2 81 A6–A9), so no character needs decoding.
    const BLOCK: usize = 64;
    let b = src.as_bytes();
    let plain = |x: u8| (0x20..0x7f).contains(&x) && x != b'\\' || x == b'\n';
    let hides = |i: usize| {
        let next = |k: usize| b.get(i + k).copied();
        match b[i] {
            b'\\' => next(1).is_some_and(|y| !matches!(y, b'"' | b'\\' | b'\'' | b'n')),
            b'\n' => false,
            0..=0x1f | 0x7f => true,
            0xc2 => matches!(next(1), Some(0x80..=0x9f)),
            0xe2 => matches!(
                (next(1), next(2)),
                (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
            ),
            _ => false,
        }
    };
    (0..b.len()).step_by(BLOCK).any(|start| {
        let block = &b[start..b.len().min(start + BLOCK)];
        let all_plain = block.iter().fold(true, |ok, &x| ok & plain(x));
        !all_plain && (start..start + block.len()).any(hides)
    })
}

/// Every text of the scenario holding a hidden character, as a problem at its path.
pub fn hidden_characters(s: &Scenario) -> Problems {
    let Ok(value) = serde_json::to_value(s) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(&value, String::new(), &mut found);
    found
        .into_iter()
        .map(|(path, c)| {
            let message = if c.is_control() {
                format!(
                    "control character {} in text: names and lines are shown on a terminal, so only line breaks are allowed",
                    c.escape_unicode()
                )
            } else {
                format!(
                    "reordering mark {} in text: it would reorder what a terminal shows",
                    c.escape_unicode()
                )
            };
            (path, message)
        })
        .collect()
}

/// Every string under `v` holding a character no text may hold (see `hidden`): (its path, the
/// first such character).
fn walk(v: &serde_json::Value, path: String, found: &mut Vec<(String, char)>) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            if let Some((c, _)) = unshowable(s, true) {
                found.push((path, c));
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                walk(x, format!("{path}[{i}]"), found);
            }
        }
        Value::Object(map) => {
            for (k, x) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(x, p, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::may_hide;

    /// The walk over every text runs only where a hidden character could be: never for the
    /// shipped scenarios (a load cost), always for an escape or a raw control character.
    #[test]
    fn only_a_source_that_could_hide_a_character_is_walked() {
        for (id, _, src) in crate::scenario::BUILTIN {
            assert!(!may_hide(src), "{id}");
        }
        for src in [
            r#"(name: "a\u{1b}[2J")"#,
            r#"(name: "a\x1b")"#,
            r#"(name: "a\tb")"#,
            "(name: \"a\tb\")",
            "(name: \"a\u{202e}b\")",
        ] {
            assert!(may_hide(src), "{src}");
        }
        assert!(!may_hide(r#"(name: "a \"quoted\" line\nand more")"#));
    }

    /// What a text a person gives us may not hold, said as what it is; a line break only where
    /// the text may have several lines.
    #[test]
    fn unshowable_characters_are_named_and_line_breaks_allowed_where_texts_have_lines() {
        use super::unshowable;
        assert_eq!(unshowable("plain é 日本", false), None);
        assert_eq!(unshowable("two\nlines", true), None);
        assert_eq!(
            unshowable("two\nlines", false),
            Some(('\n', "control character"))
        );
        assert_eq!(
            unshowable("a\u{1b}[2J", true),
            Some(('\u{1b}', "control character"))
        );
        assert_eq!(
            unshowable("abc\u{202e}d", true),
            Some(('\u{202e}', "reordering mark"))
        );
    }

    /// The byte scan finds exactly the characters `hidden` names, whatever their UTF-8 length.
    #[test]
    fn the_scan_agrees_with_the_characters_it_stands_for() {
        let every = (0..0x3000u32).chain([0xfeff, 0x1_0000, 0x10_ffff]);
        // (A backslash or a quote would be RON's own escape or the string's end.)
        for c in every
            .filter_map(char::from_u32)
            .filter(|c| !matches!(c, '\\' | '"'))
        {
            let src = format!("(name: \"a{c}b\")");
            assert_eq!(may_hide(&src), c != '\n' && super::hidden(c), "{:?}", c);
        }
    }
}
