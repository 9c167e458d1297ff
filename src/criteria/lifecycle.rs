//! Lifecycle stage: lead, new client, active, sleeping or churned.
//!
//! With `asOf` as the reference day, and in this order of precedence:
//!
//! 1. **lead**: in the clients table, no orders;
//! 2. **churned**: marked as gone in the clients table, or recency > the churn threshold;
//! 3. **new client**: first order within `newDays` of `asOf`;
//! 4. **active**: recency ≤ the sleep threshold;
//! 5. **sleeping**: the rest (recency between the two thresholds).
//!
//! **The thresholds follow the business's own purchase cycle.** With at least 100
//! returning clients (two purchase days or more), the sleep threshold is the 80th
//! percentile of the days between consecutive purchases of every client, and the churn
//! threshold the 95th: a client sleeps once they are slower than four in five repeat
//! purchases in this data, and is churned once only one repeat purchase in twenty comes
//! later. This follows Omnisend, which fits each store's thresholds once it has 100
//! returning customers; with fewer, the thresholds are Omnisend's defaults, where "needs
//! nurturing" (40–90 days) still counts as active here: active ≤ 90 days, sleeping to 180,
//! churned beyond. `newDays` defaults to 30 days (at most the sleep threshold). Any of
//! `newDays`, `sleepDays`, `churnDays` given is used as given.
//!
//! With `relative: true`, the sleep and churn thresholds of a client with two or more
//! purchase days become multiples of its own typical interval, `(last − first) / (days −
//! 1)` days: sleeping after `sleepFactor` (2) intervals, churned after `churnFactor` (6);
//! both at least one day, churn after sleep. A weekly buyer is then sleeping after two
//! missed weeks, a yearly one is not. Clients with one purchase day keep the thresholds.

use super::order::Standing;
use super::parts::{Among, CellSink, ColumnSink, ExplainedLabel, Explanation, LabelStats, Tally};
use super::wording::named;
use super::{Client, Criterion, Engine, FieldSpec, LabelColumns, Population, RuleSet};
use crate::error::Error;
use crate::locale::{fmt_locale, pick, Lang};
use crate::rules::Schema;
use serde::{Deserialize, Serialize};

/// Returning clients from which the thresholds come from the data.
pub(super) const MIN_RETURNING: u64 = 100;

/// Lifecycle options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct LifecycleOptions {
    /// A client whose first order is within this many days is new. Default 30 (at most the
    /// sleep threshold).
    pub new_days: Option<u32>,
    /// Recency above this is sleeping. Default: from the data (see the module docs).
    pub sleep_days: Option<u32>,
    /// Recency above this is churned. Default: from the data (see the module docs).
    pub churn_days: Option<u32>,
    /// Thresholds relative to each client's typical interval. Default false.
    pub relative: bool,
    /// Sleeping after this many typical intervals (relative mode). Default 2.
    pub sleep_factor: f64,
    /// Churned after this many typical intervals (relative mode). Default 6.
    pub churn_factor: f64,
    /// Churned when the purchase model's P(alive) is below this (0 to 1), whatever the
    /// recency; a client past the churn threshold with a higher P(alive) is sleeping.
    /// Needs the `clv` option (set to its defaults when absent). Default: by recency.
    pub churn_p_alive: Option<f64>,
}

impl Default for LifecycleOptions {
    fn default() -> Self {
        LifecycleOptions {
            new_days: None,
            sleep_days: None,
            churn_days: None,
            relative: false,
            sleep_factor: 2.0,
            churn_factor: 6.0,
            churn_p_alive: None,
        }
    }
}

/// Where the lifecycle's thresholds come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ThresholdSource {
    /// The percentiles of the days between purchases in the data.
    Data,
    /// Too few returning clients: the fixed defaults.
    #[default]
    Default,
    /// Given in the options.
    Given,
}

