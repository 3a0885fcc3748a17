//! Features of a token, each a 64-bit hash of a template number and its parts (FNV-1a for
//! strings, a fixed mixer to combine: the same on every machine, so model files are too).
//!
//! Per token: its form, lower-cased form and shape ("Xxxx", "X.X.", "d-d-d"), prefixes and
//! suffixes, the words and shapes two either side, word pairs, whether it opens the sentence or
//! stands in an all-capitals headline, parts of hyphenated words, gazetteer matches (names seen in
//! the training data, by type and position in the name), and how the same word is written
//! elsewhere in the document (a capitalised word also seen in lower case is less likely a name;
//! a headline word in capitals borrows what the body says about it).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use crate::conll::Document;
use crate::KINDS;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a of a string.
pub fn fnv(s: &str) -> u64 {
    s.bytes().fold(FNV_OFFSET, |h, b| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME))
}

/// SplitMix64's finaliser: spreads the bits of a combined value.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A feature hash built from a template number and parts, in order; the value (`.0`) is what
/// [`crate::Model::tag_hashed`] and [`crate::train::train_hashed`] take. Other taggers built on
/// this machinery (the quote roles) hash their features with it too.
#[derive(Clone, Copy)]
pub struct H(pub u64);

impl H {
    /// The hash of template number `template`, before its parts.
    pub fn new(template: u8) -> H {
        H(mix(u64::from(template) + 1))
    }

    /// Adds a part (a small code or a word hash).
    pub fn p(self, part: u64) -> H {
        H(mix(self.0.rotate_left(23) ^ part))
    }

    /// Adds a one-byte code.
    pub fn b(self, x: u8) -> H {
        self.p(u64::from(x))
    }
}

/// A hasher for keys that are already hashes.
#[derive(Default)]
pub(crate) struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = mix(v);
    }
}

pub(crate) type HashMapU64<V> = HashMap<u64, V, BuildHasherDefault<PreHashed>>;

/// A token as the features see it: typographic quotes and dashes as in Reuters text.
pub fn normalise(token: &str) -> Cow<'_, str> {
    if token.is_ascii() {
        return Cow::Borrowed(token);
    }
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
    Cow::Owned(out)
}

/// Word shape: `X` capital, `x` small, `d` digit, other characters as they are; runs longer
/// than four are cut to four (long) or to one (short). Returned as hashes.
fn shapes(w: &str) -> (u64, u64) {
    let (mut long, mut short) = (FNV_OFFSET, FNV_OFFSET);
    let mut run = 0;
    let mut last = None;
    let feed = |h: &mut u64, c: char| {
        let mut buf = [0u8; 4];
        for &b in c.encode_utf8(&mut buf).as_bytes() {
            *h = (*h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        }
    };
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
            feed(&mut short, k);
        }
        if run <= 4 {
            feed(&mut long, k);
        }
        last = Some(k);
    }
    (long, short)
}

/// What one token offers the templates: hashes of its form (digits as `0`), lower-cased form,
/// long and short shapes, prefixes and suffixes and hyphenated parts, and a few facts.
#[derive(Debug, PartialEq)]
struct Tok {
    word: u64,
    low: u64,
    shape: u64,
    short: u64,
    /// Hashes of the lower-cased form's first and last one to four characters.
    pre: [u64; 4],
    suf: [u64; 4],
    /// How many of `pre` and `suf` there are (the form's length in characters, at most 4).
    affixes: u8,
    /// The lower-cased parts of a hyphenated word (empty, so not allocated, for most words).
    parts: Vec<u64>,
    cap: bool,
    /// Has letters; has small letters; starts with a small letter.
    letters: bool,
    has_small: bool,
    first_small: bool,
}

impl Tok {
    /// `buf` is scratch space, reused from token to token so that a plain ASCII word costs no
    /// allocation.
    fn new(raw: &str, buf: &mut String) -> Tok {
        if raw.is_ascii() {
            Tok::ascii(raw, buf)
        } else {
            Tok::any(raw, buf)
        }
    }

