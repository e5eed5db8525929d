//! The simulator's incremental safety checker against the brute-force oracle of
//! `tests/common/oracle.rs`: on random histories, with every `bug` on and off, both must report
//! the same violations (by property and key, `docs/safety-checker.md`) at the same events,
//! state 0 included.
//!
//! Histories are drawn from a seed with `sim::Rng`; the first history of each kind of
//! disagreement is shrunk and shown with its settings, preloaded logs and inputs, and the
//! states where the two sets differ. Knobs: `ORACLE_HISTORIES=n` histories per shard (default
//! 6500, eight shards); `ORACLE_SHRINK=n` replays spent shrinking each example (default 300).
//! Tools (ignored tests): `ORACLE_SEED=s cargo test -p sim --test oracle replay_one --
//! --ignored --nocapture` shrinks one history and prints it state by state;
//! `coverage_by_style` prints how often each way of drawing histories breaks each property.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Mutex;

use common::oracle::{key_of, logs_mismatch, Finding, Key, NodeState, Oracle, State};
use sim::raft::{Entry, Log, LogIndex, NodeId, Payload, PersistentState, Role, Term};
use sim::{BugName, Input, Property, Rng, SimConfig, Simulation, MICROS_PER_MS, PPM};

// ----- Histories ----------------------------------------------------------------------------

/// One step of a history: let the next event happen, or do something from outside.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Op {
    Step,
    Apply(Input),
}

/// Everything a history is made of; replaying it gives the same run.
#[derive(Clone, Debug)]
struct Plan {
    /// The seed it was drawn from (the cluster's seed too).
    seed: u64,
    config: SimConfig,
    preload: Vec<(NodeId, PersistentState)>,
    /// Whether the preloaded logs were made inconsistent on purpose.
    inconsistent: bool,
    /// How its inputs were drawn.
    style: Style,
    ops: Vec<Op>,
}

/// How the two checkers disagree about one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Disagreement {
    /// The oracle reports it; the simulator never does.
    Missed,
    /// The simulator reports it; the oracle never does.
    Extra,
    /// Both, the simulator at a later event.
    Late,
    /// Both, the simulator at an earlier event.
    Early,
    /// The simulator reports the key more than once.
    Repeated,
}

/// A kind of disagreement: the property, how, and whether the oracle's report (or the
/// simulator's, for `Extra`/`Early`) is at state 0.
type Class = (Property, Disagreement, bool);

/// A state at which the two sets differ.
#[derive(Clone, Debug)]
struct Diff {
    event: u64,
    fast: Vec<Finding>,
    oracle: Vec<Finding>,
}

/// A history being run, with both checkers compared at every state.
struct Runner {
    sim: Simulation,
    oracle: Oracle,
    ops: Vec<Op>,
    /// How many events had happened after each op.
    events_after: Vec<u64>,
    diffs: Vec<Diff>,
    /// The state at which the oracle reported each key.
    oracle_at: BTreeMap<Finding, u64>,
    /// Every state at which the simulator reported each key.
    fast_at: BTreeMap<Finding, Vec<u64>>,
    /// Some bug was on at some point.
    bugs: bool,
}

impl Runner {
    fn new(config: &SimConfig, preload: &[(NodeId, PersistentState)]) -> Runner {
        let sim = Simulation::with_logs(config.clone(), preload.to_vec()).expect("valid settings");
        let (oracle, found) = Oracle::new(&sim);
        let fast: Vec<Finding> = sim
            .violations()
            .iter()
            .map(|v| {
                assert_eq!(v.frame, 0, "a violation before any event: {v:?}");
                (v.property, key_of(v))
            })
            .collect();
        let mut runner = Runner {
            sim,
            oracle,
            ops: Vec::new(),
            events_after: Vec::new(),
            diffs: Vec::new(),
            oracle_at: BTreeMap::new(),
            fast_at: BTreeMap::new(),
            bugs: false,
        };
        runner.compare(0, fast, found);
        runner
    }

    /// Does `op`; whether it was an event.
    fn op(&mut self, op: Op) -> bool {
        self.op_frame(op).is_some()
    }

    /// Does `op`; the event it made, if it made one.
    fn op_frame(&mut self, op: Op) -> Option<sim::Frame> {
        let frame = match &op {
            Op::Step => self.sim.step(),
            Op::Apply(input) => self.sim.apply(input.clone()).ok(),
        };
        self.ops.push(op);
        self.events_after.push(self.sim.frame_count());
        self.bugs |= self.sim.bugs().any();
        let frame = frame?;
        let found = self.oracle.observe(&self.sim, &frame);
        let fast = frame
            .violations
            .iter()
            .map(|v| {
                assert_eq!(v.frame, frame.number, "{v:?}");
                (v.property, key_of(v))
            })
            .collect();
        self.compare(frame.number, fast, found);
        Some(frame)
    }

    fn compare(&mut self, event: u64, mut fast: Vec<Finding>, oracle: Vec<Finding>) {
        fast.sort();
        for f in &oracle {
            self.oracle_at.insert(*f, event);
        }
        for f in &fast {
            self.fast_at.entry(*f).or_default().push(event);
        }
        if fast != oracle {
            self.diffs.push(Diff {
                event,
                fast,
                oracle,
            });
        }
    }

    /// Every kind of disagreement in the history so far.
    fn classes(&self) -> BTreeSet<Class> {
        self.evidence().into_keys().collect()
    }

    /// Every kind of disagreement, with the first state by which it shows: any history that
    /// has the same events up to that state shows it too.
    fn evidence(&self) -> BTreeMap<Class, u64> {
        let mut classes: BTreeMap<Class, u64> = BTreeMap::new();
        let mut add = |class: Class, at: u64| {
            let e = classes.entry(class).or_insert(at);
            *e = (*e).min(at);
        };
        let keys: BTreeSet<&Finding> = self.oracle_at.keys().chain(self.fast_at.keys()).collect();
        for key in keys {
            let property = key.0;
            let oracle = self.oracle_at.get(key).copied();
            let fast = self.fast_at.get(key).map_or(&[][..], Vec::as_slice);
            match (oracle, fast.first().copied()) {
                (Some(o), None) => add((property, Disagreement::Missed, o == 0), o),
                (None, Some(f)) => add((property, Disagreement::Extra, f == 0), f),
                (Some(o), Some(f)) if f > o => add((property, Disagreement::Late, o == 0), f),
                (Some(o), Some(f)) if f < o => add((property, Disagreement::Early, f == 0), o),
                _ => {}
            }
            if fast.len() > 1 {
                add((property, Disagreement::Repeated, fast[0] == 0), fast[1]);
            }
        }
        classes
    }

    /// The properties the oracle found violated.
    fn violated(&self) -> BTreeSet<Property> {
        self.oracle.reported().iter().map(|f| f.0).collect()
    }
}

fn replay(plan: &Plan) -> Runner {
    let mut runner = Runner::new(&plan.config, &plan.preload);
    for op in &plan.ops {
        runner.op(op.clone());
    }
    runner
}

// ----- Drawing a history --------------------------------------------------------------------

/// Index into `weights`, drawn in proportion to them.
fn weighted(rng: &mut Rng, weights: &[u64]) -> usize {
    let total: u64 = weights.iter().sum();
    let mut roll = rng.below(total);
    for (i, &w) in weights.iter().enumerate() {
        if roll < w {
            return i;
        }
        roll -= w;
    }
    weights.len() - 1
}

fn draw_config(rng: &mut Rng, seed: u64) -> SimConfig {
    let nodes = [1, 2, 3, 4, 5, 7][weighted(rng, &[3, 6, 32, 18, 32, 9])];
    let mut config = SimConfig::new(nodes, seed);
    let min = rng.range_inclusive(20, 300);
    let max = if rng.chance(10) {
        min
    } else {
        min + rng.range_inclusive(1, 2 * min)
    };
    config.election_ms = (min, max);
    config.heartbeat_ms = rng.range_inclusive(1, (min / 2).max(1));
    let lat = rng.range_inclusive(1, 30);
    config.latency_ms = (lat, lat + rng.range_inclusive(0, 30));
    config.pre_vote = rng.chance(30);
    config.check_quorum = rng.chance(30);
    config.noop = rng.chance(70);
    config.batch = if rng.chance(40) {
        rng.range_inclusive(1, 3) as usize
    } else {
        rng.range_inclusive(1, 64) as usize
    };
    config
}

