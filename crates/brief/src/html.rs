//! The standalone HTML brief: one self-contained page (inline CSS, no scripts, no external
//! assets) holding every story's brief, with a corroboration matrix (statements by the articles
//! that state them) and a timeline picture (inline SVG). Every string from a source is escaped.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use crate::when::{label, place, Place};
use chrono::{Datelike, Duration, NaiveDate};
use storyweave_model::{Brief, Citation, CitedText, CopyKind, CoverageItem, EntityKind, TimelineEntry};

/// Rows of the corroboration matrix at most: the best-corroborated statements.
const MATRIX_ROWS: usize = 14;

/// Escape text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Every brief on one page.
pub fn page(briefs: &[Brief]) -> String {
    let title = match briefs {
        [one] => one.title.clone(),
        _ => format!("{} stories", briefs.len()),
    };
    let mut page = String::new();
    let out = &mut page;
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"storyweave\">\n<title>{} — storyweave brief</title>\n\
         <style>{CSS}</style>\n</head>\n<body>\n<header class=\"masthead\"><span class=\"brand\">storyweave</span> \
         <span class=\"tag\">brief · every sentence taken from a source and cited</span></header>\n<main>\n",
        escape(&title)
    );
    if briefs.len() > 1 {
        *out += "<nav class=\"toc\" aria-label=\"Stories\"><h2>Stories</h2><ol>\n";
        for b in briefs {
            let _ = writeln!(
                out,
                "<li><a href=\"#{}\">{}</a> <span class=\"muted\">{} articles · {} newsrooms</span></li>",
                anchor(&b.story),
                escape(&b.title),
                b.coverage.articles.len(),
                b.newsrooms
            );
        }
        *out += "</ol></nav>\n";
    }
    if briefs.is_empty() {
        *out += "<p class=\"empty\">No stories.</p>\n";
    }
    for b in briefs {
        story(out, b);
    }
    *out += "</main>\n<footer class=\"colophon\">Made by storyweave. Sentences are quoted verbatim from \
            the sources named beside them; copies of one wire story count as one newsroom.</footer>\n\
            </body>\n</html>\n";
    page
}

fn anchor(story: &str) -> String {
    let id: String = story.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect();
    format!("story-{id}")
}

/// What the page knows about each cited article: its column in the matrix, whether it is a copy.
struct Sources<'a> {
    articles: &'a [CoverageItem],
    index: HashMap<&'a str, usize>,
}

impl<'a> Sources<'a> {
    fn new(b: &'a Brief) -> Self {
        let articles = &b.coverage.articles[..];
        Sources { articles, index: articles.iter().enumerate().map(|(i, a)| (a.doc.as_str(), i)).collect() }
    }

