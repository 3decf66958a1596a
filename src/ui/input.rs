//! Keys, mode by mode: the key is looked up in the mode's table ([`super::keys`]) and the app acts on
//! what it means. The help screen and the key bar are drawn from the same tables.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{App, Control, Mode};
use super::debrief::{PAGES, TRUTH};
use super::keys::{self, Context, Intent};
use super::palette::{self, Draft, Palette};
use crate::scenario::TargetKind;

/// Longest note, in characters.
const NOTE_MAX: usize = 200;

impl App {
    /// Handle one key. Pure: changes only the app (and, through the session, takes decisions).
    pub fn handle_key(&mut self, key: KeyEvent) -> Control {
        if key.kind == KeyEventKind::Release {
            return Control::Continue;
        }
        let intent = keys::lookup(Context::of_app(self), &key).map(|b| b.intent);
        if intent == Some(Intent::ForceQuit) {
            return Control::Quit;
        }
        self.flash = None;
        let Some(intent) = intent else {
            return Control::Continue;
        };
        let mode = std::mem::replace(&mut self.mode, Mode::Playing);
        let (mode, control) = match mode {
            Mode::Playing if self.tabletop.is_some() => self.console(intent),
            Mode::Playing => self.playing(intent),
            Mode::Rewind(selected) => (self.rewind_key(selected, intent), Control::Continue),
            Mode::Owner {
                draft,
                selected,
                typed,
            } => (
                self.owner_key(draft, selected, typed, intent, key),
                Control::Continue,
            ),
            Mode::Injects(selected) => (self.injects_key(selected, intent), Control::Continue),
            Mode::InjectText(text) => (self.inject_text_key(text, intent, key), Control::Continue),
            Mode::Facilitator(mut n) => match intent {
                Intent::ReadUp | Intent::ReadDown => {
                    let by = if matches!(key.code, KeyCode::PageUp | KeyCode::PageDown) {
                        n.page()
                    } else {
                        1
                    };
                    n.scroll = if intent == Intent::ReadUp {
                        n.scroll.saturating_sub(by)
                    } else {
                        n.scroll.saturating_add(by)
                    };
                    // Not past the end of what the last frame showed.
                    if let Some((furthest, _)) = n.shown.get() {
                        n.scroll = n.scroll.min(furthest);
                    }
                    (Mode::Facilitator(n), Control::Continue)
                }
                _ => (Mode::Playing, Control::Continue),
            },
            Mode::Palette(p) => (self.palette_key(p, intent, key), Control::Continue),
            Mode::Target { draft, selected } => (
                self.target_key(draft, selected, intent, key),
                Control::Continue,
            ),
            Mode::Note(d) => (self.note_key(d, intent, key), Control::Continue),
            Mode::Help => match intent {
                Intent::Legend | Intent::Glossary => {
                    self.return_to = Some(Box::new(Mode::Help));
                    let mode = if intent == Intent::Legend {
                        Mode::Legend(0)
                    } else {
                        Mode::Glossary(0)
                    };
                    (mode, Control::Continue)
                }
                // `:` acts: the palette, while the night goes on (wherever help was opened from).
                Intent::OpenPalette if !self.session.is_over() => {
                    self.return_to = None;
                    (Mode::Palette(Palette::default()), Control::Continue)
                }
                // Back to what it was opened from: the main screen, or a teaching moment.
                _ => (self.back(), Control::Continue),
            },
            Mode::Knowledge => match intent {
                Intent::OpenPalette if !self.session.is_over() => {
                    (Mode::Palette(Palette::default()), Control::Continue)
                }
                _ => (Mode::Playing, Control::Continue),
            },
            Mode::Moment(i) => match intent {
                Intent::Help => {
                    self.return_to = Some(Box::new(Mode::Moment(i)));
                    (Mode::Help, Control::Continue)
                }
                Intent::Hint | Intent::Glossary => {
                    // Closing what opens here comes back to the moment.
                    self.return_to = Some(Box::new(Mode::Moment(i)));
                    let mode = if intent == Intent::Hint {
                        self.open_hints()
                    } else {
                        Mode::Glossary(0)
                    };
                    (mode, Control::Continue)
                }
                Intent::Continue => (Mode::Playing, Control::Continue),
                Intent::OpenPalette => (Mode::Palette(Palette::default()), Control::Continue),
                // Leaving asks first, as it does anywhere; declined, the card comes back.
                Intent::Leave => {
                    self.return_to = Some(Box::new(Mode::Moment(i)));
                    (Mode::ConfirmQuit, Control::Continue)
                }
                _ => (Mode::Moment(i), Control::Continue),
            },
            Mode::Hint { lesson, .. } => match (intent, lesson) {
                // A rung taken; with none left to take (and the footer offering none), `h`
                // closes the ladder like any other key.
                (Intent::TakeHint, _) => match lesson.and_then(|l| self.session.take_hint(l)) {
                    Some(_) => (
                        Mode::Hint {
                            lesson,
                            offered: false,
                        },
                        Control::Continue,
                    ),
                    None => (self.back(), Control::Continue),
                },
                // Declines an offer (or closes the ladder) and opens the palette, wherever the
                // ladder was opened from: the player wanted to act.
                (Intent::OpenPalette, _) => {
                    self.return_to = None;
                    (Mode::Palette(Palette::default()), Control::Continue)
                }
                (Intent::Glossary, _) => {
                    if self.return_to.is_none() {
                        self.return_to = Some(Box::new(Mode::Hint {
                            lesson,
                            offered: false,
                        }));
                    }
                    (Mode::Glossary(0), Control::Continue)
                }
                _ => (self.back(), Control::Continue),
            },
            Mode::Glossary(n) => match reading(intent, n, Mode::Glossary) {
                Some(m) => (m, Control::Continue),
                None => (self.back(), Control::Continue),
            },
            Mode::Legend(n) => match reading(intent, n, Mode::Legend) {
                Some(m) => (m, Control::Continue),
                None => (self.back(), Control::Continue),
            },
            Mode::ConfirmQuit => match intent {
                Intent::QuitNow => (Mode::ConfirmQuit, Control::Quit),
                Intent::EndNight => {
                    self.end_night();
                    return Control::Continue;
                }
                _ => (self.back(), Control::Continue),
            },
            Mode::Weighing => {
                let control = if intent == Intent::LeaveDebrief {
                    Control::Quit
                } else {
                    Control::Continue
                };
                (Mode::Weighing, control)
            }
            Mode::Debrief(d) if intent == Intent::Rewind => {
                let mode = Mode::Debrief(d);
                (self.open_rewind(mode), Control::Continue)
            }
            Mode::Debrief(mut d) => {
                if intent == Intent::SaveDebrief {
                    self.save_wanted = true;
                }
                let page = d.page;
                let control = debrief_key(&mut d.page, &mut d.scroll, intent, self.wide);
                // Not past the end of what the last frame showed, on the same page.
                if let Some(furthest) = d.furthest.get().filter(|_| d.page == page) {
                    d.scroll = d.scroll.min(furthest);
                }
                (Mode::Debrief(d), control)
            }
        };
        self.mode = mode;
        control
    }

