//! The narration's tests. The words themselves are in golden files (`web/tests/golden/`): every
//! event of every preset, and a catalogue of every story, input, violation, tooltip and name,
//! in both languages. `cargo xtask golden` (`UPDATE_GOLDEN=1`) rewrites them; the tests here
//! fail with a diff naming the preset, the language and the line. What is not prose is checked
//! directly: every sentence is non-empty, has no placeholder left, and is in its language.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::*;
use sim::raft::{Entry, Envelope, Payload};
use sim::{BugName, Property, Rng, SimConfig, Simulation};

// ----- Checking one sentence ---------------------------------------------------------------

fn han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// English words a Chinese sentence may carry: protocol and field names, and what the
/// visitor typed or named (client commands are quoted and skipped; bug names are names).
fn allowed_in_chinese(word: &str) -> bool {
    [
        "RequestVote",
        "AppendEntries",
        "PreVote",
        "TimeoutNow",
        "nextIndex",
        "noop",
    ]
    .contains(&word)
        || BugName::ALL.iter().any(|b| b.name() == word)
}

/// Every `{…}` holds node ids (`{1, 2}`), never a placeholder's name.
fn no_placeholder(s: &str) -> Result<(), String> {
    let mut rest = s;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(format!("a lone `}}` in {s:?}"));
        }
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("a lone `{{` in {s:?}"))?;
        let inside = &after[..close];
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_digit() || c == ',' || c == ' ')
        {
            return Err(format!("`{{{inside}}}` left in {s:?}"));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// Fails unless `text` reads as one finished sentence of `lang` (`sentence`), or as a
/// tooltip or label (`!sentence`: no closing stop).
fn check(lang: Lang, text: &str, sentence: bool) -> Result<(), String> {
    if text.trim().is_empty() || text.trim() != text {
        return Err(format!("{lang:?}: empty or padded: {text:?}"));
    }
    no_placeholder(text)?;
    match lang {
        Lang::En => {
            if han(text) {
                return Err(format!("Chinese in English: {text:?}"));
            }
            if sentence && !(text.ends_with('.') && text.starts_with(|c: char| c.is_uppercase())) {
                return Err(format!("not a sentence: {text:?}"));
            }
        }
        Lang::Zh => {
            if !han(text) {
                return Err(format!("no Chinese: {text:?}"));
            }
            if sentence && !text.ends_with('。') {
                return Err(format!("not a sentence: {text:?}"));
            }
            // What a visitor typed is theirs: skip “quoted” commands.
            let mut unquoted = String::new();
            let mut quoted = false;
            for c in text.chars() {
                match c {
                    '“' => quoted = true,
                    '”' => quoted = false,
                    _ if !quoted => unquoted.push(c),
                    _ => {}
                }
            }
            for word in unquoted
                .split(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
                .map(|w| w.trim_matches('-'))
                .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
            {
                if !allowed_in_chinese(word) {
                    return Err(format!("English word {word:?} in {text:?}"));
                }
            }
        }
    }
    Ok(())
}

#[test]
fn the_sentence_check_catches_what_it_should() {
    assert!(check(
        Lang::En,
        "You partitioned the network into {1, 2} and {3}.",
        true
    )
    .is_ok());
    assert!(check(Lang::En, "Node {node} votes.", true).is_err());
    assert!(check(Lang::En, "Node 1 votes }.", true).is_err());
    assert!(check(Lang::En, "node 1 votes", true).is_err());
    assert!(check(Lang::En, "Node 1 votes", false).is_ok());
    assert!(check(Lang::En, "节点 1 投票。", true).is_err());
    assert!(check(Lang::Zh, "你把“set x 5”发给了节点 1。", true).is_ok());
    assert!(check(
        Lang::Zh,
        "你开启了缺陷 forget-vote：节点重新遵守这条规则。",
        true
    )
    .is_ok());
    assert!(check(Lang::Zh, "节点 1 收到 leader 2 的心跳。", true).is_err());
    assert!(check(Lang::Zh, "节点 1 收到领导者 2 的心跳", true).is_err());
    assert!(check(Lang::Zh, "Node 1 votes.", true).is_err());
    assert!(check(Lang::Zh, "追加条目 1 → 2，任期 3：{n} 个条目", false).is_err());
}

// ----- Golden files ------------------------------------------------------------------------

/// Where the golden files live.
fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// `UPDATE_GOLDEN=1` (what `cargo xtask golden` sets): write the files instead of comparing.
fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0")
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "English",
        Lang::Zh => "Chinese",
    }
}

/// Compares `actual` with the golden file at `path` (or writes it when updating); returns a
/// readable report of what differs.
fn golden(path: &Path, what: &str, actual: &str) -> Option<String> {
    let shown = path
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap())
        .unwrap_or(path)
        .display()
        .to_string();
    let expected = std::fs::read_to_string(path).ok();
    if updating() {
        if expected.as_deref() != Some(actual) {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, actual).unwrap_or_else(|e| panic!("{shown}: {e}"));
            eprintln!("updated {shown}");
        }
        return None;
    }
    match expected {
        None => Some(format!("{shown} ({what}) is missing")),
        Some(expected) if expected == actual => None,
        Some(expected) => Some(format!(
            "{shown} ({what}) differs: - golden file, + now\n{}",
            diff(&expected, actual)
        )),
    }
}

/// Panics with every report, and how to accept an intended change.
fn fail_on(reports: Vec<String>) {
    assert!(
        reports.is_empty(),
        "\n{}\nIf the change is intended, run `cargo xtask golden` and review \
         `git diff web/tests/golden`.",
        reports.join("\n")
    );
}

