//! What the player can do and how the night is judged: the action catalogue and its effects, the
//! expert's path, the lessons, the scoring weights.

use std::fmt::Display;

use super::Checker;
use super::values::DAY;
use crate::scenario::model::{
    ActionDef, Effect, ExpertStep, Query, Requirement, Role, Target, TargetKind,
};

impl Checker<'_> {
    pub(super) fn actions(&mut self) {
        let s = self.s;
        for (i, a) in s.actions.iter().enumerate() {
            self.action_def(&format!("actions[{i}]"), a);
        }
    }

    fn action_def(&mut self, p: &str, a: &ActionDef) {
        for (j, t) in a.tools.iter().enumerate() {
            self.provider(format_args!("{p}.tools[{j}]"), t);
        }
        self.no_repeats(&format!("{p}.tools"), "tool", &a.tools);
        self.bounded(format_args!("{p}.minutes"), "minutes", a.minutes, 0, DAY);
        if let Some(u) = &a.undo {
            self.action(format_args!("{p}.undo"), u);
        }
        for (j, r) in a.requires.iter().enumerate() {
            if let Requirement::Never(why) = r
                && why.trim().is_empty()
            {
                // The reason is what the player reads when the action is refused.
                self.err(
                    format_args!("{p}.requires[{j}].0"),
                    "Never needs the reason the player is told, not an empty text",
                );
            }
            if let Requirement::Provider(pv, v) = r {
                self.provider(format_args!("{p}.requires[{j}].0"), pv);
                self.fraction(format_args!("{p}.requires[{j}].1"), "health", *v);
            }
        }
        for (j, e) in a.effects.iter().enumerate() {
            self.effect(format!("{p}.effects[{j}]"), e, a.target);
        }
    }

    /// One effect of an action whose target is of kind `kind`.
    fn effect(&mut self, ep: String, e: &Effect, kind: TargetKind) {
        let s = self.s;
        match e {
            Effect::Restart(t) | Effect::Recreate(t) => {
                self.target(format_args!("{ep}.0"), t, kind)
            }
            Effect::SetFor(c, t, _) => {
                if !c.per_service() {
                    self.err(
                        format_args!("{ep}.0"),
                        format!("{c:?} is company-wide: set it with Set, not SetFor"),
                    );
                }
                self.target(format_args!("{ep}.1"), t, kind);
            }
            Effect::ServeStale(t, _) => {
                self.target(format_args!("{ep}.0"), t, kind);
                if !self.can_name(t, |x| x.needs.iter().any(|n| n.stale_ok)) {
                    self.err(
                        format_args!("{ep}.0"),
                        "the service has no need marked `stale_ok`: nothing could be served stale",
                    );
                }
            }
            Effect::EndFault(id) if id.is_empty() || !s.faults.iter().any(|f| &f.id == id) => {
                self.err(format_args!("{ep}.0"), format!("unknown fault \"{id}\""));
            }
            Effect::UseReplicas(t, _) => {
                self.target(format_args!("{ep}.0"), t, kind);
                if !self.can_name(t, |x| x.needs.iter().any(|n| n.replica.is_some())) {
                    self.err(
                        format_args!("{ep}.0"),
                        "the service has no need with a `replica`: there is nothing to switch to",
                    );
                }
            }
            Effect::ShallowChecks(t, _) => {
                self.target(format_args!("{ep}.0"), t, kind);
                if !self.can_name(t, |x| x.health_check.is_some()) {
                    self.err(
                        format_args!("{ep}.0"),
                        "the service has no health check to make shallow",
                    );
                }
            }
            Effect::Occupy(n) => self.bounded(format_args!("{ep}.0"), "Occupy minutes", *n, 0, DAY),
            Effect::ScaleOut(t, f) => {
                self.target(format_args!("{ep}.0"), t, kind);
                if !(*f > 1.0 && *f <= 10.0) {
                    self.err(
                        format_args!("{ep}.1"),
                        "a scale-out factor must be more than 1 and at most 10",
                    );
                }
            }
            Effect::Investigate(q) if *q != Query::OurCalls && kind != TargetKind::Service => {
                self.err(
                    format_args!("{ep}.0"),
                    format!(
                        "Investigate({q:?}) looks at a service: the action needs `target: Service`"
                    ),
                );
            }
            Effect::Declare(n) if !(1..=3).contains(n) => {
                self.err(
                    format_args!("{ep}.0"),
                    "Declare takes a severity from 1 (SEV1) to 3 (SEV3)",
                );
            }
            Effect::ZonalShift if kind != TargetKind::Zone => {
                self.err(ep, "ZonalShift needs the action to have `target: Zone`");
            }
            Effect::Page(who) => match s.people.iter().find(|x| &x.id == who) {
                None => self.err(format_args!("{ep}.0"), format!("unknown person \"{who}\"")),
                Some(x) if x.role != Role::Responder => self.err(
                    format_args!("{ep}.0"),
                    format!("\"{who}\" is not a Responder: only responders are paged"),
                ),
                Some(_) => {}
            },
            _ => {}
        }
    }

    /// Whether the services a target can name include one with this property: the service it
    /// names, or (for `Chosen`) any service. An unknown id is reported elsewhere.
    fn can_name(&self, t: &Target, has: impl Fn(&crate::scenario::model::Service) -> bool) -> bool {
        match t {
            Target::Service(id) => self.s.services.iter().find(|x| &x.id == id).is_none_or(has),
            Target::Chosen => self.s.services.iter().any(has),
        }
    }

    fn target(&mut self, path: impl Display, t: &Target, kind: TargetKind) {
        match t {
            Target::Chosen if kind != TargetKind::Service => {
                self.err(path, "`Chosen` needs the action to have `target: Service`");
            }
            Target::Chosen => {}
            Target::Service(sv) => self.service(format_args!("{path}.0"), sv),
        }
    }

    pub(super) fn expert(&mut self) {
        let s = self.s;
        self.path_of_steps("expert", &s.expert);
        self.path_of_steps("panicky", &s.panicky);
    }

    /// A path of timed steps (the expert's, the panicky one): in time order, naming real actions
    /// with the targets they take.
    fn path_of_steps(&mut self, field: &str, steps: &[ExpertStep]) {
        let s = self.s;
        let mut last = 0;
        for (i, step) in steps.iter().enumerate() {
            let p = format!("{field}[{i}]");
            let m = self.within(format_args!("{p}.at"), step.at);
            if m < last {
                self.err(
                    format_args!("{p}.at"),
                    format!(
                        "{} is out of order: {field} steps must move forward in time",
                        step.at
                    ),
                );
            }
            last = m;
            let Some(def) = s.action(&step.action) else {
                self.action(format_args!("{p}.action"), &step.action);
                continue;
            };
            match (def.target, &step.target) {
                (TargetKind::None, None) => {}
                (TargetKind::None, Some(_)) => self.err(
                    format_args!("{p}.target"),
                    format!("\"{}\" takes no target", def.id),
                ),
                (_, None) => self.err(p.clone(), format!("\"{}\" needs a target", def.id)),
                (TargetKind::Service, Some(t)) => self.service(format_args!("{p}.target"), t),
                (TargetKind::Zone, Some(t)) => self.zone_or_draw(format_args!("{p}.target"), t),
                (TargetKind::Theory, Some(t)) => self.theory(format_args!("{p}.target"), t),
            }
        }
    }

    pub(super) fn lessons(&mut self) {
        let s = self.s;
        for (i, l) in s.lessons.iter().enumerate() {
            for (j, a) in l.applied_by.iter().enumerate() {
                self.action(format_args!("lessons[{i}].applied_by[{j}]"), a);
            }
            for (j, a) in l.broken_by.iter().enumerate() {
                self.action(format_args!("lessons[{i}].broken_by[{j}]"), a);
            }
            if let Some(c) = &l.in_time {
                self.condition(format_args!("lessons[{i}].in_time"), c, 0);
                if l.applied_by.is_empty() {
                    self.err(
                        format_args!("lessons[{i}].in_time"),
                        "in_time judges the decisions that apply the lesson: it needs applied_by",
                    );
                }
            }
        }
    }

    pub(super) fn scoring(&mut self) {
        let w = &self.s.scoring;
        let fields = [
            ("failed_transaction", w.failed_transaction),
            ("delayed_transaction", w.delayed_transaction),
            ("offline_transaction", w.offline_transaction),
            ("degraded_request", w.degraded_request),
            ("capacity_destroyed", w.capacity_destroyed),
            ("job_dropped", w.job_dropped),
            ("job_lost", w.job_lost.unwrap_or(0.0)),
            ("stale_request", w.stale_request),
            ("escalation_minute", w.escalation_minute),
            ("comms_gap_minute", w.comms_gap_minute),
            ("support_call", w.support_call),
            ("fatigue_hour", w.fatigue_hour),
            ("tired_after", w.tired_after),
            ("calls_per_customer_hour", w.calls_per_customer_hour),
            ("left_undone", w.left_undone),
            ("rabbit_hole_hour", w.rabbit_hole_hour),
            ("theory_minute", w.theory_minute),
            ("shed_request", w.shed_request.unwrap_or(0.0)),
            ("job_left", w.job_left),
        ];
        for (name, v) in fields {
            self.non_negative(format_args!("scoring.{name}"), name, v);
        }
        self.fraction(
            "scoring.impact_error_rate",
            "impact_error_rate",
            w.impact_error_rate,
        );
        self.bounded(
            "scoring.update_every",
            "update_every",
            w.update_every,
            1,
            DAY,
        );
        self.bounded("scoring.escalate_to", "escalate_to", w.escalate_to, 0, 10);
    }
}
