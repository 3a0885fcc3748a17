//! Read the shared clustering sets and check the metrics on them against an independent
//! computation (scikit-learn 1.x `adjusted_rand_score`, and B-cubed and pairwise counted in Python
//! from the same contingency definition), using other columns of the sets as stand-in predictions.

mod common;

use std::collections::HashSet;

use storyweave_eval::clustering::{self, LabelledDoc};

fn labels(docs: &[LabelledDoc]) -> Vec<String> {
    docs.iter().map(|d| d.label.clone()).collect()
}

fn assert_close(got: f64, want: f64, what: &str) {
    assert!((got - want).abs() < 1e-9, "{what}: got {got}, want {want}");
}

#[test]
fn ecbplus_topics_against_event_clusters() {
    let Some(dir) = common::dataset("clustering/ecbplus") else {
        return;
    };
    let path = dir.join("docs.jsonl");
    let events = clustering::read(&path, "event_cluster").unwrap();
    let topics = clustering::read(&path, "topic").unwrap();
    assert_eq!(events.len(), 982);
    assert!(events.iter().all(|d| d.title.is_empty() && !d.text.is_empty() && d.date.is_none()));
    assert_eq!(events[0].id, topics[0].id);

    // Predicting the topic for the event cluster: merges each topic's two events.
    let s = clustering::score(&labels(&events), &labels(&topics));
    assert_eq!((s.clusters_gold, s.clusters_predicted), (86, 43));
    assert_close(s.ari, 0.6592985558630752, "ari");
    assert_close(s.bcubed.precision, 0.5206725423427081, "bcubed precision");
    assert_close(s.pairwise.precision, 0.4976316024667084, "pairwise precision");
    assert_eq!((s.bcubed.recall, s.pairwise.recall), (1.0, 1.0));
}

#[test]
fn uci_sample_stories_against_publishers() {
    let Some(dir) = common::dataset("clustering/uci-news-aggregator-sample") else {
        return;
    };
    let docs = clustering::read(&dir.join("uci-news-aggregator.first6366rows.csv"), "label").unwrap();
    assert_eq!(docs.len(), 6366);
    let sources: HashSet<&str> = docs.iter().filter_map(|d| d.source.as_deref()).collect();
    assert_eq!(sources.len(), 1948);
    let first = docs.iter().filter_map(|d| d.date).min().unwrap();
    let last = docs.iter().filter_map(|d| d.date).max().unwrap();
    assert_eq!(first.format("%Y-%m-%d %H:%M").to_string(), "2014-03-10 16:52");
    assert_eq!(last.format("%Y-%m-%d %H:%M").to_string(), "2014-03-12 04:49");

    // The publisher as a (poor) prediction of the story: a clustering that is neither finer nor
    // coarser than the gold one.
    let publishers: Vec<String> = docs.iter().map(|d| d.source.clone().unwrap_or_default()).collect();
    let s = clustering::score(&labels(&docs), &publishers);
    assert_eq!((s.clusters_gold, s.clusters_predicted), (87, 1948));
    assert_close(s.ari, 0.012743406747983733, "ari");
    assert_close(s.bcubed.precision, 0.3805022467768696, "bcubed precision");
    assert_close(s.bcubed.recall, 0.022160601253345336, "bcubed recall");
    assert_close(s.pairwise.precision, 0.09944928465281623, "pairwise precision");
    assert_close(s.pairwise.recall, 0.008594725814899874, "pairwise recall");

    let categories =
        clustering::read(&dir.join("uci-news-aggregator.first6366rows.csv"), "category").unwrap();
    assert_close(
        clustering::score(&labels(&docs), &labels(&categories)).ari,
        0.07973497643822933,
        "ari by category",
    );
}
