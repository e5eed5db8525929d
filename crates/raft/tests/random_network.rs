//! Randomized safety check (section 5.4, Figure 3): 3–5 nodes on a network that drops, reorders
//! and duplicates messages, with crashes and restarts, checked after every step for
//! - Election Safety: at most one leader per term, over the whole run;
//! - Log Matching: two logs with an entry of the same index and term agree up to it;
//! - State Machine Safety: an index, once committed (applied) anywhere, never holds another entry
//!   on any node that has committed it, and nodes apply indexes in order;
//! - Leader Completeness: a leader of a term at or after the one in which an entry was known
//!   committed holds that entry;
//! - terms and commit indexes never go backwards on a running node.

mod common;

use std::collections::BTreeMap;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use raft::{
    Bugs, Config, Entry, Envelope, LogIndex, Node, NodeId, Payload, PersistentState, Role, Term,
    Time,
};

#[derive(Clone, Debug)]
enum Action {
    /// Deliver the i-th message on the wire (mod their number): the network reorders freely.
    Deliver(usize),
    /// Deliver a copy of the i-th message and leave it on the wire.
    Duplicate(usize),
    /// Lose the i-th message.
    Drop(usize),
    /// Deliver everything now on the wire, in order (what it causes stays on the wire).
    Flush,
    /// Move to the earliest timer and fire every due timer.
    Tick,
    /// Let a little time pass.
    Wait(Time),
    /// A client command at the leader (or at node i when there is none).
    Propose(usize),
    Crash(usize),
    Restart(usize),
    /// Cut node i (only) off from everyone: messages to or from it are lost.
    Partition(usize),
    /// Reconnect everyone.
    Heal,
}

#[derive(Clone, Debug)]
struct Scenario {
    size: usize,
    seed: u64,
    pre_vote: bool,
    check_quorum: bool,
    leader_noop: bool,
    batch: usize,
    actions: Vec<Action>,
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        50 => any::<usize>().prop_map(Action::Deliver),
        4 => any::<usize>().prop_map(Action::Duplicate),
        6 => any::<usize>().prop_map(Action::Drop),
        8 => Just(Action::Flush),
        10 => Just(Action::Tick),
        4 => (1..60u64).prop_map(Action::Wait),
        12 => any::<usize>().prop_map(Action::Propose),
        2 => any::<usize>().prop_map(Action::Crash),
        3 => any::<usize>().prop_map(Action::Restart),
        2 => any::<usize>().prop_map(Action::Partition),
        3 => Just(Action::Heal),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        3..=5usize,
        any::<u64>(),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        1..=4usize,
        prop::collection::vec(action(), 200..400),
    )
        .prop_map(
            |(size, seed, pre_vote, check_quorum, leader_noop, batch, actions)| Scenario {
                size,
                seed,
                pre_vote,
                check_quorum,
                leader_noop,
                batch,
                actions,
            },
        )
}

#[derive(Default)]
struct Stats {
    max_commit: LogIndex,
    leaders: usize,
}

struct Sim {
    config: Config,
    seed: u64,
    now: Time,
    nodes: Vec<Option<Node>>,
    disk: Vec<PersistentState>,
    wire: Vec<Envelope>,
    /// Nodes cut off from the network.
    isolated: Vec<bool>,
    proposals: u64,
    restarts: u64,
    /// Who led each term, ever.
    leader_of: BTreeMap<Term, NodeId>,
    /// Every committed entry, with the earliest term in which some node knew it committed.
    committed: BTreeMap<LogIndex, (Entry, Term)>,
    /// Per node: the last index it applied (restarts begin again at 0).
    applied: Vec<LogIndex>,
    /// Per running node: term and commit index after the last step.
    last_seen: Vec<(Term, LogIndex)>,
}

type Check = Result<(), String>;

impl Sim {
    fn new(s: &Scenario, bugs: Bugs) -> Sim {
        let config = Config {
            pre_vote: s.pre_vote,
            check_quorum: s.check_quorum,
            leader_noop: s.leader_noop,
            max_entries_per_append: s.batch,
            bugs,
            ..Config::new((1..=s.size as NodeId).collect())
        };
        let nodes = (1..=s.size as NodeId)
            .map(|id| Some(Node::new(id, config.clone(), 0, s.seed ^ u64::from(id)).unwrap()))
            .collect();
        Sim {
            config,
            seed: s.seed,
            now: 0,
            nodes,
            disk: vec![PersistentState::default(); s.size],
            wire: Vec::new(),
            isolated: vec![false; s.size],
            proposals: 0,
            restarts: 0,
            leader_of: BTreeMap::new(),
            committed: BTreeMap::new(),
            applied: vec![0; s.size],
            last_seen: vec![(0, 0); s.size],
        }
    }

