//! Cross-article entity resolution. Transliteration variants are one name when their
//! normalised spellings share a consonant skeleton and lie within an edit or so of each other
//! (Zelensky/Zelenskyy, Yury/Yuri, Sergey/Sergei, Kyiv/Kiev); people match on surname and, where
//! both give one, on first name too, so two people sharing a surname stay apart.

use std::collections::BTreeMap;

use storyweave_model::{Analysis, EntityKind, StoryEntity};
use storyweave_text::fold;

/// A name part with the spelling differences of transliteration evened out: folded, `y` read as
/// `i`, `x` as `ks`, doubled letters collapsed.
pub fn normalize(word: &str) -> String {
    let mut out = String::new();
    for c in fold(word).chars().filter(|c| c.is_alphanumeric()) {
        let piece = match c {
            'y' => "i".to_string(),
            'x' => "ks".to_string(),
            c => c.to_string(),
        };
        for p in piece.chars() {
            if !out.ends_with(p) {
                out.push(p);
            }
        }
    }
    out
}

/// The consonant skeleton of a normalised part: vowels after the first letter dropped.
pub fn skeleton(word: &str) -> String {
    let n = normalize(word);
    n.chars().enumerate().filter(|&(i, c)| i == 0 || !"aeiou".contains(c)).map(|(_, c)| c).collect()
}

/// Whether two name parts are spellings of one name: same skeleton and at most one edit apart
/// (one per five letters for long names). Putin and Patten share a skeleton but not the edits.
pub fn same_spelling(a: &str, b: &str) -> bool {
    let (x, y) = (normalize(a), normalize(b));
    if x == y {
        return true;
    }
    let budget = (x.chars().count().max(y.chars().count()) / 5).max(1);
    skeleton(a) == skeleton(b) && x.chars().count() >= 3 && edit_distance(&x, &y) <= budget
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn name_parts(name: &str) -> Vec<String> {
    // Initials ("J.") say nothing about identity here: "Donald J. Trump" is "Donald Trump".
    name.split_whitespace()
        .filter(|p| p.trim_end_matches('.').chars().count() > 1)
        .map(str::to_string)
        .collect()
}

fn same_parts(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_spelling(x, y))
}

struct Cluster {
    kind: EntityKind,
    role: Option<String>,
    /// Skeleton of each part of the fullest name.
    parts: Vec<String>,
    forms: BTreeMap<String, usize>,
    articles: Vec<String>,
    mentions: usize,
    /// (analysis, entity) of every article entity that joined.
    members: Vec<(usize, usize)>,
}

fn compatible(c: &Cluster, kind: EntityKind, parts: &[String]) -> bool {
    if c.kind != kind && kind != EntityKind::Other && c.kind != EntityKind::Other {
        return false;
    }
    if kind == EntityKind::Person && c.kind == EntityKind::Person {
        // Surname must agree; first names, where both have one, too.
        let (Some(a), Some(b)) = (c.parts.last(), parts.last()) else { return false };
        if !same_spelling(a, b) {
            return false;
        }
        return c.parts.len() < 2 || parts.len() < 2 || same_spelling(&c.parts[0], &parts[0]);
    }
    same_parts(&c.parts, parts)
}

/// Merge the entities of a story's analyses.
pub fn resolve(analyses: &[&Analysis]) -> Vec<StoryEntity> {
    resolve_assigned(analyses).0
}

