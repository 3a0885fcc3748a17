//! The brief's quotes: every attributed quote of a story's articles, gathered into utterances
//! within an article, joined into entries across articles (one entry citing every outlet that
//! carries the words), then a readable selection grouped by speaker.

use std::collections::{BTreeSet, HashMap, HashSet};

use storyweave_model::{Citation, EntityKind, Quote, QuoteEntry, Sentence, SentenceRef, StoryEntity};
use storyweave_text::{content_words as content, fold, is_stopword, words};

use super::{overlap, Index};

/// Most quotes in a brief.
const MAX_QUOTES: usize = 15;
/// Most direct parts shown in one entry's text.
const MOST_PARTS: usize = 4;

pub(super) fn quotes(ix: &Index) -> Vec<QuoteEntry> {
    let entities = &ix.input.reconciled.entities;
    let canonical = |speaker: &str| {
        StoryEntity::named(entities, speaker).map_or_else(|| speaker.to_string(), |e| e.name.clone())
    };
    let utterances = utterances(ix, entities, &canonical);
    let entries = entries(ix, utterances, &canonical);
    select(entries, entities)
}

/// What one article quotes a speaker as saying in one go: a post or statement may be quoted
/// over consecutive sentences ("Trump wrote on Truth Social, ...", then the next paragraph of
/// the post).
struct Utterance<'q> {
    doc: usize,
    speaker: String,
    medium: Option<String>,
    parts: Vec<(&'q Quote, HashSet<String>)>,
}

impl<'q> Utterance<'q> {
    fn medium(&self) -> Option<&str> {
        self.medium.as_deref()
    }

    fn direct_len(&self) -> usize {
        self.parts.iter().filter(|(q, _)| q.direct).map(|(q, _)| q.text.len()).sum()
    }

    /// Who passed the words on, and the part that says so.
    fn via(&self, canonical: &dyn Fn(&str) -> String) -> Option<(String, &'q Quote)> {
        self.parts.iter().find_map(|(q, _)| Some((canonical(q.via.as_deref()?), *q)))
    }

    /// The aligned statements its parts' sentences belong to.
    fn statements(&self, ix: &Index) -> HashSet<usize> {
        let doc = &ix.input.analyses[self.doc].doc_id;
        self.parts
            .iter()
            .filter_map(|(q, _)| ix.statement_of.get(&SentenceRef { doc: doc.clone(), sentence: q.sentence }))
            .copied()
            .collect()
    }
}

/// A medium named as a proper noun ("Truth Social"), not a description ("reporters").
fn named_medium(m: Option<&str>) -> bool {
    m.is_some_and(|m| m.starts_with(char::is_uppercase))
}

/// Every quote with a named speaker, gathered into utterances.
fn utterances<'q>(
    ix: &Index<'q>,
    entities: &[StoryEntity],
    canonical: &dyn Fn(&str) -> String,
) -> Vec<Utterance<'q>> {
    // A medium is where words were published or said: a platform, outlet or audience, never a
    // place or a person (a misread "in Ferry Row" is dropped).
    let medium_of = |q: &Quote| {
        q.medium.clone().filter(|m| {
            !entities
                .iter()
                .any(|e| matches!(e.kind, EntityKind::Place | EntityKind::Person) && e.is_named(m))
        })
    };
    let mut utterances: Vec<Utterance> = Vec::new();
    for (doc, a) in ix.input.analyses.iter().enumerate() {
        for q in &a.quotes {
            let Some(speaker) = &q.speaker else { continue };
            // A figure is never a speaker ("the £1.8 million fund said" is a misparse), nor are
            // words that cannot name one ("which", "in a very expensive").
            let known = entities.iter().any(|e| e.is_named(speaker));
            if speaker.chars().any(|c| c.is_ascii_digit()) || !(known || names_someone(speaker)) {
                continue;
            }
            // Words said, not a stance or an act told in the same shape ("criticized Beijing").
            // Too few words to say anything; a report in other words needs one more than a
            // quotation, since the roles tagger reads a bare object ("who disclosed the
            // Trump-Putin call") as its content.
            let words = content(&q.text);
            if q.stance || words.len() < if q.direct { 3 } else { 4 } || !whole_words(q, &a.sentences) {
                continue;
            }
            let speaker = canonical(speaker);
            let medium = medium_of(q);
            if let Some(u) = utterances.last_mut().filter(|u| {
                let (last, _) = u.parts.last().expect("an utterance has parts");
                let (m, n) = (u.medium(), medium.as_deref());
                u.doc == doc
                    && u.speaker == speaker
                    && q.sentence.abs_diff(last.sentence) <= 1
                    && (named_medium(m) || named_medium(n))
                    && (m == n || m.is_none() || n.is_none())
            }) {
                u.parts.push((q, words));
                u.medium = u.medium.take().or(medium);
                continue;
            }
            utterances.push(Utterance { doc, speaker, medium, parts: vec![(q, words)] });
        }
    }
    utterances
}

