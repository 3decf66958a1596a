//! The player's decisions: those under way with their time left, and a timeline of what was decided
//! and how it went (done, fumbled, refused).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::App;
use super::super::text::{truncate, width};
use super::super::theme::Health;

use crate::session::{Outcome, Pending};

/// "▶ Freeze CI/CD — Alex (on-call), 3 min left [■■□□□]"; shorter, "▶ done 00:32: Freeze CI/CD".
fn pending_line<'a>(app: &App, p: &Pending, cols: usize) -> Line<'a> {
    let w = app.session.world();
    let s = w.scenario();
    let t = &app.theme;
    let left = p.done_at.saturating_sub(w.minute());
    let total = p.done_at.saturating_sub(p.started).max(1);
    let filled = ((total - left.min(total)) * 5 / total) as usize;
    let bar = format!("[{}{}]", "■".repeat(filled), "□".repeat(5 - filled));
    let who = s.people.get(p.by).map_or("", |x| x.name.as_str());
    let label = s.label(p.action, p.target);
    let done = s.clock_at(p.done_at);
    // The longest wording that fits; the action itself is cut only when nothing else is left.
    let room = cols.saturating_sub(8);
    // A queued action says when it starts, not how long is left.
    let first = if p.started > w.minute() {
        format!(
            "▶ {label} — {who}, queued: starts {}, done {done} ",
            s.clock_at(p.started)
        )
    } else {
        format!("▶ {label} — {who}, {left} min left (done {done}) ")
    };
    // Every wording says which time it gives: when the work starts, or when it is done.
    let text = if p.started > w.minute() {
        let start = s.clock_at(p.started);
        vec![
            first,
            format!("▶ {label}, queued: starts {start} "),
            format!("▶ starts {start}: {label} "),
        ]
    } else {
        vec![
            first,
            format!("▶ {label} — {who}, done {done} "),
            format!("▶ {label}, done {done} "),
            format!("▶ done {done}: {label} "),
        ]
    };
    let shortest = text.last().cloned().unwrap_or_default();
    let text = text
        .into_iter()
        .find(|x| width(x) <= room)
        .unwrap_or_else(|| truncate(shortest.trim_end(), room.saturating_sub(1)) + " ");
    Line::from(vec![
        Span::styled(truncate(&text, cols.saturating_sub(8)), t.you()),
        Span::styled(bar, t.accent()),
    ])
}

pub fn panel_view(app: &App, cols: usize, rows: usize) -> Vec<Line<'_>> {
    let w = app.session.world();
    let t = &app.theme;
    let s = w.scenario();
    let mut lines: Vec<Line> = w
        .crew()
        .pending()
        .iter()
        .map(|p| pending_line(app, p, cols))
        .collect();
    for d in app.session.log().iter().rev() {
        if lines.len() >= rows {
            break;
        }
        let l = d.act.label(s);
        let (mark, verdict, style) = match d.outcome(w) {
            None => (
                "✗",
                format!(" — refused: {}", d.refusal.as_deref().unwrap_or("")),
                t.health(Health::Down),
            ),
            Some(Outcome::Done) => ("✓", String::new(), t.health(Health::Ok)),
            Some(Outcome::Fumbled) => (
                "!",
                " — fumbled, nothing changed".into(),
                t.health(Health::Degraded),
            ),
            Some(Outcome::UnderWay) => {
                let queued = w
                    .crew()
                    .pending()
                    .iter()
                    .find(|p| Some(p.ticket) == d.ticket && p.started > w.minute());
                let verdict = match queued {
                    Some(p) => format!(" — queued, starts {}", s.clock_at(p.started)),
                    None => " — under way".into(),
                };
                ("…", verdict, Style::new())
            }
        };
        let note = d
            .note
            .as_ref()
            .map(|n| format!("  “{n}”"))
            .unwrap_or_default();
        let owner = d
            .owner
            .as_deref()
            .map(|o| format!(" ({o})"))
            .unwrap_or_default();
        let text = format!(" {mark} {l}{owner}{verdict}");
        lines.push(Line::from(vec![
            Span::styled(s.clock_at(d.at).to_string(), t.dim()),
            Span::styled(truncate(&text, cols.saturating_sub(5)), style),
            Span::styled(
                truncate(&note, cols.saturating_sub(5 + text.len())),
                t.dim(),
            ),
        ]));
    }
    lines
}

