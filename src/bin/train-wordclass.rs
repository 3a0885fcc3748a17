//! `train-wordclass`: count the word-class table of `storyweave-analyze` ([`wordclass`]) from
//! CoNLL-2003's English training set and write it, the same bytes for the same input (about
//! 0.1 s):
//!
//! ```text
//! cargo run --release --bin train-wordclass -- ../shared/data/ner/conll2003/eng.train \
//!     crates/analyze/wordclass.tsv
//! ```

use std::process::ExitCode;

use storyweave_analyze::wordclass;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = &args[..] else {
        eprintln!("usage: train-wordclass <eng.train> <wordclass.tsv>");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("train-wordclass: {input}: {e}");
            return ExitCode::from(2);
        }
    };
    let table = wordclass::build(&text);
    if let Err(e) = std::fs::write(output, &table) {
        eprintln!("train-wordclass: {output}: {e}");
        return ExitCode::from(2);
    }
    eprintln!("{} entries, {} bytes", table.lines().count(), table.len());
    ExitCode::SUCCESS
}
