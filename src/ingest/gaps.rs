//! The days between a client's consecutive purchase days, over every client: how long this
//! business's clients usually take to come back. The lifecycle's default thresholds are its
//! quantiles.

use serde::{Deserialize, Serialize};

/// Gaps of this many days or more share the last bin (ten years).
pub(crate) const MAX_GAP: usize = 3_660;

/// A histogram of the gaps between consecutive purchase days, in whole days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gaps {
    counts: Vec<u64>,
}

impl Default for Gaps {
    fn default() -> Self {
        Gaps {
            counts: vec![0; MAX_GAP + 1],
        }
    }
}

impl Gaps {
    #[inline]
    fn bin(days: i64) -> usize {
        days.clamp(0, MAX_GAP as i64) as usize
    }

    /// Counts a gap of `days`.
    #[inline]
    pub fn add(&mut self, days: i64) {
        self.counts[Self::bin(days)] += 1;
    }

    /// Takes back a gap counted before (a purchase day placed inside it).
    #[inline]
    pub fn remove(&mut self, days: i64) {
        let c = &mut self.counts[Self::bin(days)];
        *c = c.saturating_sub(1);
    }

    /// Adds another histogram.
    pub fn merge(&mut self, o: &Gaps) {
        for (a, b) in self.counts.iter_mut().zip(&o.counts) {
            *a += b;
        }
    }

    /// Number of gaps.
    pub fn len(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Whether no gap was counted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The smallest gap `g` such that at least a share `p` of the gaps are `g` days or
    /// shorter; `None` without gaps.
    pub fn quantile(&self, p: f64) -> Option<u32> {
        let n = self.len();
        if n == 0 {
            return None;
        }
        let want = ((p.clamp(0.0, 1.0) * n as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (g, c) in self.counts.iter().enumerate() {
            seen += c;
            if seen >= want {
                return Some(g as u32);
            }
        }
        Some(MAX_GAP as u32)
    }

    /// The counts, by gap in days (the wire form).
    pub(crate) fn counts(&self) -> &[u64] {
        &self.counts
    }

    /// A histogram from its counts (the wire form); `None` when the length is wrong.
    pub(crate) fn from_counts(counts: Vec<u64>) -> Option<Gaps> {
        (counts.len() == MAX_GAP + 1).then_some(Gaps { counts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_table() {
        let mut g = Gaps::default();
        for d in [7, 7, 14, 30, 30, 30, 60, 90, 365, 5000] {
            g.add(d);
        }
        g.remove(14);
        g.add(-3);
        // Sorted: 0, 7, 7, 30, 30, 30, 60, 90, 365, MAX.
        let cases = [
            (0.0, 0),
            (0.1, 0),
            (0.2, 7),
            (0.5, 30),
            (0.8, 90),
            (0.9, 365),
            (1.0, 3660),
        ];
        for (p, want) in cases {
            assert_eq!(g.quantile(p), Some(want), "{p}");
        }
        assert_eq!(g.len(), 10);
        assert_eq!(Gaps::default().quantile(0.5), None);
    }
}
