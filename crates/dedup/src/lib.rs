//! The dedup stage: exact copies, near duplicates and syndicated wire copies among articles.
//!
//! Every article is sketched (MinHash over its word shingles, [`sketch`]) and its sketch cut into
//! LSH band keys; articles sharing a key are candidates, and each candidate is first screened on
//! the sketches' estimated containment, then verified on the full shingle sets and on aligned
//! paragraphs before it is linked: a band match alone never makes a copy. Articles are visited
//! originals-first (earliest, then most complete), and a copy is only ever linked to an
//! original, never to another copy: groups cannot grow by chains of weak links.
//!
//! Paragraphs one outlet prints on many of its pages are found over a set of articles and
//! stripped before the later stages ([`OutletBoilerplate`]).
//!
//! The same [`check`] serves a batch ([`dedup`], over an in-memory [`MemoryIndex`]) and a stream
//! (any [`OriginalIndex`], such as the store's persistent one): an arriving article is checked
//! against the originals indexed so far, and only an article found to be no copy is indexed.
//! Both indexes bound a check the same way: a key more than [`MAX_POSTINGS`] originals share is
//! passed over (so common a key, a stock phrase, tells nothing about which original an article
//! copies, and a copy shares many other keys with its original), and only the
//! [`MAX_CANDIDATES`] originals sharing the most keys are screened ([`best_shared`]).

mod align;
pub mod boilerplate;
pub mod sketch;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use rayon::prelude::*;
use storyweave_model::{Article, CopyKind, CopyLink, DedupReport, DocId};
use storyweave_text::fold_into;
use storyweave_text::stopwords::stopwords;

pub use align::align_paragraphs;
pub use boilerplate::OutletBoilerplate;
pub use sketch::Sketch;

/// Originals a key may hold and still be looked up.
pub const MAX_POSTINGS: usize = 128;

/// Originals screened at most per check: those sharing the most keys with the article.
pub const MAX_CANDIDATES: usize = 256;

/// Of the originals found under an article's keys (each once per key it shares), the `max`
/// sharing the most keys, ties to the smaller id, in id order.
pub fn best_shared<T: Ord + Copy>(mut found: Vec<T>, max: usize) -> Vec<T> {
    found.sort_unstable();
    let mut counted: Vec<(std::cmp::Reverse<usize>, T)> = Vec::new();
    for group in found.chunk_by(|a, b| a == b) {
        counted.push((std::cmp::Reverse(group.len()), group[0]));
    }
    if counted.len() > max {
        counted.select_nth_unstable(max);
        counted.truncate(max);
    }
    let mut best: Vec<T> = counted.into_iter().map(|(_, id)| id).collect();
    best.sort_unstable();
    best
}

/// Thresholds of the dedup stage.
#[derive(Debug, Clone)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle: usize,
    /// MinHash slots per sketch.
    pub bins: usize,
    /// Slots per LSH band (`bins / rows` bands).
    pub rows: usize,
    /// Candidates verified at most per article, best estimated containment first.
    pub max_candidates: usize,
    /// Jaccard at or above which two bodies are near duplicates.
    pub near_jaccard: f32,
    /// Containment (of the smaller in the larger) at or above which one is a copy.
    pub containment: f32,
    /// Share of the smaller article's words in paragraphs found again in the larger one, for a
    /// copy.
    pub paragraph_share: f32,
    /// Aligned paragraphs needed at least, so two short texts sharing a quote are not copies.
    pub min_paragraphs: usize,
    /// Containment below which a pair is not aligned at all (reprints share far more: edited
    /// wire copies keep about 30% of their 3-word shingles and more of the smaller text). The
    /// sketch screen uses half of it, to leave room for the estimate's error.
    pub min_containment: f32,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle: 3,
            bins: 192,
            rows: 2,
            max_candidates: 16,
            near_jaccard: 0.8,
            containment: 0.6,
            paragraph_share: 0.5,
            min_paragraphs: 3,
            min_containment: 0.1,
        }
    }
}

/// An article ready to be checked: its shingle set, exact-body hash and sketch.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    article: Cow<'a, Article>,
    /// Distinct shingle hashes, sorted (intersections by merging).
    shingles: Vec<u64>,
    sketch: Sketch,
}

