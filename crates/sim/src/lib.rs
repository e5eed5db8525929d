//! A deterministic simulator for a cluster of [`raft`] nodes: virtual time, a network with
//! latency, and one seeded random source, so that the same seed gives the same run on every
//! platform.
//!
//! Time jumps from one event to the next; an event is one message delivery or one timer firing,
//! exactly what the playground shows as one frame. Events due at the same instant run in the
//! order they were scheduled (the queue is ordered by time, then sequence number).

#![warn(missing_docs)]

mod rng;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

pub use raft;
use raft::{Config, ConfigError, Envelope, Event, Node, NodeId, Role, Term, Time};
pub use rng::Rng;

/// Simulated time is kept in microseconds; settings are given in milliseconds.
pub const MICROS_PER_MS: Time = 1_000;

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
}

impl SimConfig {
    /// The spec's defaults: election 150..300 ms, heartbeat 50 ms, latency 10..15 ms.
    pub fn new(nodes: usize, seed: u64) -> Self {
        SimConfig {
            nodes,
            seed,
            election_ms: (150, 300),
            heartbeat_ms: 50,
            latency_ms: (10, 15),
            pre_vote: false,
            check_quorum: false,
        }
    }

    fn node_config(&self) -> Config {
        let mut config = Config::new((1..=self.nodes as NodeId).collect());
        config.election_timeout_min = self.election_ms.0 * MICROS_PER_MS;
        config.election_timeout_max = self.election_ms.1 * MICROS_PER_MS;
        config.heartbeat_interval = self.heartbeat_ms * MICROS_PER_MS;
        config.pre_vote = self.pre_vote;
        config.check_quorum = self.check_quorum;
        config
    }
}

/// Why a simulation cannot be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SimError {
    /// The node count is outside 1..=15.
    NodeCount(usize),
    /// The latency range ends before it starts.
    LatencyRange(u64, u64),
    /// The nodes' configuration is invalid.
    Config(ConfigError),
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::NodeCount(n) => write!(f, "a cluster has 1 to 15 nodes, not {n}"),
            SimError::LatencyRange(a, b) => {
                write!(f, "the latency range {a}..{b} ends before it starts")
            }
            SimError::Config(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for SimError {}

/// A message on its way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    /// Unique within the run, in sending order.
    pub id: u64,
    /// The message.
    pub envelope: Envelope,
    /// When it was sent, in µs.
    pub sent: Time,
    /// When it arrives, in µs.
    pub arrives: Time,
}

/// What one step did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// A message reached its receiver.
    Delivered(InFlight),
    /// A node's timer fired.
    Timer(NodeId),
}

/// One processed event and what the nodes said about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// When it happened, in µs.
    pub time: Time,
    /// What happened.
    pub kind: StepKind,
    /// The events the nodes reported while handling it, with the node that reported each.
    pub events: Vec<(NodeId, Event)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    Deliver(u64),
    Timer(NodeId),
}

/// A simulated cluster.
#[derive(Clone, Debug)]
pub struct Simulation {
    config: SimConfig,
    now: Time,
    seq: u64,
    rng: Rng,
    nodes: Vec<Node>,
    queue: BinaryHeap<Reverse<(Time, u64, Pending)>>,
    in_flight: BTreeMap<u64, InFlight>,
    /// The deadline each node's pending timer event was scheduled for.
    timer_at: Vec<Option<Time>>,
}

