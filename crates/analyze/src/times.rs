//! Time expressions of one article, found and normalised TimeML style (TIMEX3 values) against the
//! article's publication time: explicit dates ("16 October 2025", "October 16", "fiscal 1989"),
//! weekdays and parts of day ("on Sunday", "Wednesday evening"), relative days, weeks, months,
//! quarters and years ("yesterday", "next week", "last month", "the third quarter"), seasons ("in
//! the summer", "this past spring"), holidays, clock times, durations ("two-hour" -> "PT2H", "the
//! past two months" -> "P2M", "recent years" -> "PXY"), sets ("every week" -> "P1W") and vague
//! references ("now" -> "PRESENT_REF").
//!
//! Finding and normalising run in two steps per sentence. Patterns propose candidates, the longest
//! of overlapping ones wins, clock times join the day they belong to, and extents widen to the
//! modifiers TimeML counts as part of an expression ("the past", "about", "early"). Then values are
//! settled in reading order: most point at the publication date (the DCT), a bare weekday or month
//! takes the tense around it to pick the one before or after (a deadline told ahead, "by Jan. 1"
//! in March, is next year's), and anaphoric expressions ("a year earlier", "the quarter", "the
//! following day", "the day before", "hours later", "the same period last year") take the latest
//! date the article mentioned (the reference time) instead, leaving out dates told inside a quote
//! or a "when" clause, which are not the time the narrative goes on from. Without a publication
//! date, relative expressions get no value.
//! A date the text says is not set yet ("a date has yet to be determined") is an expression too,
//! of kind `Unset` (see `open`).

mod cal;
mod open;
mod tense;

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use regex::{CaptureMatches, Captures, Regex};
use storyweave_model::{Sentence, TimeExpr, TimeKind};

use crate::lexicon as lx;
use cal::{add_months, add_quarters, iso_week, quarter_of, shift, ymd, Cal};
use tense::{tense_around, Tense};

/// The time expressions of an article's sentences, in reading order. `published` is the
/// article's publication time; a time of exactly midnight is read as "date only".
pub fn find_times(sentences: &[Sentence], published: Option<NaiveDateTime>) -> Vec<TimeExpr> {
    let anchor = published.map(Anchor::new);
    let mut doc = DocState::default();
    let mut out = Vec::new();
    for (si, s) in sentences.iter().enumerate() {
        for c in sentence_times(&s.text, anchor.as_ref(), &mut doc) {
            out.push(TimeExpr {
                sentence: si,
                start: c.start,
                end: c.end,
                text: s.text[c.start..c.end].to_string(),
                kind: c.kind,
                value: c.value,
            });
        }
        for (start, end) in open::open_dates(&s.text) {
            let inside = out.iter().any(|t| t.sentence == si && t.start < end && start < t.end);
            if !inside {
                out.push(TimeExpr {
                    sentence: si,
                    start,
                    end,
                    text: s.text[start..end].to_string(),
                    kind: TimeKind::Unset,
                    value: None,
                });
            }
        }
    }
    out.sort_by_key(|t| (t.sentence, t.start));
    out
}

/// The publication time relative expressions are resolved against.
#[derive(Debug, Clone, Copy)]
struct Anchor {
    date: NaiveDate,
    /// The time of day, when the source gave one (not midnight).
    time: Option<NaiveTime>,
}

impl Anchor {
    fn new(at: NaiveDateTime) -> Anchor {
        let time = (at.time() != NaiveTime::MIN).then(|| at.time());
        Anchor { date: at.date(), time }
    }
}

/// What earlier sentences leave for later ones.
#[derive(Debug, Default)]
struct DocState {
    /// The latest calendar date the article stated (not one resolved from another).
    reference: Option<Cal>,
}

const NW: &str = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|\
sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred";
const ONES: &str = "one|two|three|four|five|six|seven|eight|nine";
const TEENS: &str = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen";
const TENS: &str = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";
const MON: &str =
    "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|\
Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
const MON_FULL: &str =
    "January|February|March|April|May|June|July|August|September|October|November|December";
const WD: &str = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const ZONES: &str = "GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT";

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+1/2)?|(?:{NW})(?:[\s-]+(?:{NW}))*(?:\s+and\s+a\s+half)?|an?(?:\s+and\s+a\s+half)?|half\s+an?|(?:a\s+)?couple\s+of|a\s+dozen)[\s-]+(?P<more>more\s+|additional\s+|further\s+)?(?:(?:trading|business|working|consecutive|straight)\s+)?(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|century|centuries)(?P<half>\s+and\s+a\s+half)?(?:-long)?(?-u:\b)"
    ))
});
static VAGUE_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:the\s+)?(?P<w>recent|coming|upcoming|next\s+few|past\s+few|last\s+few|next\s+several|past\s+several|last\s+several|several|a\s+few|many|few)\s+(?P<u>seconds|minutes|hours|days|weeks|months|quarters|years|decades|centuries)(?-u:\b)",
    )
});
/// "weeklong", "an hour-long speech", "a fortnight", "a half-hour": one unit, in one word.
static ONE_UNIT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?P<long>hour|day|week|month|year|decade)-?long|(?:an?\s+)?(?P<fortnight>fortnight)|(?:an?\s+)?(?P<half>half[\s-]hour))(?-u:\b)",
    )
});
/// "the weeks ahead", "the months to come": a stretch of unstated length from now on.
static UNITS_AHEAD: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)the\s+(?P<u>days|weeks|months|years|decades)\s+(?:ahead|to\s+come)(?-u:\b)")
});
static UNSPECIFIED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:for|over|in|within|took|takes|take)\s+(?P<u>seconds|minutes|hours|days|weeks|months|years|decades|centuries)(?-u:\b)",
    )
});
static SHIFTED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{NW})(?:[\s-]+(?:{NW}))*|an?|several|a\s+few|few|a\s+couple\s+of|some)\s+(?P<u>days?|weeks?|months?|quarters?|years?|decades?)(?:\s+or\s+(?:so|more|less))?\s+(?P<dir>ago|earlier|later|before|after|from\s+now|hence|previously)(?-u:\b)"
    ))
});
static REL_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?P<mod>earlier|later|early|late)\s+)?(?P<d>today|tonight|yesterday|tomorrow)(?:['’]s)?(?:\s+(?P<pod>morning|afternoon|evening|night))?(?-u:\b)",
    )
});
static POD_DAY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?P<pod>morning|afternoon|evening|night)\s+(?P<d>yesterday|today|tomorrow)(?-u:\b)")
});
static THIS_POD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?P<w>this|last)\s+(?P<pod>morning|afternoon|evening|night)(?-u:\b)"));
static REL_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?P<mod>earlier|later|early|late|mid)[\s-]+)?(?P<w>this\s+past|this|next|last|past|coming|the\s+current|the\s+coming)\s+(?P<u>week|weekend|month|year|decade|spring|summer|autumn|fall|winter)(?-u:\b)",
    )
});
/// "in the summer", "during the early spring", "the winter of 1994", "summer 2012": a season with
/// no "this" or "last" before it.
static SEASON: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?P<the>the)\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?(?P<s>spring|summer|autumn|winter|fall)(?-u:\b)(?:\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)(?-u:\b))?",
    )
});
/// "the following year", "that day", "later that year", "the same month": counted from the
/// reference time.
static ANAPHORIC_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?P<side>earlier|later)\s+)?(?:(?P<the>the)\s+(?P<w>following|previous|preceding|prior|same|next)|(?P<that>that)(?:\s+same)?)\s+(?P<u>day|week|month|year|morning|afternoon|evening|night)(?-u:\b)",
    )
});
/// "the day before", "the night after": next to the day under discussion (not "the day before the
/// vote", whose anchor is an event).
static DAY_BESIDE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)the\s+(?P<u>day|night|morning|evening)\s+(?P<dir>before|after)(?-u:\b)")
});
/// "Hours later", "minutes earlier", "two hours later": the same day as the time under discussion.
static HOURS_LATER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?:(?:\d+|(?:{NW})(?:[\s-]+(?:{NW}))*|a\s+few|several|some|a\s+couple\s+of)\s+)?(?:hours|minutes|moments)\s+(?:later|earlier)(?-u:\b)"
    ))
});
static IN_THE_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?P<side>earlier|later)\s+in\s+the\s+(?P<u>day|week|month|year)(?-u:\b)")
});
static WEEKEND: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?-u:\b)the\s+weekend(?-u:\b)"));
static THE_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?-u:\b)the\s+year(?-u:\b)"));
/// "the end of the month", "the start of the week": the month or week under discussion.
static EDGE_OF_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?:end|beginning|start|middle)\s+of\s+(?P<the>the\s+(?P<u>month|week))(?-u:\b)")
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?-u:\b)(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming|[Pp]ast|[Ee]very|[Ee]ach|[Tt]his\s+coming|[Tt]he\s+previous|[Tt]he\s+following)\s+)?(?P<wd>{WD})(?P<pl>s)?(?-u:\b)(?:['’]s(?-u:\b))?(?:\s+(?P<pod>morning|afternoon|evening|night)(?-u:\b))?"
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
/// The second day of a range after a month and day: " and 25", "-4", " to 12" (but not a year
/// or a figure: no digit, comma or unit right after).
static DAY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:\s*[-–]\s*|\s+(?:and|to|through)\s+)(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:[.;:)]|,(?:\s+\D|$)|\s+(?:in|at|on|and|when|with|for|to|as|the)\b|\s*$)",
    )
});
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?-u:\b)(?P<mon>{MON})\.?,?\s+(?:of\s+)?(?P<y>(?:18|19|20)\d\d)(?-u:\b)"))
});
static MONTH_REL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?-u:\b)(?P<mon>{MON_FULL}|{MON})\.?\s+(?P<w>this|last|next)\s+year(?-u:\b)"))
});
static MONTH_ALONE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?-u:\b)(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate|[Mm]id)(?:-|\s+))?(?P<mon>{MON_FULL})(?-u:\b)"
    ))
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u:\b)(?P<y>(?:1[5-9]|20)\d\d)(?P<s>['’]?s)?(?-u:\b)"));
static SPELLED_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?:(?P<the>the\s+year\s+))?(?:nineteen[\s-]+(?:(?P<tens>{TENS})(?:[\s-]+(?P<ones>{ONES}))?|(?P<teen>{TEENS})|oh[\s-]+(?P<oh>{ONES}))|two\s+thousand(?:\s+(?:and\s+)?(?P<k>{TEENS}|{ONES}))?)(?-u:\b)"
    ))
});
static DECADE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)the\s+(?:(?P<mod>early|late|mid)[\s-]+)?(?:(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)(?-u:\b)|['’](?P<d>[2-9]0)s(?-u:\b))",
    )
});
/// "'90s" with no article ("the 1980s and '90s").
static BARE_DECADE: LazyLock<Regex> = LazyLock::new(|| re(r"['’](?P<d>[2-9]0)s(?-u:\b)"));
static CENTURY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:the\s+)?(?P<n>[12]?\d)(?:st|nd|rd|th)[\s-]+century(?-u:\b)"));
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?P<det>the|its|their|a|this|that)\s+)?(?P<mods>(?:(?:latest|current|previous|same|comparable|corresponding|year-earlier|year-ago|fiscal|flat|full|traditionally\s+\w+|seasonally\s+\w+)[\s-]+)*)(?:(?P<y1>(?:19|20)\d\d)(?:['’]s)?\s+|(?P<ry>next|last|this)\s+year['’]s\s+)?(?:fiscal[\s-]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final|last|latter)(?P<sep>[\s-]+)(?P<u>quarter|half)(?P<pl>s)?(?-u:\b)(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<y2>(?:19|20)\d\d)(?-u:\b)|\s+of\s+(?P<ry2>the|this|last|next)\s+(?:fiscal\s+)?year(?-u:\b))?",
    )
});
static QUARTER_REF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?P<det>the|that|this|its|their|last|next)|(?P<ry>last|this|next)\s+year['’]s)\s+(?P<mods>(?:(?:latest|current|previous|same|comparable|corresponding|year-earlier|year-ago|recent|most\s+recent|fiscal|just-ended|just\s+ended|past|prior)[\s-]+)*)(?P<u>quarter|period)(?-u:\b)",
    )
});
/// " last year", " a year ago" after "the same period": that period one year back, one expression.
static A_YEAR_BACK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s+(?:of\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier|before)|the\s+(?:previous|prior)\s+year)(?-u:\b)",
    )
});
/// "the 1988 quarter", "the 1989 period": the quarter under discussion, in that year.
static YEAR_QUARTER_REF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)the\s+(?P<y>(?:19|20)\d\d)\s+(?:third-|fourth-|first-|second-)?(?:quarter|period)(?-u:\b)",
    )
});
static FISCAL_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?P<det>the|this|its|their|last|next)\s+(?P<m>(?:current|latest|full|same|previous|prior|new|coming|most\s+recent)\s+)?(?P<f>fiscal\s+)?year(?-u:\b)",
    )
});
static YEAR_END: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:year-end|year\s+end|year['’]s\s+end)(?-u:\b)"));
/// "the war nearing its fourth year": a year counted from an event the text does not date.
static ORDINAL_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:its|their|his|her)\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))\s+(?P<u>year|month|week|day)(?-u:\b)",
    )
});
static YEAR_AGO: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?-u:\b)year-(?:earlier|ago)(?-u:\b)"));
static HOLIDAY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u:\b)(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+[Dd]ay)?|Easter(?:\s+Sunday)?|Good\s+Friday|Halloween|Independence\s+Day|Valentine['’]s\s+Day|Election\s+Day|Labou?r\s+Day|Memorial\s+Day|Veterans\s+Day|Boxing\s+Day|Mother['’]s\s+Day|Father['’]s\s+Day|(?:St\.?|Saint)\s+Patrick['’]s\s+Day|Presidents['’]?\s+Day|Martin\s+Luther\s+King(?:,?\s+Jr\.?)?\s+Day|Columbus\s+Day|Palm\s+Sunday|Ash\s+Wednesday|May\s+Day)(?-u:\b)(?:,?\s+(?P<y>(?:19|20)\d\d)(?-u:\b))?",
    )
});
static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s*(?P<ap>[ap]\.\s?m\.?|[ap]m(?-u:\b))(?:\s*(?-i:{ZONES})(?-u:\b))?"
    ))
});
static CLOCK24: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(r"(?-u:\b)(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?-u:\b)(?:\s*(?:{ZONES})(?-u:\b))?"))
});
static CLOCK_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?P<h>[01]?\d|{ONES}|ten|eleven|twelve)(?:\s+o['’]clock)?\s+in\s+the\s+(?P<pod>morning|afternoon|evening)(?-u:\b)|(?-u:\b)(?P<h2>[01]?\d|{ONES}|ten|eleven|twelve)\s+o['’]clock(?-u:\b)"
    ))
});
static NOON: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)(?-u:\b)(?P<w>noon|midday|midnight)(?-u:\b)"));
static REF_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?P<w>now|current|currently|recently|nowadays|these\s+days|(?:in\s+)?the\s+(?:near\s+|distant\s+)?future|(?:in\s+)?the\s+past|formerly)(?-u:\b)",
    )
});
static SET_EVERY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?:every|each)\s+(?:(?P<n>other|\d+|{NW})\s+)?(?P<u>second|minute|hour|day|week|month|quarter|year|morning|afternoon|evening|night)s?(?-u:\b)"
    ))
});
/// "each July", "every summer": that month or season of every year (a month capitalised: "each
/// may vote" is no May).
static SET_EVERY_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?-u:\b)(?:[Ee]very|[Ee]ach)\s+(?P<n>{MON_FULL}|[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?-u:\b)"
    ))
});
static SET_TIMES: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?i)(?-u:\b)(?:once|twice|(?:\d+|{NW})\s+times)\s+(?:a|an|per|every|each)\s+(?P<u>hour|day|week|month|quarter|year)(?-u:\b)"
    ))
});
const SET_ADVERBS: [&str; 8] =
    ["hourly", "daily", "nightly", "weekly", "monthly", "quarterly", "annually", "yearly"];
