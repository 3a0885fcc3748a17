//! `train-quotes`: train the learned parts of `storyweave-analyze`'s quote finder on a PolNeAR
//! split and write their model files: the reporting cue (`cues`) and the attribution roles tagger
//! (`roles`).
//!
//! ```text
//! train-quotes <polnear split dir> <cues.model> [<roles.model>] [--epochs N] [--threshold T] [--half even|odd]
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
//! With the default settings the output is `crates/analyze/quotes.model` (about 0.55 MB) and
//! `crates/analyze/roles.model` (about 1 MB: 16 epochs over PolNeAR train's 30,013 sentences,
//! features seen fewer than 10 times and weights under 0.3 left out) byte for byte, in about 25
//! seconds:
//!
//! ```text
//! cargo run --release --bin train-quotes -- ../shared/data/quotes/polnear/train \
//!     crates/analyze/quotes.model crates/analyze/roles.model
//! ```

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use storyweave_analyze::cues::{self, TrainConfig};
use storyweave_analyze::quotes::role_rows;
use storyweave_analyze::roles::{self, Role};
use storyweave_analyze::{find_entities, split_sentences};
use storyweave_eval::quotes::{read_dir, GoldAttribution};
use storyweave_model::Article;

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
    sentences: &[storyweave_model::Sentence],
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

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut paths, mut config, mut half) = (Vec::new(), TrainConfig { epochs: 6, threshold: 0.0 }, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--epochs" => config.epochs = value()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--threshold" => config.threshold = value()?.parse().map_err(|e| format!("--threshold: {e}"))?,
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
    let (dir, out, roles_out) = match &paths[..] {
        [dir, out] => (dir, out, None),
        [dir, out, roles_out] => (dir, out, Some(roles_out)),
        _ => return Err("usage: train-quotes <polnear split dir> <cues.model> [<roles.model>] [--epochs N] [--threshold T] [--half even|odd]".into()),
    };
    let start = Instant::now();
    let docs = read_dir(dir).map_err(|e| e.to_string())?;
    // Rows of the documents trained on, and of those left out by `--half`.
    let (mut rows, mut held) = (Vec::new(), Vec::new());
    let mut role_train = Vec::new();
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
        // Paragraphs are the text's non-blank lines, as `storyweave eval quotes` reads them.
        let mut at = 0;
        let mut lines = Vec::new();
        for line in doc.text.split_inclusive('\n') {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                lines.push((at + line.len() - line.trim_start().len(), trimmed.to_string()));
            }
            at += line.len();
        }
        let article = Article::from_paragraphs("", lines.iter().map(|(_, t)| t.clone()).collect());
        let mut cursor = vec![0usize; lines.len()];
        let sentences = split_sentences(&article);
        // Where each sentence starts in the text.
        let mut starts = vec![None; sentences.len()];
        for (si, s) in sentences.iter().enumerate() {
            let Some((offset, p)) = lines.get(s.paragraph) else { continue };
            let from = cursor[s.paragraph];
            let Some(found) = p.get(from..).and_then(|r| r.find(&s.text)) else { continue };
            cursor[s.paragraph] = from + found + s.text.len();
            let base = offset + from + found;
            starts[si] = Some(base);
            for ((a, _), f) in cues::candidates(&s.text) {
                rows.push((f, heads.contains(&(base + a))));
            }
        }
        if roles_out.is_some() && half.is_none_or(|h| k % 2 == h) {
            let gold = sentence_roles(&doc.quotes, &sentences, &starts);
            role_train.extend(role_rows(&sentences, &find_entities(&sentences), &gold));
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
