//! The DNS automation race, played from the provider's side (scenarios/dns-plan-race.ron): a
//! repair by hand is refused while the automation still writes the zone; paused first, the repair
//! ends the empty record when it lands and saves most of the night; and the lease backlog let back
//! in all at once costs more than in stages. Each check sets the night beside one without the
//! move, so it fails when the mechanism breaks.

use std::sync::Arc;

use blastradius::scenario::{self, Scenario};
use blastradius::session::{self, Script, Session};

const NIGHT: &str = "dns-plan-race";
const SEEDS: std::ops::RangeInclusive<u64> = 1..=6;

fn night() -> Arc<Scenario> {
    Arc::new(scenario::builtin(NIGHT).unwrap())
}

fn play(s: &Arc<Scenario>, seed: u64, src: &str) -> Session {
    let script = Script::parse("inline.ron", src, s).unwrap_or_else(|d| panic!("{d}"));
    session::run(s.clone(), seed, &script)
}

const BRIDGE: &str =
    r#"(at: "23:56", action: "open_bridge"), (at: "23:57", action: "page_dns_lead")"#;

#[test]
fn a_repair_by_hand_is_refused_while_the_automation_writes_the_zone() {
    let s = night();
    let n = play(
        &s,
        1,
        &format!(r#"[{BRIDGE}, (at: "00:12", action: "restore_record")]"#),
    );
    let refused = n
        .log()
        .iter()
        .find(|d| d.act.id(&s) == "restore_record")
        .unwrap();
    let why = refused.refusal.as_deref().expect("refused");
    assert!(why.contains("DNS automation paused"), "{why}");
    // The record stays empty all night.
    let empty = s
        .faults
        .iter()
        .position(|f| f.id == "empty-record")
        .unwrap();
    assert!(n.world().provider().windows()[empty].1 > s.length());
}

#[test]
fn paused_first_the_repair_ends_the_empty_record_when_it_lands_and_saves_the_night() {
    let s = night();
    let record = s.provider.iter().position(|p| p.id == "record").unwrap();
    let empty = s
        .faults
        .iter()
        .position(|f| f.id == "empty-record")
        .unwrap();
    let repaired = format!(
        r#"[{BRIDGE}, (at: "23:58", action: "pause_automation"), (at: "00:12", action: "restore_record")]"#
    );
    let paused_only = format!(r#"[{BRIDGE}, (at: "23:58", action: "pause_automation")]"#);
    for seed in SEEDS {
        let n = play(&s, seed, &repaired);
        let fixed = n.world().provider().windows()[empty].1;
        assert!(fixed < s.length(), "seed {seed}: the record was repaired");
        // Down until the repair lands, back from that minute.
        let done = n
            .world()
            .events()
            .iter()
            .find(|e| e.text.starts_with("Restore the record by hand: done"))
            .map(|e| e.at)
            .unwrap();
        assert_eq!(fixed, done, "seed {seed}");
        assert!(n.world().provider().health(record, 0) == 1.0);
        let without = play(&s, seed, &paused_only);
        assert!(
            n.blast_radius() < without.blast_radius() / 2.0,
            "seed {seed}: {} against {}",
            n.blast_radius(),
            without.blast_radius()
        );
    }
}

#[test]
fn the_lease_backlog_let_in_at_once_costs_more_than_in_stages() {
    let s = night();
    let base = format!(
        r#"{BRIDGE}, (at: "23:58", action: "pause_automation"), (at: "00:02", action: "pause_renewals"),
           (at: "00:12", action: "restore_record")"#
    );
    for seed in SEEDS {
        let staged = play(
            &s,
            seed,
            &format!(r#"[{base}, (at: "00:53", action: "resume_renewals_staged")]"#),
        );
        let at_once = play(
            &s,
            seed,
            &format!(r#"[{base}, (at: "00:53", action: "resume_renewals")]"#),
        );
        let (a, b) = (staged.world().tally(), at_once.world().tally());
        assert!(
            b.jobs_dropped > a.jobs_dropped && at_once.blast_radius() > staged.blast_radius(),
            "seed {seed}: at once {} dropped, {}; staged {} dropped, {}",
            b.jobs_dropped,
            at_once.blast_radius(),
            a.jobs_dropped,
            staged.blast_radius()
        );
    }
}
