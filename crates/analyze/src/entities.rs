//! Named entities of one article. Mentions and their types come from the trained tagger
//! (`storyweave-tagger`, an averaged perceptron trained on CoNLL-2003) run over the article as
//! one document, on CoNLL-style tokens; offsets map back to each sentence's text.
//!
//! On top sits a news layer for what CoNLL does not annotate: titles and roles before a person
//! split off into `Entity.role` ("President", "Secretary of State", "Kremlin aide", "Mr"), or set
//! off by commas beside the name ("Ruth Okafor, the port's chief executive, said"; "The former
//! mayor, Viktor Hale, urged calm"), short mentions merged into the person they name within the
//! article ("Putin", "Mr Putin" join "Vladimir Putin"), seats of power and platforms named for the
//! institution ("the White House", "the Kremlin", "Truth Social"), newspapers ("the Vellan
//! Herald") and companies and bodies known by their last word or the noun before them ("Corvane
//! Chemicals", "the campaign group Clean Tessel") typed as organisations, a dateline's place and
//! a name before "river" or "lake" typed as places, and title-case headlines, whose capitals say
//! nothing about names, trusted only for names the body also writes capitalised. Names are read with the whole
//! article in view: one the tagger cut in two is joined ("Porto Salvena", "Tanner's Reach"), a
//! capitalised word opening a sentence that the article writes in lower case elsewhere is no name,
//! a river's short name is the river ("the Sarrow"), and landmarks ("the Treasury Room", "Piazza
//! del Mare") are places.

use std::collections::{HashMap, HashSet};

use storyweave_model::{Entity, EntityKind, Mention, Sentence};
use storyweave_tagger::tokenize::tokenize;
use storyweave_tagger::Span;

use crate::dateline;
use crate::lexicon::{self as lx, FastSet};

/// The entities of an article's sentences, in order of first mention. Lone nationality
/// adjectives are left out (see [`find_named_entities`]).
pub fn find_entities(sentences: &[Sentence]) -> Vec<Entity> {
    let mut all = find_all(sentences, true);
    all.retain(|e| !is_nationality(e));
    all
}

fn find_all(sentences: &[Sentence], news: bool) -> Vec<Entity> {
    let Some(model) = storyweave_tagger::builtin() else {
        return Vec::new();
    };
    let docs: Vec<Doc> = sentences.iter().map(|s| Doc::new(&s.text)).collect();
    let words: Vec<Vec<&str>> = docs.iter().map(|d| d.words()).collect();
    let spans = model.tag_document(&words);
    let headline = headlines(&docs);
    let mut cands = Vec::new();
    for (si, (d, sp)) in docs.iter().zip(&spans).enumerate() {
        if headline[si] {
            continue;
        }
        for s in sp.iter().flat_map(|&s| pieces(d, s, news)) {
            if let Some(c) = candidate(si, d, sp, s) {
                cands.push(c);
            }
        }
    }
    if headline.iter().any(|&h| h) {
        let mut body: HashMap<Vec<String>, EntityKind> = HashMap::new();
        for c in &cands {
            body.entry(c.key.clone()).or_insert(c.kind);
        }
        // "Roth Calls ...": a person's surname alone names them.
        for c in &cands {
            if c.kind == EntityKind::Person && c.key.len() >= 2 {
                if let Some(l) = c.key.last() {
                    body.entry(vec![l.clone()]).or_insert(EntityKind::Person);
                }
            }
        }
        for (si, d) in docs.iter().enumerate().filter(|(si, _)| headline[*si]) {
            cands.extend(headline_mentions(si, d, &body));
        }
        cands.sort_by_key(|c| (c.sentence, c.start));
    }
    if news {
        cands = joined(&docs, cands);
    }
    let mut cands = hyphen_parts(&docs, split_pairs(things(&docs, cands)));
    if news {
        cands = common_openers(&docs, cands);
        bodies(&docs, &mut cands);
        short_forms(&docs, &mut cands);
        determined(&docs, &mut cands);
        // Newspapers, however the tagger typed or cut their names ("the Calder Gazette").
        for c in cands.iter_mut().filter(|c| c.kind != EntityKind::Person && c.key.len() >= 2) {
            if c.key.last().is_some_and(|w| is_outlet_word(w)) {
                c.kind = EntityKind::Organization;
            }
        }
    }
    merge(cands)
}

/// One name the tagger cut in two: two neighbouring names, neither a person, with only a space
/// between and of different types ("visit Porto Salvena" read as an organisation and a place),
/// typed by the last, the name's head; and a name the article writes at least twice, each time
/// before the same possessive and capitalised word ("near Tanner's Reach", that word tagged or
/// not), a place, as such names mostly are ("Trump's Tower" stays apart where "Trump" stands
/// alone elsewhere).
fn joined(docs: &[Doc], cands: Vec<Cand>) -> Vec<Cand> {
    let gap = |a: &Cand, b: &Cand| -> Option<&str> {
        (a.sentence == b.sentence && a.end <= b.start)
            .then(|| docs.get(a.sentence)?.text.get(a.end..b.start))
            .flatten()
    };
    let bare = |c: &Cand| c.role.is_none() && c.person.is_none();
    let mut out: Vec<Cand> = Vec::with_capacity(cands.len());
    for c in cands {
        if let Some(p) = out.last_mut() {
            let spaced = gap(p, &c) == Some(" ")
                && bare(p)
                && bare(&c)
                && p.kind != c.kind
                && p.kind != EntityKind::Person
                && c.kind != EntityKind::Person;
            if spaced {
                p.text = docs[p.sentence].text[p.start..c.end].to_string();
                p.end = c.end;
                p.key.extend(c.key);
                p.words += c.words;
                p.kind = c.kind;
                continue;
            }
        }
        out.push(c);
    }
    // The capitalised word after a name's possessive, and where it ends.
    let follower = |c: &Cand| -> Option<(String, usize)> {
        let text = docs.get(c.sentence)?.text;
        let rest = text.get(c.end..)?;
        let rest = rest.strip_prefix("'s ").or_else(|| rest.strip_prefix("’s "))?;
        let len = rest.find(|ch: char| !ch.is_alphabetic()).unwrap_or(rest.len());
        let (word, after) = rest.split_at(len);
        let folded = word.to_lowercase();
        // The word must end the name ("CNN's Larry King" is two names) and be no title.
        let ends = !after.strip_prefix(' ').is_some_and(|a| a.starts_with(char::is_uppercase));
        let named = word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 2;
        (ends && named && !lx::is_title(&folded)).then(|| (folded, text.len() - after.len()))
    };
    // Per name: the word after it each time it stands (none once it stands without), and how
    // often; the name must stand at least twice, always before that word.
    let mut seen: HashMap<&[String], (Option<String>, usize)> = HashMap::new();
    for c in &out {
        let next = follower(c).map(|(w, _)| w).filter(|_| bare(c) && c.key.len() <= 2);
        seen.entry(&c.key)
            .and_modify(|(w, n)| {
                *w = w.take().filter(|w| Some(w) == next.as_ref());
                *n += 1;
            })
            .or_insert((next, 1));
    }
    let pairs: HashMap<Vec<String>, String> = seen
        .into_iter()
        .filter(|(_, (_, n))| *n >= 2)
        .filter_map(|(k, (w, _))| Some((k.to_vec(), w?)))
        .collect();
    if pairs.is_empty() {
        return out;
    }
    // The second word must not stand alone elsewhere either.
    let joined_at: HashSet<(usize, usize)> = out
        .iter()
        .filter(|c| pairs.contains_key(&c.key))
        .filter_map(|c| Some((c.sentence, follower(c)?.1)))
        .collect();
    let lone_seconds: HashSet<String> = out
        .iter()
        .filter(|c| c.key.len() == 1 && !joined_at.contains(&(c.sentence, c.end)))
        .map(|c| c.key[0].clone())
        .collect();
    let mut merged: Vec<Cand> = Vec::with_capacity(out.len());
    for c in out {
        if merged.last().is_some_and(|p: &Cand| p.sentence == c.sentence && p.end == c.end) {
            continue; // the second word, already part of the name before it
        }
        let mut c = c;
        if let (Some(second), Some((_, end))) = (pairs.get(&c.key), follower(&c)) {
            if !lone_seconds.contains(second) {
                c.text = docs[c.sentence].text[c.start..end].to_string();
                c.end = end;
                c.key.push(second.clone());
                c.words += 2; // the possessive and the word
                c.kind = EntityKind::Place;
            }
        }
        merged.push(c);
    }
    merged
}

/// A lone capitalised word where any word is capitalised (opening a sentence, after a dateline's
/// dash) that the article writes in lower case elsewhere is a common word, not a name
/// ("— Dockworkers at Port Calder walked off", "dockworkers' pay" later).
fn common_openers(docs: &[Doc], mut cands: Vec<Cand>) -> Vec<Cand> {
    // Only a plain word ("U.S." and "HP" are not "us" and "hp") where any word is capitalised.
    let suspect = |c: &Cand| {
        let mut chars = c.text.chars();
        let plain = chars.next().is_some_and(char::is_uppercase) && chars.all(char::is_lowercase);
        plain
            && c.words == 1
            && c.role.is_none()
            && c.key.len() == 1
            && docs
                .get(c.sentence)
                .is_some_and(|d| d.toks.iter().position(|&(a, _)| a >= c.start).is_some_and(|i| d.initial(i)))
    };
    // The few suspects are looked for among the article's words in lower case (no set of all
    // its words: this runs on every article).
    let mut suspects: Vec<&str> = cands.iter().filter(|c| suspect(c)).map(|c| c.key[0].as_str()).collect();
    if suspects.is_empty() {
        return cands;
    }
    suspects.sort_unstable();
    suspects.dedup();
    let mut common = vec![false; suspects.len()];
    for d in docs {
        for i in (0..d.toks.len()).filter(|&i| d.lowercase(i)) {
            if let Ok(k) = suspects.binary_search(&d.fold(i)) {
                common[k] = true;
            }
        }
    }
    let common: HashSet<String> =
        suspects.iter().zip(&common).filter(|(_, &c)| c).map(|(w, _)| w.to_string()).collect();
    cands.retain(|c| !(c.key.first().is_some_and(|k| common.contains(k)) && suspect(c)));
    cands
}

