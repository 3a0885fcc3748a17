//! ROUGE-1, ROUGE-2 and ROUGE-L as Google's `rouge-score` package (0.1.2) computes them with
//! `RougeScorer([...], use_stemmer=True)`, and the reader for the NeuS (AllSides) summarization set.
//!
//! What `rouge-score` does, and what this module reproduces:
//!
//! - **Tokens**: the text is lowercased (full Unicode lowercasing, so `K` KELVIN SIGN becomes `k`),
//!   every run of characters other than `[a-z0-9]` becomes a space, and the text is split on
//!   spaces. Tokens longer than 3 characters are stemmed with NLTK's `PorterStemmer()`; tokens
//!   that are not `^[a-z0-9]+$` after stemming (none, in practice) are dropped.
//! - **Stemmer**: `rouge_score/tokenizers.py` builds `nltk.stem.porter.PorterStemmer()` with no
//!   argument, which is the `NLTK_EXTENSIONS` mode, not `ORIGINAL_ALGORITHM`: Porter (1980) plus
//!   Martin Porter's later changes (`bli`→`ble`, `logi`→`log`, words of 1–2 letters untouched) plus
//!   NLTK's own (`ies`/`ied` of four-letter words, `y`→`i` only after a consonant, `alli`, `fulli`,
//!   a short irregular-form table, `*o` true of two-letter vowel–consonant stems). [`stem`] is a
//!   port of that mode; the Snowball English stemmer (Porter2, the `rust-stemmers` crate) differs.
//! - **ROUGE-N** (`rouge1`, `rouge2`): n-gram counts; overlap = Σ min(count in prediction, count in
//!   reference); P = overlap / max(prediction n-grams, 1), R = overlap / max(reference n-grams, 1).
//! - **ROUGE-L** (`rougeL`, not the summary-level `rougeLsum`): the longest common subsequence of
//!   the two token lists; P = LCS / prediction tokens, R = LCS / reference tokens (0 when either is
//!   empty).
//! - F = 2PR/(P+R) (0 when P+R = 0). The corpus figure is the plain mean of the per-example F
//!   (what `BootstrapAggregator`'s `mid` estimates), ×100.
//!
//! NeuS files (`{train,val,test}.source` / `.target`, one cluster per line): a source line is three
//! articles joined by ` [SEP] `, each `TITLE=> <headline>. ARTICLE=> <text>`; a target line is
//! the editors' neutral roundup in the same `TITLE=> ... ARTICLE=> ...` form.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{EvalError, Result};
use crate::io::read_text;

// ---------------------------------------------------------------------------------------------
// Porter stemmer, NLTK_EXTENSIONS mode
// ---------------------------------------------------------------------------------------------

/// NLTK's table of irregular forms (NLTK_EXTENSIONS mode), looked up before any rule.
const IRREGULAR: &[(&str, &str)] = &[
    ("sky", "sky"),
    ("skies", "sky"),
    ("dying", "die"),
    ("lying", "lie"),
    ("tying", "tie"),
    ("news", "news"),
    ("innings", "inning"),
    ("inning", "inning"),
    ("outings", "outing"),
    ("outing", "outing"),
    ("cannings", "canning"),
    ("canning", "canning"),
    ("howe", "howe"),
    ("proceed", "proceed"),
    ("exceed", "exceed"),
    ("succeed", "succeed"),
];

/// Whether each letter of `w` is a consonant in Porter's sense: not a vowel, and `y` only when
/// the letter before it is not a consonant (or it starts the word).
fn consonants(w: &[u8]) -> Vec<bool> {
    let mut flags: Vec<bool> = Vec::with_capacity(w.len());
    for (i, &c) in w.iter().enumerate() {
        let cons = match c {
            b'a' | b'e' | b'i' | b'o' | b'u' => false,
            b'y' => i == 0 || !flags[i - 1],
            _ => true,
        };
        flags.push(cons);
    }
    flags
}

fn is_consonant(w: &[u8], i: usize) -> bool {
    consonants(&w[..=i])[i]
}

