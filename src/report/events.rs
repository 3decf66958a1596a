//! The whole night as JSON lines (`blastradius run --events`): every event the channel and the
//! pager showed, the provider's status-page posts, and the provider's true faults starting and
//! ending (which the player could not see), one object a line, in time order.
//!
//! Within a minute: the provider's faults change first (a fault ends before the next begins),
//! then what happened in the order it happened, then the status page's post, as the channel shows
//! it.

use serde::Serialize;

use crate::scenario::Severity;
use crate::session::{EventKind, Session};

/// One thing that happened in the night.
#[derive(Debug, Clone, Serialize)]
pub struct EventLine {
    /// The clock, "HH:MM".
    pub t: String,
    /// Minutes into the night.
    pub minute: u32,
    pub kind: &'static str,
    /// Who said or did it.
    pub source: String,
    pub text: String,
    /// Whether the player could see it: false only for the provider's truth.
    pub visible: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<&'static str>,
    /// The id of the story beat that said it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub beat: Option<String>,
    /// For `fault_start` and `fault_end`: the fault's id and the zones it hit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zones: Option<Vec<String>>,
}

fn kind(k: EventKind) -> (&'static str, Option<&'static str>) {
    match k {
        EventKind::Alert(s) => (
            "alert",
            Some(match s {
                Severity::Info => "info",
                Severity::Warning => "warning",
                Severity::Critical => "critical",
            }),
        ),
        EventKind::Chat => ("chat", None),
        EventKind::Call => ("call", None),
        EventKind::Email => ("email", None),
        EventKind::Customer => ("customer", None),
        EventKind::Finding => ("finding", None),
        EventKind::Theory => ("theory", None),
        EventKind::ActionStarted => ("action_started", None),
        EventKind::ActionDone => ("action_done", None),
        EventKind::ActionFumbled => ("action_fumbled", None),
        EventKind::ActionRefused => ("action_refused", None),
    }
}

/// Every event of a night, in time order.
pub fn events(session: &Session) -> Vec<EventLine> {
    let w = session.world();
    let s = session.scenario();
    let line = |minute: u32, kind: &'static str, source: String, text: String| EventLine {
        t: s.clock_at(minute).to_string(),
        minute,
        kind,
        source,
        text,
        visible: true,
        severity: None,
        beat: None,
        fault: None,
        zones: None,
    };
    // (minute, place in the minute, order within it, the line)
    let mut all: Vec<(u32, u8, usize, EventLine)> = Vec::new();
    for (i, f) in s.faults.iter().enumerate() {
        let (from, until) = w.provider().windows()[i];
        let service = s
            .provider
            .iter()
            .find(|p| p.id == f.target)
            .map_or(f.target.as_str(), |p| p.name.as_str());
        let zones: Vec<String> = w
            .provider()
            .fault_zones(i)
            .into_iter()
            .filter_map(|z| s.zones.get(z).cloned())
            .collect();
        let place = if zones.len() == s.zones.len() {
            "every zone".to_string()
        } else if zones.is_empty() {
            "no zone".to_string()
        } else {
            zones.join(", ")
        };
        let note = w.with_draws(&f.note);
        let about = if note.is_empty() {
            String::new()
        } else {
            format!(": {note}")
        };
        let mut truth = |minute: u32, kind: &'static str, text: String, order: u8| {
            let mut e = line(minute, kind, service.to_string(), text);
            e.visible = false;
            e.fault = Some(f.id.clone());
            e.zones = Some(zones.clone());
            all.push((minute, order, i, e));
        };
        let ramp = if f.ramp_minutes > 0 {
            format!(" over {} minutes", f.ramp_minutes)
        } else {
            String::new()
        };
        let health = (f.health * 100.0).round();
        truth(
            from,
            "fault_start",
            format!("{service} in {place} falls to {health}% health{ramp}{about}"),
            1,
        );
        if until <= s.length() {
            truth(
                until,
                "fault_end",
                format!("{service} in {place}: this fault ends{about}"),
                0,
            );
        }
    }
    for (i, e) in w.events().iter().enumerate() {
        let (kind, severity) = kind(e.kind);
        let mut l = line(e.at, kind, e.from.clone(), e.text.clone());
        l.severity = severity;
        l.beat = e.beat.and_then(|b| s.beats.get(b)).map(|b| b.id.clone());
        all.push((e.at, 2, i, l));
    }
    for (i, post) in w.status_posts().into_iter().enumerate() {
        let mut l = line(post.at, "status_post", post.source, post.text);
        l.beat = post.beat.and_then(|b| s.beats.get(b)).map(|b| b.id.clone());
        all.push((post.at, 3, i, l));
    }
    all.sort_by_key(|(minute, place, order, _)| (*minute, *place, *order));
    all.into_iter().map(|(.., l)| l).collect()
}

/// The night as JSON lines: one object per line, each ending in a newline.
pub fn json_lines(session: &Session) -> Result<String, serde_json::Error> {
    let mut out = String::new();
    for e in events(session) {
        out.push_str(&serde_json::to_string(&e)?);
        out.push('\n');
    }
    Ok(out)
}
