//! Ids of every kind: none empty, none repeated, and no more zones or services than the engine
//! supports. The ids collected here are what later checks resolve references against.

use std::collections::BTreeSet;

use super::Checker;
use crate::scenario::limits::{MAX_SERVICES, MAX_ZONES};

impl<'a> Checker<'a> {
    /// Collect one kind of id, reporting empty and duplicate ones.
    pub(super) fn collect(
        &mut self,
        kind: &str,
        list: &str,
        ids: Vec<&'a str>,
    ) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        for (i, id) in ids.into_iter().enumerate() {
            if id.trim().is_empty() {
                self.err(format_args!("{list}[{i}]"), format!("{kind} id is empty"));
            } else if let Some(c) = id.chars().find(|&c| c.is_whitespace() || invisible(c)) {
                // Typed in scripts and on the command line: what is not seen cannot be typed.
                self.err(
                    format_args!("{list}[{i}]"),
                    format!(
                        "{kind} id \"{}\" holds {}: ids are typed, so they hold no spaces or invisible characters",
                        id.escape_default(),
                        if c.is_whitespace() {
                            "a space".to_string()
                        } else {
                            format!("the invisible character {}", c.escape_unicode())
                        }
                    ),
                );
            } else if !seen.insert(id) {
                self.err(
                    format_args!("{list}[{i}]"),
                    format!("duplicate {kind} id \"{id}\""),
                );
            }
        }
        seen
    }

    pub(super) fn ids(&mut self) {
        let s = self.s;
        let zones: Vec<&str> = s.zones.iter().map(String::as_str).collect();
        self.zones = self.collect("zone", "zones", zones);
        self.providers = self.collect(
            "provider service",
            "provider",
            s.provider.iter().map(|p| p.id.as_str()).collect(),
        );
        self.services = self.collect(
            "service",
            "services",
            s.services.iter().map(|p| p.id.as_str()).collect(),
        );
        for (i, svc) in s.services.iter().enumerate() {
            if self.providers.contains(svc.id.as_str()) {
                self.err(
                    format_args!("services[{i}].id"),
                    format!(
                        "\"{}\" names both a provider service and a company service",
                        svc.id
                    ),
                );
            }
        }
        self.people = self.collect(
            "person",
            "people",
            s.people.iter().map(|p| p.id.as_str()).collect(),
        );
        self.actions = self.collect(
            "action",
            "actions",
            s.actions.iter().map(|p| p.id.as_str()).collect(),
        );
        self.collect(
            "beat",
            "beats",
            s.beats.iter().map(|p| p.id.as_str()).collect(),
        );
        self.collect(
            "change",
            "changes",
            s.changes.iter().map(|p| p.id.as_str()).collect(),
        );
        self.collect(
            "lesson",
            "lessons",
            s.lessons.iter().map(|p| p.id.as_str()).collect(),
        );
        self.draws = self.collect(
            "zone draw",
            "zone_draws",
            s.zone_draws.iter().map(|p| p.id.as_str()).collect(),
        );
        self.theories = self.collect(
            "theory",
            "theories",
            s.theories.iter().map(|p| p.id.as_str()).collect(),
        );
        // Fault ids are optional; the named ones must differ.
        let mut seen = BTreeSet::new();
        for (i, f) in s.faults.iter().enumerate() {
            if !f.id.is_empty() && !seen.insert(f.id.as_str()) {
                self.err(
                    format_args!("faults[{i}].id"),
                    format!("duplicate fault id \"{}\"", f.id),
                );
            }
        }
        self.sizes();
    }

    /// At least one zone and one service; no more than the engine supports.
    fn sizes(&mut self) {
        let s = self.s;
        if s.zones.is_empty() {
            self.err("zones", "a scenario needs at least one zone");
        }
        if s.services.is_empty() {
            self.err("services", "a scenario needs at least one company service");
        }
        if s.zones.len() > MAX_ZONES {
            self.err("zones", format!("at most {MAX_ZONES} zones are supported"));
        }
        if s.services.len() > MAX_SERVICES {
            self.err(
                "services",
                format!("at most {MAX_SERVICES} company services are supported"),
            );
        }
    }
}

/// A character that takes no room on a screen: zero-width spaces and joiners, the word joiner
/// and its kin, the byte-order mark, the soft hyphen.
fn invisible(c: char) -> bool {
    matches!(c, '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}
