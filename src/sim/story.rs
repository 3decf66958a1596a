//! Story beats: alerts, chat, calls, emails and the provider's status page, fired at their time or
//! when a condition over the world first holds (and again every `repeat_minutes` while it holds).

use super::compiled::Cond;
use super::{EventKind, World};
use crate::scenario::{Channel, Minute};

impl World {
    /// Whether a compiled condition holds at the end of the current minute.
    fn holds(&self, c: &Cond, m: Minute) -> bool {
        let Some(now) = self.history.last() else {
            return false;
        };
        let svc = |i: usize| now.services.get(i);
        match c {
            Cond::ErrorRateAbove(i, v) => svc(*i).is_some_and(|x| x.error_rate() > *v),
            Cond::CapacityBelow(i, v) => svc(*i).is_some_and(|x| {
                let normal = self.scenario.services[*i].instances_per_zone as f64
                    * self.ix.services[*i].zones.len() as f64;
                normal > 0.0 && (x.serving_total() as f64) < v * normal
            }),
            Cond::LoadAbove(i, v) => svc(*i).is_some_and(|x| x.load() > *v),
            Cond::BacklogAbove(i, v) => svc(*i).is_some_and(|x| x.backlog > *v),
            Cond::ProviderBelow(p, v) => self.provider_worst(*p) < *v,
            Cond::Done(a) => self.done.get(*a).copied().unwrap_or(false),
            Cond::Tried(a) => self.tried.get(*a).copied().unwrap_or(false),
            Cond::After(t) => m >= *t,
            Cond::All(l) => l.iter().all(|c| self.holds(c, m)),
            Cond::Any(l) => l.iter().any(|c| self.holds(c, m)),
            Cond::Not(c) => !self.holds(c, m),
            Cond::Never => false,
        }
    }

    /// Beats whose gate (actions done) is now open join the watched list, in file order.
    pub(super) fn unpark_beats(&mut self) {
        let done = &self.done;
        let gates = &self.ix.beat_gate;
        let mut opened = Vec::new();
        self.parked_beats.retain(|&i| {
            let open = gates[i].done.iter().all(|&a| done[a]);
            if open {
                opened.push(i);
            }
            !open
        });
        if !opened.is_empty() {
            self.watched_beats.extend(opened);
            self.watched_beats.sort_unstable();
        }
    }

    pub(super) fn fire_beats(&mut self, m: Minute) {
        let scenario = self.scenario.clone();
        // Timed beats come from a sorted list; conditional ones are watched once their gate opens.
        let mut due = Vec::new();
        while let Some(&(at, i)) = self.timed_beats.get(self.next_timed) {
            if at > m {
                break;
            }
            if at == m {
                due.push(i);
            }
            self.next_timed += 1;
        }
        let mut k = 0;
        while k < self.watched_beats.len() {
            let i = self.watched_beats[k];
            let beat = &scenario.beats[i];
            let Some(cond) = &self.ix.beat_when[i] else {
                self.watched_beats.remove(k);
                continue;
            };
            let now = m >= self.ix.beat_gate[i].after && self.holds(cond, m);
            let was = std::mem::replace(&mut self.beat_holding[i], now);
            let again = match (beat.repeat_minutes, self.beat_fired[i]) {
                (Some(r), Some(last)) => now && m >= last + r.max(1),
                _ => false,
            };
            let fire = (now && !was) || again;
            if fire && beat.repeat_minutes.is_none() {
                self.watched_beats.remove(k);
            } else {
                k += 1;
            }
            if fire {
                due.push(i);
            }
        }
        due.sort_unstable();
        for i in due {
            let beat = &scenario.beats[i];
            self.beat_fired[i] = Some(m);
            let kind = match beat.channel {
                Channel::StatusPage => {
                    self.status_page = Some((m, i));
                    continue;
                }
                Channel::Alert(sev) => EventKind::Alert(sev),
                Channel::Chat => EventKind::Chat,
                Channel::Call => EventKind::Call,
                Channel::Email => EventKind::Email,
                Channel::Customer => EventKind::Customer,
            };
            let from = scenario
                .people
                .iter()
                .find(|p| p.id == beat.from)
                .map_or(beat.from.as_str(), |p| p.name.as_str());
            self.say(kind, from, beat.text.clone());
        }
    }
}
