//! The command line: `list`, `run`, `validate`, `new`, `evaluate`, `play` (the default),
//! `learn`, `tabletop`, and the nights kept: `nights`, `resume`, `replay`, `report`.

use std::ffi::{OsStr, OsString};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report;
use crate::scenario::{self, Diagnostics};
use crate::session::evaluate::{self, Options, Policy, Seeds};
use crate::session::{self, Debrief, Script};
use crate::ui::ThemeName;

mod authoring;
mod nights;
mod play;
use nights::{Again, again, nights, report};
use play::{play, tabletop};

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
        scenario: OsString,
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
        #[arg(long, value_name = "MINUTES", value_parser = clap::value_parser!(u32).range(1..))]
        timeline: Option<u32>,
        /// Print the whole night as JSON lines instead of a summary: one object per event, in
        /// time order (t, minute, kind, source, text, visible; severity for alerts, beat when a
        /// story beat said it). The provider's faults starting and ending are there too, with
        /// visible false. Not with --format, --json, --markdown or --timeline.
        #[arg(long, conflicts_with_all = ["format", "json", "markdown", "timeline"])]
        events: bool,
    },
    /// Check scenario files and scripts (told apart by their shape); print one line per valid
    /// file, every problem of the others, and a note for a file written for an older format.
    Validate {
        /// Scenario files, and scripts with the one scenario they are for (a file or a built-in id).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also check this script file against the scenario (repeatable).
        #[arg(long = "script", value_name = "FILE")]
        scripts: Vec<PathBuf>,
        /// Also print what the engine makes of each valid scenario: the dependency graph, who
        /// depends on each provider service, the fault timeline with its jitter, status pages,
        /// people, changes and the expert's path.
        #[arg(long)]
        explain: bool,
    },
    /// Write a small, valid, playable scenario to start a new one from (ID.ron, or --output).
    New {
        /// The new scenario's id: lowercase letters, digits and hyphens.
        id: String,
        /// The file to write (never overwritten if it has something in it).
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Balance a scenario over many seeds: each policy's blast radius and grades, what each
    /// expert step is worth, actions never worth taking, beats that never fire.
    Evaluate {
        /// A built-in scenario id or a path to a scenario file.
        scenario: OsString,
        /// expert, nothing, panicky, random, or a script file; repeatable (default: expert,
        /// nothing, panicky).
        #[arg(long = "policy", value_name = "POLICY")]
        policies: Vec<OsString>,
        /// N (seeds 1 to N), A..B (A to B-1) or A..=B (A to B).
        #[arg(long, value_name = "N|A..B", default_value = "32", value_parser = Seeds::parse)]
        seeds: Seeds,
        /// Threads to play nights on (default: one per core).
        #[arg(long, value_name = "J", value_parser = parse_jobs)]
        jobs: Option<usize>,
        /// Print one JSON object instead of the report.
        #[arg(long)]
        json: bool,
        /// Exit 1 when expert < nothing < panicky fails on a seed or a lesson step is worth
        /// nothing (for CI).
        #[arg(long)]
        check: bool,
    },
    /// Play a night in the terminal (the default).
    Play {
        #[command(flatten)]
        night: NightArgs,
    },
    /// Run a night for a team in a room: the clock moves only on the facilitator's key, decisions
    /// carry an owner and a rationale, injects reach the channel; the facilitator also sees the
    /// provider's hidden truth and the expert's notes. `--view` attaches the projector view for
    /// the room, in a second terminal.
    Tabletop {
        #[command(flatten)]
        night: NightArgs,
        /// Simulated minutes one press of the step key moves the clock.
        #[arg(long, value_name = "MINUTES", default_value_t = crate::ui::Tabletop::DEFAULT_STEP, value_parser = clap::value_parser!(u32).range(1..=120))]
        step: u32,
        /// Real minutes of discussion per round, shown as a countdown (0: no timer).
        #[arg(long, value_name = "MINUTES", default_value_t = 0, value_parser = clap::value_parser!(u32).range(0..=120))]
        discuss: u32,
        /// A role or a name present in the room (repeatable): who decisions can be owned by.
        #[arg(long = "role", value_name = "ROLE")]
        roles: Vec<String>,
        /// Show the projector view of a night being run (the newest tabletop night, or LOG),
        /// following it as the facilitator moves the clock.
        #[arg(long, value_name = "LOG", num_args = 0..=1, default_missing_value = "last")]
        view: Option<PathBuf>,
    },
    /// List the nights kept (each night played is kept as it goes), oldest first.
    Nights,
    /// Go on with a night left before its end.
    Resume {
        /// A night log: a path, a file name from `blastradius nights`, or `last`.
        log: PathBuf,
        /// Simulated minutes per real minute.
        #[arg(long, default_value_t = 60.0)]
        speed: f64,
        #[arg(long, value_enum, default_value_t = ThemeName::Default)]
        theme: ThemeName,
    },
    /// Play a kept night back, its decisions taken as the clock reaches them (+/- change the
    /// speed, r rewinds to a decision, and deciding anything takes the night over from there).
    Replay {
        /// A night log: a path, a file name from `blastradius nights`, or `last`.
        log: PathBuf,
        /// Run straight to this time and stop there (HH:MM).
        #[arg(long, value_name = "HH:MM")]
        until: Option<String>,
        /// Simulated minutes per real minute.
        #[arg(long, default_value_t = 60.0)]
        speed: f64,
        #[arg(long, value_enum, default_value_t = ThemeName::Default)]
        theme: ThemeName,
    },
    /// Write the after-action report of a kept night: the timeline of decisions (owner,
    /// rationale, outcome, what each saved or cost and why), injects and hints, the expert's
    /// path, what was true, blast radius over the night, where rewound lines part, the lessons,
    /// and improvement items to fill in.
    Report {
        /// A night log: a path, a file name from `blastradius nights`, or `last`.
        log: PathBuf,
        /// Markdown, one self-contained HTML page (the chart as SVG), or one JSON object.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// Write the report to this new file instead of the standard output (a file with
        /// something in it is never overwritten).
        #[arg(long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A guided night for someone never on call: the clock stops at the moments that matter and
    /// explains them; hints, a glossary and a legend are a key away.
    Learn {
        #[command(flatten)]
        night: NightArgs,
    },
}

/// What `play` and `learn` take: the night, its pace, its look and where its decisions go.
#[derive(Debug, Args)]
pub struct NightArgs {
    /// A built-in scenario id or a path (default: the flagship night).
    pub scenario: Option<OsString>,
    #[arg(long)]
    pub seed: Option<u64>,
    /// Simulated minutes per real minute.
    #[arg(long, default_value_t = 60.0)]
    pub speed: f64,
    /// Keep your decisions (and hints) in this new file as the night goes, as a script to
    /// replay or debrief.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    /// The colours: high-contrast for projectors (NO_COLOR turns them off whatever the theme).
    #[arg(long, value_enum, default_value_t = ThemeName::Default)]
    pub theme: ThemeName,
    /// Pause the clock on each new critical page (default: off in play, on in learn; `=false`
    /// or `=true` to choose).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, default_missing_value = "true")]
    pub pause_on_critical: Option<bool>,
}

/// How `report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    #[value(alias = "markdown")]
    Md,
    /// One self-contained HTML page.
    Html,
    /// One JSON object.
    Json,
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
            // Help and the version go to the output: a write that fails there is said too.
            let printed = e.print();
            if e.use_stderr() {
                return 2;
            }
            return written(printed);
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
            events,
        }) => {
            let format = match (format, json, markdown) {
                (Some(f), _, _) => f,
                (None, true, _) => Format::Json,
                (None, _, true) => Format::Markdown,
                (None, false, false) => Format::Text,
            };
            if timeline.is_some() && format != Format::Text {
                tell!("--timeline goes with the text format only");
                return 2;
            }
            let output = if events {
                Output::Events
            } else {
                Output::Summary(format, timeline)
            };
            run(&scenario, seed, script, expert, output)
        }
        Some(Command::Validate {
            paths,
            scripts,
            explain,
        }) => authoring::validate(&paths, &scripts, explain),
        Some(Command::New { id, output }) => authoring::new(&id, output.as_deref()),
        Some(Command::Evaluate {
            scenario,
            policies,
            seeds,
            jobs,
            json,
            check,
        }) => evaluate(&scenario, &policies, seeds, jobs.unwrap_or(0), json, check),
        Some(Command::Play { night }) => play(night, false),
        Some(Command::Learn { night }) => play(night, true),
        Some(Command::Nights) => nights(),
        Some(Command::Report {
            log,
            format,
            output,
        }) => report(&log, format, output.as_deref()),
        Some(Command::Resume { log, speed, theme }) => again(&log, speed, theme, Again::Resume),
        Some(Command::Replay {
            log,
            until,
            speed,
            theme,
        }) => again(&log, speed, theme, Again::Replay(until)),
        Some(Command::Tabletop {
            view: Some(log), ..
        }) => crate::ui::projector::run(&log),
        Some(Command::Tabletop {
            night,
            step,
            discuss,
            roles,
            view: None,
        }) => tabletop(night, step, discuss, roles),
        None => play(
            NightArgs {
                scenario: None,
                seed: cli.seed,
                speed: cli.speed,
                record: None,
                theme: cli.theme,
                pause_on_critical: None,
            },
            false,
        ),
    }
}

