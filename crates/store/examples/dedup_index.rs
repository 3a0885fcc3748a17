//! How long the store's dedup index takes to check one arriving article when it already holds
//! many: articles of a synthetic corpus (copies included, see `storyweave eval dedup
//! --synthetic`) are stored and checked one by one, as `storyweave ingest` does, then a set of
//! probe articles is timed one at a time, before and after the store is closed and opened again.
//!
//! ```sh
//! cargo run --release -p storyweave-store --example dedup_index -- [ARTICLES] [PROBES] [DB]
//! ```
//!
//! Defaults: 1,000,000 articles, 2,000 probes, a store in a temporary directory. Given a store
//! that already holds documents (an earlier run's), it is not filled again: the probes come from
//! a corpus of another seed. Prints one line per 100,000 articles stored (with the slowest batch
//! check of the block, where flushes and merges show), the index's runs, then the probe latencies
//! (mean, median, 99th percentile, maximum) of the lookup alone, of the check (LSH lookups,
//! sketch screen, verification), of the check and recording the verdict, and of storing the
//! article itself, and the store's size.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use std::borrow::Cow;

use storyweave_dedup::{check, DedupConfig, OriginalIndex, Prepared};
use storyweave_eval::dedup::{build_synthetic, DedupEvalConfig};
use storyweave_model::{Article, ContentKind, Document, Hints, Origin, SourceFormat};
use storyweave_store::Store;

fn document(article: &Article) -> Document {
    let text = article.paragraphs.join("\n\n");
    let origin =
        Origin { path: format!("synthetic/{}", article.doc_id), record: None, format: SourceFormat::Text };
    Document::new(origin, ContentKind::Text, text.clone().into_bytes(), text, Hints::default())
}

