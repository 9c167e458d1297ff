//! The steps of sniffing a table, in the order [`sniff_table`](super::sniff_table) runs
//! them: decode the sample, choose the delimiter, find the header, guess each column's type
//! and role, check the roles against the content, apply the mapping, fill roles from content,
//! decide the formats.

use super::headers::{header_like, is_free_text, normalize_header, role_from_header};
use super::values::{best_date_format, column_type, decide_decimal, is_blank, looks_like_number};
use super::{
    ColumnType, IdHints, Notes, Role, SniffedColumn, TableKind, PREVIEW_ROWS, SNIFF_RECORDS,
};
use crate::error::{Error, ErrorKind};
use crate::ingest::charset::{self, Charset, Transcoder};
use crate::ingest::dates;
use crate::ingest::options::{ColumnMapping, ColumnRef, HeaderRow, ReadOptions};
use crate::ingest::records::{LineEnding, Record, RecordReader, RecordSink};
use crate::locale::{count_ru, plural_ru, DateFormat, Decimal, Lang, QuoteMode};

/// The name of a column without a header: `column 3`, `столбец 3`.
pub(crate) fn column_name(index: usize, lang: Lang) -> String {
    match lang {
        Lang::En => format!("column {}", index + 1),
        Lang::Ru => format!("столбец {}", index + 1),
    }
}

pub(super) struct Collect {
    pub(super) records: Vec<(u64, Vec<String>)>,
    pub(super) quoted: bool,
    limit: usize,
}