static SET_ADVERB: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"(?i)(?-u:\b)(?P<w>{})(?-u:\b)", SET_ADVERBS.join("|"))));
static HAS_CLOCK: LazyLock<Regex> = LazyLock::new(|| re(r"\d{1,2}[:.]\d{2}"));
static WEEKDAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"(?-u:\b)(?:{WD}),?\s+$")));

/// Modifiers TimeML counts into a duration: hedges ("about", "at least"), then a determiner with
/// an ordering word ("the past", "the next", "an additional").
static DURATION_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?P<hedge>(?:approximately|roughly|nearly|more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than)\s+)?(?P<det>(?:the|its|their|his|her|an?|another)\s+)?(?P<ord>(?:past|next|last|first|final|previous|coming|following|latest|same|entire|whole|full|initial|remaining|ensuing|preceding|additional|further)\s+)?$",
    )
});
/// Modifiers of a point in time: hedges and "early", "the end of".
static POINT_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)(?-u:\b)(?:approximately|roughly|nearly|more\s+than|less\s+than|at\s+least|right)\s+$")
});
static YEAR_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?-u:\b)(?:(?:the\s+)?(?:end|beginning|start|middle|turn|spring|summer|autumn|fall|winter)\s+of\s+(?:the\s+)?|(?:the\s+)?(?:early|late|mid)[\s-]*|(?:pre|post)-|fiscal\s+(?:year\s+)?)$",
    )
});
static MONTH_PREFIX: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)(?-u:\b)(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+$"));

/// How a candidate's value depends on what the article said before it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Anaphor {
    /// `n` years before the reference, at the reference's granularity ("a year earlier",
    /// "year-ago", "the year-earlier quarter"); `quarter` when the words name a quarter.
    YearsBefore { n: i32, quarter: bool, adjective: bool },
    /// "N years ago": counted from the publication date, at the granularity of a recent
    /// quarter or month the article is about.
    YearsAgo(i32),
    /// The quarter the article is about ("the quarter", "this quarter"), else the quarter this
    /// many quarters from the publication date's.
    QuarterOr(i32),
    /// `n` units from the reference ("two days later", "the following year", "that day").
    Shift { unit: Unit, n: i64 },
    /// A clock time on the day under discussion, if the article named one ("shot at 10 p.m.").
    ClockOn(u32, u32),
    /// The quarter under discussion, in the year given ("the 1988 quarter").
    QuarterIn(i32),
    /// The weekday (0 = Monday) before or after the reference day ("the previous Friday").
    WeekdayFrom { weekday: u32, back: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

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
    anaphor: Option<Anaphor>,
    /// A point in time that may take TimeML's point modifiers ("about", "early").
    point: bool,
    /// A boundary ("the quarter ended Sept. 30"), which does not become the reference time.
    boundary: bool,
    /// The time of a quote's words or of a "when" clause ("killed when the quake struck on
    /// Tuesday"), not the time the narrative goes on from: no reference time either.
    background: bool,
    /// Days from the speaker's "now" of a deictic day word ("yesterday" = -1), which a quote
    /// dated by its speech verb moves to the day it was said.
    deictic: Option<i64>,
}

impl Cand {
    fn new(start: usize, end: usize, kind: TimeKind, value: Option<String>) -> Cand {
        Cand {
            start,
            end,
            kind,
            value,
            day: None,
            clock: None,
            anaphor: None,
            point: kind != TimeKind::Duration,
            boundary: false,
            background: false,
            deictic: None,
        }
    }

    fn date(start: usize, end: usize, day: Option<NaiveDate>) -> Cand {
        let mut c = Cand::new(start, end, TimeKind::Date, day.map(ymd));
        c.day = day;
        c
    }
}

fn group_range(c: &Captures, name: &str) -> Option<(usize, usize)> {
    c.name(name).map(|m| (m.start(), m.end()))
}

fn pod_code(p: &str) -> &'static str {
    match p.to_ascii_lowercase().as_str() {
        "morning" => "MO",
        "afternoon" => "AF",
        "evening" => "EV",
        _ => "NI",
    }
}

/// Number written as digits or words ("2.5", "two", "a", "half an", "5 1/2", "a couple of").
fn amount(n: &str) -> Option<f64> {
    let l = n.to_lowercase();
    let l = l.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(whole) = l.strip_suffix(" 1/2") {
        return whole.parse::<f64>().ok().map(|v| v + 0.5);
    }
    if let Some(whole) = l.strip_suffix(" and a half") {
        return amount(whole).map(|v| v + 0.5);
    }
    match l.as_str() {
        "a" | "an" => return Some(1.0),
        "a couple of" | "couple of" => return Some(2.0),
        "a dozen" => return Some(12.0),
        _ => {}
    }
    if l.starts_with("half") {
        return Some(0.5);
    }
    // "1,000": thousands separated by commas.
    if let Ok(v) = l.replace(',', "").parse::<f64>() {
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

/// TimeML unit letters for a unit word, whether it is a time (PT) unit, and how many years a
/// decade or century makes (TimeBank writes "two decades" as "P20Y").
fn unit_code(u: &str) -> (&'static str, bool, f64) {
    let l = u.to_ascii_lowercase();
    match l.trim_end_matches('s') {
        "second" => ("S", true, 1.0),
        "minute" => ("M", true, 1.0),
        "hour" => ("H", true, 1.0),
        "day" => ("D", false, 1.0),
        "week" => ("W", false, 1.0),
        "month" => ("M", false, 1.0),
        "quarter" => ("Q", false, 1.0),
        "year" => ("Y", false, 1.0),
        "decade" => ("Y", false, 10.0),
        _ => ("Y", false, 100.0), // century, centuries
    }
}

/// "P2Y", "PT2.5H" -> "PT2H30M": halves are written in the next smaller unit, as TimeBank does.
fn duration_value(n: f64, u: &str) -> String {
    let (code, time, scale) = unit_code(u);
    let n = n * scale;
    let prefix = if time { "PT" } else { "P" };
    if n.fract() == 0.5 {
        let whole = n.trunc();
        let smaller = match code {
            "Y" => Some("6M"),
            "D" => Some("T12H"),
            "H" | "M" if time => Some(if code == "H" { "30M" } else { "30S" }),
            _ => None,
        };
        if let Some(rest) = smaller {
            let head = if whole > 0.0 { format!("{}{code}", fmt_amount(whole)) } else { String::new() };
            return format!("{prefix}{head}{rest}");
        }
    }
    format!("{prefix}{}{code}", fmt_amount(n))
}

/// "PXY" for an unknown number of years.
fn vague_duration(u: &str) -> String {
    let (code, time, scale) = unit_code(u);
    let code = if scale > 1.0 {
        if scale == 10.0 {
            "DE"
        } else {
            "CE"
        }
    } else {
        code
    };
    let code = if code == "DE" || code == "CE" { "Y" } else { code };
    format!("{}X{code}", if time { "PT" } else { "P" })
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

/// The date with month `m` and day `day` meant from `pubd`: the nearest one when it is within a
/// season of it (deadlines and recent events both sit close to the article); further away,
/// past tense picks the latest one before it and future tense the first one after, and no cue
/// leans to the past, as news mostly reports.
/// A `forced` direction ("last Oct. 23") overrides all that.
fn dated_day(
    pubd: NaiveDate,
    m: u32,
    day: u32,
    forced: Option<Tense>,
    tense: impl FnOnce() -> Option<Tense>,
) -> Option<NaiveDate> {
    let options: Vec<NaiveDate> =
        (pubd.year() - 1..=pubd.year() + 1).filter_map(|y| NaiveDate::from_ymd_opt(y, m, day)).collect();
    let nearest = options.iter().copied().min_by_key(|d| (*d - pubd).num_days().abs())?;
    let gap = (nearest - pubd).num_days();
    let tense = forced.or_else(tense);
    // Near dates stay near, unless the future tense points past one over a month gone ("will
    // take effect on Jan. 1" in March is next January's). A past cue does not turn a coming
    // date back: "said the dividend is payable Dec. 15" reports a date still ahead.
    let gone = tense == Some(Tense::Future) && gap < -30;
    if forced.is_none() && gap.abs() <= 90 && !gone {
        return Some(nearest);
    }
    let past = || options.iter().copied().filter(|d| *d < pubd).max();
    match tense {
        Some(Tense::Future) => options.iter().copied().filter(|d| *d >= pubd).min(),
        _ => past(),
    }
    .or(Some(nearest))
}

/// The parts of the day the patterns name.
const POD: [&str; 4] = ["morning", "afternoon", "evening", "night"];

/// Cheap facts about a sentence that let most patterns be skipped without running them.
struct Hints {
    lower: String,
    /// The byte pairs of `lower`, hashed into 1024 bits (see [`Hints::may_contain`]).
    pairs: [u64; 16],
    /// Longest run of ASCII digits.
    digits: usize,
    /// A capitalised month name or abbreviation occurs.
    month: bool,
    /// A time unit word occurs.
    unit: bool,
    /// A day of the week is named, capitalised as [`WEEKDAY`] reads it.
    weekday: bool,
    /// A letter outside ASCII that a case-insensitive pattern reads as an ASCII one occurs ("ſ"
    /// is an "s", the Kelvin sign a "k"): `lower` does not show it.
    folds: bool,
}

impl Hints {
    fn new(text: &str) -> Hints {
        let lower = storyweave_text::lowercase(text);
        let (mut digits, mut run) = (0, 0);
        for b in text.bytes() {
            run = if b.is_ascii_digit() { run + 1 } else { 0 };
            digits = digits.max(run);
        }
        let mut pairs = [0u64; 16];
        for w in lower.as_bytes().windows(2) {
            let bit = pair_bit(w[0], w[1]);
            pairs[bit / 64] |= 1 << (bit % 64);
        }
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            .iter()
            .any(|m| text.contains(m));
        let folds = text.contains('\u{17f}') || text.contains('\u{212a}');
        let mut h = Hints { lower, pairs, digits, month, unit: false, weekday: false, folds };
        h.weekday = h.has(&["day"]) && WD.split('|').any(|d| text.contains(d));
        h.unit = h.has(&[
            "second", "minute", "hour", "day", "week", "month", "quarter", "year", "decade", "centur",
        ]);
        h
    }

    /// Whether every byte pair of `needle` occurs in the lower-cased text: false settles that the
    /// needle is not in it without a substring search (most needles of most sentences).
    fn may_contain(&self, needle: &str) -> bool {
        needle.as_bytes().windows(2).all(|w| {
            let bit = pair_bit(w[0], w[1]);
            self.pairs[bit / 64] & (1 << (bit % 64)) != 0
        })
    }

    fn has(&self, needles: &[&str]) -> bool {
        needles.iter().any(|n| self.may_contain(n) && self.lower.contains(n))
    }
}

/// A byte pair's bit in [`Hints::pairs`].
fn pair_bit(a: u8, b: u8) -> usize {
    (usize::from(a) * 31 + usize::from(b)) % 1024
}

/// Matches of `re` in `text`, or none at all without searching when `go` is false.
fn scan<'r, 't>(re: &'r Regex, text: &'t str, go: bool) -> Scan<'r, 't> {
    Scan(go.then(|| re.captures_iter(text)))
}

/// The iterator [`scan`] returns. Most scans of most sentences are skipped; a `Flatten` over the
/// option would carry three copies of the search's state and copy them on every scan, skipped or
/// not, which cost more than many of the searches.
struct Scan<'r, 't>(Option<CaptureMatches<'r, 't>>);

impl<'t> Iterator for Scan<'_, 't> {
    type Item = Captures<'t>;

    fn next(&mut self) -> Option<Captures<'t>> {
        self.0.as_mut()?.next()
    }
}

fn sentence_times(text: &str, anchor: Option<&Anchor>, doc: &mut DocState) -> Vec<Cand> {
    let h = Hints::new(text);
    let published = anchor.map(|a| a.date);
    let mut cands: Vec<Cand> = Vec::new();
    explicit_dates(text, &h, &mut cands);
    partial_dates(text, published, &h, &mut cands);
    quarters(text, published, &h, &mut cands);
    years(text, &h, &mut cands);
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
    let mut out = join_clock_to_day(text, kept, anchor);
    widen(text, &mut out);
    // Most sentences have no time expression: their quotes are not looked for.
    let quoted = if out.is_empty() { Vec::new() } else { quoted_spans(text) };
    redate_quoted_days(text, &quoted, &mut out);
    for c in &mut out {
        c.boundary = matches!(
            word_before(text, c.start).as_deref(),
            Some("ended" | "ending" | "ends" | "through" | "thru")
        );
        c.background =
            quoted.iter().any(|&(s, e)| c.start >= s && c.end <= e) || in_when_clause(text, c.start);
    }
    for c in &mut out {
        resolve(c, anchor, doc);
    }
    out
}

/// "“We made progress today,” Trump said on Wednesday evening": a day word inside a quote counts
/// from the day the quote was said, when the words outside it date the speech.
/// `quoted` holds the sentence's [`quoted_spans`].
fn redate_quoted_days(text: &str, quoted: &[(usize, usize)], cands: &mut [Cand]) {
    if quoted.is_empty() || !cands.iter().any(|c| c.deictic.is_some()) {
        return;
    }
    let inside = |c: &Cand| quoted.iter().any(|&(s, e)| c.start >= s && c.end <= e);
    let spoken = tokens_lower(text).iter().any(|w| lx::is_speech_verb(w));
    if !spoken {
        return;
    }
    // The speech's day: a stated day outside the quotes.
    let said_on = cands
        .iter()
        .filter(|c| !inside(c) && c.deictic.is_none() && matches!(c.kind, TimeKind::Date | TimeKind::Time))
        .find_map(|c| match c.value.as_deref().and_then(Cal::parse) {
            Some(Cal::Day(d)) => Some(d),
            _ => None,
        });
    let Some(said_on) = said_on else { return };
    for c in cands.iter_mut().filter(|c| c.deictic.is_some()) {
        if !quoted.iter().any(|&(s, e)| c.start >= s && c.end <= e) {
            continue;
        }
        let Some(day) = c.deictic.and_then(|n| shift(said_on, n)) else { continue };
        let pod = c.value.as_deref().and_then(|v| v.find('T').map(|i| v[i..].to_string()));
        c.value = Some(format!("{}{}", ymd(day), pod.unwrap_or_default()));
        if c.day.is_some() {
            c.day = Some(day);
        }
    }
}

/// Whether the clause `at` stands in opens with "when" ("..., killed when the quake struck on
/// Tuesday"): its words since the last comma, at most ten of them.
fn in_when_clause(text: &str, at: usize) -> bool {
    let clause = text.get(..at).unwrap_or_default().rsplit([',', ';', '(']).next().unwrap_or_default();
    clause.split_whitespace().rev().take(10).any(|w| w.eq_ignore_ascii_case("when"))
}

/// Byte ranges inside quotation marks (curly or straight, paired in order).
fn quoted_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for (i, ch) in text.char_indices() {
        match (ch, open) {
            ('“', _) => open = Some(i + ch.len_utf8()),
            ('”', Some(s)) => {
                spans.push((s, i));
                open = None;
            }
            ('"', None) => open = Some(i + 1),
            ('"', Some(s)) => {
                spans.push((s, i));
                open = None;
            }
            _ => {}
        }
    }
    // A quote still open at the end of the sentence runs to its end.
    if let Some(s) = open {
        spans.push((s, text.len()));
    }
    spans
}

