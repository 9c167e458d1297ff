//! A workbook's sheets, and one of them as CSV.

use crate::container::inspect;
use crate::error::{quoted_ru, Error, ErrorKind, Part};
use crate::sheet::write_sheet;
use calamine::{Reader, SheetType, SheetVisible, Xlsx, XlsxError};
use std::io::Cursor;

/// The default memory limit of a conversion: 1 GiB, for the shared strings and styles read
/// up front (estimated at three times their size) and the CSV written. A WebAssembly module
/// has at most 4 GiB, and the CSV is copied once more when it leaves it.
pub const DEFAULT_MAX_BYTES: u64 = 1 << 30;

/// Which sheet to convert.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SheetChoice {
    /// The first visible worksheet.
    #[default]
    First,
    /// The worksheet of that name (exactly; hidden sheets too).
    Name(String),
    /// The worksheet at that position, 0-based, in the list of visible worksheets that
    /// [`Converted::sheets`] and [`sheet_names`] return.
    Index(usize),
}

/// How to convert a workbook.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The sheet to convert.
    pub sheet: SheetChoice,
    /// At most this many bytes for the parts read up front and the CSV; beyond it the
    /// conversion stops with [`ErrorKind::TooLarge`]. It also stops so, rather than
    /// aborting, when memory runs out before the limit.
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            sheet: SheetChoice::First,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// A sheet as CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Converted {
    /// UTF-8 CSV without a byte order mark: `,` between fields, `"` quotes, `\n` line ends.
    pub csv: Vec<u8>,
    /// The visible worksheets, in the order of the workbook's tabs.
    pub sheets: Vec<String>,
    /// The name of the sheet converted.
    pub sheet: String,
    /// The sheet's row (1-based, as Excel numbers them) of the CSV's first line: line `n` of
    /// the CSV is row `first_row + n - 1`.
    pub first_row: u32,
    /// The sheet's column (1-based: 1 is A) of the CSV's first field.
    pub first_column: u32,
    /// Lines of the CSV.
    pub lines: u32,
}

/// The visible worksheets of an .xlsx workbook, in the order of its tabs.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, Error> {
    inspect(bytes, u64::MAX)?;
    let workbook = open(bytes)?;
    Ok(visible_sheets(&workbook))
}

/// Converts one sheet of an .xlsx workbook (`bytes`) to CSV that segmenta's reader
/// understands. Cells are read as typed cells: see the crate documentation for what each
/// becomes.
pub fn xlsx_to_csv(bytes: &[u8], options: &Options) -> Result<Converted, Error> {
    let parts = inspect(bytes, options.max_bytes)?;
    reserve(parts.up_front)?;
    let mut workbook = open(bytes)?;
    let sheets = visible_sheets(&workbook);
    let sheet = chosen(&workbook, &sheets, &options.sheet)?;
    let limit = options.max_bytes.saturating_sub(parts.up_front);
    let Some(written) = write_sheet(&mut workbook, &sheet, limit)? else {
        let others: Vec<&str> = sheets
            .iter()
            .filter(|s| **s != sheet)
            .map(String::as_str)
            .collect();
        let (hint, hint_ru) = if others.is_empty() {
            (String::new(), String::new())
        } else {
            (
                format!("; choose another sheet: {}", others.join(", ")),
                format!("; выберите другой лист: {}", quoted_ru(&others)),
            )
        };
        return Err(Error::new(
            ErrorKind::EmptySheet,
            format!("the sheet \"{sheet}\" has no values{hint}"),
            format!("на листе «{sheet}» нет значений{hint_ru}"),
        ));
    };
    let g = written.geometry;
    Ok(Converted {
        csv: written.csv,
        sheets,
        sheet,
        first_row: g.first_row.saturating_add(1),
        first_column: g.first_column.saturating_add(1),
        lines: written.lines,
    })
}

fn open(bytes: &[u8]) -> Result<Xlsx<Cursor<&[u8]>>, Error> {
    Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => Error::new(
            ErrorKind::Encrypted,
            "the workbook is protected by a password; remove the password in Excel and save \
             it again, or save the sheet as CSV",
            "книга защищена паролем; снимите пароль в Excel и сохраните книгу заново или \
             сохраните лист как CSV",
        ),
        e => Error::damaged(Part::Workbook, e),
    })
}

/// Asks for `bytes` of memory and gives it back, so that the parts read up front find it
/// (a WebAssembly module keeps memory it has grown): a module that cannot get it fails
/// here with an error rather than trapping inside the reader.
fn reserve(bytes: u64) -> Result<(), Error> {
    let mut probe: Vec<u8> = Vec::new();
    let n = usize::try_from(bytes).map_err(|_| Error::out_of_memory(Part::Workbook, bytes))?;
    probe
        .try_reserve_exact(n)
        .map_err(|_| Error::out_of_memory(Part::TextAndStyles, bytes))
}

fn visible_sheets(workbook: &Xlsx<Cursor<&[u8]>>) -> Vec<String> {
    workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect()
}

/// The name of the sheet `choice` picks.
fn chosen(
    workbook: &Xlsx<Cursor<&[u8]>>,
    visible: &[String],
    choice: &SheetChoice,
) -> Result<String, Error> {
    let listed = || {
        if visible.is_empty() {
            (
                "the workbook has no visible worksheet".to_string(),
                "в книге нет видимых листов".to_string(),
            )
        } else {
            (
                format!("its sheets: {}", visible.join(", ")),
                format!("листы книги: {}", quoted_ru(visible)),
            )
        }
    };
    let not_found = |en: String, ru: String| {
        let (listed_en, listed_ru) = listed();
        Error::new(
            ErrorKind::SheetNotFound,
            format!("{en}; {listed_en}"),
            format!("{ru}; {listed_ru}"),
        )
    };
    match choice {
        SheetChoice::First => visible.first().cloned().ok_or_else(|| {
            Error::new(
                ErrorKind::SheetNotFound,
                "the workbook has no visible worksheet; unhide one in Excel (right-click a \
                 tab → Unhide) or save the sheet as CSV",
                "в книге нет видимых листов; покажите лист в Excel (правой кнопкой по \
                 ярлычку листа → Показать) или сохраните лист как CSV",
            )
        }),
        SheetChoice::Index(i) => visible.get(*i).cloned().ok_or_else(|| {
            not_found(
                format!("there is no sheet number {} in the workbook", i + 1),
                format!("в книге нет листа номер {}", i + 1),
            )
        }),
        SheetChoice::Name(name) => {
            match workbook.sheets_metadata().iter().find(|s| s.name == *name) {
                Some(s) if s.typ == SheetType::WorkSheet => Ok(s.name.clone()),
                Some(_) => Err(not_found(
                    format!("the sheet \"{name}\" is a chart, not a table"),
                    format!("лист «{name}» — диаграмма, а не таблица"),
                )),
                None => Err(not_found(
                    format!("the workbook has no sheet \"{name}\""),
                    format!("в книге нет листа «{name}»"),
                )),
            }
        }
    }
}
