//! Paragraph alignment between an original and a copy: which paragraphs were kept, reworded,
//! added or cut. Works on word sets, so honorifics, spelling variants and trims inside a
//! paragraph leave it aligned; a paragraph one outlet splits in two (or two it joins) is
//! aligned by containment, so a re-paragraphed reprint reads as changed, not rewritten.

use storyweave_model::Edits;

use crate::sketch::mix;
use crate::word_hashes;

/// Word-set Jaccard at or above which two paragraphs are the same paragraph, edited.
const SAME_PARAGRAPH: f32 = 0.5;
/// Share of a paragraph's words found in another at or above which it is a piece of it.
const PIECE_OF: f32 = 0.8;
/// Fewer words than this say too little to be called a piece of anything.
const MIN_PIECE_WORDS: usize = 4;

/// A paragraph as alignment sees it: its distinct folded words (hashed, sorted) and a hash of
/// the whole folded word sequence, which equal paragraphs share.
struct Paragraph {
    words: Vec<u64>,
    sequence: u64,
    /// Words, repeats included.
    len: usize,
}

impl Paragraph {
    /// From the paragraph's word hashes, in text order.
    fn new(hashes: &[u64]) -> Paragraph {
        let sequence = hashes.iter().fold(0u64, |acc, &h| mix(acc ^ h));
        let mut words = hashes.to_vec();
        words.sort_unstable();
        words.dedup();
        Paragraph { words, sequence, len: hashes.len() }
    }
}

/// The word hashes of `text`, as the dedup stage hashes an article's words.
fn hashed(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    word_hashes(text, &mut String::new(), &mut out);
    out
}

/// Words two sorted, deduplicated lists share.
pub(crate) fn shared(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn jaccard(a: &[u64], b: &[u64]) -> f32 {
    let n = shared(a, b);
    let union = a.len() + b.len() - n;
    if union == 0 {
        1.0
    } else {
        n as f32 / union as f32
    }
}

fn contained(part: &[u64], whole: &[u64]) -> bool {
    part.len() >= MIN_PIECE_WORDS && shared(part, whole) as f32 >= PIECE_OF * part.len() as f32
}

/// Align `copy`'s paragraphs to `original`'s, greedily by best match, each used once.
pub fn align_paragraphs(
    original: &[String],
    copy: &[String],
    original_title: Option<&str>,
    copy_title: Option<&str>,
) -> Edits {
    align(original, copy, original_title, copy_title).edits
}

/// An alignment: the edits, and how much of each side's text lies in aligned paragraphs.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    pub edits: Edits,
    /// Share of the original's words in paragraphs aligned with the copy.
    pub original_share: f32,
    /// Share of the copy's words in paragraphs aligned with the original.
    pub copy_share: f32,
    /// Words of the original and of the copy.
    pub original_words: usize,
    pub copy_words: usize,
}

/// [`align_paragraphs`], with the shares of text aligned.
pub(crate) fn align(
    original: &[String],
    copy: &[String],
    original_title: Option<&str>,
    copy_title: Option<&str>,
) -> Alignment {
    let mut buf = String::new();
    let mut paragraphs = |texts: &[String]| -> Vec<Paragraph> {
        let mut hashes = Vec::new();
        texts
            .iter()
            .map(|t| {
                hashes.clear();
                word_hashes(t, &mut buf, &mut hashes);
                Paragraph::new(&hashes)
            })
            .collect()
    };
    let (a, b) = (paragraphs(original), paragraphs(copy));
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut edits = Edits::default();
    // Paragraphs printed unchanged, the bulk of a reprint, pair up by their sequence hash first,
    // so that only the rest is compared word set by word set.
    let mut by_sequence: Vec<(u64, usize)> = b.iter().enumerate().map(|(j, y)| (y.sequence, j)).collect();
    by_sequence.sort_unstable();
    for (i, x) in a.iter().enumerate() {
        let from = by_sequence.partition_point(|&(h, _)| h < x.sequence);
        let same = by_sequence[from..].iter().take_while(|&&(h, _)| h == x.sequence);
        if let Some(&(_, j)) = same.filter(|&&(_, j)| !used_b[j]).min_by_key(|&&(_, j)| j) {
            used_a[i] = true;
            used_b[j] = true;
            edits.kept += 1;
        }
    }
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for (i, x) in a.iter().enumerate().filter(|(i, _)| !used_a[*i]) {
        for (j, y) in b.iter().enumerate().filter(|(j, _)| !used_b[*j]) {
            // A Jaccard of at least one half needs the smaller set to be at least half the larger.
            let (small, large) = (x.words.len().min(y.words.len()), x.words.len().max(y.words.len()));
            if (small as f32) < SAME_PARAGRAPH * large as f32 {
                continue;
            }
            let s = jaccard(&x.words, &y.words);
            if s >= SAME_PARAGRAPH {
                pairs.push((s, i, j));
            }
        }
    }
    pairs.sort_by(|p, q| q.0.total_cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2)));
    for (_, i, j) in pairs {
        if used_a[i] || used_b[j] {
            continue;
        }
        used_a[i] = true;
        used_b[j] = true;
        if a[i].sequence == b[j].sequence {
            edits.kept += 1;
        } else {
            edits.changed += 1;
        }
    }
    // Pieces: split paragraphs of the copy inside an original one, and original paragraphs the
    // copy joined into one of its own.
    for j in 0..b.len() {
        if !used_b[j] && (0..a.len()).any(|i| contained(&b[j].words, &a[i].words)) {
            used_b[j] = true;
            edits.changed += 1;
        }
    }
    for i in 0..a.len() {
        if !used_a[i]
            && (0..b.len())
                .any(|j| contained(&a[i].words, &b[j].words) || contained(&b[j].words, &a[i].words))
        {
            used_a[i] = true;
        }
    }
    edits.removed = used_a.iter().filter(|u| !**u).count();
    edits.added = used_b.iter().filter(|u| !**u).count();
    edits.title_changed = match (original_title, copy_title) {
        (Some(x), Some(y)) => Paragraph::new(&hashed(x)).sequence != Paragraph::new(&hashed(y)).sequence,
        _ => false,
    };
    let share = |ps: &[Paragraph], used: &[bool]| -> (f32, usize) {
        let all: usize = ps.iter().map(|p| p.len).sum();
        let aligned: usize = ps.iter().zip(used).filter(|(_, u)| **u).map(|(p, _)| p.len).sum();
        (aligned as f32 / all.max(1) as f32, all)
    };
    let (original_share, original_words) = share(&a, &used_a);
    let (copy_share, copy_words) = share(&b, &used_b);
    Alignment { edits, original_share, copy_share, original_words, copy_words }
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
