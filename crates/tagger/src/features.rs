//! Features of a token, each a 64-bit hash of a template number and its parts (FNV-1a: fixed,
//! so model files are the same on every machine).
//!
//! Per token: its form, lower-cased form and shape ("Xxxx", "XX.X.", "dddd-dd"), prefixes and
//! suffixes, the words and shapes two either side, word pairs, whether it opens the sentence or
//! stands in an all-capitals headline, parts of hyphenated words, gazetteer matches (names seen in
//! the training data, by type and position in the name), and how the same word is written
//! elsewhere in the document (a capitalised word also seen in lower case is less likely a name;
//! a headline word in capitals borrows what the body says about it).

use std::collections::{BTreeMap, HashMap};

use crate::conll::Document;
use crate::KINDS;

/// FNV-1a, fed a byte or a string at a time.
#[derive(Clone, Copy)]
struct H(u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

impl H {
    fn new(template: u8) -> H {
        H(FNV_OFFSET).b(template)
    }

    fn b(self, x: u8) -> H {
        H((self.0 ^ u64::from(x)).wrapping_mul(FNV_PRIME))
    }

    fn s(self, x: &str) -> H {
        let mut h = self;
        for &c in x.as_bytes() {
            h = h.b(c);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        h.b(0xff)
    }
}

/// The hash of a token sequence, for the gazetteer.
fn seq_hash<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h = H(FNV_OFFSET);
    for w in words {
        h = h.s(w);
    }
    h.0
}

/// A token as the features see it: typographic quotes and dashes as in Reuters text.
pub fn normalise(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    for c in token.chars() {
        match c {
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{ab}' | '\u{bb}' => out.push('"'),
            '\u{2018}' | '\u{2019}' | '\u{2032}' => out.push('\''),
            '\u{2013}' | '\u{2014}' => out.push_str("--"),
            '\u{2026}' => out.push_str("..."),
            _ => out.push(c),
        }
    }
    out
}

/// Digits replaced by `0`: numbers share their statistics.
fn digits_to_zero(w: &str) -> String {
    w.chars().map(|c| if c.is_ascii_digit() { '0' } else { c }).collect()
}

/// Word shape: `X` capital, `x` small, `d` digit, other characters as they are; runs longer
/// than four are cut to four (long) or to one (short).
fn shapes(w: &str) -> (String, String) {
    let mut long = String::with_capacity(w.len());
    let mut short = String::with_capacity(8);
    let mut run = 0;
    let mut last = None;
    for c in w.chars() {
        let k = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if Some(k) == last {
            run += 1;
        } else {
            run = 1;
            short.push(k);
        }
        if run <= 4 {
            long.push(k);
        }
        last = Some(k);
    }
    (long, short)
}

/// What one token offers the templates.
struct Tok {
    word: String,
    lower: String,
    shape: String,
    short: String,
    cap: bool,
}

impl Tok {
    fn new(raw: &str) -> Tok {
        let n = normalise(raw);
        let word = digits_to_zero(&n);
        let lower = word.to_lowercase();
        let (shape, short) = shapes(&n);
        let cap = n.chars().next().is_some_and(char::is_uppercase);
        Tok { word, lower, shape, short, cap }
    }
}

/// Names of the training data, by type: token sequences hashed as written and lower-cased,
/// each with a bit per type (bit `k` for `KINDS[k]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gazetteer {
    pub(crate) exact: HashMap<u64, u8>,
    pub(crate) lower: HashMap<u64, u8>,
    pub(crate) max_len: usize,
}

/// Names longer than this are not looked up.
const GAZ_MAX: usize = 6;

impl Gazetteer {
    /// The names of labelled sentences.
    pub fn from_documents<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Gazetteer {
        let mut g = Gazetteer::default();
        for s in docs.into_iter().flatten() {
            for sp in &s.spans {
                if sp.end - sp.start > GAZ_MAX || sp.end > s.tokens.len() {
                    continue;
                }
                let bit = 1u8 << KINDS.iter().position(|&k| k == sp.kind).unwrap_or(0);
                let words: Vec<String> =
                    s.tokens[sp.start..sp.end].iter().map(|t| digits_to_zero(&normalise(t))).collect();
                *g.exact.entry(seq_hash(words.iter().map(String::as_str))).or_default() |= bit;
                let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
                *g.lower.entry(seq_hash(lower.iter().map(String::as_str))).or_default() |= bit;
                g.max_len = g.max_len.max(sp.end - sp.start);
            }
        }
        g
    }

    /// Entries in hash order (for the model file): (hash, exact bits, lower-case bits).
    pub(crate) fn sorted(&self) -> Vec<(u64, u8, u8)> {
        let mut m: BTreeMap<u64, (u8, u8)> = BTreeMap::new();
        for (&h, &b) in &self.exact {
            m.entry(h).or_default().0 |= b;
        }
        for (&h, &b) in &self.lower {
            m.entry(h).or_default().1 |= b;
        }
        m.into_iter().map(|(h, (e, l))| (h, e, l)).collect()
    }

