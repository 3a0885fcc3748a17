//! Re-score the peers' outputs shipped with the Article Extraction Benchmark and check that our
//! metric gives the table its README publishes (F1, P, R to 3 decimals).

mod common;

use storyweave_eval::aeb;

/// Output file stem, then F1, P, R as published (SOURCE.md). news_please ships without a row.
const PUBLISHED: &[(&str, [&str; 3])] = &[
    ("rs_trafilatura", ["0.970", "0.951", "0.990"]),
    ("AutoExtract", ["0.970", "0.984", "0.956"]),
    ("go_trafilatura", ["0.960", "0.940", "0.980"]),
    ("trafilatura", ["0.958", "0.938", "0.978"]),
    ("Diffbot", ["0.951", "0.958", "0.944"]),
    ("newspaper", ["0.949", "0.964", "0.934"]),
    ("readability_js", ["0.947", "0.914", "0.982"]),
    ("readability", ["0.922", "0.913", "0.931"]),
    ("dragnet", ["0.907", "0.925", "0.889"]),
    ("goose3", ["0.896", "0.940", "0.856"]),
    ("dom_smoothie", ["0.865", "0.785", "0.963"]),
    ("boilerpipe", ["0.860", "0.850", "0.870"]),
    ("justext", ["0.804", "0.858", "0.756"]),
    ("html-text", ["0.665", "0.500", "0.994"]),
];

#[test]
fn peers_rescore_to_the_published_table() {
    let Some(dir) = common::dataset("extraction/scrapinghub-article-extraction-benchmark") else {
        return;
    };
    let truth = aeb::bodies(&aeb::read_ground_truth(&dir).unwrap());
    assert_eq!(truth.len(), 181);
    let mut mismatches = Vec::new();
    for (name, [f1, p, r]) in PUBLISHED {
        let path = dir.join("output").join(format!("{name}.json.gz"));
        let s = aeb::score(&truth, &aeb::read_predictions(&path).unwrap());
        let got = [format!("{:.3}", s.f1), format!("{:.3}", s.precision), format!("{:.3}", s.recall)];
        eprintln!(
            "{name:<16} F1 {} P {} R {} acc {:.3} (F1 {:.6} P {:.6} R {:.6}); published F1 {f1} P {p} R {r}",
            got[0], got[1], got[2], s.accuracy, s.f1, s.precision, s.recall
        );
        assert_eq!(s.missing, 0, "{name}");
        if got != [*f1, *p, *r] {
            mismatches.push(format!("{name}: got {got:?}, published {:?}", [f1, p, r]));
        }
    }
    let extra = dir.join("output/news_please.json.gz");
    if extra.is_file() {
        let s = aeb::score(&truth, &aeb::read_predictions(&extra).unwrap());
        eprintln!(
            "news_please      F1 {:.3} P {:.3} R {:.3} (no published row)",
            s.f1, s.precision, s.recall
        );
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
