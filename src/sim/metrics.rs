//! What one minute of the night measured: per service and in total, with the running tally the
//! score is made of. Also the rules that read a measurement the way an engineer would (error rate,
//! load, an estimated latency).

pub use crate::scenario::{MAX_SERVICES, MAX_ZONES};

/// Running totals the score is made of. All grow monotonically over the night.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Tally {
    pub failed_transactions: f64,
    pub delayed_transactions: f64,
    pub offline_transactions: f64,
    /// Requests to features that failed on their own (not turned off on purpose).
    pub degraded_requests: f64,
    /// Requests to features the team turned off (shed or flagged off) on purpose.
    pub shed_requests: f64,
    pub capacity_destroyed: f64,
    pub jobs_dropped: f64,
    pub escalation_minutes: f64,
    pub comms_gap_minutes: f64,
    pub support_calls: f64,
    pub fatigue_hours: f64,
    /// Responder hours sunk in a rabbit hole (an action that occupies someone and changes nothing
    /// tonight), counted within the night.
    pub rabbit_hole_hours: f64,
    /// When the night ends: minutes from when each right theory could be known until it was
    /// stated (to the end if never).
    pub theory_minutes: f64,
    /// When the night ends: controls that began on and are still off, changes still held.
    pub left_undone: f64,
    /// When the night ends: background jobs still waiting.
    pub jobs_left: f64,
    /// Jobs lost for good because their queue was full.
    pub jobs_lost: f64,
    /// Customer requests answered stale from a cache.
    pub served_stale: f64,
}

/// One value per zone, stored inline (a night keeps one per service per minute); reads as a slice.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PerZone<T: Copy + Default> {
    len: u8,
    values: [T; MAX_ZONES],
}

impl<T: Copy + Default> PerZone<T> {
    pub fn new(zones: usize) -> PerZone<T> {
        PerZone {
            len: zones.min(MAX_ZONES) as u8,
            values: [T::default(); MAX_ZONES],
        }
    }

    /// One value per zone for `zones` zones, read from `values` in zone order (a zone past its
    /// end reads as the default). Worked out for every zone there can be, so it takes no loop.
    pub fn of(zones: usize, values: &[T]) -> PerZone<T> {
        let len = zones.min(MAX_ZONES);
        let mut all = [T::default(); MAX_ZONES];
        if let Some(first) = values.first_chunk::<MAX_ZONES>() {
            all = *first;
        } else {
            for (v, x) in all.iter_mut().zip(values) {
                *v = *x;
            }
        }
        // A select, not a branch, per slot: every slot is written, the ones past the last zone
        // with the default.
        for (z, v) in all.iter_mut().enumerate() {
            *v = if z < len { *v } else { T::default() };
        }
        PerZone {
            len: len as u8,
            values: all,
        }
    }

    /// A bit for each zone, in zone order, whose value passes `on`.
    #[inline]
    pub fn bits(&self, on: impl Fn(T) -> bool) -> u8 {
        const { assert!(MAX_ZONES <= 8) };
        self.iter()
            .enumerate()
            .fold(0, |bits, (z, &v)| bits | u8::from(on(v)) << z)
    }

    /// Add a value after the last zone (ignored past `MAX_ZONES`).
    pub fn push(&mut self, v: T) {
        if (self.len as usize) < MAX_ZONES {
            self.values[self.len as usize] = v;
            self.len += 1;
        }
    }
}

impl<T: Copy + Default> std::ops::Deref for PerZone<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.values[..self.len as usize]
    }
}

impl<T: Copy + Default> std::ops::DerefMut for PerZone<T> {
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.values[..self.len as usize]
    }
}

impl<'a, T: Copy + Default> IntoIterator for &'a PerZone<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A p95 latency base: what a request takes on an idle fleet, in milliseconds.
const P95_BASE_MS: f64 = 120.0;
/// The clients' timeout: no request is reported slower than this.
const TIMEOUT_MS: f64 = 10_000.0;

