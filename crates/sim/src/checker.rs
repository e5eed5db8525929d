//! The five safety properties of Raft (Figure 3), checked on the cluster as it starts and after
//! every event. `docs/safety-checker.md` defines each property and the key a violation is
//! reported under; this is the incremental implementation of that definition, fast enough to
//! run after every event of an hour-long history. `tests/common/oracle.rs` is the plain one it
//! is tested against.
//!
//! Two devices keep it incremental:
//! - logs are compared through prefix hashes ([`LogHashes`]: the hash of every entry up to an
//!   index), so two logs agree up to `i` exactly when their prefix hashes at `i` are equal;
//! - each node's [`Fingerprint`] is compared with the one it had at the last check, and only
//!   what changed is checked again.
//!
//! The checker reads nodes through [`NodeState`], its own view of them: it knows nothing of
//! the simulator that drives them.

use raft::vec_map::VecMap;

use raft::chunked::ChunkedVec;
use raft::{Entry, Log, LogIndex, NodeId, Payload, Term, Time};

pub use crate::names::Property;

/// A safety property found broken, with the event that broke it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Which property.
    pub property: Property,
    /// The number of the event after which it was found (0: in the cluster as it started).
    pub frame: u64,
    /// When, in µs.
    pub time: Time,
    /// The nodes involved: both leaders of the term (election safety), the two nodes in id
    /// order (log matching), or the one node (the other properties).
    pub nodes: Vec<NodeId>,
    /// The log index involved, if one is.
    pub index: Option<LogIndex>,
    /// The term involved: of the leaders (election safety, append-only, completeness), of
    /// the entries (log matching, state machine safety).
    pub term: Option<Term>,
    /// A sentence saying what went wrong.
    pub message: String,
}

/// A 64-bit hash of one entry: its term and what it carries (a command's text, a
/// configuration's servers).
pub fn entry_hash(entry: &Entry) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(&entry.term.to_le_bytes());
    match &entry.payload {
        Payload::Noop => eat(&[0]),
        Payload::Command(text) => {
            eat(&[1]);
            eat(text.as_bytes());
        }
        Payload::Config(m) => {
            eat(&[2]);
            for set in [m.voters(), m.outgoing(), m.learners()] {
                for id in set {
                    eat(&id.to_le_bytes());
                }
                eat(&[0xff]);
            }
        }
    }
    h
}

/// The hash of a log prefix ending in an entry hashed `entry`, given the prefix before it.
pub fn chain_hash(prefix: u64, entry: u64) -> u64 {
    let mut z = prefix ^ entry.rotate_left(17) ^ 0x9E37_79B9_7F4A_7C15;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The prefix hashes of one log: `at(i)` is the hash of entries `1..=i` (0 for the empty
/// prefix). Clones share storage, so keeping one as a snapshot is cheap.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct LogHashes(ChunkedVec<u64>);

impl LogHashes {
    /// How many entries are hashed.
    pub fn len(&self) -> LogIndex {
        self.0.len() as LogIndex
    }

    /// The hash of entries `1..=index`.
    pub fn at(&self, index: LogIndex) -> u64 {
        match index {
            0 => 0,
            i => self.0.get(i as usize - 1).copied().unwrap_or(0),
        }
    }

    /// Brings the hashes up to date with `log`, whose entries from `changed_from` on may
    /// differ from what was hashed.
    pub fn update(&mut self, log: &Log, changed_from: LogIndex) {
        let keep = changed_from.saturating_sub(1).min(log.last_index());
        self.0.truncate(keep as usize);
        let mut h = self.0.last().copied().unwrap_or(0);
        for entry in log.iter_range(self.len() + 1, log.last_index()) {
            h = chain_hash(h, entry_hash(entry));
            self.0.push(h);
        }
    }
}

/// What the checker reads of one node in one state.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NodeState<'a> {
    /// The node's id.
    pub id: NodeId,
    /// Whether it is running.
    pub up: bool,
    /// Whether it is up and leads.
    pub leader: bool,
    /// Its current term (kept on disk while down).
    pub term: Term,
    /// Its log (kept on disk while down).
    pub log: &'a Log,
    /// The prefix hashes of that log.
    pub hashes: &'a LogHashes,
    /// `min(commitIndex, last log index)` while up; 0 while down.
    pub commit: LogIndex,
}

/// Everything about a node a property can depend on, in a few words: if it is unchanged, so
/// is everything the checker concluded about the node.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Fingerprint {
    up: bool,
    leader: bool,
    term: Term,
    len: LogIndex,
    hash: u64,
    commit: LogIndex,
}

impl NodeState<'_> {
    fn fingerprint(&self) -> Fingerprint {
        let len = self.log.last_index();
        Fingerprint {
            up: self.up,
            leader: self.leader,
            term: self.term,
            len,
            hash: self.hashes.at(len),
            commit: self.commit,
        }
    }
}

/// A leader's log when last checked, for append-only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LeaderMark {
    term: Term,
    len: LogIndex,
    hash: u64,
}

/// A prefix seen committed in a term: `len` entries, with their prefix hashes (a snapshot of
/// the log that held them, which may be longer).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Commitment {
    term: Term,
    len: LogIndex,
    hashes: LogHashes,
}