    /// [`Tok::new`] for an ASCII token (most tokens of English news), byte by byte: the same
    /// hashes and facts as [`Tok::any`] in one pass, without decoding characters.
    fn ascii(raw: &str, buf: &mut String) -> Tok {
        let step = |h: u64, b: u8| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        let (mut word, mut low, mut shape, mut short) = (FNV_OFFSET, FNV_OFFSET, FNV_OFFSET, FNV_OFFSET);
        let (mut letters, mut has_small) = (false, false);
        let (mut run, mut last) = (0, None);
        buf.clear();
        for &b in raw.as_bytes() {
            let form = if b.is_ascii_digit() { b'0' } else { b };
            word = step(word, form);
            let lower = form.to_ascii_lowercase();
            low = step(low, lower);
            buf.push(char::from(lower));
            // The shape, as `shapes` writes it: runs past four cut to four (long) or one (short).
            let k = match b {
                b'A'..=b'Z' => b'X',
                b'a'..=b'z' => b'x',
                b'0'..=b'9' => b'd',
                _ => b,
            };
            if Some(k) == last {
                run += 1;
            } else {
                run = 1;
                short = step(short, k);
            }
            if run <= 4 {
                shape = step(shape, k);
            }
            last = Some(k);
            letters |= b.is_ascii_alphabetic();
            has_small |= b.is_ascii_lowercase();
        }
        let parts = if raw.len() > 1 && raw.contains('-') {
            buf.split('-').filter(|p| !p.is_empty()).map(fnv).collect()
        } else {
            Vec::new()
        };
        let first = raw.bytes().next();
        let t = Tok {
            word,
            low,
            shape,
            short,
            pre: [0; 4],
            suf: [0; 4],
            affixes: 0,
            parts,
            cap: first.is_some_and(|b| b.is_ascii_uppercase()),
            letters,
            has_small,
            first_small: first.is_some_and(|b| b.is_ascii_lowercase()),
        };
        t.with_ascii_affixes(buf.as_bytes())
    }

    /// [`Tok::with_affixes`] for an ASCII `lower`: a character is a byte.
    fn with_ascii_affixes(mut self, lower: &[u8]) -> Tok {
        let step = |h: u64, b: u8| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
        let (mut pre, mut suf) = (FNV_OFFSET, FNV_OFFSET);
        for (k, (&a, &z)) in lower.iter().zip(lower.iter().rev()).take(4).enumerate() {
            pre = step(pre, a);
            suf = step(suf, z);
            self.pre[k] = pre;
            self.suf[k] = suf;
            self.affixes = k as u8 + 1;
        }
        self
    }

    /// [`Tok::new`] for any token.
    fn any(raw: &str, buf: &mut String) -> Tok {
        let n = normalise(raw);
        let zero = |c: char| if c.is_ascii_digit() { '0' } else { c };
        buf.clear();
        let word = if n.is_ascii() {
            buf.extend(n.chars().map(zero));
            let word = fnv(buf);
            buf.make_ascii_lowercase();
            word
        } else {
            let word: String = n.chars().map(zero).collect();
            buf.push_str(&word.to_lowercase());
            fnv(&word)
        };
        let lower = buf.as_str();
        let (shape, short) = shapes(&n);
        let hyphen = n.len() > 1 && n.contains('-');
        let parts =
            if hyphen { lower.split('-').filter(|p| !p.is_empty()).map(fnv).collect() } else { Vec::new() };
        let t = Tok {
            word,
            low: fnv(lower),
            shape,
            short,
            pre: [0; 4],
            suf: [0; 4],
            affixes: 0,
            parts,
            cap: n.chars().next().is_some_and(char::is_uppercase),
            letters: n.chars().any(char::is_alphabetic),
            has_small: n.chars().any(char::is_lowercase),
            first_small: n.chars().next().is_some_and(char::is_lowercase),
        };
        t.with_affixes(lower)
    }

