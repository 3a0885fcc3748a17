//! `train-quotes`: train the learned parts of `storyweave-analyze`'s quote finder on a PolNeAR
//! split and write their model files: the reporting cue (`cues`), the attribution roles tagger
//! (`roles`) and the source chooser (`sources`).
//!
//! ```text
//! train-quotes <polnear split dir> <cues.model> [<roles.model> [<sources.model>]] [--epochs N] [--threshold T] [--half even|odd] [--check <split dir>]
//! ```
//!
//! Each text is split into paragraphs (lines) and sentences as the quote finder sees them.
//!
//! The cue: every lower-case word the quote rules do not list, function words aside, is a row,
//! labelled a cue when it is the first word of an annotated cue that is not an auxiliary or a
//! function word ("has said" → "said", "is expected" → "expected", "the support of" →
//! "support"). `--half` trains on every other document (by sorted name) and reports the precision
//! and recall of the cue decisions on the rest (how the threshold, 0, was checked); `--epochs`
//! and `--threshold` are the cue's.
//!
//! The roles: every sentence is a row, its words tagged with the role (source, cue, content) of
//! the annotated span they fall in, its features read over the rules' own quotes and the entities
//! the tagger finds (so the cue model built in at the time is the one the rules use: retrain the
//! cue first, rebuild, then the roles).
//!
//! The sources: every quote the finder gives with the cue and roles models built in (without a
//! source chooser) that has a cue and shares words with an annotated quote is a row, its
//! candidate phrases marked right when they share a word with that quote's annotated source
//! (retrain the roles first, rebuild, then the sources; `storyweave eval quotes` then gives the
//! figures).
//!
//! It also says how often the built-in chooser ranks a right candidate first where there is one;
//! `--check <split dir>` says the same of the new chooser on another split (PolNeAR dev: 1,400 of
//! 1,545 quotes, the gold source being among the candidates of 1,489 of the 1,555 that have one).
//!
//! With the default settings the output is `crates/analyze/quotes.model` (about 0.55 MB),
//! `crates/analyze/roles.model` (about 1 MB: 16 epochs over PolNeAR train's 30,013 sentences,
//! features seen fewer than 10 times and weights under 0.3 left out) and
//! `crates/analyze/sources.model` (about 0.13 MB: 5 epochs over 16,368 quotes, features seen in
//! fewer than 3 left out) byte for byte, in about 15 seconds:
//!
//! ```text
//! cargo run --release --bin train-quotes -- ../shared/data/quotes/polnear/train \
//!     crates/analyze/quotes.model crates/analyze/roles.model crates/analyze/sources.model
//! ```

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use storyweave_analyze::cues::{self, TrainConfig};
use storyweave_analyze::quotes::{role_rows, source_rows};
use storyweave_analyze::roles::{self, Role};
use storyweave_analyze::sources::{self, GoldQuote};
use storyweave_analyze::{find_entities, split_sentences};
use storyweave_eval::quotes::{read_dir, GoldAttribution, QuoteDoc};
use storyweave_model::{Article, Sentence, TextSpan};

/// Words that only help the verb of a cue.
fn is_auxiliary(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "being"
            | "am"
            | "has"
            | "have"
            | "had"
            | "do"
            | "does"
            | "did"
            | "not"
            | "n't"
            | "don"
            | "doesn"
            | "didn"
            | "isn"
            | "wasn"
            | "aren"
            | "t"
            | "will"
            | "would"
            | "could"
            | "can"
            | "may"
            | "might"
            | "should"
            | "must"
    )
}

/// Byte offset of the first word of `spans` (of `text`) that is not an auxiliary or a function
/// word ("also said" → "said", "the support" → "support").
fn head(text: &str, spans: &[(usize, usize)]) -> Option<usize> {
    for &(a, b) in spans {
        let s = text.get(a..b)?;
        let mut start = None;
        for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    let w = s[st..i].to_lowercase();
                    if !is_auxiliary(&w) && !storyweave_text::is_stopword(&w) {
                        return Some(a + st);
                    }
                    start = None;
                }
                _ => {}
            }
        }
    }
    None
}

