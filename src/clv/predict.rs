//! A fitted purchase model and spend model, made into one client's predictions: P(alive),
//! the expected purchases and order value over a horizon and the discounted CLV, with 95 %
//! intervals from the parameters' covariance (the delta method). It is what a saved model
//! carries, so a client is predicted the same in a report and at the edge.

use super::{BgNbd, GammaGamma, MbgNbd, Unit};
use crate::locale::{fmt_fixed, Lang};
use serde::{Deserialize, Serialize};

/// The purchase model the predictions come from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "camelCase")]
pub enum Purchases {
    /// BG/NBD: holds a client without repeat purchases alive for certain.
    Bgnbd(BgNbd),
    /// MBG/NBD: a client may drop out after the first purchase too.
    Mbgnbd(MbgNbd),
}

impl Purchases {
    fn params(&self) -> [f64; 4] {
        match *self {
            Purchases::Bgnbd(m) => [m.r, m.alpha, m.a, m.b],
            Purchases::Mbgnbd(m) => [m.r, m.alpha, m.a, m.b],
        }
    }

    fn with_params(&self, p: &[f64]) -> Purchases {
        match self {
            Purchases::Bgnbd(_) => Purchases::Bgnbd(BgNbd {
                r: p[0],
                alpha: p[1],
                a: p[2],
                b: p[3],
            }),
            Purchases::Mbgnbd(_) => Purchases::Mbgnbd(MbgNbd {
                r: p[0],
                alpha: p[1],
                a: p[2],
                b: p[3],
            }),
        }
    }

    /// P(alive) of a client with `x` repeat purchases, the last at `tx`, observed for `t`.
    pub fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
        match self {
            Purchases::Bgnbd(m) => m.p_alive(x, tx, t),
            Purchases::Mbgnbd(m) => m.p_alive(x, tx, t),
        }
    }

    /// Expected purchases in the next `horizon` periods.
    pub fn expected(&self, horizon: f64, x: f64, tx: f64, t: f64) -> Option<f64> {
        match self {
            Purchases::Bgnbd(m) => m.expected(horizon, x, tx, t),
            Purchases::Mbgnbd(m) => m.expected(horizon, x, tx, t),
        }
    }

    /// [`Purchases::expected`] over each of `horizons`, into `out` (NaN where there is
    /// none), with one pass of the hypergeometric series for them all: both models' are
    /// lead × (1 − ((α+t)/(α+t+h))^(r+x) ₂F₁(r+x, b+x+k; a+b+x−1+k; h/(α+t+h))) × P(alive),
    /// k = 0 for BG/NBD and 1 for MBG/NBD.
    pub fn expected_many(&self, horizons: &[f64], x: f64, tx: f64, t: f64, out: &mut [f64]) {
        let ([r, alpha, a, b], k) = match self {
            Purchases::Bgnbd(_) => (self.params(), 0.0),
            Purchases::Mbgnbd(_) => (self.params(), 1.0),
        };
        let c = a + b + x - 1.0 + k;
        let lead = c / (a - 1.0);
        let alive = self.p_alive(x, tx, t);
        let mut zs = [0.0; 64];
        let mut ok = a != 1.0 && horizons.len() <= zs.len() && out.len() == horizons.len();
        if ok {
            for (z, h) in zs.iter_mut().zip(horizons) {
                *z = h / (alpha + t + h);
            }
            ok = super::ln_hyp2f1_many(r + x, b + x + k, c, &zs[..horizons.len()], out);
        }
        if !ok {
            for (o, &h) in out.iter_mut().zip(horizons) {
                *o = self.expected(h, x, tx, t).unwrap_or(f64::NAN);
            }
            return;
        }
        for (o, &h) in out.iter_mut().zip(horizons) {
            let stay = (r + x) * ((alpha + t) / (alpha + t + h)).ln();
            *o = lead * (1.0 - (stay + *o).exp()) * alive;
        }
    }
}

