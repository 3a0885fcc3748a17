//! `storyweave eval quotes` end to end, on a small PolNeAR-shaped split written here: one text
//! that two annotators annotated, one that a single annotator did.

mod common;

use std::fs;

const TEXT: &str = "Harbour fees to rise\n\
    The port authority said on Monday that fees would rise in May. \
    “We have no choice,” Mara Olsen told reporters.\n";

/// A brat event for one attribution, the roles given as the text they cover.
fn event(n: usize, source: &str, cue: &str, content: &str) -> String {
    let at = |s: &str| {
        let i = TEXT.find(s).unwrap();
        let start = TEXT[..i].chars().count();
        (start, start + s.chars().count())
    };
    let (s, c, q) = (at(source), at(cue), at(content));
    format!(
        "T{a}\tSource {} {}\t{source}\nT{b}\tCue {} {}\t{cue}\nT{d}\tContent {} {}\t{content}\n\
         E{n}\tAttribution:T{b} Source:T{a} Cue:T{b} Content:T{d}\n",
        s.0,
        s.1,
        c.0,
        c.1,
        q.0,
        q.1,
        a = 3 * n,
        b = 3 * n + 1,
        d = 3 * n + 2,
    )
}

#[test]
fn annotators_and_storyweave_are_scored_on_the_texts_annotated_twice() {
    let dir = tempfile::tempdir().unwrap();
    let split = dir.path().join("dev");
    for sub in ["text", "attributions"] {
        fs::create_dir_all(split.join(sub)).unwrap();
    }
    let port = event(1, "The port authority", "said", "fees would rise in May");
    let olsen = event(2, "Mara Olsen", "told", "“We have no choice,”");
    for name in ["fees", "fees_again"] {
        fs::write(split.join(format!("text/{name}.txt")), TEXT).unwrap();
    }
    // Annotator a marks both reports, annotator b only the second.
    fs::write(split.join("attributions/fees_a.ann"), format!("{port}{olsen}")).unwrap();
    fs::write(split.join("attributions/fees_b.ann"), &olsen).unwrap();
    fs::write(split.join("attributions/fees_again_a.ann"), &port).unwrap();

    let r = common::json(&["eval", "quotes", "--dataset", common::path_str(&split), "--agreement", "--json"]);
    assert_eq!(r["task"], "quotes agreement", "{r}");
    assert_eq!((r["annotators"]["documents"].as_u64(), r["annotations"].as_u64()), (Some(1), Some(2)));
    // a against b: b's one source is a's; b against a: one of a's two is found.
    let h = &r["annotators"];
    assert_eq!((h["gold"].as_u64(), h["predicted"].as_u64()), (Some(3), Some(3)), "{r}");
    assert!((h["source_f1"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9, "{r}");
    // storyweave is scored against both annotations of the one text: 3 gold attributions.
    assert_eq!(r["storyweave"]["gold"].as_u64(), Some(3), "{r}");
    let f1 = r["storyweave"]["source_f1"].as_f64().unwrap();
    assert!(f1 > 0.5, "both reports are plain: {r}");

    // Without --agreement, one annotation per text: the first annotator's.
    let r = common::json(&["eval", "quotes", "--dataset", common::path_str(&split), "--json"]);
    assert_eq!(
        (r["task"].as_str(), r["documents"].as_u64(), r["gold"].as_u64()),
        (Some("quotes"), Some(2), Some(3))
    );
}
