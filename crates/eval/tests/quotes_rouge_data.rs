//! The quotes and summarization readers and metrics on the real data sets: PolNeAR (brat
//! attributions) and NeuS/AllSides. The ROUGE figures asserted here were computed with Google's
//! `rouge-score` 0.1.2 (`use_stemmer=True`, NLTK 3.10) on the same (prediction, reference) pairs.

mod common;

use storyweave_eval::quotes::{self, PredAttribution, QuoteDoc, Span};
use storyweave_eval::rouge;

fn hull(spans: &[Span]) -> Span {
    (spans[0].0, spans.iter().map(|s| s.1).max().unwrap())
}

/// Every span lies on character boundaries of its text and covers something.
fn check_spans(doc: &QuoteDoc) {
    for q in &doc.quotes {
        let roles = [Some(&q.content), q.source.as_ref(), q.cue.as_ref()];
        for &(a, b) in roles.into_iter().flatten().flatten() {
            assert!(a <= b && doc.text.get(a..b).is_some(), "{}: bad span {a}..{b}", doc.name);
        }
    }
}

#[test]
fn polnear_splits_read() {
    let Some(dir) = common::dataset("quotes/polnear") else {
        return;
    };
    // (split, texts, attributions read, with a source, with a cue, events without content)
    let expected = [
        ("dev", 84, 2192, 2066, 2192, 1),
        ("train", 840, 19832, 18360, 19831, 36),
        ("annotator-training", 4, 57, 55, 57, 0),
    ];
    let mut got = Vec::new();
    for (split, ..) in expected {
        let docs = quotes::read_dir(&dir.join(split)).unwrap();
        docs.iter().for_each(check_spans);
        let all = docs.iter().flat_map(|d| &d.quotes);
        let n = all.clone().count();
        let sources = all.clone().filter(|q| q.source.is_some()).count();
        let cues = all.clone().filter(|q| q.cue.is_some()).count();
        let skipped: usize = docs.iter().map(|d| d.skipped).sum();
        eprintln!(
            "{split}: {} texts, {n} attributions ({sources} with a source, {cues} with a cue), \
             {skipped} events without content",
            docs.len()
        );
        // Articles annotated by several annotators: the first metadata.tsv lists (all six here).
        if split == "dev" {
            let flynn = docs.iter().find(|d| d.name.starts_with("politico_2016-09-08_flynn")).unwrap();
            assert_eq!(flynn.annotator.as_deref(), Some("4b22"));
        }
        got.push((split, docs.len(), n, sources, cues, skipped));
    }
    assert_eq!(got, expected);
}

#[test]
fn polnear_annotators_agree_as_far_as_the_metric_says() {
    let Some(dir) = common::dataset("quotes/polnear") else {
        return;
    };
    // (split, texts annotated more than once, their annotations, annotators' source F1 * 1000)
    let expected = [("dev", 2, 12, 934), ("train", 16, 95, 812), ("annotator-training", 4, 24, 813)];
    let mut got = Vec::new();
    for (split, ..) in expected {
        let texts = quotes::read_all(&dir.join(split)).unwrap();
        let several: Vec<_> = texts.into_iter().filter(|t| t.annotations.len() > 1).collect();
        let s = quotes::agreement(&several);
        eprintln!("{split}: annotators against each other {s:?}");
        assert_eq!(s.source_precision, s.source_recall);
        let annotations = several.iter().map(|t| t.annotations.len()).sum::<usize>();
        got.push((split, s.documents, annotations, (s.source_f1 * 1000.0).round() as i64));
    }
    assert_eq!(got, expected);
}

