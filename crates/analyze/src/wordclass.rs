//! Word classes without a tagger: a folded word's usual part of speech, coarse (noun, proper noun,
//! verb, adverb, adjective, pronoun, determiner, preposition, conjunction, number), read from a
//! table counted on the part-of-speech column of CoNLL-2003's English training set
//! (`train-wordclass`, in the `storyweave` package, reproduces `wordclass.tsv` byte for byte).
//!
//! The table keeps each word seen at least [`MIN_COUNT`] times whose classes the suffix rule would
//! not guess: its most frequent class and the next one when it has at least a quarter of the
//! word's uses ("report": noun, verb). Words it lacks take the class of their last three or two
//! letters as counted over the rarer words written in lower case (`~ing`: verb), else noun. One hash lookup a word.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use storyweave_tagger::features::fnv;
use storyweave_text::IdHasher;

/// A coarse word class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Class {
    Noun,
    Proper,
    Verb,
    Adverb,
    Adjective,
    Pronoun,
    Determiner,
    Preposition,
    Conjunction,
    Number,
    Other,
}

const CLASSES: [(Class, char); 11] = [
    (Class::Noun, 'N'),
    (Class::Proper, 'P'),
    (Class::Verb, 'V'),
    (Class::Adverb, 'R'),
    (Class::Adjective, 'J'),
    (Class::Pronoun, 'O'),
    (Class::Determiner, 'D'),
    (Class::Preposition, 'I'),
    (Class::Conjunction, 'C'),
    (Class::Number, 'M'),
    (Class::Other, 'X'),
];

impl Class {
    fn letter(self) -> char {
        CLASSES[self as usize].1
    }

    fn from_letter(c: char) -> Option<Class> {
        CLASSES.iter().find(|&&(_, l)| l == c).map(|&(k, _)| k)
    }

    /// The coarse class of a Penn Treebank tag (`None`: not a word's tag, e.g. `-X-`).
    fn of_tag(tag: &str) -> Option<Class> {
        Some(match tag {
            "NN" | "NNS" => Class::Noun,
            "NNP" | "NNPS" => Class::Proper,
            "VB" | "VBD" | "VBG" | "VBN" | "VBP" | "VBZ" | "MD" => Class::Verb,
            "RB" | "RBR" | "RBS" | "WRB" => Class::Adverb,
            "JJ" | "JJR" | "JJS" => Class::Adjective,
            "PRP" | "PRP$" | "WP" | "WP$" | "EX" => Class::Pronoun,
            "DT" | "PDT" | "WDT" => Class::Determiner,
            "IN" | "TO" | "RP" => Class::Preposition,
            "CC" => Class::Conjunction,
            "CD" => Class::Number,
            "-X-" => return None,
            _ => Class::Other,
        })
    }
}

/// A word's classes: the usual one and, when the word often has another, that one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Classes {
    pub main: Class,
    pub also: Option<Class>,
}

impl Classes {
    /// Whether the word is or is often of class `c`.
    pub fn has(self, c: Class) -> bool {
        self.main == c || self.also == Some(c)
    }
}

/// Words seen fewer times are left to the suffix rule.
pub const MIN_COUNT: usize = 3;
/// A second class is kept when it has at least this share of a word's uses.
const SECOND_SHARE: f64 = 0.25;

/// The table (see the module documentation).
static TABLE: &str = include_str!("../wordclass.tsv");

type Map = HashMap<u64, Classes, BuildHasherDefault<IdHasher>>;

fn table() -> &'static Map {
    static MAP: OnceLock<Map> = OnceLock::new();
    MAP.get_or_init(|| parse(TABLE))
}

fn parse(text: &str) -> Map {
    word_table(text, |letters| {
        let mut cs = letters.chars().filter_map(Class::from_letter);
        cs.next().map(|main| Classes { main, also: cs.next() })
    })
}

/// A committed `word \t value` table (this one, the word clusters) keyed by the word's [`fnv`]
/// hash; `value` reads a line's value, and a line it turns down is left out.
pub(crate) fn word_table<V>(
    text: &str,
    value: impl Fn(&str) -> Option<V>,
) -> HashMap<u64, V, BuildHasherDefault<IdHasher>> {
    text.lines()
        .filter_map(|line| {
            let (w, v) = line.split_once('\t')?;
            Some((fnv(w), value(v)?))
        })
        .collect()
}

/// The classes of a folded word (lower case, as the quote finder folds its tokens).
pub fn classes(w: &str) -> Classes {
    lookup(table(), w)
}

fn lookup(map: &Map, w: &str) -> Classes {
    if let Some(&c) = map.get(&fnv(w)) {
        return c;
    }
    if w.chars().any(|c| c.is_ascii_digit()) {
        return Classes { main: Class::Number, also: None };
    }
    let mut key = String::with_capacity(4);
    for n in [3, 2] {
        let Some(cut) = w.char_indices().rev().nth(n - 1).map(|(i, _)| i) else { continue };
        if cut == 0 {
            continue;
        }
        key.clear();
        key.push('~');
        key.push_str(&w[cut..]);
        if let Some(&c) = map.get(&fnv(&key)) {
            return c;
        }
    }
    Classes { main: Class::Noun, also: None }
}

