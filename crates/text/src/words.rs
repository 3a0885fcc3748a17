//! Word tokens and normalisation.

use unicode_segmentation::UnicodeSegmentation;

/// Word tokens of `text` (Unicode word boundaries; punctuation dropped), as written.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.unicode_words()
}

/// Word tokens with their byte offsets.
pub fn word_tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.unicode_word_indices()
}

/// Text with the stray spaces scraping leaves where an inline link or tag was removed taken out:
/// before a comma or full stop ("Putin , describing", "on Russia ."), before a possessive
/// ("Trump 's call"), and inside brackets ("( AP )"). Spaces other languages' typography puts
/// before `;`, `:`, `?` and `!` stay, and so do an ellipsis (" ...") and a decimal (" .5").
pub fn tidy_spacing(text: &str) -> std::borrow::Cow<'_, str> {
    // Whether the space at byte `i` goes.
    let stray = |i: usize| {
        let Some(before) = text[..i].chars().next_back().filter(|c| !c.is_whitespace()) else {
            return false;
        };
        let after = &text[i + 1..];
        let mut next = after.chars();
        match next.next() {
            _ if before == '(' => true,
            Some(')') => true,
            Some(',') => !next.next().is_some_and(|c| c.is_ascii_digit()),
            Some('.') => !next.next().is_some_and(|c| c.is_ascii_digit() || c == '.'),
            Some(q @ ('\'' | '’')) => {
                let rest = &after[q.len_utf8()..];
                before.is_alphanumeric()
                    && rest.starts_with(['s', 'S'])
                    && !rest[1..].starts_with(char::is_alphanumeric)
            }
            _ => false,
        }
    };
    let spaces: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).filter(|&i| stray(i)).collect();
    if spaces.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for i in spaces {
        out.push_str(&text[from..i]);
        from = i + 1;
    }
    out.push_str(&text[from..]);
    std::borrow::Cow::Owned(out)
}

/// Normalise a word for matching: lowercase, typographic apostrophes folded, diacritics of the
/// common Latin letters removed, possessive `'s` dropped.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// [`fold`] into a buffer the caller reuses (cleared first), for hot loops.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    fold_onto(word, out);
}

/// [`fold`] appended to `out`, what it holds kept: many words folded into one buffer.
pub fn fold_onto(word: &str, out: &mut String) {
    if word.bytes().all(|b| b.is_ascii() && b != b'`') {
        // Most words (and punctuation): nothing to fold but the case, done in place on the
        // copied bytes rather than pushed character by character.
        let start = out.len();
        out.push_str(word);
        out[start..].make_ascii_lowercase();
        if out[start..].ends_with("'s") {
            out.truncate(out.len() - 2);
        }
        return;
    }
    let start = out.len();
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '`' => out.push('\''),
            _ => {
                for l in c.to_lowercase() {
                    out.push(strip_accent(l));
                }
            }
        }
    }
    if out[start..].ends_with("'s") {
        out.truncate(out.len() - 2);
    }
}

/// `text.to_lowercase()`, quicker on text that is mostly ASCII with a few other characters
/// (curly quotes, dashes): runs of ASCII are lowered in place rather than character by character
/// as the standard library does after the first non-ASCII one. The same string: only a capital
/// sigma lowers by its context, and text holding one is handed to the standard library.
pub fn lowercase(text: &str) -> String {
    if text.contains('\u{3a3}') {
        return text.to_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| !b.is_ascii()).unwrap_or(rest.len());
        let start = out.len();
        out.push_str(&rest[..ascii]);
        out[start..].make_ascii_lowercase();
        rest = &rest[ascii..];
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_lowercase());
            rest = chars.as_str();
        }
    }
    out
}

fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'ł' => 'l',
        'ř' => 'r',
        'đ' => 'd',
        _ => c,
    }
}

/// FNV-1a, enough for shingles: stable across runs and platforms, unlike std's hasher.
fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hashes of the `k`-word shingles of `text` (folded words), in order, duplicates kept.
/// A text shorter than `k` words yields one shingle of all its words, so no text is invisible.
pub fn shingle_hashes(text: &str, k: usize) -> Vec<u64> {
    let toks: Vec<String> = words(text).map(fold).collect();
    hash_shingles(&toks, k)
}

/// [`shingle_hashes`] over words already split and folded: one hash per window of `k` tokens
/// (one of all of them when there are fewer), the `i`-th hash for the window starting at `i`.
pub fn hash_shingles<S: AsRef<str>>(tokens: &[S], k: usize) -> Vec<u64> {
    if tokens.is_empty() {
        return Vec::new();
    }
    let k = k.max(1).min(tokens.len());
    tokens
        .windows(k)
        .map(|w| {
            let mut h = 0u64;
            for (i, t) in w.iter().enumerate() {
                h = fnv1a(t.as_ref().as_bytes(), h.rotate_left(17) ^ i as u64);
            }
            h
        })
        .collect()
}

