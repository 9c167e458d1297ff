//! Sniffing: what a file is, before any analysis.
//!
//! From the first bytes of the input, [`sniff`] detects the encoding, the delimiter, the
//! quoting, the line ending, the header row (skipping title lines above it), each column's
//! role and type, the date format and the decimal separator, and shows the first rows as
//! parsed. Every guess carries a confidence and can be overridden by an option; `analyze`
//! reads the file with exactly what `sniff` returns.

use super::charset::{self, Charset, Transcoder};
use super::dates;
use super::numbers;
use super::options::{ColumnRef, HeaderRow, ReadOptions};
use super::records::{LineEnding, Record, RecordReader, RecordSink};
use crate::error::{Error, ErrorKind};
use crate::locale::{DateFormat, Decimal};
use serde::Serialize;

/// Bytes of input the sniffer looks at.
pub const SNIFF_BYTES: usize = 256 * 1024;
/// Records the sniffer reads at most.
const SNIFF_RECORDS: usize = 500;
/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 10;

/// What a column holds, for the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// Client id (or name).
    Client,
    /// Client e-mail.
    Email,
    /// Client phone.
    Phone,
    /// Order id.
    OrderId,
    /// Order date.
    Date,
    /// Order amount.
    Amount,
    /// Quantity.
    Quantity,
    /// Unit price.
    Price,
    /// Region or city (clients table).
    Region,
    /// B2B / B2C (clients table).
    ClientType,
    /// Company size (clients table).
    CompanySize,
    /// Revenue band (clients table).
    RevenueBand,
    /// The contact's role (clients table).
    ContactRole,
    /// Acquisition source (clients table).
    Source,
    /// Funnel status (clients table).
    Status,
    /// Manual segments (clients table).
    Segments,
    /// Tags, a list in one cell (clients table).
    Tags,
    /// Date of the last contact or activity (clients table).
    LastContact,
    /// Marked as gone (clients table).
    Gone,
    /// Any other column; kept as an attribute.
    Attribute,
}

impl Role {
    /// The stable camelCase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Email => "email",
            Role::Phone => "phone",
            Role::OrderId => "orderId",
            Role::Date => "date",
            Role::Amount => "amount",
            Role::Quantity => "quantity",
            Role::Price => "price",
            Role::Region => "region",
            Role::ClientType => "clientType",
            Role::CompanySize => "companySize",
            Role::RevenueBand => "revenueBand",
            Role::ContactRole => "contactRole",
            Role::Source => "source",
            Role::Status => "status",
            Role::Segments => "segments",
            Role::Tags => "tags",
            Role::LastContact => "lastContact",
            Role::Gone => "gone",
            Role::Attribute => "attribute",
        }
    }
}

/// What the values of a column look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ColumnType {
    /// No values in the sample.
    Empty,
    /// Whole numbers.
    Integer,
    /// Numbers with decimals (or a mix with whole numbers).
    Decimal,
    /// Dates.
    Date,
    /// E-mail addresses.
    Email,
    /// Phone numbers.
    Phone,
    /// Anything else.
    Text,
}

/// One column as sniffed.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SniffedColumn {
    /// 0-based position.
    pub index: usize,
    /// Header name (or `column N` without a header).
    pub name: String,
    /// Guessed (or given) role.
    pub role: Role,
    /// How sure the role guess is, 0..=1 (1 when given by an option).
    pub role_confidence: f32,
    /// What the values look like.
    #[serde(rename = "type")]
    pub column_type: ColumnType,
    /// Date format, for date columns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_format: Option<DateFormat>,
    /// Decimal separator, for numeric columns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decimal_separator: Option<Decimal>,
    /// Up to three example values.
    pub examples: Vec<String>,
}

/// What was detected about a file.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sniff {
    /// Encoding name (`utf-8`, `utf-8-bom`, `windows-1251`, `utf-16le`, …).
    pub encoding: String,
    /// Confidence of the encoding, 0..=1.
    pub encoding_confidence: f32,
    /// Field delimiter.
    pub delimiter: String,
    /// Confidence of the delimiter, 0..=1.
    pub delimiter_confidence: f32,
    /// Whether quoted fields occur.
    pub quoted: bool,
    /// Line ending.
    pub line_ending: LineEnding,
    /// 1-based line of the header, or `None` when there is no header.
    pub header_line: Option<u64>,
    /// 1-based line where data starts.
    pub data_line: u64,
    /// Confidence that the header was found right, 0..=1.
    pub header_confidence: f32,
    /// The columns.
    pub columns: Vec<SniffedColumn>,
    /// Date format of the date column.
    pub date_format: Option<DateFormat>,
    /// Whether the date format could not be decided from the sample (e.g. all of
    /// `01/02/2024`-like values are ≤ 12 in both places); the analysis then checks the whole
    /// column.
    pub date_format_ambiguous: bool,
    /// Decimal separator of amounts.
    pub decimal_separator: Decimal,
    /// Thousands separator seen in amounts, if any.
    pub thousands_separator: Option<String>,
    /// Whether the decimal separator could not be decided from the sample.
    pub decimal_ambiguous: bool,
    /// The first data rows as parsed.
    pub preview: Vec<Vec<String>>,
    /// The first lines of the file as text (after decoding).
    pub raw_preview: Vec<String>,
    /// Records looked at.
    pub sample_records: usize,
    /// Whether the sample is the whole input.
    pub complete: bool,
    /// Notes for the user about the guesses.
    pub warnings: Vec<String>,
    #[serde(skip)]
    pub(crate) charset: Option<Charset>,
    #[serde(skip)]
    pub(crate) delimiter_byte: u8,
}

