//! The brief: what a reader gets for one story. Every text in it is taken from a source and cited.

use serde::{Deserialize, Serialize};

use crate::{CopyKind, DocId, Edits, EntityKind, StoryId, Timestamp};

/// Version of the brief's JSON schema; bump on any incompatible change.
pub const BRIEF_SCHEMA_VERSION: u32 = 1;

/// A source of a cited text: the outlet and the article.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Citation {
    pub outlet: String,
    pub doc: DocId,
}

/// A sentence taken from a source, with every source that states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitedText {
    pub text: String,
    pub citations: Vec<Citation>,
    /// Independent newsrooms among the citations.
    pub newsrooms: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// TIMEX3 value ("2025-10-16", "2025-10-15TEV", "2025-W43"), or "XXXX-XX-XX" for an event
    /// the sources say has no date set. Entries are in calendar order: by the first day a value
    /// covers, a day before the week it opens; the undated last.
    pub when: String,
    /// The expression as written ("on Thursday").
    pub expression: String,
    pub text: String,
    pub citations: Vec<Citation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteEntry {
    pub speaker: String,
    pub text: String,
    pub direct: bool,
    pub citations: Vec<Citation>,
    /// Who passed the words on, when they are second-hand ("Putin ... via Ushakov").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub via: Option<String>,
    /// Where the words were said or written, as the sources state it ("Truth Social",
    /// "reporters"), the one most of the quote's reports give.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub medium: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityEntry {
    pub name: String,
    pub kind: EntityKind,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub role: Option<String>,
    pub variants: Vec<String>,
    /// Articles that mention it.
    pub articles: usize,
}

impl EntityEntry {
    /// The spellings a reader is shown beside the name: the variants but the name itself and
    /// its capitals ("VALMERA" in a wire dateline is no other spelling of Valmera).
    pub fn other_spellings(&self) -> impl Iterator<Item = &str> {
        let name = self.name.to_lowercase();
        self.variants.iter().map(String::as_str).filter(move |v| v.to_lowercase() != name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictEntry {
    pub about: String,
    pub sides: Vec<ConflictSideEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictSideEntry {
    pub figure: String,
    pub text: String,
    pub citations: Vec<Citation>,
}

/// One article of the story, as coverage lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageItem {
    pub outlet: String,
    pub doc: DocId,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub title: Option<String>,
    /// The opening words of an article without a headline, so a reader can tell it apart.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lede: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
    /// Set when this article reprints another one of the story.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub copy_of: Option<CopyOf>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CopyOf {
    pub doc: DocId,
    pub outlet: String,
    pub kind: CopyKind,
    pub edits: Edits,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    pub articles: Vec<CoverageItem>,
    pub outlets: Vec<String>,
    /// Independent newsrooms: articles less reprints.
    pub newsrooms: usize,
    pub copies: usize,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub first_seen: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub last_seen: Option<Timestamp>,
}

/// The brief of one story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub schema_version: u32,
    pub story: StoryId,
    pub title: String,
    pub summary: Vec<CitedText>,
    pub timeline: Vec<TimelineEntry>,
    pub quotes: Vec<QuoteEntry>,
    pub entities: Vec<EntityEntry>,
    pub agreements: Vec<CitedText>,
    pub conflicts: Vec<ConflictEntry>,
    pub single_source: Vec<CitedText>,
    pub coverage: Coverage,
    /// Independent newsrooms (same as `coverage.newsrooms`, at the top for quick use).
    pub newsrooms: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_in_capitals_is_no_other_spelling() {
        let e = EntityEntry {
            name: "Valmera".into(),
            kind: EntityKind::Place,
            role: None,
            variants: vec!["VALMERA".into(), "Valmera".into(), "Walmera".into()],
            articles: 3,
        };
        assert_eq!(e.other_spellings().collect::<Vec<_>>(), ["Walmera"]);
    }
}