impl RecordSink for Collect {
    fn record(&mut self, r: &Record<'_>) -> Result<(), Error> {
        if self.records.len() >= self.limit {
            // Enough: stop the reader (the caller ignores this error).
            return Err(Error::new(ErrorKind::EmptyInput, "sample full").ru("образец собран"));
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
    (delimiter, ending, quotes): (u8, LineEnding, QuoteMode),
    complete: bool,
    limit: usize,
) -> Collect {
    let mut reader = RecordReader::new(delimiter, ending).with_quotes(quotes);
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

/// The encoding (given or detected) and the sample as UTF-8.
pub(super) fn decode(
    sample: &[u8],
    complete: bool,
    opts: &ReadOptions,
    warnings: &mut Notes,
) -> Result<(Charset, Vec<u8>), Error> {
    if let Some(what) = super::binary::not_text(sample, opts.encoding.as_deref()) {
        return Err(Error::new(
            ErrorKind::NotText,
            format!("the file is not a text file: its first bytes are those of {}; save the table as CSV (text) and open that file", what.en),
        )
        .ru(format!(
            "это не текстовый файл: его первые байты — это байты {}; сохраните таблицу в CSV (текст) и откройте этот файл",
            what.ru
        )));
    }
    let charset = match &opts.encoding {
        Some(label) => {
            let enc = charset::for_label(label).ok_or_else(|| {
                Error::option(format!("unknown encoding \"{label}\""))
                    .ru(format!("неизвестная кодировка «{label}»"))
            })?;
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
        return Err(Error::new(ErrorKind::EmptyInput, "the file is empty").ru("файл пуст"));
    }
    if !charset.is_utf8() && charset.confidence < 0.5 {
        warnings.push(
            format!(
                "the encoding is a guess ({}); set the `encoding` option if letters look wrong",
                charset.name()
            ),
            format!(
                "кодировка определена предположительно ({}); если буквы выглядят неправильно, \
                 выберите кодировку вручную",
                charset.name()
            ),
        );
    }
    Ok((charset, text))
}

/// The delimiter (given, or the candidate giving the most consistent field count above
/// one), its confidence and the sample's records read with it.
pub(super) fn choose_delimiter(
    text: &[u8],
    (ending, quotes): (LineEnding, QuoteMode),
    complete: bool,
    given: Option<u8>,
) -> (u8, f32, Collect) {
    if let Some(d) = given {
        let records = read_records(text, (d, ending, quotes), complete, SNIFF_RECORDS);
        return (d, 1.0, records);
    }
    let mut best: Option<(u8, f32, usize)> = None;
    for d in [b';', b',', b'\t', b'|'] {
        let c = read_records(text, (d, ending, quotes), complete, 200);
        let (mode, share) = consistency(&c.records);
        if mode < 2 {
            continue;
        }
        // Consistency first, then more columns.
        let better = match &best {
            None => true,
            Some((_, s, m)) => share > s + 0.05 || ((share - s).abs() <= 0.05 && mode > *m),
        };
        if better {
            best = Some((d, share, mode));
        }
    }
    // One column: read it as such; the mapping step will say what is missing.
    let (d, share) = best.map_or((b',', 0.3), |(d, s, _)| (d, s));
    let records = read_records(text, (d, ending, quotes), complete, SNIFF_RECORDS);
    (d, share, records)
}

/// Where the header and the data are, and the column names.
pub(super) struct Layout {
    /// The header's record, if any.
    header_idx: Option<usize>,
    /// The first record of the common width.
    first_full: usize,
    /// The first data record.
    pub(super) data_start: usize,
    pub(super) header_line: Option<u64>,
    pub(super) data_line: u64,
    pub(super) header_confidence: f32,
    names: Vec<String>,
}

impl Layout {
    /// The header: the first record of the common width, if it looks like one (lines above
    /// it are titles), or where the options say.
    pub(super) fn find(
        records: &[(u64, Vec<String>)],
        opts: &ReadOptions,
        kind: TableKind,
        lang: Lang,
    ) -> Result<Layout, Error> {
        if records.is_empty() {
            return Err(Error::new(
                ErrorKind::EmptyInput,
                "the file has no complete line of data",
            )
            .ru("в файле нет ни одной полной строки данных"));
        }
        let (width, _) = consistency(records);
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
                    .ru(format!(
                        "строка заголовка {line} — не среди первых {} строк файла",
                        records.len()
                    ))
                })?;
                (Some(idx), 1.0)
            }
            _ => {
                let (is_header, conf) = header_like(&records[first_full].1, kind);
                (is_header.then_some(first_full), conf)
            }
        };
        let data_start = header_idx.map_or(first_full, |h| h + 1);
        let header_line = header_idx.map(|h| records[h].0);
        let data_line = records
            .get(data_start)
            .map(|r| r.0)
            .unwrap_or_else(|| header_line.map_or(1, |l| l + 1));
        let ncols = header_idx.map_or(width, |h| records[h].1.len().max(width));
        let names = (0..ncols)
            .map(|i| {
                header_idx
                    .and_then(|h| records[h].1.get(i))
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| column_name(i, lang))
            })
            .collect();
        Ok(Layout {
            header_idx,
            first_full,
            data_start,
            header_line,
            data_line,
            header_confidence,
            names,
        })
    }

    /// Whether `records`, the whole file's, are a header with no value below it (rows of
    /// empty fields are blank).
    pub(super) fn header_only(&self, records: &[(u64, Vec<String>)]) -> bool {
        self.header_idx.is_some()
            && records.len() < SNIFF_RECORDS
            && records[self.data_start.min(records.len())..]
                .iter()
                .all(|(_, f)| f.iter().all(|v| is_blank(v)))
    }

    /// Warnings about the header.
    pub(super) fn warn(
        &self,
        opts: &ReadOptions,
        records: &[(u64, Vec<String>)],
        warnings: &mut Notes,
    ) {
        if self.header_idx.is_none() && !matches!(opts.header_row, Some(HeaderRow::Present(false)))
        {
            warnings.push(
                "no header row found; columns are named by position and roles guessed from content",
                "строки заголовка нет: столбцы названы по номерам, что в каждом — определено по содержимому",
            );
        }
        if self.first_full > 0 && self.header_idx == Some(self.first_full) {
            let n = records[self.first_full].0 - 1;
            warnings.push(
                format!("{n} line(s) above the header are skipped"),
                format!(
                    "{} над заголовком {}",
                    count_ru(n, ["строка", "строки", "строк"]),
                    plural_ru(n, "пропущена", "пропущены", "пропущено")
                ),
            );
        }
    }
}

