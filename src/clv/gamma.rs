//! The Gamma-Gamma model of spend (Fader, Hardie and Lee, "RFM and CLV", 2005): a client's
//! order values are gamma(p, ν) with ν gamma(q, γ) across clients, independent of how
//! often it buys. Fitted on the repeat buyers' mean repeat-order values; gives each
//! client's expected order value, its mean shrunk towards the population's.

use super::special::{digamma, ln_gamma};
use super::{fit_smooth, Fitted};
use serde::{Deserialize, Serialize};

/// Gamma-Gamma parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GammaGamma {
    /// Shape of an order's value.
    pub p: f64,
    /// Shape of the scale across clients.
    pub q: f64,
    /// Scale of the scale across clients.
    pub gamma: f64,
}

impl GammaGamma {
    /// One repeat buyer's log-likelihood: `x` repeat orders of mean value `m`.
    pub fn ln_likelihood_one(&self, x: f64, m: f64) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q)
            + q * gamma.ln()
            + (p * x - 1.0) * m.ln()
            + (p * x) * x.ln()
            - (p * x + q) * (gamma + m * x).ln()
    }

    /// The log-likelihood of the repeat buyers (`x > 0`, `m > 0`) among `x`, `m`.
    pub fn ln_likelihood(&self, x: &[f64], m: &[f64]) -> f64 {
        x.iter()
            .zip(m)
            .filter(|(x, m)| **x > 0.0 && **m > 0.0)
            .map(|(x, m)| self.ln_likelihood_one(*x, *m))
            .sum()
    }

    /// The log-likelihood of repeat buyers `(x, m, ln m)` sorted by x, and its gradient in
    /// (p, q, γ) written into `grad`.
    fn ln_likelihood_sorted(&self, buyers: &[(f64, f64, f64)], grad: &mut [f64]) -> f64 {
        let GammaGamma { p, q, gamma } = *self;
        let base = -ln_gamma(q) + q * gamma.ln();
        let psi_q = digamma(q);
        let (mut last_x, mut by_x) = (f64::NAN, [0.0; 3]);
        let (mut sum, mut d) = (0.0, [0.0; 3]);
        for &(x, m, ln_m) in buyers {
            if x != last_x {
                let psi_pxq = digamma(p * x + q);
                by_x = [
                    ln_gamma(p * x + q) - ln_gamma(p * x) + (p * x) * x.ln() + base,
                    x * (psi_pxq - digamma(p * x) + x.ln()),
                    psi_pxq - psi_q + gamma.ln(),
                ];
                last_x = x;
            }
            let ln_scale = (gamma + m * x).ln();
            sum += by_x[0] + (p * x - 1.0) * ln_m - (p * x + q) * ln_scale;
            d[0] += by_x[1] + x * (ln_m - ln_scale);
            d[1] += by_x[2] - ln_scale;
            d[2] += q / gamma - (p * x + q) / (gamma + m * x);
        }
        grad.copy_from_slice(&d);
        sum
    }

    /// The expected value of an order of a client with `x` repeat orders of mean value `m`
    /// (the population's mean, pγ/(q − 1), for a client without repeat orders); `None` for
    /// q ≤ 1.
    pub fn expected_value(&self, x: f64, m: f64) -> Option<f64> {
        let GammaGamma { p, q, gamma } = *self;
        if q <= 1.0 {
            return None;
        }
        let population = p * gamma / (q - 1.0);
        if x <= 0.0 || m <= 0.0 {
            return Some(population);
        }
        let weight = (q - 1.0) / (p * x + q - 1.0);
        Some(weight * population + (1.0 - weight) * m)
    }

    /// Fits by maximum likelihood on the repeat buyers, from p = q = 1 and γ the mean of
    /// their mean values.
    pub fn fit(x: &[f64], m: &[f64]) -> Fitted<GammaGamma> {
        let values: Vec<f64> = x
            .iter()
            .zip(m)
            .filter(|(x, m)| **x > 0.0 && **m > 0.0)
            .map(|(_, m)| *m)
            .collect();
        let mean = values.iter().sum::<f64>() / values.len().max(1) as f64;
        let from = |p: &[f64]| GammaGamma {
            p: p[0],
            q: p[1],
            gamma: p[2],
        };
        // The repeat buyers by frequency, with ln m once: each evaluation computes the terms
        // in x alone once per distinct x.
        let mut buyers: Vec<(f64, f64, f64)> = x
            .iter()
            .zip(m)
            .filter(|(x, m)| **x > 0.0 && **m > 0.0)
            .map(|(x, m)| (*x, *m, m.ln()))
            .collect();
        buyers.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let nll = |p: &[f64], grad: &mut [f64]| {
            let ll = from(p).ln_likelihood_sorted(&buyers, grad);
            grad.iter_mut().for_each(|v| *v = -*v);
            -ll
        };
        fit_smooth(nll, &[1.0, 1.0, mean.max(1.0)], from)
    }
}
