//! Numeric facts of one article: numbers in digits or words with their unit (money, percentages,
//! durations, distances, areas and volumes, speeds, weights, power, ages, counts of a noun), the
//! hedge in front of them ("nearly", "more than", "up to") and the noun they measure ("call" in
//! "a two-hour phone call", "people" in "14 people"). A range keeps both ends ("10-15 people",
//! "two to three hours", "between 40 and 80 percent").
//!
//! Years, dates, clock times, ordinals and numbers inside names ("Boeing 737", "F-16", "the 737
//! Max jet", "iPhone 11 Pro") are not figures. A bare number with no unit and no noun is skipped:
//! it says too little to compare.

use std::sync::LazyLock;

use regex::Regex;
use storyweave_model::{Figure, Sentence};

use crate::lexicon as lx;
use crate::token::{tokens, Token};

/// The figures of an article's sentences, in reading order.
pub fn find_figures(sentences: &[Sentence]) -> Vec<Figure> {
    sentences.iter().enumerate().flat_map(|(si, s)| sentence_figures(si, &s.text)).collect()
}

const NW: &str = "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|\
fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen|\
hundred|thousand|million|billion";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

static DIGITS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?P<cur>US\$|A\$|C\$|HK\$|\$|€|£|¥|₹)?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
});
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?i)(?-u:\b)(?:(?P<a>an?)\s+)?(?P<w>(?:{NW})(?:(?:\s+and)?[\s-]+(?:{NW}))*)(?-u:\b)"))
});
static AGED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?-u:\b)(?:aged|age)\s+(?P<n>\d{1,3})(?-u:\b)"));
/// The high end of a range in digits: "10-15", "$40-$50", "60–90", "1−2" (a minus sign).
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"^[-–−](?:US\$|\$|€|£)?(?P<hi>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:[^\d.,]|[.,]\D|[.,]?$)")
});
static MAGNITUDE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s?(?P<m>million|billion|trillion|thousand|bn|mn|tn)(?-u:\b)"));
static ATTACHED_MAG: LazyLock<Regex> = LazyLock::new(|| re(r"^(?P<m>[mkb])(?-u:\b)"));
static PERCENT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s?(?:(?P<pp>percentage points?)|%|percent(?-u:\b)|per cent(?-u:\b))"));
static MONEY_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s+(?P<u>dollars?|euros?|pounds sterling|yen|yuan|rupees?|roubles?|rubles?|hryvnias?|shekels?)(?-u:\b)",
    )
});
static HYPHEN_UNIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"^-(?P<u>[A-Za-z]+)(?:-(?P<u2>old|long|strong|wide|high|deep|tall))?(?-u:\b)"));
static SPACE_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s+(?P<u>(?:square|sq\.?|cubic)\s+(?:miles?|kilometres?|kilometers?|km|metres?|meters?|feet|foot|ft|yards?|inches|inch)|acres?|hectares?|[kmgt]wh|[kmg]w|kilowatts?|megawatts?|gigawatts?|miles per hour|kilometres per hour|kilometers per hour|km/h|kph|mph|knots|nautical miles?|miles?|kilometres?|kilometers?|km|metres?|meters?|feet|foot|ft|yards?|inches|inch|pounds?|lbs?|kilograms?|kilos?|kg|tonnes?|tons?|grams?|ounces?|oz|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?|decades?|centuries|century|degrees?)(?-u:\b)",
    )
});
static ATTACHED_UNIT: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?P<u>km/h|kph|mph|km|kg|mi|ft|lbs?|m|t|g|h|hrs?|min|s)(?-u:\b)"));
static DEGREES: LazyLock<Regex> = LazyLock::new(|| re(r"^\s?°\s?(?P<u>[CF])(?-u:\b)"));
static YEARS_OLD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s+old(?-u:\b)"));
static CLOCK_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:\s?(?:[ap]\.m(?-u:\b)|[ap]m(?-u:\b)|gmt(?-u:\b)|utc(?-u:\b)|o['’]clock(?-u:\b))|[:.]\d\d(?-u:\b)|h\d\d(?-u:\b))",
    )
});
static ORDINAL_AFTER: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:st|nd|rd|th|s)(?-u:\b)|^['’]s(?-u:\b)"));
static ISO_DATE_HERE: LazyLock<Regex> = LazyLock::new(|| re(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}"));

/// Normalised unit of a unit word.
fn unit_of(word: &str) -> Option<&'static str> {
    let w = word.to_lowercase();
    let u = match w.as_str() {
        "miles per hour" | "mph" => "mph",
        "kilometres per hour" | "kilometers per hour" | "km/h" | "kph" => "km/h",
        "knots" => "kn",
        "nautical mile" | "nautical miles" => "nmi",
        "mile" | "miles" | "mi" => "mi",
        "kilometre" | "kilometres" | "kilometer" | "kilometers" | "km" => "km",
        "metre" | "metres" | "meter" | "meters" | "m" => "m",
        "feet" | "foot" | "ft" => "ft",
        "yard" | "yards" => "yd",
        "inch" | "inches" => "in",
        "pound" | "pounds" | "lb" | "lbs" => "lb",
        "kilogram" | "kilograms" | "kilo" | "kilos" | "kg" => "kg",
        "tonne" | "tonnes" | "ton" | "tons" | "t" => "t",
        "gram" | "grams" | "g" => "g",
        "ounce" | "ounces" | "oz" => "oz",
        "second" | "seconds" | "s" => "s",
        "minute" | "minutes" | "min" | "mins" => "min",
        "hour" | "hours" | "hr" | "hrs" | "h" => "h",
        "day" | "days" => "day",
        "week" | "weeks" => "week",
        "month" | "months" => "month",
        "year" | "years" | "yr" | "yrs" => "year",
        "decade" | "decades" => "decade",
        "century" | "centuries" => "century",
        "degree" | "degrees" => "deg",
        "acre" | "acres" => "acre",
        "kw" | "kilowatt" | "kilowatts" => "kW",
        "mw" | "megawatt" | "megawatts" => "MW",
        "gw" | "gigawatt" | "gigawatts" => "GW",
        "kwh" => "kWh",
        "mwh" => "MWh",
        "gwh" => "GWh",
        "twh" => "TWh",
        "hectare" | "hectares" => "ha",
        _ => return area_or_volume(&w),
    };
    Some(u)
}

/// "square miles", "sq. ft", "cubic metres".
fn area_or_volume(w: &str) -> Option<&'static str> {
    let (power, rest) = if let Some(r) = w.strip_prefix("cubic") {
        (3, r)
    } else if let Some(r) = w.strip_prefix("square") {
        (2, r)
    } else {
        (2, w.strip_prefix("sq")?.trim_start_matches('.'))
    };
    Some(match (power, unit_of(rest.trim_start())?) {
        (2, "mi") => "sq mi",
        (2, "km") => "km²",
        (2, "m") => "m²",
        (2, "ft") => "sq ft",
        (2, "yd") => "sq yd",
        (2, "in") => "sq in",
        (3, "km") => "km³",
        (3, "m") => "m³",
        (3, "ft") => "cu ft",
        (3, "yd") => "cu yd",
        (3, "in") => "cu in",
        _ => return None,
    })
}

