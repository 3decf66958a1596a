//! Finding out what is wrong: investigations that report what the company can see now (its logs,
//! its scaling activity, its load balancers' target health, its own calls to the provider), and
//! the working theories the team states. What a finding says comes from the world at that minute;
//! the provider's truth reaches it only through our own calls.

use super::World;
use super::compiled::Dep;
use super::watch::NOTICEABLE;
use crate::scenario::{Minute, Query};

/// Minutes a team is given to read what its calls showed and say what it means: a theory stated
/// within this long of becoming knowable costs no slow diagnosis. Without it, a move that brings
/// the evidence sooner (a launch that meets the fault, a tool that reads it) would cost the
/// minutes between what it showed and the theory said, however promptly that came.
pub const READING_MINUTES: Minute = 15;

/// Minutes of scaling activity an investigation reads back.
const ACTIVITY_MINUTES: usize = 15;

/// "62%" for a share.
fn pct(share: f64) -> String {
    format!("{:.0}%", (share * 100.0).clamp(0.0, 100.0))
}

impl World {
    /// The error text our clients read from provider service `p` in zone `z` now, if a fault with
    /// one is in force there.
    fn symptom(&self, p: usize, z: usize) -> Option<&str> {
        let s = &*self.scenario;
        self.provider
            .faults_at(s, &self.ix, p, z, self.minute)
            .into_iter()
            .map(|f| s.faults[f].symptom.as_str())
            .find(|x| !x.is_empty())
    }

    /// Zones (by name) where our calls to `p` fail noticeably now, the worst share, and the first
    /// error text found there.
    fn failing_calls(&self, p: usize, zones: &[usize]) -> Option<(Vec<&str>, f64, Option<&str>)> {
        let s = &*self.scenario;
        let mut names = Vec::new();
        let (mut worst, mut text) = (0.0f64, None);
        for &z in zones {
            let Some(x) = self.watch.sighting(p, z, self.minute) else {
                continue;
            };
            if x.failing > NOTICEABLE {
                names.push(s.zones[z].as_str());
                worst = worst.max(x.failing);
                text = text.or_else(|| self.symptom(p, z));
            }
        }
        (!names.is_empty()).then_some((names, worst, text))
    }

    /// "in every zone" or "in use1-az4".
    fn where_(&self, names: &[&str], of: usize) -> String {
        if names.len() == of && of > 1 {
            "in every zone".into()
        } else {
            format!("in {}", names.join(", "))
        }
    }

