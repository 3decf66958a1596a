//! Play the flagship night many times (for profiling the engine):
//! `cargo run --release --example night_loop -- 200 [expert]`
use std::sync::Arc;

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let s = Arc::new(blastradius::scenario::builtin(blastradius::scenario::FLAGSHIP).unwrap());
    let script = if std::env::args().nth(2).as_deref() == Some("expert") {
        blastradius::session::Script::expert(&s)
    } else {
        blastradius::session::Script::default()
    };
    let mut total = 0.0;
    for seed in 0..n {
        total += blastradius::session::run(s.clone(), seed, &script).blast_radius();
    }
    println!("{n} nights, mean blast radius {:.0}", total / n as f64);
}
