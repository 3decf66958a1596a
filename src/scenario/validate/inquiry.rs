//! What is hidden and how it is found: zones the seed draws, faults caused by other faults, and the
//! working theories a team can state.

use std::fmt::Display;

use super::Checker;
pub use crate::scenario::draw_name;

impl Checker<'_> {
    pub(super) fn draws(&mut self) {
        let s = self.s;
        for (i, d) in s.zone_draws.iter().enumerate() {
            for (j, z) in d.among.iter().enumerate() {
                self.zone(format_args!("zone_draws[{i}].among[{j}]"), z);
            }
            self.no_repeats(&format!("zone_draws[{i}].among"), "zone", &d.among);
        }
    }

    /// A zone's name, or `{draw}` for a zone the seed picks.
    pub(super) fn zone_or_draw(&mut self, path: impl Display, z: &str) {
        match draw_name(z) {
            Some(d) if !self.draws.contains(d) => {
                self.err(path, format!("unknown zone draw \"{d}\""));
            }
            Some(_) => {}
            None => self.zone(path, z),
        }
    }

    /// Every `{…}` in a text names a zone draw.
    pub(super) fn draws_in_text(&mut self, path: impl Display, text: &str) {
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                break;
            };
            let name = &after[..close];
            if !self.draws.contains(name) {
                self.err(
                    &path,
                    format!("unknown zone draw \"{{{name}}}\" in the text"),
                );
            }
            rest = &after[close + 1..];
        }
    }

    pub(super) fn person(&mut self, path: impl Display, who: &str) {
        if !self.people.contains(who) {
            self.err(path, format!("unknown person \"{who}\""));
        }
    }

    pub(super) fn theory(&mut self, path: impl Display, t: &str) {
        // An expert's theory target may read a drawn zone: "gray-{gray}". Whatever zone each
        // draw picks, what it reads must be a theory.
        if t.contains('{') {
            let before = self.out.len();
            self.draws_in_text(&path, t);
            if self.out.len() == before {
                self.theory_for_every_draw(path, t);
            }
            return;
        }
        if !self.theories.contains(t) {
            self.err(path, format!("unknown theory \"{t}\""));
        }
    }

    /// An expert's theory target that reads drawn zones names a theory for every zone the draws
    /// can pick (one combination after another, as an odometer turns).
    fn theory_for_every_draw(&mut self, path: impl Display, t: &str) {
        let s = self.s;
        let picks: Vec<Vec<usize>> = s
            .zone_draws
            .iter()
            .map(|d| {
                if !t.contains(&format!("{{{}}}", d.id)) {
                    vec![0]
                } else if d.among.is_empty() {
                    (0..s.zones.len()).collect()
                } else {
                    d.among
                        .iter()
                        .filter_map(|z| s.zones.iter().position(|x| x == z))
                        .collect()
                }
            })
            .collect();
        let mut at = vec![0usize; picks.len()];
        for _ in 0..10_000 {
            let drawn: Vec<usize> = at
                .iter()
                .zip(&picks)
                .map(|(&k, p)| p.get(k).copied().unwrap_or(0))
                .collect();
            let id = s.read_draws(t, &drawn);
            if !self.theories.contains(&*id) {
                self.err(
                    path,
                    format!("\"{t}\" reads \"{id}\" on a night that draws that zone, and no theory has that id: each zone the draw can pick needs its own theory"),
                );
                return;
            }
            // The next combination; done when every draw has turned over.
            let Some(d) = (0..at.len()).find(|&d| at[d] + 1 < picks[d].len()) else {
                return;
            };
            at[d] += 1;
            at[..d].iter_mut().for_each(|k| *k = 0);
        }
    }

    /// A fault's cause is a fault declared before it (so causes never loop), on another service
    /// or later in time.
    pub(super) fn causes(&mut self) {
        let s = self.s;
        for (i, f) in s.faults.iter().enumerate() {
            // Every fault's note may name a draw, caused or not.
            self.draws_in_text(format_args!("faults[{i}].note"), &f.note);
            let Some(cause) = &f.cause else {
                continue;
            };
            let path = format!("faults[{i}].cause");
            match s.faults[..i].iter().position(|x| &x.id == cause) {
                Some(c) if s.minute_of(s.faults[c].from) > s.minute_of(f.from) => self.err(
                    format_args!("faults[{i}].from"),
                    format!(
                        "the fault starts ({}) before its cause \"{cause}\" does ({})",
                        f.from, s.faults[c].from
                    ),
                ),
                Some(_) => {}
                None if *cause == f.id => {
                    self.err(path, format!("the fault \"{cause}\" cannot cause itself"))
                }
                None if s.faults.iter().any(|x| &x.id == cause) => self.err(
                    path,
                    format!("the cause \"{cause}\" must be declared before the fault it causes"),
                ),
                None => self.err(path, format!("unknown fault \"{cause}\"")),
            }
        }
    }

    pub(super) fn theories(&mut self) {
        let s = self.s;
        for (i, t) in s.theories.iter().enumerate() {
            let p = format!("theories[{i}]");
            for (j, f) in t.faults.iter().enumerate() {
                if !s.faults.iter().any(|x| &x.id == f) {
                    self.err(
                        format_args!("{p}.faults[{j}]"),
                        format!("unknown fault \"{f}\""),
                    );
                }
            }
            if let Some(z) = &t.zone {
                self.zone_or_draw(format_args!("{p}.zone"), z);
            }
            self.draws_in_text(format_args!("{p}.name"), &t.name);
        }
        let needs_theories = s.actions.iter().enumerate().filter(|(_, a)| {
            a.target == crate::scenario::TargetKind::Theory
                || a.effects
                    .iter()
                    .any(|e| matches!(e, crate::scenario::Effect::StateTheory))
        });
        for (i, a) in needs_theories.collect::<Vec<_>>() {
            if a.target != crate::scenario::TargetKind::Theory {
                self.err(
                    format_args!("actions[{i}].target"),
                    "StateTheory needs the action to have `target: Theory`",
                );
            } else if s.theories.is_empty() {
                self.err(
                    format_args!("actions[{i}].target"),
                    "`target: Theory` needs the scenario to list `theories`",
                );
            }
        }
    }
}
