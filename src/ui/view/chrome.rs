//! The top bar (clock, speed, severity, blast radius, seed) and the key bar at the bottom.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::App;
use super::super::keys::{Context, Intent, rows, table};
use super::super::strings::{fill, strings};
use super::super::text::{fit_ending_in_path, thousands, width};
use super::super::theme::Health;

/// Segments, most important first, kept while they fit.
fn fit<'a>(segments: Vec<Vec<Span<'a>>>, cols: usize, sep: Span<'a>) -> Line<'a> {
    let mut spans: Vec<Span> = Vec::new();
    let mut used = 0;
    for seg in segments {
        let w: usize = seg.iter().map(|s| width(&s.content)).sum();
        let extra = if spans.is_empty() {
            0
        } else {
            width(&sep.content)
        };
        if used + extra + w > cols {
            continue;
        }
        if !spans.is_empty() {
            spans.push(sep.clone());
        }
        used += extra + w;
        spans.extend(seg);
    }
    Line::from(spans)
}

pub fn top_bar(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let s = app.scenario();
    let text = &strings().top_bar;
    let clock = s.stamp(app.clock_minute());
    let speed: &dyn std::fmt::Display = &app.speed;
    let run = if app.session.is_over() {
        text.over.clone()
    } else if let Some(table) = &app.tabletop {
        fill(&strings().tabletop.console, &[("step", &table.step)])
    } else if app.paused {
        text.paused.clone()
    } else if app.clock_runs() {
        fill(&text.running, &[("speed", speed)])
    } else {
        fill(&text.held, &[("speed", speed)])
    };
    let sev = app.severity();
    let sev_style = match sev {
        1 => t.health(Health::Down),
        2 => t.health(Health::Degraded),
        _ => t.strong(),
    };
    let (br, trend) = app.blast_radius_trend(10);
    let arrow = if trend > 0.5 { "▲" } else { "·" };
    let trend_style = if trend > 50.0 {
        t.health(Health::Down)
    } else if trend > 0.5 {
        t.health(Health::Degraded)
    } else {
        t.health(Health::Ok)
    };
    // Info items on the pager are not alerts: the `!` counts warnings and criticals.
    let unacked = app.unacked_alerts();
    let run = if app.replaying() {
        format!("{} · {run}", strings().lines.replaying)
    } else {
        run
    };
    let mut segs = vec![
        vec![Span::styled(clock, t.strong())],
        vec![Span::styled(
            run,
            if app.paused {
                t.health(Health::Degraded)
            } else {
                Style::new()
            },
        )],
        vec![Span::styled(
            fill(&text.severity, &[("sev", &sev)]),
            sev_style,
        )],
        vec![
            Span::raw(text.blast_radius.as_str()),
            Span::styled(thousands(br.round() as i64), t.strong()),
            Span::styled(
                fill(
                    &text.trend,
                    &[
                        ("arrow", &arrow),
                        ("points", &thousands(trend.round() as i64)),
                    ],
                ),
                trend_style,
            ),
        ],
        vec![Span::raw(fill(
            &text.seed,
            &[("seed", &app.session.seed())],
        ))],
    ];
    if let Some(timer) = app.tabletop.as_ref().and_then(|x| x.timer()) {
        let up = timer == "0:00";
        segs.insert(
            2,
            vec![Span::styled(
                fill(&strings().tabletop.timer, &[("timer", &timer)]),
                if up {
                    t.health(Health::Down)
                } else {
                    t.accent()
                },
            )],
        );
    }
    // The night cannot be kept (a full disk, a data directory that is a file): said while it
    // lasts, early, so the player knows before leaving that decisions are not being saved.
    if app.keep_trouble.is_some() {
        segs.insert(
            1,
            vec![Span::styled(
                "! night not being kept (why: on leaving)",
                t.health(Health::Down),
            )],
        );
    }
    if unacked > 0 {
        segs.push(vec![Span::styled(
            fill(
                if unacked == 1 {
                    &text.alert
                } else {
                    &text.alerts
                },
                &[("n", &unacked)],
            ),
            t.health(Health::Down),
        )]);
    }
    segs.push(vec![Span::styled(
        fill(&text.title, &[("title", &s.title)]),
        t.title(),
    )]);
    let line = fit(segs, area.width as usize, Span::styled(" │ ", t.dim()));
    f.render_widget(Paragraph::new(line), area);
}

