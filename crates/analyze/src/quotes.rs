//! Quotations of one article: direct quotes in any quotation-mark style (curly, straight, '',
//! guillemets, single; quotes that run over sentences, newswire quotes continued in the next
//! paragraph, and quotes split around their attribution, "“X,” he said, “Y.”", as one quote,
//! unless the later piece has a cue of its own or a sentence of its own leading into it; a
//! transcript's turns, "“PENCE: Well, ...", each its speaker's) and
//! reported speech ("X said (that) ...", "according to X, ...", "X told reporters that ...",
//! "..., officials said", "X criticized/endorsed/called for ...", "..., saying ...", a headline's
//! "X: ..."), each with its speaker, cue verb and medium.
//!
//! Every quote keeps where its content, source and cue are written (sentence and byte offsets),
//! and the speaker resolved to an entity of the article. Speakers come from the cue next to the
//! quote ("X said", "said X", "X, 57, told", "“...” – X", "X: “...”", or "X said:" closing the
//! paragraph before), from "according to X", from
//! a reporting verb earlier in the sentence, or from the previous quote when a quote simply
//! carries on. Pronouns ("he said") resolve to the first person named in the latest sentence that
//! names one whose gender, where an honorific, a role or the article's own pronouns tell it
//! ("Sasha Lind, who runs the shelter with her brother"), fits, passing over one written
//! after a preposition or as the owner of someone named next ("At the time of Hale's arrest,
//! ..., said Ines Baro. ..., she said"), and over a sentence that only carries the pronoun
//! on ("he was seen with Tomas Berg"); descriptions ("the Russian president said", "the
//! ex-mayor said") to the person whose role matches, one in office before a former one unless the
//! description says "former". A report inside another quote ("Ushakov said
//! Putin warned that ...") is also given to its own speaker, with `via` naming who passed it on.
//! Short quoted phrases (1-3 words) are scare quotes unless a cue sits right beside them. The
//! same reading of the article gives the pronouns outside quotation marks that name a person
//! ([`find_quotes_and_references`]), resolved as a quote's "he said" is.
//!
//! Reporting words come from closed lists; a word the lists lack may still be a cue when the
//! learned model of [`crate::cues`] says so ("Putin has made clear that ..."), and such a report
//! is kept only when its speaker is a person or organisation the article names.
//!
//! On top of the rules, the learned roles tagger of [`crate::roles`] tags each sentence's source,
//! cue and content (reading the rules' own quotes and reporting words, listed or learned, among
//! its features) in the sentences where the rules have not already given a whole report and that
//! hold such a word, and its reports replace the rules' in the sentences where it finds one
//! (taking the rules' source when it tags none); the rules' direct quotes that run over sentences
//! stay as they are. A direct quote that only carries on the quote before it (its next sentence,
//! no cue of its own) is then joined to it, and a second report after a comma inside a quote's
//! words (", though she acknowledged ...", ", adding ...") is cut off as its own quote, and a
//! report its words close with or that closes their sentence ("X told police that A, the source
//! added"; "..., said Mr. Barrett, the agency's lawyer"), or whose cue no quote has and opens the
//! quote's source ("Politico reported Lewandowski sought ...") becomes the outer report, the first
//! passed on inside it (`via`), as PolNeAR marks the outer one. On PolNeAR dev the source F1 goes
//! from 0.668 (rules) to 0.692.
//!
//! Last, the learned source chooser of [`crate::sources`] ranks the phrases around each quote's
//! cue and gives the quote the one it ranks first, resolved as above (a pronoun or a description
//! to the entity it stands for); a source the finder gave stays when the chooser agrees with it
//! or would give none (unless the cue is passive: "it was labeled"), or it stands right before an
//! active cue ("Trump said"). PolNeAR dev source F1 0.692 -> 0.716.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use regex::Regex;
use storyweave_model::{Entity, EntityKind, Mention, Quote, Sentence, TextSpan};

use storyweave_tagger::model::Scratch;
use storyweave_tagger::Model;

use crate::cues::{self, CueModel};
use crate::dateline::dateline_len;
use crate::lexicon as lx;
use crate::roles::{self, Role, View};
use crate::sources::{self, Frame, GoldQuote};
use crate::stance;
use crate::token::{fold_all, tokens, Token, Tokenised};
use crate::wordclass::{self as wc, Class};

/// The learned models the quote finder reads, as plain values: the reporting cue
/// ([`crate::cues`]), the roles tagger ([`crate::roles`]) and the source chooser
/// ([`crate::sources`]); a model left out leaves its part to the rules. [`QuoteModels::builtin`]
/// gives the models built in; training hands in its own (see `train-quotes`).
#[derive(Debug, Clone, Copy, Default)]
pub struct QuoteModels<'m> {
    pub cues: Option<&'m CueModel>,
    pub roles: Option<&'m Model>,
    pub sources: Option<&'m CueModel>,
}

impl QuoteModels<'static> {
    /// The models built in.
    pub fn builtin() -> QuoteModels<'static> {
        QuoteModels { cues: cues::builtin(), roles: roles::builtin(), sources: sources::builtin() }
    }
}

/// Training rows for the roles model ([`crate::roles`]): per sentence, the features of its words
/// and their gold tags, given the gold role spans of each sentence as byte ranges of its text;
/// the rules read the cue model of `models` (its others are unused).
pub fn role_rows(
    sentences: &[Sentence],
    entities: &[Entity],
    models: QuoteModels,
    gold: &[Vec<(usize, usize, Role)>],
) -> Vec<(Vec<Vec<u64>>, Vec<u8>)> {
    let doc = Doc::new(sentences, entities, models.cues);
    let (rules, learned) = doc.rule_quotes();
    let marks = doc.rule_roles(&rules);
    let mut out = Vec::new();
    for (si, t) in doc.tokenised.iter().enumerate() {
        let toks = &t.toks;
        if toks.is_empty() {
            continue;
        }
        let words = t.words();
        let cues = cue_classes(toks, &words, &learned[si]);
        let view = doc.view(si, toks, &words, cues, &marks);
        let tags = roles::gold_tags(toks, gold.get(si).map_or(&[], Vec::as_slice));
        out.push((roles::feature_rows(&view), tags));
    }
    out
}

/// The quotes of an article's sentences, given the article's entities, in reading order.
pub fn find_quotes(sentences: &[Sentence], entities: &[Entity]) -> Vec<Quote> {
    find_quotes_using(sentences, entities, QuoteModels::builtin())
}

/// [`find_quotes`] with the given roles model (none: the rules alone) and no source chooser.
pub fn find_quotes_with(sentences: &[Sentence], entities: &[Entity], model: Option<&Model>) -> Vec<Quote> {
    find_quotes_using(
        sentences,
        entities,
        QuoteModels { roles: model, sources: None, ..QuoteModels::builtin() },
    )
}

/// [`find_quotes`] with the given models (see [`QuoteModels`]; without a source chooser, the
/// sources as the rules and the roles tagger give them).
pub fn find_quotes_using(sentences: &[Sentence], entities: &[Entity], models: QuoteModels) -> Vec<Quote> {
    Doc::new(sentences, entities, models.cues).quotes(models)
}

/// [`find_quotes`], and with them, from the same reading of the article, the pronouns naming a
/// person of it ("he", "her", "himself") outside quotation marks, resolved as a quote's "he said"
/// is: per entity, in order. What a pronoun inside a quote means is the speaker's business, left
/// alone.
pub fn find_quotes_and_references(
    sentences: &[Sentence],
    entities: &[Entity],
) -> (Vec<Quote>, Vec<Vec<Mention>>) {
    let models = QuoteModels::builtin();
    let doc = Doc::new(sentences, entities, models.cues);
    (doc.quotes(models), doc.references())
}

impl Doc<'_> {
    /// The pronouns of [`find_quotes_and_references`].
    fn references(&self) -> Vec<Vec<Mention>> {
        let mut out = vec![Vec::new(); self.entities.len()];
        if !self.entities.iter().any(|e| e.kind == EntityKind::Person) {
            return out;
        }
        for (si, (s, t)) in self.sentences.iter().zip(&self.tokenised).enumerate() {
            let &(pi, off) = &self.place[si];
            for tok in &t.toks {
                // Most words are spared the folding: every pronoun here opens with an h or an s.
                let b = tok.text.as_bytes();
                if b.len() < 2 || b.len() > 7 || !matches!(b[0] | 0x20, b'h' | b's') {
                    continue;
                }
                if pronoun_gender(&tok.folded()).is_none() || self.paras[pi].in_quote(off + tok.start) {
                    continue;
                }
                if let Some(ei) = self.recent_person(pi, off + tok.start) {
                    let text = s.text.get(tok.start..tok.end).unwrap_or_default().to_string();
                    out[ei].push(Mention { sentence: si, start: tok.start, end: tok.end, text });
                }
            }
        }
        out
    }

    /// The article's quotes, found with `models` (see [`find_quotes_using`]).
    fn quotes(&self, models: QuoteModels) -> Vec<Quote> {
        let (mut out, learned_cues) = self.rule_quotes();
        if let Some(model) = models.roles {
            // The rules' direct quotes that run over sentences (they follow a quote across
            // paragraphs, which the model does not), the model's reports elsewhere, and the rules'
            // other quotes in sentences where the model found none (on PolNeAR dev this beats the
            // model alone, the rules alone, and the model only where the rules are silent).
            let long = |q: &Quote| q.direct && q.content_spans.len() > 1;
            let sentences_of = |qs: &[((usize, usize), Quote)], only_long: bool| -> HashSet<usize> {
                qs.iter()
                    .filter(|(_, q)| !only_long || long(q))
                    .flat_map(|(_, q)| q.content_spans.iter().map(|t| t.sentence))
                    .collect()
            };
            let kept = sentences_of(&out, true);
            let mut learned = self.learned_quotes(model, &out, &learned_cues, &kept);
            learned.retain(|(_, q)| !q.content_spans.iter().any(|t| kept.contains(&t.sentence)));
            // A learned report without a source takes the source of the rules' quote over the same
            // words, when the rules found one (PolNeAR dev source F1 0.682 -> 0.685, train alike).
            for (_, q) in learned.iter_mut().filter(|(_, q)| q.source_span.is_none()) {
                let overlaps = |r: &Quote| {
                    r.content_spans.iter().any(|t| {
                        q.content_spans
                            .iter()
                            .any(|u| u.sentence == t.sentence && u.start < t.end && t.start < u.end)
                    })
                };
                if let Some((_, r)) = out.iter().find(|(_, r)| r.source_span.is_some() && overlaps(r)) {
                    q.speaker = r.speaker.clone();
                    q.source_span = r.source_span;
                }
            }
            let covered = sentences_of(&learned, false);
            out.retain(|(_, q)| long(q) || !q.content_spans.iter().any(|t| covered.contains(&t.sentence)));
            out.extend(learned);
        }
        // One quote in parts, as PolNeAR annotates it (dev source F1 0.688 -> 0.692, train 0.724 ->
        // 0.727; joining across paragraphs too gains nothing more on dev).
        let mut out = join_carried(self.sentences, out);
        let split: Vec<_> =
            out.iter_mut().filter_map(|(pos, q)| Some((*pos, self.split_coordinated(q)?))).collect();
        out.extend(split);
        let asked: Vec<_> =
            out.iter_mut().filter_map(|(pos, q)| Some((*pos, self.split_asked(q)?))).collect();
        out.extend(asked);
        let outer: Vec<_> =
            out.iter_mut().filter_map(|(pos, q)| Some((*pos, self.outer_after(q)?))).collect();
        out.extend(outer);
        let taken: HashSet<TextSpan> = out.iter().filter_map(|(_, q)| q.cue_span).collect();
        let outer: Vec<_> =
            out.iter_mut().filter_map(|(pos, q)| Some((*pos, self.outer_before(q, &taken)?))).collect();
        out.extend(outer);
        if let Some(chooser) = models.sources {
            for (_, q) in &mut out {
                self.choose_source(q, chooser);
            }
        }
        // A report given already as passed on (see `Doc::outer_after`) is not found twice.
        let given: HashSet<TextSpan> =
            out.iter().filter(|(_, q)| q.via.is_some()).filter_map(|(_, q)| q.cue_span).collect();
        let nested: Vec<_> = out
            .iter()
            .filter_map(|(pos, q)| Some((*pos, self.nested(q)?)))
            .filter(|(_, n)| n.cue_span.is_none_or(|c| !given.contains(&c)))
            .collect();
        out.extend(nested);
        out.sort_by_key(|(pos, q)| (*pos, q.via.is_some()));
        out.into_iter()
            .map(|(_, mut q)| {
                q.stance = stance::is_stance(&q, self.sentences);
                q
            })
            .collect()
    }
}

/// Direct quotes that only carry on the quote just before (the same source as written or none, no
/// cue of their own, from the next sentence of the paragraph: "“X,” she said, with more. “Y.”")
/// joined to it as one quote in parts (taking a sourceless one too: PolNeAR dev source F1 +0.002,
/// train +0.001).
fn join_carried(sentences: &[Sentence], mut quotes: Placed) -> Placed {
    quotes.sort_by_key(|(pos, _)| *pos);
    let mut out: Placed = Vec::with_capacity(quotes.len());
    for (pos, q) in quotes {
        let carries = |p: &Quote| {
            let (Some(last), Some(first)) = (p.content_spans.last(), q.content_spans.first()) else {
                return false;
            };
            let para = |s: usize| sentences.get(s).map(|x| x.paragraph);
            q.direct
                && q.cue_span.is_none()
                && q.via.is_none()
                && p.via.is_none()
                && p.cue_span.is_some()
                && p.source_span.is_some()
                && (p.source_span == q.source_span || q.source_span.is_none())
                && first.sentence == last.sentence + 1
                && para(first.sentence) == para(last.sentence)
        };
        match out.last_mut() {
            Some((_, p)) if carries(p) => {
                p.text = format!("{} … {}", p.text, q.text);
                p.content_spans.extend(q.content_spans);
            }
            _ => out.push((pos, q)),
        }
    }
    out
}

/// Training rows for the source chooser ([`crate::sources`]): one per quote the finder gives
/// (without the chooser) that has a cue and shares words with a gold quote, its candidates marked
/// right when they share a word with that gold quote's source ("no source" when it has none). The
/// finder reads the cue and roles models of `models` (its chooser is unused).
pub fn source_rows(
    sentences: &[Sentence],
    entities: &[Entity],
    models: QuoteModels,
    gold: &[GoldQuote],
) -> Vec<sources::Row> {
    let doc = Doc::new(sentences, entities, models.cues);
    let overlap = |x: &[TextSpan], y: &[TextSpan]| -> usize {
        x.iter()
            .flat_map(|a| y.iter().filter(move |b| a.sentence == b.sentence).map(move |b| (a, b)))
            .map(|(a, b)| a.end.min(b.end).saturating_sub(a.start.max(b.start)))
            .sum()
    };
    let mut rows = Vec::new();
    for q in find_quotes_using(sentences, entities, QuoteModels { sources: None, ..models }) {
        if q.via.is_some() {
            continue;
        }
        let best = gold.iter().map(|g| (overlap(&q.content_spans, &g.content), g)).max_by_key(|(o, _)| *o);
        let Some((_, g)) = best.filter(|(o, _)| *o > 0) else { continue };
        let row = doc.source_frame(&q, |frame, at| {
            let cands = sources::candidates(frame);
            let feats = sources::features(frame, &cands);
            let mut right: Vec<bool> =
                cands.iter().map(|&c| overlap(&doc.text_spans(at(c)), &g.source) > 0).collect();
            right.push(g.source.is_empty());
            (feats, right)
        });
        rows.extend(row);
    }
    rows
}

/// One body paragraph rebuilt from its sentences (joined by single spaces).
struct Para {
    text: String,
    /// (offset in `text`, sentence index) for each sentence, in order.
    sents: Vec<(usize, usize)>,
    /// Entity mentions: (start, end, entity index), in order.
    mentions: Vec<(usize, usize, usize)>,
    spans: Vec<Span>,
}

impl Para {
    /// The sentence holding byte `pos`: (its offset in the paragraph, its index).
    fn sentence_at(&self, pos: usize) -> (usize, usize) {
        self.sents.iter().rev().find(|(o, _)| *o <= pos).or(self.sents.first()).copied().unwrap_or((0, 0))
    }

    /// Byte range of the sentence holding `pos`.
    fn sentence_range(&self, pos: usize) -> (usize, usize) {
        let (start, _) = self.sentence_at(pos);
        let end = self.sents.iter().map(|(o, _)| *o).find(|&o| o > start).map_or(self.text.len(), |o| o - 1);
        (start, end.max(start))
    }

    fn in_quote(&self, pos: usize) -> bool {
        self.spans.iter().any(|s| pos >= s.open && pos < s.close_end.unwrap_or(self.text.len()))
    }
}

/// A run of quoted text inside one paragraph.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// Byte offset of the opening mark.
    open: usize,
    /// Content between the marks.
    cstart: usize,
    cend: usize,
    /// After the closing mark; None when the paragraph ends first.
    close_end: Option<usize>,
    double: bool,
}

/// Quotes with where they are placed in reading order: (sentence, byte offset).
type Placed = Vec<((usize, usize), Quote)>;

/// Per sentence, the byte offsets of the words the rules' learned cue took for reporting ones.
type LearnedCues = Vec<Vec<usize>>;

/// A stretch of one paragraph's text: (paragraph, start, end).
type At = (usize, usize, usize);

/// A source as written, and the entity it names when resolved.
#[derive(Debug, Clone, PartialEq)]
struct Src {
    name: Option<String>,
    at: At,
}

/// Who said it, and how.
#[derive(Debug, Clone, Default, PartialEq)]
struct Attr {
    source: Option<Src>,
    cue: Option<(String, At)>,
    medium: Option<String>,
}

struct Doc<'a> {
    sentences: &'a [Sentence],
    entities: &'a [Entity],
    paras: Vec<Para>,
    /// Person mentions outside quotes: (para, start, entity), in order.
    people: Vec<(usize, usize, usize)>,
    /// Mention texts of organisations, for media ("Truth Social", "CNN").
    org_names: HashSet<String>,
    /// Per sentence: its paragraph and its offset in the paragraph's text.
    place: Vec<(usize, usize)>,
    /// Per entity: female (true) or male (false) where an honorific or a role tells.
    gender: Vec<Option<bool>>,
    /// Per sentence: the length of the wire dateline it opens with (see [`dateline_len`]), 0 none.
    dateline: Vec<usize>,
    /// Per sentence: its tokens and their folded forms, shared by the passes that read it.
    tokenised: Vec<Tokenised<'a>>,
    /// The learned reporting cue (none: the lists alone).
    cues: Option<&'a CueModel>,
}

fn is_open_double(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '"')
}

/// The quotation marks and apostrophes of a text: (byte offset, mark, length in bytes). Two
/// apostrophes ('') and two backticks (``) are one double mark, as some newsrooms type them.
fn marks(text: &str) -> Vec<(usize, char, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    for (p, c) in text.char_indices() {
        if p < i {
            continue;
        }
        match c {
            '\'' if b.get(p + 1) == Some(&b'\'') => {
                out.push((p, '"', 2));
                i = p + 2;
            }
            '`' if b.get(p + 1) == Some(&b'`') => {
                out.push((p, '“', 2));
                i = p + 2;
            }
            '"' | '“' | '”' | '«' | '»' | '„' | '‘' | '’' | '\'' => {
                out.push((p, c, c.len_utf8()))
            }
            _ => {}
        }
    }
    out
}

/// Quote spans of a paragraph. Inside double quotes, single quotes are nested and ignored.
fn quote_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    // The opening mark: (offset, length, double).
    let mut open: Option<(usize, usize, bool)> = None;
    for (p, c, len) in marks(text) {
        let prev = text[..p].chars().next_back();
        let next = text[p + len..].chars().next();
        let prev_space = prev.is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c));
        let next_space = next.is_none_or(char::is_whitespace);
        let next_alnum = next.is_some_and(char::is_alphanumeric);
        let span = |(op, olen, double): (usize, usize, bool)| Span {
            open: op,
            cstart: op + olen,
            cend: p,
            close_end: Some(p + len),
            double,
        };
        match open {
            None => {
                let opens_double = matches!(c, '“' | '«' | '„')
                    || (c == '"' && !next_space)
                    || (c == '”' && prev_space && !next_space);
                if opens_double {
                    open = Some((p, len, true));
                } else if matches!(c, '‘' | '\'') && prev_space && next_alnum {
                    open = Some((p, len, false));
                }
            }
            Some(o @ (_, _, true)) => {
                let closes = matches!(c, '”' | '»' | '"') || (c == '“' && !prev_space && !next_alnum);
                if closes {
                    spans.push(span(o));
                    open = None;
                }
            }
            Some(o @ (_, _, false)) => {
                if matches!(c, '’' | '\'') && !prev.is_none_or(char::is_whitespace) && !next_alnum {
                    spans.push(span(o));
                    open = None;
                } else if is_open_double(c) && !next_space {
                    // The single mark was an apostrophe after all.
                    open = Some((p, len, true));
                }
            }
        }
    }
    if let Some((op, olen, true)) = open {
        spans.push(Span { open: op, cstart: op + olen, cend: text.len(), close_end: None, double: true });
    }
    spans
}

static TOLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:told|telling|tells)\s+(?P<m>reporters|journalists|the press|the media|lawmakers|legislators|supporters|parliament|the court|a court|a news conference|a press conference|a briefing|state media|state television|(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)")
        .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
});
static ON_PLATFORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:on|via)\s+(?:his\s+|her\s+|their\s+|its\s+|the\s+)?(?P<m>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)")
        .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
});
static IN_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)in\s+an?\s+(?:[a-z-]+\s+)?(?P<m>statement|interview|post|speech|video|letter|tweet|briefing|press conference|news conference|broadcast|message|op-ed)(?-u:\b)")
        .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
});
static ACCORDING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)according to\s+").unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
});

/// Words that report speech before or after a quote ("said", "wrote", "told").
fn is_cue(w: &str) -> bool {
    lx::is_speech_verb(w) || matches!(cue_class(w), Some(Cue::Say | Cue::That))
}

/// Reporting verbs that also introduce a quoted phrase mid-sentence ("what he called").
fn is_loose_cue(w: &str) -> bool {
    is_cue(w) || lx::is_speech_participle(w) || matches!(w, "called" | "calls" | "described" | "describes")
}

/// Whether the words between an owner and the next name make that name the owner's kin or aide,
/// as an apposition: "'s son, filmmaker " ("Vale's son, filmmaker Ivo Vale"),
/// "'s lawyer, " ("Ford's lawyer, Ana Ruiz"); not "'s account, " before the sentence's subject.
fn names_whose(gap: &str) -> bool {
    let Some((owned, _)) = gap.trim_start_matches(['\'', '’', 's']).split_once(',') else { return false };
    let words: Vec<&str> = owned.split_whitespace().collect();
    words.len() <= 2 && words.last().is_some_and(|w| KIN_AND_AIDES.contains(&w.to_lowercase().as_str()))
}

/// Nouns for someone's kin or aide, named after them in apposition ("his lawyer, Ana Ruiz").
const KIN_AND_AIDES: &[&str] = &[
    "son",
    "daughter",
    "wife",
    "husband",
    "sister",
    "brother",
    "mother",
    "father",
    "mom",
    "dad",
    "aunt",
    "uncle",
    "nephew",
    "niece",
    "cousin",
    "widow",
    "partner",
    "friend",
    "aide",
    "adviser",
    "advisor",
    "lawyer",
    "attorney",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "deputy",
    "assistant",
    "colleague",
    "boss",
    "agent",
    "manager",
    "successor",
    "predecessor",
];

/// Prepositions after which a person is seldom whom a later "he" or "she" means ("by" is left
/// out: its person is the one who acts).
const OBLIQUE_BEFORE: &[&str] = &[
    "of", "with", "to", "for", "about", "on", "in", "at", "from", "against", "between", "among", "toward",
    "towards", "into", "onto", "over", "under", "without", "like", "than", "through", "via", "across",
    "after", "before", "during", "since", "until", "upon", "within", "around", "near", "behind", "beyond",
    "per", "off",
];

