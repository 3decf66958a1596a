//! Mechanism tests on a tiny world (tests/fixtures/mini.ron): each lesson's mechanism on its own.

use std::sync::Arc;

use super::{EventKind, World};
use crate::scenario::{self, Beat, Change, Channel, Condition, Fault, Scenario, TimeOfDay};
use crate::session::ActionRef;

const MINI: &str = include_str!("../../tests/fixtures/mini.ron");

fn mini() -> Scenario {
    scenario::load_str("mini.ron", MINI).expect("mini.ron is valid")
}

fn t(s: &str) -> TimeOfDay {
    TimeOfDay::parse(s).unwrap()
}

fn fault(target: &str, from: &str, until: &str, health: f64) -> Fault {
    Fault {
        id: String::new(),
        cause: None,
        symptom: String::new(),
        target: target.into(),
        zones: vec![],
        from: t(from),
        until: t(until),
        health,
        ramp_minutes: 0,
        jitter_minutes: 0,
        note: String::new(),
    }
}

fn world(s: Scenario) -> World {
    let problems = scenario::problems(&s);
    assert!(
        problems.is_empty(),
        "test scenario must validate: {problems:?}"
    );
    World::new(Arc::new(s), 7)
}

fn act(w: &mut World, id: &str, target: Option<&str>) -> Result<u32, String> {
    let r = ActionRef::resolve(&w.scenario, id, target).unwrap();
    w.act(r.action, r.target).map(|p| p.minutes)
}

fn until(w: &mut World, at: &str) {
    let m = w.scenario.minute_of(t(at));
    w.run_until(m);
}

/// The index of an action of the world's scenario, by id.
fn action(w: &World, id: &str) -> usize {
    w.scenario.actions.iter().position(|a| a.id == id).unwrap()
}

/// The index of a person of the world's scenario, by id.
fn person(w: &World, id: &str) -> usize {
    w.scenario.people.iter().position(|p| p.id == id).unwrap()
}

fn serving(w: &World, service: usize) -> u32 {
    w.latest().unwrap().services[service].serving_total()
}

#[test]
fn a_quiet_night_hurts_nobody() {
    let mut w = world(mini());
    w.run_until(u32::MAX);
    assert!(w.is_over());
    assert_eq!(w.history().len() as u32, w.scenario.length() + 1);
    assert_eq!(serving(&w, 0), 8);
    assert!(w.tally().failed_transactions < 1e-9, "{:?}", w.tally());
    assert_eq!(w.tally().capacity_destroyed, 0.0);
    assert_eq!(w.tally().jobs_dropped, 0.0);
}

#[test]
fn health_checks_on_a_failed_dependency_destroy_capacity_unless_disabled() {
    let mut s = mini();
    s.faults = vec![
        fault("db", "00:10", "01:00", 0.0),
        fault("vm", "00:00", "03:00", 0.0),
    ];
    let mut left_on = world(s.clone());
    until(&mut left_on, "00:30");
    assert_eq!(
        serving(&left_on, 0),
        0,
        "checks reading the dead database killed every instance"
    );
    assert_eq!(left_on.tally().capacity_destroyed, 8.0);
    until(&mut left_on, "02:00");
    assert_eq!(
        serving(&left_on, 0),
        0,
        "nothing comes back while launches fail"
    );

    let mut off = world(s);
    until(&mut off, "00:05");
    act(&mut off, "checks_off", None).unwrap();
    until(&mut off, "02:00");
    assert_eq!(
        serving(&off, 0),
        8,
        "instances kept running through the outage"
    );
    assert_eq!(off.tally().capacity_destroyed, 0.0);
    assert!(off.tally().failed_transactions < left_on.tally().failed_transactions);
}

#[test]
fn restarting_during_a_launch_outage_loses_instances_until_launches_recover() {
    let mut s = mini();
    s.faults = vec![fault("vm", "00:00", "01:00", 0.0)];
    let mut w = world(s);
    until(&mut w, "00:05");
    act(&mut w, "restart", Some("api")).unwrap();
    until(&mut w, "00:30");
    assert_eq!(serving(&w, 0), 0);
    assert!(w.latest().unwrap().services[0].launch_failures > 0);
    assert_eq!(w.tally().capacity_destroyed, 8.0);
    until(&mut w, "01:30");
    assert_eq!(serving(&w, 0), 8, "the group relaunches once launches work");
}

