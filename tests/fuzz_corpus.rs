//! Every input the fuzzers kept (and every crash they found, fixed since) goes through
//! `sniff` and `analyze` without a panic.

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
