//! The debrief: blast radius and grade, the breakdown, harm over the night beside the expert's, the
//! player's decisions beside the expert's with what each cost or saved, and the lessons; and, on
//! a page of its own, what was true all along (`truth.rs`).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Tabs};

use super::super::app::App;
use super::super::debrief::{self as screen, DebriefScreen, PAGES, PAGES_SHORT, TRUTH};
use super::super::text::{pad, thousands, truncate, width, wrap};
use super::super::theme::{Health, Theme};
use super::{chrome, panel, truth};
use crate::score::Group;
use crate::session::{
    DecisionRow, Mark, Outcome, REFERENCE_SEEDS, Worth, quantity, range_words, signed,
};

/// The first of the texts that fits `cols` (the last one, cut, if none does).
fn fit(texts: &[String], cols: usize) -> String {
    texts
        .iter()
        .find(|x| width(x) <= cols)
        .cloned()
        .unwrap_or_else(|| truncate(texts.last().map_or("", String::as_str), cols))
}

fn header<'a>(app: &App, d: &DebriefScreen, cols: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let r = &d.references;
    let n = |x: f64| thousands(x.round() as i64);
    let seed_long = format!(
        "at seed {}: expert {} · doing nothing {} · again: blastradius {} {} --seed {}",
        d.seed,
        thousands(r.expert),
        thousands(r.nothing),
        // The same command the exit line names: a guided night again in `learn`.
        app.kept.mode.command(),
        app.scenario_arg(),
        d.seed
    );
    let seed_short = format!(
        "at seed {}: expert {} · doing nothing {} · again with --seed {}",
        d.seed,
        thousands(r.expert),
        thousands(r.nothing),
        d.seed
    );
    let spread_long = format!(
        "over {REFERENCE_SEEDS} seeds (10th–90th percentile): expert {}–{} · doing nothing {}–{}",
        n(r.expert_spread.p10),
        n(r.expert_spread.p90),
        n(r.nothing_spread.p10),
        n(r.nothing_spread.p90)
    );
    let spread_short = format!(
        "{REFERENCE_SEEDS} seeds, p10–p90: expert {}–{} · nothing {}–{}",
        n(r.expert_spread.p10),
        n(r.expert_spread.p90),
        n(r.nothing_spread.p10),
        n(r.nothing_spread.p90)
    );
    let grade_h = match d.grade {
        'A' | 'B' => Health::Ok,
        'C' => Health::Degraded,
        _ => Health::Down,
    };
    // A night the player left early says so (the rest played out without them), in fewer
    // words where the grade would not fit beside it.
    let score = format!(
        "Blast radius {} · grade {}",
        thousands(d.blast_radius),
        d.grade_label()
    );
    let over = match app.left_at() {
        Some(t) => {
            let long = format!("You left at {t}; the rest played out without you. ");
            if width(&long) + width(&score) <= cols {
                long
            } else {
                format!("Left at {t}. ")
            }
        }
        None => "The night is over. ".to_string(),
    };
    vec![
        Line::from(vec![
            Span::styled(over, t.title()),
            Span::raw("Blast radius "),
            Span::styled(thousands(d.blast_radius), t.strong()),
            Span::raw(" · grade "),
            Span::styled(d.grade_label(), t.health(grade_h)),
            Span::styled(format!(" — {}", d.title), t.dim()),
        ]),
        Line::styled(fit(&[seed_long, seed_short], cols), t.dim()),
        Line::styled(fit(&[spread_long, spread_short], cols), t.dim()),
    ]
}