fn tokens_lower(text: &str) -> Vec<String> {
    crate::token::tokens(text).iter().map(|t| t.folded()).collect()
}

/// Settle an anaphoric value against the reference time, and make a stated date the new reference.
fn resolve(c: &mut Cand, anchor: Option<&Anchor>, doc: &mut DocState) {
    let Some(p) = anchor.map(|a| a.date) else {
        if c.anaphor.is_some() {
            c.value = None;
        }
        return;
    };
    let Some(a) = c.anaphor else {
        if matches!(c.kind, TimeKind::Date | TimeKind::Time) && !c.boundary && !c.background {
            if let Some(cal) = c.value.as_deref().and_then(Cal::parse) {
                doc.reference = Some(cal);
            }
        }
        return;
    };
    let reference = doc.reference;
    let last_quarter = {
        let (y, q) = add_quarters(p.year(), quarter_of(p), -1);
        Cal::Quarter(y, q)
    };
    let value = match a {
        Anaphor::YearsBefore { n, quarter, adjective } => {
            // "year-ago results" compare with now, unless a quarter is under discussion.
            let base = match reference {
                Some(r @ Cal::Quarter(..)) => r,
                _ if quarter => last_quarter,
                _ if adjective => Cal::Year(p.year()),
                Some(r) => r,
                None => Cal::Year(p.year()),
            };
            base.add_years(-n)
        }
        Anaphor::YearsAgo(n) => {
            // Borrow a finer granularity only from a quarter or month of the past year, and only
            // for "a year ago" (a results comparison); "41 years ago" names a year.
            let recent = |r: &Cal| {
                let y = r.year();
                n == 1 && (y == p.year() || y == p.year() - 1)
            };
            match reference {
                Some(r @ (Cal::Quarter(..) | Cal::Month(..))) if recent(&r) => {
                    r.add_years(p.year() - r.year() - n).filter(|c| c.year() == p.year() - n)
                }
                _ => Some(Cal::Year(p.year() - n)),
            }
        }
        Anaphor::QuarterOr(delta) => match reference {
            Some(r @ Cal::Quarter(..)) => Some(r),
            _ => {
                let (y, q) = add_quarters(p.year(), quarter_of(p), delta);
                Some(Cal::Quarter(y, q))
            }
        },
        Anaphor::Shift { unit: Unit::Day, .. } if matches!(reference, Some(Cal::Month(y, m)) if (y, m) != (p.year(), p.month())) =>
        {
            // "that same day" after "last October": a day of that month, which one unsaid.
            if let Some(Cal::Month(y, m)) = reference {
                c.value = Some(format!("{y:04}-{m:02}-XX"));
            }
            return;
        }
        Anaphor::Shift { unit, n } => shift_from(reference, p, unit, n),
        Anaphor::ClockOn(h, m) => {
            // The publication day itself keeps the reading made against the publication time, and
            // so does an early hour after a night the article told about ("late on Sunday ...
            // shortly after 5am", published Monday at 07:55).
            let overnight = anchor.and_then(|a| a.time).is_some_and(|t| {
                reference == shift(p, -1).map(Cal::Day) && h * 60 + m <= t.hour() * 60 + t.minute()
            });
            if let Some(Cal::Day(d)) = reference.filter(|r| *r != Cal::Day(p) && !overnight) {
                c.value = Some(format!("{}T{h:02}:{m:02}", ymd(d)));
            }
            return;
        }
        Anaphor::QuarterIn(y) => match reference {
            Some(Cal::Quarter(_, q)) => Some(Cal::Quarter(y, q)),
            _ => match last_quarter {
                Cal::Quarter(_, q) => Some(Cal::Quarter(y, q)),
                _ => None,
            },
        },
        Anaphor::WeekdayFrom { weekday, back } => {
            let base = match reference {
                Some(Cal::Day(d)) => d,
                _ => p,
            };
            let today = base.weekday().num_days_from_monday();
            let offset = if back {
                -i64::from((today + 6 - weekday) % 7 + 1)
            } else {
                i64::from((weekday + 6 - today) % 7 + 1)
            };
            shift(base, offset).map(Cal::Day)
        }
    };
    if let Some(v) = value {
        let mut s = v.value();
        // Keep a part of day the words named ("the following morning").
        if let Some(pod) = c.value.as_deref().and_then(|old| old.find("T").map(|i| old[i..].to_string())) {
            if matches!(v, Cal::Day(_)) {
                s.push_str(&pod);
            }
        }
        c.value = Some(s);
    }
}

/// The point `n` units from the reference (or the publication date when the reference is too
/// coarse), written at that unit.
fn shift_from(reference: Option<Cal>, p: NaiveDate, unit: Unit, n: i64) -> Option<Cal> {
    let day = match reference {
        Some(Cal::Day(d)) => d,
        _ => p,
    };
    match unit {
        Unit::Day => shift(day, n).map(Cal::Day),
        Unit::Week => shift(day, 7 * n).map(|d| {
            let w = d.iso_week();
            Cal::Week(w.year(), w.week())
        }),
        Unit::Month => {
            let base = match reference {
                Some(Cal::Month(y, m)) => NaiveDate::from_ymd_opt(y, m, 1)?,
                _ => day,
            };
            let (y, m) = add_months(base, i32::try_from(n).ok()?);
            Some(Cal::Month(y, m))
        }
        Unit::Year => {
            let y = reference.map_or(p.year(), |r| r.year());
            Some(Cal::Year(y + i32::try_from(n).ok()?))
        }
    }
}

/// "Friday at 5 p.m.", "9 a.m. on Monday": one time expression. A lone clock time takes the
/// article's date, or the day before when it is later than the publication time and told in the
/// past ("the breach opened at 11.40pm", reported the next morning).
fn join_clock_to_day(text: &str, kept: Vec<Cand>, anchor: Option<&Anchor>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(kept.len());
    let mut i = 0;
    while i < kept.len() {
        let a = &kept[i];
        if let Some(b) = kept.get(i + 1) {
            let gap = text.get(a.end..b.start).unwrap_or("x");
            let gap_ok =
                matches!(gap.trim_matches(|c: char| c.is_whitespace() || c == ','), "" | "on" | "at" | "of");
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
        // "at 10:35 a.m. (0735 GMT) Friday": another day named in the sentence.
        let same_sentence_day = kept
            .iter()
            .filter(|k| k.day.is_some() && k.clock.is_none())
            .min_by_key(|k| k.start.abs_diff(c.start))
            .and_then(|k| k.day);
        if let (Some((h, m)), None, Some(d)) = (c.clock, c.value.as_ref(), same_sentence_day) {
            c.value = Some(format!("{}T{h:02}:{m:02}", ymd(d)));
        } else if let (Some((h, m)), None) = (c.clock, c.value.as_ref()) {
            // Otherwise the day the article is telling about, when it named one.
            c.anaphor = Some(Anaphor::ClockOn(h, m));
            c.value = Some(match anchor {
                Some(an) => {
                    let mut d = an.date;
                    let later = an.time.is_some_and(|t| h * 60 + m > t.hour() * 60 + t.minute());
                    if later && tense_around(text, c.start, c.end) != Some(Tense::Future) {
                        d = shift(d, -1).unwrap_or(d);
                    }
                    format!("{}T{h:02}:{m:02}", ymd(d))
                }
                None => format!("XXXX-XX-XXT{h:02}:{m:02}"),
            });
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Widen extents to the modifiers TimeML annotates with the expression.
fn widen(text: &str, cands: &mut [Cand]) {
    let mut floor = 0;
    for c in cands.iter_mut() {
        let before = &text[floor..c.start];
        let first = text[c.start..c.end].chars().next().unwrap_or(' ');
        let spelled = (text[c.start..c.end].contains('-') || text[c.start..c.end].ends_with("long"))
            && !text[c.start..c.end].contains(' ');
        if c.kind == TimeKind::Duration {
            if let Some(m) = DURATION_PREFIX.captures(before).and_then(|x| x.get(0)) {
                let caps = DURATION_PREFIX.captures(before);
                let det = caps.as_ref().and_then(|x| x.name("det")).map(|d| d.as_str().trim().to_lowercase());
                let ord = caps.as_ref().and_then(|x| x.name("ord")).is_some();
                let hedge = caps.as_ref().and_then(|x| x.name("hedge")).is_some();
                // "the two-year contract": the article belongs to the noun after the adjective.
                let det_ok = match det.as_deref() {
                    None => true,
                    Some("a" | "an" | "another") => ord || det.as_deref() == Some("another"),
                    Some(_) => !spelled && first.is_lowercase() || ord,
                };
                if det_ok && (det.is_some() || ord || hedge) && m.start() < m.end() {
                    c.start = floor + m.start();
                } else if let Some(hm) = caps.as_ref().and_then(|x| x.name("hedge")) {
                    if det.is_none() && !ord {
                        c.start = floor + hm.start();
                    }
                }
                // "over the past two months": "over" is the preposition when a determiner
                // follows it; "over an hour" keeps it.
                let widened = &text[c.start..];
                let lower = widened.get(..12).unwrap_or(widened).to_ascii_lowercase();
                if (det.is_some() && det.as_deref() != Some("a") && det.as_deref() != Some("an")) || ord {
                    for p in ["over ", "under ", "within "] {
                        if lower.starts_with(p) {
                            c.start += p.len();
                            break;
                        }
                    }
                }
            }
        } else if c.point {
            let value = c.value.clone().unwrap_or_default();
            let year_like = value.len() == 4 || value.len() == 3;
            // "1994" or "nineteen ninety-four".
            let year_words = value.len() == 4 && first.is_alphabetic();
            let prefix = if (year_like && first.is_ascii_digit()) || year_words {
                YEAR_PREFIX.find(before)
            } else {
                // "the end of November", "the end of this week", "the end of the year".
                MONTH_PREFIX.find(before)
            };
            if let Some(m) = prefix {
                c.start = floor + m.start();
                // "the winter of nineteen ninety-four" is that season of the year.
                let season = ["spring", "summer", "autumn", "fall", "winter"]
                    .into_iter()
                    .find(|w| m.as_str().to_ascii_lowercase().contains(w));
                if let (Some(w), Ok(y)) = (season, value.parse::<i32>()) {
                    if value.len() == 4 && m.as_str().to_ascii_lowercase().contains(" of") {
                        c.value = Some(season_code(y, w));
                    }
                }
            }
            // "the 1990s", but "the 2024 campaign".
            if value.len() == 3
                && first.is_ascii_digit()
                && text[floor..c.start].to_ascii_lowercase().ends_with("the ")
            {
                c.start -= 4;
            }
            let before = &text[floor..c.start];
            if let Some(m) = POINT_PREFIX.find(before) {
                c.start = floor + m.start();
            }
        }
        floor = c.end;
        // "its fourth quarter", "his first 100 days": TimeML leaves the possessive out.
        let head = text[c.start..c.end].split(' ').next().unwrap_or("").to_ascii_lowercase();
        if matches!(head.as_str(), "its" | "their" | "his" | "her" | "our" | "my")
            && c.end > c.start + head.len() + 1
        {
            c.start += head.len() + 1;
        }
    }
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
            Cand::date(s, e, Some(dt.date()))
        };
        // "Thursday, October 16, 2025": the weekday belongs to the date.
        if let Some(m) = WEEKDAY_BEFORE.find(&text[..s]) {
            c.start = m.start();
        }
        out.push(c);
        off = e;
    }
}

fn partial_dates(text: &str, published: Option<NaiveDate>, h: &Hints, out: &mut Vec<Cand>) {
    for re in [&*MONTH_DAY, &*DAY_MONTH] {
        for c in scan(re, text, h.month && h.digits >= 1) {
            let (Some(all), Some(mon), Some(d)) = (c.get(0), c.name("mon"), c.name("d")) else { continue };
            let Some(m) = lx::month(&mon.as_str().to_lowercase()) else { continue };
            let Ok(day) = d.as_str().parse::<u32>() else { continue };
            if !(1..=31).contains(&day) || NaiveDate::from_ymd_opt(2000, m, day).is_none() {
                continue;
            }
            // "May 5" needs the capital: "may 5" is a verb and a number.
            if mon.as_str() == "May" && c.name("wd").is_none() && text[mon.end()..].starts_with('.') {
                continue;
            }
            let modifier = word_before(text, all.start());
            let forced = match modifier.as_deref() {
                Some("last" | "past") => Some(Tense::Past),
                Some("next" | "coming") => Some(Tense::Future),
                _ => None,
            };
            let tense = || tense_around(text, all.start(), all.end());
            let mut dated = published.and_then(|p| dated_day(p, m, day, forced, tense).map(|d| (p, d)));
            // "must file by Jan. 1" in March: a deadline ahead is next year's, not one long past.
            let deadline =
                matches!(modifier.as_deref(), Some("by" | "until" | "till" | "through" | "before"));
            if let Some((p, d)) =
                dated.filter(|&(p, d)| deadline && forced.is_none() && (p - d).num_days() > 30)
            {
                if tense() == Some(Tense::Future) {
                    dated = d.with_year(d.year() + 1).map(|n| (p, n));
                }
            }
            let (value, date) = match dated.map(|(_, d)| d) {
                Some(date) => (ymd(date), Some(date)),
                None => (format!("XXXX-{m:02}-{day:02}"), None),
            };
            let mut cand = Cand::new(all.start(), all.end(), TimeKind::Date, Some(value.clone()));
            cand.day = date;
            out.push(cand);
            // "April 24 and 25", "May 3-4": the second day is a date of the same month.
            let day_last = mon.start() < d.start();
            if let Some(r) =
                DAY_AFTER.captures(&text[all.end()..]).filter(|_| day_last && c.name("wd").is_none())
            {
                let Some(d2) = r.name("d") else { continue };
                let Ok(day2) = d2.as_str().parse::<u32>() else { continue };
                if day2 <= day || NaiveDate::from_ymd_opt(2000, m, day2).is_none() {
                    continue;
                }
                let date2 = date.and_then(|d| d.with_day(day2));
                let value2 = match date2 {
                    Some(d) => ymd(d),
                    None => format!("{}{day2:02}", &value[..value.len() - 2]),
                };
                let (s2, e2) = (all.end() + d2.start(), all.end() + d2.end());
                let mut second = Cand::new(s2, e2, TimeKind::Date, Some(value2));
                second.day = date2;
                out.push(second);
            }
        }
    }
    for c in scan(&MONTH_YEAR, text, h.month && h.digits >= 4) {
        let (Some(all), Some(mon), Some(y)) = (c.get(0), c.name("mon"), c.name("y")) else { continue };
        let Some(m) = lx::month(&mon.as_str().to_lowercase()) else { continue };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, Some(format!("{}-{m:02}", y.as_str()))));
    }
    for c in scan(&MONTH_REL_YEAR, text, h.month && h.has(&[" year"])) {
        let (Some(all), Some(mon)) = (c.get(0), c.name("mon")) else { continue };
        let Some(m) = lx::month(&mon.as_str().to_lowercase()) else { continue };
        let delta = match &c["w"] {
            "last" => -1,
            "next" => 1,
            _ => 0,
        };
        let value = published.map(|p| format!("{:04}-{m:02}", p.year() + delta));
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, value));
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
                    | "to"
                    | "and"
                    | "or"
                    | "between"
                    | "for"
            )
        });
        // "the October slaying", "a June agreement": a month before a common noun.
        let attributive = prep.as_deref().is_some_and(|p| matches!(p, "the" | "a" | "an" | "its" | "their"))
            && text[mon.end()..].trim_start().starts_with(char::is_lowercase)
            && !matches!(word_after(text, mon.end()).as_deref(), Some("of" | "and" | "or" | "to"));
        // "May" the verb, "March" the walk: only after a preposition or with a modifier, and
        // never before a person's surname.
        if modifier.is_none() && !prep_ok && !attributive {
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
                _ if m == p.month() => p.year(),
                // "through January", "by February": a limit, most often the nearest one.
                _ if matches!(prep.as_deref(), Some("through" | "until" | "till" | "by")) => {
                    match tense_around(text, mon.start(), mon.end()) {
                        Some(Tense::Future) if m < p.month() => p.year() + 1,
                        _ => nearest_year(p, m),
                    }
                }
                // "a June agreement": an event already known, unless it is near and something
                // points ahead ("the March accession will").
                _ if attributive => {
                    let ahead = m > p.month() && m - p.month() <= 6;
                    if ahead && tense_around(text, mon.start(), mon.end()) == Some(Tense::Future) {
                        p.year()
                    } else if m > p.month() {
                        p.year() - 1
                    } else {
                        p.year()
                    }
                }
                _ => match tense_around(text, mon.start(), mon.end()) {
                    Some(Tense::Past) if m > p.month() => p.year() - 1,
                    Some(Tense::Future) if m < p.month() => p.year() + 1,
                    Some(_) => p.year(),
                    None => nearest_year(p, m),
                },
            };
            format!("{y:04}-{m:02}")
        });
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, value));
    }
    for c in scan(
        &HOLIDAY,
        text,
        h.has(&[
            "christmas",
            "year's",
            "year’s",
            "thanksgiving",
            "easter",
            " day",
            "friday",
            "halloween",
            "palm",
            "ash",
        ]),
    ) {
        let (Some(all), Some(name)) = (c.get(0), c.name("h")) else { continue };
        let name = name.as_str().to_lowercase().replace('’', "'");
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let name = if name == "new year's" { "new year's day".to_string() } else { name };
        let explicit = c.name("y").and_then(|y| y.as_str().parse::<i32>().ok());
        let modifier = c.name("mod").map(|m| m.as_str().to_lowercase());
        let day = match (explicit, published) {
            (Some(y), _) => cal::holiday(&name, y),
            (None, Some(p)) => {
                let options: Vec<NaiveDate> =
                    (p.year() - 1..=p.year() + 1).filter_map(|y| cal::holiday(&name, y)).collect();
                let tense = match modifier.as_deref() {
                    Some("last") => Some(Tense::Past),
                    Some("next") => Some(Tense::Future),
                    Some(_) => None,
                    None => tense_around(text, all.start(), all.end()),
                };
                let nearest = || options.iter().copied().min_by_key(|d| (*d - p).num_days().abs());
                match tense {
                    Some(Tense::Past) => options.iter().copied().filter(|d| *d <= p).max(),
                    Some(Tense::Future) => options.iter().copied().filter(|d| *d >= p).min(),
                    None => nearest(),
                }
            }
            (None, None) => None,
        };
        if cal::holiday(&name, 2000).is_none() {
            continue;
        }
        out.push(Cand::date(all.start(), all.end(), day));
    }
}

