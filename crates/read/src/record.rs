//! JSON and JSONL records: `{url?, outlet?, date?, title?, text? | html?}`, one document each.
//! A `.json` file holds one record or an array of them; a JSONL file one record per line, streamed,
//! so an export of any size goes through with only one line in memory.

use std::io::BufRead;

use serde_json::value::RawValue;
use serde_json::{Map, Value};
use storyweave_model::{ContentKind, Document, Hints, Origin, SourceFormat};
use storyweave_text::dates::parse_datetime;

use crate::error::{quoted, Location, Position, ReadError};
use crate::source::{self, Line};
use crate::{sniff, ReadOptions, Sink};

/// Read a whole `.json` file: one record object, or an array of record objects.
pub(crate) fn read_json(path: &str, bytes: Vec<u8>, opts: &ReadOptions, sink: Sink<'_>) {
    let at = Location::file(path);
    if let Err(e) = sniff::precheck(&at, &bytes) {
        return sink(Err(e));
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        Err(e) => {
            return sink(Err(ReadError::InvalidUtf8 { at, offset: e.valid_up_to() as u64, declared: None }))
        }
    };
    // serde_json does not skip a BOM.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if body.trim_start().starts_with('[') {
        let elements: Vec<&RawValue> = match serde_json::from_str(body) {
            Ok(v) => v,
            Err(e) => return sink(Err(ReadError::json(at, e.to_string()))),
        };
        for (i, el) in elements.iter().enumerate() {
            let origin =
                Origin { path: path.to_string(), record: Some(i as u64 + 1), format: SourceFormat::Json };
            let raw = el.get().as_bytes().to_vec();
            sink(parse_record(origin, raw, opts));
        }
        return;
    }
    match serde_json::from_str::<Value>(body) {
        Ok(value) => {
            let origin = Origin { path: path.to_string(), record: None, format: SourceFormat::Json };
            sink(record_document(origin, bytes, value, opts));
        }
        // JSONL saved as `.json` is common; read it as what it is.
        Err(_) if sniff::first_line_is_object(body) => {
            read_jsonl(path, &mut std::io::Cursor::new(bytes.as_slice()), false, opts, sink)
        }
        Err(e) => sink(Err(ReadError::json(at, e.to_string()))),
    }
}

