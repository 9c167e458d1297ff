//! RFM: recency, frequency and monetary value, and their scores.
//!
//! * **Recency** is the number of whole days from the client's last order to `asOf`.
//! * **Frequency** is the number of orders: distinct order ids when an order id column is
//!   mapped, otherwise one order per row.
//! * **Monetary** is the sum of amounts with returns netted out, or, with
//!   `monetary: "average"`, that sum divided by the number of orders.
//!
//! Each dimension gets a **level** from 1 (worst) to `bins` (best) by cut points, and the
//! rule is always:
//!
//! * recency: level = `bins` − #{cuts c : recency > c} (recency ≤ the first cut is best);
//! * frequency, monetary: level = 1 + #{cuts c : value ≥ c} (a value ≥ the last cut is best).
//!
//! **Recency is scored within the lifecycle's windows** (unless `thresholds.recency` is
//! given): level 1 is exactly the lifecycle's churned clients (recency above its churn
//! threshold), level 2 its sleeping ones (above the sleep threshold), and the levels above
//! split the active clients by quantiles of their recency. A segment that means "bought
//! recently" (R ≥ 3) can then never hold a churned client, even on a file where most
//! clients left long ago (CDNOW's quantile cut points would put R4 at 432 days). With 2
//! levels, level 1 is churned and level 2 the rest. A client marked as gone in the clients
//! table has level 1, as the lifecycle calls them churned.
//!
//! **Frequency and monetary** cut points are R's type 7 quantiles at 1/bins, 2/bins, …,
//! snapped to values that occur in the data. Where ties would make two cuts equal (most
//! clients have one order: CDNOW's frequency quantiles are 2, 2, 3, 5), the later cut moves
//! up to the next value in the data, so that every level holds the clients of at least one
//! value: frequency levels become 1, 2, 3, 4 and 5+ orders. R's `rfm` package leaves such
//! levels empty; here a level is empty only when the data has fewer distinct values than
//! levels, and the summary's checks say so.
//!
//! Clients with equal values always get equal levels (unlike SQL `NTILE`) and levels never
//! decrease as a value improves. A cut that no client reaches is `null`. The score
//! **digit** is the level (`direction: "highIsBest"`, 555 best) or `bins + 1 − level`
//! (`"oneIsBest"`, 111 best).

use super::parts::{CellSink, ColumnSink, ExplainedLabel, Tally};
use super::playbook::ActionSummary;
use super::segments::{
    preset_rfm11, preset_ru3, segment_defs, SegmentDef, SegmentTable, SegmentsOption,
};
use super::wording::named;
use super::{Client, Engine, Facts, FieldSpec, LabelColumns, LifecycleModel, Population};
use crate::error::Error;
use crate::locale::{count_ru, fmt_locale, pick, Lang};
use crate::money::{self, Money};
use crate::rules::FieldType;
use serde::{Deserialize, Serialize};

/// Which score digit is best.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// The highest digit is best: `555` are the best clients (international convention).
    #[default]
    #[serde(rename = "highIsBest")]
    HighIsBest,
    /// `1` is best: `111` are the best clients (the convention of Russian sources).
    #[serde(rename = "oneIsBest")]
    OneIsBest,
}

/// How monetary value is measured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MonetaryMode {
    /// Sum of amounts, returns netted out (default).
    #[default]
    Total,
    /// Average order value: the sum divided by the number of orders.
    Average,
}

/// Fixed score thresholds, per dimension (each optional; quantiles are used where absent).
///
/// With `bins` levels, each list has `bins - 1` non-decreasing values:
/// * `recency` (days): a client with recency ≤ `recency[0]` gets the best level, ≤
///   `recency[1]` the next, …, above the last the worst;
/// * `frequency` and `monetary`: a value ≥ the last threshold gets the best level, ≥ the one
///   before the next, …, below the first the worst.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Thresholds {
    /// Recency cut points in days, ascending.
    pub recency: Option<Vec<f64>>,
    /// Frequency cut points in orders, ascending.
    pub frequency: Option<Vec<f64>>,
    /// Monetary cut points, ascending.
    pub monetary: Option<Vec<f64>>,
}