/// The lines that differ, as hunks with their line numbers in both versions (at most 40
/// lines shown).
fn diff(expected: &str, actual: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    // Longest common subsequence of the middle, when it is small enough to compute.
    let (n, m) = (a_mid.len(), b_mid.len());
    let mut ops: Vec<(char, usize, &str)> = Vec::new();
    if n * m <= 4_000_000 {
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        let at = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[at(i, j)] = if a_mid[i] == b_mid[j] {
                    lcs[at(i + 1, j + 1)] + 1
                } else {
                    lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && a_mid[i] == b_mid[j] {
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
                ops.push(('-', prefix + i + 1, a_mid[i]));
                i += 1;
            } else {
                ops.push(('+', prefix + j + 1, b_mid[j]));
                j += 1;
            }
        }
    } else {
        ops.extend(
            a_mid
                .iter()
                .enumerate()
                .map(|(i, l)| ('-', prefix + i + 1, *l)),
        );
        ops.extend(
            b_mid
                .iter()
                .enumerate()
                .map(|(j, l)| ('+', prefix + j + 1, *l)),
        );
    }
    let mut out = String::new();
    for (sign, line, text) in ops.iter().take(40) {
        out.push_str(&format!("  line {line:>5} {sign} {text}\n"));
    }
    if ops.len() > 40 {
        out.push_str(&format!("  … and {} more changed lines\n", ops.len() - 40));
    }
    out
}

#[test]
fn a_diff_names_the_lines_that_changed() {
    let d = diff("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");
    assert_eq!(d, "  line     2 - b\n  line     2 + B\n  line     5 + e\n");
    assert_eq!(diff("same\n", "same\n"), "");
}

// ----- The presets -------------------------------------------------------------------------

/// The presets, as the page builds them in.
const SCENARIOS: &[crate::model::Preset] = crate::model::PRESETS;

/// Every frame of a preset, as the page replays its recording.
fn scenario(name: &str, recording: &str) -> Vec<Frame> {
    let recording = sim::Recording::decode(recording).unwrap();
    assert!(
        recording.failure.is_none(),
        "{name}: {:?}",
        recording.failure
    );
    let mut history = recording.replay().unwrap();
    let end = history.position();
    history.goto(0);
    // Past its end a history simulates new events: stop there.
    let frames: Vec<Frame> = (0..end).map_while(|_| history.step()).collect();
    assert_eq!(frames.len() as u64, end, "{name}: every event once");
    frames
}

/// What tells one kind of tooltip from another, so each preset's file shows each kind once.
fn title_shape(message: &Message) -> String {
    let detail = match message {
        Message::AppendEntries { entries, .. } => entries.len().min(2),
        Message::AppendEntriesResponse(AppendOutcome::Conflict { hint, .. }) => {
            usize::from(hint.term.is_some())
        }
        _ => 0,
    };
    format!("{}/{detail}", message_name(Lang::En, message))
}

/// A preset's golden text in `lang`: `#number time_ms: sentence` for every event; under the
/// first event of each kind of message, its tooltip; under a violation, its banner line.
fn preset_text(name: &str, lang: Lang, frames: &[Frame]) -> Result<String, String> {
    let mut out = format!(
        "# {name} (scenarios/{name}.raft) in {}: every event as `#number time_ms: sentence`,\n\
         # with the tooltip of each new kind of message and the text of each violation.\n\
         # Regenerate with `cargo xtask golden`.\n",
        lang_name(lang)
    );
    let mut shapes = BTreeSet::new();
    for frame in frames {
        let sentence = narrate(lang, frame);
        check(lang, &sentence, true).map_err(|e| format!("{name} #{}: {e}", frame.number))?;
        out.push_str(&format!(
            "#{} {}: {sentence}\n",
            frame.number,
            ms_exact(frame.time)
        ));
        if let FrameKind::Deliver(m) | FrameKind::Lose(m, _) | FrameKind::Duplicate(m) = &frame.kind
        {
            if shapes.insert(title_shape(&m.envelope.message)) {
                let title = message_title(lang, m);
                check(lang, &title, false).map_err(|e| format!("{name} #{}: {e}", frame.number))?;
                out.push_str(&format!("    title: {title}\n"));
            }
        }
        for v in &frame.violations {
            let text = violation(lang, v);
            check(lang, &text, true).map_err(|e| format!("{name} #{}: {e}", frame.number))?;
            out.push_str(&format!("    violation: {text}\n"));
        }
    }
    Ok(out)
}

#[test]
fn golden_presets() {
    let dir = golden_dir().join("presets");
    let mut reports = Vec::new();
    let mut written = BTreeSet::new();
    for crate::model::Preset {
        name, recording, ..
    } in SCENARIOS
    {
        let frames = scenario(name, recording);
        for lang in Lang::ALL {
            let file = format!("{name}.{}.txt", lang.code());
            let what = format!("preset {name}, {}", lang_name(lang));
            match preset_text(name, lang, &frames) {
                Ok(text) => reports.extend(golden(&dir.join(&file), &what, &text)),
                Err(e) => reports.push(format!("{what}: {e}")),
            }
            written.insert(file);
        }
    }
    // A file for a preset that is gone is stale (the tour's chapters are in `tour/`).
    let entries = ["", "tour/"].into_iter().flat_map(|sub| {
        std::fs::read_dir(dir.join(sub))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_file())
            .map(move |e| {
                (
                    format!("{sub}{}", e.file_name().to_string_lossy()),
                    e.path(),
                )
            })
    });
    for (file, path) in entries {
        if !written.contains(&file) {
            if updating() {
                std::fs::remove_file(path).unwrap();
                eprintln!("removed web/tests/golden/presets/{file}");
            } else {
                reports.push(format!(
                    "web/tests/golden/presets/{file} belongs to no preset"
                ));
            }
        }
    }
    fail_on(reports);
}

// ----- The catalogue: every story and input --------------------------------------------------

