//! Property tests for both extraction paths, over arbitrary strings and bytes, structured random
//! HTML and structured random scraped-text pages. Whatever the input, extraction does not panic,
//! keeps the input's text (paragraphs come from the input, in order, and on the text path every
//! line is accounted for as a paragraph or a removed block) and never invents or doubles text.
//!
//! The budget is bounded (256 cases per property, small inputs) so that the suite runs in CI with
//! `cargo test`; failures are not persisted into the repository (proptest prints the failing input
//! and its seed instead).

use std::collections::HashMap;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use storyweave_extract::extract;
use storyweave_model::{Article, ContentKind, Document, Hints, Origin, SourceFormat};
use storyweave_read::{read_bytes, ReadOptions};
use storyweave_text::words::tidy_spacing;

/// 256 cases per property; `PROPTEST_CASES` asks for more (or fewer) in a local run.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

fn doc(kind: ContentKind, content: &str) -> Document {
    let format = match kind {
        ContentKind::Html => SourceFormat::Html,
        ContentKind::Text => SourceFormat::Text,
    };
    let origin = Origin { path: "page".into(), record: None, format };
    Document::new(origin, kind, content.as_bytes().to_vec(), content.to_string(), Hints::default())
}

fn well_formed(a: &Article) -> Result<(), TestCaseError> {
    for p in &a.paragraphs {
        prop_assert!(!p.is_empty(), "empty paragraph");
        prop_assert_eq!(p.as_str(), p.trim(), "paragraph with surrounding whitespace");
    }
    for r in &a.removed {
        prop_assert!(!r.text.trim().is_empty(), "removed block without text: {:?}", r);
    }
    Ok(())
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Occurrences of `needle` in `hay` that do not overlap.
fn occurrences(hay: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 0;
    }
    hay.match_indices(needle).count()
}

// ---------------------------------------------------------------------------------------------
// The text path's line accounting.

/// What the text path treats as a bullet marker (`text.rs`).
const BULLETS: &[char] = &['•', '·', '▪', '‣', '◦', '●', '*', '-', '–'];
/// What may stand between a leading date and the rest of its line.
const SEPARATORS: &[char] = &['|', '-', '–', '—', ':', ','];

fn is_separator(c: char) -> bool {
    c.is_whitespace() || SEPARATORS.contains(&c)
}

/// The texts a line may stand for: itself, trimmed, and without its bullet marker. Empty when
/// the line carries no text (blank, or a lone bullet marker).
fn line_texts(line: &str) -> Vec<&str> {
    let t = line.trim();
    let mut out = Vec::new();
    if t.is_empty() {
        return out;
    }
    let mut chars = t.chars();
    let first = chars.next().unwrap_or(' ');
    let rest = chars.as_str();
    let bullet = BULLETS.contains(&first) && (rest.is_empty() || rest.starts_with(char::is_whitespace));
    if bullet {
        // A lone marker is a bullet line with no text.
        if !rest.trim().is_empty() {
            out.push(rest.trim());
        }
    } else {
        out.push(t);
    }
    out
}

/// Splits of `t` into a leading date part and the rest: (head, tail) with only separators
/// between them.
fn splits(t: &str) -> impl Iterator<Item = (&str, &str)> {
    t.char_indices().skip(1).flat_map(move |(k, _)| {
        let head = &t[..k];
        let rest = &t[k..];
        rest.char_indices()
            .take_while(|&(_, c)| is_separator(c))
            .map(|(j, _)| j)
            .chain(std::iter::once(rest.len() - rest.trim_start_matches(is_separator).len()))
            .filter(move |&j| j < rest.len())
            .map(move |j| (head, &rest[j..]))
            .filter(|(h, tail)| !h.ends_with(char::is_whitespace) && !tail.starts_with(char::is_whitespace))
    })
}

/// Whether `piece` is one of the texts a line yields: the whole line, or either part of it split
/// at a leading date.
fn is_piece_of(piece: &str, line: &str) -> bool {
    line_texts(line).into_iter().any(|t| piece == t || splits(t).any(|(h, r)| h == piece || r == piece))
}

