//! Every input the fuzzers kept (and every crash they found, fixed since) goes through
//! `sniff` and `analyze` without a panic; the workbooks of the `xlsx` target through
//! segmenta-xlsx, and the CSV of those it converts through `analyze`; the events tables of
//! the `events` target joined to a report, every row accounted for.

#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

#[test]
fn fuzz_corpus_and_regressions_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut files = 0;
    for dir in [
        "corpus/sniff",
        "corpus/analyze",
        "corpus/split",
        "regressions",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let data = std::fs::read(e.path()).unwrap();
            let opts = segmenta::Options::default();
            let _ = segmenta::sniff(&data, &opts);
            if let Ok(r) = segmenta::analyze(&data, &opts) {
                let _ = r.summary();
                let _ = r.customers_csv(&segmenta::CsvOptions::default());
            }
            files += 1;
        }
    }
    assert!(files > 100, "{files} corpus files");
}

#[test]
fn fuzzed_workbooks_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/xlsx");
    let (mut files, mut converted) = (0, 0);
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let data = std::fs::read(e.path()).unwrap();
        let options = segmenta_xlsx::Options {
            max_bytes: 64 << 20,
            ..segmenta_xlsx::Options::default()
        };
        let _ = segmenta_xlsx::sheet_names(&data);
        if let Ok(out) = segmenta_xlsx::xlsx_to_csv(&data, &options) {
            let _ = segmenta::analyze(&out.csv, &segmenta::Options::default());
            converted += 1;
        }
        files += 1;
    }
    // The seeds (a workbook deflated and stored) convert.
    assert!(
        files > 100 && converted >= 2,
        "{files} workbooks, {converted} converted"
    );
}

#[test]
fn fuzzed_events_tables_never_panic_and_reconcile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/events");
    let orders = "client;email;date;amount\nA;a@x.ru;2024-03-02;100\nB;;2024-03-03;50\n";
    let opts = segmenta::Options::from_json(r#"{"asOf":"2024-03-31"}"#).unwrap();
    let report = segmenta::analyze(orders.as_bytes(), &opts).unwrap();
    let mut files = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let data = std::fs::read(e.path()).unwrap();
        if let Ok(r) = report.with_events(&data) {
            let a = r.events_audit().unwrap();
            assert_eq!(a.rows, a.accepted + a.rejected, "{:?}", e.path());
            assert_eq!(a.accepted, a.matched + a.unknown_client, "{:?}", e.path());
            let _ = r.summary();
        }
        files += 1;
    }
    assert!(files >= 2, "{files} corpus files");
}
