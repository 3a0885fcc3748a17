//! Named entities of one article, by rule: runs of capitalised words (with name connectors,
//! initials and hyphenated names), leading titles and roles split off into `Entity.role`, mentions
//! merged within the article ("Putin", "Mr Putin" join "Vladimir Putin") and each entity typed from
//! simple evidence: titles and speech verbs for people, institution words and acronyms for
//! organisations, prepositions and place words for places.
//!
//! Version 1 is a heuristic baseline; a trained tagger replaces it later.

use std::collections::HashSet;

use storyweave_model::{Entity, EntityKind, Mention, Sentence};

use crate::lexicon as lx;
use crate::token::{tokens, Token};

/// The entities of an article's sentences, in order of first mention.
pub fn find_entities(sentences: &[Sentence]) -> Vec<Entity> {
    let toks: Vec<Vec<Token>> = sentences.iter().map(|s| tokens(&s.text)).collect();
    let initial: Vec<Vec<bool>> =
        sentences.iter().zip(&toks).map(|(s, t)| initial_flags(&s.text, t)).collect();
    let folds: Vec<Vec<String>> = toks.iter().map(|ts| ts.iter().map(Token::folded).collect()).collect();
    let stats = Stats::collect(&toks, &folds, &initial);
    let mut cands = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        let ctx = SentenceCtx {
            index: si,
            text: &s.text,
            toks: &toks[si],
            initial: &initial[si],
            folds: &folds[si],
            headline: stats.headline[si],
            stats: &stats,
        };
        ctx.candidates(&mut cands);
    }
    merge(split_pairs(cands))
}

/// What the whole article says about words: how they are written elsewhere.
struct Stats<'a> {
    /// Folded words seen capitalised away from the start of a sentence or quote.
    cap_mid: lx::FastSet<'a>,
    /// Folded words seen in lower case.
    lower: lx::FastSet<'a>,
    /// Folded capitalised words seen standing alone (not inside a hyphenated word).
    cap_alone: lx::FastSet<'a>,
    /// Sentences in title case ("Trump Calls War 'Hardest to Resolve'"): their capitals say
    /// nothing about names.
    headline: Vec<bool>,
}

impl<'a> Stats<'a> {
    fn collect(toks: &[Vec<Token>], folds: &'a [Vec<String>], initial: &[Vec<bool>]) -> Stats<'a> {
        let mut s = Stats {
            cap_mid: lx::FastSet::default(),
            lower: lx::FastSet::default(),
            cap_alone: lx::FastSet::default(),
            headline: Vec::new(),
        };
        for (ts, fs) in toks.iter().zip(folds) {
            for (t, f) in ts.iter().zip(fs) {
                if t.is_lowercase() {
                    s.lower.insert(f.as_str());
                }
            }
        }
        // Title case: most common words of the sentence are capitalised.
        s.headline = toks
            .iter()
            .zip(folds)
            .zip(initial)
            .map(|((ts, fs), init)| {
                let (mut common, mut capital) = (0, 0);
                for ((t, f), &ini) in ts.iter().zip(fs).zip(init) {
                    if ini || !f.chars().all(char::is_alphabetic) {
                        continue;
                    }
                    if storyweave_text::is_stopword(f) || s.lower.contains(f.as_str()) {
                        common += 1;
                        if t.is_capitalised() {
                            capital += 1;
                        }
                    }
                }
                capital >= 2 && capital * 2 >= common
            })
            .collect();
        for (((ts, fs), init), &headline) in toks.iter().zip(folds).zip(initial).zip(&s.headline) {
            if headline {
                continue;
            }
            for ((t, f), &ini) in ts.iter().zip(fs).zip(init) {
                if t.is_capitalised() {
                    if !t.text.contains('-') {
                        s.cap_alone.insert(f.as_str());
                    }
                    if !ini {
                        s.cap_mid.insert(f.as_str());
                    }
                }
            }
        }
        s
    }
}

/// Whether each token stands where any word is capitalised: sentence start, after an opening
/// quote, a colon, a bracket or a dash.
fn initial_flags(text: &str, toks: &[Token]) -> Vec<bool> {
    toks.iter()
        .enumerate()
        .map(|(i, t)| {
            if i == 0 {
                return true;
            }
            let gap = text.get(toks[i - 1].full_end..t.start).unwrap_or("");
            gap.chars().any(|c| matches!(c, '“' | '‘' | '«' | ':' | '(' | '[' | '—' | '–' | '•' | '?' | '!'))
                || (gap.ends_with(['"', '\'']))
                || gap.contains(". ")
        })
        .collect()
}

/// A word that can be part of a name.
fn is_name_token(t: &Token) -> bool {
    let s = t.text;
    if s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut cs = s.chars();
    match cs.next() {
        Some(f) if f.is_uppercase() => {
            cs.next().is_some()
                && s.split('-').skip(1).all(|p| !p.chars().next().is_some_and(char::is_lowercase))
        }
        Some(f) if f.is_lowercase() => s.split_once('-').is_some_and(|(p, rest)| {
            lx::is_hyphen_particle(p) && rest.chars().next().is_some_and(char::is_uppercase)
        }),
        _ => false,
    }
}

/// One mention before merging, with the evidence for its type.
#[derive(Debug, Clone, Default)]
struct Cand {
    sentence: usize,
    start: usize,
    end: usize,
    text: String,
    /// Folded name words, initials and full stops dropped.
    key: Vec<String>,
    words: usize,
    role: Option<String>,
    speech: bool,
    strong_prep: bool,
    weak_prep: bool,
    the_before: bool,
    org_word: bool,
    place_word: bool,
    /// Some(true): a country acronym ("US"); Some(false): another acronym ("NATO").
    acronym: Option<bool>,
    suffix: bool,
    /// The candidate this one follows after a comma ("Budapest, Hungary").
    after_comma_of: Option<usize>,
}

impl Cand {
    fn nonperson(&self) -> bool {
        self.org_word || self.place_word || self.acronym.is_some()
    }
}

struct SentenceCtx<'a> {
    index: usize,
    text: &'a str,
    toks: &'a [Token<'a>],
    initial: &'a [bool],
    /// Folded form of each token, computed once.
    folds: &'a [String],
    headline: bool,
    stats: &'a Stats<'a>,
}

