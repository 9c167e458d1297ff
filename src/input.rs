//! Reading transactions: bytes in, per-client accumulators and the audit out.
//!
//! [`Ingest`] takes the input in chunks of any size. It holds back the first
//! [`SNIFF_BYTES`] to sniff the format, then converts the
//! encoding (UTF-8 is read in place), splits records and aggregates each row into its
//! client's [`ClientStats`] in one pass, without allocating per row. The result equals the
//! whole-input result for every way of cutting the input into chunks.

use crate::abc_xyz::Period;
use crate::audit::{AuditBuilder, IssueExample};
use crate::charset::Transcoder;
use crate::date::{self, DateError, DateParser, Day};
use crate::error::{Error, ErrorKind, IssueKind, Position};
use crate::model::{fingerprint, mix, ClientStats, Deferred, Interner, Window};
use crate::number::{self, Decimal, Money, NumberError};
use crate::options::{BadRowPolicy, ClientIdMode, DuplicatePolicy, MergeKey, Options, Resolved};
use crate::records::{Record, RecordReader, RecordSink};
use crate::sniff::{self, Role, Sniff, SNIFF_BYTES};

/// Where the amount of a row comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AmountSource {
    /// One column.
    Column(usize),
    /// Quantity × price.
    Product(usize, usize),
}

/// The columns the analysis reads, resolved from the sniff and the options.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Number of columns in the header.
    pub width: usize,
    /// Highest column index read.
    pub max_used: usize,
    /// Client id column.
    pub client: usize,
    /// Date column.
    pub date: usize,
    /// Amount source.
    pub amount: AmountSource,
    /// Order id column.
    pub order: Option<usize>,
    /// E-mail column.
    pub email: Option<usize>,
    /// Phone column.
    pub phone: Option<usize>,
    /// Column names.
    pub names: Vec<String>,
}

