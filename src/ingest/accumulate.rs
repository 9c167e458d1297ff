//! Per-client accumulators.
//!
//! Accumulators [`add`](ClientStats::add) rows and [`merge`](ClientStats::merge) partial
//! states, so whole-file, chunked and split reads share one code path. [`Accumulator`]
//! holds every client's, with the revenue per period the XYZ analysis needs.

use super::codec::{Reader, Writer};
use super::gaps::{Gaps, MAX_GAP};
use super::interner::Interner;
use super::window::{Deferred, KeyForm};
use crate::calendar::{Day, Period};
use crate::error::{Error, ErrorKind};
use crate::money::Money;

/// A total beyond the exactly representable range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Overflow;

/// No purchase day (the first purchase day has no previous one).
pub(crate) const NO_DAY: Day = Day::MIN;

/// What is known about one client from its rows.
///
/// Purchases and returns are told apart: a return (a negative amount, a cancellation
/// invoice, a return document) nets out of `monetary` but is not an order and does not move
/// the first or last purchase date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientStats {
    /// Date of the first purchase (`Day::MAX` while none).
    pub first: Day,
    /// Date of the last purchase (`Day::MIN` while none).
    pub last: Day,
    /// Number of orders (distinct order ids, or purchase rows without an order id column).
    pub orders: u32,
    /// Number of rows, returns included.
    pub rows: u32,
    /// Distinct purchase days.
    pub days: u32,
    /// Return rows.
    pub returns: u32,
    /// Sum of amounts, returns netted out.
    pub monetary: Money,
    /// Sum of the returns, as a positive amount.
    pub returned: Money,
    /// Sum of the squared gaps, in days, between consecutive purchase days.
    pub gap_sq: u64,
    /// Period (month/week/quarter index) of the open period, for XYZ by revenue.
    pub period: i32,
    /// Revenue in the open period.
    pub period_sum: Money,
    /// Sum of squares of the revenue of closed periods (in money units squared).
    pub period_sq: i128,
    /// The largest order's total: the sum of its purchase lines (returns aside).
    pub largest: Money,
    /// The total so far of the client's open order (its latest): its further lines add to
    /// it (see [`ClientStats::add_purchase`]).
    pub open: Money,
    /// The purchases of the first purchase day (what the predictive models leave out of
    /// the mean value of *repeat* purchases).
    pub first_value: Money,
}

impl Default for ClientStats {
    fn default() -> Self {
        ClientStats {
            first: Day::MAX,
            last: NO_DAY,
            orders: 0,
            rows: 0,
            days: 0,
            returns: 0,
            monetary: 0,
            returned: 0,
            gap_sq: 0,
            period: i32::MIN,
            period_sum: 0,
            period_sq: 0,
            largest: 0,
            open: 0,
            first_value: 0,
        }
    }
}

impl ClientStats {
    /// Whether the client has bought (returns alone are not orders).
    pub fn has_orders(&self) -> bool {
        self.orders > 0
    }

    /// Adds a purchase row's amount and order (the caller keeps the purchase days).
    ///
    /// A row that starts an order opens it; a further line of an order (same order id)
    /// adds to the open one. Exports write an order's lines one after the other, so the
    /// open order is the line's; a line of an earlier order of the client that comes after
    /// another of its orders adds to that later one.
    #[inline]
    pub(crate) fn add_purchase(&mut self, amount: Money, new_order: bool) -> Result<(), Overflow> {
        self.monetary = self.monetary.checked_add(amount).ok_or(Overflow)?;
        self.rows += 1;
        self.orders += new_order as u32;
        self.open = if new_order {
            amount
        } else {
            self.open.checked_add(amount).ok_or(Overflow)?
        };
        self.largest = self.largest.max(self.open);
        Ok(())
    }

    /// Adds a return row (`amount` not positive).
    #[inline]
    fn add_return(&mut self, amount: Money) -> Result<(), Overflow> {
        self.monetary = self.monetary.checked_add(amount).ok_or(Overflow)?;
        self.returned = self.returned.checked_sub(amount).ok_or(Overflow)?;
        self.rows += 1;
        self.returns += 1;
        Ok(())
    }