/// The RFM options (flattened among the other options: `bins`, `direction`, `monetary`,
/// `thresholds`, `segments`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RfmOptions {
    /// Score levels per dimension, 2..=10. Default 5.
    pub bins: Option<u8>,
    /// Which digit is best. Default `highIsBest`.
    pub direction: Direction,
    /// Monetary as total (default) or average order value.
    pub monetary: MonetaryMode,
    /// Fixed thresholds instead of quantiles, per dimension.
    pub thresholds: Option<Thresholds>,
    /// Segment preset name (`"rfm11"`, `"ru3"`; default `"rfm11"` with 5 bins and `"ru3"`
    /// with 3) or a list of custom rules.
    pub segments: Option<SegmentsOption>,
}

impl RfmOptions {
    /// The score levels, after checking `bins` and the fixed thresholds.
    pub fn bins(&self) -> Result<u8, Error> {
        let bins = self.bins.unwrap_or(5);
        if !(2..=10).contains(&bins) {
            return Err(
                Error::option(format!("option `bins`: {bins} is outside 2..=10")).ru(format!(
                    "число уровней RFM: {bins} — вне диапазона от 2 до 10"
                )),
            );
        }
        if let Some(t) = &self.thresholds {
            for (name, name_ru, v) in [
                ("recency", "R (давность)", &t.recency),
                ("frequency", "F (частота)", &t.frequency),
                ("monetary", "M (сумма)", &t.monetary),
            ] {
                if let Some(v) = v {
                    if v.len() != bins as usize - 1 {
                        return Err(Error::option(format!(
                            "option `thresholds.{name}`: {} values given, {} needed for {bins} levels",
                            v.len(),
                            bins - 1
                        ))
                        .ru(format!(
                            "границы уровней {name_ru}: задано {}, а для {} нужно {}",
                            v.len(),
                            count_ru(bins as u64, ["уровня", "уровней", "уровней"]),
                            bins - 1
                        )));
                    }
                    if v.iter().any(|x| !x.is_finite()) || v.windows(2).any(|w| w[0] > w[1]) {
                        return Err(Error::option(format!(
                            "option `thresholds.{name}`: values must be finite and ascending"
                        ))
                        .ru(format!(
                            "границы уровней {name_ru}: нужны числа по возрастанию"
                        )));
                    }
                }
            }
        }
        Ok(bins)
    }
}

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
    /// Recency: the lifecycle's sleep and churn thresholds, quantiles of the active clients
    /// above them.
    Lifecycle,
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
        distinct_cuts(&mut cuts, sorted);
        Cuts {
            dimension,
            cuts,
            source: CutSource::Quantile,
        }
    }

    /// Recency cuts within the lifecycle's windows: `bins − 3` quantiles of the active
    /// clients' recency (≤ `sleep`), then `sleep` and `churn`.
    pub fn recency_in_windows(sorted: &[f64], bins: u8, sleep: f64, churn: f64) -> Cuts {
        let mut cuts = Vec::with_capacity(bins as usize - 1);
        if bins >= 3 {
            let active = &sorted[..sorted.partition_point(|v| *v <= sleep)];
            let levels = bins - 2;
            let mut q = Cuts::quantile_sorted(Dimension::Recency, active, levels).cuts;
            // Quantiles of no client: the windows' cuts still apply.
            for c in q.iter_mut() {
                *c = c.map(|c| c.min(sleep));
            }
            cuts.extend(q);
            cuts.push(Some(sleep));
        }
        cuts.push(Some(churn));
        Cuts {
            dimension: Dimension::Recency,
            cuts,
            source: CutSource::Lifecycle,
        }
    }
}

/// Moves a cut equal to the one before it up to the next value of the data (sorted), so
/// that the level between them is not empty by construction; a cut no value reaches is
/// `None`.
fn distinct_cuts(cuts: &mut [Option<f64>], sorted: &[f64]) {
    for k in 1..cuts.len() {
        if let (Some(prev), Some(c)) = (cuts[k - 1], cuts[k]) {
            if c <= prev {
                cuts[k] = sorted.get(sorted.partition_point(|v| *v <= prev)).copied();
            }
        } else if cuts[k - 1].is_none() {
            cuts[k] = None;
        }
    }
}