/// Porter's m: the number of vowel→consonant transitions.
fn measure(stem: &[u8]) -> usize {
    consonants(stem).windows(2).filter(|p| !p[0] && p[1]).count()
}

fn contains_vowel(stem: &[u8]) -> bool {
    consonants(stem).iter().any(|&c| !c)
}

/// `*d`: ends with a double consonant.
fn ends_double_consonant(w: &[u8]) -> bool {
    let n = w.len();
    n >= 2 && w[n - 1] == w[n - 2] && is_consonant(w, n - 1)
}

/// `*o`: ends consonant–vowel–consonant, the last not w, x or y; NLTK also counts a two-letter
/// vowel–consonant stem.
fn ends_cvc(w: &[u8]) -> bool {
    let n = w.len();
    if n >= 3 {
        let f = consonants(w);
        if f[n - 3] && !f[n - 2] && f[n - 1] && !matches!(w[n - 1], b'w' | b'x' | b'y') {
            return true;
        }
    }
    n == 2 && !is_consonant(w, 0) && is_consonant(w, 1)
}

fn positive_measure(stem: &[u8]) -> bool {
    measure(stem) > 0
}

fn measure_gt_1(stem: &[u8]) -> bool {
    measure(stem) > 1
}

fn replace(w: &[u8], suffix_len: usize, replacement: &str) -> Vec<u8> {
    let mut out = w[..w.len() - suffix_len].to_vec();
    out.extend_from_slice(replacement.as_bytes());
    out
}

/// NLTK's `_apply_rule_list`: the first rule whose suffix ends the word decides; when its
/// condition fails the word is returned unchanged (no later rule is tried).
/// A suffix rule: suffix, replacement, condition on the stem left once the suffix is removed.
type Rule<'a> = (&'a str, &'a str, &'a dyn Fn(&[u8]) -> bool);

fn apply_rules(w: &[u8], rules: &[Rule]) -> Vec<u8> {
    for &(suffix, replacement, condition) in rules {
        if w.ends_with(suffix.as_bytes()) {
            let stem = &w[..w.len() - suffix.len()];
            return if condition(stem) { replace(w, suffix.len(), replacement) } else { w.to_vec() };
        }
    }
    w.to_vec()
}

fn always(_: &[u8]) -> bool {
    true
}

fn step1a(w: &[u8]) -> Vec<u8> {
    if w.ends_with(b"ies") && w.len() == 4 {
        return replace(w, 3, "ie");
    }
    apply_rules(
        w,
        &[("sses", "ss", &always), ("ies", "i", &always), ("ss", "ss", &always), ("s", "", &always)],
    )
}

fn step1b(w: &[u8]) -> Vec<u8> {
    if w.ends_with(b"ied") {
        return replace(w, 3, if w.len() == 4 { "ie" } else { "i" });
    }
    if w.ends_with(b"eed") {
        let stem = &w[..w.len() - 3];
        return if measure(stem) > 0 { replace(w, 3, "ee") } else { w.to_vec() };
    }
    let mut stem = None;
    for suffix in [&b"ed"[..], b"ing"] {
        if w.ends_with(suffix) {
            let s = &w[..w.len() - suffix.len()];
            if contains_vowel(s) {
                stem = Some(s);
                break;
            }
        }
    }
    let Some(s) = stem else { return w.to_vec() };
    for (suffix, replacement) in [("at", "ate"), ("bl", "ble"), ("iz", "ize")] {
        if s.ends_with(suffix.as_bytes()) {
            return replace(s, suffix.len(), replacement);
        }
    }
    if ends_double_consonant(s) {
        let last = s[s.len() - 1];
        return if matches!(last, b'l' | b's' | b'z') { s.to_vec() } else { s[..s.len() - 1].to_vec() };
    }
    let mut out = s.to_vec();
    if measure(s) == 1 && ends_cvc(s) {
        out.push(b'e');
    }
    out
}

fn step1c(w: &[u8]) -> Vec<u8> {
    let after_consonant = |stem: &[u8]| stem.len() > 1 && is_consonant(stem, stem.len() - 1);
    apply_rules(w, &[("y", "i", &after_consonant)])
}

