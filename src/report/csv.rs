//! CSV output that opens cleanly in Excel and is safe to open.
//!
//! Every file is RFC 4180 (fields quoted when needed, CRLF line ends), UTF-8, with an
//! optional byte-order mark for Excel. Text cells starting with `=`, `+`, `-`, `@`, a tab or
//! a carriage return are prefixed with `'` so a spreadsheet shows them as text instead of
//! running them as formulas (unless `raw` is set). Numbers are written by the module itself
//! and are never prefixed.

use crate::criteria::CellSink;
use crate::error::Error;
use crate::locale::Lang;
use crate::money::{self, Money};
use serde::{Deserialize, Serialize};

/// Options of CSV exports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CsvOptions {
    /// Write a UTF-8 byte-order mark (Excel needs it to read UTF-8). Default true.
    pub bom: bool,
    /// Field delimiter: `","` (default) or `";"` (Excel in Russian and most European
    /// locales) or `"\t"`.
    pub delimiter: String,
    /// Decimal separator of numbers: `"."` (default) or `","`.
    pub decimal: String,
    /// Keep text exactly, without formula neutralisation. Default false.
    pub raw: bool,
    /// Language of names and headers. Default: the analysis language. English headers are
    /// the snake_case keys (`customer_id`, `next_action`); Russian ones are names
    /// (`ID клиента`, `Код действия`), and codes (action and reason keys) stay in columns
    /// named as codes.
    pub lang: Option<Lang>,
    /// Contact lists for import into a mailing or SMS service: phones in E.164, e-mails
    /// cleaned, both written without the spreadsheet guard (`'+7…` breaks an import).
    /// Default false: for a spreadsheet.
    pub mailing: bool,
    /// The calling code national phone numbers are read with (digits, `"7"` for Russia);
    /// default: the analysis's `phoneCountry` (itself `"7"` by default).
    pub phone_country: Option<String>,
    /// Write the snake_case keys as headers whatever the language, for programs that read
    /// the columns by name. Default false.
    pub header_keys: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            bom: true,
            delimiter: ",".into(),
            decimal: ".".into(),
            raw: false,
            lang: None,
            mailing: false,
            phone_country: None,
            header_keys: false,
        }
    }
}

impl CsvOptions {
    /// These options with the fields of a JSON object (as JavaScript passes them) set over
    /// them; unknown fields are an error naming them.
    pub fn with(self, given: serde_json::Value) -> Result<CsvOptions, Error> {
        let bad = |e: serde_json::Error| {
            Error::option(format!("CSV options: {e}"))
                .ru(format!("настройки CSV: {}", crate::options::serde_ru(&e)))
        };
        let mut base = serde_json::to_value(self).map_err(bad)?;
        match (base.as_object_mut(), given.as_object()) {
            (Some(b), Some(g)) => {
                for (k, v) in g {
                    b.insert(k.clone(), v.clone());
                }
            }
            _ => {
                return Err(Error::option("CSV options must be an object")
                    .ru("настройки CSV должны быть объектом"))
            }
        }
        serde_json::from_value(base).map_err(bad)
    }

    /// Excel settings for a language: `;` and `,` for Russian, `,` and `.` for English.
    pub fn excel(lang: Lang) -> CsvOptions {
        match lang {
            Lang::Ru => CsvOptions {
                delimiter: ";".into(),
                decimal: ",".into(),
                lang: Some(Lang::Ru),
                ..CsvOptions::default()
            },
            Lang::En => CsvOptions {
                lang: Some(Lang::En),
                ..CsvOptions::default()
            },
        }
    }

    fn delimiter_byte(&self) -> Result<u8, Error> {
        match self.delimiter.as_str() {
            "," => Ok(b','),
            ";" => Ok(b';'),
            "\t" | "\\t" | "tab" => Ok(b'\t'),
            "|" => Ok(b'|'),
            d => Err(Error::option(format!(
                "CSV option `delimiter`: {d:?} must be \",\", \";\", \"|\" or \"\\t\""
            ))
            .ru(format!(
                "разделитель CSV {d:?}: можно \",\", \";\", \"|\" или \"\\t\""
            ))),
        }
    }
}

/// Writes one CSV file.
pub(crate) struct CsvWriter {
    w: csv::Writer<Vec<u8>>,
    decimal: u8,
    raw: bool,
    scratch: Vec<u8>,
}

