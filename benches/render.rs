//! Rendering the main screen at 200×50 mid-night (goal: ≤ 1 ms a frame), and the small layout.

use std::hint::black_box;
use std::sync::Arc;

use blastradius::scenario;
use blastradius::ui::{self, App, Theme};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn app() -> App {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).expect("the flagship loads"));
    let mut app = App::new(s.clone(), 7, 60.0, Theme::COLOR);
    app.run_until(s.minute_of(scenario::TimeOfDay(7 * 60)));
    app
}

fn render(c: &mut Criterion) {
    let app = app();
    for (w, h) in [(200, 50), (80, 24)] {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        c.bench_function(&format!("main screen {w}x{h} at 07:00"), |b| {
            b.iter(|| {
                term.draw(|f| ui::draw(f, black_box(&app))).expect("draws");
            })
        });
    }
}

criterion_group!(benches, render);
criterion_main!(benches);
