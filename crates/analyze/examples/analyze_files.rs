//! Analyse text files (one paragraph a line) and print their entities and quotes, to see what
//! the analyzer makes of a text.
//!
//! `cargo run --release -p storyweave-analyze --example analyze_files -- FILE...`
//!
//! The analysis speed benchmark is `storyweave-pipeline`'s `analysis_speed` example.

use storyweave_analyze::analyze;
use storyweave_model::Article;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
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
    for a in &articles {
        let an = analyze(a);
        println!("== {}", a.doc_id);
        for e in &an.entities {
            let texts: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
            println!("  {:?} {:?} role={:?} {:?}", e.name, e.kind, e.role, texts);
        }
        // The source and cue as the sentence writes them.
        let written = |t: &Option<storyweave_model::TextSpan>| {
            t.as_ref()
                .and_then(|t| an.sentences.get(t.sentence)?.text.get(t.start..t.end))
                .map(str::to_string)
        };
        for q in &an.quotes {
            println!(
                "  quote s{} {:?} (source {:?}, cue {:?}) medium={:?} via={:?}: {}",
                q.sentence,
                q.speaker,
                written(&q.source_span),
                written(&q.cue_span),
                q.medium,
                q.via,
                q.text
            );
        }
    }
}
