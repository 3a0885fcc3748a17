//! The dedup stage: exact copies, near duplicates and syndicated wire copies among articles.
//!
//! Every article is sketched (MinHash over its word shingles, [`sketch`]) and its sketch cut into
//! LSH band keys; articles sharing a key are candidates, and each candidate is first screened on
//! the sketches' estimated containment, then verified on the full shingle sets and on aligned
//! paragraphs before it is linked: a band match alone never makes a copy. Articles are visited
//! originals-first (earliest, then most complete), and a copy is only ever linked to an
//! original, never to another copy: groups cannot grow by chains of weak links.
//!
//! The same [`check`] serves a batch ([`dedup`], over an in-memory [`MemoryIndex`]) and a stream
//! (any [`OriginalIndex`], such as the store's persistent one): an arriving article is checked
//! against the originals indexed so far, and only an article found to be no copy is indexed.

mod align;
pub mod sketch;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;

use rayon::prelude::*;
use storyweave_model::{Article, CopyKind, CopyLink, DedupReport, DocId};
use storyweave_text::{fold, hash_shingles, is_stopword, words};

pub use align::align_paragraphs;
pub use sketch::Sketch;

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
    /// Share of the smaller article's paragraphs found again in the larger one, for a copy.
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
    shingles: HashSet<u64>,
    sketch: Sketch,
}

impl<'a> Prepared<'a> {
    pub fn new(article: Cow<'a, Article>, config: &DedupConfig) -> Prepared<'a> {
        let tokens: Vec<String> = words(&article.body()).map(fold).collect();
        let hashes = hash_shingles(&tokens, config.shingle);
        let k = config.shingle.max(1).min(tokens.len().max(1));
        // Shingles of stop words only ("one of the") are in every article: they would make
        // unrelated articles candidates and carry nothing about which story this is.
        let telling: Vec<u64> = hashes
            .iter()
            .enumerate()
            .filter(|&(i, _)| !tokens[i..i + k].iter().all(|t| is_stopword(t)))
            .map(|(_, &h)| h)
            .collect();
        let sketched = if telling.is_empty() { hashes.clone() } else { telling };
        let exact = sketch::stable_hash(&tokens);
        Prepared {
            sketch: Sketch::new(sketched, config.bins, exact),
            shingles: hashes.into_iter().collect(),
            article,
        }
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

/// Originals held in memory: band key -> positions in a slice of prepared articles.
pub struct MemoryIndex<'p, 'a> {
    prepared: &'p [Prepared<'a>],
    bands: HashMap<u64, Vec<u32>>,
    originals: HashMap<&'p str, usize>,
}

impl<'p, 'a> MemoryIndex<'p, 'a> {
    pub fn new(prepared: &'p [Prepared<'a>]) -> Self {
        MemoryIndex { prepared, bands: HashMap::new(), originals: HashMap::new() }
    }

    /// Index `prepared[i]` as an original.
    pub fn insert(&mut self, i: usize, config: &DedupConfig) {
        let p = &self.prepared[i];
        for key in p.keys(config) {
            self.bands.entry(key).or_default().push(i as u32);
        }
        self.originals.insert(p.article.doc_id.as_str(), i);
    }
}

impl OriginalIndex for MemoryIndex<'_, '_> {
    type Error = Infallible;

    fn candidates(&self, keys: &[u64]) -> Result<Vec<Candidate>, Infallible> {
        let mut seen: Vec<u32> = keys.iter().filter_map(|k| self.bands.get(k)).flatten().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        Ok(seen
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
    let mut links = Vec::new();
    for (i, article) in prepared.iter().enumerate() {
        match check(article, &index, config) {
            Ok(Some(link)) => links.push(link),
            // Only originals are indexed: a copy can never become another copy's original.
            Ok(None) => index.insert(i, config),
            Err(never) => match never {},
        }
    }
    links.sort_by(|a, b| a.copy.cmp(&b.copy));
    DedupReport { links }
}

/// Check whether `copy` reprints `original`; the link when it does.
fn verify(original: &Prepared, copy: &Prepared, config: &DedupConfig) -> Option<CopyLink> {
    let same_body = original.sketch.exact == copy.sketch.exact;
    let (a, b) = (&original.shingles, &copy.shingles);
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let inter = a.intersection(b).count() as f32;
    let jaccard = inter / (a.len() as f32 + b.len() as f32 - inter).max(1.0);
    let containment = inter / a.len().min(b.len()) as f32;
    // Paragraph alignment is the costly check: only pairs sharing a real part of their text
    // can be copies, so the rest stop here.
    if containment < config.min_containment && !same_body {
        return None;
    }
    let edits = align_paragraphs(
        &original.article.paragraphs,
        &copy.article.paragraphs,
        original.article.title.as_deref(),
        copy.article.title.as_deref(),
    );
    let aligned = edits.kept + edits.changed;
    let smaller = original.article.paragraphs.len().min(copy.article.paragraphs.len()).max(1);
    let paragraph_share = aligned as f32 / smaller as f32;

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
    fn a_shared_quote_does_not_make_a_copy() {
        let quote = "“We will not let the docks close while I am in charge,” Okafor said.";
        let a = article("a", 2, &[quote, "The harbour was busy on Monday as ferries returned after the storm, with long queues at the terminal gates."]);
        let b = article("b", 2, &["Ministers met on Tuesday to discuss the budget for the coming year, with schools and hospitals at the top.", quote]);
        assert!(dedup(&[a, b], &DedupConfig::default()).links.is_empty());
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