    /// Takes node `k`'s Ready: save, send, apply (checking what is applied).
    fn collect(&mut self, k: usize) -> Check {
        let Some(node) = self.nodes[k].as_mut() else {
            return Ok(());
        };
        let ready = node.take_ready();
        let term = node.term();
        if ready.persist {
            self.disk[k] = node.persistent().clone();
        }
        self.wire.extend(ready.messages);
        for (index, entry) in ready.committed {
            if index != self.applied[k] + 1 {
                return Err(format!(
                    "node {} applied {index} after {}",
                    k + 1,
                    self.applied[k]
                ));
            }
            self.applied[k] = index;
            match self.committed.get_mut(&index) {
                Some((known, seen)) => {
                    if *known != entry {
                        return Err(format!(
                            "node {} applied {entry:?} at {index}, but {known:?} was committed there",
                            k + 1
                        ));
                    }
                    *seen = (*seen).min(term);
                }
                None => {
                    self.committed.insert(index, (entry, term));
                }
            }
        }
        Ok(())
    }

    fn collect_all(&mut self) -> Check {
        (0..self.nodes.len()).try_for_each(|k| self.collect(k))
    }

    /// Hands `m` to its receiver, unless an end is down or cut off.
    fn deliver(&mut self, m: Envelope) -> Check {
        let k = m.to as usize - 1;
        if self.isolated[k] || self.isolated[m.from as usize - 1] {
            return Ok(());
        }
        if let Some(node) = self.nodes[k].as_mut() {
            node.step(self.now, m);
            self.collect(k)?;
        }
        Ok(())
    }

    fn leader(&self) -> Option<usize> {
        (0..self.nodes.len())
            .filter(|&k| {
                self.nodes[k]
                    .as_ref()
                    .is_some_and(|n| n.role() == Role::Leader)
            })
            .max_by_key(|&k| self.nodes[k].as_ref().unwrap().term())
    }

    fn apply(&mut self, action: &Action) -> Check {
        let n = self.nodes.len();
        match *action {
            Action::Deliver(i) | Action::Duplicate(i) | Action::Drop(i) => {
                if self.wire.is_empty() {
                    return Ok(());
                }
                let i = i % self.wire.len();
                let m = match action {
                    Action::Duplicate(_) => self.wire[i].clone(),
                    _ => self.wire.swap_remove(i),
                };
                if !matches!(action, Action::Drop(_)) {
                    self.deliver(m)?;
                }
            }
            Action::Flush => {
                for m in std::mem::take(&mut self.wire) {
                    self.deliver(m)?;
                }
            }
            Action::Partition(i) => {
                self.isolated = (0..n).map(|k| k == i % n).collect();
            }
            Action::Heal => self.isolated = vec![false; n],
            Action::Tick => {
                let next = self
                    .nodes
                    .iter()
                    .flatten()
                    .filter_map(Node::next_deadline)
                    .min();
                if let Some(at) = next {
                    self.now = self.now.max(at);
                }
                for node in self.nodes.iter_mut().flatten() {
                    node.handle_timeout(self.now);
                }
                self.collect_all()?;
            }
            Action::Wait(d) => self.now += d,
            Action::Propose(i) => {
                let k = self.leader().unwrap_or(i % n);
                if let Some(node) = self.nodes[k].as_mut() {
                    self.proposals += 1;
                    let text = format!("cmd{}", self.proposals);
                    let _ = node.propose(self.now, Payload::command(&text));
                    self.collect(k)?;
                }
            }
            Action::Crash(i) => {
                let k = i % n;
                if self.nodes.iter().flatten().count() > 1 {
                    self.nodes[k] = None;
                }
            }
            Action::Restart(i) => {
                let k = i % n;
                if self.nodes[k].is_none() {
                    self.restarts += 1;
                    let seed = self.seed ^ (self.restarts << 32) ^ k as u64;
                    let node = Node::restart(
                        k as NodeId + 1,
                        self.config.clone(),
                        self.disk[k].clone(),
                        self.now,
                        seed,
                    )
                    .unwrap();
                    self.nodes[k] = Some(node);
                    self.applied[k] = 0;
                    self.last_seen[k] = (self.disk[k].current_term, 0);
                    if self.config.bugs.forget_vote {
                        self.last_seen[k].0 = 0;
                    }
                }
            }
        }
        Ok(())
    }

