//! The one key map: for every mode of the screen, which keys do what. Dispatch ([`App::handle_key`]),
//! the help popup and the key bar are all read from these tables, so they cannot disagree. The tables
//! hold keys only; what an intent is called on screen lives in `assets/text` (see
//! [`super::strings`]).
//!
//! [`App::handle_key`]: super::App::handle_key

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;

use super::app::Mode;

/// Everything a key can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
pub enum Intent {
    /// Quit at once, whatever is open.
    ForceQuit,
    OpenPalette,
    Help,
    /// What we know: the findings so far and the working theory.
    Knowledge,
    /// Leave the night: ask first while it is still going.
    Leave,
    TogglePause,
    Faster,
    Slower,
    Acknowledge,
    /// Scroll a line or a page (the incident channel, or the debrief).
    ScrollUp,
    ScrollDown,
    PageUp,
    PageDown,
    /// Back to the newest line of the channel.
    Newest,
    /// Scroll the pager to older or newer alerts.
    PagerOlder,
    PagerNewer,
    /// Type into the palette's filter.
    Filter,
    /// Type into the note.
    Write,
    /// Delete the last character typed.
    Erase,
    /// Move the selection in the palette or a list.
    Up,
    Down,
    /// Pick a target by its number (1–9).
    PickNumber,
    /// Take the decision as it stands.
    Take,
    /// Add a note to the decision before taking it.
    AddNote,
    /// Close the palette.
    Close,
    /// One step back (from the target list or the note to the palette).
    Back,
    CloseHelp,
    /// Leaving: quit now, without the debrief.
    QuitNow,
    /// Leaving: let the rest of the night play out and show the debrief.
    EndNight,
    KeepPlaying,
    NextPage,
    PrevPage,
    /// Scroll the debrief's lists a line or a page.
    DebriefUp,
    DebriefDown,
    DebriefPageUp,
    DebriefPageDown,
    /// Leave the debrief (and the game).
    LeaveDebrief,
    /// Open the hint ladder for what matters now (its price is shown before anything is taken).
    Hint,
    /// Take the next rung of the hint ladder (counted: the grade says "assisted").
    TakeHint,
    /// The glossary: every term the screens use.
    Glossary,
    /// The legend: every symbol, mark and colour on screen.
    Legend,
    /// Run the clock to the next thing that happens.
    SkipAhead,
    /// Close a teaching moment: the clock runs again.
    Continue,
    /// Scroll the glossary, the legend or the facilitator's notes (a page with PgUp and PgDn).
    ReadUp,
    ReadDown,
    /// Close the glossary, the legend or the hints.
    CloseReading,
    /// Rewind to an earlier decision (the line played so far is kept beside the new one).
    Rewind,
    /// Save the debrief beside the night's log.
    SaveDebrief,
    /// Tabletop: move the clock one round (the step's minutes).
    Step,
    /// Tabletop: fire an inject into the channel.
    Inject,
    /// Tabletop: the facilitator's notes (the provider's hidden truth, the expert's path).
    Facilitator,
    /// Tabletop: start the round's discussion timer again.
    Timer,
    /// Type a name (an owner) or a line (an inject).
    Type,
}

impl Intent {
    /// Every intent, for tests and for checking the text assets.
    pub const ALL: [Intent; 53] = [
        Intent::ForceQuit,
        Intent::OpenPalette,
        Intent::Help,
        Intent::Knowledge,
        Intent::Leave,
        Intent::TogglePause,
        Intent::Faster,
        Intent::Slower,
        Intent::Acknowledge,
        Intent::ScrollUp,
        Intent::ScrollDown,
        Intent::PageUp,
        Intent::PageDown,
        Intent::Newest,
        Intent::PagerOlder,
        Intent::PagerNewer,
        Intent::Filter,
        Intent::Write,
        Intent::Erase,
        Intent::Up,
        Intent::Down,
        Intent::PickNumber,
        Intent::Take,
        Intent::AddNote,
        Intent::Close,
        Intent::Back,
        Intent::CloseHelp,
        Intent::QuitNow,
        Intent::EndNight,
        Intent::KeepPlaying,
        Intent::NextPage,
        Intent::PrevPage,
        Intent::DebriefUp,
        Intent::DebriefDown,
        Intent::DebriefPageUp,
        Intent::DebriefPageDown,
        Intent::LeaveDebrief,
        Intent::Hint,
        Intent::TakeHint,
        Intent::Glossary,
        Intent::Legend,
        Intent::SkipAhead,
        Intent::Continue,
        Intent::ReadUp,
        Intent::ReadDown,
        Intent::CloseReading,
        Intent::Rewind,
        Intent::SaveDebrief,
        Intent::Step,
        Intent::Inject,
        Intent::Facilitator,
        Intent::Timer,
        Intent::Type,
    ];
}