#[test]
fn recreated_resources_stay_gone_until_the_provider_can_create_them() {
    let mut s = mini();
    s.faults = vec![fault("vm", "00:00", "02:00", 0.3)];
    let mut w = world(s);
    until(&mut w, "00:05");
    act(&mut w, "recreate", Some("api")).unwrap();
    until(&mut w, "01:50");
    assert_eq!(
        serving(&w, 0),
        0,
        "a deleted group cannot be recreated while launches are impaired"
    );
    until(&mut w, "02:30");
    assert_eq!(serving(&w, 0), 8);
}

#[test]
fn immediate_retries_amplify_load_and_backoff_tames_them() {
    let mut s = mini();
    s.faults = vec![fault("db", "00:00", "04:00", 0.5)];
    let mut storm = world(s.clone());
    until(&mut storm, "00:30");
    let mut calm = world(s);
    act(&mut calm, "backoff", None).unwrap();
    until(&mut calm, "00:30");
    let d_storm = storm.latest().unwrap().services[0].demand;
    let d_calm = calm.latest().unwrap().services[0].demand;
    assert!(
        d_storm > 1.5 * 200.0,
        "half the sales fail and each is retried twice: {d_storm}"
    );
    assert!(d_calm < d_storm, "{d_calm} vs {d_storm}");
}

#[test]
fn failing_jobs_are_dropped_but_paused_jobs_wait() {
    let mut s = mini();
    s.faults = vec![fault("db", "00:00", "01:00", 0.0)];
    let mut running = world(s.clone());
    until(&mut running, "01:00");
    assert!(
        running.tally().jobs_dropped > 100.0,
        "{}",
        running.tally().jobs_dropped
    );

    let mut paused = world(s);
    act(&mut paused, "pause", None).unwrap();
    until(&mut paused, "01:00");
    assert!(
        paused.tally().jobs_dropped < 20.0,
        "{}",
        paused.tally().jobs_dropped
    );
    assert!(paused.latest().unwrap().services[1].backlog > 500.0);
}

#[test]
fn resuming_everything_at_once_spikes_load_where_stages_do_not() {
    let peak = |staged: bool| {
        let mut w = world(mini());
        act(&mut w, "pause", None).unwrap();
        until(&mut w, "01:00");
        act(
            &mut w,
            if staged { "resume_staged" } else { "resume" },
            None,
        )
        .unwrap();
        until(&mut w, "01:30");
        let from = w.scenario.minute_of(t("01:01")) as usize;
        w.history()[from..]
            .iter()
            .map(|m| m.services[0].demand)
            .fold(0.0, f64::max)
    };
    let (herd, staged) = (peak(false), peak(true));
    assert!(
        herd > staged + 20.0,
        "all at once {herd} vs staged {staged}"
    );
}

#[test]
fn a_zonal_shift_moves_the_zone_s_load_to_the_others() {
    let mut w = world(mini());
    until(&mut w, "00:10");
    let before = w.latest().unwrap().services[0].zone_load;
    act(&mut w, "shift", Some("a")).unwrap();
    until(&mut w, "00:20");
    let after = &w.latest().unwrap().services[0].zone_load;
    assert_eq!(after[0], 0.0);
    assert!(
        (after[1] - 2.0 * before[1]).abs() < 0.05,
        "{before:?} → {after:?}"
    );
    assert!(
        act(&mut w, "shift", Some("b"))
            .unwrap_err()
            .contains("already shifted")
    );
}

/// A pooled fleet (no load balancer) in zones a and b, with a zonal fault on what it calls in
/// zone `hit`, from 00:05 on.
fn pool_with_zone_fault(hit: &str) -> Scenario {
    let mut s = mini();
    let mut pool = s.services[1].clone();
    pool.id = "pool".into();
    pool.name = "Pool".into();
    pool.zones = vec!["a".into(), "b".into()];
    pool.instances_per_zone = 2;
    pool.traffic_share = 0.5;
    pool.queue = None;
    pool.needs.retain(|n| n.on == "db");
    s.services.push(pool);
    let mut f = fault("db", "00:05", "03:00", 0.0);
    f.zones = vec![hit.into()];
    s.faults.push(f);
    s
}

