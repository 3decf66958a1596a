//! A validated scenario with every id turned into an index, so the minute-by-minute step never
//! compares strings.

use std::sync::Arc;

use crate::scenario::{Condition, Scenario, TimeOfDay, TrafficPoint};

/// Something a request or a health check depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dep {
    Provider(usize),
    Service(usize),
}

#[derive(Debug, Clone)]
pub struct Need {
    pub on: Dep,
    pub share: f64,
    pub load: f64,
    /// A cache can answer for it (when the team serves stale).
    pub stale_ok: bool,
    /// The provider service that answers in its place when the team uses replicas.
    pub replica: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct ServiceIx {
    /// Zone indices the service runs in.
    pub zones: Vec<usize>,
    pub launch_via: Option<usize>,
    pub network: Option<usize>,
    pub load_balancer: Option<usize>,
    pub touches: Vec<Dep>,
    pub needs: Vec<Need>,
    /// The provider services its calls reach, for the watch.
    pub calls: ProviderCalls,
}

/// The provider services a service's calls reach, each listed once (several of its needs or
/// checks reaching one service are one sighting). Worked out once per scenario: the watch looks
/// every minute, and walking the needs and checks each time was much of its cost.
#[derive(Debug, Clone, Default)]
pub struct ProviderCalls {
    /// A bit for each zone the service runs in.
    pub zones: u8,
    /// What its needs call while it calls the primaries.
    pub needs: Vec<usize>,
    /// What its needs call while it reads replicas: the replica, for a need that has one.
    pub needs_via_replicas: Vec<usize>,
    /// What its health check touches, while the check is on and not shallow.
    pub checks: Vec<usize>,
}

impl ProviderCalls {
    fn of(zones: &[usize], needs: &[Need], touches: &[Dep]) -> ProviderCalls {
        let once = |mut v: Vec<usize>| {
            v.sort_unstable();
            v.dedup();
            v
        };
        let provider = |d: &Dep| match *d {
            Dep::Provider(p) => Some(p),
            Dep::Service(_) => None,
        };
        ProviderCalls {
            // Validation allows no more zones than fit (`MAX_ZONES`).
            zones: zones.iter().fold(0, |bits, &z| bits | 1 << z),
            needs: once(needs.iter().filter_map(|n| provider(&n.on)).collect()),
            needs_via_replicas: once(
                needs
                    .iter()
                    .filter_map(|n| n.replica.or_else(|| provider(&n.on)))
                    .collect(),
            ),
            checks: once(touches.iter().filter_map(provider).collect()),
        }
    }
}

/// What must be true before a condition can hold: a time reached and actions done.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    pub after: u32,
    pub done: Vec<usize>,
}

impl Gate {
    /// The gate of a condition: its top-level `After` and `Done` requirements.
    fn of(c: &Cond) -> Gate {
        let mut g = Gate::default();
        let mut add = |c: &Cond| match c {
            Cond::Leaf(Leaf::After(t)) => g.after = g.after.max(*t),
            Cond::Leaf(Leaf::Done(a)) => g.done.push(*a),
            _ => {}
        };
        match c {
            Cond::All(list) => list.iter().for_each(&mut add),
            other => add(other),
        }
        g
    }
}

/// One test a condition can make of the world, the crew's record or the clock (the story looks
/// at it: `story/checks.rs`).
#[derive(Debug, Clone, Copy)]
pub enum Leaf {
    ErrorRateAbove(usize, f64),
    /// Serving fewer instances than this: the share times the normal fleet, multiplied once.
    CapacityBelow(usize, f64),
    LoadAbove(usize, f64),
    BacklogAbove(usize, f64),
    ProviderBelow(usize, f64),
    LaunchesFailing(usize),
    Done(usize),
    Tried(usize),
    JustDone(usize),
    After(u32),
    Arrived(usize),
}

/// A beat condition over indices.
#[derive(Debug, Clone)]
pub enum Cond {
    Leaf(Leaf),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// Names something unknown: never holds (validation reports it first).
    Never,
}

