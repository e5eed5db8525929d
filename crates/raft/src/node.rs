//! One Raft server as a pure state machine.

use crate::vec_map::VecMap;
use alloc::vec::Vec;

use crate::config::{Config, ConfigError};
use crate::event::{CommitBy, Event, IgnoreReason, VoteRefusal};
use crate::log::Log;
use crate::message::{AppendOutcome, ConflictHint, Envelope, Message};
use crate::rng::SplitMix64;
use crate::types::{Entry, LogIndex, Membership, NodeId, Payload, Role, Term, Time};

/// The state that must survive a crash (Figure 2, "Persistent state on all servers").
///
/// A node keeps it apart from everything else, so a crash is simulated exactly by keeping this
/// and dropping the [`Node`], then calling [`Node::restart`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersistentState {
    /// The latest term the server has seen.
    pub current_term: Term,
    /// The candidate that received this server's vote in the current term.
    pub voted_for: Option<NodeId>,
    /// The log.
    pub log: Log,
}

/// What a leader knows of one follower (Figure 2, "Volatile state on leaders").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The index of the next entry to send.
    pub next_index: LogIndex,
    /// The highest index known to be replicated on the follower.
    pub match_index: LogIndex,
    /// When the AppendEntries with entries that is still unanswered was sent. While one is,
    /// no other goes out (at most one in flight per follower, as etcd's probe state):
    /// proposals wait for its answer, and heartbeats carry no entries. One left unanswered for
    /// a heartbeat interval is presumed lost, and the next heartbeat carries the entries again.
    pub entries_sent_at: Option<Time>,
    /// The follower answered since the last CheckQuorum round.
    pub recently_active: bool,
}

/// Everything a node produced since the last [`Node::take_ready`]: the caller's to-do list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ready {
    /// Messages to send, in order. Send them only after saving [`Node::persistent`] when
    /// `persist` is set.
    pub messages: Vec<Envelope>,
    /// Committed entries to apply to the state machine, in index order.
    pub committed: Vec<(LogIndex, Entry)>,
    /// What happened, in order, for narration and tests.
    pub events: Vec<Event>,
    /// The persistent state changed and must be saved before the messages go out.
    pub persist: bool,
}

impl Ready {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty() && self.committed.is_empty() && self.events.is_empty()
    }
}

/// Why a client proposal was not appended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposeError {
    /// Only the leader accepts proposals; this is the leader the node knows of, if any.
    NotLeader {
        /// Where the client should try next.
        leader: Option<NodeId>,
    },
    /// A configuration change the leader will not start.
    Change(ChangeRefusal),
    /// The leader is handing leadership to `target` and takes nothing new meanwhile (thesis
    /// 3.10).
    Transferring {
        /// The server taking over.
        target: NodeId,
    },
}

/// Why a leader would not hand over leadership.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransferRefusal {
    /// Only a leader hands over; this is the leader the node knows of, if any.
    NotLeader {
        /// The leader it knows of.
        leader: Option<NodeId>,
    },
    /// The target is this leader itself.
    AlreadyLeader,
    /// The target is not a voter of the configuration in force, so it could not win.
    NotVoter(NodeId),
    /// A transfer to `target` is under way already.
    InProgress {
        /// Its target.
        target: NodeId,
    },
}

impl core::fmt::Display for TransferRefusal {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            TransferRefusal::NotLeader { .. } => f.write_str("not the leader"),
            TransferRefusal::AlreadyLeader => f.write_str("it leads already"),
            TransferRefusal::NotVoter(id) => write!(f, "node {id} is not a voter"),
            TransferRefusal::InProgress { target } => {
                write!(f, "a transfer to node {target} is under way")
            }
        }
    }
}

/// A leadership transfer under way (thesis 3.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Transfer {
    target: NodeId,
    /// When the leader gives up: one minimum election timeout after it began.
    deadline: Time,
    /// TimeoutNow went out (once: if it is lost, the deadline ends the transfer).
    sent: bool,
}

/// A change of the cluster's configuration (thesis chapter 4, paper section 6).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// Add a server as a voter (one server at a time, thesis 4.1).
    AddVoter(NodeId),
    /// Add a server as a learner: it receives the log but never votes or counts (4.2.1).
    AddLearner(NodeId),
    /// Make a learner a voter.
    Promote(NodeId),
    /// Remove a server, voter or learner.
    Remove(NodeId),
    /// Joint consensus to these voters: C_old,new, then C_new once it commits (section 6).
    Joint(Vec<NodeId>),
}

/// Why a leader refused a configuration change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeRefusal {
    /// A configuration entry goes through [`Node::propose_change`], not [`Node::propose`].
    UseChange,
    /// The change at `index` is not committed yet: one change at a time (thesis 4.1).
    InProgress {
        /// The uncommitted configuration entry.
        index: LogIndex,
    },
    /// The server is already in the configuration (as a voter, or a learner to add again).
    AlreadyMember(NodeId),
    /// The server is not in the configuration.
    NotMember(NodeId),
    /// The server is not a learner, so it cannot be promoted.
    NotLearner(NodeId),
    /// The change would leave no voter.
    NoVoters,
    /// The joint change names the voters already in force.
    SameVoters,
}

impl core::fmt::Display for ProposeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ProposeError::NotLeader { leader: Some(id) } => {
                write!(f, "not the leader; node {id} is")
            }
            ProposeError::NotLeader { leader: None } => {
                f.write_str("not the leader, and no leader is known")
            }
            ProposeError::Change(why) => match why {
                ChangeRefusal::UseChange => {
                    f.write_str("a configuration is changed with a change, not proposed")
                }
                ChangeRefusal::InProgress { index } => {
                    write!(
                        f,
                        "the configuration change at index {index} is not committed yet"
                    )
                }
                ChangeRefusal::AlreadyMember(id) => write!(f, "node {id} is already a member"),
                ChangeRefusal::NotMember(id) => write!(f, "node {id} is not a member"),
                ChangeRefusal::NotLearner(id) => write!(f, "node {id} is not a learner"),
                ChangeRefusal::NoVoters => f.write_str("the cluster would have no voter"),
                ChangeRefusal::SameVoters => f.write_str("those are the voters already"),
            },
            ProposeError::Transferring { target } => {
                write!(f, "handing leadership to node {target}")
            }
        }
    }
}

impl core::error::Error for ProposeError {}

