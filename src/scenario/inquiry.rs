//! What is hidden tonight and how a team finds it: zones the seed draws, the queries an
//! investigation makes, and the working theories a team can state.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::model::Scenario;

/// The draw a `{id}` names, if the text is exactly one.
pub fn draw_name(text: &str) -> Option<&str> {
    text.strip_prefix('{')?.strip_suffix('}')
}

impl Scenario {
    /// A text with every `{draw}` read as the zone the draw picked (`drawn`, by the draw's place).
    pub fn read_draws<'t>(&self, text: &'t str, drawn: &[usize]) -> Cow<'t, str> {
        if !text.contains('{') || self.zone_draws.is_empty() {
            return text.into();
        }
        let mut out = text.to_string();
        for (d, draw) in self.zone_draws.iter().enumerate() {
            if let Some(zone) = drawn.get(d).and_then(|&z| self.zones.get(z)) {
                out = out.replace(&format!("{{{}}}", draw.id), zone);
            }
        }
        out.into()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneDraw {
    pub id: String,
    /// The zones it picks among (empty: every zone).
    #[serde(default)]
    pub among: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theory {
    pub id: String,
    /// How the team says it ("the provider: DynamoDB's endpoint"); `{draw}` reads a drawn zone.
    pub name: String,
    /// The faults (by id) it names: the theory is right when one of them happens tonight (in
    /// `zone`, if given). Empty: a theory that is never right (our deploy, a flag).
    #[serde(default)]
    pub faults: Vec<String>,
    /// The zone it blames (a zone name or `{draw}`), for a theory about one zone.
    #[serde(default)]
    pub zone: Option<String>,
}

/// What an investigation looks at. `Chosen` queries read the action's chosen service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Query {
    /// Sampled error lines from the service's logs: the error text of its failing calls.
    Logs,
    /// What the service calls and what its health check reads.
    Dependencies,
    /// The auto-scaling group's recent activity: launches, failures, terminations.
    ScalingActivity,
    /// The load balancer's target health per zone.
    TargetHealth,
    /// The error rate of our own calls to each provider service we use.
    OurCalls,
}