impl Cond {
    /// Whether the condition reads the world's measurements or the provider. One that does not
    /// reads only the crew's record (done, tried, arrived) and the clock, so it can change only
    /// when the record does or the clock passes one of its times.
    pub fn reads_the_world(&self) -> bool {
        match self {
            Cond::Leaf(
                Leaf::ErrorRateAbove(..)
                | Leaf::CapacityBelow(..)
                | Leaf::LoadAbove(..)
                | Leaf::BacklogAbove(..)
                | Leaf::ProviderBelow(..)
                | Leaf::LaunchesFailing(_)
                // Holds for one minute only: looked at every minute.
                | Leaf::JustDone(_),
            ) => true,
            Cond::Leaf(Leaf::Done(_) | Leaf::Tried(_) | Leaf::Arrived(_) | Leaf::After(_))
            | Cond::Never => false,
            Cond::All(l) | Cond::Any(l) => l.iter().any(Cond::reads_the_world),
            Cond::Not(c) => c.reads_the_world(),
        }
    }

    /// Whether the condition asks whether an action finished this very minute.
    pub fn asks_just_done(&self) -> bool {
        match self {
            Cond::Leaf(Leaf::JustDone(_)) => true,
            Cond::All(l) | Cond::Any(l) => l.iter().any(Cond::asks_just_done),
            Cond::Not(c) => c.asks_just_done(),
            _ => false,
        }
    }

    /// The first of the condition's times later than `m` (`Minute::MAX` when none is).
    pub fn next_time_after(&self, m: u32) -> u32 {
        match self {
            Cond::Leaf(Leaf::After(t)) if *t > m => *t,
            Cond::All(l) | Cond::Any(l) => l
                .iter()
                .map(|c| c.next_time_after(m))
                .min()
                .unwrap_or(u32::MAX),
            Cond::Not(c) => c.next_time_after(m),
            _ => u32::MAX,
        }
    }
}

/// One beat as the story watches it, in one place: looked at every minute while watched.
#[derive(Debug, Clone)]
pub struct BeatIx {
    /// Whether it has a `when` (a beat without one fires at its time).
    pub conditional: bool,
    /// Its `when` split into what reads the record and what reads the world.
    pub when: WhenParts,
    /// What it claims about the world: it is said only while this holds.
    pub asserts: Option<Cond>,
    /// The responder who says it, when `from` names one (by id or name): their line waits
    /// until they can be reached.
    pub responder: Option<usize>,
    pub repeat_minutes: Option<u32>,
    /// Whether it fires again each time its `when` holds anew (it asks `JustDone`); other beats
    /// without `repeat_minutes` fire once a night.
    pub again: bool,
}

/// A beat's `when` in two parts whose conjunction it is: what reads only the crew's record and
/// the clock (worked out again only when either moves), and what reads the world (every minute,
/// and only while the first part holds).
#[derive(Debug, Clone, Default)]
pub struct WhenParts {
    pub record: Option<Cond>,
    pub world: Option<Cond>,
}

impl WhenParts {
    fn of(c: &Cond) -> WhenParts {
        let join = |mut l: Vec<Cond>| match l.len() {
            0 => None,
            1 => l.pop(),
            _ => Some(Cond::All(l)),
        };
        match c {
            Cond::All(l) => {
                let (world, record): (Vec<Cond>, Vec<Cond>) =
                    l.iter().cloned().partition(Cond::reads_the_world);
                WhenParts {
                    record: join(record),
                    world: join(world),
                }
            }
            c if c.reads_the_world() => WhenParts {
                record: None,
                world: Some(c.clone()),
            },
            c => WhenParts {
                record: Some(c.clone()),
                world: None,
            },
        }
    }
}

