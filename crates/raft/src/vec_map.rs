//! A map kept as a vector sorted by key.
//!
//! Every map a cluster keeps is small or grows at its end: one entry per peer, per pending
//! client, per term that had a leader. A sorted vector serves them with a binary search, in
//! key order like a `BTreeMap`, with a fraction of its code: each `BTreeMap<K, V>` type costs
//! the page's WebAssembly about 5 KB, and the page carries one per map.

use alloc::vec::Vec;
use core::borrow::Borrow;

/// A map from `K` to `V`, iterated in key order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct VecMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for VecMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K, V> VecMap<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        Self {
            entries: Vec::new(),
        }
    }

    /// How many keys are in the map.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the map has no keys.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Removes every key.
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Every key and its value, in key order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&K, &V)> + ExactSizeIterator {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// Every key, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &K> + ExactSizeIterator {
        self.entries.iter().map(|(k, _)| k)
    }

    /// Every value, in key order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.entries.iter().map(|(_, v)| v)
    }

    /// Every value, in key order, to change.
    pub fn values_mut(&mut self) -> impl DoubleEndedIterator<Item = &mut V> + ExactSizeIterator {
        self.entries.iter_mut().map(|(_, v)| v)
    }

    /// Keeps the keys for which `keep` is true.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &mut V) -> bool) {
        self.entries.retain_mut(|(k, v)| keep(k, v));
    }
}

impl<K: Ord, V> VecMap<K, V> {
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        // Most inserts come in increasing order (terms, client ids): check the end first.
        match self.entries.last() {
            Some((last, _)) if last.borrow() < key => Err(self.entries.len()),
            _ => self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key)),
        }
    }

    /// The value of `key`, if it is in the map.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// The value of `key`, to change, if it is in the map.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &mut self.entries[i].1)
    }

    /// Whether `key` is in the map.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Sets `key` to `value`, returning the value it replaced.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(core::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`, returning its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }
}

#[cfg(test)]
mod tests {
    use super::VecMap;
    use alloc::collections::BTreeMap;
    use alloc::vec::Vec;

    /// A BTreeMap is the oracle: the same operations, the same answers and the same order.
    #[test]
    fn behaves_as_a_btree_map() {
        let mut ours = VecMap::new();
        let mut oracle = BTreeMap::new();
        // A small deterministic generator: keys collide often, in and out of order.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for step in 0..20_000u64 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let key = (x % 64) as u8;
            match x >> 60 {
                0..=7 => assert_eq!(ours.insert(key, step), oracle.insert(key, step)),
                8..=10 => assert_eq!(ours.remove(&key), oracle.remove(&key)),
                11 => {
                    if let (Some(a), Some(b)) = (ours.get_mut(&key), oracle.get_mut(&key)) {
                        *a += 1;
                        *b += 1;
                    }
                }
                12 => {
                    ours.retain(|k, _| k % 7 != 0);
                    oracle.retain(|k, _| k % 7 != 0);
                }
                13 if step % 97 == 0 => {
                    ours.clear();
                    oracle.clear();
                }
                _ => {
                    assert_eq!(ours.get(&key), oracle.get(&key));
                    assert_eq!(ours.contains_key(&key), oracle.contains_key(&key));
                }
            }
            assert_eq!(ours.len(), oracle.len());
        }
        let pairs: Vec<_> = ours.iter().collect();
        assert_eq!(pairs, oracle.iter().collect::<Vec<_>>());
        assert_eq!(
            ours.keys().rev().collect::<Vec<_>>(),
            oracle.keys().rev().collect::<Vec<_>>()
        );
    }

    #[test]
    fn looks_up_string_keys_by_str() {
        let mut map = VecMap::new();
        map.insert(alloc::string::String::from("b"), 2);
        map.insert(alloc::string::String::from("a"), 1);
        assert_eq!(map.get("a"), Some(&1));
        assert_eq!(map.remove("b"), Some(2));
        assert!(!map.contains_key("b"));
    }
}
