//! A learned source chooser: once a quote's cue and words are known, which phrase around the cue
//! says them ("[Republican nominee Donald Trump] criticized the North American Free Trade
//! Agreement", not the agreement), or that none does.
//!
//! The candidates are the phrases one can delimit without a parser in the cue's sentence (and the
//! one before, when the words open the cue's sentence): runs of words between punctuation, function
//! words and verb-like words (by their ending or by [`crate::wordclass`]), each opened afresh by a
//! determiner ("the governor", "officials", "a reporter"), the named-entity mentions there, and the
//! pronouns ("he", "they", "who"), within reach of the cue but for the first few phrases of its
//! sentence, which stay however far (its subject); plus "no source". A linear model scores each
//! over general features (signed distance to the cue in words and its bucket, which side, what
//! stands between them: a comma, "who", a quotation mark, "according to"; whether it lies inside
//! the words said or inside quotation marks, its entity type, pronoun class, shape, head word, the
//! words either side of it, whether it opens the sentence or the clause, whether the rules or the
//! roles tagger chose it; the word classes of [`crate::wordclass`]: its head's and those of the
//! words either side, whether a verb stands between it and the cue, whether none of its words can
//! head a noun phrase; whether the cue is passive, for it and for "no source"; for "no source" also
//! the words either side of the cue, "seems to", "is expected to", and whether an agent follows,
//! "by") and the best scoring one is taken: a ranker trained as an averaged perceptron on PolNeAR
//! train's quotes as the finder gives them (with cue and roles models trained on other documents:
//! see `train-quotes`), the target being any candidate sharing a word with the
//! gold source. The model file has the cue model's format ([`CueModel`]; its threshold is the bias of
//! "no source", see [`score`]) and is reproduced byte for byte by `train-quotes` (in the
//! `storyweave` package).

use std::collections::HashMap;
use std::sync::OnceLock;

use storyweave_model::TextSpan;
use storyweave_tagger::features::fnv;

use crate::cues::{shuffle, Averaged, CueModel};
use crate::lexicon as lx;
use crate::quotes::{has_rule_cue, is_bare_source};
use crate::token::Token;
use crate::wordclass::{self as wc, Class};

/// The model trained on PolNeAR train (see the module documentation).
static BUILTIN: &[u8] = include_bytes!("../sources.model");

/// The built-in model, read once; `None` only if the committed file is broken (a test checks).
pub fn builtin() -> Option<&'static CueModel> {
    static MODEL: OnceLock<Option<CueModel>> = OnceLock::new();
    MODEL.get_or_init(|| CueModel::from_bytes(BUILTIN)).as_ref()
}

/// Candidates further than this many words from the cue are left out (almost no source is; the
/// fewer candidates, the cheaper the choice).
const REACH: usize = 16;

/// How many phrases out of reach before the cue, from its sentence's start, stay candidates.
const FAR: usize = 4;

/// What the chooser sees around one quote's cue: the words of the cue's sentence (and the one
/// before, when read), with what the rest of the analysis says of them (per token).
pub(crate) struct Frame<'a> {
    pub text: &'a str,
    pub toks: &'a [Token<'a>],
    pub words: &'a [&'a str],
    /// Named-entity kind plus one (0 none) and the mention it is in (its start token).
    pub entity: Vec<(u8, usize)>,
    /// Inside quotation marks.
    pub quoted: Vec<bool>,
    /// Inside the quote's words.
    pub content: Vec<bool>,
    /// The cue's tokens.
    pub cue: (usize, usize),
    /// The tokens of the source the rules or the roles tagger gave, if any.
    pub current: Option<(usize, usize)>,
    /// The first token of the cue's sentence (0 unless the sentence before is read too).
    pub sent_start: usize,
    pub direct: bool,
}

/// Pronoun classes: 0 none.
fn pronoun(w: &str) -> u8 {
    match w {
        "he" | "she" => 1,
        "they" => 2,
        "we" | "i" => 3,
        "it" => 4,
        "who" | "which" => 5,
        "you" => 6,
        _ => 0,
    }
}

