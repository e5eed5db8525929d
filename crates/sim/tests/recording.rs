//! A recording replays its run exactly: every preset, random runs (crashes, partitions, odd
//! command text, preloaded logs) and imported traces give the same trace after a trip through
//! the text format; damaged or foreign text is refused with its line, never a panic.
#![cfg(not(target_arch = "wasm32"))]

use std::sync::OnceLock;

mod common;
use common::scenario_texts;

use proptest::prelude::*;
use sim::raft::{Entry, Log, NodeId, Payload, PersistentState};
use sim::scenario::{self, parse, run};
use sim::trace::{export, import};
use sim::{Action, BugName, History, Input, Recording, Rng, SimConfig, Simulation, PPM};

/// The recording through its text and back, checked field by field, then replayed.
fn round_trip(recording: &Recording) -> History {
    let text = recording.encode();
    assert!(
        text.bytes()
            .all(|b| b == b'\n' || (b' '..=b'~').contains(&b)),
        "not printable ASCII: {text}"
    );
    let read = Recording::decode(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(read.config, recording.config);
    assert_eq!(read.preload, recording.preload);
    assert_eq!(read.actions, recording.actions);
    assert_eq!(read.end, recording.end);
    assert_eq!(read.about, recording.about);
    assert_eq!(read.checkpoints, recording.checkpoints);
    assert_eq!(read.failure, recording.failure);
    assert_eq!(&read, recording);
    assert_eq!(read.encode(), text, "encoding is canonical");
    // A file saved with Windows line ends reads the same.
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(Recording::decode(&crlf).as_ref(), Ok(recording));
    read.replay().unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// The replayed history is the original: same trace, same end, same state there.
fn assert_same_run(replayed: &History, original: &History, what: &str) {
    assert_eq!(export(replayed), export(original), "{what}: traces differ");
    assert_eq!(replayed.len(), original.len(), "{what}");
    assert!(replayed.at_end(), "{what}: the replay is left at its end");
    let mut original = original.clone();
    original.goto(original.len());
    assert!(
        replayed.current() == original.current(),
        "{what}: end states differ"
    );
}

#[test]
fn every_preset_replays_from_its_recording() {
    let files = scenario_texts();
    assert!(files.len() >= 10, "expected the presets, found {files:?}");
    let mut with_actions = 0;
    for (name, text) in files {
        let script = parse(&text, &name).unwrap();
        let report = run(&script, &name, &mut |_| {});
        let recording = Recording::from_script(&text, &name).unwrap();
        assert_eq!(recording.about, scenario::description(&text), "{name}");
        assert!(recording.about.len() > 40, "{name}: no description");
        assert_eq!(recording.checkpoints, report.checkpoints, "{name}");
        assert!(!recording.checkpoints.is_empty(), "{name}");
        assert_eq!(recording.failure, None, "{name}");
        assert_eq!(recording.end.0, report.history.len(), "{name}");
        assert_eq!(recording.end.1, report.history.current().now(), "{name}");
        with_actions += usize::from(!recording.actions.is_empty());

        let replayed = round_trip(&recording);
        assert_same_run(&replayed, &report.history, &name);
        assert_eq!(replayed.current().now(), report.history.current().now());
        // The replay records the same run again.
        let again = Recording {
            title: recording.title.clone(),
            title_zh: recording.title_zh.clone(),
            about: recording.about.clone(),
            about_zh: recording.about_zh.clone(),
            marks: recording.marks.clone(),
            checkpoints: recording.checkpoints.clone(),
            failure: recording.failure.clone(),
            ..Recording::of(&replayed)
        };
        assert_eq!(again, recording, "{name}");
    }
    assert!(with_actions >= 5, "only {with_actions} presets have inputs");
}

#[test]
fn preloaded_logs_are_recorded() {
    let (_, text) = scenario_texts()
        .into_iter()
        .find(|(n, _)| n == "figure-8.raft")
        .unwrap();
    let recording = Recording::from_script(&text, "figure-8.raft").unwrap();
    assert!(!recording.preload.is_empty(), "figure-8 preloads logs");
    let encoded = recording.encode();
    assert!(encoded.contains("\nlog "), "{encoded}");
}

#[test]
fn a_failed_script_keeps_its_failure_and_checks() {
    let text = "# Fails on purpose.\ncluster 3 seed=2\nrun until leader\nexpect leader=none\n";
    let recording = Recording::from_script(text, "fails.raft").unwrap();
    let failure = recording.failure.clone().expect("the script fails");
    assert!(
        failure.starts_with("fails.raft:4: expect failed"),
        "{failure}"
    );
    assert_eq!(recording.checkpoints.len(), 1);
    assert!(!recording.checkpoints[0].2);
    assert_eq!(recording.about, "Fails on purpose.");
    round_trip(&recording);
    // A script that does not parse is the parser's error.
    let error = Recording::from_script("cluster 99\n", "big.raft").unwrap_err();
    assert!(error.to_string().starts_with("big.raft:1"), "{error}");
}

#[test]
fn a_changed_recording_replays_to_a_different_run() {
    let (name, text) = scenario_texts()
        .into_iter()
        .find(|(n, _)| n == "leader-crash.raft")
        .unwrap();
    let recording = Recording::from_script(&text, &name).unwrap();
    let original = export(&recording.replay().unwrap());
    assert!(!recording.actions.is_empty());
    for i in 0..recording.actions.len() {
        let mut fewer = recording.clone();
        fewer.actions.remove(i);
        // Without the action the run either cannot reach its end or is another run.
        if let Ok(history) = fewer.replay() {
            assert_ne!(export(&history), original, "{name}: action {i} removed");
        }
    }
    let mut seeded = recording.clone();
    seeded.config.seed += 1;
    if let Ok(history) = seeded.replay() {
        assert_ne!(export(&history), original, "another seed");
    }
    let mut shorter = recording.clone();
    shorter.end.0 -= 1;
    if let Ok(history) = shorter.replay() {
        assert_ne!(export(&history), original, "one event less");
    }
    let mut longer = recording.clone();
    longer.end.0 += 1;
    assert!(
        longer.replay().is_err(),
        "the end time is before that event"
    );
    longer.end.1 = u64::MAX / 2;
    assert_ne!(export(&longer.replay().unwrap()), original);
}

#[test]
fn recordings_that_cannot_replay_say_why() {
    let mut recording = Recording::of(&History::new(
        Simulation::new(SimConfig::new(3, 1)).unwrap(),
    ));
    assert_eq!(recording.end, (0, 0));
    assert!(recording.replay().is_ok());
    recording.actions.push(Action {
        frame: 3,
        time_us: 1,
        input: Input::Crash(2),
    });
    recording.end = (3, 1);
    let error = recording.replay().unwrap_err();
    assert_eq!(error.line, None);
    assert!(
        error
            .to_string()
            .starts_with("the run does not replay: 3.1c2"),
        "{error}"
    );

    let mut timers_off = Recording::of(&History::new(
        Simulation::new(SimConfig::new(3, 1)).unwrap(),
    ));
    timers_off.actions.push(Action {
        frame: 1,
        time_us: 0,
        input: Input::Timers(false),
    });
    timers_off.end = (5, 0);
    let error = timers_off.replay().unwrap_err().to_string();
    assert!(
        error.contains("nothing left to do after event 1"),
        "{error}"
    );

    let mut bad = timers_off.clone();
    bad.config.nodes = 99;
    let error = bad.replay().unwrap_err().to_string();
    assert!(error.starts_with("the cluster cannot be built"), "{error}");
}

/// Text a visitor might type, and worse.
fn awkward_text(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "set x 1", "_", "~", "~5F", "%", "%20", " ", "  ", "\n", "\r\n", "\t", "é", "键", "😀",
        "\u{0}", "\u{7f}", "run ", "end 1 2", "n3", ":", "-", "=", "\\", "'", "\"",
    ];
    (0..rng.below(6))
        .map(|_| PIECES[rng.below(PIECES.len() as u64) as usize])
        .collect()
}

fn random_input(rng: &mut Rng, sim: &Simulation) -> Input {
    let n = sim.size() as u64;
    // Mostly real nodes; now and then one that does not exist (refused, not recorded).
    let node = |rng: &mut Rng| {
        let range = if rng.chance(3) { 15 } else { n };
        1 + rng.below(range) as NodeId
    };
    match rng.below(20) {
        0 | 1 => Input::Crash(node(rng)),
        2 | 3 => Input::Restart(node(rng)),
        4 => Input::Isolate(node(rng)),
        5 => Input::Rejoin(node(rng)),
        6 => {
            let split = 1 + rng.below(n - 1);
            Input::Partition(vec![
                (1..=split as NodeId).collect(),
                (split as NodeId + 1..=n as NodeId).collect(),
            ])
        }
        7 => Input::Heal,
        8 => Input::Cut {
            from: node(rng),
            to: node(rng),
            both: rng.chance(50),
        },
        9 => Input::Link {
            from: node(rng),
            to: node(rng),
            both: rng.chance(50),
        },
        10 => Input::Loss(rng.below(u64::from(PPM) / 4) as u32),
        11 => Input::Timeout(node(rng)),
        12 => Input::Propose(node(rng), awkward_text(rng)),
        13 | 14 => Input::Client(awkward_text(rng)),
        15 => {
            let ids: Vec<u64> = sim.in_flight().map(|m| m.id).collect();
            let id = if ids.is_empty() {
                rng.below(100)
            } else {
                ids[rng.below(ids.len() as u64) as usize]
            };
            if rng.chance(50) {
                Input::Deliver(id)
            } else {
                Input::Drop(id)
            }
        }
        16 => Input::Timers(rng.chance(70)),
        17 => Input::PreVote(rng.chance(50)),
        18 => Input::Bug(
            BugName::ALL[rng.below(BugName::ALL.len() as u64) as usize],
            rng.chance(30),
        ),
        _ => Input::Heartbeat(node(rng)),
    }
}

/// A node's state before the run: a log, a term, and unless `plain` commands in the log and
/// maybe a vote (a trace records neither).
fn random_preload(rng: &mut Rng, nodes: usize, plain: bool) -> Vec<(NodeId, PersistentState)> {
    let mut preload = Vec::new();
    for id in 1..=nodes as NodeId {
        if rng.chance(40) {
            continue;
        }
        let mut term = 0;
        let entries = (0..rng.below(6))
            .map(|_| {
                term += rng.below(2);
                let term = term.max(1);
                if plain || rng.chance(50) {
                    Entry::noop(term)
                } else {
                    Entry {
                        term,
                        payload: Payload::command(&awkward_text(rng)),
                    }
                }
            })
            .collect::<Vec<_>>();
        let last = entries.last().map_or(0, |e| e.term);
        preload.push((
            id,
            PersistentState {
                current_term: last + rng.below(2),
                voted_for: (!plain && rng.chance(30))
                    .then(|| 1 + rng.below(nodes as u64) as NodeId),
                log: Log::from_entries(entries),
            },
        ));
    }
    preload
}

/// A run driven at random: steps, inputs, idle time, and now and then a fork in the past;
/// `plain` as for [`random_preload`].
fn random_history(seed: u64, plain: bool) -> History {
    let mut rng = Rng::new(seed);
    let nodes = 3 + rng.below(5) as usize;
    let mut config = SimConfig::new(nodes, seed);
    config.pre_vote = rng.chance(30);
    config.check_quorum = rng.chance(30);
    let preload = random_preload(&mut rng, nodes, plain);
    let mut history = History::with_interval(
        Simulation::with_logs(config, preload).unwrap(),
        1 + rng.below(64),
    );
    for _ in 0..200 {
        match rng.below(10) {
            0..=4 => {
                for _ in 0..rng.below(30) {
                    history.step();
                }
            }
            5 => {
                // Idle time: the events due are run and the clock moves on past them.
                let now = history.current().now();
                history.seek(now + rng.below(50_000));
            }
            6 if rng.chance(20) => history.back(rng.below(40)),
            _ => {
                let now = history.current().now();
                history.seek(now + rng.below(3_000));
                let input = random_input(&mut rng, history.current());
                let _ = history.apply(input);
            }
        }
    }
    history
}

#[test]
fn random_runs_replay_from_their_recordings() {
    let (mut newlines, mut underscores, mut unicode) = (0, 0, 0);
    for seed in 0..12 {
        let mut history = random_history(seed, false);
        let recording = Recording::of(&history);
        assert!(recording.actions.len() > 20, "seed {seed}: too few inputs");
        for action in &recording.actions {
            if let Input::Client(t) | Input::Propose(_, t) = &action.input {
                newlines += usize::from(t.contains('\n'));
                underscores += usize::from(t.contains('_'));
                unicode += usize::from(!t.is_ascii());
            }
        }
        let replayed = round_trip(&recording);
        assert_same_run(&replayed, &history, &format!("seed {seed}"));
        if history.at_end() {
            assert_eq!(replayed.current().now(), history.current().now());
        }
        assert_eq!(Recording::of(&replayed), recording, "seed {seed}");

        // Recorded from the middle of its history, the run is still the whole of it.
        history.goto(history.len() / 2);
        let middle = Recording::of(&history);
        assert_eq!(middle.end, (history.len(), history.end_time()));
        assert_same_run(
            &round_trip(&middle),
            &history,
            &format!("seed {seed}, middle"),
        );
    }
    assert!(
        newlines > 0 && underscores > 0 && unicode > 0,
        "command text: {newlines} with newlines, {underscores} with `_`, {unicode} non-ASCII"
    );
}

#[test]
fn an_imported_trace_replays_from_its_recording() {
    // A trace's start line keeps only the terms of preloaded entries, without commands or
    // votes: those runs are not its to rebuild.
    let mut histories: Vec<History> = (20..24).map(|seed| random_history(seed, true)).collect();
    for (name, text) in scenario_texts().into_iter().take(4) {
        let script = parse(&text, &name).unwrap();
        histories.push(run(&script, &name, &mut |_| {}).history);
    }
    for (i, history) in histories.iter().enumerate() {
        let trace = export(history);
        let imported = import(&trace).unwrap_or_else(|e| panic!("{i}: {e}"));
        let recording = Recording::of(&imported);
        let replayed = round_trip(&recording);
        assert_eq!(export(&replayed), trace, "history {i}");
    }
}

/// A recording with one line of every kind.
fn full_recording() -> Recording {
    static FULL: OnceLock<Recording> = OnceLock::new();
    FULL.get_or_init(|| {
        let mut history = random_history(7, false);
        history.goto(history.len());
        Recording {
            title: "A title, with #".to_string(),
            about: "What it teaches.\nTwo lines, 100% ASCII… not quite ".to_string(),
            about_zh: "它教什么。".to_string(),
            checkpoints: vec![(3, 10, true), (9, 40, false)],
            failure: Some("x.raft:9: expect failed: leader".to_string()),
            ..Recording::of(&history)
        }
    })
    .clone()
}

#[test]
fn every_truncation_is_refused_with_its_line() {
    let recording = full_recording();
    assert!(!recording.preload.is_empty() && !recording.actions.is_empty());
    let text = recording.encode();
    assert_eq!(Recording::decode(&text).as_ref(), Ok(&recording));
    for cut in 0..text.len() {
        let part = &text[..cut];
        let error = Recording::decode(part).expect_err(part);
        let line = error.line.expect("a reading error names its line");
        let lines = part.split('\n').count().max(1);
        assert!(line <= lines, "{error} for a text of {lines} lines");
    }
}

/// What a bad line of each kind says.
const CONFIG_FORM: &str = "bad `config` line: expected `config nodes=N seed=S";
const LOG_FORM: &str = "bad `log` line: expected `log NODE term=T vote=V|- TERM[:TEXT]…`";
const CHECK_FORM: &str = "bad `check` line: expected `check LINE EVENT 0|1`";
const END_FORM: &str = "bad `end` line: expected `end EVENT MICROS`";
const NOT_MEMBER: &str = "bad `log` line: node or vote not in the cluster";
const TERMS: &str = "bad `log` line: terms decrease or are not 1 to 1000000000";

#[test]
fn broken_lines_are_refused_with_their_line_and_reason() {
    let text = full_recording().encode();
    let lines: Vec<&str> = text.lines().collect();
    let find = |word: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(&format!("{word} ")))
            .unwrap_or_else(|| panic!("no `{word}` line in\n{text}"))
    };
    // (which line, what it becomes, what the error says)
    let cases: Vec<(usize, String, &str)> = vec![
        (0, "raft-recording 2".into(), "expected `raft-recording 1`"),
        (0, "raft-recording".into(), "expected `raft-recording 1`"),
        (
            0,
            "{\"kind\":\"start\"}".into(),
            "expected `raft-recording 1`",
        ),
        (
            find("about"),
            "about 50%".into(),
            "bad `about` line: a bad `%XX` escape",
        ),
        (find("about"), "about %E9".into(), "not UTF-8"),
        (
            find("about"),
            "about caf\u{e9}".into(),
            "not printable ASCII",
        ),
        (find("about"), "about a\tb".into(), "not printable ASCII"),
        (find("config"), "config nodes=5".into(), CONFIG_FORM),
        (
            find("config"),
            "config nodes=5 seed=1 election=150-300 heartbeat=50 latency=10-15 prevote=0 \
             checkquorum=0 noop=1 batch=x"
                .into(),
            CONFIG_FORM,
        ),
        (
            find("config"),
            "config nodes=5 seed=99999999999999999999 election=150-300 heartbeat=50 \
             latency=10-15 prevote=0 checkquorum=0 noop=1 batch=64"
                .into(),
            CONFIG_FORM,
        ),
        (
            find("config"),
            "config seed=1 nodes=5 election=150-300 heartbeat=50 latency=10-15 prevote=0 \
             checkquorum=0 noop=1 batch=64"
                .into(),
            CONFIG_FORM,
        ),
        (
            find("config"),
            "config nodes=5 seed=1 election=150 heartbeat=50 latency=10-15 prevote=0 \
             checkquorum=0 noop=1 batch=64"
                .into(),
            CONFIG_FORM,
        ),
        (
            find("config"),
            "config nodes=5 seed=1 election=150-300 heartbeat=50 latency=10-15 prevote=2 \
             checkquorum=0 noop=1 batch=64"
                .into(),
            CONFIG_FORM,
        ),
        (
            find("config"),
            "config nodes=5 seed=1 election=150-300 heartbeat=50 latency=10-15 prevote=0 \
             checkquorum=0 noop=1 batch=64 "
                .into(),
            CONFIG_FORM,
        ),
        (
            find("config"),
            "config nodes=5 seed=1 election=150-300 heartbeat=500 latency=10-15 prevote=0 \
             checkquorum=0 noop=1 batch=64"
                .into(),
            "bad `config` line: the heartbeat",
        ),
        (
            find("config"),
            "config nodes=16 seed=1 election=150-300 heartbeat=50 latency=10-15 prevote=0 \
             checkquorum=0 noop=1 batch=64"
                .into(),
            "bad `config` line: a cluster has 1 to 15 nodes",
        ),
        (find("log"), "log 99 term=1 vote=-".into(), NOT_MEMBER),
        (find("log"), "log 1 term=1 vote=0".into(), NOT_MEMBER),
        (find("log"), "log 1 term=1".into(), LOG_FORM),
        (find("log"), "log 1 vote=- term=1".into(), LOG_FORM),
        (find("log"), "log 1 term=1 vote=- 1 x".into(), LOG_FORM),
        (find("log"), "log 1 term=1 vote=- 1  2".into(), LOG_FORM),
        (find("log"), "log 1 term=1 vote=-5".into(), LOG_FORM),
        (find("log"), "log".into(), LOG_FORM),
        (
            find("log"),
            "log 1 term=1 vote=- 1:%zz".into(),
            "`%XX` escape",
        ),
        (find("log"), "log 1 term=1 vote=- 2 1".into(), TERMS),
        (find("log"), "log 1 term=1 vote=- 0".into(), TERMS),
        (find("log"), "log 1 term=1 vote=- 1 2".into(), TERMS),
        (find("log"), "log 1 term=1000000001 vote=-".into(), TERMS),
        (
            find("run"),
            "run 1.0h_1.0y0-18446744073709551615_n2".into(),
            "bad `run` line: a latency over a minute",
        ),
        (
            find("run"),
            "run 1.0c1_n2".into(),
            "bad `run` line: n2: the end mark",
        ),
        (find("run"), "run 1.0c1".into(), "bad `run` line: "),
        (
            find("run"),
            "run".into(),
            "bad `run` line: the run is empty",
        ),
        (
            find("run"),
            "run 1.0k%_n1".into(),
            "bad `run` line: a bad `%XX` escape",
        ),
        (find("check"), "check 3 10".into(), CHECK_FORM),
        (find("check"), "check 3 10 yes".into(), CHECK_FORM),
        (find("check"), "check 3 10 2".into(), CHECK_FORM),
        (find("check"), "check 99999999999 10 1".into(), CHECK_FORM),
        (find("check"), "check -3 10 1".into(), CHECK_FORM),
        (
            find("fail"),
            "fail %".into(),
            "bad `fail` line: a bad `%XX` escape",
        ),
        (find("end"), "end 5".into(), END_FORM),
        (
            find("end"),
            "end 1 1".into(),
            "bad `end` line: the run ends before its last action",
        ),
        (find("end"), "end x 1".into(), END_FORM),
        (find("end"), "end 1 2 3".into(), END_FORM),
        (find("end"), "end  1".into(), END_FORM),
        (find("end"), "".into(), "no newline at its end"),
        (find("run"), "".into(), "unknown kind of line"),
        (find("run"), "jump 1".into(), "unknown kind of line"),
        (find("run"), "Run n0".into(), "unknown kind of line"),
    ];
    for (i, replacement, why) in cases {
        let mut broken = lines.clone();
        broken[i] = &replacement;
        let mut broken = broken.join("\n");
        broken.push('\n');
        if replacement.is_empty() && i + 1 == lines.len() {
            broken.truncate(broken.len() - 2);
        }
        let error = Recording::decode(&broken).expect_err(&replacement);
        let expected_line = if replacement.is_empty() && i + 1 == lines.len() {
            i
        } else {
            i + 1
        };
        assert_eq!(error.line, Some(expected_line), "{replacement:?}: {error}");
        assert!(error.message.contains(why), "{replacement:?}: {error}");
        assert!(error
            .to_string()
            .starts_with(&format!("line {expected_line}: ")));
    }
}

