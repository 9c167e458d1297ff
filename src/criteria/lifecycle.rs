//! Lifecycle stage: lead, new, active, sleeping or churned.
//!
//! With `asOf` as the reference day, and in this order of precedence:
//!
//! 1. **lead**: in the clients table, no orders;
//! 2. **churned**: marked as gone in the clients table, or recency > `churnDays` (180);
//! 3. **new**: first order within `newDays` (30) of `asOf`;
//! 4. **active**: recency ≤ `sleepDays` (30);
//! 5. **sleeping**: the rest (recency in `sleepDays`..=`churnDays`).
//!
//! With `relative: true`, the sleep and churn thresholds of a client with two or more
//! orders become multiples of its own typical interval between orders,
//! `(last − first) / (orders − 1)` days: sleeping after `sleepFactor` (2) intervals, churned
//! after `churnFactor` (6); both at least one day, churn after sleep. A weekly buyer is then
//! sleeping after two missed weeks, a yearly one is not. One-order clients keep the days.

use super::parts::{Among, CellSink, ColumnSink, ExplainedLabel, Explanation, LabelStats, Tally};
use super::{Client, Criterion, Engine, FieldSpec, LabelColumns, Population, RuleSet};
use crate::error::Error;
use crate::locale::{fmt_locale, pick, Lang};
use crate::rules::Schema;
use serde::{Deserialize, Serialize};

/// Lifecycle options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct LifecycleOptions {
    /// A client whose first order is within this many days is new. Default 30.
    pub new_days: u32,
    /// Recency above this is sleeping. Default 30.
    pub sleep_days: u32,
    /// Recency above this is churned. Default 180.
    pub churn_days: u32,
    /// Thresholds relative to each client's typical interval. Default false.
    pub relative: bool,
    /// Sleeping after this many typical intervals (relative mode). Default 2.
    pub sleep_factor: f64,
    /// Churned after this many typical intervals (relative mode). Default 6.
    pub churn_factor: f64,
}

impl Default for LifecycleOptions {
    fn default() -> Self {
        LifecycleOptions {
            new_days: 30,
            sleep_days: 30,
            churn_days: 180,
            relative: false,
            sleep_factor: 2.0,
            churn_factor: 6.0,
        }
    }
}

impl LifecycleOptions {
    /// Checks the values.
    pub fn validate(&self) -> Result<(), Error> {
        if self.churn_days < self.sleep_days {
            return Err(Error::option(format!(
                "option `lifecycle.churnDays` ({}) must not be below `sleepDays` ({})",
                self.churn_days, self.sleep_days
            )));
        }
        if !(self.sleep_factor > 0.0 && self.churn_factor >= self.sleep_factor) {
            return Err(Error::option(
                "options `lifecycle.sleepFactor` and `churnFactor` must be positive, churn ≥ sleep",
            ));
        }
        Ok(())
    }

    /// Sleep and churn thresholds (days) for a client.
    pub fn thresholds(&self, orders: u32, first: Option<i64>, last: Option<i64>) -> (f64, f64) {
        if self.relative && orders >= 2 {
            if let (Some(f), Some(l)) = (first, last) {
                let interval = (l - f) as f64 / (orders - 1) as f64;
                if interval > 0.0 {
                    let sleep = (self.sleep_factor * interval).max(1.0);
                    let churn = (self.churn_factor * interval).max(sleep + 1.0);
                    return (sleep, churn);
                }
            }
        }
        (self.sleep_days as f64, self.churn_days as f64)
    }
}

/// Lifecycle stage.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    /// Known, no orders.
    #[default]
    Lead,
    /// First order recently.
    New,
    /// Ordering.
    Active,
    /// Pausing.
    Sleeping,
    /// Gone.
    Churned,
}

impl Stage {
    /// All stages in funnel order.
    pub const ALL: [Stage; 5] = [
        Stage::Lead,
        Stage::New,
        Stage::Active,
        Stage::Sleeping,
        Stage::Churned,
    ];

