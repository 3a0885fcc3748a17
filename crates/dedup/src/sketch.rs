//! MinHash sketches of an article's word shingles and the LSH band keys that index them.
//!
//! The signature is one-permutation MinHash with optimal densification (Li, Owen & Zhang 2012;
//! Shrivastava 2017): each shingle is hashed once and kept as the minimum of one of `K` bins;
//! a bin no shingle fell into borrows the value of another bin, chosen by a probe sequence that
//! depends only on the bin, so two texts borrow alike. Slot `i` of two signatures agrees with
//! probability equal to the texts' shingle Jaccard, as with `K` independent permutations, at the
//! cost of one hash per shingle instead of `K`.
//!
//! LSH cuts the signature into bands of `rows` slots; texts sharing one band are candidates. With
//! `b` bands of `r` rows, two texts of Jaccard `s` share a band with probability
//! `1 - (1 - s^r)^b`: with the defaults (64 bands of 2 rows) 0.998 at `s = 0.3`, 0.93 at 0.2,
//! and 0.0003 at 0.002, about what unrelated news articles share once shingles made only of stop
//! words are left out. One more key holds the exact body hash. A text without a single word has
//! no key at all: it can be no one's copy, and under one shared key every such text would be
//! every other's candidate.

/// A text's MinHash signature and the number of distinct shingles it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sketch {
    /// Distinct shingles sketched (stop-word-only shingles left out).
    pub shingles: u32,
    /// One minimum per bin, densified; empty when the text has no shingle.
    pub signature: Vec<u32>,
    /// Hash of the normalised body, for exact copies.
    pub exact: u64,
}

