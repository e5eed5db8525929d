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

/// A fork in the middle of a joint change (C_old,new in force, not committed) replays
/// exactly: stepping back restores the state to the bit, and the forked history's recording
/// (what a share link carries) rebuilds the same run.
#[test]
fn a_fork_in_the_middle_of_a_joint_change_replays_exactly() {
    let text = std::fs::read_to_string("../../scenarios/joint-consensus.raft").unwrap();
    let recording = Recording::from_script(&text, "joint-consensus.raft").unwrap();
    let mut history = recording.replay().unwrap();
    // The first event after which some node holds C_old,new.
    let end = history.position();
    history.goto(0);
    let mut joint_at = None;
    while history.position() < end {
        history.step();
        let sim = history.current();
        if sim.live_nodes().any(|n| n.membership().is_joint()) {
            joint_at = Some(history.position());
            break;
        }
    }
    let joint_at = joint_at.expect("the preset makes a joint configuration");
    history.goto(joint_at + 3);
    let before = history.current().clone();
    history.goto(end);
    history.goto(joint_at + 3);
    assert!(
        *history.current() == before,
        "back in the joint change, the state is what it was"
    );
    // The fork: node 4 crashes mid-change, and the run goes on from there.
    history.apply(sim::Input::Crash(4)).unwrap();
    for _ in 0..300 {
        history.step();
    }
    let exported = sim::trace::export(&history);
    let forked = Recording::of(&history);
    let replayed = Recording::decode(&forked.encode())
        .unwrap()
        .replay()
        .unwrap();
    assert_eq!(sim::trace::export(&replayed), exported);
}

/// A server added while the cluster runs (the page's "Add server"): it joins empty, as a
/// spare, the leader adds it as a voter and it catches up; going back before it existed and
/// forward again is exact; its trace and its recording replay the same run; and a sixteenth
/// server, or one with the wrong id, is refused with a reason.
#[test]
fn a_server_added_while_running_catches_up_and_replays_exactly() {
    let text = "cluster 3 seed=7\nrun until leader\nclient set x 1\nrun until applied=2\n";
    let script = parse(text, "t.raft").unwrap();
    let mut history = run(&script, "t.raft", &mut |_| {}).history;
    let before_add = history.position();
    let leader = history.current().leader().unwrap().0;
    history.apply(sim::Input::AddServer(4)).unwrap();
    assert_eq!(history.current().size(), 4);
    assert_eq!(
        history.current().node(4).unwrap().membership().voters(),
        [1, 2, 3],
        "a spare: the configuration it starts with leaves it out"
    );
    history
        .apply(sim::Input::Change(sim::raft::Change::AddVoter(4)))
        .unwrap();
    for _ in 0..400 {
        history.step();
    }
    let sim = history.current();
    let node = sim.node(4).unwrap();
    assert_eq!(node.membership().voters(), [1, 2, 3, 4]);
    assert_eq!(
        node.log().last_index(),
        sim.node(leader).unwrap().log().last_index(),
        "caught up"
    );
    assert!(sim.violations().is_empty());
    let end = history.position();
    let at_end = history.current().clone();
    history.goto(before_add);
    assert_eq!(
        history.current().size(),
        3,
        "before it was added, it is not there"
    );
    history.goto(end);
    assert!(*history.current() == at_end, "forward again, exactly");

    let exported = sim::trace::export(&history);
    let imported = sim::trace::import(&exported).unwrap();
    assert_eq!(
        sim::trace::export(&imported),
        exported,
        "the trace imports back"
    );
    let replayed = Recording::decode(&Recording::of(&history).encode())
        .unwrap()
        .replay()
        .unwrap();
    assert_eq!(
        sim::trace::export(&replayed),
        exported,
        "the recording replays"
    );

    let wrong = history.apply(sim::Input::AddServer(9)).unwrap_err();
    assert!(wrong.to_string().contains("node 9"), "{wrong}");
    let mut full = sim::Simulation::new(sim::SimConfig::new(15, 1)).unwrap();
    let too_many = full.apply(sim::Input::AddServer(16)).unwrap_err();
    assert!(too_many.to_string().contains("1 to 15"), "{too_many}");
}
