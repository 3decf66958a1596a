//! `evaluate` of the flagship over 8 seeds on one thread: every policy, the ablation of the
//! expert's path and the actions it never takes. `cargo bench --bench evaluate`

use std::hint::black_box;
use std::sync::Arc;

use blastradius::scenario;
use blastradius::session::evaluate::{self, Options, Seeds};
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

criterion_group!(benches, evaluation);
criterion_main!(benches);
