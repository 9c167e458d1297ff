#!/usr/bin/env sh
# Copies the built package (pkg/ of the repository, or the directory given) into
# ./segmenta/, where the pages load it from.
#   ./build.sh            # from ../../pkg
#   ./build.sh path/to/node_modules/segmenta
set -eu
here=$(cd "$(dirname "$0")" && pwd)
from=${1:-$here/../../pkg}
if [ ! -f "$from/segmenta.js" ] || [ ! -f "$from/segmenta_bg.wasm" ]; then
  echo "no built package in $from (segmenta.js, segmenta_bg.wasm)" >&2
  exit 1
fi
if [ ! -f "$from/segmenta-report.js" ]; then
  echo "warning: $from has no segmenta-report.js (the <segmenta-report> element)" >&2
fi
rm -rf "$here/segmenta"
mkdir -p "$here/segmenta"
for f in "$from"/*.js "$from"/*.wasm; do
  case $(basename "$f") in
    node.js|workerd.js|xlsx-node.js|xlsx-workerd.js) ;;  # Node and worker entries: not for the page
    *) cp "$f" "$here/segmenta/" ;;
  esac
done
echo "copied $(ls "$here/segmenta" | wc -l | tr -d ' ') files into $here/segmenta/"