fn breakdown<'a>(app: &App, d: &DebriefScreen, cols: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let num = 9;
    let name_w = cols.saturating_sub(2 * num);
    let mut lines = vec![Line::styled(
        format!("{}{:>num$}{:>num$}", pad("", name_w), "you", "expert"),
        t.dim(),
    )];
    for g in Group::ALL {
        let (you, expert) = d.group_total(g);
        lines.push(Line::from(vec![
            Span::styled(pad(g.label(), name_w), t.title()),
            Span::styled(format!("{:>num$}", thousands(you)), t.strong()),
            Span::styled(format!("{:>num$}", thousands(expert)), t.dim()),
        ]));
        for p in d.group(g) {
            let (you, expert) = (p.yours, p.expert);
            let name = format!(
                "  {} ({})",
                p.label,
                quantity(p.count.round() as i64, &p.unit)
            );
            // Worse than the expert by more than a tenth: marked, not only coloured.
            let worse = you > expert + expert / 10 + 10;
            let style = if worse {
                t.health(Health::Degraded)
            } else if you > 0 {
                Style::new()
            } else {
                t.dim()
            };
            let mark = if worse { "!" } else { " " };
            lines.push(Line::from(vec![
                Span::styled(pad(&name, name_w.saturating_sub(1)), style),
                Span::styled(mark, style),
                Span::styled(format!("{:>num$}", thousands(you)), style),
                Span::styled(format!("{:>num$}", thousands(expert)), t.dim()),
            ]));
            // What a count alone would not say: what was left undone, what escalation waited for.
            if let Some(items) = crate::report::part_note(d, p) {
                for l in wrap(&items, (name_w + 2 * num).saturating_sub(4).max(10)) {
                    lines.push(Line::styled(format!("    {l}"), t.dim()));
                }
            }
        }
    }
    lines.push(Line::styled(
        truncate("! more than a tenth worse than the expert's night", cols),
        t.dim(),
    ));
    lines
}

fn harm_chart(f: &mut Frame, area: Rect, app: &App, d: &DebriefScreen) {
    let t = &app.theme;
    let s = app.scenario();
    let len = s.length() as f64;
    let other = d.other.as_ref();
    let top = d
        .harm_yours
        .iter()
        .chain(&d.harm_expert)
        .chain(other.map_or(&[][..], |o| &o.harm[..]))
        .map(|p| p.1)
        .fold(1.0, f64::max)
        * 1.1;
    let mk = |i: usize| {
        if t.color {
            Marker::Braille
        } else {
            Marker::Custom(['•', 'x', 'o'][i])
        }
    };
    let area = match other {
        Some(o) => {
            let [chart, text] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(3)]).areas(area);
            let lines = parting(t, d, o);
            f.render_widget(
                Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
                text,
            );
            chart
        }
        None => area,
    };
    // Without colour the lines are told apart by their marks alone: the legend shows them.
    let name = |i: usize, who: &str| match mk(i) {
        Marker::Custom(c) => format!("{c} {who}"),
        _ => who.to_string(),
    };
    let mut sets = vec![
        Dataset::default()
            .name(name(0, "you"))
            .marker(mk(0))
            .graph_type(GraphType::Line)
            .style(t.series(1))
            .data(&d.harm_yours),
        Dataset::default()
            .name(name(1, "expert"))
            .marker(mk(1))
            .graph_type(GraphType::Line)
            .style(t.series(0))
            .data(&d.harm_expert),
    ];
    if let Some(o) = other {
        sets.push(
            Dataset::default()
                .name(name(2, "other line"))
                .marker(mk(2))
                .graph_type(GraphType::Line)
                .style(t.series(2))
                .data(&o.harm),
        );
    }
    let title = if other.is_some() {
        "Blast radius over the night: you, your other line, the expert"
    } else {
        "Blast radius over the night: you and the expert"
    };
    let xl = [0.0, len / 2.0, len].map(|x| Span::styled(s.clock_at(x as u32).to_string(), t.dim()));
    let yl = [
        Span::styled("0", t.dim()),
        Span::styled(thousands(top as i64), t.dim()),
    ];
    let chart = Chart::new(sets)
        .block(panel(title, t))
        .x_axis(Axis::default().bounds([0.0, len]).labels(xl).style(t.dim()))
        .y_axis(Axis::default().bounds([0.0, top]).labels(yl).style(t.dim()))
        .legend_position(Some(ratatui::widgets::LegendPosition::TopLeft));
    f.render_widget(chart, area);
}

