//! Renderers of a brief: terminal text and Markdown, and the HTML page ([`html`]). (JSON is the
//! brief's serde form.)
//!
//! Both renderers share one outline; each section prints only when it has something to say.

use std::fmt::Write;

use storyweave_model::{Brief, Citation, CitedText, EntityKind};

/// How a renderer marks up headings, list items and citations.
struct Style {
    story: fn(&str) -> String,
    section: fn(&str) -> String,
    item: &'static str,
    sub_item: &'static str,
    note: fn(&str) -> String,
}

const TEXT: Style = Style {
    story: |t| format!("══ {t}\n"),
    section: |t| format!("\n{t}\n"),
    item: "  • ",
    sub_item: "      ",
    note: |t| format!("  {t}\n"),
};

const MARKDOWN: Style = Style {
    story: |t| format!("# {t}\n\n"),
    section: |t| format!("\n## {t}\n\n"),
    item: "- ",
    sub_item: "  - ",
    note: |t| format!("{t}\n"),
};

/// The brief as plain text for a terminal.
pub fn text(brief: &Brief) -> String {
    render(brief, &TEXT)
}

/// Every brief on one standalone HTML page (see [`crate::html`]).
pub fn html(briefs: &[Brief]) -> String {
    crate::html::page(briefs)
}

/// The brief as Markdown.
pub fn markdown(brief: &Brief) -> String {
    render(brief, &MARKDOWN)
}

fn cite(c: &[Citation]) -> String {
    let mut outlets: Vec<&str> = c.iter().map(|c| c.outlet.as_str()).collect();
    outlets.dedup();
    format!("[{}]", outlets.join("; "))
}

fn cited(c: &CitedText) -> String {
    format!("{} {}", c.text, cite(&c.citations))
}

fn date(d: Option<storyweave_model::Timestamp>) -> String {
    d.map_or_else(|| "undated".to_string(), |d| d.format("%Y-%m-%d %H:%M").to_string())
}

fn render(b: &Brief, s: &Style) -> String {
    let mut out = String::new();
    let cov = &b.coverage;
    out += &(s.story)(&format!("{} ({})", b.title, b.story));
    let span = match (cov.first_seen, cov.last_seen) {
        (Some(f), Some(l)) if f.date() != l.date() => format!(" · {} → {}", f.date(), l.date()),
        (Some(f), _) => format!(" · {}", f.date()),
        _ => String::new(),
    };
    out += &(s.note)(&format!(
        "{} article{} · {} independent newsroom{} · {} cop{}{}",
        cov.articles.len(),
        if cov.articles.len() == 1 { "" } else { "s" },
        b.newsrooms,
        if b.newsrooms == 1 { "" } else { "s" },
        cov.copies,
        if cov.copies == 1 { "y" } else { "ies" },
        span
    ));

    section(&mut out, s, "What happened", b.summary.iter().map(cited));
    section(
        &mut out,
        s,
        "Timeline",
        b.timeline.iter().map(|t| {
            format!("{} (“{}”) {} {}", crate::when::label(&t.when), t.expression, t.text, cite(&t.citations))
        }),
    );
    let mut last_speaker = "";
    let mut quote_lines = Vec::new();
    for q in &b.quotes {
        if q.speaker != last_speaker {
            quote_lines.push(format!("{}:", q.speaker));
            last_speaker = &q.speaker;
        }
        let text = if q.direct {
            format!("“{}”", q.text.trim_matches(['“', '”', '"']))
        } else {
            q.text.clone()
        };
        let via = q.via.as_ref().map(|v| format!(" (via {v})")).unwrap_or_default();
        let medium = q.medium.as_ref().map(|m| format!(" [{m}]")).unwrap_or_default();
        quote_lines.push(format!("{}{}{}{} {}", s.sub_item, text, via, medium, cite(&q.citations)));
    }
    section(&mut out, s, "Who said what", quote_lines.into_iter());
    section(
        &mut out,
        s,
        "Who and where",
        b.entities.iter().map(|e| {
            let kind = match e.kind {
                EntityKind::Person => "person",
                EntityKind::Organization => "organisation",
                EntityKind::Place => "place",
                EntityKind::Other => "other",
            };
            let role = e.role.as_deref().map(|r| format!(", {r}")).unwrap_or_default();
            let others: Vec<&str> = e.other_spellings().collect();
            let aka = if others.is_empty() { String::new() } else { format!("; also {}", others.join(", ")) };
            format!(
                "{} ({kind}{role}{aka}) — in {} article{}",
                e.name,
                e.articles,
                if e.articles == 1 { "" } else { "s" }
            )
        }),
    );
    section(
        &mut out,
        s,
        "Agreed by several newsrooms",
        b.agreements.iter().map(|c| format!("{} newsrooms: {}", c.newsrooms, cited(c))),
    );
    let mut conflict_lines = Vec::new();
    for c in &b.conflicts {
        conflict_lines.push(format!("{}:", c.about));
        for side in &c.sides {
            conflict_lines.push(format!(
                "{}“{}” — {} {}",
                s.sub_item,
                side.figure,
                side.text,
                cite(&side.citations)
            ));
        }
    }
    section(&mut out, s, "Where sources conflict", conflict_lines.into_iter());
    section(&mut out, s, "Reported by one newsroom only", b.single_source.iter().map(cited));
    section(
        &mut out,
        s,
        "Coverage",
        cov.articles.iter().map(|a| {
            let title = match (&a.title, &a.lede) {
                (Some(t), _) => t.clone(),
                (None, Some(l)) => format!("(untitled) “{l}”"),
                (None, None) => "(untitled)".to_string(),
            };
            let copy = a.copy_of.as_ref().map_or(String::new(), |c| {
                let e = &c.edits;
                format!(
                    " — {} copy of {} ({} kept, {} changed, {} added, {} cut{})",
                    serde_label(c.kind),
                    c.outlet,
                    e.kept,
                    e.changed,
                    e.added,
                    e.removed,
                    if e.title_changed { ", new headline" } else { "" }
                )
            });
            format!("{}: {} ({}){}", a.outlet, title, date(a.published), copy)
        }),
    );
    out
}

fn serde_label(k: storyweave_model::CopyKind) -> &'static str {
    match k {
        storyweave_model::CopyKind::Exact => "exact",
        storyweave_model::CopyKind::Near => "near",
        storyweave_model::CopyKind::Syndicated => "syndicated",
    }
}

fn section(out: &mut String, s: &Style, title: &str, lines: impl Iterator<Item = String>) {
    let mut any = false;
    for line in lines {
        if !any {
            *out += &(s.section)(title);
            any = true;
        }
        // Lines already indented (sub-items) keep their own marker.
        if line.starts_with(' ') || (s.sub_item.starts_with(' ') && line.starts_with(s.sub_item)) {
            let _ = writeln!(out, "{line}");
        } else {
            let _ = writeln!(out, "{}{line}", s.item);
        }
    }
}