/// R's type 7 quantile of sorted values (linear interpolation between order statistics).
pub(crate) fn quantile7(sorted: &[f64], p: f64) -> Option<f64> {
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
pub(crate) fn digit(level: u8, bins: u8, direction: Direction) -> u8 {
    match direction {
        Direction::HighIsBest => level,
        Direction::OneIsBest => bins + 1 - level,
    }
}

/// The level of a shown digit under a direction.
#[inline]
pub(crate) fn level_of_digit(digit: u8, bins: u8, direction: Direction) -> u8 {
    match direction {
        Direction::HighIsBest => digit,
        Direction::OneIsBest => bins + 1 - digit,
    }
}

/// The RFM code of three digits, e.g. `"545"`; with 10 levels the digits are joined by
/// `-` (`"10-5-3"`).
pub(crate) fn code(r: u8, f: u8, m: u8, bins: u8) -> String {
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

/// Cut points of the three dimensions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmCuts {
    /// Recency cuts.
    pub recency: Cuts,
    /// Frequency cuts.
    pub frequency: Cuts,
    /// Monetary cuts.
    pub monetary: Cuts,
}

/// What RFM learns from all clients (flattened into the model: `bins`, `direction`,
/// `monetaryMode`, `cuts`, `segments`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmModel {
    /// Score levels.
    pub bins: u8,
    /// Which digit is best.
    pub direction: Direction,
    /// Monetary as total or average.
    pub monetary_mode: MonetaryMode,
    /// RFM cut points.
    pub cuts: RfmCuts,
    /// Segment rules in the model's digits ("Other" is implied).
    pub segments: Vec<SegmentDef>,
}

/// One client's RFM label.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RfmLabel {
    /// R, F, M levels (1 = worst … bins = best; 0 without orders).
    pub levels: [u8; 3],
    /// Monetary value as scored (total or average).
    pub monetary: f64,
    /// Segment index (`None` without orders).
    pub segment: Option<u8>,
}

/// Every client's RFM labels.
#[derive(Clone, Debug, Default)]
pub struct RfmColumns {
    /// Monetary value as scored.
    pub monetary: Vec<f64>,
    /// R, F, M levels (0 without orders).
    pub levels: Vec<[u8; 3]>,
    /// Segment index (255 without orders).
    pub segment: Vec<u8>,
}

impl RfmColumns {
    /// Stores one client's label.
    pub fn push(&mut self, l: &RfmLabel) {
        self.monetary.push(l.monetary);
        self.levels.push(l.levels);
        self.segment.push(l.segment.unwrap_or(u8::MAX));
    }

    /// Reads client `i`'s label back.
    pub fn read(&self, i: usize, out: &mut RfmLabel) {
        out.levels = self.levels[i];
        out.monetary = self.monetary[i];
        out.segment = (self.segment[i] != u8::MAX).then_some(self.segment[i]);
    }
}

/// The monetary value a client is scored by.
pub(crate) fn monetary_of(mode: MonetaryMode, revenue: f64, orders: u32) -> f64 {
    match mode {
        MonetaryMode::Total => revenue,
        MonetaryMode::Average => {
            if orders > 0 {
                revenue / orders as f64
            } else {
                0.0
            }
        }
    }
}

/// Fits the cut points and the segment table; the model's segment rules are written in its
/// digits.
pub(crate) fn fit(
    o: &RfmOptions,
    p: &Population<'_>,
    life: &LifecycleModel,
) -> Result<(RfmModel, SegmentTable), Error> {
    let bins = o.bins()?;
    let thresholds = o.thresholds.clone().unwrap_or_default();
    let fit_cuts =
        |dim: Dimension, fixed: &Option<Vec<f64>>, value: &dyn Fn(usize) -> f64| -> Cuts {
            match fixed {
                Some(v) => Cuts::fixed(dim, v),
                None => {
                    let v: Vec<f64> = (0..p.revenue.len()).map(value).collect();
                    Cuts::quantile(dim, &v, bins)
                }
            }
        };
    let recency = match &thresholds.recency {
        Some(v) => Cuts::fixed(Dimension::Recency, v),
        None => {
            let mut v: Vec<f64> = p.recency.iter().map(|r| *r as f64).collect();
            v.sort_unstable_by(f64::total_cmp);
            let (sleep, churn) = (life.sleep_days as f64, life.churn_days as f64);
            Cuts::recency_in_windows(&v, bins, sleep, churn)
        }
    };
    let cuts = RfmCuts {
        recency,
        frequency: fit_cuts(Dimension::Frequency, &thresholds.frequency, &|i| {
            p.orders[i] as f64
        }),
        monetary: fit_cuts(Dimension::Monetary, &thresholds.monetary, &|i| {
            monetary_of(o.monetary, p.revenue[i], p.orders[i])
        }),
    };
    let table = SegmentTable::new(o.segments.as_ref(), bins, o.direction)?;
    let model = RfmModel {
        bins,
        direction: o.direction,
        monetary_mode: o.monetary,
        cuts,
        segments: segment_defs(&table, o.direction),
    };
    Ok((model, table))
}

