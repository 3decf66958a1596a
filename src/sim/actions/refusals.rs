//! Why an action is refused before anyone starts on it: what it requires that does not hold
//! now, or nothing it would change.

use super::super::World;
use crate::scenario::{ActionDef, Effect, Requirement};

impl World {
    /// An action that only sets controls, every one of them already as it would set it, would
    /// change nothing: it is refused, as a teammate would say so ("Restore features" with
    /// nothing shed).
    pub(super) fn changes_something(&self, def: &ActionDef) -> Result<(), String> {
        let mut already = Vec::new();
        for e in &def.effects {
            match e {
                Effect::Set(c, on) if self.levers.control(*c) == *on => {
                    let w = self.scenario.lever_words(*c);
                    already.push(format!(
                        "{} already {}",
                        w.name,
                        if *on { w.on } else { w.off }
                    ));
                }
                _ => return Ok(()),
            }
        }
        match already.is_empty() {
            true => Ok(()),
            false => Err(format!("nothing to change: {}", already.join(", "))),
        }
    }

    pub(super) fn requirement(&self, def: &ActionDef, r: &Requirement) -> Result<(), String> {
        let s = &self.scenario;
        match r {
            Requirement::Control(c, want) if self.levers.control(*c) != *want => {
                // An action that flips this very control finds it flipped already; any other needs it.
                let toggles = def
                    .effects
                    .iter()
                    .any(|e| matches!(e, Effect::Set(x, on) if x == c && on != want));
                Err(control_refusal(s.lever_words(*c), *want, toggles))
            }
            Requirement::Shifted(true) if self.levers.shifted().is_none() => {
                Err("no zonal shift is in force".into())
            }
            Requirement::Shifted(false) if self.levers.shifted().is_some() => {
                let z = self
                    .levers
                    .shifted()
                    .and_then(|z| s.zones.get(z))
                    .cloned()
                    .unwrap_or_default();
                Err(format!(
                    "traffic is already shifted away from {z}: end that shift first"
                ))
            }
            Requirement::Provider(p, min) => match s.provider.iter().position(|x| &x.id == p) {
                Some(i) if self.provider.worst(i) < *min => {
                    Err(format!("{} is not answering", s.provider[i].name))
                }
                _ => Ok(()),
            },
            Requirement::SecondResponder => {
                if self.crew.freshest_besides_commander().is_some() {
                    return Ok(());
                }
                // Someone paged and on the way: say who and when, not to page again.
                Err(match self.crew.first_on_the_way() {
                    Some((at, i)) => format!(
                        "nobody else is on the incident yet: {} is on the way, expected at {}",
                        self.person_name(i),
                        s.clock_at(at)
                    ),
                    None => "nobody else is on the incident yet: page someone first".into(),
                })
            }
            Requirement::Never(reason) => Err(reason.clone()),
            _ => Ok(()),
        }
    }
}

fn control_refusal(w: crate::scenario::LeverWords, want: bool, toggles: bool) -> String {
    if toggles {
        format!("{}: already {}", w.name, if want { w.off } else { w.on })
    } else {
        format!("needs {} {}", w.name, if want { w.on } else { w.off })
    }
}
