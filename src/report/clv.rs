//! Predictive value of a report's clients: the BTYD summary from the report's columns (the
//! calibration ends on the analysis date), BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma
//! fitted on it, per client P(alive), expected purchases and order value over a horizon
//! and the discounted CLV — or, when the data cannot support a fit, the reasons instead of
//! numbers — and the backtest: the models fitted on the orders up to a calibration end,
//! their predictions set against the orders after it.

use super::Report;
use crate::calendar::{self, Day};
use crate::clv::{
    BgNbd, ClvModel, ClvOptions, Fitted, GammaGamma, MbgNbd, ParetoNbd, Prediction, PurchaseModel,
    Purchases, Repeat, Unit,
};
use crate::error::Error;
use crate::locale::{Bilingual, Lang};
use crate::money;
use serde::Serialize;

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
    /// The reason in both languages (for a report relabelled in the other one).
    #[serde(skip)]
    text: Bilingual,
}

impl ClvLimit {
    fn localize(&mut self, lang: Lang) {
        self.message = self.text.get(lang).to_string();
    }
}

impl Clv {
    /// The same predictions with their messages in `lang`.
    pub(super) fn localized(&self, lang: Lang) -> Clv {
        let mut out = self.clone();
        out.limits.iter_mut().for_each(|l| l.localize(lang));
        if let Some(b) = &mut out.backtest {
            b.limits.iter_mut().for_each(|l| l.localize(lang));
        }
        out
    }
}

/// The fitted models, the limits, the backtest and every client's predictions (`NaN` where
/// there is none: leads, or a model that could not be fitted).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Clv {
    /// The unit of time.
    pub unit: Unit,
    /// Months the expected purchases and the CLV cover.
    pub horizon_months: u32,
    /// Monthly discount rate of the CLV.
    pub discount: f64,
    /// The purchase model the predictions come from.
    pub model: PurchaseModel,
    /// Clients in the summary (with orders).
    pub clients: u64,
    /// Of them, repeat buyers.
    pub repeat_buyers: u64,
    /// BG/NBD, unless a limit blocks it.
    pub bgnbd: Option<Fitted<BgNbd>>,
    /// MBG/NBD, when it makes the predictions and no limit blocks it.
    pub mbgnbd: Option<Fitted<MbgNbd>>,
    /// Pareto/NBD, when asked for (`paretoNbd: true`) and no limit blocks it.
    pub pareto_nbd: Option<Fitted<ParetoNbd>>,
    /// Gamma-Gamma on the repeat buyers, unless a limit blocks it.
    pub gamma_gamma: Option<Fitted<GammaGamma>>,
    /// Correlation of the repeat buyers' frequency and mean repeat value (Gamma-Gamma
    /// assumes none).
    pub frequency_value_correlation: Option<f64>,
    /// What the data cannot support, and cautions.
    pub limits: Vec<ClvLimit>,
    /// The predictions set against what happened after a calibration end (with the `clv`
    /// option on a whole file).
    pub backtest: Option<Backtest>,
    /// What predicts a client (`None` when a limit blocks the purchase model).
    #[serde(skip)]
    pub predictor: Option<ClvModel>,
    /// Per output row: P(alive).
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

impl Clv {
    /// Output row `i`'s predictions.
    pub fn prediction(&self, i: usize) -> Prediction {
        Prediction {
            p_alive: self.p_alive[i],
            expected_purchases: self.expected_purchases[i],
            expected_value: self.expected_value[i],
            clv: self.clv[i],
        }
    }
}

/// Clients of one calibration frequency in the backtest.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BacktestRow {
    /// Repeat purchases in the calibration period (the last row: this many or more).
    pub frequency: u32,
    /// Clients.
    pub clients: u64,
    /// Mean predicted purchases in the holdout.
    pub predicted: f64,
    /// Mean actual purchases (purchase days) in the holdout.
    pub actual: f64,
}