/// The data records of the sample, by column.
pub(super) struct Sample<'a> {
    data: Vec<&'a Vec<String>>,
}

impl<'a> Sample<'a> {
    pub(super) fn new(records: &'a [(u64, Vec<String>)], data_start: usize) -> Sample<'a> {
        Sample {
            data: records[data_start.min(records.len())..]
                .iter()
                .map(|(_, f)| f)
                .collect(),
        }
    }

    /// The values of column `i`.
    pub(super) fn values(&self, i: usize) -> Vec<&'a str> {
        self.data
            .iter()
            .filter_map(|f| f.get(i).map(String::as_str))
            .collect()
    }

    /// The values of column `i` that are not blank.
    fn nonblank(&self, i: usize) -> Vec<&'a str> {
        self.values(i)
            .into_iter()
            .filter(|v| !is_blank(v))
            .collect()
    }
}

/// Every column's type from its values and role from its header name.
pub(super) fn guess_columns(
    layout: &Layout,
    sample: &Sample<'_>,
    kind: TableKind,
) -> Vec<SniffedColumn> {
    (0..layout.names.len())
        .map(|i| {
            let vals = sample.values(i);
            let (ty, df) = column_type(&vals);
            let examples = vals
                .iter()
                .filter(|v| !is_blank(v))
                .take(3)
                .map(|s| s.to_string())
                .collect();
            let name = &layout.names[i];
            let (role, conf) = match layout.header_idx {
                Some(_) => role_from_header(name, kind).unwrap_or((Role::Attribute, 0.0)),
                None => (Role::Attribute, 0.0),
            };
            SniffedColumn {
                index: i,
                name: name.clone(),
                role,
                role_confidence: conf,
                column_type: ty,
                date_format: df,
                decimal_separator: None,
                examples,
            }
        })
        .collect()
}

/// A header role must fit the content: a "date" column's values must be dates, an amount
/// column's numbers (an exact header name needs one fitting value, a partial match half of
/// them; bad rows are the audit's business).
pub(super) fn check_roles(columns: &mut [SniffedColumn], sample: &Sample<'_>) {
    for c in columns.iter_mut() {
        let vals = sample.nonblank(c.index);
        let need = if c.role_confidence >= 0.9 {
            1
        } else {
            vals.len().div_ceil(2)
        };
        let enough = |ok: usize| vals.is_empty() || ok >= need;
        let fits = match c.role {
            Role::Date | Role::LastContact => match best_date_format(&vals, true).0 {
                Some(f) => enough(
                    vals.iter()
                        .filter(|v| dates::parse_date(v.as_bytes(), f).is_ok())
                        .count(),
                ),
                None => vals.is_empty(),
            },
            Role::Amount | Role::Quantity | Role::Price => {
                enough(vals.iter().filter(|v| looks_like_number(v)).count())
            }
            _ => true,
        };
        if !fits {
            c.role = Role::Attribute;
            c.role_confidence = 0.0;
        } else if c.role == Role::Name && !vals.is_empty() && vals.iter().all(|v| order_number(v)) {
            // Shopify's "Name" is the order's: `#1001`.
            c.role = Role::OrderId;
            c.role_confidence = 0.6;
        }
    }
}