/// The two lines of the night in words: what each came to and where they part.
fn parting<'a>(t: &Theme, d: &DebriefScreen, o: &crate::session::OtherLine) -> Vec<Line<'a>> {
    let none = "no decision".to_string();
    let left = if o.finished {
        "played to the end".to_string()
    } else {
        format!("left at {}, then no more decisions", o.left_at)
    };
    vec![
        Line::from(vec![
            Span::styled("Your other line ", t.title()),
            Span::raw(format!(
                "(rewound to {}; {left}): blast radius {} against {} on this one.",
                o.parted,
                thousands(o.blast_radius),
                thousands(d.blast_radius)
            )),
        ]),
        Line::styled(
            format!(
                "The lines part at {}: this one — {}; the other — {}.",
                o.parted,
                o.this_first.as_ref().unwrap_or(&none),
                o.other_first.as_ref().unwrap_or(&none)
            ),
            t.dim(),
        ),
    ]
}

/// A decision's worth in a column: the mean over the seeds it was weighed on; "≈" marks one
/// within noise.
fn worth<'a>(t: &Theme, w: Option<&Worth>) -> Span<'a> {
    let (text, style) = match w {
        None => ("—".to_string(), t.dim()),
        Some(w) if w.fumbled => (
            format!("{} tonight", signed(w.headline().round() as i64)),
            t.dim(),
        ),
        Some(w) if w.changed_nothing() => ("±0".to_string(), t.dim()),
        Some(w) if w.within_noise => (format!("≈{}", signed(w.mean.round() as i64)), t.dim()),
        Some(w) if w.mean > 0.0 => (
            format!("{} saved", signed(w.mean.round() as i64)),
            t.gain(true),
        ),
        Some(w) => (
            format!("{} cost", signed(w.mean.round() as i64)),
            t.gain(false),
        ),
    };
    Span::styled(format!("{text:>13} "), style)
}

/// A decision per row, with its reason and note wrapped under it (the full text, never cut).
fn decision_lines<'a>(t: &Theme, rows: &[DecisionRow], cols: usize) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    if rows.is_empty() {
        out.push(Line::styled("no decisions", t.dim()));
    }
    for r in rows {
        let head = 6 + 14;
        let mut spans = vec![
            Span::styled(format!("{} ", r.at), t.dim()),
            worth(t, r.worth.as_ref()),
        ];
        let rest = cols.saturating_sub(head);
        // The decision and what became of it wrap in full under themselves.
        let (text, style) = match &r.refusal {
            Some(why) => (
                format!("✗ {} — refused: {why}", r.label),
                t.health(Health::Down),
            ),
            None if r.outcome == Some(Outcome::Fumbled) => (
                format!("! {} — fumbled, nothing changed", r.label),
                t.health(Health::Degraded),
            ),
            // Decided at its time, begun later when it waited for a responder.
            None => match r.queued_until {
                Some(until) => (format!("{} — queued until {until}", r.label), Style::new()),
                None => (r.label.clone(), Style::new()),
            },
        };
        let mut parts = wrap(&text, rest.max(10)).into_iter();
        spans.push(Span::styled(parts.next().unwrap_or_default(), style));
        out.push(Line::from(spans));
        for p in parts {
            out.push(Line::from(vec![
                Span::raw(" ".repeat(head)),
                Span::styled(p, style),
            ]));
        }
        // Under the decision: why it was worth what it was, then the note or the reason.
        let why = r
            .worth
            .as_ref()
            .map(|w| format!("{} · {}", w.why, range_words(w)));
        let note = r.note.as_ref().map(|n| format!("“{n}”"));
        for text in why.iter().chain(&note) {
            for p in wrap(text, rest.max(10)) {
                out.push(Line::from(vec![
                    Span::raw(" ".repeat(head)),
                    Span::styled(p, t.dim()),
                ]));
            }
        }
    }
    out
}

/// Columns for a lesson's verdict.
const TAG: usize = 12;

