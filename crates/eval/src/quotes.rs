//! Attribution (quote) extraction: the reader for brat standoff annotations in PolNeAR's scheme
//! and the metric DESIGN §5 reports (`content_f1`, `source_f1`, `cue_f1`).
//!
//! # Reading
//!
//! PolNeAR (Newell, Margolin & Ruths 2018) keeps each split as `text/<article>.txt` and
//! `attributions/<article>_<annotator>.ann`. An `.ann` file holds text-bound annotations
//! `T<n>\t<Type> <start> <end>[;<start> <end>...]\t<covered text>` (types `Source`, `Cue`,
//! `Content`, the `Attribution` trigger, and `Discuss`/`Discard` notes), and events
//! `E<n>\tAttribution:T.. Source:T.. Cue:T.. Content:T.. [Content2:T..]` (type
//! `Attribution-no-source` when the source is not stated) that tie one attribution's roles
//! together. [`read_dir`] turns every event with a content into a [`GoldAttribution`]:
//!
//! - a role's spans are the spans of every `T` given for it (`Content2` adds to `Content`: role
//!   names are read without their trailing digits), sorted; discontinuous spans stay separate;
//! - brat offsets count characters (code points); they are converted to byte offsets into
//!   [`QuoteDoc::text`];
//! - events without a content (a few dozen in PolNeAR) are skipped and counted in
//!   [`QuoteDoc::skipped`]; `T` annotations no event refers to are ignored, and so are notes
//!   (`#`), attributes, relations, and the continuation lines of covered texts that span lines.
//!
//! Some articles were annotated by several annotators; one annotation per article is read: that of
//! the first annotator that `metadata.tsv` (in the split's directory or its parent) lists for it
//! and that has a file, else the alphabetically first file. In PolNeAR the two rules agree.
//! [`read_all`] reads every annotation of each text instead. A directory of `X.txt` + `X.ann`
//! pairs (brat's own layout) is read as well.
//!
//! # Scoring
//!
//! Spans are compared through the tokens they cover. A token is a maximal run of alphanumeric
//! characters of the document's text, or any other single character that is not white space
//! (punctuation is a token, as with the usual tokenizers: PolNeAR has cues that are a colon or a
//! dash); a span set covers a token when it overlaps at least one of its bytes.
//!
//! 1. **Matching.** In each document, predicted and gold attributions are paired one-to-one so
//!    that the total number of content tokens they share is maximal (an optimal assignment,
//!    Hungarian algorithm); among such pairings, the one where most pairs also agree on source and
//!    cue (as in 3.) is taken. Pairs sharing no content token are not matches.
//! 2. **Content** (soft precision and recall, as Johansson & Moschitti's overlap metric for
//!    opinion expressions): a matched pair sharing `o` tokens, with `|p|` predicted and `|g|` gold
//!    content tokens, adds `o/|p|` to the precision sum and `o/|g|` to the recall sum.
//!    `content_precision` = precision sum / number of predicted attributions; `content_recall` =
//!    recall sum / number of gold attributions (unmatched ones add 0). A predicted content that
//!    covers two gold contents is matched to one of them and is partly wrong; two predictions
//!    splitting one gold content leave one unmatched.
//! 3. **Source** and **cue**: a matched pair is correct when both give the role and the predicted
//!    span shares at least one token with the gold role's spans. Precision = correct / predicted
//!    attributions that give the role (matched or not); recall = correct / gold attributions that
//!    have it.
//!
//! F1 = 2PR/(P+R); a P or R with a zero denominator is 0. All sums are over the whole corpus
//! (micro-averaged over attributions, not per document).
//!
//! **Agreement.** [`agreement`] scores the annotators of the texts annotated several times
//! against each other with the same metric (each annotation as predictions against each other
//! one), which says how high a figure can be expected to go: on PolNeAR's train split, 16 texts
//! annotated by 5 or 6 annotators each, source F1 is 0.81. [`score_each`] scores a system's
//! predictions against every annotation of those texts, for the figure to set beside it.
//!
//! Compared with BBC Citron's `citron_evaluate.py` overlap metrics (the figures SOURCE.md quotes):
//! Citron sums, over every predicted × gold quote pair, the tokens their spans share, without a
//! matching, and divides by all predicted and all gold tokens (token-weighted: a long quote weighs
//! more). Here every attribution weighs the same and a predicted content is credited to one gold
//! attribution only, so a figure here is not Citron's figure.
//!
//! storyweave's analyzer gives each quote's content, source and cue as spans of its sentences,
//! which are scored as they are. [`locate`] turns a name into a span (the occurrence of the name,
//! or of its last word, closest to the quote) for predictions that give a name only.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{EvalError, Result};
use crate::io::read_text;

/// A byte range `[start, end)` of a document's text.
pub type Span = (usize, usize);

/// One gold attribution: its content, and the source and cue when annotated. Byte offsets into
/// [`QuoteDoc::text`], sorted; a role annotated discontinuously has several spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldAttribution {
    pub content: Vec<Span>,
    pub source: Option<Vec<Span>>,
    pub cue: Option<Vec<Span>>,
}

