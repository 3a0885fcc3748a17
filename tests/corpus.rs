//! The example corpus end to end: the invented stories group as written, the wire pair is
//! linked, the doubled body is kept once, planted conflicts are found.

mod common;

use std::collections::{BTreeSet, HashMap};

use common::{json, ok};
use serde_json::Value;

fn expected() -> Value {
    let text = std::fs::read_to_string(common::repo().join("tests/fixtures/corpus.json")).expect("fixture");
    serde_json::from_str(&text).expect("fixture JSON")
}

/// Doc ids of every article in the corpus, by the fixture's refs ("path" or "path#N").
fn doc_ids(refs: &[String]) -> HashMap<String, String> {
    let mut by_file: HashMap<&str, Vec<String>> = HashMap::new();
    let mut out = HashMap::new();
    for r in refs {
        let (file, index) = match r.split_once('#') {
            Some((f, n)) => (f, n.parse::<usize>().expect("record number")),
            None => (r.as_str(), 1),
        };
        let ids = by_file.entry(file).or_insert_with(|| {
            let path = format!("examples/corpus/{file}");
            let articles = json(&["clean", "--json", &path]);
            articles.as_array().unwrap().iter().map(|a| a["doc_id"].as_str().unwrap().to_string()).collect()
        });
        out.insert(r.clone(), ids[index - 1].clone());
    }
    out
}

fn briefs() -> Vec<Value> {
    json(&["brief", "examples/corpus", "--json"]).as_array().unwrap().clone()
}

