//! Pop-ups over the main screen: the action palette, the target picker, the note, help, and the
//! question before leaving. The clock is held while any of them is open.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::super::app::{App, Mode};
use super::super::keys::{Context, GLOBAL, rows, table};
use super::super::palette::{self, Draft, Palette, Verdict};
use super::super::strings::{fill, strings};
use super::super::text::{pad, truncate, width, wrap};
use super::super::theme::{Health, Theme};
use super::panel;
use crate::scenario::{Minute, TargetKind};
use crate::session::{Act, ActionRef};

/// A rectangle of at most `w`×`h` centred in `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clear a centred pop-up of at most `w`×`h` (a cell of margin kept) and frame it: its inside.
pub(super) fn popup<'a>(
    f: &mut Frame,
    area: Rect,
    w: u16,
    h: u16,
    title: impl Into<Line<'a>>,
    t: &Theme,
) -> Rect {
    let pop = centred(
        area,
        w.min(area.width.saturating_sub(2)),
        h.min(area.height.saturating_sub(2)),
    );
    f.render_widget(Clear, pop);
    let block = panel(title, t);
    let inner = block.inner(pop);
    f.render_widget(block, pop);
    inner
}

pub fn draw(f: &mut Frame, area: Rect, app: &App) {
    match &app.mode {
        Mode::Palette(p) => palette_popup(f, area, app, p),
        Mode::Target { draft, selected } => target_popup(f, area, app, draft, *selected),
        Mode::Note(d) => note_popup(f, area, app, d),
        Mode::Help => help_popup(f, area, app),
        Mode::Knowledge => super::knowledge::draw(f, area, app),
        Mode::ConfirmQuit => confirm_popup(f, area, app),
        Mode::Moment(i) => super::guide::moment(f, area, app, *i),
        Mode::Hint { lesson, offered } => super::guide::hints(f, area, app, *lesson, *offered),
        Mode::Glossary(n) => super::guide::glossary(f, area, app, *n),
        Mode::Legend(n) => super::guide::legend(f, area, app, *n),
        Mode::Rewind(selected) => super::tabletop::rewind(f, area, app, *selected),
        Mode::Owner {
            draft,
            selected,
            typed,
        } => super::tabletop::owner(f, area, app, draft, *selected, typed),
        Mode::Injects(selected) => super::tabletop::injects(f, area, app, *selected),
        Mode::InjectText(text) => super::tabletop::inject_text(f, area, app, text),
        Mode::Facilitator(n) => super::tabletop::notes(f, area, app, n),
        Mode::Playing | Mode::Weighing | Mode::Debrief(_) => {}
    }
}

fn verdict_text(app: &App, v: &Verdict) -> (Health, String) {
    let people = &app.scenario().people;
    let by = |b: usize| people.get(b).map_or("", |p| p.name.as_str()).to_string();
    let s = &strings().palette;
    // A decision that waits for a busy responder says when it will start.
    let who = |b: usize, starts: Minute| {
        if starts > app.session.now() {
            fill(
                &s.queued,
                &[
                    ("who", &by(b)),
                    ("at", &app.scenario().clock_at(starts).to_string()),
                ],
            )
        } else {
            by(b)
        }
    };
    match v {
        Verdict::Ready {
            minutes,
            by: b,
            starts,
        } => (
            Health::Ok,
            fill(
                if *minutes == 0 {
                    &s.ready_now
                } else {
                    &s.ready
                },
                &[("minutes", minutes), ("who", &who(*b, *starts))],
            ),
        ),
        Verdict::PickTarget {
            minutes,
            by: b,
            starts,
        } => (
            Health::Ok,
            fill(
                if *minutes == 0 {
                    &s.pick_target_now
                } else {
                    &s.pick_target
                },
                &[("minutes", minutes), ("who", &who(*b, *starts))],
            ),
        ),
        Verdict::Refused(why) => (Health::Down, fill(&s.refused, &[("why", why)])),
    }
}

