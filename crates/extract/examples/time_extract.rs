//! Times the HTML path over a directory of `.html` files, one thread: the whole extract stage,
//! and scraper's parse alone for comparison (`cargo run --release -p storyweave-extract
//! --example time_extract -- DIR [RUNS]`).

use std::io::Write;
use std::time::Instant;

use storyweave_model::{ContentKind, Document, Hints, Origin, SourceFormat};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: time_extract DIR [RUNS]");
        return;
    };
    if let Ok(page) = std::env::var("BLOCKS") {
        let html = String::from_utf8_lossy(&std::fs::read(page).unwrap_or_default()).into_owned();
        let _ = write!(std::io::stdout(), "{}", storyweave_extract::debug_html_blocks(&html));
        return;
    }
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let mut pages = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            if let Ok(bytes) = std::fs::read(e.path()) {
                pages.push(String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    // TEXT=1: each page flattened to text first, as `eval extraction --input text` does.
    let text = std::env::var_os("TEXT").is_some();
    let docs: Vec<Document> = pages
        .iter()
        .map(|p| {
            let origin = Origin { path: "page.html".into(), record: None, format: SourceFormat::Html };
            if text {
                let t = storyweave_eval::flatten::html_to_text(p);
                Document::new(origin, ContentKind::Text, Vec::new(), t, Hints::default())
            } else {
                Document::new(origin, ContentKind::Html, Vec::new(), p.clone(), Hints::default())
            }
        })
        .collect();
    if let Ok(out) = std::env::var("DUMP") {
        // One line per page: the file name, a tab, the body with paragraphs joined by " ¶ ".
        let mut names: Vec<String> = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&dir) {
            names = entries.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        }
        let lines: Vec<String> = names
            .iter()
            .zip(&docs)
            .map(|(n, d)| format!("{n}\t{}", storyweave_extract::extract(d).paragraphs.join(" ¶ ")))
            .collect();
        let _ = std::fs::write(out, lines.join("\n"));
    }
    let bytes: usize = pages.iter().map(String::len).sum();
    let best = |f: &dyn Fn() -> usize| {
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let cpu0 = cpu_seconds();
    let s = best(&|| docs.iter().map(|d| storyweave_extract::extract(d).paragraphs.len()).sum());
    let cpu = (cpu_seconds() - cpu0) / runs as f64;
    let _ = writeln!(
        std::io::stdout(),
        "extract CPU time per run: {:.3}s, {:.0} pages/s of CPU time",
        cpu,
        docs.len() as f64 / cpu
    );
    let _ = writeln!(
        std::io::stdout(),
        "extract: {} pages, {:.1} MB, {:.3}s, {:.0} pages/s, {:.0} MB/s",
        docs.len(),
        bytes as f64 / 1e6,
        s,
        docs.len() as f64 / s,
        bytes as f64 / 1e6 / s
    );
    if std::env::var_os("NO_SCRAPER").is_some() {
        return;
    }
    let s = best(&|| pages.iter().map(|p| scraper::Html::parse_document(p).tree.values().count()).sum());
    let _ =
        writeln!(std::io::stdout(), "scraper parse alone: {:.3}s, {:.0} pages/s", s, docs.len() as f64 / s);
}

/// User plus system CPU time of this process so far, from /proc (Linux; 0 elsewhere), so a
/// figure can be read on a machine other jobs share.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) end with ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; 100 ticks/s.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}