    /// Sum of squared period revenues including the open period.
    pub fn sum_of_squares(&self) -> i128 {
        self.period_sq + self.period_sum as i128 * self.period_sum as i128
    }

    /// Adds the counts and totals of another state of the same client (not the purchase
    /// days' gaps nor the periods: the callers join those).
    pub(crate) fn add_totals(&mut self, o: &ClientStats) -> Result<(), Overflow> {
        self.monetary = self.monetary.checked_add(o.monetary).ok_or(Overflow)?;
        self.returned = self.returned.checked_add(o.returned).ok_or(Overflow)?;
        if o.days > 0 {
            if self.days == 0 || o.first < self.first {
                self.first_value = o.first_value;
            } else if o.first == self.first {
                self.first_value = self.first_value.saturating_add(o.first_value);
            }
        }
        self.first = self.first.min(o.first);
        self.last = self.last.max(o.last);
        self.rows += o.rows;
        self.orders += o.orders;
        self.returns += o.returns;
        self.largest = self.largest.max(o.largest);
        if o.orders > 0 {
            self.open = o.open;
        }
        Ok(())
    }

    /// Joins the purchase days of a state of the same client whose purchases all come
    /// after this one's (a later byte range): their gaps, and the gap between them.
    pub(crate) fn join_later_days(&mut self, later: &ClientStats) {
        if later.days == 0 {
            return;
        }
        if self.days > 0 {
            let g = (later.first - self.last).max(0) as u64;
            self.gap_sq += g * g;
        }
        self.gap_sq += later.gap_sq;
        self.days += later.days;
    }

    /// The coefficient of variation of the gaps between purchase days (σ/μ with the
    /// population σ), when there are at least two gaps.
    pub fn gap_cv(&self) -> Option<f64> {
        gap_cv(
            (self.last as i64) - (self.first as i64),
            self.days,
            self.gap_sq,
        )
    }
}

/// The coefficient of variation of the gaps between `days` distinct purchase days spanning
/// `span` days, whose squared gaps sum to `gap_sq`; `None` with fewer than two gaps.
pub(crate) fn gap_cv(span: i64, days: u32, gap_sq: u64) -> Option<f64> {
    if days < 3 || span <= 0 {
        return None;
    }
    let n = (days - 1) as f64;
    let mean = span as f64 / n;
    let var = (gap_sq as f64 / n - mean * mean).max(0.0);
    Some(var.sqrt() / mean)
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
    is_return: bool,
}

/// The key of a client's purchase day in [`Accumulator::days`].
#[inline]
fn day_key(client: u32, day: Day) -> u64 {
    ((client as u64) << 32) | (day as u32 as u64)
}

/// Every client's accumulators, with the revenue of each client's closed periods (for XYZ
/// by revenue) and each client's purchase days (for the regularity of purchases).
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
    /// Each client's purchase days, linked backwards: (client, day) → the client's previous
    /// purchase day ([`NO_DAY`] for the first). A purchase day out of the client's date
    /// order is placed between its neighbours exactly while they are in the window.
    pub(super) days: Deferred<Day>,
    /// Every client's gaps between consecutive purchase days.
    pub(crate) gaps: Gaps,
    period: Option<Period>,
    period_cache: (Day, i32),
    /// Range readers only: per client, its first period and that period's revenue once it
    /// closed (`i32::MIN` while open).
    pub(crate) first_periods: Option<Vec<(i32, Money)>>,
}

