//! Statement alignment: sentences of different articles that state the same fact.
//!
//! Each sentence becomes a set of features: its content words with their inflections stripped
//! ("agreed"/"agree", "talks"/"talk"), the story entities it mentions (so "Zelensky" and
//! "Volodymyr Zelenskyy" are one feature), its figures and its dated times. Features are
//! weighed by how telling they are within the story: inverse document frequency over the
//! story's sentences, so words every sentence shares say little. Two sentences are compared
//! as wholes (weighted Dice) and clause by clause, since a paraphrase often reorders clauses or
//! wraps one fact in a longer sentence ("The two leaders agreed to hold a meeting of senior
//! advisers next week, led by Marco Rubio, ..."). Two sentences align only when they share a
//! telling anchor (an entity, a figure, a date or a rare word), so generic sentences ("he
//! said the talks were productive") stay apart.
//!
//! Groups form from the best-matching pairs down; two groups merge only when every pair of
//! their members fits (no chains through one middling member), and a group holds at most one
//! sentence per article. Each group counts its independent newsrooms: articles that are copies
//! of one wire story count as one.

use std::collections::{HashMap, HashSet};

use storyweave_model::{Analysis, DedupReport, EntityKind, SentenceRef, Statement};

use crate::content_words;

/// Similarity at or above which two sentences state the same fact.
pub const SAME_FACT: f32 = 0.3;

/// Every pair of members of one group is at least this similar.
const GROUP_FLOOR: f32 = 0.3;

/// Sentences with fewer content words than this are too thin to align.
const MIN_WORDS: usize = 4;

/// A clause pair counts only with at least this many shared words (names aside).
const CLAUSE_SHARED: usize = 2;

/// Clause-level matches weigh this much of a whole-sentence match.
const CLAUSE_FACTOR: f32 = 0.9;

/// A word in at most this share of the story's sentences is rare enough to anchor a match.
const RARE_WORD: f32 = 0.08;

/// Named entities, figures and dates count this much more than a word of the same rarity.
const ANCHOR_BOOST: f32 = 1.5;

/// A word in at least this share of the sentences naming a person is part of their title.
const TITLE_SHARE: f32 = 0.6;

/// Most candidate pairs examined per story, so a huge story stays affordable.
const MAX_PAIRS: usize = 400_000;

/// A feature of a sentence: a word stem, a story entity, a figure or a dated time.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Feature {
    Word(String),
    Entity(usize),
    Figure(String),
    Time(String),
}

/// One sentence's features, whole and per clause.
struct Unit {
    doc: usize,
    sentence: usize,
    words: usize,
    /// The people and bodies it names (story entity ids), whose titles say no fact.
    people: Vec<usize>,
    features: HashSet<Feature>,
    clauses: Vec<HashSet<Feature>>,
}

/// A folded word with its common English inflection stripped, and a final silent "e" or
/// doubled consonant dropped so that "agree"/"agreed" and "stop"/"stopped" meet.
pub fn light_stem(w: &str) -> String {
    let n = w.chars().count();
    if n <= 3 {
        return w.to_string();
    }
    if let Some(&(_, base)) = IRREGULAR.iter().find(|(form, _)| *form == w) {
        return base.to_string();
    }
    if let Some(b) = w.strip_suffix("ies").or_else(|| w.strip_suffix("ied")) {
        if b.chars().count() >= 2 {
            return format!("{b}y");
        }
    }
    // A plural first, then a verb ending: "meetings" -> "meeting" -> "meet".
    let mut base = w.to_string();
    for suffixes in [&["es", "s"][..], &["ing", "ed"][..]] {
        for suffix in suffixes {
            if let Some(b) = base.strip_suffix(suffix) {
                if b.chars().count() >= 3 && !b.ends_with('s') {
                    base = b.to_string();
                    break;
                }
            }
        }
    }
    // Every final "e" goes: "agree", "agreed" and "agreeing" all become "agr".
    while base.chars().count() > 3 && base.ends_with('e') {
        base.pop();
    }
    let chars: Vec<char> = base.chars().collect();
    if let [.., x, y] = chars.as_slice() {
        if x == y && !"aeiouls".contains(*x) && chars.len() > 3 {
            base.pop();
        }
    }
    base
}

