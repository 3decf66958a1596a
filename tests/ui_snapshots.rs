//! The terminal UI drawn into a test backend: snapshots of the main screen at fixed times, the
//! palette, help, the small-terminal message and the debrief; and the keys, the clock and every
//! terminal size, driven without a terminal or a wall clock.

use std::sync::Arc;
use std::time::Duration;

use blastradius::scenario::{self, Scenario};
use blastradius::ui::{self, App, Control, Mode, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

const SEED: u64 = 7;

/// The flagship night as it was when these snapshots were taken, so tuning the live scenario does
/// not move them. Copy `scenarios/us-east-1-2025-10-20.ron` over it (and review the snapshots) to
/// follow the scenario on purpose.
fn flagship() -> Arc<Scenario> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ui/flagship-frozen.ron"
    );
    Arc::new(scenario::load_path(std::path::Path::new(path)).unwrap_or_else(|d| panic!("{d}")))
}

/// The media company's storage outage: a fixture that uses every field of the format.
fn media() -> Arc<Scenario> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/media-storage.ron"
    );
    Arc::new(scenario::load_path(std::path::Path::new(path)).unwrap_or_else(|d| panic!("{d}")))
}

fn app_at(time: &str) -> App {
    let s = flagship();
    let m = s.minute_of(scenario::TimeOfDay::parse(time).unwrap());
    let mut app = App::new(s, SEED, 60.0, Theme::COLOR);
    app.run_until(m);
    app
}

fn render(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| ui::draw(f, app)).unwrap();
    t
}

fn screen(app: &App, w: u16, h: u16) -> String {
    render(app, w, h).backend().to_string()
}

fn key(app: &mut App, code: KeyCode) -> Control {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

/// The rows as the terminal shows them: a wide character covers the cell after it.
fn rows_of(buf: &Buffer) -> Vec<String> {
    let mut rows = Vec::new();
    for y in 0..buf.area.height {
        let mut row = String::new();
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            row.push_str(sym);
        }
        rows.push(row);
    }
    rows
}

fn text_of(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn main_screen_at_2350() {
    insta::assert_snapshot!(screen(&app_at("23:50"), 160, 48));
}

#[test]
fn main_screen_at_0200() {
    let mut app = app_at("00:05");
    typed(&mut app, ":disable health");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, ":freeze");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "the 01:30 AMI refresh");
    key(&mut app, KeyCode::Enter);
    app.run_until(flagship().minute_of(scenario::TimeOfDay::parse("02:00").unwrap()));
    insta::assert_snapshot!(screen(&app, 160, 48));
}

#[test]
fn main_screen_at_0700() {
    insta::assert_snapshot!(screen(&app_at("07:00"), 160, 48));
}

#[test]
fn main_screen_at_0200_on_80x24() {
    insta::assert_snapshot!(screen(&app_at("02:00"), 80, 24));
}

#[test]
fn palette_finds_freeze_cicd() {
    let mut app = app_at("00:10");
    typed(&mut app, ":freeze");
    insta::assert_snapshot!(screen(&app, 120, 40));
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Playing));
    let d = app.session.log().last().expect("a decision");
    assert_eq!(d.act.id(app.scenario()), "freeze_cicd");
    assert!(d.accepted(), "{:?}", d.refusal);
    assert!(screen(&app, 120, 40).contains("Freeze CI/CD"));
}

/// The palette uses the width it has before cutting: at 80 columns whole names (they were cut at
/// 34 columns with 20 blank on the right), at 200 whole lines of what each action would do (they
/// were cut in a palette of 104 columns).
#[test]
fn the_palette_cuts_nothing_it_has_room_for() {
    let mut app = app_at("23:50");
    typed(&mut app, ":");
    let wide = screen(&app, 200, 60);
    for whole in [
        "3+ min, by Alex (on-call); pick a target",
        "not now: nobody else is on the incident yet: page someone first",
    ] {
        assert!(wide.contains(whole), "200x60 lacks {whole:?}:\n{wide}");
    }
    typed(&mut app, "disable");
    let small = screen(&app, 80, 24);
    assert!(
        small.contains("Disable automated health-check replacement "),
        "{small}"
    );
    insta::assert_snapshot!("palette_on_80x24", small);
    key(&mut app, KeyCode::Esc);
    typed(&mut app, ":resume");
    let small = screen(&app, 80, 24);
    assert!(
        small.contains("Resume background jobs (all at once) "),
        "{small}"
    );
}

/// An info item on the pager (the nightly check) is not an alert: the top bar said "! 1 new
/// alert" when it was the only thing new. It counts warnings and criticals; the pager counts
/// every new item.
#[test]
fn the_top_bar_counts_alerts_not_info_items() {
    let app = app_at("23:44");
    let text = screen(&app, 200, 60);
    let top = text.lines().next().unwrap();
    assert!(text.contains("i INFO Nightly check"), "{text}");
    assert!(text.contains("Pager — 1 new"), "{text}");
    assert!(!top.contains("new alert"), "{top}");
    assert_eq!((app.unacked(), app.unacked_alerts()), (1, 0));
    let later = app_at("00:10");
    let n = later.unacked_alerts();
    assert!(n > 0 && n < later.unacked(), "{n} of {}", later.unacked());
    let text = screen(&later, 200, 60);
    let top = text.lines().next().unwrap();
    assert!(top.contains(&format!("! {n} new alerts")), "{top}");
}

#[test]
fn targeted_actions_ask_for_the_target() {
    let mut app = app_at("06:30");
    typed(&mut app, ":zonal");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Target { .. }));
    insta::assert_snapshot!(screen(&app, 100, 30));
    key(&mut app, KeyCode::Char('3'));
    let d = app.session.log().last().unwrap();
    assert_eq!(
        (d.act.id(app.scenario()), d.act.target_name(app.scenario())),
        ("zonal_shift", Some("use1-az4"))
    );
}

