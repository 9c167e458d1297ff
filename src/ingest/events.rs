//! The events table: what clients did besides ordering — pages and products viewed, carts
//! filled, links clicked, e-mails opened — one row per event, from a site, an app or a
//! mailing tool.
//!
//! Columns are guessed from header names (English and Russian) like the orders': the
//! client (an id or an e-mail), the time (a date, with a time of day when written), the
//! event type, and optional category (or site section), item, campaign and channel. Event
//! types are read from the words exports use (`view`, `page_view`, `add_to_cart`,
//! `click`, `open`, «просмотр», «корзина», «клик», «открытие»…); any other type is kept
//! as `other` and counted by its text. A row without a client, with an unreadable time or
//! without a type is rejected and counted with its line and reason; nothing else is
//! dropped.

use super::dates;
use super::interner::Interner;
use super::options::{ClientIdMode, ColumnRef, ReadOptions};
use super::records::{Record, RecordReader, RecordSink};
use super::side;
use super::sniff::{self, Role, SniffedColumn, TableKind};
use crate::calendar::{self, Day};
use crate::error::{Error, ErrorKind};
use crate::locale::{DateFormat, Lang, QuoteMode};
use serde::{Deserialize, Serialize};

/// Column roles and reading options for the events table.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EventColumns {
    /// Client id (or e-mail) column.
    pub client: Option<ColumnRef>,
    /// Time (date, optionally with a time of day).
    pub time: Option<ColumnRef>,
    /// Event type.
    pub event: Option<ColumnRef>,
    /// Category or site section.
    pub category: Option<ColumnRef>,
    /// Item or product.
    pub item: Option<ColumnRef>,
    /// Campaign or mailing.
    pub campaign: Option<ColumnRef>,
    /// Channel (site, app, e-mail…).
    pub channel: Option<ColumnRef>,
    /// Encoding label (detected when absent).
    pub encoding: Option<String>,
    /// Delimiter (detected when absent).
    pub delimiter: Option<String>,
}

/// What a client did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EventKind {
    /// Viewed a page, a section or a product.
    View,
    /// Put a product in the cart.
    Cart,
    /// Clicked a link in a mailing or an ad.
    Click,
    /// Opened an e-mail.
    Open,
    /// Visited the site or the app (a session, a login).
    Visit,
    /// A purchase as the site saw it (the orders file stays the record of orders).
    Purchase,
    /// Any other type, kept and counted by its text.
    Other,
}

/// Every kind, in the order the audit counts them.
pub const EVENT_KINDS: [EventKind; 7] = [
    EventKind::View,
    EventKind::Cart,
    EventKind::Click,
    EventKind::Open,
    EventKind::Visit,
    EventKind::Purchase,
    EventKind::Other,
];