    fn copy_of(&self, doc: &str) -> Option<&'a storyweave_model::CopyOf> {
        self.index.get(doc).and_then(|&i| self.articles.get(i)).and_then(|a| a.copy_of.as_ref())
    }

    /// Citation chips, one per outlet; a copy's chip says whose story it reprints.
    fn cites(&self, citations: &[Citation]) -> String {
        let mut seen: Vec<&str> = Vec::new();
        let mut out = String::from("<span class=\"cites\">");
        for c in citations {
            if seen.contains(&c.outlet.as_str()) {
                continue;
            }
            seen.push(&c.outlet);
            let title = self
                .index
                .get(c.doc.as_str())
                .and_then(|&i| self.articles.get(i))
                .and_then(|a| a.title.as_deref())
                .unwrap_or("");
            match self.copy_of(&c.doc) {
                Some(of) => {
                    let _ = write!(
                        out,
                        "<cite class=\"src copy\" title=\"{} — copy of {}\">{} <small>copy</small></cite>",
                        escape(title),
                        escape(&of.outlet),
                        escape(&c.outlet)
                    );
                }
                None => {
                    let _ = write!(
                        out,
                        "<cite class=\"src\" title=\"{}\">{}</cite>",
                        escape(title),
                        escape(&c.outlet)
                    );
                }
            }
        }
        out += "</span>";
        out
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn story(out: &mut String, b: &Brief) {
    let src = Sources::new(b);
    let cov = &b.coverage;
    let _ = writeln!(out, "<article class=\"story\" id=\"{}\">", anchor(&b.story));
    let _ = writeln!(
        out,
        "<header class=\"story-head\"><h1>{}</h1><p class=\"story-id\">story {}</p>",
        escape(&b.title),
        escape(&b.story)
    );
    let span = match (cov.first_seen, cov.last_seen) {
        (Some(f), Some(l)) if f != l => format!(
            "first seen <time datetime=\"{}\">{}</time> · last seen <time datetime=\"{}\">{}</time>",
            f.format("%Y-%m-%dT%H:%M"),
            f.format("%-d %b %Y, %H:%M"),
            l.format("%Y-%m-%dT%H:%M"),
            l.format("%-d %b %Y, %H:%M")
        ),
        (Some(f), _) => {
            format!(
                "seen <time datetime=\"{}\">{}</time>",
                f.format("%Y-%m-%dT%H:%M"),
                f.format("%-d %b %Y, %H:%M")
            )
        }
        _ => "undated".to_string(),
    };
    let _ = writeln!(
        out,
        "<ul class=\"coverage-line\"><li><b>{}</b></li><li><b>{}</b></li><li><b>{}</b></li><li><b>{}</b></li><li>{span}</li></ul>",
        plural(cov.articles.len(), "article", "articles"),
        plural(cov.outlets.len(), "outlet", "outlets"),
        plural(b.newsrooms, "independent newsroom", "independent newsrooms"),
        plural(cov.copies, "copy", "copies"),
    );
    let copies: Vec<&CoverageItem> = cov.articles.iter().filter(|a| a.copy_of.is_some()).collect();
    if !copies.is_empty() {
        *out += "<p class=\"copied\">";
        for (i, a) in copies.iter().enumerate() {
            if let Some(of) = &a.copy_of {
                let _ = write!(
                    out,
                    "{}<b>{}</b> reprints <b>{}</b> ({} copy)",
                    if i > 0 { "; " } else { "" },
                    escape(&a.outlet),
                    escape(&of.outlet),
                    kind_label(of.kind)
                );
            }
        }
        *out += "</p>";
    }
    *out += "</header>\n";

    if !b.summary.is_empty() {
        *out += "<section class=\"summary\"><h2>What happened</h2><ol class=\"facts\">\n";
        for c in &b.summary {
            let _ = writeln!(out, "<li><p>{}</p>{}</li>", escape(&c.text), src.cites(&c.citations));
        }
        *out += "</ol></section>\n";
    }
    matrix(out, b, &src);
    if !b.conflicts.is_empty() {
        *out += "<section class=\"conflicts\"><h2>Where sources conflict</h2>\n";
        for c in &b.conflicts {
            let _ = write!(
                out,
                "<div class=\"conflict\"><h3>{}</h3><div class=\"sides\" style=\"--sides:{}\">",
                escape(&c.about),
                c.sides.len().clamp(1, 4)
            );
            for s in &c.sides {
                let _ = write!(
                    out,
                    "<div class=\"side\"><p class=\"figure\">{}</p><p>{}</p>{}</div>",
                    escape(&s.figure),
                    mark(&s.text, &s.figure),
                    src.cites(&s.citations)
                );
            }
            *out += "</div></div>\n";
        }
        *out += "</section>\n";
    }
    if !b.agreements.is_empty() {
        *out += "<section class=\"agreements\"><h2>Agreed by several newsrooms</h2><ul class=\"facts\">\n";
        for c in &b.agreements {
            let _ = writeln!(
                out,
                "<li><span class=\"badge\" title=\"independent newsrooms\">{}</span><p>{}</p>{}</li>",
                c.newsrooms,
                escape(&c.text),
                src.cites(&c.citations)
            );
        }
        *out += "</ul></section>\n";
    }
    if !b.single_source.is_empty() {
        *out += "<section class=\"single\"><h2>Reported by one newsroom only</h2><ul class=\"facts\">\n";
        for c in &b.single_source {
            let _ = writeln!(out, "<li><p>{}</p>{}</li>", escape(&c.text), src.cites(&c.citations));
        }
        *out += "</ul></section>\n";
    }
    timeline(out, &b.timeline, &src);
    quotes(out, b, &src);
    entities(out, b);
    coverage(out, b);
    *out += "</article>\n";
}

fn kind_label(k: CopyKind) -> &'static str {
    match k {
        CopyKind::Exact => "exact",
        CopyKind::Near => "near",
        CopyKind::Syndicated => "edited",
    }
}

