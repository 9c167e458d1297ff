//! Every input the fuzzers kept (and every crash they found, fixed since) goes through
//! `sniff` and `analyze` without a panic; the workbooks of the `xlsx` target through
//! segmenta-xlsx, and the CSV of those it converts through `analyze`.

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
