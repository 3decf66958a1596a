//! Print every event of a night (scenario id or path, seed, optional script): a tool for scenario authors.
use std::sync::Arc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let name = args
        .get(1)
        .map_or(blastradius::scenario::FLAGSHIP, |s| s.as_str());
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let s = Arc::new(blastradius::scenario::resolve(name).unwrap_or_else(|e| panic!("{e}")));
    let script = match args.get(3) {
        Some(p) if p == "expert" => blastradius::session::Script::expert(&s),
        Some(p) => blastradius::session::Script::load(std::path::Path::new(p), &s)
            .unwrap_or_else(|e| panic!("{e}")),
        None => Default::default(),
    };
    let session = blastradius::session::run(s.clone(), seed, &script);
    for e in session.world().events() {
        println!("{} {:?} {}: {}", s.clock_at(e.at), e.kind, e.from, e.text);
    }
}
