//! Parsing the number formats found in exports into exact [`Money`].
//!
//! Amounts with more than four decimals are rounded half away from zero at the fourth.

use crate::locale::Decimal;
use crate::money::{from_f64, to_f64, Money, SCALE};

/// Why a number did not parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumberError {
    /// Nothing but spaces.
    Empty,
    /// Not a number in the column's format (also `NaN`, `Infinity`).
    Malformed,
    /// Too large to keep exactly.
    Overflow,
}

/// Observations about a value, for deciding a column's format from many values.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct NumberShape {
    /// The text has a `.` followed by other than exactly three digits (so `.` is decimal).
    pub point_decimal: bool,
    /// The text has a `,` followed by other than exactly three digits (so `,` is decimal).
    pub comma_decimal: bool,
    /// The text has both `.` and `,`; the last one is the decimal separator.
    pub last_separator: Option<u8>,
    /// Has a separator followed by exactly three digits (ambiguous alone).
    pub three_after: bool,
}

/// Looks at the separators in `raw` (see [`NumberShape`]).
pub(crate) fn shape(raw: &[u8]) -> NumberShape {
    let mut s = NumberShape::default();
    let (core, _) = strip_decorations(raw);
    let seps: Vec<(usize, u8)> = core
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == b'.' || **c == b',')
        .map(|(i, c)| (i, *c))
        .collect();
    let has_point = seps.iter().any(|(_, c)| *c == b'.');
    let has_comma = seps.iter().any(|(_, c)| *c == b',');
    if has_point && has_comma {
        s.last_separator = seps.last().map(|(_, c)| *c);
    }
    for (n, &(i, c)) in seps.iter().enumerate() {
        let run = core[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        let end = i + 1 + run;
        let next_is_sep_or_end = end == core.len()
            || matches!(core[end], b'.' | b',' | b' ')
            || core[end..].starts_with(&[0xC2, 0xA0]);
        let only_one_of_kind = seps.iter().filter(|(_, k)| *k == c).count() == 1;
        if run == 3 && next_is_sep_or_end {
            s.three_after = true;
        } else if only_one_of_kind && n + 1 == seps.len() && run > 0 {
            if c == b'.' {
                s.point_decimal = true;
            } else {
                s.comma_decimal = true;
            }
        }
    }
    s
}

fn is_space_at(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b' ' | b'\t' | b'\'') => 1,
        Some(0xC2) if b.get(i + 1) == Some(&0xA0) => 2,
        // U+202F narrow no-break space, U+2009 thin space
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xAF | 0x89)) => 3,
        _ => 0,
    }
}

/// Removes spaces, currency signs and words around the number and reports the sign they
/// imply (`(12.50)`, `12.50-`, `−12.50`). Returns the numeric core (still with its own
/// sign and separators).
fn strip_decorations(raw: &[u8]) -> (&[u8], bool) {
    let mut b = raw;
    let mut negative = false;
    // Outer spaces.
    b = trim_spaces(b);
    // Parentheses mean negative in accounting exports.
    if b.len() >= 2 && b[0] == b'(' && b[b.len() - 1] == b')' {
        negative = true;
        b = trim_spaces(&b[1..b.len() - 1]);
    }
    loop {
        let before = b.len();
        b = trim_spaces(b);
        // Leading: sign, currency symbol or word (₽, $, руб, RUB, USD ...).
        if let Some(n) = currency_prefix(b) {
            b = &b[n..];
        }
        // Unicode minus U+2212 or en dash as minus.
        if b.starts_with("\u{2212}".as_bytes()) || b.starts_with("\u{2013}".as_bytes()) {
            negative = !negative;
            b = &b[3..];
        }
        if let Some(n) = currency_suffix(b) {
            b = &b[..b.len() - n];
        }
        if b.last() == Some(&b'-') && b.len() > 1 && b[b.len() - 2].is_ascii_digit() {
            negative = !negative;
            b = &b[..b.len() - 1];
        }
        if b.len() == before {
            break;
        }
    }
    (b, negative)
}