/// The models fitted on the orders up to a calibration end, their predictions for the
/// holdout after it set against the purchases made there by the same clients.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Backtest {
    /// The calibration's last day.
    pub calibration_end: String,
    /// The holdout's last day (the analysis date).
    pub holdout_end: String,
    /// The holdout's length in the unit.
    pub holdout_periods: f64,
    /// Clients whose first purchase is in the calibration period.
    pub clients: u64,
    /// Their predicted holdout purchases, in all.
    pub predicted: f64,
    /// Their actual holdout purchases (purchase days), in all.
    pub actual: f64,
    /// By calibration frequency 0, 1, … 7+ (the paper's figure).
    pub by_frequency: Vec<BacktestRow>,
    /// Correlation of predicted and actual holdout purchases across clients.
    pub correlation: Option<f64>,
    /// Mean absolute error per client.
    pub mean_absolute_error: f64,
    /// Mean P(alive) at the calibration end: the share expected alive.
    pub expected_alive: f64,
    /// Share of the clients who bought in the holdout (a floor on the share alive).
    pub bought_in_holdout: f64,
    /// Why the calibration period cannot support the models (then no numbers above).
    pub limits: Vec<ClvLimit>,
}

impl Backtest {
    fn empty() -> Backtest {
        Backtest {
            calibration_end: String::new(),
            holdout_end: String::new(),
            holdout_periods: 0.0,
            clients: 0,
            predicted: 0.0,
            actual: 0.0,
            by_frequency: Vec::new(),
            correlation: None,
            mean_absolute_error: 0.0,
            expected_alive: 0.0,
            bought_in_holdout: 0.0,
            limits: Vec::new(),
        }
    }
}

/// At least this many repeat buyers for a fit.
const MIN_REPEAT_BUYERS: u64 = 30;
/// At least this many days between the first purchase and the analysis date.
const MIN_SPAN_DAYS: i32 = 90;
/// The backtest's frequencies: 0 to this, the last one and more.
const BACKTEST_MAX_FREQUENCY: u32 = 7;