    /// The token with the hashes of the first and last one to four characters of its
    /// lower-cased form `lower`.
    fn with_affixes(mut self, lower: &str) -> Tok {
        let feed = |h: &mut u64, c: char| {
            let mut b = [0u8; 4];
            for &x in c.encode_utf8(&mut b).as_bytes() {
                *h = (*h ^ u64::from(x)).wrapping_mul(FNV_PRIME);
            }
        };
        let (mut pre, mut suf) = (FNV_OFFSET, FNV_OFFSET);
        for (k, (a, z)) in lower.chars().zip(lower.chars().rev()).take(4).enumerate() {
            feed(&mut pre, a);
            feed(&mut suf, z);
            self.pre[k] = pre;
            self.suf[k] = suf;
            self.affixes = k as u8 + 1;
        }
        self
    }

    /// Has letters, none of them small.
    fn all_caps(&self) -> bool {
        self.letters && !self.has_small
    }
}

/// Names of the training data, by type: token sequences hashed as written and lower-cased,
/// each with a bit per type (bit `k` for `KINDS[k]`) and [`PREFIX`] when a longer name starts
/// with the sequence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gazetteer {
    pub(crate) exact: HashMapU64<u8>,
    pub(crate) lower: HashMapU64<u8>,
    pub(crate) max_len: usize,
}

/// Names longer than this are not looked up.
const GAZ_MAX: usize = 6;

/// Gazetteer bit: a longer name starts with this sequence.
pub(crate) const PREFIX: u8 = 0x80;

fn seq_start() -> u64 {
    mix(0x6a2)
}

fn seq_next(h: u64, token: u64) -> u64 {
    mix(h.rotate_left(17) ^ token)
}

