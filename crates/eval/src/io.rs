//! File access shared by the readers: whole files with transparent gunzip, JSON documents, and
//! HTML bytes decoded to text the way the published scorers' tools would see them.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use flate2::read::MultiGzDecoder;
use serde_json::Value;

use crate::error::{EvalError, Result};

const GZIP_MAGIC: &[u8] = b"\x1f\x8b";

/// A file's bytes, gunzipped when they are gzip (told by the magic number, not the name).
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let raw = std::fs::read(path).map_err(|e| EvalError::io(path, e))?;
    if !raw.starts_with(GZIP_MAGIC) {
        return Ok(raw);
    }
    let mut out = Vec::with_capacity(raw.len() * 4);
    MultiGzDecoder::new(&raw[..])
        .read_to_end(&mut out)
        .map_err(|e| EvalError::format(path, format!("bad gzip data: {e}")))?;
    Ok(out)
}

/// A file's text: UTF-8 (a BOM is dropped), gunzipped when needed.
pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = read_bytes(path)?;
    let mut text = String::from_utf8(bytes)
        .map_err(|e| EvalError::format(path, format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to())))?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// A whole JSON document (plain or gzipped).
pub(crate) fn read_json(path: &Path) -> Result<Value> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|source| EvalError::Json { path: path.to_path_buf(), source })
}

/// How a page's bytes were turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decoding {
    /// Valid UTF-8, as nearly all pages are.
    Utf8,
    /// Mostly UTF-8 with a few bad bytes (a pasted Latin-1 snippet): read as UTF-8, U+FFFD for them.
    Utf8Lossy,
    /// Not UTF-8: read in the encoding a detector guesses from the bytes (`windows-1252`, `GBK`...).
    Detected(&'static str),
}

/// Decode a page the way trafilatura's `decode_file` does: UTF-8 when the bytes are UTF-8, else a
/// guess from the content (what the page declares is often wrong, so it is not consulted).
/// Reproducing this matters: on trafilatura's set, reading its 27 non-UTF-8 pages as UTF-8 with
/// replacements misses 10 snippets that the reference finds in the raw HTML.
pub(crate) fn decode_html(bytes: &[u8]) -> (String, Decoding) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _) = encoding.decode_without_bom_handling(&bytes[bom..]);
            return (text.into_owned(), Decoding::Detected(encoding.name()));
        }
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), Decoding::Utf8);
    }
    let lossy = String::from_utf8_lossy(bytes);
    let (mut bad, mut non_ascii) = (0, 0);
    for c in lossy.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        bad += usize::from(c == char::REPLACEMENT_CHARACTER);
    }
    // A few bad sequences among much good UTF-8 is a UTF-8 page with a stray byte or two.
    if bad * 10 <= non_ascii {
        return (lossy.into_owned(), Decoding::Utf8Lossy);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, _, _) = encoding.decode(bytes);
    (text.into_owned(), Decoding::Detected(encoding.name()))
}

/// One line for a report when some pages were not UTF-8; `None` when all were.
pub fn decoding_note<'a>(decodings: impl IntoIterator<Item = &'a Decoding>) -> Option<String> {
    let mut total = 0;
    let mut lossy = 0;
    let mut detected: BTreeMap<&str, usize> = BTreeMap::new();
    for d in decodings {
        total += 1;
        match d {
            Decoding::Utf8 => {}
            Decoding::Utf8Lossy => lossy += 1,
            Decoding::Detected(name) => *detected.entry(name).or_insert(0) += 1,
        }
    }
    let others = lossy + detected.values().sum::<usize>();
    (others > 0).then(|| {
        let mut parts: Vec<String> = detected.iter().map(|(name, n)| format!("{n} as {name}")).collect();
        if lossy > 0 {
            parts.push(format!("{lossy} as UTF-8 with replacement characters"));
        }
        format!("{others} of {total} pages were not UTF-8: read {}", parts.join(", "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn gzip_is_told_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("a.json");
        std::fs::write(&plain, "{\"a\": 1}").unwrap();
        let gz = dir.path().join("b.json.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"\xef\xbb\xbf{\"b\": 2}").unwrap();
        std::fs::write(&gz, enc.finish().unwrap()).unwrap();
        assert_eq!(read_json(&plain).unwrap()["a"], 1);
        assert_eq!(read_json(&gz).unwrap()["b"], 2);
        let missing = dir.path().join("nope.json");
        assert!(read_json(&missing).unwrap_err().to_string().contains("nope.json"));
    }

    #[test]
    fn pages_decode_by_content() {
        assert_eq!(decode_html("\u{feff}<p>café</p>".as_bytes()), ("<p>café</p>".into(), Decoding::Utf8));
        // German in windows-1252, declared or not: the detector reads it.
        let latin = b"<meta charset=\"ISO-8859-1\"><p>F\xfcr gro\xdfe Gr\xfc\xdfe, \x93sagte er\x94, ist es sp\xe4t.</p>";
        let (text, decoding) = decode_html(latin);
        assert_eq!(decoding, Decoding::Detected("windows-1252"));
        assert!(text.contains("Für große Grüße, \u{201c}sagte er\u{201d}, ist es spät."), "{text}");
        // One stray Latin-1 byte in a UTF-8 page: keep the UTF-8.
        let good = "<p>Grüße aus Köln, schöne Tage, café.</p>".repeat(2);
        let mixed = [good.as_bytes(), b"<p>caf\xe9</p>"].concat();
        let (text, decoding) = decode_html(&mixed);
        assert_eq!(decoding, Decoding::Utf8Lossy);
        assert!(text.starts_with("<p>Grüße aus Köln") && text.contains('\u{fffd}'));
        let utf16 = b"\xff\xfe<\0p\0>\0";
        assert_eq!(decode_html(utf16), ("<p>".into(), Decoding::Detected("UTF-16LE")));
    }

    #[test]
    fn note_only_when_needed() {
        assert_eq!(decoding_note(&[Decoding::Utf8, Decoding::Utf8]), None);
        let all = [Decoding::Utf8, Decoding::Detected("GBK"), Decoding::Utf8Lossy, Decoding::Detected("GBK")];
        let note = decoding_note(&all).unwrap();
        assert_eq!(
            note,
            "3 of 4 pages were not UTF-8: read 2 as GBK, 1 as UTF-8 with replacement characters"
        );
    }
}
