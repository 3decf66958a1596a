//! The lesson of the peak-sort night, shown by the mechanism: evacuating a gray zone is right only
//! onto spare capacity. Over several seeds (the gray zone is drawn, so each seed names its own), a
//! zonal shift with no room costs more than doing nothing, because the zones left run past their
//! capacity and their health checks time out; the same shift after a scale-out saves, and the
//! gray failure itself never fails a health check.

use std::sync::Arc;

use blastradius::scenario::{self, Minute, Scenario, TimeOfDay};
use blastradius::session::{self, Script, Session};

const NIGHT: &str = "peak-sort-gray-zone";
const SEEDS: std::ops::RangeInclusive<u64> = 1..=8;

fn night() -> Arc<Scenario> {
    Arc::new(scenario::builtin(NIGHT).unwrap())
}

/// Tonight's gray zone at this seed, as the world drew it.
fn gray(s: &Arc<Scenario>, seed: u64) -> (usize, String) {
    let z = Session::new(s.clone(), seed).world().provider().drawn()[0];
    (z, s.zones[z].clone())
}

fn script(s: &Scenario, src: &str) -> Script {
    Script::parse("inline.ron", src, s).unwrap_or_else(|d| panic!("{d}"))
}

fn at(s: &Scenario, time: &str) -> Minute {
    s.minute_of(TimeOfDay::parse(time).unwrap())
}

fn scan(s: &Scenario) -> usize {
    s.services.iter().position(|x| x.id == "scan").unwrap()
}

/// The highest load among the zones still taking scans, and the fewest scan instances serving,
/// between two times of the night.
fn worst_between(night: &Session, from: &str, to: &str, shifted: usize) -> (f64, u32) {
    let s = night.scenario();
    let i = scan(s);
    let (a, b) = (at(s, from) as usize, at(s, to) as usize);
    let mut hottest = 0.0f64;
    let mut fewest = u32::MAX;
    for m in &night.world().history()[a..=b] {
        let svc = &m.services[i];
        for (z, load) in svc.zone_load.iter().enumerate() {
            if z != shifted {
                hottest = hottest.max(*load);
            }
        }
        fewest = fewest.min(svc.serving_total());
    }
    (hottest, fewest)
}

#[test]
fn a_shift_without_room_costs_more_than_doing_nothing_and_after_a_scale_out_it_saves() {
    let s = night();
    let normal = s.services[scan(&s)].instances_per_zone * s.zones.len() as u32;
    for seed in SEEDS {
        let (z, zone) = gray(&s, seed);
        let nothing = session::run(s.clone(), seed, &Script::default());
        let shift_now = session::run(
            s.clone(),
            seed,
            &script(
                &s,
                &format!(r#"[(at: "23:00", action: "zonal_shift", target: "{zone}")]"#),
            ),
        );
        let room_then_shift = session::run(
            s.clone(),
            seed,
            &script(
                &s,
                &format!(
                    r#"[(at: "22:55", action: "scale_out", target: "scan"),
                        (at: "23:12", action: "zonal_shift", target: "{zone}")]"#
                ),
            ),
        );
        let room_only = session::run(
            s.clone(),
            seed,
            &script(
                &s,
                r#"[(at: "22:55", action: "scale_out", target: "scan")]"#,
            ),
        );
        let (n, bad, good, room) = (
            nothing.blast_radius(),
            shift_now.blast_radius(),
            room_then_shift.blast_radius(),
            room_only.blast_radius(),
        );

        // The lesson, in blast radius.
        assert!(
            bad > 1.5 * n,
            "seed {seed} ({zone}): shifting with no room {bad:.0} should cost well over doing nothing {n:.0}"
        );
        assert!(
            good < 0.6 * n,
            "seed {seed} ({zone}): scaling out, then shifting {good:.0} should save a lot against doing nothing {n:.0}"
        );
        assert!(
            good < room,
            "seed {seed} ({zone}): once there is room the shift itself saves ({good:.0} with it, {room:.0} without)"
        );

        // The mechanism. Doing nothing: the gray zone fails scans yet passes its checks, so the
        // fleet keeps every instance.
        let (_, fewest) = worst_between(&nothing, "22:30", "00:30", usize::MAX);
        assert!(
            fewest >= normal,
            "seed {seed}: a gray failure never fails a check"
        );
        // The shift with no room: the two zones left run past their capacity, and their checks
        // time out and cost instances.
        let (hottest, fewest) = worst_between(&shift_now, "23:05", "00:30", z);
        assert!(
            hottest > 1.2,
            "seed {seed}: the zones left should run past their check timeout, at {hottest:.2}"
        );
        assert!(
            fewest < normal,
            "seed {seed}: overloaded instances fail their checks and are replaced"
        );
        // After the scale-out, the same shift leaves the zones that stay with room to spare.
        let (hottest, _) = worst_between(&room_then_shift, "23:17", "00:30", z);
        assert!(
            hottest < 1.0,
            "seed {seed}: with room, the zones left stay under capacity, at {hottest:.2}"
        );
        let shifted = &room_then_shift.world().history()[at(&s, "23:30") as usize];
        assert_eq!(
            shifted.services[scan(&s)].zone_load[z],
            0.0,
            "seed {seed}: the shifted zone gets no scans"
        );
    }
}

