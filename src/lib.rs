//! blastradius: a terminal incident-response trainer.
//!
//! A pure core and a thin shell: [`scenario`] (the RON model, loading, validation) → [`sim`] (the
//! deterministic world) → [`score`] (the blast radius) → [`session`] (scenario + seed + timed actions,
//! the one path every front end uses) → [`report`] (exports) and the terminal UI. `sim` and `score`
//! import no terminal crate and never read the wall clock.

pub mod cli;
pub mod nights;
pub mod report;
pub mod scenario;
pub mod score;
pub mod session;
pub mod sim;
pub mod ui;
