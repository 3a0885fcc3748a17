//! Evaluation for storyweave: readers for the labelled data sets in DESIGN §5 and the metrics they
//! are scored with, each written to reproduce a published scorer so that our figures compare with
//! the published ones.
//!
//! - [`aeb`]: the Article Extraction Benchmark (Scrapinghub/Zyte): shingle precision and recall.
//! - [`trafilatura_eval`]: trafilatura's evaluation set: must-contain / must-not-contain snippets.
//! - [`flatten`]: an HTML page as a scraper would save it as text, for extraction from text.
//! - [`clustering`]: labelled documents (JSONL, the UCI aggregator CSV) and clustering metrics.
//! - [`ner`]: CoNLL files and the conlleval span metric.
//! - [`timeml`]: TimeML documents and TempEval-3's TIMEX3 scoring.
//! - [`quotes`]: brat attribution annotations (PolNeAR) and quote/speaker/cue scoring.
//! - [`rouge`]: NeuS summaries and ROUGE as Google's rouge-score computes it.
//!
//! Readers take any copy of a data set in its published format; nothing here is tied to the copies
//! in `../shared/data`. Everything is a library: the `storyweave eval` command wires it up.

pub mod aeb;
pub mod clustering;
pub mod coref;
pub mod dedup;
mod error;
pub mod flatten;
mod io;
pub mod ner;
pub mod quotes;
pub mod rouge;
pub mod timeml;
pub mod trafilatura_eval;

pub use error::{EvalError, Result};
pub use io::{decoding_note, Decoding};
