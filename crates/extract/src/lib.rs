//! The extract stage: from a [`Document`] (an HTML page or a scraped page as text) to an
//! [`Article`]: title, body paragraphs, published date, authors, outlet, language, and every
//! removed block with the reason it was removed.
//!
//! Both paths share one mechanism: the input becomes a sequence of [`block::Block`]s (lines of a
//! text scrape; block elements of an HTML page, with their DOM context), [`classify`] labels the
//! blocks and picks the body region, and [`lib`](self) assembles the article, with metadata given
//! by the user winning over what the page says.

mod block;
mod classify;
mod dom;
mod html;
mod text;

use std::collections::HashSet;
use std::path::Path;

use storyweave_model::{Article, ContentKind, Document, Hints, RemovalReason, Removed, Timestamp};
use storyweave_text::words::tidy_spacing;

pub use classify::Classified;

/// Metadata found in the page itself, before the user's hints are applied.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub published: Option<Timestamp>,
    pub authors: Vec<String>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// The article body the page's structured data gives (JSON-LD `articleBody`), as written.
    pub body: Option<String>,
}

/// Words of body below which an HTML page is read again without its class names and asides.
const RETRY_BELOW_WORDS: usize = 50;

/// Extract the article from a document.
pub fn extract(doc: &Document) -> Article {
    let (classified, page) = match doc.kind {
        ContentKind::Html => {
            let page = html::Page::parse(&doc.content);
            let mut c = classify::classify(&page.blocks(true));
            // Class names mislead on some pages ("and-w-sidebar" around the article): when
            // they leave next to no body, read the page again by its tags alone, as
            // readability retries without its unlikely-candidate rule.
            let words =
                |c: &Classified| c.paragraphs.iter().map(|p| p.split_whitespace().count()).sum::<usize>();
            if words(&c) < RETRY_BELOW_WORDS {
                let again = classify::classify(&page.blocks(false));
                if words(&again) > words(&c) * 2 {
                    c = again;
                }
            }
            let meta = page.meta();
            if let Some(body) = &meta.body {
                prefer_structured_body(&mut c, html::body_paragraphs(body));
            }
            (c, meta)
        }
        ContentKind::Text => (classify::classify(&text::blocks(&doc.content)), PageMeta::default()),
    };
    assemble(doc, &classified, page)
}

/// How many times the words of the body read from the markup the structured body must hold
/// to replace it: clearly more, not a rewording of about the same text.
const STRUCTURED_MORE: f32 = 1.3;

/// Share of the markup body's words that the structured body must hold too, so it is the same
/// article told in full and not another text (a teaser, a different story).
const STRUCTURED_COVERS: f32 = 0.8;

/// How many times the words of the markup's body a structured body may hold however little of
/// the markup's body it shares: a reading that small beside the page's own declared body is a
/// fragment or the wrong block, not the article.
const STRUCTURED_DWARFS: f32 = 3.0;

/// Replace the body read from the markup with the page's structured body where that is clearly
/// longer and the markup gave next to none, part of the same text, or a fragment a third its
/// size or less; the markup's body is kept as removed, so `clean` shows where the body came from.
fn prefer_structured_body(c: &mut Classified, structured: Vec<String>) {
    let words = |ps: &[String]| ps.iter().map(|p| p.split_whitespace().count()).sum::<usize>();
    let (ours, theirs) = (words(&c.paragraphs), words(&structured));
    if (theirs as f32) < STRUCTURED_MORE * ours as f32 || theirs <= ours {
        return;
    }
    if ours >= RETRY_BELOW_WORDS && (theirs as f32) < STRUCTURED_DWARFS * ours as f32 {
        let fold = |w: &str| w.trim_matches(|ch: char| !ch.is_alphanumeric()).to_lowercase();
        let known: HashSet<String> = structured.iter().flat_map(|p| p.split_whitespace()).map(fold).collect();
        let held = c
            .paragraphs
            .iter()
            .flat_map(|p| p.split_whitespace())
            .filter(|w| known.contains(&fold(w)))
            .count();
        if (held as f32) < STRUCTURED_COVERS * ours as f32 {
            return;
        }
    }
    let text = std::mem::replace(&mut c.paragraphs, structured).join(" ");
    c.removed.push(Removed { text, reason: RemovalReason::Superseded, line: None });
}

fn assemble(doc: &Document, c: &Classified, page: PageMeta) -> Article {
    let given: &Hints = &doc.hints;
    let title = given.title.clone().or(page.title).or_else(|| c.title.clone());
    let published = given.published.or(page.published).or(c.published);
    let mut authors = page.authors;
    if authors.is_empty() {
        authors = c.authors.clone();
    }
    let url = given.url.clone().or(page.url);
    let outlet = given
        .outlet
        .clone()
        .or(page.outlet)
        .or_else(|| c.site_name.clone())
        .or_else(|| url.as_deref().and_then(domain_of))
        .unwrap_or_else(|| file_stem(&doc.origin.path));
    let language = page.language.or_else(|| classify::guess_language(&c.paragraphs));
    Article {
        doc_id: doc.id.clone(),
        title,
        // Scraped text keeps the spaces removed links and tags leave ("Putin , describing").
        paragraphs: c.paragraphs.iter().map(|p| tidy_spacing(p).into_owned()).collect(),
        published,
        authors,
        outlet,
        url,
        language,
        removed: c.removed.clone(),
    }
}

/// The host of a URL without `www.`, as a last-resort outlet name.
fn domain_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.split('@').next_back()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && host.contains('.')).then(|| host.to_ascii_lowercase())
}

