#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (--target web), a current wasm-opt from
# node_modules when present, then package.json exports for every runtime. Prints sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${PROFILE:-release}
wasm-pack build --mode no-install --target web --"$PROFILE" --out-dir pkg >&2
if [ -x node_modules/.bin/wasm-opt ] && [ "${NO_WASM_OPT:-0}" != 1 ]; then
  # Debian's binaryen is too old for current wasm-bindgen output; the npm one is current.
  node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-simd --strip-debug --strip-producers \
    pkg/segmenta_bg.wasm -o pkg/segmenta_bg.opt.wasm
  mv pkg/segmenta_bg.opt.wasm pkg/segmenta_bg.wasm
fi
cp README.md pkg/README.md
node scripts/finish-pkg.mjs
raw=$(wc -c < pkg/segmenta_bg.wasm)
gz=$(gzip -9 -c pkg/segmenta_bg.wasm | wc -c)
echo "pkg/segmenta_bg.wasm: $raw bytes, $gz gzipped" >&2
