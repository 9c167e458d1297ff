//! Errors and row-level issues.
//!
//! A failure of the whole analysis is an [`Error`]: bad options, a file that is not a table,
//! a required column that cannot be found. A problem with one row is an issue: the row is
//! counted under its [`IssueKind`], with its line number and the offending value, and the
//! analysis goes on (unless `onBadRow: "fail"` is set).
//!
//! Every message exists in English, and the messages a user of the Russian interface can
//! meet also in Russian ([`Error::ru`]): [`Display`](fmt::Display) and [`Error::message`]
//! are English, [`Error::text`] and [`Error::message_in`] pick the language (the Russian
//! message when there is one, else the English).

use crate::locale::{DateFormat, Decimal, Lang, QuoteMode};
use std::fmt;

/// Where in the input something happened.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Position {
    /// Data row number, 1-based, not counting the header (absent for header problems).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// Physical line in the file where the row starts, 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Column name as written in the header (or `column N` without a header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

/// What kind of failure an [`Error`] is. Stable camelCase names cross to JavaScript as
/// `err.kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// An option has an unknown name or an invalid value.
    InvalidOption,
    /// The input is empty (nothing but blank lines).
    EmptyInput,
    /// The input is not text: an image, an archive, a PDF or a workbook (told from its first
    /// bytes: a known format's magic number, or control bytes no text table holds).
    NotText,
    /// The input has a header row and no data row below it.
    HeaderOnly,
    /// The input could not be read as a table (encoding, delimiter, header).
    UnreadableInput,
    /// A column the analysis needs (client, date, amount) was not found or not mapped.
    MissingColumn,
    /// A row could not be used and `onBadRow` is `"fail"`.
    BadRow,
    /// The date or number format assumed from the first rows is contradicted later in the
    /// file; the message names the line and the option that fixes it.
    FormatContradiction,
    /// Segment rules, a scoring card, a rule segment or a playbook is invalid.
    InvalidRule,
    /// A fitted model could not be read.
    InvalidModel,
    /// A client passed to the scorer lacks a value or has an invalid one.
    InvalidClient,
    /// The streaming analyzer was used after `finish()`.
    Finished,
    /// A number or total exceeded what can be represented exactly.
    Overflow,
    /// The byte ranges of a file read in parallel cannot be merged exactly (the file is not
    /// in date order, an order spans a cut…); read it with one reader.
    InexactSplit,
    /// A saved state could not be read: made by another format version, truncated or
    /// corrupted; or a report that keeps no state was asked for one.
    InvalidState,
}

impl ErrorKind {
    /// The stable camelCase name (`err.kind` in JavaScript).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidOption => "invalidOption",
            ErrorKind::EmptyInput => "emptyInput",
            ErrorKind::NotText => "notText",
            ErrorKind::HeaderOnly => "headerOnly",
            ErrorKind::UnreadableInput => "unreadableInput",
            ErrorKind::MissingColumn => "missingColumn",
            ErrorKind::BadRow => "badRow",
            ErrorKind::FormatContradiction => "formatContradiction",
            ErrorKind::InvalidRule => "invalidRule",
            ErrorKind::InvalidModel => "invalidModel",
            ErrorKind::InvalidClient => "invalidClient",
            ErrorKind::Finished => "finished",
            ErrorKind::Overflow => "overflow",
            ErrorKind::InexactSplit => "inexactSplit",
            ErrorKind::InvalidState => "invalidState",
        }
    }
}

/// The option that resolves a [`ErrorKind::FormatContradiction`]: the format the whole file
/// is in, which the first rows left undecided or suggested the other way (or, for a quote
/// opened and never closed, reading one record per line).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fix {
    /// Read the dates in this format (`dateFormat`).
    DateFormat(DateFormat),
    /// Read amounts with this decimal separator (`decimalSeparator`).
    DecimalSeparator(Decimal),
    /// Read quotes this way (`quotes`): one record per line, for a quote left open.
    Quotes(QuoteMode),
}

