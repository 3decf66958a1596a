//! The projector view for a tabletop's room, drawn into a test backend: the night as the room
//! sees it at 80×24 and 200×60, and never the provider's hidden truth or the expert's notes.

use std::path::PathBuf;
use std::sync::Arc;

use blastradius::scenario::{self, Scenario};
use blastradius::ui::projector::Following;
use blastradius::ui::{App, Tabletop, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The frozen flagship of the UI snapshots (see tests/ui_snapshots.rs).
fn flagship() -> Arc<Scenario> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ui/flagship-frozen.ron"
    );
    Arc::new(scenario::load_path(std::path::Path::new(path)).unwrap_or_else(|d| panic!("{d}")))
}

/// A tabletop night at `minute`, with a decision taken, as the room's view shows it.
fn view_at(minute: u32) -> Following {
    let mut app = App::new(flagship(), 7, 60.0, Theme::PLAIN);
    app.run_tabletop(Tabletop::new(5, 0, vec!["IC".into()]));
    app.run_until(15);
    app.session
        .act_id("freeze_cicd", None, Some("hold the refresh"))
        .unwrap();
    app.run_until(minute);
    Following::showing(app, PathBuf::from("nights/tabletop.night.ron"))
}

fn screen(v: &Following, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| blastradius::ui::draw_projector(f, v)).unwrap();
    t.backend().to_string()
}

#[test]
fn the_room_sees_the_clock_the_map_and_the_channel() {
    let v = view_at(90);
    let small = screen(&v, 80, 24);
    assert!(small.contains("Mon 01:13 PDT"), "{small}");
    insta::assert_snapshot!("projector_80x24", small);
    let big = screen(&v, 200, 60);
    assert!(
        big.contains("Mon 01:13 PDT") && big.contains("blast radius"),
        "{big}"
    );
    insta::assert_snapshot!("projector_200x60", big);
}

#[test]
fn the_room_never_sees_the_providers_truth_or_the_experts_notes() {
    let v = view_at(400);
    let s = flagship();
    for (w, h) in [(80, 24), (120, 40), (200, 60)] {
        let shown = screen(&v, w, h);
        for fault in &s.faults {
            let words: String = fault.note.chars().take(30).collect();
            assert!(!shown.contains(&words), "{w}×{h} shows the truth {words:?}");
        }
        for step in &s.expert {
            let words: String = step.why.chars().take(30).collect();
            assert!(
                !shown.contains(&words),
                "{w}×{h} shows the expert's {words:?}"
            );
        }
        assert!(!shown.contains("hidden from the room"));
    }
}

#[test]
fn a_small_terminal_gets_one_line_and_nothing_panics() {
    let v = view_at(60);
    assert!(screen(&v, 40, 10).contains("needs at least"));
    for (w, h) in [
        (1, 1),
        (59, 17),
        (60, 18),
        (61, 19),
        (99, 29),
        (150, 45),
        (300, 100),
    ] {
        screen(&v, w, h);
    }
}
