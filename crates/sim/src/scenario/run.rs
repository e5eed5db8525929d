//! Runs a parsed scenario on a [`History`], checking its expectations and Raft's safety after
//! every event.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;

use raft::{Entry, LogIndex, NodeId, Payload, PersistentState, Role, Term, Time};

use crate::cluster::{Frame, Input, Simulation};
use crate::history::History;
use crate::scenario::ast::{
    Caption, Command, Condition, Header, NodeCheck, NodeSel, RoleName, Script, Spanned,
    DEFAULT_BATCH, DEFAULT_ELECTION_MS, DEFAULT_HEARTBEAT_MS, DEFAULT_LATENCY_MS,
};
use crate::{
    SimConfig, SimError, MAX_EVENTS_PER_COMMAND, MAX_EVENTS_PER_SCRIPT, MICROS_PER_MS, PPM,
};

/// The seed a script runs with when its `cluster` line names none.
pub const DEFAULT_SEED: u64 = 0;

/// `settle` gives up after this many deliveries: the messages keep causing more messages.
const SETTLE_LIMIT: usize = 100_000;

/// Why a scenario failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The script's file name.
    pub file: String,
    /// The line of the command that failed.
    pub line: u32,
    /// What went wrong, e.g. `expect failed: node 3 term: wanted 4, got 3`.
    pub message: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for Failure {}

/// What a finished (or stopped) run has to show.
#[derive(Debug)]
pub struct Report {
    /// The run, with its whole history.
    pub history: History,
    /// The first failure, which stopped the run; `None` if every command passed.
    pub failure: Option<Failure>,
    /// Each `expect`, by line, with the event number at which it was checked and whether it
    /// held.
    pub checkpoints: Vec<(u32, u64, bool)>,
    /// The lines `dump` printed.
    pub dumps: Vec<String>,
    /// Where each command began: its line, and the last event before it ran.
    pub starts: Vec<(u32, u64)>,
    /// Each `say`: the event it comes after, the simulated time then (µs), and its caption.
    pub captions: Vec<(u64, Time, Caption)>,
}

impl Report {
    /// Whether every command passed.
    pub fn passed(&self) -> bool {
        self.failure.is_none()
    }
}

/// The simulation settings a script's header asks for.
pub fn sim_config(header: &Header) -> SimConfig {
    SimConfig {
        nodes: header.nodes,
        seed: header.seed.unwrap_or(DEFAULT_SEED),
        election_ms: header.election_ms.unwrap_or(DEFAULT_ELECTION_MS),
        heartbeat_ms: header.heartbeat_ms.unwrap_or(DEFAULT_HEARTBEAT_MS),
        latency_ms: header.latency_ms.unwrap_or(DEFAULT_LATENCY_MS),
        pre_vote: header.prevote.unwrap_or(false),
        check_quorum: header.checkquorum.unwrap_or(false),
        noop: header.noop.unwrap_or(true),
        batch: header.batch.unwrap_or(DEFAULT_BATCH),
        members: header.members.clone(),
    }
}

/// The cluster a script's header describes, before any command has run.
pub fn build(header: &Header) -> Result<Simulation, SimError> {
    let preload = header
        .logs
        .iter()
        .map(|Spanned { value: log, .. }| {
            let entries = log.terms.iter().map(|&term| Entry::noop(term)).collect();
            let state = PersistentState {
                current_term: log.current_term(),
                voted_for: log.vote,
                log: raft::Log::from_entries(entries),
            };
            (log.node, state)
        })
        .collect();
    Simulation::with_logs(sim_config(header), preload)
}

/// How a run is bounded, and what it keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// The most events one command may cause before the run fails at its line.
    pub max_events_per_command: u64,
    /// The most events the whole script may cause.
    pub max_events: u64,
    /// Keep checkpoints, so that the report's history can be rewound quickly (the page does).
    /// Without them a run's memory stays flat however long it is; the history still holds
    /// every input and can be replayed from its start.
    pub checkpoints: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_events_per_command: MAX_EVENTS_PER_COMMAND,
            max_events: MAX_EVENTS_PER_SCRIPT,
            checkpoints: true,
        }
    }
}

