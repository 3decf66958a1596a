//! The after-action report as one self-contained HTML page: inline CSS, the chart as inline SVG,
//! no scripts, fonts, images or links to fetch, light and legible on screen and in print.
//! Formatting only: the figures and words are the report's (`after_action`).

use std::fmt::Write as _;

use super::after_action::{AfterAction, Entry, Step, clock, hours, worth_explained};
use super::{ghost, svg, typical};
use crate::session::{LessonMark, thousands};

/// Text made safe inside HTML elements and attribute values.
pub(crate) fn esc(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1f2328;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 1.8em; margin: 0; }
h2 { font-size: 1.25em; margin: 34px 0 10px; padding-bottom: 4px; border-bottom: 2px solid #d0d7de; }
p { margin: 8px 0; }
.sub { font-size: 1.15em; color: #424a53; margin: 2px 0 16px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 0 0 14px; }
dl.facts dt { color: #57606a; }
dl.facts dd { margin: 0; }
.score { font-size: 1.12em; }
.score strong { font-size: 1.25em; }
.quiet { color: #57606a; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em;
  background: #f3f4f6; padding: 1px 4px; border-radius: 3px; }
table { border-collapse: collapse; width: 100%; font-size: .92em; margin: 8px 0; }
th, td { border: 1px solid #d0d7de; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
td.time, td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.num, th.num { text-align: right; }
tr.inject td, tr.hint td { font-style: italic; color: #424a53; }
.tag { font-style: normal; font-size: .8em; font-weight: 600; text-transform: uppercase; letter-spacing: .04em;
  border: 1px solid currentColor; border-radius: 3px; padding: 0 4px; margin-right: 4px; }
.saved { color: #116329; font-weight: 600; }
.cost { color: #a40e26; font-weight: 600; }
.noise { color: #57606a; }
.refused { color: #a40e26; }
.fumbled { color: #8a5a00; }
figure { margin: 8px 0; }
figcaption { color: #57606a; font-size: .92em; }
svg.chart { display: block; max-width: 100%; height: auto; border: 1px solid #e5e7eb; }
ul.lessons { padding-left: 20px; }
ul.lessons li { margin: 6px 0; }
ul.lessons ul { color: #424a53; }
.mark { font-weight: 600; white-space: nowrap; }
.applied, .kept { color: #116329; } .broken { color: #a40e26; } .both { color: #8a5a00; }
.no-effect, .missed { color: #57606a; }
.late, .backfired { color: #9a6700; }
table.items td { height: 2.4em; }
table.items td:first-child { width: 2.5em; text-align: right; color: #57606a; }
footer { margin-top: 36px; color: #57606a; font-size: .88em; border-top: 1px solid #d0d7de; padding-top: 8px; }
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, figure, li { break-inside: avoid; }
  th, code { background: none; }
}
"#;

/// The page.
pub(super) fn page(r: &AfterAction) -> String {
    let d = &r.debrief;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>After-action report: {} (seed {})</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        esc(&r.title),
        r.seed
    );
    let _ = writeln!(
        out,
        "<header>\n<h1>After-action report</h1>\n<p class=\"sub\">{}</p>",
        esc(&r.title)
    );
    let _ = writeln!(out, "<dl class=\"facts\">");
    let fact = |out: &mut String, k: &str, v: String| {
        let _ = writeln!(out, "<dt>{k}</dt><dd>{v}</dd>");
    };
    fact(&mut out, "the night", esc(&r.when()));
    fact(
        &mut out,
        "scenario",
        format!("<code>{}</code>", esc(&r.scenario)),
    );
    fact(
        &mut out,
        "seed",
        format!(
            "{} <span class=\"quiet\">(play it again: <code>blastradius play {} --seed {}</code>)</span>",
            r.seed,
            esc(&r.again_arg()),
            r.seed
        ),
    );
    fact(&mut out, "mode", esc(r.mode));
    fact(&mut out, "program", esc(&r.program()));
    fact(&mut out, "how far", esc(&r.ending));
    let _ = writeln!(out, "</dl>");
    let _ = writeln!(
        out,
        "<p class=\"score\">Blast radius <strong>{}</strong> · grade <strong>{}</strong> <span class=\"quiet\">(at this seed, the expert's night: {}, doing nothing: {})</span></p>\n<p class=\"quiet\">{}</p>\n</header>",
        thousands(d.blast_radius),
        esc(&d.grade_label()),
        thousands(d.references.expert),
        thousands(d.references.nothing),
        esc(&typical(d))
    );

    let _ = writeln!(
        out,
        "<section>\n<h2>Attendance</h2>\n<p>{}</p>\n</section>",
        esc(&r.attendance_line())
    );

    let _ = writeln!(
        out,
        "<section>\n<h2>Blast radius over the night</h2>\n<figure>\n{}<figcaption>The harm done so far, minute by minute, in points (the blast radius the night ends on is the line's last value).</figcaption>\n</figure>",
        svg::chart(r)
    );
    chart_table(&mut out, r);
    let _ = writeln!(out, "</section>");

    if !r.other_lines.is_empty() {
        let _ = writeln!(out, "<section>\n<h2>Where the lines part</h2>");
        for o in &r.other_lines {
            let _ = writeln!(
                out,
                "<p>Your other line ({}): blast radius <strong>{}</strong> against <strong>{}</strong> on this one. {}</p>",
                esc(&o.how()),
                thousands(o.blast_radius),
                thousands(d.blast_radius),
                esc(&o.parting())
            );
        }
        let _ = writeln!(out, "</section>");
    }

    timeline(&mut out, r);

    let _ = writeln!(
        out,
        "<section>\n<h2>The expert's path</h2>\n<p class=\"quiet\">The scenario's expert on the same seed, each step with its reason and what it was worth.</p>\n<table>\n<thead><tr><th>time</th><th>decision</th><th class=\"num\">worth</th><th>the expert's reason</th></tr></thead>\n<tbody>"
    );
    for x in &r.expert {
        let _ = writeln!(
            out,
            "<tr><td class=\"time\">{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            x.line.at,
            esc(&x.label),
            worth_cell(x),
            esc(x.line.note.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</section>");

    ghost::html(&mut out, &d.ghost);
    lessons(&mut out, &d.lessons);

    let _ = writeln!(
        out,
        "<section>\n<h2>Improvement items</h2>\n<p class=\"quiet\">To fill in after the discussion: what we change, who owns it, by when.</p>\n<table class=\"items\">\n<thead><tr><th>#</th><th>improvement item</th><th style=\"width:18%\">owner</th><th style=\"width:14%\">due</th></tr></thead>\n<tbody>"
    );
    for i in 1..=r.improvement_items {
        let _ = writeln!(out, "<tr><td>{i}</td><td></td><td></td><td></td></tr>");
    }
    let _ = writeln!(
        out,
        "</tbody>\n</table>\n</section>\n<footer>Written by blastradius {} from the night log: the night played again from its seed and inputs, and weighed by the debrief. The same log gives the same report.</footer>\n</main>\n</body>\n</html>",
        esc(&r.reported_with)
    );
    out
}

/// The chart's figures at each full hour, for reading exact values and for screen readers.
fn chart_table(out: &mut String, r: &AfterAction) {
    let _ = write!(out, "<table>\n<thead><tr><th>time</th>");
    for x in &r.chart.series {
        let _ = write!(out, "<th class=\"num\">{}</th>", esc(&x.label));
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    for m in hours(&r.start, r.chart.minutes) {
        let _ = write!(out, "<tr><td class=\"time\">{}</td>", clock(r, m));
        for x in &r.chart.series {
            let _ = write!(out, "<td class=\"num\">{}</td>", thousands(x.at(m)));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody>\n</table>");
}

/// What a decision saved or cost, coloured, in the debrief's words.
fn worth_cell(x: &Step) -> String {
    // Fumbled tonight, it changed nothing: neither saved nor cost, as noise is.
    let fumbled = x.line.outcome == crate::sim::Outcome::Fumbled.label();
    match (&x.worth_words, x.line.within_noise, x.line.worth) {
        (Some(w), within, _) if within == Some(true) || fumbled => {
            format!("<span class=\"noise\">{}</span>", esc(w))
        }
        (Some(w), _, Some(n)) if n > 0 => format!("<span class=\"saved\">{}</span>", esc(w)),
        (Some(w), _, _) => format!("<span class=\"cost\">{}</span>", esc(w)),
        (None, _, _) => "—".to_string(),
    }
}

fn timeline(out: &mut String, r: &AfterAction) {
    let _ = writeln!(out, "<section>\n<h2>Timeline</h2>");
    if r.timeline.is_empty() {
        let _ = writeln!(
            out,
            "<p>No decisions, injects or hints: the night played out without the team.</p>\n</section>"
        );
        return;
    }
    let _ = writeln!(
        out,
        "<p class=\"quiet\">{}</p>\n<table>\n<thead><tr><th>time</th><th>who</th><th>what</th><th>rationale</th><th>outcome</th><th class=\"num\">saved (+) or cost (−)</th><th>why</th></tr></thead>\n<tbody>",
        esc(&worth_explained())
    );
    for e in &r.timeline {
        match e {
            Entry::Decision(x) => {
                let class = match (x.line.accepted, x.line.outcome) {
                    (false, _) => "refused",
                    (true, "fumbled") => "fumbled",
                    _ => "",
                };
                let _ = writeln!(
                    out,
                    "<tr><td class=\"time\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"{class}\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
                    x.line.at,
                    esc(x.line.owner.as_deref().unwrap_or("—")),
                    esc(&x.label),
                    esc(x.line.note.as_deref().unwrap_or("")),
                    esc(&x.outcome_words()),
                    worth_cell(x),
                    esc(x.line.why.as_deref().unwrap_or(""))
                );
            }
            Entry::Inject { at, from, text, .. } => {
                let _ = writeln!(
                    out,
                    "<tr class=\"inject\"><td class=\"time\">{at}</td><td>{}</td><td colspan=\"5\"><span class=\"tag\">inject</span>“{}”</td></tr>",
                    esc(from),
                    esc(text)
                );
            }
            Entry::Hint {
                at, title, rung, ..
            } => {
                let _ = writeln!(
                    out,
                    "<tr class=\"hint\"><td class=\"time\">{at}</td><td>—</td><td colspan=\"5\"><span class=\"tag\">hint</span>{} (rung {rung})</td></tr>",
                    esc(title)
                );
            }
        }
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</section>");
}

fn lessons(out: &mut String, lessons: &[LessonMark]) {
    let _ = writeln!(out, "<section>\n<h2>Lessons</h2>\n<ul class=\"lessons\">");
    for l in lessons {
        let class = l.mark.key().replace('_', "-");
        let _ = write!(
            out,
            "<li><strong>{}</strong> — <span class=\"mark {class}\">{}</span>. {}",
            esc(&l.title),
            esc(l.mark.label()),
            esc(&l.summary)
        );
        if !l.evidence.is_empty() {
            let _ = write!(out, "\n<ul>");
            for e in &l.evidence {
                let _ = write!(out, "<li>{}</li>", esc(e));
            }
            let _ = write!(out, "</ul>");
        }
        let _ = writeln!(out, "</li>");
    }
    let _ = writeln!(out, "</ul>\n</section>");
}