/// "the Sarrow" where the article also writes "the Sarrow River": the same river (lake, sea,
/// range) without its class word, written after "the" as such names are and as a state or city
/// of the same name ("Mississippi") is not.
fn short_forms(docs: &[Doc], cands: &mut [Cand]) {
    let full: HashMap<String, Vec<String>> = cands
        .iter()
        .filter(|c| c.kind == EntityKind::Place && c.key.len() == 2 && is_feature_word(&c.key[1]))
        .map(|c| (c.key[0].clone(), c.key.clone()))
        .collect();
    if full.is_empty() {
        return;
    }
    for c in cands
        .iter_mut()
        .filter(|c| c.kind == EntityKind::Place && c.key.len() == 1 && full.contains_key(&c.key[0]))
    {
        let Some(d) = docs.get(c.sentence) else { continue };
        let Some(i) = d.toks.iter().position(|&(a, _)| a >= c.start) else { continue };
        if i > 0 && d.fold(i - 1) == "the" {
            if let Some(long) = full.get(&c.key[0]) {
                c.key = long.clone();
            }
        }
    }
}

/// The last word of a company's or a public body's name ("Corvane Chemicals", "Tessel Water
/// Authority", "Halvik Corp"): people's surnames are seldom these words ("bank" is left out: the
/// West Bank).
fn is_body_head(w: &str) -> bool {
    storyweave_text::is_legal_form(w)
        || matches!(
            w,
            "chemicals"
                | "industries"
                | "holdings"
                | "group"
                | "airlines"
                | "airways"
                | "motors"
                | "ferries"
                | "pharmaceuticals"
                | "technologies"
                | "investments"
                | "insurance"
                | "logistics"
                | "laboratories"
                | "railways"
                | "association"
                | "federation"
                | "council"
                | "committee"
                | "commission"
                | "ministry"
                | "department"
                | "agency"
                | "authority"
                | "institute"
                | "university"
                | "foundation"
                | "society"
                | "party"
                | "coalition"
                | "alliance"
        )
}

/// Nouns naming a kind of body, which a body's name follows ("the campaign group Clean Tessel",
/// "the carrier Aldrail").
fn is_body_noun(w: &str) -> bool {
    matches!(
        w,
        "group"
            | "charity"
            | "company"
            | "firm"
            | "union"
            | "party"
            | "agency"
            | "organisation"
            | "organization"
            | "movement"
            | "coalition"
            | "association"
            | "airline"
            | "carrier"
            | "lender"
            | "bank"
            | "retailer"
            | "insurer"
            | "broadcaster"
            | "publisher"
            | "conglomerate"
            | "manufacturer"
            | "regulator"
            | "watchdog"
            | "nonprofit"
            | "band"
    )
}

/// Names of bodies, however the tagger typed them: a name of two or more words ending in a
/// body's word ("Corvane Chemicals"), one written right after a noun naming a kind of body
/// ("the campaign group Clean Tessel"), or a "person" a person is "of" ("Ruta Kalnina of Clean
/// Tessel"), is an organisation, and so is every mention of the same name in the article. A name
/// given a role is left a person's: the role says so.
fn bodies(docs: &[Doc], cands: &mut [Cand]) {
    let mut found: HashSet<Vec<String>> = HashSet::new();
    let people: HashSet<(usize, usize)> =
        cands.iter().filter(|c| c.kind == EntityKind::Person).map(|c| (c.sentence, c.end)).collect();
    for c in cands.iter().filter(|c| c.role.is_none() && c.kind != EntityKind::Organization) {
        let Some(d) = docs.get(c.sentence) else { continue };
        let Some(i) = d.toks.iter().position(|&(a, _)| a >= c.start) else { continue };
        let headed = c.key.len() >= 2 && c.key.last().is_some_and(|w| is_body_head(w));
        // The noun in lower case: "European Union Gordon Sondland" is a title.
        let after_noun = i > 0
            && is_body_noun(d.fold(i - 1))
            && d.text[d.toks[i - 1].0..].starts_with(|ch: char| ch.is_lowercase());
        // "Ruta Kalnina of Clean Tessel": whom a person is "of" is a body, where not a place.
        let of_person = c.kind == EntityKind::Person
            && i > 1
            && d.fold(i - 1) == "of"
            && people.contains(&(c.sentence, d.toks[i - 2].1));
        if headed || after_noun || of_person {
            found.insert(c.key.clone());
        }
    }
    // The first word alone names the body too ("Corvane said"), unless it is a place.
    let first: HashMap<String, Vec<String>> = found
        .iter()
        .filter(|k| k.len() >= 2 && k.last().is_some_and(|w| is_body_head(w)))
        .map(|k| (k[0].clone(), k.clone()))
        .collect();
    for c in cands.iter_mut().filter(|c| c.role.is_none()) {
        if c.key.len() == 1 && c.kind != EntityKind::Place {
            if let Some(full) = first.get(&c.key[0]) {
                c.key = full.clone();
            }
        }
        if found.contains(&c.key) {
            c.kind = EntityKind::Organization;
            c.person = None;
        }
    }
}

/// A name the tagger called a person but which the article mostly writes after an article,
/// perhaps with a modifier between ("took the Halsted Psalter", "the 13th-century Halsted
/// Psalter", "another Halsted Psalter"), is a thing: people's names seldom take one, titles and
/// roles aside ("the Russian president" never reaches here as a name). Mentions vote by their
/// last word, so "Psalter" alone counts with the full name.
fn determined(docs: &[Doc], cands: &mut [Cand]) {
    let mut votes: HashMap<&str, (usize, usize)> = HashMap::new();
    for c in cands.iter().filter(|c| c.kind == EntityKind::Person && c.role.is_none()) {
        let (Some(d), Some(last)) = (docs.get(c.sentence), c.key.last()) else { continue };
        let Some(mut i) = d.toks.iter().position(|&(a, _)| a >= c.start) else { continue };
        // Possessives count: "her Civic Alliance", "their Halsted Psalter".
        let article = |i: usize| {
            matches!(
                d.word(i),
                "the"
                    | "a"
                    | "an"
                    | "another"
                    | "her"
                    | "his"
                    | "their"
                    | "its"
                    | "our"
                    | "Her"
                    | "His"
                    | "Their"
                    | "Its"
                    | "Our"
            )
        };
        let modifier = |i: usize| {
            let w = d.word(i);
            !article(i)
                && (w.chars().any(|ch| ch.is_ascii_digit())
                    || (d.lowercase(i)
                        && !storyweave_text::is_stopword(w)
                        && w.chars().all(|ch| ch.is_alphabetic() || ch == '-')))
        };
        let mut skipped = 0;
        while i > 0 && skipped < 2 && modifier(i - 1) {
            i -= 1;
            skipped += 1;
        }
        let after_article = i > 0 && article(i - 1);
        let v = votes.entry(last.as_str()).or_default();
        v.0 += usize::from(after_article);
        v.1 += 1;
    }
    let things: HashSet<String> =
        votes.into_iter().filter(|(_, (det, all))| *det * 2 > *all).map(|(k, _)| k.to_string()).collect();
    for c in cands.iter_mut() {
        if c.kind == EntityKind::Person
            && c.role.is_none()
            && c.key.last().is_some_and(|l| things.contains(l))
        {
            let body = c.key.last().is_some_and(|l| is_body_word(l));
            c.kind = if body { EntityKind::Organization } else { EntityKind::Other };
            c.person = None;
        }
    }
}

/// The last word of a body's name: a thing named so is an organisation ("the Civic Alliance").
fn is_body_word(w: &str) -> bool {
    matches!(
        w,
        "alliance"
            | "party"
            | "union"
            | "league"
            | "council"
            | "committee"
            | "association"
            | "federation"
            | "coalition"
            | "movement"
            | "institute"
            | "foundation"
            | "agency"
            | "company"
            | "corporation"
            | "group"
            | "bank"
            | "fund"
            | "club"
            | "society"
            | "university"
            | "college"
            | "commission"
            | "authority"
            | "ministry"
            | "department"
            | "service"
            | "board"
    )
}

/// A tagger span cut where no name runs on: at a comma, semicolon or colon ("on Truth
/// Social, Trump said" holds two names) and at a word in lower case other than a name's small
/// connecting words ("Kyiv long-range Tomahawk": in the news view only, as CoNLL's names keep
/// such words now and then); without a connective that opens a sentence ("Though Trump", and
/// inside a quotation, "“We are ready. If Port Calder stands still").
fn pieces(d: &Doc, s: Span, news: bool) -> Vec<Span> {
    let mut a = s.start;
    // The span's first word opens a sentence when only marks stand before it back to the start
    // or to a full stop (a quotation can hold several sentences).
    let f = (a..s.end).find(|&i| d.word(i).chars().any(char::is_alphanumeric)).unwrap_or(s.end);
    let opens = (0..f).rev().find(|&i| !matches!(d.word(i), "“" | "\"" | "‘" | "'" | "(" | "—" | "–"));
    let opens = opens.is_none_or(|i| matches!(d.word(i), "." | "?" | "!" | ":"));
    if opens && f + 1 < s.end && d.capitalised(f + 1) && is_connective(d.fold(f)) {
        a = f + 1;
    }
    // Small words inside names ("Bank of England", "Bosnia and Herzegovina") do not cut.
    let inside = |w: &str| {
        lx::is_name_connector(w) || matches!(w, "the" | "and" | "for" | "on") || w.starts_with("al-")
    };
    let mut out = Vec::new();
    let mut from = a;
    for i in a..s.end.min(d.toks.len()) {
        let lower_word = news && d.lowercase(i) && !inside(d.fold(i));
        if matches!(d.word(i), "," | ";" | ":") || (lower_word && i > a && i + 1 < s.end) {
            if from < i {
                out.push(Span { start: from, end: i, kind: s.kind });
            }
            from = i + 1;
        }
    }
    if from < s.end {
        out.push(Span { start: from, end: s.end, kind: s.kind });
    }
    out
}