pub(super) fn input_line<'a>(t: &Theme, prompt: &str, text: &str, cols: usize) -> Line<'a> {
    let shown = if width(text) + 4 > cols {
        // Keep the end of a long line in view.
        let skip = text.chars().count().saturating_sub(cols.saturating_sub(6));
        format!("…{}", text.chars().skip(skip).collect::<String>())
    } else {
        text.to_string()
    };
    Line::from(vec![
        Span::styled(prompt.to_string(), t.accent()),
        Span::styled(shown, t.strong()),
        Span::styled("█", t.accent()),
    ])
}

/// Columns kept for what an action would do beside its name in the palette, when names are long.
const VERDICT_ROOM: usize = 26;
/// The widest the palette grows on a wide screen.
const PALETTE_MAX: usize = 150;

fn palette_popup(f: &mut Frame, area: Rect, app: &App, p: &Palette) {
    let t = &app.theme;
    let s = app.scenario();
    let text = &strings().palette;
    let found = palette::matches(s, &p.query);
    // What each action found would do now, worked out once: it sizes the columns.
    let verdicts: Vec<(Verdict, Health, String)> = found
        .iter()
        .map(|&a| {
            let v = palette::verdict(&app.session, a);
            let (h, text) = verdict_text(app, &v);
            (v, h, text)
        })
        .collect();
    // The longest name and id of those found: the columns are no wider than they need.
    let longest = found
        .iter()
        .map(|&a| width(&s.actions[a].name))
        .max()
        .unwrap_or(16);
    let id_full = found
        .iter()
        .map(|&a| width(&s.actions[a].id))
        .max()
        .unwrap_or(10)
        .min(30)
        + 1;
    let said = verdicts.iter().map(|v| width(&v.2)).max().unwrap_or(0);
    // As wide as a row needs (mark, name, id, what it would do, and the frame), never narrower
    // than it always was, nor wider than `PALETTE_MAX` (a long refusal is read in full under the
    // list); the screen's width caps it too.
    let need = (3 + longest + id_full + said + 2).clamp(104, PALETTE_MAX);
    let inner = popup(
        f,
        area,
        u16::try_from(need).unwrap_or(u16::MAX),
        30,
        text.title.as_str(),
        t,
    );
    let cols = inner.width as usize;
    let detail_h = if inner.height >= 16 { 5 } else { 3 };
    let [input, list, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(detail_h),
    ])
    .areas(inner);
    f.render_widget(
        Paragraph::new(input_line(t, &text.prompt, &p.query, cols)),
        input,
    );

    let rows = list.height as usize;
    let first = p.selected.saturating_sub(rows.saturating_sub(1));
    // Ids only where there is room for them too. Names as wide as the longest, leaving what the
    // actions would do room for a line like "23 min, by Alex (on-call)": a longer one (a
    // refusal's reason) is cut here and read in full under the list.
    let id_w = if cols >= 96 { id_full } else { 0 };
    let rest = cols.saturating_sub(3 + id_w);
    let name_w = longest
        .min(rest.saturating_sub(said.min(VERDICT_ROOM)))
        .max(12);
    let mut lines = Vec::new();
    for (k, (&a, (v, h, text))) in found
        .iter()
        .zip(&verdicts)
        .enumerate()
        .skip(first)
        .take(rows)
    {
        let (h, text) = (*h, text);
        let def = &s.actions[a];
        let row = format!(
            "{} {} {}{}",
            h.symbol(),
            pad(&def.name, name_w),
            pad(&def.id, id_w),
            text
        );
        let style = if k == p.selected {
            t.selected().patch(t.health(h))
        } else if v.possible() {
            Style::new()
        } else {
            t.dim()
        };
        lines.push(Line::styled(pad(&row, cols), style));
    }
    if found.is_empty() {
        lines.push(Line::styled(text.no_match.as_str(), t.dim()));
    }
    f.render_widget(Paragraph::new(lines), list);

    let mut d = Vec::new();
    if let Some(&a) = found.get(p.selected) {
        let def = &s.actions[a];
        let (_, h, text) = verdicts[p.selected].clone();
        let beside = cols.saturating_sub(width(&def.name) + 4);
        if width(&text) <= beside {
            d.push(Line::from(vec![
                Span::styled(truncate(&def.name, cols), t.strong()),
                Span::styled(format!("  {} ", h.symbol()), t.health(h)),
                Span::styled(text, t.health(h)),
            ]));
        } else {
            // A verdict too long to sit beside the name (a refusal's reason) is read in full
            // under it: the list above can only show its start.
            d.push(Line::from(vec![
                Span::styled(truncate(&def.name, cols), t.strong()),
                Span::styled(format!("  {}", h.symbol()), t.health(h)),
            ]));
            for l in wrap(&text, cols).into_iter().take(detail_h as usize - 1) {
                d.push(Line::styled(l, t.health(h)));
            }
        }
        let room = (detail_h as usize).saturating_sub(d.len());
        for l in wrap(&def.description, cols).into_iter().take(room) {
            d.push(Line::raw(l));
        }
    }
    f.render_widget(Paragraph::new(d).style(Style::new()), detail);
}

