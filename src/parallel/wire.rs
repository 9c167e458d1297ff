//! The bytes of a range's partial state, to send it from a Web Worker or a thread to the
//! merging one: little-endian, versioned, bounds-checked on reading.

use crate::calendar::Day;
use crate::error::{Error, ErrorKind, IssueKind};
use crate::ingest::accumulate::ClientStats;
use crate::ingest::audit::{AuditBuilder, IssueExample, RejectedRow};
use crate::ingest::evidence::Evidence;
use crate::ingest::gaps::{Gaps, MAX_GAP};
use crate::ingest::profile::{Profiles, FIELDS};
use crate::ingest::range::Ids;
use crate::ingest::Partial;
use crate::locale::Bilingual;

pub(super) fn malformed() -> Error {
    Error::new(
        ErrorKind::UnreadableInput,
        "the partial result of a range could not be read",
    )
    .ru("не удалось прочитать промежуточный результат части файла")
}

const MAGIC: &[u8; 8] = b"SGMPART3";

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
            w.u32(s.days);
            w.u32(s.returns);
            w.i64(s.monetary);
            w.i64(s.returned);
            w.u64(s.gap_sq);
            w.u32(s.period as u32);
            w.i64(s.period_sum);
            w.i128(s.period_sq);
            w.u32(f.0 as u32);
            w.i64(f.1);
        }
        w.i64(self.max_purchase as i64);
        match &self.profiles {
            None => w.u8(0),
            Some(p) => {
                w.u8(1);
                for c in p.columns() {
                    w.opt_u64(c.map(|c| c as u64));
                }
                w.len(p.len());
                for i in 0..p.len() {
                    for k in 0..FIELDS {
                        w.bytes(p.get(i, k).as_bytes());
                    }
                }
            }
        }
        let nonzero: Vec<(usize, u64)> = (self.gaps.counts().iter().copied().enumerate())
            .filter(|(_, c)| *c > 0)
            .collect();
        w.len(nonzero.len());
        for (g, c) in nonzero {
            w.u32(g as u32);
            w.u64(c);
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
                w.opt_str(x.details.as_ref().map(|d| d.en.as_str()));
                w.opt_str(x.details.as_ref().map(|d| d.ru.as_str()));
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
        let n = r.len(88)?;
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
                days: r.u32()?,
                returns: r.u32()?,
                monetary: r.i64()?,
                returned: r.i64()?,
                gap_sq: r.u64()?,
                period: r.i32()?,
                period_sum: r.i64()?,
                period_sq: r.i128()?,
            });
            first_periods.push((r.i32()?, r.i64()?));
        }
        let max_purchase = r.i64()? as Day;
        let profiles = if r.bool()? {
            let mut cols = [None; FIELDS];
            for c in cols.iter_mut() {
                *c = r.opt_u64()?.map(|c| c.min(u32::MAX as u64) as usize);
            }
            let n = r.len(8 * FIELDS)?;
            let mut p = Profiles::with_columns(cols, n);
            for i in 0..n {
                for k in 0..FIELDS {
                    p.set(i, k, &r.string()?);
                }
            }
            Some(p)
        } else {
            None
        };
        let n = r.len(12)?;
        let mut counts = vec![0u64; MAX_GAP + 1];
        for _ in 0..n {
            let g = r.u32()? as usize;
            *counts.get_mut(g).ok_or_else(malformed)? = r.u64()?;
        }
        let gaps = Gaps::from_counts(counts).ok_or_else(malformed)?;
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
        let audit = read_audit(&mut r)?;
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
            max_purchase,
            profiles,
            gaps,
            heap_bytes,
        })
    }
}

/// Reads the audit [`Partial::to_bytes`] wrote.
fn read_audit(r: &mut Reader<'_>) -> Result<AuditBuilder, Error> {
    let max_examples = r.u64()?.min(1 << 20) as usize;
    let mut audit = AuditBuilder::new(max_examples);
    for i in 0..IssueKind::ALL.len() {
        audit.counts[i] = r.u64()?;
        audit.amounts[i] = r.i64()?;
        let n = r.len(20)?;
        for _ in 0..n {
            let (line, row, column, value) = (r.u64()?, r.u64()?, r.opt_string()?, r.string()?);
            let details = match (r.opt_string()?, r.opt_string()?) {
                (Some(en), Some(ru)) => Some(Bilingual::new(en, ru)),
                _ => None,
            };
            let mut example = IssueExample::new(line, row, column, value).with_details(details);
            example.ref_line = r.opt_u64()?;
            audit.examples[i].push(example);
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
    Ok(audit)
}
