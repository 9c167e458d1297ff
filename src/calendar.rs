//! Calendar days and periods.
//!
//! A [`Day`] is the number of days since 1970-01-01; the calendar date of a day comes from
//! `chrono`. Periods (weeks, months, quarters) are numbered so that consecutive periods have
//! consecutive numbers.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A calendar day: days since 1970-01-01 (negative before).
pub type Day = i32;

/// Days from 0001-01-01 (chrono's "common era" day 1) to 1970-01-01.
const CE_TO_EPOCH: i32 = 719_163;

/// The day of a valid calendar date, or `None` (e.g. 2023-02-29).
pub fn day_from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
    NaiveDate::from_ymd_opt(year, month, day).map(|d| d.num_days_from_ce() - CE_TO_EPOCH)
}

/// The calendar date of a day.
pub fn ymd(day: Day) -> (i32, u32, u32) {
    match NaiveDate::from_num_days_from_ce_opt(day.saturating_add(CE_TO_EPOCH)) {
        Some(d) => (d.year(), d.month(), d.day()),
        None => (1970, 1, 1),
    }
}

/// Writes `YYYY-MM-DD` for `day` into `out`.
pub fn push_iso(out: &mut Vec<u8>, day: Day) {
    let (y, m, d) = ymd(day);
    let y = y.clamp(0, 9999) as u32;
    out.extend_from_slice(&[
        b'0' + (y / 1000) as u8,
        b'0' + (y / 100 % 10) as u8,
        b'0' + (y / 10 % 10) as u8,
        b'0' + (y % 10) as u8,
        b'-',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b'-',
        b'0' + (d / 10) as u8,
        b'0' + (d % 10) as u8,
    ]);
}

/// `YYYY-MM-DD` for `day`.
pub fn iso(day: Day) -> String {
    let mut v = Vec::with_capacity(10);
    push_iso(&mut v, day);
    String::from_utf8(v).unwrap_or_default()
}

/// Parses a strict `YYYY-MM-DD` (options and models use it; `/` or `.` may stand for both
/// dashes). Surrounding spaces are ignored.
pub fn parse_iso(text: &str) -> Option<Day> {
    let b = text.trim().as_bytes();
    if b.len() != 10 || b[4] != b[7] || !matches!(b[4], b'-' | b'/' | b'.') {
        return None;
    }
    let number = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |v, c| {
            c.is_ascii_digit().then(|| v * 10 + (c - b'0') as u32)
        })
    };
    let (y, m, d) = (number(&b[..4])?, number(&b[5..7])?, number(&b[8..])?);
    day_from_ymd(y as i32, m, d)
}

/// The month index of a day (`year * 12 + month - 1`), for monthly periods.
pub fn month_index(day: Day) -> i32 {
    let (y, m, _) = ymd(day);
    y * 12 + m as i32 - 1
}

/// The quarter index of a day (`year * 4 + quarter - 1`).
pub fn quarter_index(day: Day) -> i32 {
    let (y, m, _) = ymd(day);
    y * 4 + (m as i32 - 1) / 3
}

/// The ISO week index of a day: weeks start on Monday; 1970-01-01 was a Thursday.
pub fn week_index(day: Day) -> i32 {
    (day + 3).div_euclid(7)
}

/// A period of revenue (the XYZ analysis sums revenue per period).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Period {
    /// ISO weeks (Monday first).
    Week,
    /// Calendar months (default).
    #[default]
    Month,
    /// Calendar quarters.
    Quarter,
}

impl Period {
    /// The period index of a day.
    pub fn index(self, day: Day) -> i32 {
        match self {
            Period::Week => week_index(day),
            Period::Month => month_index(day),
            Period::Quarter => quarter_index(day),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_round_trip() {
        assert_eq!(day_from_ymd(1970, 1, 1), Some(0));
        assert_eq!(day_from_ymd(1969, 12, 31), Some(-1));
        assert_eq!(day_from_ymd(2024, 2, 29), Some(19_782));
        assert_eq!(day_from_ymd(2023, 2, 29), None);
        for d in [-1000, 0, 1, 19_782, 40_000] {
            let (y, m, dd) = ymd(d);
            assert_eq!(day_from_ymd(y, m, dd), Some(d));
        }
        assert_eq!(iso(19_782), "2024-02-29");
    }

    #[test]
    fn iso_dates_table() {
        let cases: &[(&str, Option<Day>)] = &[
            ("2024-02-29", Some(19_782)),
            (" 2024-02-29 ", Some(19_782)),
            ("2024/02/29", Some(19_782)),
            ("2024.02.29", Some(19_782)),
            ("2024-02/29", None),
            ("2024-2-29", None),
            ("2023-02-29", None),
            ("2024-13-01", None),
            ("2024-02-29T10:00", None),
            ("24-02-2929", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_iso(text), *want, "{text:?}");
        }
    }

    #[test]
    fn periods() {
        let d = day_from_ymd(2024, 3, 5).unwrap();
        assert_eq!(month_index(d), 2024 * 12 + 2);
        assert_eq!(quarter_index(d), 2024 * 4);
        // 2024-03-04 is a Monday: same week as 2024-03-10, not as 2024-03-03.
        let mon = day_from_ymd(2024, 3, 4).unwrap();
        assert_eq!(week_index(mon), week_index(mon + 6));
        assert_ne!(week_index(mon), week_index(mon - 1));
        assert_eq!(Period::Quarter.index(d), quarter_index(d));
    }
}
