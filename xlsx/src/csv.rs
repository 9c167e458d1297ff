//! The CSV being written: fields, rows padded to the table's width, and a byte limit.

use crate::error::{Error, Part};
use crate::layout::Geometry;

/// CSV bytes within a limit; growing them asks for memory first, so that a module that
/// cannot get more fails with an error instead of a trap.
pub(crate) struct CsvOut {
    bytes: Vec<u8>,
    limit: u64,
}

impl CsvOut {
    pub(crate) fn new(limit: u64) -> CsvOut {
        CsvOut {
            bytes: Vec::new(),
            limit,
        }
    }

    fn push(&mut self, data: &[u8]) -> Result<(), Error> {
        let len = self.bytes.len() as u64 + data.len() as u64;
        if len > self.limit {
            return Err(Error::too_large(Part::SheetCsv, len, self.limit));
        }
        self.bytes
            .try_reserve(data.len())
            .map_err(|_| Error::out_of_memory(Part::SheetCsv, len))?;
        self.bytes.extend_from_slice(data);
        Ok(())
    }

    fn repeat(&mut self, byte: u8, n: u32) -> Result<(), Error> {
        let chunk = [byte; 64];
        let mut left = n as usize;
        while left > 0 {
            let k = left.min(chunk.len());
            self.push(&chunk[..k])?;
            left -= k;
        }
        Ok(())
    }

    /// A field, quoted when it holds a comma, a quote or a line break.
    fn field(&mut self, text: &str) -> Result<(), Error> {
        if !text
            .bytes()
            .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
        {
            return self.push(text.as_bytes());
        }
        self.push(b"\"")?;
        for (i, part) in text.split('"').enumerate() {
            if i > 0 {
                self.push(b"\"\"")?;
            }
            self.push(part.as_bytes())?;
        }
        self.push(b"\"")
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Writes the values of a sheet, in order, as the lines of its table (see
/// [`crate::layout`]).
pub(crate) struct RowWriter {
    geometry: Geometry,
    /// The row being written and the column of its first field.
    row: Option<(u32, u32)>,
    /// Commas written in the row.
    commas: u32,
}

impl RowWriter {
    pub(crate) fn new(geometry: Geometry) -> RowWriter {
        RowWriter {
            geometry,
            row: None,
            commas: 0,
        }
    }

    /// Writes the value `text` at `row`, `column`, after every value before it.
    pub(crate) fn value(
        &mut self,
        out: &mut CsvOut,
        row: u32,
        column: u32,
        text: &str,
    ) -> Result<(), Error> {
        let origin = match self.row {
            Some((current, origin)) if current == row => origin,
            previous => {
                if let Some((current, _)) = previous {
                    self.end_row(out, current)?;
                    // Empty rows in between stay empty lines.
                    out.repeat(b'\n', row.saturating_sub(current.saturating_add(1)))?;
                }
                let origin = if row >= self.geometry.table_row {
                    self.geometry.first_column
                } else {
                    column
                };
                self.row = Some((row, origin));
                self.commas = 0;
                origin
            }
        };
        // Table rows have their values within the table's columns and values come in order:
        // neither subtraction goes below zero.
        let index = column.saturating_sub(origin);
        out.repeat(b',', index.saturating_sub(self.commas))?;
        self.commas = index;
        out.field(text)
    }

    /// Ends the last row; the number of lines written.
    pub(crate) fn finish(mut self, out: &mut CsvOut) -> Result<u32, Error> {
        let Some((current, _)) = self.row else {
            return Ok(0);
        };
        self.end_row(out, current)?;
        Ok(current
            .saturating_sub(self.geometry.first_row)
            .saturating_add(1))
    }

    /// Pads a table row to the table's width and ends the line.
    fn end_row(&mut self, out: &mut CsvOut, row: u32) -> Result<(), Error> {
        let g = &self.geometry;
        if row >= g.table_row {
            let last = g.last_column.saturating_sub(g.first_column);
            out.repeat(b',', last.saturating_sub(self.commas))?;
        }
        out.push(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields() {
        let cases = [
            ("plain", "plain"),
            ("12,50", "\"12,50\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            ("", ""),
        ];
        for (text, want) in cases {
            let mut out = CsvOut::new(1 << 20);
            out.field(text).unwrap();
            assert_eq!(String::from_utf8(out.into_bytes()).unwrap(), want);
        }
    }

    #[test]
    fn rows() {
        let g = Geometry {
            first_row: 1,
            table_row: 3,
            first_column: 2,
            last_column: 4,
        };
        let values = [
            (1, 5, "title"),
            (1, 7, "date"),
            (3, 2, "a"),
            (3, 3, "b"),
            (3, 4, "c"),
            (4, 3, "d"),
            (7, 4, "e,f"),
        ];
        let mut out = CsvOut::new(1 << 20);
        let mut w = RowWriter::new(g);
        for (row, column, text) in values {
            w.value(&mut out, row, column, text).unwrap();
        }
        assert_eq!(w.finish(&mut out).unwrap(), 7);
        let csv = String::from_utf8(out.into_bytes()).unwrap();
        assert_eq!(csv, "title,,date\n\na,b,c\n,d,\n\n\n,,\"e,f\"\n");
    }

    #[test]
    fn limit() {
        let mut out = CsvOut::new(4);
        out.push(b"abcd").unwrap();
        let e = out.push(b"e").unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::TooLarge);
    }
}
