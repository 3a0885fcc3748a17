//! Time expressions of one article, normalised TimeML style against the article's date: explicit
//! dates ("16 October 2025", "October 16"), weekdays ("on Sunday", "Wednesday evening"), relative
//! days, weeks, months and years ("yesterday", "next week", "last month"), clock times, durations
//! ("two-hour", "2.5 hours" -> "PT2H", "PT2.5H") and sets ("every week" -> "P1W").
//!
//! A bare weekday is resolved by the tense around it: past-tense context picks the latest such day
//! on or before the article date, future context the next one on or after, and no cue the nearer
//! of the two. Without an article date, relative expressions get no value.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate};
use regex::{Captures, Regex};
use storyweave_model::{Sentence, TimeExpr, TimeKind};

use crate::lexicon as lx;
use crate::token::{tokens, Token};

/// The time expressions of an article's sentences, in reading order.
pub fn find_times(sentences: &[Sentence], published: Option<NaiveDate>) -> Vec<TimeExpr> {
    let mut out = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        for c in sentence_times(&s.text, published) {
            out.push(TimeExpr {
                sentence: si,
                start: c.start,
                end: c.end,
                text: s.text[c.start..c.end].to_string(),
                kind: c.kind,
                value: c.value,
            });
        }
    }
    out
}

const NW: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|\
sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred";
const MON: &str =
    "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|\
Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
const MON_FULL: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
const WD: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?P<n>\d+(?:\.\d+)?|(?:{NW})(?:[\s-]+(?:{NW}))*|an?|half\s+an?)[\s-]+(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|century|centuries)(?:-long)?(?-u:\b)"
    ))
});
static UNSPECIFIED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:for|over|in)\s+(?P<u>seconds|minutes|hours|days|weeks|months|years|decades|centuries)(?-u:\b)",
    )
});
static AGO: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?P<n>\d+|(?:{NW})(?:[\s-]+(?:{NW}))*|an?|several|a\s+few|few)\s+(?P<u>days?|weeks?|months?|years?|decades?)\s+ago(?-u:\b)"
    ))
});
static REL_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?P<mod>earlier|later|early|late)\s+)?(?P<d>today|tonight|yesterday|tomorrow)(?:['’]s)?(?:\s+(?P<pod>morning|afternoon|evening|night))?(?-u:\b)",
    )
});
static THIS_POD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?P<w>this|last)\s+(?P<pod>morning|afternoon|evening|night)(?-u:\b)"));
static REL_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?P<mod>earlier|later|early|late)\s+)?(?P<w>this|next|last|past|coming)\s+(?P<u>week|weekend|month|year|spring|summer|autumn|fall|winter)(?-u:\b)",
    )
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?-u:\b)(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Pp]ast|[Ee]very|[Ee]ach)\s+)?(?P<wd>{WD})(?P<pl>s)?(?-u:\b)(?:['’]s(?-u:\b))?(?:\s+(?P<pod>morning|afternoon|evening|night)(?-u:\b))?"
    ))
});
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?-u:\b)(?:(?P<wd>{WD}),?\s+)?(?P<mon>{MON})\.?\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?-u:\b)"))
});
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?-u:\b)(?:(?P<wd>{WD}),?\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{MON})(?-u:\b)"
    ))
});
static MONTH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?-u:\b)(?P<mon>{MON})\.?,?\s+(?P<y>(?:18|19|20)\d\d)(?-u:\b)")));
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?-u:\b)(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id-?)\s*)?(?P<mon>{MON_FULL})(?-u:\b)"
    ))
});
static YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u:\b)(?P<y>(?:18|19|20)\d\d)(?P<s>s)?(?-u:\b)"));
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap]\.m\.?|[ap]m(?-u:\b))")
});
static CLOCK24: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u:\b)(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?-u:\b)(?:\s*(?:GMT|UTC|BST|CET|EST|EDT|PST|PDT)(?-u:\b))?",
    )
});
static NOON: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?-u:\b)(?P<w>noon|midday|midnight)(?-u:\b)"));
static REFS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:the\s+)?(?P<w>coming|next\s+few|upcoming|recent|past\s+few)\s+(?:days|weeks|months|years)(?-u:\b)",
    )
});
static REF_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u:\b)(?P<w>now|Now|currently|Currently|recently|Recently|soon|nowadays)(?-u:\b)")
});
static SET_EVERY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?:every|each)\s+(?:(?P<n>other|\d+|{NW})\s+)?(?P<u>second|minute|hour|day|week|month|year|morning|afternoon|evening|night)s?(?-u:\b)"
    ))
});
static SET_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?:once|twice|(?:\d+|{NW})\s+times)\s+(?:a|an|per|every|each)\s+(?P<u>hour|day|week|month|year)(?-u:\b)"
    ))
});
static SET_ADVERB: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?P<w>hourly|daily|nightly|weekly|monthly|annually|yearly)(?-u:\b)"));
static HAS_CLOCK: LazyLock<Regex> = LazyLock::new(|| re(r"\d{1,2}[:.]\d{2}"));

