//! The simulated cluster: nodes, network, clients and the safety checker, advanced one event
//! (one frame) at a time.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use raft::vec_map::VecMap;
use raft::{
    Bugs, Entry, Envelope, Event, Log, LogIndex, Node, NodeId, Payload, PersistentState,
    ProposeError, Role, Term, Time,
};

use crate::checker::{At, Checker, LogHashes, NodeState, Violation};
use crate::kv::Kv;
use crate::network::{Network, PPM};
use crate::rng::Rng;
use crate::scenario::BugName;
use crate::{SimConfig, SimError, MAX_LATENCY_MS, MAX_NODES, MICROS_PER_MS};

/// How long a client waits for its accepted command to be applied before trying again.
const CLIENT_PATIENCE: Time = 1_000 * MICROS_PER_MS;

/// The shortest wait before a client tries again (a refused or unanswered attempt waits a
/// round trip, which is zero with `latency=0..0`): without a floor, a client that finds no
/// leader would retry forever at one instant and time would never move.
pub const CLIENT_RETRY_FLOOR: Time = MICROS_PER_MS;

/// A message on its way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    /// Unique within the run, in sending order.
    pub id: u64,
    /// The message.
    pub envelope: Envelope,
    /// When it was sent, in µs.
    pub sent: Time,
    /// When it arrives (or is lost), in µs.
    pub arrives: Time,
    /// Whether the network's random loss already doomed it when it was sent.
    pub doomed: bool,
}

/// Why a message never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LossCause {
    /// Random loss (the `loss` setting).
    Random,
    /// The link was cut when it arrived.
    LinkCut,
    /// The receiver was down.
    ReceiverDown,
    /// Dropped on purpose (`drop A->B`).
    Dropped,
}

impl LossCause {
    /// The name used in traces.
    pub const fn name(self) -> &'static str {
        match self {
            LossCause::Random => "random",
            LossCause::LinkCut => "link-cut",
            LossCause::ReceiverDown => "receiver-down",
            LossCause::Dropped => "dropped",
        }
    }
}

/// Something done to the cluster from outside: a user's click, a scenario command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Stop a node; it keeps its persistent state.
    Crash(NodeId),
    /// Bring a crashed node back from its persistent state.
    Restart(NodeId),
    /// Cut every link of a node.
    Isolate(NodeId),
    /// Restore every link of a node.
    Rejoin(NodeId),
    /// Only nodes in the same group can talk.
    Partition(Vec<Vec<NodeId>>),
    /// Restore every link.
    Heal,
    /// Cut the link from `from` to `to`, and back too if `both`.
    Cut {
        /// One end.
        from: NodeId,
        /// The other end.
        to: NodeId,
        /// Both directions.
        both: bool,
    },
    /// Restore the link from `from` to `to`, and back too if `both`.
    Link {
        /// One end.
        from: NodeId,
        /// The other end.
        to: NodeId,
        /// Both directions.
        both: bool,
    },
    /// Set the random loss, in parts per million.
    Loss(u32),
    /// Set the latency range in µs.
    Latency(Time, Time),
    /// Let timers fire on their own, or hold them.
    Timers(bool),
    /// Fire a node's election timer now.
    Timeout(NodeId),
    /// Make a leader send heartbeats now.
    Heartbeat(NodeId),
    /// Hand a command to one node.
    Propose(NodeId, String),
    /// Start a client that finds the leader and retries until its command is applied.
    Client(String),
    /// Deliver one message in flight now.
    Deliver(u64),
    /// Lose one message in flight now.
    Drop(u64),
    /// Put a copy of one message in flight on the wire: it travels with a fresh latency (and
    /// may be lost like any message), so it may arrive before or after the original.
    Duplicate(u64),
    /// Break a rule on every node, or stop breaking it.
    Bug(BugName, bool),
    /// The leader changes the configuration (`add`, `promote`, `remove`, `reconfig`). With no
    /// leader, or when the leader refuses (one change at a time), nothing changes; the
    /// leader's refusal is among the frame's events.
    Change(raft::Change),
    /// The leader hands leadership to this node (`transfer`, thesis 3.10). With no leader
    /// nothing happens; a refusal is among the frame's events.
    Transfer(NodeId),
    /// A new, empty server joins the network with the next id (which the input names, so a
    /// trace or a link says it): a spare, outside every configuration, until a configuration
    /// entry names it. A partition in force leaves it out of every group.
    AddServer(NodeId),
    /// Switch PreVote.
    PreVote(bool),
    /// Switch CheckQuorum.
    CheckQuorum(bool),
    /// Change the election timeout range `[min, max)` and the heartbeat interval (ms). Timers
    /// already running keep their deadline; each new one uses the new values.
    Timing {
        /// The election timeout range in ms.
        election_ms: (u64, u64),
        /// The heartbeat interval in ms.
        heartbeat_ms: u64,
    },
}

