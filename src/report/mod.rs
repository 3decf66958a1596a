//! Exports of a finished night, formatted from its [`Debrief`]: the JSON summary, the readable
//! summary, the Markdown debrief, and the night as a table; what was true all along (`ghost`); and
//! the night's events as JSON lines (`events`). Nothing here works anything out again.

pub mod after_action;
pub mod events;
pub mod ghost;
mod html;
mod markdown_report;
mod svg;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::score::{self, Group};
use crate::session::{Debrief, DecisionRow, LessonMark, Mark, Session, worth_words};

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
    /// Who decided (a role or a name), when the night was played by a team.
    pub owner: Option<String>,
    /// When it waited for a busy responder: the clock time its work started.
    pub queued_until: Option<String>,
    /// Blast radius saved (+) or cost (−), the mean over the seeds it was weighed on (for a
    /// decision fumbled tonight, what it was worth on this seed: about nothing); null for a
    /// refused decision.
    pub worth: Option<i64>,
    pub within_noise: Option<bool>,
    /// What moved without it, on this night.
    pub why: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LessonLine {
    pub id: String,
    /// "applied", "broken", "both", "backfired", "no_effect", "late", "kept" or "missed".
    pub mark: &'static str,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Lessons {
    pub applied: Vec<String>,
    pub broken: Vec<String>,
    pub marks: Vec<LessonLine>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HintLine {
    pub at: String,
    /// The lesson's id.
    pub lesson: String,
    /// 1 the nudge, 2 the concept, 3 the expert's move.
    pub rung: usize,
}

/// The summary of one night as JSON. `breakdown` holds whole points that sum exactly to
/// `blast_radius`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub seed: u64,
    pub blast_radius: i64,
    pub grade: char,
    /// Hints were taken: the grade is assisted.
    pub assisted: bool,
    /// Every rung of a hint ladder taken, in order.
    pub hints: Vec<HintLine>,
    pub breakdown: BTreeMap<&'static str, i64>,
    pub groups: BTreeMap<&'static str, i64>,
    pub counts: BTreeMap<&'static str, f64>,
    pub references: BTreeMap<&'static str, i64>,
    pub actions: Vec<ActionLine>,
    pub lessons: Lessons,
    /// What was true all along: the provider's faults and the times of each theory.
    pub ghost: ghost::GhostSummary,
    /// What was changed and not put back when the night ended: what `left_undone` counts.
    pub left_undone: Vec<String>,
    /// What the escalation delay counted, where it counted any.
    pub escalation: Option<String>,
}

/// A decision of the debrief as JSON.
pub fn action_line(r: &DecisionRow) -> ActionLine {
    ActionLine {
        at: r.at.to_string(),
        action: r.action.clone(),
        target: r.target.clone(),
        accepted: r.refusal.is_none(),
        outcome: r.outcome_label(),
        reason: r.refusal.clone(),
        note: r.note.clone(),
        owner: r.owner.clone(),
        queued_until: r.queued_until.map(|t| t.to_string()),
        worth: r.worth.as_ref().map(|w| w.headline().round() as i64),
        within_noise: r.worth.as_ref().map(|w| w.within_noise),
        why: r.worth.as_ref().map(|w| w.why.clone()),
    }
}

/// Under a part, what it counted where a count alone would not say: what was left undone
/// ("still: health-check replacement off; traffic shifted away from use1-az2"), and what the
/// escalation delay waited for ("counted while customers were hurt and the incident was below
/// SEV1: it ended at SEV2"). None for any other part, or where there is nothing to say.
pub fn part_note(d: &Debrief, p: &crate::session::PartLine) -> Option<String> {
    match p.name {
        "left_undone" if !d.left_undone.is_empty() => {
            Some(format!("still: {}", d.left_undone.join("; ")))
        }
        "escalation_delay" => d.escalation.clone(),
        _ => None,
    }
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
        assisted: d.assisted(),
        hints: d
            .hints
            .iter()
            .map(|h| HintLine {
                at: h.at.to_string(),
                lesson: h.lesson.clone(),
                rung: h.rung,
            })
            .collect(),
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
        actions: d.yours.iter().map(action_line).collect(),
        lessons: Lessons {
            applied: lessons_marked(&[Mark::Applied, Mark::Both]),
            broken: lessons_marked(&[Mark::Broken, Mark::Both]),
            marks: d
                .lessons
                .iter()
                .map(|l| LessonLine {
                    id: l.id.clone(),
                    mark: l.mark.key(),
                    evidence: l.evidence.clone(),
                })
                .collect(),
        },
        ghost: ghost::summary(&d.ghost),
        left_undone: d.left_undone.clone(),
        escalation: d.escalation.clone(),
    }
}

