//! The projector view: a read-only screen for the room, attached to a tabletop night that another
//! process (the facilitator's console) is running and keeping in its night log.

use std::path::Path;

/// Show the projector view of the night log `log` (`last`: the newest tabletop night kept);
/// returns the process exit status.
pub fn run(log: &Path) -> i32 {
    eprintln!(
        "blastradius tabletop --view {}: the projector view is being built",
        crate::scenario::shown::path(log)
    );
    2
}