/// Words that open a phrase of their own ("the", "his", "some"): determiners, and the
/// quantifiers that may stand as a source alone.
fn is_opener(w: &str) -> bool {
    is_bare_source(w)
        || matches!(
            w,
            "the"
                | "a"
                | "an"
                | "his"
                | "her"
                | "its"
                | "their"
                | "our"
                | "this"
                | "these"
                | "no"
                | "other"
                | "two"
                | "three"
        )
}

/// Whether a lower-case word looks like a verb form that ends a noun phrase ("deployed",
/// "warning"): a crude sign, enough to cut phrases.
fn verb_like(w: &str) -> bool {
    w.len() > 4 && (w.ends_with("ed") || w.ends_with("ing"))
}

/// Whether a word is a verb and seldom anything else ("make", "help"; not "report").
fn only_verb(w: &str) -> bool {
    let c = wc::classes(w);
    c.main == Class::Verb && c.also.is_none()
}

/// The candidate phrases of a frame (token ranges), in order of their first word.
pub(crate) fn candidates(f: &Frame) -> Vec<(usize, usize)> {
    let n = f.toks.len();
    let (c0, c1) = f.cue;
    let near = |i: usize| if i < c0 { c0 - i <= REACH } else { i < c1 || i - c1 < REACH };
    // Before the cue in its sentence every phrase is built, so that the sentence's subject stays
    // a candidate however long what stands between ("Trump, the frontrunner ..., said"; "Trump
    // called X ... and threatened").
    let built = |i: usize| near(i) || (f.sent_start..c0).contains(&i);
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut open: Option<usize> = None;
    let close = |open: &mut Option<usize>, end: usize, out: &mut Vec<(usize, usize)>| {
        if let Some(s) = open.take() {
            if s < end {
                out.push((s, end));
            }
        }
    };
    for i in 0..n {
        let t = &f.toks[i];
        let w = f.words[i];
        let gap = i > 0 && f.text.get(f.toks[i - 1].full_end..t.start).is_some_and(|g| g.trim() != "");
        if gap || i == f.sent_start {
            close(&mut open, i, &mut out);
        }
        if (c0..c1).contains(&i) || !built(i) {
            close(&mut open, i, &mut out);
            continue;
        }
        if pronoun(w) != 0 {
            close(&mut open, i, &mut out);
            out.push((i, i + 1));
            continue;
        }
        let lower = t.is_lowercase();
        let opener = is_opener(w);
        // "US" is a name, "us" and "In" function words.
        let caps = t.text.chars().count() > 1 && t.text.chars().all(|ch| !ch.is_lowercase());
        let stop = !opener
            && (lx::is_auxiliary(w)
                || (storyweave_text::is_stopword(w) && !caps)
                || (lower
                    && (has_rule_cue(w) || verb_like(w) || only_verb(w))
                    && !open.is_some_and(|s| is_opener(f.words[s]) && s + 1 == i)));
        if stop {
            close(&mut open, i, &mut out);
            continue;
        }
        if opener {
            close(&mut open, i, &mut out);
        }
        open.get_or_insert(i);
        // A phrase runs to its possessive's noun ("Trump's spokesman") but not past a long run.
        if open.is_some_and(|s| i + 1 - s >= 8) {
            close(&mut open, i + 1, &mut out);
        }
    }
    close(&mut open, n, &mut out);
    // Of the phrases out of reach, the sentence's first few stay.
    let mut far = 0;
    out.retain(|&(a, _)| {
        near(a) || {
            far += 1;
            far <= FAR
        }
    });
    // Entity mentions that are not already a phrase of their own.
    let mut i = 0;
    while i < n {
        let (kind, start) = f.entity[i];
        if kind == 0 || (c0..c1).contains(&i) || !near(i) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n && f.entity[j] == (kind, start) && !(c0..c1).contains(&j) {
            j += 1;
        }
        if !out.contains(&(i, j)) {
            out.push((i, j));
        }
        i = j;
    }
    out.sort_unstable();
    out
}

fn bucket(d: usize) -> u8 {
    match d {
        0..=3 => d as u8,
        4..=5 => 4,
        6..=8 => 5,
        9..=12 => 6,
        _ => 7,
    }
}