#[test]
fn lines_out_of_order_missing_or_repeated_are_refused() {
    let text = full_recording().encode();
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let join = |lines: &[String]| {
        let mut t = lines.join("\n");
        t.push('\n');
        t
    };
    let position = |word: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(&format!("{word} ")))
            .unwrap()
    };
    let decode = |lines: &[String]| Recording::decode(&join(lines)).unwrap_err();

    let mut swapped = lines.clone();
    swapped.swap(position("config"), position("about-zh"));
    let error = decode(&swapped);
    assert_eq!(error.line, Some(position("config") + 1), "{error}");
    assert!(
        error
            .message
            .starts_with("bad `about-zh` line: out of order"),
        "{error}"
    );

    let mut twice = lines.clone();
    twice.insert(position("run"), lines[position("run")].clone());
    let error = decode(&twice);
    assert_eq!(error.line, Some(position("run") + 2), "{error}");
    assert!(
        error
            .message
            .starts_with("bad `run` line: out of order, repeated"),
        "{error}"
    );

    let mut same_node = lines.clone();
    same_node.insert(position("log"), lines[position("log")].clone());
    let error = decode(&same_node);
    assert_eq!(error.line, Some(position("log") + 2), "{error}");
    assert!(
        error.message.contains("a second `log` line for the node"),
        "{error}"
    );

    let mut no_end = lines.clone();
    no_end.pop();
    let error = decode(&no_end);
    assert_eq!(error.line, Some(no_end.len()));
    assert!(
        error.message.contains("no `end` line: cut short"),
        "{error}"
    );

    let mut no_run = lines.clone();
    no_run.remove(position("run"));
    let error = decode(&no_run);
    assert_eq!(error.line, Some(position("run") + 1), "{error}");
    assert!(
        error.message.starts_with(
            "bad `check` line: out of order, repeated, or a line before it is missing"
        ),
        "{error}"
    );

    let mut no_config = lines.clone();
    no_config.remove(position("config"));
    let error = decode(&no_config);
    assert_eq!(error.line, Some(position("config") + 1), "{error}");
    assert!(
        error
            .message
            .contains("bad `log` line: out of order, repeated, or a line before it is missing"),
        "{error}"
    );

    let mut after_end = lines.clone();
    after_end.push("about more".to_string());
    let error = decode(&after_end);
    assert_eq!(error.line, Some(after_end.len()));
    assert!(
        error.message.starts_with("bad `about` line: out of order"),
        "{error}"
    );

    let mut blank = lines.clone();
    blank.insert(2, String::new());
    let error = decode(&blank);
    assert_eq!(error.line, Some(3));
    assert!(error.message.contains("unknown kind of line"), "{error}");

    // Blank lines after the end are allowed.
    let mut tail = join(&lines);
    tail.push_str("\n\n");
    assert!(Recording::decode(&tail).is_ok());
    assert_eq!(Recording::decode("").unwrap_err().line, Some(1));
}

