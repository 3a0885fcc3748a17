//! CoNLL-style tokens of prose, with byte offsets: punctuation split off words, a possessive
//! "'s" and a negative "n't" as tokens of their own, while abbreviations and dotted acronyms keep
//! their full stop ("U.S.", "Mr.", "J."), and numbers, hyphenated words and "AT&T" stay whole.
//! The tagger was trained on text cut this way (Reuters, as CoNLL-2003 gives it).

/// Abbreviations whose full stop belongs to the word (lower case, without the stop).
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "capt", "cmdr", "co", "col", "corp", "cpl", "dec", "dr", "feb", "fr", "ft", "gen",
    "gov", "hon", "inc", "insp", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "messrs", "mr", "mrs",
    "ms", "mt", "nov", "oct", "plc", "pres", "prof", "rep", "rev", "sen", "sep", "sept", "sgt", "sr", "st",
    "supt", "vs",
];

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

/// Characters that are always a token of their own at the edges of a word.
fn is_edge_punct(c: char) -> bool {
    // Latin and Cyrillic letters known without the Unicode tables (their slow lookup is hit by
    // every Russian or accented word otherwise).
    let block_letter = matches!(c, '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}' | '\u{f8}'..='\u{2af}' | '\u{400}'..='\u{481}' | '\u{48a}'..='\u{52f}');
    !block_letter && !c.is_alphanumeric() && !matches!(c, '&' | '#' | '@' | '$' | '%' | '€' | '£')
}

/// Characters that cut a word wherever they stand (dashes, ellipses, brackets, quotes).
fn is_breaking(c: char) -> bool {
    matches!(
        c,
        '\u{2014}'
            | '\u{2013}'
            | '\u{2026}'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '\u{201c}'
            | '\u{201d}'
            | '\u{201e}'
            | '\u{ab}'
            | '\u{bb}'
            | ';'
            | '!'
            | '?'
    )
}

