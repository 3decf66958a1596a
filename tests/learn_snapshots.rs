//! The newcomer's screens drawn into a test backend, at 80×24 and 200×60: the guided night's stop
//! at the first critical page, each rung of the hint ladder, the glossary and the legend.

use std::sync::Arc;

use blastradius::scenario::{self, Scenario};
use blastradius::ui::{self, App, Mode, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SEED: u64 = 7;
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];

/// The flagship as it was when these snapshots were taken (teaching moments and hints included),
/// so tuning the live scenario does not move them. Copy the live file over it to follow it.
fn flagship() -> Arc<Scenario> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ui/flagship-learn.ron"
    );
    Arc::new(scenario::load_path(std::path::Path::new(path)).unwrap_or_else(|d| panic!("{d}")))
}

fn screen(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    t.backend().to_string()
}

fn key(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
}

fn snap_both(name: &str, app: &App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen(app, w, h));
    }
}

/// The guided night, each earlier stop closed at once, up to the stop at the first critical page.
fn at_the_first_critical_page() -> App {
    let s = flagship();
    let mut app = App::new(s.clone(), SEED, 60.0, Theme::COLOR).guided();
    loop {
        assert!(!app.session.is_over(), "the night ended without the stop");
        app.run_until(app.now() + 1);
        match app.mode {
            Mode::Moment(i) if s.teaching[i].id == "first-critical" => return app,
            _ => {
                app.mode = Mode::Playing;
                app.paused = false;
            }
        }
    }
}

#[test]
fn the_guided_night_stops_at_the_first_critical_page_and_explains_it() {
    let app = at_the_first_critical_page();
    assert!(!app.clock_runs(), "the clock is stopped");
    let big = screen(&app, 200, 60);
    assert!(
        big.contains("A critical page — the clock is stopped"),
        "{big}"
    );
    assert!(big.contains("declare how bad it is"), "{big}");
    snap_both("guided_stop", &app);
}

#[test]
fn each_rung_of_the_hint_ladder_shows_with_its_price() {
    let mut app = at_the_first_critical_page();
    key(&mut app, 'h');
    assert!(matches!(
        app.mode,
        Mode::Hint {
            lesson: Some(_),
            ..
        }
    ));
    assert!(
        app.session.hints().is_empty(),
        "opening the ladder costs nothing"
    );
    let price = screen(&app, 200, 60);
    assert!(price.contains("take a nudge (counted)"), "{price}");
    for rung in 1..=3 {
        key(&mut app, 'h');
        assert_eq!(app.session.hints().len(), rung);
        snap_both(&format!("hint_rung_{rung}"), &app);
    }
    let all = screen(&app, 200, 60);
    assert!(all.contains("Hints taken tonight: 3"), "{all}");
    assert!(all.contains("disable_health_checks"), "{all}");
    // Every rung taken: neither the ladder nor the key bar offers another.
    assert!(!all.contains("take the next rung"), "{all}");
    key(&mut app, 'h');
    assert_eq!(app.session.hints().len(), 3, "no fourth rung");
    // With nothing left to take, 'h' closes the ladder as the footer says any key does (it did
    // nothing): back to the moment it was opened from.
    assert!(matches!(app.mode, Mode::Moment(_)), "{:?}", app.mode);
}

/// With no ladder at all ("No hint now"), 'h' closes it too.
#[test]
fn h_closes_a_hint_with_no_ladder() {
    let mut app = App::new(flagship(), SEED, 60.0, Theme::COLOR);
    app.mode = Mode::Hint {
        lesson: None,
        offered: false,
    };
    let text = screen(&app, 80, 24);
    assert!(text.contains("No hint now"), "{text}");
    assert!(!text.contains("take the next rung"), "{text}");
    key(&mut app, 'h');
    assert!(matches!(app.mode, Mode::Playing), "{:?}", app.mode);
    assert!(app.session.hints().is_empty());
}

/// The nudge the guide offers by itself names every key that does something there: `h` takes it,
/// `:` acts (declining it), any other key carries on.
#[test]
fn an_offered_nudge_names_its_keys() {
    let mut app = App::new(flagship(), SEED, 60.0, Theme::COLOR).guided();
    app.pause_on_critical = false;
    while !matches!(app.mode, Mode::Hint { offered: true, .. }) {
        assert!(!app.session.is_over(), "the night ended without an offer");
        app.mode = Mode::Playing;
        app.paused = false;
        app.run_until(app.now() + 1);
    }
    for (w, h) in SIZES {
        let s = screen(&app, w, h);
        assert!(s.contains(": opens the palette instead"), "{s}");
        assert!(s.contains("· : act ·"), "the offer's footer names ':': {s}");
    }
    snap_both("hint_offered", &app);
}

