//! The one analysis of a night: the blast radius and its grade, each part beside the expert's,
//! the decisions (yours and the expert's) with what became of them and what each was worth, the
//! harm over the night, and the lessons. The TUI debrief, `--json`, `--markdown` and the text
//! summary all format this; none of them works anything out again.

use std::sync::Arc;

use super::{Script, Session, run, script_of, worth_of_each};
use crate::scenario::{Scenario, TimeOfDay};
use crate::score::{self, Group};
use crate::sim::{Metrics, Outcome};

/// One part of the blast radius, yours beside the expert's, in whole points.
#[derive(Debug, Clone, PartialEq)]
pub struct PartLine {
    pub name: &'static str,
    pub group: Group,
    /// What was counted, and in what.
    pub count: f64,
    pub unit: &'static str,
    pub yours: i64,
    pub expert: i64,
}

/// The scenario's reference nights at this seed, in whole points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct References {
    pub expert: i64,
    pub nothing: i64,
}

/// One decision as the debrief lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRow {
    pub at: TimeOfDay,
    pub action: String,
    pub target: Option<String>,
    /// "Restart a service (api)".
    pub label: String,
    /// What became of it; `None` when it was refused.
    pub outcome: Option<Outcome>,
    pub refusal: Option<String>,
    /// The player's note, or the expert's reason.
    pub note: Option<String>,
    /// Blast radius saved (+) or cost (−): the night without it, less the night with it. Only
    /// weighed in a full debrief, and only for decisions carried out (a refused one did nothing).
    pub worth: Option<f64>,
}

impl DecisionRow {
    /// "done", "fumbled", "under way" or "refused".
    pub fn outcome_label(&self) -> &'static str {
        self.outcome.map_or("refused", Outcome::label)
    }
}

/// How a night stands against one lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Applied,
    Broken,
    /// Applied and broken in the same night.
    Both,
    /// Neither applied nor broken.
    Missed,
}

impl Mark {
    /// The mark as every screen and export shows it.
    pub fn label(self) -> &'static str {
        match self {
            Mark::Applied => "✓ applied",
            Mark::Broken => "✗ broken",
            Mark::Both => "! both",
            Mark::Missed => "· missed",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LessonMark {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub mark: Mark,
}

#[derive(Debug, Clone)]
pub struct Debrief {
    pub scenario: String,
    pub title: String,
    pub seed: u64,
    /// The sum of the parts in whole points.
    pub blast_radius: i64,
    pub grade: char,
    pub references: References,
    pub parts: Vec<PartLine>,
    pub yours: Vec<DecisionRow>,
    pub expert: Vec<DecisionRow>,
    /// Blast radius so far, minute by minute: (minute, points).
    pub harm_yours: Vec<(f64, f64)>,
    pub harm_expert: Vec<(f64, f64)>,
    pub lessons: Vec<LessonMark>,
}

fn harm(history: &[Metrics], s: &Scenario) -> Vec<(f64, f64)> {
    history
        .iter()
        .map(|m| {
            (
                m.minute as f64,
                score::blast_radius(&m.tally, &s.scoring).max(0.0),
            )
        })
        .collect()
}

/// The rows of a played night's decisions, in the order taken.
fn rows(night: &Session) -> Vec<DecisionRow> {
    let s = night.scenario();
    night
        .log()
        .iter()
        .map(|d| DecisionRow {
            at: s.clock_at(d.at),
            action: d.act.id(s).to_string(),
            target: d.act.target_name(s).map(str::to_string),
            label: d.act.label(s),
            outcome: d.outcome(night.world()),
            refusal: d.refusal.clone(),
            note: d.note.clone(),
            worth: None,
        })
        .collect()
}

/// Weigh the rows that were carried out: each one's night replayed without it. Refused decisions
/// are left out of the replays too: replaying without an earlier decision could let one through
/// and credit it wrongly.
fn weigh(s: &Arc<Scenario>, seed: u64, played: &Session, rows: &mut [DecisionRow]) {
    let script = script_of(played);
    let carried = Script(
        script
            .0
            .into_iter()
            .zip(rows.iter())
            .filter(|(_, r)| r.refusal.is_none())
            .map(|(e, _)| e)
            .collect(),
    );
    let mut worth = worth_of_each(s, seed, &carried).into_iter();
    for r in rows.iter_mut().filter(|r| r.refusal.is_none()) {
        r.worth = worth.next();
    }
}

fn lessons(s: &Scenario, night: &Session) -> Vec<LessonMark> {
    let done = |ids: &[String]| {
        ids.iter().any(|id| {
            s.actions
                .iter()
                .position(|a| &a.id == id)
                .is_some_and(|i| night.world().crew().done(i))
        })
    };
    s.lessons
        .iter()
        .map(|l| LessonMark {
            id: l.id.clone(),
            title: l.title.clone(),
            summary: l.summary.clone(),
            mark: match (done(&l.applied_by), done(&l.broken_by)) {
                (true, true) => Mark::Both,
                (true, false) => Mark::Applied,
                (false, true) => Mark::Broken,
                (false, false) => Mark::Missed,
            },
        })
        .collect()
}

impl Debrief {
    /// The summary of a finished night: score, grade, parts, decisions and lessons. Plays the two
    /// reference nights at its seed (a few milliseconds); decisions are not weighed.
    pub fn summary(night: &Session) -> Debrief {
        Debrief::build(night, false)
    }

    /// The whole debrief: the summary, and what each decision (yours and the expert's) saved or
    /// cost, by replaying the night without it (a few milliseconds per decision).
    pub fn full(night: &Session) -> Debrief {
        Debrief::build(night, true)
    }

    fn build(night: &Session, weighed: bool) -> Debrief {
        let s = night.world().scenario().clone();
        let seed = night.seed();
        let expert_night = run(s.clone(), seed, &Script::expert(&s));
        let nothing = run(s.clone(), seed, &Script::default()).breakdown();
        let expert_parts = expert_night.breakdown();
        let yours = night.breakdown();
        let parts: Vec<PartLine> = yours
            .parts
            .iter()
            .zip(&expert_parts.parts)
            .map(|(p, e)| PartLine {
                name: p.name,
                group: p.group,
                count: p.count,
                unit: p.unit,
                yours: p.points.round() as i64,
                expert: e.points.round() as i64,
            })
            .collect();
        let mut mine = rows(night);
        let mut theirs = rows(&expert_night);
        if weighed {
            weigh(&s, seed, night, &mut mine);
            weigh(&s, seed, &expert_night, &mut theirs);
        }
        Debrief {
            scenario: s.id.clone(),
            title: s.title.clone(),
            seed,
            blast_radius: parts.iter().map(|p| p.yours).sum(),
            grade: score::grade(yours.total(), expert_parts.total(), nothing.total()),
            references: References {
                expert: expert_parts.points(),
                nothing: nothing.points(),
            },
            parts,
            yours: mine,
            expert: theirs,
            harm_yours: harm(night.world().history(), &s),
            harm_expert: harm(expert_night.world().history(), &s),
            lessons: lessons(&s, night),
        }
    }

    /// The parts of one group.
    pub fn group(&self, g: Group) -> impl Iterator<Item = &PartLine> {
        self.parts.iter().filter(move |p| p.group == g)
    }

    /// A group's total, yours and the expert's.
    pub fn group_total(&self, g: Group) -> (i64, i64) {
        self.group(g)
            .fold((0, 0), |(y, e), p| (y + p.yours, e + p.expert))
    }
}
