//! Value tiers: VIP, middle and small clients by total revenue or average order value.
//!
//! By quantiles (default): the `vipShare` (10 %) of clients with the highest value are VIP,
//! the next `middleShare` (40 %) middle, the rest small; the cut points are R type 7
//! quantiles at `1 − vipShare` and `1 − vipShare − middleShare`, and a value equal to a cut
//! point belongs to the higher tier. With `method: "fixed"`, `vipMin` and `middleMin` are
//! given amounts.

use super::order::Standing;
use super::parts::{Among, CellSink, ColumnSink, ExplainedLabel, Explanation, LabelStats, Tally};
use super::rfm::quantile7;
use super::wording::named;
use super::{Client, Criterion, Engine, FieldSpec, LabelColumns, Population, RuleSet};
use crate::error::Error;
use crate::locale::{fmt_locale, Lang};
use crate::rules::Schema;
use serde::{Deserialize, Serialize};

/// What the tier is measured by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TierMeasure {
    /// Total revenue (default).
    #[default]
    Total,
    /// Average order value.
    Average,
}

/// How tier thresholds are set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TierMethod {
    /// By shares of clients (default).
    #[default]
    Quantile,
    /// By fixed amounts.
    Fixed,
}

/// Value tier options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ValueTierOptions {
    /// Measure. Default total revenue.
    pub by: TierMeasure,
    /// Method. Default quantile.
    pub method: TierMethod,
    /// Share of clients that are VIP (quantile method). Default 0.1.
    pub vip_share: f64,
    /// Share of clients that are middle (quantile method). Default 0.4.
    pub middle_share: f64,
    /// Smallest VIP value (fixed method).
    pub vip_min: Option<f64>,
    /// Smallest middle value (fixed method).
    pub middle_min: Option<f64>,
}

impl Default for ValueTierOptions {
    fn default() -> Self {
        ValueTierOptions {
            by: TierMeasure::Total,
            method: TierMethod::Quantile,
            vip_share: 0.1,
            middle_share: 0.4,
            vip_min: None,
            middle_min: None,
        }
    }
}

impl ValueTierOptions {
    /// Checks the values.
    pub fn validate(&self) -> Result<(), Error> {
        match self.method {
            TierMethod::Fixed => {
                let (Some(v), Some(m)) = (self.vip_min, self.middle_min) else {
                    return Err(Error::option(
                        "option `valueTiers`: the fixed method needs `vipMin` and `middleMin`",
                    )
                    .ru("уровни ценности: для своих границ нужны обе — VIP (`vipMin`) и средних (`middleMin`)"));
                };
                if m > v {
                    return Err(Error::option(
                        "option `valueTiers`: `middleMin` must not exceed `vipMin`",
                    )
                    .ru("уровни ценности: граница средних не может быть выше границы VIP"));
                }
            }
            TierMethod::Quantile => {
                if !(0.0..=1.0).contains(&self.vip_share)
                    || !(0.0..=1.0).contains(&self.middle_share)
                    || self.vip_share + self.middle_share > 1.0
                {
                    return Err(Error::option(
                        "option `valueTiers`: shares must be within 0..1 and sum to at most 1",
                    )
                    .ru("уровни ценности: доли должны быть от 0 до 1 и в сумме не больше 1"));
                }
            }
        }
        Ok(())
    }

    /// The value of a client this measures.
    pub fn measure(by: TierMeasure, revenue: f64, orders: u32) -> f64 {
        match by {
            TierMeasure::Total => revenue,
            TierMeasure::Average if orders > 0 => revenue / orders as f64,
            TierMeasure::Average => 0.0,
        }
    }
}

/// A tier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Tier {
    /// Top.
    Vip,
    /// Middle.
    Middle,
    /// Small (also clients without orders).
    #[default]
    Small,
}

