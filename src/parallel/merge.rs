//! Merging the partial states of a file's ranges into what one reader would have read,
//! after checking that no range could have seen another's rows.

use super::cut::sniff_head;
use super::wire::malformed;
use crate::calendar::Day;
use crate::error::{Error, IssueKind};
use crate::ingest::accumulate::{ClientStats, Overflow};
use crate::ingest::interner::{FastState, Interner};
use crate::ingest::plan::Plan;
use crate::ingest::profile::FIELDS;
use crate::ingest::range::Ids;
use crate::ingest::{Aggregates, Partial};
use crate::money::Money;
use crate::options::Options;

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

/// Why the ranges cannot merge exactly, in Russian (`why` is one of this module's reasons
/// or a range reader's).
pub(crate) fn why_ru(why: &str) -> &'static str {
    match why {
        "the ranges are not all there" => "не все части файла на месте",
        "a cut fell inside a record" => "разрез пришёлся на середину записи",
        "the rows are not in date order" => "строки идут не по порядку дат",
        "the first order id is not in the file's head" => {
            "первого номера заказа нет в начале файла"
        }
        "order ids are reused" => "номера заказов повторяются",
        "a date spans two ranges" => "одна дата попала в две части",
        "the ranges' order tables differ" => "таблицы заказов частей различаются",
        "an order spans two ranges" => "один заказ попал в две части",
        "a range has too many categories" => "в части слишком много категорий",
        _ => "части могли видеть строки друг друга",
    }
}

