//! TimeML documents (TempEval-3: TBAQ-cleaned, the platinum test set) and the TempEval-3 TIMEX3
//! metrics.
//!
//! # Reading
//!
//! A `.tml` file is XML: a `<TimeML>` root holding a DCT (the document creation time, a `TIMEX3`
//! with `functionInDocument="CREATION_TIME"`, usually in a `<DCT>` element before the text) and a
//! `<TEXT>` element whose content is the document with inline annotations: `TIMEX3`, `EVENT`,
//! `SIGNAL` and others, possibly nested. The reader gives the text of `<TEXT>` with all tags removed
//! and XML entities decoded (line ends normalised to `\n` as XML does), and the byte extent of each
//! `TIMEX3` in it with its `type` and `value`. The DCT is never one of the evaluated time
//! expressions, whether it sits outside `<TEXT>` (as in TempEval-3's files) or inside. Empty
//! `TIMEX3`s (no text, e.g. `<TIMEX3 .../>`) have no extent to find and are left out, as the
//! official scorer leaves them out; other `TIMEX3`s outside `<TEXT>` (a title's) are not scored.
//! A file without a DCT is an error: the values are relative to it.
//!
//! # Scoring
//!
//! TempEval-3's scorer (`TE3-evaluation.py`, `evaluation-entities/evaluate_entities.py`, UzZaman et
//! al. 2013) works on whole TimeML files: the `TimeML-Normalizer` first gives a system timex the
//! id of the gold timex whose extent it overlaps, then timexes are compared by id:
//!
//! - **relaxed** match: a system and a gold timex whose extents overlap;
//! - **strict** match: a relaxed match with the same text, i.e. the same extent;
//! - the DCT (`tid="t0"` in its files) and timexes with blank text are not counted;
//! - precision = matches / system timexes, recall = matches / gold timexes, F1 their harmonic
//!   mean, for strict and relaxed matches alike, micro-averaged over the documents;
//! - the **attribute** scores (`value`, `type`) count the relaxed matches whose attribute equals the
//!   gold one (string equality): accuracy = correct / relaxed matches, and the "attribute F1" that
//!   TempEval-3 ranks systems by is accuracy × relaxed F1.
//!
//! Here extents are byte ranges of the plain text and matches are one-to-one: relaxed matches are
//! a maximum matching of overlapping pairs (same extent first, then larger overlap), strict matches
//! pairs with equal ranges. Overlap is measured in characters (the data set's SOURCE.md reports
//! that HeidelTime scored this way reproduces its published figures within half a point). With one-to-one matches the attribute F1
//! above equals the F1 of precision = correct-attribute matches / system timexes and recall =
//! correct-attribute matches / gold timexes, which is how [`TimeScore`] gives `value_f1` and
//! `type_f1`. A system timex with no value is never right on value; types compare without regard
//! to case. When there are no gold and no system timexes at all, every figure is 1, as in the
//! scorer.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};
use storyweave_model::TimeKind;

use crate::error::{EvalError, Result};
use crate::io::read_text;

/// One TimeML document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimemlDoc {
    /// The file's path relative to the directory read (the file name for a single file).
    pub name: String,
    /// The date of the DCT's value.
    pub dct: NaiveDate,
    /// The DCT's whole value as written (`1998-01-08`, `1998-02-27T12:00`).
    pub dct_value: String,
    /// The content of `<TEXT>` as plain text (tags removed, entities decoded), untrimmed.
    pub text: String,
    /// The time expressions to find, in text order (the DCT is not among them).
    pub timexes: Vec<GoldTimex>,
}

impl TimemlDoc {
    /// The DCT as a date and time; a DCT without a time of day gives midnight, which the
    /// analyzer reads as "date only".
    pub fn dct_datetime(&self) -> NaiveDateTime {
        let time = self.dct_value.trim().split_once(['T', ' ']).and_then(|(_, t)| {
            let t = t.get(..8).unwrap_or(t);
            NaiveTime::parse_from_str(t, "%H:%M:%S").or_else(|_| NaiveTime::parse_from_str(t, "%H:%M")).ok()
        });
        self.dct.and_time(time.unwrap_or_default())
    }
}

/// A gold TIMEX3: its byte extent in [`TimemlDoc::text`] and its attributes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldTimex {
    pub tid: String,
    pub start: usize,
    pub end: usize,
    /// `DATE`, `TIME`, `DURATION` or `SET`.
    pub kind: String,
    /// The normalised value (`1998-01-08`, `P1W`, `PRESENT_REF`).
    pub value: String,
    /// `text[start..end]`.
    pub text: String,
}