/// The lifecycle as fitted: its thresholds in days and where they come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LifecycleModel {
    /// A client whose first order is within this many days is new.
    pub new_days: u32,
    /// Recency above this is sleeping.
    pub sleep_days: u32,
    /// Recency above this is churned.
    pub churn_days: u32,
    /// Where the sleep and churn thresholds come from.
    pub source: ThresholdSource,
    /// Returning clients (two purchase days or more) in the data.
    pub returning: u64,
    /// Thresholds relative to each client's typical interval.
    pub relative: bool,
    /// Sleeping after this many typical intervals (relative mode).
    pub sleep_factor: f64,
    /// Churned after this many typical intervals (relative mode).
    pub churn_factor: f64,
    /// Churned when P(alive) is below this (else by recency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub churn_p_alive: Option<f64>,
}

impl Default for LifecycleModel {
    fn default() -> Self {
        LifecycleModel::fit(&LifecycleOptions::default(), 0, None)
    }
}

impl LifecycleOptions {
    /// Checks the values.
    pub fn validate(&self) -> Result<(), Error> {
        if let (Some(s), Some(c)) = (self.sleep_days, self.churn_days) {
            if c < s {
                return Err(Error::option(format!(
                    "option `lifecycle.churnDays` ({c}) must not be below `sleepDays` ({s})"
                ))
                .ru(format!(
                    "жизненный цикл: давность ушедшего ({c} дн.) не может быть меньше давности активного ({s} дн.)"
                )));
            }
        }
        if !(self.sleep_factor > 0.0 && self.churn_factor >= self.sleep_factor) {
            return Err(Error::option(
                "options `lifecycle.sleepFactor` and `churnFactor` must be positive, churn ≥ sleep",
            )
            .ru("жизненный цикл: множители сна и ухода (`sleepFactor`, `churnFactor`) должны быть положительными, ухода — не меньше сна"));
        }
        if self.churn_p_alive.is_some_and(|p| !(p > 0.0 && p < 1.0)) {
            return Err(Error::option(
                "option `lifecycle.churnPAlive` is a probability between 0 and 1",
            )
            .ru("жизненный цикл: порог вероятности активности (`churnPAlive`) — число от 0 до 1"));
        }
        Ok(())
    }
}

impl LifecycleModel {
    /// The thresholds for `returning` returning clients whose gaps between purchases have
    /// the 80th and 95th percentiles `percentiles` (days).
    pub fn fit(o: &LifecycleOptions, returning: u64, percentiles: Option<(u32, u32)>) -> Self {
        let (data, source) = match percentiles {
            Some((p80, p95)) if returning >= MIN_RETURNING => {
                let sleep = p80.max(1);
                ((sleep, p95.max(sleep + 1)), ThresholdSource::Data)
            }
            _ => ((90, 180), ThresholdSource::Default),
        };
        let sleep = o.sleep_days.unwrap_or(data.0);
        // A given sleep threshold past the data's churn one doubles for churn, as 90 and 180.
        let churn = o
            .churn_days
            .unwrap_or(if data.1 > sleep { data.1 } else { 2 * sleep });
        let given = o.sleep_days.is_some() || o.churn_days.is_some();
        LifecycleModel {
            new_days: o.new_days.unwrap_or(30.min(sleep)),
            sleep_days: sleep,
            churn_days: churn,
            source: if given {
                ThresholdSource::Given
            } else {
                source
            },
            returning,
            relative: o.relative,
            sleep_factor: o.sleep_factor,
            churn_factor: o.churn_factor,
            churn_p_alive: o.churn_p_alive,
        }
    }

    /// The thresholds of the data's clients.
    pub fn of_population(o: Option<&LifecycleOptions>, p: &Population<'_>) -> Result<Self, Error> {
        let o = o.cloned().unwrap_or_default();
        o.validate()?;
        let q = p.gaps.quantile(0.80).zip(p.gaps.quantile(0.95));
        let m = LifecycleModel::fit(&o, p.returning, q);
        if m.churn_days < m.sleep_days {
            return Err(Error::option(format!(
                "option `lifecycle.churnDays` ({}) is below the sleep threshold ({} days, read \
                 from the data); give `lifecycle.sleepDays` too",
                m.churn_days, m.sleep_days
            ))
            .ru(format!(
                "жизненный цикл: давность ушедшего ({} дн.) меньше порога сна, найденного по \
                 данным ({} дн.); задайте и давность активного",
                m.churn_days, m.sleep_days
            )));
        }
        Ok(m)
    }