impl Commitment {
    fn hash(&self) -> u64 {
        self.hashes.at(self.len)
    }

    /// Whether every leader this one binds is also bound by `other`, and `other` demands its
    /// entries too: `other` is from the same term or an earlier one and extends it.
    fn implied_by(&self, other: &Commitment) -> bool {
        other.term <= self.term && other.len >= self.len && other.hashes.at(self.len) == self.hash()
    }
}

/// The key a violation is reported under, once (see `docs/safety-checker.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Term(Term),
    NodeTerm(NodeId, Term),
    Pair(NodeId, NodeId),
    Index(LogIndex),
}

/// What the checker remembers of the history so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checker {
    /// The first leader seen in each term.
    leaders: VecMap<Term, NodeId>,
    /// Each node as it was at the last check.
    seen: Vec<Fingerprint>,
    /// Each node's log while it leads: its term, length and prefix hash at the last check.
    marks: Vec<Option<LeaderMark>>,
    /// Every prefix seen committed, keeping only those no other one implies: a leader of a
    /// later term must hold each of them.
    commitments: Vec<Commitment>,
    /// The hash of the entry first applied at each index (index 1 first).
    applied: ChunkedVec<u64>,
    /// What has been reported, so each broken rule is reported once.
    reported: VecMap<(Property, Key), ()>,
    violations: Vec<Violation>,
}

/// Where and when a check runs, for the violation record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct At {
    pub frame: u64,
    pub time: Time,
}