/// A key, or a kind of key, a binding answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character typed without Ctrl or Alt (Shift is allowed: `?` and `+` need it on many
    /// keyboards).
    Char(char),
    /// A character with Ctrl.
    Ctrl(char),
    /// A named key (arrows, Enter, Esc…), whatever the modifiers.
    Code(KeyCode),
    /// Any 1–9: a number in a list.
    Digit,
    /// Any character typed without Ctrl or Alt: text.
    Text,
    /// Any key at all.
    Any,
}

impl Key {
    /// A fallback that answers to many keys, tried after every exact key of the mode.
    pub fn is_pattern(self) -> bool {
        matches!(self, Key::Digit | Key::Text | Key::Any)
    }

    pub fn matches(self, k: &KeyEvent) -> bool {
        let plain = !k
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match (self, k.code) {
            (Key::Char(c), KeyCode::Char(x)) => plain && c == x,
            (Key::Ctrl(c), KeyCode::Char(x)) => {
                k.modifiers.contains(KeyModifiers::CONTROL) && c.eq_ignore_ascii_case(&x)
            }
            (Key::Code(c), code) => c == code,
            (Key::Digit, KeyCode::Char('1'..='9')) => plain,
            (Key::Text, KeyCode::Char(_)) => plain,
            (Key::Any, _) => true,
            _ => false,
        }
    }

    /// A key event this key answers to (the first, for a pattern), for tests.
    pub fn example(self) -> KeyEvent {
        let (code, mods) = match self {
            Key::Char(c) => (KeyCode::Char(c), KeyModifiers::NONE),
            Key::Ctrl(c) => (KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Code(c) => (c, KeyModifiers::NONE),
            Key::Digit => (KeyCode::Char('1'), KeyModifiers::NONE),
            Key::Text => (KeyCode::Char('x'), KeyModifiers::NONE),
            Key::Any => (KeyCode::F(5), KeyModifiers::NONE),
        };
        KeyEvent::new(code, mods)
    }
}

/// Keys that do one thing in one mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub keys: &'static [Key],
    pub intent: Intent,
    /// How the keys are written on screen. Empty for a pattern ([`Key::Text`], [`Key::Any`]): its
    /// name is text, in the assets.
    pub label: &'static str,
    /// Whether the key bar shows it (the help shows every binding).
    pub bar: bool,
}

const fn bind(keys: &'static [Key], intent: Intent, label: &'static str, bar: bool) -> Binding {
    Binding {
        keys,
        intent,
        label,
        bar,
    }
}

impl Binding {
    /// How the keys are written on screen.
    pub fn label(&self) -> &'static str {
        let names = &super::strings::strings().key_names;
        match self.keys.first() {
            Some(Key::Text) if self.label.is_empty() => &names.typing,
            Some(Key::Any) if self.label.is_empty() => &names.any,
            _ => self.label,
        }
    }
}

/// The modes of the screen, as far as keys are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Playing,
    Palette,
    Target,
    Note,
    Help,
    Knowledge,
    ConfirmQuit,
    Debrief,
    /// A teaching moment of the guided night.
    Moment,
    /// The hint ladder.
    Hint,
    /// The glossary or the legend.
    Reading,
    /// The facilitator's console of a tabletop night, between rounds.
    Tabletop,
    /// Choosing a decision to rewind to.
    Rewind,
    /// Choosing who owns a decision (a tabletop team's).
    Owner,
    /// Choosing an inject to fire.
    Injects,
    /// Typing an inject of one's own.
    InjectText,
    /// The facilitator's notes.
    Facilitator,
}