#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    kind: TimeKind,
    value: Option<String>,
    /// The calendar day it denotes, when it denotes one day.
    day: Option<NaiveDate>,
    /// Hour and minute of a clock time.
    clock: Option<(u32, u32)>,
}

impl Cand {
    fn new(start: usize, end: usize, kind: TimeKind, value: Option<String>) -> Cand {
        Cand { start, end, kind, value, day: None, clock: None }
    }
}

fn group_range(c: &Captures, name: &str) -> Option<(usize, usize)> {
    c.name(name).map(|m| (m.start(), m.end()))
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `d` moved by `days`, or None at the ends of the calendar.
fn shift(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    d.checked_add_signed(Duration::try_days(days)?)
}

fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

fn add_months(d: NaiveDate, months: i32) -> (i32, u32) {
    let total = d.year() * 12 + d.month0() as i32 + months;
    (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
}

fn pod_code(p: &str) -> &'static str {
    match p.to_ascii_lowercase().as_str() {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        _ => "NI",
    }
}

/// Number written as digits or words ("2.5", "two", "a", "half an").
fn amount(n: &str) -> Option<f64> {
    let l = n.to_lowercase();
    if l == "a" || l == "an" {
        return Some(1.0);
    }
    if l.starts_with("half") {
        return Some(0.5);
    }
    if let Ok(v) = l.parse::<f64>() {
        return Some(v);
    }
    lx::parse_number_words(&l)
}

fn fmt_amount(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// TimeML unit letters for a unit word, and whether it is a time (PT) unit.
fn unit_code(u: &str) -> (&'static str, bool) {
    let l = u.to_ascii_lowercase();
    let l = l.trim_end_matches('s');
    match l {
        "second" => ("S", true),
        "minute" => ("M", true),
        "hour" => ("H", true),
        "day" => ("D", false),
        "week" => ("W", false),
        "month" => ("M", false),
        "year" => ("Y", false),
        "decade" => ("DE", false),
        _ => ("CE", false), // century, centuries
    }
}

fn duration_value(n: &str, u: &str) -> String {
    let (code, time) = unit_code(u);
    let prefix = if time { "PT" } else { "P" };
    format!("{prefix}{n}{code}")
}

fn word_before(text: &str, at: usize) -> Option<String> {
    let before = text.get(..at)?;
    let w: String = before
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’'))
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    (!w.is_empty()).then(|| w.to_lowercase())
}

fn word_after(text: &str, at: usize) -> Option<String> {
    let after = text.get(at..)?.trim_start();
    let w: String =
        after.chars().take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’')).collect();
    (!w.is_empty()).then(|| w.to_lowercase())
}

/// The date `d` nearest the article date with month `m` and day `day` (article year unless
/// more than half a year away).
fn nearest_date(pubd: NaiveDate, m: u32, day: u32) -> Option<NaiveDate> {
    (pubd.year() - 1..=pubd.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, m, day))
        .min_by_key(|d| (*d - pubd).num_days().abs())
}

/// Cheap facts about a sentence that let most patterns be skipped without running them.
struct Hints {
    lower: String,
    /// Longest run of ASCII digits.
    digits: usize,
    /// A capitalised month name or abbreviation occurs.
    month: bool,
    /// A time unit word occurs.
    unit: bool,
}

impl Hints {
    fn new(text: &str) -> Hints {
        let lower = text.to_lowercase();
        let (mut digits, mut run) = (0, 0);
        for b in text.bytes() {
            run = if b.is_ascii_digit() { run + 1 } else { 0 };
            digits = digits.max(run);
        }
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            .iter()
            .any(|m| text.contains(m));
        let unit = ["second", "minute", "hour", "day", "week", "month", "year", "decade", "centur"]
            .iter()
            .any(|u| lower.contains(u));
        Hints { lower, digits, month, unit }
    }

    fn has(&self, needles: &[&str]) -> bool {
        needles.iter().any(|n| self.lower.contains(n))
    }
}

/// Matches of `re` in `text`, or none at all without searching when `go` is false.
fn scan<'r, 't>(re: &'r Regex, text: &'t str, go: bool) -> regex::CaptureMatches<'r, 't> {
    // An empty haystack slice keeps the iterator type while searching nothing.
    re.captures_iter(if go { text } else { &text[..0] })
}

fn sentence_times(text: &str, published: Option<NaiveDate>) -> Vec<Cand> {
    let h = Hints::new(text);
    let mut cands: Vec<Cand> = Vec::new();
    explicit_dates(text, &h, &mut cands);
    partial_dates(text, published, &h, &mut cands);
    relative(text, published, &h, &mut cands);
    weekdays(text, published, &h, &mut cands);
    durations_and_sets(text, &h, &mut cands);
    clocks(text, &h, &mut cands);

    // Keep the longest of overlapping expressions.
    let mut order: Vec<usize> = (0..cands.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(cands[i].end - cands[i].start), cands[i].start));
    let mut kept: Vec<Cand> = Vec::new();
    for i in order {
        let c = &cands[i];
        if c.end > c.start && kept.iter().all(|k| c.end <= k.start || c.start >= k.end) {
            kept.push(c.clone());
        }
    }
    kept.sort_by_key(|c| c.start);
    join_clock_to_day(text, kept, published)
}