/// The sentence with the disputed figure highlighted.
fn mark(text: &str, figure: &str) -> String {
    match text.find(figure).filter(|_| !figure.is_empty()) {
        Some(at) => format!(
            "{}<mark>{}</mark>{}",
            escape(&text[..at]),
            escape(figure),
            escape(&text[at + figure.len()..])
        ),
        None => escape(text),
    }
}

/// Statements by articles: which newsroom states what; copies get their own, hollow mark.
fn matrix(out: &mut String, b: &Brief, src: &Sources) {
    // Rows: agreed statements first, then what the summary and single-source lists add.
    let mut rows: Vec<&CitedText> = Vec::new();
    for c in b.agreements.iter().chain(&b.summary).chain(&b.single_source) {
        if !rows.iter().any(|r| r.text == c.text) {
            rows.push(c);
        }
    }
    rows.sort_by(|a, b| b.newsrooms.cmp(&a.newsrooms).then(b.citations.len().cmp(&a.citations.len())));
    rows.truncate(MATRIX_ROWS);
    if rows.is_empty() || src.articles.len() < 2 {
        return;
    }
    // Columns: each original, followed by its copies.
    let mut columns: Vec<usize> = Vec::new();
    for (i, a) in src.articles.iter().enumerate() {
        if a.copy_of.is_none() {
            columns.push(i);
            for (j, c) in src.articles.iter().enumerate() {
                if c.copy_of.as_ref().is_some_and(|o| o.doc == a.doc) {
                    columns.push(j);
                }
            }
        }
    }
    for i in 0..src.articles.len() {
        if !columns.contains(&i) {
            columns.push(i);
        }
    }
    *out += "<section class=\"matrix\"><h2>Who states what</h2>\
            <p class=\"note\">Each row is one statement, aligned across articles; ● the article states it, \
            ○ a reprint of another article states it (not an independent confirmation).</p>\
            <div class=\"scroll\">";
    // Outlet columns share what the statements leave; many outlets make the table scroll.
    let col = (560 / columns.len().max(1)).clamp(64, 110);
    let _ = write!(
        out,
        "<table class=\"corroboration\" style=\"--col:{col}px;min-width:{}px\"><colgroup><col class=\"stmt\">\
         <col class=\"num\">{}</colgroup><thead><tr><th scope=\"col\" class=\"stmt\">Statement</th>\
         <th scope=\"col\" class=\"num\" title=\"independent newsrooms\">newsrooms</th>",
        360 + 86 + col * columns.len(),
        "<col class=\"outlet\">".repeat(columns.len())
    );
    for &i in &columns {
        let Some(a) = src.articles.get(i) else { continue };
        let note = a
            .copy_of
            .as_ref()
            .map_or(String::new(), |o| format!("<small>copy of {}</small>", escape(&o.outlet)));
        let _ = write!(
            out,
            "<th scope=\"col\" class=\"outlet{}\" title=\"{}\"><span>{}</span>{note}</th>",
            if a.copy_of.is_some() { " copy" } else { "" },
            escape(a.title.as_deref().unwrap_or("")),
            escape(&a.outlet)
        );
    }
    *out += "</tr></thead><tbody>\n";
    for r in rows {
        let _ = write!(
            out,
            "<tr><th scope=\"row\" class=\"stmt\">{}</th><td class=\"num\">{}</td>",
            escape(&r.text),
            r.newsrooms
        );
        for &i in &columns {
            let Some(a) = src.articles.get(i) else { continue };
            let states = r.citations.iter().any(|c| c.doc == a.doc);
            let cell = match (states, a.copy_of.is_some()) {
                (false, _) => "<td class=\"cell\"></td>",
                (true, false) => "<td class=\"cell yes\" title=\"states it\">●</td>",
                (true, true) => "<td class=\"cell copy\" title=\"states it, as a reprint\">○</td>",
            };
            out.push_str(cell);
        }
        *out += "</tr>\n";
    }
    *out += "</tbody></table></div></section>\n";
}

