//! The provider's side of the night: its fault timeline after the seed's jitter, and the health of
//! each of its services in each zone, minute by minute.

use super::compiled::Compiled;
use super::rng::{Dice, Keyed};
use crate::scenario::{Minute, Scenario};

#[derive(Debug, Clone)]
pub struct Provider {
    /// Fault windows after the seed's jitter: (from, until) minutes.
    windows: Vec<(Minute, Minute)>,
    /// The zone each zone draw picked.
    drawn: Vec<usize>,
    /// Per fault and zone: whether the fault hits the zone tonight.
    hits: Vec<Vec<bool>>,
    zones: usize,
    /// Health per provider service per zone (at `p × zones + z`), 0 (down) to 1 (fine).
    health: Vec<f64>,
    /// Per provider service: its worst zone's health.
    worst: Vec<f64>,
    /// Per provider service: whether every zone has the same health.
    uniform: Vec<bool>,
    /// `health` holds until this minute (the next fault boundary or ramp step).
    valid_until: Minute,
    /// How many times `health` has been worked out: while this stays, so does every health.
    revision: u64,
}

impl Provider {
    pub(super) fn new(s: &Scenario, ix: &Compiled, dice: &mut Dice, draws: Keyed) -> Provider {
        let len = s.length();
        // Each draw is keyed by its place alone, so adding a fault or a beat never moves it.
        let drawn: Vec<usize> = ix
            .draw_among
            .iter()
            .enumerate()
            .map(|(d, among)| {
                let k = (draws.unit([d as u64, 0, 0, 0]) * among.len() as f64) as usize;
                among
                    .get(k.min(among.len().saturating_sub(1)))
                    .copied()
                    .unwrap_or(0)
            })
            .collect();
        let hits = ix
            .fault_zones
            .iter()
            .map(|specs| {
                (0..s.zones.len())
                    .map(|z| specs.is_empty() || specs.iter().any(|x| x.covers(z, &drawn)))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>();
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
        let mut windows: Vec<(Minute, Minute)> = Vec::with_capacity(s.faults.len());
        for (i, f) in s.faults.iter().enumerate() {
            let target = ix.fault_target[i].unwrap_or(usize::MAX);
            let (from, until) = (s.minute_of(f.from), s.minute_of(f.until));
            let mut lo = from as i64 + shift((target, from), f.jitter_minutes);
            let mut hi = until as i64 + shift((target, until), f.jitter_minutes);
            // A consequence keeps its place after its cause on every seed: it starts no earlier
            // (and ends no earlier, when written so) than the cause does after its own jitter.
            if let Some(c) = ix.fault_cause[i].filter(|&c| c < i) {
                let cause = &s.faults[c];
                let (cf, cu) = windows[c];
                lo = lo.max(cf as i64);
                if until >= s.minute_of(cause.until) {
                    hi = hi.max(cu as i64);
                }
            }
            let from = lo.clamp(0, len as i64) as Minute;
            let until = (hi.clamp(0, len as i64 + 1) as Minute).max(from + 1);
            windows.push((from, until));
        }
        Provider {
            windows,
            drawn,
            hits,
            zones: s.zones.len(),
            health: vec![1.0; s.provider.len() * s.zones.len()],
            worst: vec![1.0; s.provider.len()],
            uniform: vec![true; s.provider.len()],
            valid_until: 0,
            revision: 0,
        }
    }

    /// Each fault's window after the seed's jitter: (from, until) minutes.
    pub fn windows(&self) -> &[(Minute, Minute)] {
        &self.windows
    }

    /// The zone each of the scenario's zone draws picked tonight.
    pub fn drawn(&self) -> &[usize] {
        &self.drawn
    }

    /// Whether a fault hits zone `z` tonight.
    pub fn fault_hits(&self, fault: usize, z: usize) -> bool {
        self.hits[fault].get(z).copied().unwrap_or(false)
    }

    /// The zones a fault hits tonight.
    pub fn fault_zones(&self, fault: usize) -> Vec<usize> {
        (0..self.hits[fault].len())
            .filter(|&z| self.hits[fault][z])
            .collect()
    }

    /// The faults in force at minute `m` on provider service `p` in zone `z`, worst first.
    pub fn faults_at(
        &self,
        s: &Scenario,
        ix: &Compiled,
        p: usize,
        z: usize,
        m: Minute,
    ) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.windows.len())
            .filter(|&i| {
                let (from, until) = self.windows[i];
                ix.fault_target[i] == Some(p) && m >= from && m < until && self.hits[i][z]
            })
            .collect();
        v.sort_by(|a, b| s.faults[*a].health.total_cmp(&s.faults[*b].health));
        v
    }

    /// Health of a provider service in a zone, 0 (down) to 1 (fine).
    pub fn health(&self, p: usize, zone: usize) -> f64 {
        debug_assert!(zone < self.zones);
        self.health[p * self.zones + zone]
    }

    /// Health of every provider service in every zone, at `p × zones + z`.
    pub fn health_table(&self) -> &[f64] {
        &self.health
    }

    /// Changes whenever the health of any provider service in any zone may have changed.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether a provider service has the same health in every zone this minute.
    pub fn uniform(&self, p: usize) -> bool {
        self.uniform.get(p).copied().unwrap_or(true)
    }

    /// Worst-zone health of a provider service.
    pub fn worst(&self, p: usize) -> f64 {
        self.worst.get(p).copied().unwrap_or(1.0)
    }

    /// End a fault at minute `now` if it is in force then: its service is back from `now` on.
    pub(super) fn end_fault(&mut self, fault: usize, now: Minute) {
        if let Some(w) = self.windows.get_mut(fault)
            && w.0 <= now
            && now < w.1
        {
            w.1 = now;
            self.valid_until = 0;
        }
    }

    /// Health for minute `m`; recomputed only at fault boundaries and during ramps.
    pub(super) fn update(&mut self, m: Minute, s: &Scenario, ix: &Compiled) {
        if m < self.valid_until {
            return;
        }
        self.health.fill(1.0);
        self.revision += 1;
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
            let hits = &self.hits[i];
            let zones = p * self.zones..(p + 1) * self.zones;
            for (z, cur) in self.health[zones].iter_mut().enumerate() {
                if hits[z] {
                    *cur = cur.min(h);
                }
            }
        }
        for (p, (worst, uniform)) in self.worst.iter_mut().zip(&mut self.uniform).enumerate() {
            let zones = &self.health[p * self.zones..(p + 1) * self.zones];
            *worst = zones.iter().copied().fold(1.0, f64::min);
            *uniform = zones.iter().all(|h| *h == zones[0]);
        }
        self.valid_until = next;
    }
}
