//! The debrief's page of what was true all along: for each theory, when our own calls made it
//! knowable, when you said it and when the expert did; and the provider's night as it really went,
//! hidden while it was played.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::App;
use super::super::debrief::DebriefScreen;
use super::super::text::{pad, wrap};
use super::super::theme::Health;
use super::panel;
use crate::session::Ghost;

/// Columns for a fault's time span.
const SPAN: usize = 14;

const THEORIES: &str = "What could be known, and when";
const FAULTS: &str = "The provider's night, as it was";

fn theory_lines<'a>(app: &App, g: &Ghost, cols: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let inner = cols.saturating_sub(2).max(10);
    let mut out = Vec::new();
    if g.theories.is_empty() {
        out.push(Line::styled(
            "no theories to state in this scenario",
            t.dim(),
        ));
        return out;
    }
    for th in &g.theories {
        let h = match (th.right, th.stated) {
            (true, Some(_)) => Health::Ok,
            (true, None) => Health::Degraded,
            (false, _) => Health::Down,
        };
        for (k, p) in wrap(&th.name, inner).into_iter().enumerate() {
            let mark = if k == 0 { th.mark() } else { "" };
            out.push(Line::from(vec![
                Span::styled(pad(mark, 2), t.health(h)),
                Span::styled(p, t.strong()),
            ]));
        }
        for p in wrap(&th.times(), inner) {
            out.push(Line::from(vec![Span::raw("  "), Span::raw(p)]));
        }
    }
    out.push(Line::raw(""));
    for p in wrap(&g.slow_diagnosis(), cols.max(10)) {
        out.push(Line::styled(p, t.dim()));
    }
    out
}

fn fault_lines<'a>(app: &App, g: &Ghost, cols: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let inner = cols.saturating_sub(SPAN).max(10);
    let mut out = Vec::new();
    if g.faults.is_empty() {
        out.push(Line::styled("the provider had no faults tonight", t.dim()));
    }
    for f in &g.faults {
        let head = format!("{} · {}", f.service, f.where_());
        for (k, p) in wrap(&head, inner).into_iter().enumerate() {
            let span = if k == 0 { f.span() } else { String::new() };
            out.push(Line::from(vec![
                Span::styled(pad(&span, SPAN), t.dim()),
                Span::styled(p, t.strong()),
            ]));
        }
        for p in wrap(&f.note, inner) {
            out.push(Line::from(vec![Span::raw(" ".repeat(SPAN)), Span::raw(p)]));
        }
    }
    out
}

/// The page: side by side when there is room, else the theories and then the provider's night.
pub fn draw(f: &mut Frame, area: Rect, app: &App, d: &DebriefScreen) {
    let t = &app.theme;
    let g = &d.ghost;
    let rows = area.height.saturating_sub(2);
    if area.width >= 120 {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(40), Constraint::Fill(1)]).areas(area);
        for (part, title, lines) in [
            (
                left,
                THEORIES,
                theory_lines(app, g, left.width.saturating_sub(2) as usize),
            ),
            (
                right,
                FAULTS,
                fault_lines(app, g, right.width.saturating_sub(2) as usize),
            ),
        ] {
            let lines = super::debrief::scrolled(lines, d, rows);
            f.render_widget(Paragraph::new(lines).block(panel(title, t)), part);
        }
        return;
    }
    let cols = area.width.saturating_sub(2) as usize;
    let mut lines = vec![Line::styled(THEORIES, t.title())];
    lines.extend(theory_lines(app, g, cols));
    lines.push(Line::raw(""));
    lines.push(Line::styled(FAULTS, t.title()));
    lines.extend(fault_lines(app, g, cols));
    let lines = super::debrief::scrolled(lines, d, rows);
    f.render_widget(
        Paragraph::new(lines).block(panel("What was true (hidden during the night)", t)),
        area,
    );
}