fn step2(w: &[u8]) -> Vec<u8> {
    if w.ends_with(b"alli") && positive_measure(&w[..w.len() - 4]) {
        return step2(&replace(w, 4, "al"));
    }
    let logi = |_: &[u8]| positive_measure(&w[..w.len() - 3]);
    apply_rules(
        w,
        &[
            ("ational", "ate", &positive_measure),
            ("tional", "tion", &positive_measure),
            ("enci", "ence", &positive_measure),
            ("anci", "ance", &positive_measure),
            ("izer", "ize", &positive_measure),
            ("bli", "ble", &positive_measure),
            ("alli", "al", &positive_measure),
            ("entli", "ent", &positive_measure),
            ("eli", "e", &positive_measure),
            ("ousli", "ous", &positive_measure),
            ("ization", "ize", &positive_measure),
            ("ation", "ate", &positive_measure),
            ("ator", "ate", &positive_measure),
            ("alism", "al", &positive_measure),
            ("iveness", "ive", &positive_measure),
            ("fulness", "ful", &positive_measure),
            ("ousness", "ous", &positive_measure),
            ("aliti", "al", &positive_measure),
            ("iviti", "ive", &positive_measure),
            ("biliti", "ble", &positive_measure),
            ("fulli", "ful", &positive_measure),
            ("logi", "log", &logi),
        ],
    )
}

fn step3(w: &[u8]) -> Vec<u8> {
    apply_rules(
        w,
        &[
            ("icate", "ic", &positive_measure),
            ("ative", "", &positive_measure),
            ("alize", "al", &positive_measure),
            ("iciti", "ic", &positive_measure),
            ("ical", "ic", &positive_measure),
            ("ful", "", &positive_measure),
            ("ness", "", &positive_measure),
        ],
    )
}

fn step4(w: &[u8]) -> Vec<u8> {
    let ion = |stem: &[u8]| measure(stem) > 1 && matches!(stem.last(), Some(b's' | b't'));
    apply_rules(
        w,
        &[
            ("al", "", &measure_gt_1),
            ("ance", "", &measure_gt_1),
            ("ence", "", &measure_gt_1),
            ("er", "", &measure_gt_1),
            ("ic", "", &measure_gt_1),
            ("able", "", &measure_gt_1),
            ("ible", "", &measure_gt_1),
            ("ant", "", &measure_gt_1),
            ("ement", "", &measure_gt_1),
            ("ment", "", &measure_gt_1),
            ("ent", "", &measure_gt_1),
            ("ion", "", &ion),
            ("ou", "", &measure_gt_1),
            ("ism", "", &measure_gt_1),
            ("ate", "", &measure_gt_1),
            ("iti", "", &measure_gt_1),
            ("ous", "", &measure_gt_1),
            ("ive", "", &measure_gt_1),
            ("ize", "", &measure_gt_1),
        ],
    )
}

fn step5a(w: &[u8]) -> Vec<u8> {
    if let Some(stem) = w.strip_suffix(b"e") {
        let m = measure(stem);
        if m > 1 || (m == 1 && !ends_cvc(stem)) {
            return stem.to_vec();
        }
    }
    w.to_vec()
}

fn step5b(w: &[u8]) -> Vec<u8> {
    if w.ends_with(b"ll") && measure(&w[..w.len() - 1]) > 1 {
        return w[..w.len() - 1].to_vec();
    }
    w.to_vec()
}

/// Stem one word as NLTK's `PorterStemmer()` (default `NLTK_EXTENSIONS` mode) does. The word is
/// lowercased first (as NLTK does); words of one or two characters are returned as they are.
/// Meant for the `[a-z0-9]` tokens of [`tokenize`] (digits count as consonants); a word with
/// other characters is only lowercased.
pub fn stem(word: &str) -> String {
    let lower = word.to_lowercase();
    if let Some(&(_, s)) = IRREGULAR.iter().find(|(w, _)| *w == lower) {
        return s.to_string();
    }
    if word.chars().count() <= 2 || !lower.is_ascii() {
        return lower;
    }
    let mut w = step1a(lower.as_bytes());
    for step in [step1b, step1c, step2, step3, step4, step5a, step5b] {
        w = step(&w);
    }
    String::from_utf8(w).expect("ASCII in, ASCII out")
}

