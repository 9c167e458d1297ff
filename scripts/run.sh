#!/usr/bin/env bash
# The main job: builds the WebAssembly package and serves the demo page (with the sample
# loaded) on http://127.0.0.1:$PORT/ (default 8080; PORT=0 picks a free port). Everything
# runs in the browser; the server only hands out the static files. Ctrl+C stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build-pkg.sh
exec node scripts/serve.mjs "${PORT:-8080}"
