//! The storyweave pipeline as a library: runs every stage, in order, over a batch.
//!
//! ```text
//! Document -> extract -> Article -> dedup -> DedupReport -> cluster -> Story
//!          -> analyze -> Analysis -> reconcile -> Reconciled -> brief -> Brief
//! ```
//!
//! Each stage is a pure function in its own crate; this crate only sequences them, runs the
//! per-article stages in parallel (rayon), and hands back plain data for the caller to print or
//! store. Embedders use [`process`]; the CLI, which stores articles as they arrive, uses
//! [`extract`] per document and [`derive`] over everything stored.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use storyweave_model::{Analysis, Article, Brief, DedupReport, Document, Story};

pub use storyweave_analyze::analyze;
pub use storyweave_brief::SummaryConfig;
pub use storyweave_cluster::ClusterConfig;
pub use storyweave_dedup::DedupConfig;
pub use storyweave_extract::extract;

/// Settings of every stage.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub dedup: DedupConfig,
    pub cluster: ClusterConfig,
    pub summary: SummaryConfig,
}

/// What the pipeline derives from a set of articles.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    pub dedup: DedupReport,
    pub stories: Vec<Story>,
    /// One per article, in the articles' order.
    pub analyses: Vec<Analysis>,
    /// One per story, in the stories' order.
    pub briefs: Vec<Brief>,
    /// Wall time of each stage, in order (for benchmarks: `STORYWEAVE_TIMING` in the CLI).
    pub timings: Vec<(&'static str, Duration)>,
}

/// Extract every document (in parallel); articles come back in the documents' order.
pub fn extract_all(docs: &[Document]) -> Vec<Article> {
    docs.par_iter().map(extract).collect()
}

/// Find the copies among `articles`.
pub fn dedup(articles: &[Article], config: &Config) -> DedupReport {
    storyweave_dedup::dedup(articles, &config.dedup)
}

/// Find the copies among `articles` and group them into stories.
pub fn stories(articles: &[Article], config: &Config) -> (DedupReport, Vec<Story>) {
    let copies = dedup(articles, config);
    let stories = storyweave_cluster::cluster(articles, &copies, &config.cluster);
    (copies, stories)
}

/// Run every stage after extraction over `articles`.
pub fn derive(articles: &[Article], config: &Config) -> Derived {
    derive_with(articles, dedup(articles, config), config)
}

/// Run every stage after dedup over `articles`, whose copy links are known (kept by a store).
/// Each outlet's boilerplate (paragraphs on many of its pages) is stripped first.
pub fn derive_with(articles: &[Article], dedup: DedupReport, config: &Config) -> Derived {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |stage: &'static str| {
        let now = Instant::now();
        timings.push((stage, now - clock));
        clock = now;
    };
    let boilerplate = storyweave_dedup::OutletBoilerplate::find(articles, &dedup);
    let stripped: Vec<Article>;
    let articles = if boilerplate.is_empty() {
        articles
    } else {
        stripped = articles.par_iter().map(|a| boilerplate.strip(a)).collect();
        &stripped
    };
    lap("boilerplate");
    let stories = storyweave_cluster::cluster(articles, &dedup, &config.cluster);
    lap("cluster");
    let analyses: Vec<Analysis> = articles.par_iter().map(storyweave_analyze::analyze).collect();
    lap("analyze");

    let article_of: HashMap<&str, &Article> = articles.iter().map(|a| (a.doc_id.as_str(), a)).collect();
    let analysis_of: HashMap<&str, &Analysis> = analyses.iter().map(|a| (a.doc_id.as_str(), a)).collect();
    let briefs = stories
        .par_iter()
        .map(|story| {
            let members: Vec<&Article> =
                story.articles.iter().filter_map(|id| article_of.get(id.as_str()).copied()).collect();
            let member_analyses: Vec<&Analysis> =
                story.articles.iter().filter_map(|id| analysis_of.get(id.as_str()).copied()).collect();
            story_brief(story, members, member_analyses, &dedup, config)
        })
        .collect();
    lap("reconcile+brief");
    Derived { dedup, stories, analyses, briefs, timings }
}

