//! The vocabulary of the paper: ids, terms, indexes, roles and log entries.

use alloc::sync::Arc;
use core::fmt;

/// Identifies a server in the cluster. Ids are chosen by the caller; the simulator uses `1..=N`.
pub type NodeId = u32;

/// A Raft term (section 5.1): a logical clock that only moves forward. Nodes start in term 0.
pub type Term = u64;

/// A position in the replicated log. The first entry has index 1; index 0 means "before the log".
pub type LogIndex = u64;

/// A point in time, in whatever unit the caller drives the node with.
///
/// The core never reads a clock: every input carries `now`, and every duration in
/// [`Config`](crate::Config) is in the same unit. The simulator uses microseconds.
pub type Time = u64;

/// The role a node plays in its current term (Figure 2, "Rules for Servers").
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Passive: answers leaders and candidates, and times out into an election.
    Follower,
    /// Asking for pre-votes before disturbing anyone's term (thesis section 9.6).
    PreCandidate,
    /// Has started an election for a new term and voted for itself (section 5.2).
    Candidate,
    /// Won its term: handles client requests and replicates the log (section 5.3).
    Leader,
}

impl Role {
    /// The role's name in lower case, as the scenario language and traces spell it.
    pub const fn name(self) -> &'static str {
        match self {
            Role::Follower => "follower",
            Role::PreCandidate => "precandidate",
            Role::Candidate => "candidate",
            Role::Leader => "leader",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a log entry asks the state machine to do.
///
/// The command text is opaque to Raft; it is reference-counted so that copying a log (the
/// simulator checkpoints whole nodes) does not copy every command.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Payload {
    /// The entry a new leader appends at the start of its term (section 8); applies as nothing.
    Noop,
    /// A client command, for example `set x 5`.
    Command(Arc<str>),
}

impl Payload {
    /// A client command payload.
    pub fn command(text: &str) -> Self {
        Payload::Command(Arc::from(text))
    }

    /// The command text, or `"noop"` for a no-op entry.
    pub fn text(&self) -> &str {
        match self {
            Payload::Noop => "noop",
            Payload::Command(text) => text,
        }
    }
}

/// One entry of the replicated log: the term in which a leader created it, and its payload.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Entry {
    /// The leader's term when the entry was received from the client (section 5.3).
    pub term: Term,
    /// What to apply.
    pub payload: Payload,
}

impl Entry {
    /// A no-op entry of `term`.
    pub const fn noop(term: Term) -> Self {
        Entry {
            term,
            payload: Payload::Noop,
        }
    }
}
