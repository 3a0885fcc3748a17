//! WARC files (plain, or gzipped record by record as crawls write them), read as a stream: one
//! record's block in memory at a time. HTML responses and resources become documents; everything
//! else a crawl stores (warcinfo, requests, metadata, images, robots.txt, redirects) is skipped.

use std::io::{BufRead, Read};

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
use storyweave_model::{ContentKind, Document, Hints, Origin, SourceFormat};

use crate::error::{quoted, Location, ReadError};
use crate::source::{self, Line};
use crate::{sniff, ReadOptions, Sink};

/// Longest header line accepted, in the WARC header and in the HTTP header.
const MAX_LINE: u64 = 64 << 10;
/// Largest WARC header block accepted.
const MAX_HEADER: usize = 1 << 20;
/// How much of an over-large record is read to decide whether it would have been a document.
const PEEK: u64 = 64 << 10;

/// Header fields, names lowercased, in order.
type Fields = Vec<(String, String)>;

fn field<'a>(fields: &'a Fields, name: &str) -> Option<&'a str> {
    fields.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// Add one header line, folding continuation lines into the field before.
fn push_field(fields: &mut Fields, line: &str) {
    if line.starts_with([' ', '\t']) {
        if let Some((_, v)) = fields.last_mut() {
            v.push(' ');
            v.push_str(line.trim());
        }
        return;
    }
    // Lines without a colon carry nothing usable; tolerate them as crawlers do.
    if let Some((name, value)) = line.split_once(':') {
        fields.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
}

/// Read a WARC stream, record by record. Stops at the first record that cannot be delimited
/// (a missing length, a truncated stream), since nothing after it can be trusted to line up.
pub(crate) fn read_warc(
    path: &str,
    reader: &mut dyn BufRead,
    gzip: bool,
    opts: &ReadOptions,
    sink: Sink<'_>,
) {
    let mut line = Vec::new();
    let mut index = 0u64;
    loop {
        // Blank lines end each record; the next non-blank line must be a version line.
        let found = loop {
            match source::read_line(reader, &mut line, MAX_LINE) {
                Ok(Line::Eof) => break None,
                Ok(Line::Done) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(Line::Done) => break Some(true),
                Ok(Line::TooLong(_)) => break Some(false),
                Err(e) => return sink(Err(ReadError::stream(Location::record(path, index + 1), e, gzip))),
            }
        };
        let Some(fits) = found else {
            if index == 0 {
                sink(Err(ReadError::Empty { at: Location::file(path) }));
            }
            return;
        };
        index += 1;
        let at = Location::record(path, index);
        if !fits || !line.starts_with(b"WARC/") {
            let err = if index == 1 {
                ReadError::warc(Location::file(path), "not a WARC file (no `WARC/1.x` version line)")
            } else {
                let found = String::from_utf8_lossy(&line[..line.len().min(40)]).into_owned();
                ReadError::warc(at, format!("expected a WARC record header, found {}", quoted(&found)))
            };
            return sink(Err(err));
        }
        let headers = match read_headers(reader, &mut line) {
            Ok(h) => h,
            Err(HeaderError::Eof) => return sink(Err(ReadError::warc(at, "truncated record"))),
            Err(HeaderError::TooLong) => return sink(Err(ReadError::warc(at, "WARC header too long"))),
            Err(HeaderError::Io(e)) => return sink(Err(ReadError::stream(at, e, gzip))),
        };
        let Some(length) = field(&headers, "content-length").and_then(|v| v.parse::<u64>().ok()) else {
            return sink(Err(ReadError::warc(at, "WARC record has no valid Content-Length")));
        };
        let truncated = |e: Option<std::io::Error>| match e {
            Some(e) => ReadError::stream(at.clone(), e, gzip),
            None => ReadError::warc(at.clone(), "truncated record"),
        };
        let wtype = field(&headers, "warc-type").unwrap_or_default().to_ascii_lowercase();
        if wtype != "response" && wtype != "resource" {
            match source::skip(reader, length) {
                Ok(n) if n == length => continue,
                Ok(_) => return sink(Err(truncated(None))),
                Err(e) => return sink(Err(truncated(Some(e)))),
            }
        }
        if length > opts.max_bytes {
            // Only a record that would have been a document is worth an error.
            let head = match source::read_prefix(reader, PEEK.min(length) as usize) {
                Ok(h) => h,
                Err(e) => return sink(Err(truncated(Some(e)))),
            };
            match source::skip(reader, length - head.len() as u64) {
                Ok(n) if n == length - head.len() as u64 => {}
                Ok(_) => return sink(Err(truncated(None))),
                Err(e) => return sink(Err(truncated(Some(e)))),
            }
            if !matches!(payload(&wtype, &headers, &head), Ok(None)) {
                sink(Err(ReadError::too_large(at, "record", Some(length), opts.max_bytes)));
            }
            continue;
        }
        let mut block = Vec::with_capacity(length.min(16 << 20) as usize);
        match reader.take(length).read_to_end(&mut block) {
            Ok(_) if block.len() as u64 == length => {}
            Ok(_) => return sink(Err(truncated(None))),
            Err(e) => return sink(Err(truncated(Some(e)))),
        }
        match document(path, index, &wtype, &headers, block, opts) {
            Ok(Some(doc)) => sink(Ok(doc)),
            Ok(None) => {}
            Err(e) => sink(Err(e)),
        }
    }
}

enum HeaderError {
    Eof,
    TooLong,
    Io(std::io::Error),
}

/// Read the WARC header fields after the version line, up to the blank line.
fn read_headers(reader: &mut dyn BufRead, line: &mut Vec<u8>) -> Result<Fields, HeaderError> {
    let mut fields = Fields::new();
    let mut total = 0usize;
    loop {
        match source::read_line(reader, line, MAX_LINE) {
            Ok(Line::Eof) => return Err(HeaderError::Eof),
            Ok(Line::TooLong(_)) => return Err(HeaderError::TooLong),
            Ok(Line::Done) => {}
            Err(e) => return Err(HeaderError::Io(e)),
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            return Ok(fields);
        }
        total += line.len();
        if total > MAX_HEADER {
            return Err(HeaderError::TooLong);
        }
        push_field(&mut fields, &String::from_utf8_lossy(line));
    }
}

/// The HTML payload a record carries, before transfer and content decoding.
#[derive(Debug)]
struct Payload<'a> {
    body: &'a [u8],
    /// The payload's Content-Type, when one was given.
    content_type: Option<String>,
    chunked: bool,
    /// Content-Encoding values, in the order they were applied.
    encodings: Vec<String>,
}