/// Words that join a sentence to the one before and are capitalised only for opening it.
fn is_connective(folded: &str) -> bool {
    matches!(
        folded,
        "though"
            | "although"
            | "but"
            | "and"
            | "however"
            | "yet"
            | "while"
            | "when"
            | "if"
            | "as"
            | "after"
            | "before"
            | "since"
            | "because"
            | "meanwhile"
            | "still"
            | "then"
            | "also"
            | "instead"
            | "so"
    )
}

/// Nouns of classes of made things that follow the name of a model ("Tomahawk missiles",
/// "Falcon drones"). Names of people and places do not stand there.
fn is_class_noun(w: &str) -> bool {
    matches!(
        w,
        "missile"
            | "missiles"
            | "rocket"
            | "rockets"
            | "drone"
            | "drones"
            | "jet"
            | "jets"
            | "fighter"
            | "fighters"
            | "tank"
            | "tanks"
            | "helicopter"
            | "helicopters"
            | "launcher"
            | "launchers"
            | "warship"
            | "warships"
            | "submarine"
            | "submarines"
            | "rifle"
            | "rifles"
            | "howitzer"
            | "howitzers"
    )
}

/// A name the tagger called a person or a place but which stands before a class noun ("sell
/// Kyiv Tomahawk missiles") is a thing, and so is every mention of it in the article
/// ("Tomahawks" included); a person's name ending in it loses that word.
fn things(docs: &[Doc], mut cands: Vec<Cand>) -> Vec<Cand> {
    let singular = |k: &str| k.strip_suffix('s').unwrap_or(k).to_string();
    let mut found: HashSet<String> = HashSet::new();
    for c in &cands {
        let Some(d) = docs.get(c.sentence) else { continue };
        let next = d.toks.iter().position(|&(a, _)| a >= c.end);
        let before_class = next.is_some_and(|i| is_class_noun(d.fold(i)));
        if before_class && matches!(c.kind, EntityKind::Person | EntityKind::Place) && c.role.is_none() {
            if let Some(last) = c.key.last() {
                found.insert(singular(last));
            }
        }
    }
    if found.is_empty() {
        return cands;
    }
    let mut out = Vec::with_capacity(cands.len());
    let mut split_off = Vec::new();
    for mut c in cands.drain(..) {
        let last_is_thing = c.key.last().is_some_and(|l| found.contains(&singular(l)));
        if !last_is_thing || c.role.is_some() {
            out.push(c);
            continue;
        }
        let parts: Vec<&str> = c.text.split(' ').collect();
        if c.key.len() == 2 && parts.len() == 2 && c.words == 2 {
            // "Kyiv Tomahawk": the first word keeps a name of its own, typed as the tagger
            // typed it alone elsewhere (a place when never seen alone).
            split_off.push(out.len());
            out.push(Cand {
                end: c.start + parts[0].len(),
                text: parts[0].to_string(),
                key: vec![c.key[0].clone()],
                words: 1,
                kind: EntityKind::Place,
                person: None,
                ..c.clone()
            });
            c.start = c.end - parts[1].len();
            c.text = parts[1].to_string();
            c.key.remove(0);
            c.words = 1;
        }
        if c.key.len() == 1 {
            c.kind = EntityKind::Other;
            c.person = None;
        }
        out.push(c);
    }
    // The first words split off take the type their name has alone elsewhere.
    let mut alone: HashMap<String, EntityKind> = HashMap::new();
    for (i, c) in out.iter().enumerate() {
        if c.words == 1 && c.key.len() == 1 && c.kind != EntityKind::Other && !split_off.contains(&i) {
            alone.entry(c.key[0].clone()).or_insert(c.kind);
        }
    }
    for i in split_off {
        if let Some(&k) = out[i].key.first().and_then(|k| alone.get(k)) {
            out[i].kind = k;
        }
    }
    out
}

/// The entities of an article as a CoNLL tagger sees them: [`find_entities`] with nationality
/// adjectives ("Russian", CoNLL's MISC) kept and names not cut at words in lower case. `storyweave eval ner` scores this.
pub fn find_named_entities(sentences: &[Sentence]) -> Vec<Entity> {
    find_all(sentences, false)
}

/// Lone nationality adjectives ("the Russian side") name no one in a brief.
fn is_nationality(e: &Entity) -> bool {
    e.kind == EntityKind::Other
        && e.mentions.iter().all(|m| {
            let f = storyweave_text::fold(&m.text);
            !f.contains(' ') && (lx::is_demonym(&f) || f.strip_suffix('s').is_some_and(lx::is_demonym))
        })
}

/// "sell Kyiv Tomahawk missiles": two words the tagger took for a person's name, each named
/// alone elsewhere in the article as something other than a person, are two mentions.
fn split_pairs(cands: Vec<Cand>) -> Vec<Cand> {
    let mut alone: HashMap<String, EntityKind> = HashMap::new();
    for c in &cands {
        if c.words == 1 && c.key.len() == 1 {
            alone.entry(c.key[0].clone()).or_insert(c.kind);
        }
    }
    let mut out = Vec::with_capacity(cands.len());
    for c in cands {
        let parts: Vec<&str> = c.text.split(' ').collect();
        let kinds = (c.words == 2 && c.role.is_none() && c.key.len() == 2 && parts.len() == 2)
            .then(|| Some((*alone.get(&c.key[0])?, *alone.get(&c.key[1])?)))
            .flatten()
            .filter(|&(k1, k2)| {
                c.kind == EntityKind::Person && k1 != EntityKind::Person && k2 != EntityKind::Person
            });
        let Some((k1, k2)) = kinds else {
            out.push(c);
            continue;
        };
        let second = c.end - parts[1].len();
        out.push(Cand {
            end: c.start + parts[0].len(),
            text: parts[0].to_string(),
            key: vec![c.key[0].clone()],
            words: 1,
            kind: k1,
            person: None,
            ..c.clone()
        });
        out.push(Cand {
            start: second,
            text: parts[1].to_string(),
            key: vec![c.key[1].clone()],
            words: 1,
            kind: k2,
            person: None,
            ..c
        });
    }
    out
}

/// "US-Russia talks", "a post-Ukraine deal", "Kremlin-backed": a hyphenated word whose
/// capitalised parts the article names on their own elsewhere mentions those names, typed as
/// there. A word the tagger took whole is split only when every capitalised part is known.
fn hyphen_parts(docs: &[Doc], cands: Vec<Cand>) -> Vec<Cand> {
    let mut known: HashMap<String, EntityKind> = HashMap::new();
    for c in &cands {
        if c.words == 1 && c.key.len() == 1 && !c.text.contains('-') {
            known.entry(c.key[0].clone()).or_insert(c.kind);
        }
    }
    if known.is_empty() {
        return cands;
    }
    let mut out = Vec::with_capacity(cands.len());
    let mut taken: HashSet<(usize, usize)> = HashSet::new();
    for c in cands {
        if c.words == 1 && c.text.contains('-') {
            if let Some(parts) = known_parts(&c.text, c.start, &known, true) {
                taken.insert((c.sentence, c.start));
                out.extend(parts.into_iter().map(|p| Cand { sentence: c.sentence, ..p }));
                continue;
            }
        }
        out.push(c);
    }
    let covered: HashSet<(usize, usize)> = out.iter().map(|c| (c.sentence, c.start)).collect();
    for (si, d) in docs.iter().enumerate() {
        for (i, &(a, _)) in d.toks.iter().enumerate() {
            let w = d.word(i);
            if !w.contains('-') || taken.contains(&(si, a)) || covered.contains(&(si, a)) {
                continue;
            }
            if out.iter().any(|c| c.sentence == si && c.start <= a && a < c.end) {
                continue;
            }
            if let Some(parts) = known_parts(w, a, &known, false) {
                out.extend(parts.into_iter().map(|p| Cand { sentence: si, ..p }));
            }
        }
    }
    out.sort_by_key(|c| (c.sentence, c.start));
    out
}

/// The known capitalised parts of hyphenated `word` (at byte `at`) as mentions (sentence 0);
/// with `all`, only when every capitalised part is known and there are two, or a lower-case
/// prefix ("post-", "anti-").
fn known_parts(word: &str, at: usize, known: &HashMap<String, EntityKind>, all: bool) -> Option<Vec<Cand>> {
    let mut parts = Vec::new();
    let (mut off, mut capitalised, mut lower_prefix) = (0, 0, false);
    for (k, p) in word.split('-').enumerate() {
        let start = at + off;
        off += p.len() + 1;
        let cap = p.chars().next().is_some_and(char::is_uppercase)
            && p.chars().count() > 1
            && !p.chars().any(|c| c.is_ascii_digit());
        if !cap {
            lower_prefix |= k == 0 && p.chars().all(char::is_lowercase) && !p.is_empty();
            continue;
        }
        capitalised += 1;
        let key = storyweave_text::fold(p).replace('.', "");
        match known.get(&key) {
            Some(&kind) => parts.push(Cand {
                sentence: 0,
                start,
                end: start + p.len(),
                text: p.to_string(),
                key: vec![key],
                words: 1,
                role: None,
                kind,
                person: None,
            }),
            None if all => return None,
            None => {}
        }
    }
    let enough = !parts.is_empty() && (!all || capitalised >= 2 || lower_prefix);
    enough.then_some(parts)
}