/// `#` and digits: an order's number as shops write it.
fn order_number(v: &str) -> bool {
    v.trim()
        .strip_prefix('#')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// A name the header only suggests («Наименование», «Название») is below this confidence.
const WEAK_NAME: f32 = 0.8;

/// Two columns the header names as the client: the surer one is the key (an id or a tax
/// number before a name); the other, when it is text beside an id, is the client's name. A
/// name the header only suggests stays the client's name when each client has one (in a
/// line-item export it is the item's).
pub(super) fn names(columns: &mut [SniffedColumn], sample: &Sample<'_>) {
    let clients: Vec<usize> = (0..columns.len())
        .filter(|&i| columns[i].role == Role::Client)
        .collect();
    let key = clients.iter().copied().max_by(|&a, &b| {
        columns[a]
            .role_confidence
            .total_cmp(&columns[b].role_confidence)
            .then(b.cmp(&a))
    });
    if let Some(key) = key {
        let id_like = columns[key].role_confidence >= 0.97
            || matches!(columns[key].column_type, ColumnType::Integer);
        for &i in &clients {
            let has_name = columns
                .iter()
                .any(|c| c.role == Role::Name && c.role_confidence >= WEAK_NAME);
            if i != key && id_like && !has_name && columns[i].column_type == ColumnType::Text {
                columns[i].role = Role::Name;
                columns[i].role_confidence = WEAK_NAME;
            }
        }
    }
    let key = key
        .or_else(|| columns.iter().position(|c| c.role == Role::Email))
        .or_else(|| columns.iter().position(|c| c.role == Role::Phone));
    for c in columns.iter_mut() {
        let weak = c.role == Role::Name && c.role_confidence < WEAK_NAME;
        if weak && key.is_some_and(|k| !one_name_per_client(sample, k, c.index)) {
            c.role = Role::Attribute;
            c.role_confidence = 0.0;
        }
    }
}

/// Whether column `name` holds one value per value of column `key` in the sample, and
/// different clients mostly have different ones (an item's name is shared by its buyers).
fn one_name_per_client(sample: &Sample<'_>, key: usize, name: usize) -> bool {
    let mut pairs: Vec<(&str, &str)> = sample
        .data
        .iter()
        .filter_map(|row| Some((row.get(key)?.trim(), row.get(name)?.trim())))
        .filter(|(k, n)| !k.is_empty() && !n.is_empty())
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    // Sorted by key: a key twice is a client with two names.
    if pairs.windows(2).any(|w| w[0].0 == w[1].0) {
        return false;
    }
    let clients = pairs.len();
    let mut names: Vec<&str> = pairs.into_iter().map(|(_, n)| n).collect();
    names.sort_unstable();
    names.dedup();
    names.len() * 10 >= clients * 8
}

/// What the sample's ids say (see [`IdHints`]).
pub(super) fn id_hints(columns: &[SniffedColumn], sample: &Sample<'_>) -> IdHints {
    let values = |r: Role| {
        columns
            .iter()
            .find(|c| c.role == r)
            .map(|c| sample.nonblank(c.index))
            .unwrap_or_default()
    };
    let digits = |v: &str| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
    let orders = values(Role::OrderId);
    let plain = orders.iter().filter(|v| digits(v.trim())).count();
    let prefixed = orders
        .iter()
        .filter(|v| {
            let v = v.trim();
            v.len() > 1 && matches!(v.as_bytes()[0], b'C' | b'c') && digits(&v[1..])
        })
        .count();
    let ids = values(Role::Client);
    let float = |v: &str| {
        let v = v.trim();
        v.split_once('.')
            .is_some_and(|(a, b)| digits(a) && !b.is_empty() && b.bytes().all(|c| c == b'0'))
    };
    IdHints {
        numeric_orders: orders.len() >= 5
            && plain + prefixed == orders.len()
            && plain * 5 >= orders.len() * 4,
        float_ids: !ids.is_empty() && ids.iter().all(|v| float(v)),
    }
}

/// One column per role: the most confident keeps it; on ties the one with more values in
/// the sample (Shopify's "Created at" on every line before "Paid at" on the paid orders'
/// first lines), then the first.
pub(super) fn one_column_per_role(columns: &mut [SniffedColumn], sample: &Sample<'_>) {
    let filled: Vec<usize> = columns
        .iter()
        .map(|c| sample.nonblank(c.index).len())
        .collect();
    let before = |columns: &[SniffedColumn], j: usize, i: usize| {
        let (a, b) = (&columns[j], &columns[i]);
        a.role == b.role
            && (a.role_confidence > b.role_confidence
                || (a.role_confidence == b.role_confidence
                    && (filled[j] > filled[i] || (filled[j] == filled[i] && j < i))))
    };
    for i in 0..columns.len() {
        if columns[i].role == Role::Attribute {
            continue;
        }
        for j in 0..columns.len() {
            if i != j && before(columns, j, i) {
                columns[i].role = Role::Attribute;
                columns[i].role_confidence = 0.0;
                break;
            }
        }
    }
}

/// The explicit mapping from the options wins.
pub(super) fn apply_mapping(columns: &mut [SniffedColumn], m: &ColumnMapping) -> Result<(), Error> {
    for (role, r) in [
        (Role::Client, &m.client),
        (Role::Date, &m.date),
        (Role::Amount, &m.amount),
        (Role::OrderId, &m.order_id),
        (Role::Quantity, &m.quantity),
        (Role::Price, &m.price),
        (Role::Email, &m.email),
        (Role::Phone, &m.phone),
        (Role::Name, &m.name),
        (Role::Status, &m.status),
        (Role::Category, &m.category),
    ] {
        let Some(r) = r else {
            continue;
        };
        let idx = find_column(columns, r, role)?;
        for c in columns.iter_mut().filter(|c| c.role == role) {
            c.role = Role::Attribute;
            c.role_confidence = 0.0;
        }
        columns[idx].role = role;
        columns[idx].role_confidence = 1.0;
    }
    Ok(())
}

/// The date and number formats of the chosen columns.
pub(super) struct Formats {
    pub(super) date: Option<DateFormat>,
    pub(super) date_ambiguous: bool,
    pub(super) decimal: Decimal,
    pub(super) thousands: Option<String>,
    pub(super) decimal_ambiguous: bool,
}

impl Formats {
    /// The formats that read the most values (or those the options set).
    pub(super) fn find(
        columns: &mut [SniffedColumn],
        sample: &Sample<'_>,
        opts: &ReadOptions,
        kind: TableKind,
        delimiter: u8,
        warnings: &mut Notes,
    ) -> Formats {
        let date_role = match kind {
            TableKind::Transactions | TableKind::Events => Role::Date,
            TableKind::Clients => Role::LastContact,
        };
        let (mut date, mut date_ambiguous) = (None, false);
        if let Some(c) = columns.iter_mut().find(|c| c.role == date_role) {
            let (f, amb) = best_date_format(&sample.nonblank(c.index), true);
            c.date_format = f;
            (date, date_ambiguous) = (f, amb);
        }
        if let Some(f) = opts.date_format {
            (date, date_ambiguous) = (Some(f), false);
            if let Some(c) = columns.iter_mut().find(|c| c.role == date_role) {
                c.date_format = Some(f);
            }
        }
        if date_ambiguous {
            warnings.push(
                "dates like 01/02/2024 could be day-first or month-first; day-first is assumed until a value decides it (set `dateFormat` to be sure)",
                "в датах вида 01/02/2024 первым может быть и день, и месяц: считаем, что день, пока \
                 какая-нибудь дата не решит это (для уверенности выберите формат даты)",
            );
        }
        let amounts: Vec<&str> = columns
            .iter()
            .filter(|c| matches!(c.role, Role::Amount | Role::Price | Role::Quantity))
            .flat_map(|c| sample.values(c.index))
            .collect();
        let (mut decimal, thousands, mut decimal_ambiguous) = decide_decimal(&amounts, delimiter);
        if let Some(d) = opts.decimal_separator {
            (decimal, decimal_ambiguous) = (d, false);
        }
        for c in columns.iter_mut() {
            if matches!(c.column_type, ColumnType::Integer | ColumnType::Decimal) {
                c.decimal_separator = Some(decimal);
            }
        }
        if decimal_ambiguous {
            let d = decimal.as_str();
            warnings.push(
                format!(
                    "amounts like 1{d}234 could mean thousands or decimals; \"{d}\" is taken as the decimal separator (set `decimalSeparator` to be sure)"
                ),
                format!(
                    "суммы вида 1{d}234 могут означать и тысячи, и дробь: «{d}» принят за \
                     десятичный разделитель (для уверенности выберите десятичный разделитель)"
                ),
            );
        }
        Formats {
            date,
            date_ambiguous,
            decimal,
            thousands,
            decimal_ambiguous,
        }
    }
}

/// The first data rows as parsed.
pub(super) fn preview(records: &[(u64, Vec<String>)], data_start: usize) -> Vec<Vec<String>> {
    records[data_start.min(records.len())..]
        .iter()
        .take(PREVIEW_ROWS)
        .map(|(_, f)| f.clone())
        .collect()
}

/// The first lines as text.
pub(super) fn raw_preview(text: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(&text[..text.len().min(16_384)])
        .lines()
        .take(PREVIEW_ROWS + 2)
        .map(|l| l.chars().take(500).collect())
        .collect()
}

/// Finds a column by name or position for an explicit mapping.
pub(crate) fn find_column(
    columns: &[SniffedColumn],
    r: &ColumnRef,
    role: Role,
) -> Result<usize, Error> {
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
                )
                .ru(format!(
                    "столбец {}: столбца с номером {i} нет (в файле {}, нумерация с 0)",
                    role.genitive_ru(),
                    count_ru(columns.len() as u64, ["столбец", "столбца", "столбцов"])
                )))
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
                    let names = |open: &str, close: &str| {
                        columns
                            .iter()
                            .map(|c| format!("{open}{}{close}", c.name))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    Error::new(
                        ErrorKind::MissingColumn,
                        format!(
                            "option `columns.{}`: no column named \"{name}\" (columns: {})",
                            role.as_str(),
                            names("\"", "\"")
                        ),
                    )
                    .ru(format!(
                        "столбец {}: столбца «{name}» нет (столбцы: {})",
                        role.genitive_ru(),
                        names("«", "»")
                    ))
                })
        }
    }
}

