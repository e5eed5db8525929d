//! Weird input never panics and never changes state it should not: messages from non-members,
//! addressed to another node or from the node itself, absurd indexes and terms.

mod common;

use common::*;
use raft::{
    AppendOutcome, ConflictHint, Envelope, Event, IgnoreReason, Message, Node, Payload, Role,
};

const MAX: u64 = u64::MAX;

/// A node in each role, in term 2, with a short log.
fn nodes_in_every_role() -> Vec<Node> {
    let mut follower = restarted(1, config(3), 2, &[1, 2]);
    follower.step(0, heartbeat(2, 1, 2, (2, 2)));
    let mut candidate = restarted(1, config(3), 1, &[1, 1]);
    candidate.start_election(0);
    let mut leader = restarted(1, config(3), 1, &[1]);
    make_leader(&mut leader, 0);
    let mut pre = Node::restart(
        1,
        raft::Config {
            pre_vote: true,
            ..config(3)
        },
        saved(2, None, &[1, 2]),
        0,
        1,
    )
    .unwrap();
    pre.start_election(0);
    let mut nodes = vec![follower, candidate, leader, pre];
    for n in &mut nodes {
        n.take_ready();
    }
    nodes
}

/// Messages addressed to someone else, or from the node to itself, are dropped with a
/// NotAMember event and change nothing. (A message from a server outside the configuration is
/// handled: servers do not consult their configuration for that, thesis 4.1; see
/// `a_server_outside_the_configuration_is_heard` below.)
#[test]
fn non_members_and_misaddressed_messages_are_ignored() {
    let bodies = [
        vote_request(0, 0, 9, (9, 9)).message,
        heartbeat(0, 0, 9, (0, 0)).message,
        append_response(0, 0, 9, AppendOutcome::Success { match_index: 1 }).message,
        vote_response(0, 0, 9, true).message,
    ];
    for node in nodes_in_every_role() {
        for body in &bodies {
            for (from, to) in [(2, 3), (2, 0), (1, 1)] {
                let mut n = node.clone();
                let m = env(from, to, 9, body.clone());
                let ready = step(&mut n, 5, m);
                assert_eq!(
                    ready.events,
                    vec![Event::MessageIgnored {
                        from,
                        term: 9,
                        reason: IgnoreReason::NotAMember
                    }],
                    "{} from {from} to {to} at a {}",
                    body.kind(),
                    node.role()
                );
                assert!(ready.messages.is_empty());
                // Everything but the (empty) outbox is as before.
                assert_eq!(n, node, "{} from {from} to {to}", body.kind());
            }
        }
    }
}

/// Thesis 4.1: a server handles messages without consulting its configuration, so a leader
/// of a configuration it has not heard of yet (one that adds it) can reach it.
#[test]
fn a_server_outside_the_configuration_is_heard() {
    let mut n = fresh(1, 3);
    let ready = step(&mut n, 5, heartbeat(4, 1, 9, (0, 0)));
    assert_eq!(n.leader(), Some(4));
    assert_eq!(n.term(), 9);
    assert!(!ready.messages.is_empty(), "it answers");
}

/// Absurd indexes and terms in every message type, at every role: no panic, no overflow (tests
/// run with overflow checks), and the log never grows past what was really sent.
#[test]
fn absurd_indexes_and_terms_do_not_panic() {
    let hints = [
        ConflictHint {
            term: None,
            first_index: 0,
        },
        ConflictHint {
            term: None,
            first_index: MAX,
        },
        ConflictHint {
            term: Some(MAX),
            first_index: MAX,
        },
        ConflictHint {
            term: Some(0),
            first_index: 0,
        },
        ConflictHint {
            term: Some(1),
            first_index: 7,
        },
    ];
    let mut bodies = vec![];
    for idx in [0, 1, 2, 3, MAX - 1, MAX] {
        for t in [0, 1, 2, MAX] {
            bodies.push(vote_request(2, 1, 0, (idx, t)).message);
            bodies.push(pre_vote_request(2, 1, 0, (idx, t)).message);
            bodies.push(heartbeat(2, 1, 0, (idx, t)).message);
            bodies.push(append(2, 1, 0, (idx, t), entries_from(3, &[2]), MAX).message);
            bodies.push(append(2, 1, 0, (0, 0), vec![], idx).message);
        }
        bodies.push(append_response(2, 1, 0, AppendOutcome::Success { match_index: idx }).message);
        for hint in hints {
            bodies.push(
                append_response(
                    2,
                    1,
                    0,
                    AppendOutcome::Conflict {
                        prev_log_index: idx,
                        hint,
                    },
                )
                .message,
            );
        }
    }
    bodies.push(append_response(2, 1, 0, AppendOutcome::StaleTerm).message);
    bodies.push(vote_response(2, 1, 0, true).message);
    bodies.push(env(2, 1, 0, Message::PreVoteResponse { granted: true }).message);

    for node in nodes_in_every_role() {
        for body in &bodies {
            for term in [0, 1, 2, 3, MAX - 1, MAX] {
                let mut n = node.clone();
                n.step(10, env(2, 1, term, body.clone()));
                let ready = n.take_ready();
                assert!(n.log().last_index() <= 4, "{body:?}");
                assert!(n.commit_index() <= n.log().last_index(), "{body:?}");
                for (i, _) in &ready.committed {
                    assert!(*i <= n.log().last_index());
                }
                // Keep going: time passes, the node campaigns or heartbeats, takes proposals.
                let at = n.next_deadline().unwrap_or(10).max(10);
                n.handle_timeout(at);
                n.start_election(at);
                n.heartbeat(at);
                let _ = n.propose(at, Payload::command("x"));
                n.take_ready();
            }
        }
    }
}

