//! A vector whose clones share storage, so that copying a long log (a simulator checkpoints
//! whole nodes) costs a pointer per 256 entries rather than a copy of every entry.

use alloc::sync::Arc;
use alloc::vec::Vec;

const CHUNK: usize = 256;

/// An append-mostly vector stored in reference-counted chunks. Cloning copies one pointer per
/// chunk; writing to a chunk that a clone shares copies that chunk only. Chunks are small (256)
/// because every checkpoint ends up owning a copy of each log's last, partly filled chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkedVec<T: Clone> {
    chunks: Vec<Arc<Vec<T>>>,
    len: usize,
}

impl<T: Clone> Default for ChunkedVec<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone> ChunkedVec<T> {
    /// An empty vector.
    pub const fn new() -> Self {
        ChunkedVec {
            chunks: Vec::new(),
            len: 0,
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The element at `i`, if any.
    pub fn get(&self, i: usize) -> Option<&T> {
        if i >= self.len {
            return None;
        }
        self.chunks.get(i / CHUNK).and_then(|c| c.get(i % CHUNK))
    }

    /// The last element, if any.
    pub fn last(&self) -> Option<&T> {
        self.len.checked_sub(1).and_then(|i| self.get(i))
    }

    /// Appends an element.
    pub fn push(&mut self, value: T) {
        if self.len % CHUNK == 0 {
            let mut chunk = Vec::with_capacity(CHUNK);
            chunk.push(value);
            self.chunks.push(Arc::new(chunk));
        } else if let Some(last) = self.chunks.last_mut() {
            Arc::make_mut(last).push(value);
        }
        self.len += 1;
    }

    /// Keeps the first `len` elements.
    pub fn truncate(&mut self, len: usize) {
        if len >= self.len {
            return;
        }
        let chunks = len.div_ceil(CHUNK);
        self.chunks.truncate(chunks);
        if let Some(last) = self.chunks.last_mut() {
            let keep = len - (chunks - 1) * CHUNK;
            if last.len() > keep {
                Arc::make_mut(last).truncate(keep);
            }
        }
        self.len = len;
    }

    /// The elements in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> {
        self.chunks.iter().flat_map(|c| c.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn behaves_like_a_vec_and_clones_do_not_see_later_writes() {
        let mut v = ChunkedVec::new();
        let mut reference = Vec::new();
        for i in 0..3000u32 {
            v.push(i);
            reference.push(i);
        }
        let snapshot = v.clone();
        v.truncate(1500);
        reference.truncate(1500);
        v.push(99);
        reference.push(99);
        assert_eq!(v.iter().copied().collect::<Vec<_>>(), reference);
        let _ = vec![0u8];
        assert_eq!(v.len(), 1501);
        assert_eq!(v.get(1500), Some(&99));
        assert_eq!(v.get(1501), None);
        assert_eq!(snapshot.len(), 3000);
        assert_eq!(snapshot.get(1500), Some(&1500));
        assert_eq!(snapshot.last(), Some(&2999));
        v.truncate(1024);
        assert_eq!(v.len(), 1024);
        assert_eq!(v.last(), Some(&1023));
        v.truncate(0);
        assert!(v.is_empty());
        assert_eq!(v.last(), None);
    }
}