/// The byte ranges of the tokens of `text`, in order.
pub fn tokenize(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || is_breaking(c) {
            if let Some(s) = start.take() {
                chunk(text, s, i, &mut out);
            }
            if !c.is_whitespace() {
                out.push((i, i + c.len_utf8()));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        chunk(text, s, text.len(), &mut out);
    }
    merge_runs(text, &mut out);
    out
}

/// "--", "...", "''": runs of the same punctuation mark, cut one by one above, are one token.
/// Merged in place: the first `kept` tokens are the merged ones so far.
fn merge_runs(text: &str, toks: &mut Vec<(usize, usize)>) {
    let mark = |x: &str| {
        let mut cs = x.chars();
        cs.next().filter(|&c| matches!(c, '-' | '.' | '\'' | '\u{2026}') && x.chars().all(|d| d == c))
    };
    let mut kept = 0usize;
    for k in 0..toks.len() {
        let (s, e) = toks[k];
        if let Some(last) = kept.checked_sub(1).map(|l| &mut toks[l]) {
            let (a, b) = (&text[last.0..last.1], &text[s..e]);
            if last.1 == s && mark(a).is_some() && mark(a) == mark(b) {
                last.1 = e;
                continue;
            }
        }
        toks[kept] = (s, e);
        kept += 1;
    }
    toks.truncate(kept);
}

/// Cut one whitespace-delimited chunk `text[s..e]` into tokens.
fn chunk(text: &str, mut s: usize, mut e: usize, out: &mut Vec<(usize, usize)>) {
    // Leading punctuation, one mark a token; an apostrophe that opens "'s", "'re", "'90s" stays.
    while s < e {
        let Some(c) = text[s..e].chars().next() else { break };
        if !is_edge_punct(c) {
            break;
        }
        let rest = &text[s + c.len_utf8()..e];
        if is_apostrophe(c) && !rest.is_empty() && rest.chars().all(char::is_alphanumeric) && rest.len() <= 3
        {
            break;
        }
        out.push((s, s + c.len_utf8()));
        s += c.len_utf8();
    }
    // Trailing punctuation, pushed as found (last first) and put after the word below: no
    // list of its own a chunk.
    let tail_at = out.len();
    while s < e {
        let Some(c) = text[s..e].chars().next_back() else { break };
        if !is_edge_punct(c) {
            break;
        }
        let cs = e - c.len_utf8();
        if c == '.' && keeps_stop(&text[s..cs]) {
            break;
        }
        out.push((cs, e));
        e = cs;
    }
    let word_at = out.len();
    if s < e {
        let word = &text[s..e];
        // "Trump's", "don't": the clitic is a token.
        let clitic = ["'s", "\u{2019}s", "'S", "\u{2019}S", "n't", "n\u{2019}t", "N'T"]
            .iter()
            .find(|suf| word.len() > suf.len() && word.ends_with(*suf))
            .map(|suf| e - suf.len());
        match clitic {
            Some(cut) => {
                out.push((s, cut));
                out.push((cut, e));
            }
            None => out.push((s, e)),
        }
    }
    // [tail, last first][word] -> [word][tail, in order]: all reversed, then the word's own
    // tokens back in order.
    let words = out.len() - word_at;
    out[tail_at..].reverse();
    out[tail_at..tail_at + words].reverse();
}

/// Whether a word before a full stop keeps it: an initial ("J."), a dotted acronym ("U.S",
/// "a.m"), or a known abbreviation ("Mr", "Corp").
fn keeps_stop(word: &str) -> bool {
    let mut cs = word.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => return c.is_alphabetic(),
        (None, _) => return false,
        _ => {}
    }
    if word.contains('.')
        && word.split('.').all(|p| p.chars().count() <= 2 && p.chars().all(char::is_alphabetic))
    {
        return true;
    }
    word.len() <= 6 && ABBREVIATIONS.contains(&word.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|(a, b)| &s[a..b]).collect()
    }

    #[test]
    fn splits_like_conll() {
        assert_eq!(
            texts("Trump's envoy, Mr. Witkoff, said (on Sunday): \"no.\""),
            vec![
                "Trump", "'s", "envoy", ",", "Mr.", "Witkoff", ",", "said", "(", "on", "Sunday", ")", ":",
                "\"", "no", ".", "\""
            ]
        );
        assert_eq!(
            texts("the U.S. and J. Smith don't"),
            vec!["the", "U.S.", "and", "J.", "Smith", "do", "n't"]
        );
        assert_eq!(
            texts("a 2.5-hour call cost $1,000."),
            vec!["a", "2.5-hour", "call", "cost", "$1,000", "."]
        );
        assert_eq!(texts("“Peace—now…” AT&T"), vec!["“", "Peace", "—", "now", "…", "”", "AT&T"]);
        assert_eq!(texts("wait -- and ... so"), vec!["wait", "--", "and", "...", "so"]);
        assert_eq!(texts("Kyiv’s 'rock' the '90s"), vec!["Kyiv", "’s", "'", "rock", "'", "the", "'90s"]);
    }

    #[test]
    fn conll_tokens_joined_by_spaces_stay_whole() {
        let s = "U.S. Treasury 's 1996-08-22 ( Reuters ) - S&P 500 rose 1.5 pct , Inc. said";
        let want: Vec<&str> = s.split(' ').collect();
        assert_eq!(texts(s), want);
    }

    #[test]
    fn edge_punctuation_is_what_the_tables_say() {
        for c in ('\u{80}'..='\u{3000}').chain(['a', ',', '&', '€']) {
            let want = !c.is_alphanumeric() && !matches!(c, '&' | '#' | '@' | '$' | '%' | '€' | '£');
            assert_eq!(is_edge_punct(c), want, "{c:?}");
        }
    }

    #[test]
    fn offsets_are_char_boundaries() {
        for s in ["", " ", "é.", "'", "’s", "..", "北京。", "a\u{301}'s", "'''", "e.g.", "Mr."] {
            for (a, b) in tokenize(s) {
                assert!(a < b && s.get(a..b).is_some(), "{s:?} {a}..{b}");
            }
        }
    }
}
