//! The one analysis of a night: the blast radius and its grade, each part beside the expert's,
//! the decisions (yours and the expert's) with what became of them and what each was worth, the
//! harm over the night, and the lessons. The TUI debrief, `--json`, `--markdown` and the text
//! summary all format this; none of them works anything out again.
//!
//! A decision's worth is the night without it less the night with it, on the night's own seed and
//! the next few: draws follow causes (see `sim/rng.rs`), so the pairs differ only through the
//! decision, and the spread over seeds says how sure the figure is. Lesson marks follow from those
//! worths, so a lesson is never "applied" by a decision that did nothing or cost.

use std::sync::Arc;

use rayon::prelude::*;

use super::ghost::Ghost;
use super::lessons::{LessonMark, lessons};
use super::stats::{mean_and_error, quantile, sorted};
use super::worth::weigh;
pub use super::worth::{Worth, range_words, worth_words};
use super::{Script, Session, run, score_of, script_of};
use crate::scenario::{Scenario, TimeOfDay};
use crate::score::{self, Breakdown, Group};
use crate::sim::{Metrics, Outcome};

/// Seeds a decision is weighed on: the night's own and the ones after it.
pub const WORTH_SEEDS: u64 = 8;
/// Seeds (1 to this) the reference nights are spread over.
pub const REFERENCE_SEEDS: u64 = 16;
/// A worth under this share of the expert's typical night is noise, however steady.
pub const NOISE_SHARE: f64 = 0.002;

/// The one rule for noise, in the debrief and in `evaluate`: a worth over several seeds is noise
/// when its mean is under `NOISE_SHARE` of the expert's typical night, or when its seeds pull both
/// ways and the mean is within two standard errors. Every seed on one side is a real effect,
/// however much it varies.
pub fn within_noise(worths: &[f64], expert_typical: f64) -> bool {
    if worths.is_empty() {
        return true;
    }
    let (mean, error) = mean_and_error(worths);
    let both_ways = worths.iter().any(|w| *w < 0.0) && worths.iter().any(|w| *w > 0.0);
    mean.abs() < (NOISE_SHARE * expert_typical).max(1.0) || (both_ways && mean.abs() < 2.0 * error)
}

/// One part of the blast radius, yours beside the expert's, in whole points.
#[derive(Debug, Clone, PartialEq)]
pub struct PartLine {
    /// The part's id ("failed_transactions"), as exports key it.
    pub name: &'static str,
    /// How it reads in this scenario's words ("failed sales", "deferred capture orders").
    pub label: String,
    pub group: Group,
    /// What was counted, and in what (in this scenario's words).
    pub count: f64,
    pub unit: String,
    pub yours: i64,
    pub expert: i64,
}

/// Low, middle and high of a set of nights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    pub p10: f64,
    pub median: f64,
    pub p90: f64,
}

impl Spread {
    /// The spread of a set of values (empty: all zero), as `evaluate` measures it.
    pub fn of(values: &[f64]) -> Spread {
        let v = sorted(values);
        Spread {
            p10: quantile(&v, 0.1),
            median: quantile(&v, 0.5),
            p90: quantile(&v, 0.9),
        }
    }
}

/// The scenario's reference nights: at this seed, in whole points, and over `REFERENCE_SEEDS`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct References {
    pub expert: i64,
    pub nothing: i64,
    pub expert_spread: Spread,
    pub nothing_spread: Spread,
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
    /// Who decided (a role or a name), when the night was played by a team.
    pub owner: Option<String>,
    /// When it waited for a busy responder: the time its work started.
    pub queued_until: Option<TimeOfDay>,
    /// Only for decisions carried out (a refused one did nothing), and only once weighed.
    pub worth: Option<Worth>,
    /// The lessons (ids) it came too late for: it finished after their `in_time` stopped holding.
    pub late_for: Vec<String>,
}

impl DecisionRow {
    /// "done", "fumbled", "under way" or "refused".
    pub fn outcome_label(&self) -> &'static str {
        self.outcome.map_or("refused", Outcome::label)
    }

    /// What became of it, with when its work began where it waited for a responder: "done",
    /// "done, queued until 00:15", "refused". The time a row shows is when it was decided.
    pub fn outcome_words(&self) -> String {
        match (self.refusal.is_none(), self.queued_until) {
            (true, Some(t)) => format!("{}, queued until {t}", self.outcome_label()),
            _ => self.outcome_label().to_string(),
        }
    }
}

