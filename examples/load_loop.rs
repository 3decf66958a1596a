//! Load and validate the flagship many times (for profiling the loader):
//! `cargo run --release --example load_loop -- 1000`.
use blastradius::scenario;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let (_, file, src) = scenario::BUILTIN[0];
    let ok = (0..n)
        .filter(|_| scenario::load_str(file, std::hint::black_box(src)).is_ok())
        .count();
    println!("{ok} of {n} loads valid");
}
