//! Which way a relative expression points: past or future, read from the verbs and cue words
//! around it ("said on Sunday" looks back, "will meet on Friday" looks ahead).

use crate::lexicon as lx;
use crate::token::{tokens, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tense {
    Past,
    Future,
}

/// The tense cue nearest `start..end`: first in the same clause before it, then in the same clause
/// after it, then elsewhere in the sentence, nearest first. Text inside quotation marks speaks in
/// its own time, so a cue is only taken from the side of the quote the expression is on.
pub(crate) fn tense_around(text: &str, start: usize, end: usize) -> Option<Tense> {
    let toks = tokens(text);
    let mut clause = Vec::with_capacity(toks.len());
    let mut quoted = Vec::with_capacity(toks.len());
    let (mut c, mut q) = (0usize, false);
    let mut prev_end = 0;
    for t in &toks {
        let gap = text.get(prev_end..t.start).unwrap_or("");
        for ch in gap.chars() {
            if matches!(ch, ',' | ';' | ':' | '(' | ')' | '“' | '”' | '"' | '—' | '–') {
                c += 1;
            }
            match ch {
                '“' => q = true,
                '”' => q = false,
                '"' => q = !q,
                _ => {}
            }
        }
        clause.push(c);
        quoted.push(q);
        prev_end = t.full_end;
    }
    let here_i = toks.iter().position(|t| t.start >= start);
    let here = here_i.map_or(c, |i| clause[i]);
    let here_q = here_i.is_some_and(|i| quoted[i]);
    let before: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].end <= start).rev().collect();
    let after: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].start >= end).collect();
    // "until Thursday, they had not called": a state that held up to a day now past.
    if matches!(before.first().map(|&i| toks[i].folded()).as_deref(), Some("until" | "till"))
        && toks.iter().any(|t| matches!(t.folded().as_str(), "had" | "hadn't"))
    {
        return Some(Tense::Past);
    }
    // "the scheduled Friday meeting", "the planned May vote": an arrangement ahead; "until
    // Tuesday" a time limit still running.
    if before.first().is_some_and(|&i| {
        matches!(
            toks[i].folded().as_str(),
            "scheduled" | "planned" | "expected" | "slated" | "upcoming" | "until" | "till"
        )
    }) {
        return Some(Tense::Future);
    }
    for (list, same, ahead) in
        [(&before, true, true), (&after, true, false), (&before, false, true), (&after, false, false)]
    {
        for &i in list {
            if (clause[i] == here) != same || quoted[i] != here_q {
                continue;
            }
            if let Some(t) = cue_at(&toks, i, ahead) {
                return Some(t);
            }
        }
    }
    // "until Thursday", "by Friday", "runs through Sunday" with no verb to go by: a limit ahead.
    let prep = before.first().map(|&i| toks[i].folded());
    matches!(prep.as_deref(), Some("until" | "till" | "by" | "before" | "through" | "thru"))
        .then_some(Tense::Future)
}

/// Past forms the "-ed" rule misses, sorted (looked up by binary search).
const IRREGULAR_PAST: &[&str] = &[
    "ago",
    "arose",
    "ate",
    "became",
    "began",
    "bled",
    "bought",
    "broke",
    "brought",
    "built",
    "came",
    "caught",
    "chose",
    "did",
    "didn't",
    "died",
    "drew",
    "drove",
    "dug",
    "earlier",
    "eyed",
    "fed",
    "fell",
    "felt",
    "fled",
    "flew",
    "forgot",
    "fought",
    "found",
    "froze",
    "gave",
    "got",
    "grew",
    "had",
    "hadn't",
    "heard",
    "held",
    "hid",
    "hung",
    "kept",
    "knew",
    "last",
    "led",
    "left",
    "lied",
    "lit",
    "lost",
    "made",
    "meant",
    "met",
    "oversaw",
    "owed",
    "paid",
    "previously",
    "ran",
    "rang",
    "rose",
    "said",
    "sank",
    "sat",
    "saw",
    "sent",
    "shook",
    "shot",
    "slid",
    "sold",
    "sought",
    "sped",
    "spent",
    "spoke",
    "spun",
    "stole",
    "stood",
    "struck",
    "stuck",
    "swept",
    "swore",
    "taught",
    "thought",
    "threw",
    "tied",
    "told",
    "took",
    "tore",
    "undertook",
    "used",
    "was",
    "wasn't",
    "went",
    "were",
    "weren't",
    "withdrew",
    "woke",
    "won",
    "wore",
    "wrote",
    "yesterday",
];

