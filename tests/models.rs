//! The trained model built into the binary is what its committed training command makes.

mod common;

use std::process::Command;

#[test]
fn the_quote_cue_model_is_what_train_quotes_makes_from_polnear_train() {
    let Some(train) = common::shared("data/quotes/polnear/train") else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("quotes.model");
    let status = Command::new(env!("CARGO_BIN_EXE_train-quotes"))
        .arg(&train)
        .arg(&out)
        .status()
        .expect("run train-quotes");
    assert!(status.success());
    let committed = std::fs::read(common::repo().join("crates/analyze/quotes.model")).unwrap();
    // Retrain with the command in crates/analyze/src/cues.rs when features or rules change.
    assert!(std::fs::read(&out).unwrap() == committed, "crates/analyze/quotes.model is stale: retrain it");
}