/// The timeline picture (an SVG axis, dated events as numbered dots, weeks and months as bars)
/// and the list it numbers.
fn timeline(out: &mut String, entries: &[TimelineEntry], src: &Sources) {
    if entries.is_empty() {
        return;
    }
    let places: Vec<Option<Place>> = entries.iter().map(|e| place(&e.when)).collect();
    // The axis spans the days and weeks; a month or season would squash them, so longer spans
    // are clipped to it (or set the axis when nothing finer is known).
    let short: Vec<NaiveDate> = places
        .iter()
        .flatten()
        .flat_map(|p| match p {
            Place::Day(d, _) => vec![*d],
            Place::Span(a, b) if b.signed_duration_since(*a).num_days() <= 7 => vec![*a, *b],
            Place::Span(..) => vec![],
        })
        .collect();
    let days: Vec<NaiveDate> = if short.is_empty() {
        places
            .iter()
            .flatten()
            .flat_map(|p| match p {
                Place::Day(d, _) => vec![*d],
                Place::Span(a, b) => vec![*a, *b],
            })
            .collect()
    } else {
        short
    };
    *out += "<section class=\"timeline\"><h2>Timeline</h2>\n";
    if let (Some(&lo), Some(&hi)) = (days.iter().min(), days.iter().max()) {
        svg(out, entries, &places, lo, hi);
    }
    *out += "<ol class=\"events\">\n";
    for (i, (e, p)) in entries.iter().zip(&places).enumerate() {
        let label = label(&e.when);
        let _ = writeln!(
            out,
            "<li class=\"{}\"><span class=\"dot\">{}</span><div><p class=\"when\"><time datetime=\"{}\">{}</time> \
             <span class=\"expr\">“{}”</span></p><p>{}</p>{}</div></li>",
            if matches!(p, Some(Place::Day(..))) { "day" } else { "span" },
            i + 1,
            escape(&e.when),
            escape(&label),
            escape(&e.expression),
            escape(&e.text),
            src.cites(&e.citations)
        );
    }
    *out += "</ol></section>\n";
}