    /// Where closing a glossary, legend or hint goes: what it was opened from, or the main screen.
    fn back(&mut self) -> Mode {
        self.return_to.take().map_or(Mode::Playing, |m| *m)
    }

    pub(super) fn playing(&mut self, intent: Intent) -> (Mode, Control) {
        self.return_to = None;
        match intent {
            Intent::OpenPalette => return (Mode::Palette(Palette::default()), Control::Continue),
            Intent::Help => return (Mode::Help, Control::Continue),
            Intent::Knowledge => return (Mode::Knowledge, Control::Continue),
            Intent::Hint => return (self.open_hints(), Control::Continue),
            Intent::Glossary => return (Mode::Glossary(0), Control::Continue),
            Intent::Rewind => return (self.open_rewind(Mode::Playing), Control::Continue),
            Intent::SkipAhead => {
                self.skip_ahead();
                // Skipping may stop on a teaching moment or a hint, or end the night.
                let mode = std::mem::replace(&mut self.mode, Mode::Playing);
                return (mode, Control::Continue);
            }
            Intent::Leave => {
                if self.session.is_over() {
                    return (Mode::Playing, Control::Quit);
                }
                return (Mode::ConfirmQuit, Control::Continue);
            }
            Intent::TogglePause => self.paused = !self.paused,
            Intent::Faster => self.faster(),
            Intent::Slower => self.slower(),
            Intent::Acknowledge => self.acknowledge(),
            Intent::ScrollUp => self.channel_scroll += 1,
            Intent::ScrollDown => self.channel_scroll = self.channel_scroll.saturating_sub(1),
            Intent::PageUp => self.channel_scroll += self.channel_page(),
            Intent::PageDown => {
                self.channel_scroll = self.channel_scroll.saturating_sub(self.channel_page());
            }
            Intent::Newest => self.channel_scroll = 0,
            Intent::PagerOlder => {
                let alerts = super::view::pager_len(self);
                self.pager_scroll = (self.pager_scroll + 1).min(alerts.saturating_sub(1));
            }
            Intent::PagerNewer => self.pager_scroll = self.pager_scroll.saturating_sub(1),
            _ => {}
        }
        (Mode::Playing, Control::Continue)
    }