/// splitmix64's finaliser: a cheap, well-mixed 64-bit permutation.
pub(crate) fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Probe attempts before a bin gives up borrowing (only a text with a handful of shingles in
/// many bins gets that far; its remaining bins stay empty and match nothing).
const MAX_PROBES: u64 = 512;

/// Band index of the exact-body key, out of the range of real bands.
const EXACT_BAND: u64 = u64::MAX;

impl Sketch {
    /// Sketch distinct `shingle_hashes` into `bins` slots (a repeated hash changes no minimum,
    /// only the count).
    pub fn new(shingle_hashes: impl IntoIterator<Item = u64>, bins: usize, exact: u64) -> Sketch {
        let bins = bins.max(1);
        let mut signature = vec![u32::MAX; bins];
        let mut filled = vec![false; bins];
        let mut count = 0u32;
        for h in shingle_hashes {
            count += 1;
            let x = mix(h);
            // High bits choose the bin, low bits are the value: independent halves of one hash.
            let bin = ((u128::from(x) * bins as u128) >> 64) as usize;
            signature[bin] = signature[bin].min(x as u32);
            filled[bin] = true;
        }
        if count == 0 {
            return Sketch { shingles: 0, signature: Vec::new(), exact };
        }
        let full = signature.clone();
        for bin in 0..bins {
            if filled[bin] {
                continue;
            }
            for attempt in 1..=MAX_PROBES {
                let probe = (mix((bin as u64) << 32 | attempt) % bins as u64) as usize;
                if filled[probe] {
                    signature[bin] = full[probe];
                    break;
                }
            }
        }
        Sketch { shingles: count, signature, exact }
    }

    /// Share of slots two signatures agree on: an estimate of the shingle Jaccard.
    pub fn jaccard(&self, other: &Sketch) -> f32 {
        if self.signature.is_empty() || self.signature.len() != other.signature.len() {
            return 0.0;
        }
        let same = self.signature.iter().zip(&other.signature).filter(|(a, b)| a == b).count();
        same as f32 / self.signature.len() as f32
    }

    /// Estimated share of the smaller text's shingles found in the other, from the Jaccard
    /// estimate and the two set sizes (`|A ∩ B| = J (|A| + |B|) / (1 + J)`).
    pub fn containment(&self, other: &Sketch) -> f32 {
        let j = self.jaccard(other);
        let smaller = self.shingles.min(other.shingles);
        if smaller == 0 {
            return 0.0;
        }
        let shared = j * (self.shingles + other.shingles) as f32 / (1.0 + j);
        (shared / smaller as f32).min(1.0)
    }

    /// The LSH keys: one per band of `rows` slots, then the exact-body key; none for a text
    /// without shingles. Keys carry their band
    /// number, so equal slot values in different bands do not meet.
    pub fn keys(&self, rows: usize) -> Vec<u64> {
        // A text without a word (a headline-only record) is no copy of anything: indexed under
        // the exact key, every such text would be every other's candidate.
        if self.shingles == 0 {
            return Vec::new();
        }
        let rows = rows.max(1);
        let mut keys: Vec<u64> = self
            .signature
            .chunks_exact(rows)
            .enumerate()
            .map(|(band, slots)| {
                let mut h = mix(band as u64 ^ 0x5bd1_e995);
                for &s in slots {
                    h = mix(h ^ u64::from(s));
                }
                h
            })
            .collect();
        keys.push(mix(EXACT_BAND ^ self.exact));
        keys
    }

    /// The signature as little-endian bytes, for storage.
    pub fn signature_bytes(&self) -> Vec<u8> {
        self.signature.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// A sketch back from [`Sketch::signature_bytes`] and its other fields; `None` when the bytes
    /// are not a whole number of slots.
    pub fn from_parts(shingles: u32, bytes: &[u8], exact: u64) -> Option<Sketch> {
        if !bytes.len().is_multiple_of(4) {
            return None;
        }
        let signature = bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        Some(Sketch { shingles, signature, exact })
    }
}

/// [`stable_hash`] of one part given as bytes: `stable_hash([s])` equals
/// `stable_hash_bytes(s.bytes())`.
pub(crate) fn stable_hash_bytes(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h ^ 0x20)
}

/// A stable 64-bit hash of a value made of strings (FNV-1a over the parts, mixed).
pub(crate) fn stable_hash<T: AsRef<str>>(parts: impl IntoIterator<Item = T>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for part in parts {
        for &b in part.as_ref().as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h = mix(h ^ 0x20);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sketch(range: std::ops::Range<u64>) -> Sketch {
        Sketch::new(range, 128, 0)
    }

    #[test]
    fn equal_sets_equal_sketches_and_order_does_not_matter() {
        let a = Sketch::new((0..300).rev(), 128, 1);
        let b = Sketch::new(0..300, 128, 1);
        assert_eq!(a, b);
        assert_eq!(a.jaccard(&b), 1.0);
        assert_eq!(a.keys(2), b.keys(2));
    }

    #[test]
    fn jaccard_estimate_tracks_the_truth() {
        // |A ∩ B| = 500, |A ∪ B| = 1500: J = 1/3.
        let a = sketch(0..1000);
        let b = sketch(500..1500);
        let j = a.jaccard(&b);
        assert!((j - 1.0 / 3.0).abs() < 0.12, "estimate {j}");
        let c = sketch(10_000..11_000);
        assert!(a.jaccard(&c) < 0.05);
    }

    #[test]
    fn containment_of_a_trimmed_copy_is_high() {
        let whole = sketch(0..1200);
        let part = sketch(0..300);
        assert!(whole.containment(&part) > 0.7, "{}", whole.containment(&part));
    }

    #[test]
    fn short_texts_are_densified_and_still_match_themselves() {
        let a = Sketch::new([7u64, 9, 11], 128, 3);
        assert_eq!(a.shingles, 3);
        assert_eq!(a.signature.len(), 128);
        assert!(a.signature.iter().all(|&v| v != u32::MAX));
        assert_eq!(a.jaccard(&Sketch::new([11u64, 7, 9], 128, 3)), 1.0);
    }

    #[test]
    fn empty_text_has_no_key_and_a_one_word_text_has_its_exact_key() {
        let a = Sketch::new(std::iter::empty(), 128, 42);
        assert!(a.signature.is_empty());
        assert!(a.keys(2).is_empty());
        let one = Sketch::new([5u64], 128, 42);
        assert_eq!(one.keys(2).last(), Sketch::new([5u64], 128, 42).keys(2).last());
        assert_eq!(one.keys(2).len(), 128 / 2 + 1);
    }

    #[test]
    fn keys_differ_by_band() {
        let a = sketch(0..500);
        let keys = a.keys(2);
        assert_eq!(keys.len(), 65);
        let distinct: std::collections::HashSet<_> = keys.iter().collect();
        assert_eq!(distinct.len(), keys.len());
    }

    #[test]
    fn hash_of_bytes_is_hash_of_one_part() {
        assert_eq!(stable_hash(["kyiv"]), stable_hash_bytes("kyiv".bytes()));
        assert_ne!(stable_hash(["kyiv"]), stable_hash(["kiev"]));
    }

    #[test]
    fn bytes_round_trip() {
        let a = sketch(0..500);
        let b = Sketch::from_parts(a.shingles, &a.signature_bytes(), a.exact).unwrap();
        assert_eq!(a, b);
        assert!(Sketch::from_parts(1, &[1, 2, 3], 0).is_none());
    }
}
