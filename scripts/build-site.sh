#!/usr/bin/env bash
# Builds the demo as a static site in dist/ (or the directory given): the package when
# pkg/ is missing, then the page, the package and the vendored libraries, nothing resolved
# at serve time. Serve it with any static server, e.g.
#   python3 -m http.server --bind 127.0.0.1 --directory dist 8000
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f node_modules/.bin/wasm-opt ] || scripts/setup.sh
[ -f pkg/segmenta_bg.wasm ] || scripts/build-pkg.sh
node scripts/build-site.mjs "${1:-dist}"
