//! The team and the levers: who is on the incident (how tired, busy until when, who is on the way),
//! and the state of every control the player can pull, so one glance shows what has been done.

use ratatui::text::{Line, Span};

use super::super::app::App;
use super::super::text::{truncate, width};
use super::super::theme::Health;
use crate::scenario::{Control, Role};

/// Whether the player has moved the lever from where the night began, for every service or one.
fn moved(app: &App, c: Control) -> bool {
    let at_start = app.scenario().controls_on.contains(&c);
    let levers = app.session.world().levers();
    levers.control(c) != at_start || !levers.set_apart(c).is_empty()
}

/// A lever's state as words: "on", or "on (off for Photo site)" where one service differs.
fn state(app: &App, c: Control, short: bool) -> String {
    let w = app.session.world();
    let words = w.scenario().lever_words(c);
    let word = |on: bool| if on { words.on } else { words.off };
    let mut text = word(w.levers().control(c)).to_string();
    let apart = w.levers().set_apart(c);
    if !apart.is_empty() {
        let names: Vec<&str> = apart
            .iter()
            .map(|&(i, _)| {
                let svc = &w.scenario().services[i];
                if short {
                    svc.id.as_str()
                } else {
                    svc.name.as_str()
                }
            })
            .collect();
        text.push_str(&format!(" ({} for {})", word(apart[0].1), names.join(", ")));
    }
    text
}

/// What the team changed for single services besides controls: a cache answering stale, a
/// shallow health check, replicas answering for the primary.
fn service_modes(app: &App, short: bool) -> Vec<String> {
    let w = app.session.world();
    let l = w.levers();
    let mut out = Vec::new();
    for (i, svc) in w.scenario().services.iter().enumerate() {
        let name = if short { &svc.id } else { &svc.name };
        if l.serves_stale(i) {
            out.push(format!("{name} serving stale"));
        }
        if l.uses_replicas(i) {
            out.push(format!("{name} on replicas"));
        }
        if l.shallow_checks(i) {
            out.push(format!("{name} checks shallow"));
        }
    }
    out
}

/// Every lever and the zonal shift; levers the player moved from where the night began stand out.
pub fn levers<'a>(app: &App, short: bool) -> Vec<Span<'a>> {
    let t = &app.theme;
    let w = app.session.world();
    let mut spans = vec![Span::styled(
        if short { "levers " } else { "Levers: " },
        t.dim(),
    )];
    for &c in Control::ALL {
        if !w.scenario().uses_control(c) && !moved(app, c) {
            continue;
        }
        let words = w.scenario().lever_words(c);
        let name = if short { words.short } else { words.name };
        let style = if moved(app, c) {
            t.accent().patch(t.strong())
        } else {
            ratatui::style::Style::new()
        };
        spans.push(Span::styled(
            format!("{name} {}", state(app, c, short)),
            style,
        ));
        spans.push(Span::styled(" · ", t.dim()));
    }
    for mode in service_modes(app, short) {
        spans.push(Span::styled(mode, t.accent().patch(t.strong())));
        spans.push(Span::styled(" · ", t.dim()));
    }
    match w.levers().shifted().and_then(|z| w.scenario().zones.get(z)) {
        Some(z) => spans.push(Span::styled(
            format!("shifted from {z}"),
            t.accent().patch(t.strong()),
        )),
        // "No shift" only where the team could make one.
        None if w.scenario().can_shift_zones() => {
            spans.push(Span::raw(if short { "no shift" } else { "no zonal shift" }))
        }
        None => {
            spans.pop();
        }
    }
    spans
}