#[test]
fn help_lists_every_key() {
    let mut app = app_at("23:50");
    key(&mut app, KeyCode::Char('?'));
    let s = screen(&app, 100, 32);
    let bindings = ui::keys::GLOBAL
        .iter()
        .chain(ui::keys::table(ui::Context::Playing));
    for b in bindings {
        assert!(s.contains(b.label()), "help lacks {}", b.label());
        let said = &ui::strings::strings().said(b.intent).help;
        assert!(s.contains(said.as_str()), "help lacks {said:?}");
    }
    insta::assert_snapshot!(s);
    // On a small screen the keys stay; the paragraph on how the game works gives way.
    let small = screen(&app, 80, 24);
    assert!(small.contains("any key closes"), "{small}");
    insta::assert_snapshot!("help_on_80x24", small);
}

#[test]
fn leaving_asks_first_with_the_keys_of_its_table() {
    let mut app = app_at("23:50");
    key(&mut app, KeyCode::Char('q'));
    let s = screen(&app, 100, 30);
    for b in ui::keys::table(ui::Context::ConfirmQuit) {
        assert!(s.contains(b.label()), "the question lacks {}", b.label());
    }
    insta::assert_snapshot!(s);
}

#[test]
fn a_small_terminal_gets_one_line() {
    let app = app_at("23:50");
    insta::assert_snapshot!(screen(&app, 59, 17));
}

/// Below the smallest size the message wraps over the rows there are, so the size needed is never
/// cut off; where even that does not fit, the short form puts the sizes first.
#[test]
fn a_tiny_terminal_is_told_the_size_it_needs() {
    let app = app_at("23:50");
    let small = screen(&app, 20, 5);
    assert!(small.contains("60×18") && small.contains("20×5"), "{small}");
    insta::assert_snapshot!(small);
    for (w, h) in [(12, 4), (14, 2), (30, 1), (59, 1)] {
        let s = screen(&app, w, h);
        assert!(s.contains("60×18"), "{w}×{h}: {s}");
    }
    for (w, h) in [(30, 2), (59, 1), (44, 1)] {
        let s = screen(&app, w, h);
        assert!(s.contains(&format!("{w}×{h}")), "{w}×{h}: {s}");
    }
    for (w, h) in [(0, 0), (1, 1), (1, 17), (59, 0)] {
        render(&app, w, h);
    }
}

fn debrief_app() -> App {
    let mut app = app_at("23:56");
    // Refused: nobody else is on the incident yet.
    typed(&mut app, ":handoff");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, ":open incident");
    key(&mut app, KeyCode::Enter);
    app.run_until(20);
    typed(&mut app, ":restart");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    app.run_until(30);
    typed(&mut app, ":freeze");
    key(&mut app, KeyCode::Tab);
    typed(&mut app, "hold the AMI refresh");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('q'));
    assert!(matches!(app.mode, Mode::ConfirmQuit));
    key(&mut app, KeyCode::Char('e'));
    // The debrief is weighed off the render path; the screen says so meanwhile.
    assert!(matches!(app.mode, Mode::Weighing));
    assert!(screen(&app, 80, 24).contains("Weighing it"));
    app.wait_for_debrief();
    assert!(matches!(app.mode, Mode::Debrief(_)));
    app
}

/// A night from a file says how to play it again by that file, not by an id no command knows.
#[test]
fn the_debrief_names_a_file_scenario_by_its_file() {
    let s = flagship();
    let mut app = App::new(s.clone(), SEED, 60.0, Theme::COLOR);
    app.kept.scenario_file = Some("/home/sre/my nights/cert expiry.ron".into());
    app.run_until(s.length() + 1);
    app.wait_for_debrief();
    let text = screen(&app, 200, 60);
    assert!(
        text.contains("again: blastradius play '/home/sre/my nights/cert expiry.ron' --seed 7"),
        "{text}"
    );
    let mut built_in = App::new(s.clone(), SEED, 60.0, Theme::COLOR);
    built_in.run_until(s.length() + 1);
    built_in.wait_for_debrief();
    let text = screen(&built_in, 200, 60);
    assert!(
        text.contains(&format!("again: blastradius play {} --seed 7", s.id)),
        "{text}"
    );
}

#[test]
fn debrief_sets_the_night_beside_the_experts() {
    let mut app = debrief_app();
    let Mode::Debrief(d) = &app.mode else {
        unreachable!()
    };
    let refused = d
        .yours
        .iter()
        .find(|r| r.refusal.is_some())
        .expect("a refusal");
    assert_eq!(refused.worth, None, "a refused decision did nothing");
    assert_eq!(d.yours.len(), app.session.log().len());
    assert_eq!(d.expert.len(), app.scenario().expert.len());
    insta::assert_snapshot!("debrief_wide", screen(&app, 160, 48));
    insta::assert_snapshot!("debrief_small_summary", screen(&app, 80, 24));
    key(&mut app, KeyCode::Tab);
    insta::assert_snapshot!("debrief_small_chart", screen(&app, 80, 24));
    key(&mut app, KeyCode::Tab);
    insta::assert_snapshot!("debrief_small_decisions", screen(&app, 80, 24));
    key(&mut app, KeyCode::Tab);
    insta::assert_snapshot!("debrief_small_lessons", screen(&app, 80, 24));
    key(&mut app, KeyCode::Tab);
    let truth = screen(&app, 80, 24);
    assert!(truth.contains("What could be known, and when"), "{truth}");
    insta::assert_snapshot!("debrief_small_truth", truth);
    // A wide screen shows everything else at once: its page keys go to the truth and back.
    app.set_size(200, 60);
    key(&mut app, KeyCode::Tab);
    assert!(screen(&app, 200, 60).contains("Lessons"));
    key(&mut app, KeyCode::Left);
    insta::assert_snapshot!("debrief_wide_truth", screen(&app, 200, 60));
    key(&mut app, KeyCode::Tab);
    assert!(!screen(&app, 200, 60).contains("The provider's night, as it was"));
    assert_eq!(key(&mut app, KeyCode::Char('q')), Control::Quit);
}

