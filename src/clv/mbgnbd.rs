//! The MBG/NBD model (Batislam, Denizel and Filiztekin, "Empirical validation and comparison
//! of models for customer base analysis", 2007): BG/NBD with one change — a client may also
//! drop out right after the first purchase, so one who never came back grows less likely
//! to be alive as time passes (BG/NBD holds such a client alive for certain). Its
//! log-likelihood needs no hypergeometric function; P(alive) and the expected purchases in
//! the next `t` periods are in log space.

use super::special::{digamma, ln_gamma, ln_hyp2f1, log_add};
use super::{fit_smooth, softplus_and_share, Fitted, Groups, Repeat, Scratch};
use serde::{Deserialize, Serialize};

/// MBG/NBD parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MbgNbd {
    /// Shape of the gamma purchase rate.
    pub r: f64,
    /// Scale of the gamma purchase rate (in periods).
    pub alpha: f64,
    /// Beta dropout: a.
    pub a: f64,
    /// Beta dropout: b.
    pub b: f64,
}

impl MbgNbd {
    /// The log-odds that a client with `x` repeat purchases, the last at `tx`, observed for
    /// `t`, has dropped out.
    fn ln_odds_gone(&self, x: f64, tx: f64, t: f64) -> f64 {
        let MbgNbd { r, alpha, a, b } = *self;
        a.ln() - (b + x).ln() + (r + x) * ((alpha + t) / (alpha + tx)).ln()
    }

    /// One client's log-likelihood: `x` repeat purchases, the last at `tx`, observed for `t`.
    pub fn ln_likelihood_one(&self, x: f64, tx: f64, t: f64) -> f64 {
        let MbgNbd { r, alpha, a, b } = *self;
        let a1 = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln();
        let a2 = ln_gamma(a + b) + ln_gamma(b + x + 1.0) - ln_gamma(b) - ln_gamma(a + b + x + 1.0);
        let a3 = -(r + x) * (alpha + t).ln();
        a1 + a2 + a3 + log_add(0.0, self.ln_odds_gone(x, tx, t))
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
        let MbgNbd { r, alpha, a, b } = *self;
        let base = -ln_gamma(r) + r * alpha.ln() + ln_gamma(a + b) - ln_gamma(b);
        let (psi_r, psi_ab, psi_b) = (digamma(r), digamma(a + b), digamma(b));
        g.ln_times(alpha, &mut scratch.ln_times);
        let lts = &scratch.ln_times;
        let by_x = &mut scratch.by_x;
        by_x.clear();
        by_x.extend(g.xs.iter().map(|&x| {
            let c1 = base + ln_gamma(r + x) + ln_gamma(b + x + 1.0) - ln_gamma(a + b + x + 1.0);
            let psi_abx = digamma(a + b + x + 1.0);
            [
                c1,
                a.ln() - (b + x).ln(),
                digamma(r + x) - psi_r + alpha.ln(),
                psi_ab - psi_abx,
                psi_ab + digamma(b + x + 1.0) - psi_b - psi_abx,
                1.0 / (b + x),
            ]
        }));
        let mut sum = 0.0;
        let mut d = [0.0; 4];
        for k in 0..g.x.len() {
            let (x, t, tx, w) = (g.x[k], g.t[k], g.tx[k], g.weight[k]);
            let [c1, c2, dr, da, db, inv_b] = by_x[g.xi[k] as usize];
            let (lt, ltx, rx) = (lts[g.ti[k] as usize], lts[g.txi[k] as usize], r + x);
            let (soft, p_gone) = softplus_and_share(c2 + rx * (lt - ltx));
            let l = -rx * lt + soft;
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
        1.0 / (1.0 + self.ln_odds_gone(x, tx, t).exp())
    }

    /// Expected purchases in the next `horizon` periods of a client with `x` repeat
    /// purchases, the last at `tx`, observed for `t`; `None` at a = 1 (where the
    /// expression is a limit) or when the series does not settle.
    pub fn expected(&self, horizon: f64, x: f64, tx: f64, t: f64) -> Option<f64> {
        let MbgNbd { r, alpha, a, b } = *self;
        if a == 1.0 {
            return None;
        }
        let z = horizon / (alpha + t + horizon);
        let ln_f = ln_hyp2f1(r + x, b + x + 1.0, a + b + x, z)?;
        let inner = 1.0 - ((r + x) * ((alpha + t) / (alpha + t + horizon)).ln() + ln_f).exp();
        let lead = (a + b + x) / (a - 1.0);
        Some(lead * inner * self.p_alive(x, tx, t))
    }

    /// Expected purchases of a new client in its first `horizon` periods.
    pub fn expected_new(&self, horizon: f64) -> Option<f64> {
        let MbgNbd { r, alpha, a, b } = *self;
        if a == 1.0 {
            return None;
        }
        let ln_f = ln_hyp2f1(r, b + 1.0, a + b, horizon / (alpha + horizon))?;
        Some(b / (a - 1.0) * (1.0 - (r * (alpha / (alpha + horizon)).ln() + ln_f).exp()))
    }

    /// Fits by maximum likelihood, starting from r = a = b = 1 and α the mean observation
    /// time.
    pub fn fit(d: &Repeat) -> Fitted<MbgNbd> {
        let mean_t = d.t.iter().sum::<f64>() / d.len().max(1) as f64;
        let from = |p: &[f64]| MbgNbd {
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
