//! Why a workbook could not be converted.

use std::fmt;

/// What kind of failure an [`Error`] is. Stable camelCase names cross to JavaScript as
/// `err.kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The bytes are not an Excel workbook in the .xlsx format (another ZIP archive, an
    /// OpenDocument or binary .xlsb workbook, a CSV, anything else).
    NotXlsx,
    /// An old Excel 97–2003 workbook (.xls, the binary BIFF format).
    LegacyXls,
    /// The workbook is protected by a password (an encrypted package).
    Encrypted,
    /// The file is an .xlsx workbook but a part of it cannot be read (a truncated archive,
    /// malformed XML, a missing part).
    Damaged,
    /// No sheet of that name or position, or the sheet is a chart.
    SheetNotFound,
    /// The sheet has no values.
    EmptySheet,
    /// The workbook's text or the CSV would need more memory than the limit allows or the
    /// module can get.
    TooLarge,
    /// An option has an invalid value.
    InvalidOption,
}

impl ErrorKind {
    /// The stable camelCase name (`err.kind` in JavaScript).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::NotXlsx => "notXlsx",
            ErrorKind::LegacyXls => "legacyXls",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::Damaged => "damaged",
            ErrorKind::SheetNotFound => "sheetNotFound",
            ErrorKind::EmptySheet => "emptySheet",
            ErrorKind::TooLarge => "tooLarge",
            ErrorKind::InvalidOption => "invalidOption",
        }
    }
}

/// A workbook that could not be converted: its [`ErrorKind`] and one sentence saying what
/// to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: String,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// A damaged part: `what` could not be read because of `why`.
    pub(crate) fn damaged(what: &str, why: impl fmt::Display) -> Error {
        Error::new(
            ErrorKind::Damaged,
            format!(
                "the workbook is damaged ({what}: {why}); open it in Excel and save it again, \
                 or save the sheet as CSV"
            ),
        )
    }

    pub(crate) fn too_large(what: &str, bytes: u64, limit: u64) -> Error {
        Error::new(
            ErrorKind::TooLarge,
            format!(
                "{what} needs about {}, more than the {} this conversion may use; save the \
                 sheet as CSV in Excel and open the CSV instead",
                size(bytes),
                size(limit)
            ),
        )
    }

    pub(crate) fn out_of_memory(what: &str, bytes: u64) -> Error {
        Error::new(
            ErrorKind::TooLarge,
            format!(
                "{what} needs more than the {} of memory this program could get; save the \
                 sheet as CSV in Excel and open the CSV instead",
                size(bytes)
            ),
        )
    }
}

/// `bytes` in MB (KB below one MB), rounded up.
fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{} MB", bytes.div_ceil(1 << 20))
    } else {
        format!("{} KB", bytes.div_ceil(1 << 10))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind is declared in the package's TypeScript, and nothing else is.
    #[test]
    fn kinds_are_declared() {
        let kinds = [
            ErrorKind::NotXlsx,
            ErrorKind::LegacyXls,
            ErrorKind::Encrypted,
            ErrorKind::Damaged,
            ErrorKind::SheetNotFound,
            ErrorKind::EmptySheet,
            ErrorKind::TooLarge,
            ErrorKind::InvalidOption,
        ];
        let dts = include_str!("wasm/types.d.ts");
        let declared = dts
            .split("export type XlsxErrorKind =")
            .nth(1)
            .and_then(|t| t.split(';').next())
            .unwrap_or_default();
        let names: Vec<&str> = declared
            .split('|')
            .map(|n| n.trim().trim_matches('"'))
            .filter(|n| !n.is_empty())
            .collect();
        let wanted: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        assert_eq!(names, wanted);
    }
}
