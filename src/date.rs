//! Calendar days and the date formats found in exports.
//!
//! A [`Day`] is the number of days since 1970-01-01. Parsing works on bytes and does not
//! allocate; validity of the calendar date is checked with `chrono`.

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

/// Parses a strict `YYYY-MM-DD` (options and models use it).
pub fn parse_iso(text: &str) -> Option<Day> {
    let b = text.trim().as_bytes();
    if b.len() != 10 {
        return None;
    }
    parse_date(b, DateFormat::Ymd).ok()
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

/// How the dates of a column are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateFormat {
    /// `YYYY-MM-DD` (also `/` or `.` between parts), optionally followed by a time and an
    /// offset (`2024-03-05T10:20:30+03:00`, `2024-03-05 10:20`). The date as written is used.
    #[serde(rename = "YYYY-MM-DD")]
    Ymd,
    /// `DD.MM.YYYY` (also `/` or `-`, and two-digit years meaning 20YY), optionally with a time.
    #[serde(rename = "DD.MM.YYYY")]
    Dmy,
    /// `MM/DD/YYYY`, optionally with a time.
    #[serde(rename = "MM/DD/YYYY")]
    Mdy,
    /// `YYYYMMDD` written as eight digits.
    #[serde(rename = "YYYYMMDD")]
    Compact,
    /// Excel's serial day number (1900 date system): `45292` is 2024-01-01; a fraction is the
    /// time of day.
    #[serde(rename = "excel")]
    ExcelSerial,
    /// Unix time in seconds (UTC).
    #[serde(rename = "unix")]
    UnixSeconds,
    /// Unix time in milliseconds (UTC).
    #[serde(rename = "unixMs")]
    UnixMillis,
}

impl DateFormat {
    /// Every format, in the order the sniffer tries them.
    pub const ALL: [DateFormat; 7] = [
        DateFormat::Ymd,
        DateFormat::Dmy,
        DateFormat::Mdy,
        DateFormat::Compact,
        DateFormat::ExcelSerial,
        DateFormat::UnixSeconds,
        DateFormat::UnixMillis,
    ];

    /// The pattern as users see it.
    pub fn as_str(self) -> &'static str {
        match self {
            DateFormat::Ymd => "YYYY-MM-DD",
            DateFormat::Dmy => "DD.MM.YYYY",
            DateFormat::Mdy => "MM/DD/YYYY",
            DateFormat::Compact => "YYYYMMDD",
            DateFormat::ExcelSerial => "excel",
            DateFormat::UnixSeconds => "unix",
            DateFormat::UnixMillis => "unixMs",
        }
    }
}

/// Why a date did not parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Nothing but spaces.
    Empty,
    /// Not in the format.
    Malformed,
    /// In the format, but not a calendar date (2023-02-30, month 13).
    NotACalendarDate,
}

/// Strips spaces, tabs and no-break spaces (UTF-8) from both ends.
pub(crate) fn trim(mut b: &[u8]) -> &[u8] {
    loop {
        match b {
            [b' ' | b'\t', rest @ ..] => b = rest,
            [0xC2, 0xA0, rest @ ..] => b = rest,
            [rest @ .., b' ' | b'\t'] => b = rest,
            [rest @ .., 0xC2, 0xA0] => b = rest,
            _ => return b,
        }
    }
}

/// Reads 1..=max digits at `*i`; returns the value and count.
#[inline]
fn digits(b: &[u8], i: &mut usize, max: usize) -> Option<(u32, usize)> {
    let start = *i;
    let mut v: u32 = 0;
    while *i < b.len() && *i - start < max && b[*i].is_ascii_digit() {
        v = v * 10 + (b[*i] - b'0') as u32;
        *i += 1;
    }
    let n = *i - start;
    if n == 0 {
        None
    } else {
        Some((v, n))
    }
}

