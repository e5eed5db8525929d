//! `raft-sim` as a user runs it: exit statuses, messages, traces, exploration.

use std::path::PathBuf;
use std::process::{Command, Output};

fn raft_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_raft-sim"))
        .args(args)
        .output()
        .expect("raft-sim runs")
}

fn scratch(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("raft-sim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn exit_status_is_0_for_pass_1_for_failure_2_for_malformed() {
    let pass = scratch(
        "pass.raft",
        "cluster 3 seed=1\nrun until leader\nexpect safe\n",
    );
    let fail = scratch(
        "fail.raft",
        "cluster 3 seed=1\nrun until leader\nexpect 2 term=7\n",
    );
    let bad = scratch("bad.raft", "cluster 5\ncrahs 2\n");

    let o = raft_sim(&["run", pass.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("ok "));

    let o = raft_sim(&["run", fail.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("fail.raft:3: expect failed: node 2 term: wanted 7, got 1"),
        "{}",
        stdout(&o)
    );

    let o = raft_sim(&["run", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("bad.raft:2:1:"), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("did you mean `crash`"),
        "{}",
        stdout(&o)
    );

    // The worst outcome of several files decides.
    let o = raft_sim(&["run", pass.to_str().unwrap(), fail.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn every_file_runs_and_each_bad_one_is_reported_with_where() {
    let good = scratch(
        "good.raft",
        "cluster 3 seed=1\nrun until leader\nexpect safe\n",
    );
    // Latin-1, not UTF-8: the `é` of `café` is one byte, 0xe9.
    let latin1 = good.with_file_name("latin1.raft");
    std::fs::write(&latin1, b"cluster 3\n# caf\xe9\nrun 1s\n").unwrap();
    let good = good.to_str().unwrap();
    let o = raft_sim(&[
        "run",
        good,
        latin1.to_str().unwrap(),
        "/no/such/file.raft",
        good,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(
        lines[0].starts_with("ok ") && lines[3].starts_with("ok "),
        "{out}"
    );
    assert!(
        lines[1].ends_with("latin1.raft:2:6: not UTF-8 text: byte 0xe9 cannot start or continue a character here (save the script as UTF-8)"),
        "{out}"
    );
    assert!(
        lines[2].starts_with("/no/such/file.raft: cannot read: "),
        "{out}"
    );
}

#[test]
fn a_trace_is_written_and_imports_back() {
    let script = scratch(
        "traced.raft",
        "cluster 3 seed=5\nrun until leader\nclient set x 1\nrun until applied=2\n",
    );
    let out = script.with_extension("jsonl");
    let o = raft_sim(&[
        "run",
        "--trace",
        out.to_str().unwrap(),
        script.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["kind"], "start");
    for line in text.lines().skip(1) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["time_ms"].is_number() && v["kind"].is_string(), "{line}");
    }
    assert!(text.contains("\"kind\":\"deliver\"") && text.contains("\"msg\":\"RequestVote\""));
    let history = sim::trace::import(&text).expect("a written trace imports");
    assert!(history.len() as usize == text.lines().count() - 1);
}

#[test]
fn wrong_arguments_explain_themselves() {
    for (args, needle) in [
        (&["frobnicate"][..], "unknown command `frobnicate`"),
        (&["run"][..], "at least one scenario file"),
        (&["explore", "--seeds", "5..2"][..], "the range is empty"),
        (&["explore", "--nodes", "99"][..], "from 1 to 15"),
        (&["explore", "--faults", "fire"][..], "unknown fault `fire`"),
    ] {
        let o = raft_sim(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    let o = raft_sim(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    for word in ["run", "explore", "--trace", "--seeds", "EXIT STATUS"] {
        assert!(stdout(&o).contains(word), "help lacks {word}");
    }
}

#[test]
fn explore_reports_passing_seeds() {
    let o = raft_sim(&[
        "explore",
        "--seeds",
        "0..20",
        "--events",
        "500",
        "--faults",
        "crash,loss",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("20 passed, 0 failed"), "{}", stdout(&o));
}

#[test]
fn captions_are_printed_only_when_asked_with_their_time_and_chinese() {
    let script = scratch(
        "captions.raft",
        "cluster 3 seed=2\nsay Three servers wait # for a timer.\nsay zh: 三台服务器等待计时器。\n\
         run until leader\nsay A leader!\nexpect safe\n",
    );
    let plain = raft_sim(&["run", script.to_str().unwrap()]);
    assert_eq!(plain.status.code(), Some(0), "{}", stdout(&plain));
    assert!(
        !stdout(&plain).contains("say"),
        "captions only with --captions: {}",
        stdout(&plain)
    );
    let o = raft_sim(&["run", "--captions", script.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let lines: Vec<String> = stdout(&o).lines().map(str::to_string).collect();
    assert_eq!(
        lines[0],
        "say at 0 ms (after event 0): Three servers wait # for a timer."
    );
    assert_eq!(lines[1], "say zh: 三台服务器等待计时器。");
    assert!(
        lines[2].starts_with("say at ") && lines[2].ends_with("): A leader!"),
        "{}",
        lines[2]
    );
    // The same run, captions or not.
    assert_eq!(
        lines.last(),
        stdout(&plain).lines().last().map(str::to_string).as_ref()
    );
}
