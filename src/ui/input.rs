//! Keys, mode by mode. Every key the game knows is listed in [`HELP`]; the help screen and the key bar
//! are drawn from it.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{App, Control, Mode};
use super::debrief::PAGES;
use super::palette::{self, Draft, Palette};
use crate::scenario::TargetKind;

/// (keys, what they do), for the help screen.
pub const HELP: &[(&str, &str)] = &[
    (
        ":",
        "open the action palette: type to filter, Enter to take",
    ),
    (
        "↑ ↓",
        "move in the palette or a list (also Ctrl-P Ctrl-N, j k)",
    ),
    ("1-9", "pick a target by its number"),
    (
        "Tab",
        "in the palette or target list: add a one-line note first",
    ),
    ("Esc", "close the palette, the note or this help"),
    ("Space", "pause or resume the clock"),
    ("+ -", "faster or slower: 1×, 10×, 60×, 120×, 300×"),
    ("a", "acknowledge the alerts on the pager"),
    (
        "PgUp PgDn",
        "scroll the incident channel (↑ ↓ a line, End: newest)",
    ),
    ("?", "this help"),
    (
        "q",
        "leave the night: y quits, e ends it and shows the debrief",
    ),
    (
        "Tab ← →",
        "in the debrief on a small screen: next or previous page",
    ),
    ("Ctrl-C", "quit at once"),
];

impl App {
    /// Handle one key. Pure: changes only the app (and, through the session, takes decisions).
    pub fn handle_key(&mut self, key: KeyEvent) -> Control {
        if key.kind == KeyEventKind::Release {
            return Control::Continue;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            return Control::Quit;
        }
        self.flash = None;
        let mode = std::mem::replace(&mut self.mode, Mode::Playing);
        let (mode, control) = match mode {
            Mode::Playing => self.playing(key),
            Mode::Palette(p) => (self.palette_key(p, key), Control::Continue),
            Mode::Target { draft, selected } => {
                (self.target_key(draft, selected, key), Control::Continue)
            }
            Mode::Note(d) => (self.note_key(d, key), Control::Continue),
            Mode::Help => (Mode::Playing, Control::Continue),
            Mode::ConfirmQuit => match key.code {
                KeyCode::Char('y' | 'q') => (Mode::ConfirmQuit, Control::Quit),
                KeyCode::Char('e') => {
                    self.end_night();
                    return Control::Continue;
                }
                _ => (Mode::Playing, Control::Continue),
            },
            Mode::Debrief(mut d) => match key.code {
                KeyCode::Char('q') | KeyCode::Esc => (Mode::Debrief(d), Control::Quit),
                KeyCode::Tab | KeyCode::Right => {
                    d.page = (d.page + 1) % PAGES.len();
                    d.scroll = 0;
                    (Mode::Debrief(d), Control::Continue)
                }
                KeyCode::BackTab | KeyCode::Left => {
                    d.page = (d.page + PAGES.len() - 1) % PAGES.len();
                    d.scroll = 0;
                    (Mode::Debrief(d), Control::Continue)
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    d.scroll = d.scroll.saturating_add(1);
                    (Mode::Debrief(d), Control::Continue)
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    d.scroll = d.scroll.saturating_sub(1);
                    (Mode::Debrief(d), Control::Continue)
                }
                KeyCode::PageDown => {
                    d.scroll = d.scroll.saturating_add(10);
                    (Mode::Debrief(d), Control::Continue)
                }
                KeyCode::PageUp => {
                    d.scroll = d.scroll.saturating_sub(10);
                    (Mode::Debrief(d), Control::Continue)
                }
                _ => (Mode::Debrief(d), Control::Continue),
            },
        };
        self.mode = mode;
        control
    }

