//! Rows given as fields rather than bytes: the rows a CRM already holds in memory (arrays
//! of objects in JavaScript), read without writing a CSV.
//!
//! A chunk of rows is one UTF-8 buffer with every field's text one after another, row
//! after row, and the end of each field in it ([`Fields`]). The first chunk's first rows are
//! sniffed like a file's sample (the column names are the header; roles, date and number
//! formats are found from the values), then every row is handed to the same
//! [`RowProcessor`](super::rows::RowProcessor) a file's records go through, so checks,
//! issues and results are those of the file the rows would make. No field is quoted or
//! escaped: a value may hold the delimiter, quotes or line breaks.

use super::reader::{finished, Ingest, Stage};
use super::records::{Record, RecordSink};
use super::sniff;
use crate::error::{Error, ErrorKind};

/// A chunk of rows, each of the same number of fields.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a> {
    /// Every field's UTF-8 text, one after another, row after row.
    pub text: &'a [u8],
    /// The end of each field in `text` (the start is the previous field's end); a multiple
    /// of the number of columns long.
    pub ends: &'a [u32],
}

/// A table given as rows of fields: its column names and the fields ([`Fields`]).
#[derive(Clone, Copy, Debug)]
pub struct Table<'a> {
    /// The columns, in the order of each row's fields.
    pub names: &'a [String],
    /// The rows' fields.
    pub fields: Fields<'a>,
}

impl Table<'_> {
    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.fields.ends.len() / self.names.len().max(1)
    }
}

impl Fields<'_> {
    /// Checks the chunk against `width` columns: whole rows, ends in order and in `text`;
    /// the number of rows.
    pub(crate) fn check(&self, width: usize) -> Result<usize, Error> {
        let bad = |what: &str, ru: &str| {
            Error::new(ErrorKind::InvalidOption, format!("rows: {what}"))
                .ru(format!("строки: {ru}"))
        };
        if width == 0 {
            return Err(bad("no columns", "нет ни одного столбца"));
        }
        if !self.ends.len().is_multiple_of(width) {
            return Err(bad(
                "the fields do not make whole rows",
                "поля не складываются в целые строки",
            ));
        }
        let mut prev = 0u32;
        for &e in self.ends {
            if e < prev || e as usize > self.text.len() {
                return Err(bad(
                    "field ends out of order or past the text",
                    "концы полей не по порядку или за пределами текста",
                ));
            }
            prev = e;
        }
        Ok(self.ends.len() / width)
    }

    /// The text of field `col` of row `row`.
    fn field(&self, width: usize, row: usize, col: usize) -> &[u8] {
        let i = row * width + col;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// The fields of the first `n` rows of `width` columns, as text (a sample to sniff).
    pub(crate) fn sample(&self, width: usize, n: usize) -> impl Iterator<Item = Vec<String>> + '_ {
        let rows = self.ends.len() / width.max(1);
        (0..rows.min(n)).map(move |r| {
            (0..width)
                .map(|c| String::from_utf8_lossy(self.field(width, r, c)).into_owned())
                .collect()
        })
    }

    /// Hands each row of `width` columns to `sink` as a record, the first on `first_line`.
    pub(crate) fn feed(
        &self,
        width: usize,
        first_line: u64,
        sink: &mut impl RecordSink,
    ) -> Result<(), Error> {
        let mut bounds: Vec<(u32, u32)> = Vec::with_capacity(width);
        let mut start = 0;
        for (r, row) in self.ends.chunks_exact(width.max(1)).enumerate() {
            bounds.clear();
            for &end in row {
                bounds.push((start, end));
                start = end;
            }
            let record = Record {
                line: first_line + r as u64,
                buf: self.text,
                bounds: &bounds,
                // Fields, not a line: duplicates are found on the fields joined.
                quoted: true,
                multiline: false,
                open_quote: false,
            };
            sink.record(&record)?;
        }
        Ok(())
    }
}

