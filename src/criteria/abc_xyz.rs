//! ABC by revenue share, XYZ by stability of demand, and their 3×3 matrix.
//!
//! **ABC.** Clients are sorted by revenue (the monetary total), descending. A client is A
//! while the cumulative share of revenue *before* it is below `a` (default 80 %), B while
//! below `b` (default 95 %), C after. Shares are of the total positive revenue; clients with
//! zero or negative revenue are C. Clients with equal revenue share a class (the class of
//! the first of them), so classes never depend on row order. The fitted model keeps the
//! smallest revenue of class A and of class B, which classify any client alone.
//!
//! **XYZ** says how regularly a client buys. By default (`method: "intervals"`) it is the
//! coefficient of variation `CV = σ / μ` of the days between the client's distinct purchase
//! days (population σ; returns are not purchases). A buyer whose gaps are as random as a
//! Poisson process has CV 1; one who buys on a cycle, CV near 0; one who buys in bursts and
//! then pauses, above 1. X: CV ≤ `x` (0.58, about 1/√3: gaps as regular as an Erlang-3
//! process, the "clumpy vs regular" threshold of Platzer & Reutterer, 2016, *Ticking Away
//! the Moments*), Y: CV ≤ `y` (1.0: no more irregular than chance), Z: above (bursts). It
//! needs `minPurchases` (4) distinct purchase days, i.e. three gaps; fewer is class "–"
//! (not enough history), never a guess.
//!
//! `method: "revenue"` keeps the inventory definition (stock-keeping XYZ): revenue summed
//! per period (month by default; week or quarter by option) over every period from the
//! client's first order to `asOf`, empty periods counting as zero; X: CV ≤ `x` (10 %),
//! Y: CV ≤ `y` (25 %), Z above, from `minPeriods` (3) periods. On client data it calls
//! nearly everyone Z: a client who does not buy every month the same amount is irregular
//! by that measure.

use super::order::Standing;
use super::parts::{Among, CellSink, ColumnSink, ExplainedLabel, Explanation, LabelStats, Tally};
use super::{Client, Criterion, Engine, FieldSpec, LabelColumns, Population, RuleSet};
use crate::calendar::Period;
use crate::error::Error;
use crate::locale::{fmt_locale, plural_ru, Lang};
use crate::rules::{FieldType, Schema};
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

/// What XYZ measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum XyzMethod {
    /// The regularity of the days between purchases (default).
    #[default]
    Intervals,
    /// The stability of revenue per period (the inventory definition).
    Revenue,
}

/// XYZ options.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct XyzOptions {
    /// What XYZ measures. Default `intervals`.
    pub method: XyzMethod,
    /// Period of revenue (`revenue` method). Default month.
    pub period: Period,
    /// Largest CV of class X. Default 0.58 (`intervals`) or 0.10 (`revenue`).
    pub x: Option<f64>,
    /// Largest CV of class Y. Default 1.0 (`intervals`) or 0.25 (`revenue`).
    pub y: Option<f64>,
    /// Fewest periods to judge (`revenue`). Default 3.
    pub min_periods: Option<u32>,
    /// Fewest distinct purchase days to judge (`intervals`). Default 4.
    pub min_purchases: Option<u32>,
}

/// XYZ as fitted: the method and its thresholds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct XyzModel {
    /// What XYZ measures.
    pub method: XyzMethod,
    /// Period of revenue (`revenue` method).
    pub period: Period,
    /// Largest CV of class X.
    pub x: f64,
    /// Largest CV of class Y.
    pub y: f64,
    /// Fewest periods (`revenue`) or distinct purchase days (`intervals`) to judge.
    pub min: u32,
}

impl XyzOptions {
    /// The thresholds of the method, defaults filled in.
    pub fn resolve(&self) -> XyzModel {
        let (x, y, min) = match self.method {
            XyzMethod::Intervals => (0.58, 1.0, self.min_purchases.unwrap_or(4)),
            XyzMethod::Revenue => (0.10, 0.25, self.min_periods.unwrap_or(3)),
        };
        XyzModel {
            method: self.method,
            period: self.period,
            x: self.x.unwrap_or(x),
            y: self.y.unwrap_or(y),
            min,
        }
    }
}

