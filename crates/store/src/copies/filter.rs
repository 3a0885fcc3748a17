//! A split-block Bloom filter over LSH band keys: one per stored run of the dedup index, kept in
//! memory, so a lookup reads a run's table only for the keys the run may hold.
//!
//! Each key sets one bit in each of the eight 32-bit words of one 256-bit block, so a check
//! touches a single cache line. Band keys are already well-mixed 64-bit hashes: the high half
//! picks the block, the low half (multiplied by one odd constant per word) the bits.

/// Filter bits per key: about 1% false positives.
const BITS_PER_KEY: usize = 10;

/// One odd multiplier per word of a block; any odd constants with well-spread bits do.
const SALTS: [u32; 8] =
    [0x9e37_79b1, 0x85eb_ca77, 0xc2b2_ae3d, 0x27d4_eb2f, 0x1656_67b1, 0xd3a2_646d, 0xfd70_46c5, 0xb55a_4f09];

/// Words per block.
const WORDS: usize = SALTS.len();

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    /// `blocks * WORDS` words.
    words: Vec<u32>,
}

impl Filter {
    /// An empty filter sized for `keys` keys.
    pub(crate) fn with_capacity(keys: usize) -> Filter {
        let blocks = (keys * BITS_PER_KEY).div_ceil(WORDS * 32).max(1);
        Filter { words: vec![0; blocks * WORDS] }
    }

    fn block(&self, key: u64) -> usize {
        let blocks = (self.words.len() / WORDS) as u64;
        (((key >> 32) * blocks) >> 32) as usize * WORDS
    }

    pub(crate) fn insert(&mut self, key: u64) {
        let at = self.block(key);
        for (word, salt) in self.words[at..at + WORDS].iter_mut().zip(SALTS) {
            *word |= 1 << ((key as u32).wrapping_mul(salt) >> 27);
        }
    }

    /// False only when `key` was never inserted.
    pub(crate) fn may_contain(&self, key: u64) -> bool {
        let at = self.block(key);
        self.words[at..at + WORDS]
            .iter()
            .zip(SALTS)
            .all(|(word, salt)| word & (1 << ((key as u32).wrapping_mul(salt) >> 27)) != 0)
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        self.words.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    /// `None` when `bytes` is not a whole number of blocks.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<Filter> {
        if bytes.is_empty() || !bytes.len().is_multiple_of(WORDS * 4) {
            return None;
        }
        let words = bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        Some(Filter { words })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distinct, well-mixed keys (splitmix64 of a counter), like band keys.
    fn keys(from: u64, n: u64) -> impl Iterator<Item = u64> {
        (from..from + n).map(|i| {
            let mut x = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            x ^ (x >> 31)
        })
    }

    #[test]
    fn every_inserted_key_is_found_and_few_others() {
        let mut filter = Filter::with_capacity(50_000);
        keys(0, 50_000).for_each(|k| filter.insert(k));
        assert!(keys(0, 50_000).all(|k| filter.may_contain(k)));
        let false_positives = keys(1_000_000, 100_000).filter(|&k| filter.may_contain(k)).count();
        assert!(false_positives < 2_500, "{false_positives} false positives in 100,000");
    }

    #[test]
    fn an_empty_filter_holds_nothing_and_round_trips() {
        let empty = Filter::with_capacity(0);
        assert!(keys(0, 1000).all(|k| !empty.may_contain(k)));
        let mut filter = Filter::with_capacity(100);
        keys(0, 100).for_each(|k| filter.insert(k));
        assert_eq!(Filter::from_bytes(&filter.to_bytes()), Some(filter));
        assert_eq!(Filter::from_bytes(&[]), None);
        assert_eq!(Filter::from_bytes(&[0; 31]), None);
    }
}
