//! An [`Evaluation`] as text (the readable report) and as one JSON object. Both are functions of
//! the evaluation alone: no timings, nothing from the machine, so the same arguments print the
//! same bytes.

use std::fmt::Write as _;

use super::{Evaluation, NOISE_SHARE, UNUSED_ACTION_SEEDS, points, signed};

/// The evaluation as one JSON object (its fields as documented in docs/balance.md).
pub fn json(e: &Evaluation) -> Result<String, serde_json::Error> {
    serde_json::to_string(e)
}

/// The readable report.
pub fn text(e: &Evaluation) -> String {
    let mut o = String::new();
    // Writing to a String cannot fail.
    let _ = write_text(&mut o, e);
    o
}

fn write_text(o: &mut String, e: &Evaluation) -> std::fmt::Result {
    writeln!(o, "Balance of {}: {}", e.scenario, e.title)?;
    writeln!(
        o,
        "Seeds {} ({} per policy). Blast radius in whole points.",
        e.seeds,
        e.seeds.count()
    )?;
    for s in &e.skipped {
        writeln!(o, "{s}")?;
    }

    writeln!(o)?;
    writeln!(o, "Blast radius by policy, and its grades")?;
    let w = e
        .policies
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0)
        .max("policy".len());
    writeln!(
        o,
        "  {:<w$}  {:>7} {:>7} {:>7} {:>7} {:>7}  {:>4} {:>4} {:>4} {:>4} {:>4}",
        "policy", "min", "p10", "median", "p90", "max", "A", "B", "C", "D", "F"
    )?;
    for p in &e.policies {
        let d = &p.blast_radius;
        write!(
            o,
            "  {:<w$}  {:>7} {:>7} {:>7} {:>7} {:>7} ",
            p.name,
            points(d.min),
            points(d.p10),
            points(d.median),
            points(d.p90),
            points(d.max)
        )?;
        for (_, n) in p.grades.letters() {
            write!(o, " {n:>4}")?;
        }
        writeln!(o)?;
    }
    let bimodal: Vec<_> = e
        .policies
        .iter()
        .filter_map(|p| p.bimodal.map(|g| (p, g)))
        .collect();
    if bimodal.is_empty() {
        writeln!(o, "  No policy's distribution is bimodal.")?;
    }
    for (p, g) in bimodal {
        writeln!(
            o,
            "  ! {} is bimodal: no night between {} and {} ({} seeds below, {} above)",
            p.name,
            points(g.below),
            points(g.above),
            g.seeds_below,
            g.seeds_above
        )?;
    }

    writeln!(o)?;
    let order = if e.ordering.with_panicky {
        "expert < nothing < panicky"
    } else {
        "expert < nothing (the scenario has no panicky path)"
    };
    writeln!(
        o,
        "Reference ordering {order}: holds on {} of {} seeds",
        e.ordering.holds_on,
        e.seeds.count()
    )?;
    for d in &e.ordering.fails_on {
        let p = d
            .panicky
            .map_or(String::new(), |p| format!(", panicky {}", points(p)));
        writeln!(
            o,
            "  ! seed {}: expert {}, nothing {}{p}",
            d.seed,
            points(d.expert),
            points(d.nothing)
        )?;
    }

    write_ablation(o, e)?;
    write_unused(o, e)?;

    writeln!(o)?;
    let names: Vec<&str> = e.policies.iter().map(|p| p.name.as_str()).collect();
    if e.silent_beats.is_empty() {
        writeln!(
            o,
            "Beats that never fire (in any night of {}): none",
            names.join(", ")
        )?;
    } else {
        writeln!(
            o,
            "Beats that never fire (in any night of {}): {}",
            names.join(", "),
            e.silent_beats.len()
        )?;
        for b in &e.silent_beats {
            writeln!(o, "  ! {b}")?;
        }
    }

    writeln!(o)?;
    if e.check_failures.is_empty() {
        writeln!(
            o,
            "Check: passed (the reference ordering holds on every seed; every lesson step is worth something)"
        )?;
    } else {
        writeln!(o, "Check: failed")?;
        for f in &e.check_failures {
            writeln!(o, "  ! {f}")?;
        }
    }
    Ok(())
}