/// The year of month `m` nearest to `p`, the later one on a tie.
fn nearest_year(p: NaiveDate, m: u32) -> i32 {
    let distance = |y: i32| ((y * 12 + m as i32) - (p.year() * 12 + p.month() as i32)).abs();
    [p.year() + 1, p.year(), p.year() - 1].into_iter().min_by_key(|y| distance(*y)).unwrap_or(p.year())
}

/// The year of a quarter named without one: the latest such quarter begun by the publication
/// date (results are reported after a quarter ends, so even "will report third-quarter results"
/// means the one just past).
fn quarter_year(p: NaiveDate, q: u32) -> i32 {
    if q > quarter_of(p) {
        p.year() - 1
    } else {
        p.year()
    }
}

fn quarters(text: &str, published: Option<NaiveDate>, h: &Hints, out: &mut Vec<Cand>) {
    let go = h.has(&["quarter", "half", "period"]);
    for c in scan(&QUARTER, text, go && h.has(&["quarter", "half"])) {
        let (Some(all), Some(ord), Some(u)) = (c.get(0), c.name("ord"), c.name("u")) else { continue };
        let half = u.as_str().eq_ignore_ascii_case("half");
        // "the last half of 1989"; "the last quarter" is the one before this (see `QUARTER_REF`).
        if !half && matches!(ord.as_str().to_lowercase().as_str(), "last" | "latter") {
            continue;
        }
        let n = match ord.as_str().to_lowercase().as_str() {
            "first" | "1st" => 1,
            "second" | "2nd" => 2,
            "third" | "3rd" => 3,
            "fourth" | "4th" => 4,
            _ => {
                if half {
                    2
                } else {
                    4
                }
            }
        };
        if half && n > 2 {
            continue;
        }
        let mods = c.name("mods").map_or(String::new(), |m| m.as_str().to_lowercase());
        let explicit = c.name("y1").or(c.name("y2")).and_then(|y| y.as_str().parse::<i32>().ok());
        let adjective = c.name("sep").is_some_and(|s| s.as_str().contains('-'));
        // "the first half" of a match or a speech is no calendar half: a half needs a year,
        // "fiscal", or the hyphen of "first-half profit".
        // "of the year" and "of next year" name the year too.
        let rel_year = c.name("ry").or(c.name("ry2"));
        if half && explicit.is_none() && rel_year.is_none() && !mods.contains("fiscal") && !adjective {
            continue;
        }
        let after = word_after(text, u.end());
        // "a quarter century", "the third quarter of the game", but "the second quarter of $8
        // million" is a reporting period.
        let of_money = after.as_deref() == Some("of")
            && text[u.end()..].trim_start()[2..].trim_start().starts_with(['$', '£', '€']);
        if !half
            && c.name("y2").is_none()
            && c.name("ry2").is_none()
            && !of_money
            && after.as_deref().is_some_and(|w| matches!(w, "century" | "mile" | "point" | "percent" | "of"))
        {
            continue;
        }
        // "the third-quarter profit": the article belongs to the noun.
        let start = match c.name("det") {
            Some(d) if adjective => {
                let skip = text[d.end()..all.end()].len() - text[d.end()..all.end()].trim_start().len();
                d.end() + skip
            }
            _ => all.start(),
        };
        let year_before = mods.contains("year-earlier") || mods.contains("year-ago");
        let year = match (explicit, rel_year, published) {
            (Some(y), _, _) => Some(y),
            (None, Some(r), Some(p)) => Some(match r.as_str().to_lowercase().as_str() {
                "next" => p.year() + 1,
                "last" => p.year() - 1,
                _ => p.year(),
            }),
            (None, None, Some(p)) => {
                let q = if half { n * 2 } else { n };
                // "talks will end in the second quarter": the time of an event to come is
                // the next such quarter; "second-quarter results" still name the one reported.
                let ahead = q > quarter_of(p)
                    && !adjective
                    && tense_around(text, all.start(), all.end()) == Some(Tense::Future);
                Some(if ahead { p.year() } else { quarter_year(p, q) })
            }
            _ => None,
        };
        let letter = if half { 'H' } else { 'Q' };
        let value = year.map(|y| format!("{:04}-{letter}{n}", if year_before { y - 1 } else { y }));
        let value = value.or_else(|| Some(format!("XXXX-{letter}{n}")));
        let mut cand = Cand::new(start, all.end(), TimeKind::Date, value);
        if c.name("pl").is_some() {
            cand.kind = TimeKind::Set;
            cand.value = Some(format!("XXXX-{letter}{n}"));
        }
        out.push(cand);
    }
    for c in scan(&QUARTER_REF, text, go) {
        let (Some(all), Some(u)) = (c.get(0), c.name("u")) else { continue };
        if text[u.end()..].starts_with('-') {
            continue;
        }
        let after = word_after(text, u.end());
        if after.as_deref().is_some_and(|w| matches!(w, "century" | "mile" | "point" | "percent" | "of")) {
            continue;
        }
        let period = u.as_str().eq_ignore_ascii_case("period");
        let mods = c.name("mods").map_or(String::new(), |m| m.as_str().to_lowercase());
        let det = c.name("det").map(|d| d.as_str().to_lowercase());
        let ry = c.name("ry").map(|d| d.as_str().to_lowercase());
        let year_before = mods.contains("year-earlier")
            || mods.contains("year-ago")
            || mods.contains("comparable")
            || mods.contains("corresponding")
            || ry.as_deref() == Some("last");
        let latest = mods.contains("latest") || mods.contains("recent") || mods.contains("just");
        // "the period" alone is any stretch of time.
        if period && !year_before && !latest && !mods.contains("same") {
            continue;
        }
        let now = published.map(|p| (p.year(), quarter_of(p)));
        let fixed =
            |delta: i32| now.map(|(y, q)| add_quarters(y, q, delta)).map(|(y, q)| format!("{y:04}-Q{q}"));
        // "the same period last year", "the quarter a year earlier": the period under discussion,
        // a year back.
        if let Some(back) = A_YEAR_BACK.find(&text[all.end()..]).filter(|_| det.as_deref() != Some("last")) {
            let mut cand = Cand::new(all.start(), all.end() + back.end(), TimeKind::Date, None);
            cand.anaphor = Some(Anaphor::YearsBefore { n: 1, quarter: true, adjective: true });
            out.push(cand);
            continue;
        }
        let mut cand = Cand::new(all.start(), all.end(), TimeKind::Date, None);
        match (det.as_deref(), mods.as_str()) {
            (Some("last"), "") => cand.value = fixed(-1),
            (Some("next"), "") => cand.value = fixed(1),
            (Some("this"), "") => cand.anaphor = Some(Anaphor::QuarterOr(0)),
            (_, m) if m.contains("current") => cand.value = fixed(0),
            (_, m)
                if (m.contains("past") || m.contains("prior") || m.contains("previous")) && !year_before =>
            {
                cand.value = fixed(-1)
            }
            _ if latest && !year_before => cand.value = fixed(-1),
            _ if year_before => {
                cand.anaphor = Some(Anaphor::YearsBefore { n: 1, quarter: true, adjective: true })
            }
            _ => cand.anaphor = Some(Anaphor::QuarterOr(-1)),
        }
        out.push(cand);
    }
    for c in scan(&YEAR_QUARTER_REF, text, go && h.digits >= 4) {
        let Some(all) = c.get(0) else { continue };
        let Ok(y) = c["y"].parse::<i32>() else { continue };
        let mut cand = Cand::new(all.start(), all.end(), TimeKind::Date, None);
        cand.anaphor = Some(Anaphor::QuarterIn(y));
        out.push(cand);
    }
    for c in scan(&FISCAL_YEAR, text, h.has(&["year"])) {
        let Some(all) = c.get(0) else { continue };
        let m = c.name("m").map(|m| m.as_str().trim().to_lowercase());
        let det = c["det"].to_lowercase();
        // "this year", "last year" alone are the relative years above; "the year" needs more.
        if c.name("f").is_none() && m.is_none() {
            continue;
        }
        if matches!(word_after(text, all.end()).as_deref(), Some("ended" | "ending" | "ends" | "through")) {
            out.push(Cand::new(all.start(), all.end(), TimeKind::Duration, Some("P1Y".into())));
            continue;
        }
        let delta = match (det.as_str(), m.as_deref()) {
            (_, Some("latest" | "previous" | "prior" | "most recent")) | ("last", _) => -1,
            (_, Some("new" | "coming")) | ("next", _) => 1,
            _ => 0,
        };
        out.push(Cand::new(
            all.start(),
            all.end(),
            TimeKind::Date,
            published.map(|p| format!("{:04}", p.year() + delta)),
        ));
    }
    for c in scan(&YEAR_END, text, h.has(&["year"])) {
        let Some(all) = c.get(0) else { continue };
        out.push(Cand::new(
            all.start(),
            all.end(),
            TimeKind::Date,
            published.map(|p| format!("{:04}", p.year())),
        ));
    }
    for c in scan(&YEAR_AGO, text, h.has(&["year-"])) {
        let Some(all) = c.get(0) else { continue };
        let mut cand = Cand::new(all.start(), all.end(), TimeKind::Date, None);
        cand.anaphor = Some(Anaphor::YearsBefore { n: 1, quarter: false, adjective: true });
        out.push(cand);
    }
}

fn years(text: &str, h: &Hints, out: &mut Vec<Cand>) {
    for c in scan(&YEAR, text, h.digits >= 4) {
        let Some(all) = c.get(0) else { continue };
        let decade = c.name("s").is_some();
        let y = &c["y"];
        if !decade && !year_context(text, all.start(), all.end()) {
            continue;
        }
        if decade && !y.ends_with('0') {
            continue;
        }
        let value = if decade { y[..3].to_string() } else { y.to_string() };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, Some(value)));
    }
    for c in scan(&SPELLED_YEAR, text, h.has(&["nineteen", "two thousand"])) {
        let Some(all) = c.get(0) else { continue };
        let word =
            |name: &str| c.name(name).and_then(|m| lx::parse_number_words(m.as_str())).map(|v| v as i32);
        let year = if let Some(t) = word("tens") {
            1900 + t + word("ones").unwrap_or(0)
        } else if let Some(t) = word("teen") {
            1900 + t
        } else if let Some(o) = word("oh") {
            1900 + o
        } else {
            2000 + word("k").unwrap_or(0)
        };
        // "two thousand people" is a count: a spelled year needs "the year" or a preposition
        // before it and no noun after it.
        let before = word_before(text, all.start());
        let after = word_after(text, all.end());
        let prep = before.as_deref().is_some_and(|w| {
            matches!(
                w,
                "in" | "since" | "by" | "until" | "of" | "from" | "to" | "before" | "after" | "during"
            ) || lx::month(w).is_some()
        });
        let noun_after = text[all.end()..].trim_start().starts_with(char::is_lowercase)
            && after
                .as_deref()
                .is_some_and(|w| !storyweave_text::is_stopword(w) && w.chars().all(char::is_alphabetic));
        // "nineteen ninety-six" names nothing but a year; "two thousand" needs the context.
        let nineteen = c.name("tens").is_some() && c.name("ones").is_some();
        if c.name("the").is_none() && !nineteen && (!prep || noun_after) {
            continue;
        }
        let mut start = all.start();
        let mut value = format!("{year:04}");
        // "January nineteen ninety-seven".
        if let Some(m) = before.as_deref().and_then(lx::month) {
            if let Some(s) =
                text[..all.start()].trim_end().rfind(|c: char| c.is_whitespace()).map(|i| i + 1).or(Some(0))
            {
                if lx::month(&text[s..all.start()].trim().to_lowercase()).is_some() {
                    start = s;
                    value = format!("{year:04}-{m:02}");
                }
            }
        }
        out.push(Cand::new(start, all.end(), TimeKind::Date, Some(value)));
    }
    // "the nineties" or "the '90s": two digits after the apostrophe.
    let decade_digits = h.digits >= 2 && h.has(&["'", "’"]);
    for c in scan(&DECADE_WORD, text, h.has(&["ties"]) || decade_digits || (h.folds && h.has(&["'", "’"])))
    {
        let Some(all) = c.get(0) else { continue };
        let d = match (c.name("w"), c.name("d")) {
            (Some(w), _) => {
                lx::parse_number_words(&w.as_str().to_lowercase().replace("ies", "y")).map(|v| v as i32)
            }
            (None, Some(d)) => d.as_str().parse::<i32>().ok(),
            _ => None,
        };
        let Some(d) = d else { continue };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, Some(format!("19{}", d / 10))));
    }
    for c in scan(&BARE_DECADE, text, decade_digits) {
        let Some(all) = c.get(0) else { continue };
        let Ok(d) = c["d"].parse::<i32>() else { continue };
        // Not inside a word or a quote that runs into digits ("rock'90s").
        if text[..all.start()].chars().next_back().is_some_and(|p| !p.is_whitespace() && p != '(') {
            continue;
        }
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, Some(format!("19{}", d / 10))));
    }
    for c in scan(&CENTURY, text, h.has(&["century"])) {
        let Some(all) = c.get(0) else { continue };
        let Ok(n) = c["n"].parse::<u32>() else { continue };
        if !(1..=21).contains(&n) {
            continue;
        }
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, Some(format!("{:02}", n - 1))));
    }
}

