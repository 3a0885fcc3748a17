//! Cross-article entity resolution. Transliteration variants are one name when their
//! normalised spellings share a consonant skeleton and lie within an edit or so of each other
//! (Zelensky/Zelenskyy, Yury/Yuri, Sergey/Sergei, Kyiv/Kiev); people match on surname and, where
//! both give one, on first name too, so two people sharing a surname stay apart. A first name
//! alone joins the one person of the story with that first name, if only one; initials in
//! capitals join the name they spell ("US", "United States", "HP", "Hewlett-Packard"); a thing's
//! plural joins it; a body's name joins it with the place it belongs to in front ("Colts",
//! "Indianapolis Colts") where the story names that place. A name of two words or more is one
//! entity however the tagger typed it in each article. Leading articles, legal forms ("Corp."),
//! quoted nicknames and generations ("Jr", which keeps father and son apart) are set aside.
//!
//! A story entity's type is the mention-weighted vote of its members. A lone word typed as a
//! person whom no article names in full ("providing Kyiv with...") is the tagger's weakest call:
//! it may join a place or organisation of the same spelling, whose type then wins. A word
//! capitalised only for opening its sentences, where the story also writes it in lower case, is
//! no part of a name ("Neighboring Polvania"), nor a name alone ("Dockworkers"); a role so
//! capitalised is shown as running text writes it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use storyweave_model::{Analysis, Entity, EntityKind, StoryEntity};
use storyweave_text::{fold, is_legal_form};

/// A name part with the spelling differences of transliteration evened out: folded, `y` read as
/// `i`, `x` as `ks`, `q` as `k` (Tariq, Tarik), `kh` as `h` (Mikhail, Mihail), `th` as `t`
/// (Mathias, Mattias), `ph` as `f` (Stephan, Stefan), doubled letters collapsed.
pub fn normalize(word: &str) -> String {
    let mut out = String::new();
    let mut push = |p: char| {
        if !out.ends_with(p) {
            out.push(p);
        }
    };
    let evened = fold(word).replace("kh", "h").replace("th", "t").replace("ph", "f");
    for c in evened.chars().filter(|c| c.is_alphanumeric()) {
        match c {
            'y' => push('i'),
            'q' => push('k'),
            'x' => {
                push('k');
                push('s');
            }
            c => push(c),
        }
    }
    out
}

/// The consonant skeleton of a normalised part: vowels after the first letter dropped.
pub fn skeleton(word: &str) -> String {
    skeleton_of(&normalize(word))
}

fn skeleton_of(normalized: &str) -> String {
    normalized.chars().enumerate().filter(|&(i, c)| i == 0 || !"aeiou".contains(c)).map(|(_, c)| c).collect()
}

/// Whether two name parts are spellings of one name: same skeleton and at most one edit apart
/// (one per five letters for long names). Putin and Patten share a skeleton but not the edits.
pub fn same_spelling(a: &str, b: &str) -> bool {
    spelled_alike(&Part::new(a), &Part::new(b))
}

/// A name part as written, normalised and reduced to its skeleton once, as every candidate
/// name is compared with it.
struct Part {
    raw: String,
    normalized: String,
    skeleton: String,
}

impl Part {
    fn new(raw: &str) -> Self {
        let normalized = normalize(raw);
        Part { raw: raw.to_string(), skeleton: skeleton_of(&normalized), normalized }
    }
}

/// [`same_spelling`] of two prepared parts.
fn spelled_alike(a: &Part, b: &Part) -> bool {
    let (x, y) = (&a.normalized, &b.normalized);
    if x == y {
        return true;
    }
    // A skeleton keeps the first letter: names that start apart are not one.
    if x.chars().next() != y.chars().next() {
        return false;
    }
    let budget = (x.chars().count().max(y.chars().count()) / 5).max(1);
    a.skeleton == b.skeleton && x.chars().count() >= 3 && edit_distance(x, y) <= budget
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

fn name_parts(name: &str) -> Vec<Part> {
    // Initials ("J.") say nothing about identity here: "Donald J. Trump" is "Donald Trump".
    let mut words: Vec<&str> =
        name.split_whitespace().filter(|p| p.trim_end_matches('.').chars().count() > 1).collect();
    // An article or preposition the tagger took in from the sentence ("The Associated Press",
    // "Of Teixeira") and a company's legal form ("Microsoft Corp.") are not the name.
    while words.len() > 1 && matches!(fold(words[0]).as_str(), "the" | "of" | "a" | "an") {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| is_legal_form(w)) {
        words.pop();
    }
    // A nickname in quotes between first name and surname ("Vincent 'The Chin' Gigante").
    if words.len() >= 3 {
        let quoted = |w: &str| w.starts_with(['\'', '"', '‘', '“']) || w.ends_with(['\'', '"', '’', '”']);
        let (first, last) = (words[0], words[words.len() - 1]);
        if !quoted(first) && !quoted(last) && words.iter().any(|w| quoted(w)) {
            let mut inside = false;
            let mut kept = vec![first];
            for w in &words[1..words.len() - 1] {
                let opens = w.starts_with(['\'', '"', '‘', '“']);
                let closes = w.ends_with(['\'', '"', '’', '”']);
                if !(inside || opens) {
                    kept.push(w);
                }
                inside = (inside || opens) && !closes;
            }
            kept.push(last);
            words = kept;
        }
    }
    words.into_iter().map(Part::new).collect()
}

/// "Jr", "Sr", "III": a generation, which tells father and son apart but is not the surname.
fn is_generation(p: &Part) -> bool {
    matches!(p.normalized.as_str(), "jr" | "sr" | "ii" | "iii" | "iv")
}

/// The part a name is filed under: its last, a generation aside ("Arcade Joseph Comeaux Jr").
fn surname(parts: &[Part]) -> Option<&Part> {
    match parts {
        [.., s, g] if is_generation(g) => Some(s),
        [.., s] => Some(s),
        [] => None,
    }
}

/// The generation a name ends with, if any.
fn generation(parts: &[Part]) -> Option<&str> {
    parts.last().filter(|p| is_generation(p)).map(|p| p.normalized.as_str())
}

fn same_parts(a: &[Part], b: &[Part]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| spelled_alike(x, y))
}