fn currency_of(sym: &str) -> &'static str {
    match sym {
        "€" => "eur",
        "£" => "gbp",
        "¥" => "jpy",
        "₹" => "inr",
        "A$" => "aud",
        "C$" => "cad",
        "HK$" => "hkd",
        _ => "usd",
    }
}

fn money_word(w: &str) -> &'static str {
    let w = w.to_lowercase();
    match w.trim_end_matches('s') {
        "euro" => "eur",
        "pounds sterling" | "pound sterling" => "gbp",
        "yen" => "jpy",
        "yuan" => "cny",
        "rupee" => "inr",
        "rouble" | "ruble" => "rub",
        "hryvnia" => "uah",
        "shekel" => "ils",
        _ => "usd",
    }
}

/// Hedges, longest first so that "more than" wins over "than".
const HEDGES: &[&str] = &[
    "as many as",
    "as much as",
    "an estimated",
    "more than",
    "less than",
    "fewer than",
    "at least",
    "at most",
    "up to",
    "close to",
    "just over",
    "just under",
    "upwards of",
    "nearly",
    "almost",
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "over",
    "under",
    "estimated",
    "circa",
    "only",
];

/// Plural nouns without an "s".
fn irregular_plural(w: &str) -> bool {
    matches!(
        w,
        "people"
            | "children"
            | "men"
            | "women"
            | "police"
            | "personnel"
            | "staff"
            | "cattle"
            | "feet"
            | "teeth"
            | "mice"
            | "geese"
            | "sheep"
            | "fish"
            | "aircraft"
            | "crew"
    )
}

fn plural_like(w: &str) -> bool {
    irregular_plural(w)
        || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is"))
}

/// What the number measures and its unit, found after the number.
#[derive(Debug, Clone, PartialEq)]
struct Reading {
    unit: String,
    measures: Option<String>,
    end: usize,
}

/// A number found in the text, before its unit is read.
#[derive(Debug, Clone, Copy)]
struct Number {
    start: usize,
    end: usize,
    value: f64,
    currency: Option<&'static str>,
    digits: bool,
    plain: bool,
}

