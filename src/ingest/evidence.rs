//! Evidence for the formats the first rows left undecided: the first line that shows a
//! day-first or month-first date, a decimal comma or point, and a quote opened and never
//! closed. A later row contradicting the format assumed from the first rows is an error
//! whose fix names the right format.

use super::sniff::Sniff;
use crate::error::{Error, ErrorKind, Fix, Position};
use crate::locale::{DateFormat, Decimal, QuoteMode};

/// Lines of the first rows that decide an ambiguous date or decimal format.
#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct Evidence {
    pub(crate) day_first: Option<u64>,
    pub(crate) month_first: Option<u64>,
    pub(crate) comma: Option<u64>,
    pub(crate) point: Option<u64>,
    /// The line of a quote opened and never closed (it swallows the lines after it).
    pub(crate) open_quote: Option<u64>,
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
            open_quote: self.open_quote.or(later.open_quote),
        }
    }

    /// Notes a quote opened on `line` and never closed; the first line wins.
    pub(crate) fn note_open_quote(&mut self, line: u64) {
        self.open_quote = Some(self.open_quote.map_or(line, |l| l.min(line)));
    }

    /// Moves the lines on by `lines`.
    pub(crate) fn shift(self, lines: u64) -> Evidence {
        let s = |l: Option<u64>| l.map(|l| l + lines);
        Evidence {
            day_first: s(self.day_first),
            month_first: s(self.month_first),
            comma: s(self.comma),
            point: s(self.point),
            open_quote: s(self.open_quote),
        }
    }

    /// Fails when a format assumed from the first rows is contradicted later in the file;
    /// the error's line is the first row that shows it and its fix the format of the file.
    pub(crate) fn check(&self, sniff: &Sniff) -> Result<(), Error> {
        if let Some(line) = self.open_quote {
            // First: the lines a quote swallowed say nothing of the other formats.
            let fix = Fix::Quotes(QuoteMode::Line);
            return Err(contradiction(line, fix, format!(
                "a quote opened on this line is never closed, so the lines after it would be read as one field; read the file again with the option quotes: \"{}\" (one record per line)",
                fix.value()
            ), format!(
                "кавычка, открытая в этой строке, нигде не закрыта, и строки после неё были бы прочитаны как одно поле; прочитайте файл заново с настройкой quotes: \"{}\" (одна запись на строку)",
                fix.value()
            )));
        }
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