/// What predicts a client: the purchase model, the spend model, the unit and the horizon.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClvModel {
    /// The unit of time of the parameters.
    pub unit: Unit,
    /// Months ahead (of 30 days) the expected purchases and the CLV cover.
    pub horizon_months: u32,
    /// Monthly discount rate of the CLV.
    pub discount: f64,
    /// The purchase model.
    pub purchases: Purchases,
    /// Its parameters' covariance (4 × 4), for the intervals.
    pub purchases_covariance: Option<Vec<Vec<f64>>>,
    /// The spend model (`None`: no order values or CLV).
    pub spend: Option<GammaGamma>,
    /// Its parameters' covariance (3 × 3).
    pub spend_covariance: Option<Vec<Vec<f64>>>,
}

/// A value and its 95 % interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Estimate {
    /// The value.
    pub value: f64,
    /// The interval's lower end.
    pub low: f64,
    /// The interval's upper end.
    pub high: f64,
}

/// One client's predictions (`NaN` where the models give none).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Prediction {
    /// The probability the client is still buying.
    pub p_alive: f64,
    /// Expected purchases over the horizon.
    pub expected_purchases: f64,
    /// Expected order value.
    pub expected_value: f64,
    /// Discounted value over the horizon.
    pub clv: f64,
}

impl Prediction {
    /// No prediction.
    pub const NONE: Prediction = Prediction {
        p_alive: f64::NAN,
        expected_purchases: f64::NAN,
        expected_value: f64::NAN,
        clv: f64::NAN,
    };
}

/// The 95 % normal quantile.
const Z95: f64 = 1.959964;

impl ClvModel {
    /// Periods in one month of 30 days.
    fn per_month(&self) -> f64 {
        30.0 / self.unit.days()
    }

    /// The horizon in periods.
    pub fn horizon(&self) -> f64 {
        self.horizon_months as f64 * self.per_month()
    }

    /// The purchase side of a client with `x` repeat purchases, the last at `tx`, observed
    /// for `t`: P(alive), the expected purchases over the horizon, and the sum over its
    /// months of each month's expected purchases discounted to today (the CLV divided by
    /// the order value).
    pub fn purchases_of(&self, x: f64, tx: f64, t: f64) -> (f64, f64, f64) {
        let m = &self.purchases;
        let per_month = self.per_month();
        let (mut discounted, mut before) = (0.0, 0.0);
        let (mut horizons, mut expected) = ([0.0; 64], [0.0; 64]);
        // Months in runs of 64, each run with one pass of the series.
        let mut month = 1;
        while month <= self.horizon_months {
            let n = (self.horizon_months - month + 1).min(64) as usize;
            for (i, h) in horizons[..n].iter_mut().enumerate() {
                *h = (month as usize + i) as f64 * per_month;
            }
            m.expected_many(&horizons[..n], x, tx, t, &mut expected[..n]);
            for (i, &e) in expected[..n].iter().enumerate() {
                let at = month as i32 + i as i32;
                discounted += (e - before) / (1.0 + self.discount).powi(at);
                before = e;
            }
            month += n as u32;
        }
        (m.p_alive(x, tx, t), before, discounted)
    }

    /// The expected order value of a client with `x` repeat purchases of mean value `m`.
    pub fn value_of(&self, x: f64, m: f64) -> f64 {
        self.spend
            .and_then(|s| s.expected_value(x, m))
            .unwrap_or(f64::NAN)
    }

    /// One client's predictions.
    pub fn predict(&self, x: f64, tx: f64, t: f64, m: f64) -> Prediction {
        let (p_alive, expected_purchases, discounted) = self.purchases_of(x, tx, t);
        let expected_value = self.value_of(x, m);
        Prediction {
            p_alive,
            expected_purchases,
            expected_value,
            clv: discounted * expected_value,
        }
    }

