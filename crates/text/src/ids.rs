//! A hasher for keys that are already hashes or small numbers (term hashes, ids, pairs of
//! indices packed in a `u64`): one multiply per key instead of SipHash's rounds. Not for keys an
//! adversary chooses.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// The multiplier of Fibonacci hashing (2^64 divided by the golden ratio).
const K: u64 = 0x9e37_79b9_7f4a_7c15;

#[derive(Debug, Clone, Copy, Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u64(&mut self, x: u64) {
        // The high half folded into the low, so keys that differ only there (a pair (i, j) packed
        // as i << 32 | j) reach the low bits a table indexes by.
        self.0 = (self.0 ^ x ^ (x >> 29)).wrapping_mul(K);
    }

    fn write_u32(&mut self, x: u32) {
        self.write_u64(u64::from(x));
    }
}

/// A hash map keyed by hashes or ids.
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
/// A hash set of hashes or ids.
pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_pairs_hash_apart_and_reach_the_low_bits() {
        let hash = |x: u64| {
            let mut h = IdHasher::default();
            std::hash::Hasher::write_u64(&mut h, x);
            std::hash::Hasher::finish(&h)
        };
        let pairs: Vec<u64> = (0..32u64).flat_map(|i| (0..32u64).map(move |j| (i << 32) | j)).collect();
        let hashes: IdSet<u64> = pairs.iter().map(|&p| hash(p)).collect();
        assert_eq!(hashes.len(), pairs.len());
        // Pairs that differ only in their first index still differ in a table's index bits.
        let low: IdSet<u64> = (0..32u64).map(|i| hash(i << 32) & 0xff).collect();
        assert!(low.len() >= 16, "{}", low.len());
    }
}