fn target_popup(f: &mut Frame, area: Rect, app: &App, d: &Draft, selected: usize) {
    let t = &app.theme;
    let s = app.scenario();
    let Some(def) = s.actions.get(d.action) else {
        return;
    };
    let names = s.target_names(def.target);
    let text = &strings().target;
    let what = match def.target {
        TargetKind::Zone => &text.zone,
        TargetKind::Theory => &text.theory,
        _ => &text.service,
    };
    let title = fill(&text.title, &[("action", &def.name), ("what", what)]);
    let title_cols = 90.min(area.width.saturating_sub(2)).saturating_sub(4) as usize;
    let height = names.len() as u16 + 5;
    let inner = popup(
        f,
        area,
        90,
        height,
        Line::raw(truncate(&title, title_cols)),
        t,
    );
    let cols = inner.width as usize;
    // Keep the hint line and a blank under the list; scroll so the selection stays in view.
    let rows = (inner.height as usize).saturating_sub(2).max(1);
    let first = selected.saturating_sub(rows - 1);
    let mut lines = Vec::new();
    // The label column fits the longest label (a theory's name), leaving room for the verdict.
    let label_w = (0..names.len())
        .map(|i| width(&palette::target_label(s, def.target, i)))
        .max()
        .unwrap_or(0)
        .clamp(12, cols.saturating_sub(24).max(12));
    for i in (first..names.len()).take(rows) {
        let label = palette::target_label(s, def.target, i);
        let act = ActionRef {
            action: d.action,
            target: Some(i),
        };
        let (h, text) = match app.session.check(act) {
            Act::Started { .. } if def.takes_nobody() => (Health::Ok, text.at_once.clone()),
            Act::Started { minutes, .. } => {
                (Health::Ok, fill(&text.minutes, &[("minutes", &minutes)]))
            }
            Act::Refused(why) => (
                Health::Down,
                fill(&strings().palette.refused, &[("why", &why)]),
            ),
        };
        let row = format!("{} {} {} {}", i + 1, h.symbol(), pad(&label, label_w), text);
        let style = if i == selected {
            t.selected().patch(t.health(h))
        } else {
            t.health(h)
        };
        lines.push(Line::styled(pad(&row, cols), style));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(truncate(&text.hint, cols), t.dim()));
    f.render_widget(Paragraph::new(lines), inner);
}

fn note_popup(f: &mut Frame, area: Rect, app: &App, d: &Draft) {
    let t = &app.theme;
    let s = app.scenario();
    let Some(def) = s.actions.get(d.action) else {
        return;
    };
    let target = s
        .target_name(d.action, d.target)
        .map(|x| format!(" ({x})"))
        .unwrap_or_default();
    let text = &strings().note;
    let table = &strings().tabletop;
    // A team at the table gives each decision its rationale.
    let (title, hint) = if app.writing_rationale() {
        (&table.rationale_title, &table.rationale_hint)
    } else {
        (&text.title, &text.hint)
    };
    let inner = popup(f, area, 90, 6, title.as_str(), t);
    let cols = inner.width as usize;
    let lines = vec![
        Line::styled(truncate(&format!("{}{target}", def.name), cols), t.strong()),
        input_line(t, &text.prompt, &d.note, cols),
        Line::styled(truncate(hint, cols), t.dim()),
    ];
    f.render_widget(Paragraph::new(lines), inner);
}