/// The gold role spans of each sentence (byte ranges of its text; `starts` says where each
/// sentence starts in the document, a role spanning sentences is cut at their ends).
fn sentence_roles(
    quotes: &[GoldAttribution],
    sentences: &[Sentence],
    starts: &[Option<usize>],
) -> Vec<Vec<(usize, usize, Role)>> {
    let mut out = vec![Vec::new(); sentences.len()];
    for q in quotes {
        let spans = q.content.iter().map(|s| (s, Role::Content));
        let spans = spans
            .chain(q.source.iter().flatten().map(|s| (s, Role::Source)))
            .chain(q.cue.iter().flatten().map(|s| (s, Role::Cue)));
        for (&(a, b), role) in spans {
            for ((s, start), roles) in sentences.iter().zip(starts).zip(out.iter_mut()) {
                let Some(st) = *start else { continue };
                let (x, y) = (a.max(st), b.min(st + s.text.len()));
                if x < y {
                    roles.push((x - st, y - st, role));
                }
            }
        }
    }
    out
}

/// Spans of the document (byte ranges) as spans of its sentences (`starts` as for
/// [`sentence_roles`]).
fn text_spans(spans: &[(usize, usize)], sentences: &[Sentence], starts: &[Option<usize>]) -> Vec<TextSpan> {
    let mut out = Vec::new();
    for &(a, b) in spans {
        for (si, (s, start)) in sentences.iter().zip(starts).enumerate() {
            let Some(st) = *start else { continue };
            let (x, y) = (a.max(st), b.min(st + s.text.len()));
            if x < y {
                out.push(TextSpan { sentence: si, start: x - st, end: y - st });
            }
        }
    }
    out
}

/// A document's paragraphs (its non-blank lines, as `storyweave eval quotes` reads them) split
/// into sentences, and where each sentence starts in the text.
fn sentences_of(text: &str) -> (Vec<Sentence>, Vec<Option<usize>>) {
    let mut at = 0;
    let mut lines = Vec::new();
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            lines.push((at + line.len() - line.trim_start().len(), trimmed.to_string()));
        }
        at += line.len();
    }
    let article = Article::from_paragraphs("", lines.iter().map(|(_, t)| t.clone()).collect());
    let mut cursor = vec![0usize; lines.len()];
    let sentences = split_sentences(&article);
    let mut starts = vec![None; sentences.len()];
    for (si, s) in sentences.iter().enumerate() {
        let Some((offset, p)) = lines.get(s.paragraph) else { continue };
        let from = cursor[s.paragraph];
        let Some(found) = p.get(from..).and_then(|r| r.find(&s.text)) else { continue };
        cursor[s.paragraph] = from + found + s.text.len();
        starts[si] = Some(offset + from + found);
    }
    (sentences, starts)
}

/// The source chooser's training rows of one document (see the module documentation).
fn chooser_rows(
    doc: &QuoteDoc,
    sentences: &[Sentence],
    starts: &[Option<usize>],
    entities: &[storyweave_model::Entity],
) -> Vec<sources::Row> {
    let gold: Vec<GoldQuote> = doc
        .quotes
        .iter()
        .map(|q| GoldQuote {
            content: text_spans(&q.content, sentences, starts),
            source: text_spans(q.source.as_deref().unwrap_or(&[]), sentences, starts),
        })
        .collect();
    source_rows(sentences, entities, &gold)
}

