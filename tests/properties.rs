//! Property tests: random decisions over many seeds never panic and keep the world's invariants;
//! random and mutated files never panic the loader. `PROPTEST_CASES=5000 cargo test --test properties`
//! runs a longer search.

use std::sync::Arc;

use blastradius::scenario::{self, Scenario, TargetKind};
use blastradius::score::Breakdown;
use blastradius::session::Session;
use blastradius::sim::Tally;
use proptest::prelude::*;

fn flagship() -> Arc<Scenario> {
    Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap())
}

fn tally_fields(t: &Tally) -> [f64; 14] {
    [
        t.failed_transactions,
        t.delayed_transactions,
        t.offline_transactions,
        t.degraded_requests,
        t.shed_requests,
        t.capacity_destroyed,
        t.jobs_dropped,
        t.escalation_minutes,
        t.comms_gap_minutes,
        t.support_calls,
        t.fatigue_hours,
        t.rabbit_hole_hours,
        t.left_undone,
        t.jobs_left,
    ]
}

/// A decision: at which minute, which action (index), which target (index, wrapped to the kind).
fn decisions() -> impl Strategy<Value = Vec<(u32, usize, usize)>> {
    prop::collection::vec((0u32..920, 0usize..64, 0usize..8), 0..40)
}

fn play(s: &Arc<Scenario>, seed: u64, mut plan: Vec<(u32, usize, usize)>) -> Session {
    plan.sort_by_key(|d| d.0);
    let mut session = Session::new(s.clone(), seed);
    let mut last = *session.world().tally();
    for (at, a, t) in plan {
        while session.now() < at && !session.is_over() {
            session.step();
            check_minute(&session, &last);
            last = *session.world().tally();
        }
        let def = &s.actions[a % s.actions.len()];
        let target = match def.target {
            TargetKind::None => None,
            TargetKind::Service => Some(s.services[t % s.services.len()].id.as_str()),
            TargetKind::Zone => Some(s.zones[t % s.zones.len()].as_str()),
            TargetKind::Theory if s.theories.is_empty() => continue,
            TargetKind::Theory => Some(s.theories[t % s.theories.len()].id.as_str()),
        };
        let outcome = session
            .act_id(&def.id, target, None)
            .expect("catalogue actions and targets resolve");
        if let Some(reason) = outcome.refusal() {
            assert!(!reason.is_empty(), "a refusal always says why");
        }
    }
    while !session.is_over() {
        session.step();
        check_minute(&session, &last);
        last = *session.world().tally();
    }
    session
}