impl Default for XyzModel {
    fn default() -> Self {
        XyzOptions::default().resolve()
    }
}

/// ABC class.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum AbcClass {
    /// Top revenue.
    A,
    /// Middle.
    B,
    /// Tail (also clients without revenue).
    #[default]
    C,
}

impl AbcClass {
    /// All classes.
    pub const ALL: [AbcClass; 3] = [AbcClass::A, AbcClass::B, AbcClass::C];
    /// "A", "B" or "C".
    pub fn as_str(self) -> &'static str {
        match self {
            AbcClass::A => "A",
            AbcClass::B => "B",
            AbcClass::C => "C",
        }
    }

    /// Its place in the order of value (higher is better): A, B, C.
    pub fn rank(self) -> u8 {
        2 - self as u8
    }

    /// Class A holds the valuable clients; no class is a risk by itself.
    pub fn standing(self) -> Standing {
        match self {
            AbcClass::A => Standing::Valuable,
            AbcClass::B | AbcClass::C => Standing::Neutral,
        }
    }
}

/// XYZ class.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub enum XyzClass {
    /// Stable demand.
    X,
    /// Fluctuating demand.
    Y,
    /// Irregular demand.
    Z,
    /// Not enough history to judge.
    #[default]
    #[serde(rename = "-")]
    NotEnough,
}