fn trim_spaces(mut b: &[u8]) -> &[u8] {
    loop {
        let n = is_space_at(b, 0);
        if n > 0 && b.first() != Some(&b'\'') {
            b = &b[n..];
            continue;
        }
        // trailing
        if let Some(&last) = b.last() {
            if last == b' ' || last == b'\t' {
                b = &b[..b.len() - 1];
                continue;
            }
            if b.ends_with(&[0xC2, 0xA0]) {
                b = &b[..b.len() - 2];
                continue;
            }
            if b.ends_with("\u{202F}".as_bytes()) || b.ends_with("\u{2009}".as_bytes()) {
                b = &b[..b.len() - 3];
                continue;
            }
        }
        return b;
    }
}

/// Length of a currency sign or word at the start (letters of any script, `$€£¥₽₸₴`).
fn currency_prefix(b: &[u8]) -> Option<usize> {
    let n = symbol_or_word_len(b, false);
    (n > 0).then_some(n)
}

/// Length of a currency sign or word at the end, with an optional trailing `.` (`руб.`).
fn currency_suffix(b: &[u8]) -> Option<usize> {
    let mut end = b.len();
    if end > 0 && b[end - 1] == b'.' {
        // Only strip the dot when a word precedes it.
        let n = symbol_or_word_len(&b[..end - 1], true);
        if n > 0 {
            return Some(n + 1);
        }
        return None;
    }
    let n = symbol_or_word_len(&b[..end], true);
    if n > 0 {
        end -= n;
        let _ = end;
        return Some(n);
    }
    None
}

/// Counts bytes of a currency sign or word at the start (or end, `from_end`): a currency
/// symbol (`$€£¥₽₸₴`), a three-letter ISO code in capitals (`RUB`, `USD`), or a known word
/// (`руб`, `р`, `грн`, `тг`). Other letters are not stripped, so `12.5O` stays malformed.
fn symbol_or_word_len(b: &[u8], from_end: bool) -> usize {
    let s = match std::str::from_utf8(b) {
        Ok(s) => s,
        Err(_) => return 0,
    };
    let is_symbol =
        |c: char| matches!(c, '$' | '€' | '£' | '¥' | '₽' | '₸' | '₴' | '₼' | '₾' | '¤');
    let first = if from_end {
        s.chars().next_back()
    } else {
        s.chars().next()
    };
    match first {
        Some(c) if is_symbol(c) => return c.len_utf8(),
        Some(c) if c.is_alphabetic() => {}
        _ => return 0,
    }
    let word: &str = if from_end {
        let n: usize = s
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .map(char::len_utf8)
            .sum();
        &s[s.len() - n..]
    } else {
        let n: usize = s
            .chars()
            .take_while(|c| c.is_alphabetic())
            .map(char::len_utf8)
            .sum();
        &s[..n]
    };
    let iso = word.len() == 3 && word.bytes().all(|c| c.is_ascii_uppercase());
    let known = matches!(
        word.to_lowercase().as_str(),
        "руб"
            | "р"
            | "рублей"
            | "рубля"
            | "рубль"
            | "грн"
            | "тг"
            | "сум"
            | "тенге"
            | "rub"
            | "usd"
            | "eur"
            | "rur"
            | "byn"
            | "kzt"
            | "uah"
    );
    if iso || known {
        word.len()
    } else {
        0
    }
}

/// Parses an amount in the column's decimal format into exact [`Money`].
///
/// Accepts a sign, thousands separators (spaces, no-break spaces, `'`, and the other of
/// `.`/`,` in groups of three), currency signs and words around the number, parentheses or
/// a trailing minus for negatives, and an exponent (`1.5E+3`). Rejects `NaN`, infinities,
/// empty text and anything else.
#[inline]
pub(crate) fn parse_money(raw: &[u8], decimal: Decimal) -> Result<Money, NumberError> {
    // Fast path: [-]digits[sep digits], the shape of nearly every exported amount.
    if let Some(v) = parse_plain(raw, decimal.byte()) {
        return v;
    }
    parse_general(raw, decimal)
}