    /// Stable key.
    pub fn key(self) -> &'static str {
        match self {
            Stage::Lead => "lead",
            Stage::New => "new",
            Stage::Active => "active",
            Stage::Sleeping => "sleeping",
            Stage::Churned => "churned",
        }
    }

    /// Name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Stage::Lead) => "Lead",
            (Lang::En, Stage::New) => "New",
            (Lang::En, Stage::Active) => "Active",
            (Lang::En, Stage::Sleeping) => "Sleeping",
            (Lang::En, Stage::Churned) => "Churned",
            (Lang::Ru, Stage::Lead) => "Лид",
            (Lang::Ru, Stage::New) => "Новый",
            (Lang::Ru, Stage::Active) => "Активный",
            (Lang::Ru, Stage::Sleeping) => "Спящий",
            (Lang::Ru, Stage::Churned) => "Ушедший",
        }
    }
}

/// The stage of a client. `recency` and `tenure` (days since the first order) are `None`
/// for clients without orders.
pub(super) fn stage(
    o: &LifecycleOptions,
    recency: Option<f64>,
    tenure: Option<f64>,
    orders: u32,
    first: Option<i64>,
    last: Option<i64>,
    gone: bool,
) -> Stage {
    let Some(recency) = recency else {
        return if gone { Stage::Churned } else { Stage::Lead };
    };
    let (sleep, churn) = o.thresholds(orders, first, last);
    if gone || recency > churn {
        Stage::Churned
    } else if tenure.is_some_and(|t| t <= o.new_days as f64) {
        Stage::New
    } else if recency <= sleep {
        Stage::Active
    } else {
        Stage::Sleeping
    }
}

/// The lifecycle stage: the criterion.
pub struct Lifecycle;

/// The lifecycle's summary entry.
#[derive(Clone, Debug, Serialize)]
pub struct LifecycleSummary {
    /// Lifecycle stages.
    pub lifecycle: Vec<LabelStats>,
}

/// What the scorer returns for the lifecycle.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LifecycleScore {
    /// Lifecycle stage key.
    pub lifecycle: String,
}

impl Criterion for Lifecycle {
    type Options = LifecycleOptions;
    type Fitted = LifecycleOptions;
    type Compiled = ();
    type Label = Stage;
    type Column = Vec<u8>;
    type Summary = LifecycleSummary;
    type Score = LifecycleScore;

