//! The streaming reader: chunks of any size in, the aggregates out.
//!
//! [`Ingest`] holds back the first [`SNIFF_BYTES`] to sniff the format, then converts the
//! encoding (UTF-8 is read in place), splits records and hands each to the
//! [`RowProcessor`], in one pass without allocating per row. The result equals the
//! whole-input result for every way of cutting the input into chunks.

use super::accumulate::ClientStats;
use super::audit::AuditBuilder;
use super::charset::Transcoder;
use super::gaps::Gaps;
use super::interner::Interner;
use super::options::{ReadOptions, Resolved};
use super::plan::Plan;
use super::profile::Profiles;
use super::records::RecordReader;
use super::rows::RowProcessor;
use super::sniff::{self, Sniff, SNIFF_BYTES};
use crate::calendar::{Day, Period};
use crate::error::{Error, ErrorKind};
use crate::locale::Lang;

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
    /// Latest purchase date (returns aside): the default analysis date.
    pub max_purchase: Option<Day>,
    /// Names, e-mails and phones of the clients from the orders file, when it has them.
    pub(crate) profiles: Option<Profiles>,
    /// Per client, what it bought by category, when the file has a category column.
    pub(crate) categories: Option<super::categories::Categories>,
    /// Every client's gaps between consecutive purchase days.
    pub gaps: Gaps,
    /// What was sniffed.
    pub sniff: Sniff,
    /// The column plan.
    pub plan: Plan,
    /// Whether accepted rows came in date order.
    pub sorted: bool,
    /// Bytes read.
    pub bytes: u64,
    /// Estimated bytes held by the aggregation at the end (clients, windows).
    pub heap_bytes: usize,
}

pub(super) enum Stage {
    Sniffing(Vec<u8>),
    Reading(Box<Reading>),
    Done,
}

pub(super) struct Reading {
    pub(super) sniff: Sniff,
    transcoder: Option<Transcoder>,
    pub(super) reader: RecordReader,
    pub(super) rows: RowProcessor,
    pub(super) skip_bom: usize,
    /// The first bytes of the input (the sniffed sample), kept for a saved state.
    pub(super) head: Vec<u8>,
    /// Whether `head` is the whole input.
    pub(super) head_complete: bool,
    /// The first line of rows that continue a history, held until it is known whether it
    /// repeats the history's header.
    pub(super) lead: Option<Lead>,
    /// Whether the rows are given as fields ([`Ingest::push_rows`]), not bytes.
    pub(super) from_rows: bool,
    /// Rows given as fields so far.
    pub(super) rows_given: u64,
}

/// The first line of rows that continue a history: a UTF-8 byte order mark and a repeat of
/// the history's header (an export with the same columns) are left out, as they would be
/// absent from one file holding both.
pub(super) struct Lead {
    header: Option<Vec<u8>>,
    bom: bool,
    buf: Vec<u8>,
}

impl Lead {
    /// For rows continuing the history whose first bytes are `head`.
    pub(super) fn new(head: &[u8], sniff: &Sniff) -> Lead {
        let charset = sniff.charset();
        let bom = charset.is_utf8();
        let head = &head[if bom { charset.bom_len } else { 0 }..];
        let byte_lines = charset.is_utf8() || charset.encoding.is_single_byte();
        let header = sniff
            .header_line
            .filter(|_| byte_lines)
            .and_then(|h| head.split(|&c| c == b'\n').nth(h.checked_sub(1)? as usize))
            .map(|l| trim_line(l).to_vec())
            .filter(|l| !l.is_empty());
        Lead {
            header,
            bom,
            buf: Vec::new(),
        }
    }

    /// Whether the first line is complete (or long enough to tell).
    fn ready(&self) -> bool {
        memchr::memchr(b'\n', &self.buf).is_some() || self.buf.len() >= 1 << 20
    }

    /// The bytes to read: without a byte order mark, without a repeated header.
    fn rest(mut self) -> Vec<u8> {
        if self.bom && self.buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.buf.drain(..3);
        }
        if let Some(h) = &self.header {
            let end = memchr::memchr(b'\n', &self.buf).map_or(self.buf.len(), |i| i + 1);
            if trim_line(&self.buf[..end]) == &h[..] {
                self.buf.drain(..end);
            }
        }
        self.buf
    }
}

/// A line without its line break and trailing blanks.
fn trim_line(l: &[u8]) -> &[u8] {
    let n = l.len()
        - l.iter()
            .rev()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
    &l[..n]
}

