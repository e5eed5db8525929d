//! PreVote (Ongaro's thesis, section 9.6) and CheckQuorum with its leader lease (thesis 6.2 and
//! 4.2.3). Ported in spirit from etcd-io/raft's pre-vote and check-quorum tests.

mod common;

use common::*;
use raft::{Config, Envelope, Event, IgnoreReason, Message, Node, Role, Time, VoteRefusal};

fn pre_vote_config(n: usize) -> Config {
    Config {
        pre_vote: true,
        ..config(n)
    }
}

fn check_quorum_config(n: usize) -> Config {
    Config {
        check_quorum: true,
        ..config(n)
    }
}

fn pre_vote_response(from: u32, to: u32, term: u64, granted: bool) -> Envelope {
    env(from, to, term, Message::PreVoteResponse { granted })
}

// ----- PreVote ---------------------------------------------------------------------------------

/// 9.6: "a candidate would first ask other servers whether its log was up-to-date enough to get
/// their vote". A timed-out node becomes a pre-candidate without touching its term or vote (so
/// nothing to save), and asks for pre-votes for the term it would campaign in.
#[test]
fn pre_candidate_keeps_its_term_9_6() {
    let mut n = Node::restart(1, pre_vote_config(3), saved(3, Some(2), &[1, 3]), 0, 1).unwrap();
    let deadline = n.election_deadline().unwrap();
    n.handle_timeout(deadline);
    let ready = n.take_ready();
    assert_eq!(n.role(), Role::PreCandidate);
    assert_eq!(n.term(), 3);
    assert_eq!(n.voted_for(), Some(2));
    assert!(!ready.persist);
    let mut msgs = ready.messages;
    msgs.sort_by_key(|m| m.to);
    assert_eq!(
        msgs,
        vec![
            pre_vote_request(1, 2, 4, (2, 3)),
            pre_vote_request(1, 3, 4, (2, 3))
        ]
    );
    assert!(ready.events.contains(&Event::RoleChanged {
        from: Role::Follower,
        to: Role::PreCandidate,
        term: 3
    }));
    assert!(
        n.election_deadline().unwrap() > deadline,
        "the pre-campaign has its own timer"
    );
}

/// 9.6: with a majority of pre-votes the node starts a real election (term + 1) and wins it.
/// (etcd: TestLeaderElectionPreVote)
#[test]
fn pre_vote_then_election_9_6() {
    let mut n = Node::new(1, pre_vote_config(3), 0, 1).unwrap();
    n.start_election(0);
    n.take_ready();
    let ready = step(&mut n, 0, pre_vote_response(2, 1, 1, true));
    assert_eq!((n.role(), n.term()), (Role::Candidate, 1));
    assert!(ready.persist);
    let mut msgs = ready.messages;
    msgs.sort_by_key(|m| m.to);
    assert_eq!(
        msgs,
        vec![vote_request(1, 2, 1, (0, 0)), vote_request(1, 3, 1, (0, 0))]
    );

    let mut net = Net::with_config(pre_vote_config(3));
    net.campaign(1);
    assert_eq!((net.role(1), net.term(1)), (Role::Leader, 1));
    let roles: Vec<Role> = net
        .take_events(1)
        .into_iter()
        .filter_map(|e| match e {
            Event::RoleChanged { to, .. } => Some(to),
            _ => None,
        })
        .collect();
    assert_eq!(roles, [Role::PreCandidate, Role::Candidate, Role::Leader]);
}

/// 9.6: a single node needs nobody's pre-vote.
#[test]
fn single_node_pre_vote_9_6() {
    let mut n = Node::new(1, pre_vote_config(1), 0, 1).unwrap();
    n.start_election(0);
    assert_eq!((n.role(), n.term()), (Role::Leader, 1));
}

