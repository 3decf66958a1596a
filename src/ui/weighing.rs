//! The debrief, worked out off the render path: the expert's side laid down on another thread
//! while the night is played, the player's night weighed on another when it ends, and the
//! screen shown once both are ready.

use super::app::{App, Mode};
use super::debrief::DebriefScreen;
use crate::session::{Debrief, Groundwork, OtherLine};

impl App {
    /// Let the rest of the night play out with no more decisions, then weigh it for the debrief
    /// on another thread (hundreds of replayed nights); the screen says so meanwhile.
    pub fn end_night(&mut self) {
        if !self.session.is_over() && self.left_at.is_none() {
            self.left_at = Some(self.session.now());
        }
        self.session.run_to_end();
        self.carry = 0.0;
        if matches!(self.mode, Mode::Debrief(_) | Mode::Weighing) {
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        let night = self.session.clone();
        let groundwork = self.groundwork.take();
        let branch = self.kept.branches.last().cloned();
        std::thread::spawn(move || {
            let d = match groundwork.and_then(|g| g.join().ok()) {
                Some(g) => Debrief::with(&night, &g),
                None => Debrief::full(&night),
            };
            let other = branch.map(|b| crate::session::compare(&night, &b));
            let _ = tx.send((d, other));
        });
        self.weighing = Some(rx);
        self.mode = Mode::Weighing;
    }

    /// Start working out the expert's side of the debrief (the reference nights, the expert's
    /// decisions weighed) on another thread, so the debrief is ready soon after the night ends.
    pub fn lay_groundwork(&mut self) {
        if self.groundwork.is_some() {
            return;
        }
        let s = self.session.world().scenario().clone();
        let seed = self.session.seed();
        self.groundwork = Some(std::thread::spawn(move || Groundwork::new(&s, seed, true)));
    }

    /// Show the debrief if it is ready. Returns whether it just arrived.
    pub fn poll_debrief(&mut self) -> bool {
        let Some(rx) = &self.weighing else {
            return false;
        };
        match rx.try_recv() {
            Ok((d, other)) => {
                self.weighing = None;
                self.mode = Mode::Debrief(Box::new(self.debrief_screen(d, other)));
                true
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => false,
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                // The weighing thread died: work it out here rather than leave the screen waiting.
                self.weighing = None;
                let d = Debrief::full(&self.session);
                let other = self.other_line();
                self.mode = Mode::Debrief(Box::new(self.debrief_screen(d, other)));
                true
            }
        }
    }

    /// Wait for the debrief being weighed (tests, and anything that needs it now).
    pub fn wait_for_debrief(&mut self) {
        if let Some(rx) = self.weighing.take() {
            let (d, other) = rx
                .recv()
                .unwrap_or_else(|_| (Debrief::full(&self.session), self.other_line()));
            self.mode = Mode::Debrief(Box::new(self.debrief_screen(d, other)));
        }
    }

    /// The line left behind by the last rewind, set beside the night played now.
    fn other_line(&self) -> Option<OtherLine> {
        let b = self.kept.branches.last()?;
        Some(crate::session::compare(&self.session, b))
    }

    /// The debrief's screen; after the guided night it opens on what went well and what to
    /// practise next.
    fn debrief_screen(&self, d: Debrief, other: Option<OtherLine>) -> DebriefScreen {
        let mut screen = if self.learning() {
            let builtin: Vec<&str> = crate::scenario::BUILTIN.iter().map(|b| b.0).collect();
            let advice = crate::session::coach::advice(&d, self.scenario(), &builtin);
            DebriefScreen::guided(d, advice)
        } else {
            DebriefScreen::new(d)
        };
        screen.other = other;
        screen
    }
}
