//! Membership changes (thesis chapter 4, paper section 6): configurations are log entries, a
//! server uses the latest one in its log, one change at a time, learners, a removed leader
//! stepping down, and joint consensus needing both majorities. In the spirit of etcd-io/raft's
//! `raft_test.go` (TestCommitAfterRemoveNode, TestLearner*) and its `confchange` tests.

mod common;

use std::collections::BTreeMap;

use common::*;
use raft::{
    Bugs, Change, ChangeRefusal, Config, Event, Membership, Node, NodeId, Payload, ProposeError,
    Role,
};

/// Voters 1..=`voters` and spare servers up to `servers`, all fresh, on one network.
fn cluster(voters: usize, servers: usize) -> Net {
    cluster_with(config(voters), servers)
}

fn cluster_with(config: Config, servers: usize) -> Net {
    let nodes: BTreeMap<NodeId, Node> = (1..=servers as NodeId)
        .map(|id| (id, Node::new(id, config.clone(), 0, u64::from(id)).unwrap()))
        .collect();
    Net::from_nodes(config, nodes)
}

/// The leader `at` changes the configuration; everything is then delivered.
fn change(net: &mut Net, at: NodeId, c: Change) -> Result<u64, ProposeError> {
    let now = net.now;
    let r = net.node_mut(at).propose_change(now, c);
    net.deliver_all();
    r
}

fn voters(net: &Net, id: NodeId) -> Vec<NodeId> {
    net.node(id).membership().voters().to_vec()
}

fn events(net: &Net, id: NodeId) -> Vec<Event> {
    net.events.get(&id).cloned().unwrap_or_default()
}

#[test]
fn a_configuration_reads_as_the_dump_writes_it() {
    assert_eq!(
        Membership::new(&[3, 1, 2], &[], &[]).describe(),
        "config 1,2,3"
    );
    let joint = Membership::new(&[5, 4, 3], &[6], &[1, 2, 3]);
    assert_eq!(joint.describe(), "config 1,2,3 -> 3,4,5 learners=6");
    assert!(joint.is_joint() && joint.is_voter(1) && joint.is_voter(5) && !joint.is_voter(6));
    assert_eq!(joint.members(), [3, 4, 5, 1, 2, 6]);
    // Both majorities: {1,2} of the old and {4,5} of the new.
    assert!(joint.has_quorum(|id| [1, 2, 4, 5].contains(&id)));
    assert!(
        !joint.has_quorum(|id| [1, 2, 3].contains(&id)),
        "no majority of the new"
    );
    assert!(
        !joint.has_quorum(|id| [3, 4, 5, 6].contains(&id)),
        "no majority of the old"
    );
    assert_eq!(Payload::Config(joint).text(), "config");
}

/// Thesis 4.1: the entry is in force on each server as soon as it is in its log, committed
/// or not; a new server gets the whole log; and a second change waits for the first.
#[test]
fn add_a_server_one_change_at_a_time_4_1() {
    let mut net = cluster(3, 4);
    net.elect(1);
    let now = net.now;
    let index = net
        .node_mut(1)
        .propose_change(now, Change::AddVoter(4))
        .unwrap();
    assert_eq!(
        voters(&net, 1),
        [1, 2, 3, 4],
        "in force on the leader before it commits"
    );
    assert_eq!(net.node(1).membership_index(), index);
    let second = net.node_mut(1).propose_change(now, Change::AddVoter(5));
    assert_eq!(
        second,
        Err(ProposeError::Change(ChangeRefusal::InProgress { index }))
    );
    net.collect();
    assert!(events(&net, 1).contains(&Event::ChangeRefused {
        reason: ChangeRefusal::InProgress { index }
    }));
    net.deliver_all();
    net.heartbeat(1);
    for id in 1..=4 {
        assert_eq!(voters(&net, id), [1, 2, 3, 4], "node {id}");
        assert_eq!(
            net.node(id).commit_index(),
            index,
            "node {id} committed the change"
        );
    }
    assert_eq!(
        terms(net.node(4)),
        terms(net.node(1)),
        "the new server has the whole log"
    );
    // Committed: the next change may start.
    assert!(change(&mut net, 1, Change::AddVoter(5)).is_ok());
}

/// With four voters, two acknowledgements are not a majority; three are.
#[test]
fn commitment_counts_the_new_majority_4_1() {
    let mut net = cluster(3, 4);
    net.elect(1);
    change(&mut net, 1, Change::AddVoter(4)).unwrap();
    net.heartbeat(1);
    for id in [3, 4] {
        net.cut.insert((1, id));
    }
    let index = net.propose(1, "x").unwrap();
    net.heartbeat(1);
    assert!(
        net.node(1).commit_index() < index,
        "1 and 2 are two of four"
    );
    net.cut.remove(&(1, 4));
    net.heartbeat(1);
    assert_eq!(
        net.node(1).commit_index(),
        index,
        "1, 2 and 4 are three of four"
    );
}

