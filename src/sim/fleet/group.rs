//! One service's auto-scaling group: its instances, kept in their canonical order (see
//! [`Instance`]), and what they count to, kept up to date as the list changes.

use super::{Instance, InstanceState};
use crate::scenario::{MAX_ZONES, Minute};

/// One service's auto-scaling group.
#[derive(Debug, Clone)]
pub(super) struct Group {
    pub(super) instances: Vec<Instance>,
    pub(super) desired: Vec<u32>,
    /// Per zone: launch credit the provider has granted toward the next instance.
    pub(super) launch_credit: Vec<f64>,
    /// Some zone holds launch credit (none does: `launch_credit` is all zeros).
    pub(super) holds_credit: bool,
    /// The group was deleted to be recreated: nothing launches until the provider can create it.
    pub(super) rebuilding: bool,
    /// The zones the service runs in: the only ones it launches into.
    pub(super) zones: Vec<usize>,
    /// What the list holds, counted again whenever it changes (`Group::recount`).
    pub(super) counts: Counts,
}

/// A group's instances counted: per zone those present (in any state) and those serving, and
/// over the group those stranded without a network and those failing their checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Counts {
    pub(super) present: [u32; MAX_ZONES],
    pub(super) serving: [u32; MAX_ZONES],
    /// Those serving, over every zone.
    pub(super) serving_total: u32,
    pub(super) stranded: u32,
    pub(super) failing: u32,
    /// The first minute a booting instance is ready (`Minute::MAX` when none is booting).
    pub(super) next_ready: Minute,
    /// Some zone the service runs in has fewer instances than it wants.
    pub(super) short: bool,
}

impl Group {
    /// Count the list again: call after every change to it.
    pub(super) fn recount(&mut self) {
        let mut c = Counts {
            next_ready: Minute::MAX,
            ..Counts::default()
        };
        for x in &self.instances {
            let z = x.zone.min(MAX_ZONES - 1);
            c.present[z] += 1;
            c.serving[z] += u32::from(x.state == InstanceState::Serving);
            c.serving_total += u32::from(x.state == InstanceState::Serving);
            c.stranded += u32::from(x.state == InstanceState::NoNetwork);
            c.failing += u32::from(x.failing > 0);
            if let InstanceState::Booting { ready_at, .. } = x.state {
                c.next_ready = c.next_ready.min(ready_at);
            }
        }
        c.short = self.zones.iter().any(|&z| {
            let want = self.desired.get(z).copied().unwrap_or(0);
            c.present[z.min(MAX_ZONES - 1)] < want
        });
        self.counts = c;
    }

    /// Add an instance where it belongs in the list's order.
    pub(super) fn add(&mut self, inst: Instance) {
        let at = self.instances.partition_point(|x| *x <= inst);
        self.instances.insert(at, inst);
    }

    /// Put the list back in order after a few instances changed where they stood: each out of
    /// place moves back past those it now sorts before (a list in order costs one comparison
    /// per instance).
    pub(super) fn put_in_order(&mut self) {
        let list = &mut self.instances;
        let Some(first) = list.first() else {
            return;
        };
        // The key of the last instance of the part put in order so far (its largest), worked
        // out once rather than at each comparison.
        let mut last = first.key();
        for k in 1..list.len() {
            let key = list[k].key();
            if key >= last {
                last = key;
                continue;
            }
            // Out of place: those it sorts before move up one, and it goes where they were. The
            // largest so far ends at `k`, and `last` stays its key.
            let x = list[k];
            let mut j = k;
            while j > 0 && key < list[j - 1].key() {
                list[j] = list[j - 1];
                j -= 1;
            }
            list[j] = x;
        }
    }

    pub(super) fn all_serving(&self) -> bool {
        self.counts.serving_total as usize == self.instances.len()
    }
}

/// Counts instances zone by zone while walking a group in canonical order.
#[derive(Default)]
pub(super) struct ZoneRank {
    pub(super) seen: [u64; MAX_ZONES],
}

impl ZoneRank {
    /// This instance's place among its zone's instances so far.
    pub(super) fn next(&mut self, zone: usize) -> u64 {
        let slot = &mut self.seen[zone.min(MAX_ZONES - 1)];
        *slot += 1;
        *slot - 1
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Instance, InstanceState};
    use super::{Counts, Group};

    /// Putting a list in order gives the list sorted, whatever order it was in.
    #[test]
    fn put_in_order_sorts() {
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as u32
        };
        for n in 0..40 {
            let instances: Vec<Instance> = (0..n)
                .map(|_| Instance {
                    zone: (next() % 3) as usize,
                    state: match next() % 3 {
                        0 => InstanceState::Booting {
                            ready_at: next() % 4,
                            network: next() % 2 == 0,
                        },
                        1 => InstanceState::Serving,
                        _ => InstanceState::NoNetwork,
                    },
                    checked_from: next() % 3,
                    failing: next() % 4,
                })
                .collect();
            let mut g = Group {
                instances: instances.clone(),
                desired: vec![0; 3],
                launch_credit: vec![0.0; 3],
                holds_credit: false,
                rebuilding: false,
                zones: vec![0, 1, 2],
                counts: Counts::default(),
            };
            g.put_in_order();
            let mut sorted = instances;
            sorted.sort();
            assert_eq!(g.instances, sorted);
        }
    }
}
