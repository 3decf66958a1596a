//! A scenario explained as plain text, for its author (`validate --explain`): what each company
//! service needs and how it recovers, who depends on each provider service, the fault timeline
//! with its jitter, the status pages, the people, the scheduled changes and the expert's path.
//! Everything here is read from the file: no night is played.

use std::fmt::Write as _;

use super::model::{Scenario, Service};

/// The whole explanation, lines of at most about 80 columns where the names allow.
pub fn text(s: &Scenario) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — {}", s.id, s.title);
    let _ = writeln!(
        out,
        "{} {} – {} {} ({} minutes), zones: {}",
        s.date,
        s.clock.start,
        s.clock.end,
        s.timezone,
        s.length(),
        s.zones.join(", ")
    );
    services(&mut out, s);
    providers(&mut out, s);
    faults(&mut out, s);
    pages(&mut out, s);
    people(&mut out, s);
    changes(&mut out, s);
    expert(&mut out, s);
    out
}

/// A provider or company service's name and id: "Managed database (db)".
fn named(s: &Scenario, id: &str) -> String {
    let name = s
        .provider
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.name.as_str())
        .or_else(|| {
            s.services
                .iter()
                .find(|x| x.id == id)
                .map(|x| x.name.as_str())
        });
    match name {
        Some(n) => format!("{n} ({id})"),
        None => id.to_string(),
    }
}

