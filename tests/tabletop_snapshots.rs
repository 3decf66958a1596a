//! The facilitator's console and the nights played again, drawn into a test backend: a round of
//! the clock, the rationale and owner of a decision, the injects, the facilitator's notes, the
//! decisions to rewind to, and the debrief that sets the line left behind beside the night.

use std::sync::Arc;

use blastradius::scenario::{self, Scenario};
use blastradius::ui::{self, App, Mode, Tabletop, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SEED: u64 = 7;

/// The frozen flagship of the UI snapshots (see tests/ui_snapshots.rs).
fn flagship() -> Arc<Scenario> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ui/flagship-frozen.ron"
    );
    Arc::new(scenario::load_path(std::path::Path::new(path)).unwrap_or_else(|d| panic!("{d}")))
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    t.backend().to_string()
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// A tabletop of ten-minute rounds with three roles and no discussion timer.
fn table() -> App {
    let mut app = App::new(flagship(), SEED, 60.0, Theme::PLAIN);
    app.run_tabletop(Tabletop::new(
        10,
        0,
        vec!["IC".into(), "Comms".into(), "Ops".into()],
    ));
    app
}

#[test]
fn a_round_moves_the_clock_only_on_the_facilitators_key() {
    let mut app = table();
    assert!(
        !app.clock_runs(),
        "the clock never runs by itself at the table"
    );
    assert!(!app.tick(std::time::Duration::from_secs(600)));
    assert_eq!(app.now(), 0);
    typed(&mut app, " ");
    assert_eq!(app.now(), 10);
    typed(&mut app, " ");
    assert_eq!(app.now(), 20);
    insta::assert_snapshot!("tabletop_console", screen(&app, 120, 40));
}

#[test]
fn a_decision_at_the_table_carries_its_rationale_and_owner() {
    let mut app = table();
    typed(&mut app, " ");
    typed(&mut app, ":freeze");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.mode, Mode::Note(_)),
        "the rationale is asked for"
    );
    typed(&mut app, "hold the AMI refresh");
    // The key bar says what Enter does here, as the box does: it goes on to the owner.
    let asked = screen(&app, 80, 24);
    assert!(asked.contains("Enter  next: who owns it"), "{asked}");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Owner { .. }));
    insta::assert_snapshot!("tabletop_owner", screen(&app, 80, 24));
    typed(&mut app, "Priya");
    key(&mut app, KeyCode::Enter);
    let d = app.session.log().last().expect("taken");
    assert_eq!(d.owner.as_deref(), Some("Priya"));
    assert_eq!(d.note.as_deref(), Some("hold the AMI refresh"));
    assert!(app.owners().contains(&"Priya".to_string()), "offered again");
    assert!(screen(&app, 120, 40).contains("Freeze CI/CD (Priya)"));
}

/// An inject said by one of the night's people is true only while they are awake: the COO
/// starts her day at 07:34, so her call for an ETA at 00:03 would be a line the world
/// contradicts, however bad the error rate.
#[test]
fn an_inject_from_a_person_asleep_is_not_true_of_the_night() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let coo = s.injects.iter().position(|x| x.id == "coo-eta").unwrap();
    let rollback = s
        .injects
        .iter()
        .position(|x| x.id == "rollback-idea")
        .unwrap();
    let mut night = blastradius::session::Session::new(s.clone(), 4);
    // Nobody asks for a rollback while all is well.
    assert!(
        !night.inject_true_now(rollback),
        "at 23:43 nothing is wrong"
    );
    night.run_until(s.minute_of(scenario::TimeOfDay::parse("00:03").unwrap()));
    assert!(night.inject_true_now(rollback), "at 00:03 errors are up");
    let api = night.world().latest().unwrap().services[0].error_rate();
    assert!(api > 0.1, "what the line says holds ({api})");
    assert!(!night.inject_true_now(coo), "but she is asleep");
    assert!(night.fire_inject(coo).is_err());
    night.run_until(s.minute_of(scenario::TimeOfDay::parse("07:40").unwrap()));
    let api = night.world().latest().unwrap().services[0].error_rate();
    assert_eq!(night.inject_true_now(coo), api > 0.1, "awake at 07:40");
}

/// In the owner list, as in every list, 1-9 pick the n-th row (the hint says so), but only while
/// no name is begun: in a name typed, a digit is part of it.
#[test]
fn a_number_picks_an_owner_until_a_name_is_begun() {
    let mut app = table();
    let decide = |app: &mut App, action: &str| {
        typed(app, &format!(":{action}"));
        key(app, KeyCode::Enter);
        key(app, KeyCode::Enter);
        assert!(matches!(app.mode, Mode::Owner { .. }), "{:?}", app.mode);
    };
    decide(&mut app, "freeze");
    let asked = screen(&app, 80, 24);
    assert!(asked.contains("1 IC") && asked.contains("3 Ops"), "{asked}");
    assert!(asked.contains("1-9 a role"), "{asked}");
    typed(&mut app, "3");
    assert!(matches!(app.mode, Mode::Playing), "{:?}", app.mode);
    let d = app.session.log().last().expect("taken");
    assert_eq!(d.owner.as_deref(), Some("Ops"));
    // Once a name is begun, digits are part of it; a number past the list is part of nothing.
    decide(&mut app, "open incident");
    typed(&mut app, "9");
    assert!(matches!(app.mode, Mode::Owner { .. }), "no ninth role");
    typed(&mut app, "Team 2");
    key(&mut app, KeyCode::Enter);
    let d = app.session.log().last().expect("taken");
    assert_eq!(d.owner.as_deref(), Some("Team 2"));
}

