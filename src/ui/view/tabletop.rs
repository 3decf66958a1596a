//! The pop-ups of nights played by a team or played again: the decisions to rewind to, who owns a
//! decision, the injects to fire, an inject typed on the spot, and the facilitator's notes (the
//! provider's hidden truth and the expert's path, never shown to the room's projector view).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::{App, Notes};
use super::super::keys::Context;
use super::super::palette::Draft;
use super::super::strings::{fill, strings};
use super::super::text::{pad, truncate, wrap};
use super::super::theme::Health;
use super::overlay::{input_line, popup};
use crate::session::Ghost;

/// Rows of a list that fit `rows` lines with `selected` in view: the first row to show.
fn first_shown(selected: usize, rows: usize) -> usize {
    selected.saturating_sub(rows.saturating_sub(1))
}

pub fn rewind(f: &mut Frame, area: Rect, app: &App, selected: usize) {
    let t = &app.theme;
    let s = app.scenario();
    let text = &strings().lines;
    let log = app.session.log();
    let inner = popup(
        f,
        area,
        90,
        log.len() as u16 + 5,
        text.rewind_title.as_str(),
        t,
    );
    let cols = inner.width as usize;
    let rows = (inner.height as usize).saturating_sub(2).max(1);
    let mut labels = vec![format!("{}  {}", s.clock.start, text.rewind_start)];
    for d in log {
        let owner = d
            .owner
            .as_deref()
            .map(|o| format!(" — {o}"))
            .unwrap_or_default();
        labels.push(format!("{}  {}{owner}", s.clock_at(d.at), d.act.label(s)));
    }
    let first = first_shown(selected, rows);
    let mut lines: Vec<Line> = labels
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, l)| {
            let style = if i == selected {
                t.selected()
            } else {
                t.strong()
            };
            Line::styled(pad(&truncate(l, cols), cols), style)
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(truncate(&text.rewind_hint, cols), t.dim()));
    f.render_widget(Paragraph::new(lines), inner);
}

pub fn owner(f: &mut Frame, area: Rect, app: &App, d: &Draft, selected: usize, typed: &str) {
    let t = &app.theme;
    let s = app.scenario();
    let text = &strings().tabletop;
    let owners = app.owners();
    let inner = popup(
        f,
        area,
        70,
        owners.len() as u16 + 7,
        text.owner_title.as_str(),
        t,
    );
    let cols = inner.width as usize;
    let mut lines = vec![Line::styled(
        truncate(&s.label(d.action, d.target), cols),
        t.strong(),
    )];
    if !d.note.trim().is_empty() {
        lines.push(Line::styled(
            truncate(&format!("“{}”", d.note.trim()), cols),
            t.dim(),
        ));
    }
    let rows = (inner.height as usize)
        .saturating_sub(lines.len() + 3)
        .max(1);
    for (i, o) in owners
        .iter()
        .enumerate()
        .skip(first_shown(selected, rows))
        .take(rows)
    {
        let style = if i == selected && typed.is_empty() {
            t.selected()
        } else {
            t.strong()
        };
        // Numbered as 1-9 pick them (while no name is typed).
        let number = if i < 9 {
            format!("{} ", i + 1)
        } else {
            "  ".to_string()
        };
        lines.push(Line::styled(
            pad(&truncate(&format!("{number}{o}"), cols), cols),
            style,
        ));
    }
    lines.push(input_line(t, &text.owner_prompt, typed, cols));
    lines.push(Line::styled(truncate(&text.owner_hint, cols), t.dim()));
    f.render_widget(Paragraph::new(lines), inner);
}

pub fn injects(f: &mut Frame, area: Rect, app: &App, selected: usize) {
    let t = &app.theme;
    let s = app.scenario();
    let text = &strings().tabletop;
    let inner = popup(
        f,
        area,
        100,
        s.injects.len() as u16 + 4,
        text.injects_title.as_str(),
        t,
    );
    let cols = inner.width as usize;
    let rows = (inner.height as usize).max(1);
    let mut lines = Vec::new();
    let total = s.injects.len() + 1;
    for i in (first_shown(selected, rows)..total).take(rows) {
        let (row, h) = match s.injects.get(i) {
            Some(x) => {
                if app.session.inject_true_now(i) {
                    (format!("✓ {} — {}", x.title, x.text), Health::Ok)
                } else {
                    (
                        format!("· {} ({})", x.title, text.inject_untrue),
                        Health::Idle,
                    )
                }
            }
            None => (format!("+ {}", text.inject_own), Health::Ok),
        };
        let style = if i == selected {
            t.selected().patch(t.health(h))
        } else {
            t.health(h)
        };
        lines.push(Line::styled(pad(&truncate(&row, cols), cols), style));
    }
    f.render_widget(Paragraph::new(lines), inner);
}

pub fn inject_text(f: &mut Frame, area: Rect, app: &App, typed: &str) {
    let t = &app.theme;
    let text = &strings().tabletop;
    let inner = popup(f, area, 90, 5, text.inject_text_title.as_str(), t);
    let cols = inner.width as usize;
    let lines = vec![
        input_line(t, &text.inject_text_prompt, typed, cols),
        Line::styled(truncate(&text.inject_text_hint, cols), t.dim()),
    ];
    f.render_widget(Paragraph::new(lines), inner);
}

