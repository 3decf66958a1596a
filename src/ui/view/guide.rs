//! The newcomer's pop-ups: a teaching moment of the guided night, the hint ladder with its price,
//! the glossary and the legend. The clock is held while any of them is open.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::App;
use super::super::keys::{Context, Intent, rows, table};
use super::super::strings::{Look, fill, glossary as terms, strings};
use super::super::text::{pad, truncate, width, wrap};
use super::super::theme::{Health, Theme};
use super::overlay::popup;

/// The keys of a pop-up's mode as one line: "h hint · g glossary · any key carries on".
pub(super) fn keys_line(c: Context) -> String {
    keys_line_except(c, &[])
}

/// The keys of a pop-up's table without those that do nothing here (no rung left to take).
fn keys_line_except(c: Context, skip: &[Intent]) -> String {
    let s = strings();
    let keys = table(c).iter().filter(|b| !skip.contains(&b.intent));
    rows(keys, |a, b| s.said(a).word == s.said(b).word)
        .iter()
        .map(|r| format!("{} {}", r.labels.join("/"), s.said(r.intent).word))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Columns the text of a pop-up gets: most of the screen, at most `max`.
fn text_cols(area: Rect, max: u16) -> usize {
    area.width.saturating_sub(6).min(max) as usize
}

/// A teaching moment: what is happening and the idea in play, the clock stopped.
pub fn moment(f: &mut Frame, area: Rect, app: &App, i: usize) {
    let t = &app.theme;
    let w = app.session.world();
    let Some(m) = w.scenario().teaching.get(i) else {
        return;
    };
    let text = &strings().learn;
    let cols = text_cols(area, 76);
    let stamp = Line::styled(
        truncate(&w.scenario().stamp(app.clock_minute()), cols),
        t.dim(),
    );
    let body: Vec<Line> = wrap(&w.with_draws(&m.text), cols)
        .into_iter()
        .map(Line::raw)
        .collect();
    let keys: Vec<Line> = wrap(&text.moment_keys, cols)
        .into_iter()
        .map(|l| Line::styled(l, t.accent()))
        .collect();
    // On a small screen the blanks go first, then the time (the top bar shows it), then the keys
    // (the key bar shows them): the moment's text is what must be read.
    let room = area.height.saturating_sub(4) as usize;
    let fits = |extra: usize, keys: usize| body.len() + extra + keys <= room;
    let (head, gap, keys_shown) = if fits(3, keys.len()) {
        (vec![stamp, Line::raw("")], true, keys.len())
    } else if fits(2, keys.len()) {
        (vec![stamp], true, keys.len())
    } else if fits(1, keys.len()) {
        (vec![stamp], false, keys.len())
    } else if fits(0, keys.len()) {
        (Vec::new(), false, keys.len())
    } else {
        (Vec::new(), false, 0)
    };
    let mut lines = head;
    lines.extend(body);
    if gap {
        lines.push(Line::raw(""));
    }
    lines.extend(keys.into_iter().take(keys_shown));
    let title = fill(&text.moment_title, &[("title", &m.title)]);
    let title = truncate(&title, cols);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let inner = popup(f, area, cols as u16 + 4, height, title, t);
    f.render_widget(Paragraph::new(lines), inner);
}

/// The hint ladder for a lesson: the rungs taken so far, the price, and the key for the next.
pub fn hints(f: &mut Frame, area: Rect, app: &App, lesson: Option<usize>, offered: bool) {
    let t = &app.theme;
    let s = app.scenario();
    let text = &strings().hint;
    let cols = text_cols(area, 76);
    let mut lines = Vec::new();
    if offered {
        for l in wrap(&text.offered, cols) {
            lines.push(Line::styled(l, t.health(Health::Degraded)));
        }
        lines.push(Line::raw(""));
    }
    let ladder = lesson.and_then(|i| s.lessons.get(i).map(|l| (i, l)));
    match ladder {
        None => {
            for l in wrap(&text.none, cols) {
                lines.push(Line::raw(l));
            }
        }
        Some((i, l)) => {
            let taken = crate::session::coach::rungs_taken(app.session.hints(), i);
            for (r, hint) in l.hints.iter().enumerate().take(taken) {
                let name = text.rungs.get(r).map_or("", String::as_str);
                // The lesson's title is the concept: it shows from the second rung on.
                let head = if r == 1 {
                    format!("{name} — {}", l.title)
                } else {
                    name.to_string()
                };
                for h in wrap(&head, cols) {
                    lines.push(Line::styled(h, t.strong()));
                }
                for h in wrap(&app.session.world().with_draws(hint), cols) {
                    lines.push(Line::raw(h));
                }
                lines.push(Line::raw(""));
            }
            match text.rungs.get(taken).filter(|_| taken < l.hints.len()) {
                Some(next) => {
                    let take = fill(&text.take, &[("rung", &next.to_lowercase())]);
                    lines.push(Line::styled(truncate(&take, cols), t.key()));
                }
                None => lines.push(Line::styled(truncate(&text.all_taken, cols), t.dim())),
            }
        }
    }
    lines.push(Line::raw(""));
    let n = app.session.hints().len();
    for l in wrap(&fill(&text.price, &[("n", &n)]), cols) {
        lines.push(Line::styled(l, t.health(Health::Degraded)));
    }
    // Once every rung is taken (or there is no ladder), 'h' has nothing left to give.
    let skip: &[Intent] = if super::chrome::rung_left(app, lesson) {
        &[]
    } else {
        &[Intent::TakeHint]
    };
    // Wrapped, not cut: on a narrow screen the last keys (`:`, any key) are the ones cut.
    for l in wrap(&keys_line_except(Context::Hint, skip), cols) {
        lines.push(Line::styled(l, t.accent()));
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let inner = popup(f, area, cols as u16 + 4, height, text.title.as_str(), t);
    f.render_widget(Paragraph::new(lines), inner);
}

/// Lines scrolled by `n`, keeping the last line (the keys) in view.
fn reading<'a>(
    f: &mut Frame,
    area: Rect,
    t: &Theme,
    title: &str,
    body: Vec<Line<'a>>,
    n: u16,
    cols: usize,
) {
    let room = area.height.saturating_sub(5) as usize;
    let keys = Line::styled(truncate(&keys_line(Context::Reading), cols), t.accent());
    let skip = (n as usize).min(body.len().saturating_sub(room.max(1)));
    let mut lines: Vec<Line> = body.into_iter().skip(skip).take(room.max(1)).collect();
    lines.push(keys);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let inner = popup(f, area, cols as u16 + 4, height, title.to_string(), t);
    f.render_widget(Paragraph::new(lines), inner);
}

/// The glossary: each term in bold, its meaning beside or under it.
pub fn glossary(f: &mut Frame, area: Rect, app: &App, n: u16) {
    let t = &app.theme;
    let cols = text_cols(area, 100);
    let term_w = if cols >= 70 { 26 } else { 0 };
    let mut body = Vec::new();
    for g in terms() {
        if term_w == 0 {
            body.push(Line::styled(truncate(&g.term, cols), t.strong()));
            for l in wrap(&g.meaning, cols.saturating_sub(2)) {
                body.push(Line::raw(format!("  {l}")));
            }
            continue;
        }
        let head = wrap(&g.term, term_w - 1);
        let meaning = wrap(&g.meaning, cols - term_w);
        for k in 0..head.len().max(meaning.len()) {
            body.push(Line::from(vec![
                Span::styled(
                    pad(head.get(k).map_or("", String::as_str), term_w),
                    t.strong(),
                ),
                Span::raw(meaning.get(k).cloned().unwrap_or_default()),
            ]));
        }
    }
    reading(f, area, t, &strings().glossary_title, body, n, cols);
}

fn look(t: &Theme, l: Look) -> Style {
    match l {
        Look::Plain => Style::new(),
        Look::Ok => t.health(Health::Ok),
        Look::Degraded => t.health(Health::Degraded),
        Look::Down => t.health(Health::Down),
        Look::Idle => t.health(Health::Idle),
        Look::Unknown => t.health(Health::Unknown),
        Look::Accent => t.accent(),
        Look::Strong => t.strong(),
    }
}

/// The legend: every mark in the look it has on screen, and what it means.
pub fn legend(f: &mut Frame, area: Rect, app: &App, n: u16) {
    let t = &app.theme;
    let cols = text_cols(area, 90);
    let marks = &strings().legend;
    let mark_w = marks.iter().map(|m| width(&m.mark)).max().unwrap_or(4) + 2;
    let mut body = Vec::new();
    for m in marks {
        for (k, l) in wrap(&m.meaning, cols.saturating_sub(mark_w).max(10))
            .into_iter()
            .enumerate()
        {
            let head = if k == 0 { m.mark.as_str() } else { "" };
            body.push(Line::from(vec![
                Span::styled(pad(head, mark_w), look(t, m.look)),
                Span::raw(l),
            ]));
        }
    }
    reading(f, area, t, &strings().legend_title, body, n, cols);
}
