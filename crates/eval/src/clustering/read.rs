//! Readers for labelled clustering sets: JSONL records (`id`, `title`, `text` or `sentences`,
//! `date`, `source`, a label field chosen by name) and the UCI News Aggregator CSV (headline,
//! outlet, millisecond timestamp, aggregator story id as label).

use std::collections::HashMap;
use std::path::Path;

use chrono::DateTime;
use serde_json::{Map, Value};
use storyweave_model::Timestamp;
use storyweave_text::dates::parse_datetime;

use super::LabelledDoc;
use crate::error::{EvalError, Result};
use crate::io::read_text;

/// Read a labelled set, by its name: `.csv`/`.tsv` (optionally `.gz`) is the UCI aggregator
/// format, anything else JSONL. `label` names the JSONL field; for the CSV, the default
/// `"label"` means the STORY column and any other name a column of that name.
pub fn read(path: &Path, label: &str) -> Result<Vec<LabelledDoc>> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".csv") || name.ends_with(".tsv") {
        read_uci_csv(path, (label != "label").then_some(label))
    } else {
        read_jsonl(path, label)
    }
}

/// Read JSONL (plain or gzipped), one document per line; blank lines are skipped. `id` (or
/// `doc_id`) may be a string or a number and defaults to the line number; the label may be a
/// string, a number or a boolean.
pub fn read_jsonl(path: &Path, label: &str) -> Result<Vec<LabelledDoc>> {
    let text = read_text(path)?;
    let mut docs = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).map_err(|source| EvalError::JsonLine {
            path: path.to_path_buf(),
            line: n,
            source,
        })?;
        let Value::Object(record) = value else {
            return Err(EvalError::record(path, n, "expected a JSON object"));
        };
        let doc = jsonl_doc(&record, label, n).map_err(|reason| EvalError::record(path, n, reason))?;
        if let Some(first) = seen.insert(doc.id.clone(), n) {
            return Err(EvalError::record(path, n, format!("id {:?} already used on line {first}", doc.id)));
        }
        docs.push(doc);
    }
    Ok(docs)
}

fn jsonl_doc(r: &Map<String, Value>, label: &str, line: usize) -> Result<LabelledDoc, String> {
    let id = match r.get("id").or_else(|| r.get("doc_id")) {
        None | Some(Value::Null) => line.to_string(),
        Some(v) => scalar(v).ok_or("`id` must be a string or a number")?,
    };
    let label = match r.get(label) {
        None | Some(Value::Null) => return Err(format!("no `{label}` field")),
        Some(v) => scalar(v).ok_or_else(|| format!("`{label}` must be a string or a number"))?,
    };
    let text = match (r.get("text"), r.get("sentences")) {
        (Some(Value::String(t)), _) => t.clone(),
        (Some(v), _) if !v.is_null() => return Err("`text` is not a string".into()),
        (_, Some(Value::Array(sentences))) => {
            let parts: Option<Vec<&str>> = sentences.iter().map(Value::as_str).collect();
            parts.ok_or("`sentences` holds a non-string")?.join(" ")
        }
        (_, Some(v)) if !v.is_null() => return Err("`sentences` is not a list".into()),
        _ => String::new(),
    };
    let date = match r.get("date") {
        Some(Value::String(s)) => parse_datetime(s),
        Some(Value::Number(n)) => n.as_i64().and_then(epoch),
        _ => None,
    };
    Ok(LabelledDoc {
        id,
        title: string(r, "title"),
        text,
        date,
        source: opt_string(r, "source"),
        url: opt_string(r, "url"),
        label,
    })
}

/// A string, number or boolean as a label or id string.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string(r: &Map<String, Value>, key: &str) -> String {
    r.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

fn opt_string(r: &Map<String, Value>, key: &str) -> Option<String> {
    r.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_string)
}

/// Seconds or milliseconds since 1970 (told apart by size: ms values pass 1e11 in 1973).
fn epoch(n: i64) -> Option<Timestamp> {
    let dt = if n.abs() >= 100_000_000_000 {
        DateTime::from_timestamp_millis(n)
    } else {
        DateTime::from_timestamp(n, 0)
    };
    dt.map(|d| d.naive_utc())
}

/// The UCI columns, in the order of the headerless original (`newsCorpora.csv`).
const UCI_COLUMNS: [&str; 8] =
    ["id", "title", "url", "publisher", "category", "story", "hostname", "timestamp"];