impl Simulation {
    /// A cluster of followers in term 0 at time 0.
    pub fn new(config: SimConfig) -> Result<Self, SimError> {
        if !(1..=15).contains(&config.nodes) {
            return Err(SimError::NodeCount(config.nodes));
        }
        if config.latency_ms.1 < config.latency_ms.0 {
            return Err(SimError::LatencyRange(
                config.latency_ms.0,
                config.latency_ms.1,
            ));
        }
        let mut rng = Rng::new(config.seed);
        let node_config = config.node_config();
        let nodes = (1..=config.nodes as NodeId)
            .map(|id| Node::new(id, node_config.clone(), 0, rng.next_u64()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(SimError::Config)?;
        let mut sim = Simulation {
            timer_at: vec![None; nodes.len()],
            config,
            now: 0,
            seq: 0,
            rng,
            nodes,
            queue: BinaryHeap::new(),
            in_flight: BTreeMap::new(),
        };
        for id in 1..=sim.nodes.len() as NodeId {
            sim.after_input(id, &mut Vec::new());
        }
        Ok(sim)
    }

    /// The settings the run was built with.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// The current simulated time in µs.
    pub fn now(&self) -> Time {
        self.now
    }

    /// The nodes, in id order (node `i` at index `i - 1`).
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// Messages on their way, oldest first.
    pub fn in_flight(&self) -> impl Iterator<Item = &InFlight> {
        self.in_flight.values()
    }

    /// The leader a majority of the cluster follows, with its term, if there is one: the
    /// highest-term node in the leader role whose term a majority (itself included) is in and
    /// follows it in.
    pub fn leader(&self) -> Option<(NodeId, Term)> {
        let quorum = self.nodes.len() / 2 + 1;
        self.nodes
            .iter()
            .filter(|n| n.role() == Role::Leader)
            .filter(|l| {
                let followers = self
                    .nodes
                    .iter()
                    .filter(|n| n.term() == l.term() && n.leader() == Some(l.id()))
                    .count();
                followers >= quorum
            })
            .max_by_key(|l| l.term())
            .map(|l| (l.id(), l.term()))
    }

    /// The time of the next event, if any.
    pub fn next_event_time(&self) -> Option<Time> {
        self.queue.peek().map(|Reverse((t, _, _))| *t)
    }

    /// Processes the next event; `None` when nothing is left to happen.
    pub fn step(&mut self) -> Option<Step> {
        while let Some(Reverse((time, _, pending))) = self.queue.pop() {
            let mut events = Vec::new();
            let kind = match pending {
                Pending::Deliver(id) => {
                    let Some(msg) = self.in_flight.remove(&id) else {
                        continue;
                    };
                    self.now = time;
                    let to = msg.envelope.to;
                    self.nodes[to as usize - 1].step(time, msg.envelope.clone());
                    self.after_input(to, &mut events);
                    StepKind::Delivered(msg)
                }
                Pending::Timer(node) => {
                    // A timer superseded by a later reset is not an event.
                    if self.timer_at[node as usize - 1] != Some(time) {
                        continue;
                    }
                    self.timer_at[node as usize - 1] = None;
                    self.now = time;
                    self.nodes[node as usize - 1].handle_timeout(time);
                    self.after_input(node, &mut events);
                    StepKind::Timer(node)
                }
            };
            return Some(Step { time, kind, events });
        }
        None
    }

    /// Processes every event up to and including `until` (µs), then sets the clock there.
    pub fn run_until(&mut self, until: Time) -> Vec<Step> {
        let mut steps = Vec::new();
        while self.next_event_time().is_some_and(|t| t <= until) {
            steps.extend(self.step());
        }
        self.now = self.now.max(until);
        steps
    }

    /// Collects what node `id` produced, puts its messages on the wire and (re)schedules its
    /// timer.
    fn after_input(&mut self, id: NodeId, events: &mut Vec<(NodeId, Event)>) {
        let index = id as usize - 1;
        let ready = self.nodes[index].take_ready();
        events.extend(ready.events.into_iter().map(|e| (id, e)));
        for envelope in ready.messages {
            let (min, max) = self.config.latency_ms;
            let latency = self
                .rng
                .range_inclusive(min * MICROS_PER_MS, max * MICROS_PER_MS);
            let id = self.next_seq();
            let arrives = self.now + latency;
            self.in_flight.insert(
                id,
                InFlight {
                    id,
                    envelope,
                    sent: self.now,
                    arrives,
                },
            );
            self.queue
                .push(Reverse((arrives, id, Pending::Deliver(id))));
        }
        let deadline = self.nodes[index].next_deadline();
        if deadline != self.timer_at[index] {
            self.timer_at[index] = deadline;
            if let Some(at) = deadline {
                let seq = self.next_seq();
                self.queue.push(Reverse((at, seq, Pending::Timer(id))));
            }
        }
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_to_leader(seed: u64) -> (Simulation, Vec<Step>) {
        let mut sim = Simulation::new(SimConfig::new(5, seed)).unwrap();
        let mut steps = Vec::new();
        while sim.leader().is_none() {
            steps.push(
                sim.step()
                    .expect("a cluster with timers always has a next event"),
            );
            assert!(sim.now() < 10_000 * MICROS_PER_MS, "no leader in 10 s");
        }
        (sim, steps)
    }

    #[test]
    fn five_nodes_elect_one_leader_that_a_majority_follows() {
        for seed in 0..50 {
            let (sim, _) = run_to_leader(seed);
            let (leader, term) = sim.leader().unwrap();
            let leaders = sim
                .nodes()
                .iter()
                .filter(|n| n.role() == Role::Leader && n.term() == term)
                .count();
            assert_eq!(leaders, 1, "seed {seed}");
            assert_eq!(sim.nodes()[leader as usize - 1].role(), Role::Leader);
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
        let (_, steps) = run_to_leader(3);
        let mut delivered = 0;
        for step in steps {
            if let StepKind::Delivered(m) = step.kind {
                let latency = m.arrives - m.sent;
                assert!((10_000..=15_000).contains(&latency), "{latency} µs");
                assert_eq!(step.time, m.arrives);
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
    }
}