    fn playing(&mut self, key: KeyEvent) -> (Mode, Control) {
        match key.code {
            KeyCode::Char(':') => return (Mode::Palette(Palette::default()), Control::Continue),
            KeyCode::Char('?') => return (Mode::Help, Control::Continue),
            KeyCode::Char('q') => {
                if self.session.is_over() {
                    return (Mode::Playing, Control::Quit);
                }
                return (Mode::ConfirmQuit, Control::Continue);
            }
            KeyCode::Char(' ') => self.paused = !self.paused,
            KeyCode::Char('+' | '=') => self.faster(),
            KeyCode::Char('-' | '_') => self.slower(),
            KeyCode::Char('a') => self.acknowledge(),
            KeyCode::Up | KeyCode::Char('k') => self.channel_scroll += 1,
            KeyCode::Down | KeyCode::Char('j') => {
                self.channel_scroll = self.channel_scroll.saturating_sub(1)
            }
            KeyCode::PageUp => self.channel_scroll += 10,
            KeyCode::PageDown => self.channel_scroll = self.channel_scroll.saturating_sub(10),
            KeyCode::End => self.channel_scroll = 0,
            _ => {}
        }
        (Mode::Playing, Control::Continue)
    }

    fn palette_key(&mut self, mut p: Palette, key: KeyEvent) -> Mode {
        let found = palette::matches(self.scenario(), &p.query);
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Esc => return Mode::Playing,
            KeyCode::Up => p.selected = p.selected.saturating_sub(1),
            KeyCode::Char('p') if ctrl => p.selected = p.selected.saturating_sub(1),
            KeyCode::Down => p.selected = (p.selected + 1).min(found.len().saturating_sub(1)),
            KeyCode::Char('n') if ctrl => {
                p.selected = (p.selected + 1).min(found.len().saturating_sub(1))
            }
            KeyCode::Backspace => {
                p.query.pop();
                p.selected = 0;
            }
            KeyCode::Char(c) if !ctrl => {
                p.query.push(c);
                p.selected = 0;
            }
            KeyCode::Enter | KeyCode::Tab => {
                let Some(&action) = found.get(p.selected) else {
                    return Mode::Palette(p);
                };
                let draft = Draft {
                    action,
                    target: None,
                    note: String::new(),
                    palette: p,
                };
                return if key.code == KeyCode::Tab {
                    Mode::Note(draft)
                } else {
                    self.after_choice(draft)
                };
            }
            _ => {}
        }
        Mode::Palette(p)
    }

    /// The next step of a draft: its target if it needs one, else take it.
    fn after_choice(&mut self, draft: Draft) -> Mode {
        let kind = self.target_kind(draft.action);
        if kind != TargetKind::None && draft.target.is_none() {
            return Mode::Target { draft, selected: 0 };
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

    fn target_key(&mut self, mut draft: Draft, mut selected: usize, key: KeyEvent) -> Mode {
        let n = self
            .scenario()
            .target_names(self.target_kind(draft.action))
            .len();
        match key.code {
            KeyCode::Esc => return Mode::Palette(draft.palette),
            KeyCode::Up | KeyCode::Char('k') => selected = selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                selected = (selected + 1).min(n.saturating_sub(1))
            }
            KeyCode::Char(c @ '1'..='9') => {
                let i = c as usize - '1' as usize;
                if i < n {
                    draft.target = Some(i);
                    return self.after_choice(draft);
                }
            }
            KeyCode::Enter if n > 0 => {
                draft.target = Some(selected.min(n - 1));
                return self.after_choice(draft);
            }
            KeyCode::Tab if n > 0 => {
                draft.target = Some(selected.min(n - 1));
                return Mode::Note(draft);
            }
            _ => {}
        }
        Mode::Target { draft, selected }
    }

    fn note_key(&mut self, mut draft: Draft, key: KeyEvent) -> Mode {
        match key.code {
            KeyCode::Esc => return Mode::Palette(draft.palette),
            KeyCode::Enter => return self.after_choice(draft),
            KeyCode::Backspace => {
                draft.note.pop();
            }
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL)
                    && draft.note.chars().count() < 200 =>
            {
                draft.note.push(c);
            }
            _ => {}
        }
        Mode::Note(draft)
    }
}
