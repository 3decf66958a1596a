//! The coach: what a newcomer is helped with, and how the help is counted. Each lesson with a hint
//! ladder has a *window* around the expert's first step that applies it; the hint offered now is
//! for the lesson whose window is open and closes soonest (or, when none is open, whose moment is
//! nearest). Every rung taken is kept with the night (`HintTaken`), replayed from scripts, shown
//! in the debrief and the exports, and makes the grade "assisted". After the night, [`advice`]
//! turns the debrief into what went well, what to practise next, and the night to try next.

use crate::scenario::{HINT_RUNGS, Minute, Scenario, Severity};
use crate::sim::EventKind;

use super::debrief::Debrief;
use super::lessons::Mark;
use super::{World, worth_words};

/// Minutes before the expert's step that a lesson's window opens.
pub const WINDOW_OPENS: Minute = 30;
/// Minutes after the expert's step that a lesson's window closes.
pub const WINDOW_CLOSES: Minute = 20;
/// Minutes before a window closes that the guided night offers its nudge by itself.
pub const NUDGE_BEFORE_CLOSE: Minute = 5;

/// One rung of a hint ladder the player took.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HintTaken {
    pub at: Minute,
    /// The lesson, by its place in the scenario.
    pub lesson: usize,
    /// 1 the nudge, 2 the concept, 3 the expert's move.
    pub rung: usize,
}

/// A lesson's window: from `opens` to `closes`, around the expert's first step that applies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub expert_at: Minute,
    pub opens: Minute,
    pub closes: Minute,
}

/// The window of a lesson with a hint ladder, if the expert applies it at some point.
pub fn window(s: &Scenario, lesson: usize) -> Option<Window> {
    let l = s.lessons.get(lesson)?;
    if l.hints.len() != HINT_RUNGS {
        return None;
    }
    let expert_at = s
        .expert
        .iter()
        .filter(|x| l.applied_by.contains(&x.action))
        .map(|x| s.minute_of(x.at))
        .min()?;
    Some(Window {
        expert_at,
        opens: expert_at.saturating_sub(WINDOW_OPENS),
        closes: expert_at + WINDOW_CLOSES,
    })
}

/// Whether the night has carried out, or has under way, an action that applies the lesson.
pub fn applied(w: &World, lesson: usize) -> bool {
    let s = w.scenario();
    s.lessons.get(lesson).is_some_and(|l| {
        l.applied_by
            .iter()
            .filter_map(|id| s.actions.iter().position(|a| &a.id == id))
            .any(|a| w.crew().done(a) || w.crew().pending().iter().any(|p| p.action == a))
    })
}

/// The lesson a hint would be about now: among lessons with a ladder not yet applied, the one
/// whose window is open and closes soonest; else the one whose expert moment is nearest. While
/// nothing has paged beyond information, a hint speaks only of a step whose moment has come: a
/// ladder about trouble nobody can see yet would tell the future.
pub fn lesson_now(w: &World) -> Option<usize> {
    let s = w.scenario();
    let now = w.minute();
    let quiet = !trouble_paged(w);
    let open: Vec<(usize, Window)> = (0..s.lessons.len())
        .filter(|&i| !applied(w, i))
        .filter_map(|i| window(s, i).map(|x| (i, x)))
        .filter(|(_, x)| !quiet || x.expert_at <= now)
        .collect();
    open.iter()
        .filter(|(_, x)| x.opens <= now && now <= x.closes)
        .min_by_key(|(i, x)| (x.closes, *i))
        .or_else(|| {
            open.iter()
                .min_by_key(|(i, x)| (x.expert_at.abs_diff(now), *i))
        })
        .map(|(i, _)| *i)
}

/// Whether anything has paged at warning or critical tonight: trouble the company can see.
pub fn trouble_paged(w: &World) -> bool {
    w.events().iter().any(|e| {
        matches!(
            e.kind,
            EventKind::Alert(Severity::Warning | Severity::Critical)
        )
    })
}

