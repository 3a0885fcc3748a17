//! Word tokens with byte offsets, shaped for names and numbers in news prose: internal apostrophes
//! and hyphens stay inside a word ("O'Brien", "Elmendorf-Richardson"), initials, abbreviations and
//! dotted acronyms keep their full stop ("J.", "Mr.", "U.S."), digits keep their separators
//! ("1,000", "2.5"), and a possessive "'s" is split off (but remembered).

/// One word of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset after the word, possessive excluded.
    pub end: usize,
    /// Byte offset after the word, possessive included.
    pub full_end: usize,
    /// The word, possessive excluded.
    pub text: &'a str,
    /// The word carried a possessive ("Trump's", "leaders'").
    pub possessive: bool,
}

impl Token<'_> {
    /// Whether the first character is upper case.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether the first character is lower case.
    pub fn is_lowercase(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_lowercase)
    }

    /// The word lower-cased, typographic apostrophes and accents folded, trailing full stop
    /// dropped ("Mr." -> "mr").
    pub fn folded(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        self.fold_onto(&mut out);
        out
    }

    /// Append [`Token::folded`] to `out`.
    pub fn fold_onto(&self, out: &mut String) {
        let start = out.len();
        // Fast path for the common all-ASCII word; same result as `fold`.
        if self.text.is_ascii() {
            out.push_str(self.text);
            out[start..].make_ascii_lowercase();
            if out[start..].ends_with("'s") {
                out.truncate(out.len() - 2);
            }
            if out[start..].ends_with('.') {
                out.pop();
            }
            return;
        }
        // Folded straight onto `out`: no string of its own a word.
        storyweave_text::fold_onto(self.text, out);
        if out[start..].ends_with('.') {
            out.pop();
        }
    }
}

/// The folded forms of `toks` ([`Token::folded`]), written one after another into `buf` (cleared
/// first) and handed out as slices of it: one allocation for a sentence rather than one a word.
pub(crate) fn fold_all<'b>(toks: &[Token], buf: &'b mut String) -> Vec<&'b str> {
    buf.clear();
    let mut ends = Vec::with_capacity(toks.len());
    for t in toks {
        t.fold_onto(buf);
        ends.push(buf.len());
    }
    let buf: &'b str = buf;
    let mut start = 0;
    ends.into_iter()
        .map(|end| {
            let w = &buf[start..end];
            start = end;
            w
        })
        .collect()
}

/// A text's tokens with their folded forms, worked out once for the stages that each read them
/// (a sentence is read several times over while its quotes are looked for).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tokenised<'a> {
    pub toks: Vec<Token<'a>>,
    /// The text with its ASCII letters lower-cased, then the folded forms of the tokens that are
    /// not ASCII one after another.
    folded: String,
    /// Each token's folded form as a byte range of `folded`.
    spans: Vec<(usize, usize)>,
}

impl<'a> Tokenised<'a> {
    pub fn new(text: &'a str) -> Tokenised<'a> {
        let toks = tokens(text);
        // An ASCII word's folded form is its stretch of the lower-cased text, less a trailing
        // "'s" and then a full stop (as [`Token::fold_onto`] cuts them): one copy of the text
        // rather than one a word.
        let mut folded = String::with_capacity(text.len() + text.len() / 8);
        folded.push_str(text);
        folded.make_ascii_lowercase();
        let spans = toks
            .iter()
            .map(|t| {
                if t.text.is_ascii() {
                    let b = t.text.as_bytes();
                    let mut n = b.len();
                    if n >= 2 && b[n - 2] == b'\'' && matches!(b[n - 1], b's' | b'S') {
                        n -= 2;
                    }
                    if n >= 1 && b[n - 1] == b'.' {
                        n -= 1;
                    }
                    (t.start, t.start + n)
                } else {
                    let start = folded.len();
                    t.fold_onto(&mut folded);
                    (start, folded.len())
                }
            })
            .collect();
        Tokenised { toks, folded, spans }
    }

    /// The folded forms ([`Token::folded`]), one a token.
    pub fn words(&self) -> Vec<&str> {
        self.spans.iter().map(|&(a, b)| self.folded.get(a..b).unwrap_or_default()).collect()
    }
}

/// Abbreviations whose full stop belongs to the word.
const DOT_WORDS: &[&str] = &[
    "adm", "capt", "cmdr", "col", "cpl", "dr", "fr", "ft", "gen", "gov", "hon", "insp", "jr", "lt", "maj",
    "messrs", "mr", "mrs", "ms", "mt", "no", "pres", "prof", "rep", "rev", "sen", "sgt", "sr", "st", "supt",
    "vs",
];

/// Whether `word` lower-cased is one of [`DOT_WORDS`]; an ASCII word is compared as it stands.
fn is_dot_word(word: &str) -> bool {
    if word.is_ascii() {
        DOT_WORDS.iter().any(|d| d.eq_ignore_ascii_case(word))
    } else {
        DOT_WORDS.contains(&word.to_lowercase().as_str())
    }
}

/// Typographic marks news text is full of (no-break space, dashes, quotes, ellipsis, bullets),
/// none of them a letter or digit: known without the Unicode tables.
fn is_typographic(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205e}')
}

