//! Check the trafilatura-set scorer against a published row that needs no extractor: "raw HTML",
//! where the output is the page source itself (trafilatura's `everything` runner).

mod common;

use std::collections::BTreeMap;

use storyweave_eval::{decoding_note, trafilatura_eval};

#[test]
fn raw_html_scores_as_published() {
    let Some(dir) = common::dataset("extraction/trafilatura-eval") else {
        return;
    };
    let pages = trafilatura_eval::load(&dir).unwrap();
    assert_eq!(pages.len(), 990);
    assert_eq!(pages.iter().map(|p| p.with.len()).sum::<usize>(), 2951);
    assert_eq!(pages.iter().map(|p| p.without.len()).sum::<usize>(), 2966);
    if let Some(note) = decoding_note(pages.iter().map(|p| &p.decoding)) {
        eprintln!("{note}");
    }
    let outputs: BTreeMap<String, String> = pages.iter().map(|p| (p.id.clone(), p.html.clone())).collect();
    let s = trafilatura_eval::score(&pages, &outputs);
    eprintln!("raw HTML: {s:?}");
    let got = [s.precision, s.recall, s.accuracy, s.f1].map(|x| format!("{x:.3}"));
    // docs/evaluation.rst, "Results (2026-08-04)": raw HTML P 0.528, R 0.906, Acc 0.549, F 0.667.
    assert_eq!(got, ["0.528", "0.906", "0.549", "0.667"]);

    let nothing = trafilatura_eval::score(&pages, &BTreeMap::new());
    assert_eq!((nothing.tp, nothing.fp, nothing.missing), (0, 0, 990));
}
