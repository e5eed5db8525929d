//! Every rule line of the Figure 2 panel (`raft::Rule`) is run by some preset or tour
//! chapter, every event a node reports names one, and the values the events carry agree with
//! a plain recomputation of what the rule compares.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;
use std::fs;

use sim::raft::{CommitBy, Event, Rule};
use sim::scenario::{parse, run};

mod common;
use common::{raft_files, scenario_files};

/// Section 5.4.1, written out again: a log is at least as up-to-date as another if its last
/// term is later, or the same with a last index at least as large.
fn up_to_date(candidate: (u64, u64), voter: (u64, u64)) -> bool {
    candidate.0 > voter.0 || (candidate.0 == voter.0 && candidate.1 >= voter.1)
}

#[test]
fn every_rule_line_is_run_by_a_preset_and_every_event_names_one() {
    let mut files = scenario_files();
    files.extend(raft_files("../../scenarios/tour"));
    let mut reached = BTreeSet::new();
    let mut broken = BTreeSet::new();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let script = parse(&text, &name).unwrap_or_else(|e| panic!("{e}"));
        let mut history = run(&script, &name, &mut |_| {}).history;
        let end = history.len();
        history.goto(0);
        while history.position() < end {
            let frame = history.step().expect("a recorded event");
            let ran = sim::rules::ran(&frame, history.current());
            assert!(
                ran.iter().filter(|r| r.event.is_some()).count() == frame.events.len(),
                "{name}: event {} has an event without a rule",
                frame.number
            );
            for r in &ran {
                reached.insert(r.rule);
                let Some(event) = r.event else { continue };
                if event.breaks_rule() {
                    broken.insert((name.clone(), r.rule));
                }
                match event {
                    Event::VoteGranted {
                        candidate_last,
                        last,
                        up_to_date: said,
                        voted_for,
                        candidate,
                        pre_vote,
                        ..
                    } => {
                        assert_eq!(
                            *said,
                            up_to_date(*candidate_last, *last),
                            "{name}: event {}",
                            frame.number
                        );
                        // One real vote a term; a pre-vote for a later term promises nothing.
                        assert!(
                            *pre_vote || voted_for.is_none_or(|v| v == *candidate),
                            "{name}: event {}",
                            frame.number
                        );
                    }
                    Event::CommitAdvanced {
                        by: CommitBy::Majority { stored, quorum, .. },
                        ..
                    } => assert!(stored >= quorum, "{name}: event {}", frame.number),
                    Event::CommitAdvanced {
                        to,
                        by:
                            CommitBy::LeaderCommit {
                                leader_commit,
                                last_new,
                            },
                        ..
                    } => assert_eq!(*to, (*leader_commit).min(*last_new), "{name}"),
                    _ => {}
                }
            }
        }
    }
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| !reached.contains(r))
        .map(|r| r.id())
        .collect();
    assert!(missing.is_empty(), "no preset runs {missing:?}");
    // Rules are broken only where a bug says so, and the two bugs that break a checked rule do.
    let broken: Vec<(&str, &str)> = broken.iter().map(|(n, r)| (n.as_str(), r.id())).collect();
    assert_eq!(
        broken,
        [
            ("bug-commit-old-terms.raft", "leader.commit"),
            ("bug-vote-ignores-log.raft", "vote.grant"),
        ]
    );
}
