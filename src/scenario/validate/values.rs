//! Checks of one value, shared by every part of the scenario: numbers within bounds, times within
//! the night, ids that name something.

use std::fmt::Display;

use super::Checker;
use crate::scenario::time::TimeOfDay;

/// The largest amount (traffic, capacity, a weight) a scenario may use: keeps every sum finite.
const MAX_AMOUNT: f64 = 1e9;
/// Minutes in a day: the most any duration may be.
pub(super) const DAY: u32 = 24 * 60;

/// A number as a person wrote it, in scientific notation when it is huge.
fn show(v: f64) -> String {
    if v.abs() >= 1e9 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

impl Checker<'_> {
    /// Check a time lies within the night; return its minute. A night that ends when it starts
    /// is said once, at its clock: every time in the file is not blamed for it as well.
    pub(super) fn within(&mut self, path: impl Display, t: TimeOfDay) -> u32 {
        let m = self.s.minute_of(t);
        if m > self.s.length() && self.s.length() > 0 {
            self.err(
                path,
                format!(
                    "{t} is outside the night ({} to {})",
                    self.s.clock.start, self.s.clock.end
                ),
            );
        }
        m
    }

    pub(super) fn fraction(&mut self, path: impl Display, what: &str, v: f64) {
        if !(0.0..=1.0).contains(&v) {
            self.err(path, format!("{what} must be between 0 and 1, not {v}"));
        }
    }

    pub(super) fn non_negative(&mut self, path: impl Display, what: &str, v: f64) {
        if !(0.0..=MAX_AMOUNT).contains(&v) {
            self.err(
                path,
                format!("{what} must be a number from 0 to 1e9, not {}", show(v)),
            );
        }
    }

    pub(super) fn positive(&mut self, path: impl Display, what: &str, v: f64) {
        if !(v > 0.0 && v <= MAX_AMOUNT) {
            self.err(
                path,
                format!(
                    "{what} must be more than 0 and at most 1e9, not {}",
                    show(v)
                ),
            );
        }
    }

    /// A whole number within bounds (minutes are at most a day).
    pub(super) fn bounded(&mut self, path: impl Display, what: &str, v: u32, lo: u32, hi: u32) {
        if !(lo..=hi).contains(&v) {
            self.err(path, format!("{what} must be {lo} to {hi}, not {v}"));
        }
    }

    /// Report an id listed twice in one list.
    pub(super) fn no_repeats(&mut self, list: &str, what: &str, ids: &[String]) {
        for (j, id) in ids.iter().enumerate() {
            if ids[..j].contains(id) {
                self.err(
                    format_args!("{list}[{j}]"),
                    format!("{what} \"{id}\" is listed twice"),
                );
            }
        }
    }

    pub(super) fn zone(&mut self, path: impl Display, z: &str) {
        if !self.zones.contains(z) {
            self.err(path, format!("unknown zone \"{z}\""));
        }
    }

    pub(super) fn provider(&mut self, path: impl Display, p: &str) {
        if !self.providers.contains(p) {
            self.err(path, format!("unknown provider service \"{p}\""));
        }
    }

    pub(super) fn service(&mut self, path: impl Display, p: &str) {
        if !self.services.contains(p) {
            self.err(path, format!("unknown service \"{p}\""));
        }
    }

    pub(super) fn dependency(&mut self, path: impl Display, p: &str) {
        if !self.services.contains(p) && !self.providers.contains(p) {
            self.err(
                path,
                format!("unknown dependency \"{p}\": no provider or company service has that id"),
            );
        }
    }

    pub(super) fn action(&mut self, path: impl Display, a: &str) {
        if !self.actions.contains(a) {
            self.err(path, format!("unknown action \"{a}\""));
        }
    }
}