/// One Raft server. See the crate documentation for how to drive it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    id: NodeId,
    config: Config,
    persistent: PersistentState,
    role: Role,
    leader: Option<NodeId>,
    commit_index: LogIndex,
    last_applied: LogIndex,
    /// Answers to the current (pre-)campaign: voter -> granted.
    votes: VecMap<NodeId, bool>,
    /// Per-follower replication state, while leader.
    progress: VecMap<NodeId, Progress>,
    election_deadline: Option<Time>,
    election_timeout: Time,
    heartbeat_deadline: Option<Time>,
    quorum_check_deadline: Option<Time>,
    /// When this node last heard from the leader of its term (CheckQuorum's lease).
    last_leader_contact: Option<Time>,
    rng: SplitMix64,
    ready: Ready,
    /// The configuration in force: the latest configuration entry of the log, committed or
    /// not (thesis 4.1), or the initial one of [`Config::voters`] when the log has none.
    membership: Membership,
    /// The index of that entry (0: the initial configuration).
    membership_index: LogIndex,
    /// The leadership transfer under way, while leader.
    transfer: Option<Transfer>,
}

impl Node {
    /// A new node with an empty log in term 0, as a follower whose election timer starts at
    /// `now`. `seed` drives the election timeout jitter; give each node its own.
    pub fn new(id: NodeId, config: Config, now: Time, seed: u64) -> Result<Self, ConfigError> {
        Self::restart(id, config, PersistentState::default(), now, seed)
    }

    /// A node brought back from `persistent` after a crash: a follower that knows no leader and
    /// has committed nothing until a leader tells it (Figure 2).
    pub fn restart(
        id: NodeId,
        config: Config,
        mut persistent: PersistentState,
        now: Time,
        seed: u64,
    ) -> Result<Self, ConfigError> {
        config.validate()?;
        // A node outside the initial configuration is a spare: it waits, without campaigning,
        // until a configuration entry naming it reaches it.
        if config.bugs.forget_vote {
            persistent.current_term = 0;
            persistent.voted_for = None;
        }
        let mut node = Node {
            id,
            config,
            persistent,
            role: Role::Follower,
            leader: None,
            commit_index: 0,
            last_applied: 0,
            votes: VecMap::new(),
            progress: VecMap::new(),
            election_deadline: None,
            election_timeout: 0,
            heartbeat_deadline: None,
            quorum_check_deadline: None,
            last_leader_contact: None,
            rng: SplitMix64::new(seed),
            ready: Ready::default(),
            membership: Membership::new(&[], &[], &[]),
            membership_index: 0,
            transfer: None,
        };
        node.refresh_membership();
        node.reset_election_timer(now);
        Ok(node)
    }

    // ----- Reading the state -------------------------------------------------------------

    /// This node's id.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The configuration the node runs with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Replaces the configuration of a running node (timings, PreVote, CheckQuorum, bugs).
    /// The voters must stay the same: membership changes are a protocol of their own.
    pub fn set_config(&mut self, config: Config) -> Result<(), ConfigError> {
        config.validate()?;
        if config.voters != self.config.voters {
            return Err(ConfigError::VotersChanged);
        }
        self.config = config;
        Ok(())
    }

    /// The node's role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The node's current term.
    pub fn term(&self) -> Term {
        self.persistent.current_term
    }

    /// Whom the node voted for in its current term.
    pub fn voted_for(&self) -> Option<NodeId> {
        self.persistent.voted_for
    }

