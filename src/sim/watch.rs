//! What the company can see of the provider: only the outcome of its own calls. A provider
//! service we called lately shows the share of those calls that failed; one we have not called
//! (no launch tried, no tool used) is unknown. The provider's true health stays hidden until the
//! debrief.

use super::compiled::Compiled;
use super::levers::Levers;
use super::metrics::Metrics;
use super::provider::Provider;
use crate::scenario::{Control, Minute, Scenario};

/// A sighting older than this many minutes no longer says how the provider is doing.
pub const STALE_MINUTES: Minute = 30;
/// A failing share of our calls above this is something an engineer would notice.
pub const NOTICEABLE: f64 = 0.05;

/// What our calls to one provider service in one zone showed, the last minute we made any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sighting {
    pub at: Minute,
    /// Share of our calls that failed, 0 to 1.
    pub failing: f64,
}

#[derive(Debug, Clone)]
pub struct Watch {
    /// How many zones the scenario has: each provider service's cells below are this many.
    zones: usize,
    /// Per provider service per zone (at `p × zones + z`): the latest sighting.
    seen: Vec<Option<Sighting>>,
    /// Per provider service per zone (at `p × zones + z`): each minute our calls began to fail
    /// noticeably (after answering, or after a stale spell).
    onsets: Vec<Vec<Minute>>,
    /// Per provider service: whether the look watches it. Every one, unless the night is played
    /// for its score alone: then only those the score reads (see `watch_only`).
    looked_at: Vec<bool>,
    /// Per provider service, this minute: a bit for each zone our services called it in. Kept
    /// between minutes, all clear, to save its allocation.
    called: Vec<u8>,
}

impl Watch {
    pub(super) fn new(s: &Scenario) -> Watch {
        let cells = s.provider.len() * s.zones.len();
        Watch {
            zones: s.zones.len(),
            seen: vec![None; cells],
            onsets: vec![Vec::new(); cells],
            looked_at: vec![true; s.provider.len()],
            called: vec![0; s.provider.len()],
        }
    }

    /// From now on the look watches only the provider services marked here. For a night played
    /// for its score alone, the score reads the watch only for when the faults behind the
    /// team's theories became noticeable; what we saw of any other service only ever shows.
    pub(super) fn watch_only(&mut self, mut looked_at: Vec<bool>) {
        // One per provider service, as the look walks them side by side: any left out is not
        // watched.
        looked_at.resize(self.called.len(), false);
        self.looked_at = looked_at;
    }

    /// Where `p` in zone `z` is kept, if both are the scenario's.
    fn cell(&self, p: usize, z: usize) -> Option<usize> {
        // `called` has one entry per provider service, at every minute.
        (p < self.called.len() && z < self.zones).then(|| p * self.zones + z)
    }

    /// Record that our calls to `p` in zone `z` failed this share at minute `m`.
    pub(super) fn saw(&mut self, p: usize, z: usize, m: Minute, failing: f64) {
        if let Some(c) = self.cell(p, z) {
            record(&mut self.seen[c], &mut self.onsets[c], m, failing);
        }
    }

    /// Record a sighting in every zone (a tool used through the provider's global API).
    pub(super) fn saw_everywhere(&mut self, p: usize, m: Minute, failing: f64) {
        for z in 0..self.zones {
            self.saw(p, z, m, failing);
        }
    }

    /// The latest sighting of `p` in zone `z`, unless it is stale at minute `now`.
    pub fn sighting(&self, p: usize, z: usize, now: Minute) -> Option<Sighting> {
        let x = self.seen[self.cell(p, z)?]?;
        (now <= x.at + STALE_MINUTES).then_some(x)
    }

    /// The worst fresh sighting of `p` over every zone, if any is fresh.
    pub fn worst(&self, p: usize, now: Minute) -> Option<Sighting> {
        (0..self.zones)
            .filter_map(|z| self.sighting(p, z, now))
            .max_by(|a, b| a.failing.total_cmp(&b.failing))
    }

    /// The first minute in `from..until` at which our calls to `p` in zone `z` began to fail
    /// noticeably: when a fault there became something we could know.
    pub fn noticed(&self, p: usize, z: usize, from: Minute, until: Minute) -> Option<Minute> {
        let onsets = &self.onsets[self.cell(p, z)?];
        onsets.iter().copied().find(|&m| m >= from && m < until)
    }

    /// This minute's calls: each service serving in a zone calls what it needs there (a replica
    /// instead, while it reads replicas) and its load balancer routes to it; health checks read
    /// what they touch, while that service's checks are on and not shallow.
    pub(super) fn look(
        &mut self,
        m: Minute,
        ix: &Compiled,
        provider: &Provider,
        levers: &Levers,
        metrics: &Metrics,
    ) {
        // Which zones of each provider service we called: several of our services calling the
        // same one in the same zone see the same share fail, so each is looked at once. Each
        // service marks every zone it called a provider service in at once.
        let called = &mut self.called;
        for (i, (svc, now)) in ix.services.iter().zip(&metrics.services).enumerate() {
            // The zones it serves in, and of those the zones it has requests in.
            let (mut serving, mut busy) = (0u8, 0u8);
            for &z in &svc.zones {
                if now.serving.get(z).copied().unwrap_or(0) > 0 {
                    serving |= 1 << z;
                    if now.zone_load.get(z).copied().unwrap_or(0.0) > 0.0 {
                        busy |= 1 << z;
                    }
                }
            }
            if serving == 0 {
                continue;
            }
            let mut saw = |providers: &[usize], zones: u8| {
                for &p in providers {
                    called[p] |= zones;
                }
            };
            if busy != 0 {
                if levers.uses_replicas(i) {
                    saw(&svc.calls.needs_via_replicas, busy);
                } else {
                    saw(&svc.calls.needs, busy);
                }
            }
            if let Some(lb) = svc.load_balancer {
                saw(&[lb], serving);
            }
            if levers.control_for(Control::HealthChecks, i) && !levers.shallow_checks(i) {
                saw(&svc.calls.checks, serving);
            }
        }
        if self.zones == 0 {
            return;
        }
        // Walked provider service by provider service, each one's zones side by side.
        let cells = self.seen.chunks_exact_mut(self.zones);
        let onsets = self.onsets.chunks_exact_mut(self.zones);
        let providers = self.called.iter_mut().zip(&self.looked_at).zip(cells);
        for (p, (((zones, &looked_at), seen), onsets)) in providers.zip(onsets).enumerate() {
            // Cleared as read, for the next minute.
            let zones = std::mem::take(zones);
            if zones == 0 || !looked_at {
                continue;
            }
            let health = provider.health_by_zone(p);
            let cells = seen.iter_mut().zip(onsets).zip(health);
            for (z, ((seen, onsets), health)) in cells.enumerate() {
                if zones & (1 << z) != 0 {
                    record(seen, onsets, m, 1.0 - health);
                }
            }
        }
    }
}

/// Record in one provider service's zone (its latest sighting and its onsets) that our calls
/// failed this share at minute `m`.
fn record(seen: &mut Option<Sighting>, onsets: &mut Vec<Minute>, m: Minute, failing: f64) {
    let was_failing = match seen {
        Some(x) if x.at == m => onsets.last() == Some(&m) || x.failing > NOTICEABLE,
        Some(x) => x.failing > NOTICEABLE && m <= x.at + STALE_MINUTES,
        None => false,
    };
    let failing = match seen {
        Some(x) if x.at == m => x.failing.max(failing),
        _ => failing,
    };
    *seen = Some(Sighting { at: m, failing });
    if failing > NOTICEABLE && !was_failing {
        onsets.push(m);
    }
}
