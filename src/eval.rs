//! `storyweave eval`: runs a stage over a labelled data set and scores it with the published
//! metric (DESIGN §5). Readers and metrics live in `storyweave-eval`; this module feeds the
//! data through the pipeline and prints one JSON object (`--json`) or a summary line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use serde_json::{json, Value};
use storyweave_eval::{aeb, clustering, dedup, flatten, ner, quotes, rouge, timeml, trafilatura_eval};
use storyweave_model::{
    Analysis, Article, ContentKind, Document, Hints, Origin, SourceFormat, TextSpan, TimeKind,
};
use storyweave_pipeline::Config;

use crate::args::{ClusterMode, EvalTask, ExtractionFormat, InputMode};

mod coref;
use crate::output::{print, print_json};

pub fn run(task: EvalTask) -> Result<ExitCode> {
    let (report, json) = match task {
        EvalTask::Extraction { dataset, format, input, pages, json } => {
            (extraction(&dataset, format, input, pages.as_deref())?, json)
        }
        EvalTask::Ner { dataset, json } => (named_entities(&dataset)?, json),
        EvalTask::Coref { dataset, json } => (coref::coreference(&dataset)?, json),
        EvalTask::Dedup { dataset, seed, synthetic, export, corpus, json } => {
            (duplicates(&dataset, seed, synthetic, export.as_deref(), corpus.as_deref())?, json)
        }
        EvalTask::Quotes { dataset, agreement: false, json } => (attributions(&dataset)?, json),
        EvalTask::Quotes { dataset, agreement: true, json } => (agreement(&dataset)?, json),
        EvalTask::Summarization { dataset, split, settings, without_headline, json } => {
            let mut config = Config::default();
            for s in &settings {
                let (name, value) = setting(s)?;
                config.summary.set(name, value).map_err(anyhow::Error::msg)?;
            }
            (summaries(&dataset, &split, &config, !without_headline)?, json)
        }
        EvalTask::Time { dataset, errors, json } => (time_expressions(&dataset, errors.as_deref())?, json),
        EvalTask::Clustering {
            dataset,
            synthetic,
            seed,
            label,
            threshold,
            mode,
            window_days,
            settings,
            assignments,
            json,
        } => {
            let mut config = Config::default();
            config.cluster.batch = mode == ClusterMode::Batch;
            if let Some(t) = threshold {
                config.cluster.threshold = t;
            }
            if let Some(w) = window_days {
                config.cluster.window_days = w;
            }
            for s in &settings {
                let (name, value) = setting(s)?;
                config.cluster.set(name, value).map_err(anyhow::Error::msg)?;
            }
            let report = match (synthetic, dataset) {
                (Some(n), _) => synthetic_stream(n, seed, &config.cluster)?,
                (None, Some(dataset)) => {
                    clustering(&dataset, label.as_deref(), &config, assignments.as_deref())?
                }
                (None, None) => anyhow::bail!("eval clustering needs --dataset or --synthetic"),
            };
            (report, json)
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
        Some("coref") => format!(
            "coref {}: CoNLL F1 {} (MUC {}, B-cubed {}, CEAF-e {}); test topics 36-45: CoNLL F1 {}; {} documents in {:.2}s",
            r["dataset"].as_str().unwrap_or(""),
            f(&r["conll_f1"]),
            f(&r["muc"]["f1"]),
            f(&r["bcubed"]["f1"]),
            f(&r["ceafe"]["f1"]),
            f(&r["test_topics"]["conll_f1"]),
            r["documents"],
            r["seconds"].as_f64().unwrap_or(0.0),
        ),
        Some("ner") => format!(
            "ner {}: F1 {} (P {}, R {}); per type F1: {}; {} documents in {:.2}s",
            r["dataset"].as_str().unwrap_or(""),
            f(&r["f1"]),
            f(&r["precision"]),
            f(&r["recall"]),
            r["per_type"]
                .as_object()
                .map(|m| m.iter().map(|(k, v)| format!("{k} {}", f(&v["f1"]))).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            r["documents"],
            r["seconds"].as_f64().unwrap_or(0.0),
        ),
        Some("dedup") => {
            let strengths: Vec<String> = r["per_strength"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            format!(
                                "{} (J3 {}): P {} R {}",
                                x["strength"],
                                f(&x["jaccard3"]),
                                f(&x["precision"]),
                                f(&x["recall"])
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            format!(
                "dedup {}: F1 {} (P {}, R {}), {} documents in {:.2}s ({:.0}/s, {} threads, peak {:.0} MiB); by strength: {}",
                r["dataset"].as_str().unwrap_or(""),
                f(&r["f1"]),
                f(&r["precision"]),
                f(&r["recall"]),
                r["documents"],
                r["seconds"].as_f64().unwrap_or(0.0),
                r["documents_per_second"].as_f64().unwrap_or(0.0),
                r["threads"],
                r["peak_memory_mb"].as_f64().unwrap_or(0.0),
                strengths.join("; ")
            )
        }
        Some("quotes") => format!(
            "quotes {}: source F1 {} (P {}, R {}), content F1 {}, cue F1 {}; {} documents in {:.2}s",
            r["dataset"].as_str().unwrap_or(""),
            f(&r["source_f1"]),
            f(&r["source_precision"]),
            f(&r["source_recall"]),
            f(&r["content_f1"]),
            f(&r["cue_f1"]),
            r["documents"],
            r["seconds"].as_f64().unwrap_or(0.0),
        ),
        Some("quotes agreement") => {
            let (h, s) = (&r["annotators"], &r["storyweave"]);
            format!(
                "quotes agreement {}: {} texts annotated more than once ({} annotations); annotators against each other: source F1 {}, content F1 {}, cue F1 {}; storyweave against each annotation: source F1 {} (P {}, R {}), content F1 {}, cue F1 {}",
                r["dataset"].as_str().unwrap_or(""),
                h["documents"],
                r["annotations"],
                f(&h["source_f1"]),
                f(&h["content_f1"]),
                f(&h["cue_f1"]),
                f(&s["source_f1"]),
                f(&s["source_precision"]),
                f(&s["source_recall"]),
                f(&s["content_f1"]),
                f(&s["cue_f1"]),
            )
        }
        Some("summarization") => format!(
            "summarization {} ({}): ROUGE-1 {:.2}, ROUGE-2 {:.2}, ROUGE-L {:.2}; {} stories in {:.2}s",
            r["dataset"].as_str().unwrap_or(""),
            r["split"].as_str().unwrap_or(""),
            r["rouge1"].as_f64().unwrap_or(0.0),
            r["rouge2"].as_f64().unwrap_or(0.0),
            r["rougeL"].as_f64().unwrap_or(0.0),
            r["examples"],
            r["seconds"].as_f64().unwrap_or(0.0),
        ),
        Some("time") => format!(
            "time {}: value F1 {}, strict F1 {}, relaxed F1 {}, type accuracy {}; {} documents in {:.2}s",
            r["dataset"].as_str().unwrap_or(""),
            f(&r["value_f1"]),
            f(&r["strict_f1"]),
            f(&r["relaxed_f1"]),
            f(&r["type_accuracy"]),
            r["documents"],
            r["seconds"].as_f64().unwrap_or(0.0),
        ),
        Some("clustering") if r["articles_per_second"].is_number() => format!(
            "clustering synthetic stream: {} articles in {:.2}s ({:.0} articles/s; CPU {:.2}s, assignment thread {:.2}s: {:.0} articles/s on two cores of its own; {} threads, peak {:.0} MiB, at most {} stories / {} articles held), pairwise F1 {}, B-cubed F1 {}, {} clusters predicted / {} gold",
            r["documents"],
            r["seconds"].as_f64().unwrap_or(0.0),
            r["articles_per_second"].as_f64().unwrap_or(0.0),
            r["cpu_seconds"].as_f64().unwrap_or(0.0),
            r["assign_cpu_seconds"].as_f64().unwrap_or(0.0),
            r["two_core_articles_per_second"].as_f64().unwrap_or(0.0),
            r["threads"],
            r["peak_memory_mb"].as_f64().unwrap_or(0.0),
            r["most_active_stories"],
            r["most_active_articles"],
            f(&r["pairwise"]["f1"]),
            f(&r["bcubed"]["f1"]),
            r["clusters_predicted"],
            r["clusters_gold"],
        ),
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

/// One page's figures for `--pages`: its id, words in the truth and in the extraction, and
/// precision and recall (`None` where the page has nothing to divide by).
struct PageRow {
    id: String,
    truth_words: usize,
    extracted_words: usize,
    precision: Option<f64>,
    recall: Option<f64>,
}

impl PageRow {
    /// F1 of the page: an empty truth met by an empty extraction is perfect, and one side
    /// empty but not the other is a complete miss.
    fn f1(&self) -> f64 {
        match (self.precision, self.recall) {
            (Some(p), Some(r)) if p + r > 0.0 => 2.0 * p * r / (p + r),
            (None, None) => 1.0,
            _ => 0.0,
        }
    }
}

/// The rows as TSV with a header, worst F1 first (ties by id), so error classes surface.
fn pages_tsv(mut rows: Vec<PageRow>) -> String {
    rows.sort_by(|a, b| a.f1().total_cmp(&b.f1()).then_with(|| a.id.cmp(&b.id)));
    let figure = |x: Option<f64>| x.map_or_else(|| "-".to_string(), |x| format!("{x:.3}"));
    let mut out = String::from("page\ttruth_words\textracted_words\tprecision\trecall\tf1\n");
    for r in &rows {
        out += &format!(
            "{}\t{}\t{}\t{}\t{}\t{:.3}\n",
            r.id.replace(['\t', '\n'], " "),
            r.truth_words,
            r.extracted_words,
            figure(r.precision),
            figure(r.recall),
            r.f1()
        );
    }
    out
}

fn extraction(
    dataset: &Path,
    format: ExtractionFormat,
    input: InputMode,
    pages_out: Option<&Path>,
) -> Result<Value> {
    let words = |s: &str| s.split_whitespace().count();
    let mut rows = Vec::new();
    let (score, documents, seconds, note) = match format {
        ExtractionFormat::Aeb => {
            let truth = aeb::read_ground_truth(dataset)?;
            let pages = aeb::pages(dataset)?;
            let note = storyweave_eval::decoding_note(pages.iter().map(|p| &p.decoding));
            let pages: Vec<(String, String)> = pages.into_iter().map(|p| (p.id, p.html)).collect();
            let (predicted, seconds) = extract_pages(&pages, input);
            let bodies = aeb::bodies(&truth);
            if pages_out.is_some() {
                for (id, body) in &bodies {
                    let got = predicted.get(id).map_or("", String::as_str);
                    let page = aeb::page_score(body, got);
                    rows.push(PageRow {
                        id: id.clone(),
                        truth_words: words(body),
                        extracted_words: words(got),
                        precision: page.precision(),
                        recall: page.recall(),
                    });
                }
            }
            let s = aeb::score(&bodies, &predicted);
            let v = json!({"precision": s.precision, "recall": s.recall, "f1": s.f1, "accuracy": s.accuracy});
            (v, pages.len(), seconds, note)
        }
        ExtractionFormat::Trafilatura => {
            let pages = trafilatura_eval::load(dataset)?;
            let note = storyweave_eval::decoding_note(pages.iter().map(|p| &p.decoding));
            let html: Vec<(String, String)> = pages.iter().map(|p| (p.id.clone(), p.html.clone())).collect();
            let (predicted, seconds) = extract_pages(&html, input);
            if pages_out.is_some() {
                for page in &pages {
                    let got = predicted.get(&page.id).map(String::as_str);
                    let (tp, fp, fn_, _) = trafilatura_eval::page_counts(page, got);
                    let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
                    rows.push(PageRow {
                        id: page.id.clone(),
                        truth_words: page.with.iter().map(|s| words(s)).sum(),
                        extracted_words: got.map_or(0, words),
                        precision: ratio(tp, tp + fp),
                        recall: ratio(tp, tp + fn_),
                    });
                }
            }
            let s = trafilatura_eval::score(&pages, &predicted);
            let v = json!({"precision": s.precision, "recall": s.recall, "f1": s.f1, "accuracy": s.accuracy});
            (v, pages.len(), seconds, note)
        }
    };
    if let Some(path) = pages_out {
        std::fs::write(path, pages_tsv(rows)).with_context(|| format!("writing {}", path.display()))?;
    }
    let extra = json!({
        "format": match format { ExtractionFormat::Aeb => "aeb", ExtractionFormat::Trafilatura => "trafilatura" },
        "input": match input { InputMode::Html => "html", InputMode::Text => "text" },
        "documents": documents,
        "seconds": seconds,
        "pages_per_second": documents as f64 / seconds.max(1e-9),
        "decoding": note,
    });
    report("extraction", dataset, extra, score)
}

fn clustering(
    dataset: &Path,
    label: Option<&str>,
    config: &Config,
    assignments: Option<&Path>,
) -> Result<Value> {
    let is_csv =
        dataset.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("tsv"));
    let docs = if is_csv {
        clustering::read_uci_csv(dataset, label)?
    } else {
        clustering::read_jsonl(dataset, label.unwrap_or("label"))?
    };
    let articles: Vec<Article> = docs.iter().map(article).collect();
    let start = Instant::now();
    let copies = storyweave_pipeline::dedup(&articles, config);
    let dedup_seconds = start.elapsed().as_secs_f64();
    let stories = storyweave_cluster::cluster(&articles, &copies, &config.cluster);
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
    if let Some(path) = assignments {
        let mut out = String::new();
        for ((d, &p), g) in docs.iter().zip(&predicted).zip(&gold) {
            out.push_str(&format!("{}\t{}\t{}\n", d.id, stories[p].id, g));
        }
        std::fs::write(path, out).with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let score = clustering::score(&gold, &predicted);
    report(
        "clustering",
        dataset,
        json!({
        "mode": if config.cluster.batch { "batch" } else { "stream" },
        "threshold": config.cluster.threshold,
        "window_days": config.cluster.window_days,
        "settings": format!("{:?}", config.cluster),
        "documents": docs.len(),
        "seconds": seconds,
        "dedup_seconds": dedup_seconds,
        "cluster_seconds": seconds - dedup_seconds,
        }),
        score,
    )
}

/// Stream a generated corpus through the stream clusterer, as a live feed would: articles made
/// and turned into features in chunks (in parallel, on a producer thread), assigned one by one in
/// time order while the next chunk is being made, retired stories scored and dropped. Reports
/// articles/s over the whole run (making the text included), peak memory and the most stories
/// and articles held at once.
fn synthetic_stream(n: usize, seed: u64, config: &storyweave_cluster::ClusterConfig) -> Result<Value> {
    use rayon::prelude::*;
    use storyweave_cluster::{Clusterer, Features};
    use storyweave_eval::clustering::synthetic::StreamCorpus;

    const CHUNK: usize = 2048;
    let corpus = StreamCorpus::new(n, seed);
    let mut clusterer = Clusterer::new(config.clone());
    let mut predicted: Vec<u32> = vec![0; corpus.len()];
    let mut next_story = 0u32;
    let (mut most_stories, mut most_articles) = (0usize, 0usize);
    let mut label = |stories: Vec<storyweave_model::Story>, predicted: &mut Vec<u32>| {
        for s in stories {
            for a in &s.articles {
                if let Some(k) = a.strip_prefix("syn:").and_then(|k| k.parse::<usize>().ok()) {
                    if let Some(p) = predicted.get_mut(k) {
                        *p = next_story;
                    }
                }
            }
            next_story += 1;
        }
    };
    let start = Instant::now();
    let (cpu_start, main_start) = (cpu_seconds("self"), cpu_seconds("thread-self"));
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<Features>>(1);
    std::thread::scope(|scope| {
        let corpus = &corpus;
        scope.spawn(move || {
            for from in (0..corpus.len()).step_by(CHUNK) {
                let to = (from + CHUNK).min(corpus.len());
                let features: Vec<Features> =
                    (from..to).into_par_iter().map(|k| Features::of(&corpus.article(k), config)).collect();
                if send.send(features).is_err() {
                    break;
                }
            }
        });
        for features in receive {
            for f in features {
                clusterer.push(f, None);
            }
            most_stories = most_stories.max(clusterer.active_stories());
            most_articles = most_articles.max(clusterer.active_articles());
            label(clusterer.take_retired(), &mut predicted);
        }
    });
    let merges = clusterer.merges().len();
    let (rest, _) = clusterer.finish();
    let seconds = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds("self").zip(cpu_start).map(|(b, a)| b - a);
    let assign_cpu = cpu_seconds("thread-self").zip(main_start).map(|(b, a)| b - a);
    // On two cores of its own the run takes the larger of half its CPU time and the assignment
    // thread's (the machine this runs on may be shared, which wall time would count).
    let two_core = cpu.zip(assign_cpu).map(|(c, a)| (c / 2.0).max(a));
    label(rest, &mut predicted);
    let gold: Vec<String> = (0..corpus.len()).map(|k| corpus.story_of(k).to_string()).collect();
    let gold: Vec<&str> = gold.iter().map(String::as_str).collect();
    let predicted: Vec<usize> = predicted.iter().map(|&p| p as usize).collect();
    let score = clustering::score(&gold, &predicted);
    report(
        "clustering",
        Path::new("synthetic"),
        json!({
        "mode": "stream",
        "documents": corpus.len(),
        "stories_gold": corpus.stories(),
        "seconds": seconds,
        "articles_per_second": corpus.len() as f64 / seconds.max(1e-9),
        "cpu_seconds": cpu,
        "assign_cpu_seconds": assign_cpu,
        "two_core_articles_per_second": two_core.map(|t| corpus.len() as f64 / t.max(1e-9)),
        "threads": rayon::current_num_threads(),
        "peak_memory_mb": peak_memory_mb(),
        "most_active_stories": most_stories,
        "most_active_articles": most_articles,
        "merges": merges,
        "settings": format!("{config:?}"),
        }),
        score,
    )
}

/// Paragraphs of a text with their byte offsets: each non-blank line, trimmed.
fn lines_with_offsets(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            out.push((at + lead, trimmed.to_string()));
        }
        at += line.len();
    }
    out
}

/// A text analysed as one article, and where each analysed sentence starts in that text.
struct Analysed {
    analysis: Analysis,
    /// Per analysed sentence: its paragraph and its byte offset in the source text.
    starts: Vec<Option<(usize, usize)>>,
}

impl Analysed {
    /// Analyse `paragraphs`, each given with its byte offset in the source text (sentences are
    /// slices of paragraphs, in order, so a forward search finds each one).
    fn new(paragraphs: &[(usize, String)], published: Option<storyweave_model::Timestamp>) -> Self {
        let texts: Vec<String> = paragraphs.iter().map(|(_, t)| t.clone()).collect();
        let article = Article { published, ..Article::from_paragraphs("", texts) };
        let analysis = storyweave_pipeline::analyze(&article);
        let mut cursor = vec![0usize; paragraphs.len()];
        let starts = analysis
            .sentences
            .iter()
            .map(|s| {
                let (offset, p) = paragraphs.get(s.paragraph)?;
                let from = cursor[s.paragraph];
                let found = p.get(from..)?.find(&s.text)? + from;
                cursor[s.paragraph] = found + s.text.len();
                Some((s.paragraph, offset + found))
            })
            .collect();
        Analysed { analysis, starts }
    }

    /// The paragraph of sentence `i` and where the sentence starts in the source text.
    fn at(&self, i: usize) -> Option<(usize, usize)> {
        self.starts.get(i).copied().flatten()
    }
}

/// An evaluation report: the task, the data set, extra fields and the score's fields.
fn report(task: &str, dataset: &Path, extra: Value, score: impl serde::Serialize) -> Result<Value> {
    let mut out = json!({ "task": task, "dataset": dataset.display().to_string() });
    for part in [extra, serde_json::to_value(score)?] {
        if let (Some(a), Value::Object(b)) = (out.as_object_mut(), part) {
            a.extend(b);
        }
    }
    Ok(out)
}

/// Each CoNLL document is analysed as an article with a paragraph per sentence; its entities,
/// nationality adjectives included as CoNLL has them, map back to tokens through their character
/// offsets.
fn named_entities(dataset: &Path) -> Result<Value> {
    let docs = ner::read_conll(dataset)?;
    let gold = ner::gold_spans(&docs);
    let start = Instant::now();
    let mut predicted = Vec::with_capacity(gold.len());
    for doc in &docs {
        // Offsets within each CoNLL sentence: every paragraph starts at 0.
        let sentences: Vec<(usize, String)> = doc.sentences.iter().map(|s| (0, s.text())).collect();
        let a = Analysed::new(&sentences, None);
        let mut mentions: Vec<Vec<(usize, usize, String)>> = vec![Vec::new(); sentences.len()];
        // CoNLL counts nationality adjectives as names (MISC); briefs leave them out.
        for e in &storyweave_analyze::find_named_entities(&a.analysis.sentences) {
            for m in &e.mentions {
                let Some((p, at)) = a.at(m.sentence) else { continue };
                mentions[p].push((at + m.start, at + m.end, ner::conll_type(e.kind).to_string()));
            }
        }
        for (sentence, found) in doc.sentences.iter().zip(mentions) {
            predicted.push(ner::spans_from_char_offsets(&sentence.tokens, &found));
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let score = ner::score(&gold, &predicted);
    report(
        "ner",
        dataset,
        json!({
        "documents": docs.len(),
        "sentences": gold.len(),
        "seconds": seconds,
        }),
        score,
    )
}

/// Each TimeML document is analysed with its creation time as the published date; time
/// expressions map back to the text through their offsets.
fn time_expressions(dataset: &Path, errors: Option<&Path>) -> Result<Value> {
    let docs = timeml::read_dir(dataset)?;
    let start = Instant::now();
    let mut predicted = Vec::with_capacity(docs.len());
    for doc in &docs {
        let a = Analysed::new(&lines_with_offsets(&doc.text), Some(doc.dct_datetime()));
        let mut found = Vec::new();
        // A date said not to be set is no TIMEX3 (TimeML marks nothing there).
        for t in a.analysis.times.iter().filter(|t| t.kind != TimeKind::Unset) {
            let Some((_, at)) = a.at(t.sentence) else { continue };
            found.push(timeml::PredTimex {
                start: at + t.start,
                end: at + t.end,
                kind: timeml::type_name(t.kind).to_string(),
                value: t.value.clone(),
            });
        }
        predicted.push(found);
    }
    let seconds = start.elapsed().as_secs_f64();
    let score = timeml::score(&docs, &predicted);
    if let Some(path) = errors {
        write_time_errors(path, &docs, &predicted)?;
    }
    report(
        "time",
        dataset,
        json!({
        "seconds": seconds,
        }),
        score,
    )
}

/// One line per timex that is not right (verdict, document, gold text, type and value, system
/// text, type and value, the words around it), tab-separated.
fn write_time_errors(
    path: &Path,
    docs: &[timeml::TimemlDoc],
    predicted: &[Vec<timeml::PredTimex>],
) -> Result<()> {
    let mut out = String::from(
        "verdict\tdocument\tgold\tgold_type\tgold_value\tsystem\tsystem_type\tsystem_value\tcontext\n",
    );
    let clean = |s: &str| s.replace(['\t', '\n'], " ");
    for (doc, pred) in docs.iter().zip(predicted) {
        for d in timeml::differences(doc, pred) {
            if d.verdict == "ok" {
                continue;
            }
            let (gt, gk, gv) = match &d.gold {
                Some(g) => (g.text.as_str(), g.kind.as_str(), g.value.as_str()),
                None => ("", "", ""),
            };
            let (st, sk, sv) = match &d.system {
                Some((t, k, v)) => (t.as_str(), k.as_str(), v.as_deref().unwrap_or("-")),
                None => ("", "", ""),
            };
            let mut from = d.at.saturating_sub(70);
            while !doc.text.is_char_boundary(from) {
                from -= 1;
            }
            let mut to = (d.at + 90).min(doc.text.len());
            while !doc.text.is_char_boundary(to) {
                to += 1;
            }
            out.push_str(&format!(
                "{}\t{}\t{}\t{gk}\t{gv}\t{}\t{sk}\t{sv}\t{}\n",
                d.verdict,
                doc.name,
                clean(gt),
                clean(st),
                clean(&doc.text[from..to])
            ));
        }
    }
    std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Generated copies and hard negatives (or a corpus read back from JSONL) through the dedup
/// stage with its default settings.
fn duplicates(
    dataset: &Path,
    seed: u64,
    synthetic: Option<usize>,
    export: Option<&Path>,
    corpus_file: Option<&Path>,
) -> Result<Value> {
    let config = dedup::DedupEvalConfig { seed, ..Default::default() };
    let (corpus, source) = match (corpus_file, synthetic) {
        (Some(file), _) => (dedup::read_jsonl(file)?, file.to_path_buf()),
        (None, Some(n)) => (dedup::build_synthetic(n, &config), PathBuf::from(format!("synthetic:{n}"))),
        (None, None) => (dedup::build(dataset, &config)?, dataset.to_path_buf()),
    };
    if let Some(path) = export {
        let file =
            std::fs::File::create(path).with_context(|| format!("{}: cannot create", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        dedup::write_jsonl(&corpus, &mut out)
            .and_then(|()| std::io::Write::flush(&mut out))
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let start = Instant::now();
    let links = storyweave_pipeline::dedup(&corpus.articles, &Config::default());
    let seconds = start.elapsed().as_secs_f64();
    let score = dedup::score(&corpus, &links);
    report(
        "dedup",
        &source,
        json!({
        "seed": seed,
        "seconds": seconds,
        "documents_per_second": corpus.articles.len() as f64 / seconds.max(1e-9),
        "threads": rayon::current_num_threads(),
        "peak_memory_mb": peak_memory_mb(),
        }),
        score,
    )
}

/// CPU time (user + system) of `/proc/<which>` ("self": the process, "thread-self": this thread),
/// when the system tells.
fn cpu_seconds(which: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{which}/stat")).ok()?;
    // Fields after the command name (which may hold spaces), from field 3 on.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// The process's peak resident memory in MiB (Linux: VmHWM), when the system tells.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Each annotated text is analysed as one article; a quote's content, source and cue spans (in
/// its sentences) are mapped back to the text through where each sentence starts.
fn attributions(dataset: &Path) -> Result<Value> {
    let docs = quotes::read_dir(dataset)?;
    let start = Instant::now();
    let predicted: Vec<_> = docs.iter().map(|d| predict_attributions(&d.text)).collect();
    let seconds = start.elapsed().as_secs_f64();
    report("quotes", dataset, json!({ "seconds": seconds }), quotes::score(&docs, &predicted))
}

/// The annotators' agreement on the texts annotated several times, and storyweave's figure
/// against each of their annotations on the same texts.
fn agreement(dataset: &Path) -> Result<Value> {
    let texts: Vec<_> = quotes::read_all(dataset)?.into_iter().filter(|t| t.annotations.len() > 1).collect();
    let predicted: Vec<_> = texts.iter().map(|t| predict_attributions(&t.text)).collect();
    Ok(json!({
        "task": "quotes agreement",
        "dataset": dataset.display().to_string(),
        "annotations": texts.iter().map(|t| t.annotations.len()).sum::<usize>(),
        "annotators": quotes::agreement(&texts),
        "storyweave": quotes::score_each(&texts, &predicted),
    }))
}

/// The attributions storyweave finds in a text.
fn predict_attributions(text: &str) -> Vec<quotes::PredAttribution> {
    let a = Analysed::new(&lines_with_offsets(text), None);
    // A sentence's range as a byte span of the document.
    let place = |t: &TextSpan| a.at(t.sentence).map(|(_, at)| (at + t.start, at + t.end));
    // PolNeAR annotates the outer report only ("X said Y warned that ..."), not the one passed on
    // inside it.
    a.analysis
        .quotes
        .iter()
        .filter(|q| q.via.is_none())
        .filter_map(|q| {
            let content: Vec<quotes::Span> = q.content_spans.iter().filter_map(place).collect();
            (!content.is_empty()).then(|| quotes::PredAttribution {
                content,
                source: q.source_span.as_ref().and_then(place),
                cue: q.cue_span.as_ref().and_then(place),
            })
        })
        .collect()
}

/// A `--set NAME=VALUE` argument.
fn setting(s: &str) -> Result<(&str, f64)> {
    let (name, value) = s.split_once('=').context("--set takes NAME=VALUE")?;
    let value: f64 = value.trim().parse().with_context(|| format!("--set {s}: not a number"))?;
    Ok((name.trim(), value))
}

/// Each NeuS example's articles are one story; its brief's headline (a source's, the most
/// central) and summary, as the brief shows them, are scored against the editors' neutral
/// headline and roundup; `headline: false` scores the summary alone.
fn summaries(dataset: &Path, split: &str, config: &Config, headline: bool) -> Result<Value> {
    let examples = rouge::read_split(dataset, split)?;
    let start = Instant::now();
    let pairs: Vec<(String, String)> = examples
        .iter()
        .map(|ex| {
            let articles: Vec<Article> = ex
                .articles
                .iter()
                .enumerate()
                .map(|(i, a)| Article {
                    title: (!a.title.is_empty()).then(|| a.title.clone()),
                    outlet: format!("source {}", i + 1),
                    ..Article::from_paragraphs(format!("a{i}"), vec![a.text.clone()])
                })
                .collect();
            let brief = storyweave_pipeline::brief_of(&articles, config);
            let summary: Vec<&str> = brief.summary.iter().map(|c| c.text.as_str()).collect();
            let told = if brief.title.is_empty() || !headline {
                summary.join(" ")
            } else {
                format!("{}. {}", brief.title, summary.join(" "))
            };
            (told, ex.reference_text())
        })
        .collect();
    let seconds = start.elapsed().as_secs_f64();
    let score = rouge::score(&pairs);
    report(
        "summarization",
        dataset,
        json!({
        "split": split,
        "headline": headline,
        "seconds": seconds,
        }),
        score,
    )
}

/// A labelled document as an article: its text is clean already, so it skips extraction.
fn article(d: &clustering::LabelledDoc) -> Article {
    let paragraphs = if d.text.is_empty() { Vec::new() } else { vec![d.text.clone()] };
    Article {
        title: (!d.title.is_empty()).then(|| d.title.clone()),
        published: d.date,
        outlet: d.source.clone().unwrap_or_default(),
        url: d.url.clone(),
        // Ids must be unique; the data set's own id is.
        ..Article::from_paragraphs(d.id.clone(), paragraphs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, precision: Option<f64>, recall: Option<f64>) -> PageRow {
        PageRow { id: id.into(), truth_words: 10, extracted_words: 8, precision, recall }
    }

    #[test]
    fn page_figures_list_the_worst_first() {
        let tsv = pages_tsv(vec![
            row("good", Some(1.0), Some(0.5)),
            row("both-empty", None, None),
            row("missed", None, Some(0.0)),
            row("half", Some(0.5), Some(0.5)),
        ]);
        let lines: Vec<&str> = tsv.lines().collect();
        assert_eq!(lines[0], "page\ttruth_words\textracted_words\tprecision\trecall\tf1");
        let order: Vec<&str> = lines[1..].iter().map(|l| l.split('\t').next().unwrap()).collect();
        assert_eq!(order, vec!["missed", "half", "good", "both-empty"]);
        assert_eq!(lines[1], "missed\t10\t8\t-\t0.000\t0.000");
        assert_eq!(lines[3], "good\t10\t8\t1.000\t0.500\t0.667");
    }
}
