//! The purchase and spend models against their published results on the CDNOW cohort
//! sample (2,357 clients, calibration 39 weeks to 1997-09-30; `tests/data/clv/`): BG/NBD
//! and Pareto/NBD parameters and log-likelihoods, Gamma-Gamma on the 946 repeat buyers,
//! lifetimes' per-client values at the paper's parameters; the summary data rebuilt from
//! the transactions; and the numerics at the points where other implementations fail.

use segmenta::calendar::day_from_ymd;
use segmenta::clv::{BgNbd, GammaGamma, MbgNbd, ParetoNbd, Repeat, Unit};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/clv");

/// The published summary: (x, tx, T, zbar) per client.
fn summary() -> Repeat {
    let text = std::fs::read_to_string(format!("{DIR}/cdnow_sample_summary.csv")).unwrap();
    let mut d = Repeat::default();
    for line in text.lines().skip(1) {
        let f: Vec<f64> = line.split(',').map(|v| v.parse().unwrap()).collect();
        d.x.push(f[1]);
        d.tx.push(f[2]);
        d.t.push(f[3]);
        d.m.push(f[4]);
        d.holdout.push(0.0);
    }
    d
}

fn rel(got: f64, want: f64) -> f64 {
    ((got - want) / want).abs()
}

#[test]
fn bg_nbd_reproduces_the_published_fit() {
    let d = summary();
    assert_eq!(d.len(), 2357);
    let f = BgNbd::fit(&d);
    let m = f.model;
    for (name, got, want) in [
        ("r", m.r, 0.2426),
        ("alpha", m.alpha, 4.4136),
        ("a", m.a, 0.7929),
        ("b", m.b, 2.4259),
    ] {
        assert!(rel(got, want) < 1e-3, "{name}: {got} vs {want}");
    }
    assert!(
        (f.ln_likelihood - -9582.43).abs() < 0.01,
        "{}",
        f.ln_likelihood
    );
    assert!(f.converged);
    let se = f.standard_errors.unwrap();
    assert!(se.iter().all(|s| *s > 0.0 && s.is_finite()), "{se:?}");
}

/// MBG/NBD against lifetimes 0.11.3's `ModifiedBetaGeoFitter` on the same summary: its fit
/// (r 0.52484, α 6.18299, a 0.89136, b 1.61400, log-likelihood −9582.1327) and, at those
/// parameters, P(alive) and the expected purchases in 39 weeks of four clients and of a
/// new one.
#[test]
fn mbg_nbd_agrees_with_lifetimes() {
    let d = summary();
    let f = MbgNbd::fit(&d);
    let m = f.model;
    for (name, got, want) in [
        ("r", m.r, 0.524838),
        ("alpha", m.alpha, 6.182988),
        ("a", m.a, 0.891356),
        ("b", m.b, 1.614000),
    ] {
        assert!(rel(got, want) < 2e-3, "{name}: {got} vs {want}");
    }
    assert!(f.ln_likelihood > -9582.1327 - 0.01, "{}", f.ln_likelihood);
    assert!(f.converged && f.standard_errors.is_some());
    let at = MbgNbd {
        r: 0.5248377255676623,
        alpha: 6.182988479133949,
        a: 0.8913562809311403,
        b: 1.6140000256721425,
    };
    for (x, tx, t, alive, expected) in [
        (0.0, 0.0, 38.86, 0.38971644, 0.15395364),
        (0.0, 0.0, 30.0, 0.4173771, 0.19954945),
        (2.0, 30.43, 38.86, 0.70612626, 1.26267078),
        (5.0, 20.0, 38.0, 0.29182007, 1.11983013),
    ] {
        let p = at.p_alive(x, tx, t);
        assert!((p - alive).abs() < 1e-7, "P(alive) at x = {x}: {p}");
        let e = at.expected(39.0, x, tx, t).unwrap();
        assert!((e - expected).abs() < 1e-7, "E at x = {x}: {e}");
    }
    for (t, want) in [
        (1.0, 0.053060629),
        (3.0, 0.150793021),
        (32.0, 1.03660937),
        (78.0, 1.80363619),
    ] {
        let got = at.expected_new(t).unwrap();
        assert!((got - want).abs() < 1e-7, "t = {t}: {got}");
    }
    // Unlike BG/NBD, a client who never came back grows less likely to be alive.
    assert!(at.p_alive(0.0, 0.0, 60.0) < at.p_alive(0.0, 0.0, 10.0));
}

#[test]
fn pareto_nbd_reproduces_the_published_fit() {
    let d = summary();
    let f = ParetoNbd::fit(&d);
    let m = f.model;
    for (name, got, want) in [
        ("r", m.r, 0.5532),
        ("alpha", m.alpha, 10.5776),
        ("s", m.s, 0.6062),
        ("beta", m.beta, 11.6679),
    ] {
        assert!(rel(got, want) < 1e-3, "{name}: {got} vs {want}");
    }
    assert!(
        (f.ln_likelihood - -9594.97).abs() < 0.01,
        "{}",
        f.ln_likelihood
    );
    assert!(f.standard_errors.is_some());
}

