//! Reading a timeline entry's TIMEX3 value (`2025-10-15TEV`, `2025-W43`, `2025-10`,
//! `XXXX-XX-XX`) for the renderers: where it sits on the calendar, the order of entries, and a
//! label a reader takes in at a glance.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The value of an event the sources say has no date yet (TimeML's unknown date).
pub const UNDATED: &str = "XXXX-XX-XX";

/// Where a value sits: a day (and the fraction of it, for a part of the day or a clock time),
/// or a span of days.
pub enum Place {
    Day(NaiveDate, f64),
    Span(NaiveDate, NaiveDate),
}

/// The calendar place of `when`; `None` for values that name no calendar time.
pub fn place(when: &str) -> Option<Place> {
    let date = when.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    if let Some(d) = date {
        let hour = match part_of_day(when) {
            Some((_, hour)) => hour,
            None => when.get(11..13).and_then(|h| h.parse::<f64>().ok()).unwrap_or(12.0),
        };
        return Some(Place::Day(d, hour / 24.0));
    }
    let year: i32 = when.get(..4)?.parse().ok()?;
    let rest = when.get(5..)?;
    if let Some(week) = rest.strip_prefix('W').and_then(|w| w.get(..2)?.parse::<u32>().ok()) {
        let mon = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        // "2025-W42-WE": the week's Saturday and Sunday.
        if rest.get(3..) == Some("-WE") {
            return Some(Place::Span(mon + Duration::days(5), mon + Duration::days(6)));
        }
        return Some(Place::Span(mon, mon + Duration::days(6)));
    }
    // A month, or a season, quarter or half year as the months it covers.
    let (from, months) = match rest.get(..2)? {
        "SP" => (3, 3),
        "SU" => (6, 3),
        "FA" => (9, 3),
        "WI" => (12, 3),
        "Q1" => (1, 3),
        "Q2" => (4, 3),
        "Q3" => (7, 3),
        "Q4" => (10, 3),
        "H1" => (1, 6),
        "H2" => (7, 6),
        m => (m.parse::<u32>().ok().filter(|m| (1..=12).contains(m))?, 1),
    };
    let first = NaiveDate::from_ymd_opt(year, from, 1)?;
    let end = first.checked_add_months(chrono::Months::new(months))?;
    Some(Place::Span(first, end - Duration::days(1)))
}

/// A part of the day ("TMO", "TEV") as a word and the hour it stands for.
fn part_of_day(when: &str) -> Option<(&'static str, f64)> {
    Some(match when.get(10..)? {
        "TMO" => ("morning", 8.0),
        "TMI" => ("midday", 12.0),
        "TAF" => ("afternoon", 15.0),
        "TEV" => ("evening", 19.0),
        "TNI" => ("night", 22.0),
        _ => return None,
    })
}

/// The order of the timeline: by the first day a value covers, a day before the week or month
/// that starts with it, then by the time of day; values with no calendar place last.
pub fn order_key(when: &str) -> (bool, NaiveDate, i64, i64) {
    match place(when) {
        Some(Place::Day(d, f)) => (false, d, 0, (f * 1440.0) as i64),
        Some(Place::Span(a, b)) => (false, a, b.signed_duration_since(a).num_days(), 0),
        None => (true, NaiveDate::MAX, 0, 0),
    }
}

/// How a value reads: "Wed 15 Oct 2025, evening", "weekend of 18–19 Oct 2025", "week of 20 Oct
/// 2025", "October 2025", "no date set".
pub fn label(when: &str) -> String {
    match place(when) {
        Some(Place::Day(d, _)) => {
            let day = d.format("%a %-d %b %Y").to_string();
            match (part_of_day(when), when.get(11..16).filter(|t| t.len() == 5 && t.as_bytes()[2] == b':')) {
                (Some((part, _)), _) => format!("{day}, {part}"),
                (None, Some(clock)) => format!("{day}, {clock}"),
                (None, None) => day,
            }
        }
        Some(Place::Span(a, b))
            if b.signed_duration_since(a).num_days() == 1 && a.weekday() == Weekday::Sat =>
        {
            format!("weekend of {}–{}", a.format("%-d"), b.format("%-d %b %Y"))
        }
        Some(Place::Span(a, b)) if b.signed_duration_since(a).num_days() <= 7 => {
            format!("week of {}", a.format("%-d %b %Y"))
        }
        Some(Place::Span(a, b)) if a.format("%m").to_string() == b.format("%m").to_string() => {
            a.format("%B %Y").to_string()
        }
        Some(Place::Span(a, b)) => format!("{} to {}", a.format("%B"), b.format("%B %Y")),
        None if when == UNDATED => "no date set".to_string(),
        None => when.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_days_weeks_and_months_in_calendar_order() {
        assert_eq!(label("2025-10-15TEV"), "Wed 15 Oct 2025, evening");
        assert_eq!(label("2025-10-16T14:30"), "Thu 16 Oct 2025, 14:30");
        assert_eq!(label("2025-W43"), "week of 20 Oct 2025");
        assert_eq!(label("2025-W42-WE"), "weekend of 18–19 Oct 2025");
        assert_eq!(label("2025-10"), "October 2025");
        assert_eq!(label("2025-SU"), "June to August 2025");
        assert_eq!(label(UNDATED), "no date set");
        let mut values = [
            "2025-W42",
            UNDATED,
            "2025-10-17",
            "2025-W42-WE",
            "2025-10-15TEV",
            "2025-10-15",
            "2025-10-12",
            "2025-W43",
        ];
        values.sort_by_key(|v| order_key(v));
        assert_eq!(
            values,
            [
                "2025-10-12",
                "2025-W42",
                "2025-10-15",
                "2025-10-15TEV",
                "2025-10-17",
                "2025-W42-WE",
                "2025-W43",
                UNDATED
            ]
        );
    }
}
