//! The scenario file, as data. Every struct denies unknown fields so a typo never passes silently.
//! docs/scenario-format.md documents each field; keep the two in step. Long because it is the
//! whole file format in one place, read beside that document.

use serde::{Deserialize, Serialize};

pub use super::inject::Inject;
pub use super::inquiry::{Query, Theory, ZoneDraw};
use super::time::TimeOfDay;

/// An enum with `ALL` (every variant, in order) and `index()` (its place in `ALL`), so tables keyed
/// by it can be arrays and a new variant can never fall back silently to another's slot.
macro_rules! listed {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $v:ident,)* }) => {
        $(#[$m])*
        pub enum $name { $($(#[$vm])* $v,)* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$v,)*];
            /// Its place in `ALL`.
            pub const fn index(self) -> usize {
                self as usize
            }
        }
    };
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The format the file is written for (`format::CURRENT`); left out, format 1.
    #[serde(default)]
    pub format: Option<u32>,
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Label shown after clock times, e.g. "PDT".
    pub timezone: String,
    /// Calendar date of the night's first minute, "YYYY-MM-DD".
    pub date: String,
    pub clock: Clock,
    /// Customers the company serves (merchants); scales support calls.
    pub customers: u32,
    pub zones: Vec<String>,
    /// Zones the seed picks: each draw names one zone of `among` (every zone when empty), chosen
    /// by the seed alone. Faults name it in `zones` as `"{id}"` (the drawn zone) or `"!{id}"` (every
    /// other zone); text, expert targets and theory zones say `{id}` and read the zone's name.
    #[serde(default)]
    pub zone_draws: Vec<ZoneDraw>,
    /// The words for this world's work, fallback and levers where they differ from the defaults.
    #[serde(default)]
    pub vocabulary: super::levers::Vocabulary,
    /// The cloud provider's and third parties' services: their health comes from `faults`.
    pub provider: Vec<ProviderService>,
    /// The company's own services.
    pub services: Vec<Service>,
    pub faults: Vec<Fault>,
    pub traffic: Vec<TrafficPoint>,
    pub people: Vec<Person>,
    /// Controls that are on when the night begins (default: health checks, background jobs, CI/CD,
    /// non-essential features and feature flags); every other control starts off.
    #[serde(default = "default_controls_on")]
    pub controls_on: Vec<Control>,
    #[serde(default)]
    pub changes: Vec<Change>,
    #[serde(default)]
    pub beats: Vec<Beat>,
    pub actions: Vec<ActionDef>,
    pub expert: Vec<ExpertStep>,
    /// A frightened responder's night (restart, rebuild, roll back, flee): the panicky reference
    /// `evaluate` checks is worse than doing nothing. `why` says what it seemed to promise.
    #[serde(default)]
    pub panicky: Vec<ExpertStep>,
    #[serde(default)]
    pub lessons: Vec<Lesson>,
    /// Working theories the team can state about the cause (`StateTheory`); the right ones name
    /// the faults behind the night.
    #[serde(default)]
    pub theories: Vec<Theory>,
    /// The guided night (`blastradius learn`): moments the clock stops to explain what is
    /// happening and the idea in play. Conditions on what the company can see only.
    #[serde(default)]
    pub teaching: Vec<Moment>,
    /// Surprises a tabletop facilitator may fire into the channel.
    #[serde(default)]
    pub injects: Vec<Inject>,
    /// Public status pages: the provider's, a vendor's. Each posts what its beats say and, with
    /// `lag_minutes`, what its own monitoring saw of the services it covers, that many minutes
    /// late. None declared: status-page beats post to one page.
    #[serde(default)]
    pub status_pages: Vec<StatusPage>,
    pub scoring: Scoring,
    /// What the engine works out once from the scenario, shared by every night played from it.
    #[serde(skip)]
    pub(crate) prepared: super::Prepared,
}

/// A public status page: whose it is, what it covers, and how late it speaks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusPage {
    pub id: String,
    /// As the channel names it: "AWS Health", "Buildkite status".
    pub name: String,
    /// Provider services it reports on.
    #[serde(default)]
    pub covers: Vec<String>,
    /// Posts by itself this many minutes after a covered service's state changes (degraded,
    /// down, recovered). None: it says only what its beats say.
    #[serde(default)]
    pub lag_minutes: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clock {
    pub start: TimeOfDay,
    /// The night's last minute; earlier than `start` means the next day.
    pub end: TimeOfDay,
    /// Minutes per step; the engine steps at most one minute at a time, so this must be 1.
    #[serde(default = "one")]
    pub step_minutes: u32,
}

fn one() -> u32 {
    1
}
fn one_f() -> f64 {
    1.0
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderService {
    pub id: String,
    pub name: String,
    /// True for services that are not the cloud provider's (CI, chat): shown apart.
    #[serde(default)]
    pub third_party: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub id: String,
    pub name: String,
    /// Zones the service runs in.
    pub zones: Vec<String>,
    pub instances_per_zone: u32,
    /// Work units one instance serves per minute.
    pub capacity_per_instance: f64,
    /// Requests per customer transaction arriving at this service from outside (0 for internal services).
    #[serde(default)]
    pub traffic_share: f64,
    /// Failed requests here are failed customer transactions.
    #[serde(default)]
    pub customer_facing: bool,
    /// Fraction of this service's outside demand that shedding non-essential features removes.
    #[serde(default)]
    pub sheddable: f64,
    /// How new instances come to be; none means capacity is fixed (managed, never replaced).
    #[serde(default)]
    pub launch: Option<Launch>,
    /// Provider service whose per-zone health gates every request routed to a zone.
    #[serde(default)]
    pub load_balancer: Option<String>,
    #[serde(default)]
    pub health_check: Option<HealthCheck>,
    /// What each request needs: provider services, or other company services (which then carry the load).
    #[serde(default)]
    pub needs: Vec<Need>,
    /// How clients retry failures.
    #[serde(default)]
    pub retries: Option<Retries>,
    /// Background work: a queue feeding this service.
    #[serde(default)]
    pub queue: Option<Queue>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Launch {
    /// Provider service that launches instances (its health is the chance a launch succeeds).
    pub via: String,
    /// Provider service that gives a new instance its network (per zone); without it, the instance serves nothing.
    #[serde(default)]
    pub network: Option<String>,
    /// Minutes from launch to serving.
    pub boot_minutes: u32,
    /// Launch attempts per zone per minute when below the desired count.
    #[serde(default = "one")]
    pub attempts_per_minute: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthCheck {
    /// Dependencies the check itself calls; when they fail, the check fails.
    #[serde(default)]
    pub touches: Vec<String>,
    /// Consecutive failed minutes before an instance is replaced.
    pub fail_after: u32,
    /// Load (demand / capacity) above which the check times out, unless timeouts are extended.
    #[serde(default = "default_timeout_load")]
    pub timeout_load: f64,
    /// Minutes after an instance is ready before its checks count (the group's grace period).
    #[serde(default = "default_grace")]
    pub grace_minutes: u32,
    /// Fail open: when more than this share of a zone's serving instances fail their checks in
    /// the same minute, the check is taken to be wrong and none of them is replaced (as load
    /// balancers do when every target looks unhealthy). None: the check always acts.
    #[serde(default)]
    pub fail_open_above: Option<f64>,
}

fn default_grace() -> u32 {
    5
}

fn default_timeout_load() -> f64 {
    1.3
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Need {
    pub on: String,
    /// Fraction of requests that need it.
    #[serde(default = "one_f")]
    pub share: f64,
    /// For a company service: work units sent there per request served here.
    #[serde(default = "one_f")]
    pub load: f64,
    /// A cache can answer for it: once the team turns on `ServeStale` for this service, requests
    /// that would fail for want of this dependency are served stale instead.
    #[serde(default)]
    pub stale_ok: bool,
    /// A provider service that can answer in its place (a read replica, a standby region): once
    /// the team turns on `UseReplicas` for this service, requests needing this dependency go to
    /// the replica instead, at the replica's health.
    #[serde(default)]
    pub replica: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retries {
    /// Extra requests per failed request the next minute, when clients retry at once.
    pub immediate: f64,
    /// The same once retry backoff with jitter is enabled.
    pub with_backoff: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    pub name: String,
    /// Jobs arriving per minute, a curve like traffic (may be left out when `fed_by` feeds the queue).
    #[serde(default)]
    pub arrivals: Vec<TrafficPoint>,
    /// Jobs that another service's successful requests add: each request it served the minute
    /// before adds `per_request` jobs (uploads make thumbnail jobs).
    #[serde(default)]
    pub fed_by: Option<Feed>,
    /// The most jobs the queue can hold (its disk, its spool). Jobs arriving to a full queue are
    /// lost for good: the night's `data_lost`. None: no limit.
    #[serde(default)]
    pub holds: Option<f64>,
    /// Attempts before a failing job is dropped for good.
    pub max_attempts: u32,
    /// Jobs per minute a staged resume starts at; it doubles every `stage_minutes`.
    pub staged_rate: f64,
    pub stage_minutes: u32,
}

/// Where a queue's jobs come from when a service makes them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feed {
    /// The company service whose successful requests make jobs.
    pub service: String,
    /// Jobs per request served.
    pub per_request: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// Names the fault, for `cause` and theories (may be empty).
    #[serde(default)]
    pub id: String,
    /// The fault (by id, declared earlier) this one is a consequence of: on every seed it starts
    /// no earlier than its cause starts, and ends no earlier than its cause ends, whenever the
    /// times written say so.
    #[serde(default)]
    pub cause: Option<String>,
    /// Provider service that degrades.
    pub target: String,
    /// Only these zones (empty: every zone).
    #[serde(default)]
    pub zones: Vec<String>,
    pub from: TimeOfDay,
    pub until: TimeOfDay,
    /// Health during the fault, 0 (down) to 1 (fine).
    pub health: f64,
    /// Minutes over which health falls from 1 to `health` (cached connections, warm pools).
    #[serde(default)]
    pub ramp_minutes: u32,
    /// A seed moves `from` and `until` by up to this many minutes either way.
    #[serde(default)]
    pub jitter_minutes: u32,
    /// The provider's truth, shown only in the debrief.
    #[serde(default)]
    pub note: String,
    /// What our own clients read when a call fails during this fault (the error text in our
    /// logs and the launch activity), e.g. `"InsufficientInstanceCapacity"`.
    #[serde(default)]
    pub symptom: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficPoint {
    pub at: TimeOfDay,
    pub per_minute: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// Acts on the incident once awake and on it.
    Responder,
    /// Wants an executive summary once awake.
    Executive,
    /// Answers customers once the shift starts; wants a briefing.
    Support,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// On the incident from the first minute (the on-call).
    #[serde(default)]
    pub on_duty: bool,
    /// Hours already awake (or worn down) at the first minute.
    #[serde(default)]
    pub tired_hours: f64,
    /// Minutes from being paged to being on the incident.
    #[serde(default)]
    pub answers_page_in: u32,
    /// Wakes or starts work by themselves at this time.
    #[serde(default)]
    pub starts_at: Option<TimeOfDay>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    pub id: String,
    pub name: String,
    pub at: TimeOfDay,
    /// The service whose fleet the change rolls, instance by instance.
    pub rolls: String,
    /// Fraction of each zone's instances replaced per batch.
    pub batch: f64,
    pub every_minutes: u32,
    /// Told by `check_recent_changes`.
    pub description: String,
    /// Provider services the change's pipeline runs through (a CI vendor, a deploy API): while
    /// any of them is down (below half health in its worst zone) the change waits to start, and
    /// a rollout under way waits between batches.
    #[serde(default)]
    pub via: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    Info,
    Warning,
    Critical,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    Alert(Severity),
    Chat,
    Call,
    Email,
    /// The provider's public status page.
    StatusPage,
    /// Something a customer says.
    Customer,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Beat {
    pub id: String,
    pub channel: Channel,
    /// Who speaks (a person's id or a free label such as "AWS Health").
    pub from: String,
    pub text: String,
    /// Fires at this time ...
    #[serde(default)]
    pub at: Option<TimeOfDay>,
    /// ... or when this becomes true (the first minute it holds).
    #[serde(default)]
    pub when: Option<Condition>,
    /// Fires again every so many minutes while `when` holds.
    #[serde(default)]
    pub repeat_minutes: Option<u32>,
    /// What the line claims about the world ("registers are failing", "the fleet still answers"):
    /// it is said only while this holds. A timed beat whose claim does not hold waits until it does.
    #[serde(default)]
    pub asserts: Option<Condition>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Condition {
    /// Share of the service's requests failing this minute.
    ErrorRateAbove(String, f64),
    /// Serving instances as a share of the normal fleet.
    CapacityBelow(String, f64),
    /// Demand over capacity.
    LoadAbove(String, f64),
    /// Jobs waiting in the service's queue.
    BacklogAbove(String, f64),
    /// A provider service's worst zone health.
    ProviderBelow(String, f64),
    /// Launches for the service failed this minute (an attempt was made and refused).
    LaunchesFailing(String),
    /// An action finished (and was not refused).
    Done(String),
    /// The player attempted the action, whether it was carried out, fumbled or refused.
    Tried(String),
    /// The action finished this very minute (and again each time it finishes): for a line that
    /// answers every time someone asks, where `Done` answers only the first time.
    JustDone(String),
    /// The clock is at or past this time.
    After(TimeOfDay),
    /// The person (by id) has joined the incident (after a page, or at the start of their shift).
    Arrived(String),
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum TargetKind {
    #[default]
    None,
    Service,
    Zone,
    /// One of the scenario's working theories.
    Theory,
}

listed! {
    /// A lever the team controls. Each one the engine reads in its mechanisms.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Control {
        /// Automated health checks that replace failing instances.
        HealthChecks,
        /// Clients back off with jitter instead of retrying at once.
        RetryBackoff,
        /// Longer timeouts: overloaded instances answer late instead of failing checks.
        ExtendedTimeouts,
        /// Background job processing.
        BackgroundJobs,
        /// Deploys and scheduled infrastructure jobs.
        Cicd,
        /// Non-essential features (dashboards, reports).
        NonessentialFeatures,
        /// Recent feature flags.
        FeatureFlags,
        /// Customers told to keep working offline.
        OfflineMode,
        /// A dedicated incident channel: actions coordinate faster.
        IncidentChannel,
    }
}

/// The controls that are on when a night begins, unless the scenario says otherwise.
pub fn default_controls_on() -> Vec<Control> {
    vec![
        Control::HealthChecks,
        Control::BackgroundJobs,
        Control::Cicd,
        Control::NonessentialFeatures,
        Control::FeatureFlags,
    ]
}

listed! {
    /// Who the team talks to.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Audience {
        Executives,
        StatusPage,
        Support,
        Partners,
        Provider,
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Target {
    /// The target the player picks.
    Chosen,
    Service(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Effect {
    Set(Control, bool),
    /// Set a control for one service only (health checks, retry backoff, timeouts, background
    /// jobs); a later `Set` of the same control applies to every service again.
    SetFor(Control, Target, bool),
    /// Serve stale from a cache (true) or stop (false): the service's needs marked `stale_ok`
    /// no longer fail its requests; what they answer is stale (`served_stale`).
    ServeStale(Target, bool),
    /// Send the service's needs that have a `replica` to it (true), or back (false).
    UseReplicas(Target, bool),
    /// Make the service's health check shallow (true: it checks the instance alone, not what it
    /// `touches`) or deep again (false).
    ShallowChecks(Target, bool),
    /// Resume background jobs: all at once (false) or in stages (true).
    ResumeJobs {
        staged: bool,
    },
    /// Replace every instance, a batch at a time.
    Restart(Target),
    /// Delete every instance and the group, then create anew.
    Recreate(Target),
    /// Raise the desired count per zone by this factor.
    ScaleOut(Target, f64),
    /// End a fault (by id) now, if it is in force: for nights played on the provider's side,
    /// where the team's own repair is what ends it. A fault not yet begun is not prevented.
    EndFault(String),
    /// Move traffic away from the chosen zone.
    ZonalShift,
    EndZonalShift,
    Page(String),
    Handoff,
    Escalate,
    /// Declare this severity outright (1 = SEV1): raises to it in one step, never lowers.
    Declare(u32),
    Communicate(Audience),
    /// A line in the channel.
    Say {
        from: String,
        text: String,
    },
    /// Tell the status pages as they read now (every one of `status_pages`, or the one page
    /// status-page beats post to when none are declared).
    RevealStatusPage,
    /// Tell one status page (by id) as it reads now.
    ReadStatusPage(String),
    /// Tell the scheduled changes.
    RevealChanges,
    /// Tell what the provider looks like from outside: every provider service below full health.
    RevealProviderHealth,
    /// Keep the responder busy this many more minutes.
    Occupy(u32),
    /// Look into something and report what the company can see of it now.
    Investigate(Query),
    /// Say which working theory the team goes by (the chosen target): takes no responder.
    StateTheory,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Requirement {
    /// The control must be in this state.
    Control(Control, bool),
    /// A zonal shift must (true) or must not (false) be in force.
    Shifted(bool),
    /// This provider service must be at least this healthy.
    Provider(String, f64),
    /// Another responder must be on the incident.
    SecondResponder,
    /// Refused always, with this reason.
    Never(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDef {
    pub id: String,
    pub name: String,
    pub description: String,
    /// Minutes to carry out (before the effects land).
    pub minutes: u32,
    #[serde(default)]
    pub target: TargetKind,
    /// Tools it goes through (provider services): slower when they are degraded, refused when down.
    #[serde(default)]
    pub tools: Vec<String>,
    #[serde(default)]
    pub requires: Vec<Requirement>,
    pub effects: Vec<Effect>,
    /// The action that undoes this one, if any.
    #[serde(default)]
    pub undo: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertStep {
    pub at: TimeOfDay,
    pub action: String,
    #[serde(default)]
    pub target: Option<String>,
    pub why: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// Actions that apply the lesson.
    #[serde(default)]
    pub applied_by: Vec<String>,
    /// Actions that go against it.
    #[serde(default)]
    pub broken_by: Vec<String>,
    /// In time: a decision applies the lesson only if it finished while this held (say
    /// `Not(CapacityBelow("api", 0.5))`, before the fleet was gone); one that finished otherwise
    /// marks the lesson late.
    #[serde(default)]
    pub in_time: Option<Condition>,
    /// The hint ladder, three rungs: a nudge, the concept, the expert's move and why. Empty: no
    /// hints for this lesson.
    #[serde(default)]
    pub hints: Vec<String>,
}

/// A moment of the guided night: when `when` first holds, the clock stops and `text` explains
/// what is happening and the idea in play.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moment {
    pub id: String,
    /// What the company can see (never `ProviderBelow`, the hidden truth).
    pub when: Condition,
    pub title: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    pub failed_transaction: f64,
    pub delayed_transaction: f64,
    pub offline_transaction: f64,
    /// Per request to a non-essential feature that failed.
    pub degraded_request: f64,
    /// Per request to a feature the team turned off on purpose (shed, flags off): a clear
    /// "paused for now" hurts less than a page that fails. Default: the same as `degraded_request`.
    #[serde(default)]
    pub shed_request: Option<f64>,
    /// Per working instance the night destroyed.
    pub capacity_destroyed: f64,
    pub job_dropped: f64,
    /// Per job lost because its queue was full (data lost for good). Default: `job_dropped`.
    #[serde(default)]
    pub job_lost: Option<f64>,
    /// Per customer request answered stale from a cache (default 0).
    #[serde(default)]
    pub stale_request: f64,
    /// Per minute of customer impact with severity below `escalate_to`.
    pub escalation_minute: f64,
    pub escalate_to: u32,
    /// Per minute and audience left without an update longer than `update_every`.
    pub comms_gap_minute: f64,
    pub update_every: u32,
    pub support_call: f64,
    /// Per hour a responder on the incident spends past `tired_after` hours.
    pub fatigue_hour: f64,
    /// Per responder hour sunk in a rabbit hole (`Occupy`) within the night.
    #[serde(default)]
    pub rabbit_hole_hour: f64,
    pub tired_after: f64,
    /// Share of failed customer requests that counts as impact.
    pub impact_error_rate: f64,
    /// Support calls per affected customer per hour.
    pub calls_per_customer_hour: f64,
    /// Per minute from when a right theory could first be known (its fault began) until the
    /// team stated it (to the night's end if never).
    #[serde(default)]
    pub theory_minute: f64,
    /// Per item left undone when the night ends: a control that began on and is still off (a
    /// safety net, paused jobs, a frozen pipeline, shed features), a change still held.
    #[serde(default)]
    pub left_undone: f64,
    /// Per background job still waiting when the night ends.
    #[serde(default)]
    pub job_left: f64,
}