/// The exit status after writing output: a write that failed is said once, and the status is 1,
/// so a pipeline knows the output is not all there; a reader that stopped early (`| head`) is
/// said in words, not as an error number.
fn written(result: std::io::Result<()>) -> i32 {
    match result {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            tell!("blastradius: the reader closed the output early; the rest was not written");
            1
        }
        Err(e) => {
            tell!("blastradius: cannot write the output: {e}");
            1
        }
    }
}

/// Interrupted (Ctrl-C, a hangup, a kill), the progress bar is cleared and the stop said on a
/// line of its own, so the shell prompt does not land on the half-drawn bar.
fn clear_on_signal(bar: &indicatif::ProgressBar) {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let bar = bar.clone();
        std::thread::spawn(move || {
            if let Some(sig) = signals.forever().next() {
                bar.finish_and_clear();
                // The workers go on counting until the exit: nothing more may be drawn.
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
                tell!(
                    "blastradius: evaluate stopped by a signal before it finished; nothing was written"
                );
                std::process::exit(128 + sig);
            }
        });
    }
    #[cfg(not(unix))]
    let _ = bar;
}

fn fail(d: &Diagnostics) -> i32 {
    tell!("{d}");
    1
}

fn list() -> i32 {
    let mut out = std::io::stdout().lock();
    let wide = scenario::BUILTIN
        .iter()
        .map(|(id, _, _)| id.chars().count())
        .max()
        .unwrap_or(0);
    for (id, file, src) in scenario::BUILTIN {
        match scenario::load_str(file, src) {
            Ok(s) => {
                let line = writeln!(
                    out,
                    "{id:<wide$}  {}  ({} – {} {})",
                    s.title, s.clock.start, s.clock.end, s.timezone
                );
                if line.is_err() {
                    return written(line);
                }
            }
            Err(d) => return fail(&d),
        }
    }
    0
}

