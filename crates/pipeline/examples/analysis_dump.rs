//! Writes the analysis of every AEB article body as JSON lines, so a change meant to keep the
//! output can be checked byte for byte against the analysis before it.
//!
//! ```sh
//! cargo run --release -p storyweave-pipeline --example analysis_dump -- \
//!     [../shared/data/extraction/scrapinghub-article-extraction-benchmark] > analysis.jsonl
//! ```

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;
use storyweave_model::Article;

fn main() {
    let dir = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from("../shared/data/extraction/scrapinghub-article-extraction-benchmark")
    });
    let path = dir.join("ground-truth.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        eprintln!("analysis_dump: {}: {e}", path.display());
        std::process::exit(2);
    });
    let truth: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap_or_else(|e| {
        eprintln!("analysis_dump: {}: invalid JSON: {e}", path.display());
        std::process::exit(2);
    });
    // The same fixed publication date as `analysis_speed`.
    let published = NaiveDate::from_ymd_opt(2024, 5, 15).and_then(|d| d.and_hms_opt(9, 0, 0));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (id, v) in &truth {
        let Some(body) = v.get("articleBody").and_then(|b| b.as_str()) else { continue };
        let paragraphs =
            body.split('\n').map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
        let article = Article { published, ..Article::from_paragraphs(id.clone(), paragraphs) };
        let analysis = storyweave_pipeline::analyze(&article);
        let line = serde_json::to_string(&analysis).expect("an analysis serialises");
        writeln!(out, "{line}").expect("stdout is writable");
    }
}