/// Letters of the Latin and Cyrillic blocks: known without the Unicode tables, whose slow
/// lookup every character of a Russian or accented word otherwise reaches.
fn is_block_letter(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{2af}' | '\u{400}'..='\u{481}' | '\u{48a}'..='\u{52f}')
}

/// [`char::is_alphanumeric`], quicker for ASCII, Latin and Cyrillic letters and typographic
/// marks.
fn alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_block_letter(c) || (!is_typographic(c) && c.is_alphanumeric())
    }
}

/// [`char::is_alphabetic`], quicker for ASCII, Latin and Cyrillic letters and typographic marks.
pub(crate) fn alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        is_block_letter(c) || (!is_typographic(c) && c.is_alphabetic())
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// The words of `text`, in order.
pub(crate) fn tokens(text: &str) -> Vec<Token<'_>> {
    // Walked by byte offset, decoding each character where it is looked at: no buffer of the
    // characters (this runs several times on every sentence). An ASCII byte is its character.
    let bytes = text.as_bytes();
    let at = |p: usize| match bytes.get(p) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text.get(p..).and_then(|s| s.chars().next()),
        None => None,
    };
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    while let Some(c) = at(i) {
        if !alnum(c) {
            i += c.len_utf8();
            continue;
        }
        let mut j = i + c.len_utf8();
        // The character before `j`.
        let mut prev = c;
        // Length of the current dot-separated segment, for "U.S." style acronyms.
        let mut segment = 1usize;
        while let Some(c) = at(j) {
            let after = j + c.len_utf8();
            // The character after, read only where a mark inside a word needs it.
            let next = || at(after);
            let inside = alnum(c)
                || matches!(c, '\u{300}'..='\u{36f}')
                || (is_apostrophe(c) && alpha(prev) && next().is_some_and(alpha))
                || (is_hyphen(c) && alnum(prev) && next().is_some_and(alnum))
                || (matches!(c, '.' | ',')
                    && prev.is_ascii_digit()
                    && next().is_some_and(|n| n.is_ascii_digit()));
            let acronym_dot = || {
                c == '.'
                    && segment == 1
                    && alpha(prev)
                    && next().is_some_and(|n| alpha(n) && at(after + n.len_utf8()) == Some('.'))
            };
            if inside {
                segment += 1;
            } else if acronym_dot() {
                segment = 0;
            } else {
                break;
            }
            prev = c;
            j = after;
        }
        // A trailing full stop that belongs to the word: initials, abbreviations, acronyms.
        let word = &text[i..j];
        if at(j) == Some('.') {
            let mut wc = word.chars();
            let single_capital = matches!((wc.next(), wc.next()), (Some(f), None) if f.is_uppercase());
            let dotted = word.contains('.') && !word.chars().any(|c| c.is_ascii_digit());
            if single_capital || dotted || is_dot_word(word) {
                j += 1;
            }
        }
        let (start, full_end) = (i, j);
        let full = &text[start..full_end];
        let (end, possessive) = possessive_split(full);
        let mut tok = Token { start, end: start + end, full_end, text: &full[..end], possessive };
        // "leaders'" : an apostrophe after a plural, not followed by a letter.
        if let Some(a) = at(j).filter(|&a| is_apostrophe(a)) {
            if !tok.possessive && full.ends_with(['s', 'S']) && !at(j + a.len_utf8()).is_some_and(alnum) {
                tok.possessive = true;
                tok.full_end = j + a.len_utf8();
            }
        }
        out.push(tok);
        i = j;
    }
    out
}