/// "-ed" words that are not past-tense reports.
const NOT_PAST: &[&str] = &[
    "advanced",
    "alleged",
    "anticipated",
    "armed",
    "based",
    "bleed",
    "breed",
    "concerned",
    "detailed",
    "embattled",
    "exceed",
    "expected",
    "hundred",
    "indeed",
    "interested",
    "limited",
    "planned",
    "proceed",
    "proposed",
    "related",
    "scheduled",
    "speed",
    "succeed",
    "united",
];

/// The tense word `i` signals; `ahead` when the expression comes after it ("planned a rally on
/// Saturday" points to a Saturday ahead, "on Friday, they planned to pay" to the day of planning).
fn cue_at(toks: &[Token], i: usize, ahead: bool) -> Option<Tense> {
    let w = toks[i].folded();
    let next = toks.get(i + 1).map(Token::folded);
    let next_is = |s: &str| next.as_deref() == Some(s);
    let future = matches!(
        w.as_str(),
        "will"
            | "shall"
            | "won't"
            | "would"
            | "upcoming"
            | "effective"
            | "planning"
            | "intends"
            | "tomorrow"
            | "ahead"
            | "soon"
            | "forthcoming"
    ) || w.ends_with("'ll")
        // "next week" looks ahead, "next to the embassy" does not.
        || (w == "next" && !next_is("to"))
        || (matches!(
            w.as_str(),
            "set"
                | "due"
                | "going"
                | "about"
                | "plan"
                | "plans"
                | "aims"
                | "hopes"
                | "intend"
                | "expects"
                | "wants"
                | "is"
                | "are"
        ) && next_is("to"))
        || (w == "to" && intent_before(toks, i) && infinitive_follows(toks, i));
    // "is scheduled for", "the vote expected on Friday", "more rain is forecast on Wednesday":
    // the arrangement or outlook points ahead, but
    // "planned to pay" on its own is a past report.
    let prev = i.checked_sub(1).map(|j| toks[j].folded());
    let arranged = matches!(w.as_str(), "scheduled" | "expected" | "slated" | "planned" | "due" | "forecast")
        && (matches!(prev.as_deref(), Some("is" | "are" | "be" | "been" | "being" | "now" | "still"))
            || next_is("for")
            || next_is("on")
            || next_is("in")
            || (ahead && w != "due"));
    if future || arranged {
        // "had been due to expire Friday", "as previously planned": an arrangement made
        // before a day now past.
        let plan = if w == "to" { i.saturating_sub(1) } else { i };
        let superseded = (plan.saturating_sub(3)..plan)
            .any(|j| matches!(toks[j].folded().as_str(), "had" | "hadn't" | "previously" | "originally"));
        return Some(if superseded { Tense::Past } else { Tense::Future });
    }
    // After the expression, "planned" is the verb of a past report ("on Friday, they planned").
    let reported = !ahead && matches!(w.as_str(), "scheduled" | "slated" | "planned");
    let past = IRREGULAR_PAST.binary_search(&w.as_str()).is_ok()
        || reported
        // "unspecified", "undisclosed": adjectives, not reports.
        || (w.len() >= 5 && w.ends_with("ed") && !w.starts_with("un") && !NOT_PAST.contains(&w.as_str()));
    if !past {
        return None;
    }
    // A participle takes its tense from the auxiliaries right before it: "will remain closed"
    // looks ahead, "has closed" back, "is closed" neither way.
    let mut passive = false;
    for j in (i.saturating_sub(4)..i).rev() {
        let a = toks[j].folded();
        match a.as_str() {
            "will" | "shall" | "won't" | "would" | "to" => return Some(Tense::Future),
            "has" | "have" | "had" | "was" | "were" | "hasn't" | "haven't" => return Some(Tense::Past),
            "be" | "been" | "being" | "is" | "are" | "am" | "remain" | "remains" | "stay" | "stays"
            | "get" | "gets" | "become" | "becomes" => passive = true,
            "not" | "also" | "still" | "already" | "never" | "just" | "long" | "then" | "now" => {}
            a if a.ends_with("'ll") => return Some(Tense::Future),
            a if a.ends_with("ly") || a.ends_with("n't") => {}
            _ => break,
        }
    }
    (!passive).then_some(Tense::Past)
}

/// "plans to", "is set to", "agreed to": a word of intent or arrangement before "to", so the
/// infinitive after it is still to come ("celebrations to mark", "shot to death" are not).
fn intent_before(toks: &[Token], i: usize) -> bool {
    let Some(j) = i.checked_sub(1) else { return false };
    let w = toks[j].folded();
    let stems = [w.strip_suffix("ed"), w.strip_suffix('d'), w.strip_suffix('s'), Some(w.as_str())];
    INTENT_WORDS.contains(&w.as_str()) || stems.into_iter().flatten().any(|stem| INTENT_STEMS.contains(&stem))
}