/// The gender of people no honorific or role tells, as the article's own pronouns tell it: the
/// first "he", "his", "himself", "she", "her" or "herself" after a person's name in its sentence,
/// outside quotation marks and before anyone else is named ("Marta Ilves, 34, who was travelling
/// with her two children"), is theirs; the more frequent reading wins. Object "him" is left out:
/// it is most often someone else.
fn told_by_pronouns(
    paras: &[Para],
    people: &[(usize, usize, usize)],
    mut gender: Vec<Option<bool>>,
) -> Vec<Option<bool>> {
    let mut votes: HashMap<usize, (usize, usize)> = HashMap::new();
    for (k, &(pi, s, ei)) in people.iter().enumerate() {
        if gender[ei].is_some() {
            continue;
        }
        let p = &paras[pi];
        let Some(&(_, end, _)) = p.mentions.iter().find(|&&(ms, _, e)| ms == s && e == ei) else { continue };
        // An owner or a name after a preposition is seldom whom the next pronoun means ("a call
        // to Omar's office, in which he said").
        if owns(&p.text, end) || after_preposition(&p.text, s) {
            continue;
        }
        let (_, sent_end) = p.sentence_range(s);
        // Up to the next person named, or the sentence's end.
        let stop = people
            .get(k + 1)
            .filter(|&&(np, ns, _)| np == pi && ns < sent_end)
            .map_or(sent_end, |&(_, ns, _)| ns);
        let Some(tail) = p.text.get(end..stop.max(end)) else { continue };
        let told = tokens(tail).iter().filter(|t| !p.in_quote(end + t.start)).find_map(|t| {
            match t.folded().as_str() {
                "he" | "his" | "himself" => Some(false),
                "she" | "her" | "herself" => Some(true),
                _ => None,
            }
        });
        if let Some(female) = told {
            let v = votes.entry(ei).or_default();
            if female {
                v.1 += 1;
            } else {
                v.0 += 1;
            }
        }
    }
    for (ei, (male, female)) in votes {
        if male != female {
            gender[ei] = Some(female > male);
        }
    }
    gender
}

/// Whether the name ending at `end` of `text` owns what follows ("Hale's arrest").
fn owns(text: &str, end: usize) -> bool {
    text.get(end..).is_some_and(|t| t.starts_with("'s") || t.starts_with("’s"))
}

/// Whether the name starting at `at` of `text` follows a preposition ("the time of Hale's
/// arrest", "walking with Tomas Berg"; not "by", whose person is the one who acts, nor "according
/// to", which names where the words come from).
fn after_preposition(text: &str, at: usize) -> bool {
    // The word before, from a few bytes back (a paragraph can be long).
    let mut from = at.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = text.get(from..at).map(tokens).unwrap_or_default();
    let prev = before.last().map(Token::folded);
    let according = before.len() >= 2 && before[before.len() - 2].folded() == "according";
    !according && prev.is_some_and(|w| OBLIQUE_BEFORE.contains(&w.as_str()))
}

fn is_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she")
}

/// A pronoun that names one person, and whether she is a woman: `Some(true)` for "she", "her",
/// "hers", "herself", `Some(false)` for "he", "him", "his", "himself", `None` for any other word.
fn pronoun_gender(w: &str) -> Option<bool> {
    match w {
        "she" | "her" | "hers" | "herself" => Some(true),
        "he" | "him" | "his" | "himself" => Some(false),
        _ => None,
    }
}

/// The words of a reported (not direct) quote with a cue, in one stretch and passed on by no one
/// ("X said A"): what [`Doc::split_coordinated`] and [`Doc::outer_after`] may cut.
fn sole_report(q: &Quote) -> Option<TextSpan> {
    let whole = q.via.is_none() && !q.direct && q.cue_span.is_some() && q.content_spans.len() == 1;
    whole.then(|| q.content_spans[0])
}

/// Pronouns that stand for the one spoken to ("told her", "assured them").
fn is_object_pronoun(w: &str) -> bool {
    matches!(w, "her" | "him" | "them" | "me" | "us" | "you")
}

/// Pronouns that are sources but name no one we resolve ("they said", "we believe").
fn is_other_pronoun(w: &str) -> bool {
    matches!(w, "they" | "we" | "i" | "it" | "you")
}

/// Quantifiers that stand as a source on their own ("some said", "others argue").
pub(crate) fn is_bare_source(w: &str) -> bool {
    matches!(
        w,
        "some"
            | "many"
            | "others"
            | "both"
            | "few"
            | "most"
            | "several"
            | "all"
            | "one"
            | "another"
            | "those"
    )
}

/// Nouns for what a speaker says or owns that speaks for them ("Trump's account").
fn is_words_noun(w: &str) -> bool {
    matches!(
        w,
        "account"
            | "statement"
            | "comments"
            | "remarks"
            | "words"
            | "post"
            | "version"
            | "readout"
            | "tweet"
            | "letter"
            | "interview"
            | "speech"
            | "office"
            | "campaign"
    )
}

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "one", "another", "this", "that", "these", "those",
];

/// Where an aside "according to X" set inside the words by commas closes: at the comma after
/// X, or after an apposition to X ("according to Ana Ruiz, the envoy who brokered it,"), when a
/// verb follows it ("Its task, according to ..., is to produce"): the words' subject came before
/// the aside. `to` is where X ends. Otherwise (no verb: "Later, according to police, the man
/// fled") the words are what follows the aside.
fn parenthesis_close(text: &str, to: usize) -> Option<usize> {
    let mut at = to;
    for _ in 0..2 {
        let rest = text.get(at..)?.strip_prefix(',')?;
        let first = tokens(rest).into_iter().next()?;
        let w = first.folded();
        if first.is_lowercase() && (is_verbal(&w) || wc::class(&w) == Class::Verb) {
            return Some(at);
        }
        let apposition = rest.find(',').filter(|&n| {
            DETERMINERS.contains(&w.as_str())
                && word_count(&rest[..n]) <= 12
                && !rest[..n].contains(['“', '"'])
        })?;
        at += 1 + apposition;
    }
    None
}

/// Whether the words before a comma open with a short name and then appositions ("Craig Minassian,
/// a spokesman for the foundation"): the subject of the verb after them, not words said.
fn named_subject(lead: &str) -> bool {
    let mut segs = lead.split(',');
    let first = tokens(segs.next().unwrap_or(""));
    (1..=5).contains(&first.len())
        && first.iter().all(|t| t.is_capitalised())
        && segs.count() <= 3
        && !lead.contains(['“', '"', '”'])
}

/// Where a clause hands over to a direct quote: ", adding, “", ": “", ", “".
fn direct_intro(clause: &str) -> Option<usize> {
    for (i, c) in clause.char_indices() {
        if !matches!(c, '“' | '"' | '«') {
            continue;
        }
        let before = clause[..i].trim_end();
        if !before.ends_with([',', ':']) {
            continue;
        }
        let body = before.trim_end_matches([',', ':']).trim_end();
        // Drop a trailing reporting participle ("adding").
        let last = body.rsplit(|ch: char| ch.is_whitespace() || ch == ',').next().unwrap_or("");
        if lx::is_speech_participle(&last.to_lowercase()) {
            let cut = body.len() - last.len();
            return Some(body[..cut].trim_end().trim_end_matches(',').len());
        }
        return Some(body.len());
    }
    None
}

/// Where the clause that starts `r` ends: at a quotation mark, a semicolon, a parenthesis, or the
/// end of a sentence (a full stop that closes no abbreviation or initial: "Mr. Gingrich said").
fn clause_stop(r: &str) -> usize {
    for (i, c) in r.char_indices() {
        match c {
            '!' | '?' | '“' | '”' | '"' | ';' | '(' => return i,
            '\'' if r[i + 1..].starts_with('\'') => return i,
            '.' => {
                let word = r[..i].rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
                let abbreviation =
                    word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() <= 3;
                if !abbreviation {
                    return i;
                }
            }
            _ => {}
        }
    }
    r.len()
}

/// The length of a subject phrase without the short aside in brackets that closes it ("Sen. Ann
/// Ruiz (D-Ohio)", "the maker (NYSE: KST)"): a party, a state or a ticker is not the speaker.
/// A phrase cut inside the brackets ("Ann Ruiz (D-Ohio") is cut before them too.
fn without_aside(text: &str) -> usize {
    let t = text.trim_end();
    let inner = t.strip_suffix(')').unwrap_or(t);
    match inner.rfind('(') {
        Some(open) if open > 0 && word_count(&inner[open + 1..]) <= 3 && !inner[open + 1..].contains(')') => {
            text[..open].trim_end().len()
        }
        _ => text.len(),
    }
}

/// Byte offset just after the last of `set` in `s`.
fn after_last(s: &str, set: &[char]) -> Option<usize> {
    s.char_indices().rev().find(|(_, c)| set.contains(c)).map(|(i, c)| i + c.len_utf8())
}

fn word_count(s: &str) -> usize {
    storyweave_text::words::words(s).count()
}

/// Quote content: trimmed, a trailing comma dropped.
fn clean(s: &str) -> String {
    s.trim().trim_end_matches(',').trim_end().to_string()
}

