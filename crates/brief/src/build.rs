//! Building a brief from a story's stage outputs.

use std::collections::{BTreeSet, HashMap, HashSet};

use storyweave_model::{
    Analysis, Article, Brief, Citation, CitedText, ConflictEntry, ConflictSideEntry, CopyOf, Coverage,
    CoverageItem, DedupReport, EntityEntry, EntityKind, Reconciled, SentenceRef, Statement, Story,
    StoryEntity, TimeKind, TimelineEntry, BRIEF_SCHEMA_VERSION,
};
use storyweave_text::dates::{MONTH_NAMES, WEEKDAY_NAMES};
use storyweave_text::{content_words as content, fold, jaccard, strip_inflection, words};

use crate::roundup::{self, Roundup, Table, Words};
use crate::when;

mod quotes;

/// Everything the brief of one story is built from; articles and analyses in story order.
pub struct StoryInput<'a> {
    pub story: &'a Story,
    pub articles: Vec<&'a Article>,
    pub analyses: Vec<&'a Analysis>,
    pub reconciled: &'a Reconciled,
    pub dedup: &'a DedupReport,
}

/// The summary's settings. The defaults are tuned on NeuS train (ROUGE-1) and checked on val;
/// `storyweave eval summarization --set NAME=VALUE` tries others.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryConfig {
    /// Most sentences in the summary.
    pub sentences: usize,
    /// The word budget: this share of the story's words (its independent articles), within
    /// `min_words..=max_words`. The summary never passes `max_words`.
    pub share: f32,
    pub min_words: usize,
    pub max_words: usize,
    /// The length of the roundup an editor would write, as a share of the budget: the summary
    /// stops where another sentence would lower its expected ROUGE-1 F against one.
    pub roundup: f32,
    /// Weights of a candidate's score: LexRank centrality, corroboration by newsrooms, support
    /// from other newsrooms' closest sentences, lead position, likeness to a headline.
    pub w_rank: f32,
    pub w_newsrooms: f32,
    pub w_support: f32,
    pub w_lead: f32,
    pub w_headline: f32,
    /// Weight of that score (as a share of the best candidate's) beside the expected F a
    /// candidate brings, when picking the next sentence.
    pub w_score: f32,
    /// Cosine below which two sentences are not linked in the LexRank graph.
    pub lexrank_link: f32,
    /// Two summary sentences sharing this much of their content words say the same thing.
    pub redundant: f32,
    /// Two summary sentences whose TF-IDF cosine reaches this say the same thing in other words.
    pub paraphrase: f32,
}

impl Default for SummaryConfig {
    fn default() -> Self {
        SummaryConfig {
            sentences: 6,
            share: 0.45,
            min_words: 55,
            max_words: 120,
            roundup: 0.7,
            w_rank: 0.5,
            w_newsrooms: 1.0,
            w_support: 4.0,
            w_lead: 1.0,
            w_headline: 8.0,
            w_score: 0.1,
            lexrank_link: 0.1,
            redundant: 0.5,
            paraphrase: 0.35,
        }
    }
}

impl SummaryConfig {
    /// Set a numeric setting by name (for tuning from the command line).
    pub fn set(&mut self, name: &str, value: f64) -> Result<(), String> {
        let (f, n) = (value as f32, value.max(0.0) as usize);
        match name {
            "sentences" => self.sentences = n,
            "share" => self.share = f,
            "min_words" => self.min_words = n,
            "max_words" => self.max_words = n,
            "roundup" => self.roundup = f,
            "w_rank" => self.w_rank = f,
            "w_newsrooms" => self.w_newsrooms = f,
            "w_support" => self.w_support = f,
            "w_lead" => self.w_lead = f,
            "w_headline" => self.w_headline = f,
            "w_score" => self.w_score = f,
            "lexrank_link" => self.lexrank_link = f,
            "redundant" => self.redundant = f,
            "paraphrase" => self.paraphrase = f,
            _ => return Err(format!("unknown summary setting {name:?}")),
        }
        Ok(())
    }
}

/// Most agreements in a brief.
const MAX_AGREEMENTS: usize = 25;
/// Entities listed: the story's actors, not every name it drops.
const MAX_ENTITIES: usize = 30;

struct Index<'a> {
    input: &'a StoryInput<'a>,
    config: &'a SummaryConfig,
    analysis: HashMap<&'a str, &'a Analysis>,
    article: HashMap<&'a str, &'a Article>,
    /// Which statement each sentence belongs to.
    statement_of: HashMap<SentenceRef, usize>,
    /// In how many articles each content word appears, for centrality.
    df: HashMap<String, usize>,
}

