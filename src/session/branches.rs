//! Two lines of one night: the one played now and one left behind by rewinding to an earlier
//! decision. Where they part, and what each came to.

use super::nightlog::Branch;
use super::{Session, record_of};
use crate::scenario::Minute;
use crate::score;

/// The line left behind, set beside the night played now.
#[derive(Debug, Clone, PartialEq)]
pub struct OtherLine {
    /// The clock time the team rewound to: where the lines part.
    pub parted: String,
    /// Where the other line's clock had got before the team rewound ("HH:MM"); after it, the
    /// other line is played on with no more decisions.
    pub left_at: String,
    /// Whether the other line was played to the night's end before the rewind.
    pub finished: bool,
    /// The other line's blast radius at the end of the night, in whole points.
    pub blast_radius: i64,
    /// Its blast radius so far, minute by minute: (minute, points).
    pub harm: Vec<(f64, f64)>,
    /// The first input where the lines differ, as each line has it ("01:10 Freeze CI/CD"); `None`
    /// when a line has no input there.
    pub this_first: Option<String>,
    pub other_first: Option<String>,
}

/// Set the other line beside `night` (played to its end): the other line is played again from its
/// inputs and on to the end of the night with no more decisions.
pub fn compare(night: &Session, other: &Branch) -> OtherLine {
    let s = night.world().scenario().clone();
    let mut line = Session::new(s.clone(), night.seed());
    line.play_entries(&other.script.in_order(&s));
    line.run_to_end();
    let harm = line
        .world()
        .history()
        .iter()
        .map(|m| {
            (
                m.minute as f64,
                score::blast_radius(&m.tally, &s.scoring).max(0.0),
            )
        })
        .collect();
    let this = record_of(night).in_order(&s);
    let theirs = other.script.in_order(&s);
    let same = this.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
    let said = |e: Option<&super::ScriptEntry>| {
        e.map(|e| {
            let what = if let Some(h) = &e.hint {
                format!("hint ({h})")
            } else if e.inject.is_some() {
                "an inject".to_string()
            } else {
                match super::ActionRef::resolve(&s, &e.action, e.target.as_deref()) {
                    Ok(a) => a.label(&s),
                    Err(_) => e.action.clone(),
                }
            };
            format!("{} {what}", e.at)
        })
    };
    OtherLine {
        parted: s.clock_at(other.parted.min(s.length())).to_string(),
        left_at: s.clock_at(other.reached.min(s.length())).to_string(),
        finished: other.reached > s.length(),
        blast_radius: line.blast_radius().round() as i64,
        harm,
        this_first: said(this.get(same)),
        other_first: said(theirs.get(same)),
    }
}

/// The inputs of `night` taken before its `decision`-th decision (`None`: before anything, the
/// start of the night): what a rewind to that point keeps. The night rewound is these, played
/// again, with the clock at the decision's minute. Hints taken after the point are not undone
/// (what was read stays read): they stay in the line, at the minute it goes on from, so the grade
/// still says "assisted" and the hint ladder goes on from the rung it had reached.
pub fn before_decision(night: &Session, decision: Option<usize>) -> (super::Script, Minute) {
    let (at, cut) = match decision {
        Some(d) => (
            night.log().get(d).map_or(0, |x| x.at),
            night
                .taken()
                .iter()
                .position(|t| *t == super::Taken::Decision(d))
                .unwrap_or(night.taken().len()),
        ),
        None => (0, 0),
    };
    let mut kept = record_of(night);
    let after = kept.0.split_off(cut.min(kept.0.len()));
    let when = night.scenario().clock_at(at);
    kept.0
        .extend(after.into_iter().filter(|e| e.hint.is_some()).map(|mut e| {
            e.at = when;
            e
        }));
    (kept, at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;
    use std::sync::Arc;

    #[test]
    fn hints_taken_after_a_rewind_point_are_not_undone() {
        let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
        let lesson = s.lessons.iter().position(|l| !l.hints.is_empty()).unwrap();
        let mut first = Session::new(s.clone(), 5);
        first.run_until(10);
        first.take_hint(lesson);
        first.run_until(20);
        first.act_id("open_incident_channel", None, None).unwrap();
        first.run_until(25);
        first.take_hint(lesson);
        first.take_hint(lesson);
        first.run_until(40);
        for (to, at) in [(Some(0), 20), (None, 0)] {
            let (kept, parted) = before_decision(&first, to);
            assert_eq!(parted, at);
            let mut again = Session::new(s.clone(), 5);
            again.play_entries(&kept.in_order(&s));
            again.run_until(parted);
            assert!(again.log().is_empty(), "the decision is undone");
            // Every rung read is still counted, in the order read, at or before the point.
            let rungs: Vec<usize> = again.hints().iter().map(|h| h.rung).collect();
            assert_eq!(rungs, vec![1, 2, 3], "{to:?}");
            assert!(again.hints().iter().all(|h| h.at <= parted.max(10)));
        }
    }

    #[test]
    fn a_rewound_line_parts_at_the_decision_and_is_weighed_to_the_end() {
        let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
        let mut first = Session::new(s.clone(), 5);
        first.run_until(15);
        first.act_id("open_incident_channel", None, None).unwrap();
        first.run_until(30);
        first
            .act_id("restart_service", Some("api"), Some("panic"))
            .unwrap();
        first.run_until(60);
        let (kept, at) = before_decision(&first, Some(1));
        assert_eq!(at, 30);
        assert_eq!(
            kept.0.len(),
            1,
            "only the decision before the one rewound to"
        );
        let branch = Branch {
            parted: at,
            reached: first.now(),
            script: record_of(&first),
        };
        let mut second = Session::new(s.clone(), 5);
        second.play_entries(&kept.0);
        second.run_until(at);
        second.act_id("freeze_cicd", None, None).unwrap();
        second.run_to_end();
        let other = compare(&second, &branch);
        assert_eq!(other.parted, s.clock_at(30).to_string());
        assert!(
            other.this_first.as_deref().unwrap().contains("Freeze"),
            "{other:?}"
        );
        assert!(
            other.other_first.as_deref().unwrap().contains("Restart"),
            "{other:?}"
        );
        assert_eq!(other.harm.len(), second.world().history().len());
        assert!(!other.finished);
    }
}