fn limit(key: &'static str, blocking: bool, lang: Lang, en: String, ru: String) -> ClvLimit {
    let text = Bilingual::new(en, ru);
    ClvLimit {
        key,
        blocking,
        message: text.get(lang).to_string(),
        text,
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

/// The models fitted on one summary, and what the data could not support.
struct Fits {
    bgnbd: Option<Fitted<BgNbd>>,
    mbgnbd: Option<Fitted<MbgNbd>>,
    pareto_nbd: Option<Fitted<ParetoNbd>>,
    gamma_gamma: Option<Fitted<GammaGamma>>,
    rho: Option<f64>,
    repeat_buyers: u64,
    limits: Vec<ClvLimit>,
    predictor: Option<ClvModel>,
}

/// Fits the models `opts` asks for on `d`, whose orders span `span` days, unless a limit
/// blocks them; the predictor is made of the purchase model and Gamma-Gamma.
fn fit_models(d: &Repeat, span: i32, opts: &ClvOptions, lang: Lang) -> Fits {
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
    if span < MIN_SPAN_DAYS {
        limits.push(limit(
            "shortHistory",
            true,
            lang,
            format!("the orders span {span} days: the models need at least {MIN_SPAN_DAYS}"),
            format!("заказы охватывают {span} дн.: моделям нужно не меньше {MIN_SPAN_DAYS}"),
        ));
    }
    let (xs, ms): (Vec<f64>, Vec<f64>) =
        d.x.iter()
            .zip(&d.m)
            .filter(|(x, m)| **x > 0.0 && **m > 0.0)
            .map(|(x, m)| (*x, *m))
            .unzip();
    let rho = (xs.len() > 2).then(|| correlation(&xs, &ms)).flatten();
    if let Some(r) = rho.filter(|r| r.abs() > 0.3) {
        limits.push(limit(
            "spendDependsOnFrequency",
            false,
            lang,
            format!("frequency and mean order value correlate ({r:.2}): Gamma-Gamma assumes they do not, so expected values lean"),
            format!("частота и средний чек связаны (корреляция {r:.2}): Gamma-Gamma предполагает, что нет, и оценки чека смещены"),
        ));
    }
    let mut fits = Fits {
        bgnbd: None,
        mbgnbd: None,
        pareto_nbd: None,
        gamma_gamma: None,
        rho,
        repeat_buyers,
        limits,
        predictor: None,
    };
    if fits.limits.iter().any(|l| l.blocking) {
        return fits;
    }
    let bg = BgNbd::fit(d);
    let mbg = (opts.model == PurchaseModel::Mbgnbd).then(|| MbgNbd::fit(d));
    let pn = opts.pareto_nbd.then(|| ParetoNbd::fit(d));
    let gg = GammaGamma::fit(&d.x, &d.m);
    for (name, converged) in [
        ("BG/NBD", Some(bg.converged)),
        ("MBG/NBD", mbg.as_ref().map(|f| f.converged)),
        ("Pareto/NBD", pn.as_ref().map(|f| f.converged)),
        ("Gamma-Gamma", Some(gg.converged)),
    ] {
        if converged == Some(false) {
            fits.limits.push(limit(
                "noConvergence",
                true,
                lang,
                format!("{name} did not converge: its numbers are not shown"),
                format!("{name} не сошлась: её оценки не показаны"),
            ));
        }
    }
    fits.bgnbd = Some(bg).filter(|f| f.converged);
    fits.mbgnbd = mbg.filter(|f| f.converged);
    fits.pareto_nbd = pn.filter(|f| f.converged);
    fits.gamma_gamma = Some(gg).filter(|f| f.converged);
    let purchases = match opts.model {
        PurchaseModel::Bgnbd => fits
            .bgnbd
            .as_ref()
            .map(|f| (Purchases::Bgnbd(f.model), f.covariance.clone())),
        PurchaseModel::Mbgnbd => fits
            .mbgnbd
            .as_ref()
            .map(|f| (Purchases::Mbgnbd(f.model), f.covariance.clone())),
    };
    fits.predictor = purchases.map(|(purchases, covariance)| ClvModel {
        unit: opts.unit,
        horizon_months: opts.horizon_months,
        discount: opts.discount,
        purchases,
        purchases_covariance: covariance,
        spend: fits.gamma_gamma.as_ref().map(|f| f.model),
        spend_covariance: fits.gamma_gamma.as_ref().and_then(|f| f.covariance.clone()),
    });
    fits
}

/// Every entry's purchase side by `model` (P(alive), expected purchases over `horizon`
/// periods, the discounted sum), computed once per distinct (x, tx, t): most clients share
/// theirs with others (every one-time buyer of one first day).
fn purchases_by_group(model: &ClvModel, d: &Repeat, horizon: Option<f64>) -> Vec<(f64, f64, f64)> {
    let mut order: Vec<u32> = (0..d.len() as u32).collect();
    let key = |k: u32| {
        let k = k as usize;
        (d.x[k], d.tx[k], d.t[k])
    };
    order.sort_unstable_by(|&a, &b| {
        let (a, b) = (key(a), key(b));
        a.0.total_cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then(a.2.total_cmp(&b.2))
    });
    let mut out = vec![(f64::NAN, f64::NAN, f64::NAN); d.len()];
    let mut last: Option<((f64, f64, f64), (f64, f64, f64))> = None;
    for k in order {
        let at = key(k);
        let value = match last {
            Some((seen, v)) if seen == at => v,
            _ => {
                let v = match horizon {
                    None => model.purchases_of(at.0, at.1, at.2),
                    Some(h) => {
                        let e = model.purchases.expected(h, at.0, at.1, at.2);
                        (f64::NAN, e.unwrap_or(f64::NAN), f64::NAN)
                    }
                };
                last = Some((at, v));
                v
            }
        };
        out[k as usize] = value;
    }
    out
}

impl Report {
    /// The BTYD summary of the clients with orders, the calibration ending on the analysis
    /// date; the second value maps each entry to its output row.
    pub fn repeat_summary(&self, unit: Unit) -> (Repeat, Vec<u32>) {
        let mut d = Repeat::default();
        let mut rows = Vec::new();
        for i in 0..self.ids.len() {
            let Some([x, tx, t, m]) = self.row_summary(i, unit) else {
                continue;
            };
            d.x.push(x);
            d.tx.push(tx);
            d.t.push(t);
            d.m.push(m);
            d.holdout.push(0.0);
            rows.push(i as u32);
        }
        (d, rows)
    }

    /// Output row `i`'s summary (x, tx, t, m) in `unit`; `None` for a lead.
    fn row_summary(&self, i: usize, unit: Unit) -> Option<[f64; 4]> {
        let c = &self.cols;
        if c.frequency[i] == 0 || c.days[i] == 0 {
            return None;
        }
        let per = unit.days();
        let x = (c.days[i] - 1) as f64;
        let purchases = money::to_f64(c.revenue[i]) + money::to_f64(c.returned[i]);
        let repeat = purchases - money::to_f64(c.first_value[i]);
        Some([
            x,
            (c.last[i] - c.first[i]) as f64 / per,
            (self.as_of - c.first[i]) as f64 / per,
            if x > 0.0 { (repeat / x).max(0.0) } else { 0.0 },
        ])
    }

    /// The predictor of the `clv` option with output row `i`'s summary (x, tx, t, m) in its
    /// unit; `None` without one or for a lead.
    pub(super) fn summary_row(&self, i: usize) -> Option<(&ClvModel, [f64; 4])> {
        let m = self.clv.as_ref()?.predictor.as_ref()?;
        Some((m, self.row_summary(i, m.unit)?))
    }

    /// The span of the orders to the analysis date, in days.
    fn span_days(&self) -> i32 {
        self.min_day.map_or(0, |m| self.as_of - m)
    }

    /// The predictions of the report's `clv` option (with its backtest), or the models
    /// fitted now on the report's clients with `opts` (without one).
    pub fn clv(&self, opts: &ClvOptions) -> Result<Clv, Error> {
        match &self.clv {
            Some(c) if self.options.clv_options().as_ref() == Some(opts) => Ok((**c).clone()),
            _ => self.fit_clv(opts),
        }
    }

    /// Fits the purchase and spend models on the report's clients and predicts each one's
    /// P(alive), purchases, order value and CLV over `opts.horizonMonths`.
    pub fn fit_clv(&self, opts: &ClvOptions) -> Result<Clv, Error> {
        opts.validate()?;
        let (d, rows) = self.repeat_summary(opts.unit);
        let fits = fit_models(&d, self.span_days(), opts, self.lang);
        let n = self.ids.len();
        let mut out = Clv {
            unit: opts.unit,
            horizon_months: opts.horizon_months,
            discount: opts.discount,
            model: opts.model,
            clients: d.len() as u64,
            repeat_buyers: fits.repeat_buyers,
            bgnbd: fits.bgnbd,
            mbgnbd: fits.mbgnbd,
            pareto_nbd: fits.pareto_nbd,
            gamma_gamma: fits.gamma_gamma,
            frequency_value_correlation: fits.rho,
            limits: fits.limits,
            backtest: None,
            predictor: fits.predictor,
            p_alive: vec![f64::NAN; n],
            expected_purchases: vec![f64::NAN; n],
            expected_value: vec![f64::NAN; n],
            clv: vec![f64::NAN; n],
        };
        let Some(model) = &out.predictor else {
            return Ok(out);
        };
        let by_group = purchases_by_group(model, &d, None);
        for (k, &row) in rows.iter().enumerate() {
            let i = row as usize;
            let (alive, purchases, discounted) = by_group[k];
            let value = model.value_of(d.x[k], d.m[k]);
            out.p_alive[i] = alive;
            out.expected_purchases[i] = purchases;
            out.expected_value[i] = value;
            out.clv[i] = discounted * value;
        }
        Ok(out)
    }

    /// The backtest's calibration end: `opts.calibrationEnd`, else the analysis date less
    /// half the span of the orders, at most the horizon.
    pub fn calibration_end(&self, opts: &ClvOptions) -> Result<Day, Error> {
        if let Some(day) = opts.calibration_day()? {
            return Ok(day);
        }
        let horizon = (opts.horizon_months * 30) as i32;
        Ok(self.as_of - (self.span_days() / 2).min(horizon))
    }

    /// The options that analyse this report's data to the backtest's calibration end
    /// (`None` without the `clv` option, with its backtest off, or when the calibration
    /// end is not before the analysis date): only what reading needs, the end as `asOf`.
    pub fn calibration_options(&self) -> Result<Option<crate::options::Options>, Error> {
        let Some(c) = self.options.clv_options().filter(|c| c.backtest) else {
            return Ok(None);
        };
        let end = self.calibration_end(&c)?;
        if end >= self.as_of {
            return Ok(None);
        }
        let mut read = self.options.read.clone();
        read.as_of = Some(calendar::iso(end));
        read.events = None;
        Ok(Some(crate::options::Options {
            read,
            lang: self.lang,
            ..Default::default()
        }))
    }

    /// Sets the backtest of the `clv` option's models from `calibration`, this report's
    /// data analysed with [`Report::calibration_options`]; the backtest of a calibration
    /// that could not be analysed says why.
    pub fn set_backtest(&mut self, calibration: Result<&Report, Error>) {
        let Some(opts) = self.options.clv_options() else {
            return;
        };
        let backtest = match calibration {
            Ok(cal) => self.backtest(cal, &opts),
            Err(e) => Backtest {
                calibration_end: self
                    .calibration_end(&opts)
                    .map(calendar::iso)
                    .unwrap_or_default(),
                holdout_end: calendar::iso(self.as_of),
                limits: vec![limit(
                    "calibrationFailed",
                    true,
                    self.lang,
                    format!("the orders up to the calibration end could not be analysed: {e}"),
                    format!("заказы до конца калибровки не удалось проанализировать: {e}"),
                )],
                ..Backtest::empty()
            },
        };
        if let Some(c) = &mut self.clv {
            std::sync::Arc::make_mut(c).backtest = Some(backtest);
        }
    }

    /// The backtest of `opts`'s models: `calibration` is this report's data analysed to the
    /// calibration end; its clients' predicted holdout purchases are set against those
    /// this report counts after it.
    pub fn backtest(&self, calibration: &Report, opts: &ClvOptions) -> Backtest {
        let end = calibration.as_of;
        let holdout_periods = (self.as_of - end) as f64 / opts.unit.days();
        let (d, rows) = calibration.repeat_summary(opts.unit);
        let fits = fit_models(&d, calibration.span_days(), opts, self.lang);
        let mut out = Backtest {
            calibration_end: calendar::iso(end),
            holdout_end: calendar::iso(self.as_of),
            holdout_periods,
            clients: d.len() as u64,
            limits: fits.limits,
            ..Backtest::empty()
        };
        let Some(model) = fits.predictor.filter(|_| holdout_periods > 0.0) else {
            return out;
        };
        let here: std::collections::HashMap<&str, usize> =
            (0..self.customers).map(|i| (self.ids.get(i), i)).collect();
        let predicted: Vec<f64> = purchases_by_group(&model, &d, Some(holdout_periods))
            .into_iter()
            .map(|v| v.1)
            .collect();
        let actual: Vec<f64> = rows
            .iter()
            .map(|&row| {
                let id = calibration.ids.get(row as usize);
                let before = calibration.cols.days[row as usize];
                here.get(id)
                    .map_or(0.0, |&i| self.cols.days[i].saturating_sub(before) as f64)
            })
            .collect();
        let mut by = vec![(0u64, 0.0, 0.0); BACKTEST_MAX_FREQUENCY as usize + 1];
        let (mut alive, mut bought, mut error) = (0.0, 0u64, 0.0);
        for k in 0..d.len() {
            let b = &mut by[(d.x[k] as usize).min(BACKTEST_MAX_FREQUENCY as usize)];
            b.0 += 1;
            b.1 += predicted[k];
            b.2 += actual[k];
            alive += model.purchases.p_alive(d.x[k], d.tx[k], d.t[k]);
            bought += (actual[k] > 0.0) as u64;
            error += (predicted[k] - actual[k]).abs();
        }
        let n = d.len().max(1) as f64;
        out.predicted = predicted.iter().sum();
        out.actual = actual.iter().sum();
        out.by_frequency = by
            .iter()
            .enumerate()
            .filter(|(_, b)| b.0 > 0)
            .map(|(x, b)| BacktestRow {
                frequency: x as u32,
                clients: b.0,
                predicted: b.1 / b.0 as f64,
                actual: b.2 / b.0 as f64,
            })
            .collect();
        out.correlation = correlation(&predicted, &actual);
        out.mean_absolute_error = error / n;
        out.expected_alive = alive / n;
        out.bought_in_holdout = bought as f64 / n;
        out
    }
}
