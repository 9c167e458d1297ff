//! The Pareto/NBD model (Schmittlein, Morrison and Colombo 1987): while alive a client buys
//! as a Poisson process with a gamma(r, α) rate and dies at an exponential time with a
//! gamma(s, β) rate. Its log-likelihood as Fader and Hardie write it ("A note on deriving
//! the Pareto/NBD model and related expressions", 2005), with the Gauss hypergeometric
//! terms in log space, and its fit.

use super::special::{ln_gamma, ln_hyp2f1, log_add, log_sub};
use super::{fit_by, Fitted, Groups, Repeat};
use serde::{Deserialize, Serialize};

/// Pareto/NBD parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParetoNbd {
    /// Shape of the gamma purchase rate.
    pub r: f64,
    /// Scale of the gamma purchase rate.
    pub alpha: f64,
    /// Shape of the gamma dropout rate.
    pub s: f64,
    /// Scale of the gamma dropout rate.
    pub beta: f64,
}

impl ParetoNbd {
    /// `ln A₀` of the note: the difference of the hypergeometric terms at `tx` and at `t`
    /// (−∞ when they are equal); `None` when a series does not settle.
    fn ln_a0(&self, x: f64, tx: f64, t: f64) -> Option<f64> {
        let ParetoNbd { r, alpha, s, beta } = *self;
        let n = r + s + x;
        let (hi, b2, lo_at) = if alpha >= beta {
            (alpha, s + 1.0, beta)
        } else {
            (beta, r + x, alpha)
        };
        let term = |at: f64| -> Option<f64> {
            let z = (hi - lo_at) / (hi + at);
            Some(ln_hyp2f1(n, b2, n + 1.0, z)? - n * (hi + at).ln())
        };
        Some(log_sub(term(tx)?, term(t)?))
    }

    /// One client's log-likelihood; `None` when a series does not settle.
    pub fn ln_likelihood_one(&self, x: f64, tx: f64, t: f64) -> Option<f64> {
        let ParetoNbd { r, alpha, s, beta } = *self;
        let lead = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + s * beta.ln();
        let l1 = -(r + x) * (alpha + t).ln() - s * (beta + t).ln();
        let l2 = (s / (r + s + x)).ln() + self.ln_a0(x, tx, t)?;
        Some(lead + log_add(l1, l2))
    }

    /// The log-likelihood of grouped clients (−∞ when a term cannot be computed).
    fn ln_likelihood_grouped(&self, g: &Groups) -> f64 {
        let ParetoNbd { r, alpha, s, beta } = *self;
        let base = -ln_gamma(r) + r * alpha.ln() + s * beta.ln();
        let mut lead = vec![0.0; g.xs.len()];
        for (l, &x) in lead.iter_mut().zip(&g.xs) {
            *l = base + ln_gamma(r + x) + (s / (r + s + x)).ln();
        }
        let mut sum = 0.0;
        for k in 0..g.x.len() {
            let (x, tx, t) = (g.x[k], g.tx[k], g.t[k]);
            let Some(a0) = self.ln_a0(x, tx, t) else {
                return f64::NEG_INFINITY;
            };
            let ls = lead[g.xi[k] as usize];
            // lead + ln(e^{l1} + s/(r+s+x) e^{a0}), with ln(s/(r+s+x)) inside `lead`.
            let l1 = -(r + x) * (alpha + t).ln() - s * (beta + t).ln() - (s / (r + s + x)).ln();
            sum += g.weight[k] * (ls + log_add(l1, a0));
        }
        sum
    }

    /// The log-likelihood of every client (−∞ when a term cannot be computed).
    pub fn ln_likelihood(&self, d: &Repeat) -> f64 {
        let mut sum = 0.0;
        for i in 0..d.len() {
            match self.ln_likelihood_one(d.x[i], d.tx[i], d.t[i]) {
                Some(v) => sum += v,
                None => return f64::NEG_INFINITY,
            }
        }
        sum
    }

    /// The probability that a client with `x` repeat purchases, the last at `tx`, observed
    /// for `t`, is still alive: the likelihood's first term over the whole.
    pub fn p_alive(&self, x: f64, tx: f64, t: f64) -> Option<f64> {
        let ParetoNbd { r, alpha, s, .. } = *self;
        let l1 = -(r + x) * (alpha + t).ln() - s * (self.beta + t).ln();
        let l2 = (s / (r + s + x)).ln() + self.ln_a0(x, tx, t)?;
        Some((l1 - log_add(l1, l2)).exp())
    }

    /// Expected purchases in the next `horizon` periods of a client (eq. 19 of the note,
    /// for s > 1).
    pub fn expected(&self, horizon: f64, x: f64, tx: f64, t: f64) -> Option<f64> {
        let ParetoNbd { r, alpha, s, beta } = *self;
        if s <= 1.0 {
            return None;
        }
        let alive = self.p_alive(x, tx, t)?;
        let mean = (r + x) * (beta + t) / ((alpha + t) * (s - 1.0));
        Some(alive * mean * (1.0 - ((beta + t) / (beta + t + horizon)).powf(s - 1.0)))
    }

    /// Fits by maximum likelihood, starting from r = s = 1 and α = β the mean observation
    /// time.
    pub fn fit(d: &Repeat) -> Fitted<ParetoNbd> {
        let mean_t = d.t.iter().sum::<f64>() / d.len().max(1) as f64;
        let from = |p: &[f64]| ParetoNbd {
            r: p[0],
            alpha: p[1],
            s: p[2],
            beta: p[3],
        };
        let groups = Groups::new(d);
        let nll = |p: &[f64]| -from(p).ln_likelihood_grouped(&groups);
        fit_by(nll, &[1.0, mean_t.max(1.0), 1.0, mean_t.max(1.0)], from)
    }
}
