//! Play the flagship night many times (for profiling the engine):
//! `cargo run --release --example night_loop -- 200 [expert] [score] [median]` (`score`: for its
//! score alone, as the grader plays it; `median`: also time each night and print the median and
//! the 90th percentile, the figures issue 7's speed target is stated in).
use std::sync::Arc;
use std::time::Instant;

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
    let timed = args.iter().any(|a| a == "median");
    let mut total = 0.0;
    let mut times = Vec::with_capacity(n as usize);
    for seed in 0..n {
        let started = Instant::now();
        total += if score_only {
            session::score_of(s.clone(), seed, &script).total()
        } else {
            session::run(s.clone(), seed, &script).blast_radius()
        };
        if timed {
            times.push(started.elapsed().as_secs_f64() * 1e3);
        }
    }
    println!("{n} nights, mean blast radius {:.0}", total / n as f64);
    if timed && !times.is_empty() {
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        println!(
            "per night: median {:.3} ms, p90 {:.3} ms, mean {mean:.3} ms",
            at(0.5),
            at(0.9)
        );
    }
}
