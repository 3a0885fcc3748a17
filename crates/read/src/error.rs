//! The crate's one error type. Every rejected input is named by its file (and record, inside a
//! container) and carries a one-line reason, so the CLI can print it as is.

use std::fmt;
use std::io;

/// Which part of a file an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// 1-based line of a JSONL file, shown as `path:N`.
    Line(u64),
    /// 1-based record of a JSON array or a WARC file, shown as `path#N`.
    Record(u64),
}

/// Where an error happened: a path as given (or joined while walking a directory), and where in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The path as given; `-` is stdin.
    pub path: String,
    pub position: Option<Position>,
}

impl Location {
    /// The whole file.
    pub fn file(path: &str) -> Self {
        Location { path: path.to_string(), position: None }
    }

    /// One line of a JSONL file.
    pub fn line(path: &str, line: u64) -> Self {
        Location { path: path.to_string(), position: Some(Position::Line(line)) }
    }

    /// One record of a JSON array or a WARC file.
    pub fn record(path: &str, record: u64) -> Self {
        Location { path: path.to_string(), position: Some(Position::Record(record)) }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path == "-" {
            f.write_str("<stdin>")?;
        } else {
            // File names may hold newlines; the message must stay on one line.
            for c in self.path.chars() {
                if c.is_control() {
                    write!(f, "{}", c.escape_default())?;
                } else {
                    write!(f, "{c}")?;
                }
            }
        }
        match self.position {
            Some(Position::Line(n)) => write!(f, ":{n}"),
            Some(Position::Record(n)) => write!(f, "#{n}"),
            None => Ok(()),
        }
    }
}

/// Why an input (a file, or one record of a container) was rejected.
///
/// `Display` is one line: `<path>[:<line>|#<record>]: <reason>`.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The path could not be opened or read.
    #[error("{at}: {source}")]
    Io {
        at: Location,
        #[source]
        source: io::Error,
    },
    /// A file or record over [`crate::ReadOptions::max_bytes`]; `size` is unknown for streams.
    #[error("{at}: {what} too large ({})", size_note(.size, .limit))]
    TooLarge { at: Location, what: &'static str, size: Option<u64>, limit: u64 },
    /// Not text: NUL bytes, many control characters, or an image/archive/document magic number.
    #[error("{at}: binary file (not text, HTML, JSON or WARC)")]
    Binary { at: Location },
    /// Nothing but whitespace.
    #[error("{at}: empty file")]
    Empty { at: Location },
    /// Bytes that are not UTF-8; `offset` counts from the start of the file or record payload.
    #[error("{at}: invalid UTF-8 at byte {offset}{}", declared_note(.declared))]
    InvalidUtf8 { at: Location, offset: u64, declared: Option<String> },
    /// Text in an encoding this reader does not decode (UTF-16).
    #[error("{at}: {reason}")]
    Encoding { at: Location, reason: String },
    /// JSON that does not parse.
    #[error("{at}: malformed JSON: {message}")]
    Json { at: Location, message: String },
    /// A JSON record that parses but is not a usable record (no body, a bad date, a wrong type).
    #[error("{at}: {reason}")]
    Record { at: Location, reason: String },
    /// A WARC file or record that does not follow the format, or ends early.
    #[error("{at}: {reason}")]
    Warc { at: Location, reason: String },
    /// A gzip stream that ends early or is corrupt.
    #[error("{at}: {reason}")]
    Gzip { at: Location, reason: String },
}

impl ReadError {
    /// Where the error happened.
    pub fn location(&self) -> &Location {
        match self {
            ReadError::Io { at, .. }
            | ReadError::TooLarge { at, .. }
            | ReadError::Binary { at }
            | ReadError::Empty { at }
            | ReadError::InvalidUtf8 { at, .. }
            | ReadError::Encoding { at, .. }
            | ReadError::Json { at, .. }
            | ReadError::Record { at, .. }
            | ReadError::Warc { at, .. }
            | ReadError::Gzip { at, .. } => at,
        }
    }

