//! How a night stands against each lesson: applied, broken, both, backfired, of no effect, too
//! late or missed, from what the decisions that apply or break it were worth (and, for a lesson with
//! `in_time`, when they finished), with the evidence in the same words everywhere.

use super::debrief::{DecisionRow, Worth, worth_words};
use crate::scenario::{Lesson, Scenario};
use crate::sim::Outcome;

/// How a night stands against one lesson, from what its decisions were worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// A decision that applies it was carried out and helped.
    Applied,
    /// A decision that goes against it was carried out and cost.
    Broken,
    /// Both in the same night: a decision that applies it helped, and one that goes against it
    /// (or applies it) cost.
    Both,
    /// Decisions that apply it were carried out, none helped and one cost more than noise: done,
    /// but not well (a queue paused and never resumed).
    Backfired,
    /// Decisions that apply it were carried out, but none changed the night measurably.
    NoEffect,
    /// Decisions that apply it were carried out, but only after its `in_time` had passed.
    Late,
    /// A lesson only a decision can break (it names none that apply it), and none that breaks
    /// it was carried out: kept by not breaking it.
    Kept,
    /// Nothing that applies or breaks it was carried out.
    Missed,
}

impl Mark {
    /// The mark as every screen and export shows it.
    pub fn label(self) -> &'static str {
        match self {
            Mark::Applied => "✓ applied",
            Mark::Broken => "✗ broken",
            Mark::Both => "! both",
            Mark::Backfired => "! backfired",
            Mark::NoEffect => "~ no effect",
            Mark::Late => "» too late",
            Mark::Kept => "✓ kept",
            Mark::Missed => "· missed",
        }
    }

    /// The mark as a word for machines: a JSON value, an HTML class ("no_effect").
    pub fn key(self) -> &'static str {
        match self {
            Mark::Applied => "applied",
            Mark::Broken => "broken",
            Mark::Both => "both",
            Mark::Backfired => "backfired",
            Mark::NoEffect => "no_effect",
            Mark::Late => "late",
            Mark::Kept => "kept",
            Mark::Missed => "missed",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct LessonMark {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub mark: Mark,
    /// The decisions behind the mark, with what each was worth.
    pub evidence: Vec<String>,
}

/// One line of evidence: "23:53 Disable health-check replacement: +3,202 saved"; a decision that
/// goes against the lesson says so first ("against it: 00:10 Restart a service (api): −4,100
/// cost"); one that applies it and cost says that first too ("done, but it cost: …"), so no cost
/// stands unexplained under a lesson marked as kept. A decision of the kind that goes against a
/// lesson but helped tonight (CI/CD unfrozen once the provider had recovered, jobs resumed at once
/// rather than never) is not evidence against it, and is left out: its worth is in the decisions.
fn evidence(r: &DecisionRow, against: bool) -> String {
    if r.outcome == Some(Outcome::Fumbled) {
        return format!("{} {}: fumbled, nothing changed tonight", r.at, r.label);
    }
    let worth = match &r.worth {
        Some(w) => worth_words(w),
        None => "not weighed".to_string(),
    };
    let role = if against {
        "against it: "
    } else if r.worth.as_ref().is_some_and(Worth::hurt_itself) {
        "done, but it cost: "
    } else if r.worth.as_ref().is_some_and(Worth::hurt) {
        // It cost only by the time it took while later decisions waited: said as that.
        "done, but what waited behind it cost: "
    } else {
        ""
    };
    format!("{role}{} {}: {worth}", r.at, r.label)
}

/// A lesson that names no decision applying it, only ones breaking it, is kept when none of
/// those was carried out.
fn kept_by_not_breaking(l: &Lesson, breaking: &[&DecisionRow]) -> bool {
    l.applied_by.is_empty() && !l.broken_by.is_empty() && breaking.is_empty()
}

/// The evidence of a lesson kept by not breaking it: "none of: Restart a service, …".
fn none_of(s: &Scenario, actions: &[String]) -> String {
    let names: Vec<&str> = actions
        .iter()
        .map(|a| s.action(a).map_or(a.as_str(), |x| x.name.as_str()))
        .collect();
    format!("none of: {}", names.join(", "))
}

pub(super) fn lessons(s: &Scenario, rows: &[DecisionRow]) -> Vec<LessonMark> {
    s.lessons
        .iter()
        .map(|l| {
            // A fumbled decision changed nothing tonight: it neither applies a lesson nor breaks
            // one (its worth over other seeds, where it may have gone through, says nothing of
            // this night). It is listed, as fumbled.
            let carried = |ids: &[String]| -> Vec<&DecisionRow> {
                rows.iter()
                    .filter(|r| {
                        r.refusal.is_none()
                            && r.outcome != Some(Outcome::Fumbled)
                            && ids.contains(&r.action)
                    })
                    .collect()
            };
            let fumbled: Vec<&DecisionRow> = rows
                .iter()
                .filter(|r| {
                    r.outcome == Some(Outcome::Fumbled)
                        && (l.applied_by.contains(&r.action) || l.broken_by.contains(&r.action))
                })
                .collect();
            let (applying, late): (Vec<&DecisionRow>, Vec<&DecisionRow>) = carried(&l.applied_by)
                .into_iter()
                .partition(|r| !r.late_for.contains(&l.id));
            let breaking = carried(&l.broken_by);
            // Marked by what each decision did by itself: one whose cost came of the time it
            // took while later decisions waited (escalating while a fix was queued) neither
            // breaks a lesson nor makes it backfire; its worth says what the wait cost.
            let helped = applying
                .iter()
                .any(|r| r.worth.as_ref().is_some_and(Worth::helped_itself));
            let hurt = breaking
                .iter()
                .any(|r| r.worth.as_ref().is_some_and(Worth::hurt_itself));
            let backfired = applying
                .iter()
                .any(|r| r.worth.as_ref().is_some_and(Worth::hurt_itself));
            // A decision that applies the lesson and cost is as much against the night as one
            // that breaks it: beside one that helped, the lesson was both kept and not.
            let hurt = hurt || (helped && backfired);
            let mark = match (helped, hurt) {
                (true, true) => Mark::Both,
                (true, false) => Mark::Applied,
                (false, true) => Mark::Broken,
                (false, false) if backfired => Mark::Backfired,
                (false, false) if !applying.is_empty() => Mark::NoEffect,
                (false, false) if !late.is_empty() => Mark::Late,
                (false, false) if kept_by_not_breaking(l, &breaking) => Mark::Kept,
                (false, false) => Mark::Missed,
            };
            LessonMark {
                id: l.id.clone(),
                title: l.title.clone(),
                summary: l.summary.clone(),
                mark,
                evidence: applying
                    .iter()
                    .chain(&late)
                    .map(|r| evidence(r, false))
                    .chain(
                        breaking
                            .iter()
                            .filter(|r| !r.worth.as_ref().is_some_and(Worth::helped_itself))
                            .map(|r| evidence(r, true)),
                    )
                    .chain(fumbled.iter().map(|r| evidence(r, false)))
                    .chain((mark == Mark::Kept).then(|| none_of(s, &l.broken_by)))
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{self, TimeOfDay};

    fn row(action: &str, mean: f64) -> DecisionRow {
        DecisionRow {
            at: TimeOfDay::parse("00:10").unwrap(),
            action: action.into(),
            target: None,
            label: action.into(),
            outcome: None,
            refusal: None,
            note: None,
            owner: None,
            queued_until: None,
            worth: Some(Worth {
                own: mean,
                mean,
                low: mean,
                high: mean,
                within_noise: mean.abs() < 1.0,
                fumbled: false,
                why: String::new(),
                waiting: 0.0,
                itself: mean,
                itself_within_noise: mean.abs() < 1.0,
            }),
            late_for: Vec::new(),
        }
    }

    fn mark_of(rows: &[DecisionRow], lesson: &str) -> Mark {
        let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
        lessons(&s, rows)
            .into_iter()
            .find(|l| l.id == lesson)
            .unwrap()
            .mark
    }

    /// A lesson only a decision can break is kept while none that breaks it was carried out,
    /// with the evidence naming them; one carried out that cost breaks it; a lesson some
    /// decision applies is missed, not kept, when nothing was done.
    #[test]
    fn a_lesson_only_breaking_can_mark_is_kept_by_not_breaking_it() {
        let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
        let l = s
            .lessons
            .iter()
            .find(|l| l.applied_by.is_empty() && !l.broken_by.is_empty())
            .unwrap();
        assert_eq!(mark_of(&[], &l.id), Mark::Kept);
        let kept = lessons(&s, &[]);
        let m = kept.iter().find(|m| m.id == l.id).unwrap();
        assert!(m.evidence[0].starts_with("none of: "), "{m:?}");
        assert_eq!(
            mark_of(&[row(&l.broken_by[0], -5000.0)], &l.id),
            Mark::Broken
        );
        let applied = s.lessons.iter().find(|l| !l.applied_by.is_empty()).unwrap();
        assert_eq!(mark_of(&[], &applied.id), Mark::Missed);
        assert_eq!(Mark::Kept.label(), "✓ kept");
    }

    /// A lesson applied by a decision that cost, with none that helped, is marked as backfired,
    /// never as of no effect; beside one that helped it is both; one within noise is of no effect.
    #[test]
    fn an_applying_decision_that_cost_backfires() {
        let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
        let l = s.lessons.iter().find(|l| l.applied_by.len() >= 2).unwrap();
        let (a, b) = (&l.applied_by[0], &l.applied_by[1]);
        assert_eq!(mark_of(&[row(a, -5000.0)], &l.id), Mark::Backfired);
        // Beside one that helped, it is both: kept, and not (never a bare cost under "applied").
        assert_eq!(
            mark_of(&[row(a, -5000.0), row(b, 800.0)], &l.id),
            Mark::Both
        );
        let marks = lessons(&s, &[row(a, -5000.0), row(b, 800.0)]);
        let m = marks.iter().find(|m| m.id == l.id).unwrap();
        assert!(m.evidence[0].starts_with("done, but it cost: "), "{m:?}");
        assert!(!m.evidence[1].starts_with("done, but"), "{m:?}");
        assert_eq!(mark_of(&[row(a, 0.0)], &l.id), Mark::NoEffect);
        // Fumbled tonight, it changed nothing: the lesson is missed, whatever it is worth on
        // other seeds, and the evidence says it was fumbled.
        let mut fumbled = row(a, -5000.0);
        fumbled.outcome = Some(Outcome::Fumbled);
        assert_eq!(mark_of(std::slice::from_ref(&fumbled), &l.id), Mark::Missed);
        let marks = lessons(&s, &[fumbled]);
        let m = marks.iter().find(|m| m.id == l.id).unwrap();
        assert!(
            m.evidence[0].ends_with("fumbled, nothing changed tonight"),
            "{:?}",
            m.evidence
        );
        assert_eq!(Mark::Backfired.label(), "! backfired");
    }
}