impl EventKind {
    /// The stable camelCase name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::View => "view",
            EventKind::Cart => "cart",
            EventKind::Click => "click",
            EventKind::Open => "open",
            EventKind::Visit => "visit",
            EventKind::Purchase => "purchase",
            EventKind::Other => "other",
        }
    }

    /// The name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, EventKind::View) => "views",
            (Lang::En, EventKind::Cart) => "carts",
            (Lang::En, EventKind::Click) => "clicks",
            (Lang::En, EventKind::Open) => "opens",
            (Lang::En, EventKind::Visit) => "visits",
            (Lang::En, EventKind::Purchase) => "purchases on the site",
            (Lang::En, EventKind::Other) => "other events",
            (Lang::Ru, EventKind::View) => "просмотры",
            (Lang::Ru, EventKind::Cart) => "корзины",
            (Lang::Ru, EventKind::Click) => "клики",
            (Lang::Ru, EventKind::Open) => "открытия писем",
            (Lang::Ru, EventKind::Visit) => "визиты",
            (Lang::Ru, EventKind::Purchase) => "покупки на сайте",
            (Lang::Ru, EventKind::Other) => "другие события",
        }
    }

    /// The kind an export's event type names (case, spaces, `-` and `_` aside).
    pub fn from_text(text: &str) -> EventKind {
        let t: String = crate::rules::normalize_text(text)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect();
        const WORDS: &[(EventKind, &[&str])] = &[
            (
                EventKind::Cart,
                &[
                    "cart",
                    "addtocart",
                    "addedtocart",
                    "basket",
                    "addtobasket",
                    "корзина",
                    "вкорзину",
                    "добавилвкорзину",
                    "добавлениевкорзину",
                    "добавлениетовара",
                ],
            ),
            (
                EventKind::View,
                &[
                    "view",
                    "pageview",
                    "productview",
                    "viewitem",
                    "viewproduct",
                    "viewed",
                    "viewcategory",
                    "просмотр",
                    "просмотртовара",
                    "просмотрстраницы",
                    "просмотрраздела",
                    "просмотрел",
                ],
            ),
            (
                EventKind::Click,
                &[
                    "click",
                    "clicked",
                    "emailclick",
                    "linkclick",
                    "adclick",
                    "клик",
                    "переход",
                    "кликнул",
                    "переходпоссылке",
                ],
            ),
            (
                EventKind::Open,
                &[
                    "open",
                    "opened",
                    "emailopen",
                    "emailopened",
                    "открытие",
                    "открыл",
                    "открытиеписьма",
                    "прочитал",
                ],
            ),
            (
                EventKind::Visit,
                &[
                    "visit",
                    "session",
                    "sessionstart",
                    "login",
                    "signin",
                    "appopen",
                    "визит",
                    "сессия",
                    "вход",
                    "посещение",
                ],
            ),
            (
                EventKind::Purchase,
                &[
                    "purchase",
                    "order",
                    "checkout",
                    "transaction",
                    "покупка",
                    "заказ",
                    "оформилзаказ",
                    "оплата",
                ],
            ),
        ];
        WORDS
            .iter()
            .find(|(_, words)| words.contains(&t.as_str()))
            .map_or(EventKind::Other, |&(k, _)| k)
    }

    fn index(self) -> usize {
        EVENT_KINDS.iter().position(|&k| k == self).unwrap_or(6)
    }
}

/// Why an event row was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EventReject {
    /// No client in the row.
    MissingClient,
    /// The time is empty or not a date.
    BadTime,
    /// No event type in the row.
    MissingType,
}

impl EventReject {
    /// The reason in `lang`.
    pub fn describe(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, EventReject::MissingClient) => "no client",
            (Lang::En, EventReject::BadTime) => "the time is empty or not a date",
            (Lang::En, EventReject::MissingType) => "no event type",
            (Lang::Ru, EventReject::MissingClient) => "нет клиента",
            (Lang::Ru, EventReject::BadTime) => "время пустое или не дата",
            (Lang::Ru, EventReject::MissingType) => "нет типа события",
        }
    }
}

/// One rejected row of the events table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RejectedEvent {
    /// Physical line (1-based).
    pub line: u64,
    /// Why.
    pub reason: EventReject,
    /// Why, in the report's language.
    pub text: String,
}

/// A count with what it counts.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KindCount {
    /// The kind.
    pub kind: EventKind,
    /// Its name in the report's language.
    pub name: String,
    /// Events of it.
    pub count: u64,
}

/// An event type the reader did not know, with its rows.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnknownType {
    /// The type as written.
    pub text: String,
    /// Rows with it.
    pub count: u64,
}

