//! The action palette: filtering the scenario's actions by what the player types, and whether each
//! one could be taken now (and if not, why). Pure: it only asks the world, never changes it.

use crate::scenario::{Minute, Scenario, TargetKind};
use crate::session::{Act, ActionRef, Session};

/// What the player has typed and which row is highlighted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Palette {
    pub query: String,
    pub selected: usize,
}

/// A decision being put together: the action, then its target, then an optional note.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub action: usize,
    pub target: Option<usize>,
    pub note: String,
    /// Who owns it (a tabletop team's decision); empty when nobody was named.
    pub owner: Option<String>,
    /// The note was asked for already (a tabletop asks for the rationale once).
    pub noted: bool,
    /// The palette to go back to.
    pub palette: Palette,
}

/// Whether an action could be taken now.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Possible: minutes to carry out and who would do it.
    Ready {
        minutes: u32,
        by: usize,
        /// When the work starts (later than now when it waits for a busy responder).
        starts: Minute,
    },
    /// Possible on some targets (the fastest shown).
    PickTarget {
        minutes: u32,
        by: usize,
        starts: Minute,
    },
    Refused(String),
}

impl Verdict {
    pub fn possible(&self) -> bool {
        !matches!(self, Verdict::Refused(_))
    }
}

/// Actions matching the query, best first: every word must appear in the id or the name; those whose
/// id or name starts with the first word come first, then those with a word that starts with it.
pub fn matches(s: &Scenario, query: &str) -> Vec<usize> {
    let q = query.trim().to_lowercase();
    let words: Vec<&str> = q.split_whitespace().collect();
    let mut found: Vec<(u8, usize)> = s
        .actions
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            let id = a.id.to_lowercase();
            let name = a.name.to_lowercase();
            if !words.iter().all(|w| id.contains(w) || name.contains(w)) {
                return None;
            }
            let Some(first) = words.first() else {
                return Some((0, i));
            };
            let rank = if id.starts_with(first) || name.starts_with(first) {
                0
            } else if id
                .split('_')
                .chain(name.split_whitespace())
                .any(|p| p.starts_with(first))
            {
                1
            } else {
                2
            };
            Some((rank, i))
        })
        .collect();
    found.sort_by_key(|(rank, _)| *rank);
    found.into_iter().map(|(_, i)| i).collect()
}

/// A target's label for a list: the zone, or the service's id and name.
pub fn target_label(s: &Scenario, kind: TargetKind, t: usize) -> String {
    match kind {
        TargetKind::Service => s
            .services
            .get(t)
            .map_or_else(String::new, |x| format!("{} ({})", x.id, x.name)),
        TargetKind::Zone => s.zones.get(t).cloned().unwrap_or_default(),
        TargetKind::Theory => s
            .theories
            .get(t)
            .map_or_else(String::new, |x| x.name.clone()),
        TargetKind::None => String::new(),
    }
}

/// Whether the action could be taken now, on any target.
pub fn verdict(session: &Session, action: usize) -> Verdict {
    let s = session.scenario();
    let Some(def) = s.actions.get(action) else {
        return Verdict::Refused("no such action".into());
    };
    let check = |target| session.check(ActionRef { action, target });
    if def.target == TargetKind::None {
        return match check(None) {
            Act::Started {
                minutes,
                by,
                starts,
                ..
            } => Verdict::Ready {
                minutes,
                by,
                starts,
            },
            Act::Refused(why) => Verdict::Refused(why),
        };
    }
    let n = s.target_names(def.target).len();
    let mut first_refusal = None;
    let mut best: Option<(u32, usize, Minute)> = None;
    for t in 0..n {
        match check(Some(t)) {
            Act::Started {
                minutes,
                by,
                starts,
                ..
            } => {
                if best.is_none_or(|(m, _, _)| minutes < m) {
                    best = Some((minutes, by, starts));
                }
            }
            Act::Refused(why) => {
                first_refusal.get_or_insert(why);
            }
        }
    }
    match (best, first_refusal) {
        (Some((minutes, by, starts)), _) => Verdict::PickTarget {
            minutes,
            by,
            starts,
        },
        (None, Some(why)) => Verdict::Refused(why),
        (None, None) => Verdict::Refused("there is nothing to pick".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario;

    #[test]
    fn freeze_finds_freeze_cicd_first() {
        let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
        let m = matches(&s, "freeze");
        assert_eq!(s.actions[m[0]].id, "freeze_cicd");
        assert!(m.iter().any(|&i| s.actions[i].id == "unfreeze_cicd"));
        assert_eq!(matches(&s, "").len(), s.actions.len());
        assert!(matches(&s, "no such thing at all").is_empty());
        let z = matches(&s, "shift zone");
        assert_eq!(s.actions[z[0]].id, "zonal_shift");
    }
}
