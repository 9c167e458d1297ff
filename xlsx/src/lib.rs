//! # segmenta-xlsx
//!
//! One sheet of an Excel workbook (.xlsx) as the UTF-8 CSV bytes that segmenta's reader
//! understands, natively (segmenta's command line) and as a WebAssembly module of its own,
//! which a page loads only when a workbook is dropped on it.
//!
//! ```
//! # fn main() -> Result<(), segmenta_xlsx::Error> {
//! # let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/xlsx/orders.xlsx")).unwrap();
//! // let bytes = std::fs::read("orders.xlsx")?;
//! let sheet = segmenta_xlsx::xlsx_to_csv(&bytes, &segmenta_xlsx::Options::default())?;
//! assert_eq!(sheet.sheets, ["Orders"]);
//! let csv = String::from_utf8(sheet.csv).unwrap();
//! // Ids and amounts are number cells, dates date cells shown as dd.mm.yyyy.
//! assert!(csv.starts_with("customer_id,order_id,order_date,amount\n13382,500001,2023-01-03,21.02\n"));
//! # Ok(()) }
//! ```
//!
//! Cells are read as typed cells, not as the text Excel shows:
//!
//! - a number with a date or time format is an ISO date `YYYY-MM-DD`, with ` HH:MM:SS`
//!   when it has a time of day (rounded to the second), in either of Excel's date systems
//!   (1900 and 1904); a time alone is `HH:MM:SS`, a duration (`[h]:mm`) hours:minutes:seconds;
//! - another number is a plain decimal with a dot, no exponent and no thousands separator:
//!   whole numbers up to 2^53 exactly (an id 17850 stays `17850`), fractions rounded to
//!   the 15 significant digits Excel keeps (`14.399999999999999` is `14.4`);
//! - a boolean is `TRUE` or `FALSE`; text is kept as it is (quoted when it holds a comma, a
//!   quote or a line break), so text dates (`01.02.2024`) and amounts (`12,50`) go to
//!   segmenta's format sniffing as in a CSV; an error (`#N/A`, `#DIV/0!`…) is empty.
//!
//! Empty rows above the table and empty columns left of it are skipped, empty rows below
//! it dropped; title rows above the table keep only their own cells, so that the reader
//! skips them as the title lines of a CSV (see [`Converted::first_row`] to map a line back
//! to the sheet's row).
//!
//! The sheet is the first visible worksheet, or one chosen by name or position
//! ([`SheetChoice`]); [`sheet_names`] lists them. A file that is not an .xlsx workbook, an
//! old .xls, a password-protected or damaged workbook, an unknown or empty sheet and a
//! sheet too large for the memory limit ([`Options::max_bytes`]) are each an [`Error`]
//! with its [`ErrorKind`], never a panic. [`is_workbook`] tells, from the first bytes,
//! which files to send here rather than to the CSV reader.
//!
//! Memory: the sheet's cells are streamed from the archive, never held whole (read once,
//! or three times when a column is filled only below the first 100 rows). What is held is
//! the input, the CSV, and the shared strings and styles, which the reader parses whole
//! when it opens the workbook: their sizes are declared in the archive (which enforces
//! them), so they are checked against the limit, and the memory they need asked for,
//! before any of them is read. The limit holds for all of it, estimated at three times the
//! size of those parts plus the CSV; when the module cannot get the memory before the
//! limit is reached, the conversion fails the same way.

#![warn(missing_docs)]
#![warn(clippy::too_many_lines)]
#![warn(unreachable_pub)]

mod cell;
mod container;
mod csv;
mod error;
mod layout;
mod sheet;
#[cfg(target_arch = "wasm32")]
pub mod wasm;
mod workbook;

pub use container::is_workbook;
pub use error::{Error, ErrorKind, Lang};
pub use workbook::{sheet_names, xlsx_to_csv, Converted, Options, SheetChoice, DEFAULT_MAX_BYTES};