#[test]
fn polnear_dev_scores_gold_and_located_speakers() {
    let Some(dir) = common::dataset("quotes/polnear/dev") else {
        return;
    };
    let docs = quotes::read_dir(&dir).unwrap();
    // Gold as predictions, each role's spans replaced by their hull (what a span predictor
    // gives): discontinuous contents ("“A,” she said, “B.”") take in the source and cue between
    // their parts, and lose some precision (0.974 on dev).
    let as_pred = |d: &QuoteDoc| -> Vec<PredAttribution> {
        d.quotes
            .iter()
            .map(|q| PredAttribution {
                content: vec![hull(&q.content)],
                source: q.source.as_deref().map(hull),
                cue: q.cue.as_deref().map(hull),
            })
            .collect()
    };
    let predicted: Vec<_> = docs.iter().map(as_pred).collect();
    let s = quotes::score(&docs, &predicted);
    eprintln!("dev, gold hulls: {s:?}");
    assert_eq!((s.gold, s.predicted, s.matched), (2192, 2192, 2192));
    assert!(s.content_recall == 1.0 && (0.97..0.98).contains(&s.content_precision), "{s:?}");
    assert!(s.source_f1 == 1.0 && s.cue_f1 == 1.0, "{s:?}");

    // Speakers given as names, as the analyzer gives them: the gold source's text, then only its
    // last word, turned back into spans with `locate`.
    for last_word_only in [false, true] {
        let predicted: Vec<Vec<PredAttribution>> = docs
            .iter()
            .map(|d| {
                d.quotes
                    .iter()
                    .map(|q| {
                        let content = hull(&q.content);
                        let source = q.source.as_deref().and_then(|s| {
                            let (a, b) = hull(s);
                            let name = &d.text[a..b];
                            let name = if last_word_only { name.split_whitespace().last()? } else { name };
                            quotes::locate(&d.text, content, name)
                        });
                        PredAttribution { content: vec![content], source, cue: None }
                    })
                    .collect()
            })
            .collect();
        let s = quotes::score(&docs, &predicted);
        eprintln!(
            "dev, located speakers (last word only: {last_word_only}): source P {:.4} R {:.4} F1 {:.4}",
            s.source_precision, s.source_recall, s.source_f1
        );
        assert!(s.source_f1 > 0.97, "{s:?}");
        assert_eq!(s.cue_f1, 0.0);
    }
}

#[test]
fn neus_splits_read() {
    let Some(dir) = common::dataset("summarization/neus-allsides") else {
        return;
    };
    for (split, n, empty) in [("val", 307, 2), ("train", 2452, 20)] {
        let examples = rouge::read_split(&dir, split).unwrap();
        assert_eq!(examples.len(), n, "{split}");
        for (i, e) in examples.iter().enumerate() {
            assert_eq!(e.articles.len(), 3, "{split} line {}", i + 1);
            assert!(e.articles.iter().all(|a| !a.title.is_empty()), "{split} line {}", i + 1);
            assert!(!e.reference.title.is_empty() && !e.reference.text.is_empty());
        }
        // A few articles are a headline with an empty `ARTICLE=> `.
        let untexted = examples.iter().flat_map(|e| &e.articles).filter(|a| a.text.is_empty()).count();
        let words: usize = examples.iter().map(|e| e.reference_text().split_whitespace().count()).sum();
        eprintln!(
            "{split}: {n} clusters, {untexted} articles without text, reference {:.1} words on average",
            words as f64 / n as f64
        );
        assert_eq!(untexted, empty);
    }
}

#[test]
fn neus_val_rouge_matches_rouge_score() {
    let Some(dir) = common::dataset("summarization/neus-allsides") else {
        return;
    };
    let examples = rouge::read_split(&dir, "val").unwrap();
    let pairs = |f: &dyn Fn(&rouge::NeusExample) -> String| -> Vec<(String, String)> {
        examples.iter().map(|e| (f(e), e.reference_text())).collect()
    };
    // Figures from rouge-score 0.1.2 on the same pairs (R1, R2, RL).
    let cases = [
        ("reference itself", pairs(&|e| e.reference_text()), [100.0, 100.0, 100.0]),
        (
            "first article's text",
            pairs(&|e| e.articles[0].text.clone()),
            [36.357662210, 14.305664034, 23.874574346],
        ),
        (
            "all three texts",
            pairs(&|e| e.articles.iter().map(|a| a.text.as_str()).collect::<Vec<_>>().join(" ")),
            [37.068505984, 17.303912791, 23.405932671],
        ),
    ];
    for (name, pairs, want) in cases {
        let s = rouge::score(&pairs);
        eprintln!("val, {name}: R1 {:.6} R2 {:.6} RL {:.6}", s.rouge1, s.rouge2, s.rouge_l);
        assert_eq!(s.examples, 307);
        for (got, want) in [s.rouge1, s.rouge2, s.rouge_l].into_iter().zip(want) {
            assert!((got - want).abs() < 1e-6, "{name}: {got} vs rouge-score {want}");
        }
    }
}
