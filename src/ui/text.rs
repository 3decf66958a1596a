//! Text measured in terminal columns, not bytes or chars: double-width (CJK) text wraps and truncates
//! on cell boundaries.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Columns the text takes on screen.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// A line to fit in `max` columns that may end in a path ("report saved in /home/…/night.md"):
/// where it is too long and its last word is a path, the path loses its start rather than its end
/// ("report saved in …/nights/2026-12-07-2107-us-east-1.md"): the file's name is what a reader
/// needs. Any other line is cut at its end.
pub fn fit_ending_in_path(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let Some((head, path)) = s.rsplit_once(' ').filter(|(_, p)| p.contains('/')) else {
        return truncate(s, max);
    };
    // The head, a space, an ellipsis and at least a few columns of the path's end.
    let room = max.saturating_sub(width(head) + 2);
    if room < 8 {
        return truncate(s, max);
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in path.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        tail.push(c);
        used += w;
    }
    let tail: String = tail.into_iter().rev().collect();
    format!("{head} …{tail}")
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
    fn a_line_ending_in_a_path_keeps_the_paths_end() {
        let line = "after-action report saved in /home/dana/.local/share/blastradius/nights/2026-12-07-210720-us-east-1-2025-10-20.md";
        let fit = fit_ending_in_path(line, 80);
        assert_eq!(width(&fit), 80, "{fit}");
        assert!(fit.starts_with("after-action report saved in …"), "{fit}");
        assert!(
            fit.ends_with("/2026-12-07-210720-us-east-1-2025-10-20.md"),
            "{fit}"
        );
        // A line that fits, or that ends in no path, is as before.
        assert_eq!(
            fit_ending_in_path("saved in /a/b.md", 80),
            "saved in /a/b.md"
        );
        assert_eq!(
            fit_ending_in_path("the night is over and nothing was kept", 12),
            truncate("the night is over and nothing was kept", 12)
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234), "1,234");
        assert_eq!(thousands(-1234567), "-1,234,567");
        assert_eq!(thousands(999), "999");
    }
}