    /// One client's predictions with their 95 % intervals: P(alive)'s on the logit scale,
    /// the others' on the log scale, by the delta method (`None` where the covariance is
    /// unknown or a value is not positive).
    pub fn intervals(&self, x: f64, tx: f64, t: f64, m: f64) -> Intervals {
        let point = self.predict(x, tx, t, m);
        let pc = self.purchases_covariance.as_deref();
        let sc = self.spend_covariance.as_deref();
        let p0 = self.purchases.params();
        let alive = delta(&p0, pc, point.p_alive, Scale::Logit, |p| {
            self.purchases.with_params(p).p_alive(x, tx, t)
        });
        let purchases = delta(&p0, pc, point.expected_purchases, Scale::Log, |p| {
            let mut other = self.clone();
            other.purchases = self.purchases.with_params(p);
            other.purchases_of(x, tx, t).1
        });
        let value = self.spend.and_then(|s| {
            let s0 = [s.p, s.q, s.gamma];
            delta(&s0, sc, point.expected_value, Scale::Log, |p| {
                let g = GammaGamma {
                    p: p[0],
                    q: p[1],
                    gamma: p[2],
                };
                g.expected_value(x, m).unwrap_or(f64::NAN)
            })
        });
        // The two fits are independent: the CLV's log-variance is the sum of its parts'.
        let clv = (|| {
            let a = delta_sd(&p0, pc, point.clv / point.expected_value, Scale::Log, |p| {
                let mut other = self.clone();
                other.purchases = self.purchases.with_params(p);
                other.purchases_of(x, tx, t).2
            })?;
            let s = self.spend?;
            let b = delta_sd(
                &[s.p, s.q, s.gamma],
                sc,
                point.expected_value,
                Scale::Log,
                |p| {
                    let g = GammaGamma {
                        p: p[0],
                        q: p[1],
                        gamma: p[2],
                    };
                    g.expected_value(x, m).unwrap_or(f64::NAN)
                },
            )?;
            Some(interval(point.clv, Scale::Log, (a * a + b * b).sqrt()))
        })();
        Intervals {
            p_alive: alive,
            expected_purchases: purchases,
            expected_value: value,
            clv,
        }
    }
}

/// One client's predictions with their intervals.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Intervals {
    /// P(alive).
    pub p_alive: Option<Estimate>,
    /// Expected purchases over the horizon.
    pub expected_purchases: Option<Estimate>,
    /// Expected order value.
    pub expected_value: Option<Estimate>,
    /// Discounted value over the horizon.
    pub clv: Option<Estimate>,
}

/// The scale an interval is symmetric on.
#[derive(Clone, Copy)]
enum Scale {
    /// For probabilities.
    Logit,
    /// For positive values.
    Log,
}

impl Scale {
    fn to(self, v: f64) -> f64 {
        match self {
            Scale::Logit => (v / (1.0 - v)).ln(),
            Scale::Log => v.ln(),
        }
    }

    fn back(self, v: f64) -> f64 {
        match self {
            Scale::Logit => 1.0 / (1.0 + (-v).exp()),
            Scale::Log => v.exp(),
        }
    }
}

/// The standard deviation of `scale(f(θ))` at `p0` by the delta method, with a numerical
/// gradient; `None` without a covariance or where the scale is not finite.
fn delta_sd(
    p0: &[f64],
    cov: Option<&[Vec<f64>]>,
    value: f64,
    scale: Scale,
    f: impl Fn(&[f64]) -> f64,
) -> Option<f64> {
    let cov = cov?;
    let centre = scale.to(value);
    if !centre.is_finite() {
        return None;
    }
    let mut grad = Vec::with_capacity(p0.len());
    for i in 0..p0.len() {
        let h = 1e-5 * p0[i].abs().max(1e-8);
        let mut up = p0.to_vec();
        up[i] += h;
        let mut down = p0.to_vec();
        down[i] -= h;
        grad.push((scale.to(f(&up)) - scale.to(f(&down))) / (2.0 * h));
    }
    let mut var = 0.0;
    for i in 0..grad.len() {
        for j in 0..grad.len() {
            var += grad[i] * cov[i][j] * grad[j];
        }
    }
    (var.is_finite() && var >= 0.0).then(|| var.sqrt())
}

