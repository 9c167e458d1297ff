#!/usr/bin/env bash
# The benchmark: builds the native binary and pkg/, generates the data (100k, 1M, 5M rows
# with the project's own generator, plus CDNOW), runs segmenta natively, in Node and in
# headless Chromium, and the peers from ../shared/bench/ when present; prints the table and
# writes bench/RESULTS.md; then times the comparison of the 1M-row file 30 days back with the
# whole file (segmenta bench-compare), and the update of a saved state with the last 3,000
# rows (bench/update_node.mjs), the predictive models on CDNOW (bench/clv_node.mjs) and rows
# from JavaScript (bench/rows_node.mjs). Options are passed to bench/run.mjs, e.g.
#   scripts/bench.sh --sizes 1M --reps 5 --peers plain-js-node,duckdb-wasm-node
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
cargo build --release --bin segmenta >&2
scripts/build-pkg.sh
node bench/run.mjs "$@"
# Who moved: two reports of the 1M-row file (about 124k clients), 30 days apart, compared.
if [ -f bench/data/tx_1M.csv ]; then
  target/release/segmenta bench-compare bench/data/tx_1M.csv --days 30
fi
# New orders without reading the file again: the last 3,000 rows of the 1M-row file added
# to the saved state of the rest, in wasm (Node), against reading the whole file again.
if [ -f bench/data/tx_1M.csv ]; then
  node bench/update_node.mjs bench/data/tx_1M.csv --rows 3000 --reps 5
fi
# Predictive value: report.clv() of CDNOW to 1997-09-30 in wasm (Node).
node bench/clv_node.mjs tests/data/cdnow.csv --reps 5
# Rows from JavaScript: analyzeRows of CDNOW and of the 1M-row file as objects and columns,
# against analyze of the bytes, in wasm (Node).
node bench/rows_node.mjs tests/data/cdnow.csv --reps 5
if [ -f bench/data/tx_1M.csv ]; then
  node bench/rows_node.mjs bench/data/tx_1M.csv --reps 3
fi
