//! `storyweave eval`: runs a stage over a labelled data set and scores it with the published
//! metric (DESIGN §5). Readers and metrics live in `storyweave-eval`; this module feeds the
//! data through the pipeline and prints one JSON object (`--json`) or a summary line.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::{json, Value};
use storyweave_eval::{aeb, clustering, flatten, trafilatura_eval};
use storyweave_model::{Article, ContentKind, Document, Hints, Origin, SourceFormat};
use storyweave_pipeline::Config;

use crate::args::{EvalTask, ExtractionFormat, InputMode};
use crate::output::{print, print_json};

pub fn run(task: EvalTask) -> Result<ExitCode> {
    let (report, json) = match task {
        EvalTask::Extraction { dataset, format, input, json } => (extraction(&dataset, format, input)?, json),
        EvalTask::Clustering { dataset, label, threshold, window_days, json } => {
            let mut config = Config::default();
            if let Some(t) = threshold {
                config.cluster.threshold = t;
            }
            if let Some(w) = window_days {
                config.cluster.window_days = w;
            }
            (clustering(&dataset, label.as_deref(), &config)?, json)
        }
    };
    if json {
        print_json(&report)?;
    } else {
        print(&format!("{}\n", summary(&report)))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(r: &Value) -> String {
    let f = |v: &Value| v.as_f64().map_or_else(|| "-".to_string(), |x| format!("{x:.3}"));
    match r["task"].as_str() {
        Some("clustering") => format!(
            "clustering {}: pairwise F1 {} (P {}, R {}), B-cubed F1 {} (P {}, R {}), ARI {}, {} clusters predicted / {} gold, {} documents in {:.2}s",
            r["dataset"].as_str().unwrap_or(""),
            f(&r["pairwise"]["f1"]),
            f(&r["pairwise"]["precision"]),
            f(&r["pairwise"]["recall"]),
            f(&r["bcubed"]["f1"]),
            f(&r["bcubed"]["precision"]),
            f(&r["bcubed"]["recall"]),
            f(&r["ari"]),
            r["clusters_predicted"],
            r["clusters_gold"],
            r["documents"],
            r["seconds"].as_f64().unwrap_or(0.0),
        ),
        _ => format!(
            "extraction {} ({}, {} input): F1 {} (P {}, R {}), {} documents in {:.2}s ({:.0} pages/s)",
            r["dataset"].as_str().unwrap_or(""),
            r["format"].as_str().unwrap_or(""),
            r["input"].as_str().unwrap_or(""),
            f(&r["f1"]),
            f(&r["precision"]),
            f(&r["recall"]),
            r["documents"],
            r["seconds"].as_f64().unwrap_or(0.0),
            r["pages_per_second"].as_f64().unwrap_or(0.0),
        ),
    }
}

/// Extract each page (as HTML, or flattened to text first) on one thread, so pages/s is a
/// per-core figure; the body is the paragraphs joined by newlines.
fn extract_pages(pages: &[(String, String)], input: InputMode) -> (BTreeMap<String, String>, f64) {
    let docs: Vec<Document> = pages
        .iter()
        .map(|(id, html)| {
            let (kind, content) = match input {
                InputMode::Html => (ContentKind::Html, html.clone()),
                InputMode::Text => (ContentKind::Text, flatten::html_to_text(html)),
            };
            let origin = Origin { path: id.clone(), record: None, format: SourceFormat::Html };
            Document::new(origin, kind, content.as_bytes().to_vec(), content, Hints::default())
        })
        .collect();
    let start = Instant::now();
    let out = docs
        .iter()
        .map(|d| (d.origin.path.clone(), storyweave_pipeline::extract(d).paragraphs.join("\n")))
        .collect();
    (out, start.elapsed().as_secs_f64())
}

fn extraction(dataset: &Path, format: ExtractionFormat, input: InputMode) -> Result<Value> {
    let (score, documents, seconds, note) = match format {
        ExtractionFormat::Aeb => {
            let truth = aeb::read_ground_truth(dataset)?;
            let pages = aeb::pages(dataset)?;
            let note = storyweave_eval::decoding_note(pages.iter().map(|p| &p.decoding));
            let pages: Vec<(String, String)> = pages.into_iter().map(|p| (p.id, p.html)).collect();
            let (predicted, seconds) = extract_pages(&pages, input);
            let s = aeb::score(&aeb::bodies(&truth), &predicted);
            let v = json!({"precision": s.precision, "recall": s.recall, "f1": s.f1, "accuracy": s.accuracy});
            (v, pages.len(), seconds, note)
        }
        ExtractionFormat::Trafilatura => {
            let pages = trafilatura_eval::load(dataset)?;
            let note = storyweave_eval::decoding_note(pages.iter().map(|p| &p.decoding));
            let html: Vec<(String, String)> = pages.iter().map(|p| (p.id.clone(), p.html.clone())).collect();
            let (predicted, seconds) = extract_pages(&html, input);
            let s = trafilatura_eval::score(&pages, &predicted);
            let v = json!({"precision": s.precision, "recall": s.recall, "f1": s.f1, "accuracy": s.accuracy});
            (v, pages.len(), seconds, note)
        }
    };
    let mut report = json!({
        "task": "extraction",
        "dataset": dataset.display().to_string(),
        "format": match format { ExtractionFormat::Aeb => "aeb", ExtractionFormat::Trafilatura => "trafilatura" },
        "input": match input { InputMode::Html => "html", InputMode::Text => "text" },
        "documents": documents,
        "seconds": seconds,
        "pages_per_second": documents as f64 / seconds.max(1e-9),
    });
    merge(&mut report, score);
    if let Some(note) = note {
        report["decoding"] = json!(note);
    }
    Ok(report)
}

fn clustering(dataset: &Path, label: Option<&str>, config: &Config) -> Result<Value> {
    let is_csv =
        dataset.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"));
    let docs = if is_csv {
        clustering::read_uci_csv(dataset, label)?
    } else {
        clustering::read_jsonl(dataset, label.unwrap_or("label"))?
    };
    let articles: Vec<Article> = docs.iter().map(article).collect();
    let start = Instant::now();
    let (_, stories) = storyweave_pipeline::stories(&articles, config);
    let seconds = start.elapsed().as_secs_f64();
    let mut story_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in stories.iter().enumerate() {
        for d in &s.articles {
            story_of.insert(d.as_str(), i);
        }
    }
    let predicted: Vec<usize> = articles
        .iter()
        .map(|a| story_of.get(a.doc_id.as_str()).copied().context("an article left out of every story"))
        .collect::<Result<_>>()?;
    let gold: Vec<&str> = docs.iter().map(|d| d.label.as_str()).collect();
    let score = clustering::score(&gold, &predicted);
    let mut report = json!({
        "task": "clustering",
        "dataset": dataset.display().to_string(),
        "mode": "stream",
        "threshold": config.cluster.threshold,
        "window_days": config.cluster.window_days,
        "documents": docs.len(),
        "seconds": seconds,
    });
    merge(&mut report, serde_json::to_value(score)?);
    Ok(report)
}

/// A labelled document as an article: its text is clean already, so it skips extraction.
fn article(d: &clustering::LabelledDoc) -> Article {
    Article {
        // Ids must be unique; the data set's own id is.
        doc_id: d.id.clone(),
        title: (!d.title.is_empty()).then(|| d.title.clone()),
        paragraphs: if d.text.is_empty() { Vec::new() } else { vec![d.text.clone()] },
        published: d.date,
        authors: Vec::new(),
        outlet: d.source.clone().unwrap_or_default(),
        url: d.url.clone(),
        language: None,
        removed: Vec::new(),
    }
}

fn merge(into: &mut Value, from: Value) {
    if let (Some(a), Value::Object(b)) = (into.as_object_mut(), from) {
        a.extend(b);
    }
}
