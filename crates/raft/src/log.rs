//! The replicated log, indexed from 1 as in the paper.

use alloc::vec::Vec;

use crate::chunked::ChunkedVec;
use crate::types::{Entry, LogIndex, Term};

/// A node's log of entries. Index `i` (from 1) holds the `i`-th entry; index 0 is the empty
/// prefix, whose term is 0.
///
/// Entries live in shared chunks, so a clone of the log costs one pointer per 256 entries and
/// later appends copy only the last chunk.
///
/// Every accessor is total: an index outside the log gives `None` or an empty slice rather than
/// a panic, because with a teaching `bug` switched on a node may be told to do nonsensical things
/// and must keep running.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Log {
    entries: ChunkedVec<Entry>,
}

impl Log {
    /// An empty log.
    pub const fn new() -> Self {
        Log {
            entries: ChunkedVec::new(),
        }
    }

    /// A log holding `entries` at indexes `1..=entries.len()`.
    pub fn from_entries(entries: Vec<Entry>) -> Self {
        let mut log = Log::new();
        for entry in entries {
            log.entries.push(entry);
        }
        log
    }

    /// The index of the last entry, 0 when empty.
    pub fn last_index(&self) -> LogIndex {
        self.entries.len() as LogIndex
    }

    /// The term of the last entry, 0 when empty.
    pub fn last_term(&self) -> Term {
        self.entries.last().map_or(0, |e| e.term)
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the log holds no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The term of the entry at `index`; `Some(0)` for index 0, `None` past the end.
    pub fn term(&self, index: LogIndex) -> Option<Term> {
        if index == 0 {
            return Some(0);
        }
        self.get(index).map(|e| e.term)
    }

    /// The entry at `index`, if the log has one there.
    pub fn get(&self, index: LogIndex) -> Option<&Entry> {
        let i = usize::try_from(index).ok()?.checked_sub(1)?;
        self.entries.get(i)
    }

    /// All entries, in index order (the entry at index 1 first).
    pub fn entries(&self) -> Vec<Entry> {
        self.entries.iter().cloned().collect()
    }

    /// The entries from `from` up to and including `to`, clipped to the log.
    pub fn iter_range(&self, from: LogIndex, to: LogIndex) -> impl Iterator<Item = &Entry> + '_ {
        let start = (from.max(1) - 1).min(self.last_index()) as usize;
        let end = to.min(self.last_index()) as usize;
        (start..end).filter_map(move |i| self.entries.get(i))
    }

    /// A copy of the entries from `from` up to and including `to`, clipped to the log.
    pub fn slice(&self, from: LogIndex, to: LogIndex) -> Vec<Entry> {
        self.iter_range(from, to).cloned().collect()
    }

    /// Appends one entry and returns its index.
    pub fn push(&mut self, entry: Entry) -> LogIndex {
        self.entries.push(entry);
        self.last_index()
    }

    /// Removes the entry at `index` and every entry after it.
    pub fn truncate_from(&mut self, index: LogIndex) {
        let keep = index.saturating_sub(1).min(self.last_index()) as usize;
        self.entries.truncate(keep);
    }

    /// Whether a log ending in (`last_term`, `last_index`) is at least as up-to-date as this one
    /// (section 5.4.1): a later last term wins; with equal last terms the longer log wins.
    pub fn is_up_to_date(&self, last_index: LogIndex, last_term: Term) -> bool {
        (last_term, last_index) >= (self.last_term(), self.last_index())
    }

    /// The first index of the run of entries of `term` that contains `index`.
    ///
    /// A follower sends this back with a rejection so the leader can skip the whole run of a
    /// conflicting term in one round trip (section 5.3, the optimisation at the end).
    pub fn first_index_of_term_at(&self, index: LogIndex) -> LogIndex {
        let Some(term) = self.term(index) else {
            return self.last_index() + 1;
        };
        let mut first = index;
        while first > 1 && self.term(first - 1) == Some(term) {
            first -= 1;
        }
        first
    }

    /// The last index holding an entry of `term`, if any (terms never decrease along a log,
    /// so this is a binary search).
    pub fn last_index_of_term(&self, term: Term) -> Option<LogIndex> {
        let (mut lo, mut hi) = (0usize, self.entries.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.entries.get(mid) {
                Some(e) if e.term <= term => lo = mid + 1,
                _ => hi = mid,
            }
        }
        (lo > 0 && self.entries.get(lo - 1).map(|e| e.term) == Some(term)).then_some(lo as LogIndex)
    }
}