/// Read JSONL, one record per line; blank lines are skipped, and a bad line does not stop the rest.
pub(crate) fn read_jsonl(
    path: &str,
    reader: &mut dyn BufRead,
    gzip: bool,
    opts: &ReadOptions,
    sink: Sink<'_>,
) {
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    let mut records = 0u64;
    loop {
        line_no += 1;
        let at = Location::line(path, line_no);
        match source::read_line(reader, &mut buf, opts.max_bytes) {
            Ok(Line::Eof) => break,
            Ok(Line::Done) => {}
            Ok(Line::TooLong(n)) => {
                records += 1;
                sink(Err(ReadError::too_large(at, "record", Some(n), opts.max_bytes)));
                continue;
            }
            Err(e) => {
                sink(Err(ReadError::stream(at, e, gzip)));
                return;
            }
        }
        // The BOM belongs to the file, not to its first record.
        if line_no == 1 && buf.starts_with(sniff::UTF8_BOM) {
            buf.drain(..sniff::UTF8_BOM.len());
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        records += 1;
        let origin = Origin { path: path.to_string(), record: Some(line_no), format: SourceFormat::Jsonl };
        sink(parse_record(origin, buf.clone(), opts));
    }
    if records == 0 {
        sink(Err(ReadError::Empty { at: Location::file(path) }));
    }
}

/// Where a record's errors are reported.
fn location(origin: &Origin) -> Location {
    match (origin.format, origin.record) {
        (SourceFormat::Jsonl, Some(n)) => Location::line(&origin.path, n),
        (_, Some(n)) => Location::record(&origin.path, n),
        (_, None) => Location::file(&origin.path),
    }
}

/// Parse one record's exact bytes into a document.
fn parse_record(origin: Origin, raw: Vec<u8>, opts: &ReadOptions) -> Result<Document, ReadError> {
    let at = location(&origin);
    if raw.len() as u64 > opts.max_bytes {
        return Err(ReadError::too_large(at, "record", Some(raw.len() as u64), opts.max_bytes));
    }
    let text = std::str::from_utf8(&raw).map_err(|e| ReadError::InvalidUtf8 {
        at: at.clone(),
        offset: e.valid_up_to() as u64,
        declared: None,
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // A record is one line (or one element): the line number in serde's message says nothing.
        let msg = e.to_string();
        let msg = match (msg.rfind(" at line "), at.position) {
            (Some(i), Some(Position::Line(_))) if e.line() == 1 => {
                format!("{} at column {}", &msg[..i], e.column())
            }
            _ => msg,
        };
        ReadError::json(at.clone(), msg)
    })?;
    record_document(origin, raw, value, opts)
}

/// Build a document from a parsed record.
fn record_document(
    origin: Origin,
    raw: Vec<u8>,
    value: Value,
    opts: &ReadOptions,
) -> Result<Document, ReadError> {
    let at = location(&origin);
    let Value::Object(obj) = value else {
        let what = match origin.record {
            None => "expected a JSON object or an array of objects",
            Some(_) => "record is not a JSON object",
        };
        return Err(ReadError::record(at, format!("{what} (found {})", type_name(&value))));
    };
    let field = |name: &str| string_field(&at, &obj, name);
    let mut hints = Hints {
        url: field("url")?.map(trimmed).filter(|s| !s.is_empty()),
        outlet: field("outlet")?.map(trimmed).filter(|s| !s.is_empty()),
        title: field("title")?.map(trimmed).filter(|s| !s.is_empty()),
        published: None,
    };
    let date = field("date")?;
    // A date the user gave wins anyway; the record's own is then neither needed nor checked.
    if opts.given.published.is_none() {
        if let Some(date) = date.filter(|d| !d.trim().is_empty()) {
            match parse_datetime(date) {
                Some(dt) => hints.published = Some(dt),
                None => return Err(ReadError::record(at, format!("unparseable date {}", quoted(date)))),
            }
        }
    }
    let html = field("html")?;
    let text = field("text")?;
    let nonblank = |s: &Option<&str>| s.is_some_and(|s| !s.trim().is_empty());
    // HTML keeps the page's structure, which extraction uses; prefer it when a record has both.
    let (kind, content) = if nonblank(&html) {
        (ContentKind::Html, html)
    } else if nonblank(&text) {
        (ContentKind::Text, text)
    } else {
        let reason = match (html, text) {
            (None, None) => "record has neither `text` nor `html`",
            (Some(_), Some(_)) => "record's `text` and `html` are empty",
            (Some(_), None) => "record's `html` is empty",
            (None, Some(_)) => "record's `text` is empty",
        };
        return Err(ReadError::record(at, reason));
    };
    let content = content.unwrap_or_default().to_string();
    let hints = opts.given.clone().or(&hints);
    Ok(Document::new(origin, kind, raw, content, hints))
}

/// A string field; absent and `null` are the same, any other type is an error.
fn string_field<'a>(
    at: &Location,
    obj: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, ReadError> {
    match obj.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(ReadError::record(
            at.clone(),
            format!("field `{name}` must be a string, found {}", type_name(other)),
        )),
    }
}