/// What a client's attempt came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientOutcome {
    /// The node led, and appended the command at this index.
    Accepted(LogIndex),
    /// The node did not lead; it named the leader it knew of.
    Redirected(Option<NodeId>),
    /// The node was down.
    NodeDown,
}

/// What one event was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameKind {
    /// A message reached its receiver.
    Deliver(InFlight),
    /// A message was lost.
    Lose(InFlight, LossCause),
    /// A copy of a message in flight was put on the wire (`duplicate`): this is the copy.
    Duplicate(InFlight),
    /// A node's timer fired (election timeout, heartbeat or CheckQuorum round).
    Timer(NodeId),
    /// A client's command reached a node.
    Client {
        /// Which client.
        client: u64,
        /// The node it asked.
        node: NodeId,
        /// The command.
        command: String,
        /// What happened.
        outcome: ClientOutcome,
    },
    /// Something done from outside.
    Input(Input),
}

/// One event and everything it caused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Events are numbered from 1.
    pub number: u64,
    /// When it happened, in µs.
    pub time: Time,
    /// What happened.
    pub kind: FrameKind,
    /// What the nodes reported while handling it.
    pub events: Vec<(NodeId, Event)>,
    /// Entries applied while handling it, by node.
    pub applied: Vec<(NodeId, LogIndex, Entry)>,
    /// Safety violations it caused.
    pub violations: Vec<Violation>,
    /// The input from outside that made this event happen, if one did (a `deliver` input
    /// delivers a message now, and the frame is the delivery).
    pub cause: Option<Input>,
}

/// A node, up or down, with what the simulator keeps beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub id: NodeId,
    /// `None` while crashed.
    pub node: Option<Node>,
    /// What survives a crash, taken when the node went down.
    pub saved: PersistentState,
    /// The prefix hashes of its log, for the checker.
    pub hashes: LogHashes,
    pub kv: Kv,
    /// The deadline its pending timer event was scheduled for.
    pub timer_at: Option<Time>,
    /// The queue sequence number of that event: a cancelled timer can share its deadline with
    /// the one that replaced it, so only this tells them apart.
    pub timer_seq: u64,
}

impl Slot {
    /// A slot for a node that starts running now, with nothing saved yet.
    fn running(node: Node) -> Slot {
        let mut slot = Slot {
            id: node.id(),
            node: Some(node),
            saved: PersistentState::default(),
            hashes: LogHashes::default(),
            kv: Kv::default(),
            timer_at: None,
            timer_seq: 0,
        };
        slot.rehash_from(1);
        slot
    }

    pub fn log(&self) -> &Log {
        self.node.as_ref().map_or(&self.saved.log, |n| n.log())
    }

    /// Brings the prefix hashes up to date with the log, rehashing from `from` on.
    fn rehash_from(&mut self, from: LogIndex) {
        let log = match &self.node {
            Some(n) => n.log(),
            None => &self.saved.log,
        };
        self.hashes.update(log, from);
    }

    /// What the checker reads of this node.
    fn state(&self) -> NodeState<'_> {
        let log = self.log();
        NodeState {
            id: self.id,
            up: self.node.is_some(),
            leader: self.node.as_ref().is_some_and(|n| n.role() == Role::Leader),
            term: self
                .node
                .as_ref()
                .map_or(self.saved.current_term, Node::term),
            log,
            hashes: &self.hashes,
            commit: self
                .node
                .as_ref()
                .map_or(0, |n| n.commit_index().min(log.last_index())),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Client {
    command: String,
    next_target: NodeId,
    /// Where its command was accepted: node, index, term.
    accepted: Option<(NodeId, LogIndex, Term)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    Deliver(u64),
    Timer(NodeId),
    Client(u64),
}

/// Messages in flight, indexed by id. Ids are handed out in sending order and messages leave
/// soon after, so a deque with an id offset gives O(1) insert and removal and iterates oldest
/// first (a map showed up as a tenth of all the time spent).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct InFlightSet {
    /// The id of `slots[0]`.
    first: u64,
    slots: VecDeque<Option<InFlight>>,
    len: usize,
}

impl InFlightSet {
    fn insert(&mut self, msg: InFlight) {
        if self.slots.is_empty() {
            self.first = msg.id;
        }
        let i = (msg.id - self.first) as usize;
        while self.slots.len() <= i {
            self.slots.push_back(None);
        }
        self.slots[i] = Some(msg);
        self.len += 1;
    }

