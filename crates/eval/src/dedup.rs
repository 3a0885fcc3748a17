//! A synthetic syndication benchmark for the dedup stage: copies of real article bodies made with
//! controlled edit strength, mixed with hard negatives, and the pair metric that scores a
//! [`DedupReport`] against them. No public ground truth for syndicated wire copies could be had,
//! so the copies are made here, from real text, with a known original.
//!
//! # Corpus ([`build`])
//!
//! - **Bases**: the ground-truth bodies of the Article Extraction Benchmark
//!   (`extraction/scrapinghub-article-extraction-benchmark/ground-truth.json`, one paragraph per
//!   line, no title) and the gold bodies of the Fundus test pages
//!   (`extraction/fundus-news/test_data/<cc>/<Publisher>.json`: every parser version is one
//!   article; body = summary + section headlines + paragraphs, as its SOURCE.md suggests; the
//!   title is kept; many are not English). A base needs
//!   [`DedupEvalConfig::base_min_paragraphs`] paragraphs and [`DedupEvalConfig::base_min_words`]
//!   words.
//! - **Hard negatives**: the ECB+ documents (`clustering/ecbplus/docs.jsonl`, `sentences` in
//!   order, two sentences to a paragraph, no title) with at least [`NEGATIVE_MIN_SENTENCES`]
//!   sentences. Each ECB+ topic holds two different real events of one kind (two earthquakes,
//!   two celebrity rehab stays): the documents of one topic share entities and vocabulary but
//!   are different articles, and after the overlap filter no pair of them is a copy.
//! - **Overlap filter**: ECB+ itself holds real reprints (over 500 same-topic pairs share 20% or
//!   more of the smaller document's 3-gram shingles, dozens are near-verbatim wire copies). So
//!   that the gold stays true, bases and negatives are taken in order (bases by id, then negatives
//!   in file order) and a text is dropped when it shares [`DedupEvalConfig::max_overlap`] or more
//!   of its (or the other's, whichever is smaller) 3-gram shingles with one already kept.
//! - **Copies**: the kept bases are shuffled; the first ones are used (each copied at one
//!   strength, [`DedupEvalConfig::copies_per_base`] times, so that every strength gets
//!   [`DedupEvalConfig::per_strength`] copies), the rest are *donors*: they never enter the
//!   corpus and only lend paragraphs to inserts (a copy's donor is written in the base's language
//!   class, English or not, told by the share of English stop words, and the donors are dealt in
//!   turn so that few copies share one). At most three quarters of the bases are used.
//!   The corpus is: the used bases, their copies, and up to [`DedupEvalConfig::max_negatives`]
//!   negatives, in a shuffled order. Bases and negatives get dates in a 60-day window, a copy
//!   10 minutes to 3 days after its base, and a made-up outlet name.
//!
//! # Edits at strength `s` (in `[0, 1]`, rates in [`EditRates`])
//!
//! In this order, each count rounded at random to one of its two neighbouring integers so that
//! the expected count is exact even for short articles:
//!
//! 1. **spelling variants**: every word with a British/American variant (`-our`/`-or`,
//!    `-ise`/`-ize`, `-re`/`-er`, `-ence`/`-ense`, `-ll-`/`-l-`, a few others), `per cent` /
//!    `percent` and the dot after `Mr`, `Mrs`, `Ms`, `Dr` is switched with probability
//!    `min(1, spelling × s)`;
//! 2. **substitution**: each word is replaced with probability `substitute × s`, by a synonym
//!    from a short list when it has one, else by a random word of the same article (a function
//!    word by a function word, as far as the English stop-word list tells them);
//! 3. **trim**: `drop × s × n` paragraphs are dropped (`n` the base's paragraph count), half from
//!    the end, half from inside (never the lead, never below two paragraphs);
//! 4. **insert**: `insert × s × n` consecutive paragraphs of a donor are inserted at random
//!    places after the lead: the donor's next paragraphs no earlier copy took, so that two copies
//!    given one donor share no passage (a donor is read again from its start only when every
//!    paragraph of it has been lent);
//! 5. **reorder**, from strength `reorder_from` on: `reorder × s × n` paragraphs after the lead
//!    are moved to another place after the lead;
//! 6. **new title**, with probability `min(1, retitle × s)`: the old title with a prefix or the
//!    outlet's name, or (no title) the first words of the copy's lead;
//! 7. **boilerplate**: `boilerplate × s` lines (an update stamp before the body, "Read more:"
//!    teasers inside it, follow-us, newsletter, copyright and credit lines after it).
//!
//! Strength 0 is an exact copy of the body. With the defaults the mean 3-gram Jaccard of copy and
//! base is about 0.85 at strength 0.05, 0.7 at 0.1, 0.5 at 0.2 and 0.2 at 0.5;
//! [`StrengthScore::jaccard3`] reports it. (Word substitution weighs most: one word replaced
//! breaks three shingles. Rates of 0.4 dropped, 0.3 inserted and 0.2 substituted leave about 0.39
//! at strength 0.5; the defaults are higher so that 0.5 reaches about 0.2.)
//!
//! Randomness is a self-contained splitmix64 generator: each step of [`build`] draws from its own
//! stream forked from [`DedupEvalConfig::seed`], so one seed gives one corpus, on any platform.
//!
//! # Scoring ([`score`])
//!
//! Pairs implied by groups. A gold group is a used base with all its copies: two articles are
//! duplicates iff they are in the same gold group, so the gold pairs are every (copy, base) pair
//! and every (copy, copy) pair of one base. Everything else is a singleton. The predicted groups
//! are the connected components of the report's links (copy – original); links naming an id
//! that is not in the corpus are ignored and counted. Precision is the share of pairs inside
//! predicted groups that are gold pairs (a hard negative grouped with another, or a base grouped
//! with a copy of another base, is a false positive), recall the share of gold pairs inside one
//! predicted group; with no pair to be right about a figure is 1, as in [`crate::clustering`].
//!
//! Per strength, the pairs that involve a copy of that strength count (a pair of copies of two
//! strengths counts for the higher one; with the default corpus each base is copied at one
//! strength only, so this does not happen). `found` is the share of that strength's copies put in
//! their base's group, `jaccard3` the mean 3-gram word-shingle Jaccard between copy and base
//! bodies (words folded as the dedup stage folds them). Predicted pairs that involve no copy are
//! all false positives and are reported in [`NegativeScore`]: those between two negatives of one
//! ECB+ topic (the hard negatives), and the rest.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::LazyLock;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::Value;
use storyweave_model::{Article, DedupReport, DocId};
use storyweave_text::{shingle_hashes, word_tokens, words};

use crate::error::{EvalError, Result};
use crate::io::{read_json, read_text};

/// The Article Extraction Benchmark's directory under the shared data root.
pub const AEB_DIR: &str = "extraction/scrapinghub-article-extraction-benchmark";
/// The Fundus test pages' gold directory under the shared data root.
pub const FUNDUS_DIR: &str = "extraction/fundus-news/test_data";
/// The ECB+ document file under the shared data root.
pub const ECBPLUS_DOCS: &str = "clustering/ecbplus/docs.jsonl";
/// ECB+ documents with fewer sentences are not used as negatives.
pub const NEGATIVE_MIN_SENTENCES: usize = 3;

/// Words per shingle for the overlap filter and the reported Jaccard (the dedup stage's default).
const SHINGLE: usize = 3;

/// How strongly each edit is applied per unit of strength; see the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct EditRates {
    /// Share of paragraphs dropped at strength 1.
    pub drop: f32,
    /// Paragraphs inserted from a donor at strength 1, as a share of the base's paragraphs.
    pub insert: f32,
    /// Share of words substituted at strength 1.
    pub substitute: f32,
    /// Probability per strength that a word with a spelling variant is switched (capped at 1).
    pub spelling: f32,
    /// Strength from which paragraphs are reordered.
    pub reorder_from: f32,
    /// Share of paragraphs moved at strength 1.
    pub reorder: f32,
    /// Boilerplate lines added at strength 1.
    pub boilerplate: f32,
    /// Probability per strength of a new title (capped at 1).
    pub retitle: f32,
}

impl Default for EditRates {
    fn default() -> Self {
        EditRates {
            drop: 0.6,
            insert: 0.5,
            substitute: 0.4,
            spelling: 2.0,
            reorder_from: 0.3,
            reorder: 0.3,
            boilerplate: 4.0,
            retitle: 2.0,
        }
    }
}

/// What [`build`] makes.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupEvalConfig {
    pub seed: u64,
    /// Edit strengths, each in `[0, 1]`.
    pub strengths: Vec<f32>,
    /// Copies made at each strength.
    pub per_strength: usize,
    /// Copies made of each used base (the last base of a strength may get fewer).
    pub copies_per_base: usize,
    /// Hard negatives taken at most (a random sample when there are more).
    pub max_negatives: usize,
    /// Paragraphs a base needs at least.
    pub base_min_paragraphs: usize,
    /// Words a base needs at least.
    pub base_min_words: usize,
    /// Share of shared 3-gram shingles (of the smaller text) at or above which a base or negative
    /// is dropped as a copy of one already kept.
    pub max_overlap: f32,
    pub edits: EditRates,
}

impl Default for DedupEvalConfig {
    fn default() -> Self {
        DedupEvalConfig {
            seed: 42,
            strengths: vec![0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5],
            per_strength: 60,
            copies_per_base: 2,
            max_negatives: usize::MAX,
            base_min_paragraphs: 4,
            base_min_words: 100,
            max_overlap: 0.2,
            edits: EditRates::default(),
        }
    }
}

