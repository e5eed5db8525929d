//! The lessons' panels against oracles of their own: each claim a panel makes about a run is
//! checked against the run's frames, read here directly.

use super::*;
use sim::Recording;

fn run_of(file: &str) -> History {
    let path = format!("{}/../../scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    Recording::from_script(&text, file)
        .unwrap_or_else(|e| panic!("{e}"))
        .replay()
        .unwrap()
}

/// Every frame of the recorded run, in order.
fn frames(history: &mut History) -> Vec<Frame> {
    let end = history.len();
    history.goto(0);
    let mut out = Vec::new();
    while history.position() < end {
        out.push(history.step().unwrap());
    }
    out
}

/// The `<li>` of rule `id` in a Figure 2 panel.
fn rule_item<'a>(html: &'a str, id: &str) -> &'a str {
    let at = html.find(&format!("data-rule=\"{id}\"")).unwrap();
    let start = html[..at].rfind("<li").unwrap();
    let end = at + html[at..].find("</details>").unwrap();
    &html[start..end]
}

#[test]
fn figure_2_lights_each_vote_check_with_the_values_it_compared() {
    let mut h = run_of("election.raft");
    let mut checked = 0;
    for frame in frames(&mut h) {
        for (_, e) in &frame.events {
            let Event::VoteGranted {
                pre_vote: false,
                candidate_last,
                last,
                ..
            } = e
            else {
                continue;
            };
            let html = figure2(&mut h, frame.number, Lang::En);
            let item = rule_item(&html, "vote.grant");
            assert!(item.starts_with("<li class=\"rule ran\""), "{item}");
            let want = format!(
                "({}, {}) ≥ ({}, {}) ✓ → grant",
                candidate_last.0, candidate_last.1, last.0, last.1
            );
            assert!(item.contains(&want), "{item} lacks {want}");
            // A rule this event did not run is not lit.
            assert!(rule_item(&html, "leader.back-up").starts_with("<li class=\"rule\""));
            checked += 1;
        }
    }
    assert!(checked >= 2, "the election preset grants votes");
}

#[test]
fn figure_2_shows_an_old_term_commit_as_a_broken_rule() {
    let mut h = run_of("bug-commit-old-terms.raft");
    let frame = frames(&mut h)
        .into_iter()
        .find(|f| {
            f.events.iter().any(|(_, e)| {
                matches!(e, Event::CommitAdvanced { by: CommitBy::Majority { entry_term, term, .. }, .. } if entry_term < term)
            })
        })
        .expect("the bug commits an old entry");
    let html = figure2(&mut h, frame.number, Lang::En);
    let item = rule_item(&html, "leader.commit");
    assert!(item.starts_with("<li class=\"rule ran broken\""), "{item}");
    assert!(item.contains("bug commit-old-terms"), "{item}");
}

/// The frames the break-a-rule walk links to, and whether each is marked a cause.
fn steps(html: &str) -> Vec<(u64, bool)> {
    let Some(start) = html.find("<ol class=\"steps\">") else {
        return Vec::new();
    };
    let list = &html[start..start + html[start..].find("</ol>").unwrap()];
    list.split("<li")
        .skip(1)
        .map(|li| {
            let at = li.find("data-goto=\"").unwrap() + 11;
            let n = li[at..at + li[at..].find('"').unwrap()].parse().unwrap();
            (n, li.starts_with(" class=\"cause\""))
        })
        .collect()
}

