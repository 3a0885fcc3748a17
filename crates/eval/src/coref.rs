//! Cross-document entity coreference: the reader for ECB+ (CAT XML, Cybulska & Vossen 2014) and
//! the CoNLL-2012 metrics: MUC, B-cubed, CEAF-e and their mean, the CoNLL F1.
//!
//! # Reading
//!
//! A data set is a directory holding the topic directories (`<topic>/<topic>_<n>ecb.xml`,
//! `..ecbplus.xml`), directly or under `ECB+/`, and, beside them or one level up,
//! `ECBplus_coreference_sentences.csv`, the list of the sentences whose mentions were fully
//! annotated. Following the data set's protocol only mentions in those sentences are scored
//! (without the list, every sentence is). Each file's `<token>`s give its sentences; each
//! markable whose tag is an entity type (`HUMAN_PART*`, `NON_HUMAN_PART*`, `LOC_*`; not
//! `TIME_*`, actions or negations) and that anchors tokens is a mention, spanning its first to
//! its last token (a discontinuous mention is read as the run that covers it; one that runs past
//! a sentence break, as the part in its first sentence). A mention's
//! cluster is the instance of the `CROSS_DOC_COREF` relation naming it (its `note`, shared across
//! the topic's documents), else the target of an `INTRA_DOC_COREF` relation, else itself alone.
//!
//! # Scoring
//!
//! Mentions are compared by identity: (document, sentence, first token, end token). As the
//! reference scorer (conll-2012 scorer v8) does with predicted mentions, a mention found on one
//! side only counts against the other side's figures and singletons are kept.
//!
//! - MUC (Vilain et al. 1995): recall = Σ(|K| − |p(K)|) / Σ(|K| − 1) over key clusters `K`,
//!   `p(K)` the parts the response cuts `K` into (a key mention the response lacks is a part of
//!   its own); precision is the same with the sides swapped.
//! - B-cubed (Bagga & Baldwin 1998): recall = Σ_K Σ_R |K ∩ R|² / |K| over all key mentions;
//!   precision the same over response mentions.
//! - CEAF-e (Luo 2005): clusters aligned one to one maximising Σ φ4, φ4(K, R) = 2|K ∩ R| / (|K| +
//!   |R|); recall = Σφ4 / key clusters, precision = Σφ4 / response clusters. The alignment is
//!   solved exactly on φ4 scaled to integers (1e9), so the total is optimal to within 1e-9 a
//!   cluster.
//! - CoNLL F1: the mean of the three F1s.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::clustering::Prf;
use crate::error::{EvalError, Result};
use crate::io::read_text;
use crate::quotes::best_matching;

/// The file that lists ECB+'s fully annotated sentences.
const SENTENCE_LIST: &str = "ECBplus_coreference_sentences.csv";

/// One ECB+ document.
#[derive(Debug, Clone, PartialEq)]
pub struct CorefDoc {
    /// The file name without its extension ("1_10ecbplus").
    pub name: String,
    pub topic: u32,
    /// Sentences in order, each with its number in the file.
    pub sentences: Vec<CorefSentence>,
    pub mentions: Vec<GoldMention>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CorefSentence {
    pub number: u32,
    pub tokens: Vec<String>,
    /// Listed as fully annotated (or no list was given).
    pub annotated: bool,
}

/// A gold entity mention: tokens `start..end` of sentence `sentence` (an index into
/// [`CorefDoc::sentences`]).
#[derive(Debug, Clone, PartialEq)]
pub struct GoldMention {
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub cluster: String,
    /// The markable's tag ("HUMAN_PART_PER").
    pub tag: String,
}

/// Whether a markable tag is an entity type.
fn is_entity(tag: &str) -> bool {
    tag.starts_with("HUMAN_PART") || tag.starts_with("NON_HUMAN_PART") || tag.starts_with("LOC_")
}

/// Every document of the data set at `path`, ordered by topic, then name.
pub fn read_dir(path: &Path) -> Result<Vec<CorefDoc>> {
    let root = if path.join("ECB+").is_dir() { path.join("ECB+") } else { path.to_path_buf() };
    let list = [path.join(SENTENCE_LIST), root.join(SENTENCE_LIST)].into_iter().find(|p| p.is_file());
    let annotated = list.as_deref().map(read_sentence_list).transpose()?;
    let mut files: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(&root).map_err(|e| EvalError::io(&root, e))? {
        let dir = entry.map_err(|e| EvalError::io(&root, e))?.path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).map_err(|e| EvalError::io(&dir, e))? {
            let f = f.map_err(|e| EvalError::io(&dir, e))?.path();
            if f.extension().is_some_and(|x| x == "xml") {
                files.push(f);
            }
        }
    }
    if files.is_empty() {
        return Err(EvalError::format(&root, "no ECB+ topic directories with .xml files"));
    }
    let mut docs = files.iter().map(|f| read_file(f, annotated.as_ref())).collect::<Result<Vec<_>>>()?;
    docs.sort_by(|a, b| a.topic.cmp(&b.topic).then_with(|| a.name.cmp(&b.name)));
    Ok(docs)
}

