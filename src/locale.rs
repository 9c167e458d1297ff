//! Languages, and how numbers and dates are written.
//!
//! Every name, description and message exists in English and Russian ([`Lang`]). Numbers in
//! messages are written the way the language writes them ([`fmt_locale`]). [`DateFormat`]
//! and [`Decimal`] name how an export writes its dates and amounts, [`QuoteMode`] whether its
//! quotes may hold line breaks: options take them, the sniffer reports them and the reader
//! parses them.

use serde::{Deserialize, Serialize};

/// Output language of names, descriptions and messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Lang {
    /// English (default).
    #[default]
    En,
    /// Russian.
    Ru,
}

/// `en` or `ru`, by the language.
pub(crate) fn text(lang: Lang, en: &str, ru: &str) -> String {
    pick(lang, en, ru).to_string()
}

/// `en` or `ru`, by the language, borrowed.
pub(crate) fn pick<'a>(lang: Lang, en: &'a str, ru: &'a str) -> &'a str {
    match lang {
        Lang::En => en,
        Lang::Ru => ru,
    }
}

/// Formats a number for messages: integers without decimals, others with two.
pub(crate) fn fmt_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v:.2}")
    }
}

/// Formats a number the way the language writes it: `48 240,50` in Russian (no-break
/// space, decimal comma), `48,240.50` in English; integers without decimals.
pub fn fmt_locale(v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let plain = fmt_number(v.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let (group, point) = match lang {
        Lang::Ru => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::with_capacity(plain.len() + 4);
    if v < 0.0 && (v * 100.0).round() != 0.0 {
        out.push('−');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 && int.len() > 4 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
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

    /// The pattern as users see it (and as the option takes it).
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

/// The decimal separator of a numeric column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Decimal {
    /// `1234.56`, thousands as `,` `'` or spaces.
    #[serde(rename = ".")]
    Point,
    /// `1234,56`, thousands as `.` `'` or spaces.
    #[serde(rename = ",")]
    Comma,
}

impl Decimal {
    /// The separator byte.
    pub fn byte(self) -> u8 {
        match self {
            Decimal::Point => b'.',
            Decimal::Comma => b',',
        }
    }

    /// The other separator's byte (a thousands separator in this format).
    pub fn other(self) -> u8 {
        match self {
            Decimal::Point => b',',
            Decimal::Comma => b'.',
        }
    }

    /// The separator as the option takes it: `"."` or `","`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decimal::Point => ".",
            Decimal::Comma => ",",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_each_language() {
        let cases: &[(f64, Lang, &str)] = &[
            (48_240.5, Lang::Ru, "48\u{a0}240,50"),
            (48_240.5, Lang::En, "48,240.50"),
            (1234.0, Lang::En, "1234"),
            (-3.0, Lang::En, "−3"),
            (-0.001, Lang::En, "0.00"),
            (f64::NAN, Lang::Ru, "—"),
            (1_000_000.0, Lang::Ru, "1\u{a0}000\u{a0}000"),
        ];
        for (v, lang, want) in cases {
            assert_eq!(fmt_locale(*v, *lang), *want, "{v} {lang:?}");
        }
    }
}

/// Whether a quoted field may hold line breaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum QuoteMode {
    /// A quoted field may hold line breaks, as CSV allows (default).
    #[default]
    Multiline,
    /// Every line is one record: a quote still open at the end of its line closes there.
    /// For a file with a quote opened and never closed, which would otherwise swallow the
    /// lines after it; the analyzer reads such a file again this way by itself.
    Line,
}

impl QuoteMode {
    /// The mode as the option takes it: `"multiline"` or `"line"`.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteMode::Multiline => "multiline",
            QuoteMode::Line => "line",
        }
    }
}
