//! `evaluate` of the flagship over 8 seeds on one thread: every policy, the ablation of the
//! expert's path and the actions it never takes; and the end-of-night debrief the TUI computes on
//! another thread (on the groundwork it laid while the night was played, and from nothing).
//! `cargo bench --bench evaluate`

use std::hint::black_box;
use std::sync::Arc;

use blastradius::scenario;
use blastradius::session::evaluate::{self, Options, Seeds};
use blastradius::session::{self, Debrief, Groundwork, Script, ScriptEntry};
use criterion::{Criterion, criterion_group, criterion_main};

fn evaluation(c: &mut Criterion) {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    let opts = Options {
        seeds: Seeds { first: 1, last: 8 },
        jobs: 1,
        ..Options::default()
    };
    let mut group = c.benchmark_group("evaluate");
    group.sample_size(10);
    group.bench_function("flagship, 8 seeds, 1 thread", |b| {
        b.iter(|| {
            evaluate::evaluate(black_box(&s), &opts, &|_| {})
                .ablation
                .len()
        })
    });
    group.finish();
}

fn debrief(c: &mut Criterion) {
    let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
    // A player's night: the expert's path less its zonal shift, with a panicky restart added.
    let mut entries: Vec<ScriptEntry> = Script::expert(&s)
        .in_order(&s)
        .into_iter()
        .filter(|e| e.action != "zonal_shift")
        .collect();
    let mut restart = entries[0].clone();
    restart.action = "restart_service".into();
    restart.target = Some("api".into());
    entries.push(restart);
    let script = Script(entries);
    let night = session::run(s.clone(), 3, &script);
    let ground = Groundwork::new(&s, 3, true);
    let mut group = c.benchmark_group("debrief");
    group.sample_size(10);
    group.bench_function("flagship, on the groundwork laid during the night", |b| {
        b.iter(|| Debrief::with(black_box(&night), &ground).grade)
    });
    group.bench_function("flagship, from nothing", |b| {
        b.iter(|| Debrief::full(black_box(&night)).grade)
    });
    group.finish();
}

criterion_group!(benches, evaluation, debrief);
criterion_main!(benches);
