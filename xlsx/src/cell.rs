//! One typed cell as the text segmenta's reader understands: dates as ISO `YYYY-MM-DD`
//! (with ` HH:MM:SS` when there is a time of day), numbers as plain decimals with a dot,
//! booleans as `TRUE`/`FALSE`, text as it is, errors (`#N/A`…) and empty cells as nothing.

use calamine::{DataRef, ExcelDateTime};
use std::fmt::Write;

/// Writes the text of `cell` into `out` (cleared first); false when the cell has no value.
/// `is_1904` is the workbook's date system.
pub(crate) fn cell_text(cell: &DataRef<'_>, is_1904: bool, out: &mut String) -> bool {
    out.clear();
    match cell {
        DataRef::Empty | DataRef::Error(_) => {}
        DataRef::String(s) => out.push_str(s),
        DataRef::SharedString(s) => out.push_str(s),
        DataRef::Bool(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        DataRef::Int(i) => {
            let _ = write!(out, "{i}");
        }
        DataRef::Float(f) => number(*f, out),
        DataRef::DateTime(d) => date_time(d, is_1904, out),
        DataRef::DateTimeIso(s) => iso(s, out),
        DataRef::DurationIso(s) => out.push_str(s),
    }
    !out.is_empty()
}

/// A number as a plain decimal: no exponent, no thousands separator, a dot. Whole numbers
/// up to 2^53 exactly (an id 17850 stays `17850`); other numbers rounded to the 15
/// significant digits Excel keeps, which drops the noise of binary fractions (a computed
/// `14.399999999999999` is `14.4`, as Excel shows it). Not-a-number is nothing.
pub(crate) fn number(f: f64, out: &mut String) {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if !f.is_finite() {
        return;
    }
    if f == f.trunc() && f.abs() <= EXACT {
        // `as` is exact here; -0.0 becomes 0.
        let _ = write!(out, "{}", f as i64);
        return;
    }
    // `Display` of f64 never uses an exponent and prints the shortest exact form: most
    // numbers (12.5, 0.3) have at most 15 significant digits there already.
    let start = out.len();
    let _ = write!(out, "{f}");
    let digits = out[start..]
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&b| b == b'0')
        .count();
    if digits <= 15 {
        return;
    }
    out.truncate(start);
    let mut scientific = String::with_capacity(24);
    let _ = write!(scientific, "{f:.14e}");
    let rounded: f64 = scientific.parse().unwrap_or(f);
    let _ = write!(out, "{rounded}");
}

/// Days from 1970-01-01 of the civil date `y-m-d` (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of `days` from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// A cell with a date or time format. Serial days count from 1899-12-31 (day 1 is
/// 1900-01-01; Excel's day 60, the 29th of February 1900 that never was, is written as
/// such) or, in the 1904 date system, from 1904-01-01. The time of day is rounded to the
/// second. A value outside 1900..=9999 (Excel shows `#####`) is written as its number;
/// a duration (`[h]:mm:ss`) as hours, minutes and seconds.
fn date_time(d: &ExcelDateTime, is_1904: bool, out: &mut String) {
    let serial = d.as_f64();
    let max = if is_1904 { 2_957_003.0 } else { 2_958_466.0 };
    if !serial.is_finite() || serial < 0.0 || (d.is_datetime() && serial >= max) {
        return number(serial, out);
    }
    let seconds = (serial * 86_400.0).round() as i64;
    let (days, time) = (seconds / 86_400, seconds % 86_400);
    let (h, m, s) = (time / 3600, time / 60 % 60, time % 60);
    if d.is_duration() {
        let _ = write!(out, "{}:{m:02}:{s:02}", days * 24 + h);
        return;
    }
    if days == 0 && !is_1904 {
        // A time alone (Excel's day 0 is "1900-01-00").
        let _ = write!(out, "{h:02}:{m:02}:{s:02}");
        return;
    }
    let (y, mo, dd) = if is_1904 {
        civil_from_days(days_from_civil(1904, 1, 1) + days)
    } else if days == 60 {
        (1900, 2, 29)
    } else {
        // Excel counts the 29th of February 1900, so later days are one ahead.
        let epoch = days_from_civil(1899, 12, 31);
        civil_from_days(epoch + days - i64::from(days > 60))
    };
    let _ = write!(out, "{y:04}-{mo:02}-{dd:02}");
    if time != 0 {
        let _ = write!(out, " {h:02}:{m:02}:{s:02}");
    }
}

