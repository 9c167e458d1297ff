#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (--target web) for segmenta, cargo and
# wasm-bindgen for segmenta-xlsx (the .xlsx reader, a module of its own that only pages
# reading workbooks load), a current wasm-opt from node_modules when present, then
# package.json exports for every runtime. Prints sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${PROFILE:-release}
# `-p segmenta`: built alone, its dependencies keep their own features (built with the
# workspace, they would take the features segmenta-xlsx asks of them too).
wasm-pack build --mode no-install --target web --"$PROFILE" --out-dir pkg . -- -p segmenta >&2
if [ "$PROFILE" = dev ]; then cargo_profile=(); target_dir=debug; else cargo_profile=(--release); target_dir=release; fi
cargo build --lib "${cargo_profile[@]}" --target wasm32-unknown-unknown -p segmenta-xlsx >&2
wasm-bindgen --target web --out-dir pkg --out-name segmenta_xlsx \
  "target/wasm32-unknown-unknown/$target_dir/segmenta_xlsx.wasm"
optimise() {
  # Debian's binaryen is too old for current wasm-bindgen output; the npm one is current.
  node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd --strip-debug --strip-producers \
    "$1" -o "$1.opt"
  mv "$1.opt" "$1"
}
if [ -x node_modules/.bin/wasm-opt ] && [ "${NO_WASM_OPT:-0}" != 1 ]; then
  optimise pkg/segmenta_bg.wasm
  optimise pkg/segmenta_xlsx_bg.wasm
fi
cp README.md pkg/README.md
node scripts/finish-pkg.mjs
for wasm in pkg/segmenta_bg.wasm pkg/segmenta_xlsx_bg.wasm; do
  raw=$(wc -c < "$wasm")
  gz=$(gzip -9 -c "$wasm" | wc -c)
  echo "$wasm: $raw bytes, $gz gzipped" >&2
done
