//! The facilitator's console of a tabletop night: the clock moves only on the facilitator's key,
//! a round at a time or to the next thing that happens, with an optional discussion timer per
//! round; decisions are entered with a rationale and an owner; injects reach the channel. Also the
//! keys of the lists every mode shares: rewinding to a decision, choosing an owner, an inject.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, Control, Mode};
use super::keys::Intent;
use super::palette::Draft;
use super::strings::{fill, strings};
use super::theme::Health;
use crate::session::nightlog;

/// Most characters a typed owner or inject may have.
const TYPED_MAX: usize = 300;

/// How a tabletop night is run.
#[derive(Debug, Clone, PartialEq)]
pub struct Tabletop {
    /// Simulated minutes a round moves the clock.
    pub step: u32,
    /// Real time of discussion per round; `None`: no timer.
    pub discuss: Option<Duration>,
    /// Discussion time left in this round, counting down.
    pub left: Option<Duration>,
    /// The roles or names in the room, offered as owners.
    pub roles: Vec<String>,
}

impl Tabletop {
    /// Simulated minutes a press of the step key moves the clock, unless told otherwise.
    pub const DEFAULT_STEP: u32 = 5;

    /// The command-line flags that set this table up again: " --step 10 --discuss 3 --role IC".
    pub fn flags(&self) -> String {
        let mut out = String::new();
        if self.step != Tabletop::DEFAULT_STEP {
            out.push_str(&format!(" --step {}", self.step));
        }
        if let Some(d) = self.discuss {
            out.push_str(&format!(" --discuss {}", d.as_secs() / 60));
        }
        for r in &self.roles {
            out.push_str(&format!(
                " --role {}",
                crate::scenario::shown::shell_word(r)
            ));
        }
        out
    }

    pub fn new(step: u32, discuss_minutes: u32, roles: Vec<String>) -> Tabletop {
        let discuss =
            (discuss_minutes > 0).then(|| Duration::from_secs(60 * discuss_minutes as u64));
        Tabletop {
            step: step.max(1),
            discuss,
            left: discuss,
            roles,
        }
    }

    /// The timer as the console shows it ("4:59"), if there is one.
    pub fn timer(&self) -> Option<String> {
        self.left.map(|l| {
            let s = l.as_secs() + u64::from(l.subsec_nanos() > 0);
            format!("{}:{:02}", s / 60, s % 60)
        })
    }
}

impl App {
    /// Run this night as a tabletop: the facilitator's console.
    pub fn run_tabletop(&mut self, t: Tabletop) {
        self.kept.mode = nightlog::Mode::Tabletop;
        self.kept.roles = t.roles.clone();
        self.pause_on_critical = false;
        self.tabletop = Some(t);
    }

    /// Let real time pass on the discussion timer; whether what it shows changed.
    pub(super) fn discussion_passes(&mut self, elapsed: Duration) -> bool {
        let Some(t) = &mut self.tabletop else {
            return false;
        };
        let Some(left) = t.left else {
            return false;
        };
        let before = t.timer();
        let now = left.saturating_sub(elapsed);
        t.left = Some(now);
        let changed = t.timer() != before;
        if now.is_zero() && !left.is_zero() {
            self.show_flash(strings().tabletop.time_up.clone(), Health::Degraded);
        }
        changed
    }

    /// Real time until the discussion timer shows another second, while it runs.
    pub(super) fn until_timer_ticks(&self) -> Option<Duration> {
        let left = self.tabletop.as_ref()?.left?;
        if left.is_zero() {
            return None;
        }
        let frac = Duration::from_nanos(u64::from(left.subsec_nanos()));
        Some(if frac.is_zero() {
            Duration::from_secs(1)
        } else {
            frac
        })
    }

    /// Start the round's discussion timer again.
    fn new_round(&mut self) {
        if let Some(t) = &mut self.tabletop {
            t.left = t.discuss;
        }
    }

