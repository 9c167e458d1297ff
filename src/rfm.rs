//! RFM: recency, frequency and monetary value, and their scores.
//!
//! * **Recency** is the number of whole days from the client's last order to `asOf`.
//! * **Frequency** is the number of orders: distinct order ids when an order id column is
//!   mapped, otherwise one order per row.
//! * **Monetary** is the sum of amounts with returns netted out, or, with
//!   `monetary: "average"`, that sum divided by the number of orders.
//!
//! Each dimension gets a **level** from 1 (worst) to `bins` (best) by cut points. Quantile
//! cut points are computed from the clients' values (R's type 7 quantiles at 1/bins,
//! 2/bins, …) and then snapped to values that occur in the data, so the rule is always:
//!
//! * recency: level = `bins` − #{cuts c : recency > c} (recency ≤ the first cut is best);
//! * frequency, monetary: level = 1 + #{cuts c : value ≥ c} (a value ≥ the last cut is best).
//!
//! Clients with equal values therefore always get equal levels (unlike SQL `NTILE`), levels
//! never decrease as a value improves, and a level may stay empty when many clients share
//! a value (most clients have one order, so frequency levels 2 and 3 are often empty). A
//! cut that no client reaches is `null`. The score **digit** is the level
//! (`direction: "highIsBest"`, 555 best) or `bins + 1 − level` (`"oneIsBest"`, 111 best).

use crate::options::Direction;
use serde::{Deserialize, Serialize};

/// The three RFM dimensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Dimension {
    /// Days since the last order (lower is better).
    Recency,
    /// Orders (higher is better).
    Frequency,
    /// Money (higher is better).
    Monetary,
}

/// How cut points were made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CutSource {
    /// From quantiles of the data.
    Quantile,
    /// Given by the user.
    Fixed,
}

/// Cut points of one dimension (`bins − 1` values, non-decreasing; `null` = unreachable).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cuts {
    /// The dimension.
    pub dimension: Dimension,
    /// Cut values (see the module docs for how they are applied).
    pub cuts: Vec<Option<f64>>,
    /// Quantile or fixed.
    pub source: CutSource,
}

impl Cuts {
    /// The level (1 = worst … bins = best) of `value`.
    #[inline]
    pub fn level(&self, value: f64) -> u8 {
        let bins = self.cuts.len() as u8 + 1;
        match self.dimension {
            Dimension::Recency => {
                let worse = self
                    .cuts
                    .iter()
                    .filter(|c| c.is_some_and(|c| value > c))
                    .count() as u8;
                bins - worse
            }
            _ => {
                1 + self
                    .cuts
                    .iter()
                    .filter(|c| c.is_some_and(|c| value >= c))
                    .count() as u8
            }
        }
    }

    /// Fixed cuts from user thresholds.
    pub fn fixed(dimension: Dimension, values: &[f64]) -> Cuts {
        Cuts {
            dimension,
            cuts: values.iter().map(|v| Some(*v)).collect(),
            source: CutSource::Fixed,
        }
    }

    /// Quantile cuts from the values of all clients (any order; NaN not allowed).
    pub fn quantile(dimension: Dimension, values: &[f64], bins: u8) -> Cuts {
        let mut sorted = values.to_vec();
        sorted.sort_unstable_by(f64::total_cmp);
        Cuts::quantile_sorted(dimension, &sorted, bins)
    }

    /// Quantile cuts from sorted values.
    pub fn quantile_sorted(dimension: Dimension, sorted: &[f64], bins: u8) -> Cuts {
        let mut cuts = Vec::with_capacity(bins as usize - 1);
        for k in 1..bins {
            let p = k as f64 / bins as f64;
            let cut = match quantile7(sorted, p) {
                None => None,
                Some(q) => match dimension {
                    // Largest value ≤ q: recency ≤ cut ⇔ recency ≤ q for every client.
                    Dimension::Recency => {
                        let i = sorted.partition_point(|v| *v <= q);
                        if i == 0 {
                            Some(q)
                        } else {
                            Some(sorted[i - 1])
                        }
                    }
                    // Smallest value > q: value ≥ cut ⇔ value > q.
                    _ => {
                        let i = sorted.partition_point(|v| *v <= q);
                        sorted.get(i).copied()
                    }
                },
            };
            cuts.push(cut);
        }
        Cuts {
            dimension,
            cuts,
            source: CutSource::Quantile,
        }
    }
}

