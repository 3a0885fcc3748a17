//! How long the store's dedup index takes to check one arriving article when it already holds
//! many: articles of a synthetic corpus (copies included, see `storyweave eval dedup
//! --synthetic`) are stored and checked one by one, as `storyweave ingest` does, then a set of
//! probe articles is timed one at a time, before and after the store is closed and opened again.
//!
//! ```sh
//! cargo run --release -p storyweave-store --example dedup_index -- [ARTICLES] [PROBES] [DB] [PROBE_SEED]
//! ```
//!
//! Defaults: 1,000,000 articles, 2,000 probes, a store in a temporary directory. Given a store
//! that already holds documents (an earlier run's), it is not filled again: the probes come from
//! a corpus of another seed (`PROBE_SEED`, 43 by default; each probing run stores its probes, so a
//! second one on the same store takes another). `DEDUP_UNCAPPED=1` lifts the caps on postings
//! per key and candidates per check. The copy links made are scored against the corpus's gold
//! (precision; recall over the articles stored after another of their base). Prints one line per 100,000 articles stored (with the slowest batch
//! check of the block, where flushes and merges show), the index's runs, then the probe latencies
//! (mean, median, 99th percentile, maximum) of the lookup alone, of the check (LSH lookups,
//! sketch screen, verification), of the check and recording the verdict, and of storing the
//! article itself, and the store's size.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use std::borrow::Cow;

use storyweave_dedup::{check, DedupConfig, OriginalIndex, Prepared};
use storyweave_eval::dedup::{build_synthetic, DedupCorpus, DedupEvalConfig};
use storyweave_model::{Article, ContentKind, CopyLink, Document, Hints, Origin, SourceFormat};
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

/// The gold: the base each article of the corpus copies or is (and whether it is that base), by
/// the id the store gives it.
fn groups(corpus: &DedupCorpus) -> HashMap<String, (String, bool)> {
    let base: HashMap<&str, &str> = corpus.copies.iter().map(|c| (c.id.as_str(), c.base.as_str())).collect();
    corpus
        .articles
        .iter()
        .map(|a| {
            let group = base.get(a.doc_id.as_str()).copied();
            (document(a).id, (group.unwrap_or(a.doc_id.as_str()).to_string(), group.is_none()))
        })
        .collect()
}

/// Copy links found against the gold: links made, links right (copy and original of one base),
/// and links due: a copy stored after its base, or a base after one of its copies (two copies of
/// one base need not be alike enough).
#[derive(Default)]
struct Found {
    groups: HashMap<String, (String, bool)>,
    /// Bases stored, and bases with a copy stored.
    bases: HashSet<String>,
    copied: HashSet<String>,
    /// The articles due a link.
    due: HashSet<String>,
    links: usize,
    right: usize,
    right_due: usize,
}

impl Found {
    fn stored(&mut self, id: &str) {
        let Some((group, is_base)) = self.groups.get(id) else { return };
        let earlier = if *is_base { &self.copied } else { &self.bases };
        if earlier.contains(group) {
            self.due.insert(id.to_string());
        }
        if *is_base { &mut self.bases } else { &mut self.copied }.insert(group.clone());
    }

    fn linked(&mut self, links: &[CopyLink]) {
        for link in links {
            let group = |id: &str| self.groups.get(id).map(|g| &g.0);
            let right = group(&link.copy).is_some() && group(&link.copy) == group(&link.original);
            self.links += 1;
            self.right += usize::from(right);
            self.right_due += usize::from(right && self.due.contains(&link.copy));
        }
    }

    fn line(&self) -> String {
        format!(
            "{} links, precision {:.4}, recall {:.4} ({} of {} due)",
            self.links,
            self.right as f64 / self.links.max(1) as f64,
            self.right_due as f64 / self.due.len().max(1) as f64,
            self.right_due,
            self.due.len()
        )
    }
}

/// Store and check each article; the check's and the store's times.
fn ingest(
    store: &mut Store,
    articles: &[Article],
    config: &DedupConfig,
    found: &mut Found,
) -> (Vec<Duration>, Vec<Duration>) {
    let (mut checks, mut adds) = (Vec::new(), Vec::new());
    for a in articles {
        let doc = document(a);
        let a = keyed(a, &doc);
        let t = Instant::now();
        if !store.add(&doc, &a).expect("store the article") {
            continue;
        }
        adds.push(t.elapsed());
        found.stored(&a.doc_id);
        let t = Instant::now();
        let links = store.check_copies(&[&a], config).expect("check the article");
        checks.push(t.elapsed());
        found.linked(&links);
    }
    (checks, adds)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let total: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let probes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2_000);
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = args.next().map(PathBuf::from).unwrap_or_else(|| dir.path().join("index.db"));
    let probe_seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(43);

    let config = DedupConfig::default();
    let mut store = Store::open(&path).expect("open the store");
    let uncapped = std::env::var_os("DEDUP_UNCAPPED").is_some();
    if uncapped {
        // What the caps on postings and candidates cost in copies found, and save in time.
        store.set_dedup_caps(1 << 40, 1 << 40);
        println!("no caps on postings or candidates");
    }
    store.load_dedup_index().expect("load the dedup index");
    let stored = store.document_count().expect("count the documents");
    // A store filled by an earlier run is probed again with articles of another corpus (its
    // originals and their copies among themselves), so that the slow filling need not be redone
    // to measure lookups on a quiet machine.
    let (corpus_size, seed) = if stored > 0 { (2 * probes, probe_seed) } else { (total + 2 * probes, 42) };
    let started = Instant::now();
    let corpus = build_synthetic(corpus_size, &DedupEvalConfig { seed, ..DedupEvalConfig::default() });
    println!("generated {} articles in {:.1}s", corpus.articles.len(), started.elapsed().as_secs_f64());
    let (body, tail) = corpus.articles.split_at(corpus.articles.len() - 2 * probes);
    let (probe_a, probe_b) = tail.split_at(probes);
    if stored > 0 {
        println!("the store holds {stored} documents already: probing it with a corpus of another seed");
    }
    let body = if stored > 0 { &[][..] } else { body };
    let mut found = Found { groups: groups(&corpus), ..Found::default() };
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
            for a in &keyed {
                found.stored(&a.doc_id);
            }
            let t = Instant::now();
            let links = store.check_copies(&keyed.iter().collect::<Vec<_>>(), &config).expect("check");
            copies += links.len();
            found.linked(&links);
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
    if !body.is_empty() {
        println!("fill copy links against the gold: {}", found.line());
    }
    let mut found = Found {
        groups: std::mem::take(&mut found.groups),
        bases: std::mem::take(&mut found.bases),
        copied: std::mem::take(&mut found.copied),
        ..Found::default()
    };
    let (checks, adds) = ingest(&mut store, probe_a, &config, &mut found);
    report("probe check and record", checks);
    report("probe store", adds);
    println!("probe copies found: {}", found.line());

    drop(store);
    let mut store = Store::open(&path).expect("reopen the store");
    let (checks, _) = ingest(&mut store, probe_b, &config, &mut found);
    report("after reopening, check and record", checks);
    println!("with those after reopening, copies found: {}", found.line());
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
