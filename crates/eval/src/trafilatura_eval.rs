//! trafilatura's evaluation set (990 pages, mostly German, BBAW annotations): its reader and its
//! metric, as trafilatura's own `tests/eval_common.py` computes it.
//!
//! Each page has `with` snippets that the extracted text must contain and `without` snippets
//! (boilerplate) that it must not. Matching is substring matching after whitespace is normalised.
//! A `with` snippet found is a true positive, missing a false negative; a `without` snippet found
//! is a false positive, absent a true negative. Counts are summed over the corpus before P, R,
//! accuracy and F are taken.
//!
//! The pages ship as `cache/<file>` and `eval/<file>`, either unpacked (trafilatura's `tests/`) or
//! in a `.tar.xz` next to `evaldata.json`; an archive is read in memory, never unpacked to disk.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::error::{EvalError, Result};
use crate::io::{decode_html, read_bytes, read_json, Decoding};

/// Where a page file is looked for, in this order (as the reference scorer resolves them).
const PAGE_DIRS: [&str; 2] = ["cache", "eval"];

/// One annotated page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrafPage {
    /// The page's URL, the key of `evaldata.json`.
    pub id: String,
    /// The HTML file's name under `cache/` or `eval/`.
    pub file: String,
    pub html: String,
    /// Snippets the extraction must contain.
    pub with: Vec<String>,
    /// Snippets it must not contain.
    pub without: Vec<String>,
    /// How the bytes were decoded; see [`crate::decoding_note`] for a report line.
    pub decoding: Decoding,
}

/// The corpus-level figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrafScore {
    pub precision: f64,
    pub recall: f64,
    /// trafilatura's "F-Score": 2PR/(P+R).
    pub f1: f64,
    pub accuracy: f64,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub tn: usize,
    pub pages: usize,
    /// Pages with no output (scored as a complete miss, as a crash is by the reference).
    pub missing: usize,
}

/// Collapse white space runs to one space and trim, as the reference does before matching.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(is_python_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Python's `\s` on `str` (`str.isspace`): Unicode white space plus the ASCII information
/// separators 0x1C-0x1F, which Rust's `char::is_whitespace` leaves out.
fn is_python_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// Per-page counts (tp, fp, fn, tn) for an output; `None` is no output at all.
pub fn page_counts(page: &TrafPage, output: Option<&str>) -> (usize, usize, usize, usize) {
    let (tp, fp) = match output {
        Some(text) => {
            let text = normalize(text);
            let found = |s: &String| text.contains(normalize(s).as_str());
            (page.with.iter().filter(|s| found(s)).count(), page.without.iter().filter(|s| found(s)).count())
        }
        None => (0, 0),
    };
    (tp, fp, page.with.len() - tp, page.without.len() - fp)
}