/// A system's time expression: a byte extent in the document's [`TimemlDoc::text`], its TIMEX3
/// type (see [`type_name`]) and its normalised value, if it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PredTimex {
    pub start: usize,
    pub end: usize,
    pub kind: String,
    #[serde(default)]
    pub value: Option<String>,
}

/// TempEval-3's TIMEX3 figures (fractions, not percentages).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeScore {
    pub strict_precision: f64,
    pub strict_recall: f64,
    pub strict_f1: f64,
    pub relaxed_precision: f64,
    pub relaxed_recall: f64,
    pub relaxed_f1: f64,
    /// Relaxed matches with the gold value / system timexes.
    pub value_precision: f64,
    /// Relaxed matches with the gold value / gold timexes.
    pub value_recall: f64,
    /// TempEval-3's value F1 (= value accuracy × relaxed F1).
    pub value_f1: f64,
    /// Relaxed matches with the gold value / relaxed matches.
    pub value_accuracy: f64,
    /// TempEval-3's type F1 (= type accuracy × relaxed F1).
    pub type_f1: f64,
    /// Relaxed matches with the gold type / relaxed matches.
    pub type_accuracy: f64,
    pub documents: usize,
    /// Gold timexes.
    pub gold: usize,
    /// System timexes.
    pub predicted: usize,
    pub strict_matches: usize,
    pub relaxed_matches: usize,
    pub value_matches: usize,
    pub type_matches: usize,
}

/// The TIMEX3 `type` for a storyweave time kind.
pub fn type_name(kind: TimeKind) -> &'static str {
    match kind {
        TimeKind::Date => "DATE",
        TimeKind::Time => "TIME",
        TimeKind::Duration => "DURATION",
        TimeKind::Set => "SET",
        // Never scored: TimeML marks no expression where a date is said not to be set.
        TimeKind::Unset => "NONE",
    }
}

/// The storyweave time kind for a TIMEX3 `type` (any case), `None` for anything else.
pub fn time_kind(type_name: &str) -> Option<TimeKind> {
    match type_name.to_ascii_uppercase().as_str() {
        "DATE" => Some(TimeKind::Date),
        "TIME" => Some(TimeKind::Time),
        "DURATION" => Some(TimeKind::Duration),
        "SET" => Some(TimeKind::Set),
        _ => None,
    }
}

/// Read every `.tml` file under `path` (subdirectories included, in path order), or `path` itself
/// when it is a file.
pub fn read_dir(path: &Path) -> Result<Vec<TimemlDoc>> {
    if !path.is_dir() {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        return Ok(vec![read_file_named(path, name)?]);
    }
    let mut files = Vec::new();
    collect_tml(path, &mut files)?;
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let rel = file.strip_prefix(path).unwrap_or(&file);
            let name =
                rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            read_file_named(&file, name)
        })
        .collect()
}

fn collect_tml(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).map_err(|e| EvalError::io(dir, e))? {
        let path = entry.map_err(|e| EvalError::io(dir, e))?.path();
        if path.is_dir() {
            collect_tml(&path, files)?;
        } else if path.extension().is_some_and(|e| e == "tml") {
            files.push(path);
        }
    }
    Ok(())
}

/// Read one `.tml` file (plain or gzipped); its name is its file name.
pub fn read_file(path: &Path) -> Result<TimemlDoc> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    read_file_named(path, name)
}

fn read_file_named(path: &Path, name: String) -> Result<TimemlDoc> {
    parse_at(path, name, &read_text(path)?)
}

/// Parse a TimeML document held in memory; `name` names it (and its errors).
pub fn parse(name: &str, xml: &str) -> Result<TimemlDoc> {
    parse_at(Path::new(name), name.to_string(), xml)
}

/// A TIMEX3 whose end tag has not been seen yet.
struct OpenTimex {
    attrs: HashMap<String, String>,
    start: usize,
    in_text: bool,
    in_dct: bool,
}

/// What the parse has gathered so far.
#[derive(Default)]
struct Gathered {
    text: String,
    /// The DCT's value and where it is: the first CREATION_TIME timex, else the first timex of a
    /// `<DCT>` element.
    dct: Option<(String, usize)>,
    dct_element: Option<(String, usize)>,
    timexes: Vec<GoldTimex>,
}