/// A sentence cut into CoNLL-style tokens, with their folded forms.
struct Doc<'a> {
    text: &'a str,
    toks: Vec<(usize, usize)>,
    /// The text with its ASCII letters lower-cased, then the folded forms of the other tokens
    /// one after another; token `i`'s folded form is `folded[spans[i].0..spans[i].1]`.
    folded: String,
    spans: Vec<(usize, usize)>,
}

impl<'a> Doc<'a> {
    fn new(text: &'a str) -> Doc<'a> {
        let toks = tokenize(text);
        // An ASCII token (a backtick aside) folds to its stretch of the lower-cased text, less a
        // trailing "'s" (as `storyweave_text::fold` cuts it): one copy of the text rather than
        // one a token.
        let mut folded = String::with_capacity(text.len() + text.len() / 8);
        folded.push_str(text);
        folded.make_ascii_lowercase();
        let spans = toks
            .iter()
            .map(|&(a, b)| {
                let word = &text.as_bytes()[a..b];
                if word.iter().all(|&c| c.is_ascii() && c != b'`') {
                    let n = word.len();
                    let cut = n >= 2 && word[n - 2] == b'\'' && matches!(word[n - 1], b's' | b'S');
                    (a, if cut { b - 2 } else { b })
                } else {
                    let start = folded.len();
                    storyweave_text::fold_onto(&text[a..b], &mut folded);
                    (start, folded.len())
                }
            })
            .collect();
        Doc { text, toks, folded, spans }
    }

    fn words(&self) -> Vec<&'a str> {
        self.toks.iter().map(|&(a, b)| &self.text[a..b]).collect()
    }

    fn word_at(&self, i: usize) -> Option<&'a str> {
        (i < self.toks.len()).then(|| self.word(i))
    }

    fn word(&self, i: usize) -> &'a str {
        let (a, b) = self.toks[i];
        &self.text[a..b]
    }

    /// The folded word without a trailing full stop ("Mr." -> "mr").
    fn fold(&self, i: usize) -> &str {
        let (a, b) = self.spans[i];
        let f = &self.folded[a..b];
        f.strip_suffix('.').unwrap_or(f)
    }

    fn capitalised(&self, i: usize) -> bool {
        self.word(i).chars().next().is_some_and(char::is_uppercase)
    }

    fn lowercase(&self, i: usize) -> bool {
        self.word(i).chars().next().is_some_and(char::is_lowercase)
    }

    /// Whether token `i` stands where any word is capitalised: sentence start, after an opening
    /// quote, a bracket, a colon or a dash.
    fn initial(&self, i: usize) -> bool {
        i == 0
            || matches!(
                self.word(i - 1),
                "\"" | "“"
                    | "‘"
                    | "'"
                    | "«"
                    | "("
                    | "["
                    | ":"
                    | "—"
                    | "–"
                    | "-"
                    | "--"
                    | "•"
                    | "?"
                    | "!"
                    | "."
            )
    }

    /// Whether most words are written in capitals (a wire headline: the tagger knows these).
    fn in_capitals(&self) -> bool {
        let (mut upper, mut words) = (0, 0);
        for i in 0..self.toks.len() {
            let w = self.word(i);
            if w.chars().any(crate::token::alpha) {
                words += 1;
                if !w.chars().any(char::is_lowercase) {
                    upper += 1;
                }
            }
        }
        words >= 2 && upper * 4 >= words * 3
    }
}

/// Which sentences are in title case ("Trump Calls War 'Hardest to Resolve'"), judged against
/// how the article writes its words elsewhere.
fn headlines(docs: &[Doc]) -> Vec<bool> {
    // The words a title-case test counts: (folded, capitalised, a stop word, lower case and not
    // one) for each word of letters, initials aside.
    fn counted<'d>(d: &'d Doc) -> impl Iterator<Item = (&'d str, bool, bool, bool)> + 'd {
        (0..d.toks.len()).filter_map(move |i| {
            let f = d.fold(i);
            if d.initial(i) || !f.chars().all(crate::token::alpha) || f.is_empty() {
                return None;
            }
            let stop = storyweave_text::is_stopword(f);
            Some((f, d.capitalised(i), stop, d.lowercase(i) && !stop))
        })
    }
    // Headlines are short, carry few numbers (tables of results carry many) and are not in
    // capitals; and the test below needs capitalised words, at least half as many as its common
    // words, which number at least the stop words. Most sentences fail these tests, which need
    // nothing of the rest of the article.
    let may_be = |d: &Doc| {
        if d.toks.len() > 25
            || (0..d.toks.len()).filter(|&i| d.word(i).chars().any(|c| c.is_ascii_digit())).count() > 1
            || d.in_capitals()
        {
            return false;
        }
        let (mut caps, mut stops, mut lower_content) = (0, 0, 0);
        for (_, cap, stop, lower) in counted(d) {
            caps += usize::from(cap);
            stops += usize::from(stop);
            lower_content += usize::from(lower);
        }
        (caps >= 2 && caps * 2 >= stops) || (lower_content == 0 && caps >= 3)
    };
    let candidates: Vec<bool> = docs.iter().map(may_be).collect();
    if !candidates.contains(&true) {
        return candidates;
    }
    // Sized for the article's words at once: not rehashed as it grows.
    let words = docs.iter().map(|d| d.toks.len()).sum::<usize>();
    let mut lower = FastSet::with_capacity_and_hasher(words / 2, Default::default());
    for d in docs {
        for i in 0..d.toks.len() {
            if d.lowercase(i) {
                lower.insert(d.fold(i));
            }
        }
    }
    // Title case: most common words of the sentence are capitalised.
    docs.iter()
        .zip(candidates)
        .map(|(d, may_be)| {
            if !may_be {
                return false;
            }
            let (mut common, mut capital, mut caps, mut lower_content) = (0, 0, 0, 0);
            for (f, cap, stop, lower_word) in counted(d) {
                caps += usize::from(cap);
                lower_content += usize::from(lower_word);
                if stop || lower.contains(f) {
                    common += 1;
                    if cap {
                        capital += 1;
                    }
                }
            }
            // Common words in capitals, or every content word capitalised and one of them a
            // common word ("Trump Calls Ukraine War 'Hardest to Resolve'").
            (capital >= 2 && capital * 2 >= common) || (lower_content == 0 && caps >= 3 && capital >= 1)
        })
        .collect()
}

/// One mention before merging.
#[derive(Debug, Clone)]
struct Cand {
    sentence: usize,
    start: usize,
    end: usize,
    text: String,
    /// Folded name words, initials, connectors and full stops dropped.
    key: Vec<String>,
    words: usize,
    role: Option<String>,
    kind: EntityKind,
    /// For a name the tagger did not call a person but which opens with a title ("First Lady
    /// Melania Trump"): the person reading, taken when the article names that person elsewhere.
    person: Option<Box<Cand>>,
}

/// Seats of power named for the institution, and platforms: organisations in news prose.
const INSTITUTION_NAMES: &[&[&str]] = &[
    &["white", "house"],
    &["kremlin"],
    &["pentagon"],
    &["downing", "street"],
    &["elysee"],
    &["elysee", "palace"],
    &["blue", "house"],
    &["truth", "social"],
    &["facebook"],
    &["instagram"],
    &["telegram"],
    &["tiktok"],
    &["twitter"],
    &["youtube"],
    &["whatsapp"],
    &["weibo"],
];

/// The last word of a street's name.
fn is_street_word(w: &str) -> bool {
    matches!(
        w,
        "street"
            | "road"
            | "avenue"
            | "lane"
            | "row"
            | "boulevard"
            | "square"
            | "highway"
            | "alley"
            | "parkway"
    )
}

/// The last word of a building's, a room's or a structure's name.
fn is_landmark_word(w: &str) -> bool {
    matches!(
        w,
        "room"
            | "hall"
            | "dam"
            | "bridge"
            | "tower"
            | "station"
            | "airport"
            | "stadium"
            | "harbour"
            | "harbor"
            | "pier"
            | "quay"
            | "castle"
            | "cathedral"
    )
}

/// The class word after the name of a river, a lake, a sea or a range ("the Sarrow River").
fn is_feature_word(w: &str) -> bool {
    matches!(
        w,
        "river" | "lake" | "sea" | "mountains" | "hills" | "canal" | "strait" | "bay" | "gulf" | "desert"
    )
}

/// The first word of a square's or street's name in languages that put it first.
fn is_square_word(w: &str) -> bool {
    matches!(w, "piazza" | "plaza" | "rue" | "calle" | "avenida" | "praca" | "praça")
}

/// Words after a name that make it a platform or outlet ("his Truth Social platform").
fn is_platform_word(w: &str) -> bool {
    matches!(w, "platform" | "account" | "channel" | "network" | "app" | "feed" | "newspaper" | "broadcaster")
}

/// The last word of a newspaper's or a news service's name ("the Vellan Herald", "Fox News").
fn is_outlet_word(w: &str) -> bool {
    matches!(
        w,
        "herald"
            | "times"
            | "post"
            | "gazette"
            | "tribune"
            | "journal"
            | "chronicle"
            | "courier"
            | "ledger"
            | "observer"
            | "telegraph"
            | "examiner"
            | "inquirer"
            | "enquirer"
            | "sentinel"
            | "bulletin"
            | "dispatch"
            | "daily"
            | "news"
            | "newswire"
            | "wire"
    )
}