fn entry(term: Term, command: Option<String>) -> Entry {
    Entry {
        term,
        payload: command.map_or(Payload::Noop, |c| Payload::command(&c)),
    }
}

/// Logs as a history Raft could produce leaves them (a common past, then a branch per node in
/// a term of its own), made inconsistent on request.
fn draw_preload(rng: &mut Rng, nodes: usize, inconsistent: bool) -> Vec<(NodeId, PersistentState)> {
    let mut base = Vec::new();
    let mut term = 1;
    for i in 0..rng.below(7) {
        if rng.chance(40) {
            term += 1;
        }
        let command = rng.chance(60).then(|| format!("p{i}"));
        base.push(entry(term, command));
    }
    let top = base.last().map_or(0, |e| e.term);
    let mut logs: Vec<Vec<Entry>> = (1..=nodes as Term)
        .map(|id| {
            let mut log = base[..rng.range_inclusive(0, base.len() as u64) as usize].to_vec();
            if rng.chance(40) {
                for k in 0..rng.range_inclusive(1, 3) {
                    let command = rng.chance(60).then(|| format!("b{id}.{k}"));
                    log.push(entry(top + id, command));
                }
            }
            log
        })
        .collect();
    let highest = logs.iter().flatten().map(|e| e.term).max().unwrap_or(0);
    let mut terms: Vec<Term> = (0..nodes)
        .map(|_| highest + rng.range_inclusive(0, 2))
        .collect();
    let mut votes: Vec<Option<NodeId>> = vec![None; nodes];
    if inconsistent {
        for _ in 0..rng.range_inclusive(1, 2) {
            let n = rng.below(nodes as u64) as usize;
            match rng.below(5) {
                // The same term, another command.
                0 | 1 => {
                    if !logs[n].is_empty() {
                        let i = rng.below(logs[n].len() as u64) as usize;
                        let t = logs[n][i].term;
                        // Sometimes a command spelled like a no-op: still another entry.
                        let text = match &logs[n][i].payload {
                            Payload::Noop if rng.chance(30) => "noop".to_string(),
                            _ => format!("x{n}.{i}"),
                        };
                        logs[n][i] = entry(t, Some(text));
                    }
                }
                // Another node's term, with entries of a term nobody was elected in.
                2 => {
                    let i = rng.below(logs[n].len() as u64 + 1) as usize;
                    logs[n].truncate(i);
                    for k in 0..rng.range_inclusive(1, 3) {
                        logs[n].push(entry(top + rng.range_inclusive(1, nodes as u64), None));
                        if rng.chance(50) {
                            let last = logs[n].len() - 1;
                            logs[n][last] = entry(logs[n][last].term, Some(format!("y{n}.{k}")));
                        }
                    }
                }
                // A current term below the log's last term.
                3 => terms[n] = rng.below(highest + 1),
                // A vote already cast.
                _ => votes[n] = Some(rng.range_inclusive(1, nodes as u64) as NodeId),
            }
        }
    }
    // A node left out starts empty in term 0: only an inconsistent preload may do that (a
    // majority that never heard of a term cannot have elected the leader of its entries).
    logs.into_iter()
        .enumerate()
        .filter(|_| rng.chance(85) || !inconsistent)
        .map(|(i, log)| {
            let state = PersistentState {
                current_term: terms[i],
                voted_for: votes[i],
                log: Log::from_entries(log),
            };
            (i as NodeId + 1, state)
        })
        .collect()
}

/// How a history is driven.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// Timers on: mostly events as they come, with faults and clients now and then.
    Auto,
    /// Timers off: timeouts, deliveries and drops by hand.
    Manual,
    /// Timers off, in rounds like the paper's Figure 8: elect someone, let its entries reach
    /// some nodes, crash it.
    Rounds,
}

struct Drawer {
    rng: Rng,
    runner: Runner,
    commands: u64,
    n: u64,
}

impl Drawer {
    fn node(&mut self) -> NodeId {
        self.rng.range_inclusive(1, self.n) as NodeId
    }

    fn nodes_where(&self, f: impl Fn(&Simulation, NodeId) -> bool) -> Vec<NodeId> {
        (1..=self.n as NodeId)
            .filter(|&id| f(&self.runner.sim, id))
            .collect()
    }

    fn up_node(&mut self) -> NodeId {
        let up = self.nodes_where(|s, id| s.is_up(id));
        if up.is_empty() {
            self.node()
        } else {
            self.rng.pick(&up)
        }
    }

    fn down_node(&mut self) -> NodeId {
        let down = self.nodes_where(|s, id| !s.is_up(id));
        if down.is_empty() {
            self.node()
        } else {
            self.rng.pick(&down)
        }
    }

    /// A leader if there is one (any of them), most of the time.
    fn leaderish(&mut self) -> NodeId {
        let leaders =
            self.nodes_where(|s, id| s.node(id).is_some_and(|n| n.role() == Role::Leader));
        if !leaders.is_empty() && self.rng.chance(80) {
            self.rng.pick(&leaders)
        } else {
            self.up_node()
        }
    }

    fn command(&mut self) -> String {
        self.commands += 1;
        // Now and then the same command as last time, so that two leaders may write the same,
        // or a command spelled like a no-op (which is still not a no-op).
        if self.commands > 1 && self.rng.chance(10) {
            format!("c{}", self.commands - 1)
        } else if self.rng.chance(3) {
            "noop".to_string()
        } else {
            format!("c{}", self.commands)
        }
    }

    fn apply(&mut self, input: Input) -> bool {
        self.runner.op(Op::Apply(input))
    }

    fn step(&mut self) -> bool {
        self.runner.op(Op::Step)
    }

    /// Lets events happen until none is left (timers off) or `most` have.
    fn settle(&mut self, most: usize) {
        for _ in 0..most {
            if !self.step() {
                return;
            }
        }
    }

    fn in_flight(&self) -> Vec<(u64, NodeId, NodeId)> {
        self.runner
            .sim
            .in_flight()
            .map(|m| (m.id, m.envelope.from, m.envelope.to))
            .collect()
    }

    fn deliver_or_drop(&mut self, deliver: bool) {
        let msgs = self.in_flight();
        if msgs.is_empty() {
            self.step();
            return;
        }
        let (id, _, _) = self.rng.pick(&msgs);
        self.apply(if deliver {
            Input::Deliver(id)
        } else {
            Input::Drop(id)
        });
    }

    fn bug(&mut self) -> Input {
        let bug = self.rng.pick(BugName::ALL);
        let on = self.rng.chance(60);
        Input::Bug(bug, on)
    }

    fn latency(&mut self) -> Input {
        let min = self.rng.range_inclusive(1, 40);
        let max = min + self.rng.range_inclusive(0, 40);
        Input::Latency(min * MICROS_PER_MS, max * MICROS_PER_MS)
    }

    fn network(&mut self) -> Input {
        match self.rng.below(6) {
            0 => Input::Isolate(self.node()),
            1 => Input::Rejoin(self.node()),
            2 => {
                let mut groups = vec![Vec::new(), Vec::new()];
                for id in 1..=self.n as NodeId {
                    groups[self.rng.below(2) as usize].push(id);
                }
                Input::Partition(groups)
            }
            3 => Input::Heal,
            4 => Input::Cut {
                from: self.node(),
                to: self.node(),
                both: self.rng.chance(50),
            },
            _ => Input::Link {
                from: self.node(),
                to: self.node(),
                both: self.rng.chance(50),
            },
        }
    }

    fn timing(&mut self) -> Input {
        let min = self.rng.range_inclusive(20, 300);
        Input::Timing {
            election_ms: (min, min + self.rng.range_inclusive(0, min)),
            heartbeat_ms: self.rng.range_inclusive(1, min - 1),
        }
    }

