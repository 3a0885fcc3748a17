//! The data model of storyweave: plain serde types that each pipeline stage takes and returns.
//!
//! Data flows one way (DESIGN §2):
//! [`Document`] -> extract -> [`Article`] -> dedup -> [`DedupReport`] -> cluster -> [`Story`]
//! -> analyze -> [`Analysis`] -> reconcile -> [`Reconciled`] -> brief -> [`Brief`].
//!
//! Nothing here does I/O or holds behaviour beyond small helpers; stages live in their own crates.

mod analysis;
mod article;
mod brief;
mod document;
mod story;

pub use analysis::*;
pub use article::*;
pub use brief::*;
pub use document::*;
pub use story::*;

/// Dates are kept as naive date-times, read as UTC where the source gives an offset.
pub type Timestamp = chrono::NaiveDateTime;