#[derive(Debug, Clone)]
pub struct Compiled {
    /// How the story's beats are looked at, shared by every night's story.
    pub(super) story: Arc<super::story::StoryPlan>,
    /// Customer transactions per minute, every minute of the night, and the night's peak.
    pub demand: Vec<f64>,
    pub peak: f64,
    /// Per service: jobs arriving per minute, every minute (empty without a queue).
    pub arrivals: Vec<Vec<f64>>,
    /// Per scheduled change: the provider services its pipeline runs through.
    pub change_via: Vec<Vec<usize>>,
    /// Per service with a queue fed by another service: (that service, jobs per request).
    pub queue_feed: Vec<Option<(usize, f64)>>,
    pub services: Vec<ServiceIx>,
    /// Services ordered so that callers come before what they need.
    pub order: Vec<usize>,
    /// What the story needs to watch each beat.
    pub beats: Vec<BeatIx>,
    pub beat_at: Vec<Option<u32>>,
    /// Cheap necessary conditions of each beat's `when`, checked before the full condition.
    pub beat_gate: Vec<Gate>,
    /// Per person: a beat of theirs says what they say on arrival (`when: Arrived(them)`), so the
    /// engine's own arrival line is left out.
    pub arrival_said: Vec<bool>,
    /// Per fault: the provider service it hits, the zones (empty: all) and its cause.
    pub fault_target: Vec<Option<usize>>,
    /// Per provider service: a fault some theory names hits it (what the score reads of the
    /// watch: when each theory became knowable).
    pub theory_providers: Vec<bool>,
    pub fault_zones: Vec<Vec<ZoneSpec>>,
    pub fault_cause: Vec<Option<usize>>,
    /// Per zone draw: the zones it picks among (every zone when the scenario lists none).
    pub draw_among: Vec<Vec<usize>>,
}

/// A zone a fault names: a fixed one, the zone a draw picked, or every zone but that one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneSpec {
    Zone(usize),
    Drawn(usize),
    NotDrawn(usize),
}

impl ZoneSpec {
    /// Whether the spec covers zone `z`, given the zone each draw picked.
    pub fn covers(self, z: usize, drawn: &[usize]) -> bool {
        match self {
            ZoneSpec::Zone(x) => x == z,
            ZoneSpec::Drawn(d) => drawn.get(d) == Some(&z),
            ZoneSpec::NotDrawn(d) => drawn.get(d).is_some_and(|&x| x != z),
        }
    }
}

/// A fault's zone as written: `"use1-az1"`, `"{gray}"` (the drawn zone) or `"!{gray}"` (the others).
fn zone_spec(s: &Scenario, z: &str) -> Option<ZoneSpec> {
    let draw = |d: &str| {
        let d = crate::scenario::draw_name(d)?;
        s.zone_draws.iter().position(|x| x.id == d)
    };
    if let Some(rest) = z.strip_prefix('!') {
        return draw(rest).map(ZoneSpec::NotDrawn);
    }
    draw(z)
        .map(ZoneSpec::Drawn)
        .or_else(|| index_of(s.zones.iter().map(String::as_str), z).map(ZoneSpec::Zone))
}

pub fn index_of<'a>(list: impl IntoIterator<Item = &'a str>, id: &str) -> Option<usize> {
    list.into_iter().position(|x| x == id)
}