impl XyzClass {
    /// All classes.
    pub const ALL: [XyzClass; 4] = [XyzClass::X, XyzClass::Y, XyzClass::Z, XyzClass::NotEnough];
    /// "X", "Y", "Z" or "-".
    pub fn as_str(self) -> &'static str {
        match self {
            XyzClass::X => "X",
            XyzClass::Y => "Y",
            XyzClass::Z => "Z",
            XyzClass::NotEnough => "-",
        }
    }

    /// Its place in the order of value (higher is steadier demand): X, Y, Z; `None` for a
    /// client with too little history, who is neither better nor worse than the others.
    pub fn rank(self) -> Option<u8> {
        match self {
            XyzClass::X => Some(2),
            XyzClass::Y => Some(1),
            XyzClass::Z => Some(0),
            XyzClass::NotEnough => None,
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
    pub fn class(&self, revenue: f64) -> AbcClass {
        if revenue > 0.0 && self.a_min.is_some_and(|t| revenue >= t) {
            AbcClass::A
        } else if revenue > 0.0 && self.b_min.is_some_and(|t| revenue >= t) {
            AbcClass::B
        } else {
            AbcClass::C
        }
    }
}

/// Coefficient of variation of per-period revenue from the sum `s` and sum of squares `ss`
/// of period revenues (money units) over `periods` periods; `None` when the mean is not
/// positive or there are no periods.
pub(crate) fn cv(s: f64, ss: f64, periods: u32) -> Option<f64> {
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

/// The XYZ class of a client with `n` periods or purchase days and coefficient `cv`.
pub(super) fn xyz_class(cv: Option<f64>, n: u32, o: &XyzModel) -> XyzClass {
    if n < o.min {
        return XyzClass::NotEnough;
    }
    match cv {
        None => XyzClass::NotEnough,
        Some(c) if c <= o.x => XyzClass::X,
        Some(c) if c <= o.y => XyzClass::Y,
        Some(_) => XyzClass::Z,
    }
}

/// Name and advice of an ABC×XYZ cell.
pub(super) fn matrix_cell(
    abc: AbcClass,
    xyz: XyzClass,
    lang: Lang,
) -> (&'static str, &'static str) {
    use AbcClass::*;
    use XyzClass::*;
    match (lang, abc, xyz) {
        (Lang::En, A, X) => (
            "Key, regular",
            "High value, buy on a steady cycle: personal service, keep them, no mass discounts.",
        ),
        (Lang::En, A, Y) => (
            "Key, variable rhythm",
            "High value, the gaps between purchases vary: remind them around their usual cycle.",
        ),
        (Lang::En, A, Z) => (
            "Key, irregular",
            "High value but in bursts: understand their needs, a manager in touch.",
        ),
        (Lang::En, B, X) => (
            "Mid-value, regular",
            "Medium value on a steady cycle: grow the check with cross-sell.",
        ),
        (Lang::En, B, Y) => (
            "Mid-value, variable rhythm",
            "Medium value, varying gaps: reminders before their usual purchase.",
        ),
        (Lang::En, B, Z) => (
            "Mid-value, irregular",
            "Medium value, in bursts: trigger-based offers.",
        ),
        (Lang::En, C, X) => (
            "Small, regular",
            "Low value but steady: automate service, upsell carefully.",
        ),
        (Lang::En, C, Y) => (
            "Small, variable rhythm",
            "Low value, varying gaps: automated campaigns.",
        ),
        (Lang::En, C, Z) => (
            "Ballast",
            "Low value and irregular: automate or move to self-service.",
        ),
        (Lang::Ru, A, X) => (
            "Ключевые регулярные",
            "Ценные и покупают в ровном ритме: персональный сервис, удерживать, без массовых скидок.",
        ),
        (Lang::Ru, A, Y) => (
            "Ключевые с плавающим ритмом",
            "Ценные, промежутки между покупками меняются: напоминать около их обычного срока.",
        ),
        (Lang::Ru, A, Z) => (
            "Ключевые нерегулярные",
            "Ценные, но покупают всплесками: понять потребности, менеджер на связи.",
        ),
        (Lang::Ru, B, X) => (
            "Середина регулярная",
            "Средний чек в ровном ритме: растить чек кросс-продажами.",
        ),
        (Lang::Ru, B, Y) => (
            "Середина с плавающим ритмом",
            "Средний чек, промежутки меняются: напоминания перед обычной покупкой.",
        ),
        (Lang::Ru, B, Z) => (
            "Середина нерегулярная",
            "Средний чек, всплесками: триггерные предложения.",
        ),
        (Lang::Ru, C, X) => (
            "Мелкие регулярные",
            "Небольшой чек, но стабильно: автоматизировать обслуживание.",
        ),
        (Lang::Ru, C, Y) => (
            "Мелкие с плавающим ритмом",
            "Небольшой чек, промежутки меняются: автоматические рассылки.",
        ),
        (Lang::Ru, C, Z) => (
            "Балласт",
            "Мало и нерегулярно: автоматизировать или перевести на самообслуживание.",
        ),
        (Lang::En, _, NotEnough) => (
            "Not enough history",
            "Too few purchases to judge their regularity.",
        ),
        (Lang::Ru, _, NotEnough) => (
            "Мало истории",
            "Слишком мало покупок, чтобы судить о регулярности.",
        ),
    }
}

/// ABC by revenue share: the criterion.
pub struct Abc;

/// ABC's summary entry.
#[derive(Clone, Debug, Serialize)]
pub struct AbcSummary {
    /// ABC classes.
    pub abc: Vec<LabelStats>,
}

/// What the scorer returns for ABC.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AbcScore {
    /// ABC class.
    pub abc: String,
}

impl Criterion for Abc {
    type Options = AbcOptions;
    type Fitted = AbcModel;
    type Compiled = ();
    type Label = AbcClass;
    type Column = Vec<u8>;
    type Summary = AbcSummary;
    type Score = AbcScore;

    const FIELDS: &'static [FieldSpec] = &[FieldSpec::label("abc", &[])];
    const CSV: &'static [&'static str] = &["abc"];
    const CODE_BITS: u32 = 2;

    fn validate(o: &AbcOptions) -> Result<(), Error> {
        if !(0.0 < o.a && o.a <= o.b && o.b <= 1.0) {
            return Err(Error::option("option `abc`: need 0 < a ≤ b ≤ 1")
                .ru("ABC: границы должны быть такими: 0 < A ≤ B ≤ 1"));
        }
        Ok(())
    }

    fn fit(o: Option<&AbcOptions>, p: &Population<'_>) -> Result<AbcModel, Error> {
        let o = o.cloned().unwrap_or_default();
        Abc::validate(&o)?;
        Ok(AbcModel::fit(p.revenue, &o))
    }

    fn compile(_: &mut AbcModel, _: &Schema, _: &mut RuleSet) -> Result<(), Error> {
        Ok(())
    }

    fn label(c: &Client<'_>, out: &mut AbcClass) {
        // A client without orders has no revenue of its own: C, as in the batch.
        *out = match c.facts.has_orders() {
            true => c.engine.catalogue.abc.class(c.facts.revenue),
            false => AbcClass::C,
        };
    }

    fn code(l: &AbcClass) -> u64 {
        *l as u64
    }

    fn text<'a>(c: &Client<'a>, _k: usize) -> Option<&'a str> {
        Some(c.labels.abc.as_str())
    }

    fn push(col: &mut Vec<u8>, l: &AbcClass) {
        col.push(*l as u8);
    }

    fn read(col: &Vec<u8>, i: usize, out: &mut AbcClass) {
        *out = AbcClass::ALL[col[i] as usize];
    }

    fn explain(c: &Client<'_>, lang: Lang, out: &mut Explanation) {
        let m = &c.engine.catalogue.abc;
        let fmt = |v: f64| fmt_locale(v, lang);
        let (a, b) = (
            m.a_min.map_or("—".into(), fmt),
            m.b_min.map_or("—".into(), fmt),
        );
        let revenue = fmt(c.facts.revenue);
        out.labels.push(ExplainedLabel {
            criterion: "abc",
            value: c.labels.abc.as_str().into(),
            reason: match lang {
                Lang::En => format!("revenue {revenue} (A from {a}, B from {b})"),
                Lang::Ru => format!("выручка {revenue} (A от {a}, B от {b})"),
            },
        });
    }

    fn csv(c: &Client<'_>, _lang: Lang, w: &mut impl CellSink) {
        w.text(c.labels.abc.as_str());
    }

    fn columns(_: &Engine<'_>, cols: &LabelColumns, _lang: Lang, sink: &mut dyn ColumnSink) {
        sink.u8s("abc", &cols.abc);
        let names: Vec<&str> = AbcClass::ALL.iter().map(|a| a.as_str()).collect();
        sink.names("abcNames", &names);
        sink.names("abcKeys", &names);
    }

    fn summary(_: &Engine<'_>, cols: &LabelColumns, t: &Tally<'_>, _lang: Lang) -> AbcSummary {
        let legend = AbcClass::ALL.iter().map(|a| (a.as_str(), a.as_str()));
        AbcSummary {
            abc: t.labels(legend, Among::Clients, |i| cols.abc[i] as usize),
        }
    }

    fn score(c: &Client<'_>, _lang: Lang) -> AbcScore {
        AbcScore {
            abc: c.labels.abc.as_str().into(),
        }
    }
}

