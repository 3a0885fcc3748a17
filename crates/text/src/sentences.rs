//! Sentence splitting for news prose: abbreviations ("Mr.", "U.S.", "Gen."), initials, decimal
//! numbers and closing quotes after the full stop are handled; no sentence is lost or reordered.

use std::ops::Range;

/// Titles and other words written before what they qualify ("Sen. Warren", "Oct. 16", "Fig. 2"):
/// a full stop after one never ends a sentence.
const PREFIXES: &[&str] = &[
    "adm", "apr", "aug", "capt", "cmdr", "col", "dec", "det", "dr", "e.g", "feb", "fig", "gen", "gens",
    "gov", "govs", "i.e", "jan", "jul", "jun", "lt", "maj", "mar", "messrs", "mr", "mrs", "ms", "mt", "nov",
    "oct", "pres", "prof", "rep", "reps", "rev", "sen", "sens", "sep", "sept", "sgt", "supt", "vs",
];

/// Abbreviations that also end sentences ("Acme Inc.", "at 5 p.m.", "Oakland, Calif.", "No. 5"):
/// a full stop after one ends a sentence only when a capitalised function word or a quotation
/// follows ("... in the U.S. The talks ..."), not a name or a number ("the U.S. Senate").
const ENDINGS: &[&str] = &[
    "a.m", "ala", "ariz", "ark", "assn", "ave", "blvd", "bros", "calif", "co", "colo", "conn", "corp", "del",
    "dept", "est", "etc", "fla", "ft", "ga", "ill", "inc", "ind", "jr", "kan", "kans", "ky", "la", "ltd",
    "mass", "md", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "no", "nos", "okla", "ore", "p.m",
    "pa", "rd", "sr", "st", "tenn", "tex", "univ", "va", "vt", "wash", "wis", "wyo",
];