/// 9.6: a voter grants a pre-vote by the log check of 5.4.1 alone, without changing its term,
/// its vote or its election timer; the answer carries the term asked about when granted and the
/// voter's own term when refused.
#[test]
fn pre_vote_granted_or_refused_by_log_9_6() {
    // (candidate last (index, term), granted)
    let cases = [
        ((2, 1), true),
        ((3, 1), true),
        ((1, 2), true),
        ((1, 1), false),
        ((5, 0), false),
    ];
    for (last, granted) in cases {
        let mut n = Node::restart(1, pre_vote_config(3), saved(1, None, &[1, 1]), 0, 1).unwrap();
        let deadline = n.election_deadline();
        let ready = step(&mut n, 100, pre_vote_request(2, 1, 2, last));
        assert_eq!(
            n.term(),
            1,
            "{last:?}: a pre-vote never changes the voter's term"
        );
        assert_eq!(n.voted_for(), None, "{last:?}");
        assert_eq!(n.election_deadline(), deadline, "{last:?}");
        assert!(!ready.persist, "{last:?}");
        let answer_term = if granted { 2 } else { 1 };
        assert_eq!(
            ready.messages,
            vec![pre_vote_response(1, 2, answer_term, granted)],
            "{last:?}"
        );
        if !granted {
            assert_eq!(
                ready.events,
                vec![Event::VoteRefused {
                    candidate: 2,
                    term: 2,
                    pre_vote: true,
                    reason: VoteRefusal::LogNotUpToDate {
                        candidate_last_term: last.1,
                        candidate_last_index: last.0,
                        last_term: 1,
                        last_index: 2
                    }
                }]
            );
        }
    }
}

/// 9.6: a pre-vote for a later term is granted even by a node that voted in its current term
/// (the vote is for another term), but a pre-vote for the voter's own term is refused if it has
/// voted for someone else or knows the leader of that term.
#[test]
fn pre_vote_and_existing_votes_9_6() {
    let mut n = Node::restart(1, pre_vote_config(3), saved(1, Some(3), &[]), 0, 1).unwrap();
    let ready = step(&mut n, 0, pre_vote_request(2, 1, 2, (0, 0)));
    assert_eq!(ready.messages, vec![pre_vote_response(1, 2, 2, true)]);
    assert_eq!(n.voted_for(), Some(3));

    let ready = step(&mut n, 0, pre_vote_request(2, 1, 1, (0, 0)));
    assert_eq!(ready.messages, vec![pre_vote_response(1, 2, 1, false)]);
    assert_eq!(
        ready.events[0],
        Event::VoteRefused {
            candidate: 2,
            term: 1,
            pre_vote: true,
            reason: VoteRefusal::AlreadyVoted { voted_for: 3 }
        }
    );

    let mut n = Node::new(1, pre_vote_config(3), 0, 1).unwrap();
    n.step(0, heartbeat(3, 1, 1, (0, 0)));
    let ready = step(&mut n, 0, pre_vote_request(2, 1, 1, (0, 0)));
    assert_eq!(ready.messages, vec![pre_vote_response(1, 2, 1, false)]);
    assert_eq!(
        ready.events[0],
        Event::VoteRefused {
            candidate: 2,
            term: 1,
            pre_vote: true,
            reason: VoteRefusal::HasLeader { leader: 3 }
        }
    );
}

/// 9.6: refused by a majority, a pre-candidate goes back to being a follower in the same term;
/// one refusal out of three is not enough.
#[test]
fn pre_vote_lost_returns_to_follower_9_6() {
    let mut n = Node::restart(1, pre_vote_config(3), saved(2, None, &[]), 0, 1).unwrap();
    n.start_election(0);
    step(&mut n, 0, pre_vote_response(2, 1, 2, false));
    assert_eq!(n.role(), Role::PreCandidate);
    let ready = step(&mut n, 0, pre_vote_response(3, 1, 2, false));
    assert_eq!((n.role(), n.term()), (Role::Follower, 2));
    assert!(ready.messages.is_empty());
    assert!(!ready.persist);
}

/// 9.6: a pre-candidate counts only answers about the term it asks for; a refusal from a voter in
/// a later term moves it to that term.
#[test]
fn pre_candidate_checks_answer_terms_9_6() {
    let mut n = Node::new(1, pre_vote_config(3), 0, 1).unwrap();
    n.start_election(0);
    let ready = step(&mut n, 0, pre_vote_response(2, 1, 5, true));
    assert_eq!(n.role(), Role::PreCandidate);
    assert_eq!(n.term(), 0);
    assert_eq!(
        ready.events,
        vec![Event::MessageIgnored {
            from: 2,
            term: 5,
            reason: IgnoreReason::NotExpected
        }]
    );
    step(&mut n, 0, pre_vote_response(3, 1, 5, false));
    assert_eq!((n.role(), n.term()), (Role::Follower, 5));
}

