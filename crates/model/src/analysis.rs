//! The analyze stage's output (per article) and the reconcile stage's output (per story).

use serde::{Deserialize, Serialize};

use crate::DocId;

/// One sentence of an article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub text: String,
    /// Index of the body paragraph it belongs to.
    pub paragraph: usize,
}

/// Entity types, CoNLL style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Other,
}

/// One occurrence of an entity in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub sentence: usize,
    /// Byte range inside the sentence text.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// An entity of one article, with all its mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// The fullest name used in the article.
    pub name: String,
    pub kind: EntityKind,
    /// A title or role seen with the name ("President", "Kremlin aide").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub role: Option<String>,
    pub mentions: Vec<Mention>,
    /// Pronouns that refer to the entity ("he", "her", "himself"), outside quotation marks,
    /// resolved within the article as a quote's "he said" is.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub references: Vec<Mention>,
}

/// What kind of time a time expression denotes (TimeML TIMEX3 types, and dates said not to be set).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeKind {
    Date,
    Time,
    Duration,
    Set,
    /// A date the text says is not set yet ("a date has yet to be determined"): an event with no
    /// date. TimeML marks no expression here; its value is absent.
    Unset,
}

/// A time expression and its normalised value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeExpr {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: TimeKind,
    /// TIMEX3-style value: "2025-10-16", "2025-W43", "2025-10-15TEV", "PT2H"; absent when unknown.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<String>,
}

/// A byte range `[start, end)` inside the text of one sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TextSpan {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
}

impl TextSpan {
    /// Whether the range `start..end` of sentence `sentence` lies within this span.
    pub fn holds(&self, sentence: usize, start: usize, end: usize) -> bool {
        self.sentence == sentence && self.start <= start && end <= self.end
    }
}

/// A quotation, direct or reported, with its speaker.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    pub sentence: usize,
    pub text: String,
    /// The speaker resolved to a named entity of the article where one fits (a pronoun or a
    /// description names the entity it refers to), else the source as written ("officials").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cue: Option<String>,
    /// Where it was said, when stated ("Truth Social", "reporters").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub medium: Option<String>,
    pub direct: bool,
    /// The quoted or reported words as written: one range per sentence they cover (a split quote,
    /// "“X,” he said, “Y.”", has a gap; a direct quote's ranges include its marks).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub content_spans: Vec<TextSpan>,
    /// The source as written, before resolution ("he", "the Russian president", "Trump").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source_span: Option<TextSpan>,
    /// The cue as written ("said", "according to", "told").
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cue_span: Option<TextSpan>,
    /// Who passed the words on, when they are reported second-hand inside another quote
    /// ("Ushakov said Putin warned that ...": Putin's warning, via Ushakov).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub via: Option<String>,
    /// Reported in the shape of speech but not words said: a stance or an act ("criticized
    /// Beijing", "signed a deal", "agreed to stop buying oil"). Attribution corpora count these
    /// as attributions; a reader asking who said what does not.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub stance: bool,
}

impl Quote {
    /// Whether the range `start..end` of sentence `sentence` lies within the quoted or reported
    /// words (a time said inside a quotation, say).
    pub fn words_hold(&self, sentence: usize, start: usize, end: usize) -> bool {
        self.content_spans.iter().any(|s| s.holds(sentence, start, end))
    }
}

/// A numeric fact: value, unit, what it measures, and the hedge around it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub sentence: usize,
    pub text: String,
    /// The number, or the low end of a range.
    pub value: f64,
    /// The high end when the figure is a range ("10-15 people", "two to three hours", "between
    /// 40 and 80 percent"), above `value`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub upper: Option<f64>,
    /// Normalised unit: "h", "min", "mi", "km", "mph", "lb", "usd", "%", "count", "year", ...
    pub unit: String,
    /// "nearly", "about", "more than", "up to", ...
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hedge: Option<String>,
    /// The noun the figure quantifies ("call", "missiles"), when found.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub measures: Option<String>,
}

/// Everything the analyze stage finds in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub doc_id: DocId,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<Entity>,
    pub times: Vec<TimeExpr>,
    pub quotes: Vec<Quote>,
    pub figures: Vec<Figure>,
    /// The wire datelines sentences open with ("PORT CALDER (Meridian Wire) — "): the story's
    /// metadata, kept in the sentence's text (offsets count from its start) but not shown as
    /// its words.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub datelines: Vec<TextSpan>,
}

impl Analysis {
    /// Sentence `i` as a reader is shown it: its text after any dateline. `None` when there is
    /// no such sentence or nothing is left.
    pub fn shown(&self, i: usize) -> Option<&str> {
        let text = self.sentences.get(i)?.text.as_str();
        let from = self.datelines.iter().find(|d| d.sentence == i).map_or(0, |d| d.end);
        text.get(from..).filter(|t| !t.trim().is_empty())
    }
}

/// A sentence of one article of a story.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SentenceRef {
    pub doc: DocId,
    pub sentence: usize,
}

/// One entity across a story's articles, variant spellings merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryEntity {
    pub name: String,
    pub kind: EntityKind,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub role: Option<String>,
    /// Every spelling seen, the canonical name included.
    pub variants: Vec<String>,
    pub articles: Vec<DocId>,
    pub mentions: usize,
    /// Names an article's analysis gave the entity that the story reads as another of its names
    /// ("Neighboring Polvania" opening a sentence, "Tanner" cut from "Tanner's Reach"): no
    /// spellings to show, but what that article's quotes and mentions call it.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub misread: Vec<String>,
}

impl StoryEntity {
    /// Whether an article's analysis names this entity `name`.
    pub fn is_named(&self, name: &str) -> bool {
        self.variants.iter().chain(&self.misread).any(|v| v == name)
    }

    /// The entity of a story an article's analysis names `name`: one spelled so before one
    /// misread so ("Carver" the person before "Carver" cut from "Carver's Point").
    pub fn named<'a>(entities: &'a [StoryEntity], name: &str) -> Option<&'a StoryEntity> {
        let spelled = entities.iter().find(|e| e.variants.iter().any(|v| v == name));
        spelled.or_else(|| entities.iter().find(|e| e.misread.iter().any(|v| v == name)))
    }
}

/// Sentences of different articles that state the same fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The member sentences; the first is the representative.
    pub sentences: Vec<SentenceRef>,
    /// Independent newsrooms stating it (copies of one wire story count once).
    pub newsrooms: usize,
}

/// Two statements of the same fact that disagree on a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// What the figures measure ("call", "duration").
    pub about: String,
    /// Each side: the sentence and the figure text it gives.
    pub sides: Vec<ConflictSide>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictSide {
    pub sentence: SentenceRef,
    pub figure: String,
}

/// The reconcile stage's output for one story.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reconciled {
    pub entities: Vec<StoryEntity>,
    pub statements: Vec<Statement>,
    pub conflicts: Vec<Conflict>,
}
