//! Training: an averaged structured perceptron (Collins 2002) over the features of
//! [`crate::features`], decoded with Viterbi as at run time.
//!
//! Deterministic: feature ids follow sorted hashes, sentences are shuffled by a fixed-seed
//! generator, and every sum runs in a fixed order, so the same data and settings give the same
//! model file byte for byte. Gazetteer features of a training document come from the names of
//! the other folds only (jackknifing), so the tagger learns how far a name list it has not
//! memorised can be trusted.

use std::collections::HashMap;

use crate::conll::Document;
use crate::features::{document_features, fold_gazetteers, Gazetteer};
use crate::model::{forbidden, viterbi, Model};
use crate::tags::Scheme;

/// Training settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub scheme: Scheme,
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the sentence shuffle.
    pub seed: u64,
    /// Features seen fewer times are dropped.
    pub min_count: u32,
    /// Folds for the jackknifed gazetteer.
    pub folds: usize,
    /// Averaged weights below this (absolute) are dropped from the model file.
    pub prune: f32,
}

impl Default for Config {
    fn default() -> Config {
        Config { scheme: Scheme::Bilou, epochs: 15, seed: 0x5eed_2003, min_count: 2, folds: 10, prune: 0.02 }
    }
}

/// One training sentence: its features as ids (flattened, `offsets[i]..offsets[i + 1]` for
/// token `i`) and its gold tags.
struct Example {
    ids: Vec<u32>,
    offsets: Vec<usize>,
    gold: Vec<u8>,
}

/// xorshift64*: a small fixed generator for the shuffle.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// Train a model on labelled documents. `progress` hears one line per epoch; `dev`, when given,
/// is tagged after each epoch and its span F1 reported (for choosing settings only).
pub fn train(
    docs: &[Document],
    cfg: &Config,
    dev: Option<&[Document]>,
    progress: &mut dyn FnMut(String),
) -> Model {
    let scheme = cfg.scheme;
    let (fold_of, gazetteers) = fold_gazetteers(docs, cfg.folds);
    let mut raw: Vec<(Vec<Vec<u64>>, Vec<u8>)> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let toks: Vec<Vec<&str>> =
            doc.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
        let feats = document_features(&toks, &gazetteers[fold_of[d]]);
        for (s, f) in doc.iter().zip(feats) {
            raw.push((f, scheme.encode(s.tokens.len(), &s.spans)));
        }
    }
    let full_gaz = Gazetteer::from_documents(docs);
    let mut check = dev.map(|dev| {
        move |m: &Model| {
            let (p, r, f) = span_f1(m, dev);
            format!("dev P {p:.4} R {r:.4} F1 {f:.4}")
        }
    });
    let check = check.as_mut().map(|c| c as &mut dyn FnMut(&Model) -> String);
    train_hashed(raw, cfg, full_gaz, check, progress)
}

