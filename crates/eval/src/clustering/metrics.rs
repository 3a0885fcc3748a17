//! Clustering metrics over the same items' gold labels and predicted cluster ids, all computed from
//! the contingency table (cluster-by-label counts), so they are linear in the number of items.
//!
//! - Pairwise: over all pairs of items, a pair in one predicted cluster is a true positive when
//!   it shares a gold label. When there are no pairs to be right about (no predicted pairs for
//!   precision, no gold pairs for recall) the figure is 1.
//! - B-cubed (Bagga & Baldwin 1998): per item, the share of its predicted cluster that shares its
//!   label (precision) and the share of its label's items in its cluster (recall), averaged over
//!   items. It is the metric that meets Amigó et al.'s (2009) four formal constraints.
//! - Adjusted Rand index (Hubert & Arabie 1985): pair agreement corrected for chance, 1 for
//!   identical partitions and about 0 for random ones; 1 when neither partition has a pair to
//!   disagree on (as scikit-learn has it).

use std::collections::HashMap;
use std::hash::Hash;

use serde::Serialize;

/// Precision, recall and their harmonic mean.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub(crate) fn new(precision: f64, recall: f64) -> Self {
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f1 }
    }
}

/// How well a predicted clustering matches the gold labels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClusterScore {
    pub pairwise: Prf,
    pub bcubed: Prf,
    pub ari: f64,
    pub clusters_predicted: usize,
    pub clusters_gold: usize,
}

/// Score `predicted` cluster ids against `gold` labels; item `i` is `gold[i]` and `predicted[i]`.
/// Labels and ids are compared for equality only, so any hashable type does (`String`, `usize`).
/// With no items every figure is 0.
///
/// # Panics
/// When the two slices differ in length: that is a caller's bug, not bad data.
pub fn score<G: Hash + Eq, P: Hash + Eq>(gold: &[G], predicted: &[P]) -> ClusterScore {
    assert_eq!(gold.len(), predicted.len(), "gold labels and predicted clusters must be for the same items");
    let (gold_ids, clusters_gold) = dense(gold);
    let (pred_ids, clusters_predicted) = dense(predicted);
    let n = gold.len() as u64;
    let zero = Prf { precision: 0.0, recall: 0.0, f1: 0.0 };
    if n == 0 {
        return ClusterScore {
            pairwise: zero,
            bcubed: zero,
            ari: 0.0,
            clusters_predicted: 0,
            clusters_gold: 0,
        };
    }

    let mut cells: HashMap<(usize, usize), u64> = HashMap::new();
    for (&g, &p) in gold_ids.iter().zip(&pred_ids) {
        *cells.entry((g, p)).or_insert(0) += 1;
    }
    let mut gold_sizes = vec![0u64; clusters_gold];
    let mut pred_sizes = vec![0u64; clusters_predicted];
    for (&(g, p), &c) in &cells {
        gold_sizes[g] += c;
        pred_sizes[p] += c;
    }

    // Pair counts, exact: with n items there are n(n-1)/2 pairs, far inside u128/i128.
    let pairs = |c: u64| u128::from(c) * u128::from(c.saturating_sub(1)) / 2;
    let tp: u128 = cells.values().map(|&c| pairs(c)).sum();
    let same_pred: u128 = pred_sizes.iter().map(|&c| pairs(c)).sum();
    let same_gold: u128 = gold_sizes.iter().map(|&c| pairs(c)).sum();
    let ratio_or_one = |a: u128, b: u128| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let pairwise = Prf::new(ratio_or_one(tp, same_pred), ratio_or_one(tp, same_gold));

    let (mut bp, mut br) = (0.0, 0.0);
    for (&(g, p), &c) in &cells {
        let c2 = (c * c) as f64;
        bp += c2 / pred_sizes[p] as f64;
        br += c2 / gold_sizes[g] as f64;
    }
    let bcubed = Prf::new(bp / n as f64, br / n as f64);

    let (fp, fn_) = (same_pred - tp, same_gold - tp);
    let tn = pairs(n) - tp - fp - fn_;
    let ari = if fp == 0 && fn_ == 0 {
        1.0
    } else {
        let [tp, fp, fn_, tn] = [tp, fp, fn_, tn].map(|x| x as i128);
        // Both products stay below (n²/2)² < 2^127 for any n that fits in memory.
        let num = 2 * (tp * tn - fn_ * fp);
        let den = (tp + fn_) * (fn_ + tn) + (tp + fp) * (fp + tn);
        num as f64 / den as f64
    };
    ClusterScore { pairwise, bcubed, ari, clusters_predicted, clusters_gold }
}

