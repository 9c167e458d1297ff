//! Reading one file in several byte ranges at once (Web Workers, threads), with a merge that
//! gives exactly the result of one reader, or says it cannot.
//!
//! The file is cut at line starts where the date moves on ([`find_cut`]): in a file in date
//! order no date, no exact duplicate and no order spans two ranges then. Each range is read
//! by [`RangeReader`] (the same reader as streaming, plus what the merge needs: the revenue
//! of each client's first XYZ period and every order id seen) into a [`Partial`], which
//! travels as bytes ([`Partial::to_bytes`]). [`merge`] checks that the ranges could not have
//! seen each other (every range in date order, each range's dates after the previous one's,
//! cuts at record starts, no order id in two ranges or repeated within one), then adds the
//! clients up in file order, joining the XYZ period open at each cut, and shifts lines and
//! rows of the audit. When a check fails the merge says why ([`Merged::Inexact`]) and the
//! caller reads the file again with one reader: the result is the same either way.

use crate::audit::{AuditBuilder, IssueExample, RejectedRow};
use crate::date::{DateParser, Day};
use crate::error::{Error, ErrorKind, IssueKind};
use crate::input::{Aggregates, Evidence, Ingest, Plan};
use crate::model::{ClientStats, Interner};
use crate::number::Money;
use crate::options::Options;
use crate::sniff::{self, Sniff, SNIFF_BYTES};

/// Bytes looked at after an ideal cut point for a line where the date moves on.
pub const CUT_WINDOW: usize = 1 << 20;

/// Files smaller than this are read by one reader: more readers would not pay for themselves.
pub const MIN_SPLIT_BYTES: usize = 4 << 20;

/// Bytes of the file's start every range reader needs (see [`RangeReader::new`]).
pub const HEAD_BYTES: usize = SNIFF_BYTES;

/// What one range reader found: per-client accumulators, the audit of its rows, and what
/// the merge checks.
#[derive(Clone, Debug)]
pub struct Partial {
    /// Which range (0 = the file's start).
    pub(crate) index: u32,
    /// Whether the range ended at a record boundary (not inside a quoted field).
    pub(crate) at_record_start: bool,
    /// Whether the range chose the dense order table's shape itself (see `Ingest::range`).
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
    fn parts(&self) -> (&[u8], &[u32]) {
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

/// Reads one byte range of a file split for parallel reading.
pub struct RangeReader {
    ingest: Ingest,
}

impl RangeReader {
    /// A reader of range number `index`. `head` is the file's first [`HEAD_BYTES`] (or the
    /// whole file when smaller), the same for every range; `total` is the file's size and
    /// `range_bytes` the range's. Range 0 starts at the file's start; the others must start
    /// where [`find_cut`] said. Fails for inputs that are never split: `mergeBy`, and
    /// encodings other than UTF-8 and the one-byte ones.
    pub fn new(
        opts: &Options,
        head: &[u8],
        total: u64,
        index: u32,
        range_bytes: u64,
    ) -> Result<RangeReader, Error> {
        Ok(RangeReader {
            ingest: Ingest::range(
                opts,
                crate::period_of(opts),
                head,
                total,
                index,
                range_bytes,
            )?,
        })
    }

    /// Feeds the next chunk of the range.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.ingest.push(chunk)
    }

    /// Bytes, rows and clients so far.
    pub fn progress(&self) -> crate::input::Progress {
        self.ingest.progress()
    }

    /// Ends the range.
    pub fn finish(&mut self) -> Result<Partial, Error> {
        self.ingest.finish_range()
    }
}

/// The offset in `window` of a line start where the date moves on from the line before
/// (`None` when there is none). `window` is a piece of the file starting anywhere after its
/// head; the first (possibly partial) line is skipped, and a line is read as one record.
/// A cut found here is checked by the merge, so a wrong guess costs time, never accuracy.
pub fn find_cut(
    opts: &Options,
    head: &[u8],
    total: u64,
    window: &[u8],
) -> Result<Option<usize>, Error> {
    let s = sniff_head(opts, head, total)?;
    let plan = Plan::from_sniff(&s)?;
    let mut parser = DateParser::new(s.date_format.unwrap_or(crate::date::DateFormat::Ymd));
    let newline = if s.line_ending == crate::records::LineEnding::Cr {
        b'\r'
    } else {
        b'\n'
    };
    let delimiter = s.delimiter_byte();
    let Some(first) = memchr::memchr(newline, window) else {
        return Ok(None);
    };
    let mut pos = first + 1;
    let mut prev: Option<Day> = None;
    while let Some(len) = memchr::memchr(newline, &window[pos..]) {
        let line = &window[pos..pos + len];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let day = nth_field(line, delimiter, plan.date).and_then(|f| parser.parse(f).ok());
        if let (Some(p), Some(d)) = (prev, day) {
            if d > p {
                return Ok(Some(pos));
            }
        }
        prev = day;
        pos += len + 1;
    }
    Ok(None)
}

/// Field `n` of a line read as one whole record, without its quotes; `None` when the line
/// has too few fields or an odd number of quotes (a field going on to the next line).
fn nth_field(line: &[u8], delimiter: u8, n: usize) -> Option<&[u8]> {
    if memchr::memchr(b'"', line).is_none() {
        return line.split(|&c| c == delimiter).nth(n);
    }
    if memchr::memchr_iter(b'"', line).count() % 2 == 1 {
        return None;
    }
    let (mut field, mut start, mut quoted) = (0, 0, false);
    for (i, &c) in line.iter().enumerate() {
        if c == b'"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            if field == n {
                return Some(unquote(&line[start..i]));
            }
            field += 1;
            start = i + 1;
        }
    }
    (field == n).then(|| unquote(&line[start..]))
}

