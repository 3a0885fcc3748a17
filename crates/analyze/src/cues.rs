//! A learned reporting cue: whether a lower-case word the quote rules have no entry for reports
//! what someone says, thinks or wants ("seemed", "plans", "spoke about", "opposition to").
//!
//! The word lists of [`crate::quotes`] hold the common reporting verbs; attributions in news run
//! into a long tail beyond them. This is a binary averaged perceptron over hashed features of the
//! word and its neighbours (word forms, suffix, the words around it and their shapes, a comma or
//! a quotation mark nearby). It scores only words outside the lists, so the rules keep the final
//! say where they are sure. The model built in (`quotes.model`) is trained on PolNeAR's train
//! split; `train-quotes` (in the `storyweave` package) reproduces it byte for byte.
//!
//! The model file: a magic line, the decision threshold and weight scale (f32), the number of
//! features (u32), then (feature hash u32, weight i16) pairs in ascending hash order, all little
//! endian. Only hashes are stored, no words.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::quotes::has_rule_cue;
use crate::token::{fold_all, tokens, Token};

const MAGIC: &[u8; 8] = b"SWCUE01\n";

/// The model trained on PolNeAR train (see the module documentation).
static BUILTIN: &[u8] = include_bytes!("../quotes.model");

/// The built-in model, read once; `None` only if the committed file is broken (a test checks).
pub fn builtin() -> Option<&'static CueModel> {
    static MODEL: OnceLock<Option<CueModel>> = OnceLock::new();
    MODEL.get_or_init(|| CueModel::from_bytes(BUILTIN)).as_ref()
}

/// Feature hash to weight, by open addressing: a lookup for each of a word's features is the
/// quote finder's main cost, and one probe into a flat table beats a general hash map's two.
#[derive(Debug, Clone, PartialEq)]
struct WeightTable {
    /// (feature hash, weight), ascending by hash: the model file's order.
    pairs: Vec<(u32, i16)>,
    /// Slots of (feature hash, weight); a zero weight marks an empty slot (a feature weighing
    /// zero adds nothing, so leaving it out keeps every score).
    slots: Vec<(u32, i16)>,
    shift: u32,
}

impl WeightTable {
    fn new(pairs: impl IntoIterator<Item = (u32, i16)>) -> WeightTable {
        let mut pairs: Vec<(u32, i16)> = pairs.into_iter().collect();
        // One weight a feature, the last given winning (as when collected into a map).
        pairs.reverse();
        pairs.sort_by_key(|&(k, _)| k);
        pairs.dedup_by_key(|&mut (k, _)| k);
        // At most half full: most of a word's features are missing, and a probe for one ends
        // after a slot or two (at three quarters full it walked about six, which cost more than
        // the larger table does in cache misses: the quote finder 3-4% faster on AEB).
        let bits = (pairs.len() * 2 + 1).max(2).next_power_of_two().trailing_zeros();
        let mut table = WeightTable { slots: vec![(0, 0); 1 << bits], shift: 64 - bits, pairs: Vec::new() };
        let mask = table.slots.len() - 1;
        for &(k, w) in pairs.iter().filter(|&&(_, w)| w != 0) {
            let mut s = table.slot(k);
            while table.slots[s].1 != 0 {
                s = (s + 1) & mask;
            }
            table.slots[s] = (k, w);
        }
        table.pairs = pairs;
        table
    }

    /// The home slot of a feature: the hashes are FNV output, multiplied to spread the top bits.
    fn slot(&self, key: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The sum of the weights of `keys`. Every home slot is read before any is looked at, so the
    /// cache misses of a word's features (the table is larger than the caches) overlap instead of
    /// waiting one on another; a key not at its home slot is then probed for as in [`Self::get`].
    fn sum(&self, keys: &[u32]) -> i32 {
        const BATCH: usize = 32;
        let mut total = 0;
        for chunk in keys.chunks(BATCH) {
            let mut home = [(0u32, 0i16); BATCH];
            for (h, &k) in home.iter_mut().zip(chunk) {
                *h = self.slots[self.slot(k)];
            }
            for (&(k, w), &key) in home.iter().zip(chunk) {
                total += i32::from(if w == 0 || k == key { w } else { self.get(key) });
            }
        }
        total
    }

    fn get(&self, key: u32) -> i16 {
        let mask = self.slots.len() - 1;
        let mut s = self.slot(key);
        loop {
            let (k, w) = self.slots[s];
            if w == 0 || k == key {
                return w;
            }
            s = (s + 1) & mask;
        }
    }
}

/// A trained cue classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct CueModel {
    /// A word is a cue when its score is above this.
    pub threshold: f32,
    scale: f32,
    weights: WeightTable,
}