    const FIELDS: &'static [FieldSpec] = &[FieldSpec::label("lifecycle", &["stage", "стадия"])];
    const CSV: &'static [&'static str] = &["lifecycle"];
    const CODE_BITS: u32 = 3;

    fn validate(o: &LifecycleOptions) -> Result<(), Error> {
        o.validate()
    }

    fn fit(o: Option<&LifecycleOptions>, _: &Population<'_>) -> Result<LifecycleOptions, Error> {
        let o = o.cloned().unwrap_or_default();
        o.validate()?;
        Ok(o)
    }

    fn compile(_: &mut LifecycleOptions, _: &Schema, _: &mut RuleSet) -> Result<(), Error> {
        Ok(())
    }

    fn label(c: &Client<'_>, out: &mut Stage) {
        let f = c.facts;
        *out = stage(
            &c.engine.catalogue.lifecycle,
            f.recency,
            f.tenure,
            f.orders,
            f.first,
            f.last,
            f.gone,
        );
    }

    fn code(l: &Stage) -> u64 {
        *l as u64
    }

    fn text<'a>(c: &Client<'a>, _k: usize) -> Option<&'a str> {
        Some(c.labels.lifecycle.key())
    }

    fn text_alias<'a>(c: &Client<'a>, _k: usize, n: usize) -> Option<&'a str> {
        [Lang::En, Lang::Ru]
            .get(n)
            .map(|l| c.labels.lifecycle.name(*l))
    }

    fn push(col: &mut Vec<u8>, l: &Stage) {
        col.push(*l as u8);
    }

    fn read(col: &Vec<u8>, i: usize, out: &mut Stage) {
        *out = Stage::ALL[col[i] as usize];
    }

    fn explain(c: &Client<'_>, lang: Lang, out: &mut Explanation) {
        let o = &c.engine.catalogue.lifecycle;
        let f = c.facts;
        let fmt = |v: f64| fmt_locale(v, lang);
        let (sleep, churn) = o.thresholds(f.orders, f.first, f.last);
        let reason = match f.recency {
            None => pick(
                lang,
                "In the clients table without orders.",
                "Есть в таблице клиентов, заказов нет.",
            )
            .into(),
            Some(rec) => {
                let (rec, tenure) = (fmt(rec), fmt(f.tenure.unwrap_or(0.0)));
                let (new, sleep, churn) = (o.new_days, fmt(sleep), fmt(churn));
                match lang {
                    Lang::Ru => format!(
                        "давность {rec} дн., первый заказ {tenure} дн. назад; новый ≤ {new}, активный ≤ {sleep}, ушедший > {churn}{}",
                        if f.gone { "; отмечен как ушедший" } else { "" }
                    ),
                    Lang::En => format!(
                        "recency {rec} days, first order {tenure} days ago; new ≤ {new}, active ≤ {sleep}, churned > {churn}{}",
                        if f.gone { "; marked as gone" } else { "" }
                    ),
                }
            }
        };
        out.labels.push(ExplainedLabel {
            criterion: "lifecycle",
            value: c.labels.lifecycle.name(lang).into(),
            reason,
        });
    }

    fn csv(c: &Client<'_>, lang: Lang, w: &mut impl CellSink) {
        w.text(c.labels.lifecycle.name(lang));
    }

    fn columns(_: &Engine<'_>, cols: &LabelColumns, lang: Lang, sink: &mut dyn ColumnSink) {
        sink.u8s("lifecycle", &cols.lifecycle);
        let names: Vec<&str> = Stage::ALL.iter().map(|s| s.name(lang)).collect();
        let keys: Vec<&str> = Stage::ALL.iter().map(|s| s.key()).collect();
        sink.names("lifecycleNames", &names);
        sink.names("lifecycleKeys", &keys);
    }

    fn summary(_: &Engine<'_>, cols: &LabelColumns, t: &Tally<'_>, lang: Lang) -> LifecycleSummary {
        let legend = Stage::ALL.iter().map(|s| (s.key(), s.name(lang)));
        LifecycleSummary {
            lifecycle: t.labels(legend, Among::All, |i| cols.lifecycle[i] as usize),
        }
    }

    fn score(c: &Client<'_>, _lang: Lang) -> LifecycleScore {
        LifecycleScore {
            lifecycle: c.labels.lifecycle.key().into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_table() {
        let o = LifecycleOptions::default();
        let cases = [
            (None, None, 0, false, Stage::Lead),
            (None, None, 0, true, Stage::Churned),
            (Some(5.0), Some(10.0), 1, false, Stage::New),
            (Some(5.0), Some(100.0), 3, false, Stage::Active),
            (Some(30.0), Some(100.0), 3, false, Stage::Active),
            (Some(31.0), Some(100.0), 3, false, Stage::Sleeping),
            (Some(180.0), Some(400.0), 3, false, Stage::Sleeping),
            (Some(181.0), Some(400.0), 3, false, Stage::Churned),
            (Some(5.0), Some(100.0), 3, true, Stage::Churned),
        ];
        for (rec, ten, orders, gone, want) in cases {
            assert_eq!(
                stage(&o, rec, ten, orders, Some(0), Some(100), gone),
                want,
                "{rec:?} {ten:?}"
            );
        }
    }

    #[test]
    fn relative_thresholds() {
        let o = LifecycleOptions {
            relative: true,
            ..Default::default()
        };
        // Weekly buyer: 10 orders over 63 days → interval 7: sleeping after 14, churned after 42.
        assert_eq!(
            stage(&o, Some(10.0), Some(73.0), 10, Some(0), Some(63), false),
            Stage::Active
        );
        assert_eq!(
            stage(&o, Some(20.0), Some(83.0), 10, Some(0), Some(63), false),
            Stage::Sleeping
        );
        assert_eq!(
            stage(&o, Some(50.0), Some(113.0), 10, Some(0), Some(63), false),
            Stage::Churned
        );
        // Yearly buyer: interval 365 → still active after 200 days.
        assert_eq!(
            stage(&o, Some(200.0), Some(930.0), 3, Some(0), Some(730), false),
            Stage::Active
        );
    }
}
