//! The crate's one error type. Every message names the file (and line, where there is one) and
//! says what is wrong with it, so the CLI can print it as is.

use std::io;
use std::path::{Path, PathBuf};

/// Something a data set or an output file could not be read for.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: invalid JSON: {source}", path.display())]
    Json { path: PathBuf, source: serde_json::Error },
    #[error("{}:{line}: invalid JSON: {source}", path.display())]
    JsonLine { path: PathBuf, line: usize, source: serde_json::Error },
    /// The file parses but does not have the data set's shape.
    #[error("{}: {reason}", path.display())]
    Format { path: PathBuf, reason: String },
    /// A line of a line-based file (JSONL, CSV) does not have the data set's shape.
    #[error("{}:{line}: {reason}", path.display())]
    Record { path: PathBuf, line: usize, reason: String },
    #[error("{}: cannot unpack: {reason}", path.display())]
    Archive { path: PathBuf, reason: String },
}

pub type Result<T, E = EvalError> = std::result::Result<T, E>;

impl EvalError {
    pub(crate) fn io(path: &Path, source: io::Error) -> Self {
        EvalError::Io { path: path.to_path_buf(), source }
    }

    pub(crate) fn format(path: &Path, reason: impl Into<String>) -> Self {
        EvalError::Format { path: path.to_path_buf(), reason: reason.into() }
    }

    pub(crate) fn record(path: &Path, line: usize, reason: impl Into<String>) -> Self {
        EvalError::Record { path: path.to_path_buf(), line, reason: reason.into() }
    }

    pub(crate) fn archive(path: &Path, reason: impl ToString) -> Self {
        EvalError::Archive { path: path.to_path_buf(), reason: reason.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_line() {
        let e = EvalError::record(Path::new("docs.jsonl"), 7, "no `label` field");
        assert_eq!(e.to_string(), "docs.jsonl:7: no `label` field");
        let e = EvalError::format(Path::new("gt.json"), "top level is not an object");
        assert_eq!(e.to_string(), "gt.json: top level is not an object");
    }
}