fn unquote(f: &[u8]) -> &[u8] {
    match f {
        [b'"', inner @ .., b'"'] => inner,
        _ => f,
    }
}

/// Where to cut `data` into at most `ranges` ranges: the start of each range (the first is
/// 0), from [`find_cut`] near equal shares.
pub fn cut_points(data: &[u8], opts: &Options, ranges: usize) -> Result<Vec<usize>, Error> {
    let head = &data[..data.len().min(HEAD_BYTES)];
    let mut starts = vec![0];
    for k in 1..ranges.max(1) {
        let ideal = (data.len() as u128 * k as u128 / ranges as u128) as usize;
        let ideal = ideal.max(head.len());
        if ideal >= data.len() {
            break;
        }
        let window = &data[ideal..data.len().min(ideal + CUT_WINDOW)];
        if let Some(off) = find_cut(opts, head, data.len() as u64, window)? {
            let cut = ideal + off;
            if cut > *starts.last().unwrap_or(&0) && cut < data.len() {
                starts.push(cut);
            }
        }
    }
    Ok(starts)
}

fn sniff_head(opts: &Options, head: &[u8], total: u64) -> Result<Sniff, Error> {
    let sample = &head[..head.len().min(SNIFF_BYTES)];
    let complete = total <= SNIFF_BYTES as u64 && head.len() as u64 >= total;
    sniff::sniff(sample, complete, opts)
}

/// The outcome of [`merge`].
pub enum Merged {
    /// The ranges merged into exactly what one reader would have read.
    Exact(Box<Aggregates>),
    /// The ranges may have seen each other's rows; read the file with one reader. The text
    /// says why.
    Inexact(String),
}

fn inexact(why: &str) -> Result<Merged, Error> {
    Ok(Merged::Inexact(why.to_string()))
}

