//! The UI's own words (not a scenario's): read once from `assets/text/en.ron`, embedded in the binary.
//! A file per language can sit beside it; every field must be present and no other is allowed, so a
//! translation that drifts from this struct fails the tests instead of showing blanks.
//!
//! Templates name their blanks in braces — `"{minutes} min, by {who}"` — filled by [`fill`].

use std::collections::BTreeMap;
use std::fmt::Display;
use std::sync::OnceLock;

use serde::Deserialize;

use super::keys::Intent;

/// The English text, embedded.
pub const EN: &str = include_str!("../../assets/text/en.ron");
/// The English glossary, embedded.
pub const GLOSSARY_EN: &str = include_str!("../../assets/text/glossary.ron");

/// One term of the glossary.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub term: String,
    pub meaning: String,
}

/// How a legend entry's mark is drawn: in the colour it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Look {
    Plain,
    Ok,
    Degraded,
    Down,
    Idle,
    Unknown,
    Accent,
    Strong,
}

/// One mark of the legend.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub mark: String,
    pub look: Look,
    pub meaning: String,
}

/// The hint ladder's words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HintText {
    pub title: String,
    /// No lesson has a window open or coming.
    pub none: String,
    /// The rungs' names: a nudge, the concept, the expert's move.
    pub rungs: Vec<String>,
    /// `{n}`: hints taken tonight.
    pub price: String,
    /// `{rung}`: the next rung's name.
    pub take: String,
    pub all_taken: String,
    /// The guided night offered the nudge by itself.
    pub offered: String,
}

/// The guided night's words.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnText {
    /// `{title}`: the moment's.
    pub moment_title: String,
    /// Under a moment's text.
    pub moment_keys: String,
    /// Said when the clock paused for a new critical page.
    pub paused_critical: String,
    /// Skipping ahead found nothing for a while.
    pub skipped: String,
    pub well: String,
    pub practise: String,
    pub next: String,
    pub first_night: String,
}

/// Nights not played from the start: resumed, played back, rewound; and saving the debrief.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinesText {
    pub resumed: String,
    /// The clock stopped where a kept night being played back was left.
    pub replay_left: String,
    /// Followed by the time rewound to.
    pub rewound: String,
    pub rewind_title: String,
    pub rewind_start: String,
    pub rewind_hint: String,
    /// The top bar's mark while a kept night plays back.
    pub replaying: String,
    /// `{path}`.
    pub saved: String,
    /// `{why}`.
    pub not_saved: String,
}

/// The facilitator's console.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TabletopText {
    /// The top bar's mark: `{step}` minutes a round.
    pub console: String,
    /// `{timer}`: the discussion time left.
    pub timer: String,
    pub time_up: String,
    /// `{title}`: the inject fired.
    pub fired: String,
    /// Who says a typed inject without a speaker.
    pub facilitator: String,
    /// The note, at the table: the decision's rationale.
    pub rationale_title: String,
    pub rationale_hint: String,
    /// The key bar's word for Enter in the rationale box (it goes on to the owner).
    pub rationale_next: String,
    pub owner_title: String,
    pub owner_prompt: String,
    pub owner_hint: String,
    pub injects_title: String,
    pub inject_own: String,
    pub inject_untrue: String,
    pub inject_text_title: String,
    pub inject_text_prompt: String,
    pub inject_text_hint: String,
    pub notes_title: String,
    pub notes_truth: String,
    pub notes_expert: String,
    pub notes_none: String,
    /// `{n}`: lines of the facilitator's notes below the window.
    pub notes_more: String,
}

/// What an intent is called: a word or two for the key bar and a sentence for the help.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Said {
    pub word: String,
    pub help: String,
}

