//! The HTML path's reader: a page becomes blocks (one per block element, with the boilerplate
//! container it sits in and its link density) and page metadata (meta tags, JSON-LD, `<time>`).

use serde_json::Value;
use storyweave_model::Timestamp;
use storyweave_text::dates;

use crate::block::{Block, Container};
use crate::dom::{self, Dom, Event};
use crate::PageMeta;

/// What the walk needs to know about an element's tag, worked out once per element. A table
/// row is one block, its cells set off by spaces: a row of a data table reads as a line, as
/// the article shows it, where a block per cell would cut the body into scraps.
#[derive(Clone, Copy, Default)]
struct Kind {
    /// Ends one block and starts another.
    block: bool,
    /// Its text is never article text.
    skip: bool,
    /// `<article>` or `<main>`: header and footer inside it are the article's own.
    article: bool,
    link: bool,
    list_item: bool,
    heading: Option<u8>,
    /// A table cell: its text is set off by a space.
    cell: bool,
}

impl Kind {
    fn of(name: &str) -> Kind {
        let block = matches!(
            name,
            "address"
                | "article"
                | "aside"
                | "blockquote"
                | "body"
                | "dd"
                | "details"
                | "div"
                | "dl"
                | "dt"
                | "figcaption"
                | "figure"
                | "footer"
                | "form"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "header"
                | "hr"
                | "li"
                | "main"
                | "nav"
                | "ol"
                | "p"
                | "pre"
                | "section"
                | "summary"
                | "table"
                | "tr"
                | "ul"
                | "br"
        );
        let skip = matches!(
            name,
            "button"
                | "canvas"
                | "embed"
                | "head"
                | "iframe"
                | "input"
                | "noscript"
                | "object"
                | "option"
                | "script"
                | "select"
                | "style"
                | "svg"
                | "template"
                | "textarea"
                | "video"
                | "audio"
                | "map"
                | "title"
        );
        Kind {
            block,
            skip,
            article: matches!(name, "article" | "main"),
            link: name == "a",
            list_item: name == "li",
            heading: heading_level(name),
            cell: matches!(name, "td" | "th"),
        }
    }
}

pub(crate) fn blocks(html: &str) -> (Vec<Block>, PageMeta) {
    let page = Page::parse(html);
    let meta = page.meta();
    (page.blocks(true), meta)
}

/// A parsed page, ready to be cut into blocks.
pub(crate) struct Page<'a> {
    dom: Dom<'a>,
    kinds: Vec<Kind>,
}

