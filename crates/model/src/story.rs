//! The dedup and cluster stages' output: copy links between articles, and stories.

use serde::{Deserialize, Serialize};

use crate::{DocId, Timestamp};

/// How a copy relates to its original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    /// The same body text after normalisation.
    Exact,
    /// Nearly the same text throughout.
    Near,
    /// A reprint of the same wire story with edits: much of one contained in the other.
    Syndicated,
}

/// Paragraph-level differences of a copy against its original.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edits {
    /// Paragraphs of the copy that the original lacks.
    pub added: usize,
    /// Paragraphs of the original that the copy lacks.
    pub removed: usize,
    /// Paragraphs present in both but reworded.
    pub changed: usize,
    /// Paragraphs present in both unchanged (after normalisation).
    pub kept: usize,
    /// Whether the headline differs.
    pub title_changed: bool,
}

/// `copy` reprints `original`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyLink {
    pub copy: DocId,
    pub original: DocId,
    pub kind: CopyKind,
    /// Jaccard similarity of the two bodies' word shingles.
    pub jaccard: f32,
    /// Share of the smaller body's shingles found in the larger one.
    pub containment: f32,
    pub edits: Edits,
}

/// The dedup stage's output over a set of articles.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DedupReport {
    /// Sorted by `copy` (a document is the copy in one link at most), so lookups are binary
    /// searches; [`DedupReport::new`] sorts.
    pub links: Vec<CopyLink>,
}

impl DedupReport {
    /// A report of `links`, sorted by copy.
    pub fn new(mut links: Vec<CopyLink>) -> DedupReport {
        links.sort_by(|a, b| a.copy.cmp(&b.copy));
        DedupReport { links }
    }

    /// The original a document was copied from, if it is a copy.
    pub fn original_of(&self, id: &str) -> Option<&CopyLink> {
        debug_assert!(self.links.windows(2).all(|w| w[0].copy <= w[1].copy), "links not sorted by copy");
        let i = self.links.partition_point(|l| l.copy.as_str() < id);
        self.links.get(i).filter(|l| l.copy == id)
    }

    /// The canonical id of a document: its original's id for a copy, its own id otherwise.
    pub fn canonical<'a>(&'a self, id: &'a str) -> &'a str {
        self.original_of(id).map_or(id, |l| l.original.as_str())
    }
}

/// Stable story identifier.
pub type StoryId = String;

/// A group of articles about one real-world event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: StoryId,
    pub title: String,
    /// Member articles, earliest first.
    pub articles: Vec<DocId>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub first_seen: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_seen: Option<Timestamp>,
    /// Distinct outlets among the members.
    pub outlets: Vec<String>,
    /// Ids of stories merged into this one when they converged (they are not used again), so a
    /// story a user saw can still be found.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub merged: Vec<StoryId>,
}
