# `npm start` bundles worker.js into dist/worker.js (esbuild with the `workerd` condition, the
# .wasm left out as an import of './segmenta_bg.wasm'), then `workerd serve config.capnp`
# listens on 127.0.0.1:8787 with the bundle and the package's .wasm as a `wasm` module.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .analyzer) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const analyzer :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "dist/worker.js"),
    (name = "segmenta_bg.wasm", wasm = embed "node_modules/segmenta/segmenta_bg.wasm"),
  ],
  compatibilityDate = "2025-01-01",
);
