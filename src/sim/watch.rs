//! What the company can see of the provider: only the outcome of its own calls. A provider
//! service we called lately shows the share of those calls that failed; one we have not called
//! (no launch tried, no tool used) is unknown. The provider's true health stays hidden until the
//! debrief.

use super::compiled::{Compiled, Dep};
use super::levers::Levers;
use super::metrics::{MAX_ZONES, Metrics};
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
    /// Per provider service per zone: the latest sighting.
    seen: Vec<Vec<Option<Sighting>>>,
    /// Per provider service per zone: each minute our calls began to fail noticeably (after
    /// answering, or after a stale spell).
    onsets: Vec<Vec<Vec<Minute>>>,
    /// Per provider service: whether the look watches it. Every one, unless the night is played
    /// for its score alone: then only those the score reads (see `watch_only`).
    looked_at: Vec<bool>,
    /// Per provider service, this minute: a bit for each zone our services called it in (kept
    /// to save its allocation).
    called: Vec<u8>,
}

impl Watch {
    pub(super) fn new(s: &Scenario) -> Watch {
        Watch {
            seen: vec![vec![None; s.zones.len()]; s.provider.len()],
            onsets: vec![vec![Vec::new(); s.zones.len()]; s.provider.len()],
            looked_at: vec![true; s.provider.len()],
            called: Vec::new(),
        }
    }

    /// From now on the look watches only the provider services marked here. For a night played
    /// for its score alone, the score reads the watch only for when the faults behind the
    /// team's theories became noticeable; what we saw of any other service only ever shows.
    pub(super) fn watch_only(&mut self, looked_at: Vec<bool>) {
        self.looked_at = looked_at;
    }

    /// Record that our calls to `p` in zone `z` failed this share at minute `m`.
    pub(super) fn saw(&mut self, p: usize, z: usize, m: Minute, failing: f64) {
        let Some(cell) = self.seen.get_mut(p).and_then(|v| v.get_mut(z)) else {
            return;
        };
        let was_failing = match cell {
            Some(x) if x.at == m => self.onsets[p][z].last() == Some(&m) || x.failing > NOTICEABLE,
            Some(x) => x.failing > NOTICEABLE && m <= x.at + STALE_MINUTES,
            None => false,
        };
        let failing = match cell {
            Some(x) if x.at == m => x.failing.max(failing),
            _ => failing,
        };
        *cell = Some(Sighting { at: m, failing });
        if failing > NOTICEABLE && !was_failing {
            self.onsets[p][z].push(m);
        }
    }

    /// Record a sighting in every zone (a tool used through the provider's global API).
    pub(super) fn saw_everywhere(&mut self, p: usize, m: Minute, failing: f64) {
        for z in 0..self.seen.get(p).map_or(0, Vec::len) {
            self.saw(p, z, m, failing);
        }
    }

    /// The latest sighting of `p` in zone `z`, unless it is stale at minute `now`.
    pub fn sighting(&self, p: usize, z: usize, now: Minute) -> Option<Sighting> {
        let x = (*self.seen.get(p)?.get(z)?)?;
        (now <= x.at + STALE_MINUTES).then_some(x)
    }

    /// The worst fresh sighting of `p` over every zone, if any is fresh.
    pub fn worst(&self, p: usize, now: Minute) -> Option<Sighting> {
        (0..self.seen.get(p).map_or(0, Vec::len))
            .filter_map(|z| self.sighting(p, z, now))
            .max_by(|a, b| a.failing.total_cmp(&b.failing))
    }

    /// The first minute in `from..until` at which our calls to `p` in zone `z` began to fail
    /// noticeably: when a fault there became something we could know.
    pub fn noticed(&self, p: usize, z: usize, from: Minute, until: Minute) -> Option<Minute> {
        let onsets = self.onsets.get(p)?.get(z)?;
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
        // same one in the same zone see the same share fail, so each is looked at once.
        let mut called = std::mem::take(&mut self.called);
        called.clear();
        called.resize(self.seen.len(), 0);
        for (i, svc) in ix.services.iter().enumerate() {
            let Some(now) = metrics.services.get(i) else {
                continue;
            };
            let checks = levers.control_for(Control::HealthChecks, i) && !levers.shallow_checks(i);
            let replicas = levers.uses_replicas(i);
            for &z in &svc.zones {
                let serving = now.serving.get(z).copied().unwrap_or(0) > 0;
                let busy = serving && now.zone_load.get(z).copied().unwrap_or(0.0) > 0.0;
                let mut saw = |p: usize| {
                    if let Some(zones) = called.get_mut(p) {
                        *zones |= 1 << z;
                    }
                };
                if busy {
                    svc.needs.iter().for_each(|n| match (n.replica, n.on) {
                        (Some(r), _) if replicas => saw(r),
                        (_, Dep::Provider(p)) => saw(p),
                        _ => {}
                    });
                }
                if serving {
                    if let Some(lb) = svc.load_balancer {
                        saw(lb);
                    }
                    if checks {
                        svc.touches.iter().for_each(|d| {
                            if let Dep::Provider(p) = *d {
                                saw(p);
                            }
                        });
                    }
                }
            }
        }
        for (p, &zones) in called.iter().enumerate() {
            if zones == 0 || !self.looked_at.get(p).copied().unwrap_or(false) {
                continue;
            }
            for z in 0..MAX_ZONES {
                if zones & (1 << z) != 0 {
                    self.saw(p, z, m, 1.0 - provider.health(p, z));
                }
            }
        }
        self.called = called;
    }
}