impl SentenceCtx<'_> {
    fn fold(&self, i: usize) -> &str {
        &self.folds[i]
    }

    /// Token `i` can be part of a name; in a title-case line only words that are names elsewhere.
    fn name_tok(&self, i: usize) -> bool {
        is_name_token(&self.toks[i]) && (!self.headline || self.stats.cap_mid.contains(self.fold(i)))
    }

    /// The two tokens stand side by side, separated by spaces only, and the first is not a
    /// possessive (which ends a name).
    fn joinable(&self, a: usize, b: usize) -> bool {
        let (ta, tb) = (&self.toks[a], &self.toks[b]);
        if ta.possessive {
            return false;
        }
        let gap = self.text.get(ta.full_end..tb.start).unwrap_or("");
        !gap.is_empty() && gap.chars().all(char::is_whitespace)
    }

    /// Only spaces between the two tokens (possessives allowed).
    fn adjacent(&self, a: usize, b: usize) -> bool {
        let gap = self.text.get(self.toks[a].full_end..self.toks[b].start).unwrap_or("");
        !gap.is_empty() && gap.chars().all(char::is_whitespace)
    }

    /// From `k`, a run of lower-case role words with a title among them, then a name token:
    /// the index of that name token.
    fn lower_role_then_name(&self, k: usize) -> Option<usize> {
        let n = self.toks.len();
        let mut m = k;
        let mut has_title = false;
        while m < n && self.toks[m].is_lowercase() {
            let w = self.fold(m);
            if lx::is_lower_title(w) {
                has_title = true;
            } else if !lx::is_role_modifier(w) {
                break;
            }
            if m + 1 >= n || !self.joinable(m, m + 1) {
                return None;
            }
            m += 1;
        }
        (has_title && m > k && m < n && self.name_tok(m)).then_some(m)
    }

    /// The last token of the run starting at `start`.
    fn extend(&self, start: usize) -> usize {
        let n = self.toks.len();
        let mut j = start;
        while j + 1 < n && self.joinable(j, j + 1) {
            let k = j + 1;
            if self.name_tok(k) {
                j = k;
                continue;
            }
            let fk = self.fold(k);
            if self.toks[k].is_lowercase()
                && lx::is_name_connector(fk)
                && k + 1 < n
                && self.joinable(k, k + 1)
            {
                // "of" joins only after an institution, place or title word ("Bank of England",
                // "Secretary of State"), not after a person ("Putin of Russia").
                let of_ok = fk != "of" || {
                    let w = self.fold(j);
                    lx::is_org_word(w) || lx::is_place_word(w) || lx::is_title(w)
                };
                if of_ok && self.name_tok(k + 1) {
                    j = k + 1;
                    continue;
                }
                // "of the" ("Bank of the West"), "van der" ("Anna van der Berg").
                let second = self.fold(k + 1);
                let pair_ok = if fk == "of" { second == "the" } else { lx::is_name_connector(second) };
                if of_ok
                    && pair_ok
                    && self.toks[k + 1].is_lowercase()
                    && k + 2 < n
                    && self.joinable(k + 1, k + 2)
                    && self.name_tok(k + 2)
                {
                    j = k + 2;
                    continue;
                }
            }
            if let Some(m) = self.lower_role_then_name(k) {
                j = m;
                continue;
            }
            break;
        }
        j
    }

    fn candidates(&self, out: &mut Vec<Cand>) {
        let stats = self.stats;
        let n = self.toks.len();
        let first_here = out.len();
        // A role with no name, waiting for an appositive name ("the First Lady, Melania").
        let mut pending: Option<(String, usize)> = None;
        let mut i = 0;
        while i < n {
            let t = &self.toks[i];
            let starts_run = self.name_tok(i) || (t.is_lowercase() && self.lower_role_then_name(i).is_some());
            let start = if starts_run {
                Some(i)
            } else {
                // "post-Ukraine", "US-led", "Kremlin-backed": the capitalised part is a mention.
                if t.text.contains('-') {
                    self.hyphen_parts(i, true, stats, first_here, out);
                }
                None
            };
            let Some(a) = start else {
                i += 1;
                continue;
            };
            let a_name = if self.name_tok(a) { a } else { self.lower_role_then_name(a).unwrap_or(a) };
            let b = self.extend(a_name);
            let appositive = pending.take().filter(|(_, e)| {
                *e + 1 == a
                    && self
                        .text
                        .get(self.toks[*e].full_end..self.toks[a].start)
                        .is_some_and(|g| g.trim() == ",")
            });
            pending = self.run(a, b, appositive.map(|(r, _)| r), first_here, out);
            i = b + 1;
        }
    }

    /// Turn the run `a..=b` into zero or more candidates; a run that is only a role comes back
    /// (with its last token) for an appositive name after it.
    fn run(
        &self,
        a: usize,
        b: usize,
        appositive: Option<String>,
        first_here: usize,
        out: &mut Vec<Cand>,
    ) -> Option<(String, usize)> {
        let stats = self.stats;
        let mut idx: Vec<usize> = (a..=b).collect();
        // Words capitalised only because they open the sentence or quote.
        if self.initial[a] {
            while let Some(&f) = idx.first() {
                let w = self.fold(f);
                let acronym = self.toks[f].text.chars().filter(|c| c.is_alphabetic()).count() >= 2
                    && self.toks[f].text.chars().all(|c| !c.is_lowercase());
                let drop = (lx::is_starter(w) && !acronym)
                    || (idx.len() > 1
                        && !lx::is_role_modifier(w)
                        && !lx::is_title(w)
                        && !stats.cap_mid.contains(w)
                        && (stats.lower.contains(w)
                            || (w.len() >= 6
                                && (w.ends_with("ly") || w.ends_with("ing") || w.ends_with("ed")))))
                    || (!self.name_tok(f) && !lx::is_role_modifier(w) && !lx::is_title(w));
                if drop {
                    idx.remove(0);
                } else {
                    break;
                }
            }
        }
        // Weekdays and months are times, not names.
        let calendar = |c: &SentenceCtx, i: usize, neighbour: Option<usize>, len: usize| {
            let w = c.fold(i);
            lx::weekday(w).is_some()
                || (lx::month(w).is_some()
                    && c.toks[i].text.len() > 2
                    && (len == 1
                        || neighbour
                            .is_some_and(|k| c.toks[k].text.starts_with(|ch: char| ch.is_ascii_digit()))))
        };
        while let Some(&l) = idx.last() {
            let next = (l + 1 < self.toks.len()).then_some(l + 1);
            if calendar(self, l, next, idx.len()) {
                idx.pop();
            } else {
                break;
            }
        }
        while let Some(&f) = idx.first() {
            let prev = f.checked_sub(1);
            if calendar(self, f, prev, idx.len()) {
                idx.remove(0);
            } else {
                break;
            }
        }
        if idx.is_empty() {
            return None;
        }
        let words: Vec<String> = idx.iter().map(|&k| self.fold(k).to_string()).collect();
        let len = idx.len();

        // Split a leading title or role off the name.
        let mut name_from = 0;
        let mut role: Option<(usize, usize)> = None;
        for h in (0..len).rev() {
            if !lx::is_title(&words[h]) {
                continue;
            }
            let mut nf = h + 1;
            if nf < len && words[nf] == "of" {
                nf += 1;
                if nf < len && words[nf] == "the" {
                    nf += 1;
                }
                nf += 1;
            }
            if nf >= len {
                continue;
            }
            let name_len = len - nf;
            if lx::is_weak_title(&words[h]) && name_len < 2 {
                continue;
            }
            if !self.name_tok(idx[nf]) || (lx::is_title(&words[nf]) && nf + 1 == len) {
                continue;
            }
            name_from = nf;
            role = Some((idx[0], idx[nf - 1]));
            break;
        }
        if role.is_none() {
            let last = &words[len - 1];
            let role_words = words.iter().all(|w| {
                lx::is_title(w)
                    || lx::is_role_modifier(w)
                    || lx::is_demonym(w)
                    || lx::is_place_acronym(&w.replace('.', ""))
            });
            if lx::is_title(last) && (!lx::is_weak_title(last) || role_words) {
                // A role with no name: "the Secretary of State", "the First Lady, Melania".
                let r = self.text.get(self.toks[idx[0]].start..self.toks[idx[len - 1]].end)?;
                return Some((r.to_string(), idx[len - 1]));
            }
            if !self.name_tok(idx[0]) {
                return None;
            }
        }
        let name_idx = &idx[name_from..];
        let role_text = role.map(|(r0, r1)| {
            let s = &self.text[self.toks[r0].start..self.toks[r1].end];
            if r0 == r1 {
                s.trim_end_matches('.').to_string()
            } else {
                s.to_string()
            }
        });
        let role_text = role_text.or(appositive);

        if role_text.is_none() && name_idx.len() == 1 {
            let k = name_idx[0];
            let tok = &self.toks[k];
            let w = &words[name_from];
            if tok.text.contains('-') {
                self.hyphen_parts(k, false, stats, first_here, out);
                return None;
            }
            if !self.keep_single(k, w, stats) {
                return None;
            }
        }
        let cand = self.make(name_idx, role_text, idx[0], first_here, out.len(), out);
        if let Some(c) = cand {
            out.push(c);
        }
        None
    }

    /// Whether a lone capitalised word without a title is a name.
    fn keep_single(&self, k: usize, w: &str, stats: &Stats) -> bool {
        let tok = &self.toks[k];
        let letters: Vec<char> = tok.text.chars().filter(|c| c.is_alphabetic()).collect();
        let acronym = letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase());
        if acronym {
            return !lx::is_roman_numeral(tok.text) && letters.len() <= 6;
        }
        let singular = w.strip_suffix('s').unwrap_or(w);
        if lx::is_demonym(w) || lx::is_demonym(singular) || (w.ends_with('s') && lx::demonym_like(singular)) {
            return false;
        }
        let speech = self.speech_after(k);
        if lx::demonym_like(w) && !speech {
            let next_lower = self.toks.get(k + 1).is_some_and(|n| {
                n.is_lowercase() && self.adjacent(k, k + 1) && !storyweave_text::is_stopword(&n.folded())
            });
            if next_lower {
                return false;
            }
        }
        if self.initial[k] {
            return stats.cap_mid.contains(w) || speech;
        }
        !stats.lower.contains(w) || speech
    }

    /// Mentions from the parts of a hyphenated word: "Israel-Hamas", "US-led", "post-Ukraine".
    fn hyphen_parts(&self, k: usize, lower_led: bool, stats: &Stats, first_here: usize, out: &mut Vec<Cand>) {
        let tok = &self.toks[k];
        let mut parts = Vec::new();
        let mut off = 0;
        for p in tok.text.split('-') {
            parts.push((tok.start + off, p));
            off += p.len() + 1;
        }
        let capital = |p: &str| p.chars().next().is_some_and(char::is_uppercase) && p.chars().count() > 1;
        let all_capital = parts.iter().all(|(_, p)| capital(p));
        if all_capital && !lower_led {
            let known =
                parts.iter().any(|(_, p)| stats.cap_alone.contains(storyweave_text::fold(p).as_str()));
            if !known {
                let w = tok.folded();
                if self.keep_single(k, &w, stats) {
                    if let Some(c) = self.make(&[k], None, k, first_here, out.len(), out) {
                        out.push(c);
                    }
                }
                return;
            }
        }
        for (pn, (start, p)) in parts.into_iter().enumerate() {
            let w = storyweave_text::fold(p);
            if !capital(p)
                || lx::is_demonym(&w)
                || lx::demonym_like(&w)
                || p.chars().any(|c| c.is_ascii_digit())
            {
                continue;
            }
            // "Point-blank" opening a sentence.
            if pn == 0 && self.initial[k] && !stats.cap_mid.contains(w.as_str()) {
                continue;
            }
            if lx::weekday(&w).is_some() || lx::month(&w).is_some() {
                continue;
            }
            let acronym = p.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
            let c = Cand {
                sentence: self.index,
                start,
                end: start + p.len(),
                text: p.to_string(),
                key: vec![w.replace('.', "")],
                words: 1,
                org_word: lx::is_org_word(&w),
                place_word: lx::is_place_word(&w),
                acronym: acronym.then(|| lx::is_place_acronym(&w.replace('.', ""))),
                suffix: lx::place_suffix(&w),
                ..Cand::default()
            };
            out.push(c);
        }
    }

    /// Whether a speech verb follows token `k` ("Trump said", "Okafor has also argued").
    fn speech_after(&self, k: usize) -> bool {
        if self.toks[k].possessive {
            return false;
        }
        let mut prev = k;
        for j in (k + 1..self.toks.len()).take(3) {
            if !self.adjacent(prev, j) {
                return false;
            }
            let w = self.fold(j);
            if lx::is_speech_verb(w) {
                return true;
            }
            if !lx::is_auxiliary(w) {
                return false;
            }
            prev = j;
        }
        false
    }

    /// Build the candidate for name tokens `name_idx`; `run_start` is where its role begins.
    fn make(
        &self,
        name_idx: &[usize],
        role: Option<String>,
        run_start: usize,
        first_here: usize,
        next_index: usize,
        out: &[Cand],
    ) -> Option<Cand> {
        let (&f, &l) = (name_idx.first()?, name_idx.last()?);
        let start = self.toks[f].start;
        let end = self.toks[l].end;
        let text = self.text.get(start..end)?.to_string();
        let mut key = Vec::new();
        let mut org_word = false;
        let mut place_word = false;
        let event = name_idx.len() > 1 && lx::is_event_word(self.fold(l));
        for &k in name_idx {
            let w = self.fold(k);
            let bare = w.replace('.', "");
            for part in w.split('-') {
                org_word |= lx::is_org_word(part) && !event;
                place_word |= lx::is_place_word(part) && name_idx.len() > 1 && !event;
            }
            let mut letters = bare.chars();
            let is_initial = self.toks[k].text.ends_with('.')
                && matches!((letters.next(), letters.next()), (Some(_), None));
            if !is_initial && !lx::is_name_connector(w) {
                key.push(bare);
            }
        }
        if key.is_empty() {
            return None;
        }
        let single = name_idx.len() == 1;
        let letters: Vec<char> = self.toks[f].text.chars().filter(|c| c.is_alphabetic()).collect();
        let acronym = (single && letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()))
            .then(|| lx::is_place_acronym(&key[0]));
        // Evidence from the words around the whole run (role included).
        let before = run_start.checked_sub(1).filter(|&p| self.adjacent(p, run_start));
        let mut the_before = false;
        let mut prep = before.map(|p| self.fold(p));
        if prep == Some("the") && self.toks[before.unwrap_or(0)].is_lowercase() {
            the_before = true;
            let p2 = before.and_then(|p| p.checked_sub(1)).filter(|&p2| self.adjacent(p2, p2 + 1));
            prep = p2.map(|p| self.fold(p));
        }
        let prep_kind = prep.and_then(lx::place_preposition);
        let mut speech = self.speech_after(l);
        if let Some(p) = before {
            let w = self.fold(p);
            if matches!(w, "said" | "says" | "asked") && role.is_none() {
                speech = true;
            }
            if w == "to" && p >= 1 && self.fold(p - 1) == "according" {
                speech = true;
            }
        }
        // "Budapest, Hungary", "Moscow and Washington": straight after the previous candidate.
        let after_comma_of = run_start.checked_sub(1).and_then(|p| {
            let gap = self.text.get(self.toks[p].full_end..self.toks[run_start].start)?;
            let prev_end = if gap.trim() == "," {
                self.toks[p].end
            } else if matches!(self.fold(p), "and" | "or")
                && self.adjacent(p, run_start)
                && p >= 1
                && self.adjacent(p - 1, p)
            {
                self.toks[p - 1].end
            } else {
                return None;
            };
            (first_here..next_index)
                .rev()
                .find(|&ci| out[ci].sentence == self.index && out[ci].end == prev_end)
        });
        // "the Israel-Hamas ceasefire", "the Tomahawks": a modifier or a plural, not an institution.
        let modifier = self.toks.get(l + 1).is_some_and(|t| {
            self.adjacent(l, l + 1) && t.is_lowercase() && !storyweave_text::is_stopword(&t.folded())
        });
        let plural = key.last().is_some_and(|k| k.ends_with('s'));
        Some(Cand {
            sentence: self.index,
            start,
            end,
            text,
            words: name_idx.len(),
            role,
            speech,
            strong_prep: prep_kind == Some(true) && !event,
            weak_prep: prep_kind == Some(false) && !event,
            the_before: the_before && single && !modifier && !plural,
            org_word,
            place_word,
            acronym,
            suffix: single && lx::place_suffix(&key[0]),
            after_comma_of,
            key,
        })
    }
}