/// 9.6: a pre-candidate that hears from a leader of its term returns to following it.
#[test]
fn pre_candidate_steps_down_on_append_entries_9_6() {
    let mut n = Node::new(1, pre_vote_config(3), 0, 1).unwrap();
    n.step(0, heartbeat(2, 1, 1, (0, 0)));
    n.start_election(10);
    assert_eq!(n.role(), Role::PreCandidate);
    step(&mut n, 20, heartbeat(2, 1, 1, (0, 0)));
    assert_eq!(
        (n.role(), n.term(), n.leader()),
        (Role::Follower, 1, Some(2))
    );
}

/// 9.6: "a server that has been partitioned ... will not be able to increment its term, since it
/// cannot get its pre-votes". Without pre-vote the term runs away.
#[test]
fn partitioned_node_does_not_bump_term_9_6() {
    for pre_vote in [true, false] {
        let mut net = Net::with_config(Config {
            pre_vote,
            ..config(3)
        });
        net.elect(1);
        net.isolate(3);
        net.advance(5_000);
        if pre_vote {
            assert_eq!(net.term(3), 1);
            assert_eq!(net.role(3), Role::PreCandidate);
            assert_eq!(net.node(3).voted_for(), Some(1));
        } else {
            assert!(net.term(3) > 10, "term {}", net.term(3));
        }
        assert_eq!(net.leaders(), vec![(1, 1)]);
    }
}

/// 9.6: when the partitioned node rejoins, its pre-vote is refused (the cluster's log moved on) and
/// the leader keeps its term. Without pre-vote the rejoining node's higher term deposes the
/// leader.
#[test]
fn rejoining_node_does_not_disrupt_9_6() {
    for pre_vote in [true, false] {
        let mut net = Net::with_config(Config {
            pre_vote,
            ..config(3)
        });
        net.elect(1);
        net.isolate(3);
        net.propose(1, "while 3 was away").unwrap();
        net.advance(1_000);
        net.heal();
        net.take_events(2);
        net.campaign(3);
        if pre_vote {
            assert_eq!(net.leaders(), vec![(1, 1)]);
            assert_eq!(net.term(2), 1);
            assert!(net.take_events(2).iter().any(|e| matches!(
                e,
                Event::VoteRefused {
                    candidate: 3,
                    pre_vote: true,
                    reason: VoteRefusal::LogNotUpToDate { .. },
                    ..
                }
            )));
            net.heartbeat(1);
            assert_eq!(net.node(3).leader(), Some(1));
            assert!(net.logs_agree());
        } else {
            assert_eq!(net.role(1), Role::Follower, "the old leader was deposed");
            assert!(net.term(1) > 1);
        }
    }
}

/// 9.6 with a split: two nodes pre-campaigning at once both get pre-votes (nothing is promised),
/// both start real elections, the vote splits, and randomized timers settle it later.
/// (etcd: TestPreVoteWithSplitVote)
#[test]
fn pre_vote_with_split_vote_9_6() {
    let mut net = Net::with_config(pre_vote_config(3));
    net.elect(1);
    net.crash(1);
    let now = net.now;
    net.node_mut(2).start_election(now);
    net.node_mut(3).start_election(now);
    net.deliver_all();
    assert_eq!((net.role(2), net.term(2)), (Role::Candidate, 2));
    assert_eq!((net.role(3), net.term(3)), (Role::Candidate, 2));
    assert!(net.run_until(10_000, |net| net.leader().is_some()));
    let leader = net.leader().unwrap();
    assert!(net.term(leader) >= 3);
}

// ----- CheckQuorum ------------------------------------------------------------------------------

