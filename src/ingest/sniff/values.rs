//! What the values of a column look like: dates (and in which format), numbers (and with
//! which decimal separator), e-mails, phones.

use super::super::dates;
use super::super::numbers;
use super::ColumnType;
use crate::locale::{DateFormat, Decimal};

pub(super) fn is_blank(s: &str) -> bool {
    s.trim_matches(|c: char| c.is_whitespace()).is_empty()
}

pub(super) fn looks_like_date(s: &str) -> Option<DateFormat> {
    [
        DateFormat::Ymd,
        DateFormat::Dmy,
        DateFormat::Mdy,
        DateFormat::Compact,
    ]
    .into_iter()
    .find(|f| dates::parse_date(s.as_bytes(), *f).is_ok())
}

pub(super) fn looks_like_number(s: &str) -> bool {
    numbers::parse_money(s.as_bytes(), Decimal::Point).is_ok()
        || numbers::parse_money(s.as_bytes(), Decimal::Comma).is_ok()
}

pub(super) fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    match s.find('@') {
        Some(at) => at > 0 && s[at + 1..].contains('.') && !s.contains(' '),
        None => false,
    }
}

pub(super) fn looks_like_phone(s: &str) -> bool {
    let s = s.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let punct = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | ' ' | '.'));
    punct
        && (10..=15).contains(&digits)
        && (s.starts_with('+') || s.contains('(') || s.contains('-') || s.contains(' '))
}

pub(super) fn column_type(values: &[&str]) -> (ColumnType, Option<DateFormat>) {
    let vals: Vec<&str> = values.iter().copied().filter(|v| !is_blank(v)).collect();
    if vals.is_empty() {
        return (ColumnType::Empty, None);
    }
    let n = vals.len();
    let enough = |k: usize| k * 10 >= n * 9;
    let dates = vals.iter().filter_map(|v| looks_like_date(v)).count();
    if enough(dates) {
        let f = best_date_format(&vals, false).0;
        // Eight-digit integers are dates only when they all parse as such.
        return (ColumnType::Date, f);
    }
    if enough(vals.iter().filter(|v| looks_like_email(v)).count()) {
        return (ColumnType::Email, None);
    }
    if enough(vals.iter().filter(|v| looks_like_phone(v)).count()) {
        return (ColumnType::Phone, None);
    }
    let numbers = vals.iter().filter(|v| looks_like_number(v)).count();
    if enough(numbers) {
        let integers = vals
            .iter()
            .filter(|v| {
                let t = v.trim();
                !t.is_empty()
                    && t.trim_start_matches('-')
                        .chars()
                        .all(|c| c.is_ascii_digit())
            })
            .count();
        if integers == n {
            return (ColumnType::Integer, None);
        }
        return (ColumnType::Decimal, None);
    }
    (ColumnType::Text, None)
}

/// Chooses the date format that reads the most values; returns it and whether the day/month
/// order is undecided.
pub(super) fn best_date_format(vals: &[&str], allow_numeric: bool) -> (Option<DateFormat>, bool) {
    let mut formats = vec![
        DateFormat::Ymd,
        DateFormat::Dmy,
        DateFormat::Mdy,
        DateFormat::Compact,
    ];
    if allow_numeric {
        formats.extend([
            DateFormat::ExcelSerial,
            DateFormat::UnixSeconds,
            DateFormat::UnixMillis,
        ]);
    }
    let mut best: Option<(DateFormat, usize)> = None;
    for f in formats {
        let ok = vals
            .iter()
            .filter(|v| {
                let b = v.as_bytes();
                match f {
                    // Numeric formats only for plausible magnitudes.
                    DateFormat::ExcelSerial => {
                        dates::parse_date(b, f).is_ok_and(|d| (7305..=29_220).contains(&d))
                    }
                    DateFormat::UnixSeconds => {
                        let t = v.trim();
                        t.len() == 10 && dates::parse_date(b, f).is_ok()
                    }
                    DateFormat::UnixMillis => {
                        let t = v.trim();
                        t.len() == 13 && dates::parse_date(b, f).is_ok()
                    }
                    _ => dates::parse_date(b, f).is_ok(),
                }
            })
            .count();
        if ok > 0 && best.is_none_or(|(_, b)| ok > b) {
            best = Some((f, ok));
        }
    }
    let Some((mut f, _)) = best else {
        return (None, false);
    };
    let mut ambiguous = false;
    if matches!(f, DateFormat::Dmy | DateFormat::Mdy) {
        let (mut day_first, mut month_first) = (false, false);
        let mut dot = false;
        for v in vals {
            if let Some((a, b)) = dates::day_month_evidence(v.as_bytes()) {
                day_first |= a;
                month_first |= b;
            }
            dot |= v.contains('.');
        }
        f = match (day_first, month_first) {
            (true, false) => DateFormat::Dmy,
            (false, true) => DateFormat::Mdy,
            _ => {
                // Undecided (or mixed): dots are always day-first; slashes are ambiguous.
                ambiguous = !dot;
                DateFormat::Dmy
            }
        };
    }
    (Some(f), ambiguous)
}

/// Decides the decimal separator from amount-like values.
pub(crate) fn decide_decimal(vals: &[&str], delimiter: u8) -> (Decimal, Option<String>, bool) {
    let (mut point, mut comma, mut three) = (0, 0, false);
    let mut thousands = None;
    for v in vals {
        let s = numbers::shape(v.as_bytes());
        if s.point_decimal {
            point += 1;
        }
        if s.comma_decimal {
            comma += 1;
        }
        match s.last_separator {
            Some(b',') => comma += 1,
            Some(b'.') => point += 1,
            _ => {}
        }
        three |= s.three_after;
        if thousands.is_none() {
            let t = v.trim();
            if t.contains('\u{a0}') {
                thousands = Some("\u{a0}".to_string());
            } else if t.contains('\u{202f}') {
                thousands = Some("\u{202f}".to_string());
            } else if t.contains('\'') {
                thousands = Some("'".to_string());
            } else if t.trim_matches(|c: char| !c.is_ascii_digit()).contains(' ') {
                thousands = Some(" ".to_string());
            }
        }
    }
    // Undecided: Excel writes decimal commas where it separates fields by `;`.
    let decimal = if comma > point || (comma == point && delimiter == b';') {
        Decimal::Comma
    } else {
        Decimal::Point
    };
    if thousands.is_none() && three {
        thousands = Some(if decimal == Decimal::Point { "," } else { "." }.to_string());
    }
    let ambiguous = comma == 0 && point == 0 && three;
    (decimal, thousands, ambiguous)
}
