//! Terms (section 5.1), leader election (section 5.2) and the election restriction (5.4.1).
//! Ported in spirit from etcd-io/raft's `raft_paper_test.go` and `raft_test.go`.

mod common;

use std::collections::BTreeSet;

use common::*;
use raft::{AppendOutcome, Bugs, Config, Event, IgnoreReason, Message, Node, Role, VoteRefusal};

/// A node in each role at term 1, for the "update term from message" family.
fn node_in_role(role: Role) -> Node {
    let mut n = fresh(1, 3);
    match role {
        Role::Follower => {
            n.step(0, heartbeat(2, 1, 1, (0, 0)));
        }
        Role::Candidate => n.start_election(0),
        Role::Leader => make_leader(&mut n, 0),
        Role::PreCandidate => unreachable!(),
    }
    assert_eq!((n.role(), n.term()), (role, 1));
    n.take_ready();
    n
}

/// 5.2: "When servers start up, they begin as followers", in term 0 with an empty log and an
/// election timer running.
#[test]
fn start_as_follower_5_2() {
    let n = Node::new(1, config(3), 1000, 1).unwrap();
    assert_eq!(n.role(), Role::Follower);
    assert_eq!(n.term(), 0);
    assert_eq!(n.voted_for(), None);
    assert_eq!(n.leader(), None);
    assert!(n.log().is_empty());
    assert_eq!(n.commit_index(), 0);
    let deadline = n.election_deadline().unwrap();
    assert!((1150..1300).contains(&deadline), "deadline {deadline}");
    assert_eq!(n.next_deadline(), Some(deadline));
    assert_eq!(n.heartbeat_deadline(), None);
}

/// 5.1: "If one server's current term is smaller than the other's, then it updates its current
/// term to the larger value. If a candidate or leader discovers that its term is out of date, it
/// immediately reverts to follower state." (etcd: Test{Follower,Candidate,Leader}UpdateTermFromMessage)
#[test]
fn update_term_from_append_entries_5_1() {
    for role in [Role::Follower, Role::Candidate, Role::Leader] {
        let mut n = node_in_role(role);
        let ready = step(&mut n, 10, heartbeat(3, 1, 2, (0, 0)));
        assert_eq!(n.term(), 2, "{role}");
        assert_eq!(n.role(), Role::Follower, "{role}");
        assert_eq!(n.leader(), Some(3), "{role}");
        assert_eq!(n.voted_for(), None, "{role}: a new term has no vote yet");
        assert!(ready.persist, "{role}: the new term must be saved");
        assert!(ready.events.contains(&Event::TermChanged {
            from: 1,
            to: 2,
            cause: Some(3)
        }));
        assert_eq!(
            n.heartbeat_deadline(),
            None,
            "{role}: no heartbeats as follower"
        );
        assert!(n.progress(2).is_none(), "{role}: leader state dropped");
        assert!(n.election_deadline().is_some(), "{role}");
    }
}

/// 5.1 for every message type, as etcd's TestAllServerStepdown: a higher term in a vote request
/// or any response also turns the node into a follower of that term, without a known leader.
#[test]
fn update_term_from_any_message_5_1() {
    let msgs = [
        vote_request(2, 1, 5, (10, 4)),
        vote_response(2, 1, 5, false),
        append_response(2, 1, 5, AppendOutcome::StaleTerm),
        env(2, 1, 5, Message::PreVoteResponse { granted: false }),
    ];
    for role in [Role::Follower, Role::Candidate, Role::Leader] {
        for m in &msgs {
            let mut n = node_in_role(role);
            step(&mut n, 10, m.clone());
            assert_eq!(n.term(), 5, "{role} {}", m.message.kind());
            assert_eq!(n.role(), Role::Follower, "{role} {}", m.message.kind());
            assert_eq!(n.leader(), None, "{role} {}", m.message.kind());
        }
    }
}

