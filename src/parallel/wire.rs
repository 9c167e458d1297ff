//! The bytes of a range's partial state, to send it from a Web Worker or a thread to the
//! merging one: little-endian, versioned, bounds-checked on reading.

use crate::calendar::Day;
use crate::error::{Error, ErrorKind};
use crate::ingest::accumulate::ClientStats;
use crate::ingest::audit::AuditBuilder;
use crate::ingest::categories::Categories;
use crate::ingest::codec::{Reader, Writer};
use crate::ingest::evidence::Evidence;
use crate::ingest::gaps::{Gaps, MAX_GAP};
use crate::ingest::profile::{Profiles, FIELDS};
use crate::ingest::range::Ids;
use crate::ingest::Partial;

pub(super) fn malformed() -> Error {
    Error::new(
        ErrorKind::UnreadableInput,
        "the partial result of a range could not be read",
    )
    .ru("не удалось прочитать промежуточный результат части файла")
}

const MAGIC: &[u8; 8] = b"SGMPART5";

impl Partial {
    /// The partial state as bytes, to send from a Worker (transferable).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::with_capacity(
            64 + self.ids.parts().0.len() + self.stats.len() * 80 + self.hashed_orders.len() * 8,
        );
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
            w.i64(s.largest);
            w.i64(s.open);
            w.i64(s.first_value);
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
        match &self.categories {
            None => w.u8(0),
            Some(c) => {
                w.u8(1);
                let mut v = Writer::with_capacity(0);
                c.encode(&mut v);
                w.bytes(&v.0);
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
        for v in [e.day_first, e.month_first, e.comma, e.point, e.open_quote] {
            w.opt_u64(v);
        }
        self.audit.encode(&mut w);
        w.0
    }

    /// Reads what [`Partial::to_bytes`] wrote; anything else is an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Partial, Error> {
        let mut r = Reader::new(bytes, malformed);
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
        let n = r.len(104)?;
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
                largest: r.i64()?,
                open: r.i64()?,
                first_value: r.i64()?,
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
        let categories = if r.bool()? {
            let bytes = r.bytes()?;
            let mut cr = Reader::new(bytes, malformed);
            let c = Categories::decode(&mut cr, stats.len())?;
            if !cr.is_empty() {
                return Err(malformed());
            }
            Some(c)
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
            open_quote: r.opt_u64()?,
        };
        let audit = AuditBuilder::decode(&mut r)?;
        if !r.is_empty() {
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
            categories,
            gaps,
            heap_bytes,
        })
    }
}
