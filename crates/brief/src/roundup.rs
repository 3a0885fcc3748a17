//! What an editor's neutral roundup of a story says, word by word: the chance that a roundup uses
//! each of the story's words at least once, twice, three times, by three things the story shows —
//! in how many of its articles the word appears, how many of its headlines use it, and whether it
//! is a function word. The table is counted on NeuS train by `train-summary` (no tuning) and built
//! in; the summary takes the sentences that most raise the expected ROUGE-1 F of what the brief
//! says against such a roundup, which also tells it when to stop.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use storyweave_text::{fold_into, is_stopword, strip_inflection, words};

/// Uses of one word the table tells apart; a word said more often counts as its last.
pub const USES: usize = 3;
/// Article shares (under half, at least half, all) × headline shares (none, some, at least half)
/// × function word or not: shares, not counts, so a story of many articles reads like one of three.
const CELLS: usize = 3 * 3 * 2;
const ARTICLES: [&str; 3] = ["few", "half", "all"];
const HEADLINES: [&str; 3] = ["none", "some", "half"];
const KINDS: [&str; 2] = ["content", "function"];

/// The tokens a roundup is matched on: folded words, inflections stripped, function words kept
/// (ROUGE counts them too).
pub fn tokens(text: &str) -> Vec<String> {
    let mut folded = String::new();
    words(text)
        .map(|w| {
            fold_into(w, &mut folded);
            strip_inflection(&folded)
        })
        .collect()
}

/// Which cell of the table a word of a story falls in.
fn cell(in_articles: usize, articles: usize, in_headlines: usize, headlines: usize, function: bool) -> usize {
    let a = if in_articles >= articles { 2 } else { usize::from(2 * in_articles >= articles) };
    let h = if in_headlines == 0 {
        0
    } else if 2 * in_headlines >= headlines {
        2
    } else {
        1
    };
    (a * HEADLINES.len() + h) * KINDS.len() + usize::from(function)
}

/// Each word of one story with its cell.
fn cells(articles: &[&str], headlines: &[&str]) -> HashMap<String, usize> {
    // In how many of the texts each word appears: one pass over each text's own words, so a
    // story of many articles costs its words, not its words times its articles.
    let using = |texts: &[&str]| -> HashMap<String, usize> {
        // Per word: the texts using it, and the last text counted.
        let mut n: HashMap<String, (usize, usize)> = HashMap::new();
        for (i, t) in texts.iter().enumerate() {
            for w in tokens(t) {
                let e = n.entry(w).or_insert((0, usize::MAX));
                if e.1 != i {
                    *e = (e.0 + 1, i);
                }
            }
        }
        n.into_iter().map(|(w, (count, _))| (w, count)).collect()
    };
    let (in_articles, in_headlines) = (using(articles), using(headlines));
    let words: HashSet<&String> = in_articles.keys().chain(in_headlines.keys()).collect();
    words
        .into_iter()
        .map(|w| {
            let a = in_articles.get(w).copied().unwrap_or(0);
            let h = in_headlines.get(w).copied().unwrap_or(0);
            (w.clone(), cell(a, articles.len().max(1), h, headlines.len().max(1), is_stopword(w)))
        })
        .collect()
}

/// The chance of a roundup using a word of each cell at least 1..=[`USES`] times.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    chance: [[f32; USES]; CELLS],
}