/// Read the UCI News Aggregator file: the Kaggle CSV with its header (`ID,TITLE,URL,PUBLISHER,
/// CATEGORY,STORY,HOSTNAME,TIMESTAMP`) or the original tab-separated file without one. The label
/// is the STORY column unless `label_column` names another; the source is the publisher (the host
/// name when that is empty); the date is the millisecond timestamp, in UTC.
pub fn read_uci_csv(path: &Path, label_column: Option<&str>) -> Result<Vec<LabelledDoc>> {
    let text = read_text(path)?;
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains('\t') { '\t' } else { ',' };
    let mut records = parse_delimited(&text, delimiter).into_iter().peekable();
    let header: Vec<String> = match records.peek() {
        Some((_, fields)) if fields.first().is_some_and(|f| f.trim().eq_ignore_ascii_case("id")) => {
            let fields = fields.iter().map(|f| f.trim().to_ascii_lowercase()).collect();
            records.next();
            fields
        }
        _ => UCI_COLUMNS.iter().map(|c| c.to_string()).collect(),
    };
    let column = |name: &str| header.iter().position(|h| h == name);
    let label_name = label_column.unwrap_or("story").to_ascii_lowercase();
    let (Some(id_col), Some(title_col), Some(label_col)) =
        (column("id"), column("title"), column(&label_name))
    else {
        return Err(EvalError::format(
            path,
            format!("need ID, TITLE and {} columns", label_name.to_uppercase()),
        ));
    };
    let (url_col, pub_col, host_col, time_col) =
        (column("url"), column("publisher"), column("hostname"), column("timestamp"));
    let mut docs = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, fields) in records {
        if fields.len() == 1 && fields[0].trim().is_empty() {
            continue;
        }
        if fields.len() != header.len() {
            return Err(EvalError::record(
                path,
                line,
                format!("{} fields, expected {}", fields.len(), header.len()),
            ));
        }
        let get = |col: Option<usize>| col.map(|c| fields[c].trim()).filter(|s| !s.is_empty());
        let id = fields[id_col].trim().to_string();
        let label = fields[label_col].trim().to_string();
        if label.is_empty() {
            return Err(EvalError::record(path, line, format!("empty {} label", label_name.to_uppercase())));
        }
        let date = match get(time_col) {
            None => None,
            Some(t) => {
                let ms = t
                    .parse::<i64>()
                    .map_err(|_| EvalError::record(path, line, format!("TIMESTAMP {t:?} is not a number")))?;
                DateTime::from_timestamp_millis(ms).map(|d| d.naive_utc())
            }
        };
        if let Some(first) = seen.insert(id.clone(), line) {
            return Err(EvalError::record(path, line, format!("ID {id:?} already used on line {first}")));
        }
        docs.push(LabelledDoc {
            id,
            title: fields[title_col].trim().to_string(),
            text: String::new(),
            date,
            source: get(pub_col).or_else(|| get(host_col)).map(str::to_string),
            url: get(url_col).map(str::to_string),
            label,
        });
    }
    Ok(docs)
}

