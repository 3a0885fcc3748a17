//! Blocks: the unit the classifier labels. A block is one line of a text scrape or one block
//! element of an HTML page, with the features the classifier reads.

use std::hash::{DefaultHasher, Hasher};

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
        let mut key = DefaultHasher::new();
        for w in words(&self.text) {
            n += 1;
            if w.chars().next().is_some_and(char::is_uppercase) {
                capitals += 1;
            }
            fold_into(w, buf);
            key.write(buf.as_bytes());
            key.write_u8(0xff);
        }
        let last = self.text.trim_end().chars().last();
        let terminal = matches!(last, Some('.' | '!' | '?' | '”' | '"' | '’' | '…' | ':'))
            || (matches!(last, Some('\'' | ')')) && self.text.trim_end().len() > 80);
        let d = n.max(1) as f32;
        let f = Features {
            words: n,
            capital_ratio: capitals as f32 / d,
            chars: self.text.chars().count(),
            terminal,
        };
        (f, key.finish())
    }
}