    /// One random thing, from `weights` over: step, deliver, drop, timeout, propose,
    /// heartbeat, crash, restart, bounce, client, network, loss/latency, timers, bug,
    /// PreVote/CheckQuorum/timing, settle.
    fn random_op(&mut self, weights: &[u64; 16]) {
        match weighted(&mut self.rng, weights) {
            0 => {
                self.step();
            }
            1 => self.deliver_or_drop(true),
            2 => self.deliver_or_drop(false),
            3 => {
                // Often the node with the lowest term (with forget-vote, one that forgot).
                let lowest = (1..=self.n as NodeId)
                    .filter_map(|id| self.runner.sim.node(id).map(|n| (n.term(), id)))
                    .min();
                let id = match lowest {
                    Some((_, id)) if self.rng.chance(30) => id,
                    _ => self.up_node(),
                };
                self.apply(Input::Timeout(id));
            }
            4 => {
                let id = self.leaderish();
                let command = self.command();
                self.apply(Input::Propose(id, command));
            }
            5 => {
                let id = self.leaderish();
                self.apply(Input::Heartbeat(id));
            }
            6 => {
                let id = if self.rng.chance(40) {
                    self.leaderish()
                } else {
                    self.up_node()
                };
                self.apply(Input::Crash(id));
            }
            7 => {
                let id = self.down_node();
                self.apply(Input::Restart(id));
            }
            8 => {
                let id = self.up_node();
                self.apply(Input::Crash(id));
                self.apply(Input::Restart(id));
            }
            9 => {
                let command = self.command();
                self.apply(Input::Client(command));
            }
            10 => {
                let input = self.network();
                self.apply(input);
            }
            11 => {
                let input = if self.rng.chance(50) {
                    let percent = if self.rng.chance(30) {
                        0
                    } else {
                        self.rng.range_inclusive(1, 40) as u32
                    };
                    Input::Loss(percent * (PPM / 100))
                } else {
                    self.latency()
                };
                self.apply(input);
            }
            12 => {
                let on = self.rng.chance(50);
                self.apply(Input::Timers(on));
            }
            13 => {
                let input = self.bug();
                self.apply(input);
            }
            14 => {
                let input = match self.rng.below(3) {
                    0 => Input::PreVote(self.rng.chance(50)),
                    1 => Input::CheckQuorum(self.rng.chance(50)),
                    _ => self.timing(),
                };
                self.apply(input);
            }
            _ => {
                let most = self.rng.range_inclusive(5, 40) as usize;
                self.settle(most);
            }
        }
    }

    /// One round in the manner of Figure 8: maybe bring a node back, maybe take one down,
    /// elect a node, let its new entries reach only some nodes, perhaps commit, perhaps crash.
    fn round(&mut self) {
        if self.rng.chance(60) {
            let id = self.down_node();
            self.apply(Input::Restart(id));
        }
        // A leader left behind a partition by an earlier round.
        let stale = self.nodes_where(|s, id| {
            s.network().is_isolated(id) && s.node(id).is_some_and(|n| n.role() == Role::Leader)
        });
        // With forget-vote, nodes that come back start again from term 0 and vote again.
        if self.runner.sim.bugs().forget_vote && self.rng.chance(50) {
            for id in 1..=self.n as NodeId {
                if !stale.contains(&id) && self.rng.chance(60) {
                    self.apply(Input::Crash(id));
                    self.apply(Input::Restart(id));
                }
            }
        }
        for id in 1..=self.n as NodeId {
            let isolated = self.runner.sim.network().is_isolated(id);
            if isolated && !stale.contains(&id) && self.rng.chance(50) {
                self.apply(Input::Rejoin(id));
            }
        }
        // It comes back (most often the one of the oldest term) and replicates what it is
        // given to whoever still listens to its term.
        if !stale.is_empty() && self.rng.chance(60) {
            let oldest = stale
                .iter()
                .copied()
                .min_by_key(|&id| self.runner.sim.node(id).map(|n| n.term()));
            let old = match oldest {
                Some(id) if self.rng.chance(70) => id,
                _ => self.rng.pick(&stale),
            };
            self.apply(Input::Rejoin(old));
            let command = self.command();
            self.apply(Input::Propose(old, command));
            for (id, from, _) in self.in_flight() {
                if from == old {
                    let deliver = self.rng.chance(60);
                    self.apply(if deliver {
                        Input::Deliver(id)
                    } else {
                        Input::Drop(id)
                    });
                }
            }
            self.settle(30);
        }
        if self.rng.chance(30) {
            let id = self.up_node();
            self.apply(Input::Crash(id));
        }
        // Often the node with the lowest term (one that forgot), else any.
        let lowest = (1..=self.n as NodeId)
            .filter_map(|id| self.runner.sim.node(id).map(|n| (n.term(), id)))
            .min();
        let candidate = match lowest {
            Some((_, id)) if self.rng.chance(50) => id,
            _ => self.up_node(),
        };
        for _ in 0..self.rng.range_inclusive(1, 2) {
            self.apply(Input::Timeout(candidate));
            self.settle(60);
        }
        let leading = self
            .runner
            .sim
            .node(candidate)
            .is_some_and(|n| n.role() == Role::Leader);
        if !leading {
            return;
        }
        for _ in 0..self.rng.range_inclusive(0, 2) {
            let command = self.command();
            self.apply(Input::Propose(candidate, command));
        }
        // Each follower hears the leader with some chance; the rest of its messages are lost.
        let reach = self.rng.range_inclusive(0, 100);
        let heard: Vec<NodeId> = (1..=self.n as NodeId)
            .filter(|_| self.rng.chance(reach))
            .collect();
        for _ in 0..self.rng.range_inclusive(1, 3) {
            for (id, from, to) in self.in_flight() {
                if from == candidate {
                    self.apply(if heard.contains(&to) {
                        Input::Deliver(id)
                    } else {
                        Input::Drop(id)
                    });
                }
            }
            self.settle(30);
            if self.rng.chance(50) {
                self.apply(Input::Heartbeat(candidate));
            }
        }
        if self.rng.chance(60) {
            self.apply(Input::Crash(candidate));
        } else if self.rng.chance(50) {
            self.apply(Input::Isolate(candidate));
        }
    }
}

/// Draws a history from `seed` and runs it; returns the plan (for replay) and the run.
fn draw_and_run(seed: u64) -> (Plan, Runner) {
    let mut rng = Rng::new(seed ^ 0x0_4ac1_e5ee_d5ee_d000);
    let style = [Style::Auto, Style::Manual, Style::Rounds][weighted(&mut rng, &[25, 35, 40])];
    let mut config = draw_config(&mut rng, seed);
    if style == Style::Rounds && rng.chance(50) {
        config.noop = false;
    }
    let with_bugs = rng.chance(75);
    let (preload, inconsistent) = if rng.chance(30) {
        let inconsistent = rng.chance(50);
        (
            draw_preload(&mut rng, config.nodes, inconsistent),
            inconsistent,
        )
    } else {
        (Vec::new(), false)
    };
    let runner = Runner::new(&config, &preload);
    let n = config.nodes as u64;
    let mut d = Drawer {
        rng,
        runner,
        commands: 0,
        n,
    };
    if with_bugs {
        for &bug in BugName::ALL {
            let chance = match (style, bug) {
                (Style::Rounds, BugName::CommitOldTerms) => 85,
                (_, BugName::NoJitter) => 25,
                _ => 50,
            };
            if d.rng.chance(chance) {
                d.apply(Input::Bug(bug, true));
            }
        }
    }
    // How often a bug is switched in the middle of the run (weight out of the rest).
    let toggles = if with_bugs { 2 } else { 0 };
    match style {
        Style::Auto => {
            for _ in 0..d.rng.range_inclusive(100, 600) {
                // step, deliver, drop, timeout, propose, heartbeat, crash, restart, bounce,
                // client, network, loss/latency, timers, bug, settings, settle
                d.random_op(&[150, 3, 2, 4, 8, 2, 4, 6, 3, 6, 5, 2, 1, toggles, 2, 4]);
            }
        }
        Style::Manual => {
            d.apply(Input::Timers(false));
            for _ in 0..d.rng.range_inclusive(60, 400) {
                d.random_op(&[20, 28, 6, 9, 10, 5, 4, 5, 4, 1, 3, 1, 1, toggles, 1, 3]);
            }
        }
        Style::Rounds => {
            d.apply(Input::Timers(false));
            for _ in 0..d.rng.range_inclusive(3, 20) {
                d.round();
                if with_bugs && d.rng.chance(15) {
                    let input = d.bug();
                    d.apply(input);
                }
                if d.rng.chance(20) {
                    d.random_op(&[5, 5, 2, 3, 3, 2, 2, 2, 2, 0, 2, 0, 0, 0, 0, 2]);
                }
            }
        }
    }
    let plan = Plan {
        seed,
        config,
        preload,
        inconsistent,
        style,
        ops: d.runner.ops.clone(),
    };
    (plan, d.runner)
}

