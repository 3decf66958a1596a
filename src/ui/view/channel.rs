//! The incident channel: the story as people tell it — teammates, support, executives, customers,
//! what the player learns — and the player's own decisions, with who and when. Newest at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::App;
use super::super::text::{width, wrap};
use super::super::theme::{Health, Theme};
use super::panel;
use crate::scenario::Control;

use crate::session::{Event, EventKind, Post};

fn mark(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Call => "(call) ",
        EventKind::Email => "(email) ",
        EventKind::Customer => "(customer) ",
        EventKind::Finding => "(found) ",
        EventKind::Theory => "? ",
        EventKind::ActionStarted => "▶ ",
        EventKind::ActionDone => "✓ ",
        EventKind::ActionFumbled => "! ",
        EventKind::ActionRefused => "✗ ",
        EventKind::Chat | EventKind::Alert(_) => "",
    }
}

fn styles(t: &Theme, kind: EventKind) -> (Style, Style) {
    match kind {
        EventKind::ActionStarted => (t.you(), Style::new()),
        EventKind::ActionDone => (t.you(), t.health(Health::Ok)),
        EventKind::ActionFumbled => (t.you(), t.health(Health::Degraded)),
        EventKind::ActionRefused => (t.you(), t.health(Health::Down)),
        EventKind::Customer => (t.health(Health::Degraded), Style::new()),
        EventKind::Finding | EventKind::Theory => (t.accent(), Style::new()),
        _ => (t.who(), Style::new()),
    }
}

/// The wrapped lines of one message.
fn message<'a>(app: &App, e: &'a Event, cols: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let time = format!("{} ", app.scenario().clock_at(e.at));
    let indent = width(&time);
    let (who_style, text_style) = styles(t, e.kind);
    let who = format!("{}{}: ", mark(e.kind), e.from);
    let body_cols = cols.saturating_sub(indent).max(8);
    // The speaker starts the first line; the text follows and wraps under it.
    let first_room = body_cols.saturating_sub(width(&who));
    let mut out = Vec::new();
    let wrapped = if first_room >= 12 {
        let mut w = wrap(&e.text, first_room);
        let rest: String = w.iter().skip(1).cloned().collect::<Vec<_>>().join(" ");
        w.truncate(1);
        if !rest.is_empty() {
            w.extend(wrap(&rest, body_cols));
        }
        out.push(Line::from(vec![
            Span::styled(time.clone(), t.dim()),
            Span::styled(who, who_style),
            Span::styled(w[0].clone(), text_style),
        ]));
        w.into_iter().skip(1).collect::<Vec<_>>()
    } else {
        out.push(Line::from(vec![
            Span::styled(time.clone(), t.dim()),
            Span::styled(who, who_style),
        ]));
        wrap(&e.text, body_cols)
    };
    for part in wrapped {
        out.push(Line::from(vec![
            Span::raw(" ".repeat(indent)),
            Span::styled(part, text_style),
        ]));
    }
    out
}

/// A post on the provider's public status page, as a message in the channel.
fn status_post(app: &App, post: &Post, cols: usize) -> Vec<Line<'static>> {
    let e = Event {
        at: post.at,
        kind: EventKind::Chat,
        from: post.source.clone(),
        text: post.text.clone(),
        beat: post.beat,
    };
    message(app, &e, cols)
        .into_iter()
        .map(|l| {
            Line::from(
                l.spans
                    .into_iter()
                    .map(|s| Span::styled(s.content.into_owned(), s.style))
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

pub fn draw<'a>(f: &mut Frame, area: Rect, app: &'a App) {
    let t = &app.theme;
    let w = app.session.world();
    let cols = area.width.saturating_sub(2) as usize;
    let rows = area.height.saturating_sub(2) as usize;
    let want = rows + app.channel_scroll;
    // Newest first, only as many as fill the panel (plus what is scrolled past); the provider's
    // status page posts merged in by time, after what else happened in their minute.
    let posts = w.status_posts();
    let mut next_post = posts.len();
    let mut lines: Vec<Line> = Vec::new();
    let push = |m: Vec<Line<'a>>, lines: &mut Vec<Line<'a>>| {
        lines.extend(m.into_iter().rev());
    };
    for e in w.events().iter().rev() {
        while next_post > 0 && posts[next_post - 1].at >= e.at && lines.len() < want {
            next_post -= 1;
            push(status_post(app, &posts[next_post], cols), &mut lines);
        }
        if lines.len() >= want {
            break;
        }
        if matches!(e.kind, EventKind::Alert(_)) {
            continue;
        }
        push(message(app, e, cols), &mut lines);
    }
    while next_post > 0 && lines.len() < want {
        next_post -= 1;
        push(status_post(app, &posts[next_post], cols), &mut lines);
    }
    app.channel_rows.set(rows);
    let scroll = app.channel_scroll.min(lines.len().saturating_sub(rows));
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(rows).rev().collect();
    let mut title = if w.levers().control(Control::IncidentChannel) {
        "Incident channel".to_string()
    } else {
        "Messages (no incident channel yet)".to_string()
    };
    if scroll > 0 {
        title.push_str(&format!(" — {scroll} lines up, End: newest"));
    }
    let body = if shown.is_empty() {
        // Alerts go to the pager, not here: "quiet" only while nothing has paged either.
        let words = if crate::session::coach::trouble_paged(w) {
            "No messages yet: alerts are in the pager. Press : to act, ? for help."
        } else {
            "Quiet so far. Watch the pager and the health map; press : to act, ? for help."
        };
        wrap(words, cols)
            .into_iter()
            .map(|l| Line::styled(l, t.dim()))
            .collect()
    } else {
        shown
    };
    f.render_widget(Paragraph::new(body).block(panel(title, t)), area);
}
