//! The trained models built into the binary are what their committed training command makes.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the training command `bin` on `inputs`, then one fresh output path for each of
/// `committed` (paths in the repository), and checks every file it writes is byte for byte the
/// committed one; `redo` says what to do when one is not ("retrain it").
fn assert_remade(bin: &str, inputs: &[&OsStr], committed: &[&str], redo: &str) {
    let dir = tempfile::tempdir().unwrap();
    let made: Vec<PathBuf> =
        committed.iter().map(|c| dir.path().join(Path::new(c).file_name().unwrap())).collect();
    let status = Command::new(bin).args(inputs).args(&made).status().expect("run the training command");
    assert!(status.success(), "{bin} failed");
    for (made, committed) in made.iter().zip(committed) {
        let committed_bytes = std::fs::read(common::repo().join(committed)).unwrap();
        assert!(std::fs::read(made).unwrap() == committed_bytes, "{committed} is stale: {redo}");
    }
}

#[test]
fn the_quote_models_are_what_train_quotes_makes_from_polnear_train() {
    let Some(train) = common::shared("data/quotes/polnear/train") else { return };
    // Retrain with the command in src/bin/train-quotes.rs when features or rules change.
    assert_remade(
        env!("CARGO_BIN_EXE_train-quotes"),
        &[train.as_os_str()],
        &["crates/analyze/quotes.model", "crates/analyze/roles.model", "crates/analyze/sources.model"],
        "retrain it",
    );
}

#[test]
fn the_roundup_table_is_what_train_summary_makes_from_neus_train() {
    let Some(data) = common::shared("data/summarization/neus-allsides/data") else { return };
    // Recount with the command in src/bin/train-summary.rs when the table's cells or tokens change.
    assert_remade(
        env!("CARGO_BIN_EXE_train-summary"),
        &[data.as_os_str(), OsStr::new("train")],
        &["crates/brief/roundup.tsv"],
        "recount it",
    );
}

#[test]
fn the_word_class_table_is_what_train_wordclass_makes_from_conll_train() {
    let Some(conll) = common::shared("data/ner/conll2003/eng.train") else { return };
    // Recount with the command in src/bin/train-wordclass.rs when the classes or the folding change.
    assert_remade(
        env!("CARGO_BIN_EXE_train-wordclass"),
        &[conll.as_os_str()],
        &["crates/analyze/wordclass.tsv"],
        "recount it",
    );
}

#[test]
fn the_cluster_table_is_what_train_clusters_makes_from_the_unlabelled_train_text() {
    let Some(data) = common::shared("data") else { return };
    // Recount with the command in src/bin/train-clusters.rs when the counts or the folding change.
    assert_remade(
        env!("CARGO_BIN_EXE_train-clusters"),
        &[data.as_os_str()],
        &["crates/analyze/clusters.tsv"],
        "recount it",
    );
}
