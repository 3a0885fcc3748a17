//! Story clustering evaluation: documents with gold story labels, read from JSONL (DESIGN §5) or
//! the UCI News Aggregator CSV, and the metrics that compare a predicted clustering with the gold
//! one (pairwise and B-cubed precision/recall/F1, adjusted Rand index).

mod metrics;
mod read;
pub mod synthetic;

use serde::Serialize;
use storyweave_model::Timestamp;

pub use metrics::{score, ClusterScore, Prf};
pub use read::{read, read_jsonl, read_uci_csv};

/// A document with its gold cluster label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LabelledDoc {
    pub id: String,
    /// Empty when the set has none (ECB+).
    pub title: String,
    /// The body; sentence lists are joined with spaces. Empty for headline-only sets (UCI).
    pub text: String,
    pub date: Option<Timestamp>,
    /// The outlet.
    pub source: Option<String>,
    pub url: Option<String>,
    /// The gold label, as a string whatever its JSON type (ECB+ topics are integers).
    pub label: String,
}
