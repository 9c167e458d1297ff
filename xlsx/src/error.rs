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

/// The language of an error's message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (what `Display` writes).
    #[default]
    En,
    /// Russian.
    Ru,
}

/// A workbook that could not be converted: its [`ErrorKind`] and one sentence saying what
/// to do, in English and in Russian.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    en: String,
    ru: String,
}

/// A part of a workbook, or of the conversion, that a message names: in English, and in
/// Russian as the subject of a sentence and after «для».
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// The ZIP archive as a whole.
    Archive,
    /// The archive's directory of entries.
    Directory,
    /// The shared strings table (`xl/sharedStrings.xml`).
    SharedStrings,
    /// A worksheet's XML.
    Sheet,
    /// The workbook's structure (its relationships, the workbook part).
    Workbook,
    /// The parts read whole when the workbook is opened: shared strings, styles, theme.
    TextAndStyles,
    /// The CSV written from the sheet.
    SheetCsv,
}

impl Part {
    fn en(self) -> &'static str {
        match self {
            Part::Archive => "the ZIP archive",
            Part::Directory => "the ZIP directory",
            Part::SharedStrings => "the shared strings",
            Part::Sheet => "the sheet",
            Part::Workbook => "the workbook",
            Part::TextAndStyles => "the workbook's text and styles",
            Part::SheetCsv => "the sheet as CSV",
        }
    }

    /// The Russian subject: «не читается …».
    fn ru(self) -> &'static str {
        match self {
            Part::Archive => "архив",
            Part::Directory => "оглавление архива",
            Part::SharedStrings => "таблица строк",
            Part::Sheet => "лист",
            Part::Workbook => "структура книги",
            Part::TextAndStyles => "текст и стили книги",
            Part::SheetCsv => "лист в виде CSV",
        }
    }

    /// The Russian genitive: «для …».
    fn ru_genitive(self) -> &'static str {
        match self {
            Part::Archive => "архива",
            Part::Directory => "оглавления архива",
            Part::SharedStrings => "таблицы строк",
            Part::Sheet => "листа",
            Part::Workbook => "книги",
            Part::TextAndStyles => "текста и стилей книги",
            Part::SheetCsv => "листа в виде CSV",
        }
    }
}

impl Error {
    /// An error with its message in English and in Russian.
    pub(crate) fn new(kind: ErrorKind, en: impl Into<String>, ru: impl Into<String>) -> Error {
        Error {
            kind,
            en: en.into(),
            ru: ru.into(),
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message in `lang`: one sentence saying what is wrong and what to do.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ru => &self.ru,
        }
    }

    /// A damaged part: `part` could not be read because of `why`, the reader's own words
    /// (in English; the Russian message names the part only).
    pub(crate) fn damaged(part: Part, why: impl fmt::Display) -> Error {
        Error::damaged_because(part, &why.to_string(), "")
    }

    /// A damaged part, with why in both languages (`why_ru` may be empty).
    pub(crate) fn damaged_because(part: Part, why_en: &str, why_ru: &str) -> Error {
        let why_ru = if why_ru.is_empty() {
            String::new()
        } else {
            format!(": {why_ru}")
        };
        Error::new(
            ErrorKind::Damaged,
            format!(
                "the workbook is damaged ({}: {why_en}); open it in Excel and save it again, \
                 or save the sheet as CSV",
                part.en()
            ),
            format!(
                "книга повреждена (не читается {}{why_ru}); откройте её в Excel и сохраните \
                 заново или сохраните лист как CSV",
                part.ru()
            ),
        )
    }

    pub(crate) fn too_large(part: Part, bytes: u64, limit: u64) -> Error {
        Error::new(
            ErrorKind::TooLarge,
            format!(
                "{} needs about {}, more than the {} this conversion may use; save the \
                 sheet as CSV in Excel and open the CSV instead",
                part.en(),
                size(bytes, Lang::En),
                size(limit, Lang::En)
            ),
            format!(
                "для {} нужно около {}, больше предела в {} для этого преобразования; \
                 сохраните лист в Excel как CSV и откройте CSV",
                part.ru_genitive(),
                size(bytes, Lang::Ru),
                size(limit, Lang::Ru)
            ),
        )
    }

    pub(crate) fn out_of_memory(part: Part, bytes: u64) -> Error {
        Error::new(
            ErrorKind::TooLarge,
            format!(
                "{} needs more than the {} of memory this program could get; save the \
                 sheet as CSV in Excel and open the CSV instead",
                part.en(),
                size(bytes, Lang::En)
            ),
            format!(
                "для {} нужно больше памяти, чем {}, которые смогла получить программа; \
                 сохраните лист в Excel как CSV и откройте CSV",
                part.ru_genitive(),
                size(bytes, Lang::Ru)
            ),
        )
    }
}

/// `bytes` in MB (KB below one MB), rounded up.
fn size(bytes: u64, lang: Lang) -> String {
    let (n, unit) = if bytes >= 1 << 20 {
        (bytes.div_ceil(1 << 20), ["MB", "МБ"])
    } else {
        (bytes.div_ceil(1 << 10), ["KB", "КБ"])
    };
    match lang {
        Lang::En => format!("{n} {}", unit[0]),
        Lang::Ru => format!("{n} {}", unit[1]),
    }
}

/// Names as a Russian list: «Заказы», «Клиенты».
pub(crate) fn quoted_ru(names: &[impl AsRef<str>]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("«{}»", n.as_ref())).collect();
    quoted.join(", ")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
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