    fn check(&mut self, stats: &mut Stats) -> Check {
        // Election Safety, over the whole history.
        for node in self.nodes.iter().flatten() {
            if node.role() == Role::Leader {
                let holder = *self.leader_of.entry(node.term()).or_insert_with(|| {
                    stats.leaders += 1;
                    node.id()
                });
                if holder != node.id() {
                    return Err(format!(
                        "two leaders in term {}: {holder} and {}",
                        node.term(),
                        node.id()
                    ));
                }
            }
        }
        // Terms and commit indexes only move forward on a running node.
        for (k, node) in self.nodes.iter().enumerate() {
            let Some(node) = node else { continue };
            let (term, commit) = self.last_seen[k];
            if node.term() < term || node.commit_index() < commit {
                return Err(format!(
                    "node {} went back from {:?}",
                    k + 1,
                    (term, commit)
                ));
            }
            self.last_seen[k] = (node.term(), node.commit_index());
            stats.max_commit = stats.max_commit.max(node.commit_index());
        }
        // State Machine Safety: what a running node holds up to its commit index is what was
        // committed there.
        for node in self.nodes.iter().flatten() {
            for i in 1..=node.commit_index() {
                let held = node.log().get(i);
                let known = self.committed.get(&i).map(|(e, _)| e);
                if held.is_none() || held != known {
                    return Err(format!(
                        "node {} holds {held:?} at committed index {i}, committed was {known:?}",
                        node.id()
                    ));
                }
            }
        }
        // Leader Completeness.
        for node in self.nodes.iter().flatten() {
            if node.role() != Role::Leader {
                continue;
            }
            for (&i, (entry, seen)) in &self.committed {
                if node.term() >= *seen && node.log().get(i) != Some(entry) {
                    return Err(format!(
                        "leader {} of term {} lacks entry {i} committed by term {seen}",
                        node.id(),
                        node.term()
                    ));
                }
            }
        }
        // Log Matching, between every pair of logs (crashed nodes' saved logs included).
        let logs: Vec<Vec<Entry>> = (0..self.nodes.len())
            .map(|k| match &self.nodes[k] {
                Some(n) => n.log().entries().to_vec(),
                None => self.disk[k].log.entries().to_vec(),
            })
            .collect();
        for a in 0..logs.len() {
            for b in a + 1..logs.len() {
                let (x, y) = (&logs[a], &logs[b]);
                let common = x.len().min(y.len());
                let first_difference = (0..common).find(|&i| x[i] != y[i]).unwrap_or(common);
                if let Some(i) = (first_difference..common).find(|&i| x[i].term == y[i].term) {
                    return Err(format!(
                        "nodes {} and {} both hold term {} at index {} but differ at index {}",
                        a + 1,
                        b + 1,
                        x[i].term,
                        i + 1,
                        first_difference + 1
                    ));
                }
            }
        }
        // Terms along every log never decrease.
        for (k, log) in logs.iter().enumerate() {
            if log.windows(2).any(|w| w[0].term > w[1].term) {
                return Err(format!("node {}'s log terms decrease", k + 1));
            }
        }
        Ok(())
    }
}

fn run(s: &Scenario, bugs: Bugs) -> Result<Stats, String> {
    let mut sim = Sim::new(s, bugs);
    let mut stats = Stats::default();
    for (step, action) in s.actions.iter().enumerate() {
        sim.apply(action)
            .and_then(|()| sim.check(&mut stats))
            .map_err(|e| format!("step {step} ({action:?}): {e}"))?;
    }
    Ok(stats)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// Section 5.4 / Figure 3: the safety properties hold on any network schedule.
    #[test]
    fn random_network_keeps_raft_safe(s in scenario()) {
        if let Err(e) = run(&s, Bugs::default()) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// The random runs are not vacuous: most of them commit entries, and leadership changes hands
/// (about twice a run on average), so elections under churn are exercised too.
#[test]
fn random_network_makes_progress() {
    let mut runner = TestRunner::deterministic();
    let strategy = scenario();
    let (mut committed, mut leaders, total) = (0, 0, 40);
    for _ in 0..total {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        let stats = run(&s, Bugs::default()).unwrap();
        leaders += stats.leaders;
        if stats.max_commit >= 2 {
            committed += 1;
        }
    }
    assert!(
        committed * 4 >= total * 3,
        "only {committed} of {total} runs committed"
    );
    assert!(
        leaders * 2 >= total * 3,
        "only {leaders} leaders in {total} runs"
    );
}

/// The checker catches the damage each safety bug does: with a rule broken, some random runs
/// violate a property.
#[test]
fn random_network_checker_catches_bugs() {
    let bugs = [
        Bugs {
            forget_vote: true,
            ..Bugs::default()
        },
        Bugs {
            vote_ignores_log: true,
            ..Bugs::default()
        },
    ];
    for bug in bugs {
        let mut runner = TestRunner::deterministic();
        let strategy = scenario();
        let caught = (0..300).any(|_| {
            let s = strategy.new_tree(&mut runner).unwrap().current();
            run(&s, bug).is_err()
        });
        assert!(caught, "no run broke safety with {bug:?}");
    }
}