    fn remove(&mut self, id: u64) -> Option<InFlight> {
        let i = usize::try_from(id.checked_sub(self.first)?).ok()?;
        let msg = self.slots.get_mut(i)?.take()?;
        self.len -= 1;
        while matches!(self.slots.front(), Some(None)) {
            self.slots.pop_front();
            self.first += 1;
        }
        Some(msg)
    }

    fn contains(&self, id: u64) -> bool {
        id.checked_sub(self.first)
            .and_then(|i| self.slots.get(i as usize))
            .is_some_and(Option::is_some)
    }

    fn iter(&self) -> impl Iterator<Item = &InFlight> {
        self.slots.iter().flatten()
    }

    /// The messages whose id is at least `id`, oldest first.
    fn iter_from(&self, id: u64) -> impl Iterator<Item = &InFlight> {
        let skip = usize::try_from(id.saturating_sub(self.first)).unwrap_or(usize::MAX);
        self.slots.iter().skip(skip).flatten()
    }
}

/// A simulated cluster.
#[derive(Clone, Debug)]
pub struct Simulation {
    config: SimConfig,
    bugs: Bugs,
    now: Time,
    seq: u64,
    frames: u64,
    rng: Rng,
    slots: Vec<Slot>,
    queue: BinaryHeap<Reverse<(Time, u64, Pending)>>,
    in_flight: InFlightSet,
    /// The id the next message sent gets.
    next_message: u64,
    network: Network,
    timers: bool,
    clients: VecMap<u64, Client>,
    checker: Checker,
}

impl Simulation {
    /// A cluster of followers in term 0 at time 0.
    pub fn new(config: SimConfig) -> Result<Self, SimError> {
        Self::with_logs(config, Vec::new())
    }

    /// A cluster whose nodes start from the given persistent states (the scenario language's
    /// `log` lines); nodes not listed start empty.
    pub fn with_logs(
        config: SimConfig,
        preload: Vec<(NodeId, PersistentState)>,
    ) -> Result<Self, SimError> {
        config.validate()?;
        let mut rng = Rng::new(config.seed);
        let node_config = config.node_config(Bugs::default());
        let mut slots = Vec::with_capacity(config.nodes);
        for id in 1..=config.nodes as NodeId {
            let saved = preload
                .iter()
                .find(|(n, _)| *n == id)
                .map(|(_, p)| p.clone())
                .unwrap_or_default();
            let node = Node::restart(id, node_config.clone(), saved, 0, rng.next_u64())
                .map_err(SimError::Config)?;
            slots.push(Slot::running(node));
        }
        let latency = (
            config.latency_ms.0 * MICROS_PER_MS,
            config.latency_ms.1 * MICROS_PER_MS,
        );
        let states: Vec<NodeState<'_>> = slots.iter().map(Slot::state).collect();
        let checker = Checker::new(&states, 0);
        drop(states);
        let mut sim = Simulation {
            network: Network::new(config.nodes, latency),
            checker,
            bugs: Bugs::default(),
            config,
            now: 0,
            seq: 0,
            frames: 0,
            rng,
            slots,
            queue: BinaryHeap::new(),
            in_flight: InFlightSet::default(),
            next_message: 1,
            timers: true,
            clients: VecMap::new(),
        };
        for id in 1..=sim.slots.len() as NodeId {
            let mut scratch = Frame::scratch();
            sim.after_input(id, &mut scratch);
        }
        Ok(sim)
    }

    // ----- Reading -----------------------------------------------------------------------

    /// The settings the run was built with.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// The rules currently broken on purpose.
    pub fn bugs(&self) -> Bugs {
        self.bugs
    }

    /// The current simulated time in µs.
    pub fn now(&self) -> Time {
        self.now
    }

    /// How many events have happened.
    pub fn frame_count(&self) -> u64 {
        self.frames
    }

    /// The number of nodes.
    pub fn size(&self) -> usize {
        self.slots.len()
    }

    /// Node `id`, or `None` while it is down (or does not exist).
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.slot(id).and_then(|s| s.node.as_ref())
    }

    /// Whether node `id` is up.
    pub fn is_up(&self, id: NodeId) -> bool {
        self.node(id).is_some()
    }

    /// What node `id` kept when it crashed, while it is down.
    pub fn saved_state(&self, id: NodeId) -> Option<&PersistentState> {
        self.slot(id).filter(|s| s.node.is_none()).map(|s| &s.saved)
    }

    /// Node `id`'s log, whether it is up or down.
    pub fn log(&self, id: NodeId) -> Option<&Log> {
        self.slot(id).map(Slot::log)
    }