/// Whether a source as written can name a speaker: a phrase that, past a leading determiner
/// ("the agency", "some analysts"), opens and ends on a word with content ("officials", "a
/// police spokesman"), not a function word ("which", "your preference", "has set up a website").
fn names_someone(source: &str) -> bool {
    const DETERMINERS: &[&str] =
        &["the", "a", "an", "some", "many", "several", "most", "other", "both", "all", "few"];
    let words: Vec<&str> = words(source).collect();
    let start = words.iter().take_while(|w| DETERMINERS.contains(&fold(w).as_str())).count();
    // An acronym is a name even where it spells a function word ("US").
    let content = |w: &str| (w.len() > 1 && w.chars().all(|c| c.is_uppercase())) || !is_stopword(&fold(w));
    match (words.get(start), words.last()) {
        (Some(first), Some(last)) => content(first) && content(last),
        _ => false,
    }
}

/// Whether a report in other words written in pieces leaves out only its own attribution
/// between them ("The economy, he said, is strong"): pieces around other words ("requested
/// long-range missiles from Washington, a move that would allow it") are a misread fragment, not
/// what the speaker said. An apposition to the source is part of the attribution ("Its task,
/// according to Ana Ruiz, the envoy who brokered it, is to ..."). Quotations in pieces are the
/// speaker's words as they stand.
fn whole_words(q: &Quote, sentences: &[Sentence]) -> bool {
    if q.direct {
        return true;
    }
    let attribution = [q.source_span, q.cue_span];
    q.content_spans.windows(2).all(|w| {
        let (a, b) = (w[0], w[1]);
        let Some(text) = sentences.get(a.sentence).map(|s| s.text.as_str()) else { return false };
        if a.sentence != b.sentence || a.end > b.start {
            return a.sentence != b.sentence;
        }
        // From the comma right after the source to the next one.
        let apposition =
            q.source_span.filter(|s| s.sentence == a.sentence && (a.end..b.start).contains(&s.end));
        let apposition = apposition.and_then(|s| {
            let after = text.get(s.end..b.start)?;
            let first = after.find(',').filter(|&i| after[..i].trim().is_empty())?;
            let second = after[first + 1..].find(',')?;
            Some(s.end + first + 1..s.end + first + 1 + second)
        });
        let said = |i: usize| {
            attribution.iter().flatten().any(|t| t.sentence == a.sentence && (t.start..t.end).contains(&i))
                || apposition.as_ref().is_some_and(|r| r.contains(&i))
        };
        text.get(a.end..b.start)
            .is_some_and(|gap| gap.char_indices().all(|(i, c)| !c.is_alphanumeric() || said(a.end + i)))
    })
}

/// The same words across articles.
struct Entry<'q> {
    speaker: String,
    medium: Option<String>,
    texts: Vec<&'q Quote>,
    /// The words of each part that joined it, each matched on its own.
    parts: Vec<HashSet<String>>,
    statements: HashSet<usize>,
    via: Option<(String, &'q Quote)>,
    docs: BTreeSet<usize>,
}

impl<'q> Entry<'q> {
    /// Whether an utterance says what this entry says: one of its parts says largely the same
    /// words, or stands in a sentence aligned with one of the entry's (the same fact in other
    /// words), or both quote the speaker's own words on the same named medium (one post, quoted
    /// in different parts by different outlets).
    fn takes(&self, u: &Utterance, statements: &HashSet<usize>) -> bool {
        self.speaker == u.speaker
            && (u.parts.iter().any(|(_, w)| self.parts.iter().any(|p| overlap(w, p) >= 0.7))
                || !self.statements.is_disjoint(statements)
                || (u.direct_len() > 0
                    && self.texts.iter().any(|q| q.direct)
                    && named_medium(u.medium())
                    && self.medium.as_deref() == u.medium()))
    }

    fn join(&mut self, u: &Utterance<'q>, statements: HashSet<usize>, canonical: &dyn Fn(&str) -> String) {
        self.docs.insert(u.doc);
        self.statements.extend(statements);
        self.via = self.via.take().or_else(|| u.via(canonical));
        for (q, w) in &u.parts {
            let said = self.parts.iter().any(|p| overlap(w, p) >= 0.7);
            if q.direct && !said && self.texts.len() < MOST_PARTS {
                self.texts.push(q);
                self.parts.push(w.clone());
            }
        }
        if self.medium.is_none() {
            self.medium = u.medium().map(str::to_string);
        }
    }