/// An ISO 8601 date cell (`t="d"`): `2024-01-02T10:30:00` as `2024-01-02 10:30:00`, a
/// midnight time dropped.
fn iso(s: &str, out: &mut String) {
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    out.push_str(date);
    let time = time.trim_end_matches('Z');
    let midnight = time.trim_start_matches(['0', ':', '.']).is_empty();
    if !midnight {
        out.push(' ');
        out.push_str(time);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType::{DateTime, TimeDelta};

    #[test]
    fn numbers() {
        let cases: &[(f64, &str)] = &[
            (17850.0, "17850"),
            (-0.0, "0"),
            (0.1 + 0.2, "0.3"),
            (14.399999999999999, "14.4"),
            (1234.5, "1234.5"),
            (-2.25, "-2.25"),
            (1e21, "1000000000000000000000"),
            (1.5e-7, "0.00000015"),
            (9_007_199_254_740_992.0, "9007199254740992"),
            (123_456_789_012_345.67, "123456789012346"),
            (f64::NAN, ""),
            (f64::INFINITY, ""),
        ];
        for (f, want) in cases {
            let mut s = String::new();
            number(*f, &mut s);
            assert_eq!(s, *want, "{f:?}");
        }
    }

    #[test]
    fn dates() {
        let cases: &[(f64, bool, &str)] = &[
            (45_323.0, false, "2024-02-01"),
            (45_323.5, false, "2024-02-01 12:00:00"),
            (45_323.999_999_9, false, "2024-02-02"),
            (1.0, false, "1900-01-01"),
            (59.0, false, "1900-02-28"),
            (60.0, false, "1900-02-29"),
            (61.0, false, "1900-03-01"),
            (0.75, false, "18:00:00"),
            (2_958_465.0, false, "9999-12-31"),
            (2_958_466.0, false, "2958466"),
            (-1.0, false, "-1"),
            (0.0, true, "1904-01-01"),
            (43_861.0, true, "2024-02-01"),
            (43_861.25, true, "2024-02-01 06:00:00"),
        ];
        for (serial, is_1904, want) in cases {
            let mut s = String::new();
            let cell = DataRef::DateTime(ExcelDateTime::new(*serial, DateTime, *is_1904));
            cell_text(&cell, *is_1904, &mut s);
            assert_eq!(s, *want, "{serial} 1904={is_1904}");
        }
        let mut s = String::new();
        let cell = DataRef::DateTime(ExcelDateTime::new(1.5, TimeDelta, false));
        cell_text(&cell, false, &mut s);
        assert_eq!(s, "36:00:00");
    }

    #[test]
    fn other_cells() {
        let cases: &[(DataRef<'_>, &str)] = &[
            (DataRef::Bool(true), "TRUE"),
            (DataRef::Bool(false), "FALSE"),
            (DataRef::Int(-42), "-42"),
            (DataRef::SharedString("01.02.2024"), "01.02.2024"),
            (DataRef::String("12,50".into()), "12,50"),
            (DataRef::Error(calamine::CellErrorType::NA), ""),
            (DataRef::Empty, ""),
            (
                DataRef::DateTimeIso("2024-02-01T00:00:00".into()),
                "2024-02-01",
            ),
            (
                DataRef::DateTimeIso("2024-02-01T10:30:00Z".into()),
                "2024-02-01 10:30:00",
            ),
            (DataRef::DateTimeIso("2024-02-01".into()), "2024-02-01"),
        ];
        for (cell, want) in cases {
            let mut s = String::new();
            assert_eq!(cell_text(cell, false, &mut s), !want.is_empty());
            assert_eq!(s, *want, "{cell:?}");
        }
    }
}