fn mime(content_type: &str) -> String {
    content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

fn is_html_mime(content_type: &str) -> bool {
    matches!(mime(content_type).as_str(), "text/html" | "application/xhtml+xml")
}

/// What a record's block holds: `Ok(None)` for records that are not HTML pages.
fn payload<'a>(wtype: &str, headers: &Fields, block: &'a [u8]) -> Result<Option<Payload<'a>>, String> {
    let warc_type = field(headers, "content-type");
    let is_http = wtype == "response"
        && match warc_type {
            Some(ct) => mime(ct).starts_with("application/http"),
            None => block.starts_with(b"HTTP/"),
        };
    if !is_http {
        return Ok(match warc_type {
            Some(ct) if is_html_mime(ct) => Some(Payload {
                body: block,
                content_type: Some(ct.to_string()),
                chunked: false,
                encodings: Vec::new(),
            }),
            _ => None,
        });
    }
    let http = parse_http(block)?;
    // Redirects, errors and "not modified" carry no article.
    if !(200..300).contains(&http.status) {
        return Ok(None);
    }
    let content_type = field(&http.fields, "content-type").map(str::to_string);
    if content_type.as_deref().is_some_and(|ct| !is_html_mime(ct)) {
        return Ok(None);
    }
    let list = |name: &str| -> Vec<String> {
        http.fields
            .iter()
            .filter(|(n, _)| n == name)
            .flat_map(|(_, v)| v.split(','))
            .map(|v| v.trim().to_ascii_lowercase())
            .filter(|v| !v.is_empty() && v != "identity")
            .collect()
    };
    let chunked = list("transfer-encoding").iter().any(|v| v == "chunked");
    Ok(Some(Payload { body: http.body, content_type, chunked, encodings: list("content-encoding") }))
}

