#!/usr/bin/env bash
# Installs what the build and the tests need, idempotently: the wasm32 target, the
# wasm-bindgen CLI at the exact version Cargo.toml pins, wasm-pack, the npm dev tools
# (workerd, Deno, playwright-core, binaryen), and with --browser Debian's chromium and
# chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "# setup: $*" >&2; }

rustup target list --installed | grep -qx wasm32-unknown-unknown || { say "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown; }

pinned=$(sed -nE 's/^wasm-bindgen = "=([0-9.]+)".*/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$pinned" ]; then
  say "cargo install wasm-bindgen-cli --version $pinned"
  cargo install wasm-bindgen-cli --version "$pinned"
fi
command -v wasm-pack >/dev/null || { say "cargo install wasm-pack"; cargo install wasm-pack --version 0.15.1; }

if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -e node_modules/workerd ] || [ ! -x node_modules/.bin/deno ] || [ ! -e node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` (not `npm ci`): the lockfile pins versions, but npm leaves other
  # platforms' optional binaries (Deno, workerd) out of it, which `npm ci` rejects.
  say "npm install"
  npm install --no-audit --no-fund >&2
fi

if [ "${1:-}" = --browser ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "apt-get install chromium chromium-driver"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2
  fi
fi