impl CueModel {
    /// The score of a word given its features (sum of weights).
    pub fn score(&self, features: &[u32]) -> f32 {
        self.weights.sum(features) as f32 * self.scale
    }

    /// Whether the word with these features is a cue.
    pub fn is_cue(&self, features: &[u32]) -> bool {
        self.score(features) > self.threshold
    }

    /// The number of features with a weight.
    pub fn len(&self) -> usize {
        self.weights.pairs.len()
    }

    /// Whether no feature has a weight.
    pub fn is_empty(&self) -> bool {
        self.weights.pairs.is_empty()
    }

    /// A model of trained weights, each quantised to 16 bits against the largest (weights that
    /// round to zero are left out).
    pub(crate) fn from_averaged(threshold: f32, averaged: Vec<(u32, f64)>) -> CueModel {
        let max = averaged.iter().map(|&(_, a)| a.abs()).fold(0.0, f64::max).max(1e-12);
        let scale = max / f64::from(i16::MAX);
        let weights = WeightTable::new(
            averaged.into_iter().map(|(f, a)| (f, (a / scale).round() as i16)).filter(|&(_, q)| q != 0),
        );
        CueModel { threshold, scale: scale as f32, weights }
    }

    /// The model file (see the module documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let pairs = &self.weights.pairs;
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&self.threshold.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(pairs.len() as u32).to_le_bytes());
        for &(k, w) in pairs {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Read a model file; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<CueModel> {
        let rest = bytes.strip_prefix(MAGIC)?;
        let f32_at = |i: usize| Some(f32::from_le_bytes(rest.get(i..i + 4)?.try_into().ok()?));
        let (threshold, scale) = (f32_at(0)?, f32_at(4)?);
        let n = u32::from_le_bytes(rest.get(8..12)?.try_into().ok()?) as usize;
        let body = rest.get(12..)?;
        if body.len() != n * 6 {
            return None;
        }
        let weights = WeightTable::new(
            body.chunks_exact(6)
                .map(|c| (u32::from_le_bytes([c[0], c[1], c[2], c[3]]), i16::from_le_bytes([c[4], c[5]]))),
        );
        Some(CueModel { threshold, scale, weights })
    }
}

/// FNV-1a over a template number and some strings (a separator between them), folded to 32 bits.
fn hash(template: u8, parts: &[&str]) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    eat(template);
    for p in parts {
        eat(0xff);
        p.bytes().for_each(&mut eat);
    }
    (h ^ (h >> 32)) as u32
}

/// A word's shape for context: capitalised, lower case, a number, or other.
fn shape(t: Option<&Token>) -> &'static str {
    match t {
        None => "-",
        Some(t) if t.is_capitalised() => "C",
        Some(t) if t.is_lowercase() => "l",
        Some(t) if t.text.starts_with(|c: char| c.is_ascii_digit()) => "9",
        Some(_) => "o",
    }
}

fn bit(b: bool) -> &'static str {
    if b {
        "1"
    } else {
        "0"
    }
}

/// Whether the model decides on a folded word: not a reporting word of the rules' lists, nor a
/// function word.
pub(crate) fn is_candidate(word: &str) -> bool {
    !has_rule_cue(word) && !storyweave_text::is_stopword(word)
}

/// A word without its inflection, so that the forms of a verb share weight ("supports",
/// "supported", "supporting" → "support").
fn stem(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if s.len() >= 3 {
                return s.strip_suffix('e').filter(|_| suffix == "es").unwrap_or(s);
            }
        }
    }
    w.strip_suffix('e').filter(|s| s.len() >= 3).unwrap_or(w)
}

/// Where the first quotation mark of a sentence starts and the last one ends.
pub(crate) fn quote_marks(text: &str) -> (usize, usize) {
    // Byte by byte, not character by character (asked of every sentence): '"' is one byte,
    // '“' and '”' three, E2 80 9C and E2 80 9D, and E2 only ever opens a character.
    let b = text.as_bytes();
    let mark_len = |i: usize| match b[i] {
        b'"' => 1,
        0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9C | 0x9D)) => 3,
        _ => 0,
    };
    let first = (0..b.len()).find(|&i| mark_len(i) > 0).unwrap_or(usize::MAX);
    // `rfind` gave the last mark's start plus one (not its end).
    let last = (0..b.len()).rev().find(|&i| mark_len(i) > 0).map_or(0, |i| i + 1);
    (first, last)
}

