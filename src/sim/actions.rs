//! The team's actions: who carries them out, how long they take, when they are refused, what they do.
//! People page in, tire, hand off, and fumble when worn out.

use super::{EventKind, Outcome, Pending, World};
use crate::scenario::{
    ActionDef, Audience, Control, Effect, Minute, Requirement, Role, Target, TargetKind,
};

/// How an accepted action will be carried out.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub minutes: u32,
    pub by: usize,
}

/// Tool health under which an action through it cannot be done at all.
const TOOL_DOWN: f64 = 0.1;
/// Chance per hour past `tired_after` that the commander's decision is fumbled.
const FUMBLE_PER_HOUR: f64 = 0.05;
const FUMBLE_MAX: f64 = 0.4;

impl Effect {
    /// Effects that change the system (and so can be fumbled), as opposed to talking and looking.
    fn changes_system(&self) -> bool {
        !matches!(
            self,
            Effect::Say { .. }
                | Effect::RevealStatusPage
                | Effect::RevealChanges
                | Effect::RevealProviderHealth
                | Effect::Communicate(_)
                | Effect::Page(_)
                | Effect::Escalate
                | Effect::Handoff
                | Effect::Occupy(_)
        )
    }
}

impl World {
    fn person_name(&self, p: usize) -> String {
        self.scenario
            .people
            .get(p)
            .map_or_else(|| "someone".into(), |x| x.name.clone())
    }

    fn target_name(&self, def: &ActionDef, target: Option<usize>) -> Option<String> {
        let t = target?;
        match def.target {
            TargetKind::Service => self.scenario.services.get(t).map(|s| s.id.clone()),
            TargetKind::Zone => self.scenario.zones.get(t).cloned(),
            TargetKind::None => None,
        }
    }

    /// "Restart a service (api)": the action's name and its target, for the channel.
    fn label(&self, def: &ActionDef, target: Option<usize>) -> String {
        match self.target_name(def, target) {
            Some(t) => format!("{} ({t})", def.name),
            None => def.name.clone(),
        }
    }

    /// The least tired responder on the incident other than the commander.
    fn freshest_besides_commander(&self) -> Option<usize> {
        self.people
            .iter()
            .enumerate()
            .filter(|(i, p)| p.on_incident && *i != self.commander)
            .min_by(|a, b| a.1.tired_hours.total_cmp(&b.1.tired_hours))
            .map(|(i, _)| i)
    }

    /// Whether an action could be taken now, and how; `Err` is the reason a player reads.
    pub fn check(&self, action: usize, target: Option<usize>) -> Result<Plan, String> {
        let s = &self.scenario;
        let def = s.actions.get(action).ok_or("no such action")?;
        if self.is_over() {
            return Err("the night is over".into());
        }
        match (def.target, target) {
            (TargetKind::None, _) => {}
            (TargetKind::Service, Some(t)) if t < s.services.len() => {}
            (TargetKind::Zone, Some(t)) if t < s.zones.len() => {}
            (TargetKind::Service, _) => return Err("pick a service".into()),
            (TargetKind::Zone, _) => return Err("pick a zone".into()),
        }
        let target = if def.target == TargetKind::None {
            None
        } else {
            target
        };
        for r in &def.requires {
            self.requirement(def, r)?;
        }
        if let Some(p) = self
            .pending
            .iter()
            .find(|p| p.action == action && p.target == target)
        {
            return Err(format!(
                "already under way, done at {}",
                s.clock_at(p.done_at)
            ));
        }
        let mut minutes = def.minutes as f64;
        for tool in &def.tools {
            let Some(p) = s.provider.iter().position(|x| &x.id == tool) else {
                continue;
            };
            let h = self.provider_worst(p);
            if h < TOOL_DOWN {
                return Err(format!("{} is down", s.provider[p].name));
            }
            minutes /= h.max(0.25);
        }
        let opens_channel = def
            .effects
            .iter()
            .any(|e| matches!(e, Effect::Set(Control::IncidentChannel, true)));
        if !self.control(Control::IncidentChannel) && !opens_channel {
            minutes *= 1.5;
        }
        let by = self.free_responder().ok_or_else(|| {
            let until = self
                .people
                .iter()
                .filter(|p| p.on_incident)
                .map(|p| p.busy_until)
                .min()
                .unwrap_or(self.minute);
            format!(
                "everyone on the incident is busy until {}: page someone",
                s.clock_at(until)
            )
        })?;
        Ok(Plan {
            minutes: (minutes.ceil() as u32).max(1),
            by,
        })
    }