    fn new(u: &Utterance<'q>, statements: HashSet<usize>, canonical: &dyn Fn(&str) -> String) -> Self {
        let direct_parts: Vec<&Quote> = u.parts.iter().filter(|(q, _)| q.direct).map(|(q, _)| *q).collect();
        let texts = if direct_parts.is_empty() {
            let longest = u.parts.iter().max_by_key(|(q, _)| q.text.len()).expect("parts");
            vec![longest.0]
        } else {
            direct_parts
        };
        Entry {
            speaker: u.speaker.clone(),
            medium: u.medium().map(str::to_string),
            texts,
            parts: u.parts.iter().map(|(_, w)| w.clone()).collect(),
            statements,
            via: u.via(canonical),
            docs: BTreeSet::from([u.doc]),
        }
    }

    /// The entry as the brief shows it: its direct parts in turn, joined by an ellipsis
    /// (paraphrase only cites); words passed on by someone else as that report gives them.
    fn into_quote(self, ix: &Index) -> QuoteEntry {
        let citations: BTreeSet<Citation> =
            self.docs.iter().map(|&d| ix.citation(&ix.input.analyses[d].doc_id)).collect();
        let texts = match &self.via {
            Some((_, q)) if !self.texts.iter().any(|t| t.via.is_some()) => vec![*q],
            _ => self.texts.clone(),
        };
        let text = texts.iter().map(|q| unquoted(&q.text)).collect::<Vec<_>>().join(" … ");
        QuoteEntry {
            speaker: self.speaker,
            text,
            direct: texts.iter().any(|q| q.direct),
            citations: citations.into_iter().collect(),
            via: self.via.map(|(v, _)| v),
            medium: self.medium,
        }
    }
}

/// A quote's words without the marks around them; a mark that opens or closes a phrase quoted
/// inside the words stays ("Carson is a “good, decent man.”" keeps its closing mark).
fn unquoted(text: &str) -> &str {
    let balanced = |s: &str| {
        s.matches('“').count() == s.matches('”').count() && s.matches('"').count().is_multiple_of(2)
    };
    let mut t = text.trim();
    while let Some(inner) = t.strip_prefix(['“', '"']).and_then(|x| x.strip_suffix(['”', '"'])) {
        if !balanced(inner) {
            break;
        }
        t = inner;
    }
    if let Some(inner) = t.strip_prefix(['“', '"']).filter(|x| !balanced(t) && balanced(x)) {
        t = inner;
    }
    if let Some(inner) = t.strip_suffix(['”', '"']).filter(|x| !balanced(t) && balanced(x)) {
        t = inner;
    }
    t.trim()
}

/// Utterances joined across articles. The fullest come first, so fragments join the whole
/// rather than chaining through one another.
fn entries(
    ix: &Index,
    mut utterances: Vec<Utterance>,
    canonical: &dyn Fn(&str) -> String,
) -> Vec<QuoteEntry> {
    utterances.sort_by_key(|u| (std::cmp::Reverse(u.direct_len()), u.doc));
    let mut entries: Vec<Entry> = Vec::new();
    for u in &utterances {
        let statements = u.statements(ix);
        match entries.iter_mut().find(|e| e.takes(u, &statements)) {
            Some(e) => e.join(u, statements, canonical),
            None => entries.push(Entry::new(u, statements, canonical)),
        }
    }
    entries.into_iter().map(|e| e.into_quote(ix)).collect()
}