    /// Node `id`'s applied key-value map (empty while down).
    pub fn kv(&self, id: NodeId) -> Option<&Kv> {
        self.slot(id).map(|s| &s.kv)
    }

    /// The nodes that are up, in id order.
    pub fn live_nodes(&self) -> impl Iterator<Item = &Node> {
        self.slots.iter().filter_map(|s| s.node.as_ref())
    }

    /// Messages on their way, oldest first.
    pub fn in_flight(&self) -> impl Iterator<Item = &InFlight> {
        self.in_flight.iter()
    }

    /// The messages on their way that were sent as message `id` or later, oldest first.
    pub fn in_flight_from(&self, id: u64) -> impl Iterator<Item = &InFlight> {
        self.in_flight.iter_from(id)
    }

    /// The network's state.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// Whether timers fire on their own.
    pub fn timers_enabled(&self) -> bool {
        self.timers
    }

    /// Clients whose command is not applied yet.
    pub fn pending_clients(&self) -> usize {
        self.clients.len()
    }

    /// Every safety violation found so far.
    pub fn violations(&self) -> &[Violation] {
        self.checker.violations()
    }

    /// The safety checker.
    pub fn checker(&self) -> &Checker {
        &self.checker
    }

    /// A live leader that a majority of the cluster (itself included) follows in its term,
    /// the highest such term first.
    pub fn leader(&self) -> Option<(NodeId, Term)> {
        // Followed by a majority of its own configuration (both halves during joint
        // consensus): a leader of a cluster that changed its members counts those members.
        self.live_nodes()
            .filter(|n| n.role() == Role::Leader)
            .filter(|l| {
                l.membership().has_quorum(|id| {
                    self.live_nodes()
                        .any(|n| n.id() == id && n.term() == l.term() && n.leader() == Some(l.id()))
                })
            })
            .max_by_key(|l| l.term())
            .map(|l| (l.id(), l.term()))
    }

    /// Roughly how many bytes a copy of this simulation holds that other copies do not share
    /// (logs share their storage, so only their last, partly filled chunk counts): what a
    /// history checkpoint costs.
    pub fn approx_bytes(&self) -> usize {
        use std::mem::size_of;
        let entry = size_of::<Entry>() + 16;
        let messages: usize = self
            .in_flight
            .iter()
            .map(|m| {
                size_of::<Option<InFlight>>()
                    + match &m.envelope.message {
                        raft::Message::AppendEntries { entries, .. } => entries.len() * entry,
                        _ => 0,
                    }
            })
            .sum();
        let queue = self.queue.len() * size_of::<(Time, u64, Pending)>();
        let clients: usize = self
            .clients
            .values()
            .map(|c| size_of::<Client>() + c.command.len() + 32)
            .sum();
        let nodes = self.slots.len() * (size_of::<Slot>() + 512 + 256 * (entry + 8));
        size_of::<Self>() + messages + queue + clients + nodes
    }

    /// The time of the next event, if any.
    pub fn next_event_time(&mut self) -> Option<Time> {
        self.discard_stale();
        self.queue.peek().map(|Reverse((t, _, _))| *t)
    }

    fn slot(&self, id: NodeId) -> Option<&Slot> {
        (id as usize).checked_sub(1).and_then(|i| self.slots.get(i))
    }

    // ----- Advancing -----------------------------------------------------------------------

    /// Processes the next event; `None` when nothing is left to happen.
    pub fn step(&mut self) -> Option<Frame> {
        self.discard_stale();
        let Reverse((time, _, pending)) = self.queue.pop()?;
        // An event is never earlier than the clock: `set_clock` may have moved it past events
        // still queued, and those happen now, not in the past.
        self.now = self.now.max(time);
        let time = self.now;
        let mut frame = self.begin_frame(FrameKind::Timer(0));
        match pending {
            Pending::Deliver(id) => {
                let msg = self.in_flight.remove(id)?;
                self.arrive(msg, &mut frame);
            }
            Pending::Timer(id) => {
                if let Some(slot) = self.slots.get_mut(id as usize - 1) {
                    slot.timer_at = None;
                    if let Some(node) = slot.node.as_mut() {
                        node.handle_timeout(time);
                    }
                }
                frame.kind = FrameKind::Timer(id);
                self.after_input(id, &mut frame);
            }
            Pending::Client(client) => self.client_attempt(client, &mut frame),
        }
        Some(self.finish_frame(frame))
    }

    /// Moves the clock forward to `t` (µs) without processing anything; never backward.
    pub fn set_clock(&mut self, t: Time) {
        self.now = self.now.max(t);
    }

