//! Node configuration, validated up front so that nothing later has to panic.

use alloc::vec::Vec;
use core::fmt;

use crate::types::{NodeId, Time};

/// Rules a node can be told to break, so a learner can watch the safety checker catch the
/// damage each rule prevents. All off by default; never switch them on outside teaching.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Bugs {
    /// Grant votes without the "at least as up-to-date" log check (section 5.4.1).
    pub vote_ignores_log: bool,
    /// Commit entries of earlier terms by counting replicas (breaks section 5.4.2, Figure 8).
    pub commit_old_terms: bool,
    /// Lose currentTerm and votedFor across a crash, as if they were never persisted (Figure 2).
    pub forget_vote: bool,
    /// Every election timeout equals the minimum, so split votes repeat (section 5.2).
    pub no_jitter: bool,
    /// Start a configuration change before the previous one is committed, so an old and a new
    /// majority can fail to overlap (thesis 4.1).
    pub overlapping_changes: bool,
}

impl Bugs {
    /// Whether any rule is being broken.
    pub const fn any(&self) -> bool {
        self.vote_ignores_log
            || self.commit_old_terms
            || self.forget_vote
            || self.no_jitter
            || self.overlapping_changes
    }
}

/// How a node behaves. Durations are in the caller's time unit (see [`Time`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Every voting member of the cluster, this node included.
    pub voters: Vec<NodeId>,
    /// The shortest election timeout. Each reset draws a timeout uniformly from
    /// `[election_timeout_min, election_timeout_max)` (section 5.2).
    pub election_timeout_min: Time,
    /// The (exclusive) upper end of the election timeout range; equal to the minimum for a
    /// fixed timeout.
    pub election_timeout_max: Time,
    /// How often a leader sends AppendEntries to every follower, with or without entries.
    pub heartbeat_interval: Time,
    /// Ask for pre-votes before starting a real election (thesis section 9.6).
    pub pre_vote: bool,
    /// A leader that has not heard from a majority within an election timeout steps down, and
    /// followers that heard from a leader recently ignore vote requests (thesis section 6.2).
    pub check_quorum: bool,
    /// A new leader appends a no-op entry of its own term (section 8). Off only to draw the
    /// paper's Figure 8 as printed.
    pub leader_noop: bool,
    /// The most entries one AppendEntries carries.
    pub max_entries_per_append: usize,
    /// Rules to break on purpose (teaching mode).
    pub bugs: Bugs,
}

impl Config {
    /// A configuration with the paper's suggested timings, read as milliseconds: election
    /// timeout in `[150, 300)`, heartbeat every 50, up to 64 entries per message, no-op on.
    pub fn new(voters: Vec<NodeId>) -> Self {
        Config {
            voters,
            election_timeout_min: 150,
            election_timeout_max: 300,
            heartbeat_interval: 50,
            pre_vote: false,
            check_quorum: false,
            leader_noop: true,
            max_entries_per_append: 64,
            bugs: Bugs::default(),
        }
    }

    /// Checks that the settings make a working cluster.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.voters.is_empty() {
            return Err(ConfigError::NoVoters);
        }
        for (i, id) in self.voters.iter().enumerate() {
            if self.voters[..i].contains(id) {
                return Err(ConfigError::DuplicateVoter(*id));
            }
        }
        if self.election_timeout_min == 0 {
            return Err(ConfigError::ZeroElectionTimeout);
        }
        if self.election_timeout_max < self.election_timeout_min {
            return Err(ConfigError::ElectionRangeReversed {
                min: self.election_timeout_min,
                max: self.election_timeout_max,
            });
        }
        if self.heartbeat_interval == 0 {
            return Err(ConfigError::ZeroHeartbeat);
        }
        if self.heartbeat_interval >= self.election_timeout_min {
            return Err(ConfigError::HeartbeatTooSlow {
                heartbeat: self.heartbeat_interval,
                election_min: self.election_timeout_min,
            });
        }
        if self.max_entries_per_append == 0 {
            return Err(ConfigError::ZeroBatch);
        }
        Ok(())
    }

    /// How many votes (or acknowledgements) make a majority of the voters.
    pub fn quorum(&self) -> usize {
        self.voters.len() / 2 + 1
    }
}

/// Why a [`Config`] cannot run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// The cluster has no members.
    NoVoters,
    /// A node id appears twice among the voters.
    DuplicateVoter(NodeId),
    /// The election timeout must be longer than zero.
    ZeroElectionTimeout,
    /// The election timeout range ends before it starts.
    ElectionRangeReversed {
        /// The configured minimum.
        min: Time,
        /// The configured maximum.
        max: Time,
    },
    /// The heartbeat interval must be longer than zero.
    ZeroHeartbeat,
    /// Followers would time out between heartbeats: the interval must be below the minimum
    /// election timeout (section 5.6, broadcastTime ≪ electionTimeout).
    HeartbeatTooSlow {
        /// The configured heartbeat interval.
        heartbeat: Time,
        /// The configured minimum election timeout.
        election_min: Time,
    },
    /// An AppendEntries must be allowed to carry at least one entry.
    ZeroBatch,
    /// A running node's voters cannot be changed by replacing its configuration.
    VotersChanged,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::NoVoters => f.write_str("the cluster needs at least one voter"),
            ConfigError::DuplicateVoter(id) => write!(f, "node {id} is listed twice"),
            ConfigError::ZeroElectionTimeout => {
                f.write_str("the election timeout must be longer than zero")
            }
            ConfigError::ElectionRangeReversed { min, max } => write!(
                f,
                "the election timeout range {min}..{max} ends before it starts"
            ),
            ConfigError::ZeroHeartbeat => {
                f.write_str("the heartbeat interval must be longer than zero")
            }
            ConfigError::HeartbeatTooSlow {
                heartbeat,
                election_min,
            } => write!(
                f,
                "the heartbeat interval ({heartbeat}) must be shorter than the minimum election \
                 timeout ({election_min}), or followers time out between heartbeats"
            ),
            ConfigError::ZeroBatch => {
                f.write_str("an AppendEntries must be allowed to carry at least one entry")
            }
            ConfigError::VotersChanged => {
                f.write_str("a running node's voters cannot be changed by reconfiguring it")
            }
        }
    }
}

impl core::error::Error for ConfigError {}
