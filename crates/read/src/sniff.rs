//! Deciding what an input is: by its file name first, by its first bytes when the name says
//! nothing (stdin, unknown extensions), and the byte-level checks every text payload goes through
//! (BOM, binary content, declared charsets).

use crate::error::{Location, ReadError};

/// How much of the start of an input the content checks look at.
pub(crate) const HEAD: usize = 8192;

/// gzip's magic number and its only compression method, deflate.
pub(crate) const GZIP_MAGIC: &[u8] = b"\x1f\x8b\x08";
pub(crate) const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// The reader an input goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Html,
    Json,
    Jsonl,
    Warc,
    /// Decide from the content.
    Sniff,
}

impl Kind {
    /// Containers are streamed record by record; the size limit applies to their records.
    pub(crate) fn is_container(self) -> bool {
        matches!(self, Kind::Warc | Kind::Jsonl)
    }
}

/// The kind a file name announces, and whether it ends in `.gz`. `foo.jsonl.gz` is JSONL, gzipped.
pub(crate) fn kind_of(path: &str) -> (Kind, bool) {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(inner) => (inner.to_string(), true),
        None => (name, false),
    };
    let ext = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext,
        _ => "",
    };
    let kind = match ext {
        "txt" | "text" | "md" => Kind::Text,
        "html" | "htm" | "xhtml" => Kind::Html,
        "json" => Kind::Json,
        "jsonl" | "ndjson" => Kind::Jsonl,
        "warc" => Kind::Warc,
        _ => Kind::Sniff,
    };
    (kind, gz)
}

/// The bytes after a UTF-8 byte order mark, if any.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// The bytes after a BOM and leading ASCII whitespace.
pub(crate) fn trim_start(bytes: &[u8]) -> &[u8] {
    let b = strip_bom(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    &b[start..]
}

/// Signatures of formats that are certainly not text.
const MAGIC: &[&[u8]] = &[
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff", // JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04", // ZIP, DOCX, EPUB
    b"PK\x05\x06",
    b"\x1f\x8b",         // gzip inside gzip: we unpack one level only
    b"\x28\xb5\x2f\xfd", // zstd
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"BZh91AY&SY",
    b"\x7fELF",
    b"SQLite format 3\x00",
    b"OggS",
    b"ID3", // MP3
    b"wOFF",
    b"wOF2",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", // old Office documents
];

/// Whether the start of an input is binary: a known magic number, NUL bytes, or many control
/// characters.
pub(crate) fn is_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HEAD)];
    if MAGIC.iter().any(|m| head.starts_with(m)) {
        return true;
    }
    // RIFF (WebP, WAV, AVI) and ISO media (MP4, HEIC) keep their signature a few bytes in.
    if head.starts_with(b"RIFF") || head.get(4..8) == Some(b"ftyp") {
        return true;
    }
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f)
        .count();
    controls * 10 > head.len()
}

/// Whether the input starts with a UTF-16 byte order mark.
pub(crate) fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff")
}

/// Whether the input holds nothing but whitespace (after a BOM).
pub(crate) fn is_blank(bytes: &[u8]) -> bool {
    trim_start(bytes).is_empty()
}

/// The checks every whole-file payload goes through before it is decoded: empty, UTF-16, binary.
pub(crate) fn precheck(at: &Location, bytes: &[u8]) -> Result<(), ReadError> {
    if is_blank(bytes) {
        return Err(ReadError::Empty { at: at.clone() });
    }
    check_text(at, bytes)
}

/// Reject UTF-16 and binary content, judged on the start of the input.
pub(crate) fn check_text(at: &Location, bytes: &[u8]) -> Result<(), ReadError> {
    if is_utf16(bytes) {
        return Err(ReadError::Encoding {
            at: at.clone(),
            reason: "UTF-16 text (only UTF-8 is read)".into(),
        });
    }
    if is_binary(bytes) {
        return Err(ReadError::Binary { at: at.clone() });
    }
    Ok(())
}

