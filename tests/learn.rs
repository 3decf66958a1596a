//! The guided night, headless: where the clock stops on the flagship and on Black Friday, that
//! hints are counted, recorded, replayed and shown, and that a teaching moment never waits on the
//! provider's hidden truth.

use std::sync::Arc;

use blastradius::scenario::{self, Scenario, TimeOfDay};
use blastradius::session::{self, Debrief, Script, coach, record_of};
use blastradius::ui::{App, Mode, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn night(id: &str) -> Arc<Scenario> {
    Arc::new(scenario::builtin(id).expect("a built-in scenario"))
}

/// Play the guided night with nobody deciding anything, closing each stop at once: the minute and
/// title of every stop, in order.
fn stops(id: &str, seed: u64) -> Vec<(String, String)> {
    let s = night(id);
    let mut app = App::new(s.clone(), seed, 60.0, Theme::PLAIN).guided();
    app.pause_on_critical = false;
    let mut out = Vec::new();
    while !app.session.is_over() {
        app.run_until(app.now() + 1);
        if let Mode::Moment(i) = app.mode {
            out.push((
                s.clock_at(app.clock_minute()).to_string(),
                s.teaching[i].title.clone(),
            ));
        }
        if !matches!(app.mode, Mode::Weighing | Mode::Debrief(_)) {
            app.mode = Mode::Playing;
        }
    }
    out
}

#[test]
fn the_flagship_stops_at_the_first_critical_page_and_each_moment_once() {
    let got = stops(scenario::FLAGSHIP, 7);
    let titles: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
    for want in [
        "Your first night",
        "Errors are climbing",
        "A critical page",
        "Launches are failing",
        "The commander is tired",
        "Something odd in one zone",
    ] {
        assert!(titles.contains(&want), "no stop {want:?} in {got:?}");
    }
    let mut seen = titles.clone();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), titles.len(), "a moment stopped twice: {got:?}");
    let critical = got.iter().find(|(_, t)| t == "A critical page").unwrap();
    assert!(critical.0.as_str() < "23:59", "{critical:?}");
}

/// Once someone is paged, the guide no longer says to page someone: when they are on the
/// incident, it says to hand off command.
#[test]
fn the_tired_commander_is_told_what_is_left_to_do() {
    let s = night(scenario::FLAGSHIP);
    let mut app = App::new(s.clone(), 5, 60.0, Theme::PLAIN).guided();
    app.pause_on_critical = false;
    let page_at = s.minute_of(TimeOfDay::parse("23:55").unwrap());
    let until = s.minute_of(TimeOfDay::parse("01:00").unwrap());
    let mut titles = Vec::new();
    while app.now() < until {
        if app.now() == page_at {
            app.session.act_id("page_backend_lead", None, None).unwrap();
        }
        app.run_until(app.now() + 1);
        if let Mode::Moment(i) = app.mode {
            titles.push(s.teaching[i].title.clone());
        }
        app.mode = Mode::Playing;
    }
    assert!(
        !titles.iter().any(|t| t == "The commander is tired"),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t == "Someone fresh is here"),
        "{titles:?}"
    );
}

#[test]
fn black_friday_teaches_its_own_night() {
    let got = stops("black-friday-card-gateway", 3);
    let titles: Vec<&str> = got.iter().map(|(_, t)| t.as_str()).collect();
    for want in [
        "Black Friday, 09:00",
        "Payments are failing",
        "A critical page",
        "The flash sale opens",
    ] {
        assert!(titles.contains(&want), "no stop {want:?} in {got:?}");
    }
}

#[test]
fn no_hint_tells_of_trouble_before_anything_pages() {
    // 23:44 on the flagship: every service green, nothing paged but the nightly check. The
    // expert's first step is at 23:50, once errors climb: no ladder yet, nothing to pay for.
    let s = night(scenario::FLAGSHIP);
    let mut live = session::Session::new(s.clone(), 5);
    live.run_until(s.minute_of(TimeOfDay::parse("23:44").unwrap()));
    assert_eq!(coach::lesson_now(live.world()), None);
    // Once something pages, the ladder for the step that is coming opens.
    let paged = (0..30)
        .find(|_| {
            live.step();
            live.world().events().iter().any(|e| {
                matches!(
                    e.kind,
                    blastradius::sim::EventKind::Alert(
                        scenario::Severity::Warning | scenario::Severity::Critical
                    )
                )
            })
        })
        .expect("something pages within half an hour");
    assert!(
        coach::lesson_now(live.world()).is_some(),
        "a ladder once trouble has paged (after {paged} more minutes)"
    );
}

