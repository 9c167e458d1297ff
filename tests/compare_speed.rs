//! How long `Report::compare` takes on two reports of about 124k clients: the generated
//! 1M-row file (`segmenta gen 1M`) 30 days before its last date against the whole file.
//! Natively `segmenta bench-compare` measures the same; in WebAssembly this test does, with
//! `wasm-pack test --node --release -- --test compare_speed` (it prints the median of 7 runs
//! and fails above 30 ms). `cargo test` skips it: it only runs on wasm32.

#![cfg(target_arch = "wasm32")]

use segmenta::{analyze, Options, Report};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn compare_of_two_124k_client_reports_in_wasm() {
    let mut csv = Vec::new();
    segmenta::sample::transactions_for(1_000_000, 125_000, 20240501, &mut csv).unwrap();
    let after = analyze(&csv, &Options::default()).unwrap();
    let last = after.summary().last_date.unwrap();
    let day = segmenta::calendar::parse_iso(&last).unwrap() - 30;
    let json = format!(r#"{{"asOf": "{}"}}"#, segmenta::calendar::iso(day));
    let before = analyze(&csv, &Options::from_json(&json).unwrap()).unwrap();
    let mut times = Vec::new();
    for _ in 0..7 {
        let t = js_sys::Date::now();
        let c = Report::compare(&before, &after);
        times.push(js_sys::Date::now() - t);
        assert_eq!(c.len(), after.len());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    console_log!(
        "compare {} → {} clients in wasm: median {median:.0} ms over {} runs",
        before.len(),
        after.len(),
        times.len()
    );
    assert!(median <= 30.0, "{median} ms");
}
