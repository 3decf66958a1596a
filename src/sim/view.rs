//! How the world reads to the people in it: whether a service's cell in a zone, a provider service
//! or an error rate counts as healthy, degraded or down. Every screen and export asks here, so they
//! can never disagree.

use super::World;

/// How healthy something looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Health {
    Ok,
    Degraded,
    Down,
    /// Not in use (a zone the service does not run in, a zone traffic is shifted away from).
    Idle,
    /// Not known: nothing we did lately would have shown it (no calls to a provider service).
    Unknown,
}

impl Health {
    /// The symbol that says the same as a colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Health::Ok => "✓",
            Health::Degraded => "!",
            Health::Down => "✗",
            Health::Idle => "·",
            Health::Unknown => "?",
        }
    }

    /// A provider service's health (0 to 1) as a state.
    pub fn of_provider(h: f64) -> Health {
        if h >= 0.95 {
            Health::Ok
        } else if h >= 0.5 {
            Health::Degraded
        } else {
            Health::Down
        }
    }

    /// How a provider service looks from our own calls: the share that failed, or unknown.
    pub fn of_sighting(sighting: Option<super::Sighting>) -> Health {
        sighting.map_or(Health::Unknown, |x| Health::of_provider(1.0 - x.failing))
    }

    /// A service's error rate (0 to 1) as a state.
    pub fn of_errors(rate: f64) -> Health {
        if rate > 0.25 {
            Health::Down
        } else if rate > 0.02 {
            Health::Degraded
        } else {
            Health::Ok
        }
    }
}

/// One service in one zone as the health map shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub health: Health,
    /// Instances serving there, and the normal count.
    pub serving: u32,
    pub normal: u32,
    /// The service does not run in the zone.
    pub unused: bool,
    /// Traffic is shifted away from the zone.
    pub shifted: bool,
}

impl World {
    /// The state of a service in a zone: serving instances against the normal count, its errors,
    /// the load balancer's health there and the zone's load.
    pub fn cell(&self, service: usize, zone: usize) -> Cell {
        let s = &self.scenario;
        let svc = &s.services[service];
        let normal = svc.instances_per_zone.max(1);
        let mut cell = Cell {
            health: Health::Idle,
            serving: 0,
            normal,
            unused: false,
            shifted: false,
        };
        if !self.ix.services[service].zones.contains(&zone) {
            cell.unused = true;
            return cell;
        }
        cell.serving = self.fleet.serving_in(service, zone);
        let lb = self.ix.services[service].load_balancer;
        if self.levers.shifted() == Some(zone) && lb.is_some() {
            cell.shifted = true;
            return cell;
        }
        let last = self.latest().and_then(|m| m.services.get(service));
        let err = last.map_or(0.0, |m| m.zone_error_rate(zone));
        let load = last
            .and_then(|m| m.zone_load.get(zone).copied())
            .unwrap_or(0.0);
        let lb = lb.map_or(1.0, |p| self.provider.health(p, zone));
        let ratio = cell.serving as f64 / normal as f64;
        cell.health = if cell.serving == 0 || ratio < 0.5 || err > 0.5 || lb < 0.5 || load > 1.5 {
            Health::Down
        } else if ratio < 0.85 || err > 0.05 || lb < 0.9 || load > 1.0 {
            Health::Degraded
        } else {
            Health::Ok
        };
        cell
    }
}