impl Compiled {
    pub fn new(s: &Scenario) -> Compiled {
        let zone = |z: &str| index_of(s.zones.iter().map(String::as_str), z);
        let provider = |p: &str| index_of(s.provider.iter().map(|x| x.id.as_str()), p);
        let service = |p: &str| index_of(s.services.iter().map(|x| x.id.as_str()), p);
        let dep = |p: &str| {
            provider(p)
                .map(Dep::Provider)
                .or_else(|| service(p).map(Dep::Service))
        };
        let services: Vec<ServiceIx> = s
            .services
            .iter()
            .map(|svc| {
                let touches: Vec<Dep> = svc
                    .health_check
                    .iter()
                    .flat_map(|h| &h.touches)
                    .filter_map(|t| dep(t))
                    .collect();
                let needs: Vec<Need> = svc
                    .needs
                    .iter()
                    .filter_map(|n| {
                        dep(&n.on).map(|on| Need {
                            on,
                            share: n.share,
                            load: n.load,
                            stale_ok: n.stale_ok,
                            replica: n.replica.as_deref().and_then(provider),
                        })
                    })
                    .collect();
                let zones: Vec<usize> = svc.zones.iter().filter_map(|z| zone(z)).collect();
                ServiceIx {
                    launch_via: svc.launch.as_ref().and_then(|l| provider(&l.via)),
                    network: svc
                        .launch
                        .as_ref()
                        .and_then(|l| l.network.as_deref())
                        .and_then(provider),
                    load_balancer: svc.load_balancer.as_deref().and_then(provider),
                    calls: ProviderCalls::of(&zones, &needs, &touches),
                    zones,
                    touches,
                    needs,
                }
            })
            .collect();
        let order = callers_first(&services);
        let queue_feed = s
            .services
            .iter()
            .map(|svc| {
                let f = svc.queue.as_ref()?.fed_by.as_ref()?;
                Some((service(&f.service)?, f.per_request))
            })
            .collect();
        let cond = |c: &Condition| compile_cond(s, c, 0);
        let beat_when: Vec<Option<Cond>> =
            s.beats.iter().map(|b| b.when.as_ref().map(cond)).collect();
        let arrival_said = s
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| {
                s.beats.iter().zip(&beat_when).any(|(b, c)| {
                    matches!(c, Some(Cond::Leaf(Leaf::Arrived(x))) if *x == i)
                        && (b.from == p.id || b.from == p.name)
                })
            })
            .collect();
        let beats = s
            .beats
            .iter()
            .zip(&beat_when)
            .map(|(b, when)| BeatIx {
                conditional: when.is_some(),
                when: when.as_ref().map_or_else(WhenParts::default, WhenParts::of),
                asserts: b.asserts.as_ref().map(cond),
                responder: s.people.iter().position(|p| {
                    p.role == crate::scenario::Role::Responder
                        && (p.id == b.from || p.name == b.from)
                }),
                repeat_minutes: b.repeat_minutes,
                again: when.as_ref().is_some_and(Cond::asks_just_done),
            })
            .collect();
        let demand = curve_table(s, &s.traffic);
        let mut ix = Compiled {
            peak: demand.iter().copied().fold(0.0, f64::max).max(1.0),
            demand,
            arrivals: s
                .services
                .iter()
                .map(|svc| match &svc.queue {
                    Some(q) => curve_table(s, &q.arrivals),
                    None => Vec::new(),
                })
                .collect(),
            beats,
            arrival_said,
            beat_at: s
                .beats
                .iter()
                .map(|b| b.at.map(|t| s.minute_of(t)))
                .collect(),
            beat_gate: s
                .beats
                .iter()
                .map(|b| {
                    b.when
                        .as_ref()
                        .map_or_else(Gate::default, |c| Gate::of(&cond(c)))
                })
                .collect(),
            fault_target: s.faults.iter().map(|f| provider(&f.target)).collect(),
            theory_providers: (0..s.provider.len())
                .map(|p| {
                    s.theories.iter().flat_map(|t| &t.faults).any(|id| {
                        s.faults
                            .iter()
                            .any(|f| &f.id == id && provider(&f.target) == Some(p))
                    })
                })
                .collect(),
            fault_zones: s
                .faults
                .iter()
                .map(|f| f.zones.iter().filter_map(|z| zone_spec(s, z)).collect())
                .collect(),
            fault_cause: s
                .faults
                .iter()
                .map(|f| {
                    let c = f.cause.as_deref()?;
                    s.faults.iter().position(|x| x.id == c)
                })
                .collect(),
            draw_among: s
                .zone_draws
                .iter()
                .map(|d| {
                    let among: Vec<usize> = d.among.iter().filter_map(|z| zone(z)).collect();
                    if among.is_empty() {
                        (0..s.zones.len()).collect()
                    } else {
                        among
                    }
                })
                .collect(),
            change_via: s
                .changes
                .iter()
                .map(|c| c.via.iter().filter_map(|p| provider(p)).collect())
                .collect(),
            services,
            order,
            queue_feed,
            story: Default::default(),
        };
        // The beats' plan reads the beats' compiled conditions above.
        ix.story = Arc::new(super::story::StoryPlan::of(s, &ix));
        ix
    }
}

/// Order services so that each comes before every service it needs (a reverse post-order).
/// Cycles (rejected by validation) are broken arbitrarily rather than looping.
fn callers_first(services: &[ServiceIx]) -> Vec<usize> {
    let n = services.len();
    let mut state = vec![0u8; n];
    let mut post = Vec::with_capacity(n);
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        state[start] = 1;
        while let Some(top) = stack.last_mut() {
            let (v, next) = *top;
            let needs = &services[v].needs;
            if next >= needs.len() {
                state[v] = 2;
                post.push(v);
                stack.pop();
                continue;
            }
            top.1 += 1;
            if let Dep::Service(w) = needs[next].on
                && state[w] == 0
            {
                state[w] = 1;
                stack.push((w, 0));
            }
        }
    }
    post.reverse();
    post
}

