//! Sniffing: what a file is, before any analysis.
//!
//! From the first bytes of the input, [`sniff`] detects the encoding, the delimiter, the
//! quoting, the line ending, the header row (skipping title lines above it), each column's
//! role and type, the date format and the decimal separator, and shows the first rows as
//! parsed. Every guess carries a confidence and can be overridden by an option; `analyze`
//! reads the file with exactly what `sniff` returns.
//!
//! The steps, in order, are in [`table`]; a file that is not text is told by [`binary`]
//! before anything else, header names are matched in [`headers`], values judged in
//! [`values`].

mod binary;
mod headers;
mod table;
mod values;

pub(crate) use headers::normalize_header;
pub(crate) use table::{column_name, find_column};
pub(crate) use values::decide_decimal;

use super::charset::Charset;
use super::options::{HeaderRow, ReadOptions};
use super::records::LineEnding;
use crate::error::Error;
use crate::locale::{Bilingual, DateFormat, Decimal, Lang};
use serde::Serialize;

/// Notes for the user gathered while sniffing, in both languages.
#[derive(Default)]
pub(super) struct Notes(Vec<Bilingual>);

impl Notes {
    /// Keeps a note.
    pub(super) fn push(&mut self, en: impl Into<String>, ru: impl Into<String>) {
        self.0.push(Bilingual::new(en, ru));
    }
}

/// Bytes of input the sniffer looks at.
pub(crate) const SNIFF_BYTES: usize = 256 * 1024;
/// Records the sniffer reads at most.
pub(crate) const SNIFF_RECORDS: usize = 500;
/// Rows shown in the preview.
const PREVIEW_ROWS: usize = 10;

/// What a column holds, for the analysis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// Client id (or name, when there is no id).
    Client,
    /// The client's name, shown instead of the id.
    Name,
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
    /// The product category, the product or the service of an order line.
    Category,
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
    /// The event type: a view, a cart, a click, an opened e-mail (events table).
    Event,
    /// The product or item of an event (events table).
    Item,
    /// The campaign or mailing of an event (events table).
    Campaign,
    /// Any other column; kept as an attribute.
    Attribute,
}

impl Role {
    /// The stable camelCase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Name => "name",
            Role::Email => "email",
            Role::Phone => "phone",
            Role::OrderId => "orderId",
            Role::Date => "date",
            Role::Amount => "amount",
            Role::Quantity => "quantity",
            Role::Price => "price",
            Role::Category => "category",
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
            Role::Event => "event",
            Role::Item => "item",
            Role::Campaign => "campaign",
            Role::Attribute => "attribute",
        }
    }

    /// What the column holds, in Russian, as in «столбец клиента», «столбец даты».
    pub(crate) fn genitive_ru(self) -> &'static str {
        match self {
            Role::Client => "клиента",
            Role::Name => "имени клиента",
            Role::Email => "e-mail",
            Role::Phone => "телефона",
            Role::OrderId => "номера заказа",
            Role::Date => "даты",
            Role::Amount => "суммы",
            Role::Quantity => "количества",
            Role::Price => "цены",
            Role::Category => "категории товара",
            Role::Region => "региона",
            Role::ClientType => "типа клиента",
            Role::CompanySize => "размера компании",
            Role::RevenueBand => "диапазона выручки",
            Role::ContactRole => "должности контакта",
            Role::Source => "источника",
            Role::Status => "статуса",
            Role::Segments => "ручных сегментов",
            Role::Tags => "тегов",
            Role::LastContact => "последнего контакта",
            Role::Gone => "отметки об уходе",
            Role::Event => "типа события",
            Role::Item => "товара",
            Role::Campaign => "кампании",
            Role::Attribute => "свойства клиента",
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
    /// Notes for the user about the guesses, in the analysis language.
    pub warnings: Vec<String>,
    /// Whether the file is a header and nothing else (no row below it has a value).
    #[serde(skip)]
    pub(crate) header_only: bool,
    /// The notes in both languages.
    #[serde(skip)]
    pub(crate) notes: Vec<Bilingual>,
    /// The language of the notes and of the names of columns without a header.
    #[serde(skip)]
    pub(crate) lang: Lang,
    /// What the sample says about the ids (see [`IdHints`]).
    #[serde(skip)]
    pub(crate) hints: IdHints,
    #[serde(skip)]
    pub(crate) charset: Option<Charset>,
    #[serde(skip)]
    pub(crate) delimiter_byte: u8,
}