    /// Sleep and churn thresholds (days) for a client with `days` purchase days between
    /// `first` and `last`.
    pub fn thresholds(&self, days: u32, first: Option<i64>, last: Option<i64>) -> (f64, f64) {
        if self.relative && days >= 2 {
            if let (Some(f), Some(l)) = (first, last) {
                let interval = (l - f) as f64 / (days - 1) as f64;
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
            Stage::New => "newClient",
            Stage::Active => "active",
            Stage::Sleeping => "sleeping",
            Stage::Churned => "churned",
        }
    }

    /// Name in `lang`.
    pub fn name(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Stage::Lead) => "Lead",
            (Lang::En, Stage::New) => "New client",
            (Lang::En, Stage::Active) => "Active",
            (Lang::En, Stage::Sleeping) => "Sleeping",
            (Lang::En, Stage::Churned) => "Churned",
            (Lang::Ru, Stage::Lead) => "Лид",
            (Lang::Ru, Stage::New) => "Новый клиент",
            (Lang::Ru, Stage::Active) => "Активный",
            (Lang::Ru, Stage::Sleeping) => "Спящий",
            (Lang::Ru, Stage::Churned) => "Ушедший",
        }
    }

    /// Its place in the order of value (higher is better): active clients first, then new
    /// ones, sleeping ones, leads (no order yet) and churned ones last.
    pub fn rank(self) -> u8 {
        match self {
            Stage::Active => 4,
            Stage::New => 3,
            Stage::Sleeping => 2,
            Stage::Lead => 1,
            Stage::Churned => 0,
        }
    }

    /// Whether the stage is one to keep (active and new clients) or one that slips away
    /// (sleeping clients).
    pub fn standing(self) -> Standing {
        match self {
            Stage::Active | Stage::New => Standing::Valuable,
            Stage::Sleeping => Standing::Risky,
            Stage::Lead | Stage::Churned => Standing::Neutral,
        }
    }
}