fn sentence_figures(si: usize, text: &str) -> Vec<Figure> {
    let mut numbers: Vec<Number> = Vec::new();
    // A number in digits is read only when they are ASCII (`parse`): none, nothing to search.
    let digits = text.bytes().any(|b| b.is_ascii_digit());
    for c in digits.then(|| DIGITS.captures_iter(text)).into_iter().flatten() {
        let (Some(all), Some(num)) = (c.get(0), c.name("num")) else { continue };
        let raw = num.as_str();
        let Ok(value) = raw.replace(',', "").parse::<f64>() else { continue };
        let currency = c.name("cur").map(|m| currency_of(m.as_str()));
        let start = if currency.is_some() { all.start() } else { num.start() };
        numbers.push(Number {
            start,
            end: num.end(),
            value,
            currency,
            digits: true,
            plain: !raw.contains([',', '.']),
        });
    }
    for c in WORDS.captures_iter(text) {
        let Some(w) = c.name("w") else { continue };
        let words = w.as_str().trim_end_matches(" and").trim_end();
        // "two and three": two numbers the pattern took in as one.
        let pieces = match lx::parse_number_words(words).is_none().then(|| words.find(" and ")).flatten() {
            Some(i) => vec![(w.start(), &words[..i]), (w.start() + i + 5, &words[i + 5..])],
            None => vec![(w.start(), words)],
        };
        for (k, (at, words)) in pieces.into_iter().enumerate() {
            // Only the first piece may take the article before the match.
            let a = c.name("a").filter(|_| k == 0);
            if let Some(n) = words_number(text, a, at, words) {
                numbers.push(n);
            }
        }
    }
    for c in digits.then(|| AGED.captures_iter(text)).into_iter().flatten() {
        let (Some(all), Some(n)) = (c.get(0), c.name("n")) else { continue };
        let Ok(value) = n.as_str().parse::<f64>() else { continue };
        numbers.push(Number {
            start: all.start(),
            end: all.end(),
            value,
            currency: None,
            digits: true,
            plain: false,
        });
    }
    numbers.sort_by_key(|n| (n.start, std::cmp::Reverse(n.end)));
    // Most sentences hold no number: tokenise only those that do.
    if numbers.is_empty() {
        return Vec::new();
    }
    let toks = tokens(text);

    let mut out: Vec<Figure> = Vec::new();
    let mut last_end = 0;
    for (i, n) in numbers.iter().enumerate() {
        if n.start < last_end {
            continue;
        }
        let next = numbers[i + 1..].iter().find(|m| m.start >= n.end);
        let found = next
            .and_then(|hi| read_range(si, text, &toks, n, hi))
            .or_else(|| read_figure(si, text, &toks, n));
        let Some((fig, end)) = found else { continue };
        last_end = end;
        out.push(fig);
    }
    out
}

/// A number written in words, `words` at `at` in `text`, with the article before it (`a`).
fn words_number(text: &str, a: Option<regex::Match>, at: usize, words: &str) -> Option<Number> {
    let lower = words.to_lowercase();
    let first = lower.split([' ', '-']).next().unwrap_or("");
    let needs_a = matches!(first, "dozen" | "hundred" | "thousand" | "million" | "billion");
    let (start, phrase) = match a {
        Some(a) if needs_a => (a.start(), format!("a {lower}")),
        _ if needs_a => return None,
        _ => (at, lower),
    };
    let value = lx::parse_number_words(&phrase)?;
    // "Air Force One": a capitalised number word inside a name.
    let capital = words.starts_with(char::is_uppercase);
    let at_start = text[..start].trim().trim_start_matches(['“', '"', '‘', '\'', '(']).is_empty();
    if capital && !at_start {
        return None;
    }
    Some(Number { start, end: at + words.len(), value, currency: None, digits: false, plain: false })
}

