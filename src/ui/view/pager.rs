//! The pager: alerts as they fire, coloured and marked by severity; repeats fold into one line
//! with a count; unacknowledged ones stand out until `a`. Unacknowledged criticals stay on top,
//! newest first, then everything else newest first; `]` and `[` scroll, and a last line says how
//! many more there are, so no alert is pushed off unseen.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::App;
use super::super::text::{truncate, width, wrap};
use super::super::theme::Health;
use super::panel;
use crate::scenario::{Minute, Severity};
use crate::session::EventKind;

/// One line of the pager: an alert and its repeats.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded<'a> {
    pub severity: Severity,
    pub text: &'a str,
    pub last: Minute,
    pub count: usize,
    pub acked: bool,
}

pub fn severity_health(s: Severity) -> Health {
    match s {
        Severity::Critical => Health::Down,
        Severity::Warning => Health::Degraded,
        Severity::Info => Health::Ok,
    }
}

fn severity_mark(s: Severity, narrow: bool) -> &'static str {
    if narrow {
        return match s {
            Severity::Critical => "✗",
            Severity::Warning => "!",
            Severity::Info => "i",
        };
    }
    match s {
        Severity::Critical => "✗ CRIT",
        Severity::Warning => "! WARN",
        Severity::Info => "i INFO",
    }
}

/// Alerts newest first, repeats of the same text folded into the newest.
pub fn folded(app: &App) -> Vec<Folded<'_>> {
    let mut out: Vec<Folded> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let events = app.session.world().events();
    for (ix, e) in events.iter().enumerate().rev() {
        let EventKind::Alert(sev) = e.kind else {
            continue;
        };
        match seen.get(e.text.as_str()) {
            Some(&k) => out[k].count += 1,
            None => {
                seen.insert(&e.text, out.len());
                out.push(Folded {
                    severity: sev,
                    text: &e.text,
                    last: e.at,
                    count: 1,
                    acked: ix < app.acked,
                });
            }
        }
    }
    // Unacknowledged criticals first; the sort is stable, so each part stays newest first.
    out.sort_by_key(|a| a.severity != Severity::Critical || a.acked);
    out
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let s = app.scenario();
    let alerts = folded(app);
    let unacked = alerts.iter().filter(|a| !a.acked).count();
    let cols = area.width.saturating_sub(2) as usize;
    // The title says how to acknowledge when there is room, never half of it.
    let title = match unacked {
        0 => "Pager".to_string(),
        n if width(&format!("Pager — {n} new (a: acknowledge)")) + 2 <= cols => {
            format!("Pager — {n} new (a: acknowledge)")
        }
        n => format!("Pager — {n} new"),
    };
    let rows = area.height.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = Vec::new();
    let skip = app.pager_scroll.min(alerts.len().saturating_sub(1));
    if skip > 0 {
        let long = format!("↑ {skip} above ([ scrolls back)");
        let text = if width(&long) <= cols {
            long
        } else {
            format!("↑ {skip} above ([)")
        };
        lines.push(Line::styled(text, t.dim()));
    }
    let mut shown = skip;
    for a in alerts.iter().skip(skip) {
        // Keep the last row for "more below" while alerts remain.
        if lines.len() + usize::from(shown + 1 < alerts.len()) >= rows {
            break;
        }
        let mut style = t.health(severity_health(a.severity));
        if a.acked {
            style = t.dim();
        } else {
            style = style.add_modifier(Modifier::BOLD);
        }
        let count = if a.count > 1 {
            format!(" ×{}", a.count)
        } else {
            String::new()
        };
        let ack = if a.acked { "  " } else { "● " };
        let head = format!(
            "{ack}{} {}{} ",
            s.clock_at(a.last),
            severity_mark(a.severity, cols < 50),
            count
        );
        // Wide: the text wraps under itself; narrow: it wraps back to a small indent.
        let head_w = width(&head);
        let indent = if cols < 50 { 2 } else { head_w };
        let body_style = if a.acked { t.dim() } else { Style::new() };
        let mut body = wrap(a.text, cols.saturating_sub(head_w).max(8));
        if indent < head_w && body.len() > 1 {
            // Rewrap what follows the first line from the text itself, so a word the first
            // wrap split is never joined back with a space inside it.
            let mut first = body.swap_remove(0);
            let mut rest = a.text.strip_prefix(first.as_str()).unwrap_or(a.text);
            // A word cut at the end of the first line moves whole to the next.
            if !rest.is_empty() && !rest.starts_with(' ') {
                let keep = first.rfind(' ').unwrap_or(0);
                first.truncate(keep);
                rest = a.text[keep..].trim_start();
            }
            let rest = rest.trim_start();
            body = vec![first];
            body.extend(wrap(rest, cols.saturating_sub(indent).max(8)));
        }
        // An alert is shown whole or not at all (the first one may be cut on a tiny pager).
        let reserve = usize::from(shown + 1 < alerts.len());
        if lines.len() + body.len() + reserve > rows && shown > skip {
            break;
        }
        shown += 1;
        for (k, part) in body.into_iter().enumerate() {
            if lines.len() + usize::from(shown < alerts.len()) >= rows {
                break;
            }
            let line = if k == 0 {
                Line::from(vec![
                    Span::styled(truncate(&head, cols), style),
                    Span::styled(part, body_style),
                ])
            } else {
                Line::from(vec![
                    Span::raw(" ".repeat(indent)),
                    Span::styled(part, body_style),
                ])
            };
            lines.push(line);
        }
    }
    if shown < alerts.len() && rows > 0 {
        let more = alerts.len() - shown;
        let criticals = alerts[shown..]
            .iter()
            .filter(|a| a.severity == Severity::Critical && !a.acked)
            .count();
        let long = if criticals > 0 {
            format!("↓ {more} more, {criticals} critical (] scrolls)")
        } else {
            format!("↓ {more} more (] scrolls)")
        };
        let short = if criticals > 0 {
            format!("↓ {more} more, {criticals} ✗ (])")
        } else {
            format!("↓ {more} more (])")
        };
        let text = if width(&long) <= cols { long } else { short };
        lines.truncate(rows.saturating_sub(1));
        lines.push(Line::styled(text, t.dim()));
    }
    if alerts.is_empty() {
        lines.push(Line::styled("✓ quiet — no alerts", t.health(Health::Ok)));
    }
    f.render_widget(Paragraph::new(lines).block(panel(title, t)), area);
}
