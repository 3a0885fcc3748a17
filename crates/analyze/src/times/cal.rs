//! Calendar values in TimeML form and the arithmetic on them: a point of some granularity (a year,
//! half, quarter, month, ISO week or day) that can be read back from a value string, shifted and
//! written out again; holidays; week and quarter helpers.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// A calendar point at the granularity it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cal {
    Year(i32),
    Half(i32, u32),
    Quarter(i32, u32),
    Month(i32, u32),
    Week(i32, u32),
    Day(NaiveDate),
}

impl Cal {
    /// Read a TimeML date value back ("1989", "1989-Q3", "1989-H2", "1989-10", "1989-W43",
    /// "1989-10-27", with any time of day after a "T" ignored); None for anything else.
    pub(crate) fn parse(value: &str) -> Option<Cal> {
        let date = value.split('T').next()?;
        let parts: Vec<&str> = date.split('-').collect();
        let num = |s: &str| s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse::<i32>().ok()).flatten();
        let year = parts.first().filter(|y| y.len() == 4).and_then(|y| num(y))?;
        match parts.as_slice() {
            [_] => Some(Cal::Year(year)),
            [_, p] => {
                let (head, rest) = p.split_at(p.len().min(1));
                let n = num(rest).map(|n| n as u32);
                match head {
                    "Q" => n.filter(|q| (1..=4).contains(q)).map(|q| Cal::Quarter(year, q)),
                    "H" => n.filter(|h| (1..=2).contains(h)).map(|h| Cal::Half(year, h)),
                    "W" => n.filter(|w| (1..=53).contains(w)).map(|w| Cal::Week(year, w)),
                    _ => {
                        num(p).map(|m| m as u32).filter(|m| (1..=12).contains(m)).map(|m| Cal::Month(year, m))
                    }
                }
            }
            [_, m, d] => {
                let (m, d) = (num(m)?, num(d)?);
                NaiveDate::from_ymd_opt(year, m as u32, d as u32).map(Cal::Day)
            }
            _ => None,
        }
    }

    pub(crate) fn value(&self) -> String {
        match *self {
            Cal::Year(y) => format!("{y:04}"),
            Cal::Half(y, h) => format!("{y:04}-H{h}"),
            Cal::Quarter(y, q) => format!("{y:04}-Q{q}"),
            Cal::Month(y, m) => format!("{y:04}-{m:02}"),
            Cal::Week(y, w) => format!("{y:04}-W{w:02}"),
            Cal::Day(d) => ymd(d),
        }
    }

    pub(crate) fn year(&self) -> i32 {
        match *self {
            Cal::Year(y) | Cal::Half(y, _) | Cal::Quarter(y, _) | Cal::Month(y, _) | Cal::Week(y, _) => y,
            Cal::Day(d) => d.year(),
        }
    }

    /// The same point `n` years on (back when negative); None off the calendar.
    pub(crate) fn add_years(&self, n: i32) -> Option<Cal> {
        Some(match *self {
            Cal::Year(y) => Cal::Year(y + n),
            Cal::Half(y, h) => Cal::Half(y + n, h),
            Cal::Quarter(y, q) => Cal::Quarter(y + n, q),
            Cal::Month(y, m) => Cal::Month(y + n, m),
            Cal::Week(y, w) => Cal::Week(y + n, w),
            Cal::Day(d) => Cal::Day(
                NaiveDate::from_ymd_opt(d.year() + n, d.month(), d.day())
                    .or_else(|| NaiveDate::from_ymd_opt(d.year() + n, d.month(), 28))?,
            ),
        })
    }
}

pub(crate) fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `d` moved by `days`, or None at the ends of the calendar.
pub(crate) fn shift(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    d.checked_add_signed(Duration::try_days(days)?)
}