    /// Move the clock one round: the step's minutes, or less if the night ends or something
    /// stops it; the next round's discussion starts.
    pub fn step_round(&mut self) {
        let Some(step) = self.tabletop.as_ref().map(|t| t.step) else {
            return;
        };
        let end = self.now() + step;
        while self.now() < end && !self.session.is_over() && matches!(self.mode, Mode::Playing) {
            self.step();
        }
        self.carry = 0.0;
        self.new_round();
        if self.session.is_over() {
            self.end_night();
        }
    }

    /// The facilitator's console between rounds.
    pub(super) fn console(&mut self, intent: Intent) -> (Mode, Control) {
        match intent {
            Intent::Step => self.step_round(),
            Intent::SkipAhead => {
                self.skip_ahead();
                self.new_round();
                let mode = std::mem::replace(&mut self.mode, Mode::Playing);
                return (mode, Control::Continue);
            }
            Intent::Inject => return (Mode::Injects(0), Control::Continue),
            Intent::Facilitator => {
                return (Mode::Facilitator(Default::default()), Control::Continue);
            }
            Intent::Timer => self.new_round(),
            _ => return self.playing(intent),
        }
        let mode = std::mem::replace(&mut self.mode, Mode::Playing);
        (mode, Control::Continue)
    }

    /// The list of decisions to rewind to, opened from `from` (where closing it goes back).
    pub(super) fn open_rewind(&mut self, from: Mode) -> Mode {
        self.return_to = Some(Box::new(from));
        Mode::Rewind(self.session.log().len())
    }

    pub(super) fn rewind_key(&mut self, selected: usize, intent: Intent) -> Mode {
        let rows = self.session.log().len() + 1;
        match intent {
            Intent::Up => Mode::Rewind(selected.saturating_sub(1)),
            Intent::Down => Mode::Rewind((selected + 1).min(rows - 1)),
            Intent::Take => {
                self.return_to = None;
                self.rewind(selected.checked_sub(1));
                std::mem::replace(&mut self.mode, Mode::Playing)
            }
            _ => self.return_to.take().map_or(Mode::Playing, |m| *m),
        }
    }

    /// The rows of the owner list: the roles in the room, then any other owner named tonight.
    pub fn owners(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .tabletop
            .as_ref()
            .map(|t| t.roles.clone())
            .unwrap_or_default();
        for d in self.session.log() {
            if let Some(o) = &d.owner
                && !out.contains(o)
            {
                out.push(o.clone());
            }
        }
        out
    }

    pub(super) fn owner_key(
        &mut self,
        mut draft: Draft,
        selected: usize,
        mut typed: String,
        intent: Intent,
        key: KeyEvent,
    ) -> Mode {
        let owners = self.owners();
        let mut selected = selected;
        match intent {
            Intent::Back => return Mode::Palette(draft.palette),
            Intent::Up => selected = selected.saturating_sub(1),
            Intent::Down => selected = (selected + 1).min(owners.len().saturating_sub(1)),
            Intent::Erase => {
                typed.pop();
            }
            // A number picks a role while no name is begun; in a name, it is part of it.
            Intent::PickNumber if typed.is_empty() => {
                if let KeyCode::Char(c @ '1'..='9') = key.code
                    && let Some(name) = owners.get(c as usize - '1' as usize)
                {
                    draft.owner = Some(name.clone());
                    return self.after_choice(draft);
                }
            }
            Intent::Type | Intent::PickNumber => {
                if let KeyCode::Char(c) = key.code
                    && typed.chars().count() < TYPED_MAX
                {
                    typed.push(c);
                }
            }
            Intent::Take => {
                let name = if typed.trim().is_empty() {
                    owners.get(selected).cloned().unwrap_or_default()
                } else {
                    typed.trim().to_string()
                };
                draft.owner = Some(name);
                return self.after_choice(draft);
            }
            _ => {}
        }
        Mode::Owner {
            draft,
            selected,
            typed,
        }
    }

