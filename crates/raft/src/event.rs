//! Everything a node does that a person watching might want explained.
//!
//! The node pushes events as it goes; a UI turns each into a sentence, a test asserts on them.

use crate::message::ConflictHint;
use crate::types::{LogIndex, NodeId, Role, Term, Time};

/// One thing that happened inside a node, in the order it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The election timer ran out after `timeout` without word from a leader (section 5.2).
    ElectionTimeout {
        /// The term the node was in.
        term: Term,
        /// How long the timer had been set for.
        timeout: Time,
    },
    /// The node was told to start an election now, without waiting for its timer.
    ForcedElection {
        /// The term the node was in.
        term: Term,
    },
    /// The node's role changed.
    RoleChanged {
        /// The role before.
        from: Role,
        /// The role after.
        to: Role,
        /// The term the node is in afterwards.
        term: Term,
    },
    /// The node moved to a later term because a message showed one (section 5.1).
    TermChanged {
        /// The old term.
        from: Term,
        /// The new term.
        to: Term,
        /// The node whose message carried the newer term, if any.
        cause: Option<NodeId>,
    },
    /// The node learned which node leads its current term.
    LeaderChanged {
        /// The leader now known, or `None` when it no longer knows one.
        leader: Option<NodeId>,
        /// The term.
        term: Term,
    },
    /// The node granted its vote, or its pre-vote, with what it compared (Figure 2,
    /// RequestVote rule 2).
    VoteGranted {
        /// Who asked.
        candidate: NodeId,
        /// The term asked for.
        term: Term,
        /// A pre-vote rather than a real vote.
        pre_vote: bool,
        /// The candidate's last log term and index, as its request said.
        candidate_last: (Term, LogIndex),
        /// The voter's own last log term and index.
        last: (Term, LogIndex),
        /// Whom the voter had voted for in this term before (the candidate itself, or none).
        voted_for: Option<NodeId>,
        /// Whether the candidate's log was at least as up-to-date (section 5.4.1): false only
        /// with the `vote_ignores_log` bug on, which grants the vote anyway.
        up_to_date: bool,
    },
    /// The node refused a vote or pre-vote.
    VoteRefused {
        /// Who asked.
        candidate: NodeId,
        /// The term asked for.
        term: Term,
        /// A pre-vote rather than a real vote.
        pre_vote: bool,
        /// Why.
        reason: VoteRefusal,
    },
    /// A (pre-)candidate counted an answer to its request.
    VoteCounted {
        /// Who answered.
        from: NodeId,
        /// Whether it was a yes.
        granted: bool,
        /// A pre-vote rather than a real vote.
        pre_vote: bool,
        /// Yes answers so far, the node's own included.
        granted_total: usize,
        /// No answers so far.
        refused_total: usize,
        /// Yes answers needed to win.
        quorum: usize,
    },
    /// A follower stored entries from its leader.
    EntriesAppended {
        /// The leader that sent them.
        leader: NodeId,
        /// Index of the first new entry.
        first: LogIndex,
        /// Index of the last new entry.
        last: LogIndex,
    },
    /// A follower removed entries that conflicted with its leader's log (section 5.3).
    EntriesTruncated {
        /// The first index removed; everything from here on is gone.
        from: LogIndex,
        /// How many entries were removed.
        count: u64,
        /// Whether some of them had been committed (only possible with a `bug` on).
        committed: bool,
    },
    /// A follower's consistency check failed, so it rejected an AppendEntries (section 5.3).
    AppendRejected {
        /// The leader that sent it.
        leader: NodeId,
        /// The index the leader expected to match.
        prev_log_index: LogIndex,
        /// The term the leader expected there.
        prev_log_term: Term,
        /// What the follower told the leader.
        hint: ConflictHint,
    },
    /// A leader moved a follower's nextIndex back after a rejection.
    NextIndexBackedUp {
        /// The follower.
        follower: NodeId,
        /// The old nextIndex.
        from: LogIndex,
        /// The new nextIndex.
        to: LogIndex,
    },
    /// A leader appended an entry to its own log: a client command or its no-op.
    Proposed {
        /// Where it went.
        index: LogIndex,
        /// The leader's term.
        term: Term,
    },
    /// A node that is not the leader refused a client command.
    ProposalRefused {
        /// The leader it knows of, for the client to try next.
        leader: Option<NodeId>,
    },
    /// The commit index moved forward (sections 5.3, 5.4.2).
    CommitAdvanced {
        /// The old commit index.
        from: LogIndex,
        /// The new commit index.
        to: LogIndex,
        /// Which rule moved it, with what it compared.
        by: CommitBy,
    },
    /// A leader saw no majority within an election timeout and stepped down (thesis 6.2).
    QuorumLost {
        /// The term it led.
        term: Term,
        /// How many voters it heard from, itself included.
        active: usize,
    },
    /// A message was dropped without effect.
    MessageIgnored {
        /// The sender.
        from: NodeId,
        /// The term it carried.
        term: Term,
        /// Why.
        reason: IgnoreReason,
    },
    /// The configuration in force changed: the configuration entry at `index` (thesis 4.1:
    /// a server uses the latest in its log, committed or not).
    ConfigurationChanged {
        /// The entry's index.
        index: LogIndex,
    },
    /// The leader refused a configuration change.
    ChangeRefused {
        /// Why.
        reason: crate::node::ChangeRefusal,
    },
    /// A leader that is not in the configuration it committed stepped down (thesis 4.2.2).
    SteppedDown {
        /// Its term.
        term: Term,
    },
    /// A leader began handing leadership to `target` (thesis 3.10): it brings the target's
    /// log up to date, then sends it TimeoutNow, and takes no proposals meanwhile.
    TransferStarted {
        /// The server to lead next.
        target: NodeId,
    },
    /// A leader would not hand over leadership.
    TransferRefused {
        /// Why.
        reason: crate::node::TransferRefusal,
    },
    /// A leader sent TimeoutNow: `target`'s log matches its own.
    TimeoutNowSent {
        /// The server to lead next.
        target: NodeId,
    },
    /// A leader gave up a transfer that did not finish within an election timeout, and takes
    /// proposals again.
    TransferAborted {
        /// The server that did not take over.
        target: NodeId,
    },
    /// A leader refused a proposal or a configuration change because it is handing over
    /// leadership (thesis 3.10).
    ProposalRefusedDuringTransfer {
        /// The server taking over.
        target: NodeId,
    },
    /// The node got TimeoutNow from its leader and starts an election at once, without a
    /// pre-vote and past any lease.
    TimeoutNowReceived {
        /// The leader handing over.
        leader: NodeId,
    },
}