/// What only the facilitator sees: the provider's faults in force now and coming within the
/// hour (the truth the team is trying to find), and the expert's steps around now with why.
pub fn notes(f: &mut Frame, area: Rect, app: &App, n: &Notes) {
    let t = &app.theme;
    let s = app.scenario();
    let text = &strings().tabletop;
    let world = app.session.world();
    let now = app.clock_minute();
    let mut lines = vec![Line::styled(text.notes_truth.clone(), t.title())];
    let ghost = Ghost::of(world, world);
    let mut any = false;
    for fault in &ghost.faults {
        let in_force = fault.from <= now && now < fault.until;
        let coming = fault.from > now && fault.from <= now + 60;
        if !(in_force || coming) {
            continue;
        }
        any = true;
        let h = if in_force {
            Health::Down
        } else {
            Health::Degraded
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{} ", fault.span()), t.health(h)),
            Span::styled(
                format!("{} ({}) ", fault.service, fault.where_()),
                t.strong(),
            ),
            Span::raw(fault.note.clone()),
        ]));
    }
    if !any {
        lines.push(Line::styled(text.notes_none.clone(), t.dim()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(text.notes_expert.clone(), t.title()));
    let done = |id: &str| {
        app.session
            .log()
            .iter()
            .any(|d| d.accepted() && d.act.id(s) == id)
    };
    for step in &s.expert {
        let m = s.minute_of(step.at);
        if m + 30 < now || m > now + 90 {
            continue;
        }
        let target = step
            .target
            .as_deref()
            .map(|x| format!(" ({})", world.with_draws(x)))
            .unwrap_or_default();
        let mark = if done(&step.action) { "✓" } else { "·" };
        let name = s
            .actions
            .iter()
            .find(|a| a.id == step.action)
            .map_or(step.action.as_str(), |a| a.name.as_str());
        lines.push(Line::from(vec![
            Span::styled(format!("{mark} {} ", step.at), t.accent()),
            Span::styled(format!("{name}{target}: "), t.strong()),
            Span::raw(world.with_draws(&step.why).into_owned()),
        ]));
    }
    // Wrapped here, not by the paragraph, so the lines are counted: the window is as tall as
    // they are (at most 40 rows), and when they are more than it holds they scroll, the last row
    // saying how many are below and which keys move them.
    let w = 110.min(area.width.saturating_sub(2));
    let cols = w.saturating_sub(2) as usize;
    let body: Vec<Line> = lines.into_iter().flat_map(|l| wrap_line(l, cols)).collect();
    let high = u16::try_from(body.len() + 3).unwrap_or(u16::MAX).min(40);
    let inner = popup(f, area, w, high, text.notes_title.as_str(), t);
    let rows = inner.height.saturating_sub(1);
    let furthest = u16::try_from(body.len().saturating_sub(rows as usize)).unwrap_or(u16::MAX);
    n.shown.set(Some((furthest, rows)));
    let skip = n.scroll.min(furthest);
    let below = furthest - skip;
    let mut shown: Vec<Line> = body
        .into_iter()
        .skip(skip as usize)
        .take(rows as usize)
        .collect();
    let mut keys = super::guide::keys_line(Context::Facilitator);
    if below > 0 {
        keys = format!("{} · {keys}", fill(&text.notes_more, &[("n", &below)]));
    }
    shown.push(Line::styled(truncate(&keys, cols), t.accent()));
    f.render_widget(Paragraph::new(shown), inner);
}

/// A line of styled spans wrapped into lines of at most `cols` columns, each piece keeping the
/// style of the span it came from.
fn wrap_line(line: Line<'_>, cols: usize) -> Vec<Line<'static>> {
    let base = line.style;
    let spans: Vec<(Vec<char>, ratatui::style::Style)> = line
        .spans
        .iter()
        .map(|sp| (sp.content.chars().collect(), base.patch(sp.style)))
        .collect();
    let plain: String = spans.iter().flat_map(|(c, _)| c.iter()).collect();
    // Each character of the text with its style; wrapping only drops spaces where it breaks.
    let styled: Vec<(char, ratatui::style::Style)> = spans
        .iter()
        .flat_map(|(cs, st)| cs.iter().map(move |c| (*c, *st)))
        .collect();
    let mut at = 0;
    let mut out = Vec::new();
    for piece in wrap(&plain, cols) {
        let mut parts: Vec<Span<'static>> = Vec::new();
        for c in piece.chars() {
            while at < styled.len() && styled[at].0 != c && styled[at].0 == ' ' {
                at += 1;
            }
            let style = styled.get(at).map_or(base, |x| x.1);
            at += 1;
            match parts.last_mut() {
                Some(p) if p.style == style => p.content.to_mut().push(c),
                _ => parts.push(Span::styled(c.to_string(), style)),
            }
        }
        out.push(Line::from(parts));
    }
    out
}