    fn palette_key(&mut self, mut p: Palette, intent: Intent, key: KeyEvent) -> Mode {
        let found = palette::matches(self.scenario(), &p.query);
        match intent {
            Intent::Close => return Mode::Playing,
            Intent::Up => p.selected = p.selected.saturating_sub(1),
            Intent::Down => p.selected = (p.selected + 1).min(found.len().saturating_sub(1)),
            Intent::Erase => {
                // Backspace takes a letter back; Ctrl-U the whole filter.
                if key.modifiers.contains(KeyModifiers::CONTROL) {
                    p.query.clear();
                } else {
                    p.query.pop();
                }
                p.selected = 0;
            }
            Intent::Filter => {
                if let KeyCode::Char(c) = key.code {
                    p.query.push(c);
                    p.selected = 0;
                }
            }
            Intent::Take | Intent::AddNote => {
                let Some(&action) = found.get(p.selected) else {
                    return Mode::Palette(p);
                };
                let draft = Draft {
                    action,
                    target: None,
                    note: String::new(),
                    owner: None,
                    noted: false,
                    palette: p,
                };
                return if intent == Intent::AddNote {
                    Mode::Note(draft)
                } else {
                    self.after_choice(draft)
                };
            }
            _ => {}
        }
        Mode::Palette(p)
    }

    /// The next step of a draft: its target if it needs one; in a tabletop night, the rationale
    /// and then who owns it; then take it.
    pub(super) fn after_choice(&mut self, mut draft: Draft) -> Mode {
        let kind = self.target_kind(draft.action);
        if kind != TargetKind::None && draft.target.is_none() {
            return Mode::Target { draft, selected: 0 };
        }
        if self.tabletop.is_some() {
            if !draft.noted && draft.note.trim().is_empty() {
                draft.noted = true;
                return Mode::Note(draft);
            }
            if draft.owner.is_none() {
                return Mode::Owner {
                    draft,
                    selected: 0,
                    typed: String::new(),
                };
            }
        }
        self.take(&draft);
        std::mem::replace(&mut self.mode, Mode::Playing)
    }

    fn target_kind(&self, action: usize) -> TargetKind {
        self.scenario()
            .actions
            .get(action)
            .map_or(TargetKind::None, |a| a.target)
    }

