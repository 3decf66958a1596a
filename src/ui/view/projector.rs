//! The projector view, drawn for the back of a room: a big clock, the severity and blast radius in
//! large type, our health map, the charts that matter and the last lines of the channel. It reads
//! only what the main screen shows the team, never the facilitator's notes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use tui_big_text::{BigText, PixelSize};

use super::super::app::App;
use super::super::projector::Following;
use super::super::text::{thousands, truncate};
use super::super::theme::Health;
use super::{MIN_HEIGHT, MIN_WIDTH, channel, charts, health, pager};

pub fn draw(f: &mut Frame, following: &Following) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "The projector view needs at least {MIN_WIDTH}×{MIN_HEIGHT} (this is {}×{}); q quits",
            area.width, area.height
        );
        let short = format!(
            "needs {MIN_WIDTH}×{MIN_HEIGHT}, now {}×{}; q quits",
            area.width, area.height
        );
        super::too_small(f, area, &msg, &short);
        return;
    }
    let Some(app) = &following.app else {
        waiting(f, area, following);
        return;
    };
    let big = if area.width >= 150 && area.height >= 45 {
        PixelSize::Full
    } else if area.width >= 100 && area.height >= 30 {
        PixelSize::HalfHeight
    } else {
        PixelSize::Quadrant
    };
    let clock_rows: u16 = if big == PixelSize::Full { 8 } else { 4 };
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(clock_rows + 1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header(f, head, app, big, clock_rows);
    if area.width >= 120 && area.height >= 36 {
        wide(f, body, app);
    } else {
        compact(f, body, app);
    }
    let t = &app.theme;
    let mut note = format!(
        "following {} · ] [ scroll the pager · q quits",
        following.shown().unwrap_or_default()
    );
    if let Some(p) = &following.problem {
        note = format!("{p} (showing the last night read) · q quits");
    }
    f.render_widget(
        Paragraph::new(Line::styled(truncate(&note, foot.width as usize), t.dim())),
        foot,
    );
}

/// The big clock, and beside it the night's name, severity and blast radius.
fn header(f: &mut Frame, area: Rect, app: &App, big: PixelSize, rows: u16) {
    let t = &app.theme;
    let s = app.scenario();
    let minute = app.clock_minute();
    let clock = s.clock_at(minute).to_string();
    let clock_w: u16 = match big {
        PixelSize::Quadrant => 22,
        _ => 42,
    };
    let [title, rest] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(rows)]).areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Length(clock_w), Constraint::Fill(1)]).areas(rest);
    let stamp = s.stamp(minute);
    let title_line = Line::from(vec![
        Span::styled(format!("{stamp} "), t.strong()),
        Span::styled(format!("— {}", s.title), t.title()),
    ]);
    f.render_widget(Paragraph::new(title_line), title);
    f.render_widget(
        BigText::builder()
            .pixel_size(big)
            .style(t.strong())
            .lines(vec![Line::raw(clock)])
            .build(),
        left,
    );
    let sev = app.severity();
    let sev_style = match sev {
        1 => t.health(Health::Down),
        2 => t.health(Health::Degraded),
        _ => t.strong(),
    };
    let (radius, trend) = app.blast_radius_trend(10);
    let state = if app.session.is_over() {
        "the night is over".to_string()
    } else {
        let unacked = app.session.world().crew().pending().len();
        match unacked {
            0 => "nothing under way".to_string(),
            1 => "1 decision under way".to_string(),
            n => format!("{n} decisions under way"),
        }
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("SEV{sev}"), sev_style),
            Span::raw("   "),
            Span::raw("blast radius "),
            Span::styled(thousands(radius.round() as i64), t.strong()),
            Span::styled(
                format!("  (+{} in 10 min)", thousands(trend.round() as i64)),
                if trend > 50.0 {
                    t.health(Health::Down)
                } else {
                    Style::new()
                },
            ),
        ]),
        Line::raw(""),
        Line::styled(state, t.dim()),
    ];
    f.render_widget(Paragraph::new(lines), right);
}

fn wide(f: &mut Frame, area: Rect, app: &App) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(45), Constraint::Fill(1)]).areas(area);
    let s = app.scenario();
    let health_h = (s.services.len() + s.provider.len() + 5) as u16;
    let [map, alerts] = Layout::vertical([
        Constraint::Length(health_h.min(left.height * 2 / 3)),
        Constraint::Fill(1),
    ])
    .areas(left);
    health::draw(f, map, app, true);
    pager::draw(f, alerts, app);
    let [graphs, talk] =
        Layout::vertical([Constraint::Percentage(50), Constraint::Fill(1)]).areas(right);
    charts::grid(f, graphs, app);
    channel::draw(f, talk, app);
}

fn compact(f: &mut Frame, area: Rect, app: &App) {
    let s = app.scenario();
    let [map, provider, talk] = Layout::vertical([
        Constraint::Length(s.services.len() as u16 + 3),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let w = health::wanted_width(app, false).min(area.width * 3 / 5);
    let [map, alerts] = Layout::horizontal([Constraint::Length(w), Constraint::Fill(1)]).areas(map);
    health::draw(f, map, app, false);
    pager::draw(f, alerts, app);
    health::provider_line(f, provider, app);
    channel::draw(f, talk, app);
}

/// No tabletop night to follow yet: say where the view looks and how to start one.
fn waiting(f: &mut Frame, area: Rect, following: &Following) {
    let cols = area.width as usize;
    let dir = following
        .dir
        .as_deref()
        .map(crate::scenario::shown::path)
        .unwrap_or_else(|| "(no nights directory)".into());
    let mut lines = vec![
        Line::raw(""),
        Line::raw(truncate("Waiting for a tabletop night…", cols)),
        Line::raw(""),
        Line::raw(truncate(&format!("Watching {dir}"), cols)),
        Line::raw(truncate(
            "Start one in another terminal: blastradius tabletop",
            cols,
        )),
    ];
    if let Some(p) = &following.problem {
        lines.push(Line::raw(""));
        lines.push(Line::raw(truncate(p, cols)));
    }
    lines.push(Line::raw(""));
    lines.push(Line::raw("q quits"));
    f.render_widget(Paragraph::new(lines), area);
}
