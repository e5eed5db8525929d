//! Membership changes through the scenario language: every script in `tests/membership/` and
//! every membership preset passes, its trace imports back into the same run, and its recording (what share links and
//! the page replay) replays to the same trace.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;

use sim::recording::Recording;
use sim::scenario::{parse, run};

mod common;

#[test]
fn membership_scripts_pass_and_replay_exactly() {
    let mut files = common::raft_files("tests/membership");
    // The membership presets, too: the page replays their recordings.
    files.extend(
        [
            "add-server",
            "remove-leader",
            "joint-consensus",
            "learner-catch-up",
            "transfer",
            "removed-server-disrupts",
            "bug-overlapping-changes",
        ]
        .map(|name| std::path::PathBuf::from(format!("../../scenarios/{name}.raft"))),
    );
    assert!(files.len() >= 9, "{files:?}");
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = fs::read_to_string(&path).unwrap();
        let script = parse(&text, &name).unwrap_or_else(|e| panic!("{e}"));
        let report = run(&script, &name, &mut |_| {});
        if let Some(failure) = &report.failure {
            panic!("{failure}");
        }
        let exported = sim::trace::export(&report.history);
        let imported = sim::trace::import(&exported).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            sim::trace::export(&imported),
            exported,
            "{name}: the trace imports back"
        );

        let recording = Recording::from_script(&text, &name).unwrap();
        let replayed = Recording::decode(&recording.encode())
            .unwrap()
            .replay()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            sim::trace::export(&replayed),
            exported,
            "{name}: the recording replays the same run"
        );
    }
}

#[test]
fn a_change_without_a_leader_changes_nothing_and_a_second_is_refused() {
    // Node 2 leads term 1 with this seed (remove-add-reconfig.raft and the script below
    // check it).
    let text = "cluster 5 seed=3\nremove 4\nrun until leader\nexpect 2 role=leader\n\
                expect 2 config=1,2,3,4,5\nremove 5\nremove 4\nrun 100ms\n\
                expect 2 config=1,2,3,4\nexpect safe\n";
    let script = parse(text, "t.raft").unwrap();
    let report = run(&script, "t.raft", &mut |_| {});
    assert!(
        report.failure.is_none(),
        "{:?}",
        report.failure.map(|f| f.to_string())
    );
    let exported = sim::trace::export(&report.history);
    assert_eq!(
        exported.matches("\"change-refused\"").count(),
        1,
        "the second change is refused, and only it"
    );
}