/// Labels one client.
pub(crate) fn label(e: &Engine<'_>, facts: &Facts<'_>, out: &mut RfmLabel) {
    let m = e.rfm;
    out.monetary = monetary_of(m.monetary_mode, facts.revenue, facts.orders);
    match facts.recency {
        Some(rec) => {
            // Marked as gone: as churned as the lifecycle says.
            let r = if facts.gone {
                1
            } else {
                m.cuts.recency.level(rec)
            };
            out.levels = [
                r,
                m.cuts.frequency.level(facts.orders as f64),
                m.cuts.monetary.level(out.monetary),
            ];
            out.segment = Some(
                e.segments
                    .segment(out.levels[0], out.levels[1], out.levels[2]),
            );
        }
        None => {
            out.levels = [0; 3];
            out.segment = None;
        }
    }
}

impl Engine<'_> {
    /// The segment name of a label in `lang` ("No orders" without orders).
    pub fn segment_name(&self, s: Option<u8>, lang: Lang) -> &str {
        match s {
            Some(i) => self.segments.defs[i as usize].name_in(lang),
            None => pick(lang, "No orders", "Без заказов"),
        }
    }

    /// The segment key of a label (`noOrders` without orders).
    pub fn segment_key(&self, s: Option<u8>) -> &str {
        match s {
            Some(i) => &self.segments.defs[i as usize].key,
            None => "noOrders",
        }
    }

    /// The digit of a level in the model's direction (`None` without orders).
    pub fn digit(&self, level: u8) -> Option<u8> {
        (level > 0).then(|| digit(level, self.rfm.bins, self.rfm.direction))
    }

    /// The RFM code of levels, in the model's direction ("" without orders).
    pub fn code(&self, levels: [u8; 3]) -> String {
        if levels[0] == 0 {
            return String::new();
        }
        let (b, d) = (self.rfm.bins, self.rfm.direction);
        code(
            digit(levels[0], b, d),
            digit(levels[1], b, d),
            digit(levels[2], b, d),
            b,
        )
    }
}

/// The RFM rule fields.
pub(crate) const FIELDS: &[FieldSpec] = &[
    FieldSpec::value("monetary", FieldType::Number, &["сумма"]),
    FieldSpec {
        label_only: true,
        ..FieldSpec::value("r", FieldType::Number, &[])
    },
    FieldSpec {
        label_only: true,
        ..FieldSpec::value("f", FieldType::Number, &[])
    },
    FieldSpec {
        label_only: true,
        ..FieldSpec::value("m", FieldType::Number, &[])
    },
    FieldSpec {
        label_only: true,
        ..FieldSpec::value("r_level", FieldType::Number, &[])
    },
    FieldSpec {
        label_only: true,
        ..FieldSpec::value("f_level", FieldType::Number, &[])
    },
    FieldSpec {
        label_only: true,
        ..FieldSpec::value("m_level", FieldType::Number, &[])
    },
    // Codes are matched through the `r`, `f` and `m` numbers.
    FieldSpec::value("rfm", FieldType::Text, &[]),
    FieldSpec::label("segment", &[]),
    FieldSpec::label("segment_ru", &["сегмент"]),
];

/// The value of RFM number field `k`.
pub(crate) fn number(c: &Client<'_>, k: usize) -> Option<f64> {
    let l = &c.labels.rfm;
    let has = c.facts.has_orders();
    match k {
        0 => Some(l.monetary),
        1..=3 => c.engine.digit(l.levels[k - 1]).map(f64::from),
        4..=6 => has.then_some(l.levels[k - 4] as f64),
        _ => None,
    }
}

/// The value of RFM text field `k`.
pub(crate) fn text<'a>(c: &Client<'a>, k: usize) -> Option<&'a str> {
    let s = c.labels.rfm.segment;
    match k {
        8 => Some(c.engine.segment_name(s, Lang::En)),
        9 => Some(c.engine.segment_name(s, Lang::Ru)),
        _ => None,
    }
}