impl Tier {
    /// All tiers.
    pub const ALL: [Tier; 3] = [Tier::Vip, Tier::Middle, Tier::Small];
    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Tier::Vip => "vip",
            Tier::Middle => "middle",
            Tier::Small => "small",
        }
    }
    /// Name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Tier::Vip) => "VIP",
            (Lang::En, Tier::Middle) => "Middle",
            (Lang::En, Tier::Small) => "Small",
            (Lang::Ru, Tier::Vip) => "VIP",
            (Lang::Ru, Tier::Middle) => "Средние",
            (Lang::Ru, Tier::Small) => "Малые",
        }
    }

    /// Its place in the order of value (higher is better): VIP, middle, small.
    pub fn rank(self) -> u8 {
        match self {
            Tier::Vip => 2,
            Tier::Middle => 1,
            Tier::Small => 0,
        }
    }

    /// VIP clients are the valuable ones; no tier is a risk by itself.
    pub fn standing(self) -> Standing {
        match self {
            Tier::Vip => Standing::Valuable,
            Tier::Middle | Tier::Small => Standing::Neutral,
        }
    }
}

/// Fitted tier thresholds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TierModel {
    /// Measure used.
    pub by: TierMeasure,
    /// Smallest VIP value.
    pub vip_min: Option<f64>,
    /// Smallest middle value.
    pub middle_min: Option<f64>,
}

impl TierModel {
    /// Fits thresholds on the measure of every client with orders.
    pub fn fit(values: &[f64], o: &ValueTierOptions) -> Result<TierModel, Error> {
        o.validate()?;
        match o.method {
            TierMethod::Fixed => Ok(TierModel {
                by: o.by,
                vip_min: o.vip_min,
                middle_min: o.middle_min,
            }),
            TierMethod::Quantile => {
                let mut v = values.to_vec();
                v.sort_unstable_by(f64::total_cmp);
                Ok(TierModel {
                    by: o.by,
                    vip_min: quantile7(&v, 1.0 - o.vip_share),
                    middle_min: quantile7(&v, 1.0 - o.vip_share - o.middle_share),
                })
            }
        }
    }

    /// The tier of a value.
    pub fn tier(&self, value: f64) -> Tier {
        if self.vip_min.is_some_and(|t| value >= t) {
            Tier::Vip
        } else if self.middle_min.is_some_and(|t| value >= t) {
            Tier::Middle
        } else {
            Tier::Small
        }
    }
}

/// Value tiers: the criterion.
pub struct ValueTiers;

/// The value tiers' summary entry.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueTiersSummary {
    /// Value tiers.
    pub value_tiers: Vec<LabelStats>,
}

/// What the scorer returns for the value tier.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueTierScore {
    /// Value tier key.
    pub value_tier: String,
}

impl Criterion for ValueTiers {
    type Options = ValueTierOptions;
    type Fitted = TierModel;
    type Compiled = ();
    type Label = Tier;
    type Column = Vec<u8>;
    type Summary = ValueTiersSummary;
    type Score = ValueTierScore;