/// Without colour the chart's lines are told apart by their marks, and its legend shows them.
#[test]
fn without_colour_the_charts_legend_shows_each_lines_mark() {
    let mut app = debrief_app();
    app.theme = Theme::PLAIN;
    key(&mut app, KeyCode::Tab);
    let chart = screen(&app, 80, 24);
    assert!(
        chart.contains("• you") && chart.contains("x expert"),
        "{chart}"
    );
}

/// On a wide screen the breakdown's box shows every row: the organisation's share was cut after
/// its fifth row (fatigue and the footnote hidden, the rows not adding up to the total shown).
#[test]
fn the_wide_debrief_breakdown_shows_every_row() {
    let app = debrief_app();
    for (w, h) in [(200, 60), (160, 48), (120, 40)] {
        let text = screen(&app, w, h);
        for row in [
            "  fatigue (",
            "! more than a tenth worse than the expert's night",
        ] {
            assert!(text.contains(row), "{w}x{h} lacks {row:?}:\n{text}");
        }
    }
}

/// A night ended early is kept as left where the player left it: its log says so, and so does
/// the after-action report ("Left at 01:37"), though the rest is played out for the debrief; it
/// is not "played to the end of the night".
#[test]
fn a_night_ended_early_is_kept_as_left_where_it_was_left() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let mut app = App::new(s.clone(), SEED, 60.0, Theme::COLOR);
    let left = s.minute_of(scenario::TimeOfDay::parse("01:37").unwrap());
    app.run_until(left);
    app.end_night();
    assert!(app.session.is_over(), "the rest is played out");
    let log = app.kept_log();
    assert_eq!(log.reached, left);
    app.wait_for_debrief();
    // The debrief says it was left, and still gives the grade, on a small screen and a wide one.
    for (w, h) in [(80, 24), (200, 60)] {
        let text = text_of(render(&app, w, h).backend().buffer());
        assert!(text.contains("eft at 01:37"), "{w}×{h}:\n{text}");
        assert!(
            text.contains("grade C") || text.contains("grade D"),
            "{w}×{h}:\n{text}"
        );
    }
    let report = blastradius::report::after_action::AfterAction::build(&log, &s);
    let text = format!("{report:?}");
    assert!(text.contains("Left at 01:37"), "{text}");
}

#[test]
fn the_truth_page_gives_each_theory_its_times_on_the_live_night() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let mut app = App::new(s, SEED, 60.0, Theme::COLOR);
    app.end_night();
    app.wait_for_debrief();
    // ← from the first page goes to the truth, on a small screen and a wide one.
    key(&mut app, KeyCode::Left);
    for (w, h) in [(80, 24), (200, 60)] {
        let text = text_of(render(&app, w, h).backend().buffer());
        for want in [
            "What could be known",
            "you: never",
            "the expert: ",
            "DynamoDB",
        ] {
            assert!(text.contains(want), "{w}×{h}: no {want:?} in\n{text}");
        }
        if std::env::var_os("SHOW").is_some() {
            println!("{}", screen(&app, w, h));
        }
    }
}

#[test]
fn the_clock_runs_at_speed_and_holds_for_modals() {
    let mut app = App::new(flagship(), SEED, 60.0, Theme::COLOR);
    assert!(app.tick(Duration::from_secs(1)));
    assert_eq!(app.now(), 1);
    assert!(!app.tick(Duration::from_millis(500)));
    assert!(app.tick(Duration::from_millis(500)));
    assert_eq!(app.now(), 2);
    assert_eq!(app.until_next_minute(), Some(Duration::from_secs(1)));
    for (open, close) in [
        (KeyCode::Char(':'), KeyCode::Esc),
        (KeyCode::Char('?'), KeyCode::Esc),
        (KeyCode::Char('q'), KeyCode::Esc),
        (KeyCode::Char(' '), KeyCode::Char(' ')),
    ] {
        key(&mut app, open);
        assert_eq!(app.until_next_minute(), None);
        assert!(!app.tick(Duration::from_secs(60)));
        assert_eq!(app.now(), 2);
        key(&mut app, close);
        assert!(matches!(app.mode, Mode::Playing));
    }
    key(&mut app, KeyCode::Char('+'));
    assert_eq!(app.speed, 120.0);
    key(&mut app, KeyCode::Char('+'));
    key(&mut app, KeyCode::Char('+'));
    assert_eq!(app.speed, 300.0);
    app.tick(Duration::from_secs(2));
    assert_eq!(app.now(), 12);
    for _ in 0..6 {
        key(&mut app, KeyCode::Char('-'));
    }
    assert_eq!(app.speed, 1.0);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    key(&mut app, KeyCode::Char(':'));
    assert_eq!(app.handle_key(ctrl_c), Control::Quit);
}

#[test]
fn the_status_page_posts_land_in_the_channel_late() {
    let app = app_at("01:00");
    assert!(!app.session.world().story().status_posts().is_empty());
    let s = screen(&app, 160, 48);
    assert!(s.contains("AWS Health status page"), "{s}");
}

#[test]
fn alerts_fold_and_acknowledge() {
    let mut app = app_at("01:00");
    assert!(app.unacked() > 0);
    let s = screen(&app, 160, 48);
    assert!(s.contains('×'), "repeats fold with a count");
    key(&mut app, KeyCode::Char('a'));
    assert_eq!(app.unacked(), 0);
    assert!(!screen(&app, 160, 48).contains("unacked"));
}

/// Puts an app into one of its modes.
type Setup = Box<dyn Fn(&mut App)>;