/// "Friday at 5 p.m.", "9 a.m. on Monday": one time expression; a lone clock time takes the
/// article date.
fn join_clock_to_day(text: &str, kept: Vec<Cand>, published: Option<NaiveDate>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(kept.len());
    let mut i = 0;
    while i < kept.len() {
        let a = &kept[i];
        if let Some(b) = kept.get(i + 1) {
            let gap = text.get(a.end..b.start).unwrap_or("x");
            let gap_ok =
                matches!(gap.trim_matches(|c: char| c.is_whitespace() || c == ','), "" | "on" | "at");
            let pair = match (a.day, a.clock, b.day, b.clock) {
                (Some(d), None, None, Some(hm)) | (None, Some(hm), Some(d), None) => Some((d, hm)),
                _ => None,
            };
            if let (true, Some((d, (h, m)))) = (gap_ok, pair) {
                let mut c =
                    Cand::new(a.start, b.end, TimeKind::Time, Some(format!("{}T{h:02}:{m:02}", ymd(d))));
                c.day = Some(d);
                out.push(c);
                i += 2;
                continue;
            }
        }
        let mut c = a.clone();
        if let (Some((h, m)), None) = (c.clock, c.value.as_ref()) {
            c.value = Some(match published {
                Some(d) => format!("{}T{h:02}:{m:02}", ymd(d)),
                None => format!("XXXX-XX-XXT{h:02}:{m:02}"),
            });
        }
        out.push(c);
        i += 1;
    }
    out
}

fn explicit_dates(text: &str, h: &Hints, out: &mut Vec<Cand>) {
    // Every explicit date has a four-digit year.
    if h.digits < 4 {
        return;
    }
    let mut off = 0;
    while let Some(rest) = text.get(off..) {
        let Some((r, dt)) = storyweave_text::dates::find_datetime(rest) else { break };
        let (s, e) = (off + r.start, off + r.end);
        if e <= s {
            break;
        }
        let matched = &text[s..e];
        let mut c = if HAS_CLOCK.is_match(matched) {
            Cand::new(s, e, TimeKind::Time, Some(dt.format("%Y-%m-%dT%H:%M").to_string()))
        } else {
            let mut c = Cand::new(s, e, TimeKind::Date, Some(ymd(dt.date())));
            c.day = Some(dt.date());
            c
        };
        // "Thursday, October 16, 2025": the weekday belongs to the date.
        if let Some(m) = WEEKDAY_BEFORE.find(&text[..s]) {
            c.start = m.start();
        }
        out.push(c);
        off = e;
    }
}

static WEEKDAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?-u:\b)(?:{WD}),?\s+$")));

