//! Golden outputs: the summary, audit, model, explanations, scores and exports of real and
//! realistic files under several configurations, compared byte for byte with the files in
//! `tests/golden/`. A change of any label, name, reason, figure or column shows here.
//!
//! `SEGMENTA_BLESS=1 cargo test --release --test golden` rewrites the files; review their
//! diff like code. Large CSV exports are kept as their SHA-256 and first lines.

#![cfg(not(target_arch = "wasm32"))]

use segmenta::{analyze_with_clients, ClientInput, CsvOptions, Options, Report, Scorer};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::path::PathBuf;

mod common;

const CDNOW: &[u8] = include_bytes!("data/cdnow.csv");

/// One file and the options it is read with; `relabel` is applied to the report after.
struct Case {
    name: &'static str,
    orders: Vec<u8>,
    clients: Option<Vec<u8>>,
    options: &'static str,
    relabel: Option<&'static str>,
}

fn cdnow_clients() -> Vec<u8> {
    let r = segmenta::analyze(CDNOW, &Options::default()).unwrap();
    let ids: Vec<&str> = (0..r.len()).map(|i| r.ids().get(i)).collect();
    segmenta::sample::clients_for(&ids, 500, 7)
}

fn messy() -> Vec<u8> {
    common::messy_1c(&[10])
}

const EVERYTHING_RU: &str = r#"{
  "lang": "ru", "bins": 3, "direction": "oneIsBest", "segments": "ru3",
  "ruleSegments": [
    {"name": "Slipping", "nameRu": "Ускользают", "rule": "recency_days > 60 and frequency >= 2"},
    {"name": "Capital B2B", "rule": "region in [\"Moscow\", \"Saint Petersburg\", \"Москва\"] and type == \"B2B\""},
    {"name": "VIP tag", "rule": "tags contains \"vip\""},
    {"name": "Big AZ", "rule": {"and": [{"cmp": {"field": "abcxyz", "op": "==", "value": "AZ"}}, {"cmp": {"field": "revenue", "op": ">", "value": 100}}]}}
  ],
  "points": {
    "parameters": [
      {"field": "frequency", "ranges": [{"min": 5, "points": 40}, {"min": 2, "points": 20}]},
      {"field": "type", "weight": 2, "categories": [{"values": ["B2B"], "points": 10}]},
      {"field": "tags", "categories": [{"values": ["vip"], "points": 30}]},
      {"field": "lifecycle", "categories": [{"values": ["active", "new"], "points": 15}]}
    ],
    "tiers": [{"name": "average", "nameRu": "Обычный", "min": 0}, {"name": "good", "min": 30}, {"name": "VIP", "min": 70}]
  },
  "playbook": [
    {"key": "vipCall", "when": "points_tier == \"VIP\"", "channel": "call", "priority": 1, "offer": "Call", "offerRu": "Позвонить", "messageRu": "{client}, у нас для вас {segment}: {monetary}"},
    {"key": "winBack", "when": "lifecycle == \"churned\" and abc == \"A\"", "channel": "discount", "priority": 2, "offer": "Win back"},
    {"key": "nurture", "when": "rule_segments contains \"Slipping\"", "channel": "email", "offer": "Nurture", "message": "{client}: {recency_days} days"}
  ],
  "lifecycle": {"relative": true, "newDays": 45},
  "valueTiers": {"by": "average", "vipShare": 0.05},
  "funnel": {"loyalOrders": 2, "warmStatuses": ["думает"]},
  "xyz": {"period": "quarter", "x": 0.2, "y": 0.5},
  "abc": {"a": 0.7, "b": 0.9}
}"#;

const RELABEL_EN: &str = r#"{
  "lang": "en", "bins": 4, "monetary": "average",
  "thresholds": {"recency": [30, 90, 180], "frequency": [2, 3, 5]},
  "valueTiers": {"method": "fixed", "vipMin": 20000, "middleMin": 5000},
  "lifecycle": {"sleepDays": 45, "churnDays": 365},
  "playbook": "none"
}"#;