/// Irregular verb forms common in news, and their base.
const IRREGULAR: [(&str, &str); 24] = [
    ("led", "lead"),
    ("met", "meet"),
    ("held", "hold"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("told", "tell"),
    ("took", "take"),
    ("taken", "take"),
    ("gave", "give"),
    ("given", "give"),
    ("began", "begin"),
    ("begun", "begin"),
    ("fell", "fall"),
    ("fallen", "fall"),
    ("struck", "strike"),
    ("stole", "steal"),
    ("stolen", "steal"),
    ("broke", "break"),
    ("broken", "break"),
    ("fled", "flee"),
    ("killed", "kill"),
    ("won", "win"),
    ("lost", "lose"),
    ("sought", "seek"),
];

/// Byte offsets at which a sentence breaks into clauses: punctuation and clause-opening words.
fn clause_bounds(text: &str) -> Vec<usize> {
    const OPENERS: [&str; 14] = [
        "and", "but", "while", "which", "who", "whom", "where", "when", "after", "before", "because",
        "although", "though", "whereas",
    ];
    let mut cuts = vec![0];
    for (i, c) in text.char_indices() {
        if matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–' | '"' | '“' | '”') {
            cuts.push(i);
        }
    }
    for (i, w) in storyweave_text::word_tokens(text) {
        if OPENERS.contains(&storyweave_text::fold(w).as_str()) {
            cuts.push(i);
        }
    }
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// Longest appositive, in words, taken for a description of a name.
const APPOSITIVE_WORDS: usize = 7;

/// The comma-bounded descriptions next to a name at `start..end` of `text`: "Tomasz Wojcik,
/// the county's emergency coordinator, said" or "the library's director, Ingrid Solvang, said".
fn appositives(text: &str, start: usize, end: usize) -> Vec<&str> {
    let looks_like = |span: &str| {
        let mut ws = storyweave_text::words(span);
        let first = ws.next().map(storyweave_text::fold).unwrap_or_default();
        let n = 1 + ws.count();
        n <= APPOSITIVE_WORDS
            && (matches!(first.as_str(), "the" | "a" | "an" | "its" | "his" | "her" | "their")
                || first.ends_with("'s")
                || first.ends_with("’s"))
    };
    let mut out = Vec::new();
    if let Some(after) = text.get(end..) {
        if let Some(rest) = after.trim_start().strip_prefix(',') {
            let span = rest.split(',').next().unwrap_or_default();
            if looks_like(span) {
                out.push(span);
            }
        }
    }
    if let Some(before) = text.get(..start) {
        if let Some(rest) = before.trim_end().strip_suffix(',') {
            let span = rest.rsplit(',').next().unwrap_or_default();
            if looks_like(span) {
                out.push(span);
            }
        }
    }
    out
}

fn stems(text: &str) -> HashSet<Feature> {
    stems_of(&content_words(text))
}

fn stems_of(words: &HashSet<String>) -> HashSet<Feature> {
    words.iter().map(|w| Feature::Word(light_stem(w))).collect()
}

/// The features of every sentence of the story.
fn units(analyses: &[&Analysis], assigned: &[Vec<Option<usize>>]) -> Vec<Unit> {
    let mut out = Vec::new();
    for (ai, a) in analyses.iter().enumerate() {
        // (sentence) -> [(start, end, feature)]
        let mut located: HashMap<usize, Vec<(usize, usize, Feature)>> = HashMap::new();
        let mut people: HashMap<usize, Vec<usize>> = HashMap::new();
        for (ei, e) in a.entities.iter().enumerate() {
            let Some(Some(id)) = assigned.get(ai).and_then(|v| v.get(ei)) else { continue };
            for m in &e.mentions {
                located.entry(m.sentence).or_default().push((m.start, m.end, Feature::Entity(*id)));
                if e.kind != EntityKind::Place {
                    people.entry(m.sentence).or_default().push(*id);
                }
            }
        }
        for t in &a.times {
            if let Some(v) = &t.value {
                located.entry(t.sentence).or_default().push((t.start, t.end, Feature::Time(v.clone())));
            }
        }
        let mut figures: HashMap<usize, Vec<Feature>> = HashMap::new();
        for f in &a.figures {
            let key = format!("{}{}", f.value, f.unit);
            figures.entry(f.sentence).or_default().push(Feature::Figure(key));
        }
        // Words that name an entity or give its role ("the county's emergency coordinator")
        // belong to the entity feature: an appositive shared by two sentences is no fact.
        let mut named: HashMap<usize, HashSet<Feature>> = HashMap::new();
        for e in &a.entities {
            let role = e.role.as_deref().map(stems).unwrap_or_default();
            for m in &e.mentions {
                let text = a.sentences.get(m.sentence).map(|s| s.text.as_str()).unwrap_or_default();
                let at = named.entry(m.sentence).or_default();
                at.extend(stems(&m.text));
                at.extend(role.iter().cloned());
                for span in appositives(text, m.start, m.end) {
                    at.extend(stems(span));
                }
            }
        }
        // A dated time's words ("next week", "Monday") are its time feature.
        for t in &a.times {
            if t.value.is_some() {
                named.entry(t.sentence).or_default().extend(stems(&t.text));
            }
        }
        for (si, s) in a.sentences.iter().enumerate() {
            let own = content_words(&s.text);
            let words = own.len();
            let none = HashSet::new();
            let skip = named.get(&si).unwrap_or(&none);
            let mut features: HashSet<Feature> =
                stems_of(&own).into_iter().filter(|f| !skip.contains(f)).collect();
            let here = located.get(&si).map(Vec::as_slice).unwrap_or_default();
            features.extend(here.iter().map(|(_, _, f)| f.clone()));
            if let Some(fs) = figures.get(&si) {
                features.extend(fs.iter().cloned());
            }
            let bounds = clause_bounds(&s.text);
            let clauses = bounds
                .windows(2)
                .filter_map(|w| {
                    let text = s.text.get(w[0]..w[1])?;
                    let mut c: HashSet<Feature> = stems(text).difference(skip).cloned().collect();
                    c.extend(here.iter().filter(|(st, _, _)| *st >= w[0] && *st < w[1]).map(|x| x.2.clone()));
                    (!c.is_empty()).then_some(c)
                })
                .collect();
            let mut who = people.remove(&si).unwrap_or_default();
            who.sort_unstable();
            who.dedup();
            out.push(Unit { doc: ai, sentence: si, words, people: who, features, clauses });
        }
    }
    drop_titles(&mut out);
    out
}

/// Words that travel with a person's name through most of the sentences naming them are
/// their title ("Tarvistan's foreign minister", "head of the civil protection agency"), not
/// a fact: two sentences that share only a person and their title say different things.
fn drop_titles(units: &mut [Unit]) {
    let mut seen: HashMap<usize, (usize, HashMap<Feature, usize>)> = HashMap::new();
    for u in units.iter() {
        for &p in &u.people {
            let (n, counts) = seen.entry(p).or_default();
            *n += 1;
            for f in u.features.iter().filter(|f| matches!(f, Feature::Word(_))) {
                *counts.entry(f.clone()).or_default() += 1;
            }
        }
    }
    let titles: HashMap<usize, HashSet<Feature>> = seen
        .into_iter()
        // A person named in two sentences is no evidence of a title: two outlets stating one
        // fact about them share every word of it.
        .filter(|(_, (n, _))| *n >= 3)
        .map(|(p, (n, counts))| {
            let least = (n as f32 * TITLE_SHARE).ceil() as usize;
            (p, counts.into_iter().filter(|&(_, c)| c >= least.max(2)).map(|(f, _)| f).collect())
        })
        .collect();
    for u in units.iter_mut() {
        let drop: HashSet<Feature> =
            u.people.iter().filter_map(|p| titles.get(p)).flatten().cloned().collect();
        if drop.is_empty() {
            continue;
        }
        u.features.retain(|f| !drop.contains(f));
        for c in &mut u.clauses {
            c.retain(|f| !drop.contains(f));
        }
    }
}

/// What a feature is, which decides how it weighs and anchors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Entity,
    Dated,
}

