//! `train-quotes`: train the learned parts of `storyweave-analyze`'s quote finder on a PolNeAR
//! split and write their model files: the reporting cue (`cues`), the attribution roles tagger
//! (`roles`) and the source chooser (`sources`).
//!
//! ```text
//! train-quotes <polnear split dir> <cues.model> [<roles.model> [<sources.model>]] [--epochs N] [--threshold T] [--half even|odd] [--folds K] [--check <split dir>]
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
//! the annotated span they fall in, its features read over the rules' own quotes (which read the
//! cue model) and the entities the tagger finds.
//!
//! The sources: every quote the finder gives with a cue and a roles model (without a source
//! chooser) that has a cue and shares words with an annotated quote is a row, its candidate
//! phrases marked right when they share a word with that quote's annotated source.
//!
//! The models are stacked, and a model is nearly perfect on the documents it was trained on: a
//! downstream model trained on its upstream models' output there would learn to trust them more
//! than it should on new text. So the documents are dealt into `--folds` folds (5; the `d`th
//! document trained on goes to fold `d % K`), and each fold's rows are made with upstream models
//! trained on the other folds (cross-fitting); the models written are trained on every fold. With
//! the out-of-fold models the finder is then run on each fold, and the chooser's bias for "no
//! source" (its model's threshold) is set where the source F1 of those decisions is highest, when
//! that beats none in 95% of 1,000 resamples of the documents, and to none otherwise (`--folds
//! 1`: rows made with the models trained on all, no bias). One run makes all three, no
//! rebuild between.
//!
//! It also says how often the chooser ranks a right candidate first where there is one (out of
//! fold); `--check <split dir>` says the same of the new chooser on another split, and the figures
//! of `storyweave eval quotes` the new models would give there.
//!
//! With the default settings the output is `crates/analyze/quotes.model` (about 0.55 MB),
//! `crates/analyze/roles.model` (about 1 MB: 16 epochs over PolNeAR train's 29,535 sentences,
//! features seen fewer than 10 times and weights under 0.3 left out) and
//! `crates/analyze/sources.model` (about 0.13 MB: 5 epochs over 14,782 quotes, features seen in
//! fewer than 3 left out) byte for byte, in about two minutes:
//!
//! ```text
//! cargo run --release --bin train-quotes -- ../shared/data/quotes/polnear/train \
//!     crates/analyze/quotes.model crates/analyze/roles.model crates/analyze/sources.model
//! ```

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use storyweave_analyze::cues::{self, CueModel, TrainConfig};
use storyweave_analyze::quotes::{find_quotes_using, role_rows, source_rows, QuoteModels};
use storyweave_analyze::roles::{self, Role};
use storyweave_analyze::sources::{self, GoldQuote};
use storyweave_analyze::{find_entities, split_sentences};
use storyweave_eval::quotes::{read_dir, role_prf, score, GoldAttribution, PredAttribution, QuoteDoc};
use storyweave_model::{Article, Entity, Sentence, TextSpan};

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

/// A document of the split as the finder sees it, with what training reads of its annotation.
struct Prepared {
    sentences: Vec<Sentence>,
    starts: Vec<Option<usize>>,
    entities: Vec<Entity>,
    /// The gold role spans of each sentence ([`sentence_roles`]).
    roles: Vec<Vec<(usize, usize, Role)>>,
    /// The gold quotes as spans of the sentences.
    gold: Vec<GoldQuote>,
}

impl Prepared {
    fn new(doc: &QuoteDoc) -> Prepared {
        let (sentences, starts) = sentences_of(&doc.text);
        let entities = find_entities(&sentences);
        let roles = sentence_roles(&doc.quotes, &sentences, &starts);
        let gold = doc
            .quotes
            .iter()
            .map(|q| GoldQuote {
                content: text_spans(&q.content, &sentences, &starts),
                source: text_spans(q.source.as_deref().unwrap_or(&[]), &sentences, &starts),
            })
            .collect();
        Prepared { sentences, starts, entities, roles, gold }
    }

    /// The source chooser's training rows (see the module documentation).
    fn chooser_rows(&self, models: QuoteModels) -> Vec<sources::Row> {
        source_rows(&self.sentences, &self.entities, models, &self.gold)
    }

