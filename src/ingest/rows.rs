//! Row processing: every record of the file goes through one check per step (shape, client,
//! date, amount, analysis date, client index, date order, duplicates, order id) and is
//! either counted under an issue with its line and reason, or added to its client.

use super::accumulate::Accumulator;
use super::audit::{same_as, AuditBuilder, IssueExample};
use super::bytes::{pack16, trim as trim_slow};
use super::categories::Categories;
use super::contacts::Contacts;
use super::dates::{day_month_evidence, DateError, DateParser};
use super::evidence::Evidence;
use super::interner::{fingerprint, Interner};
use super::numbers::{self, NumberError};
use super::options::{
    BadRowPolicy, CancelledPolicy, ClientIdMode, DuplicatePolicy, ReadOptions, Resolved,
    ReturnPolicy,
};
use super::orders::{OrderIds, OrderSeen};
use super::plan::{AmountSource, Plan};
use super::profile::Profiles;
use super::records::{Record, RecordSink};
use super::sniff::{column_name, Sniff};
use super::status::{self, OrderStatus};
use super::window::Deferred;
use crate::calendar::{self, Day, Period};
use crate::error::{Disposition, Error, ErrorKind, IssueKind, Position};
use crate::locale::{count_ru, fmt_date, Bilingual, DateFormat, Decimal, Lang};
use crate::money::{self, Money};

const NO_CLIENT: u32 = u32::MAX;

/// Turns records into per-client accumulators and the audit.
pub(crate) struct RowProcessor {
    pub(super) plan: Plan,
    pub(super) data_line: u64,
    pub(super) header_line: Option<u64>,
    pub(super) dates: DateParser,
    decimal: Decimal,
    pub(super) delimiter: u8,
    policy: BadRowPolicy,
    duplicates: DuplicatePolicy,
    id_mode: ClientIdMode,
    as_of: Option<Day>,
    today: Option<Day>,
    min_date: Day,
    pub(super) ids: Interner,
    pub(super) acc: Accumulator,
    pub(super) audit: AuditBuilder,
    /// Fingerprints of earlier rows, for exact duplicates.
    pub(super) rows: Deferred<u32>,
    pub(super) orders: OrderIds,
    pub(super) contacts: Option<Contacts>,
    pub(super) profiles: Option<Profiles>,
    /// Per client, what it bought by category, when the file has a category column.
    pub(super) categories: Option<Categories>,
    returns: ReturnPolicy,
    cancelled: CancelledPolicy,
    /// The meaning of each status text seen (a few distinct values in a file).
    statuses: hashbrown::HashMap<Box<[u8]>, OrderStatus>,
    /// The previous accepted row's order id, packed with its length (see [`pack16`]).
    pub(super) last_order: ((u64, u64), usize),
    /// The latest purchase date (returns aside), the default analysis date.
    pub(super) max_purchase: Day,
    pub(super) last_client: u32,
    /// The previous row's client id packed (see [`pack16`]) with its length, so the common
    /// check "same client as the previous row" does not touch the id arena.
    pub(super) last_id: ((u64, u64), usize),
    pub(super) min_day: Day,
    pub(super) max_day: Day,
    pub(super) sorted: bool,
    pub(super) ambiguous_date: bool,
    pub(super) ambiguous_decimal: bool,
    pub(super) evidence: Evidence,
    scratch: Vec<u8>,
    /// The index of the byte range this reader reads, when the file is split (see
    /// [`Ingest::range`](super::Ingest::range)).
    pub(super) range: Option<u32>,
    /// The language of the names of columns without a header.
    lang: Lang,
}

impl RowProcessor {
    pub(super) fn new(
        sniff: &Sniff,
        plan: Plan,
        opts: &ReadOptions,
        r: &Resolved,
        period: Option<Period>,
        expected_rows: usize,
        lang: Lang,
    ) -> Self {
        let format = sniff.date_format.unwrap_or(DateFormat::Ymd);
        RowProcessor {
            data_line: sniff.data_line,
            header_line: sniff.header_line,
            dates: DateParser::new(format),
            decimal: sniff.decimal_separator,
            delimiter: sniff.delimiter_byte(),
            policy: opts.on_bad_row,
            duplicates: opts.duplicates,
            id_mode: opts.client_ids.unwrap_or_default(),
            contacts: Contacts::new(opts, &plan, &r.phone_country),
            profiles: Profiles::new(&plan),
            categories: plan.category.map(Categories::new),
            returns: opts.returns,
            cancelled: opts.cancelled,
            statuses: hashbrown::HashMap::new(),
            last_order: ((0, 0), usize::MAX),
            max_purchase: Day::MIN,
            plan,
            as_of: r.as_of,
            today: r.today,
            min_date: r.min_date,
            ids: Interner::with_capacity((expected_rows / 8).min(1 << 18)),
            acc: Accumulator::new(period, r.history_window, expected_rows),
            audit: AuditBuilder::new(r.max_examples),
            rows: Deferred::same_date(r.history_window, expected_rows),
            orders: OrderIds::new(r.history_window, expected_rows),
            last_client: NO_CLIENT,
            last_id: ((0, 0), usize::MAX),
            min_day: Day::MAX,
            max_day: Day::MIN,
            sorted: true,
            ambiguous_date: sniff.date_format_ambiguous,
            ambiguous_decimal: sniff.decimal_ambiguous,
            evidence: Evidence::default(),
            scratch: Vec::new(),
            range: None,
            lang,
        }
    }

