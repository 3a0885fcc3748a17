//! Named-entity recognition data in CoNLL columns (CoNLL-2003 and its kin) and the conlleval
//! metric.
//!
//! A file has one token per line, the token in the first column and its NER tag in the last (the
//! columns between, POS and chunk tags in CoNLL-2003, are ignored); columns are separated by spaces
//! or tabs. A blank line ends a sentence and a `-DOCSTART-` line starts a document.
//!
//! Tags are decoded to spans by conlleval's own chunk rules, which read IOB1, IOB2 and IOBES alike,
//! so the scheme need not be told or detected: a chunk starts at `B-X` or `S-X`, at `I-X`/`E-X`
//! after `O`, after a chunk of another type, or after a chunk closed by `E-`/`S-`; `I-X` and `E-X`
//! otherwise continue the open chunk. In IOB1 (CoNLL-2003's eng.train/testa) `I-` starts a chunk
//! and `B-` only separates two adjacent chunks of one type; in IOB2 every chunk starts with `B-`.
//! Both decode to the same spans. (`L-`/`U-` of BILOU are read as `E-`/`S-`.)
//!
//! The metric is conlleval.pl's: a predicted chunk is correct when its start, end and type all
//! equal a gold chunk's; precision, recall and F1 are micro-averaged over all chunks, and also
//! given per type. Scores are fractions (conlleval prints them ×100).

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use storyweave_model::EntityKind;

use crate::error::{EvalError, Result};
use crate::io::read_text;

/// A labelled chunk of a sentence: tokens `start_token..end_token` (end exclusive) and its type
/// (`PER`, `ORG`, `LOC`, `MISC` in CoNLL-2003).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    pub start_token: usize,
    pub end_token: usize,
    pub kind: String,
}

/// One sentence: its tokens and its gold chunks, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NerSentence {
    pub tokens: Vec<String>,
    pub gold: Vec<Span>,
}

impl NerSentence {
    /// The sentence as text: its tokens joined by single spaces, the string whose character
    /// offsets [`spans_from_char_offsets`] maps back to tokens.
    pub fn text(&self) -> String {
        self.tokens.join(" ")
    }
}

/// One document (the sentences between two `-DOCSTART-` lines).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NerDoc {
    pub sentences: Vec<NerSentence>,
}

/// Read a CoNLL file (plain or gzipped). Documents with no sentence are dropped: a `-DOCSTART-`
/// line at the very end of a file (as in some copies of CoNLL-2003) makes no empty document, and a
/// file without `-DOCSTART-` lines is one document.
pub fn read_conll(path: &Path) -> Result<Vec<NerDoc>> {
    parse_conll(&read_text(path)?, path)
}

/// [`read_conll`] on text already in memory; `path` only names the source in error messages.
pub fn parse_conll(text: &str, path: &Path) -> Result<Vec<NerDoc>> {
    let mut docs = Vec::new();
    let mut doc = Vec::new();
    let mut tokens = Vec::new();
    let mut chunks = ChunkReader::default();
    for (i, line) in text.lines().enumerate() {
        let mut cols = line.split_whitespace();
        let Some(token) = cols.next() else {
            end_sentence(&mut doc, &mut tokens, &mut chunks);
            continue;
        };
        if token == "-DOCSTART-" {
            end_sentence(&mut doc, &mut tokens, &mut chunks);
            if !doc.is_empty() {
                docs.push(NerDoc { sentences: std::mem::take(&mut doc) });
            }
            continue;
        }
        let Some(tag) = cols.next_back() else {
            return Err(EvalError::record(path, i + 1, format!("`{token}` has no tag column")));
        };
        chunks.push(tokens.len(), tag).map_err(|reason| EvalError::record(path, i + 1, reason))?;
        tokens.push(token.to_string());
    }
    end_sentence(&mut doc, &mut tokens, &mut chunks);
    if !doc.is_empty() {
        docs.push(NerDoc { sentences: doc });
    }
    Ok(docs)
}

fn end_sentence(doc: &mut Vec<NerSentence>, tokens: &mut Vec<String>, chunks: &mut ChunkReader) {
    if tokens.is_empty() {
        return;
    }
    let gold = std::mem::take(chunks).finish(tokens.len());
    doc.push(NerSentence { tokens: std::mem::take(tokens), gold });
}

/// Decode one sentence's tags (IOB1, IOB2 or IOBES) to chunks, by conlleval's rules. The error
/// names the first tag that is neither `O` nor `PREFIX-TYPE`.
pub fn tags_to_spans<S: AsRef<str>>(tags: &[S]) -> std::result::Result<Vec<Span>, String> {
    let mut chunks = ChunkReader::default();
    for (i, tag) in tags.iter().enumerate() {
        chunks.push(i, tag.as_ref())?;
    }
    Ok(chunks.finish(tags.len()))
}