impl Sniff {
    /// The column with `role`, if any.
    pub fn column(&self, role: Role) -> Option<&SniffedColumn> {
        self.columns.iter().find(|c| c.role == role)
    }

    /// The encoding detected or requested.
    pub fn charset(&self) -> Charset {
        self.charset.unwrap_or(Charset {
            encoding: encoding_rs::UTF_8,
            bom_len: 0,
            confidence: 1.0,
        })
    }

    /// The delimiter byte.
    pub fn delimiter_byte(&self) -> u8 {
        self.delimiter_byte
    }
}

/// Which roles a table may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    /// Orders / transactions.
    Transactions,
    /// The clients table.
    Clients,
}

/// Normalises a header name for matching: lowercase, `ё`→`е`, letters and digits only.
pub fn normalize_header(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

struct Synonyms {
    role: Role,
    exact: &'static [&'static str],
    contains: &'static [&'static str],
}

const TRANSACTION_SYNONYMS: &[Synonyms] = &[
    Synonyms {
        role: Role::Date,
        exact: &[
            "orderdate",
            "date",
            "createdat",
            "created",
            "purchasedate",
            "transactiondate",
            "invoicedate",
            "paidat",
            "processedat",
            "datetime",
            "timestamp",
            "day",
            "дата",
            "датазаказа",
            "датапродажи",
            "датапокупки",
            "период",
            "датадокумента",
            "датаоплаты",
            "датасделки",
            "датасоздания",
            "датаивремя",
            "датачека",
            "день",
        ],
        contains: &["date", "дата", "период"],
    },
    Synonyms {
        role: Role::Client,
        exact: &[
            "customerid",
            "customer",
            "client",
            "clientid",
            "clientname",
            "customername",
            "userid",
            "user",
            "buyer",
            "buyerid",
            "contactid",
            "accountid",
            "account",
            "customercode",
            "клиент",
            "покупатель",
            "контрагент",
            "заказчик",
            "idклиента",
            "кодклиента",
            "клиентid",
            "фио",
            "фиоклиента",
            "наименованиеклиента",
            "партнер",
            "покупательid",
            "пользователь",
            "абонент",
            "контакт",
            "компания",
            "company",
            "companyname",
            "клиентфио",
            "имяклиента",
            "названиеклиента",
        ],
        contains: &[
            "клиент",
            "покупат",
            "контрагент",
            "customer",
            "client",
            "заказчик",
        ],
    },
    Synonyms {
        role: Role::Email,
        exact: &[
            "email",
            "emailaddress",
            "mail",
            "почта",
            "электроннаяпочта",
            "емейл",
            "имейл",
            "адресэлектроннойпочты",
        ],
        contains: &["email", "почт"],
    },
    Synonyms {
        role: Role::Phone,
        exact: &[
            "phone",
            "phonenumber",
            "telephone",
            "tel",
            "mobile",
            "mobilephone",
            "телефон",
            "тел",
            "мобильный",
            "мобильныйтелефон",
            "номертелефона",
            "контактныйтелефон",
        ],
        contains: &["phone", "телефон"],
    },
    Synonyms {
        role: Role::OrderId,
        exact: &[
            "orderid",
            "order",
            "ordernumber",
            "orderno",
            "invoice",
            "invoiceid",
            "invoiceno",
            "invoicenumber",
            "transactionid",
            "receipt",
            "receiptid",
            "заказ",
            "номерзаказа",
            "idзаказа",
            "номер",
            "номердокумента",
            "документ",
            "чек",
            "номерчека",
            "сделка",
            "idсделки",
            "счет",
            "номерсчета",
            "заказid",
        ],
        contains: &["заказ", "order", "invoice", "чек", "документ"],
    },
    Synonyms {
        role: Role::Amount,
        exact: &[
            "amount",
            "revenue",
            "total",
            "sum",
            "sales",
            "value",
            "totalprice",
            "ordertotal",
            "orderamount",
            "totalamount",
            "net",
            "netamount",
            "subtotal",
            "gmv",
            "linetotal",
            "сумма",
            "выручка",
            "суммапродажи",
            "суммазаказа",
            "стоимость",
            "итого",
            "суммадокумента",
            "суммасндс",
            "суммаруб",
            "оборот",
            "суммаоплаты",
            "доход",
            "суммапокупки",
            "суммачека",
        ],
        contains: &["amount", "сумм", "revenue", "выручк", "total"],
    },
    Synonyms {
        role: Role::Quantity,
        exact: &["quantity", "qty", "units", "количество", "колво", "кол"],
        contains: &["колич", "quantity", "qty"],
    },
    Synonyms {
        role: Role::Price,
        exact: &[
            "price",
            "unitprice",
            "цена",
            "ценазаединицу",
            "ценаруб",
            "ценасндс",
        ],
        contains: &["цена", "price"],
    },
];