impl<'a> Index<'a> {
    fn new(input: &'a StoryInput<'a>, config: &'a SummaryConfig) -> Self {
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
            config,
            analysis: input.analyses.iter().map(|a| (a.doc_id.as_str(), *a)).collect(),
            article: input.articles.iter().map(|a| (a.doc_id.as_str(), *a)).collect(),
            statement_of,
            df,
        }
    }

    /// A sentence as a reader is shown it (see [`Analysis::shown`]).
    fn sentence(&self, r: &SentenceRef) -> Option<&'a str> {
        self.analysis.get(r.doc.as_str())?.shown(r.sentence)
    }

    fn citation(&self, doc: &str) -> Citation {
        let outlet = self.article.get(doc).map_or_else(|| doc.to_string(), |a| a.outlet.clone());
        Citation { outlet, doc: doc.to_string() }
    }

    fn citations<'s>(&self, refs: impl IntoIterator<Item = &'s SentenceRef>) -> Vec<Citation> {
        let set: BTreeSet<Citation> = refs.into_iter().map(|r| self.citation(&r.doc)).collect();
        set.into_iter().collect()
    }

    fn newsrooms(&self, docs: impl IntoIterator<Item = &'a str>) -> usize {
        docs.into_iter().map(|d| self.input.dedup.canonical(d)).collect::<HashSet<_>>().len()
    }

    /// The statement's representative: a sentence from an original, the fullest one.
    fn representative<'s>(&self, s: &'s Statement) -> Option<(&'a str, &'s SentenceRef)> {
        self.fullest(&s.sentences)
    }

    /// Of some sentences, the one that best stands for them: from an original, one that names
    /// what it is about rather than leaning on a pronoun, the fullest.
    fn fullest<'s>(
        &self,
        refs: impl IntoIterator<Item = &'s SentenceRef>,
    ) -> Option<(&'a str, &'s SentenceRef)> {
        refs.into_iter().filter_map(|r| self.sentence(r).map(|t| (t, r))).max_by_key(|(t, r)| {
            (
                self.input.dedup.original_of(&r.doc).is_none(),
                stands_alone(t),
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
        (ws.iter().map(|w| f64::from(*self.df.get(w).unwrap_or(&0) as f32 / n)).sum::<f64>()
            / ws.len() as f64) as f32
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
    whole_statement(text) && text.trim().ends_with(['.', '!', '”', '"', '’'])
}

/// A statement of fit length that is not only a quotation, nor the tail of one that began in
/// an earlier sentence; it may lack its end (a feed's excerpt cut mid-sentence).
fn whole_statement(text: &str) -> bool {
    let n = words(text).count();
    let t = text.trim();
    let tail_of_quote = t.matches('”').count() > t.matches('“').count() || t.matches('"').count() % 2 == 1;
    (8..=60).contains(&n) && !t.starts_with(['“', '"', '‘', '\'']) && !tail_of_quote
}

/// Whether a sentence names what it is about rather than opening on a pronoun ("He added ..."),
/// which leans on a sentence the summary may not carry. A pronoun subject after an opening phrase
/// that names no one ("Asked whether ..., he declined", "Later, she said") leans the same way.
fn stands_alone(text: &str) -> bool {
    const LEANING: &[&str] =
        &["he", "she", "it", "they", "his", "her", "its", "their", "this", "these", "those"];
    const SUBJECTS: &[&str] = &["he", "she", "they"];
    if words(text).next().is_some_and(|w| LEANING.contains(&fold(w).as_str())) {
        return false;
    }
    let Some((opening, rest)) = text.split_once(',') else { return true };
    let names_someone =
        words(opening).skip(1).any(|w| w.starts_with(char::is_uppercase) && !is_calendar_word(w));
    names_someone || words(rest).next().is_none_or(|w| !SUBJECTS.contains(&fold(w).as_str()))
}

/// Days and months, capitalised without naming anyone ("On Monday, he ...").
fn is_calendar_word(w: &str) -> bool {
    let w = fold(w);
    WEEKDAY_NAMES.contains(&w.as_str()) || MONTH_NAMES.contains(&w.as_str())
}

/// Build the brief of one story.
pub fn build(input: &StoryInput) -> Brief {
    build_with(input, &SummaryConfig::default())
}

/// [`build`] with other summary settings.
pub fn build_with(input: &StoryInput, config: &SummaryConfig) -> Brief {
    let ix = Index::new(input, config);
    let summary = summary(&ix);
    let coverage = coverage(&ix);
    Brief {
        schema_version: BRIEF_SCHEMA_VERSION,
        story: input.story.id.clone(),
        title: input.story.title.clone(),
        timeline: timeline(&ix),
        quotes: quotes::quotes(&ix),
        entities: entities(input.reconciled),
        agreements: agreements(&ix),
        conflicts: conflicts(&ix),
        single_source: single_source(&ix, &summary),
        newsrooms: coverage.newsrooms,
        summary,
        coverage,
    }
}

/// The headline that best names a story: the one most like the other headlines and the story's
/// text, so one outlet's slant or teaser does not title it. `None` when no article has one.
pub fn central_headline<'a>(articles: &[&'a Article], analyses: &[&Analysis]) -> Option<&'a str> {
    let text = bag(&analyses
        .iter()
        .flat_map(|a| a.sentences.iter().map(|s| s.text.as_str()))
        .collect::<Vec<_>>()
        .join(" "));
    let titles: Vec<(&str, HashMap<String, f32>)> =
        articles.iter().filter_map(|a| a.title.as_deref()).map(|t| (t, bag(t))).collect();
    let centrality: Vec<f32> = (0..titles.len())
        .map(|i| {
            let others: f32 = titles
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, (_, b))| cosine(&titles[i].1, b))
                .sum();
            others + cosine(&titles[i].1, &text)
        })
        .collect();
    // The first among equals, so a story of one article keeps its own headline.
    (0..titles.len()).rev().max_by(|&a, &b| centrality[a].total_cmp(&centrality[b])).map(|i| titles[i].0)
}

/// Content-word counts of a text, for similarity (light suffix stripping evens out inflections).
fn bag(text: &str) -> HashMap<String, f32> {
    let mut out: HashMap<String, f32> = HashMap::new();
    for w in words(text) {
        let w = fold(w);
        if w.chars().count() < 3 || storyweave_text::is_stopword(&w) {
            continue;
        }
        *out.entry(strip_inflection(&w)).or_default() += 1.0;
    }
    out
}

/// A bag's length, summed in f64 (exact for these f32 squares) so the map's order cannot change it.
fn norm(b: &HashMap<String, f32>) -> f32 {
    (b.values().map(|x| f64::from(x * x)).sum::<f64>() as f32).sqrt()
}

fn cosine(a: &HashMap<String, f32>, b: &HashMap<String, f32>) -> f32 {
    // Summed in f64 (exact for these f32 products), so the map's iteration order cannot change
    // the result.
    let dot = a.iter().filter_map(|(w, x)| b.get(w).map(|y| f64::from(x * y))).sum::<f64>() as f32;
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// Each of the story's sentences scored: LexRank centrality, support, and its TF-IDF bag.
struct Ranked {
    rank: HashMap<SentenceRef, f32>,
    support: HashMap<SentenceRef, f32>,
    weighted: HashMap<SentenceRef, HashMap<String, f32>>,
}

/// Most sentences LexRank compares pair by pair: a story of hundreds of articles would otherwise
/// cost time quadratic in its sentences.
const MAX_RANKED: usize = 1500;

/// The sentences LexRank ranks: all of them when they are few; else the originals' (copies say
/// nothing new), taken by position, every article's lead first, then every second sentence, and
/// so on, as a story's central facts are told early.
fn ranked_sentences(ix: &Index) -> Vec<SentenceRef> {
    let all: usize = ix.input.analyses.iter().map(|a| a.sentences.len()).sum();
    if all <= MAX_RANKED {
        return ix
            .input
            .analyses
            .iter()
            .flat_map(|a| (0..a.sentences.len()).map(|i| SentenceRef { doc: a.doc_id.clone(), sentence: i }))
            .collect();
    }
    let originals: Vec<&Analysis> = ix
        .input
        .analyses
        .iter()
        .copied()
        .filter(|a| ix.input.dedup.original_of(&a.doc_id).is_none())
        .collect();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let longest = originals.iter().map(|a| a.sentences.len()).max().unwrap_or(0);
    'positions: for i in 0..longest {
        for (k, a) in originals.iter().enumerate() {
            if i < a.sentences.len() {
                if taken.len() == MAX_RANKED {
                    break 'positions;
                }
                taken.push((k, i));
            }
        }
    }
    taken.sort_unstable();
    taken.into_iter().map(|(k, i)| SentenceRef { doc: originals[k].doc_id.clone(), sentence: i }).collect()
}

/// A TF-IDF bag as term ids in order, with its length, for cosines without hashing.
struct Sparse {
    terms: Vec<(u32, f32)>,
    norm: f32,
}

impl Sparse {
    fn cosine(&self, other: &Sparse) -> f32 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        // Summed in f64 (exact for these f32 products), as `cosine` does.
        let (mut i, mut j, mut dot) = (0, 0, 0.0f64);
        while i < self.terms.len() && j < other.terms.len() {
            let ((a, x), (b, y)) = (self.terms[i], other.terms[j]);
            match a.cmp(&b) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += f64::from(x * y);
                    i += 1;
                    j += 1;
                }
            }
        }
        dot as f32 / (self.norm * other.norm)
    }
}