/// Runs `script` from the start; `observe` sees every event as it happens (for a trace).
pub fn run(script: &Script, file: &str, observe: &mut dyn FnMut(&Frame)) -> Report {
    run_with(script, file, Options::default(), observe)
}

/// [`run`] with other bounds, or without checkpoints.
pub fn run_with(
    script: &Script,
    file: &str,
    options: Options,
    observe: &mut dyn FnMut(&Frame),
) -> Report {
    let line = script.header.pos.line;
    let new_history = |sim| {
        if options.checkpoints {
            History::new(sim)
        } else {
            History::with_interval(sim, u64::MAX)
        }
    };
    let history = match build(&script.header) {
        // Preloaded logs that no Raft history gives are found by the checker at state 0.
        Ok(sim) if !sim.violations().is_empty() => {
            let v = &sim.violations()[0];
            return Report {
                history: new_history(sim.clone()),
                failure: Some(Failure {
                    file: file.to_string(),
                    line,
                    message: format!(
                        "the preloaded logs already break {}: {}",
                        v.property, v.message
                    ),
                }),
                checkpoints: Vec::new(),
                dumps: Vec::new(),
                starts: Vec::new(),
                captions: Vec::new(),
            };
        }
        Ok(sim) => new_history(sim),
        Err(e) => {
            // The parser checks what it can; anything left is reported at the header.
            let empty = Simulation::new(SimConfig::new(1, 0)).expect("one node with defaults");
            return Report {
                history: History::new(empty),
                failure: Some(Failure {
                    file: file.to_string(),
                    line,
                    message: format!("cannot build the cluster: {e}"),
                }),
                checkpoints: Vec::new(),
                dumps: Vec::new(),
                starts: Vec::new(),
                captions: Vec::new(),
            };
        }
    };
    let mut runner = Runner {
        history,
        line,
        observe,
        checkpoints: Vec::new(),
        dumps: Vec::new(),
        captions: Vec::new(),
        options,
        events: 0,
        command_events: 0,
    };
    let mut failure = None;
    let mut starts = Vec::with_capacity(script.commands.len());
    for command in &script.commands {
        starts.push((command.pos.line, runner.history.position()));
        runner.line = command.pos.line;
        runner.command_events = 0;
        if let Err(message) = runner.command(&command.value) {
            failure = Some(Failure {
                file: file.to_string(),
                line: command.pos.line,
                message,
            });
            break;
        }
    }
    Report {
        history: runner.history,
        failure,
        checkpoints: runner.checkpoints,
        dumps: runner.dumps,
        starts,
        captions: runner.captions,
    }
}

struct Runner<'a> {
    history: History,
    line: u32,
    observe: &'a mut dyn FnMut(&Frame),
    checkpoints: Vec<(u32, u64, bool)>,
    dumps: Vec<String>,
    captions: Vec<(u64, Time, Caption)>,
    options: Options,
    /// Events caused so far, by the whole script and by the current command.
    events: u64,
    command_events: u64,
}

type Outcome = Result<(), String>;

