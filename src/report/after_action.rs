//! The after-action report of a kept night: one model ([`AfterAction`]) written three ways —
//! Markdown (`markdown_report.rs`), a self-contained HTML page (`html.rs`, its chart `svg.rs`)
//! and JSON. The night log is played again, the rest of the night played out with no more
//! decisions when it was left early (as the debrief does when a night is ended), and the night's
//! [`Debrief`] is the analysis: every figure and every sentence of worth comes from it. What is
//! added here is only what the log holds and the debrief does not need: the attendance, the
//! injects at their times, and the lines left behind by rewinding ([`crate::session::compare`]).
//! Nothing reads the wall clock: the same log gives the same bytes.

use std::sync::Arc;

use serde::{Serialize, Serializer};

use super::{ActionLine, action_line};
use crate::scenario::time::weekday;
use crate::scenario::{Minute, Scenario};
use crate::session::nightlog::NightLog;
use crate::session::{self, Debrief, DecisionRow, Session, Taken, worth_words};

/// The ways a report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    Json,
}

/// Blank improvement items to fill in after the discussion.
pub const IMPROVEMENT_ITEMS: usize = 6;

/// The after-action report of a kept night.
#[derive(Debug, Clone, Serialize)]
pub struct AfterAction {
    pub scenario: String,
    /// The scenario's file, when it is not built in: how to play the night again.
    pub scenario_file: Option<String>,
    pub title: String,
    /// The calendar date of the night's first minute, its weekday, the clock and the time zone.
    pub date: String,
    pub weekday: Option<&'static str>,
    pub start: String,
    pub end: String,
    pub timezone: String,
    pub seed: u64,
    /// "play", "learn" or "tabletop".
    pub mode: &'static str,
    /// The version of blastradius the night was played with, and the one that wrote this report.
    pub played_with: String,
    pub reported_with: String,
    /// Whether the clock reached the end of the night; if not, where it was left.
    pub finished: bool,
    pub left_at: Option<String>,
    /// How far the night went, and what the analysis does with the rest, in a sentence.
    pub ending: String,
    /// The roles kept in the log, then every other owner of a decision, in order of first word.
    pub attendance: Vec<String>,
    /// Every input of the night in the order it came: decisions, injects, hints.
    pub timeline: Vec<Entry>,
    /// The scenario's expert path on the same seed, each step with its reason and worth.
    pub expert: Vec<Step>,
    /// Blast radius over the night.
    pub chart: Chart,
    /// The lines left behind by rewinding, oldest first, each beside this one.
    pub other_lines: Vec<OtherLine>,
    pub improvement_items: usize,
    /// The debrief, as `blastradius run --format json` writes it: the score and its parts, the
    /// references, each decision weighed, the lessons and what was true (`ghost`).
    #[serde(serialize_with = "debrief_json")]
    pub debrief: Debrief,
}

fn debrief_json<S: Serializer>(d: &Debrief, s: S) -> Result<S::Ok, S::Error> {
    super::summary(d).serialize(s)
}

/// One input of the night.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    Decision(Box<Step>),
    /// A line a facilitator fired into the channel.
    Inject {
        at: String,
        minute: Minute,
        from: String,
        text: String,
        /// From the scenario's pool (or typed on the spot).
        pooled: bool,
    },
    /// A rung of a hint ladder taken.
    Hint {
        at: String,
        minute: Minute,
        lesson: String,
        title: String,
        rung: usize,
    },
}

/// A decision (the team's or the expert's), as the debrief weighed it.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub minute: Minute,
    /// "Restart a service (api)".
    pub label: String,
    #[serde(flatten)]
    pub line: ActionLine,
    /// What it saved or cost, in the debrief's words: "+3,202 saved (+2,900 to +3,500 over 8 seeds)".
    pub worth_words: Option<String>,
}

impl Step {
    fn of(s: &Scenario, r: &DecisionRow) -> Step {
        Step {
            minute: s.minute_of(r.at),
            label: r.label.clone(),
            line: action_line(r),
            worth_words: r.worth.as_ref().map(worth_words),
        }
    }

