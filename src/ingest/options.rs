//! Options of reading: the file's encoding, delimiter, header, column roles and formats,
//! what to do with bad and duplicate rows, the date bounds, client ids and merging, and the
//! clients table. Every one has a documented default; [`ReadOptions::resolve`] checks them
//! and names the option that is wrong.

use super::clients::ClientColumns;
use super::events::EventColumns;
use crate::calendar::{self, Day};
use crate::error::Error;
use crate::locale::{DateFormat, Decimal, QuoteMode};
use serde::{Deserialize, Serialize};

/// A column given by header name (matched ignoring case and surrounding spaces) or by
/// 0-based position.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ColumnRef {
    /// 0-based position.
    Index(usize),
    /// Header name.
    Name(String),
}

/// Explicit column roles; anything not given is guessed by the sniffer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ColumnMapping {
    /// The client id column.
    pub client: Option<ColumnRef>,
    /// The order date column.
    pub date: Option<ColumnRef>,
    /// The amount column (net of returns; negative amounts are returns).
    pub amount: Option<ColumnRef>,
    /// The order id column; with it, frequency counts distinct orders.
    pub order_id: Option<ColumnRef>,
    /// Quantity, used with `price` when there is no amount column.
    pub quantity: Option<ColumnRef>,
    /// Unit price, used with `quantity` when there is no amount column.
    pub price: Option<ColumnRef>,
    /// The client's e-mail (used for merging clients).
    pub email: Option<ColumnRef>,
    /// The client's phone (used for merging clients).
    pub phone: Option<ColumnRef>,
    /// The client's name, shown instead of the id (the id column stays the key).
    pub name: Option<ColumnRef>,
    /// The order's status or the document's kind (`«Отменён»`, `"Refunded"`, `«Возврат»`):
    /// cancelled orders are left out, return documents are returns.
    pub status: Option<ColumnRef>,
    /// What an order line bought: its product category, product or service (`«Категория»`,
    /// `"Product"`, `«Вид услуги»`); per client, rows and revenue by category.
    pub category: Option<ColumnRef>,
}

/// Where the header is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HeaderRow {
    /// `false`: the file has no header; columns are named `column 1`, `column 2`, …
    /// (`true` means "detect", the default).
    Present(bool),
    /// The 1-based line of the header (lines above it are skipped).
    Line(u64),
}

/// What to do with a row that cannot be used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BadRowPolicy {
    /// Skip it, count it with its line and reason (default).
    #[default]
    Skip,
    /// Stop with an error naming the line.
    Fail,
}

/// What to do with exact duplicate rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DuplicatePolicy {
    /// Drop repeats of an earlier row and report them (default).
    #[default]
    Drop,
    /// Keep them (line items that are genuinely identical).
    Keep,
}

/// How client ids are compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ClientIdMode {
    /// As written, outer spaces trimmed (default; leading zeros survive).
    #[default]
    Exact,
    /// Case folded and inner spaces collapsed (`"ООО  Ромашка"` = `"ооо ромашка"`).
    CaseInsensitive,
}

/// How returns count (negative amounts or quantities, cancellation invoices, return
/// documents).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ReturnPolicy {
    /// Netted out of the client's revenue; not orders, and they do not move the first or
    /// last purchase date (default).
    #[default]
    Net,
    /// Each return row is an order on its date, like a purchase (netted out all the same).
    AsOrders,
}

/// What to do with orders whose status says they were cancelled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CancelledPolicy {
    /// Leave them out and count them in the audit (default).
    #[default]
    Exclude,
    /// Count them like any order.
    Keep,
}

/// A contact field clients may be merged by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MergeKey {
    /// Normalised e-mail: trimmed, lowercase.
    Email,
    /// Normalised phone: digits only, with the country code.
    Phone,
}

