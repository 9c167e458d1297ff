//! ABC by revenue share, XYZ by stability of demand, and their 3×3 matrix.
//!
//! **ABC.** Clients are sorted by revenue (the monetary total), descending. A client is A
//! while the cumulative share of revenue *before* it is below `a` (default 80 %), B while
//! below `b` (default 95 %), C after. Shares are of the total positive revenue; clients with
//! zero or negative revenue are C. Clients with equal revenue share a class (the class of
//! the first of them), so classes never depend on row order. The fitted model keeps the
//! smallest revenue of class A and of class B, which classify any client alone.
//!
//! **XYZ.** For each client, revenue is summed per period (month by default; week or
//! quarter by option) over every period from the client's first order to `asOf`, periods
//! without orders counting as zero. The coefficient of variation is `CV = σ / μ` with the
//! population standard deviation σ and the mean μ over those periods. X: CV ≤ `x` (10 %),
//! Y: CV ≤ `y` (25 %), Z: above. Clients with fewer than `minPeriods` (default 3) periods,
//! or with no positive net revenue, are class "–" (not enough history), never a guess.

use crate::calendar::Period;
use crate::locale::Lang;
use serde::{Deserialize, Serialize};

/// ABC options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct AbcOptions {
    /// Cumulative revenue share that ends class A (0..1). Default 0.8.
    pub a: f64,
    /// Cumulative revenue share that ends class B (a..1). Default 0.95.
    pub b: f64,
}

impl Default for AbcOptions {
    fn default() -> Self {
        AbcOptions { a: 0.8, b: 0.95 }
    }
}

/// XYZ options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct XyzOptions {
    /// Period of revenue. Default month.
    pub period: Period,
    /// Largest CV of class X. Default 0.10.
    pub x: f64,
    /// Largest CV of class Y. Default 0.25.
    pub y: f64,
    /// Fewest periods to judge. Default 3.
    pub min_periods: u32,
}

impl Default for XyzOptions {
    fn default() -> Self {
        XyzOptions {
            period: Period::Month,
            x: 0.10,
            y: 0.25,
            min_periods: 3,
        }
    }
}

/// ABC class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Abc {
    /// Top revenue.
    A,
    /// Middle.
    B,
    /// Tail.
    C,
}

impl Abc {
    /// All classes.
    pub const ALL: [Abc; 3] = [Abc::A, Abc::B, Abc::C];
    /// "A", "B" or "C".
    pub fn as_str(self) -> &'static str {
        match self {
            Abc::A => "A",
            Abc::B => "B",
            Abc::C => "C",
        }
    }
}

/// XYZ class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Xyz {
    /// Stable demand.
    X,
    /// Fluctuating demand.
    Y,
    /// Irregular demand.
    Z,
    /// Not enough history to judge.
    #[serde(rename = "-")]
    NotEnough,
}

impl Xyz {
    /// All classes.
    pub const ALL: [Xyz; 4] = [Xyz::X, Xyz::Y, Xyz::Z, Xyz::NotEnough];
    /// "X", "Y", "Z" or "-".
    pub fn as_str(self) -> &'static str {
        match self {
            Xyz::X => "X",
            Xyz::Y => "Y",
            Xyz::Z => "Z",
            Xyz::NotEnough => "-",
        }
    }
}

/// Fitted ABC thresholds: class A from `a_min` revenue, B from `b_min`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AbcModel {
    /// Smallest revenue of class A (`null` when no client is A).
    pub a_min: Option<f64>,
    /// Smallest revenue of class B (`null` when no client is B).
    pub b_min: Option<f64>,
    /// The share options used.
    pub options: AbcOptions,
}

