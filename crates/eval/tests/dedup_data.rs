//! The synthetic syndication benchmark over the shared data: build the default corpus, run the
//! dedup stage over it and hold it to the targets of DESIGN §6: precision at least 0.99 at every
//! strength, recall at least 0.95 at every strength down to a 3-gram Jaccard of 0.3. The corpus
//! itself is checked too (deterministic for a seed, copies less alike as the strength grows).

mod common;

use storyweave_eval::dedup::{self, DedupEvalConfig};

#[test]
fn default_corpus_through_the_dedup_stage() {
    let Some(root) = common::dataset("") else {
        return;
    };
    let config = DedupEvalConfig::default();
    let start = std::time::Instant::now();
    let corpus = dedup::build(&root, &config).unwrap();
    let built = start.elapsed();
    eprintln!("corpus: {}", serde_json::to_string(&corpus.counts).unwrap());
    assert_eq!(corpus.copies.len(), config.strengths.len() * config.per_strength);
    assert_eq!(corpus.articles.len(), corpus.bases.len() + corpus.copies.len() + corpus.negatives.len());
    assert!(corpus.bases.len() >= 200 && corpus.negatives.len() >= 500, "{:?}", corpus.counts);

    let again = dedup::build(&root, &config).unwrap();
    assert!(again == corpus, "the same seed must give the same corpus");
    let other = dedup::build(&root, &DedupEvalConfig { seed: config.seed + 1, ..config.clone() }).unwrap();
    assert!(other.articles != corpus.articles, "another seed gives another corpus");

    let start = std::time::Instant::now();
    let report = storyweave_dedup::dedup(&corpus.articles, &Default::default());
    eprintln!("build {built:.1?}, dedup stage {:.1?}", start.elapsed());
    let score = dedup::score(&corpus, &report);
    println!("{}", serde_json::to_string_pretty(&score).unwrap());
    assert_eq!(score.documents, corpus.articles.len());
    assert_eq!(score.links_unknown, 0);

    // Strength 0 is an exact copy; the generated copies drift further from their base as the
    // strength grows, down to about a fifth of the shingles shared at 0.5.
    let jaccards: Vec<f64> = score.per_strength.iter().map(|s| s.jaccard3).collect();
    assert_eq!(jaccards[0], 1.0);
    assert!(jaccards.windows(2).all(|w| w[1] < w[0]), "{jaccards:?}");
    let last = *jaccards.last().unwrap();
    assert!((0.1..0.35).contains(&last), "{jaccards:?}");

    for s in &score.per_strength {
        assert!(s.precision >= 0.99, "precision {} at strength {}", s.precision, s.strength);
        if s.jaccard3 >= 0.3 {
            assert!(s.recall >= 0.95, "recall {} at strength {} (J3 {})", s.recall, s.strength, s.jaccard3);
        }
    }
    assert_eq!(score.negatives.hard_false_positives, 0, "{:?}", score.negatives);
}