    pub(crate) fn record(at: Location, reason: impl AsRef<str>) -> Self {
        ReadError::Record { at, reason: one_line(reason.as_ref()) }
    }

    pub(crate) fn warc(at: Location, reason: impl AsRef<str>) -> Self {
        ReadError::Warc { at, reason: one_line(reason.as_ref()) }
    }

    pub(crate) fn json(at: Location, message: impl AsRef<str>) -> Self {
        ReadError::Json { at, message: one_line(message.as_ref()) }
    }

    pub(crate) fn too_large(at: Location, what: &'static str, size: Option<u64>, limit: u64) -> Self {
        ReadError::TooLarge { at, what, size, limit }
    }

    /// An error from reading a stream; gzip decoders report truncation and corruption as I/O errors.
    pub(crate) fn stream(at: Location, err: io::Error, gzip: bool) -> Self {
        if gzip {
            match err.kind() {
                io::ErrorKind::UnexpectedEof => {
                    return ReadError::Gzip { at, reason: "truncated gzip stream".into() }
                }
                io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => {
                    return ReadError::Gzip { at, reason: one_line(&format!("corrupt gzip stream: {err}")) }
                }
                _ => {}
            }
        }
        ReadError::Io { at, source: err }
    }
}

/// Replace control characters so a message from a parser or a field value stays on one line.
pub(crate) fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// A value quoted for a message, cut to a readable length.
pub(crate) fn quoted(s: &str) -> String {
    const MAX: usize = 60;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{:?}...", &s[..i]),
        None => format!("{s:?}"),
    }
}

/// Sizes for people: "80.0 MiB", "12.5 KiB", "900 bytes".
pub(crate) fn human_size(n: u64) -> String {
    const KIB: f64 = 1024.0;
    let f = n as f64;
    if f >= KIB * KIB {
        format!("{:.1} MiB", f / (KIB * KIB))
    } else if f >= KIB {
        format!("{:.1} KiB", f / KIB)
    } else {
        format!("{n} bytes")
    }
}

fn size_note(size: &Option<u64>, limit: &u64) -> String {
    match size {
        Some(s) => format!("{}, limit {}", human_size(*s), human_size(*limit)),
        None => format!("over the {} limit", human_size(*limit)),
    }
}

fn declared_note(declared: &Option<String>) -> String {
    match declared {
        Some(cs) => format!(" (declares charset {}; only UTF-8 is read)", one_line(cs)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_path_position_and_reason() {
        let e = ReadError::json(Location::line("feed.jsonl", 3), "expected `,` or `}` at column 14");
        assert_eq!(e.to_string(), "feed.jsonl:3: malformed JSON: expected `,` or `}` at column 14");
        let e = ReadError::Binary { at: Location::file("photo.jpg") };
        assert_eq!(e.to_string(), "photo.jpg: binary file (not text, HTML, JSON or WARC)");
        let e = ReadError::too_large(Location::file("big.html"), "file", Some(80 << 20), 64 << 20);
        assert_eq!(e.to_string(), "big.html: file too large (80.0 MiB, limit 64.0 MiB)");
        let e = ReadError::Gzip {
            at: Location::record("crawl.warc.gz", 7),
            reason: "truncated gzip stream".into(),
        };
        assert_eq!(e.to_string(), "crawl.warc.gz#7: truncated gzip stream");
        let e = ReadError::InvalidUtf8 { at: Location::file("notes.txt"), offset: 1234, declared: None };
        assert_eq!(e.to_string(), "notes.txt: invalid UTF-8 at byte 1234");
    }

    #[test]
    fn display_stays_on_one_line() {
        let e = ReadError::record(Location::file("a\nb.json"), "bad\nvalue");
        assert!(!e.to_string().contains('\n'), "{e}");
        assert_eq!(Location::file("-").to_string(), "<stdin>");
        assert_eq!(quoted("a\"b\n"), "\"a\\\"b\\n\"");
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(human_size(900), "900 bytes");
        assert_eq!(human_size(1536), "1.5 KiB");
        assert_eq!(human_size(64 << 20), "64.0 MiB");
    }
}