impl<'a> Page<'a> {
    pub fn parse(html: &'a str) -> Page<'a> {
        let dom = dom::parse(html);
        let kinds = dom.elements.iter().map(|e| Kind::of(e.name.as_str())).collect();
        Page { dom, kinds }
    }

    pub fn meta(&self) -> PageMeta {
        page_meta(&self.dom)
    }

    /// The page's blocks; `classes`: whether class and id words (and `<aside>`) mark
    /// boilerplate containers (the other tags and roles always do).
    pub fn blocks(&self, classes: bool) -> Vec<Block> {
        walk(&self.dom, &self.kinds, classes)
    }
}

/// Context of an open element, kept on a stack while walking the tree.
#[derive(Clone, Copy)]
struct Frame {
    container: Container,
    skip: bool,
    link: bool,
    list_item: bool,
    heading: Option<u8>,
    block: bool,
}

#[derive(Default)]
struct Buffer {
    text: String,
    link_chars: usize,
}

/// Characters of text under each element, so a wrapper that holds most of the page is never
/// taken for boilerplate whatever its class says ("Page-ad-margins", "content paywall"). Also
/// returns the page total.
fn text_sizes(dom: &Dom<'_>, kinds: &[Kind]) -> (Vec<usize>, usize) {
    let mut sizes = vec![0usize; dom.elements.len()];
    // Characters so far of each open element; the root counts the total.
    let mut stack: Vec<usize> = vec![0];
    // Script and style text is no page text: it would dwarf the article in its wrapper.
    let mut skipping = 0usize;
    for ev in &dom.events {
        match *ev {
            Event::Open(e) => {
                stack.push(0);
                skipping += usize::from(kinds[e].skip);
            }
            Event::Text(t) if skipping == 0 => {
                if let Some(top) = stack.last_mut() {
                    *top += dom.text(t).trim().len();
                }
            }
            Event::Text(_) => {}
            Event::Close(e) => {
                skipping -= usize::from(kinds[e].skip && skipping > 0);
                let n = if stack.len() > 1 { stack.pop().unwrap_or(0) } else { 0 };
                sizes[e] = n;
                if let Some(top) = stack.last_mut() {
                    *top += n;
                }
            }
        }
    }
    (sizes, stack.first().copied().unwrap_or(0))
}

/// Deepest DOM path kept as a block's ancestry.
const MAX_DEPTH: usize = 256;

/// Share of the page's text above which an element is a wrapper, not a boilerplate container.
const WRAPPER_SHARE: f32 = 0.4;

/// Share of the page's text above which an element is the page itself (`<html>` and `<body>`
/// carry state classes such as "cookie-consent-shown").
const PAGE_SHARE: f32 = 0.8;

fn walk(dom: &Dom<'_>, kinds: &[Kind], classes: bool) -> Vec<Block> {
    let (sizes, total) = text_sizes(dom, kinds);
    let mut out: Vec<Block> = Vec::new();
    let root = Frame {
        container: Container::Content,
        skip: false,
        link: false,
        list_item: false,
        heading: None,
        block: false,
    };
    let mut stack: Vec<Frame> = vec![root];
    let mut buf = Buffer::default();
    let mut in_article = 0usize;
    let mut boundary = false;
    // Element numbers of the open elements, outermost first: a block's DOM ancestry.
    let mut path: Vec<u32> = Vec::new();
    for ev in &dom.events {
        match *ev {
            Event::Open(e) => {
                boundary = true;
                let kind = kinds[e];
                let top = *stack.last().unwrap_or(&root);
                if kind.cell && !buf.text.is_empty() && !buf.text.ends_with(' ') {
                    buf.text.push(' ');
                }
                if kind.block {
                    flush(&mut buf, &top, &path, &mut out);
                }
                if kind.article {
                    in_article += 1;
                }
                let wrapper = sizes[e] as f32 > WRAPPER_SHARE * total as f32;
                let container = if top.container != Container::Content {
                    top.container
                } else if wrapper && (sizes[e] as f32 > PAGE_SHARE * total as f32 || !consent_banner(dom, e))
                {
                    Container::Content
                } else {
                    container_of(dom, e, in_article > 0, classes)
                };
                path.push(e as u32 + 1);
                stack.push(Frame {
                    container,
                    skip: top.skip || kind.skip,
                    link: top.link || kind.link,
                    list_item: top.list_item || kind.list_item,
                    heading: kind.heading.or(top.heading),
                    block: kind.block,
                });
            }
            Event::Text(t) => {
                let top = stack.last().copied().unwrap_or(root);
                if !top.skip {
                    let before = buf.text.len();
                    push_text(&mut buf.text, dom.text(t), boundary);
                    boundary = false;
                    if top.link {
                        buf.link_chars += buf.text.len() - before;
                    }
                }
            }
            Event::Close(e) => {
                boundary = true;
                let top = if stack.len() > 1 { stack.pop().unwrap_or(root) } else { root };
                if top.block {
                    flush(&mut buf, &top, &path, &mut out);
                }
                path.pop();
                if kinds[e].article {
                    in_article = in_article.saturating_sub(1);
                }
            }
        }
    }
    flush(&mut buf, &root, &path, &mut out);
    out
}

/// Append a text node, whitespace collapsed. Text nodes with no whitespace between them join as
/// a browser shows them, except across an element boundary where a word ends and a capitalised
/// word or a number begins: link lists and bylines ("Share on FacebookShare on X") then read as
/// separate words, while "<b>bold</b>ly" stays one.
fn push_text(buf: &mut String, t: &str, boundary: bool) {
    let Some(first) = t.chars().next() else { return };
    if let Some(last) = buf.chars().next_back() {
        let spaced = first.is_whitespace() || last.is_whitespace();
        let new_word = boundary
            && (last.is_alphanumeric() || ",;:!?".contains(last))
            && (first.is_uppercase()
                || (first.is_alphanumeric() && first.is_ascii_digit() != last.is_ascii_digit()));
        if (spaced || new_word) && !last.is_whitespace() {
            buf.push(' ');
        }
    }
    // Words pushed whole; a run of white space, at either end too, becomes one space. ASCII
    // text splits on the byte test, which differs from the Unicode one only on vertical tabs.
    if t.is_ascii() && !t.contains('\x0b') {
        push_words(buf, t, first, t.split_ascii_whitespace());
    } else {
        push_words(buf, t, first, t.split_whitespace());
    }
}

/// `push_text`'s words of `t`, which starts with `first`.
fn push_words<'a>(buf: &mut String, t: &str, first: char, mut words: impl Iterator<Item = &'a str>) {
    let Some(w) = words.next() else {
        if !buf.is_empty() && !buf.ends_with(' ') {
            buf.push(' ');
        }
        return;
    };
    if first.is_whitespace() && !buf.is_empty() && !buf.ends_with(' ') {
        buf.push(' ');
    }
    buf.push_str(w);
    for w in words {
        buf.push(' ');
        buf.push_str(w);
    }
    if t.ends_with(char::is_whitespace) {
        buf.push(' ');
    }
}

