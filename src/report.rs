//! Exports of a finished night, formatted from its [`Debrief`]: the JSON summary, the readable
//! summary, the Markdown debrief, and the night as a table. Nothing here works anything out again.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::score::{self, Group};
use crate::session::{Debrief, DecisionRow, Mark, Session};

#[derive(Debug, Clone, Serialize)]
pub struct ActionLine {
    pub at: String,
    pub action: String,
    pub target: Option<String>,
    pub accepted: bool,
    /// "done", "fumbled", "under way" (when the night ended) or "refused".
    pub outcome: &'static str,
    pub reason: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Lessons {
    pub applied: Vec<String>,
    pub broken: Vec<String>,
}

/// The summary of one night as JSON. `breakdown` holds whole points that sum exactly to
/// `blast_radius`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub seed: u64,
    pub blast_radius: i64,
    pub grade: char,
    pub breakdown: BTreeMap<&'static str, i64>,
    pub groups: BTreeMap<&'static str, i64>,
    pub counts: BTreeMap<&'static str, f64>,
    pub references: BTreeMap<&'static str, i64>,
    pub actions: Vec<ActionLine>,
    pub lessons: Lessons,
}

/// The JSON summary of a debrief.
pub fn summary(d: &Debrief) -> Summary {
    let lessons_marked = |marks: &[Mark]| {
        d.lessons
            .iter()
            .filter(|l| marks.contains(&l.mark))
            .map(|l| l.id.clone())
            .collect()
    };
    Summary {
        scenario: d.scenario.clone(),
        seed: d.seed,
        blast_radius: d.blast_radius,
        grade: d.grade,
        breakdown: d.parts.iter().map(|p| (p.name, p.yours)).collect(),
        groups: Group::ALL
            .iter()
            .map(|g| (g.key(), d.group_total(*g).0))
            .collect(),
        counts: d
            .parts
            .iter()
            .map(|p| (p.name, (p.count * 10.0).round() / 10.0))
            .collect(),
        references: [
            ("expert", d.references.expert),
            ("nothing", d.references.nothing),
        ]
        .into_iter()
        .collect(),
        actions: d
            .yours
            .iter()
            .map(|r| ActionLine {
                at: r.at.to_string(),
                action: r.action.clone(),
                target: r.target.clone(),
                accepted: r.refusal.is_none(),
                outcome: r.outcome_label(),
                reason: r.refusal.clone(),
                note: r.note.clone(),
            })
            .collect(),
        lessons: Lessons {
            applied: lessons_marked(&[Mark::Applied, Mark::Both]),
            broken: lessons_marked(&[Mark::Broken, Mark::Both]),
        },
    }
}

/// The readable summary printed by `blastradius run`.
pub fn text(d: &Debrief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — seed {}", d.title, d.seed);
    let _ = writeln!(
        out,
        "Blast radius {}  grade {}   (expert {}, doing nothing {})",
        d.blast_radius, d.grade, d.references.expert, d.references.nothing
    );
    for g in Group::ALL {
        let _ = writeln!(out, "\n  {}", g.label());
        for p in d.group(g) {
            let count = (p.count * 10.0).round() / 10.0;
            let _ = writeln!(
                out,
                "    {:<22} {:>9}   ({} {})",
                p.name, p.yours, count, p.unit
            );
        }
    }
    if !d.yours.is_empty() {
        let _ = writeln!(out, "\n  decisions");
        for r in &d.yours {
            let target = r
                .target
                .as_deref()
                .map(|t| format!(" {t}"))
                .unwrap_or_default();
            let verdict = match &r.refusal {
                Some(why) => format!("refused: {why}"),
                None => r.outcome_label().to_string(),
            };
            let _ = writeln!(out, "    {} {}{}  — {}", r.at, r.action, target, verdict);
        }
    }
    for (mark, heading) in [
        (Mark::Applied, "lessons applied"),
        (Mark::Broken, "lessons broken"),
    ] {
        let marked: Vec<_> = d
            .lessons
            .iter()
            .filter(|l| l.mark == mark || l.mark == Mark::Both)
            .collect();
        if marked.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n  {heading}");
        let sign = if mark == Mark::Applied { "✓" } else { "✗" };
        for l in marked {
            let _ = writeln!(out, "    {sign} {}", l.title);
        }
    }
    out
}