    /// Processes every event due up to and including `until` (µs), then sets the clock there.
    pub fn run_until(&mut self, until: Time) -> Vec<Frame> {
        let mut frames = Vec::new();
        while self.next_event_time().is_some_and(|t| t <= until) {
            frames.extend(self.step());
        }
        self.now = self.now.max(until);
        frames
    }

    /// Does `input` now, as one event.
    pub fn apply(&mut self, input: Input) -> Result<Frame, SimError> {
        self.validate_input(&input)?;
        let mut frame = self.begin_frame(FrameKind::Input(input.clone()));
        frame.cause = Some(input.clone());
        match input {
            Input::Crash(id) => {
                if let Some(slot) = self.slots.get_mut(id as usize - 1) {
                    if let Some(node) = slot.node.take() {
                        slot.saved = node.persistent().clone();
                        slot.kv = Kv::default();
                        slot.timer_at = None;
                    }
                }
            }
            Input::Restart(id) => {
                let config = self.config.node_config(self.bugs);
                let seed = self.rng.next_u64();
                let now = self.now;
                if let Some(slot) = self.slots.get_mut(id as usize - 1) {
                    if slot.node.is_none() {
                        let saved = std::mem::take(&mut slot.saved);
                        let node = Node::restart(id, config, saved, now, seed)
                            .map_err(SimError::Config)?;
                        slot.node = Some(node);
                    }
                }
                self.after_input(id, &mut frame);
            }
            Input::Isolate(id) => self.network.set_isolated(id, true),
            Input::Rejoin(id) => self.network.set_isolated(id, false),
            Input::Partition(ref groups) => self.network.partition(groups),
            Input::Heal => self.network.heal(),
            Input::Cut { from, to, both } => {
                self.network.set_cut(from, to, true);
                if both {
                    self.network.set_cut(to, from, true);
                }
            }
            Input::Link { from, to, both } => {
                self.network.set_cut(from, to, false);
                if both {
                    self.network.set_cut(to, from, false);
                }
            }
            Input::Loss(ppm) => self.network.loss_ppm = ppm,
            Input::Latency(min, max) => self.network.latency = (min, max),
            Input::Timers(on) => {
                // Timers held for a while restart from now when let go, rather than all
                // falling due at once and deposing a healthy leader.
                if on && !self.timers {
                    let now = self.now;
                    for node in self.slots.iter_mut().filter_map(|s| s.node.as_mut()) {
                        node.restart_timers(now);
                    }
                }
                self.timers = on;
                for id in 1..=self.slots.len() as NodeId {
                    let slot = &mut self.slots[id as usize - 1];
                    slot.timer_at = None;
                    self.schedule_timer(id);
                }
            }
            Input::Timeout(id) => {
                let now = self.now;
                if let Some(node) = self.node_mut(id) {
                    node.start_election(now);
                }
                self.after_input(id, &mut frame);
            }
            Input::Heartbeat(id) => {
                let now = self.now;
                if let Some(node) = self.node_mut(id) {
                    node.heartbeat(now);
                }
                self.after_input(id, &mut frame);
            }
            Input::Propose(id, ref command) => {
                let now = self.now;
                let result = self
                    .node_mut(id)
                    .map(|n| n.propose(now, Payload::command(command)));
                self.after_input(id, &mut frame);
                let outcome = match result {
                    None => ClientOutcome::NodeDown,
                    Some(Ok(index)) => ClientOutcome::Accepted(index),
                    Some(Err(ProposeError::NotLeader { leader })) => {
                        ClientOutcome::Redirected(leader)
                    }
                    // A command is never a configuration change.
                    Some(Err(ProposeError::Change(_))) => ClientOutcome::Redirected(None),
                    // The server taking over is where to go next.
                    Some(Err(ProposeError::Transferring { target })) => {
                        ClientOutcome::Redirected(Some(target))
                    }
                };
                frame.kind = FrameKind::Client {
                    client: 0,
                    node: id,
                    command: command.clone(),
                    outcome,
                };
            }
            Input::Client(ref command) => {
                let id = self.next_seq();
                let target = self.rng.range_inclusive(1, self.slots.len() as u64) as NodeId;
                self.clients.insert(
                    id,
                    Client {
                        command: command.clone(),
                        next_target: target,
                        accepted: None,
                    },
                );
                self.schedule(self.now, Pending::Client(id));
            }
            Input::Deliver(id) => {
                if let Some(msg) = self.in_flight.remove(id) {
                    self.arrive(msg, &mut frame);
                }
            }
            Input::Drop(id) => {
                if let Some(msg) = self.in_flight.remove(id) {
                    frame.kind = FrameKind::Lose(msg, LossCause::Dropped);
                }
            }
            Input::Duplicate(id) => {
                let envelope = self
                    .in_flight
                    .iter_from(id)
                    .next()
                    .filter(|m| m.id == id)
                    .map(|m| m.envelope.clone());
                if let Some(envelope) = envelope {
                    let copy = self.send(envelope);
                    if let Some(copy) = self.in_flight.iter_from(copy).next() {
                        frame.kind = FrameKind::Duplicate(copy.clone());
                    }
                }
            }
            Input::Bug(bug, on) => {
                bug.set(&mut self.bugs, on);
                self.reconfigure()?;
            }
            Input::Change(ref change) => {
                // The node that leads the latest term, whether or not a majority follows it
                // yet: the change is its to make or refuse.
                if let Some(id) = self.latest_leader() {
                    let now = self.now;
                    if let Some(node) = self.node_mut(id) {
                        // A refusal is the node's own event (ChangeRefused), told like any.
                        let _ = node.propose_change(now, change.clone());
                    }
                    self.after_input(id, &mut frame);
                }
            }
            Input::AddServer(id) => {
                let next = self.slots.len() + 1;
                if next > MAX_NODES {
                    return Err(SimError::NodeCount(next));
                }
                if id as usize != next {
                    return Err(SimError::NoSuchNode {
                        id,
                        nodes: next - 1,
                    });
                }
                // The new server's initial configuration is everyone else's: it is not in it.
                let mut config = self.config.clone();
                config.members = Some(config.voters());
                config.nodes = next;
                let node = Node::new(
                    id,
                    config.node_config(self.bugs),
                    self.now,
                    self.rng.next_u64(),
                )
                .map_err(SimError::Config)?;
                self.config = config;
                self.slots.push(Slot::running(node));
                self.network.grow(next);
                self.after_input(id, &mut frame);
            }
            Input::Transfer(target) => {
                if let Some(id) = self.latest_leader() {
                    let now = self.now;
                    if let Some(node) = self.node_mut(id) {
                        let _ = node.transfer_leadership(now, target);
                    }
                    self.after_input(id, &mut frame);
                }
            }
            Input::PreVote(on) => {
                self.config.pre_vote = on;
                self.reconfigure()?;
            }
            Input::CheckQuorum(on) => {
                self.config.check_quorum = on;
                self.reconfigure()?;
            }
            Input::Timing {
                election_ms,
                heartbeat_ms,
            } => {
                self.config.election_ms = election_ms;
                self.config.heartbeat_ms = heartbeat_ms;
                self.reconfigure()?;
            }
        }
        Ok(self.finish_frame(frame))
    }