/// Length of `word` without a possessive "'s", and whether it had one.
fn possessive_split(word: &str) -> (usize, bool) {
    for suffix in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if !stem.is_empty() {
                return (stem.len(), true);
            }
        }
    }
    (word.len(), false)
}

/// Largest char boundary of `s` at or below `i`.
pub(crate) fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokens(s).iter().map(|t| t.text).collect()
    }

    #[test]
    fn keeps_names_together() {
        assert_eq!(
            texts("Mr. O'Brien met Jean-Luc Picard."),
            vec!["Mr.", "O'Brien", "met", "Jean-Luc", "Picard"]
        );
        assert_eq!(
            texts("Donald J. Trump flew to the U.S. today"),
            vec!["Donald", "J.", "Trump", "flew", "to", "the", "U.S.", "today"]
        );
    }

    #[test]
    fn splits_possessives() {
        let t = tokens("Okafor’s plan and the leaders' talks");
        assert_eq!(t[0].text, "Okafor");
        assert!(t[0].possessive);
        assert_eq!(t[0].full_end, "Okafor’s".len());
        assert!(t[4].possessive);
        assert_eq!(t[4].text, "leaders");
    }

    #[test]
    fn numbers_keep_separators() {
        assert_eq!(texts("about 1,000 miles, 2.5 hours"), vec!["about", "1,000", "miles", "2.5", "hours"]);
    }

    #[test]
    fn folding_matches_the_text_crate() {
        for w in [
            "Trump's",
            "Mr.",
            "U.S.",
            "O'Brien",
            "Zelenskyy",
            "Sánchez",
            "Okafor’s",
            "he'll",
            "'s",
            "IT'S",
            "A.'S",
            "x's.",
            ".",
            "s",
            "Жуков",
            "'S.",
        ] {
            let t = Token { start: 0, end: w.len(), full_end: w.len(), text: w, possessive: false };
            let slow = storyweave_text::words::fold(w);
            let slow = slow.strip_suffix('.').map_or(slow.clone(), str::to_string);
            assert_eq!(t.folded(), slow, "{w}");
        }
    }

    #[test]
    fn folding_a_sentence_at_once_matches_word_by_word() {
        let text = "Mr. Okafor’s aides SAID the U.S. plan's cost, 2.5 billion, was Sánchez's idea.";
        let toks = tokens(text);
        let mut buf = String::from("left over");
        let all = fold_all(&toks, &mut buf);
        let one_by_one: Vec<String> = toks.iter().map(Token::folded).collect();
        assert_eq!(all, one_by_one);
        assert_eq!(all[0], "mr");
        assert!(fold_all(&[], &mut String::new()).is_empty());
        let cached = Tokenised::new(text);
        assert_eq!(cached.toks, toks);
        assert_eq!(cached.words(), all);
        for text in ["IT'S Ms. O'Brien's U.S.'S plan.", "Жуков's “Sánchez.” A.'S x's. 'S.", "’s é. Mr.'s"]
        {
            let toks = tokens(text);
            let one_by_one: Vec<String> = toks.iter().map(Token::folded).collect();
            assert_eq!(Tokenised::new(text).words(), one_by_one, "{text}");
        }
        assert!(Tokenised::new("").words().is_empty());
    }

    #[test]
    fn typographic_marks_are_neither_letters_nor_digits() {
        for c in ('\u{80}'..='\u{2100}').filter(|&c| is_typographic(c)) {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
        for c in ('\u{80}'..='\u{3000}').filter(|&c| is_block_letter(c)) {
            assert!(c.is_alphabetic(), "{c:?}");
        }
        for c in ['a', 'Z', '7', '-', ' ', 'é', '’', '—', '٣', 'ⁱ', '北', 'ж', 'Я', '×', '÷', '҂', '\u{483}']
        {
            assert_eq!(alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(alpha(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in ["", "'", "’s", "a.", "U.", "—", "x'", "é́", "1,", ".5", "'''s"] {
            let _ = tokens(s);
        }
    }
}