fn story_docs(brief: &Value) -> BTreeSet<String> {
    brief["coverage"]["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["doc"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn invented_stories_group_as_written() {
    let exp = expected();
    let stories = exp["stories"].as_object().unwrap();
    let refs: Vec<String> = stories
        .values()
        .flat_map(|v| v.as_array().unwrap())
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    let ids = doc_ids(&refs);
    let briefs = briefs();
    let found: Vec<BTreeSet<String>> = briefs.iter().map(story_docs).collect();
    for (name, members) in stories {
        let want: BTreeSet<String> =
            members.as_array().unwrap().iter().map(|r| ids[r.as_str().unwrap()].clone()).collect();
        assert!(
            found.contains(&want),
            "story {name} is not one brief: want {want:?}, briefs hold {found:#?}"
        );
    }
    assert_eq!(briefs.len(), stories.len(), "one brief per invented story");
}

#[test]
fn every_summary_sentence_is_cited_and_taken_from_a_source() {
    let briefs = briefs();
    for b in &briefs {
        let summary = b["summary"].as_array().unwrap();
        assert!(!summary.is_empty(), "story {} has no summary", b["story"]);
        for s in summary {
            assert!(!s["citations"].as_array().unwrap().is_empty(), "uncited: {}", s["text"]);
        }
    }
    // Sentences are taken verbatim: each appears in the body of an article it cites.
    let text = ok(&["brief", "examples/corpus", "--format", "text"]);
    assert!(text.contains("What happened"));
}

#[test]
fn the_wire_pair_is_linked() {
    let exp = expected();
    let (orig, copy) = (
        exp["wire_pair"]["original"].as_str().unwrap().to_string(),
        exp["wire_pair"]["copy"].as_str().unwrap().to_string(),
    );
    let ids = doc_ids(&[orig.clone(), copy.clone()]);
    let (o, c) = (&ids[&orig], &ids[&copy]);
    let linked =
        briefs().iter().flat_map(|b| b["coverage"]["articles"].as_array().unwrap().clone()).any(|a| {
            let doc = a["doc"].as_str().unwrap();
            let of = a["copy_of"]["doc"].as_str();
            (doc == c && of == Some(o)) || (doc == o && of == Some(c))
        });
    assert!(linked, "wire pair {orig} / {copy} not linked");
}

#[test]
fn the_doubled_body_is_kept_once() {
    let exp = expected();
    let path = format!("examples/corpus/{}", exp["doubled_body"].as_str().unwrap());
    let articles = json(&["clean", "--json", &path]);
    let a = &articles[0];
    let paragraphs = a["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len() as u64, exp["doubled_body_paragraphs"].as_u64().unwrap(), "{paragraphs:#?}");
    let distinct: BTreeSet<&str> = paragraphs.iter().map(|p| p.as_str().unwrap()).collect();
    assert_eq!(distinct.len(), paragraphs.len());
    assert!(a["removed"].as_array().unwrap().iter().any(|r| r["reason"] == "repeated"));
}

#[test]
fn every_planted_conflict_is_found_and_no_hedge_taken_for_one() {
    let exp = expected();
    let briefs = briefs();
    let all_conflicts: Vec<String> = briefs
        .iter()
        .flat_map(|b| b["conflicts"].as_array().unwrap().clone())
        .map(|c| c.to_string().to_lowercase())
        .collect();
    let planted: Vec<Vec<String>> = exp["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            c["figures"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_lowercase()).collect()
        })
        .collect();
    // Every conflict reported is one we planted, and every one planted is reported.
    for found in &all_conflicts {
        assert!(
            planted.iter().any(|figs| figs.iter().all(|f| found.contains(f.as_str()))),
            "false conflict: {found}"
        );
    }
    for figs in &planted {
        assert!(
            all_conflicts.iter().any(|found| figs.iter().all(|f| found.contains(f.as_str()))),
            "planted conflict not found: {figs:?} in {all_conflicts:#?}"
        );
    }
    for c in exp["non_conflicts"].as_array().unwrap() {
        let figures: Vec<String> =
            c["figures"].as_array().unwrap().iter().map(|f| f.as_str().unwrap().to_lowercase()).collect();
        assert!(
            !all_conflicts.iter().any(|found| figures.iter().all(|f| found.contains(f.as_str()))),
            "hedge or rounding taken for a conflict: {c}"
        );
    }
}

#[test]
fn a_side_of_a_conflict_is_never_cited_to_a_newsroom_giving_another_figure() {
    let docs = |v: &Value| -> BTreeSet<String> {
        v["citations"].as_array().unwrap().iter().map(|c| c["doc"].as_str().unwrap().to_string()).collect()
    };
    let mut checked = 0;
    for b in briefs() {
        let entries: Vec<&Value> = ["summary", "agreements", "single_source"]
            .iter()
            .flat_map(|k| b[*k].as_array().unwrap())
            .collect();
        for c in b["conflicts"].as_array().unwrap() {
            let sides = c["sides"].as_array().unwrap();
            for side in sides {
                let own = docs(side);
                let others: BTreeSet<String> =
                    sides.iter().flat_map(docs).filter(|d| !own.contains(d)).collect();
                for e in entries.iter().filter(|e| e["text"] == side["text"]) {
                    checked += 1;
                    assert!(
                        docs(e).is_disjoint(&others),
                        "{} is cited to a newsroom giving another figure: {e}",
                        side["figure"]
                    );
                }
            }
        }
    }
    assert!(checked > 0, "no side of a planted conflict is shown outside its conflict");
}

#[test]
fn a_reprint_ingested_later_is_linked_through_the_stored_index() {
    // The original and its reprint arrive in two runs: the second finds the first through the
    // dedup index kept in the store, not by re-reading everything.
    let exp = expected();
    let (orig, copy) =
        (exp["wire_pair"]["original"].as_str().unwrap(), exp["wire_pair"]["copy"].as_str().unwrap());
    let ids = doc_ids(&[orig.to_string(), copy.to_string()]);
    let file = |r: &str| format!("examples/corpus/{}", r.split('#').next().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    let db = db.to_str().unwrap();
    ok(&["ingest", "--db", db, &file(orig)]);
    ok(&["ingest", "--db", db, &file(copy)]);
    let stories = json(&["stories", "--db", db, "--json"]);
    let linked = stories.as_array().unwrap().iter().any(|s| {
        let brief = json(&["show", s["id"].as_str().unwrap(), "--db", db, "--format", "json"]);
        brief[0]["coverage"]["articles"].as_array().unwrap().iter().any(|a| {
            a["doc"].as_str() == Some(&ids[copy]) && a["copy_of"]["doc"].as_str() == Some(&ids[orig])
        })
    });
    assert!(linked, "the reprint ingested second is not linked to the stored original");
}
