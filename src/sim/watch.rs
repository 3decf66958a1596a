//! What the company can see of the provider: only the outcome of its own calls. A provider
//! service we called lately shows the share of those calls that failed; one we have not called
//! (no launch tried, no tool used) is unknown. The provider's true health stays hidden until the
//! debrief.

use super::compiled::{Compiled, ServiceIx};
use super::levers::Levers;
use super::metrics::{Metrics, ServiceMinute};
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
    /// Per provider service: a bit for each zone our services called it in (kept, all clear
    /// between counts, to save its allocation).
    called: Vec<u8>,
    /// Per company service: what it called in the latest look.
    calling: Vec<Calling>,
    /// The cells (`p × zones + z`) of the provider services the look watches that those calls
    /// reached. Most minutes our services call what they called the minute before: then these
    /// are the cells to record, without working them out again.
    cells: Vec<usize>,
    /// Per cell: whether `cells` holds it.
    in_cells: Vec<bool>,
    /// Every one of `cells` was seen again at this minute, by a look that found them as they
    /// were (see `look`): their sightings are at least this recent, whatever `seen` still says.
    cells_seen_at: Minute,
    /// The cells must be worked out again (the provider services looked at changed).
    recount: bool,
    /// The latest look left every one of `cells` holding exactly the share the provider's health
    /// showed, and nothing else has written to them since.
    settled: bool,
    /// The minute of the latest look, and the provider's health revision it read.
    looked: (Minute, u64),
}

/// What one of our services called in a minute, as far as the watch goes: the calls made from
/// it reach its needs in the zones it has requests in, and its load balancer (and its deep
/// health checks) in the zones it serves in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Calling {
    /// A bit for each zone it serves in.
    serving: u8,
    /// A bit for each zone it serves requests in.
    busy: u8,
    /// Its needs went to the replicas (while busy anywhere).
    replicas: bool,
    /// Its health checks read what they touch (while serving anywhere).
    checks: bool,
}