impl Table {
    /// The table built in (`crates/brief/roundup.tsv`).
    pub fn built_in() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(|| {
            Table::parse(include_str!("../roundup.tsv")).expect("the built-in roundup table parses")
        })
    }

    /// Read the text [`Table::to_text`] writes; `None` when a cell is missing or malformed.
    pub fn parse(text: &str) -> Option<Table> {
        let mut chance = [[f32::NAN; USES]; CELLS];
        for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 3 + USES {
                return None;
            }
            let a = ARTICLES.iter().position(|x| *x == f[0])?;
            let h = HEADLINES.iter().position(|x| *x == f[1])?;
            let k = KINDS.iter().position(|x| *x == f[2])?;
            let row = &mut chance[(a * HEADLINES.len() + h) * KINDS.len() + k];
            for (c, v) in row.iter_mut().zip(&f[3..]) {
                *c = v.parse().ok().filter(|p: &f32| (0.0..=1.0).contains(p))?;
            }
        }
        chance.iter().flatten().all(|p| !p.is_nan()).then_some(Table { chance })
    }

    /// One line per cell: article share, headline share, kind, then the chances.
    pub fn to_text(&self) -> String {
        let mut out = String::from(
            "# storyweave roundup table (train-summary): a word's chance of being used at least 1, 2, 3 times\n\
             # in an editor's roundup, by the share of the story's articles and headlines using it and its kind\n\
             # articles\theadlines\tkind\tonce\ttwice\tthrice\n",
        );
        for (a, an) in ARTICLES.iter().enumerate() {
            for (h, hn) in HEADLINES.iter().enumerate() {
                for (k, kn) in KINDS.iter().enumerate() {
                    let row = &self.chance[(a * HEADLINES.len() + h) * KINDS.len() + k];
                    let ps: Vec<String> = row.iter().map(|p| format!("{p:.4}")).collect();
                    out.push_str(&format!("{an}\t{hn}\t{kn}\t{}\n", ps.join("\t")));
                }
            }
        }
        out
    }
}

/// Counts toward a [`Table`]: per cell, the story words seen and how many of them a roundup used
/// at least 1..=[`USES`] times.
#[derive(Debug, Clone, Default)]
pub struct Fit {
    seen: Vec<u64>,
    used: Vec<[u64; USES]>,
}

impl Fit {
    /// Count one story: its articles' texts, their headlines, and the editor's roundup.
    pub fn add(&mut self, articles: &[&str], headlines: &[&str], roundup: &str) {
        if self.seen.is_empty() {
            self.seen = vec![0; CELLS];
            self.used = vec![[0; USES]; CELLS];
        }
        let mut said: HashMap<String, usize> = HashMap::new();
        for t in tokens(roundup) {
            *said.entry(t).or_default() += 1;
        }
        for (w, c) in cells(articles, headlines) {
            self.seen[c] += 1;
            let n = said.get(&w).copied().unwrap_or(0);
            for (k, used) in self.used[c].iter_mut().enumerate() {
                *used += u64::from(n > k);
            }
        }
    }

    /// The chances, lightly smoothed so an empty cell reads as near 0, not undefined.
    pub fn table(&self) -> Table {
        let mut chance = [[0.0; USES]; CELLS];
        for (c, row) in chance.iter_mut().enumerate() {
            let seen = self.seen.get(c).copied().unwrap_or(0) as f64;
            for (k, p) in row.iter_mut().enumerate() {
                let used = self.used.get(c).map_or(0, |u| u[k]) as f64;
                *p = ((used + 0.1) / (seen + 1.0)) as f32;
            }
        }
        Table { chance }
    }
}

/// A text's words as one story's [`Roundup`] knows them: the numbers of those in its cells, and
/// how many words the text has in all.
#[derive(Debug, Clone, Default)]
pub struct Words {
    known: Vec<u32>,
    len: usize,
}

/// One story's words as a roundup would use them, and the words a brief has said so far. Words
/// are numbered once, so that scoring each candidate sentence reads arrays, not string maps.
pub struct Roundup<'t> {
    table: &'t Table,
    number: HashMap<String, u32>,
    /// By word number: its cell, and how often the brief has said it.
    cell: Vec<usize>,
    said: Vec<usize>,
    /// Expected words of the roundup the brief's words meet, and the brief's words.
    matched: f32,
    told: usize,
}

impl<'t> Roundup<'t> {
    pub fn new(table: &'t Table, articles: &[&str], headlines: &[&str]) -> Self {
        let cells = cells(articles, headlines);
        let mut number = HashMap::with_capacity(cells.len());
        let mut cell = Vec::with_capacity(cells.len());
        for (w, c) in cells {
            number.insert(w, cell.len() as u32);
            cell.push(c);
        }
        let said = vec![0; cell.len()];
        Roundup { table, number, cell, said, matched: 0.0, told: 0 }
    }

