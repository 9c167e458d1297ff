//! Predictive value of a report's clients: the BTYD summary from the report's columns (the
//! calibration ends on the analysis date), BG/NBD, Pareto/NBD and Gamma-Gamma fitted on
//! it, and per client P(alive), expected purchases and order value over a horizon and the
//! discounted CLV — or, when the data cannot support a fit, the reasons instead of numbers.

use super::Report;
use crate::clv::{BgNbd, Fitted, GammaGamma, ParetoNbd, Repeat, Unit};
use crate::error::Error;
use crate::locale::Lang;
use crate::money;
use serde::{Deserialize, Serialize};

/// How to fit and project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ClvOptions {
    /// The unit of time of the summary and the parameters. Default weeks.
    pub unit: Unit,
    /// Months ahead the expected purchases and the CLV cover. Default 12.
    pub horizon_months: u32,
    /// Monthly discount rate of the CLV (lifetimes' convention: each month's expected
    /// value divided by (1 + rate)^month, a month being 30 days). Default 0.01.
    pub discount: f64,
    /// Fit Pareto/NBD as well (slower than BG/NBD; the predictions are BG/NBD's). Default
    /// false.
    pub pareto_nbd: bool,
}

impl Default for ClvOptions {
    fn default() -> Self {
        ClvOptions {
            unit: Unit::Week,
            horizon_months: 12,
            discount: 0.01,
            pareto_nbd: false,
        }
    }
}

/// Why the data cannot support the models, or a caution about them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvLimit {
    /// Stable key: `fewRepeatBuyers`, `shortHistory`, `noConvergence`, `spendDependsOnFrequency`.
    pub key: &'static str,
    /// Whether it stops the model's numbers (else a caution).
    pub blocking: bool,
    /// The reason in the report's language.
    pub message: String,
}

/// The fitted models, the limits and every client's predictions (`NaN` where there is none:
/// leads, or a model that could not be fitted).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Clv {
    /// The unit of time.
    pub unit: Unit,
    /// Clients in the summary (with orders).
    pub clients: u64,
    /// Of them, repeat buyers.
    pub repeat_buyers: u64,
    /// BG/NBD, unless a limit blocks it.
    pub bgnbd: Option<Fitted<BgNbd>>,
    /// Pareto/NBD, when asked for (`paretoNbd: true`) and no limit blocks it.
    pub pareto_nbd: Option<Fitted<ParetoNbd>>,
    /// Gamma-Gamma on the repeat buyers, unless a limit blocks it.
    pub gamma_gamma: Option<Fitted<GammaGamma>>,
    /// Correlation of the repeat buyers' frequency and mean repeat value (Gamma-Gamma
    /// assumes none).
    pub frequency_value_correlation: Option<f64>,
    /// What the data cannot support, and cautions.
    pub limits: Vec<ClvLimit>,
    /// Per output row: P(alive) by BG/NBD.
    #[serde(skip)]
    pub p_alive: Vec<f64>,
    /// Per output row: expected purchases in the horizon.
    #[serde(skip)]
    pub expected_purchases: Vec<f64>,
    /// Per output row: expected order value.
    #[serde(skip)]
    pub expected_value: Vec<f64>,
    /// Per output row: discounted CLV over the horizon.
    #[serde(skip)]
    pub clv: Vec<f64>,
}

/// At least this many repeat buyers for a fit.
const MIN_REPEAT_BUYERS: u64 = 30;
/// At least this many days between the first purchase and the analysis date.
const MIN_SPAN_DAYS: i32 = 90;

fn limit(key: &'static str, blocking: bool, lang: Lang, en: String, ru: String) -> ClvLimit {
    ClvLimit {
        key,
        blocking,
        message: match lang {
            Lang::En => en,
            Lang::Ru => ru,
        },
    }
}

/// Pearson's correlation of two series; `None` when either does not vary.
fn correlation(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    (saa > 0.0 && sbb > 0.0).then(|| sab / (saa * sbb).sqrt())
}

impl Report {
    /// The BTYD summary of the clients with orders, the calibration ending on the analysis
    /// date; the second value maps each entry to its output row.
    pub fn repeat_summary(&self, unit: Unit) -> (Repeat, Vec<u32>) {
        let c = &self.cols;
        let per = unit.days();
        let mut d = Repeat::default();
        let mut rows = Vec::new();
        for i in 0..self.ids.len() {
            if c.frequency[i] == 0 || c.days[i] == 0 {
                continue;
            }
            let x = (c.days[i] - 1) as f64;
            let purchases = money::to_f64(c.revenue[i]) + money::to_f64(c.returned[i]);
            let repeat = purchases - money::to_f64(c.first_value[i]);
            d.x.push(x);
            d.tx.push((c.last[i] - c.first[i]) as f64 / per);
            d.t.push((self.as_of - c.first[i]) as f64 / per);
            d.m.push(if x > 0.0 { (repeat / x).max(0.0) } else { 0.0 });
            d.holdout.push(0.0);
            rows.push(i as u32);
        }
        (d, rows)
    }