impl Calling {
    fn of(i: usize, svc: &ServiceIx, now: Option<&ServiceMinute>, levers: &Levers) -> Calling {
        let Some(now) = now else {
            return Calling::default();
        };
        // Every zone at once: it serves where it runs and has instances serving, and is busy
        // where it serves and has load.
        let serving = svc.calls.zones & now.serving.bits(|n| n > 0);
        let busy = serving & now.zone_load.bits(|load| load > 0.0);
        Calling {
            serving,
            busy,
            replicas: busy != 0 && levers.uses_replicas(i),
            checks: serving != 0
                && levers.control_for(Control::HealthChecks, i)
                && !levers.shallow_checks(i),
        }
    }
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
            // Before the first look nothing is called: no cells.
            calling: vec![Calling::default(); s.services.len()],
            cells: Vec::new(),
            in_cells: vec![false; cells],
            cells_seen_at: 0,
            recount: false,
            settled: false,
            looked: (0, 0),
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
        self.recount = true;
    }

    /// Where `p` in zone `z` is kept, if both are the scenario's.
    fn cell(&self, p: usize, z: usize) -> Option<usize> {
        // `called` has one entry per provider service, at every minute.
        (p < self.called.len() && z < self.zones).then(|| p * self.zones + z)
    }

    /// Record that our calls to `p` in zone `z` failed this share at minute `m`.
    pub(super) fn saw(&mut self, p: usize, z: usize, m: Minute, failing: f64) {
        if let Some(c) = self.cell(p, z) {
            self.catch_up(c);
            // A sighting this minute that shows no more failing than the cell holds for this
            // minute changes nothing (`record` keeps the larger share, and any onset is already
            // noted): the look's cells stay as they were, settled or not. A launch that fails
            // as the provider's health says it does is so, minute after minute.
            if let Some(x) = self.seen[c]
                && x.at == m
                && x.failing.max(failing).to_bits() == x.failing.to_bits()
            {
                return;
            }
            // Anything else written into the look's cells: the next look records them in full.
            self.settled &= !self.in_cells[c];
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
        let c = self.cell(p, z)?;
        let mut x = self.seen[c]?;
        if self.in_cells[c] {
            x.at = x.at.max(self.cells_seen_at);
        }
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
        let mut recount = std::mem::take(&mut self.recount);
        for (i, (svc, was)) in ix.services.iter().zip(&mut self.calling).enumerate() {
            let now = Calling::of(i, svc, metrics.services.get(i), levers);
            if now != *was {
                *was = now;
                recount = true;
            }
        }
        let looked = (m, provider.revision());
        let previous = std::mem::replace(&mut self.looked, looked);
        if !recount && self.settled && previous == (m.wrapping_sub(1), looked.1) {
            // The same cells as the minute before, each holding exactly the share the same health
            // shows, as of that minute: recording it again changes only the minute (it began to
            // fail noticeably no later than then, if it fails so now: no new onset). Most minutes
            // of a night are so. Each sighting takes the minute when next read or written.
            self.cells_seen_at = m;
            return;
        }
        if recount {
            // The cells that leave take with them the minute they were last seen.
            for k in 0..self.cells.len() {
                self.catch_up(self.cells[k]);
            }
            // Those that join were not seen with them: nothing is left to catch up.
            self.cells_seen_at = 0;
            self.count_cells(ix);
        }
        let health = provider.health_table();
        let mut settled = true;
        for k in 0..self.cells.len() {
            let c = self.cells[k];
            self.catch_up(c);
            let failing = 1.0 - health[c];
            let now = record(&mut self.seen[c], &mut self.onsets[c], m, failing);
            // Not when a sighting earlier this minute showed more failing.
            settled &= now.to_bits() == failing.to_bits();
        }
        self.settled = settled;
    }

    /// Write into one of the look's cells the minute it was last seen at (`cells_seen_at`),
    /// before it is written again or leaves the cells.
    fn catch_up(&mut self, c: usize) {
        if self.in_cells[c]
            && let Some(x) = &mut self.seen[c]
        {
            x.at = x.at.max(self.cells_seen_at);
        }
    }

    /// Work out the cells this minute's calls reach. Several of our services calling the same
    /// provider service in the same zone see the same share fail, so each cell is looked at
    /// once.
    fn count_cells(&mut self, ix: &Compiled) {
        let called = &mut self.called;
        for (svc, now) in ix.services.iter().zip(&self.calling) {
            let mut saw = |providers: &[usize], zones: u8| {
                for &p in providers {
                    called[p] |= zones;
                }
            };
            if now.busy != 0 {
                if now.replicas {
                    saw(&svc.calls.needs_via_replicas, now.busy);
                } else {
                    saw(&svc.calls.needs, now.busy);
                }
            }
            if now.serving != 0 {
                if let Some(lb) = svc.load_balancer {
                    saw(&[lb], now.serving);
                }
                if now.checks {
                    saw(&svc.calls.checks, now.serving);
                }
            }
        }
        for &c in &self.cells {
            self.in_cells[c] = false;
        }
        self.cells.clear();
        for (p, (zones, &looked_at)) in self.called.iter_mut().zip(&self.looked_at).enumerate() {
            // Cleared as read, for the next count.
            let zones = std::mem::take(zones);
            if !looked_at {
                continue;
            }
            let reached = (0..self.zones).filter(|z| zones & (1 << z) != 0);
            self.cells.extend(reached.map(|z| p * self.zones + z));
        }
        for &c in &self.cells {
            self.in_cells[c] = true;
        }
    }
}

/// Record in one provider service's zone (its latest sighting and its onsets) that our calls
/// failed this share at minute `m`; the share it holds now.
fn record(seen: &mut Option<Sighting>, onsets: &mut Vec<Minute>, m: Minute, failing: f64) -> f64 {
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
    failing
}
