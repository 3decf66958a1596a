//! The words for each lever and its two states: the status line, the refusals and the debrief all
//! say them the same way.

use serde::{Deserialize, Serialize};

use super::model::{Control, Scenario};

/// How a lever is named, and its two states, in every place the game shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeverWords<'a> {
    /// "health-check replacement"
    pub name: &'a str,
    /// "checks", for a narrow screen
    pub short: &'a str,
    pub on: &'a str,
    pub off: &'a str,
}

/// The words a scenario uses for its world, where they differ from the flagship's point-of-sale
/// night: what a unit of customer work is called, the fallback customers use, and the levers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// A unit of customer work, plural, as charts title it: "sales", "orders", "uploads".
    #[serde(default = "default_work")]
    pub work: String,
    /// What customers fall back to while we fail them: "offline", "deferred capture".
    #[serde(default = "default_fallback")]
    pub fallback: String,
    /// Lever words that differ from the defaults.
    #[serde(default)]
    pub levers: Vec<LeverName>,
}

/// A lever's words in one scenario; whatever is left out keeps the default.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeverName {
    pub control: Control,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub on: Option<String>,
    #[serde(default)]
    pub off: Option<String>,
}

fn default_work() -> String {
    "sales".into()
}

fn default_fallback() -> String {
    "offline".into()
}

impl Default for Vocabulary {
    fn default() -> Vocabulary {
        Vocabulary {
            work: default_work(),
            fallback: default_fallback(),
            levers: Vec::new(),
        }
    }
}

impl Scenario {
    /// A lever's words in this scenario: its own where it names them, else the defaults.
    pub fn lever_words(&self, c: Control) -> LeverWords<'_> {
        let d = c.words();
        let Some(own) = self.vocabulary.levers.iter().find(|l| l.control == c) else {
            return d;
        };
        LeverWords {
            name: own.name.as_deref().unwrap_or(d.name),
            short: own.short.as_deref().unwrap_or(d.short),
            on: own.on.as_deref().unwrap_or(d.on),
            off: own.off.as_deref().unwrap_or(d.off),
        }
    }

    /// How a part of the blast radius reads in this world, and the unit it counts in:
    /// "failed_transactions" in "transactions" reads "failed sales" in "sales" on the flagship,
    /// "deferred capture orders" where the fallback is deferred capture and work is orders.
    pub fn part_words(&self, name: &str, unit: &str) -> (String, String) {
        let work = self.vocabulary.work.as_str();
        let label = name.replace('_', " ");
        let label = match label.strip_prefix("offline ") {
            Some(rest) => format!("{} {rest}", self.vocabulary.fallback),
            None => label,
        };
        let label = label.replace("transactions", work);
        let unit = if unit == "transactions" { work } else { unit };
        (label, unit.to_string())
    }

    /// Whether the team can shift traffic away from a zone here (an action does `ZonalShift`).
    pub fn can_shift_zones(&self) -> bool {
        use super::model::Effect;
        self.actions
            .iter()
            .any(|a| a.effects.iter().any(|e| matches!(e, Effect::ZonalShift)))
    }

    /// Whether anything in this world moves or reads a control: an action sets it (for every
    /// service or one), resumes it, or requires it. A lever nothing can move is not shown.
    pub fn uses_control(&self, c: Control) -> bool {
        use super::model::{Effect, Requirement};
        self.actions.iter().any(|a| {
            a.effects.iter().any(|e| match e {
                Effect::Set(x, _) | Effect::SetFor(x, _, _) => *x == c,
                Effect::ResumeJobs { .. } => c == Control::BackgroundJobs,
                _ => false,
            }) || a
                .requires
                .iter()
                .any(|r| matches!(r, Requirement::Control(x, _) if *x == c))
        })
    }

    /// The status page a status-page beat posts to: the declared page its `from` names (by id or
    /// name); the one page when none are declared.
    pub fn page_of_beat(&self, from: &str) -> Option<usize> {
        if self.status_pages.is_empty() {
            return Some(0);
        }
        self.status_pages
            .iter()
            .position(|p| p.id == from || p.name == from)
    }

    /// The unit of work with a capital: "Sales".
    pub fn work_title(&self) -> String {
        let mut c = self.vocabulary.work.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    }
}

impl Control {
    /// Whether the team can set this control for one service alone (`SetFor`): health checks,
    /// retries, timeouts and background jobs belong to a service; the rest are company-wide.
    pub fn per_service(self) -> bool {
        matches!(
            self,
            Control::HealthChecks
                | Control::RetryBackoff
                | Control::ExtendedTimeouts
                | Control::BackgroundJobs
        )
    }

    /// The lever's default words (a scenario may rename them: [`Scenario::lever_words`]).
    pub fn words(self) -> LeverWords<'static> {
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