/// `value`'s 95 % interval, symmetric on `scale`, by the delta method.
fn delta(
    p0: &[f64],
    cov: Option<&[Vec<f64>]>,
    value: f64,
    scale: Scale,
    f: impl Fn(&[f64]) -> f64,
) -> Option<Estimate> {
    let sd = delta_sd(p0, cov, value, scale, f)?;
    Some(interval(value, scale, sd))
}

/// The interval of `value` whose `scale` has standard deviation `sd`.
fn interval(value: f64, scale: Scale, sd: f64) -> Estimate {
    let c = scale.to(value);
    Estimate {
        value,
        low: scale.back(c - Z95 * sd),
        high: scale.back(c + Z95 * sd),
    }
}

/// A client's predictions as an explanation shows them: what they come from, with their
/// intervals and a sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainedPrediction {
    /// The purchase model.
    pub model: &'static str,
    /// The unit of the times below.
    pub unit: Unit,
    /// Repeat purchase days.
    pub repeat_purchases: f64,
    /// Time from the first purchase to the last.
    pub last_purchase_at: f64,
    /// Time from the first purchase to the analysis date.
    pub age: f64,
    /// Months the expected purchases and the CLV cover.
    pub horizon_months: u32,
    /// The predictions with their intervals.
    #[serde(flatten)]
    pub intervals: Intervals,
    /// What it says, in the report's language.
    pub text: String,
}

impl ClvModel {
    /// The predictions of a client with `x` repeat purchases, the last at `tx`, observed for
    /// `t`, of mean repeat value `m`, explained in `lang`.
    pub fn explain(&self, x: f64, tx: f64, t: f64, m: f64, lang: Lang) -> ExplainedPrediction {
        let intervals = self.intervals(x, tx, t, m);
        let p = self.purchases.p_alive(x, tx, t);
        let e = self.purchases_of(x, tx, t).1;
        let name = match self.purchases {
            Purchases::Bgnbd(_) => "BG/NBD",
            Purchases::Mbgnbd(_) => "MBG/NBD",
        };
        let per = self.unit.days();
        let (since, age) = ((t - tx) * per, t * per);
        let months = self.horizon_months;
        let range = |i: Option<Estimate>, pct: bool| match (i, pct) {
            (Some(i), true) => format!(" ({:.0}–{:.0} %)", 100.0 * i.low, 100.0 * i.high),
            (Some(i), false) => format!(
                " ({}–{})",
                fmt_fixed(i.low, 1, lang),
                fmt_fixed(i.high, 1, lang)
            ),
            (None, _) => String::new(),
        };
        let (ap, ep) = (
            range(intervals.p_alive, true),
            range(intervals.expected_purchases, false),
        );
        let e = fmt_fixed(e, 1, lang);
        let text = match lang {
            Lang::En => format!(
                "{name}: {x:.0} repeat purchase days, the last {since:.0} days ago, the first {age:.0} days ago: still buying with probability {:.0} %{ap}; {e} purchases expected in {months} months{ep}",
                100.0 * p
            ),
            Lang::Ru => format!(
                "{name}: повторных дней покупок {x:.0}, последняя {since:.0} дн. назад, первая {age:.0} дн. назад: всё ещё покупает с вероятностью {:.0} %{ap}; ожидаемых покупок за {months} мес.: {e}{ep}",
                100.0 * p
            ),
        };
        ExplainedPrediction {
            model: name,
            unit: self.unit,
            repeat_purchases: x,
            last_purchase_at: tx,
            age: t,
            horizon_months: months,
            intervals,
            text,
        }
    }
}
