//! A lean, lenient HTML parser for the extract stage: a page becomes a flat list of balanced
//! open/close/text events over an arena of elements, with text and attribute values borrowed
//! from the source where no entity needs decoding.
//!
//! It follows the HTML standard where extraction can tell the difference (void elements, raw
//! text in script and style, RCDATA in title and textarea, comments, entities, the end tags
//! implied by p, li, dd/dt, td/th/tr, option and headings, end tags ignored outside their
//! scope) and simplifies the rest (no foster parenting, no reconstruction of formatting
//! elements), which keeps text in source order. Any input parses, and the work is linear: a
//! search of the open elements looks at most [`SCAN`] of them.

use std::borrow::Cow;
use std::ops::Range;

use markup5ever::data::NAMED_ENTITIES;
use memchr::{memchr, memmem};

/// Deepest an end tag or an implied end looks into the stack of open elements.
const SCAN: usize = 256;

/// A lowercased tag name, held inline. Longer names are cut: they are custom elements, all
/// alike to the extractor.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Name {
    bytes: [u8; 15],
    len: u8,
}

impl Name {
    fn new(raw: &[u8]) -> Name {
        let mut n = Name::default();
        for (slot, b) in n.bytes.iter_mut().zip(raw) {
            // Names of the elements that matter are ASCII; other bytes all read as '?'.
            *slot = if b.is_ascii() { b.to_ascii_lowercase() } else { b'?' };
        }
        n.len = raw.len().min(15) as u8;
        n
    }

    pub fn as_str(&self) -> &str {
        // ASCII by construction, so this never fails.
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or("")
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An element: its name, attributes, and where its open and close events are.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    pub name: Name,
    attrs: Range<usize>,
    /// Index of the element's open event; its close event is at `close`.
    pub open: usize,
    pub close: usize,
}

#[derive(Debug, Clone)]
struct Attr {
    name: Range<usize>,
    value: Range<usize>,
    /// The value holds a `&`: entities are decoded when it is read.
    entities: bool,
}

/// Text of a text event: a range of the source or, when entities were decoded, of the
/// decoded-text buffer.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    start: usize,
    end: usize,
    decoded: bool,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Event {
    Open(usize),
    Close(usize),
    Text(Span),
}

/// A parsed page.
pub(crate) struct Dom<'a> {
    src: &'a str,
    decoded: String,
    pub elements: Vec<Element>,
    attrs: Vec<Attr>,
    pub events: Vec<Event>,
}

impl<'a> Dom<'a> {
    pub fn text(&self, s: Span) -> &str {
        let buf = if s.decoded { self.decoded.as_str() } else { self.src };
        buf.get(s.start..s.end).unwrap_or("")
    }

    /// The first attribute of that name (ASCII case aside), entities decoded.
    pub fn attr(&self, el: usize, name: &str) -> Option<Cow<'a, str>> {
        let e = self.elements.get(el)?;
        let src = self.src;
        self.attrs.get(e.attrs.clone())?.iter().find(|a| src[a.name.clone()].eq_ignore_ascii_case(name)).map(
            |a| {
                let v = &src[a.value.clone()];
                if a.entities {
                    let mut out = String::with_capacity(v.len());
                    decode(v, &mut out, true);
                    Cow::Owned(out)
                } else {
                    Cow::Borrowed(v)
                }
            },
        )
    }

    /// All text under an element, in order, each text node as it is.
    pub fn text_of(&self, el: usize) -> impl Iterator<Item = &str> {
        let range = self.elements.get(el).map_or(0..0, |e| e.open..e.close);
        self.events.get(range).unwrap_or(&[]).iter().filter_map(|ev| match ev {
            Event::Text(s) => Some(self.text(*s)),
            _ => None,
        })
    }
}