// ---------------------------------------------------------------------------------------------
// Tokens and scores
// ---------------------------------------------------------------------------------------------

/// `rouge-score`'s default tokenizer with `use_stemmer=True`: lowercase, runs of `[a-z0-9]`, and
/// tokens longer than 3 characters Porter-stemmed.
pub fn tokenize(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit()))
        .filter(|t| !t.is_empty())
        .map(|t| if t.len() > 3 { stem(t) } else { t.to_string() })
        .collect()
}

/// Precision, recall and F-measure of one ROUGE variant for one example, in 0..1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub fmeasure: f64,
}

impl Prf {
    fn new(precision: f64, recall: f64) -> Self {
        let fmeasure =
            if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Prf { precision, recall, fmeasure }
    }
}

/// The three variants for one (prediction, reference) pair.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairScore {
    pub rouge1: Prf,
    pub rouge2: Prf,
    #[serde(rename = "rougeL")]
    pub rouge_l: Prf,
}

/// Corpus figures: mean per-example F-measure ×100 (0..100), as DESIGN §5 reports them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RougeScore {
    pub rouge1: f64,
    pub rouge2: f64,
    #[serde(rename = "rougeL")]
    pub rouge_l: f64,
    /// Pairs averaged over.
    pub examples: usize,
}

fn ngram_counts(tokens: &[u32], n: usize) -> HashMap<&[u32], u32> {
    let mut counts = HashMap::new();
    if tokens.len() >= n {
        for w in tokens.windows(n) {
            *counts.entry(w).or_insert(0) += 1;
        }
    }
    counts
}

fn ngram_score(reference: &[u32], prediction: &[u32], n: usize) -> Prf {
    let (r, p) = (ngram_counts(reference, n), ngram_counts(prediction, n));
    let overlap: u32 = r.iter().map(|(k, &c)| c.min(p.get(k).copied().unwrap_or(0))).sum();
    let r_total: u32 = r.values().sum();
    let p_total: u32 = p.values().sum();
    Prf::new(f64::from(overlap) / f64::from(p_total.max(1)), f64::from(overlap) / f64::from(r_total.max(1)))
}

/// Length of the longest common subsequence (two-row dynamic programme).
fn lcs_len(a: &[u32], b: &[u32]) -> usize {
    let mut prev = vec![0usize; b.len() + 1];
    let mut cur = vec![0usize; b.len() + 1];
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = if x == y { prev[j] + 1 } else { prev[j + 1].max(cur[j]) };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// Score one prediction against one reference.
pub fn score_pair(prediction: &str, reference: &str) -> PairScore {
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut intern = |text: &str| -> Vec<u32> {
        tokenize(text)
            .into_iter()
            .map(|t| {
                let next = ids.len() as u32;
                *ids.entry(t).or_insert(next)
            })
            .collect()
    };
    let (r, p) = (intern(reference), intern(prediction));
    let rouge_l = if r.is_empty() || p.is_empty() {
        Prf::new(0.0, 0.0)
    } else {
        let lcs = lcs_len(&r, &p) as f64;
        Prf::new(lcs / p.len() as f64, lcs / r.len() as f64)
    };
    PairScore { rouge1: ngram_score(&r, &p, 1), rouge2: ngram_score(&r, &p, 2), rouge_l }
}

/// Mean F-measure ×100 over (prediction, reference) pairs; all zeros for no pairs.
pub fn score(pairs: &[(String, String)]) -> RougeScore {
    let (mut r1, mut r2, mut rl) = (0.0, 0.0, 0.0);
    for (prediction, reference) in pairs {
        let s = score_pair(prediction, reference);
        r1 += s.rouge1.fmeasure;
        r2 += s.rouge2.fmeasure;
        rl += s.rouge_l.fmeasure;
    }
    let n = pairs.len().max(1) as f64;
    RougeScore {
        rouge1: 100.0 * r1 / n,
        rouge2: 100.0 * r2 / n,
        rouge_l: 100.0 * rl / n,
        examples: pairs.len(),
    }
}

// ---------------------------------------------------------------------------------------------
// NeuS reader
// ---------------------------------------------------------------------------------------------

/// One article of a cluster, or a reference roundup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeusArticle {
    /// The headline, without the `.` the format appends to it (empty when the part has no
    /// `TITLE=>`).
    pub title: String,
    /// The text after `ARTICLE=>` (AllSides shows a lead or description, not the full article).
    pub text: String,
}