fn write_ablation(o: &mut String, e: &Evaluation) -> std::fmt::Result {
    writeln!(o)?;
    writeln!(
        o,
        "What each step of the expert's path is worth: the night without it less the night with it"
    )?;
    writeln!(
        o,
        "(mean, p10 and p90 over the seeds). Within noise: |mean| under the floor, or the seeds pull both ways and |mean| < 2 × standard error;"
    )?;
    writeln!(
        o,
        "the floor is {} % of the expert's median blast radius = {}; the noise column is max(2 × standard error, floor).",
        NOISE_SHARE * 100.0,
        points(e.noise_floor)
    )?;
    let label = |a: &str, t: &Option<String>| match t {
        Some(t) => format!("{a} {t}"),
        None => a.to_string(),
    };
    let w = e
        .ablation
        .iter()
        .map(|x| label(&x.action, &x.target).chars().count())
        .max()
        .unwrap_or(0)
        .max("action".len());
    writeln!(
        o,
        "  {:>4}  {:<5}  {:<w$}  {:>7} {:>7} {:>7} {:>6}  flags",
        "step", "at", "action", "mean", "p10", "p90", "noise"
    )?;
    for x in &e.ablation {
        let mut flags = Vec::new();
        if x.within_noise {
            flags.push("! worth nothing".to_string());
        } else if x.mean < 0.0 {
            flags.push("! costs points".to_string());
        }
        if !x.lessons.is_empty() {
            flags.push(format!("lesson: {}", x.lessons.join(", ")));
        }
        let row = format!(
            "  {:>4}  {:<5}  {:<w$}  {:>7} {:>7} {:>7} {:>6}  {}",
            x.step,
            x.at,
            label(&x.action, &x.target),
            signed(x.mean),
            signed(x.p10),
            signed(x.p90),
            format!("±{}", points(x.threshold)),
            flags.join("; ")
        );
        writeln!(o, "{}", row.trim_end())?;
    }
    if e.ablation.is_empty() {
        writeln!(o, "  (the scenario has no expert path)")?;
    }
    let nothing = e.ablation.iter().filter(|x| x.within_noise).count();
    writeln!(
        o,
        "  {nothing} of {} steps worth nothing (within noise).",
        e.ablation.len()
    )
}

fn write_unused(o: &mut String, e: &Evaluation) -> std::fmt::Result {
    let u = &e.unused_actions;
    writeln!(o)?;
    let Some(at) = &u.at else {
        return writeln!(
            o,
            "Actions off the expert's path: not tried (no expert path)."
        );
    };
    writeln!(
        o,
        "Actions neither the expert's nor the panicky path takes, each added to the expert's path at"
    )?;
    writeln!(
        o,
        "{at} (its first step; targeted actions on their first target), or at the first minute after"
    )?;
    writeln!(
        o,
        "it that its `requires` hold on the expert's night (a resume that requires jobs paused: once"
    )?;
    writeln!(
        o,
        "they are). The worth is the expert's night less the night with the action; tried on the first"
    )?;
    writeln!(
        o,
        "{} seeds only ({}), to bound the cost.",
        UNUSED_ACTION_SEEDS.min(e.seeds.count()),
        u.seeds
    )?;
    if u.actions.is_empty() && u.untried.is_empty() {
        return writeln!(o, "  (none: the two paths take every action)");
    }
    let label = |x: &super::ActionWorth| {
        let mut l = match &x.target {
            Some(t) => format!("{} {t}", x.action),
            None => x.action.clone(),
        };
        if x.at != *at {
            l.push_str(&format!(" at {}", x.at));
        }
        l
    };
    let w = u
        .actions
        .iter()
        .map(|x| label(x).chars().count())
        .max()
        .unwrap_or(0)
        .max("action".len());
    let n = u.seeds.count();
    if !u.actions.is_empty() {
        writeln!(
            o,
            "  {:<w$}  {:>7} {:>7}  {:>11}  verdict",
            "action", "mean", "best", "carried out"
        )?;
    }
    for x in &u.actions {
        let verdict = match (x.never_worth_taking, x.accepted_on) {
            (true, 0) => "! never worth taking (refused every time)",
            (true, _) => "! never worth taking",
            (false, _) => "",
        };
        let row = format!(
            "  {:<w$}  {:>7} {:>7}  {:>11}  {verdict}",
            label(x),
            signed(x.mean),
            signed(x.best),
            format!("{}/{n}", x.accepted_on)
        );
        writeln!(o, "{}", row.trim_end())?;
    }
    for x in &u.untried {
        writeln!(
            o,
            "  {}: not tried, never allowed on the expert's night ({})",
            x.action, x.why
        )?;
    }
    let never = u.actions.iter().filter(|x| x.never_worth_taking).count();
    writeln!(
        o,
        "  {never} of {} actions never worth taking.",
        u.actions.len()
    )
}