#[test]
fn a_pool_does_its_work_in_every_zone_it_serves_and_a_zonal_shift_is_not_its() {
    // A pool's work is spread over its zones by the instances serving there: a dead dependency
    // in one of two equal zones fails half of it, whichever zone that is.
    let pool_errors = |hit: &str, shift: Option<&str>| {
        let mut w = world(pool_with_zone_fault(hit));
        if let Some(z) = shift {
            act(&mut w, "shift", Some(z)).unwrap();
        }
        until(&mut w, "00:30");
        w.latest().unwrap().services[2].error_rate()
    };
    let (in_a, in_b) = (pool_errors("a", None), pool_errors("b", None));
    assert!((in_a - 0.5).abs() < 1e-9, "{in_a}");
    assert!((in_b - 0.5).abs() < 1e-9, "{in_b}");
    // Shifting the load balancer's traffic away from the sick zone does not move the pool.
    assert!((pool_errors("a", Some("a")) - in_a).abs() < 1e-9);
    assert!((pool_errors("b", Some("a")) - in_b).abs() < 1e-9);
}

fn with_change(mut s: Scenario) -> Scenario {
    s.changes.push(Change {
        id: "roll".into(),
        name: "Nightly roll".into(),
        at: t("00:30"),
        rolls: "api".into(),
        batch: 0.5,
        every_minutes: 5,
        description: "replaces the api fleet".into(),
        via: Vec::new(),
    });
    s.faults = vec![fault("vm", "00:00", "04:00", 0.0)];
    s
}

#[test]
fn a_scheduled_change_rolls_the_fleet_unless_ci_is_frozen() {
    let mut rolled = world(with_change(mini()));
    until(&mut rolled, "01:00");
    assert_eq!(
        serving(&rolled, 0),
        0,
        "the roll replaced instances that could not launch"
    );

    let mut frozen = world(with_change(mini()));
    act(&mut frozen, "changes", None).unwrap();
    act(&mut frozen, "page", None).ok();
    until(&mut frozen, "00:10");
    act(&mut frozen, "freeze", None).unwrap();
    until(&mut frozen, "01:00");
    assert_eq!(serving(&frozen, 0), 8);
    assert!(frozen.events().iter().any(|e| e.text.contains("held")));
    assert!(
        frozen
            .events()
            .iter()
            .any(|e| e.kind == EventKind::Finding && e.text.contains("Nightly roll"))
    );
    act(&mut frozen, "unfreeze", None).unwrap();
    until(&mut frozen, "01:30");
    assert_eq!(serving(&frozen, 0), 0, "thawing releases the held change");
}

#[test]
fn people_are_busy_paged_handed_off_and_refused_with_reasons() {
    let mut w = world(mini());
    assert!(
        act(&mut w, "handoff", None)
            .unwrap_err()
            .contains("nobody else")
    );
    assert_eq!(
        act(&mut w, "long", None),
        Ok(45),
        "without an incident channel work takes half again as long"
    );
    // Everyone is busy: the decision waits for the first responder to come free.
    act(&mut w, "noop", None).unwrap();
    assert!(
        w.events()
            .iter()
            .any(|e| e.kind == EventKind::ActionStarted
                && e.text.contains("queued, starts at 00:45")),
        "{:?}",
        w.events()
    );
    assert!(
        w.events()
            .iter()
            .any(|e| e.kind == EventKind::ActionRefused)
    );
    until(&mut w, "00:45");
    act(&mut w, "page", None).unwrap();
    until(&mut w, "00:48");
    // Paged and on the way: the refusal says who and when, not to page again.
    let refused = act(&mut w, "handoff", None).unwrap_err();
    assert!(
        refused.starts_with("nobody else is on the incident yet: ")
            && refused.contains(" is on the way, expected at "),
        "{refused}"
    );
    until(&mut w, "00:57");
    assert!(
        w.crew().people()[1].on_incident,
        "the lead answers the page"
    );
    act(&mut w, "handoff", None).unwrap();
    until(&mut w, "01:00");
    assert_eq!(w.crew().commander(), 1);
    assert!(!w.crew().people()[0].on_incident);
    assert_eq!(act(&mut w, "never", None).unwrap_err(), "not built");
}