/// R's type 7 quantile of sorted values (linear interpolation between order statistics).
pub fn quantile7(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// The digit shown for a level under a direction.
#[inline]
pub fn digit(level: u8, bins: u8, direction: Direction) -> u8 {
    match direction {
        Direction::HighIsBest => level,
        Direction::OneIsBest => bins + 1 - level,
    }
}

/// The level of a shown digit under a direction.
#[inline]
pub fn level_of_digit(digit: u8, bins: u8, direction: Direction) -> u8 {
    match direction {
        Direction::HighIsBest => digit,
        Direction::OneIsBest => bins + 1 - digit,
    }
}

/// The RFM code of three digits, e.g. `"545"`; with 10 levels the digits are joined by
/// `-` (`"10-5-3"`).
pub fn code(r: u8, f: u8, m: u8, bins: u8) -> String {
    if bins >= 10 {
        format!("{r}-{f}-{m}")
    } else {
        let mut s = String::with_capacity(3);
        for d in [r, f, m] {
            s.push((b'0' + d) as char);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn quantile_matches_r() {
        // quantile(c(1,2,3,4,5,6,7,8,9,10), c(.2,.4,.6,.8)) in R: 2.8 4.6 6.4 8.2
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        let q: Vec<f64> = [0.2, 0.4, 0.6, 0.8]
            .iter()
            .map(|p| quantile7(&v, *p).unwrap())
            .collect();
        for (a, b) in q.iter().zip([2.8, 4.6, 6.4, 8.2]) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
    }

    #[test]
    fn frequency_ties_stay_together() {
        // 60% one order: all of them level 1, not spread over levels 1..3 like NTILE.
        let mut f = vec![1.0; 60];
        f.extend(vec![2.0; 20]);
        f.extend((0..20).map(|i| 3.0 + i as f64));
        let c = Cuts::quantile(Dimension::Frequency, &f, 5);
        assert_eq!(c.level(1.0), 1);
        let l2 = c.level(2.0);
        assert!(l2 > 1);
        assert_eq!(c.level(100.0), 5);
    }

    #[test]
    fn recency_direction() {
        let r: Vec<f64> = (0..100).map(f64::from).collect();
        let c = Cuts::quantile(Dimension::Recency, &r, 5);
        assert_eq!(c.level(0.0), 5);
        assert_eq!(c.level(99.0), 1);
        let fixed = Cuts::fixed(Dimension::Recency, &[30.0, 90.0, 180.0, 365.0]);
        assert_eq!(fixed.level(30.0), 5);
        assert_eq!(fixed.level(31.0), 4);
        assert_eq!(fixed.level(400.0), 1);
        let fixed = Cuts::fixed(Dimension::Frequency, &[2.0, 3.0, 5.0, 10.0]);
        assert_eq!(fixed.level(1.0), 1);
        assert_eq!(fixed.level(10.0), 5);
        assert_eq!(fixed.level(4.0), 3);
    }

    #[test]
    fn codes_and_digits() {
        assert_eq!(code(5, 4, 5, 5), "545");
        assert_eq!(code(10, 5, 3, 10), "10-5-3");
        assert_eq!(digit(5, 5, Direction::OneIsBest), 1);
        assert_eq!(level_of_digit(1, 3, Direction::OneIsBest), 3);
    }

    proptest! {
        #[test]
        fn levels_are_monotone_and_tie_consistent(
            values in proptest::collection::vec(0u32..50, 1..200),
            bins in 2u8..=10,
        ) {
            let v: Vec<f64> = values.iter().map(|x| *x as f64).collect();
            for dim in [Dimension::Recency, Dimension::Frequency, Dimension::Monetary] {
                let c = Cuts::quantile(dim, &v, bins);
                let mut sorted = v.clone();
                sorted.sort_by(f64::total_cmp);
                let mut prev: Option<(f64, u8)> = None;
                for x in &sorted {
                    let l = c.level(*x);
                    prop_assert!((1..=bins).contains(&l));
                    if let Some((px, pl)) = prev {
                        if px == *x { prop_assert_eq!(pl, l); }
                        match dim {
                            Dimension::Recency => prop_assert!(l <= pl),
                            _ => prop_assert!(l >= pl),
                        }
                    }
                    prev = Some((*x, l));
                }
            }
        }
    }
}
