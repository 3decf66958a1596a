//! The pool of injects: surprises a tabletop facilitator may fire into the night's channel.

use serde::{Deserialize, Serialize};

use super::model::{Channel, Condition};

/// A surprise a tabletop facilitator may fire: a line that reaches the channel when fired, never
/// by itself.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    pub id: String,
    /// What the facilitator's list calls it.
    pub title: String,
    pub channel: Channel,
    /// Who speaks (a person's id or a free label).
    pub from: String,
    pub text: String,
    /// What the line claims about the world: it can be fired only while this holds.
    #[serde(default)]
    pub asserts: Option<Condition>,
}
