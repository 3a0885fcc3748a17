//! `storyweave eval coref`: cross-document entity coreference on ECB+. Each document is analysed
//! as an article (a paragraph per sentence, its tokens written back as prose), the analyzer's
//! named-entity mentions, the pronouns it resolves to them (`Entity::references`) and the quote
//! sources it resolves to them ("the actress said") are the predicted mentions, and the entities of
//! all the documents of a topic (both of its events: gold topics, no clustering) are resolved into
//! story entities as the reconcile stage does for a story. Scored with MUC, B-cubed, CEAF-e and the
//! CoNLL F1 over the annotated sentences, on all topics and on the usual test topics (36-45).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use anyhow::Result;
use serde_json::{json, Value};
use storyweave_eval::coref;
use storyweave_reconcile::entities::resolve_assigned;

use super::{report, Analysed};

/// The test topics of the split most ECB+ work reports (Cybulska & Vossen 2015).
const TEST_TOPICS: std::ops::RangeInclusive<u32> = 36..=45;

/// A mention: (document, sentence, first token, end token).
type Key = (usize, usize, usize, usize);

pub(super) fn coreference(dataset: &Path) -> Result<Value> {
    let docs = coref::read_dir(dataset)?;
    let start = Instant::now();
    let mut by_topic: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, d) in docs.iter().enumerate() {
        by_topic.entry(d.topic).or_default().push(i);
    }
    // (topic, mentions) per predicted cluster.
    let mut response: Vec<(u32, Vec<Key>)> = Vec::new();
    for (&topic, members) in &by_topic {
        let analysed: Vec<Analysed> = members
            .iter()
            .map(|&d| {
                // The source address that opens an ECB+ file is no prose: its words in lower
                // case ("esther _ williams") would tell the tagger the names are common words.
                let prose =
                    |s: &coref::CorefSentence| !s.tokens.first().is_some_and(|t| t.starts_with("http"));
                let paragraphs: Vec<(usize, String)> = docs[d]
                    .sentences
                    .iter()
                    .map(|s| (0, if prose(s) { detokenize(&s.tokens).0 } else { String::new() }))
                    .collect();
                Analysed::new(&paragraphs, None)
            })
            .collect();
        let analyses: Vec<&storyweave_model::Analysis> = analysed.iter().map(|a| &a.analysis).collect();
        let (entities, assigned) = resolve_assigned(&analyses);
        let mut clusters: Vec<Vec<Key>> = vec![Vec::new(); entities.len()];
        for ((a, &d), assigned) in analysed.iter().zip(members).zip(&assigned) {
            for (e, cluster) in a.analysis.entities.iter().zip(assigned) {
                let Some(c) = *cluster else { continue };
                // A quote's source the analyzer resolved to this entity ("he", "the actress").
                let sources =
                    a.analysis.quotes.iter().filter(|q| q.speaker.as_deref() == Some(e.name.as_str()));
                let spans =
                    e.mentions.iter().chain(&e.references).map(|m| (m.sentence, m.start, m.end)).chain(
                        sources.filter_map(|q| q.source_span.as_ref()).map(|t| (t.sentence, t.start, t.end)),
                    );
                for (m_sentence, m_start, m_end) in spans {
                    let Some((sentence, at)) = a.at(m_sentence) else { continue };
                    let s = &docs[d].sentences[sentence];
                    if !s.annotated {
                        continue;
                    }
                    let bounds = detokenize(&s.tokens).1;
                    if let Some((first, end)) = covered(&s.tokens, &bounds, at + m_start, at + m_end) {
                        clusters[c].push((d, sentence, first, end));
                    }
                }
            }
        }
        response.extend(clusters.into_iter().map(|c| (topic, c)));
    }
    // A mention found twice (two entities over one span) counts once, in its first cluster.
    let mut seen = std::collections::HashSet::new();
    for (_, c) in &mut response {
        c.retain(|k| seen.insert(*k));
    }
    let mut key: BTreeMap<(u32, &str), Vec<Key>> = BTreeMap::new();
    for (d, doc) in docs.iter().enumerate() {
        for m in doc.mentions.iter().filter(|m| doc.sentences[m.sentence].annotated) {
            key.entry((doc.topic, m.cluster.as_str())).or_default().push((d, m.sentence, m.start, m.end));
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let scored = |test_only: bool| {
        let keep = |t: &u32| !test_only || TEST_TOPICS.contains(t);
        let k: Vec<Vec<Key>> = key.iter().filter(|((t, _), _)| keep(t)).map(|(_, c)| c.clone()).collect();
        let r: Vec<Vec<Key>> = response.iter().filter(|(t, _)| keep(t)).map(|(_, c)| c.clone()).collect();
        coref::score(&k, &r)
    };
    let test = scored(true);
    report(
        "coref",
        dataset,
        json!({
            "documents": docs.len(),
            "topics": by_topic.len(),
            "seconds": seconds,
            "mentions": "predicted (the analyzer's named-entity mentions, the pronouns and the quote sources it resolves to them), exact token spans",
            "topics_used": "gold topics (both events of a topic resolved together)",
            "singletons": "kept",
            "entity_types": "HUMAN_PART*, NON_HUMAN_PART*, LOC_* (not TIME_*)",
            "test_topics": test,
        }),
        scored(false),
    )
}

/// A sentence's tokens written back as prose, for the analyzer reads text as a reader sees it:
/// no space before closing punctuation and clitics ("Lohan's", "Calif."), none inside split
/// initials and hyphenated words ("U.S.", "T-Mobile"), none inside double quotes, treebank
/// quotes written as marks. With the byte range of each token in the text.
fn detokenize(tokens: &[String]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut bounds = Vec::with_capacity(tokens.len());
    let mut quote_open = false;
    let word = |i: usize| tokens.get(i).map_or("", String::as_str);
    let letter = |t: &str| t.chars().count() == 1 && t.chars().all(char::is_alphabetic);
    let alnum_end = |t: &str| t.chars().last().is_some_and(char::is_alphanumeric);
    let alnum_start = |t: &str| t.chars().next().is_some_and(char::is_alphanumeric);
    for (i, t) in tokens.iter().map(String::as_str).enumerate() {
        let prev = if i > 0 { word(i - 1) } else { "" };
        let is_quote = t == "\"";
        let closing = is_quote && quote_open;
        let tight = i == 0
            || matches!(t, "," | "." | ";" | ":" | "!" | "?" | ")" | "]" | "%" | "''" | "”" | "’" | "n't")
            || (t.starts_with('\'')
                && t.len() > 1
                && t.len() <= 3
                && t[1..].chars().all(char::is_alphabetic))
            || matches!(prev, "(" | "[" | "$" | "``" | "“" | "‘")
            || (prev == "\"" && quote_open)
            || closing
            || (t == "-" && alnum_end(prev) && alnum_start(word(i + 1)))
            || (prev == "-" && i >= 2 && alnum_end(word(i - 2)) && alnum_start(t))
            || (letter(t) && prev == "." && i >= 2 && letter(word(i - 2)));
        if is_quote {
            quote_open = !quote_open;
        }
        if !tight {
            text.push(' ');
        }
        // Treebank quotes as the marks a page shows.
        let written = match t {
            "``" => "“",
            "''" => "”",
            t => t,
        };
        bounds.push((text.len(), text.len() + written.len()));
        text.push_str(written);
    }
    (text, bounds)
}

/// The tokens a byte range of the detokenized text touches: (first, end).
/// A token of punctuation alone at either edge is left out: "Jr." ends a sentence, and the
/// data set's "Jr" and "." are two tokens.
fn covered(tokens: &[String], bounds: &[(usize, usize)], start: usize, end: usize) -> Option<(usize, usize)> {
    let touches = |&(s, e): &(usize, usize)| s < end && start < e;
    let mut first = bounds.iter().position(touches)?;
    let mut last = bounds.iter().rposition(touches)?;
    let bare = |i: usize| !tokens[i].chars().any(char::is_alphanumeric);
    while first < last && bare(last) {
        last -= 1;
    }
    while first < last && bare(first) {
        first += 1;
    }
    (start < end).then_some((first, last + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn tokens_read_back_as_prose() {
        let (text, bounds) = detokenize(&toks("the U . S . firm T - Mobile 's \" new \" phone , ( sic ) ."));
        assert_eq!(text, "the U.S. firm T-Mobile's \"new\" phone, (sic).");
        assert_eq!(detokenize(&toks("a `` Big Sky '' film")).0, "a “Big Sky” film");
        assert_eq!(&text[bounds[5].0..bounds[5].1], "firm");
        // "Mobile's": the name alone maps to its token, not the clitic's.
        let at = text.find("Mobile").unwrap();
        let tokens = toks("the U . S . firm T - Mobile 's \" new \" phone , ( sic ) .");
        assert_eq!(covered(&tokens, &bounds, at, at + 6), Some((8, 9)));
        assert_eq!(covered(&tokens, &bounds, 0, 0), None);
        // "sic)." taken whole: the brackets and the stop are left out.
        let sic = text.find("(sic").unwrap();
        assert_eq!(covered(&tokens, &bounds, sic, text.len()), Some((16, 17)));
        // Spaced words keep their spaces.
        assert_eq!(detokenize(&toks("He met Bo")).0, "He met Bo");
    }
}
