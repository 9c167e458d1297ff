//! The reader's saved state: what reading a history left (every client's accumulators, the
//! interned ids, the audit, the bounded histories of rows, order ids, purchase days and
//! periods), so that later rows are read as if they followed the history in one file.
//!
//! The state is taken when the history ends, after its last rows are applied and before
//! anything that only the report needs. [`Ingest::resume`] makes a reader of the same
//! options and format (sniffed again from the history's first bytes, which the state keeps)
//! and puts the state back; the new rows' lines are numbered after the history's.

use super::audit::AuditBuilder;
use super::codec::{Reader, Writer};
use super::evidence::Evidence;
use super::interner::Interner;
use super::options::ReadOptions;
use super::orders::OrderIds;
use super::reader::{finished, Aggregates, Ingest, Reading, Stage};
use super::rows::RowProcessor;
use super::sniff::{self, SNIFF_BYTES};
use super::window::{Deferred, KeyForm};
use crate::calendar::{Day, Period};
use crate::error::{Error, ErrorKind};
use crate::locale::Lang;

/// The error of a state that cannot be kept, or of one that cannot be read.
pub(crate) fn state_error(en: &str, ru: &str) -> Error {
    Error::new(ErrorKind::InvalidState, en).ru(ru)
}

/// What the reader of a history ends with, besides the aggregates.
pub(crate) struct Kept {
    /// The state's bytes, or why none is kept.
    pub(crate) state: Result<Vec<u8>, Error>,
}

/// Facts of an update: where its rows start and what the history could not check.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Resumed {
    /// Physical lines of the history (the update's first line is the next one).
    pub(crate) history_lines: u64,
    /// Data rows of the history.
    pub(crate) history_rows: u64,
    /// Rows out of date order beyond the history window, in the history.
    pub(crate) history_beyond_window: u64,
}

impl RowProcessor {
    /// Writes the state (the queued rows must have been applied).
    fn encode(&self, w: &mut Writer) {
        let (arena, ends) = self.ids.parts();
        w.vlen(ends.len());
        let mut start = 0;
        for &e in ends {
            w.vbytes(&arena[start..e as usize]);
            start = e as usize;
        }
        self.acc.encode(w);
        self.rows.encode(w, KeyForm::Fingerprint);
        self.orders.encode(w);
        match &self.profiles {
            None => w.u8(0),
            Some(p) => {
                w.u8(1);
                for i in 0..p.len() {
                    for k in 0..super::profile::FIELDS {
                        w.vbytes(p.get(i, k).as_bytes());
                    }
                }
            }
        }
        match &self.categories {
            None => w.u8(0),
            Some(c) => {
                w.u8(1);
                c.encode(w);
            }
        }
        for packed in [self.last_order, self.last_id] {
            w.u64(packed.0 .0);
            w.u64(packed.0 .1);
            w.u64(packed.1 as u64);
        }
        w.u32(self.last_client);
        for d in [self.max_purchase, self.min_day, self.max_day] {
            w.iv(d as i64);
        }
        for b in [self.sorted, self.ambiguous_date, self.ambiguous_decimal] {
            w.u8(b as u8);
        }
        let e = &self.evidence;
        for v in [e.day_first, e.month_first, e.comma, e.point, e.open_quote] {
            w.opt_u64(v);
        }
        self.audit.encode(w);
    }

    /// Puts back what [`encode`](Self::encode) wrote, into a processor made for the same
    /// options and format.
    fn decode(&mut self, r: &mut Reader<'_>) -> Result<(), Error> {
        let n = r.vlen(1)?;
        // Room for the new clients an update brings, instead of growing the tables at once.
        let mut ids = Interner::with_capacity(n + n / 8 + 16);
        for _ in 0..n {
            let id = r.vbytes()?;
            ids.push_distinct(id).map_err(|_| r.bad())?;
        }
        self.ids = ids;
        self.acc.decode(r)?;
        if self.acc.stats.len() != n {
            return Err(r.bad());
        }
        self.rows = Deferred::decode(r, KeyForm::Fingerprint)?;
        self.orders = OrderIds::decode(r)?;
        let has_profiles = r.bool()?;
        if has_profiles != self.profiles.is_some() {
            return Err(r.bad());
        }
        if let Some(p) = &mut self.profiles {
            let mut fresh = super::profile::Profiles::with_columns(p.columns(), n);
            for i in 0..n {
                for k in 0..super::profile::FIELDS {
                    let v = std::str::from_utf8(r.vbytes()?).map_err(|_| r.bad())?;
                    fresh.set(i, k, v);
                }
            }
            *p = fresh;
        }
        let has_categories = r.bool()?;
        if has_categories != self.categories.is_some() {
            return Err(r.bad());
        }
        if let Some(c) = &mut self.categories {
            let back = super::categories::Categories::decode(r, n)?;
            if back.col != c.col {
                return Err(r.bad());
            }
            *c = back;
        }
        let mut packed = [((0, 0), 0); 2];
        for p in packed.iter_mut() {
            *p = ((r.u64()?, r.u64()?), r.u64()? as usize);
        }
        [self.last_order, self.last_id] = packed;
        self.last_client = r.u32()?;
        let mut days = [0 as Day; 3];
        for d in days.iter_mut() {
            *d = r.iv32()?;
        }
        [self.max_purchase, self.min_day, self.max_day] = days;
        (self.sorted, self.ambiguous_date, self.ambiguous_decimal) =
            (r.bool()?, r.bool()?, r.bool()?);
        self.evidence = Evidence {
            day_first: r.opt_u64()?,
            month_first: r.opt_u64()?,
            comma: r.opt_u64()?,
            point: r.opt_u64()?,
            open_quote: r.opt_u64()?,
        };
        self.audit = AuditBuilder::decode(r)?;
        if self.last_client != u32::MAX && self.last_client as usize >= n {
            return Err(r.bad());
        }
        Ok(())
    }
}

