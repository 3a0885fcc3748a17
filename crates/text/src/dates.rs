//! Calendar dates and times as news pages write them: ISO 8601, RFC 2822, "16 Oct 2025 23:43",
//! "October 16, 2025", "Oct. 16, 2025 9:12 AM", "2025/10/16". Offsets are applied (read as UTC).

use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;

/// The days of the week in lower case, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] =
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
/// The months in lower case, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const MONTHS: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const TIME: &str = r"(?:(?:,|\s+at|\s*[-–—|])?\s*(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ap>[ap]\.?m\.?))?)?";
const ZONE: &str = r"(?:\s*(?P<z>z|[+-]\d{2}:?\d{2}|utc|gmt)\b)?";

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})(?:[t\s]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?(?P<z>z|[+-]\d{2}:?\d{2})?)?").unwrap()
});
static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{MONTHS})\.?,?\s+(?P<y>\d{{4}})\b{TIME}{ZONE}"
    ))
    .unwrap()
});
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?P<mon>{MONTHS})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})\b{TIME}{ZONE}"
    ))
    .unwrap()
});

fn month_number(name: &str) -> Option<u32> {
    let l = name.to_ascii_lowercase();
    let m = match l.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

/// Month number (1-12) from an English month name or abbreviation.
pub fn month_from_name(name: &str) -> Option<u32> {
    month_number(name)
}

fn num<T: std::str::FromStr>(c: &regex::Captures, name: &str) -> Option<T> {
    c.name(name).and_then(|m| m.as_str().parse().ok())
}

fn build(c: &regex::Captures, month: u32) -> Option<NaiveDateTime> {
    let date = NaiveDate::from_ymd_opt(num(c, "y")?, month, num(c, "d")?)?;
    let mut time = NaiveTime::MIN;
    if let Some(mut h) = num::<u32>(c, "h") {
        if let Some(ap) = c.name("ap") {
            let pm = ap.as_str().to_ascii_lowercase().starts_with('p');
            if h == 12 {
                h = 0;
            }
            if pm {
                h += 12;
            }
        }
        time = NaiveTime::from_hms_opt(h, num(c, "mi").unwrap_or(0), num(c, "s").unwrap_or(0))?;
    }
    let mut dt = date.and_time(time);
    if let Some(z) = c.name("z") {
        dt -= offset(z.as_str())?;
    }
    Some(dt)
}

fn offset(z: &str) -> Option<Duration> {
    let z = z.to_ascii_lowercase();
    if matches!(z.as_str(), "z" | "utc" | "gmt") {
        return Some(Duration::zero());
    }
    let sign = if z.starts_with('-') { -1 } else { 1 };
    let digits: String = z.chars().filter(char::is_ascii_digit).collect();
    let h: i64 = digits.get(..2)?.parse().ok()?;
    let m: i64 = digits.get(2..4)?.parse().ok()?;
    Some(Duration::minutes(sign * (h * 60 + m)))
}

/// The first calendar date (with its time, when written) in `text`, and where it stands.
pub fn find_datetime(text: &str) -> Option<(Range<usize>, NaiveDateTime)> {
    let mut best: Option<(Range<usize>, NaiveDateTime)> = None;
    // Whether `dt` is a date (then the pattern's later matches, starting later, can be passed).
    let mut consider = |r: Range<usize>, dt: Option<NaiveDateTime>| {
        let Some(dt) = dt else { return false };
        if best.as_ref().is_none_or(|(b, _)| r.start < b.start) {
            best = Some((r, dt));
        }
        true
    };
    // Each pattern's matches come in order, so its first date is the only one that can be
    // first; and a pattern is not run on text that lacks what every match of it holds.
    // A date it reads has ASCII digits (they are parsed), the year's last before a separator.
    if text.as_bytes().windows(2).any(|w| w[0].is_ascii_digit() && matches!(w[1], b'-' | b'/')) {
        for c in ISO.captures_iter(text) {
            let m = c.get(0).unwrap();
            if consider(m.range(), num(&c, "m").and_then(|mo| build(&c, mo))) {
                break;
            }
        }
    }
    if may_name_month(text) {
        for re in [&*DMY, &*MDY] {
            for c in re.captures_iter(text) {
                let m = c.get(0).unwrap();
                let month = c.name("mon").and_then(|m| month_number(m.as_str()));
                if consider(m.range(), month.and_then(|mo| build(&c, mo))) {
                    break;
                }
            }
        }
    }
    best
}

/// Whether `text` may hold a month name as the patterns read them (case-insensitively): the first
/// three letters of one, in any case. Two letters outside ASCII match ASCII ones when case is
/// ignored ("ſ" is an "s", the Kelvin sign a "k"): text with them is always searched.
fn may_name_month(text: &str) -> bool {
    const STARTS: [&[u8; 3]; 12] =
        [b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov", b"dec"];
    // The first letters as a bit set settle most bytes at once (`| 0x20` lower-cases a letter
    // and makes no letter of anything else); twelve comparisons at every byte cost more than the
    // patterns' search.
    const FIRSTS: u32 = {
        let (mut set, mut i) = (0u32, 0);
        while i < STARTS.len() {
            set |= 1 << (STARTS[i][0] - b'a');
            i += 1;
        }
        set
    };
    text.as_bytes().windows(3).any(|w| {
        FIRSTS >> ((w[0] | 0x20).wrapping_sub(b'a') & 31) & 1 == 1
            && STARTS.iter().any(|m| w.eq_ignore_ascii_case(*m))
    }) || text.contains('\u{17f}')
        || text.contains('\u{212a}')
}

/// Parse a string that is a date (plus optional weekday, time and zone) and little else,
/// such as a metadata field or a command-line flag.
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let (range, dt) = find_datetime(t)?;
    // Whatever surrounds the date must be short (a weekday, "Published:", a zone name).
    let rest = t.len() - range.len();
    (rest <= 24).then_some(dt)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn parses_the_forms_pages_use() {
        assert_eq!(parse_datetime("2025-10-16"), Some(dt("2025-10-16 00:00")));
        assert_eq!(parse_datetime("2025-10-16T08:30:00Z"), Some(dt("2025-10-16 08:30")));
        assert_eq!(parse_datetime("2025-10-16T08:30:00+02:00"), Some(dt("2025-10-16 06:30")));
        assert_eq!(parse_datetime("16 Oct 2025 23:43"), Some(dt("2025-10-16 23:43")));
        assert_eq!(parse_datetime("October 16, 2025"), Some(dt("2025-10-16 00:00")));
        assert_eq!(parse_datetime("Oct. 16, 2025 9:12 PM"), Some(dt("2025-10-16 21:12")));
        assert_eq!(parse_datetime("Thu, 16 Oct 2025 23:43:00 +0000"), Some(dt("2025-10-16 23:43")));
        assert_eq!(parse_datetime("Published: 3 March 2026"), Some(dt("2026-03-03 00:00")));
    }

    #[test]
    fn rejects_non_dates() {
        assert_eq!(parse_datetime("yesterday"), None);
        assert_eq!(parse_datetime("2025-13-40"), None);
        assert_eq!(
            parse_datetime("In a long sentence that mentions October 16, 2025 in passing somewhere"),
            None
        );
    }

    #[test]
    fn month_names_are_spotted_in_any_case() {
        assert!(may_name_month("due in SEPT."));
        assert!(may_name_month("the oCtober vote"));
        assert!(!may_name_month("no such word here, 2025"));
        assert!(may_name_month("\u{17f}ept"));
    }

    #[test]
    fn finds_a_date_inside_a_line() {
        let line = "— The White House (@WhiteHouse) October 16, 2025";
        let (r, d) = find_datetime(line).unwrap();
        assert_eq!(d, dt("2025-10-16 00:00"));
        assert_eq!(&line[r], "October 16, 2025");
    }
}
