//! The rules of the paper's Figure 2, and the ones this implementation adds (pre-vote,
//! CheckQuorum, membership changes, leadership transfer), each with a stable id: which rule
//! made a node do what an [`Event`] reports. A UI shows the rules beside the run and lights
//! the ones the current event ran; the values each compared are in the event itself.

use crate::event::{CommitBy, Event, IgnoreReason, VoteRefusal};
use crate::types::Role;

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $id:literal,)*) => {
        /// One rule line.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in the order a panel lists them: Figure 2's boxes top to bottom,
            /// then the additions.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable id (`group.name`): the group is the box of Figure 2 (or the
            /// addition) the rule belongs to.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }
        }
    };
}

rules! {
    // ----- Rules for Servers: all servers -----
    /// If commitIndex > lastApplied: apply log[lastApplied+1] to the state machine. Reached by
    /// the entries a node hands over as committed, not by an event.
    Apply = "all.apply",
    /// If a request or response carries term T > currentTerm: set currentTerm = T, convert to
    /// follower (section 5.1).
    NewerTerm = "all.newer-term",
    /// A request or response with a term older than currentTerm is refused or dropped
    /// (RequestVote and AppendEntries rule 1, section 5.1).
    StaleTerm = "all.stale-term",
    // ----- Followers -----
    /// If the election timeout elapses without AppendEntries from the current leader or a
    /// granted vote: convert to candidate (section 5.2).
    ElectionTimeout = "follower.timeout",
    // ----- Candidates -----
    /// On conversion to candidate: increment currentTerm, vote for self, reset the election
    /// timer, send RequestVote to all other servers.
    StartElection = "candidate.start",
    /// If votes are received from a majority of servers: become leader.
    WinElection = "candidate.win",
    /// If AppendEntries is received from the new leader: convert to follower.
    YieldToLeader = "candidate.yield",
    // ----- Leaders -----
    /// Upon election, and during idle periods: send empty AppendEntries (heartbeats) to each
    /// server. Reached by a leader's heartbeat timer, not by an event.
    Heartbeat = "leader.heartbeat",
    /// If a command is received from a client: append it to the local log and replicate it.
    AppendCommand = "leader.append",
    /// If AppendEntries fails because of log inconsistency: decrement nextIndex and retry.
    BackUp = "leader.back-up",
    /// If there is an N > commitIndex with a majority of matchIndex[i] >= N and
    /// log[N].term == currentTerm: set commitIndex = N (sections 5.3, 5.4.2).
    CommitByMajority = "leader.commit",
    // ----- RequestVote RPC, receiver -----
    /// Grant at most one vote per term: votedFor is null or candidateId (section 5.2).
    VoteOnce = "vote.once",
    /// Grant only to a candidate whose log is at least as up-to-date (section 5.4.1).
    VoteUpToDate = "vote.up-to-date",
    /// Both hold: grant the vote, and reset the election timer.
    GrantVote = "vote.grant",
    // ----- AppendEntries RPC, receiver -----
    /// Reply false if the log has no entry at prevLogIndex whose term is prevLogTerm
    /// (section 5.3).
    Consistency = "append.consistency",
    /// If an existing entry conflicts with a new one (same index, different terms), delete it
    /// and all that follow it (section 5.3).
    Conflict = "append.conflict",
    /// Append any new entries not already in the log.
    AppendNew = "append.new",
    /// If leaderCommit > commitIndex: set commitIndex = min(leaderCommit, index of the last
    /// new entry).
    FollowCommit = "append.commit",
    // ----- Clients and stale messages (paper section 8; implementation) -----
    /// A server that is not the leader refuses a command and names the leader it knows.
    Redirect = "client.redirect",
    /// An answer to a request no longer waited for, or a message from a non-member, is
    /// dropped.
    Unexpected = "rpc.unexpected",
    // ----- Pre-vote (thesis 9.6) -----
    /// Before a real election, ask for pre-votes for the next term without changing any term.
    PreVoteStart = "prevote.start",
    /// A pre-vote is granted on the log check alone; it promises nothing.
    PreVoteGrant = "prevote.grant",
    /// A pre-vote is refused while the voter knows a leader of its term.
    PreVoteHasLeader = "prevote.has-leader",
    // ----- CheckQuorum (thesis 6.2, 4.2.3) -----
    /// A leader that has not heard from a majority within an election timeout steps down.
    QuorumLost = "checkquorum.step-down",
    /// A server that heard from a live leader within the minimum election timeout refuses
    /// votes (the lease).
    Lease = "checkquorum.lease",
    // ----- Membership changes (thesis 4) -----
    /// A server uses the latest configuration in its log, committed or not.
    LatestConfig = "membership.latest",
    /// One change at a time: a new change waits until the previous one is committed.
    OneChangeAtATime = "membership.one-at-a-time",
    /// A leader not in the configuration it committed steps down.
    RemovedLeader = "membership.removed",
    // ----- Leadership transfer (thesis 3.10) -----
    /// Refuse a transfer to itself, to a non-voter, or while one is under way.
    TransferRefused = "transfer.refuse",
    /// Bring the target's log up to date, taking no proposals meanwhile.
    TransferCatchUp = "transfer.catch-up",
    /// Refuse proposals and changes while handing over.
    TransferHold = "transfer.hold",
    /// Once the target's log matches, send it TimeoutNow.
    TimeoutNow = "transfer.timeout-now",
    /// On TimeoutNow: start an election at once, without pre-vote, past any lease.
    TransferCampaign = "transfer.campaign",
    /// Give up if the transfer has not finished within an election timeout.
    TransferGiveUp = "transfer.give-up",
}