/// 5.1: "If a server receives a request with a stale term number, it rejects the request." An
/// AppendEntries from an old leader changes nothing and is answered with the newer term, so
/// the deposed leader learns of it; it does not reset the election timer either.
#[test]
fn reject_stale_append_entries_5_1() {
    let mut n = restarted(1, config(3), 2, &[1]);
    let deadline = n.election_deadline();
    let ready = step(
        &mut n,
        100,
        append(2, 1, 1, (1, 1), entries_from(2, &[1]), 2),
    );
    assert_eq!(terms(&n), vec![1], "stale entries must not be stored");
    assert_eq!(n.commit_index(), 0);
    assert_eq!(n.leader(), None);
    assert_eq!(n.term(), 2);
    assert_eq!(
        n.election_deadline(),
        deadline,
        "a stale leader must not hold off elections"
    );
    assert_eq!(
        ready.messages,
        vec![append_response(1, 2, 2, AppendOutcome::StaleTerm)]
    );
    assert!(ready.events.contains(&Event::MessageIgnored {
        from: 2,
        term: 1,
        reason: IgnoreReason::StaleTerm
    }));
}

/// 5.1: a stale RequestVote is refused, naming the voter's newer term.
#[test]
fn reject_stale_vote_request_5_1() {
    let mut n = restarted(1, config(3), 2, &[]);
    let ready = step(&mut n, 0, vote_request(2, 1, 1, (5, 1)));
    assert_eq!(n.voted_for(), None);
    assert_eq!(ready.messages, vec![vote_response(1, 2, 2, false)]);
    assert_eq!(
        ready.events,
        vec![Event::VoteRefused {
            candidate: 2,
            term: 1,
            pre_vote: false,
            reason: VoteRefusal::StaleTerm { current: 2 }
        }]
    );
}

/// 5.1 / 5.2: a vote from an earlier term is not counted by a candidate of a later term.
#[test]
fn candidate_ignores_stale_vote_5_1() {
    let mut n = restarted(1, config(3), 1, &[]);
    n.start_election(0);
    assert_eq!(n.term(), 2);
    let ready = step(&mut n, 0, vote_response(2, 1, 1, true));
    assert_eq!(
        n.role(),
        Role::Candidate,
        "a term-1 vote must not elect a term-2 candidate"
    );
    assert!(!n.votes().contains_key(&2));
    assert!(ready.events.contains(&Event::MessageIgnored {
        from: 2,
        term: 1,
        reason: IgnoreReason::StaleTerm
    }));
}

/// 5.2: "If a follower receives no communication over a period of time called the election
/// timeout, then it ... begins an election": increments its term, votes for itself, and sends
/// RequestVote (with its last log entry, 5.4.1) to every other server. Nothing happens before
/// the deadline. (etcd: TestFollowerStartElection)
#[test]
fn follower_start_election_5_2() {
    let mut n = restarted(1, config(3), 1, &[1, 1]);
    let deadline = n.election_deadline().unwrap();
    n.handle_timeout(deadline - 1);
    assert_eq!(n.role(), Role::Follower);
    assert!(!n.has_ready());

    n.handle_timeout(deadline);
    let ready = n.take_ready();
    assert_eq!(n.role(), Role::Candidate);
    assert_eq!(n.term(), 2);
    assert_eq!(n.voted_for(), Some(1));
    assert_eq!(n.votes().get(&1), Some(&true));
    assert!(
        ready.persist,
        "term and self-vote must be saved before asking for votes"
    );
    let mut msgs = ready.messages;
    msgs.sort_by_key(|m| m.to);
    assert_eq!(
        msgs,
        vec![vote_request(1, 2, 2, (2, 1)), vote_request(1, 3, 2, (2, 1))]
    );
    assert_eq!(
        ready.events[0],
        Event::ElectionTimeout {
            term: 1,
            // The timer was set at time 0, so it ran for exactly its deadline.
            timeout: deadline
        }
    );
}

