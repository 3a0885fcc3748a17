//! `train-clusters`: count the word cluster table of `storyweave-analyze`
//! ([`storyweave_analyze::clusters`]) from unlabelled English news text in the shared data, and
//! write it, the same bytes for the same input (a few seconds on one core):
//!
//! ```text
//! cargo run --release --bin train-clusters -- ../shared/data crates/analyze/clusters.tsv
//! ```
//!
//! It reads, in this order, the articles and roundups of NeuS train, CoNLL-2003's English
//! training sentences and the ECB+ documents, no labels. No development or validation split is
//! read, and no PolNeAR text either: PolNeAR dev is what the quote models are evaluated on, and
//! with PolNeAR train's own text in the counts the out-of-fold figures of `train-quotes` would
//! see clusters drawn partly from the fold held out.

use std::path::Path;
use std::process::ExitCode;

use storyweave_analyze::clusters;

/// The texts of the sources (see the module documentation), in a fixed order.
fn texts(data: &Path) -> Result<Vec<String>, String> {
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let mut out = Vec::new();
    // NeuS train: "TITLE=> ... ARTICLE=> ... [SEP] ..." a story, then the roundups.
    let neus = data.join("summarization/neus-allsides/data");
    for line in read(&neus.join("train.source"))?.lines() {
        for part in line.split("[SEP]") {
            out.push(part.replace("TITLE=>", "").replace("ARTICLE=>", "\n"));
        }
    }
    out.extend(read(&neus.join("train.target"))?.lines().map(str::to_string));
    // CoNLL-2003 English train: one token a line, sentences between blank lines.
    let mut sentence = String::new();
    for line in read(&data.join("ner/conll2003/eng.train"))?.lines().chain([""]) {
        match line.split(' ').next() {
            Some("-DOCSTART-") => {}
            Some(w) if !w.is_empty() => {
                sentence.push_str(w);
                sentence.push(' ');
            }
            _ if !sentence.is_empty() => out.push(std::mem::take(&mut sentence)),
            _ => {}
        }
    }
    // ECB+: a JSON document a line, its sentences tokenised with Penn Treebank quotation marks.
    for line in read(&data.join("clustering/ecbplus/docs.jsonl"))?.lines() {
        let doc: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("docs.jsonl: {e}"))?;
        let sentences = doc["sentences"].as_array().into_iter().flatten().filter_map(|s| s.as_str());
        let text: Vec<String> = sentences.map(|s| s.replace("``", "\"").replace("''", "\"")).collect();
        out.push(text.join(" "));
    }
    Ok(out)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [data, output] = &args[..] else {
        eprintln!("usage: train-clusters <shared data dir> <clusters.tsv>");
        return ExitCode::from(2);
    };
    let start = std::time::Instant::now();
    let texts = match texts(Path::new(data)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("train-clusters: {e}");
            return ExitCode::from(2);
        }
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let table = clusters::build(texts.iter().map(String::as_str));
    if let Err(e) = std::fs::write(output, &table) {
        eprintln!("train-clusters: {output}: {e}");
        return ExitCode::from(2);
    }
    eprintln!(
        "{} texts, {bytes} bytes read; {} words clustered, {} bytes written, {:.1}s",
        texts.len(),
        table.lines().count(),
        table.len(),
        start.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