/// One annotated document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuoteDoc {
    /// The text file's name without `.txt`.
    pub name: String,
    /// The annotator whose file was read (PolNeAR's file-name suffix), when the name has one.
    pub annotator: Option<String>,
    pub text: String,
    /// In the order of their first content span.
    pub quotes: Vec<GoldAttribution>,
    /// Events left out because they have no content.
    pub skipped: usize,
}

/// One predicted attribution, in byte offsets into the document's text (a content may come in
/// parts, as a split quote does).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PredAttribution {
    pub content: Vec<Span>,
    pub source: Option<Span>,
    pub cue: Option<Span>,
}

/// The figures of [`score`] (0..1), with the counts they come from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct QuoteScore {
    pub content_precision: f64,
    pub content_recall: f64,
    pub content_f1: f64,
    pub source_precision: f64,
    pub source_recall: f64,
    pub source_f1: f64,
    pub cue_precision: f64,
    pub cue_recall: f64,
    pub cue_f1: f64,
    pub documents: usize,
    /// Gold attributions.
    pub gold: usize,
    /// Predicted attributions.
    pub predicted: usize,
    /// Pairs matched on content.
    pub matched: usize,
    /// What the source figures are made of: right sources, predicted attributions giving a
    /// source, gold attributions having one.
    pub source_counts: [usize; 3],
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

fn numbered(id: &str, prefix: char) -> bool {
    id.strip_prefix(prefix).is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Parse one `.ann` file against its text: the attributions its events define, and the number of
/// events skipped for having no content. `path` names the file in errors.
pub fn parse_ann(text: &str, ann: &str, path: &Path) -> Result<(Vec<GoldAttribution>, usize)> {
    // Byte offset of every character, and of the end.
    let offsets: Vec<usize> =
        text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
    let chars = offsets.len() - 1;
    let mut bound: HashMap<&str, Vec<Span>> = HashMap::new();
    // (line, id, (role, target) arguments) of each event.
    type Event<'a> = (usize, &'a str, Vec<(&'a str, &'a str)>);
    let mut events: Vec<Event> = Vec::new();
    for (i, line) in ann.split('\n').enumerate() {
        let line_no = i + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Some((id, rest)) = line.split_once('\t') else { continue };
        if numbered(id, 'T') {
            let head = rest.split_once('\t').map_or(rest, |(h, _)| h);
            let Some((_kind, ranges)) = head.split_once(' ') else {
                return Err(EvalError::record(path, line_no, format!("{id} has no offsets")));
            };
            let mut spans = Vec::new();
            for range in ranges.split(';') {
                let nums: Vec<usize> =
                    range.split_whitespace().map(str::parse).collect::<Result<_, _>>().map_err(|_| {
                        EvalError::record(path, line_no, format!("{id}: bad offsets `{ranges}`"))
                    })?;
                let &[start, end] = &nums[..] else {
                    return Err(EvalError::record(path, line_no, format!("{id}: bad offsets `{ranges}`")));
                };
                if start > end || end > chars {
                    return Err(EvalError::record(
                        path,
                        line_no,
                        format!("{id}: offsets {start} {end} outside the text ({chars} characters)"),
                    ));
                }
                spans.push((offsets[start], offsets[end]));
            }
            bound.insert(id, spans);
        } else if numbered(id, 'E') {
            let mut args = Vec::new();
            for arg in rest.split_whitespace() {
                let Some((role, target)) = arg.split_once(':') else {
                    return Err(EvalError::record(path, line_no, format!("{id}: bad argument `{arg}`")));
                };
                args.push((role, target));
            }
            events.push((line_no, id, args));
        }
    }
    let mut quotes = Vec::new();
    let mut skipped = 0;
    for (line_no, id, args) in events {
        let (mut content, mut source, mut cue) = (Vec::new(), None::<Vec<Span>>, None::<Vec<Span>>);
        // The first argument is the event's type and trigger.
        for &(role, target) in args.iter().skip(1) {
            let spans = bound.get(target).ok_or_else(|| {
                EvalError::record(path, line_no, format!("{id} refers to {target}, which is not defined"))
            })?;
            match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Content" => content.extend_from_slice(spans),
                "Source" => source.get_or_insert_with(Vec::new).extend_from_slice(spans),
                "Cue" => cue.get_or_insert_with(Vec::new).extend_from_slice(spans),
                _ => {}
            }
        }
        if content.is_empty() {
            skipped += 1;
            continue;
        }
        for spans in [Some(&mut content), source.as_mut(), cue.as_mut()].into_iter().flatten() {
            spans.sort_unstable();
            spans.dedup();
        }
        quotes.push(GoldAttribution { content, source, cue });
    }
    quotes.sort_by(|a, b| a.content.cmp(&b.content));
    Ok((quotes, skipped))
}

/// `metadata.tsv`'s annotators per file name, when the file is there.
fn read_metadata(dir: &Path) -> Result<HashMap<String, Vec<String>>> {
    let candidates = [Some(dir.join("metadata.tsv")), dir.parent().map(|p| p.join("metadata.tsv"))];
    let Some(path) = candidates.into_iter().flatten().find(|p| p.is_file()) else {
        return Ok(HashMap::new());
    };
    let text = read_text(&path)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| EvalError::format(&path, format!("no `{name}` column")))
    };
    let (file_col, annotators_col) = (col("filename")?, col("annotators")?);
    let mut out = HashMap::new();
    for line in lines {
        let fields: Vec<&str> = line.split('\t').collect();
        if let (Some(file), Some(annotators)) = (fields.get(file_col), fields.get(annotators_col)) {
            out.insert(file.to_string(), annotators.split('|').map(str::to_string).collect());
        }
    }
    Ok(out)
}