/// Score outputs keyed by page id (URL). A page without an output is a complete miss; outputs for
/// unknown pages are ignored.
pub fn score(pages: &[TrafPage], outputs: &BTreeMap<String, String>) -> TrafScore {
    let (mut tp, mut fp, mut fn_, mut tn, mut missing) = (0, 0, 0, 0, 0);
    for page in pages {
        let output = outputs.get(&page.id).map(String::as_str);
        missing += usize::from(output.is_none());
        let c = page_counts(page, output);
        tp += c.0;
        fp += c.1;
        fn_ += c.2;
        tn += c.3;
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let (precision, recall) = (ratio(tp, tp + fp), ratio(tp, tp + fn_));
    TrafScore {
        precision,
        recall,
        f1: ratio(2 * tp, 2 * tp + fp + fn_),
        accuracy: ratio(tp + tn, tp + tn + fp + fn_),
        tp,
        fp,
        fn_,
        tn,
        pages: pages.len(),
        missing,
    }
}

/// Read the set: `path` is the directory holding `evaldata.json` (or that file itself). Pages come
/// from `cache/` and `eval/` beside it when either folder exists, otherwise from the `.tar.xz`
/// (or `.tar.gz`, `.tar`) archive beside it. Pages are sorted by id.
pub fn load(path: &Path) -> Result<Vec<TrafPage>> {
    let (dir, json_path) = if path.is_dir() {
        (path.to_path_buf(), path.join("evaldata.json"))
    } else {
        (path.parent().unwrap_or(Path::new(".")).to_path_buf(), path.to_path_buf())
    };
    let annotations = read_annotations(&json_path)?;
    let mut files: HashMap<String, Vec<u8>> = if PAGE_DIRS.iter().any(|d| dir.join(d).is_dir()) {
        HashMap::new()
    } else {
        let wanted: HashSet<&str> = annotations.iter().map(|a| a.file.as_str()).collect();
        read_archive(&find_archive(&dir)?, &wanted)?
    };
    // A file annotated under two URLs is copied for the first and moved out for the last.
    let mut uses: HashMap<String, usize> = HashMap::new();
    for a in &annotations {
        *uses.entry(a.file.clone()).or_insert(0) += 1;
    }
    annotations
        .into_iter()
        .map(|a| {
            let left = uses.get_mut(&a.file).map(|n| {
                *n -= 1;
                *n
            });
            let from_archive =
                if left == Some(0) { files.remove(&a.file) } else { files.get(&a.file).cloned() };
            let bytes = match from_archive {
                Some(b) => b,
                None => read_page_file(&dir, &a.file)?,
            };
            let (html, decoding) = decode_html(&bytes);
            Ok(TrafPage { id: a.id, file: a.file, html, with: a.with, without: a.without, decoding })
        })
        .collect()
}

struct Annotation {
    id: String,
    file: String,
    with: Vec<String>,
    without: Vec<String>,
}

fn read_annotations(path: &Path) -> Result<Vec<Annotation>> {
    let Value::Object(map) = read_json(path)? else {
        return Err(EvalError::format(path, "expected an object keyed by URL"));
    };
    let bad = |id: &str, what: &str| EvalError::format(path, format!("entry {id}: {what}"));
    map.into_iter()
        .map(|(id, entry)| {
            let file = match entry.get("file") {
                Some(Value::String(f)) if !f.is_empty() => f.clone(),
                _ => return Err(bad(&id, "no `file` name")),
            };
            let snippets = |key: &str| -> Result<Vec<String>> {
                match entry.get(key) {
                    None => Ok(Vec::new()),
                    Some(Value::Array(items)) => items
                        .iter()
                        .map(|s| {
                            s.as_str()
                                .map(str::to_string)
                                .ok_or_else(|| bad(&id, &format!("`{key}` holds a non-string")))
                        })
                        .collect(),
                    Some(_) => Err(bad(&id, &format!("`{key}` is not a list"))),
                }
            };
            let (with, without) = (snippets("with")?, snippets("without")?);
            Ok(Annotation { id, file, with, without })
        })
        .collect()
}

fn read_page_file(dir: &Path, file: &str) -> Result<Vec<u8>> {
    for sub in PAGE_DIRS {
        let path = dir.join(sub).join(file);
        if path.is_file() {
            return read_bytes(&path);
        }
    }
    Err(EvalError::format(dir, format!("page {file} is in neither cache/ nor eval/")))
}

fn find_archive(dir: &Path) -> Result<PathBuf> {
    let entries = std::fs::read_dir(dir).map_err(|e| EvalError::io(dir, e))?;
    let mut archives: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            [".tar.xz", ".txz", ".tar.gz", ".tgz", ".tar"].iter().any(|ext| name.ends_with(ext))
        })
        .collect();
    archives.sort();
    archives.into_iter().next().ok_or_else(|| {
        EvalError::format(dir, "no cache/ or eval/ folder and no .tar.xz of the pages beside evaldata.json")
    })
}

