//! The vocabulary of the paper: ids, terms, indexes, roles and log entries.

use alloc::sync::Arc;
use alloc::vec::Vec;
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
    /// A configuration: who votes and who only learns (thesis chapter 4). A server uses the
    /// latest one in its log, committed or not; it applies as nothing. [`Payload::text`] calls
    /// it `config`; [`Membership::describe`] writes it out.
    Config(Membership),
}

/// A cluster configuration, as a configuration entry carries it.
///
/// Every list is sorted and free of duplicates. During joint consensus (paper section 6)
/// `outgoing` holds C_old and `voters` C_new, and a decision needs a majority of each.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Membership {
    voters: Vec<NodeId>,
    outgoing: Vec<NodeId>,
    learners: Vec<NodeId>,
    /// Every server in it, each once: voters of both halves, then learners.
    members: Vec<NodeId>,
}

impl Membership {
    /// A configuration of these voters and learners (C_new), with `outgoing` (C_old) during
    /// joint consensus (empty otherwise). A server listed both as voter and learner is a
    /// voter.
    pub fn new(voters: &[NodeId], learners: &[NodeId], outgoing: &[NodeId]) -> Self {
        let voters = sorted(voters);
        let outgoing = sorted(outgoing);
        let learners: Vec<NodeId> = sorted(learners)
            .into_iter()
            .filter(|id| !voters.contains(id) && !outgoing.contains(id))
            .collect();
        let mut members = voters.clone();
        members.extend(outgoing.iter().filter(|id| !voters.contains(id)));
        members.extend(learners.iter());
        Membership {
            voters,
            outgoing,
            learners,
            members,
        }
    }

    /// The voters (of C_new, during joint consensus).
    pub fn voters(&self) -> &[NodeId] {
        &self.voters
    }

    /// The voters of C_old during joint consensus; empty otherwise.
    pub fn outgoing(&self) -> &[NodeId] {
        &self.outgoing
    }

    /// The servers that receive the log but neither vote nor count (thesis 4.2.1).
    pub fn learners(&self) -> &[NodeId] {
        &self.learners
    }

    /// Whether this is a joint configuration (C_old,new).
    pub fn is_joint(&self) -> bool {
        !self.outgoing.is_empty()
    }

    /// Whether `id` votes: in C_new or, during joint consensus, in C_old.
    pub fn is_voter(&self, id: NodeId) -> bool {
        self.voters.contains(&id) || self.outgoing.contains(&id)
    }

    /// Whether `id` is in the configuration at all (voter or learner).
    pub fn contains(&self, id: NodeId) -> bool {
        self.is_voter(id) || self.learners.contains(&id)
    }

    /// Every server in it, each once, in order: voters (of C_new, then of C_old), then
    /// learners.
    pub fn members(&self) -> &[NodeId] {
        &self.members
    }

    /// Whether the servers for which `yes` holds make a majority: of the voters, and during
    /// joint consensus of C_old too (paper section 6). Learners never count.
    pub fn has_quorum(&self, yes: impl Fn(NodeId) -> bool) -> bool {
        let majority = |set: &[NodeId]| set.iter().filter(|id| yes(**id)).count() > set.len() / 2;
        majority(&self.voters) && (self.outgoing.is_empty() || majority(&self.outgoing))
    }

    /// How the log and a dump show it: `config 1,2,3`, or `config 1,2,3 -> 3,4,5` during
    /// joint consensus, with ` learners=4,5` when there are learners.
    pub fn describe(&self) -> alloc::string::String {
        let mut text = alloc::string::String::from("config ");
        if !self.outgoing.is_empty() {
            push_ids(&mut text, &self.outgoing);
            text.push_str(" -> ");
        }
        push_ids(&mut text, &self.voters);
        if !self.learners.is_empty() {
            text.push_str(" learners=");
            push_ids(&mut text, &self.learners);
        }
        text
    }
}

fn sorted(ids: &[NodeId]) -> Vec<NodeId> {
    let mut v: Vec<NodeId> = Vec::with_capacity(ids.len());
    // Insertion into a sorted vector: a configuration has a handful of servers, and core's
    // sort would add kilobytes to every wasm build of the core.
    for &id in ids {
        if let Err(at) = v.binary_search(&id) {
            v.insert(at, id);
        }
    }
    v
}

fn push_ids(out: &mut alloc::string::String, ids: &[NodeId]) {
    use core::fmt::Write as _;
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{id}");
    }
}

impl Payload {
    /// A client command payload.
    pub fn command(text: &str) -> Self {
        Payload::Command(Arc::from(text))
    }

    /// The command text, `"noop"` for a no-op entry, `"config"` for a configuration (which
    /// [`Membership::describe`] writes out).
    pub fn text(&self) -> &str {
        match self {
            Payload::Noop => "noop",
            Payload::Command(text) => text,
            Payload::Config(_) => "config",
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