    /// "done", "done, queued until 00:45", "fumbled, nothing changed", "refused: why".
    pub fn outcome_words(&self) -> String {
        let l = &self.line;
        match (&l.reason, &l.queued_until) {
            (Some(why), _) => format!("refused: {why}"),
            (None, q) => {
                let what = if l.outcome == "fumbled" {
                    "fumbled, nothing changed"
                } else {
                    l.outcome
                };
                match q {
                    Some(t) => format!("{what}, queued until {t}"),
                    None => what.to_string(),
                }
            }
        }
    }
}

/// Blast radius over the night, minute by minute.
#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    /// Minutes from the first to the last minute of the night: the x axis.
    pub minutes: Minute,
    /// Where the clock was left (after it, the night played on with no more decisions).
    pub left_at_minute: Option<Minute>,
    /// Where the last line left behind parts from this one.
    pub parted_minute: Option<Minute>,
    pub series: Vec<Series>,
}

impl Chart {
    /// The highest point any series reaches (at least 1): the top of the scale.
    pub fn highest(&self) -> i64 {
        self.series
            .iter()
            .flat_map(|x| x.points.iter().map(|p| p.1))
            .max()
            .unwrap_or(0)
            .max(1)
    }
}

/// One line of the chart.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    /// "yours", "expert" or "other_line".
    pub name: &'static str,
    pub label: String,
    /// Where it ends: the blast radius of that night.
    pub blast_radius: i64,
    /// (minute, blast radius so far), every minute.
    pub points: Vec<(Minute, i64)>,
}

impl Series {
    /// The blast radius so far at a minute (the last point at or before it).
    pub fn at(&self, minute: Minute) -> i64 {
        let i = self.points.partition_point(|p| p.0 <= minute);
        i.checked_sub(1).map_or(0, |i| self.points[i].1)
    }
}

/// A line left behind by rewinding, beside this one.
#[derive(Debug, Clone, Serialize)]
pub struct OtherLine {
    /// The clock time the team rewound to: where the lines part.
    pub parted: String,
    /// Where that line's clock had got; after it, it is played on with no more decisions.
    pub left_at: String,
    pub finished: bool,
    pub blast_radius: i64,
    /// The first input where the lines differ, as each line has it ("01:10 Freeze CI/CD").
    pub this_first: Option<String>,
    pub other_first: Option<String>,
}

impl OtherLine {
    /// "rewound to 00:30; left at 01:10, then no more decisions".
    pub fn how(&self) -> String {
        if self.finished {
            format!("rewound to {}; played to the end", self.parted)
        } else {
            format!(
                "rewound to {}; left at {}, then no more decisions",
                self.parted, self.left_at
            )
        }
    }

    /// "The lines part at 00:30: this one — 00:30 Freeze CI/CD; the other — no decision."
    pub fn parting(&self) -> String {
        let none = "no decision".to_string();
        format!(
            "The lines part at {}: this one — {}; the other — {}.",
            self.parted,
            self.this_first.as_ref().unwrap_or(&none),
            self.other_first.as_ref().unwrap_or(&none)
        )
    }
}

/// The report of a kept night in a format. Refused when the scenario is not the one the night was
/// played on.
pub fn render(format: Format, log: &NightLog, s: &Arc<Scenario>) -> Result<String, String> {
    log.scenario_matches(s)?;
    AfterAction::build(log, s).write(format)
}

impl AfterAction {
    /// How a command line names the night's scenario: its file when it came from one (quoted for
    /// a shell when it must be), else its built-in id.
    pub fn again_arg(&self) -> String {
        crate::scenario::shown::scenario_arg(self.scenario_file.as_deref(), &self.scenario)
    }

    /// Play the log again (on to the end with no more decisions if it was left early), weigh it,
    /// and set it beside the expert's night and the lines left behind.
    pub fn build(log: &NightLog, s: &Arc<Scenario>) -> AfterAction {
        let mut night = log.replay(s.clone());
        night.run_to_end();
        let d = Debrief::full(&night);
        AfterAction::of(log, &night, d)
    }

