//! Which reports are words said and which are stances or acts told in the same shape.
//!
//! The quote finder follows attribution corpora such as PolNeAR, which count "criticized Beijing
//! for its aggression", "signed a trade deal" and "agreed to stop buying oil" as attributions
//! beside "said the talks would resume". A reader asking who said what wants the last kind only.
//! A report is taken for words said when it is quoted; when its cue says so whatever follows
//! ("said", "told", "according to", "adding") and it is not an infinitive ("said to be ..."); or
//! when its cue is another word the quote rules take for a report of words, not a stance
//! ("announced", "confirmed", "reported") and what it reports reads as a clause: it opens with a complementiser or a pronoun subject, or a finite verb comes
//! before any relative word or comma ("announced the talks had failed", not "announced a deal
//! that will ..." nor "announced his retirement").

use storyweave_model::{Quote, Sentence};

use crate::quotes::{cue_class, Cue};
use crate::token::{fold_all, tokens, Token};

/// Cue words that report what was said whatever follows them: their report is a statement
/// unless it is an infinitive ("said to be ...").
const SAYING: &[&str] = &[
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "tell",
    "telling",
    "wrote",
    "writes",
    "writing",
    "added",
    "adds",
    "adding",
    "according",
];

/// Words that open a clause reported as a whole ("said that ...", "asked whether ...").
const COMPLEMENTISERS: &[&str] = &["that", "whether", "if", "how", "why", "what", "when", "where", "who"];

/// Pronouns that open a clause as its subject ("said he would ...").
const SUBJECTS: &[&str] = &["i", "we", "you", "he", "she", "it", "they", "there", "this", "these", "those"];

/// Words that mark a finite verb: auxiliaries and modals.
const FINITE: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "am",
    "will",
    "would",
    "can",
    "could",
    "shall",
    "should",
    "may",
    "might",
    "must",
    "has",
    "have",
    "had",
    "do",
    "does",
    "did",
    "won't",
    "can't",
    "isn't",
    "aren't",
    "wasn't",
    "weren't",
    "doesn't",
    "don't",
    "didn't",
    "hasn't",
    "haven't",
    "hadn't",
    "wouldn't",
    "couldn't",
    "shouldn't",
];

/// Irregular past tenses that are not also participles or present forms.
const IRREGULAR_PAST: &[&str] = &[
    "rose", "fell", "went", "came", "saw", "knew", "grew", "ran", "began", "became", "gave", "took", "wrote",
    "spoke", "broke", "chose", "drove", "froze", "rode", "shook", "stole", "threw", "wore", "woke", "swore",
    "forgave", "forgot", "ate", "drew", "flew", "sang", "sank", "swam", "overtook", "withdrew",
];

/// Words that open a relative clause or a modifier of a noun: a verb after them is not the
/// report's own (nor after a comma or dash).
const RELATIVES: &[&str] = &["that", "which", "who", "whom", "whose", "where", "when"];

/// Whether a quote reports a stance or an act rather than words said (see the module
/// documentation).
pub(crate) fn is_stance(q: &Quote, sentences: &[Sentence]) -> bool {
    if q.direct {
        return false;
    }
    let cue =
        q.cue_span.and_then(|t| sentences.get(t.sentence)?.text.get(t.start..t.end)).or(q.cue.as_deref());
    let mut folded = String::new();
    let cue = cue.map(|c| fold_all(&tokens(c), &mut folded)).unwrap_or_default();
    if cue.iter().any(|w| SAYING.contains(w)) {
        return infinitive(&q.text);
    }
    // Any other word the quote rules take for a report of words, not a stance ("criticized") nor
    // one only the learned cue knows, reports words said when they read as a clause.
    let speech = cue.iter().any(|w| matches!(cue_class(w), Some(Cue::Say | Cue::That | Cue::Participle)));
    if !speech {
        return true;
    }
    // In a relative clause ("the official who disclosed the call was not authorised ...") a verb
    // after the cue's object is the main clause's: only a clause marked as one is reported.
    let relative = q.cue_span.is_some_and(|t| {
        let before = sentences.get(t.sentence).and_then(|s| s.text.get(..t.start)).unwrap_or("");
        before
            .split_whitespace()
            .last()
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "who" | "which" | "that"))
    });
    let toks = tokens(&q.text);
    let mut buf = String::new();
    let words = fold_all(&toks, &mut buf);
    !reads_as_clause(&q.text, &toks, &words) || (relative && !opens_clause(&words))
}

