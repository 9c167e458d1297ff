//! The clients table: attributes joined to the orders by client id.
//!
//! An optional second CSV with one row per client: region or city, B2B/B2C, company size,
//! revenue band, the contact's role, acquisition source, funnel status, manual segments,
//! tags (a list in one cell, split on `,` `;` `|`), the last contact date, and a "gone"
//! mark. Roles are guessed from header names (English and Russian) like the transactions';
//! every other column is kept as an attribute usable in rules and scoring by its header
//! name.
//!
//! An attribute column (any other column, company size and revenue band) is **numeric**
//! when it has a value and every non-empty cell is a number in the table's decimal format
//! (`1 234,5` or `1,234.5`, read as the orders' amounts are, the separator decided once
//! from all such cells); it is decided once per column when the table is read, so a
//! numeric column holds no cell that is not a number. Any other column is text. An empty
//! cell is no value either way. Clients only in this table are leads; orders of clients missing from it are
//! reported (`unknownClient`), not dropped.

use super::dates;
use super::interner::Interner;
use super::numbers::parse_money;
use super::options::{ClientIdMode, ColumnRef, ReadOptions};
use super::records::{Record, RecordReader, RecordSink};
use super::side;
use super::sniff::{self, Role, Sniff, SniffedColumn, TableKind};
use crate::calendar::Day;
use crate::error::{Error, ErrorKind};
use crate::locale::{DateFormat, Decimal, Lang, QuoteMode};
use crate::money;
use serde::{Deserialize, Serialize};

/// Column roles and reading options for the clients table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClientColumns {
    /// Client id column.
    pub client: Option<ColumnRef>,
    /// Region / city.
    pub region: Option<ColumnRef>,
    /// B2B / B2C.
    #[serde(rename = "type")]
    pub client_type: Option<ColumnRef>,
    /// Company size.
    pub company_size: Option<ColumnRef>,
    /// Revenue band.
    pub revenue_band: Option<ColumnRef>,
    /// Contact role.
    pub contact_role: Option<ColumnRef>,
    /// Acquisition source.
    pub source: Option<ColumnRef>,
    /// Funnel status.
    pub status: Option<ColumnRef>,
    /// Manual segments.
    pub segments: Option<ColumnRef>,
    /// Tags.
    pub tags: Option<ColumnRef>,
    /// Last contact date.
    pub last_contact: Option<ColumnRef>,
    /// Gone mark.
    pub gone: Option<ColumnRef>,
    /// E-mail.
    pub email: Option<ColumnRef>,
    /// Phone.
    pub phone: Option<ColumnRef>,
    /// Encoding label (detected when absent).
    pub encoding: Option<String>,
    /// Delimiter (detected when absent).
    pub delimiter: Option<String>,
}

/// The parsed clients table.
#[derive(Clone, Default)]
pub(crate) struct ClientsTable {
    /// Columns with their roles.
    pub columns: Vec<SniffedColumn>,
    /// Client ids, in table order (first occurrence).
    pub ids: Interner,
    /// Cell values, row-major (`row * columns.len() + column`), trimmed.
    pub cells: Vec<String>,
    /// Tags per client.
    pub tags: Vec<Vec<String>>,
    /// Manual segments per client.
    pub segments: Vec<Vec<String>>,
    /// Last contact per client.
    pub last_contact: Vec<Option<Day>>,
    /// Gone mark per client.
    pub gone: Vec<bool>,
    /// Rows whose id repeats an earlier row (ignored), with their lines.
    pub duplicate_lines: Vec<u64>,
    /// Rows without an id, with their lines.
    pub missing_id_lines: Vec<u64>,
    /// Rows read.
    pub rows: u64,
    /// Per column: its values by client (`NaN` = empty) when the column is numeric.
    pub numbers: Vec<Option<Vec<f64>>>,
}

