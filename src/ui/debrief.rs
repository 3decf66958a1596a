//! The debrief screen's state: the night's analysis (worked out once, in the session layer, when
//! the night ends), which page a small screen shows, and how far the lists are scrolled.

use crate::session::coach::Advice;
use crate::session::{Debrief, OtherLine};

/// Pages of the debrief on a screen too small to show it all at once.
pub const PAGES: [&str; 5] = [
    "Score",
    "Over the night",
    "Decisions",
    "Lessons",
    "What was true",
];

/// The same pages named shortly, for a screen too narrow for the names above.
pub const PAGES_SHORT: [&str; 5] = ["Score", "Night", "Decisions", "Lessons", "Truth"];

/// The page of what was true all along (the provider's night, the theories' times). A wide
/// screen shows every other page at once, and this one in their place.
pub const TRUTH: usize = 4;

/// The lessons page, where the guided night's advice leads.
pub const LESSONS: usize = 3;

/// Whether a screen this size shows the whole debrief at once (and the truth as its one other
/// page).
pub fn wide(width: u16, height: u16) -> bool {
    width >= 120 && height >= 40
}

#[derive(Debug, Clone)]
pub struct DebriefScreen {
    pub debrief: Debrief,
    pub page: usize,
    pub scroll: u16,
    /// After the guided night: what went well, what to practise, the night to try next.
    pub advice: Option<Advice>,
    /// The line left behind by the last rewind, set beside this one.
    pub other: Option<OtherLine>,
    /// The furthest the lists the last frame showed could scroll (none before a frame).
    pub(crate) furthest: std::cell::Cell<Option<u16>>,
}

impl DebriefScreen {
    pub fn new(debrief: Debrief) -> DebriefScreen {
        DebriefScreen {
            debrief,
            page: 0,
            scroll: 0,
            advice: None,
            other: None,
            furthest: std::cell::Cell::new(None),
        }
    }

    /// The debrief of the guided night: it opens on the lessons page, where the advice leads.
    pub fn guided(debrief: Debrief, advice: Advice) -> DebriefScreen {
        DebriefScreen {
            debrief,
            page: LESSONS,
            scroll: 0,
            advice: Some(advice),
            other: None,
            furthest: std::cell::Cell::new(None),
        }
    }
}

impl std::ops::Deref for DebriefScreen {
    type Target = Debrief;
    fn deref(&self) -> &Debrief {
        &self.debrief
    }
}
