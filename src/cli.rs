//! The command line: `list`, `run`, `validate` and `play` (the default).

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};

use crate::report;
use crate::scenario::{self, Diagnostics};
use crate::session::{self, Debrief, Script};
use crate::ui::ThemeName;

#[derive(Debug, Parser)]
#[command(
    name = "blastradius",
    version,
    about = "Live through an outage night, minute by minute, and see your blast radius.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Without a command: play the flagship night with this seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Without a command: simulated minutes per real minute.
    #[arg(long, default_value_t = 60.0)]
    pub speed: f64,
    /// Without a command: the colours (NO_COLOR turns them off whatever the theme).
    #[arg(long, value_enum, default_value_t = ThemeName::Default)]
    pub theme: ThemeName,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the built-in scenarios.
    List,
    /// Play a night headless and print its summary.
    Run {
        /// A built-in scenario id or a path to a scenario file.
        scenario: String,
        /// The seed: the same seed and actions give the same night.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A RON script of timed actions: [(at: "00:05", action: "freeze_cicd"), ...].
        #[arg(long)]
        script: Option<PathBuf>,
        /// Play the scenario's expert path instead of a script.
        #[arg(long, conflicts_with = "script")]
        expert: bool,
        /// What to print: the readable summary, one JSON object, or a Markdown debrief (score
        /// beside the expert's, each decision's worth, lessons).
        #[arg(long, value_enum, conflicts_with_all = ["json", "markdown"])]
        format: Option<Format>,
        /// The same as --format json.
        #[arg(long)]
        json: bool,
        /// The same as --format markdown.
        #[arg(long, conflicts_with = "json")]
        markdown: bool,
        /// Also print the night as a table, one row every N minutes (for scenario authors; with
        /// the text format only).
        #[arg(long, value_name = "MINUTES")]
        timeline: Option<u32>,
    },
    /// Check scenario files; print one line per valid file, every problem of the others.
    Validate {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Play a night in the terminal (the default).
    Play {
        /// A built-in scenario id or a path (default: the flagship night).
        scenario: Option<String>,
        #[arg(long)]
        seed: Option<u64>,
        /// Simulated minutes per real minute.
        #[arg(long, default_value_t = 60.0)]
        speed: f64,
        /// Save your decisions to this new file when you leave, as a script to replay or debrief.
        #[arg(long, value_name = "FILE")]
        record: Option<PathBuf>,
        /// The colours: high-contrast for projectors (NO_COLOR turns them off whatever the theme).
        #[arg(long, value_enum, default_value_t = ThemeName::Default)]
        theme: ThemeName,
    },
}

/// What `run` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The readable summary.
    Text,
    /// One JSON object.
    Json,
    /// A Markdown debrief to share.
    Markdown,
}

/// Run the command line; returns the process exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    match cli.command {
        Some(Command::List) => list(),
        Some(Command::Run {
            scenario,
            seed,
            script,
            expert,
            format,
            json,
            markdown,
            timeline,
        }) => {
            let format = match (format, json, markdown) {
                (Some(f), _, _) => f,
                (None, true, _) => Format::Json,
                (None, _, true) => Format::Markdown,
                (None, false, false) => Format::Text,
            };
            if timeline.is_some() && format != Format::Text {
                eprintln!("--timeline goes with the text format only");
                return 2;
            }
            run(&scenario, seed, script, expert, format, timeline)
        }
        Some(Command::Validate { paths }) => validate(&paths),
        Some(Command::Play {
            scenario,
            seed,
            speed,
            record,
            theme,
        }) => play(scenario.as_deref(), seed, speed, theme, record),
        None => play(None, cli.seed, cli.speed, cli.theme, None),
    }
}

fn fail(d: &Diagnostics) -> i32 {
    eprintln!("{d}");
    1
}

fn list() -> i32 {
    let mut out = std::io::stdout().lock();
    for (id, file, src) in scenario::BUILTIN {
        match scenario::load_str(file, src) {
            Ok(s) => {
                let _ = writeln!(
                    out,
                    "{id:<24} {}  ({} – {} {})",
                    s.title, s.clock.start, s.clock.end, s.timezone
                );
            }
            Err(d) => return fail(&d),
        }
    }
    0
}

fn run(
    name: &str,
    seed: u64,
    script: Option<PathBuf>,
    expert: bool,
    format: Format,
    timeline: Option<u32>,
) -> i32 {
    let s = match scenario::resolve(name) {
        Ok(s) => Arc::new(s),
        Err(d) => return fail(&d),
    };
    let script = match (script, expert) {
        (Some(p), _) => match Script::load(&p, &s) {
            Ok(x) => x,
            Err(d) => return fail(&d),
        },
        (None, true) => Script::expert(&s),
        (None, false) => Script::default(),
    };
    let session = session::run(s.clone(), seed, &script);
    let mut out = std::io::stdout().lock();
    if let Some(every) = timeline {
        let _ = write!(out, "{}", report::timeline(&session, every.max(1)));
    }
    let written = match format {
        Format::Markdown => write!(out, "{}", report::markdown(&Debrief::full(&session))),
        Format::Json => {
            match serde_json::to_string(&report::summary(&Debrief::summary(&session))) {
                Ok(text) => writeln!(out, "{text}"),
                Err(e) => {
                    eprintln!("cannot write the summary: {e}");
                    return 1;
                }
            }
        }
        Format::Text => write!(out, "{}", report::text(&Debrief::summary(&session))),
    };
    if written.is_err() {
        return 1;
    }
    0
}

fn validate(paths: &[PathBuf]) -> i32 {
    let mut status = 0;
    for p in paths {
        match scenario::load_path(p) {
            Ok(s) => println!(
                "{}: ok — {} ({} {} – {} {}, {} services, {} faults, {} actions, {} beats)",
                p.display(),
                s.id,
                s.date,
                s.clock.start,
                s.clock.end,
                s.timezone,
                s.services.len(),
                s.faults.len(),
                s.actions.len(),
                s.beats.len()
            ),
            Err(d) => {
                eprintln!("{d}");
                status = 1;
            }
        }
    }
    status
}

fn play(
    name: Option<&str>,
    seed: Option<u64>,
    speed: f64,
    theme: ThemeName,
    record: Option<PathBuf>,
) -> i32 {
    let name = name.unwrap_or(scenario::FLAGSHIP);
    let s = match scenario::resolve(name) {
        Ok(s) => Arc::new(s),
        Err(d) => return fail(&d),
    };
    if !(0.1..=10_000.0).contains(&speed) {
        eprintln!("--speed is simulated minutes per real minute, from 0.1 to 10000 (such as 60)");
        return 2;
    }
    // Claim the record file before the night starts: never overwrite what is there.
    let record = match record {
        Some(path) => match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => Some((path, file)),
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::AlreadyExists {
                    "it exists already; choose a new name (nothing was overwritten)".to_string()
                } else {
                    e.to_string()
                };
                eprintln!("{}: cannot record the night: {why}", path.display());
                return 1;
            }
        },
        None => None,
    };
    crate::ui::play(s, seed, speed, theme, record)
}