fn services(out: &mut String, s: &Scenario) {
    let _ = writeln!(out, "\nOur services");
    for svc in &s.services {
        let _ = writeln!(
            out,
            "  {} ({}): {} zone(s) × {} instances, {} work units each a minute{}",
            svc.name,
            svc.id,
            svc.zones.len(),
            svc.instances_per_zone,
            svc.capacity_per_instance,
            if svc.customer_facing {
                ", customer-facing"
            } else {
                ""
            }
        );
        if svc.traffic_share > 0.0 {
            let mut line = format!(
                "    outside demand: {} × the {} curve",
                svc.traffic_share, s.vocabulary.work
            );
            if svc.sheddable > 0.0 {
                let _ = write!(line, "; {}% sheddable", svc.sheddable * 100.0);
            }
            let _ = writeln!(out, "{line}");
        }
        needs(out, s, svc);
        if let Some(lb) = &svc.load_balancer {
            let _ = writeln!(out, "    behind {}", named(s, lb));
        }
        match &svc.launch {
            Some(l) => {
                let network = l
                    .network
                    .as_ref()
                    .map(|n| format!(", network from {}", named(s, n)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "    launches through {}{network}, boots in {} min",
                    named(s, &l.via),
                    l.boot_minutes
                );
            }
            None => {
                let _ = writeln!(out, "    fixed capacity: never replaced");
            }
        }
        if let Some(h) = &svc.health_check {
            let touches = if h.touches.is_empty() {
                "the instance alone".to_string()
            } else {
                h.touches
                    .iter()
                    .map(|t| named(s, t))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let mut line = format!(
                "    health check reads {touches}; replaces after {} failed minute(s), times out above load {}",
                h.fail_after, h.timeout_load
            );
            if let Some(share) = h.fail_open_above {
                let _ = write!(line, "; fails open above {}% unhealthy", share * 100.0);
            }
            let _ = writeln!(out, "{line}");
        }
        if let Some(r) = &svc.retries {
            let _ = writeln!(
                out,
                "    clients retry {} per failure at once, {} with backoff",
                r.immediate, r.with_backoff
            );
        }
        if let Some(q) = &svc.queue {
            let mut line = format!("    queue \"{}\"", q.name);
            if !q.arrivals.is_empty() {
                line.push_str(", arrivals on a curve");
            }
            if let Some(f) = &q.fed_by {
                let _ = write!(
                    line,
                    ", fed by {} ({} job(s) per request it succeeded at the minute before)",
                    named(s, &f.service),
                    f.per_request
                );
            }
            if let Some(h) = q.holds {
                let _ = write!(line, ", holds {h} (more is lost)");
            }
            let _ = write!(line, ", {} attempt(s)", q.max_attempts);
            let _ = writeln!(out, "{line}");
        }
    }
}

fn needs(out: &mut String, s: &Scenario, svc: &Service) {
    for n in &svc.needs {
        let mut line = format!(
            "    needs {} for {}% of requests",
            named(s, &n.on),
            n.share * 100.0
        );
        if s.services.iter().any(|x| x.id == n.on) && n.load != 1.0 {
            let _ = write!(line, " (load {} each)", n.load);
        }
        if n.stale_ok {
            line.push_str("; a cache can answer stale");
        }
        if let Some(r) = &n.replica {
            let _ = write!(line, "; replica: {}", named(s, r));
        }
        let _ = writeln!(out, "{line}");
    }
}

fn providers(out: &mut String, s: &Scenario) {
    let _ = writeln!(out, "\nWhat depends on each provider service");
    for p in &s.provider {
        let mut uses = Vec::new();
        for svc in &s.services {
            let mut how = Vec::new();
            if svc.needs.iter().any(|n| n.on == p.id) {
                how.push("needs it");
            }
            if svc
                .needs
                .iter()
                .any(|n| n.replica.as_deref() == Some(&p.id))
            {
                how.push("its replica");
            }
            if svc.load_balancer.as_deref() == Some(&p.id) {
                how.push("load balancer");
            }
            if let Some(l) = &svc.launch {
                if l.via == p.id {
                    how.push("launches");
                }
                if l.network.as_deref() == Some(&p.id) {
                    how.push("network");
                }
            }
            if svc
                .health_check
                .as_ref()
                .is_some_and(|h| h.touches.contains(&p.id))
            {
                how.push("health check");
            }
            if !how.is_empty() {
                uses.push(format!("{} ({})", svc.id, how.join(", ")));
            }
        }
        for a in &s.actions {
            if a.tools.contains(&p.id) {
                uses.push(format!("action {} (tool)", a.id));
            }
        }
        for c in &s.changes {
            if c.via.contains(&p.id) {
                uses.push(format!("change {} (pipeline)", c.id));
            }
        }
        let third = if p.third_party { ", third party" } else { "" };
        let used = if uses.is_empty() {
            "nothing".to_string()
        } else {
            uses.join("; ")
        };
        let _ = writeln!(out, "  {} ({}{third}): {used}", p.name, p.id);
    }
}

fn faults(out: &mut String, s: &Scenario) {
    let _ = writeln!(
        out,
        "\nThe provider's fault timeline (± jitter a seed applies)"
    );
    if s.faults.is_empty() {
        let _ = writeln!(out, "  none");
    }
    let mut order: Vec<usize> = (0..s.faults.len()).collect();
    order.sort_by_key(|&i| (s.minute_of(s.faults[i].from), i));
    for i in order {
        let f = &s.faults[i];
        let j = if f.jitter_minutes > 0 {
            format!(" ± {}", f.jitter_minutes)
        } else {
            String::new()
        };
        let zones = if f.zones.is_empty() {
            "every zone".to_string()
        } else {
            f.zones.join(", ")
        };
        let mut line = format!(
            "  {}{j} – {}{j}  {}  health {} in {zones}",
            f.from,
            f.until,
            named(s, &f.target),
            f.health
        );
        if f.ramp_minutes > 0 {
            let _ = write!(line, ", ramp {} min", f.ramp_minutes);
        }
        if !f.id.is_empty() {
            let _ = write!(line, "  [{}]", f.id);
        }
        if let Some(c) = &f.cause {
            let _ = write!(line, " caused by {c}");
        }
        let _ = writeln!(out, "{line}");
    }
    for d in &s.zone_draws {
        let among = if d.among.is_empty() {
            "every zone".to_string()
        } else {
            d.among.join(", ")
        };
        let _ = writeln!(out, "  zone draw {{{}}}: one of {among}, by the seed", d.id);
    }
}

fn pages(out: &mut String, s: &Scenario) {
    if s.status_pages.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nStatus pages");
    for p in &s.status_pages {
        let lag = match p.lag_minutes {
            Some(l) => format!("posts by itself {l} min after a change"),
            None => "says only what its beats say".to_string(),
        };
        let _ = writeln!(
            out,
            "  {} ({}): covers {}; {lag}",
            p.name,
            p.id,
            if p.covers.is_empty() {
                "nothing".to_string()
            } else {
                p.covers.join(", ")
            }
        );
    }
}

fn people(out: &mut String, s: &Scenario) {
    let _ = writeln!(out, "\nPeople");
    for p in &s.people {
        let mut line = format!("  {} ({}): {:?}", p.name, p.id, p.role);
        if p.on_duty {
            line.push_str(", on duty");
        }
        if p.tired_hours > 0.0 {
            let _ = write!(line, ", awake {} h", p.tired_hours);
        }
        if p.answers_page_in > 0 {
            let _ = write!(line, ", answers a page in {} min", p.answers_page_in);
        }
        if let Some(t) = p.starts_at {
            let _ = write!(line, ", starts at {t}");
        }
        let _ = writeln!(out, "{line}");
    }
}

fn changes(out: &mut String, s: &Scenario) {
    if s.changes.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nScheduled changes");
    for c in &s.changes {
        let via = if c.via.is_empty() {
            String::new()
        } else {
            format!(", through {}", c.via.join(", "))
        };
        let _ = writeln!(
            out,
            "  {} {} ({}): rolls {}, {}% a batch every {} min{via}",
            c.at,
            c.name,
            c.id,
            c.rolls,
            c.batch * 100.0,
            c.every_minutes
        );
    }
}

fn expert(out: &mut String, s: &Scenario) {
    let _ = writeln!(out, "\nThe expert's path");
    if s.expert.is_empty() {
        let _ = writeln!(out, "  (empty)");
    }
    for e in &s.expert {
        let target = e
            .target
            .as_ref()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default();
        let _ = writeln!(out, "  {} {}{target}: {}", e.at, e.action, e.why);
    }
}
