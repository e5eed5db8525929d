//! A second, independent checker of Raft's five safety properties: a plain transcription of
//! `docs/safety-checker.md`, for the property test in `tests/oracle.rs` to hold the simulator's
//! incremental checker against.
//!
//! It keeps full copies of every node's log and compares entries themselves (no hashes), checks
//! every pair of nodes, and checks every leader against every commitment ever observed. It
//! takes only the two shortcuts the document's definitions make obviously safe:
//!
//! - a pair of nodes whose logs are both unchanged since the previous state keeps its
//!   log-matching status (so, once a key is reported, nothing new can come of it);
//! - identical commitment records (same term, same committed prefix) are stored once, and a
//!   node whose term, commit index and log are all unchanged since the previous state only
//!   repeats the record it made then.
//!
//! It sees the cluster only through `sim`'s public API.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use sim::raft::{Entry, LogIndex, NodeId, Role, Term};
use sim::{Frame, Property, Simulation, Violation};

/// What tells one violation from another: the document's *key* column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// `election-safety`: the term with two leaders.
    Term(Term),
    /// `leader-append-only`, `leader-completeness`: the leader and its term.
    NodeTerm(NodeId, Term),
    /// `log-matching`: the two nodes, lower id first.
    Pair(NodeId, NodeId),
    /// `state-machine-safety`: the index with two different entries applied.
    Index(LogIndex),
}

/// One violation as the oracle names it.
pub type Finding = (Property, Key);

/// The key of a violation recorded by the simulator's checker, from its fields:
/// election-safety from `term`; leader-append-only and leader-completeness from `nodes[0]` and
/// `term`; log-matching from `nodes` (`[a, b]`, taken as given, so an unordered pair shows up
/// as a mismatch); state-machine-safety from `index`.
pub fn key_of(v: &Violation) -> Key {
    let term = || {
        v.term
            .unwrap_or_else(|| panic!("a {} record without a term: {v:?}", v.property))
    };
    let node = |i: usize| {
        *v.nodes
            .get(i)
            .unwrap_or_else(|| panic!("a {} record without node {i}: {v:?}", v.property))
    };
    match v.property {
        Property::ElectionSafety => Key::Term(term()),
        Property::LeaderAppendOnly | Property::LeaderCompleteness => Key::NodeTerm(node(0), term()),
        Property::LogMatching => Key::Pair(node(0), node(1)),
        Property::StateMachineSafety => Key::Index(
            v.index
                .unwrap_or_else(|| panic!("a {} record without an index: {v:?}", v.property)),
        ),
    }
}

/// One node in one state, as the document says the checker sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeState {
    /// Whether it is running.
    pub up: bool,
    /// Its role; `None` while it is down.
    pub role: Option<Role>,
    /// Its current term (for a node that is down, the one it kept on disk).
    pub term: Term,
    /// Its log, up or down: every entry, index 1 first.
    pub log: Vec<Entry>,
    /// `min(commitIndex, last log index)` while up; `None` while down.
    pub commit: Option<LogIndex>,
}

impl NodeState {
    /// A node that is up.
    pub fn up(role: Role, term: Term, log: Vec<Entry>, commit_index: LogIndex) -> Self {
        let commit = commit_index.min(log.len() as LogIndex);
        NodeState {
            up: true,
            role: Some(role),
            term,
            log,
            commit: Some(commit),
        }
    }

    /// A node that is down.
    pub fn down(term: Term, log: Vec<Entry>) -> Self {
        NodeState {
            up: false,
            role: None,
            term,
            log,
            commit: None,
        }
    }

    /// `Some(T)` when it is a leader of term `T`: up, leading, in term `T`.
    pub fn leader_of(&self) -> Option<Term> {
        (self.up && self.role == Some(Role::Leader)).then_some(self.term)
    }
}

/// The whole cluster in one state: `nodes[i]` is node `i + 1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    /// Every node, in id order.
    pub nodes: Vec<NodeState>,
}