    /// Matches in a sentence: for each token, (template, bits for type and position) pairs.
    fn matches(&self, toks: &[Tok], out: &mut [Vec<u64>]) {
        let n = toks.len();
        for i in 0..n {
            let (mut he, mut hl) = (H(FNV_OFFSET), H(FNV_OFFSET));
            for len in 1..=self.max_len.min(n - i) {
                let t = &toks[i + len - 1];
                he = he.s(t.word_raw());
                hl = hl.s(t.lower_raw());
                for (tpl, table, h) in [(20u8, &self.exact, he.0), (21u8, &self.lower, hl.0)] {
                    let Some(&bits) = table.get(&h) else { continue };
                    for k in 0..KINDS.len() {
                        if bits & (1 << k) == 0 {
                            continue;
                        }
                        for (p, f) in out[i..i + len].iter_mut().enumerate() {
                            let pos = match (len, p) {
                                (1, _) => b'U',
                                (_, 0) => b'B',
                                (l, p) if p + 1 == l => b'L',
                                _ => b'I',
                            };
                            f.push(H::new(tpl).b(k as u8).b(pos).0);
                            // Long names are strong evidence.
                            if len >= 2 {
                                f.push(H::new(tpl + 10).b(k as u8).0);
                            }
                        }
                    }
                }
            }
        }
    }
}

impl Tok {
    /// The form the gazetteer hashes (normalised, digits kept as zeros like training).
    fn word_raw(&self) -> &str {
        &self.word
    }

    fn lower_raw(&self) -> &str {
        &self.lower
    }
}

/// How a lower-cased word is written across a document: bits for capitalised away from a
/// sentence start (1), lower case (2), in a mixed-case sentence in capitals (4).
fn document_case(doc: &[Vec<Tok>], caps_line: &[bool]) -> HashMap<String, u8> {
    let mut m: HashMap<String, u8> = HashMap::new();
    for (s, &caps) in doc.iter().zip(caps_line) {
        if caps {
            continue;
        }
        for (i, t) in s.iter().enumerate() {
            if !t.lower.chars().any(char::is_alphabetic) {
                continue;
            }
            let first_lower = t.word.chars().next().is_some_and(char::is_lowercase);
            let bit = if first_lower {
                2
            } else if t.cap && t.word.chars().skip(1).any(char::is_lowercase) && i > 0 {
                1
            } else if t.cap && !t.word.chars().any(char::is_lowercase) && t.word.chars().count() > 1 {
                4
            } else {
                0
            };
            if bit != 0 {
                *m.entry(t.lower.clone()).or_default() |= bit;
            }
        }
    }
    m
}

/// Whether a sentence is a headline in capitals: most of its letters' words are upper case.
fn is_caps_line(toks: &[Tok]) -> bool {
    let (mut upper, mut words) = (0, 0);
    for t in toks {
        if t.word.chars().any(char::is_alphabetic) {
            words += 1;
            if !t.word.chars().any(char::is_lowercase) {
                upper += 1;
            }
        }
    }
    words >= 2 && upper * 4 >= words * 3
}

const BOS: &str = "<s>";
const EOS: &str = "</s>";

/// Features of every token of a document (sentences of tokens), by sentence and token.
pub fn document_features<S: AsRef<str>>(doc: &[Vec<S>], gaz: &Gazetteer) -> Vec<Vec<Vec<u64>>> {
    let toks: Vec<Vec<Tok>> = doc.iter().map(|s| s.iter().map(|t| Tok::new(t.as_ref())).collect()).collect();
    let caps: Vec<bool> = toks.iter().map(|s| is_caps_line(s)).collect();
    let case = document_case(&toks, &caps);
    toks.iter().zip(&caps).map(|(s, &c)| sentence_features(s, c, &case, gaz)).collect()
}