impl Context {
    pub const ALL: [Context; 17] = [
        Context::Playing,
        Context::Palette,
        Context::Target,
        Context::Note,
        Context::Help,
        Context::Knowledge,
        Context::ConfirmQuit,
        Context::Debrief,
        Context::Moment,
        Context::Hint,
        Context::Reading,
        Context::Tabletop,
        Context::Rewind,
        Context::Owner,
        Context::Injects,
        Context::InjectText,
        Context::Facilitator,
    ];

    /// The keys' context of an app: its mode's, the facilitator's console when a tabletop night
    /// is between rounds.
    pub fn of_app(app: &super::App) -> Context {
        match Context::of(&app.mode) {
            Context::Playing if app.tabletop.is_some() => Context::Tabletop,
            c => c,
        }
    }

    pub fn of(mode: &Mode) -> Context {
        match mode {
            Mode::Playing => Context::Playing,
            Mode::Palette(_) => Context::Palette,
            Mode::Target { .. } => Context::Target,
            Mode::Note(_) => Context::Note,
            Mode::Help => Context::Help,
            Mode::Knowledge => Context::Knowledge,
            Mode::ConfirmQuit => Context::ConfirmQuit,
            Mode::Debrief(_) | Mode::Weighing => Context::Debrief,
            Mode::Moment(_) => Context::Moment,
            Mode::Hint { .. } => Context::Hint,
            Mode::Glossary(_) | Mode::Legend(_) => Context::Reading,
            Mode::Rewind(_) => Context::Rewind,
            Mode::Owner { .. } => Context::Owner,
            Mode::Injects(_) => Context::Injects,
            Mode::InjectText(_) => Context::InjectText,
            Mode::Facilitator(_) => Context::Facilitator,
        }
    }
}

use Intent as I;
use Key::{Any, Char, Code, Ctrl, Digit, Text};
use KeyCode as C;

/// Keys that work in every mode, looked at first.
pub const GLOBAL: &[Binding] = &[bind(&[Ctrl('c')], I::ForceQuit, "Ctrl-C", false)];

const PLAYING: &[Binding] = &[
    bind(&[Char(':')], I::OpenPalette, ":", true),
    bind(&[Char('?')], I::Help, "?", true),
    bind(&[Char('w')], I::Knowledge, "w", true),
    bind(&[Char('q')], I::Leave, "q", true),
    bind(&[Char(' ')], I::TogglePause, "Space", true),
    bind(&[Char('+'), Char('=')], I::Faster, "+", true),
    bind(&[Char('-'), Char('_')], I::Slower, "-", true),
    bind(&[Char('a')], I::Acknowledge, "a", true),
    bind(&[Char('h')], I::Hint, "h", true),
    bind(&[Char('g')], I::Glossary, "g", true),
    bind(&[Char('n')], I::SkipAhead, "n", true),
    bind(&[Char('r')], I::Rewind, "r", false),
    bind(&[Code(C::Up), Char('k')], I::ScrollUp, "↑", false),
    bind(&[Code(C::Down), Char('j')], I::ScrollDown, "↓", false),
    bind(&[Code(C::PageUp)], I::PageUp, "PgUp", true),
    bind(&[Code(C::PageDown)], I::PageDown, "PgDn", true),
    bind(&[Code(C::End)], I::Newest, "End", false),
    bind(&[Char(']')], I::PagerOlder, "]", false),
    bind(&[Char('[')], I::PagerNewer, "[", false),
];

/// The facilitator's console: the clock moves only on a key.
const TABLETOP: &[Binding] = &[
    bind(&[Char(' '), Char('.')], I::Step, "Space", true),
    bind(&[Char('n')], I::SkipAhead, "n", true),
    bind(&[Char(':')], I::OpenPalette, ":", true),
    bind(&[Char('i')], I::Inject, "i", true),
    bind(&[Char('f')], I::Facilitator, "f", true),
    bind(&[Char('t')], I::Timer, "t", true),
    bind(&[Char('r')], I::Rewind, "r", true),
    bind(&[Char('w')], I::Knowledge, "w", true),
    bind(&[Char('?')], I::Help, "?", true),
    bind(&[Char('q')], I::Leave, "q", true),
    bind(&[Char('a')], I::Acknowledge, "a", false),
    bind(&[Char('g')], I::Glossary, "g", false),
    bind(&[Code(C::Up), Char('k')], I::ScrollUp, "↑", false),
    bind(&[Code(C::Down), Char('j')], I::ScrollDown, "↓", false),
    bind(&[Code(C::PageUp)], I::PageUp, "PgUp", false),
    bind(&[Code(C::PageDown)], I::PageDown, "PgDn", false),
    bind(&[Code(C::End)], I::Newest, "End", false),
    bind(&[Char(']')], I::PagerOlder, "]", false),
    bind(&[Char('[')], I::PagerNewer, "[", false),
];