impl Plan {
    /// Resolves the plan; fails naming the missing role and the columns there are.
    pub fn from_sniff(s: &Sniff) -> Result<Plan, Error> {
        let col = |r: Role| s.column(r).map(|c| c.index);
        let listing = || {
            s.columns
                .iter()
                .map(|c| format!("\"{}\"", c.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let missing = |what: &str, option: &str| {
            Error::new(
                ErrorKind::MissingColumn,
                format!(
                    "no {what} column found; map it with the option `columns.{option}` (columns: {})",
                    listing()
                ),
            )
        };
        let client = col(Role::Client)
            .or_else(|| col(Role::Email))
            .or_else(|| col(Role::Phone))
            .ok_or_else(|| missing("client id", "client"))?;
        let date = col(Role::Date).ok_or_else(|| missing("order date", "date"))?;
        let amount = match (col(Role::Amount), col(Role::Quantity), col(Role::Price)) {
            (Some(a), _, _) => AmountSource::Column(a),
            (None, Some(q), Some(p)) => AmountSource::Product(q, p),
            (None, None, Some(p)) => AmountSource::Column(p),
            _ => return Err(missing("amount", "amount")),
        };
        if s.date_format.is_none() {
            return Err(Error::new(
                ErrorKind::UnreadableInput,
                format!(
                    "the dates in column \"{}\" are in no known format; set the option `dateFormat`",
                    s.columns[date].name
                ),
            ));
        }
        let order = col(Role::OrderId);
        let email = col(Role::Email);
        let phone = col(Role::Phone);
        let used = [Some(client), Some(date), order, email, phone]
            .into_iter()
            .flatten()
            .chain(match amount {
                AmountSource::Column(a) => vec![a],
                AmountSource::Product(q, p) => vec![q, p],
            });
        let max_used = used.max().unwrap_or(0);
        Ok(Plan {
            width: s.columns.len(),
            max_used,
            client,
            date,
            amount,
            order,
            email,
            phone,
            names: s.columns.iter().map(|c| c.name.clone()).collect(),
        })
    }
}

/// What reading produced: interned clients with their stats, and the audit.
pub struct Aggregates {
    /// Client ids.
    pub ids: Interner,
    /// Per-client stats, indexed like `ids`.
    pub stats: Vec<ClientStats>,
    /// Which clients were merged into another (index of the kept client), if any merging.
    pub merged_into: Vec<u32>,
    /// Merge report: (kept id, merged ids).
    pub merges: Vec<(String, Vec<String>)>,
    /// The audit counts.
    pub audit: AuditBuilder,
    /// Earliest accepted date.
    pub min_day: Option<Day>,
    /// Latest accepted date.
    pub max_day: Option<Day>,
    /// What was sniffed.
    pub sniff: Sniff,
    /// The column plan.
    pub plan: Plan,
    /// The XYZ period used for period revenue.
    pub period: Option<Period>,
    /// Whether accepted rows came in date order.
    pub sorted: bool,
    /// Bytes read.
    pub bytes: u64,
    /// Estimated bytes held by the aggregation at the end (clients, windows).
    pub heap_bytes: usize,
}

/// Lines of the first rows that decide an ambiguous date or decimal format.
#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct Evidence {
    pub(crate) day_first: Option<u64>,
    pub(crate) month_first: Option<u64>,
    pub(crate) comma: Option<u64>,
    pub(crate) point: Option<u64>,
}

impl Evidence {
    /// The evidence of a whole file from that of its byte ranges (each shifted to file
    /// lines), in file order: the first line of each kind wins.
    pub(crate) fn or(self, later: Evidence) -> Evidence {
        Evidence {
            day_first: self.day_first.or(later.day_first),
            month_first: self.month_first.or(later.month_first),
            comma: self.comma.or(later.comma),
            point: self.point.or(later.point),
        }
    }

    /// Moves the lines on by `lines`.
    pub(crate) fn shift(self, lines: u64) -> Evidence {
        let s = |l: Option<u64>| l.map(|l| l + lines);
        Evidence {
            day_first: s(self.day_first),
            month_first: s(self.month_first),
            comma: s(self.comma),
            point: s(self.point),
        }
    }

    /// Fails when a format assumed from the first rows is contradicted later in the file.
    pub(crate) fn check(&self, sniff: &Sniff) -> Result<(), Error> {
        if sniff.date_format_ambiguous {
            if let (Some(line), None) = (self.month_first, self.day_first) {
                return Err(Error::new(
                    ErrorKind::FormatContradiction,
                    format!(
                        "dates are month-first (line {line}), but the first rows looked day-first; read again with the option dateFormat: \"MM/DD/YYYY\""
                    ),
                )
                .with_fix("dateFormat", "\"MM/DD/YYYY\""));
            }
        }
        if sniff.decimal_ambiguous {
            let decimal = sniff.decimal_separator;
            let (wrong, right) = match decimal {
                Decimal::Comma => (self.point, self.comma),
                Decimal::Point => (self.comma, self.point),
            };
            if let (Some(line), None) = (wrong, right) {
                let other = if decimal == Decimal::Comma { "." } else { "," };
                return Err(Error::new(
                    ErrorKind::FormatContradiction,
                    format!(
                        "amounts use \"{other}\" as the decimal separator (line {line}), but the first rows were read the other way; read again with the option decimalSeparator: \"{other}\""
                    ),
                )
                .with_fix("decimalSeparator", format!("\"{other}\"")));
            }
        }
        Ok(())
    }
}

#[inline]
fn trim(b: &[u8]) -> &[u8] {
    // Most fields have no padding: two byte tests.
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if !is_pad_byte(*f) && !is_pad_byte(*l) => b,
        (None, _) => b,
        _ => trim_slow(b),
    }
}

#[inline]
fn is_pad_byte(c: u8) -> bool {
    c == b' ' || c == b'\t' || c == 0xC2 || c == 0xA0
}

#[cold]
fn trim_slow(b: &[u8]) -> &[u8] {
    date::trim(b)
}

fn is_totals_word(text: &[u8]) -> bool {
    // Ids are usually digits or names: only text starting like "итог…", "всего", "total"
    // is looked at closely.
    let t = trim(text);
    let starts = t.starts_with("И".as_bytes())
        || t.starts_with("и".as_bytes())
        || t.starts_with("В".as_bytes())
        || t.starts_with("в".as_bytes())
        || matches!(t.first(), Some(b'T' | b't' | b'G' | b'g'));
    if !starts {
        return false;
    }
    let Ok(s) = std::str::from_utf8(t) else {
        return false;
    };
    let l = s.to_lowercase();
    ["итого", "всего", "итог", "total", "grand total"]
        .iter()
        .any(|w| {
            l == *w
                || l.strip_prefix(w)
                    .is_some_and(|rest| rest.starts_with([':', ' ', '.']))
        })
}

fn lossy(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    if s.chars().count() > 200 {
        s.chars().take(200).collect::<String>() + "…"
    } else {
        s.into_owned()
    }
}

/// Turns records into per-client stats.
struct RowProcessor {
    plan: Plan,
    data_line: u64,
    header_line: Option<u64>,
    dates: DateParser,
    decimal: Decimal,
    delimiter: u8,
    policy: BadRowPolicy,
    duplicates: DuplicatePolicy,
    id_mode: ClientIdMode,
    merge_email: bool,
    merge_phone: bool,
    phone_country: Vec<u8>,
    as_of: Option<Day>,
    today: Option<Day>,
    min_date: Day,
    period: Option<Period>,
    ids: Interner,
    stats: Vec<ClientStats>,
    audit: AuditBuilder,
    rows: Deferred<u32>,
    orders: Window<u64>,
    periods: Deferred<Money>,
    contacts: hashbrown::HashMap<u64, u32, crate::model::FastState>,
    dense_orders: Vec<u64>,
    dense_base: Option<u64>,
    /// The shape of ids in the dense order table, from the first one.
    dense_shape: Option<OrderIdShape>,
    pending: Vec<Pending>,
    parent: Vec<u32>,
    last_client: u32,
    /// The previous row's client id packed (see [`date::pack16`]) with its length, so the
    /// common check "same client as the previous row" does not touch the id arena.
    last_id: ((u64, u64), usize),
    last_order: (u64, u32, Day),
    period_cache: (Day, i32),
    min_day: Day,
    max_day: Day,
    sorted: bool,
    ambiguous_date: bool,
    ambiguous_decimal: bool,
    evidence: Evidence,
    scratch: Vec<u8>,
    /// Set when reading one byte range of a split file (see [`crate::split`]).
    range: Option<RangeState>,
}

/// What a reader of one byte range keeps beyond the sequential reader, for an exact merge.
#[derive(Default)]
struct RangeState {
    /// Index of the range (0 = the file's start).
    index: u32,
    /// Per client: the first period and its revenue, once that period has closed.
    first_periods: Vec<(i32, Money)>,
    /// Whether this range fixed the dense order table's shape itself (the file's first
    /// dense order id was not in the head every range reads).
    self_seeded: bool,
}

const NO_CLIENT: u32 = u32::MAX;

/// The shape of the order ids that go to the dense table: a non-digit prefix (`#` in
/// `#1001`, `ЦБ-` in `ЦБ-000123`), kept packed with its length (at most 16 bytes, see
/// [`date::pack16`]), and the number of digits when they are zero-padded (`None`: no
/// leading zeros).
#[derive(Clone, Copy, PartialEq)]
struct OrderIdShape {
    prefix: ((u64, u64), usize),
    width: Option<usize>,
}

/// Rows queued before they are applied to their clients.
const PENDING: usize = 256;

/// A row waiting to be added to its client.
#[derive(Clone, Copy)]
struct Pending {
    client: u32,
    day: Day,
    amount: Money,
    period: i32,
    new_order: bool,
}

impl RowProcessor {
    fn new(
        sniff: &Sniff,
        plan: Plan,
        opts: &Options,
        r: &Resolved,
        period: Option<Period>,
        expected_rows: usize,
    ) -> Self {
        let format = sniff.date_format.unwrap_or(date::DateFormat::Ymd);
        RowProcessor {
            data_line: sniff.data_line,
            header_line: sniff.header_line,
            dates: DateParser::new(format),
            decimal: sniff.decimal_separator,
            delimiter: sniff.delimiter_byte(),
            policy: opts.on_bad_row,
            duplicates: opts.duplicates,
            id_mode: opts.client_ids.unwrap_or_default(),
            merge_email: opts.merge_by.contains(&MergeKey::Email) && plan.email.is_some(),
            merge_phone: opts.merge_by.contains(&MergeKey::Phone) && plan.phone.is_some(),
            phone_country: r.phone_country.as_bytes().to_vec(),
            plan,
            as_of: r.as_of,
            today: r.today,
            min_date: r.min_date,
            period,
            // Room for a client per eight rows up front (address space only until used),
            // instead of copying as the tables double.
            ids: Interner::with_capacity((expected_rows / 8).min(1 << 18)),
            stats: Vec::with_capacity((expected_rows / 8).min(1 << 18)),
            audit: AuditBuilder::new(r.max_examples),
            rows: Deferred::same_date(r.history_window, expected_rows),
            orders: Window::with_capacity(r.history_window, expected_rows),
            periods: Deferred::write_once(r.history_window, expected_rows / 2),
            contacts: hashbrown::HashMap::with_hasher(Default::default()),
            dense_orders: Vec::with_capacity(expected_rows.min(1 << 20)),
            dense_base: None,
            dense_shape: None,
            pending: Vec::with_capacity(PENDING),
            parent: Vec::new(),
            last_client: NO_CLIENT,
            last_id: ((0, 0), usize::MAX),
            last_order: (0, NO_CLIENT, 0),
            period_cache: (Day::MIN, 0),
            min_day: Day::MAX,
            max_day: Day::MIN,
            sorted: true,
            ambiguous_date: sniff.date_format_ambiguous,
            ambiguous_decimal: sniff.decimal_ambiguous,
            evidence: Evidence::default(),
            scratch: Vec::new(),
            range: None,
        }
    }