// Punctuation classes of a gap between words.
const COMMA: u8 = 1;
const QUOTE: u8 = 2;
const COLON: u8 = 4;
const PAREN: u8 = 8;
/// A mark that opens a clause: a comma, semicolon, colon, quotation mark or dash.
const CLAUSE: u8 = 16;

/// The punctuation classes of the text between two words.
fn punctuation(gap: &str) -> u8 {
    gap.chars().fold(0, |bits, c| {
        bits | match c {
            ',' => COMMA | CLAUSE,
            ';' => CLAUSE,
            '“' | '”' | '"' => QUOTE | if c == '”' { 0 } else { CLAUSE },
            ':' | '—' | '–' => COLON | CLAUSE,
            '(' => PAREN,
            _ => 0,
        }
    })
}

// Word classes.
const RELATIVE: u8 = 1;
const THAT: u8 = 2;
const AND: u8 = 4;
const LISTED: u8 = 8;
const TITLE: u8 = 16;

/// The classes of a folded word: a relative pronoun, "that", a conjunction, a reporting word the
/// rules list, a title.
fn word_class(w: &str) -> u8 {
    let own = match w {
        "who" | "which" => RELATIVE,
        "that" => THAT,
        "and" | "but" => AND,
        _ => 0,
    };
    own | if has_rule_cue(w) { LISTED } else { 0 } | if lx::is_title(w) { TITLE } else { 0 }
}

/// The word of the cue its features read: the first that is not an auxiliary.
fn cue_word<'a>(f: &Frame<'a>) -> &'a str {
    let (c0, c1) = f.cue;
    (c0..c1).map(|i| f.words[i]).find(|w| !lx::is_auxiliary(w)).or(f.words.get(c0).copied()).unwrap_or("-")
}

/// Whether the cue is passive ("was criticized by"): a form of "be" in it or right before it, and
/// its word no present participle ("has been pressing" is progressive).
fn passive(f: &Frame) -> bool {
    let (c0, c1) = f.cue;
    !cue_word(f).ends_with("ing")
        && (c0.saturating_sub(1)..c1).any(|i| {
            matches!(f.words.get(i), Some(&("is" | "was" | "were" | "are" | "be" | "been" | "being")))
        })
}

/// The features of every candidate (`cands` as [`candidates`] gives them), then of "no source",
/// one list each.
pub(crate) fn features(f: &Frame, cands: &[(usize, usize)]) -> Vec<Vec<u32>> {
    features_of(f, cands, |_| true)
}