    fn requirement(&self, def: &ActionDef, r: &Requirement) -> Result<(), String> {
        let s = &self.scenario;
        match r {
            Requirement::Control(c, want) if self.control(*c) != *want => {
                // An action that flips this very control finds it flipped already; any other needs it.
                let toggles = def
                    .effects
                    .iter()
                    .any(|e| matches!(e, Effect::Set(x, on) if x == c && on != want));
                Err(control_refusal(*c, *want, toggles))
            }
            Requirement::Shifted(true) if self.shifted.is_none() => {
                Err("no zonal shift is in force".into())
            }
            Requirement::Shifted(false) if self.shifted.is_some() => {
                let z = self
                    .shifted
                    .and_then(|z| s.zones.get(z))
                    .cloned()
                    .unwrap_or_default();
                Err(format!(
                    "traffic is already shifted away from {z}: end that shift first"
                ))
            }
            Requirement::Provider(p, min) => match s.provider.iter().position(|x| &x.id == p) {
                Some(i) if self.provider_worst(i) < *min => {
                    Err(format!("{} is not answering", s.provider[i].name))
                }
                _ => Ok(()),
            },
            Requirement::SecondResponder => {
                if self.freshest_besides_commander().is_none() {
                    Err("nobody else is on the incident yet: page someone first".into())
                } else {
                    Ok(())
                }
            }
            Requirement::Never(reason) => Err(reason.clone()),
            _ => Ok(()),
        }
    }

    /// The least tired responder on the incident who is free now.
    fn free_responder(&self) -> Option<usize> {
        let s = &self.scenario;
        self.people
            .iter()
            .enumerate()
            .filter(|(i, p)| {
                p.on_incident
                    && p.busy_until <= self.minute
                    && s.people.get(*i).is_some_and(|x| x.role == Role::Responder)
            })
            .min_by(|a, b| a.1.tired_hours.total_cmp(&b.1.tired_hours))
            .map(|(i, _)| i)
    }

    /// Take an action now. `Err` is a refusal (also recorded in the channel); nothing changes then.
    pub fn act(&mut self, action: usize, target: Option<usize>) -> Result<Plan, String> {
        let s = self.scenario.clone();
        let Some(def) = s.actions.get(action) else {
            return Err("no such action".into());
        };
        let label = self.label(def, target);
        if let Some(t) = self.tried.get_mut(action) {
            *t = true;
        }
        let plan = match self.check(action, target) {
            Ok(p) => p,
            Err(why) => {
                self.say(
                    EventKind::ActionRefused,
                    "you",
                    format!("{label}: refused — {why}"),
                );
                return Err(why);
            }
        };
        let target = if def.target == TargetKind::None {
            None
        } else {
            target
        };
        let over = self.tired_hours(self.commander) - s.scoring.tired_after;
        let risk = (over * FUMBLE_PER_HOUR).clamp(0.0, FUMBLE_MAX);
        let fumbled = risk > 0.0
            && def.effects.iter().any(Effect::changes_system)
            && self.dice.people.chance(risk);
        let done_at = self.minute + plan.minutes;
        self.people[plan.by].busy_until = done_at;
        self.outcomes.push(Outcome::UnderWay);
        self.pending.push(Pending {
            action,
            target,
            started: self.minute,
            done_at,
            by: plan.by,
            fumbled,
            ticket: self.outcomes.len() - 1,
        });
        let who = self.person_name(plan.by);
        self.say(
            EventKind::ActionStarted,
            &who,
            format!("{label}: started, done at {}", s.clock_at(done_at)),
        );
        Ok(plan)
    }