/// How the file is read. The JSON form is flat among the other options (`encoding`,
/// `columns.client`, `asOf`, …).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ReadOptions {
    /// Encoding label (`utf-8`, `windows-1251`, `utf-16le`, …); detected when absent.
    pub encoding: Option<String>,
    /// Field delimiter, one character; detected among `,` `;` tab `|` when absent.
    pub delimiter: Option<String>,
    /// Header position; detected when absent.
    pub header_row: Option<HeaderRow>,
    /// Column roles; guessed from header names and content when absent.
    pub columns: ColumnMapping,
    /// Date format of the date column; detected from the column when absent.
    pub date_format: Option<DateFormat>,
    /// Decimal separator of amounts (`"."` or `","`); detected when absent.
    pub decimal_separator: Option<Decimal>,
    /// Whether quoted fields may hold line breaks (`"multiline"`, the default) or every line
    /// is one record (`"line"`). A quote opened and never closed makes the analyzer read
    /// the file again with `"line"` when this is absent.
    pub quotes: Option<QuoteMode>,
    /// Skip bad rows (default) or fail on the first.
    pub on_bad_row: BadRowPolicy,
    /// Drop (default) or keep exact duplicate rows.
    pub duplicates: DuplicatePolicy,
    /// Returns netted out and not counted as orders (`"net"`, default) or counted as
    /// orders (`"asOrders"`).
    pub returns: ReturnPolicy,
    /// Orders with a cancelled status left out (`"exclude"`, default) or kept (`"keep"`).
    pub cancelled: CancelledPolicy,
    /// Dates before this (`YYYY-MM-DD`) are rejected as implausible. Default `1990-01-01`.
    pub min_date: Option<String>,
    /// Today's date (`YYYY-MM-DD`); rows dated later are rejected as future dates. The
    /// JavaScript binding fills it from the clock; absent natively.
    pub today: Option<String>,
    /// How many examples to keep per issue kind in the audit. Default 20.
    pub max_examples: Option<u32>,
    /// Rows of history kept for duplicate and order-id checks in files sorted by date.
    /// Files in date order keep memory bounded by this; files out of order keep every row's
    /// fingerprint (exact). `0` keeps everything. Default 65 536.
    pub history_window: Option<u32>,
    /// Normalise client ids: `"exact"` (default: kept as written, only outer spaces
    /// trimmed) or `"caseInsensitive"` (case folded, inner spaces collapsed).
    pub client_ids: Option<ClientIdMode>,
    /// Merge clients sharing a normalised e-mail or phone (`["email"]`, `["phone"]`, both).
    pub merge_by: Vec<MergeKey>,
    /// Country calling code assumed for phones written without one. Default `"7"`.
    pub phone_country: Option<String>,
    /// Analysis date (`YYYY-MM-DD`); default: the latest order date in the data. Rows dated
    /// after it are excluded and counted.
    pub as_of: Option<String>,
    /// The clients table (CSV text). The JavaScript binding also takes bytes.
    pub clients: Option<String>,
    /// Options for reading the clients table (encoding, delimiter, column roles).
    pub clients_columns: Option<ClientColumns>,
    /// The events table (CSV text): views, carts, clicks, opens. The JavaScript binding
    /// also takes bytes.
    pub events: Option<String>,
    /// Options for reading the events table (encoding, delimiter, column roles).
    pub events_columns: Option<EventColumns>,
}

/// Reading options checked and converted to the forms the reader uses.
#[derive(Clone, Debug)]
pub struct Resolved {
    /// Analysis date, when given.
    pub as_of: Option<Day>,
    /// Today, when given.
    pub today: Option<Day>,
    /// Lower plausibility bound.
    pub min_date: Day,
    /// Delimiter byte, when given.
    pub delimiter: Option<u8>,
    /// Examples kept per issue kind.
    pub max_examples: usize,
    /// History window (0 = unbounded).
    pub history_window: usize,
    /// Country code for phones.
    pub phone_country: String,
}