/// Train on sentences given as feature hashes per token with their gold tags (under
/// `cfg.scheme`): the same learner for a tagger whose features are not the NER ones (a model
/// made this way is run with [`Model::tag_hashed`]; `gazetteer` is stored with it). `check`, when
/// given, is run on the averaged model after each epoch and its line added to the progress.
pub fn train_hashed(
    raw: Vec<(Vec<Vec<u64>>, Vec<u8>)>,
    cfg: &Config,
    gazetteer: Gazetteer,
    mut check: Option<&mut dyn FnMut(&Model) -> String>,
    progress: &mut dyn FnMut(String),
) -> Model {
    let scheme = cfg.scheme;
    let nt = scheme.tag_count();
    let mut counts: HashMap<u64, u32> = HashMap::new();
    for (f, _) in &raw {
        for &h in f.iter().flatten() {
            *counts.entry(h).or_default() += 1;
        }
    }
    let mut keys: Vec<u64> = counts.iter().filter(|(_, &c)| c >= cfg.min_count).map(|(&k, _)| k).collect();
    keys.sort_unstable();
    let id: HashMap<u64, u32> = keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
    let examples: Vec<Example> = raw
        .into_iter()
        .map(|(f, gold)| {
            let mut ids = Vec::new();
            let mut offsets = vec![0];
            for tok in f {
                ids.extend(tok.iter().filter_map(|h| id.get(h).copied()));
                offsets.push(ids.len());
            }
            Example { ids, offsets, gold }
        })
        .collect();
    drop(counts);
    progress(format!("{} sentences, {} features kept", examples.len(), keys.len()));

    let nf = keys.len();
    let mut w = vec![0f32; nf * nt];
    let mut u = vec![0f32; nf * nt];
    let mut tw = vec![0f32; (nt + 1) * nt];
    let mut tu = vec![0f32; (nt + 1) * nt];
    let mut c = 1f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng(cfg.seed | 1);
    let mut emit = Vec::new();
    let forbid = forbidden(scheme);
    let mut masked = vec![0f32; forbid.len()];
    for epoch in 0..cfg.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut wrong = 0usize;
        for &e in &order {
            let ex = &examples[e];
            let n = ex.gold.len();
            emit.clear();
            emit.resize(n * nt, 0f32);
            for i in 0..n {
                let row = &mut emit[i * nt..(i + 1) * nt];
                for &f in &ex.ids[ex.offsets[i]..ex.offsets[i + 1]] {
                    let f = f as usize;
                    for (r, x) in row.iter_mut().zip(&w[f * nt..(f + 1) * nt]) {
                        *r += x;
                    }
                }
            }
            for ((m, t), f) in masked.iter_mut().zip(&tw).zip(&forbid) {
                *m = t + f;
            }
            let pred = viterbi(scheme, &masked, &emit, n);
            if pred != ex.gold {
                wrong += 1;
                let bump = |w: &mut [f32], u: &mut [f32], at: usize, d: f32| {
                    w[at] += d;
                    u[at] += c * d;
                };
                for i in 0..n {
                    let (g, p) = (usize::from(ex.gold[i]), usize::from(pred[i]));
                    let (gp, pp) = if i == 0 {
                        (0, 0)
                    } else {
                        (usize::from(ex.gold[i - 1]) + 1, usize::from(pred[i - 1]) + 1)
                    };
                    if (gp, g) != (pp, p) {
                        bump(&mut tw, &mut tu, gp * nt + g, 1.0);
                        bump(&mut tw, &mut tu, pp * nt + p, -1.0);
                    }
                    if g != p {
                        for &f in &ex.ids[ex.offsets[i]..ex.offsets[i + 1]] {
                            let f = f as usize;
                            bump(&mut w, &mut u, f * nt + g, 1.0);
                            bump(&mut w, &mut u, f * nt + p, -1.0);
                        }
                    }
                }
            }
            c += 1.0;
        }
        let mut line = format!("epoch {}: {} of {} sentences wrong", epoch + 1, wrong, examples.len());
        if let Some(check) = check.as_mut() {
            let m = averaged(scheme, &keys, &w, &u, &tw, &tu, c, 0.0, gazetteer.clone());
            line.push_str(&format!("; {}", check(&m)));
        }
        progress(line);
    }
    averaged(scheme, &keys, &w, &u, &tw, &tu, c, cfg.prune, gazetteer)
}