/// The readable summary printed by `blastradius run`.
pub fn text(d: &Debrief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — seed {}", d.title, d.seed);
    let _ = writeln!(
        out,
        "Blast radius {}  grade {}   (at this seed: expert {}, doing nothing {})",
        crate::session::thousands(d.blast_radius),
        d.grade_label(),
        crate::session::thousands(d.references.expert),
        crate::session::thousands(d.references.nothing)
    );
    let _ = writeln!(out, "{}", typical(d));
    for g in Group::ALL {
        let _ = writeln!(out, "\n  {}", g.label());
        for p in d.group(g) {
            let _ = writeln!(
                out,
                "    {:<22} {:>9}   ({})",
                p.label,
                p.yours,
                crate::session::quantity(p.count.round() as i64, &p.unit)
            );
            if let Some(items) = part_note(d, p) {
                let _ = writeln!(out, "      {items}");
            }
        }
    }
    // A part held at the most it can count is not a measurement: said, so no one compares it.
    let full: Vec<&str> = d
        .parts
        .iter()
        .filter(|p| p.yours as f64 >= score::MAX_PART_POINTS)
        .map(|p| p.label.as_str())
        .collect();
    if !full.is_empty() {
        let _ = writeln!(
            out,
            "\n  ! {} reached the most a part can hold (10^12 points): the scenario's weights are too large to tell nights apart",
            full.join(", ")
        );
    }
    if !d.yours.is_empty() {
        let _ = writeln!(out, "\n  decisions");
        for r in &d.yours {
            let target = r
                .target
                .as_deref()
                .map(|t| format!(" {t}"))
                .unwrap_or_default();
            let verdict = match (&r.refusal, &r.worth) {
                (Some(why), _) => format!("refused: {why}"),
                (None, Some(w)) => format!("{}, {}; {}", r.outcome_words(), worth_words(w), w.why),
                (None, None) => r.outcome_words(),
            };
            let _ = writeln!(out, "    {} {}{}  — {}", r.at, r.action, target, verdict);
        }
    }
    if !d.hints.is_empty() {
        let _ = writeln!(out, "\n  hints taken ({})", d.hints.len());
        for h in &d.hints {
            let _ = writeln!(out, "    {} {} (rung {})", h.at, h.title, h.rung);
        }
    }
    if !d.lessons.is_empty() {
        let _ = writeln!(out, "\n  lessons");
        for l in &d.lessons {
            let _ = writeln!(out, "    {:<12} {}", l.mark.label(), l.title);
            for e in &l.evidence {
                let _ = writeln!(out, "                 {e}");
            }
        }
    }
    ghost::text(&mut out, &d.ghost);
    out
}

/// The night as a table, one row every `every` minutes: traffic, failures, fleet, backlog, score.
pub fn timeline(session: &Session, every: u32) -> String {
    let s = session.scenario();
    let mut out = String::new();
    // The unit of work in this world's words: "sales/min", "orders/min".
    let per_min = format!("{}/min", s.vocabulary.work);
    let tw = per_min.chars().count().max(7);
    let _ = write!(
        out,
        "{:<6} {:>tw$} {:>6} {:>6}",
        "time", per_min, "fail%", "load"
    );
    for svc in &s.services {
        let _ = write!(out, " {:>12}", format!("{} by zone", svc.id));
    }
    let _ = writeln!(out, " {:>8} {:>9}", "backlog", "blast");
    for m in session
        .world()
        .history()
        .iter()
        .filter(|m| m.minute % every == 0 || m.minute == s.length())
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
            "{:<6} {:>tw$.0} {:>5.1}% {:>6.2}",
            s.clock_at(m.minute).to_string(),
            m.transactions,
            fail,
            load.min(99.0)
        );
        for (sm, svc) in m.services.iter().zip(&s.services) {
            // A zone the service does not run in is "-", not 0 (which would read as an outage).
            let zones: Vec<String> = sm
                .serving
                .iter()
                .zip(&s.zones)
                .map(|(n, z)| {
                    if svc.zones.contains(z) {
                        n.to_string()
                    } else {
                        "-".to_string()
                    }
                })
                .collect();
            let _ = write!(
                out,
                " {:>12}",
                format!("{}+{}", zones.join("/"), sm.not_serving)
            );
        }
        let backlog: f64 = m.services.iter().map(|x| x.backlog).sum();
        // In whole points as every summary gives it: each part rounded, then summed.
        let _ = writeln!(
            out,
            " {:>8.0} {:>9}",
            backlog,
            score::Breakdown::new(&m.tally, &s.scoring).points()
        );
    }
    out
}

/// A Markdown table cell: no pipes, no line breaks.
pub(crate) fn cell(t: &str) -> String {
    t.replace('|', "\\|").replace('\n', " ")
}