#[test]
fn tools_slow_actions_when_degraded_and_refuse_them_when_down() {
    let mut s = mini();
    s.faults = vec![
        fault("ci", "00:00", "01:00", 0.5),
        fault("ci", "01:00", "02:00", 0.0),
    ];
    let mut w = world(s);
    w.step();
    assert_eq!(
        act(&mut w, "freeze", None),
        Ok(3),
        "1 minute / 0.5 health × 1.5 without a channel"
    );
    // Thawed (no tool needed), then frozen again while the tool is down.
    until(&mut w, "01:10");
    act(&mut w, "unfreeze", None).unwrap();
    until(&mut w, "01:15");
    assert_eq!(act(&mut w, "freeze", None).unwrap_err(), "CI is down");
}

#[test]
fn a_worn_out_commander_fumbles_and_a_rested_one_does_not() {
    let fumbles = |hours: f64| {
        (0..40)
            .map(|seed| {
                let mut s = mini();
                s.people[0].tired_hours = hours;
                let mut w = World::new(Arc::new(s), seed);
                act(&mut w, "backoff", None).unwrap();
                w.run_until(5);
                w.events()
                    .iter()
                    .filter(|e| e.kind == EventKind::ActionFumbled)
                    .count()
            })
            .sum::<usize>()
    };
    assert_eq!(fumbles(0.0), 0);
    assert!(
        fumbles(30.0) >= 5,
        "14 hours past tired: fumbles are common"
    );
}

#[test]
fn silence_during_impact_costs_and_executives_count_once_awake() {
    let mut s = mini();
    s.faults = vec![fault("db", "00:00", "02:00", 0.0)];
    let mut quiet = world(s.clone());
    until(&mut quiet, "00:59");
    assert!(quiet.tally().comms_gap_minutes > 55.0 && quiet.tally().comms_gap_minutes < 60.5);
    let before_boss = quiet.tally().comms_gap_minutes;
    until(&mut quiet, "01:30");
    assert!(
        quiet.tally().comms_gap_minutes - before_boss > 55.0,
        "status page and executive both silent"
    );

    let mut told = world(s);
    act(&mut told, "status", None).unwrap();
    act(&mut told, "escalate", None).ok();
    until(&mut told, "00:59");
    assert!(
        told.tally().comms_gap_minutes < 3.0,
        "{}",
        told.tally().comms_gap_minutes
    );
    assert!(told.tally().support_calls < quiet.tally().support_calls);
}

#[test]
fn offline_mode_turns_failed_sales_into_offline_ones() {
    let mut s = mini();
    s.faults = vec![fault("db", "00:00", "04:00", 0.0)];
    let mut none = world(s.clone());
    none.run_until(u32::MAX);
    let mut off = world(s);
    act(&mut off, "offline", None).unwrap();
    off.run_until(u32::MAX);
    assert_eq!(none.tally().offline_transactions, 0.0);
    assert!(off.tally().offline_transactions > 1000.0);
    assert!(off.tally().failed_transactions < none.tally().failed_transactions);
}

#[test]
fn overload_times_out_health_checks_unless_timeouts_are_extended() {
    let mut s = mini();
    s.traffic.push(scenario::TrafficPoint {
        at: t("00:10"),
        per_minute: 1400.0,
    });
    s.faults = vec![fault("vm", "00:00", "04:00", 0.0)];
    let mut normal = world(s.clone());
    until(&mut normal, "01:00");
    let mut extended = world(s);
    act(&mut extended, "timeouts", None).unwrap();
    until(&mut extended, "01:00");
    assert!(
        serving(&normal, 0) < 8,
        "overloaded instances were declared dead"
    );
    assert_eq!(serving(&extended, 0), 8);
}

