//! The team's actions: who carries them out, how long they take, when they are refused, what they do.
//! People page in, tire, hand off, and fumble when worn out.

mod refusals;

use super::World;
use super::crew::{Outcome, Pending};
use super::story::EventKind;
use crate::scenario::{ActionDef, Audience, Control, Effect, Minute, Query, Target, TargetKind};

/// How an accepted action will be carried out.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub minutes: u32,
    pub by: usize,
    /// When the work starts: now, or (queued) when its responder is free.
    pub starts: Minute,
}

impl Plan {
    /// When the work is done.
    pub fn done_at(&self) -> Minute {
        self.starts + self.minutes
    }
}

/// Tool health under which an action through it cannot be done at all.
const TOOL_DOWN: f64 = 0.1;
/// Chance per hour past `tired_after` that the commander's decision is fumbled.
const FUMBLE_PER_HOUR: f64 = 0.05;
const FUMBLE_MAX: f64 = 0.4;
/// Without an incident channel every action takes this much longer to coordinate.
const NO_CHANNEL_SLOWDOWN: f64 = 1.5;
/// A restart replaces this share of each zone's instances every `RESTART_EVERY` minutes.
const RESTART_BATCH: f64 = 0.34;
const RESTART_EVERY: u32 = 3;

impl Effect {
    /// Effects that change the system (and so can be fumbled), as opposed to talking and looking.
    pub fn changes_system(&self) -> bool {
        !matches!(
            self,
            Effect::Say { .. }
                | Effect::RevealStatusPage
                | Effect::ReadStatusPage(_)
                | Effect::RevealChanges
                | Effect::RevealProviderHealth
                | Effect::Communicate(_)
                | Effect::Page(_)
                | Effect::Escalate
                | Effect::Declare(_)
                | Effect::Handoff
                | Effect::Occupy(_)
                | Effect::Investigate(_)
                | Effect::StateTheory
        )
    }
}

impl ActionDef {
    /// An action that only states a theory or pages someone: no responder is taken from the work,
    /// so it is never refused for want of one, and it lands at once.
    pub fn takes_nobody(&self) -> bool {
        !self.effects.is_empty()
            && self
                .effects
                .iter()
                .all(|e| matches!(e, Effect::StateTheory | Effect::Page(_)))
    }
}

impl World {
    fn person_name(&self, p: usize) -> String {
        self.scenario
            .people
            .get(p)
            .map_or_else(|| "someone".into(), |x| x.name.clone())
    }

    /// Whether what an action requires holds now (not whether anyone is free to do it): `Err` is
    /// the first requirement that fails, as a player reads it.
    pub fn requirements_hold(&self, action: usize) -> Result<(), String> {
        let def = self.scenario.actions.get(action).ok_or("no such action")?;
        def.requires
            .iter()
            .try_for_each(|r| self.requirement(def, r))
    }

    /// Whether an action could be taken now, and how; `Err` is the reason a player reads.
    pub fn check(&self, action: usize, target: Option<usize>) -> Result<Plan, String> {
        self.check_with(action, target, |p| self.provider.worst(p))
    }

    /// What the team can foresee of taking an action now: as [`World::check`], but a tool's
    /// health is what our own calls to it last showed (as good as new when we have not called it
    /// lately), never the provider's hidden truth. A tool that is down is found out by trying.
    pub fn foresee(&self, action: usize, target: Option<usize>) -> Result<Plan, String> {
        let now = self.minute;
        self.check_with(action, target, |p| {
            self.watch.worst(p, now).map_or(1.0, |x| 1.0 - x.failing)
        })
    }

