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
            Cond::After(t) => m >= *t,
            Cond::All(l) => l.iter().all(|c| self.holds(c, m)),
            Cond::Any(l) => l.iter().any(|c| self.holds(c, m)),
            Cond::Not(c) => !self.holds(c, m),
            Cond::Never => false,
        }
    }

    pub(super) fn fire_beats(&mut self, m: Minute) {
        let scenario = self.scenario.clone();
        for (i, beat) in scenario.beats.iter().enumerate() {
            let fire = if let Some(at) = self.ix.beat_at[i] {
                at == m
            } else {
                let one_shot_spent = beat.repeat_minutes.is_none() && self.beat_fired[i].is_some();
                if one_shot_spent {
                    continue;
                }
                let Some(cond) = &self.ix.beat_when[i] else {
                    continue;
                };
                let now = self.holds(cond, m);
                let was = std::mem::replace(&mut self.beat_holding[i], now);
                let again = match (beat.repeat_minutes, self.beat_fired[i]) {
                    (Some(r), Some(last)) => now && m >= last + r.max(1),
                    _ => false,
                };
                (now && !was) || again
            };
            if !fire {
                continue;
            }
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
            self.say(kind, &from.to_string(), beat.text.clone());
        }
    }
}