/// A generated copy and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldCopy {
    pub id: DocId,
    /// The base it copies.
    pub base: DocId,
    #[serde(serialize_with = "decimal")]
    pub strength: f32,
    /// 3-gram word-shingle Jaccard between the copy's and the base's bodies.
    pub jaccard3: f64,
}

/// A hard negative: an ECB+ document with its topic and event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Negative {
    pub id: DocId,
    pub topic: String,
    pub event: String,
}

/// Counts of what was read and kept.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CorpusCounts {
    /// Candidate bases read (before the size and overlap filters).
    pub aeb_read: usize,
    pub fundus_read: usize,
    pub ecbplus_read: usize,
    /// Bases and negatives dropped by the overlap filter.
    pub overlapping: usize,
    /// Bases in the corpus (copied), and those left as donors.
    pub bases: usize,
    pub donors: usize,
    pub copies: usize,
    pub negatives: usize,
}

/// The generated corpus: the articles and the gold.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupCorpus {
    /// Bases, copies and negatives, in a shuffled order.
    pub articles: Vec<Article>,
    /// Every copy with its base and strength.
    pub copies: Vec<GoldCopy>,
    /// The bases in the corpus (each has copies).
    pub bases: Vec<DocId>,
    pub negatives: Vec<Negative>,
    /// The strengths copies were made at, as configured.
    pub strengths: Vec<f32>,
    pub counts: CorpusCounts,
}

/// A text read from a data set.
#[derive(Debug, Clone)]
struct Source {
    id: DocId,
    title: Option<String>,
    paragraphs: Vec<String>,
}

impl Source {
    fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// Build the corpus from the shared data root (the directory holding `extraction/` and
/// `clustering/`). Fails when one of the three data sets cannot be read.
pub fn build(shared_data: &Path, config: &DedupEvalConfig) -> Result<DedupCorpus> {
    let aeb = read_aeb(&shared_data.join(AEB_DIR))?;
    let fundus = read_fundus(&shared_data.join(FUNDUS_DIR))?;
    let ecb = read_ecbplus(&shared_data.join(ECBPLUS_DOCS))?;
    let mut counts = CorpusCounts {
        aeb_read: aeb.len(),
        fundus_read: fundus.len(),
        ecbplus_read: ecb.len(),
        ..Default::default()
    };
    let mut bases: Vec<Source> = aeb
        .into_iter()
        .chain(fundus)
        .filter(|s| {
            s.paragraphs.len() >= config.base_min_paragraphs
                && words(&s.body()).count() >= config.base_min_words
        })
        .collect();
    bases.sort_by(|a, b| a.id.cmp(&b.id));
    let negatives: Vec<(Source, String, String)> = ecb
        .into_iter()
        .filter(|d| d.sentences >= NEGATIVE_MIN_SENTENCES)
        .map(|d| (d.source, d.topic, d.event))
        .collect();
    Ok(assemble(bases, negatives, config, &mut counts, true))
}

/// The corpus from texts already read: bases sorted by id, negatives with (topic, event).
fn assemble(
    bases: Vec<Source>,
    negatives: Vec<(Source, String, String)>,
    config: &DedupEvalConfig,
    counts: &mut CorpusCounts,
    filter_overlap: bool,
) -> DedupCorpus {
    let root = Rng::new(config.seed);

    // Overlap filter, bases first.
    let keep = if filter_overlap {
        let texts: Vec<String> =
            bases.iter().chain(negatives.iter().map(|(s, ..)| s)).map(Source::body).collect();
        non_overlapping(&texts, config.max_overlap)
    } else {
        vec![true; bases.len() + negatives.len()]
    };
    counts.overlapping = keep.iter().filter(|k| !**k).count();
    let (keep_bases, keep_negatives) = keep.split_at(bases.len());
    let mut bases: Vec<Source> =
        bases.into_iter().zip(keep_bases).filter(|(_, k)| **k).map(|(s, _)| s).collect();
    let mut negatives: Vec<(Source, String, String)> =
        negatives.into_iter().zip(keep_negatives).filter(|(_, k)| **k).map(|(n, _)| n).collect();

    // Which bases are copied at which strength, which lend paragraphs.
    root.fork(1).shuffle(&mut bases);
    let strengths = &config.strengths;
    let per_base = config.copies_per_base.max(1);
    let wanted = strengths.len() * config.per_strength.div_ceil(per_base);
    let used = wanted.min(bases.len() * 3 / 4).min(if strengths.is_empty() { 0 } else { bases.len() });
    let donors = bases.split_off(used);
    counts.bases = bases.len();
    counts.donors = donors.len();

    // Copies per base: base k is copied at strength k % S; a strength's copies are dealt to its
    // bases in turn.
    let mut plan: Vec<Vec<usize>> = vec![Vec::new(); bases.len()]; // strength index per copy
    if !bases.is_empty() {
        for (s, _) in strengths.iter().enumerate() {
            let mine: Vec<usize> = (s..bases.len()).step_by(strengths.len()).collect();
            if mine.is_empty() {
                continue;
            }
            for c in 0..config.per_strength {
                plan[mine[c % mine.len()]].push(s);
            }
        }
    }

    let mut dates = root.fork(2);
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap_or_default();
    let mut random_date = move || start + Duration::minutes(dates.below(60 * 24 * 60) as i64);

    let mut articles = Vec::new();
    let mut copies = Vec::new();
    // Donors by language class (English or not), each class in a shuffled order dealt in turn.
    let mut donor_order: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for (d, donor) in donors.iter().enumerate() {
        donor_order[usize::from(english(&donor.paragraphs))].push(d);
    }
    let mut dealt = [0usize; 2];
    let mut cursor = vec![0usize; donors.len()];
    for order in &mut donor_order {
        root.fork(3).shuffle(order);
    }
    for (b, base) in bases.iter().enumerate() {
        let published = random_date();
        articles.push(article(
            base.id.clone(),
            base.title.clone(),
            base.paragraphs.clone(),
            published,
            "base",
        ));
        let base_shingles = shingle_set(&base.body());
        let class = usize::from(english(&base.paragraphs));
        let class = if donor_order[class].is_empty() { 1 - class } else { class };
        for &s in &plan[b] {
            let n = copies.len();
            let mut rng = root.fork(1_000_000 + n as u64);
            let strength = strengths[s];
            let outlet = *rng.pick(OUTLETS);
            let order = &donor_order[class];
            // Each copy takes the donor's next unused paragraphs, so that two copies given one
            // donor do not share a passage (which would make them real partial copies of each
            // other); only a donor with nothing left is read again from the start.
            let donor = (!order.is_empty()).then(|| order[dealt[class] % order.len()]);
            dealt[class] += 1;
            let lent = donor.map(|d| {
                let all = &donors[d].paragraphs[..];
                if cursor[d] >= all.len() {
                    cursor[d] = 0;
                }
                &all[cursor[d]..]
            });
            let (title, paragraphs, used) = make_copy(base, lent, strength, &config.edits, outlet, &mut rng);
            if let Some(d) = donor {
                cursor[d] += used;
            }
            let id = format!("copy:{n:04}");
            let jaccard3 = jaccard(&base_shingles, &shingle_set(&paragraphs.join("\n\n")));
            let date = published + Duration::minutes(10 + rng.below(3 * 24 * 60) as i64);
            articles.push(article(id.clone(), title, paragraphs, date, outlet));
            copies.push(GoldCopy { id, base: base.id.clone(), strength, jaccard3 });
        }
    }

    root.fork(4).shuffle(&mut negatives);
    negatives.truncate(config.max_negatives);
    negatives.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut gold_negatives = Vec::new();
    for (n, topic, event) in negatives {
        articles.push(article(n.id.clone(), n.title, n.paragraphs, random_date(), "ecbplus"));
        gold_negatives.push(Negative { id: n.id, topic, event });
    }
    root.fork(5).shuffle(&mut articles);

    counts.copies = copies.len();
    counts.negatives = gold_negatives.len();
    DedupCorpus {
        articles,
        copies,
        bases: bases.into_iter().map(|b| b.id).collect(),
        negatives: gold_negatives,
        strengths: strengths.clone(),
        counts: counts.clone(),
    }
}

/// Whether a text reads as English: a fifth or more of its words are English stop words (about
/// half are in English prose, a few percent in German or Spanish).
fn english(paragraphs: &[String]) -> bool {
    let (mut all, mut stop) = (0usize, 0usize);
    for w in paragraphs.iter().flat_map(|p| words(p)) {
        all += 1;
        stop += usize::from(is_stop(w));
    }
    stop * 5 >= all.max(1)
}

fn article(
    doc_id: DocId,
    title: Option<String>,
    paragraphs: Vec<String>,
    published: NaiveDateTime,
    outlet: &str,
) -> Article {
    Article {
        doc_id,
        title,
        paragraphs,
        published: Some(published),
        authors: Vec::new(),
        outlet: outlet.to_string(),
        url: None,
        language: None,
        removed: Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Readers
// ---------------------------------------------------------------------------------------------

/// AEB ground-truth bodies, one paragraph per non-blank line.
fn read_aeb(dir: &Path) -> Result<Vec<Source>> {
    let truth = crate::aeb::read_ground_truth(dir)?;
    Ok(truth
        .into_iter()
        .map(|(id, (body, _))| Source { id: format!("aeb:{id}"), title: None, paragraphs: lines(&body) })
        .collect())
}

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Fundus gold bodies: every parser version of every `<cc>/<Publisher>.json`.
fn read_fundus(dir: &Path) -> Result<Vec<Source>> {
    let mut files = Vec::new();
    for country in read_dir_sorted(dir)? {
        if !country.is_dir() {
            continue;
        }
        for file in read_dir_sorted(&country)? {
            if file.extension().is_some_and(|e| e == "json") {
                files.push(file);
            }
        }
    }
    let mut out = Vec::new();
    for file in files {
        let Value::Object(versions) = read_json(&file)? else {
            return Err(EvalError::format(&file, "expected an object keyed by parser version"));
        };
        let country = file.parent().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap_or("");
        let publisher = file.file_stem().and_then(|n| n.to_str()).unwrap_or("");
        for (version, entry) in versions {
            let title = entry.get("title").and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty());
            let body = &entry["body"];
            let mut paragraphs = strings(&body["summary"]);
            for section in body["sections"].as_array().into_iter().flatten() {
                paragraphs.extend(strings(&section["headline"]));
                paragraphs.extend(strings(&section["paragraphs"]));
            }
            out.push(Source {
                id: format!("fundus:{country}/{publisher}/{version}"),
                title: title.map(str::to_string),
                paragraphs,
            });
        }
    }
    Ok(out)
}

/// The non-blank strings of a JSON list (anything else reads as none).
fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| EvalError::io(dir, e))?;
    let mut paths = Vec::new();
    for entry in entries {
        paths.push(entry.map_err(|e| EvalError::io(dir, e))?.path());
    }
    paths.sort();
    Ok(paths)
}