/// (keys, what) pairs shown at the bottom, from the mode's key table (without some intents: those
/// that make no sense on this screen): keys next to each other with the same word share a place.
pub fn keys_except(app: &App, skip: &[Intent]) -> Vec<(String, String)> {
    let s = strings();
    let bar = table(Context::of_app(app))
        .iter()
        .filter(|b| b.bar && !skip.contains(&b.intent));
    rows(bar, |a, b| s.said(a).word == s.said(b).word)
        .into_iter()
        .map(|r| {
            // At the table, a decision's rationale is followed by its owner: Enter goes on.
            let rationale = app.writing_rationale();
            let word = if r.intent == Intent::TogglePause && app.paused {
                &s.resume
            } else if r.intent == Intent::Take && rationale {
                &s.tabletop.rationale_next
            } else {
                &s.said(r.intent).word
            };
            (r.labels.join("/"), word.clone())
        })
        .collect()
}

pub fn key_bar(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    if let Some((msg, h)) = &app.flash {
        let line = Line::styled(fit_ending_in_path(msg, area.width as usize), t.health(*h));
        f.render_widget(Paragraph::new(line), area);
        return;
    }
    // At the hint ladder with every rung taken, 'h' has nothing left to give.
    let skip: &[Intent] = match app.mode {
        super::super::app::Mode::Hint { lesson, .. } if !rung_left(app, lesson) => {
            &[Intent::TakeHint]
        }
        _ => &[],
    };
    pairs_bar(f, area, app, &keys_except(app, skip));
}

/// Whether the hint ladder of a lesson has a rung left to take.
pub fn rung_left(app: &App, lesson: Option<usize>) -> bool {
    lesson
        .and_then(|i| app.scenario().lessons.get(i).map(|l| (i, l)))
        .is_some_and(|(i, l)| {
            crate::session::coach::rungs_taken(app.session.hints(), i) < l.hints.len()
        })
}

/// A key bar of owned (key, what) pairs.
pub fn pairs_bar(f: &mut Frame, area: Rect, app: &App, keys: &[(String, String)]) {
    bar(
        f,
        area,
        app,
        keys.iter().map(|(k, w)| (k.as_str(), w.as_str())).collect(),
    );
}

/// A key bar of (key, what) pairs, as many as fit, in their order; the way out of a window (Esc,
/// q) is kept first, so a narrow screen never loses it to the keys before it.
pub fn bar(f: &mut Frame, area: Rect, app: &App, keys: Vec<(&str, &str)>) {
    let t = &app.theme;
    let cols = area.width as usize;
    let cost = |(k, what): &(&str, &str)| width(k) + width(what) + 3 + 2;
    let way_out = |k: &str| k == "Esc" || k == "q";
    let mut room = cols + 2;
    let mut kept = vec![false; keys.len()];
    let order = (0..keys.len())
        .filter(|&i| way_out(keys[i].0))
        .chain((0..keys.len()).filter(|&i| !way_out(keys[i].0)));
    for i in order {
        if cost(&keys[i]) <= room {
            room -= cost(&keys[i]);
            kept[i] = true;
        }
    }
    let segs = keys
        .into_iter()
        .zip(kept)
        .filter_map(|(pair, keep)| keep.then_some(pair))
        .map(|(k, what)| {
            vec![
                Span::styled(format!(" {k} "), t.key()),
                Span::raw(format!(" {what}")),
            ]
        })
        .collect();
    let line = fit(segs, area.width as usize, Span::raw("  "));
    f.render_widget(Paragraph::new(line), area);
}
