//! Evaluate the flagship on one thread (for profiling `evaluate`):
//! `cargo run --release --example evaluate_loop -- 4`
use std::sync::Arc;

use blastradius::session::evaluate::{self, Options, Seeds};

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4);
    let s = Arc::new(blastradius::scenario::builtin(blastradius::scenario::FLAGSHIP).unwrap());
    let opts = Options {
        seeds: Seeds { first: 1, last: n },
        jobs: 1,
        ..Options::default()
    };
    let e = evaluate::evaluate(&s, &opts, &|_| {});
    println!("{} ablation rows over {n} seeds", e.ablation.len());
}
