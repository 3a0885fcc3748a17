//! The dedup stage: exact copies, near duplicates and syndicated wire copies among articles.
//!
//! Every article is fingerprinted (a sample of its word-shingle hashes, kept by value so the
//! sample is the same in every copy); articles sharing fingerprints become candidates, and each
//! candidate pair is verified on the full shingle sets and on aligned paragraphs before it is
//! linked. Articles are visited originals-first (earliest, then most complete), and a copy is
//! only ever linked to an original, never to another copy: groups cannot grow by chains of
//! weak links.

mod align;

use std::collections::{HashMap, HashSet};

use storyweave_model::{Article, CopyKind, CopyLink, DedupReport};
use storyweave_text::shingle_hashes;

pub use align::align_paragraphs;

/// Thresholds of the dedup stage.
#[derive(Debug, Clone)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle: usize,
    /// Keep one shingle hash in `sample` as a fingerprint.
    pub sample: u64,
    /// Shared fingerprints that make two articles candidates.
    pub min_shared: usize,
    /// Jaccard at or above which two bodies are near duplicates.
    pub near_jaccard: f32,
    /// Containment (of the smaller in the larger) at or above which one is a copy.
    pub containment: f32,
    /// Share of the smaller article's paragraphs found again in the larger one, for a copy.
    pub paragraph_share: f32,
    /// Aligned paragraphs needed at least, so two short texts sharing a quote are not copies.
    pub min_paragraphs: usize,
    /// Containment below which a pair is not aligned at all (reprints share far more: edited
    /// wire copies keep about 30% of their 3-word shingles and more of the smaller text).
    pub min_containment: f32,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle: 3,
            sample: 4,
            min_shared: 3,
            near_jaccard: 0.8,
            containment: 0.6,
            paragraph_share: 0.5,
            min_paragraphs: 3,
            min_containment: 0.1,
        }
    }
}

struct Prepared<'a> {
    article: &'a Article,
    shingles: HashSet<u64>,
    exact: String,
}

/// Find the copies among `articles` and link each to its original.
pub fn dedup(articles: &[Article], config: &DedupConfig) -> DedupReport {
    let prepared: Vec<Prepared> = articles
        .iter()
        .map(|a| {
            let body = a.body();
            Prepared {
                article: a,
                shingles: shingle_hashes(&body, config.shingle).into_iter().collect(),
                exact: storyweave_text::words(&body).map(storyweave_text::fold).collect::<Vec<_>>().join(" "),
            }
        })
        .collect();

    // Originals first: earliest published, then the most complete, then by id for determinism.
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (prepared[a].article, prepared[b].article);
        let undated = |d: &Option<_>| d.is_none();
        undated(&x.published)
            .cmp(&undated(&y.published))
            .then(x.published.cmp(&y.published))
            .then(prepared[b].shingles.len().cmp(&prepared[a].shingles.len()))
            .then(x.doc_id.cmp(&y.doc_id))
    });

    let mut index: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut links = Vec::new();
    for &i in &order {
        let p = &prepared[i];
        let fingerprints: Vec<u64> =
            p.shingles.iter().copied().filter(|h| h % config.sample.max(1) == 0).collect();
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for h in &fingerprints {
            for &j in index.get(h).into_iter().flatten() {
                *shared.entry(j).or_default() += 1;
            }
        }
        let mut candidates: Vec<(usize, usize)> = shared
            .into_iter()
            .filter(|&(_, n)| n >= config.min_shared.min(fingerprints.len().max(1)))
            .collect();
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let best = candidates.iter().find_map(|&(j, _)| verify(&prepared[j], p, config));
        match best {
            Some(link) => links.push(link),
            None => {
                // Only originals are indexed: a copy can never become another copy's original.
                for h in fingerprints {
                    index.entry(h).or_default().push(i);
                }
            }
        }
    }
    links.sort_by(|a, b| a.copy.cmp(&b.copy));
    DedupReport { links }
}

/// Check whether `copy` reprints `original`; the link when it does.
fn verify(original: &Prepared, copy: &Prepared, config: &DedupConfig) -> Option<CopyLink> {
    let (a, b) = (&original.shingles, &copy.shingles);
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let inter = a.intersection(b).count() as f32;
    let jaccard = inter / (a.len() as f32 + b.len() as f32 - inter).max(1.0);
    let containment = inter / a.len().min(b.len()) as f32;
    // Paragraph alignment is the costly check: only pairs sharing a real part of their text
    // can be copies, so the rest stop here.
    if containment < config.min_containment && original.exact != copy.exact {
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

    let kind = if original.exact == copy.exact {
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