#[test]
fn the_walk_back_from_each_violation_reaches_the_broken_rule() {
    for (file, is_cause) in [
        (
            "bug-vote-ignores-log.raft",
            &(|f: &Frame| {
                f.events.iter().any(|(_, e)| {
                    matches!(e, Event::VoteGranted { candidate_last, last, pre_vote: false, .. }
                        if candidate_last.0 < last.0 || (candidate_last.0 == last.0 && candidate_last.1 < last.1))
                })
            }) as &dyn Fn(&Frame) -> bool,
        ),
        ("bug-commit-old-terms.raft", &|f: &Frame| {
            f.events.iter().any(|(_, e)| {
                    matches!(e, Event::CommitAdvanced { by: CommitBy::Majority { entry_term, term, .. }, .. } if entry_term < term)
                })
        }),
        ("bug-forget-vote.raft", &|f: &Frame| {
            matches!(f.kind, FrameKind::Input(Input::Restart(_)))
                || f.events.iter().any(|(_, e)| {
                    matches!(
                        e,
                        Event::VoteGranted {
                            pre_vote: false,
                            ..
                        }
                    )
                })
        }),
        ("bug-overlapping-changes.raft", &|f: &Frame| {
            f.events
                .iter()
                .any(|(_, e)| matches!(e, Event::ConfigurationChanged { .. }))
        }),
    ] {
        let mut h = run_of(file);
        let all = frames(&mut h);
        let first = all
            .iter()
            .find(|f| !f.violations.is_empty())
            .unwrap()
            .number;
        // Before it, the panel points at it.
        let before = bugs(&mut h, 0, "-", Lang::En);
        assert!(before.contains(&format!("data-goto=\"{first}\"")), "{file}");
        assert!(steps(&before).is_empty(), "{file}");
        let end = h.len();
        let html = bugs(&mut h, end, file.trim_end_matches(".raft"), Lang::En);
        let steps = steps(&html);
        assert_eq!(
            steps.first(),
            Some(&(first, false)),
            "{file}: starts at the violation"
        );
        assert!(
            steps.windows(2).all(|w| w[0].0 >= w[1].0),
            "{file}: walks back"
        );
        let causes: Vec<u64> = steps.iter().filter(|s| s.1).map(|s| s.0).collect();
        assert!(!causes.is_empty(), "{file}: no cause named in {html}");
        for c in causes {
            assert!(
                is_cause(&all[c as usize - 1]),
                "{file}: event {c} is not a broken rule"
            );
        }
        // The lesson on screen has no button to open itself.
        assert!(!html.contains(&format!(
            "data-preset=\"{}\"",
            file.trim_end_matches(".raft")
        )));
    }
    // A bug that breaks progress, not safety, has nothing to walk back from.
    let mut h = run_of("bug-no-jitter.raft");
    let end = h.len();
    assert!(!bugs(&mut h, end, "bug-no-jitter", Lang::En).contains("class=\"why\""));
}

#[test]
fn an_entry_is_explained_with_the_count_of_voters_that_hold_it() {
    let mut h = run_of("figure-8.raft");
    let positions = [h.len() / 3, h.len() / 2, h.len()];
    for position in positions {
        seek(&mut h, position);
        let sim = h.current().clone();
        for n in 1..=sim.size() as NodeId {
            let Some(log) = sim.log(n) else { continue };
            for index in 1..=log.last_index() {
                let term = log.term(index).unwrap();
                let text = explain(&mut h, position, Target::Entry(n, index), Lang::En);
                let committed = sim.node(n).is_some_and(|x| x.commit_index() >= index);
                assert_eq!(text.contains("is committed"), committed, "{text}");
                if !committed {
                    let voters = sim
                        .leader()
                        .and_then(|(l, _)| sim.node(l))
                        .or(sim.node(n))
                        .map_or_else(
                            || sim.config().voters(),
                            |j| j.membership().voters().to_vec(),
                        );
                    let held = voters
                        .iter()
                        .filter(|v| sim.log(**v).and_then(|l| l.term(index)) == Some(term))
                        .count();
                    let want = format!("{held} of {} voters", voters.len());
                    assert!(text.contains(&want), "{text} lacks {want}");
                }
            }
        }
    }
}