impl State {
    /// What the simulation looks like now.
    pub fn of(sim: &Simulation) -> State {
        let nodes = (1..=sim.size() as NodeId)
            .map(|id| {
                let log = sim
                    .log(id)
                    .unwrap_or_else(|| panic!("node {id} has no log"))
                    .entries();
                match sim.node(id) {
                    Some(node) => {
                        assert!(sim.is_up(id));
                        assert_eq!(node.log().entries(), log, "node {id}: two logs");
                        NodeState::up(node.role(), node.term(), log, node.commit_index())
                    }
                    None => {
                        assert!(!sim.is_up(id));
                        let saved = sim
                            .saved_state(id)
                            .unwrap_or_else(|| panic!("node {id} is down without a saved state"));
                        NodeState::down(saved.current_term, log)
                    }
                }
            })
            .collect();
        State { nodes }
    }

    fn id(i: usize) -> NodeId {
        i as NodeId + 1
    }
}

/// Whether two logs break log matching: at some index `i` they hold entries of the same term,
/// and at some index `j <= i` their entries are not the same (term and command).
pub fn logs_mismatch(a: &[Entry], b: &[Entry]) -> bool {
    let common = a.len().min(b.len());
    // The first index (0-based) where the entries are not the same, if any...
    let Some(first_difference) = (0..common).find(|&j| a[j] != b[j]) else {
        return false;
    };
    // ...and whether the logs hold entries of one term at it or after it.
    (first_difference..common).any(|i| a[i].term == b[i].term)
}

/// The oracle: fed every state of a history in order, it says which violations each state
/// reports for the first time.
#[derive(Clone, Debug)]
pub struct Oracle {
    /// The number of the last state seen (0 is the start).
    state: u64,
    /// That state.
    previous: State,
    /// Every node that has been a leader of each term, in some state so far.
    leaders: BTreeMap<Term, BTreeSet<NodeId>>,
    /// Every commitment observed so far: per term `t`, every distinct committed prefix that a
    /// node up in term `t` held at or below its commit index (only those with `c >= 1`).
    commitments: BTreeMap<Term, HashSet<Vec<Entry>>>,
    /// Every distinct entry applied at each index so far.
    applied: BTreeMap<LogIndex, Vec<Entry>>,
    /// What has been reported: each key once.
    reported: BTreeSet<Finding>,
}

impl Oracle {
    /// An oracle for a simulation as it starts, and the violations its state 0 holds.
    pub fn new(sim: &Simulation) -> (Oracle, Vec<Finding>) {
        assert_eq!(sim.frame_count(), 0, "the oracle starts at state 0");
        Oracle::start(State::of(sim))
    }

    /// The violations newly reported at the event `frame` just made `sim` take.
    pub fn observe(&mut self, sim: &Simulation, frame: &Frame) -> Vec<Finding> {
        assert_eq!(
            frame.number,
            self.state + 1,
            "the oracle must see every event, in order"
        );
        assert_eq!(
            sim.frame_count(),
            frame.number,
            "the frame is not sim's last"
        );
        self.next(State::of(sim), &frame.applied)
    }

    /// An oracle for a hand-built history, from its state 0.
    pub fn start(state: State) -> (Oracle, Vec<Finding>) {
        let mut oracle = Oracle {
            state: 0,
            previous: state.clone(),
            leaders: BTreeMap::new(),
            commitments: BTreeMap::new(),
            applied: BTreeMap::new(),
            reported: BTreeSet::new(),
        };
        let found = oracle.check(&state, None, &[]);
        oracle.previous = state;
        (oracle, found)
    }

    /// The next state of a hand-built history, with the entries applied by the event that led
    /// to it.
    pub fn next(&mut self, state: State, applied: &[(NodeId, LogIndex, Entry)]) -> Vec<Finding> {
        assert_eq!(
            state.nodes.len(),
            self.previous.nodes.len(),
            "the cluster changed size"
        );
        let previous = std::mem::replace(&mut self.previous, state.clone());
        self.state += 1;
        self.check(&state, Some(&previous), applied)
    }

