#!/usr/bin/env bash
# Fuzzes the ingest: `sniff` on any bytes, `analyze` (whole and chunked) with random
# options, `split` (byte ranges merged, compared with one reader), `xlsx` (any bytes as
# an Excel workbook), `state` (any bytes as a saved state; a state updated to the whole
# input) and `events` (any bytes as an events table joined to a report, its triggers run). Installs cargo-fuzz if missing; runs on the stable toolchain (no
# sanitizer).
#   scripts/fuzz.sh [SECONDS per target, default 600] [sniff|analyze|split|xlsx|state|events]
# New inputs that widen coverage are added to fuzz/corpus/<target>; a crash is saved under
# fuzz/artifacts/<target>/ with the command that replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-600}
targets=${2:-"sniff analyze split xlsx state events"}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
for t in $targets; do
  echo "== fuzz $t for ${secs}s" >&2
  RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -a --release "$t" -- -max_total_time="$secs" -max_len=16384
done
