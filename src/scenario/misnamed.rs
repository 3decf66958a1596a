//! A field or a choice the file names in a way the format does not know (`minuts:`,
//! `RetryBackof`), or a name written as a text (`ServeStale("orders", true)`): said in the words
//! of the file (a service, an action, a script line), with the name it most likely meant, rather
//! than in the parser's words about our Rust types.

/// What a type of the format is called in a message: `a service`, `a script line`.
pub(super) fn called(ty: &str) -> String {
    let words = match ty {
        "Scenario" => "the scenario",
        "ScriptEntry" => "a script line",
        "InjectEntry" => "an inject",
        "ActionDef" => "an action",
        "ExpertStep" => "a step of the expert's path",
        "Service" => "a service",
        "ProviderService" => "a provider service",
        "StatusPage" => "a status page",
        "HealthCheck" => "a health check",
        "Launch" => "a launch",
        "Need" => "a need",
        "Retries" => "retries",
        "Queue" => "a queue",
        "Feed" => "a feed",
        "Fault" => "a fault",
        "TrafficPoint" => "a traffic point",
        "Role" => "a role",
        "Person" => "a person",
        "Change" => "a change",
        "Severity" => "a severity",
        "Channel" => "a channel",
        "Beat" => "a beat",
        "Lesson" => "a lesson",
        "Moment" => "a teaching moment",
        "Scoring" => "scoring",
        "Clock" => "the clock",
        "Control" => "a control",
        "Effect" => "an effect",
        "Condition" => "a condition",
        "Requirement" => "a requirement",
        "Target" => "a target",
        "TargetKind" => "a target kind",
        "Audience" => "an audience",
        "Query" => "a query",
        other => return format!("a `{other}`"),
    };
    words.to_string()
}

/// Effects whose first value is a `Target` (`SetFor` has its control first).
const TAKES_A_TARGET: &[&str] = &[
    "SetFor",
    "ServeStale",
    "UseReplicas",
    "ShallowChecks",
    "Restart",
    "Recreate",
    "ScaleOut",
];

/// Past this many, the choices are not listed in the message (a scenario has about thirty
/// fields, an effect about twenty kinds): the reference is.
const LISTED: usize = 12;

/// The message for a field or a choice `ron` does not know, or `None` for any other error.
pub(super) fn unknown_name(code: &ron::Error) -> Option<String> {
    let (kind, expected, found, outer) = match code {
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => ("field", *expected, found, outer),
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => ("choice", *expected, found, outer),
        _ => return None,
    };
    let whose = outer.as_deref().map(called);
    if kind == "choice" && outer.as_deref() == Some("Target") {
        return Some(format!(
            "`{found}` is not a target: write Service(\"{found}\") for that service, or Chosen \
             for the one the player picks"
        ));
    }
    let what = match (kind, &whose) {
        ("field", Some(w)) => format!("`{found}` is not a field of {w}"),
        ("field", None) => format!("`{found}` is not a field here"),
        (_, Some(w)) => format!("`{found}` is not {w}"),
        (_, None) => format!("`{found}` is not one of the choices here"),
    };
    if let Some(meant) = closest(found, expected) {
        return Some(format!("{what}: did you mean `{meant}`?"));
    }
    let plural = if kind == "field" { "fields" } else { "choices" };
    Some(match expected.len() {
        0 => format!("{what} (it has no {plural})"),
        n if n > LISTED => format!("{what} (its {n} {plural} are in docs/scenario-format.md)"),
        _ => format!("{what}; its {plural}: {}", expected.join(", ")),
    })
}

/// The message for a name `ron` expected where the file holds something else (`found`, in the
/// words of `syntax::found`), inside a call named `call` when there is one (`ServeStale(`).
pub(super) fn not_a_name(call: Option<&str>, found: &str) -> String {
    let text = found
        .strip_prefix("the text \"")
        .and_then(|t| t.strip_suffix('"'));
    match (call, text) {
        (Some(c), Some(t)) if TAKES_A_TARGET.contains(&c) => format!(
            "{c} takes a target, not a text: Service(\"{t}\") for that service, or Chosen for \
             the one the player picks"
        ),
        (_, Some(t)) if is_name(t) => format!("write {t} without quotes: it is a name, not a text"),
        _ => format!("expected a name here (a field, or one of a list of choices), not {found}"),
    }
}