impl ClientsTable {
    /// Column index with `role`.
    pub(crate) fn role(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|c| c.role == role)
            .map(|c| c.index)
    }

    /// The cell of client `c` in column `col`.
    pub(crate) fn cell(&self, c: u32, col: usize) -> &str {
        self.cells
            .get(c as usize * self.columns.len() + col)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// Number of clients.
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether column `col` is numeric.
    pub(crate) fn is_numeric(&self, col: usize) -> bool {
        matches!(self.numbers.get(col), Some(Some(_)))
    }

    /// The number in the cell of client `c` in column `col`: `None` when the column is
    /// text or the cell empty.
    pub(crate) fn number(&self, c: u32, col: usize) -> Option<f64> {
        let v = *self.numbers.get(col)?.as_ref()?.get(c as usize)?;
        (!v.is_nan()).then_some(v)
    }

    /// Types the attribute columns: numeric where every non-empty cell is a number in the
    /// table's decimal format (decided from those cells), text otherwise.
    fn type_columns(&mut self, delimiter: u8) {
        let width = self.columns.len();
        let rows = self.len();
        let candidates: Vec<usize> = self
            .columns
            .iter()
            .filter(|c| {
                matches!(
                    c.role,
                    Role::Attribute | Role::CompanySize | Role::RevenueBand
                )
            })
            .map(|c| c.index)
            .filter(|&col| {
                let mut any = false;
                let all = (0..rows as u32).all(|r| {
                    let s = self.cell(r, col);
                    any |= !s.is_empty();
                    s.is_empty() || parse_number(s).is_some()
                });
                any && all
            })
            .collect();
        let cells: Vec<&str> = candidates
            .iter()
            .flat_map(|&col| (0..rows as u32).map(move |r| (r, col)))
            .map(|(r, col)| self.cell(r, col))
            .filter(|s| !s.is_empty())
            .collect();
        let (decimal, _, _) = sniff::decide_decimal(&cells, delimiter);
        let mut numbers = vec![None; width];
        for col in candidates {
            let values: Option<Vec<f64>> = (0..rows as u32)
                .map(|r| match self.cell(r, col) {
                    "" => Some(f64::NAN),
                    s => parse_in(s, decimal),
                })
                .collect();
            if let Some(slot) = numbers.get_mut(col) {
                *slot = values;
            }
        }
        self.numbers = numbers;
    }
}

/// A number in `decimal`'s format, as the orders' amounts are read.
fn parse_in(s: &str, decimal: Decimal) -> Option<f64> {
    parse_money(s.as_bytes(), decimal).ok().map(money::to_f64)
}

/// A number written either way: a lone `,` is taken as the decimal separator (`1,5`,
/// `1 234,5`), otherwise `.` is (`1.5`, `1,234.5`), and the other way when that fails.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let (first, second) = if s.contains(',') && !s.contains('.') {
        (Decimal::Comma, Decimal::Point)
    } else {
        (Decimal::Point, Decimal::Comma)
    };
    parse_in(s, first).or_else(|| parse_in(s, second))
}

/// Whether a cell marks a client as gone.
pub(crate) fn is_gone_mark(s: &str) -> bool {
    let l = crate::rules::normalize_text(s);
    matches!(
        l.as_str(),
        "1" | "yes"
            | "y"
            | "true"
            | "x"
            | "+"
            | "да"
            | "д"
            | "gone"
            | "churned"
            | "lost"
            | "ушел"
            | "ушёл"
            | "отток"
            | "закрыт"
            | "архив"
    )
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ';', '|'])
        .map(|t| t.trim().trim_start_matches('#').trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

struct Collector<'a> {
    table: &'a mut ClientsTable,
    id_col: usize,
    data_line: u64,
    width: usize,
    date_format: Option<DateFormat>,
    contact_col: Option<usize>,
    tags_col: Option<usize>,
    seg_col: Option<usize>,
    gone_col: Option<usize>,
    status_col: Option<usize>,
    case_insensitive: bool,
}

impl RecordSink for Collector<'_> {
    fn record(&mut self, r: &Record<'_>) -> Result<(), Error> {
        if r.line < self.data_line {
            return Ok(());
        }
        let field = |i: usize| {
            String::from_utf8_lossy(r.field(i).unwrap_or_default())
                .trim()
                .to_string()
        };
        if (0..r.len()).all(|i| field(i).is_empty()) {
            return Ok(());
        }
        self.table.rows += 1;
        let mut id = field(self.id_col);
        if id.is_empty() {
            self.table.missing_id_lines.push(r.line);
            return Ok(());
        }
        if self.case_insensitive {
            id = crate::rules::normalize_text(&id);
        }
        let (c, new) = self.table.ids.intern(id.as_bytes()).map_err(|_| {
            Error::new(
                ErrorKind::UnreadableInput,
                "invalid text in the clients table",
            )
            .ru("в таблице клиентов неверный текст")
        })?;
        if !new {
            self.table.duplicate_lines.push(r.line);
            return Ok(());
        }
        debug_assert_eq!(c as usize, self.table.tags.len());
        for i in 0..self.width {
            self.table.cells.push(field(i));
        }
        self.table.tags.push(
            self.tags_col
                .map(|t| split_list(&field(t)))
                .unwrap_or_default(),
        );
        self.table.segments.push(
            self.seg_col
                .map(|t| split_list(&field(t)))
                .unwrap_or_default(),
        );
        self.table
            .last_contact
            .push(match (self.contact_col, self.date_format) {
                (Some(col), Some(f)) => dates::parse_date(r.field(col).unwrap_or_default(), f).ok(),
                _ => None,
            });
        let gone = self.gone_col.is_some_and(|g| is_gone_mark(&field(g)))
            || self.status_col.is_some_and(|s| {
                let st = crate::rules::normalize_text(&field(s));
                [
                    "ушел",
                    "ушёл",
                    "отток",
                    "churned",
                    "lost",
                    "закрыт",
                    "отказ",
                    "gone",
                ]
                .iter()
                .any(|w| st == crate::rules::normalize_text(w))
            });
        self.table.gone.push(gone);
        Ok(())
    }
}