impl Gathered {
    /// File a TIMEX3 whose end tag is at `pos`.
    fn close_timex(&mut self, t: OpenTimex, pos: usize) -> std::result::Result<(), String> {
        let is_dct = t.attrs.get("functionInDocument").is_some_and(|f| f == "CREATION_TIME");
        if is_dct || t.in_dct {
            let value = t.attrs.get("value").cloned().unwrap_or_default();
            let slot = if is_dct { &mut self.dct } else { &mut self.dct_element };
            slot.get_or_insert((value, pos));
            return Ok(());
        }
        if !t.in_text || self.text[t.start..].trim().is_empty() {
            return Ok(());
        }
        let attr = |k: &str| t.attrs.get(k).cloned().ok_or_else(|| format!("TIMEX3 without {k}"));
        self.timexes.push(GoldTimex {
            tid: attr("tid")?,
            start: t.start,
            end: self.text.len(),
            kind: attr("type")?,
            value: attr("value")?,
            text: self.text[t.start..].to_string(),
        });
        Ok(())
    }
}

fn parse_at(path: &Path, name: String, xml: &str) -> Result<TimemlDoc> {
    let xml =
        if xml.contains('\r') { xml.replace("\r\n", "\n").replace('\r', "\n") } else { xml.to_string() };
    let line_of = |pos: usize| xml[..pos].matches('\n').count() + 1;
    let err = |pos: usize, reason: String| EvalError::record(path, line_of(pos), reason);

    let mut got = Gathered::default();
    let mut elements: Vec<String> = Vec::new();
    // Depth of the open <TEXT> element in `elements`; whether a <TEXT> was seen at all.
    let mut text_depth: Option<usize> = None;
    let mut seen_text = false;
    let mut open: Vec<OpenTimex> = Vec::new();

    let mut pos = 0;
    while pos < xml.len() {
        let rest = &xml[pos..];
        if !rest.starts_with('<') {
            let run = rest.find('<').unwrap_or(rest.len());
            if text_depth.is_some() {
                decode_entities(&rest[..run], &mut got.text);
            }
            pos += run;
            continue;
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").ok_or_else(|| err(pos, "comment not closed".into()))?;
            pos += 4 + end + 3;
            continue;
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").ok_or_else(|| err(pos, "CDATA section not closed".into()))?;
            if text_depth.is_some() {
                got.text.push_str(&body[..end]);
            }
            pos += 9 + end + 3;
            continue;
        }
        if let Some(body) = rest.strip_prefix("<?") {
            let end = body.find("?>").ok_or_else(|| err(pos, "processing instruction not closed".into()))?;
            pos += 2 + end + 2;
            continue;
        }
        if rest.starts_with("<!") {
            // A declaration (DOCTYPE), perhaps with an internal subset in brackets.
            let mut depth = 0i32;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '[' => depth += 1,
                        ']' => depth -= 1,
                        _ => {}
                    }
                    c == '>' && depth <= 0
                })
                .map(|(i, _)| i)
                .ok_or_else(|| err(pos, "declaration not closed".into()))?;
            pos += end + 1;
            continue;
        }
        let len = tag_len(rest).ok_or_else(|| err(pos, "tag not closed".into()))?;
        let tag = parse_tag(&rest[..len]).map_err(|reason| err(pos, reason))?;
        let tag_pos = pos;
        pos += len;
        if tag.kind == TagKind::End {
            match elements.pop() {
                Some(top) if top == tag.name => {}
                Some(top) => return Err(err(tag_pos, format!("</{}> closes <{top}>", tag.name))),
                None => return Err(err(tag_pos, format!("</{}> closes nothing", tag.name))),
            }
            if text_depth == Some(elements.len()) {
                text_depth = None;
            }
            if tag.name == "TIMEX3" {
                let t = open.pop().expect("an open TIMEX3 element has an entry");
                got.close_timex(t, tag_pos).map_err(|reason| err(tag_pos, reason))?;
            }
            continue;
        }
        if tag.name == "TEXT" && tag.kind == TagKind::Start {
            if seen_text {
                return Err(err(tag_pos, "a second <TEXT>".into()));
            }
            seen_text = true;
            text_depth = Some(elements.len());
        }
        if tag.name == "TIMEX3" {
            let t = OpenTimex {
                attrs: tag.attrs,
                start: got.text.len(),
                in_text: text_depth.is_some(),
                in_dct: elements.iter().any(|e| e == "DCT"),
            };
            if tag.kind == TagKind::Empty {
                // Open and closed at once: no extent, so only a DCT counts.
                got.close_timex(t, tag_pos).map_err(|reason| err(tag_pos, reason))?;
            } else {
                open.push(t);
            }
        }
        if tag.kind == TagKind::Start {
            elements.push(tag.name);
        }
    }
    if let Some(top) = elements.last() {
        return Err(EvalError::format(path, format!("<{top}> not closed at the end of the file")));
    }
    if !seen_text {
        return Err(EvalError::format(path, "no <TEXT> element"));
    }
    let Some((dct_value, dct_pos)) = got.dct.or(got.dct_element) else {
        return Err(EvalError::format(path, "no DCT (a TIMEX3 with functionInDocument=\"CREATION_TIME\")"));
    };
    let dct = parse_dct(&dct_value)
        .ok_or_else(|| err(dct_pos, format!("the DCT's value `{dct_value}` does not start with a date")))?;
    Ok(TimemlDoc { name, dct, dct_value, text: got.text, timexes: got.timexes })
}

