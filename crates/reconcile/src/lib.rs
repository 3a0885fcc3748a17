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
pub use storyweave_text::{content_words, jaccard};

/// Reconcile one story: its articles' analyses, in story order, and the copy links.
pub fn reconcile(analyses: &[&Analysis], dedup: &DedupReport) -> Reconciled {
    let (entities, assigned) = entities::resolve_assigned(analyses);
    let statements = statements::align_with(analyses, dedup, &assigned);
    let conflicts = conflicts::find(analyses, &statements, dedup);
    let statements = conflicts::split_disputed(analyses, statements, dedup);
    Reconciled { entities, conflicts, statements }
}