/// Whether reported words (folded) open with a complementiser or a pronoun subject ("that ...",
/// "he ...").
fn opens_clause(words: &[&str]) -> bool {
    words.first().is_some_and(|w| COMPLEMENTISERS.contains(w) || SUBJECTS.contains(w))
}

/// Whether reported words are an infinitive ("to stop buying oil").
fn infinitive(text: &str) -> bool {
    text.split_whitespace().next().is_some_and(|w| w.eq_ignore_ascii_case("to"))
}

/// Whether reported words `text` (`toks` its tokens, `words` their folded forms) read as a clause
/// (see the module documentation).
fn reads_as_clause(text: &str, toks: &[Token], words: &[&str]) -> bool {
    if words.is_empty() || infinitive(text) {
        return false;
    }
    if opens_clause(words) {
        return true;
    }
    // The report's own verb comes before anything that modifies a noun of it.
    for i in 1..words.len() {
        let gap = &text[toks[i - 1].full_end..toks[i].start];
        if RELATIVES.contains(&words[i]) || gap.contains([',', ';', '—', '–', '(']) {
            return false;
        }
        let w = words[i];
        // A past tense, not a participle modifying a noun ("the proposed plan", "a bid
        // launched by", "cannabis-infused").
        let past = w.len() > 3
            && w.ends_with("ed")
            && !w.contains('-')
            && !matches!(words[i - 1], "the" | "a" | "an" | "his" | "her" | "its" | "their")
            && words.get(i + 1) != Some(&"by");
        if FINITE.contains(&w) || w.ends_with("n't") || past || IRREGULAR_PAST.contains(&w) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use storyweave_model::TextSpan;

    use super::*;

    fn report(sentence: &str, cue: &str, content: &str) -> (Quote, Vec<Sentence>) {
        let at = |w: &str| {
            let start = sentence.find(w).expect("in the sentence");
            TextSpan { sentence: 0, start, end: start + w.len() }
        };
        let q = Quote {
            text: content.into(),
            cue: Some(cue.into()),
            cue_span: Some(at(cue)),
            content_spans: vec![at(content)],
            ..Quote::default()
        };
        (q, vec![Sentence { text: sentence.into(), paragraph: 0 }])
    }

    #[test]
    fn words_said_are_statements() {
        for (s, cue, content) in [
            ("Okafor said the levee will hold until Sunday.", "said", "the levee will hold until Sunday"),
            ("Okafor told reporters that the levee held.", "told", "that the levee held"),
            ("The levee held, according to Okafor.", "according to", "The levee held"),
            ("Okafor said he doubted it.", "said", "he doubted it"),
            ("Okafor said the engineers inspected the piers.", "said", "the engineers inspected the piers"),
            ("Okafor said the council hasn't met.", "said", "the council hasn't met"),
            ("Okafor announced the talks had failed.", "announced", "the talks had failed"),
            ("Okafor confirmed that talks failed.", "confirmed", "that talks failed"),
            ("The aide who confirmed that talks failed resigned.", "confirmed", "that talks failed"),
            ("The agency reported the river rose overnight.", "reported", "the river rose overnight"),
        ] {
            let (q, sentences) = report(s, cue, content);
            assert!(!is_stance(&q, &sentences), "{s}");
        }
    }

    #[test]
    fn stances_and_acts_are_not() {
        for (s, cue, content) in [
            ("The court rejected a bid launched by Brindle.", "rejected", "a bid launched by Brindle"),
            ("Okafor announced a bid launched by Brindle.", "announced", "a bid launched by Brindle"),
            (
                "The aide who disclosed the talks was not allowed to comment.",
                "disclosed",
                "the talks was not allowed to comment",
            ),
            ("Okafor criticized Valdoria for its dams.", "criticized", "Valdoria for its dams"),
            ("Okafor agreed to close the levee road.", "agreed", "to close the levee road"),
            ("Okafor announced his retirement on Monday.", "announced", "his retirement on Monday"),
            (
                "Okafor announced a deal that will reopen the bridge.",
                "announced",
                "a deal that will reopen the bridge",
            ),
            ("Okafor urged the council to act.", "urged", "the council to act"),
        ] {
            let (q, sentences) = report(s, cue, content);
            assert!(is_stance(&q, &sentences), "{s}");
        }
        // Quoted words are words said, whatever the cue.
        let (mut q, sentences) = report("Okafor vowed: “to the end.”", "vowed", "to the end.");
        q.direct = true;
        assert!(!is_stance(&q, &sentences));
    }
}