/// Reads a clients table.
pub(crate) fn read(data: &[u8], opts: &ReadOptions, lang: Lang) -> Result<ClientsTable, Error> {
    let cc = opts.clients_columns.clone().unwrap_or_default();
    const WHAT: (&str, &str) = ("clients table", "таблица клиентов");
    let s = side::sniff_side(
        data,
        &cc.encoding,
        &cc.delimiter,
        TableKind::Clients,
        lang,
        WHAT,
    )?;
    let (columns, id_col, date_format) = layout(&s, opts)?;
    let text = side::utf8_text(data, &s);
    // A quote opened and never closed would swallow the rows after it: the table is read
    // again one record per line.
    let mut quotes = QuoteMode::Multiline;
    loop {
        let mut table = ClientsTable {
            columns: columns.clone(),
            ..ClientsTable::default()
        };
        let mut collector = Collector::new(&mut table, &s, id_col, date_format, opts);
        let mut reader = RecordReader::new(s.delimiter_byte(), s.line_ending).with_quotes(quotes);
        reader.feed(&text, &mut collector)?;
        reader.finish(&mut collector)?;
        if reader.open_quote().is_none() || quotes == QuoteMode::Line {
            table.type_columns(s.delimiter_byte());
            return Ok(table);
        }
        quotes = QuoteMode::Line;
    }
}

/// The columns of a sniffed clients table with the roles the options set, the id column
/// and the date format of the last contact.
fn layout(
    s: &Sniff,
    opts: &ReadOptions,
) -> Result<(Vec<SniffedColumn>, usize, Option<DateFormat>), Error> {
    let cc = opts.clients_columns.clone().unwrap_or_default();
    const WHAT: (&str, &str) = ("clients table", "таблица клиентов");
    let mut columns = s.columns.clone();
    side::map_roles(
        &mut columns,
        &[
            (Role::Client, &cc.client),
            (Role::Region, &cc.region),
            (Role::ClientType, &cc.client_type),
            (Role::CompanySize, &cc.company_size),
            (Role::RevenueBand, &cc.revenue_band),
            (Role::ContactRole, &cc.contact_role),
            (Role::Source, &cc.source),
            (Role::Status, &cc.status),
            (Role::Segments, &cc.segments),
            (Role::Tags, &cc.tags),
            (Role::LastContact, &cc.last_contact),
            (Role::Gone, &cc.gone),
            (Role::Email, &cc.email),
            (Role::Phone, &cc.phone),
        ],
        WHAT,
    )?;
    let id_col = columns
        .iter()
        .find(|c| c.role == Role::Client)
        .or_else(|| columns.iter().find(|c| c.role == Role::Email))
        .map(|c| c.index)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::MissingColumn,
                "clients table: no client id column found; map it with `clientsColumns.client`",
            )
            .ru("таблица клиентов: не найден столбец с клиентом; укажите его (`clientsColumns.client`)")
        })?;
    let role = |r: Role| columns.iter().find(|c| c.role == r).map(|c| c.index);
    let date_format = role(Role::LastContact)
        .and_then(|i| columns[i].date_format)
        .or(s.date_format);
    Ok((columns, id_col, date_format))
}

/// Reads a clients table given as rows of fields (`analyzeRows`'s `clients` option): the
/// same roles, checks and columns as the file of these rows.
pub(crate) fn read_rows(
    t: super::Table<'_>,
    opts: &ReadOptions,
    lang: Lang,
) -> Result<ClientsTable, Error> {
    const WHAT: (&str, &str) = ("clients table", "таблица клиентов");
    let width = t.names.len();
    t.fields
        .check(width)
        .map_err(|e| e.context(WHAT.0, WHAT.1))?;
    let sample = t.fields.sample(width, sniff::SNIFF_RECORDS);
    let s = sniff::sniff_rows(
        t.names,
        sample,
        true,
        &ReadOptions::default(),
        TableKind::Clients,
        lang,
    )
    .map_err(|e| e.context(WHAT.0, WHAT.1))?;
    let (columns, id_col, date_format) = layout(&s, opts)?;
    let mut table = ClientsTable {
        columns,
        ..ClientsTable::default()
    };
    let mut collector = Collector::new(&mut table, &s, id_col, date_format, opts);
    t.fields.feed(width, 1, &mut collector)?;
    table.type_columns(s.delimiter_byte());
    Ok(table)
}

