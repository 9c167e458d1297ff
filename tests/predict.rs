//! Predictive value through the whole library: the `clv` option on the full CDNOW file —
//! the columns, the backtest against the holdout, P(alive) in rules and in the lifecycle,
//! explanations with intervals, the exports — and the fitted model in the Scorer, which
//! predicts one client as the report does.

use segmenta::{analyze, ClientInput, Options, Report, Scorer};

fn cdnow() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow.csv")).unwrap()
}

fn report(options: &str) -> Report {
    analyze(&cdnow(), &Options::from_json(options).unwrap()).unwrap()
}

#[test]
fn the_backtest_follows_the_holdout() {
    let r = report(r#"{"clv":{"calibrationEnd":"1997-09-30"}}"#);
    let c = r.clv(&r.options().clv_options().unwrap()).unwrap();
    let b = c.backtest.as_ref().expect("a backtest");
    assert!(b.limits.is_empty(), "{:?}", b.limits);
    assert_eq!(b.calibration_end, "1997-09-30");
    assert_eq!(b.holdout_end, "1998-06-30");
    // Every client's first purchase is in the first quarter of 1997.
    assert_eq!(b.clients, 23_570);
    // The holdout has 19,684 repeat purchase days; MBG/NBD expects 19 % fewer (BG/NBD 14 %
    // fewer: the holdout holds the 1997 Christmas, which no model of the calibration saw).
    assert_eq!(b.actual, 19_684.0);
    let under = 1.0 - b.predicted / b.actual;
    assert!(
        (0.1..0.25).contains(&under),
        "{} vs {}",
        b.predicted,
        b.actual
    );
    assert_eq!(b.by_frequency.len(), 8);
    assert_eq!(
        b.by_frequency.iter().map(|r| r.clients).sum::<u64>(),
        b.clients
    );
    // The more a client bought, the more they buy: predicted and actual alike rise.
    for w in b.by_frequency.windows(2) {
        assert!(
            w[1].predicted > w[0].predicted && w[1].actual > w[0].actual,
            "{w:?}"
        );
        assert!(
            (w[1].predicted - w[1].actual).abs() < 0.35 * w[1].actual,
            "{w:?}"
        );
    }
    assert!(b.correlation.unwrap() > 0.5, "{:?}", b.correlation);
    assert!(b.expected_alive > b.bought_in_holdout && b.expected_alive < 1.0);
}

/// The sample's transactions as a CSV file.
fn sample_csv() -> Vec<u8> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/clv/cdnow_sample.txt"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = String::from("client,date,amount\n");
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let d = f[2];
        out += &format!("{},{}-{}-{},{}\n", f[1], &d[..4], &d[4..6], &d[6..], f[4]);
    }
    out.into_bytes()
}

/// On the sample, the backtest's BG/NBD is the published calibration fit, and its
/// holdout forecast is lifetimes' at the published parameters (1,653.44 repeat purchases
/// in weeks 40 to 78).
#[test]
fn the_backtest_on_the_sample_is_lifetimes_forecast() {
    let opts = r#"{"clv":{"calibrationEnd":"1997-09-30","model":"bgnbd"}}"#;
    let r = analyze(&sample_csv(), &Options::from_json(opts).unwrap()).unwrap();
    let b = r
        .clv(&r.options().clv_options().unwrap())
        .unwrap()
        .backtest
        .unwrap();
    assert_eq!(b.clients, 2357);
    assert!((b.holdout_periods - 39.0).abs() < 1e-9);
    assert!((b.predicted - 1653.44).abs() < 0.5, "{}", b.predicted);
    assert_eq!(b.actual, 1882.0);
}