/// Whether a four-digit number at `s..e` reads as a year rather than a count.
fn year_context(text: &str, s: usize, e: usize) -> bool {
    let prev_char = text[..s].chars().next_back();
    let next_char = text[e..].chars().next();
    // "mid-1996", "post-1959": a year all the same.
    // Only the few characters before the number matter: not a copy of all the text before it.
    let from = text[..s].char_indices().rev().nth(5).map_or(0, |(i, _)| i);
    let lead = text[from..s].to_ascii_lowercase();
    if ["mid-", "pre-", "post-", "early-", "late-"].iter().any(|p| lead.ends_with(p)) {
        return true;
    }
    if prev_char.is_some_and(|c| matches!(c, '$' | '€' | '£' | '.' | ',' | '-' | '/' | ':' | '#'))
        || next_char.is_some_and(|c| matches!(c, '.' | ',' | ':' | '/' | '-' | '%'))
            && text[e..].chars().nth(1).is_some_and(|c| c.is_ascii_digit())
    {
        return false;
    }
    // "the 2000-seat hall", "a 1500-word essay": a compound adjective counts something.
    if next_char == Some('-') && text[e..].chars().nth(1).is_some_and(char::is_lowercase) {
        return false;
    }
    // "(1500 GMT)", "by 0800 hours": a clock on the 24-hour dial.
    let after = word_after(text, e);
    if after
        .as_deref()
        .is_some_and(|w| w == "hours" || w == "hrs" || ZONES.split('|').any(|z| z.eq_ignore_ascii_case(w)))
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
    match after {
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
    for c in scan(&REL_DAY, text, h.has(&["today", "tonight", "yesterday", "tomorrow"])) {
        let Some(all) = c.get(0) else { continue };
        let Some((ds, de)) = group_range(&c, "d") else { continue };
        let word = c["d"].to_lowercase();
        let pod = c.name("pod");
        let end = pod.map_or(de, |p| p.end());
        let start = all.start().min(ds);
        // "today's youth", "in today's world": the present age, not a day.
        let generic = word == "today"
            && pod.is_none()
            && text[de..].starts_with(['\'', '’'])
            && word_after(text, de + text[de..].find(char::is_whitespace).unwrap_or(0)).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "world"
                        | "society"
                        | "youth"
                        | "young"
                        | "generation"
                        | "generations"
                        | "children"
                        | "kids"
                        | "teenagers"
                        | "standards"
                        | "terms"
                        | "dollars"
                        | "culture"
                        | "technology"
                )
            });
        if generic {
            continue;
        }
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
        push_day(out, start, end, day, pod_code);
        if let Some(c) = out.last_mut() {
            c.deictic = Some(offset);
        }
    }
    for c in scan(&POD_DAY, text, h.has(&["yesterday", "today", "tomorrow"])) {
        let Some(all) = c.get(0) else { continue };
        let offset = match c["d"].to_lowercase().as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => 0,
        };
        let day = published.and_then(|p| shift(p, offset));
        push_day(out, all.start(), all.end(), day, Some(pod_code(&c["pod"])));
        if let Some(c) = out.last_mut() {
            c.deictic = Some(offset);
        }
    }
    for c in scan(&THIS_POD, text, h.has(&POD)) {
        let Some(all) = c.get(0) else { continue };
        let last = c["w"].eq_ignore_ascii_case("last");
        let day = published.and_then(|p| shift(p, if last { -1 } else { 0 }));
        push_day(out, all.start(), all.end(), day, Some(pod_code(&c["pod"])));
    }
    let rel_unit = h.has(&["this ", "next ", "last ", "past ", "coming ", "current "])
        && (h.unit || h.folds || h.has(&["spring", "summer", "autumn", "fall", "winter"]));
    for c in scan(&REL_UNIT, text, rel_unit) {
        let Some(all) = c.get(0) else { continue };
        let w = c["w"].to_lowercase();
        let w = w.trim_start_matches("the").trim();
        // "ABC's “This Week”": a capitalised unit inside a sentence names a programme or a title.
        let titled = c.name("u").is_some_and(|u| u.as_str().starts_with(char::is_uppercase));
        if titled && !text[..all.start()].trim_end_matches(['"', '“', '‘', '\'', ' ', '`']).is_empty() {
            continue;
        }
        let unit = c["u"].to_lowercase();
        let season = matches!(unit.as_str(), "spring" | "summer" | "autumn" | "fall" | "winter");
        // "this past weekend" is the last one, as "this past spring" is.
        if (season || unit == "weekend") && w.ends_with("past") {
            let value = published.and_then(|p| {
                if season {
                    Some(season_value(p, &unit, -1))
                } else {
                    shift(p, -7).map(|d| format!("{}-WE", iso_week(d)))
                }
            });
            out.push(Cand::new(all.start(), all.end(), TimeKind::Date, value));
            continue;
        }
        // "in the past year": TimeBank annotates the calendar year before, as for "last year".
        if w.ends_with("past") && unit == "year" {
            let value = published.map(|p| format!("{:04}", p.year() - 1));
            let lead = text[..all.start()].to_ascii_lowercase();
            let the = lead.ends_with("the ") && !lead[..lead.len() - 4].ends_with(char::is_alphanumeric);
            let start = if the { all.start() - 4 } else { all.start() };
            out.push(Cand::new(start, all.end(), TimeKind::Date, value));
            continue;
        }
        if w.ends_with("past") {
            // "the past week": a span of time, not a calendar week.
            let v = match unit.as_str() {
                "week" => Some("P1W"),
                "month" => Some("P1M"),
                "decade" => Some("P10Y"),
                _ => None,
            };
            if let Some(v) = v {
                out.push(Cand::new(all.start(), all.end(), TimeKind::Duration, Some(v.to_string())));
            }
            continue;
        }
        let delta: i32 = match w {
            "next" | "coming" => 1,
            "last" => -1,
            _ => 0,
        };
        if unit == "decade" {
            // "over the next decade" is ten years long; "in the last decade", like "last
            // year", the calendar decade before this one.
            let lead = text[..all.start()].to_ascii_lowercase();
            let the = lead.strip_suffix("the ");
            let start = if the.is_some() { all.start() - 4 } else { all.start() };
            let lead = the.unwrap_or(&lead);
            let span =
                delta != 0 && ["for ", "over ", "within ", "throughout "].iter().any(|p| lead.ends_with(p));
            if span {
                out.push(Cand::new(start, all.end(), TimeKind::Duration, Some("P10Y".into())));
            } else {
                // "early this decade" is still this decade (the modifier is TimeML's `mod`).
                let start = c.name("mod").map_or(start, |m| m.start());
                let value = published.map(|p| format!("{:03}", p.year().div_euclid(10) + delta));
                out.push(Cand::new(start, all.end(), TimeKind::Date, value));
            }
            continue;
        }
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
    for c in scan(&SEASON, text, h.has(&["spring", "summer", "autumn", "winter", "fall"])) {
        let (Some(all), Some(season)) = (c.get(0), c.name("s")) else { continue };
        let season = season.as_str().to_lowercase();
        let year = c.name("y").and_then(|y| y.as_str().parse::<i32>().ok());
        let before = word_before(text, all.start());
        let after = word_after(text, all.end());
        // "in the summer", "during early spring"; not "a fall in prices", "the spring of a trap".
        let prep = before.as_deref().is_some_and(|w| {
            matches!(
                w,
                "in" | "during"
                    | "by"
                    | "until"
                    | "till"
                    | "since"
                    | "through"
                    | "throughout"
                    | "over"
                    | "into"
            ) || (w == "of" && !matches!(season.as_str(), "fall" | "spring"))
        });
        let of_after = matches!(after.as_deref(), Some("of" | "in" | "from" | "to"));
        if year.is_none() && (!prep || of_after || (season == "fall" && c.name("the").is_none())) {
            continue;
        }
        let value = match (year, published) {
            (Some(y), _) => Some(season_code(y, &season)),
            (None, Some(p)) => {
                let start_month = season_start(&season);
                let y = match tense_around(text, all.start(), all.end()) {
                    Some(Tense::Future) if start_month + 2 < p.month() => p.year() + 1,
                    Some(Tense::Future) => p.year(),
                    _ if start_month <= p.month() => p.year(),
                    _ => p.year() - 1,
                };
                Some(season_code(y, &season))
            }
            (None, None) => None,
        };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, value));
    }
    for c in scan(
        &ANAPHORIC_UNIT,
        text,
        h.has(&["following", "previous", "preceding", "prior", "same", "next", "that"])
            && (h.unit || h.has(&POD)),
    ) {
        let Some(all) = c.get(0) else { continue };
        let u = c["u"].to_lowercase();
        let w = c.name("w").map(|w| w.as_str().to_lowercase());
        // "the next week" and "the next year" are spans ahead, not the week after the reference.
        if w.as_deref() == Some("next")
            && !matches!(u.as_str(), "day" | "morning" | "afternoon" | "evening" | "night")
        {
            continue;
        }
        let n = match w.as_deref() {
            Some("following" | "next") => 1,
            Some("previous" | "preceding" | "prior") => -1,
            _ => 0,
        };
        let (unit, pod) = match u.as_str() {
            "day" => (Unit::Day, None),
            "week" => (Unit::Week, None),
            "month" => (Unit::Month, None),
            "year" => (Unit::Year, None),
            p => (Unit::Day, Some(pod_code(p))),
        };
        // Without a side, "that morning" keeps its part of day on the resolved day.
        let mut cand = Cand::new(
            all.start(),
            all.end(),
            if pod.is_some() { TimeKind::Time } else { TimeKind::Date },
            pod.map(|p| format!("XXXX-XX-XXT{p}")),
        );
        cand.anaphor = Some(Anaphor::Shift { unit, n });
        out.push(cand);
    }
    for c in scan(
        &DAY_BESIDE,
        text,
        h.has(&["day before", "day after", "night before", "night after", "ing before", "ing after"]),
    ) {
        let Some(all) = c.get(0) else { continue };
        let next = text[all.end()..].trim_start().chars().next();
        if next.is_some_and(|ch| ch.is_alphanumeric() || ch == '$') {
            continue;
        }
        let n = if c["dir"].eq_ignore_ascii_case("before") { -1 } else { 1 };
        let u = c["u"].to_lowercase();
        let pod = (u != "day").then(|| pod_code(&u));
        let kind = if pod.is_some() { TimeKind::Time } else { TimeKind::Date };
        let mut cand = Cand::new(all.start(), all.end(), kind, pod.map(|p| format!("XXXX-XX-XXT{p}")));
        cand.anaphor = Some(Anaphor::Shift { unit: Unit::Day, n });
        out.push(cand);
    }
    for c in scan(&HOURS_LATER, text, h.has(&["s later", "s earlier"])) {
        let Some(all) = c.get(0) else { continue };
        let mut cand = Cand::new(all.start(), all.end(), TimeKind::Date, None);
        cand.anaphor = Some(Anaphor::Shift { unit: Unit::Day, n: 0 });
        out.push(cand);
    }
    for c in scan(&IN_THE_UNIT, text, h.has(&[" in the "])) {
        let Some(all) = c.get(0) else { continue };
        let unit = match c["u"].to_lowercase().as_str() {
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            _ => Unit::Year,
        };
        let mut cand = Cand::new(all.start(), all.end(), TimeKind::Date, None);
        cand.anaphor = Some(Anaphor::Shift { unit, n: 0 });
        out.push(cand);
    }
    for c in scan(&ORDINAL_UNIT, text, h.unit && h.has(&["its ", "their ", "his ", "her "])) {
        let Some(all) = c.get(0) else { continue };
        // "their third day-long meeting": the unit is a length, not the day of a count.
        if text[all.end()..].starts_with('-') {
            continue;
        }
        let value = match c["u"].to_ascii_lowercase().as_str() {
            "year" => "XXXX",
            "month" => "XXXX-XX",
            "week" => "XXXX-WXX",
            _ => "XXXX-XX-XX",
        };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, Some(value.to_string())));
    }
    for c in scan(&WEEKEND, text, h.has(&["weekend"])) {
        let Some(all) = c.get(0) else { continue };
        let value = published.and_then(|p| {
            let wd = p.weekday().num_days_from_monday();
            // Saturday of this week, then the weekend before or after as the tense says.
            let saturday = shift(p, 5 - i64::from(wd))?;
            let target = match tense_around(text, all.start(), all.end()) {
                Some(Tense::Future) => saturday,
                _ if wd >= 5 => saturday,
                _ => shift(saturday, -7)?,
            };
            Some(format!("{}-WE", iso_week(target)))
        });
        out.push(Cand::new(all.start(), all.end(), TimeKind::Date, value));
    }
    for c in scan(&EDGE_OF_UNIT, text, h.has(&["of the month", "of the week"])) {
        let Some(the) = c.name("the") else { continue };
        let unit = if c["u"].eq_ignore_ascii_case("week") { Unit::Week } else { Unit::Month };
        let mut cand = Cand::new(the.start(), the.end(), TimeKind::Date, None);
        cand.anaphor = Some(Anaphor::Shift { unit, n: 0 });
        out.push(cand);
    }
    for c in scan(&THE_YEAR, text, h.has(&["the year"])) {
        let Some(all) = c.get(0) else { continue };
        let after = word_after(text, all.end());
        // "the year ended Sept. 30" is a span of a year; "during the year" this one.
        if after.as_deref().is_some_and(|w| matches!(w, "ended" | "ending" | "ends" | "through" | "to")) {
            out.push(Cand::new(all.start(), all.end(), TimeKind::Duration, Some("P1Y".into())));
            continue;
        }
        if after.as_deref().is_some_and(|w| {
            w.chars().all(|c| c.is_ascii_digit())
                || w == "before"
                || w == "after"
                || w == "earlier"
                || w == "ago"
        }) {
            continue;
        }
        let before = word_before(text, all.start());
        if !before
            .as_deref()
            .is_some_and(|w| matches!(w, "for" | "during" | "in" | "of" | "through" | "throughout"))
        {
            continue;
        }
        let mut cand = Cand::new(all.start(), all.end(), TimeKind::Date, None);
        cand.anaphor = Some(Anaphor::Shift { unit: Unit::Year, n: 0 });
        out.push(cand);
    }
    for c in scan(
        &SHIFTED,
        text,
        h.unit && h.has(&["ago", "earlier", "later", "before", "after", "from now", "hence", "previously"]),
    ) {
        let Some(all) = c.get(0) else { continue };
        let dir = c["dir"].to_lowercase();
        let dir = dir.split_whitespace().next().unwrap_or("").to_string();
        // "two days before the vote": the span is a duration, the anchor another event.
        if matches!(dir.as_str(), "before" | "after") {
            let next = text[all.end()..].trim_start().chars().next();
            if next.is_some_and(|ch| ch.is_alphanumeric()) {
                continue;
            }
        }
        let n =
            amount(&c["n"]).filter(|n| (0.0..=10_000.0).contains(n) && n.fract() == 0.0).map(|n| n as i64);
        let unit = c["u"].to_lowercase();
        let unit = unit.trim_end_matches('s');
        let back = matches!(dir.as_str(), "ago" | "earlier" | "before" | "previously");
        let deictic = matches!(dir.as_str(), "ago" | "from" | "hence");
        let mut cand = Cand::new(all.start(), all.end(), TimeKind::Date, None);
        let Some(n) = n else {
            if deictic {
                cand.value = Some(if back { "PAST_REF" } else { "FUTURE_REF" }.to_string());
                out.push(cand);
            }
            continue;
        };
        let signed = if back { -n } else { n };
        if deictic {
            cand.value = published.and_then(|p| match unit {
                "day" => shift(p, signed).map(ymd),
                "week" => shift(p, 7 * signed).map(iso_week),
                "month" => {
                    let (y, m) = add_months(p, signed as i32);
                    Some(format!("{y:04}-{m:02}"))
                }
                "quarter" => {
                    let (y, q) = add_quarters(p.year(), quarter_of(p), signed as i32);
                    Some(format!("{y:04}-Q{q}"))
                }
                "year" => Some(format!("{:04}", i64::from(p.year()) + signed)),
                _ => Some(format!("{:03}", (i64::from(p.year()) + 10 * signed).div_euclid(10))),
            });
            if unit == "year" && back {
                cand.anaphor = Some(Anaphor::YearsAgo(n as i32));
            }
        } else {
            cand.anaphor = match unit {
                "day" => Some(Anaphor::Shift { unit: Unit::Day, n: signed }),
                "week" => Some(Anaphor::Shift { unit: Unit::Week, n: signed }),
                "month" => Some(Anaphor::Shift { unit: Unit::Month, n: signed }),
                "year" if back => {
                    Some(Anaphor::YearsBefore { n: n as i32, quarter: false, adjective: false })
                }
                "year" => Some(Anaphor::Shift { unit: Unit::Year, n: signed }),
                _ => None,
            };
            if cand.anaphor.is_none() {
                continue;
            }
        }
        out.push(cand);
    }
    for c in scan(
        &REF_WORDS,
        text,
        h.has(&["now", "current", "recent", "these days", "future", "past", "formerly"]),
    ) {
        let Some(all) = c.get(0) else { continue };
        let w = c["w"].to_lowercase();
        if w == "current" && !current_is_now(text, all.start(), all.end()) {
            continue;
        }
        let v = if w.contains("future") {
            "FUTURE_REF"
        } else if w.contains("past") || w == "recently" || w == "formerly" {
            // "the past" before a unit ("the past two years") is a duration's modifier.
            if w.contains("past") {
                let after = word_after(text, all.end());
                if after.as_deref().is_some_and(|a| {
                    amount(a).is_some()
                        || a.starts_with("few")
                        || a.starts_with("several")
                        || a.starts_with("couple")
                        || unit_word(a)
                        || a == "decade"
                        || a == "century"
                }) {
                    continue;
                }
            }
            "PAST_REF"
        } else {
            "PRESENT_REF"
        };
        // "in the past" and "in the future": TimeML leaves the preposition out.
        let start = if w.starts_with("in ") { all.start() + 3 } else { all.start() };
        out.push(Cand::new(start, all.end(), TimeKind::Date, Some(v.to_string())));
    }
}

