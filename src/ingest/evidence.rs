//! Evidence for the formats the first rows left undecided: the first line that shows a
//! day-first or month-first date, a decimal comma or point. A later row contradicting the
//! format assumed from the first rows is an error whose fix names the right format.

use super::sniff::Sniff;
use crate::error::{Error, ErrorKind, Fix, Position};
use crate::locale::{DateFormat, Decimal};

/// Lines of the first rows that decide an ambiguous date or decimal format.
#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct Evidence {
    pub(crate) day_first: Option<u64>,
    pub(crate) month_first: Option<u64>,
    pub(crate) comma: Option<u64>,
    pub(crate) point: Option<u64>,
}

impl Evidence {
    /// The evidence of a whole file from that of its byte ranges (each shifted to file
    /// lines), in file order: the first line of each kind wins.
    pub(crate) fn or(self, later: Evidence) -> Evidence {
        Evidence {
            day_first: self.day_first.or(later.day_first),
            month_first: self.month_first.or(later.month_first),
            comma: self.comma.or(later.comma),
            point: self.point.or(later.point),
        }
    }

    /// Moves the lines on by `lines`.
    pub(crate) fn shift(self, lines: u64) -> Evidence {
        let s = |l: Option<u64>| l.map(|l| l + lines);
        Evidence {
            day_first: s(self.day_first),
            month_first: s(self.month_first),
            comma: s(self.comma),
            point: s(self.point),
        }
    }

    /// Fails when a format assumed from the first rows is contradicted later in the file;
    /// the error's line is the first row that shows it and its fix the format of the file.
    pub(crate) fn check(&self, sniff: &Sniff) -> Result<(), Error> {
        if sniff.date_format_ambiguous {
            if let (Some(line), None) = (self.month_first, self.day_first) {
                let fix = Fix::DateFormat(DateFormat::Mdy);
                return Err(contradiction(line, fix, format!(
                    "dates are month-first, but the first rows looked day-first; read again with the option dateFormat: \"{}\"",
                    fix.value()
                ), format!(
                    "в датах сначала месяц, хотя первые строки выглядели как день первым; прочитайте файл заново с форматом даты {}",
                    fix.value()
                )));
            }
        }
        if sniff.decimal_ambiguous {
            let decimal = sniff.decimal_separator;
            let (wrong, right, other) = match decimal {
                Decimal::Comma => (self.point, self.comma, Decimal::Point),
                Decimal::Point => (self.comma, self.point, Decimal::Comma),
            };
            if let (Some(line), None) = (wrong, right) {
                let fix = Fix::DecimalSeparator(other);
                return Err(contradiction(line, fix, format!(
                    "amounts use \"{0}\" as the decimal separator, but the first rows were read the other way; read again with the option decimalSeparator: \"{0}\"",
                    fix.value()
                ), format!(
                    "в суммах десятичный разделитель «{0}», хотя первые строки прочитаны иначе; прочитайте файл заново с десятичным разделителем «{0}»",
                    fix.value()
                )));
            }
        }
        Ok(())
    }
}

fn contradiction(line: u64, fix: Fix, message: String, message_ru: String) -> Error {
    let at = Position {
        line: Some(line),
        ..Position::default()
    };
    Error::new(ErrorKind::FormatContradiction, message)
        .ru(message_ru)
        .at(at)
        .with_fix(fix)
}