#[test]
fn beats_fire_at_their_time_when_conditions_first_hold_and_repeat() {
    let mut s = mini();
    s.faults = vec![fault("db", "00:20", "01:00", 0.0)];
    let beat = |id: &str, channel, at: Option<&str>, when: Option<Condition>, repeat| Beat {
        asserts: None,
        id: id.into(),
        channel,
        // On duty: a responder nobody paged would wait to speak.
        from: "oncall".into(),
        text: format!("{id} text"),
        at: at.map(t),
        when,
        repeat_minutes: repeat,
    };
    s.beats = vec![
        beat("hello", Channel::Chat, Some("00:05"), None, None),
        beat(
            "errors",
            Channel::Alert(scenario::Severity::Critical),
            None,
            Some(Condition::ErrorRateAbove("api".into(), 0.5)),
            Some(10),
        ),
        beat("status", Channel::StatusPage, Some("00:30"), None, None),
    ];
    let mut w = world(s);
    until(&mut w, "01:30");
    let texts: Vec<(u32, &str, &str)> = w
        .events()
        .iter()
        .map(|e| (e.at, e.from.as_str(), e.text.as_str()))
        .collect();
    assert!(
        texts.contains(&(5, "On-call", "hello text")),
        "beats name people by their names"
    );
    let alerts: Vec<u32> = w
        .events()
        .iter()
        .filter(|e| e.text == "errors text")
        .map(|e| e.at)
        .collect();
    assert_eq!(
        alerts.len(),
        4,
        "fires at 00:20 and every 10 minutes while errors last: {alerts:?}"
    );
    assert_eq!(alerts[0], 20);
    assert!(
        !w.events().iter().any(|e| e.text == "status text"),
        "the status page is read, not pushed"
    );
    let pages = w.status_pages_now();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].1.as_ref().map(|p| p.at), Some(30));
}

#[test]
fn a_line_waiting_on_its_claim_is_said_once_the_claim_holds() {
    // The line's `when` reads only the record (an action done at 00:06) and its claim reads the
    // world (errors, from 00:20): it waits for the claim, however long the record stays still.
    let mut s = mini();
    s.faults = vec![fault("db", "00:20", "01:00", 0.0)];
    s.beats = vec![Beat {
        asserts: Some(Condition::ErrorRateAbove("api".into(), 0.5)),
        id: "after-noop".into(),
        channel: Channel::Chat,
        from: "oncall".into(),
        text: "registers are failing".into(),
        at: None,
        when: Some(Condition::Done("noop".into())),
        repeat_minutes: None,
    }];
    let mut w = world(s);
    until(&mut w, "00:05");
    act(&mut w, "noop", None).unwrap();
    until(&mut w, "00:40");
    let said: Vec<u32> = w
        .events()
        .iter()
        .filter(|e| e.text == "registers are failing")
        .map(|e| e.at)
        .collect();
    assert_eq!(said, vec![20], "said when the errors began, not before");
}

#[test]
fn a_scenario_changed_after_a_night_was_played_from_it_is_worked_out_afresh() {
    // What the engine works out once per scenario (here the demand curve) must not follow a
    // clone that is then changed.
    let s = mini();
    let first = world(s.clone());
    let mut busier = (*first.scenario).clone();
    for p in &mut busier.traffic {
        p.per_minute *= 2.0;
    }
    let (mut a, mut b) = (first, world(busier));
    until(&mut a, "00:10");
    until(&mut b, "00:10");
    let demand = |w: &World| w.latest().unwrap().transactions;
    assert!(
        (demand(&b) - 2.0 * demand(&a)).abs() < 1e-9,
        "{} vs {}",
        demand(&b),
        demand(&a)
    );
}

#[test]
fn an_action_that_would_set_only_what_is_already_set_is_refused() {
    let mut w = world(mini());
    until(&mut w, "00:05");
    let refused = act(&mut w, "unfreeze", None).unwrap_err();
    assert!(refused.starts_with("nothing to change:"), "{refused}");
    act(&mut w, "freeze", None).unwrap();
    until(&mut w, "00:10");
    act(&mut w, "unfreeze", None).expect("CI/CD is frozen now: unfreezing changes it");
    act(&mut w, "backoff", None).unwrap();
    until(&mut w, "00:15");
    assert!(
        act(&mut w, "backoff", None).is_err(),
        "backoff is on already"
    );
}

#[test]
fn jitter_keeps_joined_fault_phases_joined() {
    let mut s = mini();
    let mut a = fault("vm", "00:10", "01:00", 0.0);
    let mut b = fault("vm", "01:00", "02:00", 0.5);
    a.jitter_minutes = 15;
    b.jitter_minutes = 15;
    s.faults = vec![a, b];
    let s = Arc::new(s);
    for seed in 0..50 {
        let w = World::new(s.clone(), seed);
        assert_eq!(
            w.provider().windows()[0].1,
            w.provider().windows()[1].0,
            "seed {seed}: {:?}",
            w.provider().windows()
        );
        assert!(w.provider().windows()[0].0.abs_diff(10) <= 15);
    }
}