/// XYZ by stability of demand, and the ABC×XYZ cell: the criterion.
pub struct Xyz;

/// One ABC×XYZ cell.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixCell {
    /// `AX` … `CZ`, or `A-` … `C-` for not enough history.
    pub cell: String,
    /// Name.
    pub name: String,
    /// Advice.
    pub description: String,
    /// Clients.
    pub customers: u64,
    /// Net revenue.
    pub revenue: f64,
}

/// XYZ's summary entries.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct XyzSummary {
    /// XYZ classes.
    pub xyz: Vec<LabelStats>,
    /// ABC×XYZ cells.
    pub abc_xyz: Vec<MatrixCell>,
}

/// What the scorer returns for XYZ.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct XyzScore {
    /// XYZ class.
    pub xyz: String,
    /// ABC×XYZ cell (empty without enough history).
    pub abc_xyz: String,
}

/// The ABC×XYZ cell of a client's labels, when its XYZ class is known.
fn cell(c: &Client<'_>) -> Option<&'static str> {
    let (a, x) = (c.labels.abc, c.labels.xyz);
    (x != XyzClass::NotEnough && c.facts.has_orders()).then(|| ABCXYZ[a as usize * 3 + x as usize])
}

/// Names of the nine ABC×XYZ cells, indexed `abc * 3 + xyz`.
const ABCXYZ: [&str; 9] = ["AX", "AY", "AZ", "BX", "BY", "BZ", "CX", "CY", "CZ"];

impl XyzModel {
    /// The coefficient and its count (periods or purchase days) of a client's facts.
    fn measure(&self, f: &super::Facts<'_>) -> (Option<f64>, u32) {
        match self.method {
            XyzMethod::Intervals => (f.gap_cv, f.days),
            XyzMethod::Revenue => (f.cv, f.periods),
        }
    }
}

impl Criterion for Xyz {
    type Options = XyzOptions;
    type Fitted = XyzModel;
    type Compiled = ();
    type Label = XyzClass;
    type Column = Vec<u8>;
    type Summary = XyzSummary;
    type Score = XyzScore;

    const FIELDS: &'static [FieldSpec] = &[
        FieldSpec::value("cv", FieldType::Number, &[]),
        FieldSpec::value("periods", FieldType::Number, &[]),
        FieldSpec::label("xyz", &[]),
        FieldSpec::label("abcxyz", &[]),
    ];
    const CSV: &'static [&'static str] = &["xyz", "abc_xyz", "cv"];
    const CODE_BITS: u32 = 3;

    fn validate(o: &XyzOptions) -> Result<(), Error> {
        let m = o.resolve();
        if !(0.0 <= m.x && m.x <= m.y) {
            return Err(Error::option("option `xyz`: need 0 ≤ x ≤ y")
                .ru("XYZ: границы должны быть такими: 0 ≤ X ≤ Y"));
        }
        Ok(())
    }

    fn fit(o: Option<&XyzOptions>, _: &Population<'_>) -> Result<XyzModel, Error> {
        let o = o.cloned().unwrap_or_default();
        Xyz::validate(&o)?;
        Ok(o.resolve())
    }

    fn compile(_: &mut XyzModel, _: &Schema, _: &mut RuleSet) -> Result<(), Error> {
        Ok(())
    }

    fn label(c: &Client<'_>, out: &mut XyzClass) {
        let f = c.facts;
        let m = &c.engine.catalogue.xyz;
        *out = if f.has_orders() {
            let (cv, n) = m.measure(f);
            xyz_class(cv, n, m)
        } else {
            XyzClass::NotEnough
        };
    }

    fn code(l: &XyzClass) -> u64 {
        *l as u64
    }

    fn number(c: &Client<'_>, k: usize) -> Option<f64> {
        match k {
            0 => c.engine.catalogue.xyz.measure(c.facts).0,
            1 => c.facts.has_orders().then_some(c.facts.periods as f64),
            _ => None,
        }
    }

    fn text<'a>(c: &Client<'a>, k: usize) -> Option<&'a str> {
        match k {
            2 => Some(c.labels.xyz.as_str()),
            3 => (c.labels.xyz != XyzClass::NotEnough)
                .then(|| ABCXYZ[c.labels.abc as usize * 3 + c.labels.xyz as usize]),
            _ => None,
        }
    }

    fn push(col: &mut Vec<u8>, l: &XyzClass) {
        col.push(*l as u8);
    }

    fn read(col: &Vec<u8>, i: usize, out: &mut XyzClass) {
        *out = XyzClass::ALL[col[i] as usize];
    }

    fn explain(c: &Client<'_>, lang: Lang, out: &mut Explanation) {
        let m = &c.engine.catalogue.xyz;
        let (f, x) = (c.facts, c.labels.xyz);
        let (cv, n) = m.measure(f);
        let num = |v: f64| fmt_locale((v * 100.0).round() / 100.0, lang);
        let reason = match (m.method, cv, lang) {
            (XyzMethod::Intervals, Some(cv), Lang::En) if x != XyzClass::NotEnough => format!(
                "days between purchases vary by CV {} over {n} purchase days (X ≤ {}, Y ≤ {})",
                num(cv),
                num(m.x),
                num(m.y)
            ),
            (XyzMethod::Intervals, Some(cv), Lang::Ru) if x != XyzClass::NotEnough => format!(
                "интервалы между покупками: CV {} по {n} {} покупок (X ≤ {}, Y ≤ {})",
                num(cv),
                plural_ru(n as u64, "дню", "дням", "дням"),
                num(m.x),
                num(m.y)
            ),
            (XyzMethod::Intervals, _, Lang::En) => format!(
                "{n} purchase {}; at least {} are needed to judge regularity",
                if n == 1 { "day" } else { "days" },
                m.min
            ),
            (XyzMethod::Intervals, _, Lang::Ru) => format!(
                "дней с покупками {n}; чтобы судить о регулярности, нужно не меньше {}",
                m.min
            ),
            (XyzMethod::Revenue, Some(cv), Lang::En) if x != XyzClass::NotEnough => format!(
                "revenue per period varies by CV {} % over {n} periods (X ≤ {} %, Y ≤ {} %)",
                fmt_locale((cv * 1000.0).round() / 10.0, lang),
                num(m.x * 100.0),
                num(m.y * 100.0)
            ),
            (XyzMethod::Revenue, Some(cv), Lang::Ru) if x != XyzClass::NotEnough => format!(
                "выручка по периодам: CV {}\u{a0}% за {n} пер. (X ≤ {}\u{a0}%, Y ≤ {}\u{a0}%)",
                fmt_locale((cv * 1000.0).round() / 10.0, lang),
                num(m.x * 100.0),
                num(m.y * 100.0)
            ),
            (XyzMethod::Revenue, _, Lang::En) => format!(
                "{n} periods (at least {} needed) or no positive revenue",
                m.min
            ),
            (XyzMethod::Revenue, _, Lang::Ru) => format!(
                "периодов {n} (нужно не меньше {}) или нет положительной выручки",
                m.min
            ),
        };
        out.labels.push(ExplainedLabel {
            criterion: "xyz",
            value: x.as_str().into(),
            reason,
        });
        let a = c.labels.abc;
        let (name, desc) = matrix_cell(a, x, lang);
        out.labels.push(ExplainedLabel {
            criterion: "abcXyz",
            value: format!("{}{} {name}", a.as_str(), x.as_str()),
            reason: desc.into(),
        });
    }

    fn csv(c: &Client<'_>, _lang: Lang, w: &mut impl CellSink) {
        w.text(c.labels.xyz.as_str());
        match cell(c) {
            Some(cell) => w.text(cell),
            None => w.empty(),
        }
        w.number(
            c.engine
                .catalogue
                .xyz
                .measure(c.facts)
                .0
                .unwrap_or(f64::NAN),
            4,
        );
    }

    fn columns(_: &Engine<'_>, cols: &LabelColumns, _lang: Lang, sink: &mut dyn ColumnSink) {
        sink.u8s("xyz", &cols.xyz);
        let names: Vec<&str> = XyzClass::ALL.iter().map(|x| x.as_str()).collect();
        sink.names("xyzNames", &names);
        sink.names("xyzKeys", &names);
    }

    fn summary(_: &Engine<'_>, cols: &LabelColumns, t: &Tally<'_>, lang: Lang) -> XyzSummary {
        let names: Vec<(&str, &str)> = XyzClass::ALL
            .iter()
            .map(|x| {
                let name = match x {
                    XyzClass::NotEnough => matrix_cell(AbcClass::A, *x, lang).0,
                    _ => x.as_str(),
                };
                (x.as_str(), name)
            })
            .collect();
        let xyz = t.labels(names, Among::Clients, |i| cols.xyz[i] as usize);
        let (cnt, rev) = t.count(12, |i| {
            t.has_orders(i)
                .then_some(cols.abc[i] as usize * 4 + cols.xyz[i] as usize)
        });
        let mut abc_xyz = Vec::with_capacity(12);
        for (ai, a) in AbcClass::ALL.iter().enumerate() {
            for (xi, x) in XyzClass::ALL.iter().enumerate() {
                let (name, desc) = matrix_cell(*a, *x, lang);
                abc_xyz.push(MatrixCell {
                    cell: format!("{}{}", a.as_str(), x.as_str()),
                    name: name.into(),
                    description: desc.into(),
                    customers: cnt[ai * 4 + xi],
                    revenue: crate::money::to_f64(rev[ai * 4 + xi]),
                });
            }
        }
        XyzSummary { xyz, abc_xyz }
    }

    fn score(c: &Client<'_>, _lang: Lang) -> XyzScore {
        XyzScore {
            xyz: c.labels.xyz.as_str().into(),
            abc_xyz: cell(c).unwrap_or("").into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    #[test]
    fn abc_classic() {
        // 10 clients: 50, 20, 10, 5, 5, 4, 3, 1, 1, 1 = 100
        let r = [50.0, 20.0, 10.0, 5.0, 5.0, 4.0, 3.0, 1.0, 1.0, 1.0];
        let m = AbcModel::fit(&r, &AbcOptions::default());
        let classes: Vec<&str> = r.iter().map(|x| m.class(*x).as_str()).collect();
        // Before: 0, 50, 70 (<80 → A), 80 (B), 85 (B: tie with 5 → B), 90 (B), 94 (B), 97 C…
        assert_eq!(classes, ["A", "A", "A", "B", "B", "B", "B", "C", "C", "C"]);
        assert_eq!(m.class(0.0), AbcClass::C);
        assert_eq!(m.class(-5.0), AbcClass::C);
    }

    #[test]
    fn xyz_table() {
        let o = XyzOptions {
            method: XyzMethod::Revenue,
            ..XyzOptions::default()
        }
        .resolve();
        // Same revenue every month: CV 0 → X.
        assert_eq!(
            xyz_class(cv(300.0, 3.0 * 100.0 * 100.0, 3), 3, &o),
            XyzClass::X
        );
        // 100, 0, 0: CV = sqrt(2) → Z.
        assert_eq!(xyz_class(cv(100.0, 10_000.0, 3), 3, &o), XyzClass::Z);
        // 90, 110, 100: σ = 8.165, CV 0.0816 → X; 80,120,100: 0.163 → Y.
        assert_eq!(
            xyz_class(cv(300.0, 8100.0 + 12100.0 + 10000.0, 3), 3, &o),
            XyzClass::X
        );
        assert_eq!(
            xyz_class(cv(300.0, 6400.0 + 14400.0 + 10000.0, 3), 3, &o),
            XyzClass::Y
        );
        assert_eq!(
            xyz_class(cv(100.0, 10_000.0, 1), 1, &o),
            XyzClass::NotEnough
        );
        assert_eq!(xyz_class(cv(-5.0, 25.0, 5), 5, &o), XyzClass::NotEnough);
    }

    #[test]
    fn xyz_by_intervals_table() {
        let o = XyzOptions::default().resolve();
        assert_eq!((o.x, o.y, o.min), (0.58, 1.0, 4));
        let cases = [
            (Some(0.0), 4, XyzClass::X),
            (Some(0.58), 5, XyzClass::X),
            (Some(0.59), 5, XyzClass::Y),
            (Some(1.0), 5, XyzClass::Y),
            (Some(1.4), 9, XyzClass::Z),
            (Some(0.1), 3, XyzClass::NotEnough),
            (None, 9, XyzClass::NotEnough),
        ];
        for (cv, days, want) in cases {
            assert_eq!(xyz_class(cv, days, &o), want, "{cv:?} {days}");
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
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
            let by = |c: AbcClass| r.iter().filter(|x| m.class(**x) == c).sum::<f64>();
            let sum = by(AbcClass::A) + by(AbcClass::B) + by(AbcClass::C);
            prop_assert!((sum - total).abs() < 1e-6);
            if total > 0.0 {
                // A starts with the top client and stops once 80 % is reached.
                let top = sorted.last().copied().unwrap_or(0.0);
                prop_assert_eq!(m.class(top), AbcClass::A);
            }
        }
    }
}
