//! blastradius: a terminal incident-response trainer.
//!
//! A pure core and a thin shell: [`scenario`] (the RON model, loading, validation) → [`sim`] (the
//! deterministic world) → [`score`] (the blast radius) → [`session`] (scenario + seed + timed actions,
//! the one path every front end uses) → [`report`] (exports) and the terminal UI. `sim` and `score`
//! import no terminal crate and never read the wall clock.

/// A line on standard error that never panics: when even that cannot be written (a full device,
/// a closed descriptor), nobody is left to tell, and the exit status still says it.
macro_rules! tell {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($t)*);
    }};
}

/// A line on standard output that never panics. A closed pipe (`| head`) is a reader that has
/// seen enough; any other failure (a full device) is said once on standard error. True when the
/// line was written or nobody reads any more.
macro_rules! show {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        match writeln!(std::io::stdout(), $($t)*) {
            Ok(()) => true,
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
            Err(e) => {
                tell!("blastradius: cannot write the output: {e}");
                false
            }
        }
    }};
}

pub mod cli;
pub mod nights;
pub mod report;
pub mod scenario;
pub mod score;
pub mod session;
pub mod sim;
pub mod ui;