#[test]
fn people_who_answer_at_once_arrive_the_next_minute_and_early_starters_are_there_from_the_start() {
    let mut s = mini();
    s.people[1].answers_page_in = 0;
    s.people[2].starts_at = Some(t("00:00"));
    s.people.push(scenario::Person {
        id: "cfo".into(),
        name: "CFO".into(),
        role: scenario::Role::Executive,
        on_duty: true,
        tired_hours: 0.0,
        answers_page_in: 0,
        starts_at: None,
    });
    let mut w = world(s);
    assert!(
        w.crew().people()[2].awake,
        "an executive starting at the first minute is awake from it"
    );
    assert!(
        !w.crew().people()[3].on_incident,
        "only responders are on the incident"
    );
    assert!(
        act(&mut w, "handoff", None)
            .unwrap_err()
            .contains("nobody else"),
        "an executive cannot take command"
    );
    act(&mut w, "page", None).unwrap();
    until(&mut w, "00:03");
    assert!(
        w.crew().people()[1].on_incident,
        "paged with answers_page_in 0: on the incident a minute after the page lands"
    );
}

#[test]
fn outcomes_tell_done_from_fumbled() {
    let mut s = mini();
    s.people[0].tired_hours = 40.0;
    let mut fumbled = 0;
    for seed in 0..20 {
        let mut w = World::new(Arc::new(s.clone()), seed);
        act(&mut w, "backoff", None).unwrap();
        assert_eq!(w.crew.outcomes, vec![super::Outcome::UnderWay]);
        w.run_until(5);
        match w.crew.outcomes[0] {
            super::Outcome::Fumbled => {
                fumbled += 1;
                assert!(!w.levers().control(scenario::Control::RetryBackoff));
            }
            super::Outcome::Done => assert!(w.levers().control(scenario::Control::RetryBackoff)),
            super::Outcome::UnderWay => panic!("finished by now"),
        }
    }
    assert!(fumbled > 0 && fumbled < 20, "{fumbled}");
}

#[test]
fn a_beat_can_answer_a_refused_attempt() {
    let mut s = mini();
    s.beats = vec![Beat {
        asserts: None,
        id: "no-failover".into(),
        channel: Channel::Chat,
        from: "oncall".into(),
        text: "We never built that.".into(),
        at: None,
        when: Some(Condition::Tried("never".into())),
        repeat_minutes: None,
    }];
    let mut w = world(s);
    until(&mut w, "00:10");
    assert!(!w.events().iter().any(|e| e.text == "We never built that."));
    assert!(act(&mut w, "never", None).is_err());
    until(&mut w, "00:12");
    assert!(!w.crew.done(action(&w, "never")));
    assert!(
        w.events().iter().any(|e| e.text == "We never built that."),
        "Tried holds for a refused action"
    );
}

#[test]
fn a_throttled_provider_grants_launches_at_its_rate_and_new_instances_get_a_grace_period() {
    let mut s = mini();
    s.faults = vec![fault("vm", "00:00", "04:00", 0.25)];
    let mut w = world(s);
    act(&mut w, "restart", Some("api")).unwrap();
    until(&mut w, "00:12");
    let early = serving(&w, 0);
    until(&mut w, "00:50");
    assert!(
        early < 8,
        "a quarter-health provider does not refill a fleet at once: {early}"
    );
    assert_eq!(
        serving(&w, 0),
        8,
        "one launch per zone every four minutes refills it"
    );
    let newest = w
        .fleet()
        .instances(0)
        .iter()
        .map(|x| x.checked_from)
        .max()
        .unwrap();
    assert!(
        newest > 0,
        "relaunched instances are checked only after their grace period"
    );
}

#[test]
fn a_queue_service_that_others_call_never_drops_a_negative_number_of_jobs() {
    let mut s = mini();
    // The api calls the jobs service too: its demand is more than the jobs it processes.
    s.services[1].needs.retain(|n| n.on != "api");
    s.services[0].needs.push(scenario::Need {
        on: "jobs".into(),
        share: 0.1,
        load: 1.0,
        stale_ok: false,
        replica: None,
    });
    s.faults = vec![fault("db", "01:00", "02:00", 0.5)];
    let mut w = world(s);
    let mut last = 0.0;
    while !w.is_over() {
        w.step();
        let m = w.latest().unwrap();
        assert!(m.tally.jobs_dropped >= last, "dropped jobs only grow");
        assert!(
            m.services[1].backlog >= -1e-9,
            "backlog {}",
            m.services[1].backlog
        );
        last = m.tally.jobs_dropped;
    }
    assert!(
        last > 0.0,
        "jobs failing at half the database's health are dropped"
    );
}

