//! The health map: the company's services × zones, each cell coloured and marked by state, and the
//! provider's services it depends on beside it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::app::App;
use super::super::text::{pad, truncate, width};
use super::super::theme::{Health, Theme};
use super::panel;
use crate::session::{STALE_MINUTES, World};

/// One cell of the map: the state and the serving/normal count, as the world reads it.
fn cell(w: &World, i: usize, z: usize) -> (Health, String) {
    let c = w.cell(i, z);
    if c.unused {
        (Health::Idle, "—".into())
    } else if c.shifted {
        (Health::Idle, "off".into())
    } else {
        (c.health, format!("{}/{}", c.serving, c.normal))
    }
}

const ERR_W: usize = 6;

/// Digits of a count.
fn digits(n: u32) -> usize {
    n.max(1).ilog10() as usize + 1
}

/// Columns a cell needs, its gap included: the state mark, a space and "serving/normal" at the
/// largest counts this scenario can show (a scale-out raises the serving count past the normal).
/// The scenario does not change during a night: worked out once.
fn cell_min(app: &App) -> usize {
    *app.health_cell.get_or_init(|| cell_min_of(app.scenario()))
}

fn cell_min_of(s: &crate::scenario::Scenario) -> usize {
    let factor = s
        .actions
        .iter()
        .flat_map(|a| &a.effects)
        .filter_map(|e| match e {
            crate::scenario::Effect::ScaleOut(_, f) => Some(*f),
            _ => None,
        })
        .fold(1.0_f64, f64::max);
    let widest = s
        .services
        .iter()
        .map(|x| {
            let n = x.instances_per_zone.max(1);
            digits((f64::from(n) * factor).ceil().min(f64::from(u32::MAX)) as u32) + 1 + digits(n)
        })
        .max()
        .unwrap_or(3);
    (2 + widest + 1).max(6)
}

/// Columns the longest service or provider name takes (at most 24).
fn names_width(app: &App, with_provider: bool) -> usize {
    let s = app.scenario();
    let provider = s.provider.iter().filter(|_| with_provider);
    s.services
        .iter()
        .map(|x| width(&x.name))
        .chain(provider.map(|p| width(&p.name) + 1))
        .max()
        .unwrap_or(8)
        .clamp(4, 24)
}

/// Columns the map would like: names, a cell per zone, errors, borders.
pub fn wanted_width(app: &App, with_provider: bool) -> u16 {
    (names_width(app, with_provider)
        + 1
        + app.scenario().zones.len() * (cell_min(app) + 1)
        + ERR_W
        + 2) as u16
}

/// Zone names short enough for `cols`: "use1-az1" becomes "az1" when it must.
fn zone_label(name: &str, cols: usize) -> String {
    if name.chars().count() > cols
        && let Some((_, rest)) = name.split_once('-')
    {
        return truncate(rest, cols);
    }
    truncate(name, cols)
}

fn styled_cell<'a>(t: &Theme, h: Health, text: &str, cols: usize) -> Span<'a> {
    Span::styled(pad(&format!("{} {text}", h.symbol()), cols), t.health(h))
}

