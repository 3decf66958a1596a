//! Exports of a finished night: the JSON summary and the readable one.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use crate::scenario::Scenario;
use crate::score::{self, Group};
use crate::session::{self, Session};

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

/// The summary of one night. `breakdown` holds whole points that sum exactly to `blast_radius`.
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

fn lessons(s: &Scenario, session: &Session) -> Lessons {
    let done = |ids: &[String]| {
        ids.iter().any(|id| {
            s.actions
                .iter()
                .position(|a| &a.id == id)
                .is_some_and(|i| session.world.done[i])
        })
    };
    Lessons {
        applied: s
            .lessons
            .iter()
            .filter(|l| done(&l.applied_by))
            .map(|l| l.id.clone())
            .collect(),
        broken: s
            .lessons
            .iter()
            .filter(|l| done(&l.broken_by))
            .map(|l| l.id.clone())
            .collect(),
    }
}

/// Summarise a finished session, playing the reference nights at its seed for the grade.
pub fn summarize(session: &Session) -> Summary {
    let s: Arc<Scenario> = session.world.scenario.clone();
    let seed = session.world.seed;
    let (expert, nothing) = session::reference_breakdowns(&s, seed);
    let b = session.breakdown();
    let breakdown: BTreeMap<&'static str, i64> = b
        .parts
        .iter()
        .map(|p| (p.name, p.points.round() as i64))
        .collect();
    let total: i64 = breakdown.values().sum();
    let groups = [Group::Customers, Group::LastingDamage, Group::Organisation]
        .iter()
        .map(|g| {
            let sum = b
                .parts
                .iter()
                .filter(|p| p.group == *g)
                .map(|p| p.points.round() as i64)
                .sum();
            (
                match g {
                    Group::Customers => "customers",
                    Group::LastingDamage => "lasting_damage",
                    Group::Organisation => "organisation",
                },
                sum,
            )
        })
        .collect();
    Summary {
        scenario: s.id.clone(),
        seed,
        blast_radius: total,
        grade: score::grade(b.total(), expert.total(), nothing.total()),
        breakdown,
        groups,
        counts: b
            .parts
            .iter()
            .map(|p| (p.name, (p.count * 10.0).round() / 10.0))
            .collect(),
        references: [("expert", expert.points()), ("nothing", nothing.points())]
            .into_iter()
            .collect(),
        actions: session
            .log
            .iter()
            .map(|d| ActionLine {
                at: s.clock_at(d.at).to_string(),
                action: d.action.clone(),
                target: d.target.clone(),
                accepted: d.accepted,
                outcome: d.outcome(&session.world),
                reason: d.reason.clone(),
                note: d.note.clone(),
            })
            .collect(),
        lessons: lessons(&s, session),
    }
}

/// The readable summary printed by `blastradius run`.
pub fn text(summary: &Summary, s: &Scenario) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} — seed {}", s.title, summary.seed);
    let _ = writeln!(
        out,
        "Blast radius {}  grade {}   (expert {}, doing nothing {})",
        summary.blast_radius,
        summary.grade,
        summary.references["expert"],
        summary.references["nothing"]
    );
    let b = score::Breakdown::new(&Default::default(), &s.scoring);
    for g in [Group::Customers, Group::LastingDamage, Group::Organisation] {
        let _ = writeln!(out, "\n  {}", g.label());
        for p in b.parts.iter().filter(|p| p.group == g) {
            let _ = writeln!(
                out,
                "    {:<22} {:>9}   ({} {})",
                p.name, summary.breakdown[p.name], summary.counts[p.name], p.unit
            );
        }
    }
    if !summary.actions.is_empty() {
        let _ = writeln!(out, "\n  decisions");
        for a in &summary.actions {
            let target = a
                .target
                .as_deref()
                .map(|t| format!(" {t}"))
                .unwrap_or_default();
            let verdict = match &a.reason {
                Some(r) => format!("refused: {r}"),
                None => a.outcome.to_string(),
            };
            let _ = writeln!(out, "    {} {}{}  — {}", a.at, a.action, target, verdict);
        }
    }
    let title = |id: &String| {
        s.lessons
            .iter()
            .find(|l| &l.id == id)
            .map_or(id.clone(), |l| l.title.clone())
    };
    if !summary.lessons.applied.is_empty() {
        let _ = writeln!(out, "\n  lessons applied");
        for l in &summary.lessons.applied {
            let _ = writeln!(out, "    ✓ {}", title(l));
        }
    }
    if !summary.lessons.broken.is_empty() {
        let _ = writeln!(out, "\n  lessons broken");
        for l in &summary.lessons.broken {
            let _ = writeln!(out, "    ✗ {}", title(l));
        }
    }
    out
}