impl<'a> Prepared<'a> {
    pub fn new(article: Cow<'a, Article>, config: &DedupConfig) -> Prepared<'a> {
        // One pass over the words: each is folded into one buffer, hashed, and marked when it is
        // a stop word; shingles are then hashed from the word hashes.
        let mut word = String::new();
        let mut hashes = Vec::new();
        for paragraph in &article.paragraphs {
            word_hashes(paragraph, &mut word, &mut hashes);
        }
        let exact = hashes.iter().fold(0u64, |acc, &h| sketch::mix(acc ^ h));
        let stop: Vec<bool> = hashes.iter().map(|h| STOP_HASHES.contains(h)).collect();
        let k = config.shingle.max(1).min(hashes.len().max(1));
        let windows = hashes.len().saturating_sub(k) + usize::from(!hashes.is_empty());
        // The lowest bit of a shingle's hash says whether it holds a word that is not a stop
        // word, so one sort of plain integers orders and deduplicates both kinds.
        let mut shingles: Vec<u64> = (0..windows)
            .map(|i| {
                let h = hashes[i..i + k].iter().fold(0u64, |acc, &h| sketch::mix(acc.rotate_left(21) ^ h));
                (h & !1) | u64::from(!stop[i..i + k].iter().all(|&s| s))
            })
            .collect();
        shingles.sort_unstable();
        shingles.dedup();
        // Shingles of stop words only ("one of the") are in every article: they would make
        // unrelated articles candidates and carry nothing about which story this is.
        let telling: Vec<u64> = shingles.iter().copied().filter(|h| h & 1 == 1).collect();
        let sketched = if telling.is_empty() { shingles.clone() } else { telling };
        Prepared { sketch: Sketch::new(sketched, config.bins, exact), shingles, article }
    }

    pub fn article(&self) -> &Article {
        &self.article
    }

    pub fn sketch(&self) -> &Sketch {
        &self.sketch
    }

    /// The LSH keys this article is indexed under.
    pub fn keys(&self, config: &DedupConfig) -> Vec<u64> {
        self.sketch.keys(config.rows)
    }
}

/// Scripts written without spaces between words (Chinese, Japanese kana, Thai, Lao, Khmer,
/// Myanmar): each of their characters is a token of its own, as Unicode word segmentation
/// makes of ideographs.
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3FFFF // CJK extensions B and later
    )
}

/// Append the hash of each word of `text` (see [`tokens`]) to `out`, folded as
/// [`fold_into`] folds it; `buf` is scratch space.
pub(crate) fn word_hashes(text: &str, buf: &mut String, out: &mut Vec<u64>) {
    for (w, ascii) in tokens(text) {
        out.push(if ascii {
            // The common case folds to its lowercase bytes: hash them as they go by.
            sketch::stable_hash_bytes(w.bytes().map(|b| b.to_ascii_lowercase()))
        } else {
            fold_into(w, buf);
            sketch::stable_hash([buf.as_str()])
        });
    }
}

/// The words of `text`: runs of letters and digits, with an apostrophe inside a run kept
/// ("Trump's", folded to "trump"), and each character of an unspaced script on its own. Cheaper
/// than Unicode word segmentation and, as both sides of every comparison go through it, as good
/// for telling copies. ASCII, most of most texts, is read byte by byte without decoding; each
/// word comes with whether it is all ASCII letters and digits (nothing to fold but the case).
fn tokens(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let bytes = text.as_bytes();
    let char_at = move |i: usize| text.get(i..).and_then(|t| t.chars().next());
    // An apostrophe at `i`, `len` bytes long, joins the run when a letter or digit of a spaced
    // script follows it.
    let joins =
        move |i: usize, len: usize| char_at(i + len).is_some_and(|n| n.is_alphanumeric() && !unspaced(n));
    let mut pos = 0;
    std::iter::from_fn(move || {
        // The start of the next run.
        loop {
            let &b = bytes.get(pos)?;
            if b.is_ascii_alphanumeric() {
                break;
            }
            if b < 0x80 {
                pos += 1;
                continue;
            }
            let c = char_at(pos)?;
            if c.is_alphanumeric() {
                break;
            }
            pos += c.len_utf8();
        }
        let start = pos;
        let mut ascii = true;
        while let Some(&b) = bytes.get(pos) {
            if b.is_ascii_alphanumeric() {
                pos += 1;
                continue;
            }
            if b < 0x80 {
                if b == b'\'' && joins(pos, 1) {
                    ascii = false;
                    pos += 1;
                    continue;
                }
                break;
            }
            ascii = false;
            let Some(c) = char_at(pos) else { break };
            if unspaced(c) {
                if pos == start {
                    pos += c.len_utf8();
                }
                break;
            }
            if c.is_alphanumeric() || (c == '\u{2019}' && joins(pos, c.len_utf8())) {
                pos += c.len_utf8();
                continue;
            }
            break;
        }
        Some((&text[start..pos], ascii))
    })
}

