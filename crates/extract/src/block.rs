//! Blocks: the unit the classifier labels. A block is one line of a text scrape or one block
//! element of an HTML page, with the features the classifier reads.

use storyweave_text::{fold_into, words};

/// Where an HTML block sits, as far as boilerplate goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Container {
    /// Ordinary content.
    #[default]
    Content,
    /// Inside nav, header, menus, breadcrumbs.
    Navigation,
    /// Inside footer.
    Footer,
    /// Inside aside, related, recommended, sidebars.
    Related,
    /// Share bars, social widgets.
    Social,
    /// Comments, newsletter and subscription boxes, ads, forms.
    Widget,
    /// figcaption and credit elements.
    Caption,
    /// Author boxes: the writer's name, picture and bio.
    Author,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    pub text: String,
    /// 1-based line in the text input.
    pub line: Option<usize>,
    /// A list item: a bullet in text, `<li>` in HTML.
    pub bullet: bool,
    /// An `<h1>`..`<h6>` element (HTML) — the level.
    pub heading: Option<u8>,
    pub container: Container,
    /// Share of the block's characters inside links (HTML).
    pub link_density: f32,
    /// A blank line (text) or a section boundary (HTML) precedes this block.
    pub after_gap: bool,
    /// Serial numbers of the enclosing elements, outermost first (HTML; empty for text).
    pub ancestors: Vec<u32>,
}

/// Numbers the classifier derives from a block's text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Features {
    pub words: usize,
    /// Share of words that start with a capital: high in menus and title-case headlines.
    pub capital_ratio: f32,
    /// Characters, for scripts that do not separate words with spaces.
    pub chars: usize,
    /// Ends like a sentence (full stop, question mark, closing quote...).
    pub terminal: bool,
}

impl Block {
    /// The block's features and its key: a hash of its folded words, equal for blocks that
    /// read the same whatever their case, accents and punctuation. One pass over the words;
    /// `buf` is scratch space the caller reuses.
    pub fn analyse(&self, buf: &mut String) -> (Features, u64) {
        let mut n = 0usize;
        let mut capitals = 0usize;
        let mut key = FNV_OFFSET;
        let mut word = |w: &str| {
            n += 1;
            if w.chars().next().is_some_and(char::is_uppercase) {
                capitals += 1;
            }
            // A word of ASCII letters and digits folds to its lower case alone: no copy.
            if w.bytes().all(|b| b.is_ascii_alphanumeric()) {
                for b in w.bytes() {
                    key = (key ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(FNV_PRIME);
                }
            } else {
                fold_into(w, buf);
                for &b in buf.as_bytes() {
                    key = (key ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                }
            }
            key = (key ^ 0xff).wrapping_mul(FNV_PRIME);
        };
        text_words(&self.text, &mut word);
        let last = self.text.trim_end().chars().last();
        // The full-width marks end sentences in Chinese and Japanese.
        let terminal = matches!(
            last,
            Some('.' | '!' | '?' | '”' | '"' | '’' | '…' | ':' | '。' | '！' | '？' | '」' | '』')
        ) || (matches!(last, Some('\'' | ')')) && self.text.trim_end().len() > 80);
        let d = n.max(1) as f32;
        let f = Features {
            words: n,
            capital_ratio: capitals as f32 / d,
            chars: self.text.chars().count(),
            terminal,
        };
        (f, key)
    }
}

/// FNV-1a: a block key needs no defence against crafted collisions, only speed.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// The words of a text, exactly as `storyweave_text::words` finds them, with its Unicode
/// tables read only where a space-separated chunk holds a non-ASCII character. Segmentation
/// always breaks before a space and after one unless an extending mark follows, which no ASCII
/// character is; so an ASCII chunk is segmented on its own, and a non-ASCII one together with
/// the spaces before it (the mark, if any, stays with them).
fn text_words<'a>(text: &'a str, f: &mut impl FnMut(&'a str)) {
    if text.is_ascii() {
        return ascii_words(text, f);
    }
    let b = text.as_bytes();
    // Start of the spaces before the current chunk, and of the chunk itself.
    let mut spaces = 0;
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        let start = i;
        let end = memchr::memchr(b' ', &b[i..]).map_or(b.len(), |k| i + k);
        let chunk = &text[start..end];
        if chunk.is_ascii() {
            ascii_words(chunk, f);
        } else {
            let core = chunk.trim_matches(is_edge_mark);
            if core.chars().all(is_latin_word_char) {
                // Letters and digits join into one word; the marks around them join nothing.
                if !core.is_empty() {
                    f(core);
                }
            } else {
                words(&text[spaces..end]).for_each(&mut *f);
            }
        }
        spaces = end;
        i = end;
    }
}

/// Punctuation that joins no word at the edge of a space-separated chunk: ASCII punctuation
/// bar `_` (which joins letters to what follows), and typographic quotes.
fn is_edge_mark(c: char) -> bool {
    (c.is_ascii_punctuation() && c != '_') || matches!(c, '“' | '”' | '‘' | '’' | '„' | '«' | '»')
}

/// Characters that, side by side, always make one word: ASCII letters and digits and the
/// letters of Latin-1 and Latin Extended-A and -B (word-break class ALetter).
fn is_latin_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '\u{c0}'..='\u{24f}' if c != '×' && c != '÷')
}

