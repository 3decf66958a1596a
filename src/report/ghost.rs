//! The ghost in every export: the provider's true timeline and the times of each theory, as JSON,
//! as a short section of the text summary, as a Markdown section and as an HTML section (the
//! after-action report). Formatting only: the figures
//! are the debrief's (`session::Ghost`).

use std::fmt::Write as _;

use serde::Serialize;

use super::cell;
use crate::session::{Ghost, thousands, when};

#[derive(Debug, Clone, Serialize)]
pub struct FaultLine {
    pub id: String,
    /// The provider service's name.
    pub service: String,
    /// The zones it hit tonight, by name.
    pub zones: Vec<String>,
    pub every_zone: bool,
    /// Clock times; in force from `from` until just before `until`.
    pub from: String,
    pub until: String,
    pub from_minute: u32,
    pub until_minute: u32,
    /// Still in force when the night ended.
    pub outlasts_night: bool,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TheoryLine {
    pub id: String,
    pub name: String,
    pub right: bool,
    /// Clock times, or null: never knowable from our calls, never stated.
    pub knowable: Option<String>,
    pub stated: Option<String>,
    pub expert: Option<String>,
    /// When the expert's own calls first showed it, in the expert's night.
    pub expert_knowable: Option<String>,
    /// Minutes counted as slow diagnosis; null when our calls never showed it.
    pub slow_minutes: Option<u32>,
}

/// What was true all along, as the JSON summary's `ghost`.
#[derive(Debug, Clone, Serialize)]
pub struct GhostSummary {
    pub faults: Vec<FaultLine>,
    pub theories: Vec<TheoryLine>,
    /// The slow-diagnosis part's count: the theories' `slow_minutes` added up.
    pub slow_diagnosis_minutes: u32,
}

pub fn summary(g: &Ghost) -> GhostSummary {
    let clock = |t: Option<crate::scenario::TimeOfDay>| t.map(|t| t.to_string());
    GhostSummary {
        faults: g
            .faults
            .iter()
            .map(|f| FaultLine {
                id: f.id.clone(),
                service: f.service.clone(),
                zones: f.zones.clone(),
                every_zone: f.every_zone,
                from: f.from_clock.to_string(),
                until: f.until_clock.to_string(),
                from_minute: f.from,
                until_minute: f.until,
                outlasts_night: f.outlasts_night,
                note: f.note.clone(),
            })
            .collect(),
        theories: g
            .theories
            .iter()
            .map(|t| TheoryLine {
                id: t.id.clone(),
                name: t.name.clone(),
                right: t.right,
                knowable: clock(t.knowable),
                stated: clock(t.stated),
                expert: clock(t.expert),
                expert_knowable: clock(t.expert_knowable),
                slow_minutes: t.slow_minutes,
            })
            .collect(),
        slow_diagnosis_minutes: g.slow_minutes,
    }
}

/// The text summary's section.
pub fn text(out: &mut String, g: &Ghost) {
    if !g.theories.is_empty() {
        let _ = writeln!(out, "\n  theories (what could be known, and when)");
        for t in &g.theories {
            let _ = writeln!(out, "    {} {}", t.mark(), t.name);
            let _ = writeln!(out, "        {}", t.times());
        }
        let _ = writeln!(out, "    {}", g.slow_diagnosis());
    }
    if !g.faults.is_empty() {
        let _ = writeln!(
            out,
            "\n  what was true (the provider's night, hidden until now)"
        );
        for f in &g.faults {
            let _ = writeln!(
                out,
                "    {:<14} {} ({}){}",
                f.span(),
                f.service,
                f.where_(),
                if f.note.is_empty() {
                    String::new()
                } else {
                    format!(": {}", f.note)
                }
            );
        }
    }
}

/// The Markdown section.
pub fn markdown(out: &mut String, g: &Ghost) {
    let _ = writeln!(out, "\n## What was true\n");
    if !g.theories.is_empty() {
        let _ = writeln!(
            out,
            "{}\n\n| theory | right tonight | knowable from our calls | you stated it | the expert stated it | slow diagnosis |\n|---|---|---|---|---|---:|",
            g.slow_diagnosis()
        );
        for t in &g.theories {
            let knowable = match (t.right, t.knowable) {
                (false, _) => "—".to_string(),
                (true, k) => when(k),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                cell(&t.name),
                if t.right { "yes" } else { "no" },
                knowable,
                when(t.stated),
                t.expert_words(),
                t.slow_minutes
                    .map_or_else(|| "—".into(), |m| format!("{} min", thousands(m.into())))
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "The provider's night as it really went (hidden during the night):\n\n| from–until | provider service | zones | what happened |\n|---|---|---|---|"
    );
    for f in &g.faults {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            f.span(),
            cell(&f.service),
            cell(&f.where_()),
            cell(&f.note)
        );
    }
}

/// The HTML section (the after-action report's page).
pub fn html(out: &mut String, g: &Ghost) {
    use super::html::esc;
    let _ = writeln!(out, "<section>\n<h2>What was true</h2>");
    if !g.theories.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"quiet\">{}</p>\n<table>\n<thead><tr><th>theory</th><th>right tonight</th><th>knowable from our calls</th><th>you stated it</th><th>the expert stated it</th><th class=\"num\">slow diagnosis</th></tr></thead>\n<tbody>",
            esc(&g.slow_diagnosis())
        );
        for t in &g.theories {
            let knowable = match (t.right, t.knowable) {
                (false, _) => "—".to_string(),
                (true, k) => when(k),
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"time\">{knowable}</td><td class=\"time\">{}</td><td class=\"time\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&t.name),
                if t.right { "✓ yes" } else { "✗ no" },
                when(t.stated),
                t.expert_words(),
                t.slow_minutes
                    .map_or_else(|| "—".into(), |m| format!("{} min", thousands(m.into())))
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>");
    }
    let _ = writeln!(
        out,
        "<p class=\"quiet\">The provider's night as it really went (hidden during the night):</p>\n<table>\n<thead><tr><th>from–until</th><th>provider service</th><th>zones</th><th>what happened</th></tr></thead>\n<tbody>"
    );
    for f in &g.faults {
        let _ = writeln!(
            out,
            "<tr><td class=\"time\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&f.span()),
            esc(&f.service),
            esc(&f.where_()),
            esc(&f.note)
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</section>");
}