const CLIENT_SYNONYMS: &[Synonyms] = &[
    Synonyms {
        role: Role::LastContact,
        exact: &[
            "lastcontact",
            "lastactivity",
            "lastcontactdate",
            "lastactivitydate",
            "lastseen",
            "последнийконтакт",
            "датапоследнегоконтакта",
            "последняяактивность",
            "датаактивности",
            "датапоследнейактивности",
        ],
        contains: &["lastcontact", "lastactiv", "последн", "активност"],
    },
    Synonyms {
        role: Role::Client,
        exact: &[
            "customerid",
            "customer",
            "client",
            "clientid",
            "clientname",
            "customername",
            "userid",
            "id",
            "клиент",
            "покупатель",
            "контрагент",
            "заказчик",
            "idклиента",
            "кодклиента",
            "клиентid",
            "фио",
            "наименование",
            "компания",
            "company",
            "accountid",
            "contactid",
        ],
        contains: &["клиент", "покупат", "контрагент", "customer", "client"],
    },
    Synonyms {
        role: Role::Email,
        exact: &["email", "emailaddress", "mail", "почта", "электроннаяпочта"],
        contains: &["email", "почт"],
    },
    Synonyms {
        role: Role::Phone,
        exact: &[
            "phone",
            "phonenumber",
            "telephone",
            "mobile",
            "телефон",
            "тел",
        ],
        contains: &["phone", "телефон"],
    },
    Synonyms {
        role: Role::Region,
        exact: &[
            "region",
            "city",
            "location",
            "регион",
            "город",
            "область",
            "населенныйпункт",
            "местоположение",
            "country",
            "страна",
        ],
        contains: &["регион", "город", "region", "city"],
    },
    Synonyms {
        role: Role::ClientType,
        exact: &[
            "type",
            "clienttype",
            "customertype",
            "segmenttype",
            "b2bb2c",
            "тип",
            "типклиента",
            "типконтрагента",
            "юрфиз",
        ],
        contains: &["типклиент", "clienttype", "customertype", "b2b"],
    },
    Synonyms {
        role: Role::CompanySize,
        exact: &[
            "companysize",
            "size",
            "employees",
            "headcount",
            "размеркомпании",
            "размер",
            "численность",
            "сотрудников",
            "количествосотрудников",
        ],
        contains: &["размер", "size", "сотрудник", "численн"],
    },
    Synonyms {
        role: Role::RevenueBand,
        exact: &[
            "revenueband",
            "revenue",
            "annualrevenue",
            "оборот",
            "выручка",
            "оборотгод",
        ],
        contains: &["оборот", "выручк", "revenue"],
    },
    Synonyms {
        role: Role::ContactRole,
        exact: &[
            "role",
            "jobtitle",
            "position",
            "title",
            "роль",
            "должность",
            "рольконтакта",
            "лпр",
        ],
        contains: &["должн", "роль", "jobtitle", "position"],
    },
    Synonyms {
        role: Role::Source,
        exact: &[
            "source",
            "acquisitionsource",
            "channel",
            "utmsource",
            "источник",
            "канал",
            "источникпривлечения",
            "каналпривлечения",
        ],
        contains: &["источник", "source", "канал", "channel"],
    },
    Synonyms {
        role: Role::Status,
        exact: &[
            "status",
            "stage",
            "funnelstatus",
            "funnelstage",
            "leadstatus",
            "статус",
            "стадия",
            "этап",
            "статусклиента",
            "этапворонки",
            "стадиясделки",
        ],
        contains: &["статус", "стади", "этап", "status", "stage"],
    },
    Synonyms {
        role: Role::Segments,
        exact: &[
            "segment",
            "segments",
            "сегмент",
            "сегменты",
            "группа",
            "group",
        ],
        contains: &["сегмент", "segment"],
    },
    Synonyms {
        role: Role::Tags,
        exact: &["tags", "tag", "labels", "теги", "тег", "метки", "метка"],
        contains: &["тег", "tag", "метк"],
    },
    Synonyms {
        role: Role::Gone,
        exact: &[
            "gone",
            "churned",
            "closed",
            "inactive",
            "archived",
            "ушел",
            "архив",
            "неактивен",
            "отток",
            "закрыт",
        ],
        contains: &["ушел", "отток", "churn"],
    },
];

fn synonyms(kind: TableKind) -> &'static [Synonyms] {
    match kind {
        TableKind::Transactions => TRANSACTION_SYNONYMS,
        TableKind::Clients => CLIENT_SYNONYMS,
    }
}

/// The role a header name suggests, with a confidence.
pub fn role_from_header(name: &str, kind: TableKind) -> Option<(Role, f32)> {
    let n = normalize_header(name);
    if n.is_empty() {
        return None;
    }
    for s in synonyms(kind) {
        if s.exact.contains(&n.as_str()) {
            return Some((s.role, 0.95));
        }
    }
    for s in synonyms(kind) {
        if s.contains.iter().any(|k| n.contains(k)) {
            return Some((s.role, 0.7));
        }
    }
    None
}

struct Collect {
    records: Vec<(u64, Vec<String>)>,
    quoted: bool,
    limit: usize,
}

impl RecordSink for Collect {
    fn record(&mut self, r: &Record<'_>) -> Result<(), Error> {
        if self.records.len() >= self.limit {
            // Enough: stop the reader (the caller ignores this error).
            return Err(Error::new(ErrorKind::EmptyInput, "sample full"));
        }
        let fields = (0..r.len())
            .map(|i| String::from_utf8_lossy(r.field(i).unwrap_or_default()).into_owned())
            .collect();
        self.records.push((r.line, fields));
        self.quoted |= r.quoted;
        Ok(())
    }
}

fn read_records(
    text: &[u8],
    delimiter: u8,
    ending: LineEnding,
    complete: bool,
    limit: usize,
) -> Collect {
    let mut reader = RecordReader::new(delimiter, ending);
    let mut c = Collect {
        records: Vec::new(),
        quoted: false,
        limit,
    };
    // The sample is a prefix: its last line may be cut, so only complete lines are read.
    if reader.feed(text, &mut c).is_ok() && complete {
        let _ = reader.finish(&mut c);
    }
    c
}