/// Parse a page; see the module doc.
pub(crate) fn parse(src: &str) -> Dom<'_> {
    let mut b = Builder {
        dom: Dom { src, decoded: String::new(), elements: Vec::new(), attrs: Vec::new(), events: Vec::new() },
        stack: Vec::new(),
        foreign: 0,
        head_done: false,
        open_p: 0,
        open_a: 0,
    };
    // Pages run at roughly one event per 30 bytes.
    b.dom.events.reserve(src.len() / 30);
    b.dom.elements.reserve(src.len() / 60);
    let bytes = src.as_bytes();
    let len = bytes.len();
    let mut i = 0usize;
    while i < len {
        // Text up to the next '<' that starts markup.
        let mut j = i;
        let tag_at = loop {
            match memchr(b'<', &bytes[j..]) {
                None => break len,
                Some(k) => {
                    let at = j + k;
                    match bytes.get(at + 1) {
                        Some(c) if c.is_ascii_alphabetic() || matches!(c, b'!' | b'/' | b'?') => break at,
                        _ => j = at + 1,
                    }
                }
            }
        };
        if tag_at > i {
            b.text(i, tag_at, true);
        }
        i = tag_at;
        if i >= len {
            break;
        }
        i = match bytes[i + 1] {
            b'!' => skip_markup_declaration(bytes, i),
            b'?' => find_byte(bytes, i + 2, b'>'),
            b'/' => {
                if bytes.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
                    let (name_end, name) = tag_name(bytes, i + 2);
                    let (end, _) = attributes(bytes, name_end, None);
                    if end.is_some() {
                        b.end(name);
                    }
                    end.unwrap_or(len)
                } else {
                    // "</>" is dropped, "</ ..." is a bogus comment.
                    find_byte(bytes, i + 2, b'>')
                }
            }
            _ => {
                let (name_end, name) = tag_name(bytes, i + 1);
                let first = b.dom.attrs.len();
                let (end, self_closing) = attributes(bytes, name_end, Some(&mut b.dom.attrs));
                match end {
                    // A tag cut off by the end of the page is dropped, as browsers do.
                    None => {
                        b.dom.attrs.truncate(first);
                        len
                    }
                    Some(end) => {
                        let raw = b.start(name, first..b.dom.attrs.len(), self_closing);
                        if raw {
                            raw_text(&mut b, name, end)
                        } else {
                            end
                        }
                    }
                }
            }
        };
    }
    b.finish();
    b.dom
}

/// After `<!` at `i`: a comment, a doctype or a CDATA section; returns where markup resumes.
fn skip_markup_declaration(bytes: &[u8], i: usize) -> usize {
    let rest = &bytes[i..];
    if rest.starts_with(b"<!--") {
        let body = i + 4;
        // "<!-->" and "<!--->" are (empty) comments too.
        if bytes.get(body) == Some(&b'>') {
            return body + 1;
        }
        if bytes[body..].starts_with(b"->") {
            return body + 2;
        }
        return memmem::find(&bytes[body..], b"-->").map_or(bytes.len(), |k| body + k + 3);
    }
    if rest.starts_with(b"<![CDATA[") {
        return memmem::find(&bytes[i + 9..], b"]]>").map_or(bytes.len(), |k| i + 9 + k + 3);
    }
    find_byte(bytes, i + 2, b'>')
}

