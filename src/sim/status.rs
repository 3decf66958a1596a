//! Public status pages: the provider's, a vendor's. Each says what its beats say and, when it has
//! a lag, what its own monitoring saw of the services it covers, that many minutes late. A page
//! speaks for itself only: one vendor's post never stands in for another's.

use super::World;
use super::provider::Provider;
use super::view::Health;
use crate::scenario::{Minute, Scenario};

/// What a page's monitoring sees: each covered service that is not fine, and how it is, zone by
/// zone (the zones where it is not fine).
type Seen = Vec<(usize, Health, Vec<usize>)>;

/// One post on a status page.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    pub at: Minute,
    /// The page (an index into the scenario's `status_pages`; 0 for the one page of a scenario
    /// that declares none).
    pub page: usize,
    /// The page as the channel names it: "AWS Health status page".
    pub source: String,
    pub text: String,
    /// The beat that posted it; none for a page's own post.
    pub beat: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct StatusPages {
    /// Per page: what its monitoring saw last, the changes waiting out the lag (due, what),
    /// and what it last posted.
    seen: Vec<Seen>,
    due: Vec<Vec<(Minute, Seen)>>,
    posted: Vec<Seen>,
    /// The pages' own posts so far: (minute, page, text).
    own: Vec<(Minute, usize, String)>,
}

impl StatusPages {
    pub(super) fn new(s: &Scenario) -> StatusPages {
        let n = s.status_pages.len();
        StatusPages {
            seen: vec![Vec::new(); n],
            due: vec![Vec::new(); n],
            posted: vec![Vec::new(); n],
            own: Vec::new(),
        }
    }

    /// Minute `m`: each page with a lag notes what changed, and posts what changed `lag` minutes ago.
    pub(super) fn watch(&mut self, m: Minute, s: &Scenario, provider: &Provider) {
        for (k, page) in s.status_pages.iter().enumerate() {
            let Some(lag) = page.lag_minutes else {
                continue;
            };
            let now = seen(s, &page.covers, provider);
            if now != self.seen[k] {
                self.due[k].push((m + lag, now.clone()));
                self.seen[k] = now;
            }
            while self.due[k].first().is_some_and(|(at, _)| *at <= m) {
                let (_, what) = self.due[k].remove(0);
                if what != self.posted[k] {
                    let text = post_text(s, &self.posted[k], &what);
                    self.own.push((m, k, text));
                    self.posted[k] = what;
                }
            }
        }
    }
}

/// The covered services that are not fine, as a page's monitoring sees them now.
fn seen(s: &Scenario, covers: &[String], provider: &Provider) -> Seen {
    let mut out = Seen::new();
    for (p, svc) in s.provider.iter().enumerate() {
        if !covers.contains(&svc.id) {
            continue;
        }
        let zones: Vec<usize> = (0..s.zones.len())
            .filter(|&z| Health::of_provider(provider.health(p, z)) != Health::Ok)
            .collect();
        if zones.is_empty() {
            continue;
        }
        out.push((p, Health::of_provider(provider.worst(p)), zones));
    }
    out
}

/// A page's own words for a change: what is wrong now, or that what was wrong is fixed.
fn post_text(s: &Scenario, before: &Seen, now: &Seen) -> String {
    let name = |p: usize| s.provider[p].name.as_str();
    if now.is_empty() {
        let names: Vec<&str> = before.iter().map(|x| name(x.0)).collect();
        return format!(
            "Resolved: {} {} operating normally again.",
            list(&names),
            if names.len() == 1 { "is" } else { "are" }
        );
    }
    let lead = if before.is_empty() {
        "Investigating"
    } else {
        "Update"
    };
    let parts: Vec<String> = now
        .iter()
        .map(|(p, h, zones)| {
            // Down is under half the calls answered: most fail, which is not "unavailable".
            let how = match h {
                Health::Down => "failing most requests",
                _ => "degraded",
            };
            let zs: Vec<&str> = zones.iter().map(|&z| s.zones[z].as_str()).collect();
            // A vendor has no zones of ours: everywhere is said by saying nothing.
            let place = if zones.len() < s.zones.len() {
                format!(" in {}", list(&zs))
            } else if s.provider[*p].third_party {
                String::new()
            } else {
                " in every zone".to_string()
            };
            format!("{} {how}{place}", name(*p))
        })
        .collect();
    let fixed: Vec<&str> = before
        .iter()
        .filter(|b| !now.iter().any(|x| x.0 == b.0))
        .map(|b| name(b.0))
        .collect();
    let mut text = format!("{lead}: {}.", parts.join("; "));
    if !fixed.is_empty() {
        text.push_str(&format!(" Recovered: {}.", list(&fixed)));
    }
    text
}

/// "a", "a and b", "a, b and c".
fn list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// How the channel names a page: "AWS Health status page".
fn source_name(name: &str) -> String {
    if name.to_lowercase().contains("status") {
        name.to_string()
    } else {
        format!("{name} status page")
    }
}

impl World {
    /// Every post on every status page so far, in time order (beats' posts before a page's own
    /// in the same minute).
    pub fn status_posts(&self) -> Vec<Post> {
        let s = &*self.scenario;
        let mut posts: Vec<Post> = Vec::new();
        for &(at, beat) in self.story.status_posts() {
            let b = &s.beats[beat];
            let Some(page) = s.page_of_beat(&b.from) else {
                continue;
            };
            let name = s
                .status_pages
                .get(page)
                .map_or(b.from.as_str(), |p| &p.name);
            posts.push(Post {
                at,
                page,
                source: source_name(name),
                text: self.with_draws(&b.text).into_owned(),
                beat: Some(beat),
            });
        }
        for (at, page, text) in &self.status.own {
            posts.push(Post {
                at: *at,
                page: *page,
                source: source_name(&s.status_pages[*page].name),
                text: text.clone(),
                beat: None,
            });
        }
        posts.sort_by_key(|p| (p.at, p.beat.is_none()));
        posts
    }

    /// Each status page as it reads now: (its name, its latest post). With no pages declared,
    /// the one page beats post to, named "provider status page".
    pub fn status_pages_now(&self) -> Vec<(String, Option<Post>)> {
        let s = &*self.scenario;
        let posts = self.status_posts();
        let latest = |page: usize| posts.iter().rev().find(|p| p.page == page).cloned();
        if s.status_pages.is_empty() {
            return vec![("provider status page".into(), latest(0))];
        }
        s.status_pages
            .iter()
            .enumerate()
            .map(|(k, p)| (source_name(&p.name), latest(k)))
            .collect()
    }
}