pub fn draw(f: &mut Frame, area: Rect, app: &App, with_provider: bool) {
    let t = &app.theme;
    let w = app.session.world();
    let s = w.scenario();
    let inner = area.width.saturating_sub(2) as usize;
    let nz = s.zones.len().max(1);
    let err_w = ERR_W;
    let cell_min = cell_min(app);
    let name_w = names_width(app, with_provider)
        .min(inner.saturating_sub(err_w + nz * cell_min + 1))
        .max(4);
    let cell_w = (inner.saturating_sub(err_w + name_w + 1) / nz).clamp(cell_min, 12.max(cell_min));
    let mut lines = Vec::new();
    let header = |first: &str, last: &str| {
        // The label keeps its gap before the first zone, cut if it must be.
        let mut spans = vec![Span::styled(
            pad(&truncate(first, name_w), name_w + 1),
            t.dim(),
        )];
        for (z, name) in s.zones.iter().enumerate() {
            let mut label = zone_label(name, cell_w - 1);
            if w.levers().shifted() == Some(z) {
                label = zone_label(&format!("{name}⇠"), cell_w - 1);
            }
            spans.push(Span::styled(pad(&label, cell_w), t.dim()));
        }
        spans.push(Span::styled(format!("{last:>err_w$}"), t.dim()));
        Line::from(spans)
    };
    lines.push(header("service", "errors"));
    for (i, svc) in s.services.iter().enumerate() {
        let mut spans = vec![Span::raw(pad(&truncate(&svc.name, name_w), name_w + 1))];
        for z in 0..s.zones.len() {
            let (h, text) = cell(w, i, z);
            spans.push(styled_cell(t, h, &text, cell_w));
        }
        // Before the first minute is played nothing has been measured: "—", not a healthy 0.0%.
        let err = w
            .latest()
            .and_then(|m| m.services.get(i))
            .map(|m| m.error_rate());
        // A queue whose jobs are paused fails nothing because it runs nothing: said, so "0.0%"
        // is not read as healthy work.
        let paused = svc.queue.is_some()
            && !w
                .levers()
                .control_for(crate::scenario::Control::BackgroundJobs, i);
        let (h, text) = match err {
            _ if paused => (Health::Idle, "paused".to_string()),
            None => (Health::Idle, "—".to_string()),
            Some(err) => (Health::of_errors(err), percent(err)),
        };
        spans.push(Span::styled(format!("{text:>err_w$}"), t.health(h)));
        lines.push(Line::from(spans));
    }
    if with_provider {
        lines.push(Line::raw(""));
        lines.push(header("our calls to", "worst"));
        for (p, prov) in s.provider.iter().enumerate() {
            let name = if prov.third_party {
                format!("{}*", prov.name)
            } else {
                prov.name.clone()
            };
            let mut spans = vec![Span::raw(pad(&truncate(&name, name_w), name_w + 1))];
            let now = w.minute();
            for z in 0..s.zones.len() {
                let seen = w.watch().sighting(p, z, now);
                let text = seen.map_or_else(|| "—".into(), |x| ok_share(x.failing));
                spans.push(styled_cell(t, Health::of_sighting(seen), &text, cell_w));
            }
            let worst = Health::of_sighting(w.watch().worst(p, now));
            spans.push(Span::styled(
                format!("{:>err_w$}", worst.symbol()),
                t.health(worst),
            ));
            lines.push(Line::from(spans));
        }
        let mut legend =
            format!("share of our calls answered; ? none in the last {STALE_MINUTES} min");
        if s.provider.iter().any(|p| p.third_party) {
            legend.push_str(" · * a third-party vendor");
        }
        lines.push(Line::styled(legend, t.dim()));
    }
    // The longest title that fits the frame.
    let long = "Health: our services × zones · our calls to the provider";
    let title = if !with_provider {
        "Health"
    } else if width(long) + 2 <= area.width as usize {
        long
    } else {
        "Health: services · our calls to the provider"
    };
    f.render_widget(Paragraph::new(lines).block(panel(title, t)), area);
}

