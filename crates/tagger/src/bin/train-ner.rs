//! Train the named-entity model from CoNLL-2003 (or any CoNLL-column data) and write the model
//! file. The same data and settings give the same bytes.
//!
//! `cargo run --release -p storyweave-tagger --bin train-ner -- --train ../shared/data/ner/conll2003/eng.train --out crates/tagger/ner.model`
//! Options: `--epochs N`, `--scheme bio|bilou`, `--min-count N`, `--prune X`, `--dev PATH`
//! (reports dev F1 after each epoch; for choosing settings, never for training).

use std::error::Error;
use std::time::Instant;

use storyweave_tagger::conll::parse;
use storyweave_tagger::train::{span_f1, train, Config};
use storyweave_tagger::Scheme;

fn main() {
    if let Err(e) = run() {
        eprintln!("train-ner: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let (mut train_path, mut out, mut dev_path) = (None, None, None);
    let mut cfg = Config::default();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--train" => train_path = Some(value()?),
            "--out" => out = Some(value()?),
            "--dev" => dev_path = Some(value()?),
            "--epochs" => cfg.epochs = value()?.parse()?,
            "--min-count" => cfg.min_count = value()?.parse()?,
            "--folds" => cfg.folds = value()?.parse()?,
            "--prune" => cfg.prune = value()?.parse()?,
            "--seed" => cfg.seed = value()?.parse()?,
            "--scheme" => {
                cfg.scheme = match value()?.as_str() {
                    "bio" => Scheme::Bio,
                    "bilou" => Scheme::Bilou,
                    s => return Err(format!("unknown scheme {s}").into()),
                }
            }
            _ => return Err(format!("unknown argument {a}").into()),
        }
    }
    let train_path = train_path.ok_or("--train PATH is required")?;
    let out = out.ok_or("--out PATH is required")?;
    let read = |p: &str| -> Result<_, Box<dyn Error>> {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?;
        Ok(parse(&text).map_err(|e| format!("{p}: {e}"))?)
    };
    let docs = read(&train_path)?;
    let dev = dev_path.as_deref().map(read).transpose()?;
    let started = Instant::now();
    let model = train(&docs, &cfg, dev.as_deref(), &mut |line| {
        eprintln!("train-ner: {line} ({:.1}s)", started.elapsed().as_secs_f64())
    });
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| format!("{out}: {e}"))?;
    eprintln!(
        "train-ner: {} features, {} bytes written to {out} in {:.1}s",
        model.feature_count(),
        bytes.len(),
        started.elapsed().as_secs_f64()
    );
    if let Some(dev) = &dev {
        let (p, r, f) = span_f1(&model, dev);
        eprintln!("train-ner: final model on dev: P {p:.4} R {r:.4} F1 {f:.4}");
    }
    Ok(())
}