impl Sniff {
    /// The notes and the names of columns without a header in `lang`, for a report
    /// relabelled in another language.
    pub(crate) fn localize(&mut self, lang: Lang) {
        for c in &mut self.columns {
            if c.name == column_name(c.index, self.lang) {
                c.name = column_name(c.index, lang);
            }
        }
        self.warnings = self.notes.iter().map(|n| n.get(lang).to_string()).collect();
        self.lang = lang;
    }

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

/// What the sample's values say about how to read the ids.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct IdHints {
    /// Order ids are numbers (a few with a `C` prefix at most): `C` + digits is then a
    /// cancellation invoice, as in the online retailers' exports.
    pub(crate) numeric_orders: bool,
    /// Every client id is a whole number written as a float (`17850.0`, as pandas writes an
    /// id column with gaps): read as `17850`.
    pub(crate) float_ids: bool,
}

/// Which roles a table may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TableKind {
    /// Orders / transactions.
    Transactions,
    /// The clients table.
    Clients,
    /// The events table (views, carts, clicks, opens).
    Events,
}

/// Sniffs the first bytes of a transactions file. `complete` says `sample` is the whole input;
/// notes and the names of columns without a header are in `lang`.
pub(crate) fn sniff(
    sample: &[u8],
    complete: bool,
    opts: &ReadOptions,
    lang: Lang,
) -> Result<Sniff, Error> {
    sniff_table(sample, complete, opts, TableKind::Transactions, lang)
}

/// Sniffs a table of the given kind.
pub(crate) fn sniff_table(
    sample: &[u8],
    complete: bool,
    opts: &ReadOptions,
    kind: TableKind,
    lang: Lang,
) -> Result<Sniff, Error> {
    let resolved = opts.resolve()?;
    let mut warnings = Notes::default();
    let (charset, text) = table::decode(sample, complete, opts, &mut warnings)?;
    let ending = LineEnding::detect(&text[..text.len().min(65_536)]);
    let quotes = opts.quotes.unwrap_or_default();
    let (delimiter, delimiter_confidence, collected) =
        table::choose_delimiter(&text, (ending, quotes), complete, resolved.delimiter);
    let read = Read {
        records: &collected.records,
        quoted: collected.quoted,
        complete,
        raw_preview: table::raw_preview(&text),
        charset: Some(charset),
        line_ending: ending,
        delimiter: (delimiter, delimiter_confidence),
    };
    sniff_records(read, opts, kind, lang, warnings)
}

/// The records of a sniffed sample and how they were read.
struct Read<'a> {
    records: &'a [(u64, Vec<String>)],
    quoted: bool,
    complete: bool,
    raw_preview: Vec<String>,
    charset: Option<Charset>,
    line_ending: LineEnding,
    /// The delimiter and the confidence in it.
    delimiter: (u8, f32),
}

/// Sniffs rows given as fields, not bytes (`analyzeRows`): `names` are the columns, `rows`
/// the first rows' fields (a sample of at most [`SNIFF_RECORDS`]), `complete` whether they
/// are all the rows, `kind` the table's. The header is line 0 and the first row line 1, so
/// a row's line is its position among the rows counted from 1.
pub(crate) fn sniff_rows(
    names: &[String],
    rows: impl Iterator<Item = Vec<String>>,
    complete: bool,
    opts: &ReadOptions,
    kind: TableKind,
    lang: Lang,
) -> Result<Sniff, Error> {
    let mut opts = opts.clone();
    opts.header_row = Some(HeaderRow::Line(0));
    let mut records = vec![(0, names.to_vec())];
    records.extend((1..).zip(rows.take(SNIFF_RECORDS)));
    let read = Read {
        records: &records,
        quoted: false,
        complete,
        raw_preview: Vec::new(),
        charset: None,
        line_ending: LineEnding::Lf,
        // No delimiter splits fields; rows are compared on their fields joined by the unit
        // separator, which no export's value holds.
        delimiter: (0x1f, 1.0),
    };
    sniff_records(read, &opts, kind, lang, Notes::default())
}