/// An indexed original sharing a band key with the article being checked.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: DocId,
    pub sketch: Sketch,
}

/// The originals seen so far, looked up by LSH key. Implemented in memory ([`MemoryIndex`]) and
/// by the store, whose index persists.
pub trait OriginalIndex {
    type Error;
    /// Every indexed original that has at least one of `keys`, each once.
    fn candidates(&self, keys: &[u64]) -> Result<Vec<Candidate>, Self::Error>;
    /// The original `id`, prepared for verification.
    fn original(&self, id: &str, config: &DedupConfig) -> Result<Option<Cow<'_, Prepared<'_>>>, Self::Error>;
}

/// An index that also keeps the verdicts, such as the store: articles are checked against it one
/// at a time and each verdict is recorded before the next is checked.
pub trait VerdictIndex: OriginalIndex {
    /// `id` is an original: index it under `keys`.
    fn record_original(&mut self, id: &str, sketch: &Sketch, keys: &[u64]) -> Result<(), Self::Error>;
    /// `link.copy` copies `link.original`.
    fn record_copy(&mut self, link: &CopyLink) -> Result<(), Self::Error>;
}

/// Check each of `articles` (originals first, see [`originals_first`]) against `index` and record
/// its verdict there; the links found.
pub fn check_into<I: VerdictIndex>(
    articles: &[&Article],
    index: &mut I,
    config: &DedupConfig,
) -> Result<Vec<CopyLink>, I::Error> {
    let mut links = Vec::new();
    for i in originals_first(articles) {
        let prepared = Prepared::new(Cow::Borrowed(articles[i]), config);
        match check(&prepared, index, config)? {
            Some(link) => {
                index.record_copy(&link)?;
                links.push(link);
            }
            None => index.record_original(&articles[i].doc_id, &prepared.sketch, &prepared.keys(config))?,
        }
    }
    Ok(links)
}

/// Check `article` against the originals in `index`: the link to the original it copies, or
/// `None` when it is an original itself (the caller then indexes it under its keys).
pub fn check<I: OriginalIndex>(
    article: &Prepared,
    index: &I,
    config: &DedupConfig,
) -> Result<Option<CopyLink>, I::Error> {
    let mut candidates: Vec<(f32, Candidate)> = index
        .candidates(&article.keys(config))?
        .into_iter()
        .map(|c| (estimate(&c.sketch, &article.sketch), c))
        .filter(|(e, c)| *e >= config.min_containment / 2.0 || c.sketch.exact == article.sketch.exact)
        .collect();
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.id.cmp(&b.1.id)));
    for (_, c) in candidates.into_iter().take(config.max_candidates) {
        if let Some(original) = index.original(&c.id, config)? {
            if let Some(link) = verify(&original, article, config) {
                return Ok(Some(link));
            }
        }
    }
    Ok(None)
}

/// The sketch screen: estimated containment, 1 for equal bodies.
fn estimate(a: &Sketch, b: &Sketch) -> f32 {
    if a.exact == b.exact {
        1.0
    } else {
        a.containment(b)
    }
}

/// Band keys are already well-mixed hashes: hashing them again would only cost time.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

/// The stop words' hashes: a word is checked by the hash it is given anyway.
static STOP_HASHES: LazyLock<HashSet<u64, BuildHasherDefault<KeyHasher>>> =
    LazyLock::new(|| stopwords().iter().map(|w| sketch::stable_hash([*w])).collect());

/// No next entry in a chain.
const END: u32 = u32::MAX;

/// Originals held in memory: band key -> positions in a slice of prepared articles. Each key's
/// positions are a chain through one entry array, not a vector per key: most keys hold one
/// article, and a vector each would be an allocation each.
pub struct MemoryIndex<'p, 'a> {
    prepared: &'p [Prepared<'a>],
    heads: HashMap<u64, u32, BuildHasherDefault<KeyHasher>>,
    /// (position, next entry of the same key)
    entries: Vec<(u32, u32)>,
    originals: HashMap<&'p str, usize>,
}