    fn column_name(&self, i: usize) -> String {
        self.plan
            .names
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("column {}", i + 1))
    }

    /// Counts a row under `kind` (rejected or excluded) or fails, per policy.
    #[allow(clippy::too_many_arguments)]
    #[cold]
    #[inline(never)]
    fn issue(
        &mut self,
        kind: IssueKind,
        r: &Record<'_>,
        row: u64,
        column: Option<usize>,
        value: &[u8],
        amount: Option<Money>,
        detail: Option<String>,
    ) -> Result<(), Error> {
        let rejected = kind.disposition() == crate::error::Disposition::Rejected;
        if rejected && self.policy == BadRowPolicy::Fail {
            let msg = match kind {
                IssueKind::FieldCount => format!(
                    "{} fields where the header has {}",
                    r.len(),
                    self.plan.width
                ),
                _ => format!("\"{}\": {}", lossy(value), kind.describe_en()),
            };
            return Err(Error::new(ErrorKind::BadRow, msg).at(Position {
                row: Some(row),
                line: Some(r.line),
                column: column.map(|c| self.column_name(c)),
            }));
        }
        let line = r.line;
        if self.audit.wants_example(kind) {
            let column = column.map(|c| self.column_name(c));
            self.audit.issue(kind, amount, || IssueExample {
                line,
                row,
                column,
                value: lossy(value),
                detail,
                ref_line: None,
            });
        } else {
            self.audit.issue(kind, amount, unreachable_example);
        }
        if rejected {
            self.audit.keep_rejected(line, kind, || {
                (0..r.len())
                    .map(|i| String::from_utf8_lossy(r.field(i).unwrap_or_default()).into_owned())
                    .collect()
            });
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn flag(
        &mut self,
        kind: IssueKind,
        line: u64,
        row: u64,
        value: String,
        detail: Option<String>,
    ) {
        self.audit.issue(kind, None, || IssueExample {
            line,
            row,
            column: None,
            value,
            detail,
            ref_line: None,
        });
    }

    #[inline]
    fn parse_amount(&self, r: &Record<'_>) -> (Result<Money, NumberError>, usize) {
        match self.plan.amount {
            AmountSource::Column(a) => (
                number::parse_money(r.field(a).unwrap_or_default(), self.decimal),
                a,
            ),
            AmountSource::Product(q, p) => {
                let qv = number::parse_money(r.field(q).unwrap_or_default(), self.decimal);
                let pv = number::parse_money(r.field(p).unwrap_or_default(), self.decimal);
                match (qv, pv) {
                    (Ok(q), Ok(p)) => (
                        number::mul_money(q, p).ok_or(NumberError::Overflow),
                        self.plan.amount_column(),
                    ),
                    (Err(e), _) => (Err(e), q),
                    (_, Err(e)) => (Err(e), p),
                }
            }
        }
    }

    fn normalized_id<'b>(&'b mut self, id: &'b [u8]) -> &'b [u8] {
        match self.id_mode {
            ClientIdMode::Exact => id,
            ClientIdMode::CaseInsensitive => {
                self.scratch.clear();
                let s = String::from_utf8_lossy(id);
                let mut space = false;
                for c in s.chars().flat_map(char::to_lowercase) {
                    let c = if c == 'ё' { 'е' } else { c };
                    if c.is_whitespace() {
                        space = true;
                        continue;
                    }
                    if space && !self.scratch.is_empty() {
                        self.scratch.push(b' ');
                    }
                    space = false;
                    let mut buf = [0u8; 4];
                    self.scratch
                        .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                &self.scratch
            }
        }
    }

    /// The slot of an order id in the dense order table, growing it; `None` sends the id to
    /// the hashed history instead. Dense ids are an optional non-digit prefix and at most 12
    /// digits, shaped like the file's first such id: the same prefix, and either no leading
    /// zero or (when the first was zero-padded) the same number of digits, so the number
    /// alone tells ids apart. Which way an id goes depends only on its text and the file's
    /// first dense id, so every occurrence of an id meets the same table.
    #[inline]
    fn dense_order(&mut self, oid: &[u8]) -> Option<usize> {
        const SPAN: u64 = 1 << 22;
        let split = oid.len() - oid.iter().rev().take_while(|c| c.is_ascii_digit()).count();
        let (prefix, digits) = oid.split_at(split);
        if digits.is_empty() || digits.len() > 12 || prefix.len() > 16 {
            return None;
        }
        let padded = digits[0] == b'0' && digits.len() > 1;
        let packed = (date::pack16(prefix), prefix.len());
        if self.dense_shape.is_none() {
            if let Some(r) = self.range.as_mut().filter(|r| r.index > 0) {
                r.self_seeded = true;
            }
        }
        let shape = *self.dense_shape.get_or_insert(OrderIdShape {
            prefix: packed,
            width: padded.then_some(digits.len()),
        });
        let fits = match shape.width {
            Some(width) => digits.len() == width,
            None => !padded,
        };
        if !fits || shape.prefix != packed {
            return None;
        }
        let v = digits.iter().fold(0u64, |v, &c| v * 10 + (c - b'0') as u64);
        let base = *self.dense_base.get_or_insert(v.saturating_sub(SPAN / 4));
        let i = v.checked_sub(base).filter(|i| *i < SPAN)? as usize;
        if i >= self.dense_orders.len() {
            let n = (i + 1).max(self.dense_orders.len() * 2).min(SPAN as usize);
            self.dense_orders.resize(n, 0);
        }
        Some(i)
    }

    /// Applies the queued rows to their clients, in order.
    fn flush(&mut self) -> Result<(), Error> {
        let track = self.period.is_some();
        for i in 0..self.pending.len() {
            let Pending {
                client,
                day,
                amount,
                period: p,
                new_order,
            } = self.pending[i];
            let st = &mut self.stats[client as usize];
            if st.add(day, amount, new_order).is_err() {
                return Err(Error::new(
                    ErrorKind::Overflow,
                    format!(
                        "the total of client \"{}\" exceeds the exactly representable range (about 9·10^14); check the amount column and its units",
                        self.ids.get(client)
                    ),
                ));
            }
            if !track {
                continue;
            }
            if st.period == i32::MIN {
                st.period = p;
                st.period_sum = amount;
            } else if p == st.period {
                st.period_sum += amount;
            } else if p > st.period {
                st.period_sq += st.period_sum as i128 * st.period_sum as i128;
                let key = ((client as u64) << 32) | (st.period as u32 as u64);
                let closed = st.period_sum;
                if let Some(r) = &mut self.range {
                    let first = &mut r.first_periods[client as usize];
                    if first.0 == i32::MIN {
                        *first = (st.period, closed);
                    }
                }
                st.period = p;
                st.period_sum = amount;
                self.periods.insert(key, closed, day);
            } else {
                let key = ((client as u64) << 32) | (p as u32 as u64);
                let x = self.periods.get(key);
                let old = x.unwrap_or(0);
                let y = old + amount;
                st.period_sq += y as i128 * y as i128 - old as i128 * old as i128;
                if x.is_some() {
                    self.periods.set(key, y);
                } else {
                    self.periods.insert(key, y, day);
                }
            }
        }
        self.pending.clear();
        Ok(())
    }

    #[inline]
    fn period_of(&mut self, day: Day) -> i32 {
        if self.period_cache.0 == day {
            return self.period_cache.1;
        }
        let p = match self.period {
            Some(Period::Month) | None => date::month_index(day),
            Some(Period::Week) => date::week_index(day),
            Some(Period::Quarter) => date::quarter_index(day),
        };
        self.period_cache = (day, p);
        p
    }

    /// Row fingerprint over the record's fields joined by the delimiter: the same for the
    /// fast and the full parser.
    fn row_fingerprint(&mut self, r: &Record<'_>) -> u64 {
        if !r.quoted {
            return fingerprint(r.buf);
        }
        self.scratch.clear();
        for i in 0..r.len() {
            if i > 0 {
                self.scratch.push(self.delimiter_byte());
            }
            self.scratch
                .extend_from_slice(r.field(i).unwrap_or_default());
        }
        fingerprint(&self.scratch)
    }

    fn delimiter_byte(&self) -> u8 {
        self.delimiter
    }

    fn find_root(&mut self, mut c: u32) -> u32 {
        while (c as usize) < self.parent.len() && self.parent[c as usize] != c {
            let p = self.parent[c as usize];
            let gp = if (p as usize) < self.parent.len() {
                self.parent[p as usize]
            } else {
                p
            };
            if (c as usize) < self.parent.len() {
                self.parent[c as usize] = gp;
            }
            c = p;
        }
        c
    }

    fn union(&mut self, a: u32, b: u32) {
        let need = (a.max(b) as usize) + 1;
        if self.parent.len() < need {
            let start = self.parent.len() as u32;
            self.parent.extend(start..need as u32);
        }
        let (ra, rb) = (self.find_root(a), self.find_root(b));
        if ra != rb {
            // The earlier client is kept.
            let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[gone as usize] = keep;
        }
    }

    fn contact_key(&self, raw: &[u8], phone: bool) -> Option<u64> {
        let s = std::str::from_utf8(raw).ok()?.trim();
        if phone {
            let mut digits: Vec<u8> = s.bytes().filter(u8::is_ascii_digit).collect();
            if digits.len() < 7 {
                return None;
            }
            // Russian trunk prefix 8 means the country code 7.
            if self.phone_country == b"7" && digits.len() == 11 && digits[0] == b'8' {
                digits[0] = b'7';
            } else if !s.starts_with('+') && digits.len() == 10 {
                let mut d = self.phone_country.clone();
                d.extend_from_slice(&digits);
                digits = d;
            }
            Some(mix(fingerprint(&digits), 2))
        } else {
            let e = s.to_lowercase();
            if !e.contains('@') {
                return None;
            }
            Some(mix(fingerprint(e.as_bytes()), 1))
        }
    }

    fn merge_contacts(&mut self, r: &Record<'_>, client: u32) {
        for (on, col, phone) in [
            (self.merge_email, self.plan.email, false),
            (self.merge_phone, self.plan.phone, true),
        ] {
            let (true, Some(col)) = (on, col) else {
                continue;
            };
            let Some(key) = self.contact_key(r.field(col).unwrap_or_default(), phone) else {
                continue;
            };
            match self.contacts.entry(key) {
                hashbrown::hash_map::Entry::Occupied(e) => {
                    let other = *e.get();
                    if other != client {
                        self.union(other, client);
                    }
                }
                hashbrown::hash_map::Entry::Vacant(e) => {
                    e.insert(client);
                }
            }
        }
    }

    /// Estimated bytes held (clients, windows).
    fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.dense_orders.capacity() * 8
            + self.stats.capacity() * std::mem::size_of::<ClientStats>()
            + self.rows.heap_bytes()
            + self.orders.heap_bytes()
            + self.periods.heap_bytes()
    }

    /// The partial state of a range reader (see [`Ingest::range`]).
    fn into_partial(
        mut self,
        at_record_start: bool,
        lines: u64,
        bytes: u64,
    ) -> Result<crate::split::Partial, Error> {
        self.flush()?;
        let heap_bytes = self.heap_bytes() as u64;
        let range = self.range.take().unwrap_or_default();
        let mut dense_bits = vec![0u64; self.dense_orders.len().div_ceil(64)];
        for (i, slot) in self.dense_orders.iter().enumerate() {
            if *slot != 0 {
                dense_bits[i / 64] |= 1 << (i % 64);
            }
        }
        Ok(crate::split::Partial {
            index: range.index,
            at_record_start,
            self_seeded: range.self_seeded,
            sorted: self.sorted,
            lines,
            bytes,
            ids: crate::split::Ids::Table(self.ids),
            stats: self.stats,
            first_periods: range.first_periods,
            dense_base: self.dense_base,
            dense_bits,
            hashed_orders: self.orders.keys().collect(),
            evidence: self.evidence,
            audit: self.audit,
            min_day: self.min_day,
            max_day: self.max_day,
            heap_bytes,
        })
    }

    fn finish(mut self, sniff: Sniff, bytes: u64) -> Result<Aggregates, Error> {
        self.flush()?;
        // Format assumptions contradicted by later rows.
        self.evidence.check(&sniff)?;
        // Merge clients that share a contact.
        let mut merged_into = Vec::new();
        let mut merges = Vec::new();
        if !self.parent.is_empty() {
            let n = self.stats.len();
            self.parent.extend(self.parent.len() as u32..n as u32);
            let mut groups: std::collections::BTreeMap<u32, Vec<u32>> = Default::default();
            merged_into = (0..n as u32).collect();
            for c in 0..n as u32 {
                let root = self.find_root(c);
                merged_into[c as usize] = root;
                if root != c {
                    groups.entry(root).or_default().push(c);
                }
            }
            for (&root, gone) in &groups {
                for &g in gone {
                    let s = self.stats[g as usize];
                    let target = &mut self.stats[root as usize];
                    // Periods of merged clients may overlap: recombine exactly from the
                    // period window where possible (sum of squares is then approximate
                    // only for periods outside the window).
                    if target.period == s.period && s.period != i32::MIN {
                        let open = target.period_sum + s.period_sum;
                        target.period_sq += s.period_sq;
                        target.period_sum = open;
                        target.monetary = target.monetary.saturating_add(s.monetary);
                        target.first = target.first.min(s.first);
                        target.last = target.last.max(s.last);
                        target.rows += s.rows;
                        target.orders += s.orders;
                    } else if target.merge(&s).is_err() {
                        return Err(Error::new(
                            ErrorKind::Overflow,
                            "a merged client's total exceeds the exactly representable range",
                        ));
                    }
                    self.stats[g as usize] = ClientStats::default();
                }
                merges.push((
                    self.ids.get(root).to_string(),
                    gone.iter().map(|&g| self.ids.get(g).to_string()).collect(),
                ));
            }
        }
        let heap_bytes = self.heap_bytes();
        Ok(Aggregates {
            ids: self.ids,
            stats: self.stats,
            merged_into,
            merges,
            audit: self.audit,
            min_day: (self.min_day != Day::MAX).then_some(self.min_day),
            max_day: (self.max_day != Day::MIN).then_some(self.max_day),
            sniff,
            plan: self.plan,
            period: self.period,
            sorted: self.sorted,
            bytes,
            heap_bytes,
        })
    }
}

/// A range reader's early stop: its range cannot merge exactly (see [`crate::split`]).
#[cold]
fn inexact_range(why: &str) -> Error {
    Error::new(ErrorKind::InexactSplit, why)
}

fn unreachable_example() -> IssueExample {
    IssueExample {
        line: 0,
        row: 0,
        column: None,
        value: String::new(),
        detail: None,
        ref_line: None,
    }
}

impl Plan {
    fn amount_column(&self) -> usize {
        match self.amount {
            AmountSource::Column(a) => a,
            AmountSource::Product(q, _) => q,
        }
    }
}

impl RecordSink for RowProcessor {
    #[inline(never)]
    fn record(&mut self, r: &Record<'_>) -> Result<(), Error> {
        if r.line < self.data_line {
            if self.header_line.is_none_or(|h| r.line < h) {
                self.audit.preamble_lines += 1;
            }
            return Ok(());
        }
        let plan_width = self.plan.width;
        let n = r.len();
        let row = self.audit.rows_read + 1;
        let client_raw = trim(r.field(self.plan.client).unwrap_or_default());
        if client_raw.is_empty() || n != plan_width {
            // Rows with every field empty are blank lines, not data.
            if (0..n).all(|i| trim(r.field(i).unwrap_or_default()).is_empty()) {
                self.audit.blank_rows += 1;
                return Ok(());
            }
        }
        self.audit.rows_read = row;
        let (amount, amount_col) = self.parse_amount(r);
        let amount_ok = amount.ok();
        if n != plan_width {
            let extra_blank = n > plan_width
                && (plan_width..n).all(|i| trim(r.field(i).unwrap_or_default()).is_empty());
            let short_ok = n < plan_width && n > self.plan.max_used;
            if !extra_blank && !short_ok {
                let text = r.field(0).unwrap_or_default();
                return self.issue(
                    IssueKind::FieldCount,
                    r,
                    row,
                    None,
                    text,
                    amount_ok,
                    Some(format!("{n} fields, header has {plan_width}")),
                );
            }
        }
        // Client.
        if client_raw.is_empty() {
            let totals = (0..n).any(|i| is_totals_word(r.field(i).unwrap_or_default()));
            let kind = if totals {
                IssueKind::TotalsRow
            } else {
                IssueKind::MissingClient
            };
            return self.issue(kind, r, row, Some(self.plan.client), b"", amount_ok, None);
        }
        // Date.
        let date_raw = r.field(self.plan.date).unwrap_or_default();
        let day = match self.dates.parse(date_raw) {
            Ok(d) => {
                if self.ambiguous_date {
                    if let Some((a, _)) = date::day_month_evidence(date_raw) {
                        if a && self.evidence.day_first.is_none() {
                            self.evidence.day_first = Some(r.line);
                        }
                    }
                }
                d
            }
            Err(e) => {
                if self.ambiguous_date {
                    if let Some((a, b)) = date::day_month_evidence(date_raw) {
                        if b && !a && self.evidence.month_first.is_none() {
                            self.evidence.month_first = Some(r.line);
                        }
                    }
                }
                let kind = if is_totals_word(client_raw) || is_totals_word(date_raw) {
                    IssueKind::TotalsRow
                } else if e == DateError::Empty {
                    IssueKind::MissingDate
                } else {
                    IssueKind::InvalidDate
                };
                return self.issue(
                    kind,
                    r,
                    row,
                    Some(self.plan.date),
                    date_raw,
                    amount_ok,
                    None,
                );
            }
        };
        if day < self.min_date {
            return self.issue(
                IssueKind::ImplausibleDate,
                r,
                row,
                Some(self.plan.date),
                date_raw,
                amount_ok,
                None,
            );
        }
        if self.today.is_some_and(|t| day > t) {
            return self.issue(
                IssueKind::FutureDate,
                r,
                row,
                Some(self.plan.date),
                date_raw,
                amount_ok,
                None,
            );
        }
        // Amount.
        let amount = match amount {
            Ok(a) => {
                if self.ambiguous_decimal {
                    let s = number::shape(r.field(amount_col).unwrap_or_default());
                    if s.comma_decimal && self.evidence.comma.is_none() {
                        self.evidence.comma = Some(r.line);
                    }
                    if s.point_decimal && self.evidence.point.is_none() {
                        self.evidence.point = Some(r.line);
                    }
                }
                a
            }
            Err(e) => {
                let raw = r.field(amount_col).unwrap_or_default();
                if self.ambiguous_decimal {
                    let s = number::shape(raw);
                    if s.comma_decimal && self.evidence.comma.is_none() {
                        self.evidence.comma = Some(r.line);
                    }
                    if s.point_decimal && self.evidence.point.is_none() {
                        self.evidence.point = Some(r.line);
                    }
                }
                let kind = match e {
                    NumberError::Empty => IssueKind::MissingAmount,
                    NumberError::Malformed => IssueKind::InvalidAmount,
                    NumberError::Overflow => IssueKind::AmountOverflow,
                };
                return self.issue(kind, r, row, Some(amount_col), raw, None, None);
            }
        };
        if self.as_of.is_some_and(|a| day > a) {
            return self.issue(
                IssueKind::AfterAsOf,
                r,
                row,
                Some(self.plan.date),
                date_raw,
                Some(amount),
                None,
            );
        }
        // Client index: the previous row's client is the common case.
        let same_as_last = client_raw.len() == self.last_id.1
            && if client_raw.len() <= 16 {
                date::pack16(client_raw) == self.last_id.0
            } else {
                self.ids.bytes_of(self.last_client) == client_raw
            };
        let client = if self.last_client != NO_CLIENT
            && self.id_mode == ClientIdMode::Exact
            && same_as_last
        {
            self.last_client
        } else {
            let normalized: Option<Vec<u8>> = match self.id_mode {
                ClientIdMode::Exact => None,
                ClientIdMode::CaseInsensitive => Some(self.normalized_id(client_raw).to_vec()),
            };
            let id: &[u8] = normalized.as_deref().unwrap_or(client_raw);
            let found = self.ids.find(id);
            let c = match found {
                Some(c) => c,
                None => {
                    if is_totals_word(client_raw) {
                        return self.issue(
                            IssueKind::TotalsRow,
                            r,
                            row,
                            Some(self.plan.client),
                            client_raw,
                            Some(amount),
                            None,
                        );
                    }
                    // Replacement characters: the id was not in the file's encoding.
                    let interned = if memchr::memmem::find(id, "\u{FFFD}".as_bytes()).is_some() {
                        None
                    } else {
                        self.ids.intern(id).ok()
                    };
                    match interned {
                        Some((c, _)) => {
                            self.stats.push(ClientStats::default());
                            if let Some(r) = &mut self.range {
                                r.first_periods.push((i32::MIN, 0));
                            }
                            c
                        }
                        None => {
                            return self.issue(
                                IssueKind::InvalidEncoding,
                                r,
                                row,
                                Some(self.plan.client),
                                client_raw,
                                Some(amount),
                                None,
                            );
                        }
                    }
                }
            };
            self.last_client = c;
            self.last_id = (date::pack16(client_raw), client_raw.len());
            c
        };
        // Date order and the history windows.
        if day < self.max_day {
            if self.range.is_some() {
                // A range out of date order cannot merge exactly: stop early.
                return Err(inexact_range("the rows are not in date order"));
            }
            if self.sorted {
                self.rows.unsorted();
                self.periods.unsorted();
            }
            self.sorted = false;
        } else if day > self.max_day {
            if self.sorted {
                self.rows.advance(day);
                self.orders.advance(day);
                self.periods.advance(day);
            }
            self.max_day = day;
        }
        self.min_day = self.min_day.min(day);
        let covered = self.rows.covers(day) && self.orders.covers(day) && self.periods.covers(day);
        if !covered {
            self.flag(
                IssueKind::OutOfOrderBeyondWindow,
                r.line,
                row,
                lossy(date_raw),
                None,
            );
        }
        // Exact duplicates.
        if self.duplicates == DuplicatePolicy::Drop {
            let fp = self.row_fingerprint(r);
            if let Some(first) = self
                .rows
                .insert(fp, r.line.min(u32::MAX as u64) as u32, day)
            {
                let example = self.audit.wants_example(IssueKind::DuplicateRow);
                self.issue(
                    IssueKind::DuplicateRow,
                    r,
                    row,
                    None,
                    r.field(self.plan.client).unwrap_or_default(),
                    Some(amount),
                    Some(format!("same as line {first}")),
                )?;
                if example {
                    self.audit
                        .set_last_ref_line(IssueKind::DuplicateRow, first as u64);
                }
                return Ok(());
            }
        }
        // Orders.
        let new_order = match self.plan.order {
            None => true,
            Some(col) => {
                let oid = trim(r.field(col).unwrap_or_default());
                if oid.is_empty() {
                    true
                } else {
                    let dense = self.dense_order(oid);
                    let key = match dense {
                        Some(v) => v as u64 | 1 << 63,
                        None => fingerprint(oid),
                    };
                    if self.last_order == (key, client, day) {
                        false
                    } else {
                        self.last_order = (key, client, day);
                        let packed = ((client as u64) << 32) | (day as u32 as u64);
                        let seen = match dense {
                            Some(i) => {
                                let slot = &mut self.dense_orders[i];
                                if *slot == 0 {
                                    *slot = packed + (1 << 32);
                                    None
                                } else {
                                    Some(*slot - (1 << 32))
                                }
                            }
                            None => self.orders.insert(key, packed, day),
                        };
                        match seen {
                            None => true,
                            Some(v) => {
                                let (oc, od) = ((v >> 32) as u32, v as u32 as Day);
                                if oc == client {
                                    if od != day {
                                        let d = date::iso(od);
                                        self.flag(
                                            IssueKind::OrderIdConflict,
                                            r.line,
                                            row,
                                            lossy(oid),
                                            Some(format!("also dated {d}")),
                                        );
                                    }
                                    false
                                } else {
                                    let other = self.ids.get(oc).to_string();
                                    self.flag(
                                        IssueKind::OrderIdConflict,
                                        r.line,
                                        row,
                                        lossy(oid),
                                        Some(format!("also used by client {other}")),
                                    );
                                    self.orders
                                        .insert(mix(fingerprint(oid), client as u64), packed, day)
                                        .is_none()
                                }
                            }
                        }
                    }
                }
            }
        };
        if self.range.is_some() && self.audit.count(IssueKind::OrderIdConflict) > 0 {
            return Err(inexact_range("order ids are reused"));
        }
        // Aggregate: queued, and applied in batches so that the memory accesses of many
        // rows' clients overlap instead of stalling one by one.
        let period = if self.period.is_some() {
            self.period_of(day)
        } else {
            i32::MIN
        };
        self.pending.push(Pending {
            client,
            day,
            amount,
            period,
            new_order,
        });
        if self.pending.len() >= PENDING {
            self.flush()?;
        }
        if amount == 0 {
            self.flag(IssueKind::ZeroAmount, r.line, row, lossy(client_raw), None);
        } else if amount < 0 {
            if self.audit.wants_example(IssueKind::NegativeAmount) {
                let v = lossy(r.field(amount_col).unwrap_or_default());
                self.flag(IssueKind::NegativeAmount, r.line, row, v, None);
            } else {
                self.audit
                    .issue(IssueKind::NegativeAmount, None, unreachable_example);
            }
        }
        if self.merge_email || self.merge_phone {
            self.merge_contacts(r, client);
        }
        self.audit.accepted(amount, r.line);
        Ok(())
    }
}

enum Stage {
    Sniffing(Vec<u8>),
    Reading(Box<Reading>),
    Done,
}

struct Reading {
    sniff: Sniff,
    transcoder: Option<Transcoder>,
    reader: RecordReader,
    rows: RowProcessor,
    skip_bom: usize,
}

/// Streaming reader of a transactions file.
pub struct Ingest {
    opts: Options,
    resolved: Resolved,
    period: Option<Period>,
    stage: Stage,
    bytes: u64,
    size_hint: Option<u64>,
}

/// Progress of a streaming read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Bytes received.
    pub bytes: u64,
    /// Data rows read.
    pub rows: u64,
    /// Distinct clients so far.
    pub clients: u64,
}

impl Ingest {
    /// A reader with `opts`; `period` is the XYZ period to track (none to skip).
    pub fn new(opts: &Options, period: Option<Period>) -> Result<Ingest, Error> {
        let resolved = opts.resolve()?;
        Ok(Ingest {
            opts: opts.clone(),
            resolved,
            period,
            stage: Stage::Sniffing(Vec::new()),
            bytes: 0,
            size_hint: None,
        })
    }