/// (document name, sentence number) of every annotated sentence.
type SentenceList = BTreeSet<(String, u32)>;

fn read_sentence_list(path: &Path) -> Result<SentenceList> {
    let text = read_text(path)?;
    let mut out = BTreeSet::new();
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let [topic, file, sentence] = cells[..] else {
            return Err(EvalError::record(path, i + 1, "expected Topic,File,Sentence Number"));
        };
        let sentence = sentence.parse().map_err(|_| EvalError::record(path, i + 1, "bad sentence number"))?;
        out.insert((format!("{topic}_{file}"), sentence));
    }
    Ok(out)
}

/// One CAT XML file.
pub fn read_file(path: &Path, annotated: Option<&SentenceList>) -> Result<CorefDoc> {
    let text = read_text(path)?;
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
    parse(&name, &text, annotated).map_err(|reason| EvalError::format(path, reason))
}

/// A CAT XML document's sentences and entity mentions; `annotated` lists the sentences to score.
pub fn parse(
    name: &str,
    xml: &str,
    annotated: Option<&SentenceList>,
) -> std::result::Result<CorefDoc, String> {
    let tree = roxmltree::Document::parse(xml).map_err(|e| format!("invalid XML: {e}"))?;
    let topic =
        name.split('_').next().and_then(|t| t.parse().ok()).ok_or("name does not start with a topic")?;
    let root = tree.root_element();
    let attr = |n: roxmltree::Node, a: &str| -> std::result::Result<u32, String> {
        n.attribute(a)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| format!("<{}> without a numeric {a}", n.tag_name().name()))
    };

    // Tokens: t_id -> (sentence index, token index).
    let mut sentences: Vec<CorefSentence> = Vec::new();
    let mut token_at: HashMap<u32, (usize, usize)> = HashMap::new();
    for t in root.children().filter(|n| n.has_tag_name("token")) {
        let (id, number) = (attr(t, "t_id")?, attr(t, "sentence")?);
        if sentences.last().is_none_or(|s| s.number != number) {
            let listed = annotated.is_none_or(|l| l.contains(&(name.to_string(), number)));
            sentences.push(CorefSentence { number, tokens: Vec::new(), annotated: listed });
        }
        let s = sentences.len() - 1;
        token_at.insert(id, (s, sentences[s].tokens.len()));
        sentences[s].tokens.push(t.text().unwrap_or_default().to_string());
    }

    // Relations: mention id -> cluster.
    let mut cluster_of: HashMap<u32, String> = HashMap::new();
    for rel in root.children().filter(|n| n.has_tag_name("Relations")).flat_map(|r| r.children()) {
        let cluster = match rel.tag_name().name() {
            "CROSS_DOC_COREF" => match rel.attribute("note") {
                Some(note) => note.to_string(),
                None => continue,
            },
            "INTRA_DOC_COREF" => {
                let Some(target) = rel.children().find(|n| n.has_tag_name("target")) else { continue };
                format!("{name}#{}", attr(target, "m_id")?)
            }
            _ => continue,
        };
        for source in rel.children().filter(|n| n.has_tag_name("source")) {
            // A cross-document instance wins over a document-level chain.
            let id = attr(source, "m_id")?;
            if rel.has_tag_name("CROSS_DOC_COREF") || !cluster_of.contains_key(&id) {
                cluster_of.insert(id, cluster.clone());
            }
        }
    }

    let mut mentions = Vec::new();
    for m in root.children().filter(|n| n.has_tag_name("Markables")).flat_map(|r| r.children()) {
        let tag = m.tag_name().name();
        if !m.is_element() || !is_entity(tag) {
            continue;
        }
        let anchors: Vec<(usize, usize)> = m
            .children()
            .filter(|n| n.has_tag_name("token_anchor"))
            .filter_map(|n| attr(n, "t_id").ok().and_then(|id| token_at.get(&id).copied()))
            .collect();
        let Some(&(sentence, _)) = anchors.first() else { continue };
        // A mention running past a sentence break (a tokenisation slip) keeps its first part.
        let within = anchors.iter().filter(|&&(s, _)| s == sentence).map(|a| a.1);
        let start = within.clone().min().unwrap_or(0);
        let end = within.max().unwrap_or(0) + 1;
        let id = attr(m, "m_id")?;
        let cluster = cluster_of.get(&id).cloned().unwrap_or_else(|| format!("{name}#m{id}"));
        mentions.push(GoldMention { sentence, start, end, cluster, tag: tag.to_string() });
    }
    Ok(CorefDoc { name: name.to_string(), topic, sentences, mentions })
}