#[test]
fn a_requirement_that_is_not_the_action_s_own_toggle_says_what_is_needed() {
    let mut s = mini();
    let exec = s.actions.iter_mut().find(|a| a.id == "exec").unwrap();
    exec.requires.push(scenario::Requirement::Control(
        scenario::Control::IncidentChannel,
        true,
    ));
    let mut w = world(s);
    assert_eq!(
        act(&mut w, "exec", None).unwrap_err(),
        "needs incident channel open"
    );
    act(&mut w, "checks_off", None).unwrap();
    until(&mut w, "00:05");
    assert_eq!(
        act(&mut w, "checks_off", None).unwrap_err(),
        "health-check replacement: already off"
    );
}

#[test]
fn a_decision_changes_only_the_dice_it_causes() {
    // Two services with nothing between them; flaky checks on both. Restarting one of them
    // launches, boots and checks new instances there, and must leave every draw of the other alone.
    let mut s = mini();
    let mut other = s.services[0].clone();
    other.id = "search".into();
    other.name = "Search".into();
    other.traffic_share = 0.2;
    other.customer_facing = false;
    s.services.push(other);
    s.faults = vec![fault("db", "00:02", "03:00", 0.6)];
    for seed in [1, 2, 3, 4] {
        let mut quiet = World::new(Arc::new(s.clone()), seed);
        let mut restarted = World::new(Arc::new(s.clone()), seed);
        until(&mut quiet, "00:05");
        until(&mut restarted, "00:05");
        act(&mut restarted, "restart", Some("search")).unwrap();
        until(&mut quiet, "03:00");
        until(&mut restarted, "03:00");
        let api = |w: &World| -> Vec<_> {
            w.history()
                .iter()
                .map(|m| (m.services[0].serving, m.services[0].failed.to_bits()))
                .collect()
        };
        assert_eq!(
            api(&quiet),
            api(&restarted),
            "seed {seed}: api's night moved"
        );
        let search =
            |w: &World| -> Vec<_> { w.history().iter().map(|m| m.services[2].serving).collect() };
        assert_ne!(
            search(&quiet),
            search(&restarted),
            "the restart did something"
        );
    }
}

#[test]
fn a_busy_team_queues_decisions_for_whoever_comes_free_first() {
    let mut w = world(mini());
    act(&mut w, "page", None).unwrap();
    until(&mut w, "00:02");
    act(&mut w, "long", None).unwrap();
    // Paging takes nobody, so it is never refused for want of a responder.
    act(&mut w, "page", None).unwrap();
    let busy_until = w.crew().people()[0].busy_until;
    act(&mut w, "noop", None).unwrap();
    let queued = w.crew().pending().last().unwrap().clone();
    assert_eq!(
        queued.started, busy_until,
        "it starts when the on-call is free"
    );
    assert!(queued.done_at > busy_until);
    // The lead, paged at 00:00, arrives before the on-call is free and takes it: the work
    // starts the minute they arrive and takes its planned time.
    let noop = action(&w, "noop");
    let lead = person(&w, "lead");
    let arrives = w.crew().people()[lead].arriving_at.unwrap();
    assert!(arrives < queued.started, "the lead comes free first");
    w.run_until(arrives + 1);
    let taken = w
        .crew()
        .pending()
        .iter()
        .find(|p| p.action == noop)
        .cloned();
    let minutes = queued.done_at - queued.started;
    match taken {
        Some(p) => assert_eq!(
            (p.by, p.started, p.done_at),
            (lead, arrives, arrives + minutes)
        ),
        None => assert!(w.crew().done(noop) && minutes <= 1),
    }
    assert!(
        w.events()
            .iter()
            .any(|e| e.at == arrives && e.text.contains("is free and takes it")),
        "the channel says who took it"
    );
    w.run_until(arrives + minutes + 1);
    assert!(w.crew().done(noop));
}

