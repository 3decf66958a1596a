//! The setting of the night: the header and clock, the provider's faults, traffic curves.

use std::fmt::Display;

use super::Checker;
use super::values::DAY;
use crate::scenario::model::TrafficPoint;
use crate::scenario::time;

impl Checker<'_> {
    pub(super) fn header(&mut self) {
        let s = self.s;
        if let Some(problem) = crate::scenario::format::problem(s.format) {
            self.err("format", problem);
        }
        if s.id.trim().is_empty() {
            self.err("id", "the scenario id is empty");
        }
        // The title heads one-line summaries and lists: a line break would split them.
        if s.title.contains('\n') {
            self.err("title", "the title is one line: it holds a line break");
        }
        if time::weekday(&s.date).is_none() {
            self.err(
                "date",
                format!("malformed date \"{}\": expected YYYY-MM-DD", s.date),
            );
        }
        if s.clock.step_minutes != 1 {
            self.err(
                "clock.step_minutes",
                "the engine steps one simulated minute at a time: step_minutes must be 1",
            );
        }
        if s.clock.end == s.clock.start {
            self.err(
                "clock.end",
                "the night ends when it starts: end must differ from start",
            );
        }
        for (j, c) in s.controls_on.iter().enumerate() {
            if s.controls_on[..j].contains(c) {
                self.err(
                    format_args!("controls_on[{j}]"),
                    format!("{c:?} is listed twice"),
                );
            }
        }
        self.vocabulary();
    }

    /// The scenario's words are shown in charts, the status line and the debrief: none may be
    /// blank, and a lever is named once.
    fn vocabulary(&mut self) {
        let v = &self.s.vocabulary;
        for (field, word) in [("work", &v.work), ("fallback", &v.fallback)] {
            if word.trim().is_empty() {
                self.err(
                    format_args!("vocabulary.{field}"),
                    format!("vocabulary.{field} is blank: it is the word players read"),
                );
            }
        }
        for (j, lever) in v.levers.iter().enumerate() {
            if v.levers[..j].iter().any(|l| l.control == lever.control) {
                self.err(
                    format_args!("vocabulary.levers[{j}].control"),
                    format!("{:?} is named twice", lever.control),
                );
            }
            let words = [
                ("name", &lever.name),
                ("short", &lever.short),
                ("on", &lever.on),
                ("off", &lever.off),
            ];
            for (field, word) in words {
                if word.as_ref().is_some_and(|w| w.trim().is_empty()) {
                    self.err(
                        format_args!("vocabulary.levers[{j}].{field}"),
                        format!("a lever's {field} is blank: leave it out to keep the default"),
                    );
                }
            }
        }
    }

    pub(super) fn faults(&mut self) {
        let s = self.s;
        for (i, f) in s.faults.iter().enumerate() {
            let p = format!("faults[{i}]");
            self.provider(format_args!("{p}.target"), &f.target);
            for (j, z) in f.zones.iter().enumerate() {
                match z.strip_prefix('!') {
                    Some(d) if super::inquiry::draw_name(d).is_none() => self.err(
                        format_args!("{p}.zones[{j}]"),
                        format!("\"{z}\": `!` goes before a zone draw, as in \"!{{gray}}\""),
                    ),
                    Some(d) => self.zone_or_draw(format_args!("{p}.zones[{j}]"), d),
                    None => self.zone_or_draw(format_args!("{p}.zones[{j}]"), z),
                }
            }
            self.no_repeats(&format!("{p}.zones"), "zone", &f.zones);
            self.bounded(
                format_args!("{p}.ramp_minutes"),
                "ramp_minutes",
                f.ramp_minutes,
                0,
                DAY,
            );
            let from = self.within(format_args!("{p}.from"), f.from);
            let until = self.within(format_args!("{p}.until"), f.until);
            if until == from {
                self.err(
                    format_args!("{p}.until"),
                    format!(
                        "the fault ends when it starts ({}): it must last at least a minute",
                        f.from
                    ),
                );
            } else if until < from {
                self.err(
                    format_args!("{p}.until"),
                    format!("the fault ends ({}) before it starts ({})", f.until, f.from),
                );
            }
            self.fraction(format_args!("{p}.health"), "health", f.health);
            if f.jitter_minutes > 120 {
                self.err(
                    format_args!("{p}.jitter_minutes"),
                    "jitter_minutes must be at most 120",
                );
            }
        }
    }

    /// A curve of per-minute amounts: at least one point, each within the night, in time order.
    pub(super) fn curve(&mut self, path: impl Display, points: &[TrafficPoint]) {
        if points.is_empty() {
            self.err(&path, "a curve needs at least one point");
        }
        let mut last = None;
        for (i, p) in points.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let m = self.within(format_args!("{at}.at"), p.at);
            self.non_negative(format_args!("{at}.per_minute"), "per_minute", p.per_minute);
            // A point outside the night is reported once; its neighbours are not blamed for it.
            if m > self.s.length() {
                last = None;
                continue;
            }
            if let Some(prev) = last
                && m <= prev
            {
                self.err(
                    format_args!("{at}.at"),
                    format!("{} is out of order: points must move forward in time", p.at),
                );
            }
            last = Some(m);
        }
    }
}