/// The mention for tagger span `s` of sentence `si`, with its role; `None` when the news layer
/// drops it.
fn candidate(si: usize, d: &Doc, all: &[Span], s: Span) -> Option<Cand> {
    let (mut a, mut b) = (s.start, s.end);
    if b > d.toks.len() || a >= b {
        return None;
    }
    // Bullets and stray marks at the edges are not part of a name.
    let word_like = |i: usize| d.word(i).chars().any(char::is_alphanumeric);
    while a < b && !word_like(a) {
        a += 1;
    }
    while b > a && !word_like(b - 1) {
        b -= 1;
    }
    if a == b || lx::is_party_tag(d.text.get(d.toks[a].0..d.toks[b - 1].1)?) {
        return None;
    }
    // "Kestrel VP Nina Ortiz" as one span: the company the tagger did not find on its own is
    // part of the person's role, as "Apple" is in "Apple VP Phil Schiller".
    if let Some(k) = name_after_named_role(d, a, b) {
        let text = d.text.get(d.toks[a].0..d.toks[k - 1].1)?.to_string();
        return candidate(si, d, all, Span { start: k, end: b, kind: EntityKind::Person }).map(|mut c| {
            c.role = Some(text);
            c
        });
    }
    let mut kind = s.kind;
    let mut role_start = None;
    if kind == EntityKind::Person {
        // A title the tagger took into the name ("Mr Putin" as one span).
        while b - a > 1 && lx::is_title(d.fold(a)) && !(lx::is_weak_title(d.fold(a)) && b - a < 3) {
            role_start.get_or_insert(a);
            a += 1;
        }
        if role_start.is_none() {
            role_start = role_before(d, all, a);
        }
    } else if a > 0 {
        // A name straight after a title, or set off after one ("the First Lady, Amina"), is a
        // person whatever the tagger says.
        let title_at =
            |i: usize| d.capitalised(i) && lx::is_title(d.fold(i)) && !lx::is_weak_title(d.fold(i));
        let set_off = a >= 2 && d.word(a - 1) == "," && d.capitalised(a - 2) && lx::is_title(d.fold(a - 2));
        if title_at(a - 1) || set_off {
            role_start = role_before(d, all, a);
        }
    }
    // A title opening a name the tagger typed otherwise ("First Lady Melania Trump", "State Lena
    // Park" after "Secretary of"): the person reading, taken at once when a strong title stands
    // before a full name, else kept in reserve.
    let mut sure = false;
    let person = if kind != EntityKind::Person && b - a >= 2 {
        let mut k = a;
        let (mut titled, mut strong) = (false, false);
        while k + 1 < b && (lx::is_title(d.fold(k)) || lx::is_role_modifier(d.fold(k))) {
            titled |= lx::is_title(d.fold(k));
            strong |= lx::is_title(d.fold(k)) && !lx::is_weak_title(d.fold(k));
            k += 1;
        }
        let before = if k > a { role_before(d, all, a) } else { None };
        if before.is_some() {
            (titled, strong) = (true, true);
        }
        let rest = Span { start: k, end: b, kind: EntityKind::Person };
        if titled && d.capitalised(k) {
            sure = strong && b - k >= 2;
            candidate(si, d, all, rest).map(|mut c| {
                let r = d.text.get(d.toks[before.unwrap_or(a)].0..d.toks[k - 1].1).unwrap_or_default();
                c.role = Some(r.to_string());
                Box::new(c)
            })
        } else {
            None
        }
    } else {
        None
    };
    if sure {
        return person.map(|p| *p);
    }
    let role = role_start.and_then(|r| {
        let end = if r < a { d.toks[a - 1].1 } else { return None };
        let text = d.text.get(d.toks[r].0..end)?.trim_end_matches([',', ' ']);
        let single = r + 1 == a || (r + 2 == a && d.word(a - 1) == ",");
        Some(if single { text.trim_end_matches('.') } else { text }.to_string())
    });
    if role.is_some() {
        kind = EntityKind::Person;
    }
    let role = role.or_else(|| if kind == EntityKind::Person { apposed_role(d, a, b) } else { None });
    let key = key_of(d, a, b);
    if key.is_empty() {
        return None;
    }
    let (start, end) = (d.toks[a].0, d.toks[b - 1].1);
    // The news agency a wire dateline credits ("PORT CALDER (Meridian Wire) — ...").
    let credited = start < 64 && dateline::agency(d.text).is_some_and(|(x, y)| x <= start && end <= y);
    if credited
        || INSTITUTION_NAMES.iter().any(|n| n.iter().copied().eq(key.iter().map(String::as_str)))
        || d.toks.get(b).is_some_and(|_| is_platform_word(d.fold(b)) && kind != EntityKind::Person)
    {
        kind = EntityKind::Organization;
    } else if start < 64 && end <= dateline::dateline_len(d.text) {
        // The rest of a dateline is where the story was filed ("VALMERA (Meridian Wire) —").
        kind = EntityKind::Place;
    } else if role.is_none() && d.toks.get(b).is_some_and(|_| is_feature_word(d.fold(b))) {
        // "the Tessel river": the name of the river, lake or sea the next word names.
        kind = EntityKind::Place;
    } else if role.is_none() && key.len() >= 2 && key.last().is_some_and(|w| is_street_word(w)) {
        // "Ferry Row", "Station Street": a place, however the tagger read the name before it.
        kind = EntityKind::Place;
    } else if role.is_none()
        && kind != EntityKind::Person
        && key.len() >= 2
        && (key.last().is_some_and(|w| is_landmark_word(w)) || key.first().is_some_and(|w| is_square_word(w)))
    {
        // "the Treasury Room", "Upper Zehra Dam", "Piazza del Mare": a place, not the body that
        // runs it.
        kind = EntityKind::Place;
    }
    let text = d.text.get(start..end)?.to_string();
    Some(Cand { sentence: si, start, end, text, key, words: b - a, role, kind, person })
}

/// A role set off by commas beside the person named at tokens `a..b`, as news introduces
/// people: after the name ("Ruth Okafor, 54, the port's chief executive, said"; "said Ana Ruiz, a
/// spokeswoman for the union.") or before it, opening the sentence or right after a quote's words
/// ("The former mayor, Viktor Hale, urged calm"; "“...,” the port's chief executive, Ruth Okafor,
/// said"). The role is a title or role word, the words that modify it before, and what it is "of"
/// or "for" after; its text leaves out the article and an owner that is no name ("the union's
/// general secretary" is "general secretary").
fn apposed_role(d: &Doc, a: usize, b: usize) -> Option<String> {
    let n = d.toks.len();
    let ends = |i: usize| i >= n || ends_phrase(d.word(i));
    let after = (d.word_at(b) == Some(",")).then(|| {
        let mut i = b + 1;
        // An age first: "Tomas Brenner, 54, the union's ...".
        if d.word_at(i).is_some_and(|w| w.bytes().all(|c| c.is_ascii_digit()))
            && d.word_at(i + 1) == Some(",")
        {
            i += 2;
        }
        role_phrase(d, i).filter(|&(_, e)| ends(e))
    });
    let before = || {
        if a < 3 || d.word(a - 1) != "," || !ends(b) {
            return None;
        }
        let mark = |i: usize| matches!(d.word(i), "\"" | "“" | "”");
        let start = (0..a - 1).rev().find(|&i| ends(i) || mark(i) || d.word(i) == ":").map_or(0, |i| i + 1);
        // Opening the sentence, or right after the words said ("“...,” the port's chief
        // executive, Ruth Okafor, said").
        let opens = d.initial(start) || start > 0 && mark(start - 1);
        role_phrase(d, start).filter(|&(_, e)| e == a - 1 && opens)
    };
    let (from, to) = after.flatten().or_else(before)?;
    let text = d.text.get(d.toks[from].0..d.toks[to - 1].1)?;
    Some(text.to_string())
}

/// Punctuation that closes an apposition.
fn ends_phrase(w: &str) -> bool {
    matches!(w, "," | "." | ";" | "!" | "?" | ")" | "—" | "–")
}

/// A role phrase from token `i`: an optional article or possessive, then words modifying a title
/// or role word, then the title, then what it is of, for or at (up to the next comma or the end).
/// Gives the range of its words from the first one worth showing.
fn role_phrase(d: &Doc, mut i: usize) -> Option<(usize, usize)> {
    let n = d.toks.len();
    if i < n && matches!(d.fold(i), "the" | "a" | "an" | "another" | "its" | "his" | "her" | "their" | "our")
    {
        i += 1;
    }
    let owns = |i: usize| i < n && matches!(d.word(i), "'s" | "’s" | "'" | "’");
    // Whoever owns the role: a name is kept ("Aldrail's chief executive"), common nouns say less
    // than the role and are left out ("the ferry line's").
    let mut named = i;
    let plain = |j: usize| {
        let w = d.fold(j);
        d.word(j).chars().all(char::is_alphanumeric) && !lx::is_title(w) && !storyweave_text::is_stopword(w)
    };
    let owner = (i..n.min(i + 4)).take_while(|&j| plain(j)).find(|&j| owns(j + 1));
    if let Some(j) = owner {
        if !d.capitalised(i) {
            named = j + 2;
        }
        i = j + 2;
    }
    // A clergy title written in lower case is kin ("the father of ...").
    let title = |i: usize| {
        let w = d.fold(i);
        lx::is_lower_title(w)
            || lx::is_title(w)
                && (d.capitalised(i) || !matches!(w, "father" | "mother" | "brother" | "sister"))
    };
    let (from, start) = (named, i);
    let mut head = None;
    while i < n && i < start + 6 {
        let w = d.fold(i);
        if title(i) {
            // The title ends the role's own words ("chief executive", "general secretary"): what
            // follows is "of", "for", "at" a body, or nothing ("Mayor Elena Marsh" after a comma
            // is another person).
            while i < n && title(i) {
                head = Some(i);
                i += 1;
            }
            break;
        }
        let modifier = lx::is_role_modifier(w)
            || d.lowercase(i) && w.chars().all(|c| c.is_alphabetic() || c == '-')
            || d.capitalised(i);
        if !modifier || storyweave_text::is_stopword(w) && !matches!(w, "former") {
            return None;
        }
        i += 1;
    }
    head?;
    if i < n && matches!(d.fold(i), "of" | "for" | "at" | "to") {
        let mut j = i + 1;
        while j < n && j < i + 8 && !ends_phrase(d.word(j)) {
            j += 1;
        }
        return Some((from, j));
    }
    Some((from, i))
}