/// Chunks of one sentence, built a tag at a time.
#[derive(Debug, Default)]
struct ChunkReader {
    done: Vec<Span>,
    /// The open chunk, its first token and type; a chunk ended by `E-`/`S-` is closed at once.
    open: Option<(usize, String)>,
}

impl ChunkReader {
    fn push(&mut self, i: usize, tag: &str) -> std::result::Result<(), String> {
        if tag == "O" {
            self.close(i);
            return Ok(());
        }
        // conlleval splits at the first hyphen: the type may itself hold hyphens.
        let Some((prefix, kind)) = tag.split_once('-').filter(|(p, k)| !p.is_empty() && !k.is_empty()) else {
            return Err(format!("tag `{tag}` is neither O nor PREFIX-TYPE"));
        };
        let (starts, ends) = match prefix {
            "B" => (true, false),
            "I" => (false, false),
            "E" | "L" => (false, true),
            "S" | "U" => (true, true),
            _ => return Err(format!("tag `{tag}`: unknown prefix `{prefix}` (B, I, E, S, L or U)")),
        };
        let continues = !starts && matches!(&self.open, Some((_, k)) if k == kind);
        if !continues {
            self.close(i);
            self.open = Some((i, kind.to_string()));
        }
        if ends {
            self.close(i + 1);
        }
        Ok(())
    }

    /// Close the open chunk, if any, before token `end`.
    fn close(&mut self, end: usize) {
        if let Some((start, kind)) = self.open.take() {
            self.done.push(Span { start_token: start, end_token: end, kind });
        }
    }

    fn finish(mut self, len: usize) -> Vec<Span> {
        self.close(len);
        self.done
    }
}

/// Every sentence's gold chunks, documents in order: the `gold` argument of [`score`].
pub fn gold_spans(docs: &[NerDoc]) -> Vec<Vec<Span>> {
    docs.iter().flat_map(|d| &d.sentences).map(|s| s.gold.clone()).collect()
}

/// Precision, recall and F1 with the counts they come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Gold chunks.
    pub gold: usize,
    /// Predicted chunks.
    pub predicted: usize,
    /// Predicted chunks equal to a gold one (span and type).
    pub correct: usize,
}

impl Prf {
    /// As conlleval: precision is 0 with nothing predicted, recall 0 with nothing to find, F1 0
    /// when both are 0.
    pub fn from_counts(correct: usize, predicted: usize, gold: usize) -> Self {
        let ratio = |n: usize, d: usize| if d > 0 { n as f64 / d as f64 } else { 0.0 };
        let (precision, recall) = (ratio(correct, predicted), ratio(correct, gold));
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, f1, gold, predicted, correct }
    }
}

/// conlleval's figures: overall (micro-averaged over all chunks) and per type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NerScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
    /// Every type seen in the gold or the predicted chunks.
    pub per_type: BTreeMap<String, Prf>,
}

/// Score predicted chunks against gold ones, sentence by sentence (`gold[i]` and `predicted[i]`
/// are the same sentence's). A sentence with no entry in `predicted` predicts nothing; a chunk
/// predicted twice counts twice but can be correct only once.
pub fn score(gold: &[Vec<Span>], predicted: &[Vec<Span>]) -> NerScore {
    // type -> (correct, predicted, gold)
    let mut counts: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for i in 0..gold.len().max(predicted.len()) {
        let g = gold.get(i).map(Vec::as_slice).unwrap_or_default();
        let p = predicted.get(i).map(Vec::as_slice).unwrap_or_default();
        let mut unmatched: BTreeMap<&Span, usize> = BTreeMap::new();
        for span in g {
            *unmatched.entry(span).or_default() += 1;
            counts.entry(&span.kind).or_default().2 += 1;
        }
        for span in p {
            let c = counts.entry(&span.kind).or_default();
            c.1 += 1;
            if let Some(n) = unmatched.get_mut(span).filter(|n| **n > 0) {
                *n -= 1;
                c.0 += 1;
            }
        }
    }
    let (mut correct, mut n_pred, mut n_gold) = (0, 0, 0);
    let per_type = counts
        .into_iter()
        .map(|(kind, (c, p, g))| {
            correct += c;
            n_pred += p;
            n_gold += g;
            (kind.to_string(), Prf::from_counts(c, p, g))
        })
        .collect();
    let all = Prf::from_counts(correct, n_pred, n_gold);
    NerScore {
        precision: all.precision,
        recall: all.recall,
        f1: all.f1,
        gold: n_gold,
        predicted: n_pred,
        correct,
        per_type,
    }
}

/// storyweave's entity kind for a CoNLL-2003 type: PER → person, ORG → organization,
/// LOC → place, MISC → other; `None` for any other type.
pub fn entity_kind(conll_type: &str) -> Option<EntityKind> {
    match conll_type {
        "PER" => Some(EntityKind::Person),
        "ORG" => Some(EntityKind::Organization),
        "LOC" => Some(EntityKind::Place),
        "MISC" => Some(EntityKind::Other),
        _ => None,
    }
}

