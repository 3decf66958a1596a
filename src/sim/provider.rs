//! The provider's side of the night: its fault timeline after the seed's jitter, and the health of
//! each of its services in each zone, minute by minute.

use super::compiled::Compiled;
use super::rng::Dice;
use crate::scenario::{Minute, Scenario};

#[derive(Debug, Clone)]
pub struct Provider {
    /// Fault windows after the seed's jitter: (from, until) minutes.
    windows: Vec<(Minute, Minute)>,
    /// Health per provider service per zone, 0 (down) to 1 (fine).
    health: Vec<Vec<f64>>,
    /// `health` holds until this minute (the next fault boundary or ramp step).
    valid_until: Minute,
}

impl Provider {
    pub(super) fn new(s: &Scenario, ix: &Compiled, dice: &mut Dice) -> Provider {
        let len = s.length();
        // One jitter per (provider service, boundary time): phases of one fault that meet stay joined.
        let mut shifts: Vec<((usize, u32), i64)> = Vec::new();
        let mut shift = |key: (usize, u32), span: u32| match shifts.iter().find(|(k, _)| *k == key)
        {
            Some(&(_, v)) => v,
            None => {
                let v = dice.jitter(span);
                shifts.push((key, v));
                v
            }
        };
        let windows = s
            .faults
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let target = ix.fault_target[i].unwrap_or(usize::MAX);
                let (from, until) = (s.minute_of(f.from), s.minute_of(f.until));
                let from = from as i64 + shift((target, from), f.jitter_minutes);
                let until = until as i64 + shift((target, until), f.jitter_minutes);
                let from = from.clamp(0, len as i64) as Minute;
                let until = (until.clamp(0, len as i64 + 1) as Minute).max(from + 1);
                (from, until)
            })
            .collect();
        Provider {
            windows,
            health: s
                .provider
                .iter()
                .map(|_| vec![1.0; s.zones.len()])
                .collect(),
            valid_until: 0,
        }
    }

    /// Each fault's window after the seed's jitter: (from, until) minutes.
    pub fn windows(&self) -> &[(Minute, Minute)] {
        &self.windows
    }

    /// Health of a provider service in a zone, 0 (down) to 1 (fine).
    pub fn health(&self, p: usize, zone: usize) -> f64 {
        self.health[p][zone]
    }

    /// Worst-zone health of a provider service.
    pub fn worst(&self, p: usize) -> f64 {
        self.health
            .get(p)
            .map_or(1.0, |h| h.iter().copied().fold(1.0, f64::min))
    }

    /// Health for minute `m`; recomputed only at fault boundaries and during ramps.
    pub(super) fn update(&mut self, m: Minute, s: &Scenario, ix: &Compiled) {
        if m < self.valid_until {
            return;
        }
        for h in self.health.iter_mut() {
            h.fill(1.0);
        }
        let mut next = Minute::MAX;
        for (i, f) in s.faults.iter().enumerate() {
            let (from, until) = self.windows[i];
            if m < from {
                next = next.min(from);
                continue;
            }
            if m >= until {
                continue;
            }
            next = next.min(until);
            let Some(p) = ix.fault_target[i] else {
                continue;
            };
            let into = (m - from) as f64;
            let h = if f.ramp_minutes > 0 && into < f.ramp_minutes as f64 {
                next = next.min(m + 1);
                1.0 - (1.0 - f.health) * (into + 1.0) / f.ramp_minutes as f64
            } else {
                f.health
            };
            let zones = &ix.fault_zones[i];
            for (z, cur) in self.health[p].iter_mut().enumerate() {
                if zones.is_empty() || zones.contains(&z) {
                    *cur = cur.min(h);
                }
            }
        }
        self.valid_until = next;
    }
}