/// The brief of `articles` taken as one story, whatever the cluster stage would make of them
/// (for evaluations whose data fixes the story, and for callers that group articles themselves).
pub fn brief_of(articles: &[Article], config: &Config) -> Brief {
    let dedup = dedup(articles, config);
    let analyses: Vec<Analysis> = articles.par_iter().map(storyweave_analyze::analyze).collect();
    let story = Story {
        id: "s".to_string(),
        title: storyweave_brief::central_headline(
            &articles.iter().collect::<Vec<_>>(),
            &analyses.iter().collect::<Vec<_>>(),
        )
        .unwrap_or_default()
        .to_string(),
        articles: articles.iter().map(|a| a.doc_id.clone()).collect(),
        first_seen: articles.iter().filter_map(|a| a.published).min(),
        last_seen: articles.iter().filter_map(|a| a.published).max(),
        outlets: articles.iter().fold(Vec::new(), |mut seen, a| {
            if !seen.contains(&a.outlet) {
                seen.push(a.outlet.clone());
            }
            seen
        }),
        merged: Vec::new(),
    };
    story_brief(&story, articles.iter().collect(), analyses.iter().collect(), &dedup, config)
}

/// Reconcile one story's articles and write its brief.
fn story_brief(
    story: &Story,
    articles: Vec<&Article>,
    analyses: Vec<&Analysis>,
    dedup: &DedupReport,
    config: &Config,
) -> Brief {
    let reconciled = storyweave_reconcile::reconcile(&analyses, dedup);
    let input = storyweave_brief::StoryInput { story, articles, analyses, reconciled: &reconciled, dedup };
    storyweave_brief::build_with(&input, &config.summary)
}

/// The whole pipeline over a batch of documents.
pub fn process(docs: &[Document], config: &Config) -> (Vec<Article>, Derived) {
    let articles = extract_all(docs);
    let derived = derive(&articles, config);
    (articles, derived)
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyweave_model::{ContentKind, Hints, Origin, SourceFormat};

    fn doc(name: &str, outlet: &str, text: &str) -> Document {
        let origin = Origin { path: name.into(), record: None, format: SourceFormat::Text };
        let hints = Hints {
            outlet: Some(outlet.into()),
            published: storyweave_text::dates::parse_datetime("2026-04-02"),
            ..Hints::default()
        };
        Document::new(origin, ContentKind::Text, text.as_bytes().to_vec(), text.into(), hints)
    }

    #[test]
    fn two_outlets_one_story_every_summary_sentence_cited() {
        let a = doc(
            "a.txt",
            "Coast Herald",
            "The Samsen ferry operator cancelled all crossings on Thursday after a storm damaged the main pier, officials said.\n\
             Harbour master Ines Okafor said repairs to the Samsen pier would take at least two weeks.\n\
             About 3,000 passengers a day use the crossing in spring, according to the operator.",
        );
        let b = doc(
            "b.txt",
            "Island Daily",
            "All Samsen ferry crossings were cancelled on Thursday after storm damage to the main pier, the operator said.\n\
             Repairs to the pier will take at least two weeks, harbour master Ines Okafor told reporters in Samsen.\n\
             Shops near the terminal closed early as the wind picked up across the island.",
        );
        let (articles, derived) = process(&[a, b], &Config::default());
        assert_eq!(articles.len(), 2);
        assert_eq!(derived.stories.len(), 1);
        let brief = &derived.briefs[0];
        assert_eq!(brief.newsrooms, 2);
        assert!(!brief.summary.is_empty());
        assert!(brief.summary.iter().all(|s| !s.citations.is_empty()));
        assert!(brief.agreements.iter().any(|s| s.newsrooms == 2));
        let stages: Vec<&str> = derived.timings.iter().map(|(s, _)| *s).collect();
        assert_eq!(stages, ["boilerplate", "cluster", "analyze", "reconcile+brief"]);
    }
}