impl<'a> Doc<'a> {
    fn new(sentences: &'a [Sentence], entities: &'a [Entity], cues: Option<&'a CueModel>) -> Doc<'a> {
        let mut paras: Vec<Para> = Vec::new();
        let mut para_of_sentence = vec![(0usize, 0usize); sentences.len()];
        let mut last_para: Option<usize> = None;
        for (si, s) in sentences.iter().enumerate() {
            if last_para != Some(s.paragraph) || paras.is_empty() {
                paras.push(Para {
                    text: String::new(),
                    sents: Vec::new(),
                    mentions: Vec::new(),
                    spans: Vec::new(),
                });
                last_para = Some(s.paragraph);
            }
            let Some(p) = paras.last_mut() else { continue };
            if !p.text.is_empty() {
                p.text.push(' ');
            }
            let off = p.text.len();
            p.text.push_str(&s.text);
            p.sents.push((off, si));
            para_of_sentence[si] = (paras.len() - 1, off);
        }
        for (ei, e) in entities.iter().enumerate() {
            for m in &e.mentions {
                let Some(&(pi, off)) = para_of_sentence.get(m.sentence) else { continue };
                paras[pi].mentions.push((off + m.start, off + m.end, ei));
            }
        }
        for p in &mut paras {
            p.mentions.sort_unstable();
            p.spans = quote_spans(&p.text);
        }
        let mut people = Vec::new();
        for (pi, p) in paras.iter().enumerate() {
            for &(s, _, ei) in &p.mentions {
                if entities[ei].kind == EntityKind::Person && !p.in_quote(s) {
                    people.push((pi, s, ei));
                }
            }
        }
        let org_names = entities
            .iter()
            .filter(|e| e.kind == EntityKind::Organization)
            .flat_map(|e| e.mentions.iter().map(|m| m.text.clone()).chain([e.name.clone()]))
            .collect();
        let gender = (0..entities.len())
            .map(|ei| {
                let role = entities[ei].role.as_deref().map(storyweave_text::fold).unwrap_or_default();
                let mut words: Vec<String> =
                    role.split(|c: char| !c.is_alphanumeric()).map(str::to_string).collect();
                // The word right before each mention ("Mrs. Clinton").
                for p in &paras {
                    for &(ms, _, e) in &p.mentions {
                        if e == ei {
                            let head = p.text[..ms].trim_end();
                            let w =
                                head.rsplit(|c: char| !c.is_alphanumeric() && c != '.').next().unwrap_or("");
                            words.push(storyweave_text::fold(w.trim_end_matches('.')));
                        }
                    }
                }
                for m in &entities[ei].mentions {
                    let first = m.text.split_whitespace().next().unwrap_or("");
                    words.push(storyweave_text::fold(first.trim_end_matches('.')));
                }
                let female = words.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "mrs"
                            | "ms"
                            | "miss"
                            | "madam"
                            | "lady"
                            | "queen"
                            | "princess"
                            | "dame"
                            | "congresswoman"
                            | "chairwoman"
                            | "spokeswoman"
                            | "businesswoman"
                    )
                });
                let male = words.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "mr" | "sir"
                            | "king"
                            | "prince"
                            | "lord"
                            | "congressman"
                            | "chairman"
                            | "spokesman"
                            | "businessman"
                    )
                });
                (female != male).then_some(female)
            })
            .collect();
        let gender = told_by_pronouns(&paras, &people, gender);
        let dateline = sentences.iter().map(|s| dateline_len(&s.text)).collect();
        let tokenised = sentences.iter().map(|s| Tokenised::new(&s.text)).collect();
        Doc {
            sentences,
            entities,
            paras,
            people,
            org_names,
            place: para_of_sentence,
            gender,
            dateline,
            tokenised,
            cues,
        }
    }

    /// The person a pronoun at `(pi, pos)` most likely means: the first person named (outside
    /// quotes) in the latest sentence before it that names one whose gender, where known, fits
    /// the pronoun ("she" passes over a "Mr.").
    fn recent_person(&self, pi: usize, pos: usize) -> Option<usize> {
        let pronoun = tokens(self.paras[pi].text.get(pos..)?).first()?.folded();
        let female = pronoun_gender(&pronoun);
        let fits = |e: usize| female.is_none() || self.gender[e].is_none() || self.gender[e] == female;
        // "Residents near Tanner's Reach must wait, he said.": the words before the pronoun are
        // what he said, and a name in them is not his; he was named before the sentence.
        let para = &self.paras[pi];
        let (sent_start, sent_end) = para.sentence_range(pos);
        let closing = para.text.get(..pos).is_some_and(|t| t.trim_end().ends_with(','))
            && para.text.get(pos..sent_end).is_some_and(|tail| {
                let toks = tokens(tail);
                let mut folded = String::new();
                let words = fold_all(&toks, &mut folded);
                words.len() >= 2
                    && words.len() <= 5
                    && matches!(cue_class(words[1]), Some(Cue::Say | Cue::That))
                    && words[2..].iter().all(|w| is_frame_word(w) || w.ends_with("day"))
            });
        let mut before = if closing { (pi, sent_start) } else { (pi, pos) };
        // A sentence whose people are all owners or after a preposition, with the same pronoun
        // as its subject ("During the visit, he was seen with Tomas Berg"), carries the
        // pronoun on: whom it means was named before it.
        for _ in 0..3 {
            let &(lp, ls, le) = self.people.iter().rev().find(|&&(p, s, e)| (p, s) < before && fits(e))?;
            let (sent_start, _) = self.paras[lp].sentence_at(ls);
            let named: Vec<(usize, usize)> = self
                .people
                .iter()
                .filter(|&&(p, s, e)| p == lp && s >= sent_start && s <= ls && fits(e))
                .map(|&(_, s, e)| (s, e))
                .collect();
            // The first who is neither ("At the time of Hale's arrest, ..., said Ines Baro").
            if let Some(&(_, e)) = named.iter().find(|&&(s, e)| !self.oblique(lp, s, e)) {
                return Some(e);
            }
            let first = named.first().map_or((ls, le), |&x| x);
            let para = &self.paras[lp];
            let carried = female.is_some_and(|f| {
                let head = para.text.get(sent_start..first.0).unwrap_or("");
                tokens(head).iter().any(|t| {
                    let w = t.folded();
                    (w == "he" && !f || w == "she" && f) && !para.in_quote(sent_start + t.start)
                })
            });
            if !carried {
                return Some(first.1);
            }
            before = (lp, sent_start);
        }
        None
    }

    /// Whether the person named at `s` of paragraph `pi` (entity `ei`) is written after a
    /// preposition ("the time of Hale's arrest", "walking with Tomas Berg"; not "by", whose person
    /// is the one who acts) or as the owner of someone named next ("Hale's sister, Ada Hale"):
    /// seldom whom a later "he" or "she" means when someone else in the sentence could be.
    fn oblique(&self, pi: usize, s: usize, ei: usize) -> bool {
        let para = &self.paras[pi];
        let Some(&(_, e, _)) = para.mentions.iter().find(|&&(ms, _, me)| ms == s && me == ei) else {
            return false;
        };
        // An owner whose own is named right after it ("Vale's son, filmmaker Ivo Vale"); an owner
        // as a sentence's subject ("Dana Ruiz's albums were ...") is not.
        let owner = owns(&para.text, e)
            && self
                .people
                .iter()
                .any(|&(p, ms, _)| p == pi && ms > e && para.text.get(e..ms).is_some_and(names_whose));
        owner || after_preposition(&para.text, s)
    }

    /// Who a subject phrase at `s..e` of paragraph `pi` names: the phrase's source words as
    /// written (a name, a pronoun, a description) and the entity they refer to.
    fn resolve_subject(&self, pi: usize, s: usize, e: usize) -> Option<Src> {
        let para = &self.paras[pi];
        let e = s + without_aside(para.text.get(s..e)?);
        let text = para.text.get(s..e)?;
        // "Gale (R-Ohio)" with the aside alone as the phrase: it stands for the name before it.
        let open = para.text.get(..s)?.trim_end();
        if let Some(head) = open.strip_suffix('(').filter(|_| para.text[e..].trim_start().starts_with(')')) {
            let name_end = head.trim_end().len();
            let named = para
                .mentions
                .iter()
                .find(|&&(_, me, ei)| me == name_end && self.entities[ei].kind != EntityKind::Place);
            if let Some(&(ms, me, ei)) = named {
                return Some(Src { name: Some(self.entities[ei].name.clone()), at: (pi, ms, me) });
            }
        }
        // A named entity inside the phrase, not a possessive one ("Putin's envoy") unless what
        // it owns is the words themselves ("Trump's account").
        // The head's name comes first when a preposition ties a second one to it ("Ruta Kalnina
        // of Clean Tessel"); else the last name is the head ("Trump adviser Jason Miller").
        let depth_of = |ms: usize| {
            let lead = para.text[s..ms].rsplit(',').next().unwrap_or_default();
            tokens(lead)
                .iter()
                .filter(|t| {
                    let w = t.folded();
                    w == "by" || OBLIQUE_BEFORE.contains(&w.as_str())
                })
                .count()
        };
        let named = para.mentions.iter().rev().filter(|&&(ms, me, ei)| {
            if ms < s || me > e || self.entities[ei].kind == EntityKind::Place {
                return false;
            }
            // A name after a second preposition describes the speakers, it is not one
            // ("survivors of the ferry disaster off Brenmouth"; "a spokesman for X" is X speaking).
            // An apposition after a comma starts afresh ("the head of press at the agency, Ana
            // Ruiz").
            if depth_of(ms) >= 2 {
                return false;
            }
            let after = para.text[me..e].trim_start();
            // "Ormerian officials", "Trump aides": the name modifies the speakers, it is not one.
            let words: Vec<&str> = after.split_whitespace().collect();
            let modifies = words.last().is_some_and(|w| w.len() > 3 && w.ends_with('s'))
                && words.iter().all(|w| w.chars().all(|c| c.is_lowercase() || c == '-'));
            match after.strip_prefix(['\'', '’']) {
                None => !modifies,
                Some(owned) => {
                    let head = owned.trim_start_matches(['s', 'S']).split_whitespace().last().unwrap_or("");
                    is_words_noun(&head.to_lowercase())
                }
            }
        });
        if let Some(&(ms, me, ei)) = named.min_by_key(|&&(ms, _, _)| depth_of(ms)) {
            return Some(Src { name: Some(self.entities[ei].name.clone()), at: (pi, ms, me) });
        }
        if let Some(ei) = self.apposed_person(pi, e) {
            let lead = text.len() - text.trim_start().len();
            return Some(Src { name: Some(self.entities[ei].name.clone()), at: (pi, s + lead, e) });
        }
        let toks = tokens(text);
        let mut words: Vec<(String, &Token)> = toks.iter().map(|t| (t.folded(), t)).collect();
        while words.last().is_some_and(|(w, _)| lx::is_auxiliary(w)) {
            words.pop();
        }
        let (last, lt) = words.last()?;
        let last_at = (pi, s + lt.start, s + lt.end);
        if is_pronoun(last) {
            let name = self.recent_person(pi, s + lt.start).map(|ei| self.entities[ei].name.clone());
            return Some(Src { name, at: last_at });
        }
        if last == "who" {
            return Some(Src { name: self.antecedent(pi, s + lt.start), at: last_at });
        }
        if words.len() == 1 && (is_bare_source(last) || is_other_pronoun(last)) {
            return Some(Src { name: None, at: last_at });
        }
        while words.first().is_some_and(|(w, _)| DETERMINERS.contains(&w.as_str())) {
            words.remove(0);
        }
        // "a spokesman for the group": the head before the first preposition.
        if words.len() > 5 {
            let cut =
                words.iter().position(|(w, _)| matches!(w.as_str(), "for" | "of" | "at" | "from" | "with"));
            words.truncate(cut.filter(|&c| c > 0)?);
        }
        if words.is_empty() || words.len() > 5 {
            return None;
        }
        let (head, _) = words.last()?;
        if storyweave_text::is_stopword(head)
            || words
                .iter()
                .any(|(w, _)| is_pronoun(w) || matches!(w.as_str(), "i" | "we" | "who" | "which" | "that"))
        {
            return None;
        }
        let first = words.first()?.1;
        let lastt = words.last()?.1;
        let at = (pi, s + first.start, s + lastt.end);
        // "the Russian president": a person whose role has the title (and the modifiers).
        if let Some((written, _)) = words.iter().rev().find(|(w, _)| lx::is_title(w)) {
            // "the ex-mayor" is the former mayor.
            let (title, ex) = match written.strip_prefix("ex-") {
                Some(t) => (t.to_string(), Some("former")),
                None => (written.clone(), None),
            };
            let title = &title;
            let mods: Vec<&str> =
                words.iter().map(|(w, _)| w.as_str()).filter(|w| w != written).chain(ex).collect();
            let best = self
                .entities
                .iter()
                .enumerate()
                .filter(|(_, en)| en.kind == EntityKind::Person)
                .filter_map(|(ei, en)| {
                    let role = storyweave_text::words::fold(en.role.as_deref()?);
                    let role_words: Vec<&str> = role.split(|c: char| !c.is_alphanumeric()).collect();
                    if !role_words.contains(&title.as_str()) {
                        return None;
                    }
                    let hits = mods.iter().filter(|m| role_words.contains(m)).count();
                    // "the mayor" is the one in office before a former one.
                    let current = role_words.contains(&"former") <= mods.contains(&"former");
                    let last_seen =
                        self.people.iter().rev().find(|&&(p, ms, x)| x == ei && (p, ms) < (pi, s));
                    Some((hits, current, last_seen.map(|&(p, ms, _)| (p, ms)), ei))
                })
                .max();
            if let Some((hits, _, _, ei)) = best {
                if hits > 0 || mods.is_empty() {
                    return Some(Src { name: Some(self.entities[ei].name.clone()), at });
                }
            }
        }
        // A description no entity answers to ("officials"): the words themselves.
        let at_text = text.get(first.start..lastt.end).map(str::to_string);
        Some(Src { name: at_text, at })
    }

    /// Whether a source stands for a person or an organisation of the article.
    fn is_named(&self, src: &Src) -> bool {
        src.name.as_ref().is_some_and(|n| {
            self.entities
                .iter()
                .any(|e| &e.name == n && matches!(e.kind, EntityKind::Person | EntityKind::Organization))
        })
    }

    /// What a relative "who" at `pos` refers to: the entity named right before it ("Trump, who").
    fn antecedent(&self, pi: usize, pos: usize) -> Option<String> {
        let para = &self.paras[pi];
        let &(_, me, ei) = para.mentions.iter().rev().find(|&&(_, me, _)| me <= pos)?;
        let gap = para.text.get(me..pos)?;
        (gap.trim().trim_end_matches(',').trim().is_empty() || gap.trim().starts_with(','))
            .then(|| self.entities[ei].name.clone())
            .filter(|_| gap.len() < 80)
    }

    /// The subject of a verb at `hi` of paragraph `pi`, looking no further back than `lo`: the
    /// words since the last comma, or, when the verb follows a comma, the name an apposition or a
    /// relative clause stands between ("Jim Bennett, 57, told"; "Okoye, who toured the docks,
    /// said"; "her adviser, Jake Sullivan, said").
    fn subject_before(&self, pi: usize, lo: usize, hi: usize) -> Option<Src> {
        let para = &self.paras[pi];
        let hi = lo + without_aside(para.text.get(lo..hi)?);
        let text = para.text.get(lo..hi)?;
        // The last separator: (where it starts, where it ends).
        let sep = |t: &str| {
            t.char_indices()
                .rev()
                .find(|(_, c)| matches!(c, ',' | ';' | ':' | '(' | '—' | '–'))
                .map(|(i, c)| (i, i + c.len_utf8()))
        };
        let Some((mut end, last)) = sep(text) else { return self.resolve_subject(pi, lo, hi) };
        if tokens(&text[last..]).iter().any(|t| !lx::is_auxiliary(&t.folded())) {
            return self.resolve_subject(pi, lo + last, hi);
        }
        // The comma-separated segments before the verb, nearest first (at most three, short).
        let mut segs = Vec::new();
        // A long apposition ("Debbie Walsh, director of the Center for ... University, said") is
        // passed over, not taken for the end of the subject.
        let mut scanned = 0;
        while segs.len() < 3 && scanned < 5 {
            scanned += 1;
            let (next_end, start) = sep(&text[..end]).unwrap_or((0, 0));
            let seg = &text[start..end];
            let long = word_count(seg) > 10;
            let lower = seg.trim_start().to_lowercase();
            let relative = ["who ", "which ", "whose ", "that "].iter().any(|r| lower.starts_with(r));
            if !relative && !long {
                segs.push((lo + start, lo + end));
            }
            if start == 0 {
                break;
            }
            end = next_end;
        }
        let named = |a: usize, b: usize, kind: EntityKind| {
            para.mentions.iter().find(|&&(ms, me, ei)| {
                ms >= a && me <= b && self.entities[ei].kind == kind && !para.in_quote(ms)
            })
        };
        for &(a, b) in &segs {
            if let Some(&(ms, me, ei)) = named(a, b, EntityKind::Person) {
                return Some(Src { name: Some(self.entities[ei].name.clone()), at: (pi, ms, me) });
            }
            // A name the entity finder left out.
            let toks = tokens(&para.text[a..b]);
            let party = lx::is_party_tag(para.text[a..b].trim());
            if !toks.is_empty() && toks.len() <= 4 && toks.iter().all(|t| t.is_capitalised()) && !party {
                return self.resolve_subject(pi, a, b);
            }
        }
        for &(a, b) in &segs {
            if let Some(&(ms, me, ei)) = named(a, b, EntityKind::Organization) {
                return Some(Src { name: Some(self.entities[ei].name.clone()), at: (pi, ms, me) });
            }
        }
        // "The group, which is based in Ohio, said": the head of the chain.
        let &(a, b) = segs.last()?;
        self.resolve_subject(pi, a, b)
    }

    /// The person an apposition right after a description ending at `e` of paragraph `pi` names
    /// ("..., said a senior official, Lena Park.", "another witness, former adviser Fiona
    /// Hale,"): a few words ending in the person's name, then a comma or the sentence's end.
    fn apposed_person(&self, pi: usize, e: usize) -> Option<usize> {
        let para = &self.paras[pi];
        let rest = para.text.get(e..)?.strip_prefix(',')?;
        let seg = rest.split([',', ';', '(', '.', '!', '?', '“', '"']).next()?;
        let (lo, hi) = (e + 1, e + 1 + seg.trim_end().len());
        if word_count(seg) > 6 || tokens(seg).iter().any(|t| cue_class(&t.folded()).is_some()) {
            return None;
        }
        para.mentions
            .iter()
            .find(|&&(ms, me, ei)| ms >= lo && me == hi && self.entities[ei].kind == EntityKind::Person)
            .map(|&(_, _, ei)| ei)
    }

    /// The first person or organisation named in `s..e` of paragraph `pi` (outside quotes), or a
    /// pronoun there resolved.
    fn clause_subject(&self, pi: usize, s: usize, e: usize) -> Option<Src> {
        let para = &self.paras[pi];
        // A person first ("In a post on Truth Social, Trump said"), else an organisation.
        for kind in [EntityKind::Person, EntityKind::Organization] {
            let named = para.mentions.iter().find(|&&(ms, me, ei)| {
                ms >= s && me <= e && !para.in_quote(ms) && self.entities[ei].kind == kind
            });
            if let Some(&(ms, me, ei)) = named {
                return Some(Src { name: Some(self.entities[ei].name.clone()), at: (pi, ms, me) });
            }
        }
        let text = para.text.get(s..e)?;
        let pronoun = tokens(text).into_iter().find(|t| {
            let w = t.folded();
            (is_pronoun(&w) || is_other_pronoun(&w)) && !para.in_quote(s + t.start)
        })?;
        let at = (pi, s + pronoun.start, s + pronoun.end);
        let name = if is_pronoun(&pronoun.folded()) {
            self.recent_person(pi, s + pronoun.start).map(|ei| self.entities[ei].name.clone())
        } else {
            None
        };
        Some(Src { name, at })
    }

    /// Where the sentence holding `pos` says the words were given.
    fn medium(&self, pi: usize, pos: usize) -> Option<String> {
        let para = &self.paras[pi];
        let (s, e) = para.sentence_range(pos);
        // Blank out quoted text so that it is not mistaken for the frame.
        let mut frame: String = para.text.get(s..e)?.to_string();
        for sp in &para.spans {
            let (a, b) = (sp.cstart.max(s), sp.cend.min(e));
            if a < b {
                let (ra, rb) = (a - s, b - s);
                if frame.is_char_boundary(ra) && frame.is_char_boundary(rb) {
                    let blank = " ".repeat(rb - ra);
                    frame.replace_range(ra..rb, &blank);
                }
            }
        }
        let org_like = |m: &str| {
            self.org_names.contains(m)
                || (m.len() <= 6 && m.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase))
        };
        // The search is dear and "told", "tells", "telling" rare: look for them first.
        let told = frame.contains("told") || frame.contains("tell");
        if let Some(c) = told.then(|| TOLD.captures(&frame)).flatten() {
            let m = c["m"].trim_end_matches(['.', ',']);
            // "told the Vellan Herald": a name after "the" is a medium when it is an organisation.
            let named = m.strip_prefix("the ").filter(|n| n.starts_with(char::is_uppercase));
            if m.starts_with(char::is_lowercase) && named.is_none() {
                return Some(m.trim_start_matches("the ").to_string());
            }
            if let Some(n) = named.or(Some(m)).filter(|n| org_like(n)) {
                return Some(n.to_string());
            }
        }
        for c in ON_PLATFORM.captures_iter(&frame) {
            let (Some(all), Some(mm)) = (c.get(0), c.name("m")) else { continue };
            let m = mm.as_str().trim_end_matches(['.', ',']);
            let w = storyweave_text::fold(m);
            if lx::weekday(&w).is_some() || lx::month(&w).is_some() {
                continue;
            }
            // "wrote on X", "a post on X"; otherwise an organisation not used as a modifier
            // ("on the Israel-Hamas deal" is no medium).
            let before = frame[..all.start()].trim_end();
            let posted = before.rsplit(char::is_whitespace).next().is_some_and(|p| {
                matches!(
                    p.to_lowercase().as_str(),
                    "wrote"
                        | "posted"
                        | "post"
                        | "tweeted"
                        | "said"
                        | "says"
                        | "statement"
                        | "message"
                        | "video"
                        | "account"
                        | "writing"
                        | "posting"
                        | "appeared"
                        | "interview"
                        | "announced"
                )
            });
            let modifier = frame[mm.end()..]
                .split_whitespace()
                .next()
                .is_some_and(|n| n.starts_with(char::is_lowercase) && !storyweave_text::is_stopword(n));
            if posted || (org_like(m) && !modifier) {
                return Some(m.to_string());
            }
        }
        IN_FORM.captures(&frame).map(|c| c["m"].to_lowercase())
    }

    /// A cue right after a quote that closes at `pos`: "..." X said / said X / – X. When the
    /// quote ended its sentence ("...done.”"), only a dash attribution counts.
    fn after_cue(&self, pi: usize, pos: usize, closed: bool) -> Option<Attr> {
        let para = &self.paras[pi];
        let rest = para.text.get(pos..)?;
        let lead = rest.len() - rest.trim_start().len();
        let mut off = pos + lead;
        let mut r = &para.text[off..];
        if let Some(stripped) = r.strip_prefix(',') {
            off += 1 + (stripped.len() - stripped.trim_start().len());
            r = &para.text[off..];
        }
        // "“...” – President Ana Ruiz": a dash attribution (a horizontal bar, "―", too).
        if let Some(after_dash) = r.strip_prefix(['–', '—', '―', '-']) {
            let start = off + (r.len() - after_dash.len());
            let end = start + after_dash.find(['(', '\n', '“', '"']).unwrap_or(after_dash.len()).min(120);
            let end = crate::token::floor_boundary(&para.text, end);
            let named = para
                .mentions
                .iter()
                .find(|&&(ms, _, ei)| ms >= start && ms < end && self.entities[ei].kind != EntityKind::Place);
            if let Some(&(ms, me, ei)) = named {
                let source = Src { name: Some(self.entities[ei].name.clone()), at: (pi, ms, me) };
                return Some(Attr { source: Some(source), cue: None, medium: None });
            }
            // A name the entity finder missed ("― Julie A. Diaz Martinez."): the dash's line
            // holds nothing else, its words capitalised.
            let written = para.text.get(start..end)?;
            let name = written.trim().trim_end_matches('.');
            let toks = tokens(name);
            let line_end = para.text[end..].trim_start_matches([' ', '.']).is_empty()
                || para.text[end..].starts_with('\n');
            if !(1..=5).contains(&toks.len()) || !toks.iter().all(|t| t.is_capitalised()) || !line_end {
                return None;
            }
            let at = start + (written.len() - written.trim_start().len());
            let source = Src { name: Some(name.to_string()), at: (pi, at, at + name.len()) };
            return Some(Attr { source: Some(source), cue: None, medium: None });
        }
        if closed {
            return None;
        }
        // The window: up to the end of the sentence or the next quote mark.
        let stop = clause_stop(r);
        let window = &r[..stop];
        let toks = tokens(window);
        let first = toks.first()?;
        if window[..first.start].trim().is_empty() && first.is_lowercase() && is_cue(&first.folded()) {
            // "said Mr Trump", "said the minister".
            let s = off + first.full_end;
            let tail = &window[first.full_end..];
            let cut = tail.find([',', ';']).unwrap_or(tail.len());
            let tail_toks = tokens(&tail[..cut]);
            let stop_at = tail_toks
                .iter()
                .position(|t| {
                    matches!(
                        t.folded().as_str(),
                        "on" | "in"
                            | "at"
                            | "of"
                            | "after"
                            | "as"
                            | "during"
                            | "while"
                            | "when"
                            | "to"
                            | "that"
                    )
                })
                .map_or(cut, |i| tail_toks[i].start);
            let source = self.resolve_subject(pi, s, s + stop_at);
            if source.is_some() {
                return Some(Attr {
                    source,
                    cue: Some((first.text.to_string(), (pi, off + first.start, off + first.end))),
                    medium: self.medium(pi, off),
                });
            }
        }
        // "X said", "the Russian president told reporters".
        let limit = toks.len().min(16);
        let ci = (1..limit).find(|&i| toks[i].is_lowercase() && is_cue(&toks[i].folded()))?;
        // Past a comma only through an apposition ("Jim Bennett, 57, told").
        if ci >= 9 && !window[..toks[ci].start].contains(',') {
            return None;
        }
        if toks.get(ci + 1).is_some_and(|t| t.folded() == "that") {
            return None;
        }
        let source = self.subject_before(pi, off, off + toks[ci].start)?;
        Some(Attr {
            source: Some(source),
            cue: Some((toks[ci].text.to_string(), (pi, off + toks[ci].start, off + toks[ci].end))),
            medium: self.medium(pi, off),
        })
    }

    /// A cue right before a quote that opens at `open`: "X said: “...", "X added, “...".
    fn before_cue(&self, pi: usize, open: usize) -> Option<Attr> {
        let para = &self.paras[pi];
        let before = para.text.get(..open)?.trim_end();
        let punct = before.chars().next_back()?;
        if !matches!(punct, ',' | ':') {
            return None;
        }
        let seg_end = before.len() - punct.len_utf8();
        let (sent_start, _) = para.sentence_at(open);
        let mut seg_start = sent_start.min(seg_end);
        // Nothing from an earlier quote in the same sentence.
        if let Some(sp) =
            para.spans.iter().rev().find(|sp| sp.close_end.is_some_and(|c| c <= seg_end && c > seg_start))
        {
            seg_start = sp.close_end.unwrap_or(seg_start);
        }
        let window = para.text.get(seg_start..seg_end)?;
        let toks = tokens(window);
        let n = toks.len();
        let cue = (n.saturating_sub(8)..n).rev().find(|&i| {
            let w = toks[i].folded();
            toks[i].is_lowercase() && (is_cue(&w) || lx::is_speech_participle(&w))
        });
        if let Some(ci) = cue {
            let w = toks[ci].folded();
            let cue_pos = seg_start + toks[ci].start;
            let source = if lx::is_speech_participle(&w) {
                self.clause_subject(pi, sent_start, cue_pos)
            } else {
                self.subject_before(pi, seg_start, cue_pos)
            };
            return Some(Attr {
                source,
                cue: Some((toks[ci].text.to_string(), (pi, cue_pos, seg_start + toks[ci].end))),
                medium: self.medium(pi, cue_pos),
            });
        }
        if punct == ':' {
            // "Trump expressed renewed confidence: “...”": the clause's subject speaks.
            let clause_start = after_last(window, &[',', ';']).map_or(seg_start, |c| seg_start + c);
            let source = self.clause_subject(pi, clause_start, seg_end)?;
            let colon = (pi, seg_end, seg_end + 1);
            return Some(Attr {
                source: Some(source),
                cue: Some((":".into(), colon)),
                medium: self.medium(pi, clause_start),
            });
        }
        None
    }

    /// "According to X" in the sentence holding `pos`.
    fn according_to(&self, pi: usize, pos: usize) -> Option<Attr> {
        let para = &self.paras[pi];
        let (s, e) = para.sentence_range(pos);
        let sentence = para.text.get(s..e)?;
        let m = ACCORDING.find_iter(sentence).find(|m| !para.in_quote(s + m.start()))?;
        let from = s + m.end();
        let rest = &para.text[from..e];
        let to = from + rest.find([',', '.', ';', '“', '"']).unwrap_or(rest.len());
        let source = self.resolve_subject(pi, from, to)?;
        Some(Attr {
            source: Some(source),
            cue: Some(("according to".into(), (pi, s + m.start(), s + m.end()))),
            medium: None,
        })
    }

    /// A reporting verb earlier in the sentence, outside quotes: "He confirmed that ... “...”".
    fn verb_before(&self, pi: usize, open: usize) -> Option<Attr> {
        let para = &self.paras[pi];
        let (s, _) = para.sentence_range(open);
        let window = para.text.get(s..open)?;
        let toks = tokens(window);
        let ci = (0..toks.len()).rev().find(|&i| {
            toks[i].is_lowercase() && is_loose_cue(&toks[i].folded()) && !para.in_quote(s + toks[i].start)
        })?;
        let w = toks[ci].folded();
        let cue_pos = s + toks[ci].start;
        let source = if lx::is_speech_participle(&w) {
            self.clause_subject(pi, s, cue_pos)
        } else {
            let clause_start =
                after_last(&window[..toks[ci].start], &[',', ';', '”', '"']).map_or(s, |c| s + c);
            self.resolve_subject(pi, clause_start, cue_pos)
        }?;
        Some(Attr {
            source: Some(source),
            cue: Some((toks[ci].text.to_string(), (pi, cue_pos, s + toks[ci].end))),
            medium: self.medium(pi, cue_pos),
        })
    }

    fn direct_quotes(&self) -> Vec<((usize, usize), Quote)> {
        let mut out = Vec::new();
        let mut used: HashSet<(usize, usize)> = HashSet::new();
        // The paragraph and attribution of the last direct quote.
        let mut previous: Option<(usize, Attr)> = None;
        for (pi, para) in self.paras.iter().enumerate() {
            for (si, sp) in para.spans.iter().enumerate() {
                if used.contains(&(pi, si)) {
                    continue;
                }
                let whole = |p: usize, x: &Span| (p, x.open, x.close_end.unwrap_or(self.paras[p].text.len()));
                // A transcript's turn ("“WALLACE: Let's start ...") is its speaker's words, and
                // the next turn is not more of them.
                let turn = (si == 0).then(|| self.turn(pi, sp)).flatten();
                let mut pieces = vec![whole(pi, sp)];
                let mut text = para.text[sp.cstart..sp.cend].trim().to_string();
                if let Some((_, words_at)) = &turn {
                    pieces[0].1 = *words_at;
                    text = para.text[*words_at..sp.cend].trim().to_string();
                }
                // Gather the pieces: newswire quotes reopen in the next paragraph.
                let (mut end_pi, mut end_span) = (pi, *sp);
                while end_span.close_end.is_none() && end_span.double {
                    let Some(next) = self.paras.get(end_pi + 1) else { break };
                    let Some(first) = next.spans.first() else { break };
                    let reopens = next.text.trim_start();
                    if !(reopens.starts_with(is_open_double) || reopens.starts_with("''"))
                        || first.open > next.text.len() - next.text.trim_start().len()
                        || self.turn(end_pi + 1, first).is_some()
                    {
                        break;
                    }
                    text.push(' ');
                    text.push_str(next.text[first.cstart..first.cend].trim());
                    used.insert((end_pi + 1, 0));
                    end_pi += 1;
                    end_span = *first;
                    pieces.push(whole(end_pi, first));
                }
                let content = clean(&text);
                let words = word_count(&content);
                if words == 0 {
                    continue;
                }
                let tight = turn.map(|(attr, _)| attr).or_else(|| {
                    end_span
                        .close_end
                        // "“... in the U.S.,” Zucker said": a comma after the full stop of an
                        // abbreviation leaves the sentence open.
                        .and_then(|c| self.after_cue(end_pi, c, text.ends_with('.')))
                        .or_else(|| self.before_cue(pi, sp.open))
                        // "He said:" closing the paragraph before the one the quote opens.
                        .or_else(|| {
                            let prev = self.paras.get(pi.checked_sub(1)?)?;
                            (para.text[..sp.open].trim().is_empty() && prev.text.trim_end().ends_with(':'))
                                .then(|| self.before_cue(pi - 1, prev.text.trim_end().len()))
                                .flatten()
                        })
                });
                // A quote that is a whole sentence of its own is never a scare quote.
                let whole_sentence =
                    para.sentence_at(sp.open).0 == sp.open && content.ends_with(['.', '!', '?']);
                let short = (words <= 3 && !whole_sentence) || (!sp.double && words < 4);
                if (short || !sp.double) && tight.is_none() {
                    continue; // a scare quote or an apostrophe pair
                }
                let mut text = content;
                // "“X,” he said, “Y.”" and "“X,” he said. “Y.”": one quote in parts around its
                // attribution, with what directly follows it.
                if let Some(t) = tight.as_ref() {
                    let ep = &self.paras[end_pi];
                    let mut close = end_span.close_end;
                    let mut crossed = false;
                    while let Some(c) = close {
                        let Some((ni, nx)) = ep.spans.iter().enumerate().find(|(_, x)| x.open >= c) else {
                            break;
                        };
                        // In the marks the quote opened with: single ones only go on a quote in
                        // single marks ("'A,' the minister said. 'B.'").
                        if used.contains(&(end_pi, ni)) || !nx.double && sp.double {
                            break;
                        }
                        let between = &ep.text[c..nx.open];
                        let has_cue = t
                            .cue
                            .as_ref()
                            .is_some_and(|(_, at)| at.0 == end_pi && at.1 >= c && at.2 <= nx.open);
                        let joins = between.trim().is_empty()
                            || (has_cue && !crossed && between.trim_end().ends_with([',', ':', '.']));
                        if !joins || between.len() >= 100 || between.contains([';', '!', '?', '(']) {
                            break;
                        }
                        // A piece that is a report of its own is not more of this one: its own
                        // cue after it ("“A,” she said. “B,” she added"), or before it in a
                        // sentence of its own ("“A,” she said. But he added, “B”"). PolNeAR
                        // marks each apart.
                        let cue_end = t.cue.as_ref().map_or(c, |(_, at)| at.2);
                        if has_cue && self.own_report(end_pi, c, cue_end, nx) {
                            break;
                        }
                        crossed |= has_cue;
                        used.insert((end_pi, ni));
                        let more = clean(&ep.text[nx.cstart..nx.cend]);
                        if !more.is_empty() {
                            // An ellipsis where the attribution was left out.
                            text = clean(&text);
                            text.push_str(if between.trim().is_empty() { " " } else { " … " });
                            text.push_str(&more);
                        }
                        pieces.push(whole(end_pi, nx));
                        close = nx.close_end;
                    }
                }
                let attr = tight
                    .or_else(|| self.according_to(pi, sp.open))
                    .or_else(|| self.verb_before(pi, sp.open))
                    .or_else(|| {
                        let (ppi, prev) = previous.as_ref()?;
                        (pi <= ppi + 1).then(|| Attr {
                            source: prev.source.clone(),
                            cue: None,
                            medium: prev.medium.clone(),
                        })
                    })
                    .unwrap_or_default();
                let (_, sentence) = para.sentence_at(sp.open);
                previous = Some((end_pi, attr.clone()));
                out.push((
                    (sentence, sp.open - para.sentence_at(sp.open).0),
                    self.quote(sentence, text, &pieces, attr, true),
                ));
            }
        }
        out
    }

    /// Whether the quoted piece `nx` of paragraph `pi`, after a piece closing at `close` whose
    /// attribution (its cue ending at `cue_end`) sits between them, is a report of its own: a
    /// cue right after it, a second reporting word leading into it ("“A,” she said, adding,
    /// “B”"), or words of a sentence of its own before it.
    fn own_report(&self, pi: usize, close: usize, cue_end: usize, nx: &Span) -> bool {
        let para = &self.paras[pi];
        // The second word must lead into the piece: in "“A,” she said, stressing why B. “C”", C
        // is more of A.
        if let Some(between) = para.text.get(cue_end..nx.open) {
            let toks = tokens(between);
            if toks.iter().rev().take(2).any(|t| t.is_lowercase() && cue_class(&t.folded()).is_some()) {
                return true;
            }
        }
        let (start, _) = para.sentence_at(nx.open);
        if start > close && para.text.get(start..nx.open).is_some_and(|s| s.contains(char::is_alphanumeric)) {
            return true;
        }
        let Some(end) = nx.close_end else { return false };
        let closed = para.text.get(nx.cstart..nx.cend).is_some_and(|t| t.trim_end().ends_with('.'));
        self.after_cue(pi, end, closed).is_some_and(|a| a.cue.is_some())
    }

    /// A transcript's turn: a quote that opens its paragraph with a speaker's name in capitals
    /// and a colon ("“PENCE: Well, ..."), when the name is a person of the article or opens two
    /// turns or more ("UPDATE:" once is no speaker). Gives the attribution (the name, the colon
    /// as its cue) and where the words start.
    fn turn(&self, pi: usize, sp: &Span) -> Option<(Attr, usize)> {
        let para = &self.paras[pi];
        if !para.text[..sp.open].trim().is_empty() {
            return None;
        }
        let inner = &para.text[sp.cstart..sp.cend];
        let colon = inner.find(": ")?;
        let label = &inner[..colon];
        let capitals = |w: &str| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase)
        };
        if !(1..=3).contains(&label.split_whitespace().count()) || !label.split_whitespace().all(capitals) {
            return None;
        }
        // The person whose name ends with the label's last word ("PENCE" is Mike Pence); else a
        // label that opens other turns too ("UPDATE:" opens one paragraph, a speaker several).
        let last = label.split_whitespace().last()?.to_lowercase();
        let person = self.entities.iter().find(|e| {
            e.kind == EntityKind::Person
                && e.name.split_whitespace().last().is_some_and(|w| w.to_lowercase() == last)
        });
        let opens = |p: &Para| {
            let t = p.text.trim_start_matches(|c: char| is_open_double(c) || c == '\'' || c.is_whitespace());
            t.strip_prefix(label).is_some_and(|r| r.starts_with(": "))
        };
        if person.is_none() && self.paras.iter().filter(|p| opens(p)).count() < 2 {
            return None;
        }
        let (a, c) = (sp.cstart, sp.cstart + colon);
        let attr = Attr {
            source: Some(Src {
                name: Some(person.map_or_else(|| label.to_string(), |p| p.name.clone())),
                at: (pi, a, c),
            }),
            cue: Some((":".to_string(), (pi, c, c + 1))),
            medium: None,
        };
        Some((attr, c + 2))
    }

    /// Where words `t` stand: their paragraph, their sentence's offset in it, their own offset in
    /// it, and the words.
    fn words_at(&self, t: TextSpan) -> Option<(usize, usize, usize, &str)> {
        let &(pi, off) = self.place.get(t.sentence)?;
        let (a, b) = (off + t.start, off + t.end);
        Some((pi, off, a, self.paras.get(pi)?.text.get(a..b)?))
    }

    /// A second report after a comma inside a quote's words ("X said A, though she acknowledged
    /// B", "..., even suggesting B"): `q`'s words cut before it, and the second report as its own
    /// quote (its subject's, or `q`'s source for a participle). PolNeAR annotates each word in one
    /// report only, so the words of one are never another's (dev source F1 0.7228 -> 0.7246,
    /// train 0.7620 -> 0.7622; "said A and warned B" split too lowers both).
    fn split_coordinated(&self, q: &mut Quote) -> Option<Quote> {
        let first = sole_report(q)?;
        let (pi, _, a, content) = self.words_at(first)?;
        let para = &self.paras[pi];
        // Most words hold no second clause: spare them the tokens.
        if !content.contains([',', ';']) {
            return None;
        }
        let toks = tokens(content);
        let mut folded = String::new();
        let words = fold_all(&toks, &mut folded);
        let gap = |i: usize| &content[toks[i - 1].full_end..toks[i].start];
        let conj = |w: &str| matches!(w, "and" | "but" | "though" | "although" | "while" | "even" | "yet");
        // (where the first report's words end, the second's cue, its subject's tokens)
        let mut found = None;
        for i in 3..toks.len().saturating_sub(2) {
            if para.in_quote(a + toks[i].start) {
                continue;
            }
            if !gap(i).contains([',', ';']) {
                continue;
            }
            let mut j = i + usize::from(conj(words[i]));
            // ", adding that ...", ", and even suggesting ...": the same speaker.
            if words.get(j).is_some_and(|&w| w == "even") {
                j += 1;
            }
            if j < toks.len() && toks[j].is_lowercase() && cue_class(words[j]) == Some(Cue::Participle) {
                found = Some((i, j, None));
                break;
            }
            // ", though she acknowledged ...": a subject of its own.
            let Some(k) = (j..toks.len().min(j + 4)).find(|&k| {
                toks[k].is_lowercase() && matches!(cue_class(words[k]), Some(Cue::Say | Cue::That))
            }) else {
                continue;
            };
            let plain =
                toks[j..k].iter().all(|t| !t.possessive) && (j..k).all(|x| gap(x + 1).trim().is_empty());
            let head = &words[k.max(1) - 1];
            let named = is_pronoun(head) || is_other_pronoun(head) || toks[k.max(1) - 1].is_capitalised();
            if k > j && conj(words[i]) && plain && named {
                found = Some((i, k, Some(j)));
                break;
            }
        }
        let (cut, ci, subject) = found?;
        let mut from = toks[ci].full_end;
        if words.get(ci + 1).is_some_and(|&w| w == "that") {
            from = toks[ci + 1].full_end;
        }
        let rest =
            content[from..].trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '”' | '"' | '’'));
        let lead = rest.len() - rest.trim_start().len();
        let rest = rest.trim();
        if word_count(rest) < 2 {
            return None;
        }
        let source = match subject {
            Some(j) => {
                Some(self.resolve_subject(pi, a + toks[j].start, a + toks[ci - 1].end).unwrap_or_else(|| {
                    let at = (pi, a + toks[j].start, a + toks[ci - 1].end);
                    Src { name: para.text.get(at.1..at.2).map(str::to_string), at }
                }))
            }
            None => {
                let span = q.source_span?;
                let &(sp, so) = self.place.get(span.sentence)?;
                Some(Src { name: q.speaker.clone(), at: (sp, so + span.start, so + span.end) })
            }
        };
        let start = a + from + lead;
        let cue = (toks[ci].text.to_string(), (pi, a + toks[ci].start, a + toks[ci].end));
        let attr = Attr { source, cue: Some(cue), medium: None };
        let second =
            self.quote(q.sentence, rest.to_string(), &[(pi, start, start + rest.len())], attr, false);
        // The first report's words end before the second's clause.
        let head = content[..toks[cut].start]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';'));
        q.content_spans = self.text_spans((pi, a, a + head.len()));
        q.text = head.strip_prefix("that ").unwrap_or(head).to_string();
        Some(second)
    }

    /// "Asked by reporters whether he would run, he said, “Ask me after I've slept.”": the
    /// question opening the sentence is the askers' report, not words of the answer, though the
    /// roles tagger may give both as one report's; it is cut off as its own ("asked", its source
    /// the "by" phrase when there is one), and the answer keeps the rest.
    fn split_asked(&self, q: &mut Quote) -> Option<Quote> {
        let (&first, rest) = q.content_spans.split_first()?;
        let cue = q.cue_span?;
        if rest.is_empty() || cue.sentence != first.sentence || cue.start < first.end {
            return None;
        }
        let lead = self.sentences.get(first.sentence)?.text.get(..first.start)?;
        if lead.contains([',', ';', ':']) {
            return None;
        }
        let toks = tokens(lead);
        let mut folded = String::new();
        let words = fold_all(&toks, &mut folded);
        // "Asked", "When asked", "Asked by reporters", "Asked about": nothing else before it.
        let at = usize::from(words.first() == Some(&"when"));
        if words.get(at) != Some(&"asked") {
            return None;
        }
        let mut end = words.len();
        if end > at + 1 && words[end - 1] == "about" {
            end -= 1;
        }
        let by = match words.get(at + 1..end)? {
            [] => None,
            ["by", np @ ..] if !np.is_empty() && np.len() <= 6 => {
                Some((toks[at + 2].start, toks[end - 1].end))
            }
            _ => return None,
        };
        let &(pi, off) = self.place.get(first.sentence)?;
        let text_of = |t: &TextSpan| self.sentences.get(t.sentence).and_then(|s| s.text.get(t.start..t.end));
        let source = by.map(|(a, b)| {
            self.resolve_subject(pi, off + a, off + b).unwrap_or_else(|| Src {
                name: lead.get(a..b).map(str::to_string),
                at: (pi, off + a, off + b),
            })
        });
        let asked = (toks[at].text.to_string(), (pi, off + toks[at].start, off + toks[at].end));
        let attr = Attr { source, cue: Some(asked), medium: None };
        let question = clean(text_of(&first)?);
        let own = self.quote(q.sentence, question, &[(pi, off + first.start, off + first.end)], attr, false);
        // The answer: the words left, direct when they open inside quotation marks.
        let rest = rest.to_vec();
        let text: Vec<&str> = rest.iter().filter_map(text_of).collect();
        q.text = clean(&text.join(" … "));
        q.direct = rest.first().and_then(|t| {
            let &(p, o) = self.place.get(t.sentence)?;
            Some(self.paras[p].in_quote(o + t.start))
        }) == Some(true);
        q.content_spans = rest;
        Some(own)
    }

    /// The report a quote's words close with ("X had told police that A, the source added"):
    /// PolNeAR marks that outer report, its words the clause before the comma from the
    /// sentence's start; `q` is then the report passed on inside it (`via`), its words cut there.
    fn outer_after(&self, q: &mut Quote) -> Option<Quote> {
        let first = sole_report(q)?;
        let (pi, off, a, words) = self.words_at(first)?;
        let para = &self.paras[pi];
        // Words that stop right before the attribution closing their sentence (", sources
        // said."): the roles tagger leaves it out of them, PolNeAR marks it as the outer report.
        let end = off + self.sentences.get(first.sentence)?.text.len();
        let after = para.text.get(a + words.len()..end)?;
        let extended = after.trim_start().starts_with(',') && word_count(after) <= 16;
        let content = if extended {
            para.text.get(a..end)?.trim_end_matches(|c: char| !c.is_alphanumeric())
        } else {
            words
        };
        let say = |w: &str, t: &Token| t.is_lowercase() && matches!(cue_class(w), Some(Cue::Say | Cue::That));
        // ", the source added", ", officials said Monday": a subject, the cue, a time at most
        // (a capitalised word is a name's, "the United States said", not the cue); or the cue
        // first, ", said Mr. Barrett, the agency's lawyer": the name up to its apposition.
        let found = content.rmatch_indices(',').take(3).enumerate().find_map(|(nth, (comma, _))| {
            let tail = &content[comma + 1..];
            let toks = tokens(tail);
            let mut folded = String::new();
            let words = fold_all(&toks, &mut folded);
            let ci = words.iter().zip(&toks).position(|(w, t)| say(w, t))?;
            if ci == 0 {
                let name = &tail[toks[0].full_end..];
                let name = &name[..name.find(',').unwrap_or(name.len())];
                let n = tokens(name);
                let (first, last) = (n.first()?, n.last()?);
                let opens = first.is_capitalised() || matches!(first.folded().as_str(), "the" | "a" | "an");
                let at = toks[0].full_end + first.start..toks[0].full_end + last.end;
                return (n.len() <= 6 && opens && !words[1..].iter().zip(&toks[1..]).any(|(w, t)| say(w, t)))
                    .then(|| (comma, toks[0], at));
            }
            let opener = matches!(
                words[0],
                "which"
                    | "who"
                    | "as"
                    | "what"
                    | "when"
                    | "while"
                    | "because"
                    | "but"
                    | "and"
                    | "that"
                    | "according"
            );
            let rest_ok = words[ci + 1..].iter().all(|w| is_frame_word(w) || w.ends_with("day"))
                && words.len() - ci <= 3;
            (nth == 0 && ci <= 5 && rest_ok && !opener)
                .then(|| (comma, toks[ci], toks[0].start..toks[ci - 1].end))
        });
        let (comma, cue_tok, subject) = found?;
        // Not the quote's own cue (", officials said" closing "A, officials said"); taken on, the
        // words after the quote's are the attribution alone (not ", which he said A, the footage
        // showed").
        let at_cue = a + comma + 1 + cue_tok.start;
        let own = q.cue_span.is_some_and(|c| c.sentence == first.sentence && off + c.start == at_cue);
        if own
            || para.in_quote(a + comma)
            || (extended && content.get(words.len()..comma).is_none_or(|g| g.contains(',')))
        {
            return None;
        }
        let (s0, s1) = (a + comma + 1 + subject.start, a + comma + 1 + subject.end);
        let written = para.text.get(s0..s1)?.to_string();
        let src = self.resolve_subject(pi, s0, s1).unwrap_or(Src { name: None, at: (pi, s0, s1) });
        let from = off + self.dateline.get(first.sentence).copied().unwrap_or(0);
        let sentence = para.text.get(from..a + comma)?;
        let lead = sentence.len() - sentence.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let words_at = (pi, from + lead, a + comma);
        let text = para.text.get(words_at.1..words_at.2)?.to_string();
        if word_count(&text) < 3 {
            return None;
        }
        let cue =
            (cue_tok.text.to_string(), (pi, a + comma + 1 + cue_tok.start, a + comma + 1 + cue_tok.end));
        let src = Src { name: src.name.or_else(|| Some(written.clone())), ..src };
        let attr = Attr { source: Some(src), cue: Some(cue), medium: None };
        let outer = self.quote(q.sentence, text, &[words_at], attr, false);
        q.content_spans = self.text_spans((pi, a, a + comma));
        q.text = clean(&content[..comma]);
        q.via = Some(outer.speaker.clone().unwrap_or(written));
        Some(outer)
    }

    /// The report whose words `q`'s source and cue open ("Barrett said Patriot signaled that A",
    /// the outer cue given to no quote of its own): PolNeAR marks the outer report only, its
    /// words all from its cue on; `q` is then the report passed on inside it (`via`).
    fn outer_before(&self, q: &mut Quote, taken: &HashSet<TextSpan>) -> Option<Quote> {
        if q.via.is_some() || q.direct {
            return None;
        }
        let cue = q.cue_span?;
        let head = q.source_span.filter(|s| s.sentence == cue.sentence && s.end <= cue.start).unwrap_or(cue);
        let mine = || q.content_spans.iter().filter(|t| t.sentence == cue.sentence);
        // The words follow the cue ("Patriot signaled that A", not "A, Patriot signaled").
        if mine().any(|t| t.start < cue.end) {
            return None;
        }
        let last = mine().map(|t| t.end).max()?;
        let &(pi, off) = self.place.get(cue.sentence)?;
        let para = &self.paras[pi];
        let from = off + self.dateline.get(cue.sentence).copied().unwrap_or(0);
        let lead = para.text.get(from..off + head.start)?;
        let toks = tokens(lead);
        let mut ci = toks.len().checked_sub(1)?;
        let that = toks[ci].folded() == "that";
        if that {
            ci = ci.checked_sub(1)?;
        }
        let t = toks[ci];
        // Nothing but spaces (and the "that") between the outer cue and the report it gives.
        let gap = lead[t.full_end..].trim();
        let plain = gap.is_empty() || (that && gap.eq_ignore_ascii_case("that"));
        let outer_cue = (pi, from + t.start, from + t.end);
        if ci == 0
            || !plain
            || !t.is_lowercase()
            || !matches!(cue_class(&t.folded()), Some(Cue::Say | Cue::That))
            || self.text_spans(outer_cue).iter().any(|c| taken.contains(c))
        {
            return None;
        }
        let src =
            self.subject_before(pi, from, outer_cue.1).filter(|s| s.at.1 >= from && s.at.2 <= outer_cue.1)?;
        let start = from + toks.get(ci + 1).map_or(lead.len(), |t| t.start);
        let words_at = (pi, start, off + last);
        let text = para.text.get(words_at.1..words_at.2)?;
        let text = text.strip_prefix("that ").unwrap_or(text).to_string();
        let written = para.text.get(src.at.1..src.at.2)?.to_string();
        let attr = Attr { source: Some(src), cue: Some((t.text.to_string(), outer_cue)), medium: None };
        let outer = self.quote(q.sentence, text, &[words_at], attr, false);
        q.via = Some(outer.speaker.clone().unwrap_or(written));
        Some(outer)
    }

    /// A report inside a quote's words: "Ushakov said Putin warned that X" holds Putin's
    /// warning X, passed on by Ushakov.
    fn nested(&self, q: &Quote) -> Option<Quote> {
        let (pi, _, a, content) = self.words_at(*q.content_spans.first()?)?;
        let para = &self.paras[pi];
        let toks = tokens(content);
        let ci = toks
            .iter()
            .take(8)
            .position(|t| t.is_lowercase() && matches!(cue_class(&t.folded()), Some(Cue::Say | Cue::That)))?;
        // One speaker, not "he and Putin agreed".
        let joint = |w: &str| matches!(w, "that" | "and" | "or" | "with");
        if ci == 0 || toks[..ci].iter().any(|t| lx::is_speech_participle(&t.folded()) || joint(&t.folded())) {
            return None;
        }
        // The subject is in the cue's own sentence: "I called Lucia to congratulate her. I told
        // her ..." is the quote's own speaker talking, not Lucia.
        let open = content[..toks[ci].start].rfind(['.', '!', '?', ';']).map_or(0, |i| i + 1);
        let lead = content.len() - content.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let src = self.resolve_subject(pi, a + lead.max(open), a + toks[ci].start)?;
        let name = src.name.clone()?;
        // Only a named entity, or a description that resolves to one, passes words on.
        let written = para.text.get(src.at.1..src.at.2)?;
        let resolved =
            para.mentions.iter().any(|&(ms, me, _)| ms >= src.at.1 && me <= src.at.2) || name != written;
        if !resolved || is_pronoun(&written.to_lowercase()) || q.speaker.as_deref() == Some(name.as_str()) {
            return None;
        }
        let mut from = toks[ci].full_end;
        // "told his counterpart that ...", "reiterated his point that ...".
        if let Some(t) = toks[ci + 1..].iter().take(6).find(|t| t.folded() == "that") {
            if !content[from..t.start].contains([',', '“', '"']) {
                from = t.full_end;
            }
        } else if let Some(t) = toks.get(ci + 1).filter(|t| is_object_pronoun(&t.folded())) {
            // "told her the deal was done": the one told is not the words.
            from = t.full_end;
        }
        let words = content[from..].trim_end_matches(|c: char| !c.is_alphanumeric()).trim();
        if word_count(words) < 3 {
            return None;
        }
        let start = a + from + (content[from..].len() - content[from..].trim_start().len());
        let at = (pi, start, start + words.len());
        let cue = (toks[ci].text.to_string(), (pi, a + toks[ci].start, a + toks[ci].end));
        let attr = Attr { source: Some(src), cue: Some(cue), medium: None };
        let mut out = self.quote(q.sentence, words.to_string(), &[at], attr, false);
        out.via = q.speaker.clone();
        Some(out)
    }

    /// Call `f` with what the source chooser sees of quote `q` (none without a cue) and a map from
    /// the frame's token ranges to paragraph stretches. The frame is the cue's sentence, and the
    /// sentence before in the paragraph when the words open the cue's sentence or come earlier.
    fn source_frame<R>(
        &self,
        q: &Quote,
        f: impl FnOnce(&Frame, &dyn Fn((usize, usize)) -> At) -> R,
    ) -> Option<R> {
        let cue = q.cue_span?;
        let si = cue.sentence;
        let &(pi, off) = self.place.get(si)?;
        let para = self.paras.get(pi)?;
        let end = off + self.sentences.get(si)?.text.len();
        let at_para = |t: &TextSpan| {
            let &(p, o) = self.place.get(t.sentence)?;
            (p == pi).then_some((o + t.start, o + t.end))
        };
        let content: Vec<(usize, usize)> = q.content_spans.iter().filter_map(at_para).collect();
        let opens = content.first().is_some_and(|&(a, _)| {
            a < off || para.text.get(off..a).is_some_and(|lead| lead.chars().all(|c| !c.is_alphanumeric()))
        });
        let prev = si.checked_sub(1).and_then(|p| self.place.get(p)).filter(|&&(pp, _)| pp == pi && opens);
        let start = prev.map_or(off, |&(_, o)| o);
        let text = para.text.get(start..end)?;
        // The sentence's own tokens unless the frame takes in the sentence before.
        let own;
        let tokenised = match self.tokenised.get(si) {
            Some(t) if start == off => t,
            _ => {
                own = Tokenised::new(text);
                &own
            }
        };
        let toks = &tokenised.toks;
        if toks.is_empty() {
            return None;
        }
        let words = tokenised.words();
        let sent_start = toks.iter().position(|t| start + t.start >= off).unwrap_or(toks.len());
        let covering = |(a, b): (usize, usize)| {
            let x = toks.iter().position(|t| start + t.end > a);
            let y = toks.iter().rposition(|t| start + t.start < b);
            match (x, y) {
                (Some(x), Some(y)) if x <= y => Some((x, y + 1)),
                (Some(x), _) => Some((x, x)),
                _ => None,
            }
        };
        let (cs, ce) = (off + cue.start, off + cue.end);
        let cue = covering((cs, ce)).unwrap_or((toks.len(), toks.len()));
        let current = q.source_span.as_ref().and_then(at_para).and_then(covering).filter(|(a, b)| a < b);
        let mut m = para.mentions.partition_point(|&(_, me, _)| me <= start);
        let mut entity = Vec::with_capacity(toks.len());
        for t in toks {
            let (a, b) = (start + t.start, start + t.end);
            while para.mentions.get(m).is_some_and(|&(_, me, _)| me <= a) {
                m += 1;
            }
            let e = para.mentions.get(m).filter(|&&(ms, me, _)| ms < b && a < me).map_or(
                (0, 0),
                |&(ms, _, ei)| {
                    let kind = match self.entities[ei].kind {
                        EntityKind::Person => 1,
                        EntityKind::Organization => 2,
                        EntityKind::Place => 3,
                        EntityKind::Other => 4,
                    };
                    (kind, ms)
                },
            );
            entity.push(e);
        }
        let frame = Frame {
            text,
            toks,
            words: &words,
            entity,
            quoted: toks.iter().map(|t| para.in_quote(start + t.start)).collect(),
            content: toks
                .iter()
                .map(|t| content.iter().any(|&(a, b)| a < start + t.end && start + t.start < b))
                .collect(),
            cue,
            current,
            sent_start,
            direct: q.direct,
        };
        let at = |(a, b): (usize, usize)| (pi, start + toks[a].start, start + toks[b - 1].end);
        Some(f(&frame, &at))
    }

    /// Whether the finder's source of `q` stands right before its cue ("Trump said", "he has
    /// said"), the cue not passive: the chooser may only take it away, for no source at all ("he
    /// seems to", "it appeared that"; on PolNeAR dev the source F1 is 0.002 lower when the chooser
    /// may give another phrase too). A passive cue's subject ("he has been criticized") is the
    /// chooser's to judge.
    fn source_settled(&self, q: &Quote) -> bool {
        let (Some(src), Some(cue)) = (q.source_span, q.cue_span) else { return false };
        let between = self.sentences.get(src.sentence).and_then(|s| s.text.get(src.end..cue.start));
        // Not a passive ("he has been criticized"), whose subject is seldom the speaker.
        let passive = |w: &str| matches!(w, "be" | "been" | "being" | "is" | "was" | "were" | "are");
        let cue_text = self.sentences.get(cue.sentence).and_then(|s| s.text.get(cue.start..cue.end));
        // "has been pressing" is no passive: a form of "be" before a participle in -ing.
        let progressive =
            cue_text.and_then(|c| c.split_whitespace().last()).is_some_and(|w| w.ends_with("ing"));
        src.sentence == cue.sentence
            && between.is_some_and(|b| {
                b.split_whitespace()
                    .map(str::to_lowercase)
                    .all(|w| lx::is_auxiliary(&w) && (progressive || !passive(&w)))
            })
            && cue_text
                .is_some_and(|c| progressive || !c.split_whitespace().any(|w| passive(&w.to_lowercase())))
    }

    /// Give quote `q` the source the chooser ranks first among the phrases around its cue (see
    /// [`crate::sources`]), resolved as the rules resolve theirs; the source the finder gave stays
    /// as it was resolved when the chooser agrees with it.
    fn choose_source(&self, q: &mut Quote, model: &CueModel) {
        let settled = self.source_settled(q);
        // A settled subject of a plain reporting word ("he said", "Trump argues") keeps its source
        // without reading the frame: none at all is seldom right there, and the analysis stays fast.
        let cue_word = q.cue_span.and_then(|c| self.sentences.get(c.sentence)?.text.get(c.start..c.end));
        let plain = cue_word.and_then(|c| c.split_whitespace().last()).map(str::to_lowercase);
        // So does a name before a colon ("WALLACE: ...", a transcript's turn; not "as he put it:").
        let src_word = q.source_span.and_then(|s| self.sentences.get(s.sentence)?.text.get(s.start..s.end));
        let named = src_word.is_some_and(|w| w.starts_with(char::is_uppercase));
        let colon = plain.as_deref() == Some(":") && named;
        // And the "who" of a relative clause, which speaks for the person it follows ("union
        // leader Ana Okafor, who has been pressing the mayor to ...").
        let relative = src_word == Some("who");
        if settled && (colon || relative || plain.is_some_and(|w| matches!(cue_class(&w), Some(Cue::Say)))) {
            return;
        }
        // None: keep the finder's source; Some(None): no source; Some(Some(at)): the phrase at.
        let choice = self.source_frame(q, |frame, at| {
            let cands = sources::candidates(frame);
            // A settled source goes only for none at all, when that outscores it ("he seems to",
            // "it appeared that"); the other candidates need no scoring.
            if settled {
                let current = |k: usize| frame.current.is_some_and(|(x, y)| x < cands[k].1 && cands[k].0 < y);
                let rows = sources::features_of(frame, &cands, current);
                let score = |k: usize| sources::score(model, &rows, k);
                let best = (0..cands.len()).filter(|&k| current(k)).map(score).reduce(f32::max);
                return best.filter(|&b| score(cands.len()) > b).map(|_| None);
            }
            let k = sources::choose(model, &sources::features(frame, &cands));
            // The finder's source stays when the choice is it, or lies in an apposition to the
            // name it gave ("Ana Lutz, director of the centre, said": PolNeAR's sources take the
            // whole phrase, so the chooser learns no preference inside it; the brief wants the name).
            let kept = |&(a, b): &(usize, usize)| {
                frame.current.is_some_and(|(x, y)| {
                    let named = (x..y).any(|i| matches!(frame.entity[i].0, 1 | 2));
                    let apposition = named
                        && y <= a
                        && b <= frame.cue.0
                        && frame
                            .text
                            .get(frame.toks[y - 1].full_end..frame.toks[a].start)
                            .is_some_and(|g| g.contains(','))
                        && !(y..frame.cue.0).any(|i| has_rule_cue(frame.words[i]));
                    // "Tom Gale (R-Ohio) said": a party or a state in brackets after the name.
                    let aside = y <= a
                        && frame
                            .text
                            .get(frame.toks[y - 1].full_end..frame.toks[a].start)
                            .is_some_and(|g| g.trim() == "(");
                    (x < b && a < y) || apposition || aside
                })
            };
            // A mention inside a longer phrase stands for the phrase, whose name the resolution
            // then finds ("US Defense Secretary Pete Hegseth", not "US Defense").
            let widest = |&(a, b): &(usize, usize)| {
                cands
                    .iter()
                    .copied()
                    .filter(|&(x, y)| x <= a && b <= y)
                    .max_by_key(|&(x, y)| y - x)
                    .unwrap_or((a, b))
            };
            // A phrase right before the cue that a preposition joins to a phrase before it is the
            // tail of the subject, whose head acts ("Survivors of the ferry disaster off Brenmouth
            // say"): the chain from its head ("according to X" names who speaks).
            let chain = |(mut a, b): (usize, usize)| {
                let joined = |a: usize| {
                    a >= 2
                        && OBLIQUE_BEFORE.contains(&frame.words[a - 1])
                        && frame.words[a - 2] != "according"
                        && frame
                            .text
                            .get(frame.toks[a - 2].full_end..frame.toks[a - 1].start)
                            .is_some_and(|g| g.trim().is_empty())
                };
                while b == frame.cue.0 && joined(a) {
                    match cands.iter().find(|&&(_, y)| y == a - 1) {
                        Some(&(x, _)) => a = x,
                        None => break,
                    }
                }
                (a, b)
            };
            match cands.get(k).map(widest) {
                // No source: the subject of a passive or of "seems", "is expected to" is what is
                // spoken of ("Obama's veto is expected"; see the features of "no source").
                None => Some(None),
                Some(c) if kept(&c) => None,
                Some(c) => Some(Some(at(chain(c)))),
            }
        });
        let Some(Some(choice)) = choice else { return };
        let Some((p, a, b)) = choice else {
            q.speaker = None;
            q.source_span = None;
            return;
        };
        let src = self
            .resolve_subject(p, a, b)
            .unwrap_or_else(|| Src { name: self.paras[p].text.get(a..b).map(str::to_string), at: (p, a, b) });
        q.speaker = src.name;
        q.source_span = self.text_spans(src.at).into_iter().next();
    }

    /// The record of a quote whose content is written at `pieces`.
    fn quote(&self, sentence: usize, text: String, pieces: &[At], attr: Attr, direct: bool) -> Quote {
        let (speaker, source_span) = match attr.source {
            Some(src) => (src.name, self.text_spans(src.at).into_iter().next()),
            None => (None, None),
        };
        let (cue, cue_span) = match attr.cue {
            Some((c, at)) => (Some(c), self.text_spans(at).into_iter().next()),
            None => (None, None),
        };
        Quote {
            sentence,
            text,
            speaker,
            cue,
            medium: attr.medium,
            direct,
            content_spans: pieces.iter().flat_map(|&at| self.text_spans(at)).collect(),
            source_span,
            cue_span,
            via: None,
            stance: false,
        }
    }

    /// Words that open a quoted phrase they do not close ("had made “a serious gesture"), taken on
    /// over the closing mark right after them (and the stop before it): the tagger's spans end
    /// at a word.
    fn with_closing_mark(&self, (p, a, b): At) -> At {
        let Some(text) = self.paras.get(p).map(|x| x.text.as_str()) else { return (p, a, b) };
        let Some(words) = text.get(a..b) else { return (p, a, b) };
        let open = words.matches('“').count() > words.matches('”').count()
            || !words.matches('"').count().is_multiple_of(2);
        let rest = &text[b..];
        let stop = rest.len() - rest.trim_start_matches(['.', ',', '!', '?']).len();
        match rest[stop..].chars().next() {
            Some(c @ ('”' | '"')) if open => (p, a, b + stop + c.len_utf8()),
            _ => (p, a, b),
        }
    }

    /// A stretch of a paragraph as ranges of the sentences it covers.
    fn text_spans(&self, (pi, s, e): At) -> Vec<TextSpan> {
        let Some(para) = self.paras.get(pi) else { return Vec::new() };
        para.sents
            .iter()
            .filter_map(|&(off, si)| {
                let len = self.sentences.get(si)?.text.len();
                let (a, b) = (s.max(off), e.min(off + len));
                (a < b).then(|| TextSpan { sentence: si, start: a - off, end: b - off })
            })
            .collect()
    }

    /// The quotes the rules find: direct quotes and reported speech, a quoted phrase inside a
    /// report left to the report; and per sentence, where the learned cue took a word for a
    /// reporting one (byte offsets of those words in the sentence, for [`cue_classes`]).
    fn rule_quotes(&self) -> (Placed, LearnedCues) {
        let mut out = self.direct_quotes();
        let mut learned = vec![Vec::new(); self.sentences.len()];
        out.extend(self.indirect_quotes(&mut learned));
        // A quoted phrase inside reported speech ("said that he “would be surprised”") is part of
        // that report, not a quote of its own.
        let reported: Vec<TextSpan> = out
            .iter()
            .filter(|(_, q)| !q.direct)
            .flat_map(|(_, q)| q.content_spans.iter().copied())
            .collect();
        out.retain(|(_, q)| {
            !q.direct
                || !q.content_spans.iter().all(|c| {
                    reported
                        .iter()
                        .any(|r| r.sentence == c.sentence && r.start <= c.start && c.end <= r.end + 4)
                })
        });
        (out, learned)
    }

    /// Per sentence, the role spans of the rules' quotes (byte ranges of the sentence).
    fn rule_roles(&self, quotes: &[((usize, usize), Quote)]) -> Vec<Vec<(usize, usize, Role)>> {
        let mut out = vec![Vec::new(); self.sentences.len()];
        for (_, q) in quotes {
            let spans = q.content_spans.iter().map(|t| (t, Role::Content));
            let spans = spans
                .chain(q.source_span.iter().map(|t| (t, Role::Source)))
                .chain(q.cue_span.iter().map(|t| (t, Role::Cue)));
            for (t, role) in spans {
                if let Some(v) = out.get_mut(t.sentence) {
                    v.push((t.start, t.end, role));
                }
            }
        }
        out
    }

    /// What the roles model sees of sentence `si` (`toks` and `words` its tokens and their folded
    /// forms, `cue` their [`cue_classes`]; `rules` the rules' role spans of every sentence).
    fn view<'t>(
        &'t self,
        si: usize,
        toks: &'t [Token<'t>],
        words: &'t [&'t str],
        cue: Vec<u8>,
        rules: &[Vec<(usize, usize, Role)>],
    ) -> View<'t> {
        let (pi, off) = self.place[si];
        let para = &self.paras[pi];
        let text = &para.text[off..off + self.sentences[si].text.len()];
        let quoted = toks.iter().map(|t| para.in_quote(off + t.start)).collect();
        // Mentions are in order: one walk along them.
        let mut m = para.mentions.partition_point(|&(_, me, _)| me <= off);
        let entity = toks
            .iter()
            .map(|t| {
                let (a, b) = (off + t.start, off + t.end);
                while para.mentions.get(m).is_some_and(|&(_, me, _)| me <= a) {
                    m += 1;
                }
                para.mentions.get(m).filter(|&&(ms, me, _)| ms < b && a < me).map_or(0, |&(ms, _, ei)| {
                    let kind = match self.entities[ei].kind {
                        EntityKind::Person => 0,
                        EntityKind::Organization => 1,
                        EntityKind::Place => 2,
                        EntityKind::Other => 3,
                    };
                    1 + 2 * kind + u8::from(ms < a)
                })
            })
            .collect();
        let mine = rules.get(si).map_or(&[][..], Vec::as_slice);
        let rule = toks
            .iter()
            .map(|t| mine.iter().find(|&&(a, b, _)| a < t.end && t.start < b).map(|&(_, _, r)| r))
            .collect();
        let first = para.sents.first().is_some_and(|&(_, s)| s == si);
        let before = si.checked_sub(1).filter(|_| !first);
        let after_quote = before.is_some_and(|b| {
            rules.get(b).is_some_and(|r| r.iter().any(|&(_, _, role)| role == Role::Content))
                || para.in_quote(off.saturating_sub(2))
        });
        View {
            text,
            toks,
            words,
            quoted,
            entity,
            cue,
            rule,
            first,
            after_quote,
            has_rule_quote: !mine.is_empty(),
        }
    }

    /// The attributions the roles model ([`crate::roles`]) tags: one per cue, with the source and
    /// the content spans nearest that cue (without a cue, one per source: "WALLACE: ..."). A
    /// sentence with content only carries on the report of the sentence before, or gives the
    /// words a report there announced ("He said:"). A cue without a tagged source takes the
    /// subject the rules find before it; sources are resolved as the rules' are.
    fn learned_quotes(
        &self,
        model: &Model,
        rules: &[((usize, usize), Quote)],
        learned_cues: &[Vec<usize>],
        skip: &HashSet<usize>,
    ) -> Vec<((usize, usize), Quote)> {
        let marks = self.rule_roles(rules);
        let mut out: Vec<((usize, usize), Quote)> = Vec::new();
        // The learned quote of the previous sentence, to carry on; a report of the previous
        // sentence whose words have not come yet ("He said:").
        let mut last: Option<usize> = None;
        let mut pending: Option<Attr> = None;
        // Buffers of the tagger, reused from sentence to sentence.
        let (mut feats, mut scratch) = (Vec::new(), Scratch::default());
        for si in 0..self.sentences.len() {
            let (carried, waiting) = (last.take(), pending.take());
            if skip.contains(&si) {
                continue;
            }
            // Where the rules already give a whole report (source, cue and words), the model
            // seldom finds better (PolNeAR dev source F1 0.006 lower without these sentences) and
            // costs half its time there: it reads the others (and some of these, below).
            let whole =
                [Role::Source, Role::Cue, Role::Content].iter().all(|&r| marks[si].iter().any(|m| m.2 == r));
            let alone = carried.is_none() && waiting.is_none();
            let toks = &self.tokenised[si].toks;
            if toks.is_empty() {
                continue;
            }
            let words = self.tokenised[si].words();
            // A sentence without a reporting word, listed or learned, seldom holds a report the
            // rules missed: the model reads it only when it carries one on.
            let cues = cue_classes(toks, &words, &learned_cues[si]);
            if alone && marks[si].is_empty() && cues.iter().all(|&c| c == 0) {
                continue;
            }
            // A second reporting word in a sentence the rules give whole often starts a report
            // they merged into the first or missed (PolNeAR dev source F1 0.723 -> 0.730, train
            // 0.762 -> 0.778, sources.model retrained); a word the learned cue took for one counts
            // too (dev 0.735 -> 0.737, out of fold 0.6972 -> 0.6985, models retrained).
            // (`cue_classes`: 1-4 the listed classes, 6 a learned cue.)
            let counted = |c: u8| (1..=4).contains(&c) || c == 6;
            if whole && alone && cues.iter().filter(|&&c| counted(c)).count() < 2 {
                continue;
            }
            let view = self.view(si, toks, &words, cues, &marks);
            feats.clear();
            roles::features(&view, &mut |i, h| feats.push((i as u32, h)));
            let tags = model.tag_hashed(toks.len(), &feats, &mut scratch);
            // Nothing of a report lies in the sentence's dateline.
            let head = toks.iter().position(|t| t.start >= self.dateline[si]).unwrap_or(toks.len());
            let spans: Vec<_> = roles::spans(&tags)
                .into_iter()
                .filter_map(|(a, b, r)| (a.max(head) < b).then_some((a.max(head), b, r)))
                .collect();
            let (pi, off) = self.place[si];
            let at = |&(a, b, _): &(usize, usize, Role)| (pi, off + toks[a].start, off + toks[b - 1].end);
            let of = |r: Role| spans.iter().filter(move |s| s.2 == r);
            let contents: Vec<_> = of(Role::Content).collect();
            let pieces_of = |cs: &[&(usize, usize, Role)]| -> Vec<At> {
                cs.iter().map(|c| self.with_closing_mark(at(c))).collect()
            };
            // Words that open inside quotation marks are a direct quote.
            let quoted = |pieces: &[At]| pieces.first().is_some_and(|&(p, a, _)| self.paras[p].in_quote(a));
            // The words as the rules give them: without the "that" PolNeAR's content spans open
            // with (the spans keep it).
            let text_of = |pieces: &[At]| {
                let text = pieces
                    .iter()
                    .filter_map(|&(p, a, b)| self.paras[p].text.get(a..b))
                    .collect::<Vec<_>>()
                    .join(" … ");
                let bare = text.strip_prefix("that ").or_else(|| text.strip_prefix("That ")).unwrap_or(&text);
                bare.trim_end_matches([',', ';']).to_string()
            };
            // Reports are anchored on their cues; without a cue, on their sources ("WALLACE: ...").
            let mut anchors: Vec<_> = of(Role::Cue).collect();
            let by_cue = !anchors.is_empty();
            if !by_cue {
                anchors = of(Role::Source).collect();
            }
            if anchors.is_empty() {
                if contents.is_empty() {
                    continue;
                }
                // Content alone: the words of a report announced before, or more of the last one.
                if let Some(attr) = waiting {
                    let pieces = pieces_of(&contents);
                    out.push((
                        (si, toks[contents[0].0].start),
                        self.quote(si, text_of(&pieces), &pieces, attr, quoted(&pieces)),
                    ));
                    last = Some(out.len() - 1);
                } else if let Some(k) = carried {
                    let q = &mut out[k].1;
                    for c in &contents {
                        q.content_spans.extend(self.text_spans(at(c)));
                    }
                    last = Some(k);
                }
                continue;
            }
            let dist = |x: &(usize, usize, Role), c: &(usize, usize, Role)| {
                if x.1 <= c.0 {
                    c.0 - x.1
                } else {
                    x.0.saturating_sub(c.1)
                }
            };
            let nearest = |x: &(usize, usize, Role)| {
                anchors.iter().enumerate().min_by_key(|(_, c)| dist(x, c)).map(|(k, _)| k)
            };
            for (k, anchor) in anchors.iter().enumerate() {
                let mine: Vec<_> = contents.iter().copied().filter(|c| nearest(c) == Some(k)).collect();
                let source = if by_cue {
                    of(Role::Source).filter(|s| nearest(s) == Some(k)).min_by_key(|s| dist(s, anchor))
                } else {
                    Some(*anchor)
                };
                let src = match source {
                    Some(s) => {
                        let (p, a, mut b) = at(s);
                        // "Ana Lutz, director of the Centre ...": the name before the apposition.
                        if let Some(comma) =
                            self.paras[p].text.get(a..b).and_then(|t| t.find(',')).filter(|&c| c > 0)
                        {
                            b = a + comma;
                        }
                        Some(self.resolve_subject(p, a, b).unwrap_or_else(|| Src {
                            name: self.paras[p].text.get(a..b).map(str::to_string),
                            at: (p, a, b),
                        }))
                    }
                    // No source tagged: the subject before the cue, as the rules find one.
                    None if by_cue => {
                        let (p, a, _) = at(anchor);
                        let from = off + self.dateline[si];
                        self.subject_before(p, from, a).filter(|s| s.at.1 >= from && s.at.2 <= a)
                    }
                    None => None,
                };
                let cue = if by_cue {
                    Some((words[anchor.0..anchor.1].join(" "), at(anchor)))
                } else {
                    // The colon after the source, when there is one.
                    let (p, _, b) = at(anchor);
                    let rest = self.paras[p].text.get(b..).unwrap_or("");
                    let lead = rest.len() - rest.trim_start().len();
                    rest.trim_start().starts_with(':').then(|| (":".to_string(), (p, b + lead, b + lead + 1)))
                };
                let cue_pos = cue.as_ref().map_or(at(anchor).1, |c| c.1 .1);
                let attr = Attr { source: src, cue, medium: self.medium(pi, cue_pos) };
                if mine.is_empty() {
                    pending = Some(attr);
                    continue;
                }
                let mut pieces = pieces_of(&mine);
                // A direct quote's words are what its marks hold: in "“...,” Tkach said at a
                // briefing in ...", the frame after the cue is not his.
                if quoted(&pieces) {
                    pieces.retain(|&(p, a, _)| a < cue_pos || self.paras[p].in_quote(a));
                    // And a piece opening inside the marks ends at the closing one: in "“... is
                    // open,” the country's foreign minister said", the role is not the words.
                    for (p, a, b) in &mut pieces {
                        let closing = self.paras[*p]
                            .spans
                            .iter()
                            .find(|s| s.open <= *a && s.close_end.is_some_and(|c| *a < c))
                            .and_then(|s| s.close_end);
                        if let Some(c) = closing {
                            *b = (*b).min(c);
                        }
                    }
                }
                // A bare "that" reports nothing.
                if text_of(&pieces).trim().eq_ignore_ascii_case("that") {
                    continue;
                }
                let direct = quoted(&pieces);
                let mut text = text_of(&pieces);
                // The words of a direct quote without its marks, as the rules give them.
                if direct {
                    // A closing ’ is an apostrophe unless a ‘ opened the words.
                    let single = text.starts_with('‘');
                    let bare = text.trim_start_matches(['“', '"', '‘']);
                    let bare = bare.trim_end_matches(['”', '"']);
                    let bare = if single { bare.trim_end_matches('’') } else { bare };
                    text = bare.trim_end_matches([',', ';', ' ']).to_string();
                }
                out.push(((si, toks[anchor.0].start), self.quote(si, text, &pieces, attr, direct)));
                last = Some(out.len() - 1);
            }
        }
        out
    }

    fn indirect_quotes(&self, learned: &mut [Vec<usize>]) -> Vec<((usize, usize), Quote)> {
        let mut out = Vec::new();
        for (pi, para) in self.paras.iter().enumerate() {
            for &(off, si) in &para.sents {
                let Some(sentence) = self.sentences.get(si) else { continue };
                let head = self.dateline[si];
                let text = sentence.text.get(head..).unwrap_or_default();
                let mut found = Vec::new();
                for (pos, q) in self.reported(pi, off + head, si, text, &mut found) {
                    out.push(((si, head + pos), q));
                }
                learned[si].extend(found.into_iter().map(|p| head + p));
            }
        }
        out
    }

    /// The reported speech of one sentence: (offset of the cue, quote) for each report, most
    /// often one ("X said A and added B" has two).
    fn reported(
        &self,
        pi: usize,
        off: usize,
        si: usize,
        text: &str,
        learned: &mut Vec<usize>,
    ) -> Vec<(usize, Quote)> {
        let mut out = Vec::new();
        let para = &self.paras[pi];
        let end = text.trim_end().trim_end_matches(['.', '!']).trim_end().len();
        // The clause `a..b` of the sentence, said by `source` with the cue at `c..d`.
        let make = |source: Src, cue: &str, (c, d): (usize, usize), (a, b): (usize, usize), min: usize| {
            let raw = text.get(a..b.max(a))?;
            let lead = raw.len() - raw.trim_start().len();
            let clause = raw.trim().trim_end_matches([',', ';']).trim();
            let starts_quoted = clause.starts_with(['“', '"', '«', ':', '‘', '\'']);
            (word_count(clause) >= min && !starts_quoted).then(|| {
                let at = (pi, off + a + lead, off + a + lead + clause.len());
                let attr = Attr {
                    source: Some(source),
                    cue: Some((cue.to_string(), (pi, off + c, off + d))),
                    medium: self.medium(pi, off + c),
                };
                (c, self.quote(si, clause.to_string(), &[at], attr, false))
            })
        };
        // "According to X, ..." and "..., according to X."
        if let Some(m) = ACCORDING.find_iter(text).find(|m| !para.in_quote(off + m.start())) {
            let rest = &text[m.end()..];
            let to = m.end() + rest.find([',', '.', ';']).unwrap_or(rest.len());
            // A source the resolver cannot name ("according to recent polls") is still the
            // source, as written.
            let np = text[m.end()..to].trim_end();
            let raw = (!np.is_empty() && word_count(np) <= 12 && !np.starts_with(['“', '"']))
                .then(|| Src { name: None, at: (pi, off + m.end(), off + m.end() + np.len()) });
            if let Some(source) = self.resolve_subject(pi, off + m.end(), off + to).or(raw) {
                let lead = text[..m.start()].trim_end();
                let cue = (m.start(), m.start() + m.as_str().trim_end().len());
                // "Its task, according to X, the envoy, is to produce ...": set off by commas
                // inside the words, which are both sides of it.
                if let Some(close) = lead.ends_with(',').then(|| parenthesis_close(text, to)).flatten() {
                    if let Some(q) =
                        self.inserted(pi, off, si, text, (lead, np, &text[close..]), (end, cue), &source)
                    {
                        out.push(q);
                        return out;
                    }
                }
                let clause = if lead.is_empty() || (lead.ends_with(',') && word_count(lead) < 4) {
                    (to + 1, end)
                } else {
                    (0, lead.len())
                };
                if let Some(q) = make(source, "according to", cue, clause, 3) {
                    out.push(q);
                    return out;
                }
            }
        }
        // "Sanders: Endorsements prove Clinton the establishment's candidate" (a headline's
        // attribution), when a person or organisation of the article speaks: a label ("Update:",
        // "The Latest:") is not a speaker.
        if let Some(colon) = text.find(": ") {
            let head = &text[..colon];
            let body = text[colon + 2..end.max(colon + 2)].trim();
            let short_name = head.starts_with(char::is_uppercase)
                && (1..=5).contains(&word_count(head))
                && !head.contains(['“', '"', ',', '(', '”'])
                && !head.chars().any(|c| c.is_ascii_digit());
            if short_name && !para.in_quote(off + colon) && !body.starts_with(['“', '"', '‘', '\'']) {
                // "Poll: Trump and Clinton tied": a document speaks too.
                let document = (word_count(head) == 1 && is_document(&head.to_lowercase()))
                    .then(|| Src { name: None, at: (pi, off, off + colon) });
                let src =
                    self.resolve_subject(pi, off, off + colon).filter(|s| self.is_named(s)).or(document);
                if let Some(src) = src {
                    if let Some(q) = make(src, ":", (colon, colon + 1), (colon + 2, end), 3) {
                        out.push(q);
                        return out;
                    }
                }
            }
        }
        // The sentence's own tokens unless a dateline was cut off its head.
        let own;
        let tokenised = match self.tokenised.get(si) {
            Some(t) if self.dateline[si] == 0 => t,
            _ => {
                own = Tokenised::new(text);
                &own
            }
        };
        let toks = &tokenised.toks;
        // A title-case line ("Trump Says He Will Win") reports with a capitalised cue.
        let title_case = is_title_case(toks);
        let mut skip_to = 0;
        // "In the latest survey, 61 percent backed the plan": the document speaks (see
        // `in_document`), not a stance the learned cue would find.
        let opens_in = text.trim_start().get(..3).is_some_and(|p| p.eq_ignore_ascii_case("in "));
        let document = if opens_in { self.in_document(pi, off, text, toks, end) } else { None };
        let frame = document.is_some();
        let marks = cues::quote_marks(text);
        let words = tokenised.words();
        let mut cue_features = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if t.start < skip_to {
                continue;
            }
            if !(t.is_lowercase() || (title_case && i > 0)) {
                continue;
            }
            let listed = cue_class(words[i]).filter(|_| !no_report(&words, i));
            // Cheap tests first: most words are neither listed nor the learned cue's to decide.
            if listed.is_none() && (frame || !cues::is_candidate(words[i])) {
                continue;
            }
            if para.in_quote(off + t.start) {
                continue;
            }
            // "an agreed upon location", "the reported talks": after an article the word is an
            // adjective, not a verb of saying.
            if i > 0 && matches!(words[i - 1], "a" | "an" | "the") {
                continue;
            }
            let Some(class) = listed.or_else(|| {
                let class = learned_cue(self.cues, text, toks, &words, marks, i, &mut cue_features);
                if class.is_some() {
                    learned.push(t.start);
                }
                class
            }) else {
                continue;
            };
            let w = words[i].to_string();
            // "“...,” Trump said": the direct quote's attribution, not reported speech.
            let clause_start =
                after_last(&text[..t.start], &[',', ';', ':', '”', '"', '(', '—', '–']).unwrap_or(0);
            let lead = text[..clause_start].trim_end();
            let before = &text[clause_start..t.start];
            // "X called the plan a stunt and said ...": the sentence's subject speaks.
            let coordinated = before.split_whitespace().all(|w| {
                matches!(w.to_lowercase().as_str(), "and" | "but" | "then" | "also" | "later" | "has" | "had")
            });
            // "who has been pressing X to ...": a progressive verb after its own subject, not a
            // participle leaning on the sentence's.
            let progressive = before.split_whitespace().next_back().is_some_and(|w| {
                matches!(w.to_lowercase().as_str(), "is" | "are" | "was" | "were" | "been" | "be")
            });
            let participle = class == Cue::Participle && !progressive;
            // "will stop adding water": adding something, not adding words.
            const ASPECTUAL: [&str; 10] =
                ["stop", "stops", "stopped", "start", "starts", "started", "began", "begin", "keep", "kept"];
            if w == "adding"
                && before
                    .split_whitespace()
                    .next_back()
                    .is_some_and(|v| ASPECTUAL.contains(&v.to_lowercase().as_str()))
            {
                continue;
            }
            if lead.ends_with(['”', '"']) && !coordinated {
                continue;
            }
            // "“...,” Seth McKee, a political scientist, told The Hill": the attribution of a
            // direct quote that closed earlier in the sentence.
            let closed_before = para
                .spans
                .iter()
                .rev()
                .find(|sp| sp.close_end.is_some_and(|c| c > off && c <= off + t.start) && sp.open >= off);
            if let Some(c) = closed_before.and_then(|sp| sp.close_end) {
                let between = &para.text[c..off + t.start];
                if !coordinated && word_count(between) <= 15 && !between.contains([';', '.']) {
                    continue;
                }
            }
            if toks[..i]
                .iter()
                .any(|p| p.start >= clause_start && p.end <= t.start && para.in_quote(off + p.start))
            {
                continue;
            }
            let cue_at = (t.start, t.end);
            // "spoke after the meeting": a stance needs something it is taken on.
            if class == Cue::Object
                && toks.get(i + 1).is_none_or(|n| {
                    let n = n.folded();
                    matches!(
                        n.as_str(),
                        "after"
                            | "before"
                            | "during"
                            | "at"
                            | "in"
                            | "while"
                            | "when"
                            | "as"
                            | "yesterday"
                            | "today"
                            | "tonight"
                            | "and"
                            | "but"
                            | "with"
                            | "by"
                    ) || lx::weekday(&n).is_some()
                })
            {
                continue;
            }
            // "to say" reports nothing said yet.
            if i > 0 && toks[i - 1].folded() == "to" {
                continue;
            }
            // The verb right after a comma: an apposition or a relative clause before it, or an
            // inverted "..., said the spokesman".
            let after_comma = before.trim().is_empty() && lead.ends_with(',');
            // "..., said the spokesman.": the speaker follows the verb, the words come before.
            if after_comma && class == Cue::Say && !named_subject(lead) {
                let tail = &text[t.full_end..end];
                let cut = tail.find([',', ';', '(']).unwrap_or(tail.len());
                let tail_toks = tokens(&tail[..cut]);
                let stop_k = tail_toks.iter().position(|x| is_frame_word(&x.folded()));
                let stop = stop_k.map_or(cut, |k| tail_toks[k].start);
                let np = &tail_toks[..stop_k.unwrap_or(tail_toks.len())];
                // A speaker's name or a description, not the clause of a sentence whose subject
                // stands before the comma ("Simmons, an Obama supporter, said he saw ...").
                let opens_np = np.first().is_some_and(|x| {
                    x.is_capitalised()
                        || DETERMINERS.contains(&x.folded().as_str()) && !is_pronoun(&x.folded())
                });
                let noun_phrase = tail.trim_start().starts_with(char::is_alphabetic)
                    && opens_np
                    && !np.is_empty()
                    && np.len() <= 6
                    && !np.iter().any(|x| is_verbal(&x.folded()) || x.folded() == "that");
                if noun_phrase && stop > 0 {
                    if let Some(src) = self.resolve_subject(pi, off + t.full_end, off + t.full_end + stop) {
                        if let Some(q) = make(src, t.text, cue_at, (0, clause_start - 1), 3) {
                            out.push(q);
                            return out;
                        }
                    }
                    continue;
                }
            }
            let source = if participle || (coordinated && !after_comma) {
                self.clause_subject(pi, off, off + t.start)
            } else {
                self.subject_before(pi, off, off + t.start)
            };
            let Some(source) = source else { continue };
            // A learned cue is less sure than a listed one: it needs a speaker the article names
            // (a person or an organisation, or a pronoun standing for one), not "the conversation
            // covered ...".
            if listed.is_none() && !self.is_named(&source) {
                continue;
            }
            let rest = text[t.full_end..].trim_start();
            if rest.starts_with([',', ':', '“', '"']) {
                // "X said: “...”" is a direct quote; "officials said, adding ..." may still report.
                let opens_quote =
                    rest.trim_start_matches([',', ':']).trim_start().starts_with(['“', '"', '\'', '‘']);
                if !rest.starts_with(',') || lead.is_empty() || !lead.ends_with(',') || opens_quote {
                    continue;
                }
                if let Some(q) =
                    self.inserted(pi, off, si, text, (lead, before, rest), (end, cue_at), &source)
                {
                    out.push(q);
                    return out;
                }
            }
            // Where the reported clause starts.
            let after: Vec<&Token> = toks[i + 1..].iter().collect();
            let that_at = after.iter().take(12).position(|a| a.folded() == "that");
            let mut from = Some(t.full_end);
            match (class, that_at) {
                (Cue::That, Some(k)) => from = Some(after[k].full_end),
                // "has made clear his priority is ...": the verb and its adjective are the cue,
                // and the words start after both.
                (_, _)
                    if matches!(w.as_str(), "made" | "make" | "makes" | "making")
                        && after.first().is_some_and(|a| {
                            matches!(a.folded().as_str(), "clear" | "plain" | "known" | "public")
                        }) =>
                {
                    from = Some(after[0].full_end);
                }
                // Without "that", what is announced or denied is the object ("announced his
                // candidacy").
                // "told The Star-Ledger she would rather ...": the words follow the addressee.
                (Cue::That, None) if matches!(w.as_str(), "told" | "tells" | "telling") => {
                    from = TOLD
                        .captures(&text[t.start..])
                        .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))
                        .and_then(|c| c.name("m"))
                        .map(|m| t.start + m.end());
                }
                (Cue::That, None)
                    if matches!(
                        w.as_str(),
                        "tell" | "informed" | "reminded" | "assured" | "emailed" | "texted"
                    ) =>
                {
                    from = None;
                }
                // "The official who disclosed the call was not authorised ...": in a relative
                // clause the object ends where the sentence's own verb starts; too unsure.
                (Cue::That, None) if i > 0 && matches!(toks[i - 1].folded().as_str(), "who" | "which") => {
                    from = None;
                }
                (Cue::That | Cue::Object, None) => {}
                (Cue::Object, Some(k)) if k > 0 => {}
                (_, Some(k)) => {
                    let adverbial = k == 0
                        || is_frame_word(&after[0].folded())
                        || lx::weekday(&after[0].folded()).is_some()
                        || is_adverb(&after[0].folded());
                    if adverbial && !text[t.full_end..after[k].start].contains([',', '“', '"']) {
                        from = Some(after[k].full_end);
                    }
                }
                _ => {}
            }
            // "..., lawmakers said Friday afternoon, as they ...": only a frame ("Friday
            // afternoon", "in a statement") between the cue and the next comma; the words are the
            // clause before the cue, not what follows the frame.
            let words_first = lead.ends_with(',')
                && class != Cue::Object
                && !participle
                && !after_comma
                && !lead.contains(['“', '"', '”'])
                && word_count(lead) >= 3;
            // "said in a phone interview", "said before he died": a verb of saying without "that"
            // whose next word opens a frame has no words after it.
            let frame_next = class == Cue::Say
                && after.first().is_some_and(|a| {
                    matches!(
                        a.folded().as_str(),
                        "in" | "on" | "at" | "during" | "after" | "as" | "while" | "when" | "before"
                    )
                });
            if frame_next && from == Some(t.full_end) {
                from = None;
            }
            if words_first && from == Some(t.full_end) {
                let tail = &text[t.full_end..end.max(t.full_end)];
                let frame = tokens(&tail[..tail.find(',').unwrap_or(tail.len())]);
                if frame.len() <= 5 && frame.first().is_some_and(|x| is_frame_word(&x.folded())) {
                    from = None;
                }
            }
            if let Some(from) = from {
                let mut clause_end = end.max(from);
                // "..., adding, “...”": the reported clause stops where a direct quote is introduced.
                if let Some(cut) = text.get(from..clause_end).and_then(direct_intro) {
                    clause_end = from + cut;
                }
                // "X said A and added B": two reports.
                // "74 percent said A, while 22 percent said B": a conjunction, then (after at
                // most a short subject) another reporting verb.
                let conjoined = toks[i + 1..].windows(6).find(|w| {
                    w[0].start > from
                        && w[0].start < clause_end
                        && matches!(w[0].folded().as_str(), "and" | "but" | "while" | "whereas")
                        && w[1..].iter().take_while(|x| !x.text.contains(',')).any(|x| {
                            x.is_lowercase() && x.start < clause_end && cue_class(&x.folded()).is_some()
                        })
                });
                // "X endorsed Y, saying Z": the stance and the words are two reports.
                let participle_next = toks[i + 1..].iter().find(|x| {
                    x.start > from
                        && x.start < clause_end
                        && cue_class(&x.folded()) == Some(Cue::Participle)
                        && text[..x.start].trim_end().ends_with(',')
                });
                let next = match (conjoined.map(|w| w[0].start), participle_next) {
                    (Some(c), Some(p)) if p.start < c => Some(p.start),
                    (None, Some(p)) => Some(p.start),
                    (c, _) => c,
                };
                if let Some(n) = next {
                    clause_end = n;
                }
                let min = match (class, that_at) {
                    (Cue::Object, _) => 1,
                    (Cue::That, None) => 2,
                    _ => 3,
                };
                if let Some(q) = make(source.clone(), t.text, cue_at, (from, clause_end), min) {
                    out.push(q);
                    match next {
                        Some(n) => {
                            skip_to = n;
                            continue;
                        }
                        None => return out,
                    }
                }
            }
            // "The talks will resume soon, officials said on Monday.": the words come first.
            if words_first {
                if let Some(q) = make(source, t.text, cue_at, (0, clause_start - 1), 3) {
                    out.push(q);
                    return out;
                }
            }
        }
        // "In a new survey, 71 percent approve": a document or an occasion that speaks.
        if out.is_empty() {
            // Found already when the sentence opens with "in "; searched for here otherwise.
            let document = if opens_in { document } else { self.in_document(pi, off, text, toks, end) };
            out.extend(document);
        }
        out
    }
}

