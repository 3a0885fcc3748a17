//! Wire datelines: the "WASHINGTON (Reuters) - " or "DUNMORE — " a news sentence may open with.
//! The dateline is the story's metadata, not the sentence's subject or words: the quote finder
//! passes over it, the entity finder takes the agency it credits for an organisation, and the
//! analysis records it (`Analysis::datelines`) so a brief shows the sentence without it.

use std::sync::LazyLock;

use regex::Regex;
use storyweave_model::{Sentence, TextSpan};

/// "WASHINGTON (Reuters) - ", "LONDON, Oct 16 (Reuters) - ", "(AP) — " (the place split off
/// as a sentence of its own), "Jerusalem (CNN)": a place and date at most, then a news agency.
static AGENCY_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([^()\n]{1,40}?)\s*)?\(([^()\n]{2,25})\)(\s*(?:—|–|--|-)\s*)?")
        .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
});
/// "WASHINGTON — ", "SANTA CLARITA, Calif. -- ": a place in capitals and a dash.
static CAPS_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][A-Z.'’ ]{2,30}?(?:, [A-Z][A-Za-z.]+(?: [A-Za-z.]+)?)? (?:—|–|--) ")
        .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
});

/// The length of the wire dateline a sentence opens with, 0 when none. The dateline is the
/// story's metadata, not the sentence's subject or words: the quote finder passes over it here
/// (not the sentence splitter or extraction, so the sentence stays as written for the summary
/// and keeps its offsets).
pub(crate) fn dateline_len(text: &str) -> usize {
    read(text).0
}

/// The dateline's length (0: none) and where the agency's name lies in it, when it gives one.
fn read(text: &str) -> (usize, Option<(usize, usize)>) {
    // Most sentences open with neither a capital pair nor a bracket soon: no need to match.
    let mut chars = text.chars();
    let caps = chars.next().is_some_and(char::is_uppercase) && chars.next().is_some_and(char::is_uppercase);
    let bracket = text.bytes().take(48).any(|b| b == b'(');
    if !caps && !bracket {
        return (0, None);
    }
    if let Some(c) = AGENCY_DATELINE.captures(text).filter(|_| bracket) {
        let capitalised = |w: &str| w.starts_with(|ch: char| ch.is_uppercase() || ch.is_ascii_digit());
        // A place, and a date, whose words are all capitalised or numbers.
        let place_ok = c.get(1).is_none_or(|p| {
            let words: Vec<&str> = p.as_str().split_whitespace().collect();
            words.len() <= 6 && words.iter().all(|w| capitalised(w))
        });
        // An agency's name, not a party label ("Ann Ruiz (D-Ohio) —") or a ticker's number.
        let agency = &c[2];
        let agency_ok = capitalised(agency)
            && agency.split_whitespace().count() <= 3
            && !agency.contains(['-', ','])
            && !agency.chars().any(|ch| ch.is_ascii_digit());
        if place_ok && agency_ok {
            let end = c.get(0).map_or(0, |m| m.end());
            // Without a dash the sentence runs straight on ("(CNN)Israeli Prime Minister ...").
            let glued = text[end..].starts_with(|ch: char| ch.is_uppercase() || matches!(ch, '“' | '"'));
            if c.get(3).is_some() || glued {
                return (end, c.get(2).map(|m| (m.start(), m.end())));
            }
        }
    }
    if !caps {
        return (0, None);
    }
    let len = CAPS_DATELINE
        .find(text)
        .filter(|m| m.as_str().split(|ch: char| !ch.is_ascii_uppercase()).any(|run| run.len() >= 3))
        .map_or(0, |m| m.end());
    (len, None)
}

/// The datelines of an article's sentences, as spans from each one's start.
pub(crate) fn datelines(sentences: &[Sentence]) -> Vec<TextSpan> {
    let spans = sentences.iter().enumerate().map(|(i, s)| TextSpan {
        sentence: i,
        start: 0,
        end: dateline_len(&s.text),
    });
    spans.filter(|d| d.end > 0).collect()
}

/// Where the news agency a sentence's dateline credits is named ("Reuters" in "OSLO (Reuters) -"),
/// as a byte range of the sentence.
pub(crate) fn agency(text: &str) -> Option<(usize, usize)> {
    read(text).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_datelines_are_read_with_their_agency() {
        assert_eq!(dateline_len("PORTVILLE (AP) — The ferry will run."), "PORTVILLE (AP) — ".len());
        assert_eq!(
            dateline_len("OSLO, Oct 16 (Reuters) - The vote passed."),
            "OSLO, Oct 16 (Reuters) - ".len()
        );
        assert_eq!(dateline_len("(AP) -- Crews worked overnight."), "(AP) -- ".len());
        assert_eq!(dateline_len("Bergen (CNN)The council met."), "Bergen (CNN)".len());
        assert_eq!(dateline_len("DUNMORE — The mill will close."), "DUNMORE — ".len());
        // A party label, a ticker, brackets in the sentence: no dateline.
        assert_eq!(dateline_len("Senator Ann Ruiz (D-Ohio) — who chairs the panel — said no."), 0);
        assert_eq!(dateline_len("Kestrel (KST) Chief Executive Dana Brook said so."), 0);
        assert_eq!(dateline_len("The talks (the third this year) — and the vote — failed."), 0);
        assert_eq!(dateline_len("US — China talks resumed."), 0);
        let text = "OSLO, Oct 16 (Meridian Wire) - The vote passed.";
        assert_eq!(agency(text).map(|(a, b)| &text[a..b]), Some("Meridian Wire"));
        assert_eq!(agency("DUNMORE — The mill will close."), None);
        assert_eq!(agency("Senator Ann Ruiz (D-Ohio) — who chairs the panel — said no."), None);
    }
}
