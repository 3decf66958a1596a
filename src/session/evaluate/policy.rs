//! The policies an evaluation plays (the references, a seeded random night, scripts from files),
//! and the seeds it plays them at.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};
use serde::Serialize;

use super::{DEFAULT_SEEDS, MAX_SEEDS, RANDOM_DECISIONS};
use crate::scenario::{Scenario, TargetKind};
use crate::session::{Script, ScriptEntry};

/// A way to play the night.
#[derive(Debug, Clone, PartialEq)]
pub enum Policy {
    /// The scenario's expert path.
    Expert,
    /// No decision at all.
    Nothing,
    /// The scenario's panicky path (skipped when the scenario has none).
    Panicky,
    /// A seeded random night: [`RANDOM_DECISIONS`] catalogue actions at random minutes.
    Random,
    /// A script read from a file; `name` is the path as given.
    File { name: String, script: Script },
}

impl Policy {
    /// The policies played when none are named: expert, nothing, panicky.
    pub fn defaults() -> Vec<Policy> {
        vec![Policy::Expert, Policy::Nothing, Policy::Panicky]
    }

    /// A built-in policy by name; `None` for anything else (a file).
    pub fn named(name: &str) -> Option<Policy> {
        match name {
            "expert" => Some(Policy::Expert),
            "nothing" => Some(Policy::Nothing),
            "panicky" => Some(Policy::Panicky),
            "random" => Some(Policy::Random),
            _ => None,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Policy::Expert => "expert",
            Policy::Nothing => "nothing",
            Policy::Panicky => "panicky",
            Policy::Random => "random",
            Policy::File { name, .. } => name,
        }
    }

    /// The night's decisions at a seed.
    pub(super) fn script(&self, s: &Scenario, seed: u64) -> Script {
        match self {
            Policy::Expert => Script::expert(s),
            Policy::Nothing => Script::default(),
            Policy::Panicky => Script::panicky(s),
            Policy::Random => random_script(s, seed),
            Policy::File { script, .. } => script.clone(),
        }
    }
}

/// A seeded random night: for seed k, [`RANDOM_DECISIONS`] decisions at random minutes, each a
/// random catalogue action with a random target, from ChaCha8 seeded with `k ^ 0x5eed`.
pub fn random_script(s: &Scenario, seed: u64) -> Script {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed);
    let mut pick = |n: usize| (rng.next_u64() % n.max(1) as u64) as usize;
    let length = s.length().max(1) as usize;
    let mut entries = Vec::with_capacity(RANDOM_DECISIONS);
    if s.actions.is_empty() {
        return Script::default();
    }
    for _ in 0..RANDOM_DECISIONS {
        let minute = pick(length) as u32;
        let action = &s.actions[pick(s.actions.len())];
        let names = s.target_names(action.target);
        let target = match action.target {
            TargetKind::None => None,
            _ if names.is_empty() => None,
            _ => Some(names[pick(names.len())].to_string()),
        };
        entries.push(ScriptEntry {
            at: s.clock_at(minute),
            action: action.id.clone(),
            target,
            note: None,
            hint: None,
            owner: None,
            inject: None,
        });
    }
    Script(entries)
}

/// An inclusive range of seeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Seeds {
    pub first: u64,
    pub last: u64,
}

impl Seeds {
    /// `N` (seeds 1..=N), `A..B` (A to B-1) or `A..=B` (A to B).
    pub fn parse(text: &str) -> Result<Seeds, String> {
        let number = |t: &str| {
            t.trim()
                .parse::<u64>()
                .map_err(|_| format!("\"{t}\" is not a whole number"))
        };
        let seeds = if let Some((a, b)) = text.split_once("..=") {
            Seeds {
                first: number(a)?,
                last: number(b)?,
            }
        } else if let Some((a, b)) = text.split_once("..") {
            let (a, b) = (number(a)?, number(b)?);
            if b <= a {
                return Err(format!("{text} is empty: the end must be after the start"));
            }
            Seeds {
                first: a,
                last: b - 1,
            }
        } else {
            let n = number(text)?;
            if n == 0 {
                return Err("at least one seed: give N ≥ 1, or a range A..B".into());
            }
            Seeds { first: 1, last: n }
        };
        if seeds.last < seeds.first {
            return Err(format!(
                "{text} is empty: the end must not be before the start"
            ));
        }
        if seeds.last - seeds.first >= MAX_SEEDS {
            return Err(format!("at most {MAX_SEEDS} seeds at once"));
        }
        Ok(seeds)
    }

    pub fn count(self) -> u64 {
        self.last - self.first + 1
    }

    pub fn iter(self) -> impl Iterator<Item = u64> {
        self.first..=self.last
    }

    /// The first `n` seeds of the range (all of them if there are fewer).
    pub fn head(self, n: u64) -> Seeds {
        Seeds {
            first: self.first,
            last: self.last.min(self.first.saturating_add(n.max(1) - 1)),
        }
    }
}

impl std::fmt::Display for Seeds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..={}", self.first, self.last)
    }
}

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct Options {
    pub policies: Vec<Policy>,
    pub seeds: Seeds,
    /// Threads; 0 means one per core.
    pub jobs: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            policies: Policy::defaults(),
            seeds: Seeds {
                first: 1,
                last: DEFAULT_SEEDS,
            },
            jobs: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_read_a_count_or_a_range() {
        assert_eq!(Seeds::parse("4"), Ok(Seeds { first: 1, last: 4 }));
        assert_eq!(
            Seeds::parse("100..200"),
            Ok(Seeds {
                first: 100,
                last: 199
            })
        );
        assert_eq!(Seeds::parse("7..=7"), Ok(Seeds { first: 7, last: 7 }));
        for bad in ["0", "abc", "5..2", "5..5", "5..=4", "-1", "1..x", ""] {
            assert!(Seeds::parse(bad).is_err(), "{bad}");
        }
        assert!(Seeds::parse("0..=18446744073709551615").is_err());
        let s = Seeds { first: 3, last: 40 };
        assert_eq!(s.head(16), Seeds { first: 3, last: 18 });
        assert_eq!(s.head(100), s);
        // At the top of the seed range the head ends at the range's end, not wrapped round.
        let top = Seeds::parse("18446744073709551610..=18446744073709551615").unwrap();
        assert_eq!(top.head(16), top);
        assert_eq!(top.head(16).count(), 6);
    }

    #[test]
    fn random_nights_are_seeded_and_valid() {
        let s = crate::scenario::builtin(crate::scenario::FLAGSHIP).unwrap();
        let a = random_script(&s, 3);
        assert_eq!(a, random_script(&s, 3));
        assert_ne!(a, random_script(&s, 4));
        assert_eq!(a.0.len(), RANDOM_DECISIONS);
        let text = a.to_ron("");
        assert!(Script::parse("random.ron", &text, &s).is_ok(), "{text}");
    }
}