impl Accumulator {
    /// Accumulators tracking `period` revenue (none: no XYZ by revenue), with a history of
    /// `history_window` rows, sized for `expected_rows`.
    pub(super) fn new(period: Option<Period>, history_window: usize, expected_rows: usize) -> Self {
        Accumulator {
            // Room for a client per eight rows up front (address space only until used),
            // instead of copying as the tables double.
            stats: Vec::with_capacity((expected_rows / 8).min(1 << 18)),
            pending: Vec::with_capacity(PENDING),
            periods: Deferred::write_once(
                history_window,
                if period.is_some() {
                    expected_rows / 2
                } else {
                    0
                },
            ),
            days: Deferred::write_once(history_window, expected_rows / 2),
            gaps: Gaps::default(),
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

    /// Queues an accepted row of `client`: a purchase, or a return (`amount` ≤ 0).
    #[inline]
    pub(super) fn push(
        &mut self,
        client: u32,
        day: Day,
        amount: Money,
        new_order: bool,
        is_return: bool,
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
            is_return,
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
                is_return,
            } = self.pending[i];
            let st = &mut self.stats[client as usize];
            let added = if is_return {
                st.add_return(amount)
            } else {
                st.add_purchase(amount, new_order)
            };
            if added.is_err() {
                return Err(Error::new(
                    ErrorKind::Overflow,
                    format!(
                        "the total of client \"{}\" exceeds the exactly representable range (about 9·10^14); check the amount column and its units",
                        ids.get(client)
                    ),
                )
                .ru(format!(
                    "сумма клиента «{}» больше, чем можно сосчитать точно (около 9·10^14); проверьте столбец суммы и её единицы",
                    ids.get(client)
                )));
            }
            if !is_return {
                let st = &mut self.stats[client as usize];
                if st.days == 0 || day < st.first {
                    st.first_value = amount;
                } else if day == st.first {
                    st.first_value = st.first_value.saturating_add(amount);
                }
                self.add_day(client, day);
            }
            if track {
                self.add_to_period(client, day, amount, period);
            }
        }
        self.pending.clear();
        Ok(())
    }

    /// Adds a purchase day to its client: the gap from the previous purchase day in the
    /// client's date order (rows out of that order are placed between their neighbours).
    #[inline]
    fn add_day(&mut self, client: u32, day: Day) {
        let st = &mut self.stats[client as usize];
        if st.days == 0 {
            (st.first, st.last, st.days) = (day, day, 1);
            self.days.insert(day_key(client, day), NO_DAY, day);
        } else if day > st.last {
            let g = (day - st.last) as u64;
            st.gap_sq += g * g;
            self.gaps.add(g as i64);
            st.days += 1;
            self.days.insert(day_key(client, day), st.last, day);
            st.last = day;
        } else if day < st.last {
            self.add_earlier_day(client, day);
        }
    }

    /// A purchase day before the client's last one: known already, before the first, or
    /// between two known days.
    #[cold]
    fn add_earlier_day(&mut self, client: u32, x: Day) {
        if self.days.get(day_key(client, x)).is_some() {
            return;
        }
        let st = &mut self.stats[client as usize];
        st.days += 1;
        let (before, after) = if x < st.first {
            (NO_DAY, st.first)
        } else {
            // Walk back from the last day to the neighbours of `x`.
            let mut b = st.last;
            loop {
                match self.days.get(day_key(client, b)) {
                    Some(p) if p != NO_DAY && p > x => b = p,
                    Some(p) => break (p, b),
                    // Beyond the window (the row is reported as such): the count only.
                    None => return,
                }
            }
        };
        let sq = |g: Day| (g as u64) * (g as u64);
        if before != NO_DAY {
            st.gap_sq = st.gap_sq + sq(x - before) - sq(after - before);
            self.gaps.remove((after - before) as i64);
            self.gaps.add((x - before) as i64);
        }
        st.gap_sq += sq(after - x);
        self.gaps.add((after - x) as i64);
        st.first = st.first.min(x);
        self.days.set(day_key(client, after), x);
        self.days.insert(day_key(client, x), before, x);
    }

    /// The purchase days of `client`, latest first, when every link is still held.
    fn days_of(&mut self, client: u32) -> Option<Vec<Day>> {
        let st = self.stats[client as usize];
        let mut out = Vec::with_capacity(st.days as usize);
        let mut d = st.last;
        while d != NO_DAY && out.len() < st.days as usize {
            out.push(d);
            d = self.days.get(day_key(client, d))?;
        }
        (out.len() == st.days as usize).then_some(out)
    }

