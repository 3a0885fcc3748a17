//! Train the named-entity model from CoNLL-2003 (or any CoNLL-column data) and write the model
//! file. The same data and settings give the same bytes.
//!
//! `cargo run --release -p storyweave-tagger --bin train-ner -- --train ../shared/data/ner/conll2003/eng.train --out crates/tagger/ner.model`
//! Options: `--epochs N`, `--scheme bio|bilou`, `--min-count N`, `--prune X`, `--dev PATH`
//! (reports dev F1 after each epoch; for choosing settings, never for training).
//!
//! `train-ner --speed PATH` instead tags a CoNLL file with the built-in model and reports its
//! span F1 and tokens per second (single thread, tokens given, as the tagger sees them).

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
    let (mut train_path, mut out, mut dev_path, mut speed) = (None, None, None, None);
    let mut cfg = Config::default();
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--train" => train_path = Some(value()?),
            "--out" => out = Some(value()?),
            "--dev" => dev_path = Some(value()?),
            "--speed" => speed = Some(value()?),
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
    let read = |p: &str| -> Result<_, Box<dyn Error>> {
        let text = std::fs::read_to_string(p).map_err(|e| format!("{p}: {e}"))?;
        Ok(parse(&text).map_err(|e| format!("{p}: {e}"))?)
    };
    if let Some(path) = speed {
        let docs = read(&path)?;
        let model = storyweave_tagger::builtin().ok_or("the built-in model does not load")?;
        let tokens: usize = docs.iter().flatten().map(|s| s.tokens.len()).sum();
        let (p, r, f) = span_f1(model, &docs);
        // CPU time of this thread where Linux tells it (the machine may be shared), else wall time.
        let (wall, cpu0) = (Instant::now(), thread_cpu_seconds());
        let mut rounds = 0;
        while rounds < 3 || wall.elapsed().as_secs_f64() < 3.0 {
            for doc in &docs {
                let toks: Vec<Vec<&str>> =
                    doc.iter().map(|s| s.tokens.iter().map(String::as_str).collect()).collect();
                std::hint::black_box(model.tag_document(&toks));
            }
            rounds += 1;
        }
        let (seconds, clock) = match (cpu0, thread_cpu_seconds()) {
            (Some(a), Some(b)) if b > a => (b - a, "CPU"),
            _ => (wall.elapsed().as_secs_f64(), "wall"),
        };
        let total = (tokens * rounds) as f64;
        println!(
            "{path}: P {p:.4} R {r:.4} F1 {f:.4}; {rounds} x {tokens} tokens in {seconds:.2}s {clock} time: {:.0} tokens/s",
            total / seconds
        );
        return Ok(());
    }
    let train_path = train_path.ok_or("--train PATH is required")?;
    let out = out.ok_or("--out PATH is required")?;
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

/// User plus system CPU time of the calling thread, from `/proc/thread-self/stat` (Linux).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name, which is in brackets and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let (utime, stime): (f64, f64) = (f.get(11)?.parse().ok()?, f.get(12)?.parse().ok()?);
    // Clock ticks are 100 a second on every Linux this runs on.
    Some((utime + stime) / 100.0)
}