/// A range written with words between its ends, `lo` and `hi`: "two to three hours", "5 or 6
/// soldiers", "between 40 and 80 percent", "$5 million to $10 million"; the high end's unit and
/// magnitude are the low end's too ("40 to 50 billion"). "From 40 to 80 percent" is a change,
/// not a range, and "52 to 48" a tally: both are left to the numbers alone.
fn read_range(si: usize, text: &str, toks: &[Token], lo: &Number, hi: &Number) -> Option<(Figure, usize)> {
    // Most numbers side by side are no range: look for a connector before reading anything.
    let between_ends = text.get(lo.end..hi.start)?;
    if between_ends.len() > 16 || ![" to ", " or ", " and "].iter().any(|c| between_ends.ends_with(c)) {
        return None;
    }
    let mut low = lo.value;
    let mut gap_start = lo.end;
    if let Some(m) = MAGNITUDE.captures(text.get(lo.end..)?).and_then(|c| c.get(0).zip(c.name("m"))) {
        low *= lx::scale_word(&m.1.as_str().to_lowercase()).unwrap_or(1.0);
        gap_start += m.0.end();
    }
    let own_magnitude = gap_start > lo.end;
    let (hedge_start, hedge) = hedge_before(text, lo.start);
    let head = text.get(..hedge_start)?.trim_end();
    let prev = word_before(text, head.len());
    let between = prev.as_deref() == Some("between") && hedge.is_none();
    match text.get(gap_start..hi.start)? {
        " to " if prev.as_deref() != Some("from") => {}
        " or " => {}
        " and " if between => {}
        _ => return None,
    }
    if lo.currency.is_some() && hi.currency.is_some() && lo.currency != hi.currency {
        return None;
    }
    let high = Number { currency: hi.currency.or(lo.currency), ..*hi };
    let (fig, end) = read_figure(si, text, toks, &high)?;
    if !own_magnitude && lo.value < hi.value && hi.value != 0.0 {
        low = lo.value * (fig.value / hi.value);
    }
    if fig.upper.is_some() || fig.hedge.is_some() || low >= fig.value {
        return None;
    }
    let start = if between { head.len() - "between".len() } else { hedge_start };
    let fig_text = text.get(start..end)?.trim().to_string();
    Some((Figure { text: fig_text, value: low, upper: Some(fig.value), hedge, ..fig }, end))
}