/// Thesis 4.2.1: a learner receives the log but never campaigns, and its acknowledgements do
/// not count toward commitment.
#[test]
fn a_learner_learns_but_never_votes_or_counts_4_2_1() {
    let mut net = cluster(3, 4);
    net.elect(1);
    change(&mut net, 1, Change::AddLearner(4)).unwrap();
    net.heartbeat(1);
    assert_eq!(voters(&net, 1), [1, 2, 3]);
    assert_eq!(net.node(4).membership().learners(), [4]);
    assert_eq!(terms(net.node(4)), terms(net.node(1)), "it has the log");
    net.campaign(4);
    assert_eq!(
        net.node(4).role(),
        Role::Follower,
        "a learner never campaigns"
    );
    // Only the learner answers: nothing commits.
    net.cut.insert((1, 2));
    net.cut.insert((1, 3));
    let index = net.propose(1, "x").unwrap();
    net.heartbeat(1);
    assert_eq!(
        net.node(4).log().last_index(),
        index,
        "the learner has the entry"
    );
    assert!(
        net.node(1).commit_index() < index,
        "but a learner does not count"
    );
    // Promoted, it counts: 1 and 4 are not a majority of four yet, 1, 2 and 4 are.
    net.cut.clear();
    net.heartbeat(1);
    change(&mut net, 1, Change::Promote(4)).unwrap();
    net.heartbeat(1);
    assert_eq!(voters(&net, 4), [1, 2, 3, 4]);
    assert!(net.node(4).membership().learners().is_empty());
}

/// Thesis 4.2.2 (etcd's TestCommitAfterRemoveNode): a leader removing itself keeps leading
/// until the entry commits, then steps down, and the others elect a leader among themselves.
#[test]
fn a_removed_leader_leads_until_the_change_commits_then_steps_down_4_2_2() {
    let mut net = cluster(3, 3);
    net.elect(1);
    let now = net.now;
    let index = net
        .node_mut(1)
        .propose_change(now, Change::Remove(1))
        .unwrap();
    assert_eq!(
        net.node(1).role(),
        Role::Leader,
        "it still leads: the entry is not committed"
    );
    assert_eq!(voters(&net, 1), [2, 3]);
    net.deliver_all();
    net.heartbeat(1);
    assert!(net.node(2).commit_index() >= index || net.node(1).commit_index() >= index);
    assert_eq!(
        net.node(1).role(),
        Role::Follower,
        "committed: it steps down"
    );
    assert!(events(&net, 1)
        .iter()
        .any(|e| matches!(e, Event::SteppedDown { .. })));
    // It knows it is out, so it never campaigns again; 2 or 3 takes over.
    let removed_term = net.node(1).term();
    net.run_until(5_000, |n| {
        [2, 3].iter().any(|&id| n.node(id).role() == Role::Leader)
    });
    assert!([2, 3].iter().any(|&id| net.node(id).role() == Role::Leader));
    net.advance(2_000);
    assert_ne!(net.node(1).role(), Role::Candidate);
    assert!(net.node(1).term() >= removed_term);
    assert!(
        !events(&net, 1)
            .iter()
            .any(|e| matches!(e, Event::ElectionTimeout { .. })),
        "a server that knows it was removed does not time out into an election"
    );
}

/// Paper section 6: C_old,new needs a majority of both; once it commits the leader appends
/// C_new by itself, and a leader outside C_new steps down once that commits.
#[test]
fn joint_consensus_needs_both_majorities_then_c_new_follows_6() {
    let mut net = cluster(3, 5);
    net.elect(1);
    for id in [4, 5] {
        net.cut.insert((1, id));
    }
    let joint = change(&mut net, 1, Change::Joint(vec![3, 4, 5])).unwrap();
    net.heartbeat(1);
    assert_eq!(net.node(1).membership().describe(), "config 1,2,3 -> 3,4,5");
    assert!(
        net.node(1).commit_index() < joint,
        "1, 2 and 3 are a majority of C_old, but only 3 is in C_new"
    );
    let now = net.now;
    assert_eq!(
        net.node_mut(1).propose_change(now, Change::AddVoter(6)),
        Err(ProposeError::Change(ChangeRefusal::InProgress {
            index: joint
        })),
        "nothing else starts during joint consensus"
    );
    net.cut.clear();
    net.heartbeat(1);
    net.heartbeat(1);
    for id in [1, 3, 4, 5] {
        assert_eq!(
            net.node(id).membership().describe(),
            "config 3,4,5",
            "node {id} has C_new"
        );
    }
    // The leader need not send C_new to the server it removes (thesis 4.2.3): 2 may not know.
    assert!(net.node(2).membership().is_joint() || voters(&net, 2) == [3, 4, 5]);
    assert!(
        net.node(1).commit_index() > joint,
        "C_new committed after C_old,new"
    );
    assert_eq!(
        net.node(1).role(),
        Role::Follower,
        "1 is not in C_new: it stepped down"
    );
}