impl Doc<'_> {
    /// "The plan, she said, was sound": an attribution set in the words by commas. The words are
    /// both sides of it (the lead only when more than a linking adverb: "Still, he said, ...").
    /// `lead` is the sentence up to the attribution's comma, `before` the subject, `rest` from
    /// the comma after the cue; `end` where the sentence's words end, `cue` the cue's range.
    #[allow(clippy::too_many_arguments)]
    fn inserted(
        &self,
        pi: usize,
        off: usize,
        si: usize,
        text: &str,
        (lead, before, rest): (&str, &str, &str),
        (end, cue): (usize, (usize, usize)),
        source: &Src,
    ) -> Option<(usize, Quote)> {
        let after = rest.strip_prefix(',')?.trim_start();
        let first = tokens(after).into_iter().next()?;
        // "officials said, adding ...", "she said, however, that ...": not words around the cue.
        let word = first.folded();
        if word_count(before) > 5 || cue_class(&word).is_some() || is_frame_word(&word) || is_adverb(&word) {
            return None;
        }
        let from = text.len() - after.len();
        let to = end.max(from);
        let words = text.get(from..to)?.trim_end_matches([',', ';']).trim_end();
        if word_count(words) < 3 {
            return None;
        }
        let mut pieces = Vec::new();
        let head = lead.trim_end_matches(',').trim_end();
        let linking = word_count(head) <= 1
            && tokens(head).first().is_some_and(|w| is_adverb(&w.folded()) || is_linking(&w.folded()));
        if !head.is_empty() && !linking {
            pieces.push((pi, off, off + head.len()));
        }
        pieces.push((pi, off + from, off + from + words.len()));
        let shown: Vec<&str> = pieces.iter().filter_map(|&(_, a, b)| self.paras[pi].text.get(a..b)).collect();
        let attr = Attr {
            source: Some(source.clone()),
            cue: Some((text[cue.0..cue.1].to_string(), (pi, off + cue.0, off + cue.1))),
            medium: self.medium(pi, off + cue.0),
        };
        Some((cue.0, self.quote(si, shown.join(" … "), &pieces, attr, false)))
    }

    /// "In a statement, ...", "In the latest poll, ...": the source is the document, the cue
    /// "in", the content the clause after the comma.
    fn in_document(
        &self,
        pi: usize,
        off: usize,
        text: &str,
        toks: &[Token],
        end: usize,
    ) -> Option<(usize, Quote)> {
        let first = toks.first()?;
        if first.folded() != "in" || !text[..first.start].trim().is_empty() {
            return None;
        }
        let comma = text.find(',')?;
        let np: Vec<&Token> = toks.iter().skip(1).take_while(|t| t.end <= comma).collect();
        if np.is_empty() || np.len() > 8 {
            return None;
        }
        if !np.iter().any(|t| is_document(&t.folded())) {
            return None;
        }
        let (a, b) = (np[0].start, np[np.len() - 1].end);
        let src = self
            .resolve_subject(pi, off + a, off + b)
            .unwrap_or(Src { name: None, at: (pi, off + a, off + b) });
        let body = text.get(comma + 1..end)?;
        let lead = body.len() - body.trim_start().len();
        let words = body.trim();
        if word_count(words) < 3 || words.starts_with(['“', '"', '\'']) {
            return None;
        }
        let start = comma + 1 + lead;
        let attr = Attr {
            source: Some(src),
            cue: Some((first.text.to_string(), (pi, off + first.start, off + first.end))),
            medium: self.medium(pi, off),
        };
        let si = self.paras[pi].sentence_at(off).1;
        Some((
            first.start,
            self.quote(si, words.to_string(), &[(pi, off + start, off + start + words.len())], attr, false),
        ))
    }
}