fn trimmed(s: &str) -> String {
    s.trim().to_string()
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn collect(path: &str, bytes: &[u8], opts: &ReadOptions) -> Vec<Result<Document, ReadError>> {
        let mut out = Vec::new();
        if path.ends_with(".json") {
            read_json(path, bytes.to_vec(), opts, &mut |r| out.push(r));
        } else {
            read_jsonl(path, &mut std::io::Cursor::new(bytes), false, opts, &mut |r| out.push(r));
        }
        out
    }

    fn errors(out: &[Result<Document, ReadError>]) -> Vec<String> {
        out.iter().filter_map(|r| r.as_ref().err().map(ToString::to_string)).collect()
    }

    #[test]
    fn single_object_json() {
        let bytes =
            br#"{"url": " https://example.org/a ", "outlet": "Example Post", "date": "2025-10-16T08:30:00Z",
            "title": "Bridge opens", "text": "The bridge opened.", "extra": [1, 2]}"#;
        let out = collect("one.json", bytes, &ReadOptions::default());
        let doc = out[0].as_ref().unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(doc.kind, ContentKind::Text);
        assert_eq!(doc.content, "The bridge opened.");
        assert_eq!(doc.raw, bytes);
        assert_eq!(doc.origin, Origin { path: "one.json".into(), record: None, format: SourceFormat::Json });
        assert_eq!(doc.hints.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(doc.hints.outlet.as_deref(), Some("Example Post"));
        assert_eq!(doc.hints.title.as_deref(), Some("Bridge opens"));
        let expected = NaiveDate::from_ymd_opt(2025, 10, 16).unwrap().and_hms_opt(8, 30, 0).unwrap();
        assert_eq!(doc.hints.published, Some(expected));
    }

    #[test]
    fn array_elements_keep_their_exact_bytes() {
        let bytes =
            b"[ {\"html\": \"<p>One</p>\",  \"url\": null},\n  {\"text\" :\"Two\"} ,7, {\"title\": \"x\"}]";
        let out = collect("many.json", bytes, &ReadOptions::default());
        assert_eq!(out.len(), 4);
        let first = out[0].as_ref().unwrap();
        assert_eq!(first.raw, b"{\"html\": \"<p>One</p>\",  \"url\": null}");
        assert_eq!(first.kind, ContentKind::Html);
        assert_eq!(first.origin.record, Some(1));
        let second = out[1].as_ref().unwrap();
        assert_eq!(second.raw, b"{\"text\" :\"Two\"}");
        assert_eq!(second.origin.record, Some(2));
        assert_eq!(
            errors(&out),
            [
                "many.json#3: record is not a JSON object (found number)",
                "many.json#4: record has neither `text` nor `html`"
            ]
        );
    }

    #[test]
    fn malformed_json_file_names_line_and_column() {
        let out = collect("bad.json", b"[{\"text\": \"a\"},\n {\"text\" \"b\"}]", &ReadOptions::default());
        assert_eq!(errors(&out), ["bad.json: malformed JSON: expected `:` at line 2 column 10"]);
    }

    #[test]
    fn jsonl_saved_as_json_is_read_as_jsonl() {
        let out = collect("feed.json", b"{\"text\": \"a\"}\n{\"text\": \"b\"}\n", &ReadOptions::default());
        let docs: Vec<_> = out.iter().map(|r| r.as_ref().unwrap()).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(
            docs[1].origin,
            Origin { path: "feed.json".into(), record: Some(2), format: SourceFormat::Jsonl }
        );
    }

    #[test]
    fn jsonl_bad_line_is_named_and_the_rest_go_in() {
        let bytes = b"{\"text\": \"one\"}\r\n\n{\"text\": \"two\" \"x\"}\n  \n{\"text\": \"three\", \"outlet\": \"Wire\"}";
        let out = collect("feed.jsonl", bytes, &ReadOptions::default());
        assert_eq!(errors(&out), ["feed.jsonl:3: malformed JSON: expected `,` or `}` at column 16"]);
        let docs: Vec<_> = out.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].raw, b"{\"text\": \"one\"}");
        assert_eq!(docs[0].origin.record, Some(1));
        assert_eq!(docs[1].origin.record, Some(5));
        assert_eq!(docs[1].hints.outlet.as_deref(), Some("Wire"));
    }

    #[test]
    fn record_problems_are_named() {
        let bytes = concat!(
            "{\"url\": \"u\"}\n",
            "{\"text\": \"  \"}\n",
            "{\"text\": \"t\", \"date\": \"last Tuesday-ish\"}\n",
            "{\"text\": \"t\", \"url\": 5}\n",
            "[1]\n",
            "{\"text\": \"caf\u{e9}\"}\n",
        );
        let mut bytes = bytes.as_bytes().to_vec();
        // Make the last line's é invalid UTF-8.
        let at = bytes.len() - 4;
        bytes[at] = 0xe9;
        bytes.remove(at + 1);
        let out = collect("r.jsonl", &bytes, &ReadOptions::default());
        assert_eq!(
            errors(&out),
            [
                "r.jsonl:1: record has neither `text` nor `html`",
                "r.jsonl:2: record's `text` is empty",
                "r.jsonl:3: unparseable date \"last Tuesday-ish\"",
                "r.jsonl:4: field `url` must be a string, found number",
                "r.jsonl:5: record is not a JSON object (found array)",
                "r.jsonl:6: invalid UTF-8 at byte 13",
            ]
        );
    }

    #[test]
    fn given_hints_win_and_given_date_skips_the_record_date() {
        let given = Hints {
            outlet: Some("Flag Outlet".into()),
            published: NaiveDate::from_ymd_opt(2024, 1, 2).and_then(|d| d.and_hms_opt(0, 0, 0)),
            ..Hints::default()
        };
        let opts = ReadOptions { given, ..ReadOptions::default() };
        let out = collect(
            "g.jsonl",
            b"{\"text\": \"t\", \"outlet\": \"Rec\", \"url\": \"u\", \"date\": \"soon\"}",
            &opts,
        );
        let doc = out[0].as_ref().unwrap();
        assert_eq!(doc.hints.outlet.as_deref(), Some("Flag Outlet"));
        assert_eq!(doc.hints.url.as_deref(), Some("u"));
        assert_eq!(doc.hints.published, opts.given.published);
    }

    #[test]
    fn long_lines_are_rejected_alone() {
        let opts = ReadOptions { max_bytes: 20, ..ReadOptions::default() };
        let out = collect("l.jsonl", b"{\"text\": \"a very long line indeed\"}\n{\"text\": \"ok\"}\n", &opts);
        assert_eq!(errors(&out), ["l.jsonl:1: record too large (35 bytes, limit 20 bytes)"]);
        assert_eq!(out[1].as_ref().unwrap().content, "ok");
    }

    #[test]
    fn blank_jsonl_is_empty() {
        let out = collect("e.jsonl", b"\n  \n", &ReadOptions::default());
        assert_eq!(errors(&out), ["e.jsonl: empty file"]);
    }
}