/// How the events table was read: every row is accepted or rejected (with its line and
/// reason), and every accepted one is counted by kind; `rows == accepted + rejected` and
/// `accepted == matched + unknownClient`.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventsAudit {
    /// Data rows read (blank lines aside).
    pub rows: u64,
    /// Rows kept.
    pub accepted: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// The first rejected rows (up to 100), with line and reason.
    pub rejected_rows: Vec<RejectedEvent>,
    /// Kept events by kind.
    pub kinds: Vec<KindCount>,
    /// Types read as `other`, the most frequent first (up to 20).
    pub unknown_types: Vec<UnknownType>,
    /// Kept events of a client the report knows.
    pub matched: u64,
    /// Kept events of a client neither in the orders nor in the clients table: kept, not
    /// used in metrics.
    pub unknown_client: u64,
    /// Up to 10 such clients.
    pub unknown_client_examples: Vec<String>,
    /// Clients of the report with at least one event.
    pub clients: u64,
    /// Kept events dated after the analysis date (not used in metrics).
    pub after_as_of: u64,
    /// First event date (`YYYY-MM-DD`).
    pub first_date: Option<String>,
    /// Last event date.
    pub last_date: Option<String>,
    /// Encoding read.
    pub encoding: String,
    /// Delimiter read.
    pub delimiter: String,
    /// Columns with their roles.
    pub columns: Vec<SniffedColumn>,
}

/// No value in a text column of an event.
pub(crate) const NONE: u32 = u32::MAX;

/// The parsed events table, columnar, in file order.
#[derive(Clone, Default)]
pub(crate) struct EventsTable {
    /// Client ids as written (case-folded when ids are case-insensitive), first seen first.
    pub ids: Interner,
    /// Per event: its client (index in `ids`).
    pub client: Vec<u32>,
    /// Per event: its day.
    pub day: Vec<Day>,
    /// Per event: minutes since midnight (0 when the time has no time of day).
    pub minute: Vec<u16>,
    /// Per event: its kind.
    pub kind: Vec<EventKind>,
    /// Per event: category, item, campaign and channel (indices in `values`, or [`NONE`]).
    pub category: Vec<u32>,
    /// See [`EventsTable::category`].
    pub item: Vec<u32>,
    /// See [`EventsTable::category`].
    pub campaign: Vec<u32>,
    /// See [`EventsTable::category`].
    pub channel: Vec<u32>,
    /// Distinct texts of the optional columns.
    pub values: Interner,
    /// How the table was read (matched counts are filled in when joined to a report).
    pub audit: EventsAudit,
    unknown: Vec<(String, u64)>,
}

impl EventsTable {
    /// Number of events kept.
    pub(crate) fn len(&self) -> usize {
        self.day.len()
    }

    /// The text of a value index, `None` for [`NONE`].
    pub(crate) fn value(&self, i: u32) -> Option<&str> {
        (i != NONE).then(|| self.values.get(i))
    }

    /// Bytes held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.values.heap_bytes()
            + self.len() * (4 * 5 + std::mem::size_of::<Day>() + 2 + 1)
    }
}

/// Minutes since midnight of a time written after a date (`2024-03-01 14:05`,
/// `01.03.2024 9:30:00`, `2024-03-01T14:05:00Z`); 0 when there is none.
fn minute_of_day(raw: &[u8], format: DateFormat) -> u16 {
    if matches!(format, DateFormat::UnixSeconds | DateFormat::UnixMillis) {
        let digits: Vec<u8> = raw.iter().copied().take_while(u8::is_ascii_digit).collect();
        let whole: i64 = std::str::from_utf8(&digits)
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let secs = if format == DateFormat::UnixMillis {
            whole.div_euclid(1000)
        } else {
            whole
        };
        return (secs.rem_euclid(86_400) / 60) as u16;
    }
    let Some(start) = raw.iter().position(|&b| b == b' ' || b == b'T') else {
        return 0;
    };
    let rest = &raw[start + 1..];
    let rest = &rest[rest.iter().take_while(|&&b| b == b' ').count()..];
    let number = |s: &[u8]| -> Option<(u32, usize)> {
        let n = s.iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 || n > 2 {
            return None;
        }
        let v = s[..n].iter().fold(0u32, |v, c| v * 10 + (c - b'0') as u32);
        Some((v, n))
    };
    let Some((h, n)) = number(rest) else {
        return 0;
    };
    if rest.get(n) != Some(&b':') {
        return 0;
    }
    let Some((m, _)) = number(&rest[n + 1..]) else {
        return 0;
    };
    if h > 23 || m > 59 {
        return 0;
    }
    (h * 60 + m) as u16
}