/// Whether `paragraph` is one of the texts a line yields, as paragraphs are printed: with the
/// stray spaces of scraping taken out (see `tidy_spacing`).
fn is_paragraph_of(paragraph: &str, line: &str) -> bool {
    let is = |t: &str| tidy_spacing(t) == paragraph;
    line_texts(line).into_iter().any(|t| is(t) || splits(t).any(|(h, r)| is(h) || is(r)))
}

/// The input's lines: ended by a line feed, CR LF, or a lone carriage return.
fn lines(content: &str) -> Vec<&str> {
    content.lines().flat_map(|l| l.split('\r')).collect()
}

/// Check a text-path article against its input.
fn text_accounting(content: &str, a: &Article) -> Result<(), TestCaseError> {
    well_formed(a)?;
    let lines = lines(content);

    // Paragraphs come from the input's lines, in order.
    let mut at = 0usize;
    for p in &a.paragraphs {
        let found = (at..lines.len()).find(|&i| is_paragraph_of(p, lines[i]));
        prop_assert!(found.is_some(), "paragraph {:?} is not a line of the input (from line {})", p, at + 1);
        at = found.unwrap_or(at);
    }

    // A removed block names its line.
    for r in &a.removed {
        let line = r.line.and_then(|n| n.checked_sub(1)).and_then(|i| lines.get(i));
        prop_assert!(line.is_some_and(|l| is_piece_of(&r.text, l)), "removed {:?} is not on its line", r);
    }

    // No paragraph is printed more often than the input prints it.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for p in &a.paragraphs {
        *counts.entry(p).or_default() += 1;
    }
    for (p, n) in counts {
        let inputs = lines.iter().filter(|l| is_paragraph_of(p, l)).count();
        prop_assert!(n <= inputs, "paragraph {:?} appears {} times, {} in the input", p, n, inputs);
    }

    // Nothing lost, nothing invented: every line with text is one paragraph or removed block, or
    // two (a leading date split off), and nothing else is left over.
    // Removed blocks are kept as written, paragraphs tidied: a text is either.
    let mut pool: HashMap<String, usize> = HashMap::new();
    for t in a.paragraphs.iter().chain(a.removed.iter().map(|r| &r.text)) {
        *pool.entry(t.clone()).or_default() += 1;
    }
    let held = |pool: &HashMap<String, usize>, t: &str| {
        [t.to_string(), tidy_spacing(t).into_owned()]
            .into_iter()
            .find(|k| pool.get(k).is_some_and(|&n| n > 0))
    };
    let take = |pool: &mut HashMap<String, usize>, t: &str| match held(pool, t) {
        Some(k) => {
            *pool.entry(k).or_default() -= 1;
            true
        }
        None => false,
    };
    for (i, line) in lines.iter().enumerate() {
        let texts = line_texts(line);
        if texts.is_empty() {
            continue;
        }
        let mut found = false;
        for t in texts {
            if take(&mut pool, t) {
                found = true;
                break;
            }
            let split = splits(t).find(|(h, r)| {
                let mut left = pool.clone();
                take(&mut left, h) && take(&mut left, r)
            });
            if let Some((h, r)) = split {
                take(&mut pool, h);
                take(&mut pool, r);
                found = true;
                break;
            }
        }
        prop_assert!(found, "line {} {:?} is in neither the paragraphs nor the removed blocks", i + 1, line);
    }
    let left: Vec<_> = pool.into_iter().filter(|&(_, n)| n > 0).collect();
    prop_assert!(left.is_empty(), "text that is no line of the input: {:?}", left);
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.

const WORDS: &[&str] = &[
    "the",
    "council",
    "said",
    "on",
    "Monday",
    "that",
    "river",
    "had",
    "risen",
    "two",
    "metres",
    "and",
    "residents",
    "were",
    "asked",
    "to",
    "leave",
    "their",
    "homes",
    "before",
    "night",
    "officials",
    "water",
    "board",
    "bridge",
    "closed",
    "after",
    "storm",
    "of",
    "in",
    "a",
    "week",
    "town",
    "mayor",
    "told",
    "reporters",
    "would",
    "reopen",
    "when",
    "engineers",
    "had",
    "inspected",
    "it",
    "Ana",
    "Reyes",
    "Vesterholm",
    "police",
    "school",
    "budget",
    "vote",
    "€4m",
    "20%",
    "café",
    "naïve",
    "Zürich",
    "São",
    "Paulo",
    "東京",
    "كلمة",
    "שלום",
    "😀",
    "3.5",
    "1,200",
    "—",
    "“quoted”",
];
const MENU: &[&str] =
    &["Home", "News", "Sport", "World", "Business", "Opinion", "Culture", "Weather", "Video", "Live"];