fn partial_dates(text: &str, published: Option<NaiveDate>, h: &Hints, out: &mut Vec<Cand>) {
    for re in [&*MONTH_DAY, &*DAY_MONTH] {
        for c in scan(re, text, h.month && h.digits >= 1) {
            let (Some(all), Some(mon), Some(d)) = (c.get(0), c.name("mon"), c.name("d")) else { continue };
            let Some(m) = lx::month(&mon.as_str().to_lowercase()) else { continue };
            let Ok(day) = d.as_str().parse::<u32>() else { continue };
            if !(1..=31).contains(&day) {
                continue;
            }
            // "May 5" is a date only when "May" is capitalised mid-sentence or followed by a day.
            let (value, date) = match published.and_then(|p| nearest_date(p, m, day)) {
                Some(date) => (ymd(date), Some(date)),
                None => (format!("XXXX-{m:02}-{day:02}"), None),
            };
            let mut cand = Cand::new(all.start(), all.end(), TimeKind::Date, Some(value));
            cand.day = date;
            out.push(cand);
        }
    }
    for c in scan(&MONTH_YEAR, text, h.month && h.digits >= 4) {
        let (Some(all), Some(mon), Some(y)) = (c.get(0), c.name("mon"), c.name("y")) else { continue };
        let Some(m) = lx::month(&mon.as_str().to_lowercase()) else { continue };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, Some(format!("{}-{m:02}", y.as_str()))));
    }
    for c in scan(&MONTH_ALONE, text, h.month) {
        let (Some(all), Some(mon)) = (c.get(0), c.name("mon")) else { continue };
        let Some(m) = lx::month(&mon.as_str().to_lowercase()) else { continue };
        let modifier = c.name("mod").map(|x| x.as_str().to_lowercase());
        let prep = word_before(text, all.start());
        let prep_ok = prep.as_deref().is_some_and(|p| {
            matches!(
                p,
                "in" | "since"
                    | "by"
                    | "until"
                    | "through"
                    | "from"
                    | "during"
                    | "before"
                    | "after"
                    | "of"
                    | "till"
            )
        });
        if modifier.is_none() && !prep_ok {
            continue;
        }
        let value = published.map(|p| {
            let y = match modifier.as_deref() {
                Some("last") => {
                    if m < p.month() {
                        p.year()
                    } else {
                        p.year() - 1
                    }
                }
                Some("next") => {
                    if m > p.month() {
                        p.year()
                    } else {
                        p.year() + 1
                    }
                }
                Some("this") => p.year(),
                _ => match tense_around(text, mon.start(), mon.end()) {
                    Some(Tense::Past) if m > p.month() => p.year() - 1,
                    Some(Tense::Future) if m < p.month() => p.year() + 1,
                    Some(_) => p.year(),
                    None => nearest_date(p, m, 1).map_or(p.year(), |d| d.year()),
                },
            };
            format!("{y:04}-{m:02}")
        });
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, value));
    }
    for c in scan(&YEAR, text, h.digits >= 4) {
        let Some(all) = c.get(0) else { continue };
        let decade = c.name("s").is_some();
        let y = &c["y"];
        if !decade && !year_context(text, all.start(), all.end()) {
            continue;
        }
        let value = if decade { y[..3].to_string() } else { y.to_string() };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, Some(value)));
    }
}

/// Whether a four-digit number at `s..e` reads as a year rather than a count.
fn year_context(text: &str, s: usize, e: usize) -> bool {
    let prev_char = text[..s].chars().next_back();
    let next_char = text[e..].chars().next();
    if prev_char.is_some_and(|c| matches!(c, '$' | '€' | '£' | '.' | ',' | '-' | '/' | ':'))
        || next_char.is_some_and(|c| matches!(c, '.' | ',' | ':' | '/' | '-' | '%'))
            && text[e..].chars().nth(1).is_some_and(|c| c.is_ascii_digit())
    {
        return false;
    }
    let before = word_before(text, s);
    if before.as_deref().is_some_and(|w| {
        matches!(
            w,
            "in" | "since"
                | "by"
                | "until"
                | "till"
                | "from"
                | "before"
                | "after"
                | "during"
                | "of"
                | "through"
                | "the"
                | "early"
                | "late"
                | "mid"
                | "circa"
                | "year"
                | "fiscal"
                | "between"
                | "and"
                | "to"
        ) || lx::month(w).is_some()
    }) {
        return true;
    }
    match word_after(text, e) {
        None => true,
        Some(w) => {
            let count_noun = (w.ends_with('s') && !w.ends_with("ss") && w.len() > 3)
                || matches!(w.as_str(), "people" | "children" | "men" | "women" | "police" | "staff")
                || is_measure_unit(&w);
            !count_noun
        }
    }
}

fn is_measure_unit(w: &str) -> bool {
    matches!(
        w,
        "km" | "mi"
            | "kg"
            | "lb"
            | "lbs"
            | "mph"
            | "m"
            | "ft"
            | "feet"
            | "metres"
            | "meters"
            | "miles"
            | "tonnes"
            | "tons"
            | "dollars"
            | "euros"
            | "pounds"
    )
}

