//! No panic on any input: every file in `tests/nasty/` and a set of inputs too big to check in
//! (generated here) go through `extract` as HTML and as text, and through the reader
//! (`storyweave_read::read_bytes`) and then `extract`. Each extraction must give a well-formed
//! article (non-empty, trimmed paragraphs; non-empty removed blocks) and finish in bounded time,
//! so pathological depth or size cannot make the stage quadratic.

use std::path::Path;
use std::time::{Duration, Instant};

use storyweave_extract::extract;
use storyweave_model::{Article, ContentKind, Document, Hints, Origin, SourceFormat};
use storyweave_read::{read_bytes, ReadOptions};

/// Longest one extraction may take, debug build included. The generated inputs take a small
/// fraction of it when the work is linear; a quadratic pass over them would not.
const LIMIT: Duration = Duration::from_secs(2);

const P: &str = "The ferry operator said on Thursday that the evening crossing would be cancelled until the storm had passed, and that tickets would be refunded.";

fn doc(name: &str, kind: ContentKind, content: &str) -> Document {
    let format = match kind {
        ContentKind::Html => SourceFormat::Html,
        ContentKind::Text => SourceFormat::Text,
    };
    let origin = Origin { path: name.to_string(), record: None, format };
    Document::new(origin, kind, content.as_bytes().to_vec(), content.to_string(), Hints::default())
}

fn check_article(what: &str, a: &Article) {
    for p in &a.paragraphs {
        assert!(!p.is_empty(), "{what}: empty paragraph");
        assert_eq!(p, p.trim(), "{what}: paragraph with surrounding whitespace");
    }
    for r in &a.removed {
        assert!(!r.text.trim().is_empty(), "{what}: removed block without text ({:?})", r.reason);
    }
    if let Some(t) = &a.title {
        assert!(!t.trim().is_empty(), "{what}: blank title");
    }
}

/// Extract `d`, check the article, and return how long it took.
fn timed_extract(what: &str, d: &Document) -> Duration {
    let start = Instant::now();
    let a = extract(d);
    let took = start.elapsed();
    check_article(what, &a);
    if std::env::var_os("NASTY_TIMES").is_some() {
        eprintln!("{took:>12.3?} {what}");
    }
    assert!(took < LIMIT, "{what}: extraction took {took:?}");
    took
}

/// Both paths over a string.
fn check_str(name: &str, content: &str) -> Duration {
    let html = timed_extract(&format!("{name} as HTML"), &doc(name, ContentKind::Html, content));
    let text = timed_extract(&format!("{name} as text"), &doc(name, ContentKind::Text, content));
    html + text
}

/// Bytes: decoded lossily for the extract stage, and as they are through the reader, under their
/// own name (the kind the extension says) and as stdin (the kind the content says).
fn check_bytes(name: &str, bytes: &[u8]) -> Duration {
    let mut took = check_str(name, &String::from_utf8_lossy(bytes));
    let opts = ReadOptions::default();
    for path in [name, "-"] {
        let mut docs = Vec::new();
        read_bytes(path, bytes.to_vec(), &opts, &mut |r| {
            if let Ok(d) = r {
                docs.push(d);
            }
        });
        for d in &docs {
            took += timed_extract(&format!("{name} read as {path} ({:?})", d.kind), d);
        }
    }
    took
}

#[test]
fn checked_in_corpus() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nasty");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/nasty")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    entries.sort();
    assert!(entries.len() >= 30, "the corpus is missing files: {}", entries.len());
    let mut total = 0usize;
    for path in &entries {
        let bytes = std::fs::read(path).expect("read corpus file");
        total += bytes.len();
        let name = path.file_name().and_then(|n| n.to_str()).expect("file name");
        check_bytes(name, &bytes);
    }
    // Big inputs are generated below, not checked in.
    assert!(total < 200 * 1024, "tests/nasty holds {total} bytes");
}

#[test]
fn empty_and_blank_documents_give_empty_articles() {
    for content in ["", " ", "\n\n\n", "\r\n\r\n", "\t \u{a0}\u{3000}\n", "<html></html>", "<p> </p>"] {
        for kind in [ContentKind::Html, ContentKind::Text] {
            let a = extract(&doc("blank.txt", kind, content));
            assert!(a.paragraphs.is_empty(), "{content:?} as {kind:?}: {:?}", a.paragraphs);
            if kind == ContentKind::Html || content.trim().is_empty() {
                assert!(a.removed.is_empty(), "{content:?} as {kind:?}: {:?}", a.removed);
            }
        }
    }
}