impl Fix {
    /// The option's JSON name.
    pub fn option(self) -> &'static str {
        match self {
            Fix::DateFormat(_) => "dateFormat",
            Fix::DecimalSeparator(_) => "decimalSeparator",
            Fix::Quotes(_) => "quotes",
        }
    }

    /// The option's value, as the option takes it (`"MM/DD/YYYY"`, `"."`).
    pub fn value(self) -> &'static str {
        match self {
            Fix::DateFormat(f) => f.as_str(),
            Fix::DecimalSeparator(d) => d.as_str(),
            Fix::Quotes(q) => q.as_str(),
        }
    }
}

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    message: String,
    message_ru: Option<String>,
    position: Option<Position>,
    fix: Option<Fix>,
}

/// A failure of the whole operation, with one sentence a user can act on.
#[derive(Debug)]
pub struct Error(Box<Inner>);

impl Error {
    /// Creates an error of `kind` with an English message.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error(Box::new(Inner {
            kind,
            message: message.into(),
            message_ru: None,
            position: None,
            fix: None,
        }))
    }

    /// Gives the error its Russian message (the English one stays).
    pub fn ru(mut self, message: impl Into<String>) -> Self {
        self.0.message_ru = Some(message.into());
        self
    }

    /// Puts what the message is about in front of it, in both languages: `clients table: `
    /// and `таблица клиентов: `.
    pub fn context(mut self, en: &str, ru: &str) -> Self {
        self.0.message = format!("{en}: {}", self.0.message);
        if let Some(m) = &mut self.0.message_ru {
            *m = format!("{ru}: {m}");
        }
        self
    }

    /// Attaches the option that fixes the failure.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.0.fix = Some(fix);
        self
    }

    /// The option that fixes the failure, when known.
    pub fn fix(&self) -> Option<Fix> {
        self.0.fix
    }

    /// Attaches the position in the input.
    pub fn at(mut self, position: Position) -> Self {
        self.0.position = Some(position);
        self
    }

    /// Shorthand for an [`ErrorKind::InvalidOption`] error.
    pub fn option(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidOption, message)
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.0.kind
    }

    /// The English message without the position prefix.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The message in `lang`, without the position prefix: the Russian one when the error
    /// has it, else the English.
    pub fn message_in(&self, lang: Lang) -> &str {
        match (lang, &self.0.message_ru) {
            (Lang::Ru, Some(m)) => m,
            _ => &self.0.message,
        }
    }

    /// Whether the error has a Russian message.
    pub fn has_russian(&self) -> bool {
        self.0.message_ru.is_some()
    }

    /// The whole sentence in `lang`, position first: `row 1042 (line 1043), column
    /// "amount": …` (the [`Display`](fmt::Display) form) or `запись 1042 (строка 1043),
    /// столбец «amount»: …`.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        if let Some(p) = &self.0.position {
            let (row, line, column) = match lang {
                Lang::En => ("row", "line", "column"),
                Lang::Ru => ("запись", "строка", "столбец"),
            };
            match (p.row, p.line) {
                (Some(r), Some(l)) => out.push_str(&format!("{row} {r} ({line} {l})")),
                (None, Some(l)) => out.push_str(&format!("{line} {l}")),
                (Some(r), None) => out.push_str(&format!("{row} {r}")),
                (None, None) => {}
            }
            if let Some(c) = &p.column {
                if !out.is_empty() {
                    out.push_str(", ");
                }
                match lang {
                    Lang::En => out.push_str(&format!("{column} \"{c}\"")),
                    Lang::Ru => out.push_str(&format!("{column} «{c}»")),
                }
            }
            if !out.is_empty() {
                out.push_str(": ");
            }
        }
        out.push_str(self.message_in(lang));
        out
    }

    /// Where in the input the failure happened, when known.
    pub fn position(&self) -> Option<&Position> {
        self.0.position.as_ref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

impl std::error::Error for Error {}

/// Why a row was rejected, excluded, dropped or flagged. Stable camelCase names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum IssueKind {
    // Rejected rows: not used.
    /// The row has a different number of fields than the header.
    FieldCount,
    /// The client id is empty.
    MissingClient,
    /// The row looks like a totals line (`Итого`, `Total`, …) rather than an order.
    TotalsRow,
    /// The date is empty.
    MissingDate,
    /// The date does not parse in the column's format, or is not a calendar date.
    InvalidDate,
    /// The date is before the plausibility bound (`minDate`).
    ImplausibleDate,
    /// The date is after today (typos such as 2042 for 2024).
    FutureDate,
    /// The amount (or quantity / price) is empty.
    MissingAmount,
    /// The amount is not a number in the column's format.
    InvalidAmount,
    /// The amount exceeds the exactly representable range (a client's running total beyond
    /// it stops the analysis with an [`ErrorKind::Overflow`] error).
    AmountOverflow,
    /// The text is not valid in the file's encoding.
    InvalidEncoding,
    // Excluded rows: valid, not used by design.
    /// The order is dated after the analysis date `asOf`.
    AfterAsOf,
    /// An exact repeat of an earlier row (dropped when `duplicates` is `"drop"`).
    DuplicateRow,
    /// An order whose status says it was cancelled, voided or refunded as a whole
    /// (`«Отменён»`, `"Cancelled"`, `"Refunded"`): it did not happen (`cancelled: "keep"`
    /// counts it).
    CancelledOrder,
    /// A row of a client whose every row is a return: the purchases are before the file.
    /// The client is left out of the segments.
    ReturnsOnly,
    // Flagged rows: used, but worth a look.
    /// The same order id appears with a different client or date.
    OrderIdConflict,
    /// A zero amount.
    ZeroAmount,
    /// A return: a negative amount or quantity, a cancellation invoice (`C…` among numeric
    /// order ids) or a return document by its status. Netted out of the client's revenue;
    /// not an order and does not move the last purchase date (`returns: "asOrders"` counts
    /// it as an order).
    Return,
    /// A line of an order whose amount is on the order's first line (a line-item export):
    /// taken as part of the order, with no amount of its own.
    OrderLine,
    /// A row whose quote was still open at the end of its line, read up to there: the file
    /// has a quote opened and never closed, so it is read one row per line (option
    /// `quotes: "line"`). A row this makes unusable is rejected for its field count instead.
    UnclosedQuote,
    /// An unusually large amount (see the audit's outlier rule).
    OutlierAmount,
    /// A row older than rows already processed, in a file too large for the duplicate
    /// window: its duplicate and order id checks covered only the window.
    OutOfOrderBeyondWindow,
    /// The order's client is not in the clients table.
    UnknownClient,
}