impl<'p, 'a> MemoryIndex<'p, 'a> {
    pub fn new(prepared: &'p [Prepared<'a>]) -> Self {
        MemoryIndex { prepared, heads: HashMap::default(), entries: Vec::new(), originals: HashMap::new() }
    }

    /// Make room for `originals` more articles' keys.
    pub fn reserve(&mut self, originals: usize, config: &DedupConfig) {
        let keys = originals * (config.bins / config.rows.max(1) + 1);
        self.heads.reserve(keys);
        self.entries.reserve(keys);
        self.originals.reserve(originals);
    }

    /// Index `prepared[i]` as an original.
    pub fn insert(&mut self, i: usize, config: &DedupConfig) {
        let p = &self.prepared[i];
        for key in p.keys(config) {
            let entry = self.entries.len() as u32;
            let next = self.heads.insert(key, entry).unwrap_or(END);
            self.entries.push((i as u32, next));
        }
        self.originals.insert(p.article.doc_id.as_str(), i);
    }
}

impl OriginalIndex for MemoryIndex<'_, '_> {
    type Error = Infallible;

    fn candidates(&self, keys: &[u64]) -> Result<Vec<Candidate>, Infallible> {
        let mut found: Vec<u32> = Vec::new();
        for key in keys {
            let start = found.len();
            let mut at = self.heads.get(key).copied().unwrap_or(END);
            while at != END && found.len() - start <= MAX_POSTINGS {
                let (position, next) = self.entries[at as usize];
                found.push(position);
                at = next;
            }
            if found.len() - start > MAX_POSTINGS {
                found.truncate(start);
            }
        }
        Ok(best_shared(found, MAX_CANDIDATES)
            .into_iter()
            .map(|i| {
                let p = &self.prepared[i as usize];
                Candidate { id: p.article.doc_id.clone(), sketch: p.sketch.clone() }
            })
            .collect())
    }

    fn original(&self, id: &str, _: &DedupConfig) -> Result<Option<Cow<'_, Prepared<'_>>>, Infallible> {
        Ok(self.originals.get(id).map(|&i| Cow::Borrowed(&self.prepared[i])))
    }
}

/// The order in which articles are checked: originals first (earliest published, then the most
/// complete, then by id for determinism). Streams follow it within each batch they receive.
pub fn originals_first(articles: &[&Article]) -> Vec<usize> {
    let sizes: Vec<usize> = articles.iter().map(|a| a.paragraphs.iter().map(|p| p.len()).sum()).collect();
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (articles[a], articles[b]);
        x.published
            .is_none()
            .cmp(&y.published.is_none())
            .then(x.published.cmp(&y.published))
            .then(sizes[b].cmp(&sizes[a]))
            .then(x.doc_id.cmp(&y.doc_id))
    });
    order
}

/// Find the copies among `articles` and link each to its original.
pub fn dedup(articles: &[Article], config: &DedupConfig) -> DedupReport {
    let refs: Vec<&Article> = articles.iter().collect();
    let order = originals_first(&refs);
    let prepared: Vec<Prepared> =
        order.par_iter().map(|&i| Prepared::new(Cow::Borrowed(&articles[i]), config)).collect();
    let mut index = MemoryIndex::new(&prepared);
    index.reserve(prepared.len(), config);
    let mut links = Vec::new();
    for (i, article) in prepared.iter().enumerate() {
        match check(article, &index, config) {
            Ok(Some(link)) => links.push(link),
            // Only originals are indexed: a copy can never become another copy's original.
            Ok(None) => index.insert(i, config),
            Err(never) => match never {},
        }
    }
    DedupReport::new(links)
}