/// The article as the store keys it: by the hash of its raw bytes.
fn keyed(article: &Article, doc: &Document) -> Article {
    Article { doc_id: doc.id.clone(), ..article.clone() }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn summary(mut times: Vec<Duration>) -> String {
    // A probe corpus already stored by an earlier probing run adds nothing.
    if times.is_empty() {
        return "no new articles".into();
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    format!(
        "mean {:.3} ms, median {:.3} ms, p99 {:.3} ms, max {:.3} ms over {} articles",
        mean.as_secs_f64() * 1e3,
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.99).as_secs_f64() * 1e3,
        times[times.len() - 1].as_secs_f64() * 1e3,
        times.len()
    )
}

fn report(label: &str, times: Vec<Duration>) {
    println!("{label}: {}", summary(times));
}

/// Store and check each article; the check's and the store's times.
fn ingest(
    store: &mut Store,
    articles: &[Article],
    config: &DedupConfig,
) -> (Vec<Duration>, Vec<Duration>, usize) {
    let (mut checks, mut adds, mut copies) = (Vec::new(), Vec::new(), 0);
    for a in articles {
        let doc = document(a);
        let a = keyed(a, &doc);
        let t = Instant::now();
        if !store.add(&doc, &a).expect("store the article") {
            continue;
        }
        adds.push(t.elapsed());
        let t = Instant::now();
        copies += store.check_copies(&[&a], config).expect("check the article").len();
        checks.push(t.elapsed());
    }
    (checks, adds, copies)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let total: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let probes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = args.next().map(PathBuf::from).unwrap_or_else(|| dir.path().join("index.db"));

    let config = DedupConfig::default();
    let mut store = Store::open(&path).expect("open the store");
    store.load_dedup_index().expect("load the dedup index");
    let stored = store.document_count().expect("count the documents");
    // A store filled by an earlier run is probed again with articles of another corpus (its
    // originals and their copies among themselves), so that the slow filling need not be redone
    // to measure lookups on a quiet machine.
    let (corpus_size, seed) = if stored > 0 { (2 * probes, 43) } else { (total + 2 * probes, 42) };
    let started = Instant::now();
    let corpus = build_synthetic(corpus_size, &DedupEvalConfig { seed, ..DedupEvalConfig::default() });
    println!("generated {} articles in {:.1}s", corpus.articles.len(), started.elapsed().as_secs_f64());
    let (body, tail) = corpus.articles.split_at(corpus.articles.len() - 2 * probes);
    let (probe_a, probe_b) = tail.split_at(probes);
    if stored > 0 {
        println!("the store holds {stored} documents already: probing it with a corpus of another seed");
    }
    let body = if stored > 0 { &[][..] } else { body };
    let started = Instant::now();
    let mut worst = Duration::ZERO;
    for (n, block) in body.chunks(100_000).enumerate() {
        // As `storyweave ingest` does: documents stored, then the batch checked in one transaction.
        let (mut copies, mut slowest) = (0, Duration::ZERO);
        let block_started = Instant::now();
        for batch in block.chunks(256) {
            let docs: Vec<Document> = batch.iter().map(document).collect();
            let keyed: Vec<Article> = batch.iter().zip(&docs).map(|(a, d)| keyed(a, d)).collect();
            let pairs: Vec<(&Document, &Article)> = docs.iter().zip(&keyed).collect();
            let new = store.add_all(&pairs).expect("store the batch");
            // An exact copy has the same bytes, hence the same id: stored once.
            let keyed: Vec<Article> =
                keyed.into_iter().zip(new).filter(|(_, n)| *n).map(|(a, _)| a).collect();
            let t = Instant::now();
            copies += store.check_copies(&keyed.iter().collect::<Vec<_>>(), &config).expect("check").len();
            slowest = slowest.max(t.elapsed());
        }
        worst = worst.max(slowest);
        let lookups = lookup_times(&store, &probe_a[..probes.min(200)], &config);
        println!(
            "{:>8} stored ({:.0}s, this block {:.0}s, slowest batch check {:.1}s, {copies} copies in this block); lookup {}",
            (n * 100_000 + block.len()),
            started.elapsed().as_secs_f64(),
            block_started.elapsed().as_secs_f64(),
            slowest.as_secs_f64(),
            summary(lookups),
        );
    }
    if !body.is_empty() {
        println!("slowest batch check of the fill: {:.3}s", worst.as_secs_f64());
    }
    println!("originals indexed: {}", store.indexed_originals().expect("count"));
    println!("a flush or merge under way: {}", store.dedup_building().expect("look"));
    let runs = store.dedup_runs().expect("list the runs");
    println!("index runs (originals each): {:?}", runs.iter().map(|r| r.0).collect::<Vec<_>>());

    report("probe lookup", lookup_times(&store, probe_a, &config));
    let mut counts: Vec<usize> = probe_a
        .iter()
        .map(|a| {
            let keys = Prepared::new(Cow::Borrowed(a), &config).keys(&config);
            OriginalIndex::candidates(&store, &keys).expect("look up").len()
        })
        .collect();
    counts.sort_unstable();
    println!(
        "candidates per probe: mean {:.1}, median {}, p99 {}, max {}",
        counts.iter().sum::<usize>() as f64 / counts.len().max(1) as f64,
        counts[counts.len() / 2],
        counts[(counts.len() - 1) * 99 / 100],
        counts[counts.len() - 1]
    );
    let checks: Vec<Duration> = probe_a
        .iter()
        .map(|a| {
            let prepared = Prepared::new(Cow::Borrowed(a), &config);
            let t = Instant::now();
            std::hint::black_box(check(&prepared, &store, &config).expect("check"));
            t.elapsed()
        })
        .collect();
    report("probe check (lookup, screen, verification)", checks);
    let (checks, adds, copies) = ingest(&mut store, probe_a, &config);
    report("probe check and record", checks);
    report("probe store", adds);
    println!("probe copies found: {copies}");

    drop(store);
    let mut store = Store::open(&path).expect("reopen the store");
    let (checks, _, copies) = ingest(&mut store, probe_b, &config);
    report("after reopening, check and record", checks);
    println!("after reopening, copies found: {copies}");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("store file: {:.0} MiB", size as f64 / (1024.0 * 1024.0));
}

/// The read side alone: LSH lookups and sketch fetches for each article, nothing recorded.
fn lookup_times(store: &Store, articles: &[Article], config: &DedupConfig) -> Vec<Duration> {
    articles
        .iter()
        .map(|a| {
            let keys = Prepared::new(Cow::Borrowed(a), config).keys(config);
            let t = Instant::now();
            std::hint::black_box(OriginalIndex::candidates(store, &keys).expect("look up"));
            t.elapsed()
        })
        .collect()
}
