//! Building a brief from a story's stage outputs.

use std::collections::{BTreeSet, HashMap, HashSet};

use storyweave_model::{
    Analysis, Article, Brief, Citation, CitedText, ConflictEntry, ConflictSideEntry, CopyOf, Coverage,
    CoverageItem, DedupReport, EntityEntry, EntityKind, QuoteEntry, Reconciled, SentenceRef, Statement,
    Story, TimeKind, TimelineEntry, BRIEF_SCHEMA_VERSION,
};
use storyweave_text::{content_words as content, fold, jaccard, words};

/// Everything the brief of one story is built from; articles and analyses in story order.
pub struct StoryInput<'a> {
    pub story: &'a Story,
    pub articles: Vec<&'a Article>,
    pub analyses: Vec<&'a Analysis>,
    pub reconciled: &'a Reconciled,
    pub dedup: &'a DedupReport,
}

/// Most sentences in the summary, and most words.
const SUMMARY_SENTENCES: usize = 6;
const SUMMARY_WORDS: usize = 160;
/// Most quotes in a brief.
const MAX_QUOTES: usize = 15;
/// Two summary sentences sharing this much of their content words say the same thing.
const REDUNDANT: f32 = 0.35;

struct Index<'a> {
    input: &'a StoryInput<'a>,
    analysis: HashMap<&'a str, &'a Analysis>,
    article: HashMap<&'a str, &'a Article>,
    /// Which statement each sentence belongs to.
    statement_of: HashMap<SentenceRef, usize>,
    /// In how many articles each content word appears, for centrality.
    df: HashMap<String, usize>,
}

impl<'a> Index<'a> {
    fn new(input: &'a StoryInput<'a>) -> Self {
        let mut statement_of = HashMap::new();
        for (i, s) in input.reconciled.statements.iter().enumerate() {
            for r in &s.sentences {
                statement_of.insert(r.clone(), i);
            }
        }
        let mut df: HashMap<String, usize> = HashMap::new();
        for a in &input.analyses {
            let set: HashSet<String> = a.sentences.iter().flat_map(|s| content(&s.text)).collect();
            for w in set {
                *df.entry(w).or_default() += 1;
            }
        }
        Index {
            input,
            analysis: input.analyses.iter().map(|a| (a.doc_id.as_str(), *a)).collect(),
            article: input.articles.iter().map(|a| (a.doc_id.as_str(), *a)).collect(),
            statement_of,
            df,
        }
    }

    fn sentence(&self, r: &SentenceRef) -> Option<&'a str> {
        self.analysis.get(r.doc.as_str())?.sentences.get(r.sentence).map(|s| s.text.as_str())
    }

    fn citation(&self, doc: &str) -> Citation {
        let outlet = self.article.get(doc).map_or_else(|| doc.to_string(), |a| a.outlet.clone());
        Citation { outlet, doc: doc.to_string() }
    }

    fn citations(&self, refs: &[SentenceRef]) -> Vec<Citation> {
        let set: BTreeSet<Citation> = refs.iter().map(|r| self.citation(&r.doc)).collect();
        set.into_iter().collect()
    }

    fn newsrooms(&self, docs: impl IntoIterator<Item = &'a str>) -> usize {
        docs.into_iter().map(|d| self.input.dedup.canonical(d)).collect::<HashSet<_>>().len()
    }

    /// The statement's representative: a sentence from an original, the fullest one.
    fn representative<'s>(&self, s: &'s Statement) -> Option<(&'a str, &'s SentenceRef)> {
        s.sentences.iter().filter_map(|r| self.sentence(r).map(|t| (t, r))).max_by_key(|(t, r)| {
            (
                self.input.dedup.original_of(&r.doc).is_none(),
                words(t).count().min(45),
                std::cmp::Reverse((*r).clone()),
            )
        })
    }

    /// How typical a sentence's words are of the story (0..1).
    fn centrality(&self, text: &str) -> f32 {
        let n = self.input.articles.len().max(1) as f32;
        let ws = content(text);
        if ws.is_empty() {
            return 0.0;
        }
        ws.iter().map(|w| *self.df.get(w).unwrap_or(&0) as f32 / n).sum::<f32>() / ws.len() as f32
    }

    fn cited(&self, s: &Statement) -> Option<CitedText> {
        let (text, _) = self.representative(s)?;
        Some(CitedText {
            text: text.to_string(),
            citations: self.citations(&s.sentences),
            newsrooms: s.newsrooms,
        })
    }
}

fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let inter = a.intersection(b).count() as f32;
    inter / (a.len().min(b.len()).max(1) as f32)
}

/// A sentence fit to stand alone in a summary: a whole statement, not a heading, question or
/// fragment, and not only a quotation.
fn summary_worthy(text: &str) -> bool {
    let n = words(text).count();
    let t = text.trim();
    (8..=60).contains(&n) && t.ends_with(['.', '!', '”', '"', '’']) && !t.starts_with(['“', '"', '‘', '\''])
}

/// Build the brief of one story.
pub fn build(input: &StoryInput) -> Brief {
    let ix = Index::new(input);
    let summary = summary(&ix);
    let coverage = coverage(&ix);
    Brief {
        schema_version: BRIEF_SCHEMA_VERSION,
        story: input.story.id.clone(),
        title: input.story.title.clone(),
        timeline: timeline(&ix),
        quotes: quotes(&ix),
        entities: entities(input.reconciled),
        agreements: agreements(&ix),
        conflicts: conflicts(&ix),
        single_source: single_source(&ix, &summary),
        newsrooms: coverage.newsrooms,
        summary,
        coverage,
    }
}

fn summary(ix: &Index) -> Vec<CitedText> {
    let mut scored: Vec<(f32, CitedText)> = Vec::new();
    for s in &ix.input.reconciled.statements {
        let Some((text, r)) = ix.representative(s) else { continue };
        if !summary_worthy(text) {
            continue;
        }
        let paragraph = ix
            .analysis
            .get(r.doc.as_str())
            .and_then(|a| a.sentences.get(r.sentence))
            .map_or(9, |x| x.paragraph);
        let lead = if paragraph <= 1 { 0.5 } else { 0.0 };
        let score = s.newsrooms as f32 + ix.centrality(text) + lead;
        if let Some(c) = ix.cited(s) {
            scored.push((score, c));
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.text.cmp(&b.1.text)));
    let mut chosen: Vec<CitedText> = Vec::new();
    let mut chosen_words: Vec<HashSet<String>> = Vec::new();
    let mut total = 0;
    for (_, c) in scored {
        let ws = content(&c.text);
        let n = words(&c.text).count();
        if chosen.len() >= SUMMARY_SENTENCES || (total + n > SUMMARY_WORDS && !chosen.is_empty()) {
            break;
        }
        if chosen_words.iter().any(|w| overlap(w, &ws) >= REDUNDANT + 0.25 || jaccard(w, &ws) >= REDUNDANT) {
            continue;
        }
        total += n;
        chosen_words.push(ws);
        chosen.push(c);
    }
    chosen
}