/// The wanted pages of a tar archive (xz, gzip or plain), keyed by file name. Entries count when
/// they sit directly in a `cache/` or `eval/` folder; `cache/` wins over `eval/`.
fn read_archive(path: &Path, wanted: &HashSet<&str>) -> Result<HashMap<String, Vec<u8>>> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let file = std::fs::File::open(path).map_err(|e| EvalError::io(path, e))?;
    // Whole archive in memory (about 140 MB for the 990 pages): simpler than streaming, and short-lived.
    let tar_bytes = if name.ends_with(".xz") || name.ends_with(".txz") {
        let mut out = Vec::new();
        lzma_rs::xz_decompress(&mut BufReader::new(file), &mut out)
            .map_err(|e| EvalError::archive(path, e))?;
        out
    } else {
        // read_bytes gunzips by magic number, so .tar.gz and .tar take the same road.
        read_bytes(path)?
    };
    let mut found: HashMap<String, (usize, Vec<u8>)> = HashMap::new();
    let mut archive = tar::Archive::new(&tar_bytes[..]);
    for entry in archive.entries().map_err(|e| EvalError::archive(path, e))? {
        let mut entry = entry.map_err(|e| EvalError::archive(path, e))?;
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let entry_path = entry.path_bytes().into_owned();
        let Ok(entry_path) = String::from_utf8(entry_path) else { continue };
        let mut parts = entry_path.rsplitn(3, '/');
        let (Some(file_name), Some(folder)) = (parts.next(), parts.next()) else { continue };
        let Some(rank) = PAGE_DIRS.iter().position(|d| *d == folder) else { continue };
        if !wanted.contains(file_name) || found.get(file_name).is_some_and(|(r, _)| *r <= rank) {
            continue;
        }
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut bytes).map_err(|e| EvalError::archive(path, format!("{entry_path}: {e}")))?;
        found.insert(file_name.to_string(), (rank, bytes));
    }
    Ok(found.into_iter().map(|(name, (_, bytes))| (name, bytes)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(id: &str, with: &[&str], without: &[&str]) -> TrafPage {
        TrafPage {
            id: id.into(),
            file: format!("{id}.html"),
            html: String::new(),
            with: with.iter().map(|s| s.to_string()).collect(),
            without: without.iter().map(|s| s.to_string()).collect(),
            decoding: Decoding::Utf8,
        }
    }

    #[test]
    fn whitespace_is_normalised_like_python() {
        assert_eq!(normalize("  a\n\t b\u{a0}\u{2003}c\x1fd  "), "a b c d");
    }

    #[test]
    fn snippets_count_as_the_reference_counts_them() {
        let p = page("u1", &["Der Anfang", "das Ende."], &["Impressum", "Teilen"]);
        // A line break inside a snippet's words still matches; "Teilen" is present (fp).
        let out = "Der\n  Anfang des Textes ... das Ende.\nTeilen";
        assert_eq!(page_counts(&p, Some(out)), (2, 1, 0, 1));
        assert_eq!(page_counts(&p, None), (0, 0, 2, 2));
        assert_eq!(page_counts(&p, Some("")), (0, 0, 2, 2));
    }

    #[test]
    fn corpus_scores_sum_counts_first() {
        let pages = [page("a", &["x1", "x2"], &["n1"]), page("b", &["y1"], &["m1", "m2"])];
        let outputs: BTreeMap<String, String> =
            [("a".to_string(), "x1 x2 n1".to_string()), ("zz".to_string(), "ignored".to_string())].into();
        let s = score(&pages, &outputs);
        // a: tp 2, fp 1, fn 0, tn 0; b (missing): tp 0, fp 0, fn 1, tn 2.
        assert_eq!((s.tp, s.fp, s.fn_, s.tn, s.missing, s.pages), (2, 1, 1, 2, 1, 2));
        assert!((s.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.accuracy - 4.0 / 6.0).abs() < 1e-12);
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-12);
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(json["fn"], 1);
    }

    fn evaldata(dir: &Path) {
        std::fs::write(
            dir.join("evaldata.json"),
            r#"{"https://a.example/x": {"file": "a b.html", "with": ["Body"], "without": ["Menu"], "title": "t"},
                "https://c.example/y": {"file": "c.html", "with": ["Text"], "without": []},
                "https://c.example/z": {"file": "c.html", "with": ["Text"]}}"#,
        )
        .unwrap();
    }

    #[test]
    fn loads_unpacked_folders() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        evaldata(d);
        std::fs::create_dir(d.join("cache")).unwrap();
        std::fs::create_dir(d.join("eval")).unwrap();
        std::fs::write(d.join("cache/a b.html"), "<p>Body</p>").unwrap();
        std::fs::write(d.join("eval/a b.html"), "<p>shadowed</p>").unwrap();
        std::fs::write(d.join("eval/c.html"), b"<p>Gr\xfc\xdfe</p>").unwrap();
        let pages = load(d).unwrap();
        assert_eq!(pages.len(), 3);
        let a = pages.iter().find(|p| p.id == "https://a.example/x").unwrap();
        assert_eq!(
            (a.html.as_str(), a.with.as_slice(), a.without.as_slice()),
            ("<p>Body</p>", &["Body".to_string()][..], &["Menu".to_string()][..])
        );
        let c = pages.iter().find(|p| p.file == "c.html").unwrap();
        assert_eq!((c.html.as_str(), c.decoding), ("<p>Grüße</p>", Decoding::Detected("windows-1252")));

        std::fs::remove_file(d.join("eval/c.html")).unwrap();
        let err = load(&d.join("evaldata.json")).unwrap_err().to_string();
        assert!(err.contains("c.html"), "{err}");
    }

    #[test]
    fn loads_pages_from_an_archive() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        evaldata(d);
        let mut builder =
            tar::Builder::new(flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast()));
        for (name, body) in [
            ("eval/a b.html", "<p>late</p>"),
            ("cache/a b.html", "<p>Body</p>"),
            ("eval/c.html", "<p>Text</p>"),
            ("eval/unused.html", "x"),
        ] {
            let mut header = tar::Header::new_gnu();
            header.set_size(body.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            builder.append_data(&mut header, name, body.as_bytes()).unwrap();
        }
        std::fs::write(d.join("pages.tar.gz"), builder.into_inner().unwrap().finish().unwrap()).unwrap();
        let pages = load(d).unwrap();
        let html: Vec<&str> = pages.iter().map(|p| p.html.as_str()).collect();
        assert_eq!(html, ["<p>Body</p>", "<p>Text</p>", "<p>Text</p>"]);
        let outputs = pages.iter().map(|p| (p.id.clone(), p.html.clone())).collect();
        assert_eq!(score(&pages, &outputs).tp, 3);
    }

    #[test]
    fn bad_annotations_name_the_entry() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("evaldata.json");
        std::fs::write(&path, r#"{"u": {"file": "f.html", "with": "not a list"}}"#).unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("evaldata.json") && err.contains("entry u") && err.contains("`with`"), "{err}");
    }
}
