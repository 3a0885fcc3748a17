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

use std::path::Path;

use storyweave_model::{Article, ContentKind, Document, Hints, Timestamp};

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
            (c, page.meta())
        }
        ContentKind::Text => (classify::classify(&text::blocks(&doc.content)), PageMeta::default()),
    };
    assemble(doc, &classified, page)
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
        paragraphs: c.paragraphs.clone(),
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

    #[test]
    fn domains_and_stems() {
        assert_eq!(domain_of("https://www.example.org/news/1?x=2").as_deref(), Some("example.org"));
        assert_eq!(domain_of("not a url"), None);
        assert_eq!(file_stem("dir/capture.warc.gz"), "capture");
        assert_eq!(file_stem("-"), "stdin");
    }
}
