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
use super::{Script, Session, run, score_of, script_of, without_each_from};
use crate::scenario::{Effect, Scenario, TimeOfDay};
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

/// What a decision saved (+) or cost (−): the night without it less the night with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Worth {
    /// On the night's own seed.
    pub own: f64,
    /// Over `WORTH_SEEDS` seeds.
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    /// Too small against its spread (or against the night) to call it saved or cost.
    pub within_noise: bool,
    /// Carried out tonight, but fumbled: it changed nothing on this seed, whatever it is worth
    /// on the others (where the fumble may not come). Its headline is tonight's worth.
    pub fumbled: bool,
    /// What moved, on the night's own seed (the mean is over several, and can differ in sign):
    /// "on this seed (+3,202) without it: 38 more instances (capacity destroyed)".
    pub why: String,
}

impl Worth {
    /// Whether it helped tonight: worth more than noise over the seeds, and not fumbled.
    pub fn helped(&self) -> bool {
        !self.within_noise && !self.fumbled && self.mean > 0.0
    }

    /// Whether it cost tonight: worth less than noise over the seeds, and not fumbled.
    pub fn hurt(&self) -> bool {
        !self.within_noise && !self.fumbled && self.mean < 0.0
    }

    /// Nothing moved on any seed (to the point): not noise, no effect at all.
    pub fn changed_nothing(&self) -> bool {
        self.low.round() == 0.0 && self.high.round() == 0.0
    }

    /// The figure a debrief leads with: the mean over the seeds, or for a decision fumbled
    /// tonight what it was worth on this seed (nothing changed, so about nothing).
    pub fn headline(&self) -> f64 {
        if self.fumbled { self.own } else { self.mean }
    }
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
            queued_until: d.starts.filter(|m| *m > d.at).map(|m| s.clock_at(m)),
            worth: None,
            late_for: (0..s.lessons.len())
                .filter(|&l| d.late_for(night.world(), l))
                .map(|l| s.lessons[l].id.clone())
                .collect(),
        })
        .collect()
}

/// "12,345 more failed sales", "30 fewer escalation minutes", "4 more instances (capacity
/// destroyed)": a count's change, in its unit and the scenario's words. A part named for what it
/// counts reads as one phrase ("5 more sales (delayed sales)" read as if sales were won).
fn counted(s: &Scenario, delta: f64, unit: &str, name: &str) -> String {
    let (label, unit) = s.part_words(name, unit);
    let n = delta.abs().round() as i64;
    let more = if delta > 0.0 { "more" } else { "fewer" };
    let counted = super::quantity(n, &unit);
    let (number, counted_unit) = counted.split_once(' ').unwrap_or((&counted, ""));
    match label.strip_suffix(unit.as_str()) {
        Some(kind) if kind.ends_with(' ') => format!("{number} {more} {kind}{counted_unit}"),
        _ => format!("{number} {more} {counted_unit} ({label})"),
    }
}

/// What moved between the night with a decision and without it: the parts that changed most.
/// A decision that declares a severity and cost in communication gaps says why: a declared
/// incident owes the executives news (see the scoring of `comms_gap_minute`).
fn reason(s: &Scenario, action: &str, with: &Breakdown, without: &Breakdown) -> String {
    let mut moved: Vec<(f64, String)> = with
        .parts
        .iter()
        .zip(&without.parts)
        .filter(|(a, b)| (b.points - a.points).abs() >= 0.5 && (b.count - a.count).abs() >= 0.5)
        .map(|(a, b)| {
            (
                (b.points - a.points).abs(),
                counted(s, b.count - a.count, a.unit, a.name),
            )
        })
        .collect();
    if moved.is_empty() {
        return "on this seed nothing changed without it".to_string();
    }
    moved.sort_by(|a, b| b.0.total_cmp(&a.0));
    let declares = s.action(action).is_some_and(|a| {
        a.effects
            .iter()
            .any(|e| matches!(e, Effect::Escalate | Effect::Declare(_)))
    });
    let gaps = with
        .parts
        .iter()
        .zip(&without.parts)
        .find(|(a, _)| a.name == "communication_gaps");
    let owed_more = gaps.is_some_and(|(a, b)| a.count - b.count >= 0.5);
    let parts: Vec<String> = moved.into_iter().take(2).map(|(_, t)| t).collect();
    // Why the gaps came with it: said as what the decision brought, not as one more thing that
    // would have happened without it.
    let owed = if declares && owed_more {
        format!(
            "; with it, a declared incident owes the executives news every {} minutes from when they are on hand",
            s.scoring.update_every
        )
    } else {
        String::new()
    };
    // This seed's own worth, beside the mean over the seeds the figure before it gives.
    let own = (without.total() - with.total()).round() as i64;
    format!(
        "on this seed ({}) without it: {}{owed}",
        signed(own),
        parts.join(", ")
    )
}