/// Nouns for documents and occasions that speak for someone ("a statement", "the poll").
fn is_document(w: &str) -> bool {
    matches!(
        w,
        "statement"
            | "interview"
            | "poll"
            | "polls"
            | "survey"
            | "surveys"
            | "report"
            | "letter"
            | "memo"
            | "speech"
            | "op-ed"
            | "tweet"
            | "tweets"
            | "post"
            | "filing"
            | "ad"
            | "advertisement"
            | "column"
            | "book"
            | "study"
            | "email"
            | "e-mail"
            | "essay"
            | "editorial"
            | "release"
            | "remarks"
            | "testimony"
            | "lawsuit"
            | "complaint"
            | "ruling"
            | "opinion"
            | "memoir"
            | "video"
            | "message"
            | "note"
            | "transcript"
    )
}

/// How a reporting word takes its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cue {
    /// A clause, with or without "that" ("said the plan failed").
    Say,
    /// Only a "that" clause ("announced that ..."; "announced plans" reports nothing).
    That,
    /// A participle whose subject is the sentence's ("..., adding that ...").
    Participle,
    /// A stance taken on what follows, an object or an infinitive ("criticized the plan",
    /// "called for a recount", "refused to comment").
    Object,
}

/// Whether the rules know `w` as a reporting word (the learned cue decides on the others).
pub(crate) fn has_rule_cue(w: &str) -> bool {
    cue_class(w).is_some() || w == "according"
}