    fn validate_input(&self, input: &Input) -> Result<(), SimError> {
        let n = self.slots.len();
        let check = |id: NodeId| {
            if (1..=n as NodeId).contains(&id) {
                Ok(())
            } else {
                Err(SimError::NoSuchNode { id, nodes: n })
            }
        };
        match input {
            Input::Crash(id)
            | Input::Restart(id)
            | Input::Isolate(id)
            | Input::Rejoin(id)
            | Input::Timeout(id)
            | Input::Heartbeat(id)
            | Input::Propose(id, _) => check(*id),
            Input::Cut { from, to, .. } | Input::Link { from, to, .. } => {
                check(*from)?;
                check(*to)
            }
            Input::Partition(groups) => groups.iter().flatten().try_for_each(|id| check(*id)),
            Input::Loss(ppm) if *ppm > PPM => Err(SimError::Loss(*ppm)),
            Input::Timing {
                election_ms,
                heartbeat_ms,
            } => {
                let mut config = self.config.clone();
                config.election_ms = *election_ms;
                config.heartbeat_ms = *heartbeat_ms;
                config.validate()
            }
            Input::Latency(min, max) if max < min => Err(SimError::LatencyRange(
                *min / MICROS_PER_MS,
                *max / MICROS_PER_MS,
            )),
            Input::Latency(_, max) if *max > MAX_LATENCY_MS * MICROS_PER_MS => {
                Err(SimError::LatencyTooLong(*max / MICROS_PER_MS))
            }
            _ => Ok(()),
        }
    }

    fn reconfigure(&mut self) -> Result<(), SimError> {
        let config = self.config.node_config(self.bugs);
        for slot in &mut self.slots {
            if let Some(node) = slot.node.as_mut() {
                node.set_config(config.clone()).map_err(SimError::Config)?;
            }
        }
        Ok(())
    }

    fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        (id as usize)
            .checked_sub(1)
            .and_then(|i| self.slots.get_mut(i))
            .and_then(|s| s.node.as_mut())
    }

    /// A message reaches the end of its link: delivered, or lost.
    fn arrive(&mut self, msg: InFlight, frame: &mut Frame) {
        let (from, to) = (msg.envelope.from, msg.envelope.to);
        let cause = if msg.doomed {
            Some(LossCause::Random)
        } else if self.network.is_cut(from, to) {
            Some(LossCause::LinkCut)
        } else if !self.is_up(to) {
            Some(LossCause::ReceiverDown)
        } else {
            None
        };
        if let Some(cause) = cause {
            frame.kind = FrameKind::Lose(msg, cause);
            return;
        }
        let now = self.now;
        if let Some(node) = self.node_mut(to) {
            node.step(now, msg.envelope.clone());
        }
        frame.kind = FrameKind::Deliver(msg);
        self.after_input(to, frame);
    }

    fn client_attempt(&mut self, id: u64, frame: &mut Frame) {
        let Some(client) = self.clients.get(&id).cloned() else {
            return;
        };
        let n = self.slots.len() as NodeId;
        // Accepted but not applied in time: that leader may be cut off from the majority, so
        // the retry goes to the next node rather than back to it.
        let target = match client.accepted {
            Some((node, _, _)) => node % n + 1,
            None => client.next_target,
        };
        let now = self.now;
        let result = self.node_mut(target).map(|node| {
            (
                node.propose(now, Payload::command(&client.command)),
                node.term(),
            )
        });
        let (outcome, next_target, accepted) = match result {
            None => (ClientOutcome::NodeDown, target % n + 1, None),
            Some((Ok(index), term)) => (
                ClientOutcome::Accepted(index),
                target,
                Some((target, index, term)),
            ),
            Some((Err(ProposeError::NotLeader { leader }), _)) => (
                ClientOutcome::Redirected(leader),
                leader.unwrap_or(target % n + 1),
                None,
            ),
            // A command is never a configuration change.
            Some((Err(ProposeError::Change(_)), _)) => {
                (ClientOutcome::Redirected(None), target % n + 1, None)
            }
            Some((Err(ProposeError::Transferring { target: next }), _)) => {
                (ClientOutcome::Redirected(Some(next)), next, None)
            }
        };
        let delay = if accepted.is_some() {
            CLIENT_PATIENCE
        } else {
            let (min, max) = self.network.latency;
            (2 * self.rng.range_inclusive(min, max)).max(CLIENT_RETRY_FLOOR)
        };
        if let Some(c) = self.clients.get_mut(&id) {
            c.next_target = next_target;
            c.accepted = accepted;
        }
        self.schedule(now + delay, Pending::Client(id));
        self.after_input(target, frame);
        frame.kind = FrameKind::Client {
            client: id,
            node: target,
            command: client.command,
            outcome,
        };
    }

    /// The live node that leads the latest term, whether or not a majority follows it yet:
    /// a membership change or a transfer is its to make or refuse.
    fn latest_leader(&self) -> Option<NodeId> {
        self.live_nodes()
            .filter(|n| n.role() == Role::Leader)
            .max_by_key(|n| n.term())
            .map(|n| n.id())
    }

    /// A client is done once a live node has applied its entry.
    fn retire_clients(&mut self) {
        let done: Vec<u64> = self
            .clients
            .iter()
            .filter(|(_, c)| {
                c.accepted.is_some_and(|(_, index, term)| {
                    self.slots.iter().any(|s| {
                        s.node.as_ref().is_some_and(|n| {
                            n.last_applied() >= index && n.log().term(index) == Some(term)
                        })
                    })
                })
            })
            .map(|(id, _)| *id)
            .collect();
        for id in done {
            self.clients.remove(&id);
        }
    }

    fn begin_frame(&mut self, kind: FrameKind) -> Frame {
        Frame {
            number: self.frames + 1,
            time: self.now,
            kind,
            events: Vec::new(),
            applied: Vec::new(),
            violations: Vec::new(),
            cause: None,
        }
    }

    fn finish_frame(&mut self, mut frame: Frame) -> Frame {
        self.frames += 1;
        self.retire_clients();
        let before = self.checker.violations().len();
        let at = At {
            frame: frame.number,
            time: frame.time,
        };
        let states: Vec<NodeState<'_>> = self.slots.iter().map(Slot::state).collect();
        self.checker.after_event(at, &states, &frame.applied);
        frame.violations = self.checker.violations()[before..].to_vec();
        frame
    }

    /// Collects what node `id` produced, puts its messages on the wire, applies its committed
    /// entries and reschedules its timer.
    fn after_input(&mut self, id: NodeId, frame: &mut Frame) {
        let Some(slot) = self.slots.get_mut(id as usize - 1) else {
            return;
        };
        let Some(node) = slot.node.as_mut() else {
            return;
        };
        let ready = node.take_ready();
        let truncated = ready
            .events
            .iter()
            .filter_map(|e| match e {
                Event::EntriesTruncated { from, .. } => Some(*from),
                _ => None,
            })
            .min();
        match truncated {
            Some(from) => slot.rehash_from(from),
            None => slot.rehash_from(slot.hashes.len() + 1),
        }
        if ready.events.iter().any(|e| {
            matches!(
                e,
                Event::EntriesTruncated {
                    committed: true,
                    ..
                }
            )
        }) {
            // The state machine is rebuilt from the entries re-applied after the truncation.
            slot.kv = Kv::default();
        }
        for (index, entry) in &ready.committed {
            slot.kv.apply(&entry.payload);
            frame.applied.push((id, *index, entry.clone()));
        }
        frame
            .events
            .extend(ready.events.into_iter().map(|e| (id, e)));
        for envelope in ready.messages {
            self.send(envelope);
        }
        self.schedule_timer(id);
    }

    /// Puts a message on the wire; returns its id.
    fn send(&mut self, envelope: Envelope) -> u64 {
        let (min, max) = self.network.latency;
        let latency = self.rng.range_inclusive(min, max);
        let doomed = self.network.loss_ppm > 0
            && self.rng.range_inclusive(0, u64::from(PPM) - 1) < u64::from(self.network.loss_ppm);
        let id = self.next_message;
        self.next_message += 1;
        let arrives = self.now + latency;
        self.in_flight.insert(InFlight {
            id,
            envelope,
            sent: self.now,
            arrives,
            doomed,
        });
        let seq = self.next_seq();
        self.queue
            .push(Reverse((arrives, seq, Pending::Deliver(id))));
        id
    }

    fn schedule_timer(&mut self, id: NodeId) {
        let timers = self.timers;
        let now = self.now;
        let Some(slot) = self.slots.get_mut(id as usize - 1) else {
            return;
        };
        let deadline = match (&slot.node, timers) {
            (Some(node), true) => node.next_deadline().map(|d| d.max(now)),
            _ => None,
        };
        if deadline != slot.timer_at {
            slot.timer_at = deadline;
            if let Some(at) = deadline {
                let seq = self.next_seq();
                self.slots[id as usize - 1].timer_seq = seq;
                self.queue.push(Reverse((at, seq, Pending::Timer(id))));
            }
        }
    }

    fn schedule(&mut self, at: Time, pending: Pending) {
        let seq = self.next_seq();
        self.queue.push(Reverse((at, seq, pending)));
    }

    /// Whether a queue entry still stands for an event: not a timer that was reset or
    /// cancelled, a client already served, or a message delivered or dropped early.
    fn is_live(&self, time: Time, seq: u64, pending: Pending) -> bool {
        match pending {
            Pending::Deliver(id) => self.in_flight.contains(id),
            Pending::Timer(id) => self
                .slots
                .get(id as usize - 1)
                .is_some_and(|s| s.timer_at == Some(time) && s.timer_seq == seq),
            Pending::Client(id) => self.clients.contains_key(&id),
        }
    }

    fn discard_stale(&mut self) {
        while let Some(Reverse((time, seq, pending))) = self.queue.peek().copied() {
            if self.is_live(time, seq, pending) {
                return;
            }
            self.queue.pop();
        }
    }

    /// The entries that will become events, in order.
    fn live_queue(&self) -> Vec<(Time, u64, Pending)> {
        let mut live: Vec<_> = self
            .queue
            .iter()
            .map(|Reverse(e)| *e)
            .filter(|&(t, seq, p)| self.is_live(t, seq, p))
            .collect();
        live.sort_unstable();
        live
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }
}

impl PartialEq for Simulation {
    /// Two simulations are equal when every part of their state is, the event queue included
    /// (compared in order, since a heap's layout depends on its history).
    fn eq(&self, other: &Self) -> bool {
        self.config == other.config
            && self.bugs == other.bugs
            && self.now == other.now
            && self.seq == other.seq
            && self.frames == other.frames
            && self.rng == other.rng
            && self.slots == other.slots
            && self.in_flight == other.in_flight
            && self.next_message == other.next_message
            && self.network == other.network
            && self.timers == other.timers
            && self.clients == other.clients
            && self.checker == other.checker
            && self.live_queue() == other.live_queue()
    }
}

impl Frame {
    /// A frame to collect output that belongs to no event (start-up).
    fn scratch() -> Self {
        Frame {
            number: 0,
            time: 0,
            kind: FrameKind::Timer(0),
            events: Vec::new(),
            applied: Vec::new(),
            violations: Vec::new(),
            cause: None,
        }
    }
}
