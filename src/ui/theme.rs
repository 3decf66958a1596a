//! Every colour and text style of the UI, in one place. With `NO_COLOR` set the plain theme is used:
//! no colours at all, and the symbols (✓ ! ✗) and modifiers carry the meaning.

use ratatui::style::{Color, Modifier, Style};

/// How healthy something looks: the world's rule, shown by colour and symbol.
pub use crate::session::Health;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub const COLOR: Theme = Theme { color: true };
    pub const PLAIN: Theme = Theme { color: false };

    /// The theme the environment asks for: plain when `NO_COLOR` is set to anything non-empty.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::PLAIN,
            _ => Theme::COLOR,
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn health(&self, h: Health) -> Style {
        match h {
            Health::Ok => self.fg(Color::Green),
            Health::Degraded => self.fg(Color::Yellow),
            Health::Down => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Health::Idle => self.dim(),
        }
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self) -> Style {
        self.fg(Color::DarkGray)
    }

    pub fn accent(&self) -> Style {
        self.fg(Color::Cyan)
    }

    pub fn strong(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn key(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Gray)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn who(&self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }

    pub fn you(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Chart series, in a fixed order.
    pub fn series(&self, i: usize) -> Style {
        const C: [Color; 4] = [Color::Green, Color::Red, Color::Yellow, Color::Blue];
        self.fg(C[i % C.len()])
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
