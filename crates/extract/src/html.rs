//! The HTML path's reader: a page becomes blocks (one per block element, with the boilerplate
//! container it sits in and its link density) and page metadata (meta tags, JSON-LD, `<time>`).

use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;
use storyweave_model::Timestamp;
use storyweave_text::dates;

use crate::block::{Block, Container};
use crate::PageMeta;

/// Elements that end one block and start another.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "br",
];

/// Elements whose text is never article text.
const SKIP_TAGS: &[&str] = &[
    "button", "canvas", "embed", "head", "iframe", "input", "noscript", "object", "option", "script",
    "select", "style", "svg", "template", "textarea", "video", "audio", "map",
];

pub(crate) fn blocks(html: &str) -> (Vec<Block>, PageMeta) {
    let doc = Html::parse_document(html);
    let meta = page_meta(&doc);
    (walk(&doc), meta)
}

/// Context of an open element, kept on a stack while walking the tree.
#[derive(Clone, Copy)]
struct Frame {
    container: Container,
    skip: bool,
    link: bool,
    list_item: bool,
    heading: Option<u8>,
}

#[derive(Default)]
struct Buffer {
    text: String,
    link_chars: usize,
}

/// Characters of text under each element, indexed by the order in which elements open in a
/// traversal, so a wrapper that holds most of the page is never taken for boilerplate whatever
/// its class says ("Page-ad-margins", "content paywall"). Also returns the page total.
fn text_sizes(doc: &Html) -> (Vec<usize>, usize) {
    use ego_tree::iter::Edge;
    let mut sizes = Vec::new();
    // (index in `sizes`, characters so far) of each open element; the root counts the total.
    let mut stack: Vec<(usize, usize)> = vec![(usize::MAX, 0)];
    // Script and style text is no page text: it would dwarf the article in its wrapper.
    let mut skipping = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    stack.push((sizes.len(), 0));
                    sizes.push(0);
                    skipping += usize::from(SKIP_TAGS.contains(&el.name()));
                }
                Node::Text(t) if skipping == 0 => {
                    if let Some(top) = stack.last_mut() {
                        top.1 += t.trim().len();
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    skipping -= usize::from(SKIP_TAGS.contains(&el.name()) && skipping > 0);
                    let (at, n) = stack.pop().unwrap_or((usize::MAX, 0));
                    if let Some(slot) = sizes.get_mut(at) {
                        *slot = n;
                    }
                    if let Some(top) = stack.last_mut() {
                        top.1 += n;
                    }
                }
            }
        }
    }
    (sizes, stack.first().map_or(0, |r| r.1))
}

/// Deepest DOM path kept as a block's ancestry.
const MAX_DEPTH: usize = 256;

/// Share of the page's text above which an element is a wrapper, not a boilerplate container.
const WRAPPER_SHARE: f32 = 0.4;