/// Merges the partial states of all ranges of one file (any order; each range once).
/// Errors are those one reader would report at its end (a date or decimal format
/// contradicted later in the file).
pub fn merge(
    opts: &Options,
    head: &[u8],
    total: u64,
    mut parts: Vec<Partial>,
) -> Result<Merged, Error> {
    parts.sort_by_key(|p| p.index);
    if parts.is_empty() || parts.iter().enumerate().any(|(i, p)| p.index as usize != i) {
        return inexact("the ranges are not all there");
    }
    let n = parts.len();
    let mut prev_max: Option<Day> = None;
    for (i, p) in parts.iter().enumerate() {
        if i + 1 < n && !p.at_record_start {
            return inexact("a cut fell inside a record");
        }
        if !p.sorted {
            return inexact("the rows are not in date order");
        }
        if p.self_seeded {
            return inexact("the first order id is not in the file's head");
        }
        if p.audit.count(IssueKind::OrderIdConflict) > 0 {
            return inexact("order ids are reused");
        }
        if p.min_day <= p.max_day {
            if prev_max.is_some_and(|m| p.min_day <= m) {
                return inexact("a date spans two ranges");
            }
            prev_max = Some(p.max_day);
        }
    }
    // Order ids: none may occur in two ranges.
    let bases: Vec<u64> = parts.iter().filter_map(|p| p.dense_base).collect();
    if bases.windows(2).any(|w| w[0] != w[1]) {
        return inexact("the ranges' order tables differ");
    }
    let mut seen_dense: Vec<u64> = Vec::new();
    for p in &parts {
        if seen_dense.len() < p.dense_bits.len() {
            seen_dense.resize(p.dense_bits.len(), 0);
        }
        for (a, b) in seen_dense.iter_mut().zip(&p.dense_bits) {
            if *a & *b != 0 {
                return inexact("an order spans two ranges");
            }
            *a |= *b;
        }
    }
    let hashed: usize = parts.iter().map(|p| p.hashed_orders.len()).sum();
    if hashed > 0 {
        let mut seen: hashbrown::HashSet<u64, crate::model::FastState> =
            hashbrown::HashSet::with_capacity_and_hasher(hashed, Default::default());
        for p in &parts {
            for &k in &p.hashed_orders {
                if !seen.insert(k) {
                    return inexact("an order spans two ranges");
                }
            }
        }
    }
    let sniff = sniff_head(opts, head, total)?;
    let plan = Plan::from_sniff(&sniff)?;
    // Clients in order of first appearance in the file, as one reader interns them: the
    // first range's table as it is, then each later range's new clients.
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return inexact("the ranges are not all there");
    };
    let later: Vec<Partial> = parts.collect();
    let (mut ids, mut stats) = match first.ids {
        Ids::Table(t) => (t, first.stats),
        Ids::Raw { arena, ends } => {
            let mut ids = Interner::with_capacity(ends.len());
            let mut start = 0usize;
            for &end in &ends {
                let id = arena.get(start..end as usize).ok_or_else(malformed)?;
                start = end as usize;
                if !matches!(ids.intern(id), Ok((_, true))) {
                    return Err(malformed());
                }
            }
            (ids, first.stats)
        }
    };
    if stats.len() != ids.len() {
        return Err(malformed());
    }
    // Room for every later range's clients at once, instead of growing as they come.
    let more: usize = later.iter().map(|p| p.ids.parts().1.len()).sum();
    let more_bytes: usize = later.iter().map(|p| p.ids.parts().0.len()).sum();
    ids.reserve(more, more_bytes);
    stats.reserve(more);
    let mut lines = first.lines;
    let mut rows = first.audit.rows_read;
    let mut evidence = first.evidence;
    let mut audit = first.audit;
    let (mut bytes, mut heap_bytes) = (first.bytes, first.heap_bytes);
    let (mut min_day, mut max_day) = (first.min_day, first.max_day);
    for mut p in later {
        let (arena, ends) = p.ids.parts();
        let mut start = 0usize;
        for (i, &end) in ends.iter().enumerate() {
            let end = end as usize;
            let id = arena.get(start..end).ok_or_else(malformed)?;
            start = end;
            let Ok((g, new)) = ids.intern(id) else {
                return Err(malformed());
            };
            if new {
                stats.push(ClientStats::default());
            }
            let (Some(b), Some(first)) = (p.stats.get(i), p.first_periods.get(i)) else {
                return Err(malformed());
            };
            let first = (first.0 != i32::MIN).then_some(*first);
            if merge_client(&mut stats[g as usize], b, first).is_err() {
                return inexact("a client's total exceeds the exactly representable range");
            }
        }
        p.audit.shift(lines, rows);
        evidence = evidence.or(p.evidence.shift(lines));
        lines += p.lines;
        rows += p.audit.rows_read;
        bytes += p.bytes;
        heap_bytes += p.heap_bytes;
        min_day = min_day.min(p.min_day);
        max_day = max_day.max(p.max_day);
        audit.merge(&p.audit);
    }
    evidence.check(&sniff)?;
    Ok(Merged::Exact(Box::new(Aggregates {
        ids,
        stats,
        merged_into: Vec::new(),
        merges: Vec::new(),
        audit,
        min_day: (min_day != Day::MAX).then_some(min_day),
        max_day: (max_day != Day::MIN).then_some(max_day),
        sniff,
        plan,
        period: crate::period_of(opts),
        sorted: true,
        bytes,
        heap_bytes: heap_bytes as usize,
    })))
}

