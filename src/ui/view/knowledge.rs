//! What we know: the working theory and every finding so far, newest first — the evidence the
//! team gathered by looking (logs, runbooks, scaling activity, target health, our calls, the
//! status page, the change log). Opened with `w`; any key closes it. The clock holds meanwhile.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::super::app::App;
use super::super::text::wrap;
use super::overlay::popup;
use crate::session::EventKind;

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let w = app.session.world();
    let s = w.scenario();
    let inner = popup(
        f,
        area,
        area.width.saturating_sub(4).min(110),
        area.height.saturating_sub(2),
        "What we know (any key closes)",
        t,
    );
    let cols = inner.width as usize;
    let mut lines = Vec::new();
    match w.crew().theories().last() {
        Some(&(at, theory)) => lines.push(Line::from(vec![
            Span::styled("Working theory: ", t.strong()),
            Span::raw(format!(
                "{} (since {})",
                w.theory_name(theory),
                s.clock_at(at)
            )),
        ])),
        None => {
            // Only where the team can state one: the action that names a theory, by its name.
            let state = s
                .actions
                .iter()
                .find(|a| a.target == crate::scenario::TargetKind::Theory);
            if let Some(a) = state.filter(|_| !s.theories.is_empty()) {
                lines.push(Line::styled(
                    format!(
                        "No working theory yet: when the evidence points somewhere, state one (: then \"{}\").",
                        a.name.to_lowercase()
                    ),
                    t.dim(),
                ));
            }
        }
    }
    if !lines.is_empty() {
        lines.push(Line::raw(""));
    }
    let findings: Vec<_> = w
        .events()
        .iter()
        .rev()
        .filter(|e| e.kind == EventKind::Finding)
        .collect();
    if findings.is_empty() {
        lines.push(Line::styled(
            "Nothing found yet. Look before you change things: read a service's logs or its runbook, check scaling activity, target health, the provider's status page.",
            t.dim(),
        ));
    }
    for e in findings {
        let head = format!("{} {}: ", s.clock_at(e.at), e.from);
        let body = wrap(&format!("{head}{}", e.text), cols.max(20));
        for (i, l) in body.into_iter().enumerate() {
            if i == 0 && l.len() >= head.len() && l.starts_with(&head) {
                lines.push(Line::from(vec![
                    Span::styled(head.clone(), t.accent()),
                    Span::raw(l[head.len()..].to_string()),
                ]));
            } else {
                lines.push(Line::raw(l));
            }
        }
    }
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