    /// The report of a night already played to its end and weighed (`night` is the log's current
    /// line; the TUI has both at the debrief).
    pub fn of(log: &NightLog, night: &Session, debrief: Debrief) -> AfterAction {
        let s = night.scenario();
        let finished = log.reached > s.length();
        let left_at = (!finished).then(|| s.clock_at(log.reached).to_string());
        let ending = match &left_at {
            None => format!("Played to the end of the night ({}).", s.clock.end),
            Some(t) => format!(
                "Left at {t}. The analysis plays the rest of the night from {t} with no more \
                 decisions, as the debrief does when a night is ended early: the blast radius, \
                 the grade and the chart after {t} count that rest."
            ),
        };
        let others: Vec<session::OtherLine> = log
            .branches
            .iter()
            .map(|b| session::compare(night, b))
            .collect();
        let chart = chart(s, log, &debrief, others.last());
        AfterAction {
            scenario: s.id.clone(),
            scenario_file: log.scenario_file.clone(),
            title: s.title.clone(),
            date: s.date.clone(),
            weekday: weekday(&s.date),
            start: s.clock.start.to_string(),
            end: s.clock.end.to_string(),
            timezone: s.timezone.clone(),
            seed: log.seed,
            mode: log.mode.command(),
            played_with: log.program.clone(),
            reported_with: env!("CARGO_PKG_VERSION").to_string(),
            finished,
            left_at,
            ending,
            attendance: attendance(log, night),
            timeline: timeline(night, &debrief),
            expert: debrief.expert.iter().map(|r| Step::of(s, r)).collect(),
            chart,
            other_lines: others
                .into_iter()
                .map(|o| OtherLine {
                    parted: o.parted,
                    left_at: o.left_at,
                    finished: o.finished,
                    blast_radius: o.blast_radius,
                    this_first: o.this_first,
                    other_first: o.other_first,
                })
                .collect(),
            improvement_items: IMPROVEMENT_ITEMS,
            debrief,
        }
    }

    /// The report in a format.
    pub fn write(&self, format: Format) -> Result<String, String> {
        match format {
            Format::Markdown => Ok(super::markdown_report::markdown(self)),
            Format::Html => Ok(super::html::page(self)),
            Format::Json => serde_json::to_string_pretty(self)
                .map(|t| t + "\n")
                .map_err(|e| format!("cannot write the report as JSON: {e}")),
        }
    }

    /// "Mon 2025-10-20, 23:43–14:00 PDT".
    pub fn when(&self) -> String {
        let day = self.weekday.map(|d| format!("{d} ")).unwrap_or_default();
        format!(
            "{day}{}, {}–{} {}",
            self.date, self.start, self.end, self.timezone
        )
    }

    /// "blastradius 0.1.0", and the report's own version when it differs.
    pub fn program(&self) -> String {
        if self.played_with == self.reported_with {
            format!("blastradius {}", self.played_with)
        } else {
            format!(
                "played with blastradius {}; this report by {}",
                self.played_with, self.reported_with
            )
        }
    }

    /// The attendance in a line.
    pub fn attendance_line(&self) -> String {
        let at_a_table = self.mode == crate::session::nightlog::Mode::Tabletop.command();
        if self.attendance.is_empty() && !at_a_table {
            // A night played alone names nobody: only a table gives decisions owners.
            "Played alone: decisions have no owner (a tabletop night names who owns each)."
                .to_string()
        } else if self.attendance.is_empty() {
            "Nobody was named: no roles were kept and no decision has an owner.".to_string()
        } else {
            self.attendance.join(", ")
        }
    }
}