/// 5.2: a candidate that neither wins nor loses "will time out and start a new election by
/// incrementing its term and initiating another round of RequestVote RPCs".
/// (etcd: TestCandidateStartNewElection)
#[test]
fn candidate_start_new_election_5_2() {
    let mut n = fresh(1, 3);
    n.start_election(0);
    n.take_ready();
    assert_eq!(n.term(), 1);
    let deadline = n.election_deadline().unwrap();
    n.handle_timeout(deadline);
    assert_eq!(n.role(), Role::Candidate);
    assert_eq!(n.term(), 2);
    assert_eq!(n.voted_for(), Some(1));
    assert_eq!(n.votes().len(), 1, "votes from the old term are forgotten");
    assert_eq!(
        messages(&mut n),
        vec![vote_request(1, 2, 2, (0, 0)), vote_request(1, 3, 2, (0, 0))]
    );
    assert!(n.election_deadline().unwrap() > deadline, "timer restarted");
}

/// 5.2: the outcomes of one round of RequestVote: win with a majority, or keep waiting (a
/// candidate that is refused by a majority stays a candidate until its timer runs out, as the
/// paper describes; etcd steps down early instead). (etcd: TestLeaderElectionInOneRoundRPC)
#[test]
fn leader_election_in_one_round_rpc_5_2() {
    type Case = (usize, &'static [(u32, bool)], Role);
    let cases: &[Case] = &[
        (1, &[], Role::Leader),
        (3, &[(2, true), (3, true)], Role::Leader),
        (3, &[(2, true)], Role::Leader),
        (
            5,
            &[(2, true), (3, true), (4, true), (5, true)],
            Role::Leader,
        ),
        (5, &[(2, true), (3, true), (4, true)], Role::Leader),
        (5, &[(2, true), (3, true)], Role::Leader),
        (
            5,
            &[(2, false), (3, true), (4, false), (5, true)],
            Role::Leader,
        ),
        (3, &[(2, false), (3, false)], Role::Candidate),
        (
            5,
            &[(2, false), (3, false), (4, false), (5, false)],
            Role::Candidate,
        ),
        (
            5,
            &[(2, true), (3, false), (4, false), (5, false)],
            Role::Candidate,
        ),
        (3, &[], Role::Candidate),
        (5, &[(2, true)], Role::Candidate),
        (5, &[(2, false), (3, false)], Role::Candidate),
        (5, &[], Role::Candidate),
        // The same voter twice counts once.
        (5, &[(2, true), (2, true)], Role::Candidate),
    ];
    for (i, &(size, votes, want)) in cases.iter().enumerate() {
        let mut n = fresh(1, size);
        n.start_election(0);
        for &(from, granted) in votes {
            n.step(0, vote_response(from, 1, 1, granted));
        }
        assert_eq!(n.role(), want, "case {i}");
        assert_eq!(n.term(), 1, "case {i}");
        if want == Role::Leader {
            assert_eq!(n.leader(), Some(1), "case {i}");
            assert_eq!(
                n.election_deadline(),
                None,
                "case {i}: leaders do not time out"
            );
        }
    }
}

/// 5.2: the candidate narrates each vote it counts, with running totals and the quorum.
#[test]
fn vote_counted_events_5_2() {
    let mut n = fresh(1, 5);
    n.start_election(0);
    n.take_ready();
    let ready = step(&mut n, 0, vote_response(2, 1, 1, false));
    assert_eq!(
        ready.events,
        vec![Event::VoteCounted {
            from: 2,
            granted: false,
            pre_vote: false,
            granted_total: 1,
            refused_total: 1,
            quorum: 3
        }]
    );
    step(&mut n, 0, vote_response(3, 1, 1, true));
    let ready = step(&mut n, 0, vote_response(4, 1, 1, true));
    assert_eq!(
        ready.events[0],
        Event::VoteCounted {
            from: 4,
            granted: true,
            pre_vote: false,
            granted_total: 3,
            refused_total: 1,
            quorum: 3
        }
    );
    assert!(ready.events.contains(&Event::RoleChanged {
        from: Role::Candidate,
        to: Role::Leader,
        term: 1
    }));
    // A vote arriving after the win is ignored.
    let ready = step(&mut n, 0, vote_response(5, 1, 1, true));
    assert_eq!(
        ready.events,
        vec![Event::MessageIgnored {
            from: 5,
            term: 1,
            reason: IgnoreReason::NotExpected
        }]
    );
}

/// 5.2: "Each server will vote for at most one candidate in a given term, on a first-come-
/// first-served basis" (Figure 2, RequestVote rule 2). (etcd: TestFollowerVote)
#[test]
fn follower_vote_one_per_term_5_2() {
    let cases = [
        (None, 2, true),
        (None, 3, true),
        (Some(2), 2, true),
        (Some(3), 3, true),
        (Some(2), 3, false),
        (Some(3), 2, false),
    ];
    for (voted_for, candidate, granted) in cases {
        let mut n = Node::restart(1, config(3), saved(1, voted_for, &[]), 0, 1).unwrap();
        let ready = step(&mut n, 0, vote_request(candidate, 1, 1, (0, 0)));
        assert_eq!(
            ready.messages,
            vec![vote_response(1, candidate, 1, granted)],
            "{voted_for:?} asked by {candidate}"
        );
        if granted {
            assert_eq!(n.voted_for(), Some(candidate));
        } else {
            assert_eq!(n.voted_for(), voted_for, "a refusal keeps the earlier vote");
            assert_eq!(
                ready.events,
                vec![Event::VoteRefused {
                    candidate,
                    term: 1,
                    pre_vote: false,
                    reason: VoteRefusal::AlreadyVoted {
                        voted_for: voted_for.unwrap()
                    }
                }]
            );
        }
    }
}

/// Figure 2, RequestVote: a granted vote is persisted before it is sent, and "a server ... resets
/// its election timer when it grants a vote"; a refusal leaves the timer alone.
#[test]
fn granting_a_vote_persists_and_resets_timer_5_2() {
    // Already in term 1 without a vote, so only the grant itself can reset the timer (moving to
    // a new term resets it too).
    let mut n = Node::restart(1, config(3), saved(1, None, &[]), 0, 1).unwrap();
    let before = n.election_deadline().unwrap();
    let ready = step(&mut n, 100, vote_request(2, 1, 1, (0, 0)));
    assert!(ready.persist);
    let after = n.election_deadline().unwrap();
    assert!(
        (100 + 150..100 + 300).contains(&after),
        "timer reset at 100: {after}"
    );
    assert_ne!(before, after);

    let ready = step(&mut n, 120, vote_request(3, 1, 1, (0, 0)));
    assert!(!ready.persist, "a refusal changes nothing durable");
    assert_eq!(
        n.election_deadline(),
        Some(after),
        "a refusal must not reset the timer"
    );
}

/// 5.2: "While waiting for votes, a candidate may receive an AppendEntries RPC from another server
/// claiming to be leader. If the leader's term ... is at least as large as the candidate's current
/// term, then the candidate recognizes the leader as legitimate and returns to follower state."
/// (etcd: TestCandidateFallback)
#[test]
fn candidate_fallback_5_2() {
    for term in [1, 2] {
        let mut n = fresh(1, 3);
        n.start_election(0);
        assert_eq!(n.role(), Role::Candidate);
        step(&mut n, 0, heartbeat(2, 1, term, (0, 0)));
        assert_eq!(n.role(), Role::Follower, "term {term}");
        assert_eq!(n.term(), term);
        assert_eq!(n.leader(), Some(2));
        if term == 1 {
            assert_eq!(n.voted_for(), Some(1), "same term: the self-vote stands");
        }
    }
    // A smaller term: "the candidate rejects the RPC and continues in candidate state".
    let mut n = restarted(1, config(3), 3, &[]);
    n.start_election(0);
    step(&mut n, 0, heartbeat(2, 1, 3, (0, 0)));
    assert_eq!((n.role(), n.term()), (Role::Candidate, 4));
}

/// 5.2: "Raft uses randomized election timeouts": every reset draws from [min, max), the draws
/// cover the range, and two nodes with different seeds draw differently. With the no_jitter bug
/// every timeout equals the minimum. (etcd: TestFollowerElectionTimeoutRandomized)
#[test]
fn follower_election_timeout_randomized_5_2() {
    let mut n = fresh(1, 3);
    let mut seen = BTreeSet::new();
    for term in 1..=500 {
        let now = term * 1000;
        n.step(now, heartbeat(2, 1, term, (0, 0)));
        let timeout = n.election_deadline().unwrap() - now;
        assert_eq!(timeout, n.election_timeout());
        assert!((150..300).contains(&timeout), "timeout {timeout}");
        seen.insert(timeout);
    }
    assert!(seen.len() > 100, "only {} distinct timeouts", seen.len());
    assert!(*seen.first().unwrap() < 160 && *seen.last().unwrap() >= 290);

    let firsts: BTreeSet<u64> = (0..20)
        .map(|seed| Node::new(1, config(3), 0, seed).unwrap().election_timeout())
        .collect();
    assert!(
        firsts.len() > 10,
        "seeds should give different timeouts: {firsts:?}"
    );

    let mut cfg = config(3);
    cfg.bugs.no_jitter = true;
    for seed in 0..20 {
        let mut n = Node::new(1, cfg.clone(), 0, seed).unwrap();
        assert_eq!(n.election_timeout(), 150);
        n.step(500, heartbeat(2, 1, 1, (0, 0)));
        assert_eq!(n.election_deadline(), Some(650));
        n.handle_timeout(650);
        assert_eq!(n.election_deadline(), Some(800), "candidates too");
    }
}

/// 5.2: a candidate's timeout is randomized on every new election as well.
/// (etcd: TestCandidateElectionTimeoutRandomized)
#[test]
fn candidate_election_timeout_randomized_5_2() {
    let mut n = fresh(1, 3);
    let mut seen = BTreeSet::new();
    let mut now = 0;
    for _ in 0..300 {
        now = n.election_deadline().unwrap();
        n.handle_timeout(now);
        assert_eq!(n.role(), Role::Candidate);
        let timeout = n.election_deadline().unwrap() - now;
        assert!((150..300).contains(&timeout));
        seen.insert(timeout);
    }
    assert_eq!(n.term(), 300);
    assert!(now > 300 * 150);
    assert!(seen.len() > 80, "only {} distinct timeouts", seen.len());
}

/// 5.2: randomization means that "in most cases only a single server will time out". Five
/// followers reset together time out first alone in most rounds; with no_jitter, never.
/// (etcd: TestFollowersElectionTimeoutNonconflict)
#[test]
fn followers_election_timeout_nonconflict_5_2() {
    fn conflicts(bugs: Bugs) -> usize {
        let mut cfg = config(5);
        cfg.bugs = bugs;
        let mut nodes: Vec<Node> = (1..=5)
            .map(|id| Node::new(id, cfg.clone(), 0, u64::from(id) * 7919).unwrap())
            .collect();
        let mut conflicts = 0;
        for round in 1..=1000 {
            let now = round * 1000;
            for n in nodes.iter_mut() {
                let from = if n.id() == 1 { 2 } else { 1 };
                n.step(now, heartbeat(from, n.id(), round, (0, 0)));
            }
            let deadlines: Vec<u64> = nodes
                .iter()
                .map(|n| n.election_deadline().unwrap())
                .collect();
            let first = *deadlines.iter().min().unwrap();
            if deadlines.iter().filter(|&&d| d == first).count() > 1 {
                conflicts += 1;
            }
        }
        conflicts
    }
    assert!(
        conflicts(Bugs::default()) <= 300 / 10,
        "too many simultaneous timeouts"
    );
    let no_jitter = Bugs {
        no_jitter: true,
        ..Bugs::default()
    };
    assert_eq!(conflicts(no_jitter), 1000);
}

/// 5.2: a leader "sends periodic heartbeats (AppendEntries RPCs that carry no log entries) to all
/// followers", every heartbeat interval, carrying its commit index. (etcd: TestLeaderBcastBeat)
#[test]
fn leader_bcast_beat_5_2() {
    let mut n = fresh(1, 3);
    make_leader_and_commit(&mut n, 0);
    assert_eq!(n.heartbeat_deadline(), Some(50));
    n.handle_timeout(49);
    assert!(n.take_ready().messages.is_empty());
    n.handle_timeout(50);
    assert_eq!(
        messages(&mut n),
        vec![
            append(1, 2, 1, (1, 1), vec![], 1),
            append(1, 3, 1, (1, 1), vec![], 1)
        ]
    );
    assert_eq!(n.heartbeat_deadline(), Some(100));
    assert_eq!(n.election_deadline(), None);
    assert_eq!(n.next_deadline(), Some(100));
}

/// 5.2: a new leader asserts itself at once: it appends its no-op (section 8) and sends
/// AppendEntries to every follower without waiting for the heartbeat timer.
#[test]
fn new_leader_sends_append_entries_at_once_5_2() {
    let mut n = restarted(1, config(3), 1, &[1]);
    n.start_election(0);
    n.take_ready();
    n.step(0, vote_response(2, 1, 2, true));
    assert_eq!(n.role(), Role::Leader);
    assert_eq!(terms(&n), vec![1, 2]);
    let nop = n.log().get(2).unwrap().clone();
    assert_eq!(
        messages(&mut n),
        vec![
            append(1, 2, 2, (1, 1), vec![nop.clone()], 0),
            append(1, 3, 2, (1, 1), vec![nop], 0)
        ]
    );
    let p = n.progress(2).unwrap();
    assert_eq!((p.next_index, p.match_index), (2, 0));
}

/// 5.4.1: "the RequestVote RPC includes information about the candidate's log", its last entry's
/// index and term, sent to every other server. (etcd: TestVoteRequest)
#[test]
fn vote_request_carries_last_log_entry_5_4_1() {
    for (log_terms, want_term) in [(vec![1], 2), (vec![1, 2], 3)] {
        let mut n = fresh(1, 3);
        let last = log_terms.len() as u64;
        let leader_term = want_term - 1;
        n.step(0, append(2, 1, leader_term, (0, 0), entries(&log_terms), 0));
        n.take_ready();
        let deadline = n.election_deadline().unwrap();
        n.handle_timeout(deadline);
        let last_term = *log_terms.last().unwrap();
        assert_eq!(
            messages(&mut n),
            vec![
                vote_request(1, 2, want_term, (last, last_term)),
                vote_request(1, 3, want_term, (last, last_term))
            ]
        );
    }
}

/// 5.4.1: "the voter denies its vote if its own log is more up-to-date than that of the
/// candidate": a later last term wins, and with equal last terms the longer log wins. The
/// refusal names both logs. With the vote_ignores_log bug every vote is granted.
/// (etcd: TestVoter)
#[test]
fn voter_up_to_date_check_5_4_1() {
    // (voter log terms, candidate last term, candidate last index, granted)
    let cases: &[(&[u64], u64, u64, bool)] = &[
        // same last term
        (&[1], 1, 1, true),
        (&[1], 1, 2, true),
        (&[1, 1], 1, 1, false),
        // candidate's last term is later
        (&[1], 2, 1, true),
        (&[1], 2, 2, true),
        (&[1, 1], 2, 1, true),
        // voter's last term is later
        (&[2], 1, 1, false),
        (&[2], 1, 2, false),
        (&[2, 2], 1, 1, false),
        (&[1, 1], 1, 1, false),
        // empty logs
        (&[], 0, 0, true),
        (&[1], 0, 0, false),
    ];
    for (i, &(voter, last_term, last_index, granted)) in cases.iter().enumerate() {
        for bug in [false, true] {
            let mut cfg = Config::new(vec![1, 2]);
            cfg.bugs.vote_ignores_log = bug;
            let mut n = restarted(1, cfg, 2, voter);
            let ready = step(&mut n, 0, vote_request(2, 1, 3, (last_index, last_term)));
            let want = granted || bug;
            assert_eq!(
                ready.messages,
                vec![vote_response(1, 2, 3, want)],
                "case {i} bug {bug}"
            );
            assert_eq!(n.term(), 3, "case {i}: the term moves on either way");
            if want {
                assert_eq!(n.voted_for(), Some(2));
            } else {
                assert_eq!(n.voted_for(), None);
                let voter_last = voter.len() as u64;
                let voter_last_term = voter.last().copied().unwrap_or(0);
                assert!(
                    ready.events.contains(&Event::VoteRefused {
                        candidate: 2,
                        term: 3,
                        pre_vote: false,
                        reason: VoteRefusal::LogNotUpToDate {
                            candidate_last_term: last_term,
                            candidate_last_index: last_index,
                            last_term: voter_last_term,
                            last_index: voter_last,
                        }
                    }),
                    "case {i}: {:?}",
                    ready.events
                );
            }
        }
    }
}

/// 5.2 on a network: a three-node cluster elects a leader in one round; one node down still
/// leaves a majority; with two down the candidate cannot win. (etcd: TestLeaderElection)
#[test]
fn leader_election_on_a_network_5_2() {
    let mut net = Net::new(3);
    net.campaign(1);
    assert_eq!(net.role(1), Role::Leader);
    assert_eq!(net.node(2).leader(), Some(1));
    assert_eq!(net.node(3).leader(), Some(1));
    assert!(net.logs_agree());

    let mut net = Net::new(3);
    net.crash(3);
    net.campaign(1);
    assert_eq!(net.role(1), Role::Leader);

    let mut net = Net::new(5);
    net.crash(4);
    net.crash(5);
    net.campaign(1);
    assert_eq!(net.role(1), Role::Leader, "3 of 5 is a majority");

    let mut net = Net::new(3);
    net.crash(2);
    net.crash(3);
    net.campaign(1);
    assert_eq!(net.role(1), Role::Candidate);
}

/// 5.2: left to its timers, a cluster elects exactly one leader, whichever node times out
/// first, and everyone agrees on it.
#[test]
fn timers_elect_one_leader_5_2() {
    for seed_base in 0..20 {
        let cfg = config(5);
        let nodes = (1..=5)
            .map(|id| {
                (
                    id,
                    Node::new(id, cfg.clone(), 0, seed_base * 10 + u64::from(id)).unwrap(),
                )
            })
            .collect();
        let mut net = Net::from_nodes(cfg, nodes);
        let first = net
            .nodes
            .values()
            .min_by_key(|n| n.election_deadline())
            .unwrap()
            .id();
        assert!(net.run_until(10_000, |net| net.leader().is_some()));
        assert_eq!(net.leaders().len(), 1);
        let leader = net.leader().unwrap();
        assert_eq!(
            leader, first,
            "seed {seed_base}: the first to time out wins"
        );
        assert!(net.nodes.values().all(|n| n.leader() == Some(leader)));
    }
}

/// 5.2, split votes: with every timeout equal (the no_jitter bug) and all nodes starting together,
/// every election splits the vote forever; with randomized timeouts a leader emerges.
#[test]
fn no_jitter_split_votes_repeat_5_2() {
    let mut cfg = config(3);
    cfg.bugs.no_jitter = true;
    let mut net = Net::with_config(cfg);
    assert!(!net.run_until(10_000, |net| net.leader().is_some()));
    assert!(
        net.term(1) >= 60,
        "an election every 150: term {}",
        net.term(1)
    );
    assert!(net.nodes.values().all(|n| n.role() == Role::Candidate));

    let mut net = Net::new(3);
    assert!(net.run_until(10_000, |net| net.leader().is_some()));
}

/// 5.2: dueling candidates. With the link 1-3 cut, 1 wins with 2's vote while 3 stays a
/// candidate. Once healed, 3's higher-term RequestVote disrupts the term but its log lacks the
/// leader's no-op, so it is refused (5.4.1) and a node with the full log wins the next term.
/// (etcd: TestDuelingCandidates)
#[test]
fn dueling_candidates_5_2() {
    let mut net = Net::new(3);
    net.cut_link(1, 3);
    net.node_mut(1).start_election(0);
    net.node_mut(3).start_election(0);
    net.deliver_all();
    assert_eq!(net.role(1), Role::Leader);
    assert_eq!(net.role(3), Role::Candidate);
    assert_eq!(net.term(3), 1);

    net.heal();
    net.take_events(1);
    net.campaign(3);
    assert_eq!(net.term(3), 2);
    assert_eq!(net.role(3), Role::Candidate);
    assert_eq!((net.role(1), net.term(1)), (Role::Follower, 2));
    let events = net.take_events(1);
    assert!(events.iter().any(|e| matches!(
        e,
        Event::VoteRefused {
            candidate: 3,
            term: 2,
            reason: VoteRefusal::LogNotUpToDate { last_index: 1, .. },
            ..
        }
    )));

    assert!(net.run_until(10_000, |net| net.leader().is_some()));
    let leader = net.leader().unwrap();
    assert_ne!(leader, 3, "3's log is behind");
    assert!(net.term(leader) >= 3);
    net.heartbeat(leader);
    assert!(net.logs_agree());
}

/// 5.2: a candidate cut off from the others concedes to the leader elected meanwhile once it
/// hears from it in the same term. (etcd: TestCandidateConcede)
#[test]
fn candidate_concede_5_2() {
    let mut net = Net::new(3);
    net.isolate(1);
    net.campaign(1);
    net.campaign(3);
    assert_eq!(net.role(3), Role::Leader);
    assert_eq!((net.role(1), net.term(1)), (Role::Candidate, 1));
    net.heal();
    net.propose(3, "force").unwrap();
    net.heartbeat(3);
    assert_eq!((net.role(1), net.term(1)), (Role::Follower, 1));
    assert_eq!(net.node(1).leader(), Some(3));
    assert!(net.logs_agree());
    assert_eq!(net.node(1).commit_index(), 2);
}

/// 5.2: a single-node cluster elects itself at once, with no messages. (etcd: TestSingleNodeCandidate)
#[test]
fn single_node_candidate_5_2() {
    let mut n = fresh(1, 1);
    let deadline = n.election_deadline().unwrap();
    n.handle_timeout(deadline);
    let ready = n.take_ready();
    assert_eq!(n.role(), Role::Leader);
    assert_eq!(n.term(), 1);
    assert!(ready.messages.is_empty());
    assert_eq!(n.commit_index(), 1, "the no-op commits on its own");
}

/// Only followers and candidates start elections: a forced election on a leader does nothing.
#[test]
fn leader_ignores_start_election_5_2() {
    let mut n = fresh(1, 3);
    make_leader(&mut n, 0);
    n.start_election(10);
    assert_eq!((n.role(), n.term()), (Role::Leader, 1));
    assert!(!n.has_ready());
}

/// 5.2: a forced election is narrated as such, and a response of a stale kind to a follower
/// (a vote answer it never asked for) is ignored.
#[test]
fn forced_election_and_unexpected_votes_5_2() {
    let mut n = fresh(1, 3);
    n.start_election(0);
    let ready = n.take_ready();
    assert_eq!(ready.events[0], Event::ForcedElection { term: 0 });

    let mut f = fresh(2, 3);
    f.step(0, heartbeat(1, 2, 1, (0, 0)));
    let ready = step(&mut f, 0, vote_response(3, 2, 1, true));
    assert_eq!(f.role(), Role::Follower);
    assert_eq!(
        ready.events,
        vec![Event::MessageIgnored {
            from: 3,
            term: 1,
            reason: IgnoreReason::NotExpected
        }]
    );
}

/// 5.2: a follower that hears from its leader keeps resetting its timer and never campaigns.
#[test]
fn heartbeats_suppress_elections_5_2() {
    let mut net = Net::new(3);
    net.elect(1);
    net.advance(5_000);
    assert_eq!(net.leaders(), vec![(1, 1)]);
    assert_eq!(net.term(2), 1);
    assert_eq!(net.term(3), 1);
}

/// 5.2: when the leader dies, a follower times out and the survivors elect a new leader of a
/// later term.
#[test]
fn leader_failure_triggers_new_election_5_2() {
    let mut net = Net::new(3);
    net.elect(1);
    net.crash(1);
    assert!(net.run_until(1_000, |net| net.leader().is_some()));
    let leader = net.leader().unwrap();
    assert!(leader == 2 || leader == 3);
    assert_eq!(net.term(leader), 2);
    assert_eq!(
        net.node(leader).commit_index(),
        2,
        "new leader commits its no-op"
    );
}