/// Precision and recall from their numerators and denominators (0 where a denominator is 0).
fn prf(p_num: f64, p_den: f64, r_num: f64, r_den: f64) -> Prf {
    let ratio = |n: f64, d: f64| if d > 0.0 { n / d } else { 0.0 };
    Prf::new(ratio(p_num, p_den), ratio(r_num, r_den))
}

/// The CoNLL-2012 coreference scores of a response against a key.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CorefScore {
    pub muc: Prf,
    pub bcubed: Prf,
    pub ceafe: Prf,
    /// Mean of the MUC, B-cubed and CEAF-e F1.
    pub conll_f1: f64,
    pub key_mentions: usize,
    pub response_mentions: usize,
    /// Response mentions that are key mentions (same span): mention detection's share of the
    /// scores.
    pub matched_mentions: usize,
    pub key_clusters: usize,
    pub response_clusters: usize,
}

/// Score `response` clusters against `key` clusters of mentions (each mention in one cluster per
/// side; empty clusters are ignored).
pub fn score<M: Eq + Hash + Ord>(key: &[Vec<M>], response: &[Vec<M>]) -> CorefScore {
    let key: Vec<&Vec<M>> = key.iter().filter(|c| !c.is_empty()).collect();
    let response: Vec<&Vec<M>> = response.iter().filter(|c| !c.is_empty()).collect();
    let (key_of, response_of) = (owners(&key), owners(&response));
    // overlap[k] = response cluster -> mentions shared with key cluster k.
    let overlap: Vec<BTreeMap<usize, usize>> = key
        .iter()
        .map(|k| {
            let mut shared = BTreeMap::new();
            for m in k.iter() {
                if let Some(&r) = response_of.get(m) {
                    *shared.entry(r).or_insert(0) += 1;
                }
            }
            shared
        })
        .collect();

    let muc_side = |side: &[&Vec<M>], other: &HashMap<&M, usize>| -> (f64, f64) {
        let (mut num, mut den) = (0.0, 0.0);
        for c in side {
            let mut parts = BTreeSet::new();
            let mut alone = 0;
            for m in c.iter() {
                match other.get(m) {
                    Some(&o) => {
                        parts.insert(o);
                    }
                    None => alone += 1,
                }
            }
            num += (c.len() - (parts.len() + alone)) as f64;
            den += (c.len() - 1) as f64;
        }
        (num, den)
    };
    let (r_num, r_den) = muc_side(&key, &response_of);
    let (p_num, p_den) = muc_side(&response, &key_of);
    let muc = prf(p_num, p_den, r_num, r_den);

    let (mut b_r, mut b_p) = (0.0, 0.0);
    let mut phi: Vec<Vec<i64>> = vec![vec![0; response.len()]; key.len()];
    let mut phi_exact: HashMap<(usize, usize), f64> = HashMap::new();
    for (k, shared) in overlap.iter().enumerate() {
        for (&r, &n) in shared {
            let n = n as f64;
            b_r += n * n / key[k].len() as f64;
            b_p += n * n / response[r].len() as f64;
            let f = 2.0 * n / (key[k].len() + response[r].len()) as f64;
            phi[k][r] = (f * 1e9).round() as i64;
            phi_exact.insert((k, r), f);
        }
    }
    let key_mentions: usize = key.iter().map(|c| c.len()).sum();
    let response_mentions: usize = response.iter().map(|c| c.len()).sum();
    let bcubed = prf(b_p, response_mentions as f64, b_r, key_mentions as f64);

    // Clusters sharing nothing with any cluster of the other side add nothing to the alignment.
    let sim: f64 =
        aligned(&phi).into_iter().map(|(k, r)| phi_exact.get(&(k, r)).copied().unwrap_or(0.0)).sum();
    let ceafe = prf(sim, response.len() as f64, sim, key.len() as f64);
    CorefScore {
        muc,
        bcubed,
        ceafe,
        conll_f1: (muc.f1 + bcubed.f1 + ceafe.f1) / 3.0,
        key_mentions,
        response_mentions,
        matched_mentions: response_of.keys().filter(|m| key_of.contains_key(*m)).count(),
        key_clusters: key.len(),
        response_clusters: response.len(),
    }
}