fn relative(text: &str, published: Option<NaiveDate>, h: &Hints, out: &mut Vec<Cand>) {
    for c in scan(&REL_DAY, text, h.has(&["tod", "ton", "yesterday", "tom"])) {
        let Some(all) = c.get(0) else { continue };
        let Some((ds, de)) = group_range(&c, "d") else { continue };
        let word = c["d"].to_lowercase();
        let pod = c.name("pod");
        let end = pod.map_or(de, |p| p.end());
        let start = all.start().min(ds);
        let offset = match word.as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => 0,
        };
        let day = published.and_then(|p| shift(p, offset));
        let pod_code = match (word.as_str(), pod) {
            ("tonight", _) => Some("NI"),
            (_, Some(p)) => Some(pod_code(p.as_str())),
            _ => None,
        };
        let (kind, value) = match pod_code {
            Some(code) => (TimeKind::Time, day.map(|d| format!("{}T{code}", ymd(d)))),
            None => (TimeKind::Date, day.map(ymd)),
        };
        let mut cand = Cand::new(start, end, kind, value);
        if pod_code.is_none() {
            cand.day = day;
        }
        out.push(cand);
    }
    for c in scan(&THIS_POD, text, h.has(&["morning", "afternoon", "evening", "night"])) {
        let Some(all) = c.get(0) else { continue };
        let last = c["w"].eq_ignore_ascii_case("last");
        let day = published.and_then(|p| shift(p, if last { -1 } else { 0 }));
        let code = pod_code(&c["pod"]);
        out.push(Cand::new(
            all.start(),
            all.end(),
            TimeKind::Time,
            day.map(|d| format!("{}T{code}", ymd(d))),
        ));
    }
    for c in scan(&REL_UNIT, text, h.has(&["this ", "next ", "last ", "past ", "coming "])) {
        let Some(all) = c.get(0) else { continue };
        let w = c["w"].to_lowercase();
        let unit = c["u"].to_lowercase();
        if w == "past" {
            // "the past week": a span of time, not a calendar week.
            let v = match unit.as_str() {
                "week" => Some("P1W"),
                "month" => Some("P1M"),
                "year" => Some("P1Y"),
                _ => None,
            };
            if let Some(v) = v {
                out.push(Cand::new(all.start(), all.end(), TimeKind::Duration, Some(v.to_string())));
            }
            continue;
        }
        let delta: i32 = match w.as_str() {
            "next" | "coming" => 1,
            "last" => -1,
            _ => 0,
        };
        let value = published.and_then(|p| match unit.as_str() {
            "week" => shift(p, 7 * i64::from(delta)).map(iso_week),
            "weekend" => shift(p, 7 * i64::from(delta)).map(|d| format!("{}-WE", iso_week(d))),
            "month" => {
                let (y, m) = add_months(p, delta);
                Some(format!("{y:04}-{m:02}"))
            }
            "year" => Some(format!("{:04}", p.year() + delta)),
            season => Some(season_value(p, season, delta)),
        });
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, value));
    }
    for c in scan(&AGO, text, h.has(&[" ago"])) {
        let Some(all) = c.get(0) else { continue };
        let n = amount(&c["n"]);
        let unit = c["u"].to_lowercase();
        let unit = unit.trim_end_matches('s');
        let value = published.and_then(|p| match n {
            // "several days ago", or a count too large to be a calendar date.
            None => Some("PAST_REF".to_string()),
            Some(n) if !(0.0..=10_000.0).contains(&n) => Some("PAST_REF".to_string()),
            Some(n) => {
                let n = n as i64;
                match unit {
                    "day" => shift(p, -n).map(ymd),
                    "week" => shift(p, -7 * n).map(iso_week),
                    "month" => {
                        let (y, m) = add_months(p, -(n as i32));
                        Some(format!("{y:04}-{m:02}"))
                    }
                    "year" => Some(format!("{:04}", i64::from(p.year()) - n)),
                    _ => Some(format!("{:03}", (i64::from(p.year()) - 10 * n) / 10)),
                }
            }
        });
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, value));
    }
    for c in scan(&REFS, text, h.has(&["coming", "next few", "upcoming", "recent", "past few"])) {
        let Some(all) = c.get(0) else { continue };
        let w = c["w"].to_lowercase();
        let v = if w.starts_with("recent") || w.starts_with("past") { "PAST_REF" } else { "FUTURE_REF" };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, Some(v.to_string())));
    }
    for c in scan(&REF_WORDS, text, h.has(&["now", "current", "recent", "soon"])) {
        let Some(all) = c.get(0) else { continue };
        let v = match c["w"].to_lowercase().as_str() {
            "recently" => "PAST_REF",
            "soon" => "FUTURE_REF",
            _ => "PRESENT_REF",
        };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, Some(v.to_string())));
    }
}

/// "2025-SU" for the summer meant by this/next/last summer.
fn season_value(p: NaiveDate, season: &str, delta: i32) -> String {
    let (code, start_month) = match season {
        "spring" => ("SP", 3),
        "summer" => ("SU", 6),
        "autumn" | "fall" => ("FA", 9),
        _ => ("WI", 12),
    };
    let y = p.year();
    let year = match delta {
        1 => {
            if start_month > p.month() {
                y
            } else {
                y + 1
            }
        }
        -1 => {
            if start_month + 2 < p.month() {
                y
            } else {
                y - 1
            }
        }
        _ => y,
    };
    format!("{year:04}-{code}")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
}