fn sentence_features(
    toks: &[Tok],
    caps_line: bool,
    case: &HashMap<String, u8>,
    gaz: &Gazetteer,
) -> Vec<Vec<u64>> {
    let n = toks.len();
    let lower = |i: isize| -> &str {
        if i < 0 {
            BOS
        } else {
            toks.get(i as usize).map_or(EOS, |t| t.lower.as_str())
        }
    };
    let short = |i: isize| -> &str {
        if i < 0 {
            BOS
        } else {
            toks.get(i as usize).map_or(EOS, |t| t.short.as_str())
        }
    };
    let mut out: Vec<Vec<u64>> = Vec::with_capacity(n);
    for (i, t) in toks.iter().enumerate() {
        let ii = i as isize;
        let mut f = Vec::with_capacity(40);
        f.push(H::new(0).0);
        f.push(H::new(1).s(&t.word).0);
        f.push(H::new(2).s(&t.lower).0);
        let chars: Vec<(usize, char)> = t.lower.char_indices().collect();
        for k in 1..=4.min(chars.len()) {
            let end = chars.get(k).map_or(t.lower.len(), |&(p, _)| p);
            f.push(H::new(3).b(k as u8).s(&t.lower[..end]).0);
            let start = chars[chars.len() - k].0;
            f.push(H::new(4).b(k as u8).s(&t.lower[start..]).0);
        }
        f.push(H::new(5).s(&t.shape).0);
        f.push(H::new(6).s(&t.short).0);
        f.push(H::new(7).s(lower(ii - 1)).0);
        f.push(H::new(8).s(lower(ii + 1)).0);
        f.push(H::new(9).s(lower(ii - 2)).0);
        f.push(H::new(10).s(lower(ii + 2)).0);
        f.push(H::new(11).s(short(ii - 1)).0);
        f.push(H::new(12).s(short(ii + 1)).0);
        f.push(H::new(13).s(short(ii - 2)).s(short(ii - 1)).0);
        f.push(H::new(14).s(short(ii + 1)).s(short(ii + 2)).0);
        f.push(H::new(15).s(lower(ii - 1)).s(&t.lower).0);
        f.push(H::new(16).s(&t.lower).s(lower(ii + 1)).0);
        f.push(H::new(17).s(short(ii - 1)).s(&t.short).s(short(ii + 1)).0);
        f.push(H::new(18).s(lower(ii - 1)).s(&t.short).0);
        f.push(H::new(19).s(&t.short).s(lower(ii + 1)).0);
        if i == 0 {
            f.push(H::new(22).s(&t.short).0);
        }
        if caps_line {
            f.push(H::new(23).s(&t.short).0);
        }
        if t.word.contains('-') && t.word.len() > 1 {
            for part in t.lower.split('-').filter(|p| !p.is_empty()) {
                f.push(H::new(24).s(part).0);
            }
        }
        if t.cap || caps_line {
            let bits = case.get(&t.lower).copied().unwrap_or(0);
            f.push(H::new(25).b(bits).b(u8::from(caps_line)).b(u8::from(i == 0)).0);
        }
        out.push(f);
    }
    if gaz.max_len > 0 {
        gaz.matches(toks, &mut out);
    }
    out
}

/// The gazetteers training uses: for each document, the names of the documents outside its fold
/// (so the tagger learns how far to trust a name list it has not memorised); and the full one.
pub fn fold_gazetteers(docs: &[Document], folds: usize) -> (Vec<usize>, Vec<Gazetteer>) {
    let folds = folds.max(1);
    let fold_of: Vec<usize> = (0..docs.len()).map(|d| d % folds).collect();
    let gs = (0..folds)
        .map(|f| {
            Gazetteer::from_documents(docs.iter().zip(&fold_of).filter(|(_, &g)| g != f).map(|(d, _)| d))
        })
        .collect();
    (fold_of, gs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conll::Sentence;
    use crate::{EntityKind, Span};

    #[test]
    fn shapes_and_normalising() {
        assert_eq!(shapes("Zelenskyy"), ("Xxxxx".to_string(), "Xx".to_string()));
        assert_eq!(shapes("U.S."), ("X.X.".to_string(), "X.X.".to_string()));
        assert_eq!(shapes("1996-08-22").1, "d-d-d");
        assert_eq!(normalise("“Kyiv’s”"), "\"Kyiv's\"");
    }

    #[test]
    fn gazetteer_marks_names_and_features_are_stable() {
        let doc: Document = vec![Sentence {
            tokens: vec!["New".into(), "York".into(), "rallied".into()],
            spans: vec![Span { start: 0, end: 2, kind: EntityKind::Place }],
        }];
        let g = Gazetteer::from_documents([&doc]);
        let text = vec![vec!["In", "New", "York", "today"]];
        let with = document_features(&text, &g);
        let without = document_features(&text, &Gazetteer::default());
        assert!(with[0][1].len() > without[0][1].len());
        assert_eq!(with[0][0].len(), without[0][0].len());
        assert_eq!(document_features(&text, &g), with);
    }

    #[test]
    fn document_case_sees_lower_case_uses() {
        let doc = [vec!["Hope", "is", "here"], vec!["They", "hope", "so"], vec!["Ask", "Hope", "now"]];
        let toks: Vec<Vec<Tok>> = doc.iter().map(|s| s.iter().map(|t| Tok::new(t)).collect()).collect();
        let caps = vec![false; 3];
        let c = document_case(&toks, &caps);
        assert_eq!(c.get("hope"), Some(&3));
    }

    #[test]
    fn odd_tokens_do_not_panic() {
        let doc = vec![vec!["", "é", "-", "--", "\u{301}", "ǅ"], vec![]];
        let f = document_features(&doc, &Gazetteer::default());
        assert_eq!(f[0].len(), 6);
        assert!(f[1].is_empty());
    }
}
