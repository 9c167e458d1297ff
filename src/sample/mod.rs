//! Deterministic generators of realistic data: transactions files for benchmarks and tests
//! ([`transactions`]), the demo sample ([`demo`]: Russian names, a year of orders, a clients
//! table) and a look-alike of a real online shop's order-line export ([`retail`]). The same
//! arguments always give byte-identical output.

mod demo;
mod retail;
mod transactions;

pub use demo::{demo, demo_events};
pub use retail::{retail, RetailFlavor};
pub use transactions::{clients_for, transactions, transactions_for};

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.f64().max(1e-300);
        let v = self.f64();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// Exponential with the given mean.
    pub fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.f64()).ln()
    }
}

/// Parses a row count like `100k`, `1M`, `5m`, `250000`.
pub fn parse_rows(s: &str) -> Option<u64> {
    let s = s.trim().to_ascii_lowercase().replace('_', "");
    let (num, mult) = if let Some(n) = s.strip_suffix('k') {
        (n, 1_000.0)
    } else if let Some(n) = s.strip_suffix('m') {
        (n, 1_000_000.0)
    } else {
        (s.as_str(), 1.0)
    };
    let v: f64 = num.parse().ok()?;
    (v > 0.0 && v.is_finite()).then_some((v * mult) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_exact_row_count() {
        let mut a = Vec::new();
        let mut b = Vec::new();
        assert_eq!(transactions(5_000, 7, &mut a).unwrap(), 5_000);
        transactions(5_000, 7, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.iter().filter(|c| **c == b'\n').count(), 5_001);
        let mut c = Vec::new();
        transactions(5_000, 8, &mut c).unwrap();
        assert_ne!(a, c);
        assert_eq!(parse_rows("1M"), Some(1_000_000));
        assert_eq!(parse_rows("100k"), Some(100_000));
        assert_eq!(parse_rows("x"), None);
    }

    #[test]
    fn demo_reads_back() {
        let (tx, cl) = demo(300, "2026-10-31", 1);
        let r = crate::analyze_with_clients(&tx, Some(&cl), &crate::Options::default()).unwrap();
        let s = r.summary();
        assert!(s.customers > 250, "{}", s.customers);
        assert!(s.leads > 0);
        assert_eq!(r.audit().rows_rejected, 0, "{:?}", r.audit().issues);
        assert_eq!(r.sniff().delimiter, ";");
        assert_eq!(s.as_of, "2026-10-31");
    }

    #[test]
    fn retail_flavours_read_the_same() {
        let a = retail(20_000, 3, RetailFlavor::Pandas);
        assert_eq!(a, retail(20_000, 3, RetailFlavor::Pandas));
        let b = retail(20_000, 3, RetailFlavor::ExcelUs);
        let lines = a.iter().filter(|c| **c == b'\n').count();
        assert!((17_000..23_000).contains(&lines), "{lines}");
        let opts = crate::Options::default();
        let (ra, rb) = (
            crate::analyze(&a, &opts).unwrap(),
            crate::analyze(&b, &opts).unwrap(),
        );
        let (sa, sb) = (ra.summary(), rb.summary());
        assert_eq!(sa.customers, sb.customers);
        assert_eq!(sa.revenue, sb.revenue);
        assert_eq!(rb.sniff().encoding, "windows-1252");
        assert!(ra.audit().reconciled && rb.audit().reconciled);
    }
}
