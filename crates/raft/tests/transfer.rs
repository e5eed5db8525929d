//! Leadership transfer (thesis 3.10): the leader brings the target up to date, sends it
//! TimeoutNow, takes no proposals meanwhile, and gives up after an election timeout. After
//! etcd-io/raft's `raft_test.go` TestLeaderTransfer* cases; where etcd differs it is said.

mod common;

use common::*;
use raft::{Event, Message, Node, NodeId, ProposeError, Role, TransferRefusal, VoteRefusal};

fn net_with(n: usize, check_quorum: bool) -> Net {
    let mut config = config(n);
    config.check_quorum = check_quorum;
    Net::with_config(config)
}

fn events(net: &Net, id: NodeId) -> Vec<Event> {
    net.events.get(&id).cloned().unwrap_or_default()
}

fn transfer(net: &mut Net, leader: NodeId, target: NodeId) -> Result<(), TransferRefusal> {
    let now = net.now;
    let r = net.node_mut(leader).transfer_leadership(now, target);
    net.deliver_all();
    r
}

/// TestLeaderTransferToUpToDateNode, with CheckQuorum on so that the lease would refuse any
/// campaign but the one TimeoutNow starts.
#[test]
fn transfer_to_an_up_to_date_follower_3_10() {
    for check_quorum in [false, true] {
        let mut net = net_with(3, check_quorum);
        net.elect(1);
        let term = net.node(1).term();
        transfer(&mut net, 1, 2).unwrap();
        assert_eq!(
            net.node(2).role(),
            Role::Leader,
            "checkquorum={check_quorum}"
        );
        assert_eq!(net.node(2).term(), term + 1);
        assert_eq!(net.node(1).role(), Role::Follower);
        assert_eq!(net.node(1).leader(), Some(2));
        assert!(events(&net, 1).contains(&Event::TimeoutNowSent { target: 2 }));
        assert!(events(&net, 2).contains(&Event::TimeoutNowReceived { leader: 1 }));
        // TestLeaderTransferBack: and back again.
        net.heartbeat(2);
        transfer(&mut net, 2, 1).unwrap();
        assert_eq!(net.node(1).role(), Role::Leader);
    }
}

/// The lease is what the transfer flag gets past: the same campaign started by the target's
/// own (forced) election is refused while the leader is alive.
#[test]
fn only_a_transfer_campaign_passes_the_lease_4_2_3() {
    let mut net = net_with(3, true);
    net.elect(1);
    net.campaign(2);
    assert_eq!(
        net.node(1).role(),
        Role::Leader,
        "the lease protects the leader"
    );
    assert!(events(&net, 3).iter().any(|e| matches!(
        e,
        Event::VoteRefused {
            reason: VoteRefusal::LeaderActive { .. },
            ..
        }
    )));
    transfer(&mut net, 1, 3).unwrap();
    assert_eq!(net.node(3).role(), Role::Leader);
}

/// TestLeaderTransferToSlowFollower: the target lacks entries; TimeoutNow waits until it
/// has the whole log.
#[test]
fn a_slow_target_is_caught_up_first_3_10() {
    let mut net = net_with(3, false);
    net.elect(1);
    net.isolate(3);
    net.propose(1, "set x 1").unwrap();
    net.heal();
    let last = net.node(1).log().last_index();
    assert!(net.node(3).log().last_index() < last);
    let now = net.now;
    net.node_mut(1).transfer_leadership(now, 3).unwrap();
    net.collect();
    // The catch-up goes first; TimeoutNow only once node 3 answers that it holds everything.
    let on_wire = net.take_inflight();
    assert!(!on_wire
        .iter()
        .any(|m| matches!(m.message, Message::TimeoutNow)));
    for m in on_wire {
        net.deliver(m);
    }
    net.deliver_all();
    assert_eq!(net.node(3).role(), Role::Leader);
    assert!(
        net.node(3).log().last_index() > last,
        "its no-op follows the whole log"
    );
}