struct Cluster {
    /// The type of the founding member, which decides what may join.
    kind: EntityKind,
    /// Mentions per type (person, organisation, place, other), summed over the members.
    votes: [usize; 4],
    role: Option<String>,
    /// The parts of the founding (fullest) name.
    parts: Vec<Part>,
    forms: BTreeMap<String, usize>,
    /// Names as articles gave them where the story reads them as another (see `StoryEntity`).
    misread: BTreeSet<String>,
    articles: Vec<String>,
    mentions: usize,
    /// (analysis, entity) of every article entity that joined.
    members: Vec<(usize, usize)>,
}

fn slot(kind: EntityKind) -> usize {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Place => 2,
        EntityKind::Other => 3,
    }
}

/// A one-word name typed as a person. Fuller names are clustered first, so a person cluster
/// with one part has no member naming anyone in full.
fn lone_person(kind: EntityKind, parts: &[Part]) -> bool {
    kind == EntityKind::Person && parts.len() == 1
}

fn compatible(c: &Cluster, kind: EntityKind, parts: &[Part], places: &HashSet<String>) -> bool {
    // A name of two words or more written the same is one entity whatever the tagger typed it
    // in each article ("Lindsay Lohan" a person in one, an organisation in another).
    if parts.len() >= 2 && same_parts(&c.parts, parts) {
        return true;
    }
    // So is a name written as one word and as two ("SeaMicro", "Sea Micro").
    if c.parts.len() != parts.len() && joined(&c.parts) == joined(parts) && joined(parts).len() >= 6 {
        return true;
    }
    let either_other = kind == EntityKind::Other || c.kind == EntityKind::Other;
    let weak_person = lone_person(c.kind, &c.parts) || lone_person(kind, parts);
    // A place and an organisation of one name are one entity ("Vesterholm" the city and its
    // council, "Washington" the city and the government): the vote gives the type.
    let place_or_body = |k: EntityKind| matches!(k, EntityKind::Place | EntityKind::Organization);
    let metonym = place_or_body(kind) && place_or_body(c.kind);
    if c.kind != kind && !either_other && !weak_person && !metonym {
        return false;
    }
    if c.kind != kind && (weak_person || metonym) {
        return same_parts(&c.parts, parts)
            || plural_of_one(&c.parts, parts)
            || (metonym && acronym_of(&c.parts, parts))
            || after_place(c, parts, places);
    }
    if kind == EntityKind::Person && c.kind == EntityKind::Person {
        // Surname must agree; first names and generations, where both have one, too.
        let (Some(a), Some(b)) = (surname(&c.parts), surname(parts)) else { return false };
        if !spelled_alike(a, b) {
            return false;
        }
        return c.parts.len() < 2
            || parts.len() < 2
            || (spelled_alike(&c.parts[0], &parts[0]) && generation(&c.parts) == generation(parts));
    }
    let things = kind != EntityKind::Person && c.kind != EntityKind::Person;
    same_parts(&c.parts, parts)
        || (things
            && (plural_of_one(&c.parts, parts)
                || acronym_of(&c.parts, parts)
                || after_place(c, parts, places)))
}

/// "Colts" and "Indianapolis Colts", "Red Sox" and "Boston Red Sox", "National Library" and
/// "National Library of Aldmark": a body's name with the place it belongs to in front or after
/// "of", where the story names that place on its own.
fn after_place(c: &Cluster, short: &[Part], places: &HashSet<String>) -> bool {
    // A place is no body: "Sudan" is not "South Sudan".
    if !matches!(c.kind, EntityKind::Organization | EntityKind::Other) {
        return false;
    }
    let long = &c.parts;
    let Some(cut) = long.len().checked_sub(short.len()).filter(|&n| n > 0) else { return false };
    if same_parts(&long[cut..], short) && places.contains(&place_key(&long[..cut])) {
        return true;
    }
    of_place(long).is_some_and(|(body, place)| same_parts(body, short) && places.contains(&place_key(place)))
}