const LABELS: &[&str] = &[
    "Most read",
    "Breaking",
    "BREAKING NEWS",
    "Related",
    "Related stories:",
    "Tags",
    "Topics:",
    "Latest",
    "Trending now",
    "You may also like",
    "More from Valley",
    "Read more",
    "Headlines",
];
const DATES: &[&str] = &[
    "date 2026-03-14",
    "Published: 3 March 2026",
    "16 Oct 2025 23:43",
    "Oct. 16, 2025 9:12 PM",
    "2025-10-16T08:30:00Z",
    "Updated 2026/3/4",
    "9999-99-99",
    "date 9999-99-99",
    "0000-00-00",
    "February 30, 2026",
    "2026-02-29T25:61:61+99:99",
    "99 Smarch 2026",
    "March 3, 2026",
];
const BOILERPLATE: &[&str] = &[
    "By Ana Reyes",
    "By Ana Reyes and Lee Park in Vesterholm",
    "Source: Valley Wire",
    "© 2026 Valley Courier. All rights reserved.",
    "Privacy policy",
    "Share",
    "Facebook",
    "X",
    "WhatsApp",
    "Copy link",
    "5 min read",
    "Reading time: 3 minutes",
    "Must Read: Ten things to know about the river",
    "Workers at the dam on Monday (Lee Park/Valley Wire)",
    "Photo: Lee Park",
    "pic.twitter.com/AbC123",
    "— Town of Elm (@ElmTown) March 3, 2026",
    "https://twitter.com/elm/status/123",
    "Ana Reyes is a senior reporter at the Valley Courier. You can reach her at ana@example.org",
];
const ODD: &[&str] = &[
    "\u{200b}",
    "\u{200b}\u{200d}\u{feff}",
    "\u{202e}reversed\u{202c}",
    "...",
    "!!!",
    "?",
    "—",
    "()",
    "(@)",
    "😀😀",
    "👩‍👩‍👧‍👦",
    "مرحبا بالعالم",
    "עברית",
    "日本語の文章です。",
    "Z\u{301}\u{302}\u{303}",
    "\u{fffd}",
    "\u{a0}",
    "&amp;",
    "<p>",
    "a\tb",
    "x\u{85}y",
];

fn sentence(min: usize, max: usize) -> impl Strategy<Value = String> {
    (vec(select(WORDS), min..max), select(&[".", ".", ".", "?", "!", "", ",", ":", "\u{2026}"][..])).prop_map(
        |(words, end)| {
            let mut s = words.join(" ");
            if let Some(first) = s.chars().next() {
                let upper: String = first.to_uppercase().collect();
                s.replace_range(..first.len_utf8(), &upper);
            }
            s + end
        },
    )
}

fn odd_text() -> impl Strategy<Value = String> {
    prop_oneof![
        select(ODD).prop_map(str::to_string),
        "\\PC{1,24}",
        vec(select(ODD), 1..4).prop_map(|v| v.concat()),
    ]
}

// ---------------------------------------------------------------------------------------------
// Scraped text pages.

