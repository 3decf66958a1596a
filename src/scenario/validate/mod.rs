//! Semantic checks on a parsed scenario. Every problem is collected, each with the path of the value
//! at fault (`services[2].needs[0].on`), so the caller can point at its line.
//!
//! One [`Checker`] walks the scenario in a fixed order (the order of [`check`]); each part of the
//! scenario has its own file:
//!
//! - [`ids`]: ids of every kind (empty, duplicate) and the size limits;
//! - [`setting`]: the header and clock, the provider's faults, traffic curves;
//! - [`services`]: company services and dependency cycles;
//! - [`crew`]: people and scheduled changes;
//! - [`story`]: story beats, the tabletop's injects and their conditions;
//! - [`status`]: status pages, and the beats and actions that name them;
//! - [`inquiry`]: zone draws, fault causes and working theories (what is hidden, and how to find it);
//! - [`teaching`]: the guided night's moments and each lesson's hint ladder;
//! - [`bounds`]: how much text a night may hold (each line, the beats, all they can write);
//! - [`catalogue`]: actions and their effects, the expert path, lessons, scoring weights;
//! - [`values`]: the shared checks of one value (numbers, times, references by id).

use std::collections::BTreeSet;
use std::fmt::Display;

use super::model::Scenario;

mod bounds;
mod catalogue;
mod crew;
mod ids;
mod inquiry;
mod services;
mod setting;
mod status;
mod story;
pub mod teaching;
pub mod text;
mod values;

/// Problems as (path of the value at fault, message), in the order they were found.
pub type Problems = Vec<(String, String)>;

/// Walks one scenario, collecting problems and the ids later checks refer to.
struct Checker<'a> {
    s: &'a Scenario,
    out: Problems,
    zones: BTreeSet<&'a str>,
    providers: BTreeSet<&'a str>,
    services: BTreeSet<&'a str>,
    people: BTreeSet<&'a str>,
    actions: BTreeSet<&'a str>,
    draws: BTreeSet<&'a str>,
    theories: BTreeSet<&'a str>,
}

/// Every problem in a parsed scenario; empty if it is valid.
pub fn check(s: &Scenario) -> Problems {
    let mut c = Checker {
        s,
        out: Vec::new(),
        zones: BTreeSet::new(),
        providers: BTreeSet::new(),
        services: BTreeSet::new(),
        people: BTreeSet::new(),
        actions: BTreeSet::new(),
        draws: BTreeSet::new(),
        theories: BTreeSet::new(),
    };
    c.ids();
    c.header();
    c.services();
    c.draws();
    c.faults();
    c.causes();
    c.curve("traffic", &s.traffic);
    c.people();
    c.changes();
    c.beats();
    c.status_pages();
    c.injects();
    c.bounds();
    c.actions();
    c.expert();
    c.lessons();
    c.theories();
    c.teaching();
    c.scoring();
    c.out
}

impl Checker<'_> {
    /// Report a problem at `path`, where in the file the value is (`beats[3].when.0`). Checks
    /// take a path as something that can be put into words and put it into words only here, so
    /// a valid scenario is checked without writing out a path for every value.
    fn err(&mut self, path: impl Display, msg: impl Into<String>) {
        self.out.push((path.to_string(), msg.into()));
    }
}