/// Roles the header did not name, from the content.
pub(super) fn content_fallbacks(columns: &mut [SniffedColumn], sample: &Sample<'_>) {
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
        client_from_content(columns, sample);
    }
}

/// The client column when no header names one: an e-mail (it tells two people of one name
/// apart, and shops write it on every line of an order), else the client's name, else a
/// phone, else a short text column with repeated values (never free text such as notes),
/// else an integer column with repeats. A name beside the e-mail stays the client's name.
fn client_from_content(columns: &mut [SniffedColumn], sample: &Sample<'_>) {
    let free = |c: &SniffedColumn| c.role == Role::Attribute && !is_free_text(&c.name);
    let repeats = |i: usize| {
        let v = sample.values(i);
        let mut u: Vec<&str> = v.clone();
        u.sort_unstable();
        u.dedup();
        u.len() < v.len()
    };
    // Ids and names are short; notes are sentences.
    let id_like = |i: usize| {
        let v = sample.nonblank(i);
        let n = v.len().max(1);
        let chars: usize = v.iter().map(|s| s.chars().count()).sum();
        let words: usize = v.iter().map(|s| s.split_whitespace().count()).sum();
        chars <= 48 * n && words <= 5 * n
    };
    let text = |c: &SniffedColumn| free(c) && c.column_type == ColumnType::Text && id_like(c.index);
    let pick = columns
        .iter()
        .position(|c| c.role == Role::Email)
        .or_else(|| columns.iter().position(|c| c.role == Role::Name))
        .or_else(|| columns.iter().position(|c| c.role == Role::Phone))
        .or_else(|| columns.iter().position(|c| text(c) && repeats(c.index)))
        .or_else(|| {
            columns
                .iter()
                .position(|c| free(c) && c.column_type == ColumnType::Integer && repeats(c.index))
        })
        .or_else(|| columns.iter().position(text));
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
