//! The quick reader never disagrees with `ron`: what it reads, `ron` reads the same; what it gives
//! up on still loads through `ron`. `PROPTEST_CASES=20000 cargo test --lib plain` searches longer.

use proptest::prelude::*;

use super::read;
use crate::scenario::{BUILTIN, Scenario, load_str, ron_options};

/// What `ron` makes of `src`, for comparison (Debug shows every field).
fn by_ron(src: &str) -> Option<String> {
    ron_options()
        .from_str::<Scenario>(src)
        .ok()
        .map(|s| format!("{s:?}"))
}

fn by_plain(src: &str) -> Option<String> {
    read::<Scenario>(src).map(|s| format!("{s:?}"))
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn every_shipped_scenario_is_read_quickly_and_as_ron_reads_it() {
    for (id, _, src) in BUILTIN {
        let quick = by_plain(src);
        assert!(
            quick.is_some(),
            "{id}: the quick reader gave up on a shipped file"
        );
        assert_eq!(quick, by_ron(src), "{id}");
    }
    for name in ["mini.ron", "media-storage.ron"] {
        let src = fixture(name);
        assert!(by_plain(&src).is_some(), "{name}");
        assert_eq!(by_plain(&src), by_ron(&src), "{name}");
    }
}

#[test]
fn what_it_does_not_read_is_left_to_ron_and_still_loads() {
    let mini = fixture("mini.ron");
    let id = "id: \"mini\"";
    assert!(mini.contains(id));
    // Each is valid RON the quick reader does not take: ron must read it, to the same night.
    for (what, variant) in [
        ("a raw string", mini.replace(id, "id: r\"mini\"")),
        (
            "a document attribute",
            format!("#![enable(implicit_some)]\n{mini}"),
        ),
        ("a unicode escape", mini.replace(id, "id: \"m\\u{69}ni\"")),
        (
            "a line-separator blank",
            mini.replace(id, "id:\u{2028}\"mini\""),
        ),
        ("a hex number", mini.replace("format: 2", "format: 0x2")),
        ("a plus sign", mini.replace("format: 2", "format: +2")),
        ("an underscore", mini.replace("format: 2", "format: 0_2")),
        ("a leading zero", mini.replace("format: 2", "format: 02")),
    ] {
        assert!(by_plain(&variant).is_none(), "{what}: read quickly");
        let loaded = load_str("variant.ron", &variant)
            .unwrap_or_else(|d| panic!("{what}: ron did not load it: {d}"));
        let plain = load_str("mini.ron", &mini).unwrap();
        assert_eq!(format!("{loaded:?}"), format!("{plain:?}"), "{what}");
    }
}

#[test]
fn escapes_comments_and_commas_read_as_ron_reads_them() {
    let mini = fixture("mini.ron");
    let title = "title: \"Mini night\"";
    assert!(mini.contains(title));
    for variant in [
        mini.replace(title, "title: \"Mini \\\"night\\\"\\n\\t\\\\ \\' \\0 \\r\""),
        mini.replace(
            title,
            "title /* a /* nested */ comment */ : \"Mini\" // and a line\n",
        ),
        mini.replace(title, "title: \"Mini\",,"),
        mini.replace(title, "title: \"multi\nline é ✓\""),
        mini.replace("format: 2", "format: 2.0"),
        format!("{mini}\n// a last comment without a newline"),
        format!("{mini} trailing"),
    ] {
        // Read quickly exactly when ron reads it (the last is an error for both), and the same.
        assert_eq!(by_plain(&variant), by_ron(&variant), "{variant:.200}");
    }
}

/// Pieces of RON, plain and not, that a mutation drops into the file.
const PIECES: &[&str] = &[
    "None",
    "Some(",
    "Some ",
    "Some",
    ")",
    "(",
    "[",
    "]",
    ",",
    ",,",
    ":",
    "\"",
    "\\\"",
    "\\n",
    "\\u{41}",
    "\\x41",
    "\\\n",
    "1.5",
    "-3",
    "0",
    "07",
    "1_0",
    "0x1F",
    "+1",
    "1e3",
    "-1e-3",
    "inf",
    "NaN",
    "-inf",
    ".5",
    "5.",
    "..",
    "1..2",
    "/*",
    "*/",
    "//",
    "\n",
    " ",
    "\t",
    "r#",
    "r\"x\"",
    "r#\"x\"#",
    "b\"x\"",
    "#",
    "é",
    "\u{2028}",
    "\u{85}",
    "Scenario",
    "Beat",
    "After",
    "Done",
    "true",
    "false",
    "[]",
    "()",
    "'a'",
    "1f64",
    "5u32",
    "()",
    "Scenario(",
    "_",
    "-",
    "+",
];

fn floor_char(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn mutated_files_are_read_as_ron_reads_them_or_left_to_ron(
        cuts in prop::collection::vec((0usize..80_000, 0usize..12, 0usize..PIECES.len(), any::<bool>()), 1..4),
        which in 0usize..3,
    ) {
        let mut src = match which {
            0 => BUILTIN[0].2.to_string(),
            1 => fixture("mini.ron"),
            _ => BUILTIN[2].2.to_string(),
        };
        for (at, len, piece, insert) in cuts {
            let start = floor_char(&src, at % (src.len() + 1));
            let end = if insert { start } else { floor_char(&src, (start + len).min(src.len())) };
            src.replace_range(start..end, PIECES[piece]);
        }
        if let Some(quick) = by_plain(&src) {
            prop_assert_eq!(Some(quick), by_ron(&src));
        }
    }
}