    /// Adds the stats of `gone` (the same person under another id) to `keep`'s and clears
    /// them: the union of their purchase days when both are held, else the two series
    /// joined end to end (then the gaps where they overlap are approximate).
    pub(super) fn absorb(&mut self, keep: u32, gone: u32) -> Result<(), Overflow> {
        let (a, b) = (self.stats[keep as usize], self.stats[gone as usize]);
        let mut m = a;
        m.add_totals(&b)?;
        if a.days > 0 && b.days > 0 {
            match (self.days_of(keep), self.days_of(gone)) {
                (Some(mut x), Some(y)) => {
                    for d in [&x, &y] {
                        d.windows(2)
                            .for_each(|w| self.gaps.remove((w[0] - w[1]) as i64));
                    }
                    x.extend(y);
                    x.sort_unstable();
                    x.dedup();
                    x.windows(2)
                        .for_each(|w| self.gaps.add((w[1] - w[0]) as i64));
                    m.days = x.len() as u32;
                    m.gap_sq = x.windows(2).map(|w| ((w[1] - w[0]) as u64).pow(2)).sum();
                }
                _ => {
                    let (early, late) = if a.first <= b.first { (a, b) } else { (b, a) };
                    let mut j = early;
                    j.join_later_days(&late);
                    self.gaps.add((late.first - early.last).max(0) as i64);
                    (m.days, m.gap_sq) = (j.days, j.gap_sq);
                }
            }
        } else {
            (m.days, m.gap_sq) = (a.days + b.days, a.gap_sq + b.gap_sq);
        }
        // Periods may overlap: recombined exactly when they share the open one, else the
        // other's periods count as closed ones (approximate where they overlap).
        if a.period == b.period && b.period != i32::MIN {
            m.period_sum = a.period_sum + b.period_sum;
            m.period_sq = a.period_sq + b.period_sq;
        } else {
            m.period_sq = a.period_sq + b.sum_of_squares();
        }
        self.stats[keep as usize] = m;
        self.stats[gone as usize] = ClientStats::default();
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
        self.stats.capacity() * std::mem::size_of::<ClientStats>()
            + self.periods.heap_bytes()
            + self.days.heap_bytes()
    }
}

/// The bytes of the accumulators, for a saved state.
impl Accumulator {
    /// Writes every client's stats and the histories (the queued rows applied first).
    pub(super) fn encode(&self, w: &mut Writer) {
        debug_assert!(self.pending.is_empty());
        w.vlen(self.stats.len());
        for s in &self.stats {
            w.iv(s.first as i64);
            w.iv(s.last as i64 - s.first as i64);
            w.uv(s.orders as u64);
            w.uv(s.rows as u64);
            w.uv(s.days as u64);
            w.uv(s.returns as u64);
            w.iv(s.monetary);
            w.iv(s.returned);
            w.uv(s.gap_sq);
            w.iv(s.period as i64);
            w.iv(s.period_sum);
            w.iv128(s.period_sq);
            w.iv(s.largest);
            w.iv(s.open);
            w.iv(s.first_value);
        }
        self.periods.encode(w, KeyForm::ClientDay);
        self.days.encode(w, KeyForm::ClientDay);
        let counts = self.gaps.counts();
        w.vlen(counts.iter().filter(|c| **c > 0).count());
        let mut prev = 0;
        for (g, &c) in counts.iter().enumerate().filter(|(_, c)| **c > 0) {
            w.uv((g - prev) as u64);
            w.uv(c);
            prev = g;
        }
    }