#[test]
fn line_ends_do_not_matter() {
    let page = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nasty/crlf.txt"))
        .expect("corpus file")
        .replace("\r\n", "\n");
    let a = extract(&doc("lf.txt", ContentKind::Text, &page));
    assert_eq!(a.paragraphs.len(), 2, "{:?}", a.paragraphs);
    for end in ["\r\n", "\r"] {
        let b = extract(&doc("other.txt", ContentKind::Text, &page.replace('\n', end)));
        assert_eq!(a.paragraphs, b.paragraphs, "{end:?}");
        assert_eq!(a.removed, b.removed, "{end:?}");
    }
}

#[test]
fn scripts_and_styles_are_never_body() {
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/nasty/only-scripts-and-styles.html"),
    )
    .expect("corpus file");
    let a = extract(&doc("scripts.html", ContentKind::Html, &page));
    assert!(a.paragraphs.is_empty(), "{:?}", a.paragraphs);
}

/// Deep nesting of every kind the parser treats differently: plain blocks, formatting elements
/// (reconstructed on every new block), lists, tables (foster parenting), boilerplate containers,
/// links (closed by the next link), and text at every level.
#[test]
fn deep_nesting_is_linear() {
    // Levels of nesting. The HTML parser (html5ever) checks scopes by walking the stack of open
    // elements, so its own cost grows with depth squared: tens of thousands of levels take
    // seconds in a debug build whatever the extractor does.
    let n = 2_000;
    let cases: Vec<(&str, String)> = vec![
        ("divs", "<div>".repeat(n) + P + &"</div>".repeat(n)),
        ("divs-unclosed", "<div>".repeat(n) + P),
        ("divs-with-text", (0..n).map(|i| format!("<div class=\"c{}\">word{i} ", i % 7)).collect::<String>()),
        ("spans", "<span>".repeat(n) + P + &"</span>".repeat(n)),
        ("formatting", "<b><i><em>".repeat(n / 3) + P + "<p>" + P),
        ("lists", "<ul><li>".repeat(n / 2) + P),
        ("lists-with-text", "<ul><li>item ".repeat(n / 2) + P),
        ("tables", "<table><tr><td>".repeat(n / 3) + P),
        ("tables-in-lists", "<table><tr><td><ul><li>".repeat(n / 5) + P),
        ("containers", "<article><section><nav><aside><footer>".repeat(n / 5) + P),
        ("links", "<a href=\"/x\">link ".repeat(n) + P),
        ("paragraphs-in-divs", "<div><p>text ".repeat(n) + P),
        ("headings", "<h1><h2><h3>".repeat(n / 3) + P),
        ("blockquotes", format!("<blockquote>{P}").repeat(n / 5)),
        ("figures", "<figure><figcaption>".repeat(n / 2) + P),
        ("svg", "<svg><g>".repeat(n / 2) + P),
        ("selects", "<select><option>".repeat(n / 2) + P),
    ];
    for (name, html) in &cases {
        check_str(&format!("deep {name}"), html);
    }
}

#[test]
fn huge_attributes_are_linear() {
    let big = "a".repeat(1 << 18);
    let cases: Vec<(&str, String)> = vec![
        ("class", format!("<div class=\"{big}\"><p>{P}</p></div>")),
        ("class-tokens", format!("<div class=\"{}\"><p>{P}</p></div>", "nav share x ".repeat(8_000))),
        ("name", format!("<p {big}=\"x\">{P}</p>")),
        ("many", format!("<p {}>{P}</p>", (0..3_000).map(|i| format!("a{i}=\"{i}\" ")).collect::<String>())),
        ("unterminated", format!("<p>{P}</p><p class=\"{big}")),
        ("meta-date", format!("<meta name=\"date\" content=\"{}\"><p>{P}</p>", "2026-03-14 ".repeat(8_000))),
        ("meta-title", format!("<meta property=\"og:title\" content=\"{big}\"><p>{P}</p>")),
        ("time", format!("<time datetime=\"{}\">x</time><p>{P}</p>", "9".repeat(1 << 18))),
        ("canonical", format!("<link rel=\"canonical\" href=\"http://{big}\"><p>{P}</p>")),
        ("lang", format!("<html lang=\"{big}\"><p>{P}</p>")),
        ("nulls", format!("<p class=\"{}\">{P}</p>", "\0".repeat(50_000))),
    ];
    for (name, html) in &cases {
        check_str(&format!("huge attribute {name}"), html);
    }
}

