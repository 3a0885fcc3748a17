//! The analyze stage (DESIGN §2): per article, its sentences, named entities, time expressions
//! normalised against the article date, quotes with their speakers, and numeric facts.
//!
//! Version 1 is rule-based and deliberately simple: closed word lists (titles, speech verbs,
//! calendar and unit words) and local context, no trained models. Every function is pure and
//! total: any input gives an answer, never a panic.

pub mod entities;
pub mod figures;
mod lexicon;
pub mod quotes;
pub mod times;
mod token;

use storyweave_model::{Analysis, Article, Sentence};
use storyweave_text::sentences::sentence_ranges;

pub use entities::find_entities;
pub use figures::find_figures;
pub use quotes::find_quotes;
pub use times::find_times;

/// Analyse one article: its sentences (split per paragraph, `Sentence.paragraph` set), entities,
/// time expressions, quotes and figures. Sentence indices in all records refer to
/// `Analysis.sentences`.
pub fn analyze(article: &Article) -> Analysis {
    let sentences = split_sentences(article);
    let entities = find_entities(&sentences);
    let times = find_times(&sentences, article.published.map(|p| p.date()));
    let quotes = find_quotes(&sentences, &entities);
    let figures = find_figures(&sentences);
    Analysis { doc_id: article.doc_id.clone(), sentences, entities, times, quotes, figures }
}

/// The article's body sentences, paragraph by paragraph.
pub fn split_sentences(article: &Article) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (p, para) in article.paragraphs.iter().enumerate() {
        for r in sentence_ranges(para) {
            if let Some(text) = para.get(r) {
                out.push(Sentence { text: text.to_string(), paragraph: p });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use storyweave_model::{EntityKind, TimeKind};

    fn article(paragraphs: &[&str]) -> Article {
        Article {
            doc_id: "d1".into(),
            title: Some("Ferry deal".into()),
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            published: NaiveDate::from_ymd_opt(2025, 10, 16).and_then(|d| d.and_hms_opt(9, 0, 0)),
            authors: vec![],
            outlet: "Test Wire".into(),
            url: None,
            language: Some("en".into()),
            removed: vec![],
        }
    }

    #[test]
    fn analyses_a_small_article() {
        let a = article(&[
            "Transport Minister Grace Okafor said on Sunday that the ferry link to Lagos would reopen next week.",
            "“The boats are ready and the crews are trained,” Okafor told reporters. She spoke after a two-hour meeting with 40 unions.",
        ]);
        let an = analyze(&a);
        assert_eq!(an.doc_id, "d1");
        assert_eq!(an.sentences.len(), 3);
        assert_eq!(an.sentences[2].paragraph, 1);

        let okafor = an.entities.iter().find(|e| e.name == "Grace Okafor").expect("Okafor found");
        assert_eq!(okafor.kind, EntityKind::Person);
        assert_eq!(okafor.role.as_deref(), Some("Transport Minister"));
        assert_eq!(okafor.mentions.len(), 2);
        assert!(an.entities.iter().any(|e| e.name == "Lagos" && e.kind == EntityKind::Place));

        let vals: Vec<(&str, Option<&str>, TimeKind)> =
            an.times.iter().map(|t| (t.text.as_str(), t.value.as_deref(), t.kind)).collect();
        assert_eq!(
            vals,
            vec![
                ("Sunday", Some("2025-10-12"), TimeKind::Date),
                ("next week", Some("2025-W43"), TimeKind::Date),
                ("two-hour", Some("PT2H"), TimeKind::Duration),
            ]
        );

        let direct: Vec<_> = an.quotes.iter().filter(|q| q.direct).collect();
        assert_eq!(direct.len(), 1);
        assert_eq!(direct[0].speaker.as_deref(), Some("Grace Okafor"));
        assert_eq!(direct[0].medium.as_deref(), Some("reporters"));
        let reported: Vec<_> = an.quotes.iter().filter(|q| !q.direct).collect();
        assert_eq!(reported.len(), 1);
        assert_eq!(reported[0].text, "the ferry link to Lagos would reopen next week");
        assert_eq!(reported[0].sentence, 0);

        let figs: Vec<(&str, &str, Option<&str>)> =
            an.figures.iter().map(|f| (f.text.as_str(), f.unit.as_str(), f.measures.as_deref())).collect();
        assert_eq!(figs, vec![("two-hour", "h", Some("meeting")), ("40 unions", "count", Some("unions"))]);
    }

    #[test]
    fn empty_and_dateless_articles() {
        let mut a = article(&[]);
        assert!(analyze(&a).sentences.is_empty());
        a.paragraphs = vec!["".into(), "He left yesterday.".into()];
        a.published = None;
        let an = analyze(&a);
        assert_eq!(an.sentences.len(), 1);
        assert_eq!(an.sentences[0].paragraph, 1);
        assert_eq!(an.times[0].value, None);
    }
}
