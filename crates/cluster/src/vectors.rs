//! TF-IDF vectors of articles: sparse, L2-normalised, with title words and proper nouns weighted.

use std::collections::HashMap;

use storyweave_model::Article;
use storyweave_text::{fold, is_stopword, word_tokens};

use crate::ClusterConfig;

/// A sparse vector: (term id, weight), sorted by term id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SparseVec(pub Vec<(u32, f32)>);

impl SparseVec {
    fn from_map(map: HashMap<u32, f32>) -> SparseVec {
        let mut v: Vec<(u32, f32)> = map.into_iter().collect();
        v.sort_unstable_by_key(|e| e.0);
        let norm = v.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            for e in &mut v {
                e.1 /= norm;
            }
        }
        SparseVec(v)
    }

    /// Add `other` into `self` (a centroid as an unnormalised sum).
    pub fn add(&mut self, other: &SparseVec) {
        self.add_scaled(other, 1.0);
    }

    /// Take `other` out of `self` again (an article leaving a centroid).
    pub fn sub(&mut self, other: &SparseVec) {
        self.add_scaled(other, -1.0);
        // Terms the leaving article alone brought are gone, not merely tiny.
        self.0.retain(|e| e.1.abs() > 1e-6);
    }

    fn add_scaled(&mut self, other: &SparseVec, k: f32) {
        let mut out = Vec::with_capacity(self.0.len() + other.0.len());
        let (mut i, mut j) = (0, 0);
        let (a, b) = (&self.0, &other.0);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    out.push((x.0, x.1 + k * y.1));
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x.0 < y.0 => {
                    out.push(*x);
                    i += 1;
                }
                (Some(x), None) => {
                    out.push(*x);
                    i += 1;
                }
                (_, Some(y)) => {
                    out.push((y.0, k * y.1));
                    j += 1;
                }
                (None, None) => break,
            }
        }
        self.0 = out;
    }

    fn norm(&self) -> f32 {
        self.0.iter().map(|e| e.1 * e.1).sum::<f32>().sqrt()
    }
}

/// Cosine similarity of two sparse vectors (normalised or not).
pub fn cosine(a: &SparseVec, b: &SparseVec) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0f32);
    while i < a.0.len() && j < b.0.len() {
        match a.0[i].0.cmp(&b.0[j].0) {
            std::cmp::Ordering::Equal => {
                dot += a.0[i].1 * b.0[j].1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    let n = a.norm() * b.norm();
    if n > 0.0 {
        dot / n
    } else {
        0.0
    }
}

/// Vocabulary and document frequencies of a batch of articles.
pub struct Vectorizer {
    vocab: HashMap<String, u32>,
    idf: Vec<f32>,
    title_weight: f32,
    proper_weight: f32,
}

/// Weighted terms of an article: (folded term, weight).
fn terms(a: &Article, title_weight: f32, proper_weight: f32) -> Vec<(String, f32)> {
    let mut out = Vec::new();
    let mut push_text = |text: &str, weight: f32| {
        let mut sentence_start = true;
        for (pos, w) in word_tokens(text) {
            let folded = fold(w);
            let proper = !sentence_start && w.chars().next().is_some_and(char::is_uppercase);
            // The next word opens a sentence when this one is followed by terminal punctuation.
            sentence_start = text[pos + w.len()..].trim_start().starts_with(['.', '!', '?']);
            if folded.len() < 2 || is_stopword(&folded) || folded.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            out.push((folded, if proper { weight * proper_weight } else { weight }));
        }
    };
    if let Some(t) = &a.title {
        push_text(t, title_weight);
    }
    for p in &a.paragraphs {
        push_text(p, 1.0);
    }
    out
}

impl Vectorizer {
    /// Learn the vocabulary and IDF from `articles`.
    pub fn fit(articles: &[Article], config: &ClusterConfig) -> Vectorizer {
        let mut vocab: HashMap<String, u32> = HashMap::new();
        let mut df: Vec<u32> = Vec::new();
        for a in articles {
            let mut seen = std::collections::HashSet::new();
            for (t, _) in terms(a, 1.0, 1.0) {
                let next = vocab.len() as u32;
                let id = *vocab.entry(t).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                if seen.insert(id) {
                    df[id as usize] += 1;
                }
            }
        }
        let n = articles.len() as f32;
        let idf = df.iter().map(|&d| ((n + 1.0) / (d as f32 + 1.0)).ln() + 1.0).collect();
        Vectorizer { vocab, idf, title_weight: config.title_weight, proper_weight: config.proper_weight }
    }

    /// The article's TF-IDF vector (sublinear term frequency).
    pub fn vector(&self, a: &Article) -> SparseVec {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for (t, w) in terms(a, self.title_weight, self.proper_weight) {
            if let Some(&id) = self.vocab.get(&t) {
                *tf.entry(id).or_default() += w;
            }
        }
        let weighted =
            tf.into_iter().map(|(id, f)| (id, (1.0 + f.ln().max(0.0)) * self.idf[id as usize])).collect();
        SparseVec::from_map(weighted)
    }
}
