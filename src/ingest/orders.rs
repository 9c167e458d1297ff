//! Order ids: which rows start a new order, and which ids are reused by another client or on
//! another date.
//!
//! Ids shaped like the file's first one (an optional non-digit prefix and at most 12 digits)
//! go to a dense table indexed by their number; other ids go to a hashed history, bounded
//! like the duplicate check's for files in date order.

use super::bytes::pack16;
use super::codec::{Reader, Writer};
use super::interner::{fingerprint, mix};
use super::window::{KeyForm, Window};
use crate::calendar::Day;
use crate::error::Error;

const NO_CLIENT: u32 = u32::MAX;

/// Ids around the first dense id that the dense table spans.
const SPAN: u64 = 1 << 22;

/// The shape of the order ids that go to the dense table: a non-digit prefix (`#` in
/// `#1001`, `ЦБ-` in `ЦБ-000123`), kept packed with its length (at most 16 bytes, see
/// [`pack16`]), and the number of digits when they are zero-padded (`None`: no leading
/// zeros).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct OrderIdShape {
    prefix: ((u64, u64), usize),
    width: Option<usize>,
}

/// What an order id says about its row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum OrderSeen {
    /// The first row of an order.
    New,
    /// Another line of an order already counted.
    Again,
    /// The same client used the id on another day (counted once, flagged).
    OtherDate(Day),
    /// Another client used the id; `new_order` says whether it is new for this client.
    OtherClient { client: u32, new_order: bool },
}

/// The order ids seen so far.
pub(crate) struct OrderIds {
    dense: Vec<u64>,
    base: Option<u64>,
    shape: Option<OrderIdShape>,
    /// Ids outside the dense table, and ids reused across clients.
    pub(super) hashed: Window<u64>,
    last: (u64, u32, Day),
    /// Whether this reader fixed the dense shape from its own rows (not from a seed).
    pub(super) shaped_here: bool,
}

impl OrderIds {
    /// An empty history of `history_window` rows (0: unbounded), sized for `expected_rows`.
    pub(super) fn new(history_window: usize, expected_rows: usize) -> OrderIds {
        OrderIds {
            dense: Vec::with_capacity(expected_rows.min(1 << 20)),
            base: None,
            shape: None,
            hashed: Window::with_capacity(history_window, expected_rows),
            last: (0, NO_CLIENT, 0),
            shaped_here: false,
        }
    }