/// The name in `lang` of the segment a rule names as `value` in RFM text field `k` (by its
/// key or its name in either language): a segment of the model, or of a preset (the default
/// playbook names the segments of both).
pub(crate) fn value_name(e: &Engine<'_>, k: usize, value: &str, lang: Lang) -> Option<String> {
    if !(8..=9).contains(&k) {
        return None;
    }
    let presets = [preset_rfm11(), preset_ru3()];
    let all = e.segments.defs.iter().chain(presets.iter().flatten());
    let found = named(all, value, |d| {
        [d.key.as_str(), d.name_in(Lang::En), d.name_in(Lang::Ru)]
    });
    match found {
        Some(d) => Some(d.name_in(lang).to_string()),
        None => named([()], value, |_| ["noOrders", "No orders", "Без заказов"])
            .map(|_| e.segment_name(None, lang).to_string()),
    }
}

/// A segment also answers to its key and to its name in both languages.
pub(crate) fn text_alias<'a>(c: &Client<'a>, k: usize, n: usize) -> Option<&'a str> {
    if !(8..=9).contains(&k) {
        return None;
    }
    let candidates = match c.labels.rfm.segment {
        Some(s) => {
            let d = &c.engine.segments.defs[s as usize];
            [d.key.as_str(), d.name_in(Lang::En), d.name_in(Lang::Ru)]
        }
        None => ["noOrders", "No orders", "Без заказов"],
    };
    candidates.get(n).copied()
}

/// The bounds of a level: (lowest value, highest value) that get it.
fn level_bounds(cuts: &Cuts, level: u8) -> (Option<f64>, Option<f64>) {
    let k = cuts.cuts.len();
    match cuts.dimension {
        Dimension::Recency => {
            // level = bins − #{v > c}: level L ⇔ c[bins−L−1] < v ≤ c[bins−L]
            let bins = k + 1;
            let worse = bins - level as usize;
            let lo = if worse == 0 {
                None
            } else {
                cuts.cuts[worse - 1]
            };
            let hi = if worse >= k { None } else { cuts.cuts[worse] };
            (lo, hi)
        }
        _ => {
            let idx = level as usize - 1;
            let lo = if idx == 0 { None } else { cuts.cuts[idx - 1] };
            let hi = if idx >= k { None } else { cuts.cuts[idx] };
            (lo, hi)
        }
    }
}

/// Why a value has its level: `534 days ∈ (512; +∞]`.
fn why_level(cuts: &Cuts, v: f64, level: u8, lang: Lang) -> String {
    let fmt = |v: f64| fmt_locale(v, lang);
    let (lo, hi) = level_bounds(cuts, level);
    let one = v == 1.0;
    let unit = match cuts.dimension {
        Dimension::Recency if one => pick(lang, " day", " дн."),
        Dimension::Recency => pick(lang, " days", " дн."),
        Dimension::Frequency if one => pick(lang, " order", " зак."),
        Dimension::Frequency => pick(lang, " orders", " зак."),
        Dimension::Monetary => "",
    };
    // Recency levels are (lo, hi]; frequency and monetary [lo, hi).
    let (open, close) = match cuts.dimension {
        Dimension::Recency => ('(', ']'),
        _ => ('[', ')'),
    };
    // Recency in the lifecycle's windows: the two lowest levels are its stages.
    let bins = cuts.cuts.len() + 1;
    let stage = match (cuts.source, level) {
        (CutSource::Lifecycle, 1) => pick(lang, ", churned", ", ушедший"),
        (CutSource::Lifecycle, 2) if bins >= 3 => pick(lang, ", sleeping", ", спящий"),
        _ => "",
    };
    format!(
        "{}{unit} ∈ {open}{}; {}{close}{stage}",
        fmt(v),
        lo.map_or("−∞".into(), fmt),
        hi.map_or("+∞".into(), fmt)
    )
}