/// A name "X of Y" cut at its first "of": the body and what follows ("National Library",
/// "Aldmark").
fn of_place(parts: &[Part]) -> Option<(&[Part], &[Part])> {
    let at = parts.iter().position(|p| p.raw == "of").filter(|&k| k > 0 && k + 1 < parts.len())?;
    Some((&parts[..at], &parts[at + 1..]))
}

/// How a place's name is looked up: its normalised parts.
fn place_key(parts: &[Part]) -> String {
    parts.iter().map(|p| p.normalized.as_str()).collect::<Vec<_>>().join(" ")
}

/// "Melania" alone, where the story names exactly one person with that first name in full;
/// `people` are the clusters of people named in full whose first name shares its skeleton.
fn first_name_of(clusters: &[Cluster], people: &[usize], kind: EntityKind, parts: &[Part]) -> Option<usize> {
    if !lone_person(kind, parts) {
        return None;
    }
    let mut named = people.iter().copied().filter(|&i| {
        let c = &clusters[i];
        c.kind == EntityKind::Person && c.parts.len() >= 2 && spelled_alike(&c.parts[0], &parts[0])
    });
    let first = named.next()?;
    named.next().is_none().then_some(first)
}

/// "US" and "United States", "EU" and "European Union": a word in capitals spelling the
/// initials of a name's words (small connecting words aside).
fn acronym_of(a: &[Part], b: &[Part]) -> bool {
    let spelt = |short: &[Part], long: &[Part]| {
        let ([short], true) = (short, spells(long)) else { return false };
        acronym_letters(&short.raw).is_some_and(|letters| letters == initials(long))
    };
    spelt(a, b) || spelt(b, a)
}

/// The letters of a word in capitals that may spell initials ("U.S." -> "US", "H-P" -> "HP").
fn acronym_letters(word: &str) -> Option<String> {
    let letters: String = word.chars().filter(|c| !matches!(c, '.' | '-')).collect();
    (letters.chars().count() >= 2 && letters.chars().all(|c| c.is_ascii_uppercase())).then_some(letters)
}

/// The words whose initials a name's acronym spells: its parts, hyphenated ones cut
/// ("Hewlett-Packard"), small connecting words aside.
fn initial_words(parts: &[Part]) -> impl Iterator<Item = &str> {
    parts
        .iter()
        .flat_map(|p| p.raw.split('-'))
        .filter(|w| !w.is_empty() && !matches!(*w, "of" | "the" | "and" | "for" | "de"))
}

/// Whether a name has the two words or more an acronym may spell.
fn spells(parts: &[Part]) -> bool {
    initial_words(parts).nth(1).is_some()
}

/// The initials of a name's words; a word that is itself an acronym gives all its letters
/// ("U.S. Geological Survey" -> "USGS", "Hewlett-Packard" -> "HP").
fn initials(parts: &[Part]) -> String {
    initial_words(parts).map(|w| acronym_letters(w).unwrap_or_else(|| w.chars().take(1).collect())).collect()
}

/// A name's normalised parts run together: "Sea Micro" is "SeaMicro".
fn joined(parts: &[Part]) -> String {
    parts.iter().map(|p| p.normalized.as_str()).collect()
}

/// "Tomahawk" and "Tomahawks": a thing's name and its plural. People's names are not read so
/// ("Williams" is not "William").
fn plural_of_one(a: &[Part], b: &[Part]) -> bool {
    let [a] = a else { return false };
    let [b] = b else { return false };
    let (x, y) = (&a.normalized, &b.normalized);
    let (short, long) = if x.len() < y.len() { (x, y) } else { (y, x) };
    short.chars().count() >= 4 && long.strip_suffix('s') == Some(short.as_str())
}

/// The type most mentions give, a typed one on a tie with "other"; a lone-word person's mentions
/// do not count where others call the name a place or organisation, nor a one-word place's
/// readings as an organisation.
fn vote(c: &Cluster) -> EntityKind {
    const KINDS: [EntityKind; 4] =
        [EntityKind::Person, EntityKind::Organization, EntityKind::Place, EntityKind::Other];
    let mut votes = c.votes;
    if c.parts.len() == 1 && votes[1] + votes[2] > 0 {
        votes[0] = 0;
    }
    // A one-word place name also read as an organisation is the place standing for its
    // government ("Kyiv wants ...", "Moscow warned"), as CoNLL tags it.
    if c.parts.len() == 1 && votes[2] > 0 {
        votes[1] = 0;
    }
    (0..4)
        .filter(|&i| votes[i] > 0)
        .max_by_key(|&i| (votes[i], std::cmp::Reverse(i)))
        .map_or(c.kind, |i| KINDS[i])
}

/// The clusters a name may join, found by what every match needs, so a name is compared with
/// a few clusters rather than all: the skeleton of its last part (shared by two spellings of
/// one name; a plural's adds an "s"), its initials or the capitals spelling them, and for a
/// lone first name, the skeleton of the first part of people named in full.
#[derive(Default)]
struct Lookup {
    last: HashMap<String, Vec<usize>>,
    joined: HashMap<String, Vec<usize>>,
    initials: HashMap<String, Vec<usize>>,
    letters: HashMap<String, Vec<usize>>,
    first: HashMap<String, Vec<usize>>,
}