/// Adds a later range's accumulators of a client to the earlier ranges' (`b_first`: the
/// later range's first period and its revenue, when that period closed within the range).
/// The XYZ period open at the cut is joined when the later range starts in it, exactly as
/// one reader would have added the rows.
fn merge_client(
    a: &mut ClientStats,
    b: &ClientStats,
    b_first: Option<(i32, Money)>,
) -> Result<(), crate::model::Overflow> {
    let (a_period, a_sum, a_sq) = (a.period, a.period_sum, a.period_sq);
    a.monetary = a
        .monetary
        .checked_add(b.monetary)
        .ok_or(crate::model::Overflow)?;
    a.first = a.first.min(b.first);
    a.last = a.last.max(b.last);
    a.rows += b.rows;
    a.orders += b.orders;
    if b.period == i32::MIN {
        return Ok(());
    }
    if a_period == i32::MIN {
        a.period = b.period;
        a.period_sum = b.period_sum;
        a.period_sq = a_sq + b.period_sq;
        return Ok(());
    }
    let first_period = b_first.map_or(b.period, |f| f.0);
    if first_period == a_period {
        match b_first {
            Some((_, s)) => {
                let joined = (a_sum + s) as i128;
                a.period_sq = a_sq + b.period_sq - s as i128 * s as i128 + joined * joined;
                a.period = b.period;
                a.period_sum = b.period_sum;
            }
            None => {
                a.period_sum = a_sum + b.period_sum;
                a.period_sq = a_sq + b.period_sq;
            }
        }
    } else {
        a.period_sq = a_sq + a_sum as i128 * a_sum as i128 + b.period_sq;
        a.period = b.period;
        a.period_sum = b.period_sum;
    }
    Ok(())
}

/// Reads `data` in up to `ranges` ranges on as many threads and merges them; the aggregates
/// and the number of ranges, or why the file was not split (no cut found, a range failed,
/// the merge would not be exact).
#[cfg(not(target_arch = "wasm32"))]
pub fn read_split(
    data: &[u8],
    opts: &Options,
    ranges: usize,
) -> Result<Result<(Aggregates, usize), String>, Error> {
    let starts = cut_points(data, opts, ranges)?;
    if starts.len() < 2 {
        return Ok(Err("no cut point was found".into()));
    }
    let head = &data[..data.len().min(HEAD_BYTES)];
    let total = data.len() as u64;
    let bounds: Vec<(usize, usize)> = starts
        .iter()
        .enumerate()
        .map(|(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(data.len())))
        .collect();
    let read = |i: usize| -> Result<Partial, Error> {
        let (s, e) = bounds[i];
        let mut r = RangeReader::new(opts, head, total, i as u32, (e - s) as u64)?;
        r.push(&data[s..e])?;
        r.finish()
    };
    // The first range on this thread (its state stays as it is), the others on their own
    // threads, sent back as bytes as from a Web Worker.
    type Sent = Result<Vec<u8>, Error>;
    let (first, later): (Result<Partial, Error>, Vec<Sent>) = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..bounds.len())
            .map(|i| scope.spawn(move || read(i).map(|p| p.to_bytes())))
            .collect();
        let first = read(0);
        let later = handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Error::new(ErrorKind::UnreadableInput, "panic")))
            })
            .collect();
        (first, later)
    });
    // One reader reports the error of a range with the file's own line and row numbers.
    let failed = |e: Error| {
        Ok(Err(if e.kind() == ErrorKind::InexactSplit {
            e.to_string()
        } else {
            format!("a range failed: {e}")
        }))
    };
    let mut parts = Vec::with_capacity(bounds.len());
    match first {
        Ok(p) => parts.push(p),
        Err(e) => return failed(e),
    }
    for r in later {
        match r {
            Ok(b) => parts.push(Partial::from_bytes(&b)?),
            Err(e) => return failed(e),
        }
    }
    match merge(opts, head, total, parts)? {
        Merged::Exact(a) => Ok(Ok((*a, bounds.len()))),
        Merged::Inexact(why) => Ok(Err(why)),
    }
}

fn malformed() -> Error {
    Error::new(
        ErrorKind::UnreadableInput,
        "the partial result of a range could not be read",
    )
}

const MAGIC: &[u8; 8] = b"SGMPART1";

/// Little-endian writer of a [`Partial`].
struct Writer(Vec<u8>);

impl Writer {
    fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn i128(&mut self, v: i128) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }
    fn bytes(&mut self, b: &[u8]) {
        self.len(b.len());
        self.0.extend_from_slice(b);
    }
    fn opt_u64(&mut self, v: Option<u64>) {
        match v {
            Some(v) => {
                self.u8(1);
                self.u64(v);
            }
            None => self.u8(0),
        }
    }
    fn opt_str(&mut self, v: Option<&str>) {
        match v {
            Some(v) => {
                self.u8(1);
                self.bytes(v.as_bytes());
            }
            None => self.u8(0),
        }
    }
}