/// The stage of a client. `recency` and `tenure` (days since the first order) are `None`
/// for clients without orders; `p_alive` is the purchase model's, when there is one.
#[allow(clippy::too_many_arguments)]
pub(super) fn stage(
    o: &LifecycleModel,
    recency: Option<f64>,
    tenure: Option<f64>,
    days: u32,
    first: Option<i64>,
    last: Option<i64>,
    gone: bool,
    p_alive: Option<f64>,
) -> Stage {
    let Some(recency) = recency else {
        return if gone { Stage::Churned } else { Stage::Lead };
    };
    let (sleep, churn) = o.thresholds(days, first, last);
    let new = tenure.is_some_and(|t| t <= o.new_days as f64);
    let churned = match (o.churn_p_alive, p_alive) {
        // A first order within the new-client window is new, whatever the model says.
        (Some(limit), Some(p)) => p < limit && !new,
        _ => recency > churn,
    };
    if gone || churned {
        Stage::Churned
    } else if new {
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
    type Fitted = LifecycleModel;
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

    fn fit(o: Option<&LifecycleOptions>, p: &Population<'_>) -> Result<LifecycleModel, Error> {
        LifecycleModel::of_population(o, p)
    }

    fn compile(_: &mut LifecycleModel, _: &Schema, _: &mut RuleSet) -> Result<(), Error> {
        Ok(())
    }

    fn label(c: &Client<'_>, out: &mut Stage) {
        let f = c.facts;
        *out = stage(
            &c.engine.catalogue.lifecycle,
            f.recency,
            f.tenure,
            f.days,
            f.first,
            f.last,
            f.gone,
            f.prediction.map(|p| p.p_alive).filter(|p| !p.is_nan()),
        );
    }

    fn code(l: &Stage) -> u64 {
        *l as u64
    }

    fn text<'a>(c: &Client<'a>, _k: usize) -> Option<&'a str> {
        Some(c.labels.lifecycle.key())
    }

    fn text_alias<'a>(c: &Client<'a>, _k: usize, n: usize) -> Option<&'a str> {
        let l = c.labels.lifecycle;
        match n {
            0 => Some(l.name(Lang::En)),
            1 => Some(l.name(Lang::Ru)),
            // The stage's key before it was renamed apart from RFM's "new".
            2 => (l == Stage::New).then_some("new"),
            _ => None,
        }
    }

    fn value_name(_e: &Engine<'_>, _k: usize, value: &str, lang: Lang) -> Option<String> {
        let names = |s: Stage| [s.key(), s.name(Lang::En), s.name(Lang::Ru)];
        named(Stage::ALL, value, names).map(|s| s.name(lang).to_string())
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
        let (sleep, churn) = o.thresholds(f.days, f.first, f.last);
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
        let given = LifecycleOptions {
            sleep_days: Some(30),
            churn_days: Some(180),
            ..LifecycleOptions::default()
        };
        let o = LifecycleModel::fit(&given, 0, None);
        assert_eq!((o.new_days, o.source), (30, ThresholdSource::Given));
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
                stage(&o, rec, ten, orders, Some(0), Some(100), gone, None),
                want,
                "{rec:?} {ten:?}"
            );
        }
    }

    #[test]
    fn relative_thresholds() {
        let o = LifecycleModel::fit(
            &LifecycleOptions {
                relative: true,
                ..Default::default()
            },
            0,
            None,
        );
        // Weekly buyer: 10 orders over 63 days → interval 7: sleeping after 14, churned after 42.
        assert_eq!(
            stage(
                &o,
                Some(10.0),
                Some(73.0),
                10,
                Some(0),
                Some(63),
                false,
                None
            ),
            Stage::Active
        );
        assert_eq!(
            stage(
                &o,
                Some(20.0),
                Some(83.0),
                10,
                Some(0),
                Some(63),
                false,
                None
            ),
            Stage::Sleeping
        );
        assert_eq!(
            stage(
                &o,
                Some(50.0),
                Some(113.0),
                10,
                Some(0),
                Some(63),
                false,
                None
            ),
            Stage::Churned
        );
        // Yearly buyer: interval 365 → still active after 200 days.
        assert_eq!(
            stage(
                &o,
                Some(200.0),
                Some(930.0),
                3,
                Some(0),
                Some(730),
                false,
                None
            ),
            Stage::Active
        );
    }

    #[test]
    fn thresholds_from_the_data_table() {
        let d = LifecycleOptions::default();
        let given = |s: Option<u32>, c: Option<u32>, n: Option<u32>| LifecycleOptions {
            sleep_days: s,
            churn_days: c,
            new_days: n,
            ..LifecycleOptions::default()
        };
        use ThresholdSource::*;
        #[rustfmt::skip]
        let cases = [
            ("enough returning clients", d.clone(), 100, Some((119, 283)), (30, 119, 283, Data)),
            ("too few", d.clone(), 99, Some((119, 283)), (30, 90, 180, Default)),
            ("no gaps at all", d.clone(), 0, None, (30, 90, 180, Default)),
            ("a weekly business", d.clone(), 500, Some((12, 20)), (12, 12, 20, Data)),
            ("percentiles that meet", d.clone(), 500, Some((5, 5)), (5, 5, 6, Data)),
            ("zero-day gaps", d.clone(), 500, Some((0, 0)), (1, 1, 2, Data)),
            ("sleep given", given(Some(45), None, None), 500, Some((119, 283)), (30, 45, 283, Given)),
            ("sleep given beyond the data's churn", given(Some(400), None, None), 500, Some((119, 283)), (30, 400, 800, Given)),
            ("all given", given(Some(30), Some(60), Some(7)), 500, Some((119, 283)), (7, 30, 60, Given)),
        ];
        for (name, o, returning, q, want) in cases {
            let m = LifecycleModel::fit(&o, returning, q);
            assert_eq!(
                (m.new_days, m.sleep_days, m.churn_days, m.source),
                want,
                "{name}"
            );
        }
    }
}