fn weekdays(text: &str, published: Option<NaiveDate>, h: &Hints, out: &mut Vec<Cand>) {
    for c in scan(&WEEKDAY, text, h.has(&["day"])) {
        let Some(wd) = c.name("wd") else { continue };
        let Some(n) = lx::weekday(&wd.as_str().to_lowercase()) else { continue };
        let modifier = c.name("mod").map(|m| m.as_str().to_lowercase());
        let start = c.name("mod").map_or(wd.start(), |m| m.start());
        let pod = c.name("pod");
        let end = pod.map_or_else(|| c.name("pl").map_or(wd.end(), |p| p.end()), |p| p.end());
        let every = matches!(modifier.as_deref(), Some("every" | "each")) || c.name("pl").is_some();
        if every {
            out.push(Cand::new(start, end, TimeKind::Set, Some(format!("XXXX-WXX-{}", n + 1))));
            continue;
        }
        let day = published.and_then(|p| {
            let today = p.weekday().num_days_from_monday();
            let back = i64::from((today + 7 - n) % 7);
            let fwd = i64::from((n + 7 - today) % 7);
            let offset = match modifier.as_deref() {
                Some("last" | "past") => -(if back == 0 { 7 } else { back }),
                Some("next") => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                Some(_) => fwd,
                None => match tense_around(text, wd.start(), wd.end()) {
                    Some(Tense::Past) => -back,
                    Some(Tense::Future) => fwd,
                    None => {
                        if back <= fwd {
                            -back
                        } else {
                            fwd
                        }
                    }
                },
            };
            shift(p, offset)
        });
        let mut cand = match pod {
            Some(p) => {
                let code = pod_code(p.as_str());
                Cand::new(start, end, TimeKind::Time, day.map(|d| format!("{}T{code}", ymd(d))))
            }
            None => {
                let mut c = Cand::new(start, end, TimeKind::Date, day.map(ymd));
                c.day = day;
                c
            }
        };
        if published.is_none() {
            cand.value = None;
        }
        out.push(cand);
    }
}

fn durations_and_sets(text: &str, h: &Hints, out: &mut Vec<Cand>) {
    for c in scan(&DURATION, text, h.unit) {
        let Some(all) = c.get(0) else { continue };
        // A year count right before "ago" is a date (handled above); ordinals never match.
        let Some(n) = amount(c["n"].trim()) else { continue };
        let value = duration_value(&fmt_amount(n), &c["u"]);
        out.push(Cand::new(all.start(), all.end(), TimeKind::Duration, Some(value)));
    }
    for c in scan(&UNSPECIFIED, text, h.unit) {
        let Some(u) = c.name("u") else { continue };
        out.push(Cand::new(u.start(), u.end(), TimeKind::Duration, Some(duration_value("X", u.as_str()))));
    }
    for c in scan(&SET_EVERY, text, h.has(&["every", "each"])) {
        let Some(all) = c.get(0) else { continue };
        let u = c["u"].to_lowercase();
        let n = match c.name("n").map(|m| m.as_str().to_lowercase()) {
            Some(ref o) if o == "other" => Some(2.0),
            Some(o) => amount(&o),
            None => Some(1.0),
        };
        let Some(n) = n else { continue };
        let value = match u.as_str() {
            "morning" | "afternoon" | "evening" | "night" => format!("T{}", pod_code(&u)),
            _ => duration_value(&fmt_amount(n), &u),
        };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Set, Some(value)));
    }
    for c in scan(&SET_TIMES, text, h.has(&["once", "twice", "times"])) {
        let Some(all) = c.get(0) else { continue };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Set, Some(duration_value("1", &c["u"]))));
    }
    for c in scan(&SET_ADVERB, text, h.has(&["ly"])) {
        let Some(all) = c.get(0) else { continue };
        let v = match c["w"].to_lowercase().as_str() {
            "hourly" => "PT1H",
            "daily" => "P1D",
            "nightly" => "TNI",
            "weekly" => "P1W",
            "monthly" => "P1M",
            _ => "P1Y",
        };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Set, Some(v.to_string())));
    }
}

fn clocks(text: &str, h: &Hints, out: &mut Vec<Cand>) {
    let mut push = |s: usize, e: usize, h: u32, m: u32| {
        let mut c = Cand::new(s, e, TimeKind::Time, None);
        c.clock = Some((h, m));
        out.push(c);
    };
    for c in scan(&CLOCK, text, h.digits >= 1) {
        let Some(all) = c.get(0) else { continue };
        let Ok(mut h) = c["h"].parse::<u32>() else { continue };
        let m = c.name("m").and_then(|m| m.as_str().parse::<u32>().ok()).unwrap_or(0);
        if h == 0 || h > 12 {
            continue;
        }
        let pm = c["ap"].to_ascii_lowercase().starts_with('p');
        if h == 12 {
            h = 0;
        }
        if pm {
            h += 12;
        }
        push(all.start(), all.end(), h, m);
    }
    for c in scan(&CLOCK24, text, h.digits >= 1) {
        let Some(all) = c.get(0) else { continue };
        // "12:30:45" and "3:2" scores are not clock readings worth guessing at.
        if text[all.end()..].starts_with(':') {
            continue;
        }
        let (Ok(h), Ok(m)) = (c["h"].parse::<u32>(), c["m"].parse::<u32>()) else { continue };
        push(all.start(), all.end(), h, m);
    }
    for c in scan(&NOON, text, h.has(&["noon", "midday", "midnight"])) {
        let Some(all) = c.get(0) else { continue };
        let h = if c["w"].eq_ignore_ascii_case("midnight") { 0 } else { 12 };
        push(all.start(), all.end(), h, 0);
    }
}