/// Field-count consistency of `records`: (modal count, share of records with it).
fn consistency(records: &[(u64, Vec<String>)]) -> (usize, f32) {
    if records.is_empty() {
        return (0, 0.0);
    }
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for (_, f) in records {
        let n = f.len();
        match counts.iter_mut().find(|(k, _)| *k == n) {
            Some(c) => c.1 += 1,
            None => counts.push((n, 1)),
        }
    }
    let (mode, freq) = counts
        .iter()
        .copied()
        .max_by_key(|&(n, c)| (c, n))
        .unwrap_or((0, 0));
    (mode, freq as f32 / records.len() as f32)
}

fn is_blank(s: &str) -> bool {
    s.trim_matches(|c: char| c.is_whitespace()).is_empty()
}

fn looks_like_date(s: &str) -> Option<DateFormat> {
    [
        DateFormat::Ymd,
        DateFormat::Dmy,
        DateFormat::Mdy,
        DateFormat::Compact,
    ]
    .into_iter()
    .find(|f| dates::parse_date(s.as_bytes(), *f).is_ok())
}

fn looks_like_number(s: &str) -> bool {
    numbers::parse_money(s.as_bytes(), Decimal::Point).is_ok()
        || numbers::parse_money(s.as_bytes(), Decimal::Comma).is_ok()
}

fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    match s.find('@') {
        Some(at) => at > 0 && s[at + 1..].contains('.') && !s.contains(' '),
        None => false,
    }
}

fn looks_like_phone(s: &str) -> bool {
    let s = s.trim();
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let punct = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '(' | ')' | ' ' | '.'));
    punct
        && (10..=15).contains(&digits)
        && (s.starts_with('+') || s.contains('(') || s.contains('-') || s.contains(' '))
}

fn column_type(values: &[&str]) -> (ColumnType, Option<DateFormat>) {
    let vals: Vec<&str> = values.iter().copied().filter(|v| !is_blank(v)).collect();
    if vals.is_empty() {
        return (ColumnType::Empty, None);
    }
    let n = vals.len();
    let enough = |k: usize| k * 10 >= n * 9;
    let dates = vals.iter().filter_map(|v| looks_like_date(v)).count();
    if enough(dates) {
        let f = best_date_format(&vals, false).0;
        // Eight-digit integers are dates only when they all parse as such.
        return (ColumnType::Date, f);
    }
    if enough(vals.iter().filter(|v| looks_like_email(v)).count()) {
        return (ColumnType::Email, None);
    }
    if enough(vals.iter().filter(|v| looks_like_phone(v)).count()) {
        return (ColumnType::Phone, None);
    }
    let numbers = vals.iter().filter(|v| looks_like_number(v)).count();
    if enough(numbers) {
        let integers = vals
            .iter()
            .filter(|v| {
                let t = v.trim();
                !t.is_empty()
                    && t.trim_start_matches('-')
                        .chars()
                        .all(|c| c.is_ascii_digit())
            })
            .count();
        if integers == n {
            return (ColumnType::Integer, None);
        }
        return (ColumnType::Decimal, None);
    }
    (ColumnType::Text, None)
}

/// Chooses the date format that reads the most values; returns it and whether the day/month
/// order is undecided.
fn best_date_format(vals: &[&str], allow_numeric: bool) -> (Option<DateFormat>, bool) {
    let mut formats = vec![
        DateFormat::Ymd,
        DateFormat::Dmy,
        DateFormat::Mdy,
        DateFormat::Compact,
    ];
    if allow_numeric {
        formats.extend([
            DateFormat::ExcelSerial,
            DateFormat::UnixSeconds,
            DateFormat::UnixMillis,
        ]);
    }
    let mut best: Option<(DateFormat, usize)> = None;
    for f in formats {
        let ok = vals
            .iter()
            .filter(|v| {
                let b = v.as_bytes();
                match f {
                    // Numeric formats only for plausible magnitudes.
                    DateFormat::ExcelSerial => {
                        dates::parse_date(b, f).is_ok_and(|d| (7305..=29_220).contains(&d))
                    }
                    DateFormat::UnixSeconds => {
                        let t = v.trim();
                        t.len() == 10 && dates::parse_date(b, f).is_ok()
                    }
                    DateFormat::UnixMillis => {
                        let t = v.trim();
                        t.len() == 13 && dates::parse_date(b, f).is_ok()
                    }
                    _ => dates::parse_date(b, f).is_ok(),
                }
            })
            .count();
        if ok > 0 && best.is_none_or(|(_, b)| ok > b) {
            best = Some((f, ok));
        }
    }
    let Some((mut f, _)) = best else {
        return (None, false);
    };
    let mut ambiguous = false;
    if matches!(f, DateFormat::Dmy | DateFormat::Mdy) {
        let (mut day_first, mut month_first) = (false, false);
        let mut dot = false;
        for v in vals {
            if let Some((a, b)) = dates::day_month_evidence(v.as_bytes()) {
                day_first |= a;
                month_first |= b;
            }
            dot |= v.contains('.');
        }
        f = match (day_first, month_first) {
            (true, false) => DateFormat::Dmy,
            (false, true) => DateFormat::Mdy,
            _ => {
                // Undecided (or mixed): dots are always day-first; slashes are ambiguous.
                ambiguous = !dot;
                DateFormat::Dmy
            }
        };
    }
    (Some(f), ambiguous)
}

