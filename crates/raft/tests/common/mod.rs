//! Test helpers shared by every integration test: message builders for poking one node, and a
//! tiny deterministic network (instant, in-order delivery; links can be cut, nodes crashed).
//!
//! Each test file compiles this module on its own and uses a different part of it.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use raft::{
    AppendOutcome, Config, Entry, Envelope, Event, LogIndex, Message, Node, NodeId, Payload,
    PersistentState, ProposeError, Ready, Role, Term, Time,
};

// ----- Building nodes ------------------------------------------------------------------------

/// Voter ids `1..=n`.
pub fn ids(n: usize) -> Vec<NodeId> {
    (1..=n as NodeId).collect()
}

/// The default configuration for a cluster of `n` nodes.
pub fn config(n: usize) -> Config {
    Config::new(ids(n))
}

/// Entries with the given terms at indexes `1..`, each payload naming its index and term so that
/// two entries are equal only if both match.
pub fn entries(terms: &[Term]) -> Vec<Entry> {
    entries_from(1, terms)
}

/// Like [`entries`], for entries starting at `first`.
pub fn entries_from(first: LogIndex, terms: &[Term]) -> Vec<Entry> {
    terms
        .iter()
        .enumerate()
        .map(|(i, &term)| Entry {
            term,
            payload: Payload::command(&format!("{}@{}", first + i as LogIndex, term)),
        })
        .collect()
}

/// The saved state of a node that was in `term`, voted for `voted_for` and holds a log with
/// entries of `terms`.
pub fn saved(term: Term, voted_for: Option<NodeId>, terms: &[Term]) -> PersistentState {
    PersistentState {
        current_term: term,
        voted_for,
        log: raft::Log::from_entries(entries(terms)),
    }
}

/// A node restarted at time 0 from [`saved`] state, seeded with its id.
pub fn restarted(id: NodeId, config: Config, term: Term, terms: &[Term]) -> Node {
    Node::restart(id, config, saved(term, None, terms), 0, u64::from(id)).unwrap()
}

/// A fresh node of the default `n`-node cluster.
pub fn fresh(id: NodeId, n: usize) -> Node {
    Node::new(id, config(n), 0, u64::from(id)).unwrap()
}

/// The terms of a node's log, index 1 first.
pub fn terms(node: &Node) -> Vec<Term> {
    node.log().entries().iter().map(|e| e.term).collect()
}

/// The text of every entry in `ready.committed`.
pub fn texts(committed: &[(LogIndex, Entry)]) -> Vec<String> {
    committed
        .iter()
        .map(|(_, e)| e.payload.text().to_string())
        .collect()
}

// ----- Building messages ---------------------------------------------------------------------

pub fn env(from: NodeId, to: NodeId, term: Term, message: Message) -> Envelope {
    Envelope {
        from,
        to,
        term,
        message,
    }
}

pub fn append(
    from: NodeId,
    to: NodeId,
    term: Term,
    prev: (LogIndex, Term),
    entries: Vec<Entry>,
    leader_commit: LogIndex,
) -> Envelope {
    env(
        from,
        to,
        term,
        Message::AppendEntries {
            prev_log_index: prev.0,
            prev_log_term: prev.1,
            entries,
            leader_commit,
        },
    )
}

pub fn heartbeat(from: NodeId, to: NodeId, term: Term, prev: (LogIndex, Term)) -> Envelope {
    append(from, to, term, prev, Vec::new(), 0)
}

pub fn vote_request(from: NodeId, to: NodeId, term: Term, last: (LogIndex, Term)) -> Envelope {
    env(
        from,
        to,
        term,
        Message::RequestVote {
            last_log_index: last.0,
            last_log_term: last.1,
            transfer: false,
        },
    )
}

pub fn pre_vote_request(from: NodeId, to: NodeId, term: Term, last: (LogIndex, Term)) -> Envelope {
    env(
        from,
        to,
        term,
        Message::PreVote {
            last_log_index: last.0,
            last_log_term: last.1,
        },
    )
}