/// Past tense or future tense near `start..end`: first in the same clause before it, then in the
/// same clause after it, then elsewhere in the sentence, nearest first.
fn tense_around(text: &str, start: usize, end: usize) -> Option<Tense> {
    let toks = tokens(text);
    let mut clause = Vec::with_capacity(toks.len());
    let mut c = 0usize;
    for (i, t) in toks.iter().enumerate() {
        if i > 0 {
            let gap = text.get(toks[i - 1].full_end..t.start).unwrap_or("");
            if gap.chars().any(|ch| matches!(ch, ',' | ';' | ':' | '(' | ')' | '“' | '”' | '"' | '—' | '–'))
            {
                c += 1;
            }
        }
        clause.push(c);
    }
    let here = toks.iter().position(|t| t.start >= start).map_or(c, |i| clause[i]);
    let before: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].end <= start).rev().collect();
    let after: Vec<usize> = (0..toks.len()).filter(|&i| toks[i].start >= end).collect();
    for (list, same) in [(&before, true), (&after, true), (&before, false), (&after, false)] {
        for &i in list {
            if (clause[i] == here) != same {
                continue;
            }
            // "will be held": a passive participle says nothing about tense.
            let passive = i > 0 && matches!(toks[i - 1].folded().as_str(), "be" | "being");
            match cue_at(&toks, i) {
                Some(Tense::Past) if passive => {}
                Some(t) => return Some(t),
                None => {}
            }
        }
    }
    None
}