/// How a word the lists do not hold ([`cues::is_candidate`]) reports, when the learned model takes
/// it for a cue: a participle after the sentence's subject, a "that" clause when one follows
/// closely, else a stance on what follows.
/// `f` is scratch space for the features, reused from word to word.
fn learned_cue(
    model: Option<&CueModel>,
    text: &str,
    toks: &[Token],
    words: &[&str],
    marks: (usize, usize),
    i: usize,
    f: &mut Vec<u32>,
) -> Option<Cue> {
    let model = model?;
    cues::features(text, toks, words, marks, i, f);
    // "has made clear that ...": the words follow "that".
    let that = words.iter().skip(i + 1).take(3).any(|&w| w == "that");
    model.is_cue(f).then(|| match () {
        _ if words[i].ends_with("ing") => Cue::Participle,
        _ if that => Cue::That,
        _ => Cue::Object,
    })
}

/// Whether a line is written in title case ("Trump Says He Will Win"), where a reporting word is
/// capitalised too.
fn is_title_case(toks: &[Token]) -> bool {
    toks.len() >= 4 && toks.iter().filter(|t| t.is_capitalised()).count() * 10 >= toks.len() * 7
}

/// Each word's reporting class as the roles model reads it: 1-4 a listed [`Cue`] (say, that,
/// participle, object), 5 "according", 6 a word the rules' learned cue ([`crate::cues`]) took for
/// one (`learned`: where those words start), 0 none. A capitalised word inside a line not in
/// title case is a name's ("the United States would ...": not the verb "states"), as the rules
/// read it.
fn cue_classes(toks: &[Token], words: &[&str], learned: &[usize]) -> Vec<u8> {
    let title_case = is_title_case(toks);
    toks.iter()
        .zip(words)
        .enumerate()
        .map(|(i, (t, &w))| match cue_class(w).filter(|_| !no_report(words, i)) {
            Some(_) if i > 0 && t.is_capitalised() && !title_case => 0,
            Some(Cue::Say) => 1,
            Some(Cue::That) => 2,
            Some(Cue::Participle) => 3,
            Some(Cue::Object) => 4,
            None if w == "according" => 5,
            None if learned.contains(&t.start) => 6,
            None => 0,
        })
        .collect()
}

/// Whether a listed reporting word reports nothing where it stands: "battleground states could
/// decide it" ("states" is a noun unless "that" or "to" follows, a pronoun, "it states", comes
/// before, or the sentence ends, "..., the ad states."), and "the number of people confirmed
/// dead", "reported missing" (a state a count is in).
fn no_report(words: &[&str], i: usize) -> bool {
    let noun = words[i] == "states"
        && !words.get(i + 1).is_none_or(|&n| matches!(n, "that" | "to"))
        && !i.checked_sub(1).is_some_and(|p| matches!(words[p], "it" | "he" | "she" | "this"));
    let state = words.get(i + 1).is_some_and(|&n| {
        matches!(n, "dead" | "alive" | "missing" | "killed" | "injured" | "wounded" | "drowned" | "safe")
    });
    noun || state
}

/// Reporting words of [`Cue::Say`], separated by white space.
const SAY_CUES: &str =
    "said says say added adds argued argues argue claimed claims claim warned warns warn insisted insists
    insist believes believe believed thinks think thought wrote writes write stated states predicted
    predicts suggested suggests suggest maintained maintains contended contends countered replied noted
    notes explained explains acknowledged acknowledges admitted admits reported reports recalled recalls
    concluded concludes declared declares stressed stresses emphasized emphasised asserted asserts
    complained complains conceded concedes tweeted responded joked quipped remarked observed reiterated
    cautioned alleged alleges fear fears feared hopes hoped feel feels felt know knows knew estimated
    estimates testified show shows showed found finds predict worried worry worries expects expect
    expected guessed figured speculated mused boasted bragged charged charges acknowledge admit agree
    agreed agrees";

/// Reporting words of [`Cue::That`], separated by white space.
const THAT_CUES: &str =
    "told tells tell announced announces promised promises vowed vows pledged confirmed confirms revealed
    reveals indicated indicates denied denies signaled signalled assured reminded informed warning
    telling hinting hinted disclosed learned conclude mentioned emailed texted posted testify answered
    clarified";

/// Reporting words of [`Cue::Participle`], separated by white space.
const PARTICIPLE_CUES: &str =
    "saying adding arguing claiming noting explaining stating writing declaring stressing suggesting
    acknowledging asserting predicting complaining conceding recalling emphasizing contending alleging
    calling describing criticizing urging accusing praising blaming citing referring denouncing
    questioning attacking mocking promising vowing pledging asking defending touting dismissing
    rejecting endorsing blasting slamming demanding threatening expressing lamenting welcoming";

/// Reporting words of [`Cue::Object`], separated by white space.
const OBJECT_CUES: &str =
    "criticized criticizes criticised criticises criticize endorsed endorses accused accuses defended
    defends praised praises urged urges called calls described describes declined declines refused
    refuses wants want wanted sought seeks proposed proposes supported supports opposed opposes oppose
    rejected rejects denounced denounces blasted condemned condemns decried dismissed dismisses blamed
    blames mocked slammed touted touts attacked cited cites asked asks demanded demands recommended
    applauded welcomed lamented challenged invoked unveiled highlighted echoed railed knocked advocated
    favored favors ridiculed lambasted chided scolded credited thanked apologized threatened expressed
    voiced discussed referred hailed questioned disputed disputes objected protested downplayed insulted
    labeled labelled branded characterized portrayed dubbed wished wishes";

/// The lists of reporting words, each with its class.
const CUE_LISTS: [(&str, Cue); 4] = [
    (SAY_CUES, Cue::Say),
    (THAT_CUES, Cue::That),
    (PARTICIPLE_CUES, Cue::Participle),
    (OBJECT_CUES, Cue::Object),
];

