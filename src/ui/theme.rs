//! Every colour and text style of the UI, in one place: the themes are data, in `assets/themes`, one
//! file per theme, embedded in the binary. With `NO_COLOR` set no colour is used at all, and the
//! symbols (✓ ! ✗) and modifiers carry the meaning.

use std::str::FromStr;
use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

/// How healthy something looks: the world's rule, shown by colour and symbol.
pub use crate::session::Health;

/// The colour themes there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ThemeName {
    /// For a dark or light terminal.
    #[default]
    Default,
    /// For projectors: bright colours on black, bold, no dark grey.
    HighContrast,
}

impl ThemeName {
    pub const ALL: [ThemeName; 2] = [ThemeName::Default, ThemeName::HighContrast];

    /// The theme's file and its text, embedded.
    pub fn source(self) -> (&'static str, &'static str) {
        match self {
            ThemeName::Default => (
                "assets/themes/default.ron",
                include_str!("../../assets/themes/default.ron"),
            ),
            ThemeName::HighContrast => (
                "assets/themes/high-contrast.ron",
                include_str!("../../assets/themes/high-contrast.ron"),
            ),
        }
    }
}

/// A text modifier, as a theme file names it.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Mod {
    Bold,
    Dim,
    Italic,
    Underlined,
    Reversed,
}

fn modifiers(mods: &[Mod]) -> Modifier {
    mods.iter().fold(Modifier::empty(), |m, x| {
        m | match x {
            Mod::Bold => Modifier::BOLD,
            Mod::Dim => Modifier::DIM,
            Mod::Italic => Modifier::ITALIC,
            Mod::Underlined => Modifier::UNDERLINED,
            Mod::Reversed => Modifier::REVERSED,
        }
    })
}

/// A role as a theme file writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Paint {
    #[serde(default)]
    fg: Option<String>,
    #[serde(default)]
    bg: Option<String>,
    /// With colour and without.
    #[serde(default)]
    mods: Vec<Mod>,
    /// Only without colour.
    #[serde(default)]
    plain: Vec<Mod>,
}

/// A role's style with colour, and without.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "Paint")]
pub struct Role {
    pub color: Style,
    pub plain: Style,
}

impl TryFrom<Paint> for Role {
    type Error = String;

    fn try_from(p: Paint) -> Result<Role, String> {
        let colour = |c: &Option<String>| -> Result<Option<Color>, String> {
            c.as_deref()
                .map(|name| Color::from_str(name).map_err(|_| format!("no such colour: {name:?}")))
                .transpose()
        };
        let mods = modifiers(&p.mods);
        let mut color = Style::new().add_modifier(mods);
        if let Some(fg) = colour(&p.fg)? {
            color = color.fg(fg);
        }
        if let Some(bg) = colour(&p.bg)? {
            color = color.bg(bg);
        }
        Ok(Role {
            color,
            plain: Style::new().add_modifier(mods | modifiers(&p.plain)),
        })
    }
}

/// A theme: a style for every role the UI paints. Every role must be named; no other is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Palette {
    pub ok: Role,
    pub degraded: Role,
    pub down: Role,
    /// Not in use (a zone a service does not run in).
    pub idle: Role,
    /// Secondary text.
    pub dim: Role,
    pub title: Role,
    pub border: Role,
    pub accent: Role,
    pub strong: Role,
    /// A key's name in the key bar.
    pub key: Role,
    /// The highlighted row of a list.
    pub selected: Role,
    /// Who speaks in the channel.
    pub who: Role,
    /// The player, in the channel.
    pub you: Role,
    /// Chart series, in a fixed order: four of them.
    #[serde(deserialize_with = "four")]
    pub series: [Role; 4],
}

fn four<'de, D: serde::Deserializer<'de>>(d: D) -> Result<[Role; 4], D::Error> {
    let v = Vec::<Role>::deserialize(d)?;
    let n = v.len();
    v.try_into()
        .map_err(|_| serde::de::Error::custom(format!("series names 4 colours, not {n}")))
}

impl Palette {
    pub fn parse(src: &str) -> Result<Palette, String> {
        ron::from_str(src).map_err(|e| e.to_string())
    }

    /// Every role by name, for tests.
    #[cfg(test)]
    pub fn roles(&self) -> Vec<(String, Role)> {
        let mut r: Vec<(String, Role)> = [
            ("ok", self.ok),
            ("degraded", self.degraded),
            ("down", self.down),
            ("idle", self.idle),
            ("dim", self.dim),
            ("title", self.title),
            ("border", self.border),
            ("accent", self.accent),
            ("strong", self.strong),
            ("key", self.key),
            ("selected", self.selected),
            ("who", self.who),
            ("you", self.you),
        ]
        .into_iter()
        .map(|(n, r)| (n.to_string(), r))
        .collect();
        for (i, s) in self.series.iter().enumerate() {
            r.push((format!("series[{i}]"), *s));
        }
        r
    }
}

/// The palette of a theme, parsed once (the embedded files are checked by the tests).
fn palette(name: ThemeName) -> &'static Palette {
    static P: OnceLock<Vec<Palette>> = OnceLock::new();
    let all = P.get_or_init(|| {
        ThemeName::ALL
            .iter()
            .map(|n| {
                let (file, src) = n.source();
                Palette::parse(src).unwrap_or_else(|e| panic!("{file} (checked by tests): {e}"))
            })
            .collect()
    });
    let i = ThemeName::ALL.iter().position(|n| *n == name).unwrap_or(0);
    &all[i]
}