fn file_stem(path: &str) -> String {
    if path == "-" {
        return "stdin".to_string();
    }
    let name = Path::new(path).file_name().and_then(|n| n.to_str()).unwrap_or(path);
    // Strip every extension (".warc.gz", ".html").
    name.split('.').next().filter(|s| !s.is_empty()).unwrap_or(name).to_string()
}

/// The blocks of an HTML page, one line each (container, link density, heading, ancestry,
/// text), for looking into why a page extracts as it does; not a stable interface.
#[doc(hidden)]
pub fn debug_html_blocks(html: &str) -> String {
    let (blocks, _) = html::blocks(html);
    let mut out = String::new();
    for b in &blocks {
        let text: String = b.text.chars().take(90).collect();
        let depth = b.ancestors.len();
        let tail: Vec<String> = b.ancestors.iter().rev().take(4).rev().map(u32::to_string).collect();
        out += &format!(
            "{:?}\tld={:.2}\th={:?}\tli={}\td={}\t{}\t{}\n",
            b.container,
            b.link_density,
            b.heading,
            b.bullet,
            depth,
            tail.join("/"),
            text
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyweave_model::{Origin, SourceFormat};

    fn doc(kind: ContentKind, content: &str, hints: Hints) -> Document {
        let origin =
            Origin { path: "pages/some-outlet.txt".into(), record: None, format: SourceFormat::Text };
        Document::new(origin, kind, content.as_bytes().to_vec(), content.to_string(), hints)
    }

    #[test]
    fn given_metadata_wins_and_outlet_falls_back_to_file_name() {
        let text = "The harbour council voted on Monday to close the old pier for repairs, officials said.\n\
                    Work will begin next month and is expected to last until the end of the summer season.";
        let a = extract(&doc(ContentKind::Text, text, Hints::default()));
        assert_eq!(a.outlet, "some-outlet");
        assert_eq!(a.paragraphs.len(), 2);
        let hints =
            Hints { outlet: Some("Given Outlet".into()), title: Some("Given".into()), ..Hints::default() };
        let a = extract(&doc(ContentKind::Text, text, hints));
        assert_eq!(a.outlet, "Given Outlet");
        assert_eq!(a.title.as_deref(), Some("Given"));
    }

    #[test]
    fn class_names_that_hide_the_article_are_overruled() {
        let p = "The harbour council voted on Monday to close the old pier for repairs, officials said, after divers found cracks in two of its piles.";
        // A menu long enough that the container is no wrapper of most of the page's text.
        let menu: String = (0..80).map(|i| format!("<li><a href=\"/s{i}\">Section {i}</a></li>")).collect();
        let page = format!(
            "<html><body><nav><ul>{menu}</ul></nav><div class=\"page-content and-w-sidebar\"><p>{p}</p><p>{p} Again.</p><p>{p} Once more.</p></div></body></html>"
        );
        let a = extract(&doc(ContentKind::Html, &page, Hints::default()));
        assert_eq!(a.paragraphs.len(), 3, "{:?}", a.removed);
        let page = page.replace("<div", "<aside").replace("</div>", "</aside>");
        let a = extract(&doc(ContentKind::Html, &page, Hints::default()));
        assert_eq!(a.paragraphs.len(), 3, "{:?}", a.removed);
    }

    /// A page whose markup shows `shown` paragraphs and whose JSON-LD gives `body`.
    fn ld_page(shown: &[String], body: &str) -> String {
        let ld = serde_json::json!({"@context": "https://schema.org", "@graph": [{"@type": "NewsArticle", "articleBody": body}]});
        let ps: String = shown.iter().map(|p| format!("<p>{p}</p>")).collect();
        format!("<html><head><script type=\"application/ld+json\">{ld}</script></head><body><nav><a href=\"/\">Home</a></nav><div class=\"story\">{ps}</div><div id=\"app\"></div></body></html>")
    }

    #[test]
    fn a_fuller_structured_body_replaces_the_markup_reading() {
        let p = |i: usize| {
            format!("The harbour council voted on Monday to close the old pier for repairs, officials said, in the {i}th vote on the matter this year.")
        };
        let full: Vec<String> = (0..8).map(p).collect();
        let html = |shown: &[String], body: &str| {
            extract(&doc(ContentKind::Html, &ld_page(shown, body), Hints::default()))
        };
        // Rendered by script: the markup has no body at all.
        let a = html(&[], &full.join("\n\n"));
        assert_eq!(a.paragraphs, full);
        assert!(a.removed.iter().any(|r| r.reason == RemovalReason::Superseded));
        // The markup shows the first paragraphs of the same text.
        let a = html(&full[..4], &full.join("\n"));
        assert_eq!(a.paragraphs, full);
        // A structured body no longer than the markup's is not taken.
        let a = html(&full, &full[..5].join("\n"));
        assert_eq!(a.paragraphs, full);
        assert!(!a.removed.iter().any(|r| r.reason == RemovalReason::Superseded));
        // Nor another text only somewhat longer than the article the markup shows.
        let other: Vec<String> = (0..6).map(|i| format!("A bakery on the high street drew long queues on its first morning, number {i}, and its owners said they would open a second shop.")).collect();
        let a = html(&full[..4], &other.join("\n"));
        assert_eq!(a.paragraphs, full[..4]);
    }

    #[test]
    fn domains_and_stems() {
        assert_eq!(domain_of("https://www.example.org/news/1?x=2").as_deref(), Some("example.org"));
        assert_eq!(domain_of("not a url"), None);
        assert_eq!(file_stem("dir/capture.warc.gz"), "capture");
        assert_eq!(file_stem("-"), "stdin");
    }
}