/// Bounds-checked reader of a [`Partial`]: malformed bytes are an error, never a panic or
/// a huge allocation.
struct Reader<'a> {
    b: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if n > self.b.len() {
            return Err(malformed());
        }
        let (h, t) = self.b.split_at(n);
        self.b = t;
        Ok(h)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }
    fn bool(&mut self) -> Result<bool, Error> {
        Ok(self.u8()? != 0)
    }
    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn i32(&mut self) -> Result<i32, Error> {
        Ok(i32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn i64(&mut self) -> Result<i64, Error> {
        Ok(i64::from_le_bytes(self.array()?))
    }
    fn i128(&mut self) -> Result<i128, Error> {
        Ok(i128::from_le_bytes(self.array()?))
    }
    /// A count of items of at least `item` bytes each, checked against what is left.
    fn len(&mut self, item: usize) -> Result<usize, Error> {
        let n = self.u64()?;
        if n > (self.b.len() / item.max(1)) as u64 {
            return Err(malformed());
        }
        Ok(n as usize)
    }
    fn bytes(&mut self) -> Result<&'a [u8], Error> {
        let n = self.len(1)?;
        self.take(n)
    }
    fn string(&mut self) -> Result<String, Error> {
        String::from_utf8(self.bytes()?.to_vec()).map_err(|_| malformed())
    }
    fn opt_u64(&mut self) -> Result<Option<u64>, Error> {
        Ok(if self.bool()? {
            Some(self.u64()?)
        } else {
            None
        })
    }
    fn opt_string(&mut self) -> Result<Option<String>, Error> {
        Ok(if self.bool()? {
            Some(self.string()?)
        } else {
            None
        })
    }
}

