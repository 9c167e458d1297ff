//! Predictive value: the "buy till you die" models — BG/NBD, Pareto/NBD and Gamma-Gamma
//! spend — fitted by maximum likelihood, and the summary data they are fitted on.
//!
//! The summary follows the BTYD conventions: per client, over the calibration period, the
//! number of *repeat* purchase periods `x` (purchases on one day count once; the first
//! purchase is not a repeat), the time `tx` from the first purchase to the last, and the
//! time `t` from the first purchase to the calibration end, in days or in weeks (a week is
//! 7 days counted from the data's days, as in the published CDNOW results), and the mean
//! value `m` of the repeat purchases (each day's purchases summed). Purchases after the
//! calibration end are the holdout.
//!
//! Everything is computed in log space: the likelihoods, P(alive) and the hypergeometric
//! series stay finite for frequencies up to 10,000 and ages up to 10 years.

mod bgnbd;
mod gamma;
mod mbgnbd;
mod optim;
mod options;
mod pareto;
mod predict;
mod special;

pub use bgnbd::BgNbd;
pub use gamma::GammaGamma;
pub use mbgnbd::MbgNbd;
pub use optim::{
    covariance, covariance_from_gradient, minimise, minimise_smooth, standard_errors, Minimum,
};
pub use options::{ClvOptions, PurchaseModel};
pub use pareto::ParetoNbd;
pub use predict::{ClvModel, Estimate, ExplainedPrediction, Intervals, Prediction, Purchases};
pub use special::{digamma, ln_beta, ln_gamma, ln_hyp2f1, ln_hyp2f1_many};

use crate::calendar::Day;
use serde::{Deserialize, Serialize};

/// A model fitted by maximum likelihood.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fitted<M> {
    /// The parameters.
    pub model: M,
    /// The log-likelihood at them.
    pub ln_likelihood: f64,
    /// Their standard errors from the Hessian, in the model's order (`None` when the
    /// Hessian is not positive definite: the fit is not at a proper maximum).
    pub standard_errors: Option<Vec<f64>>,
    /// The parameters' covariance (the inverse Hessian), row by row, when the Hessian is
    /// positive definite.
    #[serde(skip)]
    pub covariance: Option<Vec<Vec<f64>>>,
    /// Likelihood evaluations the fit took.
    pub evaluations: u32,
    /// Whether the optimiser converged.
    pub converged: bool,
}

/// The distinct (x, tx, t) of a summary with how many clients share each, and the distinct
/// `x` (a likelihood's terms that depend on x alone are computed once per distinct x).
#[derive(Clone, Debug, Default)]
pub(crate) struct Groups {
    pub x: Vec<f64>,
    pub tx: Vec<f64>,
    pub t: Vec<f64>,
    pub weight: Vec<f64>,
    /// Per group: the index of its x in `xs`.
    pub xi: Vec<u32>,
    /// The distinct x, ascending.
    pub xs: Vec<f64>,
    /// The distinct times (`tx` and `t` alike), ascending: a likelihood takes ln(α + time)
    /// once per distinct time.
    pub times: Vec<f64>,
    /// Per group: the index of its `tx` and of its `t` in `times`.
    pub txi: Vec<u32>,
    /// See [`Groups::txi`].
    pub ti: Vec<u32>,
}

impl Groups {
    pub(crate) fn new(d: &Repeat) -> Groups {
        let mut keys: Vec<(u64, u64, u64)> = (0..d.len())
            .map(|i| (d.x[i].to_bits(), d.tx[i].to_bits(), d.t[i].to_bits()))
            .collect();
        keys.sort_unstable_by(|a, b| {
            let f = |k: &(u64, u64, u64)| {
                (
                    f64::from_bits(k.0),
                    f64::from_bits(k.1),
                    f64::from_bits(k.2),
                )
            };
            let (a, b) = (f(a), f(b));
            a.0.total_cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.2.total_cmp(&b.2))
        });
        let mut g = Groups::default();
        for k in keys {
            let (x, tx, t) = (
                f64::from_bits(k.0),
                f64::from_bits(k.1),
                f64::from_bits(k.2),
            );
            let same = g.x.last() == Some(&x) && g.tx.last() == Some(&tx) && g.t.last() == Some(&t);
            if same {
                *g.weight.last_mut().expect("a group") += 1.0;
                continue;
            }
            if g.xs.last() != Some(&x) {
                g.xs.push(x);
            }
            g.x.push(x);
            g.tx.push(tx);
            g.t.push(t);
            g.weight.push(1.0);
            g.xi.push(g.xs.len() as u32 - 1);
        }
        g.times = g.tx.iter().chain(&g.t).copied().collect();
        g.times.sort_unstable_by(f64::total_cmp);
        g.times.dedup();
        let at = |v: &f64| g.times.partition_point(|u| u < v) as u32;
        g.txi = g.tx.iter().map(at).collect();
        g.ti = g.t.iter().map(at).collect();
        g
    }

    /// ln(α + time) for each distinct time, into `out`.
    pub(crate) fn ln_times(&self, alpha: f64, out: &mut Vec<f64>) {
        out.clear();
        out.extend(self.times.iter().map(|t| (alpha + t).ln()));
    }
}