#[test]
fn gamma_gamma_reproduces_the_published_fit() {
    let d = summary();
    assert_eq!(d.x.iter().filter(|x| **x > 0.0).count(), 946);
    let f = GammaGamma::fit(&d.x, &d.m);
    let m = f.model;
    for (name, got, want) in [
        ("p", m.p, 6.2488),
        ("q", m.q, 3.7446),
        ("gamma", m.gamma, 15.4477),
    ] {
        assert!(rel(got, want) < 1e-3, "{name}: {got} vs {want}");
    }
    assert!(
        (f.ln_likelihood - -4055.92).abs() < 0.01,
        "{}",
        f.ln_likelihood
    );
}

#[test]
fn per_client_values_at_the_papers_parameters() {
    let m = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    let e = m.expected(39.0, 2.0, 30.43, 38.86).unwrap();
    assert!((e - 1.226).abs() < 5e-4, "{e}");
    let p0 = m.p_purchases_new(39.0, 0);
    assert!((p0 - 0.5737864).abs() < 1e-6, "{p0}");
    let p10 = m.p_purchases_new(2.0, 10);
    assert!(rel(p10, 1.07869e-7) < 1e-4, "{p10}");
    // The probabilities of 0, 1, 2, … purchases add up to one.
    let total: f64 = (0..400).map(|n| m.p_purchases_new(39.0, n)).sum();
    assert!((total - 1.0).abs() < 1e-6, "{total}");
    // A new client's expected purchases, at the fitted parameters to four decimals
    // (CLVTools'): the parameters' rounding moves the fourth decimal by up to 4.
    let fitted = BgNbd {
        r: 0.2426,
        alpha: 4.4136,
        a: 0.7929,
        b: 2.4259,
    };
    for (t, want) in [(1.0, 0.0532), (3.0, 0.1506), (32.0, 1.0437), (78.0, 1.8576)] {
        let got = fitted.expected_new(t).unwrap();
        assert!((got - want).abs() < 5e-4, "t = {t}: {got}");
    }
    // P(alive): certain without repeats, lower the longer since the last one.
    assert_eq!(m.p_alive(0.0, 0.0, 38.86), 1.0);
    assert!(m.p_alive(2.0, 30.43, 38.86) > m.p_alive(2.0, 10.0, 38.86));
}

#[test]
fn the_summary_is_rebuilt_from_the_transactions() {
    // " 00004 0001 19970101  2   29.33": client, client in the sample, date, CDs, amount.
    let text = std::fs::read_to_string(format!("{DIR}/cdnow_sample.txt")).unwrap();
    let mut purchases = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if ids.last().map(String::as_str) != Some(f[1]) {
            ids.push(f[1].to_string());
        }
        let date = f[2];
        let day = day_from_ymd(
            date[..4].parse().unwrap(),
            date[4..6].parse().unwrap(),
            date[6..].parse().unwrap(),
        )
        .unwrap();
        purchases.push((ids.len() as u32 - 1, day, f[4].parse::<f64>().unwrap()));
    }
    let end = day_from_ymd(1997, 9, 30).unwrap();
    let (d, clients) = Repeat::from_purchases(&purchases, end, Unit::Week);
    let published = summary();
    assert_eq!(d.len(), published.len());
    assert_eq!(clients.len(), d.len());
    for i in 0..d.len() {
        assert_eq!(d.x[i], published.x[i], "client {i}: x");
        assert!(
            (d.tx[i] - published.tx[i]).abs() < 0.006,
            "client {i}: tx {}",
            d.tx[i]
        );
        assert!(
            (d.t[i] - published.t[i]).abs() < 0.006,
            "client {i}: T {}",
            d.t[i]
        );
        assert!(
            (d.m[i] - published.m[i]).abs() < 0.006,
            "client {i}: zbar {}",
            d.m[i]
        );
    }
    // The holdout: the purchase days after the calibration end, counted here directly.
    let mut days: Vec<(u32, i32)> = purchases
        .iter()
        .filter(|p| p.1 > end)
        .map(|p| (p.0, p.1))
        .collect();
    days.dedup();
    let holdout: f64 = d.holdout.iter().sum();
    assert_eq!(holdout, days.len() as f64);
}