/// The date a DCT value starts with: `YYYY-MM-DD` or `YYYYMMDD`, then the end, `T` or a space.
fn parse_dct(value: &str) -> Option<NaiveDate> {
    let date = value.trim().split(['T', ' ']).next()?;
    if date.len() == 8 && date.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(date, "%Y%m%d").ok();
    }
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Start,
    End,
    Empty,
}

struct Tag {
    kind: TagKind,
    name: String,
    attrs: HashMap<String, String>,
}

/// The length of the tag at the start of `s` (through its `>`), quotes in attribute values
/// respected.
fn tag_len(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// A start, end or empty-element tag, `<` through `>`.
fn parse_tag(raw: &str) -> std::result::Result<Tag, String> {
    let inner = &raw[1..raw.len() - 1];
    let (kind, inner) = if let Some(rest) = inner.strip_prefix('/') {
        (TagKind::End, rest)
    } else if let Some(rest) = inner.strip_suffix('/') {
        (TagKind::Empty, rest)
    } else {
        (TagKind::Start, inner)
    };
    let name_len = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
    let name = &inner[..name_len];
    if name.is_empty() {
        return Err(format!("tag without a name: {raw}"));
    }
    let mut attrs = HashMap::new();
    let mut rest = inner[name_len..].trim_start();
    while !rest.is_empty() {
        if kind == TagKind::End {
            return Err(format!("end tag with attributes: {raw}"));
        }
        let eq = rest.find('=').ok_or_else(|| format!("attribute without a value in {raw}"))?;
        let key = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
        let quote = quote.ok_or_else(|| format!("attribute {key} not quoted in {raw}"))?;
        let close = after[1..].find(quote).ok_or_else(|| format!("attribute {key} not closed in {raw}"))?;
        let mut value = String::new();
        decode_entities(&after[1..1 + close], &mut value);
        attrs.insert(key.to_string(), value);
        rest = after[close + 2..].trim_start();
    }
    Ok(Tag { kind, name: name.to_string(), attrs })
}

/// Append `s` to `out` with XML's entities and character references decoded; an `&` that starts
/// none of them is kept as written.
fn decode_entities(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.get(1..).and_then(|r| r.find(';').filter(|&n| n <= 10)).and_then(|semi| {
            let entity = &rest[1..1 + semi];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, semi + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// Score system time expressions against the gold ones: `predicted[i]` holds the system's timexes
/// for `gold[i]`, with offsets into `gold[i].text`. A document with no entry predicts nothing;
/// entries past the gold documents are ignored (the scorer walks the gold files).
pub fn score(gold: &[TimemlDoc], predicted: &[Vec<PredTimex>]) -> TimeScore {
    let (mut n_gold, mut n_pred) = (0, 0);
    let (mut strict, mut relaxed, mut value, mut kind) = (0, 0, 0, 0);
    for (i, doc) in gold.iter().enumerate() {
        let pred = predicted.get(i).map(Vec::as_slice).unwrap_or_default();
        n_gold += doc.timexes.len();
        n_pred += pred.len();
        strict += strict_matches(&doc.timexes, pred);
        for (g, p) in relaxed_matches(&doc.timexes, pred) {
            let (g, p) = (&doc.timexes[g], &pred[p]);
            relaxed += 1;
            value += usize::from(p.value.as_deref() == Some(g.value.as_str()));
            kind += usize::from(p.kind.eq_ignore_ascii_case(&g.kind));
        }
    }
    let none = n_gold == 0 && n_pred == 0;
    let prf = |matches: usize| {
        if none {
            return (1.0, 1.0, 1.0);
        }
        let p = ratio(matches, n_pred);
        let r = ratio(matches, n_gold);
        (p, r, if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 })
    };
    let accuracy = |matches: usize| if none { 1.0 } else { ratio(matches, relaxed) };
    let (strict_precision, strict_recall, strict_f1) = prf(strict);
    let (relaxed_precision, relaxed_recall, relaxed_f1) = prf(relaxed);
    let (value_precision, value_recall, value_f1) = prf(value);
    let (_, _, type_f1) = prf(kind);
    TimeScore {
        strict_precision,
        strict_recall,
        strict_f1,
        relaxed_precision,
        relaxed_recall,
        relaxed_f1,
        value_precision,
        value_recall,
        value_f1,
        value_accuracy: accuracy(value),
        type_f1,
        type_accuracy: accuracy(kind),
        documents: gold.len(),
        gold: n_gold,
        predicted: n_pred,
        strict_matches: strict,
        relaxed_matches: relaxed,
        value_matches: value,
        type_matches: kind,
    }
}

/// How one system or gold timex of a document fared, for reading a system's errors by kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimexDiff {
    /// Where it starts in the document's text (the gold extent's start when there is one).
    pub at: usize,
    /// `missed` (gold, no system match), `spurious` (system, no gold match), `value` (matched,
    /// wrong value), `extent` (matched, right value, other extent) or `ok`.
    pub verdict: &'static str,
    pub gold: Option<GoldTimex>,
    /// The system's extent text, kind and value.
    pub system: Option<(String, String, Option<String>)>,
}

/// Every gold and system timex of `doc` with its verdict, in text order, matched as [`score`]
/// matches them.
pub fn differences(doc: &TimemlDoc, pred: &[PredTimex]) -> Vec<TimexDiff> {
    let pairs = relaxed_matches(&doc.timexes, pred);
    let sys = |p: &PredTimex| {
        let text = doc.text.get(p.start..p.end).unwrap_or_default().to_string();
        (text, p.kind.clone(), p.value.clone())
    };
    let mut out: Vec<(usize, TimexDiff)> = Vec::new();
    let mut matched_gold = vec![false; doc.timexes.len()];
    let mut matched_pred = vec![false; pred.len()];
    for &(g, p) in &pairs {
        matched_gold[g] = true;
        matched_pred[p] = true;
        let (gt, pt) = (&doc.timexes[g], &pred[p]);
        let verdict = if pt.value.as_deref() != Some(gt.value.as_str()) {
            "value"
        } else if (pt.start, pt.end) != (gt.start, gt.end) {
            "extent"
        } else {
            "ok"
        };
        out.push((
            gt.start,
            TimexDiff { at: gt.start, verdict, gold: Some(gt.clone()), system: Some(sys(pt)) },
        ));
    }
    for (_, gt) in doc.timexes.iter().enumerate().filter(|&(g, _)| !matched_gold[g]) {
        out.push((
            gt.start,
            TimexDiff { at: gt.start, verdict: "missed", gold: Some(gt.clone()), system: None },
        ));
    }
    for (_, pt) in pred.iter().enumerate().filter(|&(p, _)| !matched_pred[p]) {
        out.push((
            pt.start,
            TimexDiff { at: pt.start, verdict: "spurious", gold: None, system: Some(sys(pt)) },
        ));
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, d)| d).collect()
}

fn ratio(n: usize, d: usize) -> f64 {
    if d > 0 {
        n as f64 / d as f64
    } else {
        0.0
    }
}

/// Gold and system timexes with the same extent, each used once.
fn strict_matches(gold: &[GoldTimex], pred: &[PredTimex]) -> usize {
    let mut left: HashMap<(usize, usize), usize> = HashMap::new();
    for g in gold {
        *left.entry((g.start, g.end)).or_default() += 1;
    }
    pred.iter()
        .filter(|p| match left.get_mut(&(p.start, p.end)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .count()
}

/// A maximum one-to-one matching of overlapping gold and system timexes, as (gold, system) index
/// pairs. Each gold timex tries the same extent first, then larger overlaps (Kuhn's augmenting
/// paths: documents hold tens of timexes).
fn relaxed_matches(gold: &[GoldTimex], pred: &[PredTimex]) -> Vec<(usize, usize)> {
    let candidates: Vec<Vec<usize>> = gold
        .iter()
        .map(|g| {
            let mut c: Vec<(bool, usize, usize)> = pred
                .iter()
                .enumerate()
                .filter_map(|(j, p)| {
                    let overlap = p.end.min(g.end).saturating_sub(p.start.max(g.start));
                    (overlap > 0).then_some(((p.start, p.end) != (g.start, g.end), usize::MAX - overlap, j))
                })
                .collect();
            c.sort();
            c.into_iter().map(|(_, _, j)| j).collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; pred.len()];
    for g in 0..gold.len() {
        let mut seen = vec![false; pred.len()];
        augment(g, &candidates, &mut owner, &mut seen);
    }
    let mut pairs: Vec<(usize, usize)> =
        owner.iter().enumerate().filter_map(|(p, g)| g.map(|g| (g, p))).collect();
    pairs.sort();
    pairs
}

fn augment(g: usize, candidates: &[Vec<usize>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
    for &p in &candidates[g] {
        if seen[p] {
            continue;
        }
        seen[p] = true;
        if owner[p].is_none_or(|other| augment(other, candidates, owner, seen)) {
            owner[p] = Some(g);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0" ?>
<TimeML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<DOCID>T1</DOCID>
<!-- a comment with <TIMEX3> in it -->
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-01-08T12:00" temporalFunction="false" functionInDocument="CREATION_TIME">19980108</TIMEX3></DCT>
<TITLE>Markets <TIMEX3 tid="t90" type="DATE" value="1998-01-08">today</TIMEX3></TITLE>
<TEXT>
It's <EVENT eid="e1" class="OCCURRENCE">turning</EVENT> out a bad <TIMEX3 tid="t83" type="DURATION" value="P1W" temporalFunction="false" functionInDocument="NONE">week</TIMEX3> for AT&amp;T.
In <TIMEX3 tid="t85" type='DURATION' value="P1D"><SIGNAL sid="s1">the</SIGNAL> last &#x32;4 hours</TIMEX3>, stocks fell &lt;12%&gt;.<TIMEX3 tid="t9" type="DATE" value="1998-01-08" anchorTimeID="t0"/>
<TIMEX3 tid="t196" type="DATE" value="PRESENT_REF">Now</TIMEX3> &#233;t&#xE9;.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PRESENT" />
<TLINK lid="l1" relType="BEFORE" timeID="t83" relatedToTime="t0"/>
</TimeML>
"#;

    fn doc() -> TimemlDoc {
        parse("t1.tml", DOC).unwrap()
    }

    #[test]
    fn reads_text_timexes_and_dct() {
        let d = doc();
        assert_eq!(d.name, "t1.tml");
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(1998, 1, 8).unwrap());
        assert_eq!(d.dct_value, "1998-01-08T12:00");
        assert_eq!(
            d.text,
            "\nIt's turning out a bad week for AT&T.\nIn the last 24 hours, stocks fell <12%>.\nNow été.\n"
        );
        let got: Vec<_> =
            d.timexes.iter().map(|t| (t.tid.as_str(), t.kind.as_str(), t.value.as_str())).collect();
        // The DCT, the title's timex and the empty t9 are not scored.
        assert_eq!(
            got,
            [("t83", "DURATION", "P1W"), ("t85", "DURATION", "P1D"), ("t196", "DATE", "PRESENT_REF")]
        );
        for t in &d.timexes {
            assert_eq!(&d.text[t.start..t.end], t.text);
        }
        assert_eq!(d.timexes[1].text, "the last 24 hours");
    }

    #[test]
    fn dct_inside_text_is_not_scored() {
        let xml = "<TimeML><TEXT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"19980227\" \
                   functionInDocument=\"CREATION_TIME\">02/27/98</TIMEX3>\r\nOn <TIMEX3 tid=\"t1\" \
                   type=\"DATE\" value=\"1998-02-26\">Thursday</TIMEX3></TEXT></TimeML>";
        let d = parse("in.tml", xml).unwrap();
        assert_eq!(d.dct, NaiveDate::from_ymd_opt(1998, 2, 27).unwrap());
        assert_eq!(d.text, "02/27/98\nOn Thursday");
        assert_eq!(d.timexes.len(), 1);
        assert_eq!((d.timexes[0].start, d.timexes[0].end), (12, 20));
    }

    #[test]
    fn bad_files_say_why() {
        let no_dct =
            "<TimeML><TEXT>On <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"X\">Monday</TIMEX3></TEXT></TimeML>";
        assert!(parse("a.tml", no_dct).unwrap_err().to_string().contains("no DCT"));
        let crossed = "<TimeML>\n<TEXT><EVENT>a</TEXT></EVENT></TimeML>";
        assert_eq!(parse("b.tml", crossed).unwrap_err().to_string(), "b.tml:2: </TEXT> closes <EVENT>");
        let bad_dct = "<TimeML><DCT><TIMEX3 tid=\"t0\" value=\"XXXX\" functionInDocument=\"CREATION_TIME\">x</TIMEX3></DCT><TEXT>a</TEXT></TimeML>";
        assert!(parse("c.tml", bad_dct).unwrap_err().to_string().contains("`XXXX`"));
        let no_text = "<TimeML><DCT><TIMEX3 tid=\"t0\" value=\"1998-01-01\" functionInDocument=\"CREATION_TIME\">x</TIMEX3></DCT></TimeML>";
        assert!(parse("d.tml", no_text).unwrap_err().to_string().contains("no <TEXT>"));
        assert!(parse("e.tml", "<TimeML><TEXT>a</TEXT>").unwrap_err().to_string().contains("not closed"));
    }

    #[test]
    fn dct_values() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(parse_dct("1998-01-08"), d(1998, 1, 8));
        assert_eq!(parse_dct("1998-01-08T09:24:00"), d(1998, 1, 8));
        assert_eq!(parse_dct("19980108"), d(1998, 1, 8));
        assert_eq!(parse_dct("1998-01"), None);
        assert_eq!(parse_dct("199801081"), None);
        assert_eq!(parse_dct("PRESENT_REF"), None);
    }

    fn pred(start: usize, end: usize, kind: &str, value: Option<&str>) -> PredTimex {
        PredTimex { start, end, kind: kind.to_string(), value: value.map(str::to_string) }
    }

    fn close(got: f64, want: f64) {
        assert!((got - want).abs() < 1e-12, "got {got}, want {want}");
    }

    #[test]
    fn lists_differences_by_kind() {
        let d = doc();
        assert_eq!(
            d.dct_datetime(),
            NaiveDate::from_ymd_opt(1998, 1, 8).and_then(|x| x.and_hms_opt(12, 0, 0)).unwrap()
        );
        let [week, hours, now] = [0, 1, 2].map(|i| (d.timexes[i].start, d.timexes[i].end));
        let predicted = vec![
            pred(week.0, week.1, "DURATION", Some("P1W")),
            pred(hours.0 + 4, hours.1, "DURATION", Some("P1D")),
            pred(now.0 - 19, now.0 - 13, "DATE", Some("1998-01-08")),
        ];
        let diffs = differences(&d, &predicted);
        let got: Vec<(&str, Option<&str>, Option<String>)> = diffs
            .iter()
            .map(|x| {
                (x.verdict, x.gold.as_ref().map(|g| g.value.as_str()), x.system.as_ref().map(|s| s.0.clone()))
            })
            .collect();
        let sys = |t: &str| Some(t.to_string());
        assert_eq!(
            got,
            vec![
                ("ok", Some("P1W"), sys("week")),
                ("extent", Some("P1D"), sys("last 24 hours")),
                ("spurious", None, sys("stocks")),
                ("missed", Some("PRESENT_REF"), None),
            ]
        );
    }

    #[test]
    fn scores_as_tempeval3() {
        let d = doc();
        let [week, hours, now] = [0, 1, 2].map(|i| (d.timexes[i].start, d.timexes[i].end));
        // Exact match, right type and value.
        let s = score(std::slice::from_ref(&d), &[vec![pred(week.0, week.1, "DURATION", Some("P1W"))]]);
        assert_eq!((s.gold, s.predicted, s.strict_matches, s.relaxed_matches), (3, 1, 1, 1));
        close(s.strict_precision, 1.0);
        close(s.strict_recall, 1.0 / 3.0);
        close(s.value_f1, 0.5);
        close(s.type_accuracy, 1.0);

        let predicted = vec![
            // Exact extent, wrong value and wrong type.
            pred(week.0, week.1, "duration", Some("P7D")),
            // "last 24 hours": overlaps only, right value, wrong type.
            pred(hours.0 + 4, hours.1, "DATE", Some("P1D")),
            // "Now" missed; an extra one ("stocks").
            pred(now.0 - 22, now.0 - 16, "DATE", Some("1998-01-08")),
        ];
        let s = score(std::slice::from_ref(&d), &[predicted]);
        assert_eq!((s.documents, s.gold, s.predicted), (1, 3, 3));
        assert_eq!((s.strict_matches, s.relaxed_matches, s.value_matches, s.type_matches), (1, 2, 1, 1));
        close(s.strict_f1, 1.0 / 3.0);
        close(s.relaxed_precision, 2.0 / 3.0);
        close(s.relaxed_recall, 2.0 / 3.0);
        close(s.relaxed_f1, 2.0 / 3.0);
        close(s.value_precision, 1.0 / 3.0);
        close(s.value_f1, 1.0 / 3.0);
        // TempEval-3's attribute F1: accuracy × relaxed F1.
        close(s.value_f1, s.value_accuracy * s.relaxed_f1);
        close(s.type_accuracy, 0.5);
        close(s.type_f1, s.type_accuracy * s.relaxed_f1);

        // A missing prediction list, and no value at all.
        let s = score(&[d.clone(), d.clone()], &[vec![pred(now.0, now.1, "DATE", None)]]);
        assert_eq!((s.documents, s.gold, s.predicted, s.relaxed_matches, s.value_matches), (2, 6, 1, 1, 0));
        close(s.strict_recall, 1.0 / 6.0);
        assert_eq!(s.value_f1, 0.0);

        // Nothing to find and nothing found: all 1, as the scorer; nothing found: all 0.
        let empty = TimemlDoc { timexes: vec![], ..d.clone() };
        let s = score(&[empty], &[]);
        assert_eq!((s.strict_f1, s.relaxed_f1, s.value_f1, s.type_accuracy), (1.0, 1.0, 1.0, 1.0));
        let s = score(std::slice::from_ref(&d), &[]);
        assert_eq!((s.strict_f1, s.relaxed_f1, s.value_f1, s.type_accuracy), (0.0, 0.0, 0.0, 0.0));
        // Gold against itself.
        let own: Vec<PredTimex> =
            d.timexes.iter().map(|t| pred(t.start, t.end, &t.kind, Some(&t.value))).collect();
        let s = score(std::slice::from_ref(&d), &[own]);
        assert_eq!((s.strict_f1, s.relaxed_f1, s.value_f1, s.type_accuracy), (1.0, 1.0, 1.0, 1.0));
    }

    #[test]
    fn relaxed_matching_is_one_to_one_and_maximal() {
        let g = |start, end| GoldTimex {
            tid: String::new(),
            start,
            end,
            kind: "DATE".into(),
            value: String::new(),
            text: String::new(),
        };
        // Gold A = 0..10 and B = 12..20; system P0 = 5..15 overlaps both (more of A), P1 = 0..4
        // only A. The maximum matching pairs A-P1 and B-P0.
        let gold = [g(0, 10), g(12, 20)];
        let system = [pred(5, 15, "DATE", None), pred(0, 4, "DATE", None)];
        assert_eq!(relaxed_matches(&gold, &system), [(0, 1), (1, 0)]);
        // One system timex over two gold ones matches one of them.
        assert_eq!(relaxed_matches(&gold, &system[..1]), [(0, 0)]);
        // Two system timexes inside one gold timex: one match, the other is a false positive.
        let inner = [pred(0, 3, "DATE", None), pred(4, 8, "DATE", None)];
        assert_eq!(relaxed_matches(&gold[..1], &inner).len(), 1);
        // Touching is not overlapping; an exact extent wins over a larger overlap.
        assert!(relaxed_matches(&gold[..1], &[pred(10, 12, "DATE", None)]).is_empty());
        let both = [pred(0, 11, "DATE", None), pred(0, 10, "DATE", None)];
        assert_eq!(relaxed_matches(&gold[..1], &both), [(0, 1)]);
        assert_eq!(strict_matches(&gold, &both), 1);
    }

    #[test]
    fn kinds_map_both_ways() {
        for kind in [TimeKind::Date, TimeKind::Time, TimeKind::Duration, TimeKind::Set] {
            assert_eq!(time_kind(type_name(kind)), Some(kind));
        }
        assert_eq!(time_kind("duration"), Some(TimeKind::Duration));
        assert_eq!(time_kind("EVENT"), None);
    }
}
