//! Word sets: the content words of a text and the Jaccard similarity of two sets, which the
//! dedup, reconcile and brief stages all compare texts by.

use std::collections::HashSet;
use std::hash::Hash;

use crate::{fold, is_stopword, words};

/// Content words of a text: folded, no stop words, no numbers, at least three letters.
pub fn content_words(text: &str) -> HashSet<String> {
    words(text)
        .map(fold)
        .filter(|w| w.chars().count() >= 3 && !is_stopword(w) && !w.chars().any(|c| c.is_ascii_digit()))
        .collect()
}

/// Jaccard similarity of two sets; 0 when both are empty.
pub fn jaccard<T: Eq + Hash>(a: &HashSet<T>, b: &HashSet<T>) -> f32 {
    let inter = a.intersection(b).count() as f32;
    let union = (a.len() + b.len()) as f32 - inter;
    if union == 0.0 {
        0.0
    } else {
        inter / union
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_and_jaccard() {
        let a = content_words("The mayor opened the new bridge in 2026.");
        assert_eq!(
            a,
            HashSet::from([
                "mayor".to_string(),
                "opened".to_string(),
                "new".to_string(),
                "bridge".to_string()
            ])
        );
        let b = content_words("A bridge was opened by the mayor.");
        assert!((jaccard(&a, &b) - 0.75).abs() < 1e-6);
        assert_eq!(jaccard::<String>(&HashSet::new(), &HashSet::new()), 0.0);
    }
}