#[test]
fn no_size_panics_in_any_mode() {
    let widths = [
        0, 1, 2, 10, 40, 59, 60, 61, 79, 80, 99, 100, 119, 120, 121, 160, 200, 300,
    ];
    let heights = [
        0, 1, 2, 5, 17, 18, 19, 20, 21, 23, 24, 30, 35, 36, 39, 40, 60, 100,
    ];
    let mut app = app_at("06:40");
    let mut modes: Vec<Setup> = vec![
        Box::new(|_| {}),
        Box::new(|a| typed(a, ":")),
        Box::new(|a| typed(a, ":scale")),
        Box::new(|a| {
            typed(a, ":scale");
            key(a, KeyCode::Enter);
            key(a, KeyCode::Tab);
            typed(a, "障害対応のメモ with a long tail of words to wrap");
        }),
        Box::new(|a| typed(a, "?")),
        Box::new(|a| typed(a, "q")),
    ];
    for setup in modes.drain(..) {
        let mut a = App::new(flagship(), SEED, 60.0, Theme::PLAIN);
        a.run_until(app.now());
        setup(&mut a);
        for &w in &widths {
            for &h in &heights {
                render(&a, w, h);
            }
        }
    }
    key(&mut app, KeyCode::Char('q'));
    key(&mut app, KeyCode::Char('e'));
    for &w in &widths {
        for &h in &heights {
            render(&app, w, h);
        }
    }
    app.wait_for_debrief();
    for &w in &widths {
        for &h in &heights {
            render(&app, w, h);
        }
    }
}

#[test]
fn no_color_means_no_colour_and_symbols_carry_it() {
    let s = flagship();
    let mut app = App::new(s, SEED, 60.0, Theme::PLAIN);
    app.run_until(120);
    for (w, h) in [(160, 48), (80, 24)] {
        let t = render(&app, w, h);
        let buf = t.backend().buffer();
        for c in buf.content() {
            assert_eq!(c.fg, Color::Reset, "a coloured cell: {c:?}");
            assert_eq!(c.bg, Color::Reset, "a coloured cell: {c:?}");
        }
        let text = text_of(buf);
        assert!(text.contains('✗'), "symbols carry the state");
    }
}

#[test]
fn the_high_contrast_theme_draws_no_dark_grey() {
    let theme = Theme::new(ui::ThemeName::HighContrast, true);
    let mut app = App::new(flagship(), SEED, 60.0, theme);
    app.run_until(120);
    let mut setups: Vec<Setup> = vec![
        Box::new(|_| {}),
        Box::new(|a| typed(a, ":scale")),
        Box::new(|a| typed(a, "?")),
    ];
    for setup in setups.drain(..) {
        setup(&mut app);
        for (w, h) in [(160, 48), (80, 24)] {
            let t = render(&app, w, h);
            for c in t.backend().buffer().content() {
                assert_ne!(c.fg, Color::DarkGray, "dark grey text: {c:?}");
                assert_ne!(c.bg, Color::DarkGray, "a dark grey cell: {c:?}");
            }
        }
        app.mode = Mode::Playing;
    }
    app.end_night();
    app.wait_for_debrief();
    let t = render(&app, 160, 48);
    for c in t.backend().buffer().content() {
        assert_ne!(
            c.fg,
            Color::DarkGray,
            "dark grey text in the debrief: {c:?}"
        );
    }
}

#[test]
fn double_width_text_lays_out() {
    let mut s = (*flagship()).clone();
    s.services[0].name = "POS決済API".into();
    s.title = "us-east-1 の長い夜".into();
    for b in &mut s.beats {
        if b.from.starts_with("Support") {
            b.text = "ログインできないという問い合わせが増えています。障害チャンネルはありますか？"
                .into();
        }
    }
    let mut app = App::new(Arc::new(s), SEED, 60.0, Theme::COLOR);
    app.run_until(20);
    for (w, h) in [(160, 48), (80, 24), (61, 19)] {
        let t = render(&app, w, h);
        let buf = t.backend().buffer();
        // Every row is exactly the terminal's width: wide characters never push a border out.
        for (y, row) in rows_of(buf).iter().enumerate() {
            let cols = unicode_width::UnicodeWidthStr::width(row.as_str());
            assert_eq!(cols, w as usize, "row {y} is {cols} wide at {w}×{h}: {row}");
        }
        let text = text_of(buf);
        assert!(text.contains("問"), "the Japanese text is drawn at {w}×{h}");
    }
    insta::assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn a_long_target_list_scrolls_to_keep_the_choice_in_view() {
    // Thirty services: far more targets than fit in a small terminal's picker.
    let mut s = (*flagship()).clone();
    let template = s.services[1].clone();
    for i in 0..26 {
        let mut extra = template.clone();
        extra.id = format!("extra-{i:02}");
        extra.name = format!("Extra service {i:02}");
        s.services.push(extra);
    }
    assert!(scenario::problems(&s).is_empty());
    let mut app = App::new(Arc::new(s), SEED, 60.0, Theme::PLAIN);
    app.run_until(10);
    typed(&mut app, ":scale");
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Target { .. }));
    for _ in 0..27 {
        key(&mut app, KeyCode::Down);
    }
    let shown = screen(&app, 80, 24);
    assert!(
        shown.contains("Extra service 23"),
        "the selected target is on screen:\n{shown}"
    );
    assert!(
        shown.contains("Enter or 1-9"),
        "the hint stays visible:\n{shown}"
    );
}

#[test]
fn the_clock_holds_while_the_terminal_is_too_small() {
    let mut app = App::new(flagship(), SEED, 60.0, Theme::COLOR);
    app.set_size(59, 17);
    assert_eq!(app.until_next_minute(), None);
    assert!(!app.tick(Duration::from_secs(60)));
    assert_eq!(app.now(), 0);
    app.set_size(80, 24);
    assert!(app.tick(Duration::from_secs(1)));
    assert_eq!(app.now(), 1);
}

