//! A learned tagger of attribution roles: per sentence, which words are a report's SOURCE, its
//! CUE and its CONTENT ("[Officials] [warned] [that the bridge may close]"), as BIO tags decoded
//! with Viterbi.
//!
//! The rules of [`crate::quotes`] find the common shapes of reported speech; the news runs into a
//! long tail of stances and nouns ("the criticism of", "in a statement", "it was reported") the
//! rules do not cover. The learner and decoder are `storyweave-tagger`'s (averaged structured
//! perceptron, [`storyweave_tagger::train::train_hashed`], [`Model::tag_hashed`]); the features
//! are this module's: the word, its stem and shape, the words and gaps (comma, colon, dash,
//! quotation mark) around it, whether it stands inside quotation marks, its named-entity tag, the
//! rules' reporting-word class of it and its neighbours (a listed class, or a word the learned cue
//! of [`crate::cues`] took for one), how far the nearest such reporting word on each side is and
//! which word it is, the role the rules' own quotes give it, its
//! position, a few facts about the sentence and the one before it, and the word's cluster
//! learned from unlabelled text ([`crate::clusters`]: coarse and fine, and the coarse one paired
//! with its neighbours', so that words unseen in training share weight with their like); 29
//! templates, each hashed. Roles are tag kinds: source as the tagger's `PER`, cue as `ORG`,
//! content as `LOC`.
//! How tagged spans become quotes is [`crate::quotes`]'s.
//!
//! The model built in (`roles.model`, about 1.2 MB) is trained on PolNeAR's train split by
//! `train-quotes` (in the `storyweave` package), which reproduces it byte for byte. Each looked-up
//! feature costs a probe into a table of some 45,000 rows (8 weights a row, one per tag after
//! `O`), so templates are kept few and the model reads only the sentences that may hold a report
//! the rules have not already given whole (see [`crate::quotes`]): the analysis must stay above
//! 500 articles a second per core.

use std::sync::OnceLock;

use storyweave_model::EntityKind;
use storyweave_tagger::features::{fnv, H};
use storyweave_tagger::{Model, Scheme};

use crate::clusters;
use crate::token::Token;

/// The model trained on PolNeAR train (see the module documentation).
static BUILTIN: &[u8] = include_bytes!("../roles.model");

/// The built-in model, read once; `None` only if the committed file is broken (a test checks).
pub fn builtin() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL.get_or_init(|| Model::from_bytes(BUILTIN).ok()).as_ref()
}

/// The tag scheme of the roles model.
pub const SCHEME: Scheme = Scheme::Bio;

/// A word's role in an attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Source,
    Cue,
    Content,
}

impl Role {
    /// The tag kind standing for the role.
    pub fn kind(self) -> EntityKind {
        match self {
            Role::Source => EntityKind::Person,
            Role::Cue => EntityKind::Organization,
            Role::Content => EntityKind::Place,
        }
    }

    /// The role a tag kind stands for.
    pub fn of_kind(kind: EntityKind) -> Option<Role> {
        match kind {
            EntityKind::Person => Some(Role::Source),
            EntityKind::Organization => Some(Role::Cue),
            EntityKind::Place => Some(Role::Content),
            EntityKind::Other => None,
        }
    }

    fn code(self) -> u8 {
        match self {
            Role::Source => 1,
            Role::Cue => 2,
            Role::Content => 3,
        }
    }
}

/// What the features see of one sentence: its words with what the rest of the analysis says of
/// them (all per token, same length as `toks`).
pub(crate) struct View<'a> {
    pub text: &'a str,
    pub toks: &'a [Token<'a>],
    pub words: &'a [&'a str],
    /// Inside quotation marks (as the paragraph's marks pair up).
    pub quoted: Vec<bool>,
    /// Named-entity tag: 0 none, else `1 + 2 * kind + inside`.
    pub entity: Vec<u8>,
    /// The rules' reporting-word class of the word, listed or learned (0 none, see
    /// [`crate::quotes`]).
    pub cue: Vec<u8>,
    /// The role the rules' quotes give the word, or `None`.
    pub rule: Vec<Option<Role>>,
    /// Sentence facts: the first of its paragraph; the sentence before ends inside quotation
    /// marks or holds a quote's content; this sentence holds a rules' quote.
    pub first: bool,
    pub after_quote: bool,
    pub has_rule_quote: bool,
}

/// A word's shape: capitalised, all capitals, lower case, a number, or other.
fn shape(t: &Token) -> u8 {
    if t.text.chars().count() > 1 && t.text.chars().all(|c| !c.is_lowercase()) && t.is_capitalised() {
        b'A'
    } else if t.is_capitalised() {
        b'C'
    } else if t.is_lowercase() {
        b'l'
    } else if t.text.starts_with(|c: char| c.is_ascii_digit()) {
        b'9'
    } else {
        b'o'
    }
}

