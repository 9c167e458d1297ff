//! Value tiers: VIP, middle and small clients by total revenue or average order value.
//!
//! By quantiles (default): the `vipShare` (10 %) of clients with the highest value are VIP,
//! the next `middleShare` (40 %) middle, the rest small; the cut points are R type 7
//! quantiles at `1 − vipShare` and `1 − vipShare − middleShare`, and a value equal to a cut
//! point belongs to the higher tier. With `method: "fixed"`, `vipMin` and `middleMin` are
//! given amounts.

use crate::error::Error;
use crate::locale::Lang;
use crate::rfm::quantile7;
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

/// A tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Tier {
    /// Top.
    Vip,
    /// Middle.
    Middle,
    /// Small.
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
        match o.method {
            TierMethod::Fixed => {
                let (Some(v), Some(m)) = (o.vip_min, o.middle_min) else {
                    return Err(Error::option(
                        "option `valueTiers`: the fixed method needs `vipMin` and `middleMin`",
                    ));
                };
                if m > v {
                    return Err(Error::option(
                        "option `valueTiers`: `middleMin` must not exceed `vipMin`",
                    ));
                }
                Ok(TierModel {
                    by: o.by,
                    vip_min: Some(v),
                    middle_min: Some(m),
                })
            }
            TierMethod::Quantile => {
                if !(0.0..=1.0).contains(&o.vip_share)
                    || !(0.0..=1.0).contains(&o.middle_share)
                    || o.vip_share + o.middle_share > 1.0
                {
                    return Err(Error::option(
                        "option `valueTiers`: shares must be within 0..1 and sum to at most 1",
                    ));
                }
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