/// Each reporting word's class, looked up in one hash rather than compared with each listed word
/// in turn (asked of nearly every word of an article); a word listed twice keeps its first class.
static CUE_CLASSES: LazyLock<HashMap<&'static str, Cue, BuildHasherDefault<lx::Fnv>>> = LazyLock::new(|| {
    let mut m = HashMap::default();
    for (words, class) in CUE_LISTS {
        for w in words.split_whitespace() {
            m.entry(w).or_insert(class);
        }
    }
    m
});

pub(crate) fn cue_class(w: &str) -> Option<Cue> {
    CUE_CLASSES.get(w).copied()
}

/// Words that open the frame after a cue rather than the reported words ("said on Monday").
fn is_frame_word(w: &str) -> bool {
    matches!(
        w,
        "in" | "on"
            | "at"
            | "during"
            | "after"
            | "as"
            | "of"
            | "to"
            | "while"
            | "when"
            | "that"
            | "before"
            | "from"
            | "via"
            | "through"
            | "last"
            | "this"
            | "late"
            | "early"
            | "earlier"
            | "later"
            | "yesterday"
            | "today"
            | "tonight"
            | "again"
            | "also"
            | "recently"
            | "afterward"
            | "afterwards"
            | "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
    )
}

/// Verbs and auxiliaries: a phrase holding one is a clause, not a speaker's name.
fn is_verbal(w: &str) -> bool {
    matches!(
        w,
        "is" | "are"
            | "was"
            | "were"
            | "be"
            | "been"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "must"
            | "may"
            | "might"
            | "has"
            | "have"
            | "had"
            | "do"
            | "does"
            | "did"
            | "not"
    )
}

/// Words that link a sentence to the one before ("Still, he said, ..."): not the report's words.
fn is_linking(w: &str) -> bool {
    matches!(
        w,
        "still"
            | "but"
            | "and"
            | "so"
            | "yet"
            | "now"
            | "then"
            | "soon"
            | "instead"
            | "meanwhile"
            | "indeed"
            | "however"
            | "also"
            | "later"
            | "first"
            | "second"
            | "third"
            | "finally"
            | "today"
            | "thus"
            | "nonetheless"
            | "nevertheless"
            | "otherwise"
            | "besides"
            | "again"
    )
}