    /// A text's [`tokens`] as this story's words.
    pub fn words(&self, tokens: &[String]) -> Words {
        Words {
            known: tokens.iter().filter_map(|t| self.number.get(t).copied()).collect(),
            len: tokens.len(),
        }
    }

    /// How many more of the roundup's words `words` are expected to meet, after what is said.
    pub fn gain(&self, words: &Words) -> f32 {
        // A sentence's own repeats, in a list: a sentence has few words.
        let mut extra: Vec<(u32, usize)> = Vec::new();
        let mut gain = 0.0f64;
        for &w in &words.known {
            let here = match extra.iter_mut().find(|(x, _)| *x == w) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    extra.push((w, 1));
                    1
                }
            };
            let k = self.said[w as usize] + here;
            gain += f64::from(self.table.chance[self.cell[w as usize]][k.min(USES) - 1]);
        }
        gain as f32
    }

    /// The expected F-measure against a roundup of `expected` words, once `words` are said too
    /// (a roundup cannot meet more words than it has).
    pub fn f_with(&self, words: &Words, expected: f32) -> f32 {
        let told = (self.told + words.len) as f32 + expected;
        if told == 0.0 {
            0.0
        } else {
            2.0 * (self.matched + self.gain(words)).min(expected) / told
        }
    }

    /// Count `words` as said.
    pub fn say(&mut self, words: &Words) {
        self.matched += self.gain(words);
        self.told += words.len;
        for &w in &words.known {
            self.said[w as usize] += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_shared_by_every_article_and_headline_fall_in_their_own_cell() {
        let c = cells(&["Rain hit the city.", "Rain fell on the city.", "A storm came."], &["Rain in city"]);
        assert_eq!(c["rain"], cell(2, 3, 1, 1, false));
        assert_eq!(c["the"], cell(2, 3, 0, 1, true));
        assert_eq!(c["storm"], cell(1, 3, 0, 1, false));
        assert_ne!(c["rain"], c["storm"]);
        assert_eq!(cell(3, 3, 0, 3, false), (2 * 3) * 2);
        assert_eq!(cell(2, 5, 0, 3, false), cell(1, 3, 0, 3, false), "shares, not counts");
    }

    #[test]
    fn a_fitted_table_reads_back_and_counts_repeats() {
        let mut fit = Fit::default();
        fit.add(&["Rain hit the city.", "Rain fell."], &["Rain again"], "Rain, rain and more rain.");
        let table = fit.table();
        assert_eq!(Table::parse(&table.to_text()), Some(table.clone()));
        // "rain": in every article and the headline, used three times.
        let p = table.chance[cell(2, 2, 1, 1, false)];
        assert!(p[0] > 0.5 && p[2] > 0.5, "{p:?}");
        // "city": in one article, never used.
        assert!(table.chance[cell(1, 2, 0, 1, false)][0] < 0.1);
        assert_eq!(Table::parse("all\tnone\tcontent\t0.5\t0.2\t0.1\n"), None, "cells missing");
    }

    #[test]
    fn a_repeated_word_gains_less_and_saying_it_counts() {
        let table = Table { chance: [[0.8, 0.2, 0.1]; CELLS] };
        let mut r = Roundup::new(&table, &["Rain hit the city."], &[]);
        let rain = r.words(&tokens("rain"));
        assert!((r.gain(&r.words(&tokens("rain rain"))) - 1.0).abs() < 1e-6);
        assert!((r.gain(&r.words(&tokens("snow"))) - 0.0).abs() < 1e-6, "words of no article gain nothing");
        let before = r.f_with(&rain, 10.0);
        r.say(&rain);
        assert!((r.gain(&rain) - 0.2).abs() < 1e-6);
        assert!((r.f_with(&Words::default(), 10.0) - before).abs() < 1e-6);
    }

    #[test]
    fn the_built_in_table_parses_and_favours_shared_words() {
        let t = Table::built_in();
        assert!(t.chance[cell(3, 3, 3, 3, false)][0] > t.chance[cell(1, 3, 0, 3, false)][0]);
    }
}