    const FIELDS: &'static [FieldSpec] = &[FieldSpec::label("value_tier", &["tier"])];
    const CSV: &'static [&'static str] = &["value_tier"];
    const CODE_BITS: u32 = 2;

    fn validate(o: &ValueTierOptions) -> Result<(), Error> {
        o.validate()
    }

    fn fit(o: Option<&ValueTierOptions>, p: &Population<'_>) -> Result<TierModel, Error> {
        let o = o.cloned().unwrap_or_default();
        let values: Vec<f64> = (0..p.revenue.len())
            .map(|i| ValueTierOptions::measure(o.by, p.revenue[i], p.orders[i]))
            .collect();
        TierModel::fit(&values, &o)
    }

    fn compile(_: &mut TierModel, _: &Schema, _: &mut RuleSet) -> Result<(), Error> {
        Ok(())
    }

    fn label(c: &Client<'_>, out: &mut Tier) {
        let (m, f) = (&c.engine.catalogue.value_tiers, c.facts);
        *out = if f.has_orders() {
            m.tier(ValueTierOptions::measure(m.by, f.revenue, f.orders))
        } else {
            Tier::Small
        };
    }

    fn code(l: &Tier) -> u64 {
        *l as u64
    }

    fn text<'a>(c: &Client<'a>, _k: usize) -> Option<&'a str> {
        Some(c.labels.value_tiers.key())
    }

    fn text_alias<'a>(c: &Client<'a>, _k: usize, n: usize) -> Option<&'a str> {
        [Lang::En, Lang::Ru]
            .get(n)
            .map(|l| c.labels.value_tiers.name(*l))
    }

    fn value_name(_e: &Engine<'_>, _k: usize, value: &str, lang: Lang) -> Option<String> {
        let names = |t: Tier| [t.key(), t.name(Lang::En), t.name(Lang::Ru)];
        named(Tier::ALL, value, names).map(|t| t.name(lang).to_string())
    }

    fn push(col: &mut Vec<u8>, l: &Tier) {
        col.push(*l as u8);
    }

    fn read(col: &Vec<u8>, i: usize, out: &mut Tier) {
        *out = Tier::ALL[col[i] as usize];
    }

    fn explain(c: &Client<'_>, lang: Lang, out: &mut Explanation) {
        let (m, f) = (&c.engine.catalogue.value_tiers, c.facts);
        let fmt = |v: f64| fmt_locale(v, lang);
        out.labels.push(ExplainedLabel {
            criterion: "valueTier",
            value: c.labels.value_tiers.name(lang).into(),
            reason: format!(
                "{} (VIP ≥ {}, {} ≥ {})",
                fmt(ValueTierOptions::measure(m.by, f.revenue, f.orders)),
                m.vip_min.map_or("—".into(), fmt),
                Tier::Middle.name(lang),
                m.middle_min.map_or("—".into(), fmt)
            ),
        });
    }

    fn csv(c: &Client<'_>, lang: Lang, w: &mut impl CellSink) {
        w.text(c.labels.value_tiers.name(lang));
    }

    fn columns(_: &Engine<'_>, cols: &LabelColumns, lang: Lang, sink: &mut dyn ColumnSink) {
        sink.u8s("valueTier", &cols.value_tiers);
        let names: Vec<&str> = Tier::ALL.iter().map(|t| t.name(lang)).collect();
        let keys: Vec<&str> = Tier::ALL.iter().map(|t| t.key()).collect();
        sink.names("valueTierNames", &names);
        sink.names("valueTierKeys", &keys);
    }

    fn summary(
        _: &Engine<'_>,
        cols: &LabelColumns,
        t: &Tally<'_>,
        lang: Lang,
    ) -> ValueTiersSummary {
        let legend = Tier::ALL.iter().map(|s| (s.key(), s.name(lang)));
        ValueTiersSummary {
            value_tiers: t.labels(legend, Among::Clients, |i| cols.value_tiers[i] as usize),
        }
    }

    fn score(c: &Client<'_>, _lang: Lang) -> ValueTierScore {
        ValueTierScore {
            value_tier: c.labels.value_tiers.key().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_tiers() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        let m = TierModel::fit(&v, &ValueTierOptions::default()).unwrap();
        let count = |t| v.iter().filter(|x| m.tier(**x) == t).count();
        assert_eq!(count(Tier::Vip), 10);
        assert_eq!(count(Tier::Middle), 40);
        assert_eq!(count(Tier::Small), 50);
        let fixed = ValueTierOptions {
            method: TierMethod::Fixed,
            vip_min: Some(90.0),
            middle_min: Some(10.0),
            ..Default::default()
        };
        let m = TierModel::fit(&v, &fixed).unwrap();
        assert_eq!(m.tier(95.0), Tier::Vip);
        assert_eq!(m.tier(10.0), Tier::Middle);
        assert_eq!(m.tier(9.99), Tier::Small);
        let bad = ValueTierOptions {
            method: TierMethod::Fixed,
            ..Default::default()
        };
        assert!(TierModel::fit(&v, &bad).is_err());
    }
}