/// The features of word `i` of `toks` (the tokens of `text`, `words` their folded forms, `marks`
/// the sentence's [`quote_marks`]), into `out`.
pub(crate) fn features(
    text: &str,
    toks: &[Token],
    words: &[&str],
    marks: (usize, usize),
    i: usize,
    out: &mut Vec<u32>,
) {
    out.clear();
    let word = |k: Option<usize>| k.and_then(|k| words.get(k)).map_or("<s>", |w| *w);
    let tok = |k: Option<usize>| k.and_then(|k| toks.get(k));
    let (w, p1, p2, n1, n2) =
        (word(Some(i)), word(i.checked_sub(1)), word(i.checked_sub(2)), word(Some(i + 1)), word(Some(i + 2)));
    let cut = w.char_indices().rev().nth(2).map_or(0, |(k, _)| k);
    let suffix = &w[cut..];
    let prev = tok(i.checked_sub(1));
    let gap_before = &text[prev.map_or(0, |p| p.full_end)..toks[i].start];
    let gap_after = &text[toks[i].full_end..toks.get(i + 1).map_or(text.len(), |n| n.start)];
    let (qb, qa) = (bit(marks.0 < toks[i].start), bit(marks.1 > toks[i].full_end));
    let (sp1, sp2) = (shape(prev), shape(tok(i.checked_sub(2))));
    let (sn1, sn2) = (shape(tok(Some(i + 1))), shape(tok(Some(i + 2))));
    let position = ["0", "1", "2", "3", "4"][i.min(4)];
    out.extend([
        hash(0, &[]),
        hash(1, &[w]),
        hash(2, &[suffix]),
        hash(3, &[p1]),
        hash(4, &[n1]),
        hash(5, &[p1, w]),
        hash(6, &[w, n1]),
        hash(7, &[p2]),
        hash(8, &[n2]),
        hash(9, &[sp1, sp2]),
        hash(10, &[sn1, sn2]),
        hash(11, &[bit(gap_before.contains(',')), bit(gap_after.contains([',', ':']))]),
        hash(12, &[qb, qa]),
        hash(13, &[w, sp1]),
        hash(14, &[w, qb, qa]),
        hash(15, &[position, w]),
        hash(16, &[stem(w)]),
        hash(17, &[stem(w), n1]),
    ]);
}

/// The words of a sentence the model decides on (lower case, [`is_candidate`]): their
/// byte spans in `text` with their features. Training reads the same words the quote finder asks
/// about.
pub fn candidates(text: &str) -> Vec<((usize, usize), Vec<u32>)> {
    let toks = tokens(text);
    let mut buf = String::new();
    let words = fold_all(&toks, &mut buf);
    let marks = quote_marks(text);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if !t.is_lowercase() || !is_candidate(words[i]) {
            continue;
        }
        let mut f = Vec::new();
        features(text, &toks, &words, marks, i, &mut f);
        out.push(((t.start, t.end), f));
    }
    out
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    pub epochs: usize,
    /// The decision threshold stored with the model.
    pub threshold: f32,
}

/// Train on (features, is a cue) rows: an averaged perceptron, rows visited in an order shuffled
/// by a fixed seed, so that the same rows give the same model.
pub fn train(rows: &[(Vec<u32>, bool)], config: TrainConfig) -> CueModel {
    let mut p = Averaged::default();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    for _ in 0..config.epochs {
        shuffle(&mut order, &mut seed);
        for &r in &order {
            let (feats, gold) = (&rows[r].0, rows[r].1);
            if (p.score(feats) > 0.0) != gold {
                p.update(feats, if gold { 1.0 } else { -1.0 });
            }
            p.tick();
        }
    }
    CueModel::from_averaged(config.threshold, p.averaged())
}

/// A Fisher-Yates shuffle driven by a xorshift generator, so that a fixed seed gives a fixed order.
pub(crate) fn shuffle(order: &mut [usize], seed: &mut u64) {
    for k in (1..order.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        order.swap(k, (*seed % (k as u64 + 1)) as usize);
    }
}

/// The weights of an averaged perceptron while it learns, averaged lazily: a weight is credited
/// for the steps it stood unchanged only when it changes, or at the end.
pub(crate) struct Averaged {
    index: HashMap<u32, usize>,
    w: Vec<f64>,
    acc: Vec<f64>,
    stamp: Vec<u64>,
    step: u64,
}

