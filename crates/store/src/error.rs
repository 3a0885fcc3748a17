//! The crate's one error type.

use std::path::PathBuf;

/// Everything that can go wrong opening, reading or writing a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not a storyweave store: not SQLite at all, or another program's database.
    #[error("{}: not a storyweave store ({reason})", path.display())]
    NotAStore { path: PathBuf, reason: String },

    /// The store was written by a newer storyweave; opening it could damage it.
    #[error(
        "{}: store schema version {found} is newer than this storyweave ({supported}); upgrade storyweave",
        path.display()
    )]
    TooNew { path: PathBuf, found: u32, supported: u32 },

    /// The file could not be opened or prepared as a store (permissions, a directory, a corrupt file).
    #[error("{}: cannot open store: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// A story id prefix matched several stories.
    #[error("story id {prefix:?} is ambiguous, it matches {}", list(candidates))]
    AmbiguousStory { prefix: String, candidates: Vec<String> },

    /// A record refers to a document or story the store does not hold.
    #[error("{what} refers to {target} {id}, which is not in the store")]
    Dangling { what: String, target: &'static str, id: String },

    /// The same record was given twice where it must be unique.
    #[error("duplicate {0}")]
    Duplicate(String),

    /// A record that cannot be stored as given.
    #[error("invalid {0}")]
    Invalid(String),

    /// A record's JSON could not be written or read back.
    #[error("{what}: {source}")]
    Json {
        what: String,
        #[source]
        source: serde_json::Error,
    },

    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// At most a handful of candidates, so the message stays one readable line.
fn list(candidates: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut out = candidates.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if candidates.len() > SHOWN {
        out.push_str(&format!(" and {} more", candidates.len() - SHOWN));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ambiguity_lists_a_few_candidates() {
        let candidates: Vec<String> = (0..10).map(|i| format!("s{i}")).collect();
        let err = StoreError::AmbiguousStory { prefix: "s".into(), candidates };
        assert_eq!(
            err.to_string(),
            "story id \"s\" is ambiguous, it matches s0, s1, s2, s3, s4, s5, s6, s7 and 2 more"
        );
    }

    #[test]
    fn too_new_names_both_versions() {
        let err = StoreError::TooNew { path: "x.db".into(), found: 7, supported: 2 };
        assert_eq!(
            err.to_string(),
            "x.db: store schema version 7 is newer than this storyweave (2); upgrade storyweave"
        );
    }
}