impl Lookup {
    fn add(&mut self, cluster: usize, kind: EntityKind, parts: &[Part]) {
        let Some(last) = surname(parts) else { return };
        self.last.entry(last.skeleton.clone()).or_default().push(cluster);
        // "National Library of Aldmark" is found from "National Library" too (see `after_place`).
        if let Some(body) = of_place(parts).and_then(|(body, _)| body.last()) {
            self.last.entry(body.skeleton.clone()).or_default().push(cluster);
        }
        self.joined.entry(joined(parts)).or_default().push(cluster);
        if spells(parts) {
            self.initials.entry(initials(parts)).or_default().push(cluster);
        }
        if parts.len() >= 2 && kind == EntityKind::Person {
            self.first.entry(parts[0].skeleton.clone()).or_default().push(cluster);
        }
        if parts.len() == 1 {
            if let Some(letters) = acronym_letters(&last.raw) {
                self.letters.entry(letters).or_default().push(cluster);
            }
        }
    }

    /// Every cluster `parts` may join (and some it may not), in order.
    fn candidates(&self, parts: &[Part]) -> Vec<usize> {
        let Some(last) = surname(parts) else { return Vec::new() };
        let sk = &last.skeleton;
        let mut keys: Vec<(&HashMap<String, Vec<usize>>, String)> =
            vec![(&self.last, sk.clone()), (&self.last, format!("{sk}s"))];
        if let Some(singular) = sk.strip_suffix('s') {
            keys.push((&self.last, singular.to_string()));
        }
        keys.push((&self.joined, joined(parts)));
        if spells(parts) {
            keys.push((&self.letters, initials(parts)));
        }
        if parts.len() == 1 {
            if let Some(letters) = acronym_letters(&last.raw) {
                keys.push((&self.initials, letters));
            }
        }
        let mut out: Vec<usize> =
            keys.iter().filter_map(|(map, key)| map.get(key)).flatten().copied().collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The people named in full whose first name may be the lone `parts`.
    fn first_names(&self, parts: &[Part]) -> &[usize] {
        parts.first().and_then(|p| self.first.get(&p.skeleton)).map(Vec::as_slice).unwrap_or_default()
    }
}

/// The story's names of places and bodies with a possessive inside ("Tanner's Reach"), by the
/// word before it ("Tanner").
fn possessive_names<'a>(analyses: &[&'a Analysis]) -> HashMap<&'a str, Vec<&'a str>> {
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    let names = analyses.iter().flat_map(|a| &a.entities).filter(|e| e.kind != EntityKind::Person);
    for e in names {
        let name = e.name.as_str();
        if let Some(at) = name.find("'s ").or_else(|| name.find("’s ")) {
            let owner = &name[..at];
            if !owner.contains(' ') && !out.get(owner).is_some_and(|v| v.contains(&name)) {
                out.entry(owner).or_default().push(name);
            }
        }
    }
    out
}

/// "Tanner" in an article that writes "Tanner's Reach" once, where the tagger took the first
/// word for the name: the whole name, when the story names it so elsewhere and every mention
/// of the word here runs on into it.
fn whole_name<'a>(a: &'a Analysis, e: &Entity, possessed: &HashMap<&str, Vec<&'a str>>) -> Option<&'a str> {
    if e.kind == EntityKind::Person || e.mentions.is_empty() {
        return None;
    }
    possessed.get(e.name.as_str())?.iter().copied().find(|whole| {
        let tail = &whole[e.name.len()..];
        e.mentions.iter().all(|m| {
            let after = a.sentences.get(m.sentence).and_then(|s| s.text.get(m.end..)).unwrap_or_default();
            // Straight and curly apostrophes are one.
            let apostrophe = |c: char| if c == '’' { '\'' } else { c };
            let mut rest = after.chars().map(apostrophe);
            tail.chars().map(apostrophe).all(|t| rest.next() == Some(t))
                && !rest.next().is_some_and(char::is_alphanumeric)
        })
    })
}

