//! Input readers for storyweave: turn files, directories and stdin into [`Document`]s, the first
//! stage of the pipeline (DESIGN §2).
//!
//! Plain text, HTML, JSON and JSONL records, and WARC / WARC.gz crawls are read; the kind comes from
//! the file name, or from the content when the name says nothing. Raw bytes are kept exactly as
//! read, so a document's id is stable across runs. Every rejected input (or record inside a
//! container) is reported through the same sink as the documents, with a one-line [`ReadError`]
//! naming the file and the reason, and reading goes on with the next input.
//!
//! Containers (WARC, JSONL, and anything gzipped) are streamed: only one record is in memory at a
//! time, and the size limit applies to each record rather than to the file.

mod error;
mod plain;
mod record;
mod sniff;
mod source;
mod walk;
mod warc;

use std::fs::{self, File, Metadata};
use std::io::{self, BufRead, BufReader, Cursor};
use std::path::{Path, PathBuf};

use storyweave_model::{ContentKind, Document, Hints};

pub use error::{Location, Position, ReadError};

use sniff::Kind;
use source::Limited;

/// The default size limit for a file, and for a record inside a container: 64 MiB.
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;

/// Buffer size for file and decompression readers.
const BUF: usize = 64 << 10;

/// How to read inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Largest file, or record payload inside a container, accepted.
    pub max_bytes: u64,
    /// Metadata from the command line (`--url`, `--outlet`, `--date`, `--title`); it wins over
    /// record fields and container headers.
    pub given: Hints,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_bytes: DEFAULT_MAX_BYTES, given: Hints::default() }
    }
}

/// One input named on the command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory.
    Path(PathBuf),
    Stdin,
}

impl Input {
    /// `-` is stdin; anything else is a path.
    pub fn from_arg(s: &str) -> Input {
        if s == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(s))
        }
    }
}

/// Where documents and rejections go.
pub(crate) type Sink<'a> = &'a mut dyn FnMut(Result<Document, ReadError>);

/// Read every input, calling `sink` once per document or per rejected input, in a deterministic
/// order: inputs as given, directory entries sorted by name, records in file order. Never panics;
/// keeps going after errors.
pub fn read_inputs(inputs: &[Input], opts: &ReadOptions, sink: &mut dyn FnMut(Result<Document, ReadError>)) {
    for input in inputs {
        match input {
            Input::Stdin => {
                let stdin = io::stdin();
                let mut lock = stdin.lock();
                read_stream("-", Kind::Sniff, &mut lock, None, false, opts, sink);
            }
            Input::Path(path) => read_path(path, opts, sink),
        }
    }
}

/// Read one buffer as if it were the file `path` (used for stdin and tests).
pub fn read_bytes(
    path: &str,
    bytes: Vec<u8>,
    opts: &ReadOptions,
    sink: &mut dyn FnMut(Result<Document, ReadError>),
) {
    let (kind, _) = sniff::kind_of(path);
    let len = bytes.len() as u64;
    let stream = bytes.starts_with(sniff::GZIP_MAGIC)
        || kind.is_container()
        || (kind == Kind::Sniff && bytes.starts_with(b"WARC/"));
    if stream {
        read_stream(path, kind, &mut Cursor::new(bytes), Some(len), false, opts, sink);
    } else if len > opts.max_bytes {
        sink(Err(ReadError::too_large(Location::file(path), "file", Some(len), opts.max_bytes)));
    } else {
        read_buffer(path, kind, bytes, opts, sink);
    }
}