// ----- Shrinking and showing a mismatch -----------------------------------------------------

/// A smaller plan that still shows `class`, within `budget` replays.
fn shrink(plan: &Plan, class: Class, mut budget: usize) -> Plan {
    let mut best = plan.clone();
    let holds = |p: &Plan, budget: &mut usize| {
        *budget = budget.saturating_sub(1);
        replay(p).classes().contains(&class)
    };
    // Nothing after the state that shows the disagreement is needed.
    let runner = replay(&best);
    if let Some(&at) = runner.evidence().get(&class) {
        let keep = runner.events_after.iter().take_while(|&&e| e < at).count() + 1;
        best.ops.truncate(keep);
    }
    // Fewer preloaded logs, shorter ones.
    let mut i = 0;
    while i < best.preload.len() && budget > 0 {
        let mut cand = best.clone();
        cand.preload.remove(i);
        if holds(&cand, &mut budget) {
            best = cand;
        } else {
            i += 1;
        }
    }
    // Fewer inputs: drop chunks, halving their size when none can go.
    let mut chunk = best.ops.len().div_ceil(2).max(1);
    loop {
        let mut i = 0;
        while i < best.ops.len() && budget > 0 {
            let mut cand = best.clone();
            cand.ops.drain(i..(i + chunk).min(best.ops.len()));
            if holds(&cand, &mut budget) {
                best = cand;
            } else {
                i += chunk;
            }
        }
        if chunk == 1 || budget == 0 {
            break;
        }
        chunk = chunk.div_ceil(2);
    }
    // Plainer settings.
    let simpler: [fn(&mut SimConfig); 4] = [
        |c| c.pre_vote = false,
        |c| c.check_quorum = false,
        |c| c.batch = 64,
        |c| c.noop = true,
    ];
    for simplify in simpler {
        let mut cand = best.clone();
        simplify(&mut cand.config);
        if budget > 0 && cand.config != best.config && holds(&cand, &mut budget) {
            best = cand;
        }
    }
    best
}

fn show_input(input: &Input) -> String {
    let on = |b: &bool| if *b { "on" } else { "off" };
    let arrow = |both: &bool| if *both { "<->" } else { "->" };
    match input {
        Input::Crash(n) => format!("crash {n}"),
        Input::Restart(n) => format!("restart {n}"),
        Input::Isolate(n) => format!("isolate {n}"),
        Input::Rejoin(n) => format!("rejoin {n}"),
        Input::Partition(groups) => {
            let groups: Vec<String> = groups
                .iter()
                .map(|g| {
                    g.iter()
                        .map(|n| n.to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect();
            format!("partition {}", groups.join(" | "))
        }
        Input::Heal => "heal".to_string(),
        Input::Cut { from, to, both } => format!("cut {from}{}{to}", arrow(both)),
        Input::Link { from, to, both } => format!("link {from}{}{to}", arrow(both)),
        Input::Loss(ppm) => format!("loss {ppm}ppm"),
        Input::Latency(a, b) => format!("latency {a}..{b}us"),
        Input::Timers(b) => format!("timers {}", on(b)),
        Input::Timeout(n) => format!("timeout {n}"),
        Input::Heartbeat(n) => format!("heartbeat {n}"),
        Input::Propose(n, c) => format!("propose {n} {c}"),
        Input::Client(c) => format!("client {c}"),
        Input::Deliver(id) => format!("deliver #{id}"),
        Input::Drop(id) => format!("drop #{id}"),
        Input::Duplicate(id) => format!("duplicate #{id}"),
        Input::Change(c) => format!("change {c:?}"),
        Input::Transfer(n) => format!("transfer {n}"),
        Input::AddServer(n) => format!("add-server {n}"),
        Input::Bug(bug, b) => format!("bug {bug} {}", on(b)),
        Input::PreVote(b) => format!("prevote {}", on(b)),
        Input::CheckQuorum(b) => format!("checkquorum {}", on(b)),
        Input::Timing {
            election_ms,
            heartbeat_ms,
        } => format!(
            "timing election={}..{} heartbeat={heartbeat_ms}",
            election_ms.0, election_ms.1
        ),
    }
}

fn show_ops(ops: &[Op]) -> String {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        match &ops[i] {
            Op::Step => {
                let run = ops[i..].iter().take_while(|o| **o == Op::Step).count();
                out.push(if run == 1 {
                    "step".to_string()
                } else {
                    format!("step x{run}")
                });
                i += run;
            }
            Op::Apply(input) => {
                out.push(show_input(input));
                i += 1;
            }
        }
    }
    out.join("; ")
}

fn show_log(log: &Log) -> String {
    let entries: Vec<String> = log
        .entries()
        .iter()
        .map(|e| match &e.payload {
            Payload::Noop => e.term.to_string(),
            // A command that reads like a no-op is quoted, so the two are told apart.
            Payload::Command(c) if &**c == "noop" => format!("{}:\"noop\"", e.term),
            Payload::Command(c) => format!("{}:{c}", e.term),
            Payload::Config(m) => format!("{}:[{}]", e.term, m.describe()),
        })
        .collect();
    format!("[{}]", entries.join(","))
}

fn show_plan(plan: &Plan) -> String {
    let c = &plan.config;
    let mut out = format!(
        "seed {} — {} nodes, election {}..{} ms, heartbeat {} ms, latency {}..{} ms, prevote {}, \
         checkquorum {}, noop {}, batch {}\n",
        plan.seed,
        c.nodes,
        c.election_ms.0,
        c.election_ms.1,
        c.heartbeat_ms,
        c.latency_ms.0,
        c.latency_ms.1,
        c.pre_vote,
        c.check_quorum,
        c.noop,
        c.batch
    );
    for (id, p) in &plan.preload {
        let _ = writeln!(
            out,
            "  preload {id}: term {} vote {:?} log {}",
            p.current_term,
            p.voted_for,
            show_log(&p.log)
        );
    }
    let _ = writeln!(out, "  inputs: {}", show_ops(&plan.ops));
    out
}

fn show_findings(findings: &[Finding]) -> String {
    let items: Vec<String> = findings
        .iter()
        .map(|(p, k)| {
            let key = match k {
                Key::Term(t) => format!("term {t}"),
                Key::NodeTerm(n, t) => format!("node {n} term {t}"),
                Key::Pair(a, b) => format!("nodes {a},{b}"),
                Key::Index(i) => format!("index {i}"),
            };
            format!("{p}({key})")
        })
        .collect();
    format!("{{{}}}", items.join(", "))
}

fn show_diffs(runner: &Runner) -> String {
    let mut out = String::new();
    for d in runner.diffs.iter().take(8) {
        let _ = writeln!(
            out,
            "  state {}: simulator {} oracle {}",
            d.event,
            show_findings(&d.fast),
            show_findings(&d.oracle)
        );
    }
    if runner.diffs.len() > 8 {
        let _ = writeln!(out, "  ... {} more", runner.diffs.len() - 8);
    }
    out
}

// ----- The property test --------------------------------------------------------------------

/// What a batch of histories came to.
#[derive(Clone, Debug, Default)]
struct Tally {
    histories: u64,
    with_bugs: u64,
    preloaded: u64,
    inconsistent: u64,
    events: u64,
    /// Histories in which the oracle found each property violated, with bugs on / off.
    violated: BTreeMap<(Property, bool), u64>,
    mismatching: u64,
    /// Per kind of disagreement: how many histories, and the first one's seed.
    classes: BTreeMap<Class, (u64, u64)>,
    /// Histories without bugs and with consistent (or no) preloaded logs that the oracle
    /// found unsafe: Raft itself would be broken.
    unsafe_without_bugs: Vec<u64>,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.histories += other.histories;
        self.with_bugs += other.with_bugs;
        self.preloaded += other.preloaded;
        self.inconsistent += other.inconsistent;
        self.events += other.events;
        for (k, v) in &other.violated {
            *self.violated.entry(*k).or_default() += v;
        }
        self.mismatching += other.mismatching;
        for (k, (count, seed)) in &other.classes {
            let e = self.classes.entry(*k).or_insert((0, *seed));
            e.0 += count;
        }
        self.unsafe_without_bugs
            .extend(other.unsafe_without_bugs.iter().copied());
    }

    fn summary(&self, title: &str) -> String {
        let mut out = format!(
            "{title}: {} histories ({} with bugs, {} without; {} with preloaded logs, {} of \
             them inconsistent), {} events\n",
            self.histories,
            self.with_bugs,
            self.histories - self.with_bugs,
            self.preloaded,
            self.inconsistent,
            self.events
        );
        for &p in Property::ALL {
            let on = self.violated.get(&(p, true)).copied().unwrap_or(0);
            let off = self.violated.get(&(p, false)).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "  {:<22} violated in {on:>5} histories with bugs, {off:>5} without",
                p.name()
            );
        }
        let _ = writeln!(
            out,
            "  histories where the checkers disagree: {}",
            self.mismatching
        );
        for ((p, how, zero), (count, seed)) in &self.classes {
            let at = if *zero { " at state 0" } else { "" };
            let _ = writeln!(
                out,
                "    {p} {how:?}{at}: {count} histories (first: seed {seed})"
            );
        }
        out
    }
}