/// One line for small screens: the provider services that are not fully healthy.
pub fn provider_line(f: &mut Frame, area: Rect, app: &App) {
    let t = &app.theme;
    let w = app.session.world();
    let mut spans = vec![Span::styled("our calls ", t.dim())];
    let cols = area.width as usize;
    let mut used = width("our calls ");
    let now = w.minute();
    let sick: Vec<(Health, String)> = w
        .scenario()
        .provider
        .iter()
        .enumerate()
        .filter_map(|(p, prov)| {
            let worst = w.watch().worst(p, now)?;
            let h = Health::of_sighting(Some(worst));
            (h != Health::Ok).then(|| {
                let text = format!("{} {} {}", h.symbol(), prov.name, ok_share(worst.failing));
                (h, text)
            })
        })
        .collect();
    for (k, (h, text)) in sick.iter().enumerate() {
        let sep = if k > 0 { " · " } else { "" };
        let left = sick.len() - k - 1;
        // Keep room to say how many more there are when this is not the last.
        let tail = if left > 0 {
            width(&format!(" · +{left} more"))
        } else {
            0
        };
        if used + width(sep) + width(text) + tail > cols {
            spans.push(Span::styled(
                format!(" · +{} more", sick.len() - k),
                t.dim(),
            ));
            break;
        }
        used += width(sep) + width(text);
        spans.push(Span::styled(sep, t.dim()));
        spans.push(Span::styled(text.clone(), t.health(*h)));
    }
    let seen: Vec<_> = (0..w.scenario().provider.len())
        .filter_map(|p| w.watch().worst(p, now))
        .collect();
    if w.latest().is_none() {
        // Before the first minute no call has been made: nothing to say answered.
        spans.push(Span::styled("— none made yet", t.dim()));
    } else if seen.is_empty() {
        spans.push(Span::styled(
            format!("? none seen in the last {STALE_MINUTES} min"),
            t.dim(),
        ));
    } else if sick.is_empty() {
        // Every call answered, or a few failing, too few to notice: said as it is.
        let some_failed = seen.iter().any(|x| x.failing > 0.0);
        let text = if some_failed {
            "✓ nearly every provider call we made lately answered"
        } else {
            "✓ every provider call we made lately answered"
        };
        spans.push(Span::styled(text, t.health(Health::Ok)));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The share of our calls answered, as a percentage: "98%".
fn ok_share(failing: f64) -> String {
    format!("{:.0}%", ((1.0 - failing) * 100.0).clamp(0.0, 100.0))
}

/// "2.5%" below ten, "45%" above.
fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p < 9.95 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use ratatui::{Terminal, backend::TestBackend};

    use super::*;
    use crate::scenario;
    use crate::ui::theme::Theme;

    /// A queue whose jobs are paused reads "paused" in the errors column, not a healthy 0.0%.
    #[test]
    fn a_paused_queue_says_paused_not_healthy() {
        let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
        let jobs = s.services.iter().position(|x| x.queue.is_some()).unwrap();
        let row = |pause: bool| {
            let mut app = App::new(s.clone(), 3, 60.0, Theme::PLAIN);
            app.session.run_until(20);
            if pause {
                app.session
                    .act_id("pause_background_jobs", None, None)
                    .unwrap();
                app.session.run_until(40);
            }
            let mut term = Terminal::new(TestBackend::new(100, 12)).unwrap();
            term.draw(|f| draw(f, f.area(), &app, false)).unwrap();
            let buf = term.backend().buffer().clone();
            let rows: Vec<String> = (0..12)
                .map(|y| (0..100).map(|x| buf[(x, y)].symbol()).collect())
                .collect();
            rows.into_iter()
                .find(|r| r.contains(&s.services[jobs].name))
                .unwrap()
        };
        assert!(row(true).contains(" paused "), "{}", row(true));
        assert!(!row(false).contains("paused"), "{}", row(false));
    }

    /// The small screens' line says "every call answered" only when every call was: with a few
    /// failing, too few to flag, it says nearly every one.
    #[test]
    fn the_calls_line_claims_every_call_answered_only_when_every_one_was() {
        let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
        let line = |minute| {
            let mut app = App::new(s.clone(), 65948, 60.0, Theme::PLAIN);
            app.session.run_until(minute);
            let mut term = Terminal::new(TestBackend::new(100, 1)).unwrap();
            term.draw(|f| provider_line(f, f.area(), &app)).unwrap();
            let buf = term.backend().buffer().clone();
            let text: String = buf.content().iter().map(|c| c.symbol()).collect();
            let w = app.session.world();
            let failing = (0..s.provider.len())
                .filter_map(|p| w.watch().worst(p, w.minute()))
                .map(|x| x.failing)
                .fold(0.0, f64::max);
            (text, failing)
        };
        let mut seen = (false, false);
        for minute in 0..8 {
            let (text, failing) = line(minute);
            if text.contains("✓ every provider call") {
                assert_eq!(failing, 0.0, "{minute}: {text}");
                seen.0 = true;
            }
            if text.contains("✓ nearly every provider call") {
                assert!(failing > 0.0, "{minute}: {text}");
                seen.1 = true;
            }
        }
        assert!(
            seen.0 && seen.1,
            "both lines shown in the first minutes: {seen:?}"
        );
    }
}
