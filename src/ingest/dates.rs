//! Parsing the date formats found in exports.
//!
//! Parsing works on bytes and does not allocate; validity of the calendar date is checked
//! with `chrono` (through [`day_from_ymd`]).

use super::bytes::{short_eq, trim};
use crate::calendar::{day_from_ymd, Day};
use crate::locale::DateFormat;

/// Why a date did not parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateError {
    /// Nothing but spaces.
    Empty,
    /// Not in the format.
    Malformed,
    /// In the format, but not a calendar date (2023-02-30, month 13).
    NotACalendarDate,
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
pub(crate) fn parse_date(raw: &[u8], format: DateFormat) -> Result<Day, DateError> {
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
pub(crate) fn day_month_evidence(raw: &[u8]) -> Option<(bool, bool)> {
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

/// Parses dates of one column, remembering the last text it saw: exports sorted by date
/// repeat the same text for thousands of rows.
#[derive(Clone, Debug)]
pub(crate) struct DateParser {
    format: DateFormat,
    last: [u8; 40],
    last_len: usize,
    last_day: Day,
}

impl DateParser {
    /// A parser for `format`.
    pub(crate) fn new(format: DateFormat) -> Self {
        DateParser {
            format,
            last: [0; 40],
            last_len: usize::MAX,
            last_day: 0,
        }
    }

    /// Parses one field.
    #[inline]
    pub(crate) fn parse(&mut self, raw: &[u8]) -> Result<Day, DateError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use DateFormat::*;

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
