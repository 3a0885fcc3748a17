//! Read the shared NER (CoNLL-2003) and time (TempEval-3) sets and check what is read against the
//! counts their SOURCE.md files and the data sets' papers state; score gold against itself.

mod common;

use std::collections::BTreeMap;

use storyweave_eval::ner;
use storyweave_eval::timeml::{self, PredTimex, TimemlDoc};

/// Per file: documents and tokens (SOURCE.md: "token counts match the official release exactly"),
/// and entities per type (Tjong Kim Sang & De Meulder 2003, table 2). Sentences are the paper's
/// count less one `-DOCSTART-` line per document (the paper counts those lines as sentences:
/// 14,987 / 3,466 / 3,684).
struct ConllCounts {
    file: &'static str,
    documents: usize,
    sentences: usize,
    tokens: usize,
    types: [(&'static str, usize); 4],
}

const CONLL: &[ConllCounts] = &[
    ConllCounts {
        file: "eng.train",
        documents: 946,
        sentences: 14_041,
        tokens: 203_621,
        types: [("LOC", 7140), ("MISC", 3438), ("ORG", 6321), ("PER", 6600)],
    },
    ConllCounts {
        file: "eng.testa",
        documents: 216,
        sentences: 3_250,
        tokens: 51_362,
        types: [("LOC", 1837), ("MISC", 922), ("ORG", 1341), ("PER", 1842)],
    },
    ConllCounts {
        file: "eng.testb",
        documents: 231,
        sentences: 3_453,
        tokens: 46_435,
        types: [("LOC", 1668), ("MISC", 702), ("ORG", 1661), ("PER", 1617)],
    },
];

#[test]
fn conll2003_counts() {
    let Some(dir) = common::dataset("ner/conll2003") else {
        return;
    };
    let mut read = 0;
    for want in CONLL {
        let file = want.file;
        let path = dir.join(file);
        if !path.is_file() {
            common::notice(&format!("{} not found; skipping it", path.display()));
            continue;
        }
        read += 1;
        let docs = ner::read_conll(&path).unwrap();
        let sentences: Vec<_> = docs.iter().flat_map(|d| &d.sentences).collect();
        let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
        let mut types = BTreeMap::new();
        for span in sentences.iter().flat_map(|s| &s.gold) {
            assert!(span.start_token < span.end_token);
            *types.entry(span.kind.as_str()).or_insert(0) += 1;
        }
        eprintln!("{file}: {} docs, {} sentences, {tokens} tokens, {types:?}", docs.len(), sentences.len());
        assert_eq!(
            (docs.len(), sentences.len(), tokens),
            (want.documents, want.sentences, want.tokens),
            "{file}"
        );
        assert_eq!(types, want.types.iter().copied().collect::<BTreeMap<_, _>>(), "{file}");
        assert!(types.keys().all(|t| ner::entity_kind(t).is_some()));

        let gold = ner::gold_spans(&docs);
        let s = ner::score(&gold, &gold);
        assert_eq!((s.precision, s.recall, s.f1), (1.0, 1.0, 1.0));
        // Dropping every MISC chunk leaves MISC's recall at 0 and the others perfect.
        let no_misc: Vec<Vec<_>> =
            gold.iter().map(|g| g.iter().filter(|s| s.kind != "MISC").cloned().collect()).collect();
        let s = ner::score(&gold, &no_misc);
        assert_eq!(s.per_type["MISC"].recall, 0.0);
        assert_eq!(s.per_type["PER"].f1, 1.0);
        assert_eq!(s.precision, 1.0);
        // Character offsets of the gold chunks map back to the same chunks.
        for sentence in &sentences {
            let text = sentence.text();
            let starts: Vec<usize> = sentence
                .tokens
                .iter()
                .scan(0, |pos, t| {
                    let start = *pos;
                    *pos += t.len() + 1;
                    Some(start)
                })
                .collect();
            let mentions: Vec<_> = sentence
                .gold
                .iter()
                .map(|s| {
                    let end = starts[s.end_token - 1] + sentence.tokens[s.end_token - 1].len();
                    (starts[s.start_token], end, s.kind.clone())
                })
                .collect();
            assert!(mentions.iter().all(|(s, e, _)| *e <= text.len() && s < e));
            assert_eq!(ner::spans_from_char_offsets(&sentence.tokens, &mentions), sentence.gold);
        }
    }
    assert!(read > 0, "no CoNLL-2003 file in {}", dir.display());
}

/// TIMEX3 counts per type, the DCT excluded.
fn types(docs: &[TimemlDoc]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for t in docs.iter().flat_map(|d| &d.timexes) {
        *counts.entry(t.kind.clone()).or_insert(0) += 1;
    }
    counts
}

fn check_docs(docs: &[TimemlDoc]) {
    for d in docs {
        let mut last_end = 0;
        for t in &d.timexes {
            assert_eq!(&d.text[t.start..t.end], t.text, "{} {}", d.name, t.tid);
            assert!(t.start >= last_end, "{}: {} overlaps the timex before it", d.name, t.tid);
            last_end = t.end;
            assert!(timeml::time_kind(&t.kind).is_some(), "{}: type {}", d.name, t.kind);
            assert!(!t.value.is_empty(), "{}: {} has no value", d.name, t.tid);
        }
        assert!(
            !d.text.contains("<TIMEX3") && !d.text.contains("<EVENT"),
            "{}: a tag left in the text",
            d.name
        );
    }
    let own: Vec<Vec<PredTimex>> = docs
        .iter()
        .map(|d| {
            d.timexes
                .iter()
                .map(|t| PredTimex {
                    start: t.start,
                    end: t.end,
                    kind: t.kind.clone(),
                    value: Some(t.value.clone()),
                })
                .collect()
        })
        .collect();
    let s = timeml::score(docs, &own);
    assert_eq!((s.strict_f1, s.relaxed_f1, s.value_f1, s.type_accuracy), (1.0, 1.0, 1.0, 1.0));
}

#[test]
fn tempeval3_counts() {
    let Some(dir) = common::dataset("time/tempeval3") else {
        return;
    };
    // SOURCE.md: "TimeBank (183 docs, 1,243 TIMEX3) + AQUAINT (73 docs, 579 TIMEX3)".
    let tbaq = dir.join("TBAQ-cleaned");
    let mut read = 0;
    if tbaq.is_dir() {
        read += 1;
        for (part, docs_want, timexes_want) in [("TimeBank", 183, 1243), ("AQUAINT", 73, 579)] {
            let docs = timeml::read_dir(&tbaq.join(part)).unwrap();
            let timexes: usize = docs.iter().map(|d| d.timexes.len()).sum();
            eprintln!("TBAQ-cleaned/{part}: {} docs, {timexes} TIMEX3 {:?}", docs.len(), types(&docs));
            assert_eq!((docs.len(), timexes), (docs_want, timexes_want), "{part}");
            check_docs(&docs);
        }
        let all = timeml::read_dir(&tbaq).unwrap();
        assert_eq!(all.len(), 256);
        assert!(all.iter().any(|d| d.name.starts_with("AQUAINT/")));
    }
    // SOURCE.md: 20 files, "138 TIMEX3 in TEXT (DATE 96, DURATION 34, TIME 4, SET 4)".
    let platinum =
        ["te3-platinum-gold", "te3-platinum"].map(|p| dir.join(p)).into_iter().find(|p| p.is_dir());
    if let Some(platinum) = platinum {
        read += 1;
        let docs = timeml::read_dir(&platinum).unwrap();
        let timexes: usize = docs.iter().map(|d| d.timexes.len()).sum();
        eprintln!("{}: {} docs, {timexes} TIMEX3 {:?}", platinum.display(), docs.len(), types(&docs));
        assert_eq!((docs.len(), timexes), (20, 138));
        let want = [("DATE", 96), ("DURATION", 34), ("SET", 4), ("TIME", 4)];
        assert_eq!(types(&docs), want.iter().map(|(k, n)| (k.to_string(), *n)).collect());
        check_docs(&docs);
    } else {
        common::notice(&format!("no te3-platinum-gold in {}; skipping it", dir.display()));
    }
    assert!(read > 0, "no TimeML set in {}", dir.display());
}