/// Why the client has its scores and segment.
pub(crate) fn explain(c: &Client<'_>, lang: Lang) -> ExplainedLabel {
    let e = c.engine;
    let l = &c.labels.rfm;
    let Some(rec) = c.facts.recency else {
        return ExplainedLabel {
            criterion: "rfm",
            value: e.segment_name(None, lang).into(),
            reason: pick(
                lang,
                "No orders, so no RFM scores.",
                "Заказов нет, поэтому RFM не считается.",
            )
            .into(),
        };
    };
    let m = e.rfm;
    let [r, f, mm] = l.levels;
    let dig = |level: u8| digit(level, m.bins, m.direction);
    let seg = e.segment_name(l.segment, lang).to_string();
    let rule = match lang {
        Lang::Ru => format!("правило сегмента «{seg}» — первое совпавшее"),
        Lang::En => format!("\"{seg}\" is the first segment rule that matches"),
    };
    ExplainedLabel {
        criterion: "rfm",
        value: format!("{} {}", e.code(l.levels), seg),
        reason: format!(
            "R{}: {}; F{}: {}; M{}: {}; {}",
            dig(r),
            if c.facts.gone {
                pick(lang, "marked as gone", "отмечен как ушедший").to_string()
            } else {
                why_level(&m.cuts.recency, rec, r, lang)
            },
            dig(f),
            why_level(&m.cuts.frequency, c.facts.orders as f64, f, lang),
            dig(mm),
            why_level(&m.cuts.monetary, l.monetary, mm, lang),
            rule
        ),
    }
}

/// The RFM CSV headers (after `recency_days` and `frequency`).
pub(crate) const CSV: &[&str] = &["monetary", "r", "f", "m", "rfm", "segment"];

/// The RFM CSV cells of one client.
pub(crate) fn csv(c: &Client<'_>, lang: Lang, w: &mut impl CellSink) {
    let l = &c.labels.rfm;
    w.number(l.monetary, 4);
    for level in l.levels {
        match c.engine.digit(level) {
            Some(d) => w.int(d as i64),
            None => w.empty(),
        }
    }
    w.text(&c.engine.code(l.levels));
    w.text(c.engine.segment_name(l.segment, lang));
}

/// The RFM typed columns: the scored monetary value, the digits, the segment and the
/// names and keys segment codes index.
pub(crate) fn columns(e: &Engine<'_>, cols: &RfmColumns, lang: Lang, sink: &mut dyn ColumnSink) {
    sink.f64s("monetary", &cols.monetary);
    for (k, name) in ["r", "f", "m"].iter().enumerate() {
        let d: Vec<u8> = cols
            .levels
            .iter()
            .map(|l| e.digit(l[k]).unwrap_or(0))
            .collect();
        sink.u8s(name, &d);
    }
    sink.u8s("segment", &cols.segment);
    let names: Vec<&str> = e.segments.defs.iter().map(|d| d.name_in(lang)).collect();
    let keys: Vec<&str> = e.segments.defs.iter().map(|d| d.key.as_str()).collect();
    sink.names("segmentNames", &names);
    sink.names("segmentKeys", &keys);
}

/// One RFM segment in the summary.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentSummary {
    /// Stable key.
    pub key: String,
    /// Name in the report's language.
    pub segment: String,
    /// One-line description.
    pub description: String,
    /// Clients.
    pub customers: u64,
    /// Share of clients with orders.
    pub customers_share: f64,
    /// Net revenue.
    pub revenue: f64,
    /// Share of revenue.
    pub revenue_share: f64,
    /// Revenue per order.
    pub average_check: f64,
    /// Median days since the last order.
    pub median_recency: f64,
    /// The most common next action of the segment's clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionSummary>,
}

/// One R×F grid cell.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GridCell {
    /// R digit.
    pub r: u8,
    /// F digit.
    pub f: u8,
    /// Clients.
    pub customers: u64,
    /// Average monetary value.
    pub average_monetary: f64,
}

/// The RFM part of the summary.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmSummary {
    /// Score levels.
    pub bins: u8,
    /// Direction.
    pub direction: Direction,
    /// Cut points used.
    pub cuts: RfmCuts,
    /// RFM segments in rule order ("Other" last, only if used).
    pub segments: Vec<SegmentSummary>,
    /// R×F grid (digits as shown), row-major by R.
    pub rf_grid: Vec<GridCell>,
}

/// The median of sorted values (0 for none).
fn median(sorted: &[i32]) -> f64 {
    let n = sorted.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => sorted[n / 2] as f64,
        _ => (sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0,
    }
}

