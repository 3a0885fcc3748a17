//! The analyze stage (DESIGN §2): per article, its sentences, named entities (with the pronouns
//! that refer to them), time expressions normalised against the article date (inside a direct
//! quote, against the day its report gives: "“tonight”, she said on Sunday"), quotes with their
//! speakers, and numeric facts.
//!
//! Entities come from the trained tagger of `storyweave-tagger` (its model is built in) with a
//! news layer of rules on top; times, quotes and figures are rule-based: closed word lists
//! (titles, speech verbs, calendar and unit words) and local context, with a learned reporting
//! cue ([`cues`], its model built in) for the words the quote lists lack and a learned tagger of
//! attribution roles ([`roles`], its model built in) for the reports the rules miss, and a learned
//! source chooser ([`sources`], its model built in) for who said each quote. Every
//! function is pure and total: any input gives an answer, never a panic.

pub mod clusters;
pub mod cues;
mod dateline;
pub mod entities;
pub mod figures;
mod lexicon;
pub mod quotes;
pub mod roles;
pub mod sources;
mod stance;
pub mod times;
mod token;
pub mod wordclass;

use storyweave_model::{Analysis, Article, Quote, Sentence, TimeExpr, TimeKind};
use storyweave_text::sentences::sentence_ranges;

pub use entities::{find_entities, find_named_entities};
pub use figures::find_figures;
pub use quotes::{find_quotes, QuoteModels};
pub use times::find_times;

/// Analyse one article: its sentences (split per paragraph, `Sentence.paragraph` set), entities,
/// time expressions, quotes and figures. Sentence indices in all records refer to
/// `Analysis.sentences`.
pub fn analyze(article: &Article) -> Analysis {
    let sentences = split_sentences(article);
    let mut entities = find_entities(&sentences);
    let mut times = find_times(&sentences, article.published);
    let (quotes, references) = quotes::find_quotes_and_references(&sentences, &entities);
    for (e, refs) in entities.iter_mut().zip(references) {
        e.references = refs;
    }
    spoken_times(&sentences, &quotes, article.published.map(|p| p.date()), &mut times);
    let figures = find_figures(&sentences);
    let datelines = dateline::datelines(&sentences);
    Analysis { doc_id: article.doc_id.clone(), sentences, entities, times, quotes, figures, datelines }
}