/// An ECB+ document.
struct EcbDoc {
    source: Source,
    topic: String,
    event: String,
    sentences: usize,
}

/// ECB+ documents with their topic and event cluster; two sentences to a paragraph.
fn read_ecbplus(path: &Path) -> Result<Vec<EcbDoc>> {
    let text = read_text(path)?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let n = i + 1;
        let record: Value = serde_json::from_str(line).map_err(|source| EvalError::JsonLine {
            path: path.to_path_buf(),
            line: n,
            source,
        })?;
        let field = |name: &str| match &record[name] {
            Value::String(s) => Ok(s.clone()),
            Value::Number(x) => Ok(x.to_string()),
            _ => Err(EvalError::record(path, n, format!("no `{name}` string or number"))),
        };
        let (id, topic, event) = (field("doc_id")?, field("topic")?, field("event_cluster")?);
        let Some(sentences) = record["sentences"].as_array() else {
            return Err(EvalError::record(path, n, "no `sentences` list"));
        };
        let sentences: Vec<&str> =
            sentences.iter().filter_map(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).collect();
        let paragraphs = sentences.chunks(2).map(|c| c.join(" ")).collect();
        let source = Source { id: format!("ecbplus:{id}"), title: None, paragraphs };
        out.push(EcbDoc { source, topic, event, sentences: sentences.len() });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Shingles
// ---------------------------------------------------------------------------------------------

fn shingle_set(text: &str) -> HashSet<u64> {
    shingle_hashes(text, SHINGLE).into_iter().collect()
}

fn jaccard(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

/// 3-gram word-shingle Jaccard of two texts (folded words, as the dedup stage shingles them).
pub fn jaccard3(a: &str, b: &str) -> f64 {
    jaccard(&shingle_set(a), &shingle_set(b))
}

/// Which texts to keep, in order: a text goes when it shares `max_overlap` or more of the smaller
/// shingle set with a text already kept.
fn non_overlapping(texts: &[String], max_overlap: f32) -> Vec<bool> {
    let mut index: HashMap<u64, Vec<u32>> = HashMap::new();
    let mut sizes: Vec<usize> = Vec::new();
    let mut keep = Vec::with_capacity(texts.len());
    for text in texts {
        let set = shingle_set(text);
        let mut shared: HashMap<u32, usize> = HashMap::new();
        for h in &set {
            for &k in index.get(h).into_iter().flatten() {
                *shared.entry(k).or_default() += 1;
            }
        }
        let overlaps = shared
            .iter()
            .any(|(&k, &n)| n as f32 >= max_overlap * set.len().min(sizes[k as usize]).max(1) as f32);
        if overlaps {
            keep.push(false);
            continue;
        }
        let k = sizes.len() as u32;
        sizes.push(set.len());
        for h in set {
            index.entry(h).or_default().push(k);
        }
        keep.push(true);
    }
    keep
}

// ---------------------------------------------------------------------------------------------
// A synthetic corpus at scale, and the JSONL form both storyweave and the peers read
// ---------------------------------------------------------------------------------------------

/// Common English function words, most frequent first: the head of the synthetic vocabulary, so
/// that stop-word shingles are as common as in real news.
const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "it", "on", "with", "as", "he", "said",
    "at", "by", "from", "his", "an", "be", "has", "have", "are", "this", "but", "not", "they", "were",
    "which", "or", "had", "will", "their", "its", "been", "after", "who", "would", "more", "one", "we",
    "also", "about", "than", "two", "into", "over", "new", "last", "year", "up", "out",
];

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mir", "tes", "van", "dor", "bel", "sin", "ru", "pa", "gen", "hal", "or", "ti", "mon", "ses",
    "ral", "cu", "fen", "do", "lis", "ber", "nat", "quo", "zem", "ar", "vi", "sul", "pre", "om",
];

/// A language of `content` invented words after the function words, drawn by a Zipf law
/// (rank `r` with weight `1 / (r + 2.7)`), as word frequencies in news are.
struct Language {
    words: Vec<String>,
    cumulative: Vec<f64>,
}

impl Language {
    fn new(content: usize) -> Language {
        let mut words: Vec<String> = FUNCTION_WORDS.iter().map(|w| w.to_string()).collect();
        let n = SYLLABLES.len();
        // The base-n digits of `i + n` as syllables: at least two, and every word distinct.
        for i in 0..content {
            let (mut w, mut x) = (String::new(), i + n);
            while x > 0 {
                w.push_str(SYLLABLES[x % n]);
                x /= n;
            }
            words.push(w);
        }
        let mut total = 0.0;
        let cumulative = (0..words.len())
            .map(|r| {
                total += 1.0 / (r as f64 + 2.7);
                total
            })
            .collect();
        Language { words, cumulative }
    }

    fn word(&self, rng: &mut Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.unit() * total;
        let r = self.cumulative.partition_point(|&c| c < x).min(self.words.len() - 1);
        &self.words[r]
    }

