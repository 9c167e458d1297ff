#!/usr/bin/env bash
# The main job: builds segmenta and prints the segment summary of the bundled sample
# (a year of orders of a Russian shop, with its clients table).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --release --bin segmenta >&2
mkdir -p target/sample
target/release/segmenta demo-sample --out-dir target/sample
target/release/segmenta summary target/sample/sample-orders.csv --clients target/sample/sample-clients.csv --lang "${LANG_CODE:-ru}"