/// A story's variant, by an exhaustive match: a new variant is a compile error here; give it
/// a name in [`STORY_KINDS`] and a sample in [`stories`].
fn story_kind(story: &Story<'_>) -> &'static str {
    match story {
        Story::Violation(_) => "Violation",
        Story::Campaign { .. } => "Campaign",
        Story::Heartbeats { .. } => "Heartbeats",
        Story::QuorumLost { .. } => "QuorumLost",
        Story::StepDown { .. } => "StepDown",
        Story::TermMoved { .. } => "TermMoved",
        Story::VoteGranted { .. } => "VoteGranted",
        Story::VoteRefused { .. } => "VoteRefused",
        Story::Elected { .. } => "Elected",
        Story::PreVoteWon { .. } => "PreVoteWon",
        Story::PreVoteLost { .. } => "PreVoteLost",
        Story::VoteCounted { .. } => "VoteCounted",
        Story::Replicated { .. } => "Replicated",
        Story::Heard { .. } => "Heard",
        Story::Rejected { .. } => "Rejected",
        Story::Acked { .. } => "Acked",
        Story::BackedUp { .. } => "BackedUp",
        Story::Ignored { .. } => "Ignored",
        Story::Client { .. } => "Client",
        Story::Lost { .. } => "Lost",
        Story::Duplicated { .. } => "Duplicated",
        Story::Input(_) => "Input",
        Story::Received { .. } => "Received",
        Story::TimerFired { .. } => "TimerFired",
        Story::SteppedDown { .. } => "SteppedDown",
        Story::ChangeRefused { .. } => "ChangeRefused",
        Story::TransferStarted { .. } => "TransferStarted",
        Story::TimeoutNowSent { .. } => "TimeoutNowSent",
        Story::TransferAborted { .. } => "TransferAborted",
        Story::TransferRefused { .. } => "TransferRefused",
        Story::TransferBlocksProposal { .. } => "TransferBlocksProposal",
        Story::TimeoutNow { .. } => "TimeoutNow",
    }
}

const STORY_KINDS: &[&str] = &[
    "Violation",
    "Campaign",
    "Heartbeats",
    "QuorumLost",
    "StepDown",
    "TermMoved",
    "VoteGranted",
    "VoteRefused",
    "Elected",
    "PreVoteWon",
    "PreVoteLost",
    "VoteCounted",
    "Replicated",
    "Heard",
    "Rejected",
    "Acked",
    "BackedUp",
    "Ignored",
    "Client",
    "Lost",
    "Duplicated",
    "Input",
    "Received",
    "TimerFired",
    "SteppedDown",
    "ChangeRefused",
    "TransferStarted",
    "TimeoutNowSent",
    "TransferAborted",
    "TransferRefused",
    "TransferBlocksProposal",
    "TimeoutNow",
];

/// An input's variant, by an exhaustive match, as [`story_kind`].
fn input_kind(input: &Input) -> &'static str {
    match input {
        Input::Crash(_) => "Crash",
        Input::Restart(_) => "Restart",
        Input::Isolate(_) => "Isolate",
        Input::Rejoin(_) => "Rejoin",
        Input::Partition(_) => "Partition",
        Input::Heal => "Heal",
        Input::Cut { .. } => "Cut",
        Input::Link { .. } => "Link",
        Input::Loss(_) => "Loss",
        Input::Latency(..) => "Latency",
        Input::Timers(_) => "Timers",
        Input::Timeout(_) => "Timeout",
        Input::Heartbeat(_) => "Heartbeat",
        Input::Propose(..) => "Propose",
        Input::Client(_) => "Client",
        Input::Deliver(_) => "Deliver",
        Input::Drop(_) => "Drop",
        Input::Duplicate(_) => "Duplicate",
        Input::Change(_) => "Change",
        Input::Transfer(_) => "Transfer",
        Input::AddServer(_) => "AddServer",
        Input::Bug(..) => "Bug",
        Input::PreVote(_) => "PreVote",
        Input::CheckQuorum(_) => "CheckQuorum",
        Input::Timing { .. } => "Timing",
    }
}

const INPUT_KINDS: &[&str] = &[
    "Crash",
    "Restart",
    "Isolate",
    "Rejoin",
    "Partition",
    "Heal",
    "Cut",
    "Link",
    "Loss",
    "Latency",
    "Timers",
    "Timeout",
    "Heartbeat",
    "Propose",
    "Client",
    "Deliver",
    "Drop",
    "Duplicate",
    "Change",
    "Transfer",
    "AddServer",
    "Bug",
    "PreVote",
    "CheckQuorum",
    "Timing",
];