fn flush(buf: &mut Buffer, frame: &Frame, path: &[u32], out: &mut Vec<Block>) {
    // push_text collapsed the white space already and never starts with a space.
    let link_density = (buf.link_chars as f32 / buf.text.len().max(1) as f32).min(1.0);
    buf.link_chars = 0;
    let len = buf.text.trim_end().len();
    buf.text.truncate(len);
    if buf.text.is_empty() {
        return;
    }
    let text = std::mem::take(&mut buf.text);
    let after_gap = out.last().is_none_or(|p| p.container != frame.container) || frame.heading.is_some();
    out.push(Block {
        link_density,
        text,
        line: None,
        bullet: frame.list_item,
        heading: frame.heading,
        container: frame.container,
        after_gap,
        // Pathologically deep pages get no ancestry rather than quadratic memory.
        ancestors: if path.len() <= MAX_DEPTH { path.to_vec() } else { Vec::new() },
    });
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Class and id words that mark a boilerplate container, by the container they mark, in the
/// order a match wins.
const CONTAINER_WORDS: &[(Container, &[&str])] = &[
    (
        Container::Widget,
        &[
            "comment",
            "comments",
            "newsletter",
            "subscribe",
            "subscription",
            "promo",
            "advert",
            "ad",
            "ads",
            "cookie",
            "cookies",
            "consent",
            "gdpr",
            "signup",
            "modal",
            "popup",
            "paywall",
            "donate",
            "cta",
            "disclosure",
            "disclaimer",
            "affiliate",
            "rating",
            "ratings",
            "feedback",
            "flyout",
            "meta",
            "metadata",
            "postmetadata",
        ],
    ),
    (Container::Social, &["share", "sharing", "social", "sharebar"]),
    (
        Container::Related,
        &[
            "related",
            "recommended",
            "recommendations",
            "sidebar",
            "trending",
            "popular",
            "mostread",
            "outbrain",
            "taboola",
            // Not "teaser": content systems put the article's own lead in a "teaser-text".
            "teasers",
            "recirculation",
            "relatedlinks",
        ],
    ),
    (
        Container::Navigation,
        &["nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "masthead", "topbar"],
    ),
    (Container::Footer, &["footer"]),
    (Container::Author, &["author", "authors", "autor", "bio", "biography", "authorbox", "aboutauthor"]),
    (Container::Caption, &["caption", "credit", "credits", "copyright"]),
];

/// The boilerplate container an element opens, from its tag, role, class and id.
fn container_of(dom: &Dom<'_>, el: usize, in_article: bool, classes: bool) -> Container {
    match dom.elements[el].name.as_str() {
        "nav" => return Container::Navigation,
        "header" if !in_article => return Container::Navigation,
        "footer" if !in_article => return Container::Footer,
        // A page read again without its class names trusts no <aside> either: some sites
        // wrap the whole article in one.
        "aside" if classes => return Container::Related,
        "form" => return Container::Widget,
        "figcaption" => return Container::Caption,
        _ => {}
    }
    match dom.attr(el, "role").as_deref() {
        Some("navigation" | "menubar" | "menu") => return Container::Navigation,
        Some("contentinfo") => return Container::Footer,
        Some("complementary") => return Container::Related,
        _ => {}
    }
    if !classes {
        return Container::Content;
    }
    // The best (earliest in CONTAINER_WORDS) category any class or id word names.
    let mut best = CONTAINER_WORDS.len();
    for v in [dom.attr(el, "class"), dom.attr(el, "id")].into_iter().flatten() {
        for token in class_words(&v).filter(|t| t.len() <= 15) {
            for (k, (c, words)) in CONTAINER_WORDS.iter().enumerate().take(best) {
                // A footer inside the article is the article's own.
                let own = *c == Container::Footer && in_article;
                if !own && words.iter().any(|w| w.eq_ignore_ascii_case(token)) {
                    best = k;
                    break;
                }
            }
            if is_consent_word(token) {
                best = 0;
            }
            if best == 0 {
                break;
            }
        }
    }
    CONTAINER_WORDS.get(best).map_or(Container::Content, |&(c, _)| c)
}

/// The words of a class or id value: runs of letters and digits, cut again where a lower-case
/// letter meets a capital ("AuthorBox", "NewsletterModule"), as camel-cased names join words.
fn class_words(v: &str) -> impl Iterator<Item = &str> {
    v.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()).flat_map(|t| {
        let b = t.as_bytes();
        let mut start = 0;
        let mut cuts = (1..b.len())
            .filter(move |&i| b[i - 1].is_ascii_lowercase() && b[i].is_ascii_uppercase())
            .chain(std::iter::once(b.len()));
        std::iter::from_fn(move || {
            let end = cuts.next()?;
            let w = &t[start..end];
            start = end;
            Some(w)
        })
    })
}

/// Consent banners name themselves, often in compounds ("cookiebanner", "cookie_notice").
fn is_consent_word(token: &str) -> bool {
    token.len() >= 6 && contains_ignore_case(token, "cookie") || contains_ignore_case(token, "consent")
}

/// A cookie or consent banner: boilerplate however much of the page's text it holds (its
/// legal text can outweigh a short article).
fn consent_banner(dom: &Dom<'_>, el: usize) -> bool {
    [dom.attr(el, "class"), dom.attr(el, "id")]
        .into_iter()
        .flatten()
        .any(|v| v.split(|c: char| !c.is_ascii_alphanumeric()).any(is_consent_word))
}

fn contains_ignore_case(token: &str, word: &str) -> bool {
    token.as_bytes().windows(word.len()).any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// A page's text nodes joined by spaces, white space collapsed.
fn squeezed<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for part in parts {
        for w in part.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

fn page_meta(dom: &Dom<'_>) -> PageMeta {
    // One pass over the elements for everything the metadata reads.
    let mut metas: Vec<(String, String)> = Vec::new();
    let mut ld = Vec::new();
    let (mut h1, mut title, mut time, mut canonical, mut lang) = (None, None, None, None, None);
    let mut rel_authors: Vec<usize> = Vec::new();
    for (i, e) in dom.elements.iter().enumerate() {
        match e.name.as_str() {
            "meta" => {
                let key = dom.attr(i, "property").or(dom.attr(i, "name")).or(dom.attr(i, "itemprop"));
                if let (Some(k), Some(c)) = (key, dom.attr(i, "content")) {
                    let c = c.trim();
                    if !c.is_empty() {
                        metas.push((k.into_owned(), c.to_string()));
                    }
                }
            }
            "script" if dom.attr(i, "type").as_deref() == Some("application/ld+json") => {
                json_ld(&dom.text_of(i).collect::<String>(), &mut ld);
            }
            "h1" if h1.is_none() => h1 = Some(i),
            "title" if title.is_none() => title = Some(i),
            "time" if time.is_none() => time = dom.attr(i, "datetime").map(|d| d.into_owned()),
            "link" if canonical.is_none() && dom.attr(i, "rel").as_deref() == Some("canonical") => {
                canonical = dom.attr(i, "href").map(|h| h.into_owned());
            }
            "html" if lang.is_none() => lang = dom.attr(i, "lang").map(|l| l.into_owned()),
            _ => {}
        }
        // rel="author" is a link's (or, on some pages, a span's) attribute.
        if matches!(e.name.as_str(), "a" | "link" | "span") && dom.attr(i, "rel").as_deref() == Some("author")
        {
            rel_authors.push(i);
        }
    }
    let meta_content = |keys: &[&str]| {
        metas.iter().find(|(k, _)| keys.iter().any(|key| k.eq_ignore_ascii_case(key))).map(|(_, c)| c.clone())
    };
    let ld_str =
        |k: &str| ld.iter().find_map(|v: &Value| v.get(k).and_then(Value::as_str).map(str::to_string));

    let title = meta_content(&["og:title", "twitter:title"])
        .or_else(|| ld_str("headline"))
        .or_else(|| h1.map(|i| squeezed(dom.text_of(i))))
        .or_else(|| title.map(|i| squeezed(dom.text_of(i))))
        .filter(|t| !t.is_empty());
    let published = [
        meta_content(&[
            "article:published_time",
            "datePublished",
            "pubdate",
            "publish-date",
            "date",
            "dc.date",
            "dcterms.created",
            "sailthru.date",
            "parsely-pub-date",
        ]),
        ld_str("datePublished"),
        time,
    ]
    .into_iter()
    .flatten()
    .find_map(|s| dates::parse_datetime(&s));
    let mut authors: Vec<String> = ld.iter().flat_map(|v| names(v.get("author"))).collect();
    if authors.is_empty() {
        authors = meta_content(&["author", "article:author", "parsely-author"]).into_iter().collect();
    }
    if authors.is_empty() {
        authors = rel_authors
            .iter()
            .map(|&i| dom.text_of(i).collect::<String>().trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    authors.dedup();
    let outlet = meta_content(&["og:site_name", "application-name"])
        .or_else(|| ld.iter().find_map(|v| names(v.get("publisher")).into_iter().next()));
    let url = canonical.or_else(|| meta_content(&["og:url"])).filter(|u| u.starts_with("http"));
    let language = lang
        .map(|l| l.split(['-', '_']).next().unwrap_or(&l).to_ascii_lowercase())
        .filter(|l| (2..=3).contains(&l.len()));
    // The longest body any article object gives (a page may describe several articles).
    let body = ld.iter().filter_map(|v| ld_text(v.get("articleBody")?)).max_by_key(String::len);
    PageMeta { title, published: published.map(|d: Timestamp| d), authors, outlet, url, language, body }
}

/// A JSON-LD text value: a string, or a list of strings one per line.
fn ld_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => {
            let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            (!parts.is_empty()).then(|| parts.join("\n"))
        }
        _ => None,
    }
}

/// Paragraphs of a JSON-LD `articleBody`. Markup in it is read as HTML (block elements make
/// paragraphs, entities decoded); plain text is split at its line breaks.
pub(crate) fn body_paragraphs(raw: &str) -> Vec<String> {
    if raw.contains('<') && raw.contains('>') {
        return Page::parse(raw)
            .blocks(false)
            .into_iter()
            .map(|b| b.text)
            .filter(|t| t.chars().any(char::is_alphanumeric))
            .collect();
    }
    raw.lines()
        .map(|line| {
            let mut decoded = String::new();
            dom::decode(line, &mut decoded, false);
            squeezed(std::iter::once(decoded.as_str()))
        })
        .filter(|t| t.chars().any(char::is_alphanumeric))
        .collect()
}

/// Article-like objects from one JSON-LD script (`@graph` flattened), appended to `out`.
fn json_ld(text: &str, out: &mut Vec<Value>) {
    let Ok(v) = serde_json::from_str::<Value>(text) else { return };
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(mut map) => {
                // Taken, not cloned: nested graphs would otherwise be copied once per level.
                if let Some(g) = map.remove("@graph") {
                    stack.push(g);
                }
                let kind = map.get("@type").map(|t| t.to_string()).unwrap_or_default();
                if kind.contains("Article") || kind.contains("BlogPosting") || kind.contains("Report") {
                    out.push(Value::Object(map));
                }
            }
            _ => {}
        }
    }
}

fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.trim().to_string()],
        Some(Value::Object(m)) => {
            m.get("name").and_then(Value::as_str).map(|s| vec![s.trim().to_string()]).unwrap_or_default()
        }
        Some(Value::Array(items)) => items.iter().flat_map(|i| names(Some(i))).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::classify;

    const PAGE: &str = r##"<!doctype html><html lang="en-GB"><head><title>Dam report | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier">