/// Of the rows with a right candidate, how many `model` ranks a right one first, and how many.
fn chooser_accuracy(model: &storyweave_analyze::cues::CueModel, rows: &[sources::Row]) -> (usize, usize) {
    let right = rows.iter().filter(|(_, r)| r.contains(&true));
    (right.clone().filter(|(c, r)| r[sources::choose(model, c)]).count(), right.count())
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut paths, mut config, mut half) = (Vec::new(), TrainConfig { epochs: 6, threshold: 0.0 }, None);
    let mut check = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--epochs" => config.epochs = value()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--threshold" => config.threshold = value()?.parse().map_err(|e| format!("--threshold: {e}"))?,
            "--check" => check = Some(PathBuf::from(value()?)),
            "--half" => {
                half = Some(match value()?.as_str() {
                    "even" => 0,
                    "odd" => 1,
                    other => return Err(format!("--half: `{other}` is not even or odd")),
                })
            }
            _ => paths.push(PathBuf::from(a)),
        }
    }
    let (dir, out, roles_out, sources_out) = match &paths[..] {
        [dir, out] => (dir, out, None, None),
        [dir, out, roles_out] => (dir, out, Some(roles_out), None),
        [dir, out, roles_out, sources_out] => (dir, out, Some(roles_out), Some(sources_out)),
        _ => return Err("usage: train-quotes <polnear split dir> <cues.model> [<roles.model> [<sources.model>]] [--epochs N] [--threshold T] [--half even|odd] [--check <split dir>]".into()),
    };
    let start = Instant::now();
    let docs = read_dir(dir).map_err(|e| e.to_string())?;
    // Rows of the documents trained on, and of those left out by `--half`.
    let (mut rows, mut held) = (Vec::new(), Vec::new());
    let (mut role_train, mut source_train) = (Vec::new(), Vec::new());
    let mut used = 0;
    for (k, doc) in docs.iter().enumerate() {
        let rows = if half.is_some_and(|h| k % 2 != h) {
            &mut held
        } else {
            used += 1;
            &mut rows
        };
        let heads: HashSet<usize> =
            doc.quotes.iter().filter_map(|q| head(&doc.text, q.cue.as_deref()?)).collect();
        let (sentences, starts) = sentences_of(&doc.text);
        for (s, base) in sentences.iter().zip(&starts) {
            let Some(base) = *base else { continue };
            for ((a, _), f) in cues::candidates(&s.text) {
                rows.push((f, heads.contains(&(base + a))));
            }
        }
        if roles_out.is_some() && half.is_none_or(|h| k % 2 == h) {
            let gold = sentence_roles(&doc.quotes, &sentences, &starts);
            let entities = find_entities(&sentences);
            role_train.extend(role_rows(&sentences, &entities, &gold));
            if sources_out.is_some() {
                source_train.extend(chooser_rows(doc, &sentences, &starts, &entities));
            }
        }
    }
    let positives = rows.iter().filter(|r| r.1).count();
    let model = cues::train(&rows, config);
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    if let Some(path) = roles_out {
        let sentences = role_train.len();
        let model =
            roles::train(role_train, roles::TrainConfig::default(), &mut |line| eprintln!("roles: {line}"));
        let bytes = model.to_bytes();
        std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("roles: {sentences} sentences, {} features, {} bytes", model.feature_count(), bytes.len());
    }
    if let Some(path) = sources_out {
        let right = source_train.iter().filter(|(_, r)| r.contains(&true)).count();
        let with_source = source_train.iter().filter(|(_, r)| !r.last().copied().unwrap_or(true)).count();
        let reachable = source_train
            .iter()
            .filter(|(_, r)| !r.last().copied().unwrap_or(true) && r.contains(&true))
            .count();
        let candidates: usize = source_train.iter().map(|(c, _)| c.len()).sum();
        // How often the built-in chooser (the one before this run) takes a right candidate where
        // there is one: on a split it was not trained on, its ranking accuracy.
        let picked = sources::builtin().map_or(0, |m| chooser_accuracy(m, &source_train).0);
        let model = sources::train(&source_train, sources::TrainConfig::default());
        let bytes = model.to_bytes();
        std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(dir) = &check {
            let mut rows = Vec::new();
            for doc in read_dir(dir).map_err(|e| e.to_string())? {
                let (sentences, starts) = sentences_of(&doc.text);
                let entities = find_entities(&sentences);
                rows.extend(chooser_rows(&doc, &sentences, &starts, &entities));
            }
            let (hit, of) = chooser_accuracy(&model, &rows);
            eprintln!(
                "sources: on {}, the new chooser right in {hit} of {of} quotes with a right candidate",
                dir.display()
            );
        }
        eprintln!(
            "sources: {} quotes ({right} with a right candidate; the gold source among the candidates in {reachable} of {with_source}; the built-in chooser right in {picked} of {right}), {:.1} candidates a quote, {} features, {} bytes",
            source_train.len(),
            candidates as f64 / source_train.len().max(1) as f64,
            model.len(),
            bytes.len()
        );
    }
    if !held.is_empty() {
        // How well the cue decisions carry over to the documents left out.
        let (mut tp, mut fp, mut fneg) = (0usize, 0usize, 0usize);
        for (f, gold) in &held {
            match (model.is_cue(f), *gold) {
                (true, true) => tp += 1,
                (true, false) => fp += 1,
                (false, true) => fneg += 1,
                _ => {}
            }
        }
        let (p, r) = (tp as f64 / (tp + fp).max(1) as f64, tp as f64 / (tp + fneg).max(1) as f64);
        eprintln!("held-out cues: P {p:.3} R {r:.3} F1 {:.3}", 2.0 * p * r / (p + r).max(1e-12));
    }
    eprintln!(
        "{used} documents, {} rows ({positives} cues), {} features, {} bytes, {:.1}s",
        rows.len(),
        model.len(),
        bytes.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train-quotes: {e}");
            ExitCode::from(2)
        }
    }
}