/// [`resolve`], with where each article entity went: `assigned[a][e]` is the index of the story
/// entity that `analyses[a].entities[e]` joined (`None` for a name with nothing to match on).
pub fn resolve_assigned(analyses: &[&Analysis]) -> (Vec<StoryEntity>, Vec<Vec<Option<usize>>>) {
    // (name, kind, role, mentions, document, (analysis, entity))
    type Entry<'a> = (&'a str, EntityKind, Option<&'a str>, usize, &'a str, (usize, usize));
    let mut all: Vec<Entry> = Vec::new();
    for (ai, a) in analyses.iter().enumerate() {
        for (ei, e) in a.entities.iter().enumerate() {
            all.push((
                e.name.as_str(),
                e.kind,
                e.role.as_deref(),
                e.mentions.len(),
                a.doc_id.as_str(),
                (ai, ei),
            ));
        }
    }
    // Fuller names first, so a surname alone joins the full name rather than founding a cluster.
    all.sort_by(|a, b| {
        b.0.split_whitespace()
            .count()
            .cmp(&a.0.split_whitespace().count())
            .then(b.3.cmp(&a.3))
            .then(a.0.cmp(b.0))
    });
    let mut clusters: Vec<Cluster> = Vec::new();
    for (name, kind, role, mentions, doc, member) in all {
        let parts = name_parts(name);
        if parts.is_empty() {
            continue;
        }
        let candidates: Vec<usize> =
            (0..clusters.len()).filter(|&i| compatible(&clusters[i], kind, &parts)).collect();
        // An ambiguous surname goes to the most mentioned person of that name.
        let target = candidates.into_iter().max_by_key(|&i| (clusters[i].mentions, std::cmp::Reverse(i)));
        let c = match target {
            Some(i) => &mut clusters[i],
            None => {
                clusters.push(Cluster {
                    kind,
                    role: None,
                    parts,
                    forms: BTreeMap::new(),
                    articles: Vec::new(),
                    mentions: 0,
                    members: Vec::new(),
                });
                clusters.last_mut().expect("just pushed")
            }
        };
        if c.kind == EntityKind::Other && kind != EntityKind::Other {
            c.kind = kind;
        }
        if c.role.is_none() {
            c.role = role.map(str::to_string);
        }
        *c.forms.entry(name.to_string()).or_default() += mentions.max(1);
        if !c.articles.iter().any(|d| d == doc) {
            c.articles.push(doc.to_string());
        }
        c.mentions += mentions.max(1);
        c.members.push(member);
    }
    let mut out: Vec<(StoryEntity, Vec<(usize, usize)>)> = clusters
        .into_iter()
        .map(|c| {
            let full = c.parts.len();
            // The canonical name: the most used of the fullest forms.
            let name = c
                .forms
                .iter()
                .filter(|(f, _)| f.split_whitespace().count() >= full)
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .or_else(|| c.forms.iter().max_by_key(|f| f.1))
                .map(|f| f.0.clone())
                .unwrap_or_default();
            let entity = StoryEntity {
                name,
                kind: c.kind,
                role: c.role,
                variants: c.forms.into_keys().collect(),
                articles: c.articles,
                mentions: c.mentions,
            };
            (entity, c.members)
        })
        .collect();
    out.sort_by(|(a, _), (b, _)| {
        b.articles.len().cmp(&a.articles.len()).then(b.mentions.cmp(&a.mentions)).then(a.name.cmp(&b.name))
    });
    let mut assigned: Vec<Vec<Option<usize>>> =
        analyses.iter().map(|a| vec![None; a.entities.len()]).collect();
    for (i, (_, members)) in out.iter().enumerate() {
        for &(a, e) in members {
            assigned[a][e] = Some(i);
        }
    }
    (out.into_iter().map(|(entity, _)| entity).collect(), assigned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use storyweave_model::{Entity, Mention};

    fn analysis(doc: &str, entities: &[(&str, EntityKind)]) -> Analysis {
        let mention = Mention { sentence: 0, start: 0, end: 1, text: String::new() };
        Analysis {
            doc_id: doc.into(),
            sentences: vec![],
            entities: entities
                .iter()
                .map(|(n, k)| Entity {
                    name: n.to_string(),
                    kind: *k,
                    role: None,
                    mentions: vec![mention.clone()],
                })
                .collect(),
            times: vec![],
            quotes: vec![],
            figures: vec![],
        }
    }

    #[test]
    fn transliterations_share_a_skeleton() {
        for (a, b) in [
            ("Zelensky", "Zelenskyy"),
            ("Yury", "Yuri"),
            ("Sergey", "Sergei"),
            ("Kyiv", "Kiev"),
            ("Oleksandr", "Olexandr"),
        ] {
            assert!(same_spelling(a, b), "{a} {b}");
        }
        assert!(!same_spelling("Putin", "Patten"));
        assert!(!same_spelling("Ivan", "Evan"));
    }

    #[test]
    fn merges_variants_but_not_namesakes() {
        let a = analysis(
            "a",
            &[
                ("Volodymyr Zelensky", EntityKind::Person),
                ("Donald Trump", EntityKind::Person),
                ("Kyiv", EntityKind::Place),
            ],
        );
        let b = analysis(
            "b",
            &[
                ("Volodymyr Zelenskyy", EntityKind::Person),
                ("Melania Trump", EntityKind::Person),
                ("Trump", EntityKind::Person),
                ("Kiev", EntityKind::Place),
            ],
        );
        let c = analysis("c", &[("Donald Trump", EntityKind::Person), ("Donald Trump", EntityKind::Person)]);
        let out = resolve(&[&a, &b, &c]);
        let find = |n: &str| out.iter().find(|e| e.variants.iter().any(|v| v == n)).unwrap();
        assert_eq!(find("Volodymyr Zelenskyy").variants.len(), 2);
        assert_eq!(find("Kiev").name, find("Kyiv").name);
        assert_ne!(find("Melania Trump").name, find("Donald Trump").name);
        assert_eq!(find("Trump").name, "Donald Trump");

        let (entities, assigned) = resolve_assigned(&[&a, &b, &c]);
        assert_eq!(entities, out);
        // b's "Trump" (entity 2) joined Donald Trump, as c's two did.
        let donald = out.iter().position(|e| e.name == "Donald Trump");
        assert_eq!(assigned[1][2], donald);
        assert_eq!(assigned[2], [donald, donald]);
        assert_eq!(assigned[0][0], assigned[1][0]);
        assert_ne!(assigned[1][1], donald);
    }
}