/// Accepts what may follow a date: nothing, or a separator (`T` or spaces) and a time
/// `HH:MM[:SS[.fff]]` with an optional `Z` / `±HH[:]MM` / ` UTC`-style zone.
fn time_tail_ok(b: &[u8]) -> bool {
    if b.is_empty() {
        return true;
    }
    let mut i = 0;
    match b[0] {
        b'T' | b't' | b' ' | b',' => i += 1,
        _ => return false,
    }
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if i == b.len() {
        return b[0] != b'T' && b[0] != b't';
    }
    let Some((h, _)) = digits(b, &mut i, 2) else {
        return false;
    };
    if i >= b.len() || b[i] != b':' {
        return false;
    }
    i += 1;
    let Some((m, mn)) = digits(b, &mut i, 2) else {
        return false;
    };
    if h > 24 || m > 59 || mn != 2 {
        return false;
    }
    if i < b.len() && b[i] == b':' {
        i += 1;
        match digits(b, &mut i, 2) {
            Some((s, 2)) if s <= 60 => {}
            _ => return false,
        }
        if i < b.len() && (b[i] == b'.' || b[i] == b',') {
            i += 1;
            if digits(b, &mut i, 9).is_none() {
                return false;
            }
        }
    }
    // Zone: Z, +03:00, +0300, -05, or a word like UTC / MSK / AM / PM after a space.
    while i < b.len() && b[i] == b' ' {
        i += 1;
    }
    if i == b.len() {
        return true;
    }
    match b[i] {
        b'Z' | b'z' => i + 1 == b.len(),
        b'+' | b'-' => {
            i += 1;
            let Some((_, n)) = digits(b, &mut i, 4) else {
                return false;
            };
            if n == 2 && i < b.len() && b[i] == b':' {
                i += 1;
                matches!(digits(b, &mut i, 2), Some((_, 2))) && i == b.len()
            } else {
                (n == 2 || n == 4) && i == b.len()
            }
        }
        _ => b[i..].len() <= 5 && b[i..].iter().all(|c| c.is_ascii_alphabetic()),
    }
}

fn ymd_checked(y: i32, m: u32, d: u32) -> Result<Day, DateError> {
    if m == 0 || m > 12 || d == 0 || d > 31 {
        return Err(DateError::NotACalendarDate);
    }
    day_from_ymd(y, m, d).ok_or(DateError::NotACalendarDate)
}

/// Parses one date in `format`. Leading and trailing spaces are ignored.
pub fn parse_date(raw: &[u8], format: DateFormat) -> Result<Day, DateError> {
    let b = trim(raw);
    if b.is_empty() {
        return Err(DateError::Empty);
    }
    match format {
        DateFormat::Ymd => {
            let mut i = 0;
            let (y, yn) = digits(b, &mut i, 4).ok_or(DateError::Malformed)?;
            if yn != 4 || i >= b.len() {
                return Err(DateError::Malformed);
            }
            let sep = b[i];
            if !matches!(sep, b'-' | b'/' | b'.') {
                return Err(DateError::Malformed);
            }
            i += 1;
            let (m, _) = digits(b, &mut i, 2).ok_or(DateError::Malformed)?;
            if i >= b.len() || b[i] != sep {
                return Err(DateError::Malformed);
            }
            i += 1;
            let (d, _) = digits(b, &mut i, 2).ok_or(DateError::Malformed)?;
            if !time_tail_ok(&b[i..]) {
                return Err(DateError::Malformed);
            }
            ymd_checked(y as i32, m, d)
        }
        DateFormat::Dmy | DateFormat::Mdy => {
            let mut i = 0;
            let (a, _) = digits(b, &mut i, 2).ok_or(DateError::Malformed)?;
            if i >= b.len() {
                return Err(DateError::Malformed);
            }
            let sep = b[i];
            if !matches!(sep, b'.' | b'/' | b'-') {
                return Err(DateError::Malformed);
            }
            i += 1;
            let (c, _) = digits(b, &mut i, 2).ok_or(DateError::Malformed)?;
            if i >= b.len() || b[i] != sep {
                return Err(DateError::Malformed);
            }
            i += 1;
            let (y, yn) = digits(b, &mut i, 4).ok_or(DateError::Malformed)?;
            let y = match yn {
                2 => 2000 + y as i32,
                4 => y as i32,
                _ => return Err(DateError::Malformed),
            };
            if !time_tail_ok(&b[i..]) {
                return Err(DateError::Malformed);
            }
            let (d, m) = if format == DateFormat::Dmy {
                (a, c)
            } else {
                (c, a)
            };
            ymd_checked(y, m, d)
        }
        DateFormat::Compact => {
            if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
                return Err(DateError::Malformed);
            }
            let n = |s: &[u8]| s.iter().fold(0u32, |v, c| v * 10 + (c - b'0') as u32);
            ymd_checked(n(&b[..4]) as i32, n(&b[4..6]), n(&b[6..8]))
        }
        DateFormat::ExcelSerial => {
            let whole = integer_part(b).ok_or(DateError::Malformed)?;
            // 1900 system with Excel's phantom 1900-02-29 (serial 60); serial 61 is 1900-03-01.
            if !(61..=2_958_465).contains(&whole) {
                return Err(DateError::NotACalendarDate);
            }
            Ok((whole - 25_569) as Day)
        }
        DateFormat::UnixSeconds | DateFormat::UnixMillis => {
            let whole = integer_part(b).ok_or(DateError::Malformed)?;
            let secs = if format == DateFormat::UnixMillis {
                whole.div_euclid(1000)
            } else {
                whole
            };
            // 1970..=9999
            if !(0..=253_402_300_799).contains(&secs) {
                return Err(DateError::NotACalendarDate);
            }
            Ok(secs.div_euclid(86_400) as Day)
        }
    }
}