impl Ingest {
    /// Ends the input like [`finish`](Ingest::finish), also returning the state a later
    /// [`resume`](Ingest::resume) continues from.
    pub(crate) fn finish_keeping(&mut self) -> Result<(Aggregates, Kept), Error> {
        if let Stage::Sniffing(buf) = &mut self.stage {
            let buf = std::mem::take(buf);
            self.start(&buf, true)?;
        } else if let Stage::Reading(r) = &mut self.stage {
            r.feed(&[], true)?;
        }
        let Stage::Reading(mut r) = std::mem::replace(&mut self.stage, Stage::Done) else {
            return Err(finished("analyzer"));
        };
        let state = self.state_of(&mut r);
        let Reading { sniff, rows, .. } = *r;
        let agg = rows.finish(sniff, self.bytes)?;
        Ok((agg, Kept { state }))
    }

    /// The state of a reading that has ended.
    fn state_of(&self, r: &mut Reading) -> Result<Vec<u8>, Error> {
        if r.from_rows {
            return Err(state_error(
                "no state is kept for rows given as fields (`analyzeRows`): analyse all the rows again for new orders",
                "для строк, переданных полями (`analyzeRows`), состояние не сохраняется: для новых заказов проанализируйте все строки заново",
            ));
        }
        if r.rows.contacts.is_some() {
            return Err(state_error(
                "no state is kept for a file whose clients are merged by contacts (`mergeBy`): read the whole file again for new orders",
                "для файла с объединением клиентов по контактам (`mergeBy`) состояние не сохраняется: для новых заказов прочитайте весь файл заново",
            ));
        }
        r.rows.acc.flush(&r.rows.ids)?;
        let clients = r.rows.acc.stats.len();
        let mut w = Writer::with_capacity(r.head.len() + 64 + clients * 48);
        w.vbytes(&r.head);
        w.u8(r.head_complete as u8);
        w.uv(self.bytes);
        w.uv(r.reader.line() - 1);
        r.rows.encode(&mut w);
        Ok(w.0)
    }

    /// A reader that continues a history from its state (read from `r`): the same options
    /// (`opts`, `period`, `lang`) as the history's, its format sniffed again from the
    /// history's first bytes, its rows, clients and histories put back. The next bytes
    /// pushed are read as lines after the history's.
    pub(crate) fn resume(
        opts: &ReadOptions,
        period: Option<Period>,
        lang: Lang,
        r: &mut Reader<'_>,
    ) -> Result<(Ingest, Resumed), Error> {
        let head = r.vbytes()?.to_vec();
        let complete = r.bool()?;
        let bytes = r.uv()?;
        let lines = r.uv()?;
        if head.len() > SNIFF_BYTES || bytes < head.len() as u64 {
            return Err(r.bad());
        }
        let mut ingest = Ingest::new(opts, period, lang)?;
        let sniff = sniff::sniff(&head, complete, opts, lang)?;
        let mut reading = ingest.reading(sniff, &head)?;
        reading.rows.decode(r)?;
        let resumed = Resumed {
            history_lines: lines,
            history_rows: reading.rows.audit.rows_read,
            history_beyond_window: reading.rows.audit.counts
                [crate::error::IssueKind::OutOfOrderBeyondWindow.index()],
        };
        reading.rows.data_line = 0;
        reading.rows.header_line = None;
        reading.skip_bom = 0;
        reading.reader = reading.reader.starting_at(lines + 1);
        reading.lead = Some(super::reader::Lead::new(&head, &reading.sniff));
        reading.head = head;
        reading.head_complete = complete;
        ingest.bytes = bytes;
        ingest.stage = Stage::Reading(Box::new(reading));
        Ok((ingest, resumed))
    }
}