/// After the guided night: what went well, what to practise next, the night to try next; and the
/// hints taken, whenever any were.
fn advice_lines<'a>(app: &App, d: &DebriefScreen, cols: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let words = &super::super::strings::strings().learn;
    let mut out = Vec::new();
    let list = |out: &mut Vec<Line<'a>>, head: &str, items: &[String], h: Health| {
        out.push(Line::styled(truncate(head, cols), t.title()));
        for item in items {
            for (k, p) in wrap(item, cols.saturating_sub(2).max(10))
                .into_iter()
                .enumerate()
            {
                let lead = if k == 0 { h.symbol() } else { " " };
                out.push(Line::from(vec![
                    Span::styled(format!("{lead} "), t.health(h)),
                    Span::raw(p),
                ]));
            }
        }
    };
    if let Some(a) = &d.advice {
        out.push(Line::styled(truncate(&words.first_night, cols), t.strong()));
        list(&mut out, &words.well, &a.well, Health::Ok);
        list(&mut out, &words.practise, &a.practise, Health::Degraded);
        out.push(Line::from(vec![
            Span::styled(format!("{}: ", words.next), t.title()),
            Span::styled(a.next.clone(), t.accent()),
        ]));
        out.push(Line::raw(""));
    }
    if !d.hints.is_empty() {
        let taken: Vec<String> = d
            .hints
            .iter()
            .map(|h| format!("{} rung {} — {}", h.at, h.rung, h.title))
            .collect();
        let head = format!("Hints taken: {} (the grade is assisted)", d.hints.len());
        list(&mut out, &head, &taken, Health::Idle);
        out.push(Line::raw(""));
    }
    out
}

fn lesson_lines<'a>(app: &App, d: &DebriefScreen, cols: usize) -> Vec<Line<'a>> {
    let t = &app.theme;
    let mut out = advice_lines(app, d, cols);
    for l in &d.lessons {
        let h = match l.mark {
            Mark::NoEffect => Health::Idle,
            Mark::Both | Mark::Late | Mark::Backfired => Health::Degraded,
            Mark::Applied | Mark::Kept => Health::Ok,
            Mark::Broken => Health::Down,
            Mark::Missed => Health::Idle,
        };
        let inner = cols.saturating_sub(TAG).max(10);
        for (k, p) in wrap(&l.title, inner).into_iter().enumerate() {
            let tag = if k == 0 { l.mark.label() } else { "" };
            out.push(Line::from(vec![
                Span::styled(pad(tag, TAG), t.health(h)),
                Span::styled(p, t.strong()),
            ]));
        }
        for e in &l.evidence {
            for p in wrap(&format!("· {e}"), inner) {
                out.push(Line::from(vec![Span::raw(" ".repeat(TAG)), Span::raw(p)]));
            }
        }
        for p in wrap(&l.summary, inner) {
            out.push(Line::from(vec![
                Span::raw(" ".repeat(TAG)),
                Span::styled(p, t.dim()),
            ]));
        }
    }
    out
}

