//! Per-client accumulators.
//!
//! Accumulators [`add`](ClientStats::add) rows and [`merge`](ClientStats::merge) partial
//! states, so whole-file, chunked and split reads share one code path. [`Accumulator`]
//! holds every client's, with the revenue per period the XYZ analysis needs.

use super::interner::Interner;
use super::window::Deferred;
use crate::calendar::{Day, Period};
use crate::error::{Error, ErrorKind};
use crate::money::Money;

/// A total beyond the exactly representable range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Overflow;

/// What is known about one client from its orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientStats {
    /// Date of the first order.
    pub first: Day,
    /// Date of the last order.
    pub last: Day,
    /// Number of orders (distinct order ids, or rows without an order id column).
    pub orders: u32,
    /// Number of rows.
    pub rows: u32,
    /// Sum of amounts, returns netted out.
    pub monetary: Money,
    /// Period (month/week/quarter index) of the open period, for XYZ.
    pub period: i32,
    /// Revenue in the open period.
    pub period_sum: Money,
    /// Sum of squares of the revenue of closed periods (in money units squared).
    pub period_sq: i128,
}

impl Default for ClientStats {
    fn default() -> Self {
        ClientStats {
            first: Day::MAX,
            last: Day::MIN,
            orders: 0,
            rows: 0,
            monetary: 0,
            period: i32::MIN,
            period_sum: 0,
            period_sq: 0,
        }
    }
}

impl ClientStats {
    /// Whether the client has orders.
    pub fn has_orders(&self) -> bool {
        self.rows > 0
    }

    /// Adds one accepted row (the caller decides whether it starts a new order).
    #[inline]
    pub fn add(&mut self, day: Day, amount: Money, new_order: bool) -> Result<(), Overflow> {
        self.monetary = self.monetary.checked_add(amount).ok_or(Overflow)?;
        self.first = self.first.min(day);
        self.last = self.last.max(day);
        self.rows += 1;
        self.orders += new_order as u32;
        Ok(())
    }

    /// Sum of squared period revenues including the open period.
    pub fn sum_of_squares(&self) -> i128 {
        self.period_sq + self.period_sum as i128 * self.period_sum as i128
    }

    /// Merges another partial state of the same client whose periods do not overlap this
    /// one's (the caller has already reconciled shared periods).
    pub fn merge(&mut self, o: &ClientStats) -> Result<(), Overflow> {
        self.monetary = self.monetary.checked_add(o.monetary).ok_or(Overflow)?;
        self.first = self.first.min(o.first);
        self.last = self.last.max(o.last);
        self.rows += o.rows;
        self.orders += o.orders;
        self.period_sq += o.sum_of_squares();
        Ok(())
    }
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

/// Every client's accumulators, with the revenue of each client's closed periods (for XYZ).
///
/// Rows are queued and applied in batches, so that the memory accesses of many rows'
/// clients overlap instead of stalling one by one.
pub(crate) struct Accumulator {
    /// Per-client stats, indexed like the interned ids.
    pub(crate) stats: Vec<ClientStats>,
    pending: Vec<Pending>,
    /// Revenue of closed periods, by (client, period): a period reopened by a row out of
    /// date order is corrected exactly while it is in the window.
    pub(super) periods: Deferred<Money>,
    period: Option<Period>,
    period_cache: (Day, i32),
    /// Range readers only: per client, its first period and that period's revenue once it
    /// closed (`i32::MIN` while open).
    pub(crate) first_periods: Option<Vec<(i32, Money)>>,
}

impl Accumulator {
    /// Accumulators tracking `period` revenue (none: no XYZ), with a history of
    /// `history_window` rows, sized for `expected_rows`.
    pub(super) fn new(period: Option<Period>, history_window: usize, expected_rows: usize) -> Self {
        Accumulator {
            // Room for a client per eight rows up front (address space only until used),
            // instead of copying as the tables double.
            stats: Vec::with_capacity((expected_rows / 8).min(1 << 18)),
            pending: Vec::with_capacity(PENDING),
            periods: Deferred::write_once(history_window, expected_rows / 2),
            period,
            period_cache: (Day::MIN, 0),
            first_periods: None,
        }
    }

    /// Room for a new client (the next index).
    pub(super) fn new_client(&mut self) {
        self.stats.push(ClientStats::default());
        if let Some(f) = &mut self.first_periods {
            f.push((i32::MIN, 0));
        }
    }

    /// Queues an accepted row of `client`.
    #[inline]
    pub(super) fn push(
        &mut self,
        client: u32,
        day: Day,
        amount: Money,
        new_order: bool,
        ids: &Interner,
    ) -> Result<(), Error> {
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
            self.flush(ids)?;
        }
        Ok(())
    }

    #[inline]
    fn period_of(&mut self, day: Day) -> i32 {
        if self.period_cache.0 == day {
            return self.period_cache.1;
        }
        let p = self.period.unwrap_or_default().index(day);
        self.period_cache = (day, p);
        p
    }