fn check_minute(session: &Session, before: &Tally) {
    let m = session.world().latest().expect("a minute was simulated");
    for (a, b) in tally_fields(&m.tally).iter().zip(tally_fields(before)) {
        assert!(
            a.is_finite() && *a >= b - 1e-9,
            "tallies only grow: {a} < {b} at minute {}",
            m.minute
        );
    }
    assert!(m.transactions >= 0.0 && m.failed >= -1e-9 && m.offline >= 0.0 && m.delayed >= 0.0);
    assert!(
        m.failed + m.offline <= m.transactions + 1e-6,
        "no more failures than sales"
    );
    for (i, sm) in m.services.iter().enumerate() {
        let svc = &session.scenario().services[i];
        assert!(
            sm.demand >= 0.0 && sm.demand.is_finite(),
            "{}: demand {}",
            svc.id,
            sm.demand
        );
        assert!(sm.capacity >= 0.0 && sm.succeeded >= -1e-9 && sm.succeeded <= sm.demand + 1e-6);
        assert!((0.0..=1.0).contains(&sm.error_rate()));
        assert!(sm.backlog >= -1e-6);
        let cap = svc.instances_per_zone * 3;
        assert!(
            sm.serving.iter().all(|&n| n <= cap),
            "{}: {:?} over the scale-out cap",
            svc.id,
            sm.serving
        );
    }
    let w = session.world();
    for p in 0..session.scenario().provider.len() {
        for z in 0..session.scenario().zones.len() {
            assert!((0.0..=1.0).contains(&w.provider().health(p, z)));
        }
    }
    let b = Breakdown::new(&m.tally, &session.scenario().scoring);
    let sum: f64 = b.parts.iter().map(|p| p.points).sum();
    assert!((sum - b.total()).abs() < 1e-6 && b.total() >= 0.0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn random_nights_keep_the_invariants(seed in any::<u64>(), plan in decisions()) {
        let s = flagship();
        let night = play(&s, seed, plan.clone());
        prop_assert!(night.is_over());
        prop_assert_eq!(night.world().history().len() as u32, s.length() + 1);
        // And a replay of the same decisions is the same night.
        let again = play(&s, seed, plan);
        prop_assert_eq!(format!("{:?}", night.world().events()), format!("{:?}", again.world().events()));
        prop_assert_eq!(night.blast_radius().to_bits(), again.blast_radius().to_bits());
    }

    #[test]
    fn arbitrary_text_never_panics_the_loader(text in ".{0,400}") {
        let _ = scenario::load_str("fuzz.ron", &text);
    }

    #[test]
    fn mutated_scenarios_are_rejected_or_loaded_never_panic(cuts in prop::collection::vec((0usize..40_000, 0usize..40, ".{0,6}"), 1..6)) {
        let mut src = scenario::BUILTIN[0].2.to_string();
        for (at, len, with) in cuts {
            let start = floor_char(&src, at.min(src.len()));
            let end = floor_char(&src, (start + len).min(src.len()));
            src.replace_range(start..end, &with);
        }
        match scenario::load_str("mutant.ron", &src) {
            Ok(s) => {
                // Whatever validates must also play.
                let mut night = Session::new(Arc::new(s), 1);
                night.run_to_end();
                prop_assert!(night.blast_radius().is_finite());
            }
            Err(d) => {
                for line in d.to_string().lines() {
                    prop_assert!(line.starts_with("mutant.ron:"), "{}", line);
                }
            }
        }
    }
}

/// Actions that only look, talk, page or escalate: none of their effects touches the system.
fn talk_only(s: &Scenario) -> Vec<usize> {
    s.actions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.effects.iter().all(|e| !e.changes_system()))
        .map(|(i, _)| i)
        .collect()
}

