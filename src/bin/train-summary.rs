//! `train-summary`: count the brief's roundup table (`storyweave_brief::roundup`) on a NeuS split:
//! for every story word, its cell (the share of the articles and of the headlines using it, and
//! whether it is a function word) and how often the editors' roundup (headline and summary) uses
//! it.
//!
//! ```text
//! train-summary <NeuS data dir> <split> <table.tsv>
//! ```
//!
//! The built-in table is NeuS train's, byte for byte, in about a second:
//!
//! ```text
//! cargo run --release --bin train-summary -- ../shared/data/summarization/neus-allsides/data \
//!     train crates/brief/roundup.tsv
//! ```

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use storyweave_brief::roundup::Fit;
use storyweave_eval::rouge::read_split;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, split, out] = args.as_slice() else {
        eprintln!("usage: train-summary <NeuS data dir> <split> <table.tsv>");
        return ExitCode::from(2);
    };
    let examples = match read_split(&PathBuf::from(dir), split) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("train-summary: {e}");
            return ExitCode::from(2);
        }
    };
    let mut fit = Fit::default();
    for ex in &examples {
        let texts: Vec<&str> = ex.articles.iter().map(|a| a.text.as_str()).collect();
        // Each headline once, as the brief reads them.
        let headlines: Vec<&str> = ex
            .articles
            .iter()
            .map(|a| a.title.as_str())
            .filter(|t| !t.is_empty())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        fit.add(&texts, &headlines, &ex.reference_text());
    }
    if let Err(e) = std::fs::write(out, fit.table().to_text()) {
        eprintln!("train-summary: {out}: {e}");
        return ExitCode::from(2);
    }
    eprintln!("train-summary: {} stories of {split} counted into {out}", examples.len());
    ExitCode::SUCCESS
}
