//! Story beats and the conditions that trigger them.

use std::fmt::Display;

use super::Checker;
use super::values::DAY;
use crate::scenario::model::{Channel, Condition};

/// How deep conditions may nest (`All([Not(Any([...]))])`).
const MAX_NESTING: usize = 32;

impl Checker<'_> {
    pub(super) fn beats(&mut self) {
        let s = self.s;
        for (i, b) in s.beats.iter().enumerate() {
            let p = format!("beats[{i}]");
            match (&b.at, &b.when) {
                (Some(t), None) => {
                    self.within(format_args!("{p}.at"), *t);
                }
                (None, Some(c)) => self.condition(format_args!("{p}.when"), c, 0),
                _ => self.err(p.clone(), "a beat needs exactly one of `at` or `when`"),
            }
            if let Some(c) = &b.asserts {
                self.condition(format_args!("{p}.asserts"), c, 0);
            }
            self.draws_in_text(format_args!("{p}.text"), &b.text);
            if let Some(r) = b.repeat_minutes {
                if b.when.is_none() {
                    self.err(
                        format_args!("{p}.repeat_minutes"),
                        "repeat_minutes goes with `when`",
                    );
                }
                self.bounded(
                    format_args!("{p}.repeat_minutes"),
                    "repeat_minutes",
                    r,
                    1,
                    DAY,
                );
            }
        }
    }

    /// The tabletop's pool of injects: ids, who speaks, and what each claims.
    pub(super) fn injects(&mut self) {
        let s = self.s;
        let ids = s.injects.iter().map(|x| x.id.as_str()).collect();
        self.collect("inject", "injects", ids);
        for (i, x) in s.injects.iter().enumerate() {
            let p = format!("injects[{i}]");
            if matches!(x.channel, Channel::StatusPage) {
                self.err(
                    format_args!("{p}.channel"),
                    "an inject cannot speak for the provider's status page",
                );
            }
            if x.title.trim().is_empty() {
                self.err(format_args!("{p}.title"), "an inject needs a title");
            }
            if let Some(c) = &x.asserts {
                self.condition(format_args!("{p}.asserts"), c, 0);
            }
            self.draws_in_text(format_args!("{p}.text"), &x.text);
        }
    }

    pub(super) fn condition(&mut self, path: impl Display, c: &Condition, depth: usize) {
        if depth > MAX_NESTING {
            self.err(path, "condition nested too deeply (more than 32 levels)");
            return;
        }
        match c {
            Condition::ErrorRateAbove(sv, v) | Condition::CapacityBelow(sv, v) => {
                self.service(format_args!("{path}.0"), sv);
                self.non_negative(format_args!("{path}.1"), "threshold", *v);
            }
            Condition::LoadAbove(sv, v) => {
                self.service(format_args!("{path}.0"), sv);
                self.non_negative(format_args!("{path}.1"), "threshold", *v);
            }
            Condition::BacklogAbove(sv, v) => {
                self.service(format_args!("{path}.0"), sv);
                self.non_negative(format_args!("{path}.1"), "threshold", *v);
                if let Some(svc) = self.s.services.iter().find(|x| &x.id == sv)
                    && svc.queue.is_none()
                {
                    self.err(
                        format_args!("{path}.0"),
                        format!("service \"{sv}\" has no queue"),
                    );
                }
            }
            Condition::ProviderBelow(pv, v) => {
                self.provider(format_args!("{path}.0"), pv);
                self.fraction(format_args!("{path}.1"), "threshold", *v);
            }
            Condition::Done(a) | Condition::Tried(a) | Condition::JustDone(a) => {
                self.action(format_args!("{path}.0"), a)
            }
            Condition::LaunchesFailing(sv) => self.service(format_args!("{path}.0"), sv),
            Condition::Arrived(who) => self.person(format_args!("{path}.0"), who),
            Condition::After(t) => {
                self.within(format_args!("{path}.0"), *t);
            }
            Condition::All(list) | Condition::Any(list) => {
                for (i, c) in list.iter().enumerate() {
                    self.condition(format_args!("{path}.0[{i}]"), c, depth + 1);
                }
            }
            Condition::Not(c) => self.condition(format_args!("{path}.0"), c, depth + 1),
        }
    }
}