/// What happens to a row with an issue of a given kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Disposition {
    /// Not used; counted under rejected rows.
    Rejected,
    /// Valid but not used (after `asOf`, duplicates).
    Excluded,
    /// Used, and reported for a look.
    Flagged,
}

impl IssueKind {
    /// Every kind, in report order.
    pub const ALL: [IssueKind; 23] = [
        IssueKind::FieldCount,
        IssueKind::MissingClient,
        IssueKind::TotalsRow,
        IssueKind::MissingDate,
        IssueKind::InvalidDate,
        IssueKind::ImplausibleDate,
        IssueKind::FutureDate,
        IssueKind::MissingAmount,
        IssueKind::InvalidAmount,
        IssueKind::AmountOverflow,
        IssueKind::InvalidEncoding,
        IssueKind::AfterAsOf,
        IssueKind::DuplicateRow,
        IssueKind::CancelledOrder,
        IssueKind::ReturnsOnly,
        IssueKind::OrderIdConflict,
        IssueKind::ZeroAmount,
        IssueKind::Return,
        IssueKind::OrderLine,
        IssueKind::UnclosedQuote,
        IssueKind::OutlierAmount,
        IssueKind::OutOfOrderBeyondWindow,
        IssueKind::UnknownClient,
    ];

    /// Dense index of the kind (position in [`IssueKind::ALL`]).
    pub fn index(self) -> usize {
        self as usize
    }