#[inline]
fn parse_plain(b: &[u8], dec: u8) -> Option<Result<Money, NumberError>> {
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        _ => (false, b),
    };
    // At most 14 whole digits and 4 decimals: no overflow in u64.
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let mut v: u64 = 0;
    let mut i = 0;
    while i < digits.len() {
        let d = digits[i].wrapping_sub(b'0');
        if d > 9 {
            break;
        }
        v = v * 10 + d as u64;
        i += 1;
    }
    if i == 0 || i > 14 {
        return None;
    }
    let frac_len = digits.len() - i;
    if frac_len == 0 {
        v *= SCALE as u64;
    } else {
        if digits[i] != dec || frac_len > 5 || frac_len == 1 {
            return None;
        }
        for &c in &digits[i + 1..] {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            v = v * 10 + d as u64;
        }
        // Scale the frac_len − 1 decimals read to four.
        v *= [0, 10_000, 1_000, 100, 10, 1][frac_len];
    }
    let v = v as i64;
    Some(Ok(if neg { -v } else { v }))
}

fn parse_general(raw: &[u8], decimal: Decimal) -> Result<Money, NumberError> {
    if trim_spaces(raw).is_empty() {
        return Err(NumberError::Empty);
    }
    let (core, mut negative) = strip_decorations(raw);
    let mut b = core;
    match b.first() {
        Some(b'-') => {
            negative = !negative;
            b = &b[1..];
        }
        Some(b'+') => b = &b[1..],
        _ => {}
    }
    // A currency sign may also follow the sign: -$12.50
    if let Some(n) = currency_prefix(b) {
        b = trim_spaces(&b[n..]);
    }
    if b.is_empty() || !b[0].is_ascii_digit() && b[0] != decimal.byte() {
        return Err(NumberError::Malformed);
    }
    // Exponent form.
    if let Some(e) = b.iter().position(|c| *c == b'e' || *c == b'E') {
        let m = parse_general(&b[..e], decimal)?;
        let exp_text = std::str::from_utf8(&b[e + 1..]).map_err(|_| NumberError::Malformed)?;
        let exp: i32 = exp_text.parse().map_err(|_| NumberError::Malformed)?;
        if !(-20..=20).contains(&exp) {
            return Err(NumberError::Overflow);
        }
        let v = to_f64(m) * 10f64.powi(exp);
        let m = from_f64(v).ok_or(NumberError::Overflow)?;
        return Ok(if negative { -m } else { m });
    }
    let dec = decimal.byte();
    let other = decimal.other();
    let mut whole: i64 = 0;
    let mut frac: i64 = 0;
    let mut frac_digits = 0u32;
    let mut round_up = false;
    let mut in_frac = false;
    let mut group_len: Option<usize> = None; // digits since last thousands separator
    let mut seen_group_sep = false;
    let mut int_digits = 0usize;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let d = (c - b'0') as i64;
            if in_frac {
                frac_digits += 1;
                if frac_digits <= 4 {
                    frac = frac * 10 + d;
                } else if frac_digits == 5 {
                    round_up = d >= 5;
                }
            } else {
                whole = whole
                    .checked_mul(10)
                    .and_then(|w| w.checked_add(d))
                    .ok_or(NumberError::Overflow)?;
                int_digits += 1;
                if let Some(g) = group_len.as_mut() {
                    *g += 1;
                }
            }
            i += 1;
            continue;
        }
        if c == dec && !in_frac {
            if let Some(g) = group_len {
                if g != 3 {
                    return Err(NumberError::Malformed);
                }
            }
            in_frac = true;
            i += 1;
            continue;
        }
        let sp = is_space_at(b, i);
        if (sp > 0 || c == other) && !in_frac {
            // Thousands separator: needs 1..=3 digits before the first, exactly 3 between.
            match group_len {
                None if int_digits == 0 || int_digits > 3 => return Err(NumberError::Malformed),
                Some(g) if g != 3 => return Err(NumberError::Malformed),
                _ => {}
            }
            seen_group_sep = true;
            group_len = Some(0);
            i += sp.max(1);
            continue;
        }
        return Err(NumberError::Malformed);
    }
    if let Some(g) = group_len {
        if g != 3 {
            return Err(NumberError::Malformed);
        }
    }
    let _ = seen_group_sep;
    if int_digits == 0 && frac_digits == 0 {
        return Err(NumberError::Malformed);
    }
    if in_frac && frac_digits == 0 {
        return Err(NumberError::Malformed);
    }
    for _ in frac_digits.min(4)..4 {
        frac *= 10;
    }
    if round_up {
        frac += 1;
    }
    let v = whole
        .checked_mul(SCALE)
        .and_then(|w| w.checked_add(frac))
        .ok_or(NumberError::Overflow)?;
    if v > i64::MAX / 4 {
        return Err(NumberError::Overflow);
    }
    Ok(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decimal::*;

    fn m(x: f64) -> Result<Money, NumberError> {
        Ok(from_f64(x).unwrap())
    }

    #[test]
    fn amounts_table() {
        let cases: &[(&str, Decimal, Result<Money, NumberError>)] = &[
            ("12.34", Point, m(12.34)),
            ("-12.34", Point, m(-12.34)),
            ("12", Point, m(12.0)),
            ("0.5", Point, m(0.5)),
            (".5", Point, m(0.5)),
            ("12,34", Comma, m(12.34)),
            ("1 234,56", Comma, m(1234.56)),
            ("1\u{a0}234,56", Comma, m(1234.56)),
            ("1\u{202f}234,56", Comma, m(1234.56)),
            ("1.234,56", Comma, m(1234.56)),
            ("1.234.567,8", Comma, m(1_234_567.8)),
            ("1,234.56", Point, m(1234.56)),
            ("1,234,567", Point, m(1_234_567.0)),
            ("1'234.50", Point, m(1234.5)),
            ("1,23", Point, Err(NumberError::Malformed)),
            ("1.5", Comma, Err(NumberError::Malformed)),
            ("12 34", Comma, Err(NumberError::Malformed)),
            ("1234 567", Point, Err(NumberError::Malformed)),
            ("$12.50", Point, m(12.5)),
            ("-$12.50", Point, m(-12.5)),
            ("$-12.50", Point, m(-12.5)),
            ("12.50 USD", Point, m(12.5)),
            ("RUB 1 000", Point, m(1000.0)),
            ("1 000 ₽", Comma, m(1000.0)),
            ("1 000,50 руб.", Comma, m(1000.5)),
            ("1 000,50 р.", Comma, m(1000.5)),
            ("€ 99,90", Comma, m(99.9)),
            ("(12.50)", Point, m(-12.5)),
            ("12.50-", Point, m(-12.5)),
            ("\u{2212}12,50", Comma, m(-12.5)),
            ("+7.25", Point, m(7.25)),
            ("1.5E+3", Point, m(1500.0)),
            ("2e-2", Point, m(0.02)),
            ("0.12345", Point, m(0.1235)),
            ("-0.12345", Point, m(-0.1235)),
            ("0.12344", Point, m(0.1234)),
            ("NaN", Point, Err(NumberError::Malformed)),
            ("inf", Point, Err(NumberError::Malformed)),
            ("-Infinity", Point, Err(NumberError::Malformed)),
            ("", Point, Err(NumberError::Empty)),
            ("  ", Point, Err(NumberError::Empty)),
            ("12.5O", Point, Err(NumberError::Malformed)),
            ("1..2", Point, Err(NumberError::Malformed)),
            ("12.", Point, Err(NumberError::Malformed)),
            ("99999999999999999999", Point, Err(NumberError::Overflow)),
            (
                "555555555555555555555555555555555555",
                Point,
                Err(NumberError::Overflow),
            ),
            ("-9999999999999999999", Comma, Err(NumberError::Overflow)),
            ("1e30", Point, Err(NumberError::Overflow)),
            ("--5", Point, Err(NumberError::Malformed)),
        ];
        for (text, dec, want) in cases {
            assert_eq!(
                parse_money(text.as_bytes(), *dec),
                *want,
                "{text:?} {dec:?}"
            );
        }
    }

    #[test]
    fn shapes() {
        assert!(shape(b"12,5").comma_decimal);
        assert!(shape(b"12.50").point_decimal);
        assert!(shape(b"1,234").three_after);
        assert!(!shape(b"1,234").comma_decimal);
        assert_eq!(shape(b"1.234,56").last_separator, Some(b','));
        assert!(shape(b"1 234,56").comma_decimal);
    }
}
