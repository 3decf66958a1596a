//! The people on the night and the changes scheduled to roll out during it.

use super::Checker;
use super::values::DAY;
use crate::scenario::model::Role;

impl Checker<'_> {
    pub(super) fn people(&mut self) {
        let s = self.s;
        for (i, person) in s.people.iter().enumerate() {
            if let Some(t) = person.starts_at {
                self.within(format_args!("people[{i}].starts_at"), t);
            }
            self.non_negative(
                format_args!("people[{i}].tired_hours"),
                "tired_hours",
                person.tired_hours,
            );
            self.bounded(
                format_args!("people[{i}].answers_page_in"),
                "answers_page_in",
                person.answers_page_in,
                0,
                DAY,
            );
        }
        if !s
            .people
            .iter()
            .any(|p| p.role == Role::Responder && p.on_duty)
        {
            self.err(
                "people",
                "someone must be on duty: a Responder with on_duty: true",
            );
        }
    }

    pub(super) fn changes(&mut self) {
        let s = self.s;
        for (i, c) in s.changes.iter().enumerate() {
            let p = format!("changes[{i}]");
            self.within(format_args!("{p}.at"), c.at);
            self.service(format_args!("{p}.rolls"), &c.rolls);
            for (j, v) in c.via.iter().enumerate() {
                self.provider(format_args!("{p}.via[{j}]"), v);
            }
            if !(c.batch > 0.0 && c.batch <= 1.0) {
                self.err(
                    format_args!("{p}.batch"),
                    "batch must be more than 0 and at most 1",
                );
            }
            self.bounded(
                format_args!("{p}.every_minutes"),
                "every_minutes",
                c.every_minutes,
                1,
                DAY,
            );
        }
    }
}