const IRREGULAR_PAST: &[&str] = &[
    "ate",
    "became",
    "began",
    "bought",
    "broke",
    "brought",
    "built",
    "came",
    "caught",
    "chose",
    "did",
    "drew",
    "drove",
    "fell",
    "felt",
    "fled",
    "flew",
    "fought",
    "forgot",
    "found",
    "gave",
    "got",
    "grew",
    "had",
    "heard",
    "held",
    "hid",
    "kept",
    "knew",
    "led",
    "left",
    "lost",
    "made",
    "meant",
    "met",
    "oversaw",
    "paid",
    "ran",
    "rang",
    "rose",
    "said",
    "sat",
    "saw",
    "sent",
    "shot",
    "sold",
    "sought",
    "spent",
    "spoke",
    "stood",
    "struck",
    "swore",
    "taught",
    "thought",
    "threw",
    "told",
    "took",
    "undertook",
    "was",
    "went",
    "were",
    "withdrew",
    "woke",
    "won",
    "wore",
    "wrote",
    "wasn't",
    "weren't",
    "didn't",
    "hadn't",
    "ago",
    "yesterday",
    "last",
    "earlier",
    "previously",
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

fn cue_at(toks: &[Token], i: usize) -> Option<Tense> {
    let w = toks[i].folded();
    let next = toks.get(i + 1).map(Token::folded);
    let next_is = |s: &str| next.as_deref() == Some(s);
    let future = matches!(
        w.as_str(),
        "will"
            | "shall"
            | "won't"
            | "upcoming"
            | "scheduled"
            | "expected"
            | "slated"
            | "planned"
            | "plans"
            | "planning"
            | "intends"
            | "tomorrow"
            | "next"
            | "ahead"
            | "soon"
            | "would"
            | "forthcoming"
    ) || w.ends_with("'ll")
        || (matches!(
            w.as_str(),
            "set"
                | "due"
                | "going"
                | "about"
                | "plan"
                | "aims"
                | "hopes"
                | "intend"
                | "expects"
                | "wants"
                | "is"
                | "are"
        ) && next_is("to"))
        || (w == "to" && infinitive_follows(toks, i));
    if future {
        return Some(Tense::Future);
    }
    let past = IRREGULAR_PAST.contains(&w.as_str())
        || (w.len() >= 5 && w.ends_with("ed") && !NOT_PAST.contains(&w.as_str()));
    past.then_some(Tense::Past)
}

/// "to meet", "to host": a bare verb after "to" (not "to Israel", "to the", "to reporters").
fn infinitive_follows(toks: &[Token], i: usize) -> bool {
    let Some(n) = toks.get(i + 1) else { return false };
    let w = n.folded();
    n.is_lowercase()
        && !storyweave_text::is_stopword(&w)
        && (!w.ends_with('s') || w.ends_with("ss"))
        && !w.ends_with("ing")
        && lx::weekday(&w).is_none()
        && w.chars().all(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    // A Thursday.
    fn thursday() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2025, 10, 16)
    }

    fn values(text: &str) -> Vec<(String, Option<String>)> {
        sentence_times(text, thursday())
            .into_iter()
            .map(|c| (text[c.start..c.end].to_string(), c.value))
            .collect()
    }

    fn v(pairs: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
        pairs.iter().map(|(a, b)| (a.to_string(), Some(b.to_string()))).collect()
    }

    #[test]
    fn weekdays_follow_tense() {
        assert_eq!(
            values("Mr Okafor said on Sunday that he would travel to Lagos next week."),
            v(&[("Sunday", "2025-10-12"), ("next week", "2025-W43")])
        );
        assert_eq!(values("The minister will fly to Accra on Sunday."), v(&[("Sunday", "2025-10-19")]));
        assert_eq!(values("The board is set to vote Friday."), v(&[("Friday", "2025-10-17")]));
        assert_eq!(values("She spoke to the press on Thursday."), v(&[("Thursday", "2025-10-16")]));
        assert_eq!(values("Talks resume Friday."), v(&[("Friday", "2025-10-17")]));
        assert_eq!(values("Ahead of Monday’s vote, he spoke."), v(&[("Monday", "2025-10-20")]));
        assert_eq!(
            values("Nkemelu spoke to donors on Wednesday evening."),
            v(&[("Wednesday evening", "2025-10-15TEV")])
        );
        assert_eq!(values("The ferry sails next Thursday."), v(&[("next Thursday", "2025-10-23")]));
        assert_eq!(values("The market opens on Sundays."), v(&[("Sundays", "XXXX-WXX-7")]));
    }

    #[test]
    fn relative_days_weeks_months_years() {
        assert_eq!(
            values("Earlier today she said yesterday was calm and tomorrow would be busy."),
            v(&[("Earlier today", "2025-10-16"), ("yesterday", "2025-10-15"), ("tomorrow", "2025-10-17")])
        );
        assert_eq!(values("It happened earlier this week."), v(&[("earlier this week", "2025-W42")]));
        assert_eq!(values("Sales fell last month."), v(&[("last month", "2025-09")]));
        assert_eq!(values("The plan starts next month."), v(&[("next month", "2025-11")]));
        assert_eq!(values("Profits rose last year."), v(&[("last year", "2024")]));
        assert_eq!(values("He will speak tonight."), v(&[("tonight", "2025-10-16TNI")]));
        assert_eq!(values("The mine closed three years ago."), v(&[("three years ago", "2022")]));
    }

    #[test]
    fn explicit_and_partial_dates() {
        assert_eq!(values("The vote was held on 3 March 2024."), v(&[("3 March 2024", "2024-03-03")]));
        assert_eq!(values("The vote is on October 20."), v(&[("October 20", "2025-10-20")]));
        assert_eq!(values("It began on 28 December."), v(&[("28 December", "2025-12-28")]));
        assert_eq!(
            values("It opened in 1991 and closed in the 1970s."),
            v(&[("1991", "1991"), ("1970s", "197")])
        );
        assert_eq!(values("The 2024 campaign cost 1500 dollars."), v(&[("2024", "2024")]));
        assert_eq!(values("Elections will be held in May."), v(&[("May", "2026-05")]));
        assert_eq!(values("Prices rose in November."), v(&[("November", "2024-11")]));
    }

    #[test]
    fn durations_sets_and_clocks() {
        assert_eq!(
            values("After a two-hour call and 2.5 hours of talks, five years of work paid off."),
            v(&[("two-hour", "PT2H"), ("2.5 hours", "PT2.5H"), ("five years", "P5Y")])
        );
        assert_eq!(values("The council meets every week."), v(&[("every week", "P1W")]));
        assert_eq!(values("They meet on Friday at 5 p.m."), v(&[("Friday at 5 p.m.", "2025-10-17T17:00")]));
        assert_eq!(values("A doctor for decades, she retired."), v(&[("decades", "PXDE")]));
        let kinds: Vec<TimeKind> =
            sentence_times("They talk daily for an hour.", thursday()).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![TimeKind::Set, TimeKind::Duration]);
    }

    #[test]
    fn no_article_date_means_no_relative_value() {
        let got = sentence_times("He left on Sunday and returns tomorrow, on October 20.", None);
        let vals: Vec<Option<String>> = got.into_iter().map(|c| c.value).collect();
        assert_eq!(vals, vec![None, None, Some("XXXX-10-20".to_string())]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in ["", "Sunday", "on 99 October", "31 February", "00:00:00", "every", "’s today’s", "0 a.m."]
        {
            let _ = sentence_times(s, thursday());
            let _ = sentence_times(s, None);
        }
    }
}