/// The rule of each of the events one node reported while handling one thing, in order.
pub fn rules<'a, I: IntoIterator<Item = &'a Event>>(
    events: I,
) -> impl Iterator<Item = Rule> + use<'a, I> {
    let mut previous = None;
    events.into_iter().map(move |e| {
        let rule = e.rule(previous);
        previous = Some(rule);
        rule
    })
}

impl Rule {
    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }
}

impl Event {
    /// The rule that made the node report this event. `previous` is the rule of the event
    /// the same node reported just before it while handling the same thing, if any: a change
    /// of role or of the known leader is the work of the rule that caused it (a newer term, a
    /// lost quorum, an election), which the node reports first. [`rules`] does the chaining.
    pub fn rule(&self, previous: Option<Rule>) -> Rule {
        let inherited = || {
            previous.filter(|r| {
                matches!(
                    r,
                    Rule::NewerTerm
                        | Rule::QuorumLost
                        | Rule::RemovedLeader
                        | Rule::StartElection
                        | Rule::WinElection
                        | Rule::PreVoteStart
                        | Rule::YieldToLeader
                        | Rule::TransferCampaign
                )
            })
        };
        match self {
            Event::ElectionTimeout { .. } | Event::ForcedElection { .. } => Rule::ElectionTimeout,
            Event::RoleChanged { to, .. } => match to {
                Role::Candidate => Rule::StartElection,
                Role::PreCandidate => Rule::PreVoteStart,
                Role::Leader => Rule::WinElection,
                Role::Follower => inherited().unwrap_or(Rule::YieldToLeader),
            },
            Event::TermChanged { cause: Some(_), .. } => Rule::NewerTerm,
            Event::TermChanged { cause: None, .. } => Rule::StartElection,
            Event::LeaderChanged { leader, .. } => inherited().unwrap_or(if leader.is_some() {
                Rule::YieldToLeader
            } else {
                Rule::NewerTerm
            }),
            Event::VoteGranted { pre_vote: true, .. } => Rule::PreVoteGrant,
            Event::VoteGranted { .. } => Rule::GrantVote,
            Event::VoteRefused { reason, .. } => match reason {
                VoteRefusal::StaleTerm { .. } => Rule::StaleTerm,
                VoteRefusal::AlreadyVoted { .. } => Rule::VoteOnce,
                VoteRefusal::HasLeader { .. } => Rule::PreVoteHasLeader,
                VoteRefusal::LogNotUpToDate { .. } => Rule::VoteUpToDate,
                VoteRefusal::LeaderActive { .. } => Rule::Lease,
            },
            Event::VoteCounted { .. } => Rule::WinElection,
            Event::EntriesAppended { .. } => Rule::AppendNew,
            Event::EntriesTruncated { .. } => Rule::Conflict,
            Event::AppendRejected { .. } => Rule::Consistency,
            Event::NextIndexBackedUp { .. } => Rule::BackUp,
            Event::Proposed { .. } => Rule::AppendCommand,
            Event::ProposalRefused { .. } => Rule::Redirect,
            Event::CommitAdvanced { by, .. } => match by {
                CommitBy::Majority { .. } => Rule::CommitByMajority,
                CommitBy::LeaderCommit { .. } => Rule::FollowCommit,
            },
            Event::QuorumLost { .. } => Rule::QuorumLost,
            Event::MessageIgnored { reason, .. } => match reason {
                IgnoreReason::StaleTerm => Rule::StaleTerm,
                IgnoreReason::NotExpected
                | IgnoreReason::StaleAppendResponse
                | IgnoreReason::NotAMember => Rule::Unexpected,
            },
            Event::ConfigurationChanged { .. } => Rule::LatestConfig,
            Event::ChangeRefused { .. } => Rule::OneChangeAtATime,
            Event::SteppedDown { .. } => Rule::RemovedLeader,
            Event::TransferStarted { .. } => Rule::TransferCatchUp,
            Event::TransferRefused { .. } => Rule::TransferRefused,
            Event::TimeoutNowSent { .. } => Rule::TimeoutNow,
            Event::TransferAborted { .. } => Rule::TransferGiveUp,
            Event::ProposalRefusedDuringTransfer { .. } => Rule::TransferHold,
            Event::TimeoutNowReceived { .. } => Rule::TransferCampaign,
        }
    }

