//! Crashes and restarts (Figure 2, "Persistent state on all servers"; section 5.5): currentTerm,
//! votedFor and the log survive a crash, the commit index does not; and the forget_vote bug
//! shows why votedFor must be saved.

mod common;

use common::*;
use raft::{Config, ConfigError, Event, Node, Payload, PersistentState, Role, VoteRefusal};

/// Figure 2: after a crash a node comes back with its saved term, vote and log, as a follower that
/// knows no leader and has committed and applied nothing; the leader's next AppendEntries tells it
/// the commit index and it applies everything again from the start.
#[test]
fn restart_keeps_term_vote_log_loses_commit_fig_2() {
    let mut net = Net::new(3);
    net.elect(1);
    net.propose(1, "a").unwrap();
    net.propose(1, "b").unwrap();
    net.heartbeat(1);
    assert_eq!(net.node(2).commit_index(), 3);
    let before = net.node(2).persistent().clone();
    assert_eq!(before.current_term, 1);
    assert_eq!(before.voted_for, Some(1));
    assert_eq!(before.log.len(), 3);

    net.crash(2);
    assert_eq!(net.disk[&2], before, "everything that matters was saved");
    net.restart(2);
    let n = net.node(2);
    assert_eq!(n.persistent(), &before);
    assert_eq!(n.role(), Role::Follower);
    assert_eq!(n.leader(), None);
    assert_eq!(n.commit_index(), 0);
    assert_eq!(n.last_applied(), 0);
    assert!(n.election_deadline().unwrap() >= net.now + 150);

    net.heartbeat(1);
    assert_eq!(net.node(2).commit_index(), 3);
    assert_eq!(net.node(2).leader(), Some(1));
    assert_eq!(net.applied_texts(2), ["noop", "a", "b"]);
}

/// Figure 2 / 5.2: the vote is saved before it is sent, so a voter that crashes and restarts in
/// the same term still refuses a second candidate.
#[test]
fn restarted_node_does_not_vote_twice_fig_2() {
    let mut n = fresh(1, 3);
    let ready = step(&mut n, 0, vote_request(2, 1, 1, (0, 0)));
    assert!(ready.persist);
    let saved = n.persistent().clone();
    drop(n);

    let mut n = Node::restart(1, config(3), saved, 10, 99).unwrap();
    assert_eq!((n.term(), n.voted_for()), (1, Some(2)));
    let ready = step(&mut n, 10, vote_request(3, 1, 1, (0, 0)));
    assert_eq!(ready.messages, vec![vote_response(1, 3, 1, false)]);
    assert_eq!(
        ready.events,
        vec![Event::VoteRefused {
            candidate: 3,
            term: 1,
            pre_vote: false,
            reason: VoteRefusal::AlreadyVoted { voted_for: 2 }
        }]
    );
    // Asking again for the same candidate is fine (a lost answer is retried).
    let ready = step(&mut n, 10, vote_request(2, 1, 1, (0, 0)));
    assert_eq!(ready.messages, vec![vote_response(1, 2, 1, true)]);
}

/// The forget_vote bug: currentTerm and votedFor are lost in a crash (the log is kept).
#[test]
fn forget_vote_bug_loses_term_and_vote() {
    let mut cfg = config(3);
    cfg.bugs.forget_vote = true;
    let saved = saved(4, Some(2), &[1, 4]);
    let n = Node::restart(1, cfg, saved.clone(), 0, 1).unwrap();
    assert_eq!(n.term(), 0);
    assert_eq!(n.voted_for(), None);
    assert_eq!(n.log(), &saved.log);

    let n = Node::restart(1, config(3), saved.clone(), 0, 1).unwrap();
    assert_eq!(
        (n.term(), n.voted_for()),
        (4, Some(2)),
        "without the bug both survive"
    );
}

/// Why votedFor must survive (5.2, election safety): with forget_vote, a voter that crashes after
/// voting can vote again in the same term, and two leaders are elected for one term. Without the
/// bug the second candidate is refused.
#[test]
fn forget_vote_bug_allows_two_leaders_in_one_term() {
    for bug in [false, true] {
        let mut cfg = config(3);
        cfg.bugs.forget_vote = bug;
        // No no-op, so node 2's log stays as short as node 3's and only the vote matters.
        cfg.leader_noop = false;
        let mut net = Net::with_config(cfg);
        net.cut_link(1, 3);
        net.campaign(1);
        assert_eq!((net.role(1), net.term(1)), (Role::Leader, 1));
        net.crash(2);
        net.restart(2);
        net.campaign(3);
        assert_eq!(net.term(3), 1);
        if bug {
            assert_eq!(net.leaders(), vec![(1, 1), (3, 1)], "two leaders in term 1");
        } else {
            assert_eq!(net.leaders(), vec![(1, 1)]);
            assert_eq!(net.role(3), Role::Candidate);
        }
    }
}