    /// What an investigation finds now: who reports it, and the text.
    pub(super) fn investigate(&self, q: Query, target: Option<usize>) -> (String, String) {
        let s = &*self.scenario;
        let svc = target.and_then(|i| s.services.get(i).map(|x| (i, x)));
        let provider_name = |p: usize| s.provider[p].name.as_str();
        match (q, svc) {
            (Query::OurCalls, _) => ("our client metrics".into(), self.our_calls()),
            (_, None) => ("you".into(), "pick a service to look at".into()),
            (Query::Logs, Some((i, x))) => {
                let ix = &self.ix.services[i];
                let mut lines = Vec::new();
                for n in &ix.needs {
                    match n.on {
                        Dep::Provider(p) => {
                            if let Some((zones, worst, text)) = self.failing_calls(p, &ix.zones) {
                                lines.push(format!(
                                    "ERROR calling {}: {} ({} of calls, {})",
                                    provider_name(p),
                                    text.unwrap_or("request failed"),
                                    pct(worst),
                                    self.where_(&zones, ix.zones.len())
                                ));
                            }
                        }
                        Dep::Service(j) => {
                            let err = self
                                .latest()
                                .and_then(|m| m.services.get(j))
                                .map_or(0.0, |m| m.error_rate());
                            if err > NOTICEABLE {
                                lines.push(format!(
                                    "ERROR calling {}: 503 from upstream ({} of calls)",
                                    s.services[j].name,
                                    pct(err)
                                ));
                            }
                        }
                    }
                }
                if let Some(m) = self.latest().and_then(|m| m.services.get(i)) {
                    let hot: Vec<&str> = ix
                        .zones
                        .iter()
                        .filter(|&&z| m.zone_load.get(z).copied().unwrap_or(0.0) > 1.0)
                        .map(|&z| s.zones[z].as_str())
                        .collect();
                    if !hot.is_empty() {
                        lines.push(format!(
                            "WARN request timed out after 10s: instances past capacity in {}",
                            hot.join(", ")
                        ));
                    }
                }
                let text = if lines.is_empty() {
                    format!("{}: no errors in the sampled lines", x.name)
                } else {
                    format!("{}: {}", x.name, lines.join(" | "))
                };
                (format!("{} logs", x.id), text)
            }
            (Query::Dependencies, Some((i, x))) => {
                let ix = &self.ix.services[i];
                let dep = |d: Dep| match d {
                    Dep::Provider(p) => provider_name(p).to_string(),
                    Dep::Service(j) => s.services[j].name.clone(),
                };
                let calls: Vec<String> = ix
                    .needs
                    .iter()
                    .map(|n| format!("{} ({} of requests)", dep(n.on), pct(n.share)))
                    .collect();
                let mut parts = vec![if calls.is_empty() {
                    format!("{} calls nothing else", x.name)
                } else {
                    format!("{} calls {}", x.name, calls.join(", "))
                }];
                if !ix.touches.is_empty() || ix.load_balancer.is_some() {
                    let mut reads: Vec<String> = ix.touches.iter().map(|d| dep(*d)).collect();
                    if let Some(lb) = ix.load_balancer {
                        reads.push(format!("{} target health", provider_name(lb)));
                    }
                    let fail_after = x.health_check.as_ref().map_or(0, |h| h.fail_after);
                    parts.push(format!(
                        "its health check reads {} and replaces an instance after {fail_after} failed minutes",
                        reads.join(", ")
                    ));
                }
                if let Some(via) = ix.launch_via {
                    parts.push(format!(
                        "new instances launch through {}",
                        provider_name(via)
                    ));
                }
                (format!("{} runbook", x.id), parts.join("; "))
            }
            (Query::ScalingActivity, Some((i, x))) => {
                let ix = &self.ix.services[i];
                let inst = self.fleet.instances(i);
                let count = |f: &dyn Fn(&super::InstanceState) -> bool| {
                    inst.iter().filter(|x| f(&x.state)).count()
                };
                let serving = count(&|s| *s == super::InstanceState::Serving);
                let booting = count(&|s| matches!(s, super::InstanceState::Booting { .. }));
                let stranded = count(&|s| *s == super::InstanceState::NoNetwork);
                let normal = x.instances_per_zone as usize * ix.zones.len();
                let mut parts = vec![format!(
                    "{}: {serving} of {normal} instances serving, {booting} booting, {stranded} up without a network",
                    x.name
                )];
                let history = self.history();
                let from = history.len().saturating_sub(ACTIVITY_MINUTES);
                let failed: u32 = history[from..]
                    .iter()
                    .filter_map(|m| m.services.get(i))
                    .map(|m| m.launch_failures)
                    .sum();
                if let Some(via) = ix.launch_via {
                    if failed > 0 {
                        let text = ix
                            .zones
                            .iter()
                            .find_map(|&z| self.symptom(via, z))
                            .unwrap_or("launch failed");
                        parts.push(format!(
                            "{failed} launches failed in the last {ACTIVITY_MINUTES} minutes: {text}"
                        ));
                    } else {
                        parts.push(format!(
                            "no failed launches in the last {ACTIVITY_MINUTES} minutes"
                        ));
                    }
                }
                (format!("{} scaling activity", x.id), parts.join("; "))
            }
            (Query::TargetHealth, Some((i, x))) => {
                let ix = &self.ix.services[i];
                let Some(lb) = ix.load_balancer else {
                    return (
                        format!("{} load balancer", x.id),
                        format!("{} has no load balancer", x.name),
                    );
                };
                let per_zone: Vec<String> = ix
                    .zones
                    .iter()
                    .map(|&z| {
                        let zone = &s.zones[z];
                        match self.watch.sighting(lb, z, self.minute) {
                            None => format!("{zone}: no targets to check"),
                            Some(v) if v.failing > NOTICEABLE => format!(
                                "{zone}: {} of target checks failing ({})",
                                pct(v.failing),
                                self.symptom(lb, z).unwrap_or("targets unhealthy")
                            ),
                            Some(_) => format!("{zone}: targets healthy"),
                        }
                    })
                    .collect();
                (format!("{} load balancer", x.id), per_zone.join(" | "))
            }
        }
    }