/// A feature set as sorted ids of the story's features, with its summed weight.
struct Set {
    ids: Vec<u32>,
    /// Summed in f64, where adding these f32 weights is exact, so the sum is the same in any
    /// order and two sets' sums add up to their chained sum.
    total: f64,
}

/// One sentence's features as id sets, whole and per clause.
struct Compact {
    doc: usize,
    sentence: usize,
    words: usize,
    features: Set,
    clauses: Vec<Set>,
}

/// How telling each feature is within the story, by feature id.
struct Weights {
    kind: Vec<Kind>,
    weight: Vec<f32>,
    /// Whether sharing the feature ties two sentences to one fact.
    anchor: Vec<bool>,
    /// Weight of shared words (names aside) below which two sentences share no fact: two
    /// words just rare enough to anchor.
    fact: f32,
}

impl Weights {
    /// `df[id]` is the number of sentences whose features hold it (0 for a clause-only one,
    /// which counts as 1); `n` the story's sentences.
    fn new(features: &[Feature], df: &[usize], n: usize, articles: usize) -> Self {
        let n = n.max(1) as f32;
        // Most sentences a rare word is in: a share of the story, or once per article and one
        // more (a fact every article states) in a short story.
        let rare = (RARE_WORD * n).max(articles as f32 + 1.0);
        let mut w = Weights {
            kind: Vec::with_capacity(features.len()),
            weight: Vec::with_capacity(features.len()),
            anchor: Vec::with_capacity(features.len()),
            fact: 2.0 * (1.0 + n / rare).ln(),
        };
        for (f, &count) in features.iter().zip(df) {
            let df = count.max(1) as f32;
            let idf = (1.0 + n / df).ln();
            let kind = match f {
                Feature::Word(_) => Kind::Word,
                Feature::Entity(_) => Kind::Entity,
                Feature::Figure(_) | Feature::Time(_) => Kind::Dated,
            };
            w.weight.push(if kind == Kind::Word { idf } else { idf * ANCHOR_BOOST });
            // An entity in most of the story's sentences is its subject, not an anchor.
            w.anchor.push(if kind == Kind::Word { df <= rare } else { df / n <= 0.5 });
            w.kind.push(kind);
        }
        w
    }

