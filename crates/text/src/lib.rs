//! Text utilities shared by storyweave's stages: word tokens, normalisation, sentence splitting,
//! stop words, shingle hashing, a hasher for id keys and date parsing. Pure functions, no I/O.

pub mod dates;
pub mod ids;
pub mod sentences;
pub mod sets;
pub mod stopwords;
pub mod words;

pub use ids::{IdHasher, IdMap, IdSet};
pub use sentences::split_sentences;
pub use sets::{content_words, jaccard};
pub use stopwords::is_stopword;
pub use words::{
    fold, fold_into, fold_onto, hash_shingles, is_legal_form, lowercase, shingle_hashes, strip_inflection,
    word_tokens, words,
};
