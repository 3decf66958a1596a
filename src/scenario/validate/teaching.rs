//! The guided night: teaching moments (what stops the clock in `learn`, and what it says) and each
//! lesson's hint ladder.

use std::collections::BTreeSet;

use std::fmt::Display;

use super::Checker;
use crate::scenario::limits::MAX_TEXT_CHARS;
use crate::scenario::model::Condition;

/// Rungs of a lesson's hint ladder: a nudge, the concept, the expert's move.
pub const HINT_RUNGS: usize = 3;

impl Checker<'_> {
    pub(super) fn teaching(&mut self) {
        let s = self.s;
        let mut seen = BTreeSet::new();
        for (i, m) in s.teaching.iter().enumerate() {
            let p = format!("teaching[{i}]");
            if m.id.trim().is_empty() {
                self.err(format_args!("{p}.id"), "teaching moment id is empty");
            } else if !seen.insert(m.id.as_str()) {
                self.err(
                    format_args!("{p}.id"),
                    format!("duplicate teaching moment id \"{}\"", m.id),
                );
            }
            self.condition(format_args!("{p}.when"), &m.when, 0);
            if hidden(&m.when, 0) {
                self.err(
                    format_args!("{p}.when"),
                    "a teaching moment waits on what the company can see: ProviderBelow is the provider's hidden truth",
                );
            }
            self.words(
                format_args!("{p}.title"),
                "a teaching moment's title",
                &m.title,
            );
            self.words(
                format_args!("{p}.text"),
                "a teaching moment's text",
                &m.text,
            );
            self.draws_in_text(format_args!("{p}.text"), &m.text);
        }
        for (i, l) in s.lessons.iter().enumerate() {
            let p = format!("lessons[{i}].hints");
            if l.hints.is_empty() {
                continue;
            }
            if l.hints.len() != HINT_RUNGS {
                self.err(
                    p.clone(),
                    format!(
                        "a hint ladder has {HINT_RUNGS} rungs (a nudge, the concept, the expert's move), not {}",
                        l.hints.len()
                    ),
                );
            }
            if l.applied_by.is_empty() {
                self.err(
                    p.clone(),
                    "hints go with a lesson some action applies (applied_by): that is how the game knows when they help",
                );
            }
            for (j, h) in l.hints.iter().enumerate() {
                self.words(format_args!("{p}[{j}]"), "a hint", h);
            }
        }
    }

    /// Text a player reads: not empty, not longer than a line may be.
    fn words(&mut self, path: impl Display, what: &str, text: &str) {
        let n = text.chars().count();
        if text.trim().is_empty() {
            self.err(path, format!("{what} is empty"));
        } else if n > MAX_TEXT_CHARS {
            self.err(
                path,
                format!("{what} is {n} characters long; at most {MAX_TEXT_CHARS} are supported"),
            );
        }
    }
}

/// Whether a condition reads the provider's hidden health anywhere inside it (nesting beyond what
/// validation allows is reported on its own).
fn hidden(c: &Condition, depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    match c {
        Condition::ProviderBelow(..) => true,
        Condition::All(l) | Condition::Any(l) => l.iter().any(|c| hidden(c, depth + 1)),
        Condition::Not(c) => hidden(c, depth + 1),
        _ => false,
    }
}