struct Http<'a> {
    status: u16,
    fields: Fields,
    body: &'a [u8],
}

/// Split an HTTP response into status, header fields and body.
fn parse_http(block: &[u8]) -> Result<Http<'_>, String> {
    let mut rest = block;
    loop {
        let (head, body) = split_head(rest);
        let head = String::from_utf8_lossy(head);
        let mut lines = head.lines();
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .strip_prefix("HTTP/")
            .and_then(|s| s.split_whitespace().nth(1))
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| format!("malformed HTTP status line {}", quoted(status_line)))?;
        let mut fields = Fields::new();
        for line in lines {
            push_field(&mut fields, line);
        }
        // "100 Continue" is followed by the real response in the same block.
        if (100..200).contains(&status) && body.starts_with(b"HTTP/") {
            rest = body;
            continue;
        }
        return Ok(Http { status, fields, body });
    }
}

/// Split at the first blank line; a response without one is all header.
fn split_head(bytes: &[u8]) -> (&[u8], &[u8]) {
    let crlf = find(bytes, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = find(bytes, b"\n\n").map(|i| (i, i + 2));
    let split = match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    };
    match split {
        Some((end, body)) => (&bytes[..end], &bytes[body..]),
        None => (bytes, &[]),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Undo chunked transfer encoding. `Ok(None)` when the body turns out not to be chunked at all
/// (some writers keep the header after storing the decoded body). A body cut short keeps what
/// arrived, as crawlers cut long payloads.
fn dechunk(body: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    let mut first = true;
    while let Some(nl) = rest.iter().position(|&b| b == b'\n') {
        let size_line = String::from_utf8_lossy(&rest[..nl]);
        let size_text = size_line.split(';').next().unwrap_or_default().trim();
        let size = match usize::from_str_radix(size_text, 16) {
            Ok(n) if !size_text.starts_with('+') => n,
            _ if first => return Ok(None),
            _ => return Err(format!("malformed chunked encoding: bad chunk size {}", quoted(size_text))),
        };
        first = false;
        rest = &rest[nl + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(rest.len());
        out.extend_from_slice(&rest[..take]);
        rest = &rest[take..];
        if take < size {
            break;
        }
        rest = rest.strip_prefix(b"\r\n").or_else(|| rest.strip_prefix(b"\n")).unwrap_or(rest);
    }
    if first {
        return Ok(None);
    }
    Ok(Some(out))
}

/// Undo Content-Encoding, last applied first, without ever holding more than `max` bytes.
fn decode_content(
    at: &Location,
    mut body: Vec<u8>,
    encodings: &[String],
    max: u64,
) -> Result<Vec<u8>, ReadError> {
    for enc in encodings.iter().rev() {
        body = match enc.as_str() {
            "gzip" | "x-gzip" => {
                // Crawlers that decode payloads often keep the header; trust the bytes.
                if !body.starts_with(sniff::GZIP_MAGIC) {
                    continue;
                }
                inflate(at, MultiGzDecoder::new(body.as_slice()), max)?
            }
            "deflate" => match inflate(at, ZlibDecoder::new(body.as_slice()), max) {
                Ok(b) => b,
                Err(e @ ReadError::TooLarge { .. }) => return Err(e),
                // Some servers send raw deflate under this name.
                Err(e) => inflate(at, DeflateDecoder::new(body.as_slice()), max).map_err(|_| e)?,
            },
            other => {
                return Err(ReadError::record(at.clone(), format!("unsupported Content-Encoding `{other}`")))
            }
        };
    }
    Ok(body)
}

fn inflate(at: &Location, decoder: impl Read, max: u64) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::new();
    match decoder.take(max.saturating_add(1)).read_to_end(&mut out) {
        Ok(_) => {}
        // A payload cut by the crawler still holds the page's start.
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof && !out.is_empty() => {}
        Err(e) => return Err(ReadError::record(at.clone(), format!("corrupt compressed payload: {e}"))),
    }
    if out.len() as u64 > max {
        return Err(ReadError::too_large(at.clone(), "record payload", None, max));
    }
    Ok(out)
}

/// Turn one record into a document, or `Ok(None)` for records that are not HTML pages.
fn document(
    path: &str,
    index: u64,
    wtype: &str,
    headers: &Fields,
    block: Vec<u8>,
    opts: &ReadOptions,
) -> Result<Option<Document>, ReadError> {
    let at = Location::record(path, index);
    let content = {
        let Some(p) =
            payload(wtype, headers, &block).map_err(|reason| ReadError::warc(at.clone(), reason))?
        else {
            return Ok(None);
        };
        let body = if p.chunked {
            dechunk(p.body)
                .map_err(|reason| ReadError::warc(at.clone(), reason))?
                .unwrap_or_else(|| p.body.to_vec())
        } else {
            p.body.to_vec()
        };
        let body = decode_content(&at, body, &p.encodings, opts.max_bytes)?;
        if body.len() as u64 > opts.max_bytes {
            return Err(ReadError::too_large(at, "record payload", Some(body.len() as u64), opts.max_bytes));
        }
        if sniff::is_blank(&body) || (p.content_type.is_none() && !sniff::looks_like_html(&body)) {
            return Ok(None);
        }
        let declared =
            p.content_type.as_deref().and_then(sniff::charset_param).or_else(|| sniff::meta_charset(&body));
        sniff::decode_utf8(&at, &body, declared)?
    };
    if content.trim().is_empty() {
        return Ok(None);
    }
    let url = field(headers, "warc-target-uri")
        .map(|u| u.trim().trim_start_matches('<').trim_end_matches('>').trim().to_string())
        .filter(|u| !u.is_empty());
    let hints = opts.given.clone().or(&Hints { url, ..Hints::default() });
    let origin = Origin { path: path.to_string(), record: Some(index), format: SourceFormat::Warc };
    Ok(Some(Document::new(origin, ContentKind::Html, block, content, hints)))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{Cursor, Write};

    /// One WARC record with the given type, extra header lines and block.
    pub(crate) fn record(wtype: &str, extra: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
        let mut out =
            format!("WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Record-ID: <urn:uuid:x>\r\n").into_bytes();
        for (k, v) in extra {
            out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    pub(crate) fn http_response(uri: &str, headers: &str, body: &[u8]) -> Vec<u8> {
        let block = [format!("HTTP/1.1 200 OK\r\n{headers}\r\n").as_bytes(), body].concat();
        record(
            "response",
            &[("WARC-Target-URI", uri), ("Content-Type", "application/http; msgtype=response")],
            &block,
        )
    }

    pub(crate) fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = enc.write_all(bytes);
        enc.finish().unwrap_or_default()
    }

    /// A small crawl: warcinfo, request, an HTML response, an image, a chunked HTML response.
    pub(crate) fn crawl() -> Vec<Vec<u8>> {
        vec![
            record("warcinfo", &[("Content-Type", "application/warc-fields")], b"software: test\r\n"),
            record(
                "request",
                &[
                    ("WARC-Target-URI", "https://news.example/a"),
                    ("Content-Type", "application/http; msgtype=request"),
                ],
                b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n",
            ),
            http_response(
                "https://news.example/a",
                "Content-Type: text/html; charset=utf-8\r\n",
                b"<html><body><p>First story.</p></body></html>",
            ),
            http_response(
                "https://news.example/logo.png",
                "Content-Type: image/png\r\n",
                b"\x89PNG\r\n\x1a\n\0\0",
            ),
            http_response(
                "<https://news.example/b>",
                "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
                b"e\r\n<html><p>Secon\r\n13\r\nd story.</p></html>\r\n0\r\n\r\n",
            ),
        ]
    }

    fn read(bytes: &[u8], gz: bool, opts: &ReadOptions) -> Vec<Result<Document, ReadError>> {
        let mut out = Vec::new();
        if gz {
            let mut r = std::io::BufReader::new(MultiGzDecoder::new(bytes));
            read_warc("c.warc.gz", &mut r, true, opts, &mut |d| out.push(d));
        } else {
            read_warc("c.warc", &mut Cursor::new(bytes), false, opts, &mut |d| out.push(d));
        }
        out
    }

    #[test]
    fn html_responses_become_documents() {
        let records = crawl();
        let out = read(&records.concat(), false, &ReadOptions::default());
        let docs: Vec<_> = out.iter().map(|r| r.as_ref().unwrap()).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].content, "<html><body><p>First story.</p></body></html>");
        assert_eq!(
            docs[0].origin,
            Origin { path: "c.warc".into(), record: Some(3), format: SourceFormat::Warc }
        );
        assert_eq!(docs[0].hints.url.as_deref(), Some("https://news.example/a"));
        assert!(docs[0].raw.starts_with(b"HTTP/1.1 200 OK\r\n"));
        assert!(docs[0].raw.ends_with(b"</html>"));
        assert_eq!(docs[1].content, "<html><p>Second story.</p></html>");
        assert_eq!(docs[1].origin.record, Some(5));
        assert_eq!(docs[1].hints.url.as_deref(), Some("https://news.example/b"));
        assert!(docs[1].raw.ends_with(b"0\r\n\r\n"));
    }

    #[test]
    fn gzip_per_record_members() {
        let gz: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
        let out = read(&gz, true, &ReadOptions::default());
        assert_eq!(out.iter().filter(|r| r.is_ok()).count(), 2);
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn truncated_gzip_names_the_record_after_the_good_ones() {
        let mut gz: Vec<u8> = crawl()[..3].iter().flat_map(|r| gzip(r)).collect();
        let last = gzip(&crawl()[4]);
        gz.extend_from_slice(&last[..last.len() / 2]);
        let out = read(&gz, true, &ReadOptions::default());
        assert_eq!(out.len(), 2);
        assert!(out[0].is_ok());
        assert_eq!(out[1].as_ref().unwrap_err().to_string(), "c.warc.gz#4: truncated gzip stream");
    }

    #[test]
    fn truncated_plain_record() {
        let mut bytes = crawl()[..3].concat();
        bytes.truncate(bytes.len() - 20);
        let out = read(&bytes, false, &ReadOptions::default());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap_err().to_string(), "c.warc#3: truncated record");
    }

    #[test]
    fn gzip_payload_and_redirects() {
        let body = gzip(b"<!doctype html><p>Zipped</p>");
        let zipped = http_response("u1", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n", &body);
        let redirect = record(
            "response",
            &[("Content-Type", "application/http; msgtype=response")],
            b"HTTP/1.1 301 Moved\r\nLocation: /x\r\nContent-Type: text/html\r\n\r\n<a href=/x>moved</a>",
        );
        let untyped = http_response("u3", "Server: x\r\n", b"<!DOCTYPE html><title>t</title>");
        let robots = http_response("u4", "", b"User-agent: *\nDisallow: /\n");
        let resource = record("resource", &[("Content-Type", "text/html")], b"<html>Saved</html>");
        let out =
            read(&[zipped, redirect, untyped, robots, resource].concat(), false, &ReadOptions::default());
        let docs: Vec<_> = out.iter().map(|r| r.as_ref().unwrap()).collect();
        let contents: Vec<_> = docs.iter().map(|d| d.content.as_str()).collect();
        assert_eq!(
            contents,
            ["<!doctype html><p>Zipped</p>", "<!DOCTYPE html><title>t</title>", "<html>Saved</html>"]
        );
        assert_eq!(docs.iter().map(|d| d.origin.record.unwrap_or(0)).collect::<Vec<_>>(), [1, 3, 5]);
    }

    #[test]
    fn foreign_charset_is_rejected_by_name() {
        let latin = http_response("u", "Content-Type: text/html; charset=ISO-8859-1\r\n", b"<p>caf\xe9</p>");
        let meta = http_response(
            "u",
            "Content-Type: text/html\r\n",
            b"<meta charset=\"windows-1252\"><p>\x93q\x94</p>",
        );
        let ascii_ok =
            http_response("u", "Content-Type: text/html; charset=windows-1252\r\n", b"<p>plain</p>");
        let out = read(&[latin, meta, ascii_ok].concat(), false, &ReadOptions::default());
        let msgs: Vec<_> =
            out.iter().map(|r| r.as_ref().map_or_else(ToString::to_string, |d| d.content.clone())).collect();
        assert_eq!(
            msgs,
            [
                "c.warc#1: invalid UTF-8 at byte 6 (declares charset iso-8859-1; only UTF-8 is read)",
                "c.warc#2: invalid UTF-8 at byte 32 (declares charset windows-1252; only UTF-8 is read)",
                "<p>plain</p>",
            ]
        );
    }

    #[test]
    fn large_records_error_only_when_they_are_pages() {
        let page = http_response("u", "Content-Type: text/html\r\n", &[b'x'; 500]);
        let image = http_response("u", "Content-Type: image/jpeg\r\n", &[b'x'; 500]);
        let small = http_response("u", "Content-Type: text/html\r\n", b"<p>ok</p>");
        let opts = ReadOptions { max_bytes: 300, ..ReadOptions::default() };
        let out = read(&[page, image, small].concat(), false, &opts);
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0].as_ref().unwrap_err().to_string(),
            "c.warc#1: record too large (544 bytes, limit 300 bytes)"
        );
        assert_eq!(out[1].as_ref().unwrap().origin.record, Some(3));
    }

    #[test]
    fn not_a_warc_and_empty() {
        let out = read(b"hello\r\n", false, &ReadOptions::default());
        assert_eq!(
            out[0].as_ref().unwrap_err().to_string(),
            "c.warc: not a WARC file (no `WARC/1.x` version line)"
        );
        let out = read(b"\r\n\r\n", false, &ReadOptions::default());
        assert_eq!(out[0].as_ref().unwrap_err().to_string(), "c.warc: empty file");
        let bad = [crawl()[0].clone(), b"garbage\r\n".to_vec()].concat();
        let out = read(&bad, false, &ReadOptions::default());
        assert_eq!(
            out[0].as_ref().unwrap_err().to_string(),
            "c.warc#2: expected a WARC record header, found \"garbage\""
        );
        let no_len = b"WARC/1.0\r\nWARC-Type: response\r\n\r\n".to_vec();
        let out = read(&no_len, false, &ReadOptions::default());
        assert_eq!(
            out[0].as_ref().unwrap_err().to_string(),
            "c.warc#1: WARC record has no valid Content-Length"
        );
    }

    #[test]
    fn chunk_decoding() {
        assert_eq!(dechunk(b"3\r\nabc\r\n2;ext=1\r\nde\r\n0\r\n\r\n"), Ok(Some(b"abcde".to_vec())));
        assert_eq!(dechunk(b"<html>"), Ok(None));
        assert_eq!(dechunk(b"5\r\nab"), Ok(Some(b"ab".to_vec())));
        assert!(dechunk(b"3\r\nabc\r\nzz\r\n").is_err());
    }
}