/// The averaged weights as a model: each row less its `O` weight, weights below `prune`
/// dropped, quantised to i16; rows left empty are dropped.
#[allow(clippy::too_many_arguments)]
fn averaged(
    scheme: Scheme,
    keys: &[u64],
    w: &[f32],
    u: &[f32],
    tw: &[f32],
    tu: &[f32],
    c: f32,
    prune: f32,
    gazetteer: Gazetteer,
) -> Model {
    let nt = scheme.tag_count();
    let trans: Vec<f32> = tw.iter().zip(tu).map(|(w, u)| w - u / c).collect();
    let lanes = nt - 1;
    let rows: Vec<f32> = (0..keys.len())
        .flat_map(|r| {
            let avg = move |t: usize| w[r * nt + t] - u[r * nt + t] / c;
            let o = avg(0);
            (1..nt).map(move |t| {
                let v = avg(t) - o;
                if v.abs() < prune {
                    0.0
                } else {
                    v
                }
            })
        })
        .collect();
    let max = rows.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-6);
    let scale = max / f32::from(i16::MAX);
    let mut kept = Vec::new();
    let mut weights = Vec::new();
    for (row, &k) in rows.chunks_exact(lanes).zip(keys) {
        let q: Vec<i16> = row.iter().map(|v| (v / scale).round() as i16).collect();
        if q.iter().any(|&v| v != 0) {
            kept.push(k);
            weights.extend(q);
        }
    }
    Model::new(scheme, trans, scale, kept, weights, gazetteer)
}

/// Exact-span precision, recall and F1 of `model` on labelled documents.
pub fn span_f1(model: &Model, docs: &[Document]) -> (f64, f64, f64) {
    let (mut correct, mut predicted, mut gold) = (0usize, 0usize, 0usize);
    for doc in docs {
        let toks: Vec<Vec<&str>> =
            doc.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
        for (s, found) in doc.iter().zip(model.tag_document(&toks)) {
            gold += s.spans.len();
            predicted += found.len();
            correct += found.iter().filter(|f| s.spans.contains(f)).count();
        }
    }
    let p = if predicted == 0 { 0.0 } else { correct as f64 / predicted as f64 };
    let r = if gold == 0 { 0.0 } else { correct as f64 / gold as f64 };
    let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    (p, r, f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::parse;
    use crate::Span;

    /// A small invented training set: people before "said", places after "in", an organisation.
    fn fixture() -> Vec<Document> {
        let mut text = String::new();
        let people = [("Amara", "Okafor"), ("Lise", "Moen"), ("Tomas", "Brandt"), ("Ines", "Roth")];
        let places = ["Lagos", "Oslo", "Quito", "Tbilisi"];
        for (d, ((first, last), place)) in people.iter().zip(places).enumerate() {
            text.push_str("-DOCSTART- O\n\n");
            for k in 0..3 {
                text.push_str(&format!(
                    "{first} I-PER\n{last} I-PER\nsaid O\nin O\n{place} I-LOC\nthat O\nAcme I-ORG\nBank I-ORG\nwas O\nsafe O\n. O\n\n"
                ));
                text.push_str(&format!(
                    "The O\nmeeting O\nin O\n{} I-LOC\nended O\n{} O\n. O\n\n",
                    places[(d + k) % 4],
                    k
                ));
            }
        }
        parse(&text).unwrap()
    }

    fn small() -> Config {
        Config { epochs: 5, min_count: 1, folds: 2, ..Config::default() }
    }

    #[test]
    fn training_twice_gives_the_same_bytes() {
        let docs = fixture();
        let a = train(&docs, &small(), None, &mut |_| {}).to_bytes();
        let b = train(&docs, &small(), None, &mut |_| {}).to_bytes();
        assert_eq!(a, b);
        let m = Model::from_bytes(&a).unwrap();
        assert_eq!(m.to_bytes(), a, "reading and writing keeps the bytes");
    }

    #[test]
    fn learns_the_fixture_and_generalises_a_little() {
        let docs = fixture();
        for scheme in [Scheme::Bio, Scheme::Bilou] {
            let m = train(&docs, &Config { scheme, ..small() }, None, &mut |_| {});
            let (_, _, f) = span_f1(&m, &docs);
            assert!(f > 0.95, "{scheme:?} training F1 {f}");
            let found = m.tag_document(&[vec!["Amara", "Moen", "said", "in", "Lagos", "."]]);
            assert!(
                found[0].contains(&Span { start: 4, end: 5, kind: crate::EntityKind::Place }),
                "{found:?}"
            );
        }
    }
}