#[test]
fn the_glossary_and_the_legend() {
    let mut app = at_the_first_critical_page();
    key(&mut app, 'g');
    assert!(matches!(app.mode, Mode::Glossary(0)));
    snap_both("glossary", &app);
    key(&mut app, 'x');
    assert!(
        matches!(app.mode, Mode::Moment(_)),
        "closing the glossary goes back to the moment it was opened from"
    );
    key(&mut app, 'n');
    assert!(
        matches!(app.mode, Mode::Moment(_)),
        "n does not skip a moment"
    );
    key(&mut app, ' ');
    assert!(matches!(app.mode, Mode::Playing));
    key(&mut app, '?');
    key(&mut app, 'l');
    assert!(matches!(app.mode, Mode::Legend(0)));
    let big = screen(&app, 200, 60);
    for mark in ["12/8", "⇠", "●", "third-party"] {
        assert!(big.contains(mark), "the legend lacks {mark}: {big}");
    }
    snap_both("legend", &app);
    key(&mut app, 'x');
    assert!(matches!(app.mode, Mode::Help), "back to the help");
}

#[test]
fn skipping_ahead_stops_at_the_next_event() {
    let s = flagship();
    let mut app = App::new(s, SEED, 60.0, Theme::COLOR);
    app.run_until(2);
    let before = (app.now(), app.session.world().events().len());
    key(&mut app, 'n');
    assert!(app.now() > before.0);
    assert!(app.session.world().events().len() > before.1 || app.now() >= before.0 + 120);
}

#[test]
fn pause_on_critical_pauses_play_once_per_page() {
    let s = flagship();
    let mut app = App::new(s, SEED, 60.0, Theme::COLOR);
    app.pause_on_critical = true;
    let mut paused_at = Vec::new();
    while app.now() < 120 {
        app.tick(std::time::Duration::from_secs(1));
        if app.paused {
            paused_at.push(app.now());
            app.paused = false;
        }
    }
    assert!(!paused_at.is_empty(), "a critical page paused the clock");
    let mut once = paused_at.clone();
    once.dedup();
    assert_eq!(once, paused_at);
}

/// At a teaching moment '?' shows every key, as the first card says it does, and closing the help
/// comes back to the moment, its clock still stopped.
#[test]
fn help_opens_from_a_teaching_moment_and_returns_to_it() {
    let mut app = at_the_first_critical_page();
    let before = std::mem::discriminant(&app.mode);
    key(&mut app, '?');
    assert!(matches!(app.mode, Mode::Help), "{:?}", app.mode);
    key(&mut app, 'x');
    assert_eq!(
        std::mem::discriminant(&app.mode),
        before,
        "back at the moment"
    );
    assert!(!app.clock_runs(), "the clock is still stopped");
}

/// The welcome card's text as the flagship shipped it when a play-tester found its keys cut at
/// 60×18 ("… · g the", the glossary lost): longer than the frozen fixture's.
const WELCOME: &str = "You are the on-call for a point-of-sale platform: shops ring up sales through our POS API (api), which runs on instances in three availability zones. Top left, the health map: our services by zone (serving/normal), and below them our own calls to the cloud provider. Around it: the pager, the charts and the incident channel. The clock runs by itself (the top bar shows how fast); it stops here when something matters. Press g for the glossary, ? for every key, h for a hint.";

/// At the smallest size the game draws in, nothing a newcomer needs is cut: the welcome card's
/// text and every key under it, and the quiet channel's line saying what to press.
#[test]
fn the_first_screens_fit_the_smallest_terminal() {
    let mut s = (*flagship()).clone();
    let welcome = s.teaching.iter().position(|m| m.id == "welcome").unwrap();
    s.teaching[welcome].text = WELCOME.to_string();
    let mut app = App::new(Arc::new(s), SEED, 60.0, Theme::COLOR).guided();
    while !matches!(app.mode, Mode::Moment(i) if i == welcome) {
        assert!(app.now() < 10, "no welcome card");
        app.run_until(app.now() + 1);
    }
    for (w, h) in [(60, 18), (80, 24)] {
        let card = screen(&app, w, h);
        assert!(card.contains("for a hint."), "{w}×{h}: {card}");
        let keys_whole = card.contains("· g the glossary");
        let keys_wrapped = card.contains("· g the ") && card.contains("│glossary ");
        assert!(keys_whole || keys_wrapped, "{w}×{h}: {card}");
        insta::assert_snapshot!(format!("welcome_{w}x{h}"), card);
    }
    key(&mut app, ' ');
    assert!(matches!(app.mode, Mode::Playing));
    app.run_until(app.now() + 1);
    for (w, h) in [(60, 18), (80, 24)] {
        let quiet = screen(&app, w, h);
        assert!(quiet.contains("Quiet so far."), "{w}×{h}: {quiet}");
        assert!(quiet.contains("? for help."), "{w}×{h}: {quiet}");
    }
    insta::assert_snapshot!("quiet_channel_60x18", screen(&app, 60, 18));
}
