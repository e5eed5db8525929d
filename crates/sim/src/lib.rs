//! A deterministic simulator for a cluster of [`raft`] nodes: virtual time, a network that
//! delays, loses and partitions messages, crashes and restarts, clients, a key-value state
//! machine per node, and a checker of Raft's five safety properties after every event.
//!
//! Time jumps from one event to the next; an event (a [`Frame`]) is one message delivery, one
//! message loss, one timer firing, one client action or one input from outside — exactly what
//! the playground shows as one frame. Events due at the same instant run in the order they
//! were scheduled. Every random choice comes from one [`Rng`] seeded by [`SimConfig::seed`], so
//! the same settings and inputs give the same run on every platform, native or wasm.

#![warn(missing_docs)]

pub mod actions;
mod checker;
mod cluster;
pub mod explore;
pub mod history;
mod kv;
pub mod names;
mod network;
pub mod recording;
mod rng;
pub mod rules;
pub mod scenario;
pub mod trace;

pub use actions::{Action, ActionError};
pub use checker::{Checker, Property, Violation};
pub use cluster::{ClientOutcome, Frame, FrameKind, InFlight, Input, LossCause, Simulation};
pub use history::{History, Marker, MarkerKind};
pub use kv::Kv;
pub use names::BugName;
pub use network::{Blocked, Network, PPM};
pub use raft;
pub use raft::chunked::ChunkedVec;
pub use recording::{Recording, RecordingError};
pub use rng::Rng;

use raft::{Bugs, Config, ConfigError, NodeId, Time};

/// Simulated time is kept in microseconds; settings are given in milliseconds.
pub const MICROS_PER_MS: Time = 1_000;

/// The largest cluster the simulator runs.
pub const MAX_NODES: usize = 15;

/// The default election timeout range `[min, max)`, in ms (the paper's suggestion).
pub const DEFAULT_ELECTION_MS: (u64, u64) = (150, 300);
/// The default heartbeat interval, in ms.
pub const DEFAULT_HEARTBEAT_MS: u64 = 50;
/// The default one-way message latency range `[min, max]`, in ms.
pub const DEFAULT_LATENCY_MS: (u64, u64) = (10, 15);
/// The default cap on entries in one AppendEntries.
pub const DEFAULT_BATCH: usize = 64;
/// The largest cap on entries in one AppendEntries.
pub const MAX_BATCH: usize = 1_000_000;
/// The highest term a script or a trace may preload, so that elections counting up from it
/// cannot overflow.
pub const MAX_TERM: raft::Term = 1_000_000_000;

/// The longest duration, in ms, a setting may have: one hour. It keeps every µs product far
/// from overflow, whatever a URL, script or trace asks for.
pub const LONGEST_MS: u64 = 3_600_000;

/// The longest one-way message latency, in ms. Far below an hour on purpose: every message in
/// flight is part of the state that checkpoints and the page keep, and with minutes of latency
/// a cluster's heartbeats and elections put millions of messages on the wire.
pub const MAX_LATENCY_MS: u64 = 60_000;

/// The most events one command of a script may cause (`step`, `run`, `run until`,
/// `settle`): about four simulated hours of a quiet 15-node cluster, and a few seconds of work.
/// A command that would cause more stops there and fails, rather than running on unbounded.
pub const MAX_EVENTS_PER_COMMAND: u64 = 10_000_000;

/// The most events a whole script may cause.
pub const MAX_EVENTS_PER_SCRIPT: u64 = 20_000_000;

/// How a simulated cluster is set up. Durations are in milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimConfig {
    /// How many nodes, with ids `1..=nodes`.
    pub nodes: usize,
    /// The seed every random choice of the run derives from.
    pub seed: u64,
    /// Election timeout range `[min, max)` in ms.
    pub election_ms: (u64, u64),
    /// Heartbeat interval in ms.
    pub heartbeat_ms: u64,
    /// One-way message latency range `[min, max]` in ms.
    pub latency_ms: (u64, u64),
    /// Nodes ask for pre-votes first.
    pub pre_vote: bool,
    /// Leaders step down without a majority; followers keep a leader lease.
    pub check_quorum: bool,
    /// A new leader appends a no-op entry.
    pub noop: bool,
    /// The most entries in one AppendEntries.
    pub batch: usize,
    /// The initial configuration's voters; `None` for all of `1..=nodes`. The other nodes are
    /// spare servers until a configuration entry names them.
    pub members: Option<Vec<NodeId>>,
}

