//! The five real seed articles (read from ../shared/seeds, never copied here) through `clean`:
//! dates read from their date lines, the doubled body kept once, and each kind of page furniture
//! removed with its reason.

mod common;

use std::collections::BTreeSet;

use common::{json, path_str};
use serde_json::Value;

fn clean(name_prefix: &str) -> Option<Value> {
    let dir = common::shared("seeds")?;
    let file = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(name_prefix)))?;
    Some(json(&["clean", "--json", path_str(&file)])[0].clone())
}

fn reasons(a: &Value) -> BTreeSet<String> {
    a["removed"].as_array().unwrap().iter().map(|r| r["reason"].as_str().unwrap().to_string()).collect()
}

fn paragraphs(a: &Value) -> Vec<String> {
    a["paragraphs"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_string()).collect()
}

#[test]
fn date_lines_become_published_dates() {
    for (seed, want) in
        [("003", "2025-10-16T00:00:00"), ("004", "2025-10-16T00:00:00"), ("001", "2025-10-16T23:43:00")]
    {
        let Some(a) = clean(seed) else { return };
        assert_eq!(a["published"], want, "seed {seed}");
    }
}

#[test]
fn a_body_printed_twice_is_kept_once() {
    let Some(a) = clean("002") else { return };
    let paras = paragraphs(&a);
    let distinct: BTreeSet<&String> = paras.iter().collect();
    assert_eq!(distinct.len(), paras.len());
    assert!(paras.len() >= 10, "{paras:#?}");
    assert!(reasons(&a).contains("repeated") && reasons(&a).contains("related"));
}

#[test]
fn page_furniture_is_removed_with_its_reason() {
    let Some(portal) = clean("001") else { return };
    for reason in
        ["navigation", "ticker", "related", "title", "byline", "dateline", "caption", "footer", "social"]
    {
        assert!(reasons(&portal).contains(reason), "001 lacks a {reason} removal: {:?}", reasons(&portal));
    }
    let Some(blog) = clean("000") else { return };
    for reason in ["embed", "promo", "author_bio"] {
        assert!(reasons(&blog).contains(reason), "000 lacks a {reason} removal");
    }
    let Some(wire) = clean("004") else { return };
    assert!(reasons(&wire).contains("caption"));
    // Body paragraphs read as prose or short headings: no menu entries, no link lists.
    for a in [&portal, &blog, &wire] {
        for p in paragraphs(a) {
            assert!(p.split_whitespace().count() >= 2, "one-word body paragraph: {p}");
        }
    }
}
