//! A night played for its score alone (no story told, no history kept: what the grader, the
//! ablations and the debrief's weighing play by the thousand) comes to the same tally, to the
//! bit, as the night played in full, on every shipped scenario and the format's fixture, for the
//! reference paths and random decisions alike.

use std::sync::Arc;

use blastradius::scenario::{self, Scenario};
use blastradius::session::evaluate::random_script;
use blastradius::session::{self, Script, Session};

fn scenarios() -> Vec<Arc<Scenario>> {
    let mut all: Vec<Arc<Scenario>> = scenario::BUILTIN
        .iter()
        .map(|(id, _, _)| Arc::new(scenario::builtin(id).unwrap()))
        .collect();
    let media = include_str!("fixtures/media-storage.ron");
    all.push(Arc::new(
        scenario::load_str("media-storage.ron", media).unwrap(),
    ));
    all
}

fn scripts(s: &Scenario, seed: u64) -> Vec<(&'static str, Script)> {
    vec![
        ("expert", Script::expert(s)),
        ("nothing", Script::default()),
        ("panicky", Script::panicky(s)),
        ("random", random_script(s, seed)),
        ("random 2", random_script(s, seed + 1000)),
    ]
}

#[test]
fn a_night_played_for_its_score_alone_comes_to_the_same_tally() {
    for s in scenarios() {
        for seed in 1..=6 {
            for (name, script) in scripts(&s, seed) {
                let full = session::run(s.clone(), seed, &script);
                let mut bare = Session::for_score(s.clone(), seed);
                bare.play(&script);
                assert_eq!(
                    format!("{:?}", bare.world().tally()),
                    format!("{:?}", full.world().tally()),
                    "{} seed {seed}, {name}",
                    s.id
                );
                let decided = |n: &Session| -> Vec<String> {
                    n.log().iter().map(|d| format!("{d:?}")).collect()
                };
                assert_eq!(decided(&bare), decided(&full), "{} {name}", s.id);
                assert_eq!(
                    format!("{:?}", session::score_of(s.clone(), seed, &script)),
                    format!("{:?}", full.breakdown())
                );
                // It did leave out what nobody reads: the story and the history.
                assert!(bare.world().is_score_only() && !full.world().is_score_only());
                assert!(bare.world().events().is_empty(), "{} {name}", s.id);
                assert_eq!(bare.world().history().len(), 1, "{} {name}", s.id);
                assert!(full.world().history().len() > 1);
            }
        }
    }
}

#[test]
fn a_night_told_up_to_a_moment_and_scored_after_it_comes_to_the_same_tally() {
    for s in scenarios() {
        let script = Script::expert(&s);
        let end = s.length();
        for (seed, at) in [(2, end / 4), (5, end / 2), (9, end - 3)] {
            let full = session::run(s.clone(), seed, &script);
            let mut night = Session::new(s.clone(), seed);
            let entries = script.in_order(&s);
            let (before, after): (Vec<_>, Vec<_>) =
                entries.into_iter().partition(|e| s.minute_of(e.at) < at);
            night.play_entries(&before);
            night.run_until(at);
            let told = night.world().events().len();
            let mut rest = night.clone();
            rest.keep_score_only();
            rest.play_entries(&after);
            rest.run_to_end();
            assert_eq!(
                format!("{:?}", rest.world().tally()),
                format!("{:?}", full.world().tally()),
                "{} seed {seed} from minute {at}",
                s.id
            );
            assert_eq!(rest.world().events().len(), told, "nothing told after");
        }
    }
}
