#!/usr/bin/env bash
# Every test: formatting and lints, native unit/integration/property/doc tests, the
# wasm boundary in Node and headless Chromium, the built package in Node, Deno and workerd
# and from its tarball in Vite, webpack, Node ESM/CJS, Deno, workerd and TypeScript, the
# page, the web component and the CRM applications in Chromium, and the static site behind
# a plain static server. Installs what it needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { echo; echo "== $*" >&2; }

scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy (native and wasm32)"
cargo clippy --all-targets --release -- -D warnings
cargo clippy --lib --release --target wasm32-unknown-unknown -- -D warnings
step "cargo test (unit, integration, property, doc)"
cargo test --release
step "cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib
step "wasm-bindgen tests in Node"
wasm-pack test --mode no-install --node --release -- --test web
step "wasm-bindgen tests in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --mode no-install --headless --chrome \
  --chromedriver "$(command -v chromedriver)" --release -- --test web
step "build pkg/ and load it"
scripts/build-pkg.sh
step "the package in Node, Deno and workerd, and from its tarball in every bundler"
node --test tests/js/
step "the page, the web component and the CRM applications in Chromium"
node --test tests/e2e/
step "the static site (dist/) behind a plain static server"
scripts/build-site.sh
SEGMENTA_SITE=dist node --test tests/e2e/demo.test.mjs tests/e2e/xlsx.test.mjs
echo; echo "all tests passed" >&2
