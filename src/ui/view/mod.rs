//! Drawing: the main screen (top bar, pager, health map, charts, channel, actions, key bar), its
//! pop-ups, and the debrief. Reads the app; changes nothing.

mod channel;
mod charts;
mod chrome;
mod debrief;
mod guide;
mod health;
mod knowledge;
mod overlay;
mod projector;

pub use projector::draw as draw_projector;
mod pager;
mod tabletop;
mod team;
mod timeline;
mod truth;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::app::{App, Mode};
use super::theme::Theme;

/// The smallest terminal the game draws in; below it, a few words say how large it must be.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;

/// Draw the whole screen for the app's state.
pub fn draw(f: &mut Frame, app: &App) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = super::strings::strings();
        let sizes: [(&str, &dyn std::fmt::Display); 4] = [
            ("min_w", &MIN_WIDTH),
            ("min_h", &MIN_HEIGHT),
            ("w", &area.width),
            ("h", &area.height),
        ];
        let full = super::strings::fill(&text.too_small, &sizes);
        let short = super::strings::fill(&text.too_small_short, &sizes);
        too_small(f, area, &full, &short);
        return;
    }
    if matches!(app.mode, Mode::Weighing) {
        let msg = format!(
            "The night is over. Weighing it: each decision replayed without it over {} seeds…",
            crate::session::WORTH_SEEDS
        );
        let line = Line::styled(
            super::text::truncate(&msg, area.width as usize),
            app.theme.title(),
        );
        let y = area.y + area.height / 2;
        f.render_widget(Paragraph::new(line), Rect::new(area.x, y, area.width, 1));
        return;
    }
    if let Mode::Debrief(d) = &app.mode {
        debrief::draw(f, area, app, d);
        return;
    }
    main_screen(f, area, app);
    overlay::draw(f, area, app);
}

/// Said on a terminal smaller than the game draws in: `full` wrapped over the rows there are, or
/// where it does not fit, `short` (the sizes first), cut to the rows there are.
pub(super) fn too_small(f: &mut Frame, area: Rect, full: &str, short: &str) {
    let (cols, rows) = (area.width as usize, area.height as usize);
    let mut lines = super::text::wrap(full, cols);
    if lines.len() > rows {
        lines = if rows == 1 {
            vec![super::text::truncate(short, cols)]
        } else {
            super::text::wrap(short, cols)
        };
        lines.truncate(rows);
    }
    let lines: Vec<Line> = lines.into_iter().map(Line::raw).collect();
    f.render_widget(Paragraph::new(lines), area);
}

/// A bordered panel with a title.
fn panel<'a>(title: impl Into<Line<'a>>, t: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(t.border())
        .title(title.into().style(t.title()))
}

fn main_screen(f: &mut Frame, area: Rect, app: &App) {
    let pending = app.session.world().crew().pending().len() as u16;
    let wide = area.width >= 120 && area.height >= 36;
    // Small screens: a line for the moved levers (when there is room), then actions under way:
    // two lines, or one (two said on it) where a second would take the charts' room.
    let levers_line = !wide && area.height >= 22;
    let strip = if wide {
        0
    } else {
        let levers = u16::from(levers_line);
        let body = |rows: u16| area.height.saturating_sub(2 + levers + rows);
        let rows = if pending >= 2 && body(1) >= SPARKS_FROM && body(2) < SPARKS_FROM {
            1
        } else {
            pending.min(2)
        };
        levers + rows
    };
    // Wide screens: every lever on a line of its own under the top bar (two if need be).
    let levers = if wide {
        team::lever_lines(app, area.width as usize)
    } else {
        Vec::new()
    };
    let [top, lever_area, body, progress, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(levers.len() as u16),
        Constraint::Fill(1),
        Constraint::Length(strip),
        Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(levers), lever_area);
    chrome::top_bar(f, top, app);
    chrome::key_bar(f, keys, app);
    if wide {
        wide_body(f, body, app);
    } else {
        compact_body(f, body, app);
        timeline::strip(f, progress, app, levers_line);
    }
}

fn wide_body(f: &mut Frame, area: Rect, app: &App) {
    // The health map's width, or two fifths of the screen, whichever is less (but at least 56).
    let left_w = (health::wanted_width(app, true) + 6)
        .min(area.width * 2 / 5)
        .max(56.min(area.width));
    let [left, right] =
        Layout::horizontal([Constraint::Length(left_w), Constraint::Fill(1)]).areas(area);
    let s = app.scenario();
    let health_h = (s.services.len() + s.provider.len() + 5) as u16;
    let [health, pager, actions] = Layout::vertical([
        Constraint::Length(health_h.min(left.height * 3 / 5)),
        Constraint::Fill(3),
        Constraint::Fill(2),
    ])
    .areas(left);
    health::draw(f, health, app, true);
    pager::draw(f, pager, app);
    timeline::panel(f, actions, app);
    let [charts, channel] =
        Layout::vertical([Constraint::Percentage(48), Constraint::Fill(1)]).areas(right);
    charts::grid(f, charts, app);
    channel::draw(f, channel, app);
}

/// The least height of the compact body that has room for the sales, failing and latency charts.
const SPARKS_FROM: u16 = 20;

fn compact_body(f: &mut Frame, area: Rect, app: &App) {
    let s = app.scenario();
    let upper_h = s.services.len() as u16 + 3;
    let sparks = if area.height >= SPARKS_FROM { 3 } else { 0 };
    let [upper, provider, strip, channel] = Layout::vertical([
        Constraint::Length(upper_h),
        Constraint::Length(1),
        Constraint::Length(sparks),
        Constraint::Fill(1),
    ])
    .areas(area);
    let health_w = health::wanted_width(app, false).min(area.width * 3 / 5);
    let [health, pager] =
        Layout::horizontal([Constraint::Length(health_w), Constraint::Fill(1)]).areas(upper);
    health::draw(f, health, app, false);
    pager::draw(f, pager, app);
    health::provider_line(f, provider, app);
    charts::sparklines(f, strip, app);
    channel::draw(f, channel, app);
}

/// How many lines the pager holds (alerts after folding repeats), for scrolling.
pub fn pager_len(app: &App) -> usize {
    pager::folded(app).len()
}