    /// Tells the total input size in advance, so tables are sized once instead of grown.
    pub fn set_size_hint(&mut self, total_bytes: u64) {
        self.size_hint = Some(total_bytes);
    }

    /// Progress so far.
    pub fn progress(&self) -> Progress {
        match &self.stage {
            Stage::Reading(r) => Progress {
                bytes: self.bytes,
                rows: r.rows.audit.rows_read,
                clients: r.rows.stats.len() as u64,
            },
            _ => Progress {
                bytes: self.bytes,
                ..Progress::default()
            },
        }
    }

    /// The sniff, once enough input has arrived.
    pub fn sniffed(&self) -> Option<&Sniff> {
        match &self.stage {
            Stage::Reading(r) => Some(&r.sniff),
            _ => None,
        }
    }

    /// Feeds the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.bytes += chunk.len() as u64;
        match &mut self.stage {
            Stage::Sniffing(buf) if buf.is_empty() && chunk.len() >= SNIFF_BYTES => {
                // The first chunk holds the whole sample: no copy.
                self.start(chunk, false)
            }
            Stage::Sniffing(buf) => {
                let need = SNIFF_BYTES.saturating_sub(buf.len());
                let (head, rest) = chunk.split_at(need.min(chunk.len()));
                buf.extend_from_slice(head);
                if buf.len() >= SNIFF_BYTES {
                    let buf = std::mem::take(buf);
                    self.start(&buf, false)?;
                    if let Stage::Reading(r) = &mut self.stage {
                        r.feed(rest, false)?;
                    }
                }
                Ok(())
            }
            Stage::Reading(r) => r.feed(chunk, false),
            Stage::Done => Err(Error::new(
                ErrorKind::Finished,
                "the analyzer has already finished",
            )),
        }
    }