#[test]
fn no_nan_or_overflow_where_other_implementations_fail() {
    let bg = BgNbd {
        r: 0.243,
        alpha: 4.414,
        a: 0.793,
        b: 2.426,
    };
    let pn = ParetoNbd {
        r: 0.5532,
        alpha: 10.5776,
        s: 0.6062,
        beta: 11.6679,
    };
    let weeks_10y = 520.0;
    // Frequencies from 200 (P(alive) NaN elsewhere) to 10,000, ages up to ten years.
    for &x in &[1.0, 200.0, 300.0, 1000.0, 10_000.0] {
        for &(tx, t) in &[(10.0, 39.0), (weeks_10y - 1.0, weeks_10y), (1.0, weeks_10y)] {
            let ll = bg.ln_likelihood_one(x, tx, t);
            assert!(ll.is_finite(), "BG/NBD ll at x = {x}, tx = {tx}, T = {t}");
            let alive = bg.p_alive(x, tx, t);
            assert!((0.0..=1.0).contains(&alive), "BG/NBD P(alive) {alive}");
            let e = pn.ln_likelihood_one(x, tx, t).unwrap();
            assert!(
                e.is_finite(),
                "Pareto/NBD ll at x = {x}, tx = {tx}, T = {t}: {e}"
            );
            let alive = pn.p_alive(x, tx, t).unwrap();
            assert!((0.0..=1.0).contains(&alive), "Pareto/NBD P(alive) {alive}");
        }
    }
    // α > β takes the other branch of the hypergeometric term.
    let flipped = ParetoNbd {
        alpha: 20.0,
        beta: 2.0,
        ..pn
    };
    for &x in &[1.0, 300.0, 10_000.0] {
        let v = flipped.ln_likelihood_one(x, 30.0, 39.0).unwrap();
        assert!(v.is_finite(), "{x}: {v}");
    }
    // Expected purchases of a heavy buyer stay finite.
    let heavy = bg.expected(52.0, 10_000.0, 519.0, 520.0).unwrap();
    assert!(heavy.is_finite() && heavy > 0.0, "{heavy}");
}

#[test]
fn a_report_predicts_every_client_or_says_why_not() {
    // The full CDNOW file to 1997-09-30: 23,570 clients.
    let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow.csv")).unwrap();
    let opts = segmenta::Options::from_json(r#"{"asOf":"1997-09-30"}"#).unwrap();
    let r = segmenta::analyze(&data, &opts).unwrap();
    let t = std::time::Instant::now();
    let c = r.clv(&segmenta::ClvOptions::default()).unwrap();
    eprintln!(
        "CDNOW to 1997-09-30: the three fits and every client in {:?}",
        t.elapsed()
    );
    assert_eq!(c.clients, 23_570);
    assert!(c.limits.iter().all(|l| !l.blocking), "{:?}", c.limits);
    let bg = c.bgnbd.as_ref().unwrap().model;
    // The full cohort's BG/NBD is close to the 1/10 sample's.
    assert!(
        (bg.r - 0.2426).abs() < 0.05 && (bg.a - 0.7929).abs() < 0.2,
        "{bg:?}"
    );
    for i in 0..r.len() {
        let p = c.p_alive[i];
        assert!((0.0..=1.0).contains(&p), "row {i}: {p}");
        assert!(
            c.clv[i].is_finite() && c.clv[i] >= 0.0,
            "row {i}: {}",
            c.clv[i]
        );
    }
    // A client who bought often and recently is likelier alive than one long gone.
    let (d, rows) = r.repeat_summary(Unit::Week);
    for (name, fit) in [
        ("BG/NBD", &(|| drop(BgNbd::fit(&d))) as &dyn Fn()),
        ("Pareto/NBD", &|| drop(ParetoNbd::fit(&d))),
        ("Gamma-Gamma", &|| drop(GammaGamma::fit(&d.x, &d.m))),
    ] {
        let t = std::time::Instant::now();
        fit();
        eprintln!("{name} on CDNOW: {:?}", t.elapsed());
    }
    let best = (0..d.len())
        .max_by(|&a, &b| d.x[a].total_cmp(&d.x[b]))
        .unwrap();
    let lapsed = (0..d.len())
        .find(|&k| d.x[k] >= 3.0 && d.t[k] - d.tx[k] > 25.0)
        .unwrap();
    assert!(c.p_alive[rows[best] as usize] > c.p_alive[rows[lapsed] as usize]);
    // Six clients in two months: no numbers, the reasons instead.
    let small = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/dynamic/orders.csv"
    ))
    .unwrap();
    let r = segmenta::analyze(
        &small,
        &segmenta::Options::from_json(r#"{"lang":"ru"}"#).unwrap(),
    )
    .unwrap();
    let c = r.clv(&segmenta::ClvOptions::default()).unwrap();
    let keys: Vec<&str> = c.limits.iter().map(|l| l.key).collect();
    assert_eq!(keys, ["fewRepeatBuyers", "shortHistory"]);
    assert!(
        c.limits[0]
            .message
            .starts_with("повторно покупали только 5 клиентов"),
        "{}",
        c.limits[0].message
    );
    assert!(c.bgnbd.is_none() && c.clv.iter().all(|v| v.is_nan()));
}
