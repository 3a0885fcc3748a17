//! The reconcile stage: one story's articles read together.
//!
//! - [`entities`]: one entity per real-world referent across articles, variant spellings and
//!   transliterations merged ("Zelensky"/"Zelenskyy", "Kyiv"/"Kiev"), people who merely share a
//!   surname kept apart.
//! - [`statements`]: sentences of different articles that state the same fact, grouped, each
//!   group with the number of independent newsrooms behind it (reprints count once).
//! - [`conflicts`]: figures about the same thing that cannot both be true, hedges respected.

pub mod conflicts;
pub mod entities;
pub mod statements;

use storyweave_model::{Analysis, DedupReport, Reconciled};

/// Reconcile one story: its articles' analyses, in story order, and the copy links.
pub fn reconcile(analyses: &[&Analysis], dedup: &DedupReport) -> Reconciled {
    let statements = statements::align(analyses, dedup);
    Reconciled {
        entities: entities::resolve(analyses),
        conflicts: conflicts::find(analyses, &statements, dedup),
        statements,
    }
}

/// Content words of a text: folded, no stop words, no numbers, at least three letters.
pub fn content_words(text: &str) -> std::collections::HashSet<String> {
    storyweave_text::words(text)
        .map(storyweave_text::fold)
        .filter(|w| {
            w.chars().count() >= 3
                && !storyweave_text::is_stopword(w)
                && !w.chars().any(|c| c.is_ascii_digit())
        })
        .collect()
}

/// Jaccard similarity of two word sets.
pub fn jaccard(a: &std::collections::HashSet<String>, b: &std::collections::HashSet<String>) -> f32 {
    let inter = a.intersection(b).count() as f32;
    let union = (a.len() + b.len()) as f32 - inter;
    if union == 0.0 {
        0.0
    } else {
        inter / union
    }
}