/// The variant's name as `Debug` prints it.
fn debug_kind(value: &impl std::fmt::Debug) -> String {
    let debug = format!("{value:?}");
    debug
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The messages the samples carry: every kind, and each case a tooltip tells apart.
fn messages() -> Vec<(&'static str, Message)> {
    let entries = |n: u64| -> Vec<Entry> {
        (0..n)
            .map(|i| Entry {
                term: 2,
                payload: if i == 0 {
                    Payload::Noop
                } else {
                    Payload::command("set x 1")
                },
            })
            .collect()
    };
    let append = |n: u64| Message::AppendEntries {
        prev_log_index: 5,
        prev_log_term: 2,
        entries: entries(n),
        leader_commit: 4,
    };
    let conflict = |term: Option<Term>, first_index: LogIndex| {
        Message::AppendEntriesResponse(AppendOutcome::Conflict {
            prev_log_index: 5,
            hint: ConflictHint { term, first_index },
        })
    };
    vec![
        (
            "PreVote",
            Message::PreVote {
                last_log_index: 7,
                last_log_term: 2,
            },
        ),
        (
            "PreVoteResponse granted",
            Message::PreVoteResponse { granted: true },
        ),
        (
            "PreVoteResponse refused",
            Message::PreVoteResponse { granted: false },
        ),
        (
            "RequestVote",
            Message::RequestVote {
                last_log_index: 7,
                last_log_term: 2,
                transfer: false,
            },
        ),
        (
            "RequestVoteResponse granted",
            Message::RequestVoteResponse { granted: true },
        ),
        (
            "RequestVoteResponse refused",
            Message::RequestVoteResponse { granted: false },
        ),
        ("AppendEntries heartbeat", append(0)),
        ("AppendEntries 1 entry", append(1)),
        ("AppendEntries 3 entries", append(3)),
        (
            "AppendEntriesResponse success",
            Message::AppendEntriesResponse(AppendOutcome::Success { match_index: 7 }),
        ),
        (
            "AppendEntriesResponse conflict, other term",
            conflict(Some(1), 3),
        ),
        (
            "AppendEntriesResponse conflict, log too short",
            conflict(None, 4),
        ),
        (
            "AppendEntriesResponse stale term",
            Message::AppendEntriesResponse(AppendOutcome::StaleTerm),
        ),
        (
            "RequestVote after TimeoutNow",
            Message::RequestVote {
                last_log_index: 7,
                last_log_term: 2,
                transfer: true,
            },
        ),
        ("TimeoutNow", Message::TimeoutNow),
    ]
}

fn in_flight(id: u64, from: NodeId, to: NodeId, term: Term, message: Message) -> InFlight {
    InFlight {
        id,
        envelope: Envelope {
            from,
            to,
            term,
            message,
        },
        sent: 1_000,
        arrives: 12_500,
        doomed: false,
    }
}

/// A violation of `property` with the fields the checker gives it; the checker's English
/// sentence is never shown.
fn violations() -> Vec<(String, Violation)> {
    let v = |property, nodes: Vec<NodeId>, index, term| Violation {
        property,
        frame: 9,
        time: 1_000,
        nodes,
        index,
        term,
        message: "THE CHECKER'S OWN SENTENCE".into(),
    };
    let mut all: Vec<(String, Violation)> = Property::ALL
        .iter()
        .map(|&p| {
            let violation = match p {
                Property::ElectionSafety => v(p, vec![1, 3], None, Some(2)),
                Property::LogMatching => v(p, vec![2, 4], Some(5), Some(3)),
                _ => v(p, vec![3], Some(4), Some(5)),
            };
            (p.name().to_string(), violation)
        })
        .collect();
    all.extend(Property::ALL.iter().map(|&p| {
        (
            format!("{} without details", p.name()),
            v(p, vec![], None, None),
        )
    }));
    all
}

/// One of every input, with each case its sentence tells apart.
fn inputs() -> Vec<(String, Input)> {
    let mut all = vec![
        Input::Crash(2),
        Input::Restart(2),
        Input::Isolate(3),
        Input::Rejoin(3),
        Input::Partition(vec![]),
        Input::Partition(vec![vec![1, 2, 3]]),
        Input::Partition(vec![vec![1, 2], vec![3, 4, 5]]),
        Input::Partition(vec![vec![1], vec![], vec![2], vec![3, 4, 5]]),
        Input::Heal,
        Input::Cut {
            from: 1,
            to: 2,
            both: true,
        },
        Input::Cut {
            from: 1,
            to: 2,
            both: false,
        },
        Input::Link {
            from: 1,
            to: 2,
            both: true,
        },
        Input::Link {
            from: 1,
            to: 2,
            both: false,
        },
        Input::Loss(0),
        Input::Loss(PPM / 8),
        Input::Loss(PPM),
        Input::Latency(10 * MICROS_PER_MS, 10 * MICROS_PER_MS),
        Input::Latency(10_500, 40 * MICROS_PER_MS),
        Input::Timers(true),
        Input::Timers(false),
        Input::Timeout(4),
        Input::Heartbeat(4),
        Input::Propose(1, "set x 5".into()),
        Input::Client("set y 1".into()),
        Input::Deliver(12),
        Input::Drop(12_345),
        Input::Duplicate(7),
        Input::Change(sim::raft::Change::AddVoter(4)),
        Input::Change(sim::raft::Change::AddLearner(5)),
        Input::Change(sim::raft::Change::Promote(5)),
        Input::Change(sim::raft::Change::Remove(1)),
        Input::Change(sim::raft::Change::Joint(vec![3, 4, 5])),
        Input::Transfer(3),
        Input::AddServer(6),
        Input::PreVote(true),
        Input::PreVote(false),
        Input::CheckQuorum(true),
        Input::CheckQuorum(false),
        Input::Timing {
            election_ms: (150, 300),
            heartbeat_ms: 50,
        },
        Input::Timing {
            election_ms: (200, 200),
            heartbeat_ms: 20,
        },
    ];
    for &bug in BugName::ALL {
        all.push(Input::Bug(bug, true));
        all.push(Input::Bug(bug, false));
    }
    all.into_iter().map(|i| (format!("{i:?}"), i)).collect()
}

/// What the stories borrow.
struct Fixtures {
    messages: Vec<(&'static str, Message)>,
    in_flight: Vec<(&'static str, InFlight)>,
    violations: Vec<(String, Violation)>,
    inputs: Vec<(String, Input)>,
    outcomes: Vec<(&'static str, ClientOutcome)>,
}

impl Fixtures {
    fn new() -> Self {
        let messages = messages();
        let in_flight = messages
            .iter()
            .enumerate()
            .map(|(i, (name, m))| (*name, in_flight(i as u64 + 1, 1, 2, 3, m.clone())))
            .collect();
        Fixtures {
            messages,
            in_flight,
            violations: violations(),
            inputs: inputs(),
            outcomes: vec![
                ("Accepted", ClientOutcome::Accepted(6)),
                ("Redirected to a leader", ClientOutcome::Redirected(Some(3))),
                ("Redirected to none", ClientOutcome::Redirected(None)),
                ("NodeDown", ClientOutcome::NodeDown),
            ],
        }
    }

    fn message(&self, name: &str) -> &Message {
        &self.messages.iter().find(|(n, _)| *n == name).unwrap().1
    }
}

/// One of every story, with each case its sentence tells apart, under a label.
fn stories<'a>(f: &'a Fixtures) -> Vec<(String, Story<'a>)> {
    let mut all: Vec<(String, Story<'a>)> = Vec::new();
    let mut add = |label: &str, story: Story<'a>| all.push((label.to_string(), story));
    for (name, v) in &f.violations {
        add(&format!("Violation {name}"), Story::Violation(v));
    }
    let timed_out = |was| Lead::TimedOut {
        timeout: 187_436,
        term: 2,
        was,
    };
    for (lead_name, lead) in [
        ("timed out as follower", timed_out(Role::Follower)),
        ("timed out as candidate", timed_out(Role::Candidate)),
        ("timed out as pre-candidate", timed_out(Role::PreCandidate)),
        ("forced", Lead::Forced),
    ] {
        for (campaign_name, campaign) in [
            ("candidate", Campaign::Candidate(3)),
            ("pre-candidate", Campaign::PreCandidate(3)),
            ("leader", Campaign::Leader(3)),
            ("waits", Campaign::Waits),
        ] {
            add(
                &format!("Campaign {lead_name}, {campaign_name}"),
                Story::Campaign {
                    node: 4,
                    lead,
                    campaign,
                },
            );
        }
    }
    add("Heartbeats", Story::Heartbeats { node: 1 });
    for active in [1, 2, 3] {
        add(
            &format!("QuorumLost active {active}"),
            Story::QuorumLost {
                node: 1,
                term: 4,
                active,
            },
        );
    }
    for was in [Role::Leader, Role::Candidate, Role::PreCandidate] {
        for (case, from_leader, voted) in [
            ("from the leader", true, false),
            ("on seeing a later term, and votes", false, true),
            ("on seeing a later term", false, false),
        ] {
            add(
                &format!("StepDown {was:?} {case}"),
                Story::StepDown {
                    node: 2,
                    was,
                    by: 3,
                    term: 5,
                    from_leader,
                    voted,
                },
            );
        }
    }
    add(
        "TermMoved",
        Story::TermMoved {
            node: 2,
            by: 3,
            term: 5,
        },
    );
    for pre_vote in [false, true] {
        add(
            &format!("VoteGranted pre-vote {pre_vote}"),
            Story::VoteGranted {
                voter: 2,
                candidate: 3,
                term: 5,
                pre_vote,
            },
        );
        for (name, reason) in [
            ("StaleTerm", VoteRefusal::StaleTerm { current: 6 }),
            (
                "AlreadyVoted itself",
                VoteRefusal::AlreadyVoted { voted_for: 2 },
            ),
            (
                "AlreadyVoted other",
                VoteRefusal::AlreadyVoted { voted_for: 4 },
            ),
            ("HasLeader", VoteRefusal::HasLeader { leader: 1 }),
            (
                "LogNotUpToDate",
                VoteRefusal::LogNotUpToDate {
                    candidate_last_term: 1,
                    candidate_last_index: 4,
                    last_term: 2,
                    last_index: 3,
                },
            ),
            (
                "LeaderActive itself",
                VoteRefusal::LeaderActive { leader: 2 },
            ),
            (
                "LeaderActive other",
                VoteRefusal::LeaderActive { leader: 1 },
            ),
        ] {
            add(
                &format!("VoteRefused pre-vote {pre_vote} {name}"),
                Story::VoteRefused {
                    voter: 2,
                    candidate: 3,
                    term: 5,
                    pre_vote,
                    reason,
                },
            );
        }
        for granted in [true, false] {
            add(
                &format!("VoteCounted pre-vote {pre_vote} granted {granted}"),
                Story::VoteCounted {
                    node: 3,
                    from: 2,
                    granted,
                    pre_vote,
                    granted_total: 2,
                    quorum: 3,
                },
            );
        }
    }
    for votes in [1, 3] {
        add(
            &format!("Elected {votes}"),
            Story::Elected {
                node: 3,
                term: 5,
                votes,
            },
        );
        add(
            &format!("PreVoteWon {votes}"),
            Story::PreVoteWon {
                node: 3,
                term: 5,
                votes,
            },
        );
        add(
            &format!("PreVoteLost {votes}"),
            Story::PreVoteLost {
                node: 3,
                term: 4,
                refusals: votes,
            },
        );
    }
    let replicated = |news, truncated, appended, held, commit| Story::Replicated {
        node: 2,
        leader: 1,
        news,
        truncated,
        appended,
        held,
        commit,
    };
    add(
        "Replicated news, one appended",
        replicated(Some(3), None, Some((6, 6)), None, None),
    );
    add(
        "Replicated many appended, commit",
        replicated(None, None, Some((6, 8)), None, Some(5)),
    );
    add(
        "Replicated news, one truncated, appended, commit",
        replicated(Some(3), Some((6, 1, false)), Some((6, 6)), None, Some(5)),
    );
    add(
        "Replicated many truncated",
        replicated(None, Some((4, 3, false)), Some((4, 6)), None, None),
    );
    add(
        "Replicated one committed truncated",
        replicated(Some(3), Some((2, 1, true)), Some((2, 2)), None, None),
    );
    add(
        "Replicated many committed truncated",
        replicated(None, Some((2, 3, true)), Some((2, 2)), None, None),
    );
    add(
        "Replicated held one",
        replicated(None, None, None, Some((6, 6)), None),
    );
    add(
        "Replicated news, held many, commit",
        replicated(Some(3), None, None, Some((6, 8)), Some(8)),
    );
    for (news, commit) in [
        (None, None),
        (None, Some(4)),
        (Some(3), None),
        (Some(3), Some(4)),
    ] {
        add(
            &format!("Heard news {news:?} commit {commit:?}"),
            Story::Heard {
                node: 2,
                leader: 1,
                news,
                commit,
            },
        );
    }
    for (name, hint) in [
        (
            "empty log",
            ConflictHint {
                term: None,
                first_index: 1,
            },
        ),
        (
            "short log",
            ConflictHint {
                term: None,
                first_index: 4,
            },
        ),
        (
            "other term",
            ConflictHint {
                term: Some(1),
                first_index: 3,
            },
        ),
    ] {
        add(
            &format!("Rejected {name}"),
            Story::Rejected {
                node: 2,
                leader: 1,
                prev_log_index: 5,
                prev_log_term: 2,
                hint,
            },
        );
    }
    for (name, match_index, committed) in [
        ("commits that one", 6, Some((6, 6))),
        ("commits one below", 7, Some((6, 6))),
        ("commits many", 7, Some((5, 7))),
        ("nothing to match", 0, None),
        ("matches", 7, None),
    ] {
        add(
            &format!("Acked {name}"),
            Story::Acked {
                leader: 1,
                follower: 2,
                match_index,
                committed,
            },
        );
    }
    add(
        "BackedUp",
        Story::BackedUp {
            leader: 1,
            follower: 2,
            from: 11,
            to: 7,
        },
    );
    for (name, message, reason) in [
        (
            "StaleTerm AppendEntries",
            "AppendEntries 1 entry",
            IgnoreReason::StaleTerm,
        ),
        (
            "StaleTerm heartbeat",
            "AppendEntries heartbeat",
            IgnoreReason::StaleTerm,
        ),
        (
            "StaleTerm vote",
            "RequestVoteResponse granted",
            IgnoreReason::StaleTerm,
        ),
        (
            "StaleTerm reply",
            "AppendEntriesResponse success",
            IgnoreReason::StaleTerm,
        ),
        (
            "NotExpected vote",
            "RequestVoteResponse granted",
            IgnoreReason::NotExpected,
        ),
        (
            "NotExpected refusal",
            "RequestVoteResponse refused",
            IgnoreReason::NotExpected,
        ),
        (
            "NotExpected pre-vote",
            "PreVoteResponse granted",
            IgnoreReason::NotExpected,
        ),
        (
            "NotExpected pre-vote refusal",
            "PreVoteResponse refused",
            IgnoreReason::NotExpected,
        ),
        (
            "NotExpected append reply",
            "AppendEntriesResponse conflict, log too short",
            IgnoreReason::NotExpected,
        ),
        ("NotExpected request", "PreVote", IgnoreReason::NotExpected),
        (
            "StaleAppendResponse",
            "AppendEntriesResponse success",
            IgnoreReason::StaleAppendResponse,
        ),
        ("NotAMember", "RequestVote", IgnoreReason::NotAMember),
    ] {
        add(
            &format!("Ignored {name}"),
            Story::Ignored {
                node: 2,
                from: 9,
                message: f.message(message),
                term: 1,
                reason,
            },
        );
    }
    for you in [true, false] {
        for (name, outcome) in &f.outcomes {
            add(
                &format!("Client you {you} {name}"),
                Story::Client {
                    you,
                    node: 2,
                    command: "set x 5",
                    outcome,
                },
            );
        }
    }
    // Every message as a noun; each way to lose one, on a heartbeat.
    for (name, message) in &f.in_flight {
        add(
            &format!("Received {name}"),
            Story::Received {
                node: 2,
                from: 1,
                message: &message.envelope.message,
            },
        );
    }
    let heartbeat = &f.in_flight[6].1;
    assert_eq!(f.in_flight[6].0, "AppendEntries heartbeat");
    for (cause_name, cause, by_you) in [
        ("random", LossCause::Random, false),
        ("link cut", LossCause::LinkCut, false),
        ("receiver down", LossCause::ReceiverDown, false),
        ("dropped", LossCause::Dropped, false),
        ("by you", LossCause::Dropped, true),
    ] {
        add(
            &format!("Lost {cause_name}"),
            Story::Lost {
                message: heartbeat,
                cause,
                by_you,
            },
        );
    }
    add("Duplicated", Story::Duplicated { copy: heartbeat });
    add("Input", Story::Input(&f.inputs[0].1));
    add("TimerFired", Story::TimerFired { node: 3 });
    add("SteppedDown", Story::SteppedDown { node: 1, term: 4 });
    use sim::raft::{ChangeRefusal, TransferRefusal};
    for (name, reason) in [
        ("use change", ChangeRefusal::UseChange),
        ("in progress", ChangeRefusal::InProgress { index: 7 }),
        ("already member", ChangeRefusal::AlreadyMember(4)),
        ("not member", ChangeRefusal::NotMember(6)),
        ("not learner", ChangeRefusal::NotLearner(3)),
        ("no voters", ChangeRefusal::NoVoters),
        ("same voters", ChangeRefusal::SameVoters),
    ] {
        add(
            &format!("ChangeRefused {name}"),
            Story::ChangeRefused { node: 2, reason },
        );
    }
    for at_once in [true, false] {
        add(
            &format!("TransferStarted at once={at_once}"),
            Story::TransferStarted {
                leader: 2,
                target: 3,
                at_once,
            },
        );
    }
    add(
        "TimeoutNowSent",
        Story::TimeoutNowSent {
            leader: 2,
            target: 3,
        },
    );
    add(
        "TransferAborted",
        Story::TransferAborted {
            leader: 2,
            target: 4,
        },
    );
    for (name, reason) in [
        ("not leader", TransferRefusal::NotLeader { leader: Some(1) }),
        ("already leader", TransferRefusal::AlreadyLeader),
        ("not voter", TransferRefusal::NotVoter(5)),
        ("in progress", TransferRefusal::InProgress { target: 3 }),
    ] {
        add(
            &format!("TransferRefused {name}"),
            Story::TransferRefused { leader: 2, reason },
        );
    }
    add(
        "TransferBlocksProposal",
        Story::TransferBlocksProposal {
            leader: 2,
            target: 3,
        },
    );
    add(
        "TimeoutNow",
        Story::TimeoutNow {
            node: 3,
            leader: 2,
            term: 5,
        },
    );
    all
}

/// The catalogue in `lang`: every story, input, violation, tooltip and name, one a line.
fn catalogue(lang: Lang) -> Result<String, String> {
    let f = Fixtures::new();
    let tell = teller(lang);
    let mut out = format!(
        "# Every story, input, violation, message tooltip and name of the narration, in {}.\n\
         # Regenerate with `cargo xtask golden`.\n",
        lang_name(lang)
    );
    let mut line = |section: &str, label: &str, text: &str, sentence: bool| {
        check(lang, text, sentence).map_err(|e| format!("{section} {label}: {e}"))?;
        out.push_str(&format!("{section} {label}: {text}\n"));
        Ok::<(), String>(())
    };
    for (label, story) in stories(&f) {
        line("story", &label, &tell.story(&story), true)?;
    }
    for (label, input) in &f.inputs {
        line("input", label, &tell.input(input), true)?;
    }
    for (label, v) in &f.violations {
        let text = violation(lang, v);
        assert!(!text.contains(&v.message), "{text}");
        line("violation", label, &text, true)?;
    }
    for (label, m) in &f.in_flight {
        line("title", label, &message_title(lang, m), false)?;
    }
    for (label, m) in &f.messages {
        line("name", label, message_name(lang, m), false)?;
    }
    for role in [
        Role::Follower,
        Role::PreCandidate,
        Role::Candidate,
        Role::Leader,
    ] {
        line("role", &format!("{role:?}"), role_name(lang, role), false)?;
    }
    line("event", "fallback", &tell.event(42), true)?;
    Ok(out)
}

#[test]
fn every_story_and_every_input_is_in_the_catalogue() {
    let f = Fixtures::new();
    let stories = stories(&f);
    let seen: BTreeSet<&str> = stories.iter().map(|(_, s)| story_kind(s)).collect();
    let all: BTreeSet<&str> = STORY_KINDS.iter().copied().collect();
    assert_eq!(seen, all, "every story has a sample");
    for (label, story) in &stories {
        assert_eq!(debug_kind(story), story_kind(story), "{label}");
    }
    let labels: BTreeSet<&String> = stories.iter().map(|(l, _)| l).collect();
    assert_eq!(labels.len(), stories.len(), "labels are unique");

    let seen: BTreeSet<&str> = f.inputs.iter().map(|(_, i)| input_kind(i)).collect();
    let all: BTreeSet<&str> = INPUT_KINDS.iter().copied().collect();
    assert_eq!(seen, all, "every input has a sample");
    for (label, input) in &f.inputs {
        assert_eq!(debug_kind(input), input_kind(input), "{label}");
    }
    let properties: BTreeSet<Property> = f.violations.iter().map(|(_, v)| v.property).collect();
    assert_eq!(properties.len(), Property::ALL.len());
}

#[test]
fn golden_catalogue() {
    let mut reports = Vec::new();
    for lang in Lang::ALL {
        let path = golden_dir().join(format!("catalogue.{}.txt", lang.code()));
        let what = format!("catalogue, {}", lang_name(lang));
        match catalogue(lang) {
            Ok(text) => reports.extend(golden(&path, &what, &text)),
            Err(e) => reports.push(format!("{what}: {e}")),
        }
    }
    fail_on(reports);
}

// ----- The tables ----------------------------------------------------------------------------

/// A template's placeholder names, sorted.
fn placeholders(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = template
        .split('{')
        .skip(1)
        .filter_map(|p| p.split_once('}').map(|(name, _)| name))
        .collect();
    names.sort_unstable();
    names
}

#[test]
fn both_tables_have_every_word_with_the_same_placeholders() {
    let (english, chinese) = (en::EN.fields(), zh::ZH.fields());
    assert_eq!(english.len(), chinese.len());
    for ((name, e), (_, z)) in english.iter().zip(&chinese) {
        assert!(!e.is_empty() && !z.is_empty(), "{name} is empty");
        assert_ne!(e, z, "ZH.{name} is not translated");
        // The renderer fills the same names in both languages.
        assert_eq!(placeholders(e), placeholders(z), "{name}");
        assert!(!han(e), "EN.{name} = {e:?} has Chinese");
        let mut words = z.to_string();
        for p in placeholders(z) {
            words = words.replace(&format!("{{{p}}}"), "");
        }
        for word in words
            .split(|c: char| !(c.is_ascii_alphabetic() || c == '-'))
            .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        {
            assert!(
                allowed_in_chinese(word),
                "ZH.{name} = {z:?} has the English word {word:?}"
            );
        }
    }
    assert_eq!(
        placeholders(en::EN.vote_refused()),
        ["candidate", "term", "voter", "why"]
    );
}

#[test]
fn fill_replaces_named_placeholders_once() {
    use tell::{fill, Arg};
    let args = [Arg::Num(3), Arg::Text("{t}"), Arg::Num(0)];
    assert_eq!(fill("{n}{n}-{t}", "n t ", &args), "33-{t}");
    assert_eq!(fill("{x} {n} { } {}", "n t ", &args), "{x} 3 { } {}");
    assert_eq!(fill("a{b", "", &[]), "a{b");
    assert_eq!(fill("}{", "", &[]), "}{");
    assert_eq!(
        fill(
            "{z} {big}",
            "n t z big ",
            &[args[0], args[1], args[2], Arg::Num(u64::MAX)]
        ),
        "0 18446744073709551615"
    );
    assert_eq!(fill("", "n ", &args), "");
}

// ----- What is not prose ---------------------------------------------------------------------

#[test]
fn a_safety_violation_comes_first_and_is_told_from_its_fields() {
    let mut broken = 0;
    for crate::model::Preset {
        name, recording, ..
    } in SCENARIOS
    {
        for frame in scenario(name, recording) {
            let Some(v) = frame.violations.first() else {
                continue;
            };
            broken += 1;
            assert!(matches!(story(&frame), Story::Violation(first) if first == v));
            // The checker's English sentence is not what is shown: changing it changes nothing.
            let mut other = frame.clone();
            for v in &mut other.violations {
                v.message = "THE CHECKER'S OWN SENTENCE".into();
            }
            for lang in Lang::ALL {
                let sentence = narrate(lang, &frame);
                assert_eq!(sentence, narrate(lang, &other));
                assert_eq!(violation(lang, v), violation(lang, &other.violations[0]));
                let name = strings(lang).property(v.property).0;
                assert!(sentence.contains(name), "{name}: {sentence}");
                assert!(violation(lang, v).starts_with(name));
            }
        }
    }
    assert!(broken >= 5, "the bug presets break something: {broken}");
}

/// A random schedule of everything a visitor can do, as `sim::explore` does it.
fn chaos(seed: u64, events: u64, bugs: bool, duplicates: bool) -> Vec<Frame> {
    let mut config = SimConfig::new(5, seed);
    config.pre_vote = seed & 1 == 0;
    let mut sim = Simulation::new(config).unwrap();
    let mut rng = Rng::new(seed ^ 0x6e61_7272_6174_6521);
    let mut frames = Vec::new();
    let node = |rng: &mut Rng| rng.range_inclusive(1, 5) as NodeId;
    let mut commands = 0;
    while sim.frame_count() < events {
        let roll = rng.range_inclusive(0, 999);
        let input = match roll {
            0..=14 => {
                commands += 1;
                Some(Input::Client(format!("set k{} {commands}", commands % 7)))
            }
            15..=19 => {
                let id = node(&mut rng);
                let down = (1..=5).filter(|&i| !sim.is_up(i)).count();
                Some(if sim.is_up(id) && down < 2 {
                    Input::Crash(id)
                } else {
                    Input::Restart(id)
                })
            }
            20..=22 => {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                for id in 1..=5 {
                    if rng.range_inclusive(0, 1) == 0 {
                        a.push(id)
                    } else {
                        b.push(id)
                    }
                }
                Some(Input::Partition(vec![a, b]))
            }
            23..=24 => Some(Input::Isolate(node(&mut rng))),
            25..=29 => Some(Input::Heal),
            30..=32 => Some(Input::Loss(rng.range_inclusive(0, 30) as u32 * (PPM / 100))),
            33..=34 => {
                let min = rng.range_inclusive(1, 40);
                let max = min + rng.range_inclusive(0, 60);
                Some(Input::Latency(min * MICROS_PER_MS, max * MICROS_PER_MS))
            }
            35..=37 => Some(Input::Rejoin(node(&mut rng))),
            38..=39 => Some(Input::Cut {
                from: node(&mut rng),
                to: node(&mut rng),
                both: rng.range_inclusive(0, 1) == 0,
            }),
            40..=41 => Some(Input::Link {
                from: node(&mut rng),
                to: node(&mut rng),
                both: rng.range_inclusive(0, 1) == 0,
            }),
            42..=44 => Some(Input::Timeout(node(&mut rng))),
            45 => Some(Input::Heartbeat(node(&mut rng))),
            46..=47 => Some(Input::Propose(node(&mut rng), format!("set p {roll}"))),
            48 => Some(Input::PreVote(rng.range_inclusive(0, 1) == 0)),
            49 => Some(Input::CheckQuorum(rng.range_inclusive(0, 1) == 0)),
            50..=51 if bugs => {
                let bug = BugName::ALL[rng.range_inclusive(0, 3) as usize];
                Some(Input::Bug(bug, rng.range_inclusive(0, 2) > 0))
            }
            52 => sim.in_flight().last().map(|m| Input::Drop(m.id)),
            53 => sim.in_flight().next().map(|m| Input::Deliver(m.id)),
            54 => Some(Input::Drop(u64::MAX)),
            55 => Some(Input::Timers(false)),
            56..=60 => Some(Input::Timers(true)),
            61..=62 if duplicates => sim.in_flight().next().map(|m| Input::Duplicate(m.id)),
            _ => None,
        };
        match input {
            Some(input) => frames.push(sim.apply(input).unwrap()),
            None => match sim.step() {
                Some(frame) => frames.push(frame),
                None => frames.push(sim.apply(Input::Timers(true)).unwrap()),
            },
        }
    }
    frames
}

#[test]
fn every_frame_of_long_random_runs_gets_a_sentence() {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut generic = Vec::new();
    let mut total = 0;
    for (seed, bugs, duplicates) in [
        (11, false, false),
        (12, false, false),
        (13, true, false),
        (14, false, true),
    ] {
        for frame in chaos(seed, 6_000, bugs, duplicates) {
            total += 1;
            for lang in Lang::ALL {
                let sentence = narrate(lang, &frame);
                check(lang, &sentence, true).unwrap_or_else(|e| panic!("{e}\n{frame:?}"));
                if let FrameKind::Deliver(m) | FrameKind::Lose(m, _) | FrameKind::Duplicate(m) =
                    &frame.kind
                {
                    check(lang, &message_title(lang, m), false).unwrap();
                }
                for v in &frame.violations {
                    check(lang, &violation(lang, v), true).unwrap();
                }
            }
            let story = story(&frame);
            let kind = story_kind(&story);
            if std::env::var_os("NARRATE_PRINT").is_some() {
                eprintln!("{kind}: {}", narrate(Lang::En, &frame));
            }
            if kind == "Received" || kind == "TimerFired" {
                generic.push(narrate(Lang::En, &frame));
            }
            *seen.entry(kind.to_string()).or_default() += 1;
        }
    }
    eprintln!("{seen:#?}");
    for en in generic.iter().take(20) {
        eprintln!("generic: {en}");
    }
    for expected in [
        "Acked",
        "BackedUp",
        "Campaign",
        "Client",
        "Duplicated",
        "Elected",
        "Heard",
        "Heartbeats",
        "Ignored",
        "Input",
        "Lost",
        "Rejected",
        "Replicated",
        "PreVoteWon",
        "QuorumLost",
        "StepDown",
        "TermMoved",
        "VoteCounted",
        "VoteGranted",
        "VoteRefused",
    ] {
        assert!(
            seen.contains_key(expected),
            "no {expected} story in {seen:?}"
        );
    }
    assert!(
        generic.len() * 100 < total,
        "{} of {total} frames got only a generic sentence",
        generic.len()
    );
}