#[test]
fn predictions_are_columns_rule_fields_and_explanations() {
    let r = report(
        r#"{"clv":{"backtest":false},"lifecycle":{"churnPAlive":0.3},
            "ruleSegments":[{"name":"Slipping valuable","rule":"p_alive < 0.5 and clv > 20"}]}"#,
    );
    let c = r.clv(&r.options().clv_options().unwrap()).unwrap();
    assert!(c.backtest.is_none());
    let m = c
        .mbgnbd
        .as_ref()
        .expect("MBG/NBD makes the predictions")
        .model;
    assert!(m.a > 0.0 && m.b > 0.0);
    // A one-time buyer's P(alive) falls with time (BG/NBD would hold it at 1).
    let (d, rows) = r.repeat_summary(segmenta::clv::Unit::Week);
    let once: Vec<usize> = (0..d.len()).filter(|&k| d.x[k] == 0.0).collect();
    let p_once: Vec<f64> = once.iter().map(|&k| c.p_alive[rows[k] as usize]).collect();
    assert!(p_once.iter().all(|p| *p < 0.6), "{:?}", &p_once[..5]);
    // The lifecycle calls churned by P(alive): every churned client is below 0.3, every
    // other one with orders at or above it.
    let scores: Vec<_> = (0..r.len()).map(|i| r.score_row(i)).collect();
    let mut seen = 0;
    for (i, s) in scores.iter().enumerate() {
        let p = c.p_alive[i];
        if s.labels.lifecycle.lifecycle == "churned" {
            seen += 1;
            assert!(p < 0.3, "row {i}: churned at P(alive) {p}");
        } else if !p.is_nan() {
            assert!(p >= 0.3, "row {i}: not churned at P(alive) {p}");
        }
    }
    assert!(seen > 1000, "{seen}");
    // The rule segment reads the prediction fields.
    let e = r.explain(r.ids().get(0)).unwrap();
    let p = e.prediction.as_ref().expect("an explained prediction");
    let alive = p.intervals.p_alive.unwrap();
    assert!(
        alive.low < alive.value && alive.value < alive.high,
        "{alive:?}"
    );
    let clv = p.intervals.clv.unwrap();
    assert!(clv.low < clv.value && clv.value < clv.high, "{clv:?}");
    assert!(p.text.contains("MBG/NBD"), "{}", p.text);
    let in_rule = (0..r.len())
        .filter(|&i| c.p_alive[i] < 0.5 && c.clv[i] > 20.0)
        .count();
    let named = scores
        .iter()
        .filter(|s| {
            let names = &s.labels.rule_segments.rule_segments;
            names.iter().any(|n| n == "Slipping valuable")
        })
        .count();
    assert_eq!(named, in_rule);
    assert!(in_rule > 0);
    // The export carries the predictions.
    let csv = String::from_utf8(r.customers_csv(&Default::default()).unwrap()).unwrap();
    let header = csv.lines().next().unwrap();
    for k in ["p_alive", "expected_purchases", "expected_value", "clv"] {
        assert!(header.split(',').any(|h| h == k), "{header}");
    }
}

