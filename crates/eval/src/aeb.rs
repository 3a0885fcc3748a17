//! The Article Extraction Benchmark (Scrapinghub/Zyte, 181 English article pages): its readers and
//! its metric, implemented from the description in the data set's SOURCE.md so that re-scoring the
//! peers' outputs gives the published table.
//!
//! The metric compares bodies as multisets of shingles: 4-grams of `\w+` tokens. Per page it counts
//! tp, fp and fn over the shingles; precision and recall are averaged over pages separately (each
//! page weighs the same whatever its length) and F1 is taken from the two means.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;
use serde_json::Value;

use crate::error::{EvalError, Result};
use crate::io::{decode_html, read_bytes, read_json, Decoding};

/// Tokens per shingle.
const SHINGLE: usize = 4;

/// Python's `\w` on `str`: letters, numbers and the underscore. Rust's `\w` also takes combining
/// marks and other connector punctuation, which would split words differently from the scorer
/// whose figures were published.
static TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[\p{L}\p{N}_]+").unwrap());

/// The benchmark's figures for one system's output.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AebScore {
    /// Mean per-page precision over pages with a predicted shingle.
    pub precision: f64,
    /// Mean per-page recall over pages with a true shingle.
    pub recall: f64,
    /// 2PR/(P+R) of the two means.
    pub f1: f64,
    /// Share of pages whose predicted tokens equal the true ones exactly.
    pub accuracy: f64,
    /// Pages scored: those of the ground truth.
    pub pages: usize,
    /// Ground-truth pages with no prediction (scored as an empty body).
    pub missing: usize,
}

/// One page's shingle counts, normalised by tp+fp+fn so that long pages do not weigh more.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageScore {
    pub tp: f64,
    pub fp: f64,
    #[serde(rename = "fn")]
    pub fn_: f64,
    /// Whether the token lists are equal.
    pub exact: bool,
}

impl PageScore {
    /// The page's precision, or `None` when it predicts nothing (it then does not count).
    pub fn precision(&self) -> Option<f64> {
        (self.tp + self.fp > 0.0).then(|| {
            if self.fp == 0.0 && self.fn_ == 0.0 {
                1.0
            } else {
                self.tp / (self.tp + self.fp)
            }
        })
    }

    /// The page's recall, or `None` when its true body is empty (it then does not count).
    pub fn recall(&self) -> Option<f64> {
        (self.tp + self.fn_ > 0.0).then(|| {
            if self.fp == 0.0 && self.fn_ == 0.0 {
                1.0
            } else {
                self.tp / (self.tp + self.fn_)
            }
        })
    }
}

/// The `\w+` tokens of a text.
pub fn tokens(text: &str) -> Vec<&str> {
    TOKEN.find_iter(text).map(|m| m.as_str()).collect()
}

