//! English stop words: function words that carry no topic.

use std::sync::OnceLock;

const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "d",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "just",
    "ll",
    "m",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "re",
    "s",
    "said",
    "same",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "t",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "upon",
    "us",
    "ve",
    "very",
    "was",
    "wasn",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "won",
    "would",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// The English stop words, folded, sorted.
pub fn stopwords() -> &'static [&'static str] {
    STOPWORDS
}

/// Whether a folded (lowercase) word is an English stop word.
pub fn is_stopword(folded: &str) -> bool {
    // Called for nearly every word of every sentence: a search of only the words that share the
    // first byte is a few comparisons instead of eight.
    let Some(&first) = folded.as_bytes().first() else { return false };
    let table = table();
    let (a, b) = table.ranges[usize::from(first)];
    // Compared as integers, not strings (no call to compare bytes each step).
    let Some(key) = packed(folded) else { return false };
    table.packed[usize::from(a)..usize::from(b)].binary_search(&key).is_ok()
}

/// [`STOPWORDS`] as [`is_stopword`] reads them, built once.
struct Table {
    /// Per first byte, the range of the list starting with it.
    ranges: [(u16, u16); 256],
    /// The words [`packed`], in the list's order.
    packed: Vec<u128>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| Table {
        ranges: by_first_byte(),
        packed: STOPWORDS.iter().filter_map(|w| packed(w)).collect(),
    })
}

/// A word of at most 16 bytes, none of them zero, as an integer: its bytes big-endian, zeros
/// after. Such integers sort as the words do. `None` for a longer word or one holding a zero
/// byte, which no stop word is.
fn packed(word: &str) -> Option<u128> {
    if word.len() > 16 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (slot, &b) in bytes.iter_mut().zip(word.as_bytes()) {
        if b == 0 {
            return None;
        }
        *slot = b;
    }
    Some(u128::from_be_bytes(bytes))
}

/// Per first byte, the range of [`STOPWORDS`] starting with it (the list is sorted).
fn by_first_byte() -> [(u16, u16); 256] {
    let mut ranges = [(0u16, 0u16); 256];
    for (i, w) in STOPWORDS.iter().enumerate() {
        let Some(&b) = w.as_bytes().first() else { continue };
        let r = &mut ranges[usize::from(b)];
        if r.0 == r.1 {
            *r = (i as u16, i as u16);
        }
        r.1 = i as u16 + 1;
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_for_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOPWORDS);
    }

    #[test]
    fn finds_stop_words() {
        assert!(is_stopword("the"));
        assert!(!is_stopword("putin"));
        assert!(!is_stopword(""));
        // Every listed word is found, and nothing around it.
        for w in STOPWORDS {
            assert!(is_stopword(w), "{w}");
            assert!(!is_stopword(&format!("{w}q")), "{w}q");
            assert!(!is_stopword(&format!("{w}\0")), "{w}\\0");
        }
        // Every stop word packs, so the packed list lines up with the words.
        assert_eq!(table().packed.len(), STOPWORDS.len());
        assert!(!is_stopword("abcdefghijklmnopq"));
    }
}