impl Gazetteer {
    /// The names of labelled sentences.
    pub fn from_documents<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Gazetteer {
        let mut g = Gazetteer::default();
        let mut buf = String::new();
        for s in docs.into_iter().flatten() {
            for sp in &s.spans {
                let len = sp.end - sp.start;
                if len > GAZ_MAX || sp.end > s.tokens.len() {
                    continue;
                }
                let bit = 1u8 << KINDS.iter().position(|&k| k == sp.kind).unwrap_or(0);
                let (mut he, mut hl) = (seq_start(), seq_start());
                for (k, t) in s.tokens[sp.start..sp.end].iter().enumerate() {
                    let t = Tok::new(t, &mut buf);
                    he = seq_next(he, t.word);
                    hl = seq_next(hl, t.low);
                    let b = if k + 1 == len { bit } else { PREFIX };
                    *g.exact.entry(he).or_default() |= b;
                    *g.lower.entry(hl).or_default() |= b;
                }
                g.max_len = g.max_len.max(len);
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

    /// Matches in a sentence, as features of the tokens they cover.
    fn matches(&self, toks: Sent, emit: &mut impl FnMut(usize, u64)) {
        let n = toks.len();
        for i in 0..n {
            for (tpl, table, lower) in [(20u8, &self.exact, false), (21u8, &self.lower, true)] {
                let mut h = seq_start();
                for len in 1..=self.max_len.min(n - i) {
                    let Some(t) = toks.get(i + len - 1) else { break };
                    h = seq_next(h, if lower { t.low } else { t.word });
                    let Some(&bits) = table.get(&h) else { break };
                    for k in 0..KINDS.len() {
                        if bits & (1 << k) == 0 {
                            continue;
                        }
                        for p in 0..len {
                            let pos = match (len, p) {
                                (1, _) => b'U',
                                (_, 0) => b'B',
                                (l, p) if p + 1 == l => b'L',
                                _ => b'I',
                            };
                            emit(i + p, H::new(tpl).b(k as u8).b(pos).0);
                            // Long names are strong evidence.
                            if len >= 2 {
                                emit(i + p, H::new(tpl + 10).b(k as u8).0);
                            }
                        }
                    }
                    if bits & PREFIX == 0 {
                        break;
                    }
                }
            }
        }
    }
}

/// How a lower-cased word is written across a document, keyed by its hash: bits for
/// capitalised away from a sentence start (1), lower case (2), in capitals in a mixed-case
/// sentence (4).
fn document_case(doc: &[Sent], caps_line: &[bool]) -> HashMapU64<u8> {
    // Sized for about one entry a word: not rehashed as it grows.
    let words = doc.iter().map(Sent::len).sum::<usize>() / 2;
    let mut m = HashMapU64::with_capacity_and_hasher(words, BuildHasherDefault::default());
    for (s, &caps) in doc.iter().zip(caps_line) {
        if caps {
            continue;
        }
        for (i, t) in s.iter().enumerate() {
            let bit = if !t.letters {
                0
            } else if !t.cap && t.first_small {
                2
            } else if t.cap && t.has_small && i > 0 {
                1
            } else if t.all_caps() && t.affixes > 1 {
                4
            } else {
                0
            };
            if bit != 0 {
                *m.entry(t.low).or_default() |= bit;
            }
        }
    }
    m
}

/// Whether a sentence is a headline in capitals: most of its words with letters are upper case.
fn is_caps_line(toks: Sent) -> bool {
    let words = toks.iter().filter(|t| t.letters).count();
    let upper = toks.iter().filter(|t| t.all_caps()).count();
    words >= 2 && upper * 4 >= words * 3
}

/// Features of every token of a document (sentences of tokens), by sentence and token.
pub fn document_features<S: AsRef<str>>(doc: &[Vec<S>], gaz: &Gazetteer) -> Vec<Vec<Vec<u64>>> {
    let prepared = Prepared::new(doc);
    (0..doc.len())
        .map(|si| {
            let mut out = vec![Vec::new(); doc[si].len()];
            prepared.sentence(si, gaz, &mut |i, h| out[i].push(h));
            out
        })
        .collect()
}

/// A document read for its features: tokens, headline lines, how words are written.
pub(crate) struct Prepared {
    /// Each distinct token of the document (the same string is the same token: its own
    /// features do not depend on where it stands), and per sentence each token's number there.
    distinct: Vec<Tok>,
    /// Each distinct token's [`Heads`], and those of the sentence's ends (start, end).
    heads: Vec<Heads>,
    edges: [Heads; 2],
    ids: Vec<Vec<u32>>,
    caps: Vec<bool>,
    case: HashMapU64<u8>,
}

/// The context templates (7 to 19) hashed as far as one token's lower-cased form or short shape
/// takes them: worked out once for each distinct token rather than each time a token stands
/// beside another (the same hashes, so the same features).
#[derive(Clone, Copy)]
struct Heads {
    /// Whole features: the form or shape is the template's only part.
    t7: u64,
    t8: u64,
    t9: u64,
    t10: u64,
    t11: u64,
    t12: u64,
    /// Templates with more parts, after their first.
    t13: H,
    t14: H,
    t15: H,
    t16: H,
    t17: H,
    t18: H,
    t19: H,
}

impl Heads {
    fn new(low: u64, short: u64) -> Heads {
        Heads {
            t7: H::new(7).p(low).0,
            t8: H::new(8).p(low).0,
            t9: H::new(9).p(low).0,
            t10: H::new(10).p(low).0,
            t11: H::new(11).p(short).0,
            t12: H::new(12).p(short).0,
            t13: H::new(13).p(short),
            t14: H::new(14).p(short),
            t15: H::new(15).p(low),
            t16: H::new(16).p(low),
            t17: H::new(17).p(short),
            t18: H::new(18).p(low),
            t19: H::new(19).p(short),
        }
    }

    /// The heads of the sentence's start and end, which stand in for the tokens before and
    /// after it (both forms are the marker's hash).
    fn edges() -> [Heads; 2] {
        let (bos, eos) = (fnv("<s>"), fnv("</s>"));
        [Heads::new(bos, bos), Heads::new(eos, eos)]
    }
}

impl Prepared {
    pub(crate) fn new<S: AsRef<str>>(doc: &[Vec<S>]) -> Prepared {
        let mut buf = String::new();
        // Each distinct token read once: most of an article's tokens are repeats.
        let n = doc.iter().map(Vec::len).sum();
        // Room for every token from the start: grown step by step, the map was rehashed over and
        // over.
        let mut seen: HashMap<&str, u32, BuildHasherDefault<PreHashed>> =
            HashMap::with_capacity_and_hasher(n, BuildHasherDefault::default());
        // At most one a token; grown step by step, the large `Tok`s were copied over and over.
        let mut distinct: Vec<Tok> = Vec::with_capacity(n);
        let ids: Vec<Vec<u32>> = doc
            .iter()
            .map(|s| {
                s.iter()
                    .map(|t| {
                        let t = t.as_ref();
                        *seen.entry(t).or_insert_with(|| {
                            distinct.push(Tok::new(t, &mut buf));
                            (distinct.len() - 1) as u32
                        })
                    })
                    .collect()
            })
            .collect();
        let heads = distinct.iter().map(|t| Heads::new(t.low, t.short)).collect();
        let mut p = Prepared {
            distinct,
            heads,
            edges: Heads::edges(),
            ids,
            caps: Vec::new(),
            case: HashMapU64::default(),
        };
        let views: Vec<Sent> = (0..doc.len()).map(|si| p.view(si)).collect();
        let caps: Vec<bool> = views.iter().map(|&s| is_caps_line(s)).collect();
        let case = document_case(&views, &caps);
        (p.caps, p.case) = (caps, case);
        p
    }

    /// Sentence `si`'s tokens.
    fn view(&self, si: usize) -> Sent<'_> {
        Sent { ids: self.ids(si), distinct: &self.distinct, heads: &self.heads, edges: &self.edges }
    }

    /// Call `emit(token, feature)` for every feature of sentence `si`.
    pub(crate) fn sentence(&self, si: usize, gaz: &Gazetteer, emit: &mut impl FnMut(usize, u64)) {
        if let Some(&c) = self.caps.get(si) {
            sentence_features(self.view(si), c, &self.case, gaz, true, emit);
        }
    }

    /// [`Prepared::sentence`] without the features a token has on its own, wherever it stands
    /// (see [`Prepared::own`]).
    pub(crate) fn context(&self, si: usize, gaz: &Gazetteer, emit: &mut impl FnMut(usize, u64)) {
        if let Some(&c) = self.caps.get(si) {
            sentence_features(self.view(si), c, &self.case, gaz, false, emit);
        }
    }

    /// How many distinct tokens the document has.
    pub(crate) fn distinct(&self) -> usize {
        self.distinct.len()
    }

    /// The distinct-token numbers of sentence `si`'s tokens.
    pub(crate) fn ids(&self, si: usize) -> &[u32] {
        self.ids.get(si).map_or(&[], Vec::as_slice)
    }

    /// Call `emit(distinct token, feature)` for the features each distinct token has on its own.
    pub(crate) fn own(&self, emit: &mut impl FnMut(usize, u64)) {
        for (id, t) in self.distinct.iter().enumerate() {
            let mut f = |h: H| emit(id, h.0);
            own_features(t, &mut f);
            part_features(t, &mut f);
        }
    }
}

/// The features of a token on its own: its forms, affixes and shapes (templates 0 to 6).
fn own_features(t: &Tok, f: &mut impl FnMut(H)) {
    f(H::new(0));
    f(H::new(1).p(t.word));
    f(H::new(2).p(t.low));
    // Prefixes and suffixes of one to four characters.
    for k in 0..usize::from(t.affixes) {
        f(H::new(3).b(k as u8 + 1).p(t.pre[k]));
    }
    for k in 0..usize::from(t.affixes) {
        f(H::new(4).b(k as u8 + 1).p(t.suf[k]));
    }
    f(H::new(5).p(t.shape));
    f(H::new(6).p(t.short));
}

/// The parts of a hyphenated word (template 24), also a token's own.
fn part_features(t: &Tok, f: &mut impl FnMut(H)) {
    for &part in &t.parts {
        f(H::new(24).p(part));
    }
}

/// A sentence's tokens, read through the document's distinct ones by number (no list of
/// references built a sentence, twice a sentence: that was an allocation each).
#[derive(Clone, Copy)]
struct Sent<'a> {
    ids: &'a [u32],
    distinct: &'a [Tok],
    heads: &'a [Heads],
    edges: &'a [Heads; 2],
}

impl<'a> Sent<'a> {
    fn len(&self) -> usize {
        self.ids.len()
    }

