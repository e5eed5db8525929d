//! Safety (section 5.4): the leader repairs any follower log (Figure 7), commits only entries of
//! its own term by counting replicas (5.4.2, Figure 8), and the teaching bugs break exactly the
//! rule they name.

mod common;

use std::collections::BTreeMap;

use common::*;
use raft::{
    AppendOutcome, CommitBy, Config, ConflictHint, Event, LogIndex, Payload, Role, Term,
    VoteRefusal,
};

fn truncations(events: &[Event]) -> Vec<Event> {
    events
        .iter()
        .filter(|e| matches!(e, Event::EntriesTruncated { .. }))
        .cloned()
        .collect()
}

/// Figure 7 / section 5.3: "the leader handles inconsistencies by forcing the followers' logs to
/// duplicate its own". A leader of term 8 with the figure's log repairs each of the six follower
/// logs (a)–(f): missing entries (a, b), extra uncommitted entries (c, d), and both (e, f). Only
/// followers whose logs are not more up-to-date than the leader's grant it their vote (5.4.1), so
/// the leader wins with the vote of the third server. (etcd: TestLeaderSyncFollowerLog)
#[test]
fn leader_sync_follower_log_figure_7() {
    let leader_log: &[Term] = &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
    // (name, follower log, grants its vote, entries removed (from, count))
    #[allow(clippy::type_complexity)]
    let followers: &[(&str, &[Term], bool, Option<(LogIndex, u64)>)] = &[
        ("a", &[1, 1, 1, 4, 4, 5, 5, 6, 6], true, None),
        ("b", &[1, 1, 1, 4], true, None),
        (
            "c",
            &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
            false,
            Some((11, 1)),
        ),
        (
            "d",
            &[1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
            false,
            Some((11, 2)),
        ),
        ("e", &[1, 1, 1, 4, 4, 4, 4], true, Some((6, 2))),
        ("f", &[1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3], true, Some((4, 8))),
    ];
    for &(name, log, grants, truncated) in followers {
        let cfg = config(3);
        let mut nodes = BTreeMap::new();
        nodes.insert(1, restarted(1, cfg.clone(), 7, leader_log));
        nodes.insert(2, restarted(2, cfg.clone(), 7, log));
        // Node 3 stays down; its vote is delivered by hand.
        let mut net = Net::from_nodes(cfg, nodes);
        net.campaign(1);
        assert_eq!(net.term(1), 8, "({name})");
        assert_eq!(net.node(2).voted_for() == Some(1), grants, "({name}) vote");
        net.deliver(vote_response(3, 1, 8, true));
        assert_eq!(net.role(1), Role::Leader, "({name})");
        net.deliver_all();
        net.heartbeat(1);

        let mut want: Vec<Term> = leader_log.to_vec();
        want.push(8);
        assert_eq!(
            terms(net.node(1)),
            want,
            "({name}) the leader's log never changes"
        );
        assert_eq!(net.node(2).log(), net.node(1).log(), "({name})");
        assert_eq!(net.node(1).commit_index(), 11, "({name})");
        assert_eq!(net.node(2).commit_index(), 11, "({name})");
        let want_truncated: Vec<Event> = truncated
            .map(|(from, count)| Event::EntriesTruncated {
                from,
                count,
                committed: false,
            })
            .into_iter()
            .collect();
        assert_eq!(truncations(&net.take_events(2)), want_truncated, "({name})");
        assert_eq!(net.applied_texts(2), net.applied_texts(1), "({name})");
    }
}

/// 5.4.2 as a table (in the shape of etcd's TestCommit): the leader commits the highest index
/// stored on a majority, its own log included, but only if that entry is from its current term.
#[test]
fn commit_rule_table_5_4_2() {
    // (cluster size, leader log, leader term, followers' match indexes, commit index)
    #[allow(clippy::type_complexity)]
    let cases: &[(usize, &[Term], Term, &[LogIndex], LogIndex)] = &[
        // single node
        (1, &[1], 1, &[], 1),
        (1, &[1], 2, &[], 0),
        (1, &[1, 2], 2, &[], 2),
        (1, &[2], 2, &[], 1),
        // odd
        (3, &[1, 2], 2, &[1, 1], 0),
        (3, &[1, 2], 2, &[2, 1], 2),
        (3, &[1, 1], 2, &[2, 2], 0),
        (3, &[1, 2, 2], 2, &[2, 1], 2),
        (3, &[1, 2, 2], 2, &[3, 2], 3),
        // even: three of four needed
        (4, &[1, 2], 2, &[1, 1, 1], 0),
        (4, &[1, 2], 2, &[2, 1, 1], 0),
        (4, &[1, 2], 2, &[2, 2, 1], 2),
        (4, &[1, 1], 2, &[2, 2, 2], 0),
        // five
        (5, &[1, 2, 2, 2], 2, &[4, 3, 1, 0], 3),
        (5, &[1, 2, 2, 2], 2, &[4, 4, 4, 4], 4),
    ];
    for (i, &(size, log, term, matches, want)) in cases.iter().enumerate() {
        let cfg = Config {
            leader_noop: false,
            ..config(size)
        };
        let mut n = restarted(1, cfg, term - 1, log);
        make_leader(&mut n, 0);
        assert_eq!(n.term(), term);
        for (k, &m) in matches.iter().enumerate() {
            let from = k as u32 + 2;
            n.step(
                0,
                append_response(from, 1, term, AppendOutcome::Success { match_index: m }),
            );
        }
        assert_eq!(n.commit_index(), want, "case {i}");
    }
}

/// 5.4.2: "Raft never commits log entries from previous terms by counting replicas. Only log
/// entries from the leader's current term are committed by counting replicas". Entries 1 and 2 are
/// from old terms; the leader's no-op (3) and a command (4) are its own.
/// (etcd: TestLeaderOnlyCommitsLogFromCurrentTerm)
#[test]
fn leader_only_commits_log_from_current_term_5_4_2() {
    for (acked, want) in [(1, 0), (2, 0), (3, 3), (4, 4)] {
        let mut n = restarted(1, Config::new(vec![1, 2]), 2, &[1, 2]);
        make_leader(&mut n, 0);
        assert_eq!(n.term(), 3);
        n.propose(0, Payload::command("x")).unwrap();
        n.take_ready();
        n.step(
            0,
            append_response(2, 1, 3, AppendOutcome::Success { match_index: acked }),
        );
        assert_eq!(n.commit_index(), want, "acked {acked}");
    }
}

/// Figure 8's five servers just before (c): S1 led term 2 and got entry 2 onto S2 only; S5 led
/// term 3 and wrote entry 2 of term 3 only to itself. S1 (told of term 3) has its links to S4
/// and S5 cut, so its term-4 election is won with S2 and S3 and it reaches only them.
fn figure_8(cfg: Config) -> Net {
    let state: [(Term, &[Term]); 5] = [
        (3, &[1, 2]),
        (2, &[1, 2]),
        (3, &[1]),
        (3, &[1]),
        (3, &[1, 3]),
    ];
    let nodes = state
        .iter()
        .enumerate()
        .map(|(i, &(term, log))| {
            let id = i as u32 + 1;
            (id, restarted(id, cfg.clone(), term, log))
        })
        .collect();
    let mut net = Net::from_nodes(cfg, nodes);
    net.cut_link(1, 4);
    net.cut_link(1, 5);
    net.campaign(1);
    assert_eq!((net.role(1), net.term(1)), (Role::Leader, 4));
    net.heartbeat(1);
    // (c): entry 2 (term 2) is now on S1, S2 and S3, a majority.
    for id in 1..=3 {
        assert_eq!(terms(net.node(id)).get(1), Some(&2), "S{id}");
    }
    net
}

fn figure_8_config() -> Config {
    Config {
        leader_noop: false,
        ..config(5)
    }
}

/// Figure 8, (c) then (d): entry 2 of term 2 sits on a majority, yet the term-4 leader must not
/// commit it, because S5 can still be elected (its last term, 3, beats theirs) and overwrite it.
#[test]
fn figure_8_old_term_entry_not_committed_5_4_2() {
    let mut net = figure_8(figure_8_config());
    assert_eq!(
        net.node(1).commit_index(),
        0,
        "an old-term entry on a majority is not committed"
    );
    assert!(!net
        .take_events(1)
        .iter()
        .any(|e| matches!(e, Event::CommitAdvanced { .. })));

    // (d): S1 crashes; S5 wins term 5 with S2, S3 and S4 and overwrites entry 2. That is safe
    // only because nobody had committed it.
    net.crash(1);
    net.heal();
    net.take_events(3);
    while net.role(5) != Role::Leader {
        assert!(net.term(5) < 10);
        net.campaign(5);
    }
    net.heartbeat(5);
    for id in 2..=5 {
        assert_eq!(terms(net.node(id)), vec![1, 3], "S{id}");
    }
    assert_eq!(
        truncations(&net.take_events(3)),
        vec![Event::EntriesTruncated {
            from: 2,
            count: 1,
            committed: false
        }]
    );
    assert_eq!(
        net.node(5).commit_index(),
        0,
        "S5 has no entry of term 5 yet"
    );
    net.propose(5, "x").unwrap();
    assert_eq!(net.node(5).commit_index(), 3);
}

/// Figure 8 (e): once the term-4 leader replicates an entry of its own term to a majority, that
/// entry and entry 2 before it are committed, and S5 can no longer win an election.
#[test]
fn figure_8_current_term_entry_commits_preceding_5_4_2() {
    let mut net = figure_8(figure_8_config());
    net.take_events(1);
    net.propose(1, "x").unwrap();
    assert_eq!(net.node(1).commit_index(), 3);
    // Committed by counting replicas of an entry of the leader's own term (section 5.4.2).
    assert!(net.take_events(1).iter().any(|e| matches!(
        e,
        Event::CommitAdvanced {
            from: 0,
            to: 3,
            by: CommitBy::Majority {
                entry_term: 4,
                term: 4,
                ..
            },
        }
    )));
    net.heartbeat(1);

    net.crash(1);
    net.heal();
    for _ in 0..3 {
        net.campaign(5);
        assert_ne!(net.role(5), Role::Leader);
    }
    let refusals: Vec<Event> = net
        .take_events(2)
        .into_iter()
        .filter(|e| {
            matches!(
                e,
                Event::VoteRefused {
                    candidate: 5,
                    reason: VoteRefusal::LogNotUpToDate { .. },
                    ..
                }
            )
        })
        .collect();
    assert!(!refusals.is_empty(), "S2 refuses S5 for its log");

    assert!(net.run_until(10_000, |net| net.leader().is_some()));
    let leader = net.leader().unwrap();
    assert!(
        leader == 2 || leader == 3,
        "only S2 or S3 hold the committed entries"
    );
    net.propose(leader, "y").unwrap();
    net.heartbeat(leader);
    for id in 2..=5 {
        let node = net.node(id);
        assert_eq!(&terms(node)[..3], &[1, 2, 4], "S{id}");
        assert_eq!(node.log().get(2).unwrap().payload.text(), "2@2");
    }
}

/// Section 8: with its no-op on (the default), the term-4 leader commits entry 2 at once through
/// the no-op of its own term, so Figure 8's danger cannot arise even without client traffic.
#[test]
fn figure_8_leader_noop_commits_preceding_8() {
    let net = figure_8(config(5));
    assert_eq!(terms(net.node(1)), vec![1, 2, 4]);
    assert_eq!(net.node(1).commit_index(), 3);
    assert_eq!(net.applied_texts(1), ["1@1", "2@2", "noop"]);
}

/// Figure 8 with the commit_old_terms bug: the term-4 leader commits entry 2 by counting
/// replicas, tells S2 and S3, and after it crashes S5 is elected and overwrites the committed
/// entry on both. The followers narrate that committed entries were removed.
#[test]
fn figure_8_commit_old_terms_bug_loses_committed_entry() {
    let mut cfg = figure_8_config();
    cfg.bugs.commit_old_terms = true;
    let mut net = figure_8(cfg);
    assert_eq!(
        net.node(1).commit_index(),
        2,
        "the bug commits the old-term entry"
    );
    assert_eq!(net.applied_texts(1), ["1@1", "2@2"]);
    net.heartbeat(1);
    assert_eq!(net.node(3).commit_index(), 2);
    assert_eq!(net.applied_texts(3), ["1@1", "2@2"]);

    net.crash(1);
    net.heal();
    net.take_events(3);
    while net.role(5) != Role::Leader {
        assert!(net.term(5) < 10);
        net.campaign(5);
    }
    net.propose(5, "x").unwrap();
    net.heartbeat(5);
    assert_eq!(
        truncations(&net.take_events(3)),
        vec![Event::EntriesTruncated {
            from: 2,
            count: 1,
            committed: true
        }]
    );
    // S3 applied two different entries at index 2: state machine safety is broken.
    let applied: Vec<(LogIndex, String)> = net.applied[&3]
        .iter()
        .map(|(i, e)| (*i, e.payload.text().to_string()))
        .collect();
    assert!(applied.contains(&(2, "2@2".to_string())));
    assert!(applied.contains(&(2, "2@3".to_string())));
}

/// 5.4.1 and the vote_ignores_log bug: a node that missed a committed entry can only become
/// leader if voters skip the up-to-date check; then it overwrites the committed entry.
#[test]
fn vote_ignores_log_bug_elects_stale_leader_5_4_1() {
    for bug in [false, true] {
        let mut cfg = config(3);
        cfg.bugs.vote_ignores_log = bug;
        let mut net = Net::with_config(cfg);
        net.elect(1);
        net.isolate(3);
        net.propose(1, "a").unwrap();
        net.heartbeat(1);
        assert_eq!(net.node(2).commit_index(), 2);
        net.crash(1);
        net.heal();
        net.take_events(2);
        net.campaign(3);
        let events = net.take_events(2);
        if bug {
            assert_eq!(net.role(3), Role::Leader);
            net.heartbeat(3);
            assert_eq!(
                truncations(&events)
                    .into_iter()
                    .chain(truncations(&net.take_events(2)))
                    .collect::<Vec<_>>(),
                vec![Event::EntriesTruncated {
                    from: 2,
                    count: 1,
                    committed: true
                }]
            );
            assert_eq!(net.node(2).log().get(2).unwrap().payload.text(), "noop");
        } else {
            assert_eq!(net.role(3), Role::Candidate);
            assert!(events.iter().any(|e| matches!(
                e,
                Event::VoteRefused {
                    candidate: 3,
                    reason: VoteRefusal::LogNotUpToDate { .. },
                    ..
                }
            )));
            assert_eq!(net.node(2).log().get(2).unwrap().payload.text(), "a");
        }
    }
}

/// Figure 3, Leader Append-Only: "a leader never overwrites or deletes entries in its log".
/// Whatever its followers answer, or a stale leader sends, the leader's log only grows.
#[test]
fn leader_append_only_fig_3() {
    let mut n = restarted(1, config(3), 2, &[1, 2, 2]);
    make_leader(&mut n, 0);
    let before = n.log().clone();
    let inputs = [
        append_response(
            2,
            1,
            3,
            AppendOutcome::Conflict {
                prev_log_index: 4,
                hint: ConflictHint {
                    term: Some(1),
                    first_index: 1,
                },
            },
        ),
        append_response(3, 1, 3, AppendOutcome::Success { match_index: 1 }),
        append(2, 1, 2, (0, 0), entries(&[2]), 0),
        append(2, 1, 1, (0, 0), vec![], 3),
        vote_request(3, 1, 3, (9, 9)),
    ];
    for m in inputs {
        n.step(0, m);
        assert_eq!(n.role(), Role::Leader);
        assert_eq!(n.log(), &before);
    }
}

/// 5.4.3 / leader completeness: a leader elected after entries were committed holds all of them,
/// whichever node wins.
#[test]
fn leader_completeness_5_4_3() {
    for first in 1..=3 {
        let mut net = Net::new(3);
        net.elect(first);
        net.propose(first, "a").unwrap();
        net.propose(first, "b").unwrap();
        let committed: Vec<_> = net.node(first).log().entries()[..3].to_vec();
        let behind = if first == 3 { 1 } else { 3 };
        net.isolate(behind);
        net.propose(first, "c").unwrap();
        net.crash(first);
        net.heal();
        assert!(net.run_until(10_000, |net| net.leader().is_some()));
        let leader = net.leader().unwrap();
        assert_ne!(
            leader, behind,
            "the node missing committed entry c cannot win"
        );
        assert_eq!(&net.node(leader).log().entries()[..3], &committed[..]);
        assert_eq!(net.node(leader).log().get(4).unwrap().payload.text(), "c");
    }
}