/// A list to choose from: a decision to rewind to, an inject to fire.
const LIST: &[Binding] = &[
    bind(&[Code(C::Up), Char('k')], I::Up, "↑", true),
    bind(&[Code(C::Down), Char('j')], I::Down, "↓", true),
    bind(&[Code(C::Enter)], I::Take, "Enter", true),
    bind(&[Code(C::Esc), Char('q')], I::Close, "Esc", true),
];

/// Who owns a decision: a role from the list (1-9 pick one while no name is typed), or a name
/// typed (digits too, once it is begun).
const OWNER: &[Binding] = &[
    bind(&[Digit], I::PickNumber, "1-9", true),
    bind(&[Text], I::Type, "", true),
    bind(&[Code(C::Up)], I::Up, "↑", true),
    bind(&[Code(C::Down)], I::Down, "↓", true),
    bind(&[Code(C::Enter)], I::Take, "Enter", true),
    bind(&[Code(C::Esc)], I::Back, "Esc", true),
    bind(&[Code(C::Backspace)], I::Erase, "Backspace", false),
];

/// An inject typed on the spot.
const INJECT_TEXT: &[Binding] = &[
    bind(&[Text], I::Type, "", true),
    bind(&[Code(C::Enter)], I::Take, "Enter", true),
    bind(&[Code(C::Esc)], I::Back, "Esc", true),
    bind(&[Code(C::Backspace)], I::Erase, "Backspace", false),
];

/// The palette types: letters (j and k too) go to the filter, so it moves with arrows and Ctrl-P/N.
const PALETTE: &[Binding] = &[
    bind(&[Text], I::Filter, "", true),
    bind(&[Code(C::Up), Ctrl('p')], I::Up, "↑", true),
    bind(&[Code(C::Down), Ctrl('n')], I::Down, "↓", true),
    bind(&[Code(C::Enter)], I::Take, "Enter", true),
    bind(&[Code(C::Tab)], I::AddNote, "Tab", true),
    bind(&[Code(C::Esc)], I::Close, "Esc", true),
    bind(
        &[Code(C::Backspace), Ctrl('u')],
        I::Erase,
        "Backspace",
        false,
    ),
];

const TARGET: &[Binding] = &[
    bind(&[Code(C::Up), Char('k')], I::Up, "↑", true),
    bind(&[Code(C::Down), Char('j')], I::Down, "↓", true),
    bind(&[Digit], I::PickNumber, "1-9", true),
    bind(&[Code(C::Enter)], I::Take, "Enter", true),
    bind(&[Code(C::Tab)], I::AddNote, "Tab", true),
    bind(&[Code(C::Esc)], I::Back, "Esc", true),
];

const NOTE: &[Binding] = &[
    bind(&[Text], I::Write, "", true),
    bind(&[Code(C::Enter)], I::Take, "Enter", true),
    bind(&[Code(C::Esc)], I::Back, "Esc", true),
    bind(
        &[Code(C::Backspace), Ctrl('u')],
        I::Erase,
        "Backspace",
        false,
    ),
];

/// Help, and what we know: any key closes them, and `:` (which help itself names) closes them
/// into the palette, so what is typed next goes to its filter, not to shortcuts.
const HELP: &[Binding] = &[
    bind(&[Char('l')], I::Legend, "l", true),
    bind(&[Char('g')], I::Glossary, "g", true),
    bind(&[Char(':')], I::OpenPalette, ":", true),
    bind(&[Any], I::CloseHelp, "", true),
];

const KNOWLEDGE: &[Binding] = &[
    bind(&[Char(':')], I::OpenPalette, ":", true),
    bind(&[Any], I::CloseHelp, "", true),
];

/// The facilitator's notes: they scroll a line or (PgUp, PgDn) a page; any other key closes them.
const NOTES: &[Binding] = &[
    bind(&[Code(C::Up), Char('k')], I::ReadUp, "↑", true),
    bind(&[Code(C::Down), Char('j')], I::ReadDown, "↓", true),
    bind(&[Code(C::PageUp)], I::ReadUp, "PgUp", true),
    bind(&[Code(C::PageDown)], I::ReadDown, "PgDn", true),
    bind(&[Any], I::CloseHelp, "", true),
];