/// [`features`], those of the candidates `wanted` turns down left empty (cheaper when only some
/// are to be scored).
pub(crate) fn features_of(
    f: &Frame,
    cands: &[(usize, usize)],
    wanted: impl Fn(usize) -> bool,
) -> Vec<Vec<u32>> {
    let (c0, c1) = f.cue;
    let cw = fnv(cue_word(f));
    let dash = fnv("-");
    // Per word, once: its hash and its classes; per gap before a word (and after the last), its
    // punctuation. What stands between a candidate and the cue is then an OR over a range.
    let hw: Vec<u64> = f.words.iter().map(|w| fnv(w)).collect();
    let class: Vec<u8> = f.words.iter().map(|w| word_class(w)).collect();
    let n = f.toks.len();
    let gaps: Vec<u8> = (0..=n)
        .map(|i| {
            let a = i.checked_sub(1).map_or(0, |p| f.toks[p].full_end);
            let b = f.toks.get(i).map_or(f.text.len(), |t| t.start);
            punctuation(f.text.get(a..b.max(a)).unwrap_or(""))
        })
        .collect();
    // Per word, its usual class and whether it is a verb that is not an auxiliary: a verb between
    // a phrase and the cue makes the phrase another clause's subject or an object.
    let classes: Vec<wc::Classes> = f.words.iter().map(|w| wc::classes(w)).collect();
    let verb: Vec<bool> =
        classes.iter().zip(f.words).map(|(c, w)| c.main == Class::Verb && !lx::is_auxiliary(w)).collect();
    let class_at = |k: Option<usize>| k.and_then(|k| classes.get(k)).map_or(15, |c| c.main as u8);
    let passive = u8::from(passive(f));
    let any = |bits: &[u8], mask: u8| u8::from(bits.iter().fold(0, |acc, &x| acc | x) & mask != 0);
    let word = |k: Option<usize>| k.and_then(|k| hw.get(k)).copied().unwrap_or(dash);
    let side_of = |&(a, _): &(usize, usize)| u8::from(a >= c1);
    let dist = |&(a, b): &(usize, usize)| if a >= c1 { a - c1 } else { c0.saturating_sub(b) };
    let before = cands.iter().filter(|c| side_of(c) == 0).count();
    let after = cands.len() - before;
    let content_before = (0..c0).any(|i| f.content[i]);
    let by_after = u8::from((c1..(c1 + 4).min(n)).any(|i| f.words[i] == "by"));
    let adjacent = u8::from(cands.iter().any(|&(_, b)| b == c0));
    let mut out = Vec::with_capacity(cands.len() + 1);
    for (k, c) in cands.iter().enumerate() {
        if !wanted(k) {
            out.push(Vec::new());
            continue;
        }
        let &(a, b) = c;
        let side = side_of(c);
        let d = dist(c);
        let db = bucket(d);
        // Candidates on the same side nearer the cue.
        let rank = cands
            .iter()
            .enumerate()
            .filter(|&(j, o)| j != k && side_of(o) == side && (dist(o) < d || (dist(o) == d && j < k)))
            .count()
            .min(3) as u8;
        // The gaps and words between the candidate and the cue.
        let ((g0, g1), (w0, w1)) = if side == 0 { ((b, c0), (b, c0)) } else { ((c1, a), (c1, a)) };
        let gap = &gaps[g0.min(g1)..=g1];
        let words = &class[w0.min(w1)..w1];
        let punct = [any(gap, COMMA), any(gap, QUOTE), any(gap, COLON), any(gap, PAREN)];
        let rel = [any(words, RELATIVE), any(words, THAT), any(words, AND), any(words, LISTED)];
        let inside = (a..b).filter(|&i| f.content[i]).count();
        let cin = if inside == 0 {
            0
        } else if inside == b - a {
            2
        } else {
            1
        };
        let quoted = u8::from((a..b).any(|i| f.quoted[i]));
        let ent = (a..b).map(|i| f.entity[i].0).find(|&e| e != 0).unwrap_or(0);
        let head = f.words[b - 1];
        let ht = &f.toks[b - 1];
        let pron = pronoun(head);
        let shape = if ht.is_capitalised() {
            if ht.text.chars().count() > 1 && ht.text.chars().all(|ch| !ch.is_lowercase()) {
                b'A'
            } else {
                b'C'
            }
        } else if ht.is_lowercase() {
            b'l'
        } else {
            b'9'
        };
        let first = if is_opener(f.words[a]) { hw[a] } else { dash };
        let prev = word(a.checked_sub(1));
        let next = word(Some(b));
        let sent_first = u8::from(!cands.iter().any(|o| o.0 < a && o.0 >= f.sent_start) && a >= f.sent_start);
        let clause_first = u8::from(a == f.sent_start || gaps[a] & CLAUSE != 0);
        let current = u8::from(f.current.is_some_and(|(x, y)| x < b && a < y));
        let title = any(&class[a..b], TITLE);
        let len = (b - a).min(4) as u8;
        let prev_sentence = u8::from(a < f.sent_start);
        let according =
            u8::from(side == 1 && d == 0 && c1.checked_sub(1).and_then(|i| f.words.get(i)) == Some(&"to"));
        let hh = hw[b - 1];
        let prep = match a.checked_sub(1).map(|p| f.words[p]) {
            Some("of" | "for" | "at" | "in" | "on" | "from" | "with") => 1,
            Some("by") => 2,
            Some("to") => 3,
            Some("and" | "or") => 4,
            _ => 0,
        };
        let verb_between = u8::from(verb[w0.min(w1)..w1].iter().any(|&v| v));
        let head_class = classes[b - 1];
        // No word of the phrase can head a noun phrase ("universally", "help make").
        let nounless = u8::from(!(a..b).any(|i| {
            f.entity[i].0 != 0
                || (f.toks[i].is_capitalised() && i != f.sent_start)
                || matches!(classes[i].main, Class::Noun | Class::Proper | Class::Pronoun | Class::Number)
                || classes[i].also.is_some_and(|c| matches!(c, Class::Noun | Class::Proper))
        }));
        let fs = [
            key(1, [0, 0], &[side, db]),
            key(2, [cw, 0], &[side, db]),
            key(3, [hh, 0], &[]),
            key(4, [hh, 0], &[side]),
            key(5, [0, 0], &[ent, side, db]),
            key(6, [0, 0], &[pron, side, db]),
            key(7, [0, 0], &[shape, ent]),
            key(8, [0, 0], &[cin, side]),
            key(9, [0, 0], &[quoted, side, u8::from(f.direct)]),
            key(10, [0, 0], &[side, punct[0], punct[1], punct[2], punct[3]]),
            key(11, [0, 0], &[side, rel[0], rel[1], rel[2], rel[3]]),
            key(12, [prev, 0], &[side]),
            key(13, [next, 0], &[side]),
            key(14, [0, 0], &[sent_first, clause_first, side]),
            key(15, [0, 0], &[rank, side, ent.min(1)]),
            key(16, [0, 0], &[current]),
            key(17, [0, 0], &[current, ent, side]),
            key(18, [0, 0], &[title, side]),
            key(19, [first, 0], &[]),
            key(20, [0, 0], &[len, ent]),
            key(21, [0, 0], &[prev_sentence, side]),
            key(22, [cw, 0], &[side, rank]),
            key(23, [0, 0], &[u8::from(ht.possessive), side]),
            key(24, [fnv(stem(head)), 0], &[side]),
            key(25, [0, 0], &[u8::from(f.direct), side, rank]),
            key(26, [prev, next], &[]),
            key(27, [0, 0], &[according, ent.min(1)]),
            key(28, [0, 0], &[current, rank, side]),
            key(29, [0, 0], &[pron, current]),
            key(30, [0, 0], &[cin, pron, ent]),
            key(31, [0, 0], &[side, rank, ent, pron]),
            key(32, [cw, 0], &[ent, side]),
            key(33, [0, 0], &[clause_first, side, rank, cin]),
            key(34, [0, 0], &[prep, side, ent.min(1)]),
            key(35, [0, 0], &[head_class.main as u8, head_class.also.map_or(15, |c| c as u8), side]),
            key(36, [0, 0], &[class_at(a.checked_sub(1)), class_at(Some(b)), side]),
            key(37, [0, 0], &[verb_between, side, rank]),
            key(38, [0, 0], &[nounless, side]),
            key(39, [0, 0], &[passive, side, prep]),
            key(40, [0, 0], &[head_class.main as u8, ent, cin]),
            key(41, [cw, 0], &[verb_between, side]),
        ];
        out.push(fs.to_vec());
    }
    let (nb, na) = ((before.min(3)) as u8, (after.min(3)) as u8);
    let has_current = u8::from(f.current.is_some());
    let none = [
        key(100, [0, 0], &[]),
        key(101, [cw, 0], &[]),
        key(102, [0, 0], &[u8::from(f.direct), has_current]),
        key(103, [0, 0], &[nb, na]),
        key(104, [0, 0], &[u8::from(content_before), has_current]),
        key(105, [cw, 0], &[has_current]),
        // A passive cue's subject is what is said of, seldom who says it ("it was labeled").
        key(106, [0, 0], &[passive, has_current, nb.min(1)]),
        // The words either side of the cue: "seems to", "is expected to", "known as", "accused
        // of" make the subject what is said of, not who says it.
        key(107, [word(Some(c1)), 0], &[passive]),
        key(108, [word(c0.checked_sub(1)), 0], &[]),
        key(109, [cw, word(Some(c1))], &[]),
        // A passive with its agent ("was criticized by"): the agent speaks.
        key(110, [0, 0], &[passive, by_after, adjacent]),
    ];
    out.push(none.to_vec());
    out
}