    /// Applies the queued rows to their clients, in order.
    pub(super) fn flush(&mut self, ids: &Interner) -> Result<(), Error> {
        let track = self.period.is_some();
        for i in 0..self.pending.len() {
            let Pending {
                client,
                day,
                amount,
                period,
                new_order,
            } = self.pending[i];
            let st = &mut self.stats[client as usize];
            if st.add(day, amount, new_order).is_err() {
                return Err(Error::new(
                    ErrorKind::Overflow,
                    format!(
                        "the total of client \"{}\" exceeds the exactly representable range (about 9·10^14); check the amount column and its units",
                        ids.get(client)
                    ),
                ));
            }
            if track {
                self.add_to_period(client, day, amount, period);
            }
        }
        self.pending.clear();
        Ok(())
    }

    /// Adds a row's amount to its client's period revenue.
    #[inline]
    fn add_to_period(&mut self, client: u32, day: Day, amount: Money, p: i32) {
        let st = &mut self.stats[client as usize];
        if st.period == i32::MIN {
            st.period = p;
            st.period_sum = amount;
        } else if p == st.period {
            st.period_sum += amount;
        } else if p > st.period {
            st.period_sq += st.period_sum as i128 * st.period_sum as i128;
            let key = ((client as u64) << 32) | (st.period as u32 as u64);
            let closed = st.period_sum;
            if let Some(f) = &mut self.first_periods {
                let first = &mut f[client as usize];
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

    /// Estimated bytes held.
    pub(super) fn heap_bytes(&self) -> usize {
        self.stats.capacity() * std::mem::size_of::<ClientStats>() + self.periods.heap_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row: client, day, amount in units, whether it starts an order.
    type Row = (u32, Day, i64, bool);
    /// A client: orders, rows, revenue, first, last, sum of squares of period revenue in
    /// units².
    type Client = (u32, u32, i64, Day, Day, i128);

    fn accumulate(period: Option<Period>, rows: &[Row]) -> Vec<Client> {
        let mut ids = Interner::default();
        let mut acc = Accumulator::new(period, 0, 0);
        for (c, day, amount, new_order) in rows {
            while acc.stats.len() <= *c as usize {
                ids.intern(format!("c{}", acc.stats.len()).as_bytes())
                    .unwrap();
                acc.new_client();
            }
            acc.push(*c, *day, amount * crate::money::SCALE, *new_order, &ids)
                .unwrap();
        }
        acc.flush(&ids).unwrap();
        let s2 = (crate::money::SCALE as i128).pow(2);
        acc.stats
            .iter()
            .map(|s| {
                (
                    s.orders,
                    s.rows,
                    s.monetary / crate::money::SCALE,
                    s.first,
                    s.last,
                    s.sum_of_squares() / s2,
                )
            })
            .collect()
    }

    #[test]
    fn accumulators_table() {
        // Days 0 and 31 are in January and February 1970; 10 is in January.
        let month = Some(Period::Month);
        let cases: &[(&str, Option<Period>, &[Row], &[Client])] = &[
            (
                "one row",
                month,
                &[(0, 5, 10, true)],
                &[(1, 1, 10, 5, 5, 100)],
            ),
            (
                "lines of one order",
                month,
                &[(0, 5, 10, true), (0, 5, 5, false)],
                &[(1, 2, 15, 5, 5, 225)],
            ),
            (
                "two months",
                month,
                &[(0, 0, 10, true), (0, 31, 20, true)],
                &[(2, 2, 30, 0, 31, 500)],
            ),
            (
                "a row back in a closed month",
                month,
                &[(0, 0, 10, true), (0, 31, 20, true), (0, 10, 5, true)],
                &[(3, 3, 35, 0, 31, 625)],
            ),
            (
                "a return",
                month,
                &[(0, 0, 10, true), (0, 1, -4, true)],
                &[(2, 2, 6, 0, 1, 36)],
            ),
            (
                "no periods tracked",
                None,
                &[(0, 0, 10, true), (0, 31, 20, true)],
                &[(2, 2, 30, 0, 31, 0)],
            ),
            (
                "two clients",
                month,
                &[(1, 3, 7, true), (0, 4, 1, true)],
                &[(1, 1, 1, 4, 4, 1), (1, 1, 7, 3, 3, 49)],
            ),
        ];
        for (name, period, rows, want) in cases {
            assert_eq!(accumulate(*period, rows), *want, "{name}");
        }
    }

    #[test]
    fn an_overflowing_total_is_an_error() {
        let mut ids = Interner::default();
        ids.intern(b"big").unwrap();
        let mut acc = Accumulator::new(None, 0, 0);
        acc.new_client();
        acc.push(0, 1, i64::MAX / 2, true, &ids).unwrap();
        acc.push(0, 1, i64::MAX / 2 + 10, true, &ids).unwrap();
        let e = acc.flush(&ids).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Overflow);
        assert!(e.to_string().contains("\"big\""));
    }
}