#[test]
fn the_failing_share_is_drawn_in_the_colour_of_failure() {
    let app = app_at("07:00");
    let t = render(&app, 160, 48);
    let buf = t.backend().buffer();
    let area = buf.area;
    // Find the chart's title, then every plotted dot inside its box.
    let title = "Sales failing %";
    let (x0, y0) = (0..area.height)
        .flat_map(|y| (0..area.width).map(move |x| (x, y)))
        .find(|&(x, y)| {
            (0..title.len() as u16).all(|k| {
                x + k < area.width && buf[(x + k, y)].symbol() == &title[k as usize..k as usize + 1]
            })
        })
        .expect("the failing-share chart is on screen");
    let mut dots = 0;
    for y in y0 + 1..area.height {
        if buf[(x0, y)].symbol() == "└" || buf[(x0 - 1, y)].symbol() == "└" {
            break;
        }
        for x in x0..(x0 + 60).min(area.width) {
            let c = &buf[(x, y)];
            let ch = c.symbol().chars().next().unwrap_or(' ');
            if ('\u{2801}'..='\u{28ff}').contains(&ch) {
                dots += 1;
                assert_eq!(c.fg, Color::Red, "a failing-share dot in {:?}", c.fg);
            }
        }
    }
    assert!(dots > 0, "the chart plots something at 07:00");
}

/// `w` shows what the team found out, newest first, and the working theory; any key closes it and
/// the clock holds meanwhile.
#[test]
fn what_we_know_lists_findings_and_the_theory() {
    let mut app = app_at("23:50");
    for (action, target) in [("read_logs", Some("api")), ("read_runbook", Some("api"))] {
        app.session.act_id(action, target, None).unwrap();
        app.run_until(app.session.now() + 4);
    }
    app.session
        .act_id("state_theory", Some("provider-dynamodb"), None)
        .unwrap();
    typed(&mut app, "w");
    assert!(matches!(app.mode, Mode::Knowledge));
    let text = screen(&app, 120, 30);
    assert!(
        text.contains("Working theory: The provider: DynamoDB's regional endpoint"),
        "{text}"
    );
    assert!(
        text.contains("dynamodb.us-east-1.amazonaws.com: no such"),
        "{text}"
    );
    assert!(text.contains("its health check"), "{text}");
    assert!(text.contains("reads DynamoDB"), "{text}");
    insta::assert_snapshot!(text);
    let now = app.session.now();
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Playing));
    assert_eq!(app.session.now(), now);
}

/// Unacknowledged criticals stay on top of the pager; what does not fit is counted, and `]`/`[`
/// scroll to it.
#[test]
fn the_pager_keeps_criticals_on_top_and_scrolls() {
    let mut app = app_at("07:00");
    let text = screen(&app, 160, 48);
    let pager: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("Pager"))
        .skip(1)
        .take_while(|l| !l.contains("└"))
        .collect();
    let first = pager.first().unwrap();
    assert!(first.contains("CRIT"), "{first}");
    let warn_at = pager.iter().position(|l| l.contains("WARN")).unwrap();
    assert!(
        pager[warn_at..]
            .iter()
            .all(|l| !l.contains("● ") || !l.contains("CRIT")),
        "{pager:#?}"
    );
    assert!(pager.iter().any(|l| l.contains("more")), "{pager:#?}");
    for _ in 0..3 {
        typed(&mut app, "]");
    }
    let text = screen(&app, 160, 48);
    assert!(text.contains("↑ 3 above"), "{text}");
    typed(&mut app, "[");
    assert!(screen(&app, 160, 48).contains("↑ 2 above"));
}

/// Chart legends sit in the titles, never over the newest data.
#[test]
fn chart_legends_sit_in_the_titles() {
    let app = app_at("07:00");
    let text = screen(&app, 160, 48);
    assert!(
        text.contains("Sales/min: ━ ok ━ failed ━ offline"),
        "{text}"
    );
    assert!(!text.contains("│ok"), "{text}");
    assert!(!text.contains("│failed"), "{text}");
    assert!(!text.contains("│use1-az1│"), "{text}");
}

/// On a small screen nothing is cut in the middle: the pager's title drops its hint rather than
/// lose its bracket, the "more" line shortens, the provider line counts what it leaves out.
#[test]
fn small_screens_cut_nothing_in_the_middle() {
    let app = app_at("02:00");
    for (w, h) in [(80, 24), (60, 18), (100, 30), (120, 40)] {
        let text = screen(&app, w, h);
        assert!(!text.contains("(a: acknowledge┐"), "{w}x{h}\n{text}");
        assert!(!text.contains("the provid┐"), "{w}x{h}\n{text}");
        assert!(!text.contains("(] scroll│"), "{w}x{h}\n{text}");
        for line in text.lines().filter(|l| l.contains("our calls ✗")) {
            let end = line.trim_end_matches([' ', '"']);
            assert!(!end.ends_with('·'), "{w}x{h}: {line}");
        }
    }
}

/// The health map never cuts a count: a scenario with ten or more instances a zone (the DNS
/// night's front end) shows "10/10" whole at 80x24 and at 200x60, and so does every built-in night.
#[test]
fn the_health_map_shows_every_count_whole() {
    for (id, _, _) in scenario::BUILTIN {
        let s = Arc::new(scenario::builtin(id).unwrap());
        let mut app = App::new(s.clone(), SEED, 60.0, Theme::COLOR);
        app.run_until(10);
        for (w, h) in [(80, 24), (200, 60)] {
            let text = screen(&app, w, h);
            for svc in &s.services {
                let n = svc.instances_per_zone;
                let row = text
                    .lines()
                    .find(|l| l.contains(&format!("/{n} ")))
                    .unwrap_or_else(|| {
                        panic!("{id} {w}x{h}: no whole count /{n} for {}\n{text}", svc.id)
                    });
                assert!(!row.contains("/…"), "{id} {w}x{h}: {row}");
            }
        }
    }
}

