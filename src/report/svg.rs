//! The after-action report's chart as inline SVG: blast radius over the night, the team's line,
//! the expert's and the last line left behind, on labelled axes (clock times, points). Lines
//! differ by dash as well as colour, so the chart reads in black and white print too. Drawing only:
//! the figures are the report's (`after_action::Chart`).

use std::fmt::Write as _;

use super::after_action::{AfterAction, Entry, clock};
use super::html::esc;
use crate::scenario::Minute;
use crate::session::thousands;

const W: f64 = 960.0;
const H: f64 = 380.0;
const LEFT: f64 = 84.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 18.0;
const BOTTOM: f64 = 58.0;

/// How each series is drawn: (colour, dash pattern, width).
fn pen(name: &str) -> (&'static str, &'static str, f64) {
    match name {
        "yours" => ("#1d4ed8", "none", 3.0),
        "expert" => ("#15803d", "9 5", 2.5),
        _ => ("#b45309", "2 4", 2.5),
    }
}

/// A round step for about `parts` ticks up to `top`: 1, 2 or 5 times a power of ten.
fn step(top: f64, parts: f64) -> f64 {
    let raw = (top / parts).max(1.0);
    let power = 10f64.powf(raw.log10().floor());
    let f = raw / power;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// The chart as an `<svg>` element.
pub(super) fn chart(r: &AfterAction) -> String {
    let c = &r.chart;
    let minutes = f64::from(c.minutes.max(1));
    let most = c.highest() as f64;
    let dy = step(most, 5.0);
    let top = (most / dy).ceil() * dy;
    let (pw, ph) = (W - LEFT - RIGHT, H - TOP - BOTTOM);
    let x = |m: f64| LEFT + m / minutes * pw;
    let y = |v: f64| TOP + ph - v.max(0.0) / top * ph;
    let mut out = String::new();
    let names: Vec<String> = c
        .series
        .iter()
        .map(|s| format!("{} {}", s.label, thousands(s.blast_radius)))
        .collect();
    let _ = writeln!(
        out,
        r#"<svg class="chart" viewBox="0 0 {W} {H}" width="100%" role="img" aria-labelledby="chart-title" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">"#
    );
    let _ = writeln!(
        out,
        r#"<title id="chart-title">Blast radius over the night: {}</title>"#,
        esc(&names.join("; "))
    );
    // Grid and the y axis: points.
    let mut v = 0.0;
    while v <= top + 0.5 {
        let yy = y(v);
        let _ = writeln!(
            out,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#d4d4d8" stroke-width="1"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#3f3f46">{}</text>"##,
            W - RIGHT,
            LEFT - 8.0,
            yy + 4.0,
            thousands(v as i64)
        );
        v += dy;
    }
    // The x axis: clock times on round hours.
    let hours = minutes / 60.0;
    let every = [1u32, 2, 3, 4, 6, 12]
        .into_iter()
        .find(|h| hours / f64::from(*h) <= 9.0)
        .unwrap_or(24);
    let start = crate::scenario::TimeOfDay::parse(&r.start).map_or(0, |t| t.0);
    let mut ticks: Vec<Minute> = (0..=c.minutes)
        .filter(|m| (start + m).is_multiple_of(60) && ((start + m) / 60).is_multiple_of(every))
        .collect();
    if ticks.is_empty() {
        ticks = vec![0, c.minutes];
    }
    let base = TOP + ph;
    for m in ticks {
        let xx = x(f64::from(m));
        let _ = writeln!(
            out,
            r##"<line x1="{xx:.1}" y1="{TOP}" x2="{xx:.1}" y2="{base:.1}" stroke="#ececef" stroke-width="1"/><line x1="{xx:.1}" y1="{base:.1}" x2="{xx:.1}" y2="{:.1}" stroke="#52525b"/><text x="{xx:.1}" y="{:.1}" text-anchor="middle" fill="#3f3f46">{}</text>"##,
            base + 5.0,
            base + 20.0,
            clock(r, m)
        );
    }
    let _ = writeln!(
        out,
        r##"<line x1="{LEFT}" y1="{base:.1}" x2="{:.1}" y2="{base:.1}" stroke="#52525b" stroke-width="1.5"/><line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{base:.1}" stroke="#52525b" stroke-width="1.5"/>"##,
        W - RIGHT
    );
    let _ = writeln!(
        out,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#3f3f46">time of night ({})</text><text transform="translate(18 {:.1}) rotate(-90)" text-anchor="middle" fill="#3f3f46">blast radius (points)</text>"##,
        LEFT + pw / 2.0,
        H - 10.0,
        esc(&r.timezone),
        TOP + ph / 2.0
    );
    // Where the clock was left, and where the lines part.
    let marker = |out: &mut String, m: Minute, colour: &str, text: String, row: f64| {
        let xx = x(f64::from(m));
        let right = xx > LEFT + pw * 0.6;
        let _ = writeln!(
            out,
            r#"<line x1="{xx:.1}" y1="{TOP}" x2="{xx:.1}" y2="{base:.1}" stroke="{colour}" stroke-width="1.5" stroke-dasharray="5 4"/><text x="{:.1}" y="{:.1}" text-anchor="{}" fill="{colour}">{}</text>"#,
            if right { xx - 6.0 } else { xx + 6.0 },
            base - 10.0 - row * 18.0,
            if right { "end" } else { "start" },
            esc(&text)
        );
    };
    if let Some(m) = c.parted_minute {
        marker(
            &mut out,
            m,
            "#b45309",
            format!("the lines part, {}", clock(r, m)),
            1.0,
        );
    }
    if let Some(m) = c.left_at_minute {
        marker(
            &mut out,
            m,
            "#52525b",
            format!("left at {}: no more decisions after", clock(r, m)),
            0.0,
        );
    }
    // The lines: the expert's and the other line under the team's.
    for s in c.series.iter().rev() {
        let (colour, dash, width) = pen(s.name);
        let mut points = String::new();
        for (m, v) in &s.points {
            let _ = write!(points, "{:.1},{:.1} ", x(f64::from(*m)), y(*v as f64));
        }
        let _ = writeln!(
            out,
            r#"<polyline fill="none" stroke="{colour}" stroke-width="{width}" stroke-dasharray="{dash}" stroke-linejoin="round" stroke-linecap="round" points="{}"/>"#,
            points.trim_end()
        );
    }
    // The team's decisions on its line: filled when carried out, hollow when refused.
    if let Some(yours) = c.series.iter().find(|s| s.name == "yours") {
        for e in &r.timeline {
            if let Entry::Decision(d) = e {
                let (xx, yy) = (x(f64::from(d.minute)), y(yours.at(d.minute) as f64));
                let fill = if d.line.accepted {
                    "#1d4ed8"
                } else {
                    "#ffffff"
                };
                let _ = writeln!(
                    out,
                    r##"<circle cx="{xx:.1}" cy="{yy:.1}" r="4.5" fill="{fill}" stroke="#1d4ed8" stroke-width="1.5"><title>{} {} — {}</title></circle>"##,
                    d.line.at,
                    esc(&d.label),
                    esc(&d.outcome_words())
                );
            }
        }
    }
    // The legend, top left, on white.
    let rows = c.series.len() as f64 + 1.0;
    let _ = writeln!(
        out,
        r##"<rect x="{:.1}" y="{:.1}" width="330" height="{:.1}" fill="#ffffff" fill-opacity="0.92" stroke="#d4d4d8"/>"##,
        LEFT + 10.0,
        TOP + 8.0,
        rows * 20.0 + 4.0
    );
    for (i, s) in c.series.iter().enumerate() {
        let (colour, dash, width) = pen(s.name);
        let yy = TOP + 26.0 + i as f64 * 20.0;
        let _ = writeln!(
            out,
            r##"<line x1="{:.1}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="{colour}" stroke-width="{width}" stroke-dasharray="{dash}" stroke-linecap="round"/><text x="{:.1}" y="{:.1}" fill="#18181b">{} — {}</text>"##,
            LEFT + 20.0,
            LEFT + 52.0,
            LEFT + 60.0,
            yy + 4.5,
            esc(&s.label),
            thousands(s.blast_radius)
        );
    }
    let yy = TOP + 26.0 + c.series.len() as f64 * 20.0;
    let _ = writeln!(
        out,
        r##"<circle cx="{:.1}" cy="{yy:.1}" r="4.5" fill="#1d4ed8"/><circle cx="{:.1}" cy="{yy:.1}" r="4.5" fill="#ffffff" stroke="#1d4ed8" stroke-width="1.5"/><text x="{:.1}" y="{:.1}" fill="#18181b">a decision: carried out, refused</text>"##,
        LEFT + 28.0,
        LEFT + 44.0,
        LEFT + 60.0,
        yy + 4.5
    );
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::step;

    #[test]
    fn steps_are_round() {
        assert_eq!(step(12_345.0, 5.0), 5_000.0);
        assert_eq!(step(900.0, 5.0), 200.0);
        assert_eq!(step(1.0, 5.0), 1.0);
        assert_eq!(step(100_000.0, 5.0), 20_000.0);
    }
}