pub fn compile_cond(s: &Scenario, c: &Condition, depth: usize) -> Cond {
    if depth > 32 {
        return Cond::Never;
    }
    let service = |p: &str| index_of(s.services.iter().map(|x| x.id.as_str()), p);
    let provider = |p: &str| index_of(s.provider.iter().map(|x| x.id.as_str()), p);
    let action = |p: &str| index_of(s.actions.iter().map(|x| x.id.as_str()), p);
    let person = |p: &str| index_of(s.people.iter().map(|x| x.id.as_str()), p);
    let list = |l: &[Condition]| l.iter().map(|c| compile_cond(s, c, depth + 1)).collect();
    let or_never = |o: Option<Leaf>| o.map_or(Cond::Never, Cond::Leaf);
    match c {
        Condition::ErrorRateAbove(x, v) => {
            or_never(service(x).map(|i| Leaf::ErrorRateAbove(i, *v)))
        }
        Condition::CapacityBelow(x, v) => or_never(service(x).and_then(|i| {
            let svc = &s.services[i];
            let zones = svc.zones.iter().filter(|z| s.zones.contains(z)).count();
            let normal = svc.instances_per_zone as f64 * zones as f64;
            // A share of a normal fleet of none never holds.
            (normal > 0.0).then_some(Leaf::CapacityBelow(i, *v * normal))
        })),
        Condition::LoadAbove(x, v) => or_never(service(x).map(|i| Leaf::LoadAbove(i, *v))),
        Condition::BacklogAbove(x, v) => or_never(service(x).map(|i| Leaf::BacklogAbove(i, *v))),
        Condition::ProviderBelow(x, v) => or_never(provider(x).map(|i| Leaf::ProviderBelow(i, *v))),
        Condition::LaunchesFailing(x) => or_never(service(x).map(Leaf::LaunchesFailing)),
        Condition::Done(a) => or_never(action(a).map(Leaf::Done)),
        Condition::Tried(a) => or_never(action(a).map(Leaf::Tried)),
        Condition::JustDone(a) => or_never(action(a).map(Leaf::JustDone)),
        Condition::After(t) => Cond::Leaf(Leaf::After(s.minute_of(*t))),
        Condition::Arrived(p) => or_never(person(p).map(Leaf::Arrived)),
        Condition::All(l) => Cond::All(list(l)),
        Condition::Any(l) => Cond::Any(list(l)),
        Condition::Not(c) => Cond::Not(Box::new(compile_cond(s, c, depth + 1))),
    }
}

/// A curve's value at a minute: linear between points, flat before the first and after the last.
pub fn curve_at(s: &Scenario, points: &[TrafficPoint], m: u32) -> f64 {
    curve_between(s, points, m, &mut 0)
}

/// A curve's value at every minute of the night, in one pass over its points.
pub fn curve_table(s: &Scenario, points: &[TrafficPoint]) -> Vec<f64> {
    let mut from = 0;
    (0..=s.length())
        .map(|m| curve_between(s, points, m, &mut from))
        .collect()
}

/// `curve_at`, searching from window `from` on (and leaving it at the window used): minutes only
/// move forward, so a table is filled in one pass.
fn curve_between(s: &Scenario, points: &[TrafficPoint], m: u32, from: &mut usize) -> f64 {
    let minute = |t: TimeOfDay| s.minute_of(t);
    let Some(first) = points.first() else {
        return 0.0;
    };
    if m <= minute(first.at) {
        return first.per_minute;
    }
    for (k, w) in points.windows(2).enumerate().skip(*from) {
        let (a, b) = (minute(w[0].at), minute(w[1].at));
        if m <= b && b > a {
            *from = k;
            let f = (m - a) as f64 / (b - a) as f64;
            return w[0].per_minute + f * (w[1].per_minute - w[0].per_minute);
        }
    }
    points.last().map_or(0.0, |p| p.per_minute)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_curve_table_matches_the_curve_minute_by_minute() {
        let s = crate::scenario::builtin(crate::scenario::FLAGSHIP).unwrap();
        let table = curve_table(&s, &s.traffic);
        assert_eq!(table.len() as u32, s.length() + 1);
        for (m, v) in table.iter().enumerate() {
            assert_eq!(
                v.to_bits(),
                curve_at(&s, &s.traffic, m as u32).to_bits(),
                "minute {m}"
            );
        }
        assert_eq!(table[0], 90.0);
        assert_eq!(*table.last().unwrap(), 480.0);
    }
}
