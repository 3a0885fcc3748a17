//! Raw input as it arrived: bytes kept losslessly, plus the hints the user or the container gave.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::Timestamp;

/// Content hash identifying a document: hex SHA-256 of its raw bytes, first 32 hex digits.
pub type DocId = String;

/// Hash raw bytes into a [`DocId`].
pub fn doc_id(raw: &[u8]) -> DocId {
    let digest = Sha256::digest(raw);
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// What the payload to extract from is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContentKind {
    /// Text as a scraper would save it: a line per block, boilerplate included.
    Text,
    /// An HTML page.
    Html,
}

/// The container the document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceFormat {
    Text,
    Html,
    Json,
    Jsonl,
    Warc,
}

/// Where a document came from: a file (or `-` for stdin) and, inside a container, which record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub path: String,
    /// 1-based line for JSONL, 1-based record index for JSON arrays and WARC files.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub record: Option<u64>,
    pub format: SourceFormat,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.format, self.record) {
            (SourceFormat::Jsonl, Some(n)) => write!(f, "{}:{n}", self.path),
            (_, Some(n)) => write!(f, "{}#{n}", self.path),
            (_, None) => f.write_str(&self.path),
        }
    }
}

/// Metadata given with a document. Given metadata (flags, record fields) wins over what extraction
/// infers from the content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hints {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
}

impl Hints {
    /// Fill every field that `self` lacks from `other`; fields already set stay (higher priority).
    pub fn or(mut self, other: &Hints) -> Hints {
        self.url = self.url.or_else(|| other.url.clone());
        self.outlet = self.outlet.or_else(|| other.outlet.clone());
        self.published = self.published.or(other.published);
        self.title = self.title.or_else(|| other.title.clone());
        self
    }
}

/// One input document: raw bytes exactly as read, the decoded payload, and hints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub origin: Origin,
    pub kind: ContentKind,
    /// The bytes as read: the whole file, the JSON record's line, or the WARC record block.
    #[serde(skip)]
    pub raw: Vec<u8>,
    /// The payload to extract from (the file's text, a record's `text`/`html`, a WARC body).
    pub content: String,
    pub hints: Hints,
}

impl Document {
    /// Build a document; its id is the hash of `raw`.
    pub fn new(origin: Origin, kind: ContentKind, raw: Vec<u8>, content: String, hints: Hints) -> Self {
        Document { id: doc_id(&raw), origin, kind, raw, content, hints }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_id_is_stable_and_content_addressed() {
        assert_eq!(doc_id(b"abc"), doc_id(b"abc"));
        assert_ne!(doc_id(b"abc"), doc_id(b"abd"));
        assert_eq!(doc_id(b"").len(), 32);
    }

    #[test]
    fn given_hints_win() {
        let given = Hints { outlet: Some("Given".into()), ..Hints::default() };
        let inferred = Hints { outlet: Some("Inferred".into()), url: Some("u".into()), ..Hints::default() };
        let merged = given.or(&inferred);
        assert_eq!(merged.outlet.as_deref(), Some("Given"));
        assert_eq!(merged.url.as_deref(), Some("u"));
    }
}