    fn start(&mut self, buf: &[u8], complete: bool) -> Result<(), Error> {
        // The sniffer sees the first SNIFF_BYTES whatever the size of the first chunk.
        let sample = &buf[..buf.len().min(SNIFF_BYTES)];
        let sniff = sniff::sniff(sample, complete && sample.len() == buf.len(), &self.opts)?;
        let mut reading = self.reading(sniff, sample)?;
        reading.feed(buf, complete)?;
        self.stage = Stage::Reading(Box::new(reading));
        Ok(())
    }

    /// A reader of the byte range number `index` of a file split for parallel reading (see
    /// [`crate::split`]). Every range reads the same `head` (the file's first bytes, at
    /// least [`SNIFF_BYTES`] of them or the whole file) and so sniffs the same format; range
    /// 0 starts at the file's start, the others at a record start. `total` is the file's size
    /// and `range_bytes` the range's, to size tables.
    pub(crate) fn range(
        opts: &Options,
        period: Option<Period>,
        head: &[u8],
        total: u64,
        index: u32,
        range_bytes: u64,
    ) -> Result<Ingest, Error> {
        if !opts.merge_by.is_empty() {
            return Err(Error::option(
                "a file is read in parallel ranges only without `mergeBy`",
            ));
        }
        let mut ingest = Ingest::new(opts, period)?;
        let sample = &head[..head.len().min(SNIFF_BYTES)];
        let complete = total <= SNIFF_BYTES as u64 && head.len() as u64 >= total;
        let sniff = sniff::sniff(sample, complete, opts)?;
        let charset = sniff.charset();
        if !charset.is_utf8() && !charset.encoding.is_single_byte() {
            return Err(Error::option(format!(
                "a file in {} is not read in parallel ranges (UTF-8 and one-byte encodings are)",
                charset.name()
            )));
        }
        // Which order ids go to the dense table is fixed by the file's first one: the head
        // says which it is, for every range.
        let seed = if index > 0 && Plan::from_sniff(&sniff)?.order.is_some() {
            // Tables sized for the head, not for the range.
            ingest.size_hint = Some(head.len() as u64);
            let mut probe = ingest.reading(sniff.clone(), sample)?;
            // A row that fails the head's reading only means no seed.
            let _ = probe.feed(head, false);
            probe.rows.dense_shape.zip(probe.rows.dense_base)
        } else {
            None
        };
        ingest.size_hint = Some(range_bytes);
        let mut reading = ingest.reading(sniff, sample)?;
        if index > 0 {
            reading.skip_bom = 0;
            reading.rows.data_line = 0;
            reading.rows.header_line = None;
            if let Some((shape, base)) = seed {
                reading.rows.dense_shape = Some(shape);
                reading.rows.dense_base = Some(base);
            }
        }
        reading.rows.range = Some(RangeState {
            index,
            ..RangeState::default()
        });
        // Order ids are remembered for the whole range, so that a repeat anywhere in the
        // range is seen (and the merge falls back to one reader).
        reading.rows.orders = Window::with_capacity(0, 0);
        ingest.stage = Stage::Reading(Box::new(reading));
        Ok(ingest)
    }