/// The words of an ASCII text, exactly as Unicode word segmentation (UAX #29, as
/// `storyweave_text::words`) finds them, without its tables: runs of letters, digits and `_`,
/// joined across `.` `'` `:` between letters and across `.` `'` `,` `;` between digits
/// ("e.g", "don't", "3.5", "1,000"), and kept when they hold a letter or digit.
fn ascii_words<'a>(text: &'a str, f: &mut impl FnMut(&'a str)) {
    let b = text.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if !word(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < b.len() && word(b[i]) {
                i += 1;
            }
            // A middle character joins two letters or two digits.
            let (Some(&mid), Some(&next)) = (b.get(i), b.get(i + 1)) else { break };
            let prev = b[i - 1];
            let letters = prev.is_ascii_alphabetic()
                && next.is_ascii_alphabetic()
                && matches!(mid, b'.' | b'\'' | b':');
            let digits =
                prev.is_ascii_digit() && next.is_ascii_digit() && matches!(mid, b'.' | b'\'' | b',' | b';');
            if !(letters || digits) {
                break;
            }
            i += 1;
        }
        if b[start..i].iter().any(u8::is_ascii_alphanumeric) {
            f(&text[start..i]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_words_match_unicode_segmentation() {
        let mut fixed = vec![
            "e.g. U.S. don't 3.5 1,000,000 a:b 1;2 a_b __ _a 9a a9 x.1 1.x rock 'n' roll",
            "end. 'quoted' a.. ..a 1,,2 a'' ''a a.b.c 3.5.7 -4 x@y.com http://a.b/c?d=1&e_f",
            "",
            "   ",
            "'",
        ]
        .into_iter()
        .map(String::from)
        .collect::<Vec<_>>();
        // Plus pseudo-random strings over the characters the rules care about.
        let alphabet = b"aZ09_.,;:' -!x\"";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..3_000 {
            let len = (seed % 14) as usize;
            let s: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    char::from(alphabet[(seed % alphabet.len() as u64) as usize])
                })
                .collect();
            fixed.push(s);
        }
        for s in &fixed {
            let mut ours = Vec::new();
            ascii_words(s, &mut |w| ours.push(w));
            let theirs: Vec<&str> = words(s).collect();
            assert_eq!(ours, theirs, "{s:?}");
        }
    }

    #[test]
    fn text_words_match_unicode_segmentation() {
        let mut fixed: Vec<String> = [
            "naïve café’s “quoted” don’t 3.5 — x",
            " \u{301}a b\u{301} c \u{200d}d e\u{200b} f  \u{93e}g",
            "日本語 の テキスト abc. 東京 x.y",
            "🇫🇷🇩🇪 🇫 🇷 a\u{200d}🙂 b",
            "",
            "  é  ",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        // Plus pseudo-random strings mixing ASCII with marks, joiners, letters and ideographs.
        let alphabet = [
            'a', '9', '.', '\'', ' ', ' ', ',', 'é', '\u{301}', '\u{200d}', '’', '語', 'я', '🇫', '_', ':',
            '“', '”', '„', '«', '(', 'ß', 'ø', '×', 'ǅ', '—', '‘', '-', '$', '\u{200b}',
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..5_000 {
            let len = (seed % 16) as usize;
            let s: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            fixed.push(s);
        }
        // Every Latin letter of the fast path, between and beside letters, digits and marks.
        for c in '\u{c0}'..='\u{24f}' {
            fixed.push(format!("{c} a{c} {c}1 ({c}b) 9{c}’ é{c}_x {c}.{c}"));
        }
        for s in &fixed {
            let mut ours = Vec::new();
            text_words(s, &mut |w| ours.push(w));
            let theirs: Vec<&str> = words(s).collect();
            assert_eq!(ours, theirs, "{s:?}");
        }
    }
}