/// The refusals say why.
#[test]
fn changes_that_make_no_sense_are_refused_with_a_reason() {
    let mut net = cluster(3, 4);
    net.elect(1);
    let refused = |net: &mut Net, c: Change| change(net, 1, c).unwrap_err();
    assert_eq!(
        refused(&mut net, Change::AddVoter(2)),
        ProposeError::Change(ChangeRefusal::AlreadyMember(2))
    );
    assert_eq!(
        refused(&mut net, Change::Remove(4)),
        ProposeError::Change(ChangeRefusal::NotMember(4))
    );
    assert_eq!(
        refused(&mut net, Change::Promote(2)),
        ProposeError::Change(ChangeRefusal::NotLearner(2))
    );
    assert_eq!(
        refused(&mut net, Change::Joint(vec![1, 2, 3])),
        ProposeError::Change(ChangeRefusal::SameVoters)
    );
    let now = net.now;
    assert_eq!(
        net.node_mut(1)
            .propose(now, Payload::Config(Membership::new(&[1], &[], &[]))),
        Err(ProposeError::Change(ChangeRefusal::UseChange))
    );
    assert_eq!(
        change(&mut net, 2, Change::AddVoter(4)),
        Err(ProposeError::NotLeader { leader: Some(1) })
    );
    let one = {
        let mut net = cluster(1, 1);
        net.elect(1);
        change(&mut net, 1, Change::Remove(1)).unwrap_err()
    };
    assert_eq!(one, ProposeError::Change(ChangeRefusal::NoVoters));
    assert!(ProposeError::Change(ChangeRefusal::InProgress { index: 7 })
        .to_string()
        .contains("index 7"));
}

/// With `overlapping_changes` on, a second change starts before the first commits (the bug
/// the `overlapping-changes` lesson shows).
#[test]
fn overlapping_changes_bug_lets_a_second_change_start() {
    let config = Config {
        bugs: Bugs {
            overlapping_changes: true,
            ..Bugs::default()
        },
        ..config(3)
    };
    let mut net = cluster_with(config, 5);
    net.elect(1);
    let now = net.now;
    net.node_mut(1)
        .propose_change(now, Change::AddVoter(4))
        .unwrap();
    assert!(net
        .node_mut(1)
        .propose_change(now, Change::AddVoter(5))
        .is_ok());
    assert_eq!(voters(&net, 1), [1, 2, 3, 4, 5]);
}

/// A follower that loses an uncommitted configuration entry to a new leader goes back to the
/// configuration before it (the latest still in its log).
#[test]
fn a_truncated_configuration_entry_takes_its_configuration_with_it() {
    let mut net = cluster(3, 4);
    net.elect(1);
    // Only 2 hears of the change; a leader of a later term without it then overwrites it.
    let now = net.now;
    net.cut.insert((1, 3));
    net.cut.insert((1, 4));
    net.node_mut(1)
        .propose_change(now, Change::AddVoter(4))
        .unwrap();
    net.deliver_all();
    assert_eq!(
        voters(&net, 2),
        [1, 2, 3, 4],
        "2 has the uncommitted change in force"
    );
    // A leader of a later term whose log lacks the entry overwrites it on 2.
    let term = net.node(1).term() + 1;
    let last = net.node(3).log().last_index();
    let prev = (last, net.node(3).log().last_term());
    let mut n2 = net.nodes.remove(&2).unwrap();
    n2.step(
        now,
        append(3, 2, term, prev, entries_from(last + 1, &[term]), 0),
    );
    assert_eq!(
        n2.membership().voters(),
        [1, 2, 3],
        "back to the configuration before it"
    );
    assert_eq!(n2.membership_index(), 0);
}

/// Thesis 4.2.2: a server that its latest configuration leaves out still starts elections
/// while that configuration is not committed (it may be needed, as the only up-to-date member
/// of C_old); once it has seen the configuration commit, it never campaigns.
#[test]
fn a_server_left_out_campaigns_until_it_sees_its_removal_commit_4_2_2() {
    let mut net = cluster(3, 3);
    net.elect(1);
    // Only 1 has the entry that removes it: 2 and 3 are cut off from it.
    net.cut.insert((1, 2));
    net.cut.insert((1, 3));
    let now = net.now;
    net.node_mut(1)
        .propose_change(now, Change::Remove(1))
        .unwrap();
    net.deliver_all();
    let mut left_out = net.nodes.remove(&1).unwrap();
    left_out.take_ready();
    let term = left_out.term();
    left_out.start_election(now);
    // Still the leader of its term: a leader does not start elections.
    assert_eq!(left_out.term(), term);
    // Restarted (a follower that has committed nothing), it campaigns: C_new is uncommitted.
    let saved = left_out.persistent().clone();
    let mut restarted = Node::restart(1, config(3), saved, now, 1).unwrap();
    assert!(!restarted.membership().contains(1));
    restarted.start_election(now);
    assert!(matches!(
        restarted.role(),
        Role::Candidate | Role::PreCandidate
    ));
    // In a cluster that committed its removal, 1 knows it and stays quiet.
    let mut net = cluster(3, 3);
    net.elect(1);
    change(&mut net, 1, Change::Remove(1)).unwrap();
    net.heartbeat(1);
    assert_eq!(net.node(1).role(), Role::Follower);
    let now = net.now;
    net.node_mut(1).start_election(now);
    assert_eq!(
        net.node(1).role(),
        Role::Follower,
        "it saw its removal commit"
    );
}