impl SimConfig {
    /// The spec's defaults: election 150..300 ms, heartbeat 50 ms, latency 10..15 ms, no-op on,
    /// up to 64 entries per AppendEntries.
    pub fn new(nodes: usize, seed: u64) -> Self {
        SimConfig {
            nodes,
            seed,
            election_ms: DEFAULT_ELECTION_MS,
            heartbeat_ms: DEFAULT_HEARTBEAT_MS,
            latency_ms: DEFAULT_LATENCY_MS,
            pre_vote: false,
            check_quorum: false,
            noop: true,
            batch: DEFAULT_BATCH,
            members: None,
        }
    }

    /// Checks the settings, including those the nodes will check.
    pub fn validate(&self) -> Result<(), SimError> {
        if !(1..=MAX_NODES).contains(&self.nodes) {
            return Err(SimError::NodeCount(self.nodes));
        }
        if let Some(&id) = self
            .members
            .iter()
            .flatten()
            .find(|&&id| id == 0 || id > self.nodes as NodeId)
        {
            return Err(SimError::NoSuchNode {
                id,
                nodes: self.nodes,
            });
        }
        if self.latency_ms.1 < self.latency_ms.0 {
            return Err(SimError::LatencyRange(self.latency_ms.0, self.latency_ms.1));
        }
        if self.latency_ms.1 > MAX_LATENCY_MS {
            return Err(SimError::LatencyTooLong(self.latency_ms.1));
        }
        let longest = [self.election_ms.1, self.heartbeat_ms, self.latency_ms.1];
        if let Some(&ms) = longest.iter().find(|&&ms| ms > LONGEST_MS) {
            return Err(SimError::TooLong(ms));
        }
        self.node_config(Bugs::default())
            .validate()
            .map_err(SimError::Config)
    }

    /// The voters of the initial configuration.
    pub fn voters(&self) -> Vec<NodeId> {
        self.members
            .clone()
            .unwrap_or_else(|| (1..=self.nodes as NodeId).collect())
    }

    /// The configuration every node runs with, in µs.
    pub fn node_config(&self, bugs: Bugs) -> Config {
        let mut config = Config::new(self.voters());
        config.election_timeout_min = self.election_ms.0 * MICROS_PER_MS;
        config.election_timeout_max = self.election_ms.1 * MICROS_PER_MS;
        config.heartbeat_interval = self.heartbeat_ms * MICROS_PER_MS;
        config.pre_vote = self.pre_vote;
        config.check_quorum = self.check_quorum;
        config.leader_noop = self.noop;
        config.max_entries_per_append = self.batch;
        config.bugs = bugs;
        config
    }
}