    /// Sum a set's weight.
    fn finish(&self, set: &mut Set) {
        set.total = set.ids.iter().map(|&f| f64::from(self.weight[f as usize])).sum();
    }
}

/// The features two sorted id sets share, in order.
fn shared<'a>(a: &'a [u32], b: &'a [u32]) -> impl Iterator<Item = u32> + 'a {
    let (mut i, mut j) = (0, 0);
    std::iter::from_fn(move || {
        while i < a.len() && j < b.len() {
            match a[i].cmp(&b[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    return Some(a[i - 1]);
                }
            }
        }
        None
    })
}

/// Weighted Dice of two sets, given the weight they share.
fn dice(a: &Set, b: &Set, common: f64) -> f32 {
    let total = (a.total + b.total) as f32;
    if total <= 0.0 {
        return 0.0;
    }
    2.0 * common as f32 / total
}

/// How likely two sentences state the same fact (0..1); 0 when they share no telling anchor.
fn similarity(w: &Weights, a: &Compact, b: &Compact) -> f32 {
    let (mut anchored, mut dated, mut names, mut words, mut common) = (false, false, 0, 0.0f64, 0.0f64);
    for f in shared(&a.features.ids, &b.features.ids) {
        let (f, weight) = (f as usize, f64::from(w.weight[f as usize]));
        anchored |= w.anchor[f];
        common += weight;
        match w.kind[f] {
            Kind::Word => words += weight,
            Kind::Entity => names += 1,
            Kind::Dated => dated = true,
        }
    }
    if !anchored {
        return 0.0;
    }
    // Names alone are no fact: a statement shares what happened, telling words of it (half
    // as many with a figure or date, or two names, beside them).
    let words = words as f32;
    if words < w.fact && !((dated || names >= 2) && words >= w.fact / 2.0) {
        return 0.0;
    }
    let whole = dice(&a.features, &b.features, common);
    let mut best_clause = 0.0f32;
    for ca in &a.clauses {
        for cb in &b.clauses {
            let (mut words, mut anchored, mut common) = (0, false, 0.0f64);
            for f in shared(&ca.ids, &cb.ids) {
                let f = f as usize;
                words += usize::from(w.kind[f] == Kind::Word);
                anchored |= w.anchor[f];
                common += f64::from(w.weight[f]);
            }
            // A clause match needs words of its own besides the names it shares.
            if words >= CLAUSE_SHARED && anchored {
                best_clause = best_clause.max(dice(ca, cb, common));
            }
        }
    }
    whole.max(CLAUSE_FACTOR * best_clause)
}