    /// The attributions the finder gives with `models`, as `storyweave eval quotes` scores them.
    fn attributions(&self, models: QuoteModels) -> Vec<PredAttribution> {
        let place = |t: &TextSpan| {
            self.starts.get(t.sentence).copied().flatten().map(|at| (at + t.start, at + t.end))
        };
        find_quotes_using(&self.sentences, &self.entities, models)
            .iter()
            .filter(|q| q.via.is_none())
            .filter_map(|q| {
                let content: Vec<_> = q.content_spans.iter().filter_map(place).collect();
                (!content.is_empty()).then(|| PredAttribution {
                    content,
                    source: q.source_span.as_ref().and_then(place),
                    cue: q.cue_span.as_ref().and_then(place),
                })
            })
            .collect()
    }
}

/// Of the rows with a right candidate, how many `model` ranks a right one first, and how many.
fn chooser_accuracy(model: &CueModel, rows: &[sources::Row]) -> (usize, usize) {
    let right = rows.iter().filter(|(_, r)| r.contains(&true));
    (right.clone().filter(|(c, r)| r[sources::choose(model, c)]).count(), right.count())
}

/// The rows of the documents outside fold `fold` (all with `None`), cloned, in document order.
fn others<T: Clone>(per_doc: &[Vec<T>], fold_of: impl Fn(usize) -> usize, fold: Option<usize>) -> Vec<T> {
    per_doc
        .iter()
        .enumerate()
        .filter(|&(d, _)| fold.is_none_or(|f| fold_of(d) != f))
        .flat_map(|(_, rows)| rows.iter().cloned())
        .collect()
}

/// Resamples of the documents (with replacement) that test whether a bias beats none.
const RESAMPLES: usize = 1000;

/// A bias is taken over none only when it gives the higher out-of-fold source F1 in at least
/// this share of the resamples: on PolNeAR train the F1 moves by about 0.001 between the biases
/// of a flat optimum, a gain another sample of documents (the test split's) need not repeat.
const CONFIDENCE: f64 = 0.95;

/// Source F1 of summed counts (right, predicted with a source, gold with a source).
fn source_f1(counts: [usize; 3]) -> f64 {
    role_prf(counts).2
}