fn is_adverb(w: &str) -> bool {
    w.len() > 3 && w.ends_with("ly")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::find_entities;

    fn sents(paras: &[&str]) -> Vec<Sentence> {
        let mut out = Vec::new();
        for (p, text) in paras.iter().enumerate() {
            for r in storyweave_text::sentences::sentence_ranges(text) {
                out.push(Sentence { text: text[r].to_string(), paragraph: p });
            }
        }
        out
    }

    /// The rules' quotes (the learned roles left out: these tests pin the rules down).
    fn quotes(paras: &[&str]) -> Vec<Quote> {
        let s = sents(paras);
        let e = find_entities(&s);
        find_quotes_with(&s, &e, None)
    }

    fn direct(qs: &[Quote]) -> Vec<(&str, Option<&str>, Option<&str>)> {
        of_kind(qs, true)
    }

    fn indirect(qs: &[Quote]) -> Vec<(&str, Option<&str>, Option<&str>)> {
        of_kind(qs, false)
    }

    fn of_kind(qs: &[Quote], direct: bool) -> Vec<(&str, Option<&str>, Option<&str>)> {
        qs.iter()
            .filter(|q| q.direct == direct)
            .map(|q| (q.text.as_str(), q.speaker.as_deref(), q.cue.as_deref()))
            .collect()
    }

    #[test]
    fn a_name_before_the_speakers_modifies_them() {
        let qs = quotes(&[
            "Tarvistan and Ormeria signed the deal in Dalmora on Wednesday.",
            "Ormerian officials said the pause would save part of the wheat crop.",
            "Trump aides said the president would travel on Friday.",
        ]);
        let speaker =
            |words: &str| qs.iter().find(|q| q.text.contains(words)).and_then(|q| q.speaker.clone());
        assert_eq!(speaker("wheat crop").as_deref(), Some("Ormerian officials"));
        assert_eq!(speaker("travel on Friday").as_deref(), Some("Trump aides"));
    }

    #[test]
    fn speaker_after_and_before_the_quote() {
        let qs = quotes(&[
            "Mayor Lena Brandt met the unions on Monday.",
            "“We will not close the depot this winter,” Brandt told reporters.",
            "Union leader Tom Abara said: “We hope she keeps her word.”",
            "“It is a fair deal for the drivers,” said Abara.",
            "“He is a patient negotiator,” Brandt said of Abara on Tuesday.",
            "Abara told the Calder Gazette that the drivers would vote on Friday.",
        ]);
        assert_eq!(
            direct(&qs),
            vec![
                ("We will not close the depot this winter", Some("Lena Brandt"), Some("told")),
                ("We hope she keeps her word.", Some("Tom Abara"), Some("said")),
                ("It is a fair deal for the drivers", Some("Tom Abara"), Some("said")),
                ("He is a patient negotiator", Some("Lena Brandt"), Some("said")),
            ]
        );
        assert_eq!(
            qs.iter().find(|q| q.cue.as_deref() == Some("told")).and_then(|q| q.medium.as_deref()),
            Some("reporters")
        );
        let gazette = qs.iter().find(|q| q.text.starts_with("the drivers would vote"));
        assert_eq!(gazette.and_then(|q| q.medium.as_deref()), Some("Calder Gazette"), "{qs:#?}");
    }

    #[test]
    fn adding_something_is_not_adding_words() {
        let qs = quotes(&["Under the deal, Ostmark will stop adding water to the lake for 90 days."]);
        assert!(qs.is_empty(), "{qs:#?}");
        let qs =
            quotes(&["Minister Ada Venn spoke on Monday, adding that the lake would be refilled by May."]);
        assert_eq!(qs.iter().filter(|q| q.cue.as_deref() == Some("adding")).count(), 1, "{qs:#?}");
    }

    #[test]
    fn a_second_report_after_a_comma_is_its_own() {
        let qs = quotes(&[
            "Mayor Lena Brandt met the unions on Monday.",
            "Her spokesman Tom Abara said the depot would stay open all winter, though he acknowledged the budget was tight.",
        ]);
        let said = qs.iter().find(|q| q.cue.as_deref() == Some("said")).expect("said");
        assert_eq!(said.text, "the depot would stay open all winter", "{qs:#?}");
        let second = qs.iter().find(|q| q.cue.as_deref() == Some("acknowledged")).expect("acknowledged");
        assert_eq!((second.text.as_str(), second.via.as_deref()), ("the budget was tight", None), "{qs:#?}");
        // A participle keeps the first report's speaker.
        let qs = quotes(&["Tom Abara said the depot would stay open, adding that buses would run late."]);
        let adding = qs.iter().find(|q| q.cue.as_deref() == Some("adding")).expect("adding");
        assert_eq!(adding.speaker.as_deref(), Some("Tom Abara"), "{qs:#?}");
    }

    #[test]
    fn a_pronoun_closing_the_words_is_not_a_name_inside_them() {
        let qs = quotes(&[
            "Engineer Tom Vasko said the wall had been checked in May. Homes near the farm of Mayor Carl Brent would stay empty until Friday, he said.",
        ]);
        let q = qs.iter().find(|q| q.text.starts_with("Homes near")).expect("second report");
        assert_eq!(q.speaker.as_deref(), Some("Tom Vasko"), "{qs:#?}");
        // A pronoun opening the sentence may name someone later in it.
        let qs = quotes(&["When Ada Marsh arrived, she said the bridge was safe."]);
        assert_eq!(qs[0].speaker.as_deref(), Some("Ada Marsh"), "{qs:#?}");
    }

    #[test]
    fn a_direct_quote_keeps_the_frame_after_its_cue_out() {
        // With the learned roles: the tagger reads the frame after "said at" as more words.
        let s = sents(&[
            "Governor Dana Pell said the county would need outside help to house people for months rather than weeks. \"We have cots for tonight and for tomorrow night. What we do not have is a plan for April, and that is what I am asking the state for,\" Pell said at a briefing in the county office, itself cracked along one wall.",
        ]);
        let qs = find_quotes(&s, &find_entities(&s));
        assert!(qs.iter().any(|q| q.direct && q.text.ends_with("asking the state for")), "{qs:#?}");
        assert!(qs.iter().all(|q| !q.text.contains("briefing")), "{qs:#?}");
    }

    #[test]
    fn a_speaker_telling_in_the_first_person_passes_on_no_one_elses_words() {
        let qs = quotes(&[
            "“I rang Maren Holt to wish her luck. I told her the port is hers to run now,” harbourmaster Ivo Sand wrote on Monday.",
        ]);
        assert!(qs.iter().all(|q| q.speaker.as_deref() != Some("Maren Holt")), "{qs:#?}");
        // Told someone else's words, the one told stays out of them.
        let qs = quotes(&["Ivo Sand said Maren Holt told him the port would reopen in May."]);
        let told = qs.iter().find(|q| q.cue.as_deref() == Some("told")).expect("told");
        assert_eq!(
            (told.text.as_str(), told.speaker.as_deref(), told.via.as_deref()),
            ("the port would reopen in May", Some("Maren Holt"), Some("Ivo Sand")),
            "{qs:#?}"
        );
    }

    #[test]
    fn a_report_closing_the_words_is_the_outer_one() {
        let qs = quotes(&[
            "Mayor Lena Brandt met the unions on Monday.",
            "Brandt told the drivers that the depot would stay open all winter, her spokesman Tom Abara said.",
        ]);
        let outer = qs.iter().find(|q| q.cue.as_deref() == Some("said")).expect("said");
        assert_eq!(
            outer.text, "Brandt told the drivers that the depot would stay open all winter",
            "{qs:#?}"
        );
        assert_eq!((outer.speaker.as_deref(), outer.via.as_deref()), (Some("Tom Abara"), None), "{qs:#?}");
        let inner = qs.iter().find(|q| q.cue.as_deref() == Some("told")).expect("told");
        assert_eq!(inner.via.as_deref(), Some("Tom Abara"), "{qs:#?}");
        assert!(!inner.text.contains("Abara"), "{qs:#?}");
    }

    /// The reported quote of `sentence` (the only one of its paragraph) with the given source,
    /// cue and words, each written once in it.
    fn report_in(doc: &Doc, sentence: &str, src: &str, cue: &str, words: &str) -> Quote {
        let at = |w: &str| {
            let a = sentence.find(w).expect(w);
            (0, a, a + w.len())
        };
        let source = Some(Src { name: Some(src.to_string()), at: at(src) });
        let attr = Attr { source, cue: Some((cue.to_string(), at(cue))), medium: None };
        doc.quote(0, words.to_string(), &[at(words)], attr, false)
    }

    #[test]
    fn an_attribution_after_the_words_is_the_outer_report() {
        // The tagger's words stop before ", sources said": the outer report is still found.
        let text = "Brandt told the drivers that the depot would stay open all winter, sources said.";
        let (s, e) = (sents(&[text]), Vec::new());
        let doc = Doc::new(&s, &e, cues::builtin());
        let mut inner = report_in(&doc, text, "Brandt", "told", "that the depot would stay open all winter");
        let outer = doc.outer_after(&mut inner).expect("outer");
        assert_eq!(outer.text, "Brandt told the drivers that the depot would stay open all winter");
        assert_eq!((outer.cue.as_deref(), outer.speaker.as_deref()), (Some("said"), Some("sources")));
        assert_eq!(inner.via.as_deref(), Some("sources"));
        // The cue first, the name then its apposition.
        let text =
            "Brandt told the drivers that the depot would stay open, said Tom Abara, the union's lawyer.";
        let s = sents(&[text]);
        let doc = Doc::new(&s, &e, cues::builtin());
        let mut inner = report_in(&doc, text, "Brandt", "told", "that the depot would stay open");
        let outer = doc.outer_after(&mut inner).expect("outer");
        assert_eq!(outer.text, "Brandt told the drivers that the depot would stay open");
        assert_eq!((outer.cue.as_deref(), outer.speaker.as_deref()), (Some("said"), Some("Tom Abara")));
        // Words taken on must be the attribution alone.
        let text = "Brandt said the depot would stay open, which he said was agreed, the minutes showed.";
        let s = sents(&[text]);
        let doc = Doc::new(&s, &e, cues::builtin());
        let mut inner = report_in(&doc, text, "Brandt", "said", "the depot would stay open");
        assert!(doc.outer_after(&mut inner).is_none());
    }

    #[test]
    fn a_cue_before_a_reports_source_is_the_outer_report() {
        let text = "The Harbour Gazette reported Brandt promised that the depot would stay open.";
        let (s, e) = (sents(&[text]), Vec::new());
        let doc = Doc::new(&s, &e, cues::builtin());
        let mut inner = report_in(&doc, text, "Brandt", "promised", "that the depot would stay open");
        let outer = doc.outer_before(&mut inner, &HashSet::new()).expect("outer");
        assert_eq!(outer.text, "Brandt promised that the depot would stay open");
        assert_eq!(outer.cue.as_deref(), Some("reported"));
        assert!(outer.speaker.as_deref().is_some_and(|s| s.contains("Gazette")), "{outer:#?}");
        assert!(inner.via.is_some());
        // Not when a quote of its own has that cue.
        let mut inner = report_in(&doc, text, "Brandt", "promised", "that the depot would stay open");
        let taken: HashSet<TextSpan> = outer.cue_span.into_iter().collect();
        assert!(doc.outer_before(&mut inner, &taken).is_none());
        assert!(inner.via.is_none());
    }

    #[test]
    fn made_clear_is_one_cue() {
        let qs = quotes(&[
            "Mayor Lena Brandt met the unions on Monday.",
            "Brandt has made clear her first priority this winter is keeping every depot open.",
        ]);
        let q = qs.iter().find(|q| q.speaker.as_deref() == Some("Lena Brandt"));
        assert!(q.is_some_and(|q| q.text.starts_with("her first priority")), "{qs:#?}");
    }

    #[test]
    fn a_reporting_word_after_an_article_is_an_adjective() {
        let qs = quotes(&[
            "Mayor Lena Brandt and I will then meet at an agreed upon site, Ostrava, to end the strike.",
        ]);
        assert!(qs.is_empty(), "{qs:#?}");
        let qs = quotes(&["Mayor Lena Brandt agreed that the depot would stay open."]);
        assert_eq!(qs.len(), 1, "{qs:#?}");
    }

    #[test]
    fn pronouns_descriptions_and_platforms() {
        let qs = quotes(&[
            "Chilean President Rosa Vidal spoke to Prime Minister Ken Ito on Friday.",
            "“The talks were long and useful,” she said.",
            "“We are close to an agreement on the border,” the Chilean president wrote on Quill Social.",
        ]);
        let d = direct(&qs);
        assert_eq!(d[0].1, Some("Rosa Vidal"));
        assert_eq!(d[1].1, Some("Rosa Vidal"));
        assert_eq!(
            qs.iter().filter(|q| q.direct).nth(1).and_then(|q| q.medium.as_deref()),
            Some("Quill Social")
        );
    }

    #[test]
    fn pronouns_refer_to_the_people_they_name_outside_quotes() {
        let s = sents(&[
            "Ms Elena Marsh, the mayor, met the dockers' leader, Mr Tomas Berg, on Monday.",
            "She said he had promised her a vote.",
            "“He knows what she wants,” Berg said of himself.",
        ]);
        let e = find_entities(&s);
        let (quotes, refs) = find_quotes_and_references(&s, &e);
        let of = |name: &str| {
            let i = e.iter().position(|x| x.name == name).unwrap_or_else(|| panic!("{e:#?}"));
            refs[i].iter().map(|m| (m.sentence, m.text.as_str())).collect::<Vec<_>>()
        };
        assert_eq!(of("Elena Marsh"), [(1, "She"), (1, "her")]);
        // Inside the quotation marks the words are the speaker's, and left alone.
        assert_eq!(of("Tomas Berg"), [(1, "he"), (2, "himself")]);
        assert_eq!(quotes, find_quotes(&s, &e));
    }

    #[test]
    fn a_count_confirmed_dead_is_no_report_inside_the_report() {
        let qs = quotes(&["The number of people confirmed dead rose to 11 on Friday, officials said."]);
        assert_eq!(qs.len(), 1, "{qs:#?}");
        assert_eq!(qs[0].speaker.as_deref(), Some("officials"));
    }

    #[test]
    fn descriptions_name_whom_an_apposition_gave_the_role() {
        let qs = quotes(&[
            "The mayor, Elena Marsh, met both unions on Monday.",
            "Viktor Hale, a former mayor of Vellan, urged calm.",
            "“We will not be rushed,” the mayor said.",
            "“The city lost hundreds of jobs last time,” the ex-mayor said.",
        ]);
        let d = direct(&qs);
        assert_eq!(d[0].1, Some("Elena Marsh"), "{qs:#?}");
        // "ex-" is "former": the former mayor, not the mayor.
        assert_eq!(d[1].1, Some("Viktor Hale"), "{qs:#?}");
    }

    #[test]
    fn scare_quotes_are_skipped_and_continued_quotes_join() {
        let qs = quotes(&[
            "The senator called the bill “reckless” and left.",
            "Senator Maya Reyes said: “We will fight this bill in every committee.",
            "“And we will win.”",
            "“Then we rest,” Reyes added. “Not before.”",
            "'We are watching closely,' Reyes said. 'Nobody wants a fourth week.'",
        ]);
        let d = direct(&qs);
        assert_eq!(d.len(), 3, "{qs:#?}");
        assert_eq!(d[0].0, "We will fight this bill in every committee. And we will win.");
        assert_eq!(d[0].1, Some("Maya Reyes"));
        // Both parts around the attribution are one quote.
        assert_eq!(d[1], ("Then we rest … Not before.", Some("Maya Reyes"), Some("added")));
        // So are they in single marks.
        assert_eq!(
            d[2],
            ("We are watching closely … Nobody wants a fourth week.", Some("Maya Reyes"), Some("said"))
        );
    }

    #[test]
    fn a_question_asked_is_not_the_answer() {
        // With the learned models, which may tag question and answer as one report's words.
        let learned = |paras: &[&str]| {
            let s = sents(paras);
            find_quotes(&s, &find_entities(&s))
        };
        let qs = learned(&[
            "Owen Blackwood, 61, did not say what he planned to do next.",
            "Asked by reporters whether he would run for the state legislature, he laughed and said, \"Ask me after I've slept.\"",
        ]);
        let answer = qs.iter().find(|q| q.text.contains("slept")).expect("the answer");
        assert!(!answer.text.contains("legislature"), "{qs:#?}");
        let question =
            qs.iter().find(|q| q.text.contains("legislature")).unwrap_or_else(|| panic!("{qs:#?}"));
        assert!(!question.text.contains("slept"), "{qs:#?}");
    }

    #[test]
    fn a_piece_with_its_own_attribution_is_not_joined() {
        // Its own cue after it.
        let qs = quotes(&["“The depot stays,” Mayor Lena Brandt said. “The buses run late,” she added."]);
        let d = direct(&qs);
        assert_eq!(
            d,
            vec![
                ("The depot stays", Some("Lena Brandt"), Some("said")),
                ("The buses run late", Some("Lena Brandt"), Some("added")),
            ],
            "{qs:#?}"
        );
        // Its own sentence leading into it.
        let qs = quotes(&["“The depot stays,” Mayor Lena Brandt said. But she added, “The buses run late.”"]);
        let d = direct(&qs);
        assert_eq!(d.len(), 2, "{qs:#?}");
        assert_eq!(d[0].0, "The depot stays");
        assert_eq!(d[1].0, "The buses run late.");
        // A second reporting word leading into it.
        let qs = quotes(&["“The depot stays,” Lena Brandt said, adding: “The buses run late.”"]);
        let d = direct(&qs);
        assert_eq!(d.len(), 2, "{qs:#?}");
        assert_eq!(d[1], ("The buses run late.", Some("Lena Brandt"), Some("adding")));
        // One that does not is no report of the piece.
        let qs =
            quotes(&["“The depot stays,” Lena Brandt said, stressing why it matters. “The buses run late.”"]);
        assert_eq!(direct(&qs).len(), 1, "{qs:#?}");
    }

    #[test]
    fn dash_and_colon_attributions() {
        let qs = quotes(&[
            "“We made real progress on the trade talks today.” – Governor Ruth Okoye",
            "Despite the delays, Okoye struck a hopeful tone: “The road will open in spring.”",
            "“The ferry should run all winter this time.” ― Marta Quill",
        ]);
        let d = direct(&qs);
        assert_eq!(d[0].1, Some("Ruth Okoye"));
        assert_eq!(d[1].1, Some("Ruth Okoye"));
        // A horizontal bar introduces the speaker as a dash does.
        assert_eq!(d[2].1, Some("Marta Quill"));
        // A headline's "Poll: ..." is the poll's finding.
        let qs = quotes(&["Poll: Ferry riders want a second boat", "The harbour board met on Monday."]);
        let poll: Vec<_> = qs.iter().map(|q| (q.text.as_str(), q.cue.as_deref())).collect();
        assert_eq!(poll, vec![("Ferry riders want a second boat", Some(":"))]);
    }

    #[test]
    fn transcript_turns_are_their_speakers_words() {
        let qs = quotes(&[
            "Governor Ruth Okoye spoke to the station on Sunday. A partial transcript:",
            "“HOST: Will the bridge reopen this year?",
            "“OKOYE: It will open in spring, and the ferry runs until then.",
            "“HOST: And after that?",
            "UPDATE: The interview was shortened.",
        ]);
        let d = direct(&qs);
        assert_eq!(
            d,
            vec![
                ("Will the bridge reopen this year?", Some("HOST"), Some(":")),
                ("It will open in spring, and the ferry runs until then.", Some("Ruth Okoye"), Some(":")),
                ("And after that?", Some("HOST"), Some(":")),
            ]
        );
    }

    #[test]
    fn a_quote_announced_at_the_end_of_the_paragraph_before() {
        let qs = quotes(&[
            "Governor Ruth Okoye visited the harbour on Monday. Asked about the ferry, Okoye said:",
            "“It will run all winter, whatever the weather does.”",
        ]);
        assert_eq!(
            direct(&qs),
            vec![("It will run all winter, whatever the weather does.", Some("Ruth Okoye"), Some("said"))]
        );
    }

    #[test]
    fn cue_classes_come_from_their_lists() {
        for (words, class) in CUE_LISTS {
            for w in words.split_whitespace() {
                assert_eq!(cue_class(w), Some(class), "{w}");
            }
        }
        assert_eq!(cue_class("said"), Some(Cue::Say));
        assert_eq!(cue_class("told"), Some(Cue::That));
        assert_eq!(cue_class("table"), None);
        assert_eq!(cue_class("Said"), None);
    }

    #[test]
    fn reported_speech() {
        let qs = quotes(&[
            "Finance Minister Ada Eze said on Tuesday that the budget would be balanced by 2027.",
            "She added that taxes would not rise.",
            "According to Eze, the deficit has halved.",
            "The plan will be published next week, officials said.",
        ]);
        assert_eq!(
            indirect(&qs),
            vec![
                ("the budget would be balanced by 2027", Some("Ada Eze"), Some("said")),
                ("taxes would not rise", Some("Ada Eze"), Some("added")),
                ("the deficit has halved", Some("Ada Eze"), Some("according to")),
                ("The plan will be published next week", Some("officials"), Some("said")),
            ]
        );
    }

    #[test]
    fn an_according_to_aside_inside_the_words() {
        let qs = quotes(&[
            "Minister Ada Eze met the harbour board on Monday.",
            "Its task, according to Eze, the minister who chairs the board, is to cut the waiting lists.",
            "The levy, according to Ada Eze, will fund two new wards.",
            "Later, according to the police, the driver fled on foot.",
        ]);
        assert_eq!(
            indirect(&qs),
            vec![
                // The subject before the aside and the verb after it, without the apposition.
                ("Its task … is to cut the waiting lists", Some("Ada Eze"), Some("according to")),
                ("The levy … will fund two new wards", Some("Ada Eze"), Some("according to")),
                // No verb after the aside: the words are what follows it.
                ("the driver fled on foot", Some("police"), Some("according to")),
            ]
        );
    }

    #[test]
    fn a_frame_after_the_cue_is_not_the_words() {
        let qs = quotes(&[
            "The ferry will run all winter, harbour officials said Friday afternoon, as the ice began to form.",
            "Mayor Lina Oduya said in a phone interview.",
            "The harbour states could fund a second boat.",
            "The charter states that the ferry runs daily.",
        ]);
        assert_eq!(
            indirect(&qs),
            vec![
                ("The ferry will run all winter", Some("harbour officials"), Some("said")),
                ("the ferry runs daily", Some("charter"), Some("states")),
            ]
        );
    }

    #[test]
    fn coordinated_and_promised_reports() {
        let qs = quotes(&[
            "Mayor Pia Lund called the budget a \"fair deal\" and said the tram line would open in May.",
            "The mayor promised that fares would stay low.",
            "« We will not leave the old town », the mayor said.",
        ]);
        let all: Vec<(&str, Option<&str>, bool)> =
            qs.iter().map(|q| (q.text.as_str(), q.speaker.as_deref(), q.direct)).collect();
        assert_eq!(
            all,
            vec![
                ("the budget a \"fair deal\"", Some("Pia Lund"), false),
                ("the tram line would open in May", Some("Pia Lund"), false),
                ("fares would stay low", Some("Pia Lund"), false),
                ("We will not leave the old town", Some("Pia Lund"), true),
            ]
        );
    }

    /// The text of a span of the test sentences.
    fn at<'a>(s: &'a [Sentence], t: &TextSpan) -> &'a str {
        &s[t.sentence].text[t.start..t.end]
    }

    #[test]
    fn appositions_addressees_and_unnamed_sources() {
        let s = sents(&[
            "Tomas Brevik, a spokesman for the harbour trust, said the decision had nothing to do with the vote.",
            "Ana Lutz, director of the Centre for Coastal Studies at the University of the North Sea in Bergen, said tolls would rise.",
            "Brevik told The Harbour Gazette he would not run again.",
            "Fares will double next year, according to recent estimates.",
        ]);
        let e = find_entities(&s);
        let qs = find_quotes_with(&s, &e, None);
        let of = |i: usize| qs.iter().find(|q| q.sentence == i).unwrap_or_else(|| panic!("{i}: {qs:#?}"));
        // "..., said the decision ...": the name before the apposition speaks, the clause after
        // the verb is what was said (not an inverted "..., said the spokesman").
        assert_eq!(at(&s, &of(0).content_spans[0]), "the decision had nothing to do with the vote");
        assert_eq!(of(0).speaker.as_deref(), Some("Tomas Brevik"));
        // A long apposition is passed over.
        assert_eq!(of(1).speaker.as_deref(), Some("Ana Lutz"));
        assert_eq!(at(&s, &of(1).content_spans[0]), "tolls would rise");
        // "told X ...": the words follow the addressee.
        assert_eq!(at(&s, &of(2).content_spans[0]), "he would not run again");
        // A source no entity names is kept as written.
        let s2 = sents(&["“There is no room for four harbours in the U.S.,” Ida Marsh said."]);
        let q2 = find_quotes_with(&s2, &find_entities(&s2), None);
        assert_eq!(q2.first().and_then(|q| q.speaker.as_deref()), Some("Ida Marsh"), "{q2:#?}");
        assert_eq!(at(&s, of(3).source_span.as_ref().unwrap()), "recent estimates");
        assert_eq!(at(&s, &of(3).content_spans[0]), "Fares will double next year");
    }

    #[test]
    fn sources_and_cues_are_kept_as_written() {
        let s = sents(&[
            "Governor Ruth Okoye visited the port on Monday.",
            "“The cranes are old,” she said, “and the docks are full.”",
            "The new terminal will open in June, port officials said on Tuesday.",
            "Okoye, who toured the docks, said the budget would double.",
        ]);
        let e = find_entities(&s);
        let qs = find_quotes_with(&s, &e, None);
        let split = qs.iter().find(|q| q.direct).unwrap();
        assert_eq!(split.content_spans.len(), 2, "{split:#?}");
        assert_eq!(at(&s, &split.content_spans[1]), "“and the docks are full.”");
        assert_eq!(at(&s, split.source_span.as_ref().unwrap()), "she");
        assert_eq!(at(&s, split.cue_span.as_ref().unwrap()), "said");
        assert_eq!(split.speaker.as_deref(), Some("Ruth Okoye"));
        let late = qs.iter().find(|q| q.sentence == 2).unwrap();
        assert_eq!(at(&s, &late.content_spans[0]), "The new terminal will open in June");
        assert_eq!(at(&s, late.source_span.as_ref().unwrap()), "port officials");
        let who = qs.iter().find(|q| q.sentence == 3).unwrap();
        assert_eq!(at(&s, &who.content_spans[0]), "the budget would double");
        assert_eq!(who.speaker.as_deref(), Some("Ruth Okoye"));
    }

    #[test]
    fn pronouns_follow_gender_and_reports_split_at_conjunctions() {
        let qs = quotes(&[
            "Mr. Ivo Petrak met Ms. Dana Kroll in Vienna on Monday.",
            "“The talks went well,” she said.",
            "Most farmers said the rules were too strict, while some traders said they were fair.",
        ]);
        let d = direct(&qs);
        assert_eq!(d[0].1, Some("Dana Kroll"), "{qs:#?}");
        let split: Vec<&str> = qs.iter().filter(|q| q.sentence == 2).map(|q| q.text.as_str()).collect();
        assert_eq!(split, vec!["the rules were too strict", "they were fair"]);
    }

    #[test]
    fn a_pronoun_passes_over_owners_and_objects() {
        // "she" is the woman who just spoke, not the man whose arrest is the time of day.
        let qs =
            quotes(&["At the time of Tomas Hale's arrest, the clinic had 30 open posts, said Ines Baro. \
             “Nurses were moved to guard duty,” she said."]);
        let said: Vec<_> = qs.iter().filter(|q| q.cue.as_deref() == Some("said")).collect();
        assert_eq!(said.last().and_then(|q| q.speaker.as_deref()), Some("Ines Baro"), "{qs:#?}");
        // "he" carries on from a sentence where he walks with someone else.
        let qs = quotes(&[
            "Prince Edvard flew to Lanmark in March.",
            "During the visit, he was seen walking with Tomas Berg in the park.",
            "“I had to go and see him,” he said.",
        ]);
        assert_eq!(direct(&qs)[0].1, Some("Edvard"), "{qs:#?}");
        // The one an account is according to is no bystander.
        let qs = quotes(&[
            "According to Dana Ruiz's account, Tomas Berg praised the plan. “It is a fair deal for the harbour,” she said.",
        ]);
        assert_eq!(direct(&qs)[0].1, Some("Dana Ruiz"), "{qs:#?}");
    }

    #[test]
    fn stances_with_their_words_and_documents_that_speak() {
        let s = sents(&[
            "Senator Maya Reyes endorsed the harbour plan, saying it would bring 400 jobs.",
            "In a statement, the port authority welcomed the vote.",
            "In the latest survey, 61 percent of residents backed the plan.",
        ]);
        let e = find_entities(&s);
        let qs = find_quotes_with(&s, &e, None);
        let all: Vec<(&str, Option<&str>)> = qs.iter().map(|q| (q.text.as_str(), q.cue.as_deref())).collect();
        assert_eq!(
            all,
            vec![
                ("the harbour plan", Some("endorsed")),
                ("it would bring 400 jobs", Some("saying")),
                ("the vote", Some("welcomed")),
                ("61 percent of residents backed the plan", Some("In")),
            ]
        );
        assert_eq!(at(&s, qs[3].source_span.as_ref().unwrap()), "latest survey");
    }

    #[test]
    fn reports_passed_on_inside_a_quote() {
        let qs = quotes(&[
            "Chancellor Mira Holt spoke to Prime Minister Teo Varga on Friday.",
            "Aide Jonas Brenner said Varga warned that a new tariff would hurt both economies.",
        ]);
        let all: Vec<(&str, Option<&str>, Option<&str>)> =
            qs.iter().map(|q| (q.text.as_str(), q.speaker.as_deref(), q.via.as_deref())).collect();
        assert_eq!(
            all,
            vec![
                ("Varga warned that a new tariff would hurt both economies", Some("Jonas Brenner"), None),
                ("a new tariff would hurt both economies", Some("Teo Varga"), Some("Jonas Brenner")),
            ]
        );
    }

    #[test]
    fn spans_handle_mixed_marks() {
        let s = quote_spans("“It’s done,\" she said, and 'the plan' isn't over.");
        assert_eq!(s.len(), 2);
        assert!(s[0].double && !s[1].double);
    }

    #[test]
    fn the_learned_roles_find_reports_the_rules_miss_and_resolve_their_speakers() {
        let paras = [
            "Ana Lutz, director of the Centre for Coastal Studies at the University of the North Sea in Bergen, said tolls would rise.",
            "Mayor Tomas Brevik accused the harbour board of hiding the cost of the new pier.",
            "He also voiced his frustration with the pace of the talks.",
        ];
        let s = sents(&paras);
        let e = find_entities(&s);
        let qs = find_quotes(&s, &e);
        let by = |i: usize| qs.iter().find(|q| q.sentence == i).unwrap_or_else(|| panic!("{i}: {qs:#?}"));
        assert_eq!(by(0).speaker.as_deref(), Some("Ana Lutz"));
        assert!(at(&s, &by(0).content_spans[0]).contains("tolls would rise"), "{qs:#?}");
        assert_eq!(by(1).speaker.as_deref(), Some("Tomas Brevik"));
        assert_eq!(by(1).cue.as_deref(), Some("accused"));
        // The pronoun is resolved to the person named before it.
        assert_eq!(by(2).speaker.as_deref(), Some("Tomas Brevik"));
    }

    #[test]
    fn reporting_words_are_classed_listed_or_learned() {
        let text = "Aides said the senator favours the bill, according to records.";
        let toks = tokens(text);
        let mut folded = String::new();
        let words = fold_all(&toks, &mut folded);
        // As if the learned cue had taken "favours" for a reporting word.
        let learned = [text.find("favours").unwrap()];
        let classes = cue_classes(&toks, &words, &learned);
        let class_of = |w: &str| classes[words.iter().position(|&x| x == w).unwrap()];
        assert_eq!((class_of("said"), class_of("according"), class_of("favours")), (1, 5, 6));
        assert_eq!((class_of("senator"), class_of("bill")), (0, 0));
        assert!(cue_classes(&toks, &words, &[]).iter().all(|&c| c != 6));
    }

    #[test]
    fn a_quote_carried_on_in_the_next_sentence_joins_the_one_before() {
        let span = |sentence, start, end| TextSpan { sentence, start, end };
        let quote = |sentence, text: &str, cue: Option<TextSpan>| Quote {
            sentence,
            text: text.into(),
            speaker: Some("Ana Lutz".into()),
            cue: cue.map(|_| "said".into()),
            medium: None,
            direct: true,
            content_spans: vec![span(sentence, 0, 10)],
            source_span: Some(span(0, 14, 22)),
            cue_span: cue,
            via: None,
            stance: false,
        };
        let sentence = |paragraph| Sentence { text: "x".repeat(40), paragraph };
        let said = Some(span(0, 23, 27));
        let placed = |qs: Vec<Quote>| qs.into_iter().map(|q| ((q.sentence, 0), q)).collect::<Placed>();
        let two = placed(vec![quote(0, "We won", said), quote(1, "It is over", None)]);
        let joined = join_carried(&[sentence(0), sentence(0)], two.clone());
        assert_eq!(joined.len(), 1);
        assert_eq!(joined[0].1.text, "We won … It is over");
        assert_eq!(joined[0].1.content_spans.len(), 2);
        // In the next paragraph, or with a cue of its own, it stays a quote of its own.
        assert_eq!(join_carried(&[sentence(0), sentence(1)], two).len(), 2);
        let cued = placed(vec![quote(0, "We won", said), quote(1, "It is over", Some(span(1, 12, 16)))]);
        assert_eq!(join_carried(&[sentence(0), sentence(0)], cued).len(), 2);
    }

    #[test]
    fn the_source_chooser_finds_far_subjects_and_none() {
        let paras = [
            "Harbour pilot Mara Eilertsen, who has steered ships into the northern port for more than \
             twenty years in fog and storms alike, warned that fees would rise.",
            "It appeared that the new harbour fee had been aimed at the largest ferry operators.",
        ];
        let s = sents(&paras);
        let e = find_entities(&s);
        let with = find_quotes(&s, &e);
        let far = with.iter().find(|q| q.sentence == 0).unwrap_or_else(|| panic!("{with:#?}"));
        assert!(far.speaker.as_deref().is_some_and(|n| n.contains("Mara Eilertsen")), "{far:#?}");
        // "It appeared that ...": what is said of has no one saying it.
        let none = with.iter().find(|q| q.sentence == 1).unwrap_or_else(|| panic!("{with:#?}"));
        assert_eq!(none.source_span, None, "{none:#?}");
    }

    #[test]
    fn the_source_chooser_takes_the_subject_and_keeps_names() {
        let paras = [
            "Harbour pilot Mara Eilertsen criticized the Northern Shipping Accord on Tuesday.",
            "The port authority, which runs the docks, warned that fees would rise.",
        ];
        let s = sents(&paras);
        let e = find_entities(&s);
        let with = find_quotes(&s, &e);
        let rules = find_quotes_with(&s, &e, roles::builtin());
        for (i, speaker) in [(0, "Mara Eilertsen"), (1, "port authority")] {
            let q = with.iter().find(|q| q.sentence == i).unwrap_or_else(|| panic!("{i}: {with:#?}"));
            assert!(
                q.speaker.as_deref().is_some_and(|n| n.contains(speaker)),
                "{i}: {q:#?}\nrules: {rules:#?}"
            );
        }
    }

    #[test]
    fn a_name_deep_in_a_description_is_not_the_speaker() {
        // After a second preposition the name describes the speakers; after one it speaks
        // through them; an apposition after a comma names them.
        let paras = [
            "Survivors of Tuesday's ferry disaster off Kellan Point say the Grey Tern was badly overloaded.",
            "A lawyer for the family of Ines Varga said the inquiry had been too slow.",
            "A spokesman for Varmland Ferries said the ship had been inspected in May.",
            "The head of safety at the port, Olek Brandt, said the rules would change.",
            "Ida Roos of Blue Tessen said the appeal was an insult.",
        ];
        let s = sents(&paras);
        let e = find_entities(&s);
        for qs in [find_quotes_with(&s, &e, None), find_quotes(&s, &e)] {
            let speaker = |i: usize| {
                let q = qs.iter().find(|q| q.sentence == i).unwrap_or_else(|| panic!("{i}: {qs:#?}"));
                q.speaker.clone().unwrap_or_default()
            };
            assert!(!speaker(0).contains("Kellan"), "{qs:#?}");
            assert!(!speaker(1).contains("Varga"), "{qs:#?}");
            assert_eq!(speaker(2), "Varmland Ferries");
            assert_eq!(speaker(3), "Olek Brandt");
            // The head's name comes before what a preposition ties to it.
            assert_eq!(speaker(4), "Ida Roos");
        }
    }

    #[test]
    fn the_articles_own_pronouns_tell_a_persons_gender() {
        let paras = [
            "Sasha Lind, who runs the shelter with her brother, met Jo Berg on Monday.",
            "Jo Berg said his team would bring blankets to Sasha Lind's shelter, where he would stay the night.",
            "“We will open the doors tonight,” she said.",
        ];
        let s = sents(&paras);
        let qs = quotes(&paras);
        let q = qs.iter().find(|q| q.text.contains("open the doors")).unwrap_or_else(|| panic!("{qs:#?}"));
        assert_eq!(q.speaker.as_deref(), Some("Sasha Lind"), "{qs:#?}");
        // The "he" after an owner ("Sasha Lind's shelter, where he ...") is no evidence about her.
        let e = find_entities(&s);
        let doc = Doc::new(&s, &e, None);
        let who = |name: &str| e.iter().position(|x| x.name == name).unwrap_or_else(|| panic!("{e:#?}"));
        assert_eq!(doc.gender[who("Jo Berg")], Some(false));
        assert_eq!(doc.gender[who("Sasha Lind")], Some(true));
    }

    #[test]
    fn a_direct_quote_holds_what_its_marks_hold() {
        let s = sents(&[
            "Veskaria has agreed to pause work on its new Kallen Weir for 60 days after a five-hour meeting with neighbouring Ostmark in the border town of Lerrin on Tuesday, easing a row that had raised fears of a trade war.",
            "The two sides also agreed to set up a joint panel of engineers to measure how much water reaches Ostmark.",
            "“This is no final deal. It is a gate that was shut and is now open,” Veskaria's trade minister, Lena Voss, said after the meeting.",
        ]);
        let qs = find_quotes(&s, &find_entities(&s));
        let q = qs.iter().find(|q| q.direct).unwrap_or_else(|| panic!("{qs:#?}"));
        assert_eq!(q.text, "This is no final deal. It is a gate that was shut and is now open", "{qs:#?}");
        assert_eq!(q.speaker.as_deref(), Some("Lena Voss"), "{qs:#?}");
    }

    #[test]
    fn a_relative_clause_speaks_for_its_own_subject() {
        let s = sents(&[
            "Mayor Tom Lind met port officials on Monday.",
            "The vote comes ahead of Mr Lind’s visit to the docks with union leader Ana Okafor, who has been pressing the mayor to reopen the night ferry.",
        ]);
        let qs = find_quotes(&s, &find_entities(&s));
        let q = qs.iter().find(|q| q.text.contains("night ferry")).unwrap_or_else(|| panic!("{qs:#?}"));
        assert_eq!(q.speaker.as_deref(), Some("Ana Okafor"), "{q:#?}");
    }

    #[test]
    fn a_capitalised_word_in_a_name_is_no_reporting_word() {
        let text = "Defence chief Ola Berg warned that the United States would act unless the dispute comes to an end.";
        let toks = tokens(text);
        let mut folded = String::new();
        let words = fold_all(&toks, &mut folded);
        let classes = cue_classes(&toks, &words, &[]);
        let class_of = |w: &str| classes[toks.iter().position(|t| t.text == w).unwrap()];
        assert_eq!((class_of("warned"), class_of("States")), (1, 0));
        // In a title-case line the capitalised verb still reports.
        let title = "Berg Says The Deal Is Done";
        let toks = tokens(title);
        let words = fold_all(&toks, &mut folded);
        assert_eq!(cue_classes(&toks, &words, &[])[1], 1);
        // With the learned roles too, the words run to the end of the sentence.
        let s = sents(&[text]);
        let e = find_entities(&s);
        let qs = find_quotes(&s, &e);
        assert!(qs.iter().any(|q| q.text.ends_with("unless the dispute comes to an end")), "{qs:#?}");
    }

    #[test]
    fn learned_words_keep_the_closing_mark_of_their_quoted_phrase() {
        let s = sents(&["Mayor Ada Lind told a news conference that the city had made “a fair offer.”"]);
        let e = find_entities(&s);
        let doc = Doc::new(&s, &e, cues::builtin());
        let text = &doc.paras[0].text;
        let (a, b) = (text.find("the city").unwrap(), text.find("offer").unwrap() + "offer".len());
        assert_eq!(doc.with_closing_mark((0, a, b)), (0, a, text.len()));
        // Balanced words stay as they are.
        let b2 = text.find(" “a fair").unwrap();
        assert_eq!(doc.with_closing_mark((0, a, b2)), (0, a, b2));
    }

    #[test]
    fn wire_datelines_are_passed_over() {
        let qs = quotes(&[
            "PORTVILLE (AP) — The ferry service will resume next month, harbour officials said on Tuesday.",
            "OSLO, Oct 16 (Reuters) - Transport Minister Ingrid Vale said on Thursday that the bridge would open in May.",
        ]);
        let ind: Vec<(&str, Option<&str>)> =
            qs.iter().map(|q| (q.text.as_str(), q.speaker.as_deref())).collect();
        assert_eq!(
            ind,
            vec![
                ("The ferry service will resume next month", Some("harbour officials")),
                ("the bridge would open in May", Some("Ingrid Vale")),
            ]
        );
        let s = sents(&[
            "PORTVILLE (AP) — The ferry service will resume next month, harbour officials said on Tuesday.",
        ]);
        let e = find_entities(&s);
        for q in find_quotes(&s, &e) {
            assert!(
                !q.text.contains("(AP)") && q.speaker.as_deref().is_none_or(|n| !n.contains("PORTVILLE"))
            );
        }
    }

    #[test]
    fn an_attribution_set_in_the_words_by_commas() {
        let qs = quotes(&[
            "Harbour master Ida Moen spoke on Friday.",
            "The new pier, she said, was the busiest in the region, with ten ships a day.",
            "Still, she said, the board has to decide who pays for it.",
            "The pier will open soon, officials said, adding that no date was set.",
        ]);
        let ind: Vec<(&str, Option<&str>)> = qs
            .iter()
            .filter(|q| q.cue.as_deref() == Some("said"))
            .map(|q| (q.text.as_str(), q.speaker.as_deref()))
            .collect();
        assert_eq!(
            ind,
            vec![
                ("The new pier … was the busiest in the region, with ten ships a day", Some("Ida Moen")),
                ("the board has to decide who pays for it", Some("Ida Moen")),
                ("The pier will open soon", Some("officials")),
            ]
        );
        assert_eq!(qs[0].content_spans.len(), 2);
    }

    #[test]
    fn a_description_is_the_person_its_apposition_names() {
        let qs = quotes(&[
            "The plan was sound, said a senior official, Lena Park.",
            "According to the report, Ana Ruiz said the plan would fail.",
        ]);
        assert_eq!(qs[0].speaker.as_deref(), Some("Lena Park"), "{qs:#?}");
        let s = sents(&["The plan was sound, said a senior official, Lena Park."]);
        assert_eq!(at(&s, &qs[0].source_span.expect("a source")), "a senior official");
        // A name that opens the next clause is no apposition: the report speaks.
        assert_eq!(qs[1].speaker.as_deref(), Some("report"), "{qs:#?}");
    }

    #[test]
    fn a_party_or_state_in_brackets_is_not_the_speaker() {
        let paras = ["Rep. Tom Gale (R-Ohio) said the bill would fail in the Senate."];
        assert_eq!(quotes(&paras)[0].speaker.as_deref(), Some("Tom Gale"));
        // Or set off by commas.
        let qs = quotes(&["Sen. Ann Ruiz, D-N.J., said the bill would pass."]);
        assert_eq!(qs[0].speaker.as_deref(), Some("Ann Ruiz"), "{qs:#?}");
        let s = sents(&paras);
        let e = find_entities(&s);
        let qs = find_quotes(&s, &e);
        assert!(!qs.is_empty() && qs.iter().all(|q| q.speaker.as_deref() == Some("Tom Gale")), "{qs:#?}");
        assert_eq!(without_aside("Ann Ruiz (D-Ohio) "), "Ann Ruiz".len());
        assert_eq!(without_aside("Ann Ruiz (D-Ohio"), "Ann Ruiz".len());
        assert_eq!(without_aside("the head of the agency"), "the head of the agency".len());
    }

    #[test]
    fn odd_input_does_not_panic() {
        let s =
            sents(&["“", "”", "\"", "' '", "“a”", "— X", "said", ", he said.", "“x” – ", "according to:"]);
        let _ = find_quotes(&s, &find_entities(&s));
        let _ =
            quotes(&["“", "”", "\"", "' '", "“a”", "— X", "said", ", he said.", "“x” – ", "according to"]);
    }
}
