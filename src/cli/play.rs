//! Starting a night on screen: `play` (the default), `learn` and `tabletop`.

use std::ffi::OsStr;
use std::sync::Arc;

use super::{NightArgs, fail};
use crate::scenario;
use crate::ui::Pacing;

/// Play a night in the terminal; `learn` makes it the guided night.
pub(super) fn play(night: NightArgs, learn: bool) -> i32 {
    start(night, learn, None)
}

/// Run a tabletop night: the facilitator's console.
pub(super) fn tabletop(night: NightArgs, step: u32, discuss: u32, roles: Vec<String>) -> i32 {
    let roles: Vec<String> = roles.iter().map(|r| r.trim().to_string()).collect();
    // A blank role could own no decision anyone could read: refused, not dropped unsaid.
    if roles.iter().any(String::is_empty) {
        eprintln!("blastradius: --role '': a role needs a name or a word (IC, Comms, Priya)");
        return 2;
    }
    // A role is shown on every screen and kept in the night log, which must read it back.
    if let Some((r, (c, what))) = roles
        .iter()
        .find_map(|r| scenario::unshowable(r, false).map(|x| (r, x)))
    {
        eprintln!(
            "blastradius: --role {}: {what} {} in it: give the role as plain text",
            scenario::shown::text(r),
            c.escape_unicode()
        );
        return 2;
    }
    let table = crate::ui::Tabletop::new(step, discuss, roles);
    start(night, false, Some(table))
}

/// Start a night in the terminal: played, guided (`learn`) or run as a tabletop.
fn start(night: NightArgs, learn: bool, tabletop: Option<crate::ui::Tabletop>) -> i32 {
    let NightArgs {
        scenario: name,
        seed,
        speed,
        record,
        theme,
        pause_on_critical,
    } = night;
    let pacing = Pacing {
        learn,
        pause_on_critical: pause_on_critical.unwrap_or(learn),
    };
    let name = name.as_deref().unwrap_or(OsStr::new(scenario::FLAGSHIP));
    let s = match scenario::resolve(name) {
        Ok(s) => Arc::new(s),
        Err(d) => return fail(&d),
    };
    if !(0.1..=10_000.0).contains(&speed) {
        tell!("--speed is simulated minutes per real minute, from 0.1 to 10000 (such as 60)");
        return 2;
    }
    // Claim the record file before the night starts: never overwrite what is there. The seed is
    // chosen now, so the file says from the start how to replay it.
    let seed = seed.unwrap_or_else(crate::ui::pick_seed);
    let verb = match (&tabletop, pacing.learn) {
        (Some(_), _) => "tabletop",
        (None, true) => "learn",
        (None, false) => "play",
    };
    // A scenario from a file is named in the night log by its full path, to be found again,
    // and by that path in every command the night suggests.
    let scenario_file = scenario::builtin(&name.to_string_lossy())
        .is_none()
        .then(|| std::fs::canonicalize(name).ok())
        .flatten()
        .map(|p| p.to_string_lossy().into_owned());
    let arg = scenario::shown::scenario_arg(scenario_file.as_deref(), &s.id);
    let record = match record {
        Some(path) => match crate::ui::Record::claim(&path, &arg, seed, verb) {
            Ok(r) => Some(r),
            Err(why) => {
                tell!(
                    "{}: cannot record the night: {why}",
                    scenario::shown::path(&path)
                );
                return 1;
            }
        },
        None => None,
    };
    // A full-screen game needs a terminal both ways; refuse before drawing anything, and give
    // back the record file just claimed (it is ours and empty).
    let headless = format!("play a night headless with: blastradius run {arg}");
    if let Some(refused) = needs_terminal(verb, &headless) {
        if let Some(r) = record {
            r.journal.give_back();
        }
        return refused;
    }
    crate::ui::play(crate::ui::Start {
        scenario: s,
        scenario_file,
        seed,
        speed,
        theme,
        pacing,
        record,
        resume: None,
        replay: None,
        tabletop,
    })
}

/// A full-screen night needs a terminal both ways: `None` when there is one, else the exit
/// status after saying so, and `instead`, what can be done without one.
pub(super) fn needs_terminal(verb: &str, instead: &str) -> Option<i32> {
    use std::io::IsTerminal as _;
    let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
    if dumb || !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        tell!(
            "blastradius {verb} needs a terminal (this one is {}); {instead}",
            if dumb { "TERM=dumb" } else { "not a terminal" },
        );
        return Some(1);
    }
    None
}