/// LexRank centrality of the story's sentences: PageRank over their TF-IDF cosine graph, so a
/// sentence is central when many others, in every article, say much the same.
fn lexrank(ix: &Index) -> Ranked {
    let refs = ranked_sentences(ix);
    let bags: Vec<HashMap<String, f32>> =
        refs.iter().map(|r| ix.sentence(r).map(bag).unwrap_or_default()).collect();
    let n = refs.len();
    if n == 0 {
        return Ranked { rank: HashMap::new(), support: HashMap::new(), weighted: HashMap::new() };
    }
    let mut df: HashMap<&str, f32> = HashMap::new();
    for b in &bags {
        for w in b.keys() {
            *df.entry(w.as_str()).or_default() += 1.0;
        }
    }
    let idf = |w: &str| ((n as f32 + 1.0) / (df.get(w).copied().unwrap_or(0.0) + 1.0)).ln() + 1.0;
    let weighted: Vec<HashMap<String, f32>> =
        bags.iter().map(|b| b.iter().map(|(w, c)| (w.clone(), c * idf(w))).collect()).collect();
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let sparse: Vec<Sparse> = weighted
        .iter()
        .map(|b| {
            let mut terms: Vec<(u32, f32)> = b
                .iter()
                .map(|(w, &x)| {
                    let next = ids.len() as u32;
                    (*ids.entry(w.as_str()).or_insert(next), x)
                })
                .collect();
            terms.sort_unstable_by_key(|&(t, _)| t);
            Sparse { terms, norm: norm(b) }
        })
        .collect();
    // Every pair once: the graph keeps the links at or above the threshold (each list fills in
    // column order, so sums run as over a dense row); support keeps each sentence's closest sentence in every
    // other newsroom.
    let threshold = ix.config.lexrank_link;
    // Newsrooms by number, so each sentence's closest in every other is a row of a table.
    let mut room_ids: HashMap<&str, usize> = HashMap::new();
    let newsroom: Vec<usize> = refs
        .iter()
        .map(|r| {
            let next = room_ids.len();
            *room_ids.entry(ix.input.dedup.canonical(&r.doc)).or_insert(next)
        })
        .collect();
    let rooms = room_ids.len();
    let mut links: Vec<Vec<(usize, f32)>> = vec![Vec::new(); n];
    let mut best: Vec<f32> = vec![0.0; n * rooms];
    for i in 0..n {
        for j in i + 1..n {
            let c = sparse[i].cosine(&sparse[j]);
            if c >= threshold {
                links[i].push((j, c));
                links[j].push((i, c));
            }
            if newsroom[i] != newsroom[j] {
                let e = &mut best[i * rooms + newsroom[j]];
                *e = e.max(c);
                let e = &mut best[j * rooms + newsroom[i]];
                *e = e.max(c);
            }
        }
    }
    let rows: Vec<f32> = links.iter().map(|l| l.iter().map(|&(_, c)| c).sum()).collect();
    let damping = 0.85;
    let mut rank = vec![1.0 / n as f32; n];
    for _ in 0..30 {
        let mut next = vec![(1.0 - damping) / n as f32; n];
        for i in 0..n {
            if rows[i] == 0.0 {
                // A sentence like no other spreads its rank evenly.
                for x in next.iter_mut() {
                    *x += damping * rank[i] / n as f32;
                }
                continue;
            }
            for &(j, c) in &links[i] {
                next[j] += damping * rank[i] * c / rows[i];
            }
        }
        rank = next;
    }
    // Support: how closely each other newsroom's article says the same, on average.
    let others = (rooms.max(2) - 1) as f32;
    let support = refs
        .iter()
        .zip(best.chunks(rooms))
        .map(|(r, b)| (r.clone(), b.iter().map(|&v| f64::from(v)).sum::<f64>() as f32 / others))
        .collect();
    // Scaled so the average sentence scores 1.
    Ranked {
        rank: refs.iter().cloned().zip(rank).map(|(r, x)| (r, x * n as f32)).collect(),
        support,
        weighted: refs.into_iter().zip(weighted).collect(),
    }
}

/// A story's headlines as bags, indexed by word: a sentence meets only the headlines it shares
/// a word with, as a story of a thousand articles has a thousand headlines.
struct Headlines {
    /// Each word's headlines, with its count in each.
    postings: HashMap<String, Vec<(usize, f32)>>,
    /// Each headline's length, as [`cosine`] takes it.
    norms: Vec<f32>,
}

impl Headlines {
    fn new(bags: Vec<HashMap<String, f32>>) -> Self {
        let norms = bags.iter().map(norm).collect();
        let mut postings: HashMap<String, Vec<(usize, f32)>> = HashMap::new();
        for (h, b) in bags.into_iter().enumerate() {
            for (w, x) in b {
                postings.entry(w).or_default().push((h, x));
            }
        }
        Headlines { postings, norms }
    }

    /// The greatest [`cosine`] of `own` with a headline; 0 when it shares no word with any.
    fn closest(&self, own: &HashMap<String, f32>) -> f32 {
        let na = norm(own);
        if na == 0.0 {
            return 0.0;
        }
        // Dot products summed in f64, exact for these f32 products as in `cosine`, so the order
        // the words come in cannot change them.
        let mut dots = vec![0.0f64; self.norms.len()];
        let mut met: Vec<usize> = Vec::new();
        for (w, x) in own {
            for &(h, y) in self.postings.get(w).map(Vec::as_slice).unwrap_or_default() {
                if dots[h] == 0.0 {
                    met.push(h);
                }
                dots[h] += f64::from(x * y);
            }
        }
        met.into_iter().map(|h| dots[h] as f32 / (na * self.norms[h])).fold(0.0f32, f32::max)
    }
}