impl Default for Averaged {
    fn default() -> Averaged {
        Averaged { index: HashMap::new(), w: Vec::new(), acc: Vec::new(), stamp: Vec::new(), step: 1 }
    }
}

impl Averaged {
    /// The current score of a set of features.
    pub(crate) fn score(&self, feats: &[u32]) -> f64 {
        feats.iter().filter_map(|f| self.index.get(f)).map(|&j| self.w[j]).sum()
    }

    /// Add `delta` to the weight of each feature.
    pub(crate) fn update<'a>(&mut self, feats: impl IntoIterator<Item = &'a u32>, delta: f64) {
        for &f in feats {
            let j = *self.index.entry(f).or_insert_with(|| {
                self.w.push(0.0);
                self.acc.push(0.0);
                self.stamp.push(self.step);
                self.w.len() - 1
            });
            self.acc[j] += self.w[j] * (self.step - self.stamp[j]) as f64;
            self.stamp[j] = self.step;
            self.w[j] += delta;
        }
    }

    /// One example seen.
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    /// Each feature's weight averaged over every step, sorted by feature.
    pub(crate) fn averaged(&self) -> Vec<(u32, f64)> {
        let step = self.step;
        let mut out: Vec<(u32, f64)> = self
            .index
            .iter()
            .map(|(&f, &j)| (f, (self.acc[j] + self.w[j] * (step - self.stamp[j]) as f64) / step as f64))
            .collect();
        out.sort_unstable_by_key(|&(f, _)| f);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_marks_read_by_byte_as_by_character() {
        let by_char = |text: &str| {
            let is_mark = |c: char| matches!(c, '“' | '”' | '"');
            (text.find(is_mark).unwrap_or(usize::MAX), text.rfind(is_mark).map_or(0, |i| i + 1))
        };
        for text in ["", "no marks", "“Yes,” he said", "a \"b\" c", "‘single’ — “x", "x”", "\"", "–—…“"]
        {
            assert_eq!(quote_marks(text), by_char(text), "{text}");
        }
    }

    #[test]
    fn the_built_in_model_reads_and_round_trips() {
        let m = builtin().expect("quotes.model is committed and readable");
        assert!(!m.is_empty());
        assert_eq!(CueModel::from_bytes(&m.to_bytes()).as_ref(), Some(m));
        assert!(CueModel::from_bytes(b"SWCUE01\nshort").is_none());
    }

    #[test]
    fn batched_sums_match_one_lookup_at_a_time() {
        // A small table, so keys collide and many are probed past their home slot.
        let pairs: Vec<(u32, i16)> =
            (1..200u32).map(|k| (k.wrapping_mul(0x9E37_79B1), (k % 7) as i16 - 3)).collect();
        let t = WeightTable::new(pairs.iter().copied());
        // Present and absent keys, more than one batch of them.
        let keys: Vec<u32> = (0..300u32).map(|k| k.wrapping_mul(0x9E37_79B1)).collect();
        for n in [0, 1, 31, 32, 33, 300] {
            let one_by_one: i32 = keys[..n].iter().map(|&k| i32::from(t.get(k))).sum();
            assert_eq!(t.sum(&keys[..n]), one_by_one);
        }
        let (k, w) = pairs[5];
        assert_eq!(t.sum(&[k, k]), 2 * i32::from(w));
    }

    #[test]
    fn training_learns_an_invented_cue_and_is_deterministic() {
        // "zorbled" reports in these invented sentences; "ate" never does.
        let mut rows = Vec::new();
        for s in [
            "The mayor zorbled that taxes would fall.",
            "Critics ate lunch in the park.",
            "She zorbled that it rained.",
        ] {
            for ((a, b), f) in candidates(s) {
                rows.push((f, &s[a..b] == "zorbled"));
            }
        }
        let config = TrainConfig { epochs: 5, threshold: 0.0 };
        let m = train(&rows, config);
        assert_eq!(m.to_bytes(), train(&rows, config).to_bytes());
        let test = "A farmer zorbled that it was late, and ate.";
        let got: Vec<&str> = candidates(test)
            .into_iter()
            .filter(|(_, f)| m.is_cue(f))
            .map(|((a, b), _)| &test[a..b])
            .collect();
        assert_eq!(got, ["zorbled"]);
        // Known reporting verbs are the rules' and function words are left out.
        let words: Vec<&str> = candidates("He said so to them.")
            .into_iter()
            .map(|((a, b), _)| &"He said so to them."[a..b])
            .collect();
        assert!(words.is_empty(), "{words:?}");
    }
}