impl Checker {
    /// A checker of the cluster as it starts (state 0): a violation already there (preloaded
    /// logs no Raft history gives) is reported at event 0.
    pub(crate) fn new(nodes: &[NodeState<'_>], time: Time) -> Self {
        let mut checker = Checker::default();
        checker.check(At { frame: 0, time }, nodes, &[], true);
        checker
    }

    /// Every violation found so far, oldest first.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether `property` has been found broken.
    pub fn violated(&self, property: Property) -> bool {
        self.violations.iter().any(|v| v.property == property)
    }

    /// Checks the state after one event: `nodes` as they are now, `applied` the entries
    /// applied during the event.
    pub(crate) fn after_event(
        &mut self,
        at: At,
        nodes: &[NodeState<'_>],
        applied: &[(NodeId, LogIndex, Entry)],
    ) {
        self.check(at, nodes, applied, false);
    }

    fn check(
        &mut self,
        at: At,
        nodes: &[NodeState<'_>],
        applied: &[(NodeId, LogIndex, Entry)],
        everything: bool,
    ) {
        if self.seen.len() != nodes.len() {
            self.seen.resize(nodes.len(), Fingerprint::default());
            self.marks.resize(nodes.len(), None);
        }
        let mut changed = [false; crate::MAX_NODES];
        let mut any = false;
        for (i, node) in nodes.iter().enumerate() {
            let print = node.fingerprint();
            let c = everything || print != self.seen[i];
            changed[i] = c;
            any |= c;
            self.seen[i] = print;
        }
        if any {
            for (i, node) in nodes.iter().enumerate() {
                if changed[i] {
                    self.check_leader(at, node);
                    self.record_commitment(at, nodes, node);
                }
            }
            self.check_log_matching(at, nodes, &changed);
        }
        self.check_applied(at, applied);
    }

    fn report(&mut self, at: At, property: Property, key: Key, violation: Violation) {
        if self.reported.insert((property, key), ()).is_none() {
            self.violations.push(Violation {
                property,
                frame: at.frame,
                time: at.time,
                ..violation
            });
        }
    }

    fn already(&self, property: Property, key: Key) -> bool {
        self.reported.contains_key(&(property, key))
    }

    /// Election safety, append-only, and completeness of a node that changed.
    fn check_leader(&mut self, at: At, node: &NodeState<'_>) {
        let (id, term) = (node.id, node.term);
        let i = id as usize - 1;
        let len = node.log.last_index();
        let mark = self.marks[i].take();
        if !node.leader {
            return;
        }
        self.marks[i] = Some(LeaderMark {
            term,
            len,
            hash: node.hashes.at(len),
        });

        // Election safety.
        match self.leaders.get(&term) {
            None => {
                self.leaders.insert(term, id);
            }
            Some(&first) if first != id => self.report(
                at,
                Property::ElectionSafety,
                Key::Term(term),
                Violation {
                    nodes: vec![first, id],
                    index: None,
                    term: Some(term),
                    message: format!(
                        "nodes {first} and {id} were both elected leader of term {term}"
                    ),
                    ..blank()
                },
            ),
            Some(_) => {}
        }

        match mark.filter(|m| m.term == term) {
            // Leader append-only, within one tenure.
            Some(mark) => {
                if len < mark.len || node.hashes.at(mark.len) != mark.hash {
                    self.report(
                        at,
                        Property::LeaderAppendOnly,
                        Key::NodeTerm(id, term),
                        Violation {
                            nodes: vec![id],
                            index: Some(mark.len.min(len + 1)),
                            term: Some(term),
                            message: format!(
                                "leader {id} of term {term} changed entries it already held \
                                 (up to index {})",
                                mark.len
                            ),
                            ..blank()
                        },
                    );
                }
            }
            // A new tenure: the leader must hold every prefix committed in an earlier term.
            // (While it leads, its log only grows by entries of its own term, which cannot
            // supply an entry it lacked; so only new commitments need checking after this.)
            None => {
                let missing = self
                    .commitments
                    .iter()
                    .find(|c| c.term < term && !holds(node, c))
                    .cloned();
                if let Some(c) = missing {
                    self.report_incomplete(at, node, &c);
                }
            }
        }
    }

    /// Leader completeness for a prefix newly seen committed, and the bookkeeping.
    fn record_commitment(&mut self, at: At, nodes: &[NodeState<'_>], node: &NodeState<'_>) {
        if !node.up || node.commit == 0 {
            return;
        }
        let new = Commitment {
            term: node.term,
            len: node.commit,
            hashes: node.hashes.clone(),
        };
        if self.commitments.iter().any(|c| new.implied_by(c)) {
            return;
        }
        self.commitments.retain(|c| !c.implied_by(&new));
        for leader in nodes.iter().filter(|n| n.leader && n.term > new.term) {
            if !holds(leader, &new) {
                self.report_incomplete(at, leader, &new);
            }
        }
        self.commitments.push(new);
    }

    fn report_incomplete(&mut self, at: At, leader: &NodeState<'_>, c: &Commitment) {
        let (id, term) = (leader.id, leader.term);
        if self.already(Property::LeaderCompleteness, Key::NodeTerm(id, term)) {
            return;
        }
        // The first committed entry the leader lacks: prefix hashes are monotone in agreement
        // (equal at k means equal below k), so a binary search finds it.
        let (mut lo, mut hi) = (0, c.len);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if leader.hashes.at(mid) == c.hashes.at(mid) && mid <= leader.log.last_index() {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let index = lo + 1;
        self.report(
            at,
            Property::LeaderCompleteness,
            Key::NodeTerm(id, term),
            Violation {
                nodes: vec![id],
                index: Some(index),
                term: Some(term),
                message: format!(
                    "leader {id} of term {term} lacks the entry at index {index}, committed in \
                     term {}",
                    c.term
                ),
                ..blank()
            },
        );
    }

    /// Log matching, for every pair with a node whose log changed (down nodes keep theirs).
    fn check_log_matching(&mut self, at: At, nodes: &[NodeState<'_>], changed: &[bool]) {
        for (i, a) in nodes.iter().enumerate() {
            for (j, b) in nodes.iter().enumerate().skip(i + 1) {
                if !(changed[i] || changed[j])
                    || self.already(Property::LogMatching, Key::Pair(a.id, b.id))
                {
                    continue;
                }
                // The highest index where both hold an entry of the same term: if the logs
                // agree there, they agree below it, and no lower index can break the rule.
                let mut k = a.log.last_index().min(b.log.last_index());
                while k > 0 && a.log.term(k) != b.log.term(k) {
                    k -= 1;
                }
                if k > 0 && a.hashes.at(k) != b.hashes.at(k) {
                    let t = a.log.term(k).unwrap_or(0);
                    self.report(
                        at,
                        Property::LogMatching,
                        Key::Pair(a.id, b.id),
                        Violation {
                            nodes: vec![a.id, b.id],
                            index: Some(k),
                            term: Some(t),
                            message: format!(
                                "nodes {} and {} both hold an entry of term {t} at index {k}, \
                                 but their logs differ at or before it",
                                a.id, b.id
                            ),
                            ..blank()
                        },
                    );
                }
            }
        }
    }

    /// State machine safety: no two different entries applied at one index.
    fn check_applied(&mut self, at: At, applied: &[(NodeId, LogIndex, Entry)]) {
        for (id, index, entry) in applied {
            let h = entry_hash(entry);
            let i = *index as usize;
            match self.applied.get(i - 1) {
                Some(&first) if first != h => self.report(
                    at,
                    Property::StateMachineSafety,
                    Key::Index(*index),
                    Violation {
                        nodes: vec![*id],
                        index: Some(*index),
                        term: Some(entry.term),
                        message: format!(
                            "node {id} applied `{}` (term {}) at index {index}, where another \
                             entry was applied before",
                            entry.payload.text(),
                            entry.term
                        ),
                        ..blank()
                    },
                ),
                Some(_) => {}
                // A node applies in index order from 1, so the first to apply index i has
                // applied every index below it: the record has no gaps.
                None if i == self.applied.len() + 1 => self.applied.push(h),
                None => {}
            }
        }
    }
}

/// Whether `node`'s log starts with the committed prefix `c`.
fn holds(node: &NodeState<'_>, c: &Commitment) -> bool {
    node.log.last_index() >= c.len && node.hashes.at(c.len) == c.hash()
}

fn blank() -> Violation {
    Violation {
        property: Property::ElectionSafety,
        frame: 0,
        time: 0,
        nodes: Vec::new(),
        index: None,
        term: None,
        message: String::new(),
    }
}