/// 6.2: "a leader steps down if an election timeout elapses without a successful round of
/// heartbeats to a majority of its cluster". Cut off at time 0, the leader still counts the
/// answers it had at the first check (150) and steps down at the second (300).
/// (etcd: TestLeaderStepdownWhenQuorumLost)
#[test]
fn leader_steps_down_without_quorum_6_2() {
    let mut net = Net::with_config(check_quorum_config(3));
    net.elect(1);
    net.isolate(1);
    net.advance_to(299);
    assert_eq!(net.role(1), Role::Leader);
    net.advance_to(300);
    assert_eq!((net.role(1), net.term(1)), (Role::Follower, 1));
    assert_eq!(net.node(1).leader(), None);
    assert!(net
        .take_events(1)
        .contains(&Event::QuorumLost { term: 1, active: 1 }));
    assert!(net.node(1).heartbeat_deadline().is_none());
    assert!(net.node(1).election_deadline().is_some());

    // Without CheckQuorum the cut-off leader never notices.
    let mut net = Net::new(3);
    net.elect(1);
    net.isolate(1);
    net.advance(5_000);
    assert_eq!((net.role(1), net.term(1)), (Role::Leader, 1));
}

/// 6.2: a leader that hears from a majority (itself included) stays leader indefinitely.
/// (etcd: TestLeaderStepdownWhenQuorumActive)
#[test]
fn leader_stays_with_quorum_6_2() {
    let mut net = Net::with_config(check_quorum_config(3));
    net.elect(1);
    net.advance(5_000);
    assert_eq!(net.leaders(), vec![(1, 1)]);

    // Five nodes, two cut off: three of five is still a majority.
    let mut net = Net::with_config(check_quorum_config(5));
    net.elect(1);
    net.isolate(4);
    net.isolate(5);
    net.advance(5_000);
    assert_eq!((net.role(1), net.term(1)), (Role::Leader, 1));

    // Three cut off: it steps down within two checks.
    let mut net = Net::with_config(check_quorum_config(5));
    net.elect(1);
    for id in 3..=5 {
        net.isolate(id);
    }
    net.advance(300);
    assert_eq!(net.role(1), Role::Follower);
    assert!(net
        .take_events(1)
        .contains(&Event::QuorumLost { term: 1, active: 2 }));
}

/// Thesis 4.2.3 (with CheckQuorum): "if a server receives a RequestVote request within the minimum
/// election timeout of hearing from a current leader, it does not update its term or grant its
/// vote". After the lease runs out it votes normally.
#[test]
fn lease_refuses_higher_term_vote_6_2() {
    let mut n = Node::new(2, check_quorum_config(3), 0, 2).unwrap();
    n.step(100, heartbeat(1, 2, 1, (0, 0)));
    let deadline = n.election_deadline();
    let ready = step(&mut n, 249, vote_request(3, 2, 2, (0, 0)));
    assert_eq!((n.term(), n.voted_for(), n.leader()), (1, None, Some(1)));
    assert_eq!(n.election_deadline(), deadline);
    assert!(!ready.persist);
    assert_eq!(ready.messages, vec![vote_response(2, 3, 1, false)]);
    assert_eq!(
        ready.events,
        vec![Event::VoteRefused {
            candidate: 3,
            term: 2,
            pre_vote: false,
            reason: VoteRefusal::LeaderActive { leader: 1 }
        }]
    );
    let ready = step(&mut n, 250, vote_request(3, 2, 2, (0, 0)));
    assert_eq!((n.term(), n.voted_for()), (2, Some(3)));
    assert_eq!(ready.messages, vec![vote_response(2, 3, 2, true)]);

    // Without CheckQuorum there is no lease.
    let mut n = fresh(2, 3);
    n.step(100, heartbeat(1, 2, 1, (0, 0)));
    step(&mut n, 101, vote_request(3, 2, 2, (0, 0)));
    assert_eq!((n.term(), n.voted_for()), (2, Some(3)));
}