fn files_with_ext(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| EvalError::io(dir, e))? {
        let path = entry.map_err(|e| EvalError::io(dir, e))?.path();
        if path.is_file() && path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

fn stem_of(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

fn read_doc(txt: &Path, ann: &Path, name: String, annotator: Option<String>) -> Result<QuoteDoc> {
    let text = read_text(txt)?;
    let (quotes, skipped) = parse_ann(&text, &read_text(ann)?, ann)?;
    Ok(QuoteDoc { name, annotator, text, quotes, skipped })
}

/// One text with every annotation made of it: several for the PolNeAR articles that several
/// annotators annotated, first the one [`read_dir`] reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnotatedText {
    /// The text file's name without `.txt`.
    pub name: String,
    pub text: String,
    /// Each annotation's annotator (when the file name gives one) and attributions.
    pub annotations: Vec<(Option<String>, Vec<GoldAttribution>)>,
}

/// Read a directory of brat annotations: a PolNeAR split (`text/` and `attributions/`), or `.txt`
/// files each with a `.ann` of the same name. Documents come sorted by name; in the PolNeAR
/// layout a text without any annotation file is left out.
pub fn read_dir(dir: &Path) -> Result<Vec<QuoteDoc>> {
    let mut docs = Vec::new();
    for (txt, name, files) in annotation_files(dir)? {
        let (annotator, ann) = files.into_iter().next().unwrap_or_default();
        docs.push(read_doc(&txt, &ann, name, annotator)?);
    }
    Ok(docs)
}

/// Read every annotation of every text of a directory laid out as for [`read_dir`].
pub fn read_all(dir: &Path) -> Result<Vec<AnnotatedText>> {
    let mut out = Vec::new();
    for (txt, name, files) in annotation_files(dir)? {
        let text = read_text(&txt)?;
        let mut annotations = Vec::with_capacity(files.len());
        for (annotator, ann) in files {
            annotations.push((annotator, parse_ann(&text, &read_text(&ann)?, &ann)?.0));
        }
        out.push(AnnotatedText { name, text, annotations });
    }
    Ok(out)
}

/// Each text with its annotation files, as `(text path, name, [(annotator, .ann path)])`, sorted
/// by name; a text's files come in the order of the annotators `metadata.tsv` lists for it, then
/// the others alphabetically.
type TextFiles = (PathBuf, String, Vec<(Option<String>, PathBuf)>);

fn annotation_files(dir: &Path) -> Result<Vec<TextFiles>> {
    let (text_dir, ann_dir) = (dir.join("text"), dir.join("attributions"));
    if text_dir.is_dir() && ann_dir.is_dir() {
        let metadata = read_metadata(dir)?;
        // Annotation files by article: `<article>_<annotator>.ann` or `<article>.ann`.
        let texts = files_with_ext(&text_dir, "txt")?;
        let names: HashMap<String, &PathBuf> = texts.iter().map(|p| (stem_of(p), p)).collect();
        let mut anns: HashMap<&str, Vec<(Option<String>, PathBuf)>> = HashMap::new();
        for ann in files_with_ext(&ann_dir, "ann")? {
            let stem = stem_of(&ann);
            let (name, annotator) = match names.get_key_value(stem.as_str()) {
                Some((name, _)) => (name.as_str(), None),
                None => match stem.rsplit_once('_').and_then(|(n, a)| Some((names.get_key_value(n)?.0, a))) {
                    Some((name, a)) => (name.as_str(), Some(a.to_string())),
                    None => continue,
                },
            };
            anns.entry(name).or_default().push((annotator, ann));
        }
        let mut out = Vec::new();
        for txt in &texts {
            let name = stem_of(txt);
            let Some(mut files) = anns.remove(name.as_str()) else { continue };
            let listed = metadata.get(&name).map_or(&[][..], Vec::as_slice);
            // Listed annotators first, in their order; the files are already sorted by path.
            files.sort_by_key(|(a, _)| {
                a.as_ref().and_then(|a| listed.iter().position(|l| l == a)).unwrap_or(listed.len())
            });
            out.push((txt.clone(), name, files));
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    for ann in files_with_ext(dir, "ann")? {
        let txt = ann.with_extension("txt");
        if txt.is_file() {
            out.push((txt, stem_of(&ann), vec![(None, ann)]));
        }
    }
    if out.is_empty() {
        let mut splits: Vec<String> = std::fs::read_dir(dir)
            .map_err(|e| EvalError::io(dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.join("text").is_dir() && p.join("attributions").is_dir())
            .map(|p| p.file_name().unwrap_or_default().to_string_lossy().into_owned())
            .collect();
        splits.sort();
        let hint = if splits.is_empty() {
            "expected text/ and attributions/ (PolNeAR) or X.txt with X.ann (brat)".to_string()
        } else {
            format!("this is a corpus root; give one of its splits: {}", splits.join(", "))
        };
        return Err(EvalError::format(dir, format!("no brat annotations: {hint}")));
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

/// The tokens of one document, as byte ranges in text order.
struct Tokens(Vec<Span>);

impl Tokens {
    fn new(text: &str) -> Self {
        let mut spans: Vec<Span> = Vec::new();
        let mut word = None;
        for (i, c) in text.char_indices() {
            if c.is_alphanumeric() {
                word.get_or_insert(i);
                continue;
            }
            if let Some(s) = word.take() {
                spans.push((s, i));
            }
            if !c.is_whitespace() {
                spans.push((i, i + c.len_utf8()));
            }
        }
        if let Some(s) = word {
            spans.push((s, text.len()));
        }
        Tokens(spans)
    }

    /// Indices of the tokens the spans overlap, sorted and unique.
    fn covered(&self, spans: &[Span]) -> Vec<usize> {
        let mut out = Vec::new();
        for &(a, b) in spans {
            let first = self.0.partition_point(|&(_, end)| end <= a);
            out.extend((first..self.0.len()).take_while(|&i| self.0[i].0 < b));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

fn shared(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Minimum-cost assignment of every row to a distinct column (rows ≤ columns): the
/// shortest-augmenting-path Hungarian algorithm, O(rows² · columns).
fn assign(cost: &[Vec<i64>]) -> Vec<usize> {
    let (n, m) = (cost.len(), cost.first().map_or(0, Vec::len));
    debug_assert!(n <= m);
    let inf = i64::MAX / 4;
    let (mut u, mut v) = (vec![0i64; n + 1], vec![0i64; m + 1]);
    let (mut owner, mut way) = (vec![0usize; m + 1], vec![0usize; m + 1]);
    for row in 1..=n {
        owner[0] = row;
        let mut j0 = 0;
        let mut minv = vec![inf; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = owner[j0];
            let (mut delta, mut j1) = (inf, 0);
            for j in 1..=m {
                if !used[j] {
                    let cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[owner[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if owner[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            owner[j0] = owner[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut out = vec![0; n];
    for j in 1..=m {
        if owner[j] != 0 {
            out[owner[j] - 1] = j - 1;
        }
    }
    out
}

/// Pairs (predicted, gold) maximising `weight`, leaving out pairs of weight 0.
pub(crate) fn best_matching(weight: &[Vec<i64>]) -> Vec<(usize, usize)> {
    let rows = weight.len();
    let cols = weight.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return Vec::new();
    }
    let transpose = rows > cols;
    let cost: Vec<Vec<i64>> = if transpose {
        (0..cols).map(|j| (0..rows).map(|i| -weight[i][j]).collect()).collect()
    } else {
        weight.iter().map(|r| r.iter().map(|w| -w).collect()).collect()
    };
    assign(&cost)
        .into_iter()
        .enumerate()
        .map(|(a, b)| if transpose { (b, a) } else { (a, b) })
        .filter(|&(p, g)| weight[p][g] > 0)
        .collect()
}

#[derive(Default)]
struct Counts {
    content_p: f64,
    content_r: f64,
    source: [usize; 3],
    cue: [usize; 3],
    gold: usize,
    predicted: usize,
    matched: usize,
}

/// Precision, recall and F1 of a role from its counts `[right, predicted, gold]` (as
/// [`QuoteScore::source_counts`] gives them).
pub fn role_prf([right, predicted, gold]: [usize; 3]) -> (f64, f64, f64) {
    prf(right as f64, predicted, right as f64, gold)
}

fn prf(p_num: f64, p_den: usize, r_num: f64, r_den: usize) -> (f64, f64, f64) {
    let p = if p_den > 0 { p_num / p_den as f64 } else { 0.0 };
    let r = if r_den > 0 { r_num / r_den as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

/// One attribution's role spans, given or predicted: a role may have several spans.
struct Roles<'a> {
    content: &'a [Span],
    source: Option<&'a [Span]>,
    cue: Option<&'a [Span]>,
}

impl<'a> From<&'a PredAttribution> for Roles<'a> {
    fn from(p: &'a PredAttribution) -> Self {
        Roles {
            content: &p.content,
            source: p.source.as_ref().map(std::slice::from_ref),
            cue: p.cue.as_ref().map(std::slice::from_ref),
        }
    }
}

impl<'a> From<&'a GoldAttribution> for Roles<'a> {
    fn from(g: &'a GoldAttribution) -> Self {
        Roles { content: &g.content, source: g.source.as_deref(), cue: g.cue.as_deref() }
    }
}

fn score_doc(text: &str, gold: &[GoldAttribution], predicted: &[Roles], counts: &mut Counts) {
    let tokens = Tokens::new(text);
    let covered = |r: &Roles| -> [Option<Vec<usize>>; 3] {
        [
            Some(tokens.covered(r.content)),
            r.source.map(|s| tokens.covered(s)),
            r.cue.map(|c| tokens.covered(c)),
        ]
    };
    let gold: Vec<[Option<Vec<usize>>; 3]> = gold.iter().map(|g| covered(&g.into())).collect();
    let pred: Vec<[Option<Vec<usize>>; 3]> = predicted.iter().map(covered).collect();
    let agrees = |p: &Option<Vec<usize>>, g: &Option<Vec<usize>>| match (p, g) {
        (Some(p), Some(g)) => shared(p, g) > 0,
        _ => false,
    };
    // Weight: shared content tokens first; agreements on source and cue break ties only.
    let scale = 2 * pred.len().min(gold.len()) as i64 + 1;
    let weight: Vec<Vec<i64>> = pred
        .iter()
        .map(|p| {
            gold.iter()
                .map(|g| {
                    let o = shared(p[0].as_deref().unwrap_or(&[]), g[0].as_deref().unwrap_or(&[])) as i64;
                    if o == 0 {
                        0
                    } else {
                        o * scale + i64::from(agrees(&p[1], &g[1])) + i64::from(agrees(&p[2], &g[2]))
                    }
                })
                .collect()
        })
        .collect();
    for (pi, gi) in best_matching(&weight) {
        let (p, g) = (&pred[pi], &gold[gi]);
        let (pc, gc) = (p[0].as_deref().unwrap_or(&[]), g[0].as_deref().unwrap_or(&[]));
        let o = shared(pc, gc) as f64;
        counts.content_p += o / pc.len() as f64;
        counts.content_r += o / gc.len() as f64;
        counts.matched += 1;
        counts.source[0] += usize::from(agrees(&p[1], &g[1]));
        counts.cue[0] += usize::from(agrees(&p[2], &g[2]));
    }
    counts.source[1] += pred.iter().filter(|p| p[1].is_some()).count();
    counts.source[2] += gold.iter().filter(|g| g[1].is_some()).count();
    counts.cue[1] += pred.iter().filter(|p| p[2].is_some()).count();
    counts.cue[2] += gold.iter().filter(|g| g[2].is_some()).count();
    counts.gold += gold.len();
    counts.predicted += pred.len();
}

/// Score predicted attributions against the gold ones; `predicted[i]` belongs to `gold[i]` (a
/// missing entry is a document with no predictions; entries past the gold documents are
/// ignored). See the module documentation for the metric.
pub fn score(gold: &[QuoteDoc], predicted: &[Vec<PredAttribution>]) -> QuoteScore {
    let mut c = Counts::default();
    for (i, doc) in gold.iter().enumerate() {
        let pred: Vec<Roles> = predicted.get(i).into_iter().flatten().map(Roles::from).collect();
        score_doc(&doc.text, &doc.quotes, &pred, &mut c);
    }
    finish(&c, gold.len())
}

/// Predictions for each text scored against every annotation of it, as [`score`] scores them
/// against one: each annotation counts as a document of its own, so each annotator weighs alike.
pub fn score_each(texts: &[AnnotatedText], predicted: &[Vec<PredAttribution>]) -> QuoteScore {
    let mut c = Counts::default();
    for (i, t) in texts.iter().enumerate() {
        let pred: Vec<Roles> = predicted.get(i).into_iter().flatten().map(Roles::from).collect();
        for (_, gold) in &t.annotations {
            score_doc(&t.text, gold, &pred, &mut c);
        }
    }
    finish(&c, texts.len())
}

/// How far the annotators of the texts annotated more than once agree, scored as [`score`]
/// scores a system: each annotation of a text is scored as predictions against each other
/// annotation of it as gold, with the annotator's spans as they are (discontinuous roles too).
/// Every ordered pair counts once, so precision and recall are equal. Texts with one annotation
/// are left out; `documents` counts the texts scored.
pub fn agreement(texts: &[AnnotatedText]) -> QuoteScore {
    let mut c = Counts::default();
    let mut scored = 0;
    for t in texts.iter().filter(|t| t.annotations.len() > 1) {
        scored += 1;
        for (i, (_, gold)) in t.annotations.iter().enumerate() {
            for (j, (_, other)) in t.annotations.iter().enumerate() {
                if i != j {
                    let pred: Vec<Roles> = other.iter().map(Roles::from).collect();
                    score_doc(&t.text, gold, &pred, &mut c);
                }
            }
        }
    }
    finish(&c, scored)
}

fn finish(c: &Counts, documents: usize) -> QuoteScore {
    let (content_precision, content_recall, content_f1) = prf(c.content_p, c.predicted, c.content_r, c.gold);
    let (source_precision, source_recall, source_f1) = role_prf(c.source);
    let (cue_precision, cue_recall, cue_f1) = role_prf(c.cue);
    QuoteScore {
        content_precision,
        content_recall,
        content_f1,
        source_precision,
        source_recall,
        source_f1,
        cue_precision,
        cue_recall,
        cue_f1,
        documents,
        gold: c.gold,
        predicted: c.predicted,
        matched: c.matched,
        source_counts: c.source,
    }
}

// ---------------------------------------------------------------------------------------------
// Speaker names to spans
// ---------------------------------------------------------------------------------------------

/// Word-bounded occurrences of `needle` in `text` (ASCII case folded when `fold`).
fn occurrences(text: &str, needle: &str, fold: bool) -> Vec<Span> {
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    if n.is_empty() || n.len() > t.len() {
        return Vec::new();
    }
    // Whether the text joins a word onto the match: a letter or digit, or a hyphen before one
    // ("Smith" is not found in "Smith-Jones"; it is in "Smith's").
    let joins_after = |rest: &str| {
        let mut cs = rest.chars();
        match cs.next() {
            Some(c) if c.is_alphanumeric() => true,
            Some('-') => cs.next().is_some_and(char::is_alphanumeric),
            _ => false,
        }
    };
    let joins_before = |head: &str| {
        let mut cs = head.chars().rev();
        match cs.next() {
            Some(c) if c.is_alphanumeric() => true,
            Some('-') => cs.next().is_some_and(char::is_alphanumeric),
            _ => false,
        }
    };
    // A boundary is only required where the needle itself starts or ends with a word character.
    let starts_word = needle.chars().next().is_some_and(char::is_alphanumeric);
    let ends_word = needle.chars().next_back().is_some_and(char::is_alphanumeric);
    let mut out = Vec::new();
    for start in 0..=t.len() - n.len() {
        let end = start + n.len();
        let hit = if fold { t[start..end].eq_ignore_ascii_case(n) } else { &t[start..end] == n };
        if !hit || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if (starts_word && joins_before(&text[..start])) || (ends_word && joins_after(&text[end..])) {
            continue;
        }
        out.push((start, end));
    }
    out
}

/// The last word of a name that can stand for it (a surname): generational suffixes and
/// one-letter initials are passed over.
fn last_name(name: &str) -> Option<&str> {
    name.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() > 1)
        .rfind(|w| !matches!(w.to_ascii_lowercase().as_str(), "jr" | "sr" | "ii" | "iii" | "iv"))
}

/// The occurrence of `needle` (a speaker's name) closest to the span `near` (the quote), as a
/// byte span of `text`; `None` when the name does not occur.
///
/// Tried in turn, the first that occurs wins: the name as given, the name with ASCII case
/// ignored, then its last word ("Sen. Bernie Sanders" → "Sanders"). Occurrences must be whole
/// words. The closest is taken in this order: occurrences in the same paragraph (no line break
/// between them and `near`) first, then those outside `near` (the speaker is seldom inside the
/// quote), then by the gap in bytes, then the earlier. On PolNeAR dev, looking up each gold
/// source's own text near its content finds the gold span for 97.7% of the sources.
pub fn locate(text: &str, near: Span, needle: &str) -> Option<Span> {
    let needle = needle.trim();
    if needle.is_empty() {
        return None;
    }
    let bytes = text.as_bytes();
    let near = (near.0.min(text.len()), near.1.min(text.len()).max(near.0.min(text.len())));
    let surname = last_name(needle).filter(|s| *s != needle);
    let tries = [Some((needle, false)), Some((needle, true)), surname.map(|s| (s, false))];
    for (n, fold) in tries.into_iter().flatten() {
        let best = occurrences(text, n, fold).into_iter().min_by_key(|&(s, e)| {
            let inside = s < near.1 && near.0 < e;
            let between = if e <= near.0 {
                e..near.0
            } else if s >= near.1 {
                near.1..s
            } else {
                s..s
            };
            let crosses_line = bytes[between.clone()].contains(&b'\n');
            (crosses_line, inside, between.len(), s)
        });
        if best.is_some() {
            return best;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "Héadline\n“We’ll win,” Trump said. Clinton’s aide told reporters that she would win.\n";

    fn find(text: &str, s: &str) -> Span {
        let i = text.find(s).unwrap();
        (i, i + s.len())
    }

    /// Character offsets of `s` in `text` (brat's).
    fn chars(text: &str, s: &str) -> (usize, usize) {
        let i = text.find(s).unwrap();
        let start = text[..i].chars().count();
        (start, start + s.chars().count())
    }

    fn ann() -> String {
        let c = |s| chars(TEXT, s);
        let (q1, src1, cue1) = (c("“We’ll win,”"), c("Trump"), c("said"));
        let (src2, cue2, con2a, con2b) = (c("Clinton’s aide"), c("told"), c("that she"), c("would win"));
        [
            format!("T1\tContent {} {}\t“We’ll win,”", q1.0, q1.1),
            format!("T2\tSource {} {}\tTrump", src1.0, src1.1),
            format!("T3\tCue {} {}\tsaid", cue1.0, cue1.1),
            format!("T4\tAttribution {} {}\tsaid", cue1.0, cue1.1),
            "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2".to_string(),
            "#1\tAnnotatorNotes T1\tdirect".to_string(),
            format!("T5\tContent {} {};{} {}\tthat she would", con2a.0, con2a.1, con2b.0, con2b.1),
            "continuation of a covered text".to_string(),
            format!("T6\tCue {} {}\ttold", cue2.0, cue2.1),
            format!("T7\tSource {} {}\tClinton’s aide", src2.0, src2.1),
            "E2\tAttribution:T8 Cue:T6 Content:T5 Source:T7".to_string(),
            format!("T8\tAttribution {} {}\ttold", cue2.0, cue2.1),
            "E3\tAttribution-no-source:T8".to_string(),
        ]
        .join("\n")
    }

    #[test]
    fn reads_events_with_byte_offsets() {
        let (quotes, skipped) = parse_ann(TEXT, &ann(), Path::new("x.ann")).unwrap();
        assert_eq!(skipped, 1);
        assert_eq!(quotes.len(), 2);
        let q = &quotes[0];
        assert_eq!(&TEXT[q.content[0].0..q.content[0].1], "“We’ll win,”");
        let s = q.source.as_ref().unwrap()[0];
        assert_eq!(&TEXT[s.0..s.1], "Trump");
        let q = &quotes[1];
        let parts: Vec<&str> = q.content.iter().map(|&(a, b)| &TEXT[a..b]).collect();
        assert_eq!(parts, ["that she", "would win"]);
        assert_eq!(q.cue.as_ref().unwrap()[0], find(TEXT, "told"));
    }

    #[test]
    fn bad_annotations_name_the_line() {
        let err = parse_ann(TEXT, "T1\tContent 0 999\tx", Path::new("a.ann")).unwrap_err().to_string();
        assert!(err.starts_with("a.ann:1:") && err.contains("outside"), "{err}");
        let err = parse_ann(TEXT, "T1\tContent 0 3\tx\nE1\tAttribution:T1 Content:T9", Path::new("a.ann"))
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("a.ann:2:") && err.contains("T9"), "{err}");
    }

    #[test]
    fn reads_both_layouts() {
        let dir = tempfile::tempdir().unwrap();
        let split = dir.path().join("dev");
        std::fs::create_dir_all(split.join("text")).unwrap();
        std::fs::create_dir_all(split.join("attributions")).unwrap();
        std::fs::write(split.join("text/a_b.txt"), TEXT).unwrap();
        std::fs::write(split.join("attributions/a_b_zz99.ann"), ann()).unwrap();
        std::fs::write(split.join("attributions/a_b_aa11.ann"), "").unwrap();
        std::fs::write(
            dir.path().join("metadata.tsv"),
            "compartment\tfilename\tannotators\ndev\ta_b\tzz99|aa11\n",
        )
        .unwrap();
        let docs = read_dir(&split).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!((docs[0].name.as_str(), docs[0].annotator.as_deref()), ("a_b", Some("zz99")));
        assert_eq!(docs[0].quotes.len(), 2);
        // Every annotation, the listed annotators' in their order.
        let all = read_all(&split).unwrap();
        let got: Vec<_> = all[0].annotations.iter().map(|(a, q)| (a.as_deref(), q.len())).collect();
        assert_eq!(got, [(Some("zz99"), 2), (Some("aa11"), 0)]);
        let err = read_dir(dir.path()).unwrap_err().to_string();
        assert!(err.contains("give one of its splits: dev"), "{err}");
        // Without metadata: the alphabetically first annotator.
        std::fs::remove_file(dir.path().join("metadata.tsv")).unwrap();
        assert_eq!(read_dir(&split).unwrap()[0].annotator.as_deref(), Some("aa11"));

        let flat = dir.path().join("flat");
        std::fs::create_dir(&flat).unwrap();
        std::fs::write(flat.join("doc.txt"), TEXT).unwrap();
        std::fs::write(flat.join("doc.ann"), ann()).unwrap();
        let docs = read_dir(&flat).unwrap();
        assert_eq!(
            (docs[0].name.as_str(), docs[0].annotator.clone(), docs[0].quotes.len()),
            ("doc", None, 2)
        );
    }

    fn gold_doc() -> QuoteDoc {
        let (quotes, skipped) = parse_ann(TEXT, &ann(), Path::new("x.ann")).unwrap();
        QuoteDoc { name: "x".into(), annotator: None, text: TEXT.into(), quotes, skipped }
    }

    #[test]
    fn gold_against_itself_is_perfect() {
        let doc = gold_doc();
        let pred: Vec<PredAttribution> = doc
            .quotes
            .iter()
            .map(|q| PredAttribution {
                content: vec![(q.content[0].0, q.content.last().unwrap().1)],
                source: q.source.as_ref().map(|s| s[0]),
                cue: q.cue.as_ref().map(|c| c[0]),
            })
            .collect();
        let s = score(&[doc], &[pred]);
        assert_eq!((s.content_f1, s.source_f1, s.cue_f1), (1.0, 1.0, 1.0));
        assert_eq!((s.documents, s.gold, s.predicted, s.matched), (1, 2, 2, 2));
    }

    #[test]
    fn partial_overlap_scores_by_tokens() {
        let doc = gold_doc();
        // Gold content 2 is "that she" + "would win". Predict "she would win." with the wrong
        // source and no cue, and a spurious attribution.
        let p1 = PredAttribution {
            content: vec![find(TEXT, "she would win.")],
            source: Some(find(TEXT, "reporters")),
            cue: None,
        };
        let p2 = PredAttribution {
            content: vec![find(TEXT, "Héadline")],
            source: Some(find(TEXT, "Héadline")),
            cue: None,
        };
        let s = score(&[doc], &[vec![p1, p2]]);
        assert_eq!(s.matched, 1);
        // "she would win ." shares 3 of its 4 tokens with the gold 4 ("that she would win").
        // Precision: (3/4 + 0) / 2 predicted; recall: (3/4 + 0) / 2 gold.
        assert!((s.content_precision - 0.375).abs() < 1e-12);
        assert!((s.content_recall - 0.375).abs() < 1e-12);
        assert_eq!((s.source_precision, s.source_recall), (0.0, 0.0));
        assert_eq!((s.cue_precision, s.cue_recall, s.cue_f1), (0.0, 0.0, 0.0));
        // Nothing predicted: zeros, not NaN; missing prediction lists count as empty.
        let s = score(&[gold_doc()], &[]);
        assert_eq!((s.content_f1, s.predicted, s.gold), (0.0, 0, 2));
    }

    #[test]
    fn matching_is_optimal_not_greedy() {
        // Gold A = tokens 0..4, gold B = tokens 4..6. Prediction X covers tokens 2..6 (2 of A, 2 of
        // B), prediction Y covers tokens 0..3 (3 of A). Greedy on X (first) would give X–A, Y–none;
        // optimal is Y–A (3) + X–B (2) = 5.
        let text = "t0 t1 t2 t3 t4 t5".to_string();
        let tok = |i: usize| (3 * i, 3 * i + 2);
        let gold = QuoteDoc {
            name: "d".into(),
            annotator: None,
            text,
            quotes: vec![
                GoldAttribution { content: vec![(tok(0).0, tok(3).1)], source: None, cue: None },
                GoldAttribution { content: vec![(tok(4).0, tok(5).1)], source: None, cue: None },
            ],
            skipped: 0,
        };
        let x = PredAttribution { content: vec![(tok(2).0, tok(5).1)], source: None, cue: None };
        let y = PredAttribution { content: vec![(tok(0).0, tok(2).1)], source: None, cue: None };
        let s = score(&[gold], &[vec![x, y]]);
        assert_eq!(s.matched, 2);
        // Precision: X 2/4, Y 3/3 → 0.75; recall: A 3/4, B 2/2 → 0.875.
        assert!((s.content_precision - 0.75).abs() < 1e-12 && (s.content_recall - 0.875).abs() < 1e-12);
    }

    #[test]
    fn annotators_scored_against_each_other() {
        let (full, _) = parse_ann(TEXT, &ann(), Path::new("a.ann")).unwrap();
        let first_only = vec![full[0].clone()];
        let text = |annotations| AnnotatedText { name: "x".into(), text: TEXT.into(), annotations };
        let texts = [
            text(vec![(Some("a".into()), full.clone()), (Some("b".into()), first_only)]),
            // Annotated once: not part of the agreement.
            text(vec![(None, full.clone())]),
        ];
        // a against b: 1 of b's 1 sources right, 1 of a's 2 found; b against a: 1 of 2, 1 of 1.
        let s = agreement(&texts);
        assert_eq!((s.documents, s.gold, s.predicted, s.matched), (1, 3, 3, 2));
        assert!((s.source_precision - 2.0 / 3.0).abs() < 1e-12 && s.source_precision == s.source_recall);
        assert_eq!(agreement(&texts[1..]).documents, 0);

        // The annotation a as predictions, against both annotations of the text: all of a, and
        // b's one attribution.
        let pred: Vec<PredAttribution> = full
            .iter()
            .map(|q| PredAttribution {
                content: q.content.clone(),
                source: q.source.as_ref().map(|s| s[0]),
                cue: q.cue.as_ref().map(|c| c[0]),
            })
            .collect();
        let s = score_each(&texts[..1], &[pred]);
        assert_eq!((s.gold, s.predicted), (3, 4));
        assert_eq!((s.source_precision, s.source_recall), (0.75, 1.0));
    }

    #[test]
    fn hungarian_on_rectangles() {
        let w = vec![vec![1, 0, 5], vec![4, 0, 6]];
        let mut m = best_matching(&w);
        m.sort();
        assert_eq!(m, [(0, 2), (1, 0)]);
        let w = vec![vec![3], vec![7], vec![0]];
        assert_eq!(best_matching(&w), [(1, 0)]);
        assert!(best_matching(&[]).is_empty());
    }

    #[test]
    fn locates_speakers_near_the_quote() {
        let text = "Smith spoke first. Later, Ms. Jane Smith said: “Go.” Then Smith-Jones left. jane smith";
        let quote = find(text, "“Go.”");
        // Full name, exact.
        assert_eq!(locate(text, quote, "Jane Smith"), Some(find(text, "Jane Smith")));
        // Surname only: the closest whole word ("Smith-Jones", nearer, is another name).
        let near_smith = text.find("Smith said").unwrap();
        assert_eq!(locate(text, quote, "Mr. John Smith Jr."), Some((near_smith, near_smith + 5)));
        // Case folded before falling back to the surname.
        assert_eq!(locate("x JANE SMITH y", (0, 1), "Jane Smith"), Some((2, 12)));
        assert_eq!(locate(text, quote, "Obama"), None);
        assert_eq!(locate(text, quote, "  "), None);
        // Not inside another word.
        assert_eq!(locate("Smithson said", (0, 0), "Smith"), None);
        // Non-ASCII names.
        let t = "« Non », a dit François Hollande.";
        assert_eq!(locate(t, (0, 8), "François Hollande"), Some(find(t, "François Hollande")));
    }
}
