//! Semantic checks on a parsed scenario. Every problem is collected, each with the path of the value
//! at fault (`services[2].needs[0].on`), so the caller can point at its line.

use std::collections::{BTreeMap, BTreeSet};

use super::model::*;
use super::time::TimeOfDay;

type Problems = Vec<(String, String)>;

/// The largest amount (traffic, capacity, a weight) a scenario may use: keeps every sum finite.
const MAX_AMOUNT: f64 = 1e9;
/// Minutes in a day: the most any duration may be.
const DAY: u32 = 24 * 60;

/// A number as a person wrote it, in scientific notation when it is huge.
fn show(v: f64) -> String {
    if v.abs() >= 1e9 {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}

struct Checker<'a> {
    s: &'a Scenario,
    out: Problems,
    zones: BTreeSet<&'a str>,
    providers: BTreeSet<&'a str>,
    services: BTreeSet<&'a str>,
    people: BTreeSet<&'a str>,
    actions: BTreeSet<&'a str>,
}

pub fn check(s: &Scenario) -> Problems {
    let mut c = Checker {
        s,
        out: Vec::new(),
        zones: BTreeSet::new(),
        providers: BTreeSet::new(),
        services: BTreeSet::new(),
        people: BTreeSet::new(),
        actions: BTreeSet::new(),
    };
    c.ids();
    c.header();
    c.services();
    c.faults();
    c.curve("traffic", &s.traffic);
    c.people();
    c.changes();
    c.beats();
    c.actions();
    c.expert();
    c.lessons();
    c.scoring();
    c.out
}

impl<'a> Checker<'a> {
    fn err(&mut self, path: impl Into<String>, msg: impl Into<String>) {
        self.out.push((path.into(), msg.into()));
    }