#[test]
fn a_consequence_never_starts_before_its_cause_and_the_gray_zone_is_drawn() {
    let s = Arc::new(crate::scenario::builtin(crate::scenario::FLAGSHIP).unwrap());
    let ix = super::compiled::Compiled::new(&s);
    let mut zones = std::collections::BTreeSet::new();
    for seed in 0..100 {
        let w = World::new(s.clone(), seed);
        let win = w.provider().windows();
        for (i, c) in ix.fault_cause.iter().enumerate() {
            if let Some(c) = *c {
                assert!(
                    win[i].0 >= win[c].0,
                    "seed {seed}: fault {i} starts before its cause {c}"
                );
            }
        }
        zones.insert(w.provider().drawn()[0]);
        let nlb = s.provider.iter().position(|p| p.id == "nlb").unwrap();
        let mut w = w;
        w.run_until(s.minute_of(t("08:00")));
        assert!(
            w.provider().worst(nlb) < 0.6,
            "seed {seed}: the gray zone's NLB flaps at 08:00"
        );
        assert!(w.provider().health(nlb, w.provider().drawn()[0]) < 0.6);
    }
    assert_eq!(
        zones.len(),
        3,
        "over 100 seeds every zone is drawn gray at least once"
    );
}

#[test]
fn declaring_a_sev1_raises_to_it_in_one_step() {
    let s = Arc::new(crate::scenario::builtin("black-friday-card-gateway").unwrap());
    let mut w = World::new(s.clone(), 1);
    let a = s
        .actions
        .iter()
        .position(|x| x.id == "escalate_severity")
        .unwrap();
    assert_eq!(s.actions[a].name, "Declare a SEV1");
    w.act(a, None).unwrap();
    w.run_until(w.minute() + 10);
    assert_eq!(w.levers().severity(), 1);
}

#[test]
fn a_repair_ends_its_fault_then_and_not_before_it_began() {
    let mut s = mini();
    let mut outage = fault("db", "01:00", "03:00", 0.0);
    outage.id = "db-out".into();
    s.faults = vec![outage];
    s.actions.push(scenario::ActionDef {
        id: "repair".into(),
        name: "Repair the database".into(),
        description: String::new(),
        minutes: 10,
        target: scenario::TargetKind::None,
        tools: vec![],
        requires: vec![],
        effects: vec![scenario::Effect::EndFault("db-out".into())],
        undo: None,
    });
    let db = 0;
    // Repaired during the outage: the database is back when the repair lands.
    let mut w = world(s.clone());
    until(&mut w, "01:30");
    let done = 90 + act(&mut w, "repair", None).unwrap();
    w.run_until(done);
    assert_eq!(
        w.provider().health(db, 0),
        0.0,
        "still down in the last minute of work"
    );
    w.run_until(done + 1);
    assert_eq!(w.provider().health(db, 0), 1.0);
    assert_eq!(w.provider().windows()[0], (60, done));
    until(&mut w, "02:30");
    assert_eq!(w.provider().health(db, 0), 1.0);
    // Repaired before it began: nothing to repair, and the outage comes as written.
    let mut w = world(s);
    until(&mut w, "00:30");
    act(&mut w, "repair", None).unwrap();
    until(&mut w, "01:30");
    assert_eq!(w.provider().health(db, 0), 0.0);
    assert_eq!(w.provider().windows()[0], (60, 180));
}

#[test]
fn whoever_a_decision_waited_for_is_free_sooner_once_it_is_taken_over() {
    let mut w = world(mini());
    act(&mut w, "page", None).unwrap();
    until(&mut w, "00:02");
    act(&mut w, "long", None).unwrap();
    let long_done = w.crew().people()[0].busy_until;
    act(&mut w, "noop", None).unwrap();
    act(&mut w, "status", None).unwrap();
    assert!(
        w.crew().people()[0].busy_until > long_done,
        "two queued behind"
    );
    let lead = person(&w, "lead");
    let arrives = w.crew().people()[lead].arriving_at.unwrap();
    w.run_until(arrives + 5);
    // The lead took both waiting decisions; the on-call is busy only with the long job.
    assert!(w.crew().pending().iter().all(|p| p.by == 0));
    assert_eq!(w.crew().people()[0].busy_until, long_done);
}