    fn check_with(
        &self,
        action: usize,
        target: Option<usize>,
        tool_health: impl Fn(usize) -> f64,
    ) -> Result<Plan, String> {
        let s = &self.scenario;
        let def = s.actions.get(action).ok_or("no such action")?;
        if self.is_over() {
            return Err("the night is over".into());
        }
        match (def.target, target) {
            (TargetKind::None, _) => {}
            (TargetKind::Service, Some(t)) if t < s.services.len() => {}
            (TargetKind::Zone, Some(t)) if t < s.zones.len() => {}
            (TargetKind::Theory, Some(t)) if t < s.theories.len() => {}
            (TargetKind::Service, _) => return Err("pick a service".into()),
            (TargetKind::Zone, _) => return Err("pick a zone".into()),
            (TargetKind::Theory, _) => return Err("pick a theory".into()),
        }
        let target = if def.target == TargetKind::None {
            None
        } else {
            target
        };
        for r in &def.requires {
            self.requirement(def, r)?;
        }
        self.changes_something(def)?;
        if let Some(p) = self
            .crew
            .pending()
            .iter()
            .find(|p| p.action == action && p.target == target)
        {
            return Err(format!(
                "already under way, done at {}",
                s.clock_at(p.done_at)
            ));
        }
        // Saying what the team believes, or paging, takes nobody away from the work.
        if def.takes_nobody() {
            return Ok(Plan {
                minutes: 0,
                by: self.crew.commander(),
                starts: self.minute,
            });
        }
        let mut minutes = def.minutes as f64;
        for tool in &def.tools {
            let Some(p) = s.provider.iter().position(|x| &x.id == tool) else {
                continue;
            };
            let h = tool_health(p);
            if h < TOOL_DOWN {
                return Err(format!("{} is down", s.provider[p].name));
            }
            minutes /= h.max(0.25);
        }
        let opens_channel = def
            .effects
            .iter()
            .any(|e| matches!(e, Effect::Set(Control::IncidentChannel, true)));
        if !self.levers.control(Control::IncidentChannel) && !opens_channel {
            minutes *= NO_CHANNEL_SLOWDOWN;
        }
        let minutes = (minutes.ceil() as u32).max(1);
        if let Some(by) = self.crew.free_responder(s, self.minute) {
            return Ok(Plan {
                minutes,
                by,
                starts: self.minute,
            });
        }
        // Everyone is busy: the decision waits for the first responder to come free.
        let (by, starts) = self
            .crew
            .first_free_later(s)
            .ok_or("nobody is on the incident: page someone")?;
        if starts + minutes > s.length() + 1 {
            return Err(format!(
                "everyone on the incident is busy until {}, too late to finish tonight",
                s.clock_at(starts)
            ));
        }
        Ok(Plan {
            minutes,
            by,
            starts,
        })
    }

    /// Take an action now. `Err` is a refusal (also recorded in the channel); nothing changes then.
    pub fn act(&mut self, action: usize, target: Option<usize>) -> Result<Plan, String> {
        let s = self.scenario.clone();
        let Some(def) = s.actions.get(action) else {
            return Err("no such action".into());
        };
        let label = s.label(action, target);
        self.crew.mark_tried(action);
        let now = self.minute;
        let plan = match self.check(action, target) {
            Ok(p) => p,
            Err(why) => {
                // Trying shows how a tool that is down answers: we know it now.
                for tool in &def.tools {
                    if let Some(p) = s.provider.iter().position(|x| &x.id == tool)
                        && self.provider.worst(p) < TOOL_DOWN
                    {
                        self.watch
                            .saw_everywhere(p, now, 1.0 - self.provider.worst(p));
                    }
                }
                let text = format!("{label}: refused — {why}");
                self.story.say(now, EventKind::ActionRefused, "you", text);
                return Err(why);
            }
        };
        let target = if def.target == TargetKind::None {
            None
        } else {
            target
        };
        // Using a tool shows how the provider behind it answers.
        for tool in &def.tools {
            if let Some(p) = s.provider.iter().position(|x| &x.id == tool) {
                self.watch
                    .saw_everywhere(p, now, 1.0 - self.provider.worst(p));
            }
        }
        if def.takes_nobody() {
            let ticket = self.crew.accept(Outcome::Done, now, now, plan.by);
            self.judge_timing(action, ticket);
            if self.crew.mark_done(action, now) {
                self.story.unpark(&self.ix, &self.crew);
            }
            for e in &def.effects {
                self.apply(e, target, plan.by);
            }
            return Ok(plan);
        }
        let over = self.crew.tired_hours(self.crew.commander()) - s.scoring.tired_after;
        let risk = (over * FUMBLE_PER_HOUR).clamp(0.0, FUMBLE_MAX);
        // The fumble roll belongs to this decision: what, on what, when, by whom.
        let key = [
            action as u64,
            target.map_or(0, |t| t as u64 + 1),
            now as u64,
            self.crew.commander() as u64,
        ];
        let fumbled = risk > 0.0
            && def.effects.iter().any(Effect::changes_system)
            && self.dice.people.chance(risk, key);
        let done_at = plan.done_at();
        self.crew.person_mut(plan.by).busy_until = done_at;
        let ticket = self
            .crew
            .accept(Outcome::UnderWay, plan.starts, done_at, plan.by);
        self.crew.pending.push(Pending {
            action,
            target,
            started: plan.starts,
            done_at,
            by: plan.by,
            fumbled,
            ticket,
        });
        let who = self.person_name(plan.by);
        let text = if plan.starts > now {
            format!(
                "{label}: queued, starts at {} when {who} is free, done at {}",
                s.clock_at(plan.starts),
                s.clock_at(done_at)
            )
        } else {
            format!("{label}: started, done at {}", s.clock_at(done_at))
        };
        self.story.say(now, EventKind::ActionStarted, &who, text);
        Ok(plan)
    }

