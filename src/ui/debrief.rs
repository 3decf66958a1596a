//! What the debrief screen shows, worked out once when the night ends: the summary and grade, the
//! harm over the night beside the expert's, and what each decision (the player's and the expert's)
//! cost or saved.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::report::{self, Summary};
use crate::scenario::Scenario;
use crate::score;
use crate::session::{self, Script, Session};
use crate::sim::Metrics;

/// One decision in the debrief.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub at: String,
    pub label: String,
    /// The refusal, for decisions that were not carried out.
    pub refused: Option<String>,
    /// "done", "fumbled", "under way" (when the night ended) or "refused".
    pub outcome: &'static str,
    /// The player's note, or the expert's reason.
    pub note: Option<String>,
    /// Blast radius saved (+) or cost (−) by this decision.
    pub worth: f64,
}

#[derive(Debug, Clone)]
pub struct Debrief {
    pub summary: Summary,
    /// The expert's night, part by part, in whole points.
    pub expert_breakdown: BTreeMap<&'static str, i64>,
    pub yours: Vec<Row>,
    pub expert: Vec<Row>,
    /// Blast radius so far, minute by minute: (minute, points).
    pub harm_yours: Vec<(f64, f64)>,
    pub harm_expert: Vec<(f64, f64)>,
    /// Which page is shown on a small screen, and how far the lists are scrolled.
    pub page: usize,
    pub scroll: u16,
}

/// Pages of the debrief on a screen too small to show it all at once.
pub const PAGES: [&str; 4] = ["Score", "Over the night", "Decisions", "Lessons"];

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

/// Rows for a script in time order. Only the decisions carried out are weighed: a refused one did
/// nothing, and replaying it without an earlier decision could let it through and credit it wrongly.
fn rows(s: &Arc<Scenario>, seed: u64, script: &Script, played: &Session) -> Vec<Row> {
    let refusals: Vec<Option<String>> = played.log.iter().map(|d| d.reason.clone()).collect();
    let outcomes: Vec<&'static str> = played
        .log
        .iter()
        .map(|d| d.outcome(&played.world))
        .collect();
    let entries = script.in_order(s);
    let refused = |i: usize| refusals.get(i).cloned().flatten();
    let carried = Script(
        entries
            .iter()
            .enumerate()
            .filter(|(i, _)| refused(*i).is_none())
            .map(|(_, e)| e.clone())
            .collect(),
    );
    let mut worth = session::worth_of_each(s, seed, &carried).into_iter();
    entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let refused = refused(i);
            let worth = if refused.is_none() {
                worth.next().unwrap_or(0.0)
            } else {
                0.0
            };
            Row {
                at: e.at.to_string(),
                label: report::decision_label(s, &e.action, e.target.as_deref()),
                refused,
                outcome: outcomes.get(i).copied().unwrap_or("done"),
                note: e.note.clone(),
                worth,
            }
        })
        .collect()
}

impl Debrief {
    /// Weigh a finished night. Replays the reference nights and each decision: milliseconds.
    pub fn new(session: &Session) -> Debrief {
        let s = session.world.scenario.clone();
        let seed = session.world.seed;
        let summary = report::summarize(session);
        let mine = session::script_of(session);
        let yours = rows(&s, seed, &mine, session);
        let expert_script = Script::expert(&s);
        let expert_night = session::run(s.clone(), seed, &expert_script);
        let expert = rows(&s, seed, &expert_script, &expert_night);
        let expert_breakdown = expert_night
            .breakdown()
            .parts
            .iter()
            .map(|p| (p.name, p.points.round() as i64))
            .collect();
        Debrief {
            summary,
            expert_breakdown,
            yours,
            expert,
            harm_yours: harm(&session.world.history, &s),
            harm_expert: harm(&expert_night.world.history, &s),
            page: 0,
            scroll: 0,
        }
    }
}