pub fn panel(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let cols = area.width.saturating_sub(2) as usize;
    let rows = area.height.saturating_sub(2) as usize;
    let mut lines = super::team::people(app, cols);
    lines.push(Line::styled("─".repeat(cols), t.border()));
    let left = rows.saturating_sub(lines.len());
    let decisions = panel_view(app, cols, left);
    if decisions.is_empty() {
        lines.push(Line::styled("No decisions yet. Press : to act.", t.dim()));
    }
    lines.extend(decisions);
    f.render_widget(
        Paragraph::new(lines).block(super::panel("The team, and your decisions", t)),
        area,
    );
}

/// Small screens: which levers have moved, then one line per action under way.
/// The line of moved levers (when `levers`), then the work under way on the lines left.
pub fn strip(f: &mut Frame, area: Rect, app: &App, levers: bool) {
    if area.height == 0 {
        return;
    }
    let cols = area.width as usize;
    let pending = app.session.world().crew().pending();
    let mut lines = Vec::new();
    if levers {
        lines.push(super::team::moved_levers(app, cols));
    }
    let room = area.height as usize - lines.len();
    // More under way than there is room for: the last line says how many more, not nothing.
    let hidden = pending.len().saturating_sub(room);
    let shown = if hidden > 0 {
        room.saturating_sub(1)
    } else {
        room
    };
    lines.extend(
        pending
            .iter()
            .take(shown)
            .map(|p| pending_line(app, p, cols)),
    );
    if hidden > 0 && room > 0 && shown == 0 {
        // One line for them all: each with the time it is done (or starts).
        let w = app.session.world();
        let s = w.scenario();
        let each: Vec<String> = pending
            .iter()
            .map(|p| {
                let label = s.label(p.action, p.target);
                if p.started > w.minute() {
                    format!("{label} (starts {})", s.clock_at(p.started))
                } else {
                    format!("{label} (done {})", s.clock_at(p.done_at))
                }
            })
            .collect();
        lines.push(Line::styled(
            truncate(
                &format!("▶ {} under way: {}", pending.len(), each.join(", ")),
                cols,
            ),
            app.theme.you(),
        ));
    } else if hidden > 0 && room > 0 {
        let more = pending.len() - shown;
        lines.push(Line::styled(
            truncate(&format!("▶ … and {more} more under way"), cols),
            app.theme.you(),
        ));
    }
    f.render_widget(Paragraph::new(lines), area);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::scenario;
    use crate::ui::theme::Theme;

    fn text(l: &Line) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    /// However narrow the panel, a line under way says which time it gives: when the work is
    /// done, or, queued, when it starts.
    #[test]
    fn every_wording_says_which_time_it_gives() {
        let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
        let mut app = App::new(s, 3, 60.0, Theme::PLAIN);
        app.run_until(8);
        // One at work, one queued behind it (the commander is the only one on the incident).
        let _ = app.session.act_id("freeze_cicd", None, None);
        let _ = app.session.act_id("disable_health_checks", None, None);
        let w = app.session.world();
        let pending = w.crew().pending();
        assert_eq!(pending.len(), 2, "{pending:?}");
        for cols in [30, 40, 48] {
            let now = text(&pending_line(&app, &pending[0], cols));
            let queued = text(&pending_line(&app, &pending[1], cols));
            assert!(
                now.contains("done ") || now.contains(" min left"),
                "{cols}: {now}"
            );
            assert!(queued.contains("starts "), "{cols}: {queued}");
            if cols == 30 {
                assert!(now.starts_with("▶ done "), "{now}");
                assert!(queued.starts_with("▶ starts "), "{queued}");
            }
        }
    }
}
