//! Statement alignment: sentences of different articles that state the same fact.
//!
//! Version 1 is lexical: two sentences align when their content words overlap enough (word sets,
//! so clause order does not matter). Each group counts its independent newsrooms: articles that
//! are copies of one wire story count as one.

use std::collections::HashSet;

use storyweave_model::{Analysis, DedupReport, SentenceRef, Statement};

use crate::{content_words, jaccard};

/// Content-word Jaccard at or above which two sentences state the same fact.
pub const SAME_FACT: f32 = 0.4;

/// Sentences with fewer content words than this are too thin to align.
const MIN_WORDS: usize = 4;

/// Group the sentences of a story's analyses into statements.
pub fn align(analyses: &[&Analysis], dedup: &DedupReport) -> Vec<Statement> {
    struct Group {
        words: HashSet<String>,
        members: Vec<SentenceRef>,
        docs: HashSet<String>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for a in analyses {
        for (i, s) in a.sentences.iter().enumerate() {
            let words = content_words(&s.text);
            let r = SentenceRef { doc: a.doc_id.clone(), sentence: i };
            let best = if words.len() < MIN_WORDS {
                None
            } else {
                groups
                    .iter()
                    .enumerate()
                    .filter(|(_, g)| !g.docs.contains(&a.doc_id) && g.words.len() >= MIN_WORDS)
                    .map(|(gi, g)| (gi, jaccard(&g.words, &words)))
                    .filter(|&(_, s)| s >= SAME_FACT)
                    .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)))
            };
            match best {
                Some((gi, _)) => {
                    groups[gi].members.push(r);
                    groups[gi].docs.insert(a.doc_id.clone());
                }
                None => {
                    groups.push(Group { words, members: vec![r], docs: HashSet::from([a.doc_id.clone()]) })
                }
            }
        }
    }
    groups
        .into_iter()
        .map(|g| {
            let newsrooms: HashSet<&str> = g.members.iter().map(|m| dedup.canonical(&m.doc)).collect();
            Statement { newsrooms: newsrooms.len(), sentences: g.members }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyweave_model::{CopyKind, CopyLink, Sentence};

    fn analysis(doc: &str, sentences: &[&str]) -> Analysis {
        Analysis {
            doc_id: doc.into(),
            sentences: sentences.iter().map(|s| Sentence { text: s.to_string(), paragraph: 0 }).collect(),
            entities: vec![],
            times: vec![],
            quotes: vec![],
            figures: vec![],
        }
    }

    #[test]
    fn aligns_paraphrases_and_counts_reprints_once() {
        let a = analysis(
            "a",
            &["The mayor of Velmora opened the new bridge over the river on Monday.", "Traffic was heavy."],
        );
        let b =
            analysis("b", &["On Monday the new river bridge was opened by Velmora's mayor, officials said."]);
        let c =
            analysis("c", &["The mayor of Velmora opened the new bridge over the river on Monday morning."]);
        let dedup = DedupReport {
            links: vec![CopyLink {
                copy: "c".into(),
                original: "a".into(),
                kind: CopyKind::Syndicated,
                jaccard: 0.5,
                containment: 0.9,
                edits: Default::default(),
            }],
        };
        let st = align(&[&a, &b, &c], &dedup);
        let bridge = st.iter().find(|s| s.sentences.len() > 1).unwrap();
        assert_eq!(bridge.sentences.len(), 3);
        assert_eq!(bridge.newsrooms, 2);
    }
}