fn text_line() -> impl Strategy<Value = String> {
    let bullet = select(&["• ", "- ", "* ", "· ", "–", "•", "◦ ", "●\t"][..]);
    prop_oneof![
        6 => sentence(8, 40),
        2 => sentence(2, 7),
        2 => select(MENU).prop_map(str::to_string),
        3 => (bullet.clone(), select(MENU)).prop_map(|(b, m)| format!("{b}{m}")),
        1 => (bullet, sentence(3, 30)).prop_map(|(b, s)| format!("{b}{s}")),
        2 => select(DATES).prop_map(str::to_string),
        2 => (select(DATES), select(&[" ", " | ", " - ", ": ", " \t| ", ""][..]), sentence(3, 20))
            .prop_map(|(d, sep, s)| format!("{d}{sep}{s}")),
        2 => select(LABELS).prop_map(str::to_string),
        3 => select(BOILERPLATE).prop_map(str::to_string),
        1 => (sentence(4, 15), select(&["pic.twitter.com/xyz", "t.co/abc", "(AP)", "(Lee Park/Reuters)"][..]))
            .prop_map(|(s, e)| format!("{s} {e}")),
        1 => odd_text(),
        3 => Just(String::new()),
        1 => "[ \t\u{a0}\u{3000}]{1,4}",
    ]
}

/// A scraped page: lines, some indented, ended by line feeds.
fn text_page() -> impl Strategy<Value = String> {
    (vec((text_line(), select(&["", "", "", "  ", "\t"][..])), 0..40), any::<bool>()).prop_map(
        |(lines, doubled)| {
            let mut page: String =
                lines.iter().map(|(l, indent)| format!("{indent}{l}")).collect::<Vec<_>>().join("\n");
            if doubled {
                // A body printed twice, as some scrapes have it.
                page = format!("{page}\n{page}");
            }
            page
        },
    )
}

/// A page that prints its body twice (as scrapes of AMP and regular versions do), short lines
/// (share buttons, bullets, datelines) between the paragraphs in both copies.
fn doubled_body_page() -> impl Strategy<Value = (String, Vec<String>)> {
    let short = prop_oneof![
        select(MENU).prop_map(|m| format!("• {m}")),
        select(&["Share", "Facebook", "Copy link", "Advertisement"][..]).prop_map(str::to_string),
        select(DATES).prop_map(str::to_string),
        Just(String::new()),
    ];
    (vec(text_line(), 0..6), vec((sentence(10, 30), vec(short, 0..3)), 2..6), vec(text_line(), 0..6))
        .prop_filter("distinct paragraphs", |(_, body, _)| {
            let mut seen = std::collections::HashSet::new();
            body.iter().all(|(p, _)| seen.insert(p.clone()))
        })
        .prop_map(|(head, body, tail)| {
            let paragraphs = body.iter().map(|(p, _)| p.clone()).collect();
            let body: Vec<String> =
                body.into_iter().flat_map(|(p, shorts)| std::iter::once(p).chain(shorts)).collect();
            ([head, body.clone(), body, tail].concat().join("\n"), paragraphs)
        })
}

// ---------------------------------------------------------------------------------------------
// Structured HTML.

/// Marks script and style text, which must never reach the article.
const HIDDEN: &str = "HiddenScriptText";