/// The night as a table, one row every `every` minutes: traffic, failures, fleet, backlog, score.
pub fn timeline(session: &Session, every: u32) -> String {
    let s = session.scenario();
    let mut out = String::new();
    let _ = write!(
        out,
        "{:<6} {:>7} {:>6} {:>6}",
        "time", "tx/min", "fail%", "load"
    );
    for svc in &s.services {
        let _ = write!(out, " {:>12}", format!("{} by zone", svc.id));
    }
    let _ = writeln!(out, " {:>8} {:>9}", "backlog", "blast");
    for m in session
        .world()
        .history()
        .iter()
        .filter(|m| m.minute % every == 0)
    {
        let fail = if m.transactions > 0.0 {
            100.0 * m.failed / m.transactions
        } else {
            0.0
        };
        let load = m
            .services
            .iter()
            .find(|x| x.demand > 0.0)
            .map_or(0.0, |x| x.load());
        let _ = write!(
            out,
            "{:<6} {:>7.0} {:>5.1}% {:>6.2}",
            s.clock_at(m.minute).to_string(),
            m.transactions,
            fail,
            load.min(99.0)
        );
        for sm in &m.services {
            let zones: Vec<String> = sm.serving.iter().map(u32::to_string).collect();
            let _ = write!(
                out,
                " {:>12}",
                format!("{}+{}", zones.join("/"), sm.not_serving)
            );
        }
        let backlog: f64 = m.services.iter().map(|x| x.backlog).sum();
        let _ = writeln!(
            out,
            " {:>8.0} {:>9.0}",
            backlog,
            score::blast_radius(&m.tally, &s.scoring)
        );
    }
    out
}

/// A Markdown table cell: no pipes, no line breaks.
fn cell(t: &str) -> String {
    t.replace('|', "\\|").replace('\n', " ")
}

fn worth(r: &DecisionRow) -> String {
    match (r.refusal.is_some(), r.worth) {
        (false, Some(w)) => format!("{w:+.0}"),
        _ => "—".to_string(),
    }
}

/// A Markdown debrief of a finished night, for a facilitator to share after a tabletop round:
/// the score beside the expert's, each decision with what it saved or cost, the expert's path and
/// the lessons. Wants a full debrief (decisions weighed).
pub fn markdown(d: &Debrief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Debrief: {}\n", cell(&d.title));
    let _ = writeln!(
        out,
        "Seed {} · blast radius **{}** · grade **{}** (the expert's night: {}, doing nothing: {})\n",
        d.seed, d.blast_radius, d.grade, d.references.expert, d.references.nothing
    );
    let _ = writeln!(
        out,
        "## Who was hurt\n\n| part | yours | expert's |\n|---|---:|---:|"
    );
    for p in &d.parts {
        let _ = writeln!(
            out,
            "| {} ({}) | {} | {} |",
            p.name.replace('_', " "),
            p.group.label(),
            p.yours,
            p.expert
        );
    }
    let _ = writeln!(out, "\n## Your decisions\n");
    if d.yours.is_empty() {
        let _ = writeln!(out, "None: the night played out without you.");
    } else {
        let _ = writeln!(
            out,
            "| time | decision | outcome | saved (+) or cost (−) | note |\n|---|---|---|---:|---|"
        );
        for r in &d.yours {
            let outcome = match &r.refusal {
                Some(why) => format!("refused: {why}"),
                None => r.outcome_label().to_string(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                r.at,
                cell(&r.label),
                cell(&outcome),
                worth(r),
                cell(r.note.as_deref().unwrap_or(""))
            );
        }
    }
    let _ = writeln!(
        out,
        "\n## The expert's path\n\n| time | decision | why |\n|---|---|---|"
    );
    for r in &d.expert {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            r.at,
            cell(&r.label),
            cell(r.note.as_deref().unwrap_or(""))
        );
    }
    let _ = writeln!(out, "\n## Lessons\n");
    for l in &d.lessons {
        let _ = writeln!(
            out,
            "- **{}** — {}. {}",
            cell(&l.title),
            l.mark.label(),
            cell(&l.summary)
        );
    }
    out
}