/// One cluster: the left, center and right articles (in the file's random order) and the
/// editors' neutral roundup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeusExample {
    pub articles: Vec<NeusArticle>,
    /// The target line as the file has it: `TITLE=> <headline>. ARTICLE=> <summary>`.
    pub target: String,
    /// The target line parsed.
    pub reference: NeusArticle,
}

impl NeusExample {
    /// The reference to score against: the roundup's headline and summary, without the
    /// `TITLE=>`/`ARTICLE=>` markers (which would otherwise count as the words `title` and
    /// `article`). The average over the val split is 74 words, the length SOURCE.md gives for the
    /// references of its published table.
    pub fn reference_text(&self) -> String {
        match (self.reference.title.is_empty(), self.reference.text.is_empty()) {
            (true, _) => self.reference.text.clone(),
            (false, true) => format!("{}.", self.reference.title),
            (false, false) => format!("{}. {}", self.reference.title, self.reference.text),
        }
    }
}

/// Parse `TITLE=> <headline>. ARTICLE=> <text>`; a part without the markers is all text.
pub fn parse_article(part: &str) -> NeusArticle {
    let part = part.trim();
    if let Some(rest) = part.strip_prefix("TITLE=>") {
        let (title, text) = match rest.split_once("ARTICLE=>") {
            Some((t, a)) => (t.trim(), a.trim()),
            None => (rest.trim(), ""),
        };
        let title = title.strip_suffix('.').unwrap_or(title).trim_end();
        return NeusArticle { title: title.to_string(), text: text.to_string() };
    }
    let text = part.strip_prefix("ARTICLE=>").unwrap_or(part).trim();
    NeusArticle { title: String::new(), text: text.to_string() }
}

/// `NAME.source` / `NAME.target` in `dir`, or in `dir/data` (the layout of the NeuS repository).
fn split_paths(dir: &Path, name: &str) -> Result<(PathBuf, PathBuf)> {
    for base in [dir.to_path_buf(), dir.join("data")] {
        let source = base.join(format!("{name}.source"));
        if source.is_file() {
            return Ok((source, base.join(format!("{name}.target"))));
        }
    }
    Err(EvalError::format(
        dir,
        format!("no `{name}.source` here or in data/ (NeuS splits: train, val, test)"),
    ))
}

fn lines(text: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines
}