impl Partial {
    /// The partial state as bytes, to send from a Worker (transferable).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(
            64 + self.ids.parts().0.len() + self.stats.len() * 80 + self.hashed_orders.len() * 8,
        ));
        w.0.extend_from_slice(MAGIC);
        w.u32(self.index);
        w.u8(self.at_record_start as u8);
        w.u8(self.self_seeded as u8);
        w.u8(self.sorted as u8);
        w.u64(self.lines);
        w.u64(self.bytes);
        w.u64(self.heap_bytes);
        w.i64(self.min_day as i64);
        w.i64(self.max_day as i64);
        let (arena, ends) = self.ids.parts();
        w.bytes(arena);
        w.len(ends.len());
        for &e in ends {
            w.u32(e);
        }
        w.len(self.stats.len());
        for (s, f) in self.stats.iter().zip(&self.first_periods) {
            w.u32(s.first as u32);
            w.u32(s.last as u32);
            w.u32(s.orders);
            w.u32(s.rows);
            w.i64(s.monetary);
            w.u32(s.period as u32);
            w.i64(s.period_sum);
            w.i128(s.period_sq);
            w.u32(f.0 as u32);
            w.i64(f.1);
        }
        w.opt_u64(self.dense_base);
        w.len(self.dense_bits.len());
        for &b in &self.dense_bits {
            w.u64(b);
        }
        w.len(self.hashed_orders.len());
        for &k in &self.hashed_orders {
            w.u64(k);
        }
        let e = &self.evidence;
        for v in [e.day_first, e.month_first, e.comma, e.point] {
            w.opt_u64(v);
        }
        let a = &self.audit;
        w.len(a.max_examples);
        for i in 0..IssueKind::ALL.len() {
            w.u64(a.counts[i]);
            w.i64(a.amounts[i]);
            w.len(a.examples[i].len());
            for x in &a.examples[i] {
                w.u64(x.line);
                w.u64(x.row);
                w.opt_str(x.column.as_deref());
                w.bytes(x.value.as_bytes());
                w.opt_str(x.detail.as_deref());
                w.opt_u64(x.ref_line);
            }
        }
        w.len(a.rejected_rows.len());
        for r in &a.rejected_rows {
            w.u64(r.line);
            w.u8(r.kind.index() as u8);
            w.len(r.fields.len());
            for f in &r.fields {
                w.bytes(f.as_bytes());
            }
        }
        for v in [
            a.rejected_rows_dropped,
            a.rows_read,
            a.rows_accepted,
            a.blank_rows,
            a.preamble_lines,
        ] {
            w.u64(v);
        }
        w.i64(a.accepted_amount);
        w.i64(a.returns_amount);
        w.len(a.top.len());
        for &(m, l) in &a.top {
            w.i64(m);
            w.u64(l);
        }
        w.len(a.histogram.len());
        for &h in &a.histogram {
            w.u64(h);
        }
        w.0
    }

    /// Reads what [`Partial::to_bytes`] wrote; anything else is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Partial, Error> {
        let mut r = Reader { b: bytes };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(malformed());
        }
        let index = r.u32()?;
        let at_record_start = r.bool()?;
        let self_seeded = r.bool()?;
        let sorted = r.bool()?;
        let lines = r.u64()?;
        let bytes_read = r.u64()?;
        let heap_bytes = r.u64()?;
        let min_day = r.i64()? as Day;
        let max_day = r.i64()? as Day;
        let arena = r.bytes()?.to_vec();
        let n = r.len(4)?;
        let mut ends = Vec::with_capacity(n);
        let mut prev = 0;
        for _ in 0..n {
            let e = r.u32()?;
            if e < prev || e as usize > arena.len() {
                return Err(malformed());
            }
            prev = e;
            ends.push(e);
        }
        let n = r.len(64)?;
        if n != ends.len() {
            return Err(malformed());
        }
        let mut stats = Vec::with_capacity(n);
        let mut first_periods = Vec::with_capacity(n);
        for _ in 0..n {
            stats.push(ClientStats {
                first: r.i32()?,
                last: r.i32()?,
                orders: r.u32()?,
                rows: r.u32()?,
                monetary: r.i64()?,
                period: r.i32()?,
                period_sum: r.i64()?,
                period_sq: r.i128()?,
            });
            first_periods.push((r.i32()?, r.i64()?));
        }
        let dense_base = r.opt_u64()?;
        let n = r.len(8)?;
        let dense_bits = (0..n).map(|_| r.u64()).collect::<Result<_, _>>()?;
        let n = r.len(8)?;
        let hashed_orders = (0..n).map(|_| r.u64()).collect::<Result<_, _>>()?;
        let evidence = Evidence {
            day_first: r.opt_u64()?,
            month_first: r.opt_u64()?,
            comma: r.opt_u64()?,
            point: r.opt_u64()?,
        };
        let max_examples = r.u64()?.min(1 << 20) as usize;
        let mut audit = AuditBuilder::new(max_examples);
        for i in 0..IssueKind::ALL.len() {
            audit.counts[i] = r.u64()?;
            audit.amounts[i] = r.i64()?;
            let n = r.len(20)?;
            for _ in 0..n {
                audit.examples[i].push(IssueExample {
                    line: r.u64()?,
                    row: r.u64()?,
                    column: r.opt_string()?,
                    value: r.string()?,
                    detail: r.opt_string()?,
                    ref_line: r.opt_u64()?,
                });
            }
        }
        let n = r.len(17)?;
        for _ in 0..n {
            let line = r.u64()?;
            let kind = *IssueKind::ALL.get(r.u8()? as usize).ok_or_else(malformed)?;
            let m = r.len(8)?;
            let fields = (0..m).map(|_| r.string()).collect::<Result<_, _>>()?;
            audit.rejected_rows.push(RejectedRow { line, kind, fields });
        }
        audit.rejected_rows_dropped = r.u64()?;
        audit.rows_read = r.u64()?;
        audit.rows_accepted = r.u64()?;
        audit.blank_rows = r.u64()?;
        audit.preamble_lines = r.u64()?;
        audit.accepted_amount = r.i64()?;
        audit.returns_amount = r.i64()?;
        let n = r.len(16)?;
        audit.top = (0..n)
            .map(|_| Ok((r.i64()?, r.u64()?)))
            .collect::<Result<_, Error>>()?;
        let n = r.len(8)?;
        if n != audit.histogram.len() {
            return Err(malformed());
        }
        for h in audit.histogram.iter_mut() {
            *h = r.u64()?;
        }
        if !r.b.is_empty() {
            return Err(malformed());
        }
        Ok(Partial {
            index,
            at_record_start,
            self_seeded,
            sorted,
            lines,
            bytes: bytes_read,
            ids: Ids::Raw { arena, ends },
            stats,
            first_periods,
            dense_base,
            dense_bits,
            hashed_orders,
            evidence,
            audit,
            min_day,
            max_day,
            heap_bytes,
        })
    }
}