/// Mention -> index of its cluster.
fn owners<'m, M: Eq + Hash>(side: &[&'m Vec<M>]) -> HashMap<&'m M, usize> {
    side.iter().enumerate().flat_map(|(i, c)| c.iter().map(move |m| (m, i))).collect()
}

/// The maximum-weight one-to-one alignment of key rows to response columns, solved per
/// connected block of the overlap graph (clusters of different topics never overlap, so the
/// blocks are small even when the corpus is large).
fn aligned(phi: &[Vec<i64>]) -> Vec<(usize, usize)> {
    let rows = phi.len();
    let cols = phi.first().map_or(0, Vec::len);
    // Union-find over rows and columns (columns offset by `rows`).
    let mut parent: Vec<usize> = (0..rows + cols).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (k, row) in phi.iter().enumerate() {
        for (r, &w) in row.iter().enumerate() {
            if w > 0 {
                let (a, b) = (find(&mut parent, k), find(&mut parent, rows + r));
                parent[a] = b;
            }
        }
    }
    let mut blocks: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    for (k, row) in phi.iter().enumerate() {
        if row.iter().any(|&w| w > 0) {
            let root = find(&mut parent, k);
            blocks.entry(root).or_default().0.push(k);
        }
    }
    for r in 0..cols {
        if phi.iter().any(|row| row[r] > 0) {
            let root = find(&mut parent, rows + r);
            blocks.entry(root).or_default().1.push(r);
        }
    }
    let mut out = Vec::new();
    for (ks, rs) in blocks.into_values() {
        let weight: Vec<Vec<i64>> = ks.iter().map(|&k| rs.iter().map(|&r| phi[k][r]).collect()).collect();
        out.extend(best_matching(&weight).into_iter().map(|(i, j)| (ks[i], rs[j])));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    #[test]
    fn worked_example_of_the_reference_scorer() {
        // Key {a b c} {d e f g}, response {a b} {c d} {f g h i}, worked by hand.
        let key = vec![vec!["a", "b", "c"], vec!["d", "e", "f", "g"]];
        let response = vec![vec!["a", "b"], vec!["c", "d"], vec!["f", "g", "h", "i"]];
        let s = score(&key, &response);
        // MUC: recall (3-2 + 4-3) / (2 + 3) = 0.4 (e, missing from the response, is a part of its
        // own); precision (2-1 + 2-2 + 4-3) / (1 + 1 + 3) = 0.4 (h and i likewise).
        assert!(close(s.muc.recall, 0.4) && close(s.muc.precision, 0.4), "{:?}", s.muc);
        // B-cubed recall: ((2² + 1²)/3 + (1² + 2²)/4) / 7 key mentions.
        assert!(close(s.bcubed.recall, (5.0 / 3.0 + 5.0 / 4.0) / 7.0), "{:?}", s.bcubed);
        // B-cubed precision: (2 + 1/2 + 1/2 + 4/4) / 8 = 0.5.
        assert!(close(s.bcubed.precision, 0.5));
        // CEAF-e: best alignment {abc}-{ab} (0.8), {defg}-{fghi} (0.5) = 1.3.
        assert!(close(s.ceafe.recall, 1.3 / 2.0) && close(s.ceafe.precision, 1.3 / 3.0));
        assert!(close(s.conll_f1, (s.muc.f1 + s.bcubed.f1 + s.ceafe.f1) / 3.0));
        assert_eq!((s.key_mentions, s.response_mentions, s.matched_mentions), (7, 8, 6));
    }

    #[test]
    fn identical_partitions_score_one_and_disjoint_mentions_zero() {
        let key = vec![vec![1, 2, 3], vec![4], vec![5, 6]];
        let s = score(&key, &key);
        for m in [s.muc, s.bcubed, s.ceafe] {
            assert!(close(m.f1, 1.0), "{m:?}");
        }
        let s = score(&key, &[vec![7, 8], vec![9]]);
        assert_eq!((s.muc.f1, s.bcubed.f1, s.ceafe.f1), (0.0, 0.0, 0.0));
        let s = score::<u32>(&[], &[]);
        assert_eq!(s.conll_f1, 0.0);
    }

    const DOC: &str = r#"<Document doc_name="3_1ecb.xml" doc_id="D1">
<token t_id="1" sentence="0" number="0">Ann</token>
<token t_id="2" sentence="0" number="1">Lee</token>
<token t_id="3" sentence="0" number="2">met</token>
<token t_id="4" sentence="0" number="3">Bo</token>
<token t_id="5" sentence="1" number="0">She</token>
<token t_id="6" sentence="1" number="1">left</token>
<token t_id="7" sentence="1" number="2">town</token>
<Markables>
<HUMAN_PART_PER m_id="10"><token_anchor t_id="1"/><token_anchor t_id="2"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="11"><token_anchor t_id="4"/></HUMAN_PART_PER>
<HUMAN_PART_PER m_id="12"><token_anchor t_id="5"/></HUMAN_PART_PER>
<ACTION_OCCURRENCE m_id="13"><token_anchor t_id="6"/></ACTION_OCCURRENCE>
<LOC_GEO m_id="14"><token_anchor t_id="7"/></LOC_GEO>
<HUMAN_PART_PER m_id="20" RELATED_TO="" TAG_DESCRIPTOR="Ann Lee"/>
</Markables>
<Relations>
<CROSS_DOC_COREF r_id="1" note="HUM1"><source m_id="10"/><source m_id="12"/><target m_id="20"/></CROSS_DOC_COREF>
</Relations>
</Document>"#;

    #[test]
    fn reads_entity_mentions_and_their_instances() {
        let listed: SentenceList = [("3_1ecb".to_string(), 1)].into_iter().collect();
        let doc = parse("3_1ecb", DOC, Some(&listed)).unwrap();
        assert_eq!(doc.topic, 3);
        assert_eq!(doc.sentences.len(), 2);
        assert_eq!(doc.sentences[0].tokens, ["Ann", "Lee", "met", "Bo"]);
        assert!(!doc.sentences[0].annotated && doc.sentences[1].annotated);
        let m: Vec<(usize, usize, usize, &str)> =
            doc.mentions.iter().map(|m| (m.sentence, m.start, m.end, m.cluster.as_str())).collect();
        // The action is no entity; the descriptor anchors no token; Bo and town stand alone.
        assert_eq!(
            m,
            [(0, 0, 2, "HUM1"), (0, 3, 4, "3_1ecb#m11"), (1, 0, 1, "HUM1"), (1, 2, 3, "3_1ecb#m14")]
        );
        assert!(parse("x_1ecb", DOC, None).is_err());
        assert!(parse("3_1ecb", "<Document><token", None).is_err());
    }
}
