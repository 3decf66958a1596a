//! Play the flagship night many times (for profiling the engine):
//! `cargo run --release --example night_loop -- 200 [expert] [score]` (`score`: for its score
//! alone, as the grader plays it).
use std::sync::Arc;

use blastradius::session;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let s = Arc::new(blastradius::scenario::builtin(blastradius::scenario::FLAGSHIP).unwrap());
    let script = if args.iter().any(|a| a == "expert") {
        session::Script::expert(&s)
    } else {
        session::Script::default()
    };
    let score_only = args.iter().any(|a| a == "score");
    let mut total = 0.0;
    for seed in 0..n {
        total += if score_only {
            session::score_of(s.clone(), seed, &script).total()
        } else {
            session::run(s.clone(), seed, &script).blast_radius()
        };
    }
    println!("{n} nights, mean blast radius {:.0}", total / n as f64);
}
