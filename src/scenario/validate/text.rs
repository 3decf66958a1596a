//! No control characters in a scenario's text: a name, a line or a note is shown on a terminal,
//! where an escape sequence would move the cursor, recolour the screen or ring the bell, and in
//! every export. Line breaks are the one control character a text may hold.

use super::Checker;

impl Checker<'_> {
    pub(super) fn control_characters(&mut self) {
        let Ok(value) = serde_json::to_value(self.s) else {
            return;
        };
        let mut found = Vec::new();
        walk(&value, String::new(), &mut found);
        for (path, c) in found {
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
            self.err(path, message);
        }
    }
}

/// Every string under `v` holding a control character other than a line break: (its path, the
/// first such character).
fn walk(v: &serde_json::Value, path: String, found: &mut Vec<(String, char)>) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            // Bidirectional overrides and isolates reorder what a terminal shows: not allowed.
            let reorders = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if let Some(c) = s
                .chars()
                .find(|&c| (c.is_control() && c != '\n') || reorders(c))
            {
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
