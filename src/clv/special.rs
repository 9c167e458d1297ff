//! Special functions in log space: `ln Γ`, the Gauss hypergeometric series ₂F₁ for the
//! arguments the BTYD models give it, and a stable `log(eˣ + eʸ)` / `log(eˣ − eʸ)`.
//!
//! ₂F₁(a, b; c; z) is summed as its power series for 0 ≤ z < 1 with positive a, b, c, term
//! by term with a running scale, so that a series whose terms first grow by hundreds of
//! orders of magnitude (a frequency of 10,000) neither overflows nor loses its small terms;
//! the models never need it outside that domain.

/// `ln Γ(x)` for x > 0 (Lanczos, g = 7, n = 9: relative error below 1e-14), with the
/// reflection formula below 0.5.
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Γ(x) Γ(1 − x) = π / sin(πx)
        let s = (std::f64::consts::PI * x).sin().abs();
        return std::f64::consts::PI.ln() - s.ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// The digamma function ψ(x) = d ln Γ(x) / dx for x > 0: the recurrence ψ(x) = ψ(x + 1) −
/// 1/x up to 10, then the asymptotic series (absolute error below 1e-14).
pub fn digamma(mut x: f64) -> f64 {
    let mut out = 0.0;
    while x < 10.0 {
        out -= 1.0 / x;
        x += 1.0;
    }
    let f = 1.0 / (x * x);
    let series = f
        * (-1.0 / 12.0
            + f * (1.0 / 120.0
                + f * (-1.0 / 252.0
                    + f * (1.0 / 240.0 + f * (-1.0 / 132.0 + f * (691.0 / 32760.0))))));
    out + x.ln() - 0.5 / x + series
}

/// `ln B(a, b)`.
pub fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// `log(eˣ + eʸ)` without overflow.
pub(crate) fn log_add(x: f64, y: f64) -> f64 {
    if x == f64::NEG_INFINITY {
        return y;
    }
    if y == f64::NEG_INFINITY {
        return x;
    }
    let (hi, lo) = if x > y { (x, y) } else { (y, x) };
    hi + (lo - hi).exp().ln_1p()
}

/// `log(eˣ − eʸ)` for x ≥ y (−∞ when they are equal).
pub(crate) fn log_sub(x: f64, y: f64) -> f64 {
    if y == f64::NEG_INFINITY {
        return x;
    }
    if y >= x {
        return f64::NEG_INFINITY;
    }
    x + (-(y - x).exp()).ln_1p()
}

/// At most this many terms of a series.
const MAX_TERMS: usize = 1_000_000;

/// `ln ₂F₁(a, b; c; z)` for a, b, c > 0 and 0 ≤ z < 1, summed with a running scale; `None` when the
/// arguments are outside that domain or the series does not settle in a million terms.
pub fn ln_hyp2f1(a: f64, b: f64, c: f64, z: f64) -> Option<f64> {
    if !(a > 0.0 && b > 0.0 && c > 0.0 && (0.0..1.0).contains(&z)) {
        return None;
    }
    if z == 0.0 {
        return Some(0.0);
    }
    // Terms and their sum are kept divided by e^scale: rescaled when a term grows past
    // 1e250, so the series of a large frequency never overflows.
    const BIG: f64 = 1e250;
    let ln_big = BIG.ln();
    let (mut scale, mut term, mut sum) = (0.0f64, 1.0f64, 1.0f64);
    for k in 0..MAX_TERMS {
        let kf = k as f64;
        let ratio = (a + kf) * (b + kf) / ((c + kf) * (kf + 1.0)) * z;
        term *= ratio;
        if term > BIG {
            term /= BIG;
            sum /= BIG;
            scale += ln_big;
        }
        sum += term;
        // Past the largest terms the ratio is below one: stop once a term no longer
        // changes the sum.
        if ratio < 1.0 && term < sum * 1e-17 {
            return Some(scale + sum.ln());
        }
    }
    None
}