/// Weigh every decision that was carried out, on `WORTH_SEEDS` seeds. The nights keep the refused
/// decisions too: one that an earlier decision blocked (a busy responder) may go through without
/// it, and that is part of what the earlier one cost.
fn weigh(
    s: &Arc<Scenario>,
    seed: u64,
    played: &Session,
    refs: &References,
    rows: &mut [DecisionRow],
) {
    let script = script_of(played);
    let seeds: Vec<u64> = (0..WORTH_SEEDS).map(|k| seed.wrapping_add(k)).collect();
    let carried: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].refusal.is_none())
        .collect();
    if carried.is_empty() {
        return;
    }
    // Per seed: the night as played, and the night without each carried decision. A decision
    // about a drawn zone (the gray one) is about that seed's drawn zone.
    let here = played.world().provider().drawn().to_vec();
    let (with, without): (Vec<Breakdown>, Vec<Vec<Breakdown>>) = seeds
        .par_iter()
        .map(|&k| {
            let there = Session::new(s.clone(), k)
                .world()
                .provider()
                .drawn()
                .to_vec();
            let script = script.with_zones_drawn(s, &here, &there);
            let night = Session::for_score(s.clone(), k);
            let (night, without) = without_each_from(night, &script, &carried);
            (night.breakdown(), without)
        })
        .unzip();
    for (n, &i) in carried.iter().enumerate() {
        let nights: Vec<&Breakdown> = without.iter().map(|w| &w[n]).collect();
        let w: Vec<f64> = nights
            .iter()
            .zip(&with)
            .map(|(a, b)| a.total() - b.total())
            .collect();
        let (mean, _) = mean_and_error(&w);
        let (low, high) = w
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| {
                (l.min(*x), h.max(*x))
            });
        let within_noise = within_noise(&w, refs.expert_spread.median);
        rows[i].worth = Some(Worth {
            own: w[0],
            mean,
            low,
            high,
            within_noise,
            fumbled: rows[i].outcome == Some(Outcome::Fumbled),
            why: reason(s, &rows[i].action, &with[0], nights[0]),
        });
    }
}

/// How far a decision's worth spread over the seeds: "−40 to +3,200 over 8 seeds", "+1,816 on
/// all 8 seeds" where the ends meet, "the same on all 8 seeds" where it changed nothing.
pub fn range_words(w: &Worth) -> String {
    let (low, high) = (w.low.round() as i64, w.high.round() as i64);
    if w.changed_nothing() {
        format!("the same on all {WORTH_SEEDS} seeds")
    } else if low == high {
        format!("{} on all {WORTH_SEEDS} seeds", signed(low))
    } else {
        format!(
            "{} to {} over {WORTH_SEEDS} seeds",
            signed(low),
            signed(high)
        )
    }
}

/// "+3,202 saved", "−450 cost", "±0, within noise (−40 to +35)", "±0, changed nothing (over 8
/// seeds)", "±0 tonight, fumbled; +38,204
/// on average (±0 to +61,020 over 8 seeds)".
pub fn worth_words(w: &Worth) -> String {
    let n = w.mean.round() as i64;
    let range = range_words(w);
    if w.fumbled {
        // Its mean is over seeds where it may have gone through: never this night's headline.
        let tonight = signed(w.own.round() as i64);
        format!(
            "{tonight} tonight, fumbled; {} on average ({range})",
            signed(n)
        )
    } else if w.changed_nothing() {
        format!("±0, changed nothing (over {WORTH_SEEDS} seeds)")
    } else if w.within_noise {
        format!("{}, within noise ({range})", signed(n))
    } else if n > 0 {
        format!("{} saved ({range})", signed(n))
    } else {
        format!("{} cost ({range})", signed(n))
    }
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

/// Doing nothing less the expert, medians over the reference seeds.
pub fn typical_span(s: &Arc<Scenario>) -> f64 {
    spread(s, &Script::default()).median - spread(s, &Script::expert(s)).median
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
        let typical_span = references.nothing_spread.median - references.expert_spread.median;
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

#[cfg(test)]
mod tests {
    use crate::scenario;

    #[test]
    fn a_worth_reads_as_what_it_was() {
        let w = |mean: f64, low: f64, high: f64, within_noise: bool| super::Worth {
            own: mean,
            mean,
            low,
            high,
            within_noise,
            fumbled: false,
            why: String::new(),
        };
        let words = |x: super::Worth| super::worth_words(&x);
        assert_eq!(
            words(w(0.0, 0.0, 0.0, true)),
            "±0, changed nothing (over 8 seeds)"
        );
        assert_eq!(
            words(w(2.0, -40.0, 35.0, true)),
            "+2, within noise (−40 to +35 over 8 seeds)"
        );
        assert_eq!(
            words(w(3202.0, 3000.0, 3400.0, false)),
            "+3,202 saved (+3,000 to +3,400 over 8 seeds)"
        );
        assert_eq!(
            words(w(-450.0, -500.0, -400.0, false)),
            "−450 cost (−500 to −400 over 8 seeds)"
        );
        // The same on every seed: one figure, not a range from it to itself.
        assert_eq!(
            words(w(1816.0, 1816.2, 1815.9, false)),
            "+1,816 saved (+1,816 on all 8 seeds)"
        );
    }

    #[test]
    fn a_change_in_a_count_reads_as_what_was_counted() {
        let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
        let counted = |d, unit, name| super::counted(&s, d, unit, name);
        assert_eq!(
            counted(5.0, "transactions", "delayed_transactions"),
            "5 more delayed sales"
        );
        assert_eq!(
            counted(-1.0, "transactions", "failed_transactions"),
            "1 fewer failed sale"
        );
        assert_eq!(
            counted(-30.0, "minutes", "escalation_delay"),
            "30 fewer minutes (escalation delay)"
        );
        assert_eq!(
            counted(4.0, "instances", "capacity_destroyed"),
            "4 more instances (capacity destroyed)"
        );
    }
}