    /// Reads what [`encode`](Self::encode) wrote into accumulators made for the same
    /// options.
    pub(super) fn decode(&mut self, r: &mut Reader<'_>) -> Result<(), Error> {
        // Fifteen varints per client, a byte each at least.
        let n = r.vlen(15)?;
        let mut stats = Vec::with_capacity(n + n / 8 + 16);
        for _ in 0..n {
            let first = r.iv32()?;
            let last = i32::try_from(first as i64 + r.iv()?).map_err(|_| r.bad())?;
            stats.push(ClientStats {
                first,
                last,
                orders: r.uv32()?,
                rows: r.uv32()?,
                days: r.uv32()?,
                returns: r.uv32()?,
                monetary: r.iv()?,
                returned: r.iv()?,
                gap_sq: r.uv()?,
                period: r.iv32()?,
                period_sum: r.iv()?,
                period_sq: r.iv128()?,
                largest: r.iv()?,
                open: r.iv()?,
                first_value: r.iv()?,
            });
        }
        self.stats = stats;
        self.periods = Deferred::decode(r, KeyForm::ClientDay)?;
        self.days = Deferred::decode(r, KeyForm::ClientDay)?;
        let n = r.vlen(2)?;
        let mut counts = vec![0u64; MAX_GAP + 1];
        let mut g = 0usize;
        for i in 0..n {
            let step = r.uv()? as usize;
            if i > 0 && step == 0 {
                return Err(r.bad());
            }
            g = g.checked_add(step).ok_or_else(|| r.bad())?;
            *counts.get_mut(g).ok_or_else(|| r.bad())? = r.uv()?;
        }
        self.gaps = Gaps::from_counts(counts).ok_or_else(|| r.bad())?;
        self.pending.clear();
        self.period_cache = (Day::MIN, 0);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row: client, day, amount in units (negative: a return), whether it starts an order.
    type Row = (u32, Day, i64, bool);
    /// A client: orders, rows, revenue, first and last purchase day, sum of squares of period
    /// revenue in units², purchase days, sum of squared gaps.
    type Client = (u32, u32, i64, Day, Day, i128, u32, u64);

    fn accumulate(period: Option<Period>, window: usize, rows: &[Row]) -> Vec<Client> {
        let mut ids = Interner::default();
        let mut acc = Accumulator::new(period, window, 0);
        let mut max = Day::MIN;
        for (c, day, amount, new_order) in rows {
            while acc.stats.len() <= *c as usize {
                ids.intern(format!("c{}", acc.stats.len()).as_bytes())
                    .unwrap();
                acc.new_client();
            }
            // As the row processor does: windows move on in date order, stop when it leaves.
            if *day < max {
                acc.periods.unsorted();
                acc.days.unsorted();
            } else if *day > max {
                acc.periods.advance(*day);
                acc.days.advance(*day);
                max = *day;
            }
            let is_return = *amount < 0;
            acc.push(
                *c,
                *day,
                amount * crate::money::SCALE,
                *new_order,
                is_return,
                &ids,
            )
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
                    s.days,
                    s.gap_sq,
                )
            })
            .collect()
    }

    const NONE: Day = Day::MAX;

    #[test]
    fn accumulators_table() {
        // Days 0 and 31 are in January and February 1970; 10 is in January.
        let month = Some(Period::Month);
        #[rustfmt::skip]
        let cases: &[(&str, Option<Period>, &[Row], &[Client])] = &[
            ("one row", month, &[(0, 5, 10, true)], &[(1, 1, 10, 5, 5, 100, 1, 0)]),
            ("lines of one order", month, &[(0, 5, 10, true), (0, 5, 5, false)], &[(1, 2, 15, 5, 5, 225, 1, 0)]),
            ("two months", month, &[(0, 0, 10, true), (0, 31, 20, true)], &[(2, 2, 30, 0, 31, 500, 2, 961)]),
            ("a row back in a closed month", month, &[(0, 0, 10, true), (0, 31, 20, true), (0, 10, 5, true)], &[(3, 3, 35, 0, 31, 625, 3, 100 + 441)]),
            ("a return: netted, not an order, no date", month, &[(0, 0, 10, true), (0, 1, -4, false)], &[(1, 2, 6, 0, 0, 36, 1, 0)]),
            ("only returns", None, &[(0, 3, -4, false)], &[(0, 1, -4, NONE, NO_DAY, 0, 0, 0)]),
            ("no periods tracked", None, &[(0, 0, 10, true), (0, 31, 20, true)], &[(2, 2, 30, 0, 31, 0, 2, 961)]),
            ("two clients", month, &[(1, 3, 7, true), (0, 4, 1, true)], &[(1, 1, 1, 4, 4, 1, 1, 0), (1, 1, 7, 3, 3, 49, 1, 0)]),
            ("a day before the first", None, &[(0, 10, 1, true), (0, 20, 1, true), (0, 4, 1, true)], &[(3, 3, 3, 4, 20, 0, 3, 36 + 100)]),
            ("a day between two", None, &[(0, 0, 1, true), (0, 10, 1, true), (0, 30, 1, true), (0, 12, 1, true)], &[(4, 4, 4, 0, 30, 0, 4, 100 + 4 + 324)]),
            ("a known day again, out of order", None, &[(0, 0, 1, true), (0, 10, 1, true), (0, 0, 1, true)], &[(3, 3, 3, 0, 10, 0, 2, 100)]),
            ("newest first", None, &[(0, 30, 1, true), (0, 20, 1, true), (0, 5, 1, true)], &[(3, 3, 3, 5, 30, 0, 3, 100 + 225)]),
        ];
        for (name, period, rows, want) in cases {
            assert_eq!(accumulate(*period, 0, rows), *want, "{name}");
        }
    }

    #[test]
    fn largest_order_table() {
        // (rows, largest order in units) of one client.
        #[rustfmt::skip]
        let cases: &[(&str, &[Row], i64)] = &[
            ("one row", &[(0, 1, 10, true)], 10),
            ("lines of one order are summed", &[(0, 1, 10, true), (0, 1, 5, false), (0, 2, 12, true)], 15),
            ("a later order is larger", &[(0, 1, 10, true), (0, 2, 7, true), (0, 2, 9, false)], 16),
            ("returns are not in orders", &[(0, 1, 10, true), (0, 1, -8, false), (0, 1, 1, false)], 11),
            ("a line of an earlier order after another adds to the later one", &[(0, 1, 10, true), (0, 2, 3, true), (0, 3, 4, false)], 10),
            ("only returns", &[(0, 1, -3, false)], 0),
        ];
        for (name, rows, want) in cases {
            let mut ids = Interner::default();
            ids.intern(b"c0").unwrap();
            let mut acc = Accumulator::new(None, 0, 0);
            acc.new_client();
            for (c, day, amount, new_order) in rows.iter() {
                let amount = amount * crate::money::SCALE;
                acc.push(*c, *day, amount, *new_order, amount < 0, &ids)
                    .unwrap();
            }
            acc.flush(&ids).unwrap();
            assert_eq!(acc.stats[0].largest, want * crate::money::SCALE, "{name}");
        }
    }

    #[test]
    fn purchase_days_in_any_order_give_the_same_gaps() {
        // Every order of a client's days (with repeats) within a kept window.
        let days = [3, 9, 9, 14, 40, 41, 70];
        let sorted = accumulate(None, 4, &days.map(|d| (0, d, 1, true)));
        let mut perm = days;
        for k in 0..40 {
            perm.rotate_left(k % 7);
            perm.swap(k % 7, (k * 3) % 7);
            let got = accumulate(None, 0, &perm.map(|d| (0, d, 1, true)));
            assert_eq!(got, sorted, "{perm:?}");
        }
        assert_eq!(sorted[0].6, 6);
        assert_eq!(sorted[0].7, 36 + 25 + 676 + 1 + 841);
    }

    #[test]
    fn the_gaps_cv() {
        let mut s = ClientStats::default();
        (s.first, s.last, s.days, s.gap_sq) = (0, 30, 4, 3 * 100);
        assert_eq!(s.gap_cv(), Some(0.0));
        (s.first, s.last, s.days, s.gap_sq) = (0, 30, 3, 100 + 400);
        assert!((s.gap_cv().unwrap() - 1.0 / 3.0).abs() < 1e-12);
        s.days = 2;
        assert_eq!(s.gap_cv(), None);
    }

    #[test]
    fn an_overflowing_total_is_an_error() {
        let mut ids = Interner::default();
        ids.intern(b"big").unwrap();
        let mut acc = Accumulator::new(None, 0, 0);
        acc.new_client();
        acc.push(0, 1, i64::MAX / 2, true, false, &ids).unwrap();
        acc.push(0, 1, i64::MAX / 2 + 10, true, false, &ids)
            .unwrap();
        let e = acc.flush(&ids).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Overflow);
        assert!(e.to_string().contains("\"big\""));
    }
}
