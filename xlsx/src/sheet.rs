//! One worksheet as CSV. Its cells are streamed from the archive, never held whole: the
//! first rows with a value are kept to find where the table is ([`crate::layout`]), then
//! written, and the rest written as they come. When a later row has a value outside the
//! table's columns as the first rows show them (a column filled only further down), the
//! sheet is read again: once to find the columns of the whole sheet, once to write it.

use crate::cell::cell_text;
use crate::csv::{CsvOut, RowWriter};
use crate::error::{Error, Part};
use crate::layout::{geometry, widen, Geometry, RowSpan, HEAD_ROWS};
use calamine::{DataRef, Xlsx, XlsxCellReader, XlsxError};
use std::io::{Read, Seek};

/// A sheet as CSV.
pub(crate) struct Written {
    pub(crate) geometry: Geometry,
    pub(crate) csv: Vec<u8>,
    pub(crate) lines: u32,
}

/// The values of `sheet` as CSV of at most `limit` bytes; `None` when it has no value.
pub(crate) fn write_sheet<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    sheet: &str,
    limit: u64,
) -> Result<Option<Written>, Error> {
    let is_1904 = workbook.has_1904_epoch();
    let first_pass = {
        let reader = workbook
            .worksheet_cells_reader(sheet)
            .map_err(sheet_error)?;
        in_one_pass(&mut Cells::new(reader, is_1904), limit)?
    };
    let Some(written) = first_pass else {
        return Ok(None);
    };
    if let Some(written) = written {
        return Ok(Some(written));
    }
    let cells = Cells::new(
        workbook
            .worksheet_cells_reader(sheet)
            .map_err(sheet_error)?,
        is_1904,
    );
    let Some(g) = whole_geometry(cells)? else {
        return Ok(None);
    };
    let mut cells = Cells::new(
        workbook
            .worksheet_cells_reader(sheet)
            .map_err(sheet_error)?,
        is_1904,
    );
    let mut out = CsvOut::new(limit);
    let mut writer = RowWriter::new(g);
    while let Some((row, column)) = cells.next()? {
        writer.value(&mut out, row, column, &cells.text)?;
    }
    let lines = writer.finish(&mut out)?;
    Ok(Some(Written {
        geometry: g,
        csv: out.into_bytes(),
        lines,
    }))
}

/// The sheet written from the geometry of its first rows: `None` when it has no value,
/// `Some(None)` when a later row is wider and the sheet must be read again.
fn in_one_pass<RS: Read + Seek>(
    cells: &mut Cells<'_, RS>,
    limit: u64,
) -> Result<Option<Option<Written>>, Error> {
    let mut spans: Vec<RowSpan> = Vec::with_capacity(HEAD_ROWS);
    let mut head: Vec<(u32, u32, String)> = Vec::new();
    let mut next = None;
    while let Some((row, column)) = cells.next()? {
        let same_row = spans.last().is_some_and(|span| span.row == row);
        if same_row {
            if let Some(span) = spans.last_mut() {
                span.add(column);
            }
        } else if spans.len() == HEAD_ROWS {
            next = Some((row, column));
            break;
        } else {
            spans.push(RowSpan::new(row, column));
        }
        head.push((row, column, cells.text.clone()));
    }
    let Some(g) = geometry(&spans, None) else {
        return Ok(None);
    };
    let mut out = CsvOut::new(limit);
    let mut writer = RowWriter::new(g);
    for (row, column, text) in &head {
        writer.value(&mut out, *row, *column, text)?;
    }
    while let Some((row, column)) = next {
        if !g.holds(column) {
            return Ok(Some(None));
        }
        writer.value(&mut out, row, column, &cells.text)?;
        next = cells.next()?;
    }
    let lines = writer.finish(&mut out)?;
    Ok(Some(Some(Written {
        geometry: g,
        csv: out.into_bytes(),
        lines,
    })))
}

/// The geometry of the whole sheet, or `None` when it has no value.
fn whole_geometry<RS: Read + Seek>(mut cells: Cells<'_, RS>) -> Result<Option<Geometry>, Error> {
    let mut spans: Vec<RowSpan> = Vec::with_capacity(HEAD_ROWS);
    // Columns of the rows after the first ones, which are all in the table.
    let mut rest: Option<(u32, u32)> = None;
    let mut current: Option<RowSpan> = None;
    while let Some((row, column)) = cells.next()? {
        match &mut current {
            Some(span) if span.row == row => span.add(column),
            _ => {
                if let Some(span) = current.replace(RowSpan::new(row, column)) {
                    if spans.len() < HEAD_ROWS {
                        spans.push(span);
                    } else {
                        rest = Some(widen(rest, span.first, span.last));
                    }
                }
            }
        }
    }
    if let Some(span) = current {
        if spans.len() < HEAD_ROWS {
            spans.push(span);
        } else {
            rest = Some(widen(rest, span.first, span.last));
        }
    }
    Ok(geometry(&spans, rest))
}

/// The values of a sheet in order, with the text of the last one.
struct Cells<'a, RS: Read + Seek> {
    reader: XlsxCellReader<'a, RS>,
    is_1904: bool,
    /// The text of the value `next` returned.
    text: String,
    last: Option<(u32, u32)>,
}

impl<'a, RS: Read + Seek> Cells<'a, RS> {
    fn new(reader: XlsxCellReader<'a, RS>, is_1904: bool) -> Cells<'a, RS> {
        Cells {
            reader,
            is_1904,
            text: String::new(),
            last: None,
        }
    }

    /// The row and column of the next cell with a value (blank text is none); its text in
    /// `self.text`. Cells must come in sheet order, as every writer of .xlsx stores them.
    fn next(&mut self) -> Result<Option<(u32, u32)>, Error> {
        loop {
            let Some(cell) = self.reader.next_cell().map_err(sheet_error)? else {
                return Ok(None);
            };
            let at = cell.get_position();
            if let Some(before) = self.last.filter(|before| at <= *before) {
                let (at, before) = (address(at.0, at.1), address(before.0, before.1));
                return Err(Error::damaged_because(
                    Part::Sheet,
                    &format!("cell {at} is stored after {before}"),
                    &format!("ячейка {at} записана после {before}"),
                ));
            }
            self.last = Some(at);
            if has_text(cell.get_value(), self.is_1904, &mut self.text) {
                return Ok(Some(at));
            }
        }
    }
}

fn has_text(value: &DataRef<'_>, is_1904: bool, text: &mut String) -> bool {
    cell_text(value, is_1904, text) && !text.trim().is_empty()
}

/// `A1`-style address of a 0-based cell.
fn address(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut c = u64::from(column) + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        u64::from(row) + 1
    )
}

fn sheet_error(e: XlsxError) -> Error {
    Error::damaged(Part::Sheet, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let cases = [
            (0, 0, "A1"),
            (9, 25, "Z10"),
            (0, 26, "AA1"),
            (1, 701, "ZZ2"),
            (0, 702, "AAA1"),
        ];
        for (row, column, want) in cases {
            assert_eq!(address(row, column), want);
        }
    }
}