/// "Polvania" for "Neighboring Polvania": a name whose first word is capitalised only for
/// opening its sentences, where the story also writes that word in lower case before the rest
/// ("a team from neighboring Polvania"). A one-word name so written is no name at all
/// ("Dockworkers at Port Calder walked out", beside "the dockworkers' strike"): `Some("")`.
fn opener_dropped<'a>(analyses: &[&Analysis], a: &Analysis, e: &'a Entity) -> Option<&'a str> {
    let (first, rest) = e.name.split_once(' ').unwrap_or((e.name.as_str(), ""));
    let one_word = rest.is_empty();
    if e.mentions.is_empty()
        || !first.starts_with(char::is_uppercase)
        || (one_word && (e.kind == EntityKind::Person || first.chars().skip(1).any(char::is_uppercase)))
    {
        return None;
    }
    let opens = e.mentions.iter().all(|m| {
        let Some(text) = a.sentences.get(m.sentence).map(|s| s.text.as_str()) else { return false };
        // A wire dateline before the name ("PORT CALDER (Wire) — Dockworkers ...") opens nothing.
        let from =
            a.datelines.iter().find(|d| d.sentence == m.sentence && d.end <= m.start).map_or(0, |d| d.end);
        !text.get(from..m.start).unwrap_or_default().contains(char::is_alphanumeric)
    });
    if !opens {
        return None;
    }
    let lower = if one_word { first.to_lowercase() } else { format!("{} {rest}", first.to_lowercase()) };
    let written = analyses.iter().flat_map(|b| &b.sentences).any(|s| {
        s.text.match_indices(&lower).any(|(i, _)| {
            let before = s.text[..i].chars().next_back();
            let after = s.text[i + lower.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    });
    written.then_some(rest)
}

/// Whether `other` writes a role held capitalised only for opening a sentence ("Chief executive
/// Ana Ruiz said") as running text does: in lower case, alone or after an owner ("the chief
/// executive", "Kestrel's chief executive"). Such a role is shown as `other` writes it.
fn in_running_text(held: &str, other: &str) -> bool {
    let Some(at) = other.len().checked_sub(held.len()) else { return false };
    held.starts_with(char::is_uppercase)
        && other
            .get(at..)
            .is_some_and(|t| t.starts_with(char::is_lowercase) && t.to_lowercase() == held.to_lowercase())
        && (at == 0 || other[..at].ends_with(' '))
}

/// Merge the entities of a story's analyses.
pub fn resolve(analyses: &[&Analysis]) -> Vec<StoryEntity> {
    resolve_assigned(analyses).0
}

/// [`resolve`], with where each article entity went: `assigned[a][e]` is the index of the story
/// entity that `analyses[a].entities[e]` joined (`None` for a name with nothing to match on).
pub fn resolve_assigned(analyses: &[&Analysis]) -> (Vec<StoryEntity>, Vec<Vec<Option<usize>>>) {
    // (name as the story reads it, kind, role, mentions, document, (analysis, entity))
    type Entry<'a> = (&'a str, EntityKind, Option<&'a str>, usize, &'a str, (usize, usize));
    let mut all: Vec<Entry> = Vec::new();
    let possessed = possessive_names(analyses);
    for (ai, a) in analyses.iter().enumerate() {
        for (ei, e) in a.entities.iter().enumerate() {
            let name = whole_name(a, e, &possessed)
                .or_else(|| opener_dropped(analyses, a, e))
                .unwrap_or(e.name.as_str());
            if name.is_empty() {
                continue;
            }
            all.push((name, e.kind, e.role.as_deref(), e.mentions.len(), a.doc_id.as_str(), (ai, ei)));
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
    let places: HashSet<String> =
        all.iter().filter(|e| e.1 == EntityKind::Place).map(|e| place_key(&name_parts(e.0))).collect();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut index = Lookup::default();
    for (name, kind, role, mentions, doc, member) in all {
        let (ai, ei) = member;
        let written = analyses[ai].entities[ei].name.as_str();
        let parts = name_parts(name);
        if parts.is_empty() {
            continue;
        }
        let candidates = index.candidates(&parts);
        // An ambiguous surname goes to the most mentioned person of that name.
        let target = candidates
            .into_iter()
            .filter(|&i| compatible(&clusters[i], kind, &parts, &places))
            .max_by_key(|&i| (clusters[i].mentions, std::cmp::Reverse(i)))
            // A word the story also names as a place is not someone's first name ("Greyhaven"
            // beside a party the tagger took for a person, "Greyhaven First").
            .or_else(|| {
                let place = places.contains(&place_key(&parts));
                first_name_of(&clusters, index.first_names(&parts), kind, &parts).filter(|_| !place)
            });
        let c = match target {
            Some(i) => &mut clusters[i],
            None => {
                index.add(clusters.len(), kind, &parts);
                clusters.push(Cluster {
                    kind,
                    votes: [0; 4],
                    role: None,
                    parts,
                    forms: BTreeMap::new(),
                    misread: BTreeSet::new(),
                    articles: Vec::new(),
                    mentions: 0,
                    members: Vec::new(),
                });
                clusters.last_mut().expect("just pushed")
            }
        };
        c.votes[slot(kind)] += mentions.max(1);
        match (c.role.as_deref(), role) {
            (None, _) => c.role = role.map(str::to_string),
            (Some(held), Some(r)) if in_running_text(held, r) => c.role = Some(r.to_string()),
            _ => {}
        }
        *c.forms.entry(name.to_string()).or_default() += mentions.max(1);
        if written != name {
            c.misread.insert(written.to_string());
        }
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
            // The canonical name: the most used of the fullest forms, as running text writes it
            // rather than a dateline's capitals ("Valmera", not "VALMERA").
            let shouted = |f: &str| {
                !f.chars().any(char::is_lowercase)
                    && c.forms
                        .keys()
                        .any(|g| g != f && g.to_uppercase() == f && g.chars().any(char::is_lowercase))
            };
            let name = c
                .forms
                .iter()
                .filter(|(f, _)| f.split_whitespace().count() >= full)
                .max_by(|a, b| shouted(b.0).cmp(&shouted(a.0)).then(a.1.cmp(b.1)).then(b.0.cmp(a.0)))
                .or_else(|| c.forms.iter().max_by_key(|f| f.1))
                .map(|f| f.0.clone())
                .unwrap_or_default();
            let entity = StoryEntity {
                name,
                kind: vote(&c),
                role: c.role,
                misread: c.misread.into_iter().filter(|m| !c.forms.contains_key(m)).collect(),
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
    use storyweave_model::{Mention, Sentence};

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
                    references: Vec::new(),
                })
                .collect(),
            ..Analysis::default()
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
            ("Tariq", "Tarik"),
            ("Mikhail", "Mihail"),
            ("Kharkiv", "Harkiv"),
            ("Mathias", "Mattias"),
            ("Stephan", "Stefan"),
        ] {
            assert!(same_spelling(a, b), "{a} {b}");
        }
        assert!(!same_spelling("Putin", "Patten"));
        assert!(!same_spelling("Ivan", "Evan"));
        assert!(!same_spelling("Martin", "Marta"));
    }

    #[test]
    fn a_story_entity_is_named_as_running_text_writes_it() {
        let a = analysis("a", &[("VALMERA", EntityKind::Place), ("NATO", EntityKind::Organization)]);
        let b = analysis("b", &[("Valmera", EntityKind::Place)]);
        let c = analysis("c", &[("VALMERA", EntityKind::Place), ("NATO", EntityKind::Organization)]);
        let out = resolve(&[&a, &b, &c]);
        let names: Vec<&str> = out.iter().map(|e| e.name.as_str()).collect();
        // The capitals of two datelines give way to the one article writing the name; an acronym
        // no article writes otherwise stays as it is.
        assert!(names.contains(&"Valmera") && names.contains(&"NATO"), "{out:#?}");
    }

    #[test]
    fn a_role_is_shown_as_running_text_writes_it() {
        let with_role = |doc: &str, role: &str| {
            let mut an = analysis(doc, &[("Ana Ruiz", EntityKind::Person)]);
            an.entities[0].role = Some(role.into());
            an
        };
        let (a, b, c) =
            (with_role("a", "Chief executive"), with_role("b", "chief executive"), with_role("c", "Mayor"));
        assert_eq!(resolve(&[&a, &b]).first().and_then(|e| e.role.as_deref()), Some("chief executive"));
        let d = with_role("d", "Kestrel's chief executive");
        assert_eq!(
            resolve(&[&a, &d]).first().and_then(|e| e.role.as_deref()),
            Some("Kestrel's chief executive")
        );
        // A title stays a title.
        assert_eq!(resolve(&[&c, &b]).first().and_then(|e| e.role.as_deref()), Some("Mayor"));
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

    #[test]
    fn a_lone_word_person_yields_to_a_place_and_types_follow_the_mentions() {
        use EntityKind::*;
        let a = analysis("a", &[("Kyiv", Person), ("Tomahawks", Other), ("Michael Jordan", Person)]);
        let b = analysis("b", &[("Kyiv", Person), ("Tomahawk", Other), ("Tomahawks", Person)]);
        let c = analysis("c", &[("Kiev", Place), ("Tomahawk", Place), ("Jordan", Place)]);
        let out = resolve(&[&a, &b, &c]);
        let find = |n: &str| out.iter().find(|e| e.variants.iter().any(|v| v == n)).unwrap();
        let kyiv = find("Kyiv");
        assert_eq!(kyiv.variants, ["Kiev", "Kyiv"]);
        assert_eq!(kyiv.kind, Place);
        let tomahawk = find("Tomahawk");
        assert_eq!(tomahawk.variants, ["Tomahawk", "Tomahawks"]);
        assert_eq!(tomahawk.kind, Other, "two mentions say other, one place, one person");
        assert_eq!(out.iter().filter(|e| e.variants.iter().any(|v| v.starts_with("Toma"))).count(), 1);
        // A person named in full is no lone word: the country keeps its own entity.
        assert_ne!(find("Jordan").name, find("Michael Jordan").name);
        assert_eq!(find("Jordan").kind, Place);
        // One name as a place and as an organisation is one entity; most mentions type it.
        let d = analysis(
            "d",
            &[("Halden", Organization), ("Halden", Organization), ("Halden Council", Organization)],
        );
        let e = analysis("e", &[("Halden", Place)]);
        let out = resolve(&[&d, &e]);
        let halden: Vec<&StoryEntity> = out.iter().filter(|x| x.name == "Halden").collect();
        assert_eq!(halden.len(), 1, "{out:?}");
        assert_eq!(halden[0].kind, Place);
        assert_eq!(out.len(), 2, "the council stays apart: {out:?}");
    }

    #[test]
    fn initials_and_first_names_join_the_full_name_when_unambiguous() {
        use EntityKind::*;
        let a = analysis("a", &[("United States", Place), ("European Union", Organization)]);
        let b = analysis("b", &[("U.S.", Place), ("EU", Organization), ("US", Place), ("UN", Organization)]);
        let c = analysis("c", &[("Melania Trump", Person), ("Donald Trump", Person), ("Melania", Person)]);
        let d = analysis("d", &[("Donald Tusk", Person), ("Donald", Person)]);
        let out = resolve(&[&a, &b, &c, &d]);
        let find = |n: &str| out.iter().find(|e| e.variants.iter().any(|v| v == n)).unwrap();
        assert_eq!(find("United States").variants, ["U.S.", "US", "United States"]);
        assert_eq!(find("EU").name, "European Union");
        assert_eq!(find("UN").variants, ["UN"]);
        assert_eq!(find("Melania").name, "Melania Trump");
        // Two Donalds named in full: "Donald" alone stays apart.
        assert_eq!(find("Donald").variants, ["Donald"]);
        // A first name that the story names as a place joins the place, however often the
        // tagger took it for a person.
        let e = analysis("e", &[("Brennock Forward", Person), ("Brennock", Person)]);
        let f = analysis("f", &[("Brennock", Person), ("Brennock", Place)]);
        let out = resolve(&[&e, &f]);
        let find = |n: &str| out.iter().find(|e| e.variants.iter().any(|v| v == n)).unwrap();
        assert_eq!(find("Brennock Forward").variants, ["Brennock Forward"]);
    }

    #[test]
    fn the_lookup_finds_every_cluster_a_name_may_join() {
        use EntityKind::*;
        let names = [
            "Zelensky",
            "Zelenskyy",
            "Volodymyr Zelensky",
            "Kyiv",
            "Kiev",
            "Donald Trump",
            "Trump",
            "Melania",
            "Melania Trump",
            "U.S.",
            "US",
            "United States",
            "EU",
            "European Union",
            "Tomahawk",
            "Tomahawks",
            "Patriot",
            "Patriots",
            "Sergey Lavrov",
            "Sergei Lavrov",
            "Bank of England",
            "BOE",
            "Halden",
            "Halden Council",
            "''",
            "Ab",
            "Boston Red Sox",
            "Red Sox",
            "Donald Trump Jr.",
            "Vincent 'The Chin' Gigante",
            "Gigante",
            "Microsoft Corp.",
            "Microsoft",
            "The Associated Press",
            "Hewlett-Packard",
            "HP",
            "H-P",
            "U.S. Geological Survey",
            "USGS",
            "SeaMicro",
            "Sea Micro",
            "Halden Colts",
            "Colts",
            "National Library of Halden",
            "National Library",
        ];
        let places: HashSet<String> = ["halden", "boston"].map(String::from).into();
        for kind in [Person, Organization, Place, Other] {
            for other in [Person, Organization, Place, Other] {
                for a in names {
                    let mut lookup = Lookup::default();
                    let founded = name_parts(a);
                    lookup.add(0, kind, &founded);
                    let cluster = Cluster {
                        kind,
                        votes: [0; 4],
                        role: None,
                        parts: founded,
                        forms: BTreeMap::new(),
                        misread: BTreeSet::new(),
                        articles: vec![],
                        mentions: 1,
                        members: vec![],
                    };
                    for b in names {
                        let parts = name_parts(b);
                        if compatible(&cluster, other, &parts, &places) {
                            assert_eq!(lookup.candidates(&parts), [0], "{a} ({kind:?}) / {b} ({other:?})");
                        }
                        let lone = first_name_of(std::slice::from_ref(&cluster), &[0], other, &parts);
                        if lone.is_some() {
                            assert_eq!(lookup.first_names(&parts), [0], "{a} / {b}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn one_name_across_types_legal_forms_nicknames_and_initials() {
        use EntityKind::*;
        let a = analysis(
            "a",
            &[
                ("Lena Brandt", Person),
                ("Halvik Corp.", Organization),
                ("Ostmark Otters", Organization),
                ("Ostmark", Place),
                ("Nordby-Vale", Organization),
                ("Anton Reiss Jr.", Person),
                ("Anton Reiss", Person),
            ],
        );
        let b = analysis(
            "b",
            &[
                ("Lena Brandt", Organization),
                ("Halvik", Organization),
                ("Otters", Other),
                ("NV", Organization),
                ("N-V", Organization),
                ("Tomas 'The Bear' Lind", Person),
                ("The Halvik", Organization),
            ],
        );
        let c = analysis("c", &[("Tomas Lind", Person), ("Sea Grove", Person), ("SeaGrove", Organization)]);
        let out = resolve(&[&a, &b, &c]);
        let find = |n: &str| out.iter().find(|e| e.variants.iter().any(|v| v == n)).unwrap();
        assert_eq!(find("Lena Brandt").variants.len(), 1, "one entity, both readings: {out:?}");
        assert_eq!(find("Lena Brandt").kind, Person);
        assert_eq!(find("Halvik").variants, ["Halvik", "Halvik Corp.", "The Halvik"]);
        assert_eq!(find("Otters").name, "Ostmark Otters");
        assert_eq!(find("NV").variants, ["N-V", "NV", "Nordby-Vale"]);
        assert_eq!(find("Tomas Lind").name, find("Tomas 'The Bear' Lind").name);
        assert_eq!(find("Sea Grove").name, find("SeaGrove").name);
        // Father and son keep their own entities.
        assert_ne!(find("Anton Reiss Jr.").name, find("Anton Reiss").name);
        // Without the place on its own, a shorter name stays apart.
        let d = analysis("d", &[("Vesta Rovers", Organization), ("Rovers", Other)]);
        assert_eq!(resolve(&[&d]).len(), 2);
        // A body "of" a place the story names is the body written short.
        let of = analysis(
            "of",
            &[
                ("National Museum of Ostmark", Organization),
                ("National Museum", Organization),
                ("Ostmark", Place),
            ],
        );
        assert_eq!(resolve(&[&of]).len(), 2);
        let unnamed = analysis("unnamed", &[("Bank of Halvern", Organization), ("Bank", Organization)]);
        assert_eq!(resolve(&[&unnamed]).len(), 2);
        // A place is no body named after one.
        let e = analysis("e", &[("South Sudan", Place), ("Sudan", Place), ("South", Place)]);
        assert_eq!(resolve(&[&e]).len(), 3);
    }

    #[test]
    fn a_name_with_a_possessive_the_tagger_cut_short_is_whole_again() {
        use EntityKind::*;
        // Article b writes "Carver's Point" once and its tagger kept "Carver"; c's "Carver" is
        // someone else's name, followed by something else.
        let a = analysis("a", &[("Carver's Point", Place)]);
        let written = |doc: &str, text: &str, kind: EntityKind| {
            let mut an = analysis(doc, &[("Carver", kind)]);
            an.sentences = vec![Sentence { text: text.into(), paragraph: 0 }];
            an.entities[0].mentions[0].end = "Carver".len();
            an
        };
        let b = written("b", "Carver’s Point flooded.", Place);
        let c = written("c", "Carver's team won.", Organization);
        let out = resolve(&[&a, &b, &c]);
        let point = out.iter().find(|e| e.name == "Carver's Point").unwrap();
        assert_eq!(point.articles, ["a", "b"], "{out:?}");
        assert_eq!(point.variants, ["Carver's Point"]);
        assert!(out.iter().any(|e| e.name == "Carver" && e.articles == ["c"]), "{out:?}");
        assert_eq!(point.misread, ["Carver"]);
        assert_eq!(
            StoryEntity::named(&out, "Carver").map(|e| e.articles.clone()),
            Some(vec!["c".to_string()])
        );
    }

    #[test]
    fn a_word_capitalised_for_opening_a_sentence_is_no_part_of_the_name() {
        use EntityKind::*;
        let with = |doc: &str, name: &str, text: &str, at: usize| {
            let mut an = analysis(doc, &[(name, Place)]);
            an.sentences = vec![Sentence { text: text.into(), paragraph: 0 }];
            an.entities[0].mentions[0] =
                Mention { sentence: 0, start: at, end: at + name.len(), text: name.into() };
            an
        };
        let a = with("a", "Neighboring Ostmark", "Neighboring Ostmark sent a team.", 0);
        let b =
            with("b", "Ostmark", "Dogs from neighboring Ostmark arrived.", "Dogs from neighboring ".len());
        // Without the word in lower case before the rest, the name stands.
        let c = with("c", "Northern Halden", "“Northern Halden is safe,” she said.", "“".len());
        // A one-word name only ever opening sentences, after a wire dateline too, that the
        // story writes in lower case, is a common noun.
        let mut d = with("d", "Dockers", "VELD (Wire) — Dockers walked out. The dockers' union agreed.", 0);
        d.entities[0].mentions[0].start = "VELD (Wire) — ".len();
        d.entities[0].mentions[0].end = "VELD (Wire) — Dockers".len();
        d.datelines =
            vec![storyweave_model::TextSpan { sentence: 0, start: 0, end: "VELD (Wire) — ".len() }];
        let out = resolve(&[&a, &b, &c, &d]);
        assert_eq!(out.len(), 2, "{out:?}");
        let ostmark = out.iter().find(|e| e.name == "Ostmark").unwrap();
        assert_eq!(ostmark.variants, ["Ostmark"]);
        assert_eq!(ostmark.misread, ["Neighboring Ostmark"]);
        assert!(ostmark.is_named("Neighboring Ostmark") && ostmark.is_named("Ostmark"));
        assert!(out.iter().any(|e| e.name == "Northern Halden"));
    }

    #[test]
    fn a_plural_joins_things_not_people() {
        let a = analysis("a", &[("Williams", EntityKind::Person), ("Patriots", EntityKind::Other)]);
        let b = analysis("b", &[("William", EntityKind::Person), ("Patriot", EntityKind::Other)]);
        let out = resolve(&[&a, &b]);
        assert_eq!(out.len(), 3, "{out:?}");
    }
}