struct Collector<'a> {
    table: &'a mut EventsTable,
    data_line: u64,
    client: usize,
    time: usize,
    event: usize,
    optional: [Option<usize>; 4],
    format: DateFormat,
    case_insensitive: bool,
    lang: Lang,
    /// The event types seen, as written, with their kind and, for `other`, their entry in
    /// the table's unknown types: a file has a handful, each read once.
    kinds: Vec<(Box<[u8]>, EventKind, Option<usize>)>,
}

/// At most this many distinct event types are remembered (and other types counted by text).
const MAX_TYPES: usize = 1000;

impl Collector<'_> {
    /// The kind of an event type as written; an `other` one is counted by its text.
    fn kind_of(&mut self, raw: &[u8]) -> EventKind {
        let seen = self.kinds.iter().position(|(t, _, _)| **t == *raw);
        let (kind, unknown) = match seen {
            Some(k) => (self.kinds[k].1, self.kinds[k].2),
            None => {
                let text = String::from_utf8_lossy(raw);
                let kind = EventKind::from_text(&text);
                let unknown = self.table.unknown.iter().position(|(t, _)| *t == text);
                let unknown = match (kind, unknown) {
                    (EventKind::Other, None) if self.table.unknown.len() < MAX_TYPES => {
                        self.table.unknown.push((text.into_owned(), 0));
                        Some(self.table.unknown.len() - 1)
                    }
                    (EventKind::Other, found) => found,
                    _ => None,
                };
                if self.kinds.len() < MAX_TYPES {
                    self.kinds.push((raw.into(), kind, unknown));
                }
                (kind, unknown)
            }
        };
        if let Some(u) = unknown {
            self.table.unknown[u].1 += 1;
        }
        kind
    }

    fn reject(&mut self, line: u64, reason: EventReject) {
        let a = &mut self.table.audit;
        a.rejected += 1;
        if a.rejected_rows.len() < 100 {
            a.rejected_rows.push(RejectedEvent {
                line,
                reason,
                text: reason.describe(self.lang).to_string(),
            });
        }
    }

    fn value(&mut self, r: &Record<'_>, col: Option<usize>) -> Result<u32, Error> {
        let Some(col) = col else {
            return Ok(NONE);
        };
        let v = trim(r.field(col).unwrap_or_default());
        if v.is_empty() {
            return Ok(NONE);
        }
        let (i, _) = self.table.values.intern(v).map_err(|_| invalid_text())?;
        Ok(i)
    }
}

fn invalid_text() -> Error {
    Error::new(
        ErrorKind::UnreadableInput,
        "invalid text in the events table",
    )
    .ru("в таблице событий неверный текст")
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    let end = b.len()
        - b[start..]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
    &b[start..end]
}

impl RecordSink for Collector<'_> {
    fn record(&mut self, r: &Record<'_>) -> Result<(), Error> {
        if r.line < self.data_line {
            return Ok(());
        }
        if (0..r.len()).all(|i| trim(r.field(i).unwrap_or_default()).is_empty()) {
            return Ok(());
        }
        self.table.audit.rows += 1;
        let client = trim(r.field(self.client).unwrap_or_default());
        if client.is_empty() {
            self.reject(r.line, EventReject::MissingClient);
            return Ok(());
        }
        let raw_time = trim(r.field(self.time).unwrap_or_default());
        let Ok(day) = dates::parse_date(raw_time, self.format) else {
            self.reject(r.line, EventReject::BadTime);
            return Ok(());
        };
        let raw_kind = trim(r.field(self.event).unwrap_or_default());
        if raw_kind.is_empty() {
            self.reject(r.line, EventReject::MissingType);
            return Ok(());
        }
        let kind = self.kind_of(raw_kind);
        let id = if self.case_insensitive {
            let s = std::str::from_utf8(client).map_err(|_| invalid_text())?;
            std::borrow::Cow::Owned(crate::rules::normalize_text(s).into_bytes())
        } else {
            std::borrow::Cow::Borrowed(client)
        };
        let (c, _) = self.table.ids.intern(&id).map_err(|_| invalid_text())?;
        let [cat, item, campaign, channel] = self.optional;
        let values = [
            self.value(r, cat)?,
            self.value(r, item)?,
            self.value(r, campaign)?,
            self.value(r, channel)?,
        ];
        let t = &mut *self.table;
        t.client.push(c);
        t.day.push(day);
        t.minute.push(minute_of_day(raw_time, self.format));
        t.kind.push(kind);
        t.category.push(values[0]);
        t.item.push(values[1]);
        t.campaign.push(values[2]);
        t.channel.push(values[3]);
        t.audit.accepted += 1;
        Ok(())
    }
}

