//! What the cluster stage sees of an article: its weighted terms (title and body words, proper
//! nouns and named entities weighted up), its date and what a story needs to show it. Computing
//! them is pure and per article, so callers may do it in parallel before the sequential
//! assignment; the document frequencies that turn terms into TF-IDF vectors are kept here too.

use std::collections::VecDeque;

use storyweave_model::{Article, DocId, Sentence, Timestamp};
use storyweave_text::{fold_into, is_stopword, word_tokens};

use crate::vectors::{IdMap, SparseVec, Term};
use crate::ClusterConfig;

/// An article as the cluster stage sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    pub doc_id: DocId,
    pub published: Option<Timestamp>,
    pub outlet: String,
    /// The headline, or the first sentence when there is none (for the story's title).
    pub headline: String,
    pub has_title: bool,
    /// (term, weighted frequency), sorted by term.
    pub terms: Vec<(Term, f32)>,
}

/// FNV-1a: stable across runs and platforms. Entity names get a different seed from words so
/// that "Paris" the entity and "paris" the word are separate features.
fn hash(bytes: &[u8], seed: u64) -> Term {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // The top bit tells a named entity from a word (see `is_entity`).
    if seed == ENTITY_SEED {
        h | ENTITY_BIT
    } else {
        h & !ENTITY_BIT
    }
}

const ENTITY_BIT: u64 = 1 << 63;

/// Whether a term is a named entity's (not a word's).
pub(crate) fn is_entity(t: Term) -> bool {
    t & ENTITY_BIT != 0
}

const ENTITY_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

impl Features {
    /// The features of `article` under `config`.
    pub fn of(article: &Article, config: &ClusterConfig) -> Features {
        let mut tf: IdMap<Term, f32> = IdMap::default();
        let mut buf = String::new();
        if let Some(t) = &article.title {
            push_words(t, config.title_weight, config.proper_weight, &mut tf, &mut buf);
        }
        for p in &article.paragraphs {
            push_words(p, 1.0, config.proper_weight, &mut tf, &mut buf);
        }
        if config.entity_weight > 0.0 {
            push_entities(article, config.entity_weight, &mut tf, &mut buf);
        }
        let mut terms: Vec<(Term, f32)> = tf.into_iter().collect();
        terms.sort_unstable_by_key(|e| e.0);
        let headline = article.title.clone().unwrap_or_else(|| lead(article));
        Features {
            doc_id: article.doc_id.clone(),
            published: article.published,
            outlet: article.outlet.clone(),
            headline,
            has_title: article.title.is_some(),
            terms,
        }
    }
}

/// Content words of `text` into `tf`; a capitalised word inside a sentence (a name) weighs
/// `proper` times more.
fn push_words(text: &str, weight: f32, proper: f32, tf: &mut IdMap<Term, f32>, buf: &mut String) {
    let mut sentence_start = true;
    for (pos, w) in word_tokens(text) {
        let is_proper = !sentence_start && w.chars().next().is_some_and(char::is_uppercase);
        // The next word opens a sentence when this one is followed by terminal punctuation.
        sentence_start = text[pos + w.len()..].trim_start().starts_with(['.', '!', '?']);
        fold_into(w, buf);
        if buf.len() < 2 || is_stopword(buf) || buf.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        *tf.entry(hash(buf.as_bytes(), 0)).or_default() += if is_proper { weight * proper } else { weight };
    }
}

/// Named entities (people, organisations, places) as whole-name features: "Port Tarrin" the
/// place is one feature, more telling than "port" and "tarrin" apart.
fn push_entities(article: &Article, weight: f32, tf: &mut IdMap<Term, f32>, buf: &mut String) {
    let mut sentences: Vec<Sentence> = Vec::new();
    if let Some(t) = &article.title {
        sentences.push(Sentence { text: t.clone(), paragraph: 0 });
    }
    for (p, para) in article.paragraphs.iter().enumerate() {
        for s in storyweave_text::split_sentences(para) {
            sentences.push(Sentence { text: s.to_string(), paragraph: p });
        }
    }
    for e in storyweave_analyze::find_entities(&sentences) {
        let mut key = String::new();
        for w in storyweave_text::words(&e.name) {
            fold_into(w, buf);
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(buf);
        }
        if key.is_empty() {
            continue;
        }
        let mentions = e.mentions.len().max(1) as f32;
        *tf.entry(hash(key.as_bytes(), ENTITY_SEED)).or_default() += weight * mentions;
    }
}