    fn sentence(&self, rng: &mut Rng, words: usize) -> String {
        let mut out = String::new();
        for k in 0..words {
            let w = self.word(rng);
            if k == 0 {
                let mut cs = w.chars();
                if let Some(c) = cs.next() {
                    out.extend(c.to_uppercase());
                    out.push_str(cs.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(w);
            }
        }
        out.push('.');
        out
    }

    /// An article: a title and 4 to 13 paragraphs of 2 to 4 sentences of 10 to 27 words.
    fn article(&self, rng: &mut Rng, id: String) -> Source {
        let length = 6 + rng.below(5);
        let title = self.sentence(rng, length).trim_end_matches('.').to_string();
        let paragraphs = (0..4 + rng.below(10))
            .map(|_| {
                let sentences = 2 + rng.below(3);
                (0..sentences)
                    .map(|_| {
                        let length = 10 + rng.below(18);
                        self.sentence(rng, length)
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        Source { id, title: Some(title), paragraphs }
    }
}

/// A corpus of about `documents` articles in a synthetic language, for speed and memory at scale
/// (quality is measured on real text by [`build`]). Copies are made at `config.strengths` as in
/// [`build`]: about 30% of the documents are copies, 15% their bases, the rest other articles of
/// the same language (negatives, topic "synthetic"). Random texts share no passage, so the
/// overlap filter is skipped.
pub fn build_synthetic(documents: usize, config: &DedupEvalConfig) -> DedupCorpus {
    let language = Language::new(50_000);
    let strengths = config.strengths.len().max(1);
    let per_base = config.copies_per_base.max(1);
    let per_strength = (documents * 3 / 10 / strengths).max(1);
    let used = strengths * per_strength.div_ceil(per_base);
    // `assemble` copies at most three quarters of the bases; the rest lend paragraphs.
    let base_count = used * 4 / 3 + 1;
    let negative_count = documents.saturating_sub(used + strengths * per_strength);
    let mut rng = Rng::new(config.seed).fork(99);
    let bases: Vec<Source> =
        (0..base_count).map(|i| language.article(&mut rng, format!("synthetic:{i:07}"))).collect();
    let negatives: Vec<(Source, String, String)> = (0..negative_count)
        .map(|i| {
            let id = format!("other:{i:07}");
            (language.article(&mut rng, id.clone()), "synthetic".to_string(), id)
        })
        .collect();
    let config = DedupEvalConfig { per_strength, ..config.clone() };
    let mut counts = CorpusCounts::default();
    assemble(bases, negatives, &config, &mut counts, false)
}

/// One article of a corpus in JSONL, with its gold: `group` is the base's id for a base and its
/// copies, the article's own id otherwise.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
struct CorpusLine {
    id: DocId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    /// Paragraphs joined by blank lines.
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    date: Option<NaiveDateTime>,
    outlet: String,
    group: DocId,
    /// "base", "copy" or "negative".
    role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    strength: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    jaccard3: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    topic: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    event: Option<String>,
}

/// Write `corpus` as JSONL (one article a line, in corpus order, with its gold), for peers.
pub fn write_jsonl(corpus: &DedupCorpus, out: &mut impl std::io::Write) -> std::io::Result<()> {
    let copy_of: HashMap<&str, &GoldCopy> = corpus.copies.iter().map(|c| (c.id.as_str(), c)).collect();
    let negative: HashMap<&str, &Negative> = corpus.negatives.iter().map(|n| (n.id.as_str(), n)).collect();
    let bases: HashSet<&str> = corpus.bases.iter().map(String::as_str).collect();
    for a in &corpus.articles {
        let id = a.doc_id.as_str();
        let copy = copy_of.get(id);
        let neg = negative.get(id);
        let line = CorpusLine {
            id: a.doc_id.clone(),
            title: a.title.clone(),
            text: a.paragraphs.join("\n\n"),
            date: a.published,
            outlet: a.outlet.clone(),
            group: copy.map_or_else(|| a.doc_id.clone(), |c| c.base.clone()),
            role: if copy.is_some() {
                "copy"
            } else if bases.contains(id) {
                "base"
            } else {
                "negative"
            }
            .to_string(),
            strength: copy.map(|c| c.strength),
            jaccard3: copy.map(|c| c.jaccard3),
            topic: neg.map(|n| n.topic.clone()),
            event: neg.map(|n| n.event.clone()),
        };
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Read a corpus written by [`write_jsonl`]; strengths are those its copies carry.
pub fn read_jsonl(path: &Path) -> Result<DedupCorpus> {
    let text = read_text(path)?;
    let mut corpus = DedupCorpus {
        articles: Vec::new(),
        copies: Vec::new(),
        bases: Vec::new(),
        negatives: Vec::new(),
        strengths: Vec::new(),
        counts: CorpusCounts::default(),
    };
    for (n, raw) in text.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let line: CorpusLine = serde_json::from_str(raw).map_err(|source| EvalError::JsonLine {
            path: path.to_path_buf(),
            line: n + 1,
            source,
        })?;
        let paragraphs = line.text.split("\n\n").map(str::to_string).collect();
        match line.role.as_str() {
            "copy" => {
                let strength = line.strength.unwrap_or(0.0);
                if !corpus.strengths.contains(&strength) {
                    corpus.strengths.push(strength);
                }
                corpus.copies.push(GoldCopy {
                    id: line.id.clone(),
                    base: line.group.clone(),
                    strength,
                    jaccard3: line.jaccard3.unwrap_or(0.0),
                });
            }
            "base" => corpus.bases.push(line.id.clone()),
            _ => corpus.negatives.push(Negative {
                id: line.id.clone(),
                topic: line.topic.clone().unwrap_or_default(),
                event: line.event.clone().unwrap_or_default(),
            }),
        }
        corpus.articles.push(Article {
            doc_id: line.id,
            title: line.title,
            paragraphs,
            published: line.date,
            authors: Vec::new(),
            outlet: line.outlet,
            url: None,
            language: None,
            removed: Vec::new(),
        });
    }
    corpus.strengths.sort_by(f32::total_cmp);
    corpus.counts = CorpusCounts {
        bases: corpus.bases.len(),
        copies: corpus.copies.len(),
        negatives: corpus.negatives.len(),
        ..CorpusCounts::default()
    };
    Ok(corpus)
}

// ---------------------------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------------------------

/// splitmix64 (Steele, Lea & Flood 2014): tiny, fast, and the same numbers everywhere.
#[derive(Debug, Clone)]
struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// An independent stream for one purpose, from this generator's state (which is unchanged).
    fn fork(&self, stream: u64) -> Rng {
        Rng(mix(self.0 ^ mix(stream.wrapping_add(0x632b_e59b_d9b4_e019))))
    }

    /// Uniform in `0..n` (`n` > 0; 0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// `x` rounded down or up at random, so that the expected value is `x` (negative: 0).
    fn round(&mut self, x: f64) -> usize {
        let x = x.max(0.0);
        let floor = x.floor();
        floor as usize + usize::from(self.chance(x - floor))
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------------------------

/// A copy of `base` at `strength`: its title and paragraphs.
fn make_copy(
    base: &Source,
    donor: Option<&[String]>,
    strength: f32,
    rates: &EditRates,
    outlet: &str,
    rng: &mut Rng,
) -> (Option<String>, Vec<String>, usize) {
    let s = f64::from(strength.clamp(0.0, 1.0));
    let n = base.paragraphs.len() as f64;
    let vocabulary = Vocabulary::new(&base.paragraphs);
    let spelling = (f64::from(rates.spelling) * s).min(1.0);
    let substitute = f64::from(rates.substitute) * s;
    let mut paragraphs: Vec<String> = base
        .paragraphs
        .iter()
        .map(|p| {
            let p = if spelling > 0.0 { respell(p, spelling, rng) } else { p.clone() };
            if substitute > 0.0 {
                substitute_words(&p, substitute, &vocabulary, rng)
            } else {
                p
            }
        })
        .collect();
    let dropped = rng.round(f64::from(rates.drop) * s * n);
    trim(&mut paragraphs, dropped, rng);
    let inserted = rng.round(f64::from(rates.insert) * s * n);
    let inserted = match donor {
        Some(donor) => insert(&mut paragraphs, donor, inserted, rng),
        None => 0,
    };
    if strength >= rates.reorder_from && s > 0.0 {
        let moves = rng.round(f64::from(rates.reorder) * s * n);
        reorder(&mut paragraphs, moves, rng);
    }
    let title = if s > 0.0 && rng.chance((f64::from(rates.retitle) * s).min(1.0)) {
        Some(retitle(base.title.as_deref(), paragraphs.first().map_or("", String::as_str), outlet, rng))
    } else {
        base.title.clone()
    };
    let lines = rng.round(f64::from(rates.boilerplate) * s);
    add_boilerplate(&mut paragraphs, lines, outlet, rng);
    (title, paragraphs, inserted)
}

/// Rebuild `text`, letting `f` replace words. `f` gets the word and the text after it and returns
/// the replacement and how many bytes after the word it also replaces.
fn rewrite_words(text: &str, mut f: impl FnMut(&str, &str) -> Option<(String, usize)>) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut pos = 0;
    for (start, word) in word_tokens(text) {
        if start < pos {
            continue;
        }
        let end = start + word.len();
        if let Some((replacement, extra)) = f(word, &text[end..]) {
            out.push_str(&text[pos..start]);
            out.push_str(&replacement);
            pos = end + extra;
        }
    }
    out.push_str(&text[pos..]);
    out
}

/// `word` (lowercase) written in the case pattern of `model`: all capitals, capitalised, or as is.
fn recase(model: &str, word: &str) -> String {
    let letters: Vec<char> = model.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return word.to_uppercase();
    }
    if model.chars().next().is_some_and(char::is_uppercase) {
        let mut chars = word.chars();
        return chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    }
    word.to_string()
}

const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "dr"];

/// Switch spelling variants, each with probability `p`.
fn respell(text: &str, p: f64, rng: &mut Rng) -> String {
    rewrite_words(text, |word, rest| {
        let lower = word.to_lowercase();
        if HONORIFICS.contains(&lower.as_str()) {
            if !rng.chance(p) {
                return None;
            }
            return Some(if rest.starts_with('.') { (word.to_string(), 1) } else { (format!("{word}."), 0) });
        }
        if lower == "per" {
            let after = rest.strip_prefix(" cent")?;
            if after.chars().next().is_some_and(char::is_alphanumeric) || !rng.chance(p) {
                return None;
            }
            return Some((recase(word, "percent"), " cent".len()));
        }
        if lower == "percent" {
            return rng.chance(p).then(|| (recase(word, "per cent"), 0));
        }
        let variant = SPELLING.get(lower.as_str())?;
        rng.chance(p).then(|| (recase(word, variant), 0))
    })
}

fn is_stop(word: &str) -> bool {
    storyweave_text::is_stopword(&storyweave_text::fold(word))
}

/// An article's words, as written, split into English stop words and the others.
struct Vocabulary<'a> {
    stop: Vec<&'a str>,
    other: Vec<&'a str>,
}

impl<'a> Vocabulary<'a> {
    fn new(paragraphs: &'a [String]) -> Self {
        let (stop, other) = paragraphs.iter().flat_map(|p| words(p)).partition(|w| is_stop(w));
        Vocabulary { stop, other }
    }
}

/// Replace each word with probability `rate`: by a synonym when the list has one, else by a
/// random word of `vocabulary` (as written there) of the same kind: an English stop word for a
/// stop word, another word for another word (when the vocabulary has one of that kind).
fn substitute_words(text: &str, rate: f64, vocabulary: &Vocabulary, rng: &mut Rng) -> String {
    let Vocabulary { stop, other } = vocabulary;
    rewrite_words(text, |word, _| {
        if !rng.chance(rate) {
            return None;
        }
        if let Some(synonym) = SYNONYMS.get(word.to_lowercase().as_str()) {
            return Some((recase(word, synonym), 0));
        }
        let pool = match (is_stop(word), stop.is_empty(), other.is_empty()) {
            (true, false, _) | (false, false, true) => stop,
            _ => other,
        };
        (!pool.is_empty()).then(|| (rng.pick(pool).to_string(), 0))
    })
}

/// Drop `count` paragraphs, half (rounded up) from the end, the rest from inside; the lead stays
/// and at least two paragraphs are left.
fn trim(paragraphs: &mut Vec<String>, count: usize, rng: &mut Rng) {
    let count = count.min(paragraphs.len().saturating_sub(2));
    let from_end = count.div_ceil(2);
    paragraphs.truncate(paragraphs.len() - from_end);
    for _ in from_end..count {
        let i = 1 + rng.below(paragraphs.len() - 1);
        paragraphs.remove(i);
    }
}

/// Insert the first `count` paragraphs of `donor` at random places after the lead; how many
/// were inserted (at most all of the donor's).
fn insert(paragraphs: &mut Vec<String>, donor: &[String], count: usize, rng: &mut Rng) -> usize {
    let count = count.min(donor.len());
    for p in &donor[..count] {
        let at = if paragraphs.is_empty() { 0 } else { 1 + rng.below(paragraphs.len()) };
        paragraphs.insert(at, p.clone());
    }
    count
}

/// Move `moves` paragraphs after the lead to other places after the lead.
fn reorder(paragraphs: &mut Vec<String>, moves: usize, rng: &mut Rng) {
    if paragraphs.len() < 3 {
        return;
    }
    for _ in 0..moves {
        let from = 1 + rng.below(paragraphs.len() - 1);
        let p = paragraphs.remove(from);
        let mut to = 1 + rng.below(paragraphs.len());
        if to == from {
            // Same place again: move it one further (or back, at the end).
            to = if from < paragraphs.len() { from + 1 } else { from - 1 };
        }
        paragraphs.insert(to.max(1), p);
    }
}

const OUTLETS: &[&str] = &[
    "Harbour Valley Gazette",
    "The Northfield Courier",
    "Metro Daily Ledger",
    "Coastline Herald",
    "Riverside Post",
    "The Evening Lantern",
    "Upland Tribune",
    "Capital Wire Digest",
    "The Granite State Observer",
    "Lakeshore Morning News",
];

const WIRES: &[&str] = &["The Associated Press", "Reuters", "AFP", "dpa", "PA Media", "UPI"];

const TEASERS: &[&str] = &[
    "What the decision means for you",
    "Five things to know this week",
    "The latest on this developing story",
    "Our full coverage, explained",
    "How we got here: a timeline",
    "Experts weigh in on what comes next",
];

const REPORTERS: &[&str] =
    &["Sam Keller", "Priya Natarajan", "Jonas Whitfield", "Ada Okonkwo", "Lena Moritz"];

/// Add `count` boilerplate lines of the kinds outlets add to wire copy.
fn add_boilerplate(paragraphs: &mut Vec<String>, count: usize, outlet: &str, rng: &mut Rng) {
    for _ in 0..count {
        let year = 2019 + rng.below(7);
        let wire = *rng.pick(WIRES);
        match rng.below(8) {
            0 => {
                let (h, m) = (1 + rng.below(12), rng.below(60));
                let half = if rng.chance(0.5) { "a.m." } else { "p.m." };
                paragraphs.insert(0, format!("Updated {h}:{m:02} {half} ET"));
            }
            1 | 2 => {
                let line = format!("Read more: {}", rng.pick(TEASERS));
                let at =
                    if paragraphs.len() < 2 { paragraphs.len() } else { 1 + rng.below(paragraphs.len()) };
                paragraphs.insert(at, line);
            }
            3 => {
                paragraphs.push(format!("Follow {outlet} on Facebook, Instagram and X for the latest news."))
            }
            4 => paragraphs.push(format!(
                "Sign up for the {outlet} morning newsletter to get the day's top stories in your inbox."
            )),
            5 => paragraphs.push(format!("© {year} {outlet}. All rights reserved.")),
            6 => paragraphs.push(format!(
                "Copyright {year} {wire}. All rights reserved. This material may not be published, \
                 broadcast, rewritten or redistributed."
            )),
            _ => paragraphs.push(format!(
                "Additional reporting by {}; editing by {}.",
                rng.pick(REPORTERS),
                wire
            )),
        }
    }
}

const TITLE_PREFIXES: &[&str] = &["UPDATE: ", "BREAKING: ", "WATCH: ", "Analysis: ", "Latest: "];

/// A new title: the old one with a prefix or the outlet's name, or the lead's first words.
fn retitle(title: Option<&str>, lead: &str, outlet: &str, rng: &mut Rng) -> String {
    match title {
        Some(t) if rng.chance(0.5) => format!("{}{t}", rng.pick(TITLE_PREFIXES)),
        Some(t) => format!("{t} | {outlet}"),
        None => {
            let n = 6 + rng.below(5);
            let head: Vec<&str> = words(lead).take(n).collect();
            recase("X", &head.join(" "))
        }
    }
}

/// Pairs of British and American spellings; both directions are looked up.
static SPELLING: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let mut pairs: Vec<(String, String)> = Vec::new();
    // -our / -or
    for stem in [
        "colour",
        "honour",
        "favour",
        "labour",
        "neighbour",
        "behaviour",
        "harbour",
        "rumour",
        "humour",
        "flavour",
        "vapour",
        "endeavour",
        "armour",
        "vigour",
        "rigour",
        "saviour",
        "odour",
        "parlour",
    ] {
        let us = stem.replacen("our", "or", 1);
        for suffix in
            ["", "s", "ed", "ing", "able", "ably", "ite", "ites", "hood", "hoods", "er", "ers", "ful"]
        {
            pairs.push((format!("{stem}{suffix}"), format!("{us}{suffix}")));
        }
    }
    // -ise / -ize
    for stem in [
        "organ",
        "real",
        "recogn",
        "critic",
        "apolog",
        "emphas",
        "priorit",
        "author",
        "final",
        "mobil",
        "privat",
        "legal",
        "minim",
        "maxim",
        "summar",
        "character",
        "normal",
        "stabil",
        "util",
        "hospital",
        "modern",
        "civil",
        "special",
        "capital",
        "optim",
        "central",
        "standard",
        "subsid",
        "symbol",
        "visual",
        "global",
        "industrial",
        "commercial",
        "national",
        "neutral",
        "popular",
        "sympath",
        "terror",
        "categor",
        "democrat",
        "digit",
        "familiar",
        "formal",
        "harmon",
        "ideal",
        "immun",
        "legitim",
        "liberal",
        "local",
        "marginal",
        "memor",
        "monopol",
        "moral",
        "polar",
        "politic",
        "radical",
        "rational",
        "sanit",
        "scrutin",
        "sensit",
        "social",
        "synchron",
        "theor",
        "urban",
        "vandal",
        "weapon",
        "agon",
        "antagon",
        "jeopard",
        "patron",
        "fertil",
        "galvan",
        "mesmer",
    ] {
        for suffix in ["e", "es", "ed", "er", "ers", "ing", "ation", "ations"] {
            pairs.push((format!("{stem}is{suffix}"), format!("{stem}iz{suffix}")));
        }
    }
    for (uk, us) in [
        ("centre", "center"),
        ("centres", "centers"),
        ("centred", "centered"),
        ("theatre", "theater"),
        ("theatres", "theaters"),
        ("metre", "meter"),
        ("metres", "meters"),
        ("kilometre", "kilometer"),
        ("kilometres", "kilometers"),
        ("litre", "liter"),
        ("litres", "liters"),
        ("fibre", "fiber"),
        ("calibre", "caliber"),
        ("sombre", "somber"),
        ("spectre", "specter"),
        ("defence", "defense"),
        ("defences", "defenses"),
        ("offence", "offense"),
        ("offences", "offenses"),
        ("licence", "license"),
        ("pretence", "pretense"),
        ("travelled", "traveled"),
        ("travelling", "traveling"),
        ("traveller", "traveler"),
        ("travellers", "travelers"),
        ("cancelled", "canceled"),
        ("cancelling", "canceling"),
        ("labelled", "labeled"),
        ("modelling", "modeling"),
        ("fuelled", "fueled"),
        ("counselling", "counseling"),
        ("counsellor", "counselor"),
        ("jewellery", "jewelry"),
        ("marvellous", "marvelous"),
        ("signalled", "signaled"),
        ("totalled", "totaled"),
        ("levelled", "leveled"),
        ("enrolment", "enrollment"),
        ("fulfil", "fulfill"),
        ("skilful", "skillful"),
        ("wilful", "willful"),
        ("instalment", "installment"),
        ("programme", "program"),
        ("programmes", "programs"),
        ("catalogue", "catalog"),
        ("analogue", "analog"),
        ("analyse", "analyze"),
        ("analysed", "analyzed"),
        ("analysing", "analyzing"),
        ("paralysed", "paralyzed"),
        ("grey", "gray"),
        ("plough", "plow"),
        ("mould", "mold"),
        ("aluminium", "aluminum"),
        ("ageing", "aging"),
        ("judgement", "judgment"),
        ("acknowledgement", "acknowledgment"),
        ("manoeuvre", "maneuver"),
        ("manoeuvres", "maneuvers"),
        ("paediatric", "pediatric"),
        ("anaesthetic", "anesthetic"),
        ("sceptical", "skeptical"),
        ("sceptic", "skeptic"),
        ("sceptics", "skeptics"),
        ("pyjamas", "pajamas"),
        ("storey", "story"),
    ] {
        pairs.push((uk.to_string(), us.to_string()));
    }
    let mut map = HashMap::new();
    for (uk, us) in pairs {
        map.insert(us.clone(), uk.clone());
        map.insert(uk, us);
    }
    map
});

/// Words and the synonym a copy editor might put instead.
static SYNONYMS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    [
        ("said", "stated"),
        ("stated", "said"),
        ("told", "informed"),
        ("big", "large"),
        ("large", "big"),
        ("small", "little"),
        ("start", "begin"),
        ("begin", "start"),
        ("began", "started"),
        ("started", "began"),
        ("buy", "purchase"),
        ("bought", "purchased"),
        ("help", "assist"),
        ("helped", "assisted"),
        ("show", "reveal"),
        ("showed", "revealed"),
        ("shows", "reveals"),
        ("many", "numerous"),
        ("people", "individuals"),
        ("need", "require"),
        ("needs", "requires"),
        ("try", "attempt"),
        ("tried", "attempted"),
        ("rise", "increase"),
        ("fell", "dropped"),
        ("cut", "reduced"),
        ("quickly", "rapidly"),
        ("rapidly", "quickly"),
        ("important", "significant"),
        ("significant", "important"),
        ("major", "key"),
        ("plan", "proposal"),
        ("plans", "proposals"),
        ("country", "nation"),
        ("nation", "country"),
        ("officials", "authorities"),
        ("authorities", "officials"),
        ("company", "firm"),
        ("firm", "company"),
        ("children", "kids"),
        ("kids", "children"),
        ("car", "vehicle"),
        ("job", "position"),
        ("jobs", "positions"),
        ("money", "funds"),
        ("attack", "assault"),
        ("died", "perished"),
        ("also", "additionally"),
        ("however", "but"),
        ("because", "since"),
        ("about", "around"),
        ("very", "extremely"),
        ("week", "weekend"),
        ("new", "fresh"),
        ("old", "former"),
        ("get", "obtain"),
        ("got", "received"),
        ("make", "create"),
        ("made", "created"),
    ]
    .into_iter()
    .collect()
});