fn summary(ix: &Index) -> Vec<CitedText> {
    let Ranked { rank, support, weighted } = lexrank(ix);
    let newsrooms = ix.newsrooms(ix.input.articles.iter().map(|a| a.doc_id.as_str())).max(1) as f32;
    // Headlines say what the story is about: a sentence that restates one is the gist. Each
    // headline once: copies repeat theirs, and every candidate sentence meets every headline.
    let headlines: Vec<&str> = ix
        .input
        .articles
        .iter()
        .filter_map(|a| a.title.as_deref())
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .collect();
    let titles = Headlines::new(headlines.iter().map(|h| bag(h)).filter(|b| !b.is_empty()).collect());
    let mut scored: Vec<(f32, bool, CitedText, &SentenceRef)> = Vec::new();
    for s in &ix.input.reconciled.statements {
        let central = s.sentences.iter().filter_map(|r| rank.get(r)).fold(0.0f32, |a, &b| a.max(b));
        let supported = s.sentences.iter().filter_map(|r| support.get(r)).fold(0.0f32, |a, &b| a.max(b));
        // How early the statement comes in the articles that carry it: news puts the gist first.
        let lead = s.sentences.iter().map(|r| 1.0 / (1.0 + r.sentence as f32)).fold(0.0f32, f32::max);
        let corroboration = (s.newsrooms as f32 - 1.0) / (newsrooms - 1.0).max(1.0);
        let w = ix.config;
        let shared =
            w.w_rank * central + w.w_newsrooms * corroboration + w.w_support * supported + w.w_lead * lead;
        // The statement speaks through its outlets' wordings: the one closest to the headlines,
        // a whole sentence before a cut-off one, an original's before a copy's.
        let originals = s.sentences.iter().any(|r| ix.input.dedup.original_of(&r.doc).is_none());
        let best = s
            .sentences
            .iter()
            .filter(|r| !originals || ix.input.dedup.original_of(&r.doc).is_none())
            .filter_map(|r| ix.sentence(r).map(|t| (t, r)))
            .filter(|(t, _)| whole_statement(t))
            .map(|(t, r)| {
                let own = bag(t);
                let headline = titles.closest(&own);
                (summary_worthy(t), stands_alone(t), shared + w.w_headline * headline, t, r)
            })
            .max_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)).then_with(|| b.4.cmp(a.4)));
        // A statement that opens on a pronoun in every wording leans on a sentence the summary
        // may not carry ("He confirmed ..." after a sentence about someone else).
        let Some((complete, true, score, text, at)) = best else { continue };
        let cited = CitedText {
            text: text.to_string(),
            citations: ix.citations(&s.sentences),
            newsrooms: s.newsrooms,
        };
        scored.push((score, complete, cited, at));
    }
    // The budget grows with the story's text (its independent articles), within bounds.
    let story_words: usize = ix
        .input
        .analyses
        .iter()
        .filter(|a| ix.input.dedup.original_of(&a.doc_id).is_none())
        .flat_map(|a| a.sentences.iter().map(|s| words(&s.text).count()))
        .sum();
    let cfg = ix.config;
    let budget =
        ((story_words as f32 * cfg.share) as usize).clamp(cfg.min_words, cfg.max_words.max(cfg.min_words));
    // What an editor's roundup of the story would say, word by word; the brief's headline, shown
    // above the summary, has said its words already.
    let texts: Vec<String> = ix
        .input
        .analyses
        .iter()
        .map(|a| a.sentences.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" "))
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut roundup = Roundup::new(Table::built_in(), &texts, &headlines);
    roundup.say(&roundup.words(&roundup::tokens(&ix.input.story.title)));
    let expected = budget as f32 * cfg.roundup;
    let top = scored.iter().map(|c| c.0).fold(f32::MIN_POSITIVE, f32::max);
    let candidates: Vec<(Words, usize, HashSet<String>)> = scored
        .iter()
        .map(|(_, _, c, _)| {
            (roundup.words(&roundup::tokens(&c.text)), words(&c.text).count(), content(&c.text))
        })
        .collect();
    let mut open = vec![true; scored.len()];
    let mut picked: Vec<usize> = Vec::new();
    let mut total = 0;
    let mut current = roundup.f_with(&Words::default(), expected);
    let empty = HashMap::new();
    while picked.len() < cfg.sentences {
        // The next sentence: a whole one before a cut-off one, then the one that raises the
        // expected F most, its own score weighed in; none that repeats one taken.
        let mut best: Option<(bool, f32, f32, usize)> = None;
        for (i, (score, complete, _, at)) in scored.iter().enumerate() {
            if !open[i] {
                continue;
            }
            let (tokens, n, ws) = &candidates[i];
            if total + n > cfg.max_words && !picked.is_empty() {
                continue;
            }
            // A paraphrase shares few words but the weighty ones (names, rare terms).
            let bag = weighted.get(*at).unwrap_or(&empty);
            if picked.iter().any(|&j| {
                let (_, _, wj) = &candidates[j];
                overlap(wj, ws) >= cfg.redundant + 0.25
                    || jaccard(wj, ws) >= cfg.redundant
                    || cosine(weighted.get(scored[j].3).unwrap_or(&empty), bag) >= cfg.paraphrase
            }) {
                // Taken sentences stay taken, so a repeat stays one.
                open[i] = false;
                continue;
            }
            let f = roundup.f_with(tokens, expected);
            let key = f + cfg.w_score * score / top;
            if best.is_none_or(|(c, k, _, _)| (*complete, key) > (c, k)) {
                best = Some((*complete, key, f, i));
            }
        }
        // Past the point where another sentence lowers the expected F, the summary ends.
        let Some((_, _, f, i)) = best else { break };
        if f <= current && !picked.is_empty() {
            break;
        }
        current = f;
        roundup.say(&candidates[i].0);
        total += candidates[i].1;
        open[i] = false;
        picked.push(i);
    }
    let mut scored: Vec<Option<CitedText>> = scored.into_iter().map(|(_, _, c, _)| Some(c)).collect();
    picked.into_iter().filter_map(|i| scored[i].take()).collect()
}

/// Whether byte offset `at` of a sentence lies inside a quotation.
fn quoted(sentence: &str, at: usize) -> bool {
    let before = sentence.get(..at).unwrap_or(sentence);
    let open = before.matches('“').count();
    let close = before.matches('”').count();
    open > close || before.matches('"').count() % 2 == 1
}

fn timeline(ix: &Index) -> Vec<TimelineEntry> {
    // One entry per statement, its sentences citing every outlet. A sentence can hold several
    // times ("made progress today," he said on Wednesday evening): the narrator's time, outside
    // quotation marks, dates the event better than one inside a quotation.
    // An event whose date the sources say is not set is an entry of its own, after the dated
    // ones, even when its sentence is dated by when it was said.
    let mut best: HashMap<(usize, bool), (bool, TimelineEntry)> = HashMap::new();
    for a in &ix.input.analyses {
        for t in &a.times {
            let unset = t.kind == TimeKind::Unset;
            let Some(value) = t.value.as_deref().or(unset.then_some(when::UNDATED)) else { continue };
            // A bare year or decade ("1991", "197") is background, not an event of the story.
            let calendar = value.len() >= 7
                && value.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && value.as_bytes()[4] == b'-';
            if !(matches!(t.kind, TimeKind::Date | TimeKind::Time) && calendar || unset) {
                continue;
            }
            let sr = SentenceRef { doc: a.doc_id.clone(), sentence: t.sentence };
            let Some(&st) = ix.statement_of.get(&sr) else { continue };
            // The entry shows and cites only the statement's sentences that give this date:
            // another outlet's wording of the same fact may not say when (or, written on
            // another day, its "Monday" may be another Monday), and a dated line must not stand
            // on a sentence without the date.
            let dates = |r: &SentenceRef| {
                ix.analysis.get(r.doc.as_str()).is_some_and(|b| {
                    // "late on Sunday night" dates the same day as "on Sunday".
                    let agrees = |v: &str| v.starts_with(value) || value.starts_with(v);
                    b.times.iter().any(|u| u.sentence == r.sentence && u.value.as_deref().is_some_and(agrees))
                })
            };
            let dated: Vec<&SentenceRef> = ix.input.reconciled.statements[st]
                .sentences
                .iter()
                .filter(|r| **r == sr || dates(r))
                .collect();
            let Some((text, _)) = ix.fullest(dated.iter().copied()) else { continue };
            // Inside quotation marks: in this sentence, or in a quotation carried over from
            // the sentence before ("... to live. But tonight, we dance.").
            let inside = a.sentences.get(t.sentence).is_some_and(|s| quoted(&s.text, t.start))
                || a.quotes.iter().any(|q| q.direct && q.words_hold(t.sentence, t.start, t.end));
            let entry = TimelineEntry {
                when: value.to_string(),
                expression: t.text.clone(),
                text: text.to_string(),
                citations: ix.citations(dated.iter().copied()),
            };
            match best.get(&(st, unset)) {
                Some((was_inside, _)) if !*was_inside || inside => {}
                _ => {
                    best.insert((st, unset), (inside, entry));
                }
            }
        }
    }
    // On one date, the narrator's sentences before those dated only inside a quotation.
    let mut out: Vec<(bool, TimelineEntry)> = best.into_values().collect();
    out.sort_by_cached_key(|(inside, e)| {
        (
            when::order_key(&e.when),
            e.when.clone(),
            *inside,
            std::cmp::Reverse(e.citations.len()),
            e.text.clone(),
        )
    });
    // The same event told twice on one date (a quotation and the sentence around it) is one
    // entry, citing both.
    let mut merged: Vec<(HashSet<String>, TimelineEntry)> = Vec::new();
    for (_, e) in out {
        let ws = content(&e.text);
        match merged.iter_mut().find(|(w, m)| m.when == e.when && overlap(w, &ws) >= 0.7) {
            Some((w, m)) => {
                for c in e.citations {
                    if !m.citations.contains(&c) {
                        m.citations.push(c);
                    }
                }
                m.citations.sort();
                if e.text.len() > m.text.len() {
                    m.text = e.text;
                    m.expression = e.expression;
                    *w = ws;
                }
            }
            None => merged.push((ws, e)),
        }
    }
    // Keep the best-cited few per date, so the timeline stays readable.
    let mut per_day: HashMap<String, usize> = HashMap::new();
    merged
        .into_iter()
        .map(|(_, e)| e)
        .filter(|e| {
            let n = per_day.entry(e.when.clone()).or_default();
            *n += 1;
            *n <= 2
        })
        .collect()
}