    /// Looks `oid` (trimmed, not empty) up for `client` on `day`, and remembers it.
    #[inline]
    pub(super) fn see(&mut self, oid: &[u8], client: u32, day: Day) -> OrderSeen {
        let dense = self.dense_slot(oid);
        let key = match dense {
            Some(v) => v as u64 | 1 << 63,
            None => fingerprint(oid),
        };
        if self.last == (key, client, day) {
            return OrderSeen::Again;
        }
        self.last = (key, client, day);
        let packed = ((client as u64) << 32) | (day as u32 as u64);
        let seen = match dense {
            Some(i) => {
                let slot = &mut self.dense[i];
                if *slot == 0 {
                    *slot = packed + (1 << 32);
                    None
                } else {
                    Some(*slot - (1 << 32))
                }
            }
            None => self.hashed.insert(key, packed, day),
        };
        let Some(v) = seen else {
            return OrderSeen::New;
        };
        let (other, other_day) = ((v >> 32) as u32, v as u32 as Day);
        if other == client {
            if other_day != day {
                OrderSeen::OtherDate(other_day)
            } else {
                OrderSeen::Again
            }
        } else {
            let own = mix(fingerprint(oid), client as u64);
            OrderSeen::OtherClient {
                client: other,
                new_order: self.hashed.insert(own, packed, day).is_none(),
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
    fn dense_slot(&mut self, oid: &[u8]) -> Option<usize> {
        let split = oid.len() - oid.iter().rev().take_while(|c| c.is_ascii_digit()).count();
        let (prefix, digits) = oid.split_at(split);
        if digits.is_empty() || digits.len() > 12 || prefix.len() > 16 {
            return None;
        }
        let padded = digits[0] == b'0' && digits.len() > 1;
        let packed = (pack16(prefix), prefix.len());
        if self.shape.is_none() {
            self.shaped_here = true;
        }
        let shape = *self.shape.get_or_insert(OrderIdShape {
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
        let base = *self.base.get_or_insert(v.saturating_sub(SPAN / 4));
        let i = v.checked_sub(base).filter(|i| *i < SPAN)? as usize;
        if i >= self.dense.len() {
            let n = (i + 1).max(self.dense.len() * 2).min(SPAN as usize);
            self.dense.resize(n, 0);
        }
        Some(i)
    }

    /// The dense table's shape and first id, once an id fixed them.
    pub(super) fn seed(&self) -> Option<(OrderIdShape, u64)> {
        self.shape.zip(self.base)
    }

    /// Starts from the shape and first id another reader of the same file found.
    pub(super) fn set_seed(&mut self, (shape, base): (OrderIdShape, u64)) {
        self.shape = Some(shape);
        self.base = Some(base);
    }

    /// The dense table's first id.
    pub(super) fn dense_base(&self) -> Option<u64> {
        self.base
    }

    /// Which slots of the dense table are used, one bit each.
    pub(super) fn dense_bits(&self) -> Vec<u64> {
        let mut bits = vec![0u64; self.dense.len().div_ceil(64)];
        for (i, slot) in self.dense.iter().enumerate() {
            if *slot != 0 {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        bits
    }

    /// Estimated bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.dense.capacity() * 8 + self.hashed.heap_bytes()
    }
}

/// The bytes of the order ids seen, for a saved state.
impl OrderIds {
    /// Writes the tables: the dense one as runs of unused slots and each used slot's
    /// client and date.
    pub(super) fn encode(&self, w: &mut Writer) {
        w.vlen(self.dense.len());
        let used = self.dense.iter().filter(|s| **s != 0).count();
        w.vlen(used);
        let (mut gap, mut prev_day) = (0u64, 0i64);
        for &slot in &self.dense {
            if slot == 0 {
                gap += 1;
                continue;
            }
            let packed = slot - (1 << 32);
            let day = packed as u32 as i32 as i64;
            w.uv(gap);
            w.uv(packed >> 32);
            w.iv(day - prev_day);
            (gap, prev_day) = (0, day);
        }
        w.0.push(self.base.is_some() as u8);
        w.uv(self.base.unwrap_or(0));
        match self.shape {
            Some(s) => {
                w.u8(1);
                w.u64(s.prefix.0 .0);
                w.u64(s.prefix.0 .1);
                w.uv(s.prefix.1 as u64);
                w.uv(s.width.map_or(0, |x| x as u64 + 1));
            }
            None => w.u8(0),
        }
        self.hashed.encode(w, KeyForm::Fingerprint);
        w.u64(self.last.0);
        w.uv(self.last.1 as u64);
        w.iv(self.last.2 as i64);
        w.u8(self.shaped_here as u8);
    }

    /// Reads what [`encode`](Self::encode) wrote.
    pub(super) fn decode(r: &mut Reader<'_>) -> Result<OrderIds, Error> {
        let len = r.uv()?;
        if len > SPAN {
            return Err(r.bad());
        }
        let used = r.vlen(3)?;
        // Room to grow as `dense_slot` would, without copying the table.
        let mut dense = Vec::with_capacity((len as usize * 2).min(SPAN as usize));
        dense.resize(len as usize, 0);
        let (mut at, mut prev_day) = (0usize, 0i64);
        for _ in 0..used {
            at = at.checked_add(r.uv()? as usize).ok_or_else(|| r.bad())?;
            let client = r.uv32()? as u64;
            let day = i32::try_from(prev_day + r.iv()?).map_err(|_| r.bad())?;
            prev_day = day as i64;
            let slot = dense.get_mut(at).ok_or_else(|| r.bad())?;
            *slot = ((client << 32) | day as u32 as u64)
                .checked_add(1 << 32)
                .ok_or_else(|| r.bad())?;
            at += 1;
        }
        let has_base = r.bool()?;
        let base = r.uv()?;
        let shape = if r.bool()? {
            let prefix = ((r.u64()?, r.u64()?), r.uv()? as usize);
            let width = r.uv()?;
            Some(OrderIdShape {
                prefix,
                width: width.checked_sub(1).map(|x| x as usize),
            })
        } else {
            None
        };
        let hashed = Window::decode(r, KeyForm::Fingerprint)?;
        let last = (r.u64()?, r.uv32()?, r.iv32()?);
        Ok(OrderIds {
            dense,
            base: has_base.then_some(base),
            shape,
            hashed,
            last,
            shaped_here: r.bool()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row: order id, client, day.
    type Row<'a> = (&'a str, u32, Day);

    /// What each row of a file says, in file order.
    fn seen(rows: &[Row]) -> Vec<OrderSeen> {
        let mut o = OrderIds::new(0, 0);
        rows.iter()
            .map(|(id, c, d)| o.see(id.as_bytes(), *c, *d))
            .collect()
    }

    #[test]
    fn orders_table() {
        use OrderSeen::*;
        let cases: &[(&str, &[Row], &[OrderSeen])] = &[
            (
                "lines of one order",
                &[("1001", 0, 5), ("1001", 0, 5)],
                &[New, Again],
            ),
            ("two orders", &[("1001", 0, 5), ("1002", 0, 5)], &[New, New]),
            (
                "reused on another day",
                &[("7", 0, 5), ("7", 0, 9)],
                &[New, OtherDate(5)],
            ),
            (
                "reused by another client",
                &[("7", 0, 5), ("7", 1, 5), ("7", 1, 5)],
                &[
                    New,
                    OtherClient {
                        client: 0,
                        new_order: true,
                    },
                    Again,
                ],
            ),
            (
                "prefixed ids",
                &[("#1001", 0, 1), ("#1002", 0, 1), ("#1001", 0, 1)],
                &[New, New, Again],
            ),
            (
                "zero-padded and not",
                &[("007", 0, 1), ("7", 0, 1), ("007", 1, 1)],
                &[
                    New,
                    New,
                    OtherClient {
                        client: 0,
                        new_order: true,
                    },
                ],
            ),
            (
                "text ids",
                &[("A-1", 0, 1), ("A-2", 0, 1), ("A-1", 0, 1)],
                &[New, New, Again],
            ),
            (
                "far beyond the dense span",
                &[("1", 0, 1), ("99999999999", 0, 1), ("1", 0, 2)],
                &[New, New, OtherDate(1)],
            ),
        ];
        for (name, rows, want) in cases {
            assert_eq!(seen(rows), *want, "{name}");
        }
    }

    #[test]
    fn the_first_id_fixes_the_shape() {
        let mut o = OrderIds::new(0, 0);
        o.see(b"#0042", 0, 1);
        assert!(o.shaped_here);
        let mut other = OrderIds::new(0, 0);
        other.set_seed(o.seed().unwrap());
        other.see(b"#0043", 0, 1);
        assert!(!other.shaped_here);
        assert_eq!(other.dense_base(), o.dense_base());
    }
}