/// Why a simulation cannot be built or an input cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// The node count is outside 1..=15.
    NodeCount(usize),
    /// A node id outside the cluster.
    NoSuchNode {
        /// The id given.
        id: NodeId,
        /// How many nodes there are.
        nodes: usize,
    },
    /// The latency range (ms) ends before it starts.
    LatencyRange(u64, u64),
    /// A loss probability above 100%, in parts per million.
    Loss(u32),
    /// A duration (ms) too long to simulate sensibly.
    TooLong(u64),
    /// A latency (ms) above [`MAX_LATENCY_MS`].
    LatencyTooLong(u64),
    /// The nodes' configuration is invalid.
    Config(ConfigError),
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::NodeCount(n) => {
                write!(f, "a cluster has 1 to {MAX_NODES} nodes, not {n}")
            }
            SimError::NoSuchNode { id, nodes } => write!(
                f,
                "node {id} does not exist in a {nodes}-node cluster (ids are 1..{nodes})"
            ),
            SimError::LatencyRange(a, b) => {
                write!(f, "the latency range {a}..{b} ends before it starts")
            }
            SimError::Loss(ppm) => {
                // Integer arithmetic: formatting an f64 would pull core's float formatting
                // into every wasm build of the simulator.
                let frac = format!("{:04}", ppm % 10_000);
                let frac = frac.trim_end_matches('0');
                let point = if frac.is_empty() { "" } else { "." };
                write!(
                    f,
                    "a loss of {}{point}{frac}% is impossible: it is between 0% and 100%",
                    ppm / 10_000
                )
            }
            SimError::TooLong(ms) => write!(
                f,
                "{ms} ms is too long: durations are at most one hour (3600000 ms)"
            ),
            SimError::LatencyTooLong(ms) => write!(
                f,
                "a latency of {ms} ms is too long: a message takes at most {MAX_LATENCY_MS} ms"
            ),
            SimError::Config(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SimError {}

#[cfg(test)]
mod tests {
    use super::*;
    use raft::Role;

    fn run_to_leader(seed: u64) -> (Simulation, Vec<Frame>) {
        let mut sim = Simulation::new(SimConfig::new(5, seed)).unwrap();
        let mut frames = Vec::new();
        while sim.leader().is_none() {
            frames.push(
                sim.step()
                    .expect("a cluster with timers always has a next event"),
            );
            assert!(sim.now() < 10_000 * MICROS_PER_MS, "no leader in 10 s");
        }
        (sim, frames)
    }

    #[test]
    fn five_nodes_elect_one_leader_that_a_majority_follows() {
        for seed in 0..50 {
            let (sim, _) = run_to_leader(seed);
            let (leader, term) = sim.leader().unwrap();
            let leaders = sim
                .live_nodes()
                .filter(|n| n.role() == Role::Leader && n.term() == term)
                .count();
            assert_eq!(leaders, 1, "seed {seed}");
            assert_eq!(sim.node(leader).unwrap().role(), Role::Leader);
            assert!(sim.violations().is_empty(), "seed {seed}");
        }
    }

    #[test]
    fn same_seed_same_run_other_seed_other_run() {
        let (_, a) = run_to_leader(7);
        let (_, b) = run_to_leader(7);
        assert_eq!(a, b);
        let outcomes: std::collections::BTreeSet<_> =
            (0..20).map(|s| run_to_leader(s).0.leader()).collect();
        assert!(outcomes.len() > 1, "every seed elected the same node");
    }

    #[test]
    fn messages_take_the_configured_latency() {
        let (_, frames) = run_to_leader(3);
        let mut delivered = 0;
        for frame in frames {
            if let FrameKind::Deliver(m) = frame.kind {
                let latency = m.arrives - m.sent;
                assert!((10_000..=15_000).contains(&latency), "{latency} µs");
                assert_eq!(frame.time, m.arrives);
                delivered += 1;
            }
        }
        assert!(delivered > 0);
    }

    #[test]
    fn bad_settings_are_errors() {
        assert_eq!(
            Simulation::new(SimConfig::new(0, 1)).unwrap_err(),
            SimError::NodeCount(0)
        );
        assert_eq!(
            Simulation::new(SimConfig::new(16, 1)).unwrap_err(),
            SimError::NodeCount(16)
        );
        let mut c = SimConfig::new(3, 1);
        c.latency_ms = (20, 10);
        assert!(Simulation::new(c)
            .unwrap_err()
            .to_string()
            .contains("20..10"));
        let mut c = SimConfig::new(3, 1);
        c.heartbeat_ms = 500;
        assert!(matches!(
            Simulation::new(c),
            Err(SimError::Config(ConfigError::HeartbeatTooSlow { .. }))
        ));
        let mut c = SimConfig::new(3, 1);
        c.election_ms = (150, u64::MAX);
        assert_eq!(Simulation::new(c).unwrap_err(), SimError::TooLong(u64::MAX));
        let mut sim = Simulation::new(SimConfig::new(3, 1)).unwrap();
        assert_eq!(
            sim.apply(Input::Crash(9)).unwrap_err(),
            SimError::NoSuchNode { id: 9, nodes: 3 }
        );
        assert!(sim.apply(Input::Loss(PPM + 1)).is_err());
        assert_eq!(
            sim.apply(Input::Loss(PPM + 125)).unwrap_err().to_string(),
            "a loss of 100.0125% is impossible: it is between 0% and 100%"
        );
        assert_eq!(
            sim.apply(Input::Loss(2 * PPM)).unwrap_err().to_string(),
            "a loss of 200% is impossible: it is between 0% and 100%"
        );
        // A latency past a minute is refused like a setting (and could overflow the clock).
        assert_eq!(
            sim.apply(Input::Latency(0, u64::MAX)).unwrap_err(),
            SimError::LatencyTooLong(u64::MAX / MICROS_PER_MS)
        );
        assert!(sim
            .apply(Input::Latency(0, MAX_LATENCY_MS * MICROS_PER_MS))
            .is_ok());
        let mut c = SimConfig::new(3, 1);
        c.latency_ms = (10, MAX_LATENCY_MS + 1);
        assert_eq!(
            Simulation::new(c).unwrap_err().to_string(),
            "a latency of 60001 ms is too long: a message takes at most 60000 ms"
        );
        assert_eq!(sim.frame_count(), 1, "a refused input is not an event");
    }
}