#[test]
fn hints_are_counted_recorded_replayed_and_make_the_grade_assisted() {
    let s = night(scenario::FLAGSHIP);
    let mut live = session::Session::new(s.clone(), 5);
    live.run_until(s.minute_of(TimeOfDay::parse("23:56").unwrap()));
    let lesson = coach::lesson_now(live.world()).expect("a lesson is due at 23:56");
    assert_eq!(s.lessons[lesson].id, "static-stability");
    assert_eq!(live.take_hint(lesson).map(|h| h.rung), Some(1));
    assert_eq!(live.take_hint(lesson).map(|h| h.rung), Some(2));
    live.act_id("disable_health_checks", None, None).unwrap();
    assert_eq!(live.take_hint(lesson).map(|h| h.rung), Some(3));
    assert_eq!(live.take_hint(lesson), None, "three rungs, no more");
    // Applied now: the next lesson is another.
    live.run_until(s.minute_of(TimeOfDay::parse("00:01").unwrap()));
    assert_ne!(coach::lesson_now(live.world()), Some(lesson));
    live.run_to_end();

    let script = record_of(&live);
    let text = script.to_ron("a header");
    assert!(text.contains("hint: \"static-stability\""), "{text}");
    let back = Script::parse("night.ron", &text, &s).unwrap_or_else(|d| panic!("{d}"));
    let replay = session::run(s.clone(), 5, &back);
    assert_eq!(replay.hints(), live.hints());
    assert_eq!(replay.blast_radius(), live.blast_radius());

    let d = Debrief::summary(&replay);
    assert_eq!(d.hints.len(), 3);
    assert!(
        d.grade_label().contains("assisted (3 hints)"),
        "{}",
        d.grade_label()
    );
    let json = serde_json::to_value(blastradius::report::summary(&d)).unwrap();
    assert_eq!(json["assisted"], true);
    assert_eq!(json["hints"].as_array().unwrap().len(), 3);
    assert!(blastradius::report::markdown(&d).contains("Hints taken: 3"));
    assert!(blastradius::report::text(&d).contains("hints taken (3)"));
}

#[test]
fn a_script_hint_must_name_a_lesson_with_hints() {
    let s = night(scenario::FLAGSHIP);
    let bad = r#"[(at: "23:50", hint: "running-things-work"), (at: "23:51", hint: "nope"), (at: "23:52", action: "freeze_cicd", hint: "no-change"), (at: "23:53")]"#;
    let e = Script::parse("bad.ron", bad, &s).unwrap_err().to_string();
    assert!(
        e.contains("\"running-things-work\" is not a lesson with hints"),
        "{e}"
    );
    assert!(e.contains("\"nope\""), "{e}");
    assert!(e.contains("not both"), "{e}");
    assert!(e.contains("needs an action"), "{e}");
}

#[test]
fn the_guide_offers_a_nudge_when_a_window_closes() {
    let s = night(scenario::FLAGSHIP);
    let mut app = App::new(s.clone(), 2, 60.0, Theme::PLAIN).guided();
    app.pause_on_critical = false;
    let mut offered = None;
    while !app.session.is_over() && app.now() < s.minute_of(TimeOfDay::parse("00:30").unwrap()) {
        app.run_until(app.now() + 1);
        if let Mode::Hint {
            lesson,
            offered: true,
        } = app.mode
        {
            offered = lesson;
            break;
        }
        app.mode = Mode::Playing;
    }
    let lesson = offered.expect("a nudge by 00:30");
    assert!(app.session.hints().is_empty(), "offered, not yet taken");
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    app.handle_key(key('h'));
    assert_eq!(app.session.hints().len(), 1, "the nudge taken is counted");
    assert_eq!(app.session.hints()[0].lesson, lesson);
    // Declined, it is not offered again.
    let mut again = App::new(s.clone(), 2, 60.0, Theme::PLAIN).guided();
    again.pause_on_critical = false;
    let mut offers = 0;
    while !again.session.is_over() && again.now() < s.minute_of(TimeOfDay::parse("01:30").unwrap())
    {
        again.run_until(again.now() + 1);
        if matches!(again.mode, Mode::Hint { lesson: l, offered: true } if l == Some(lesson)) {
            offers += 1;
            again.handle_key(key('x'));
        }
        again.mode = Mode::Playing;
    }
    assert_eq!(offers, 1);
    assert!(
        again.session.hints().is_empty(),
        "declined: nothing counted"
    );
}