/// Digits with an optional fraction (`.` or `,`); returns the integer part.
fn integer_part(b: &[u8]) -> Option<i64> {
    let mut i = 0;
    let mut v: i64 = 0;
    while i < b.len() && b[i].is_ascii_digit() {
        v = v.checked_mul(10)?.checked_add((b[i] - b'0') as i64)?;
        i += 1;
    }
    if i == 0 {
        return None;
    }
    if i < b.len() {
        if b[i] != b'.' && b[i] != b',' {
            return None;
        }
        let frac = &b[i + 1..];
        if frac.is_empty() || !frac.iter().all(u8::is_ascii_digit) {
            return None;
        }
    }
    Some(v)
}

/// For `a?b?yyyy` dates written with two leading numbers: which order they can be in.
/// Returns `(first > 12, second > 12)` when the value has that shape.
pub fn day_month_evidence(raw: &[u8]) -> Option<(bool, bool)> {
    let b = trim(raw);
    let mut i = 0;
    let (a, _) = digits(b, &mut i, 2)?;
    let sep = *b.get(i)?;
    if !matches!(sep, b'.' | b'/' | b'-') {
        return None;
    }
    i += 1;
    let (c, _) = digits(b, &mut i, 2)?;
    if b.get(i) != Some(&sep) {
        return None;
    }
    Some((a > 12, c > 12))
}

/// Equality of two slices, without a `memcmp` call for short ones.
#[inline(always)]
pub fn short_eq(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n <= 16 {
        pack16(a) == pack16(b)
    } else {
        a == b
    }
}