/// The lines as scrolled on the debrief `d` shows, in `rows` rows; and the furthest the lists on
/// screen can scroll is kept, so a key never scrolls past the end (where coming back would take
/// as many presses).
pub(super) fn scrolled<'a>(lines: Vec<Line<'a>>, d: &DebriefScreen, rows: u16) -> Vec<Line<'a>> {
    let max = lines.len().saturating_sub(rows as usize);
    let furthest = u16::try_from(max).unwrap_or(u16::MAX);
    d.furthest
        .set(Some(d.furthest.get().map_or(furthest, |f| f.max(furthest))));
    lines
        .into_iter()
        .skip((d.scroll as usize).min(max))
        .collect()
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, d: &DebriefScreen) {
    d.furthest.set(None);
    let t = &app.theme;
    let wide = screen::wide(area.width, area.height);
    let [head, body, keys] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let cols = head.width as usize;
    let hl: Vec<Line> = header(app, d, cols)
        .into_iter()
        .map(|l| {
            if l.width() > cols {
                let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
                Line::styled(
                    truncate(&text, cols),
                    l.spans.first().map_or(Style::new(), |s| s.style),
                )
            } else {
                l
            }
        })
        .collect();
    f.render_widget(Paragraph::new(hl), head);
    chrome::key_bar(f, keys, app);
    if wide && d.page == TRUTH {
        truth::draw(f, body, app, d);
        return;
    }
    if wide {
        // Everything else fits on one page here: the page keys switch to the truth and back. The
        // breakdown's box is as tall as its rows (the chart beside it at least 20), leaving the
        // lists below at least `LOWER_MIN` rows; on a screen too short for that it scrolls.
        const BREAKDOWN_W: u16 = 68;
        const LOWER_MIN: u16 = 10;
        let rows = breakdown(app, d, BREAKDOWN_W.saturating_sub(2) as usize);
        let want = u16::try_from(rows.len() + 2).unwrap_or(u16::MAX).max(20);
        let high = want.min(body.height.saturating_sub(LOWER_MIN).max(20));
        let [upper, lower] =
            Layout::vertical([Constraint::Length(high), Constraint::Fill(1)]).areas(body);
        let [bd, chart] =
            Layout::horizontal([Constraint::Length(BREAKDOWN_W), Constraint::Fill(1)]).areas(upper);
        let rows = scrolled(rows, d, bd.height.saturating_sub(2));
        f.render_widget(Paragraph::new(rows).block(panel("Breakdown", t)), bd);
        harm_chart(f, chart, app, d);
        let [yours, expert, lessons] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Fill(1),
        ])
        .areas(lower);
        for (area, rows, title) in [
            (yours, &d.yours, "Your decisions (what each saved or cost)"),
            (expert, &d.expert, "The expert's decisions, and why"),
        ] {
            let c = area.width.saturating_sub(2) as usize;
            let lines = scrolled(decision_lines(t, rows, c), d, area.height.saturating_sub(2));
            f.render_widget(Paragraph::new(lines).block(panel(title, t)), area);
        }
        let c = lessons.width.saturating_sub(2) as usize;
        let lines = scrolled(lesson_lines(app, d, c), d, lessons.height.saturating_sub(2));
        f.render_widget(Paragraph::new(lines).block(panel("Lessons", t)), lessons);
        return;
    }
    let [tabs, page] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
    // Each name padded by a blank on each side, a divider between: the long names where they
    // fit, else the short ones (which fit the least screen the game draws on).
    let across = PAGES.iter().map(|n| width(n) + 3).sum::<usize>() - 1;
    let names = if across <= tabs.width as usize {
        PAGES
    } else {
        PAGES_SHORT
    };
    f.render_widget(
        Tabs::new(names.to_vec())
            .select(d.page)
            .style(t.dim())
            .highlight_style(t.selected()),
        tabs,
    );
    let c = page.width.saturating_sub(2) as usize;
    match d.page {
        0 => {
            let lines = scrolled(breakdown(app, d, c), d, page.height.saturating_sub(2));
            f.render_widget(Paragraph::new(lines).block(panel("Breakdown", t)), page);
        }
        1 => harm_chart(f, page, app, d),
        2 => {
            let mut lines = vec![Line::styled("Yours", t.title())];
            lines.extend(decision_lines(t, &d.yours, c));
            lines.push(Line::raw(""));
            lines.push(Line::styled("The expert's", t.title()));
            lines.extend(decision_lines(t, &d.expert, c));
            let lines = scrolled(lines, d, page.height.saturating_sub(2));
            f.render_widget(
                Paragraph::new(lines).block(panel("Decisions: what each saved or cost", t)),
                page,
            );
        }
        3 => {
            let lines = scrolled(lesson_lines(app, d, c), d, page.height.saturating_sub(2));
            f.render_widget(Paragraph::new(lines).block(panel("Lessons", t)), page);
        }
        _ => truth::draw(f, page, app, d),
    }
}