/// Streaming reader of a transactions file.
pub(crate) struct Ingest {
    pub(super) opts: ReadOptions,
    /// The language of the sniff's notes and of the names of columns without a header.
    pub(super) lang: Lang,
    resolved: Resolved,
    period: Option<Period>,
    pub(super) stage: Stage,
    pub(super) bytes: u64,
    pub(super) size_hint: Option<u64>,
    /// The number of rows, when they are given as fields rather than bytes.
    pub(super) rows_hint: Option<usize>,
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

/// The error of a reader used after it finished.
pub(super) fn finished(what: &str) -> Error {
    Error::new(
        ErrorKind::Finished,
        format!("the {what} has already finished"),
    )
    .ru("чтение файла уже закончено")
}

impl Ingest {
    /// A reader with `opts`; `period` is the XYZ period to track (none to skip); the names
    /// of columns without a header are in `lang`.
    pub(crate) fn new(
        opts: &ReadOptions,
        period: Option<Period>,
        lang: Lang,
    ) -> Result<Ingest, Error> {
        let resolved = opts.resolve()?;
        Ok(Ingest {
            opts: opts.clone(),
            lang,
            resolved,
            period,
            stage: Stage::Sniffing(Vec::new()),
            bytes: 0,
            size_hint: None,
            rows_hint: None,
        })
    }

    /// Tells the total input size in advance, so tables are sized once instead of grown.
    pub(crate) fn set_size_hint(&mut self, total_bytes: u64) {
        self.size_hint = Some(total_bytes);
    }

    /// Progress so far.
    pub(crate) fn progress(&self) -> Progress {
        match &self.stage {
            Stage::Reading(r) => Progress {
                bytes: self.bytes,
                rows: r.rows.audit.rows_read,
                clients: r.rows.acc.stats.len() as u64,
            },
            _ => Progress {
                bytes: self.bytes,
                ..Progress::default()
            },
        }
    }

    /// The sniff, once enough input has arrived.
    pub(crate) fn sniffed(&self) -> Option<&Sniff> {
        match &self.stage {
            Stage::Reading(r) => Some(&r.sniff),
            _ => None,
        }
    }

    /// Feeds the next chunk.
    pub(crate) fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
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
            Stage::Done => Err(finished("analyzer")),
        }
    }

    pub(super) fn start(&mut self, buf: &[u8], complete: bool) -> Result<(), Error> {
        // The sniffer sees the first SNIFF_BYTES whatever the size of the first chunk.
        let sample = &buf[..buf.len().min(SNIFF_BYTES)];
        let complete = complete && sample.len() == buf.len();
        let sniff = sniff::sniff(sample, complete, &self.opts, self.lang)?;
        let mut reading = self.reading(sniff, sample)?;
        reading.head = sample.to_vec();
        reading.head_complete = complete;
        reading.feed(buf, complete)?;
        self.stage = Stage::Reading(Box::new(reading));
        Ok(())
    }

    /// A reading stage for `sniff`, sized from `sample`.
    pub(super) fn reading(&self, sniff: Sniff, sample: &[u8]) -> Result<Reading, Error> {
        let plan = Plan::from_sniff(&sniff)?;
        let charset = sniff.charset();
        let expected_rows = match (self.rows_hint, self.size_hint) {
            (Some(rows), _) => rows,
            (None, Some(total)) if !sample.is_empty() => {
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
            self.lang,
        );
        Ok(Reading {
            skip_bom: if charset.is_utf8() {
                charset.bom_len
            } else {
                0
            },
            transcoder: (!charset.is_utf8()).then(|| Transcoder::new(charset)),
            reader: RecordReader::new(sniff.delimiter_byte(), sniff.line_ending)
                .with_quotes(self.opts.quotes.unwrap_or_default()),
            sniff,
            rows,
            head: Vec::new(),
            head_complete: false,
            lead: None,
            from_rows: false,
            rows_given: 0,
        })
    }

    /// Ends the input and returns the aggregates.
    #[cfg(test)]
    pub(crate) fn finish(&mut self) -> Result<Aggregates, Error> {
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
            _ => Err(finished("analyzer")),
        }
    }
}

impl Reading {
    pub(super) fn feed(&mut self, chunk: &[u8], last: bool) -> Result<(), Error> {
        if let Some(lead) = &mut self.lead {
            lead.buf.extend_from_slice(chunk);
            if !last && !lead.ready() {
                return Ok(());
            }
            let rest = self.lead.take().map(Lead::rest).unwrap_or_default();
            return self.feed_body(&rest, last);
        }
        self.feed_body(chunk, last)
    }

    fn feed_body(&mut self, chunk: &[u8], last: bool) -> Result<(), Error> {
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
            if let Some(line) = self.reader.open_quote() {
                self.rows.open_quote(line);
            }
        }
        Ok(())
    }
}
