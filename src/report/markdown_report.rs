//! The after-action report written as Markdown, from the model in [`super::after_action`].

use std::fmt::Write as _;

use super::after_action::{AfterAction, Entry, SPARK, clock, hours, sparklines, worth_explained};
use super::{cell, expert_markdown, ghost, lessons_markdown, typical};
use crate::session::thousands;

/// The report as Markdown.
pub fn markdown(r: &AfterAction) -> String {
    let d = &r.debrief;
    let mut out = String::new();
    let _ = writeln!(out, "# After-action report: {}\n", cell(&r.title));
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| the night | {} |", cell(&r.when()));
    let _ = writeln!(out, "| scenario | `{}` |", cell(&r.scenario));
    let _ = writeln!(
        out,
        "| seed | {} (play it again: `blastradius play {} --seed {}`) |",
        r.seed,
        cell(&r.again_arg()),
        r.seed
    );
    let _ = writeln!(out, "| mode | {} |", r.mode);
    let _ = writeln!(out, "| program | {} |", cell(&r.program()));
    let _ = writeln!(out, "| how far | {} |\n", cell(&r.ending));
    let _ = writeln!(out, "{}\n", super::score_line(d));
    let _ = writeln!(out, "{}\n", typical(d));
    let _ = writeln!(out, "## Attendance\n\n{}\n", cell(&r.attendance_line()));

    let _ = writeln!(out, "## Blast radius over the night\n\n```text");
    let spark = sparklines(&r.chart);
    let wide = spark.iter().map(|x| x.0.chars().count()).max().unwrap_or(0);
    for (label, line, total) in &spark {
        let _ = writeln!(out, "{label:<wide$}  {line}  {:>9}", thousands(*total));
    }
    let _ = writeln!(
        out,
        "{:<wide$}  {:<half$}{:>rest$}\n```\n",
        "",
        r.start,
        r.end,
        half = SPARK / 2,
        rest = SPARK - SPARK / 2
    );
    if let Some(m) = r.chart.left_at_minute {
        let _ = writeln!(
            out,
            "The clock was left at {}; after it, the night played on with no more decisions.\n",
            clock(r, m)
        );
    }
    let _ = write!(out, "| time |");
    for x in &r.chart.series {
        let _ = write!(out, " {} |", cell(&x.label));
    }
    let _ = writeln!(out, "\n|---|{}", "---:|".repeat(r.chart.series.len()));
    for m in hours(&r.start, r.chart.minutes) {
        let _ = write!(out, "| {} |", clock(r, m));
        for x in &r.chart.series {
            let _ = write!(out, " {} |", thousands(x.at(m)));
        }
        let _ = writeln!(out);
    }

    if !r.other_lines.is_empty() {
        let _ = writeln!(out, "\n## Where the lines part\n");
        for o in &r.other_lines {
            let _ = writeln!(
                out,
                "- Your other line ({}): blast radius **{}** against **{}** on this one. {}",
                cell(&o.how()),
                thousands(o.blast_radius),
                thousands(d.blast_radius),
                cell(&o.parting())
            );
        }
    }

    let _ = writeln!(out, "\n## Timeline\n");
    if r.timeline.is_empty() {
        let _ = writeln!(
            out,
            "No decisions, injects or hints: the night played out without the team."
        );
    } else {
        let _ = writeln!(
            out,
            "{}\n\n| time | who | what | rationale | outcome | saved (+) or cost (−) | why |\n|---|---|---|---|---|---:|---|",
            worth_explained()
        );
        for e in &r.timeline {
            let row = match e {
                Entry::Decision(x) => [
                    x.line.at.clone(),
                    x.line.owner.clone().unwrap_or_else(|| "—".into()),
                    x.label.clone(),
                    x.line.note.clone().unwrap_or_default(),
                    x.outcome_words(),
                    x.worth_words.clone().unwrap_or_else(|| "—".into()),
                    x.line.why.clone().unwrap_or_default(),
                ],
                Entry::Inject { at, from, text, .. } => [
                    at.clone(),
                    from.clone(),
                    format!("inject: “{text}”"),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
                Entry::Hint {
                    at, title, rung, ..
                } => [
                    at.clone(),
                    "—".into(),
                    format!("hint taken: {title} (rung {rung})"),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
            };
            let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
    }
    expert_markdown(&mut out, &d.expert);
    ghost::markdown(&mut out, &d.ghost);
    lessons_markdown(&mut out, &d.lessons);
    let _ = writeln!(
        out,
        "\n## Improvement items\n\nTo fill in after the discussion: what we change, who owns it, by when.\n"
    );
    for _ in 0..r.improvement_items {
        let _ = writeln!(out, "- [ ] ");
    }
    out
}
