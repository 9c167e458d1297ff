//! Maximum likelihood on the logarithms of the (positive) parameters: quasi-Newton (BFGS
//! with a backtracking line search) where the likelihood comes with its gradient, and
//! Nelder–Mead — restarted from its best point until a restart no longer improves it —
//! without derivatives or when BFGS does not converge; then standard errors from a
//! finite-difference Hessian of the negative log-likelihood in the parameters themselves.

/// The outcome of a minimisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Minimum {
    /// The parameters at the minimum (not their logarithms).
    pub params: Vec<f64>,
    /// The objective there.
    pub value: f64,
    /// Objective evaluations.
    pub evaluations: u32,
    /// Whether the simplex shrank below the tolerance and a restart did not move it.
    pub converged: bool,
}

/// Evaluations allowed per minimisation.
const MAX_EVALUATIONS: u32 = 40_000;

/// Minimises `f` over positive parameters from `start`, searching their logarithms. `f`
/// returns a finite value where it is defined (+∞ or NaN elsewhere: treated as +∞).
pub fn minimise(f: impl Fn(&[f64]) -> f64, start: &[f64]) -> Minimum {
    let n = start.len();
    let mut evaluations = 0u32;
    let mut g = |y: &[f64]| {
        evaluations += 1;
        let p: Vec<f64> = y.iter().map(|v| v.exp()).collect();
        let v = f(&p);
        if v.is_finite() {
            v
        } else {
            f64::INFINITY
        }
    };
    let mut best: Vec<f64> = start.iter().map(|v| v.max(1e-12).ln()).collect();
    let mut best_value = g(&best);
    let mut converged = false;
    for _restart in 0..20 {
        let (y, v, shrank) = nelder_mead(&mut g, &best, n, best_value);
        let improved = best_value - v > 1e-10 * (1.0 + v.abs());
        if v < best_value {
            best = y;
            best_value = v;
        }
        if shrank && !improved {
            converged = true;
            break;
        }
    }
    Minimum {
        params: best.iter().map(|v| v.exp()).collect(),
        value: best_value,
        evaluations,
        converged,
    }
}

/// Iterations allowed per quasi-Newton minimisation.
const MAX_ITERATIONS: u32 = 500;