/// On a narrow pager a word is never split with a space inside it, nor cut at the end of the
/// first line: it moves whole to the next.
#[test]
fn the_narrow_pager_keeps_words_whole() {
    for time in ["00:07", "05:20", "07:00"] {
        let app = app_at(time);
        let text = screen(&app, 60, 18);
        let alerts: Vec<String> = app
            .session
            .world()
            .events()
            .iter()
            .filter(|e| matches!(e.kind, blastradius::session::EventKind::Alert(_)))
            .map(|e| e.text.clone())
            .collect();
        let words: std::collections::BTreeSet<&str> =
            alerts.iter().flat_map(|t| t.split_whitespace()).collect();
        // The pager is the right-hand box of the top rows.
        for line in text.lines().skip(2).take(5) {
            let Some(pager) = line.split("││").nth(1) else {
                continue;
            };
            let body = pager.trim_end_matches(['│', '"']).trim();
            if body.starts_with('↓') || body.starts_with('↑') {
                continue;
            }
            for w in body.split_whitespace() {
                let ui = w.starts_with('●')
                    || w.starts_with('✗')
                    || w.starts_with('!')
                    || w.starts_with('×')
                    || w.contains(':') && w.len() == 5;
                // A word longer than the pager is wide is broken across lines.
                let piece = words
                    .iter()
                    .any(|x| x.chars().count() > 18 && x.contains(w));
                assert!(
                    ui || piece || words.contains(w),
                    "{time}: \"{w}\" is not a whole word of any alert\n{text}"
                );
            }
        }
    }
}

/// The team panel picks shorter wordings (a first name, "busy→00:22", the time before the
/// action) before it cuts anything.
#[test]
fn the_team_panel_cuts_no_time() {
    let mut app = app_at("23:50");
    app.session.act_id("page_backend_lead", None, None).unwrap();
    app.session.act_id("read_logs", Some("api"), None).unwrap();
    app.run_until(app.session.now() + 17);
    app.session
        .act_id("enable_retry_backoff", None, None)
        .unwrap();
    app.session.act_id("freeze_cicd", None, None).unwrap();
    app.run_until(app.session.now() + 1);
    for (w, h) in [(120, 40), (160, 48)] {
        let text = screen(&app, w, h);
        let team: Vec<&str> = text
            .lines()
            .skip_while(|l| !l.contains("The team, and your decisions"))
            .take_while(|l| !l.contains("└"))
            .collect();
        assert!(team.len() > 2, "{w}x{h}\n{text}");
        for line in &team {
            // "…" marks an action under way; a cut shows as "…" at the end or before the bar.
            let left = line.split("││").next().unwrap_or(line);
            let end = left.trim_end_matches(['│', ' ', '"']);
            assert!(
                !end.ends_with('…') && !left.contains("…["),
                "{w}x{h}: {line}"
            );
        }
        assert!(text.contains("00:22"), "{w}x{h}\n{text}");
    }
}

/// Stating a theory asks for a working theory, not a service.
#[test]
fn the_theory_picker_says_what_it_picks() {
    let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
    let mut app = App::new(Arc::new(s), SEED, 60.0, Theme::COLOR);
    app.run_until(10);
    typed(&mut app, ":theory");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("State a working theory — pick a theory"),
        "{text}"
    );
    assert!(
        text.contains("The provider: DynamoDB's regional endpoint at once, takes nobody"),
        "{text}"
    );
}

/// When everyone is busy, the palette says the decision waits, for whom and until when.
#[test]
fn the_palette_says_when_a_busy_team_will_start() {
    let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
    let mut app = App::new(Arc::new(s), SEED, 60.0, Theme::COLOR);
    app.run_until(7);
    app.session.act_id("read_logs", Some("api"), None).unwrap();
    typed(&mut app, ":freeze");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("by Alex (on-call) when free at 23:53"),
        "{text}"
    );
    key(&mut app, KeyCode::Enter);
    let events = app.session.world().events();
    assert!(
        events
            .iter()
            .any(|e| e.text.contains("Freeze CI/CD: queued, starts at 23:53")),
        "{events:?}"
    );
}

/// The palette says a decision that takes no time is done at once and takes nobody, as the target
/// list does (it read "0 min, by Alex", then "at once on some, by Alex" beside "takes nobody").
#[test]
fn the_palette_says_an_instant_decision_takes_no_time() {
    let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
    let mut app = App::new(Arc::new(s), SEED, 60.0, Theme::COLOR);
    app.run_until(7);
    typed(&mut app, ":page the backend");
    let text = screen(&app, 120, 40);
    assert!(text.contains("at once, takes nobody"), "{text}");
    assert!(!text.contains(" 0 min"), "{text}");
    key(&mut app, KeyCode::Esc);
    typed(&mut app, ":state a working");
    let text = screen(&app, 120, 40);
    assert!(
        text.contains("at once, takes nobody; pick a target"),
        "{text}"
    );
    assert!(!text.contains("on some"), "{text}");
}

/// A decision that takes nobody's time (paging, stating a theory) is done as it is said: the
/// flash says so, never "under way, done at" a minute that has passed.
#[test]
fn an_instant_decision_reads_as_done() {
    let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
    let mut app = App::new(Arc::new(s), SEED, 60.0, Theme::COLOR);
    app.run_until(7);
    typed(&mut app, ":page the backend");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 200, 60);
    assert!(text.contains("✓ Page the backend lead: done"), "{text}");
    assert!(!text.contains("Page the backend lead: under way"), "{text}");
}

