//! The company's services: where they run, what they need, how they recover, and no dependency
//! cycles among them.

use std::collections::BTreeMap;

use super::Checker;
use super::values::DAY;
use crate::scenario::model::{HealthCheck, Launch, Queue, Retries, Service};

impl Checker<'_> {
    pub(super) fn services(&mut self) {
        let s = self.s;
        for (i, svc) in s.services.iter().enumerate() {
            self.service_def(&format!("services[{i}]"), svc);
        }
        self.cycles();
    }

    /// One service, its parts in the order they are written.
    fn service_def(&mut self, p: &str, svc: &Service) {
        if svc.zones.is_empty() {
            self.err(
                format_args!("{p}.zones"),
                "a service runs in at least one zone",
            );
        }
        for (j, z) in svc.zones.iter().enumerate() {
            self.zone(format_args!("{p}.zones[{j}]"), z);
        }
        self.no_repeats(&format!("{p}.zones"), "zone", &svc.zones);
        self.bounded(
            format_args!("{p}.instances_per_zone"),
            "instances_per_zone",
            svc.instances_per_zone,
            1,
            1000,
        );
        self.positive(
            format_args!("{p}.capacity_per_instance"),
            "capacity_per_instance",
            svc.capacity_per_instance,
        );
        self.non_negative(
            format_args!("{p}.traffic_share"),
            "traffic_share",
            svc.traffic_share,
        );
        self.fraction(format_args!("{p}.sheddable"), "sheddable", svc.sheddable);
        if let Some(l) = &svc.launch {
            self.launch(p, l);
        }
        if let Some(lb) = &svc.load_balancer {
            self.provider(format_args!("{p}.load_balancer"), lb);
        }
        if let Some(h) = &svc.health_check {
            self.health_check(p, h);
        }
        self.needs(p, svc);
        if let Some(r) = &svc.retries {
            self.retries(p, r);
        }
        if let Some(q) = &svc.queue {
            self.queue(p, svc, q);
        }
    }

    fn launch(&mut self, p: &str, l: &Launch) {
        self.provider(format_args!("{p}.launch.via"), &l.via);
        if let Some(n) = &l.network {
            self.provider(format_args!("{p}.launch.network"), n);
        }
        self.bounded(
            format_args!("{p}.launch.attempts_per_minute"),
            "attempts_per_minute",
            l.attempts_per_minute,
            1,
            1000,
        );
        self.bounded(
            format_args!("{p}.launch.boot_minutes"),
            "boot_minutes",
            l.boot_minutes,
            1,
            DAY,
        );
    }

    fn health_check(&mut self, p: &str, h: &HealthCheck) {
        for (j, t) in h.touches.iter().enumerate() {
            self.dependency(format_args!("{p}.health_check.touches[{j}]"), t);
        }
        self.bounded(
            format_args!("{p}.health_check.fail_after"),
            "fail_after",
            h.fail_after,
            1,
            DAY,
        );
        self.bounded(
            format_args!("{p}.health_check.grace_minutes"),
            "grace_minutes",
            h.grace_minutes,
            0,
            DAY,
        );
        self.non_negative(
            format_args!("{p}.health_check.timeout_load"),
            "timeout_load",
            h.timeout_load,
        );
        if let Some(share) = h.fail_open_above {
            self.fraction(
                format_args!("{p}.health_check.fail_open_above"),
                "fail_open_above",
                share,
            );
        }
    }

    fn needs(&mut self, p: &str, svc: &Service) {
        for (j, n) in svc.needs.iter().enumerate() {
            self.dependency(format_args!("{p}.needs[{j}].on"), &n.on);
            if n.on == svc.id {
                self.err(
                    format_args!("{p}.needs[{j}].on"),
                    format!("\"{}\" cannot need itself", svc.id),
                );
            }
            self.fraction(format_args!("{p}.needs[{j}].share"), "share", n.share);
            if let Some(r) = &n.replica {
                self.provider(format_args!("{p}.needs[{j}].replica"), r);
                if r == &n.on {
                    self.err(
                        format_args!("{p}.needs[{j}].replica"),
                        format!("\"{r}\" cannot be its own replica"),
                    );
                }
            }
            self.non_negative(format_args!("{p}.needs[{j}].load"), "load", n.load);
        }
    }

    fn retries(&mut self, p: &str, r: &Retries) {
        self.non_negative(
            format_args!("{p}.retries.immediate"),
            "immediate",
            r.immediate,
        );
        self.non_negative(
            format_args!("{p}.retries.with_backoff"),
            "with_backoff",
            r.with_backoff,
        );
    }

    fn queue(&mut self, p: &str, svc: &Service, q: &Queue) {
        // A queue a service feeds needs no curve of its own.
        if q.fed_by.is_none() || !q.arrivals.is_empty() {
            self.curve(format_args!("{p}.queue.arrivals"), &q.arrivals);
        }
        if let Some(f) = &q.fed_by {
            self.service(format_args!("{p}.queue.fed_by.service"), &f.service);
            if f.service == svc.id {
                self.err(
                    format_args!("{p}.queue.fed_by.service"),
                    format!("\"{}\" cannot feed its own queue", svc.id),
                );
            }
            self.non_negative(
                format_args!("{p}.queue.fed_by.per_request"),
                "per_request",
                f.per_request,
            );
        }
        if let Some(h) = q.holds {
            self.positive(format_args!("{p}.queue.holds"), "holds", h);
        }
        self.bounded(
            format_args!("{p}.queue.max_attempts"),
            "max_attempts",
            q.max_attempts,
            1,
            100,
        );
        self.positive(
            format_args!("{p}.queue.staged_rate"),
            "staged_rate",
            q.staged_rate,
        );
        self.bounded(
            format_args!("{p}.queue.stage_minutes"),
            "stage_minutes",
            q.stage_minutes,
            1,
            DAY,
        );
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
        // With an id used twice, which service a need names is not known: the id is reported,
        // and no cycle is blamed on a guess.
        if index.len() != s.services.len() {
            return;
        }
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
                    // A service that needs itself is said where its need is checked.
                    1 if w == v => {}
                    1 => {
                        let from = stack.iter().position(|&(x, _)| x == w).unwrap_or(0);
                        let mut names: Vec<&str> = stack[from..]
                            .iter()
                            .map(|&(x, _)| s.services[x].id.as_str())
                            .collect();
                        names.push(&s.services[w].id);
                        self.err(
                            format_args!("services[{v}].needs[{j}].on"),
                            format!("dependency cycle: {}", names.join(" → ")),
                        );
                    }
                    _ => {}
                }
            }
        }
    }
}