/// Minimises `f` over positive parameters from `start` by BFGS on their logarithms; `f`
/// returns the objective at the parameters and writes its gradient with respect to them
/// into the second argument (+∞ or NaN where it is not defined). Converged when the
/// gradient in the logarithms is below 1e-8 (relative to the objective); when it does not
/// converge, Nelder–Mead goes on from the best point (`minimise`).
pub fn minimise_smooth(f: impl Fn(&[f64], &mut [f64]) -> f64, start: &[f64]) -> Minimum {
    let n = start.len();
    let mut evaluations = 0u32;
    let mut grad_p = vec![0.0; n];
    // The objective and its gradient in y = ln p: ∂f/∂y = p ∂f/∂p.
    let mut eval = |y: &[f64], g: &mut [f64]| {
        evaluations += 1;
        let p: Vec<f64> = y.iter().map(|v| v.exp()).collect();
        let v = f(&p, &mut grad_p);
        for i in 0..n {
            g[i] = grad_p[i] * p[i];
        }
        if v.is_finite() && g.iter().all(|x| x.is_finite()) {
            v
        } else {
            f64::INFINITY
        }
    };
    let mut y: Vec<f64> = start.iter().map(|v| v.max(1e-12).ln()).collect();
    let mut g = vec![0.0; n];
    let mut fy = eval(&y, &mut g);
    let mut h = identity(n);
    let mut converged = false;
    let (mut y_new, mut g_new) = (vec![0.0; n], vec![0.0; n]);
    for iteration in 0..MAX_ITERATIONS {
        if !fy.is_finite() {
            break;
        }
        if g.iter().all(|x| x.abs() <= 1e-8 * (1.0 + fy.abs())) {
            converged = true;
            break;
        }
        let mut d: Vec<f64> = (0..n)
            .map(|i| -(0..n).map(|j| h[i][j] * g[j]).sum::<f64>())
            .collect();
        let mut slope: f64 = d.iter().zip(&g).map(|(a, b)| a * b).sum();
        if slope >= 0.0 {
            h = identity(n);
            d = g.iter().map(|v| -v).collect();
            slope = -g.iter().map(|v| v * v).sum::<f64>();
        }
        // At most a unit step in any logarithm (a factor e in a parameter).
        let longest = d.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut step = if longest > 1.0 { 1.0 / longest } else { 1.0 };
        let mut f_new = f64::INFINITY;
        let mut accepted = false;
        while step > 1e-16 {
            for i in 0..n {
                y_new[i] = y[i] + step * d[i];
            }
            f_new = eval(&y_new, &mut g_new);
            if f_new <= fy + 1e-4 * step * slope {
                accepted = true;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            break;
        }
        let s: Vec<f64> = (0..n).map(|i| y_new[i] - y[i]).collect();
        let dg: Vec<f64> = (0..n).map(|i| g_new[i] - g[i]).collect();
        let sy: f64 = s.iter().zip(&dg).map(|(a, b)| a * b).sum();
        if sy > 1e-12 {
            if iteration == 0 {
                // Scale the first inverse Hessian to the curvature just seen.
                let yy: f64 = dg.iter().map(|v| v * v).sum();
                h = identity(n);
                for (i, row) in h.iter_mut().enumerate() {
                    row[i] = sy / yy;
                }
            }
            bfgs_update(&mut h, &s, &dg, sy);
        }
        y.copy_from_slice(&y_new);
        g.copy_from_slice(&g_new);
        let settled = (fy - f_new).abs() <= 1e-15 * (1.0 + fy.abs());
        fy = f_new;
        if settled && g.iter().all(|x| x.abs() <= 1e-6 * (1.0 + fy.abs())) {
            converged = true;
            break;
        }
    }
    let params: Vec<f64> = y.iter().map(|v| v.exp()).collect();
    if converged {
        return Minimum {
            params,
            value: fy,
            evaluations,
            converged,
        };
    }
    let scratch = std::cell::RefCell::new(vec![0.0; n]);
    let mut m = minimise(|p: &[f64]| f(p, &mut scratch.borrow_mut()), &params);
    m.evaluations += evaluations;
    m
}

fn identity(n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|i| (0..n).map(|j| (i == j) as u8 as f64).collect())
        .collect()
}

/// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1 / (yᵀ s).
// Linear algebra on a 3×3 or 4×4 matrix reads best with its indices.
#[allow(clippy::needless_range_loop)]
fn bfgs_update(h: &mut [Vec<f64>], s: &[f64], y: &[f64], sy: f64) {
    let n = s.len();
    let rho = 1.0 / sy;
    let hy: Vec<f64> = (0..n)
        .map(|i| (0..n).map(|j| h[i][j] * y[j]).sum())
        .collect();
    let yhy: f64 = (0..n).map(|i| y[i] * hy[i]).sum();
    for i in 0..n {
        for j in 0..n {
            h[i][j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
        }
    }
}

/// One Nelder–Mead run from `x0` (value `f0`) with a simplex of steps 0.5 in each log
/// coordinate; the best point, its value and whether the simplex shrank below tolerance.
fn nelder_mead(
    g: &mut impl FnMut(&[f64]) -> f64,
    x0: &[f64],
    n: usize,
    f0: f64,
) -> (Vec<f64>, f64, bool) {
    let mut simplex: Vec<(Vec<f64>, f64)> = vec![(x0.to_vec(), f0)];
    for i in 0..n {
        let mut x = x0.to_vec();
        x[i] += 0.5;
        let v = g(&x);
        simplex.push((x, v));
    }
    let mut used = 0u32;
    let budget = MAX_EVALUATIONS / 20;
    loop {
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (lo, hi) = (simplex[0].1, simplex[n].1);
        let size = simplex
            .iter()
            .skip(1)
            .map(|(x, _)| {
                x.iter()
                    .zip(&simplex[0].0)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f64::max)
            })
            .fold(0.0, f64::max);
        if (hi - lo).abs() <= 1e-12 * (1.0 + lo.abs()) && size < 1e-9 {
            return (simplex[0].0.clone(), lo, true);
        }
        if used >= budget {
            return (simplex[0].0.clone(), lo, false);
        }
        let centroid: Vec<f64> = (0..n)
            .map(|j| simplex[..n].iter().map(|(x, _)| x[j]).sum::<f64>() / n as f64)
            .collect();
        let along = |t: f64, worst: &[f64]| -> Vec<f64> {
            centroid
                .iter()
                .zip(worst)
                .map(|(c, w)| c + t * (w - c))
                .collect()
        };
        let worst = simplex[n].0.clone();
        let reflected = along(-1.0, &worst);
        let fr = g(&reflected);
        used += 1;
        if fr < simplex[0].1 {
            let expanded = along(-2.0, &worst);
            let fe = g(&expanded);
            used += 1;
            simplex[n] = if fe < fr {
                (expanded, fe)
            } else {
                (reflected, fr)
            };
            continue;
        }
        if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
            continue;
        }
        let (contracted, fc) = if fr < simplex[n].1 {
            let c = along(-0.5, &worst);
            let v = g(&c);
            (c, v)
        } else {
            let c = along(0.5, &worst);
            let v = g(&c);
            (c, v)
        };
        used += 1;
        if fc < simplex[n].1.min(fr) {
            simplex[n] = (contracted, fc);
            continue;
        }
        // Shrink towards the best point.
        let best = simplex[0].0.clone();
        for item in simplex.iter_mut().skip(1) {
            let x: Vec<f64> = item
                .0
                .iter()
                .zip(&best)
                .map(|(x, b)| b + 0.5 * (x - b))
                .collect();
            let v = g(&x);
            *item = (x, v);
            used += 1;
        }
    }
}

