//! Names from outside shown on one line: a file name may hold a newline, an escape sequence or
//! bytes that are not UTF-8, and every message that names it must still be one clean line
//! (`FILE:LINE:COL: message`) that cannot move the cursor or recolour a terminal.

use std::path::Path;

/// Text with its control characters escaped (`\n`, `\u{1b}`), and the invisible ones that
/// would hide or reorder what is shown (zero-width characters, bidirectional overrides and
/// isolates, a byte-order mark) written out (`\u{200d}`); everything else as it is.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else if invisible(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// A character a terminal shows as nothing, or that reorders the text around it.
pub fn invisible(c: char) -> bool {
    matches!(c,
        '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// A path as messages show it: its UTF-8 parts as they are (control characters escaped), each
/// byte that is not UTF-8 as `\xNN`.
pub fn path(p: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt as _;
        let mut out = String::new();
        for chunk in p.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(&text(chunk.valid()));
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02x}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        text(&p.to_string_lossy())
    }
}

/// A word a POSIX shell reads back as itself, for a command the user is told to run: as it is
/// when it holds only safe characters, else in single quotes (control characters escaped, so the
/// line stays one clean line).
pub fn shell_word(w: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "/._-+:,@%".contains(c);
    if !w.is_empty() && w.chars().all(safe) {
        w.to_string()
    } else {
        format!("'{}'", text(&w.replace('\'', "'\\''")))
    }
}

/// How a command line names a scenario: its file when it came from one (a shell word), else its
/// built-in id.
pub fn scenario_arg(file: Option<&str>, id: &str) -> String {
    file.map_or_else(|| id.to_string(), shell_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bytes_that_are_not_utf8_are_escaped() {
        assert_eq!(text("plain é"), "plain é");
        assert_eq!(text("a\nb\u{1b}[31mc\t"), "a\\nb\\u{1b}[31mc\\t");
        // What a terminal shows as nothing, or that reorders the line, is written out.
        assert_eq!(text("sh\u{200d}op"), "sh\\u{200d}op");
        assert_eq!(text("a\u{202e}b"), "a\\u{202e}b");
        assert_eq!(text("日本語 ok"), "日本語 ok");
        assert_eq!(path(Path::new("dir/night.ron")), "dir/night.ron");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt as _;
            let p = Path::new(std::ffi::OsStr::from_bytes(b"bad\xff\xfe\n.ron"));
            assert_eq!(path(p), "bad\\xff\\xfe\\n.ron");
        }
    }
}
