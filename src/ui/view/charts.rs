//! Charts of the last hours, because people read them faster than numbers: sales ok against failed,
//! the customer error rate, an estimated latency, and capacity per zone.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph, Sparkline};

use super::super::app::App;
use super::super::text::truncate;
use super::super::theme::Theme;
use super::panel;
use crate::session::Metrics;

/// Minutes of history the charts show.
pub const WINDOW: usize = 180;

/// The customer-facing service the charts follow (the first one).
fn front(app: &App) -> usize {
    app.scenario()
        .services
        .iter()
        .position(|s| s.customer_facing)
        .unwrap_or(0)
}

fn ok(m: &Metrics) -> f64 {
    m.transactions_ok()
}

fn error_pct(m: &Metrics) -> f64 {
    m.customer_error_rate() * 100.0
}

fn latency(m: &Metrics, svc: usize) -> f64 {
    m.services.get(svc).map_or(0.0, |s| s.p95_estimate_ms())
}

fn recent(app: &App) -> &[Metrics] {
    let h = app.session.world().history();
    &h[h.len().saturating_sub(WINDOW)..]
}

fn series(h: &[Metrics], f: impl Fn(&Metrics) -> f64) -> Vec<(f64, f64)> {
    h.iter().map(|m| (m.minute as f64, f(m))).collect()
}

/// At most about `n` points, one per run of neighbours: the highest, so peaks survive. A chart
/// cannot show more points than it has dots across, and each one costs drawing time.
fn thin(pts: &[(f64, f64)], n: usize) -> Vec<(f64, f64)> {
    if n == 0 || pts.len() <= n {
        return pts.to_vec();
    }
    let per = pts.len().div_ceil(n);
    pts.chunks(per)
        .map(|c| {
            c.iter()
                .copied()
                .fold(c[0], |a, b| if b.1 > a.1 { b } else { a })
        })
        .collect()
}

fn marker(t: &Theme, i: usize) -> Marker {
    if t.color && t.name == super::super::theme::ThemeName::HighContrast {
        // For a projector: half blocks draw a line thick enough to read from the back of a room.
        Marker::HalfBlock
    } else if t.color {
        Marker::Braille
    } else {
        Marker::Custom(marker_char(i).chars().next().unwrap_or('•'))
    }
}

/// The plain-text mark of series `i` (without colour, series differ by mark).
fn marker_char(i: usize) -> String {
    const M: [char; 4] = ['•', 'x', '+', 'o'];
    M[i % M.len()].to_string()
}

struct Spec<'a> {
    title: &'a str,
    data: Vec<(String, Vec<(f64, f64)>)>,
    y_max: f64,
    y_unit: &'a str,
    /// The colour of the first series (the rest follow): failures draw in the failure colour.
    first_series: usize,
}

fn chart(f: &mut Frame, area: Rect, app: &App, spec: Spec) {
    let t = &app.theme;
    let s = app.scenario();
    let now = app.session.now() as f64;
    let x0 = (now - WINDOW as f64).max(0.0);
    let x1 = x0 + WINDOW as f64;
    // Braille has two dots per column; the y labels and borders take some columns.
    let dots = usize::from(area.width.saturating_sub(8)) * 2;
    let thinned: Vec<Vec<(f64, f64)>> = spec.data.iter().map(|(_, p)| thin(p, dots)).collect();
    let datasets: Vec<Dataset> = spec
        .data
        .iter()
        .zip(&thinned)
        .enumerate()
        .map(|(i, (_, pts))| {
            Dataset::default()
                .marker(marker(t, spec.first_series + i))
                .graph_type(GraphType::Line)
                .style(t.series(spec.first_series + i))
                .data(pts)
        })
        .collect();
    let labels =
        [x0, (x0 + x1) / 2.0, x1].map(|x| Span::styled(s.clock_at(x as u32).to_string(), t.dim()));
    let y_max = spec.y_max.max(1.0);
    let top = if spec.y_unit == "ms" && y_max >= 1000.0 {
        format!("{:.0}s", y_max / 1000.0)
    } else {
        format!("{:.0}{}", y_max, spec.y_unit)
    };
    let y_labels = [
        Span::styled(format!("0{}", spec.y_unit), t.dim()),
        Span::styled(top, t.dim()),
    ];
    // The legend sits in the title, where it never covers the newest data.
    // Names too long for the title lose their prefix: "use1-az1" reads "az1".
    let full: usize = spec.data.iter().map(|(n, _)| n.chars().count() + 3).sum();
    let room = usize::from(area.width).saturating_sub(spec.title.chars().count() + 4);
    let mut title = vec![Span::raw(spec.title.to_string())];
    if spec.data.len() > 1 {
        for (i, (name, _)) in spec.data.iter().enumerate() {
            let name = match name.split_once('-') {
                Some((_, short)) if full > room => short,
                _ => name.as_str(),
            };
            title.push(Span::raw(" "));
            let mark = if t.color {
                "━".to_string()
            } else {
                marker_char(i)
            };
            title.push(Span::styled(
                format!("{mark} {name}"),
                t.series(spec.first_series + i),
            ));
        }
    }
    let chart = Chart::new(datasets)
        .block(panel(Line::from(title), t))
        .x_axis(
            Axis::default()
                .bounds([x0, x1])
                .labels(labels)
                .style(t.dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, y_max])
                .labels(y_labels)
                .style(t.dim()),
        )
        .legend_position(None);
    f.render_widget(chart, area);
}