    pub(super) fn injects_key(&mut self, selected: usize, intent: Intent) -> Mode {
        let pool = self.scenario().injects.len();
        match intent {
            Intent::Up => Mode::Injects(selected.saturating_sub(1)),
            Intent::Down => Mode::Injects((selected + 1).min(pool)),
            Intent::Take if selected == pool => Mode::InjectText(String::new()),
            Intent::Take => {
                self.take_over();
                let title = self.scenario().injects[selected].title.clone();
                match self.session.fire_inject(selected) {
                    Ok(()) => {
                        let text = fill(&strings().tabletop.fired, &[("title", &title)]);
                        self.show_flash(text, Health::Ok);
                        self.channel_scroll = 0;
                        Mode::Playing
                    }
                    Err(why) => {
                        self.show_flash(format!("✗ {why}"), Health::Down);
                        Mode::Injects(selected)
                    }
                }
            }
            _ => Mode::Playing,
        }
    }

    pub(super) fn inject_text_key(
        &mut self,
        mut text: String,
        intent: Intent,
        key: KeyEvent,
    ) -> Mode {
        match intent {
            Intent::Back => return Mode::Injects(self.scenario().injects.len()),
            Intent::Erase => {
                text.pop();
            }
            Intent::Type => {
                if let KeyCode::Char(c) = key.code
                    && text.chars().count() < TYPED_MAX
                {
                    text.push(c);
                }
            }
            Intent::Take => {
                let (from, said) = split_speaker(&text);
                if said.is_empty() {
                    return Mode::InjectText(text);
                }
                self.take_over();
                self.session.inject_typed(&from, &said);
                let fired = fill(&strings().tabletop.fired, &[("title", &said)]);
                self.show_flash(fired, Health::Ok);
                self.channel_scroll = 0;
                return Mode::Playing;
            }
            _ => {}
        }
        Mode::InjectText(text)
    }

    /// The shell saved the debrief (or could not): say so.
    pub fn saved_report(&mut self, saved: Result<std::path::PathBuf, String>) {
        match saved {
            Ok(path) => {
                let shown = crate::scenario::shown::path(&path);
                self.saved_debrief = Some(path.clone());
                let text = fill(&strings().lines.saved, &[("path", &shown)]);
                self.show_flash(text, Health::Ok);
            }
            Err(why) => {
                let text = fill(&strings().lines.not_saved, &[("why", &why)]);
                self.show_flash(text, Health::Down);
            }
        }
    }
}

/// "Dana: where are we?" as (who, what they say); without a speaker, the facilitator says it.
pub fn split_speaker(text: &str) -> (String, String) {
    match text.split_once(':') {
        Some((who, said)) if !who.trim().is_empty() && who.chars().count() <= 40 => {
            (who.trim().to_string(), said.trim().to_string())
        }
        _ => (
            strings().tabletop.facilitator.clone(),
            text.trim().to_string(),
        ),
    }
}

#[cfg(test)]
mod tests {

    /// The line that says how to play the night again sets the table up as it was.
    #[test]
    fn a_tables_flags_set_it_up_again() {
        assert_eq!(Tabletop::new(Tabletop::DEFAULT_STEP, 0, vec![]).flags(), "");
        assert_eq!(
            Tabletop::new(10, 3, vec!["IC".into(), "comms lead".into()]).flags(),
            " --step 10 --discuss 3 --role IC --role 'comms lead'"
        );
    }

    use super::*;

    #[test]
    fn a_typed_inject_names_its_speaker_or_the_facilitator_says_it() {
        assert_eq!(
            split_speaker("Dana (COO): where are we?"),
            ("Dana (COO)".to_string(), "where are we?".to_string())
        );
        let (who, said) = split_speaker("the store in Leeds is down");
        assert_eq!(said, "the store in Leeds is down");
        assert_eq!(who, strings().tabletop.facilitator);
    }

    #[test]
    fn the_timer_counts_down_in_whole_seconds() {
        let mut t = Tabletop::new(5, 2, vec![]);
        assert_eq!(t.timer().as_deref(), Some("2:00"));
        t.left = Some(Duration::from_millis(61_500));
        assert_eq!(t.timer().as_deref(), Some("1:02"));
        assert_eq!(Tabletop::new(5, 0, vec![]).timer(), None);
    }
}