/// A pair of sentence indices `(i, j)`, `i < j`, as one key.
fn pair(i: usize, j: usize) -> u64 {
    ((i as u64) << 32) | j as u64
}

/// Pair keys are distinct small numbers: a multiply spreads them without SipHash's cost.
type PairMap<V> = storyweave_text::IdMap<u64, V>;

/// The story's features, each with a dense id in first-seen order.
#[derive(Default)]
struct Interner {
    ids: HashMap<Feature, u32>,
    features: Vec<Feature>,
}

impl Interner {
    fn id(&mut self, f: Feature) -> u32 {
        let features = &mut self.features;
        *self.ids.entry(f).or_insert_with_key(|f| {
            features.push(f.clone());
            (features.len() - 1) as u32
        })
    }
}

/// The story's units as id sets, their weights, and the feature of each id.
fn compact(units: Vec<Unit>, articles: usize) -> (Vec<Compact>, Weights, Vec<Feature>) {
    let mut interner = Interner::default();
    let mut set = |fs: HashSet<Feature>| {
        let mut ids: Vec<u32> = fs.into_iter().map(|f| interner.id(f)).collect();
        ids.sort_unstable();
        Set { ids, total: 0.0 }
    };
    let mut out: Vec<Compact> = units
        .into_iter()
        .map(|u| Compact {
            doc: u.doc,
            sentence: u.sentence,
            words: u.words,
            features: set(u.features),
            clauses: u.clauses.into_iter().map(&mut set).collect(),
        })
        .collect();
    // An article that states a thing twice (a post quoted in part, then in full) states it once:
    // a group holds one sentence per article, so a repeat would start a second group of the
    // same fact.
    let mut stated: HashSet<(usize, Vec<u32>)> = HashSet::new();
    out.retain(|u| u.features.ids.is_empty() || stated.insert((u.doc, u.features.ids.clone())));
    let n = out.len();
    let features = interner.features;
    let mut df = vec![0; features.len()];
    for &f in out.iter().flat_map(|u| &u.features.ids) {
        df[f as usize] += 1;
    }
    let w = Weights::new(&features, &df, n, articles);
    for u in &mut out {
        w.finish(&mut u.features);
        for c in &mut u.clauses {
            w.finish(c);
        }
    }
    (out, w, features)
}