    /// Keep the responder an action would take as busy as it would keep them, to no effect: the
    /// night in which a decision's minutes were spent and nothing came of them. Set beside the
    /// night without the decision, it shows what the decision cost by holding up the work
    /// queued behind it (the debrief's weighing). Nothing is said, tried or done; an action
    /// that would be refused now, or that takes nobody, keeps nobody.
    pub fn occupy(&mut self, action: usize, target: Option<usize>) {
        let takes_somebody = self
            .scenario
            .actions
            .get(action)
            .is_some_and(|def| !def.takes_nobody());
        if let (true, Ok(plan)) = (takes_somebody, self.check(action, target)) {
            self.crew.person_mut(plan.by).busy_until = plan.done_at();
        }
    }

    pub(super) fn complete_actions(&mut self, m: Minute) {
        let mut k = 0;
        while k < self.crew.pending.len() {
            if self.crew.pending[k].done_at > m {
                k += 1;
                continue;
            }
            let p = self.crew.pending.remove(k);
            let s = self.scenario.clone();
            let def = &s.actions[p.action];
            let who = self.person_name(p.by);
            let label = s.label(p.action, p.target);
            self.crew.outcomes[p.ticket] = if p.fumbled {
                Outcome::Fumbled
            } else {
                Outcome::Done
            };
            if p.fumbled {
                let commander = self.crew.commander();
                let hours = self.crew.tired_hours(commander);
                let name = self.person_name(commander);
                let text = format!(
                    "{label}: fumbled — {name}, awake {hours:.0} hours, gave the wrong instructions; nothing changed, try again"
                );
                self.story.say(m, EventKind::ActionFumbled, &who, text);
                continue;
            }
            self.judge_timing(p.action, p.ticket);
            if self.crew.mark_done(p.action, m) {
                self.story.unpark(&self.ix, &self.crew);
            }
            self.story
                .say(m, EventKind::ActionDone, &who, format!("{label}: done"));
            for e in &def.effects {
                self.apply(e, p.target, p.by);
            }
        }
    }

    /// A decision that applies a lesson with `in_time`, finishing now: noted late when the
    /// lesson's condition does not hold as it finishes (before its own effects land).
    fn judge_timing(&mut self, action: usize, ticket: usize) {
        let s = self.scenario.clone();
        let id = &s.actions[action].id;
        for (l, lesson) in s.lessons.iter().enumerate() {
            if let Some(c) = &lesson.in_time
                && lesson.applied_by.contains(id)
                && !self.holds(c)
            {
                self.crew.late.push((ticket, l));
            }
        }
    }