/// A rung of a hint ladder taken during the night.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HintRow {
    pub at: TimeOfDay,
    /// The lesson's id and title.
    pub lesson: String,
    pub title: String,
    /// 1 the nudge, 2 the concept, 3 the expert's move.
    pub rung: usize,
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
    /// What was true all along: the provider's night and when each theory could be known.
    pub ghost: Ghost,
    /// Every rung of a hint ladder the player took, in order: the grade says "assisted" when any.
    pub hints: Vec<HintRow>,
    /// What the player changed and had not put back when the night ended, in words: what the
    /// "left undone" part counts (see `World::left_undone`).
    pub left_undone: Vec<String>,
    /// What the "escalation delay" part counts, where it counted any: "counted while customers
    /// were hurt before the incident reached SEV1 (00:06)", or "… was below SEV1: it ended at SEV2".
    pub escalation: Option<String>,
}

/// What the escalation delay counted tonight, in words (none where it counted nothing).
fn escalation_words(night: &Session) -> Option<String> {
    let w = night.world();
    let s = w.scenario();
    if w.tally().escalation_minutes < 0.5 {
        return None;
    }
    let steps = s.scoring.escalate_to;
    let owed = crate::sim::Levers::severity_after(steps);
    Some(match w.levers().escalated_by(steps) {
        Some(m) => format!(
            "counted while customers were hurt before the incident reached SEV{owed} ({})",
            s.clock_at(m)
        ),
        None => format!(
            "counted while customers were hurt and the incident was below SEV{owed}: it ended at SEV{}",
            w.levers().severity()
        ),
    })
}

fn harm(history: &[Metrics], s: &Scenario) -> Vec<(f64, f64)> {
    // In whole points as the headline gives them (each part rounded, then summed), so the last
    // point is the night's blast radius to the point, in the chart and in every export.
    history
        .iter()
        .map(|m| {
            let points = Breakdown::new(&m.tally, &s.scoring).points();
            (m.minute as f64, points.max(0) as f64)
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
            owner: d.owner.clone(),
            queued_until: d
                .started(night.world())
                .filter(|m| *m > d.at)
                .map(|m| s.clock_at(m)),
            worth: None,
            late_for: (0..s.lessons.len())
                .filter(|&l| d.late_for(night.world(), l))
                .map(|l| s.lessons[l].id.clone())
                .collect(),
        })
        .collect()
}

/// A whole number with its sign and thousands separators: +1,234, −56, ±0.
pub fn signed(n: i64) -> String {
    match n.signum() {
        1 => format!("+{}", super::thousands(n)),
        -1 => format!("−{}", super::thousands(-n)),
        _ => "±0".to_string(),
    }
}

/// Blast radius of a script over the reference seeds.
fn spread(s: &Arc<Scenario>, script: &Script) -> Spread {
    let nights: Vec<f64> = (1..=REFERENCE_SEEDS)
        .into_par_iter()
        .map(|k| score_of(s.clone(), k, script).total())
        .collect();
    Spread::of(&nights)
}

/// The grade of a night: paired with its seed's own references (the same luck), the span between
/// them floored at `score::SPAN_FLOOR` of the scenario's typical span (medians over the
/// reference seeds), so a seed where doing nothing went well does not magnify a small slip.
pub fn grade(player: f64, expert: f64, nothing: f64, typical_span: f64) -> char {
    score::grade_within(player, expert, nothing, typical_span * score::SPAN_FLOOR)
}

/// The span (`score::span`) from the expert's to doing nothing's, medians over the reference
/// seeds.
pub fn typical_span(s: &Arc<Scenario>) -> f64 {
    score::span(
        spread(s, &Script::expert(s)).median,
        spread(s, &Script::default()).median,
    )
}

/// What a debrief needs of the scenario's reference nights at a seed: the expert's night, doing
/// nothing's, their spreads over the reference seeds, and (for a full debrief) the expert's
/// decisions weighed. It depends only on the scenario and the seed, so the TUI works it out while
/// the night is being played.
#[derive(Debug, Clone)]
pub struct Groundwork {
    seed: u64,
    expert_night: Session,
    expert_rows: Vec<DecisionRow>,
    nothing: Breakdown,
    references: References,
}

impl Groundwork {
    /// The references at a seed; the expert's decisions weighed when `weigh_expert`.
    pub fn new(s: &Arc<Scenario>, seed: u64, weigh_expert: bool) -> Groundwork {
        Groundwork::reusing(s, seed, weigh_expert, None)
    }

