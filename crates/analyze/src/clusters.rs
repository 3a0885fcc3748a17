//! Word clusters learned from unlabelled news text, for the quote models to generalise past the
//! words their labelled training data holds: "blasted", seldom annotated in PolNeAR train, keeps
//! the company of "criticized" and "slammed" in running text, and lands in their cluster.
//!
//! Each word gets a **cluster path**, its place in a binary tree of words that occur in like
//! company, as Brown clusters give: a prefix of the path is a cluster at that granularity
//! ([`COARSE`] bits coarse, the whole path fine). The table (`clusters.tsv`: word, path) is
//! counted by `train-clusters` (in the `storyweave` package) from unlabelled English news text,
//! byte for byte the same for the same text:
//!
//! - every word of at least [`MIN_COUNT`] occurrences gets a vector of its neighbours (the word
//!   before, the word after, the one after that, each among the [`CONTEXTS`] most frequent words,
//!   a quotation mark, colon, comma or full stop standing between counting as the neighbour),
//!   weighed by positive pointwise mutual information (context counts smoothed to the power 0.75)
//!   and normalised;
//! - the words are split in two, again and again up to [`DEPTH`] times: by the sign of their
//!   projection on the principal direction of the group's vectors (power iteration from a fixed
//!   start), then a few rounds of spherical 2-means.
//!
//! Everything runs in one thread in a fixed order (words ranked by count, then spelling), so the
//! same text gives the same bytes. A word the table lacks is in the cluster "-". The table is
//! parsed once; a lookup is one hash probe, the clusters' feature hashes computed at parse time.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use storyweave_tagger::features::fnv;
use storyweave_text::IdHasher;

use crate::token::{fold_all, tokens, Token};

/// Words seen fewer times get no cluster (their neighbours say too little).
pub const MIN_COUNT: usize = 12;
/// The deepest split: paths are at most this many bits.
pub const DEPTH: usize = 12;
/// The bits of a coarse cluster.
pub const COARSE: usize = 6;
/// The context words: the most frequent words, as neighbours.
pub const CONTEXTS: usize = 1000;
/// Rounds of 2-means at each split.
const ROUNDS: usize = 3;
/// Rounds of power iteration for a split's principal direction.
const POWER_ROUNDS: usize = 10;

/// The table (see the module documentation).
static TABLE: &str = include_str!("../clusters.tsv");

/// A word's clusters as feature hashes: the coarse one ([`COARSE`] bits of the path) and the
/// whole path.
type Map = HashMap<u64, (u64, u64), BuildHasherDefault<IdHasher>>;

fn table() -> &'static Map {
    static MAP: OnceLock<Map> = OnceLock::new();
    MAP.get_or_init(|| parse(TABLE))
}

/// Read table text: `word \t path` lines.
fn parse(text: &str) -> Map {
    crate::wordclass::word_table(text, |path| Some((fnv(&path[..COARSE.min(path.len())]), fnv(path))))
}

/// The hashes of a folded word's coarse and fine cluster (lower case, as the quote finder folds
/// its tokens); those of "-" for a word the table lacks.
pub fn hashes(w: &str) -> (u64, u64) {
    hashes_of(fnv(w))
}

/// [`hashes`] of the word whose [`fnv`] hash is `key` (for callers that have it already).
pub fn hashes_of(key: u64) -> (u64, u64) {
    lookup(table(), key)
}

fn lookup(map: &Map, key: u64) -> (u64, u64) {
    map.get(&key).copied().unwrap_or_else(|| {
        let none = fnv("-");
        (none, none)
    })
}

/// Whether a folded word counts as a word here (not a number or a mark).
fn is_word(w: &str) -> bool {
    w.chars().any(char::is_alphabetic) && !w.chars().any(|c| c.is_ascii_digit())
}

/// What stands between two tokens, as a neighbour: a quotation mark, a colon, a comma, a full
/// stop, else nothing.
fn mark(gap: &str) -> Option<&'static str> {
    if gap.contains(['"', '“', '”']) {
        Some("<q>")
    } else if gap.contains(':') {
        Some("<:>")
    } else if gap.contains(',') {
        Some("<,>")
    } else if gap.contains(['.', '?', '!', ';']) {
        Some("<.>")
    } else {
        None
    }
}

/// One token as the counts read it: the folded word and the mark after it.
struct Item {
    word: String,
    after: Option<&'static str>,
}

fn items(text: &str) -> Vec<Item> {
    let toks: Vec<Token> = tokens(text);
    let mut buf = String::new();
    let words = fold_all(&toks, &mut buf);
    toks.iter()
        .enumerate()
        .map(|(i, t)| {
            let next = toks.get(i + 1).map_or(text.len(), |n| n.start);
            Item { word: words[i].to_string(), after: mark(&text[t.full_end..next]) }
        })
        .collect()
}

