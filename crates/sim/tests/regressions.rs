//! Regression scenarios, one file per problem once found (`tests/regressions/*.raft`). Each
//! file says what it expects in a comment line:
//! - `# outcome: ok`: the script passes;
//! - `# outcome: parse-error LINE:COL TEXT`: it is refused there, with a message containing TEXT;
//! - `# outcome: fail LINE TEXT`: it runs and fails at LINE, with a message containing TEXT.
//!
//! Beside them, the bounds that a script cannot reach in a test's time (a cap of ten million
//! events) are checked with small caps, and a run without checkpoints keeps no history.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;

use sim::scenario::{parse, parse_bytes, run_with, Options};
use sim::trace::TraceWriter;

mod common;

fn regression_files() -> Vec<std::path::PathBuf> {
    common::raft_files("tests/regressions")
}

#[test]
fn every_regression_scenario_has_its_outcome() {
    let files = regression_files();
    assert!(files.len() >= 8, "{files:?}");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let outcome = text
            .lines()
            .find_map(|l| l.strip_prefix("# outcome: "))
            .unwrap_or_else(|| panic!("{name}: no `# outcome:` line"))
            .to_string();
        let parsed = parse_bytes(&bytes, &name);
        if let Some(rest) = outcome.strip_prefix("parse-error ") {
            let (at, message) = rest.split_once(' ').unwrap();
            let e = parsed.expect_err(&name);
            assert_eq!(format!("{}:{}", e.line, e.col), at, "{name}: {e}");
            assert!(e.message.contains(message), "{name}: {e}");
            continue;
        }
        let script = parsed.unwrap_or_else(|e| panic!("{e}"));
        let report = run_with(&script, &name, Options::default(), &mut |_| {});
        match outcome.strip_prefix("fail ") {
            None => {
                assert_eq!(outcome, "ok", "{name}: unknown outcome");
                assert!(report.passed(), "{name}: {:?}", report.failure);
            }
            Some(rest) => {
                let (line, message) = rest.split_once(' ').unwrap();
                let failure = report.failure.expect(&name);
                assert_eq!(failure.line.to_string(), line, "{name}: {failure}");
                assert!(failure.message.contains(message), "{name}: {failure}");
            }
        }
    }
}

fn run_text(text: &str, options: Options) -> sim::scenario::Report {
    let script = parse(text, "t.raft").unwrap();
    run_with(&script, "t.raft", options, &mut |_| {})
}

#[test]
fn a_command_or_a_script_that_causes_too_many_events_stops_at_its_line() {
    let small = Options {
        max_events_per_command: 1_000,
        max_events: 1_500,
        checkpoints: true,
    };
    let failure = run_text("cluster 3\nrun 3600s\n", small).failure.unwrap();
    assert_eq!(failure.line, 2);
    assert!(
        failure
            .message
            .starts_with("stopped after 1001 events: one command may cause at most 1000"),
        "{failure}"
    );
    // Each command stays under the cap; together they pass the script's.
    let failure = run_text("cluster 3\nstep 900\nstep 900\n", small)
        .failure
        .unwrap();
    assert_eq!(failure.line, 3);
    assert!(
        failure
            .message
            .starts_with("stopped after 1501 events in all: a script may cause at most 1500"),
        "{failure}"
    );
    assert!(run_text("cluster 3\nstep 1000\nstep 500\n", small).passed());
    // `run until` and `settle` count too.
    let failure = run_text(
        "cluster 3\ncrash 1\ncrash 2\nrun until leader within 3600s\n",
        small,
    )
    .failure
    .unwrap();
    assert_eq!(failure.line, 4, "{failure}");
    assert!(failure.message.contains("at most 1000"), "{failure}");
}

#[test]
fn a_run_without_checkpoints_or_trace_lines_keeps_nothing_per_event() {
    // Ten simulated minutes of five nodes: ~100,000 events.
    let script = parse("cluster 5 seed=3\nrun 600s\nexpect safe\n", "t.raft").unwrap();
    let start = sim::scenario::run::build(&script.header).unwrap();
    let mut trace = TraceWriter::hash_only(&start);
    let lean = Options {
        checkpoints: false,
        ..Options::default()
    };
    let report = run_with(&script, "t.raft", lean, &mut |f| trace.frame(f));
    assert!(report.passed(), "{:?}", report.failure);
    assert!(report.history.len() > 50_000, "{}", report.history.len());
    assert_eq!(report.history.checkpoint_count(), 1, "only the start");
    assert!(trace.lines().is_empty());
    // The same trace as one that keeps its lines.
    let mut kept = TraceWriter::new(&start);
    let again = run_with(&script, "t.raft", Options::default(), &mut |f| {
        kept.frame(f)
    });
    assert_eq!(kept.hash(), trace.hash());
    assert_eq!(kept.lines().len() as u64, again.history.len() + 1);
    assert!(again.history.checkpoint_count() > 1);
}