/// Mentions of one entity while merging.
struct Group {
    key: Vec<String>,
    members: Vec<usize>,
    /// First mention: (sentence, start).
    first: (usize, usize),
    nonperson: bool,
    /// Short mentions ("Putin") joined a longer person name.
    surname_joined: bool,
}

/// "sell Kyiv Tomahawk missiles": two names side by side, each also used alone, are two entities.
fn split_pairs(cands: Vec<Cand>) -> Vec<Cand> {
    let alone: HashSet<String> =
        cands.iter().filter(|c| c.key.len() == 1).map(|c| c.key[0].clone()).collect();
    let mut out = Vec::with_capacity(cands.len());
    let mut remap = vec![0usize; cands.len()];
    for (ci, c) in cands.into_iter().enumerate() {
        let parts: Vec<&str> = c.text.split_whitespace().collect();
        let pair = c.role.is_none()
            && !c.nonperson()
            && c.key.len() == 2
            && parts.len() == 2
            && c.key.iter().all(|k| alone.contains(k));
        remap[ci] = out.len() + usize::from(pair);
        if !pair {
            out.push(c);
            continue;
        }
        let (a, b) = (parts[0], parts[1]);
        let first = Cand {
            end: c.start + a.len(),
            text: a.to_string(),
            key: vec![c.key[0].clone()],
            words: 1,
            speech: false,
            ..c.clone()
        };
        let second = Cand {
            start: c.end - b.len(),
            text: b.to_string(),
            key: vec![c.key[1].clone()],
            words: 1,
            strong_prep: false,
            weak_prep: false,
            the_before: false,
            after_comma_of: None,
            ..c
        };
        out.push(first);
        out.push(second);
    }
    for c in &mut out {
        c.after_comma_of = c.after_comma_of.map(|p| remap[p]);
    }
    out
}