    /// Ends the input of a range reader (see [`Ingest::range`]) and returns its partial state.
    pub(crate) fn finish_range(&mut self) -> Result<crate::split::Partial, Error> {
        let Stage::Reading(mut r) = std::mem::replace(&mut self.stage, Stage::Done) else {
            return Err(Error::new(
                ErrorKind::Finished,
                "the range reader has already finished",
            ));
        };
        let at_record_start = r.reader.at_record_start();
        r.feed(&[], true)?;
        let lines = r.reader.line() - 1;
        r.rows.into_partial(at_record_start, lines, self.bytes)
    }

    /// A reading stage for `sniff`, sized from `sample`.
    fn reading(&self, sniff: Sniff, sample: &[u8]) -> Result<Reading, Error> {
        let plan = Plan::from_sniff(&sniff)?;
        let charset = sniff.charset();
        let expected_rows = match self.size_hint {
            Some(total) if !sample.is_empty() => {
                let lines = memchr::memchr_iter(b'\n', sample).count().max(1);
                (total as f64 * lines as f64 / sample.len() as f64) as usize
            }
            _ => 0,
        };
        let rows = RowProcessor::new(
            &sniff,
            plan,
            &self.opts,
            &self.resolved,
            self.period,
            expected_rows,
        );
        Ok(Reading {
            skip_bom: if charset.is_utf8() {
                charset.bom_len
            } else {
                0
            },
            transcoder: (!charset.is_utf8()).then(|| Transcoder::new(charset)),
            reader: RecordReader::new(sniff.delimiter_byte(), sniff.line_ending),
            sniff,
            rows,
        })
    }