/// The night as a table, one row every `every` minutes: traffic, failures, fleet, backlog, score.
pub fn timeline(session: &Session, every: u32) -> String {
    let s = session.scenario();
    let mut out = String::new();
    let names: Vec<&str> = s.services.iter().map(|x| x.id.as_str()).collect();
    let _ = write!(
        out,
        "{:<6} {:>7} {:>6} {:>6}",
        "time", "tx/min", "fail%", "load"
    );
    for n in &names {
        let _ = write!(out, " {:>12}", format!("{n} by zone"));
    }
    let _ = writeln!(out, " {:>8} {:>9}", "backlog", "blast");
    for m in session
        .world
        .history
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

/// A Markdown debrief of a finished night, for a facilitator to share after a tabletop round:
/// the score beside the expert's, each decision with what it saved or cost, the expert's path and
/// the lessons. Replays the reference nights and each carried-out decision (milliseconds each).
pub fn markdown(session: &Session) -> String {
    let s: Arc<Scenario> = session.world.scenario.clone();
    let seed = session.world.seed;
    let summary = summarize(session);
    let expert_night = session::run(s.clone(), seed, &session::Script::expert(&s));
    let expert_parts: BTreeMap<&str, i64> = expert_night
        .breakdown()
        .parts
        .iter()
        .map(|p| (p.name, p.points.round() as i64))
        .collect();
    let cell = |t: &str| t.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    let _ = writeln!(out, "# Debrief: {}\n", cell(&s.title));
    let _ = writeln!(
        out,
        "Seed {seed} · blast radius **{}** · grade **{}** (the expert's night: {}, doing nothing: {})\n",
        summary.blast_radius,
        summary.grade,
        summary.references["expert"],
        summary.references["nothing"]
    );
    let _ = writeln!(
        out,
        "## Who was hurt\n\n| part | yours | expert's |\n|---|---:|---:|"
    );
    for p in &session.breakdown().parts {
        let _ = writeln!(
            out,
            "| {} ({}) | {} | {} |",
            p.name.replace('_', " "),
            p.group.label(),
            summary.breakdown[p.name],
            expert_parts.get(p.name).copied().unwrap_or(0)
        );
    }
    // Weigh only what was carried out: a refused decision changed nothing.
    let carried = session::Script(
        session::script_of(session)
            .0
            .into_iter()
            .zip(&session.log)
            .filter(|(_, d)| d.accepted)
            .map(|(e, _)| e)
            .collect(),
    );
    let mut worth = session::worth_of_each(&s, seed, &carried).into_iter();
    let _ = writeln!(out, "\n## Your decisions\n");
    if session.log.is_empty() {
        let _ = writeln!(out, "None: the night played out without you.");
    } else {
        let _ = writeln!(
            out,
            "| time | decision | outcome | saved (+) or cost (−) | note |\n|---|---|---|---:|---|"
        );
        for d in &session.log {
            let label = decision_label(&s, &d.action, d.target.as_deref());
            let (outcome, value) = match &d.reason {
                Some(r) => (format!("refused: {r}"), "—".to_string()),
                None => (
                    d.outcome(&session.world).to_string(),
                    format!("{:+.0}", worth.next().unwrap_or(0.0)),
                ),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                s.clock_at(d.at),
                cell(&label),
                cell(&outcome),
                value,
                cell(d.note.as_deref().unwrap_or(""))
            );
        }
    }
    let _ = writeln!(
        out,
        "\n## The expert's path\n\n| time | decision | why |\n|---|---|---|"
    );
    for step in &s.expert {
        let label = decision_label(&s, &step.action, step.target.as_deref());
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            step.at,
            cell(&label),
            cell(&step.why)
        );
    }
    let _ = writeln!(out, "\n## Lessons\n");
    for l in &s.lessons {
        let mark = if summary.lessons.broken.contains(&l.id) {
            "✗ broken"
        } else if summary.lessons.applied.contains(&l.id) {
            "✓ applied"
        } else {
            "· not shown tonight"
        };
        let _ = writeln!(
            out,
            "- **{}** — {mark}. {}",
            cell(&l.title),
            cell(&l.summary)
        );
    }
    out
}

/// "Restart a service (api)": an action's name and its target, as decisions are listed.
pub fn decision_label(s: &Scenario, action: &str, target: Option<&str>) -> String {
    let name = s
        .action(action)
        .map_or_else(|| action.to_string(), |a| a.name.clone());
    match target {
        Some(t) => format!("{name} ({t})"),
        None => name,
    }
}