/// The segments of the summary: clients, revenue, average check, median recency and the
/// most common next action of each ("Other" only when used).
fn segment_summaries(
    e: &Engine<'_>,
    rfm: &RfmColumns,
    labels: &LabelColumns,
    frequency: &[u32],
    t: &Tally<'_>,
    lang: Lang,
) -> Vec<SegmentSummary> {
    let nseg = e.segments.defs.len();
    let nplays = e.catalogue.playbook.len();
    let mut count = vec![0u64; nseg];
    let mut revenue = vec![0 as Money; nseg];
    let mut orders = vec![0u64; nseg];
    let mut recency: Vec<Vec<i32>> = vec![Vec::new(); nseg];
    let mut actions: Vec<Vec<u64>> = vec![vec![0; nplays]; nseg];
    for (i, &orders_i) in frequency.iter().enumerate().take(t.len()) {
        let s = rfm.segment[i];
        if s == u8::MAX {
            continue;
        }
        let s = s as usize;
        count[s] += 1;
        revenue[s] = revenue[s].saturating_add(t.revenue[i]);
        orders[s] += orders_i as u64;
        recency[s].push(t.recency[i]);
        if let Some(a) = super::playbook::action_of(labels, i) {
            actions[s][a] += 1;
        }
    }
    let share = |x: f64, of: f64| if of > 0.0 { x / of } else { 0.0 };
    (0..nseg)
        .filter(|&s| s + 1 < nseg || count[s] > 0)
        .map(|s| {
            let d = &e.segments.defs[s];
            recency[s].sort_unstable();
            let best = actions[s]
                .iter()
                .enumerate()
                .max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))
                .filter(|(_, c)| **c > 0)
                .map(|(p, _)| super::playbook::action_summary(e, p, actions[s][p], lang));
            let rev = money::to_f64(revenue[s]);
            SegmentSummary {
                key: d.key.clone(),
                segment: d.name_in(lang).to_string(),
                description: d.description_in(lang).to_string(),
                customers: count[s],
                customers_share: share(count[s] as f64, t.customers as f64),
                revenue: rev,
                revenue_share: share(rev, t.total),
                average_check: share(rev, orders[s] as f64),
                median_recency: median(&recency[s]),
                action: best,
            }
        })
        .collect()
}

/// The R×F grid in digits.
fn rf_grid(e: &Engine<'_>, rfm: &RfmColumns) -> Vec<GridCell> {
    let b = e.rfm.bins as usize;
    let mut n = vec![0u64; b * b];
    let mut m = vec![0f64; b * b];
    for (i, levels) in rfm.levels.iter().enumerate() {
        let (Some(r), Some(f)) = (e.digit(levels[0]), e.digit(levels[1])) else {
            continue;
        };
        let k = (r as usize - 1) * b + (f as usize - 1);
        n[k] += 1;
        m[k] += rfm.monetary[i];
    }
    (0..b * b)
        .map(|k| GridCell {
            r: (k / b + 1) as u8,
            f: (k % b + 1) as u8,
            customers: n[k],
            average_monetary: if n[k] > 0 { m[k] / n[k] as f64 } else { 0.0 },
        })
        .collect()
}

/// The RFM part of the summary.
pub(crate) fn summary(
    e: &Engine<'_>,
    rfm: &RfmColumns,
    labels: &LabelColumns,
    frequency: &[u32],
    t: &Tally<'_>,
    lang: Lang,
) -> RfmSummary {
    RfmSummary {
        bins: e.rfm.bins,
        direction: e.rfm.direction,
        cuts: e.rfm.cuts.clone(),
        segments: segment_summaries(e, rfm, labels, frequency, t, lang),
        rf_grid: rf_grid(e, rfm),
    }
}

/// What the scorer returns for RFM.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmScore {
    /// R digit (absent without orders).
    pub r: Option<u8>,
    /// F digit.
    pub f: Option<u8>,
    /// M digit.
    pub m: Option<u8>,
    /// RFM code.
    pub rfm: String,
    /// Segment name in the model's language.
    pub segment: String,
    /// Segment key.
    pub segment_key: String,
}

/// What the scorer returns for RFM.
pub(crate) fn score(c: &Client<'_>, lang: Lang) -> RfmScore {
    let e = c.engine;
    let l = &c.labels.rfm;
    RfmScore {
        r: e.digit(l.levels[0]),
        f: e.digit(l.levels[1]),
        m: e.digit(l.levels[2]),
        rfm: e.code(l.levels),
        segment: e.segment_name(l.segment, lang).to_string(),
        segment_key: e.segment_key(l.segment).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(target_arch = "wasm32"))]
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

    #[cfg(not(target_arch = "wasm32"))]
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
