//! Where the table of a sheet is: the rows and columns that hold a value.
//!
//! Empty rows above the table and empty columns left of it are skipped, empty rows below
//! it dropped (formatted or merged cells without a value are empty). The table starts at
//! the first of the sheet's first 100 rows with a value that fills at least three quarters
//! as many cells as the fullest of them: rows above it are titles, written with their own
//! cells only, so that segmenta's reader skips them as it skips the title lines of a CSV
//! export. From there on every row has the table's width, as Excel's own CSV export writes
//! it, and empty rows inside the table stay empty lines, so that line `n` of the CSV is row
//! `first_row + n - 1` of the sheet.

/// Rows with a value looked at to find where the table starts.
pub(crate) const HEAD_ROWS: usize = 100;

/// Where the values of a sheet are (0-based rows and columns).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Geometry {
    /// The first row with a value.
    pub(crate) first_row: u32,
    /// The table's first row (its header, when it has one); rows above it are titles.
    pub(crate) table_row: u32,
    /// The table's first and last columns with a value.
    pub(crate) first_column: u32,
    pub(crate) last_column: u32,
}

impl Geometry {
    /// Whether a value at `column` of a table row lies within the table's columns.
    pub(crate) fn holds(&self, column: u32) -> bool {
        (self.first_column..=self.last_column).contains(&column)
    }
}

/// The cells with a value of one row.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RowSpan {
    pub(crate) row: u32,
    pub(crate) first: u32,
    pub(crate) last: u32,
    pub(crate) cells: u32,
}

impl RowSpan {
    pub(crate) fn new(row: u32, column: u32) -> RowSpan {
        RowSpan {
            row,
            first: column,
            last: column,
            cells: 1,
        }
    }

    /// Adds a value at `column`, to the right of the others.
    pub(crate) fn add(&mut self, column: u32) {
        self.last = column;
        self.cells += 1;
    }
}

/// The geometry of a sheet from its first rows with a value (`head`, at most
/// [`HEAD_ROWS`]) and the columns of the rows after them (`rest`); `None` without rows.
pub(crate) fn geometry(head: &[RowSpan], rest: Option<(u32, u32)>) -> Option<Geometry> {
    let first = head.first()?;
    let fullest = head.iter().map(|s| s.cells).max().unwrap_or(1);
    let start = head
        .iter()
        .position(|s| s.cells >= fullest - fullest / 4)
        .unwrap_or(0);
    let table = head.get(start).unwrap_or(first);
    let (first_column, last_column) = head
        .get(start..)
        .unwrap_or_default()
        .iter()
        .fold(rest, |acc, s| Some(widen(acc, s.first, s.last)))
        .unwrap_or((first.first, first.last));
    Some(Geometry {
        first_row: first.row,
        table_row: table.row,
        first_column,
        last_column,
    })
}

/// `acc` widened to the columns `first..=last`.
pub(crate) fn widen(acc: Option<(u32, u32)>, first: u32, last: u32) -> (u32, u32) {
    acc.map_or((first, last), |(a, b)| (a.min(first), b.max(last)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(row: u32, first: u32, last: u32, cells: u32) -> RowSpan {
        RowSpan {
            row,
            first,
            last,
            cells,
        }
    }

    #[test]
    fn tables() {
        // name, rows with a value, columns of later rows, (first row, table row, columns)
        type Case = (
            &'static str,
            Vec<RowSpan>,
            Option<(u32, u32)>,
            Option<(u32, u32, u32, u32)>,
        );
        let cases: Vec<Case> = vec![
            ("empty", vec![], None, None),
            (
                "plain",
                vec![span(0, 0, 3, 4), span(1, 0, 3, 4)],
                None,
                Some((0, 0, 0, 3)),
            ),
            (
                "title above",
                vec![span(1, 1, 1, 1), span(3, 2, 5, 4), span(4, 2, 4, 3)],
                None,
                Some((1, 3, 2, 5)),
            ),
            (
                "title of two cells over four columns",
                vec![span(0, 0, 3, 2), span(2, 0, 3, 4)],
                None,
                Some((0, 2, 0, 3)),
            ),
            (
                "a header with an empty name",
                vec![span(0, 0, 4, 4), span(1, 0, 4, 5)],
                None,
                Some((0, 0, 0, 4)),
            ),
            (
                "later rows wider",
                vec![span(0, 1, 3, 3), span(1, 1, 3, 3)],
                Some((0, 5)),
                Some((0, 0, 0, 5)),
            ),
            (
                "one column",
                vec![span(5, 2, 2, 1), span(6, 2, 2, 1)],
                None,
                Some((5, 5, 2, 2)),
            ),
        ];
        for (name, head, rest, want) in cases {
            let got = geometry(&head, rest)
                .map(|g| (g.first_row, g.table_row, g.first_column, g.last_column));
            assert_eq!(got, want, "{name}");
        }
    }
}