    fn get(&self, i: usize) -> Option<&'a Tok> {
        self.distinct.get(*self.ids.get(i)? as usize)
    }

    /// The [`Heads`] of token `i`, or of the sentence's start or end past either side.
    fn heads(&self, i: isize) -> &'a Heads {
        let [start, end] = self.edges;
        if i < 0 {
            return start;
        }
        self.ids.get(i as usize).and_then(|&id| self.heads.get(id as usize)).unwrap_or(end)
    }

    fn iter(&self) -> impl Iterator<Item = &'a Tok> + 'a {
        let distinct = self.distinct;
        self.ids.iter().filter_map(move |&id| distinct.get(id as usize))
    }
}

/// Every feature of a sentence's tokens, in template order per token (training sums float
/// weights in this order); without each token's own features unless `own`.
fn sentence_features(
    toks: Sent,
    caps_line: bool,
    case: &HashMapU64<u8>,
    gaz: &Gazetteer,
    own: bool,
    emit: &mut impl FnMut(usize, u64),
) {
    let (bos, eos) = (fnv("<s>"), fnv("</s>"));
    let at = |i: isize, f: fn(&Tok) -> u64| -> u64 {
        if i < 0 {
            bos
        } else {
            toks.get(i as usize).map_or(eos, f)
        }
    };
    let low = |i: isize| at(i, |t| t.low);
    let short = |i: isize| at(i, |t| t.short);
    for (i, t) in toks.iter().enumerate() {
        let ii = i as isize;
        let mut f = |h: H| emit(i, h.0);
        if own {
            own_features(t, &mut f);
        }
        // Templates 7 to 19 (see `Heads::new` for their first parts): the words and shapes
        // around the token, alone and paired.
        let (before2, before, own_heads) = (toks.heads(ii - 2), toks.heads(ii - 1), toks.heads(ii));
        let (after, after2) = (toks.heads(ii + 1), toks.heads(ii + 2));
        f(H(before.t7));
        f(H(after.t8));
        f(H(before2.t9));
        f(H(after2.t10));
        f(H(before.t11));
        f(H(after.t12));
        f(before2.t13.p(short(ii - 1)));
        f(after.t14.p(short(ii + 2)));
        f(before.t15.p(t.low));
        f(own_heads.t16.p(low(ii + 1)));
        f(before.t17.p(t.short).p(short(ii + 1)));
        f(before.t18.p(t.short));
        f(own_heads.t19.p(low(ii + 1)));
        if i == 0 {
            f(H::new(22).p(t.short));
        }
        if caps_line {
            f(H::new(23).p(t.short));
        }
        if own {
            part_features(t, &mut f);
        }
        if t.cap || caps_line {
            let bits = case.get(&t.low).copied().unwrap_or(0);
            f(H::new(25).b(bits).b(u8::from(caps_line)).b(u8::from(i == 0)));
        }
    }
    if gaz.max_len > 0 {
        gaz.matches(toks, emit);
    }
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
        assert_eq!(shapes("Zelenskyy"), (fnv("Xxxxx"), fnv("Xx")));
        assert_eq!(shapes("U.S."), (fnv("X.X."), fnv("X.X.")));
        assert_eq!(shapes("1996-08-22").1, fnv("d-d-d"));
        assert_eq!(shapes("Kyiv").1, shapes("Budapest").1);
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
    fn context_templates_hash_as_written_out() {
        let doc =
            vec![vec!["Mr.", "Okafor", "met", "U.S.", "envoys", "in", "Kyiv"], vec!["He", "left"], vec!["x"]];
        let feats = document_features(&doc, &Gazetteer::default());
        let mut buf = String::new();
        for (s, out) in doc.iter().zip(&feats) {
            let toks: Vec<Tok> = s.iter().map(|t| Tok::new(t, &mut buf)).collect();
            let (bos, eos) = (fnv("<s>"), fnv("</s>"));
            let at =
                |i: isize, f: fn(&Tok) -> u64| if i < 0 { bos } else { toks.get(i as usize).map_or(eos, f) };
            let low = |i: isize| at(i, |t| t.low);
            let short = |i: isize| at(i, |t| t.short);
            for (i, t) in toks.iter().enumerate() {
                let ii = i as isize;
                let want = [
                    H::new(7).p(low(ii - 1)).0,
                    H::new(8).p(low(ii + 1)).0,
                    H::new(9).p(low(ii - 2)).0,
                    H::new(10).p(low(ii + 2)).0,
                    H::new(11).p(short(ii - 1)).0,
                    H::new(12).p(short(ii + 1)).0,
                    H::new(13).p(short(ii - 2)).p(short(ii - 1)).0,
                    H::new(14).p(short(ii + 1)).p(short(ii + 2)).0,
                    H::new(15).p(low(ii - 1)).p(t.low).0,
                    H::new(16).p(t.low).p(low(ii + 1)).0,
                    H::new(17).p(short(ii - 1)).p(t.short).p(short(ii + 1)).0,
                    H::new(18).p(low(ii - 1)).p(t.short).0,
                    H::new(19).p(t.short).p(low(ii + 1)).0,
                ];
                // After the token's own features: the bias, form, lower case, affixes, shapes.
                let own = 5 + 2 * usize::from(t.affixes);
                assert_eq!(&out[i][own..own + 13], &want, "{}", s[i]);
            }
        }
    }

    #[test]
    fn document_case_sees_lower_case_uses() {
        let doc = [vec!["Hope", "is", "here"], vec!["They", "hope", "so"], vec!["Ask", "Hope", "now"]];
        let mut buf = String::new();
        let toks: Vec<Tok> = doc.iter().flatten().map(|t| Tok::new(t, &mut buf)).collect();
        let ids: Vec<Vec<u32>> = (0..3).map(|s| (3 * s..3 * s + 3).collect()).collect();
        let edges = Heads::edges();
        let toks: Vec<Sent> =
            ids.iter().map(|ids| Sent { ids, distinct: &toks, heads: &[], edges: &edges }).collect();
        let caps = vec![false; 3];
        let c = document_case(&toks, &caps);
        assert_eq!(c.get(&fnv("hope")), Some(&3));
    }

    #[test]
    fn the_ascii_reading_matches_the_general_one() {
        let mut buf = String::new();
        for t in [
            "",
            "a",
            "I",
            "Kyiv",
            "U.S.",
            "1996-08-22",
            "Elmendorf-Richardson",
            "-",
            "--",
            "x-",
            "-x",
            "AAAAAAA",
            "aaaaBBBBBB",
            "McDONALD's",
            "3.5%",
            "$1,000",
            "N.Y.-based",
            "o'clock",
            "ZZ9",
            "a--b",
            "!!!",
        ] {
            let ascii = Tok::ascii(t, &mut buf);
            assert_eq!(ascii, Tok::any(t, &mut buf), "{t}");
            assert_eq!(Tok::new(t, &mut buf), ascii);
        }
    }

    #[test]
    fn odd_tokens_do_not_panic() {
        let doc = vec![vec!["", "é", "-", "--", "\u{301}", "ǅ"], vec![]];
        let f = document_features(&doc, &Gazetteer::default());
        assert_eq!(f[0].len(), 6);
        assert!(f[1].is_empty());
    }
}