/// A leader that is told an absurd match index only believes as much as its own log holds.
#[test]
fn leader_clamps_claimed_match_index() {
    let mut n = fresh(1, 3);
    make_leader(&mut n, 0);
    n.step(
        0,
        append_response(2, 1, 1, AppendOutcome::Success { match_index: MAX }),
    );
    let p = *n.progress(2).unwrap();
    assert_eq!((p.match_index, p.next_index), (1, 2));
    assert_eq!(n.commit_index(), 1);
}

/// A follower told an absurd leader commit index commits only what it verifiably holds.
#[test]
fn follower_clamps_leader_commit() {
    let mut n = restarted(1, config(3), 1, &[1, 1]);
    n.step(0, append(2, 1, 1, (1, 1), vec![], MAX));
    assert_eq!(n.commit_index(), 1);
    assert_eq!(n.last_applied(), 1);
}

/// A node in term u64::MAX (a corrupt or hostile peer told it so) keeps working without
/// overflowing: its election timer fires and it does not wrap around to term 0.
#[test]
fn maximal_term_does_not_overflow() {
    for pre_vote in [false, true] {
        let cfg = raft::Config {
            pre_vote,
            ..config(3)
        };
        let mut n = Node::new(1, cfg, 0, 1).unwrap();
        n.step(0, heartbeat(2, 1, MAX, (0, 0)));
        assert_eq!(n.term(), MAX);
        let at = n.election_deadline().unwrap();
        n.handle_timeout(at);
        assert_eq!(n.term(), MAX, "the term must never wrap");
        for m in n.take_ready().messages {
            let reply: Envelope = match m.message {
                Message::PreVote { .. } => {
                    env(m.to, 1, m.term, Message::PreVoteResponse { granted: true })
                }
                Message::RequestVote { .. } => vote_response(m.to, 1, m.term, true),
                _ => continue,
            };
            n.step(at, reply);
        }
        assert_eq!(n.term(), MAX);
        assert_ne!(
            n.role(),
            Role::Leader,
            "cannot win a term that does not exist"
        );
    }
}

/// A deterministic scramble: thousands of random messages thrown at one node never panic and
/// never break its local invariants.
#[test]
fn random_messages_do_not_panic() {
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |bound: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % bound
    };
    for node in nodes_in_every_role() {
        let mut n = node.clone();
        let mut now = 0;
        for _ in 0..5_000 {
            now += next(40);
            let from = 2 + next(2) as u32;
            let term = next(6);
            let idx = next(8);
            let t = next(6);
            let body = match next(8) {
                0 => vote_request(from, 1, term, (idx, t)).message,
                1 => pre_vote_request(from, 1, term, (idx, t)).message,
                2 => vote_response(from, 1, term, next(2) == 0).message,
                3 => {
                    env(
                        from,
                        1,
                        term,
                        Message::PreVoteResponse {
                            granted: next(2) == 0,
                        },
                    )
                    .message
                }
                4 => {
                    let ents: Vec<u64> = (0..next(4)).map(|_| t.max(term.min(t + 1))).collect();
                    append(
                        from,
                        1,
                        term,
                        (idx, t),
                        entries_from(idx + 1, &ents),
                        next(10),
                    )
                    .message
                }
                5 => {
                    append_response(from, 1, term, AppendOutcome::Success { match_index: idx })
                        .message
                }
                6 => {
                    append_response(
                        from,
                        1,
                        term,
                        AppendOutcome::Conflict {
                            prev_log_index: idx,
                            hint: ConflictHint {
                                term: if next(2) == 0 { None } else { Some(t) },
                                first_index: next(9),
                            },
                        },
                    )
                    .message
                }
                _ => {
                    n.handle_timeout(now);
                    if n.role() == Role::Leader {
                        let _ = n.propose(now, Payload::command("p"));
                    }
                    n.take_ready();
                    continue;
                }
            };
            let term_before = n.term();
            n.step(now, env(from, 1, term, body));
            n.take_ready();
            assert!(n.term() >= term_before, "terms never go back");
            assert!(n.last_applied() <= n.commit_index());
            assert!(n.commit_index() <= n.log().last_index());
            let log_terms = terms(&n);
            assert!(log_terms.windows(2).all(|w| w[0] <= w[1]), "{log_terms:?}");
        }
    }
}
