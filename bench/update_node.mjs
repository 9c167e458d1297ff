// Segments over time in Node (the wasm build): a file's last ROWS rows added to the saved
// state of the rest, against reading the whole file again; the saved state's size per
// client; `compare` of the history's report with the updated one (every client on both
// sides). Warm: every timed step runs once untimed first.
//   node bench/update_node.mjs FILE [--rows 3000] [--reps 5]
import { readFileSync } from 'node:fs';
import { initSync, analyze, compare, Report } from '../pkg/segmenta.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const file = args[0];
const tail = Number(opt('--rows', 3000));
const reps = Number(opt('--reps', 5));
initSync({ module: readFileSync(new URL('../pkg/segmenta_bg.wasm', import.meta.url)) });

const bytes = readFileSync(file);
let cut = bytes.length - 1;
for (let n = 0; n < tail && cut > 0; cut--) if (bytes[cut - 1] === 10) n++;
const history = bytes.subarray(0, cut);
const rows = bytes.subarray(cut);

const median = (f) => {
  f();
  const t = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
};

const report = analyze(history);
const state = report.state();
const ids = report.clientIds();
const idBytes = ids.reduce((n, id) => n + Buffer.byteLength(id), 0);
const clients = report.length;
const updateMs = median(() => report.update(rows).free());
const restoreMs = median(() => Report.fromState(state).free());
const reReadMs = median(() => analyze(bytes).free());
// Who moved between the history and the whole file: two reports of every client compared.
const updated = report.update(rows);
const compareMs = median(() => compare(report, updated).free());
const perClient = (state.length - idBytes) / clients;
const out = {
  file, addedRows: tail, clients,
  stateBytes: state.length, idBytes, bytesPerClientBesideIds: Number(perClient.toFixed(1)),
  updateMs: Number(updateMs.toFixed(1)), fromStateMs: Number(restoreMs.toFixed(1)), reReadMs: Number(reReadMs.toFixed(1)), compareMs: Number(compareMs.toFixed(1)),
};
console.log(`RESULT ${JSON.stringify(out)}`);