/// The name of the call whose brackets `before` (the file up to a value) is inside: the word
/// before the innermost `(` not yet closed, when there is one (`Effect::ServeStale(` reads as
/// `ServeStale`). Strings are not looked into: a bracket inside one may fool it, and the message
/// is then only less specific.
pub(super) fn enclosing_call(before: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (i, c) in before.char_indices().rev() {
        match c {
            ')' | ']' => depth += 1,
            '(' | '[' if depth > 0 => depth -= 1,
            '[' => return None,
            '(' => {
                let head = before[..i].trim_end();
                let from = head
                    .rfind(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
                    .map_or(0, |j| j + 1);
                return Some(&head[from..]).filter(|w| !w.is_empty());
            }
            _ => {}
        }
    }
    None
}

fn is_name(t: &str) -> bool {
    t.starts_with(|c: char| c.is_ascii_alphabetic())
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The name in `expected` that `found` most likely misspells: the same but for case, or at
/// most a third of its letters (and at least one) away by edits; `None` when nothing is that
/// close, or two names are equally close.
fn closest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    let lower = found.to_lowercase();
    if let Some(same) = expected.iter().find(|e| e.to_lowercase() == lower) {
        return Some(same);
    }
    let allowed = (found.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &str)> = expected
        .iter()
        .map(|e| (edits(&lower, &e.to_lowercase()), *e))
        .filter(|(d, _)| *d <= allowed)
        .collect();
    scored.sort();
    match scored.as_slice() {
        [(d, best), rest @ ..] if rest.first().is_none_or(|(d2, _)| d2 > d) => Some(best),
        _ => None,
    }
}

/// Levenshtein distance, in characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_name_is_said_with_the_one_it_meant() {
        let field = ron::Error::NoSuchStructField {
            expected: &["id", "name", "minutes", "effects"],
            found: "minuts".into(),
            outer: Some("ActionDef".into()),
        };
        assert_eq!(
            unknown_name(&field).unwrap(),
            "`minuts` is not a field of an action: did you mean `minutes`?"
        );
        let choice = ron::Error::NoSuchEnumVariant {
            expected: &["HealthChecks", "RetryBackoff"],
            found: "retrybackoff".into(),
            outer: Some("Control".into()),
        };
        assert_eq!(
            unknown_name(&choice).unwrap(),
            "`retrybackoff` is not a control: did you mean `RetryBackoff`?"
        );
        let far = ron::Error::NoSuchStructField {
            expected: &["at", "action"],
            found: "why".into(),
            outer: Some("ScriptEntry".into()),
        };
        assert_eq!(
            unknown_name(&far).unwrap(),
            "`why` is not a field of a script line; its fields: at, action"
        );
        let many: &'static [&'static str] = &[
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
        ];
        let long = ron::Error::NoSuchStructField {
            expected: many,
            found: "entries".into(),
            outer: Some("Scenario".into()),
        };
        assert_eq!(
            unknown_name(&long).unwrap(),
            "`entries` is not a field of the scenario (its 13 fields are in docs/scenario-format.md)"
        );
        assert_eq!(unknown_name(&ron::Error::ExpectedIdentifier), None);
    }

    #[test]
    fn two_names_equally_close_are_not_guessed_between() {
        assert_eq!(closest("cat", &["bat", "car"]), None);
        assert_eq!(closest("cat", &["bat", "dogs"]), Some("bat"));
        assert_eq!(closest("x", &["yy"]), None);
    }

    #[test]
    fn a_text_where_a_name_belongs_is_said_with_how_to_write_it() {
        assert_eq!(enclosing_call("effects: [ServeStale("), Some("ServeStale"));
        assert_eq!(
            enclosing_call(
                "effects: [Set(HealthChecks, false), ServeStale(Chosen, true), Restart("
            ),
            Some("Restart")
        );
        assert_eq!(enclosing_call("effects: ["), None);
        assert_eq!(
            not_a_name(Some("ServeStale"), "the text \"orders\""),
            "ServeStale takes a target, not a text: Service(\"orders\") for that service, or \
             Chosen for the one the player picks"
        );
        assert_eq!(
            not_a_name(Some("Set"), "the text \"HealthChecks\""),
            "write HealthChecks without quotes: it is a name, not a text"
        );
        assert_eq!(
            not_a_name(None, "( … )"),
            "expected a name here (a field, or one of a list of choices), not ( … )"
        );
    }
}
