//! Sparse term vectors: an article's TF-IDF vector (sorted, unit length) and a story's centroid
//! (a hash map summing its members' vectors, with its squared norm kept as members come and go).

/// A term id: the hash of a folded word or entity name (see `features`).
pub type Term = u64;

pub use storyweave_text::IdMap;

/// A sparse vector: (term, weight), sorted by term, no zero weights.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec(pub Vec<(Term, f32)>);

impl SparseVec {
    /// A vector of `entries` (any order, each term once), scaled to unit length.
    pub fn unit(mut entries: Vec<(Term, f32)>) -> SparseVec {
        entries.retain(|e| e.1 != 0.0 && e.1.is_finite());
        entries.sort_unstable_by_key(|e| e.0);
        let norm = entries.iter().map(|e| f64::from(e.1) * f64::from(e.1)).sum::<f64>().sqrt();
        if norm > 0.0 {
            for e in &mut entries {
                e.1 = (f64::from(e.1) / norm) as f32;
            }
        }
        SparseVec(entries)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether it has no term.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Its `k` heaviest terms (ties by term, so the choice is deterministic).
    pub fn top_terms(&self, k: usize) -> Vec<Term> {
        let mut by_weight: Vec<(Term, f32)> = self.0.clone();
        by_weight.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        by_weight.into_iter().take(k).map(|e| e.0).collect()
    }

    fn norm(&self) -> f64 {
        self.0.iter().map(|e| f64::from(e.1) * f64::from(e.1)).sum::<f64>().sqrt()
    }
}

/// Cosine similarity of two sparse vectors (normalised or not); 0 when either is empty.
pub fn cosine(a: &SparseVec, b: &SparseVec) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
    while i < a.0.len() && j < b.0.len() {
        match a.0[i].0.cmp(&b.0[j].0) {
            std::cmp::Ordering::Equal => {
                dot += f64::from(a.0[i].1) * f64::from(b.0[j].1);
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    let n = a.norm() * b.norm();
    if n > 0.0 {
        (dot / n) as f32
    } else {
        0.0
    }
}

/// The sum of a story's member vectors. Lookups by term make the dot product with an article
/// cost the article's length, not the story's; the squared norm is updated on each change.
#[derive(Debug, Clone, Default)]
pub struct Centroid {
    weights: IdMap<Term, f32>,
    norm2: f64,
}

impl Centroid {
    /// Dot product with a vector.
    pub fn dot(&self, v: &SparseVec) -> f64 {
        v.0.iter().filter_map(|(t, w)| self.weights.get(t).map(|c| f64::from(*c) * f64::from(*w))).sum()
    }

    /// Dot product with another centroid (iterating the smaller).
    pub fn dot_centroid(&self, other: &Centroid) -> f64 {
        let (small, large) =
            if self.weights.len() <= other.weights.len() { (self, other) } else { (other, self) };
        small
            .weights
            .iter()
            .filter_map(|(t, w)| large.weights.get(t).map(|c| f64::from(*c) * f64::from(*w)))
            .sum()
    }

    /// Whether it holds term `t`.
    pub fn has(&self, t: Term) -> bool {
        self.weights.contains_key(&t)
    }

    /// Euclidean norm.
    pub fn norm(&self) -> f64 {
        self.norm2.max(0.0).sqrt()
    }

    /// Cosine with a vector.
    pub fn cosine(&self, v: &SparseVec) -> f32 {
        let n = self.norm() * v.norm();
        if n > 0.0 {
            (self.dot(v) / n) as f32
        } else {
            0.0
        }
    }

    /// Similarity with another centroid, `self` summing `n` member vectors and `other` `m`:
    /// `linkage` 0 is the cosine of the two centroids, 1 the mean cosine between their members
    /// (unit vectors, so the dot product over `n * m`), between, a blend of the normalisations.
    pub fn linked(&self, n: usize, other: &Centroid, m: usize, linkage: f32) -> f32 {
        let a = f64::from(linkage.clamp(0.0, 1.0));
        let denom = (self.norm() * other.norm()).powf(1.0 - a) * ((n * m) as f64).powf(a);
        if denom > 0.0 {
            (self.dot_centroid(other) / denom) as f32
        } else {
            0.0
        }
    }

    /// Add `k` times `v`.
    pub fn add(&mut self, v: &SparseVec, k: f32) {
        for &(t, w) in &v.0 {
            let c = self.weights.entry(t).or_insert(0.0);
            let old = f64::from(*c);
            *c += k * w;
            let new = f64::from(*c);
            self.norm2 += new * new - old * old;
            // A term the leaving article alone brought is gone, not merely tiny.
            if c.abs() < 1e-6 {
                self.weights.remove(&t);
            }
        }
    }

    /// Add another centroid (two stories merging).
    pub fn absorb(&mut self, other: Centroid) {
        for (t, w) in other.weights {
            let c = self.weights.entry(t).or_insert(0.0);
            let old = f64::from(*c);
            *c += w;
            let new = f64::from(*c);
            self.norm2 += new * new - old * old;
        }
    }

    /// Its `k` heaviest terms.
    pub fn top_terms(&self, k: usize) -> Vec<Term> {
        let mut by_weight: Vec<(Term, f32)> = self.weights.iter().map(|(t, w)| (*t, *w)).collect();
        by_weight.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        by_weight.into_iter().take(k).map(|e| e.0).collect()
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether it has no term.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_vectors_and_cosine() {
        let a = SparseVec::unit(vec![(3, 2.0), (1, 0.0), (2, 2.0)]);
        assert_eq!(a.len(), 2);
        assert!((cosine(&a, &a) - 1.0).abs() < 1e-6);
        let b = SparseVec::unit(vec![(3, 1.0), (7, 1.0)]);
        assert!((cosine(&a, &b) - 0.5).abs() < 1e-6);
        assert_eq!(cosine(&a, &SparseVec::default()), 0.0);
    }

    #[test]
    fn centroid_norm_follows_adds_and_removals() {
        let a = SparseVec::unit(vec![(1, 1.0), (2, 1.0)]);
        let b = SparseVec::unit(vec![(2, 1.0), (3, 1.0)]);
        let mut c = Centroid::default();
        c.add(&a, 1.0);
        c.add(&b, 1.0);
        let direct = (0.5f64 + 2.0 + 0.5).sqrt();
        assert!((c.norm() - direct).abs() < 1e-6);
        assert!((c.cosine(&a) - (1.5 / direct) as f32).abs() < 1e-5);
        c.add(&b, -1.0);
        assert_eq!(c.len(), 2);
        assert!((c.cosine(&a) - 1.0).abs() < 1e-5);
        let mut d = Centroid::default();
        d.add(&b, 1.0);
        // One member each: every linkage is the cosine of the two.
        for linkage in [0.0, 0.5, 1.0] {
            assert!((c.linked(1, &d, 1, linkage) - cosine(&a, &b)).abs() < 1e-5);
        }
        c.absorb(d);
        assert!((c.norm() - direct).abs() < 1e-6);
        assert_eq!(c.top_terms(1), vec![2]);
    }

    #[test]
    fn average_linkage_does_not_grow_with_story_size() {
        // Two stories of three members each: their centroids smooth out what the members do
        // not share, so the centroid cosine is higher than any member pair's.
        let unit = |t: &[(Term, f32)]| SparseVec::unit(t.to_vec());
        let left = [unit(&[(1, 1.0), (10, 1.0)]), unit(&[(1, 1.0), (11, 1.0)]), unit(&[(1, 1.0), (12, 1.0)])];
        let right =
            [unit(&[(1, 1.0), (20, 1.0)]), unit(&[(1, 1.0), (21, 1.0)]), unit(&[(1, 1.0), (22, 1.0)])];
        let (mut l, mut r) = (Centroid::default(), Centroid::default());
        left.iter().for_each(|v| l.add(v, 1.0));
        right.iter().for_each(|v| r.add(v, 1.0));
        let pairs: Vec<f32> = left.iter().flat_map(|a| right.iter().map(move |b| cosine(a, b))).collect();
        let mean = pairs.iter().sum::<f32>() / pairs.len() as f32;
        assert!((l.linked(3, &r, 3, 1.0) - mean).abs() < 1e-5);
        assert!(l.linked(3, &r, 3, 0.0) > mean + 0.2);
        let half = l.linked(3, &r, 3, 0.5);
        assert!(half > mean && half < l.linked(3, &r, 3, 0.0));
    }
}