<meta property="article:published_time" content="2026-03-03T08:15:00+01:00">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"Reservoir at lowest level in a decade","author":[{"@type":"Person","name":"Ana Reyes"}]}]}</script>
<link rel="canonical" href="https://valley.example/news/reservoir"></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<main><article><h1>Reservoir at lowest level in a decade</h1>
<p>The county water board said on Tuesday that the reservoir had fallen to its lowest level in a decade, and asked residents to cut their use.</p>
<figure><img src="x.jpg"><figcaption>The dam at dawn (Lee Park/Valley Wire)</figcaption></figure>
<p>Engineers will inspect the main dam next week, the board's <a href="/chair">chair</a> told a meeting, adding that no leak had been found so far.</p>
<div class="share-bar"><a href="#">Share on Facebook</a></div>
</article></main>
<aside class="related"><h2>Most read</h2><ul><li><a href="/a">A new bakery opens on the high street to long queues this morning</a></li></ul></aside>
<footer><p>© 2026 Valley Courier. All rights reserved.</p></footer><script>var x = "not text";</script></body></html>"##;

    #[test]
    fn reads_body_and_metadata() {
        let (blocks, meta) = blocks(PAGE);
        let c = classify(&blocks);
        assert_eq!(c.paragraphs.len(), 2, "{:?}", c.paragraphs);
        assert!(c.paragraphs[1].contains("board's chair told"));
        assert_eq!(meta.title.as_deref(), Some("Reservoir at lowest level in a decade"));
        assert_eq!(meta.outlet.as_deref(), Some("Valley Courier"));
        assert_eq!(meta.authors, vec!["Ana Reyes"]);
        assert_eq!(meta.language.as_deref(), Some("en"));
        assert_eq!(meta.url.as_deref(), Some("https://valley.example/news/reservoir"));
        assert_eq!(meta.published.map(|d| d.to_string()).as_deref(), Some("2026-03-03 07:15:00"));
        assert!(c
            .removed
            .iter()
            .any(|r| r.text.contains("Lee Park") && r.reason == storyweave_model::RemovalReason::Caption));
        assert!(c.removed.iter().any(|r| r.text.contains("bakery")));
        assert!(!c.paragraphs.iter().any(|p| p.contains("not text")));
    }

    #[test]
    fn inline_text_joins_as_rendered_but_link_lists_split() {
        let (b, _) = blocks("<p>A <b>bold</b>ly written line,<a>Share on Facebook</a><a>Share on X</a> by Ann<span>Europe reporter</span><span>18 May</span></p>");
        assert_eq!(
            b[0].text,
            "A boldly written line, Share on Facebook Share on X by Ann Europe reporter 18 May"
        );
    }

    #[test]
    fn a_table_row_is_one_block() {
        let (b, _) = blocks("<table><tr><th>Pos</th><th>Player</th></tr><tr><td>LB</td><td>Joe Roe</td><td>74</td><td>100%</td></tr></table>");
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, vec!["Pos Player", "LB Joe Roe 74 100%"]);
    }

    #[test]
    fn a_section_label_governs_its_own_widget_only() {
        let page = format!(
            "<div class=\"body\"><div class=\"rail\"><h3>Most read</h3><p>A short headline here</p></div><p>{P}</p><p>{P} Again.</p><p>{P} Once more.</p></div>",
            P = "The reservoir had fallen to its lowest level in a decade, the county water board said."
        );
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 3, "{:?}", c.removed);
        assert!(c.removed.iter().any(|r| r.text == "A short headline here"));
    }

    #[test]
    fn teasers_with_linked_headlines_are_not_body() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let blurb = "A bakery on the high street drew long queues on its first morning, and its owners said they would open a second shop in the spring.";
        let teasers: String = (0..4)
            .map(|i| {
                format!(
                    "<li><h3><a href=\"/t{i}\">Bakery opens to long queues {i}</a></h3><p>{blurb}</p></li>"
                )
            })
            .collect();
        let page = format!(
            "<div class=\"main\"><p>{p}</p><p>{p} Again.</p><p>{p} Once more.</p><ul>{teasers}</ul></div>"
        );
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 3, "{:?}", c.paragraphs);
        // A linked subheading inside the article does not cut it.
        let page = format!("<div><p>{p}</p><p>{p} Again.</p><h3><a href=\"/x\">The plan</a></h3><p>{p} More.</p><p>{p} Last.</p></div>");
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 4, "{:?}", c.paragraphs);
    }

    #[test]
    fn a_paragraph_after_a_teaser_wrapped_in_the_body_is_kept() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let teaser = |i: usize| {
            format!(
                "<div><ul><li><h3><a href=\"/t{i}\">Bakery opens to long queues {i}</a></h3></li></ul></div>"
            )
        };
        let page = format!(
            "<div class=\"story\"><p>{p}</p>{}<p>Engineers will inspect the dam next week.</p><p>{p} Again.</p>{}<p>{p} Once more.</p></div>",
            teaser(1),
            teaser(2)
        );
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 4, "{:?}", c.paragraphs);
        assert!(!c.paragraphs.iter().any(|p| p.contains("Bakery")));
    }

    #[test]
    fn short_lines_of_the_article_stay_but_lone_labels_go() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let page = format!(
            "<div class=\"story\"><p>{p}</p><pre>flow_rate = 3.5 m3/s</pre><p>{p} Again.</p><p>Contact:</p><p>Archive</p><p>{p} Once more.</p></div>"
        );
        let c = classify(&blocks(&page).0);
        assert!(c.paragraphs.iter().any(|p| p == "flow_rate = 3.5 m3/s"), "{:?}", c.paragraphs);
        assert!(!c.paragraphs.iter().any(|p| p == "Contact:" || p == "Archive"), "{:?}", c.paragraphs);
    }

    #[test]
    fn lines_repeated_under_one_parent_are_the_article_own() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let step = "Water the beds early in the morning before the heat of the day.";
        let step2 = "Cover the soil with straw so that it keeps what water it gets.";
        let page = format!(
            "<div class=\"story\"><p>{p}</p><h2>Plan A</h2><p>{step}</p><p>{step2}</p><p>{p} Again.</p><h2>Plan B</h2><p>{step}</p><p>{step2}</p><p>{p} Once more.</p></div>"
        );
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.iter().filter(|p| *p == step).count(), 2, "{:?}", c.paragraphs);
        // A body printed twice in two elements is kept once.
        let page = format!("<div><p>{p}</p><p>{step}</p><p>{p} Again.</p></div><div><p>{p}</p><p>{step}</p><p>{p} Again.</p></div>");
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 3, "{:?}", c.paragraphs);
    }

    #[test]
    fn an_intro_between_headline_and_body_is_kept() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let intro = "Farmers in the valley have already lost part of the spring crop, and the board fears a second dry summer in a row.";
        let links: String = (0..6).map(|i| format!("<li><a href=\"/t{i}\">Topic {i}</a></li>")).collect();
        let page = format!(
            "<html><body><nav><a href=\"/\">Home</a></nav><main><div class=\"wrap\"><article><header><h1>Reservoir at a low</h1><h2>{intro} Subtitle.</h2></header><div class=\"intro\"><p>{intro}</p></div><ul>{links}</ul><div class=\"text\"><p>{p}</p><p>{p} Again.</p><p>{p} Once more.</p></div></article></div></main></body></html>"
        );
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.first().map(String::as_str), Some(intro), "{:?}", c.paragraphs);
        assert_eq!(c.paragraphs.len(), 4, "{:?}", c.paragraphs);
    }

    #[test]
    fn a_heading_below_the_last_paragraph_is_no_body() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let page = format!(
            "<div class=\"story\"><p>{p}</p><h3>What comes next</h3><p>{p} Again.</p><p>{p} Once more.</p><h3>Stay in touch with us</h3></div>"
        );
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 4, "{:?}", c.paragraphs);
        assert_eq!(c.paragraphs[1], "What comes next");
    }

    #[test]
    fn a_consent_banner_is_boilerplate_however_long() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let legal = "We store and read information on your device to measure how the site is used, to remember your preferences and to show you advertising that suits you, with partners who may combine it with other data.";
        let banner: String = (0..3).map(|i| format!("<p>{legal} Purpose {i}.</p>")).collect();
        let page = format!(
            "<html class=\"cookie-consent-shown\"><body><div><p>{p}</p><p>{p} Again.</p></div><div class=\"site-cookiebanner\">{banner}</div></body></html>"
        );
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 2, "{:?}", c.paragraphs);
    }

    #[test]
    fn a_label_heading_its_own_widget_covers_the_blurbs_too() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let blurb = "A bakery on the high street drew long queues on its first morning, and its owners said they would open a second shop in the spring, they said.";
        let page = format!(
            "<div><p>{p}</p><p>{p} Again.</p></div><div><h3>You may also like</h3><div><p>{blurb}</p></div><div><p>{blurb} Two.</p></div></div>"
        );
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 2, "{:?}", c.paragraphs);
    }

    #[test]
    fn a_lead_set_as_a_heading_is_body() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let lead = "Engineers will inspect the main dam next week after a dry winter, the board said, and farmers in the valley fear for the spring crop.";
        let page = format!("<article><h1>Reservoir at a low</h1><h2>{lead}</h2><h2>What comes next</h2><p>{p}</p><p>{p} Again.</p></article>");
        let c = classify(&blocks(&page).0);
        assert_eq!(
            c.paragraphs,
            vec![lead.to_string(), "What comes next".into(), p.into(), format!("{p} Again.")]
        );
    }

    #[test]
    fn a_body_in_one_paragraph_keeps_its_lists() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use";
        let page = format!(
            "<nav><ul><li><a href=\"/\">Home</a></li></ul></nav><div class=\"story\"><p>{p}.<br>{p} again.<br>{p} once more.</p><ul><li>Hoses may not be used</li><li>Pools stay empty</li></ul></div>"
        );
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 5, "{:?}", c.paragraphs);
    }

    #[test]
    fn a_long_sentence_dense_with_links_is_prose() {
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let linked = "<a href=\"/a\">The county water board</a> and <a href=\"/b\">the regional farmers' union of the upper valley</a> met <a href=\"/c\">the state environment minister and her deputy</a> on Monday to discuss the drought.";
        let page = format!("<div><p>{linked}</p><p>{p}</p><p>{p} Again.</p></div>");
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 3, "{:?}", c.paragraphs);
    }

    #[test]
    fn article_body_from_json_ld() {
        let page = r#"<script type="application/ld+json">[{"@type":"WebPage"},{"@graph":[{"@type":["NewsArticle"],"articleBody":"First line &amp; more.\n\n  Second   line."}]}]</script>"#;
        let body = blocks(page).1.body.unwrap();
        assert_eq!(body_paragraphs(&body), vec!["First line & more.", "Second line."]);
        let html = "<p>One <b>bold</b> claim.</p><p>Two&nbsp;claims.</p>";
        assert_eq!(body_paragraphs(html), vec!["One bold claim.", "Two claims."]);
        // Broken JSON and bodies of the wrong shape give nothing, and never panic.
        for bad in [r#"{"@type":"Article","articleBody":"#, r#"{"@type":"Article","articleBody":7}"#] {
            let page = format!("<script type=\"application/ld+json\">{bad}</script>");
            assert_eq!(blocks(&page).1.body, None);
        }
    }

    #[test]
    fn class_words_split_camel_case_and_name_author_boxes() {
        let words: Vec<&str> = class_words("TestReport__AuthorBox m-author__desc NEWS").collect();
        assert_eq!(words, vec!["Test", "Report", "Author", "Box", "m", "author", "desc", "NEWS"]);
        let p = "The reservoir had fallen to its lowest level in a decade, the county water board said on Tuesday, and asked residents to cut their use.";
        let bio = "Ana Reyes covers water and farming for the paper and has written about the valley for twenty years, from floods to droughts.";
        let page = format!(
            "<article><div class=\"body\"><p>{p}</p><p>{p} Again.</p></div><footer><div class=\"ArticleAuthorBio\"><p>{bio}</p></div><div class=\"NewsletterModule\"><p>{bio} Sign up.</p></div></footer></article>"
        );
        let c = classify(&blocks(&page).0);
        assert_eq!(c.paragraphs.len(), 2, "{:?}", c.paragraphs);
        assert!(c.removed.iter().any(|r| r.reason == storyweave_model::RemovalReason::AuthorBio));
    }

    #[test]
    fn broken_and_deep_html_does_not_panic() {
        let deep = "<div>".repeat(5_000) + "text" + &"</div>".repeat(10);
        let _ = blocks(&deep);
        let _ = blocks("<p>unclosed <b>bold <i>italic");
        let _ = blocks("");
        let _ = blocks("<meta property=\"article:published_time\" content=\"garbage\">");
    }
}