/// The first sentence of an article, cut to a headline's length.
fn lead(a: &Article) -> String {
    let first = a.paragraphs.first().map(String::as_str).unwrap_or("");
    let sentence = storyweave_text::split_sentences(first).into_iter().next().unwrap_or(first);
    if sentence.chars().count() <= 120 {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(117).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

/// Document frequencies over the articles seen (in a stream, those of the last
/// [`ClusterConfig::idf_days`] days, so memory follows the time window, not the corpus).
#[derive(Debug, Clone, Default)]
pub struct DocFreq {
    df: IdMap<Term, u32>,
    docs: u32,
    /// Dated articles still counted, oldest first, with their terms, to be forgotten in turn.
    recent: VecDeque<(Timestamp, Vec<Term>)>,
}

impl DocFreq {
    /// Count one article's terms.
    pub fn add(&mut self, f: &Features) {
        self.docs += 1;
        for &(t, _) in &f.terms {
            *self.df.entry(t).or_insert(0) += 1;
        }
        if let Some(d) = f.published {
            self.recent.push_back((d, f.terms.iter().map(|e| e.0).collect()));
        }
    }

    /// Forget dated articles older than `cutoff`. Undated ones are counted for good.
    pub fn forget_before(&mut self, cutoff: Timestamp) {
        while self.recent.front().is_some_and(|(d, _)| *d < cutoff) {
            let Some((_, terms)) = self.recent.pop_front() else { break };
            self.docs = self.docs.saturating_sub(1);
            for t in terms {
                if let Some(c) = self.df.get_mut(&t) {
                    *c = c.saturating_sub(1);
                    if *c == 0 {
                        self.df.remove(&t);
                    }
                }
            }
        }
    }

    /// Inverse document frequency, smoothed: `ln((n+1)/(df+1)) + offset` (scikit-learn's with
    /// offset 1; see [`ClusterConfig::idf_offset`]).
    pub fn idf(&self, t: Term, offset: f32) -> f32 {
        let df = self.df.get(&t).copied().unwrap_or(0) as f32;
        ((self.docs as f32 + 1.0) / (df + 1.0)).ln() + offset.max(0.0)
    }

    /// The TF-IDF vector of `f` (sublinear term frequency), unit length.
    pub fn vector(&self, f: &Features, idf_offset: f32) -> SparseVec {
        SparseVec::unit(
            f.terms.iter().map(|&(t, w)| (t, (1.0 + w.ln().max(0.0)) * self.idf(t, idf_offset))).collect(),
        )
    }

    /// Distinct terms counted.
    pub fn terms(&self) -> usize {
        self.df.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn article(title: &str, body: &str, day: u32) -> Article {
        Article {
            title: Some(title.into()),
            published: NaiveDate::from_ymd_opt(2026, 3, day).and_then(|d| d.and_hms_opt(9, 0, 0)),
            ..Article::from_paragraphs(format!("doc{day}"), vec![body.into()])
        }
    }

    #[test]
    fn names_and_titles_weigh_more() {
        let config = ClusterConfig { entity_weight: 0.0, ..ClusterConfig::default() };
        let f =
            Features::of(&article("Flood", "The river rose in Millbridge and the flood spread.", 2), &config);
        let weight = |w: &str| f.terms.iter().find(|e| e.0 == hash(w.as_bytes(), 0)).map(|e| e.1);
        assert_eq!(weight("river"), Some(1.0));
        assert_eq!(weight("millbridge"), Some(config.proper_weight));
        assert_eq!(weight("flood"), Some(config.title_weight + 1.0));
        assert_eq!(weight("the"), None);
        assert_eq!(f.headline, "Flood");
    }

    #[test]
    fn entities_are_features_of_their_own() {
        let config = ClusterConfig::default();
        let f = Features::of(
            &article("Talks resume", "Mayor Olu Brandt met union leaders in Port Tarrin on Monday.", 2),
            &config,
        );
        assert!(f.terms.iter().any(|e| e.0 == hash(b"olu brandt", ENTITY_SEED)), "{f:?}");
        assert!(is_entity(hash(b"olu brandt", ENTITY_SEED)) && !is_entity(hash(b"talks", 0)));
    }

    #[test]
    fn document_frequencies_forget_old_articles() {
        let config = ClusterConfig::default();
        let a = Features::of(&article("Flood", "River flood.", 2), &config);
        let b = Features::of(&article("Strike", "River strike.", 9), &config);
        let mut df = DocFreq::default();
        df.add(&a);
        df.add(&b);
        let river = hash(b"river", 0);
        assert!(df.idf(river, 1.0) < df.idf(hash(b"strike", 0), 1.0));
        // A word in every article weighs the offset alone.
        assert!((df.idf(river, 0.5) - 0.5).abs() < 1e-6);
        df.forget_before(NaiveDate::from_ymd_opt(2026, 3, 5).unwrap().and_hms_opt(0, 0, 0).unwrap());
        assert_eq!(df.docs, 1);
        assert!(!df.df.contains_key(&hash(b"flood", 0)));
        let v = df.vector(&b, config.idf_offset);
        assert!((v.0.iter().map(|e| e.1 * e.1).sum::<f32>() - 1.0).abs() < 1e-5);
    }
}