/// In span `a..b`, where a person's full name starts after a name and a title ("Kestrel VP",
/// "Supreme Court Justice"): one to four capitalised words that are neither titles nor role
/// words, a run of titles and role words holding a title, then two or more capitalised words
/// without one (so "Martin Luther King Jr." stays whole).
fn name_after_named_role(d: &Doc, a: usize, b: usize) -> Option<usize> {
    let role_word = |i: usize| lx::is_title(d.fold(i)) || lx::is_role_modifier(d.fold(i));
    let mut i = a;
    while i < b && d.capitalised(i) && !role_word(i) {
        i += 1;
    }
    if !(1..=4).contains(&(i - a)) {
        return None;
    }
    let mut k = i;
    while k < b && d.capitalised(k) && role_word(k) {
        k += 1;
    }
    let titled = (i..k).any(|j| lx::is_title(d.fold(j)) && (!lx::is_weak_title(d.fold(j)) || k - i > 1));
    let name = b - k >= 2 && (k..b).all(|j| d.capitalised(j) && !role_word(j));
    (titled && name).then_some(k)
}

/// The folded name words of tokens `a..b`: initials, connectors and full stops dropped.
fn key_of(d: &Doc, a: usize, b: usize) -> Vec<String> {
    let mut key = Vec::new();
    for i in a..b {
        let w = d.fold(i);
        let bare = w.replace('.', "");
        let initial = d.word(i).ends_with('.') && bare.chars().count() == 1;
        if !initial && !lx::is_name_connector(w) && !bare.is_empty() {
            key.push(bare);
        }
    }
    key
}

/// Mentions in a title-case line, whose capitals say nothing: runs of words that are a name the
/// body uses, longest first, typed as there.
fn headline_mentions(si: usize, d: &Doc, body: &HashMap<Vec<String>, EntityKind>) -> Vec<Cand> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < d.toks.len() {
        let found = (i + 1..=(i + 6).min(d.toks.len())).rev().find_map(|j| {
            if !d.capitalised(i) || !d.capitalised(j - 1) {
                return None;
            }
            body.get(&key_of(d, i, j)).map(|&k| (j, k))
        });
        let Some((j, kind)) = found else {
            i += 1;
            continue;
        };
        let (start, end) = (d.toks[i].0, d.toks[j - 1].1);
        if let Some(text) = d.text.get(start..end) {
            out.push(Cand {
                sentence: si,
                start,
                end,
                text: text.to_string(),
                key: key_of(d, i, j),
                words: j - i,
                role: None,
                kind,
                person: None,
            });
        }
        i = j;
    }
    out
}

/// Where a role before the person at token `a` begins: a run of titles, role words and
/// nationalities ("Russian President", "Secretary of State", "special envoy"), an organisation
/// or place the tagger found just before the title ("Kremlin aide", "US Senator"), or an
/// appositive role ("the First Lady, Melania").
fn role_before(d: &Doc, all: &[Span], a: usize) -> Option<usize> {
    let mut j = a;
    // "the First Lady, Melania": the role sits before the comma.
    if j >= 2 && d.word(j - 1) == "," && lx::is_title(d.fold(j - 2)) && d.capitalised(j - 2) {
        j -= 1;
    }
    let mut first = None;
    let mut has_title = false;
    while j > 0 {
        let k = j - 1;
        let w = d.fold(k);
        if d.word(k) == "," {
            break;
        }
        if lx::is_title(w) || lx::is_lower_title(w) {
            has_title = true;
        } else if lx::is_role_modifier(w) || lx::is_demonym(w) || lx::is_place_acronym(&w.replace('.', "")) {
            // A role word on its own ("former") is no role.
        } else if w == "of" && k > 0 && lx::is_title(d.fold(k - 1)) {
            // "Secretary of State": keep going to the title.
        } else if has_title
            && d.capitalised(k)
            && d.capitalised(k + 1)
            && lx::is_title(d.fold(k + 1))
            && !all.iter().any(|s| s.start <= k && k < s.end)
        {
            // "Transport Minister": a capitalised word naming the office.
        } else if has_title {
            // "Kremlin aide": a name the tagger found right before the title.
            if let Some(sp) = all.iter().find(|s| s.end == j && s.kind != EntityKind::Person) {
                first = Some(sp.start);
            }
            break;
        } else {
            break;
        }
        first = Some(k);
        j = k;
    }
    first.filter(|_| has_title)
}

/// Mentions of one entity while merging.
struct Group {
    key: Vec<String>,
    members: Vec<usize>,
    /// First mention: (sentence, start).
    first: (usize, usize),
    kind: EntityKind,
}

fn is_contiguous_sub(small: &[String], big: &[String]) -> bool {
    small.len() <= big.len() && big.windows(small.len()).any(|w| w == small)
}

/// A lone word that is a person's surname elsewhere in the article, or a name that is a person's
/// full name elsewhere, is that person ("Putin" tagged a place once); a name opening with a title
/// is the person the article names ("First Lady Melania Trump"). (Voting one type per name was tried and lost: CoNLL's sports pages
/// rightly call "Japan" a place and its team an organisation in one article.)
fn harmonise(cands: &mut [Cand]) {
    let people: Vec<&[String]> = cands
        .iter()
        .filter(|c| c.kind == EntityKind::Person && c.key.len() >= 2)
        .map(|c| &c.key[..])
        .collect();
    let surnames: HashSet<String> = people.iter().filter_map(|k| k.last().cloned()).collect();
    let full: HashSet<Vec<String>> = people.iter().map(|k| k.to_vec()).collect();
    for c in cands.iter_mut() {
        if c.kind == EntityKind::Person {
            continue;
        }
        if let Some(p) = c.person.take() {
            if p.key.last().is_some_and(|l| surnames.contains(l)) {
                *c = *p;
                continue;
            }
        }
        if (c.key.len() == 1 && surnames.contains(&c.key[0])) || full.contains(&c.key) {
            c.kind = EntityKind::Person;
        }
    }
}