fn timeline(ix: &Index) -> Vec<TimelineEntry> {
    // One entry per (date, statement): the statement's sentences cite every outlet.
    let mut entries: HashMap<(String, usize), TimelineEntry> = HashMap::new();
    for a in &ix.input.analyses {
        for t in &a.times {
            let Some(value) = &t.value else { continue };
            // A bare year or decade ("1991", "197") is background, not an event of the story.
            let calendar = value.len() >= 7
                && value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && value.as_bytes()[4] == b'-';
            if !matches!(t.kind, TimeKind::Date | TimeKind::Time) || !calendar {
                continue;
            }
            let r = SentenceRef { doc: a.doc_id.clone(), sentence: t.sentence };
            let Some(&st) = ix.statement_of.get(&r) else { continue };
            let statement = &ix.input.reconciled.statements[st];
            let Some((text, _)) = ix.representative(statement) else { continue };
            entries.entry((value.clone(), st)).or_insert_with(|| TimelineEntry {
                when: value.clone(),
                expression: t.text.clone(),
                text: text.to_string(),
                citations: ix.citations(&statement.sentences),
            });
        }
    }
    let mut out: Vec<TimelineEntry> = entries.into_values().collect();
    out.sort_by(|a, b| {
        a.when.cmp(&b.when).then(b.citations.len().cmp(&a.citations.len())).then(a.text.cmp(&b.text))
    });
    // Keep the best-cited few per date, so the timeline stays readable.
    let mut per_day: HashMap<String, usize> = HashMap::new();
    out.retain(|e| {
        let n = per_day.entry(e.when.clone()).or_default();
        *n += 1;
        *n <= 2
    });
    out
}

fn quotes(ix: &Index) -> Vec<QuoteEntry> {
    let entities = &ix.input.reconciled.entities;
    let canonical = |speaker: &str| {
        entities
            .iter()
            .find(|e| e.variants.iter().any(|v| v == speaker))
            .map_or_else(|| speaker.to_string(), |e| e.name.clone())
    };
    let mut out: Vec<(QuoteEntry, HashSet<String>, BTreeSet<Citation>)> = Vec::new();
    for a in &ix.input.analyses {
        for q in &a.quotes {
            let Some(speaker) = &q.speaker else { continue };
            // A figure is never a speaker ("the £1.8 million fund said" is a misparse).
            if speaker.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            let speaker = canonical(speaker);
            let ws = content(&q.text);
            if ws.len() < 3 {
                continue;
            }
            let cite = ix.citation(&a.doc_id);
            match out.iter_mut().find(|(e, w, _)| e.speaker == speaker && overlap(w, &ws) >= 0.7) {
                Some((e, w, cites)) => {
                    cites.insert(cite);
                    if q.text.len() > e.text.len() {
                        e.text = q.text.clone();
                        *w = ws;
                    }
                    e.direct |= q.direct;
                }
                None => out.push((
                    QuoteEntry {
                        speaker,
                        text: q.text.clone(),
                        direct: q.direct,
                        citations: vec![],
                        via: q.via.as_deref().map(canonical),
                    },
                    ws,
                    BTreeSet::from([cite]),
                )),
            }
        }
    }
    let mut quotes: Vec<QuoteEntry> = out
        .into_iter()
        .map(|(mut e, _, c)| {
            e.citations = c.into_iter().collect();
            e
        })
        .collect();
    // The best-cited quotes, grouped by speaker, the most quoted speaker first. Every named
    // speaker's best quote is kept first, so that one voice does not crowd out the others.
    // Among equally cited quotes the fuller one first.
    quotes.sort_by(|a, b| {
        b.citations
            .len()
            .cmp(&a.citations.len())
            .then(content(&b.text).len().cmp(&content(&a.text).len()))
            .then(a.text.cmp(&b.text))
    });
    let mut seen: HashSet<String> = HashSet::new();
    let named = |speaker: &str| entities.iter().any(|e| e.name == speaker);
    let (firsts, rest): (Vec<QuoteEntry>, Vec<QuoteEntry>) =
        quotes.into_iter().partition(|q| named(&q.speaker) && seen.insert(q.speaker.clone()));
    let mut quotes: Vec<QuoteEntry> = firsts.into_iter().take(MAX_QUOTES).collect();
    quotes.extend(rest.into_iter().take(MAX_QUOTES.saturating_sub(quotes.len())));
    let mut count: HashMap<String, usize> = HashMap::new();
    for q in &quotes {
        *count.entry(q.speaker.clone()).or_default() += q.citations.len();
    }
    quotes.sort_by(|a, b| {
        count[&b.speaker]
            .cmp(&count[&a.speaker])
            .then(a.speaker.cmp(&b.speaker))
            .then(b.citations.len().cmp(&a.citations.len()))
            .then(a.text.cmp(&b.text))
    });
    quotes
}

