# workerd configuration for the scoring worker. The package files (pkg/) and model.json sit
# next to this file; `workerd serve config.capnp` listens on 127.0.0.1:8787.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [ (name = "main", worker = .scorer) ],
  sockets = [ (name = "http", address = "127.0.0.1:8787", http = (), service = "main") ],
);

const scorer :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "workerd.js", esModule = embed "workerd.js"),
    (name = "segmenta.js", esModule = embed "segmenta.js"),
    (name = "rows.js", esModule = embed "rows.js"),
    (name = "segmenta_bg.wasm", wasm = embed "segmenta_bg.wasm"),
    (name = "model.json", json = embed "model.json"),
  ],
  compatibilityDate = "2025-01-01",
);