/// The roles kept, then every owner of a decision not among them, in order.
fn attendance(log: &NightLog, night: &Session) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let owners = night.log().iter().filter_map(|d| d.owner.as_ref());
    for name in log.roles.iter().chain(owners) {
        if !name.trim().is_empty() && !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// Every input in the order it came: the debrief's rows for decisions and hints, the session's
/// injects (what was said, not analysis).
fn timeline(night: &Session, d: &Debrief) -> Vec<Entry> {
    let s = night.scenario();
    night
        .taken()
        .iter()
        .filter_map(|t| match *t {
            Taken::Decision(i) => d
                .yours
                .get(i)
                .map(|r| Entry::Decision(Box::new(Step::of(s, r)))),
            Taken::Hint(i) => d.hints.get(i).map(|h| Entry::Hint {
                at: h.at.to_string(),
                minute: s.minute_of(h.at),
                lesson: h.lesson.clone(),
                title: h.title.clone(),
                rung: h.rung,
            }),
            Taken::Inject(i) => night.injects().get(i).map(|x| Entry::Inject {
                at: s.clock_at(x.at).to_string(),
                minute: x.at,
                from: x.from.clone(),
                text: x.text.clone(),
                pooled: x.pool.is_some(),
            }),
        })
        .collect()
}

fn chart(s: &Scenario, log: &NightLog, d: &Debrief, other: Option<&session::OtherLine>) -> Chart {
    let points = |harm: &[(f64, f64)]| -> Vec<(Minute, i64)> {
        harm.iter()
            .map(|(m, p)| (*m as Minute, p.round() as i64))
            .collect()
    };
    let mut series = vec![
        Series {
            name: "yours",
            label: "you".into(),
            blast_radius: d.blast_radius,
            points: points(&d.harm_yours),
        },
        Series {
            name: "expert",
            label: "the expert".into(),
            blast_radius: d.references.expert,
            points: points(&d.harm_expert),
        },
    ];
    if let Some(o) = other {
        series.push(Series {
            name: "other_line",
            label: format!("your other line (rewound to {})", o.parted),
            blast_radius: o.blast_radius,
            points: points(&o.harm),
        });
    }
    Chart {
        minutes: s.length(),
        left_at_minute: (log.reached <= s.length()).then_some(log.reached),
        parted_minute: other.and(log.branches.last()).map(|b| b.parted),
        series,
    }
}

/// The columns of the Markdown chart's sparklines.
pub(super) const SPARK: usize = 48;

/// Each series as a sparkline on one scale, every series' value at `SPARK` moments of the night.
pub(super) fn sparklines(c: &Chart) -> Vec<(String, String, i64)> {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let top = c.highest() as f64;
    c.series
        .iter()
        .map(|x| {
            let line: String = (0..SPARK)
                .map(|k| {
                    let m = (k as u64 * u64::from(c.minutes) / (SPARK as u64 - 1)) as Minute;
                    let v = x.at(m).max(0) as f64 / top;
                    BARS[((v * 7.0).round() as usize).min(7)]
                })
                .collect();
            (x.label.clone(), line, x.blast_radius)
        })
        .collect()
}

/// The minutes of the chart's table: each full hour of the clock, and the last minute.
pub(super) fn hours(s_start: &str, minutes: Minute) -> Vec<Minute> {
    let start = crate::scenario::TimeOfDay::parse(s_start).map_or(0, |t| t.0);
    let first = (60 - start % 60) % 60;
    let mut out: Vec<Minute> = (first..=minutes).step_by(60).collect();
    if out.first() != Some(&0) {
        out.insert(0, 0);
    }
    if out.last() != Some(&minutes) {
        out.push(minutes);
    }
    out
}

/// The clock time at a minute of the night, from the report's own start time.
pub(super) fn clock(r: &AfterAction, minute: Minute) -> String {
    let start = crate::scenario::TimeOfDay::parse(&r.start).map_or(0, |t| t.0);
    crate::scenario::TimeOfDay((start + minute) % (24 * 60)).to_string()
}

/// The sentence that says how a decision's worth is measured.
pub(super) fn worth_explained() -> String {
    format!(
        "Each decision's worth is the night without it less the night with it, on this seed and the next {}: the mean, and its range.",
        session::WORTH_SEEDS - 1
    )
}