// ---------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------

/// Figures for the copies of one strength.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrengthScore {
    #[serde(serialize_with = "decimal")]
    pub strength: f32,
    pub copies: usize,
    /// Mean 3-gram word-shingle Jaccard between copy and base bodies.
    pub jaccard3: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Gold pairs at this strength.
    pub pairs: usize,
    /// Predicted pairs at this strength.
    pub pairs_predicted: usize,
    /// Share of this strength's copies grouped with their base.
    pub found: f64,
}

/// Predicted pairs that involve no copy (all false positives).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NegativeScore {
    /// Negatives in the corpus.
    pub documents: usize,
    /// Pairs of negatives of one ECB+ topic (different articles about the same kind of event).
    pub hard_pairs: usize,
    /// Those of them grouped together.
    pub hard_false_positives: usize,
    /// Other grouped pairs without a copy: base–base, base–negative, negatives across topics.
    pub other_false_positives: usize,
}

/// A dedup report scored against the corpus's gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DedupScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub per_strength: Vec<StrengthScore>,
    pub negatives: NegativeScore,
    pub documents: usize,
    pub copies: usize,
    pub pairs_gold: usize,
    pub pairs_predicted: usize,
    /// Links naming a document that is not in the corpus (ignored).
    pub links_unknown: usize,
}

