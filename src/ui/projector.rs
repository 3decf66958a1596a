//! The projector view: a read-only screen for the room, attached to a tabletop night that another
//! process (the facilitator's console) runs and keeps in its night log. It follows the log file:
//! whenever it changes, the night is played again from it (the night is scenario + seed + inputs,
//! and replays in a couple of milliseconds) and drawn as the room should see it: a big clock, the
//! severity and blast radius, our health map, the charts and the channel. Never the provider's
//! truth or the expert's notes: those are the facilitator's.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};

use super::app::App;
use super::terminal;
use super::theme::{Theme, ThemeName};
use crate::scenario::shown;
use crate::session::nightlog::Mode;

/// How often the log is looked at.
const POLL: Duration = Duration::from_millis(250);

/// What the room sees: the night as the log last held it, or why there is none yet.
pub struct Following {
    /// The log named, or `None` for the newest tabletop night kept.
    named: Option<PathBuf>,
    /// The log followed now.
    pub path: Option<PathBuf>,
    /// Its size and time when last read.
    stamp: Option<(u64, SystemTime)>,
    /// The night as last read.
    pub app: Option<App>,
    /// Why the last read failed (the last good night stays on screen).
    pub problem: Option<String>,
    /// Where nights are looked for, for the waiting screen.
    pub dir: Option<PathBuf>,
    /// Alerts scrolled past at the top of the pager (`]` and `[`), kept across reloads.
    pager_scroll: usize,
}

impl Following {
    /// Follow `log`; `last` follows the newest tabletop night kept (whichever it is each time).
    pub fn new(log: &Path) -> Following {
        Following {
            named: (log != Path::new("last")).then(|| log.to_path_buf()),
            path: None,
            stamp: None,
            app: None,
            problem: None,
            dir: crate::nights::dir().ok(),
            pager_scroll: 0,
        }
    }

    /// A view of a night already played (for tests and previews), as if read from `path`.
    pub fn showing(mut app: App, path: PathBuf) -> Following {
        app.acknowledge();
        app.set_size(u16::MAX, u16::MAX);
        Following {
            named: Some(path.clone()),
            path: Some(path),
            stamp: None,
            app: Some(app),
            problem: None,
            dir: None,
            pager_scroll: 0,
        }
    }

    /// Scroll the pager to older or newer alerts.
    pub fn scroll_pager(&mut self, older: bool) {
        let Some(app) = &mut self.app else {
            return;
        };
        let alerts = super::view::pager_len(app);
        self.pager_scroll = if older {
            (self.pager_scroll + 1).min(alerts.saturating_sub(1))
        } else {
            self.pager_scroll.saturating_sub(1)
        };
        app.pager_scroll = self.pager_scroll;
    }

    /// Look at the log again; whether what the room sees changed.
    pub fn look(&mut self) -> bool {
        let path = match &self.named {
            Some(p) => match crate::nights::find(p) {
                Ok(p) => Some(p),
                Err(why) => return self.problem_is(Some(why)),
            },
            None => self
                .dir
                .as_deref()
                .and_then(|d| crate::nights::newest(d, Mode::Tabletop)),
        };
        let Some(path) = path else {
            return false;
        };
        let stamp = std::fs::metadata(&path)
            .ok()
            .map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH)));
        if Some(&path) == self.path.as_ref() && stamp == self.stamp {
            return false;
        }
        match crate::nights::load(&path) {
            Ok((log, s)) => {
                let night = log.replay(s.clone());
                let mut app = App::new(s, log.seed, 60.0, Theme::from_env(ThemeName::HighContrast));
                app.session = night;
                // The room acknowledges nothing: every page is shown, none counted as new.
                app.acknowledge();
                app.set_size(u16::MAX, u16::MAX);
                app.pager_scroll = self.pager_scroll;
                self.app = Some(app);
                self.path = Some(path);
                self.stamp = stamp;
                self.problem = None;
                true
            }
            Err(d) => {
                let first = d.to_string().lines().next().unwrap_or_default().to_string();
                self.problem_is(Some(first))
            }
        }
    }

    fn problem_is(&mut self, problem: Option<String>) -> bool {
        let changed = problem != self.problem;
        self.problem = problem;
        changed
    }

    /// The file followed, as shown.
    pub fn shown(&self) -> Option<String> {
        self.path.as_deref().map(shown::path)
    }
}

/// Show the projector view of the night log `log` (`last`: the newest tabletop night kept);
/// returns the process exit status.
pub fn run(log: &Path) -> i32 {
    use std::io::IsTerminal as _;
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if dumb || !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        tell!(
            "blastradius tabletop --view needs a terminal to draw in (this one is {})",
            if dumb { "TERM=dumb" } else { "not a terminal" }
        );
        return 1;
    }
    let mut following = Following::new(log);
    let mut term = match terminal::enter() {
        Ok(t) => t,
        Err(e) => {
            terminal::restore();
            tell!("blastradius cannot use this terminal ({e})");
            return 1;
        }
    };
    let result = follow(&mut term, &mut following);
    terminal::restore();
    match result {
        Ok(()) => 0,
        Err(e) => {
            tell!("blastradius: the terminal failed: {e}");
            1
        }
    }
}

fn follow(term: &mut terminal::Term, following: &mut Following) -> std::io::Result<()> {
    let mut dirty = true;
    loop {
        dirty |= following.look();
        if dirty {
            terminal::draw_with(term, |f| super::view::draw_projector(f, following))?;
            dirty = false;
        }
        if !event::poll(POLL)? {
            continue;
        }
        match event::read()? {
            Event::Key(k) if k.kind != KeyEventKind::Release => {
                let ctrl_c =
                    k.code == KeyCode::Char('c') && k.modifiers.contains(KeyModifiers::CONTROL);
                if ctrl_c || matches!(k.code, KeyCode::Char('q') | KeyCode::Esc) {
                    return Ok(());
                }
                if let KeyCode::Char(c @ (']' | '[')) = k.code {
                    following.scroll_pager(c == ']');
                    dirty = true;
                }
            }
            Event::Resize(..) => dirty = true,
            _ => {}
        }
    }
}
