//! The real CDNOW transactions: every client, value and total checked against a
//! straightforward computation of the definitions, and the scorer against the batch.

#![cfg(not(target_arch = "wasm32"))]

use segmenta::{analyze, ClientInput, Options, Scorer};
use std::collections::{BTreeMap, HashSet};

const CDNOW: &[u8] = include_bytes!("data/cdnow.csv");

struct Expected {
    last: String,
    orders: HashSet<String>,
    cents: i64,
}

/// Per client: last order date, distinct orders, net amount in cents, from the plain CSV.
fn straightforward() -> (BTreeMap<String, Expected>, i64, String) {
    let mut rdr = csv::Reader::from_reader(CDNOW);
    let mut m: BTreeMap<String, Expected> = BTreeMap::new();
    let mut total = 0i64;
    let mut max_date = String::new();
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let (id, order, date, amount) = (&rec[0], &rec[1], &rec[2], &rec[3]);
        let (whole, frac) = amount.split_once('.').unwrap_or((amount, "0"));
        let cents = whole.parse::<i64>().unwrap() * 100
            + format!("{frac:0<2}")[..2].parse::<i64>().unwrap();
        let e = m.entry(id.to_string()).or_insert(Expected {
            last: String::new(),
            orders: HashSet::new(),
            cents: 0,
        });
        if date > e.last.as_str() {
            e.last = date.to_string();
        }
        e.orders.insert(order.to_string());
        e.cents += cents;
        total += cents;
        if date > max_date.as_str() {
            max_date = date.to_string();
        }
    }
    (m, total, max_date)
}

fn days(iso: &str) -> i64 {
    segmenta::calendar::parse_iso(iso).unwrap() as i64
}

#[test]
fn values_match_the_definitions() {
    let report = analyze(CDNOW, &Options::default()).unwrap();
    let (expected, total_cents, max_date) = straightforward();
    let s = report.summary();
    assert_eq!(s.customers, 23_570);
    assert_eq!(s.transactions, 69_659);
    assert_eq!(s.as_of, max_date);
    assert_eq!(s.as_of, "1998-06-30");
    assert_eq!((s.revenue * 100.0).round() as i64, total_cents);
    let a = report.audit();
    assert!(a.reconciled);
    assert_eq!(a.rows_read, 69_659);
    assert_eq!(a.rows_rejected, 0);
    let cols = report.columns();
    let ids = report.ids();
    assert_eq!(ids.len(), expected.len());
    for i in 0..ids.len() {
        let e = &expected[ids.get(i)];
        assert_eq!(
            cols.recency[i] as i64,
            days(&max_date) - days(&e.last),
            "recency of {}",
            ids.get(i)
        );
        assert_eq!(
            cols.frequency[i] as usize,
            e.orders.len(),
            "frequency of {}",
            ids.get(i)
        );
        assert_eq!(cols.revenue[i], e.cents * 100, "monetary of {}", ids.get(i));
    }
    // Leading zeros survive.
    assert_eq!(ids.get(0), "00001");
}

#[test]
fn both_presets_name_every_client() {
    for (opts, preset_names) in [
        (r#"{"segments":"rfm11"}"#, 11),
        (
            r#"{"segments":"ru3","bins":3,"direction":"oneIsBest","lang":"ru"}"#,
            9,
        ),
    ] {
        let o = Options::from_json(opts).unwrap();
        let r = analyze(CDNOW, &o).unwrap();
        let s = r.summary();
        let named: u64 = s
            .rfm
            .segments
            .iter()
            .filter(|g| g.key != "other")
            .map(|g| g.customers)
            .sum();
        assert_eq!(named, 23_570, "{opts}");
        assert_eq!(
            s.rfm.segments.iter().filter(|g| g.key != "other").count(),
            preset_names
        );
        assert!(s.rule_check.uncovered.is_empty());
        if o.lang == segmenta::Lang::Ru {
            assert!(s
                .rfm
                .segments
                .iter()
                .any(|g| g.segment == "Ключевые клиенты" && g.customers > 0));
        }
    }
}

#[test]
fn scorer_reproduces_every_label() {
    for opts in [
        "{}",
        r#"{"bins":3,"direction":"oneIsBest","segments":"ru3","monetary":"average"}"#,
        r#"{"lifecycle":{"relative":true},"xyz":{"method":"revenue","period":"quarter"},"ruleSegments":[{"name":"Big","rule":"revenue > 500 and frequency >= 3"}]}"#,
    ] {
        let o = Options::from_json(opts).unwrap();
        let report = analyze(CDNOW, &o).unwrap();
        let model_json = serde_json::to_string(report.model()).unwrap();
        let scorer = Scorer::new(serde_json::from_str(&model_json).unwrap()).unwrap();
        let cols = report.columns();
        let ids = report.ids();
        for i in (0..ids.len()).step_by(7) {
            let input = ClientInput {
                id: Some(ids.get(i).to_string()),
                last_order_date: Some(segmenta::calendar::iso(cols.last[i])),
                first_order_date: Some(segmenta::calendar::iso(cols.first[i])),
                frequency: Some(cols.frequency[i]),
                revenue: Some(segmenta::money::to_f64(cols.revenue[i])),
                cv: (!cols.cv[i].is_nan()).then_some(cols.cv[i]),
                purchase_days: Some(cols.days[i]),
                gap_cv: (!cols.gap_cv[i].is_nan()).then_some(cols.gap_cv[i]),
                ..ClientInput::default()
            };
            let got = scorer.score(&input).unwrap();
            assert_eq!(
                got,
                report.score_row(i),
                "client {} with {opts}",
                ids.get(i)
            );
        }
    }
}
