//! Reading one byte range of a file that is read in several ranges at once, and the state a
//! range reader ends with ([`Partial`]). Cutting the file, the bytes of a partial state and
//! the merge belong to the parallel reading; this is the reader's side.

use super::accumulate::ClientStats;
use super::audit::AuditBuilder;
use super::evidence::Evidence;
use super::gaps::Gaps;
use super::interner::Interner;
use super::options::ReadOptions;
use super::plan::Plan;
use super::profile::Profiles;
use super::reader::{finished, Ingest, Stage};
use super::rows::RowProcessor;
use super::sniff::{self, SNIFF_BYTES};
use super::window::Window;
use crate::calendar::{Day, Period};
use crate::error::Error;
use crate::locale::Lang;
use crate::money::Money;

/// What one range reader found: per-client accumulators, the audit of its rows, and what
/// the merge checks.
#[derive(Clone, Debug)]
pub struct Partial {
    /// Which range (0 = the file's start).
    pub(crate) index: u32,
    /// Whether the range ended at a record boundary (not inside a quoted field).
    pub(crate) at_record_start: bool,
    /// Whether the range chose the dense order table's shape itself (see [`Ingest::range`]).
    pub(crate) self_seeded: bool,
    /// Whether the accepted rows came in date order.
    pub(crate) sorted: bool,
    /// Physical lines in the range.
    pub(crate) lines: u64,
    /// Bytes in the range.
    pub(crate) bytes: u64,
    /// Client ids, in order of first appearance in the range.
    pub(crate) ids: Ids,
    /// Per-client accumulators, indexed like `ids`.
    pub(crate) stats: Vec<ClientStats>,
    /// Per client: its first XYZ period and that period's revenue, once it closed within the
    /// range (`i32::MIN` when it did not).
    pub(crate) first_periods: Vec<(i32, Money)>,
    /// The dense order table's first id, and which of its slots the range used.
    pub(crate) dense_base: Option<u64>,
    pub(crate) dense_bits: Vec<u64>,
    /// Every other order key the range saw.
    pub(crate) hashed_orders: Vec<u64>,
    /// Lines (in the range) that decide an ambiguous date or decimal format.
    pub(crate) evidence: Evidence,
    /// The range's audit, lines and rows counted from the range's start.
    pub(crate) audit: AuditBuilder,
    /// Earliest and latest accepted dates.
    pub(crate) min_day: Day,
    pub(crate) max_day: Day,
    /// Latest purchase date (returns aside).
    pub(crate) max_purchase: Day,
    /// Names, e-mails and phones of the range's clients, from the orders file.
    pub(crate) profiles: Option<Profiles>,
    /// What the range's clients bought, by category, when the file has a category column.
    pub(crate) categories: Option<super::categories::Categories>,
    /// The gaps between purchase days within the range.
    pub(crate) gaps: Gaps,
    /// Estimated bytes the reader held.
    pub(crate) heap_bytes: u64,
}

/// A range's client ids: the reader's own table, or as read from bytes.
#[derive(Clone)]
pub(crate) enum Ids {
    Table(Interner),
    Raw { arena: Vec<u8>, ends: Vec<u32> },
}

impl Ids {
    /// The ids' bytes and where each ends.
    pub(crate) fn parts(&self) -> (&[u8], &[u32]) {
        match self {
            Ids::Table(t) => t.parts(),
            Ids::Raw { arena, ends } => (arena, ends),
        }
    }
}

impl std::fmt::Debug for Ids {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ids", self.parts().1.len())
    }
}

impl Ingest {
    /// A reader of the byte range number `index` of a file read in several ranges. Every
    /// range reads the same `head` (the file's first bytes, at least [`SNIFF_BYTES`] of them
    /// or the whole file) and so sniffs the same format; range 0 starts at the file's start,
    /// the others at a record start. `total` is the file's size and `range_bytes` the
    /// range's, to size tables.
    pub(crate) fn range(
        opts: &ReadOptions,
        period: Option<Period>,
        lang: Lang,
        head: &[u8],
        total: u64,
        index: u32,
        range_bytes: u64,
    ) -> Result<Ingest, Error> {
        if !opts.merge_by.is_empty() {
            return Err(
                Error::option("a file is read in parallel ranges only without `mergeBy`").ru(
                    "файл с объединением клиентов по контактам (`mergeBy`) читается одним потоком",
                ),
            );
        }
        let mut ingest = Ingest::new(opts, period, lang)?;
        let sample = &head[..head.len().min(SNIFF_BYTES)];
        let complete = total <= SNIFF_BYTES as u64 && head.len() as u64 >= total;
        let sniff = sniff::sniff(sample, complete, opts, lang)?;
        let charset = sniff.charset();
        if !charset.is_utf8() && !charset.encoding.is_single_byte() {
            return Err(Error::option(format!(
                "a file in {} is not read in parallel ranges (UTF-8 and one-byte encodings are)",
                charset.name()
            ))
            .ru(format!(
                "файл в кодировке {} читается одним потоком (частями читаются UTF-8 и однобайтовые кодировки)",
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
            probe.rows.orders.seed()
        } else {
            None
        };
        ingest.size_hint = Some(range_bytes);
        let mut reading = ingest.reading(sniff, sample)?;
        if index > 0 {
            reading.skip_bom = 0;
            reading.rows.data_line = 0;
            reading.rows.header_line = None;
            if let Some(seed) = seed {
                reading.rows.orders.set_seed(seed);
            }
        }
        reading.rows.range = Some(index);
        reading.rows.acc.first_periods = Some(Vec::new());
        // Order ids are remembered for the whole range, so that a repeat anywhere in the
        // range is seen (and the merge falls back to one reader).
        reading.rows.orders.hashed = Window::with_capacity(0, 0);
        ingest.stage = Stage::Reading(Box::new(reading));
        Ok(ingest)
    }

    /// Ends the input of a range reader (see [`Ingest::range`]) and returns its partial state.
    pub(crate) fn finish_range(&mut self) -> Result<Partial, Error> {
        let Stage::Reading(mut r) = std::mem::replace(&mut self.stage, Stage::Done) else {
            return Err(finished("range reader"));
        };
        let at_record_start = r.reader.at_record_start();
        r.feed(&[], true)?;
        let lines = r.reader.line() - 1;
        r.rows.into_partial(at_record_start, lines, self.bytes)
    }
}

impl RowProcessor {
    /// The partial state of a range reader.
    fn into_partial(
        mut self,
        at_record_start: bool,
        lines: u64,
        bytes: u64,
    ) -> Result<Partial, Error> {
        self.acc.flush(&self.ids)?;
        let heap_bytes = self.heap_bytes() as u64;
        let index = self.range.unwrap_or(0);
        Ok(Partial {
            index,
            at_record_start,
            self_seeded: index > 0 && self.orders.shaped_here,
            sorted: self.sorted,
            lines,
            bytes,
            dense_base: self.orders.dense_base(),
            dense_bits: self.orders.dense_bits(),
            hashed_orders: self.orders.hashed.keys().collect(),
            ids: Ids::Table(self.ids),
            stats: self.acc.stats,
            first_periods: self.acc.first_periods.unwrap_or_default(),
            evidence: self.evidence,
            audit: self.audit,
            min_day: self.min_day,
            max_day: self.max_day,
            max_purchase: self.max_purchase,
            profiles: self.profiles,
            categories: self.categories,
            gaps: self.acc.gaps,
            heap_bytes,
        })
    }
}