fn svg(out: &mut String, entries: &[TimelineEntry], places: &[Option<Place>], lo: NaiveDate, hi: NaiveDate) {
    const W: f64 = 1000.0;
    const LEFT: f64 = 40.0;
    const RIGHT: f64 = 960.0;
    const AXIS: f64 = 70.0;
    let span = (hi.signed_duration_since(lo).num_days() + 1).max(1) as f64;
    let x = |d: NaiveDate, frac: f64| {
        LEFT + (d.signed_duration_since(lo).num_days() as f64 + frac) / span * (RIGHT - LEFT)
    };
    let bars = places.iter().filter(|p| matches!(p, Some(Place::Span(..)))).count();
    let height = AXIS + 40.0 + bars as f64 * 22.0;
    let _ = write!(
        out,
        "<figure class=\"axis\"><svg viewBox=\"0 0 {W} {height}\" role=\"img\" aria-label=\"Timeline from {} to {}\" \
         xmlns=\"http://www.w3.org/2000/svg\"><line x1=\"{LEFT}\" y1=\"{AXIS}\" x2=\"{RIGHT}\" y2=\"{AXIS}\" class=\"rail\"/>",
        lo.format("%-d %b %Y"),
        hi.format("%-d %b %Y")
    );
    // A tick per day, labelled sparsely enough to stay legible.
    let every = ((span / 14.0).ceil() as i64).max(1);
    let mut d = lo;
    let mut k = 0;
    while d <= hi {
        let px = x(d, 0.0);
        let _ = write!(
            out,
            "<line x1=\"{px:.1}\" y1=\"{}\" x2=\"{px:.1}\" y2=\"{}\" class=\"tick\"/>",
            AXIS - 4.0,
            AXIS + 4.0
        );
        if k % every == 0 {
            let _ = write!(
                out,
                "<text x=\"{:.1}\" y=\"{}\" class=\"day\">{}</text>",
                x(d, 0.5),
                AXIS + 20.0,
                d.format(if d.day() == 1 || k == 0 { "%-d %b" } else { "%-d" })
            );
        }
        d += Duration::days(1);
        k += 1;
    }
    // Dots on the same day stack upwards.
    let mut stacked: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    let mut bar = 0;
    for (i, (e, p)) in entries.iter().zip(places).enumerate() {
        match p {
            Some(Place::Day(d, f)) => {
                let n = stacked.entry(*d).or_default();
                let cy = AXIS - 14.0 - *n as f64 * 22.0;
                *n += 1;
                let _ = write!(
                    out,
                    "<g class=\"event\"><title>{}: {}</title><circle cx=\"{:.1}\" cy=\"{cy}\" r=\"10\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
                    escape(&e.expression),
                    escape(&e.text),
                    x(*d, *f),
                    x(*d, *f),
                    cy + 4.0,
                    i + 1
                );
            }
            Some(Place::Span(a, b)) => {
                // Clipped to the axis; one lying wholly outside shows as a stub at that end.
                let (x0, x1) = if *b < lo {
                    (LEFT, LEFT + 50.0)
                } else if *a > hi {
                    (RIGHT - 50.0, RIGHT)
                } else {
                    (x(*a.max(&lo), 0.0), x(*b.min(&hi), 1.0))
                };
                let y = AXIS + 32.0 + bar as f64 * 22.0;
                bar += 1;
                let _ = write!(
                    out,
                    "<g class=\"span\"><title>{}: {}</title><rect x=\"{x0:.1}\" y=\"{}\" width=\"{:.1}\" height=\"14\" rx=\"7\"/>\
                     <text x=\"{:.1}\" y=\"{}\">{} · {}</text></g>",
                    escape(&e.expression),
                    escape(&e.text),
                    y - 7.0,
                    (x1 - x0).max(4.0),
                    x0 + 6.0,
                    y + 4.0,
                    i + 1,
                    escape(&e.expression)
                );
            }
            None => {}
        }
    }
    *out += "</svg></figure>\n";
}

fn quotes(out: &mut String, b: &Brief, src: &Sources) {
    if b.quotes.is_empty() {
        return;
    }
    *out += "<section class=\"quotes\"><h2>Who said what</h2>\n";
    let mut i = 0;
    while i < b.quotes.len() {
        let speaker = &b.quotes[i].speaker;
        let group: Vec<_> = b.quotes[i..].iter().take_while(|q| &q.speaker == speaker).collect();
        i += group.len();
        let _ = write!(out, "<div class=\"speaker\"><h3>{}</h3>", escape(speaker));
        for q in group {
            let text = q.text.trim_matches(['“', '”', '"']);
            // What a reader needs to weigh the words: paraphrased or not, whose report, where.
            let mut notes: Vec<String> = Vec::new();
            if !q.direct {
                notes.push("reported speech".into());
            }
            if let Some(v) = &q.via {
                notes.push(format!("via {}", escape(v)));
            }
            if let Some(m) = &q.medium {
                notes.push(format!("medium: {}", escape(m)));
            }
            let (class, body) = if q.direct {
                ("", format!("“{}”", escape(text)))
            } else {
                (" class=\"reported\"", escape(text))
            };
            let _ = write!(
                out,
                "<blockquote{class}><p>{body}</p><div class=\"quote-foot\"><small class=\"muted\">{}</small> {}</div></blockquote>",
                notes.join(" · "),
                src.cites(&q.citations)
            );
        }
        *out += "</div>\n";
    }
    *out += "</section>\n";
}

