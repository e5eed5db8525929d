//! The simulation's one random source: SplitMix64, chosen because it is tiny, fast, and gives
//! the same sequence on every platform (native and wasm32 alike), which replay depends on.

/// A seeded pseudo-random generator. Every random choice of a run comes from one of these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator that yields the same sequence for the same seed.
    pub const fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `[low, high]` (both ends included).
    pub fn range_inclusive(&mut self, low: u64, high: u64) -> u64 {
        if high <= low {
            return low;
        }
        let span = high - low + 1;
        low + ((u128::from(self.next_u64()) * u128::from(span)) >> 64) as u64
    }

    /// A value in `[0, n)` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.range_inclusive(0, n.saturating_sub(1))
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items`, which must not be empty.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn same_seed_same_sequence_and_bounds_hold() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let mut c = Rng::new(43);
        let xs: Vec<u64> = (0..100).map(|_| a.range_inclusive(10, 15)).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.range_inclusive(10, 15)).collect();
        let zs: Vec<u64> = (0..100).map(|_| c.range_inclusive(10, 15)).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
        assert!(xs.iter().all(|x| (10..=15).contains(x)));
        // Every value of a small range turns up: the mapping is not stuck on one end.
        for v in 10..=15 {
            assert!(xs.contains(&v), "{v} never drawn");
        }
    }

    #[test]
    fn below_chance_and_pick_stay_in_bounds() {
        let mut r = Rng::new(7);
        assert_eq!(r.below(0), 0);
        assert_eq!(r.below(1), 0);
        let draws: Vec<u64> = (0..200).map(|_| r.below(3)).collect();
        assert!(draws.iter().all(|&d| d < 3) && (0..3).all(|v| draws.contains(&v)));
        assert!((0..100).all(|_| !r.chance(0) && r.chance(100)));
        let hits = (0..1000).filter(|_| r.chance(30)).count();
        assert!((200..400).contains(&hits), "{hits}");
        let items = ['a', 'b', 'c'];
        assert!((0..50).all(|_| items.contains(&r.pick(&items))));
    }
}
