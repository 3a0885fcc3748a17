//! Analyse text files (one paragraph a line) and print their entities and quotes, or time the
//! analysis.
//!
//! `cargo run --release -p storyweave-analyze --example analyze_files -- FILE...` prints each
//! file's entities and quotes; with `--speed` first, it analyses every file over and over for at least three
//! seconds and prints articles and tokens per second of this thread's CPU time (Linux), so a
//! busy machine does not skew the figure.

use std::time::Instant;

use storyweave_analyze::analyze;
use storyweave_model::Article;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let speed = args.first().is_some_and(|a| a == "--speed");
    if speed {
        args.remove(0);
    }
    let articles: Vec<Article> = args
        .iter()
        .filter_map(|p| match std::fs::read_to_string(p) {
            Ok(text) => Some(Article {
                doc_id: p.clone(),
                title: None,
                paragraphs: text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(),
                published: None,
                authors: vec![],
                outlet: String::new(),
                url: None,
                language: None,
                removed: vec![],
            }),
            Err(e) => {
                eprintln!("analyze_files: {p}: {e}");
                None
            }
        })
        .collect();
    if !speed {
        for a in &articles {
            let an = analyze(a);
            println!("== {}", a.doc_id);
            for e in &an.entities {
                let texts: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
                println!("  {:?} {:?} role={:?} {:?}", e.name, e.kind, e.role, texts);
            }
            for q in &an.quotes {
                println!(
                    "  quote s{} {:?} medium={:?} via={:?}: {}",
                    q.sentence, q.speaker, q.medium, q.via, q.text
                );
            }
        }
        return;
    }
    let words: usize =
        articles.iter().flat_map(|a| &a.paragraphs).map(|p| p.split_whitespace().count()).sum();
    let (wall, cpu0) = (Instant::now(), thread_cpu_seconds());
    let mut rounds = 0;
    while rounds < 3 || wall.elapsed().as_secs_f64() < 3.0 {
        for a in &articles {
            std::hint::black_box(analyze(a));
        }
        rounds += 1;
    }
    let (seconds, clock) = match (cpu0, thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => (b - a, "CPU"),
        _ => (wall.elapsed().as_secs_f64(), "wall"),
    };
    let n = (articles.len() * rounds) as f64;
    println!(
        "{} articles ({} words) x {rounds} in {seconds:.2}s {clock} time: {:.0} articles/s, {:.0} words/s",
        articles.len(),
        words,
        n / seconds,
        (words * rounds) as f64 / seconds
    );
}

/// User plus system CPU time of the calling thread, from `/proc/thread-self/stat` (Linux).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let (utime, stime): (f64, f64) = (f.get(11)?.parse().ok()?, f.get(12)?.parse().ok()?);
    Some((utime + stime) / 100.0)
}