pub fn vote_response(from: NodeId, to: NodeId, term: Term, granted: bool) -> Envelope {
    env(from, to, term, Message::RequestVoteResponse { granted })
}

pub fn append_response(from: NodeId, to: NodeId, term: Term, outcome: AppendOutcome) -> Envelope {
    env(from, to, term, Message::AppendEntriesResponse(outcome))
}

/// The success answer a follower that stores everything would give to an AppendEntries.
pub fn accept_and_reply(m: &Envelope) -> Envelope {
    let Message::AppendEntries {
        prev_log_index,
        entries,
        ..
    } = &m.message
    else {
        panic!("not an AppendEntries: {m:?}");
    };
    append_response(
        m.to,
        m.from,
        m.term,
        AppendOutcome::Success {
            match_index: prev_log_index + entries.len() as LogIndex,
        },
    )
}

/// Makes `node` leader of the next term by granting it every vote it asks for (pre-votes too),
/// and throws away what that produced.
pub fn make_leader(node: &mut Node, now: Time) {
    node.start_election(now);
    let peers: Vec<NodeId> = node
        .config()
        .voters
        .iter()
        .copied()
        .filter(|&p| p != node.id())
        .collect();
    if node.role() == Role::PreCandidate {
        let term = node.term() + 1;
        for &p in &peers {
            let m = env(
                p,
                node.id(),
                term,
                Message::PreVoteResponse { granted: true },
            );
            node.step(now, m);
        }
    }
    for &p in &peers {
        if node.role() == Role::Leader {
            break;
        }
        let term = node.term();
        node.step(now, vote_response(p, node.id(), term, true));
    }
    assert_eq!(node.role(), Role::Leader, "make_leader failed");
    node.take_ready();
}

/// Makes `node` leader and has every follower acknowledge its log (the no-op), so the commit
/// index reaches its last index. Returns that index.
pub fn make_leader_and_commit(node: &mut Node, now: Time) -> LogIndex {
    make_leader(node, now);
    node.heartbeat(now);
    for m in node.take_ready().messages {
        node.step(now, accept_and_reply(&m));
    }
    node.take_ready();
    assert_eq!(node.commit_index(), node.log().last_index());
    node.commit_index()
}

/// The messages a node produced since the last call, sorted by receiver.
pub fn messages(node: &mut Node) -> Vec<Envelope> {
    let mut msgs = node.take_ready().messages;
    msgs.sort_by_key(|m| m.to);
    msgs
}

/// Steps one message into `node` and returns what that produced.
pub fn step(node: &mut Node, now: Time, m: Envelope) -> Ready {
    node.take_ready();
    node.step(now, m);
    node.take_ready()
}

// ----- A deterministic network ----------------------------------------------------------------

/// A cluster on a network that delivers every message instantly and in order, unless a link is
/// cut or an end is down. Every node's persistent state is "saved" whenever its `Ready` says so.
pub struct Net {
    pub now: Time,
    pub config: Config,
    pub nodes: BTreeMap<NodeId, Node>,
    /// What each node last saved, read back on restart.
    pub disk: BTreeMap<NodeId, PersistentState>,
    /// Directed links that lose every message.
    pub cut: BTreeSet<(NodeId, NodeId)>,
    /// Messages on the wire, oldest first.
    pub inflight: VecDeque<Envelope>,
    /// Every event each node emitted, in order.
    pub events: BTreeMap<NodeId, Vec<Event>>,
    /// Every entry each node handed out for applying, in order (restarts start again at 1).
    pub applied: BTreeMap<NodeId, Vec<(LogIndex, Entry)>>,
    /// Every message delivered to its receiver, in order.
    pub delivered: Vec<Envelope>,
    restarts: u64,
}

impl Net {
    /// `n` fresh nodes with the default configuration.
    pub fn new(n: usize) -> Net {
        Net::with_config(config(n))
    }

