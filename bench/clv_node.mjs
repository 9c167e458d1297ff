// Predictive value in Node (the wasm build): CDNOW to 1997-09-30 (23,570 clients), the
// analysis untimed, then `report.clv({ model: 'bgnbd' })` — the BTYD summary, BG/NBD and
// Gamma-Gamma fits and every client's P(alive), expected purchases, order value and
// 12-month CLV — timed; the default `report.clv()` (MBG/NBD makes the predictions, BG/NBD
// fitted beside it), Pareto/NBD's fit, and the whole `clv` option of `analyze` (with its
// backtest, which reads the file again to the calibration end) against the analysis
// without it. Warm: every timed step runs once untimed first.
//   node bench/clv_node.mjs [FILE] [--reps 5]
import { readFileSync } from 'node:fs';
import { initSync, analyze } from '../pkg/segmenta.js';

const args = process.argv.slice(2);
const file = args[0] && !args[0].startsWith('--') ? args[0] : new URL('../tests/data/cdnow.csv', import.meta.url);
const i = args.indexOf('--reps');
const reps = i >= 0 ? Number(args[i + 1]) : 5;
initSync({ module: readFileSync(new URL('../pkg/segmenta_bg.wasm', import.meta.url)) });

const bytes = readFileSync(file);
const report = analyze(bytes, { asOf: '1997-09-30' });
const median = (f) => {
  f();
  const t = [];
  for (let k = 0; k < reps; k++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[t.length >> 1];
};
const bg = median(() => report.clv({ model: 'bgnbd' }));
const clv = median(() => report.clv());
const pareto = median(() => report.clv({ paretoNbd: true })) - clv;
const c = report.clv();
const plain = median(() => analyze(bytes, {}).free());
const full = median(() => analyze(bytes, { clv: {} }).free());
console.log(`report.clv({ model: 'bgnbd' }) of ${c.clients} clients: ${bg.toFixed(0)} ms (median of ${reps}); report.clv() (MBG/NBD and BG/NBD): ${clv.toFixed(0)} ms; Pareto/NBD's fit adds ${pareto.toFixed(0)} ms`);
console.log(`analyze(CDNOW, { clv: {} }) with its backtest: ${full.toFixed(0)} ms against ${plain.toFixed(0)} ms without the option`);