fn entities(r: &Reconciled) -> Vec<EntityEntry> {
    // The story's actors: people, places and organisations that more than one article names,
    // or that come with a role; things only when most articles name them. A one-word "person"
    // whom no article names in full or by title is more likely a misread capitalised word
    // ("the Success in the Middle East") than a person, and is left out.
    // People first ("who", then "where"), each kind in the story's order of prominence.
    let articles = r.entities.iter().map(|e| e.articles.len()).max().unwrap_or(0);
    let mut ordered: Vec<&StoryEntity> = r.entities.iter().collect();
    ordered.sort_by_key(|e| e.kind != EntityKind::Person);
    ordered
        .into_iter()
        .filter(|e| match e.kind {
            EntityKind::Other => e.articles.len() >= 3 && e.articles.len() * 2 > articles,
            EntityKind::Person if e.role.is_none() && !e.variants.iter().any(|v| v.contains(' ')) => false,
            _ => e.articles.len() >= 2 || e.role.is_some(),
        })
        .take(MAX_ENTITIES)
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
    // Best-corroborated first; among equals, what is most about the story (its typical words)
    // before asides, so the story's main facts are not cut off by the limit.
    let mut out: Vec<(f32, CitedText)> = ix
        .input
        .reconciled
        .statements
        .iter()
        .filter(|s| s.newsrooms >= 2)
        .filter_map(|s| ix.cited(s))
        .map(|c| (ix.centrality(&c.text), c))
        .collect();
    out.sort_by(|(x, a), (y, b)| {
        b.newsrooms.cmp(&a.newsrooms).then(y.total_cmp(x)).then_with(|| a.text.cmp(&b.text))
    });
    out.into_iter().take(MAX_AGREEMENTS).map(|(_, c)| c).collect()
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
    // A side of a conflict is shown there, beside the other newsrooms' account of the same fact.
    let disputed: HashSet<&SentenceRef> =
        ix.input.reconciled.conflicts.iter().flat_map(|c| c.sides.iter().map(|s| &s.sentence)).collect();
    let mut scored: Vec<(bool, f32, CitedText)> = ix
        .input
        .reconciled
        .statements
        .iter()
        .filter(|s| s.newsrooms == 1 && !s.sentences.iter().any(|r| disputed.contains(r)))
        .filter_map(|s| ix.cited(s))
        .filter(|c| summary_worthy(&c.text) && !in_summary.contains(c.text.as_str()))
        .map(|c| (stands_alone(&c.text), ix.centrality(&c.text), c))
        .collect();
    // A detail read on its own names whom it is about: one leaning on a pronoun comes last.
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)).then_with(|| a.2.text.cmp(&b.2.text)));
    scored.into_iter().take(5).map(|(_, _, c)| c).collect()
}

/// Most words of a lede shown in place of a missing headline.
const LEDE_WORDS: usize = 12;