impl Runner<'_> {
    fn sim(&self) -> &Simulation {
        self.history.current()
    }

    /// Every frame passes through here: observed, and checked for safety violations.
    fn seen(&mut self, frame: Frame) -> Outcome {
        (self.observe)(&frame);
        self.events += 1;
        self.command_events += 1;
        if self.command_events > self.options.max_events_per_command {
            return Err(format!(
                "stopped after {} events: one command may cause at most {} (at {} ms of \
                 simulated time)",
                self.command_events,
                self.options.max_events_per_command,
                crate::trace::ms(frame.time)
            ));
        }
        if self.events > self.options.max_events {
            return Err(format!(
                "stopped after {} events in all: a script may cause at most {} (at {} ms of \
                 simulated time)",
                self.events,
                self.options.max_events,
                crate::trace::ms(frame.time)
            ));
        }
        if let Some(v) = frame.violations.first() {
            if !self.sim().bugs().any() {
                return Err(format!("safety violation: {}: {}", v.property, v.message));
            }
        }
        Ok(())
    }

    fn input(&mut self, input: Input) -> Outcome {
        let frame = self.history.apply(input).map_err(|e| e.to_string())?;
        self.seen(frame)
    }

    fn step(&mut self) -> Result<bool, String> {
        match self.history.step() {
            Some(frame) => self.seen(frame).map(|()| true),
            None => Ok(false),
        }
    }

    fn command(&mut self, command: &Command) -> Outcome {
        let us = |ms: u64| ms.saturating_mul(MICROS_PER_MS);
        match command {
            Command::Run(ms) => {
                let until = self.sim().now().saturating_add(us(*ms));
                while self.history.next_time().is_some_and(|t| t <= until) {
                    if !self.step()? {
                        break;
                    }
                }
                self.history.seek(until);
                Ok(())
            }
            Command::RunUntil { cond, within_ms } => {
                let deadline = self.sim().now().saturating_add(us(*within_ms));
                loop {
                    if self.holds(cond) {
                        return Ok(());
                    }
                    match self.history.next_time() {
                        Some(t) if t <= deadline => {
                            self.step()?;
                        }
                        _ => {
                            return Err(format!(
                                "run until {cond}: still not true after {} ms",
                                within_ms
                            ))
                        }
                    }
                }
            }
            Command::Step(k) => {
                for _ in 0..*k {
                    if !self.step()? {
                        break;
                    }
                }
                Ok(())
            }
            Command::Timers(on) => self.input(Input::Timers(*on)),
            Command::PreVote(on) => self.input(Input::PreVote(*on)),
            Command::CheckQuorum(on) => self.input(Input::CheckQuorum(*on)),
            Command::Timeout(n) => self.input(Input::Timeout(*n)),
            Command::Heartbeat(n) => self.input(Input::Heartbeat(*n)),
            Command::Settle => {
                // Delivery order is (arrival, id). A heap of what is in flight, topped up with
                // what each delivery sends: scanning every message per delivery was quadratic.
                let mut order = BinaryHeap::new();
                let mut seen = 0;
                for _ in 0..SETTLE_LIMIT {
                    for m in self.sim().in_flight_from(seen) {
                        order.push(Reverse((m.arrives, m.id)));
                        seen = m.id + 1;
                    }
                    let Some(Reverse((_, id))) = order.pop() else {
                        return Ok(());
                    };
                    self.input(Input::Deliver(id))?;
                }
                Err(format!(
                    "settle: messages still in flight after {SETTLE_LIMIT} deliveries"
                ))
            }
            Command::Deliver { from, to } => {
                for id in self.matching(*from, *to) {
                    self.input(Input::Deliver(id))?;
                }
                Ok(())
            }
            Command::Drop { from, to } => {
                for id in self.matching(*from, *to) {
                    self.input(Input::Drop(id))?;
                }
                Ok(())
            }
            Command::Duplicate { from, to } => {
                for id in self.matching(*from, *to) {
                    self.input(Input::Duplicate(id))?;
                }
                Ok(())
            }
            Command::Propose { node, cmd } => self.input(Input::Propose(*node, cmd.to_string())),
            Command::Client(cmd) => self.input(Input::Client(cmd.to_string())),
            Command::Change(c) => self.input(Input::Change(c.clone())),
            Command::Transfer(n) => self.input(Input::Transfer(*n)),
            Command::Crash(n) => self.input(Input::Crash(*n)),
            Command::Restart(n) => self.input(Input::Restart(*n)),
            Command::Isolate(n) => self.input(Input::Isolate(*n)),
            Command::Rejoin(n) => self.input(Input::Rejoin(*n)),
            Command::Partition(groups) => self.input(Input::Partition(groups.clone())),
            Command::Heal => self.input(Input::Heal),
            Command::Cut { a, b, both } => self.input(Input::Cut {
                from: *a,
                to: *b,
                both: *both,
            }),
            Command::Link { a, b, both } => self.input(Input::Link {
                from: *a,
                to: *b,
                both: *both,
            }),
            Command::Loss { permille } => {
                self.input(Input::Loss(permille.saturating_mul(PPM / 1000)))
            }
            Command::Latency { min_ms, max_ms } => {
                self.input(Input::Latency(us(*min_ms), us(*max_ms)))
            }
            Command::Bug { bug, on } => self.input(Input::Bug(*bug, *on)),
            Command::ExpectNode { node, checks } => {
                let result = checks
                    .iter()
                    .try_for_each(|check| self.check_node(*node, &check.value));
                self.checkpoint(result)
            }
            Command::ExpectLeader(expected) => {
                let result = self.check_leader(*expected);
                self.checkpoint(result)
            }
            Command::ExpectKv { node, key, value } => {
                let actual = self.sim().kv(*node).and_then(|kv| kv.get(key));
                let result = if actual == value.as_deref() {
                    Ok(())
                } else {
                    Err(format!(
                        "expect failed: node {node} kv {key}: wanted {}, got {}",
                        value.as_deref().unwrap_or("none"),
                        actual.unwrap_or("none")
                    ))
                };
                self.checkpoint(result)
            }
            Command::ExpectInFlight(most) => {
                let count = self.sim().in_flight().count() as u64;
                let result = if count <= *most {
                    Ok(())
                } else {
                    Err(format!(
                        "expect failed: in-flight: wanted at most {most}, got {count}"
                    ))
                };
                self.checkpoint(result)
            }
            Command::ExpectSafe => {
                let result = match self.sim().violations().first() {
                    None => Ok(()),
                    Some(v) => Err(format!(
                        "expect failed: safe: {} was violated at event {}: {}",
                        v.property, v.frame, v.message
                    )),
                };
                self.checkpoint(result)
            }
            Command::ExpectViolation(property) => {
                let result = if self.sim().checker().violated(*property) {
                    Ok(())
                } else {
                    let seen: Vec<String> = self
                        .sim()
                        .violations()
                        .iter()
                        .map(|v| v.property.to_string())
                        .collect();
                    Err(format!(
                        "expect failed: violation {property}: not detected (detected: {})",
                        if seen.is_empty() {
                            "none".to_string()
                        } else {
                            seen.join(", ")
                        }
                    ))
                };
                self.checkpoint(result)
            }
            Command::Say(caption) => {
                let at = (self.history.position(), self.sim().now());
                self.captions.push((at.0, at.1, caption.clone()));
                Ok(())
            }
            Command::Dump => {
                self.dumps.push(dump(self.sim()));
                Ok(())
            }
        }
    }

    fn checkpoint(&mut self, result: Outcome) -> Outcome {
        let position = self.history.position();
        self.checkpoints.push((self.line, position, result.is_ok()));
        result
    }

    fn matching(&self, from: NodeSel, to: NodeSel) -> Vec<u64> {
        let mut ids: Vec<u64> = self
            .sim()
            .in_flight()
            .filter(|m| from.matches(m.envelope.from) && to.matches(m.envelope.to))
            .map(|m| m.id)
            .collect();
        ids.sort_unstable();
        ids
    }

    fn holds(&self, cond: &Condition) -> bool {
        let sim = self.sim();
        match cond {
            Condition::Leader => sim.leader().is_some(),
            Condition::LeaderIs(n) => sim.leader().is_some_and(|(l, _)| l == *n),
            Condition::Committed(i) => sim
                .leader()
                .and_then(|(l, _)| sim.node(l))
                .is_some_and(|l| l.commit_index() >= *i),
            Condition::Applied(i) => sim.live_nodes().all(|n| n.last_applied() >= *i),
            Condition::Quiet => sim.in_flight().next().is_none(),
            Condition::Config { voters, outgoing } => sim
                .leader()
                .and_then(|(l, _)| sim.node(l))
                .is_some_and(|l| {
                    let committed = committed_membership(l, sim.config());
                    committed.voters() == voters.as_slice()
                        && committed.outgoing() == outgoing.as_slice()
                }),
        }
    }

    fn check_node(&self, id: NodeId, check: &NodeCheck) -> Outcome {
        let view = NodeView::of(self.sim(), id);
        let fail = |key: &str, wanted: String, got: String| {
            Err(format!(
                "expect failed: node {id} {key}: wanted {wanted}, got {got}"
            ))
        };
        let opt = |v: Option<NodeId>| v.map_or("none".to_string(), |n| n.to_string());
        match check {
            NodeCheck::Role(role) => {
                let got = view.role_name();
                if got == *role {
                    Ok(())
                } else {
                    fail("role", role.to_string(), got.to_string())
                }
            }
            NodeCheck::Term(t) if view.term != *t => {
                fail("term", t.to_string(), view.term.to_string())
            }
            NodeCheck::Vote(v) if view.vote != *v => fail("vote", opt(*v), opt(view.vote)),
            NodeCheck::Leader(l) if view.leader != *l => fail("leader", opt(*l), opt(view.leader)),
            NodeCheck::Commit(c) if view.commit != *c => {
                fail("commit", c.to_string(), view.commit.to_string())
            }
            NodeCheck::Applied(a) if view.applied != *a => {
                fail("applied", a.to_string(), view.applied.to_string())
            }
            NodeCheck::Last(i) if view.last != *i => {
                fail("last", i.to_string(), view.last.to_string())
            }
            NodeCheck::Log(terms) if view.log_terms != *terms => {
                fail("log", terms_text(terms), terms_text(&view.log_terms))
            }
            NodeCheck::Config { voters, outgoing }
                if view.membership.voters() != voters.as_slice()
                    || view.membership.outgoing() != outgoing.as_slice() =>
            {
                let shown = crate::scenario::config_text;
                fail(
                    "config",
                    shown(outgoing, voters),
                    shown(view.membership.outgoing(), view.membership.voters()),
                )
            }
            NodeCheck::Member(kind)
                if *kind != crate::scenario::MemberKind::of(&view.membership, view.id) =>
            {
                fail(
                    "member",
                    kind.name().to_string(),
                    crate::scenario::MemberKind::of(&view.membership, view.id)
                        .name()
                        .to_string(),
                )
            }
            _ => Ok(()),
        }
    }

    fn check_leader(&self, expected: Option<NodeId>) -> Outcome {
        let sim = self.sim();
        let leaders: Vec<(NodeId, Term)> = sim
            .live_nodes()
            .filter(|n| n.role() == Role::Leader)
            .map(|n| (n.id(), n.term()))
            .collect();
        let describe = |ls: &[(NodeId, Term)]| {
            if ls.is_empty() {
                "no leader".to_string()
            } else {
                ls.iter()
                    .map(|(n, t)| format!("node {n} (term {t})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        match expected {
            Some(n) => {
                let Some(&(_, term)) = leaders.iter().find(|(l, _)| *l == n) else {
                    return Err(format!(
                        "expect failed: leader: wanted node {n}, got {}",
                        describe(&leaders)
                    ));
                };
                if leaders.iter().any(|&(l, t)| l != n && t >= term) {
                    return Err(format!(
                        "expect failed: leader: wanted node {n} alone, got {}",
                        describe(&leaders)
                    ));
                }
                Ok(())
            }
            None => {
                let highest = (1..=sim.size() as NodeId)
                    .map(|id| NodeView::of(sim, id).term)
                    .max()
                    .unwrap_or(0);
                let current: Vec<_> = leaders.into_iter().filter(|(_, t)| *t == highest).collect();
                if current.is_empty() {
                    Ok(())
                } else {
                    Err(format!(
                        "expect failed: leader: wanted none, got {}",
                        describe(&current)
                    ))
                }
            }
        }
    }
}

fn terms_text(terms: &[Term]) -> String {
    if terms.is_empty() {
        "-".to_string()
    } else {
        terms
            .iter()
            .map(Term::to_string)
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// What the scenario language can say about one node, up or down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeView {
    /// The node's id.
    pub id: NodeId,
    /// Its role, or `None` while down.
    pub role: Option<Role>,
    /// Its current term (kept while down).
    pub term: Term,
    /// Whom it voted for in that term (kept while down).
    pub vote: Option<NodeId>,
    /// Whom it follows (`None` while down).
    pub leader: Option<NodeId>,
    /// Its commit index (0 while down).
    pub commit: LogIndex,
    /// How far it has applied (0 while down).
    pub applied: LogIndex,
    /// Its last log index.
    pub last: LogIndex,
    /// The terms of its log entries.
    pub log_terms: Vec<Term>,
    /// The configuration in force on it: the latest in its log (kept while down), or the
    /// cluster's first.
    pub membership: raft::Membership,
}

impl NodeView {
    /// Node `id` of `sim`; a node that does not exist reads as down and empty.
    pub fn of(sim: &Simulation, id: NodeId) -> Self {
        let log = sim.log(id);
        let log_terms = log
            .map(|l| l.entries().iter().map(|e| e.term).collect())
            .unwrap_or_default();
        let last = log.map_or(0, |l| l.last_index());
        let membership = match sim.node(id) {
            Some(n) => n.membership().clone(),
            None => log
                .and_then(|l| {
                    l.entries().into_iter().rev().find_map(|e| match e.payload {
                        raft::Payload::Config(m) => Some(m),
                        _ => None,
                    })
                })
                .unwrap_or_else(|| {
                    let all: Vec<NodeId> = (1..=sim.size() as NodeId).collect();
                    raft::Membership::new(&all, &[], &[])
                }),
        };
        match sim.node(id) {
            Some(n) => NodeView {
                id,
                role: Some(n.role()),
                term: n.term(),
                vote: n.voted_for(),
                leader: n.leader(),
                commit: n.commit_index(),
                applied: n.last_applied(),
                last,
                log_terms,
                membership,
            },
            None => {
                let saved = sim.saved_state(id);
                NodeView {
                    id,
                    role: None,
                    term: saved.map_or(0, |s| s.current_term),
                    vote: saved.and_then(|s| s.voted_for),
                    leader: None,
                    commit: 0,
                    applied: 0,
                    last,
                    log_terms,
                    membership,
                }
            }
        }
    }

    /// The role as the scenario language names it (`down` while crashed).
    pub fn role_name(&self) -> RoleName {
        self.role.map_or(RoleName::Down, RoleName::from)
    }
}

/// The cluster as one JSON line, in the `dump` schema of the scenario language.
pub fn dump(sim: &Simulation) -> String {
    dump_value(sim).to_string()
}

/// What [`dump`] prints, as a JSON value (the element's `state()` hands it to JavaScript).
pub fn dump_value(sim: &Simulation) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let nodes: Vec<Value> = (1..=sim.size() as NodeId)
        .map(|id| {
            let view = NodeView::of(sim, id);
            let log: Vec<Value> = sim
                .log(id)
                .map(|l| l.entries())
                .unwrap_or_default()
                .iter()
                .map(|e| json!({"term": e.term, "cmd": payload_text(&e.payload)}))
                .collect();
            let kv: Map<String, Value> = sim
                .kv(id)
                .map(|kv| {
                    kv.iter()
                        .map(|(k, v)| (k.to_string(), Value::from(v)))
                        .collect()
                })
                .unwrap_or_default();
            json!({
                "id": id,
                "role": view.role_name().name(),
                "term": view.term,
                "vote": view.vote,
                "leader": view.leader,
                "commit": view.commit,
                "applied": view.applied,
                "log": log,
                "kv": kv,
            })
        })
        .collect();
    json!({
        "time_ms": crate::trace::ms(sim.now()),
        "in_flight": sim.in_flight().count(),
        "nodes": nodes,
    })
}

fn payload_text(payload: &Payload) -> String {
    match payload {
        Payload::Config(m) => m.describe(),
        other => other.text().to_string(),
    }
}

/// The latest configuration `node` has seen committed: the one in force if its entry is
/// committed, else the last configuration entry at or below the commit index, else the
/// initial one. Only a change under way makes it scan.
fn committed_membership(node: &raft::Node, config: &SimConfig) -> raft::Membership {
    if node.membership_index() <= node.commit_index() {
        return node.membership().clone();
    }
    let log = node.log();
    let mut i = node.commit_index() + 1;
    while i > 1 {
        i -= 1;
        if let Some(raft::Entry {
            payload: raft::Payload::Config(m),
            ..
        }) = log.get(i)
        {
            return m.clone();
        }
    }
    raft::Membership::new(&config.voters(), &[], &[])
}
