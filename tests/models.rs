//! The trained models built into the binary are what their committed training command makes.

mod common;

use std::process::Command;

#[test]
fn the_quote_models_are_what_train_quotes_makes_from_polnear_train() {
    let Some(train) = common::shared("data/quotes/polnear/train") else { return };
    let dir = tempfile::tempdir().unwrap();
    let (cues, roles, sources) =
        (dir.path().join("quotes.model"), dir.path().join("roles.model"), dir.path().join("sources.model"));
    let status = Command::new(env!("CARGO_BIN_EXE_train-quotes"))
        .arg(&train)
        .arg(&cues)
        .arg(&roles)
        .arg(&sources)
        .status()
        .expect("run train-quotes");
    assert!(status.success());
    // Retrain with the command in src/bin/train-quotes.rs when features or rules change.
    for (made, committed) in [
        (cues, "crates/analyze/quotes.model"),
        (roles, "crates/analyze/roles.model"),
        (sources, "crates/analyze/sources.model"),
    ] {
        let committed_bytes = std::fs::read(common::repo().join(committed)).unwrap();
        assert!(std::fs::read(&made).unwrap() == committed_bytes, "{committed} is stale: retrain it");
    }
}

#[test]
fn the_roundup_table_is_what_train_summary_makes_from_neus_train() {
    let Some(data) = common::shared("data/summarization/neus-allsides/data") else { return };
    let dir = tempfile::tempdir().unwrap();
    let made = dir.path().join("roundup.tsv");
    let status = Command::new(env!("CARGO_BIN_EXE_train-summary"))
        .arg(&data)
        .arg("train")
        .arg(&made)
        .status()
        .expect("run train-summary");
    assert!(status.success());
    // Recount with the command in src/bin/train-summary.rs when the table's cells or tokens change.
    let committed = std::fs::read(common::repo().join("crates/brief/roundup.tsv")).unwrap();
    assert!(std::fs::read(&made).unwrap() == committed, "crates/brief/roundup.tsv is stale: recount it");
}

#[test]
fn the_word_class_table_is_what_train_wordclass_makes_from_conll_train() {
    let Some(conll) = common::shared("data/ner/conll2003/eng.train") else { return };
    let dir = tempfile::tempdir().unwrap();
    let made = dir.path().join("wordclass.tsv");
    let status = Command::new(env!("CARGO_BIN_EXE_train-wordclass"))
        .arg(&conll)
        .arg(&made)
        .status()
        .expect("run train-wordclass");
    assert!(status.success());
    // Recount with the command in src/bin/train-wordclass.rs when the classes or the folding change.
    let committed = std::fs::read(common::repo().join("crates/analyze/wordclass.tsv")).unwrap();
    assert!(std::fs::read(&made).unwrap() == committed, "crates/analyze/wordclass.tsv is stale: recount it");
}

#[test]
fn the_cluster_table_is_what_train_clusters_makes_from_the_unlabelled_train_text() {
    let Some(data) = common::shared("data") else { return };
    let dir = tempfile::tempdir().unwrap();
    let made = dir.path().join("clusters.tsv");
    let status = Command::new(env!("CARGO_BIN_EXE_train-clusters"))
        .arg(&data)
        .arg(&made)
        .status()
        .expect("run train-clusters");
    assert!(status.success());
    // Recount with the command in src/bin/train-clusters.rs when the counts or the folding change.
    let committed = std::fs::read(common::repo().join("crates/analyze/clusters.tsv")).unwrap();
    assert!(std::fs::read(&made).unwrap() == committed, "crates/analyze/clusters.tsv is stale: recount it");
}