/// How the UI paints: a theme, with colour or without. Small and `Copy`; the styles live in the
/// theme's palette.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub name: ThemeName,
}

impl Theme {
    pub const COLOR: Theme = Theme {
        color: true,
        name: ThemeName::Default,
    };
    pub const PLAIN: Theme = Theme {
        color: false,
        name: ThemeName::Default,
    };

    pub fn new(name: ThemeName, color: bool) -> Theme {
        Theme { color, name }
    }

    /// The theme asked for, plain when `NO_COLOR` is set to anything non-empty.
    pub fn from_env(name: ThemeName) -> Theme {
        let color = !matches!(std::env::var_os("NO_COLOR"), Some(v) if !v.is_empty());
        Theme::new(name, color)
    }

    fn paint(&self, role: impl Fn(&Palette) -> Role) -> Style {
        let r = role(palette(self.name));
        if self.color { r.color } else { r.plain }
    }

    pub fn health(&self, h: Health) -> Style {
        match h {
            Health::Ok => self.paint(|p| p.ok),
            Health::Degraded => self.paint(|p| p.degraded),
            Health::Down => self.paint(|p| p.down),
            Health::Idle | Health::Unknown => self.paint(|p| p.idle),
        }
    }

    pub fn dim(&self) -> Style {
        self.paint(|p| p.dim)
    }

    pub fn title(&self) -> Style {
        self.paint(|p| p.title)
    }

    pub fn border(&self) -> Style {
        self.paint(|p| p.border)
    }

    pub fn accent(&self) -> Style {
        self.paint(|p| p.accent)
    }

    pub fn strong(&self) -> Style {
        self.paint(|p| p.strong)
    }

    pub fn key(&self) -> Style {
        self.paint(|p| p.key)
    }

    pub fn selected(&self) -> Style {
        self.paint(|p| p.selected)
    }

    pub fn who(&self) -> Style {
        self.paint(|p| p.who)
    }

    pub fn you(&self) -> Style {
        self.paint(|p| p.you)
    }

    /// Chart series, in a fixed order.
    pub fn series(&self, i: usize) -> Style {
        self.paint(|p| p.series[i % p.series.len()])
    }

    /// Points or money: the cost side is red, the saving green.
    pub fn gain(&self, saved: bool) -> Style {
        if saved {
            self.health(Health::Ok)
        } else {
            self.health(Health::Down)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(name: ThemeName) -> Palette {
        let (file, src) = name.source();
        Palette::parse(src).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    #[test]
    fn every_theme_parses_and_paints_every_role() {
        for name in ThemeName::ALL {
            for (role, r) in parsed(name).roles() {
                assert_ne!(r.color, Style::new(), "{name:?}: {role} paints nothing");
                assert_eq!(
                    r.plain.fg, None,
                    "{name:?}: {role} is coloured without colour"
                );
                assert_eq!(
                    r.plain.bg, None,
                    "{name:?}: {role} is coloured without colour"
                );
            }
        }
    }

    #[test]
    fn the_high_contrast_theme_has_no_dark_grey() {
        let dark = |c: Option<Color>| matches!(c, Some(Color::DarkGray | Color::Indexed(8)));
        for (role, r) in parsed(ThemeName::HighContrast).roles() {
            assert!(
                !dark(r.color.fg) && !dark(r.color.bg),
                "{role} is dark grey"
            );
            let black_text = r.color.fg == Some(Color::Black) && r.color.bg.is_none();
            assert!(!black_text, "{role} is black on the black screen");
        }
    }

    #[test]
    fn a_theme_file_must_name_every_role_and_no_other() {
        let (_, src) = ThemeName::Default.source();
        let unknown = src.replacen("    ok:", "    okay: (fg: \"green\"),\n    ok:", 1);
        assert!(Palette::parse(&unknown).is_err(), "an unknown role");
        let start = src.find("    who:").expect("the default theme names who");
        let end = start + src[start..].find('\n').unwrap() + 1;
        let missing = format!("{}{}", &src[..start], &src[end..]);
        assert!(Palette::parse(&missing).is_err(), "a missing role");
        let bad = src.replacen("\"green\"", "\"chartreuse-ish\"", 1);
        let e = Palette::parse(&bad).unwrap_err();
        assert!(e.contains("chartreuse-ish"), "{e}");
    }

    #[test]
    fn the_default_theme_keeps_its_colours_and_plain_is_plain() {
        let t = Theme::COLOR;
        assert_eq!(t.health(Health::Ok), Style::new().fg(Color::Green));
        assert_eq!(
            t.health(Health::Down),
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
        );
        assert_eq!(t.key(), Style::new().fg(Color::Black).bg(Color::Gray));
        assert_eq!(t.series(3), Style::new().fg(Color::Blue));
        let p = Theme::PLAIN;
        assert_eq!(p.health(Health::Ok), Style::new());
        assert_eq!(p.dim(), Style::new().add_modifier(Modifier::DIM));
        assert_eq!(p.key(), Style::new().add_modifier(Modifier::REVERSED));
        assert_eq!(
            p.health(Health::Down),
            Style::new().add_modifier(Modifier::BOLD)
        );
    }
}