fn missing(en: &str, ru: &str) -> Error {
    Error::new(ErrorKind::MissingColumn, en.to_string()).ru(ru.to_string())
}

/// Reads an events table.
pub(crate) fn read(data: &[u8], opts: &ReadOptions, lang: Lang) -> Result<EventsTable, Error> {
    let ec = opts.events_columns.clone().unwrap_or_default();
    const WHAT: (&str, &str) = ("events table", "таблица событий");
    let s = side::sniff_side(
        data,
        &ec.encoding,
        &ec.delimiter,
        TableKind::Events,
        lang,
        WHAT,
    )?;
    let mut columns = s.columns.clone();
    side::map_roles(
        &mut columns,
        &[
            (Role::Client, &ec.client),
            (Role::Date, &ec.time),
            (Role::Event, &ec.event),
            (Role::Category, &ec.category),
            (Role::Item, &ec.item),
            (Role::Campaign, &ec.campaign),
            (Role::Source, &ec.channel),
        ],
        WHAT,
    )?;
    let role = |r: Role| columns.iter().find(|c| c.role == r).map(|c| c.index);
    let client = role(Role::Client).or(role(Role::Email)).ok_or_else(|| {
        missing(
            "events table: no client column found; map it with `eventsColumns.client`",
            "таблица событий: не найден столбец с клиентом; укажите его (`eventsColumns.client`)",
        )
    })?;
    let time = role(Role::Date).ok_or_else(|| {
        missing(
            "events table: no time column found; map it with `eventsColumns.time`",
            "таблица событий: не найден столбец со временем; укажите его (`eventsColumns.time`)",
        )
    })?;
    let event = role(Role::Event).ok_or_else(|| {
        missing(
            "events table: no event type column found; map it with `eventsColumns.event`",
            "таблица событий: не найден столбец с типом события; укажите его (`eventsColumns.event`)",
        )
    })?;
    let format = columns[time].date_format.or(s.date_format).ok_or_else(|| {
        Error::new(
            ErrorKind::MissingColumn,
            format!(
                "events table: the values of column \"{}\" are not dates",
                columns[time].name
            ),
        )
        .ru(format!(
            "таблица событий: значения столбца «{}» — не даты",
            columns[time].name
        ))
    })?;
    let text = side::utf8_text(data, &s);
    let mut quotes = QuoteMode::Multiline;
    loop {
        let mut table = EventsTable::default();
        let mut collector = Collector {
            table: &mut table,
            data_line: s.data_line,
            client,
            time,
            event,
            optional: [
                role(Role::Category),
                role(Role::Item),
                role(Role::Campaign),
                role(Role::Source),
            ],
            format,
            case_insensitive: opts.client_ids == Some(ClientIdMode::CaseInsensitive),
            lang,
            kinds: Vec::new(),
        };
        let mut reader = RecordReader::new(s.delimiter_byte(), s.line_ending).with_quotes(quotes);
        reader.feed(&text, &mut collector)?;
        reader.finish(&mut collector)?;
        if reader.open_quote().is_none() || quotes == QuoteMode::Line {
            finish_audit(&mut table, &s, columns, lang);
            return Ok(table);
        }
        quotes = QuoteMode::Line;
    }
}