/// The covariance of the parameters at the minimum `p` of `f` (a negative
/// log-likelihood): the inverse of its Hessian, by central differences; `None` when the
/// Hessian is not positive definite there.
pub fn covariance(f: impl Fn(&[f64]) -> f64, p: &[f64]) -> Option<Vec<Vec<f64>>> {
    let n = p.len();
    let h: Vec<f64> = p.iter().map(|v| 1e-4 * v.abs().max(1e-6)).collect();
    let at = |d: &[(usize, f64)]| {
        let mut q = p.to_vec();
        for &(i, s) in d {
            q[i] += s;
        }
        f(&q)
    };
    let f0 = f(p);
    let mut hess = vec![vec![0.0; n]; n];
    for i in 0..n {
        hess[i][i] = (at(&[(i, h[i])]) - 2.0 * f0 + at(&[(i, -h[i])])) / (h[i] * h[i]);
        for j in 0..i {
            let v = (at(&[(i, h[i]), (j, h[j])])
                - at(&[(i, h[i]), (j, -h[j])])
                - at(&[(i, -h[i]), (j, h[j])])
                + at(&[(i, -h[i]), (j, -h[j])]))
                / (4.0 * h[i] * h[j]);
            hess[i][j] = v;
            hess[j][i] = v;
        }
    }
    let inv = invert(hess)?;
    let proper = (0..n).all(|i| inv[i][i] > 0.0 && inv[i][i].is_finite());
    proper.then_some(inv)
}

/// [`covariance`] from the gradient of `f` (written into its second argument): the
/// Hessian by central differences of the gradient, symmetrised.
// Linear algebra on a 3×3 or 4×4 matrix reads best with its indices.
#[allow(clippy::needless_range_loop)]
pub fn covariance_from_gradient(
    f: impl Fn(&[f64], &mut [f64]) -> f64,
    p: &[f64],
) -> Option<Vec<Vec<f64>>> {
    let n = p.len();
    let mut hess = vec![vec![0.0; n]; n];
    let (mut up, mut down) = (vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        let h = 1e-5 * p[i].abs().max(1e-6);
        let mut q = p.to_vec();
        q[i] = p[i] + h;
        f(&q, &mut up);
        q[i] = p[i] - h;
        f(&q, &mut down);
        for j in 0..n {
            hess[i][j] = (up[j] - down[j]) / (2.0 * h);
        }
    }
    for i in 0..n {
        for j in 0..i {
            let v = 0.5 * (hess[i][j] + hess[j][i]);
            hess[i][j] = v;
            hess[j][i] = v;
        }
    }
    let inv = invert(hess)?;
    let proper = (0..n).all(|i| inv[i][i] > 0.0 && inv[i][i].is_finite());
    proper.then_some(inv)
}

