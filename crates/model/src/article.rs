//! The extract stage's output: an article's body and metadata, and everything that was removed.

use serde::{Deserialize, Serialize};

use crate::{DocId, Timestamp};

/// Why a block of the page is not part of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    /// Taken as the article's headline.
    Title,
    /// A date line, taken as the published date.
    Dateline,
    /// A byline or source line, taken as authors/outlet.
    Byline,
    /// Site navigation: menus, section lists, language switchers.
    Navigation,
    /// A breaking-news ticker: headlines of other stories.
    Ticker,
    /// "Most read", "read next", "you may also like" and similar lists, with their items.
    Related,
    /// A "must read"/"read more" line pointing at another article.
    Promo,
    /// A short biography of the author.
    AuthorBio,
    /// A photo caption or credit.
    Caption,
    /// An embedded social-media post line (handle and date, pic links).
    Embed,
    /// App-store, social and share links.
    Social,
    /// Legal and site footer: rights, privacy, contact.
    Footer,
    /// Tags, topics and category labels.
    Tags,
    /// Readers' comments, from the label that opens them ("34 Comments", "Leave a Reply").
    Comments,
    /// Text the page prints again: a body or paragraph repeated.
    Repeated,
    /// Scripts, styles and other non-text markup.
    Markup,
    /// Low-scoring text with no more specific reason: short fragments, widgets, labels.
    Boilerplate,
    /// The body as read from the page's markup, set aside for the fuller body the page's
    /// structured data (JSON-LD `articleBody`) gives: the body came from there.
    Superseded,
}

impl RemovalReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RemovalReason::Title => "title",
            RemovalReason::Dateline => "dateline",
            RemovalReason::Byline => "byline",
            RemovalReason::Navigation => "navigation",
            RemovalReason::Ticker => "ticker",
            RemovalReason::Related => "related",
            RemovalReason::Promo => "promo",
            RemovalReason::AuthorBio => "author_bio",
            RemovalReason::Caption => "caption",
            RemovalReason::Embed => "embed",
            RemovalReason::Social => "social",
            RemovalReason::Footer => "footer",
            RemovalReason::Tags => "tags",
            RemovalReason::Comments => "comments",
            RemovalReason::Repeated => "repeated",
            RemovalReason::Markup => "markup",
            RemovalReason::Boilerplate => "boilerplate",
            RemovalReason::Superseded => "superseded",
        }
    }
}

impl std::fmt::Display for RemovalReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A block of the input that is not body text, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    pub text: String,
    pub reason: RemovalReason,
    /// 1-based first line of the block in the text input (absent for HTML input).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<usize>,
}

/// An article as the extract stage sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub doc_id: DocId,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// Body paragraphs, in order, each one block of running text.
    pub paragraphs: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<Timestamp>,
    #[serde(default)]
    pub authors: Vec<String>,
    /// The outlet's name; the file's name when nothing better is known.
    pub outlet: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub language: Option<String>,
    #[serde(default)]
    pub removed: Vec<Removed>,
}

impl Article {
    /// An article of clean body text and nothing else known: for text that needs no
    /// extraction (evaluation sets, callers with their own extractor). Set other fields after.
    pub fn from_paragraphs(doc_id: impl Into<DocId>, paragraphs: Vec<String>) -> Article {
        Article {
            doc_id: doc_id.into(),
            title: None,
            paragraphs,
            published: None,
            authors: Vec::new(),
            outlet: String::new(),
            url: None,
            language: None,
            removed: Vec::new(),
        }
    }

    /// The body as one string, paragraphs separated by blank lines.
    pub fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}