fn entities(out: &mut String, b: &Brief) {
    if b.entities.is_empty() {
        return;
    }
    *out += "<section class=\"entities\"><h2>Who and where</h2><ul class=\"chips\">\n";
    for e in &b.entities {
        let (kind, class) = match e.kind {
            EntityKind::Person => ("person", "person"),
            EntityKind::Organization => ("organisation", "org"),
            EntityKind::Place => ("place", "place"),
            EntityKind::Other => ("other", "other"),
        };
        let role = e
            .role
            .as_deref()
            .map(|r| format!("<span class=\"role\">{}</span>", escape(r)))
            .unwrap_or_default();
        let others: Vec<String> = e.other_spellings().map(escape).collect();
        let aka = if others.is_empty() {
            String::new()
        } else {
            format!("<span class=\"aka\">also {}</span>", others.join(", "))
        };
        let _ = writeln!(
            out,
            "<li class=\"entity {class}\"><span class=\"kind\">{kind}</span><b>{}</b>{role}{aka}<span class=\"count\">{}</span></li>",
            escape(&e.name),
            plural(e.articles, "article", "articles")
        );
    }
    *out += "</ul></section>\n";
}

fn coverage(out: &mut String, b: &Brief) {
    let cov = &b.coverage;
    *out += "<section class=\"coverage\"><h2>Coverage</h2><div class=\"scroll\"><table class=\"sources\"><thead><tr>\
            <th scope=\"col\">Outlet</th><th scope=\"col\">Headline</th><th scope=\"col\">Published</th>\
            <th scope=\"col\">Copy of</th></tr></thead><tbody>\n";
    for a in &cov.articles {
        let title = match (&a.title, &a.lede) {
            (Some(t), _) => escape(t),
            (None, Some(l)) => format!("<span class=\"muted\">(untitled)</span> “{}”", escape(l)),
            (None, None) => "<span class=\"muted\">(untitled)</span>".to_string(),
        };
        let title = match &a.url {
            Some(u) if u.starts_with("http://") || u.starts_with("https://") => {
                format!("<a href=\"{}\">{}</a>", escape(u), title)
            }
            _ => title,
        };
        let published =
            a.published.map_or_else(|| "undated".to_string(), |d| d.format("%Y-%m-%d %H:%M").to_string());
        let copy = a.copy_of.as_ref().map_or_else(
            || "<span class=\"muted\">original</span>".to_string(),
            |c| {
                let e = &c.edits;
                format!(
                    "<b>{}</b> ({} copy: {} kept, {} changed, {} added, {} cut{})",
                    escape(&c.outlet),
                    kind_label(c.kind),
                    e.kept,
                    e.changed,
                    e.added,
                    e.removed,
                    if e.title_changed { ", new headline" } else { "" }
                )
            },
        );
        let _ = writeln!(
            out,
            "<tr{}><td>{}</td><td>{title}</td><td>{published}</td><td>{copy}</td></tr>",
            if a.copy_of.is_some() { " class=\"copy\"" } else { "" },
            escape(&a.outlet)
        );
    }
    *out += "</tbody></table></div></section>\n";
}