/// Shingles with their counts. A text of 1 to 3 tokens is one short shingle (as the reference
/// scorer does), so very short bodies still compare; no tokens, no shingles.
fn shingles<'a>(tokens: &'a [&'a str]) -> HashMap<&'a [&'a str], u32> {
    let mut counts = HashMap::new();
    if tokens.len() < SHINGLE {
        if !tokens.is_empty() {
            counts.insert(tokens, 1);
        }
        return counts;
    }
    for w in tokens.windows(SHINGLE) {
        *counts.entry(w).or_insert(0) += 1;
    }
    counts
}

/// Score one page's predicted body against its true body.
pub fn page_score(truth: &str, predicted: &str) -> PageScore {
    let (t_tokens, p_tokens) = (tokens(truth), tokens(predicted));
    let (t, p) = (shingles(&t_tokens), shingles(&p_tokens));
    let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
    for (key, &tc) in &t {
        let pc = p.get(key).copied().unwrap_or(0);
        tp += u64::from(tc.min(pc));
        fn_ += u64::from(tc.saturating_sub(pc));
    }
    for (key, &pc) in &p {
        fp += u64::from(pc.saturating_sub(t.get(key).copied().unwrap_or(0)));
    }
    let sum = (tp + fp + fn_) as f64;
    let norm = |x: u64| if sum > 0.0 { x as f64 / sum } else { 0.0 };
    PageScore { tp: norm(tp), fp: norm(fp), fn_: norm(fn_), exact: t_tokens == p_tokens }
}

/// Score predictions against the ground truth, both keyed by page id. Pages missing from the
/// predictions count as empty predictions; predictions for unknown pages are ignored.
pub fn score(truth: &BTreeMap<String, String>, predicted: &BTreeMap<String, String>) -> AebScore {
    let mut precisions = Vec::with_capacity(truth.len());
    let mut recalls = Vec::with_capacity(truth.len());
    let (mut exact, mut missing) = (0, 0);
    for (id, body) in truth {
        let pred = predicted.get(id).map(String::as_str).unwrap_or_else(|| {
            missing += 1;
            ""
        });
        let page = page_score(body, pred);
        precisions.extend(page.precision());
        recalls.extend(page.recall());
        exact += usize::from(page.exact);
    }
    let (precision, recall) = (mean(&precisions), mean(&recalls));
    let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
    let accuracy = if truth.is_empty() { 0.0 } else { exact as f64 / truth.len() as f64 };
    AebScore { precision, recall, f1, accuracy, pages: truth.len(), missing }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

/// A page's true body and URL, as `ground-truth.json` gives them.
pub type Truth = (String, Option<String>);

/// Read `ground-truth.json` (or `.json.gz`): `{id: {articleBody, url}}`. `path` is the data set's
/// directory or the file itself. A null body reads as empty.
pub fn read_ground_truth(path: &Path) -> Result<BTreeMap<String, Truth>> {
    let file = if path.is_dir() { find_ground_truth(path)? } else { path.to_path_buf() };
    let json = read_json(&file)?;
    let Value::Object(map) = json else {
        return Err(EvalError::format(&file, "expected an object keyed by page id"));
    };
    map.into_iter()
        .map(|(id, entry)| {
            let body = article_body(&file, &id, &entry)?;
            let url = entry.get("url").and_then(Value::as_str).map(str::to_string);
            Ok((id, (body, url)))
        })
        .collect()
}

/// Just the bodies of a ground truth, as [`score`] takes them.
pub fn bodies(truth: &BTreeMap<String, Truth>) -> BTreeMap<String, String> {
    truth.iter().map(|(id, (body, _))| (id.clone(), body.clone())).collect()
}

fn find_ground_truth(dir: &Path) -> Result<PathBuf> {
    ["ground-truth.json", "ground-truth.json.gz"]
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| EvalError::format(dir, "no ground-truth.json in this directory"))
}

/// Read a system's output: the ground truth's schema (`{id: {articleBody}}`), optionally wrapped
/// as `{"version": ..., "output": {...}}`, plain or gzipped. A null body reads as empty.
pub fn read_predictions(path: &Path) -> Result<BTreeMap<String, String>> {
    let json = read_json(path)?;
    let Value::Object(mut map) = json else {
        return Err(EvalError::format(path, "expected an object keyed by page id"));
    };
    // The wrapper is told by its `output` object (page ids are hashes or URLs, never "output");
    // whatever else it holds (`version`, run details) is metadata.
    if let Some(Value::Object(inner)) = map.remove("output") {
        map = inner;
    }
    map.into_iter().map(|(id, entry)| Ok((id.clone(), article_body(path, &id, &entry)?))).collect()
}

/// An entry's `articleBody`; a bare string is taken as the body too.
fn article_body(file: &Path, id: &str, entry: &Value) -> Result<String> {
    match entry {
        Value::String(s) => Ok(s.clone()),
        Value::Object(o) => match o.get("articleBody") {
            Some(Value::String(s)) => Ok(s.clone()),
            None | Some(Value::Null) => Ok(String::new()),
            Some(_) => Err(EvalError::format(file, format!("page {id}: articleBody is not a string"))),
        },
        _ => Err(EvalError::format(file, format!("page {id}: expected an object with articleBody"))),
    }
}

/// One benchmark page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AebPage {
    pub id: String,
    pub html: String,
    /// How the bytes were decoded; see [`crate::decoding_note`] for a report line.
    pub decoding: Decoding,
}