/// Rungs of a lesson's ladder taken so far.
pub fn rungs_taken(hints: &[HintTaken], lesson: usize) -> usize {
    hints.iter().filter(|h| h.lesson == lesson).count()
}

/// The lesson whose window is about to close with nothing done and no hint taken: the guided
/// night offers its nudge by itself.
pub fn nudge_due(w: &World, hints: &[HintTaken]) -> Option<usize> {
    let s = w.scenario();
    let now = w.minute();
    (0..s.lessons.len()).find(|&i| {
        window(s, i).is_some_and(|x| {
            now + NUDGE_BEFORE_CLOSE >= x.closes && now <= x.closes && x.opens <= now
        }) && !applied(w, i)
            && rungs_taken(hints, i) == 0
    })
}

/// What a finished night says to a newcomer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub well: Vec<String>,
    pub practise: Vec<String>,
    /// The night to try next: a command line.
    pub next: String,
}

/// What went well (lessons applied, the decisions worth the most), what to practise (lessons
/// broken, the costliest decision, then lessons some action applies that the night missed), and
/// the night to try next.
pub fn advice(d: &Debrief, s: &Scenario, builtin: &[&str]) -> Advice {
    // A lesson only an action can break is kept by not breaking it: missing it is no gap.
    let appliable = |id: &str| {
        s.lessons
            .iter()
            .any(|l| l.id == id && !l.applied_by.is_empty())
    };
    // A lesson kept in part (one decision kept it, another cost) is said as that in both lists:
    // in part among what went well, and with what cost among what to practise.
    let mut well: Vec<String> = d
        .lessons
        .iter()
        .filter_map(|l| match l.mark {
            Mark::Applied => Some(l.title.clone()),
            Mark::Both => Some(format!("{}, in part", l.title)),
            _ => None,
        })
        .collect();
    let mut weighed: Vec<_> = d
        .yours
        .iter()
        .filter_map(|r| r.worth.as_ref().map(|w| (r, w)))
        .collect();
    weighed.sort_by(|a, b| b.1.headline().total_cmp(&a.1.headline()));
    if let Some((r, w)) = weighed.first().filter(|(_, w)| w.helped()) {
        well.push(format!("{} at {}: {}", r.label, r.at, worth_words(w)));
    }
    let mut practise: Vec<String> = d
        .lessons
        .iter()
        .filter_map(|l| match l.mark {
            Mark::Broken => Some(format!("{} ({})", l.title, l.summary)),
            Mark::Both => {
                let cost = l.evidence.iter().find_map(|e| {
                    e.strip_prefix("against it: ")
                        .or_else(|| e.strip_prefix("done, but it cost: "))
                });
                Some(match cost {
                    Some(c) => format!("{}, the part that cost: {c}", l.title),
                    None => format!("{} ({})", l.title, l.summary),
                })
            }
            _ => None,
        })
        .collect();
    if let Some((r, w)) = weighed.last().filter(|(_, w)| w.hurt()) {
        practise.push(format!("{} at {}: {}", r.label, r.at, worth_words(w)));
    }
    practise.extend(
        d.lessons
            .iter()
            .filter(|l| l.mark == Mark::Missed && appliable(&l.id))
            .take(3usize.saturating_sub(practise.len()).max(1))
            .map(|l| l.title.clone()),
    );
    let near_expert = matches!(d.grade, 'A' | 'B') && d.hints.is_empty();
    let next = match builtin.iter().position(|id| *id == d.scenario) {
        Some(i) if near_expert => {
            let other = builtin[(i + 1) % builtin.len()];
            format!("blastradius learn {other}")
        }
        _ if near_expert => format!("blastradius play {} --seed {}", d.scenario, d.seed + 1),
        _ => format!("blastradius learn {} --seed {}", d.scenario, d.seed + 1),
    };
    Advice {
        well,
        practise,
        next,
    }
}