/// A sentence's opening words, marked as cut when it runs on.
fn lede(sentence: &str) -> String {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if words.len() <= LEDE_WORDS {
        words.join(" ")
    } else {
        format!("{} …", words[..LEDE_WORDS].join(" "))
    }
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
            lede: if a.title.is_some() {
                None
            } else {
                let analysis = input.analyses.iter().find(|an| an.doc_id == a.doc_id);
                analysis.and_then(|an| an.shown(0)).map(lede)
            },
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

#[cfg(test)]
mod tests {
    use super::*;
    use storyweave_model::{CopyKind, CopyLink, Quote, Sentence};

    /// Articles `docs`, the i-th from `outlets[i]` (none when the list is short), each titled
    /// `title`.
    fn articles(docs: &[&str], outlets: &[&str], title: Option<&str>) -> Vec<Article> {
        docs.iter()
            .enumerate()
            .map(|(i, d)| Article {
                outlet: outlets.get(i).map_or_else(String::new, |o| o.to_string()),
                title: title.map(str::to_string),
                ..Article::from_paragraphs(*d, vec![])
            })
            .collect()
    }

    fn story(title: &str, articles: &[&str], outlets: &[&str]) -> Story {
        Story {
            id: "s".into(),
            title: title.into(),
            articles: articles.iter().map(|a| a.to_string()).collect(),
            first_seen: None,
            last_seen: None,
            outlets: outlets.iter().map(|o| o.to_string()).collect(),
            merged: vec![],
        }
    }

    fn analysis(doc: &str, sentences: &[&str]) -> Analysis {
        Analysis {
            doc_id: doc.into(),
            sentences: sentences.iter().map(|s| Sentence { text: s.to_string(), paragraph: 0 }).collect(),
            ..Analysis::default()
        }
    }

    /// A story of analyses from outlets "Alpha", "Beta", ... with the given statements.
    struct Fixture {
        analyses: Vec<Analysis>,
        arts: Vec<Article>,
        reconciled: Reconciled,
        story: Story,
        dedup: DedupReport,
    }

    impl Fixture {
        /// One article, "Brindle closes Harrow bridge", each sentence a statement.
        fn new(lines: &[&str]) -> Self {
            let statements = (0..lines.len())
                .map(|i| Statement {
                    sentences: vec![SentenceRef { doc: "a".into(), sentence: i }],
                    newsrooms: 1,
                })
                .collect();
            Fixture::of(vec![analysis("a", lines)], "Brindle closes Harrow bridge", statements)
        }

        fn of(analyses: Vec<Analysis>, title: &str, statements: Vec<Statement>) -> Self {
            let docs: Vec<&str> = analyses.iter().map(|a| a.doc_id.as_str()).collect();
            let outlets = &["Alpha", "Beta", "Gamma", "Delta"][..docs.len()];
            Fixture {
                arts: articles(&docs, outlets, Some(title)),
                story: story(title, &docs, outlets),
                reconciled: Reconciled { entities: vec![], statements, conflicts: vec![] },
                dedup: DedupReport::default(),
                analyses,
            }
        }

        fn input(&self) -> StoryInput<'_> {
            StoryInput {
                story: &self.story,
                articles: self.arts.iter().collect(),
                analyses: self.analyses.iter().collect(),
                reconciled: &self.reconciled,
                dedup: &self.dedup,
            }
        }
    }

    #[test]
    fn lexrank_ranks_the_leads_of_originals_when_a_story_is_large() {
        let lines: Vec<String> =
            (0..700).map(|i| format!("Sentence {i} of the story about the harbour.")).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let (a, b, copy) = (analysis("a", &lines), analysis("b", &lines), analysis("copy", &lines));
        let arts = articles(&["a", "b", "copy"], &[], None);
        let reconciled = Reconciled::default();
        let story = story("", &["a", "b", "copy"], &[]);
        let dedup = DedupReport::new(vec![CopyLink {
            copy: "copy".into(),
            original: "a".into(),
            kind: CopyKind::Near,
            jaccard: 1.0,
            containment: 1.0,
            edits: Default::default(),
        }]);
        let config = SummaryConfig::default();
        let input = StoryInput {
            story: &story,
            articles: arts.iter().collect(),
            analyses: vec![&a, &b, &copy],
            reconciled: &reconciled,
            dedup: &dedup,
        };
        let ix = Index::new(&input, &config);
        // 2,100 sentences: over the bound, so the copy's are left out and the originals'
        // 1,400 all fit.
        let refs = ranked_sentences(&ix);
        assert_eq!(refs.len(), 1400);
        assert!(refs.iter().all(|r| r.doc != "copy"));
        let ranked = lexrank(&ix);
        assert_eq!(ranked.rank.len(), 1400);
        // Three originals of 700: their first 500 sentences each, leads first.
        let c = analysis("c", &lines);
        let arts = articles(&["a", "b", "c"], &[], None);
        let input = StoryInput {
            articles: arts.iter().collect(),
            analyses: vec![&a, &b, &c],
            dedup: &DedupReport::default(),
            ..input
        };
        let refs = ranked_sentences(&Index::new(&input, &config));
        assert_eq!(refs.len(), MAX_RANKED);
        assert!(refs.iter().all(|r| r.sentence < 500), "leads first");
    }

    #[test]
    fn a_timeline_entry_shows_and_cites_only_the_sentences_that_give_its_date() {
        let monday = |doc: &str, text: &str, value: &str| {
            let mut a = analysis(doc, &[text]);
            let start = text.find("Monday").unwrap();
            a.times.push(storyweave_model::TimeExpr {
                sentence: 0,
                start,
                end: start + 6,
                text: "Monday".into(),
                kind: TimeKind::Date,
                value: Some(value.into()),
            });
            a
        };
        // Three outlets tell one statement: one dates it, one (written a week later) gives its
        // own Monday, and the fullest wording does not say when.
        let a = monday("a", "The council voted on Monday to close the Harrow bridge.", "2026-02-16");
        let b = analysis(
            "b",
            &["The council of Brindle has voted to close the old Harrow bridge to all traffic."],
        );
        let c = monday("c", "The council voted on Monday to shut the Harrow bridge.", "2026-02-23");
        let arts = articles(&["a", "b", "c"], &["Alpha", "Beta", "Gamma"], None);
        let sentences = ["a", "b", "c"].map(|d| SentenceRef { doc: d.into(), sentence: 0 }).to_vec();
        let statements = vec![Statement { sentences, newsrooms: 3 }];
        let reconciled = Reconciled { entities: vec![], statements, conflicts: vec![] };
        let story = story("Harrow bridge", &["a", "b", "c"], &["Alpha", "Beta", "Gamma"]);
        let dedup = DedupReport::default();
        let input = StoryInput {
            story: &story,
            articles: arts.iter().collect(),
            analyses: vec![&a, &b, &c],
            reconciled: &reconciled,
            dedup: &dedup,
        };
        let timeline = build(&input).timeline;
        let cited = |e: &TimelineEntry| e.citations.iter().map(|c| c.outlet.clone()).collect::<Vec<_>>();
        let on =
            |day: &str| timeline.iter().find(|e| e.when == day).unwrap_or_else(|| panic!("{timeline:#?}"));
        // One entry for the statement, dated by the first article that dates it.
        assert_eq!(timeline.len(), 1, "{timeline:#?}");
        assert_eq!(on("2026-02-16").text, "The council voted on Monday to close the Harrow bridge.");
        assert_eq!(cited(on("2026-02-16")), ["Alpha"]);
    }

    #[test]
    fn quotations_and_their_tails_stand_alone_only_when_whole() {
        assert!(summary_worthy("The council voted on Monday to close the old bridge to all traffic."));
        assert!(!summary_worthy("“We will close the old bridge to all traffic,” the mayor said on Monday."));
        assert!(!summary_worthy("and we will then close the old bridge to all the traffic in town.”"));
        assert!(!summary_worthy("The council voted on Monday to close the old bridge to"));
        assert!(whole_statement("The council voted on Monday to close the old bridge to"));
        assert!(stands_alone("The council voted on Monday to close the old bridge."));
        assert!(!stands_alone("He added that the council would vote again in May."));
        assert!(!stands_alone("“This,” she said, “is the end of the bridge.”"));
    }

    #[test]
    fn the_summary_puts_the_corroborated_gist_first_cites_every_outlet_and_skips_repeats() {
        let a = analysis(
            "a",
            &[
                "The council of Brindle voted on Monday to close the old Harrow bridge to all traffic.",
                "The council of Brindle voted on Monday to close the old Harrow bridge to all traffic from May.",
                "A local bakery reported strong sales of its seasonal rye bread over the weekend market.",
            ],
        );
        let b = analysis(
            "b",
            &[
                "Brindle's council voted on Monday to close the old Harrow bridge to all traffic.",
                "Engineers found deep cracks in two of the Harrow bridge piers during an inspection in March.",
            ],
        );
        let c = analysis("c", &["Engineers said the cracks in the Harrow bridge piers were found in March."]);
        let arts = articles(
            &["a", "b", "c"],
            &["Alpha", "Beta", "Gamma"],
            Some("Brindle council closes Harrow bridge to traffic"),
        );
        let analyses = [&a, &b, &c];
        let statements = vec![
            Statement {
                sentences: vec![
                    SentenceRef { doc: "a".into(), sentence: 0 },
                    SentenceRef { doc: "b".into(), sentence: 0 },
                ],
                newsrooms: 2,
            },
            Statement { sentences: vec![SentenceRef { doc: "a".into(), sentence: 1 }], newsrooms: 1 },
            Statement { sentences: vec![SentenceRef { doc: "a".into(), sentence: 2 }], newsrooms: 1 },
            Statement {
                sentences: vec![
                    SentenceRef { doc: "b".into(), sentence: 1 },
                    SentenceRef { doc: "c".into(), sentence: 0 },
                ],
                newsrooms: 2,
            },
        ];
        let reconciled = Reconciled { entities: vec![], statements, conflicts: vec![] };
        let story = story(
            "Brindle council closes Harrow bridge to traffic",
            &["a", "b", "c"],
            &["Alpha", "Beta", "Gamma"],
        );
        let dedup = DedupReport::default();
        let input = StoryInput {
            story: &story,
            articles: arts.iter().collect(),
            analyses: analyses.to_vec(),
            reconciled: &reconciled,
            dedup: &dedup,
        };
        let brief = build(&input);
        let first = &brief.summary[0];
        assert!(first.text.contains("voted on Monday to close the old Harrow bridge"), "{first:?}");
        let outlets: Vec<&str> = first.citations.iter().map(|c| c.outlet.as_str()).collect();
        assert_eq!(outlets, ["Alpha", "Beta"]);
        // The near-repeat of the first sentence is left out; the bakery, off the story, comes
        // after the corroborated cracks if at all.
        let at = |w: &str| brief.summary.iter().position(|c| c.text.contains(w));
        assert_eq!(at("from May"), None, "{:#?}", brief.summary);
        assert_eq!(at("cracks"), Some(1), "{:#?}", brief.summary);
        assert!(at("bakery").is_none_or(|i| i > 1));
        // Among agreements of equal support, the one about the story's subject comes first
        // even when the aside comes first in the articles.
        let mut reordered = reconciled.clone();
        reordered.statements.reverse();
        let input = StoryInput { reconciled: &reordered, ..input };
        let agreed: Vec<String> = build(&input).agreements.into_iter().map(|c| c.text).collect();
        assert_eq!(agreed.len(), 2);
        assert!(agreed[0].contains("voted on Monday"), "{agreed:?}");
    }

    #[test]
    fn the_summary_ends_where_another_sentence_would_lower_its_expected_score() {
        let lines = [
            "The council of Brindle voted on Monday to close the old Harrow bridge to all traffic.",
            "Engineers found deep cracks in two of the Harrow bridge piers during an inspection.",
            "A ferry across the river will carry walkers and cyclists while the bridge is shut.",
            "Shops on the north bank fear that the closure will cost them much of their trade.",
            "The council expects repairs to the Harrow bridge to take at least eighteen months.",
            "Drivers face a detour of twelve miles through the village of Oakhurst meanwhile.",
        ];
        let one = Fixture::new(&lines);
        let input = one.input();
        // Every sentence is the story's own news, but a roundup of the short budget's length says
        // only so much: the summary stops well before it runs out of sentences.
        let told = build(&input).summary.len();
        assert!((1..lines.len()).contains(&told), "{told}");
        // Expecting a longer roundup, it says more; never past its sentences or its word cap.
        let long = SummaryConfig { roundup: 4.0, ..SummaryConfig::default() };
        assert!(build_with(&input, &long).summary.len() > told);
        let capped = SummaryConfig { max_words: 40, ..long };
        let words_told: usize =
            build_with(&input, &capped).summary.iter().map(|c| words(&c.text).count()).sum();
        assert!(words_told <= 40, "{words_told}");
    }

    #[test]
    fn coverage_shows_the_lede_of_an_article_without_a_headline() {
        let analyses = [
            analysis(
                "a",
                &["The council of Brindle voted on Monday to close the old Harrow bridge to all traffic."],
            ),
            analysis("b", &["Harrow bridge shut."]),
        ];
        let mut arts = articles(&["a", "b"], &["Alpha", "Beta"], None);
        let reconciled = Reconciled { entities: vec![], statements: vec![], conflicts: vec![] };
        let story = story("Brindle closes Harrow bridge", &["a", "b"], &["Alpha", "Beta"]);
        let dedup = DedupReport::default();
        let input = |arts: &[Article]| {
            let input = StoryInput {
                story: &story,
                articles: arts.iter().collect(),
                analyses: analyses.iter().collect(),
                reconciled: &reconciled,
                dedup: &dedup,
            };
            build(&input).coverage.articles
        };
        let items = input(&arts);
        let ledes: Vec<Option<&str>> = items.iter().map(|a| a.lede.as_deref()).collect();
        assert_eq!(
            ledes,
            [
                Some("The council of Brindle voted on Monday to close the old Harrow …"),
                Some("Harrow bridge shut.")
            ]
        );
        // A headline says it already.
        arts[0].title = Some("Harrow bridge to close".into());
        assert_eq!(input(&arts)[0].lede, None);
    }

    #[test]
    fn the_summary_leaves_out_statements_that_open_on_a_pronoun() {
        let lines = [
            "The council of Brindle voted on Monday to close the old Harrow bridge to all traffic.",
            "Engineers found deep cracks in two of the Harrow bridge piers during an inspection.",
            "He said the Harrow bridge would close to traffic for repairs lasting many months.",
            "The council expects repairs to the Harrow bridge to take at least eighteen months.",
        ];
        let one = Fixture::new(&lines);
        let input = one.input();
        // Even with room for every sentence, "He said ..." is not taken: who "he" is lies elsewhere.
        let roomy = SummaryConfig { roundup: 8.0, ..SummaryConfig::default() };
        let summary = build_with(&input, &roomy).summary;
        assert_eq!(summary.len(), 3, "{summary:?}");
        assert!(summary.iter().all(|c| !c.text.starts_with("He ")), "{summary:?}");
    }

    #[test]
    fn a_pronoun_subject_after_an_opening_phrase_leans_too() {
        assert!(!stands_alone("Asked whether the bridge was safe, he declined to speculate."));
        assert!(!stands_alone("On Monday, she told reporters the bridge would close."));
        assert!(!stands_alone("Later, they said the repairs would take a year."));
        // The opening phrase names who the pronoun is.
        assert!(stands_alone("When Mayor Ruiz arrived, she ordered the bridge closed."));
        assert!(stands_alone("On Monday, the council voted to close the bridge."));
        assert!(stands_alone("The bridge, built in 1890, will close for a year."));
    }

    #[test]
    fn the_summary_states_a_statement_in_the_wording_closest_to_the_headlines() {
        let a = analysis(
            "a",
            &["Late on Monday evening, after a long and heated debate in the town hall, members of \
               the Brindle council finally agreed by a narrow margin to shut the old crossing."],
        );
        let b =
            analysis("b", &["The Brindle council voted on Monday to close the Harrow bridge to traffic."]);
        let statements = vec![Statement {
            sentences: vec![
                SentenceRef { doc: "a".into(), sentence: 0 },
                SentenceRef { doc: "b".into(), sentence: 0 },
            ],
            newsrooms: 2,
        }];
        let fixture = Fixture::of(vec![a, b], "Brindle council votes to close Harrow bridge", statements);
        let input = fixture.input();
        let brief = build(&input);
        assert_eq!(brief.summary.len(), 1, "{:#?}", brief.summary);
        assert!(brief.summary[0].text.starts_with("The Brindle council voted"), "{:#?}", brief.summary);
        let outlets: Vec<&str> = brief.summary[0].citations.iter().map(|c| c.outlet.as_str()).collect();
        assert_eq!(outlets, ["Alpha", "Beta"]);
        // Elsewhere the statement is still told by its fullest wording.
        assert!(brief.agreements[0].text.starts_with("Late on Monday"), "{:#?}", brief.agreements);
    }

    #[test]
    fn a_statement_is_told_by_a_wording_that_names_its_subject() {
        let a = analysis(
            "a",
            &["He confirmed on Monday that the old Harrow bridge would close to all traffic for at least a year."],
        );
        let b = analysis("b", &["The council confirmed the Harrow bridge would close for a year."]);
        let statements = vec![Statement {
            sentences: vec![
                SentenceRef { doc: "a".into(), sentence: 0 },
                SentenceRef { doc: "b".into(), sentence: 0 },
            ],
            newsrooms: 2,
        }];
        let fixture = Fixture::of(vec![a, b], "Harrow bridge to close", statements);
        let input = fixture.input();
        // The fuller wording leans on a "he" named elsewhere.
        let brief = build(&input);
        assert!(brief.agreements[0].text.starts_with("The council confirmed"), "{:#?}", brief.agreements);
    }

    #[test]
    fn a_detail_leaning_on_a_pronoun_comes_after_those_that_name_their_subject() {
        let a = analysis(
            "a",
            &[
                "He said the Harrow bridge repairs on the Harrow bridge would cost the council far more.",
                "The council of Brindle met in the town hall on Monday to hear from engineers.",
                "Engineers from Dunmore found deep cracks in two of the old stone piers last spring.",
                "Traffic from the ring road will be sent through the market square for a year.",
                "A ferry across the Harrow estuary will run every half hour during the closure.",
                "Shops along Quay Street expect to lose trade while the crossing stays shut.",
            ],
        );
        let b = analysis(
            "b",
            &["The Harrow bridge in Brindle will close to traffic for repairs to the Harrow bridge."],
        );
        let statements = (0..6)
            .map(|i| Statement {
                sentences: vec![SentenceRef { doc: "a".into(), sentence: i }],
                newsrooms: 1,
            })
            .collect();
        let fixture = Fixture::of(vec![a, b], "Harrow bridge to close", statements);
        let input = fixture.input();
        // The most typical of the story's words, but "he" is named elsewhere: left out of five.
        let details = single_source(&Index::new(&input, &SummaryConfig::default()), &[]);
        assert_eq!(details.len(), 5, "{details:#?}");
        assert!(details.iter().all(|c| !c.text.starts_with("He ")), "{details:#?}");
    }

    #[test]
    fn a_story_is_titled_by_the_headline_most_like_the_others_and_its_text() {
        let titled = |doc: &str, title: &str| Article {
            title: Some(title.into()),
            ..Article::from_paragraphs(doc, vec![])
        };
        let arts = [
            titled("a", "Opinion: why nobody should trust the council again"),
            titled("b", "Brindle council votes to close Harrow bridge"),
            titled("c", "Harrow bridge to close after council vote"),
        ];
        let a =
            analysis("a", &["The Brindle council voted to close the Harrow bridge after cracks were found."]);
        let refs: Vec<&Article> = arts.iter().collect();
        let headline = central_headline(&refs, &[&a]);
        assert_eq!(headline, Some("Brindle council votes to close Harrow bridge"));
        // One article keeps its own headline; none, none.
        assert_eq!(
            central_headline(&refs[..1], &[&a]),
            Some("Opinion: why nobody should trust the council again")
        );
        assert_eq!(central_headline(&[], &[&a]), None);
    }

    #[test]
    fn a_paraphrase_of_a_summary_sentence_is_left_out() {
        let a =
            analysis("a", &["The Brindle council voted on Monday to close the Harrow bridge to traffic."]);
        let b = analysis(
            "b",
            &["Harrow bridge in Brindle: councillors in Brindle backed shutting the Harrow bridge on Monday."],
        );
        let c = analysis(
            "c",
            &["Engineers found deep cracks in two of the piers during an inspection in March."],
        );
        let arts = articles(&["a", "b", "c"], &["Alpha", "Beta", "Gamma"], None);
        let one = |doc: &str| Statement {
            sentences: vec![SentenceRef { doc: doc.into(), sentence: 0 }],
            newsrooms: 1,
        };
        let reconciled = Reconciled {
            entities: vec![],
            statements: vec![one("a"), one("b"), one("c")],
            conflicts: vec![],
        };
        let story = story("", &["a", "b", "c"], &[]);
        let dedup = DedupReport::default();
        let input = StoryInput {
            story: &story,
            articles: arts.iter().collect(),
            analyses: vec![&a, &b, &c],
            reconciled: &reconciled,
            dedup: &dedup,
        };
        let told = |config: &SummaryConfig| -> usize {
            build_with(&input, config).summary.iter().filter(|c| c.text.contains("Harrow")).count()
        };
        assert_eq!(told(&SummaryConfig::default()), 1);
        assert_eq!(told(&SummaryConfig { paraphrase: 1.1, ..SummaryConfig::default() }), 2);
    }

    #[test]
    fn a_post_quoted_in_parts_by_several_outlets_is_one_quote() {
        let quote = |sentence: usize, text: &str, direct: bool, medium: Option<&str>| Quote {
            sentence,
            text: text.into(),
            speaker: Some("Mara Voss".into()),
            medium: medium.map(str::to_string),
            direct,
            ..Quote::default()
        };
        let mut a = analysis("a", &["one", "two", "three", "four", "five"]);
        a.quotes = vec![
            quote(0, "The ferry talks went far better than anyone expected today", true, Some("Pinboard")),
            quote(1, "Our harbour pilots will meet the island council next week in Corran", true, None),
            quote(4, "The lighthouse keepers deserve a proper pension at last", true, None),
        ];
        let mut b = analysis("b", &["one", "two"]);
        b.quotes = vec![quote(1, "Our harbour pilots will meet the island council next week", true, None)];
        let mut c = analysis("c", &["one"]);
        c.quotes = vec![quote(
            0,
            "Winter timetables should never cut the dawn sailing again",
            true,
            Some("Pinboard"),
        )];
        let arts = articles(&["a", "b", "c"], &["Alpha", "Beta", "Gamma"], None);
        let reconciled = Reconciled { entities: vec![], statements: vec![], conflicts: vec![] };
        let story = story("t", &["a", "b", "c"], &[]);
        let dedup = DedupReport::default();
        let input = StoryInput {
            story: &story,
            articles: arts.iter().collect(),
            analyses: vec![&a, &b, &c],
            reconciled: &reconciled,
            dedup: &dedup,
        };
        let quotes = build(&input).quotes;
        // a's two consecutive sentences are one post; b quotes part of it; c quotes another part
        // of a post on the same platform. The pension remark stands apart.
        assert_eq!(quotes.len(), 2, "{quotes:#?}");
        let post = quotes.iter().find(|q| q.text.contains("ferry talks")).unwrap();
        assert_eq!(post.medium.as_deref(), Some("Pinboard"));
        let outlets: Vec<&str> = post.citations.iter().map(|c| c.outlet.as_str()).collect();
        assert_eq!(outlets, ["Alpha", "Beta", "Gamma"]);
        assert!(post.text.contains("next week in Corran … Winter timetables"), "{post:#?}");
        assert!(quotes.iter().any(|q| q.text.contains("pension") && q.medium.is_none()));
    }
}