    /// Fresh nodes for every voter of `config`, each seeded with its id.
    pub fn with_config(config: Config) -> Net {
        let nodes = config
            .voters
            .iter()
            .map(|&id| (id, Node::new(id, config.clone(), 0, u64::from(id)).unwrap()))
            .collect();
        Net::from_nodes(config, nodes)
    }

    /// A network around nodes built elsewhere (for example with [`Node::restart`]).
    pub fn from_nodes(config: Config, nodes: BTreeMap<NodeId, Node>) -> Net {
        let disk = nodes
            .iter()
            .map(|(&id, n)| (id, n.persistent().clone()))
            .collect();
        Net {
            now: 0,
            config,
            nodes,
            disk,
            cut: BTreeSet::new(),
            inflight: VecDeque::new(),
            events: BTreeMap::new(),
            applied: BTreeMap::new(),
            delivered: Vec::new(),
            restarts: 0,
        }
    }

    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[&id]
    }

    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        self.nodes.get_mut(&id).expect("node is down")
    }

    pub fn is_up(&self, id: NodeId) -> bool {
        self.nodes.contains_key(&id)
    }

    /// Takes every node's `Ready`: saves, records events and applied entries, and puts the
    /// messages on the wire.
    pub fn collect(&mut self) {
        for (&id, node) in self.nodes.iter_mut() {
            let ready = node.take_ready();
            if ready.persist {
                self.disk.insert(id, node.persistent().clone());
            }
            self.events.entry(id).or_default().extend(ready.events);
            self.applied.entry(id).or_default().extend(ready.committed);
            self.inflight.extend(ready.messages);
        }
    }

    fn link_open(&self, m: &Envelope) -> bool {
        !self.cut.contains(&(m.from, m.to)) && self.is_up(m.to)
    }

    /// Delivers one message now (if its link is open) and collects what that caused.
    pub fn deliver(&mut self, m: Envelope) {
        if self.link_open(&m) {
            let now = self.now;
            self.delivered.push(m.clone());
            self.nodes.get_mut(&m.to).unwrap().step(now, m);
        }
        self.collect();
    }

    /// Delivers messages until none are left.
    pub fn deliver_all(&mut self) {
        self.collect();
        let mut budget = 1_000_000;
        while let Some(m) = self.inflight.pop_front() {
            self.deliver(m);
            budget -= 1;
            assert!(budget > 0, "the network never went quiet");
        }
    }

    /// Takes the messages on the wire without delivering them, for a test to pick from.
    pub fn take_inflight(&mut self) -> Vec<Envelope> {
        self.collect();
        self.inflight.drain(..).collect()
    }

    /// Lets `id`'s election start now, then delivers everything.
    pub fn campaign(&mut self, id: NodeId) {
        let now = self.now;
        self.node_mut(id).start_election(now);
        self.deliver_all();
    }

    /// Elects `id` (it must be able to win) and lets the no-op commit everywhere.
    pub fn elect(&mut self, id: NodeId) {
        self.campaign(id);
        assert_eq!(
            self.node(id).role(),
            Role::Leader,
            "node {id} lost its election"
        );
        self.heartbeat(id);
    }

    /// The leader sends AppendEntries to everyone now; then everything is delivered.
    pub fn heartbeat(&mut self, id: NodeId) {
        let now = self.now;
        self.node_mut(id).heartbeat(now);
        self.deliver_all();
    }

    /// Proposes `text` at `id` and delivers everything.
    pub fn propose(&mut self, id: NodeId, text: &str) -> Result<LogIndex, ProposeError> {
        let now = self.now;
        let result = self.node_mut(id).propose(now, Payload::command(text));
        self.deliver_all();
        result
    }

    /// The earliest timer of any running node.
    pub fn next_deadline(&self) -> Option<Time> {
        self.nodes.values().filter_map(Node::next_deadline).min()
    }

    /// Moves time to the next deadline, fires every due timer, and delivers everything.
    pub fn fire_next(&mut self) {
        let at = self.next_deadline().expect("no timer set");
        self.now = self.now.max(at);
        let now = self.now;
        for node in self.nodes.values_mut() {
            node.handle_timeout(now);
        }
        self.deliver_all();
    }

    /// Moves time forward to `until`, firing every timer that falls due on the way.
    pub fn advance_to(&mut self, until: Time) {
        while let Some(at) = self.next_deadline().filter(|&at| at <= until) {
            self.now = self.now.max(at);
            let now = self.now;
            for node in self.nodes.values_mut() {
                node.handle_timeout(now);
            }
            self.deliver_all();
        }
        self.now = self.now.max(until);
    }

    pub fn advance(&mut self, by: Time) {
        self.advance_to(self.now + by);
    }

    /// Fires timers until `done` holds or `limit` time has passed; returns whether it held.
    pub fn run_until(&mut self, limit: Time, mut done: impl FnMut(&Net) -> bool) -> bool {
        let end = self.now + limit;
        while !done(self) {
            match self.next_deadline() {
                Some(at) if at <= end => self.fire_next(),
                _ => return false,
            }
        }
        true
    }

    /// Cuts every link to and from `id`.
    pub fn isolate(&mut self, id: NodeId) {
        for &other in &self.config.voters {
            if other != id {
                self.cut.insert((id, other));
                self.cut.insert((other, id));
            }
        }
    }

    /// Cuts the links between `a` and `b`, both ways.
    pub fn cut_link(&mut self, a: NodeId, b: NodeId) {
        self.cut.insert((a, b));
        self.cut.insert((b, a));
    }

    /// Restores every link.
    pub fn heal(&mut self) {
        self.cut.clear();
    }

    /// Stops `id`, keeping only what it saved.
    pub fn crash(&mut self, id: NodeId) {
        self.collect();
        self.nodes.remove(&id);
    }

    /// Brings `id` back from what it saved, with the network's configuration.
    pub fn restart(&mut self, id: NodeId) {
        let config = self.config.clone();
        self.restart_with(id, config);
    }

    pub fn restart_with(&mut self, id: NodeId, config: Config) {
        assert!(!self.is_up(id), "node {id} is running");
        self.restarts += 1;
        let saved = self.disk.get(&id).cloned().unwrap_or_default();
        let seed = u64::from(id) + 1000 * self.restarts;
        let node = Node::restart(id, config, saved, self.now, seed).unwrap();
        self.nodes.insert(id, node);
        self.applied.entry(id).or_default().clear();
    }

    /// Running nodes that think they lead, with their terms.
    pub fn leaders(&self) -> Vec<(NodeId, Term)> {
        self.nodes
            .values()
            .filter(|n| n.role() == Role::Leader)
            .map(|n| (n.id(), n.term()))
            .collect()
    }

    /// The leader of the highest term among running nodes, if any.
    pub fn leader(&self) -> Option<NodeId> {
        self.leaders()
            .into_iter()
            .max_by_key(|&(_, term)| term)
            .map(|(id, _)| id)
    }

    pub fn role(&self, id: NodeId) -> Role {
        self.node(id).role()
    }

    pub fn term(&self, id: NodeId) -> Term {
        self.node(id).term()
    }

    /// The events `id` emitted so far, emptied.
    pub fn take_events(&mut self, id: NodeId) -> Vec<Event> {
        self.collect();
        std::mem::take(self.events.entry(id).or_default())
    }

    /// The payload texts `id` handed out for applying.
    pub fn applied_texts(&self, id: NodeId) -> Vec<String> {
        self.applied.get(&id).map(|a| texts(a)).unwrap_or_default()
    }

    /// Whether every running node holds the same log.
    pub fn logs_agree(&self) -> bool {
        let mut logs = self.nodes.values().map(|n| n.log());
        let first = logs.next().unwrap();
        logs.all(|l| l == first)
    }
}
