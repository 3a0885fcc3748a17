//! Paragraph alignment between an original and a copy: which paragraphs were kept, reworded,
//! added or cut. Works on word sets, so honorifics, spelling variants and trims inside a
//! paragraph leave it aligned; a paragraph one outlet splits in two (or two it joins) is
//! aligned by containment, so a re-paragraphed reprint reads as changed, not rewritten.

use std::collections::HashSet;

use storyweave_model::Edits;
use storyweave_text::{fold, jaccard, words};

/// Word-set Jaccard at or above which two paragraphs are the same paragraph, edited.
const SAME_PARAGRAPH: f32 = 0.5;
/// Share of a paragraph's words found in another at or above which it is a piece of it.
const PIECE_OF: f32 = 0.8;
/// Fewer words than this say too little to be called a piece of anything.
const MIN_PIECE_WORDS: usize = 4;

fn contained(part: &HashSet<String>, whole: &HashSet<String>) -> bool {
    part.len() >= MIN_PIECE_WORDS && part.intersection(whole).count() as f32 >= PIECE_OF * part.len() as f32
}

fn word_set(p: &str) -> HashSet<String> {
    words(p).map(fold).collect()
}

/// Align `copy`'s paragraphs to `original`'s, greedily by best match, each used once.
pub fn align_paragraphs(
    original: &[String],
    copy: &[String],
    original_title: Option<&str>,
    copy_title: Option<&str>,
) -> Edits {
    let a: Vec<HashSet<String>> = original.iter().map(|p| word_set(p)).collect();
    let b: Vec<HashSet<String>> = copy.iter().map(|p| word_set(p)).collect();
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            let s = jaccard(x, y);
            if s >= SAME_PARAGRAPH {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut edits = Edits::default();
    for (_, i, j) in pairs {
        if used_a[i] || used_b[j] {
            continue;
        }
        used_a[i] = true;
        used_b[j] = true;
        let same = words(&original[i]).map(fold).eq(words(&copy[j]).map(fold));
        if same {
            edits.kept += 1;
        } else {
            edits.changed += 1;
        }
    }
    // Pieces: split paragraphs of the copy inside an original one, and original paragraphs the
    // copy joined into one of its own.
    for j in 0..b.len() {
        if !used_b[j] && (0..a.len()).any(|i| contained(&b[j], &a[i])) {
            used_b[j] = true;
            edits.changed += 1;
        }
    }
    for i in 0..a.len() {
        if !used_a[i] && (0..b.len()).any(|j| contained(&a[i], &b[j]) || contained(&b[j], &a[i])) {
            used_a[i] = true;
        }
    }
    edits.removed = used_a.iter().filter(|u| !**u).count();
    edits.added = used_b.iter().filter(|u| !**u).count();
    edits.title_changed = match (original_title, copy_title) {
        (Some(x), Some(y)) => !words(x).map(fold).eq(words(y).map(fold)),
        _ => false,
    };
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_split_paragraph_is_changed_not_added_and_removed() {
        let o = vec!["Alpha beta gamma delta epsilon zeta. Eta theta iota kappa lambda mu.".to_string()];
        let c = vec![
            "Alpha beta gamma delta epsilon zeta.".to_string(),
            "Eta theta iota kappa lambda mu.".to_string(),
        ];
        let e = align_paragraphs(&o, &c, None, None);
        assert_eq!((e.kept, e.changed, e.added, e.removed), (0, 2, 0, 0));
    }

    #[test]
    fn counts_kept_changed_added_removed() {
        let o = vec![
            "Alpha beta gamma delta epsilon.".to_string(),
            "Zeta eta theta iota kappa.".to_string(),
            "Lambda mu nu xi omicron.".to_string(),
        ];
        let c = vec![
            "Alpha beta gamma delta epsilon.".to_string(),
            "Mr Zeta eta theta iota kappa.".to_string(),
            "Something new entirely here.".to_string(),
        ];
        let e = align_paragraphs(&o, &c, Some("One title"), Some("Another title"));
        assert_eq!((e.kept, e.changed, e.added, e.removed, e.title_changed), (1, 1, 1, 1, true));
    }
}