/// Just past the next `b` at or after `from`, or the end.
fn find_byte(bytes: &[u8], from: usize, b: u8) -> usize {
    memchr(b, bytes.get(from..).unwrap_or(&[])).map_or(bytes.len(), |k| from + k + 1)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The tag name starting at `from`: (where it ends, the name).
fn tag_name(bytes: &[u8], from: usize) -> (usize, Name) {
    let mut k = from;
    while k < bytes.len() && !is_space(bytes[k]) && bytes[k] != b'/' && bytes[k] != b'>' {
        k += 1;
    }
    (k, Name::new(&bytes[from..k]))
}

/// Attributes from `from` to the tag's `>`: (just past the `>`, or None at the end of the
/// page; whether the tag is self-closing). Attributes are pushed to `out` when given.
fn attributes(bytes: &[u8], from: usize, mut out: Option<&mut Vec<Attr>>) -> (Option<usize>, bool) {
    let len = bytes.len();
    let mut k = from;
    let mut self_closing = false;
    loop {
        while k < len && (is_space(bytes[k]) || bytes[k] == b'/') {
            self_closing = bytes[k] == b'/';
            k += 1;
        }
        if k >= len {
            return (None, false);
        }
        if bytes[k] == b'>' {
            return (Some(k + 1), self_closing);
        }
        self_closing = false;
        // A name; '=' may be its first character.
        let name_start = k;
        k += 1;
        while k < len && !is_space(bytes[k]) && !matches!(bytes[k], b'/' | b'>' | b'=') {
            k += 1;
        }
        let name = name_start..k;
        while k < len && is_space(bytes[k]) {
            k += 1;
        }
        let mut value = k..k;
        if k < len && bytes[k] == b'=' {
            k += 1;
            while k < len && is_space(bytes[k]) {
                k += 1;
            }
            match bytes.get(k) {
                Some(&q @ (b'"' | b'\'')) => match memchr(q, &bytes[k + 1..]) {
                    Some(n) => {
                        value = k + 1..k + 1 + n;
                        k += n + 2;
                    }
                    None => return (None, false),
                },
                _ => {
                    let start = k;
                    while k < len && !is_space(bytes[k]) && bytes[k] != b'>' {
                        k += 1;
                    }
                    value = start..k;
                }
            }
        }
        if let Some(out) = out.as_deref_mut() {
            let entities = memchr(b'&', &bytes[value.clone()]).is_some();
            out.push(Attr { name, value, entities });
        }
    }
}

/// The content of a raw-text or RCDATA element opened just before `from`, up to its end tag;
/// returns where the end tag starts (the main loop reads it), or the end of the page.
fn raw_text(b: &mut Builder<'_>, name: Name, from: usize) -> usize {
    let bytes = b.dom.src.as_bytes();
    let n = name.as_str().as_bytes();
    if n == b"plaintext" {
        b.text(from, bytes.len(), false);
        return bytes.len();
    }
    let mut k = from;
    let end = loop {
        let Some(at) = memmem::find(&bytes[k..], b"</").map(|x| k + x) else { break bytes.len() };
        let after = at + 2 + n.len();
        let named = bytes.get(at + 2..after).is_some_and(|t| t.eq_ignore_ascii_case(n));
        if named && bytes.get(after).is_none_or(|&c| is_space(c) || c == b'/' || c == b'>') {
            break at;
        }
        k = at + 2;
    };
    if end > from {
        // RCDATA decodes entities; raw text (script, style) is taken as it is.
        b.text(from, end, matches!(n, b"title" | b"textarea"));
    }
    end
}

/// Elements with no content and no end tag.
fn is_void(n: &str) -> bool {
    matches!(
        n,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "basefont"
            | "bgsound"
            | "frame"
            | "image"
    )
}

/// Elements whose content is raw text or RCDATA: no tags inside.
fn is_raw(n: &str) -> bool {
    matches!(
        n,
        "script"
            | "style"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "noscript"
            | "textarea"
            | "title"
            | "plaintext"
    )
}

/// Start tags that close an open `<p>`.
fn closes_p(n: &str) -> bool {
    matches!(
        n,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "header"
            | "hgroup"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "search"
            | "section"
            | "summary"
            | "ul"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "pre"
            | "listing"
            | "form"
            | "li"
            | "dd"
            | "dt"
            | "plaintext"
            | "table"
            | "hr"
            | "xmp"
    )
}

fn is_heading(n: &str) -> bool {
    matches!(n, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// The standard's "special" elements: an end tag for an ordinary inline element does not close
/// past one, and an implied end of `li`/`dd` stops at one.
fn is_special(n: &str) -> bool {
    closes_p(n)
        || is_void(n)
        || is_raw(n)
        || matches!(
            n,
            "applet"
                | "body"
                | "button"
                | "caption"
                | "colgroup"
                | "frameset"
                | "head"
                | "html"
                | "marquee"
                | "object"
                | "select"
                | "tbody"
                | "td"
                | "template"
                | "tfoot"
                | "th"
                | "thead"
                | "tr"
        )
}

/// Elements an end tag does not look past (the standard's "scope").
fn is_scope_boundary(n: &str) -> bool {
    matches!(n, "applet" | "caption" | "html" | "table" | "td" | "th" | "marquee" | "object" | "template")
}

fn is_formatting(n: &str) -> bool {
    matches!(
        n,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Elements that may stay in `<head>`; any other start tag ends it.
fn in_head(n: &str) -> bool {
    matches!(
        n,
        "base"
            | "basefont"
            | "bgsound"
            | "link"
            | "meta"
            | "noscript"
            | "script"
            | "style"
            | "template"
            | "title"
    )
}

struct Builder<'a> {
    dom: Dom<'a>,
    /// Open elements, outermost first.
    stack: Vec<(Name, usize)>,
    /// Open `<svg>` and `<math>` elements: inside them `<x/>` closes itself.
    foreign: usize,
    /// `<head>` was closed (or never needed): later `<head>` and `<body>` tags are noise.
    head_done: bool,
    /// Open `<p>` and `<a>` elements: every block start looks for an open `p` to close, and
    /// every link for an open `a`; with none open the walk down the stack is skipped.
    open_p: usize,
    open_a: usize,
}

impl Builder<'_> {
    fn text(&mut self, start: usize, end: usize, entities: bool) {
        let src = self.dom.src;
        let s = &src[start..end];
        // Text straight inside <head> (not in its title or scripts) starts the body.
        if !self.head_done
            && self.stack.last().is_some_and(|(n, _)| n.as_str() == "head")
            && !s.trim().is_empty()
        {
            self.close_head();
        }
        let span = if entities && memchr(b'&', s.as_bytes()).is_some() {
            let at = self.dom.decoded.len();
            decode(s, &mut self.dom.decoded, false);
            Span { start: at, end: self.dom.decoded.len(), decoded: true }
        } else {
            Span { start, end, decoded: false }
        };
        self.dom.events.push(Event::Text(span));
    }

    /// Index in the stack of the nearest open element `is` matches, looking down from the top
    /// and stopping at an element `stop` matches.
    fn find(&self, is: impl Fn(&str) -> bool, stop: impl Fn(&str) -> bool) -> Option<usize> {
        for (k, (name, _)) in self.stack.iter().enumerate().rev().take(SCAN) {
            let n = name.as_str();
            if is(n) {
                return Some(k);
            }
            if stop(n) {
                return None;
            }
        }
        None
    }

    fn open_at(&self, is: impl Fn(&str) -> bool) -> Option<usize> {
        self.find(is, |_| false)
    }

    fn pop_to(&mut self, k: usize) {
        while self.stack.len() > k {
            if let Some((name, el)) = self.stack.pop() {
                match name.as_str() {
                    "svg" | "math" => self.foreign = self.foreign.saturating_sub(1),
                    "p" => self.open_p -= 1,
                    "a" => self.open_a -= 1,
                    _ => {}
                }
                self.close(el);
            }
        }
    }

    fn close(&mut self, el: usize) {
        if let Some(e) = self.dom.elements.get_mut(el) {
            e.close = self.dom.events.len();
        }
        self.dom.events.push(Event::Close(el));
    }

    fn close_head(&mut self) {
        self.head_done = true;
        if let Some(k) = self.open_at(|n| n == "head") {
            self.pop_to(k);
        }
    }

    fn close_p(&mut self) {
        if self.open_p == 0 {
            return;
        }
        if let Some(k) = self.find(|n| n == "p", |n| is_scope_boundary(n) || n == "button") {
            self.pop_to(k);
        }
    }

    /// A start tag; returns whether raw text follows.
    fn start(&mut self, name: Name, attrs: Range<usize>, self_closing: bool) -> bool {
        let n = name.as_str();
        match n {
            "html" if !self.stack.is_empty() || !self.dom.elements.is_empty() => return false,
            "head" if self.head_done || self.open_at(|n| n == "head").is_some() => return false,
            "body" if self.head_done => return false,
            _ => {}
        }
        if !self.head_done && self.open_at(|n| n == "head").is_some() && !in_head(n) {
            self.close_head();
        }
        if n == "body" {
            self.head_done = true;
        }
        if closes_p(n) {
            self.close_p();
        }
        match n {
            "li" => self.close_implied(|n| n == "li", |n| matches!(n, "ul" | "ol")),
            "dd" | "dt" => self.close_implied(|n| matches!(n, "dd" | "dt"), |n| n == "dl"),
            "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" => {
                let closes = |t: &str| match n {
                    "td" | "th" => matches!(t, "td" | "th"),
                    "tr" => t == "tr",
                    _ => matches!(t, "tbody" | "thead" | "tfoot"),
                };
                if let Some(k) = self.find(closes, |t| matches!(t, "table" | "html" | "template")) {
                    self.pop_to(k);
                } else if n == "tr" || n.starts_with('t') && n.len() == 5 {
                    // A row (or section) closes the open cell of the row before.
                    if let Some(k) = self.find(|t| matches!(t, "td" | "th"), |t| t == "table") {
                        self.pop_to(k);
                    }
                }
            }
            "option" | "optgroup" => {
                while self.stack.last().is_some_and(|(t, _)| {
                    t.as_str() == "option" || (n == "optgroup" && t.as_str() == "optgroup")
                }) {
                    self.pop_to(self.stack.len() - 1);
                }
            }
            "a" if self.open_a > 0 => {
                if let Some(k) = self.find(|t| t == "a", is_special) {
                    self.pop_to(k);
                }
            }
            _ if is_heading(n) && self.stack.last().is_some_and(|(t, _)| is_heading(t.as_str())) => {
                self.pop_to(self.stack.len() - 1);
            }
            _ => {}
        }
        let el = self.dom.elements.len();
        let open = self.dom.events.len();
        self.dom.elements.push(Element { name, attrs, open, close: open });
        self.dom.events.push(Event::Open(el));
        if is_void(n) || (self_closing && self.foreign > 0) {
            self.close(el);
            return false;
        }
        if matches!(n, "svg" | "math") {
            if self_closing {
                self.close(el);
                return false;
            }
            self.foreign += 1;
        }
        match n {
            "p" => self.open_p += 1,
            "a" => self.open_a += 1,
            _ => {}
        }
        self.stack.push((name, el));
        is_raw(n) && self.foreign == 0
    }

    /// The end a new `li` (or `dd`/`dt`) implies for an open one in the same list.
    fn close_implied(&mut self, is: impl Fn(&str) -> bool, list: impl Fn(&str) -> bool) {
        let stop = |n: &str| list(n) || (is_special(n) && !matches!(n, "address" | "div" | "p"));
        if let Some(k) = self.find(is, stop) {
            self.pop_to(k);
        }
    }

    fn end(&mut self, name: Name) {
        let n = name.as_str();
        match n {
            "html" | "body" => {}
            "head" => self.close_head(),
            "br" => {
                self.start(name, 0..0, false);
            }
            "p" => {
                if let Some(k) = self.find(|t| t == "p", |t| is_scope_boundary(t) || t == "button") {
                    self.pop_to(k);
                } else {
                    // A stray </p> is an empty paragraph: a break between blocks.
                    self.start(name, 0..0, false);
                    self.pop_to(self.stack.len().saturating_sub(1));
                }
            }
            // Any heading end tag closes the open heading, whatever its level ("<h2>..</h3>").
            _ if is_heading(n) => {
                if let Some(k) = self.find(is_heading, is_scope_boundary) {
                    self.pop_to(k);
                }
            }
            _ => {
                let stop = |t: &str| {
                    if is_special(n) || is_formatting(n) {
                        is_scope_boundary(t) && !matches!(n, "td" | "th" | "table" | "caption")
                            || (matches!(n, "li") && matches!(t, "ul" | "ol"))
                            || (matches!(n, "td" | "th" | "tr" | "tbody" | "thead" | "tfoot") && t == "table")
                    } else {
                        is_special(t)
                    }
                };
                if let Some(k) = self.find(|t| t == n, stop) {
                    self.pop_to(k);
                }
            }
        }
    }

    fn finish(&mut self) {
        self.pop_to(0);
    }
}

/// Characters the standard maps C1 numeric references (`&#128;`..`&#159;`) to (windows-1252).
const C1: [u32; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
    0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161,
    0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
];

/// Append `s` to `out` with character references decoded. In an attribute value a legacy
/// reference with no `;` followed by a letter, digit or `=` stays as it is, as the standard says.
pub(crate) fn decode(s: &str, out: &mut String, in_attr: bool) {
    let bytes = s.as_bytes();
    let mut i = 0;
    while let Some(k) = memchr(b'&', &bytes[i..]) {
        let amp = i + k;
        out.push_str(&s[i..amp]);
        let (consumed, ch) = reference(s, amp + 1, in_attr);
        match ch {
            Some((a, b)) => {
                out.push(a);
                if let Some(b) = b {
                    out.push(b);
                }
            }
            None => out.push('&'),
        }
        i = amp + 1 + consumed;
    }
    out.push_str(&s[i..]);
}

/// The reference after a `&` at `from`: (bytes consumed after the `&`, the characters).
fn reference(s: &str, from: usize, in_attr: bool) -> (usize, Option<(char, Option<char>)>) {
    let bytes = s.as_bytes();
    if bytes.get(from) == Some(&b'#') {
        let hex = matches!(bytes.get(from + 1), Some(b'x' | b'X'));
        let digits_at = from + 1 + usize::from(hex);
        let mut k = digits_at;
        let mut value: u32 = 0;
        while let Some(&c) = bytes.get(k) {
            let d = match (hex, c) {
                (_, b'0'..=b'9') => u32::from(c - b'0'),
                (true, b'a'..=b'f') => u32::from(c - b'a' + 10),
                (true, b'A'..=b'F') => u32::from(c - b'A' + 10),
                _ => break,
            };
            value = value.saturating_mul(if hex { 16 } else { 10 }).saturating_add(d).min(0x110000);
            k += 1;
        }
        if k == digits_at {
            return (0, None);
        }
        if bytes.get(k) == Some(&b';') {
            k += 1;
        }
        let value = match value {
            0x80..=0x9F => C1[(value - 0x80) as usize],
            v => v,
        };
        let c = if value == 0 { None } else { char::from_u32(value) };
        return (k - from, Some((c.unwrap_or('\u{FFFD}'), None)));
    }
    // Named: the longest name in the table, as the standard's tokenizer matches it.
    let mut k = from;
    let mut best: Option<(usize, (u32, u32))> = None;
    while k < bytes.len() && k - from < 32 {
        let c = bytes[k];
        if !(c.is_ascii_alphanumeric() || c == b';') {
            break;
        }
        k += 1;
        match NAMED_ENTITIES.get(&s[from..k]) {
            None => break,
            Some(&(0, _)) => {}
            Some(&v) => best = Some((k, v)),
        }
        if c == b';' {
            break;
        }
    }
    let Some((end, (a, b))) = best else { return (0, None) };
    if in_attr
        && bytes[end - 1] != b';'
        && bytes.get(end).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'=')
    {
        return (0, None);
    }
    let a = char::from_u32(a).unwrap_or('\u{FFFD}');
    let b = if b == 0 { None } else { char::from_u32(b) };
    (end - from, Some((a, b)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as a compact string: elements as `name(...)`, text quoted.
    fn shape(html: &str) -> String {
        let d = parse(html);
        let mut out = String::new();
        for ev in &d.events {
            match *ev {
                Event::Open(e) => {
                    out.push_str(d.elements[e].name.as_str());
                    out.push('(');
                }
                Event::Close(_) => out.push(')'),
                Event::Text(s) => {
                    out.push('"');
                    out.push_str(d.text(s));
                    out.push('"');
                }
            }
        }
        out
    }

    #[test]
    fn implied_end_tags() {
        assert_eq!(shape("<p>a<p>b<div>c</div>"), r#"p("a")p("b")div("c")"#);
        assert_eq!(shape("<ul><li>a<li>b<ul><li>c</ul></ul>"), r#"ul(li("a")li("b"ul(li("c"))))"#);
        assert_eq!(
            shape("<table><tr><td>a<td>b<tr><td>c</table>"),
            r#"table(tr(td("a")td("b"))tr(td("c")))"#
        );
        assert_eq!(shape("<dl><dt>a<dd>b<dt>c</dl>"), r#"dl(dt("a")dd("b")dt("c"))"#);
        assert_eq!(shape("<h2>a<h3>b"), r#"h2("a")h3("b")"#);
        assert_eq!(shape("<a>x<a>y"), r#"a("x")a("y")"#);
    }

    #[test]
    fn void_raw_and_comments() {
        assert_eq!(shape("a<br>b<img src=x>c"), r#""a"br()"b"img()"c""#);
        assert_eq!(shape("<script>if (a<b) x='</p>'</script>t"), r#"script("if (a<b) x='</p>'")"t""#);
        assert_eq!(shape("<style>p{}</STYLE >x"), r#"style("p{}")"x""#);
        assert_eq!(shape("a<!-- <p>no</p> -->b<!-->c<!doctype html>d"), r#""a""b""c""d""#);
        assert_eq!(shape("<title>a &amp; <b></title>"), r#"title("a & <b>")"#);
        assert_eq!(shape("<svg><path/><g>x</g></svg>y"), r#"svg(path()g("x"))"y""#);
        assert_eq!(shape("1 < 2 <3"), r#""1 < 2 <3""#);
    }

    #[test]
    fn end_tags_out_of_scope_are_ignored() {
        assert_eq!(shape("<div><span>a</div>b"), r#"div(span("a"))"b""#);
        assert_eq!(shape("<span><div>a</span>b</div>"), r#"span(div("a""b"))"#);
        assert_eq!(
            shape("<div><table><tr><td>a</div>b</td></tr></table></div>"),
            r#"div(table(tr(td("a""b"))))"#
        );
        assert_eq!(shape("a</p>b"), r#""a"p()"b""#);
        assert_eq!(shape("<h2>a</h3><p>b"), r#"h2("a")p("b")"#);
        assert_eq!(shape("<h2><span>a</h4>b"), r#"h2(span("a"))"b""#);
    }

    #[test]
    fn head_closes_itself() {
        assert_eq!(shape("<html><head><title>t</title><p>x"), r#"html(head(title("t"))p("x"))"#);
        assert_eq!(shape("<head><meta a=b>text"), r#"head(meta())"text""#);
    }

    #[test]
    fn attributes_and_entities() {
        let d = parse(r#"<div CLASS="a &amp; b" id=x data-v='q"r' hidden title="&notit; &amp=">t</div>"#);
        assert_eq!(d.attr(0, "class").as_deref(), Some("a & b"));
        assert_eq!(d.attr(0, "id").as_deref(), Some("x"));
        assert_eq!(d.attr(0, "data-v").as_deref(), Some("q\"r"));
        assert_eq!(d.attr(0, "hidden").as_deref(), Some(""));
        assert_eq!(d.attr(0, "title").as_deref(), Some("&notit; &amp="));
        let mut s = String::new();
        decode("&lt;&#39;&#x41;&#150;&notit;&NotANamedThing;&amp&#0;&#xFFFFFFFFF;", &mut s, false);
        assert_eq!(s, "<'A–¬it;&NotANamedThing;&\u{FFFD}\u{FFFD}");
    }

    #[test]
    fn cut_off_markup_does_not_panic() {
        for html in [
            "<",
            "<a",
            "<a b",
            "<a b=",
            "<a b=\"",
            "</",
            "</a",
            "<!--",
            "<!",
            "<?",
            "&",
            "&#",
            "&#x",
            "<script>",
            "<p class=é",
        ] {
            let _ = parse(html);
        }
        assert_eq!(shape("<p>a</p><p class=\"x"), r#"p("a")"#);
    }
}