/// What `run` prints: a summary in a format (and the timeline table), or the night's events.
enum Output {
    Summary(Format, Option<u32>),
    Events,
}

fn run(name: &OsStr, seed: u64, script: Option<PathBuf>, expert: bool, output: Output) -> i32 {
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
    let (format, timeline) = match output {
        Output::Summary(format, timeline) => (format, timeline),
        Output::Events => {
            let result = match report::events::json_lines(&session) {
                Ok(text) => out.write_all(text.as_bytes()),
                Err(e) => {
                    tell!("cannot write the events: {e}");
                    return 1;
                }
            };
            return written(result.and_then(|()| out.flush()));
        }
    };
    if let Some(every) = timeline
        && let Err(e) = write!(out, "{}", report::timeline(&session, every.max(1)))
    {
        return written(Err(e));
    }
    let result = match format {
        Format::Markdown => write!(out, "{}", report::markdown(&Debrief::full(&session))),
        Format::Json => {
            match serde_json::to_string(&report::summary(&Debrief::summary(&session))) {
                Ok(text) => writeln!(out, "{text}"),
                Err(e) => {
                    tell!("cannot write the summary: {e}");
                    return 1;
                }
            }
        }
        Format::Text => write!(out, "{}", report::text(&Debrief::summary(&session))),
    };
    if result.is_err() {
        return written(result.and_then(|()| out.flush()));
    }
    0
}

fn parse_jobs(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if (1..=1024).contains(&n) => Ok(n),
        _ => Err("a number of threads from 1 to 1024".into()),
    }
}

fn evaluate(
    name: &OsStr,
    policies: &[OsString],
    seeds: Seeds,
    jobs: usize,
    json: bool,
    check: bool,
) -> i32 {
    use indicatif::{ProgressBar, ProgressStyle};
    use std::io::IsTerminal as _;

    let s = match scenario::resolve(name) {
        Ok(s) => Arc::new(s),
        Err(d) => return fail(&d),
    };
    let mut chosen = Vec::new();
    for p in policies {
        match p.to_str().and_then(Policy::named) {
            Some(policy) => chosen.push(policy),
            // A bare word that is no policy and no file was most likely meant as a policy; a
            // path that is not there is read, and its reading error said at the path.
            None if !Path::new(p).exists() && !p.to_string_lossy().contains(['/', '.']) => {
                tell!(
                    "--policy {}: no such policy (expert, nothing, panicky, random) and no such file",
                    scenario::shown::path(Path::new(p))
                );
                return 2;
            }
            None => match Script::load(Path::new(p), &s) {
                Ok(script) => chosen.push(Policy::File {
                    name: scenario::shown::path(Path::new(p)),
                    script,
                }),
                Err(d) => return fail(&d),
            },
        }
    }
    if chosen.is_empty() {
        chosen = Policy::defaults();
    }
    let opts = Options {
        policies: chosen,
        seeds,
        jobs,
    };
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(evaluate::nights(&s, &opts));
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} nights  {eta} left") {
            bar.set_style(style);
        }
        clear_on_signal(&bar);
        bar
    } else {
        ProgressBar::hidden()
    };
    let e = evaluate::evaluate(&s, &opts, &|n| bar.inc(n));
    bar.finish_and_clear();
    let status = if check && !e.check_failures.is_empty() {
        1
    } else {
        0
    };
    let printed = if json {
        match evaluate::json(&e) {
            Ok(text) => text + "\n",
            Err(e) => {
                tell!("blastradius: cannot write the evaluation: {e}");
                return 1;
            }
        }
    } else {
        evaluate::text(&e)
    };
    let mut out = std::io::stdout().lock();
    // The report not all written (a full disk, a reader that stopped early) is said once.
    if written(out.write_all(printed.as_bytes()).and_then(|()| out.flush())) != 0 {
        return 1;
    }
    if status != 0 {
        for f in &e.check_failures {
            tell!("check failed: {f}");
        }
    }
    status
}