/// "the current crisis", "its current share": the adjective before a noun says "as of now"
/// (TimeML's PRESENT_REF), but not in "the then current price", a "current account" (a balance)
/// or the noun ("swept away by the current"); "the current year" and "the current quarter" are
/// dates of their own, found by longer patterns.
fn current_is_now(text: &str, start: usize, end: usize) -> bool {
    let next = word_after(text, end);
    let noun_follows = text[end..].starts_with(' ')
        && text[end..].trim_start().starts_with(|ch: char| ch.is_ascii_lowercase())
        && next.as_deref().is_some_and(|n| {
            !matches!(n, "account" | "accounts" | "of" | "and" | "or" | "is" | "was" | "in" | "to")
        });
    let before = word_before(text, start);
    let then = before.as_deref() == Some("then")
        || start
            .checked_sub(5)
            .and_then(|a| text.get(a..start))
            .is_some_and(|w| w.eq_ignore_ascii_case("then-"));
    // After a determiner, a possessive or a preposition ("its current owners", "at current
    // prices"), not after an adjective ("a strong current off the coast", "electric current").
    let led = before.as_deref().is_none_or(|w| {
        w.ends_with("'s")
            || w.ends_with("’s")
            || matches!(
                w,
                "the"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "our"
                    | "your"
                    | "my"
                    | "whose"
                    | "of"
                    | "at"
                    | "in"
                    | "under"
                    | "from"
                    | "with"
                    | "for"
                    | "on"
                    | "by"
                    | "to"
                    | "into"
                    | "about"
                    | "over"
                    | "amid"
                    | "despite"
            )
    });
    noun_follows && led && !then
}

fn unit_word(w: &str) -> bool {
    matches!(
        w.trim_end_matches('s'),
        "second"
            | "minute"
            | "hour"
            | "day"
            | "week"
            | "weekend"
            | "month"
            | "quarter"
            | "year"
            | "decade"
            | "summer"
            | "winter"
    )
}

/// A day, or a part of one ("2025-10-15TEV"), as a candidate.
fn push_day(out: &mut Vec<Cand>, start: usize, end: usize, day: Option<NaiveDate>, pod: Option<&str>) {
    match pod {
        Some(code) => {
            out.push(Cand::new(start, end, TimeKind::Time, day.map(|d| format!("{}T{code}", ymd(d)))))
        }
        None => out.push(Cand::date(start, end, day)),
    }
}

/// "2025-SU" for the summer meant by this/next/last summer.
/// The month a season starts in (northern hemisphere, as TimeBank reads them).
fn season_start(season: &str) -> u32 {
    match season {
        "spring" => 3,
        "summer" => 6,
        "autumn" | "fall" => 9,
        _ => 12,
    }
}

/// "1994-WI".
fn season_code(year: i32, season: &str) -> String {
    let code = match season {
        "spring" => "SP",
        "summer" => "SU",
        "autumn" | "fall" => "FA",
        _ => "WI",
    };
    format!("{year:04}-{code}")
}

fn season_value(p: NaiveDate, season: &str, delta: i32) -> String {
    let start_month = season_start(season);
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
    season_code(year, season)
}

fn weekdays(text: &str, published: Option<NaiveDate>, h: &Hints, out: &mut Vec<Cand>) {
    for c in scan(&WEEKDAY, text, h.weekday) {
        let Some(wd) = c.name("wd") else { continue };
        let Some(n) = lx::weekday(&wd.as_str().to_lowercase()) else { continue };
        let modifier = c.name("mod").map(|m| m.as_str().to_lowercase());
        let modifier = modifier.map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "));
        let start = c.name("mod").map_or(wd.start(), |m| m.start());
        let pod = c.name("pod");
        let end = pod.map_or_else(|| c.name("pl").map_or(wd.end(), |p| p.end()), |p| p.end());
        let every = matches!(modifier.as_deref(), Some("every" | "each")) || c.name("pl").is_some();
        if every {
            let code = pod.map_or(String::new(), |p| format!("T{}", pod_code(p.as_str())));
            out.push(Cand::new(start, end, TimeKind::Set, Some(format!("XXXX-WXX-{}{code}", n + 1))));
            continue;
        }
        let anaphoric = matches!(modifier.as_deref(), Some("the previous" | "the following"));
        let possessive = text[wd.end()..].starts_with("'s") || text[wd.end()..].starts_with("’s");
        let day = published.and_then(|p| {
            let today = p.weekday().num_days_from_monday();
            let back = i64::from((today + 7 - n) % 7);
            let fwd = i64::from((n + 7 - today) % 7);
            let offset = match modifier.as_deref() {
                Some("last" | "past" | "the previous") => -(if back == 0 { 7 } else { back }),
                Some("next" | "the following") => {
                    if fwd == 0 {
                        7
                    } else {
                        fwd
                    }
                }
                Some(_) => fwd,
                // With no cue, the one before (news mostly reports what has happened), unless
                // it is tomorrow's ("talks resume Friday" in Thursday's paper).
                // "Wednesday's ruling" names an event already known, unless something points
                // ahead ("ahead of Monday's vote").
                None if possessive => {
                    let lead = storyweave_text::lowercase(&text[..start]);
                    let words: Vec<&str> = lead.split_whitespace().rev().take(3).collect();
                    if words.iter().any(|w| {
                        matches!(*w, "ahead" | "upcoming" | "before" | "until" | "awaiting" | "await")
                    }) {
                        fwd
                    } else {
                        -back
                    }
                }
                None => match tense_around(text, wd.start(), wd.end()) {
                    Some(Tense::Future) => fwd,
                    Some(Tense::Past) => -back,
                    None if fwd == 1 => 1,
                    None => -back,
                },
            };
            shift(p, offset)
        });
        let mut cand = match pod {
            Some(p) => {
                let code = pod_code(p.as_str());
                Cand::new(start, end, TimeKind::Time, day.map(|d| format!("{}T{code}", ymd(d))))
            }
            None => Cand::date(start, end, day),
        };
        if anaphoric && pod.is_none() {
            // Counted from the day the article is about, when it named one.
            cand.anaphor =
                Some(Anaphor::WeekdayFrom { weekday: n, back: modifier.as_deref() == Some("the previous") });
        }
        out.push(cand);
    }
}