/// A queued decision reads as queued everywhere: the flash and the line of work under way say
/// when it starts, never "under way" or minutes left.
#[test]
fn a_queued_decision_reads_as_queued() {
    let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
    let mut app = App::new(Arc::new(s), SEED, 60.0, Theme::COLOR);
    app.run_until(7);
    app.session.act_id("read_logs", Some("api"), None).unwrap();
    typed(&mut app, ":freeze");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 200, 60);
    assert!(
        text.contains("Freeze CI/CD: queued, starts at 23:53"),
        "{text}"
    );
    assert!(
        text.contains("Freeze CI/CD, queued: starts 23:53"),
        "{text}"
    );
    assert!(
        text.contains("Freeze CI/CD — queued, starts 23:53"),
        "{text}"
    );
    assert!(!text.contains("Freeze CI/CD: under way"), "{text}");
}

#[test]
fn the_lever_line_shows_what_was_changed_for_one_service() {
    // A control set for one service, and the modes a service can be put in, are on the lever line:
    // "checks on" alone would not be true while one service's checks are off.
    let s = media();
    let mut app = App::new(s, SEED, 60.0, Theme::COLOR);
    app.run_until(20);
    app.session
        .act_id("checks_off_for", Some("web"), None)
        .unwrap();
    app.run_until(24);
    app.session
        .act_id("serve_stale", Some("web"), None)
        .unwrap();
    app.run_until(40);
    let wide = text_of(render(&app, 200, 60).backend().buffer());
    // Only the levers this world has: the long names fit on one line at 200 columns.
    assert!(
        wide.contains("Levers: health-check replacement on (off for Photo site) · background jobs running · Photo site serving stale "),
        "{wide}"
    );
    // No action here shifts a zone, so the line says nothing of a shift; and nobody can tell
    // customers to fall back to anything, so the chart has no fallback series.
    assert!(!wide.contains("zonal shift"), "{wide}");
    assert!(!wide.contains("serving stale · "), "{wide}");
    assert!(
        !wide.contains(&format!("━ {}", app.scenario().vocabulary.fallback)),
        "{wide}"
    );
    let small = text_of(render(&app, 80, 24).backend().buffer());
    assert!(small.contains("checks on (off for web)"), "{small}");
    assert!(small.contains("web serving stale"), "{small}");
}

/// On a small screen the line of levers moved fits its width: what does not fit is counted
/// ("· +2 more"), never cut in the middle of a word.
#[test]
fn the_small_lever_line_counts_what_does_not_fit() {
    let s = media();
    let mut app = App::new(s, SEED, 60.0, Theme::COLOR);
    app.run_until(20);
    for (m, (action, target)) in [
        ("checks_off_for", Some("web")),
        ("serve_stale", Some("web")),
        ("read_replica", Some("web")),
        ("shallow_checks", Some("upload")),
        ("pause_thumbs", None),
    ]
    .into_iter()
    .enumerate()
    {
        app.session.act_id(action, target, None).unwrap();
        app.run_until(24 + 6 * m as u32);
    }
    app.run_until(80);
    for cols in [60u16, 80] {
        let small = text_of(render(&app, cols, 24).backend().buffer());
        let line = small
            .lines()
            .find(|l| l.contains("levers moved: "))
            .unwrap_or_else(|| panic!("{small}"));
        let shown = line.trim_end();
        assert!(
            shown.ends_with(" more"),
            "{cols} columns, five levers: {shown:?}"
        );
    }
}

/// "What we know" tells how to state a theory only where the team can, in the words of the
/// action that does it (which the palette then finds); a world without theories says nothing
/// about them.
#[test]
fn what_we_know_points_to_a_theory_only_where_one_can_be_stated() {
    let mut app = app_at("23:50");
    typed(&mut app, "w");
    let text = screen(&app, 120, 30);
    assert!(
        text.contains("state one (: then \"state a working theory\")"),
        "{text}"
    );
    key(&mut app, KeyCode::Esc);
    typed(&mut app, ":state a working theory");
    let palette = screen(&app, 120, 30);
    assert!(palette.contains("state_theory"), "{palette}");

    let s = media();
    assert!(s.theories.is_empty());
    let mut media = App::new(s, SEED, 60.0, Theme::COLOR);
    media.run_until(10);
    typed(&mut media, "w");
    let text = screen(&media, 120, 30);
    assert!(!text.contains("theory"), "{text}");
}