fn cases() -> Vec<Case> {
    let (demo_orders, demo_clients) = segmenta::sample::demo(1500, "2026-10-31", 2026);
    vec![
        Case {
            name: "cdnow",
            orders: CDNOW.to_vec(),
            clients: Some(cdnow_clients()),
            options: "{}",
            relabel: None,
        },
        Case {
            name: "cdnow_ru_everything",
            orders: CDNOW.to_vec(),
            clients: Some(cdnow_clients()),
            options: EVERYTHING_RU,
            relabel: None,
        },
        Case {
            name: "demo",
            orders: demo_orders.clone(),
            clients: Some(demo_clients.clone()),
            options: r#"{"lang": "ru"}"#,
            relabel: None,
        },
        Case {
            name: "demo_relabel_en",
            orders: demo_orders,
            clients: Some(demo_clients),
            options: r#"{"lang": "ru"}"#,
            relabel: Some(RELABEL_EN),
        },
        Case {
            name: "messy_1c",
            orders: messy(),
            clients: None,
            options: r#"{"lang": "ru", "today": "2026-07-01"}"#,
            relabel: None,
        },
    ]
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap() + "\n"
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::new(), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn head(bytes: &[u8], lines: usize) -> String {
    String::from_utf8_lossy(bytes)
        .split_inclusive('\n')
        .take(lines)
        .collect()
}

/// Every output of a report, by file name.
fn outputs(r: &Report) -> Vec<(String, String)> {
    let mut out = vec![
        ("summary.json".to_string(), json(&r.summary())),
        ("audit.json".to_string(), json(r.audit())),
        ("model.json".to_string(), json(r.model())),
    ];
    let n = r.len();
    let rows: Vec<usize> = [0, 1, 2, n / 3, n / 2, n - 1]
        .into_iter()
        .filter(|&i| i < n)
        .collect();
    let explained: Vec<_> = rows.iter().map(|&i| r.explain_row(i)).collect();
    out.push(("explain.json".to_string(), json(&explained)));
    let scorer = Scorer::new(r.model().clone()).unwrap();
    let cols = r.columns();
    let scored: Vec<_> = rows
        .iter()
        .map(|&i| {
            let has = cols.frequency[i] > 0;
            let input = ClientInput {
                id: Some(r.ids().get(i).to_string()),
                last_order_date: has.then(|| segmenta::calendar::iso(cols.last[i])),
                first_order_date: has.then(|| segmenta::calendar::iso(cols.first[i])),
                frequency: Some(cols.frequency[i]),
                revenue: Some(segmenta::money::to_f64(cols.revenue[i])),
                cv: (!cols.cv[i].is_nan()).then_some(cols.cv[i]),
                purchase_days: Some(cols.days[i]),
                gap_cv: (!cols.gap_cv[i].is_nan()).then_some(cols.gap_cv[i]),
                ..ClientInput::default()
            };
            scorer.score(&input).unwrap()
        })
        .collect();
    out.push(("score.json".to_string(), json(&scored)));
    let csv = CsvOptions::excel(r.lang());
    let customers = r.customers_csv(&csv).unwrap();
    let plain = r
        .customers_csv(&CsvOptions {
            bom: false,
            delimiter: ",".into(),
            decimal: ".".into(),
            ..CsvOptions::default()
        })
        .unwrap();
    let rule = segmenta::criteria::RuleSource::Text(
        "lifecycle in [\"sleeping\", \"churned\"] and frequency >= 2".into(),
    );
    let contacts = r.contacts_csv(&rule, &csv).unwrap();
    let rejected = r.rejected_csv(&csv).unwrap();
    let hashes = format!(
        "customers.csv {}\ncustomers.plain.csv {}\ncontacts.csv {}\nrejected.csv {}\n",
        sha256(&customers),
        sha256(&plain),
        sha256(&contacts),
        sha256(&rejected)
    );
    out.push(("csv.sha256".to_string(), hashes));
    out.push(("customers.head.csv".to_string(), head(&customers, 40)));
    out.push(("contacts.head.csv".to_string(), head(&contacts, 20)));
    out.push(("rejected.csv".to_string(), head(&rejected, 200)));
    out
}

#[test]
fn outputs_equal_the_golden_files() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("SEGMENTA_BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let opts = Options::from_json(case.options).unwrap();
        let mut report = analyze_with_clients(&case.orders, case.clients.as_deref(), &opts)
            .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        if let Some(o) = case.relabel {
            report = report.relabel(&Options::from_json(o).unwrap()).unwrap();
        }
        for (file, text) in outputs(&report) {
            let path = dir.join(format!("{}.{file}", case.name));
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&path).unwrap_or_default();
            if want != text {
                let got = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
                    .join(format!("{}.{file}", case.name));
                std::fs::write(&got, &text).unwrap();
                failures.push(format!(
                    "{} differs (got {})",
                    path.display(),
                    got.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