#[derive(Debug, Clone)]
enum Node {
    Text(String),
    /// script or style, with its raw text.
    Raw(&'static str, String),
    /// A void element, rendered.
    Void(String),
    El(&'static str, String, Vec<Node>),
}

const TAGS: &[&str] = &[
    "div",
    "div",
    "p",
    "p",
    "p",
    "span",
    "a",
    "b",
    "em",
    "ul",
    "ol",
    "li",
    "li",
    "nav",
    "aside",
    "footer",
    "header",
    "article",
    "main",
    "section",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "figure",
    "figcaption",
    "time",
    "blockquote",
];
const CLASSES: &[&str] = &[
    "nav",
    "menu",
    "navbar",
    "breadcrumb",
    "footer",
    "share",
    "social",
    "related",
    "sidebar",
    "trending",
    "comment",
    "comments",
    "newsletter",
    "ad",
    "ads",
    "promo",
    "cookie",
    "paywall",
    "caption",
    "credit",
    "teaser",
    "article",
    "content",
    "story",
    "body",
    "post",
    "entry",
    "main",
    "x1",
    "Page-ad-margins",
    "article-body",
    "c-share__bar",
    "",
];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn attrs() -> impl Strategy<Value = String> {
    use proptest::option::weighted;
    (
        prop_oneof![2 => Just(Vec::new()), 1 => vec(select(CLASSES), 1..3)],
        weighted(0.2, select(CLASSES)),
        weighted(0.1, select(&["navigation", "contentinfo", "complementary", "main", "menu"][..])),
        weighted(0.15, prop_oneof![select(DATES).prop_map(str::to_string), "\\PC{0,12}"]),
    )
        .prop_map(|(classes, id, role, datetime)| {
            let mut s = String::new();
            if !classes.is_empty() {
                s += &format!(" class=\"{}\"", classes.join(" "));
            }
            if let Some(id) = id {
                s += &format!(" id=\"{id}\"");
            }
            if let Some(role) = role {
                s += &format!(" role=\"{role}\"");
            }
            if let Some(d) = datetime {
                s += &format!(" datetime=\"{}\" href=\"/{}\"", escape(&d), escape(&d));
            }
            s
        })
}

fn html_leaf() -> impl Strategy<Value = Node> {
    let meta_name = select(
        &["article:published_time", "date", "author", "og:title", "og:site_name", "pubdate", "description"][..],
    );
    let meta_value = prop_oneof![select(DATES).prop_map(str::to_string), "\\PC{0,16}", sentence(1, 6)];
    prop_oneof![
        5 => sentence(6, 40).prop_map(Node::Text),
        2 => sentence(1, 6).prop_map(Node::Text),
        2 => select(MENU).prop_map(|m| Node::Text(m.to_string())),
        2 => select(BOILERPLATE).prop_map(|m| Node::Text(m.to_string())),
        1 => select(LABELS).prop_map(|m| Node::Text(m.to_string())),
        1 => select(DATES).prop_map(|m| Node::Text(m.to_string())),
        1 => odd_text().prop_map(Node::Text),
        1 => "[ \t\n\u{a0}]{1,3}".prop_map(Node::Text),
        1 => (select(&["script", "style"][..]), "[a-z ={}();.\"']{0,30}")
            .prop_map(|(tag, code)| Node::Raw(tag, format!("{HIDDEN} {code} \"<p>{HIDDEN} in a tag</p>\""))),
        1 => (meta_name, meta_value)
            .prop_map(|(n, v)| Node::Void(format!("<meta name=\"{n}\" content=\"{}\">", escape(&v)))),
        1 => Just(Node::Void("<br>".to_string())),
    ]
}

fn html_tree() -> impl Strategy<Value = Node> {
    html_leaf().prop_recursive(6, 80, 6, |inner| {
        (select(TAGS), attrs(), vec(inner, 0..6))
            .prop_map(|(tag, attrs, children)| Node::El(tag, attrs, children))
    })
}

fn render(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => out.push_str(&escape(t)),
        Node::Raw(tag, code) => out.push_str(&format!("<{tag}>{code}</{tag}>")),
        Node::Void(v) => out.push_str(v),
        Node::El(tag, attrs, children) => {
            out.push_str(&format!("<{tag}{attrs}>"));
            for c in children {
                render(c, out);
            }
            out.push_str(&format!("</{tag}>"));
        }
    }
}

/// The text a reader sees, in document order, one entry per text node.
fn visible(node: &Node, out: &mut Vec<String>) {
    match node {
        Node::Text(t) => out.push(t.clone()),
        Node::Raw(..) | Node::Void(_) => {}
        Node::El(_, _, children) => children.iter().for_each(|c| visible(c, out)),
    }
}

fn html_page() -> impl Strategy<Value = (String, Vec<String>)> {
    (vec(html_tree(), 0..6), any::<bool>()).prop_map(|(nodes, head)| {
        let mut html = String::from("<!doctype html><html lang=\"en\"><head><title>Page title</title>");
        if head {
            html += "<meta property=\"og:site_name\" content=\"Valley Courier\"><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"H\",\"author\":{\"name\":\"A\"}}</script>";
        }
        html += "</head><body>";
        let mut texts = Vec::new();
        for n in &nodes {
            render(n, &mut html);
            visible(n, &mut texts);
        }
        html += "</body></html>";
        (html, texts)
    })
}

fn html_accounting(html: &str, texts: &[String], a: &Article) -> Result<(), TestCaseError> {
    well_formed(a)?;
    let page = squeeze(&texts.concat());
    // Paragraphs are the page's text, in order (spacing aside: inline elements may join or split
    // words differently from the source).
    let mut at = 0usize;
    for p in &a.paragraphs {
        let p = squeeze(p);
        let found = page[at..].find(&p);
        prop_assert!(found.is_some(), "paragraph {:?} is not page text in order\n{}", p, html);
        at += found.unwrap_or(0) + p.len();
        prop_assert!(!p.contains(HIDDEN), "script text in the article");
    }
    // Script and style text is never a block.
    for r in &a.removed {
        prop_assert!(!r.text.contains(HIDDEN), "script text in a removed block: {:?}", r.text);
    }
    // No paragraph is printed more often than the page prints it.
    let mut counts: HashMap<String, usize> = HashMap::new();
    for p in &a.paragraphs {
        *counts.entry(squeeze(p)).or_default() += 1;
    }
    for (p, n) in counts {
        let inputs = occurrences(&page, &p);
        prop_assert!(n <= inputs, "paragraph {:?} appears {} times, {} on the page", p, n, inputs);
    }
    // Nothing lost: every text node is inside one paragraph or removed block.
    let blocks: Vec<String> =
        a.paragraphs.iter().map(|p| squeeze(p)).chain(a.removed.iter().map(|r| squeeze(&r.text))).collect();
    for t in texts {
        let t = squeeze(t);
        if !t.is_empty() {
            prop_assert!(blocks.iter().any(|b| b.contains(&t)), "text {:?} was lost\n{}", t, html);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_strings(s in prop_oneof![any::<String>(), "[<>/a-z =\"'!&;#0-9\n\r\t\u{0}\u{200b}é😀•-]{0,300}"]) {
        well_formed(&extract(&doc(ContentKind::Html, &s)))?;
        text_accounting(&s, &extract(&doc(ContentKind::Text, &s)))?;
    }

    #[test]
    fn arbitrary_bytes_through_the_reader(
        bytes in vec(any::<u8>(), 0..600),
        name in select(&["page.txt", "page.html", "-", "page.json", "page.jsonl", "page.warc"][..]),
    ) {
        let lossy = String::from_utf8_lossy(&bytes);
        well_formed(&extract(&doc(ContentKind::Html, &lossy)))?;
        text_accounting(&lossy, &extract(&doc(ContentKind::Text, &lossy)))?;
        let mut docs = Vec::new();
        read_bytes(name, bytes, &ReadOptions::default(), &mut |r| docs.extend(r.ok()));
        for d in &docs {
            well_formed(&extract(d))?;
        }
    }

    #[test]
    fn text_pages(page in text_page()) {
        let a = extract(&doc(ContentKind::Text, &page));
        text_accounting(&page, &a)?;
        // Line ends do not matter: CR LF (Windows) and a lone CR (old Mac) read as a line feed.
        for end in ["\r\n", "\r"] {
            let other = page.replace('\n', end);
            let b = extract(&doc(ContentKind::Text, &other));
            text_accounting(&other, &b)?;
            prop_assert_eq!(&a.paragraphs, &b.paragraphs, "line ends {:?} change the body", end);
            prop_assert_eq!(&a.removed, &b.removed, "line ends {:?} change the removed blocks", end);
        }
        // The same page read as HTML is one run of text: nothing to break, nothing to lose.
        well_formed(&extract(&doc(ContentKind::Html, &page)))?;
    }

    #[test]
    fn a_body_printed_twice_is_kept_once((page, body) in doubled_body_page()) {
        let a = extract(&doc(ContentKind::Text, &page));
        text_accounting(&page, &a)?;
        for p in &body {
            let n = a.paragraphs.iter().filter(|q| *q == p).count();
            prop_assert!(n <= 1, "paragraph {:?} kept {} times", p, n);
        }
    }

    #[test]
    fn html_pages((html, texts) in html_page()) {
        html_accounting(&html, &texts, &extract(&doc(ContentKind::Html, &html)))?;
        well_formed(&extract(&doc(ContentKind::Text, &html)))?;
    }
}