/// Sniffs a table from the records of its sample.
fn sniff_records(
    read: Read<'_>,
    opts: &ReadOptions,
    kind: TableKind,
    lang: Lang,
    mut warnings: Notes,
) -> Result<Sniff, Error> {
    let complete = read.complete;
    let (delimiter, delimiter_confidence) = read.delimiter;
    let collected = read.records;
    let layout = table::Layout::find(collected, opts, kind, lang)?;
    let sample_values = table::Sample::new(collected, layout.data_start);
    let mut columns = table::guess_columns(&layout, &sample_values, kind);
    table::check_roles(&mut columns, &sample_values);
    table::names(&mut columns, &sample_values);
    table::one_column_per_role(&mut columns, &sample_values);
    if kind == TableKind::Transactions {
        table::apply_mapping(&mut columns, &opts.columns)?;
        table::content_fallbacks(&mut columns, &sample_values);
    } else if kind == TableKind::Events && !columns.iter().any(|c| c.role == Role::Client) {
        // Without a client header: the e-mail, else the first column.
        let i = columns
            .iter()
            .position(|c| c.role == Role::Email)
            .unwrap_or(0);
        if let Some(c) = columns.get_mut(i) {
            c.role = Role::Client;
            c.role_confidence = 0.4;
        }
    } else if !columns.iter().any(|c| c.role == Role::Client) {
        // The name is the key when there is no id; else the first column.
        let i = columns
            .iter()
            .position(|c| c.role == Role::Name)
            .unwrap_or(0);
        if let Some(c) = columns.get_mut(i) {
            c.role = Role::Client;
            c.role_confidence = 0.4;
        }
    }
    let hints = match kind {
        TableKind::Transactions => table::id_hints(&columns, &sample_values),
        TableKind::Clients | TableKind::Events => IdHints::default(),
    };
    let formats = table::Formats::find(
        &mut columns,
        &sample_values,
        opts,
        kind,
        delimiter,
        &mut warnings,
    );
    layout.warn(opts, collected, &mut warnings);
    let header_only = complete && layout.header_only(collected);
    if header_only {
        warnings.push(
            "the file has a header but no rows",
            "в файле есть заголовок, но нет строк",
        );
    }
    Ok(Sniff {
        encoding: read
            .charset
            .map_or_else(|| "UTF-8".to_string(), |c| c.name()),
        encoding_confidence: read.charset.map_or(1.0, |c| c.confidence),
        delimiter: match delimiter {
            0x1f => String::new(),
            d => (d as char).to_string(),
        },
        delimiter_confidence,
        quoted: read.quoted,
        line_ending: read.line_ending,
        header_line: layout.header_line,
        data_line: layout.data_line,
        header_confidence: layout.header_confidence,
        columns,
        date_format: formats.date,
        date_format_ambiguous: formats.date_ambiguous,
        decimal_separator: formats.decimal,
        thousands_separator: formats.thousands,
        decimal_ambiguous: formats.decimal_ambiguous,
        preview: table::preview(collected, layout.data_start),
        raw_preview: read.raw_preview,
        sample_records: collected.len(),
        complete,
        warnings: warnings.0.iter().map(|n| n.get(lang).to_string()).collect(),
        notes: warnings.0,
        lang,
        header_only,
        hints,
        charset: read.charset,
        delimiter_byte: delimiter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn sn(text: &str) -> Sniff {
        sniff(text.as_bytes(), true, &ReadOptions::default(), Lang::En).unwrap()
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
            Lang::En,
        )
        .unwrap();
        assert_eq!(s.column(Role::Client).unwrap().name, "email");
        assert_eq!(s.column(Role::Amount).unwrap().index, 2);
        let bad: ReadOptions = serde_json::from_str(r#"{"columns":{"client":"nope"}}"#).unwrap();
        let e = sniff(b"a,b\n1,2\n", true, &bad, Lang::En).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingColumn);
        assert!(e.to_string().contains("no column named \"nope\""), "{e}");
    }

    #[test]
    fn key_and_name_table() {
        // (case, file, the key's header, the name's, the order id's)
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str, Option<&str>, Option<&str>)] = &[
            ("the contact before its company", "Компания;Основной контакт;Бюджет;Дата создания\nООО А;Иванов;10;05.01.2024\n", "Основной контакт", None, None),
            ("a company alone", "Компания;Бюджет;Дата\nООО А;10;05.01.2024\n", "Компания", None, None),
            ("a tax id names its company", "ИНН;Компания;Сумма;Дата\n7707083893;ООО А;10;05.01.2024\n", "ИНН", Some("Компания"), None),
            ("a tax id and a name per client", "ИНН;Наименование;Сумма;Дата\n7707083893;ООО А;10;05.01.2024\n7736050003;ООО Б;5;06.01.2024\n7707083893;ООО А;1;07.01.2024\n", "ИНН", Some("Наименование"), None),
            ("an item's name is no client's", "ИНН;Наименование;Сумма;Дата\n7707083893;Бумага;10;05.01.2024\n7707083893;Ручка;5;05.01.2024\n", "ИНН", None, None),
            ("an item's name shared by clients", "ИНН;Наименование;Сумма;Дата\n7707083893;Бумага;10;05.01.2024\n7736050003;Бумага;5;06.01.2024\n7700000001;Бумага;5;06.01.2024\n", "ИНН", None, None),
            ("ИНН/КПП", "ИНН/КПП;Контрагент;Сумма;Дата\n7707083893/770701001;ООО А;10;05.01.2024\n", "ИНН/КПП", Some("Контрагент"), None),
            ("a comment on the order is no order id", "Email;Комментарий к заказу;Сумма;Дата\na@x.ru;позвонить;10;05.01.2024\n", "Email", None, None),
            ("a customer note is no client", "email,customer_note,total,date\na@x.com,ring twice,10,2024-01-05\n", "email", None, None),
            ("an e-mail before a name", "Billing Name,Email,Total,Date\nAnn Lee,a@x.com,10,2024-01-05\n,a@x.com,5,2024-01-05\n", "Email", Some("Billing Name"), None),
            ("Shopify's Name is the order's", "Name,Email,Total,Created at\n#1001,a@x.com,10,2024-01-05\n#1002,b@x.com,10,2024-01-06\n", "Email", None, Some("Name")),
        ];
        for (name, text, key, client_name, order) in cases {
            let s = sn(text);
            let got = [Role::Client, Role::Email, Role::Phone]
                .iter()
                .find_map(|&r| s.column(r))
                .map(|c| c.name.as_str());
            assert_eq!(got, Some(*key), "{name}: {:?}", role_names(&s));
            let got = s.column(Role::Name).map(|c| c.name.as_str());
            assert_eq!(got, *client_name, "{name}: {:?}", role_names(&s));
            let got = s.column(Role::OrderId).map(|c| c.name.as_str());
            assert_eq!(got, *order, "{name}: {:?}", role_names(&s));
        }
    }

    #[test]
    fn category_table() {
        // (case, file, the category column, the amount's and the quantity's)
        #[rustfmt::skip]
        let cases: &[(&str, &str, Option<&str>, &str, Option<&str>)] = &[
            ("no category", "client,date,amount
a,2024-01-05,1
", None, "amount", None),
            ("category", "client,date,category,amount
a,2024-01-05,Tea,1
", Some("category"), "amount", None),
            ("product category", "client,date,product_category,amount
a,2024-01-05,Tea,1
", Some("product_category"), "amount", None),
            ("Russian", "Клиент;Дата;Категория;Сумма
А;05.01.2024;Кремы;1
", Some("Категория"), "Сумма", None),
            ("a group of goods", "Клиент;Дата;Группа товаров;Сумма
А;05.01.2024;Кремы;1
", Some("Группа товаров"), "Сумма", None),
            ("a service", "Клиент;Дата;Вид услуги;Сумма
А;05.01.2024;Стрижка;1
", Some("Вид услуги"), "Сумма", None),
            ("an item", "Клиент;Дата;Товар;Сумма
А;05.01.2024;Крем;1
", Some("Товар"), "Сумма", None),
            ("a category beats an item", "Клиент;Дата;Номенклатура;Категория;Сумма
А;05.01.2024;Крем;Кремы;1
", Some("Категория"), "Сумма", None),
            ("an item before a category", "client,date,product,category,amount
a,2024-01-05,Tea 100 g,Tea,1
", Some("category"), "amount", None),
            ("SKU", "client,date,sku,qty,amount
a,2024-01-05,A-17,2,1
", Some("sku"), "amount", Some("qty")),
            ("an item's price and quantity keep their roles", "Клиент;Дата;Товар;Количество товара;Цена товара;Сумма
А;05.01.2024;Крем;2;5;10
", Some("Товар"), "Сумма", Some("Количество товара")),
            ("a product description is free text", "client,date,product description,amount
a,2024-01-05,Tea,1
", None, "amount", None),
        ];
        for (name, text, category, amount, quantity) in cases {
            let s = sn(text);
            let got = s.column(Role::Category).map(|c| c.name.as_str());
            assert_eq!(got, *category, "{name}: {:?}", role_names(&s));
            let got = s.column(Role::Amount).map(|c| c.name.as_str());
            assert_eq!(got, Some(*amount), "{name}: {:?}", role_names(&s));
            let got = s.column(Role::Quantity).map(|c| c.name.as_str());
            assert_eq!(got, *quantity, "{name}: {:?}", role_names(&s));
        }
    }

    #[test]
    fn ties_go_to_the_fuller_column() {
        // Equal header matches: the column with more values in the sample takes the role.
        let s =
            sn("client,paid at,created at,amount\na,,2024-01-05,1\nb,2024-01-06,2024-01-06,2\n");
        assert_eq!(s.column(Role::Date).unwrap().name, "created at");
        let s = sn("client,created at,paid at,amount\na,2024-01-05,2024-01-05,1\n");
        assert_eq!(s.column(Role::Date).unwrap().name, "created at");
        // "Subtotal" is the amount only without a total.
        let s = sn("client,date,subtotal,total\na,2024-01-05,9,10\n");
        assert_eq!(s.column(Role::Amount).unwrap().name, "total");
        let s = sn("client,date,subtotal\na,2024-01-05,9\n");
        assert_eq!(s.column(Role::Amount).unwrap().name, "subtotal");
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
            sniff(b"", true, &ReadOptions::default(), Lang::En)
                .unwrap_err()
                .kind(),
            ErrorKind::EmptyInput
        );
        assert_eq!(
            sniff(b" \n\n", true, &ReadOptions::default(), Lang::En)
                .unwrap_err()
                .kind(),
            ErrorKind::EmptyInput
        );
    }
}