    /// Fits BG/NBD, Gamma-Gamma and (when asked) Pareto/NBD on the report's clients and
    /// predicts each one's P(alive), purchases, order value and CLV over
    /// `opts.horizonMonths`.
    pub fn clv(&self, opts: &ClvOptions) -> Result<Clv, Error> {
        if !(opts.discount.is_finite() && (0.0..1.0).contains(&opts.discount))
            || opts.horizon_months == 0
            || opts.horizon_months > 1200
        {
            return Err(Error::option(
                "option `clv`: discount from 0 to 1 (monthly), horizonMonths from 1 to 1200",
            )
            .ru("настройка `clv`: ставка дисконтирования от 0 до 1 (в месяц), горизонт от 1 до 1200 месяцев"));
        }
        let lang = self.lang;
        let (d, rows) = self.repeat_summary(opts.unit);
        let repeat_buyers = d.x.iter().filter(|x| **x > 0.0).count() as u64;
        let mut limits = Vec::new();
        if repeat_buyers < MIN_REPEAT_BUYERS {
            limits.push(limit(
                "fewRepeatBuyers",
                true,
                lang,
                format!("only {repeat_buyers} clients bought more than once: the models need at least {MIN_REPEAT_BUYERS}"),
                format!("повторно покупали только {repeat_buyers} клиентов: моделям нужно не меньше {MIN_REPEAT_BUYERS}"),
            ));
        }
        let span = self.min_day.map_or(0, |m| self.as_of - m);
        if span < MIN_SPAN_DAYS {
            limits.push(limit(
                "shortHistory",
                true,
                lang,
                format!("the orders span {span} days: the models need at least {MIN_SPAN_DAYS}"),
                format!("заказы охватывают {span} дн.: моделям нужно не меньше {MIN_SPAN_DAYS}"),
            ));
        }
        let repeat: Vec<(f64, f64)> =
            d.x.iter()
                .zip(&d.m)
                .filter(|(x, m)| **x > 0.0 && **m > 0.0)
                .map(|(x, m)| (*x, *m))
                .collect();
        let (xs, ms): (Vec<f64>, Vec<f64>) = repeat.iter().copied().unzip();
        let rho = (repeat.len() > 2).then(|| correlation(&xs, &ms)).flatten();
        let blocked = limits.iter().any(|l| l.blocking);
        let (bg, pn, gg) = if blocked {
            (None, None, None)
        } else {
            (
                Some(BgNbd::fit(&d)),
                opts.pareto_nbd.then(|| ParetoNbd::fit(&d)),
                Some(GammaGamma::fit(&d.x, &d.m)),
            )
        };
        for (name, converged) in [
            ("BG/NBD", bg.as_ref().map(|f| f.converged)),
            ("Pareto/NBD", pn.as_ref().map(|f| f.converged)),
            ("Gamma-Gamma", gg.as_ref().map(|f| f.converged)),
        ] {
            if converged == Some(false) {
                limits.push(limit(
                    "noConvergence",
                    true,
                    lang,
                    format!("{name} did not converge: its numbers are not shown"),
                    format!("{name} не сошлась: её оценки не показаны"),
                ));
            }
        }
        if let Some(r) = rho.filter(|r| r.abs() > 0.3) {
            limits.push(limit(
                "spendDependsOnFrequency",
                false,
                lang,
                format!("frequency and mean order value correlate ({r:.2}): Gamma-Gamma assumes they do not, so expected values lean"),
                format!("частота и средний чек связаны (корреляция {r:.2}): Gamma-Gamma предполагает, что нет, и оценки чека смещены"),
            ));
        }
        let bg = bg.filter(|f| f.converged);
        let gg = gg.filter(|f| f.converged);
        let n = self.ids.len();
        let mut out = Clv {
            unit: opts.unit,
            clients: d.len() as u64,
            repeat_buyers,
            bgnbd: bg.clone(),
            pareto_nbd: pn.filter(|f| f.converged),
            gamma_gamma: gg.clone(),
            frequency_value_correlation: rho,
            limits,
            p_alive: vec![f64::NAN; n],
            expected_purchases: vec![f64::NAN; n],
            expected_value: vec![f64::NAN; n],
            clv: vec![f64::NAN; n],
        };
        let Some(bg) = bg else {
            return Ok(out);
        };
        let per_month = 30.0 / opts.unit.days();
        for (k, &row) in rows.iter().enumerate() {
            let (x, tx, t) = (d.x[k], d.tx[k], d.t[k]);
            let i = row as usize;
            let m = bg.model;
            out.p_alive[i] = m.p_alive(x, tx, t);
            let horizon = opts.horizon_months as f64 * per_month;
            out.expected_purchases[i] = m.expected(horizon, x, tx, t).unwrap_or(f64::NAN);
            let Some(value) = gg.as_ref().and_then(|g| g.model.expected_value(x, d.m[k])) else {
                continue;
            };
            out.expected_value[i] = value;
            let (mut total, mut before) = (0.0, 0.0);
            for month in 1..=opts.horizon_months {
                let e = m
                    .expected(month as f64 * per_month, x, tx, t)
                    .unwrap_or(f64::NAN);
                total += (e - before) * value / (1.0 + opts.discount).powi(month as i32);
                before = e;
            }
            out.clv[i] = total;
        }
        Ok(out)
    }
}