    /// Whether the node broke the rule this event reports, because a `bug` is on: a vote
    /// granted to a less up-to-date log, an entry of an earlier term committed by counting.
    pub fn breaks_rule(&self) -> bool {
        match self {
            Event::VoteGranted { up_to_date, .. } => !up_to_date,
            Event::CommitAdvanced {
                by: CommitBy::Majority {
                    entry_term, term, ..
                },
                ..
            } => entry_term != term,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn ids_are_unique_and_read_back() {
        for (i, r) in Rule::ALL.iter().enumerate() {
            assert_eq!(Rule::from_id(r.id()), Some(*r));
            assert!(
                Rule::ALL[..i].iter().all(|o| o.id() != r.id()),
                "{}",
                r.id()
            );
        }
        assert_eq!(Rule::from_id("vote.nothing"), None);
    }

    #[test]
    fn a_change_of_role_is_the_rule_that_caused_it() {
        let follower = Event::RoleChanged {
            from: Role::Leader,
            to: Role::Follower,
            term: 3,
        };
        let lost = Event::QuorumLost { term: 3, active: 1 };
        let newer = Event::TermChanged {
            from: 2,
            to: 3,
            cause: Some(2),
        };
        let unknown = Event::LeaderChanged {
            leader: None,
            term: 3,
        };
        let of = |events: &[&Event]| rules(events.iter().copied()).collect::<Vec<_>>();
        assert_eq!(
            of(&[&lost, &follower, &unknown]),
            [Rule::QuorumLost, Rule::QuorumLost, Rule::QuorumLost]
        );
        assert_eq!(
            of(&[&newer, &follower, &unknown]),
            [Rule::NewerTerm, Rule::NewerTerm, Rule::NewerTerm]
        );
        assert_eq!(of(&[&follower]), [Rule::YieldToLeader]);
        assert_eq!(of(&[&unknown]), [Rule::NewerTerm]);
        // Not caused by the event before it: a follower that appended entries and then
        // learned its leader's commit index.
        let appended = Event::EntriesAppended {
            leader: 1,
            first: 2,
            last: 2,
        };
        assert_eq!(
            of(&[&appended, &unknown]),
            [Rule::AppendNew, Rule::NewerTerm]
        );
    }
}
