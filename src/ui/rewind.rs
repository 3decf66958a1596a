//! A night that is not played from the start: resumed from its log, played back from its log, or
//! rewound to an earlier decision and played on from there as a new line (the line left behind
//! is kept in the log, and the debrief sets the two side by side).

use std::collections::VecDeque;

use super::app::{App, Mode};
use super::strings::strings;
use super::theme::Health;
use crate::scenario::Minute;
use crate::session::nightlog::{self, Branch, NightLog};
use crate::session::{ScriptEntry, Session, before_decision, record_of};

/// A kept night being played back.
#[derive(Debug, Clone)]
pub struct Replay {
    /// Its inputs not yet taken, in order.
    ahead: VecDeque<ScriptEntry>,
    /// The line as it was kept, in case the team takes over before its end.
    original: Branch,
    /// Whether the clock has stopped where the kept night was left.
    stopped_at_end: bool,
}

impl App {
    /// Go on with a kept night: its inputs played again to the minute its clock had reached,
    /// with the roles, the lines left behind and the mode it was played in; paused.
    pub fn resume(&mut self, log: &NightLog) {
        let s = self.session.world().scenario().clone();
        if let Some(fired) = &mut self.guide {
            // The guided night's moments already met stay met.
            let mut night = Session::new(s.clone(), log.seed);
            for e in log.script.in_order(&s) {
                advance_marking(&mut night, s.minute_of(e.at), fired);
                night.take_entry(&e);
            }
            advance_marking(&mut night, log.reached, fired);
            self.session = night;
        } else {
            self.session = log.replay(s);
        }
        self.left_at = None;
        self.kept = log.clone();
        self.after_jump();
        self.paused = true;
        self.show_flash(strings().lines.resumed.clone(), Health::Idle);
    }

    /// Play a kept night back: its inputs are taken as the clock reaches them. With `until`, the
    /// clock runs there at once and stops.
    pub fn play_back(&mut self, log: &NightLog, until: Option<Minute>) {
        let s = self.session.world().scenario().clone();
        if self.tabletop.is_none() && log.mode == nightlog::Mode::Tabletop {
            // Played back with its clock running, and played on (if at all) as a night.
            self.kept.mode = nightlog::Mode::Play;
        } else {
            self.kept.mode = log.mode;
        }
        self.kept.roles = log.roles.clone();
        self.kept.branches = log.branches.clone();
        self.replay = Some(Replay {
            ahead: log.script.in_order(&s).into(),
            original: Branch {
                parted: 0,
                reached: log.reached,
                script: log.script.clone(),
            },
            stopped_at_end: false,
        });
        if let Some(m) = until {
            // On the way there the guided night's moments and offers met were shown when the
            // night was played: they count as met, and the clock does not stop on them.
            while self.now() < m.min(log.reached) && !self.session.is_over() {
                self.step();
                self.mode = Mode::Playing;
            }
            if self.session.is_over() {
                self.end_night();
            }
            self.paused = true;
        }
    }

    /// Whether a kept night is being played back (and not yet taken over).
    pub fn replaying(&self) -> bool {
        self.replay.is_some()
    }

    /// Take the inputs due at the coming minute; `false` when the clock must not move on: a
    /// played-back night has reached the minute its log was left at (it stops there once).
    pub(super) fn play_back_due(&mut self) -> bool {
        let now = self.now();
        let Some(r) = &mut self.replay else {
            return true;
        };
        let s = self.session.world().scenario().clone();
        while r.ahead.front().is_some_and(|e| s.minute_of(e.at) <= now) {
            if let Some(e) = r.ahead.pop_front() {
                self.session.take_entry(&e);
            }
        }
        if r.ahead.is_empty() && now >= r.original.reached && !self.session.is_over() {
            if !r.stopped_at_end {
                r.stopped_at_end = true;
                self.paused = true;
                self.show_flash(strings().lines.replay_left.clone(), Health::Idle);
                return false;
            }
            // Played on past where it was left: a night of its own from here.
            self.take_over();
        }
        true
    }

    /// The team decides for itself during a replay: what the kept night did after now becomes a
    /// line left behind, and the night goes on from here.
    pub(super) fn take_over(&mut self) {
        let Some(r) = self.replay.take() else {
            return;
        };
        if !r.ahead.is_empty() {
            self.kept.branches.push(Branch {
                parted: self.now(),
                ..r.original
            });
        }
    }

