//! The brief stage: one story's articles, analyses and reconciliation become a [`Brief`] — a
//! cited summary, timeline, quotes, entities, agreements, conflicts, single-source details and
//! coverage — and the renderers that print it ([`render`] for text and Markdown, [`html`] for the
//! standalone page). Every text in a brief is a sentence
//! taken from a source, cited to every outlet that states it.

mod build;
pub mod html;
pub mod render;
pub mod roundup;
mod when;

pub use build::{build, build_with, central_headline, StoryInput, SummaryConfig};
