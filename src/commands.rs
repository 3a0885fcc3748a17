//! The subcommands: each reads its inputs, calls the pipeline or the store, and prints.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use storyweave_brief::render;
use storyweave_model::{Article, Brief, Document, Hints, Story};
use storyweave_pipeline::Config;
use storyweave_read::{read_inputs, Input, ReadOptions};
use storyweave_store::Store;

use crate::args::{Command, Format, InputArgs, MetaArgs};
use crate::output::{print, print_json};

/// Documents extracted and stored together (extraction runs in parallel within a batch).
const BATCH: usize = 256;

pub fn run(cli: crate::args::Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Brief { input, format } => {
            let mut timings = Timings::from_env();
            let mut store = Store::open_in_memory()?;
            let report = ingest(&mut store, &input, &mut timings)?;
            let briefs = store.briefs()?;
            timings.lap("load briefs");
            print_briefs(&briefs, format.format())?;
            timings.lap("render");
            timings.report();
            Ok(report.exit_code())
        }
        Command::Ingest { input, db, json } => {
            let mut timings = Timings::from_env();
            let mut store = Store::open(&db.db)?;
            let report = ingest(&mut store, &input, &mut timings)?;
            timings.report();
            if json {
                print_json(&report)?;
            }
            eprintln!(
                "storyweave: {} added, {} already stored, {} rejected; {} stories in {}",
                report.added,
                report.already_stored,
                report.rejected,
                report.stories,
                db.db.display()
            );
            Ok(report.exit_code())
        }
        Command::Stories { db, json } => {
            let store = open_existing(&db.db)?;
            let stories = store.stories()?;
            if json {
                print_json(&stories)?;
            } else {
                let mut out = String::new();
                for s in &stories {
                    let first = s
                        .first_seen
                        .map_or_else(|| "undated".to_string(), |d| d.format("%Y-%m-%d").to_string());
                    out += &format!(
                        "{}  {}  {:>3} articles  {:>3} outlets  {}\n",
                        s.id,
                        first,
                        s.articles.len(),
                        s.outlets.len(),
                        s.title
                    );
                }
                print(&out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Show { story, db, format } => {
            let store = open_existing(&db.db)?;
            let mut brief = store.brief(&story)?;
            if brief.is_none() {
                // An id that a merge retired: show the story it went into.
                let stories = store.stories()?;
                if let Some(into) = merged_into(&stories, &story) {
                    eprintln!("storyweave: story {story} was merged into {}; showing that", into.id);
                    brief = store.brief(&into.id)?;
                }
            }
            let Some(brief) = brief else { bail!("no story {story:?} in {}", db.db.display()) };
            print_briefs(std::slice::from_ref(&brief), format.format())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Clean { file, body_only, json, meta } => clean(&file, body_only, json, &meta),
        Command::Eval { task } => crate::eval::run(task),
        Command::Search { query, limit, db, json } => {
            let store = open_existing(&db.db)?;
            let hits = store.search(&query, limit)?;
            if json {
                print_json(&hits)?;
            } else {
                let mut out = String::new();
                for h in &hits {
                    let kind = serde_json::to_value(h.kind)?.as_str().unwrap_or_default().to_string();
                    let outlet = h.outlet.as_deref().map(|o| format!(" [{o}]")).unwrap_or_default();
                    out += &format!("{kind:7} {}  {}{}\n        {}\n", h.id, h.title, outlet, h.snippet);
                }
                print(&out)?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The story that absorbed story `id` (its `merged` list names it, or one id there starts with
/// `id`, as ids may be given by a unique prefix), if any.
fn merged_into<'a>(stories: &'a [Story], id: &str) -> Option<&'a Story> {
    let mut found = stories.iter().filter(|s| s.merged.iter().any(|m| m.starts_with(id)));
    match (found.next(), found.next()) {
        (Some(s), None) => Some(s),
        _ => None,
    }
}

fn open_existing(path: &std::path::Path) -> Result<Store> {
    if !path.exists() {
        bail!(
            "{}: no store here (run `storyweave ingest --db {} PATH...` first)",
            path.display(),
            path.display()
        );
    }
    Ok(Store::open(path)?)
}

fn print_briefs(briefs: &[Brief], format: Format) -> Result<()> {
    match format {
        Format::Json => print_json(&briefs),
        Format::Html => {
            print(&render::html(briefs))?;
            Ok(())
        }
        Format::Text | Format::Md => {
            let render = if format == Format::Md { render::markdown } else { render::text };
            let text: Vec<String> = briefs.iter().map(render).collect();
            print(&text.join("\n"))?;
            Ok(())
        }
    }
}

fn read_options(meta: &MetaArgs) -> Result<ReadOptions> {
    let published = match &meta.date {
        Some(d) => Some(
            storyweave_text::dates::parse_datetime(d)
                .with_context(|| format!("--date {d:?} is not a date I can read"))?,
        ),
        None => None,
    };
    let given =
        Hints { url: meta.url.clone(), outlet: meta.outlet.clone(), published, title: meta.title.clone() };
    Ok(ReadOptions { max_bytes: meta.max_bytes, given })
}

/// What one ingest did.
#[derive(Debug, Default, Serialize)]
struct IngestReport {
    added: usize,
    already_stored: usize,
    rejected: usize,
    stories: usize,
    /// Set when `--fail-fast` stopped at a rejected input.
    stopped: bool,
}

impl IngestReport {
    fn exit_code(&self) -> ExitCode {
        if self.rejected > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// Wall time per stage, summed over batches, printed to stderr when `STORYWEAVE_TIMING` is set
/// (bench/pipeline-speed reads it).
struct Timings {
    enabled: bool,
    clock: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn from_env() -> Self {
        let enabled = std::env::var_os("STORYWEAVE_TIMING").is_some_and(|v| !v.is_empty() && v != "0");
        Self { enabled, clock: Instant::now(), stages: Vec::new() }
    }

    /// Charge the time since the last lap to `stage`.
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        let spent = now - self.clock;
        self.clock = now;
        self.add(stage, spent);
    }

    fn add(&mut self, stage: &'static str, spent: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, total)) => *total += spent,
            None => self.stages.push((stage, spent)),
        }
    }

    /// Charge stages timed elsewhere, within the time since the last lap.
    fn absorb(&mut self, stages: &[(&'static str, Duration)]) {
        for &(stage, spent) in stages {
            self.add(stage, spent);
            self.clock += spent;
        }
    }

    fn report(&self) {
        if self.enabled {
            for (stage, spent) in &self.stages {
                eprintln!("storyweave: timing {stage:<18} {:8.2} s", spent.as_secs_f64());
            }
        }
    }
}

/// Read, extract and store every input, then re-derive the stories and briefs.
fn ingest(store: &mut Store, input: &InputArgs, timings: &mut Timings) -> Result<IngestReport> {
    let opts = read_options(&input.meta)?;
    let inputs: Vec<Input> = input.paths.iter().map(|p| Input::from_arg(p)).collect();
    // Articles stored but never checked for copies: those of an older store, or of an ingest
    // that was cut off between storing and checking.
    let unchecked = store.unchecked_articles()?;
    if !unchecked.is_empty() {
        store.check_copies(&unchecked.iter().collect::<Vec<_>>(), &Config::default().dedup)?;
    }
    let progress = progress_bar();
    let mut report = IngestReport::default();
    let mut batch: Vec<Document> = Vec::new();
    let mut failure: Option<anyhow::Error> = None;
    read_inputs(&inputs, &opts, &mut |item| {
        if report.stopped || failure.is_some() {
            return;
        }
        match item {
            Ok(doc) => {
                batch.push(doc);
                if batch.len() >= BATCH {
                    timings.lap("read");
                    if let Err(e) = store_batch(store, &mut batch, &mut report, &progress, timings) {
                        failure = Some(e);
                    }
                }
            }
            Err(e) => {
                progress.suspend(|| eprintln!("storyweave: {e}"));
                report.rejected += 1;
                report.stopped = input.fail_fast;
            }
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    timings.lap("read");
    if !report.stopped {
        store_batch(store, &mut batch, &mut report, &progress, timings)?;
    }
    progress.finish_and_clear();
    if report.stopped {
        eprintln!("storyweave: stopped at the first rejected input (--fail-fast)");
    }
    if report.added > 0 || store.stories()?.is_empty() {
        let articles = store.articles()?;
        let copies = store.copy_links()?;
        timings.lap("load articles");
        let derived = storyweave_pipeline::derive_with(&articles, copies, &Config::default());
        timings.absorb(&derived.timings);
        timings.lap("derive (other)");
        store.replace_derived(&derived.stories, &derived.analyses, &derived.briefs)?;
        timings.lap("store derived");
    }
    report.stories = store.stories()?.len();
    Ok(report)
}

fn store_batch(
    store: &mut Store,
    batch: &mut Vec<Document>,
    report: &mut IngestReport,
    progress: &ProgressBar,
    timings: &mut Timings,
) -> Result<()> {
    // Skip what is stored already before paying for extraction.
    let mut fresh = Vec::with_capacity(batch.len());
    for doc in batch.drain(..) {
        if store.contains(&doc.id)? {
            report.already_stored += 1;
        } else if !fresh.iter().any(|d: &Document| d.id == doc.id) {
            fresh.push(doc);
        } else {
            report.already_stored += 1;
        }
    }
    timings.lap("store lookup");
    let articles: Vec<Article> = storyweave_pipeline::extract_all(&fresh);
    timings.lap("extract");
    let pairs: Vec<(&Document, &Article)> = fresh.iter().zip(&articles).collect();
    let mut added = Vec::with_capacity(articles.len());
    for (new, (_, article)) in store.add_all(&pairs)?.into_iter().zip(&pairs) {
        if new {
            report.added += 1;
            added.push(*article);
        } else {
            report.already_stored += 1;
        }
        progress.inc(1);
    }
    timings.lap("store articles");
    // Each new article is checked against everything stored before it, through the store's
    // dedup index; within a batch, originals go first.
    store.check_copies(&added, &Config::default().dedup)?;
    timings.lap("dedup");
    Ok(())
}

fn progress_bar() -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {pos} documents stored ({per_sec})") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn clean(file: &str, body_only: bool, json: bool, meta: &MetaArgs) -> Result<ExitCode> {
    let opts = read_options(meta)?;
    let mut docs = Vec::new();
    let mut rejected = 0;
    read_inputs(&[Input::from_arg(file)], &opts, &mut |item| match item {
        Ok(doc) => docs.push(doc),
        Err(e) => {
            eprintln!("storyweave: {e}");
            rejected += 1;
        }
    });
    let articles = storyweave_pipeline::extract_all(&docs);
    if json {
        print_json(&articles)?;
    } else {
        let mut out = String::new();
        for (doc, a) in docs.iter().zip(&articles) {
            if docs.len() > 1 {
                out += &format!("== {}\n", doc.origin);
            }
            out += &if body_only { a.body() + "\n" } else { describe(a) };
            if docs.len() > 1 {
                out.push('\n');
            }
        }
        print(&out)?;
    }
    Ok(if rejected > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// An article and what was removed from it, for `clean`.
fn describe(a: &Article) -> String {
    let mut out = String::new();
    let field = |name: &str, v: Option<String>| v.map(|v| format!("{name:<10} {v}\n")).unwrap_or_default();
    out += &field("title", a.title.clone());
    out += &field("published", a.published.map(|d| d.format("%Y-%m-%d %H:%M").to_string()));
    out += &field("authors", (!a.authors.is_empty()).then(|| a.authors.join(", ")));
    out += &field("outlet", Some(a.outlet.clone()));
    out += &field("url", a.url.clone());
    out += &field("language", a.language.clone());
    out += "\n";
    out += &a.body();
    out += &format!("\n\nremoved ({} blocks):\n", a.removed.len());
    for r in &a.removed {
        let line = r.line.map(|l| format!("{l:>4}: ")).unwrap_or_default();
        let mut text: String = r.text.chars().take(100).collect();
        if text.len() < r.text.len() {
            text.push('…');
        }
        out += &format!("  {:<11} {line}{text}\n", r.reason.as_str());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timings_sum_a_stage_over_batches_and_absorb_stages_timed_elsewhere() {
        let ms = Duration::from_millis;
        let mut t = Timings { enabled: false, clock: Instant::now(), stages: Vec::new() };
        t.add("extract", ms(5));
        t.add("dedup", ms(2));
        t.add("extract", ms(7));
        assert_eq!(t.stages, vec![("extract", ms(12)), ("dedup", ms(2))]);
        // Time a stage measured inside the pipeline is not charged again to the next lap.
        let before = t.clock;
        t.absorb(&[("analyze", ms(3))]);
        assert_eq!(t.clock - before, ms(3));
        assert_eq!(t.stages.last(), Some(&("analyze", ms(3))));
    }

    #[test]
    fn a_merged_story_id_leads_to_the_story_that_absorbed_it() {
        let story = |id: &str, merged: &[&str]| Story {
            id: id.into(),
            title: String::new(),
            articles: Vec::new(),
            first_seen: None,
            last_seen: None,
            outlets: Vec::new(),
            merged: merged.iter().map(|m| m.to_string()).collect(),
        };
        let stories = [story("sa", &[]), story("sb", &["sc", "sd"])];
        assert_eq!(merged_into(&stories, "sd").map(|s| s.id.as_str()), Some("sb"));
        assert_eq!(merged_into(&stories, "sc").map(|s| s.id.as_str()), Some("sb"));
        // A prefix naming ids in two stories names neither.
        let two = [story("sa", &["sx1"]), story("sb", &["sx2"])];
        assert!(merged_into(&two, "sx").is_none());
        assert_eq!(merged_into(&two, "sx2").map(|s| s.id.as_str()), Some("sb"));
        assert!(merged_into(&stories, "sa").is_none());
        assert!(merged_into(&stories, "sz").is_none());
    }
}