/// A teaching moment: read it, then carry on; the hints and the glossary are a key away. Only
/// these keys close it, so a key pressed in a hurry (n, skipping ahead) does not skip the lesson.
const MOMENT: &[Binding] = &[
    bind(
        &[Char(' '), Code(C::Enter), Code(C::Esc)],
        I::Continue,
        "Space",
        true,
    ),
    // A card that says "press :" lets the player do so: the card closes into the palette.
    bind(&[Char(':')], I::OpenPalette, ":", true),
    bind(&[Char('q')], I::Leave, "q", false),
    bind(&[Char('h')], I::Hint, "h", true),
    bind(&[Char('g')], I::Glossary, "g", true),
    bind(&[Char('?')], I::Help, "?", true),
];

/// The hint ladder, also when the guide offers it by itself: a key pressed to do something else
/// (`:` to act) declines the offer and does it, as it does from a teaching moment.
const HINT: &[Binding] = &[
    bind(&[Char('h')], I::TakeHint, "h", true),
    bind(&[Char(':')], I::OpenPalette, ":", true),
    bind(&[Char('g')], I::Glossary, "g", true),
    bind(&[Any], I::CloseReading, "", true),
];

const READING: &[Binding] = &[
    bind(&[Code(C::Up), Char('k')], I::ReadUp, "↑", true),
    bind(
        &[Code(C::Down), Char('j'), Char(' ')],
        I::ReadDown,
        "↓",
        true,
    ),
    bind(&[Any], I::CloseReading, "", true),
];

const CONFIRM_QUIT: &[Binding] = &[
    bind(&[Char('y'), Char('q')], I::QuitNow, "y", true),
    bind(&[Char('e')], I::EndNight, "e", true),
    bind(&[Code(C::Esc), Any], I::KeepPlaying, "Esc", true),
];

const DEBRIEF: &[Binding] = &[
    bind(&[Char('s')], I::SaveDebrief, "s", true),
    bind(&[Char('r')], I::Rewind, "r", true),
    bind(&[Code(C::Tab), Code(C::Right)], I::NextPage, "Tab →", true),
    bind(&[Code(C::BackTab), Code(C::Left)], I::PrevPage, "←", true),
    bind(&[Code(C::Up), Char('k')], I::DebriefUp, "↑", true),
    bind(&[Code(C::Down), Char('j')], I::DebriefDown, "↓", true),
    bind(&[Code(C::PageUp)], I::DebriefPageUp, "PgUp", true),
    bind(&[Code(C::PageDown)], I::DebriefPageDown, "PgDn", true),
    bind(&[Char('q'), Code(C::Esc)], I::LeaveDebrief, "q", true),
];

/// The bindings of a mode, in the order the help and the key bar show them.
pub fn table(c: Context) -> &'static [Binding] {
    match c {
        Context::Playing => PLAYING,
        Context::Palette => PALETTE,
        Context::Target => TARGET,
        Context::Note => NOTE,
        Context::Help => HELP,
        Context::Knowledge => KNOWLEDGE,
        Context::Moment => MOMENT,
        Context::Hint => HINT,
        Context::Reading => READING,
        Context::ConfirmQuit => CONFIRM_QUIT,
        Context::Debrief => DEBRIEF,
        Context::Tabletop => TABLETOP,
        Context::Rewind | Context::Injects => LIST,
        Context::Owner => OWNER,
        Context::InjectText => INJECT_TEXT,
        Context::Facilitator => NOTES,
    }
}

/// What a key does in a mode: the global keys first, then the mode's exact keys, then its patterns
/// (a number, text, any key) in the table's order.
pub fn lookup(c: Context, k: &KeyEvent) -> Option<&'static Binding> {
    let exact = |b: &&Binding| b.keys.iter().any(|x| !x.is_pattern() && x.matches(k));
    GLOBAL
        .iter()
        .find(exact)
        .or_else(|| table(c).iter().find(exact))
        .or_else(|| {
            table(c)
                .iter()
                .find(|b| b.keys.iter().any(|x| x.is_pattern() && x.matches(k)))
        })
}