/// Ready::persist is set exactly when currentTerm, votedFor or the log changed: a heartbeat or a
/// commit index moving (which is volatile) needs no write.
#[test]
fn persist_flag_only_when_durable_state_changes() {
    let mut n = fresh(1, 3);
    // New term from a leader: save.
    assert!(step(&mut n, 0, heartbeat(2, 1, 1, (0, 0))).persist);
    // The same heartbeat again: nothing durable changed.
    assert!(!step(&mut n, 0, heartbeat(2, 1, 1, (0, 0))).persist);
    // New entries: save.
    assert!(step(&mut n, 0, append(2, 1, 1, (0, 0), entries(&[1, 1]), 0)).persist);
    // Only the commit index moves: no save, but entries to apply.
    let ready = step(&mut n, 0, append(2, 1, 1, (2, 1), vec![], 2));
    assert!(!ready.persist);
    assert_eq!(ready.committed.len(), 2);
    // A vote in a new term: save.
    assert!(step(&mut n, 0, vote_request(3, 1, 2, (2, 1))).persist);
    // A refused vote: no save.
    assert!(!step(&mut n, 0, vote_request(2, 1, 2, (2, 1))).persist);
    // Starting an election (term and self-vote): save.
    n.take_ready();
    n.start_election(0);
    assert!(n.take_ready().persist);
    // A leader's proposal: save.
    make_leader(&mut n, 0);
    n.propose(0, Payload::command("x")).unwrap();
    assert!(n.take_ready().persist);
    // A leader's heartbeat: no save.
    n.heartbeat(0);
    assert!(!n.take_ready().persist);
}

/// A leader that crashes comes back as a follower of the same term and steps into line when the
/// new leader contacts it.
#[test]
fn restarted_leader_returns_as_follower_5_5() {
    let mut net = Net::new(3);
    net.elect(1);
    net.propose(1, "a").unwrap();
    net.crash(1);
    net.restart(1);
    assert_eq!((net.role(1), net.term(1)), (Role::Follower, 1));
    assert_eq!(net.node(1).log().len(), 2);
    assert!(net.node(1).progress(2).is_none());

    net.campaign(2);
    assert_eq!(net.role(2), Role::Leader);
    net.heartbeat(2);
    assert_eq!(net.node(1).leader(), Some(2));
    assert!(net.logs_agree());
    assert_eq!(net.node(1).commit_index(), 3);
}

/// 5.5: the crash of a follower only delays it; the cluster keeps committing with the rest, and
/// the follower catches up when it returns.
#[test]
fn follower_crash_and_catch_up_5_5() {
    let mut net = Net::new(3);
    net.elect(1);
    net.crash(3);
    for c in ["a", "b", "c"] {
        net.propose(1, c).unwrap();
    }
    assert_eq!(net.node(1).commit_index(), 4);
    net.restart(3);
    net.heartbeat(1);
    net.heartbeat(1);
    assert!(net.logs_agree());
    assert_eq!(net.applied_texts(3), ["noop", "a", "b", "c"]);
}

/// Node::restart validates like Node::new.
#[test]
fn restart_validates_config() {
    let bad = Config {
        heartbeat_interval: 0,
        ..config(3)
    };
    assert_eq!(
        Node::restart(1, bad, PersistentState::default(), 0, 1).unwrap_err(),
        ConfigError::ZeroHeartbeat
    );
}

/// The whole state of a node is a deterministic function of its inputs: two nodes fed the same
/// inputs with the same seed are equal, so a simulator can checkpoint and replay them.
#[test]
fn nodes_are_deterministic() {
    let run = || {
        let mut net = Net::new(3);
        assert!(net.run_until(10_000, |net| net.leader().is_some()));
        let leader = net.leader().unwrap();
        net.propose(leader, "a").unwrap();
        net.advance(1_000);
        net.nodes
    };
    assert_eq!(run(), run());
}