/// Check whether `copy` reprints `original`; the link when it does.
fn verify(original: &Prepared, copy: &Prepared, config: &DedupConfig) -> Option<CopyLink> {
    let same_body = original.sketch.exact == copy.sketch.exact;
    let (a, b) = (&original.shingles, &copy.shingles);
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let inter = align::shared(a, b) as f32;
    let jaccard = inter / (a.len() as f32 + b.len() as f32 - inter).max(1.0);
    let containment = inter / a.len().min(b.len()) as f32;
    // Paragraph alignment is the costly check: only pairs sharing a real part of their text
    // can be copies, so the rest stop here.
    if containment < config.min_containment && !same_body {
        return None;
    }
    // Words are hashed again here rather than kept from `Prepared::new`: only the few pairs
    // that get this far need them, and keeping them for every indexed original would double the
    // index's memory.
    let alignment = align::align(
        &original.article.paragraphs,
        &copy.article.paragraphs,
        original.article.title.as_deref(),
        copy.article.title.as_deref(),
    );
    let edits = alignment.edits.clone();
    let aligned = edits.kept + edits.changed;
    // Weighed by words, so that a list of short lines two articles share (tour dates, results)
    // does not make one a copy of the other.
    let paragraph_share = if alignment.original_words <= alignment.copy_words {
        alignment.original_share
    } else {
        alignment.copy_share
    };

    let kind = if same_body {
        CopyKind::Exact
    } else if jaccard >= config.near_jaccard {
        CopyKind::Near
    } else if containment >= config.containment
        || (paragraph_share >= config.paragraph_share && aligned >= config.min_paragraphs)
    {
        CopyKind::Syndicated
    } else {
        return None;
    };
    Some(CopyLink {
        copy: copy.article.doc_id.clone(),
        original: original.article.doc_id.clone(),
        kind,
        jaccard,
        containment,
        edits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn article(id: &str, day: u32, paragraphs: &[&str]) -> Article {
        Article {
            doc_id: id.into(),
            title: None,
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            published: NaiveDate::from_ymd_opt(2026, 3, day).map(|d| d.and_hms_opt(9, 0, 0).unwrap()),
            authors: vec![],
            outlet: id.into(),
            url: None,
            language: None,
            removed: vec![],
        }
    }

    const WIRE: &[&str] = &[
        "The port authority said on Monday that cargo traffic had fallen by a fifth since the new tariffs took effect in January.",
        "Harbour master Ines Okafor told reporters the decline was the steepest she had seen in two decades of work at the docks.",
        "Shipping firms have begun moving routes to neighbouring ports, where fees are lower and waiting times shorter, officials said.",
        "The authority will publish a full review next month and has authorised an emergency fund for dock workers who lose shifts.",
        "Unions said they would meet ministers next week to press for the fund to be doubled before the summer season begins.",
    ];

    #[test]
    fn links_an_edited_reprint_to_the_earlier_original() {
        let original = article("wire", 2, WIRE);
        let reprint = article(
            "paper",
            3,
            &[
                "The port authority said on Monday that cargo traffic had fallen by a fifth since new tariffs took effect in January.",
                "Harbour master Ms Ines Okafor told reporters the decline was the steepest she had seen in two decades at the docks.",
                "Shipping firms have begun moving routes to neighboring ports, where fees are lower and waiting times shorter, officials said.",
                "Local traders in the old town said they had noticed fewer lorries on the coast road this spring.",
            ],
        );
        let other = article("other", 3, &["A completely different story about a football match that ended in a draw after extra time and penalties in the rain."]);
        let report = dedup(&[reprint.clone(), other, original], &DedupConfig::default());
        assert_eq!(report.links.len(), 1);
        let link = &report.links[0];
        assert_eq!((link.copy.as_str(), link.original.as_str()), ("paper", "wire"));
        assert_eq!(link.kind, CopyKind::Syndicated);
        assert_eq!(link.edits.added, 1);
        assert_eq!(link.edits.removed, 2);
        assert_eq!(link.edits.changed + link.edits.kept, 3);
    }

    #[test]
    fn articles_without_words_are_never_candidates() {
        let mut empty: Vec<Article> = (1..=3).map(|i| article(&format!("e{i}"), 2, &[])).collect();
        empty.push(article("dash", 2, &["—"]));
        let config = DedupConfig::default();
        assert!(dedup(&empty, &config).links.is_empty());
        let prepared: Vec<Prepared> =
            empty.iter().map(|a| Prepared::new(Cow::Borrowed(a), &config)).collect();
        assert!(prepared.iter().all(|p| p.keys(&config).is_empty()));
    }

    #[test]
    fn exact_copies_and_independent_articles() {
        let a = article("a", 2, WIRE);
        let b = article("b", 2, WIRE);
        let report = dedup(&[b, a], &DedupConfig::default());
        assert_eq!(report.links.len(), 1);
        assert_eq!(report.links[0].kind, CopyKind::Exact);
        // Ties go to the smaller id as original, whatever the input order.
        assert_eq!(report.links[0].original, "a");
    }

    #[test]
    fn tokens_are_runs_of_letters_and_digits() {
        let words = |text| tokens(text).map(|(w, _)| w).collect::<Vec<&str>>();
        let t = words("Trump’s 2.5-hour call, “Kyiv”—U.S. o'clock 'quoted' ");
        assert_eq!(t, ["Trump’s", "2", "5", "hour", "call", "Kyiv", "U", "S", "o'clock", "quoted"]);
        assert_eq!(tokens("").count(), 0);
        let t = words("東京都は3日、ABC社と合意した。");
        assert_eq!(t, ["東", "京", "都", "は", "3", "日", "ABC", "社", "と", "合", "意", "し", "た"]);
        assert_eq!(tokens(" ,, ").count(), 0);
    }

    #[test]
    fn a_shared_quote_does_not_make_a_copy() {
        let quote = "“We will not let the docks close while I am in charge,” Okafor said.";
        let a = article("a", 2, &[quote, "The harbour was busy on Monday as ferries returned after the storm, with long queues at the terminal gates."]);
        let b = article("b", 2, &["Ministers met on Tuesday to discuss the budget for the coming year, with schools and hospitals at the top.", quote]);
        assert!(dedup(&[a, b], &DedupConfig::default()).links.is_empty());
    }

    #[test]
    fn the_candidates_sharing_the_most_keys_are_kept() {
        assert_eq!(best_shared(vec![5, 3, 5, 9, 3, 5], 10), vec![3, 5, 9]);
        assert_eq!(best_shared(vec![5, 3, 5, 9, 3, 5], 1), vec![5]);
        // Among equals the smaller id.
        assert_eq!(best_shared(vec![9, 3, 5, 9, 3, 5, 7], 2), vec![3, 5]);
        assert!(best_shared(Vec::<u32>::new(), 4).is_empty());
    }

    #[test]
    fn a_key_too_many_originals_share_is_passed_over() {
        // Every original shares one key (a stock paragraph); the copy is found through its others.
        let shared =
            "The weather service said the outlook for the coming days remained unsettled across the region.";
        let mut articles: Vec<Article> = (0..MAX_POSTINGS + 8)
            .map(|i| {
                let own: Vec<String> = (0..30).map(|k| format!("t{i}x{k}")).collect();
                article(&format!("o{i:04}"), 1, &[shared, &own.join(" ")])
            })
            .collect();
        let body = "The river council voted late on Tuesday to close the old ferry pier for repairs.";
        let more = "Repairs will take three months and cost the city far more than it had planned.";
        let last = "Residents asked for a temporary crossing while the pier is closed for the work.";
        articles.push(article("p", 1, &[shared, body, more, last]));
        articles.push(article("q", 2, &[shared, body, more, last]));
        let config = DedupConfig::default();
        let prepared: Vec<Prepared> =
            articles.iter().map(|a| Prepared::new(Cow::Borrowed(a), &config)).collect();
        let mut index = MemoryIndex::new(&prepared);
        for i in 0..prepared.len() - 1 {
            index.insert(i, &config);
        }
        let copy = &prepared[prepared.len() - 1];
        let found = index.candidates(&copy.keys(&config)).unwrap_or_else(|never| match never {});
        assert!(found.len() < MAX_POSTINGS, "{} candidates", found.len());
        assert!(found.iter().any(|c| c.id == "p"));
        let report = dedup(&articles, &config);
        assert!(report.links.iter().any(|l| l.copy == "q" && l.original == "p"));
    }

    #[test]
    fn copies_never_chain() {
        // c reprints b, b reprints a, but c shares too little with a: c must not join a's group
        // through b, and b, being a copy, is no original for c.
        let a = article("a", 1, &WIRE[..4]);
        let b = article("b", 2, &WIRE[1..5]);
        let c = article(
            "c",
            3,
            &[
                WIRE[3],
                WIRE[4],
                "An extra paragraph written by the third paper about the local fish market and its prices.",
                "Another paragraph of local colour about the weather on the coast road that week.",
            ],
        );
        let report = dedup(&[a, b, c], &DedupConfig::default());
        assert!(report.links.iter().all(|l| l.original != "b"));
    }
}