/// At the smallest screen the health map's header keeps a gap between its label and the first
/// zone, cutting the label rather than running it into the zone's name.
#[test]
fn the_health_header_keeps_its_gap_on_the_smallest_screen() {
    let app = app_at("02:00");
    let text = screen(&app, 60, 18);
    let header = text
        .lines()
        .find(|l| l.contains("az1"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        !header.contains("serviceaz1") && !header.contains("serviceuse1"),
        "{header}"
    );
}

/// On a small screen the strip has room for two actions under way: more than that, and its last
/// line says how many more there are, instead of leaving them out in silence. At 80x24 a second
/// line would take the charts' room: one line says them all, and the charts stay.
#[test]
fn actions_under_way_beyond_the_strip_are_counted() {
    let mut app = app_at("23:50");
    for a in [
        "pause_background_jobs",
        "enable_retry_backoff",
        "check_provider_status",
        "update_status_page",
    ] {
        app.session.act_id(a, None, None).unwrap();
    }
    let pending = app.session.world().crew().pending().len();
    assert!(pending >= 3, "{pending} under way");
    let text = screen(&app, 80, 25);
    assert!(
        text.contains(&format!("and {} more under way", pending - 1)),
        "{text}"
    );
    let text = screen(&app, 80, 24);
    assert!(
        text.contains(&format!(
            "▶ {pending} under way: Pause background jobs (done"
        )),
        "{text}"
    );
    assert!(text.contains("sales ok/min"), "the charts stay:\n{text}");
    assert!(text.contains("levers moved"), "{text}");
}

/// A page up in the channel moves by what the screen shows, less one line kept: at 80x24 the
/// channel shows fewer than ten lines, and a page of ten skipped some.
#[test]
fn a_page_of_the_channel_is_what_the_screen_shows() {
    let mut app = app_at("01:30");
    let before = screen(&app, 80, 24);
    key(&mut app, KeyCode::PageUp);
    let moved = app.channel_scroll;
    assert!((1..10).contains(&moved), "moved {moved}\n{before}");
    let after = screen(&app, 80, 24);
    assert!(after.contains(&format!("{moved} lines up")), "{after}");
}

/// Paging down the debrief stops at the end of what the screen shows: a page up from there
/// moves back at once, however many times the page down was pressed.
#[test]
fn the_debrief_scrolls_no_further_than_its_end() {
    let mut app = debrief_app();
    key(&mut app, KeyCode::Tab);
    key(&mut app, KeyCode::Tab);
    let _ = screen(&app, 80, 24);
    for _ in 0..50 {
        key(&mut app, KeyCode::PageDown);
        let _ = screen(&app, 80, 24);
    }
    let scroll = |app: &App| match &app.mode {
        Mode::Debrief(d) => d.scroll,
        _ => unreachable!(),
    };
    let end = scroll(&app);
    assert!(end > 0 && end < 500, "stopped at the end: {end}");
    let bottom = screen(&app, 80, 24);
    key(&mut app, KeyCode::PageUp);
    assert_eq!(scroll(&app), end.saturating_sub(10));
    assert_ne!(screen(&app, 80, 24), bottom, "the page up moved at once");
}

/// The debrief's "again:" names the command the night was played with, as the exit line does:
/// a guided night again in `learn`, an ordinary one in `play`.
#[test]
fn the_debrief_says_again_with_the_command_the_night_was_played_with() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    for (guided, verb) in [
        (false, "again: blastradius play "),
        (true, "again: blastradius learn "),
    ] {
        let mut app = App::new(s.clone(), SEED, 60.0, Theme::PLAIN);
        if guided {
            app = app.guided();
        }
        app.end_night();
        app.wait_for_debrief();
        let text = screen(&app, 200, 60);
        assert!(text.contains(verb), "{verb:?} not in\n{text}");
    }
}

/// Help names `:` as the way to act: from help (or what we know), `:` closes it into the palette,
/// so the letters typed next filter the palette instead of running as shortcuts (`a` acknowledging
/// the pager, `r` opening the rewind list).
#[test]
fn colon_from_help_or_what_we_know_opens_the_palette() {
    for opener in ['?', 'w'] {
        let mut app = App::new(flagship(), SEED, 60.0, Theme::PLAIN);
        app.run_until(10);
        let unacked = app.acked;
        key(&mut app, KeyCode::Char(opener));
        assert!(matches!(app.mode, Mode::Help | Mode::Knowledge), "{opener}");
        typed(&mut app, ":ar");
        let Mode::Palette(p) = &app.mode else {
            panic!("{opener}: no palette after ':' ({:?})", app.mode);
        };
        assert_eq!(p.query, "ar", "{opener}");
        assert_eq!(app.acked, unacked, "{opener}: nothing acknowledged");
    }
}

/// `n` runs the clock to the next thing that happens even while it is paused (the help says so,
/// and a paused clock is where a player reaches for it), and leaves it paused.
#[test]
fn n_skips_ahead_from_a_paused_clock_and_leaves_it_paused() {
    let mut app = app_at("23:43");
    key(&mut app, KeyCode::Char(' '));
    assert!(app.paused);
    let before = app.now();
    let seen = app.session.world().events().len();
    key(&mut app, KeyCode::Char('n'));
    assert!(app.now() > before, "the clock did not move");
    assert!(
        app.session.world().events().len() > seen,
        "it stopped before anything happened"
    );
    assert!(app.paused, "the clock runs on by itself after the skip");
}

/// Work taken that takes time is said by the responder in the channel and shows on the line of
/// work under way; the key bar keeps its keys rather than saying it a third time (at 80x24 the
/// foot of the screen read the same action twice, and the keys were gone).
#[test]
fn work_under_way_is_said_once_at_the_foot_and_the_keys_stay() {
    let s = scenario::builtin(scenario::FLAGSHIP).unwrap();
    let mut app = App::new(Arc::new(s), SEED, 60.0, Theme::COLOR);
    app.run_until(2);
    typed(&mut app, ":open an incident");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    let foot: Vec<&str> = text.lines().rev().take(3).collect();
    assert_eq!(
        foot.iter()
            .filter(|l| l.contains("Open an incident channel"))
            .count(),
        1,
        "{text}"
    );
    assert!(foot[0].contains(":  act"), "{text}");
    // A refusal is still said in the key bar.
    typed(&mut app, ":hand off");
    key(&mut app, KeyCode::Enter);
    let text = screen(&app, 80, 24);
    assert!(text.contains("refused"), "{text}");
}

/// On a narrow screen the debrief's pages keep their whole names (short ones where the long do
/// not fit: "What was tru" read as a cut word) and the key bar keeps its way out ("q leave" fell
/// off at 60 columns); a window's key bar keeps Esc.
#[test]
fn a_narrow_screen_keeps_every_page_name_and_the_way_out() {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let mut app = App::new(s, SEED, 60.0, Theme::COLOR);
    typed(&mut app, ":");
    let text = screen(&app, 60, 18);
    assert!(
        text.lines().last().unwrap().contains("Esc  close"),
        "{text}"
    );
    key(&mut app, KeyCode::Esc);
    app.end_night();
    app.wait_for_debrief();
    for (w, h, tabs) in [
        (60, 18, "Score │ Night │ Decisions │ Lessons │ Truth"),
        (
            80,
            24,
            "Score │ Over the night │ Decisions │ Lessons │ What was true",
        ),
    ] {
        let text = screen(&app, w, h);
        assert!(text.contains(tabs), "{w}×{h}:\n{text}");
        assert!(
            text.lines().last().unwrap().contains("q  leave"),
            "{w}×{h}:\n{text}"
        );
    }
}