pub(crate) fn worth(r: &DecisionRow) -> String {
    match &r.worth {
        Some(w) => worth_words(w),
        None => "—".to_string(),
    }
}

pub(crate) fn why(r: &DecisionRow) -> String {
    r.worth.as_ref().map_or_else(String::new, |w| w.why.clone())
}

/// "Over 16 seeds the expert's night runs 5,973–6,573 and doing nothing 56,789–172,561."
pub(crate) fn typical(d: &Debrief) -> String {
    let r = &d.references;
    let n = |x: f64| crate::session::thousands(x.round() as i64);
    format!(
        "Over {} seeds (10th to 90th percentile): the expert {}–{}, doing nothing {}–{}.",
        crate::session::REFERENCE_SEEDS,
        n(r.expert_spread.p10),
        n(r.expert_spread.p90),
        n(r.nothing_spread.p10),
        n(r.nothing_spread.p90)
    )
}

/// "Seed 7 · blast radius **12,345** · grade **B** (at this seed, the expert's night: …)".
pub(crate) fn score_line(d: &Debrief) -> String {
    use crate::session::thousands;
    format!(
        "Seed {} · blast radius **{}** · grade **{}** (at this seed, the expert's night: {}, doing nothing: {})",
        d.seed,
        thousands(d.blast_radius),
        d.grade_label(),
        thousands(d.references.expert),
        thousands(d.references.nothing)
    )
}

/// A Markdown debrief of a finished night, for a facilitator to share after a tabletop round:
/// the score beside the expert's, each decision with what it saved or cost, the expert's path and
/// the lessons. Wants a full debrief (decisions weighed).
pub fn markdown(d: &Debrief) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Debrief: {}\n", cell(&d.title));
    let _ = writeln!(out, "{}\n", score_line(d));
    if !d.hints.is_empty() {
        let _ = writeln!(
            out,
            "Hints taken: {} (the grade is assisted).\n\n| time | lesson | rung |\n|---|---|---:|",
            d.hints.len()
        );
        for h in &d.hints {
            let _ = writeln!(out, "| {} | {} | {} |", h.at, cell(&h.title), h.rung);
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(out, "{}\n", typical(d));
    let _ = writeln!(
        out,
        "## Who was hurt\n\n| part | yours | expert's |\n|---|---:|---:|"
    );
    for p in &d.parts {
        let _ = writeln!(
            out,
            "| {} ({}) | {} | {} |",
            p.label,
            p.group.label(),
            p.yours,
            p.expert
        );
    }
    if !d.left_undone.is_empty() {
        let _ = writeln!(
            out,
            "\nLeft undone when the night ended: {}.",
            cell(&d.left_undone.join("; "))
        );
    }
    if let Some(e) = &d.escalation {
        let _ = writeln!(out, "\nEscalation delay: {e}.");
    }
    let _ = writeln!(out, "\n## Your decisions\n");
    if d.yours.is_empty() {
        let _ = writeln!(out, "None: the night played out without you.");
    } else {
        let _ = writeln!(
            out,
            "Each decision's worth is the night without it less the night with it, on this seed and the next {}: the mean, and its range.\n\n| time | decision | outcome | saved (+) or cost (−) | why | note |\n|---|---|---|---:|---|---|",
            crate::session::WORTH_SEEDS - 1
        );
        for r in &d.yours {
            let outcome = match &r.refusal {
                Some(why) => format!("refused: {why}"),
                None => r.outcome_words(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                r.at,
                cell(&r.label),
                cell(&outcome),
                worth(r),
                cell(&why(r)),
                cell(r.note.as_deref().unwrap_or(""))
            );
        }
    }
    expert_markdown(&mut out, &d.expert);
    lessons_markdown(&mut out, &d.lessons);
    ghost::markdown(&mut out, &d.ghost);
    out
}

/// The Markdown section of the expert's path: each step, its worth and the expert's reason.
pub(crate) fn expert_markdown(out: &mut String, expert: &[DecisionRow]) {
    let _ = writeln!(
        out,
        "\n## The expert's path\n\n| time | decision | worth | the expert's reason |\n|---|---|---:|---|"
    );
    for r in expert {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            r.at,
            cell(&r.label),
            worth(r),
            cell(r.note.as_deref().unwrap_or(""))
        );
    }
}

/// The Markdown section of the lessons: each one's mark and the evidence behind it.
pub(crate) fn lessons_markdown(out: &mut String, lessons: &[LessonMark]) {
    let _ = writeln!(out, "\n## Lessons\n");
    for l in lessons {
        let _ = writeln!(
            out,
            "- **{}** — {}. {}",
            cell(&l.title),
            l.mark.label(),
            cell(&l.summary)
        );
        for e in &l.evidence {
            let _ = writeln!(out, "  - {}", cell(e));
        }
    }
}
