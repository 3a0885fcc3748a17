//! A statistical named-entity tagger: an averaged structured perceptron with Viterbi decoding
//! over BILOU (or BIO) tags, on CoNLL-style tokens.
//!
//! The crate holds the whole life of the model: CoNLL-style tokenisation of prose with byte
//! offsets ([`tokenize`]), features ([`features`]: word forms, shapes, affixes, context windows,
//! a gazetteer of the training data's names, how a word is written elsewhere in the document),
//! training ([`train`], deterministic: fixed seed, sorted feature ids), decoding and the compact
//! model file ([`model`]). The model trained from CoNLL-2003's `eng.train` is built in
//! ([`builtin`]); `train-ner` reproduces it byte for byte. Everything is pure; the only input is
//! bytes handed in.

pub mod conll;
pub mod features;
pub mod model;
pub mod tags;
pub mod tokenize;
pub mod train;

use std::sync::OnceLock;

pub use model::Model;
pub use storyweave_model::EntityKind;
pub use tags::{Scheme, Span};

/// The crate's one error type.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TaggerError {
    /// Model bytes that cannot be read as a model.
    #[error("bad model: {0}")]
    Model(String),
    /// A CoNLL file line that cannot be read.
    #[error("line {line}: {reason}")]
    Conll { line: usize, reason: String },
}

/// The trained model committed with the crate (`ner.model`).
static BUILTIN: &[u8] = include_bytes!("../ner.model");

/// The built-in model, read once; `None` only if the committed file is missing or broken
/// (the crate's tests check it is not).
pub fn builtin() -> Option<&'static Model> {
    static MODEL: OnceLock<Option<Model>> = OnceLock::new();
    MODEL.get_or_init(|| Model::from_bytes(BUILTIN).ok()).as_ref()
}

/// The four CoNLL entity types, in the order tags are numbered.
pub const KINDS: [EntityKind; 4] =
    [EntityKind::Person, EntityKind::Organization, EntityKind::Place, EntityKind::Other];

/// The CoNLL name of a type (`PER`, `ORG`, `LOC`, `MISC`).
pub fn conll_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "PER",
        EntityKind::Organization => "ORG",
        EntityKind::Place => "LOC",
        EntityKind::Other => "MISC",
    }
}

/// The type of a CoNLL name.
pub fn kind_from_conll(name: &str) -> Option<EntityKind> {
    KINDS.iter().copied().find(|&k| conll_name(k) == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_model_loads_and_tags_invented_news() {
        let m = builtin().expect("ner.model is committed and readable");
        assert_eq!(m.scheme(), Scheme::Bilou);
        let text = "Foreign Minister Amara Okafor flew to Lagos on Monday to meet officials of the Central Bank of Nigeria .";
        let toks: Vec<&str> = text.split(' ').collect();
        let spans = m.tag_document(std::slice::from_ref(&toks));
        let got: Vec<(String, &str)> =
            spans[0].iter().map(|s| (toks[s.start..s.end].join(" "), conll_name(s.kind))).collect();
        assert!(got.contains(&("Amara Okafor".to_string(), "PER")), "{got:?}");
        assert!(got.contains(&("Lagos".to_string(), "LOC")), "{got:?}");
        assert!(got.iter().any(|(t, k)| t.contains("Bank") && *k == "ORG"), "{got:?}");
    }
}