/// Names of keys that are not one key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyNames {
    /// Any character typed (the palette's filter, the note).
    pub typing: String,
    /// Any key at all.
    pub any: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HelpText {
    pub title: String,
    /// Under the keys of the main screen: the keys of the other modes, one line each.
    pub palette: String,
    pub target: String,
    pub note: String,
    pub moment: String,
    pub hint: String,
    pub debrief: String,
    /// How the game works, in a paragraph.
    pub explain: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaletteText {
    pub title: String,
    pub prompt: String,
    pub no_match: String,
    /// `{minutes}`, `{who}`.
    pub ready: String,
    /// `{minutes}`, `{who}`: possible on some targets.
    pub pick_target: String,
    /// As `ready`, for a decision that takes no time and no one's (a page, a theory stated);
    /// `{who}` may be used.
    pub ready_now: String,
    /// As `pick_target`, when on some target it takes no time; `{who}` may be used.
    pub pick_target_now: String,
    pub queued: String,
    /// `{why}`.
    pub refused: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetText {
    /// `{action}`, `{what}` (one of the two below).
    pub title: String,
    pub zone: String,
    pub service: String,
    pub theory: String,
    pub at_once: String,
    /// `{minutes}`.
    pub minutes: String,
    pub hint: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteText {
    pub title: String,
    pub prompt: String,
    pub hint: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmText {
    pub title: String,
}

/// The bar at the top of the main screen.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopBarText {
    pub over: String,
    pub paused: String,
    /// `{speed}`: simulated minutes per real minute.
    pub running: String,
    /// `{speed}`: the clock is held by a pop-up.
    pub held: String,
    /// `{sev}`.
    pub severity: String,
    /// Before the number.
    pub blast_radius: String,
    /// `{arrow}`, `{points}`: the change over the last ten simulated minutes.
    pub trend: String,
    /// `{seed}`.
    pub seed: String,
    /// `{n}` unacknowledged alerts: one, or more.
    pub alert: String,
    pub alerts: String,
    /// `{title}`: the scenario's.
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strings {
    /// Every intent, by name: what the key bar and the help call it.
    pub intents: BTreeMap<Intent, Said>,
    /// The key bar's word for Space while the clock is paused.
    pub resume: String,
    pub key_names: KeyNames,
    pub top_bar: TopBarText,
    pub help: HelpText,
    pub palette: PaletteText,
    pub target: TargetText,
    pub note: NoteText,
    pub confirm: ConfirmText,
    /// `{min_w}`, `{min_h}`, `{w}`, `{h}`.
    pub too_small: String,
    /// The same, short, the sizes first: said where `too_small` does not fit.
    pub too_small_short: String,
    pub hint: HintText,
    pub learn: LearnText,
    pub lines: LinesText,
    pub tabletop: TabletopText,
    pub glossary_title: String,
    pub legend_title: String,
    /// Every symbol, mark and colour on screen.
    pub legend: Vec<Mark>,
}

impl Strings {
    /// Parse a text file: every field present, no unknown one, every intent named.
    pub fn parse(src: &str) -> Result<Strings, String> {
        let s: Strings = ron::from_str(src).map_err(|e| e.to_string())?;
        let missing: Vec<String> = Intent::ALL
            .iter()
            .filter(|i| !s.intents.contains_key(i))
            .map(|i| format!("{i:?}"))
            .collect();
        if !missing.is_empty() {
            return Err(format!("intents without text: {}", missing.join(", ")));
        }
        Ok(s)
    }

    /// What an intent is called.
    pub fn said(&self, i: Intent) -> &Said {
        static NOTHING: Said = Said {
            word: String::new(),
            help: String::new(),
        };
        self.intents.get(&i).unwrap_or(&NOTHING)
    }
}

/// The UI's text, parsed on first use.
pub fn strings() -> &'static Strings {
    static S: OnceLock<Strings> = OnceLock::new();
    S.get_or_init(|| {
        Strings::parse(EN).unwrap_or_else(|e| panic!("assets/text/en.ron (checked by tests): {e}"))
    })
}

/// The glossary, parsed on first use.
pub fn glossary() -> &'static [Term] {
    static G: OnceLock<Vec<Term>> = OnceLock::new();
    G.get_or_init(|| {
        ron::from_str(GLOSSARY_EN)
            .unwrap_or_else(|e| panic!("assets/text/glossary.ron (checked by tests): {e}"))
    })
}

/// A template with its `{name}` blanks filled in.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_text_parses_and_names_every_intent() {
        let s = Strings::parse(EN).unwrap_or_else(|e| panic!("{e}"));
        for i in Intent::ALL {
            let said = s.said(i);
            assert!(!said.word.is_empty(), "{i:?} has no key-bar word");
            assert!(!said.help.is_empty(), "{i:?} has no help sentence");
        }
        assert!(s.intents.len() == Intent::ALL.len());
    }

    #[test]
    fn an_unknown_or_missing_field_is_an_error() {
        let extra = EN.replacen("resume:", "colour: \"x\",\n    resume:", 1);
        assert!(Strings::parse(&extra).is_err(), "an unknown field");
        let unknown_intent = EN.replacen("OpenPalette:", "OpenPallete:", 1);
        assert!(
            Strings::parse(&unknown_intent).is_err(),
            "a misspelt intent"
        );
        let start = EN.find("    too_small:").expect("the file has too_small");
        let end = start + EN[start..].find('\n').unwrap();
        let missing = format!("{}{}", &EN[..start], &EN[end..]);
        assert!(Strings::parse(&missing).is_err(), "a missing field");
    }

    #[test]
    fn a_missing_intent_is_an_error() {
        let start = EN.find("        Newest:").expect("the file names Newest");
        let end = start + EN[start..].find("),\n").unwrap() + 3;
        let without = format!("{}{}", &EN[..start], &EN[end..]);
        let e = Strings::parse(&without).unwrap_err();
        assert!(e.contains("Newest"), "{e}");
    }

    #[test]
    fn the_glossary_parses_and_explains_every_term_the_screens_use() {
        let g: Vec<Term> = ron::from_str(GLOSSARY_EN).unwrap_or_else(|e| panic!("{e}"));
        for needed in [
            "ASG",
            "NLB",
            "AZ",
            "Zonal shift",
            "Gray failure",
            "SEV",
            "Backoff",
            "Jitter",
            "Backlog",
            "Blast radius",
            "Static stability",
            "Health check",
            "IC",
            "Status page",
            "Working theory",
        ] {
            assert!(
                g.iter().any(|t| t.term.starts_with(needed)),
                "the glossary lacks {needed}"
            );
        }
        assert!(g.iter().all(|t| !t.meaning.trim().is_empty()));
        let s = strings();
        assert_eq!(s.hint.rungs.len(), crate::scenario::HINT_RUNGS);
        for mark in ["✓", "!", "✗", "·", "?", "12/8", "*", "⇠", "●"] {
            assert!(
                s.legend.iter().any(|m| m.mark == mark),
                "the legend lacks {mark}"
            );
        }
    }

    #[test]
    fn templates_fill_their_blanks() {
        let t = fill(
            "{minutes} min, by {who}",
            &[("minutes", &5), ("who", &"Ana")],
        );
        assert_eq!(t, "5 min, by Ana");
        let s = strings();
        let small = fill(
            &s.too_small,
            &[("min_w", &60), ("min_h", &18), ("w", &59), ("h", &17)],
        );
        assert!(
            small.contains("60×18") && small.contains("59×17"),
            "{small}"
        );
        let short = fill(
            &s.too_small_short,
            &[("min_w", &60), ("min_h", &18), ("w", &20), ("h", &5)],
        );
        assert!(short.find("60×18") < short.find("20×5"), "{short}");
        assert!(short.len() < small.len(), "{short}");
    }
}