/// A crude English suffix stripper for a folded word: enough for "killed"/"killing" -> "kill",
/// "talks" -> "talk"; "gas" stays.
pub fn strip_inflection(w: &str) -> String {
    for suffix in ["ing", "ed", "es", "s"] {
        if let Some(base) = w.strip_suffix(suffix) {
            if base.chars().count() >= 3 && !base.ends_with('s') {
                return base.to_string();
            }
        }
    }
    w.to_string()
}

/// The legal form that may close a company's name ("Inc.", "Corp", "Ltd", "GmbH").
pub fn is_legal_form(word: &str) -> bool {
    let w = fold(word);
    matches!(
        w.trim_end_matches(['.', ',']),
        "inc"
            | "corp"
            | "co"
            | "corporation"
            | "incorporated"
            | "ltd"
            | "limited"
            | "llc"
            | "plc"
            | "ag"
            | "sa"
            | "gmbh"
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn tidy_spacing_takes_out_what_removed_links_leave() {
        assert_eq!(
            tidy_spacing("met Putin , describing it as a step ."),
            "met Putin, describing it as a step."
        );
        assert_eq!(tidy_spacing("Trump 's call and Kyiv ’s reply"), "Trump's call and Kyiv’s reply");
        assert_eq!(tidy_spacing("the agency ( AP ) said"), "the agency (AP) said");
        // Kept: French spacing, an ellipsis, a decimal, a quoted word, two spaces, spaces alone.
        for kept in [
            "Attention : il pleut ; vraiment ?",
            "and so on ...",
            "a rate of .5 percent",
            "the 'sixties",
            "a  , b",
            " , ",
            "plain text",
        ] {
            assert_eq!(tidy_spacing(kept), kept);
        }
        assert!(matches!(tidy_spacing("plain text"), std::borrow::Cow::Borrowed(_)));
    }

    use super::*;

    #[test]
    fn lowercase_matches_the_standard_library() {
        for t in [
            "",
            "Plain ASCII, Mixed CASE 123.",
            "“Quoted,” she SAID — then left…",
            "ÉLAN Straße İstanbul \u{212A}elvin ǅ",
            "ΟΔΟΣ ΣΑΣ Σ",
            "Москва СЕГОДНЯ",
            "e\u{301} 北京 🚨",
        ] {
            assert_eq!(lowercase(t), t.to_lowercase(), "{t}");
        }
    }

    #[test]
    fn inflections_are_stripped_crudely() {
        assert_eq!(strip_inflection("killed"), "kill");
        assert_eq!(strip_inflection("killing"), "kill");
        assert_eq!(strip_inflection("talks"), "talk");
        assert_eq!(strip_inflection("gas"), "gas");
    }

    #[test]
    fn folds_case_apostrophes_and_accents() {
        assert_eq!(fold("Trump’s"), "trump");
        assert_eq!(fold("Zelenskyy"), "zelenskyy");
        assert_eq!(fold("Sánchez"), "sanchez");
    }

    #[test]
    fn folding_onto_a_buffer_keeps_what_it_holds() {
        let mut out = String::from("x's");
        fold_onto("Trump’s", &mut out);
        fold_onto("'s", &mut out);
        assert_eq!(out, "x'strump");
    }

    #[test]
    fn ascii_words_fold_as_character_by_character() {
        // The character-by-character reading the ASCII path stands in for.
        let slow = |w: &str| {
            let mut out: String =
                w.chars().map(|c| if c == '`' { '\'' } else { c.to_ascii_lowercase() }).collect();
            if out.ends_with("'s") {
                out.truncate(out.len() - 2);
            }
            out
        };
        for w in ["Trump's", "U.S.", "``", "Don`s", "'S", "a'S", ",", "--", "AT&T", "'s", "", "x`s`"] {
            assert_eq!(fold(w), slow(w), "{w}");
        }
    }

    #[test]
    fn shingles_are_stable_and_order_sensitive() {
        let a = shingle_hashes("the quick brown fox", 3);
        assert_eq!(a.len(), 2);
        assert_eq!(a, shingle_hashes("The quick, brown fox!", 3));
        assert_ne!(a, shingle_hashes("quick the brown fox", 3));
        assert_eq!(shingle_hashes("two words", 3).len(), 1);
        assert!(shingle_hashes("", 3).is_empty());
    }
}