/// Decides the decimal separator from amount-like values.
fn decide_decimal(vals: &[&str], delimiter: u8) -> (Decimal, Option<String>, bool) {
    let (mut point, mut comma, mut three) = (0, 0, false);
    let mut thousands = None;
    for v in vals {
        let s = numbers::shape(v.as_bytes());
        if s.point_decimal {
            point += 1;
        }
        if s.comma_decimal {
            comma += 1;
        }
        match s.last_separator {
            Some(b',') => comma += 1,
            Some(b'.') => point += 1,
            _ => {}
        }
        three |= s.three_after;
        if thousands.is_none() {
            let t = v.trim();
            if t.contains('\u{a0}') {
                thousands = Some("\u{a0}".to_string());
            } else if t.contains('\u{202f}') {
                thousands = Some("\u{202f}".to_string());
            } else if t.contains('\'') {
                thousands = Some("'".to_string());
            } else if t.trim_matches(|c: char| !c.is_ascii_digit()).contains(' ') {
                thousands = Some(" ".to_string());
            }
        }
    }
    // Undecided: Excel writes decimal commas where it separates fields by `;`.
    let decimal = if comma > point || (comma == point && delimiter == b';') {
        Decimal::Comma
    } else {
        Decimal::Point
    };
    if thousands.is_none() && three {
        thousands = Some(if decimal == Decimal::Point { "," } else { "." }.to_string());
    }
    let ambiguous = comma == 0 && point == 0 && three;
    (decimal, thousands, ambiguous)
}

fn header_like(fields: &[String], kind: TableKind) -> (bool, f32) {
    let nonblank: Vec<&String> = fields.iter().filter(|f| !is_blank(f)).collect();
    if nonblank.is_empty() {
        return (false, 0.0);
    }
    let synonyms = fields
        .iter()
        .filter(|f| role_from_header(f, kind).is_some())
        .count();
    let data_like = nonblank
        .iter()
        .filter(|f| looks_like_number(f) || looks_like_date(f).is_some() || looks_like_email(f))
        .count();
    if synonyms > 0 && data_like == 0 {
        return (true, 0.95);
    }
    if data_like == 0 && nonblank.len() == fields.len() {
        return (true, 0.6);
    }
    (false, if data_like > 0 { 0.9 } else { 0.5 })
}

/// Sniffs the first bytes of a transactions file. `complete` says `sample` is the whole input.
pub fn sniff(sample: &[u8], complete: bool, opts: &ReadOptions) -> Result<Sniff, Error> {
    sniff_table(sample, complete, opts, TableKind::Transactions)
}