/// SplitMix64: a fixed-seed generator, so that the resamples, and the models, are the same on
/// every run.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The bias of "no source" (stored as the chooser's threshold) at which the out-of-fold source F1
/// of the finder is highest: tried at multiples of `unit` (a typical score gap), scored per fold
/// with that fold's models; 0 unless another gives a higher F1 in [`CONFIDENCE`] of
/// [`RESAMPLES`] resamples of the documents (a paired bootstrap).
fn calibrate(
    docs: &[QuoteDoc],
    prepared: &[Prepared],
    fold_of: impl Fn(usize) -> usize,
    fold_models: &[(QuoteModels, CueModel)],
    unit: f32,
) -> f32 {
    // Each document's source counts at a bias.
    let counts_at = |bias: f32| -> Vec<[usize; 3]> {
        let biased: Vec<CueModel> = fold_models
            .iter()
            .map(|(_, chooser)| {
                let mut chooser = chooser.clone();
                chooser.threshold = bias;
                chooser
            })
            .collect();
        prepared
            .iter()
            .enumerate()
            .map(|(d, p)| {
                let predicted = p.attributions(QuoteModels {
                    sources: Some(&biased[fold_of(d)]),
                    ..fold_models[fold_of(d)].0
                });
                score(&docs[d..=d], &[predicted]).source_counts
            })
            .collect()
    };
    let mut seed = 0x5EED_u64;
    let draws: Vec<Vec<u32>> = (0..RESAMPLES)
        .map(|_| {
            let mut times = vec![0u32; docs.len()];
            for _ in 0..docs.len() {
                times[(splitmix(&mut seed) % docs.len() as u64) as usize] += 1;
            }
            times
        })
        .collect();
    let total = |counts: &[[usize; 3]], times: Option<&[u32]>| {
        let mut sum = [0usize; 3];
        for (d, c) in counts.iter().enumerate() {
            let k = times.map_or(1, |t| t[d] as usize);
            for i in 0..3 {
                sum[i] += k * c[i];
            }
        }
        sum
    };
    let report = |bias: f32, counts: &[[usize; 3]], wins: Option<f64>| {
        let (p, r, f1) = role_prf(total(counts, None));
        let beats =
            wins.map(|w| format!("; higher than none in {:.1}% of resamples", 100.0 * w)).unwrap_or_default();
        eprintln!(
            "sources: out of fold, with a bias of {bias:+.3} for no source: source F1 {:.4} (P {p:.4}, R {r:.4}){beats}",
            f1
        );
    };
    let none = counts_at(0.0);
    report(0.0, &none, None);
    let none_f1: Vec<f64> = draws.iter().map(|t| source_f1(total(&none, Some(t)))).collect();
    let mut best = (source_f1(total(&none, None)), 0.0);
    for step in [-1.0f32, -0.5, -0.25, 0.25, 0.5, 1.0] {
        let bias = step * unit;
        let counts = counts_at(bias);
        let wins =
            draws.iter().zip(&none_f1).filter(|(t, &n)| source_f1(total(&counts, Some(t))) > n).count();
        let share = wins as f64 / RESAMPLES as f64;
        report(bias, &counts, Some(share));
        let f1 = source_f1(total(&counts, None));
        if share >= CONFIDENCE && f1 > best.0 {
            best = (f1, bias);
        }
    }
    best.1
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut paths, mut config, mut half) = (Vec::new(), TrainConfig { epochs: 6, threshold: 0.0 }, None);
    let (mut check, mut folds) = (None, 5usize);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--epochs" => config.epochs = value()?.parse().map_err(|e| format!("--epochs: {e}"))?,
            "--threshold" => config.threshold = value()?.parse().map_err(|e| format!("--threshold: {e}"))?,
            "--check" => check = Some(PathBuf::from(value()?)),
            "--folds" => folds = value()?.parse().map_err(|e| format!("--folds: {e}"))?,
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
    if folds == 0 {
        return Err("--folds: at least 1".into());
    }
    let (dir, out, roles_out, sources_out) = match &paths[..] {
        [dir, out] => (dir, out, None, None),
        [dir, out, roles_out] => (dir, out, Some(roles_out), None),
        [dir, out, roles_out, sources_out] => (dir, out, Some(roles_out), Some(sources_out)),
        _ => return Err("usage: train-quotes <polnear split dir> <cues.model> [<roles.model> [<sources.model>]] [--epochs N] [--threshold T] [--half even|odd] [--folds K] [--check <split dir>]".into()),
    };
    let start = Instant::now();
    let mut docs = read_dir(dir).map_err(|e| e.to_string())?;
    // The cue rows of the documents trained on (per document), and of those left out by `--half`.
    let (mut cue_rows, mut held) = (Vec::new(), Vec::new());
    let mut used = Vec::new();
    for (k, doc) in docs.iter().enumerate() {
        let heads: HashSet<usize> =
            doc.quotes.iter().filter_map(|q| head(&doc.text, q.cue.as_deref()?)).collect();
        let (sentences, starts) = sentences_of(&doc.text);
        let mut rows = Vec::new();
        for (s, base) in sentences.iter().zip(&starts) {
            let Some(base) = *base else { continue };
            for ((a, _), f) in cues::candidates(&s.text) {
                rows.push((f, heads.contains(&(base + a))));
            }
        }
        if half.is_some_and(|h| k % 2 != h) {
            held.extend(rows);
        } else {
            cue_rows.push(rows);
            used.push(k);
        }
    }
    // Only the documents trained on are read further; fold `d % folds` holds the `d`th of them.
    let mut k = 0;
    docs.retain(|_| {
        k += 1;
        used.contains(&(k - 1))
    });
    let fold_of = |d: usize| d % folds;
    let fold_list: Vec<usize> = (0..folds).collect();
    let positives = cue_rows.iter().flatten().filter(|r| r.1).count();
    let rows = cue_rows.iter().map(Vec::len).sum::<usize>();
    let model = cues::train(&others(&cue_rows, fold_of, None), config);
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    // Each fold's upstream models are trained on the other folds, so that what a downstream model
    // learns from is what its upstream models give on text they have not seen (with one fold, on
    // the documents themselves).
    let cross = folds > 1;
    let fold_cues: Vec<CueModel> = if roles_out.is_some() && cross {
        fold_list.iter().map(|&f| cues::train(&others(&cue_rows, fold_of, Some(f)), config)).collect()
    } else {
        Vec::new()
    };
    let cue_of = |d: usize| if cross { &fold_cues[fold_of(d)] } else { &model };
    let prepared: Vec<Prepared> =
        if roles_out.is_some() { docs.iter().map(Prepared::new).collect() } else { Vec::new() };
    if let Some(path) = roles_out {
        let role_train: Vec<Vec<_>> = prepared
            .iter()
            .enumerate()
            .map(|(d, p)| {
                let models = QuoteModels { cues: Some(cue_of(d)), ..Default::default() };
                role_rows(&p.sentences, &p.entities, models, &p.roles)
            })
            .collect();
        let mut progress = |line: String| eprintln!("roles: {line}");
        let fold_roles: Vec<_> = if sources_out.is_some() && cross {
            fold_list
                .iter()
                .map(|&f| {
                    roles::train(
                        others(&role_train, fold_of, Some(f)),
                        roles::TrainConfig::default(),
                        &mut progress,
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        let sentences = role_train.iter().map(Vec::len).sum::<usize>();
        let roles_model = roles::train(
            role_train.into_iter().flatten().collect(),
            roles::TrainConfig::default(),
            &mut progress,
        );
        let bytes = roles_model.to_bytes();
        std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!(
            "roles: {sentences} sentences, {} features, {} bytes",
            roles_model.feature_count(),
            bytes.len()
        );
        if let Some(path) = sources_out {
            let upstream = |f: usize| QuoteModels {
                cues: Some(if cross { &fold_cues[f] } else { &model }),
                roles: Some(if cross { &fold_roles[f] } else { &roles_model }),
                sources: None,
            };
            let source_train: Vec<Vec<sources::Row>> =
                prepared.iter().enumerate().map(|(d, p)| p.chooser_rows(upstream(fold_of(d)))).collect();
            let all: Vec<sources::Row> = source_train.iter().flatten().cloned().collect();
            let mut chooser = sources::train(&all, sources::TrainConfig::default());
            // Each fold's chooser, for out-of-fold decisions: its ranking accuracy, and the bias
            // of "no source" set where they score best.
            let fold_choosers: Vec<(QuoteModels, CueModel)> = if cross {
                fold_list
                    .iter()
                    .map(|&f| {
                        let rows = others(&source_train, fold_of, Some(f));
                        (upstream(f), sources::train(&rows, sources::TrainConfig::default()))
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let (mut hit, mut of) = (0, 0);
            let mut gaps = Vec::new();
            for (d, rows) in source_train.iter().enumerate() {
                let m = if cross { &fold_choosers[fold_of(d)].1 } else { &chooser };
                let (h, o) = chooser_accuracy(m, rows);
                (hit, of) = (hit + h, of + o);
                for (c, _) in rows {
                    let none = sources::score(m, c, c.len() - 1);
                    let best =
                        (0..c.len() - 1).map(|k| sources::score(m, c, k)).fold(f32::NEG_INFINITY, f32::max);
                    if best.is_finite() {
                        gaps.push((best - none).abs());
                    }
                }
            }
            gaps.sort_by(f32::total_cmp);
            let unit = gaps.get(gaps.len() / 2).copied().unwrap_or(1.0);
            if cross {
                chooser.threshold = calibrate(&docs, &prepared, fold_of, &fold_choosers, unit);
            }
            let bytes = chooser.to_bytes();
            std::fs::write(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
            if let Some(dir) = &check {
                let models = QuoteModels { cues: Some(&model), roles: Some(&roles_model), sources: None };
                let docs = read_dir(dir).map_err(|e| e.to_string())?;
                let prepared: Vec<Prepared> = docs.iter().map(Prepared::new).collect();
                let rows: Vec<_> = prepared.iter().flat_map(|p| p.chooser_rows(models)).collect();
                let (hit, of) = chooser_accuracy(&chooser, &rows);
                eprintln!(
                    "sources: on {}, the new chooser right in {hit} of {of} quotes with a right candidate",
                    dir.display()
                );
                let predicted: Vec<_> = prepared
                    .iter()
                    .map(|p| p.attributions(QuoteModels { sources: Some(&chooser), ..models }))
                    .collect();
                let s = score(&docs, &predicted);
                eprintln!(
                    "on {}, the new models: source F1 {:.3} (P {:.3}, R {:.3}), content F1 {:.3}, cue F1 {:.3}",
                    dir.display(),
                    s.source_f1,
                    s.source_precision,
                    s.source_recall,
                    s.content_f1,
                    s.cue_f1
                );
            }
            let right = all.iter().filter(|(_, r)| r.contains(&true)).count();
            let with_source = all.iter().filter(|(_, r)| !r.last().copied().unwrap_or(true)).count();
            let reachable =
                all.iter().filter(|(_, r)| !r.last().copied().unwrap_or(true) && r.contains(&true)).count();
            let candidates: usize = all.iter().map(|(c, _)| c.len()).sum();
            eprintln!(
                "sources: {} quotes ({right} with a right candidate; the gold source among the candidates in {reachable} of {with_source}; the chooser right in {hit} of {of} {}), {:.1} candidates a quote, {} features, no-source bias {:+.3}, {} bytes",
                all.len(),
                if cross { "out of fold" } else { "in sample" },
                candidates as f64 / all.len().max(1) as f64,
                chooser.len(),
                chooser.threshold,
                bytes.len()
            );
        }
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
        "{} documents, {rows} rows ({positives} cues), {} features, {} bytes, {folds} folds, {:.1}s",
        docs.len(),
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