#[test]
fn giant_and_deep_json_ld_is_linear() {
    let article =
        r#"{"@type":"NewsArticle","headline":"H","author":[{"name":"A"}],"datePublished":"9999-99-99"}"#;
    let leaf = format!("[{}]", vec![article; 2_500].join(","));
    let mut graph = leaf.clone();
    for _ in 0..120 {
        graph = format!(r#"{{"@type":"NewsArticle","@graph":{graph}}}"#);
    }
    let ld = |json: &str| format!("<script type=\"application/ld+json\">{json}</script><p>{P}</p>");
    let cases: Vec<(&str, String)> = vec![
        ("giant", ld(&leaf)),
        ("deep-arrays", ld(&("[".repeat(100_000) + &"]".repeat(100_000)))),
        ("deep-objects", ld(&r#"{"a":"#.repeat(50_000))),
        ("deep-graph", ld(&graph)),
        ("many-scripts", ld(article).repeat(500)),
        ("long-string", ld(&format!(r#"{{"@type":"NewsArticle","headline":"{}"}}"#, "x".repeat(1 << 18)))),
        ("unterminated", ld(&format!("{{\"@type\":\"NewsArticle\",\"headline\":\"{}", "\\u".repeat(50_000)))),
    ];
    for (name, html) in &cases {
        check_str(&format!("JSON-LD {name}"), html);
    }
}

#[test]
fn huge_lines_and_many_blocks_are_linear() {
    let cases: Vec<(&str, String)> = vec![
        ("one-enormous-line", format!("{P} ").repeat(2_000)),
        ("one-enormous-word", "a".repeat(1 << 18)),
        ("enormous-dated-line", format!("date 2026-03-14 {}", format!("{P} ").repeat(1_000))),
        ("many-dates", "12 Oct 2025 ".repeat(6_000)),
        ("many-bullets", "• Menu item\n".repeat(10_000)),
        ("many-labels", format!("Most read\n{P}\nBreaking\n\n").repeat(1_000)),
        ("many-repeats", format!("{P}\n").repeat(1_500)),
        ("many-short-lines", "x\n".repeat(30_000)),
        ("many-blank-lines", "\n".repeat(200_000) + P),
        ("many-lone-cr", "line\r".repeat(30_000)),
        ("many-br", "x<br>".repeat(20_000)),
        ("many-paragraphs", format!("<p>{P}</p>").repeat(1_500)),
        ("many-metas", "<meta name=\"date\" content=\"garbage\">".repeat(5_000) + P),
        ("many-times", "<time datetime=\"9999-99-99\">t</time>".repeat(5_000) + P),
        ("many-emoji", "👩‍👩‍👧‍👦".repeat(2_500)),
        ("many-zero-width", "\u{200b}\u{200d}\u{202e}".repeat(10_000)),
        ("many-combining", format!("a{}", "\u{301}".repeat(50_000))),
    ];
    for (name, content) in &cases {
        check_str(name, content);
    }
}

#[test]
fn broken_encodings_through_the_reader() {
    let mut latin1: Vec<u8> = b"<p>".to_vec();
    latin1.extend(P.bytes().map(|b| if b == b'e' { 0xe9 } else { b }));
    latin1.extend_from_slice(b"</p>");
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(P.encode_utf16().flat_map(u16::to_le_bytes));
    let mut every_byte: Vec<u8> = (0..=255u8).cycle().take(1 << 15).collect();
    every_byte.extend_from_slice(P.as_bytes());
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("latin1.html", latin1.repeat(500)),
        ("utf16.txt", utf16.repeat(150)),
        ("every-byte.txt", every_byte.clone()),
        ("every-byte.html", every_byte),
        (
            "truncated.txt",
            P.as_bytes().iter().chain("é😀".as_bytes()).copied().collect::<Vec<u8>>()[..P.len() + 4].to_vec(),
        ),
        ("nul.html", [b"<p>".as_slice(), P.as_bytes(), b"\0</p>"].concat().repeat(1_000)),
        ("cr.txt", [P.as_bytes(), b"\r"].concat().repeat(2_000)),
    ];
    for (name, bytes) in &cases {
        check_bytes(name, bytes);
    }
}