    /// Collect one kind of id, reporting empty and duplicate ones.
    fn collect(&mut self, kind: &str, list: &str, ids: Vec<&'a str>) -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        for (i, id) in ids.into_iter().enumerate() {
            if id.trim().is_empty() {
                self.err(format!("{list}[{i}]"), format!("{kind} id is empty"));
            } else if !seen.insert(id) {
                self.err(
                    format!("{list}[{i}]"),
                    format!("duplicate {kind} id \"{id}\""),
                );
            }
        }
        seen
    }

    fn ids(&mut self) {
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
                    format!("services[{i}].id"),
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
        if s.zones.is_empty() {
            self.err("zones", "a scenario needs at least one zone");
        }
        if s.services.is_empty() {
            self.err("services", "a scenario needs at least one company service");
        }
        if s.zones.len() > crate::sim::MAX_ZONES {
            self.err(
                "zones",
                format!("at most {} zones are supported", crate::sim::MAX_ZONES),
            );
        }
        if s.services.len() > crate::sim::MAX_SERVICES {
            self.err(
                "services",
                format!(
                    "at most {} company services are supported",
                    crate::sim::MAX_SERVICES
                ),
            );
        }
    }

    fn header(&mut self) {
        let s = self.s;
        if s.id.trim().is_empty() {
            self.err("id", "the scenario id is empty");
        }
        if super::time::weekday(&s.date).is_none() {
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
    }

    /// Check a time lies within the night; return its minute.
    fn within(&mut self, path: &str, t: TimeOfDay) -> u32 {
        let m = self.s.minute_of(t);
        if m > self.s.length() {
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

    fn fraction(&mut self, path: String, what: &str, v: f64) {
        if !(0.0..=1.0).contains(&v) {
            self.err(path, format!("{what} must be between 0 and 1, not {v}"));
        }
    }

    fn non_negative(&mut self, path: String, what: &str, v: f64) {
        if !(0.0..=MAX_AMOUNT).contains(&v) {
            self.err(
                path,
                format!("{what} must be a number from 0 to 1e9, not {}", show(v)),
            );
        }
    }

    fn positive(&mut self, path: String, what: &str, v: f64) {
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
    fn bounded(&mut self, path: String, what: &str, v: u32, lo: u32, hi: u32) {
        if !(lo..=hi).contains(&v) {
            self.err(path, format!("{what} must be {lo} to {hi}, not {v}"));
        }
    }

    /// Report an id listed twice in one list.
    fn no_repeats(&mut self, list: &str, what: &str, ids: &[String]) {
        for (j, id) in ids.iter().enumerate() {
            if ids[..j].contains(id) {
                self.err(
                    format!("{list}[{j}]"),
                    format!("{what} \"{id}\" is listed twice"),
                );
            }
        }
    }

    fn zone(&mut self, path: String, z: &str) {
        if !self.zones.contains(z) {
            self.err(path, format!("unknown zone \"{z}\""));
        }
    }

    fn provider(&mut self, path: String, p: &str) {
        if !self.providers.contains(p) {
            self.err(path, format!("unknown provider service \"{p}\""));
        }
    }

    fn service(&mut self, path: String, p: &str) {
        if !self.services.contains(p) {
            self.err(path, format!("unknown service \"{p}\""));
        }
    }

    fn dependency(&mut self, path: String, p: &str) {
        if !self.services.contains(p) && !self.providers.contains(p) {
            self.err(
                path,
                format!("unknown dependency \"{p}\": no provider or company service has that id"),
            );
        }
    }

    fn action(&mut self, path: String, a: &str) {
        if !self.actions.contains(a) {
            self.err(path, format!("unknown action \"{a}\""));
        }
    }

    fn curve(&mut self, path: &str, points: &[TrafficPoint]) {
        if points.is_empty() {
            self.err(path, "a curve needs at least one point");
        }
        let mut last = None;
        for (i, p) in points.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let m = self.within(&format!("{at}.at"), p.at);
            self.non_negative(format!("{at}.per_minute"), "per_minute", p.per_minute);
            if let Some(prev) = last
                && m <= prev
            {
                self.err(
                    format!("{at}.at"),
                    format!("{} is out of order: points must move forward in time", p.at),
                );
            }
            last = Some(m);
        }
    }

    fn services(&mut self) {
        let s = self.s;
        for (i, svc) in s.services.iter().enumerate() {
            let p = format!("services[{i}]");
            if svc.zones.is_empty() {
                self.err(format!("{p}.zones"), "a service runs in at least one zone");
            }
            for (j, z) in svc.zones.iter().enumerate() {
                self.zone(format!("{p}.zones[{j}]"), z);
            }
            self.no_repeats(&format!("{p}.zones"), "zone", &svc.zones);
            self.bounded(
                format!("{p}.instances_per_zone"),
                "instances_per_zone",
                svc.instances_per_zone,
                1,
                1000,
            );
            self.positive(
                format!("{p}.capacity_per_instance"),
                "capacity_per_instance",
                svc.capacity_per_instance,
            );
            self.non_negative(
                format!("{p}.traffic_share"),
                "traffic_share",
                svc.traffic_share,
            );
            self.fraction(format!("{p}.sheddable"), "sheddable", svc.sheddable);
            if let Some(l) = &svc.launch {
                self.provider(format!("{p}.launch.via"), &l.via);
                if let Some(n) = &l.network {
                    self.provider(format!("{p}.launch.network"), n);
                }
                self.bounded(
                    format!("{p}.launch.attempts_per_minute"),
                    "attempts_per_minute",
                    l.attempts_per_minute,
                    1,
                    1000,
                );
                self.bounded(
                    format!("{p}.launch.boot_minutes"),
                    "boot_minutes",
                    l.boot_minutes,
                    0,
                    DAY,
                );
            }
            if let Some(lb) = &svc.load_balancer {
                self.provider(format!("{p}.load_balancer"), lb);
            }
            if let Some(h) = &svc.health_check {
                for (j, t) in h.touches.iter().enumerate() {
                    self.dependency(format!("{p}.health_check.touches[{j}]"), t);
                }
                self.bounded(
                    format!("{p}.health_check.fail_after"),
                    "fail_after",
                    h.fail_after,
                    1,
                    DAY,
                );
                self.bounded(
                    format!("{p}.health_check.grace_minutes"),
                    "grace_minutes",
                    h.grace_minutes,
                    0,
                    DAY,
                );
                self.non_negative(
                    format!("{p}.health_check.timeout_load"),
                    "timeout_load",
                    h.timeout_load,
                );
            }
            for (j, n) in svc.needs.iter().enumerate() {
                self.dependency(format!("{p}.needs[{j}].on"), &n.on);
                if n.on == svc.id {
                    self.err(
                        format!("{p}.needs[{j}].on"),
                        format!("\"{}\" cannot need itself", svc.id),
                    );
                }
                self.fraction(format!("{p}.needs[{j}].share"), "share", n.share);
                self.non_negative(format!("{p}.needs[{j}].load"), "load", n.load);
            }
            if let Some(r) = &svc.retries {
                self.non_negative(format!("{p}.retries.immediate"), "immediate", r.immediate);
                self.non_negative(
                    format!("{p}.retries.with_backoff"),
                    "with_backoff",
                    r.with_backoff,
                );
            }
            if let Some(q) = &svc.queue {
                self.curve(&format!("{p}.queue.arrivals"), &q.arrivals);
                self.bounded(
                    format!("{p}.queue.max_attempts"),
                    "max_attempts",
                    q.max_attempts,
                    1,
                    100,
                );
                self.positive(
                    format!("{p}.queue.staged_rate"),
                    "staged_rate",
                    q.staged_rate,
                );
                self.bounded(
                    format!("{p}.queue.stage_minutes"),
                    "stage_minutes",
                    q.stage_minutes,
                    1,
                    DAY,
                );
            }
        }
        self.cycles();
    }

    /// Company services that need each other in a loop would send load round for ever.
    fn cycles(&mut self) {
        let s = self.s;
        let index: BTreeMap<&str, usize> = s
            .services
            .iter()
            .enumerate()
            .map(|(i, v)| (v.id.as_str(), i))
            .collect();
        // 0 = unvisited, 1 = on the path, 2 = done
        let mut state = vec![0u8; s.services.len()];
        for start in 0..s.services.len() {
            if state[start] != 0 {
                continue;
            }
            // Iterative depth-first search with an explicit stack of (service, next need).
            let mut stack = vec![(start, 0usize)];
            state[start] = 1;
            while let Some(&mut (v, ref mut next)) = stack.last_mut() {
                let needs = &s.services[v].needs;
                if *next >= needs.len() {
                    state[v] = 2;
                    stack.pop();
                    continue;
                }
                let j = *next;
                *next += 1;
                let Some(&w) = index.get(needs[j].on.as_str()) else {
                    continue;
                };
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|&(x, _)| x == w).unwrap_or(0);
                        let mut names: Vec<&str> = stack[from..]
                            .iter()
                            .map(|&(x, _)| s.services[x].id.as_str())
                            .collect();
                        names.push(&s.services[w].id);
                        self.err(
                            format!("services[{v}].needs[{j}].on"),
                            format!("dependency cycle: {}", names.join(" → ")),
                        );
                    }
                    _ => {}
                }
            }
        }
    }

    fn faults(&mut self) {
        let s = self.s;
        for (i, f) in s.faults.iter().enumerate() {
            let p = format!("faults[{i}]");
            self.provider(format!("{p}.target"), &f.target);
            for (j, z) in f.zones.iter().enumerate() {
                self.zone(format!("{p}.zones[{j}]"), z);
            }
            self.no_repeats(&format!("{p}.zones"), "zone", &f.zones);
            self.bounded(
                format!("{p}.ramp_minutes"),
                "ramp_minutes",
                f.ramp_minutes,
                0,
                DAY,
            );
            let from = self.within(&format!("{p}.from"), f.from);
            let until = self.within(&format!("{p}.until"), f.until);
            if until <= from {
                self.err(
                    format!("{p}.until"),
                    format!("the fault ends ({}) before it starts ({})", f.until, f.from),
                );
            }
            self.fraction(format!("{p}.health"), "health", f.health);
            if f.jitter_minutes > 120 {
                self.err(
                    format!("{p}.jitter_minutes"),
                    "jitter_minutes must be at most 120",
                );
            }
        }
    }

    fn people(&mut self) {
        let s = self.s;
        for (i, person) in s.people.iter().enumerate() {
            if let Some(t) = person.starts_at {
                self.within(&format!("people[{i}].starts_at"), t);
            }
            self.non_negative(
                format!("people[{i}].tired_hours"),
                "tired_hours",
                person.tired_hours,
            );
            self.bounded(
                format!("people[{i}].answers_page_in"),
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

    fn changes(&mut self) {
        let s = self.s;
        for (i, c) in s.changes.iter().enumerate() {
            let p = format!("changes[{i}]");
            self.within(&format!("{p}.at"), c.at);
            self.service(format!("{p}.rolls"), &c.rolls);
            if !(c.batch > 0.0 && c.batch <= 1.0) {
                self.err(
                    format!("{p}.batch"),
                    "batch must be more than 0 and at most 1",
                );
            }
            self.bounded(
                format!("{p}.every_minutes"),
                "every_minutes",
                c.every_minutes,
                1,
                DAY,
            );
        }
    }

    fn condition(&mut self, path: String, c: &Condition, depth: usize) {
        if depth > 32 {
            self.err(path, "condition nested too deeply (more than 32 levels)");
            return;
        }
        match c {
            Condition::ErrorRateAbove(sv, v) | Condition::CapacityBelow(sv, v) => {
                self.service(format!("{path}.0"), sv);
                self.non_negative(format!("{path}.1"), "threshold", *v);
            }
            Condition::LoadAbove(sv, v) => {
                self.service(format!("{path}.0"), sv);
                self.non_negative(format!("{path}.1"), "threshold", *v);
            }
            Condition::BacklogAbove(sv, v) => {
                self.service(format!("{path}.0"), sv);
                self.non_negative(format!("{path}.1"), "threshold", *v);
                if let Some(svc) = self.s.services.iter().find(|x| &x.id == sv)
                    && svc.queue.is_none()
                {
                    self.err(
                        format!("{path}.0"),
                        format!("service \"{sv}\" has no queue"),
                    );
                }
            }
            Condition::ProviderBelow(pv, v) => {
                self.provider(format!("{path}.0"), pv);
                self.fraction(format!("{path}.1"), "threshold", *v);
            }
            Condition::Done(a) | Condition::Tried(a) => self.action(format!("{path}.0"), a),
            Condition::After(t) => {
                self.within(&format!("{path}.0"), *t);
            }
            Condition::All(list) | Condition::Any(list) => {
                for (i, c) in list.iter().enumerate() {
                    self.condition(format!("{path}.0[{i}]"), c, depth + 1);
                }
            }
            Condition::Not(c) => self.condition(format!("{path}.0"), c, depth + 1),
        }
    }

    fn beats(&mut self) {
        let s = self.s;
        for (i, b) in s.beats.iter().enumerate() {
            let p = format!("beats[{i}]");
            match (&b.at, &b.when) {
                (Some(t), None) => {
                    self.within(&format!("{p}.at"), *t);
                }
                (None, Some(c)) => self.condition(format!("{p}.when"), c, 0),
                _ => self.err(p.clone(), "a beat needs exactly one of `at` or `when`"),
            }
            if let Some(r) = b.repeat_minutes {
                if b.when.is_none() {
                    self.err(
                        format!("{p}.repeat_minutes"),
                        "repeat_minutes goes with `when`",
                    );
                }
                self.bounded(format!("{p}.repeat_minutes"), "repeat_minutes", r, 1, DAY);
            }
        }
    }

    fn target(&mut self, path: String, t: &Target, kind: TargetKind) {
        match t {
            Target::Chosen if kind != TargetKind::Service => {
                self.err(path, "`Chosen` needs the action to have `target: Service`");
            }
            Target::Chosen => {}
            Target::Service(sv) => self.service(format!("{path}.0"), sv),
        }
    }

    fn actions(&mut self) {
        let s = self.s;
        for (i, a) in s.actions.iter().enumerate() {
            let p = format!("actions[{i}]");
            for (j, t) in a.tools.iter().enumerate() {
                self.provider(format!("{p}.tools[{j}]"), t);
            }
            self.no_repeats(&format!("{p}.tools"), "tool", &a.tools);
            self.bounded(format!("{p}.minutes"), "minutes", a.minutes, 0, DAY);
            if let Some(u) = &a.undo {
                self.action(format!("{p}.undo"), u);
            }
            for (j, r) in a.requires.iter().enumerate() {
                if let Requirement::Provider(pv, v) = r {
                    self.provider(format!("{p}.requires[{j}].0"), pv);
                    self.fraction(format!("{p}.requires[{j}].1"), "health", *v);
                }
            }
            for (j, e) in a.effects.iter().enumerate() {
                let ep = format!("{p}.effects[{j}]");
                match e {
                    Effect::Restart(t) | Effect::Recreate(t) => {
                        self.target(format!("{ep}.0"), t, a.target)
                    }
                    Effect::Occupy(n) => {
                        self.bounded(format!("{ep}.0"), "Occupy minutes", *n, 0, DAY)
                    }
                    Effect::ScaleOut(t, f) => {
                        self.target(format!("{ep}.0"), t, a.target);
                        if !(*f > 1.0 && *f <= 10.0) {
                            self.err(
                                format!("{ep}.1"),
                                "a scale-out factor must be more than 1 and at most 10",
                            );
                        }
                    }
                    Effect::ZonalShift if a.target != TargetKind::Zone => {
                        self.err(ep, "ZonalShift needs the action to have `target: Zone`");
                    }
                    Effect::Page(who) => match s.people.iter().find(|x| &x.id == who) {
                        None => self.err(format!("{ep}.0"), format!("unknown person \"{who}\"")),
                        Some(x) if x.role != Role::Responder => self.err(
                            format!("{ep}.0"),
                            format!("\"{who}\" is not a Responder: only responders are paged"),
                        ),
                        Some(_) => {}
                    },
                    _ => {}
                }
            }
        }
    }

    fn expert(&mut self) {
        let s = self.s;
        let mut last = 0;
        for (i, step) in s.expert.iter().enumerate() {
            let p = format!("expert[{i}]");
            let m = self.within(&format!("{p}.at"), step.at);
            if m < last {
                self.err(
                    format!("{p}.at"),
                    format!(
                        "{} is out of order: expert steps must move forward in time",
                        step.at
                    ),
                );
            }
            last = m;
            let Some(def) = s.action(&step.action) else {
                self.action(format!("{p}.action"), &step.action);
                continue;
            };
            match (def.target, &step.target) {
                (TargetKind::None, None) => {}
                (TargetKind::None, Some(_)) => self.err(
                    format!("{p}.target"),
                    format!("\"{}\" takes no target", def.id),
                ),
                (_, None) => self.err(p.clone(), format!("\"{}\" needs a target", def.id)),
                (TargetKind::Service, Some(t)) => self.service(format!("{p}.target"), t),
                (TargetKind::Zone, Some(t)) => self.zone(format!("{p}.target"), t),
            }
        }
    }

    fn lessons(&mut self) {
        let s = self.s;
        for (i, l) in s.lessons.iter().enumerate() {
            for (j, a) in l.applied_by.iter().enumerate() {
                self.action(format!("lessons[{i}].applied_by[{j}]"), a);
            }
            for (j, a) in l.broken_by.iter().enumerate() {
                self.action(format!("lessons[{i}].broken_by[{j}]"), a);
            }
        }
    }

    fn scoring(&mut self) {
        let w = &self.s.scoring;
        let fields = [
            ("failed_transaction", w.failed_transaction),
            ("delayed_transaction", w.delayed_transaction),
            ("offline_transaction", w.offline_transaction),
            ("degraded_request", w.degraded_request),
            ("capacity_destroyed", w.capacity_destroyed),
            ("job_dropped", w.job_dropped),
            ("escalation_minute", w.escalation_minute),
            ("comms_gap_minute", w.comms_gap_minute),
            ("support_call", w.support_call),
            ("fatigue_hour", w.fatigue_hour),
            ("tired_after", w.tired_after),
            ("calls_per_customer_hour", w.calls_per_customer_hour),
        ];
        for (name, v) in fields {
            self.non_negative(format!("scoring.{name}"), name, v);
        }
        self.fraction(
            "scoring.impact_error_rate".into(),
            "impact_error_rate",
            w.impact_error_rate,
        );
        self.bounded(
            "scoring.update_every".into(),
            "update_every",
            w.update_every,
            1,
            DAY,
        );
        self.bounded(
            "scoring.escalate_to".into(),
            "escalate_to",
            w.escalate_to,
            0,
            10,
        );
    }
}