/// The help: every key of the main screen with its sentence (keys next to each other that say the
/// same thing share a line), then the keys of each other mode on a line, then how the game works.
fn help_popup(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let s = strings();
    // The inside of the pop-up: its frame and a cell of margin are taken from the area.
    let cols = area.width.saturating_sub(4).min(82) as usize;
    let main = rows(table(Context::Playing).iter().chain(GLOBAL), |a, b| {
        s.said(a).help == s.said(b).help
    });
    let labels: Vec<String> = main.iter().map(|r| r.labels.join(" ")).collect();
    let modes = [
        (Context::Palette, &s.help.palette),
        (Context::Target, &s.help.target),
        (Context::Note, &s.help.note),
        (Context::Moment, &s.help.moment),
        (Context::Hint, &s.help.hint),
        (Context::Debrief, &s.help.debrief),
    ];
    let key_w = labels
        .iter()
        .map(|l| width(l))
        .chain(modes.iter().map(|(_, name)| width(name)))
        .max()
        .unwrap_or(0)
        + 2;
    let text_w = cols.saturating_sub(key_w);
    let mut lines = Vec::new();
    // A long description goes on under itself rather than lose its end.
    for (r, label) in main.iter().zip(&labels) {
        for (i, l) in wrap(&s.said(r.intent).help, text_w).into_iter().enumerate() {
            let head = if i == 0 { label.as_str() } else { "" };
            lines.push(Line::from(vec![
                Span::styled(pad(head, key_w), t.strong()),
                Span::raw(l),
            ]));
        }
    }
    let words = |c: Context| -> String {
        rows(table(c).iter(), |a, b| s.said(a).word == s.said(b).word)
            .iter()
            .map(|r| format!("{} {}", r.labels.join("/"), s.said(r.intent).word))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    // The keys of the other modes, while there is room for them (each shows its own key bar).
    let room = area.height.saturating_sub(4) as usize;
    let mut others = vec![Line::raw("")];
    for (c, name) in modes {
        for (i, l) in wrap(&words(c), text_w).into_iter().enumerate() {
            let head = if i == 0 { name.as_str() } else { "" };
            others.push(Line::from(vec![
                Span::styled(pad(head, key_w), t.accent()),
                Span::raw(l),
            ]));
        }
    }
    if lines.len() + others.len() + 2 <= room {
        lines.extend(others);
    }
    // How the game works, when there is room for it under the keys.
    let explain = wrap(&s.help.explain, cols);
    if lines.len() + explain.len() + 3 <= room {
        lines.push(Line::raw(""));
        lines.extend(explain.into_iter().map(|l| Line::styled(l, t.dim())));
    }
    // The help's own keys: the legend, the glossary, closing.
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        truncate(&words(Context::Help), cols),
        t.accent(),
    ));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let inner = popup(f, area, 84, height, s.help.title.as_str(), t);
    f.render_widget(Paragraph::new(lines), inner);
}

/// Leaving a night: the keys of the question, from its key table.
fn confirm_popup(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let s = strings();
    let cols = area.width.saturating_sub(4).min(62) as usize;
    let bindings = table(Context::ConfirmQuit);
    let key_w = bindings.iter().map(|b| width(b.label())).max().unwrap_or(0) + 2;
    let text_w = cols.saturating_sub(key_w + 1).max(1);
    let mut lines = Vec::new();
    for b in bindings {
        for (i, l) in wrap(&s.said(b.intent).help, text_w).into_iter().enumerate() {
            let key = if i == 0 {
                Span::styled(pad(&format!(" {}", b.label()), key_w), t.key())
            } else {
                Span::raw(" ".repeat(key_w))
            };
            lines.push(Line::from(vec![key, Span::raw(format!(" {l}"))]));
        }
    }
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let inner = popup(f, area, 64, height, s.confirm.title.as_str(), t);
    f.render_widget(Paragraph::new(lines), inner);
}