/// The CoNLL-2003 type for a storyweave entity kind (the reverse of [`entity_kind`]): the type
/// predicted chunks must carry to be scored against CoNLL-2003 gold.
pub fn conll_type(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "PER",
        EntityKind::Organization => "ORG",
        EntityKind::Place => "LOC",
        EntityKind::Other => "MISC",
    }
}

/// The kind's name as storyweave writes it (its serde name): `person`, `organization`, `place`,
/// `other`.
pub fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "person",
        EntityKind::Organization => "organization",
        EntityKind::Place => "place",
        EntityKind::Other => "other",
    }
}

/// Token chunks for mentions found in a sentence's text, the tokens joined by single spaces
/// ([`NerSentence::text`]). Each mention is `(start, end, kind)` with byte offsets into that text;
/// `kind` is copied to the chunk as is (give CoNLL types, see [`conll_type`], to score against
/// CoNLL gold). A mention that starts and ends on token boundaries maps to exactly those tokens;
/// one that cuts into a token (`U.S` of `U.S.`) snaps out to the whole tokens it touches. A mention
/// that touches no token (empty, only the space between tokens, past the end) is dropped, as are
/// repeats of the same chunk. The chunks come sorted.
pub fn spans_from_char_offsets(tokens: &[String], mentions: &[(usize, usize, String)]) -> Vec<Span> {
    let mut bounds = Vec::with_capacity(tokens.len());
    let mut pos = 0;
    for token in tokens {
        bounds.push((pos, pos + token.len()));
        pos += token.len() + 1;
    }
    let mut spans: Vec<Span> = mentions
        .iter()
        .filter(|(start, end, _)| start < end)
        .filter_map(|(start, end, kind)| {
            let touches = |&(s, e): &(usize, usize)| s < *end && *start < e;
            let first = bounds.iter().position(touches)?;
            let last = bounds.iter().rposition(touches)?;
            Some(Span { start_token: first, end_token: last + 1, kind: kind.clone() })
        })
        .collect();
    spans.sort();
    spans.dedup();
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: usize, end: usize, kind: &str) -> Span {
        Span { start_token: start, end_token: end, kind: kind.to_string() }
    }

    fn toks(s: &str) -> Vec<String> {
        s.split(' ').map(str::to_string).collect()
    }

    #[test]
    fn iob1_and_iob2_decode_alike() {
        // "West Indian all-rounder Phil Simmons": IOB1 as in eng.testa, then IOB2.
        let iob1 = ["I-MISC", "I-MISC", "O", "I-PER", "I-PER"];
        let iob2 = ["B-MISC", "I-MISC", "O", "B-PER", "I-PER"];
        let want = vec![span(0, 2, "MISC"), span(3, 5, "PER")];
        assert_eq!(tags_to_spans(&iob1).unwrap(), want);
        assert_eq!(tags_to_spans(&iob2).unwrap(), want);
        // IOB1's B- separates two adjacent chunks of one type; a type change needs no B-.
        let adjacent = ["I-LOC", "B-LOC", "I-LOC", "I-ORG", "O", "I-PER"];
        assert_eq!(
            tags_to_spans(&adjacent).unwrap(),
            vec![span(0, 1, "LOC"), span(1, 3, "LOC"), span(3, 4, "ORG"), span(5, 6, "PER")]
        );
        // IOBES (and BILOU) too; E- closes a chunk so the next I- opens one.
        let iobes = ["S-PER", "B-ORG", "E-ORG", "I-ORG", "U-LOC", "B-MISC", "L-MISC"];
        assert_eq!(
            tags_to_spans(&iobes).unwrap(),
            vec![
                span(0, 1, "PER"),
                span(1, 3, "ORG"),
                span(3, 4, "ORG"),
                span(4, 5, "LOC"),
                span(5, 7, "MISC")
            ]
        );
        // A chunk running to the end of the sentence; a type with a hyphen.
        assert_eq!(tags_to_spans(&["O", "B-X-Y", "I-X-Y"]).unwrap(), vec![span(1, 3, "X-Y")]);
        assert!(tags_to_spans(&["PER"]).unwrap_err().contains("`PER`"));
        assert!(tags_to_spans(&["Q-PER"]).unwrap_err().contains("prefix `Q`"));
    }

    #[test]
    fn reads_documents_and_sentences() {
        // Like this copy of CoNLL-2003: the first DOCSTART sits at the end of the file.
        let text = "EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\n\
                    Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n\
                    -DOCSTART- -X- O O\n\n\
                    LONDON\tNNP\tI-NP\tI-LOC\n1996-08-30 CD I-NP O\n\n\n\
                    -DOCSTART- -X- O O\n";
        let docs = parse_conll(text, Path::new("t.conll")).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].sentences.len(), 2);
        assert_eq!(docs[0].sentences[0].tokens, toks("EU rejects German"));
        assert_eq!(docs[0].sentences[0].gold, vec![span(0, 1, "ORG"), span(2, 3, "MISC")]);
        assert_eq!(docs[0].sentences[1].gold, vec![span(0, 2, "PER")]);
        assert_eq!(docs[1].sentences[0].text(), "LONDON 1996-08-30");
        assert_eq!(docs[1].sentences[0].gold, vec![span(0, 1, "LOC")]);
        assert_eq!(gold_spans(&docs).len(), 3);
        // Two columns are enough; one is not; a bad tag names its line.
        assert_eq!(parse_conll("Paris B-LOC\n", Path::new("x")).unwrap()[0].sentences[0].gold.len(), 1);
        let e = parse_conll("a O\n\nParis\n", Path::new("x.conll")).unwrap_err();
        assert_eq!(e.to_string(), "x.conll:3: `Paris` has no tag column");
        let e = parse_conll("a O\nb LOC\n", Path::new("x.conll")).unwrap_err();
        assert!(e.to_string().starts_with("x.conll:2: tag `LOC`"), "{e}");
    }

    #[test]
    fn score_is_conlleval() {
        let gold = vec![
            vec![span(0, 2, "PER"), span(3, 4, "LOC")],
            vec![span(0, 1, "ORG")],
            vec![span(1, 2, "MISC")],
        ];
        let predicted = vec![
            // Exact; the right span with the wrong type.
            vec![span(0, 2, "PER"), span(3, 4, "ORG")],
            // Too long a span; an extra chunk.
            vec![span(0, 2, "ORG"), span(4, 5, "PER")],
            // The third sentence has no entry: nothing predicted.
        ];
        let s = score(&gold, &predicted);
        assert_eq!((s.correct, s.predicted, s.gold), (1, 4, 4));
        assert_eq!((s.precision, s.recall, s.f1), (0.25, 0.25, 0.25));
        assert_eq!(s.per_type.keys().collect::<Vec<_>>(), ["LOC", "MISC", "ORG", "PER"]);
        let per = &s.per_type["PER"];
        assert_eq!((per.correct, per.predicted, per.gold), (1, 2, 1));
        assert_eq!((per.precision, per.recall), (0.5, 1.0));
        assert!((per.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(s.per_type["ORG"], Prf::from_counts(0, 2, 1));
        assert_eq!(s.per_type["ORG"].f1, 0.0);
        assert_eq!(s.per_type["MISC"], Prf { gold: 1, ..Prf::default() });
        // Perfect, empty, and a repeated prediction that can only be right once.
        assert_eq!(score(&gold, &gold).f1, 1.0);
        assert_eq!(score(&[], &[]).f1, 0.0);
        let twice = score(&[vec![span(0, 1, "PER")]], &[vec![span(0, 1, "PER"), span(0, 1, "PER")]]);
        assert_eq!((twice.correct, twice.predicted, twice.precision, twice.recall), (1, 2, 0.5, 1.0));
    }

    #[test]
    fn kinds_map_both_ways() {
        for kind in [EntityKind::Person, EntityKind::Organization, EntityKind::Place, EntityKind::Other] {
            assert_eq!(entity_kind(conll_type(kind)), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), kind_name(kind));
        }
        assert_eq!(entity_kind("LOC"), Some(EntityKind::Place));
        assert_eq!(entity_kind("DATE"), None);
    }

    #[test]
    fn char_offsets_snap_to_tokens() {
        // "Peter Blackburn visited the U.S. on Friday"
        let tokens = toks("Peter Blackburn visited the U.S. on Friday");
        let m = |s: usize, e: usize, k: &str| (s, e, k.to_string());
        let spans = spans_from_char_offsets(
            &tokens,
            &[
                m(28, 32, "LOC"),  // "U.S." exactly
                m(0, 15, "PER"),   // "Peter Blackburn" exactly
                m(28, 31, "ORG"),  // "U.S": cuts into the token, snaps out
                m(3, 10, "PER"),   // "er Blac": both tokens
                m(5, 6, "PER"),    // the space alone: nothing
                m(9, 9, "PER"),    // empty
                m(36, 99, "MISC"), // "Friday" and past the end
                m(0, 15, "PER"),   // a repeat
                m(99, 120, "PER"), // past the end
            ],
        );
        assert_eq!(spans, vec![span(0, 2, "PER"), span(4, 5, "LOC"), span(4, 5, "ORG"), span(6, 7, "MISC")]);
        assert!(spans_from_char_offsets(&[], &[m(0, 3, "PER")]).is_empty());
    }
}