/// A player typing `:` to act when the guide pops a nudge up: the `:` declines the offer and opens
/// the palette, and the letters after it go to the palette's filter (they were shortcuts: `a`
/// acknowledged the pager, `r` opened the rewind list).
#[test]
fn colon_at_an_offered_nudge_declines_it_and_opens_the_palette() {
    let s = night(scenario::FLAGSHIP);
    let mut app = App::new(s.clone(), 2, 60.0, Theme::PLAIN).guided();
    app.pause_on_critical = false;
    while !matches!(app.mode, Mode::Hint { offered: true, .. }) {
        assert!(app.now() < s.minute_of(TimeOfDay::parse("00:30").unwrap()));
        app.mode = Mode::Playing;
        app.run_until(app.now() + 1);
    }
    let unacked = app.unacked();
    assert!(unacked > 0, "the pager has something to acknowledge");
    for c in ":ar".chars() {
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    let Mode::Palette(p) = &app.mode else {
        panic!("the palette is open: {:?}", app.mode)
    };
    assert_eq!(p.query, "ar", "the letters after ':' went to the filter");
    assert_eq!(app.unacked(), unacked, "nothing was acknowledged");
    assert!(app.session.hints().is_empty(), "declined: nothing counted");
    // Closing the palette goes back to the night, not to the offer.
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(matches!(app.mode, Mode::Playing), "{:?}", app.mode);
}

#[test]
fn teaching_moments_never_wait_on_the_hidden_truth() {
    let src = std::fs::read_to_string("scenarios/us-east-1-2025-10-20.ron").unwrap();
    let with = src.replacen(
        "when: All([LaunchesFailing(\"api\"), CapacityBelow(\"api\", 0.97)]), title",
        "when: ProviderBelow(\"ec2\", 0.5), title",
        1,
    );
    assert_ne!(src, with);
    let e = scenario::load_str("x.ron", &with).unwrap_err().to_string();
    assert!(e.contains("hidden truth"), "{e}");
}

#[test]
fn learn_outside_a_terminal_says_how_to_play_headless() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_blastradius"))
        .args(["learn", "black-friday-card-gateway"])
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("blastradius learn needs a terminal"), "{err}");
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_blastradius"))
        .args(["learn", "--pause-on-critical=maybe"])
        .output()
        .expect("the binary runs");
    assert_eq!(bad.status.code(), Some(2), "a usage error");
}

#[test]
fn advice_after_a_night_names_what_to_practise_and_what_next() {
    let s = night(scenario::FLAGSHIP);
    let nothing = session::run(s.clone(), 4, &Script::default());
    let d = Debrief::summary(&nothing);
    let ids: Vec<&str> = scenario::BUILTIN.iter().map(|b| b.0).collect();
    let a = coach::advice(&d, &s, &ids);
    assert!(a.well.is_empty(), "{a:?}");
    assert!(!a.practise.is_empty(), "{a:?}");
    assert!(
        !a.practise
            .iter()
            .any(|p| p.starts_with("Running things keep working")),
        "a lesson only breaking can mark is no gap when missed: {a:?}"
    );
    assert_eq!(a.next, format!("blastradius learn {} --seed 5", s.id));
    let expert = session::run(s.clone(), 4, &Script::expert(&s));
    let a = coach::advice(&Debrief::summary(&expert), &s, &ids);
    assert!(!a.well.is_empty(), "{a:?}");
    assert!(
        a.next.starts_with("blastradius learn black-friday"),
        "{a:?}"
    );
}

/// A lesson kept in part is never said bare in both lists: "in part" among what went well, and
/// with the decision that cost among what to practise.
#[test]
fn advice_says_a_lesson_kept_in_part_as_that() {
    let s = night(scenario::FLAGSHIP);
    let mut d = Debrief::summary(&session::run(s.clone(), 4, &Script::default()));
    let l = &mut d.lessons[0];
    l.mark = blastradius::session::Mark::Both;
    l.evidence = vec![
        "done, but it cost: 23:55 Escalate severity: −2,273 cost".into(),
        "00:48 Update our status page: +276 saved".into(),
    ];
    let title = l.title.clone();
    let ids: Vec<&str> = scenario::BUILTIN.iter().map(|b| b.0).collect();
    let a = coach::advice(&d, &s, &ids);
    assert!(a.well.contains(&format!("{title}, in part")), "{a:?}");
    assert!(
        a.practise.contains(&format!(
            "{title}, the part that cost: 23:55 Escalate severity: −2,273 cost"
        )),
        "{a:?}"
    );
    assert!(
        !a.well.contains(&title) && !a.practise.contains(&title),
        "{a:?}"
    );
}

/// Leaving asks first from a teaching card too, and a "no" brings the card back.
#[test]
fn a_teaching_card_can_be_left_and_comes_back_when_leaving_is_declined() {
    let s = night(scenario::FLAGSHIP);
    let mut app = App::new(s.clone(), 3, 60.0, Theme::PLAIN).guided();
    app.run_until(app.now() + 1);
    let Mode::Moment(card) = app.mode else {
        panic!("the first minute opens the welcome card: {:?}", app.mode);
    };
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    app.handle_key(key('q'));
    assert!(matches!(app.mode, Mode::ConfirmQuit), "{:?}", app.mode);
    app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
    assert!(
        matches!(app.mode, Mode::Moment(i) if i == card),
        "{:?}",
        app.mode
    );
    app.handle_key(key('q'));
    assert_eq!(app.handle_key(key('y')), blastradius::ui::Control::Quit);
}