/// One line per responder on the incident or on the way.
pub fn people<'a>(app: &App, cols: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let w = app.session.world();
    let s = w.scenario();
    let mut out = Vec::new();
    for (i, (p, st)) in s.people.iter().zip(w.crew().people()).enumerate() {
        if p.role != Role::Responder {
            continue;
        }
        // The longest wording that fits: names shorten before the times do.
        let (texts, h): (Vec<String>, Health) = if st.on_incident {
            let tired = st.tired_hours > s.scoring.tired_after;
            let until = s.clock_at(st.busy_until);
            let free = st.busy_until <= w.minute();
            let busy = if free {
                "free".to_string()
            } else {
                format!("busy until {until}")
            };
            let brief = if free {
                "free".to_string()
            } else {
                format!("busy→{until}")
            };
            let lead = i == w.crew().commander();
            let mark = if tired { "! " } else { "" };
            let hours = format!("{:.0}h", st.tired_hours);
            let short_name = p.name.split(" (").next().unwrap_or(&p.name);
            (
                vec![
                    format!(
                        "{} — {}{mark}{hours} awake · {busy}",
                        p.name,
                        if lead { "commander · " } else { "" }
                    ),
                    format!(
                        "{short_name} — {}{mark}{hours} awake · {busy}",
                        if lead { "commander · " } else { "" }
                    ),
                    format!(
                        "{short_name}{} {mark}{hours} · {brief}",
                        if lead { " (IC)" } else { "" }
                    ),
                ],
                if tired { Health::Degraded } else { Health::Ok },
            )
        } else if let Some(at) = st.arriving_at {
            (
                vec![
                    format!("{} — paged, on the way ({})", p.name, s.clock_at(at)),
                    format!(
                        "{} — on the way ({})",
                        p.name.split(" (").next().unwrap_or(&p.name),
                        s.clock_at(at)
                    ),
                ],
                Health::Idle,
            )
        } else {
            continue;
        };
        let text = texts
            .iter()
            .find(|x| width(x) <= cols)
            .cloned()
            .unwrap_or_else(|| texts.last().cloned().unwrap_or_default());
        out.push(Line::styled(truncate(&text, cols), t.health(h)));
    }
    out
}

/// Only the levers moved since the night began (and a zonal shift), on one line of at most `cols`
/// columns for small screens: what does not fit is counted ("· +2 more"), never cut mid-word.
pub fn moved_levers<'a>(app: &App, cols: usize) -> Line<'a> {
    let t = &app.theme;
    let w = app.session.world();
    let mut items: Vec<String> = Control::ALL
        .iter()
        .filter(|&&c| moved(app, c))
        .map(|&c| {
            let brief = w.scenario().lever_words(c).short;
            format!("{brief} {}", state(app, c, true))
        })
        .collect();
    items.extend(service_modes(app, true));
    if let Some(z) = w.levers().shifted().and_then(|z| w.scenario().zones.get(z)) {
        items.push(format!("shifted from {z}"));
    }
    let lead = "levers moved: ";
    let mut spans = vec![Span::styled(lead, t.dim())];
    if items.is_empty() {
        spans.push(Span::styled("none yet", t.dim()));
        return Line::from(spans);
    }
    let width = super::super::text::width;
    let mut used = width(lead);
    for (k, item) in items.iter().enumerate() {
        let sep = if k == 0 { "" } else { " · " };
        let left = items.len() - k - 1;
        let more = if left > 0 {
            width(&format!(" · +{left} more"))
        } else {
            0
        };
        if used + width(sep) + width(item) + more > cols && k > 0 {
            let rest = items.len() - k;
            spans.push(Span::styled(format!(" · +{rest} more"), t.dim()));
            break;
        }
        if !sep.is_empty() {
            spans.push(Span::styled(sep, t.dim()));
        }
        used += width(sep) + width(item);
        spans.push(Span::styled(item.clone(), t.accent()));
    }
    Line::from(spans)
}

/// Spans laid out on lines of at most `cols` columns, never splitting a span.
pub fn flow<'a>(spans: Vec<Span<'a>>, cols: usize) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut line: Vec<Span> = Vec::new();
    let mut used = 0;
    for s in spans {
        let w = super::super::text::width(&s.content);
        if used + w > cols && !line.is_empty() {
            lines.push(Line::from(std::mem::take(&mut line)));
            used = 0;
            if s.content.trim() == "·" {
                continue;
            }
        }
        used += w;
        line.push(s);
    }
    if !line.is_empty() {
        lines.push(Line::from(line));
    }
    lines
}

/// Every lever, on one line if the long names fit, else the short names on up to two.
pub fn lever_lines<'a>(app: &App, cols: usize) -> Vec<Line<'a>> {
    let long = flow(levers(app, false), cols);
    if long.len() <= 1 {
        return long;
    }
    let mut short = flow(levers(app, true), cols);
    short.truncate(2);
    short
}