/// Every shard's tally, for one total once all have run.
static TOTAL: Mutex<(Tally, usize)> = Mutex::new((
    Tally {
        histories: 0,
        with_bugs: 0,
        preloaded: 0,
        inconsistent: 0,
        events: 0,
        violated: BTreeMap::new(),
        mismatching: 0,
        classes: BTreeMap::new(),
        unsafe_without_bugs: Vec::new(),
    },
    0,
));

const SHARDS: usize = 8;
const HISTORIES_PER_SHARD: u64 = 6_500;

fn histories_per_shard() -> u64 {
    std::env::var("ORACLE_HISTORIES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(HISTORIES_PER_SHARD)
}

fn shard(index: u64) {
    let count = histories_per_shard();
    let mut tally = Tally::default();
    let mut examples: BTreeMap<Class, Plan> = BTreeMap::new();
    for k in 0..count {
        let seed = index * 1_000_000 + k;
        let (plan, runner) = draw_and_run(seed);
        tally.histories += 1;
        tally.with_bugs += u64::from(runner.bugs);
        tally.preloaded += u64::from(!plan.preload.is_empty());
        tally.inconsistent += u64::from(plan.inconsistent);
        tally.events += runner.sim.frame_count();
        for p in runner.violated() {
            *tally.violated.entry((p, runner.bugs)).or_default() += 1;
        }
        if !runner.bugs && !plan.inconsistent && !runner.oracle.reported().is_empty() {
            tally.unsafe_without_bugs.push(seed);
        }
        if !runner.diffs.is_empty() {
            tally.mismatching += 1;
            for class in runner.classes() {
                tally.classes.entry(class).or_insert((0, seed)).0 += 1;
                examples.entry(class).or_insert_with(|| plan.clone());
            }
        }
    }
    println!("{}", tally.summary(&format!("shard {index}")));
    {
        let mut total = TOTAL.lock().unwrap_or_else(|e| e.into_inner());
        total.0.add(&tally);
        total.1 += 1;
        if total.1 == SHARDS {
            println!("{}", total.0.summary("all shards"));
        }
    }

    let mut problems = String::new();
    if !examples.is_empty() {
        let budget: usize = std::env::var("ORACLE_SHRINK")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(300);
        let _ = writeln!(
            problems,
            "the simulator's checker and the oracle disagree in {} of {} histories:",
            tally.mismatching, tally.histories
        );
        for (class, plan) in &examples {
            let small = shrink(plan, *class, budget);
            let runner = replay(&small);
            let (p, how, zero) = class;
            let at = if *zero { " at state 0" } else { "" };
            let _ = writeln!(
                problems,
                "\n{p} {how:?}{at} ({} histories), shrunk from seed {}:\n{}{}",
                tally.classes[class].0,
                plan.seed,
                show_plan(&small),
                show_diffs(&runner)
            );
        }
    }
    if !tally.unsafe_without_bugs.is_empty() {
        let _ = writeln!(
            problems,
            "\nhistories without a bug or an inconsistent preload that the oracle found unsafe: \
             seeds {:?}",
            &tally.unsafe_without_bugs[..tally.unsafe_without_bugs.len().min(20)]
        );
    }
    // A test whose histories never break anything proves nothing: with bugs on, each property
    // the nodes can break must be broken in a good number of histories. Leader append-only
    // cannot be: a leader's log only changes by its own appends (an AppendEntries makes it a
    // follower before it touches its log), whatever the bugs, so it is checked by the unit
    // tests below only.
    let needed = (tally.with_bugs / 50).max(1);
    for &p in Property::ALL {
        if p == Property::LeaderAppendOnly {
            continue;
        }
        let got = tally.violated.get(&(p, true)).copied().unwrap_or(0);
        if got < needed {
            let _ = writeln!(
                problems,
                "\nonly {got} of {} histories with bugs violated {p} (wanted {needed})",
                tally.with_bugs
            );
        }
    }
    assert!(problems.is_empty(), "shard {index}: {problems}");
}

#[test]
fn checkers_agree_shard_0() {
    shard(0);
}

#[test]
fn checkers_agree_shard_1() {
    shard(1);
}

#[test]
fn checkers_agree_shard_2() {
    shard(2);
}

#[test]
fn checkers_agree_shard_3() {
    shard(3);
}

#[test]
fn checkers_agree_shard_4() {
    shard(4);
}

#[test]
fn checkers_agree_shard_5() {
    shard(5);
}

#[test]
fn checkers_agree_shard_6() {
    shard(6);
}

#[test]
fn checkers_agree_shard_7() {
    shard(7);
}

/// How often each style of history breaks each property (for tuning the drawing).
#[test]
#[ignore]
fn coverage_by_style() {
    let mut counts: BTreeMap<(String, Property), u64> = BTreeMap::new();
    let mut totals: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    // Leader-completeness found in an event that did not touch the leader (a commitment
    // made elsewhere): the case an incremental checker is likeliest to miss.
    let mut untouched = 0;
    for seed in 0..histories_per_shard() {
        let (plan, _) = draw_and_run(seed);
        let mut runner = Runner::new(&plan.config, &plan.preload);
        for op in &plan.ops {
            let before = runner.oracle.reported().clone();
            if let Some(frame) = runner.op_frame(op.clone()) {
                for f in runner.oracle.reported().difference(&before) {
                    if let (Property::LeaderCompleteness, Key::NodeTerm(n, _)) = f {
                        let touched = frame.events.iter().any(|(m, _)| m == n)
                            || frame.applied.iter().any(|(m, _, _)| m == n);
                        untouched += u64::from(!touched);
                    }
                }
            }
        }
        let style = format!("{:?}{}", plan.style, if runner.bugs { "+bugs" } else { "" });
        let t = totals.entry(style.clone()).or_default();
        t.0 += 1;
        t.1 += runner.sim.frame_count();
        for p in runner.violated() {
            *counts.entry((style.clone(), p)).or_default() += 1;
        }
    }
    for (style, (n, events)) in &totals {
        let per: Vec<String> = Property::ALL
            .iter()
            .map(|p| format!("{p} {}", counts.get(&(style.clone(), *p)).unwrap_or(&0)))
            .collect();
        println!(
            "{style}: {n} histories, {} events each; {}",
            events / n,
            per.join(", ")
        );
    }
    println!("leader-completeness found in an event that did not touch the leader: {untouched}");
}

/// Replays the history of `ORACLE_SEED`, shrinks it for its first kind of disagreement (or
/// the one at position `ORACLE_CLASS` among them), and prints the small one event by event.
#[test]
#[ignore]
fn replay_one() {
    let seed: u64 = std::env::var("ORACLE_SEED")
        .expect("set ORACLE_SEED")
        .parse()
        .expect("a number");
    let (plan, runner) = draw_and_run(seed);
    println!("{:?} {}", plan.style, show_plan(&plan));
    let classes: Vec<Class> = runner.classes().into_iter().collect();
    println!("oracle reported: {:?}", runner.oracle_at);
    println!("classes of disagreement: {classes:?}");
    print!("{}", show_diffs(&runner));
    let which: usize = std::env::var("ORACLE_CLASS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let Some(&class) = classes.get(which) else {
        return;
    };
    let small = shrink(&plan, class, 3_000);
    println!("shrunk for {class:?}:\n{}", show_plan(&small));
    let mut runner = Runner::new(&small.config, &small.preload);
    println!("state 0: {}", show_state(&runner.sim));
    for op in &small.ops {
        let before = runner.diffs.len();
        let what = match op {
            Op::Step => "step".to_string(),
            Op::Apply(input) => show_input(input),
        };
        if runner.op(op.clone()) {
            let mut line = format!(
                "state {} ({what}): {}",
                runner.sim.frame_count(),
                show_state(&runner.sim)
            );
            if runner.diffs.len() > before {
                let d = runner.diffs.last().expect("a diff");
                let _ = write!(
                    line,
                    "\n    DIFF simulator {} oracle {}",
                    show_findings(&d.fast),
                    show_findings(&d.oracle)
                );
            }
            println!("{line}");
        }
    }
    println!("oracle reported: {:?}", runner.oracle_at);
    println!("simulator reported: {:?}", runner.fast_at);
}

fn show_state(sim: &Simulation) -> String {
    let nodes: Vec<String> = (1..=sim.size() as NodeId)
        .map(|id| {
            let log = show_log(sim.log(id).expect("a node"));
            match sim.node(id) {
                Some(n) => {
                    let role = match n.role() {
                        Role::Leader => "L",
                        Role::Candidate => "C",
                        Role::PreCandidate => "P",
                        Role::Follower => "F",
                    };
                    format!("{id}:{role}@{} c{} {log}", n.term(), n.commit_index())
                }
                None => format!("{id}:down {log}"),
            }
        })
        .collect();
    nodes.join("  ")
}

// ----- The oracle on hand-built histories ---------------------------------------------------

fn noop(term: Term) -> Entry {
    Entry::noop(term)
}

fn cmd(term: Term, text: &str) -> Entry {
    Entry {
        term,
        payload: Payload::command(text),
    }
}

fn leader(term: Term, log: Vec<Entry>, commit: LogIndex) -> NodeState {
    NodeState::up(Role::Leader, term, log, commit)
}

fn follower(term: Term, log: Vec<Entry>, commit: LogIndex) -> NodeState {
    NodeState::up(Role::Follower, term, log, commit)
}

fn state(nodes: Vec<NodeState>) -> State {
    State { nodes }
}

#[test]
fn oracle_holds_a_leader_to_commitments_of_every_earlier_term() {
    // vote-ignores-log: term 1 commits [1,1x] on nodes 1 and 2; node 2 leads term 2 with
    // every entry (complete), while node 3, a follower of term 2, has committed only [1];
    // then node 3 leads term 3 with [1,3]. Compared with term 2's commitments only, it would
    // pass; it lacks term 1's.
    let empty = || follower(0, vec![], 0);
    let (mut oracle, at0) = Oracle::start(state(vec![empty(), empty(), empty()]));
    assert!(at0.is_empty());
    let term1 = vec![noop(1), cmd(1, "x")];
    let s1 = state(vec![
        leader(1, term1.clone(), 2),
        follower(1, term1.clone(), 2),
        follower(1, vec![noop(1)], 1),
    ]);
    assert!(oracle.next(s1, &[]).is_empty());
    let s2 = state(vec![
        NodeState::down(1, term1.clone()),
        leader(2, term1.clone(), 0),
        follower(2, vec![noop(1)], 1),
    ]);
    assert!(
        oracle.next(s2, &[]).is_empty(),
        "the term-2 leader is complete"
    );
    let s3 = state(vec![
        NodeState::down(1, term1.clone()),
        NodeState::down(2, term1.clone()),
        leader(3, vec![noop(1), noop(3)], 0),
    ]);
    assert_eq!(
        oracle.next(s3.clone(), &[]),
        vec![(Property::LeaderCompleteness, Key::NodeTerm(3, 3))]
    );
    // Once per key: the same leader in the next state is not reported again.
    assert!(oracle.next(s3, &[]).is_empty());
}

#[test]
fn oracle_counts_a_commitment_from_the_same_state_and_only_from_lower_terms() {
    let (mut oracle, _) = Oracle::start(state(vec![follower(0, vec![], 0); 3]));
    // Node 2 commits [1x] in term 1 in the very state where node 1 leads term 2 without it:
    // d = e counts.
    let s1 = state(vec![
        leader(2, vec![noop(2)], 0),
        follower(1, vec![cmd(1, "x")], 1),
        follower(0, vec![], 0),
    ]);
    assert_eq!(
        oracle.next(s1, &[]),
        vec![(Property::LeaderCompleteness, Key::NodeTerm(1, 2))]
    );
    // A commitment of the leader's own term does not count, nor one from a down node, and a
    // commit index past the end of the log counts only up to the log's end.
    let (mut oracle, _) = Oracle::start(state(vec![follower(0, vec![], 0); 3]));
    let s1 = state(vec![
        leader(2, vec![noop(1)], 0),
        follower(2, vec![noop(1), cmd(2, "y")], 2),
        NodeState::down(1, vec![noop(1), cmd(1, "z")]),
    ]);
    assert!(oracle.next(s1, &[]).is_empty());
    let s2 = state(vec![
        leader(2, vec![noop(1)], 0),
        follower(2, vec![noop(1), cmd(2, "y")], 2),
        follower(1, vec![noop(1)], 7),
    ]);
    assert!(oracle.next(s2, &[]).is_empty());
    // A later commitment of an earlier term makes an earlier leader incomplete.
    let s3 = state(vec![
        leader(2, vec![noop(1)], 0),
        follower(2, vec![noop(1), cmd(2, "y")], 2),
        follower(1, vec![noop(1), cmd(1, "w")], 2),
    ]);
    assert_eq!(
        oracle.next(s3, &[]),
        vec![(Property::LeaderCompleteness, Key::NodeTerm(1, 2))]
    );
}

#[test]
fn oracle_finds_two_leaders_of_a_term_even_at_different_states() {
    let (mut oracle, _) = Oracle::start(state(vec![follower(0, vec![], 0); 3]));
    let s1 = state(vec![
        leader(1, vec![], 0),
        follower(1, vec![], 0),
        follower(0, vec![], 0),
    ]);
    assert!(oracle.next(s1, &[]).is_empty());
    // Node 1 crashes; it stays the leader of term 1 in the record.
    let s2 = state(vec![
        NodeState::down(1, vec![]),
        follower(1, vec![], 0),
        follower(0, vec![], 0),
    ]);
    assert!(oracle.next(s2, &[]).is_empty());
    let s3 = state(vec![
        NodeState::down(1, vec![]),
        follower(1, vec![], 0),
        leader(1, vec![], 0),
    ]);
    assert_eq!(
        oracle.next(s3, &[]),
        vec![(Property::ElectionSafety, Key::Term(1))]
    );
    // A third leader of term 1 is the same key; a leader of another term is fine.
    let s4 = state(vec![
        NodeState::down(1, vec![]),
        leader(1, vec![], 0),
        leader(2, vec![], 0),
    ]);
    assert!(oracle.next(s4, &[]).is_empty());
}

#[test]
fn oracle_finds_a_leader_losing_entries_within_its_tenure_only() {
    let log = vec![noop(1), cmd(1, "a")];
    let (mut oracle, _) = Oracle::start(state(vec![leader(1, log.clone(), 0)]));
    // Appending is fine.
    let longer = vec![noop(1), cmd(1, "a"), cmd(1, "b")];
    assert!(oracle
        .next(state(vec![leader(1, longer, 0)]), &[])
        .is_empty());
    // Replacing an entry is not.
    let replaced = vec![noop(1), cmd(1, "a"), cmd(1, "B")];
    assert_eq!(
        oracle.next(state(vec![leader(1, replaced, 0)]), &[]),
        vec![(Property::LeaderAppendOnly, Key::NodeTerm(1, 1))]
    );
    // A new tenure (after a crash) starts afresh, and so does a new term.
    let (mut oracle, _) = Oracle::start(state(vec![leader(1, log.clone(), 0)]));
    assert!(oracle
        .next(state(vec![NodeState::down(1, log.clone())]), &[])
        .is_empty());
    assert!(oracle
        .next(state(vec![leader(1, vec![noop(1)], 0)]), &[])
        .is_empty());
    assert!(oracle
        .next(state(vec![leader(2, vec![], 0)]), &[])
        .is_empty());
    // Removing the last entry.
    assert!(oracle
        .next(state(vec![leader(2, vec![noop(2)], 0)]), &[])
        .is_empty());
    assert_eq!(
        oracle.next(state(vec![leader(2, vec![], 0)]), &[]),
        vec![(Property::LeaderAppendOnly, Key::NodeTerm(1, 2))]
    );
}

#[test]
fn oracle_finds_logs_that_do_not_match() {
    // Same term at an index, different before it.
    assert!(logs_mismatch(
        &[cmd(1, "a"), noop(2)],
        &[cmd(1, "b"), noop(2), noop(2)]
    ));
    // Same term at the index itself, different commands.
    assert!(logs_mismatch(&[cmd(1, "a")], &[cmd(1, "b")]));
    // Different from some index on, with no term in common from there: fine.
    assert!(!logs_mismatch(
        &[noop(1), cmd(2, "a"), noop(4)],
        &[noop(1), cmd(3, "a"), noop(3)]
    ));
    // A prefix, an empty log, identical logs.
    assert!(!logs_mismatch(&[noop(1)], &[noop(1), noop(2)]));
    assert!(!logs_mismatch(&[], &[noop(1)]));
    assert!(!logs_mismatch(&[noop(1), noop(2)], &[noop(1), noop(2)]));

    // In state 0, and with down nodes: every pair is checked, lower id first.
    let (mut oracle, at0) = Oracle::start(state(vec![
        NodeState::down(2, vec![cmd(1, "a"), noop(2)]),
        follower(3, vec![noop(3)], 0),
        follower(2, vec![cmd(1, "b"), noop(2)], 0),
    ]));
    assert_eq!(at0, vec![(Property::LogMatching, Key::Pair(1, 3))]);
    // Unchanged logs keep their status; a change that makes a pair match is checked.
    assert!(oracle
        .next(
            state(vec![
                NodeState::down(2, vec![cmd(1, "a"), noop(2)]),
                follower(3, vec![noop(3)], 0),
                follower(2, vec![cmd(1, "b"), noop(2)], 0),
            ]),
            &[]
        )
        .is_empty());
    assert_eq!(
        oracle.next(
            state(vec![
                NodeState::down(2, vec![cmd(1, "a"), noop(2)]),
                follower(3, vec![noop(3)], 0),
                follower(3, vec![cmd(3, "c")], 0),
            ]),
            &[]
        ),
        vec![(Property::LogMatching, Key::Pair(2, 3))]
    );
}

#[test]
fn oracle_finds_two_entries_applied_at_one_index() {
    let nodes = || state(vec![follower(1, vec![noop(1)], 1); 2]);
    let (mut oracle, _) = Oracle::start(nodes());
    assert!(oracle
        .next(nodes(), &[(1, 1, noop(1)), (2, 1, noop(1))])
        .is_empty());
    assert!(oracle.next(nodes(), &[(1, 2, cmd(1, "a"))]).is_empty());
    // One node applying another entry at index 2 later is a violation.
    assert_eq!(
        oracle.next(nodes(), &[(1, 2, cmd(2, "a"))]),
        vec![(Property::StateMachineSafety, Key::Index(2))]
    );
    assert!(oracle.next(nodes(), &[(2, 2, cmd(1, "b"))]).is_empty());
}

/// Lets every message in flight arrive (timers are off).
fn settle(sim: &mut Simulation, oracle: &mut Oracle, found: &mut BTreeSet<Finding>) {
    while let Some(frame) = sim.step() {
        found.extend(oracle.observe(sim, &frame));
    }
}

fn act(sim: &mut Simulation, oracle: &mut Oracle, found: &mut BTreeSet<Finding>, input: Input) {
    let frame = sim.apply(input).unwrap();
    found.extend(oracle.observe(sim, &frame));
}

#[test]
fn oracle_on_the_simulator_sees_vote_ignores_log_lose_a_committed_entry() {
    // scenarios/bug-vote-ignores-log.raft, through the simulator.
    let mut sim = Simulation::new(SimConfig::new(3, 1)).unwrap();
    let (mut oracle, at0) = Oracle::new(&sim);
    assert!(at0.is_empty());
    let mut found = BTreeSet::new();
    let f = &mut found;
    act(
        &mut sim,
        &mut oracle,
        f,
        Input::Bug(BugName::VoteIgnoresLog, true),
    );
    act(&mut sim, &mut oracle, f, Input::Timers(false));
    act(&mut sim, &mut oracle, f, Input::Timeout(1));
    settle(&mut sim, &mut oracle, f);
    assert_eq!(sim.node(1).unwrap().role(), Role::Leader);
    act(&mut sim, &mut oracle, f, Input::Crash(3));
    act(
        &mut sim,
        &mut oracle,
        f,
        Input::Propose(1, "set x 1".into()),
    );
    settle(&mut sim, &mut oracle, f);
    act(&mut sim, &mut oracle, f, Input::Heartbeat(1));
    settle(&mut sim, &mut oracle, f);
    assert_eq!(sim.node(2).unwrap().commit_index(), 2);
    assert!(f.is_empty(), "{f:?}");
    act(&mut sim, &mut oracle, f, Input::Crash(1));
    act(&mut sim, &mut oracle, f, Input::Restart(3));
    act(&mut sim, &mut oracle, f, Input::Timeout(3));
    // Reported at the very event node 3 becomes leader, with [1, 2] and not `set x 1`.
    while sim.node(3).unwrap().role() != Role::Leader {
        let frame = sim.step().expect("node 3 wins");
        f.extend(oracle.observe(&sim, &frame));
    }
    assert_eq!(
        *f,
        BTreeSet::from([(Property::LeaderCompleteness, Key::NodeTerm(3, 2))])
    );
    // Node 2 then replaces its applied `set x 1` with node 3's no-op, and applies that.
    act(&mut sim, &mut oracle, f, Input::Heartbeat(3));
    settle(&mut sim, &mut oracle, f);
    assert_eq!(
        *f,
        BTreeSet::from([
            (Property::LeaderCompleteness, Key::NodeTerm(3, 2)),
            (Property::StateMachineSafety, Key::Index(2)),
        ])
    );
}

#[test]
fn oracle_on_the_simulator_checks_preloaded_logs_at_state_0() {
    let same_term_other_command = vec![
        (1, persistent(2, vec![noop(1), cmd(2, "a")])),
        (2, persistent(2, vec![noop(1), cmd(2, "b")])),
        (3, persistent(2, vec![noop(1)])),
    ];
    let sim = Simulation::with_logs(SimConfig::new(3, 1), same_term_other_command).unwrap();
    let (_, at0) = Oracle::new(&sim);
    assert_eq!(at0, vec![(Property::LogMatching, Key::Pair(1, 2))]);
}

fn persistent(term: Term, log: Vec<Entry>) -> PersistentState {
    PersistentState {
        current_term: term,
        voted_for: None,
        log: Log::from_entries(log),
    }
}

// ----- Both checkers on hand-made histories -------------------------------------------------

/// A history driven by hand, both checkers compared at every state.
struct Hand {
    runner: Runner,
}

impl Hand {
    fn new(nodes: usize, preload: Vec<(NodeId, PersistentState)>) -> Hand {
        Hand {
            runner: Runner::new(&SimConfig::new(nodes, 1), &preload),
        }
    }

    fn input(&mut self, input: Input) -> &mut Self {
        let shown = show_input(&input);
        assert!(self.runner.op(Op::Apply(input)), "`{shown}` was refused");
        self
    }

    /// Delivers every message in flight, and whatever they cause (timers must be off).
    fn settle(&mut self) -> &mut Self {
        for _ in 0..10_000 {
            if !self.runner.op(Op::Step) {
                return self;
            }
        }
        panic!("the cluster does not settle");
    }

    fn messages(&self, from: NodeId, to: Option<NodeId>) -> Vec<u64> {
        self.runner
            .sim
            .in_flight()
            .filter(|m| m.envelope.from == from && to.is_none_or(|t| m.envelope.to == t))
            .map(|m| m.id)
            .collect()
    }

    /// Delivers the messages in flight from `from` to `to`, in sending order.
    fn deliver(&mut self, from: NodeId, to: NodeId) -> &mut Self {
        for id in self.messages(from, Some(to)) {
            self.input(Input::Deliver(id));
        }
        self
    }

    /// Loses every message in flight from `from`.
    fn drop_from(&mut self, from: NodeId) -> &mut Self {
        for id in self.messages(from, None) {
            self.input(Input::Drop(id));
        }
        self
    }

    fn role(&self, id: NodeId) -> Option<(Role, Term)> {
        self.runner.sim.node(id).map(|n| (n.role(), n.term()))
    }

    fn oracle_found(&self, finding: Finding) -> bool {
        self.runner.oracle_at.contains_key(&finding)
    }

    /// Both checkers reported the same at every state.
    fn agree(&self) {
        let plan_ops = show_ops(&self.runner.ops);
        assert!(
            self.runner.diffs.is_empty(),
            "the checkers disagree on `{plan_ops}`:\n{}",
            show_diffs(&self.runner)
        );
    }
}

const LC: Property = Property::LeaderCompleteness;

#[test]
fn checkers_agree_on_a_leader_lacking_a_commitment_older_than_the_last_term() {
    // Term 1 commits [1, c1]; the term-2 leader (elected thanks to vote-ignores-log) lacks c1
    // and commits [1, 2]; the term-3 leader holds term 2's commitment, not term 1's.
    let mut h = Hand::new(3, vec![]);
    h.input(Input::Bug(BugName::VoteIgnoresLog, true))
        .input(Input::Timers(false))
        .input(Input::Timeout(1))
        .settle()
        .input(Input::Propose(1, "c1".into()))
        .deliver(1, 2)
        .drop_from(1)
        .settle()
        .input(Input::Crash(1))
        .input(Input::Timeout(3))
        .settle();
    assert_eq!(h.role(3), Some((Role::Leader, 2)));
    h.input(Input::Heartbeat(3)).settle();
    h.input(Input::Timeout(2)).settle();
    assert_eq!(h.role(2), Some((Role::Leader, 3)));
    assert!(h.oracle_found((LC, Key::NodeTerm(3, 2))));
    assert!(h.oracle_found((LC, Key::NodeTerm(2, 3))));
    h.agree();
}

#[test]
fn checkers_agree_on_two_prefixes_committed_in_one_term() {
    // With forget-vote, two leaders of term 1 commit different prefixes of one length: node 1
    // [1, a] and node 3 [1, 1]. Node 2, leader of term 2 with [1, a, 2], lacks the second.
    let mut h = Hand::new(3, vec![]);
    h.input(Input::Bug(BugName::ForgetVote, true))
        .input(Input::Bug(BugName::VoteIgnoresLog, true))
        .input(Input::Timers(false))
        .input(Input::Timeout(1))
        .settle()
        .input(Input::Propose(1, "a".into()))
        .deliver(1, 2)
        .drop_from(1)
        .settle();
    assert_eq!(h.runner.sim.node(1).unwrap().commit_index(), 2);
    h.input(Input::Crash(1));
    for id in [2, 3] {
        h.input(Input::Crash(id)).input(Input::Restart(id));
    }
    h.input(Input::Timeout(3)).settle();
    assert_eq!(h.role(3), Some((Role::Leader, 1)));
    assert_eq!(h.runner.sim.node(3).unwrap().commit_index(), 2);
    h.input(Input::Timeout(2)).settle();
    assert_eq!(h.role(2), Some((Role::Leader, 2)));
    assert!(h.oracle_found((LC, Key::NodeTerm(2, 2))));
    h.agree();
}

#[test]
fn checkers_agree_on_a_commitment_made_while_the_later_leader_is_idle() {
    // Node 3 leads term 2 with [1, 2]. Node 1, still leader of term 1 behind a partition,
    // commits [1, x] with node 2, which forgot term 2: node 3 now lacks an entry committed in
    // an earlier term, in an event that does not touch it.
    let mut h = Hand::new(3, vec![]);
    h.input(Input::Bug(BugName::ForgetVote, true))
        .input(Input::Timers(false))
        .input(Input::Timeout(1))
        .settle()
        .input(Input::Isolate(1))
        .input(Input::Timeout(3))
        .settle();
    assert_eq!(h.role(1), Some((Role::Leader, 1)));
    assert_eq!(h.role(3), Some((Role::Leader, 2)));
    h.input(Input::Crash(2))
        .input(Input::Restart(2))
        .input(Input::Rejoin(1))
        .input(Input::Propose(1, "x".into()))
        .deliver(1, 2)
        .deliver(2, 1);
    assert_eq!(h.runner.sim.node(1).unwrap().commit_index(), 2);
    assert_eq!(h.role(3), Some((Role::Leader, 2)));
    assert!(h.oracle_found((LC, Key::NodeTerm(3, 2))));
    // The next time node 3 does anything.
    h.input(Input::Heartbeat(3));
    h.agree();
}

#[test]
fn checkers_agree_on_preloaded_logs_that_do_not_match() {
    let preload = vec![
        (1, persistent(2, vec![noop(1), cmd(2, "a")])),
        (2, persistent(2, vec![noop(1), cmd(2, "b")])),
        (3, persistent(2, vec![cmd(1, "c"), noop(2)])),
    ];
    let mut h = Hand::new(3, preload);
    for pair in [(1, 2), (1, 3), (2, 3)] {
        assert!(h.oracle_found((Property::LogMatching, Key::Pair(pair.0, pair.1))));
    }
    assert!(h.runner.oracle_at.values().all(|&at| at == 0));
    h.input(Input::Timers(false))
        .input(Input::Timeout(1))
        .settle();
    h.agree();
}

#[test]
fn checkers_agree_that_a_command_spelled_noop_is_not_a_noop() {
    // "Two entries are the same when their terms and their commands are equal": a no-op entry
    // carries no command, so a client command that happens to read `noop` is another entry.
    let preload = vec![
        (1, persistent(1, vec![noop(1)])),
        (2, persistent(1, vec![cmd(1, "noop")])),
    ];
    let h = Hand::new(3, preload);
    assert!(h.oracle_found((Property::LogMatching, Key::Pair(1, 2))));
    h.agree();
}
