//! Text and HTML files: one document each, the file's bytes kept as raw, strict UTF-8 content.

use storyweave_model::{ContentKind, Document, Origin, SourceFormat};

use crate::error::{Location, ReadError};
use crate::sniff;
use crate::ReadOptions;

/// One text or HTML file as a document.
pub(crate) fn document(
    path: &str,
    kind: ContentKind,
    raw: Vec<u8>,
    opts: &ReadOptions,
) -> Result<Document, ReadError> {
    let at = Location::file(path);
    sniff::precheck(&at, &raw)?;
    let declared = match kind {
        ContentKind::Html => sniff::meta_charset(&raw),
        ContentKind::Text => None,
    };
    let content = sniff::decode_utf8(&at, &raw, declared)?;
    // Unicode whitespace (no-break spaces, ideographic spaces) is still nothing to read.
    if content.trim().is_empty() {
        return Err(ReadError::Empty { at });
    }
    let format = match kind {
        ContentKind::Html => SourceFormat::Html,
        ContentKind::Text => SourceFormat::Text,
    };
    let origin = Origin { path: path.to_string(), record: None, format };
    Ok(Document::new(origin, kind, raw, content, opts.given.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(kind: ContentKind, raw: &[u8]) -> Result<Document, ReadError> {
        document("f", kind, raw.to_vec(), &ReadOptions::default())
    }

    #[test]
    fn bom_is_kept_in_raw_and_dropped_from_content() {
        let doc = read(ContentKind::Text, b"\xef\xbb\xbfHeadline\n\nBody.").unwrap();
        assert_eq!(doc.content, "Headline\n\nBody.");
        assert!(doc.raw.starts_with(sniff::UTF8_BOM));
        assert_eq!(doc.origin.format, SourceFormat::Text);
    }

    #[test]
    fn unicode_whitespace_only_is_empty() {
        let e = read(ContentKind::Text, "\u{a0}\u{3000}\n".as_bytes()).unwrap_err();
        assert_eq!(e.to_string(), "f: empty file");
    }

    #[test]
    fn utf16_is_named() {
        let e = read(ContentKind::Text, b"\xff\xfeH\0i\0").unwrap_err();
        assert_eq!(e.to_string(), "f: UTF-16 text (only UTF-8 is read)");
    }

    #[test]
    fn html_declaring_another_charset_says_so() {
        let e = read(ContentKind::Html, b"<html><meta charset=iso-8859-1><p>caf\xe9</p>").unwrap_err();
        assert_eq!(
            e.to_string(),
            "f: invalid UTF-8 at byte 37 (declares charset iso-8859-1; only UTF-8 is read)"
        );
    }
}
