//! The standalone HTML brief, parsed back with scraper: one self-contained page whose sections
//! hold what the JSON brief holds, with every source string escaped.

mod common;

use common::{json, ok};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

fn count(root: ElementRef, s: &str) -> usize {
    root.select(&sel(s)).count()
}

fn text(e: ElementRef) -> String {
    e.text().collect::<String>()
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key].as_array().unwrap_or_else(|| panic!("{key} is not an array"))
}

#[test]
fn the_corpus_page_is_self_contained_and_mirrors_the_briefs() {
    let page = ok(&["brief", "examples/corpus", "--format", "html"]);
    let briefs = json(&["brief", "examples/corpus", "--json"]);
    let briefs = briefs.as_array().unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    let doc = Html::parse_document(&page);
    let root = doc.root_element();
    // Self-contained: inline style only, nothing fetched, nothing run.
    assert_eq!(count(root, "head > style"), 1);
    for banned in ["script", "link", "img", "iframe", "object", "embed", "[src]", "[onload]", "[onerror]"] {
        assert_eq!(count(root, banned), 0, "page has {banned}");
    }
    // A table of contents and one article per story, in the JSON's order.
    let stories: Vec<ElementRef> = root.select(&sel("article.story")).collect();
    assert_eq!(stories.len(), briefs.len());
    assert_eq!(count(root, "nav.toc li"), briefs.len());
    let mut conflicts = 0;
    for (story, brief) in stories.iter().zip(briefs) {
        let story = *story;
        let h1: Vec<String> = story.select(&sel("h1")).map(text).collect();
        assert_eq!(h1, vec![brief["title"].as_str().unwrap().to_string()]);
        let line = story.select(&sel(".coverage-line")).map(text).next().expect("coverage line");
        assert!(line.contains(&format!("{} independent newsroom", brief["newsrooms"])), "{line}");
        assert!(line.contains(&format!("{} article", arr(&brief["coverage"], "articles").len())), "{line}");
        // The summary, each sentence with its citation chips.
        let facts: Vec<ElementRef> = story.select(&sel(".summary ol.facts > li")).collect();
        assert_eq!(facts.len(), arr(brief, "summary").len());
        for (li, s) in facts.iter().zip(arr(brief, "summary")) {
            assert_eq!(li.select(&sel("p")).map(text).next().as_deref(), s["text"].as_str());
            assert!(count(*li, "cite.src") >= 1, "uncited summary sentence");
        }
        // The matrix: a column per article, a mark wherever an article states the row's fact.
        let articles = arr(&brief["coverage"], "articles");
        if articles.len() > 1 {
            let head = count(story, "table.corroboration thead th");
            assert_eq!(head, articles.len() + 2, "statement, newsrooms, one column per article");
            let rows: Vec<ElementRef> = story.select(&sel("table.corroboration tbody tr")).collect();
            assert!(!rows.is_empty());
            for row in rows {
                let marks = count(row, "td.yes") + count(row, "td.copy");
                assert!(marks >= 1, "a statement stated by no article: {}", text(row));
                let newsrooms: usize = row.select(&sel("td.num")).map(text).next().unwrap().parse().unwrap();
                assert!(newsrooms >= 1 && newsrooms <= count(row, "td.yes").max(1), "{}", text(row));
            }
        }
        // Conflicts side by side, each side with its figure and outlets.
        let cs = arr(brief, "conflicts");
        conflicts += cs.len();
        let boxes: Vec<ElementRef> = story.select(&sel(".conflicts .conflict")).collect();
        assert_eq!(boxes.len(), cs.len());
        for (b, c) in boxes.iter().zip(cs) {
            let figures: Vec<String> = b.select(&sel(".side .figure")).map(text).collect();
            let want: Vec<String> =
                arr(c, "sides").iter().map(|s| s["figure"].as_str().unwrap().to_string()).collect();
            assert_eq!(figures, want);
            assert_eq!(count(*b, ".side mark"), want.len(), "the figure is marked in each side's sentence");
        }
        // The timeline: every entry listed; day-precision ones drawn as dots on the SVG axis.
        let tl = arr(brief, "timeline");
        assert_eq!(count(story, ".timeline ol.events > li"), tl.len());
        if !tl.is_empty() {
            let days =
                tl.iter().filter(|t| t["when"].as_str().unwrap().as_bytes().get(7) == Some(&b'-')).count();
            let dots = count(story, ".timeline svg g.event circle");
            let bars = count(story, ".timeline svg g.span rect");
            assert_eq!(dots, days, "a dot per dated entry");
            assert!(dots + bars <= tl.len());
        }
        // Quotes grouped under their speakers, every quote cited.
        let qs = arr(brief, "quotes");
        assert_eq!(count(story, ".quotes blockquote"), qs.len());
        let speakers: Vec<String> = story.select(&sel(".quotes .speaker > h3")).map(text).collect();
        let mut want: Vec<String> = Vec::new();
        for q in qs {
            let s = q["speaker"].as_str().unwrap().to_string();
            if want.last() != Some(&s) {
                want.push(s);
            }
        }
        assert_eq!(speakers, want);
        assert_eq!(count(story, ".entities li.entity"), arr(brief, "entities").len());
        assert_eq!(count(story, ".coverage table.sources tbody tr"), articles.len());
    }
    assert!(conflicts >= 1, "the corpus's planted conflicts show on the page");
}

#[test]
fn source_strings_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let body = "Officials in Quillhaven said <b>forty</b> homes & two <script>alert(1)</script> barns \
                flooded on Monday after the river rose. Residents of Quillhaven said the river rose \
                faster than in any year they remember, and forty homes were left without power.";
    let record = serde_json::json!({
        "outlet": "The \"Quill\" <Gazette>",
        "title": "Floods <img src=x onerror=alert(1)> hit Quillhaven",
        "date": "2026-05-04",
        "text": body,
    });
    let path = dir.path().join("feed.jsonl");
    std::fs::write(&path, format!("{record}\n")).unwrap();
    let page = ok(&["brief", path.to_str().unwrap(), "--format", "html"]);
    let doc = Html::parse_document(&page);
    let root = doc.root_element();
    for banned in ["script", "img", "[onerror]"] {
        assert_eq!(count(root, banned), 0, "unescaped {banned} in {page}");
    }
    let h1 = root.select(&sel("h1")).map(text).next().unwrap();
    assert_eq!(h1, "Floods <img src=x onerror=alert(1)> hit Quillhaven");
    assert!(text(root).contains("The \"Quill\" <Gazette>"));
    assert!(text(root).contains("<b>forty</b>"), "markup in a sentence shows as text");
}