fn is_contiguous_sub(small: &[String], big: &[String]) -> bool {
    small.len() <= big.len() && big.windows(small.len()).any(|w| w == small)
}

/// Merge candidates into entities and type them.
fn merge(cands: Vec<Cand>) -> Vec<Entity> {
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(cands[i].key.len()), cands[i].sentence, cands[i].start));
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = vec![0usize; cands.len()];
    for &ci in &order {
        let c = &cands[ci];
        let exact = groups.iter().position(|g| g.key == c.key);
        let target = exact.or_else(|| {
            if c.nonperson() {
                return None;
            }
            let fits = |g: &Group| {
                !g.nonperson
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
                if g.key.len() > c.key.len() && c.key.len() == 1 && g.key.last() == c.key.last() {
                    g.surname_joined = true;
                }
                g.members.push(ci);
                g.first = g.first.min((c.sentence, c.start));
                group_of[ci] = gi;
            }
            None => {
                group_of[ci] = groups.len();
                groups.push(Group {
                    key: c.key.clone(),
                    members: vec![ci],
                    first: (c.sentence, c.start),
                    nonperson: c.nonperson(),
                    surname_joined: false,
                });
            }
        }
    }

    let mut kinds: Vec<EntityKind> = groups.iter().map(|g| kind_of(g, &cands)).collect();
    // "Budapest, Hungary", "Moscow and Washington": names listed beside a place are places.
    for gi in 0..groups.len() {
        if kinds[gi] != EntityKind::Other {
            continue;
        }
        let follows_place = groups[gi]
            .members
            .iter()
            .any(|&ci| cands[ci].after_comma_of.is_some_and(|p| kinds[group_of[p]] == EntityKind::Place));
        let precedes_place = cands.iter().enumerate().any(|(cj, c)| {
            kinds[group_of[cj]] == EntityKind::Place && c.after_comma_of.is_some_and(|p| group_of[p] == gi)
        });
        if follows_place || precedes_place {
            kinds[gi] = EntityKind::Place;
        }
    }

    let mut entities: Vec<(usize, usize, Entity)> = groups
        .iter()
        .zip(kinds)
        .map(|(g, kind)| {
            let mut members = g.members.clone();
            members.sort_by_key(|&ci| (cands[ci].sentence, cands[ci].start));
            let fullest = members.iter().copied().max_by_key(|&ci| {
                (cands[ci].words, std::cmp::Reverse(cands[ci].sentence), std::cmp::Reverse(cands[ci].start))
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
            let first = members.first().map_or((0, 0), |&ci| (cands[ci].sentence, cands[ci].start));
            (first.0, first.1, Entity { name, kind, role, mentions })
        })
        .collect();
    entities.sort_by_key(|(s, o, _)| (*s, *o));
    entities.into_iter().map(|(_, _, e)| e).collect()
}

fn kind_of(g: &Group, cands: &[Cand]) -> EntityKind {
    let ms: Vec<&Cand> = g.members.iter().map(|&ci| &cands[ci]).collect();
    if ms.iter().any(|c| c.role.is_some()) {
        return EntityKind::Person;
    }
    if ms.iter().any(|c| c.org_word || c.acronym == Some(false)) {
        return EntityKind::Organization;
    }
    if ms.iter().any(|c| c.place_word || c.acronym == Some(true)) {
        return EntityKind::Place;
    }
    let count = |f: fn(&Cand) -> bool| ms.iter().filter(|c| f(c)).count() as i32;
    let person = 2 * count(|c| c.speech) + if g.surname_joined { 2 } else { 0 };
    let place =
        2 * count(|c| c.strong_prep) + count(|c| c.weak_prep) + i32::from(ms.iter().any(|c| c.suffix));
    let org = count(|c| c.the_before && !c.strong_prep);
    if person > 0 && person >= place {
        EntityKind::Person
    } else if place > 0 && place >= org {
        EntityKind::Place
    } else if org > 0 {
        EntityKind::Organization
    } else {
        EntityKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            "Okonkwo said he would attend.",
        ]));
        assert_eq!(find(&es, "Georgia").kind, EntityKind::Place);
        assert_eq!(find(&es, "Okonkwo").kind, EntityKind::Person);
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
            "Talks in Quito went well.",
            "Rivas wants to sell Quito Rivas rifles, and Rivas rifles are cheap.",
        ]));
        assert!(!es.iter().any(|e| e.name == "Quito Rivas"), "{es:#?}");
        assert_eq!(find(&es, "Quito").mentions.len(), 2);
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
    fn odd_input_does_not_panic() {
        let _ = find_entities(&sents(&["", "’s", "Mr", "A-", "-B", "U.S.’s", "“", "Mr. Mr. Mr.", "al-"]));
    }
}