fn read_figure(si: usize, text: &str, toks: &[Token], n: &Number) -> Option<(Figure, usize)> {
    let before = &text[..n.start];
    let prev_char = before.chars().next_back();
    let rest = &text[n.end..];
    let is_age_phrase = text[n.start..n.end].to_lowercase().starts_with("age");
    if n.digits && !is_age_phrase {
        // Inside a word, a code, a URL or a date.
        if prev_char.is_some_and(|c| {
            c.is_alphanumeric() || matches!(c, '.' | '/' | '@' | '#' | ':' | '_' | '+' | '=')
        }) {
            return None;
        }
        if prev_char == Some('-') && before.chars().rev().nth(1).is_some_and(|c| c.is_alphanumeric()) {
            return None;
        }
        if rest.starts_with(|c: char| c.is_alphabetic())
            && !ATTACHED_UNIT.is_match(rest)
            && !ATTACHED_MAG.is_match(rest)
            && !MAGNITUDE.is_match(rest)
        {
            return None;
        }
        if CLOCK_AFTER.is_match(rest) || ORDINAL_AFTER.is_match(rest) || rest.starts_with(['/', ':']) {
            return None;
        }
        if ISO_DATE_HERE.is_match(&text[n.start..]) {
            return None;
        }
    }
    // Next to a month name: part of a date.
    let prev_word = word_before(text, n.start);
    let next_word = word_after(text, n.end);
    if prev_word.as_deref().is_some_and(|w| lx::month(w.trim_end_matches('.')).is_some() && w.len() >= 3)
        || next_word.as_deref().is_some_and(|w| lx::month(w).is_some() && w.len() >= 3 && w != "may")
    {
        return None;
    }
    // After a capitalised word in mid-sentence: a name ("Boeing 737", "Article 5").
    let prev_tok = toks.iter().rev().find(|t| t.full_end <= n.start);
    let name_before = prev_tok.is_some_and(|t| {
        let gap = text.get(t.full_end..n.start).unwrap_or("");
        let initial = toks.first().is_some_and(|f| f.start == t.start);
        t.is_capitalised()
            && gap.chars().all(char::is_whitespace)
            && !initial
            && !HEDGES.contains(&t.folded().as_str())
            && t.text != "US"
    });

    let mut value = n.value;
    let mut end = n.end;
    let mut currency = n.currency;
    let mut r = rest;
    // "10-15 people", "$40-50 billion": the unit and magnitude after the high end are both ends'.
    let mut upper = None;
    if n.digits {
        if let Some(hi) = RANGE.captures(r).and_then(|c| c.name("hi")) {
            upper = hi.as_str().replace(',', "").parse::<f64>().ok();
            end += hi.end();
            r = &text[end..];
        }
    }
    if let Some(c) = MAGNITUDE.captures(r) {
        let scale = lx::scale_word(&c["m"].to_lowercase()).unwrap_or(1.0);
        value *= scale;
        upper = upper.map(|u| u * scale);
        end += c.get(0).map_or(0, |m| m.end());
        r = &text[end..];
    } else if n.digits {
        if let Some(c) = ATTACHED_MAG.captures(r) {
            let m = &c["m"];
            let after = word_after(text, end + m.len());
            let counted = after.as_deref().is_some_and(plural_like);
            if currency.is_some() || counted || m != "m" {
                let scale = match m {
                    "k" => 1e3,
                    "b" => 1e9,
                    _ => 1e6,
                };
                value *= scale;
                upper = upper.map(|u| u * scale);
                end += m.len();
                r = &text[end..];
            }
        }
    }

    let reading: Option<Reading> = if let Some(c) = PERCENT.captures(r) {
        let unit = if c.name("pp").is_some() { "pp" } else { "%" };
        let e = end + c.get(0).map_or(0, |m| m.end());
        Some(Reading { unit: unit.into(), measures: None, end: e })
    } else if currency.is_some() {
        Some(Reading { unit: currency.unwrap_or("usd").into(), measures: None, end })
    } else if let Some(c) = MONEY_WORD.captures(r) {
        currency = Some(money_word(&c["u"]));
        let e = end + c.get(0).map_or(0, |m| m.end());
        Some(Reading { unit: currency.unwrap_or("usd").into(), measures: None, end: e })
    } else if let Some(c) = DEGREES.captures(r) {
        let e = end + c.get(0).map_or(0, |m| m.end());
        Some(Reading { unit: format!("°{}", &c["u"]), measures: None, end: e })
    } else if let Some(c) = HYPHEN_UNIT.captures(r) {
        let e = end + c.get(0).map_or(0, |m| m.end());
        let u = c["u"].to_lowercase();
        let old = c.name("u2").is_some_and(|m| m.as_str().eq_ignore_ascii_case("old"));
        match unit_of(&u) {
            Some(unit) if old => Some(Reading { unit: unit.into(), measures: Some("age".into()), end: e }),
            Some(unit) => Some(Reading { unit: unit.into(), measures: np_after(text, toks, e), end: e }),
            None if u.chars().all(|ch| ch.is_ascii_lowercase()) && !storyweave_text::is_stopword(&u) => {
                Some(Reading { unit: "count".into(), measures: Some(u), end: e })
            }
            None => None,
        }
    } else if let Some(c) =
        SPACE_UNIT.captures(r).or_else(|| if n.digits { ATTACHED_UNIT.captures(r) } else { None })
    {
        let e = end + c.get(0).map_or(0, |m| m.end());
        let unit = unit_of(&c["u"])?;
        if let Some(m) = YEARS_OLD.find(&text[e..]) {
            Some(Reading { unit: unit.into(), measures: Some("age".into()), end: e + m.end() })
        } else {
            Some(Reading { unit: unit.into(), measures: None, end: e })
        }
    } else {
        None
    };

    let reading = match reading {
        Some(r) => r,
        None if is_age_phrase || appositive_age(text, toks, n) => {
            Reading { unit: "year".into(), measures: Some("age".into()), end }
        }
        None => {
            // A count of a noun: "14 people", "13 elite troops", "two of the missiles".
            if name_before || (!n.digits && value <= 1.0) {
                return None;
            }
            if n.digits && n.plain && (1800.0..=2100.0).contains(&value) {
                let prev = prev_word.as_deref().unwrap_or("");
                let year_prep = matches!(
                    prev,
                    "in" | "since"
                        | "by"
                        | "until"
                        | "from"
                        | "before"
                        | "after"
                        | "during"
                        | "of"
                        | "the"
                        | "through"
                        | "early"
                        | "late"
                        | "mid"
                );
                let counted = next_word.as_deref().is_some_and(plural_like);
                if year_prep || !counted {
                    return None;
                }
            }
            let (head, head_end) = count_noun(text, toks, n.start, end)?;
            Reading { unit: "count".into(), measures: Some(head), end: head_end }
        }
    };
    if reading.unit != "count" && name_before && currency.is_none() {
        return None;
    }
    let measures = reading.measures.clone().or_else(|| of_noun(text, toks, reading.end)).or_else(|| {
        // "speeds of up to 550 mph": the noun before "of".
        let (hs, _) = hedge_before(text, n.start);
        let b = text[..hs].trim_end();
        let b = b.strip_suffix(" of")?;
        let w = word_before(text, b.len())?;
        (!storyweave_text::is_stopword(&w) && w.chars().all(char::is_alphabetic)).then_some(w)
    });
    let (hedge_start, hedge) = hedge_before(text, n.start);
    let fig_text = text.get(hedge_start..reading.end)?.trim().to_string();
    // A high end below the low one is no range: a score or a tally ("won 24-21").
    let upper = upper.filter(|&u| u > value);
    Some((
        Figure { sentence: si, text: fig_text, value, upper, unit: reading.unit, hedge, measures },
        reading.end,
    ))
}

