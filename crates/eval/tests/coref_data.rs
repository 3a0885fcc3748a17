//! Read ECB+ and check the reader against the mention counts the data set's README publishes,
//! and the scorer against the key itself.

mod common;

use std::collections::BTreeMap;

use storyweave_eval::coref;

#[test]
fn ecbplus_entity_mentions_match_the_published_counts() {
    let Some(dir) = common::dataset("coref/ecbplus") else {
        return;
    };
    let docs = coref::read_dir(&dir).unwrap();
    assert_eq!(docs.len(), 982);
    assert_eq!(docs.iter().map(|d| d.topic).collect::<std::collections::BTreeSet<_>>().len(), 43);
    let count = |prefix: &str| -> usize {
        docs.iter().flat_map(|d| &d.mentions).filter(|m| m.tag.starts_with(prefix)).count()
    };
    // README.txt of ECB+ 1.0: HUMAN 9,621, NON_HUMAN 3,056, LOC 2,205 mentions.
    assert_eq!((count("HUMAN"), count("NON_HUMAN"), count("LOC")), (9621, 3056, 2205));
    // Only the listed sentences are scored, and the key scores 1 against itself.
    assert!(docs.iter().any(|d| d.sentences.iter().any(|s| !s.annotated)));
    let mut clusters: BTreeMap<&str, Vec<(usize, usize, usize, usize)>> = BTreeMap::new();
    for (d, doc) in docs.iter().enumerate() {
        for m in doc.mentions.iter().filter(|m| doc.sentences[m.sentence].annotated) {
            clusters.entry(&m.cluster).or_default().push((d, m.sentence, m.start, m.end));
        }
    }
    let key: Vec<_> = clusters.into_values().collect();
    let s = coref::score(&key, &key);
    assert!((s.conll_f1 - 1.0).abs() < 1e-9, "{s:?}");
    // Every mention alone: MUC finds no link, B-cubed keeps full precision.
    let alone: Vec<Vec<_>> = key.iter().flatten().map(|m| vec![*m]).collect();
    let s = coref::score(&key, &alone);
    assert_eq!((s.muc.recall, s.bcubed.precision), (0.0, 1.0));
}