    /// Our own calls to each provider service: the share failing, or that we made none lately.
    fn our_calls(&self) -> String {
        let s = &*self.scenario;
        let mut failing = Vec::new();
        let mut fine = Vec::new();
        let mut unknown = Vec::new();
        for (p, prov) in s.provider.iter().enumerate() {
            match self.watch.worst(p, self.minute) {
                None => unknown.push(prov.name.as_str()),
                Some(x) if x.failing > NOTICEABLE => {
                    failing.push(format!("{} {} failing", prov.name, pct(x.failing)))
                }
                Some(_) => fine.push(prov.name.as_str()),
            }
        }
        let mut parts = Vec::new();
        if !failing.is_empty() {
            parts.push(format!("our calls fail: {}", failing.join(", ")));
        }
        if !fine.is_empty() {
            parts.push(format!("answering: {}", fine.join(", ")));
        }
        if !unknown.is_empty() {
            parts.push(format!(
                "no calls lately, so unknown: {}",
                unknown.join(", ")
            ));
        }
        parts.join(" · ")
    }

    /// What a theory blames tonight: each fault it names that happens within the night, with
    /// the zones it hits there (only the theory's zone, when it names one).
    fn theory_blames(&self, theory: usize) -> Vec<(usize, Vec<usize>)> {
        let s = &*self.scenario;
        let Some(t) = s.theories.get(theory) else {
            return Vec::new();
        };
        let zone = t.zone.as_deref().map(|z| self.with_draws(z).into_owned());
        let zone = zone.and_then(|z| s.zones.iter().position(|x| *x == z));
        t.faults
            .iter()
            .filter_map(|id| s.faults.iter().position(|f| &f.id == id))
            .filter(|&f| self.provider.windows()[f].0 <= s.length())
            .map(|f| {
                let zones = (0..s.zones.len())
                    .filter(|&z| self.provider.fault_hits(f, z) && zone.is_none_or(|x| x == z))
                    .collect();
                (f, zones)
            })
            .filter(|(_, zones): &(usize, Vec<usize>)| !zones.is_empty())
            .collect()
    }

    /// When a theory became knowable tonight: the first minute our own calls failed because of
    /// a fault it names (in its zone, if it names one). `None`: wrong tonight, or never visible.
    pub fn theory_knowable(&self, theory: usize) -> Option<Minute> {
        self.theory_blames(theory)
            .into_iter()
            .filter_map(|(f, zones)| {
                let p = self.ix.fault_target[f]?;
                let (from, until) = self.provider.windows()[f];
                zones
                    .into_iter()
                    .filter_map(|z| self.watch.noticed(p, z, from, until))
                    .min()
            })
            .min()
    }

    /// Whether a theory is right tonight: one of the faults it names happens (in its zone, if it
    /// names one) within the night.
    pub fn theory_right(&self, theory: usize) -> bool {
        !self.theory_blames(theory).is_empty()
    }

    /// When the team first stated a theory, if it did.
    pub fn theory_stated(&self, theory: usize) -> Option<Minute> {
        self.crew
            .theories()
            .iter()
            .find(|(_, x)| *x == theory)
            .map(|(at, _)| *at)
    }

    /// The theory's name as the team says it tonight.
    pub fn theory_name(&self, theory: usize) -> String {
        self.scenario
            .theories
            .get(theory)
            .map_or_else(|| "?".into(), |t| self.with_draws(&t.name).into_owned())
    }

    /// Slow diagnosis of one theory: minutes from when it became knowable until the team stated
    /// it (to the night's end when never stated), less `READING_MINUTES` to read what showed and
    /// say it. `None` when it never became knowable (wrong tonight, or never visible).
    pub fn theory_slow_minutes(&self, theory: usize) -> Option<Minute> {
        let from = self.theory_knowable(theory)?;
        let said = self
            .theory_stated(theory)
            .unwrap_or(self.scenario.length() + 1);
        Some(said.saturating_sub(from).saturating_sub(READING_MINUTES))
    }

    /// Slow diagnosis over every theory, in minutes.
    pub(super) fn theory_minutes(&self) -> f64 {
        (0..self.scenario.theories.len())
            .filter_map(|t| self.theory_slow_minutes(t))
            .map(f64::from)
            .sum()
    }
}
