//! Wire datelines: the "WASHINGTON (Reuters) - " or "DUNMORE — " a news sentence may open with.
//! The dateline is the story's metadata, not the sentence's subject or words: the quote finder
//! passes over it, the entity finder takes the agency it credits for an organisation, and the
//! analysis records it (`Analysis::datelines`) so a brief shows the sentence without it.

use std::sync::LazyLock;

use regex::Regex;
use storyweave_model::{Sentence, TextSpan};

/// "WASHINGTON (Reuters) - ", "LONDON, Oct 16 (Reuters) - ", "(AP) — " (the place split off
/// as a sentence of its own), "Jerusalem (CNN)": a place and date at most, then a news agency.
/// What the pattern `^(?:([^()\n]{1,40}?)\s*)?\(([^()\n]{2,25})\)(\s*(?:—|–|--|-)\s*)?` matches,
/// read by hand: the regex engine's captures cost more than the rest of the dateline check (the
/// bounded repeats of a Unicode class make a large automaton).
struct AgencyDateline {
    /// The place (and date) before the bracket, blanks after it left out; none when the
    /// sentence opens with the bracket.
    place: Option<(usize, usize)>,
    /// The agency's name inside the brackets.
    agency: (usize, usize),
    /// A dash follows the closing bracket.
    dash: bool,
    /// The end of the dateline: after the bracket, or after the dash and the blanks around it.
    end: usize,
}

fn agency_dateline(text: &str) -> Option<AgencyDateline> {
    // The bracket opens at the first "(": the place holds none.
    let open = text.find('(')?;
    let place = if open == 0 {
        None
    } else {
        // The shortest place (one character at least) that only blanks separate from the bracket.
        let trimmed = text[..open].trim_end_matches(char::is_whitespace);
        let end =
            if trimmed.is_empty() { text.chars().next().map_or(0, char::len_utf8) } else { trimmed.len() };
        let place = &text[..end];
        if place.chars().count() > 40 || place.contains([')', '\n']) {
            return None;
        }
        Some((0, end))
    };
    let inner = open + 1;
    let close = inner + text[inner..].find(['(', ')', '\n'])?;
    if !text[close..].starts_with(')') || !(2..=25).contains(&text[inner..close].chars().count()) {
        return None;
    }
    let after = close + 1;
    let rest = &text[after..];
    let blanks = rest.len() - rest.trim_start_matches(char::is_whitespace).len();
    let dash = ["—", "–", "--", "-"].iter().find(|d| rest[blanks..].starts_with(**d));
    let end = match dash {
        Some(d) => {
            let tail = &rest[blanks + d.len()..];
            after + blanks + d.len() + (tail.len() - tail.trim_start_matches(char::is_whitespace).len())
        }
        None => after,
    };
    Some(AgencyDateline { place, agency: (inner, close), dash: dash.is_some(), end })
}
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
    if let Some(d) = bracket.then(|| agency_dateline(text)).flatten() {
        let capitalised = |w: &str| w.starts_with(|ch: char| ch.is_uppercase() || ch.is_ascii_digit());
        // A place, and a date, whose words are all capitalised or numbers.
        let place_ok = d.place.is_none_or(|(a, b)| {
            let words: Vec<&str> = text[a..b].split_whitespace().collect();
            words.len() <= 6 && words.iter().all(|w| capitalised(w))
        });
        // An agency's name, not a party label ("Ann Ruiz (D-Ohio) —") or a ticker's number.
        let agency = &text[d.agency.0..d.agency.1];
        let agency_ok = capitalised(agency)
            && agency.split_whitespace().count() <= 3
            && !agency.contains(['-', ','])
            && !agency.chars().any(|ch| ch.is_ascii_digit());
        if place_ok && agency_ok {
            // Without a dash the sentence runs straight on ("(CNN)Israeli Prime Minister ...").
            let glued = text[d.end..].starts_with(|ch: char| ch.is_uppercase() || matches!(ch, '“' | '"'));
            if d.dash || glued {
                return (d.end, Some(d.agency));
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

    #[test]
    fn the_agency_dateline_reads_as_its_pattern_does() {
        let re = Regex::new(r"^(?:([^()\n]{1,40}?)\s*)?\(([^()\n]{2,25})\)(\s*(?:—|–|--|-)\s*)?").unwrap();
        let long = format!("{} (AP) - x", "A".repeat(41));
        let cases = [
            "PORTVILLE (AP) — The ferry will run.",
            "OSLO, Oct 16 (Reuters) - The vote passed.",
            "(AP) -- Crews worked overnight.",
            "(AP)--Crews",
            "Bergen (CNN)The council met.",
            " (AP) - x",
            "\n (AP) - x",
            "  \u{a0}(AP) – x",
            "É\u{2003}(Agence) —\u{a0} x",
            "A) (AP) - x",
            "A\nB (AP) - x",
            "(A) x",
            "(AB) x",
            "(ABCDEFGHIJKLMNOPQRSTUVWXYZ) x",
            "(ABCDEFGHIJKLMNOPQRSTUVWXY) x",
            "(AB(C)) x",
            "(AB\nC) x",
            "(AB",
            "Kestrel (KST) Chief said.",
            "X (AP) -",
            "X (AP) - - y",
            "X (AP) ---y",
            long.as_str(),
            &long[1..],
            "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ (AP) - x",
            "ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ (AP) - x",
            "no brackets here",
        ];
        for text in cases {
            let want = re.captures(text).map(|c| {
                let span = |i: usize| c.get(i).map(|m| (m.start(), m.end()));
                (span(1), span(2).unwrap(), c.get(3).is_some(), c.get(0).unwrap().end())
            });
            let got = agency_dateline(text).map(|d| (d.place, d.agency, d.dash, d.end));
            assert_eq!(got, want, "{text:?}");
        }
    }
}