/// Count the table from unlabelled texts: the text of `clusters.tsv`, sorted by word, the same
/// bytes for the same texts in the same order.
pub fn build<'a>(texts: impl IntoIterator<Item = &'a str>) -> String {
    let docs: Vec<Vec<Item>> = texts.into_iter().map(items).collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for it in docs.iter().flatten().filter(|it| is_word(&it.word)) {
        *counts.entry(&it.word).or_default() += 1;
    }
    // The vocabulary, most frequent first (ties by spelling): its first words are the contexts.
    let mut vocab: Vec<(&str, usize)> = counts.into_iter().collect();
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let words: Vec<&str> = vocab.iter().take_while(|v| v.1 >= MIN_COUNT).map(|v| v.0).collect();
    let contexts: Vec<&str> = vocab.iter().take(CONTEXTS).map(|v| v.0).collect();
    let paths = cluster(&vectors(&docs, &words, &contexts));
    let mut rows: Vec<(&str, String)> = words.into_iter().zip(paths).collect();
    rows.sort_unstable();
    rows.iter().map(|(w, p)| format!("{w}\t{p}\n")).collect()
}

/// Each word's neighbour vector (sparse, ascending by dimension): positive PMI, normalised.
fn vectors(docs: &[Vec<Item>], words: &[&str], contexts: &[&str]) -> Vec<Vec<(usize, f64)>> {
    // Context ids: the marks, the text's edge, then the context words; three positions each.
    let mut ctx: HashMap<&str, usize> = HashMap::new();
    for w in ["<q>", "<:>", "<,>", "<.>", "<s>"].into_iter().chain(contexts.iter().copied()) {
        let n = ctx.len();
        ctx.entry(w).or_insert(n);
    }
    let width = ctx.len();
    let index: HashMap<&str, usize> = words.iter().enumerate().map(|(k, &w)| (w, k)).collect();
    let id = |it: Option<&Item>, mark: Option<&'static str>| match (mark, it) {
        (Some(m), _) => ctx.get(m).copied(),
        (None, None) => ctx.get("<s>").copied(),
        (None, Some(it)) => ctx.get(it.word.as_str()).copied(),
    };
    let mut pairs: HashMap<(usize, usize), f64> = HashMap::new();
    for doc in docs {
        for (i, it) in doc.iter().enumerate() {
            let Some(&w) = index.get(it.word.as_str()) else { continue };
            let prev = i.checked_sub(1).map(|k| &doc[k]);
            let before = id(prev, prev.and_then(|p| p.after));
            let next = doc.get(i + 1);
            let after = id(next, it.after);
            // Two after: the word after next, unless a mark cuts it off.
            let after2 = match it.after {
                Some(_) => None,
                None => id(doc.get(i + 2), next.map_or(Some("<.>"), |n| n.after)),
            };
            for (pos, c) in [(0, before), (1, after), (2, after2)] {
                if let Some(c) = c {
                    *pairs.entry((w, pos * width + c)).or_default() += 1.0;
                }
            }
        }
    }
    // Sorted, so that every sum below runs in the same order.
    let mut cells: Vec<((usize, usize), f64)> = pairs.into_iter().collect();
    cells.sort_unstable_by_key(|c| c.0);
    let mut row_total = vec![0.0; words.len()];
    let mut col_total = vec![0.0; 3 * width];
    for &((w, c), n) in &cells {
        row_total[w] += n;
        col_total[c] += n;
    }
    // Rare contexts weigh less with their counts smoothed.
    let col_smooth: Vec<f64> = col_total.iter().map(|&n: &f64| n.powf(0.75)).collect();
    let smooth_total: f64 = col_smooth.iter().sum();
    let total: f64 = row_total.iter().sum();
    let mut vectors: Vec<Vec<(usize, f64)>> = vec![Vec::new(); words.len()];
    for &((w, c), n) in &cells {
        let pmi = ((n / total) / ((row_total[w] / total) * (col_smooth[c] / smooth_total))).ln();
        if pmi > 0.0 {
            vectors[w].push((c, pmi));
        }
    }
    for v in &mut vectors {
        let norm = v.iter().map(|&(_, x)| x * x).sum::<f64>().sqrt().max(1e-12);
        v.iter_mut().for_each(|(_, x)| *x /= norm);
    }
    vectors
}

/// The cluster path of each vector: groups split in two until [`DEPTH`] or a single member.
fn cluster(vectors: &[Vec<(usize, f64)>]) -> Vec<String> {
    let dims = vectors.iter().flatten().map(|&(k, _)| k + 1).max().unwrap_or(0);
    let mut paths = vec![String::new(); vectors.len()];
    let mut stack: Vec<Vec<usize>> = vec![(0..vectors.len()).collect()];
    while let Some(members) = stack.pop() {
        if members.len() < 2 || paths[members[0]].len() >= DEPTH {
            continue;
        }
        let (left, right) = split(vectors, &members, dims);
        for (side, bit) in [(&left, '0'), (&right, '1')] {
            side.iter().for_each(|&m| paths[m].push(bit));
        }
        stack.extend([left, right].into_iter().filter(|s| !s.is_empty()));
    }
    paths
}

fn dot(v: &[(usize, f64)], c: &[f64]) -> f64 {
    v.iter().map(|&(k, x)| x * c[k]).sum()
}

