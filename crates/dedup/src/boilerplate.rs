//! Blocks one outlet prints on many of its pages: a standing correction line, a "this story has
//! been updated" note, a newsletter plug or a credit line that the extract stage, seeing one
//! page at a time, took for body text. A short paragraph found, word for word, on
//! [`MIN_PAGES`] or more pages of one outlet is its boilerplate. Pages that are copies of one
//! story count once, so an outlet reprinting one wire story three times does not turn the
//! story's paragraphs into boilerplate.

use std::collections::{HashMap, HashSet};

use storyweave_model::{Article, DedupReport, RemovalReason, Removed};

use crate::sketch::mix;
use crate::word_hashes;

/// Distinct stories of one outlet a paragraph must appear in to be its boilerplate.
pub const MIN_PAGES: usize = 3;
/// Paragraphs longer than this are reporting, not boilerplate, however often they recur.
pub const MAX_WORDS: usize = 60;

/// The boilerplate paragraphs of each outlet, by the hash of their folded words.
#[derive(Debug, Clone, Default)]
pub struct OutletBoilerplate {
    by_outlet: HashMap<String, HashSet<u64>>,
}

/// The hash of a paragraph's folded word sequence, and its word count.
fn paragraph_key(paragraph: &str) -> (u64, usize) {
    let mut hashes = Vec::new();
    word_hashes(paragraph, &mut String::new(), &mut hashes);
    (hashes.iter().fold(0u64, |h, &w| mix(h ^ w)), hashes.len())
}

impl OutletBoilerplate {
    /// Find each outlet's boilerplate among `articles`, copies (per `copies`) counting once.
    pub fn find(articles: &[Article], copies: &DedupReport) -> OutletBoilerplate {
        // (outlet, paragraph) -> the stories (canonical ids) it appears in.
        let mut seen: HashMap<(&str, u64), HashSet<&str>> = HashMap::new();
        let original: HashMap<&str, &str> =
            copies.links.iter().map(|l| (l.copy.as_str(), l.original.as_str())).collect();
        for a in articles {
            let story = original.get(a.doc_id.as_str()).copied().unwrap_or(a.doc_id.as_str());
            for p in &a.paragraphs {
                let (key, words) = paragraph_key(p);
                if (1..=MAX_WORDS).contains(&words) {
                    seen.entry((a.outlet.as_str(), key)).or_default().insert(story);
                }
            }
        }
        let mut by_outlet: HashMap<String, HashSet<u64>> = HashMap::new();
        for ((outlet, key), stories) in seen {
            if stories.len() >= MIN_PAGES {
                by_outlet.entry(outlet.to_string()).or_default().insert(key);
            }
        }
        OutletBoilerplate { by_outlet }
    }

    /// Whether any boilerplate was found.
    pub fn is_empty(&self) -> bool {
        self.by_outlet.is_empty()
    }

    /// `article` without its outlet's boilerplate paragraphs, which move to `removed`. An
    /// article made only of boilerplate keeps its paragraphs: there would be nothing left.
    pub fn strip(&self, article: &Article) -> Article {
        let Some(blocks) = self.by_outlet.get(&article.outlet) else { return article.clone() };
        let (gone, kept): (Vec<&String>, Vec<&String>) =
            article.paragraphs.iter().partition(|p| blocks.contains(&paragraph_key(p).0));
        if gone.is_empty() || kept.is_empty() {
            return article.clone();
        }
        let mut out = article.clone();
        out.paragraphs = kept.into_iter().cloned().collect();
        out.removed.extend(gone.into_iter().map(|p| Removed {
            text: p.clone(),
            reason: RemovalReason::Boilerplate,
            line: None,
        }));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyweave_model::{CopyKind, CopyLink};

    fn article(id: &str, outlet: &str, paragraphs: &[&str]) -> Article {
        Article {
            doc_id: id.into(),
            title: None,
            paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            published: None,
            authors: vec![],
            outlet: outlet.into(),
            url: None,
            language: None,
            removed: vec![],
        }
    }

    const PLUG: &str = "Sign up for the Harbour Morning newsletter to get these stories first.";

    #[test]
    fn a_line_on_three_pages_of_one_outlet_is_stripped() {
        let articles = vec![
            article("a", "Harbour Post", &["The ferry strike ended on Monday after a week.", PLUG]),
            article("b", "Harbour Post", &["Council voted to close the old bridge for repairs.", PLUG]),
            article("c", "Harbour Post", &["A storm cut power to two thousand homes overnight.", PLUG]),
            article("d", "Other Daily", &["The same plug on another outlet is its own text.", PLUG]),
        ];
        let found = OutletBoilerplate::find(&articles, &DedupReport::default());
        let a = found.strip(&articles[0]);
        assert_eq!(a.paragraphs, vec!["The ferry strike ended on Monday after a week."]);
        assert_eq!(a.removed.len(), 1);
        assert_eq!(a.removed[0].reason, RemovalReason::Boilerplate);
        // Another outlet's pages are not that outlet's.
        assert_eq!(found.strip(&articles[3]), articles[3]);
    }

    #[test]
    fn copies_of_one_story_count_once() {
        let body = &["The ferry strike ended on Monday after a week of talks.", "Unions welcomed the deal."];
        let articles =
            vec![article("a", "Wire", body), article("b", "Wire", body), article("c", "Wire", body)];
        let link = |copy: &str| CopyLink {
            copy: copy.into(),
            original: "a".into(),
            kind: CopyKind::Exact,
            jaccard: 1.0,
            containment: 1.0,
            edits: Default::default(),
        };
        let copies = DedupReport { links: vec![link("b"), link("c")] };
        assert!(OutletBoilerplate::find(&articles, &copies).is_empty());
        // Without the links the three would be three stories, and the lines boilerplate; even
        // then, an article made of nothing else keeps its text.
        let found = OutletBoilerplate::find(&articles, &DedupReport::default());
        assert!(!found.is_empty());
        assert_eq!(found.strip(&articles[0]), articles[0]);
    }

    #[test]
    fn long_paragraphs_are_never_boilerplate() {
        let long = "word ".repeat(MAX_WORDS + 1);
        let articles: Vec<Article> =
            (0..4).map(|i| article(&i.to_string(), "Post", &[&long, &format!("Story {i}.")])).collect();
        assert!(OutletBoilerplate::find(&articles, &DedupReport::default()).is_empty());
    }
}
