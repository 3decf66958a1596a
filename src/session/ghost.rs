//! The ghost beside the player's night: what was true all along and hidden during it. The
//! provider's real timeline (each fault after the seed's jitter, the zones it hit, its note), and
//! for each right theory when our own calls made it knowable, when the player stated it and when
//! the expert did on the same seed. Worked out once, from the two finished nights.

use super::quantity;
use crate::scenario::{Minute, TimeOfDay};
use crate::sim::{READING_MINUTES, World};

/// One fault of the provider's night as it really went.
#[derive(Debug, Clone, PartialEq)]
pub struct TrueFault {
    /// The fault's id in the scenario (may be empty).
    pub id: String,
    /// The provider service's name ("DynamoDB").
    pub service: String,
    /// The zones it hit tonight, by name.
    pub zones: Vec<String>,
    /// It hit every zone of the region.
    pub every_zone: bool,
    /// Minutes into the night: in force for `from ≤ m < until`.
    pub from: Minute,
    pub until: Minute,
    pub from_clock: TimeOfDay,
    pub until_clock: TimeOfDay,
    /// Still in force when the night ended.
    pub outlasts_night: bool,
    /// The provider's truth, each drawn zone read as tonight's.
    pub note: String,
}

impl TrueFault {
    /// "every zone", "use1-az4", "use1-az1, use1-az2" or "no zone".
    pub fn where_(&self) -> String {
        match (self.every_zone, self.zones.is_empty()) {
            (true, _) => "every zone".into(),
            (false, true) => "no zone".into(),
            (false, false) => self.zones.join(", "),
        }
    }

    /// "23:48–01:15", or "23:47–the end" when it outlasted the night.
    pub fn span(&self) -> String {
        if self.outlasts_night {
            format!("{}–the end", self.from_clock)
        } else {
            format!("{}–{}", self.from_clock, self.until_clock)
        }
    }
}

/// A working theory: when it could be known and when it was said.
#[derive(Debug, Clone, PartialEq)]
pub struct TheoryTimes {
    pub id: String,
    /// How the team says it tonight.
    pub name: String,
    /// Right tonight: one of the faults it names happened (in its zone).
    pub right: bool,
    /// When our own calls (in the player's night) first failed because of a fault it names.
    pub knowable: Option<TimeOfDay>,
    /// When the player stated it; `None`: never.
    pub stated: Option<TimeOfDay>,
    /// When the expert stated it in the expert's night on the same seed; `None`: never.
    pub expert: Option<TimeOfDay>,
    /// When the expert's own calls first showed it, in that night (its own decisions change
    /// what is tried, and so when a fault shows).
    pub expert_knowable: Option<TimeOfDay>,
    /// Minutes it counted as slow diagnosis in the player's night (from knowable to stated, to
    /// the night's end when never stated, less the reading time); `None` when our calls never
    /// showed it (wrong, or never visible), which costs nothing.
    pub slow_minutes: Option<u32>,
}

impl TheoryTimes {
    /// "knowable 23:50 · you: never · the expert: 23:53 · 1,151 minutes of slow diagnosis", or
    /// for a wrong theory "wrong tonight · you: 00:10 · the expert: never".
    pub fn times(&self) -> String {
        let mut parts = vec![match (self.right, self.knowable) {
            (false, _) => "wrong tonight".to_string(),
            (true, Some(k)) => format!("knowable {k}"),
            (true, None) => "never showed in our calls".to_string(),
        }];
        parts.push(format!("you: {}", when(self.stated)));
        parts.push(format!("the expert: {}", self.expert_words()));
        if let Some(m) = self.slow_minutes {
            parts.push(format!(
                "{} of slow diagnosis",
                quantity(i64::from(m), "minutes")
            ));
        }
        parts.join(" · ")
    }

    /// When the expert stated it, with when it showed in the expert's own night where that
    /// differs from the player's: "05:52 (knowable there from 05:10)".
    pub fn expert_words(&self) -> String {
        match (self.right, self.expert_knowable) {
            (true, Some(k)) if Some(k) != self.knowable => {
                format!("{} (knowable there from {k})", when(self.expert))
            }
            (true, None) if self.knowable.is_some() => {
                format!("{} (never showed in that night's calls)", when(self.expert))
            }
            _ => when(self.expert),
        }
    }

    /// ✓ right tonight, ✗ wrong.
    pub fn mark(&self) -> &'static str {
        if self.right { "✓" } else { "✗" }
    }
}

/// What was true, beside the player's night.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ghost {
    /// The provider's faults in the order they began (file order when together).
    pub faults: Vec<TrueFault>,
    /// Every theory right tonight, then the wrong ones the player stated.
    pub theories: Vec<TheoryTimes>,
    /// The slow-diagnosis minutes of the player's night, the sum of the theories'.
    pub slow_minutes: u32,
}