/// The usual class of a word.
pub fn class(w: &str) -> Class {
    classes(w).main
}

/// The classes of counts per class, most frequent first (ties by class order).
fn reduce(counts: &HashMap<Class, usize>) -> Option<Classes> {
    let total: usize = counts.values().sum();
    let mut ranked: Vec<(Class, usize)> = counts.iter().map(|(&c, &n)| (c, n)).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let &(main, _) = ranked.first()?;
    let also = ranked.get(1).filter(|&&(_, n)| n as f64 >= SECOND_SHARE * total as f64).map(|&(c, _)| c);
    Some(Classes { main, also })
}

fn letters(c: Classes) -> String {
    std::iter::once(c.main).chain(c.also).map(Class::letter).collect()
}

/// Count the table from CoNLL-2003 lines (`word POS chunk NER`): the text of `wordclass.tsv`,
/// sorted, the same for the same input.
pub fn build(conll: &str) -> String {
    let mut words: HashMap<String, HashMap<Class, usize>> = HashMap::new();
    // The rarer words written in lower case, for the suffix rule (the rest are mostly names, which
    // capitals tell apart anyway).
    let mut lower: HashMap<String, HashMap<Class, usize>> = HashMap::new();
    for line in conll.lines() {
        let mut cols = line.split(' ');
        let (Some(w), Some(tag)) = (cols.next(), cols.next()) else { continue };
        let Some(c) = Class::of_tag(tag) else { continue };
        let folded = storyweave_text::words::fold(w);
        let folded = folded.strip_suffix('.').unwrap_or(&folded);
        if folded.is_empty() {
            continue;
        }
        *words.entry(folded.to_string()).or_default().entry(c).or_default() += 1;
        if w.starts_with(|ch: char| ch.is_lowercase()) {
            *lower.entry(folded.to_string()).or_default().entry(c).or_default() += 1;
        }
    }
    // The suffix rule, counted over the rarer words (those the table leaves out).
    let mut suffixes: HashMap<String, HashMap<Class, usize>> = HashMap::new();
    for (w, counts) in &lower {
        let n: usize = words.get(w).map_or(0, |c| c.values().sum());
        if n >= MIN_COUNT || w.chars().any(|c| c.is_ascii_digit() || !c.is_alphanumeric()) {
            continue;
        }
        for k in [3, 2] {
            let Some(cut) = w.char_indices().rev().nth(k - 1).map(|(i, _)| i) else { continue };
            if cut == 0 {
                continue;
            }
            let entry = suffixes.entry(format!("~{}", &w[cut..])).or_default();
            for (&c, &m) in counts {
                *entry.entry(c).or_default() += m;
            }
        }
    }
    // Only suffixes seen five times or more that say something other than the fallback (noun).
    let mut rows: Vec<(String, Classes)> = suffixes
        .iter()
        .filter(|(_, counts)| counts.values().sum::<usize>() >= 5)
        .filter_map(|(s, counts)| Some((s.clone(), reduce(counts)?)))
        .filter(|(_, c)| *c != Classes { main: Class::Noun, also: None })
        .collect();
    let suffix_rule: Map = rows.iter().map(|(s, c)| (fnv(s), *c)).collect();
    for (w, counts) in &words {
        if counts.values().sum::<usize>() < MIN_COUNT {
            continue;
        }
        let Some(c) = reduce(counts) else { continue };
        if lookup(&suffix_rule, w) != c {
            rows.push((w.clone(), c));
        }
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows.iter().map(|(w, c)| format!("{w}\t{}\n", letters(*c))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_knows_common_words() {
        assert_eq!(class("the"), Class::Determiner);
        assert_eq!(class("he"), Class::Pronoun);
        assert_eq!(class("said"), Class::Verb);
        assert_eq!(class("universally"), Class::Adverb);
        assert_eq!(class("government"), Class::Noun);
        assert_eq!(class("1996"), Class::Number);
    }

    #[test]
    fn counting_keeps_second_classes_and_suffixes() {
        // Invented lines: "plomp" is a noun three times and a verb twice, rare words in "-ily"
        // adverbs, "zork" always a noun (left to the fallback).
        let mut text = String::new();
        for (w, t, n) in [
            ("plomp", "NN", 3),
            ("plomp", "VB", 2),
            ("snazzily", "RB", 2),
            ("bouncily", "RB", 2),
            ("grumpily", "RB", 2),
            ("zork", "NN", 4),
        ] {
            for _ in 0..n {
                text.push_str(&format!("{w} {t} O O\n"));
            }
        }
        let table = build(&text);
        assert_eq!(table, build(&text));
        let map = parse(&table);
        assert_eq!(lookup(&map, "plomp"), Classes { main: Class::Noun, also: Some(Class::Verb) });
        assert_eq!(lookup(&map, "wobbily").main, Class::Adverb);
        assert!(!table.contains("zork"));
        assert_eq!(lookup(&map, "zork").main, Class::Noun);
    }
}