    /// The stable camelCase name.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueKind::FieldCount => "fieldCount",
            IssueKind::MissingClient => "missingClient",
            IssueKind::TotalsRow => "totalsRow",
            IssueKind::MissingDate => "missingDate",
            IssueKind::InvalidDate => "invalidDate",
            IssueKind::ImplausibleDate => "implausibleDate",
            IssueKind::FutureDate => "futureDate",
            IssueKind::MissingAmount => "missingAmount",
            IssueKind::InvalidAmount => "invalidAmount",
            IssueKind::AmountOverflow => "amountOverflow",
            IssueKind::InvalidEncoding => "invalidEncoding",
            IssueKind::AfterAsOf => "afterAsOf",
            IssueKind::DuplicateRow => "duplicateRow",
            IssueKind::CancelledOrder => "cancelledOrder",
            IssueKind::ReturnsOnly => "returnsOnly",
            IssueKind::OrderIdConflict => "orderIdConflict",
            IssueKind::ZeroAmount => "zeroAmount",
            IssueKind::Return => "return",
            IssueKind::OrderLine => "orderLine",
            IssueKind::UnclosedQuote => "unclosedQuote",
            IssueKind::OutlierAmount => "outlierAmount",
            IssueKind::OutOfOrderBeyondWindow => "outOfOrderBeyondWindow",
            IssueKind::UnknownClient => "unknownClient",
        }
    }

    /// Whether rows with this issue are used, excluded or rejected.
    pub fn disposition(self) -> Disposition {
        use IssueKind::*;
        match self {
            FieldCount | MissingClient | TotalsRow | MissingDate | InvalidDate
            | ImplausibleDate | FutureDate | MissingAmount | InvalidAmount | AmountOverflow
            | InvalidEncoding => Disposition::Rejected,
            AfterAsOf | DuplicateRow | CancelledOrder | ReturnsOnly => Disposition::Excluded,
            OrderIdConflict
            | ZeroAmount
            | Return
            | OrderLine
            | UnclosedQuote
            | OutlierAmount
            | OutOfOrderBeyondWindow
            | UnknownClient => Disposition::Flagged,
        }
    }

    /// A one-line explanation of the kind in `lang`.
    pub fn describe(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.describe_en(),
            Lang::Ru => self.describe_ru(),
        }
    }

    /// A one-line English explanation of the kind.
    pub fn describe_en(self) -> &'static str {
        use IssueKind::*;
        match self {
            FieldCount => "the row has a different number of fields than the header",
            MissingClient => "the client id is empty",
            TotalsRow => "a totals line, not an order",
            MissingDate => "the date is empty",
            InvalidDate => "the date is not a valid date in the column's format",
            ImplausibleDate => "the date is before the plausibility bound",
            FutureDate => "the date is in the future",
            MissingAmount => "the amount is empty",
            InvalidAmount => "the amount is not a number in the column's format",
            AmountOverflow => "the amount is too large to keep exactly",
            InvalidEncoding => "the text is not valid in the file's encoding",
            AfterAsOf => "dated after the analysis date; excluded",
            DuplicateRow => "an exact repeat of an earlier row",
            CancelledOrder => "a cancelled order (by its status); not counted",
            ReturnsOnly => {
                "a client with only returns in the file (the purchases are earlier); left out"
            }
            OrderIdConflict => "the order id appears with another client or date",
            ZeroAmount => "zero amount",
            Return => "a return: netted out of the client's revenue, not an order",
            OrderLine => "a line of an order whose amount is on its first line",
            UnclosedQuote => {
                "a quote in the row is not closed by the end of its line; read up to there"
            }
            OutlierAmount => "unusually large amount",
            OutOfOrderBeyondWindow => {
                "older than rows already processed; duplicates checked only in the window"
            }
            UnknownClient => "the client is not in the clients table",
        }
    }

    /// A one-line Russian explanation of the kind.
    pub fn describe_ru(self) -> &'static str {
        use IssueKind::*;
        match self {
            FieldCount => "число полей в строке не совпадает с заголовком",
            MissingClient => "не указан клиент",
            TotalsRow => "строка итогов, а не заказ",
            MissingDate => "не указана дата",
            InvalidDate => "дата не распознана или не существует",
            ImplausibleDate => "дата раньше допустимой границы",
            FutureDate => "дата в будущем",
            MissingAmount => "не указана сумма",
            InvalidAmount => "сумма не является числом в формате столбца",
            AmountOverflow => "сумма слишком велика для точного подсчёта",
            InvalidEncoding => "текст не соответствует кодировке файла",
            AfterAsOf => "дата позже даты анализа; строка не учтена",
            DuplicateRow => "точный повтор более ранней строки",
            CancelledOrder => "отменённый заказ (по статусу); не учтён",
            ReturnsOnly => "у клиента в файле только возвраты (покупки были раньше); не учтён",
            OrderIdConflict => "номер заказа встречается у другого клиента или с другой датой",
            ZeroAmount => "нулевая сумма",
            Return => "возврат: вычтен из выручки клиента, не считается заказом",
            OrderLine => "строка заказа, сумма которого указана в первой строке",
            UnclosedQuote => {
                "кавычка в строке не закрыта до конца строки; строка прочитана до него"
            }
            OutlierAmount => "необычно большая сумма",
            OutOfOrderBeyondWindow => {
                "строка старше уже обработанных; дубликаты проверены только в окне"
            }
            UnknownClient => "клиента нет в таблице клиентов",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_includes_position() {
        let e = Error::new(ErrorKind::BadRow, "\"12,5O\" is not a number").at(Position {
            row: Some(1042),
            line: Some(1043),
            column: Some("amount".into()),
        });
        assert_eq!(
            e.to_string(),
            "row 1042 (line 1043), column \"amount\": \"12,5O\" is not a number"
        );
        assert_eq!(e.kind().as_str(), "badRow");
    }

    #[test]
    fn each_language_has_its_sentence() {
        let at = Position {
            row: Some(7),
            line: Some(9),
            column: Some("Сумма".into()),
        };
        let e = Error::new(ErrorKind::BadRow, "the amount is empty")
            .ru("не указана сумма")
            .at(at.clone());
        assert_eq!(
            e.text(Lang::Ru),
            "запись 7 (строка 9), столбец «Сумма»: не указана сумма"
        );
        assert_eq!(
            e.text(Lang::En),
            "row 7 (line 9), column \"Сумма\": the amount is empty"
        );
        assert_eq!(e.to_string(), e.text(Lang::En));
        assert_eq!(e.message(), "the amount is empty");
        // Without a Russian message, Russian falls back to English.
        let plain = Error::new(ErrorKind::Overflow, "too large");
        assert_eq!(plain.message_in(Lang::Ru), "too large");
        assert!(!plain.has_russian());
        let wrapped = Error::option("x is bad")
            .ru("x плохой")
            .context("clients table", "таблица клиентов");
        assert_eq!(wrapped.message(), "clients table: x is bad");
        assert_eq!(wrapped.message_in(Lang::Ru), "таблица клиентов: x плохой");
    }

    #[test]
    fn issue_kinds_are_dense() {
        for (i, k) in IssueKind::ALL.iter().enumerate() {
            assert_eq!(k.index(), i, "{k:?}");
        }
    }
}