#[inline(always)]
fn read_u64(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

#[inline(always)]
fn read_u32(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(w)
}

/// An injective packing of up to 8 bytes, for slices of a known equal length (two
/// overlapping fixed-size loads instead of a variable-length copy).
#[inline(always)]
pub fn pack8(b: &[u8]) -> u64 {
    let n = b.len();
    if n >= 8 {
        read_u64(b, 0)
    } else if n >= 4 {
        read_u32(b, 0) as u64 | (read_u32(b, n - 4) as u64) << 32
    } else if n > 0 {
        b[0] as u64 | (b[n / 2] as u64) << 8 | (b[n - 1] as u64) << 16
    } else {
        0
    }
}

/// Like [`pack8`] for up to 16 bytes.
#[inline(always)]
pub fn pack16(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    if n >= 8 {
        (read_u64(b, 0), read_u64(b, n - 8))
    } else {
        (pack8(b), 0)
    }
}

/// Parses dates of one column, remembering the last text it saw: exports sorted by date
/// repeat the same text for thousands of rows.
#[derive(Clone, Debug)]
pub struct DateParser {
    format: DateFormat,
    last: [u8; 40],
    last_len: usize,
    last_day: Day,
}

impl DateParser {
    /// A parser for `format`.
    pub fn new(format: DateFormat) -> Self {
        DateParser {
            format,
            last: [0; 40],
            last_len: usize::MAX,
            last_day: 0,
        }
    }

    /// The format in use.
    pub fn format(&self) -> DateFormat {
        self.format
    }

    /// Parses one field.
    #[inline]
    pub fn parse(&mut self, raw: &[u8]) -> Result<Day, DateError> {
        if raw.len() == self.last_len && short_eq(raw, &self.last[..raw.len()]) {
            return Ok(self.last_day);
        }
        let day = parse_date(raw, self.format)?;
        if raw.len() <= self.last.len() {
            self.last[..raw.len()].copy_from_slice(raw);
            self.last_len = raw.len();
            self.last_day = day;
        }
        Ok(day)
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use DateFormat::*;

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
        assert_eq!(parse_iso("2024-02-29"), Some(19_782));
        assert_eq!(parse_iso("2024-2-29"), None);
    }

    #[test]
    fn formats_table() {
        let d = |y, m, dd| Ok(day_from_ymd(y, m, dd).unwrap());
        let cases: &[(&str, DateFormat, Result<Day, DateError>)] = &[
            ("2024-03-05", Ymd, d(2024, 3, 5)),
            (" 2024-03-05 ", Ymd, d(2024, 3, 5)),
            ("2024-3-5", Ymd, d(2024, 3, 5)),
            ("2024/03/05", Ymd, d(2024, 3, 5)),
            ("2024-03-05T10:20:30", Ymd, d(2024, 3, 5)),
            ("2024-03-05T10:20:30Z", Ymd, d(2024, 3, 5)),
            ("2024-03-05T10:20:30.123+03:00", Ymd, d(2024, 3, 5)),
            ("2024-03-05 23:10:00 +0300", Ymd, d(2024, 3, 5)),
            ("2024-03-05 10:20", Ymd, d(2024, 3, 5)),
            ("2024-03-05 10:20 UTC", Ymd, d(2024, 3, 5)),
            ("2024-03-05x", Ymd, Err(DateError::Malformed)),
            ("2024-03-05T", Ymd, Err(DateError::Malformed)),
            ("2024-13-05", Ymd, Err(DateError::NotACalendarDate)),
            ("2023-02-29", Ymd, Err(DateError::NotACalendarDate)),
            ("2024-02-30", Ymd, Err(DateError::NotACalendarDate)),
            ("", Ymd, Err(DateError::Empty)),
            ("   ", Ymd, Err(DateError::Empty)),
            ("05.03.2024", Dmy, d(2024, 3, 5)),
            ("5.3.2024", Dmy, d(2024, 3, 5)),
            ("05/03/2024", Dmy, d(2024, 3, 5)),
            ("05-03-2024", Dmy, d(2024, 3, 5)),
            ("05.03.24", Dmy, d(2024, 3, 5)),
            ("05.03.2024 14:30", Dmy, d(2024, 3, 5)),
            ("05.03.2024 14:30:59", Dmy, d(2024, 3, 5)),
            ("31.04.2024", Dmy, Err(DateError::NotACalendarDate)),
            ("05.03/2024", Dmy, Err(DateError::Malformed)),
            ("05.03.202", Dmy, Err(DateError::Malformed)),
            ("03/05/2024", Mdy, d(2024, 3, 5)),
            ("3/5/2024 1:05 PM", Mdy, d(2024, 3, 5)),
            ("13/05/2024", Mdy, Err(DateError::NotACalendarDate)),
            ("20240305", Compact, d(2024, 3, 5)),
            ("2024035", Compact, Err(DateError::Malformed)),
            ("45292", ExcelSerial, d(2024, 1, 1)),
            ("45292.75", ExcelSerial, d(2024, 1, 1)),
            ("61", ExcelSerial, d(1900, 3, 1)),
            ("60", ExcelSerial, Err(DateError::NotACalendarDate)),
            ("1709596800", UnixSeconds, d(2024, 3, 5)),
            ("1709596800000", UnixMillis, d(2024, 3, 5)),
            ("-5", UnixSeconds, Err(DateError::Malformed)),
            ("nan", ExcelSerial, Err(DateError::Malformed)),
        ];
        for (text, fmt, want) in cases {
            assert_eq!(
                parse_date(text.as_bytes(), *fmt),
                *want,
                "{text:?} as {fmt:?}"
            );
        }
    }

    #[test]
    fn evidence() {
        assert_eq!(day_month_evidence(b"25/04/2024"), Some((true, false)));
        assert_eq!(day_month_evidence(b"04/25/2024"), Some((false, true)));
        assert_eq!(day_month_evidence(b"04/05/2024"), Some((false, false)));
        assert_eq!(day_month_evidence(b"2024-04-05"), None);
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
    }

    #[test]
    fn cached_parser_matches() {
        let mut p = DateParser::new(Ymd);
        assert_eq!(p.parse(b"2024-01-01"), p.parse(b"2024-01-01"));
        assert_eq!(
            p.parse(b"2024-01-02").unwrap(),
            p.parse(b"2024-01-01").unwrap() + 1
        );
        assert!(p.parse(b"bad").is_err());
    }
}
