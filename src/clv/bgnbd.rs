//! The BG/NBD model (Fader, Hardie and Lee, "Counting your customers the easy way", 2005):
//! while alive a client buys as a Poisson process with a gamma(r, α) rate, and after each
//! purchase drops out with a beta(a, b) probability. Its log-likelihood, its fit, and per
//! client P(alive) and the expected purchases in the next `t` periods, all in log space.

use super::special::{digamma, ln_beta, ln_gamma, ln_hyp2f1, log_add};
use super::{fit_smooth, softplus_and_share, Fitted, Groups, Repeat, Scratch};
use serde::{Deserialize, Serialize};

/// BG/NBD parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BgNbd {
    /// Shape of the gamma purchase rate.
    pub r: f64,
    /// Scale of the gamma purchase rate (in periods).
    pub alpha: f64,
    /// Beta dropout: a.
    pub a: f64,
    /// Beta dropout: b.
    pub b: f64,
}

impl BgNbd {
    /// One client's log-likelihood: `x` repeat purchases, the last at `tx`, observed for `t`.
    pub fn ln_likelihood_one(&self, x: f64, tx: f64, t: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let a2 = ln_gamma(a + b) + ln_gamma(b + x) - ln_gamma(b) - ln_gamma(a + b + x);
        let a3 = -(r + x) * (alpha + t).ln();
        let rest = if x > 0.0 {
            let a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + tx).ln();
            log_add(a3, a4)
        } else {
            a3
        };
        a1 + a2 + rest
    }

    /// The log-likelihood of every client.
    pub fn ln_likelihood(&self, d: &Repeat) -> f64 {
        (0..d.len())
            .map(|i| self.ln_likelihood_one(d.x[i], d.tx[i], d.t[i]))
            .sum()
    }

    /// The log-likelihood of grouped clients and its gradient in (r, α, a, b), written into
    /// `grad`: the terms in x alone once per distinct x.
    fn ln_likelihood_grouped(&self, g: &Groups, scratch: &mut Scratch, grad: &mut [f64]) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let base = -ln_gamma(r) + r * alpha.ln() + ln_gamma(a + b) - ln_gamma(b);
        let (psi_r, psi_ab, psi_b) = (digamma(r), digamma(a + b), digamma(b));
        g.ln_times(alpha, &mut scratch.ln_times);
        let lts = &scratch.ln_times;
        let by_x = &mut scratch.by_x;
        by_x.clear();
        by_x.extend(g.xs.iter().map(|&x| {
            let c1 = base + ln_gamma(r + x) + ln_gamma(b + x) - ln_gamma(a + b + x);
            let c2 = if x > 0.0 {
                a.ln() - (b + x - 1.0).ln()
            } else {
                0.0
            };
            let psi_abx = digamma(a + b + x);
            [
                c1,
                c2,
                digamma(r + x) - psi_r + alpha.ln(),
                psi_ab - psi_abx,
                psi_ab + digamma(b + x) - psi_b - psi_abx,
                if x > 0.0 { 1.0 / (b + x - 1.0) } else { 0.0 },
            ]
        }));
        let mut sum = 0.0;
        let mut d = [0.0; 4];
        for k in 0..g.x.len() {
            let (x, t, tx, w) = (g.x[k], g.t[k], g.tx[k], g.weight[k]);
            let [c1, c2, dr, da, db, inv_b] = by_x[g.xi[k] as usize];
            let (lt, rx) = (lts[g.ti[k] as usize], r + x);
            let at = -rx * lt;
            // The weights of the two ways to see these purchases: alive at t, or dropped
            // out after the last one.
            let (l, p_gone, ltx) = if x > 0.0 {
                let ltx = lts[g.txi[k] as usize];
                let (soft, share) = softplus_and_share(c2 + rx * (lt - ltx));
                (at + soft, share, ltx)
            } else {
                (at, 0.0, 0.0)
            };
            let p_alive = 1.0 - p_gone;
            sum += w * (c1 + l);
            d[0] += w * (dr - p_alive * lt - p_gone * ltx);
            d[1] += w * (r / alpha - rx * (p_alive / (alpha + t) + p_gone / (alpha + tx)));
            d[2] += w * (da + p_gone / a);
            d[3] += w * (db - p_gone * inv_b);
        }
        grad.copy_from_slice(&d);
        sum
    }

    /// The probability that a client with `x` repeat purchases, the last at `tx`, observed
    /// for `t`, is still alive.
    pub fn p_alive(&self, x: f64, tx: f64, t: f64) -> f64 {
        if x == 0.0 {
            return 1.0;
        }
        let BgNbd { r, alpha, a, b } = *self;
        let ln_odds = a.ln() - (b + x - 1.0).ln() + (r + x) * ((alpha + t) / (alpha + tx)).ln();
        1.0 / (1.0 + ln_odds.exp())
    }

    /// Expected purchases in the next `horizon` periods of a client with `x` repeat
    /// purchases, the last at `tx`, observed for `t` (eq. 10 of the paper); `None` at
    /// a = 1 (where the expression is a limit) or when the series does not settle.
    pub fn expected(&self, horizon: f64, x: f64, tx: f64, t: f64) -> Option<f64> {
        let BgNbd { r, alpha, a, b } = *self;
        if a == 1.0 {
            return None;
        }
        let z = horizon / (alpha + t + horizon);
        let ln_f = ln_hyp2f1(r + x, b + x, a + b + x - 1.0, z)?;
        let inner = 1.0 - ((r + x) * ((alpha + t) / (alpha + t + horizon)).ln() + ln_f).exp();
        let lead = (a + b + x - 1.0) / (a - 1.0);
        let denominator = if x > 0.0 {
            1.0 + (a.ln() - (b + x - 1.0).ln() + (r + x) * ((alpha + t) / (alpha + tx)).ln()).exp()
        } else {
            1.0
        };
        Some(lead * inner / denominator)
    }

    /// Expected purchases of a new client in its first `horizon` periods (eq. 9).
    pub fn expected_new(&self, horizon: f64) -> Option<f64> {
        let BgNbd { r, alpha, a, b } = *self;
        if a == 1.0 || a + b <= 1.0 {
            return None;
        }
        let ln_f = ln_hyp2f1(r, b, a + b - 1.0, horizon / (alpha + horizon))?;
        let lead = (a + b - 1.0) / (a - 1.0);
        Some(lead * (1.0 - (r * (alpha / (alpha + horizon)).ln() + ln_f).exp()))
    }

    /// The probability that a new client makes exactly `n` purchases in its first `horizon`
    /// periods (eq. 8 of the paper).
    pub fn p_purchases_new(&self, horizon: f64, n: u32) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let nf = n as f64;
        let (stay, go) = (
            (alpha / (alpha + horizon)).ln(),
            (horizon / (alpha + horizon)).ln(),
        );
        let first = ln_beta(a, b + nf) - ln_beta(a, b) + ln_gamma(r + nf)
            - ln_gamma(r)
            - ln_gamma(nf + 1.0)
            + r * stay
            + nf * go;
        if n == 0 {
            return first.exp();
        }
        // 1 − (α/(α+t))^r Σ_{j<n} Γ(r+j)/(Γ(r) j!) (t/(α+t))^j: the NBD's P(X ≥ n).
        let mut sum = f64::NEG_INFINITY;
        for j in 0..n {
            let jf = j as f64;
            let term = ln_gamma(r + jf) - ln_gamma(r) - ln_gamma(jf + 1.0) + jf * go;
            sum = log_add(sum, term);
        }
        let tail = (1.0 - (r * stay + sum).exp()).max(0.0);
        first.exp() + (ln_beta(a + 1.0, b + nf - 1.0) - ln_beta(a, b)).exp() * tail
    }

    /// Fits by maximum likelihood, starting from r = a = b = 1 and α the mean observation
    /// time.
    pub fn fit(d: &Repeat) -> Fitted<BgNbd> {
        let mean_t = d.t.iter().sum::<f64>() / d.len().max(1) as f64;
        let from = |p: &[f64]| BgNbd {
            r: p[0],
            alpha: p[1],
            a: p[2],
            b: p[3],
        };
        let groups = Groups::new(d);
        let scratch = std::cell::RefCell::new(Scratch::default());
        let nll = |p: &[f64], grad: &mut [f64]| {
            let ll = from(p).ln_likelihood_grouped(&groups, &mut scratch.borrow_mut(), grad);
            grad.iter_mut().for_each(|v| *v = -*v);
            -ll
        };
        fit_smooth(nll, &[1.0, mean_t.max(1.0), 1.0, 1.0], from)
    }
}