fn read_path(path: &Path, opts: &ReadOptions, sink: Sink<'_>) {
    match fs::metadata(path) {
        Err(e) => sink(Err(ReadError::Io { at: Location::file(&display(path)), source: e })),
        Ok(meta) if meta.is_dir() => walk::walk(path, &mut |entry| match entry {
            walk::Entry::File(p, meta) => read_file(&p, &meta, opts, sink),
            walk::Entry::Error(p, e) => {
                sink(Err(ReadError::Io { at: Location::file(&display(&p)), source: e }))
            }
        }),
        Ok(meta) => read_file(path, &meta, opts, sink),
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn read_file(path: &Path, meta: &Metadata, opts: &ReadOptions, sink: Sink<'_>) {
    let name = display(path);
    let (kind, gz) = sniff::kind_of(&name);
    // FIFOs and devices have no meaningful length; they are read up to the limit instead.
    let size = meta.is_file().then_some(meta.len());
    let single = !gz && !kind.is_container() && kind != Kind::Sniff;
    if let Some(n) = size.filter(|&n| single && n > opts.max_bytes) {
        return sink(Err(ReadError::too_large(Location::file(&name), "file", Some(n), opts.max_bytes)));
    }
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return sink(Err(ReadError::Io { at: Location::file(&name), source: e })),
    };
    let mut reader = BufReader::with_capacity(BUF, file);
    read_stream(&name, kind, &mut reader, size, false, opts, sink);
}

/// Read one input from a stream: gunzip it if it is gzip, stream it if it is a container, else read
/// it whole (up to the limit) and hand it to [`read_buffer`].
fn read_stream(
    name: &str,
    kind: Kind,
    reader: &mut dyn BufRead,
    size: Option<u64>,
    gzip: bool,
    opts: &ReadOptions,
    sink: Sink<'_>,
) {
    let at = Location::file(name);
    let mut input = source::Peeked::new(reader, sniff::HEAD);
    let head = input.head().to_vec();
    // Decide by the bytes, not the name: `.warc` files are often gzipped, and `.gz` ones are not.
    if !gzip && head.starts_with(sniff::GZIP_MAGIC) {
        let mut decoder = BufReader::with_capacity(BUF, flate2::bufread::MultiGzDecoder::new(input));
        return read_stream(name, kind, &mut decoder, None, true, opts, sink);
    }
    if kind == Kind::Warc || (kind == Kind::Sniff && head.starts_with(b"WARC/")) {
        return warc::read_warc(name, &mut input, gzip, opts, sink);
    }
    if kind == Kind::Jsonl {
        // A binary file would otherwise give one error per "line".
        if let Err(e) = sniff::check_text(&at, &head) {
            return sink(Err(e));
        }
        return record::read_jsonl(name, &mut input, gzip, opts, sink);
    }
    if let Some(n) = size.filter(|&n| n > opts.max_bytes) {
        return sink(Err(ReadError::too_large(at, "file", Some(n), opts.max_bytes)));
    }
    let bytes = match source::read_limited(&mut input, opts.max_bytes, size) {
        Ok(Limited::Fit(b)) => b,
        Ok(Limited::Over) => {
            let what = if name == "-" { "input" } else { "file" };
            return sink(Err(ReadError::too_large(at, what, None, opts.max_bytes)));
        }
        Err(e) => return sink(Err(ReadError::stream(at, e, gzip))),
    };
    read_buffer(name, kind, bytes, opts, sink);
}

/// Read a whole input held in memory.
fn read_buffer(name: &str, kind: Kind, bytes: Vec<u8>, opts: &ReadOptions, sink: Sink<'_>) {
    let kind = match kind {
        Kind::Sniff => {
            if let Err(e) = sniff::precheck(&Location::file(name), &bytes) {
                return sink(Err(e));
            }
            sniff::content_kind(&bytes)
        }
        k => k,
    };
    match kind {
        Kind::Text => sink(plain::document(name, ContentKind::Text, bytes, opts)),
        Kind::Html => sink(plain::document(name, ContentKind::Html, bytes, opts)),
        Kind::Json => record::read_json(name, bytes, opts, sink),
        Kind::Jsonl => record::read_jsonl(name, &mut Cursor::new(bytes), false, opts, sink),
        Kind::Warc => warc::read_warc(name, &mut Cursor::new(bytes), false, opts, sink),
        // content_kind never answers Sniff; reading it as text is the safe fallback.
        Kind::Sniff => sink(plain::document(name, ContentKind::Text, bytes, opts)),
    }
}

#[cfg(test)]
mod tests;