    /// Every violation reported so far.
    pub fn reported(&self) -> &BTreeSet<Finding> {
        &self.reported
    }

    /// Checks state `now`, whose previous state is `before` (`None` for state 0).
    fn check(
        &mut self,
        now: &State,
        before: Option<&State>,
        applied: &[(NodeId, LogIndex, Entry)],
    ) -> Vec<Finding> {
        let mut found = Vec::new();
        let n = now.nodes.len();
        // Whether each node's log differs from the previous state's (every log is new in
        // state 0).
        let changed: Vec<bool> = (0..n)
            .map(|i| before.is_none_or(|b| b.nodes[i].log != now.nodes[i].log))
            .collect();

        // Election safety: remember every leader of every term; two different nodes for one
        // term is a violation.
        for (i, node) in now.nodes.iter().enumerate() {
            if let Some(term) = node.leader_of() {
                let leaders = self.leaders.entry(term).or_default();
                leaders.insert(State::id(i));
                if leaders.len() >= 2 {
                    found.push((Property::ElectionSafety, Key::Term(term)));
                }
            }
        }

        // Leader append-only: a leader of T in the previous state and in this one keeps every
        // entry it had, in place.
        if let Some(before) = before {
            for (i, (was, is)) in before.nodes.iter().zip(&now.nodes).enumerate() {
                if let (Some(t0), Some(t1)) = (was.leader_of(), is.leader_of()) {
                    if t0 == t1 && !is.log.starts_with(&was.log) {
                        found.push((Property::LeaderAppendOnly, Key::NodeTerm(State::id(i), t1)));
                    }
                }
            }
        }

        // Log matching, between every pair of nodes, up or down (skipping pairs whose logs are
        // both unchanged: their status is the previous state's).
        for a in 0..n {
            for b in a + 1..n {
                if (changed[a] || changed[b]) && logs_mismatch(&now.nodes[a].log, &now.nodes[b].log)
                {
                    found.push((Property::LogMatching, Key::Pair(State::id(a), State::id(b))));
                }
            }
        }

        // Record this state's commitments before judging leaders: a state `d <= e` includes
        // `e` itself.
        for (i, node) in now.nodes.iter().enumerate() {
            let Some(c) = node.commit.filter(|&c| c >= 1) else {
                continue;
            };
            let same_as_before = before.is_some_and(|b| {
                let was = &b.nodes[i];
                was.commit == node.commit && was.term == node.term && !changed[i]
            });
            if same_as_before {
                continue; // the record it made in the previous state, stored then
            }
            let prefix = &node.log[..c as usize];
            let records = self.commitments.entry(node.term).or_default();
            if !records.contains(prefix) {
                records.insert(prefix.to_vec());
            }
        }

        // Leader completeness: every leader of T holds every prefix committed in a term below
        // T, in any state so far.
        for (i, node) in now.nodes.iter().enumerate() {
            let Some(term) = node.leader_of() else {
                continue;
            };
            let key = (
                Property::LeaderCompleteness,
                Key::NodeTerm(State::id(i), term),
            );
            if self.reported.contains(&key) {
                continue;
            }
            let lacks = self
                .commitments
                .range(..term)
                .flat_map(|(_, prefixes)| prefixes)
                .any(|prefix| !node.log.starts_with(prefix));
            if lacks {
                found.push(key);
            }
        }

        // State machine safety: two different entries applied at one index, ever.
        for (_, index, entry) in applied {
            let entries = self.applied.entry(*index).or_default();
            if !entries.contains(entry) {
                entries.push(entry.clone());
            }
            if entries.len() >= 2 {
                found.push((Property::StateMachineSafety, Key::Index(*index)));
            }
        }

        // Each key is reported once, in the first state where it holds.
        let mut new: Vec<Finding> = found
            .into_iter()
            .filter(|f| self.reported.insert(*f))
            .collect();
        new.sort();
        new
    }
}