/// Times inside a direct quote count from when the words were said, where the report says so:
/// in "“... But tonight, we dance,” she told supporters on Sunday night", published on Monday,
/// "tonight" is Sunday night. Each such sentence is read again with the day of the report's own
/// date (written outside the quotation marks, in the sentence of its cue) as its reference;
/// a quote whose report gives no date, or the article's own day, keeps the article's date.
fn spoken_times(
    sentences: &[Sentence],
    quotes: &[Quote],
    published: Option<chrono::NaiveDate>,
    times: &mut [TimeExpr],
) {
    for q in quotes.iter().filter(|q| q.direct) {
        let Some(cue) = q.cue_span else { continue };
        // The report's day: the day-precise date nearest the cue in its sentence, outside the
        // words and close enough to be the cue's ("she told supporters ... on Sunday night",
        // "On Sunday, he said"), not a date further off ("... a day after Monday's vote").
        let day = times
            .iter()
            .filter(|t| matches!(t.kind, TimeKind::Date | TimeKind::Time) && t.sentence == cue.sentence)
            .filter(|t| !q.words_hold(t.sentence, t.start, t.end))
            .filter_map(|t| {
                let gap =
                    if t.start >= cue.end { t.start - cue.end } else { cue.start.checked_sub(t.end)? };
                let day =
                    chrono::NaiveDate::parse_from_str(t.value.as_deref()?.get(..10)?, "%Y-%m-%d").ok()?;
                (gap <= 80).then_some((gap, day))
            })
            .min()
            .map(|(_, day)| day);
        let Some(day) = day.filter(|d| Some(*d) != published) else { continue };
        let said = day.and_hms_opt(0, 0, 0);
        // Each sentence the quote's times stand in is read again once.
        let mut again: Vec<(usize, Vec<TimeExpr>)> = Vec::new();
        for t in times.iter_mut().filter(|t| q.words_hold(t.sentence, t.start, t.end)) {
            if !again.iter().any(|(si, _)| *si == t.sentence) {
                let Some(s) = sentences.get(t.sentence) else { continue };
                again.push((t.sentence, find_times(std::slice::from_ref(s), said)));
            }
            let mut read = again.iter().filter(|(si, _)| *si == t.sentence).flat_map(|(_, ts)| ts);
            if let Some(u) = read.find(|u| u.start == t.start && u.end == t.end) {
                t.value.clone_from(&u.value);
            }
        }
    }
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
    use storyweave_model::{EntityKind, TextSpan, TimeKind};

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
    fn times_in_a_quote_count_from_when_it_was_said() {
        let mut a = article(&[
            "“We have work to do. But tonight, we celebrate,” Okafor told supporters on Sunday night.",
            "“Tomorrow we start,” she said.",
        ]);
        a.published = NaiveDate::from_ymd_opt(2025, 10, 13).and_then(|d| d.and_hms_opt(9, 0, 0));
        let an = analyze(&a);
        let value = |text: &str| an.times.iter().find(|t| t.text == text).and_then(|t| t.value.clone());
        assert_eq!(value("Sunday night").as_deref(), Some("2025-10-12TNI"));
        // Said on Sunday night, published on Monday: Sunday's night, not Monday's.
        assert_eq!(value("tonight").as_deref(), Some("2025-10-12TNI"));
        // A report that gives no day of its own counts from the article's.
        assert_eq!(value("Tomorrow").as_deref(), Some("2025-10-14"));
    }

    #[test]
    fn a_wire_dateline_is_recorded_and_not_shown() {
        let a = article(&[
            "PORTVILLE (Meridian Wire) — Ferry crews walked out on Monday. The union backed them.",
            "“We are ready,” Okafor said.",
        ]);
        let an = analyze(&a);
        let len = "PORTVILLE (Meridian Wire) — ".len();
        assert_eq!(an.datelines, [TextSpan { sentence: 0, start: 0, end: len }]);
        assert_eq!(an.sentences[0].text.len(), len + "Ferry crews walked out on Monday.".len());
        assert_eq!(an.shown(0), Some("Ferry crews walked out on Monday."));
        assert_eq!(an.shown(1), Some("The union backed them."));
        assert_eq!(an.shown(3), None);
        // The entity finder and the quote finder still read the sentence as written.
        assert!(an.entities.iter().any(|e| e.name == "Meridian Wire"), "{:?}", an.entities);
    }

    /// Messy text built from awkward fragments: nothing panics, and every offset points at the
    /// text it claims.
    #[test]
    fn generated_input_keeps_invariants() {
        const FRAGMENTS: &[&str] = &[
            "“",
            "”",
            "\"",
            "'",
            "‘",
            "’",
            "«",
            "»",
            "Mr.",
            "Mr",
            "U.S.",
            "said",
            "he said",
            ",",
            ".",
            ":",
            " – ",
            "—",
            "Sunday",
            "October 16",
            "2025",
            "2.5-hour",
            "$",
            "€1.2bn",
            "1,000",
            "aged",
            "-",
            "al-",
            "van",
            "of",
            "the",
            "Ms Ruiz",
            "Okafor’s",
            "é",
            "🚨",
            "\n",
            "  ",
            "according to",
            "told reporters",
            "next week",
            "every",
            "a dozen",
            "%",
            "9 a.m.",
            "12:30",
            "Thursday evening",
            "(",
            ")",
            "[W]e",
            "'s",
            "...",
            "?",
            "!",
            "President",
            "Lagos",
            "Kremlin aide",
            "Anna-Maria",
            "NATO",
            "two-hour",
            "ago",
            "İ",
            "\u{212A}",
            "e\u{301}",
            "\u{200b}",
            "北京",
            "ß",
            "ǅ",
            "٣",
            "½",
            "0",
            "99999999999999999999",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        for round in 0..400 {
            let mut paragraphs = Vec::new();
            for _ in 0..1 + next(4) {
                let mut p = String::new();
                for _ in 0..next(30) {
                    p.push_str(FRAGMENTS[next(FRAGMENTS.len())]);
                    if next(3) > 0 {
                        p.push(' ');
                    }
                }
                paragraphs.push(p);
            }
            let refs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
            let mut a = article(&refs);
            match round % 4 {
                0 => a.published = None,
                1 => a.published = Some(chrono::NaiveDateTime::MAX),
                2 => a.published = Some(chrono::NaiveDateTime::MIN),
                _ => {}
            }
            let an = analyze(&a);
            let n = an.sentences.len();
            for e in &an.entities {
                assert!(!e.mentions.is_empty());
                for m in &e.mentions {
                    assert_eq!(an.sentences[m.sentence].text.get(m.start..m.end), Some(m.text.as_str()));
                }
            }
            for t in &an.times {
                assert_eq!(an.sentences[t.sentence].text.get(t.start..t.end), Some(t.text.as_str()));
            }
            assert!(an.quotes.iter().all(|q| q.sentence < n && !q.text.is_empty()));
            assert!(an.figures.iter().all(|f| f.sentence < n && f.value.is_finite()));
        }
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