#[test]
fn the_scorer_predicts_one_client_as_the_report_does() {
    let r = report(r#"{"clv":{"backtest":false}}"#);
    let c = r.clv(&r.options().clv_options().unwrap()).unwrap();
    let model = r.model().clone();
    assert!(model.clv.is_some());
    // Through JSON, as an edge function receives it.
    let json = serde_json::to_string(&model).unwrap();
    let scorer = Scorer::new(serde_json::from_str(&json).unwrap()).unwrap();
    let cols = r.columns();
    let mut checked = 0;
    for i in (0..r.len()).step_by(997) {
        let first = segmenta::calendar::iso(cols.first[i]);
        let last = segmenta::calendar::iso(cols.last[i]);
        let input = ClientInput {
            first_order_date: Some(first),
            last_order_date: Some(last),
            frequency: Some(cols.frequency[i]),
            purchase_days: Some(cols.days[i]),
            revenue: Some(segmenta::money::to_f64(cols.revenue[i])),
            returned: Some(segmenta::money::to_f64(cols.returned[i])),
            first_order_value: Some(segmenta::money::to_f64(cols.first_value[i])),
            ..Default::default()
        };
        let s = scorer.score(&input).unwrap();
        let p = s.prediction.expect("a prediction");
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * (1.0 + b.abs());
        assert!(close(p.p_alive.unwrap().value, c.p_alive[i]), "row {i}");
        assert!(close(p.clv.unwrap().value, c.clv[i]), "row {i}");
        assert!(close(
            p.expected_purchases.unwrap().value,
            c.expected_purchases[i]
        ));
        assert_eq!(
            s.labels.lifecycle.lifecycle,
            r.score_row(i).labels.lifecycle.lifecycle
        );
        checked += 1;
    }
    assert!(checked > 20);
    // A lead has labels and no prediction.
    let lead = scorer.score(&ClientInput::default()).unwrap();
    assert!(lead.prediction.is_none());
    // A model of another version is refused with the reason.
    let old = json.replacen("\"version\":2", "\"version\":1", 1);
    let e = Scorer::new(serde_json::from_str(&old).unwrap())
        .err()
        .unwrap();
    assert!(
        e.to_string().contains("model version 1 is not supported"),
        "{e}"
    );
}

#[test]
fn without_the_option_there_are_no_predictions() {
    let r = report("{}");
    assert!(r.model().clv.is_none());
    assert!(r.explain(r.ids().get(0)).unwrap().prediction.is_none());
    let csv = String::from_utf8(r.customers_csv(&Default::default()).unwrap()).unwrap();
    assert!(!csv.lines().next().unwrap().contains("p_alive"));
    // A bad option is an error that names it.
    let e = Options::from_json(r#"{"clv":{"discount":2}}"#)
        .unwrap()
        .validate()
        .unwrap_err();
    assert!(e.to_string().contains("clv"), "{e}");
    let e = Options::from_json(r#"{"clv":{"calibrationEnd":"30.09.1997"}}"#)
        .unwrap()
        .validate()
        .unwrap_err();
    assert!(e.to_string().contains("calibrationEnd"), "{e}");
}

#[test]
fn the_command_line_prints_the_predictions_in_russian_and_writes_them() {
    let dir = std::env::temp_dir().join(format!("segmenta-predict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("clients.csv");
    let cdnow = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/cdnow.csv");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_segmenta"))
        .args([
            "predict",
            cdnow,
            "--lang",
            "ru",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Thousands are grouped with a no-break space, as Russian writes them.
    let text = String::from_utf8(run.stdout)
        .unwrap()
        .replace(['\u{a0}', '\u{202f}'], " ");
    for want in [
        "Прогноз ценности (MBG/NBD + Gamma-Gamma, горизонт 12 мес.)",
        "клиентов: 23 570",
        "Потерянные: 11 908",
        "проверка на истории",
        "x = 7+",
    ] {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
    let csv = std::fs::read(&out).unwrap();
    let head = String::from_utf8_lossy(&csv[..400]).to_string();
    assert!(
        head.contains("Вероятность активности") && head.contains("CLV (прогноз ценности)"),
        "{head}"
    );
    // A file too small for the models: the reasons, no numbers.
    let small = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dynamic/orders.csv");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_segmenta"))
        .args(["predict", small, "--lang", "ru"])
        .output()
        .unwrap();
    let text = String::from_utf8(run.stdout).unwrap();
    assert!(
        text.contains("прогноза нет: повторно покупали только 5 клиентов"),
        "{text}"
    );
    assert!(!text.contains("CLV всего"), "{text}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn relabelling_in_the_other_language_keeps_the_fits_and_the_backtest() {
    let r = report(r#"{"clv":{"calibrationEnd":"1997-09-30"}}"#);
    let mut ru = r.options().clone();
    ru.lang = segmenta::Lang::Ru;
    let again = r.relabel(&ru).unwrap();
    let opts = again.options().clv_options().unwrap();
    let (a, b) = (r.clv(&opts).unwrap(), again.clv(&opts).unwrap());
    assert_eq!(b.backtest, a.backtest);
    assert_eq!(b.p_alive, a.p_alive);
    // The reasons follow the language.
    let small = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/dynamic/orders.csv");
    let r = analyze(
        &std::fs::read(small).unwrap(),
        &Options::from_json(r#"{"clv":{}}"#).unwrap(),
    )
    .unwrap();
    let opts = r.options().clv_options().unwrap();
    assert!(r.clv(&opts).unwrap().limits[0]
        .message
        .starts_with("only 5 clients"));
    let mut ru = r.options().clone();
    ru.lang = segmenta::Lang::Ru;
    let c = r.relabel(&ru).unwrap().clv(&opts).unwrap();
    assert!(
        c.limits[0]
            .message
            .starts_with("повторно покупали только 5"),
        "{}",
        c.limits[0].message
    );
}