#[test]
fn injects_reach_the_channel_and_an_untrue_one_is_refused() {
    let mut app = table();
    typed(&mut app, "i");
    // At 23:43 nothing is failing yet: what the store manager would say is not true.
    insta::assert_snapshot!("tabletop_injects", screen(&app, 120, 40));
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.mode, Mode::Injects(0)),
        "refused, the list stays open"
    );
    assert!(app.session.injects().is_empty());
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.session.injects().len(), 1);
    let said = &app.session.world().events().last().unwrap().text;
    assert!(said.contains("roll it back"), "{said}");
    typed(&mut app, "i");
    let pool = app.scenario().injects.len();
    for _ in 0..pool {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "Dana (COO): where are we?");
    key(&mut app, KeyCode::Enter);
    let e = app.session.world().events().last().unwrap();
    assert_eq!(
        (e.from.as_str(), e.text.as_str()),
        ("Dana (COO)", "where are we?")
    );
    assert!(screen(&app, 120, 40).contains("where are we?"));
}

#[test]
fn the_facilitators_notes_hold_what_the_room_does_not_see() {
    let mut app = table();
    typed(&mut app, "   ");
    typed(&mut app, "f");
    let notes = screen(&app, 120, 40);
    assert!(
        notes.contains("The provider's truth") && notes.contains("DynamoDB"),
        "{notes}"
    );
    insta::assert_snapshot!("tabletop_notes", notes);
    typed(&mut app, "x");
    assert!(!screen(&app, 120, 40).contains("The provider's truth"));
}

/// On a small screen the notes hold more than the window: the last row says how much is below,
/// the arrows and PgUp/PgDn scroll them (↓ closed them: any key did), and any other key closes.
#[test]
fn the_facilitators_notes_scroll_on_a_small_screen() {
    let mut app = table();
    typed(&mut app, "   ");
    typed(&mut app, "f");
    let top = screen(&app, 80, 24);
    assert!(top.contains("more below"), "{top}");
    assert!(top.contains("↑/↓/PgUp/PgDn scroll"), "{top}");
    insta::assert_snapshot!("tabletop_notes_80x24", top);
    key(&mut app, KeyCode::Down);
    assert!(
        matches!(app.mode, Mode::Facilitator(_)),
        "↓ scrolls, not closes"
    );
    let down = screen(&app, 80, 24);
    assert_ne!(down, top, "a line down");
    for _ in 0..20 {
        key(&mut app, KeyCode::PageDown);
        let _ = screen(&app, 80, 24);
    }
    let bottom = screen(&app, 80, 24);
    assert!(!bottom.contains("more below"), "at the end: {bottom}");
    // Paging past the end stops there: one page up moves at once.
    key(&mut app, KeyCode::PageUp);
    assert_ne!(screen(&app, 80, 24), bottom);
    key(&mut app, KeyCode::Up);
    assert!(matches!(app.mode, Mode::Facilitator(_)));
    typed(&mut app, "x");
    assert!(!screen(&app, 80, 24).contains("The provider's truth"));
    assert!(matches!(app.mode, Mode::Playing));
}

#[test]
fn a_rewound_night_is_set_beside_the_line_left_behind() {
    let mut app = App::new(flagship(), SEED, 60.0, Theme::PLAIN);
    app.run_until(10);
    typed(&mut app, ":restart");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    app.run_until(60);
    typed(&mut app, "r");
    insta::assert_snapshot!("rewind_list", screen(&app, 80, 24));
    key(&mut app, KeyCode::Enter);
    assert_eq!(app.now(), 10);
    assert!(app.session.log().is_empty());
    typed(&mut app, ":disable health");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('e'));
    app.wait_for_debrief();
    let Mode::Debrief(d) = &app.mode else {
        panic!("the debrief")
    };
    let other = d.other.as_ref().expect("the line left behind");
    assert_eq!(other.parted, "23:53");
    assert!(other.blast_radius > d.blast_radius, "restarting cost more");
    let wide = screen(&app, 160, 48);
    assert!(wide.contains("Your other line (rewound to 23:53"), "{wide}");
    insta::assert_snapshot!("debrief_with_other_line", wide);
}

#[test]
fn no_size_panics_at_the_table() {
    let sizes = [
        (0, 0),
        (10, 5),
        (59, 17),
        (60, 18),
        (80, 24),
        (120, 40),
        (200, 60),
    ];
    let setups: Vec<fn(&mut App)> = vec![
        |a| typed(a, "i"),
        |a| {
            typed(a, "i");
            for _ in 0..20 {
                key(a, KeyCode::Down);
            }
            key(a, KeyCode::Enter);
            typed(
                a,
                "a long line typed by the facilitator that goes on and on past any edge",
            );
        },
        |a| typed(a, "f"),
        |a| {
            typed(a, ":freeze");
            key(a, KeyCode::Enter);
            key(a, KeyCode::Enter);
        },
        |a| typed(a, "r"),
    ];
    for setup in setups {
        let mut a = table();
        a.run_until(300);
        setup(&mut a);
        for (w, h) in sizes {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| ui::draw(f, &a)).unwrap();
        }
    }
}

/// Before the first round nothing has been measured: the sparklines and the health map's errors
/// say so ("—"), not 0 sales a minute and 0% failing beside a map of healthy services.
#[test]
fn the_first_screen_says_nothing_is_measured_yet() {
    let app = table();
    let s = screen(&app, 80, 24);
    assert!(s.contains("ok/min —"), "{s}");
    assert!(s.contains("failing —"), "{s}");
    assert!(!s.contains("ok/min 0 "), "{s}");
    // Nor do the health map's errors read a healthy 0.0%, or our calls all answered.
    assert!(!s.contains("0.0%"), "{s}");
    assert!(s.contains("our calls — none made yet"), "{s}");
    assert!(!s.contains("lately answered"), "{s}");
}