fn durations_and_sets(text: &str, h: &Hints, out: &mut Vec<Cand>) {
    for c in scan(&DURATION, text, h.unit) {
        let Some(all) = c.get(0) else { continue };
        // "a 6-year-old": an age, not a stretch of time.
        let rest = &text[all.end()..];
        if rest.starts_with("-old") || rest.starts_with(" old") || rest.starts_with("-olds") {
            continue;
        }
        // "0800 hours": a clock on the 24-hour dial, not eight hundred hours.
        let digits = c["n"].trim();
        if digits.len() == 4 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let Some(mut n) = amount(c["n"].trim()) else { continue };
        if c.name("half").is_some() {
            n += 0.5;
        }
        let unit = c["u"].to_ascii_lowercase();
        let after = word_after(text, all.end());
        // "a second group", "a second-degree charge": an ordinal, not one second.
        if unit == "second"
            && matches!(c["n"].to_ascii_lowercase().as_str(), "a" | "an")
            && after.as_deref().is_some_and(|w| {
                !storyweave_text::is_stopword(w) && !matches!(w, "later" | "earlier" | "ago" | "longer")
            })
        {
            continue;
        }
        // CBS's "60 Minutes": a capitalised unit inside a sentence names a title.
        if c.name("u").is_some_and(|u| u.as_str().starts_with(char::is_uppercase))
            && !text[..all.start()].trim_end_matches(['"', '“', '‘', '\'', ' ', '`']).is_empty()
        {
            continue;
        }
        let hyphen = text[all.start()..c.name("u").map_or(all.end(), |u| u.start())].ends_with('-');
        // "the 1988 quarter" is a year's quarter, not 1,988 of them.
        if n >= 1000.0 && !unit.ends_with('s') && !hyphen {
            continue;
        }
        // "three-quarters of", "a quarter of the vote": fractions, not quarters of a year.
        if unit.starts_with("quarter")
            && (hyphen
                || c["n"].eq_ignore_ascii_case("a")
                || word_after(text, all.end()).as_deref() == Some("of"))
        {
            continue;
        }
        // "an hour-long speech": the article belongs to the noun (the unit word is found alone).
        if matches!(c["n"].to_ascii_lowercase().as_str(), "a" | "an") && all.as_str().ends_with("-long") {
            continue;
        }
        // "$2 million a year", "four flights a week": a rate, not a stretch of time.
        if matches!(c["n"].to_ascii_lowercase().as_str(), "a" | "an") && !hyphen {
            let before = word_before(text, all.start()).unwrap_or_default();
            let plural = before.ends_with('s')
                && !before.ends_with("ss")
                && !before.ends_with("ys")
                && before.len() > 3
                && !matches!(before.as_str(), "this" | "towards" | "always" | "perhaps" | "less");
            let rate = before.chars().next().is_some_and(|ch| ch.is_ascii_digit())
                || matches!(
                    before.as_str(),
                    "million" | "billion" | "thousand" | "hundred" | "percent" | "cents"
                )
                || plural;
            if rate {
                continue;
            }
        }
        let value = duration_value(n, &unit);
        out.push(Cand::new(all.start(), all.end(), TimeKind::Duration, Some(value)));
    }
    for c in scan(&VAGUE_DURATION, text, h.unit && h.has(&["recent", "coming", "few", "several", "many"])) {
        let Some(all) = c.get(0) else { continue };
        if text[all.end()..].starts_with("-old") || text[all.end()..].starts_with(" old") {
            continue;
        }
        out.push(Cand::new(all.start(), all.end(), TimeKind::Duration, Some(vague_duration(&c["u"]))));
    }
    for c in scan(&ONE_UNIT_WORD, text, h.has(&["long", "fortnight", "half"])) {
        let Some(all) = c.get(0) else { continue };
        let value = match (c.name("long"), c.name("fortnight")) {
            (Some(u), _) => duration_value(1.0, &u.as_str().to_lowercase()),
            (None, Some(_)) => "P2W".to_string(),
            (None, None) => "PT30M".to_string(),
        };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Duration, Some(value)));
    }
    for c in scan(&UNITS_AHEAD, text, h.unit && h.has(&["ahead", "to come"])) {
        let Some(all) = c.get(0) else { continue };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Duration, Some(vague_duration(&c["u"]))));
    }
    // A plural unit ("ſ" aside, see `Hints::folds`).
    let plural = h.folds
        || h.has(&[
            "seconds",
            "minutes",
            "hours",
            "days",
            "weeks",
            "months",
            "years",
            "decades",
            "centuries",
        ]);
    for c in scan(&UNSPECIFIED, text, h.unit && plural) {
        let Some(u) = c.name("u") else { continue };
        out.push(Cand::new(u.start(), u.end(), TimeKind::Duration, Some(vague_duration(u.as_str()))));
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
            _ => duration_value(n, &u),
        };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Set, Some(value)));
    }
    for c in scan(&SET_EVERY_NAMED, text, h.has(&["every", "each"])) {
        let Some(all) = c.get(0) else { continue };
        let name = c["n"].to_lowercase();
        let value = match lx::month(&name) {
            Some(m) => format!("XXXX-{m:02}"),
            None => season_code(0, &name).replacen("0000", "XXXX", 1),
        };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Set, Some(value)));
    }
    for c in scan(&SET_TIMES, text, h.has(&["once", "twice", "times"])) {
        let Some(all) = c.get(0) else { continue };
        out.push(Cand::new(all.start(), all.end(), TimeKind::Set, Some(duration_value(1.0, &c["u"]))));
    }
    for c in scan(&SET_ADVERB, text, h.has(&SET_ADVERBS)) {
        let Some(all) = c.get(0) else { continue };
        let w = c["w"].to_lowercase();
        let determiner = word_before(text, all.start()).as_deref().is_some_and(|b| {
            matches!(
                b,
                "the"
                    | "a"
                    | "an"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "our"
                    | "average"
                    | "initial"
                    | "first"
            )
        });
        let name_after = text[all.end()..].trim_start().starts_with(char::is_uppercase);
        // "the daily Granma" is a newspaper and "its quarterly dividend" a payment, while "a
        // daily rally" still recurs.
        if name_after || (determiner && w != "daily") {
            continue;
        }
        let v = match w.as_str() {
            "hourly" => "PT1H",
            "daily" => "P1D",
            "nightly" => "TNI",
            "weekly" => "P1W",
            "monthly" => "P1M",
            "quarterly" => "P1Q",
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
    for c in scan(&CLOCK, text, h.digits >= 1 && h.has(&["am", "pm", "a.", "p."])) {
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
    for c in scan(&CLOCK24, text, h.digits >= 1 && text.contains(':')) {
        let Some(all) = c.get(0) else { continue };
        // "12:30:45" and "3:2" scores are not clock readings worth guessing at.
        if text[all.end()..].starts_with(':') {
            continue;
        }
        let (Ok(h), Ok(m)) = (c["h"].parse::<u32>(), c["m"].parse::<u32>()) else { continue };
        push(all.start(), all.end(), h, m);
    }
    for c in scan(&CLOCK_WORDS, text, h.has(&["o'clock", "o’clock", " in the "])) {
        let Some(all) = c.get(0) else { continue };
        let Some(hw) = c.name("h").or(c.name("h2")) else { continue };
        let Some(mut hour) = amount(hw.as_str()).map(|v| v as u32) else { continue };
        if !(1..=12).contains(&hour) {
            continue;
        }
        let pm = c.name("pod").is_some_and(|p| !p.as_str().eq_ignore_ascii_case("morning"));
        if hour == 12 {
            hour = 0;
        }
        if pm {
            hour += 12;
        }
        push(all.start(), all.end(), hour, 0);
    }
    for c in scan(&NOON, text, h.has(&["noon", "midday", "midnight"])) {
        let Some(all) = c.get(0) else { continue };
        // "High Noon", "high noon comes today": a showdown, not a clock time.
        if word_before(text, all.start()).as_deref() == Some("high") {
            continue;
        }
        let h = if c["w"].eq_ignore_ascii_case("midnight") { 0 } else { 12 };
        push(all.start(), all.end(), h, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_find_exactly_what_a_substring_search_finds() {
        let text = "The Council met LAST Week, two decades after the 1990s – and again next Tuesday’s.";
        let h = Hints::new(text);
        let lower = text.to_lowercase();
        for n in [
            "last week",
            "decade",
            "council",
            "tuesday’s",
            "1990s",
            "– and",
            "s.",
            "x",
            "weeks",
            "next month",
            "",
        ] {
            assert_eq!(h.has(&[n]), lower.contains(n), "{n}");
        }
        assert!(h.unit);
        assert!(!Hints::new("No time here.").unit);
    }

    // A Thursday.
    fn thursday() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2025, 10, 16)
    }

    fn run(text: &str, published: Option<NaiveDate>) -> Vec<Cand> {
        let anchor = published.and_then(|d| d.and_hms_opt(0, 0, 0)).map(Anchor::new);
        sentence_times(text, anchor.as_ref(), &mut DocState::default())
    }

    fn values(text: &str) -> Vec<(String, Option<String>)> {
        run(text, thursday()).into_iter().map(|c| (text[c.start..c.end].to_string(), c.value)).collect()
    }

    fn v(pairs: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
        pairs.iter().map(|(a, b)| (a.to_string(), Some(b.to_string()))).collect()
    }

    /// Values over a whole article, sentence by sentence, published at `at`.
    fn article(sentences: &[&str], at: NaiveDateTime) -> Vec<(String, Option<String>)> {
        let s: Vec<Sentence> =
            sentences.iter().map(|t| Sentence { text: t.to_string(), paragraph: 0 }).collect();
        find_times(&s, Some(at)).into_iter().map(|t| (t.text, t.value)).collect()
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
        assert_eq!(
            values("The school will remain closed until Tuesday, officials said."),
            v(&[("Tuesday", "2025-10-21")])
        );
        assert_eq!(values("The bridge stays shut until Monday."), v(&[("Monday", "2025-10-20")]));
        assert_eq!(values("On Monday, the council said the plan was dead."), v(&[("Monday", "2025-10-13")]));
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
        assert_eq!(
            values("The firm was sold nearly four years ago."),
            v(&[("nearly four years ago", "2021")])
        );
        // A hedge after the unit stays inside the expression.
        assert_eq!(values("The fire broke out a week or so ago."), v(&[("a week or so ago", "2025-W41")]));
        assert_eq!(values("It closed a decade or more ago."), v(&[("a decade or more ago", "201")]));
        assert_eq!(values("Talks begin early next week."), v(&[("early next week", "2025-W43")]));
        assert_eq!(values("Crews worked through the weekend."), v(&[("the weekend", "2025-W41-WE")]));
        assert_eq!(values("They will rest over the weekend."), v(&[("the weekend", "2025-W42-WE")]));
    }

    #[test]
    fn seasons_and_prefixed_years_and_months() {
        assert_eq!(
            values("Demand was weak in the summer and the mill shut during the early spring."),
            v(&[("the summer", "2025-SU"), ("the early spring", "2025-SP")])
        );
        assert_eq!(values("Crops failed this past spring."), v(&[("this past spring", "2025-SP")]));
        assert_eq!(
            values("Pipes froze in the winter of nineteen ninety-four."),
            v(&[("the winter of nineteen ninety-four", "1994-WI")])
        );
        assert_eq!(values("Sales grew over the past decade."), v(&[("the past decade", "P10Y")]));
        assert_eq!(values("Rents climbed in the past year."), v(&[("the past year", "2024")]));
        assert_eq!(values("Prices fell for six trading days."), v(&[("six trading days", "P6D")]));
        assert_eq!(
            values("It posted a profit for the fiscal third-quarter of $4 million."),
            v(&[("fiscal third-quarter", "2025-Q3")])
        );
        assert_eq!(
            values("Today's children read less, but today's vote counts."),
            v(&[("today", "2025-10-16")])
        );
        assert_eq!(values("It ends at the end of this week."), v(&[("the end of this week", "2025-W42")]));
        assert_eq!(values("He told CBS's “This Week” that the vote was lost."), vec![]);
        assert_eq!(values("This Week the talks resume."), v(&[("This Week", "2025-W42")]));
        assert_eq!(values("The port froze in the winter of 1994."), v(&[("the winter of 1994", "1994-WI")]));
        assert_eq!(values("Summer 2012 was dry."), v(&[("Summer 2012", "2012-SU")]));
        assert_eq!(values("The line opens in fall 2027."), v(&[("fall 2027", "2027-FA")]));
        assert_eq!(values("Work will resume in the spring."), v(&[("the spring", "2026-SP")]));
        assert!(values("The fall in prices hurt, and the spring of the trap snapped.").is_empty());
        assert_eq!(
            values("Output peaked in mid-2019 and again in post-2021 trading."),
            v(&[("mid-2019", "2019"), ("post-2021", "2021")])
        );
        assert_eq!(values("Rates rose in late-September."), v(&[("late-September", "2025-09")]));
    }

    #[test]
    fn months_as_limits_and_attributes() {
        assert_eq!(values("The bank extended its loans through January."), v(&[("January", "2026-01")]));
        assert_eq!(values("It hopes to repay the debt by February."), v(&[("February", "2026-02")]));
        assert_eq!(values("The airline will add flights by April."), v(&[("April", "2026-04")]));
        assert_eq!(
            values("The summit is on November 3 and 4 in Rome."),
            v(&[("November 3", "2025-11-03"), ("4", "2025-11-04")])
        );
        assert_eq!(values("Shares rose on November 3 to 45 cents."), v(&[("November 3", "2025-11-03")]));
        assert_eq!(values("The December vote will settle it."), v(&[("December", "2025-12")]));
        assert_eq!(
            values("Under a November accord, the firm is trying to sell itself."),
            v(&[("November", "2024-11")])
        );
        let at = thursday().and_then(|d| d.and_hms_opt(0, 0, 0)).unwrap();
        assert_eq!(
            article(&["Sales fell in September.", "The mill closed 41 years ago."], at),
            v(&[("September", "2025-09"), ("41 years ago", "1984")])
        );
    }

    #[test]
    fn explicit_and_partial_dates() {
        assert_eq!(values("The vote was held on 3 March 2024."), v(&[("3 March 2024", "2024-03-03")]));
        assert_eq!(values("The vote is on October 20."), v(&[("October 20", "2025-10-20")]));
        assert_eq!(values("It ends on 28 December."), v(&[("28 December", "2025-12-28")]));
        assert_eq!(values("It began on 28 February."), v(&[("28 February", "2025-02-28")]));
        assert_eq!(values("It will end on 28 February."), v(&[("28 February", "2026-02-28")]));
        // Near, but over a month gone: the future tense means next year's.
        assert_eq!(values("The rule will take effect on Aug. 1."), v(&[("Aug. 1", "2026-08-01")]));
        assert_eq!(values("The rule took effect on Aug. 1."), v(&[("Aug. 1", "2025-08-01")]));
        assert_eq!(values("The rule will take effect on Oct. 1."), v(&[("Oct. 1", "2025-10-01")]));
        assert_eq!(values("He died last Oct. 23."), v(&[("Oct. 23", "2024-10-23")]));
        assert_eq!(values("The firm was founded on March 31."), v(&[("March 31", "2025-03-31")]));
        assert_eq!(
            values("It opened in 1991 and closed in the 1970s."),
            v(&[("1991", "1991"), ("the 1970s", "197")])
        );
        assert_eq!(values("The 2024 campaign cost 1500 dollars."), v(&[("2024", "2024")]));
        assert_eq!(values("Elections will be held in May."), v(&[("May", "2026-05")]));
        assert_eq!(values("Prices rose in November."), v(&[("November", "2024-11")]));
        assert_eq!(values("Sales peaked in early 1991."), v(&[("early 1991", "1991")]));
        assert_eq!(values("The plant opened in fiscal 2019."), v(&[("fiscal 2019", "2019")]));
        assert_eq!(
            values("He moved there in nineteen ninety-six, before the year two thousand."),
            v(&[("nineteen ninety-six", "1996"), ("the year two thousand", "2000")])
        );
        assert_eq!(values("Two thousand people marched."), vec![]);
        assert_eq!(values("Rents soared in the late '80s."), v(&[("the late '80s", "198")]));
        assert_eq!(values("Shops were full on Christmas Eve."), v(&[("Christmas Eve", "2024-12-24")]));
        assert_eq!(values("The count ends on Election Day."), v(&[("Election Day", "2025-11-04")]));
    }

    #[test]
    fn quarters_and_fiscal_periods() {
        // Published in the fourth quarter of 2025.
        assert_eq!(
            values("Third-quarter profit rose 5%, and the company expects a stronger fourth quarter."),
            v(&[("Third-quarter", "2025-Q3"), ("fourth quarter", "2025-Q4")])
        );
        assert_eq!(values("Sales fell in the first quarter."), v(&[("the first quarter", "2025-Q1")]));
        assert_eq!(
            values("Results for the third quarter of 1990 were weak."),
            v(&[("the third quarter of 1990", "1990-Q3")])
        );
        assert_eq!(values("Sales rose last quarter."), v(&[("last quarter", "2025-Q3")]));
        assert_eq!(
            values("Net income fell in the first half of 2024."),
            v(&[("the first half of 2024", "2024-H1")])
        );
        assert_eq!(values("He scored in the first half of the match."), vec![]);
        let at = NaiveDate::from_ymd_opt(1989, 10, 27).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
        assert_eq!(
            article(
                &[
                    "Third-quarter net income rose to $5 million from $4 million a year ago.",
                    "Revenue in the quarter rose 8% from the year-earlier quarter.",
                    "A year earlier, the firm lost money.",
                ],
                at,
            ),
            v(&[
                ("Third-quarter", "1989-Q3"),
                ("a year ago", "1988-Q3"),
                ("the quarter", "1989-Q3"),
                ("the year-earlier quarter", "1988-Q3"),
                ("A year earlier", "1988-Q3"),
            ])
        );
    }

    #[test]
    fn anaphora_follow_the_reference() {
        let at = NaiveDate::from_ymd_opt(2025, 10, 16).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
        assert_eq!(
            article(
                &[
                    "The dam failed on March 3, 2019.",
                    "Two days later, crews arrived.",
                    "Repairs ended the following year."
                ],
                at
            ),
            v(&[
                ("March 3, 2019", "2019-03-03"),
                ("Two days later", "2019-03-05"),
                ("the following year", "2020")
            ])
        );
        assert_eq!(
            article(&["He was born in 1950.", "That year, the war ended.", "He left three years ago."], at),
            v(&[("1950", "1950"), ("That year", "1950"), ("three years ago", "2022")])
        );
    }

    #[test]
    fn durations_sets_and_clocks() {
        assert_eq!(
            values("After a two-hour call and 2.5 hours of talks, five years of work paid off."),
            v(&[("two-hour", "PT2H"), ("2.5 hours", "PT2H30M"), ("five years", "P5Y")])
        );
        assert_eq!(values("The council meets every week."), v(&[("every week", "P1W")]));
        assert_eq!(values("They meet on Friday at 5 p.m."), v(&[("Friday at 5 p.m.", "2025-10-17T17:00")]));
        assert_eq!(values("A doctor for decades, she retired."), v(&[("decades", "PXY")]));
        assert_eq!(values("Prices rose over the past two months."), v(&[("the past two months", "P2M")]));
        assert_eq!(values("It took nearly two years."), v(&[("nearly two years", "P2Y")]));
        assert_eq!(values("Stocks fell in recent weeks."), v(&[("recent weeks", "PXW")]));
        assert_eq!(values("The talks lasted 5 1/2 hours."), v(&[("5 1/2 hours", "PT5H30M")]));
        assert_eq!(values("He signed a two-year contract."), v(&[("two-year", "P2Y")]));
        assert_eq!(values("Her 6-year-old son survived."), vec![]);
        assert_eq!(values("It was read in the daily Haaretz."), vec![]);
        assert_eq!(values("Two decades passed."), v(&[("Two decades", "P20Y")]));
        let kinds: Vec<TimeKind> =
            run("They talk daily for an hour.", thursday()).iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![TimeKind::Set, TimeKind::Duration]);
    }

    #[test]
    fn a_number_joined_to_a_noun_is_a_count_not_a_year() {
        assert_eq!(values("The band filled the 2000-seat hall in 1998."), v(&[("1998", "1998")]));
    }

    #[test]
    fn ordinal_years_of_an_event() {
        assert_eq!(values("The war is nearing its fourth year."), v(&[("fourth year", "XXXX")]));
    }

    #[test]
    fn vague_references() {
        assert_eq!(
            values("Prices are now high and were low in the past; in the future they may fall."),
            v(&[("now", "PRESENT_REF"), ("the past", "PAST_REF"), ("the future", "FUTURE_REF")])
        );
        assert_eq!(values("He will leave soon."), vec![]);
    }

    #[test]
    fn current_before_a_noun_is_now() {
        assert_eq!(
            values("The current crisis hit its current owners hard."),
            v(&[("current", "PRESENT_REF"), ("current", "PRESENT_REF")])
        );
        // A balance, the noun, a past "current" and a date of its own are not.
        assert_eq!(values("The current account deficit widened."), vec![]);
        assert_eq!(values("He was swept away by the current."), vec![]);
        assert_eq!(values("A strong current off the coast, and electric current flows."), vec![]);
        assert_eq!(values("At current prices it is worth more."), v(&[("current", "PRESENT_REF")]));
        assert_eq!(values("Holders may buy at the then current price."), vec![]);
        assert_eq!(values("Holders may buy at the Then-current price."), vec![]);
        assert_eq!(values("Profit rose in the current year."), v(&[("the current year", "2025")]));
    }

    #[test]
    fn clock_times_after_publication_are_the_day_before() {
        let morning =
            NaiveDate::from_ymd_opt(2026, 2, 16).and_then(|d| d.and_hms_opt(7, 55, 0)).expect("date");
        assert_eq!(
            article(&["The breach opened at around 11.40pm near the bridge."], morning),
            v(&[("11.40pm", "2026-02-15T23:40")])
        );
        assert_eq!(article(&["The council will meet at 6pm."], morning), v(&[("6pm", "2026-02-16T18:00")]));
        // A clock time belongs to the day the article is telling about.
        assert_eq!(
            article(&["The storm hit on Feb. 3, 2026.", "The wall broke at 10 p.m."], morning),
            v(&[("Feb. 3, 2026", "2026-02-03"), ("10 p.m.", "2026-02-03T22:00")])
        );
        assert_eq!(
            article(&["It opened at 10:35 a.m. (0735 GMT) Friday."], morning),
            v(&[("10:35 a.m.", "2026-02-13T10:35"), ("Friday", "2026-02-13")])
        );
        assert_eq!(
            article(&["The wall failed late on Sunday.", "She spoke shortly after 5am."], morning),
            v(&[("Sunday", "2026-02-15"), ("5am", "2026-02-16T05:00")])
        );
        // Without a time of publication, the clock keeps the article's date.
        let dateless =
            NaiveDate::from_ymd_opt(2026, 2, 16).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
        assert_eq!(article(&["It opened at 11.40pm."], dateless), v(&[("11.40pm", "2026-02-16T23:40")]));
        assert_eq!(
            article(&["Trading will start at 4 in the morning (4 a.m. EDT Thursday)."], dateless),
            v(&[("4 in the morning", "2026-02-19T04:00"), ("4 a.m. EDT Thursday", "2026-02-19T04:00")])
        );
    }

    #[test]
    fn quoted_day_words_count_from_the_day_said() {
        assert_eq!(
            values("“We made progress today,” Trump said on Wednesday evening."),
            v(&[("today", "2025-10-15"), ("Wednesday evening", "2025-10-15TEV")])
        );
        assert_eq!(
            values("“We meet tomorrow,” she said on Monday."),
            v(&[("tomorrow", "2025-10-14"), ("Monday", "2025-10-13")])
        );
        // Undated speech: the article's day.
        assert_eq!(values("“We made progress today,” Trump said."), v(&[("today", "2025-10-16")]));
        assert_eq!(
            values("The vote is today, “a big day,” she said on Monday."),
            v(&[("today", "2025-10-16"), ("Monday", "2025-10-13")])
        );
    }

    #[test]
    fn no_article_date_means_no_relative_value() {
        let got = run("He left on Sunday and returns tomorrow, on October 20.", None);
        let vals: Vec<Option<String>> = got.into_iter().map(|c| c.value).collect();
        assert_eq!(vals, vec![None, None, Some("XXXX-10-20".to_string())]);
    }

    #[test]
    fn odd_input_does_not_panic() {
        for s in [
            "",
            "Sunday",
            "on 99 October",
            "31 February",
            "00:00:00",
            "every",
            "’s today’s",
            "0 a.m.",
            "the quarter",
            "a year earlier",
            "9999999999999 days ago",
            "the year two thousand",
            "nineteen",
            "the 99th century",
            "Easter 1583",
        ] {
            let _ = run(s, thursday());
            let _ = run(s, None);
            let _ = run(s, NaiveDate::from_ymd_opt(-5000, 1, 1));
        }
    }

    #[test]
    fn clocks_ordinals_and_titles_are_no_years_or_durations() {
        assert_eq!(
            values("The minister spoke at 3 p.m. local time (1500 GMT)."),
            v(&[("3 p.m.", "2025-10-16T15:00")])
        );
        assert_eq!(values("Troops left by 0800 hours on Friday."), v(&[("Friday", "2025-10-10")]));
        assert_eq!(values("It would be a second betrayal, she said."), v(&[]));
        assert_eq!(values("She paused for a second before she spoke."), v(&[("a second", "PT1S")]));
        assert_eq!(values("He said so on CBS's 60 Minutes."), v(&[]));
        assert_eq!(values("For the rebels, high noon has come."), v(&[]));
        assert_eq!(values("Sixty Minutes passed, and he left."), v(&[("Sixty Minutes", "PT60M")]));
    }

    #[test]
    fn halves_of_named_years_and_past_weekends() {
        assert_eq!(
            values("The first half of the year was weak; the second half of next year looks better."),
            v(&[("The first half of the year", "2025-H1"), ("the second half of next year", "2026-H2")])
        );
        assert_eq!(
            values("Sales rose in the third quarter of last year."),
            v(&[("the third quarter of last year", "2024-Q3")])
        );
        assert_eq!(values("Crowds gathered this past weekend."), v(&[("this past weekend", "2025-W41-WE")]));
    }

    #[test]
    fn a_quarter_ahead_follows_the_tense() {
        let march = NaiveDate::from_ymd_opt(2013, 3, 22).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
        assert_eq!(
            article(&["The deal is expected to close in the second quarter."], march),
            v(&[("the second quarter", "2013-Q2")])
        );
        assert_eq!(
            article(&["The firm will report second-quarter results."], march),
            v(&[("second-quarter", "2012-Q2")])
        );
        assert_eq!(
            article(&["Profit fell in the second quarter."], march),
            v(&[("the second quarter", "2012-Q2")])
        );
    }

    #[test]
    fn that_day_after_a_month_is_a_day_of_that_month() {
        let feb = NaiveDate::from_ymd_opt(1999, 2, 6).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
        assert_eq!(
            article(&["The clinic was attacked last October.", "Its sign was torn down that same day."], feb),
            v(&[("last October", "1998-10"), ("that same day", "1998-10-XX")])
        );
        assert_eq!(
            article(&["The clinic was attacked on Oct. 23.", "Its sign was torn down that same day."], feb),
            v(&[("Oct. 23", "1998-10-23"), ("that same day", "1998-10-23")])
        );
    }

    #[test]
    fn amounts_with_thousands_separators() {
        assert_eq!(
            values("He is the first pope from outside Europe in more than 1,000 years."),
            v(&[("more than 1,000 years", "P1000Y")])
        );
        assert_eq!(values("The town was settled 1,200 years ago."), v(&[("1,200 years ago", "0825")]));
    }

    /// One article per sentence, published on Friday 2013-03-22 (a date no rule is keyed to).
    fn in_march(text: &str) -> Vec<(String, Option<String>)> {
        let at = NaiveDate::from_ymd_opt(2013, 3, 22).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
        article(&[text], at)
    }

    #[test]
    fn a_period_a_year_back_is_one_expression() {
        assert_eq!(
            in_march("Orders rose 4 percent from the same period last year."),
            v(&[("the same period last year", "2011-Q4")])
        );
        assert_eq!(
            in_march("Margins beat the quarter a year earlier."),
            v(&[("the quarter a year earlier", "2011-Q4")])
        );
        let at = NaiveDate::from_ymd_opt(2013, 3, 22).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
        assert_eq!(
            article(
                &[
                    "The brewer posted results for the fourth quarter of 2012.",
                    "Sales were flat against the corresponding period a year ago."
                ],
                at
            ),
            v(&[
                ("the fourth quarter of 2012", "2012-Q4"),
                ("the corresponding period a year ago", "2011-Q4")
            ])
        );
    }

    #[test]
    fn a_deadline_ahead_takes_the_next_year() {
        assert_eq!(in_march("Lenders must submit new plans by Jan. 1."), v(&[("Jan. 1", "2014-01-01")]));
        // Told as past, the same words keep the date behind.
        assert_eq!(in_march("The lenders had submitted plans by Jan. 1."), v(&[("Jan. 1", "2013-01-01")]));
        assert_eq!(in_march("The fair runs through April 7."), v(&[("April 7", "2013-04-07")]));
    }

    #[test]
    fn through_a_weekday_is_a_limit_ahead() {
        assert_eq!(in_march("The photo show runs through Sunday."), v(&[("Sunday", "2013-03-24")]));
        assert_eq!(in_march("The show ran through Sunday."), v(&[("Sunday", "2013-03-17")]));
    }

    #[test]
    fn hours_later_and_the_day_before_follow_the_reference() {
        let at = NaiveDate::from_ymd_opt(2013, 3, 22).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
        assert_eq!(
            article(
                &[
                    "The ferry sank on March 9.",
                    "Hours later, divers reached the hull.",
                    "A storm warning had been issued the day before.",
                    "Two hours earlier the captain radioed the port."
                ],
                at
            ),
            v(&[
                ("March 9", "2013-03-09"),
                ("Hours later", "2013-03-09"),
                ("the day before", "2013-03-08"),
                ("Two hours earlier", "2013-03-09")
            ])
        );
        // Before an event, "the day before" is anchored to that event, which is not dated.
        assert_eq!(in_march("Shops shut the day before the march."), vec![]);
        assert_eq!(
            in_march("Crowds gathered the night before."),
            v(&[("the night before", "2013-03-21TNI")])
        );
    }

    #[test]
    fn a_quote_or_a_when_clause_does_not_move_the_time_under_discussion() {
        // Published Friday 22 March; the vigil was on Wednesday evening.
        let at = NaiveDate::from_ymd_opt(2013, 3, 22).and_then(|d| d.and_hms_opt(0, 0, 0)).expect("date");
        assert_eq!(
            article(
                &[
                    "Crowds gathered for a vigil on Wednesday evening for the dead, killed when the dam broke on Tuesday.",
                    "“Tonight we grieve,” the mayor told them, many of whom had spent the previous night in tents.",
                    "Earlier in the day she had met the families."
                ],
                at
            ),
            v(&[
                ("Wednesday evening", "2013-03-20TEV"),
                ("Tuesday", "2013-03-19"),
                ("Tonight", "2013-03-22TNI"),
                ("the previous night", "2013-03-19TNI"),
                ("Earlier in the day", "2013-03-20")
            ])
        );
    }

    #[test]
    fn the_edge_of_the_month_or_week() {
        assert_eq!(
            in_march("The levy lapses at the end of the month."),
            v(&[("the end of the month", "2013-03")])
        );
        assert_eq!(
            in_march("Envoys return at the start of the week."),
            v(&[("the start of the week", "2013-W12")])
        );
    }

    #[test]
    fn stretches_ahead_and_decades_by_their_preposition() {
        assert_eq!(
            in_march("Traders will watch the bank in the weeks ahead."),
            v(&[("the weeks ahead", "PXW")])
        );
        assert_eq!(in_march("Prices may swing in the months to come."), v(&[("the months to come", "PXM")]));
        assert_eq!(
            in_march("Engineers will monitor the dam for the next decade."),
            v(&[("the next decade", "P10Y")])
        );
        assert_eq!(in_march("Wages lagged inflation in the last decade."), v(&[("the last decade", "200")]));
        assert_eq!(in_march("Demand could double in the next decade."), v(&[("the next decade", "202")]));
        assert_eq!(in_march("Rents rose this decade."), v(&[("this decade", "201")]));
        assert_eq!(in_march("The mine reopened early this decade."), v(&[("early this decade", "201")]));
    }

    #[test]
    fn a_named_month_or_season_every_year_is_a_set() {
        assert_eq!(in_march("Marchers parade each July."), v(&[("each July", "XXXX-07")]));
        assert_eq!(in_march("The storks return every spring."), v(&[("every spring", "XXXX-SP")]));
        assert_eq!(in_march("Members each may vote twice."), vec![]);
    }

    #[test]
    fn more_holidays_and_bare_decades() {
        assert_eq!(
            in_march("Crowds filled the streets on St. Patrick's Day."),
            v(&[("St. Patrick's Day", "2013-03-17")])
        );
        assert_eq!(in_march("Schools shut for Presidents' Day."), v(&[("Presidents' Day", "2013-02-18")]));
        assert_eq!(in_march("Pilgrims will gather on Palm Sunday."), v(&[("Palm Sunday", "2013-03-24")]));
        assert_eq!(
            in_march("Hits of the 1980s and '90s played."),
            v(&[("the 1980s", "198"), ("'90s", "199")])
        );
        // A quote mark running into a word is no decade.
        assert_eq!(in_march("The band's hit 'Rock'70s' aired."), vec![]);
    }

    /// News sentences of our own, one category each, read as published on Friday 2013-03-22.
    #[test]
    fn news_of_march_2013() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            ("The brewery opened last March.", &[("last March", "2012-03")]),
            ("Fuel prices jumped earlier this month.", &[("earlier this month", "2013-03")]),
            ("The label thrived in the 1990s.", &[("the 1990s", "199")]),
            ("The strike lasted three weeks.", &[("three weeks", "P3W")]),
            ("The fair opens this weekend.", &[("this weekend", "2013-W12-WE")]),
            ("The bridge should reopen by mid-April.", &[("mid-April", "2013-04")]),
            ("Rates may rise in the coming months.", &[("the coming months", "PXM")]),
            ("The board meets once a year.", &[("once a year", "P1Y")]),
            ("Friday's vote was close.", &[("Friday", "2013-03-22")]),
            ("Tuesday's storm cut power to thousands.", &[("Tuesday", "2013-03-19")]),
            ("The mill closed two days ago.", &[("two days ago", "2013-03-20")]),
            ("Exports will recover later this year.", &[("later this year", "2013")]),
            ("The ceasefire has held since Monday.", &[("Monday", "2013-03-18")]),
            ("The nurses visit twice a month.", &[("twice a month", "P1M")]),
            ("Output fell in the fourth quarter.", &[("the fourth quarter", "2012-Q4")]),
            ("The new tariffs take effect next January.", &[("next January", "2014-01")]),
            ("Protests have spread over the past few days.", &[("the past few days", "PXD")]),
            ("The ferry will dock on Saturday afternoon.", &[("Saturday afternoon", "2013-03-23TAF")]),
        ];
        for (text, want) in cases {
            assert_eq!(in_march(text), v(want), "{text}");
        }
    }

    #[test]
    fn one_unit_in_one_word_and_no_possessive_in_the_extent() {
        assert_eq!(in_march("The weeklong fair ended."), v(&[("weeklong", "P1W")]));
        assert_eq!(in_march("An hour-long speech followed."), v(&[("hour-long", "PT1H")]));
        assert_eq!(in_march("She spent a fortnight in Rome."), v(&[("a fortnight", "P2W")]));
        assert_eq!(in_march("The hearing lasted a half-hour."), v(&[("a half-hour", "PT30M")]));
        assert_eq!(in_march("Envoys left their third day-long session."), v(&[("day-long", "P1D")]));
        assert_eq!(in_march("The year long wait is over."), vec![]);
        assert_eq!(
            in_march("The chain lost money in its fourth quarter."),
            v(&[("fourth quarter", "2012-Q4")])
        );
        assert_eq!(
            in_march("The mayor spent his first 100 days touring."),
            v(&[("first 100 days", "P100D")])
        );
    }
}
