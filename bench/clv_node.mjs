// Predictive value in Node (the wasm build): CDNOW to 1997-09-30 (23,570 clients), the
// analysis untimed, then `report.clv()` — the BTYD summary, BG/NBD and Gamma-Gamma fits and
// every client's P(alive), expected purchases, order value and 12-month CLV — timed, and
// Pareto/NBD's fit apart. Warm: every timed step runs once untimed first.
//   node bench/clv_node.mjs [FILE] [--reps 5]
import { readFileSync } from 'node:fs';
import { initSync, analyze } from '../pkg/segmenta.js';

const args = process.argv.slice(2);
const file = args[0] && !args[0].startsWith('--') ? args[0] : new URL('../tests/data/cdnow.csv', import.meta.url);
const i = args.indexOf('--reps');
const reps = i >= 0 ? Number(args[i + 1]) : 5;
initSync({ module: readFileSync(new URL('../pkg/segmenta_bg.wasm', import.meta.url)) });

const report = analyze(readFileSync(file), { asOf: '1997-09-30' });
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
const clv = median(() => report.clv());
const pareto = median(() => report.clv({ paretoNbd: true })) - clv;
const c = report.clv();
console.log(`report.clv() of ${c.clients} clients: ${clv.toFixed(0)} ms (median of ${reps}); Pareto/NBD's fit adds ${pareto.toFixed(0)} ms`);