fn is_closing(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

fn is_opening(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«')
}

/// Byte ranges of the sentences of `text`, trimmed, in order.
pub fn sentence_ranges(text: &str) -> Vec<Range<usize>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i].1;
        if matches!(c, '.' | '!' | '?' | '…') {
            // Extend over runs of terminal punctuation and closing quotes/brackets.
            let mut j = i + 1;
            while j < chars.len() && (matches!(chars[j].1, '.' | '!' | '?' | '…') || is_closing(chars[j].1))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
            let next_is_break = j >= chars.len() || chars[j].1.is_whitespace();
            if next_is_break && ends_sentence(text, &chars, i, j) && !quote_runs_on(text, &chars, start, j) {
                push_trimmed(text, start..end, &mut out);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// Decide whether the terminal punctuation at `chars[i]` (run ending before `j`) ends a sentence.
fn ends_sentence(text: &str, chars: &[(usize, char)], i: usize, j: usize) -> bool {
    // The next non-space character must open a sentence: upper case, digit or opening quote.
    let mut k = j;
    while k < chars.len() && chars[k].1.is_whitespace() {
        k += 1;
    }
    let Some(&(_, next)) = chars.get(k) else { return true };
    let opens = next.is_uppercase() || next.is_ascii_digit() || is_opening(next) || !next.is_alphabetic();
    if !opens {
        return false;
    }
    if chars[i].1 != '.' {
        return true;
    }
    // The word before the full stop.
    let dot = chars[i].0;
    let word_start = text[..dot]
        .rfind(|c: char| c.is_whitespace() || is_opening(c))
        .map_or(0, |p| p + text[p..].chars().next().map_or(1, char::len_utf8));
    let word = &text[word_start..dot];
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    if PREFIXES.contains(&lower.as_str()) {
        return false;
    }
    if ENDINGS.contains(&lower.as_str()) || is_dotted_acronym(word) {
        return next_starts_sentence(text, chars, k);
    }
    // A single capital letter is an initial ("Donald J. Trump").
    let mut wc = word.chars();
    if let (Some(first), None) = (wc.next(), wc.next()) {
        if first.is_uppercase() {
            return false;
        }
    }
    true
}

/// Letters joined by full stops, the last one's stop excluded: "U.S", "H.R", "D.C", "N.Y".
fn is_dotted_acronym(word: &str) -> bool {
    word.contains('.')
        && word.split('.').all(|part| (1..=2).contains(&part.len()) && part.chars().all(char::is_alphabetic))
}

/// Whether the text at `chars[k]` plainly opens a sentence: a quotation or a capitalised function
/// word ("The", "He", "But"), which no name or title written after an abbreviation would be.
fn next_starts_sentence(text: &str, chars: &[(usize, char)], k: usize) -> bool {
    let (start, first) = chars[k];
    if is_opening(first) {
        return true;
    }
    if !first.is_uppercase() {
        return false;
    }
    let rest = &text[start..];
    let end = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
    crate::stopwords::is_stopword(&rest[..end].to_lowercase())
}

/// Whether the break before `chars[j]` falls inside a quotation that belongs to the sentence
/// around it: one that ends with a comma and goes on to its attribution (“Do they want that? I
/// don't think so,” he said), or one that opened after the sentence's own words (Trump added, “Do
/// they want that? I don't think so.”). Either way the quotation is one sentence's object, and the
/// part split off would lose its speaker. A quotation that opens its sentence and closes without
/// a comma may hold several sentences of its own.
fn quote_runs_on(text: &str, chars: &[(usize, char)], start: usize, j: usize) -> bool {
    let upto = chars.get(j).map_or(text.len(), |&(p, _)| p);
    let before = &text[start..upto];
    let curly = before.matches('“').count() > before.matches('”').count();
    let straight = before.matches('"').count() % 2 == 1;
    if !curly && !straight {
        return false;
    }
    let (open, close) = if curly { ('“', '”') } else { ('"', '"') };
    let Some(q) = chars[j..].iter().position(|&(_, c)| c == close || (curly && c == '“')) else {
        return false;
    };
    let q = j + q;
    if chars[q].1 != close {
        return false;
    }
    if q > 0 && chars[q - 1].1 == ',' {
        return true;
    }
    // The quotation's own opening mark: the last one before the break.
    let opened = before.rfind(open).unwrap_or(0);
    let lead_in = before[..opened].chars().filter(|c| c.is_alphanumeric()).count();
    let rest = chars[q].0 - upto;
    lead_in > 0 && rest <= EMBEDDED_QUOTE_TAIL
}

/// How far (in bytes) a quotation opened inside a sentence may run on after a full stop and still
/// be held in that sentence: far enough for a second or third short sentence, not so far that an
/// unbalanced mark glues a paragraph together.
const EMBEDDED_QUOTE_TAIL: usize = 300;

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}

/// The sentences of `text`, as slices.
pub fn split_sentences(text: &str) -> Vec<&str> {
    sentence_ranges(text).into_iter().map(|r| &text[r]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_plain_sentences() {
        assert_eq!(
            split_sentences("One fish. Two fish! Red fish?"),
            vec!["One fish.", "Two fish!", "Red fish?"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        let s = "Mr. Smith met Donald J. Trump in the U.S. capital. He left at 5 p.m. on Friday.";
        assert_eq!(
            split_sentences(s),
            vec!["Mr. Smith met Donald J. Trump in the U.S. capital.", "He left at 5 p.m. on Friday."]
        );
    }

    #[test]
    fn abbreviations_that_may_end_a_sentence_end_one_before_a_function_word() {
        let s = "Sens. Ames and Bell met in Oakland, Calif. They spoke about H.R. 1234 and the U.S. The vote is at 5 p.m. Friday at Acme Inc. headquarters.";
        assert_eq!(
            split_sentences(s),
            vec![
                "Sens. Ames and Bell met in Oakland, Calif.",
                "They spoke about H.R. 1234 and the U.S.",
                "The vote is at 5 p.m. Friday at Acme Inc. headquarters."
            ]
        );
        assert_eq!(
            split_sentences("He said no. \"Why?\" she asked."),
            vec!["He said no.", "\"Why?\" she asked."]
        );
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        let s = "“It was productive.” Trump then left. He said, “We will see.”";
        assert_eq!(
            split_sentences(s),
            vec!["“It was productive.”", "Trump then left.", "He said, “We will see.”"]
        );
    }

    #[test]
    fn a_quotation_running_on_to_its_attribution_is_one_sentence() {
        let s = "“Will they come? I doubt it,” the mayor said on Monday. “We are ready. The pier is done.” She left.";
        assert_eq!(
            split_sentences(s),
            vec![
                "“Will they come? I doubt it,” the mayor said on Monday.",
                "“We are ready.",
                "The pier is done.”",
                "She left."
            ]
        );
        let s = "On Monday he added, “Is it safe? I doubt it.” Then he went home.";
        assert_eq!(
            split_sentences(s),
            vec!["On Monday he added, “Is it safe? I doubt it.”", "Then he went home."]
        );
        let s = "\"Is it safe? Not yet,\" he said. Then he went home.";
        assert_eq!(split_sentences(s), vec!["\"Is it safe? Not yet,\" he said.", "Then he went home."]);
    }

    #[test]
    fn decimals_and_lowercase_continuations_do_not_split() {
        let s = "The call lasted 2.5 hours. Asked why? he smiled.";
        assert_eq!(split_sentences(s), vec!["The call lasted 2.5 hours.", "Asked why? he smiled."]);
    }

    #[test]
    fn nothing_is_lost() {
        let s = "no terminal punctuation here";
        assert_eq!(split_sentences(s), vec![s]);
        assert!(split_sentences("   ").is_empty());
    }
}
