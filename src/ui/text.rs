//! Text measured in terminal columns, not bytes or chars: double-width (CJK) text wraps and truncates
//! on cell boundaries.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns the text takes on screen.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The text cut to at most `max` columns, ending in "…" when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// The text padded with spaces (or truncated) to exactly `cols` columns.
pub fn pad(s: &str, cols: usize) -> String {
    let t = truncate(s, cols);
    let w = width(&t);
    format!("{t}{}", " ".repeat(cols.saturating_sub(w)))
}

/// Wrap text into lines of at most `cols` columns: at spaces where possible, anywhere in a word that
/// is too long (and between double-width characters, which carry no spaces).
pub fn wrap(s: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split(' ') {
        let ww = width(word);
        let sep = usize::from(used > 0);
        if used + sep + ww <= cols {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            used += sep + ww;
            continue;
        }
        if ww <= cols && used > 0 {
            lines.push(std::mem::take(&mut line));
            line.push_str(word);
            used = ww;
            continue;
        }
        // Too long for a line of its own: break it by characters.
        if used > 0 && used + 1 < cols {
            line.push(' ');
            used += 1;
        } else if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > cols {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

pub use crate::session::thousands;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_truncates_by_columns() {
        assert_eq!(wrap("the quick brown fox", 9), ["the quick", "brown fox"]);
        assert_eq!(wrap("", 5), [""]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        // Each of these takes two columns.
        assert_eq!(wrap("障害が発生", 4), ["障害", "が発", "生"]);
        assert!(
            wrap("東京リージョンで障害 continues", 7)
                .iter()
                .all(|l| width(l) <= 7)
        );
        assert_eq!(truncate("障害が発生", 5), "障害…");
        assert_eq!(width(&pad("障害", 5)), 5);
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(-1234567), "-1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