    pub(super) fn complete_actions(&mut self, m: Minute) {
        let mut k = 0;
        while k < self.pending.len() {
            if self.pending[k].done_at > m {
                k += 1;
                continue;
            }
            let p = self.pending.remove(k);
            let s = self.scenario.clone();
            let def = &s.actions[p.action];
            let who = self.person_name(p.by);
            let label = self.label(def, p.target);
            self.outcomes[p.ticket] = if p.fumbled {
                Outcome::Fumbled
            } else {
                Outcome::Done
            };
            if p.fumbled {
                let hours = self.tired_hours(self.commander);
                let commander = self.person_name(self.commander);
                self.say(
                    EventKind::ActionFumbled,
                    &who,
                    format!(
                        "{label}: fumbled — {commander}, awake {hours:.0} hours, gave the wrong instructions; nothing changed, try again"
                    ),
                );
                continue;
            }
            let first_time = !self.done[p.action];
            self.done[p.action] = true;
            if first_time {
                self.unpark_beats();
            }
            self.say(EventKind::ActionDone, &who, format!("{label}: done"));
            for e in &def.effects {
                self.apply(e, p.target, p.by);
            }
        }
    }

    fn apply(&mut self, e: &Effect, target: Option<usize>, by: usize) {
        let s = self.scenario.clone();
        let service_of = |t: &Target| match t {
            Target::Chosen => target,
            Target::Service(id) => s.services.iter().position(|x| &x.id == id),
        };
        match e {
            Effect::Set(c, on) => {
                self.set_control(*c, *on);
                match (c, on) {
                    (Control::BackgroundJobs, _) => {
                        for st in &mut self.services {
                            st.staged_since = None;
                        }
                    }
                    (Control::Cicd, true) => self.release_held_changes(),
                    _ => {}
                }
            }
            Effect::ResumeJobs { staged } => {
                self.set_control(Control::BackgroundJobs, true);
                let since = staged.then_some(self.minute);
                for (st, svc) in self.services.iter_mut().zip(&s.services) {
                    st.staged_since = since;
                    st.staged_rate = svc.queue.as_ref().map_or(0.0, |q| q.staged_rate);
                }
            }
            Effect::Restart(t) => {
                if let Some(i) = service_of(t)
                    && s.services[i].launch.is_some()
                {
                    self.start_rollout(i, 0.34, 3, None);
                }
            }
            Effect::Recreate(t) => {
                if let Some(i) = service_of(t)
                    && s.services[i].launch.is_some()
                {
                    for z in self.ix.services[i].zones.clone() {
                        self.terminate(i, z, u32::MAX);
                    }
                    self.services[i].rebuilding = true;
                }
            }
            Effect::ScaleOut(t, f) => {
                if let Some(i) = service_of(t) {
                    let cap = s.services[i].instances_per_zone * 3;
                    for d in &mut self.services[i].desired {
                        *d = ((*d as f64 * f).ceil() as u32).min(cap);
                    }
                }
            }
            Effect::ZonalShift => self.shifted = target,
            Effect::EndZonalShift => self.shifted = None,
            Effect::Page(who) => {
                if let Some(i) = s.people.iter().position(|x| &x.id == who) {
                    let p = &mut self.people[i];
                    if !p.on_incident && p.arriving_at.is_none() {
                        p.arriving_at = Some(self.minute + s.people[i].answers_page_in.max(1));
                        p.stood_down = false;
                    }
                }
            }
            Effect::Handoff => {
                if let Some(next) = self.freshest_besides_commander() {
                    let old = self.commander;
                    self.commander = next;
                    self.people[old].on_incident = false;
                    self.people[old].stood_down = true;
                    let (a, b) = (self.person_name(old), self.person_name(next));
                    self.say(
                        EventKind::Chat,
                        &b,
                        format!("I have the incident now; {a}, go and sleep."),
                    );
                }
            }
            Effect::Escalate => self.escalation += 1,
            Effect::Communicate(a) => self.last_update[super::audience_ix(*a)] = Some(self.minute),
            Effect::Say { from, text } => self.say(EventKind::Chat, from, text.clone()),
            Effect::RevealStatusPage => {
                let text = match self.status_page {
                    Some((at, beat)) => {
                        format!("(posted {}) {}", s.clock_at(at), s.beats[beat].text)
                    }
                    None => "All services are operating normally.".into(),
                };
                self.say(EventKind::Finding, "provider status page", text);
            }
            Effect::RevealChanges => {
                let mut lines = Vec::new();
                for (c, ch) in s.changes.iter().enumerate() {
                    let at = s.minute_of(ch.at);
                    let state = if self.held_changes.contains(&c) {
                        "held by the freeze"
                    } else if self.rollouts.iter().any(|r| r.change == Some(c)) {
                        "running now"
                    } else if at < self.minute {
                        "already ran"
                    } else {
                        "scheduled"
                    };
                    lines.push(format!(
                        "{} at {} ({state}): {}",
                        ch.name, ch.at, ch.description
                    ));
                }
                let text = if lines.is_empty() {
                    "No recent or scheduled changes.".to_string()
                } else {
                    lines.join(" | ")
                };
                self.say(EventKind::Finding, "change log", text);
            }
            Effect::RevealProviderHealth => {
                let mut sick: Vec<String> = Vec::new();
                for (p, prov) in s.provider.iter().enumerate() {
                    let worst = self.provider_worst(p);
                    if worst < 0.95 {
                        sick.push(format!("{} {:.0}%", prov.name, worst * 100.0));
                    }
                }
                let text = if sick.is_empty() {
                    "Our probes see every provider service healthy.".to_string()
                } else {
                    format!("Our probes see trouble: {}", sick.join(", "))
                };
                self.say(EventKind::Finding, "probes", text);
            }
            Effect::Occupy(n) => {
                let p = &mut self.people[by];
                p.busy_until = p.busy_until.max(self.minute + n);
            }
        }
    }