/// TestLeaderTransferIgnoreProposal: no proposal, and no configuration change, while the
/// transfer runs.
#[test]
fn proposals_are_refused_during_a_transfer_3_10() {
    let mut net = net_with(3, false);
    net.elect(1);
    net.isolate(3);
    let now = net.now;
    net.node_mut(1).transfer_leadership(now, 3).unwrap();
    assert_eq!(net.node(1).transfer_target(), Some(3));
    let before = net.node(1).log().last_index();
    assert_eq!(
        net.propose(1, "set x 1"),
        Err(ProposeError::Transferring { target: 3 })
    );
    let now = net.now;
    assert_eq!(
        net.node_mut(1).propose_change(now, raft::Change::Remove(2)),
        Err(ProposeError::Transferring { target: 3 })
    );
    assert_eq!(net.node(1).log().last_index(), before);
    assert!(events(&net, 1).contains(&Event::ProposalRefusedDuringTransfer { target: 3 }));
}

/// TestLeaderTransferTimeout: a target that never answers; after a minimum election timeout
/// the leader gives up, leads on, and takes proposals again.
#[test]
fn a_transfer_gives_up_after_an_election_timeout_3_10() {
    let mut net = net_with(3, false);
    net.elect(1);
    net.isolate(3);
    let start = net.now;
    net.node_mut(1).transfer_leadership(start, 3).unwrap();
    let min = net.config.election_timeout_min;
    net.advance_to(start + min - 1);
    assert_eq!(net.node(1).transfer_target(), Some(3), "not yet");
    net.advance_to(start + min);
    assert_eq!(net.node(1).transfer_target(), None);
    assert!(events(&net, 1).contains(&Event::TransferAborted { target: 3 }));
    assert_eq!(net.node(1).role(), Role::Leader);
    assert!(net.propose(1, "set x 1").is_ok());
}

/// TestLeaderTransferToSelf, TestLeaderTransferToNonExistingNode, a learner, a non-leader, and
/// TestLeaderTransferSecondTransferToAnotherNode: etcd aborts the first transfer and starts
/// the second; here the second is refused while the first runs (it ends within an election
/// timeout either way), so a script's `transfer` never silently replaces another.
#[test]
fn refused_transfers() {
    let mut net = net_with(3, false);
    net.elect(1);
    let refused = |net: &mut Net, target| transfer(net, 1, target).unwrap_err();
    assert_eq!(refused(&mut net, 1), TransferRefusal::AlreadyLeader);
    assert_eq!(refused(&mut net, 9), TransferRefusal::NotVoter(9));
    assert_eq!(
        transfer(&mut net, 2, 3),
        Err(TransferRefusal::NotLeader { leader: Some(1) })
    );
    net.isolate(3);
    transfer(&mut net, 1, 3).unwrap();
    assert_eq!(
        refused(&mut net, 2),
        TransferRefusal::InProgress { target: 3 }
    );
    assert!(events(&net, 1).contains(&Event::TransferRefused {
        reason: TransferRefusal::InProgress { target: 3 }
    }));
}

/// A learner cannot be the target; TimeoutNow reaching one (or any non-voter) is ignored.
#[test]
fn a_learner_is_no_target() {
    let config = config(3);
    let nodes = (1..=4)
        .map(|id| (id, Node::new(id, config.clone(), 0, u64::from(id)).unwrap()))
        .collect();
    let mut net = Net::from_nodes(config.clone(), nodes);
    net.elect(1);
    let now = net.now;
    net.node_mut(1)
        .propose_change(now, raft::Change::AddLearner(4))
        .unwrap();
    net.deliver_all();
    assert_eq!(transfer(&mut net, 1, 4), Err(TransferRefusal::NotVoter(4)));
    let term = net.node(1).term();
    net.deliver(env(1, 4, term, Message::TimeoutNow));
    net.deliver_all();
    assert_eq!(net.node(4).role(), Role::Follower);
    assert_eq!(net.node(1).role(), Role::Leader);
}

/// TestLeaderTransferReceiveHigherTermVote / stepping down: a leader that loses its office
/// another way drops the transfer, and a stale TimeoutNow from an old term does nothing.
#[test]
fn a_deposed_leader_forgets_its_transfer_and_old_timeout_now_is_ignored() {
    let mut net = net_with(3, false);
    net.elect(1);
    net.isolate(3);
    transfer(&mut net, 1, 3).unwrap();
    let old_term = net.node(1).term();
    net.heal();
    net.isolate(1);
    net.campaign(2);
    net.heal();
    net.heartbeat(2);
    assert_eq!(net.node(1).role(), Role::Follower);
    assert_eq!(net.node(1).transfer_target(), None);
    net.deliver(env(1, 3, old_term, Message::TimeoutNow));
    net.deliver_all();
    assert_eq!(
        net.node(2).role(),
        Role::Leader,
        "the stale TimeoutNow started nothing"
    );
}