/// Why the ranges, sorted by index, cannot merge into exactly one reader's result, if so.
fn why_inexact(parts: &[Partial]) -> Option<&'static str> {
    let n = parts.len();
    let mut prev_max: Option<Day> = None;
    for (i, p) in parts.iter().enumerate() {
        if i + 1 < n && !p.at_record_start {
            return Some("a cut fell inside a record");
        }
        if !p.sorted {
            return Some("the rows are not in date order");
        }
        if p.self_seeded {
            return Some("the first order id is not in the file's head");
        }
        if p.audit.count(IssueKind::OrderIdConflict) > 0 {
            return Some("order ids are reused");
        }
        if p.categories.as_ref().is_some_and(|c| c.capped) {
            return Some("a range has too many categories");
        }
        if p.min_day <= p.max_day {
            if prev_max.is_some_and(|m| p.min_day <= m) {
                return Some("a date spans two ranges");
            }
            prev_max = Some(p.max_day);
        }
    }
    // Order ids: none may occur in two ranges.
    let bases: Vec<u64> = parts.iter().filter_map(|p| p.dense_base).collect();
    if bases.windows(2).any(|w| w[0] != w[1]) {
        return Some("the ranges' order tables differ");
    }
    let mut seen_dense: Vec<u64> = Vec::new();
    for p in parts {
        if seen_dense.len() < p.dense_bits.len() {
            seen_dense.resize(p.dense_bits.len(), 0);
        }
        for (a, b) in seen_dense.iter_mut().zip(&p.dense_bits) {
            if *a & *b != 0 {
                return Some("an order spans two ranges");
            }
            *a |= *b;
        }
    }
    let hashed: usize = parts.iter().map(|p| p.hashed_orders.len()).sum();
    if hashed > 0 {
        let mut seen: hashbrown::HashSet<u64, FastState> =
            hashbrown::HashSet::with_capacity_and_hasher(hashed, Default::default());
        for p in parts {
            for &k in &p.hashed_orders {
                if !seen.insert(k) {
                    return Some("an order spans two ranges");
                }
            }
        }
    }
    None
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
    if let Some(why) = why_inexact(&parts) {
        return inexact(why);
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
    let mut max_purchase = first.max_purchase;
    let mut profiles = first.profiles;
    let mut categories = first.categories;
    let mut gaps = first.gaps;
    for mut p in later {
        let (arena, ends) = p.ids.parts();
        let mut start = 0usize;
        let mut global = Vec::with_capacity(ends.len());
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
            global.push(g);
            let (Some(b), Some(first)) = (p.stats.get(i), p.first_periods.get(i)) else {
                return Err(malformed());
            };
            let first = (first.0 != i32::MIN).then_some(*first);
            let a = &stats[g as usize];
            if a.days > 0 && b.days > 0 {
                // The gap across the cut, from the earlier ranges' last purchase day.
                gaps.add((b.first - a.last) as i64);
            }
            if merge_client(&mut stats[g as usize], b, first).is_err() {
                return inexact("a client's total exceeds the exactly representable range");
            }
            if let (Some(all), Some(here)) = (&mut profiles, &p.profiles) {
                for k in 0..FIELDS {
                    all.set(g as usize, k, here.get(i, k));
                }
            }
        }
        match (&mut categories, &p.categories) {
            (Some(all), Some(here)) => {
                if !all.absorb(here, &global) {
                    return Err(malformed());
                }
            }
            (None, None) => {}
            _ => return Err(malformed()),
        }
        p.audit.shift(lines, rows);
        evidence = evidence.or(p.evidence.shift(lines));
        lines += p.lines;
        rows += p.audit.rows_read;
        bytes += p.bytes;
        heap_bytes += p.heap_bytes;
        min_day = min_day.min(p.min_day);
        max_day = max_day.max(p.max_day);
        max_purchase = max_purchase.max(p.max_purchase);
        gaps.merge(&p.gaps);
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
        max_purchase: (max_purchase != Day::MIN).then_some(max_purchase),
        profiles,
        categories,
        gaps,
        sniff,
        plan,
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
) -> Result<(), Overflow> {
    let (a_period, a_sum, a_sq) = (a.period, a.period_sum, a.period_sq);
    let mut joined = *a;
    joined.add_totals(b)?;
    // The purchase days join at the cut: the gap from `a`'s last day to `b`'s first.
    let mut days = *a;
    days.join_later_days(b);
    (joined.days, joined.gap_sq) = (days.days, days.gap_sq);
    *a = joined;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A client's stats: first, last, orders, rows, revenue, open period, its revenue, sum of
    /// squares of the closed periods' revenue.
    type S = (Day, Day, u32, u32, Money, i32, Money, i128);

    /// No period tracked.
    const NO: i32 = i32::MIN;

    fn stats(s: S) -> ClientStats {
        let (first, last, orders, rows, monetary, period, period_sum, period_sq) = s;
        ClientStats {
            first,
            last,
            orders,
            rows,
            monetary,
            period,
            period_sum,
            period_sq,
            ..ClientStats::default()
        }
    }

    fn tuple(c: &ClientStats) -> S {
        let ClientStats {
            first,
            last,
            orders,
            rows,
            monetary,
            period,
            period_sum,
            period_sq,
            ..
        } = *c;
        (
            first, last, orders, rows, monetary, period, period_sum, period_sq,
        )
    }

    fn new_client() -> S {
        tuple(&ClientStats::default())
    }

    #[test]
    fn merge_client_table() {
        // Days 0..=30 are period 0, 31..=58 period 1, 59..=89 period 2 (months of 1970).
        #[rustfmt::skip]
        let cases: &[(&str, S, S, Option<(i32, Money)>, S)] = &[
            ("later client new in the period after", (0, 5, 1, 1, 5, 0, 5, 0), (40, 40, 1, 1, 7, 1, 7, 0), None, (0, 40, 2, 2, 12, 1, 7, 25)),
            ("a period after the next, the earlier closed", (0, 5, 1, 1, 5, 0, 5, 4), (70, 70, 1, 1, 7, 2, 7, 0), None, (0, 70, 2, 2, 12, 2, 7, 29)),
            ("the later range closed a period of its own", (0, 5, 1, 1, 5, 0, 5, 0), (40, 70, 2, 2, 10, 2, 3, 49), Some((1, 7)), (0, 70, 3, 3, 15, 2, 3, 74)),
            ("cut inside a period the later range did not close", (0, 5, 1, 1, 5, 0, 5, 4), (20, 25, 2, 2, 7, 0, 7, 0), None, (0, 25, 3, 3, 12, 0, 12, 4)),
            ("cut inside a period the later range closed", (0, 5, 1, 1, 5, 0, 5, 4), (20, 40, 2, 2, 10, 1, 3, 49), Some((0, 7)), (0, 40, 3, 3, 15, 1, 3, 148)),
            ("cut inside a period, later periods closed too", (0, 5, 1, 1, 5, 0, 5, 4), (20, 70, 3, 3, 10, 2, 1, 53), Some((0, 7)), (0, 70, 4, 4, 15, 2, 1, 152)),
            ("a return in the joined period", (0, 5, 1, 1, 5, 0, 5, 0), (20, 40, 2, 2, 4, 1, 7, 9), Some((0, -3)), (0, 40, 3, 3, 9, 1, 7, 4)),
            ("client new in the later range", new_client(), (40, 70, 2, 3, 10, 2, 3, 49), Some((1, 7)), (40, 70, 2, 3, 10, 2, 3, 49)),
            ("client only in the earlier range", (0, 5, 1, 1, 5, 0, 5, 4), new_client(), None, (0, 5, 1, 1, 5, 0, 5, 4)),
            ("no period tracking", (0, 5, 1, 1, 5, NO, 0, 0), (40, 70, 2, 2, 10, NO, 0, 0), None, (0, 70, 3, 3, 15, NO, 0, 0)),
            ("no period tracking, new client", new_client(), (40, 70, 2, 2, 10, NO, 0, 0), None, (40, 70, 2, 2, 10, NO, 0, 0)),
        ];
        for (name, a, b, b_first, want) in cases {
            let mut got = stats(*a);
            merge_client(&mut got, &stats(*b), *b_first).unwrap_or_else(|_| panic!("{name}"));
            assert_eq!(tuple(&got), *want, "{name}");
        }
    }

    #[test]
    fn an_overflowing_total_leaves_the_client_as_it_was() {
        let a = (0, 5, 1, 1, Money::MAX - 1, 0, 5, 0);
        let mut got = stats(a);
        let b = stats((40, 40, 1, 1, 7, 1, 7, 0));
        assert!(merge_client(&mut got, &b, None).is_err());
        assert_eq!(tuple(&got), a);
    }

    /// Stats of a client's rows (period, revenue), the first on day `start` and one a day
    /// after, read by one reader; and the first period with its revenue once a later period
    /// closed it.
    fn read(rows: &[(i32, Money)], start: Day) -> (ClientStats, Option<(i32, Money)>) {
        let mut s = ClientStats::default();
        let mut first = None;
        for (i, &(p, m)) in rows.iter().enumerate() {
            let day = start + i as Day;
            s.add_purchase(m, true).unwrap();
            if s.days > 0 {
                s.gap_sq += ((day - s.last) as u64).pow(2);
            }
            s.first = s.first.min(day);
            (s.last, s.days) = (day, s.days + 1);
            if s.period == i32::MIN {
                (s.period, s.period_sum) = (p, m);
            } else if p == s.period {
                s.period_sum += m;
            } else {
                first = first.or(Some((s.period, s.period_sum)));
                s.period_sq += s.period_sum as i128 * s.period_sum as i128;
                (s.period, s.period_sum) = (p, m);
            }
        }
        (s, first)
    }

    #[test]
    fn merging_at_any_cut_equals_one_reader() {
        #[rustfmt::skip]
        let clients: &[&[(i32, Money)]] = &[
            &[(0, 5)],
            &[(0, 5), (0, 7)],
            &[(0, 5), (1, 7)],
            &[(0, 5), (0, 2), (1, 7), (1, 1), (3, 4)],
            &[(0, 5), (2, 7), (2, -3), (2, 1), (5, 2), (5, 2)],
            &[(1, 5), (1, -5), (1, 9), (2, 1)],
        ];
        for rows in clients {
            let (whole, _) = read(rows, 0);
            for cut in 0..=rows.len() {
                let (mut a, _) = read(&rows[..cut], 0);
                let (b, b_first) = read(&rows[cut..], cut as Day);
                merge_client(&mut a, &b, b_first).unwrap();
                assert_eq!(tuple(&a), tuple(&whole), "{rows:?} cut at {cut}");
                assert_eq!(
                    (a.days, a.gap_sq),
                    (whole.days, whole.gap_sq),
                    "{rows:?} at {cut}"
                );
            }
        }
    }
}