/// A feature: template `t` with up to two word hashes and up to seven one-byte codes, mixed once
/// (SplitMix64's finaliser) and folded to the 32 bits the model file keeps. One mix a feature,
/// not one a part: scoring every candidate of every quote must stay cheap.
fn key(t: u8, words: [u64; 2], codes: &[u8]) -> u32 {
    let mut z = u64::from(t) << 56;
    for (i, &c) in codes.iter().enumerate() {
        z |= u64::from(c) << (8 * i);
    }
    z ^= words[0].rotate_left(7) ^ words[1].rotate_left(29);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    (z ^ (z >> 32)) as u32
}

/// A word without its inflection ("officials" → "official").
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

/// The score of candidate `k` of a quote given each candidate's features (the last being "no
/// source", whose score takes the model's threshold as a bias: `train-quotes` sets it where the
/// source F1 of out-of-fold decisions is highest).
pub fn score(model: &CueModel, rows: &[Vec<u32>], k: usize) -> f32 {
    let bias = if k + 1 == rows.len() { model.threshold } else { 0.0 };
    model.score(&rows[k]) + bias
}

/// The index of the best candidate of a quote given each candidate's features (the last being
/// "no source"): the first of the highest [`score`]s.
pub fn choose(model: &CueModel, rows: &[Vec<u32>]) -> usize {
    let mut best = (f32::NEG_INFINITY, 0);
    for k in 0..rows.len() {
        let s = score(model, rows, k);
        if s > best.0 {
            best = (s, k);
        }
    }
    best.1
}