/// Dense ids (0..k) for labels, in first-seen order, and k.
fn dense<T: Hash + Eq>(labels: &[T]) -> (Vec<usize>, usize) {
    let mut ids: HashMap<&T, usize> = HashMap::new();
    let dense = labels
        .iter()
        .map(|l| {
            let next = ids.len();
            *ids.entry(l).or_insert(next)
        })
        .collect();
    (dense, ids.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    /// Bagga & Baldwin (1998), the B-cubed paper's example: gold {1-5}, {6,7}, {8-12}.
    const GOLD: [u8; 12] = [1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 3, 3];

    #[test]
    fn bagga_baldwin_merges() {
        // Response 1 merges the small cluster into a big one; response 2 merges the two big ones.
        let merge_small = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2];
        let s = score(&GOLD, &merge_small);
        assert!(close(s.bcubed.precision, 64.0 / 84.0) && close(s.bcubed.recall, 1.0), "{s:?}");
        // Pairs: gold 10 + 1 + 10 = 21, predicted 10 + 21 = 31, all gold pairs kept.
        assert!(close(s.pairwise.precision, 21.0 / 31.0) && close(s.pairwise.recall, 1.0));
        assert_eq!((s.clusters_gold, s.clusters_predicted), (3, 2));
        let merge_big = [1, 1, 1, 1, 1, 2, 2, 1, 1, 1, 1, 1];
        let s2 = score(&GOLD, &merge_big);
        assert!(close(s2.bcubed.precision, 7.0 / 12.0) && close(s2.bcubed.recall, 1.0), "{s2:?}");
        // B-cubed (unlike MUC) calls merging the two big clusters the worse mistake.
        assert!(s2.bcubed.f1 < s.bcubed.f1);
    }

    #[test]
    fn ari_known_values() {
        let s = |g: &[u8], p: &[u8]| score(g, p).ari;
        assert!(close(s(&[0, 0, 1, 1], &[0, 0, 1, 2]), 4.0 / 7.0));
        assert!(close(s(&[0, 0, 1, 1], &[0, 1, 0, 1]), -0.5));
        assert!(close(s(&[0, 0, 0, 0], &[0, 1, 2, 3]), 0.0));
        assert_eq!(s(&[7], &[3]), 1.0);
        // Identical up to renaming.
        let gold = ["x", "x", "y", "z", "z", "z"];
        let renamed = [5usize, 5, 9, 1, 1, 1];
        let r = score(&gold, &renamed);
        assert_eq!((r.ari, r.pairwise.f1, r.bcubed.f1), (1.0, 1.0, 1.0));
    }

    #[test]
    fn ari_of_random_labels_is_near_zero() {
        // A fixed LCG: no dependency, same numbers every run.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |k: u64| {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) % k
        };
        let gold: Vec<u64> = (0..5000).map(|_| next(10)).collect();
        let pred: Vec<u64> = (0..5000).map(|_| next(12)).collect();
        let s = score(&gold, &pred);
        assert!(s.ari.abs() < 0.01, "{}", s.ari);
        assert!(s.pairwise.precision < 0.15 && s.bcubed.precision < 0.15);
    }

    #[test]
    fn degenerate_partitions() {
        let singletons = score(&["a", "a", "b"], &[1, 2, 3]);
        assert_eq!(
            (singletons.pairwise.precision, singletons.pairwise.recall, singletons.pairwise.f1),
            (1.0, 0.0, 0.0)
        );
        assert!(
            close(singletons.bcubed.precision, 1.0)
                && close(singletons.bcubed.recall, (0.5 + 0.5 + 1.0) / 3.0)
        );
        let all_singletons = score(&["a", "b"], &[1, 2]);
        assert_eq!((all_singletons.pairwise.f1, all_singletons.ari), (1.0, 1.0));
        let empty = score::<String, String>(&[], &[]);
        assert_eq!((empty.bcubed.f1, empty.clusters_gold), (0.0, 0));
    }

    /// Amigó, Gonzalo, Artiles & Verdejo (2009): the four constraints B-cubed F satisfies.
    #[test]
    fn bcubed_meets_amigo_constraints() {
        let f = |g: &[&str], p: &[u8]| score(g, p).bcubed.f1;
        // Homogeneity: splitting a cluster that mixes two labels helps.
        let g = ["A", "A", "A", "B", "B", "C"];
        assert!(f(&g, &[1, 1, 1, 3, 3, 2]) > f(&g, &[1, 1, 1, 1, 1, 2]));
        // Completeness: keeping a label's items together helps.
        let g = ["A", "A", "A", "A", "B"];
        assert!(f(&g, &[1, 1, 1, 1, 3]) > f(&g, &[1, 1, 2, 2, 3]));
        // Rag bag: a stray item hurts less in a cluster of odds and ends than in a clean one.
        let g = ["A", "A", "A", "A", "c", "d", "e", "x"];
        assert!(f(&g, &[1, 1, 1, 1, 2, 2, 2, 2]) > f(&g, &[1, 1, 1, 1, 2, 2, 2, 1]));
        // Size vs quantity: one small error in a big cluster beats many errors in small ones.
        let g = ["A", "A", "A", "A", "A", "A", "A", "B", "B", "C", "C", "D", "D", "E", "E"];
        let one_split = [1, 1, 1, 1, 1, 1, 9, 2, 2, 3, 3, 4, 4, 5, 5];
        let many_splits = [1, 1, 1, 1, 1, 1, 1, 2, 12, 3, 13, 4, 14, 5, 15];
        assert!(f(&g, &one_split) > f(&g, &many_splits));
    }

    #[test]
    fn serialises_to_the_contract_shape() {
        let gold: Vec<String> = ["a", "a", "b"].map(String::from).to_vec();
        let pred: Vec<String> = ["1", "1", "2"].map(String::from).to_vec();
        let json = serde_json::to_value(score(&gold, &pred)).unwrap();
        assert_eq!(json["pairwise"]["f1"], 1.0);
        assert_eq!(json["bcubed"]["precision"], 1.0);
        assert_eq!(json["ari"], 1.0);
        assert_eq!((json["clusters_predicted"].as_u64(), json["clusters_gold"].as_u64()), (Some(2), Some(2)));
    }
}