pub(crate) fn iso_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// The year and month `months` away from `d`'s.
pub(crate) fn add_months(d: NaiveDate, months: i32) -> (i32, u32) {
    let total = d.year() * 12 + d.month0() as i32 + months;
    (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
}

/// Quarter of a date, 1..=4.
pub(crate) fn quarter_of(d: NaiveDate) -> u32 {
    d.month0() / 3 + 1
}

/// The quarter `n` quarters away from year `y`, quarter `q`.
pub(crate) fn add_quarters(y: i32, q: u32, n: i32) -> (i32, u32) {
    let total = y * 4 + q as i32 - 1 + n;
    (total.div_euclid(4), total.rem_euclid(4) as u32 + 1)
}

/// The `n`th (1-based) `wd` of a month, or the last one when `n` is 0.
fn nth_weekday(y: i32, m: u32, wd: Weekday, n: u32) -> Option<NaiveDate> {
    if n == 0 {
        let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        let last = NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()?;
        let back = (last.weekday().num_days_from_monday() + 7 - wd.num_days_from_monday()) % 7;
        return shift(last, -i64::from(back));
    }
    NaiveDate::from_weekday_of_month_opt(y, m, wd, u8::try_from(n).ok()?)
}

/// Western Easter Sunday (the anonymous Gregorian computus).
fn easter(y: i32) -> Option<NaiveDate> {
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(y, month as u32, day as u32)
}

/// The day a holiday falls on in year `y`; `name` is the holiday lower-cased, apostrophes plain
/// and runs of spaces single.
pub(crate) fn holiday(name: &str, y: i32) -> Option<NaiveDate> {
    let fixed = |m, d| NaiveDate::from_ymd_opt(y, m, d);
    let name = name.replace("saint ", "st. ").replace("st patrick", "st. patrick");
    // "Martin Luther King Jr. Day" and "Martin Luther King Day" are one holiday.
    let name = if name.starts_with("martin luther king") { "martin luther king day" } else { &name };
    match name.trim_end_matches(" day").trim_end_matches(" sunday") {
        "christmas" => fixed(12, 25),
        "christmas eve" => fixed(12, 24),
        "boxing" => fixed(12, 26),
        "new year's" => fixed(1, 1),
        "new year's eve" => fixed(12, 31),
        "halloween" => fixed(10, 31),
        "valentine's" => fixed(2, 14),
        "independence" => fixed(7, 4),
        "veterans" => fixed(11, 11),
        "thanksgiving" => nth_weekday(y, 11, Weekday::Thu, 4),
        "labor" => nth_weekday(y, 9, Weekday::Mon, 1),
        "memorial" => nth_weekday(y, 5, Weekday::Mon, 0),
        "mother's" => nth_weekday(y, 5, Weekday::Sun, 2),
        "father's" => nth_weekday(y, 6, Weekday::Sun, 3),
        // The Tuesday after the first Monday of November.
        "election" => nth_weekday(y, 11, Weekday::Mon, 1).and_then(|d| shift(d, 1)),
        "st. patrick's" => fixed(3, 17),
        "may" => fixed(5, 1),
        "presidents'" | "presidents" => nth_weekday(y, 2, Weekday::Mon, 3),
        "martin luther king" => nth_weekday(y, 1, Weekday::Mon, 3),
        "columbus" => nth_weekday(y, 10, Weekday::Mon, 2),
        "easter" => easter(y),
        "palm" => easter(y).and_then(|d| shift(d, -7)),
        "ash wednesday" => easter(y).and_then(|d| shift(d, -46)),
        "good friday" => easter(y).and_then(|d| shift(d, -2)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_back() {
        for v in ["1989", "1989-Q3", "1989-H2", "1989-10", "1989-W43", "1989-10-27"] {
            assert_eq!(Cal::parse(v).map(|c| c.value()).as_deref(), Some(v));
        }
        assert_eq!(Cal::parse("1989-10-27TEV"), NaiveDate::from_ymd_opt(1989, 10, 27).map(Cal::Day));
        for v in ["PAST_REF", "P1Y", "XXXX-10", "198", "1989-Q5", "1989-13", "2025-02-30", "", "-"] {
            assert_eq!(Cal::parse(v), None, "{v}");
        }
        assert_eq!(Cal::parse("1989-Q3").and_then(|c| c.add_years(-1)), Some(Cal::Quarter(1988, 3)));
        assert_eq!(
            Cal::parse("2024-02-29").and_then(|c| c.add_years(1)).map(|c| c.value()).as_deref(),
            Some("2025-02-28")
        );
    }

    #[test]
    fn holidays_fall_on_their_days() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(holiday("thanksgiving", 1999), d(1999, 11, 25));
        assert_eq!(holiday("election day", 1998), d(1998, 11, 3));
        assert_eq!(holiday("easter", 2000), d(2000, 4, 23));
        assert_eq!(holiday("easter sunday", 2025), d(2025, 4, 20));
        assert_eq!(holiday("memorial day", 2025), d(2025, 5, 26));
        assert_eq!(holiday("christmas day", 2025), d(2025, 12, 25));
        assert_eq!(holiday("saint patrick's day", 2013), d(2013, 3, 17));
        assert_eq!(holiday("martin luther king jr. day", 2013), d(2013, 1, 21));
        assert_eq!(holiday("columbus day", 2013), d(2013, 10, 14));
        assert_eq!(holiday("palm sunday", 2013), d(2013, 3, 24));
        assert_eq!(holiday("ash wednesday", 2013), d(2013, 2, 13));
        assert_eq!(holiday("groundhog day", 2025), None);
    }

    #[test]
    fn quarter_arithmetic() {
        assert_eq!(add_quarters(1989, 1, -1), (1988, 4));
        assert_eq!(add_quarters(1989, 4, 1), (1990, 1));
        assert_eq!(quarter_of(NaiveDate::from_ymd_opt(1989, 10, 27).unwrap()), 4);
    }
}
