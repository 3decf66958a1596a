//! Bounds on how much text a scenario makes a night hold: each line of text, the number of beats,
//! and all that the beats can write over a night (a beat's text is kept each time it fires).

use std::fmt::Display;

use super::Checker;
use crate::scenario::limits::{MAX_BEATS, MAX_STORY_CHARS, MAX_TEXT_CHARS};
use crate::scenario::model::{Condition, Effect};

impl Checker<'_> {
    pub(super) fn bounds(&mut self) {
        let s = self.s;
        if s.beats.len() > MAX_BEATS {
            self.err(
                format_args!("beats[{MAX_BEATS}]"),
                format!(
                    "at most {MAX_BEATS} beats are supported (this scenario has {})",
                    s.beats.len()
                ),
            );
        }
        let mut story = 0usize;
        let mut biggest: Option<(usize, usize)> = None;
        for (i, b) in s.beats.iter().enumerate() {
            let p = format!("beats[{i}]");
            self.line_of_text(format_args!("{p}.from"), "from", &b.from);
            self.line_of_text(format_args!("{p}.text"), "text", &b.text);
            let chars = b.text.chars().count() + b.from.chars().count();
            // A line on `JustDone` can fire each time its action finishes anew: at most every
            // other minute (it must stop holding in between).
            let again = b.when.as_ref().is_some_and(asks_just_done);
            let firings = match b.repeat_minutes {
                Some(r) if r > 0 => (s.length() / r) as usize + 1,
                _ if again => (s.length() / 2) as usize + 1,
                _ => 1,
            };
            let written = chars.saturating_mul(firings);
            story = story.saturating_add(written);
            if biggest.is_none_or(|(_, w)| written > w) {
                biggest = Some((i, written));
            }
        }
        if story > MAX_STORY_CHARS
            && let Some((i, written)) = biggest
        {
            self.err(
                format_args!("beats[{i}]"),
                format!(
                    "the beats can write {} MiB of text in one night, more than the {} MiB supported (this beat alone {} MiB, fired up to every {}): shorten the texts or repeat them less often",
                    mib(story),
                    mib(MAX_STORY_CHARS),
                    mib(written),
                    match s.beats[i].repeat_minutes {
                        Some(r) => format!("{r} minutes"),
                        None if s.beats[i].when.as_ref().is_some_and(asks_just_done) =>
                            "time its action finishes".into(),
                        None => "night".into(),
                    }
                ),
            );
        }
        for (i, x) in s.injects.iter().enumerate() {
            let p = format!("injects[{i}]");
            self.line_of_text(format_args!("{p}.title"), "title", &x.title);
            self.line_of_text(format_args!("{p}.from"), "from", &x.from);
            self.line_of_text(format_args!("{p}.text"), "text", &x.text);
        }
        for (i, a) in s.actions.iter().enumerate() {
            for (j, e) in a.effects.iter().enumerate() {
                if let Effect::Say { from, text } = e {
                    let p = format!("actions[{i}].effects[{j}]");
                    self.line_of_text(format_args!("{p}.from"), "from", from);
                    self.line_of_text(format_args!("{p}.text"), "text", text);
                }
            }
        }
    }

    fn line_of_text(&mut self, path: impl Display, what: &str, text: &str) {
        let n = text.chars().count();
        if n > MAX_TEXT_CHARS {
            self.err(
                path,
                format!("{what} is {n} characters long; at most {MAX_TEXT_CHARS} are supported"),
            );
        }
    }
}

/// Characters as MiB, one decimal.
fn mib(chars: usize) -> String {
    format!("{:.1}", chars as f64 / (1024.0 * 1024.0))
}

/// Whether a condition asks whether an action finished this very minute.
fn asks_just_done(c: &Condition) -> bool {
    match c {
        Condition::JustDone(_) => true,
        Condition::All(l) | Condition::Any(l) => l.iter().any(asks_just_done),
        Condition::Not(c) => asks_just_done(c),
        _ => false,
    }
}