fn walk(doc: &Html) -> Vec<Block> {
    use ego_tree::iter::Edge;
    let (sizes, total) = text_sizes(doc);
    let mut opened = 0usize;
    let mut out: Vec<Block> = Vec::new();
    let root =
        Frame { container: Container::Content, skip: false, link: false, list_item: false, heading: None };
    let mut stack: Vec<Frame> = vec![root];
    let mut buf = Buffer::default();
    let mut in_article = 0usize;
    let mut boundary = false;
    // Serial numbers of the open elements, root first: a block's DOM ancestry.
    let mut path: Vec<u32> = Vec::new();
    let mut serial = 0u32;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    boundary = true;
                    let name = el.name();
                    let top = *stack.last().unwrap_or(&root);
                    if BLOCK_TAGS.contains(&name) {
                        flush(&mut buf, &top, &path, &mut out);
                    }
                    if matches!(name, "article" | "main") {
                        in_article += 1;
                    }
                    // Same traversal order as text_sizes: the element's size is the next entry.
                    let size = sizes.get(opened).copied().unwrap_or(0);
                    opened += 1;
                    let wrapper = size as f32 > WRAPPER_SHARE * total as f32;
                    let own = if wrapper { Container::Content } else { container_of(el, in_article > 0) };
                    let container = if top.container == Container::Content { own } else { top.container };
                    serial += 1;
                    path.push(serial);
                    stack.push(Frame {
                        container,
                        skip: top.skip || SKIP_TAGS.contains(&name),
                        link: top.link || name == "a",
                        list_item: top.list_item || name == "li",
                        heading: heading_level(name).or(top.heading),
                    });
                }
                Node::Text(t) => {
                    let top = stack.last().copied().unwrap_or(root);
                    if !top.skip {
                        let before = buf.text.len();
                        push_text(&mut buf.text, t, boundary);
                        boundary = false;
                        if top.link {
                            buf.link_chars += buf.text.len() - before;
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    boundary = true;
                    let name = el.name();
                    let top = stack.pop().unwrap_or(root);
                    if BLOCK_TAGS.contains(&name) {
                        flush(&mut buf, &top, &path, &mut out);
                    }
                    path.pop();
                    if matches!(name, "article" | "main") {
                        in_article = in_article.saturating_sub(1);
                    }
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
    for c in t.chars() {
        if !c.is_whitespace() {
            buf.push(c);
        } else if !buf.is_empty() && !buf.ends_with(' ') {
            buf.push(' ');
        }
    }
}

fn flush(buf: &mut Buffer, frame: &Frame, path: &[u32], out: &mut Vec<Block>) {
    let text = buf.text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !text.is_empty() {
        let after_gap = out.last().is_none_or(|p| p.container != frame.container) || frame.heading.is_some();
        out.push(Block {
            link_density: (buf.link_chars as f32 / buf.text.len().max(1) as f32).min(1.0),
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
    *buf = Buffer::default();
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

/// The boilerplate container an element opens, from its tag, role, class and id.
fn container_of(el: &scraper::node::Element, in_article: bool) -> Container {
    match el.name() {
        "nav" => return Container::Navigation,
        "header" if !in_article => return Container::Navigation,
        "footer" if !in_article => return Container::Footer,
        "aside" => return Container::Related,
        "form" => return Container::Widget,
        "figcaption" => return Container::Caption,
        _ => {}
    }
    match el.attr("role") {
        Some("navigation" | "menubar" | "menu") => return Container::Navigation,
        Some("contentinfo") => return Container::Footer,
        Some("complementary") => return Container::Related,
        _ => {}
    }
    let mut names = String::new();
    for v in [el.attr("class"), el.attr("id")].into_iter().flatten() {
        names.push(' ');
        names.push_str(&v.to_ascii_lowercase());
    }
    let tokens: Vec<&str> =
        names.split(|c: char| !c.is_ascii_alphanumeric()).filter(|t| !t.is_empty()).collect();
    let has = |words: &[&str]| tokens.iter().any(|t| words.contains(t));
    if has(&[
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
        "signup",
        "modal",
        "popup",
        "paywall",
        "donate",
    ]) {
        Container::Widget
    } else if has(&["share", "sharing", "social", "sharebar"]) {
        Container::Social
    } else if has(&[
        "related",
        "recommended",
        "recommendations",
        "sidebar",
        "trending",
        "popular",
        "mostread",
        "outbrain",
        "taboola",
        "teaser",
        "teasers",
    ]) {
        Container::Related
    } else if has(&["nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "masthead", "topbar"])
    {
        Container::Navigation
    } else if has(&["footer"]) && !in_article {
        Container::Footer
    } else if has(&["caption", "credit", "credits"]) {
        Container::Caption
    } else {
        Container::Content
    }
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    match Selector::parse(css) {
        Ok(s) => doc.select(&s).collect(),
        Err(_) => Vec::new(),
    }
}

fn meta_content(doc: &Html, keys: &[&str]) -> Option<String> {
    for el in select(doc, "meta") {
        let v = el.value();
        let name = v.attr("property").or(v.attr("name")).or(v.attr("itemprop")).unwrap_or("");
        if keys.iter().any(|k| name.eq_ignore_ascii_case(k)) {
            if let Some(c) = v.attr("content").map(str::trim).filter(|c| !c.is_empty()) {
                return Some(c.to_string());
            }
        }
    }
    None
}

fn page_meta(doc: &Html) -> PageMeta {
    let ld = json_ld(doc);
    let ld_str = |k: &str| ld.iter().find_map(|v| v.get(k).and_then(Value::as_str).map(str::to_string));
    let text_of = |css: &str| {
        select(doc, css)
            .first()
            .map(|e| e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
    };

    let title = meta_content(doc, &["og:title", "twitter:title"])
        .or_else(|| ld_str("headline"))
        .or_else(|| text_of("h1"))
        .or_else(|| text_of("title"))
        .filter(|t| !t.is_empty());
    let published = [
        meta_content(
            doc,
            &[
                "article:published_time",
                "datePublished",
                "pubdate",
                "publish-date",
                "date",
                "dc.date",
                "dcterms.created",
                "sailthru.date",
                "parsely-pub-date",
            ],
        ),
        ld_str("datePublished"),
        select(doc, "time[datetime]").first().and_then(|e| e.value().attr("datetime").map(str::to_string)),
    ]
    .into_iter()
    .flatten()
    .find_map(|s| dates::parse_datetime(&s));
    let mut authors: Vec<String> = ld.iter().flat_map(|v| names(v.get("author"))).collect();
    if authors.is_empty() {
        authors = meta_content(doc, &["author", "article:author", "parsely-author"]).into_iter().collect();
    }
    if authors.is_empty() {
        authors = select(doc, "[rel=author]")
            .iter()
            .map(|e| e.text().collect::<String>().trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
    }
    authors.dedup();
    let outlet = meta_content(doc, &["og:site_name", "application-name"])
        .or_else(|| ld.iter().find_map(|v| names(v.get("publisher")).into_iter().next()));
    let url = select(doc, "link[rel=canonical]")
        .first()
        .and_then(|e| e.value().attr("href").map(str::to_string))
        .or_else(|| meta_content(doc, &["og:url"]))
        .filter(|u| u.starts_with("http"));
    let language = select(doc, "html[lang]")
        .first()
        .and_then(|e| e.value().attr("lang"))
        .map(|l| l.split(['-', '_']).next().unwrap_or(l).to_ascii_lowercase())
        .filter(|l| (2..=3).contains(&l.len()));
    PageMeta { title, published: published.map(|d: Timestamp| d), authors, outlet, url, language }
}

/// Article-like objects from the page's JSON-LD (`@graph` flattened).
fn json_ld(doc: &Html) -> Vec<Value> {
    let mut out = Vec::new();
    for el in select(doc, r#"script[type="application/ld+json"]"#) {
        let text: String = el.text().collect();
        let Ok(v) = serde_json::from_str::<Value>(&text) else { continue };
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
    out
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
    fn broken_and_deep_html_does_not_panic() {
        let deep = "<div>".repeat(5_000) + "text" + &"</div>".repeat(10);
        let _ = blocks(&deep);
        let _ = blocks("<p>unclosed <b>bold <i>italic");
        let _ = blocks("");
        let _ = blocks("<meta property=\"article:published_time\" content=\"garbage\">");
    }
}