/// Group the sentences of a story's analyses into statements.
pub fn align(analyses: &[&Analysis], dedup: &DedupReport) -> Vec<Statement> {
    let (_, assigned) = crate::entities::resolve_assigned(analyses);
    align_with(analyses, dedup, &assigned)
}

/// [`align`], given where each article entity went among the story entities
/// ([`crate::entities::resolve_assigned`]).
pub fn align_with(
    analyses: &[&Analysis],
    dedup: &DedupReport,
    assigned: &[Vec<Option<usize>>],
) -> Vec<Statement> {
    let (units, w, features) = compact(units(analyses, assigned), analyses.len());
    // Candidate pairs: sentences of different articles sharing a telling anchor.
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); features.len()];
    for (i, u) in units.iter().enumerate() {
        if u.words < MIN_WORDS {
            continue;
        }
        for &f in &u.features.ids {
            if w.anchor[f as usize] {
                postings[f as usize].push(i);
            }
        }
    }
    let mut keys: Vec<usize> = (0..features.len()).filter(|&f| !postings[f].is_empty()).collect();
    // Rarest anchors first, so the budget goes to the most telling pairs.
    keys.sort_by_cached_key(|&f| (postings[f].len(), format!("{:?}", features[f])));
    let mut seen: PairMap<()> = PairMap::default();
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    'outer: for f in keys {
        let list = &postings[f];
        for (x, &i) in list.iter().enumerate() {
            for &j in &list[x + 1..] {
                if units[i].doc != units[j].doc && seen.insert(pair(i, j), ()).is_none() {
                    candidates.push((i, j));
                    if candidates.len() >= MAX_PAIRS {
                        break 'outer;
                    }
                }
            }
        }
    }
    drop(seen);
    // Grouping asks only whether a pair reaches the floor: the pairs below it are left out.
    let mut sims: PairMap<f32> = PairMap::default();
    let mut pairs: Vec<(f32, usize, usize)> = Vec::new();
    for &(i, j) in &candidates {
        let s = similarity(&w, &units[i], &units[j]);
        if s >= GROUP_FLOOR {
            sims.insert(pair(i, j), s);
        }
        if s >= SAME_FACT {
            pairs.push((s, i, j));
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let sim = |i: usize, j: usize| sims.get(&pair(i.min(j), i.max(j))).copied().unwrap_or(0.0);

    // Each sentence starts alone; the best pairs merge their groups when every member fits.
    let mut group_of: Vec<usize> = (0..units.len()).collect();
    let mut groups: Vec<Vec<usize>> = (0..units.len()).map(|i| vec![i]).collect();
    for (_, i, j) in pairs {
        let (gi, gj) = (group_of[i], group_of[j]);
        if gi == gj {
            continue;
        }
        let docs: HashSet<usize> = groups[gi].iter().map(|&m| units[m].doc).collect();
        if groups[gj].iter().any(|&m| docs.contains(&units[m].doc)) {
            continue;
        }
        let fits = groups[gi].iter().all(|&x| groups[gj].iter().all(|&y| sim(x, y) >= GROUP_FLOOR));
        if !fits {
            continue;
        }
        let moved = std::mem::take(&mut groups[gj]);
        for &m in &moved {
            group_of[m] = gi;
        }
        groups[gi].extend(moved);
    }
    // Statements in story order: by their first sentence.
    let mut out: Vec<Vec<usize>> = groups.into_iter().filter(|g| !g.is_empty()).collect();
    for g in &mut out {
        g.sort_unstable();
    }
    out.sort_by_key(|g| g[0]);
    out.into_iter()
        .map(|g| {
            let sentences: Vec<SentenceRef> = g
                .iter()
                .map(|&m| SentenceRef {
                    doc: analyses[units[m].doc].doc_id.clone(),
                    sentence: units[m].sentence,
                })
                .collect();
            let newsrooms: HashSet<&str> = sentences.iter().map(|m| dedup.canonical(&m.doc)).collect();
            Statement { newsrooms: newsrooms.len(), sentences }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyweave_model::{CopyKind, CopyLink, Sentence};

    fn analysis(doc: &str, sentences: &[&str]) -> Analysis {
        Analysis {
            doc_id: doc.into(),
            sentences: sentences.iter().map(|s| Sentence { text: s.to_string(), paragraph: 0 }).collect(),
            ..Analysis::default()
        }
    }

    #[test]
    fn aligns_paraphrases_and_counts_reprints_once() {
        let a = analysis(
            "a",
            &["The mayor of Velmora opened the new bridge over the river on Monday.", "Traffic was heavy."],
        );
        let b =
            analysis("b", &["On Monday the new river bridge was opened by Velmora's mayor, officials said."]);
        let c =
            analysis("c", &["The mayor of Velmora opened the new bridge over the river on Monday morning."]);
        let dedup = DedupReport {
            links: vec![CopyLink {
                copy: "c".into(),
                original: "a".into(),
                kind: CopyKind::Syndicated,
                jaccard: 0.5,
                containment: 0.9,
                edits: Default::default(),
            }],
        };
        let st = align(&[&a, &b, &c], &dedup);
        let bridge = st.iter().find(|s| s.sentences.len() > 1).unwrap();
        assert_eq!(bridge.sentences.len(), 3);
        assert_eq!(bridge.newsrooms, 2);
    }

    /// Aligned pairs of sentences (as text) among the statements of `docs`.
    fn aligned(docs: &[Analysis]) -> Vec<(String, String)> {
        let refs: Vec<&Analysis> = docs.iter().collect();
        let text = |r: &SentenceRef| {
            docs.iter().find(|a| a.doc_id == r.doc).unwrap().sentences[r.sentence].text.clone()
        };
        let mut out = Vec::new();
        for st in align(&refs, &DedupReport::default()) {
            for (i, x) in st.sentences.iter().enumerate() {
                for y in &st.sentences[i + 1..] {
                    // The shared filler aligns with itself; the pairs under test are the rest.
                    if !FILLER.contains(&text(x).as_str()) {
                        out.push((text(x), text(y)));
                    }
                }
            }
        }
        out
    }

    /// Filler sentences that give the story's words their rarity, as a real article would.
    const FILLER: [&str; 8] = [
        "Shops along the quay stayed open later than usual on the evening.",
        "Local radio played music through the afternoon while crowds gathered.",
        "Several residents said they had not slept well for days.",
        "A spokesman for the regional council declined to give further details.",
        "The weather stayed dry and cold with a light wind from the north.",
        "Some schools sent pupils home early as buses ran late.",
        "Volunteers handed out tea and blankets outside the town hall.",
        "Critics of the government questioned the cost of the whole plan.",
    ];

    fn story(doc: &str, own: &[&str]) -> Analysis {
        let all: Vec<&str> = own.iter().copied().chain(FILLER.iter().copied()).collect();
        analysis(doc, &all)
    }

    #[test]
    fn reordered_clauses_and_inflections_align() {
        let a = story(
            "a",
            &["The two ministers agreed to reopen the Kessel border crossing for trucks carrying grain."],
        );
        let b = story(
            "b",
            &["Trucks carrying grain will again use the Kessel border crossing, after both ministers agree to reopen it, officials said."],
        );
        let pairs = aligned(&[a, b]);
        assert!(pairs.iter().any(|(x, y)| x.contains("Kessel") && y.contains("Kessel")), "{pairs:?}");
    }

    #[test]
    fn one_fact_inside_a_longer_sentence_aligns() {
        let a = story(
            "a",
            &["The envoys agreed to hold a meeting of senior advisers next month, led by the trade commissioner, with the two presidents set to meet later in Norrvik."],
        );
        let b =
            story("b", &["The presidents will then meet in Norrvik, a lakeside town chosen by both sides."]);
        let pairs = aligned(&[a, b]);
        assert!(pairs.iter().any(|(x, y)| x.contains("Norrvik") && y.contains("Norrvik")), "{pairs:?}");
    }

    #[test]
    fn generic_or_title_only_sentences_do_not_align() {
        // Two different statements by one person, who carries the same title in both.
        let named = |doc: &str, text: &str| {
            let mut a = story(doc, &[text]);
            a.entities.push(storyweave_model::Entity {
                name: "Marta Ilves".into(),
                kind: EntityKind::Person,
                role: None,
                mentions: vec![storyweave_model::Mention {
                    sentence: 0,
                    start: 0,
                    end: "Marta Ilves".len(),
                    text: "Marta Ilves".into(),
                }],
                references: Vec::new(),
            });
            a
        };
        let a = named(
            "a",
            "Marta Ilves, the harbour authority's chief engineer, said the north pier would be closed until spring.",
        );
        let b = named(
            "b",
            "Marta Ilves, the harbour authority's chief engineer, praised the divers who worked through the night.",
        );
        assert!(aligned(&[a, b]).is_empty());
        // Sentences sharing only common words of the story say nothing in common.
        let c = story("c", &["Several residents said the plan was late."]);
        let d = story("d", &["Critics said the plan had been late for days."]);
        assert!(aligned(&[c, d]).is_empty());
    }

    #[test]
    fn groups_do_not_chain_and_hold_one_sentence_per_article() {
        let a = story(
            "a",
            &[
                "The Kessel crossing will reopen for grain trucks on Monday.",
                "The Kessel crossing reopened for grain trucks.",
            ],
        );
        let b = story("b", &["Grain trucks can use the Kessel crossing again from Monday."]);
        let refs: Vec<&Analysis> = vec![&a, &b];
        for st in align(&refs, &DedupReport::default()) {
            let docs: HashSet<&str> = st.sentences.iter().map(|r| r.doc.as_str()).collect();
            assert_eq!(docs.len(), st.sentences.len());
        }
    }

    #[test]
    fn a_fact_an_article_states_twice_is_one_statement() {
        let post = "The two presidents will then meet in Norrvik to see if the long dispute can be settled.";
        let a = story(
            "a",
            &[post, "The ferry fleet was laid up for the winter.", &post.replace("Norrvik", "Norrvik,")],
        );
        let b = story("b", &["The presidents will meet in Norrvik, hoping to settle the long dispute."]);
        let refs: Vec<&Analysis> = vec![&a, &b];
        let statements = align(&refs, &DedupReport::default());
        let norrvik = |st: &&Statement| st.sentences.iter().any(|r| r.doc == "b" && r.sentence == 0);
        assert_eq!(statements.iter().filter(norrvik).count(), 1, "{statements:?}");
        assert!(
            statements.iter().all(|st| st.sentences.iter().all(|r| r.doc != "a" || r.sentence != 2)),
            "{statements:?}"
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let a = analysis("a", &["", ",,,", "“”", "and and and but which", "é, ü; ñ"]);
        let b = analysis("b", &["", "42", "—"]);
        let _ = align(&[&a, &b], &DedupReport::default());
        let _ = align(&[], &DedupReport::default());
    }

    #[test]
    fn light_stem_meets_inflections() {
        assert_eq!(light_stem("agreed"), light_stem("agree"));
        assert_eq!(light_stem("talks"), light_stem("talk"));
        assert_eq!(light_stem("stopped"), light_stem("stop"));
        assert_eq!(light_stem("studies"), light_stem("study"));
        assert_eq!(light_stem("meeting"), light_stem("meets"));
        assert_ne!(light_stem("bridge"), light_stem("bring"));
        // Never panics on odd input.
        for w in ["", "é", "ss", "ies", "ééées"] {
            let _ = light_stem(w);
        }
    }
}