/// Read the pages, `html/<id>.html` or `html/<id>.html.gz` under the data set's directory, sorted by
/// id. A page that is not UTF-8 is decoded as well as can be and flagged in `decoding`.
pub fn pages(dir: &Path) -> Result<Vec<AebPage>> {
    let html_dir = dir.join("html");
    let entries = std::fs::read_dir(&html_dir).map_err(|e| EvalError::io(&html_dir, e))?;
    let mut found = BTreeMap::new();
    for entry in entries {
        let entry = entry.map_err(|e| EvalError::io(&html_dir, e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(id) = name.strip_suffix(".html.gz").or_else(|| name.strip_suffix(".html")) else {
            continue;
        };
        // With both forms present the plain file wins: it is the one someone edited.
        let path = entry.path();
        if name.ends_with(".html") || !found.contains_key(id) {
            found.insert(id.to_string(), path);
        }
    }
    found
        .into_iter()
        .map(|(id, path)| {
            let (html, decoding) = decode_html(&read_bytes(&path)?);
            Ok(AebPage { id, html, decoding })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn tokens_are_python_word_runs() {
        assert_eq!(tokens("It's 3.5% of GDP_x — état, ½"), ["It", "s", "3", "5", "of", "GDP_x", "état", "½"]);
        // A combining accent (U+0301) is no word character for Python: it splits the word.
        assert_eq!(tokens("cafe\u{301}s"), ["cafe", "s"]);
    }

    #[test]
    fn shingle_counts_are_multisets() {
        // truth: a b c d e (2 shingles); prediction repeats the first one and adds nothing new.
        let page = page_score("a b c d e", "a b c d. a b c d");
        // pred shingles: abcd, bcda, cdab, dabc, abcd -> abcd x2; tp=1, fp=4, fn=1 (bcde).
        let s = 6.0;
        assert_eq!((page.tp, page.fp, page.fn_), (1.0 / s, 4.0 / s, 1.0 / s));
        assert!((page.precision().unwrap() - 0.2).abs() < 1e-12);
        assert!((page.recall().unwrap() - 0.5).abs() < 1e-12);
        assert!(!page.exact);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        let page = page_score("Hello world", "hello world");
        assert_eq!((page.tp, page.fp, page.fn_), (0.0, 0.5, 0.5));
        let page = page_score("Hello, world!", "Hello world");
        assert_eq!(page.precision(), Some(1.0));
        assert!(page.exact);
    }

    #[test]
    fn edge_cases_follow_the_description() {
        let empty_pred = page_score("one two three four", "");
        assert_eq!(empty_pred.precision(), None);
        assert_eq!(empty_pred.recall(), Some(0.0));
        let empty_truth = page_score("", "one two three four");
        assert_eq!(empty_truth.precision(), Some(0.0));
        assert_eq!(empty_truth.recall(), None);
        let both_empty = page_score("", "...");
        assert_eq!((both_empty.precision(), both_empty.recall()), (None, None));
        assert!(both_empty.exact);
    }

    #[test]
    fn means_skip_pages_without_a_denominator() {
        let truth = map(&[("a", "w x y z"), ("b", "w x y z q"), ("c", "")]);
        // a: perfect; b: missing (recall 0, no precision); c: predicts text against an empty truth.
        let pred = map(&[("a", "w x y z"), ("c", "spurious words here now"), ("zz", "ignored")]);
        let s = score(&truth, &pred);
        assert_eq!(s.pages, 3);
        assert_eq!(s.missing, 1);
        assert!((s.precision - 0.5).abs() < 1e-12, "{s:?}"); // mean(1, 0)
        assert!((s.recall - 0.5).abs() < 1e-12, "{s:?}"); // mean(1, 0)
        assert!((s.f1 - 0.5).abs() < 1e-12);
        assert!((s.accuracy - 1.0 / 3.0).abs() < 1e-12);
        let none = score(&BTreeMap::new(), &BTreeMap::new());
        assert_eq!((none.f1, none.pages), (0.0, 0));
    }

    #[test]
    fn reads_ground_truth_outputs_and_pages() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("ground-truth.json"),
            r#"{"p1": {"articleBody": "Body one.", "url": "https://a.example/1"}, "p2": {"articleBody": null}}"#,
        )
        .unwrap();
        let gt = read_ground_truth(d).unwrap();
        assert_eq!(gt["p1"], ("Body one.".to_string(), Some("https://a.example/1".to_string())));
        assert_eq!(gt["p2"], (String::new(), None));
        assert_eq!(bodies(&gt)["p1"], "Body one.");

        let wrapped = d.join("sys.json");
        std::fs::write(&wrapped, r#"{"version": "1.0", "output": {"p1": {"articleBody": "x"}, "p2": "y"}}"#)
            .unwrap();
        assert_eq!(read_predictions(&wrapped).unwrap(), map(&[("p1", "x"), ("p2", "y")]));
        let bare = d.join("bare.json");
        std::fs::write(&bare, r#"{"p1": {"articleBody": "x", "url": "u"}}"#).unwrap();
        assert_eq!(read_predictions(&bare).unwrap(), map(&[("p1", "x")]));
        let bad = d.join("bad.json");
        std::fs::write(&bad, r#"{"p1": {"articleBody": 3}}"#).unwrap();
        let err = read_predictions(&bad).unwrap_err().to_string();
        assert!(err.contains("bad.json") && err.contains("p1"), "{err}");

        std::fs::create_dir(d.join("html")).unwrap();
        std::fs::write(d.join("html/p2.html"), "<p>two</p>").unwrap();
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut enc, b"<p>caf\xe9</p>").unwrap();
        std::fs::write(d.join("html/p1.html.gz"), enc.finish().unwrap()).unwrap();
        std::fs::write(d.join("html/notes.txt"), "skip me").unwrap();
        let pages = pages(d).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!((pages[0].id.as_str(), pages[0].html.as_str()), ("p1", "<p>café</p>"));
        assert_eq!(pages[0].decoding, Decoding::Detected("windows-1252"));
        assert_eq!((pages[1].id.as_str(), pages[1].decoding), ("p2", Decoding::Utf8));
    }
}