/// "Varga, 52, has led": a small number set off by commas straight after a name.
fn appositive_age(text: &str, toks: &[Token], n: &Number) -> bool {
    if !n.digits || !n.plain || !(1.0..=120.0).contains(&n.value) || !text[n.end..].starts_with(',') {
        return false;
    }
    let Some(before) = text[..n.start].trim_end().strip_suffix(',') else { return false };
    let before = before.trim_end();
    toks.iter().rev().find(|t| t.full_end <= before.len()).is_some_and(|t| {
        t.full_end == before.len() && t.is_capitalised() && !t.text.chars().all(|c| c.is_uppercase())
    })
}

/// The hedge right before `start`, and where it begins.
fn hedge_before(text: &str, start: usize) -> (usize, Option<String>) {
    let Some(before) = text.get(..start) else { return (start, None) };
    let trimmed = before.trim_end();
    for h in HEDGES {
        // Compare the tail as written (hedges are ASCII), so offsets stay in `text`.
        let Some(at) = trimmed.len().checked_sub(h.len()) else { continue };
        let (Some(head), Some(tail)) = (trimmed.get(..at), trimmed.get(at..)) else { continue };
        if tail.eq_ignore_ascii_case(h) && head.chars().next_back().is_none_or(|c| !c.is_alphanumeric()) {
            return (at, Some((*h).to_string()));
        }
    }
    (start, None)
}

fn word_before(text: &str, at: usize) -> Option<String> {
    let before = text.get(..at)?.trim_end();
    let rev: String =
        before.chars().rev().take_while(|c| c.is_alphanumeric() || matches!(c, '.' | '-')).collect();
    let w: String = rev.chars().rev().collect();
    (!w.is_empty()).then(|| w.to_lowercase())
}

fn word_after(text: &str, at: usize) -> Option<String> {
    let after = text.get(at..)?.trim_start();
    let w: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '-').collect();
    (!w.is_empty()).then(|| w.to_lowercase())
}

/// Nouns right after `pos`: adjacent lower-case (or capitalised) words, no punctuation between.
fn np_words<'t>(text: &str, toks: &'t [Token<'t>], pos: usize) -> Vec<&'t Token<'t>> {
    let mut out: Vec<&Token> = Vec::new();
    let mut prev_end = pos;
    for t in toks.iter().filter(|t| t.start >= pos) {
        let gap = text.get(prev_end..t.start).unwrap_or("x");
        if !gap.chars().all(char::is_whitespace) || (gap.is_empty() && !out.is_empty()) || out.len() >= 3 {
            break;
        }
        let w = t.folded();
        let verbish = !out.is_empty() && (w.ends_with("ed") || w.ends_with("ing"));
        if storyweave_text::is_stopword(&w)
            || !w.chars().all(|c| c.is_alphabetic() || c == '-')
            || lx::weekday(&w).is_some()
            || lx::month(&w).is_some()
            || lx::number_word(&w).is_some()
            || verbish
        {
            break;
        }
        out.push(t);
        if t.possessive || plural_like(&w) {
            break;
        }
        prev_end = t.full_end;
    }
    out
}

/// The noun a hyphenated figure modifies: the last noun of the phrase after it ("phone call").
fn np_after(text: &str, toks: &[Token], pos: usize) -> Option<String> {
    np_words(text, toks, pos).last().map(|t| t.folded())
}

/// The counted noun after a number (`start..pos`): the first plural noun of the phrase, or its
/// first noun. A pronoun counts the plural noun it stands for, the last one before the number
/// ("Dockworkers walked out, about 6,000 of them"; "its 5,300 staff, of whom some 4,200").
fn count_noun(text: &str, toks: &[Token], start: usize, pos: usize) -> Option<(String, usize)> {
    let (hedge_start, _) = hedge_before(text, start);
    if storyweave_text::lowercase(text.get(..hedge_start)?.trim_end()).ends_with("of whom") {
        return Some((antecedent(toks, start)?, pos));
    }
    let words = np_words(text, toks, pos);
    if let Some(t) = words.iter().find(|t| plural_like(&t.folded())).or(words.first()) {
        // "the 737 Max jet", "16 Erik Jones" (a table's row): a name, not a counted noun; a
        // capitalised plural still counts ("two Democrats", "600,000 Israelis").
        // Capitalised, "-is" is a demonym's plural ("Israelis"), not a "crisis".
        let w = t.folded();
        if t.is_capitalised() && !plural_like(&w) && !(w.len() > 3 && w.ends_with("is")) {
            return None;
        }
        if t.start == toks.iter().find(|x| x.start >= pos).map_or(usize::MAX, |x| x.start)
            && t.folded() == "of"
        {
            return None;
        }
        return Some((t.folded(), t.end));
    }
    let after = text.get(pos..)?.trim_start();
    let skip = text.len() - after.len();
    let lower = storyweave_text::lowercase(after);
    let rest = lower.strip_prefix("of ")?;
    if let Some(pronoun) = ["them", "those", "these"]
        .into_iter()
        .find(|p| rest.strip_prefix(p).is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric())))
    {
        return Some((antecedent(toks, start)?, skip + 3 + pronoun.len()));
    }
    // "two of the missiles"
    let mut p = skip + 3;
    for det in ["the ", "these ", "those ", "his ", "her ", "their ", "its ", "our "] {
        if rest.starts_with(det) {
            p += det.len();
            break;
        }
    }
    let words = np_words(text, toks, p);
    let t = words.iter().find(|t| plural_like(&t.folded())).or(words.first())?;
    Some((t.folded(), t.end))
}

