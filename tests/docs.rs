//! The documentation is true: the format reference's example is a real scenario, every built-in one
//! loads and plays, and every command the authoring guide shows exists with its flags.

use std::sync::Arc;

use blastradius::scenario;
use blastradius::session::{self, Script};

#[test]
fn the_format_reference_example_validates_and_plays() {
    let doc = std::fs::read_to_string("docs/scenario-format.md").unwrap();
    let start = doc
        .find("```ron\n")
        .expect("the reference has a ```ron example")
        + "```ron\n".len();
    let len = doc[start..]
        .find("\n```")
        .expect("the example block is closed");
    let example = &doc[start..start + len];
    let s = scenario::load_str("docs/scenario-format.md example", example)
        .unwrap_or_else(|d| panic!("{d}"));
    let s = Arc::new(s);
    let expert = session::run(s.clone(), 1, &Script::expert(&s));
    assert!(
        expert.log().iter().all(|d| d.accepted()),
        "the example's expert path is carried out"
    );
    assert!(expert.is_over());
}

#[test]
fn the_format_reference_names_every_field_of_the_model() {
    let doc = std::fs::read_to_string("docs/scenario-format.md").unwrap();
    let model = std::fs::read_to_string("src/scenario/model.rs").unwrap();
    let fields: Vec<&str> = model
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split_once(':').map(|(name, _)| name))
        .filter(|name| !name.contains(' ') && !name.contains('('))
        .collect();
    assert!(fields.len() > 60, "{}", fields.len());
    let missing: Vec<&&str> = fields
        .iter()
        .filter(|f| !doc.contains(&format!("`{f}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "fields the reference does not document: {missing:?}"
    );
}

#[test]
fn every_built_in_scenario_loads_and_its_expert_beats_doing_nothing() {
    for (id, file, src) in scenario::BUILTIN {
        let s = Arc::new(scenario::load_str(file, src).unwrap_or_else(|d| panic!("{d}")));
        assert_eq!(
            &s.id, id,
            "{file}: the id in the file matches the built-in id"
        );
        for seed in 1..=3 {
            let (expert, nothing) = session::references(&s, seed);
            assert!(
                expert < nothing,
                "{id} seed {seed}: expert {expert:.0}, nothing {nothing:.0}"
            );
        }
    }
}

#[test]
fn every_command_the_authoring_guide_shows_exists_with_its_flags() {
    // docs/authoring.md is followed by people typing its commands: each subcommand and flag it
    // shows must be one the binary takes.
    let guide = std::fs::read_to_string("docs/authoring.md").unwrap();
    let mut seen = 0;
    for line in guide.lines().map(str::trim) {
        let Some(rest) = line.strip_prefix("blastradius ") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().take_while(|w| *w != "#").collect();
        let sub = words[0];
        let help = std::process::Command::new(env!("CARGO_BIN_EXE_blastradius"))
            .args([sub, "--help"])
            .output()
            .unwrap();
        assert!(help.status.success(), "{line}: no subcommand {sub}");
        let help = String::from_utf8_lossy(&help.stdout);
        for flag in words.iter().filter(|w| w.starts_with("--")) {
            assert!(help.contains(flag), "{line}: `{sub}` takes no {flag}");
        }
        seen += 1;
    }
    assert!(seen >= 10, "commands found: {seen}");
}