/// Merge mentions into entities: the same name and type once; a shorter person mention joins
/// the fuller name it is part of.
fn merge(mut cands: Vec<Cand>) -> Vec<Entity> {
    harmonise(&mut cands);
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(cands[i].key.len()), cands[i].sentence, cands[i].start));
    let mut groups: Vec<Group> = Vec::new();
    for &ci in &order {
        let c = &cands[ci];
        let exact = groups.iter().position(|g| g.key == c.key && g.kind == c.kind);
        let target = exact.or_else(|| {
            if c.kind != EntityKind::Person {
                return None;
            }
            let fits = |g: &Group| {
                g.kind == EntityKind::Person
                    && g.key.len() > c.key.len()
                    && if c.key.len() == 1 {
                        g.key.last() == c.key.first() || g.key.first() == c.key.first()
                    } else {
                        is_contiguous_sub(&c.key, &g.key)
                    }
            };
            // Prefer a surname match, then the person introduced first (the story's main
            // "Trump" rather than a relative named later).
            groups
                .iter()
                .enumerate()
                .filter(|(_, g)| fits(g))
                .max_by_key(|(_, g)| (g.key.last() == c.key.last(), std::cmp::Reverse(g.first)))
                .map(|(gi, _)| gi)
        });
        match target {
            Some(gi) => {
                let g = &mut groups[gi];
                g.members.push(ci);
                g.first = g.first.min((c.sentence, c.start));
            }
            None => groups.push(Group {
                key: c.key.clone(),
                members: vec![ci],
                first: (c.sentence, c.start),
                kind: c.kind,
            }),
        }
    }
    let mut entities: Vec<((usize, usize), Entity)> = groups
        .into_iter()
        .map(|g| {
            let mut members = g.members;
            members.sort_by_key(|&ci| (cands[ci].sentence, cands[ci].start));
            // The fullest name, written as in running text where it is anywhere (a dateline's
            // "BRENMOUTH" is Brenmouth), first written.
            let fullest = members.iter().copied().max_by_key(|&ci| {
                let capitals = !cands[ci].text.chars().any(char::is_lowercase);
                (
                    cands[ci].words,
                    !capitals,
                    std::cmp::Reverse(cands[ci].sentence),
                    std::cmp::Reverse(cands[ci].start),
                )
            });
            let name = fullest.map(|ci| cands[ci].text.clone()).unwrap_or_default();
            let role =
                members.iter().filter_map(|&ci| cands[ci].role.clone()).fold(None::<String>, |best, r| {
                    match best {
                        Some(b) if b.chars().count() >= r.chars().count() => Some(b),
                        _ => Some(r),
                    }
                });
            let mentions: Vec<Mention> = members
                .iter()
                .map(|&ci| Mention {
                    sentence: cands[ci].sentence,
                    start: cands[ci].start,
                    end: cands[ci].end,
                    text: cands[ci].text.clone(),
                })
                .collect();
            (g.first, Entity { name, kind: g.kind, role, mentions, references: Vec::new() })
        })
        .collect();
    entities.sort_by_key(|(first, _)| *first);
    entities.into_iter().map(|(_, e)| e).collect()
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_are_the_text_crate_folds() {
        for text in ["IT'S Mr. O'Brien's “U.S.” `plan` 's Жуков's Sánchez, rock 'n' roll.", "", "A.'S x's"]
        {
            let d = Doc::new(text);
            for i in 0..d.toks.len() {
                let f = storyweave_text::fold(d.word(i));
                assert_eq!(d.fold(i), f.strip_suffix('.').unwrap_or(&f), "{text} {i}");
            }
        }
    }

    fn sents(texts: &[&str]) -> Vec<Sentence> {
        texts.iter().map(|t| Sentence { text: t.to_string(), paragraph: 0 }).collect()
    }

    fn find<'a>(es: &'a [Entity], name: &str) -> &'a Entity {
        es.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no entity {name:?} in {es:#?}"))
    }

    #[test]
    fn titles_become_roles_and_short_mentions_merge() {
        let es = find_entities(&sents(&[
            "Nigerian Foreign Minister Amara Okafor arrived in Lagos on Monday.",
            "Mr Okafor said the talks went well.",
            "Okafor later met the Senate.",
        ]));
        let o = find(&es, "Amara Okafor");
        assert_eq!(o.kind, EntityKind::Person);
        assert_eq!(o.role.as_deref(), Some("Nigerian Foreign Minister"));
        assert_eq!(o.mentions.len(), 3);
        assert_eq!(o.mentions[1].text, "Okafor");
        assert_eq!(o.mentions[1].start, 3);
        assert_eq!(find(&es, "Lagos").kind, EntityKind::Place);
        assert_eq!(find(&es, "Senate").kind, EntityKind::Organization);
        assert!(!es.iter().any(|e| e.name.contains("Monday")));
    }

    #[test]
    fn a_name_in_a_datelines_capitals_is_written_as_the_text_writes_it() {
        let es = find_entities(&sents(&[
            "BRENMOUTH (Harbour Wire) — The number of people missing after the ferry overturned off Brenmouth rose to 21 on Friday.",
            "Crowds gathered at the harbour in Brenmouth.",
        ]));
        let town = es.iter().find(|e| e.mentions.iter().any(|m| m.text == "BRENMOUTH"));
        assert_eq!(town.map(|e| e.name.as_str()), Some("Brenmouth"), "{es:#?}");
    }

    #[test]
    fn bodies_and_datelines_are_typed_by_their_words() {
        let es = find_entities(&sents(&[
            "KELLAN (Meridian Wire) — A court on Tuesday fined Varrow Chemicals for the spill.",
            "Varrow Chemicals said it would appeal.",
            "Varrow's chief executive said the fine was unfair.",
            "Ida Roos, who leads the campaign group Blue Tessen, welcomed the ruling.",
            "Fishermen on the Tessen river said the spill had ruined their season.",
            "Ida Roos of Blue Tessen said the group would hold a vigil.",
        ]));
        let kind = |name: &str| find(&es, name).kind;
        assert_eq!(kind("KELLAN"), EntityKind::Place, "{es:#?}");
        assert_eq!(kind("Varrow Chemicals"), EntityKind::Organization, "{es:#?}");
        assert_eq!(kind("Blue Tessen"), EntityKind::Organization, "{es:#?}");
        assert_eq!(kind("Ida Roos"), EntityKind::Person, "{es:#?}");
        assert_eq!(kind("Tessen"), EntityKind::Place, "{es:#?}");
        // The first word alone names the company too (not where the tagger read a place).
        assert!(find(&es, "Varrow Chemicals").mentions.iter().any(|m| m.text == "Varrow"), "{es:#?}");
    }

    #[test]
    fn roles_set_off_by_commas() {
        let es = find_entities(&sents(&[
            "Ruth Okafor, 54, the port's chief executive, said the cranes would stay.",
            "\"We are not moving,\" said Ana Ruiz, a spokeswoman for the dockers' union.",
            "The former mayor of Vellan, Viktor Hale, urged calm.",
            "Harbour Lines' operations director, Jan Sels, declined to comment.",
            "Tomas Berg, the mayor's brother, and Ida Lund, Mayor Per Holm and Eva Dahl spoke.",
            "Oskar Brandt, the father of two, was rescued.",
            "“We will not wait,” the ferry line's spokesman, Lise Maren, said on Monday.",
        ]));
        let role = |name: &str| find(&es, name).role.clone();
        assert_eq!(role("Ruth Okafor").as_deref(), Some("chief executive"));
        assert_eq!(role("Ana Ruiz").as_deref(), Some("spokeswoman for the dockers' union"));
        assert_eq!(role("Viktor Hale").as_deref(), Some("former mayor of Vellan"));
        assert_eq!(role("Jan Sels").as_deref(), Some("Harbour Lines' operations director"));
        // An owner's relative, a list of names, a kin "father": no role.
        assert_eq!(role("Tomas Berg"), None);
        assert_eq!(role("Ida Lund"), None);
        assert_eq!(role("Oskar Brandt"), None);
        assert_eq!(role("Per Holm").as_deref(), Some("Mayor"));
        assert_eq!(role("Lise Maren").as_deref(), Some("spokesman"));
    }

    #[test]
    fn spans_are_cut_at_punctuation_and_lose_an_opening_connective() {
        let d = Doc::new("Though Halvorsen wrote on Ferry Post, Halvorsen said.");
        let words = d.words();
        let span = |a: usize, b: usize| Span { start: a, end: b, kind: EntityKind::Organization };
        let text = |s: &Span| words[s.start..s.end].join(" ");
        assert_eq!(pieces(&d, span(0, 2), true).iter().map(text).collect::<Vec<_>>(), ["Halvorsen"]);
        let comma = words.iter().position(|w| *w == ",").unwrap();
        let cut = pieces(&d, span(comma - 2, comma + 2), true);
        assert_eq!(cut.iter().map(text).collect::<Vec<_>>(), ["Ferry Post", "Halvorsen"]);
        let d = Doc::new("They sold Ostrava long-range Falcon missiles to the Bank of Lisbon.");
        let words = d.words();
        let at = |w: &str| words.iter().position(|x| *x == w).unwrap();
        let names = |cut: Vec<Span>| cut.iter().map(|s| words[s.start..s.end].join(" ")).collect::<Vec<_>>();
        let pair = span(at("Ostrava"), at("Falcon") + 1);
        assert_eq!(names(pieces(&d, pair, true)), ["Ostrava", "Falcon"]);
        assert_eq!(names(pieces(&d, pair, false)), ["Ostrava long-range Falcon"]);
        assert_eq!(pieces(&d, span(at("Bank"), at("Lisbon") + 1), true).len(), 1);
        // Also after an opening quotation mark.
        let d = Doc::new("“We are ready. If Ferry Post closes, we lose,” she said.");
        let words = d.words();
        let names = |cut: Vec<Span>| cut.iter().map(|s| words[s.start..s.end].join(" ")).collect::<Vec<_>>();
        let at = |w: &str| words.iter().position(|x| *x == w).unwrap();
        assert_eq!(names(pieces(&d, span(at("If"), at("Post") + 1), true)), ["Ferry Post"]);
        let d = Doc::new("“If Ferry Post closes, we lose,” she said.");
        assert_eq!(pieces(&d, span(1, 4), true).len(), 1);
        assert_eq!(pieces(&d, span(1, 4), true)[0].start, 2);
        // Away from the sentence's start, and before a word in lower case, nothing is dropped.
        let d = Doc::new("So far, so good.");
        assert_eq!(pieces(&d, span(0, 2), true).len(), 1);
    }

    #[test]
    fn sentence_openers_and_nationalities_are_not_names() {
        let es = find_entities(&sents(&[
            "The Chilean delegation left early.",
            "But Ms Ruiz stayed behind, according to the Kremlin.",
            "Meanwhile the harbour was quiet.",
        ]));
        let names: Vec<&str> = es.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["Ruiz", "Kremlin"]);
        assert_eq!(find(&es, "Ruiz").role.as_deref(), Some("Ms"));
        assert_eq!(find(&es, "Kremlin").kind, EntityKind::Organization);
    }

    #[test]
    fn lower_case_roles_and_initials() {
        let es = find_entities(&sents(&[
            "Her envoy Tomas K. Brandt flew to Oslo.",
            "Kremlin aide Brandt told reporters nothing.",
            "The White House and NATO were silent.",
        ]));
        let b = find(&es, "Tomas K. Brandt");
        assert_eq!(b.role.as_deref(), Some("Kremlin aide"));
        assert_eq!(b.mentions.len(), 2);
        assert_eq!(find(&es, "White House").kind, EntityKind::Organization);
        assert_eq!(find(&es, "NATO").kind, EntityKind::Organization);
        assert_eq!(find(&es, "Oslo").kind, EntityKind::Place);
    }

    #[test]
    fn council_and_clergy_titles() {
        let es = find_entities(&sents(&[
            "The parish priest, Father Tomas Orlo, rang the bell.",
            "Father Orlo thanked the crowd, said Councillor Ada Venn, who chairs the housing panel.",
            "Labour councillor Bram Issel agreed.",
        ]));
        let orlo = find(&es, "Tomas Orlo");
        assert_eq!(orlo.role.as_deref(), Some("Father"));
        assert_eq!(orlo.mentions.len(), 2);
        assert_eq!(find(&es, "Ada Venn").role.as_deref(), Some("Councillor"));
        assert_eq!(find(&es, "Bram Issel").role.as_deref(), Some("Labour councillor"));
    }

    #[test]
    fn business_and_sports_roles() {
        let es = find_entities(&sents(&[
            "The Harrow Hawks fired their coach, general manager Edda Voss said on Monday.",
            "COO Lars Mbeki praised the staff.",
            "VP Nina Ortiz unveiled the phone.",
        ]));
        assert_eq!(find(&es, "Edda Voss").role.as_deref(), Some("general manager"));
        assert_eq!(find(&es, "Lars Mbeki").role.as_deref(), Some("COO"));
        assert_eq!(find(&es, "Lars Mbeki").kind, EntityKind::Person);
        assert_eq!(find(&es, "Nina Ortiz").role.as_deref(), Some("VP"));
    }

    #[test]
    fn a_company_before_a_title_is_part_of_the_role() {
        let es = find_entities(&sents(&[
            "Kestrel VP Nina Ortiz unveiled the phone on Monday.",
            "Later, Brightmoor CEO Dana Brook said sales were strong.",
            "Martin Luther King Jr. spoke in the square.",
        ]));
        assert_eq!(find(&es, "Nina Ortiz").role.as_deref(), Some("Kestrel VP"));
        assert_eq!(find(&es, "Nina Ortiz").kind, EntityKind::Person);
        assert_eq!(find(&es, "Dana Brook").role.as_deref(), Some("Brightmoor CEO"));
        assert!(es.iter().all(|e| !e.name.contains("VP") && !e.name.contains("CEO")));
    }

    #[test]
    fn hyphenated_pairs_split_when_parts_are_known() {
        let es = find_entities(&sents(&[
            "Officials in Norway and Sweden met.",
            "The Norway-Sweden talks went on, and the post-Sweden plan too.",
        ]));
        assert_eq!(find(&es, "Norway").mentions.len(), 2);
        assert_eq!(find(&es, "Sweden").mentions.len(), 3);
    }

    #[test]
    fn speech_verbs_make_people_and_commas_make_places() {
        let es = find_entities(&sents(&[
            "Talks will be held in Tbilisi, Georgia.",
            "Chidi Okonkwo said he would attend.",
            "Okonkwo later left.",
        ]));
        assert_eq!(find(&es, "Georgia").kind, EntityKind::Place);
        assert_eq!(find(&es, "Tbilisi").kind, EntityKind::Place);
        assert_eq!(find(&es, "Chidi Okonkwo").kind, EntityKind::Person);
        assert_eq!(find(&es, "Chidi Okonkwo").mentions.len(), 2);
    }

    #[test]
    fn role_words_seen_in_lower_case_stay_in_the_role() {
        let es = find_entities(&sents(&[
            "Prime Minister Lise Moen spoke first.",
            "The prime minister then left, and US Senator Dan Hale followed.",
        ]));
        assert_eq!(find(&es, "Lise Moen").role.as_deref(), Some("Prime Minister"));
        assert_eq!(find(&es, "Dan Hale").role.as_deref(), Some("US Senator"));
    }

    #[test]
    fn appositive_roles_name_people() {
        let es = find_entities(&sents(&["She thanked the First Lady, Amina, for her work."]));
        let a = find(&es, "Amina");
        assert_eq!(a.kind, EntityKind::Person);
        assert_eq!(a.role.as_deref(), Some("First Lady"));
    }

    #[test]
    fn title_case_lines_only_repeat_known_names() {
        let es = find_entities(&sents(&[
            "Mayor Ines Roth opened the bridge after the storm.",
            "Roth Calls Bridge Opening 'Best Day of the Storm Season'",
        ]));
        let names: Vec<&str> = es.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, vec!["Ines Roth"]);
        assert_eq!(find(&es, "Ines Roth").mentions.len(), 2);
    }

    #[test]
    fn surname_goes_to_the_person_introduced_first() {
        let es = find_entities(&sents(&[
            "Governor Paul Mensah met voters.",
            "His wife, Ruth Mensah, spoke too.",
            "Mensah said the vote was close.",
            "Ruth Mensah waved.",
        ]));
        assert_eq!(find(&es, "Paul Mensah").mentions.len(), 2);
        assert_eq!(find(&es, "Ruth Mensah").mentions.len(), 2);
    }

    #[test]
    fn side_by_side_names_used_alone_elsewhere_split() {
        let es = find_entities(&sents(&[
            "Talks in Kyiv went well.",
            "The Falcon drones flew, and Falcon parts are cheap.",
            "He wants to sell Kyiv Falcon drones.",
        ]));
        assert!(!es.iter().any(|e| e.name == "Kyiv Falcon"), "{es:#?}");
        assert_eq!(find(&es, "Kyiv").mentions.len(), 2);
    }

    #[test]
    fn names_mostly_written_after_an_article_are_things() {
        let es = find_entities(&sents(&[
            "Thieves took the Halvard Psalter from the vault, Marta Lindqvist said.",
            "Nobody will hang the Halvard Psalter on a wall, Lindqvist said.",
            "Halvard Psalter was copied around 1240.",
        ]));
        let book = find(&es, "Halvard Psalter");
        assert_eq!(book.kind, EntityKind::Other, "{es:#?}");
        assert_eq!(find(&es, "Marta Lindqvist").kind, EntityKind::Person, "{es:#?}");
    }

    #[test]
    fn a_body_written_after_a_possessive_is_an_organisation() {
        let es = find_entities(&sents(&[
            "Her Civic Alliance holds six seats on the council.",
            "With all precincts reporting, Lena Moss, of the Civic Alliance, won 52% of the vote.",
        ]));
        assert_eq!(find(&es, "Civic Alliance").kind, EntityKind::Organization, "{es:#?}");
    }

    #[test]
    fn names_before_class_nouns_are_things() {
        let es = find_entities(&sents(&[
            "Officials in Tarsk met on Monday.",
            "He may sell Tarsk Vantor missiles, though the Vantors are costly.",
        ]));
        assert!(!es.iter().any(|e| e.name == "Tarsk Vantor"), "{es:#?}");
        assert_eq!(find(&es, "Tarsk").mentions.len(), 2, "{es:#?}");
        assert!(
            es.iter().filter(|e| e.name.starts_with("Vantor")).all(|e| e.kind == EntityKind::Other),
            "{es:#?}"
        );
    }

    #[test]
    fn nationality_adjectives_are_names_for_conll_only() {
        let s = sents(&["The Chilean delegation met Ruiz in Lima."]);
        let all = find_named_entities(&s);
        assert_eq!(find(&all, "Chilean").kind, EntityKind::Other);
        assert!(!find_entities(&s).iter().any(|e| e.name == "Chilean"));
    }

    #[test]
    fn streets_are_places() {
        let es = find_entities(&sents(&[
            "Water rose along Mill Row and Carver Street overnight.",
            "Downing Street said nothing.",
        ]));
        assert_eq!(find(&es, "Mill Row").kind, EntityKind::Place);
        assert_eq!(find(&es, "Carver Street").kind, EntityKind::Place);
        assert_eq!(find(&es, "Downing Street").kind, EntityKind::Organization);
    }

    #[test]
    fn offices_platforms_and_hyphenated_names() {
        let es = find_entities(&sents(&[
            "Secretary of State Lena Park flew to Oslo and Norway after the White House meeting.",
            "She wrote on her Quill Social platform that Oslo-Norway ties and the post-Norway order held.",
            "She told the Vellan Herald and Brenmouth Daily News that she would stay.",
        ]));
        assert_eq!(find(&es, "Lena Park").role.as_deref(), Some("Secretary of State"));
        assert_eq!(find(&es, "White House").kind, EntityKind::Organization);
        assert_eq!(find(&es, "Quill Social").kind, EntityKind::Organization);
        assert_eq!(find(&es, "Vellan Herald").kind, EntityKind::Organization, "{es:#?}");
        assert_eq!(find(&es, "Brenmouth Daily News").kind, EntityKind::Organization, "{es:#?}");
        assert_eq!(find(&es, "Oslo").mentions.len(), 2, "{es:#?}");
        assert_eq!(find(&es, "Norway").mentions.len(), 3, "{es:#?}");
    }

    #[test]
    fn particles_and_connectors_stay_in_names() {
        let es = find_entities(&sents(&[
            "Officials met Omar al-Rashid and Anna van der Berg at the Bank of Ghana.",
        ]));
        assert!(es.iter().any(|e| e.name == "Omar al-Rashid"), "{es:#?}");
        assert!(es.iter().any(|e| e.name == "Anna van der Berg"), "{es:#?}");
        assert_eq!(find(&es, "Bank of Ghana").kind, EntityKind::Organization);
    }

    #[test]
    fn names_cut_in_two_are_joined() {
        let es = find_entities(&sents(&[
            "The water reached Tanner's Reach before dawn, and crews worked near Tanner's Reach all day.",
            "Crews were sent to Porto Salvena on Monday.",
            "Ministers met in Porto Salvena later.",
        ]));
        assert_eq!(find(&es, "Tanner's Reach").kind, EntityKind::Place);
        assert_eq!(find(&es, "Tanner's Reach").mentions.len(), 2);
        assert!(!es.iter().any(|e| e.name == "Tanner" || e.name == "Reach"), "{es:#?}");
        assert!(!es.iter().any(|e| e.name == "Porto" || e.name == "Salvena"), "{es:#?}");
        // A name that stands alone elsewhere keeps its possessive apart.
        let es = find_entities(&sents(&[
            "Senator Dana Whitlow spoke in Ohio on Monday.",
            "Whitlow's Ohio has changed, she said.",
        ]));
        assert_eq!(find(&es, "Dana Whitlow").kind, EntityKind::Person);
        assert!(!es.iter().any(|e| e.name.contains("'s")), "{es:#?}");
    }

    #[test]
    fn capitalised_common_words_opening_a_sentence_are_no_names() {
        let es = find_entities(&sents(&[
            "BRENNOCK — Dockworkers at Port Calder walked off the job on Monday.",
            "The strike left dockworkers without pay, Femi Okoro said.",
        ]));
        assert!(!es.iter().any(|e| e.name == "Dockworkers"), "{es:#?}");
        assert_eq!(find(&es, "Port Calder").kind, EntityKind::Place);
        let es = find_entities(&sents(&["U.S. officials met us on Monday, Femi Okoro said."]));
        assert_eq!(find(&es, "U.S.").kind, EntityKind::Place);
    }

    #[test]
    fn landmarks_and_short_river_names_are_places() {
        let es = find_entities(&sents(&[
            "Guards sealed the Treasury Room and the crowd filled Piazza del Mare.",
            "The Sarrow River rose overnight.",
            "By noon the Sarrow had fallen by a metre, officials at the Upper Kell Dam said.",
        ]));
        assert_eq!(find(&es, "Treasury Room").kind, EntityKind::Place);
        assert_eq!(find(&es, "Piazza del Mare").kind, EntityKind::Place);
        assert_eq!(find(&es, "Upper Kell Dam").kind, EntityKind::Place);
        assert_eq!(find(&es, "Sarrow River").mentions.len(), 2);
    }

    #[test]
    fn odd_input_does_not_panic() {
        let _ = find_entities(&sents(&["", "’s", "Mr", "A-", "-B", "U.S.’s", "“", "Mr. Mr. Mr.", "al-"]));
    }
}