/// Read one NeuS split: line i of `NAME.source` (articles joined by ` [SEP] `) with line i of
/// `NAME.target`. The two files must have the same number of lines, none of them blank.
pub fn read_split(dir: &Path, name: &str) -> Result<Vec<NeusExample>> {
    let (source_path, target_path) = split_paths(dir, name)?;
    let source = read_text(&source_path)?;
    let target = read_text(&target_path)?;
    let (sources, targets) = (lines(&source), lines(&target));
    if sources.len() != targets.len() {
        return Err(EvalError::format(
            &target_path,
            format!("{} lines, but {} has {}", targets.len(), source_path.display(), sources.len()),
        ));
    }
    let mut examples = Vec::with_capacity(sources.len());
    for (i, (s, t)) in sources.iter().zip(&targets).enumerate() {
        if s.trim().is_empty() {
            return Err(EvalError::record(&source_path, i + 1, "blank line"));
        }
        if t.trim().is_empty() {
            return Err(EvalError::record(&target_path, i + 1, "blank line"));
        }
        let articles = s.split("[SEP]").map(parse_article).collect();
        examples.push(NeusExample { articles, target: t.to_string(), reference: parse_article(t) });
    }
    Ok(examples)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stems from Porter (1980)'s own examples and from NLTK's extensions, each checked against
    /// `nltk.stem.porter.PorterStemmer()` 3.10.
    #[test]
    fn porter_stems_as_nltk() {
        let pairs = [
            // Step 1a
            ("caresses", "caress"),
            ("ponies", "poni"),
            ("ties", "tie"),
            ("caress", "caress"),
            ("cats", "cat"),
            // Step 1b
            ("feed", "feed"),
            ("agreed", "agre"),
            ("plastered", "plaster"),
            ("bled", "bled"),
            ("motoring", "motor"),
            ("sing", "sing"),
            ("conflated", "conflat"),
            ("troubled", "troubl"),
            ("sized", "size"),
            ("hopping", "hop"),
            ("tanned", "tan"),
            ("falling", "fall"),
            ("hissing", "hiss"),
            ("fizzed", "fizz"),
            ("failing", "fail"),
            ("filing", "file"),
            // Step 1c
            ("happy", "happi"),
            ("sky", "sky"),
            ("enjoy", "enjoy"),
            ("spy", "spi"),
            // Step 2
            ("relational", "relat"),
            ("conditional", "condit"),
            ("rational", "ration"),
            ("valenci", "valenc"),
            ("hesitanci", "hesit"),
            ("digitizer", "digit"),
            ("conformabli", "conform"),
            ("radicalli", "radic"),
            ("differentli", "differ"),
            ("vileli", "vile"),
            ("analogousli", "analog"),
            ("vietnamization", "vietnam"),
            ("predication", "predic"),
            ("operator", "oper"),
            ("feudalism", "feudal"),
            ("decisiveness", "decis"),
            ("hopefulness", "hope"),
            ("callousness", "callous"),
            ("formaliti", "formal"),
            ("sensitiviti", "sensit"),
            ("sensibiliti", "sensibl"),
            // Step 3
            ("triplicate", "triplic"),
            ("formative", "form"),
            ("formalize", "formal"),
            ("electriciti", "electr"),
            ("electrical", "electr"),
            ("hopeful", "hope"),
            ("goodness", "good"),
            // Step 4
            ("revival", "reviv"),
            ("allowance", "allow"),
            ("inference", "infer"),
            ("airliner", "airlin"),
            ("gyroscopic", "gyroscop"),
            ("adjustable", "adjust"),
            ("defensible", "defens"),
            ("irritant", "irrit"),
            ("replacement", "replac"),
            ("adjustment", "adjust"),
            ("dependent", "depend"),
            ("adoption", "adopt"),
            ("homologou", "homolog"),
            ("communism", "commun"),
            ("activate", "activ"),
            ("angulariti", "angular"),
            ("homologous", "homolog"),
            ("effective", "effect"),
            ("bowdlerize", "bowdler"),
            // Step 5
            ("probate", "probat"),
            ("rate", "rate"),
            ("cease", "ceas"),
            ("controlling", "control"),
            ("roll", "roll"),
            // NLTK extensions and the irregular table
            ("dies", "die"),
            ("died", "die"),
            ("spied", "spi"),
            ("flies", "fli"),
            ("dying", "die"),
            ("news", "news"),
            ("innings", "inning"),
            ("proceed", "proceed"),
            ("generously", "gener"),
            ("hopefully", "hope"),
            ("analogies", "analog"),
            ("archaeology", "archaeolog"),
            // Other words
            ("generalizations", "gener"),
            ("oscillators", "oscil"),
            ("president", "presid"),
            ("presidential", "presidenti"),
            ("democrats", "democrat"),
            ("republicans", "republican"),
            ("investigation", "investig"),
            ("announced", "announc"),
            ("coronavirus", "coronaviru"),
            ("2020s", "2020"),
            ("yyyy", "yyyi"),
            ("as", "as"),
        ];
        let wrong: Vec<String> = pairs
            .iter()
            .filter(|(w, s)| stem(w) != *s)
            .map(|(w, s)| format!("{w}: got {}, want {s}", stem(w)))
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn tokens_as_rouge_score() {
        assert_eq!(
            tokenize("The Senate's vote, 51-49: a \"landslide\"?  Démocrats KELVIN\u{212a}"),
            ["the", "senat", "s", "vote", "51", "49", "a", "landslid", "d", "mocrat", "kelvink"]
        );
        assert!(tokenize("— … ").is_empty());
    }

    /// Cases from `rouge_scorer_test.py` (without stemming there, but these words do not stem).
    #[test]
    fn scores_as_rouge_score() {
        let s = score_pair("testing one two", "testing one");
        assert!((s.rouge1.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.rouge1.recall - 1.0).abs() < 1e-12);
        assert!((s.rouge2.precision - 0.5).abs() < 1e-12 && (s.rouge2.recall - 1.0).abs() < 1e-12);
        // LCS of "w1 w2 w3 w4 w5" and "w1 w6 w2 w7 w3 w8" (ROUGE paper's example shape) is 3.
        let s = score_pair("a f b g c h", "a b c d e");
        assert!((s.rouge_l.precision - 0.5).abs() < 1e-12 && (s.rouge_l.recall - 0.6).abs() < 1e-12);
        // Counts clip: "the the the" against "the cat".
        let s = score_pair("the the the", "the cat");
        assert!((s.rouge1.precision - 1.0 / 3.0).abs() < 1e-12 && (s.rouge1.recall - 0.5).abs() < 1e-12);
        // Stemming makes inflections match.
        assert_eq!(score_pair("Democrats announced", "democrat announces").rouge1.fmeasure, 1.0);
        // Empty sides score 0, not NaN.
        let s = score_pair("", "something");
        assert_eq!((s.rouge1.fmeasure, s.rouge2.fmeasure, s.rouge_l.fmeasure), (0.0, 0.0, 0.0));
        let s = score_pair("one", "one");
        assert_eq!((s.rouge1.fmeasure, s.rouge2.fmeasure, s.rouge_l.fmeasure), (1.0, 0.0, 1.0));
    }

    #[test]
    fn corpus_mean_times_100() {
        let pairs = vec![("a b".to_string(), "a b".to_string()), ("x".to_string(), "y".to_string())];
        let s = score(&pairs);
        assert_eq!((s.rouge1, s.rouge_l, s.examples), (50.0, 50.0, 2));
        assert_eq!(score(&[]).examples, 0);
        assert_eq!(score(&[]).rouge1, 0.0);
    }

    #[test]
    fn neus_lines_parse() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        std::fs::write(
            dir.path().join("data/val.source"),
            "TITLE=> A b?. ARTICLE=> Left text. [SEP] TITLE=> C. ARTICLE=> Center. [SEP] TITLE=> D. ARTICLE=> Right.\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("data/val.target"), "TITLE=> Neutral. ARTICLE=> Summary here.\n")
            .unwrap();
        let ex = read_split(dir.path(), "val").unwrap();
        assert_eq!(ex.len(), 1);
        assert_eq!(ex[0].articles.len(), 3);
        assert_eq!(ex[0].articles[0], NeusArticle { title: "A b?".into(), text: "Left text.".into() });
        assert_eq!(ex[0].articles[2].text, "Right.");
        assert_eq!(ex[0].reference_text(), "Neutral. Summary here.");
        assert_eq!(ex[0].target, "TITLE=> Neutral. ARTICLE=> Summary here.");
        let err = read_split(dir.path(), "test").unwrap_err().to_string();
        assert!(err.contains("test.source"), "{err}");
        std::fs::write(dir.path().join("data/val.target"), "a\nb\n").unwrap();
        let err = read_split(dir.path(), "val").unwrap_err().to_string();
        assert!(err.contains("2 lines"), "{err}");
    }
}