    fn target_key(
        &mut self,
        mut draft: Draft,
        mut selected: usize,
        intent: Intent,
        key: KeyEvent,
    ) -> Mode {
        let n = self
            .scenario()
            .target_names(self.target_kind(draft.action))
            .len();
        match intent {
            Intent::Back => return Mode::Palette(draft.palette),
            Intent::Up => selected = selected.saturating_sub(1),
            Intent::Down => selected = (selected + 1).min(n.saturating_sub(1)),
            Intent::PickNumber => {
                if let KeyCode::Char(c @ '1'..='9') = key.code {
                    let i = c as usize - '1' as usize;
                    if i < n {
                        draft.target = Some(i);
                        return self.after_choice(draft);
                    }
                }
            }
            Intent::Take if n > 0 => {
                draft.target = Some(selected.min(n - 1));
                return self.after_choice(draft);
            }
            Intent::AddNote if n > 0 => {
                draft.target = Some(selected.min(n - 1));
                return Mode::Note(draft);
            }
            _ => {}
        }
        Mode::Target { draft, selected }
    }

    fn note_key(&mut self, mut draft: Draft, intent: Intent, key: KeyEvent) -> Mode {
        match intent {
            Intent::Back => return Mode::Palette(draft.palette),
            Intent::Take => {
                draft.noted = true;
                return self.after_choice(draft);
            }
            Intent::Erase => {
                if key.modifiers.contains(KeyModifiers::CONTROL) {
                    draft.note.clear();
                } else {
                    draft.note.pop();
                }
            }
            Intent::Write => {
                if let KeyCode::Char(c) = key.code
                    && draft.note.chars().count() < NOTE_MAX
                {
                    draft.note.push(c);
                }
            }
            _ => {}
        }
        Mode::Note(draft)
    }
}

/// The glossary or the legend scrolled; `None` when the key closes it.
fn reading(intent: Intent, n: u16, mode: fn(u16) -> Mode) -> Option<Mode> {
    match intent {
        Intent::ReadUp => Some(mode(n.saturating_sub(1))),
        Intent::ReadDown => Some(mode(n.saturating_add(1))),
        _ => None,
    }
}

