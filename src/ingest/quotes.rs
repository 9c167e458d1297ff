//! A quote opened and never closed, as the rows see it. The reader stops at one that runs to
//! the end of the input or over too many lines ([`super::records`]); a record that holds a
//! line break is looked at here: not the header's width, or a line of it that reads as a row
//! of its own, says a quote swallowed the lines after it. Either way the file is to be read
//! again one record per line (the fix in [`super::evidence`]), where a row whose quote
//! closes at its line's end is flagged.

use super::records::Record;
use super::rows::{lossy, trim, RowProcessor};
use crate::error::IssueKind;

impl RowProcessor {
    /// A quote opened on `line` is never closed: the file is to be read again one record
    /// per line. (A range reader notes it too: the merge fails with the fix, after it has
    /// checked the cuts, one of which may be what left the quote open.)
    pub(super) fn open_quote(&mut self, line: u64) {
        self.evidence.note_open_quote(line);
    }

    /// A record with a line break inside quotes: a quote left open swallowed the lines after
    /// it when the record is not the header's width, or when one of its lines reads as a
    /// row of its own (the header's width, a client, a date in the date column).
    #[cold]
    #[inline(never)]
    pub(super) fn check_multiline(&mut self, r: &Record<'_>) {
        let (n, width) = (r.len(), self.plan.width);
        let blank_from = |k: usize| (k..n).all(|i| trim(r.field(i).unwrap_or_default()).is_empty());
        let fits =
            n == width || (n > width && blank_from(width)) || (n < width && n > self.plan.max_used);
        let swallowed = (0..n).any(|i| {
            let field = r.field(i).unwrap_or_default();
            // Any line break: a CR file's quotes hold CRs.
            field
                .split(|&b| b == b'\n' || b == b'\r')
                .skip(1)
                .any(|line| self.reads_as_row(line))
        });
        if !fits || swallowed {
            self.open_quote(r.line);
        }
    }

    /// Whether one line of text is a row of the file: the header's width, a client and a
    /// date in its columns.
    fn reads_as_row(&self, line: &[u8]) -> bool {
        let fields: Vec<&[u8]> = line.split(|&b| b == self.delimiter).collect();
        fields.len() == self.plan.width
            && fields
                .get(self.plan.client)
                .is_some_and(|c| !trim(c).is_empty())
            && fields
                .get(self.plan.date)
                .is_some_and(|d| self.dates.clone().parse(trim(d)).is_ok())
    }

    /// Flags an accepted row whose quote was closed at the end of its line.
    #[cold]
    #[inline(never)]
    pub(super) fn flag_open_quote(&mut self, r: &Record<'_>, row: u64) {
        let fields: Vec<&[u8]> = (0..r.len())
            .map(|i| r.field(i).unwrap_or_default())
            .collect();
        let value = lossy(&fields.join(&self.delimiter));
        self.flag(IssueKind::UnclosedQuote, r.line, row, value, None);
    }
}