/// An `f32` written as the decimal it prints as (`0.1`, not `0.10000000149011612` as a JSON
/// value built from it would hold).
fn decimal<S: serde::Serializer>(x: &f32, serializer: S) -> std::result::Result<S::Ok, S::Error> {
    serializer.serialize_f64(x.to_string().parse().unwrap_or(f64::from(*x)))
}

/// Precision and recall from counts (1 when there is nothing to be right about), and F1.
fn prf(tp: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = if predicted == 0 { 1.0 } else { tp as f64 / predicted as f64 };
    let r = if gold == 0 { 1.0 } else { tp as f64 / gold as f64 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (p, r, f)
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Score a dedup stage's output against the gold: pairs implied by groups (module documentation).
pub fn score(corpus: &DedupCorpus, report: &DedupReport) -> DedupScore {
    let n = corpus.articles.len();
    let index: HashMap<&str, usize> =
        corpus.articles.iter().enumerate().map(|(i, a)| (a.doc_id.as_str(), i)).collect();

    // Gold: group id per article (its base's index), strength index per copy, topic per negative.
    let mut gold: Vec<usize> = (0..n).collect();
    let mut strength: Vec<Option<usize>> = vec![None; n];
    let mut copies: Vec<(usize, usize, usize)> = Vec::new(); // (copy, base, strength index)
    for c in &corpus.copies {
        let (Some(&i), Some(&b)) = (index.get(c.id.as_str()), index.get(c.base.as_str())) else {
            continue;
        };
        gold[i] = b;
        let s = corpus.strengths.iter().position(|&x| x == c.strength).unwrap_or(0);
        strength[i] = Some(s);
        copies.push((i, b, s));
    }
    let mut topic: Vec<Option<&str>> = vec![None; n];
    for neg in &corpus.negatives {
        if let Some(&i) = index.get(neg.id.as_str()) {
            topic[i] = Some(neg.topic.as_str());
        }
    }

    // Predicted groups.
    let mut parent: Vec<usize> = (0..n).collect();
    let mut links_unknown = 0;
    for link in &report.links {
        let (Some(&a), Some(&b)) = (index.get(link.copy.as_str()), index.get(link.original.as_str())) else {
            links_unknown += 1;
            continue;
        };
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        parent[ra] = rb;
    }
    let root: Vec<usize> = (0..n).map(|i| find(&mut parent, i)).collect();

    let buckets = corpus.strengths.len();
    let bucket = |a: usize, b: usize| -> Option<usize> {
        match (strength[a], strength[b]) {
            (Some(x), Some(y)) => Some(if corpus.strengths[y] > corpus.strengths[x] { y } else { x }),
            (x, y) => x.or(y),
        }
    };
    let members = |labels: &[usize]| {
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for (i, &l) in labels.iter().enumerate() {
            groups.entry(l).or_default().push(i);
        }
        groups.into_values().filter(|g| g.len() > 1).collect::<Vec<_>>()
    };

    let mut gold_pairs = vec![0usize; buckets];
    let mut pairs_gold = 0;
    for group in members(&gold) {
        for (k, &a) in group.iter().enumerate() {
            for &b in &group[k + 1..] {
                pairs_gold += 1;
                if let Some(s) = bucket(a, b) {
                    gold_pairs[s] += 1;
                }
            }
        }
    }
    let (mut tp_all, mut pairs_predicted) = (0, 0);
    let mut tp = vec![0usize; buckets];
    let mut predicted = vec![0usize; buckets];
    let (mut hard_fp, mut other_fp) = (0, 0);
    for group in members(&root) {
        for (k, &a) in group.iter().enumerate() {
            for &b in &group[k + 1..] {
                pairs_predicted += 1;
                let right = gold[a] == gold[b];
                tp_all += usize::from(right);
                match bucket(a, b) {
                    Some(s) => {
                        predicted[s] += 1;
                        tp[s] += usize::from(right);
                    }
                    None if topic[a].is_some() && topic[a] == topic[b] => hard_fp += 1,
                    None => other_fp += 1,
                }
            }
        }
    }

    let mut hard_pairs = 0;
    let mut by_topic: HashMap<&str, usize> = HashMap::new();
    for t in topic.iter().flatten() {
        *by_topic.entry(t).or_default() += 1;
    }
    for &m in by_topic.values() {
        hard_pairs += m * (m - 1) / 2;
    }

    let per_strength = (0..buckets)
        .map(|s| {
            let mine: Vec<&(usize, usize, usize)> = copies.iter().filter(|c| c.2 == s).collect();
            let jaccards: Vec<f64> = corpus
                .copies
                .iter()
                .filter(|c| corpus.strengths.iter().position(|&x| x == c.strength) == Some(s))
                .map(|c| c.jaccard3)
                .collect();
            let found = mine.iter().filter(|&&&(c, b, _)| root[c] == root[b]).count();
            let (precision, recall, f1) = prf(tp[s], predicted[s], gold_pairs[s]);
            StrengthScore {
                strength: corpus.strengths[s],
                copies: mine.len(),
                jaccard3: mean(&jaccards),
                precision,
                recall,
                f1,
                pairs: gold_pairs[s],
                pairs_predicted: predicted[s],
                found: if mine.is_empty() { 1.0 } else { found as f64 / mine.len() as f64 },
            }
        })
        .collect();
    let (precision, recall, f1) = prf(tp_all, pairs_predicted, pairs_gold);
    DedupScore {
        precision,
        recall,
        f1,
        per_strength,
        negatives: NegativeScore {
            documents: corpus.negatives.len(),
            hard_pairs,
            hard_false_positives: hard_fp,
            other_false_positives: other_fp,
        },
        documents: n,
        copies: copies.len(),
        pairs_gold,
        pairs_predicted,
        links_unknown,
    }
}

fn mean(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        0.0
    } else {
        xs.iter().sum::<f64>() / xs.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyweave_model::{CopyKind, CopyLink, Edits};

    const STORY: &[&str] = &[
        "The harbour authority said on Monday that the new centre would open in the spring.",
        "Mr. Okafor told reporters the colour of the building had been chosen by local children.",
        "Officials plan to organise tours for neighbours, and the programme will cost 5 per cent less.",
        "Work began in January after a long delay caused by flooding along the coast road.",
        "Traders in the old town said they expected many more visitors during the summer.",
        "The authority will publish a full review of the costs next month, a spokeswoman said.",
    ];

    fn source(id: &str, paragraphs: &[&str]) -> Source {
        Source { id: id.into(), title: None, paragraphs: paragraphs.iter().map(|p| p.to_string()).collect() }
    }

    fn strings(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|x| x.to_string()).collect()
    }

    /// Whether `sub` appears in `whole` in order.
    fn subsequence(sub: &[String], whole: &[String]) -> bool {
        let mut it = whole.iter();
        sub.iter().all(|s| it.any(|w| w == s))
    }

    #[test]
    fn splitmix64_is_the_published_generator_and_deterministic() {
        // Reference outputs of splitmix64 from state 0.
        let mut rng = Rng::new(0);
        assert_eq!(rng.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(rng.next_u64(), 0x6e78_9e6a_a1b9_65f4);
        assert_eq!(rng.next_u64(), 0x06c4_5d18_8009_454f);

        let draw = |seed: u64| {
            let mut r = Rng::new(seed).fork(7);
            (0..20).map(|_| r.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(42), draw(42));
        assert_ne!(draw(42), draw(43));
        // Forks are independent of each other and leave the parent as it was.
        let root = Rng::new(42);
        assert_ne!(root.fork(1).next_u64(), root.fork(2).next_u64());
        assert_eq!(root.fork(1).next_u64(), Rng::new(42).fork(1).next_u64());

        let mut r = Rng::new(1);
        assert!((0..1000).all(|_| r.below(3) < 3));
        assert!((0..1000).all(|_| (0.0..1.0).contains(&r.unit())));
        let mut items: Vec<usize> = (0..50).collect();
        r.shuffle(&mut items);
        assert_ne!(items, (0..50).collect::<Vec<_>>());
        items.sort_unstable();
        assert_eq!(items, (0..50).collect::<Vec<_>>());
        // Random rounding keeps the expected value.
        let total: usize = (0..10_000).map(|_| r.round(0.3)).sum();
        assert!((2_700..3_300).contains(&total), "{total}");
        assert_eq!(r.round(2.0), 2);
        assert_eq!(r.round(-1.0), 0);
    }

    #[test]
    fn respelling_switches_variants_both_ways() {
        let mut rng = Rng::new(1);
        let text = "The Colour of the centre, said Mr. Okafor, rose 5 per cent as ORGANISATIONS realised.";
        let us = respell(text, 1.0, &mut rng);
        assert_eq!(us, "The Color of the center, said Mr Okafor, rose 5 percent as ORGANIZATIONS realized.");
        assert_eq!(respell(&us, 1.0, &mut rng), text);
        assert_eq!(respell(text, 0.0, &mut rng), text);
        // Only whole words: "percentage" and "cents" are left alone.
        let other = "A percentage of the cents per centimetre.";
        assert_eq!(respell(other, 1.0, &mut rng), other);
    }

    #[test]
    fn substitution_uses_synonyms_or_the_article_own_words() {
        let mut rng = Rng::new(2);
        let vocabulary = Vocabulary { stop: vec!["the"], other: vec!["harbour", "Monday"] };
        let out = substitute_words("He said: “Big plans!” Mayor", 1.0, &vocabulary, &mut rng);
        // "said", "Big" and "plans" have synonyms; "He" takes a function word of the article,
        // "Mayor" another word.
        assert!(out.starts_with("the stated: “Large proposals!” "), "{out}");
        assert!(out.ends_with(" harbour") || out.ends_with(" Monday"), "{out}");
        assert_eq!(substitute_words("He said so.", 0.0, &vocabulary, &mut rng), "He said so.");
        // At a rate of a fifth, about a fifth of the words change.
        let text = STORY.join(" ");
        let before: Vec<&str> = words(&text).collect();
        let changed = substitute_words(&text, 0.2, &Vocabulary::new(&strings(STORY)), &mut rng);
        let after: Vec<&str> = words(&changed).collect();
        assert_eq!(before.len(), after.len());
        let differ = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        assert!((5..=30).contains(&differ), "{differ} of {}", before.len());
    }

    #[test]
    fn trimming_cuts_the_end_and_inside_but_keeps_the_lead() {
        let mut rng = Rng::new(3);
        let base = strings(STORY);
        let mut p = base.clone();
        trim(&mut p, 3, &mut rng);
        assert_eq!(p.len(), 3);
        assert_eq!(p[0], base[0]);
        assert!(!p.contains(&base[5]) && !p.contains(&base[4]), "two from the end");
        assert!(subsequence(&p, &base));
        let mut p = base.clone();
        trim(&mut p, 99, &mut rng);
        assert_eq!(p, base[..2]);
        let mut p = base.clone();
        trim(&mut p, 0, &mut rng);
        assert_eq!(p, base);
    }

    #[test]
    fn inserting_takes_the_first_donor_paragraphs() {
        let mut rng = Rng::new(4);
        let base = strings(STORY);
        let donor = strings(&["D1", "D2", "D3", "D4", "D5"]);
        let mut p = base.clone();
        insert(&mut p, &donor, 2, &mut rng);
        assert_eq!(p.len(), base.len() + 2);
        assert_eq!(p[0], base[0]);
        assert!(subsequence(&base, &p));
        let mut added: Vec<&String> = p.iter().filter(|x| x.starts_with('D')).collect();
        added.sort();
        assert_eq!(added, [&donor[0], &donor[1]]);
        let mut p = base.clone();
        assert_eq!(insert(&mut p, &donor, 9, &mut rng), donor.len());
        assert_eq!(p.len(), base.len() + donor.len());
    }

    #[test]
    fn reordering_moves_paragraphs_after_the_lead() {
        let mut rng = Rng::new(5);
        let base = strings(STORY);
        let mut p = base.clone();
        reorder(&mut p, 3, &mut rng);
        assert_eq!(p[0], base[0]);
        assert_ne!(p, base);
        let (mut a, mut b) = (p.clone(), base.clone());
        a.sort();
        b.sort();
        assert_eq!(a, b);
        let mut short = strings(&STORY[..2]);
        reorder(&mut short, 5, &mut rng);
        assert_eq!(short, base[..2]);
    }

    #[test]
    fn boilerplate_lines_are_added_around_the_body() {
        let mut rng = Rng::new(6);
        let base = strings(STORY);
        let mut p = base.clone();
        add_boilerplate(&mut p, 12, "Riverside Post", &mut rng);
        assert_eq!(p.len(), base.len() + 12);
        assert!(subsequence(&base, &p));
        let added: Vec<&String> = p.iter().filter(|x| !base.contains(x)).collect();
        assert!(added.iter().any(|l| l.starts_with("Read more: ")));
        assert!(added.iter().any(|l| l.contains("Riverside Post") || l.contains("Copyright")));
    }

    #[test]
    fn new_titles() {
        let mut rng = Rng::new(7);
        for _ in 0..10 {
            let t = retitle(Some("Harbour centre to open"), STORY[0], "Riverside Post", &mut rng);
            assert!(t.contains("Harbour centre to open") && t != "Harbour centre to open", "{t}");
        }
        let t = retitle(None, "the harbour authority said on Monday that it would", "X", &mut rng);
        assert!(t.starts_with("The harbour authority said on Monday"), "{t}");
    }

    #[test]
    fn copies_drift_with_strength() {
        let base = Source { title: Some("Harbour centre".into()), ..source("base", STORY) };
        let donor = strings(&["An unrelated paragraph about a football match that ended in a draw."; 3]);
        let rates = EditRates::default();
        let (title, paragraphs, _) =
            make_copy(&base, Some(&donor), 0.0, &rates, "Riverside Post", &mut Rng::new(8));
        assert_eq!((title.as_deref(), &paragraphs), (Some("Harbour centre"), &base.paragraphs));
        let mut last = 1.0;
        for strength in [0.2, 0.5, 1.0] {
            let mean: f64 = (0..20)
                .map(|i| {
                    let (_, p, _) = make_copy(&base, Some(&donor), strength, &rates, "X", &mut Rng::new(i));
                    jaccard3(&base.body(), &p.join("\n\n"))
                })
                .sum::<f64>()
                / 20.0;
            assert!(mean < last, "{strength}: {mean} after {last}");
            last = mean;
        }
    }

    #[test]
    fn english_is_told_by_its_stop_words() {
        assert!(english(&strings(STORY)));
        let german =
            "Der Stadtrat will im Herbst über den neuen Radweg am Fluss abstimmen, sagte eine Sprecherin.";
        assert!(!english(&strings(&[german])));
        assert!(!english(&[]));
    }

    #[test]
    fn overlapping_texts_are_dropped() {
        let a = STORY.join(" ");
        let b = STORY[..3].join(" ");
        let c = "A different story about a football match that ended in a draw after extra time.".to_string();
        assert_eq!(non_overlapping(&[a.clone(), b.clone(), c.clone()], 0.2), [true, false, true]);
        assert_eq!(non_overlapping(&[b, c, a], 0.2), [true, true, false]);
    }

    /// Paragraphs of unique made-up words, so no two made-up articles share a shingle.
    fn made_up(id: &str, paragraphs: usize) -> Source {
        let tag: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
        let ps: Vec<String> = (0..paragraphs)
            .map(|p| (0..12).map(|w| format!("{tag}p{p}w{w}")).collect::<Vec<_>>().join(" ") + ".")
            .collect();
        Source { id: id.into(), title: None, paragraphs: ps }
    }

    fn small_config() -> DedupEvalConfig {
        DedupEvalConfig { strengths: vec![0.0, 0.5], per_strength: 3, ..DedupEvalConfig::default() }
    }

    #[test]
    fn assembling_a_corpus() {
        let bases: Vec<Source> = (0..8).map(|i| made_up(&format!("base{i}"), 6)).collect();
        let mut negatives: Vec<(Source, String, String)> =
            (0..4).map(|i| (made_up(&format!("neg{i}"), 3), (i / 2).to_string(), i.to_string())).collect();
        // A reprint among the negatives: dropped by the overlap filter.
        negatives.push((source("neg-copy", &[]), "0".into(), "0".into()));
        negatives[4].0.paragraphs = negatives[0].0.paragraphs.clone();
        let config = small_config();
        let corpus = assemble(bases.clone(), negatives.clone(), &config, &mut CorpusCounts::default(), true);
        assert_eq!(corpus.counts.overlapping, 1);
        // 2 bases per strength are wanted (3 copies, 2 per base); 8 bases, 6 may be used.
        assert_eq!((corpus.bases.len(), corpus.counts.donors, corpus.copies.len()), (4, 4, 6));
        assert_eq!(corpus.negatives.len(), 4);
        assert_eq!(corpus.articles.len(), 4 + 6 + 4);
        for s in [0.0, 0.5] {
            let copies: Vec<&GoldCopy> = corpus.copies.iter().filter(|c| c.strength == s).collect();
            assert_eq!(copies.len(), 3);
            let bases: HashSet<&str> = copies.iter().map(|c| c.base.as_str()).collect();
            assert_eq!(bases.len(), 2);
        }
        let exact = corpus.copies.iter().filter(|c| c.strength == 0.0);
        assert!(exact.clone().all(|c| c.jaccard3 == 1.0));
        let by_id: HashMap<&str, &Article> = corpus.articles.iter().map(|a| (a.doc_id.as_str(), a)).collect();
        for c in &corpus.copies {
            let (copy, base) = (by_id[c.id.as_str()], by_id[c.base.as_str()]);
            assert!(copy.published > base.published);
            assert_eq!(c.jaccard3, jaccard3(&copy.body(), &base.body()));
        }
        let again = assemble(bases.clone(), negatives.clone(), &config, &mut CorpusCounts::default(), true);
        assert_eq!(again, corpus);
        let other = DedupEvalConfig { seed: 7, ..config };
        assert_ne!(
            assemble(bases, negatives, &other, &mut CorpusCounts::default(), true).articles,
            corpus.articles
        );
    }

    #[test]
    fn reading_the_three_data_sets() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let aeb = root.join(AEB_DIR);
        std::fs::create_dir_all(&aeb).unwrap();
        let body = |s: &Source| s.paragraphs.join("\n\n");
        let mut truth = serde_json::Map::new();
        for i in 0..6 {
            truth.insert(
                format!("page{i}"),
                serde_json::json!({"articleBody": body(&made_up(&format!("a{i}"), 5))}),
            );
        }
        truth.insert("short".into(), serde_json::json!({"articleBody": "Too short."}));
        std::fs::write(aeb.join("ground-truth.json"), Value::Object(truth).to_string()).unwrap();
        let us = root.join(FUNDUS_DIR).join("us");
        std::fs::create_dir_all(&us).unwrap();
        let versions: serde_json::Map<String, Value> = (0..3)
            .map(|v| {
                let s = made_up(&format!("f{v}"), 5);
                let section = serde_json::json!({"headline": [], "paragraphs": s.paragraphs[1..]});
                let entry = serde_json::json!({
                    "title": format!("Title {v}"),
                    "body": {"summary": [s.paragraphs[0].clone()], "sections": [section]},
                });
                (format!("V{v}"), entry)
            })
            .collect();
        std::fs::write(us.join("Pub.json"), Value::Object(versions).to_string()).unwrap();
        std::fs::write(us.join("meta.info"), "{}").unwrap();
        let ecb = root.join(ECBPLUS_DOCS);
        std::fs::create_dir_all(ecb.parent().unwrap()).unwrap();
        let lines: Vec<String> = (0..4)
            .map(|i| {
                let s = made_up(&format!("e{i}"), 4);
                serde_json::json!({"doc_id": format!("{i}_1ecb"), "topic": 1, "event_cluster": "1_ecb",
                    "sentences": s.paragraphs})
                .to_string()
            })
            .collect();
        std::fs::write(&ecb, lines.join("\n")).unwrap();

        let config = DedupEvalConfig { base_min_words: 40, ..small_config() };
        let corpus = build(root, &config).unwrap();
        let c = &corpus.counts;
        assert_eq!((c.aeb_read, c.fundus_read, c.ecbplus_read, c.overlapping), (7, 3, 4, 0));
        assert_eq!((c.bases + c.donors, c.copies, c.negatives), (9, 6, 4));
        let fundus = corpus.articles.iter().find(|a| a.doc_id.starts_with("fundus:us/Pub/V")).unwrap();
        assert!(fundus.title.as_deref().is_some_and(|t| t.starts_with("Title ")));
        assert_eq!(fundus.paragraphs.len(), 5);
        let negative = corpus.articles.iter().find(|a| a.doc_id == "ecbplus:0_1ecb").unwrap();
        assert_eq!(negative.paragraphs.len(), 2, "two sentences to a paragraph");
        assert!(corpus.negatives.iter().all(|n| n.topic == "1" && n.event == "1_ecb"));
        assert_eq!(build(root, &config).unwrap(), corpus);

        std::fs::remove_file(&ecb).unwrap();
        let err = build(root, &config).unwrap_err().to_string();
        assert!(err.contains("docs.jsonl"), "{err}");
    }

    fn plain(id: &str) -> Article {
        article(id.into(), None, vec![], NaiveDateTime::default(), "x")
    }

    fn link(copy: &str, original: &str) -> CopyLink {
        CopyLink {
            copy: copy.into(),
            original: original.into(),
            kind: CopyKind::Near,
            jaccard: 0.0,
            containment: 0.0,
            edits: Edits::default(),
        }
    }

    /// a with copies a1 (0.1) and a2 (0.5); b with b1 (0.5); negatives n1, n2 (topic 1), n3 (topic 2).
    fn tiny() -> DedupCorpus {
        let copy = |id: &str, base: &str, strength: f32, jaccard3: f64| GoldCopy {
            id: id.into(),
            base: base.into(),
            strength,
            jaccard3,
        };
        let negative =
            |id: &str, topic: &str| Negative { id: id.into(), topic: topic.into(), event: topic.into() };
        DedupCorpus {
            articles: ["a", "a1", "a2", "b", "b1", "n1", "n2", "n3"].into_iter().map(plain).collect(),
            copies: vec![copy("a1", "a", 0.1, 0.8), copy("a2", "a", 0.5, 0.3), copy("b1", "b", 0.5, 0.2)],
            bases: vec!["a".into(), "b".into()],
            negatives: vec![negative("n1", "1"), negative("n2", "1"), negative("n3", "2")],
            strengths: vec![0.1, 0.5],
            counts: CorpusCounts::default(),
        }
    }

    #[test]
    fn scoring_pairs_implied_by_groups() {
        let corpus = tiny();
        // Groups {a, a1, n3} and {b1, n1, n2}; one link to a document the corpus lacks.
        let links =
            vec![link("a1", "a"), link("n3", "a"), link("b1", "n1"), link("n2", "n1"), link("x", "a")];
        let s = score(&corpus, &DedupReport { links });
        // Gold: a-a1, a-a2, a1-a2, b-b1. Predicted: a-a1 (right), a-n3, a1-n3, b1-n1, b1-n2, n1-n2.
        assert_eq!(
            (s.documents, s.copies, s.pairs_gold, s.pairs_predicted, s.links_unknown),
            (8, 3, 4, 6, 1)
        );
        assert_eq!((s.precision, s.recall), (1.0 / 6.0, 0.25));
        assert!((s.f1 - 0.2).abs() < 1e-12);
        let low = &s.per_strength[0];
        assert_eq!((low.strength, low.copies, low.jaccard3), (0.1, 1, 0.8));
        // a-a1 right, a1-n3 wrong; the one gold pair found.
        assert_eq!(
            (low.pairs, low.pairs_predicted, low.precision, low.recall, low.found),
            (1, 2, 0.5, 1.0, 1.0)
        );
        let high = &s.per_strength[1];
        assert_eq!((high.copies, high.jaccard3), (2, 0.25));
        // a-a2, a1-a2 (the higher strength of the two) and b-b1; predicted b1-n1, b1-n2.
        assert_eq!((high.pairs, high.pairs_predicted, high.precision, high.recall), (3, 2, 0.0, 0.0));
        assert_eq!((high.f1, high.found), (0.0, 0.0));
        let n = &s.negatives;
        assert_eq!(
            (n.documents, n.hard_pairs, n.hard_false_positives, n.other_false_positives),
            (3, 1, 1, 1)
        );
    }

    #[test]
    fn scoring_perfect_and_empty_reports() {
        let corpus = tiny();
        let perfect = vec![link("a1", "a"), link("a2", "a"), link("b1", "b")];
        let s = score(&corpus, &DedupReport { links: perfect });
        assert_eq!((s.precision, s.recall, s.f1), (1.0, 1.0, 1.0));
        assert!(s.per_strength.iter().all(|p| p.f1 == 1.0 && p.found == 1.0));
        // Linking a copy to another copy of its base groups the same articles.
        let chained = vec![link("a1", "a"), link("a2", "a1"), link("b1", "b")];
        assert_eq!(score(&corpus, &DedupReport { links: chained }), s);
        let s = score(&corpus, &DedupReport::default());
        assert_eq!((s.precision, s.recall, s.f1, s.pairs_predicted), (1.0, 0.0, 0.0, 0));
        assert_eq!(s.negatives.hard_false_positives, 0);
        let json = serde_json::to_value(&s).unwrap();
        for key in ["precision", "recall", "f1", "per_strength", "documents", "pairs_gold", "pairs_predicted"]
        {
            assert!(json.get(key).is_some(), "{key}");
        }
        assert_eq!(json["per_strength"][0]["strength"], serde_json::json!(0.1));
    }

    #[test]
    fn synthetic_corpus_round_trips_through_jsonl() {
        let config = DedupEvalConfig::default();
        let corpus = build_synthetic(400, &config);
        assert!((350..=450).contains(&corpus.articles.len()), "{}", corpus.articles.len());
        assert!(!corpus.copies.is_empty() && !corpus.negatives.is_empty());
        assert_eq!(build_synthetic(400, &config), corpus, "one seed, one corpus");
        let mut out = Vec::new();
        write_jsonl(&corpus, &mut out).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.jsonl");
        std::fs::write(&path, &out).unwrap();
        let back = read_jsonl(&path).unwrap();
        assert_eq!(back.articles, corpus.articles);
        assert_eq!(back.copies.len(), corpus.copies.len());
        assert_eq!(back.negatives.len(), corpus.negatives.len());
        // Perfect links score perfectly on the read-back corpus.
        let links = corpus
            .copies
            .iter()
            .map(|c| storyweave_model::CopyLink {
                copy: c.id.clone(),
                original: c.base.clone(),
                kind: storyweave_model::CopyKind::Syndicated,
                jaccard: 0.5,
                containment: 0.5,
                edits: Default::default(),
            })
            .collect();
        let s = score(&back, &DedupReport { links });
        assert_eq!((s.precision, s.recall), (1.0, 1.0));
    }
}