/// Sniffs a table of the given kind.
pub fn sniff_table(
    sample: &[u8],
    complete: bool,
    opts: &ReadOptions,
    kind: TableKind,
) -> Result<Sniff, Error> {
    let resolved = opts.resolve()?;
    let mut warnings = Vec::new();
    // Encoding.
    let charset = match &opts.encoding {
        Some(label) => {
            let enc = charset::for_label(label)
                .ok_or_else(|| Error::option(format!("unknown encoding \"{label}\"")))?;
            let bom = encoding_rs::Encoding::for_bom(sample)
                .filter(|(e, _)| *e == enc)
                .map_or(0, |(_, n)| n);
            Charset {
                encoding: enc,
                bom_len: bom,
                confidence: 1.0,
            }
        }
        None => charset::detect(sample, complete),
    };
    let text: Vec<u8> = if charset.is_utf8() {
        sample[charset.bom_len..].to_vec()
    } else {
        let mut t = Transcoder::new(charset);
        t.convert(sample, complete).to_vec()
    };
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::new(ErrorKind::EmptyInput, "the file is empty"));
    }
    if !charset.is_utf8() && charset.confidence < 0.5 {
        warnings.push(format!(
            "the encoding is a guess ({}); set the `encoding` option if letters look wrong",
            charset.name()
        ));
    }
    let ending = LineEnding::detect(&text[..text.len().min(65_536)]);

    // Delimiter: the candidate giving the most consistent field count above one.
    let (delimiter, delimiter_confidence, collected) = match resolved.delimiter {
        Some(d) => (
            d,
            1.0,
            read_records(&text, d, ending, complete, SNIFF_RECORDS),
        ),
        None => {
            let mut best: Option<(u8, f32, usize, Collect)> = None;
            for d in [b';', b',', b'\t', b'|'] {
                let c = read_records(&text, d, ending, complete, 200);
                let (mode, share) = consistency(&c.records);
                if mode < 2 {
                    continue;
                }
                // Consistency first, then more columns.
                let better = match &best {
                    None => true,
                    Some((_, s, m, _)) => {
                        share > s + 0.05 || ((share - s).abs() <= 0.05 && mode > *m)
                    }
                };
                if better {
                    best = Some((d, share, mode, c));
                }
            }
            match best {
                Some((d, share, _, _)) => (
                    d,
                    share,
                    read_records(&text, d, ending, complete, SNIFF_RECORDS),
                ),
                None => {
                    // One column: read it as such; the mapping step will say what is missing.
                    (
                        b',',
                        0.3,
                        read_records(&text, b',', ending, complete, SNIFF_RECORDS),
                    )
                }
            }
        }
    };
    let records = collected.records;
    if records.is_empty() {
        return Err(Error::new(
            ErrorKind::EmptyInput,
            "the file has no complete line of data",
        ));
    }
    let (width, _) = consistency(&records);

    // Header: the first record of the common width, if it looks like one; lines above it
    // are titles.
    let first_full = records
        .iter()
        .position(|(_, f)| f.len() == width)
        .unwrap_or(0);
    let (header_idx, header_confidence) = match &opts.header_row {
        Some(HeaderRow::Present(false)) => (None, 1.0),
        Some(HeaderRow::Line(line)) => {
            let idx = records.iter().position(|(l, _)| l == line).ok_or_else(|| {
                Error::option(format!(
                    "option `headerRow`: line {line} is not a row of the file's first {} rows",
                    records.len()
                ))
            })?;
            (Some(idx), 1.0)
        }
        _ => {
            let (is_header, conf) = header_like(&records[first_full].1, kind);
            if is_header {
                (Some(first_full), conf)
            } else {
                (None, conf)
            }
        }
    };
    let data_start = header_idx.map_or(first_full, |h| h + 1);
    let header_line = header_idx.map(|h| records[h].0);
    let data_line = records
        .get(data_start)
        .map(|r| r.0)
        .unwrap_or_else(|| header_line.map_or(1, |l| l + 1));
    let ncols = header_idx.map_or(width, |h| records[h].1.len().max(width));
    let names: Vec<String> = (0..ncols)
        .map(|i| {
            header_idx
                .and_then(|h| records[h].1.get(i))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("column {}", i + 1))
        })
        .collect();
    let data: Vec<&Vec<String>> = records[data_start.min(records.len())..]
        .iter()
        .map(|(_, f)| f)
        .collect();
    let values = |i: usize| -> Vec<&str> {
        data.iter()
            .filter_map(|f| f.get(i).map(String::as_str))
            .collect()
    };

    // Column types and header roles.
    let mut columns: Vec<SniffedColumn> = (0..ncols)
        .map(|i| {
            let vals = values(i);
            let (ty, df) = column_type(&vals);
            let examples = vals
                .iter()
                .filter(|v| !is_blank(v))
                .take(3)
                .map(|s| s.to_string())
                .collect();
            let (role, conf) = if header_idx.is_some() {
                role_from_header(&names[i], kind).unwrap_or((Role::Attribute, 0.0))
            } else {
                (Role::Attribute, 0.0)
            };
            SniffedColumn {
                index: i,
                name: names[i].clone(),
                role,
                role_confidence: conf,
                column_type: ty,
                date_format: df,
                decimal_separator: None,
                examples,
            }
        })
        .collect();

    // A header role must fit the content: at least half of a "date" column's values must
    // be dates, of an amount column's numbers (bad rows are the audit's business).
    for c in columns.iter_mut() {
        let vals: Vec<&str> = values(c.index)
            .into_iter()
            .filter(|v| !is_blank(v))
            .collect();
        // An exact header name needs one fitting value, a partial match half of them.
        let need = if c.role_confidence >= 0.9 {
            1
        } else {
            vals.len().div_ceil(2)
        };
        let half = |ok: usize| vals.is_empty() || ok >= need;
        let fits = match c.role {
            Role::Date | Role::LastContact => match best_date_format(&vals, true).0 {
                Some(f) => half(
                    vals.iter()
                        .filter(|v| dates::parse_date(v.as_bytes(), f).is_ok())
                        .count(),
                ),
                None => vals.is_empty(),
            },
            Role::Amount | Role::Quantity | Role::Price => {
                half(vals.iter().filter(|v| looks_like_number(v)).count())
            }
            _ => true,
        };
        if !fits {
            c.role = Role::Attribute;
            c.role_confidence = 0.0;
        }
    }
    // One column per role: keep the most confident (first on ties).
    for i in 0..columns.len() {
        if columns[i].role == Role::Attribute {
            continue;
        }
        for j in 0..columns.len() {
            if i != j
                && columns[j].role == columns[i].role
                && (columns[j].role_confidence > columns[i].role_confidence
                    || (columns[j].role_confidence == columns[i].role_confidence && j < i))
            {
                columns[i].role = Role::Attribute;
                columns[i].role_confidence = 0.0;
                break;
            }
        }
    }

    // Explicit mapping from the options wins.
    if kind == TableKind::Transactions {
        let m = &opts.columns;
        for (role, r) in [
            (Role::Client, &m.client),
            (Role::Date, &m.date),
            (Role::Amount, &m.amount),
            (Role::OrderId, &m.order_id),
            (Role::Quantity, &m.quantity),
            (Role::Price, &m.price),
            (Role::Email, &m.email),
            (Role::Phone, &m.phone),
        ] {
            if let Some(r) = r {
                let idx = find_column(&columns, r, role)?;
                for c in columns.iter_mut() {
                    if c.role == role {
                        c.role = Role::Attribute;
                        c.role_confidence = 0.0;
                    }
                }
                columns[idx].role = role;
                columns[idx].role_confidence = 1.0;
            }
        }
    }

    // Content fallbacks for roles the header did not name.
    if kind == TableKind::Transactions {
        content_fallbacks(&mut columns, &values);
    } else if !columns.iter().any(|c| c.role == Role::Client) {
        if let Some(c) = columns.first_mut() {
            c.role = Role::Client;
            c.role_confidence = 0.4;
        }
    }

    // Formats of the chosen columns.
    let mut date_format = None;
    let mut date_ambiguous = false;
    let date_role = if kind == TableKind::Transactions {
        Role::Date
    } else {
        Role::LastContact
    };
    if let Some(c) = columns.iter_mut().find(|c| c.role == date_role) {
        let vals = values(c.index);
        let vals: Vec<&str> = vals.into_iter().filter(|v| !is_blank(v)).collect();
        let (f, amb) = best_date_format(&vals, true);
        c.date_format = f;
        date_format = f;
        date_ambiguous = amb;
    }
    if let Some(f) = opts.date_format {
        date_format = Some(f);
        date_ambiguous = false;
        if let Some(c) = columns.iter_mut().find(|c| c.role == date_role) {
            c.date_format = Some(f);
        }
    }
    if date_ambiguous {
        warnings.push(
            "dates like 01/02/2024 could be day-first or month-first; day-first is assumed until a value decides it (set `dateFormat` to be sure)".into(),
        );
    }
    let mut amount_vals: Vec<&str> = Vec::new();
    for c in &columns {
        if matches!(c.role, Role::Amount | Role::Price | Role::Quantity) {
            amount_vals.extend(values(c.index));
        }
    }
    let (mut decimal, thousands, mut decimal_ambiguous) = decide_decimal(&amount_vals, delimiter);
    if let Some(d) = opts.decimal_separator {
        decimal = d;
        decimal_ambiguous = false;
    }
    for c in columns.iter_mut() {
        if matches!(c.column_type, ColumnType::Integer | ColumnType::Decimal) {
            c.decimal_separator = Some(decimal);
        }
    }
    if decimal_ambiguous {
        warnings.push(format!(
            "amounts like 1{}234 could mean thousands or decimals; \"{}\" is taken as the decimal separator (set `decimalSeparator` to be sure)",
            if decimal == Decimal::Comma { "," } else { "." },
            if decimal == Decimal::Comma { "," } else { "." },
        ));
    }
    if header_idx.is_none() && !matches!(opts.header_row, Some(HeaderRow::Present(false))) {
        warnings.push(
            "no header row found; columns are named by position and roles guessed from content"
                .into(),
        );
    }
    if first_full > 0 && header_idx == Some(first_full) {
        warnings.push(format!(
            "{} line(s) above the header are skipped",
            records[first_full].0 - 1
        ));
    }

    let preview = records[data_start.min(records.len())..]
        .iter()
        .take(PREVIEW_ROWS)
        .map(|(_, f)| f.clone())
        .collect();
    let raw_preview = String::from_utf8_lossy(&text[..text.len().min(16_384)])
        .lines()
        .take(PREVIEW_ROWS + 2)
        .map(|l| l.chars().take(500).collect())
        .collect();
    Ok(Sniff {
        encoding: charset.name(),
        encoding_confidence: charset.confidence,
        delimiter: (delimiter as char).to_string(),
        delimiter_confidence,
        quoted: collected.quoted,
        line_ending: ending,
        header_line,
        data_line,
        header_confidence,
        columns,
        date_format,
        date_format_ambiguous: date_ambiguous,
        decimal_separator: decimal,
        thousands_separator: thousands,
        decimal_ambiguous,
        preview,
        raw_preview,
        sample_records: records.len(),
        complete,
        warnings,
        charset: Some(charset),
        delimiter_byte: delimiter,
    })
}