/// The standard errors at the minimum `p` of the negative log-likelihood `f`: the square
/// roots of [`covariance`]'s diagonal.
pub fn standard_errors(f: impl Fn(&[f64]) -> f64, p: &[f64]) -> Option<Vec<f64>> {
    covariance(f, p).map(|c| (0..c.len()).map(|i| c[i][i].sqrt()).collect())
}

/// The inverse of a symmetric positive definite matrix (Cholesky); `None` when it is not.
// Linear algebra on a 3×3 or 4×4 matrix reads best with its indices.
#[allow(clippy::needless_range_loop)]
fn invert(m: Vec<Vec<f64>>) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut l = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..=i {
            let s: f64 = (0..j).map(|k| l[i][k] * l[j][k]).sum();
            if i == j {
                let d = m[i][i] - s;
                if d <= 0.0 || !d.is_finite() {
                    return None;
                }
                l[i][i] = d.sqrt();
            } else {
                l[i][j] = (m[i][j] - s) / l[j][j];
            }
        }
    }
    // Solve L Lᵀ X = I column by column.
    let mut inv = vec![vec![0.0; n]; n];
    for col in 0..n {
        let mut y = vec![0.0; n];
        for i in 0..n {
            let s: f64 = (0..i).map(|k| l[i][k] * y[k]).sum();
            y[i] = ((i == col) as u8 as f64 - s) / l[i][i];
        }
        for i in (0..n).rev() {
            let s: f64 = (i + 1..n).map(|k| l[k][i] * inv[k][col]).sum();
            inv[i][col] = (y[i] - s) / l[i][i];
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_a_skewed_bowl_and_its_curvature() {
        // (ln x − 1)² + 10 (ln y + 2)² + (ln x − 1)(ln y + 2): minimum at x = e, y = e⁻².
        let f = |p: &[f64]| {
            let (u, v) = (p[0].ln() - 1.0, p[1].ln() + 2.0);
            u * u + 10.0 * v * v + u * v
        };
        let m = minimise(f, &[1.0, 1.0]);
        assert!(m.converged);
        assert!((m.params[0] - 1f64.exp()).abs() < 1e-6, "{:?}", m.params);
        assert!((m.params[1] - (-2f64).exp()).abs() < 1e-7, "{:?}", m.params);
        // A quadratic in the parameters: ½ pᵀ H p with H = diag(4, 1) → standard errors of
        // the inverse: ½ and 1.
        let q = |p: &[f64]| 2.0 * (p[0] - 1.0).powi(2) + 0.5 * (p[1] - 2.0).powi(2);
        let se = standard_errors(q, &[1.0, 2.0]).unwrap();
        assert!(
            (se[0] - 0.5).abs() < 1e-6 && (se[1] - 1.0).abs() < 1e-6,
            "{se:?}"
        );
        // No curvature: no standard errors.
        assert!(standard_errors(|_| 1.0, &[1.0, 2.0]).is_none());
    }

    #[test]
    fn quasi_newton_finds_the_same_minimum_with_far_fewer_evaluations() {
        // The bowl above with its gradient in the parameters.
        let f = |p: &[f64], g: &mut [f64]| {
            let (u, v) = (p[0].ln() - 1.0, p[1].ln() + 2.0);
            g[0] = (2.0 * u + v) / p[0];
            g[1] = (20.0 * v + u) / p[1];
            u * u + 10.0 * v * v + u * v
        };
        let m = minimise_smooth(f, &[1.0, 1.0]);
        assert!(m.converged && m.evaluations < 40, "{m:?}");
        assert!((m.params[0] - 1f64.exp()).abs() < 1e-7, "{:?}", m.params);
        assert!((m.params[1] - (-2f64).exp()).abs() < 1e-8, "{:?}", m.params);
        // A gradient that lies: BFGS fails, Nelder–Mead still finds the minimum.
        let wrong = |p: &[f64], g: &mut [f64]| {
            let (u, v) = (p[0].ln() - 1.0, p[1].ln() + 2.0);
            g[0] = -1.0;
            g[1] = 1.0;
            u * u + 10.0 * v * v + u * v
        };
        let m = minimise_smooth(wrong, &[1.0, 1.0]);
        assert!(m.converged);
        assert!((m.params[0] - 1f64.exp()).abs() < 1e-6, "{:?}", m.params);
    }
}