    /// Paged people arrive; executives wake and support shifts start at their time.
    pub(super) fn people_arrive(&mut self, m: Minute) {
        let s = self.scenario.clone();
        for (i, p) in s.people.iter().enumerate() {
            let st = &mut self.people[i];
            let paged_in = st.arriving_at == Some(m);
            let starts = p.starts_at.is_some_and(|t| s.minute_of(t) == m) && !st.stood_down;
            if !(paged_in || starts) || (st.on_incident && st.awake) {
                continue;
            }
            st.awake = true;
            st.arriving_at = None;
            if p.role == Role::Responder {
                st.on_incident = true;
                st.busy_until = st.busy_until.max(m);
                self.say(
                    EventKind::Chat,
                    &p.name,
                    "I'm on the incident. What do you need?",
                );
            }
        }
    }

    /// Whether the audience has heard from us within the scenario's update interval.
    pub fn is_fresh(&self, a: Audience) -> bool {
        self.last_update(a)
            .is_some_and(|t| self.minute.saturating_sub(t) <= self.scenario.scoring.update_every)
    }
}

fn control_refusal(c: Control, want: bool, toggles: bool) -> String {
    let (name, on, off) = match c {
        Control::HealthChecks => ("health checks", "enabled", "disabled"),
        Control::RetryBackoff => ("retry backoff", "on", "off"),
        Control::ExtendedTimeouts => ("timeouts", "extended", "normal"),
        Control::BackgroundJobs => ("background jobs", "running", "paused"),
        Control::Cicd => ("CI/CD", "running", "frozen"),
        Control::NonessentialFeatures => ("non-essential features", "on", "shed"),
        Control::FeatureFlags => ("recent feature flags", "on", "off"),
        Control::OfflineMode => ("offline mode guidance", "out", "not out"),
        Control::IncidentChannel => ("the incident channel", "open", "not open"),
    };
    if toggles {
        format!("{name} {} already", if want { off } else { on })
    } else {
        format!("needs {name} {}", if want { on } else { off })
    }
}
