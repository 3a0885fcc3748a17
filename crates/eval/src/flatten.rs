//! An HTML page flattened to text as a scraper would save it (roughly a browser's `innerText`):
//! one line per block element, a blank line around paragraphs and headings, list items as
//! "  • item" (two more spaces per nesting level), table cells split by tabs, scripts, styles and
//! hidden elements dropped, white space collapsed. Boilerplate stays: that is the point, since
//! `eval extraction --input text` measures the text path on what scrapers hand it.

use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Elements whose content is never shown as text.
const SKIP: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "object", "embed",
    "select", "option", "datalist", "textarea", "audio", "video", "map",
];

/// Elements that start and end a line.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "section",
    "summary",
    "table",
    "tbody",
    "tfoot",
    "thead",
    "tr",
    "ul",
];

/// Elements set off by a blank line.
const PARAGRAPH: &[&str] = &["p", "pre", "h1", "h2", "h3", "h4", "h5", "h6"];

/// Flatten a page to text; see the module doc for the layout.
pub fn html_to_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    let mut w = Writer::default();
    // Close edge of the element whose subtree is being skipped.
    let mut skipping = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => w.text(t),
                    Node::Element(e) => {
                        let name = e.name();
                        if SKIP.contains(&name) || is_hidden(e) {
                            skipping = Some(node.id());
                        } else {
                            w.open(name);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                } else if skipping.is_none() {
                    if let Node::Element(e) = node.value() {
                        w.close(e.name());
                    }
                }
            }
        }
    }
    w.out
}

/// Hidden by the `hidden` attribute or an inline `display: none`: a browser shows none of it.
fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none")
    })
}

#[derive(Default)]
struct Writer {
    out: String,
    /// No text yet on the current line.
    at_line_start: bool,
    /// Line breaks owed before the next text: 1 ends the line, 2 leaves a blank line.
    breaks: usize,
    /// What goes between the last text and the next: a space, or a tab between table cells.
    sep: Option<char>,
    /// The bullet for the next line, set by `<li>`.
    bullet: Option<String>,
    lists: usize,
    pre: usize,
}

impl Writer {
    fn open(&mut self, name: &str) {
        match name {
            "br" => self.line_break(),
            "ul" | "ol" => {
                self.lists += 1;
                self.block(1);
            }
            "li" => {
                self.block(1);
                self.bullet = Some(format!("{}• ", "  ".repeat(self.lists.max(1))));
            }
            "td" | "th" if !self.at_line_start && !self.out.is_empty() => self.sep = Some('\t'),
            "pre" => {
                self.pre += 1;
                self.block(2);
            }
            _ if PARAGRAPH.contains(&name) => self.block(2),
            _ if BLOCK.contains(&name) => self.block(1),
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        match name {
            "ul" | "ol" => {
                self.lists = self.lists.saturating_sub(1);
                self.block(1);
            }
            "li" => {
                self.bullet = None;
                self.block(1);
            }
            "pre" => {
                self.pre = self.pre.saturating_sub(1);
                self.block(2);
            }
            _ if PARAGRAPH.contains(&name) => self.block(2),
            _ if BLOCK.contains(&name) => self.block(1),
            _ => {}
        }
    }

    /// A block boundary: end the line, owing `n` breaks (the larger request wins).
    fn block(&mut self, n: usize) {
        if !self.at_line_start {
            self.at_line_start = true;
            self.breaks = 0;
        }
        self.breaks = self.breaks.max(n);
        self.sep = None;
    }

    /// `<br>` (or a newline in `<pre>`): breaks add up, so `<br><br>` leaves a blank line.
    fn line_break(&mut self) {
        if !self.at_line_start {
            self.at_line_start = true;
            self.breaks = 0;
        }
        self.breaks += 1;
        self.sep = None;
    }

    fn text(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' && self.pre > 0 {
                self.line_break();
            } else if c.is_whitespace() {
                if !self.at_line_start {
                    self.sep.get_or_insert(' ');
                }
            } else {
                self.push(c);
            }
        }
    }

    fn push(&mut self, c: char) {
        if self.at_line_start || self.out.is_empty() {
            if !self.out.is_empty() {
                // At most one blank line, whatever was owed.
                self.out.push_str(if self.breaks >= 2 { "\n\n" } else { "\n" });
            }
            if let Some(bullet) = self.bullet.take() {
                self.out.push_str(&bullet);
            }
            self.at_line_start = false;
            self.breaks = 0;
            self.sep = None;
        } else if let Some(sep) = self.sep.take() {
            self.out.push(sep);
        }
        self.out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_paragraphs_get_gaps() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body>\
            <div>Site <b>name</b></div><nav><a>Home</a> <a>News</a></nav>\
            <h1>The   headline</h1><p>First\n   paragraph.</p><p>Second<br>line two</p>\
            <script>var x = 1;</script><footer>© Site</footer></body></html>";
        assert_eq!(
            html_to_text(html),
            "Site name\nHome News\n\nThe headline\n\nFirst paragraph.\n\nSecond\nline two\n\n© Site"
        );
    }

    #[test]
    fn lists_get_bullets_by_depth() {
        let html =
            "<ul><li>Home</li><li>News<ul><li>Local</li><li><a>World</a></li></ul></li></ul><p>Body.</p>";
        assert_eq!(html_to_text(html), "  • Home\n  • News\n    • Local\n    • World\n\nBody.");
        // An item without text leaves no bare bullet.
        assert_eq!(html_to_text("<ul><li><img src=x></li><li>One</li></ul>"), "  • One");
    }

    #[test]
    fn tables_hidden_and_pre() {
        let html = "<table><tr><th>Team</th><th>Pts</th></tr><tr><td>A</td><td> 3 </td></tr></table>\
            <div hidden>secret</div><span style=\"display: none\">gone</span>\
            <pre>line 1\nline 2</pre>x<br><br>y";
        assert_eq!(html_to_text(html), "Team\tPts\nA\t3\n\nline 1\nline 2\n\nx\n\ny");
    }

    #[test]
    fn inline_markup_keeps_words_apart_and_together() {
        assert_eq!(html_to_text("<p>a<b>b</b> <i>c</i>\u{a0}d</p>"), "ab c d");
        assert_eq!(html_to_text(""), "");
        assert_eq!(html_to_text("<p>   </p><!-- note --><div></div>"), "");
    }
}