impl Ghost {
    /// The ghost of a finished night, beside the expert's night on the same seed.
    pub fn of(night: &World, expert: &World) -> Ghost {
        let s = &**night.scenario();
        let p = night.provider();
        let windows = p.windows();
        let mut faults: Vec<TrueFault> = s
            .faults
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let (from, until) = windows[i];
                let zones: Vec<String> = p
                    .fault_zones(i)
                    .into_iter()
                    .filter_map(|z| s.zones.get(z).cloned())
                    .collect();
                TrueFault {
                    id: f.id.clone(),
                    service: s
                        .provider
                        .iter()
                        .find(|x| x.id == f.target)
                        .map_or_else(|| f.target.clone(), |x| x.name.clone()),
                    every_zone: !s.zones.is_empty() && zones.len() == s.zones.len(),
                    zones,
                    from,
                    until,
                    from_clock: s.clock_at(from),
                    until_clock: s.clock_at(until),
                    outlasts_night: until > s.length(),
                    note: night.with_draws(&f.note).into_owned(),
                }
            })
            .collect();
        faults.sort_by_key(|f| f.from);
        let theories: Vec<TheoryTimes> = (0..s.theories.len())
            .filter(|&t| {
                night.theory_right(t)
                    || night.theory_stated(t).is_some()
                    || night.theory_knowable(t).is_some()
            })
            .map(|t| {
                let right = night.theory_right(t);
                let knowable = night.theory_knowable(t);
                let stated = night.theory_stated(t);
                TheoryTimes {
                    id: night.with_draws(&s.theories[t].id).into_owned(),
                    name: night.theory_name(t),
                    right,
                    knowable: knowable.map(|m| s.clock_at(m)),
                    stated: stated.map(|m| s.clock_at(m)),
                    expert: expert.theory_stated(t).map(|m| s.clock_at(m)),
                    expert_knowable: expert.theory_knowable(t).map(|m| s.clock_at(m)),
                    slow_minutes: night.theory_slow_minutes(t),
                }
            })
            .collect();
        let mut ordered: Vec<TheoryTimes> = theories.iter().filter(|t| t.right).cloned().collect();
        ordered.extend(theories.into_iter().filter(|t| !t.right));
        Ghost {
            slow_minutes: ordered.iter().filter_map(|t| t.slow_minutes).sum(),
            faults,
            theories: ordered,
        }
    }
}

impl Ghost {
    /// How the slow-diagnosis part of the blast radius was counted, in words.
    pub fn slow_diagnosis(&self) -> String {
        format!(
            "Slow diagnosis: {}, from when our own calls showed each right theory until it was stated (to the night's end if never), less the first {} to read what showed, added up.",
            quantity(i64::from(self.slow_minutes), "minutes"),
            quantity(i64::from(READING_MINUTES), "minutes")
        )
    }
}

/// "never" or the time.
pub fn when(t: Option<TimeOfDay>) -> String {
    t.map_or_else(|| "never".into(), |t| t.to_string())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::scenario;
    use crate::session::{Script, run};

    #[test]
    fn the_ghost_tells_the_true_night_and_the_times_of_each_theory() {
        let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
        for seed in [1, 7] {
            let nothing = run(s.clone(), seed, &Script::default());
            let expert = run(s.clone(), seed, &Script::expert(&s));
            let g = Ghost::of(nothing.world(), expert.world());
            assert_eq!(g.faults.len(), s.faults.len());
            assert!(g.faults.iter().all(|f| f.from < f.until));
            assert!(g.faults.windows(2).all(|w| w[0].from <= w[1].from));
            assert!(g.faults.iter().all(|f| !f.note.contains('{')), "draws read");
            // The slow-diagnosis minutes are the ones the score counted.
            assert_eq!(
                g.slow_minutes as f64,
                nothing.world().tally().theory_minutes
            );
            let right: Vec<&TheoryTimes> = g.theories.iter().filter(|t| t.right).collect();
            assert!(!right.is_empty());
            assert!(right.iter().all(|t| t.stated.is_none()), "nobody spoke");
            let said = g.theories.iter().filter(|t| t.expert.is_some()).count();
            assert!(said > 0, "the expert states theories");
            // The expert's own night: its stated times are its own.
            let own = Ghost::of(expert.world(), expert.world());
            assert!(own.theories.iter().all(|t| t.stated == t.expert));
            assert_eq!(
                own.slow_minutes as f64,
                expert.world().tally().theory_minutes
            );
        }
    }
}
