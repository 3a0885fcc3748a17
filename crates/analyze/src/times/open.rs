//! Dates the sources say are not set yet ("a date has yet to be determined", "no date has been
//! set", "they have not set a date"). Such an event belongs on a story's timeline as much as a
//! dated one, as "no date set" (`TimeKind::Unset`, with no value).

use std::sync::LazyLock;

use regex::Regex;

const DATE: &str = r"(?:a|the)\s+(?:firm\s+|specific\s+|exact\s+|final\s+|new\s+)?date(?:\s+(?:for|of)\s+(?:the\s+|a\s+)?\w+)?";
const NO_DATE: &str =
    r"no\s+(?:firm\s+|specific\s+|exact\s+|final\s+|new\s+)?date(?:\s+(?:for|of)\s+(?:the\s+|a\s+)?\w+)?";
const SETTLED: &str =
    r"(?:set|determined|decided|fixed|announced|agreed|confirmed|scheduled|finali[sz]ed|given)";

static OPEN: LazyLock<Regex> = LazyLock::new(|| {
    let pending = r"(?:(?:has|had|is|was)\s+)?(?:yet\s+to\s+be|still\s+to\s+be|to\s+be|not(?:\s+yet)?(?:\s+been)?|(?:has|had|was|is)n[’']t(?:\s+yet)?(?:\s+been)?)";
    let patterns = [
        format!(r"{DATE}\s+{pending}\s+{SETTLED}"),
        format!(r"{NO_DATE}\s+(?:(?:has|had|have)\s+(?:yet\s+)?been|was|is|were)\s+(?:yet\s+)?{SETTLED}"),
        r"(?:yet\s+to|did\s+not|didn[’']t|have\s+not|haven[’']t|has\s+not|hasn[’']t|had\s+not|not)\s+(?:yet\s+)?(?:set|give|given|announced?|fix(?:ed)?|named?)\s+a\s+date".to_string(),
    ];
    let alternatives: Vec<String> = patterns.iter().map(|p| format!("(?:{p})")).collect();
    Regex::new(&format!(r"(?i)\b(?:{})\b", alternatives.join("|"))).expect("valid pattern")
});

/// Byte ranges of the sentence's phrases saying a date is not set.
pub fn open_dates(text: &str) -> Vec<(usize, usize)> {
    // Every pattern holds the word "date": most sentences are passed over without the regex.
    if !text.as_bytes().windows(4).any(|w| w.eq_ignore_ascii_case(b"date")) {
        return Vec::new();
    }
    OPEN.find_iter(text).map(|m| (m.start(), m.end())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        open_dates(text).into_iter().map(|(a, b)| &text[a..b]).collect()
    }

    #[test]
    fn dates_not_yet_set_are_found_and_set_ones_are_not() {
        assert_eq!(
            found("They will meet in Riga, but a date has yet to be determined."),
            ["a date has yet to be determined"]
        );
        assert_eq!(found("No date has been set for the vote."), ["No date has been set"]);
        assert_eq!(found("No date has yet been set for the vote."), ["No date has yet been set"]);
        assert_eq!(
            found("A date for the hearing has not been announced."),
            ["A date for the hearing has not been announced"]
        );
        assert_eq!(found("The two sides have not yet set a date."), ["have not yet set a date"]);
        assert_eq!(found("The council hasn’t fixed a date."), ["hasn’t fixed a date"]);
        assert!(found("A date has been set for the vote.").is_empty());
        assert!(found("The date was set in March.").is_empty());
        assert!(found("They set a date for the wedding.").is_empty());
    }
}