const CSS: &str = r#"
:root{--ink:#1d232b;--muted:#66707c;--rule:#dde1e6;--paper:#fbfaf7;--card:#fff;--accent:#1f5f8b;--agree:#2e7d4f;--conflict:#b3261e;--copy:#8a6d1f}
*{box-sizing:border-box}
body{margin:0;background:var(--paper);color:var(--ink);font:16px/1.55 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.masthead{padding:14px 32px;border-bottom:3px double var(--ink);background:var(--card)}
.brand{font:700 22px/1 Georgia,"Times New Roman",serif;letter-spacing:.02em}
.tag{color:var(--muted);font-size:13px;margin-left:10px}
main{max-width:1120px;margin:0 auto;padding:8px 32px 40px}
.toc{background:var(--card);border:1px solid var(--rule);border-radius:8px;padding:8px 20px;margin:20px 0}
.toc h2{margin:.4em 0}
.story{background:var(--card);border:1px solid var(--rule);border-radius:10px;padding:8px 32px 28px;margin:28px 0;box-shadow:0 1px 3px rgba(0,0,0,.05)}
.story-head h1{font:700 32px/1.2 Georgia,"Times New Roman",serif;margin:22px 0 4px}
.story-id{color:var(--muted);font-size:12px;margin:0 0 10px;font-family:ui-monospace,Menlo,monospace}
.coverage-line{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:6px 18px;color:var(--muted);font-size:14px}
.coverage-line b{color:var(--ink)}
.copied{font-size:14px;color:var(--copy);margin:6px 0 0}
h2{font:700 13px/1.3 -apple-system,"Segoe UI",Roboto,Arial,sans-serif;text-transform:uppercase;letter-spacing:.09em;color:var(--accent);border-bottom:1px solid var(--rule);padding-bottom:6px;margin:30px 0 12px}
h3{font-size:16px;margin:0 0 8px}
p{margin:0 0 4px}
.facts{margin:0;padding-left:1.3em}
.facts li{margin:0 0 12px}
.summary .facts li p{font:18px/1.55 Georgia,"Times New Roman",serif}
ul.facts{list-style:none;padding:0}
.agreements li,.single li{display:grid;grid-template-columns:auto 1fr;column-gap:10px}
.agreements li .cites,.single li .cites{grid-column:2}
.single li{grid-template-columns:1fr}.single li .cites{grid-column:1}
.badge{display:inline-block;min-width:26px;height:26px;border-radius:13px;background:var(--agree);color:#fff;font-weight:700;text-align:center;line-height:26px;font-size:14px}
.cites{display:flex;flex-wrap:wrap;gap:4px;margin-top:3px}
cite.src{font-style:normal;font-size:12px;background:#eef3f7;color:var(--accent);border:1px solid #d3e0ea;border-radius:10px;padding:0 8px;white-space:nowrap}
cite.src.copy{background:#f8f2e2;color:var(--copy);border-color:#eadfbf}
cite.src small{font-size:10px;text-transform:uppercase;letter-spacing:.05em}
.note,.muted{color:var(--muted);font-size:13px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
.corroboration th,.corroboration td{border-bottom:1px solid var(--rule);padding:6px 8px;vertical-align:top}
.corroboration{table-layout:fixed}
.corroboration thead th{vertical-align:bottom;font-size:12px;font-weight:600;text-align:center;overflow-wrap:anywhere;hyphens:auto}
.corroboration col.outlet{width:var(--col)}
.corroboration col.num{width:86px}
.corroboration thead th small{display:block;color:var(--copy);font-weight:400}
.corroboration thead th.copy span{color:var(--copy)}
.corroboration th.stmt{text-align:left;font-weight:400;font-size:13.5px}
.corroboration thead th.stmt{font-weight:600}
.corroboration td.num{text-align:center;font-weight:700;color:var(--agree)}
.corroboration td.cell{text-align:center;font-size:18px;line-height:1}
.corroboration td.yes{color:var(--agree);background:#f0f7f2}
.corroboration td.copy{color:var(--copy);background:#fbf6e9}
.corroboration tbody tr:hover{background:#f7f9fb}
.conflict{margin:0 0 18px}
.conflict h3{color:var(--conflict);text-transform:capitalize}
.sides{display:grid;grid-template-columns:repeat(var(--sides),1fr);gap:12px}
.side{border:1px solid #efc9c6;border-top:4px solid var(--conflict);border-radius:6px;padding:10px 14px;background:#fff8f7}
.side .figure{font:700 22px/1.2 Georgia,serif;color:var(--conflict);margin-bottom:6px}
mark{background:#fbe0dd;color:inherit;padding:0 2px;border-radius:2px}
.axis{margin:0 0 10px}
.axis svg{width:100%;height:auto;display:block}
.axis .rail{stroke:var(--ink);stroke-width:2}
.axis .tick{stroke:var(--muted)}
.axis text{font:12px -apple-system,"Segoe UI",Arial,sans-serif;fill:var(--muted)}
.axis text.day{text-anchor:middle}
.axis .event circle{fill:var(--accent);stroke:#fff;stroke-width:2}
.axis .event text{fill:#fff;text-anchor:middle;font-weight:700;font-size:11px}
.axis .span rect{fill:#dcd3f0;stroke:#8e7cc3}
.axis .span text{fill:#4b3a85;font-size:11px}
.events{list-style:none;padding:0;margin:0}
.events li{display:grid;grid-template-columns:30px 1fr;gap:10px;margin:0 0 12px}
.events .dot{display:inline-block;width:24px;height:24px;border-radius:12px;background:var(--accent);color:#fff;font-size:12px;font-weight:700;text-align:center;line-height:24px}
.events li.span .dot{background:#8e7cc3}
.when{font-size:13px;color:var(--muted)}
.when time{font-weight:700;color:var(--ink)}
.expr{font-style:italic}
.speaker{margin:0 0 16px}
blockquote{margin:0 0 10px;padding:6px 14px;border-left:4px solid var(--accent);background:#f6f9fb}
blockquote p{font:17px/1.5 Georgia,serif}
.quote-foot{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}.quote-foot .cites{margin:0}
blockquote.reported{border-left-color:#a9b4bf;background:#fafafa}
blockquote.reported p{font-style:italic;font-size:15px}
.chips{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:8px}
.entity{border:1px solid var(--rule);border-radius:8px;padding:6px 10px;display:flex;flex-wrap:wrap;gap:2px 8px;align-items:baseline;background:#fcfcfd}
.entity .kind{font-size:10px;text-transform:uppercase;letter-spacing:.08em;color:#fff;border-radius:4px;padding:1px 5px}
.entity.person .kind{background:#1f5f8b}.entity.place .kind{background:#2e7d4f}.entity.org .kind{background:#7b4397}.entity.other .kind{background:#7a7f87}
.entity .role{font-size:13px}.entity .aka,.entity .count{font-size:12px;color:var(--muted)}
.sources td,.sources th{border-bottom:1px solid var(--rule);padding:6px 8px;text-align:left;vertical-align:top}
.sources tr.copy td{background:#fbf6e9}
.colophon{max-width:1120px;margin:0 auto 30px;padding:0 32px;color:var(--muted);font-size:12px}
@media (max-width:720px){main{padding:8px 10px}.story{padding:6px 14px 20px}.sides{grid-template-columns:1fr}}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn places_days_parts_of_days_weeks_and_months() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(matches!(place("2025-10-15TEV"), Some(Place::Day(x, f)) if x == d("2025-10-15") && f > 0.7));
        assert!(matches!(place("2025-10-16T07:00"), Some(Place::Day(_, f)) if (f - 7.0 / 24.0).abs() < 1e-9));
        assert!(
            matches!(place("2025-W43"), Some(Place::Span(a, b)) if a == d("2025-10-20") && b == d("2025-10-26"))
        );
        assert!(
            matches!(place("2026-02"), Some(Place::Span(a, b)) if a == d("2026-02-01") && b == d("2026-02-28"))
        );
        assert!(
            matches!(place("2025-FA"), Some(Place::Span(a, b)) if a == d("2025-09-01") && b == d("2025-11-30"))
        );
        assert!(
            matches!(place("2025-WI"), Some(Place::Span(a, b)) if a == d("2025-12-01") && b == d("2026-02-28"))
        );
        assert!(place("2025-13").is_none());
        assert!(place("PRESENT_REF").is_none());
        assert!(place("").is_none());
        assert!(place("2025-W9x").is_none());
    }

    #[test]
    fn marks_the_disputed_figure() {
        assert_eq!(mark("a <two>-hour call", "<two>-hour"), "a <mark>&lt;two&gt;-hour</mark> call");
        assert_eq!(mark("no figure", "three"), "no figure");
    }
}
