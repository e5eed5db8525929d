//! The five safety properties of Raft (Figure 3), checked after every event.
//!
//! Each check is incremental so it can run after every event of an hour-long history: logs are
//! compared through prefix hashes (the hash of every entry up to an index), so two logs agree
//! up to `i` exactly when their prefix hashes at `i` are equal.

use std::collections::{BTreeMap, BTreeSet};

use raft::{Entry, LogIndex, NodeId, Role, Term, Time};

use crate::cluster::Slot;
pub use crate::scenario::Property;
use crate::ChunkedVec;

/// A safety property found broken, with the event that broke it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Which property.
    pub property: Property,
    /// The number of the event after which it was found.
    pub frame: u64,
    /// When, in µs.
    pub time: Time,
    /// The nodes involved.
    pub nodes: Vec<NodeId>,
    /// The log index involved, if one is.
    pub index: Option<LogIndex>,
    /// The term involved, if one is.
    pub term: Option<Term>,
    /// A sentence saying what went wrong.
    pub message: String,
}

/// A 64-bit hash of one entry: its term and command.
pub fn entry_hash(entry: &Entry) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in entry
        .term
        .to_le_bytes()
        .iter()
        .chain(entry.payload.text().as_bytes())
    {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LeaderMark {
    term: Term,
    len: LogIndex,
    hash: u64,
}

/// What the checker remembers of the history so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checker {
    /// The leader of each term seen so far.
    leaders: BTreeMap<Term, NodeId>,
    /// Each node's log while it leads: its term, length and prefix hash at the last check.
    marks: Vec<Option<LeaderMark>>,
    /// The longest prefix committed in each term, with its hash.
    committed: BTreeMap<Term, (LogIndex, u64)>,
    /// The hash of the entry first applied at each index (index 1 first).
    applied: ChunkedVec<u64>,
    /// Keys of what has been reported, so each broken rule is reported once.
    reported: BTreeSet<(Property, u64, u64)>,
    violations: Vec<Violation>,
}

/// Where and when a check runs, for the violation record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct At {
    pub frame: u64,
    pub time: Time,
}

impl Checker {
    pub(crate) fn new(nodes: usize) -> Self {
        Checker {
            marks: vec![None; nodes],
            ..Checker::default()
        }
    }

    /// Every violation found so far, oldest first.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// Whether `property` has been found broken.
    pub fn violated(&self, property: Property) -> bool {
        self.violations.iter().any(|v| v.property == property)
    }

    #[allow(clippy::too_many_arguments)]
    fn report(
        &mut self,
        at: At,
        property: Property,
        key: (u64, u64),
        nodes: Vec<NodeId>,
        index: Option<LogIndex>,
        term: Option<Term>,
        message: String,
    ) {
        if self.reported.insert((property, key.0, key.1)) {
            self.violations.push(Violation {
                property,
                frame: at.frame,
                time: at.time,
                nodes,
                index,
                term,
                message,
            });
        }
    }

    /// Checks everything node `id` may have changed in one event. `applied` are the entries
    /// applied in that event, by node; `log_changed` says whether `id`'s log changed.
    pub(crate) fn check_node(
        &mut self,
        at: At,
        slots: &[Slot],
        id: NodeId,
        applied: &[(NodeId, LogIndex, Entry)],
        log_changed: bool,
    ) {
        let Some(slot) = slots.get(id as usize - 1) else {
            return;
        };
        let Some(node) = slot.node.as_ref() else {
            return;
        };
        let term = node.term();
        let leading = node.role() == Role::Leader;

        // Election safety.
        if leading {
            match self.leaders.get(&term) {
                Some(&other) if other != id => self.report(
                    at,
                    Property::ElectionSafety,
                    (term, 0),
                    vec![other, id],
                    None,
                    Some(term),
                    format!("nodes {other} and {id} were both elected leader of term {term}"),
                ),
                Some(_) => {}
                None => {
                    self.leaders.insert(term, id);
                }
            }
        }

        // Leader append-only.
        let len = node.log().last_index();
        let mark = self.marks.get(id as usize - 1).copied().flatten();
        if leading {
            if let Some(mark) = mark.filter(|m| m.term == term) {
                if len < mark.len || slot.prefix_at(mark.len) != mark.hash {
                    self.report(
                        at,
                        Property::LeaderAppendOnly,
                        (u64::from(id), term),
                        vec![id],
                        Some(mark.len.min(len + 1)),
                        Some(term),
                        format!(
                            "leader {id} of term {term} changed entries it already held (up to \
                             index {})",
                            mark.len
                        ),
                    );
                }
            }
        }
        if let Some(m) = self.marks.get_mut(id as usize - 1) {
            *m = leading.then(|| LeaderMark {
                term,
                len,
                hash: slot.prefix_at(len),
            });
        }

        // Log matching, against every other node's log (down nodes keep theirs).
        if log_changed {
            for other in slots.iter().filter(|s| s.id != id) {
                let (mine, theirs) = (slot.log(), other.log());
                let mut i = mine.last_index().min(theirs.last_index());
                while i > 0 && mine.term(i) != theirs.term(i) {
                    i -= 1;
                }
                if i > 0 && slot.prefix_at(i) != other.prefix_at(i) {
                    let t = mine.term(i).unwrap_or(0);
                    let (a, b) = (id.min(other.id), id.max(other.id));
                    self.report(
                        at,
                        Property::LogMatching,
                        (u64::from(a) << 32 | u64::from(b), i),
                        vec![a, b],
                        Some(i),
                        Some(t),
                        format!(
                            "nodes {a} and {b} both hold an entry of term {t} at index {i}, but \
                             their logs differ before it"
                        ),
                    );
                }
            }
        }

        // Remember what is committed, per term, for leader completeness.
        let commit = node.commit_index().min(len);
        if commit > 0 {
            let record = self.committed.entry(term).or_insert((0, 0));
            if commit > record.0 {
                *record = (commit, slot.prefix_at(commit));
            }
        }

        // Leader completeness: a leader holds what earlier terms committed.
        if leading {
            if let Some((&t, &(index, hash))) = self.committed.range(..term).next_back() {
                if len < index || slot.prefix_at(index) != hash {
                    self.report(
                        at,
                        Property::LeaderCompleteness,
                        (term, index),
                        vec![id],
                        Some(index),
                        Some(term),
                        format!(
                            "leader {id} of term {term} lacks entries committed in term {t} \
                             (up to index {index})"
                        ),
                    );
                }
            }
        }

        // State machine safety.
        for (_, index, entry) in applied.iter().filter(|(n, _, _)| *n == id) {
            let h = entry_hash(entry);
            let i = *index as usize;
            match self.applied.get(i - 1) {
                Some(&first) if first != h => self.report(
                    at,
                    Property::StateMachineSafety,
                    (*index, 0),
                    vec![id],
                    Some(*index),
                    Some(entry.term),
                    format!(
                        "node {id} applied `{}` (term {}) at index {index}, where another \
                         entry was applied before",
                        entry.payload.text(),
                        entry.term
                    ),
                ),
                Some(_) => {}
                None if i == self.applied.len() + 1 => self.applied.push(h),
                None => {}
            }
        }
    }
}
