//! The beats' conditions laid flat, for the story's minute-by-minute look: each condition becomes
//! its leaf tests in one shared list, each test saying where to go next when it holds and when it
//! does not. `All`, `Any` and `Not` are resolved into those links once, when the night starts, so
//! a look follows a few links down a flat list instead of recursing through boxes and vectors.
//! The leaves are tested in the order the condition names them, each by [`Leaf::holds`], which
//! [`Facts::holds`] uses too, so the answer is the same to the bit.

use super::super::compiled::{Cond, Leaf};
use super::super::metrics::Metrics;
use super::Facts;
use crate::scenario::Minute;

/// Where a test leads: the index of the next test, or one of the two answers (past any index).
pub(super) type Next = u32;
const HOLDS: Next = Next::MAX;
const FAILS: Next = Next::MAX - 1;

impl Leaf {
    /// Whether the leaf holds at the end of minute `m`, `now` being that minute's measurements.
    // In line in the story's minute-by-minute look: a call per leaf cost about as much as the
    // test itself.
    #[inline(always)]
    pub(in crate::sim) fn holds(&self, now: &Metrics, facts: &Facts, m: Minute) -> bool {
        let svc = |i: usize| now.services.get(i);
        match *self {
            Leaf::ErrorRateAbove(i, v) => svc(i).is_some_and(|x| x.error_rate() > v),
            Leaf::CapacityBelow(i, below) => {
                svc(i).is_some_and(|x| (x.serving_total() as f64) < below)
            }
            Leaf::LoadAbove(i, v) => svc(i).is_some_and(|x| x.load() > v),
            Leaf::BacklogAbove(i, v) => svc(i).is_some_and(|x| x.backlog > v),
            Leaf::ProviderBelow(p, v) => facts.provider.worst(p) < v,
            Leaf::LaunchesFailing(i) => svc(i).is_some_and(|x| x.launch_failures > 0),
            Leaf::Done(a) => facts.crew.done(a),
            Leaf::Tried(a) => facts.crew.tried(a),
            Leaf::JustDone(a) => facts.crew.last_done(a) == Some(m),
            Leaf::After(t) => m >= t,
            Leaf::Arrived(p) => facts.crew.people().get(p).is_some_and(|x| x.awake),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Test {
    leaf: Leaf,
    then: Next,
    otherwise: Next,
}

/// Every beat's conditions, laid flat in one list; a condition is known by its entry.
#[derive(Debug, Clone, Default)]
pub(super) struct Checks {
    tests: Vec<Test>,
}

impl Checks {
    /// Lay a condition flat; its entry, to look it up with [`Checks::holds`].
    pub(super) fn add(&mut self, c: &Cond) -> Next {
        self.lay(c, HOLDS, FAILS)
    }

    /// Lay `c` so that a look goes on to `then` when it holds and to `otherwise` when not; its
    /// entry. The parts of an `All` or `Any` are laid last first, so each can link to the next,
    /// and are looked at first first, as the condition would.
    fn lay(&mut self, c: &Cond, then: Next, otherwise: Next) -> Next {
        match c {
            Cond::All(l) => l
                .iter()
                .rev()
                .fold(then, |next, c| self.lay(c, next, otherwise)),
            Cond::Any(l) => l
                .iter()
                .rev()
                .fold(otherwise, |next, c| self.lay(c, then, next)),
            Cond::Not(c) => self.lay(c, otherwise, then),
            Cond::Leaf(leaf) => {
                self.tests.push(Test {
                    leaf: *leaf,
                    then,
                    otherwise,
                });
                (self.tests.len() - 1) as Next
            }
            Cond::Never => otherwise,
        }
    }

    /// Whether the condition at `entry` holds at the end of minute `m`. Before any minute was
    /// measured no condition holds, as with [`Facts::holds`].
    #[inline]
    pub(super) fn holds(&self, entry: Next, facts: &Facts, m: Minute) -> bool {
        let Some(now) = facts.last else {
            return false;
        };
        let mut at = entry;
        // The answers lie past every index, so the look ends where no test is.
        while let Some(t) = self.tests.get(at as usize) {
            at = if t.leaf.holds(now, facts, m) {
                t.then
            } else {
                t.otherwise
            };
        }
        at == HOLDS
    }
}