/// The last plural noun before byte `start`: what "them" or "whom" stands for.
fn antecedent(toks: &[Token], start: usize) -> Option<String> {
    toks.iter().rev().filter(|t| t.end <= start).map(|t| t.folded()).find(|w| {
        plural_like(w)
            && w.chars().all(char::is_alphabetic)
            && !storyweave_text::is_stopword(w)
            && lx::number_word(w).is_none()
            && lx::weekday(w).is_none()
            && unit_of(w).is_none()
    })
}

/// "400 pounds of TNT", "2.5 hours of talks": the noun after "of".
fn of_noun(text: &str, toks: &[Token], pos: usize) -> Option<String> {
    let after = text.get(pos..)?;
    let trimmed = after.trim_start();
    let rest = trimmed.strip_prefix("of ").or_else(|| trimmed.strip_prefix("in "))?;
    let p = pos + (after.len() - rest.len());
    np_words(text, toks, p).last().map(|t| if t.is_capitalised() { t.text.to_string() } else { t.folded() })
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (String, f64, String, Option<String>, Option<String>);

    fn figs(text: &str) -> Vec<Row> {
        sentence_figures(0, text)
            .into_iter()
            .map(|f| (f.text, f.value, f.unit, f.hedge, f.measures))
            .collect()
    }

    fn f(text: &str, value: f64, unit: &str, hedge: Option<&str>, measures: Option<&str>) -> Row {
        (text.to_string(), value, unit.to_string(), hedge.map(str::to_string), measures.map(str::to_string))
    }

    #[test]
    fn durations_and_counts() {
        assert_eq!(
            figs("After a nearly 2.5-hour phone call, 14 people and two senior envoys left."),
            vec![
                f("nearly 2.5-hour", 2.5, "h", Some("nearly"), Some("call")),
                f("14 people", 14.0, "count", None, Some("people")),
                f("two senior envoys", 2.0, "count", None, Some("envoys")),
            ]
        );
        assert_eq!(figs("The two-hour meeting ended."), vec![f("two-hour", 2.0, "h", None, Some("meeting"))]);
        assert_eq!(figs("Trains ran at 90 km/h."), vec![f("90 km/h", 90.0, "km/h", None, None)]);
    }

    #[test]
    fn a_pronoun_counts_the_noun_it_stands_for() {
        assert_eq!(
            figs("Porters walked out on Monday, about 900 of them by the guild's count."),
            vec![f("about 900 of them", 900.0, "count", Some("about"), Some("porters"))]
        );
        assert_eq!(
            figs("It employs 700 pilots, of whom some 450 stayed home."),
            vec![
                f("700 pilots", 700.0, "count", None, Some("pilots")),
                f("some 450", 450.0, "count", Some("some"), Some("pilots")),
            ]
        );
    }

    #[test]
    fn money_and_percentages() {
        assert_eq!(
            figs("The fund got $1.5 billion in aid, €20m more than 1,000 dollars, up 12%."),
            vec![
                f("$1.5 billion", 1.5e9, "usd", None, Some("aid")),
                f("€20m", 2e7, "eur", None, None),
                f("more than 1,000 dollars", 1000.0, "usd", Some("more than"), None),
                f("12%", 12.0, "%", None, None),
            ]
        );
    }

    #[test]
    fn distances_speeds_weights_ages() {
        assert_eq!(
            figs(
                "The drones fly over 1,000 miles at speeds of up to 550 mph with about 400 pounds of cargo."
            ),
            vec![
                f("over 1,000 miles", 1000.0, "mi", Some("over"), None),
                f("up to 550 mph", 550.0, "mph", Some("up to"), Some("speeds")),
                f("about 400 pounds", 400.0, "lb", Some("about"), Some("cargo")),
            ]
        );
        assert_eq!(
            figs("A 45-year-old pilot, aged 45, flew a 550-mile route."),
            vec![
                f("45-year-old", 45.0, "year", None, Some("age")),
                f("aged 45", 45.0, "year", None, Some("age")),
                f("550-mile", 550.0, "mi", None, Some("route")),
            ]
        );
    }

    #[test]
    fn magnitudes_dozens_and_appositive_ages() {
        assert_eq!(
            figs("Lund, 52, said it costs about €1.2bn and a dozen buses."),
            vec![
                f("52", 52.0, "year", None, Some("age")),
                f("about €1.2bn", 1.2e9, "eur", Some("about"), None),
                f("a dozen buses", 12.0, "count", None, Some("buses")),
            ]
        );
    }

    #[test]
    fn years_dates_times_ordinals_and_names_are_not_figures() {
        assert!(figs("In 1991 the 2024 re-election bid began on October 16, 2025 at 9 a.m.").is_empty());
        assert!(figs("The war is in its fourth year; a Boeing 737 and an F-16 flew in the 1970s.").is_empty());
        assert!(figs("See pic.twitter.com/ab9cd and 2025-10-16 and 10:30 and the 3rd day.").is_empty());
        assert!(figs("One of them said one thing.").is_empty());
    }

    /// (text, low, high, unit, hedge, measures) of a figure.
    type Ranged = (String, f64, Option<f64>, String, Option<String>, Option<String>);

    fn ranges(text: &str) -> Vec<Ranged> {
        sentence_figures(0, text)
            .into_iter()
            .map(|f| (f.text, f.value, f.upper, f.unit, f.hedge, f.measures))
            .collect()
    }

    #[test]
    fn ranges_keep_both_ends() {
        let r = |text: &str, lo: f64, hi: f64, unit: &str, hedge: Option<&str>, measures: Option<&str>| {
            (text.into(), lo, Some(hi), unit.into(), hedge.map(str::to_string), measures.map(str::to_string))
        };
        assert_eq!(
            ranges("About 10-15 people were hurt and two to three hours passed."),
            vec![
                r("About 10-15 people", 10.0, 15.0, "count", Some("about"), Some("people")),
                r("two to three hours", 2.0, 3.0, "h", None, None),
            ]
        );
        assert_eq!(
            ranges("Cars cause 40 to 80 percent of smog; the deal is worth $40-50 billion."),
            vec![
                r("40 to 80 percent", 40.0, 80.0, "%", None, Some("smog")),
                r("$40-50 billion", 4e10, 5e10, "usd", None, None),
            ]
        );
        assert_eq!(
            ranges("Between 300 and 400 people marched; 5 or 6 soldiers and between two and three guards."),
            vec![
                r("Between 300 and 400 people", 300.0, 400.0, "count", None, Some("people")),
                r("5 or 6 soldiers", 5.0, 6.0, "count", None, Some("soldiers")),
                r("between two and three guards", 2.0, 3.0, "count", None, Some("guards")),
            ]
        );
        assert_eq!(
            ranges(
                "It cost $5 million to $10 million, or $900,000 to $1.2 million; eat 60–90 minutes before."
            ),
            vec![
                r("$5 million to $10 million", 5e6, 1e7, "usd", None, None),
                r("$900,000 to $1.2 million", 9e5, 1.2e6, "usd", None, None),
                r("60–90 minutes", 60.0, 90.0, "min", None, None),
            ]
        );
        // A change, a tally and a score are not ranges.
        assert_eq!(
            ranges("Prices rose from 40 to 80 percent. The vote was 52 to 48 percent."),
            vec![
                ("80 percent".into(), 80.0, None, "%".into(), None, None),
                ("48 percent".into(), 48.0, None, "%".into(), None, None),
            ]
        );
        assert_eq!(ranges("They won 24-21 in 3 overtimes.")[0].2, None);
    }

    #[test]
    fn areas_volumes_and_names_with_numbers() {
        assert_eq!(
            figs("The fire burned 300 square miles and 5,000 acres; the trunk holds 20.7 cubic feet."),
            vec![
                f("300 square miles", 300.0, "sq mi", None, None),
                f("5,000 acres", 5000.0, "acre", None, None),
                f("20.7 cubic feet", 20.7, "cu ft", None, None),
            ]
        );
        // A number before a name is no count of it; a capitalised plural still is.
        assert!(figs("It bid for the embattled 737 Max jet. 18 Dale Varga 835").is_empty());
        assert_eq!(
            figs("Two Democrats voted no."),
            vec![f("Two Democrats", 2.0, "count", None, Some("democrats"))]
        );
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "$",
            "€",
            "1,",
            "-5",
            "5-",
            "a dozen",
            "a",
            "9999999999999999999999",
            "½",
            "1.2.3",
            "$5m-",
            "5 to",
            "between 5 and",
            "1-",
            "$5-$",
            "3 or 4",
        ] {
            let _ = sentence_figures(0, s);
        }
    }
}