/// 4.2.3: the lease covers pre-votes too, and the leader itself refuses to be deposed by a
/// higher-term RequestVote while it holds a quorum.
#[test]
fn lease_covers_pre_votes_and_the_leader_6_2() {
    let cfg = Config {
        pre_vote: true,
        check_quorum: true,
        ..config(3)
    };
    let mut n = Node::new(2, cfg, 0, 2).unwrap();
    n.step(100, heartbeat(1, 2, 1, (0, 0)));
    let ready = step(&mut n, 120, pre_vote_request(3, 2, 2, (0, 0)));
    assert_eq!(ready.messages, vec![pre_vote_response(2, 3, 1, false)]);
    assert_eq!(
        ready.events,
        vec![Event::VoteRefused {
            candidate: 3,
            term: 2,
            pre_vote: true,
            reason: VoteRefusal::LeaderActive { leader: 1 }
        }]
    );

    let mut leader = Node::new(1, check_quorum_config(3), 0, 1).unwrap();
    make_leader(&mut leader, 0);
    let ready = step(&mut leader, 10, vote_request(3, 1, 5, (9, 9)));
    assert_eq!((leader.role(), leader.term()), (Role::Leader, 1));
    assert!(ready.events.contains(&Event::VoteRefused {
        candidate: 3,
        term: 5,
        pre_vote: false,
        reason: VoteRefusal::LeaderActive { leader: 1 }
    }));
}

/// 6.2 / 4.2.3: a server that was cut off and ran its term up (no pre-vote) cannot depose a leader
/// that still has its quorum: everyone in the lease refuses it. The leader's next AppendEntries is
/// answered with the higher term, so the stuck node is freed and a new election settles every
/// node on one later term. (etcd: TestDisruptiveFollower, TestFreeStuckCandidateWithCheckQuorum)
#[test]
fn stuck_candidate_with_check_quorum_6_2() {
    let mut net = Net::with_config(check_quorum_config(3));
    net.elect(1);
    net.isolate(3);
    for _ in 0..3 {
        net.campaign(3);
    }
    assert_eq!((net.role(3), net.term(3)), (Role::Candidate, 4));
    net.heal();
    net.take_events(2);
    net.campaign(3);
    assert_eq!(net.term(3), 5);
    assert_eq!(net.leaders(), vec![(1, 1)], "the lease holds");
    assert_eq!(net.term(2), 1);
    assert!(net.take_events(2).contains(&Event::VoteRefused {
        candidate: 3,
        term: 5,
        pre_vote: false,
        reason: VoteRefusal::LeaderActive { leader: 1 }
    }));

    net.heartbeat(1);
    assert_eq!((net.role(1), net.term(1)), (Role::Follower, 5));
    assert!(net.run_until(10_000, |net| net.leader().is_some()));
    let leader = net.leader().unwrap();
    net.heartbeat(leader);
    let term = net.term(leader);
    assert!(term >= 6);
    assert!((1..=3).all(|id| net.term(id) == term));
    assert!(net.logs_agree());
}

/// 9.6 with 6.2: with both on, a node that rejoins after a partition neither bumps its term nor
/// disturbs the leader, even with an identical log. (etcd: TestPreVoteWithCheckQuorum)
#[test]
fn pre_vote_with_check_quorum_rejoin_9_6() {
    let cfg = Config {
        pre_vote: true,
        check_quorum: true,
        ..config(3)
    };
    let mut net = Net::with_config(cfg);
    net.elect(1);
    net.isolate(3);
    net.advance(2_000);
    assert_eq!(net.term(3), 1);
    net.heal();
    net.campaign(3);
    assert_eq!(net.leaders(), vec![(1, 1)]);
    net.advance(2_000);
    assert_eq!(net.leaders(), vec![(1, 1)]);
    assert!((1..=3).all(|id| net.term(id) == 1));
    assert_eq!(net.node(3).leader(), Some(1));
}

/// 4.2.3: the lease must not stop the cluster from replacing a leader that really died: once the
/// followers have not heard from it for an election timeout they elect a new one.
#[test]
fn lease_expires_when_leader_dies_6_2() {
    let mut net = Net::with_config(check_quorum_config(3));
    net.elect(1);
    net.crash(1);
    let died: Time = net.now;
    assert!(net.run_until(1_000, |net| net.leader().is_some()));
    assert!(net.now >= died + 150);
    assert_eq!(net.term(net.leader().unwrap()), 2);
}