/// Finds a column by name or position for an explicit mapping.
pub fn find_column(columns: &[SniffedColumn], r: &ColumnRef, role: Role) -> Result<usize, Error> {
    match r {
        ColumnRef::Index(i) => {
            if *i < columns.len() {
                Ok(*i)
            } else {
                Err(Error::new(
                    ErrorKind::MissingColumn,
                    format!(
                        "option `columns.{}`: column {i} does not exist (the file has {} columns, numbered from 0)",
                        role.as_str(),
                        columns.len()
                    ),
                ))
            }
        }
        ColumnRef::Name(name) => {
            let want = name.trim().to_lowercase();
            columns
                .iter()
                .position(|c| c.name.trim().to_lowercase() == want)
                .or_else(|| {
                    let n = normalize_header(name);
                    columns.iter().position(|c| normalize_header(&c.name) == n)
                })
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::MissingColumn,
                        format!(
                            "option `columns.{}`: no column named \"{name}\" (columns: {})",
                            role.as_str(),
                            columns
                                .iter()
                                .map(|c| format!("\"{}\"", c.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })
        }
    }
}

fn content_fallbacks<'a>(columns: &mut [SniffedColumn], values: &dyn Fn(usize) -> Vec<&'a str>) {
    let has = |cols: &[SniffedColumn], r: Role| cols.iter().any(|c| c.role == r);
    let free = |c: &SniffedColumn| c.role == Role::Attribute;
    if !has(columns, Role::Date) {
        if let Some(c) = columns
            .iter_mut()
            .find(|c| free(c) && c.column_type == ColumnType::Date)
        {
            c.role = Role::Date;
            c.role_confidence = 0.6;
        }
    }
    if !has(columns, Role::Email) {
        if let Some(c) = columns
            .iter_mut()
            .find(|c| free(c) && c.column_type == ColumnType::Email)
        {
            c.role = Role::Email;
            c.role_confidence = 0.8;
        }
    }
    if !has(columns, Role::Phone) {
        if let Some(c) = columns
            .iter_mut()
            .find(|c| free(c) && c.column_type == ColumnType::Phone)
        {
            c.role = Role::Phone;
            c.role_confidence = 0.7;
        }
    }
    let has_product = has(columns, Role::Quantity) && has(columns, Role::Price);
    if !has(columns, Role::Amount) && !has_product {
        // Prefer a column with decimals, then the last numeric column.
        let pick = columns
            .iter()
            .rposition(|c| free(c) && c.column_type == ColumnType::Decimal)
            .or_else(|| {
                if has(columns, Role::Price) {
                    None
                } else {
                    columns
                        .iter()
                        .rposition(|c| free(c) && c.column_type == ColumnType::Integer)
                }
            });
        if let Some(i) = pick {
            columns[i].role = Role::Amount;
            columns[i].role_confidence = 0.5;
        } else if let Some(c) = columns.iter_mut().find(|c| c.role == Role::Price) {
            // A price without a quantity is the line amount.
            c.role = Role::Amount;
            c.role_confidence = 0.5;
        }
    }
    if !has(columns, Role::Client) {
        // A text column with repeated values, else the e-mail or phone, else the first
        // integer column with repeats.
        let repeats = |i: usize| {
            let v = values(i);
            let mut u: Vec<&str> = v.clone();
            u.sort_unstable();
            u.dedup();
            u.len() < v.len()
        };
        let pick = columns
            .iter()
            .position(|c| free(c) && c.column_type == ColumnType::Text && repeats(c.index))
            .or_else(|| columns.iter().position(|c| c.role == Role::Email))
            .or_else(|| columns.iter().position(|c| c.role == Role::Phone))
            .or_else(|| {
                columns.iter().position(|c| {
                    free(c) && c.column_type == ColumnType::Integer && repeats(c.index)
                })
            })
            .or_else(|| {
                columns
                    .iter()
                    .position(|c| free(c) && c.column_type == ColumnType::Text)
            });
        if let Some(i) = pick {
            if matches!(columns[i].role, Role::Email | Role::Phone) {
                // The contact doubles as the id: add no new role, the plan uses it.
                columns[i].role_confidence = columns[i].role_confidence.min(0.6);
            } else {
                columns[i].role = Role::Client;
                columns[i].role_confidence = 0.4;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sn(text: &str) -> Sniff {
        sniff(text.as_bytes(), true, &ReadOptions::default()).unwrap()
    }

    fn role_names(s: &Sniff) -> Vec<(String, Role)> {
        s.columns.iter().map(|c| (c.name.clone(), c.role)).collect()
    }

    #[test]
    fn english_comma_file() {
        let s = sn("customer_id,order_id,order_date,amount\n00001,1,1997-01-01,11.77\n00002,2,1997-01-12,12.00\n");
        assert_eq!(s.delimiter, ",");
        assert_eq!(s.header_line, Some(1));
        assert_eq!(s.data_line, 2);
        assert_eq!(
            role_names(&s),
            vec![
                ("customer_id".into(), Role::Client),
                ("order_id".into(), Role::OrderId),
                ("order_date".into(), Role::Date),
                ("amount".into(), Role::Amount)
            ]
        );
        assert_eq!(s.date_format, Some(DateFormat::Ymd));
        assert_eq!(s.decimal_separator, Decimal::Point);
        assert_eq!(s.preview[0], vec!["00001", "1", "1997-01-01", "11.77"]);
    }

    #[test]
    fn russian_excel_file_with_title_line() {
        let s = sn("Отчёт о продажах за 2024 год\nКлиент;Дата;Сумма;Номер заказа\nИванов Иван;05.03.2024;1 234,56;А-1\nПетров;06.03.2024;99,90;А-2\n");
        assert_eq!(s.delimiter, ";");
        assert_eq!(s.header_line, Some(2));
        assert_eq!(s.data_line, 3);
        assert_eq!(s.column(Role::Client).unwrap().name, "Клиент");
        assert_eq!(s.column(Role::Date).unwrap().name, "Дата");
        assert_eq!(s.column(Role::Amount).unwrap().name, "Сумма");
        assert_eq!(s.column(Role::OrderId).unwrap().name, "Номер заказа");
        assert_eq!(s.date_format, Some(DateFormat::Dmy));
        assert_eq!(s.decimal_separator, Decimal::Comma);
        assert_eq!(s.thousands_separator.as_deref(), Some(" "));
    }

    #[test]
    fn no_header_content_roles() {
        let s = sn("anna,2024-01-05,10.50\nboris,2024-01-06,20.00\nanna,2024-02-01,5.25\n");
        assert_eq!(s.header_line, None);
        assert_eq!(s.column(Role::Client).unwrap().index, 0);
        assert_eq!(s.column(Role::Date).unwrap().index, 1);
        assert_eq!(s.column(Role::Amount).unwrap().index, 2);
    }

    #[test]
    fn month_first_decided_by_a_value() {
        let s = sn("client,date,amount\na,04/25/2024,1\nb,04/05/2024,2\n");
        assert_eq!(s.date_format, Some(DateFormat::Mdy));
        assert!(!s.date_format_ambiguous);
        let s = sn("client,date,amount\na,04/05/2024,1\nb,03/05/2024,2\n");
        assert_eq!(s.date_format, Some(DateFormat::Dmy));
        assert!(s.date_format_ambiguous);
    }

    #[test]
    fn explicit_mapping_wins() {
        let opts: ReadOptions =
            serde_json::from_str(r#"{"columns":{"client":"email","amount":2}}"#).unwrap();
        let s = sniff(
            b"name,email,total,date\nAnn,a@x.ru,10,2024-01-01\n",
            true,
            &opts,
        )
        .unwrap();
        assert_eq!(s.column(Role::Client).unwrap().name, "email");
        assert_eq!(s.column(Role::Amount).unwrap().index, 2);
        let bad: ReadOptions = serde_json::from_str(r#"{"columns":{"client":"nope"}}"#).unwrap();
        let e = sniff(b"a,b\n1,2\n", true, &bad).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingColumn);
        assert!(e.to_string().contains("no column named \"nope\""), "{e}");
    }

    #[test]
    fn tab_and_pipe() {
        assert_eq!(
            sn("client\tdate\tamount\na\t2024-01-01\t1\n").delimiter,
            "\t"
        );
        assert_eq!(sn("client|date|amount\na|2024-01-01|1\n").delimiter, "|");
    }

    #[test]
    fn empty_input() {
        assert_eq!(
            sniff(b"", true, &ReadOptions::default())
                .unwrap_err()
                .kind(),
            ErrorKind::EmptyInput
        );
        assert_eq!(
            sniff(b" \n\n", true, &ReadOptions::default())
                .unwrap_err()
                .kind(),
            ErrorKind::EmptyInput
        );
    }
}