/// One service in one minute.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceMinute {
    pub demand: f64,
    pub capacity: f64,
    pub succeeded: f64,
    pub failed: f64,
    pub delayed: f64,
    /// Instances serving (booted, with network) per zone, in scenario zone order.
    pub serving: PerZone<u32>,
    /// Instances booting or without network, summed over zones.
    pub not_serving: u32,
    pub backlog: f64,
    /// Demand over capacity per zone.
    pub zone_load: PerZone<f64>,
    /// Share of the requests routed to each zone that failed (behind a zonal load balancer;
    /// empty for a pooled fleet, whose zones share one error rate).
    pub zone_errors: PerZone<f64>,
    pub launch_failures: u32,
}

impl ServiceMinute {
    pub fn error_rate(&self) -> f64 {
        if self.demand > 0.0 {
            (self.failed / self.demand).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The share of requests routed to zone `z` that failed: the zone's own where the service
    /// routes by zone, else the service's.
    pub fn zone_error_rate(&self, z: usize) -> f64 {
        match self.zone_errors.get(z) {
            Some(e) => e.clamp(0.0, 1.0),
            None => self.error_rate(),
        }
    }

    pub fn load(&self) -> f64 {
        if self.capacity > 0.0 {
            self.demand / self.capacity
        } else if self.demand > 0.0 {
            f64::INFINITY
        } else {
            0.0
        }
    }

    pub fn serving_total(&self) -> u32 {
        self.serving.iter().sum()
    }

    /// A p95 latency estimate from load: a queueing curve from a 120 ms base, capped at a 10 s
    /// timeout. The engine models capacity, not time, so screens label this an estimate.
    pub fn p95_estimate_ms(&self) -> f64 {
        p95_estimate_ms(self.load())
    }
}

/// The p95 estimate for a load (demand over capacity).
pub fn p95_estimate_ms(load: f64) -> f64 {
    if !load.is_finite() || load >= 1.0 {
        return TIMEOUT_MS;
    }
    (P95_BASE_MS / (1.0 - load.max(0.0))).min(TIMEOUT_MS)
}

/// The state of the night at the end of one minute.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    pub minute: crate::scenario::Minute,
    /// New customer transactions this minute.
    pub transactions: f64,
    pub failed: f64,
    pub delayed: f64,
    pub offline: f64,
    /// Requests to non-essential features that failed.
    pub degraded: f64,
    /// Requests to features turned off on purpose (shed, or recent flags off).
    pub shed: f64,
    pub jobs_dropped: f64,
    /// Jobs lost this minute because their queue was full.
    pub jobs_lost: f64,
    /// Customer requests answered stale from a cache this minute.
    pub stale: f64,
    pub services: Vec<ServiceMinute>,
    pub tally: Tally,
    pub impact: bool,
}

impl Metrics {
    /// Customer transactions that went through (not failed, not kept offline).
    pub fn transactions_ok(&self) -> f64 {
        (self.transactions - self.failed - self.offline).max(0.0)
    }

    /// The share of customer transactions that failed or were kept offline, 0 to 1.
    pub fn customer_error_rate(&self) -> f64 {
        if self.transactions > 0.0 {
            ((self.failed + self.offline) / self.transactions).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PerZone;

    #[test]
    fn zone_bits_are_the_zones_that_pass() {
        let mut x = PerZone::<f64>::new(3);
        x[1] = 2.0;
        assert_eq!(x.bits(|v| v > 0.0), 0b010);
        // Slots past the last zone never count, whatever the test says of them.
        assert_eq!(x.bits(|v| v >= 0.0), 0b111);
        assert_eq!(PerZone::<u32>::new(0).bits(|_| true), 0);
        let mut y = PerZone::<u32>::new(0);
        for n in [1, 0, 4, 0, 0, 3] {
            y.push(n);
        }
        assert_eq!(y.bits(|n| n > 0), 0b100101);
        assert_eq!(PerZone::of(2, &[5, 0, 7]).bits(|n| n > 0), 0b01);
    }
}
