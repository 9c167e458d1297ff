//! Languages, and how numbers and dates are written.
//!
//! Every name, description and message exists in English and Russian ([`Lang`]). Numbers in
//! messages are written the way the language writes them ([`fmt_locale`]). [`DateFormat`]
//! and [`Decimal`] name how an export writes its dates and amounts: options take them, the
//! sniffer reports them and the reader parses them.

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

/// A text in both languages, for what is written before the language of its output is
/// settled: a file's notes and the details of its examples, kept by a report that may be
/// relabelled in the other language.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Bilingual {
    /// English.
    pub(crate) en: String,
    /// Russian.
    pub(crate) ru: String,
}

impl Bilingual {
    /// The text in both languages.
    pub(crate) fn new(en: impl Into<String>, ru: impl Into<String>) -> Self {
        Bilingual {
            en: en.into(),
            ru: ru.into(),
        }
    }

    /// The text in `lang`.
    pub(crate) fn get(&self, lang: Lang) -> &str {
        pick(lang, &self.en, &self.ru)
    }
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
    let negative = v < 0.0 && (v * 100.0).round() != 0.0;
    written(&fmt_number(v.abs()), negative, lang)
}

/// `plain` (digits, optionally a `.` and decimals) with the language's separators: thousands
/// grouped from five digits on (Russian typography leaves `7075` whole), a minus sign in front
/// when `negative`.
fn written(plain: &str, negative: bool, lang: Lang) -> String {
    let (int, frac) = plain.split_once('.').unwrap_or((plain, ""));
    let (group, point) = match lang {
        Lang::Ru => ('\u{a0}', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::with_capacity(plain.len() + 4);
    if negative {
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

/// The Russian form of a noun after the count `n`: `one` after 1, 21, 101 (`клиент`), `few`
/// after 2–4, 22–24 (`клиента`), `many` after 0, 5–20, 25 (`клиентов`).
pub(crate) fn plural_ru<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => one,
        (2..=4, r) if !(12..=14).contains(&r) => few,
        _ => many,
    }
}

/// A count with its noun, the number written as the language writes it: `1 client`,
/// `125,882 clients`; `1 клиент`, `2 клиента`, `125 882 клиента`. `en` is `[singular,
/// plural]`, `ru` the three forms of [`plural_ru`].
pub(crate) fn count(n: u64, lang: Lang, en: [&str; 2], ru: [&str; 3]) -> String {
    let number = fmt_locale(n as f64, lang);
    let noun = match lang {
        Lang::En if n == 1 => en[0],
        Lang::En => en[1],
        Lang::Ru => plural_ru(n, ru[0], ru[1], ru[2]),
    };
    format!("{number} {noun}")
}

/// [`count`] in Russian: `3 строки`.
pub(crate) fn count_ru(n: u64, ru: [&str; 3]) -> String {
    count(n, Lang::Ru, ["", ""], ru)
}

/// A number with exactly `decimals` decimals, written as the language writes it: `74,3` in
/// Russian, `74.3` in English, thousands grouped as in [`fmt_locale`].
pub fn fmt_fixed(v: f64, decimals: usize, lang: Lang) -> String {
    if !v.is_finite() {
        return "—".into();
    }
    let plain = format!("{:.*}", decimals, v.abs());
    let negative = v < 0.0 && plain.bytes().any(|b| (b'1'..=b'9').contains(&b));
    written(&plain, negative, lang)
}

/// A date as the language writes it: `31.01.2024` in Russian, `2024-01-31` in English.
pub(crate) fn fmt_date((year, month, day): (i32, u32, u32), lang: Lang) -> String {
    match lang {
        Lang::En => format!("{year:04}-{month:02}-{day:02}"),
        Lang::Ru => format!("{day:02}.{month:02}.{year:04}"),
    }
}

/// A share (0.743) as a percentage with one decimal: `74,3 %` in Russian (with a no-break
/// space, as Russian typography writes it), `74.3%` in English.
pub fn fmt_percent(share: f64, lang: Lang) -> String {
    if !share.is_finite() {
        return "—".into();
    }
    let n = fmt_fixed(share * 100.0, 1, lang);
    match lang {
        Lang::Ru => format!("{n}\u{a0}%"),
        Lang::En => format!("{n}%"),
    }
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

    #[test]
    fn counts_and_plurals() {
        let clients = |n: u64, lang: Lang| {
            count(
                n,
                lang,
                ["client", "clients"],
                ["клиент", "клиента", "клиентов"],
            )
        };
        let cases: &[(u64, Lang, &str)] = &[
            (1, Lang::Ru, "1 клиент"),
            (2, Lang::Ru, "2 клиента"),
            (5, Lang::Ru, "5 клиентов"),
            (11, Lang::Ru, "11 клиентов"),
            (12, Lang::Ru, "12 клиентов"),
            (21, Lang::Ru, "21 клиент"),
            (22, Lang::Ru, "22 клиента"),
            (111, Lang::Ru, "111 клиентов"),
            (0, Lang::Ru, "0 клиентов"),
            (125_882, Lang::Ru, "125\u{a0}882 клиента"),
            (1, Lang::En, "1 client"),
            (0, Lang::En, "0 clients"),
            (23_570, Lang::En, "23,570 clients"),
        ];
        for (n, lang, want) in cases {
            assert_eq!(clients(*n, *lang), *want, "{n} {lang:?}");
        }
    }

    #[test]
    fn percents_in_each_language() {
        let cases: &[(f64, Lang, &str)] = &[
            (0.743, Lang::Ru, "74,3\u{a0}%"),
            (0.743, Lang::En, "74.3%"),
            (1.0, Lang::Ru, "100,0\u{a0}%"),
            (0.0, Lang::En, "0.0%"),
            (-0.0001, Lang::En, "0.0%"),
            (123.456, Lang::Ru, "12\u{a0}345,6\u{a0}%"),
            (f64::NAN, Lang::En, "—"),
        ];
        for (v, lang, want) in cases {
            assert_eq!(fmt_percent(*v, *lang), *want, "{v} {lang:?}");
        }
    }
}