#[test]
fn the_election_recording_is_small_and_reads_as_documented() {
    let (_, text) = scenario_texts()
        .into_iter()
        .find(|(n, _)| n == "election.raft")
        .unwrap();
    let recording = Recording::from_script(&text, "election.raft").unwrap();
    let encoded = recording.encode();
    let lines: Vec<&str> = encoded.lines().collect();
    assert_eq!(lines[0], "raft-recording 1");
    assert_eq!(lines[1], "title Leader election");
    assert!(lines[2].starts_with("title-zh %E9%A2%86"), "{encoded}");
    assert!(lines[3].starts_with("about Leader election (Raft paper, section 5.2).%0A%0AFive"));
    assert!(lines[4].starts_with("about-zh %E9%80%89"), "{encoded}");
    assert_eq!(
        lines[5],
        "config nodes=5 seed=1 election=150-300 heartbeat=50 latency=10-15 prevote=0 \
         checkquorum=0 noop=1 batch=64"
    );
    assert_eq!(lines[6], "run n0");
    assert!(lines[7].starts_with("check 22 "), "{encoded}");
    assert!(lines.last().unwrap().starts_with("end "));
    // The Chinese description is most of it (each character takes nine bytes escaped).
    assert!(encoded.len() < 4500, "{} bytes:\n{encoded}", encoded.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = Recording::decode(&text) {
            prop_assert!(e.line.is_some());
        }
    }

    #[test]
    fn random_lines_never_panic(
        lines in prop::collection::vec(
            (
                prop::sample::select(vec![
                    "about", "config", "log", "run", "check", "fail", "end", "x", "",
                ]),
                "[ -~]{0,40}",
            ),
            0..10,
        ),
        version in prop::bool::weighted(0.9),
    ) {
        let mut text = String::from(if version { "raft-recording 1\n" } else { "raft-recording\n" });
        for (word, rest) in lines {
            text.push_str(word);
            text.push(' ');
            text.push_str(&rest);
            text.push('\n');
        }
        if let Ok(r) = Recording::decode(&text) {
            prop_assert_eq!(Recording::decode(&r.encode()), Ok(r));
        }
    }

    #[test]
    fn damaged_recordings_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
        cut in any::<prop::sample::Index>(),
    ) {
        let text = full_recording().encode();
        let mut bytes = text.into_bytes();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        let cut = cut.index(bytes.len() + 1);
        let text = String::from_utf8_lossy(&bytes[..cut]).into_owned();
        match Recording::decode(&text) {
            Ok(r) => {
                prop_assert_eq!(Recording::decode(&r.encode()), Ok(r.clone()));
                // What reads may still not replay, but it says so rather than panicking.
                let _ = r.replay();
            }
            Err(e) => prop_assert!(e.line.is_some()),
        }
    }
}

#[test]
fn a_script_marks_its_stages_with_comments() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/figure-8.raft"),
    )
    .unwrap();
    let recording = Recording::from_script(&text, "figure-8.raft").unwrap();
    let labels: Vec<&str> = recording.marks.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(labels, ["(a)", "(b)", "(c)", "(d)"]);
    let events: Vec<u64> = recording.marks.iter().map(|(e, _)| *e).collect();
    assert!(events.windows(2).all(|w| w[0] < w[1]), "{events:?}");
    assert_eq!(events[0], 1, "(a) starts after `timers off`");
    assert_eq!(Recording::decode(&recording.encode()).unwrap(), recording);
}