/// What customers and the fleet went through, minute by minute.
fn customers_and_fleet(night: &Session) -> Vec<String> {
    night
        .world()
        .history()
        .iter()
        .map(|m| {
            let fleet: Vec<_> = m
                .services
                .iter()
                .map(|x| (x.serving, x.not_serving))
                .collect();
            format!(
                "{:?} {:?} {:?} {:?} {:?} {:?} {fleet:?}",
                m.transactions,
                m.failed,
                m.delayed,
                m.offline,
                m.degraded + m.shed,
                m.jobs_dropped
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Looking and talking never changes what customers or the fleet go through: the dice of the
    /// night follow causes, so decisions that cause nothing there leave every draw as it was.
    #[test]
    fn talking_and_looking_never_change_customer_harm_or_the_fleet(
        seed in any::<u64>(),
        plan in prop::collection::vec((0u32..920, 0usize..64), 1..12),
    ) {
        let s = flagship();
        let talk = talk_only(&s);
        prop_assert!(talk.len() >= 8, "the flagship has looking and talking actions");
        let mut night = Session::new(s.clone(), seed);
        let mut plan = plan;
        plan.sort_by_key(|p| p.0);
        for (at, a) in plan {
            night.run_until(at);
            let def = &s.actions[talk[a % talk.len()]];
            let names = s.target_names(def.target);
            let target = names.get(a % names.len().max(1)).copied();
            night.act_id(&def.id, target, None).expect("talk actions and their targets resolve");
        }
        night.run_to_end();
        let mut quiet = Session::new(s.clone(), seed);
        quiet.run_to_end();
        prop_assert_eq!(customers_and_fleet(&night), customers_and_fleet(&quiet));
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn numeric_mutations_of_the_flagship_validate_or_fail_cleanly() {
    // Every number in the file, in turn, set to values a careless author might write.
    let src = scenario::BUILTIN[0].2;
    let numbers: Vec<(usize, usize)> = {
        let b = src.as_bytes();
        let mut v = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if b[i].is_ascii_digit()
                && (i == 0
                    || !(b[i - 1].is_ascii_alphanumeric()
                        || b[i - 1] == b'"'
                        || b[i - 1] == b':'
                        || b[i - 1] == b'-'))
            {
                let start = i;
                while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                    i += 1;
                }
                v.push((start, i));
            }
            i += 1;
        }
        v
    };
    assert!(numbers.len() > 100);
    for (k, &(a, b)) in numbers.iter().enumerate().step_by(3) {
        let replacement = ["0", "1e9", "-1", "0.0", "99999999999"][k % 5];
        let mutant = format!("{}{}{}", &src[..a], replacement, &src[b..]);
        if let Ok(s) = scenario::load_str("mutant.ron", &mutant) {
            let mut night = Session::new(Arc::new(s), 2);
            night.run_to_end();
            assert!(
                night.blast_radius().is_finite(),
                "mutation at byte {a} gave a non-finite score"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// A lesson is applied only by a decision that helped, broken only by one that cost, backfired
    /// only when a decision applying it cost and none helped (a fumbled one counts for none of
    /// these), too late when it came after the lesson's moment, and the evidence lists exactly
    /// the decisions behind the mark, those against it marked as such, and those fumbled.
    #[test]
    fn lesson_marks_and_decision_worths_never_contradict_each_other(
        seed in 0u64..1000,
        plan in prop::collection::vec((0u32..700, 0usize..64, 0usize..8), 1..6),
    ) {
        marks_agree_with_worths(seed, plan)?;
    }
}

/// Cases the property found once, played every time: decisions that apply static stability
/// after the fleet was already lost (too late).
#[test]
fn lesson_marks_agree_with_worths_on_cases_found_before() {
    marks_agree_with_worths(11, vec![(30, 23, 6)]).unwrap();
    marks_agree_with_worths(0, vec![(36, 62, 5)]).unwrap();
}

/// The property above, for one seed and plan.
fn marks_agree_with_worths(
    seed: u64,
    plan: Vec<(u32, usize, usize)>,
) -> Result<(), proptest::test_runner::TestCaseError> {
    use blastradius::session::{Debrief, Mark};
    let s = flagship();
    let night = play(&s, seed, plan);
    let d = Debrief::summary(&night);
    for l in &d.lessons {
        let lesson = s.lessons.iter().find(|x| x.id == l.id).unwrap();
        // A fumbled decision changed nothing tonight: it is listed, but neither applies nor
        // breaks the lesson.
        let fumbled = |r: &&blastradius::session::DecisionRow| {
            r.outcome == Some(blastradius::sim::Outcome::Fumbled)
        };
        let carried = |ids: &[String]| -> Vec<_> {
            d.yours
                .iter()
                .filter(|r| r.refusal.is_none() && !fumbled(r) && ids.contains(&r.action))
                .collect()
        };
        let listed_fumbled = d
            .yours
            .iter()
            .filter(|r| {
                fumbled(r)
                    && (lesson.applied_by.contains(&r.action)
                        || lesson.broken_by.contains(&r.action))
            })
            .count();
        // One carried out after the lesson's moment had passed (its `in_time`) is too late:
        // listed, but it neither applies the lesson nor tells against it.
        let (applying, late): (Vec<_>, Vec<_>) = carried(&lesson.applied_by)
            .into_iter()
            .partition(|r| !r.late_for.contains(&lesson.id));
        let breaking = carried(&lesson.broken_by);
        // Marked by what each decision did by itself, its time aside: what the wait behind it
        // cost is in its worth, not in the lesson.
        let helped = applying
            .iter()
            .any(|r| r.worth.as_ref().is_some_and(|w| w.helped_itself()));
        let hurt = breaking
            .iter()
            .any(|r| r.worth.as_ref().is_some_and(|w| w.hurt_itself()));
        let backfired = applying
            .iter()
            .any(|r| r.worth.as_ref().is_some_and(|w| w.hurt_itself()));
        let hurt = hurt || (helped && backfired);
        let expected = match (helped, hurt) {
            (true, true) => Mark::Both,
            (true, false) => Mark::Applied,
            (false, true) => Mark::Broken,
            (false, false) if backfired => Mark::Backfired,
            (false, false) if !applying.is_empty() => Mark::NoEffect,
            (false, false) if !late.is_empty() => Mark::Late,
            // Only a decision can break it, and none did: kept by not breaking it.
            (false, false)
                if lesson.applied_by.is_empty()
                    && !lesson.broken_by.is_empty()
                    && breaking.is_empty() =>
            {
                Mark::Kept
            }
            (false, false) => Mark::Missed,
        };
        prop_assert_eq!(l.mark, expected, "{}", l.id);
        // What goes against the lesson and did not help tonight says so; one of that kind that
        // helped (better than not doing it at all) is not evidence against it, and is left out.
        let against_listed = breaking
            .iter()
            .filter(|r| !r.worth.as_ref().is_some_and(|w| w.helped_itself()))
            .count();
        let kept = usize::from(l.mark == Mark::Kept);
        prop_assert_eq!(
            l.evidence.len(),
            applying.len() + late.len() + against_listed + listed_fumbled + kept
        );
        let against = l
            .evidence
            .iter()
            .filter(|e| e.starts_with("against it: "))
            .count();
        prop_assert_eq!(against, against_listed, "{:?}", l.evidence);
        // No cost stands unexplained: an applying decision that cost says so first (by itself,
        // or by what waited behind it), so a lesson marked applied never lists a bare cost.
        let costly = applying
            .iter()
            .filter(|r| r.worth.as_ref().is_some_and(|w| w.hurt()))
            .count();
        let costly_itself = applying
            .iter()
            .chain(&late)
            .filter(|r| r.worth.as_ref().is_some_and(|w| w.hurt_itself()))
            .count();
        let said = |prefix: &str| l.evidence.iter().filter(|e| e.starts_with(prefix)).count();
        let said_itself = said("done, but it cost: ");
        let said_waiting = said("done, but what waited behind it cost: ");
        prop_assert_eq!(said_itself, costly_itself, "{:?}", l.evidence);
        let costly_either = applying
            .iter()
            .chain(&late)
            .filter(|r| {
                r.worth
                    .as_ref()
                    .is_some_and(|w| w.hurt() || w.hurt_itself())
            })
            .count();
        prop_assert_eq!(
            said_itself + said_waiting,
            costly_either,
            "{:?}",
            l.evidence
        );
        prop_assert!(costly <= costly_either);
        if l.mark == Mark::Applied {
            prop_assert_eq!(costly_itself, 0, "{:?}", l.evidence);
        }
        for r in applying.iter().chain(&breaking) {
            let w = r.worth.as_ref().expect("a carried-out decision is weighed");
            prop_assert!(w.low <= w.mean + 1e-9 && w.mean <= w.high + 1e-9);
            prop_assert!(!(w.helped() && w.hurt()));
            prop_assert!(!(w.helped_itself() && w.hurt_itself()));
            // What it did by itself and what the wait behind it cost make up its worth.
            let scale = w.mean.abs().max(1.0);
            prop_assert!(
                (w.itself + w.waiting - w.mean).abs() <= 1e-9 * scale,
                "{w:?}"
            );
        }
    }
    for r in &d.yours {
        prop_assert_eq!(r.worth.is_some(), r.refusal.is_none(), "{}", r.label);
        // The why gives this seed's own worth, beside the mean the figure gives.
        if let Some(w) = &r.worth
            && let Some(rest) = w.why.strip_prefix("on this seed (")
        {
            let own = blastradius::session::signed(w.own.round() as i64);
            prop_assert_eq!(rest.split(')').next(), Some(own.as_str()), "{}", w.why);
        }
    }
    Ok(())
}