impl AbcModel {
    /// Fits the thresholds on all clients' revenues.
    pub fn fit(revenues: &[f64], options: &AbcOptions) -> AbcModel {
        let mut v: Vec<f64> = revenues.iter().copied().filter(|r| *r > 0.0).collect();
        v.sort_unstable_by(|a, b| b.total_cmp(a));
        let total: f64 = v.iter().sum();
        let (mut a_min, mut b_min) = (None, None);
        let mut before = 0.0;
        let mut i = 0;
        while i < v.len() {
            // A tie group shares the class of its first member.
            let x = v[i];
            let share = if total > 0.0 { before / total } else { 1.0 };
            let mut j = i;
            while j < v.len() && v[j] == x {
                before += v[j];
                j += 1;
            }
            if share < options.a {
                a_min = Some(x);
            } else if share < options.b {
                b_min = Some(x);
            } else {
                break;
            }
            i = j;
        }
        AbcModel {
            a_min,
            b_min,
            options: options.clone(),
        }
    }

    /// The class of a revenue.
    #[inline]
    pub fn class(&self, revenue: f64) -> Abc {
        if revenue > 0.0 && self.a_min.is_some_and(|t| revenue >= t) {
            Abc::A
        } else if revenue > 0.0 && self.b_min.is_some_and(|t| revenue >= t) {
            Abc::B
        } else {
            Abc::C
        }
    }
}

/// Coefficient of variation of per-period revenue from the sum `s` and sum of squares `ss`
/// of period revenues (money units) over `periods` periods; `None` when the mean is not
/// positive or there are no periods.
pub fn cv(s: f64, ss: f64, periods: u32) -> Option<f64> {
    if periods == 0 {
        return None;
    }
    let p = periods as f64;
    let mean = s / p;
    if mean <= 0.0 {
        return None;
    }
    let var = (ss / p - mean * mean).max(0.0);
    Some(var.sqrt() / mean)
}

/// The XYZ class of a client with `periods` periods and coefficient `cv`.
pub fn xyz_class(cv: Option<f64>, periods: u32, o: &XyzOptions) -> Xyz {
    if periods < o.min_periods {
        return Xyz::NotEnough;
    }
    match cv {
        None => Xyz::NotEnough,
        Some(c) if c <= o.x => Xyz::X,
        Some(c) if c <= o.y => Xyz::Y,
        Some(_) => Xyz::Z,
    }
}