    /// Rewind to the `decision`-th decision of the night (the night as it was just before it was
    /// taken); `None` rewinds to the start. The line played so far is kept as a line left behind.
    pub fn rewind(&mut self, decision: Option<usize>) {
        self.take_over();
        let s = self.session.world().scenario().clone();
        let (inputs, at) = before_decision(&self.session, decision);
        self.kept.branches.push(Branch {
            parted: at,
            reached: self.left_at.take().unwrap_or(self.now()),
            script: record_of(&self.session),
        });
        let mut night = Session::new(s.clone(), self.session.seed());
        night.play_entries(&inputs.in_order(&s));
        night.run_until(at);
        self.session = night;
        self.saved_debrief = None;
        self.after_jump();
        self.mode = Mode::Playing;
        self.paused = true;
        self.lay_groundwork();
        let text = format!(
            "{} {}",
            strings().lines.rewound,
            self.scenario().clock_at(self.clock_minute())
        );
        self.show_flash(text, Health::Idle);
    }

    /// What the screen remembers of a night's events, made to fit a night replaced by another.
    fn after_jump(&mut self) {
        let n = self.session.world().events().len();
        self.acked = n;
        self.mark_events_seen();
        self.channel_scroll = 0;
        self.pager_scroll = 0;
        self.carry = 0.0;
    }
}

/// Run `night` on to `minute`, marking each teaching moment whose condition holds after a minute
/// (the first not yet met, one a minute, as the guided night stops on them).
fn advance_marking(night: &mut Session, minute: Minute, fired: &mut [bool]) {
    while night.now() < minute && !night.is_over() {
        night.step();
        let w = night.world();
        let s = w.scenario();
        if let Some(i) = (0..s.teaching.len()).find(|&i| !fired[i] && w.holds(&s.teaching[i].when))
        {
            fired[i] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::scenario;
    use crate::session::Script;
    use crate::ui::theme::Theme;

    fn app() -> App {
        let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).unwrap());
        App::new(s, 4, 60.0, Theme::PLAIN)
    }

    /// The expert's night, kept as a log.
    fn expert_log() -> NightLog {
        let a = app();
        let s = a.session.world().scenario().clone();
        let night = crate::session::run(s.clone(), 4, &Script::expert(&s));
        let mut log = NightLog::new(&s, None, 4, nightlog::Mode::Play);
        log.update(&night);
        log
    }

    #[test]
    fn a_played_back_night_takes_every_input_and_scores_the_same() {
        let log = expert_log();
        let mut a = app();
        a.play_back(&log, None);
        a.run_until(Minute::MAX);
        let again = log.replay(a.session.world().scenario().clone());
        assert_eq!(a.session.log().len(), again.log().len());
        assert_eq!(a.session.blast_radius(), again.blast_radius());
        assert!(a.replaying(), "watched to the end, nothing new to keep");
    }

    /// A guided night played back to a minute does not bring back, after it, the cards met
    /// before it: the welcome and the first errors were shown when the night was played.
    #[test]
    fn a_guided_night_played_back_to_a_minute_shows_no_card_met_before_it() {
        let log = expert_log();
        let mut a = app().guided();
        a.play_back(&log, Some(30));
        assert!(matches!(a.mode, Mode::Playing), "{:?}", a.mode);
        let met = a.guide.clone().unwrap();
        assert!(
            met[0] && met[1],
            "the welcome and the first errors were met: {met:?}"
        );
        a.step();
        assert!(!matches!(a.mode, Mode::Moment(0 | 1)), "{:?}", a.mode);
    }

    #[test]
    fn deciding_during_a_replay_takes_it_over_and_keeps_the_rest_as_a_branch() {
        let log = expert_log();
        let mut a = app();
        a.play_back(&log, Some(30));
        assert_eq!(a.now(), 30);
        assert!(a.paused, "--until stops there");
        let taken = a.session.log().len();
        assert!(taken > 0 && taken < log.script.0.len());
        a.rewind(Some(0));
        assert!(!a.replaying());
        // The kept night's line (from where it was taken over) and the line rewound from.
        assert_eq!(a.kept.branches.len(), 2);
        assert_eq!(a.kept.branches[0].script, log.script);
        assert!(a.session.log().is_empty());
        assert_eq!(
            a.now(),
            log.replay(a.session.world().scenario().clone()).log()[0].at
        );
    }
}