impl ReadOptions {
    /// Checks every reading option and converts dates and numbers.
    pub fn resolve(&self) -> Result<Resolved, Error> {
        let delimiter = match &self.delimiter {
            None => None,
            Some(d) => Some(delimiter_byte(d)?),
        };
        if let Some(enc) = &self.encoding {
            if super::charset::for_label(enc).is_none() {
                return Err(Error::option(format!(
                    "option `encoding`: unknown encoding \"{enc}\""
                ))
                .ru(format!("неизвестная кодировка «{enc}»")));
            }
        }
        let phone_country = self.phone_country.clone().unwrap_or_else(|| "7".into());
        if phone_country.is_empty() || !phone_country.bytes().all(|c| c.is_ascii_digit()) {
            return Err(Error::option(format!(
                "option `phoneCountry`: \"{phone_country}\" must be digits, e.g. \"7\""
            ))
            .ru(format!(
                "код страны телефонов «{phone_country}»: нужны цифры, например \"7\""
            )));
        }
        Ok(Resolved {
            as_of: day("asOf", &self.as_of)?,
            today: day("today", &self.today)?,
            min_date: day("minDate", &self.min_date)?
                .unwrap_or_else(|| calendar::day_from_ymd(1990, 1, 1).unwrap_or(7305)),
            delimiter,
            max_examples: self.max_examples.unwrap_or(20) as usize,
            history_window: self.history_window.map(|w| w as usize).unwrap_or(1 << 16),
            phone_country,
        })
    }

    /// The first option (its JSON name) that reads the file differently from `other`.
    pub fn first_difference(&self, other: &ReadOptions) -> Option<&'static str> {
        let (a, b) = (self, other);
        [
            ("encoding", a.encoding != b.encoding),
            ("delimiter", a.delimiter != b.delimiter),
            ("headerRow", a.header_row != b.header_row),
            ("columns", a.columns != b.columns),
            ("dateFormat", a.date_format != b.date_format),
            (
                "decimalSeparator",
                a.decimal_separator != b.decimal_separator,
            ),
            ("quotes", a.quotes != b.quotes),
            ("onBadRow", a.on_bad_row != b.on_bad_row),
            ("duplicates", a.duplicates != b.duplicates),
            ("returns", a.returns != b.returns),
            ("cancelled", a.cancelled != b.cancelled),
            ("minDate", a.min_date != b.min_date),
            ("historyWindow", a.history_window != b.history_window),
            ("clientIds", a.client_ids != b.client_ids),
            ("mergeBy", a.merge_by != b.merge_by),
            ("phoneCountry", a.phone_country != b.phone_country),
            ("clients", a.clients != b.clients),
            ("clientsColumns", a.clients_columns != b.clients_columns),
            ("events", a.events != b.events),
            ("eventsColumns", a.events_columns != b.events_columns),
        ]
        .into_iter()
        .find_map(|(name, differs)| differs.then_some(name))
    }
}

/// A `YYYY-MM-DD` option.
fn day(name: &str, v: &Option<String>) -> Result<Option<Day>, Error> {
    match v {
        None => Ok(None),
        Some(s) => calendar::parse_iso(s).map(Some).ok_or_else(|| {
            let what = match name {
                "asOf" => "дата анализа",
                "today" => "сегодняшняя дата",
                "minDate" => "самая ранняя допустимая дата",
                _ => "дата",
            };
            Error::option(format!(
                "option `{name}`: \"{s}\" is not a date in the form YYYY-MM-DD"
            ))
            .ru(format!("{what} «{s}» — не дата в виде ГГГГ-ММ-ДД"))
        }),
    }
}

/// The byte of a `delimiter` option (`"\\t"` and `"tab"` mean a tab).
fn delimiter_byte(d: &str) -> Result<u8, Error> {
    let d = if d == "\\t" || d.eq_ignore_ascii_case("tab") {
        "\t"
    } else {
        d
    };
    if d.len() != 1 || matches!(d.as_bytes()[0], b'"' | b'\n' | b'\r') {
        return Err(Error::option(format!(
            "option `delimiter`: {d:?} must be one ASCII character other than a quote or a line break"
        ))
        .ru(format!(
            "разделитель {d:?}: нужен один однобайтовый знак, не кавычка и не перевод строки"
        )));
    }
    Ok(d.as_bytes()[0])
}