impl CsvWriter {
    /// A writer with `opts`.
    pub(crate) fn new(opts: &CsvOptions) -> Result<CsvWriter, Error> {
        let decimal = match opts.decimal.as_str() {
            "." => b'.',
            "," => b',',
            d => {
                return Err(Error::option(format!(
                    "CSV option `decimal`: {d:?} must be \".\" or \",\""
                ))
                .ru(format!(
                    "десятичный разделитель CSV {d:?}: можно \".\" или \",\""
                )))
            }
        };
        let delimiter = opts.delimiter_byte()?;
        if delimiter == decimal {
            return Err(Error::option(
                "CSV options: the delimiter and the decimal separator must differ",
            )
            .ru("настройки CSV: разделитель полей и десятичный разделитель должны различаться"));
        }
        let mut buf = Vec::with_capacity(1 << 16);
        if opts.bom {
            buf.extend_from_slice(&[0xEF, 0xBB, 0xBF]);
        }
        let w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::CRLF)
            // Rejected rows keep their own number of fields.
            .flexible(true)
            .quote_style(csv::QuoteStyle::Necessary)
            .from_writer(buf);
        Ok(CsvWriter {
            w,
            decimal,
            raw: opts.raw,
            scratch: Vec::new(),
        })
    }

    /// A text cell written exactly, without the spreadsheet guard.
    pub(crate) fn exact(&mut self, s: &str) {
        let _ = self.w.write_field(s.as_bytes());
    }

    /// Ends the row.
    pub(crate) fn end_row(&mut self) {
        let _ = self.w.write_record(None::<&[u8]>);
    }

    /// A header row.
    pub(crate) fn header(&mut self, names: &[&str]) {
        for n in names {
            let _ = self.w.write_field(n.as_bytes());
        }
        self.end_row();
    }

    /// The bytes written.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.w.into_inner().unwrap_or_default()
    }
}

impl CellSink for CsvWriter {
    /// A text cell (neutralised unless raw).
    fn text(&mut self, s: &str) {
        let b = s.as_bytes();
        if !self.raw && matches!(b.first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')) {
            self.scratch.clear();
            self.scratch.push(b'\'');
            self.scratch.extend_from_slice(b);
            let _ = self.w.write_field(&self.scratch);
        } else {
            let _ = self.w.write_field(b);
        }
    }

    /// A number cell with up to `decimals` decimals (trailing zeros trimmed).
    fn number(&mut self, v: f64, decimals: usize) {
        if !v.is_finite() {
            let _ = self.w.write_field(b"");
            return;
        }
        self.scratch.clear();
        let s = format!("{v:.decimals$}");
        let s = if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        };
        let s = if s == "-0" { "0".to_string() } else { s };
        for c in s.bytes() {
            self.scratch.push(if c == b'.' { self.decimal } else { c });
        }
        let _ = self.w.write_field(&self.scratch);
    }

    /// An exact money cell.
    fn money(&mut self, m: Money) {
        self.scratch.clear();
        money::push_money(&mut self.scratch, m, self.decimal);
        let _ = self.w.write_field(&self.scratch);
    }

    /// An integer cell.
    fn int(&mut self, v: i64) {
        self.scratch.clear();
        if v < 0 {
            self.scratch.push(b'-');
        }
        money::push_u64(&mut self.scratch, v.unsigned_abs());
        let _ = self.w.write_field(&self.scratch);
    }

    /// An empty cell.
    fn empty(&mut self) {
        let _ = self.w.write_field(b"");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_and_quoted() {
        let mut w = CsvWriter::new(&CsvOptions {
            bom: false,
            ..CsvOptions::default()
        })
        .unwrap();
        w.header(&["id", "value"]);
        w.text("=HYPERLINK(\"http://x\")");
        w.number(-12.5, 2);
        w.end_row();
        w.text("a,b");
        w.number(3.0, 2);
        w.end_row();
        w.text("@SUM(A1)");
        w.money(12_345_600);
        w.end_row();
        let out = String::from_utf8(w.finish()).unwrap();
        assert_eq!(
            out,
            "id,value\r\n\"'=HYPERLINK(\"\"http://x\"\")\",-12.5\r\n\"a,b\",3\r\n'@SUM(A1),1234.56\r\n"
        );
        let mut w = CsvWriter::new(&CsvOptions::excel(Lang::Ru)).unwrap();
        w.text("Иванов; Иван");
        w.number(1234.5, 2);
        w.end_row();
        let out = w.finish();
        assert_eq!(&out[..3], &[0xEF, 0xBB, 0xBF]);
        assert_eq!(
            String::from_utf8(out[3..].to_vec()).unwrap(),
            "\"Иванов; Иван\";1234,5\r\n"
        );
        let mut raw = CsvWriter::new(&CsvOptions {
            raw: true,
            bom: false,
            ..CsvOptions::default()
        })
        .unwrap();
        raw.text("=1+1");
        raw.end_row();
        assert_eq!(String::from_utf8(raw.finish()).unwrap(), "=1+1\r\n");
    }
}