/// The punctuation between two words, as one class.
fn gap(s: &str) -> u8 {
    let mut class = b'_';
    for c in s.chars() {
        let k = match c {
            ',' => b',',
            ':' => b':',
            ';' => b';',
            '“' | '”' | '"' | '‘' | '«' | '»' => b'"',
            '—' | '–' => b'-',
            '-' if s.trim() == "-" || s.contains(" - ") => b'-',
            '(' | ')' | '[' | ']' => b'(',
            '.' | '!' | '?' => b'.',
            _ => continue,
        };
        // A quotation mark says most, then a colon or dash, then a comma.
        let rank = |k: u8| match k {
            b'"' => 4,
            b':' | b'-' => 3,
            b',' | b';' | b'(' => 2,
            b'.' => 1,
            _ => 0,
        };
        if rank(k) > rank(class) {
            class = k;
        }
    }
    class
}

fn bucket(d: usize) -> u8 {
    match d {
        0..=3 => d as u8,
        4..=6 => 4,
        7..=12 => 5,
        _ => 6,
    }
}

/// A word without its inflection ("supports", "supported" → "support").
fn stem(w: &str) -> &str {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(s) = w.strip_suffix(suffix) {
            if s.len() >= 3 {
                return s;
            }
        }
    }
    w
}

/// Call `emit(token, feature)` for every feature of every word of the sentence.
pub(crate) fn features(v: &View, emit: &mut impl FnMut(usize, u64)) {
    let n = v.toks.len();
    // Each word's hash, its stem's and its last three letters', once.
    let hw: Vec<u64> = v.words.iter().map(|w| fnv(w)).collect();
    let hs: Vec<u64> = v.words.iter().map(|w| fnv(stem(w))).collect();
    let (bos, eos) = (fnv("<s>"), fnv("</s>"));
    let word = |k: isize| if k < 0 { bos } else { hw.get(k as usize).copied().unwrap_or(eos) };
    let gaps: Vec<u8> = (0..=n)
        .map(|i| {
            let a = if i == 0 { 0 } else { v.toks[i - 1].full_end };
            let b = v.toks.get(i).map_or(v.text.len(), |t| t.start);
            gap(v.text.get(a..b).unwrap_or(""))
        })
        .collect();
    // Nearest reporting word, listed or learned, on each side.
    let cue_at: Vec<usize> = (0..n).filter(|&i| v.cue[i] != 0).collect();
    let sent = [
        u8::from(v.first),
        u8::from(v.after_quote),
        u8::from(v.has_rule_quote),
        u8::from(!cue_at.is_empty()),
    ];
    let none = fnv("-");
    // Each word's cluster, coarse and fine, once.
    let cl: Vec<(u64, u64)> = hw.iter().map(|&h| clusters::hashes_of(h)).collect();
    for i in 0..n {
        let t = &v.toks[i];
        let k = i as isize;
        let (w, p1, n1) = (word(k), word(k - 1), word(k + 1));
        let st = hs[i];
        let sh = shape(t);
        let (gb, ga) = (gaps[i], gaps[i + 1]);
        let q = u8::from(v.quoted[i]);
        let ent = v.entity[i];
        let cue = v.cue[i];
        let (cp, cn) = (if i > 0 { v.cue[i - 1] } else { 9 }, v.cue.get(i + 1).copied().unwrap_or(9));
        let rule = v.rule[i].map_or(0, Role::code);
        let (rp, rn) = (
            if i > 0 { v.rule[i - 1].map_or(0, Role::code) } else { 9 },
            v.rule.get(i + 1).map_or(9, |r| r.map_or(0, Role::code)),
        );
        let left = cue_at.iter().rev().find(|&&c| c < i);
        let right = cue_at.iter().find(|&&c| c > i);
        let (dl, dr) = (left.map_or(9, |&c| bucket(i - c)), right.map_or(9, |&c| bucket(c - i)));
        let (wl, wr) = (left.map_or(none, |&c| hs[c]), right.map_or(none, |&c| hs[c]));
        let (coarse, fine) = cl[i];
        let coarse_before = if i > 0 { cl[i - 1].0 } else { bos };
        let coarse_after = cl.get(i + 1).map_or(eos, |c| c.0);
        let pos = bucket(i);
        let last = u8::from(i + 1 == n);
        let fs = [
            H::new(0),
            H::new(1).p(w),
            H::new(2).p(st),
            H::new(4).b(sh),
            H::new(5).p(p1),
            H::new(6).p(n1),
            H::new(9).p(p1).p(w),
            H::new(10).p(w).p(n1),
            H::new(11).b(gb).b(ga),
            H::new(14).b(q).b(gb).b(ga),
            H::new(15).b(ent),
            H::new(16).b(ent).b(q),
            H::new(17).b(cue).b(cp).b(cn),
            H::new(19).b(rule).b(rp).b(rn),
            H::new(20).b(rule).b(sh).b(q),
            H::new(21).b(dl).b(dr),
            H::new(22).b(dl).b(dr).b(ent),
            H::new(23).b(dl).b(dr).b(sh).b(q),
            H::new(24).b(pos).b(last),
            H::new(25).b(pos).b(sh).b(ent),
            H::new(26).b(sent[0]).b(sent[1]).b(sent[2]).b(sent[3]),
            H::new(27).b(sent[1]).b(q).b(pos),
            H::new(29).b(rule).p(w),
            H::new(33).b(dl).p(wl).b(q),
            H::new(34).b(dr).p(wr).b(q),
            // Clusters from unlabelled text: words never seen in training ("chastised") share
            // weight with those they keep company with ("criticized").
            H::new(40).p(coarse),
            H::new(41).p(fine),
            H::new(42).p(coarse_before).p(coarse),
            H::new(43).p(coarse).p(coarse_after),
        ];
        for f in fs {
            emit(i, f.0);
        }
    }
}