    /// The leader of the current term as far as this node knows.
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }

    /// The node's log.
    pub fn log(&self) -> &Log {
        &self.persistent.log
    }

    /// The state to keep across a crash.
    pub fn persistent(&self) -> &PersistentState {
        &self.persistent
    }

    /// The highest index known to be committed.
    pub fn commit_index(&self) -> LogIndex {
        self.commit_index
    }

    /// The highest index handed out for applying.
    pub fn last_applied(&self) -> LogIndex {
        self.last_applied
    }

    /// The answers to the current campaign (voter -> granted), while a (pre-)candidate.
    pub fn votes(&self) -> &VecMap<NodeId, bool> {
        &self.votes
    }

    /// What the leader knows of `follower`, while leader.
    pub fn progress(&self, follower: NodeId) -> Option<&Progress> {
        self.progress.get(&follower)
    }

    /// When the election timer fires, unless something resets it first (not while leader).
    pub fn election_deadline(&self) -> Option<Time> {
        self.election_deadline
    }

    /// The length the election timer was last set to.
    pub fn election_timeout(&self) -> Time {
        self.election_timeout
    }

    /// When a leader next sends heartbeats.
    pub fn heartbeat_deadline(&self) -> Option<Time> {
        self.heartbeat_deadline
    }

    /// The server a leader is handing leadership to, while the transfer runs.
    pub fn transfer_target(&self) -> Option<NodeId> {
        self.transfer.map(|t| t.target)
    }

    /// The earliest time at which [`Node::handle_timeout`] has something to do.
    pub fn next_deadline(&self) -> Option<Time> {
        [
            self.election_deadline,
            self.heartbeat_deadline,
            self.quorum_check_deadline,
            self.transfer.map(|t| t.deadline),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Whether [`Node::take_ready`] would return anything.
    pub fn has_ready(&self) -> bool {
        !self.ready.is_empty() || self.ready.persist
    }

    /// Takes the messages, committed entries and events produced so far.
    pub fn take_ready(&mut self) -> Ready {
        core::mem::take(&mut self.ready)
    }

    // ----- Inputs ------------------------------------------------------------------------

    /// Fires every timer that is due at `now`: the election timer (followers and candidates),
    /// the heartbeat timer and the CheckQuorum round (leaders).
    pub fn handle_timeout(&mut self, now: Time) {
        if self.election_deadline.is_some_and(|d| d <= now) && !self.may_campaign() {
            // A spare, a learner or a server that knows it was removed never campaigns.
            self.reset_election_timer(now);
        }
        if self.election_deadline.is_some_and(|d| d <= now) {
            let term = self.term();
            self.emit(Event::ElectionTimeout {
                term,
                timeout: self.election_timeout,
            });
            self.campaign(now);
        }
        if self.role == Role::Leader {
            if let Some(t) = self.transfer.filter(|t| t.deadline <= now) {
                self.transfer = None;
                self.emit(Event::TransferAborted { target: t.target });
            }
            if self.quorum_check_deadline.is_some_and(|d| d <= now) {
                self.check_quorum(now);
            }
            if self.role == Role::Leader && self.heartbeat_deadline.is_some_and(|d| d <= now) {
                self.broadcast_heartbeat(now);
            }
        }
        self.flush_committed();
    }

    /// Starts an election now, as if the election timer had fired. A leader ignores this.
    pub fn start_election(&mut self, now: Time) {
        if self.role == Role::Leader || !self.may_campaign() {
            return;
        }
        let term = self.term();
        self.emit(Event::ForcedElection { term });
        self.campaign(now);
        self.flush_committed();
    }

    /// A leader sends AppendEntries to every follower now, with the entries each one lacks;
    /// anyone else ignores this. Unlike the heartbeat timer, this presumes every unanswered
    /// request lost and sends its entries again: it is how a script or a learner pushes the
    /// log out while the timers are held and time stands still.
    pub fn heartbeat(&mut self, now: Time) {
        if self.role == Role::Leader {
            for p in self.progress.values_mut() {
                p.entries_sent_at = None;
            }
            self.broadcast_heartbeat(now);
        }
    }

    /// Restarts every timer from `now`, as if the node had just begun to wait: a follower or
    /// candidate draws a fresh election timeout; a leader's next heartbeat is one interval
    /// away and its CheckQuorum round starts afresh. A driver that held the timers (the
    /// simulator's `timers off`) calls this when it lets them run again, so that time spent
    /// holding them does not make every timer overdue at once.
    pub fn restart_timers(&mut self, now: Time) {
        if self.role == Role::Leader {
            self.heartbeat_deadline = Some(now + self.config.heartbeat_interval);
            if self.config.check_quorum {
                for p in self.progress.values_mut() {
                    p.recently_active = false;
                }
                self.quorum_check_deadline = Some(now + self.config.election_timeout_min);
            }
        } else {
            self.reset_election_timer(now);
        }
    }

    /// A client asks for `payload` to be replicated. A leader appends it and returns its index;
    /// anyone else refuses and names the leader it knows.
    pub fn propose(&mut self, now: Time, payload: Payload) -> Result<LogIndex, ProposeError> {
        if self.role != Role::Leader {
            let leader = self.leader;
            self.emit(Event::ProposalRefused { leader });
            return Err(ProposeError::NotLeader { leader });
        }
        if matches!(payload, Payload::Config(_)) {
            return Err(ProposeError::Change(ChangeRefusal::UseChange));
        }
        self.refuse_while_transferring()?;
        let index = self.append_own(payload);
        self.replicate(now);
        self.maybe_commit(now);
        self.flush_committed();
        Ok(index)
    }

    /// The leader changes the configuration: it appends the configuration entry that makes
    /// the change and returns its index. One change at a time: while a configuration entry is
    /// not committed, another is refused (unless [`crate::Bugs::overlapping_changes`]). A joint change
    /// appends C_old,new; the leader appends C_new itself once that commits.
    pub fn propose_change(&mut self, now: Time, change: Change) -> Result<LogIndex, ProposeError> {
        if self.role != Role::Leader {
            let leader = self.leader;
            self.emit(Event::ProposalRefused { leader });
            return Err(ProposeError::NotLeader { leader });
        }
        self.refuse_while_transferring()?;
        let next = self.changed(&change);
        let next = match next {
            Ok(next) => next,
            Err(why) => {
                self.emit(Event::ChangeRefused { reason: why });
                return Err(ProposeError::Change(why));
            }
        };
        let index = self.append_own(Payload::Config(next));
        self.replicate(now);
        self.maybe_commit(now);
        self.flush_committed();
        Ok(index)
    }

    /// A leader handing over leadership takes nothing new (thesis 3.10): the entries would
    /// only delay the target's catching up.
    fn refuse_while_transferring(&mut self) -> Result<(), ProposeError> {
        match self.transfer {
            Some(Transfer { target, .. }) => {
                self.emit(Event::ProposalRefusedDuringTransfer { target });
                Err(ProposeError::Transferring { target })
            }
            None => Ok(()),
        }
    }

    /// The leader hands leadership to `target` (thesis 3.10): it brings the target's log up to
    /// date, sends it TimeoutNow, and refuses proposals meanwhile; if the target has not taken
    /// over within a minimum election timeout, the leader gives up and goes on leading.
    pub fn transfer_leadership(
        &mut self,
        now: Time,
        target: NodeId,
    ) -> Result<(), TransferRefusal> {
        let refusal = if self.role != Role::Leader {
            Some(TransferRefusal::NotLeader {
                leader: self.leader,
            })
        } else if target == self.id {
            Some(TransferRefusal::AlreadyLeader)
        } else if !self.membership.is_voter(target) {
            Some(TransferRefusal::NotVoter(target))
        } else {
            self.transfer
                .map(|t| TransferRefusal::InProgress { target: t.target })
        };
        if let Some(reason) = refusal {
            self.emit(Event::TransferRefused { reason });
            return Err(reason);
        }
        self.transfer = Some(Transfer {
            target,
            deadline: now + self.config.election_timeout_min,
            sent: false,
        });
        self.emit(Event::TransferStarted { target });
        if let Some(p) = self.progress.get_mut(&target) {
            // Whatever is in flight may be lost: the transfer's clock is running.
            p.entries_sent_at = None;
        }
        self.send_append(now, target, false);
        self.maybe_send_timeout_now(target);
        Ok(())
    }

    /// Sends TimeoutNow once the transfer's target holds the whole log.
    fn maybe_send_timeout_now(&mut self, from: NodeId) {
        let last = self.log().last_index();
        let caught_up = self
            .progress
            .get(&from)
            .is_some_and(|p| p.match_index >= last);
        match &mut self.transfer {
            Some(t) if t.target == from && !t.sent && caught_up => t.sent = true,
            _ => return,
        }
        self.emit(Event::TimeoutNowSent { target: from });
        self.send(from, Message::TimeoutNow);
    }

    /// The target of a transfer campaigns at once: no pre-vote, and its requests carry the
    /// flag that lets them past the CheckQuorum lease.
    fn handle_timeout_now(&mut self, now: Time, from: NodeId) {
        if self.role == Role::Leader || !self.membership.is_voter(self.id) {
            let term = self.term();
            self.emit(Event::MessageIgnored {
                from,
                term,
                reason: IgnoreReason::NotExpected,
            });
            return;
        }
        self.emit(Event::TimeoutNowReceived { leader: from });
        self.become_candidate(now, true);
    }

    /// The configuration `change` makes of the one in force, or why it is refused.
    fn changed(&self, change: &Change) -> Result<Membership, ChangeRefusal> {
        let m = &self.membership;
        if self.membership_index > self.commit_index && !self.config.bugs.overlapping_changes {
            return Err(ChangeRefusal::InProgress {
                index: self.membership_index,
            });
        }
        if m.is_joint() && !self.config.bugs.overlapping_changes {
            // C_new follows by itself; nothing else may start before it.
            return Err(ChangeRefusal::InProgress {
                index: self.membership_index,
            });
        }
        let without = |set: &[NodeId], id: NodeId| -> Vec<NodeId> {
            set.iter().copied().filter(|x| *x != id).collect()
        };
        let with = |set: &[NodeId], id: NodeId| -> Vec<NodeId> {
            let mut v: Vec<NodeId> = set.to_vec();
            v.push(id);
            v
        };
        let next = match *change {
            Change::AddVoter(id) if m.is_voter(id) => return Err(ChangeRefusal::AlreadyMember(id)),
            Change::AddVoter(id) => {
                Membership::new(&with(m.voters(), id), &without(m.learners(), id), &[])
            }
            Change::AddLearner(id) if m.contains(id) => {
                return Err(ChangeRefusal::AlreadyMember(id))
            }
            Change::AddLearner(id) => Membership::new(m.voters(), &with(m.learners(), id), &[]),
            Change::Promote(id) if !m.learners().contains(&id) => {
                return Err(ChangeRefusal::NotLearner(id))
            }
            Change::Promote(id) => {
                Membership::new(&with(m.voters(), id), &without(m.learners(), id), &[])
            }
            Change::Remove(id) if !m.contains(id) => return Err(ChangeRefusal::NotMember(id)),
            Change::Remove(id) => {
                Membership::new(&without(m.voters(), id), &without(m.learners(), id), &[])
            }
            Change::Joint(ref voters) => {
                let target = Membership::new(voters, m.learners(), &[]);
                if target.voters() == m.voters() {
                    return Err(ChangeRefusal::SameVoters);
                }
                Membership::new(target.voters(), m.learners(), m.voters())
            }
        };
        if next.voters().is_empty() {
            return Err(ChangeRefusal::NoVoters);
        }
        Ok(next)
    }

    /// Handles a message from another node.
    pub fn step(&mut self, now: Time, envelope: Envelope) {
        let Envelope {
            from,
            to,
            term,
            message,
        } = envelope;
        // A server handles messages without consulting its configuration (thesis 4.1): a
        // server being added hears from the leader before its configuration names it.
        if to != self.id || from == self.id {
            self.emit(Event::MessageIgnored {
                from,
                term,
                reason: IgnoreReason::NotAMember,
            });
            return;
        }
        if !self.step_term(now, from, term, &message) {
            self.flush_committed();
            return;
        }
        match message {
            Message::PreVote {
                last_log_index,
                last_log_term,
            } => self.handle_vote_request(now, from, term, last_log_index, last_log_term, true),
            Message::RequestVote {
                last_log_index,
                last_log_term,
                ..
            } => self.handle_vote_request(now, from, term, last_log_index, last_log_term, false),
            Message::PreVoteResponse { granted } => {
                self.handle_vote_response(now, from, term, granted, true)
            }
            Message::RequestVoteResponse { granted } => {
                self.handle_vote_response(now, from, term, granted, false)
            }
            Message::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => self.handle_append(
                now,
                from,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            ),
            Message::AppendEntriesResponse(outcome) => {
                self.handle_append_response(now, from, term, outcome)
            }
            Message::TimeoutNow => self.handle_timeout_now(now, from),
        }
        self.flush_committed();
    }

    // ----- Terms (section 5.1) -----------------------------------------------------------

    /// The rules every message goes through before its own: a newer term makes this node a
    /// follower of it; an older one gets the sender told. Returns whether to go on handling it.
    fn step_term(&mut self, now: Time, from: NodeId, term: Term, message: &Message) -> bool {
        let current = self.term();
        if term > current {
            match message {
                // Pre-votes are asked for a term nobody is in yet; granting one changes nothing.
                Message::PreVote { .. } | Message::PreVoteResponse { granted: true } => {}
                Message::RequestVote {
                    transfer: false, ..
                } if self.in_leader_lease(now) => {
                    let leader = self.leader.unwrap_or(self.id);
                    self.refuse_vote(from, term, false, VoteRefusal::LeaderActive { leader });
                    return false;
                }
                Message::AppendEntries { .. } => self.become_follower(now, term, Some(from), from),
                _ => self.become_follower(now, term, None, from),
            }
            if let Message::PreVote { .. } = message {
                if self.in_leader_lease(now) {
                    let leader = self.leader.unwrap_or(self.id);
                    self.refuse_vote(from, term, true, VoteRefusal::LeaderActive { leader });
                    return false;
                }
            }
            return true;
        }
        if term < current {
            match message {
                Message::PreVote { .. } | Message::RequestVote { .. } => {
                    let pre_vote = matches!(message, Message::PreVote { .. });
                    self.refuse_vote(from, term, pre_vote, VoteRefusal::StaleTerm { current });
                }
                Message::AppendEntries { .. } => {
                    // Answering tells a deposed leader that a newer term exists (section 5.1).
                    self.emit(Event::MessageIgnored {
                        from,
                        term,
                        reason: IgnoreReason::StaleTerm,
                    });
                    self.send(
                        from,
                        Message::AppendEntriesResponse(AppendOutcome::StaleTerm),
                    );
                }
                _ => self.emit(Event::MessageIgnored {
                    from,
                    term,
                    reason: IgnoreReason::StaleTerm,
                }),
            }
            return false;
        }
        true
    }

    /// With CheckQuorum, a node that heard from a live leader within the minimum election
    /// timeout refuses to help depose it (thesis 4.2.3), so a server that was cut off cannot
    /// disrupt the cluster when it comes back.
    fn in_leader_lease(&self, now: Time) -> bool {
        if !self.config.check_quorum {
            return false;
        }
        if self.role == Role::Leader {
            return true;
        }
        match (self.leader, self.last_leader_contact) {
            (Some(_), Some(at)) => now < at.saturating_add(self.config.election_timeout_min),
            _ => false,
        }
    }

    // ----- Elections (section 5.2) -------------------------------------------------------

    fn campaign(&mut self, now: Time) {
        if self.term() == Term::MAX {
            // There is no later term to campaign in. Only reachable if a peer sent the absurd
            // term u64::MAX; wait for a leader instead of overflowing (a panic, or a wrap to
            // term 0 that would break "terms only move forward"). (Found by
            // tests/robustness.rs, maximal_term_does_not_overflow.)
            self.reset_election_timer(now);
            return;
        }
        if self.config.pre_vote {
            self.become_pre_candidate(now);
        } else {
            self.become_candidate(now, false);
        }
    }

    fn become_pre_candidate(&mut self, now: Time) {
        self.set_role(Role::PreCandidate);
        self.set_leader(None);
        self.votes.clear();
        self.votes.insert(self.id, true);
        self.reset_election_timer(now);
        if self.won() {
            self.become_candidate(now, false);
            return;
        }
        let msg = Message::PreVote {
            last_log_index: self.log().last_index(),
            last_log_term: self.log().last_term(),
        };
        let term = self.term() + 1;
        for peer in self.voting_peers() {
            self.send_with_term(peer, term, msg.clone());
        }
    }

    /// `transfer`: the campaign was started by TimeoutNow.
    fn become_candidate(&mut self, now: Time, transfer: bool) {
        let old = self.term();
        self.persistent.current_term = old + 1;
        self.persistent.voted_for = Some(self.id);
        self.ready.persist = true;
        self.emit(Event::TermChanged {
            from: old,
            to: old + 1,
            cause: None,
        });
        self.set_role(Role::Candidate);
        self.set_leader(None);
        self.votes.clear();
        self.votes.insert(self.id, true);
        self.reset_election_timer(now);
        if self.won() {
            self.become_leader(now);
            return;
        }
        let msg = Message::RequestVote {
            last_log_index: self.log().last_index(),
            last_log_term: self.log().last_term(),
            transfer,
        };
        for peer in self.voting_peers() {
            self.send(peer, msg.clone());
        }
    }

    fn become_leader(&mut self, now: Time) {
        self.set_role(Role::Leader);
        self.set_leader(Some(self.id));
        self.votes.clear();
        self.election_deadline = None;
        let next_index = self.log().last_index() + 1;
        // Inserted one by one: collecting into a BTreeMap sorts first, and that sort would add
        // kilobytes to every wasm build of the core.
        let fresh = Progress {
            next_index,
            match_index: 0,
            entries_sent_at: None,
            recently_active: false,
        };
        self.progress.clear();
        for peer in self.peers() {
            self.progress.insert(peer, fresh);
        }
        self.quorum_check_deadline = self
            .config
            .check_quorum
            .then(|| now + self.config.election_timeout_min);
        if self.config.leader_noop {
            self.append_own(Payload::Noop);
        }
        self.broadcast_heartbeat(now);
        self.maybe_commit(now);
    }

    /// `cause` is the node whose message carried `term`, for the narration.
    fn become_follower(&mut self, now: Time, term: Term, leader: Option<NodeId>, cause: NodeId) {
        let old = self.term();
        if term != old {
            self.persistent.current_term = term;
            self.persistent.voted_for = None;
            self.ready.persist = true;
            self.emit(Event::TermChanged {
                from: old,
                to: term,
                cause: Some(cause),
            });
        }
        self.set_role(Role::Follower);
        self.set_leader(leader);
        if leader.is_some() {
            self.last_leader_contact = Some(now);
        }
        self.votes.clear();
        self.progress.clear();
        self.heartbeat_deadline = None;
        self.quorum_check_deadline = None;
        self.reset_election_timer(now);
    }

    fn handle_vote_request(
        &mut self,
        now: Time,
        candidate: NodeId,
        term: Term,
        last_log_index: LogIndex,
        last_log_term: Term,
        pre_vote: bool,
    ) {
        let voted_for = self.voted_for();
        // A pre-vote for a later term promises nothing, so an earlier vote does not stand in
        // its way; a real vote is given once a term (Figure 2, RequestVote rule 2).
        let refusal = if pre_vote && term > self.term() {
            None
        } else {
            match (voted_for, self.leader) {
                (Some(v), _) if v != candidate => Some(VoteRefusal::AlreadyVoted { voted_for: v }),
                (None, Some(leader)) if pre_vote => Some(VoteRefusal::HasLeader { leader }),
                _ => None,
            }
        };
        let up_to_date = self.log().is_up_to_date(last_log_index, last_log_term);
        let refusal = refusal.or_else(|| {
            let log = self.log();
            (!up_to_date && !self.config.bugs.vote_ignores_log).then(|| {
                VoteRefusal::LogNotUpToDate {
                    candidate_last_term: last_log_term,
                    candidate_last_index: last_log_index,
                    last_term: log.last_term(),
                    last_index: log.last_index(),
                }
            })
        });
        if let Some(reason) = refusal {
            self.refuse_vote(candidate, term, pre_vote, reason);
            return;
        }
        let log = self.log();
        self.emit(Event::VoteGranted {
            candidate,
            term,
            pre_vote,
            candidate_last: (last_log_term, last_log_index),
            last: (log.last_term(), log.last_index()),
            voted_for,
            up_to_date,
        });
        if pre_vote {
            self.send_with_term(candidate, term, Message::PreVoteResponse { granted: true });
        } else {
            self.persistent.voted_for = Some(candidate);
            self.ready.persist = true;
            // Granting a vote resets the timer (Figure 2, Followers rule 2), so this node does
            // not immediately compete with the candidate it just backed.
            self.reset_election_timer(now);
            self.send(candidate, Message::RequestVoteResponse { granted: true });
        }
    }

    fn refuse_vote(&mut self, candidate: NodeId, term: Term, pre_vote: bool, reason: VoteRefusal) {
        self.emit(Event::VoteRefused {
            candidate,
            term,
            pre_vote,
            reason,
        });
        let msg = if pre_vote {
            Message::PreVoteResponse { granted: false }
        } else {
            Message::RequestVoteResponse { granted: false }
        };
        self.send(candidate, msg);
    }

    fn handle_vote_response(
        &mut self,
        now: Time,
        from: NodeId,
        term: Term,
        granted: bool,
        pre_vote: bool,
    ) {
        let expected = match (pre_vote, self.role) {
            // A granted pre-vote carries the term being campaigned for; a refusal, the voter's.
            (true, Role::PreCandidate) => !granted || term == self.term() + 1,
            (false, Role::Candidate) => term == self.term(),
            _ => false,
        };
        if !expected || self.votes.contains_key(&from) {
            self.emit(Event::MessageIgnored {
                from,
                term,
                reason: IgnoreReason::NotExpected,
            });
            return;
        }
        self.votes.insert(from, granted);
        let granted_total = self.votes_granted();
        let refused_total = self.votes.len() - granted_total;
        let quorum = self.quorum_size();
        self.emit(Event::VoteCounted {
            from,
            granted,
            pre_vote,
            granted_total,
            refused_total,
            quorum,
        });
        let lost = self
            .membership
            .has_quorum(|id| self.votes.get(&id) == Some(&false));
        if self.won() {
            if pre_vote {
                self.become_candidate(now, false);
            } else {
                self.become_leader(now);
            }
        } else if pre_vote && lost {
            // The pre-vote is lost: go back to waiting for a leader without touching the term.
            let term = self.term();
            self.become_follower(now, term, None, from);
        }
    }

    fn votes_granted(&self) -> usize {
        self.votes.values().filter(|granted| **granted).count()
    }

    /// Whether this node may start an election: a voter of its latest configuration, or a
    /// server that configuration leaves out while it is not yet committed (thesis 4.2.2: it
    /// may still be needed, say as the only up-to-date member of C_old; its own vote counts
    /// only where it is a member). A learner, a spare, and a server whose removal it has seen
    /// committed never campaign.
    fn may_campaign(&self) -> bool {
        self.membership.is_voter(self.id)
            || (!self.membership.contains(self.id) && self.membership_index > self.commit_index)
    }

    /// Whether the votes granted make a majority of the configuration (of both halves during
    /// joint consensus; learners and spares never count).
    fn won(&self) -> bool {
        self.membership
            .has_quorum(|id| self.votes.get(&id) == Some(&true))
    }

    /// How many votes make a majority of the voters (of C_new), for the narration.
    fn quorum_size(&self) -> usize {
        self.membership.voters().len() / 2 + 1
    }

    // ----- Log replication (section 5.3) -------------------------------------------------

    fn append_own(&mut self, payload: Payload) -> LogIndex {
        let term = self.term();
        let config = match &payload {
            Payload::Config(m) => Some(m.clone()),
            _ => None,
        };
        let index = self.persistent.log.push(Entry { term, payload });
        self.ready.persist = true;
        self.emit(Event::Proposed { index, term });
        if let Some(m) = config {
            self.set_membership(m, index);
        }
        index
    }

    /// Sends every follower what it lacks, at once.
    fn replicate(&mut self, now: Time) {
        let followers: Vec<NodeId> = self.progress.keys().copied().collect();
        for follower in followers {
            self.send_append(now, follower, false);
        }
    }

    fn broadcast_heartbeat(&mut self, now: Time) {
        self.heartbeat_deadline = Some(now + self.config.heartbeat_interval);
        for peer in self.peers() {
            self.send_append(now, peer, true);
        }
    }

    /// Sends `follower` the entries from its nextIndex on (up to the batch limit), or none.
    /// With `heartbeat` set an empty AppendEntries still goes out, to assert leadership and
    /// carry the commit index.
    ///
    /// At most one AppendEntries with entries is unanswered per follower: without that bound,
    /// every heartbeat to a lagging follower started one more request/answer chain, and the
    /// messages in flight grew for as long as it lagged.
    fn send_append(&mut self, now: Time, follower: NodeId, heartbeat: bool) {
        let Some(progress) = self.progress.get(&follower).copied() else {
            return;
        };
        let may_send_entries = match progress.entries_sent_at {
            None => true,
            // Presumed lost: only a heartbeat sends the entries again, so a lost request costs
            // one heartbeat interval and never more than one retry per interval.
            Some(at) => heartbeat && now >= at.saturating_add(self.config.heartbeat_interval),
        };
        let log = self.log();
        let prev_log_index = progress.next_index.saturating_sub(1).min(log.last_index());
        let Some(prev_log_term) = log.term(prev_log_index) else {
            return;
        };
        let batch = self.config.max_entries_per_append as LogIndex;
        let entries = if may_send_entries {
            log.slice(prev_log_index + 1, prev_log_index.saturating_add(batch))
        } else {
            Vec::new()
        };
        if entries.is_empty() && !heartbeat {
            return;
        }
        if !entries.is_empty() {
            if let Some(p) = self.progress.get_mut(&follower) {
                p.entries_sent_at = Some(now);
            }
        }
        let leader_commit = self.commit_index;
        self.send(
            follower,
            Message::AppendEntries {
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            },
        );
    }

    fn handle_append(
        &mut self,
        now: Time,
        leader: NodeId,
        prev_log_index: LogIndex,
        prev_log_term: Term,
        entries: Vec<Entry>,
        leader_commit: LogIndex,
    ) {
        // Same term as ours (step_term has run): the sender won this term's election.
        if self.role != Role::Follower {
            let term = self.term();
            self.become_follower(now, term, Some(leader), leader);
        } else {
            self.set_leader(Some(leader));
            self.last_leader_contact = Some(now);
            self.reset_election_timer(now);
        }

        // Consistency check (Figure 2, AppendEntries rule 2).
        let hint = match self.log().term(prev_log_index) {
            None => Some(ConflictHint {
                term: None,
                first_index: self.log().last_index() + 1,
            }),
            Some(t) if t != prev_log_term => Some(ConflictHint {
                term: Some(t),
                first_index: self.log().first_index_of_term_at(prev_log_index),
            }),
            Some(_) => None,
        };
        if let Some(hint) = hint {
            self.emit(Event::AppendRejected {
                leader,
                prev_log_index,
                prev_log_term,
                hint,
            });
            self.send(
                leader,
                Message::AppendEntriesResponse(AppendOutcome::Conflict {
                    prev_log_index,
                    hint,
                }),
            );
            return;
        }

        // Rules 3 and 4: drop a conflicting suffix, append what is new. Entries already held
        // are left alone, so a delayed duplicate cannot cut off entries that came after it.
        let mut appended: Option<(LogIndex, LogIndex)> = None;
        let mut truncated = false;
        for (offset, entry) in entries.iter().enumerate() {
            let index = prev_log_index + 1 + offset as LogIndex;
            match self.log().term(index) {
                Some(t) if t == entry.term => continue,
                Some(_) => {
                    self.truncate_conflict(index);
                    truncated = true;
                }
                None => {}
            }
            self.persistent.log.push(entry.clone());
            self.ready.persist = true;
            appended = Some((appended.map_or(index, |(first, _)| first), index));
        }
        if let Some((first, last)) = appended {
            self.emit(Event::EntriesAppended {
                leader,
                first,
                last,
            });
            // The latest configuration of the log is in force at once, committed or not.
            if truncated || self.membership_index > self.log().last_index() {
                self.refresh_membership();
            } else if let Some(index) = (first..=last).rev().find(|i| {
                matches!(
                    self.log().get(*i),
                    Some(Entry {
                        payload: Payload::Config(_),
                        ..
                    })
                )
            }) {
                if let Some(Entry {
                    payload: Payload::Config(m),
                    ..
                }) = self.log().get(index)
                {
                    let m = m.clone();
                    self.set_membership(m, index);
                }
            }
        }

        // Rule 5: the leader's commit index, but only as far as this message proved we match.
        let match_index = prev_log_index + entries.len() as LogIndex;
        let new_commit = leader_commit.min(match_index);
        if new_commit > self.commit_index {
            self.set_commit_index(
                new_commit,
                CommitBy::LeaderCommit {
                    leader_commit,
                    last_new: match_index,
                },
            );
        }
        self.send(
            leader,
            Message::AppendEntriesResponse(AppendOutcome::Success { match_index }),
        );
    }

    fn truncate_conflict(&mut self, index: LogIndex) {
        let count = self.log().last_index() + 1 - index;
        let committed = index <= self.commit_index;
        self.persistent.log.truncate_from(index);
        self.ready.persist = true;
        if committed {
            // Only reachable with a bug on. Keep running so the checker can show the damage:
            // what was applied there will be applied again with the new entries.
            self.commit_index = index - 1;
            self.last_applied = self.last_applied.min(index - 1);
        }
        self.emit(Event::EntriesTruncated {
            from: index,
            count,
            committed,
        });
    }

    fn handle_append_response(
        &mut self,
        now: Time,
        from: NodeId,
        term: Term,
        outcome: AppendOutcome,
    ) {
        if self.role != Role::Leader {
            self.emit(Event::MessageIgnored {
                from,
                term,
                reason: IgnoreReason::NotExpected,
            });
            return;
        }
        let last_index = self.log().last_index();
        let Some(progress) = self.progress.get_mut(&from) else {
            return;
        };
        progress.recently_active = true;
        match outcome {
            AppendOutcome::Success { match_index } => {
                let match_index = match_index.min(last_index);
                let advanced = match_index > progress.match_index;
                progress.match_index = progress.match_index.max(match_index);
                progress.next_index = progress.next_index.max(match_index + 1);
                if advanced {
                    // The answer to the request in flight (or to a later heartbeat that shows
                    // the follower has it): the next one may go.
                    progress.entries_sent_at = None;
                }
                let behind = progress.next_index <= last_index;
                if advanced {
                    self.maybe_commit(now);
                }
                if behind {
                    // Sends only if nothing is in flight: an answer that moves nothing (a
                    // heartbeat's, a duplicate's) must not start a second chain.
                    self.send_append(now, from, false);
                }
                self.maybe_send_timeout_now(from);
            }
            AppendOutcome::Conflict {
                prev_log_index,
                hint,
            } => {
                // Only the answer to the probe we are waiting on moves nextIndex; an older
                // rejection describes a log the follower has since repaired. (checked_add: an
                // absurd prev_log_index of u64::MAX must not overflow.)
                //
                // A rejection at or below matchIndex is old too: a network duplicate, or one
                // overtaken by a later success, that happens to match nextIndex again. A follower
                // only loses an entry it acknowledged in this term if a second leader of the same
                // term overwrote it, which takes the forget_vote bug (see below); otherwise the
                // acknowledgement stands. (Found by tests/replication.rs,
                // duplicate_rejection_after_success_ignored_5_3.)
                let stale = prev_log_index.checked_add(1) != Some(progress.next_index)
                    || (progress.match_index >= prev_log_index && !self.config.bugs.forget_vote);
                if stale {
                    self.emit(Event::MessageIgnored {
                        from,
                        term,
                        reason: IgnoreReason::StaleAppendResponse,
                    });
                    return;
                }
                let old = progress.next_index;
                let next = match hint.term {
                    // Skip past every entry of the follower's conflicting term: if we hold
                    // that term, resume after our last entry of it; if not, at its start.
                    Some(t) => match self.persistent.log.last_index_of_term(t) {
                        Some(last_of_term) if last_of_term < prev_log_index => last_of_term + 1,
                        _ => hint.first_index,
                    },
                    None => hint.first_index,
                };
                let Some(progress) = self.progress.get_mut(&from) else {
                    return;
                };
                if progress.match_index >= prev_log_index {
                    // The follower lost entries it had acknowledged: only possible when a `bug`
                    // breaks persistence. Stop trusting the old acknowledgement.
                    progress.match_index = prev_log_index.saturating_sub(1);
                }
                // Never before what is known to match, never past the entry that failed.
                let highest = prev_log_index.max(1);
                let next = next.clamp((progress.match_index + 1).min(highest), highest);
                progress.next_index = next;
                progress.entries_sent_at = None;
                self.emit(Event::NextIndexBackedUp {
                    follower: from,
                    from: old,
                    to: next,
                });
                self.send_append(now, from, true);
            }
            AppendOutcome::StaleTerm => {
                // step_term already stepped us down if the term was newer; an equal term here
                // means a confused peer, nothing to do.
            }
        }
    }

    /// Advances the commit index to the highest index stored on a majority, if that entry is
    /// from the current term (section 5.4.2): earlier entries are committed only indirectly.
    fn maybe_commit(&mut self, now: Time) {
        // The highest index stored on a majority of the configuration (of both halves during
        // joint consensus), counting our own log: one of the match indexes. A cluster has a
        // handful of servers, so each is tried in turn.
        let own = self.log().last_index();
        let match_of = |node: &Node, id: NodeId| {
            if id == node.id {
                own
            } else {
                node.progress.get(&id).map_or(0, |p| p.match_index)
            }
        };
        let mut candidate = self.commit_index;
        for index in self.progress.values().map(|p| p.match_index).chain([own]) {
            if index > candidate && self.membership.has_quorum(|id| match_of(self, id) >= index) {
                candidate = index;
            }
        }
        if candidate <= self.commit_index {
            return;
        }
        let entry_term = self.log().term(candidate).unwrap_or(0);
        if entry_term == self.term() || self.config.bugs.commit_old_terms {
            let voters = self.membership.voters();
            let by = CommitBy::Majority {
                stored: voters
                    .iter()
                    .filter(|id| match_of(self, **id) >= candidate)
                    .count(),
                quorum: voters.len() / 2 + 1,
                entry_term,
                term: self.term(),
            };
            self.set_commit_index(candidate, by);
            self.after_commit(now);
        }
    }

    /// What a leader does once a configuration entry commits: C_old,new is followed by C_new
    /// (paper section 6); a leader that is not in the configuration it committed steps down
    /// (thesis 4.2.2).
    fn after_commit(&mut self, now: Time) {
        if self.role != Role::Leader || self.membership_index > self.commit_index {
            return;
        }
        if self.membership.is_joint() {
            let next = Membership::new(self.membership.voters(), self.membership.learners(), &[]);
            self.append_own(Payload::Config(next));
            self.replicate(now);
        } else if !self.membership.is_voter(self.id) {
            let term = self.term();
            self.emit(Event::SteppedDown { term });
            let me = self.id;
            self.become_follower(now, term, None, me);
        }
    }

    fn set_commit_index(&mut self, to: LogIndex, by: CommitBy) {
        let from = self.commit_index;
        self.commit_index = to;
        self.emit(Event::CommitAdvanced { from, to, by });
    }

    fn flush_committed(&mut self) {
        let to = self.commit_index.min(self.log().last_index());
        if self.last_applied >= to {
            return;
        }
        let from = self.last_applied + 1;
        let entries = self.persistent.log.iter_range(from, to).cloned();
        self.ready
            .committed
            .extend(entries.enumerate().map(|(i, e)| (from + i as LogIndex, e)));
        self.last_applied = to;
    }

    // ----- CheckQuorum (thesis 6.2) ------------------------------------------------------

    fn check_quorum(&mut self, now: Time) {
        let active = 1 + self.progress.values().filter(|p| p.recently_active).count();
        let me = self.id;
        let heard = self
            .membership
            .has_quorum(|id| id == me || self.progress.get(&id).is_some_and(|p| p.recently_active));
        if !heard {
            let term = self.term();
            self.emit(Event::QuorumLost { term, active });
            let me = self.id;
            self.become_follower(now, term, None, me);
            return;
        }
        for p in self.progress.values_mut() {
            p.recently_active = false;
        }
        self.quorum_check_deadline = Some(now + self.config.election_timeout_min);
    }

    // ----- Helpers ----------------------------------------------------------------------

    /// Every other server of the configuration: the voters of both halves and the learners,
    /// all of which the leader replicates to.
    fn peers(&self) -> Vec<NodeId> {
        let me = self.id;
        let mut all = self.membership.members().to_vec();
        all.retain(|id| *id != me);
        all
    }

    /// The other voters, whom a candidate asks.
    fn voting_peers(&self) -> Vec<NodeId> {
        let mut all = self.peers();
        all.retain(|id| self.membership.is_voter(*id));
        all
    }

    /// Finds the configuration in force again: the latest configuration entry of the log, or
    /// the initial configuration.
    fn refresh_membership(&mut self) {
        let mut index = self.log().last_index();
        while index > 0 {
            if let Some(Entry {
                payload: Payload::Config(m),
                ..
            }) = self.log().get(index)
            {
                let m = m.clone();
                self.set_membership(m, index);
                return;
            }
            index -= 1;
        }
        let initial = Membership::new(&self.config.voters, &[], &[]);
        self.set_membership(initial, 0);
    }

    /// Puts `membership` (from the entry at `index`) in force; a leader starts replicating to
    /// the servers it adds and stops for those it drops.
    fn set_membership(&mut self, membership: Membership, index: LogIndex) {
        let changed = self.membership != membership;
        self.membership = membership;
        self.membership_index = index;
        if !changed {
            return;
        }
        if index > 0 {
            self.emit(Event::ConfigurationChanged { index });
        }
        if self.role == Role::Leader {
            let members = self.peers();
            self.progress.retain(|id, _| members.contains(id));
            let next_index = self.log().last_index() + 1;
            for id in members {
                if !self.progress.contains_key(&id) {
                    self.progress.insert(
                        id,
                        Progress {
                            next_index,
                            match_index: 0,
                            entries_sent_at: None,
                            recently_active: true,
                        },
                    );
                }
            }
        }
    }

    /// The configuration in force: the latest in the log, committed or not.
    pub fn membership(&self) -> &Membership {
        &self.membership
    }

    /// The index of the configuration entry in force (0: the initial configuration).
    pub fn membership_index(&self) -> LogIndex {
        self.membership_index
    }

    fn reset_election_timer(&mut self, now: Time) {
        let min = self.config.election_timeout_min;
        let spread = self.config.election_timeout_max - min;
        let jitter = if self.config.bugs.no_jitter || spread == 0 {
            0
        } else {
            self.rng.below(spread)
        };
        self.election_timeout = min + jitter;
        self.election_deadline = Some(now + self.election_timeout);
    }

    fn set_role(&mut self, to: Role) {
        let from = self.role;
        if from != to {
            self.role = to;
            let term = self.term();
            self.emit(Event::RoleChanged { from, to, term });
        }
        if to != Role::Leader {
            self.heartbeat_deadline = None;
            self.quorum_check_deadline = None;
            self.transfer = None;
        }
    }

    fn set_leader(&mut self, leader: Option<NodeId>) {
        if self.leader != leader {
            self.leader = leader;
            let term = self.term();
            self.emit(Event::LeaderChanged { leader, term });
        }
    }

    fn send(&mut self, to: NodeId, message: Message) {
        let term = self.term();
        self.send_with_term(to, term, message);
    }

    fn send_with_term(&mut self, to: NodeId, term: Term, message: Message) {
        self.ready.messages.push(Envelope {
            from: self.id,
            to,
            term,
            message,
        });
    }

    fn emit(&mut self, event: Event) {
        self.ready.events.push(event);
    }
}