    /// Ends the input and returns the aggregates.
    pub fn finish(&mut self) -> Result<Aggregates, Error> {
        if let Stage::Sniffing(buf) = &mut self.stage {
            let buf = std::mem::take(buf);
            self.start(&buf, true)?;
        } else if let Stage::Reading(r) = &mut self.stage {
            r.feed(&[], true)?;
        }
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Reading(r) => {
                let Reading { sniff, rows, .. } = *r;
                rows.finish(sniff, self.bytes)
            }
            _ => Err(Error::new(
                ErrorKind::Finished,
                "the analyzer has already finished",
            )),
        }
    }
}

impl Reading {
    fn feed(&mut self, chunk: &[u8], last: bool) -> Result<(), Error> {
        let mut chunk = chunk;
        if self.skip_bom > 0 {
            let n = self.skip_bom.min(chunk.len());
            chunk = &chunk[n..];
            self.skip_bom -= n;
        }
        match &mut self.transcoder {
            Some(t) => {
                let utf8 = t.convert(chunk, last);
                self.reader.feed(utf8, &mut self.rows)?;
            }
            None => {
                // Pieces of 1 MB: each call re-enters the splitter, so a WebAssembly engine
                // that optimises hot functions in the background switches to the optimised
                // code early in a large input instead of after it.
                for piece in chunk.chunks(1 << 20) {
                    self.reader.feed(piece, &mut self.rows)?;
                }
            }
        }
        if last {
            self.reader.finish(&mut self.rows)?;
            self.rows.audit.blank_rows += self.reader.blank_lines();
        }
        Ok(())
    }
}

/// Reads a whole input.
pub fn read_all(data: &[u8], opts: &Options, period: Option<Period>) -> Result<Aggregates, Error> {
    let mut ingest = Ingest::new(opts, period)?;
    ingest.set_size_hint(data.len() as u64);
    ingest.push(data)?;
    ingest.finish()
}