    /// The same, taking `night` as a reference night when it is one (not played again).
    fn reusing(
        s: &Arc<Scenario>,
        seed: u64,
        weigh_expert: bool,
        night: Option<&Session>,
    ) -> Groundwork {
        let expert_script = Script::expert(s);
        let is_expert = |n: &&Session| script_of(n).0 == expert_script.in_order(s);
        let expert_night = match night.filter(is_expert) {
            Some(n) => n.clone(),
            None => run(s.clone(), seed, &expert_script),
        };
        let nothing = match night.filter(|n| n.log().is_empty()) {
            Some(n) => n.breakdown(),
            None => score_of(s.clone(), seed, &Script::default()),
        };
        let references = References {
            expert: expert_night.breakdown().points(),
            nothing: nothing.points(),
            expert_spread: spread(s, &expert_script),
            nothing_spread: spread(s, &Script::default()),
        };
        let mut expert_rows = rows(&expert_night);
        if weigh_expert {
            weigh(s, seed, &expert_night, &references, &mut expert_rows);
        }
        Groundwork {
            seed,
            expert_night,
            expert_rows,
            nothing,
            references,
        }
    }
}

impl Debrief {
    /// The summary of a finished night: score, grade, parts, references, and your decisions
    /// weighed (so the lesson marks stand on evidence). The expert's decisions are not weighed.
    pub fn summary(night: &Session) -> Debrief {
        let s = night.world().scenario().clone();
        let g = Groundwork::reusing(&s, night.seed(), false, Some(night));
        Debrief::with(night, &g)
    }

    /// The whole debrief: the summary, and the expert's decisions weighed too.
    pub fn full(night: &Session) -> Debrief {
        let s = night.world().scenario().clone();
        let g = Groundwork::reusing(&s, night.seed(), true, Some(night));
        Debrief::with(night, &g)
    }

    /// The debrief of a night on groundwork already laid for its scenario and seed (falls back to
    /// laying it again if the seed differs).
    pub fn with(night: &Session, g: &Groundwork) -> Debrief {
        let s = night.world().scenario().clone();
        let seed = night.seed();
        if g.seed != seed {
            return Debrief::full(night);
        }
        let expert_parts = g.expert_night.breakdown();
        let yours = night.breakdown();
        let parts: Vec<PartLine> = yours
            .parts
            .iter()
            .zip(&expert_parts.parts)
            .map(|(p, e)| PartLine {
                name: p.name,
                label: night.scenario().part_words(p.name, p.unit).0,
                group: p.group,
                count: p.count,
                unit: night.scenario().part_words(p.name, p.unit).1,
                yours: p.points.round() as i64,
                expert: e.points.round() as i64,
            })
            .collect();
        let references = g.references;
        let mut mine = rows(night);
        weigh(&s, seed, night, &references, &mut mine);
        let typical_span = score::span(
            references.expert_spread.median,
            references.nothing_spread.median,
        );
        Debrief {
            scenario: s.id.clone(),
            title: s.title.clone(),
            seed,
            blast_radius: parts.iter().map(|p| p.yours).sum(),
            grade: grade(
                yours.total(),
                expert_parts.total(),
                g.nothing.total(),
                typical_span,
            ),
            references,
            parts,
            lessons: lessons(&s, &mine),
            hints: night
                .hints()
                .iter()
                .filter_map(|h| {
                    let l = s.lessons.get(h.lesson)?;
                    Some(HintRow {
                        at: s.clock_at(h.at),
                        lesson: l.id.clone(),
                        title: l.title.clone(),
                        rung: h.rung,
                    })
                })
                .collect(),
            yours: mine,
            expert: g.expert_rows.clone(),
            harm_yours: harm(night.world().history(), &s),
            harm_expert: harm(g.expert_night.world().history(), &s),
            ghost: Ghost::of(night.world(), g.expert_night.world()),
            left_undone: night.world().left_undone(),
            escalation: escalation_words(night),
        }
    }

    /// Whether hints were taken: the grade is then "assisted", and says so everywhere.
    pub fn assisted(&self) -> bool {
        !self.hints.is_empty()
    }

    /// The grade as every screen and export shows it: "B", or "B, assisted (3 hints)".
    pub fn grade_label(&self) -> String {
        match self.hints.len() {
            0 => self.grade.to_string(),
            1 => format!("{}, assisted (1 hint)", self.grade),
            n => format!("{}, assisted ({n} hints)", self.grade),
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