/// Training settings (the defaults make the built-in model).
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    pub epochs: usize,
    /// Features seen fewer times are left out.
    pub min_count: u32,
    /// Averaged weights smaller than this are left out of the model file.
    pub prune: f32,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig { epochs: 16, min_count: 10, prune: 0.3 }
    }
}

/// Train the roles model on sentences given as [`crate::quotes::role_rows`] makes them: the
/// tagger's averaged perceptron, deterministic (the same rows give the same model file).
pub fn train(
    rows: Vec<(Vec<Vec<u64>>, Vec<u8>)>,
    cfg: TrainConfig,
    progress: &mut dyn FnMut(String),
) -> Model {
    let cfg = storyweave_tagger::train::Config {
        scheme: SCHEME,
        epochs: cfg.epochs,
        min_count: cfg.min_count,
        prune: cfg.prune,
        ..Default::default()
    };
    storyweave_tagger::train::train_hashed(rows, &cfg, Default::default(), None, progress)
}

/// The (token, feature) pairs of a sentence, collected.
pub(crate) fn feature_rows(v: &View) -> Vec<Vec<u64>> {
    let mut rows = vec![Vec::new(); v.toks.len()];
    features(v, &mut |i, h| rows[i].push(h));
    rows
}

/// The role spans of a sentence's tags: (first token, end token, role).
pub(crate) fn spans(tags: &[u8]) -> Vec<(usize, usize, Role)> {
    SCHEME.decode(tags).into_iter().filter_map(|s| Some((s.start, s.end, Role::of_kind(s.kind)?))).collect()
}

/// The gold tags of a sentence's tokens for role spans given as byte ranges of its text.
pub(crate) fn gold_tags(toks: &[Token], gold: &[(usize, usize, Role)]) -> Vec<u8> {
    let role_of = |t: &Token| gold.iter().position(|&(a, b, _)| a < t.end && t.start < b);
    let mut spans = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Some(g) = role_of(&toks[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < toks.len() && role_of(&toks[j]) == Some(g) {
            j += 1;
        }
        spans.push(storyweave_tagger::Span { start: i, end: j, kind: gold[g].2.kind() });
        i = j;
    }
    SCHEME.encode(toks.len(), &spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokens;

    #[test]
    fn gold_spans_become_tags_and_back() {
        let text = "Officials warned that the bridge may close.";
        let toks = tokens(text);
        let at = |s: &str| {
            let i = text.find(s).unwrap();
            (i, i + s.len())
        };
        let gold = [
            (at("Officials").0, at("Officials").1, Role::Source),
            (at("warned").0, at("warned").1, Role::Cue),
            (at("that").0, at("close").1, Role::Content),
        ];
        let tags = gold_tags(&toks, &gold);
        assert_eq!(spans(&tags), vec![(0, 1, Role::Source), (1, 2, Role::Cue), (2, 7, Role::Content)]);
    }

    #[test]
    fn the_built_in_model_reads() {
        let m = builtin().expect("roles.model is committed and readable");
        assert_eq!(m.scheme(), SCHEME);
        assert!(m.feature_count() > 0);
    }
}