/// What a whole buffer of unknown kind holds, once it is known not to be empty or binary.
pub(crate) fn content_kind(bytes: &[u8]) -> Kind {
    if matches!(trim_start(bytes).first(), Some(b'{' | b'[')) {
        let body = strip_bom(bytes);
        if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
            return Kind::Json;
        }
        if std::str::from_utf8(body).is_ok_and(first_line_is_object) {
            return Kind::Jsonl;
        }
    }
    if looks_like_html(bytes) {
        Kind::Html
    } else {
        Kind::Text
    }
}

/// Whether the first non-blank line is a JSON object on its own, and more lines follow: JSONL.
pub(crate) fn first_line_is_object(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().map(|l| l.strip_prefix('\u{feff}').unwrap_or(l));
    match first {
        Some(l) if l.starts_with('{') => {
            serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| v.is_object())
                && lines.next().is_some()
        }
        _ => false,
    }
}

/// Elements whose tags make a document HTML when several of them appear.
const TAGS: &[&str] = &[
    "html", "head", "body", "title", "meta", "link", "script", "style", "div", "span", "p", "a", "br", "h1",
    "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr", "td", "img", "article", "section",
    "header", "footer", "nav", "main", "figure", "b", "i", "em", "strong", "form",
];

/// Whether the start of an input looks like HTML: a doctype or `<html>`, or a high share of tags.
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = trim_start(bytes);
    let head = &head[..head.len().min(HEAD)];
    let lower = head.to_ascii_lowercase();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
        return true;
    }
    let starts_with_tag = lower.first() == Some(&b'<');
    if starts_with_tag
        && (contains(&lower, b"<html") || contains(&lower, b"<body") || contains(&lower, b"<head"))
    {
        return true;
    }
    let (mut tags, mut markup) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = lower[i..].iter().position(|&b| b == b'<') {
        let start = i + off + 1;
        let rest = &lower[start..];
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        let name_len = rest.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        let name = &rest[..name_len];
        let after = rest.get(name_len).copied();
        let known = TAGS.iter().any(|t| t.as_bytes() == name);
        if known && matches!(after, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/')) {
            tags += 1;
            let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e + 1);
            markup += end - (start - 1);
            i = end;
        } else {
            i = start;
        }
    }
    (starts_with_tag && tags >= 1) || (tags >= 3 && markup * 10 >= lower.len())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The `charset` parameter of a Content-Type value.
pub(crate) fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']).trim();
        (!value.is_empty()).then(|| value.to_ascii_lowercase())
    })
}

/// The charset a page declares in a `<meta charset>` or `<meta http-equiv content="...; charset=">`.
pub(crate) fn meta_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(HEAD)];
    let lower = head.to_ascii_lowercase();
    let mut i = 0;
    while let Some(off) = find(&lower[i..], b"<meta") {
        let start = i + off;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + b"charset".len()..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
                let len = rest
                    .iter()
                    .take_while(|&&b| {
                        !matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') && !b.is_ascii_whitespace()
                    })
                    .count();
                if len > 0 {
                    return Some(String::from_utf8_lossy(&rest[..len]).into_owned());
                }
            }
        }
        i = end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    &b[start..]
}

/// Whether a charset label names UTF-8 or a subset of it.
fn is_utf8_label(label: &str) -> bool {
    matches!(
        label.trim().to_ascii_lowercase().as_str(),
        "utf-8" | "utf8" | "unicode-1-1-utf-8" | "us-ascii" | "ascii" | "ansi_x3.4-1968"
    )
}