    fn apply(&mut self, e: &Effect, target: Option<usize>, by: usize) {
        let s = self.scenario.clone();
        let (ix, now) = (&self.ix, self.minute);
        let service_of = |t: &Target| match t {
            Target::Chosen => target,
            Target::Service(id) => s.services.iter().position(|x| &x.id == id),
        };
        let has_fleet = |i: &usize| s.services[*i].launch.is_some();
        let tally = self.ledger.tally_mut();
        match e {
            Effect::Set(c, on) => {
                self.levers.set(*c, *on);
                match (c, on) {
                    (Control::BackgroundJobs, _) => self.traffic.cancel_staged_resume(),
                    (Control::Cicd, true) => {
                        self.fleet
                            .release_held_changes(now, &s, ix, &mut self.story)
                    }
                    _ => {}
                }
            }
            Effect::SetFor(c, t, on) => {
                if let Some(i) = service_of(t) {
                    self.levers.set_for(*c, i, *on);
                }
            }
            Effect::ServeStale(t, on) => {
                if let Some(i) = service_of(t) {
                    self.levers.serve_stale(i, *on);
                }
            }
            Effect::UseReplicas(t, on) => {
                if let Some(i) = service_of(t) {
                    self.levers.use_replicas(i, *on);
                }
            }
            Effect::ShallowChecks(t, on) => {
                if let Some(i) = service_of(t) {
                    self.levers.make_shallow(i, *on);
                }
            }
            Effect::ResumeJobs { staged } => {
                self.levers.set(Control::BackgroundJobs, true);
                self.traffic.resume_jobs(&s, now, *staged);
            }
            Effect::Restart(t) => {
                if let Some(i) = service_of(t).filter(has_fleet) {
                    self.fleet
                        .start_rollout(ix, now, (i, RESTART_BATCH, RESTART_EVERY), None);
                }
            }
            Effect::Recreate(t) => {
                if let Some(i) = service_of(t).filter(has_fleet) {
                    self.fleet.recreate(ix, &self.provider, i, tally);
                }
            }
            Effect::ScaleOut(t, f) => {
                if let Some(i) = service_of(t) {
                    self.fleet.scale_out(&s, i, *f);
                }
            }
            Effect::EndFault(id) => {
                if let Some(f) = s.faults.iter().position(|x| &x.id == id) {
                    self.provider.end_fault(f, now);
                }
            }
            Effect::ZonalShift => self.levers.shift(target),
            Effect::EndZonalShift => self.levers.shift(None),
            Effect::Page(who) => {
                if let Some(i) = s.people.iter().position(|x| &x.id == who) {
                    let name = s.people[i].name.clone();
                    let p = self.crew.person_mut(i);
                    // The page leaves a line: when they should answer, or why it changes nothing.
                    let text = if p.on_incident {
                        format!("Paged {name}, who is already on the incident")
                    } else if let Some(at) = p.arriving_at {
                        format!(
                            "Paged {name} again: already on the way, expected at {}",
                            s.clock_at(at)
                        )
                    } else {
                        let at = now + s.people[i].answers_page_in.max(1);
                        p.arriving_at = Some(at);
                        p.stood_down = false;
                        format!("Paged {name}: expected at {}", s.clock_at(at))
                    };
                    let by = self.person_name(by);
                    self.story.say(now, EventKind::ActionDone, &by, text);
                }
            }
            Effect::Handoff => {
                if let Some((old, next)) = self.crew.hand_off() {
                    let (a, b) = (self.person_name(old), self.person_name(next));
                    // Work already in hand is finished before they go.
                    let text = if self.crew.people()[old].busy_until > now {
                        format!(
                            "I have the incident now; {a}, finish what you have in hand, then get some sleep."
                        )
                    } else {
                        format!("I have the incident now; {a}, go and sleep.")
                    };
                    self.story.say(now, EventKind::Chat, &b, text);
                }
            }
            Effect::Escalate => self.levers.escalate(now),
            Effect::Declare(level) => self.levers.declare(*level, now),
            Effect::Communicate(a) => self.levers.communicated(*a, now),
            Effect::Say { from, text } => self.story.say(now, EventKind::Chat, from, text.clone()),
            Effect::RevealStatusPage => {
                for (source, post) in self.status_pages_now() {
                    let text = page_reads(&s, post);
                    self.story.say(now, EventKind::Finding, &source, text);
                }
            }
            Effect::ReadStatusPage(id) => {
                let page = s.status_pages.iter().position(|p| &p.id == id);
                if let Some((source, post)) =
                    page.and_then(|k| self.status_pages_now().get(k).cloned())
                {
                    let text = page_reads(&s, post);
                    self.story.say(now, EventKind::Finding, &source, text);
                }
            }
            Effect::RevealChanges => {
                let mut lines = Vec::new();
                for (c, ch) in s.changes.iter().enumerate() {
                    let at = s.minute_of(ch.at);
                    let state = if self.fleet.is_held(c) {
                        "held by the freeze"
                    } else if self.fleet.is_waiting(c) {
                        "waiting for its pipeline"
                    } else if self.fleet.rollouts().iter().any(|r| r.change == Some(c)) {
                        "running now"
                    } else if at < now {
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
                self.story.say(now, EventKind::Finding, "change log", text);
            }
            Effect::RevealProviderHealth => {
                let (from, text) = self.investigate(Query::OurCalls, None);
                self.story.say(now, EventKind::Finding, &from, text);
            }
            Effect::Investigate(q) => {
                let (from, text) = self.investigate(*q, target);
                self.story.say(now, EventKind::Finding, &from, text);
            }
            Effect::StateTheory => {
                if let Some(t) = target.filter(|&t| t < s.theories.len()) {
                    self.crew.theories.push((now, t));
                    let text = format!("working theory: {}", self.theory_name(t));
                    self.story.say(now, EventKind::Theory, "you", text);
                }
            }
            Effect::Occupy(n) => {
                let p = self.crew.person_mut(by);
                let from = p.busy_until.max(now);
                p.busy_until = p.busy_until.max(now + n);
                // Only the part of the rabbit hole that falls inside the night counts tonight.
                let end = (now + n).min(s.length() + 1);
                let sunk = end.saturating_sub(from);
                self.ledger.tally_mut().rabbit_hole_hours += sunk as f64 / 60.0;
            }
        }
    }

    /// Whether the audience has heard from us within the scenario's update interval.
    pub fn is_fresh(&self, a: Audience) -> bool {
        self.levers
            .is_fresh(a, self.minute, self.scenario.scoring.update_every)
    }
}

/// A status page as it reads: its latest post with when it was made, or the all-clear it shows
/// when it has said nothing.
fn page_reads(s: &crate::scenario::Scenario, post: Option<super::Post>) -> String {
    match post {
        Some(p) => format!("(posted {}) {}", s.clock_at(p.at), p.text),
        None => "All services are operating normally.".into(),
    }
}