/// The best-cited quotes, grouped by speaker, the most quoted speaker first. Every named
/// speaker's best quote is kept first, so that one voice does not crowd out the others; among
/// equally cited quotes the fuller one first.
fn select(mut quotes: Vec<QuoteEntry>, entities: &[StoryEntity]) -> Vec<QuoteEntry> {
    quotes.sort_by_cached_key(|q| {
        (std::cmp::Reverse(q.citations.len()), std::cmp::Reverse(content(&q.text).len()), q.text.clone())
    });
    let mut seen: HashSet<String> = HashSet::new();
    let named = |speaker: &str| entities.iter().any(|e| e.name == speaker);
    let (firsts, rest): (Vec<QuoteEntry>, Vec<QuoteEntry>) =
        quotes.into_iter().partition(|q| named(&q.speaker) && seen.insert(q.speaker.clone()));
    let mut quotes: Vec<QuoteEntry> = firsts.into_iter().take(MAX_QUOTES).collect();
    // Further quotes: the better cited first and, among equally cited ones, the speaker listed
    // least so far, so one voice does not crowd out another's second (a warning passed on by
    // an aide); unnamed sources ("analysts") come after.
    let (mut named_rest, unnamed_rest): (Vec<QuoteEntry>, Vec<QuoteEntry>) =
        rest.into_iter().partition(|q| named(&q.speaker));
    let mut listed: HashMap<String, usize> = HashMap::new();
    for q in &quotes {
        *listed.entry(q.speaker.clone()).or_default() += 1;
    }
    while quotes.len() < MAX_QUOTES && !named_rest.is_empty() {
        let pick = (0..named_rest.len())
            .min_by_key(|&i| {
                let q = &named_rest[i];
                (std::cmp::Reverse(q.citations.len()), listed.get(&q.speaker).copied().unwrap_or(0), i)
            })
            .expect("not empty");
        let q = named_rest.remove(pick);
        *listed.entry(q.speaker.clone()).or_default() += 1;
        quotes.push(q);
    }
    quotes.extend(unnamed_rest.into_iter().take(MAX_QUOTES.saturating_sub(quotes.len())));
    let mut count: HashMap<String, usize> = HashMap::new();
    for q in &quotes {
        *count.entry(q.speaker.clone()).or_default() += q.citations.len();
    }
    quotes.sort_by(|a, b| {
        count[&b.speaker]
            .cmp(&count[&a.speaker])
            .then(a.speaker.cmp(&b.speaker))
            .then(b.citations.len().cmp(&a.citations.len()))
            .then(a.text.cmp(&b.text))
    });
    quotes
}

#[cfg(test)]
mod tests {
    use storyweave_model::TextSpan;

    use super::*;

    fn report(text: &str, pieces: &[&str], source: &str, cue: &str) -> (Quote, Vec<Sentence>) {
        let span = |w: &str| {
            let start = text.find(w).expect("the words are in the sentence");
            TextSpan { sentence: 0, start, end: start + w.len() }
        };
        let q = Quote {
            sentence: 0,
            text: pieces.join(" … "),
            speaker: Some(source.into()),
            cue: Some(cue.into()),
            medium: None,
            direct: false,
            content_spans: pieces.iter().map(|p| span(p)).collect(),
            source_span: Some(span(source)),
            cue_span: Some(span(cue)),
            via: None,
            stance: false,
        };
        (q, vec![Sentence { text: text.into(), paragraph: 0 }])
    }

    #[test]
    fn a_report_in_pieces_may_leave_out_only_its_attribution() {
        let (q, s) = report(
            "The levee, Okafor said, will hold until Sunday.",
            &["The levee", "will hold until Sunday"],
            "Okafor",
            "said",
        );
        assert!(whole_words(&q, &s));
        let (q, s) = report(
            "The levy, according to Ada Eze, the minister for health, will fund two wards.",
            &["The levy", "will fund two wards"],
            "Ada Eze",
            "according to",
        );
        assert!(whole_words(&q, &s));
        let (q, s) = report(
            "Valdoria requested new pumps from the capital, a move that would let it drain the fields.",
            &["new pumps", "a move that would let it"],
            "Valdoria",
            "requested",
        );
        assert!(!whole_words(&q, &s));
        // In one piece, or quoted word for word, the words stand.
        let (q, s) = report("Okafor said the levee will hold.", &["the levee will hold"], "Okafor", "said");
        assert!(whole_words(&q, &s));
        let (mut q, s) = report(
            "Valdoria requested new pumps from the capital, a move that would let it drain the fields.",
            &["new pumps", "a move that would let it"],
            "Valdoria",
            "requested",
        );
        q.direct = true;
        assert!(whole_words(&q, &s));
    }

    #[test]
    fn only_the_marks_around_a_quote_are_dropped() {
        assert_eq!(unquoted("“We will rebuild the pier.”"), "We will rebuild the pier.");
        assert_eq!(unquoted("We will rebuild the pier”"), "We will rebuild the pier");
        assert_eq!(unquoted("\"The pier stays\""), "The pier stays");
        // A phrase quoted inside reported words keeps both its marks.
        assert_eq!(unquoted("the mayor is a “good, fair man.”"), "the mayor is a “good, fair man.”");
        assert_eq!(unquoted("“Fake” was her word for it"), "“Fake” was her word for it");
        assert_eq!(unquoted("the plan was \"a serious gesture.\""), "the plan was \"a serious gesture.\"");
    }

    #[test]
    fn a_speaker_is_named_by_words_with_content() {
        for ok in [
            "Okafor",
            "officials",
            "the agency",
            "some analysts",
            "a police spokesman",
            "Mayor Ana Lutz",
            "US officials",
        ] {
            assert!(names_someone(ok), "{ok}");
        }
        for junk in ["which", "your preference", "has set up a website", "in a very expensive", "the", ""] {
            assert!(!names_someone(junk), "{junk}");
        }
    }
}