/// [`ln_hyp2f1`] at every `z` of `zs` at once, into `out`: the series' coefficients are
/// shared, so each further argument costs a multiplication and an addition per term.
/// `false` (and `out` unspecified) where [`ln_hyp2f1`] would give `None` for any of them.
pub fn ln_hyp2f1_many(a: f64, b: f64, c: f64, zs: &[f64], out: &mut [f64]) -> bool {
    const BIG: f64 = 1e250;
    const MAX_AT_ONCE: usize = 64;
    if out.len() != zs.len() {
        return false;
    }
    if zs.len() > MAX_AT_ONCE {
        let parts = zs.chunks(MAX_AT_ONCE).zip(out.chunks_mut(MAX_AT_ONCE));
        return parts
            .into_iter()
            .all(|(z, o)| ln_hyp2f1_many(a, b, c, z, o));
    }
    if !(a > 0.0 && b > 0.0 && c > 0.0 && zs.iter().all(|z| (0.0..1.0).contains(z))) {
        return false;
    }
    let n = zs.len();
    let ln_big = BIG.ln();
    let mut scale = [0.0f64; MAX_AT_ONCE];
    let mut term = [1.0f64; MAX_AT_ONCE];
    let mut sum = [1.0f64; MAX_AT_ONCE];
    let mut open = n;
    let mut done = [false; MAX_AT_ONCE];
    for k in 0..MAX_TERMS {
        let kf = k as f64;
        let coefficient = (a + kf) * (b + kf) / ((c + kf) * (kf + 1.0));
        for i in 0..n {
            if done[i] {
                continue;
            }
            let ratio = coefficient * zs[i];
            term[i] *= ratio;
            if term[i] > BIG {
                term[i] /= BIG;
                sum[i] /= BIG;
                scale[i] += ln_big;
            }
            sum[i] += term[i];
            if ratio < 1.0 && term[i] < sum[i] * 1e-17 {
                done[i] = true;
                out[i] = scale[i] + sum[i].ln();
                open -= 1;
            }
        }
        if open == 0 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_arguments_at_once_are_each_one() {
        let zs = [0.0, 0.1, 0.5, 0.8, 0.9];
        let mut out = [0.0; 5];
        for (a, b, c) in [
            (0.3, 2.4, 3.1),
            (10_000.2, 10_002.4, 10_003.1),
            (1.0, 1.0, 2.0),
        ] {
            assert!(ln_hyp2f1_many(a, b, c, &zs, &mut out));
            for (z, got) in zs.iter().zip(out) {
                let want = ln_hyp2f1(a, b, c, *z).unwrap();
                assert!(
                    (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                    "{a} {z}: {got} {want}"
                );
            }
        }
        assert!(!ln_hyp2f1_many(1.0, 1.0, 2.0, &[1.0], &mut [0.0]));
    }

    #[test]
    fn digamma_is_the_derivative_of_ln_gamma() {
        // ψ(1) = −γ, ψ(½) = −γ − 2 ln 2.
        let euler = 0.577_215_664_901_532_9;
        assert!((digamma(1.0) + euler).abs() < 1e-14);
        assert!((digamma(0.5) + euler + 2.0 * 2f64.ln()).abs() < 1e-14);
        for x in [0.01, 0.3, 2.5, 17.0, 1234.5] {
            let h = 1e-5 * x;
            let numeric = (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h);
            assert!(
                (digamma(x) - numeric).abs() < 1e-6 * (1.0 + numeric.abs()),
                "{x}"
            );
        }
    }

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1.0)
    }

    #[test]
    fn ln_gamma_table() {
        // name, x, ln Γ(x)
        let cases: &[(&str, f64, f64)] = &[
            ("one", 1.0, 0.0),
            ("two", 2.0, 0.0),
            ("half", 0.5, 0.572_364_942_924_700_4),
            ("ten", 10.0, 12.801_827_480_081_467),
            ("small", 0.01, 4.599_479_878_042_022),
            ("large", 10_000.5, 82_104.322_654_128_35),
        ];
        for (name, x, want) in cases {
            assert!(
                close(ln_gamma(*x), *want, 1e-12),
                "{name}: {}",
                ln_gamma(*x)
            );
        }
    }

    #[test]
    fn hyp2f1_table() {
        // name, a, b, c, z, ₂F₁ (closed forms: ₂F₁(1,1;2;z) = −ln(1−z)/z,
        // ₂F₁(a,b;b;z) = (1−z)^−a)
        let cases: &[(&str, f64, f64, f64, f64, f64)] = &[
            ("log", 1.0, 1.0, 2.0, 0.5, 2.0 * 2f64.ln()),
            (
                "log near one",
                1.0,
                1.0,
                2.0,
                0.999,
                -(0.001f64.ln()) / 0.999,
            ),
            ("power", 3.5, 2.0, 2.0, 0.3, 0.7f64.powf(-3.5)),
            ("zero", 2.0, 3.0, 4.0, 0.0, 1.0),
        ];
        for (name, a, b, c, z, want) in cases {
            let got = ln_hyp2f1(*a, *b, *c, *z).unwrap().exp();
            assert!(close(got, *want, 1e-12), "{name}: {got} vs {want}");
        }
        // ₂F₁(a,b;b;z) = (1−z)^−a with a = 10,000: about e^3567, finite in log space.
        let ln = ln_hyp2f1(10_000.0, 2.0, 2.0, 0.3).unwrap();
        assert!(close(ln, -10_000.0 * 0.7f64.ln(), 1e-12), "{ln}");
        assert_eq!(ln_hyp2f1(1.0, 1.0, 2.0, 1.0), None);
        assert_eq!(ln_hyp2f1(-1.0, 1.0, 2.0, 0.5), None);
    }

    #[test]
    fn log_add_and_sub() {
        assert!(close(log_add(1000.0, 1000.0), 1000.0 + 2f64.ln(), 1e-15));
        assert!(log_sub(2f64.ln(), 0.0).abs() < 1e-15);
        assert_eq!(log_sub(1.0, 1.0), f64::NEG_INFINITY);
        assert_eq!(log_add(f64::NEG_INFINITY, 3.0), 3.0);
    }
}