    fn column_name(&self, i: usize) -> String {
        self.plan
            .names
            .get(i)
            .cloned()
            .unwrap_or_else(|| column_name(i, self.lang))
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
        detail: Option<Bilingual>,
    ) -> Result<(), Error> {
        let rejected = kind.disposition() == Disposition::Rejected;
        if rejected && self.policy == BadRowPolicy::Fail {
            let (msg, msg_ru) = match kind {
                IssueKind::FieldCount => (
                    format!(
                        "{} fields where the header has {}",
                        r.len(),
                        self.plan.width
                    ),
                    format!(
                        "{} в строке, а в заголовке {}",
                        count_ru(r.len() as u64, ["поле", "поля", "полей"]),
                        self.plan.width
                    ),
                ),
                _ => (
                    format!("\"{}\": {}", lossy(value), kind.describe_en()),
                    format!("«{}»: {}", lossy(value), kind.describe_ru()),
                ),
            };
            return Err(Error::new(ErrorKind::BadRow, msg).ru(msg_ru).at(Position {
                row: Some(row),
                line: Some(r.line),
                column: column.map(|c| self.column_name(c)),
            }));
        }
        let line = r.line;
        if self.audit.wants_example(kind) {
            let column = column.map(|c| self.column_name(c));
            self.audit.issue(kind, amount, || {
                IssueExample::new(line, row, column, lossy(value)).with_details(detail)
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

    /// Flags a used row for a look.
    #[cold]
    #[inline(never)]
    pub(super) fn flag(
        &mut self,
        kind: IssueKind,
        line: u64,
        row: u64,
        value: String,
        detail: Option<Bilingual>,
    ) {
        self.audit.issue(kind, None, || {
            IssueExample::new(line, row, None, value).with_details(detail)
        });
    }

    #[inline]
    fn parse_amount(&self, r: &Record<'_>) -> (Result<Money, NumberError>, usize) {
        match self.plan.amount {
            AmountSource::Column(a) => (
                numbers::parse_money(r.field(a).unwrap_or_default(), self.decimal),
                a,
            ),
            AmountSource::Product(q, p) => {
                let qv = numbers::parse_money(r.field(q).unwrap_or_default(), self.decimal);
                let pv = numbers::parse_money(r.field(p).unwrap_or_default(), self.decimal);
                match (qv, pv) {
                    (Ok(q), Ok(p)) => (
                        money::mul_money(q, p).ok_or(NumberError::Overflow),
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

    /// Row fingerprint over the record's fields joined by the delimiter: the same for the
    /// fast and the full parser.
    fn row_fingerprint(&mut self, r: &Record<'_>) -> u64 {
        if !r.quoted {
            return fingerprint(r.buf);
        }
        self.scratch.clear();
        for i in 0..r.len() {
            if i > 0 {
                self.scratch.push(self.delimiter);
            }
            self.scratch
                .extend_from_slice(r.field(i).unwrap_or_default());
        }
        fingerprint(&self.scratch)
    }

    /// Estimated bytes held (clients, windows).
    pub(super) fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes()
            + self.acc.heap_bytes()
            + self.rows.heap_bytes()
            + self.orders.heap_bytes()
            + self.profiles.as_ref().map_or(0, Profiles::heap_bytes)
            + self.categories.as_ref().map_or(0, Categories::heap_bytes)
    }

    /// Ends the input: the last queued rows, the format check, the merging of clients.
    pub(super) fn finish(mut self, sniff: Sniff, bytes: u64) -> Result<super::Aggregates, Error> {
        self.acc.flush(&self.ids)?;
        // Format assumptions contradicted by later rows.
        self.evidence.check(&sniff)?;
        let (merged_into, merges) = match self.contacts.take() {
            Some(c) => c.merge(&self.ids, &mut self.acc)?,
            None => (Vec::new(), Vec::new()),
        };
        if let Some(c) = &mut self.categories {
            c.merge_clients(&merged_into);
        }
        let heap_bytes = self.heap_bytes();
        Ok(super::Aggregates {
            ids: self.ids,
            gaps: self.acc.gaps,
            stats: self.acc.stats,
            merged_into,
            merges,
            audit: self.audit,
            min_day: (self.min_day != Day::MAX).then_some(self.min_day),
            max_day: (self.max_day != Day::MIN).then_some(self.max_day),
            max_purchase: (self.max_purchase != Day::MIN).then_some(self.max_purchase),
            profiles: self.profiles,
            categories: self.categories,
            sniff,
            plan: self.plan,
            sorted: self.sorted,
            bytes,
            heap_bytes,
        })
    }
}

/// The steps of one data row, in order. Each returns `None` when the row stopped there
/// (counted under an issue).
impl RowProcessor {
    /// Lines before the data, blank rows and the row number of a data row.
    #[inline(always)]
    fn start_row(&mut self, r: &Record<'_>) -> Option<u64> {
        if r.line < self.data_line {
            if self.header_line.is_none_or(|h| r.line < h) {
                self.audit.preamble_lines += 1;
            }
            return None;
        }
        let n = r.len();
        let client_raw = trim(r.field(self.plan.client).unwrap_or_default());
        // Rows with every field empty are blank lines, not data.
        if (client_raw.is_empty() || n != self.plan.width)
            && (0..n).all(|i| trim(r.field(i).unwrap_or_default()).is_empty())
        {
            self.audit.blank_rows += 1;
            return None;
        }
        self.audit.rows_read += 1;
        Some(self.audit.rows_read)
    }

    /// The number of fields, and the client field.
    #[inline(always)]
    fn check_shape<'r>(
        &mut self,
        r: &Record<'r>,
        row: u64,
        amount: Option<Money>,
    ) -> Result<Option<&'r [u8]>, Error> {
        let (n, width) = (r.len(), self.plan.width);
        if n != width {
            let extra_blank =
                n > width && (width..n).all(|i| trim(r.field(i).unwrap_or_default()).is_empty());
            let short_ok = n < width && n > self.plan.max_used;
            if !extra_blank && !short_ok {
                let text = r.field(0).unwrap_or_default();
                let (quote, quote_ru) = match r.open_quote {
                    true => (
                        "; a quote in the row is not closed by the end of its line",
                        "; кавычка в строке не закрыта до её конца",
                    ),
                    false => ("", ""),
                };
                let detail = Some(Bilingual::new(
                    format!("{n} fields, header has {width}{quote}"),
                    format!(
                        "{}, в заголовке {width}{quote_ru}",
                        count_ru(n as u64, ["поле", "поля", "полей"])
                    ),
                ));
                self.issue(IssueKind::FieldCount, r, row, None, text, amount, detail)?;
                return Ok(None);
            }
        }
        let client_raw = trim(r.field(self.plan.client).unwrap_or_default());
        if client_raw.is_empty() {
            let totals = (0..n).any(|i| is_totals_word(r.field(i).unwrap_or_default()));
            let kind = if totals {
                IssueKind::TotalsRow
            } else {
                IssueKind::MissingClient
            };
            self.issue(kind, r, row, Some(self.plan.client), b"", amount, None)?;
            return Ok(None);
        }
        if self.plan.float_ids {
            return Ok(Some(strip_float_zeros(client_raw)));
        }
        Ok(Some(client_raw))
    }

    /// The date: its format, the plausibility bound and today.
    #[inline(always)]
    fn check_date<'r>(
        &mut self,
        r: &Record<'r>,
        row: u64,
        client_raw: &[u8],
        amount: Option<Money>,
    ) -> Result<Option<(Day, &'r [u8])>, Error> {
        let date_raw = r.field(self.plan.date).unwrap_or_default();
        let column = Some(self.plan.date);
        let day = match self.dates.parse(date_raw) {
            Ok(d) => {
                if self.ambiguous_date {
                    self.note_date_evidence(date_raw, r.line, true);
                }
                d
            }
            Err(e) => {
                if self.ambiguous_date {
                    self.note_date_evidence(date_raw, r.line, false);
                }
                let kind = if is_totals_word(client_raw) || is_totals_word(date_raw) {
                    IssueKind::TotalsRow
                } else if e == DateError::Empty {
                    IssueKind::MissingDate
                } else {
                    IssueKind::InvalidDate
                };
                self.issue(kind, r, row, column, date_raw, amount, None)?;
                return Ok(None);
            }
        };
        let kind = if day < self.min_date {
            IssueKind::ImplausibleDate
        } else if self.today.is_some_and(|t| day > t) {
            IssueKind::FutureDate
        } else {
            return Ok(Some((day, date_raw)));
        };
        self.issue(kind, r, row, column, date_raw, amount, None)?;
        Ok(None)
    }

    /// The first line of a day-first date (one that parsed) or a month-first one (one that
    /// did not).
    #[inline]
    fn note_date_evidence(&mut self, date_raw: &[u8], line: u64, parsed: bool) {
        let Some((a, b)) = day_month_evidence(date_raw) else {
            return;
        };
        if parsed && a && self.evidence.day_first.is_none() {
            self.evidence.day_first = Some(line);
        }
        if !parsed && b && !a && self.evidence.month_first.is_none() {
            self.evidence.month_first = Some(line);
        }
    }

    /// The amount, parsed earlier; an empty amount on a further line of the previous row's
    /// order is a line of that order (its amount is on its first line): zero, `true`.
    #[inline(always)]
    fn check_amount(
        &mut self,
        r: &Record<'_>,
        row: u64,
        amount: Result<Money, NumberError>,
        column: usize,
    ) -> Result<Option<(Money, bool)>, Error> {
        let raw = r.field(column).unwrap_or_default();
        if self.ambiguous_decimal {
            self.note_decimal_evidence(raw, r.line);
        }
        match amount {
            Ok(a) => Ok(Some((a, false))),
            Err(NumberError::Empty) if self.same_order_as_last(r) => Ok(Some((0, true))),
            Err(e) => {
                let kind = match e {
                    NumberError::Empty => IssueKind::MissingAmount,
                    NumberError::Malformed => IssueKind::InvalidAmount,
                    NumberError::Overflow => IssueKind::AmountOverflow,
                };
                self.issue(kind, r, row, Some(column), raw, None, None)?;
                Ok(None)
            }
        }
    }

    /// The first line of an amount with a decimal comma, and of one with a decimal point.
    #[inline]
    fn note_decimal_evidence(&mut self, raw: &[u8], line: u64) {
        let s = numbers::shape(raw);
        if s.comma_decimal && self.evidence.comma.is_none() {
            self.evidence.comma = Some(line);
        }
        if s.point_decimal && self.evidence.point.is_none() {
            self.evidence.point = Some(line);
        }
    }

    /// The client's index: the previous row's client is the common case; a new id is
    /// interned unless it is a totals word or not in the file's encoding.
    #[inline(always)]
    fn client_index(
        &mut self,
        r: &Record<'_>,
        row: u64,
        client_raw: &[u8],
        amount: Money,
    ) -> Result<Option<u32>, Error> {
        let same_as_last = client_raw.len() == self.last_id.1
            && if client_raw.len() <= 16 {
                pack16(client_raw) == self.last_id.0
            } else {
                self.ids.bytes_of(self.last_client) == client_raw
            };
        if self.last_client != NO_CLIENT && self.id_mode == ClientIdMode::Exact && same_as_last {
            return Ok(Some(self.last_client));
        }
        let normalized: Option<Vec<u8>> = match self.id_mode {
            ClientIdMode::Exact => None,
            ClientIdMode::CaseInsensitive => Some(self.normalized_id(client_raw).to_vec()),
        };
        let id: &[u8] = normalized.as_deref().unwrap_or(client_raw);
        let c = match self.ids.find(id) {
            Some(c) => c,
            None => match self.new_client(r, row, client_raw, id, amount)? {
                Some(c) => c,
                None => return Ok(None),
            },
        };
        self.last_client = c;
        self.last_id = (pack16(client_raw), client_raw.len());
        Ok(Some(c))
    }

    /// Interns a client seen for the first time.
    fn new_client(
        &mut self,
        r: &Record<'_>,
        row: u64,
        client_raw: &[u8],
        id: &[u8],
        amount: Money,
    ) -> Result<Option<u32>, Error> {
        let column = Some(self.plan.client);
        if is_totals_word(client_raw) {
            let kind = IssueKind::TotalsRow;
            self.issue(kind, r, row, column, client_raw, Some(amount), None)?;
            return Ok(None);
        }
        // Replacement characters: the id was not in the file's encoding.
        let interned = if memchr::memmem::find(id, "\u{FFFD}".as_bytes()).is_some() {
            None
        } else {
            self.ids.intern(id).ok()
        };
        match interned {
            Some((c, _)) => {
                self.acc.new_client();
                if let Some(p) = &mut self.profiles {
                    p.new_client();
                }
                Ok(Some(c))
            }
            None => {
                let kind = IssueKind::InvalidEncoding;
                self.issue(kind, r, row, column, client_raw, Some(amount), None)?;
                Ok(None)
            }
        }
    }

    /// Date order and the history windows.
    #[inline(always)]
    fn date_order(
        &mut self,
        r: &Record<'_>,
        row: u64,
        day: Day,
        date_raw: &[u8],
    ) -> Result<(), Error> {
        if day < self.max_day {
            if self.range.is_some() {
                // A range out of date order cannot merge exactly: stop early.
                return Err(inexact_range(
                    "the rows are not in date order",
                    "строки идут не по порядку дат",
                ));
            }
            if self.sorted {
                self.rows.unsorted();
                self.acc.periods.unsorted();
                self.acc.days.unsorted();
            }
            self.sorted = false;
        } else if day > self.max_day {
            if self.sorted {
                self.rows.advance(day);
                self.orders.hashed.advance(day);
                self.acc.periods.advance(day);
                self.acc.days.advance(day);
            }
            self.max_day = day;
        }
        self.min_day = self.min_day.min(day);
        let covered = self.rows.covers(day)
            && self.orders.hashed.covers(day)
            && self.acc.periods.covers(day)
            && self.acc.days.covers(day);
        if !covered {
            let kind = IssueKind::OutOfOrderBeyondWindow;
            self.flag(kind, r.line, row, lossy(date_raw), None);
        }
        Ok(())
    }

    /// Whether the row exactly repeats an earlier one (then counted, not used).
    #[inline(always)]
    fn is_duplicate(
        &mut self,
        r: &Record<'_>,
        row: u64,
        day: Day,
        amount: Money,
    ) -> Result<bool, Error> {
        if self.duplicates != DuplicatePolicy::Drop {
            return Ok(false);
        }
        let fp = self.row_fingerprint(r);
        let line = r.line.min(u32::MAX as u64) as u32;
        let Some(first) = self.rows.insert(fp, line, day) else {
            return Ok(false);
        };
        let kind = IssueKind::DuplicateRow;
        let example = self.audit.wants_example(kind);
        let client = r.field(self.plan.client).unwrap_or_default();
        let detail = Some(same_as(first as u64));
        self.issue(kind, r, row, None, client, Some(amount), detail)?;
        if example {
            self.audit.set_last_ref_line(kind, first as u64);
        }
        Ok(true)
    }

    /// Whether the row starts a new order; reused ids are flagged.
    #[inline(always)]
    fn is_new_order(
        &mut self,
        r: &Record<'_>,
        row: u64,
        client: u32,
        day: Day,
    ) -> Result<bool, Error> {
        let Some(col) = self.plan.order else {
            return Ok(true);
        };
        let oid = trim(r.field(col).unwrap_or_default());
        if oid.is_empty() {
            return Ok(true);
        }
        let new_order = match self.orders.see(oid, client, day) {
            OrderSeen::New => true,
            OrderSeen::Again => false,
            OrderSeen::OtherDate(d) => {
                let (en, ru) = (calendar::iso(d), fmt_date(calendar::ymd(d), Lang::Ru));
                let detail = Some(Bilingual::new(
                    format!("also dated {en}"),
                    format!("есть и с датой {ru}"),
                ));
                self.flag(IssueKind::OrderIdConflict, r.line, row, lossy(oid), detail);
                false
            }
            OrderSeen::OtherClient { client, new_order } => {
                let other = self.ids.get(client);
                let detail = Some(Bilingual::new(
                    format!("also used by client {other}"),
                    format!("есть и у клиента {other}"),
                ));
                self.flag(IssueKind::OrderIdConflict, r.line, row, lossy(oid), detail);
                new_order
            }
        };
        if self.range.is_some() && self.audit.count(IssueKind::OrderIdConflict) > 0 {
            return Err(inexact_range(
                "order ids are reused",
                "номера заказов повторяются",
            ));
        }
        Ok(new_order)
    }

    /// Whether the row's order id is the previous accepted row's.
    #[inline]
    fn same_order_as_last(&self, r: &Record<'_>) -> bool {
        let Some(col) = self.plan.order else {
            return false;
        };
        let oid = trim(r.field(col).unwrap_or_default());
        !oid.is_empty()
            && oid.len() == self.last_order.1
            && oid.len() <= 16
            && pack16(oid) == self.last_order.0
    }

    /// What the row's status says (cancelled orders are left out by default).
    #[inline(always)]
    fn order_status(&mut self, r: &Record<'_>) -> OrderStatus {
        let Some(col) = self.plan.status else {
            return OrderStatus::Purchase;
        };
        let raw = trim(r.field(col).unwrap_or_default());
        if raw.is_empty() {
            return OrderStatus::Purchase;
        }
        if let Some(s) = self.statuses.get(raw) {
            return *s;
        }
        let s = status::classify(&String::from_utf8_lossy(raw));
        if self.statuses.len() < 4096 {
            self.statuses.insert(raw.into(), s);
        }
        s
    }

    /// Whether the row is a return, with its amount as a return (never positive) and how it
    /// was recognised when not by its sign.
    #[inline(always)]
    fn return_kind(
        &self,
        r: &Record<'_>,
        amount: Money,
        status: OrderStatus,
    ) -> (bool, Money, Option<&'static str>) {
        if self.returns == ReturnPolicy::AsOrders {
            return (false, amount, None);
        }
        if amount < 0 {
            return (true, amount, None);
        }
        let why = if status == OrderStatus::Return {
            Some("status")
        } else if self.plan.quantity.is_some_and(|q| {
            numbers::parse_money(r.field(q).unwrap_or_default(), self.decimal).is_ok_and(|v| v < 0)
        }) {
            Some("quantity")
        } else if self.plan.cancel_prefix
            && self.plan.order.is_some_and(|c| {
                let o = trim(r.field(c).unwrap_or_default());
                o.len() > 1 && matches!(o[0], b'C' | b'c') && o[1].is_ascii_digit()
            })
        {
            Some("orderId")
        } else {
            None
        };
        match why {
            Some(w) => (true, -amount, Some(w)),
            None => (false, amount, None),
        }
    }

    /// Adds the row to its client, with its flags, profile and contacts.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn accept(
        &mut self,
        r: &Record<'_>,
        row: u64,
        client: u32,
        day: Day,
        amount: Money,
        amount_col: usize,
        new_order: bool,
        kind: RowKind,
    ) -> Result<(), Error> {
        let is_return = matches!(kind, RowKind::Return(_));
        self.acc
            .push(client, day, amount, new_order, is_return, &self.ids)?;
        let flag = match kind {
            RowKind::Return(_) => Some(IssueKind::Return),
            RowKind::OrderLine => Some(IssueKind::OrderLine),
            RowKind::Purchase if amount == 0 => Some(IssueKind::ZeroAmount),
            RowKind::Purchase => None,
        };
        if let Some(f) = flag {
            // A return group's amount is what was given back.
            let sum = is_return.then_some(amount);
            if self.audit.wants_example(f) {
                let v = lossy(r.field(amount_col).unwrap_or_default());
                let detail = match kind {
                    RowKind::Return(Some(why)) => Some(self.return_detail(r, why)),
                    _ => None,
                };
                let line = r.line;
                self.audit.issue(f, sum, || {
                    IssueExample::new(line, row, None, v).with_details(detail)
                });
            } else {
                self.audit.issue(f, sum, unreachable_example);
            }
        }
        if r.open_quote {
            self.flag_open_quote(r, row);
        }
        if !is_return {
            self.max_purchase = self.max_purchase.max(day);
        }
        if let Some(col) = self.plan.order {
            let oid = trim(r.field(col).unwrap_or_default());
            self.last_order = (pack16(oid), oid.len());
        }
        if let Some(p) = &mut self.profiles {
            p.note(r, client);
        }
        if let Some(c) = &mut self.categories {
            let raw = trim(r.field(c.col).unwrap_or_default());
            c.note(raw, client, amount, is_return);
        }
        if let Some(c) = &mut self.contacts {
            c.note(r, client);
        }
        self.audit.accepted(amount, r.line);
        Ok(())
    }

    /// How a return with a positive amount was recognised, for the audit's example.
    #[cold]
    fn return_detail(&self, r: &Record<'_>, why: &str) -> Bilingual {
        let field = |c: Option<usize>| {
            c.map(|c| lossy(trim(r.field(c).unwrap_or_default())))
                .unwrap_or_default()
        };
        match why {
            "status" => {
                let s = field(self.plan.status);
                Bilingual::new(format!("status \"{s}\""), format!("статус «{s}»"))
            }
            "quantity" => {
                let q = field(self.plan.quantity);
                Bilingual::new(format!("quantity {q}"), format!("количество {q}"))
            }
            _ => {
                let o = field(self.plan.order);
                Bilingual::new(
                    format!("cancellation invoice {o}"),
                    format!("счёт отмены {o}"),
                )
            }
        }
    }
}

/// What an accepted row is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RowKind {
    /// A purchase.
    Purchase,
    /// A further line of an order whose amount is on its first line.
    OrderLine,
    /// A return, recognised by its sign (`None`) or by its status, quantity or order id.
    Return(Option<&'static str>),
}

impl RecordSink for RowProcessor {
    #[inline(never)]
    fn record(&mut self, r: &Record<'_>) -> Result<(), Error> {
        let Some(row) = self.start_row(r) else {
            return Ok(());
        };
        if r.multiline {
            self.check_multiline(r);
        }
        let (amount, amount_col) = self.parse_amount(r);
        let Some(client_raw) = self.check_shape(r, row, amount.ok())? else {
            return Ok(());
        };
        let Some((day, date_raw)) = self.check_date(r, row, client_raw, amount.ok())? else {
            return Ok(());
        };
        let Some((amount, blank)) = self.check_amount(r, row, amount, amount_col)? else {
            return Ok(());
        };
        if self.as_of.is_some_and(|a| day > a) {
            let column = Some(self.plan.date);
            return self.issue(
                IssueKind::AfterAsOf,
                r,
                row,
                column,
                date_raw,
                Some(amount),
                None,
            );
        }
        let status = self.order_status(r);
        if status == OrderStatus::Cancelled && self.cancelled == CancelledPolicy::Exclude {
            let (kind, column) = (IssueKind::CancelledOrder, self.plan.status);
            let value = r.field(column.unwrap_or(0)).unwrap_or_default();
            return self.issue(kind, r, row, column, value, Some(amount), None);
        }
        let Some(client) = self.client_index(r, row, client_raw, amount)? else {
            return Ok(());
        };
        self.date_order(r, row, day, date_raw)?;
        if self.is_duplicate(r, row, day, amount)? {
            return Ok(());
        }
        let (is_return, amount, why) = self.return_kind(r, amount, status);
        if is_return {
            let kind = RowKind::Return(why);
            return self.accept(r, row, client, day, amount, amount_col, false, kind);
        }
        let new_order = self.is_new_order(r, row, client, day)?;
        // A line-item export: the order's total on each line (taken once) or on its first.
        let (amount, kind) = if blank || (self.plan.order_total && !new_order) {
            (0, RowKind::OrderLine)
        } else {
            (amount, RowKind::Purchase)
        };
        self.accept(r, row, client, day, amount, amount_col, new_order, kind)
    }
}

/// A range reader's early stop: its range cannot merge exactly.
#[cold]
fn inexact_range(why: &str, ru: &str) -> Error {
    Error::new(ErrorKind::InexactSplit, why).ru(ru)
}

fn unreachable_example() -> IssueExample {
    IssueExample::new(0, 0, None, String::new())
}

#[inline]
pub(super) fn trim(b: &[u8]) -> &[u8] {
    // Most fields have no padding: two byte tests.
    match (b.first(), b.last()) {
        (Some(f), Some(l)) if !is_pad_byte(*f) && !is_pad_byte(*l) => b,
        (None, _) => b,
        _ => trim_padded(b),
    }
}

#[inline]
fn is_pad_byte(c: u8) -> bool {
    c == b' ' || c == b'\t' || c == 0xC2 || c == 0xA0
}

#[cold]
fn trim_padded(b: &[u8]) -> &[u8] {
    trim_slow(b)
}

/// `17850.0` → `17850` (ids of a column pandas wrote as floats); other text unchanged.
#[inline]
fn strip_float_zeros(id: &[u8]) -> &[u8] {
    match memchr::memchr(b'.', id) {
        Some(dot) if dot > 0 && id[dot + 1..].iter().all(|&b| b == b'0') => &id[..dot],
        _ => id,
    }
}

/// Whether a field reads like the label of a totals line (`Итого`, `Всего`, `Total`).
pub(super) fn is_totals_word(text: &[u8]) -> bool {
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

/// A field as text for messages, cut at 200 characters.
pub(super) fn lossy(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    if s.chars().count() > 200 {
        s.chars().take(200).collect::<String>() + "…"
    } else {
        s.into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::reader::{Aggregates, Ingest};
    use IssueKind::*;

    /// Reads `csv` with the options given as JSON, tracking monthly periods.
    fn read(opts: &str, csv: &str) -> Result<Aggregates, Error> {
        let opts: ReadOptions = serde_json::from_str(opts).expect("options");
        let mut ingest = Ingest::new(&opts, Some(Period::Month), crate::locale::Lang::En)?;
        ingest.push(csv.as_bytes())?;
        ingest.finish()
    }

    /// The issue kinds that occurred, with their counts, in report order.
    fn issues(a: &Aggregates) -> Vec<(IssueKind, u64)> {
        IssueKind::ALL
            .iter()
            .map(|&k| (k, a.audit.count(k)))
            .filter(|&(_, n)| n > 0)
            .collect()
    }

    /// Each client: id, orders, rows, revenue in whole currency units.
    fn clients(a: &Aggregates) -> Vec<(String, u32, u32, i64)> {
        (0..a.ids.len())
            .map(|i| {
                let s = &a.stats[i];
                let units = s.monetary / money::SCALE;
                (a.ids.get(i as u32).to_string(), s.orders, s.rows, units)
            })
            .collect()
    }

    #[test]
    fn rows_table() {
        const H: &str = "client,date,amount\na,2024-01-05,10\n";
        const O: &str = "order_id,client,date,amount\n1,a,2024-01-05,10\n";
        const I: &str = "invoice,client,date,amount\n1001,a,2024-01-01,1\n1002,a,2024-01-02,1\n1003,b,2024-01-03,1\n1004,b,2024-01-04,1\n1005,a,2024-01-05,10\n";
        #[rustfmt::skip]
        let cases: &[(&str, &str, String, u64, &[(IssueKind, u64)])] = &[
            ("clean rows", "{}", format!("{H}b,2024-01-06,20.50\n"), 2, &[]),
            ("empty client", "{}", format!("{H},2024-01-06,20\n"), 1, &[(MissingClient, 1)]),
            ("client of spaces only", "{}", format!("{H}   ,2024-01-06,20\n"), 1, &[(MissingClient, 1)]),
            ("totals line without a date", "{}", format!("{H}Итого,,10\n"), 1, &[(TotalsRow, 1)]),
            ("totals word in another column", "{}", format!("{H},Итого:,10\n"), 1, &[(TotalsRow, 1)]),
            ("totals line with a date", "{}", format!("{H}Total,2024-01-31,10\n"), 1, &[(TotalsRow, 1)]),
            ("a client whose name starts like a totals word", "{}", format!("{H}Totalmart,2024-01-06,10\n"), 2, &[]),
            ("empty date", "{}", format!("{H}b,,10\n"), 1, &[(MissingDate, 1)]),
            ("not a calendar date", "{}", format!("{H}b,2024-02-30,10\n"), 1, &[(InvalidDate, 1)]),
            ("not a date at all", "{}", format!("{H}b,soon,10\n"), 1, &[(InvalidDate, 1)]),
            ("before the default minDate", "{}", format!("{H}b,1989-12-31,10\n"), 1, &[(ImplausibleDate, 1)]),
            ("on and before a given minDate", r#"{"minDate":"2024-01-05"}"#, format!("{H}b,2024-01-04,10\n"), 1, &[(ImplausibleDate, 1)]),
            ("on and after today", r#"{"today":"2024-01-05"}"#, format!("{H}b,2024-01-06,10\n"), 1, &[(FutureDate, 1)]),
            ("empty amount", "{}", format!("{H}b,2024-01-06,\n"), 1, &[(MissingAmount, 1)]),
            ("bad amount", "{}", format!("{H}b,2024-01-06,12.5O\n"), 1, &[(InvalidAmount, 1)]),
            ("amount too large to keep exactly", "{}", format!("{H}b,2024-01-06,123456789012345678901\n"), 1, &[(AmountOverflow, 1)]),
            ("on and after asOf", r#"{"asOf":"2024-01-05"}"#, format!("{H}b,2024-01-06,10\n"), 1, &[(AfterAsOf, 1)]),
            ("exact duplicate dropped", "{}", format!("{H}a,2024-01-05,10\n"), 1, &[(DuplicateRow, 1)]),
            ("exact duplicate kept", r#"{"duplicates":"keep"}"#, format!("{H}a,2024-01-05,10\n"), 2, &[]),
            ("same client and day, another amount", "{}", format!("{H}a,2024-01-05,11\n"), 2, &[]),
            ("lines of one order", "{}", format!("{O}1,a,2024-01-05,5\n"), 2, &[]),
            ("order id of another client", "{}", format!("{O}1,b,2024-01-05,5\n"), 2, &[(OrderIdConflict, 1)]),
            ("order id on another date", "{}", format!("{O}1,a,2024-01-06,5\n"), 2, &[(OrderIdConflict, 1)]),
            ("zero amount", "{}", format!("{H}b,2024-01-06,0\n"), 2, &[(ZeroAmount, 1)]),
            ("negative amount: a return", "{}", format!("{H}b,2024-01-06,-5.50\n"), 2, &[(Return, 1)]),
            ("a cancelled status", "{}", "client,date,amount,status\na,2024-01-05,10,Выполнен\nb,2024-01-06,7,Отменён\n".into(), 1, &[(CancelledOrder, 1)]),
            ("a cancelled status kept", r#"{"cancelled":"keep"}"#, "client,date,amount,status\na,2024-01-05,10,Выполнен\nb,2024-01-06,7,Отменён\n".into(), 2, &[]),
            ("a return document", "{}", "client,date,amount,Вид операции\na,2024-01-05,10,Реализация\na,2024-01-06,4,Возврат\n".into(), 2, &[(Return, 1)]),
            ("a negative quantity", "{}", "client,date,quantity,amount\na,2024-01-05,2,10\na,2024-01-06,-1,5\n".into(), 2, &[(Return, 1)]),
            ("a cancellation invoice", "{}", format!("{I}C1006,a,2024-01-06,5\n"), 6, &[(Return, 1)]),
            ("returns as orders", r#"{"returns":"asOrders"}"#, format!("{H}b,2024-01-06,-5.50\n"), 2, &[]),
            ("a line of an order without amount", "{}", format!("{O}1,a,2024-01-05,\n"), 2, &[(OrderLine, 1)]),
            ("an empty amount of another order", "{}", format!("{O}2,a,2024-01-05,\n"), 1, &[(MissingAmount, 1)]),
            ("extra blank fields", "{}", format!("{H}b,2024-01-06,20,,\n"), 2, &[]),
            ("an extra field with text", "{}", format!("{H}b,2024-01-06,20,x\n"), 1, &[(FieldCount, 1)]),
            ("a short row", "{}", format!("{H}b,2024-01-06\n"), 1, &[(FieldCount, 1)]),
            ("short by an unused column", "{}", "client,date,amount,note\na,2024-01-05,10,x\nb,2024-01-06,20\n".into(), 2, &[]),
            ("blank lines and empty rows", "{}", format!("\n{H}\n,,\n\nb,2024-01-06,20\n\n"), 2, &[]),
            ("title lines above the header", "{}", format!("Sales report\nJanuary 2024\n{H}b,2024-01-06,20\n"), 2, &[]),
            ("a quote closed at its line's end", r#"{"quotes":"line"}"#, "client,date,amount,note\na,2024-01-05,10,\"x\nb,2024-01-06,20,y\n".into(), 2, &[(UnclosedQuote, 1)]),
            ("a row a quote breaks apart", r#"{"quotes":"line"}"#, "client,date,amount\n\"a,2024-01-05,10\nb,2024-01-06,20\n".into(), 1, &[(FieldCount, 1)]),
            ("a quoted line break that closes", "{}", "client,date,amount,note\na,2024-01-05,10,\"x\ny\"\nb,2024-01-06,20,y\n".into(), 2, &[]),
            ("every step once", r#"{"asOf":"2024-01-31"}"#, format!("{H},2024-01-06,1\nb,,1\nb,2024-01-06,x\nb,2024-02-01,1\na,2024-01-05,10\nb,2024-01-06,0\n"), 2, &[(MissingClient, 1), (MissingDate, 1), (InvalidAmount, 1), (AfterAsOf, 1), (DuplicateRow, 1), (ZeroAmount, 1)]),
        ];
        for (name, opts, csv, accepted, want) in cases {
            let a = read(opts, csv).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(a.audit.rows_accepted, *accepted, "{name}: accepted");
            assert_eq!(issues(&a), *want, "{name}: issues");
            let (r, e) = (a.audit.rows_rejected(), a.audit.rows_excluded());
            assert_eq!(a.audit.rows_read, accepted + r + e, "{name}: reconciled");
        }
    }

    #[test]
    fn counters_and_clients_table() {
        // (rows read, blank rows, preamble lines) and each client's (id, orders, rows, revenue).
        type Clients<'a> = &'a [(&'a str, u32, u32, i64)];
        type Case<'a> = (&'a str, &'a str, &'a str, (u64, u64, u64), Clients<'a>);
        #[rustfmt::skip]
        let cases: &[Case] = &[
            ("one row", "{}", "client,date,amount\na,2024-01-05,10\n", (1, 0, 0), &[("a", 1, 1, 10)]),
            ("ids kept as written", "{}", "client,date,amount\n007,2024-01-05,10\n 007 ,2024-01-06,5\n7,2024-01-07,1\n", (3, 0, 0), &[("007", 2, 2, 15), ("7", 1, 1, 1)]),
            ("blank lines and empty rows", "{}", "\nclient,date,amount\n\na,2024-01-05,10\n,,\n \n", (1, 4, 0), &[("a", 1, 1, 10)]),
            ("title lines", "{}", "Sales report\nJanuary 2024\nclient,date,amount\na,2024-01-05,10\n", (1, 0, 2), &[("a", 1, 1, 10)]),
            ("a client only after asOf is not a client", r#"{"asOf":"2024-01-05"}"#, "client,date,amount\na,2024-01-05,10\nb,2024-01-06,5\n", (2, 0, 0), &[("a", 1, 1, 10)]),
            ("a rejected row adds no client", "{}", "client,date,amount\na,2024-01-05,10\nb,2024-01-05,x\n", (2, 0, 0), &[("a", 1, 1, 10)]),
            ("duplicate dropped", "{}", "client,date,amount\na,2024-01-05,10\na,2024-01-05,10\n", (2, 0, 0), &[("a", 1, 1, 10)]),
            ("duplicate kept", r#"{"duplicates":"keep"}"#, "client,date,amount\na,2024-01-05,10\na,2024-01-05,10\n", (2, 0, 0), &[("a", 2, 2, 20)]),
            ("a return nets out, not an order", "{}", "client,date,amount\na,2024-01-05,10\na,2024-01-06,-4\n", (2, 0, 0), &[("a", 1, 2, 6)]),
            ("a return as an order", r#"{"returns":"asOrders"}"#, "client,date,amount\na,2024-01-05,10\na,2024-01-06,-4\n", (2, 0, 0), &[("a", 2, 2, 6)]),
            ("a return document nets out its amount", "{}", "client,date,amount,status\na,2024-01-05,10,\na,2024-01-06,4,Возврат\n", (2, 0, 0), &[("a", 1, 2, 6)]),
            ("a client with only a return", "{}", "client,date,amount\na,2024-01-05,10\nb,2024-01-06,-4\n", (2, 0, 0), &[("a", 1, 1, 10), ("b", 0, 1, -4)]),
            ("the order total on each line, taken once", "{}", "order,client,date,item,order total\n1,a,2024-01-05,x,30\n1,a,2024-01-05,y,30\n2,a,2024-01-06,x,5\n", (3, 0, 0), &[("a", 2, 3, 35)]),
            ("the order total on the first line only", "{}", "order,client,date,item,amount\n1,a,2024-01-05,x,30\n1,a,2024-01-05,y,\n2,a,2024-01-06,x,5\n", (3, 0, 0), &[("a", 2, 3, 35)]),
            ("ids written as floats", "{}", "CustomerID,date,amount\n17850.0,2024-01-05,10\n17850.0,2024-01-06,1\n13047.0,2024-01-06,2\n", (3, 0, 0), &[("17850", 2, 2, 11), ("13047", 1, 1, 2)]),
            ("a float among ids stays", "{}", "CustomerID,date,amount\n17850.0,2024-01-05,10\nA1.0,2024-01-06,1\n", (2, 0, 0), &[("17850.0", 1, 1, 10), ("A1.0", 1, 1, 1)]),
            ("lines of one order", "{}", "order_id,client,date,amount\n1,a,2024-01-05,10\n1,a,2024-01-05,5\n2,a,2024-01-06,1\n", (3, 0, 0), &[("a", 2, 3, 16)]),
            ("an order id on another date counts once", "{}", "order_id,client,date,amount\n1,a,2024-01-05,10\n1,a,2024-01-06,5\n", (2, 0, 0), &[("a", 1, 2, 15)]),
            ("an order id of another client is its order too", "{}", "order_id,client,date,amount\n1,a,2024-01-05,10\n1,b,2024-01-05,5\n1,b,2024-01-05,1\n", (3, 0, 0), &[("a", 1, 1, 10), ("b", 1, 2, 6)]),
            ("rows without an order id are orders", "{}", "order_id,client,date,amount\n1,a,2024-01-05,10\n,a,2024-01-05,5\n,a,2024-01-05,1\n", (3, 0, 0), &[("a", 3, 3, 16)]),
        ];
        for (name, opts, csv, (read_, blank, preamble), want) in cases {
            let a = read(opts, csv).unwrap_or_else(|e| panic!("{name}: {e}"));
            let counters = (
                a.audit.rows_read,
                a.audit.blank_rows,
                a.audit.preamble_lines,
            );
            assert_eq!(counters, (*read_, *blank, *preamble), "{name}: counters");
            let want: Vec<(String, u32, u32, i64)> = want
                .iter()
                .map(|&(id, o, r, m)| (id.into(), o, r, m))
                .collect();
            assert_eq!(clients(&a), want, "{name}: clients");
        }
    }

    #[test]
    fn failing_on_a_bad_row_table() {
        let fail = r#"{"onBadRow":"fail"}"#;
        let fail_as_of = r#"{"onBadRow":"fail","asOf":"2024-01-05"}"#;
        // The position (row, line, column) and a part of the message, or `None`: no error.
        type Failure<'a> = Option<(u64, u64, Option<&'a str>, &'a str)>;
        #[rustfmt::skip]
        let cases: &[(&str, &str, &str, Failure)] = &[
            ("bad amount", fail, "client,date,amount\na,2024-01-05,10\nb,2024-01-06,12.5O\n", Some((2, 3, Some("amount"), "\"12.5O\": the amount is not a number"))),
            ("empty client", fail, "client,date,amount\n,2024-01-06,1\n", Some((1, 2, Some("client"), "the client id is empty"))),
            ("bad date under a title line", fail, "Report\nclient,date,amount\na,2024-01-05,1\nb,2024-13-01,1\n", Some((2, 4, Some("date"), "\"2024-13-01\""))),
            ("a row after a quoted line break", fail, "client,date,amount\n\"a\nb\",2024-01-05,1\nc,,1\n", Some((2, 4, Some("date"), "the date is empty"))),
            ("field count names no column", fail, "client,date,amount\na,2024-01-05,1\nb,2024-01-06,1,x\n", Some((2, 3, None, "4 fields where the header has 3"))),
            ("totals line", fail, "client,date,amount\na,2024-01-05,1\nИтого,,1\n", Some((2, 3, Some("date"), "a totals line"))),
            ("skip is the default", "{}", "client,date,amount\na,2024-01-05,1\nb,2024-01-06,x\n", None),
            ("after asOf is excluded, not an error", fail_as_of, "client,date,amount\na,2024-01-05,1\nb,2024-01-06,1\n", None),
            ("a duplicate is excluded, not an error", fail, "client,date,amount\na,2024-01-05,1\na,2024-01-05,1\n", None),
            ("flagged rows are used", fail, "order_id,client,date,amount\n1,a,2024-01-05,0\n1,b,2024-01-06,-1\n", None),
        ];
        for (name, opts, csv, want) in cases {
            let got = read(opts, csv);
            match (want, got) {
                (None, Ok(_)) => {}
                (None, Err(e)) => panic!("{name}: unexpected error {e}"),
                (Some(_), Ok(_)) => panic!("{name}: no error"),
                (Some((row, line, column, text)), Err(e)) => {
                    assert_eq!(e.kind(), ErrorKind::BadRow, "{name}");
                    let p = e.position().expect("a position");
                    let column = column.map(str::to_string);
                    assert_eq!(
                        (p.row, p.line, &p.column),
                        (Some(*row), Some(*line), &column),
                        "{name}"
                    );
                    assert!(e.message().contains(text), "{name}: {e}");
                }
            }
        }
    }
}