fn finish_audit(t: &mut EventsTable, s: &sniff::Sniff, columns: Vec<SniffedColumn>, lang: Lang) {
    let mut counts = [0u64; 7];
    for k in &t.kind {
        counts[k.index()] += 1;
    }
    let mut unknown = std::mem::take(&mut t.unknown);
    unknown.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let a = &mut t.audit;
    a.kinds = EVENT_KINDS
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(&kind, count)| KindCount {
            kind,
            name: kind.name(lang).to_string(),
            count,
        })
        .collect();
    a.unknown_types = unknown
        .into_iter()
        .take(20)
        .map(|(text, count)| UnknownType { text, count })
        .collect();
    a.first_date = t.day.iter().min().map(|&d| calendar::iso(d));
    a.last_date = t.day.iter().max().map(|&d| calendar::iso(d));
    a.encoding = s.encoding.clone();
    a.delimiter = s.delimiter.clone();
    a.columns = columns;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(csv: &str) -> EventsTable {
        read(csv.as_bytes(), &ReadOptions::default(), Lang::En).unwrap()
    }

    #[test]
    fn reads_kinds_times_and_optional_columns() {
        let t = read_str(
            "client;timestamp;event;category;campaign\n\
             A;2024-03-01 14:05;page_view;Кремы;\n\
             A;2024-03-01 14:07;Add to cart;Кремы;\n\
             b@x.ru;2024-03-02;;;\n\
             ;2024-03-02;click;;spring\n\
             B;yesterday;click;;\n\
             B;2024-03-03T09:30:00Z;email_click;;spring\n\
             B;2024-03-03;webinar;;\n",
        );
        assert_eq!(t.len(), 4);
        assert_eq!(
            t.kind,
            [
                EventKind::View,
                EventKind::Cart,
                EventKind::Click,
                EventKind::Other
            ]
        );
        assert_eq!(t.minute[..3], [14 * 60 + 5, 14 * 60 + 7, 9 * 60 + 30]);
        assert_eq!(t.value(t.category[0]), Some("Кремы"));
        assert_eq!(t.value(t.campaign[2]), Some("spring"));
        assert_eq!(t.value(t.campaign[0]), None);
        let a = &t.audit;
        assert_eq!((a.rows, a.accepted, a.rejected), (7, 4, 3));
        let reasons: Vec<(u64, EventReject)> =
            a.rejected_rows.iter().map(|r| (r.line, r.reason)).collect();
        assert_eq!(
            reasons,
            [
                (4, EventReject::MissingType),
                (5, EventReject::MissingClient),
                (6, EventReject::BadTime)
            ]
        );
        assert_eq!(a.unknown_types[0].text, "webinar");
    }

    #[test]
    fn event_words_in_both_languages() {
        for (text, kind) in [
            ("просмотр товара", EventKind::View),
            ("Добавил в корзину", EventKind::Cart),
            ("add-to-cart", EventKind::Cart),
            ("Клик", EventKind::Click),
            ("email_opened", EventKind::Open),
            ("Открытие письма", EventKind::Open),
            ("session_start", EventKind::Visit),
            ("Покупка", EventKind::Purchase),
            ("survey", EventKind::Other),
        ] {
            assert_eq!(EventKind::from_text(text), kind, "{text}");
        }
    }

    #[test]
    fn unix_times_keep_their_minute() {
        assert_eq!(
            minute_of_day(b"1709301900", DateFormat::UnixSeconds),
            14 * 60 + 5
        );
        assert_eq!(minute_of_day(b"2024-03-01", DateFormat::Ymd), 0);
        assert_eq!(minute_of_day(b"01.03.2024 25:00", DateFormat::Dmy), 0);
    }

    #[test]
    fn a_table_without_an_event_column_names_the_option() {
        let e = read(
            b"client,date\nA,2024-01-01\n",
            &ReadOptions::default(),
            Lang::En,
        )
        .err()
        .expect("no event column");
        assert!(e.to_string().contains("eventsColumns.event"), "{e}");
    }
}