/// The debrief: which page a small screen shows, and how far its lists are scrolled. A wide
/// screen has two pages: everything else, and the truth.
fn debrief_key(page: &mut usize, scroll: &mut u16, intent: Intent, wide: bool) -> Control {
    match intent {
        Intent::LeaveDebrief => return Control::Quit,
        Intent::NextPage | Intent::PrevPage if wide => {
            *page = if *page == TRUTH { 0 } else { TRUTH };
            *scroll = 0;
        }
        Intent::NextPage => {
            *page = (*page + 1) % PAGES.len();
            *scroll = 0;
        }
        Intent::PrevPage => {
            *page = (*page + PAGES.len() - 1) % PAGES.len();
            *scroll = 0;
        }
        Intent::DebriefDown => *scroll = scroll.saturating_add(1),
        Intent::DebriefUp => *scroll = scroll.saturating_sub(1),
        Intent::DebriefPageDown => *scroll = scroll.saturating_add(10),
        Intent::DebriefPageUp => *scroll = scroll.saturating_sub(10),
        _ => {}
    }
    Control::Continue
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crossterm::event::KeyEvent;

    use super::*;
    use crate::scenario;
    use crate::ui::keys::{GLOBAL, Key, table};
    use crate::ui::theme::Theme;

    fn app() -> App {
        let s = Arc::new(scenario::builtin(scenario::FLAGSHIP).expect("the flagship loads"));
        let mut app = App::new(s, 7, 60.0, Theme::PLAIN);
        app.run_until(40);
        app.channel_scroll = 20;
        app.pager_scroll = 1;
        app
    }

    /// A tabletop with three roles, five-minute rounds and a three-minute discussion timer.
    fn room() -> crate::ui::Tabletop {
        crate::ui::Tabletop::new(5, 3, vec!["IC".into(), "Comms".into(), "Scribe".into()])
    }

    /// Put a fresh app in the mode of a key table.
    fn in_mode(c: Context) -> App {
        let mut a = app();
        let find = |a: &App, id: &str| {
            a.scenario()
                .actions
                .iter()
                .position(|x| x.id == id)
                .expect("the flagship has the action")
        };
        let draft = |action| Draft {
            action,
            target: None,
            note: "ab".into(),
            owner: None,
            noted: false,
            palette: Palette {
                query: "z".into(),
                selected: 0,
            },
        };
        a.mode = match c {
            Context::Playing => Mode::Playing,
            Context::Palette => Mode::Palette(Palette {
                query: String::new(),
                selected: 2,
            }),
            Context::Target => Mode::Target {
                draft: draft(find(&a, "restart_service")),
                selected: 1,
            },
            Context::Note => Mode::Note(draft(find(&a, "open_incident_channel"))),
            Context::Help => Mode::Help,
            Context::Knowledge => Mode::Knowledge,
            Context::ConfirmQuit => Mode::ConfirmQuit,
            Context::Moment => Mode::Moment(0),
            Context::Hint => Mode::Hint {
                lesson: a
                    .scenario()
                    .lessons
                    .iter()
                    .position(|l| !l.hints.is_empty()),
                offered: false,
            },
            Context::Reading => Mode::Glossary(3),
            Context::Tabletop => {
                a.run_tabletop(room());
                if let Some(t) = &mut a.tabletop {
                    t.left = Some(std::time::Duration::from_secs(10));
                }
                Mode::Playing
            }
            Context::Rewind => {
                a.session
                    .act_id("open_incident_channel", None, None)
                    .unwrap();
                a.run_until(45);
                a.session.act_id("freeze_cicd", None, None).unwrap();
                a.return_to = Some(Box::new(Mode::Playing));
                Mode::Rewind(1)
            }
            Context::Owner => {
                a.run_tabletop(room());
                Mode::Owner {
                    draft: Draft {
                        noted: true,
                        ..draft(find(&a, "open_incident_channel"))
                    },
                    selected: 1,
                    typed: String::new(),
                }
            }
            Context::Injects => Mode::Injects(1),
            Context::InjectText => Mode::InjectText("Dana: ab".into()),
            Context::Facilitator => Mode::Facilitator(crate::ui::app::Notes {
                scroll: 30,
                ..Default::default()
            }),
            Context::Debrief => {
                a.end_night();
                a.wait_for_debrief();
                let Mode::Debrief(mut d) = std::mem::replace(&mut a.mode, Mode::Playing) else {
                    unreachable!()
                };
                d.page = 1;
                d.scroll = 20;
                Mode::Debrief(d)
            }
        };
        a
    }

    /// What each intent does, seen from outside: the app before and after the key, and its answer.
    fn did(intent: Intent, before: &App, after: &App, control: Control) -> bool {
        use Mode as M;
        let quit = control == Control::Quit;
        match (intent, &before.mode, &after.mode) {
            (Intent::ForceQuit | Intent::QuitNow | Intent::LeaveDebrief, ..) => quit,
            _ if quit => false,
            (Intent::OpenPalette, _, M::Palette(p)) => p.query.is_empty(),
            (Intent::Help, _, M::Help) => true,
            (Intent::Knowledge, _, M::Knowledge) => true,
            (Intent::Leave, _, M::ConfirmQuit) => true,
            (Intent::TogglePause, ..) => after.paused != before.paused,
            (Intent::Faster, ..) => after.speed > before.speed,
            (Intent::Slower, ..) => after.speed < before.speed,
            (Intent::Acknowledge, ..) => before.unacked() > 0 && after.unacked() == 0,
            (Intent::ScrollUp, ..) => after.channel_scroll == before.channel_scroll + 1,
            (Intent::ScrollDown, ..) => after.channel_scroll + 1 == before.channel_scroll,
            (Intent::PageUp, ..) => {
                after.channel_scroll == before.channel_scroll + before.channel_page()
            }
            (Intent::PageDown, ..) => {
                after.channel_scroll + before.channel_page() == before.channel_scroll
            }
            (Intent::Newest, ..) => after.channel_scroll == 0,
            (Intent::PagerOlder, ..) => after.pager_scroll == before.pager_scroll + 1,
            (Intent::PagerNewer, ..) => after.pager_scroll + 1 == before.pager_scroll,
            (Intent::Filter, _, M::Palette(p)) => p.query == "x",
            (Intent::Write, _, M::Note(d)) => d.note == "abx",
            (Intent::Erase, M::Palette(_), M::Palette(p)) => p.query.is_empty(),
            // Backspace takes the last letter; Ctrl-U everything.
            (Intent::Erase, M::Note(b), M::Note(d)) => {
                b.note.starts_with(&d.note) && d.note.len() < b.note.len()
            }
            (Intent::Up, M::Palette(_), M::Palette(p)) => p.selected == 1,
            (Intent::Down, M::Palette(_), M::Palette(p)) => p.selected == 3,
            (Intent::Up, _, M::Target { selected, .. }) => *selected == 0,
            (Intent::Down, _, M::Target { selected, .. }) => *selected == 2,
            // A decision taken: it is in the log, and a refusal or an instant one shows in the
            // key bar (work under way shows on its own line).
            (
                Intent::PickNumber | Intent::Take,
                M::Palette(_) | M::Target { .. } | M::Note(_),
                M::Playing,
            ) => {
                after.session.log().len() == before.session.log().len() + 1
                    && (after.flash.is_some() || !after.session.world().crew().pending().is_empty())
            }
            (Intent::AddNote, _, M::Note(_)) => true,
            (Intent::Close, _, M::Playing) => true,
            (Intent::Back, M::Owner { .. }, M::Palette(p)) => p.query == "z",
            (Intent::Back, _, M::Palette(p)) => p.query == "z",
            (Intent::CloseHelp | Intent::KeepPlaying, _, M::Playing) => true,
            (Intent::EndNight, _, M::Weighing | M::Debrief(_)) => true,
            (Intent::NextPage, M::Debrief(b), M::Debrief(a)) => a.page == b.page + 1,
            (Intent::PrevPage, M::Debrief(b), M::Debrief(a)) => a.page + 1 == b.page,
            (Intent::DebriefUp, M::Debrief(b), M::Debrief(a)) => a.scroll + 1 == b.scroll,
            (Intent::DebriefDown, M::Debrief(b), M::Debrief(a)) => a.scroll == b.scroll + 1,
            (Intent::DebriefPageUp, M::Debrief(b), M::Debrief(a)) => a.scroll + 10 == b.scroll,
            (Intent::DebriefPageDown, M::Debrief(b), M::Debrief(a)) => a.scroll == b.scroll + 10,
            (Intent::Hint, _, M::Hint { .. }) => after.session.hints().is_empty(),
            (Intent::TakeHint, M::Hint { .. }, M::Hint { .. }) => {
                after.session.hints().len() == before.session.hints().len() + 1
            }
            (Intent::Glossary, _, M::Glossary(0)) => true,
            (Intent::Legend, _, M::Legend(0)) => true,
            (Intent::SkipAhead, ..) => after.now() > before.now(),
            (Intent::Continue | Intent::CloseReading, _, M::Playing) => true,
            (Intent::ReadUp, _, M::Glossary(n)) => *n == 2,
            (Intent::ReadDown, _, M::Glossary(n)) => *n == 4,
            // Rewinding: to the decision chosen, the line played so far kept beside.
            (Intent::Rewind, _, M::Rewind(_)) => true,
            (Intent::Up, M::Rewind(_), M::Rewind(n)) => *n == 0,
            (Intent::Down, M::Rewind(_), M::Rewind(n)) => *n == 2,
            (Intent::Take, M::Rewind(_), M::Playing) => {
                after.kept.branches.len() == 1
                    && after.session.log().is_empty()
                    && after.now() == before.session.log()[0].at
            }
            (Intent::SaveDebrief, M::Debrief(_), M::Debrief(_)) => after.save_wanted,
            // The facilitator's console.
            (Intent::Step, ..) => after.now() == before.now() + 5,
            (Intent::Inject, _, M::Injects(0)) => true,
            (Intent::Facilitator, _, M::Facilitator(n)) => n.scroll == 0,
            (Intent::ReadUp, M::Facilitator(b), M::Facilitator(a)) => a.scroll < b.scroll,
            (Intent::ReadDown, M::Facilitator(b), M::Facilitator(a)) => a.scroll > b.scroll,
            (Intent::Timer, ..) => {
                let t = after.tabletop.as_ref().unwrap();
                t.left == t.discuss && t.discuss.is_some()
            }
            (Intent::Up, M::Owner { .. }, M::Owner { selected, .. }) => *selected == 0,
            (Intent::Down, M::Owner { .. }, M::Owner { selected, .. }) => *selected == 2,
            (Intent::Type, M::Owner { .. }, M::Owner { typed, .. }) => typed == "x",
            // 1 picks the first role in the room.
            (Intent::PickNumber, M::Owner { .. }, M::Playing) => {
                after.session.log().last().and_then(|d| d.owner.as_deref()) == Some("IC")
            }
            (Intent::Erase, M::Owner { .. }, M::Owner { typed, .. }) => typed.is_empty(),
            (Intent::Take, M::Owner { .. }, M::Playing) => {
                after.session.log().last().and_then(|d| d.owner.as_deref()) == Some("Comms")
            }
            (Intent::Up, M::Injects(_), M::Injects(n)) => *n == 0,
            (Intent::Down, M::Injects(_), M::Injects(n)) => *n == 2,
            (Intent::Take, M::Injects(_) | M::InjectText(_), M::Playing) => {
                after.session.injects().len() == 1 && after.flash.is_some()
            }
            (Intent::Type, M::InjectText(_), M::InjectText(x)) => x == "Dana: abx",
            (Intent::Erase, M::InjectText(_), M::InjectText(x)) => x == "Dana: a",
            (Intent::Back, M::InjectText(_), M::Injects(_)) => true,
            _ => false,
        }
    }

    #[test]
    fn every_key_of_every_table_does_what_its_binding_says() {
        let mut checked = 0;
        for c in Context::ALL {
            for b in GLOBAL.iter().chain(table(c)) {
                for k in b.keys {
                    let before = in_mode(c);
                    let mut after = in_mode(c);
                    let control = after.handle_key(k.example());
                    assert!(
                        did(b.intent, &before, &after, control),
                        "{c:?}: {k:?} should {:?}; the mode is now {:?}",
                        b.intent,
                        Context::of(&after.mode)
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn the_palette_filter_takes_j_and_k_and_capitals() {
        let mut a = in_mode(Context::Palette);
        for c in ['j', 'k', 'J'] {
            a.handle_key(Key::Char(c).example());
        }
        let Mode::Palette(p) = &a.mode else {
            panic!("still in the palette")
        };
        assert_eq!(p.query, "jkJ");
    }

    #[test]
    fn ctrl_u_clears_the_palette_filter_and_backspace_takes_one_letter() {
        let mut a = in_mode(Context::Palette);
        for c in ['r', 'e', 's'] {
            a.handle_key(Key::Char(c).example());
        }
        a.handle_key(Key::Code(KeyCode::Backspace).example());
        let Mode::Palette(p) = &a.mode else {
            panic!("still in the palette")
        };
        assert_eq!(p.query, "re");
        a.handle_key(Key::Ctrl('u').example());
        let Mode::Palette(p) = &a.mode else {
            panic!("still in the palette")
        };
        assert_eq!(p.query, "");
    }

    #[test]
    fn a_key_no_table_knows_changes_nothing() {
        let mut a = in_mode(Context::Playing);
        let before = (a.speed, a.paused, a.channel_scroll);
        assert_eq!(
            a.handle_key(KeyEvent::from(KeyCode::F(7))),
            Control::Continue
        );
        assert!(matches!(a.mode, Mode::Playing));
        assert_eq!(before, (a.speed, a.paused, a.channel_scroll));
    }
}