fn entities(r: &Reconciled) -> Vec<EntityEntry> {
    r.entities
        .iter()
        .filter(|e| e.kind != EntityKind::Other || e.articles.len() > 1)
        .take(15)
        .map(|e| EntityEntry {
            name: e.name.clone(),
            kind: e.kind,
            role: e.role.clone(),
            variants: e.variants.clone(),
            articles: e.articles.len(),
        })
        .collect()
}

fn agreements(ix: &Index) -> Vec<CitedText> {
    let mut out: Vec<CitedText> = ix
        .input
        .reconciled
        .statements
        .iter()
        .filter(|s| s.newsrooms >= 2)
        .filter_map(|s| ix.cited(s))
        .collect();
    out.sort_by(|a, b| b.newsrooms.cmp(&a.newsrooms).then(b.citations.len().cmp(&a.citations.len())));
    out.truncate(10);
    out
}

fn conflicts(ix: &Index) -> Vec<ConflictEntry> {
    ix.input
        .reconciled
        .conflicts
        .iter()
        .map(|c| {
            // Sides giving the same figure merge, citing each outlet that gives it.
            let mut sides: Vec<(String, ConflictSideEntry)> = Vec::new();
            for s in &c.sides {
                let key = fold(&s.figure);
                let text = ix.sentence(&s.sentence).unwrap_or_default().to_string();
                let cite = ix.citation(&s.sentence.doc);
                match sides.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, e)) => {
                        if !e.citations.contains(&cite) {
                            e.citations.push(cite);
                        }
                    }
                    None => sides.push((
                        key,
                        ConflictSideEntry { figure: s.figure.clone(), text, citations: vec![cite] },
                    )),
                }
            }
            ConflictEntry { about: c.about.clone(), sides: sides.into_iter().map(|(_, s)| s).collect() }
        })
        .collect()
}

fn single_source(ix: &Index, summary: &[CitedText]) -> Vec<CitedText> {
    if ix.newsrooms(ix.input.articles.iter().map(|a| a.doc_id.as_str())) < 2 {
        return Vec::new();
    }
    let in_summary: HashSet<&str> = summary.iter().map(|c| c.text.as_str()).collect();
    let mut scored: Vec<(f32, CitedText)> = ix
        .input
        .reconciled
        .statements
        .iter()
        .filter(|s| s.newsrooms == 1)
        .filter_map(|s| ix.cited(s))
        .filter(|c| summary_worthy(&c.text) && !in_summary.contains(c.text.as_str()))
        .map(|c| (ix.centrality(&c.text), c))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.text.cmp(&b.1.text)));
    scored.into_iter().take(5).map(|(_, c)| c).collect()
}

fn coverage(ix: &Index) -> Coverage {
    let input = ix.input;
    let articles: Vec<CoverageItem> = input
        .articles
        .iter()
        .map(|a| CoverageItem {
            outlet: a.outlet.clone(),
            doc: a.doc_id.clone(),
            title: a.title.clone(),
            published: a.published,
            url: a.url.clone(),
            copy_of: input.dedup.original_of(&a.doc_id).map(|l| CopyOf {
                doc: l.original.clone(),
                outlet: ix.citation(&l.original).outlet,
                kind: l.kind,
                edits: l.edits.clone(),
            }),
        })
        .collect();
    let mut outlets: Vec<String> = Vec::new();
    for a in &articles {
        if !outlets.contains(&a.outlet) {
            outlets.push(a.outlet.clone());
        }
    }
    Coverage {
        newsrooms: ix.newsrooms(input.articles.iter().map(|a| a.doc_id.as_str())),
        copies: articles.iter().filter(|a| a.copy_of.is_some()).count(),
        first_seen: input.story.first_seen,
        last_seen: input.story.last_seen,
        outlets,
        articles,
    }
}