fn peak(data: &[(String, Vec<(f64, f64)>)]) -> f64 {
    data.iter()
        .flat_map(|(_, p)| p.iter().map(|(_, y)| *y))
        .fold(0.0, f64::max)
}

/// Four charts in a 2×2 grid.
pub fn grid(f: &mut Frame, area: Rect, app: &App) {
    let h = recent(app);
    let svc = front(app);
    let s = app.scenario();
    let [top, bottom] = Layout::vertical([Constraint::Fill(1); 2]).areas(area);
    let [a, b] = Layout::horizontal([Constraint::Fill(1); 2]).areas(top);
    let [c, d] = Layout::horizontal([Constraint::Fill(1); 2]).areas(bottom);

    let mut sales = vec![
        ("ok".to_string(), series(h, ok)),
        ("failed".to_string(), series(h, |m| m.failed)),
    ];
    // The fallback only where someone can tell customers to use it.
    if s.uses_control(crate::scenario::Control::OfflineMode) {
        sales.push((s.vocabulary.fallback.clone(), series(h, |m| m.offline)));
    }
    let work = s.work_title();
    let (work_title, failing_title) = (format!("{work}/min:"), format!("{work} failing %"));
    let y = (peak(&sales) * 1.15).max(10.0);
    chart(
        f,
        a,
        app,
        Spec {
            title: &work_title,
            data: sales,
            y_max: y,
            y_unit: "",
            first_series: 0,
        },
    );

    let errors = vec![("failing".to_string(), series(h, error_pct))];
    chart(
        f,
        b,
        app,
        Spec {
            title: &failing_title,
            data: errors,
            y_max: 100.0,
            y_unit: "%",
            first_series: 1,
        },
    );

    let lat = vec![("p95".to_string(), series(h, |m| latency(m, svc)))];
    let y = if peak(&lat) > 900.0 { 10_500.0 } else { 1000.0 };
    let title = format!(
        "{} p95, est. from load",
        s.services.get(svc).map_or("", |x| x.name.as_str())
    );
    chart(
        f,
        c,
        app,
        Spec {
            title: &title,
            data: lat,
            y_max: y,
            y_unit: "ms",
            first_series: 2,
        },
    );

    let zones: Vec<(String, Vec<(f64, f64)>)> = s
        .zones
        .iter()
        .enumerate()
        .map(|(z, name)| {
            let pts = series(h, |m| {
                m.services
                    .get(svc)
                    .and_then(|x| x.serving.get(z))
                    .copied()
                    .unwrap_or(0) as f64
            });
            (name.clone(), pts)
        })
        .collect();
    let normal = s.services.get(svc).map_or(1, |x| x.instances_per_zone) as f64;
    let y = (peak(&zones).max(normal) * 1.25).ceil();
    let title = format!(
        "{} serving:",
        s.services.get(svc).map_or("", |x| x.name.as_str())
    );
    chart(
        f,
        d,
        app,
        Spec {
            title: &title,
            data: zones,
            y_max: y,
            y_unit: "",
            first_series: 0,
        },
    );
}

/// A latest value as a sparkline's title says it, or "—" before the first minute is played (at
/// the tabletop's first screen nothing has been measured yet: not 0 sales and 0% failing).
fn reading(value: Option<f64>, unit: &str) -> String {
    value.map_or_else(|| "—".to_string(), |v| format!("{v:.0}{unit}"))
}

/// Small screens: three sparklines with their latest values.
pub fn sparklines(f: &mut Frame, area: Rect, app: &App) {
    if area.height < 2 {
        return;
    }
    let t = &app.theme;
    let svc = front(app);
    let h = recent(app);
    let last = h.last();
    let parts = Layout::horizontal([Constraint::Fill(1); 3])
        .spacing(1)
        .split(area);
    // Each with the top of its scale: the failing share against 100%, so 3% reads as a low
    // line, not a full one; the others against their own highest value in view.
    let specs: [(String, Vec<u64>, Style, Option<u64>); 3] = [
        (
            format!(
                "{} ok/min {}",
                app.scenario().vocabulary.work,
                reading(last.map(ok), "")
            ),
            h.iter().map(|m| ok(m).round() as u64).collect(),
            t.series(0),
            None,
        ),
        (
            format!("failing {}", reading(last.map(error_pct), "%")),
            h.iter().map(|m| error_pct(m).round() as u64).collect(),
            t.series(1),
            Some(100),
        ),
        (
            format!(
                "p95 {} (est.)",
                last.map_or_else(
                    || "—".to_string(),
                    |m| format!("≈{:.0} ms", latency(m, svc))
                )
            ),
            h.iter().map(|m| latency(m, svc).round() as u64).collect(),
            t.series(2),
            None,
        ),
    ];
    for (area, (title, data, style, top)) in parts.iter().zip(specs) {
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(*area);
        f.render_widget(
            Paragraph::new(Line::styled(truncate(&title, head.width as usize), t.dim())),
            head,
        );
        let cols = body.width as usize;
        let tail = &data[data.len().saturating_sub(cols)..];
        let mut line = Sparkline::default().data(tail).style(style);
        if let Some(top) = top {
            line = line.max(top);
        }
        f.render_widget(line, body);
    }
}