#[test]
fn the_expert_shifts_the_zone_the_seed_drew_and_only_after_the_scale_out() {
    let s = night();
    let scale = s
        .expert
        .iter()
        .position(|e| e.action == "scale_out")
        .unwrap();
    let shift = s
        .expert
        .iter()
        .position(|e| e.action == "zonal_shift")
        .unwrap();
    assert!(scale < shift, "room first, then the shift");
    assert_eq!(s.expert[shift].target.as_deref(), Some("{gray}"));
    let mut drawn = std::collections::BTreeSet::new();
    for seed in 1..=30 {
        let (z, _) = gray(&s, seed);
        drawn.insert(z);
    }
    assert_eq!(
        drawn.len(),
        s.zones.len(),
        "every zone is drawn gray on some seed"
    );
}

#[test]
fn the_debrief_weighs_a_shift_of_the_gray_zone_as_a_shift_of_each_seeds_gray_zone() {
    // The zone a shift names is tonight's gray zone; on the other seeds the debrief weighs it on,
    // the same decision is a shift of that seed's gray zone (not of a zone that is healthy there).
    let s = night();
    for seed in [4, 5] {
        let played = session::run(s.clone(), seed, &Script::expert(&s));
        let d = session::Debrief::full(&played);
        let shift = d
            .yours
            .iter()
            .find(|r| r.action == "zonal_shift" && r.refusal.is_none())
            .expect("the expert shifts");
        let w = shift.worth.as_ref().unwrap();
        assert!(
            w.mean > 0.0 && !w.within_noise && w.low > 0.0,
            "seed {seed}: {w:?}"
        );
    }
}

#[test]
fn the_health_map_singles_out_the_gray_zone() {
    // Each zone's cell reads the errors of the scans routed to that zone: with one zone gray, it
    // alone looks unwell, and the others look fine.
    use blastradius::session::Health;
    let s = night();
    for seed in 1..=4 {
        let (g, _) = gray(&s, seed);
        let mut n = Session::new(s.clone(), seed);
        n.run_until(at(&s, "23:30"));
        let w = n.world();
        for z in 0..s.zones.len() {
            let cell = w.cell(scan(&s), z);
            if z == g {
                assert!(
                    cell.health >= Health::Degraded,
                    "seed {seed} gray {z}: {cell:?}"
                );
            } else {
                assert_eq!(cell.health, Health::Ok, "seed {seed} zone {z}: {cell:?}");
            }
        }
    }
}