/// What a grouped likelihood computes once per evaluation: per distinct x its terms, per
/// distinct time ln(α + time).
#[derive(Default)]
pub(crate) struct Scratch {
    pub by_x: Vec<[f64; 6]>,
    pub ln_times: Vec<f64>,
}

/// `ln(1 + eᵘ)` and `eᵘ / (1 + eᵘ)`, with one exponential, for any `u`.
#[inline]
pub(crate) fn softplus_and_share(u: f64) -> (f64, f64) {
    if u > 0.0 {
        let e = (-u).exp();
        (u + e.ln_1p(), 1.0 / (1.0 + e))
    } else {
        let e = u.exp();
        (e.ln_1p(), e / (1.0 + e))
    }
}

/// Fits by maximum likelihood: minimises the negative log-likelihood `nll` from `start`,
/// with the standard errors at the minimum; `model` makes the parameters a model.
fn fit_by<M>(nll: impl Fn(&[f64]) -> f64, start: &[f64], model: impl Fn(&[f64]) -> M) -> Fitted<M> {
    let m = minimise(&nll, start);
    let covariance = covariance(&nll, &m.params);
    fitted(m, covariance, model)
}

/// Fits by maximum likelihood with the gradient: `nll` returns the negative log-likelihood
/// and writes its gradient; the standard errors at the minimum from a Hessian of
/// differences of the gradient.
fn fit_smooth<M>(
    nll: impl Fn(&[f64], &mut [f64]) -> f64,
    start: &[f64],
    model: impl Fn(&[f64]) -> M,
) -> Fitted<M> {
    let m = optim::minimise_smooth(&nll, start);
    let covariance = optim::covariance_from_gradient(&nll, &m.params);
    fitted(m, covariance, model)
}

/// The fit at minimum `m` of a negative log-likelihood, with the parameters' covariance.
fn fitted<M>(
    m: Minimum,
    covariance: Option<Vec<Vec<f64>>>,
    model: impl Fn(&[f64]) -> M,
) -> Fitted<M> {
    Fitted {
        model: model(&m.params),
        ln_likelihood: -m.value,
        standard_errors: covariance
            .as_ref()
            .map(|c| (0..c.len()).map(|i| c[i][i].sqrt()).collect()),
        covariance,
        evaluations: m.evaluations,
        converged: m.converged,
    }
}

/// The unit of time of the summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Unit {
    /// Days.
    Day,
    /// Weeks of 7 days.
    #[default]
    Week,
}

impl Unit {
    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            Unit::Day => 1.0,
            Unit::Week => 7.0,
        }
    }
}

/// The summary data the purchase models are fitted on, one entry per client.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Repeat {
    /// Repeat purchase days in the calibration period.
    pub x: Vec<f64>,
    /// Time from the first purchase to the last one in the calibration period.
    pub tx: Vec<f64>,
    /// Time from the first purchase to the calibration end.
    pub t: Vec<f64>,
    /// Mean value of the repeat purchase days (0 without repeats).
    pub m: Vec<f64>,
    /// Purchase days after the calibration end (the holdout).
    pub holdout: Vec<f64>,
}

impl Repeat {
    /// Clients.
    pub fn len(&self) -> usize {
        self.x.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.x.is_empty()
    }

    /// The summary of purchases `(client, day, value)`, sorted by client then day (clients
    /// numbered from 0 in order; a client's purchases on one day are summed), with the
    /// calibration ending on `end` (included) and time in `unit`. Clients whose first
    /// purchase is after `end` are left out; the second value maps each kept entry to its
    /// client.
    pub fn from_purchases(
        purchases: &[(u32, Day, f64)],
        end: Day,
        unit: Unit,
    ) -> (Repeat, Vec<u32>) {
        let mut out = Repeat::default();
        let mut clients = Vec::new();
        let mut i = 0;
        while i < purchases.len() {
            let client = purchases[i].0;
            let mut j = i;
            while j < purchases.len() && purchases[j].0 == client {
                j += 1;
            }
            let days = &purchases[i..j];
            i = j;
            let first = days[0].1;
            if first > end {
                continue;
            }
            let (mut x, mut last, mut sum, mut holdout) = (0u32, first, 0.0, 0u32);
            let mut k = 0;
            while k < days.len() {
                let day = days[k].1;
                let mut value = 0.0;
                while k < days.len() && days[k].1 == day {
                    value += days[k].2;
                    k += 1;
                }
                if day == first {
                    continue;
                }
                if day <= end {
                    x += 1;
                    last = day;
                    sum += value;
                } else {
                    holdout += 1;
                }
            }
            let per = unit.days();
            out.x.push(x as f64);
            out.tx.push((last - first) as f64 / per);
            out.t.push((end - first) as f64 / per);
            out.m.push(if x > 0 { sum / x as f64 } else { 0.0 });
            out.holdout.push(holdout as f64);
            clients.push(client);
        }
        (out, clients)
    }
}
