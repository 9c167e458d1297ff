//! `segmenta predict`: the purchase and spend models of a file, their limits, the backtest
//! and CLV by segment, in the terminal; the scored client table with the predictions.

use super::{analyze, arg, Say};
use segmenta::{Backtest, Clv, Report};
use std::fmt::Write as _;

/// `segmenta predict FILE [--options JSON] [--out OUT.csv]`: the `clv` option's defaults
/// unless `--options` sets it.
pub(super) fn predict(args: &[String]) -> Result<(), String> {
    let mut args = args.to_vec();
    let given = arg(&args, "--options").unwrap_or_else(|| "{}".into());
    let mut json: serde_json::Value =
        serde_json::from_str(&given).map_err(|e| format!("--options: {e}"))?;
    if let Some(o) = json.as_object_mut() {
        o.entry("clv").or_insert_with(|| serde_json::json!({}));
    }
    match args.iter().position(|a| a == "--options") {
        Some(i) if i + 1 < args.len() => args[i + 1] = json.to_string(),
        _ => args.extend(["--options".into(), json.to_string()]),
    }
    let r = analyze(&args)?;
    let say = Say { lang: r.lang() };
    let opts = r.options().clv_options().unwrap_or_default();
    let c = r.clv(&opts).map_err(|e| e.text(r.lang()))?;
    print!("{}", text(&r, &c, say));
    if let Some(out) = arg(&args, "--out") {
        let csv = r
            .customers_csv(&segmenta::CsvOptions::excel(r.lang()))
            .map_err(|e| e.text(r.lang()))?;
        std::fs::write(&out, csv).map_err(|e| format!("{out}: {e}"))?;
        eprintln!(
            "{} {out}",
            say.pick(
                "wrote the client table with the predictions to",
                "таблица клиентов с прогнозом записана в"
            )
        );
    }
    Ok(())
}

/// The report's predictions as text.
fn text(r: &Report, c: &Clv, say: Say) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({}, {} {}):",
        say.pick("Predictive value", "Прогноз ценности"),
        match c.model {
            segmenta::clv::PurchaseModel::Mbgnbd => "MBG/NBD + Gamma-Gamma",
            segmenta::clv::PurchaseModel::Bgnbd => "BG/NBD + Gamma-Gamma",
        },
        say.pick("horizon", "горизонт"),
        say.pick(
            &format!("{} months", c.horizon_months),
            &format!("{} мес.", c.horizon_months)
        ),
    );
    for l in &c.limits {
        let head = match l.blocking {
            true => say.pick("cannot predict", "прогноза нет"),
            false => say.pick("caution", "осторожно"),
        };
        let _ = writeln!(out, "  {head}: {}", l.message);
    }
    if c.predictor.is_none() {
        return out;
    }
    let known: Vec<usize> = (0..r.len()).filter(|&i| !c.p_alive[i].is_nan()).collect();
    let n = known.len().max(1) as f64;
    let alive: f64 = known.iter().map(|&i| c.p_alive[i]).sum();
    let total: f64 = known
        .iter()
        .map(|&i| c.clv[i])
        .filter(|v| v.is_finite())
        .sum();
    let purchases: f64 = known.iter().map(|&i| c.expected_purchases[i]).sum();
    let _ = writeln!(
        out,
        "  {}: {}; {}: {}; {}: {}; {}: {}",
        say.pick("clients", "клиентов"),
        say.count(known.len() as u64),
        say.pick("mean P(alive)", "средняя вероятность активности"),
        segmenta::fmt_percent(alive / n, say.lang),
        say.pick("expected purchases", "ожидаемых покупок"),
        say.count(purchases.round() as u64),
        say.pick("CLV in all", "CLV всего"),
        say.money(total),
    );
    by_segment(r, c, say, &mut out);
    if let Some(b) = &c.backtest {
        backtest(b, say, &mut out);
    }
    out
}

/// CLV by RFM segment, the largest total first.
fn by_segment(r: &Report, c: &Clv, say: Say, out: &mut String) {
    let mut groups: std::collections::BTreeMap<String, (u64, f64, f64)> = Default::default();
    for i in 0..r.len() {
        if c.p_alive[i].is_nan() {
            continue;
        }
        let e = groups.entry(r.score_row(i).rfm.segment).or_default();
        e.0 += 1;
        e.1 += c.p_alive[i];
        e.2 += if c.clv[i].is_finite() { c.clv[i] } else { 0.0 };
    }
    let mut rows: Vec<_> = groups.into_iter().collect();
    rows.sort_by(|a, b| b.1 .2.total_cmp(&a.1 .2));
    let _ = writeln!(
        out,
        "  {}",
        say.pick(
            "segment: clients, mean P(alive), CLV per client, CLV in all",
            "сегмент: клиентов, средняя вероятность активности, CLV на клиента, CLV всего"
        )
    );
    for (name, (n, alive, total)) in rows {
        let _ = writeln!(
            out,
            "    {name}: {}, {}, {}, {}",
            say.count(n),
            segmenta::fmt_percent(alive / n as f64, say.lang),
            say.money(total / n as f64),
            say.money(total)
        );
    }
}

/// The backtest: totals, then predicted and actual by calibration frequency.
fn backtest(b: &Backtest, say: Say, out: &mut String) {
    for l in &b.limits {
        let _ = writeln!(
            out,
            "  {}: {}",
            say.pick("no backtest", "проверки на истории нет"),
            l.message
        );
    }
    if !b.limits.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "  {} {} → {}: {} {}, {} {}; {} {}",
        say.pick("backtest", "проверка на истории"),
        b.calibration_end,
        b.holdout_end,
        say.pick("predicted", "предсказано покупок"),
        say.money(b.predicted),
        say.pick("actual", "было"),
        say.count(b.actual as u64),
        say.pick("correlation", "корреляция"),
        b.correlation
            .map_or("—".into(), |v| segmenta::fmt_fixed(v, 2, say.lang)),
    );
    for row in &b.by_frequency {
        let plus = if row.frequency == 7 { "+" } else { "" };
        let _ = writeln!(
            out,
            "    x = {}{plus}: {} {}, {} {}, {} {}",
            row.frequency,
            say.count(row.clients),
            say.pick("clients", "клиентов"),
            say.pick("predicted", "прогноз"),
            segmenta::fmt_fixed(row.predicted, 2, say.lang),
            say.pick("actual", "факт"),
            segmenta::fmt_fixed(row.actual, 2, say.lang),
        );
    }
}