/// Words before "to" that leave the infinitive ahead ("is to", "set to", "able to").
const INTENT_WORDS: &[&str] = &[
    "is", "are", "was", "were", "be", "set", "due", "going", "about", "ready", "likely", "unlikely", "able",
    "unable", "poised", "eager", "willing", "tries", "tried", "seeks", "sought", "seek", "try", "has",
    "have", "need", "needs",
];

/// Stems of verbs and nouns of intent or arrangement, without "-s", "-d" or "-ed" ("plans to",
/// "agreed to", "a deal to").
const INTENT_STEMS: &[&str] = &[
    "want",
    "plan",
    "plann",
    "hope",
    "intend",
    "agree",
    "vow",
    "promise",
    "threaten",
    "decide",
    "expect",
    "schedule",
    "prepare",
    "pledge",
    "refuse",
    "order",
    "ask",
    "urge",
    "invite",
    "aim",
    "propose",
    "offer",
    "seem",
    "appear",
    "arrange",
    "vote",
    "move",
    "slate",
    "commit",
    "suppose",
    "agreement",
    "deal",
    "bid",
    "proposal",
    "decision",
    "effort",
    "attempt",
    "fight",
    "campaign",
    "push",
    "drive",
    "chance",
    "deadline",
    "pact",
    "accord",
    "motion",
    "call",
];

/// "to meet", "to host": a bare verb after "to" (not "to Israel", "to the", "to reporters").
fn infinitive_follows(toks: &[Token], i: usize) -> bool {
    let Some(n) = toks.get(i + 1) else { return false };
    let w = n.folded();
    n.is_lowercase()
        && !storyweave_text::is_stopword(&w)
        && (!w.ends_with('s') || w.ends_with("ss"))
        && !w.ends_with("ing")
        && !w.ends_with("ed")
        && lx::weekday(&w).is_none()
        && w.chars().all(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, word: &str) -> Option<Tense> {
        let s = text.find(word).unwrap_or(0);
        tense_around(text, s, s + word.len())
    }

    #[test]
    fn irregular_pasts_are_sorted() {
        assert!(IRREGULAR_PAST.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn reads_the_verbs_around() {
        assert_eq!(at("On Sunday, Okafor said the talks were over.", "Sunday"), Some(Tense::Past));
        assert_eq!(at("The board will meet on Friday.", "Friday"), Some(Tense::Future));
        assert_eq!(at("The school will remain closed until Thursday.", "Thursday"), Some(Tense::Future));
        assert_eq!(at("The school has closed until Thursday.", "Thursday"), Some(Tense::Future));
        assert_eq!(at("The school has closed on Thursday.", "Thursday"), Some(Tense::Past));
        assert_eq!(at("The road stays shut until Thursday.", "Thursday"), Some(Tense::Future));
        assert_eq!(at("Markets open on Monday.", "Monday"), None);
        assert_eq!(at("Protesters planned a rally on Saturday.", "Saturday"), Some(Tense::Future));
        assert_eq!(at("On Friday, the government planned to pay.", "Friday"), Some(Tense::Past));
        assert_eq!(at("Officials postponed the vote until Tuesday.", "Tuesday"), Some(Tense::Future));
        assert_eq!(at("It came a day before the scheduled Friday meeting.", "Friday"), Some(Tense::Future));
        assert_eq!(at("More rain is forecast on Wednesday.", "Wednesday"), Some(Tense::Future));
        assert_eq!(at("“We meet on Friday,” she said.", "Friday"), None);
        assert_eq!(at("A fire broke out next to the station on Friday.", "Friday"), Some(Tense::Past));
        assert_eq!(at("Until Monday, police had not named him.", "Monday"), Some(Tense::Past));
        assert_eq!(
            at("The town held parades to honour the veterans on Monday.", "Monday"),
            Some(Tense::Past)
        );
        assert_eq!(at("The mayor was beaten to death on the night of May 2.", "May 2"), Some(Tense::Past));
        assert_eq!(at("The club decided to sign him in March.", "March"), Some(Tense::Future));
        assert_eq!(at("Talks are supposed to end by May.", "May"), Some(Tense::Future));
        assert_eq!(at("It will be paid on an unspecified day in June.", "June"), Some(Tense::Future));
        assert_eq!(at("The offer had been due to lapse on Friday.", "Friday"), Some(Tense::Past));
        assert_eq!(at("The march went ahead as originally planned on Sunday.", "Sunday"), Some(Tense::Past));
        // "plans" is a noun unless "to" follows.
        assert_eq!(
            at("On Friday, when she dropped her travel plans, aides left.", "Friday"),
            Some(Tense::Past)
        );
        assert_eq!(at("The club plans to sign him on Friday.", "Friday"), Some(Tense::Future));
        // Past forms too short for the "-ed" rule.
        assert_eq!(at("The singer died Saturday at age 82.", "Saturday"), Some(Tense::Past));
    }
}