/// A row of the help or the key bar: bindings next to each other that say the same thing share it.
pub struct Row {
    pub labels: Vec<&'static str>,
    pub intent: Intent,
}

/// The bindings as rows: those next to each other that say the same (by `same`) share one.
pub fn rows<'a>(
    bindings: impl Iterator<Item = &'a Binding>,
    same: impl Fn(Intent, Intent) -> bool,
) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    for b in bindings {
        match out.last_mut() {
            Some(r) if same(r.intent, b.intent) => r.labels.push(b.label()),
            _ => out.push(Row {
                labels: vec![b.label()],
                intent: b.intent,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concrete(c: Context) -> Vec<Key> {
        GLOBAL
            .iter()
            .chain(table(c))
            .flat_map(|b| b.keys.iter().copied())
            .collect()
    }

    #[test]
    fn every_key_of_every_table_finds_its_own_binding() {
        for c in Context::ALL {
            for b in GLOBAL.iter().chain(table(c)) {
                for k in b.keys {
                    let found = lookup(c, &k.example()).map(|x| x.intent);
                    assert_eq!(found, Some(b.intent), "{c:?}: {k:?}");
                }
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for c in Context::ALL {
            let keys = concrete(c);
            for (i, k) in keys.iter().enumerate() {
                assert!(!keys[i + 1..].contains(k), "{c:?}: {k:?} is bound twice");
            }
        }
    }

    #[test]
    fn the_palette_types_j_and_k() {
        for b in table(Context::Palette) {
            for k in b.keys {
                assert!(
                    !matches!(k, Char('j' | 'k' | 'J' | 'K')),
                    "the palette claims {k:?}: it belongs in the filter"
                );
            }
        }
        for c in ['j', 'k'] {
            let k = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
            assert_eq!(lookup(Context::Palette, &k).unwrap().intent, I::Filter);
        }
    }

    #[test]
    fn every_binding_has_a_label_and_every_intent_a_mode() {
        for c in Context::ALL {
            for b in GLOBAL.iter().chain(table(c)) {
                assert!(!b.label().is_empty(), "{c:?}: {:?} has no label", b.intent);
            }
        }
        for i in Intent::ALL {
            assert!(
                Context::ALL
                    .iter()
                    .any(|c| GLOBAL.iter().chain(table(*c)).any(|b| b.intent == i)),
                "no key does {i:?}"
            );
        }
    }

    /// Fails to compile when an intent is added and not listed in [`Intent::ALL`] here too.
    fn listed(i: Intent) -> bool {
        match i {
            I::ForceQuit
            | I::OpenPalette
            | I::Help
            | I::Knowledge
            | I::Leave
            | I::TogglePause
            | I::Faster
            | I::Slower
            | I::Acknowledge
            | I::ScrollUp
            | I::ScrollDown
            | I::PageUp
            | I::PageDown
            | I::Newest
            | I::PagerOlder
            | I::PagerNewer
            | I::Filter
            | I::Write
            | I::Erase
            | I::Up
            | I::Down
            | I::PickNumber
            | I::Take
            | I::AddNote
            | I::Close
            | I::Back
            | I::CloseHelp
            | I::QuitNow
            | I::EndNight
            | I::KeepPlaying
            | I::NextPage
            | I::PrevPage
            | I::DebriefUp
            | I::DebriefDown
            | I::DebriefPageUp
            | I::DebriefPageDown
            | I::LeaveDebrief
            | I::Hint
            | I::TakeHint
            | I::Glossary
            | I::Legend
            | I::SkipAhead
            | I::Continue
            | I::ReadUp
            | I::ReadDown
            | I::Rewind
            | I::SaveDebrief
            | I::Step
            | I::Inject
            | I::Facilitator
            | I::Timer
            | I::Type
            | I::CloseReading => Intent::ALL.contains(&i),
        }
    }

    #[test]
    fn all_lists_every_intent_once() {
        for (n, i) in Intent::ALL.iter().enumerate() {
            assert!(listed(*i));
            assert!(!Intent::ALL[n + 1..].contains(i), "{i:?} twice");
        }
    }

    #[test]
    fn ctrl_c_wins_in_every_mode() {
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        for c in Context::ALL {
            assert_eq!(lookup(c, &k).unwrap().intent, I::ForceQuit, "{c:?}");
        }
    }
}
