//! How fast the analyze stage runs on one core: every article body of the AEB ground truth (181
//! real English news articles, about 730 words each) analysed in turn, best of several rounds,
//! with the time of each part (sentences, entities, time expressions, quotes, figures).
//!
//! ```sh
//! cargo run --release -p storyweave-pipeline --example analysis_speed -- \
//!     [../shared/data/extraction/scrapinghub-article-extraction-benchmark] [ROUNDS]
//! ```
//!
//! Run it with one thread's worth of CPU (`taskset -c 0`); it uses one thread itself.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use storyweave_analyze::{find_entities, find_figures, find_quotes, find_times, split_sentences};
use storyweave_model::Article;

// The allocator the `storyweave` binary runs with, so that this measures what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from("../shared/data/extraction/scrapinghub-article-extraction-benchmark")
    });
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let path = dir.join("ground-truth.json");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("analysis_speed: {}: {e}", path.display());
            std::process::exit(2);
        }
    };
    let truth: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(&text) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("analysis_speed: {}: invalid JSON: {e}", path.display());
            std::process::exit(2);
        }
    };
    // A fixed publication date, so relative time expressions are resolved as in real use.
    let published = NaiveDate::from_ymd_opt(2024, 5, 15).and_then(|d| d.and_hms_opt(9, 0, 0));
    let articles: Vec<Article> = truth
        .iter()
        .filter_map(|(id, v)| {
            let body = v.get("articleBody")?.as_str()?;
            let paragraphs =
                body.split('\n').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
            Some(Article { published, ..Article::from_paragraphs(id.clone(), paragraphs) })
        })
        .collect();
    let words: usize =
        articles.iter().flat_map(|a| &a.paragraphs).map(|p| p.split_whitespace().count()).sum();

    // Per part: sentences, entities, times, quotes, figures; best round of each.
    let mut best = [Duration::MAX; 5];
    let mut best_total = Duration::MAX;
    for _ in 0..rounds {
        let mut parts = [Duration::ZERO; 5];
        let round = Instant::now();
        for a in &articles {
            let t = Instant::now();
            let sentences = split_sentences(a);
            parts[0] += t.elapsed();
            let t = Instant::now();
            let entities = find_entities(&sentences);
            parts[1] += t.elapsed();
            let t = Instant::now();
            std::hint::black_box(find_times(&sentences, a.published));
            parts[2] += t.elapsed();
            let t = Instant::now();
            std::hint::black_box(find_quotes(&sentences, &entities));
            parts[3] += t.elapsed();
            let t = Instant::now();
            std::hint::black_box(find_figures(&sentences));
            parts[4] += t.elapsed();
        }
        best_total = best_total.min(round.elapsed());
        for (b, p) in best.iter_mut().zip(parts) {
            *b = (*b).min(p);
        }
    }
    // The stage as the pipeline calls it, for the headline figure.
    let mut stage = Duration::MAX;
    for _ in 0..rounds {
        let t = Instant::now();
        for a in &articles {
            std::hint::black_box(storyweave_pipeline::analyze(a));
        }
        stage = stage.min(t.elapsed());
    }
    let n = articles.len() as f64;
    println!("{} articles, {} words; best of {rounds} rounds, one thread", articles.len(), words);
    println!(
        "analyze: {:.0} articles/s ({:.0} words/s, {:.2} ms per article)",
        n / stage.as_secs_f64(),
        words as f64 / stage.as_secs_f64(),
        stage.as_secs_f64() * 1e3 / n
    );
    for (name, d) in ["sentences", "entities", "times", "quotes", "figures"].iter().zip(best) {
        println!(
            "  {name:<10} {:>7.3} ms per article ({:>4.1}%)",
            d.as_secs_f64() * 1e3 / n,
            100.0 * d.as_secs_f64() / best_total.as_secs_f64()
        );
    }
}