/// Split `members` in two: first by the sign of their projection on the principal direction of
/// their vectors, centred (which keeps the halves balanced; 2-means seeded with two words left
/// one side nearly empty), then by a few rounds of spherical 2-means, each member going to the
/// nearer centroid.
fn split(vectors: &[Vec<(usize, f64)>], members: &[usize], dims: usize) -> (Vec<usize>, Vec<usize>) {
    let mut mean = vec![0.0; dims];
    for &m in members {
        vectors[m].iter().for_each(|&(k, x)| mean[k] += x);
    }
    let n = members.len() as f64;
    mean.iter_mut().for_each(|x| *x /= n);
    let mean_dot = |v: &[f64]| -> f64 { mean.iter().zip(v).map(|(a, b)| a * b).sum() };
    // A fixed start, spread over every dimension.
    let mut dir: Vec<f64> =
        (0..dims).map(|k| ((k as u64 * 2_654_435_761) % 1000) as f64 / 1000.0 - 0.5).collect();
    let mut proj = vec![0.0; members.len()];
    for _ in 0..POWER_ROUNDS {
        let md = mean_dot(&dir);
        for (p, &m) in proj.iter_mut().zip(members) {
            *p = dot(&vectors[m], &dir) - md;
        }
        let mut next = vec![0.0; dims];
        for (&p, &m) in proj.iter().zip(members) {
            vectors[m].iter().for_each(|&(k, x)| next[k] += p * x);
        }
        let total: f64 = proj.iter().sum();
        next.iter_mut().zip(&mean).for_each(|(x, m)| *x -= total * m);
        let norm = next.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm == 0.0 {
            break;
        }
        dir = next.into_iter().map(|x| x / norm).collect();
    }
    let md = mean_dot(&dir);
    let mut sides: Vec<bool> = members.iter().map(|&m| dot(&vectors[m], &dir) - md > 0.0).collect();
    for _ in 0..ROUNDS {
        let mut sums = [vec![0.0; dims], vec![0.0; dims]];
        for (&side, &m) in sides.iter().zip(members) {
            vectors[m].iter().for_each(|&(k, x)| sums[usize::from(side)][k] += x);
        }
        let centroids = sums.map(|s| {
            let norm = s.iter().map(|x| x * x).sum::<f64>().sqrt().max(1e-12);
            s.into_iter().map(|x| x / norm).collect::<Vec<f64>>()
        });
        for (side, &m) in sides.iter_mut().zip(members) {
            *side = dot(&vectors[m], &centroids[1]) > dot(&vectors[m], &centroids[0]);
        }
    }
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for (&side, &m) in sides.iter().zip(members) {
        if side { &mut right } else { &mut left }.push(m);
    }
    (left, right)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_reads() {
        let none = (fnv("-"), fnv("-"));
        let said = hashes("said");
        assert_ne!(said, none, "a common word is in the table");
        assert_ne!(said.0, said.1, "coarse and fine differ");
        assert_eq!(hashes("zzzqqqx"), none);
        assert!(TABLE.lines().all(|l| l.split_once('\t').is_some_and(|(_, p)| {
            !p.is_empty() && p.len() <= DEPTH && p.chars().all(|c| c == '0' || c == '1')
        })));
    }

    #[test]
    fn parsing_reads_coarse_and_fine_clusters() {
        let map = parse("alpha\t0101100111\nbeta\t01\n");
        assert_eq!(lookup(&map, fnv("alpha")), (fnv("010110"), fnv("0101100111")));
        // A path shorter than a coarse cluster is its own coarse cluster.
        assert_eq!(lookup(&map, fnv("beta")), (fnv("01"), fnv("01")));
        assert_eq!(lookup(&map, fnv("gamma")), (fnv("-"), fnv("-")));
    }

    #[test]
    fn counting_groups_words_in_like_company() {
        // Invented text: "zorbled" and "blicked" keep the same company (a name, then "that"),
        // "apples" and "pears" the same as each other, unlike them.
        let mut text = String::new();
        for k in 0..20 {
            let name = ["Mary", "He", "Tom", "She"][k % 4];
            text.push_str(&format!(
                "{name} zorbled that the plan failed. {name} blicked that the plan failed. "
            ));
            text.push_str(
                "The farmer sold red apples at the market. The farmer sold red pears at the market. ",
            );
        }
        let table = build([text.as_str()]);
        assert_eq!(table, build([text.as_str()]), "the same text, the same bytes");
        let path = |w: &str| {
            table.lines().find_map(|l| l.strip_prefix(w).and_then(|r| r.strip_prefix('\t'))).unwrap()
        };
        let shared = |x: &str, y: &str| x.chars().zip(y.chars()).take_while(|(a, b)| a == b).count();
        let (z, b, a, p) = (path("zorbled"), path("blicked"), path("apples"), path("pears"));
        assert!(shared(z, b) > shared(z, a), "{z} {b} {a}");
        assert!(shared(a, p) > shared(a, z), "{a} {p} {z}");
    }
}