/// RFC 4180 records (quoted fields may hold delimiters, doubled quotes and line breaks), each with
/// the 1-based line it starts on. Lenient: a quote inside an unquoted field is kept as text.
fn parse_delimited(text: &str, delimiter: char) -> Vec<(usize, Vec<String>)> {
    let mut records = Vec::new();
    let (mut fields, mut field) = (Vec::new(), String::new());
    let (mut line, mut start_line) = (1, 1);
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                _ => {
                    line += usize::from(c == '\n');
                    field.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if at_field_start => {
                in_quotes = true;
                at_field_start = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                records.push((start_line, std::mem::take(&mut fields)));
                line += 1;
                start_line = line;
                at_field_start = true;
            }
            c if c == delimiter => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
            }
            _ => {
                field.push(c);
                at_field_start = false;
            }
        }
    }
    if !field.is_empty() || !fields.is_empty() || in_quotes {
        fields.push(field);
        records.push((start_line, fields));
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn write(dir: &Path, name: &str, body: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, body).unwrap();
        p
    }

    #[test]
    fn jsonl_records_of_both_shapes() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "docs.jsonl",
            concat!(
                r#"{"id": "a", "title": "Quake hits", "text": "Body.", "date": "2025-10-16T08:00:00Z", "source": "Wire", "label": "s1"}"#,
                "\n\n",
                r#"{"doc_id": "1_2ecb", "topic": 1, "sentences": ["One.", "Two."], "url": null, "label": 7}"#,
                "\n",
                r#"{"title": "No id", "label": true, "date": 1394470370698}"#,
                "\n"
            ),
        );
        let docs = read_jsonl(&p, "label").unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(
            (docs[0].id.as_str(), docs[0].title.as_str(), docs[0].text.as_str()),
            ("a", "Quake hits", "Body.")
        );
        assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2025, 10, 16).unwrap().and_hms_opt(8, 0, 0));
        assert_eq!((docs[0].source.as_deref(), docs[0].label.as_str()), (Some("Wire"), "s1"));
        assert_eq!(
            (docs[1].id.as_str(), docs[1].text.as_str(), docs[1].label.as_str()),
            ("1_2ecb", "One. Two.", "7")
        );
        assert_eq!((docs[1].url.clone(), docs[1].date), (None, None));
        assert_eq!((docs[2].id.as_str(), docs[2].label.as_str()), ("4", "true"));
        assert_eq!(docs[2].date.map(|d| d.to_string()).as_deref(), Some("2014-03-10 16:52:50.698"));
        let by_topic = read(&p, "topic").unwrap_err().to_string();
        assert!(by_topic.ends_with("docs.jsonl:1: no `topic` field"), "{by_topic}");
    }

    #[test]
    fn jsonl_errors_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let cases = [
            (
                "{\"id\": 1, \"label\": \"x\"}\n{\"id\": 1, \"label\": \"y\"}\n",
                ":2: id \"1\" already used on line 1",
            ),
            ("{\"label\": [1]}\n", ":1: `label` must be a string or a number"),
            ("[1, 2]\n", ":1: expected a JSON object"),
            ("{\"label\": \"x\", \"sentences\": [\"a\", 3]}\n", ":1: `sentences` holds a non-string"),
            ("{\"label\": \"x\"\n", ":1: invalid JSON"),
        ];
        for (body, want) in cases {
            let p = write(dir.path(), "bad.jsonl", body);
            let err = read_jsonl(&p, "label").unwrap_err().to_string();
            assert!(err.contains("bad.jsonl") && err.contains(want), "{err} lacks {want}");
        }
    }

    #[test]
    fn uci_csv_with_header_quotes_and_gaps() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "uci.csv",
            "ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP\r\n\
             1,\"Fed says \"\"weak\"\", slow\",http://a.example/1,Paper A,b,s1,a.example,1394470370698\r\n\
             2,Plain headline,http://b.example/2,,b,s2,b.example,1394470371207\r\n",
        );
        let docs = read(&p, "label").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].title, "Fed says \"weak\", slow");
        assert_eq!((docs[0].source.as_deref(), docs[0].label.as_str()), (Some("Paper A"), "s1"));
        assert_eq!(docs[0].url.as_deref(), Some("http://a.example/1"));
        assert_eq!(docs[0].date.map(|d| d.to_string()).as_deref(), Some("2014-03-10 16:52:50.698"));
        assert_eq!(docs[1].source.as_deref(), Some("b.example"));
        let by_category = read(&p, "category").unwrap();
        assert_eq!(by_category[0].label, "b");
        assert!(read(&p, "nope").unwrap_err().to_string().contains("NOPE"));
    }

    #[test]
    fn uci_tsv_without_header_and_bad_rows() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "newsCorpora.tsv", "1\tHeadline\thttp://x\tPub\tb\ts1\tx\t1394470370698\n");
        let docs = read_uci_csv(&p, None).unwrap();
        assert_eq!((docs[0].title.as_str(), docs[0].label.as_str()), ("Headline", "s1"));
        let p = write(dir.path(), "short.csv", "ID,TITLE,STORY\n1,a,s1\n2,\"b\nstill b\",s2\n3,c\n");
        let err = read_uci_csv(&p, None).unwrap_err().to_string();
        assert!(err.ends_with("short.csv:5: 2 fields, expected 3"), "{err}");
        let p = write(dir.path(), "time.csv", "ID,TITLE,STORY,TIMESTAMP\n1,a,s1,soon\n");
        assert!(read_uci_csv(&p, None).unwrap_err().to_string().contains("time.csv:2: TIMESTAMP \"soon\""));
    }
}
