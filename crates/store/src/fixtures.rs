//! Small hand-made records for the tests.

use storyweave_model::*;

fn ts(s: &str) -> Option<Timestamp> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok()
}

/// A text document from a JSONL file and its article; `name` makes the raw bytes (and id) unique.
pub(crate) fn doc(name: &str, outlet: &str, published: &str) -> (Document, Article) {
    let raw = format!("{{\"title\":\"Headline {name}\",\"text\":\"Body of {name}.\"}}\r\n").into_bytes();
    let (mut doc, mut article) = doc_with_raw(raw, outlet);
    doc.origin = Origin { path: "feeds/today.jsonl".into(), record: Some(3), format: SourceFormat::Jsonl };
    doc.hints.published = ts(published);
    doc.content = format!("Headline {name}\nBody of {name}.");
    article.title = Some(format!("Headline {name}"));
    article.paragraphs = vec![format!("Body of {name}."), "A second paragraph.".into()];
    article.published = ts(published);
    (doc, article)
}

/// A document with the given raw bytes, and a plain article for it.
pub(crate) fn doc_with_raw(raw: Vec<u8>, outlet: &str) -> (Document, Article) {
    let origin = Origin { path: "pages/a.txt".into(), record: None, format: SourceFormat::Text };
    let content = String::from_utf8_lossy(&raw).into_owned();
    let hints =
        Hints { outlet: Some(outlet.into()), url: Some("https://example.com/a".into()), ..Hints::default() };
    let doc = Document::new(origin, ContentKind::Text, raw, content, hints);
    let article = Article {
        doc_id: doc.id.clone(),
        title: None,
        paragraphs: vec!["Only paragraph.".into()],
        published: None,
        authors: vec!["Jane Roe".into()],
        outlet: outlet.into(),
        url: Some("https://example.com/a".into()),
        language: Some("en".into()),
        removed: vec![Removed { text: "Share on X".into(), reason: RemovalReason::Social, line: Some(2) }],
    };
    (doc, article)
}

pub(crate) fn story(id: &str, title: &str, first_seen: Option<&str>, articles: &[&str]) -> Story {
    Story {
        id: id.into(),
        title: title.into(),
        articles: articles.iter().map(|s| s.to_string()).collect(),
        first_seen: first_seen.and_then(ts),
        last_seen: first_seen.and_then(ts),
        outlets: vec!["Outlet A".into()],
        merged: Vec::new(),
    }
}

pub(crate) fn analysis(doc: &str) -> Analysis {
    Analysis {
        doc_id: doc.into(),
        sentences: vec![Sentence { text: "Leaders spoke for 2.5 hours.".into(), paragraph: 0 }],
        entities: vec![Entity {
            name: "Viktor Orban".into(),
            kind: EntityKind::Person,
            role: Some("Prime Minister".into()),
            mentions: vec![Mention { sentence: 0, start: 0, end: 7, text: "Leaders".into() }],
            references: Vec::new(),
        }],
        times: vec![TimeExpr {
            sentence: 0,
            start: 20,
            end: 27,
            text: "2.5 hours".into(),
            kind: TimeKind::Duration,
            value: Some("PT2.5H".into()),
        }],
        quotes: vec![Quote {
            sentence: 0,
            text: "It went well".into(),
            speaker: Some("Orban".into()),
            cue: Some("said".into()),
            medium: None,
            direct: true,
            ..Quote::default()
        }],
        figures: vec![Figure {
            sentence: 0,
            text: "2.5 to 3 hours".into(),
            value: 2.5,
            upper: Some(3.0),
            unit: "h".into(),
            hedge: Some("about".into()),
            measures: Some("call".into()),
        }],
        datelines: Vec::new(),
    }
}

pub(crate) fn brief(story: &Story, summary: &str) -> Brief {
    let citation = Citation { outlet: "Outlet A".into(), doc: story.articles[0].clone() };
    Brief {
        schema_version: BRIEF_SCHEMA_VERSION,
        story: story.id.clone(),
        title: story.title.clone(),
        summary: vec![CitedText { text: summary.into(), citations: vec![citation.clone()], newsrooms: 1 }],
        timeline: vec![TimelineEntry {
            when: "2025-10-16".into(),
            expression: "on Thursday".into(),
            text: summary.into(),
            citations: vec![citation.clone()],
        }],
        quotes: vec![QuoteEntry {
            speaker: "Orban".into(),
            text: "It went well".into(),
            direct: true,
            citations: vec![citation.clone()],
            via: None,
            medium: None,
        }],
        entities: vec![EntityEntry {
            name: "Viktor Orban".into(),
            kind: EntityKind::Person,
            role: None,
            variants: vec!["Orban".into()],
            articles: 1,
        }],
        agreements: vec![],
        conflicts: vec![ConflictEntry {
            about: "call".into(),
            sides: vec![ConflictSideEntry {
                figure: "2.5 hours".into(),
                text: summary.into(),
                citations: vec![citation.clone()],
            }],
        }],
        single_source: vec![],
        coverage: Coverage {
            articles: vec![CoverageItem {
                outlet: "Outlet A".into(),
                doc: citation.doc.clone(),
                title: Some(story.title.clone()),
                lede: None,
                published: story.first_seen,
                url: None,
                copy_of: Some(CopyOf {
                    doc: "orig".into(),
                    outlet: "Wire".into(),
                    kind: CopyKind::Syndicated,
                    edits: Edits { added: 1, ..Edits::default() },
                }),
            }],
            outlets: vec!["Outlet A".into()],
            newsrooms: 1,
            copies: 0,
            first_seen: story.first_seen,
            last_seen: story.last_seen,
        },
        newsrooms: 1,
    }
}

/// Stories, analyses, briefs and copy links over two stored documents.
pub(crate) fn derived(ids: &[&str; 2]) -> (Vec<Story>, Vec<Analysis>, Vec<Brief>, DedupReport) {
    let stories = vec![
        story("s1-budapest", "Summit in Budapest", Some("2025-10-16T09:00:00"), &[ids[0], ids[1]]),
        story("s2-markets", "Markets", Some("2025-10-17T09:00:00"), &[ids[1]]),
    ];
    let analyses = vec![analysis(ids[0]), analysis(ids[1])];
    let briefs = vec![
        brief(&stories[0], "Leaders agreed to meet in Budapest."),
        brief(&stories[1], "Stocks rose on Friday."),
    ];
    let dedup = DedupReport {
        links: vec![CopyLink {
            copy: ids[1].into(),
            original: ids[0].into(),
            kind: CopyKind::Near,
            jaccard: 0.1 + 0.7,
            containment: 0.93,
            edits: Edits { added: 1, removed: 0, changed: 2, kept: 5, title_changed: true },
        }],
    };
    (stories, analyses, briefs, dedup)
}