/// Name and advice of an ABC×XYZ cell.
pub fn matrix_cell(abc: Abc, xyz: Xyz, lang: Lang) -> (&'static str, &'static str) {
    use Abc::*;
    use Xyz::*;
    match (lang, abc, xyz) {
        (Lang::En, A, X) => (
            "Ideal clients",
            "Regular and high value: personal service, keep them, no mass discounts.",
        ),
        (Lang::En, A, Y) => (
            "Key, seasonal",
            "High value with fluctuating demand: plan around their cycle.",
        ),
        (Lang::En, A, Z) => (
            "Key, unpredictable",
            "High value but irregular: understand their needs, a manager in touch.",
        ),
        (Lang::En, B, X) => (
            "Stable middle",
            "Regular, medium value: grow the check with cross-sell.",
        ),
        (Lang::En, B, Y) => (
            "Middle, seasonal",
            "Medium value, fluctuating: reminders before their usual purchase.",
        ),
        (Lang::En, B, Z) => (
            "Middle, irregular",
            "Medium value, irregular: trigger-based offers.",
        ),
        (Lang::En, C, X) => (
            "Small, regular",
            "Low value but steady: automate service, upsell carefully.",
        ),
        (Lang::En, C, Y) => (
            "Small, seasonal",
            "Low value, fluctuating: automated campaigns.",
        ),
        (Lang::En, C, Z) => (
            "Ballast",
            "Low value and irregular: automate or move to self-service.",
        ),
        (Lang::Ru, A, X) => (
            "Идеальные клиенты",
            "Регулярные и ценные: персональный сервис, удерживать, без массовых скидок.",
        ),
        (Lang::Ru, A, Y) => (
            "Ключевые сезонные",
            "Ценные, но спрос колеблется: планировать под их цикл.",
        ),
        (Lang::Ru, A, Z) => (
            "Ключевые непредсказуемые",
            "Ценные, но нерегулярные: понять потребности, менеджер на связи.",
        ),
        (Lang::Ru, B, X) => (
            "Стабильная середина",
            "Регулярные, средний чек: растить чек кросс-продажами.",
        ),
        (Lang::Ru, B, Y) => (
            "Середина сезонная",
            "Средние, спрос колеблется: напоминания перед обычной покупкой.",
        ),
        (Lang::Ru, B, Z) => (
            "Середина нерегулярная",
            "Средние и нерегулярные: триггерные предложения.",
        ),
        (Lang::Ru, C, X) => (
            "Мелкие регулярные",
            "Небольшой чек, но стабильно: автоматизировать обслуживание.",
        ),
        (Lang::Ru, C, Y) => (
            "Мелкие сезонные",
            "Небольшой чек, колебания: автоматические рассылки.",
        ),
        (Lang::Ru, C, Z) => (
            "Балласт",
            "Мало и нерегулярно: автоматизировать или перевести на самообслуживание.",
        ),
        (Lang::En, _, NotEnough) => ("Not enough history", "Too few periods to judge stability."),
        (Lang::Ru, _, NotEnough) => (
            "Мало истории",
            "Слишком мало периодов, чтобы судить о стабильности.",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn abc_classic() {
        // 10 clients: 50, 20, 10, 5, 5, 4, 3, 1, 1, 1 = 100
        let r = [50.0, 20.0, 10.0, 5.0, 5.0, 4.0, 3.0, 1.0, 1.0, 1.0];
        let m = AbcModel::fit(&r, &AbcOptions::default());
        let classes: Vec<&str> = r.iter().map(|x| m.class(*x).as_str()).collect();
        // Before: 0, 50, 70 (<80 → A), 80 (B), 85 (B: tie with 5 → B), 90 (B), 94 (B), 97 C…
        assert_eq!(classes, ["A", "A", "A", "B", "B", "B", "B", "C", "C", "C"]);
        assert_eq!(m.class(0.0), Abc::C);
        assert_eq!(m.class(-5.0), Abc::C);
    }

    #[test]
    fn xyz_table() {
        let o = XyzOptions::default();
        // Same revenue every month: CV 0 → X.
        assert_eq!(xyz_class(cv(300.0, 3.0 * 100.0 * 100.0, 3), 3, &o), Xyz::X);
        // 100, 0, 0: CV = sqrt(2) → Z.
        assert_eq!(xyz_class(cv(100.0, 10_000.0, 3), 3, &o), Xyz::Z);
        // 90, 110, 100: σ = 8.165, CV 0.0816 → X; 80,120,100: 0.163 → Y.
        assert_eq!(
            xyz_class(cv(300.0, 8100.0 + 12100.0 + 10000.0, 3), 3, &o),
            Xyz::X
        );
        assert_eq!(
            xyz_class(cv(300.0, 6400.0 + 14400.0 + 10000.0, 3), 3, &o),
            Xyz::Y
        );
        assert_eq!(xyz_class(cv(100.0, 10_000.0, 1), 1, &o), Xyz::NotEnough);
        assert_eq!(xyz_class(cv(-5.0, 25.0, 5), 5, &o), Xyz::NotEnough);
    }

    proptest! {
        #[test]
        fn abc_shares_and_monotone(rev in proptest::collection::vec(0u32..10_000, 1..300)) {
            let r: Vec<f64> = rev.iter().map(|x| *x as f64).collect();
            let m = AbcModel::fit(&r, &AbcOptions::default());
            let mut sorted = r.clone();
            sorted.sort_by(f64::total_cmp);
            for w in sorted.windows(2) {
                prop_assert!(m.class(w[1]) <= m.class(w[0]));
            }
            let total: f64 = r.iter().sum();
            let by = |c: Abc| r.iter().filter(|x| m.class(**x) == c).sum::<f64>();
            let sum = by(Abc::A) + by(Abc::B) + by(Abc::C);
            prop_assert!((sum - total).abs() < 1e-6);
            if total > 0.0 {
                // A starts with the top client and stops once 80 % is reached.
                let top = sorted.last().copied().unwrap_or(0.0);
                prop_assert_eq!(m.class(top), Abc::A);
            }
        }
    }
}
