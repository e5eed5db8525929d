//! The RPCs of Figure 2, plus the pre-vote pair of thesis section 9.6 and the TimeoutNow of
//! leadership transfer (thesis 3.10).

use alloc::vec::Vec;

use crate::types::{Entry, LogIndex, NodeId, Term};

/// A message with its addressing and the sender's term, which every Raft RPC carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// The sender.
    pub from: NodeId,
    /// The receiver.
    pub to: NodeId,
    /// The sender's current term; for a pre-vote request, the term it would campaign in.
    pub term: Term,
    /// What is being said.
    pub message: Message,
}

/// The body of a Raft message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// "Would you vote for me in `term`?" sent before incrementing the term (thesis 9.6).
    PreVote {
        /// Index of the candidate's last log entry.
        last_log_index: LogIndex,
        /// Term of the candidate's last log entry.
        last_log_term: Term,
    },
    /// The answer to a [`Message::PreVote`].
    PreVoteResponse {
        /// Whether the pre-vote is granted.
        granted: bool,
    },
    /// RequestVote RPC (Figure 2, section 5.2).
    RequestVote {
        /// Index of the candidate's last log entry.
        last_log_index: LogIndex,
        /// Term of the candidate's last log entry.
        last_log_term: Term,
        /// The campaign was started by a leader's [`Message::TimeoutNow`], so the CheckQuorum
        /// lease does not stand in its way (thesis 3.10; etcd's `campaignTransfer`).
        transfer: bool,
    },
    /// The answer to a [`Message::RequestVote`].
    RequestVoteResponse {
        /// Whether the vote is granted.
        granted: bool,
    },
    /// AppendEntries RPC (Figure 2, section 5.3): replicates entries, and with none is a
    /// heartbeat.
    AppendEntries {
        /// Index of the entry just before the new ones.
        prev_log_index: LogIndex,
        /// Term of that entry.
        prev_log_term: Term,
        /// Entries to store, empty for a heartbeat.
        entries: Vec<Entry>,
        /// The leader's commit index.
        leader_commit: LogIndex,
    },
    /// The answer to a [`Message::AppendEntries`].
    AppendEntriesResponse(AppendOutcome),
    /// A leader handing over leadership tells the target, whose log it has brought up to
    /// date, to start an election at once (thesis 3.10).
    TimeoutNow,
}

impl Message {
    /// A short name for the message type, as traces and the UI spell it.
    pub const fn kind(&self) -> &'static str {
        match self {
            Message::PreVote { .. } => "PreVote",
            Message::PreVoteResponse { .. } => "PreVoteResponse",
            Message::RequestVote { .. } => "RequestVote",
            Message::RequestVoteResponse { .. } => "RequestVoteResponse",
            Message::AppendEntries { .. } => "AppendEntries",
            Message::AppendEntriesResponse(_) => "AppendEntriesResponse",
            Message::TimeoutNow => "TimeoutNow",
        }
    }

    /// Whether this message answers another one.
    pub const fn is_response(&self) -> bool {
        matches!(
            self,
            Message::PreVoteResponse { .. }
                | Message::RequestVoteResponse { .. }
                | Message::AppendEntriesResponse(_)
        )
    }
}

/// How a follower answered an AppendEntries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppendOutcome {
    /// The log matched at `prev_log_index`; the follower now holds the leader's entries up to
    /// `match_index`.
    Success {
        /// The last index known to match the leader's log.
        match_index: LogIndex,
    },
    /// The consistency check failed at `prev_log_index`.
    Conflict {
        /// The `prev_log_index` of the rejected request, so a leader can tell a stale answer.
        prev_log_index: LogIndex,
        /// Where the leader should look next.
        hint: ConflictHint,
    },
    /// The sender's term is behind the follower's; the response carries the newer term.
    StaleTerm,
}

/// A follower's hint after a failed consistency check, so the leader backs `nextIndex` up by a
/// whole term instead of one entry a round trip (end of section 5.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConflictHint {
    /// The term of the follower's entry at `prev_log_index`, or `None` if its log is shorter.
    pub term: Option<Term>,
    /// The first index the follower holds for `term`, or its last index + 1 if `term` is `None`.
    pub first_index: LogIndex,
}
