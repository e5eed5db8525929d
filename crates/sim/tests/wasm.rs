//! Determinism across platforms: every preset, run as wasm32, gives the trace hash the native
//! build gave. `cargo xtask test` runs the presets natively first (`raft-sim run`) and passes
//! their hashes in `NATIVE_TRACE_HASHES` (`name=hash` pairs) when it builds this test.
#![cfg(target_arch = "wasm32")]

use sim::scenario::{parse, run};
use sim::trace::TraceWriter;
use wasm_bindgen_test::wasm_bindgen_test;

macro_rules! presets {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../scenarios/", $name)))),*]
    };
}

const PRESETS: &[(&str, &str)] = presets![
    "election.raft",
    "leader-crash.raft",
    "split-vote.raft",
    "partition.raft",
    "log-repair.raft",
    "figure-8.raft",
    "prevote.raft",
    "check-quorum.raft",
    "bug-commit-old-terms.raft",
    "bug-forget-vote.raft",
    "bug-no-jitter.raft",
    "bug-vote-ignores-log.raft",
    "bug-overlapping-changes.raft",
    "add-server.raft",
    "remove-leader.raft",
    "joint-consensus.raft",
    "learner-catch-up.raft",
    "transfer.raft",
    "removed-server-disrupts.raft",
];

#[wasm_bindgen_test]
fn presets_give_the_native_trace_hashes() {
    let native = option_env!("NATIVE_TRACE_HASHES")
        .expect("build this test through `cargo xtask test`, which sets NATIVE_TRACE_HASHES");
    let mut compared = 0;
    for (name, text) in PRESETS {
        let script = parse(text, name).unwrap();
        let start = sim::scenario::run::build(&script.header).unwrap();
        let mut trace = TraceWriter::new(&start);
        let report = run(&script, name, &mut |f| trace.frame(f));
        assert!(
            report.passed(),
            "{name} failed in wasm: {:?}",
            report.failure
        );
        let expected = native
            .split_whitespace()
            .find_map(|pair| pair.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no native hash for {name}"));
        assert_eq!(
            format!("{:016x}", trace.hash()),
            expected,
            "{name}: wasm and native differ"
        );
        compared += 1;
    }
    assert_eq!(compared, PRESETS.len());
    // A preset added to scenarios/ must be added above too, or it would go unchecked here.
    for pair in native.split_whitespace() {
        let name = pair.split('=').next().unwrap_or_default();
        assert!(
            PRESETS.iter().any(|(n, _)| *n == name),
            "{name} is not in this test's list"
        );
    }
}