impl<'a> Collector<'a> {
    /// A collector of the rows of `table` (its columns set), sniffed as `s`.
    fn new(
        table: &'a mut ClientsTable,
        s: &Sniff,
        id_col: usize,
        date_format: Option<DateFormat>,
        opts: &ReadOptions,
    ) -> Collector<'a> {
        let role = |r: Role| table.columns.iter().find(|c| c.role == r).map(|c| c.index);
        Collector {
            id_col,
            data_line: s.data_line,
            width: table.columns.len(),
            date_format,
            contact_col: role(Role::LastContact),
            tags_col: role(Role::Tags),
            seg_col: role(Role::Segments),
            gone_col: role(Role::Gone),
            status_col: role(Role::Status),
            case_insensitive: opts.client_ids == Some(ClientIdMode::CaseInsensitive),
            table,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_roles_tags_and_gone() {
        let csv = "Клиент;Регион;Тип;Теги;Статус;Последний контакт\n\
                   Анна;Москва;B2B;vip, опт;в работе;01.03.2024\n\
                   Борис;Казань;B2C;;ушёл;\n\
                   Анна;Сочи;B2C;;;\n";
        let t = read(csv.as_bytes(), &ReadOptions::default(), Lang::En).unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t.role(Role::Region), Some(1));
        assert_eq!(t.role(Role::ClientType), Some(2));
        assert_eq!(t.cell(0, 1), "Москва");
        assert_eq!(t.tags[0], vec!["vip".to_string(), "опт".to_string()]);
        assert!(t.gone[1]);
        assert!(!t.gone[0]);
        assert_eq!(t.last_contact[0], crate::calendar::day_from_ymd(2024, 3, 1));
        assert_eq!(t.duplicate_lines, vec![4]);
    }

    #[test]
    fn a_quote_left_open_is_read_one_line_at_a_time() {
        let csv = "Клиент;Регион;Теги\nАнна;Москва;\"vip\nБорис;Казань;опт\nВера;Сочи;\n";
        let t = read(csv.as_bytes(), &ReadOptions::default(), Lang::En).unwrap();
        assert_eq!(t.len(), 3);
        assert_eq!(t.cell(1, 1), "Казань");
        assert_eq!(t.tags[0], vec!["vip".to_string()]);
    }

    #[test]
    fn numeric_columns_are_decided_once_per_column() {
        // name, csv, column, numeric, values of the first two clients
        let cases: &[(&str, &str, usize, bool, [Option<f64>; 2])] = &[
            (
                "russian format",
                "Клиент;Возраст;Выручка\nА;30;1 234,5\nБ;;12\n",
                2,
                true,
                [Some(1234.5), Some(12.0)],
            ),
            (
                "english format",
                "client,age,spend\nA,30,\"1,234.5\"\nB,41,7\n",
                2,
                true,
                [Some(1234.5), Some(7.0)],
            ),
            (
                "empty is no value",
                "Клиент;Возраст\nА;30\nБ;\n",
                1,
                true,
                [Some(30.0), None],
            ),
            (
                "one word makes text",
                "Клиент;Возраст\nА;30\nБ;много\n",
                1,
                false,
                [None, None],
            ),
            (
                "all empty is text",
                "Клиент;Возраст;Город\nА;;М\nБ;;К\n",
                1,
                false,
                [None, None],
            ),
        ];
        for (name, csv, col, numeric, values) in cases {
            let t = read(csv.as_bytes(), &ReadOptions::default(), Lang::En).unwrap();
            assert_eq!(t.is_numeric(*col), *numeric, "{name}");
            assert_eq!([t.number(0, *col), t.number(1, *col)], *values, "{name}");
        }
    }

    #[test]
    fn numbers_parse_either_way() {
        for (s, v) in [
            ("1,5", Some(1.5)),
            ("1 234,5", Some(1234.5)),
            ("1,234.5", Some(1234.5)),
            ("9", Some(9.0)),
            ("да", None),
        ] {
            assert_eq!(parse_number(s), v, "{s}");
        }
    }
}
