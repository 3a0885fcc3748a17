//! Training data in CoNLL columns: the token first, the NER tag last, a blank line between
//! sentences, `-DOCSTART-` between documents. Tags may be IOB1, IOB2 or IOBES; they are read by
//! conlleval's chunk rules into typed spans.

use crate::{kind_from_conll, Span, TaggerError};

/// A labelled sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub tokens: Vec<String>,
    pub spans: Vec<Span>,
}

/// A labelled document: its sentences in order.
pub type Document = Vec<Sentence>;

/// Parse CoNLL text into documents (empty documents dropped; text without `-DOCSTART-` lines is
/// one document).
pub fn parse(text: &str) -> Result<Vec<Document>, TaggerError> {
    let mut docs = Vec::new();
    let mut doc = Vec::new();
    let mut sent = Open::default();
    for (i, line) in text.lines().enumerate() {
        let mut cols = line.split_whitespace();
        let Some(token) = cols.next() else {
            sent.finish(&mut doc);
            continue;
        };
        if token == "-DOCSTART-" {
            sent.finish(&mut doc);
            if !doc.is_empty() {
                docs.push(std::mem::take(&mut doc));
            }
            continue;
        }
        let tag = cols.next_back().ok_or_else(|| TaggerError::Conll {
            line: i + 1,
            reason: format!("`{token}` has no tag column"),
        })?;
        sent.push(token, tag).map_err(|reason| TaggerError::Conll { line: i + 1, reason })?;
    }
    sent.finish(&mut doc);
    if !doc.is_empty() {
        docs.push(doc);
    }
    Ok(docs)
}

/// The sentence being read.
#[derive(Default)]
struct Open {
    tokens: Vec<String>,
    spans: Vec<Span>,
    /// The open chunk: first token and type.
    chunk: Option<(usize, &'static str)>,
}

impl Open {
    fn close(&mut self) {
        if let Some((start, name)) = self.chunk.take() {
            if let Some(kind) = kind_from_conll(name) {
                self.spans.push(Span { start, end: self.tokens.len(), kind });
            }
        }
    }

    fn push(&mut self, token: &str, tag: &str) -> Result<(), String> {
        if tag == "O" {
            self.close();
            self.tokens.push(token.to_string());
            return Ok(());
        }
        let (prefix, name) =
            tag.split_once('-').ok_or_else(|| format!("tag `{tag}` is neither O nor PREFIX-TYPE"))?;
        let name = ["PER", "ORG", "LOC", "MISC"]
            .into_iter()
            .find(|&n| n == name)
            .ok_or_else(|| format!("tag `{tag}`: type is not PER, ORG, LOC or MISC"))?;
        let (starts, ends) = match prefix {
            "B" => (true, false),
            "I" => (false, false),
            "E" | "L" => (false, true),
            "S" | "U" => (true, true),
            _ => return Err(format!("tag `{tag}`: unknown prefix `{prefix}`")),
        };
        let continues = !starts && matches!(self.chunk, Some((_, n)) if n == name);
        if !continues {
            self.close();
            self.chunk = Some((self.tokens.len(), name));
        }
        self.tokens.push(token.to_string());
        if ends {
            self.close();
        }
        Ok(())
    }

    fn finish(&mut self, doc: &mut Document) {
        self.close();
        if !self.tokens.is_empty() {
            doc.push(Sentence {
                tokens: std::mem::take(&mut self.tokens),
                spans: std::mem::take(&mut self.spans),
            });
        }
        self.spans.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EntityKind;

    #[test]
    fn reads_iob1_documents() {
        let text = "-DOCSTART- -X- O O\n\nWest NNP I-MISC\nIndian NNP I-MISC\nPhil NNP I-PER\nSimmons NNP B-PER\n. . O\n\nPeter NNP I-PER\n\n-DOCSTART- -X- O O\n\nParis NNP I-LOC\n";
        let docs = parse(text).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].len(), 2);
        let s = &docs[0][0];
        assert_eq!(s.tokens.len(), 5);
        assert_eq!(
            s.spans,
            vec![
                Span { start: 0, end: 2, kind: EntityKind::Other },
                Span { start: 2, end: 3, kind: EntityKind::Person },
                Span { start: 3, end: 4, kind: EntityKind::Person },
            ]
        );
        assert_eq!(docs[1][0].spans, vec![Span { start: 0, end: 1, kind: EntityKind::Place }]);
    }

    #[test]
    fn bad_lines_are_named() {
        assert!(matches!(parse("word\n"), Err(TaggerError::Conll { line: 1, .. })));
        assert!(matches!(parse("a O\nb Q-PER\n"), Err(TaggerError::Conll { line: 2, .. })));
        assert!(parse("").unwrap().is_empty());
    }
}