#[test]
fn a_message_is_explained_by_what_its_receiver_will_do_with_it() {
    let mut h = run_of("log-repair.raft");
    let end = h.len();
    let mut rejected = 0;
    for position in (0..end).step_by(3) {
        seek(&mut h, position);
        let sim = h.current().clone();
        for m in sim.in_flight() {
            let sim::raft::Message::AppendEntries {
                prev_log_index,
                prev_log_term,
                ..
            } = &m.envelope.message
            else {
                continue;
            };
            let Some(receiver) = sim.node(m.envelope.to) else {
                continue;
            };
            if m.doomed || m.envelope.term != receiver.term() {
                continue;
            }
            let mismatch = receiver.log().term(*prev_log_index) != Some(*prev_log_term);
            let text = explain(&mut h, position, Target::Message(m.id), Lang::En);
            assert_eq!(text.contains("→ false"), mismatch, "{text}");
            rejected += usize::from(mismatch);
            // Explaining changes nothing: the run is where it was.
            assert_eq!(h.current().in_flight().count(), sim.in_flight().count());
        }
    }
    assert!(rejected > 0, "log-repair rejects some AppendEntries");
}

/// Words of Latin letters a Chinese panel may show: the paper's notation and names.
const NOTATION: &[&str] = &[
    "Raft",
    "RequestVote",
    "AppendEntries",
    "PreVote",
    "CheckQuorum",
    "TimeoutNow",
    "RPC",
    "currentTerm",
    "votedFor",
    "lastLogTerm",
    "lastLogIndex",
    "prevLogIndex",
    "prevLogTerm",
    "leaderCommit",
    "commitIndex",
    "lastApplied",
    "matchIndex",
    "nextIndex",
    "candidateId",
    "log",
    "term",
    "min",
    "config",
    "quorum",
    "electionTimeoutMin",
    "leader",
    "false",
    "raft",
    "bug",
    "vote",
    "ignores",
    "commit",
    "old",
    "terms",
    "forget",
    "jitter",
    "overlapping",
    "changes",
    "set",
    "del",
    "noop",
];

fn english_in(html: &str) -> Vec<String> {
    // Tags, attributes and code the panel marks as English (`lang="en"`) are not text.
    let mut text = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("<code lang=\"en\">") {
        text.push_str(&rest[..at]);
        rest = &rest[at + rest[at..].find("</code>").unwrap()..];
    }
    text.push_str(rest);
    let mut plain = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                plain.push(' ');
            }
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    plain
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !NOTATION.contains(w))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_chinese_panels_have_no_english() {
    for file in [
        "election.raft",
        "log-repair.raft",
        "figure-8.raft",
        "prevote.raft",
        "check-quorum.raft",
        "joint-consensus.raft",
        "transfer.raft",
        "bug-vote-ignores-log.raft",
        "bug-forget-vote.raft",
        "bug-commit-old-terms.raft",
        "bug-overlapping-changes.raft",
    ] {
        let mut h = run_of(file);
        let end = h.len();
        for position in (0..=end).step_by(7) {
            let html = figure2(&mut h, position, Lang::Zh);
            assert_eq!(
                english_in(&html),
                Vec::<String>::new(),
                "{file} at {position}"
            );
            seek(&mut h, position);
            let sim = h.current().clone();
            for n in 1..=sim.size() as NodeId {
                let html = explain(&mut h, position, Target::Node(n), Lang::Zh);
                assert_eq!(
                    english_in(&html),
                    Vec::<String>::new(),
                    "{file} at {position}"
                );
            }
            for m in sim.in_flight().take(3) {
                let html = explain(&mut h, position, Target::Message(m.id), Lang::Zh);
                assert_eq!(
                    english_in(&html),
                    Vec::<String>::new(),
                    "{file} at {position}"
                );
            }
        }
        let html = bugs(&mut h, end, "-", Lang::Zh);
        assert_eq!(english_in(&html), Vec::<String>::new(), "{file}");
    }
}

#[test]
fn every_rule_and_bug_has_words_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        for rule in Rule::ALL {
            let (line, why) = rule_text(lang, *rule);
            assert!(!line.is_empty() && !why.is_empty(), "{rule:?}");
        }
        for bug in BugName::ALL {
            let (title, text) = (words(lang).bug_texts)(*bug);
            // Two sentences: the rule broken, and what it protects.
            let ends = text.matches(['.', '。']).count();
            assert!(!title.is_empty() && ends >= 2, "{bug:?}: {text}");
        }
    }
}