/// A gold quote's words and source, as spans of the sentences (for training rows).
#[derive(Debug, Clone, Default)]
pub struct GoldQuote {
    pub content: Vec<TextSpan>,
    pub source: Vec<TextSpan>,
}

/// One training quote: every candidate's features ("no source" last) and whether it is right.
pub type Row = (Vec<Vec<u32>>, Vec<bool>);

/// Training settings (the defaults make the built-in model).
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    pub epochs: usize,
    /// Features seen in fewer quotes are left out.
    pub min_count: usize,
}

impl Default for TrainConfig {
    fn default() -> TrainConfig {
        TrainConfig { epochs: 5, min_count: 3 }
    }
}

/// Train the ranker: an averaged perceptron that, when its best candidate is wrong, moves weight
/// from it to the best scoring right one; rows in an order shuffled by a fixed seed, so that the
/// same rows give the same model.
pub fn train(rows: &[Row], config: TrainConfig) -> CueModel {
    let TrainConfig { epochs, min_count } = config;
    let mut p = Averaged::default();
    let mut order: Vec<usize> = (0..rows.len()).filter(|&r| rows[r].1.contains(&true)).collect();
    // Features seen in fewer quotes than this are left out: they would only be learnt by heart.
    let mut seen: HashMap<u32, usize> = HashMap::new();
    for &r in &order {
        let mut fs: Vec<u32> = rows[r].0.iter().flatten().copied().collect();
        fs.sort_unstable();
        fs.dedup();
        for f in fs {
            *seen.entry(f).or_default() += 1;
        }
    }
    let kept = |f: &&u32| seen.get(*f).is_some_and(|&n| n >= min_count);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..epochs {
        shuffle(&mut order, &mut seed);
        for &r in &order {
            let (cands, right) = (&rows[r].0, &rows[r].1);
            let best = |only_right: bool| {
                let mut best: Option<(f64, usize)> = None;
                for (k, fs) in cands.iter().enumerate() {
                    if only_right && !right[k] {
                        continue;
                    }
                    let s = p.score(fs);
                    if best.is_none_or(|(b, _)| s > b) {
                        best = Some((s, k));
                    }
                }
                best.map(|(_, k)| k)
            };
            let (Some(pred), Some(gold)) = (best(false), best(true)) else { continue };
            if !right[pred] {
                p.update(cands[gold].iter().filter(kept), 1.0);
                p.update(cands[pred].iter().filter(kept), -1.0);
            }
            p.tick();
        }
    }
    CueModel::from_averaged(0.0, p.averaged())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::{fold_all, tokens};

    /// A frame over one sentence whose words after the cue word at `c` are what was said, with no
    /// entities nor quotation marks.
    fn plain_frame<'a>(text: &'a str, toks: &'a [Token<'a>], words: &'a [&'a str], c: usize) -> Frame<'a> {
        let n = toks.len();
        Frame {
            text,
            toks,
            words,
            entity: vec![(0, 0); n],
            quoted: vec![false; n],
            content: (0..n).map(|i| i > c).collect(),
            cue: (c, c + 1),
            current: None,
            sent_start: 0,
            direct: false,
        }
    }

    /// The phrases of `text` around the cue word `cue`, and the chooser's pick among them with
    /// `model` (if given): the features read no entities nor quotation marks here.
    fn pick(text: &str, cue: &str, model: Option<&CueModel>) -> (Vec<String>, Option<String>) {
        let toks = tokens(text);
        let mut buf = String::new();
        let words = fold_all(&toks, &mut buf);
        let c = words.iter().position(|w| *w == cue).unwrap();
        let frame = plain_frame(text, &toks, &words, c);
        let cands = candidates(&frame);
        let show = |&(a, b): &(usize, usize)| text[toks[a].start..toks[b - 1].end].to_string();
        let chosen = model.map(|m| cands.get(choose(m, &features(&frame, &cands))).map_or("-".into(), show));
        (cands.iter().map(show).collect(), chosen)
    }

    #[test]
    fn candidates_are_phrases_pronouns_and_descriptions() {
        let (c, _) = pick(
            "Republican nominee Ada Vole criticized the trade pact, which he signed.",
            "criticized",
            None,
        );
        assert_eq!(c, ["Republican nominee Ada Vole", "the trade pact", "which", "he"]);
        let (c, _) = pick("Some experts say the small fraction deployed troops.", "say", None);
        assert_eq!(c, ["Some experts", "the small fraction", "troops"]);
        // A word that is only ever a verb ends a phrase as a verb-like ending does.
        let (c, _) = pick("Critics help make the case, aides say.", "say", None);
        assert_eq!(c, ["Critics", "the case", "aides"]);
        // The sentence's subject stays a candidate however far from the cue.
        let (c, _) = pick(
            "Mayor Ada Vole, who won the first round by a wide margin after a long campaign across \
             the northern valleys and the old port, said nothing.",
            "said",
            None,
        );
        assert_eq!(c.first().map(String::as_str), Some("Mayor Ada Vole"));
    }

    #[test]
    fn training_learns_which_side_speaks_and_is_deterministic() {
        // In these invented sentences the phrase right before the cue speaks, never the object.
        let mut rows = Vec::new();
        for (text, cue, speaker) in [
            ("The mayor zorbled the new budget plan.", "zorbled", "The mayor"),
            ("Local farmers zorbled a recent tax rise.", "zorbled", "Local farmers"),
            ("The union zorbled the city council.", "zorbled", "The union"),
        ] {
            let toks = tokens(text);
            let mut buf = String::new();
            let words = fold_all(&toks, &mut buf);
            let c = words.iter().position(|w| *w == cue).unwrap();
            let frame = plain_frame(text, &toks, &words, c);
            let cands = candidates(&frame);
            let mut right: Vec<bool> =
                cands.iter().map(|&(a, b)| &text[toks[a].start..toks[b - 1].end] == speaker).collect();
            right.push(false);
            rows.push((features(&frame, &cands), right));
        }
        let config = TrainConfig { epochs: 5, min_count: 1 };
        let m = train(&rows, config);
        assert_eq!(m.to_bytes(), train(&rows, config).to_bytes());
        let (_, chosen) = pick("A small bakery zorbled the morning rush.", "zorbled", Some(&m));
        assert_eq!(chosen.as_deref(), Some("A small bakery"));
        // The threshold biases "no source" alone: high enough, it wins.
        let mut biased = m.clone();
        biased.threshold = 1e6;
        let (_, chosen) = pick("A small bakery zorbled the morning rush.", "zorbled", Some(&biased));
        assert_eq!(chosen.as_deref(), Some("-"));
    }

    #[test]
    fn the_built_in_model_reads() {
        let m = builtin().expect("sources.model is committed and readable");
        assert!(!m.is_empty());
    }
}