/// Decode a payload as strict UTF-8, dropping a leading BOM. `declared` is the charset the headers
/// or the page itself declare; it only shapes the error, since valid UTF-8 is taken whatever the
/// declaration says (pages often declare one charset and are served in another).
pub(crate) fn decode_utf8(
    at: &Location,
    bytes: &[u8],
    declared: Option<String>,
) -> Result<String, ReadError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.strip_prefix('\u{feff}').unwrap_or(s).to_string()),
        Err(e) => Err(ReadError::InvalidUtf8 {
            at: at.clone(),
            offset: e.valid_up_to() as u64,
            declared: declared.filter(|d| !is_utf8_label(d)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        assert_eq!(kind_of("a/b/story.TXT"), (Kind::Text, false));
        assert_eq!(kind_of("notes.md"), (Kind::Text, false));
        assert_eq!(kind_of("page.xhtml"), (Kind::Html, false));
        assert_eq!(kind_of("page.htm"), (Kind::Html, false));
        assert_eq!(kind_of("x.json"), (Kind::Json, false));
        assert_eq!(kind_of("x.ndjson"), (Kind::Jsonl, false));
        assert_eq!(kind_of("crawl.warc.gz"), (Kind::Warc, true));
        assert_eq!(kind_of("feed.jsonl.gz"), (Kind::Jsonl, true));
        assert_eq!(kind_of("blob.gz"), (Kind::Sniff, true));
        assert_eq!(kind_of("photo.jpg"), (Kind::Sniff, false));
        assert_eq!(kind_of("-"), (Kind::Sniff, false));
        assert_eq!(kind_of(".txt"), (Kind::Sniff, false));
        assert_eq!(kind_of("dir.txt/README"), (Kind::Sniff, false));
    }

    #[test]
    fn binary_detection() {
        assert!(is_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"));
        assert!(is_binary(b"\xff\xd8\xff\xe0 JFIF"));
        assert!(is_binary(b"%PDF-1.7\n"));
        assert!(is_binary(b"plain words\0with a NUL"));
        assert!(is_binary(b"\x01\x02\x03\x04abc"));
        assert!(!is_binary("Plain text, caf\u{e9}.\r\n\tIndented.\x0c".as_bytes()));
        assert!(!is_binary(b"<html><body>x</body></html>"));
    }

    #[test]
    fn html_detection() {
        assert!(looks_like_html(b"\xef\xbb\xbf  <!DOCTYPE html><title>x</title>"));
        assert!(looks_like_html(b"<HTML lang=en>"));
        assert!(looks_like_html(b"<?xml version=\"1.0\"?>\n<html xmlns=\"x\"><body>"));
        assert!(looks_like_html(b"<div class=a><p>One</p><p>Two</p></div>"));
        assert!(looks_like_html(b"Some words <p>then a para</p><br/> and <b>bold</b>."));
        assert!(!looks_like_html(b"A headline\n\nBody text says 3 < 4 and a <tag> is not HTML.\n"));
        assert!(!looks_like_html(b"[Reuters] A story"));
    }

    #[test]
    fn charsets() {
        assert_eq!(charset_param("text/html; charset=\"ISO-8859-1\""), Some("iso-8859-1".into()));
        assert_eq!(charset_param("text/html"), None);
        assert_eq!(meta_charset(b"<head><meta charset=\"windows-1252\">"), Some("windows-1252".into()));
        assert_eq!(
            meta_charset(b"<META http-equiv=Content-Type content='text/html; charset=Shift_JIS'>"),
            Some("shift_jis".into())
        );
        assert_eq!(meta_charset(b"<meta name=x content=y>"), None);
    }

    #[test]
    fn decoding_reports_offset_and_foreign_charset() {
        let at = Location::file("p.html");
        assert_eq!(decode_utf8(&at, b"\xef\xbb\xbfhi", None).unwrap(), "hi");
        let e = decode_utf8(&at, b"abc\xe9", Some("utf-8".into())).unwrap_err();
        assert_eq!(e.to_string(), "p.html: invalid UTF-8 at byte 3");
        let e = decode_utf8(&at, b"abc\xe9", Some("windows-1252".into())).unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.html: invalid UTF-8 at byte 3 (declares charset windows-1252; only UTF-8 is read)"
        );
    }
}