/// What moved a commit index forward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommitBy {
    /// A leader: a majority of the voters store the entry at the new index (Figure 2, Leaders
    /// rule 4).
    Majority {
        /// How many voters store it, the leader included (in joint consensus, of the new
        /// configuration's voters; the old ones hold a majority too, or it would not commit).
        stored: usize,
        /// How many are needed.
        quorum: usize,
        /// The entry's term.
        entry_term: Term,
        /// The leader's term: the entry commits by counting only if the two are equal
        /// (section 5.4.2), unless the `commit_old_terms` bug is on.
        term: Term,
    },
    /// A follower: the leader's commit index, as far as the message proved the logs match
    /// (Figure 2, AppendEntries rule 5).
    LeaderCommit {
        /// The leader's commit index, as the message said.
        leader_commit: LogIndex,
        /// The index of the last entry the message matched.
        last_new: LogIndex,
    },
}

/// Why a vote or pre-vote was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteRefusal {
    /// The request was for a term behind the voter's.
    StaleTerm {
        /// The voter's term.
        current: Term,
    },
    /// The voter already voted for someone else in this term.
    AlreadyVoted {
        /// Whom it voted for.
        voted_for: NodeId,
    },
    /// The voter knows a leader for this term already (pre-vote, as in etcd).
    HasLeader {
        /// The leader.
        leader: NodeId,
    },
    /// The candidate's log is less up-to-date than the voter's (section 5.4.1).
    LogNotUpToDate {
        /// The candidate's last log term.
        candidate_last_term: Term,
        /// The candidate's last log index.
        candidate_last_index: LogIndex,
        /// The voter's last log term.
        last_term: Term,
        /// The voter's last log index.
        last_index: LogIndex,
    },
    /// The voter heard from a live leader within the minimum election timeout (thesis 4.2.3,
    /// with CheckQuorum on).
    LeaderActive {
        /// The leader it heard from.
        leader: NodeId,
    },
}

/// Why a message was dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IgnoreReason {
    /// It answers a request from an earlier term.
    StaleTerm,
    /// It answers something the node no longer waits for (for example a vote after winning).
    NotExpected,
    /// It answers an AppendEntries older than the one the leader now waits on.
    StaleAppendResponse,
    /// The sender is not a member of the cluster, or the message is addressed to another node.
    NotAMember,
}
