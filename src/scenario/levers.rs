//! The words for each lever and its two states: the status line, the refusals and the debrief all
//! say them the same way.

use super::model::Control;

/// How a lever is named, and its two states, in every place the game shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeverWords {
    /// "health-check replacement"
    pub name: &'static str,
    /// "checks", for a narrow screen
    pub short: &'static str,
    pub on: &'static str,
    pub off: &'static str,
}

impl Control {
    /// The lever's words: the status line, the refusals and the debrief all use these.
    pub fn words(self) -> LeverWords {
        let (name, short, on, off) = match self {
            Control::HealthChecks => ("health-check replacement", "checks", "on", "off"),
            Control::RetryBackoff => ("retries", "retries", "with backoff", "at once"),
            Control::ExtendedTimeouts => ("timeouts", "timeouts", "extended", "normal"),
            Control::BackgroundJobs => ("background jobs", "jobs", "running", "paused"),
            Control::Cicd => ("CI/CD", "CI/CD", "running", "frozen"),
            Control::NonessentialFeatures => ("extra features", "extras", "on", "shed"),
            Control::FeatureFlags => ("new feature flags", "flags", "on", "off"),
            Control::OfflineMode => ("offline-mode guidance", "offline", "sent", "not sent"),
            Control::IncidentChannel => ("incident channel", "channel", "open", "not open"),
        };
        LeverWords {
            name,
            short,
            on,
            off,
        }
    }
}