impl Ingest {
    /// Feeds a chunk of rows with the columns `names` (the same for every chunk);
    /// `total_rows` is how many rows all the chunks hold, for sizing the tables and for
    /// telling the sniffer whether the first chunk is the whole input.
    pub(crate) fn push_rows(
        &mut self,
        names: &[String],
        rows: Fields<'_>,
        total_rows: usize,
    ) -> Result<(), Error> {
        let n = rows.check(names.len())?;
        let width = names.len();
        if let Stage::Sniffing(buf) = &self.stage {
            if !buf.is_empty() || self.bytes > 0 {
                return Err(mixed());
            }
            let sample = rows.sample(width, sniff::SNIFF_RECORDS);
            let (kind, complete) = (sniff::TableKind::Transactions, n >= total_rows);
            let sniff = sniff::sniff_rows(names, sample, complete, &self.opts, kind, self.lang)?;
            self.rows_hint = Some(total_rows);
            let mut reading = self.reading(sniff, &[])?;
            reading.from_rows = true;
            self.stage = Stage::Reading(Box::new(reading));
        }
        let Stage::Reading(reading) = &mut self.stage else {
            return Err(finished("analyzer"));
        };
        if !reading.from_rows {
            return Err(mixed());
        }
        self.bytes += rows.text.len() as u64;
        rows.feed(width, reading.rows_given + 1, &mut reading.rows)?;
        reading.rows_given += n as u64;
        Ok(())
    }
}

/// The error of rows and bytes fed to one reader.
fn mixed() -> Error {
    Error::new(
        ErrorKind::InvalidOption,
        "rows and bytes cannot be fed to one analysis",
    )
    .ru("в один анализ нельзя подавать и строки, и байты файла")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::options::ReadOptions;
    use crate::locale::Lang;

    fn fields(rows: &[&[&str]]) -> (Vec<u8>, Vec<u32>) {
        let mut text = Vec::new();
        let mut ends = Vec::new();
        for row in rows {
            for f in *row {
                text.extend_from_slice(f.as_bytes());
                ends.push(text.len() as u32);
            }
        }
        (text, ends)
    }

    #[test]
    fn rows_read_like_the_file_they_would_make() {
        let names: Vec<String> = ["client", "date", "amount"].map(String::from).into();
        let rows: &[&[&str]] = &[
            &["A", "2024-01-05", "100"],
            &["B", "2024-02-01", "50.5"],
            &["A", "2024-03-01", "oops"],
            &["C, Ltd \"x\"\nline", "2024-03-02", "20"],
        ];
        let (text, ends) = fields(rows);
        let mut ingest = Ingest::new(&ReadOptions::default(), None, Lang::En).unwrap();
        let (a, b) = ends.split_at(6);
        let cut = a[5] as usize;
        ingest
            .push_rows(
                &names,
                Fields {
                    text: &text[..cut],
                    ends: a,
                },
                4,
            )
            .unwrap();
        let rest: Vec<u32> = b.iter().map(|e| e - cut as u32).collect();
        ingest
            .push_rows(
                &names,
                Fields {
                    text: &text[cut..],
                    ends: &rest,
                },
                4,
            )
            .unwrap();
        let agg = ingest.finish().unwrap();
        assert_eq!(agg.ids.len(), 3);
        assert_eq!(agg.audit.rows_read, 4);
        assert_eq!(agg.audit.rows_accepted, 3);
        assert_eq!(agg.sniff.header_line, Some(0));
        let lines: Vec<u64> = agg.audit.rejected_rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, vec![3]);
    }

    #[test]
    fn bad_chunks_are_refused() {
        let names: Vec<String> = ["client", "date"].map(String::from).into();
        let mut ingest = Ingest::new(&ReadOptions::default(), None, Lang::En).unwrap();
        // Not whole rows; ends out of order; an end past the text.
        let cases: [(&[u8], &[u32]); 3] =
            [(b"abc", &[1, 2, 3]), (b"ab", &[2, 1]), (b"ab", &[1, 9])];
        for (text, ends) in cases {
            let e = ingest
                .push_rows(&names, Fields { text, ends }, 1)
                .unwrap_err();
            assert_eq!(e.kind(), ErrorKind::InvalidOption);
        }
    }
}
