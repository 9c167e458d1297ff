// Node: the `node` condition of the package loads segmenta_bg.wasm from disk synchronously,
// so the functions are ready on import; no init() to call.
import { readFileSync } from 'node:fs';
import { analyze } from 'segmenta';

const file = process.argv[2] ?? new URL('./orders.csv', import.meta.url);
const report = analyze(readFileSync(file));
const summary = report.summary();
report.free();

console.log(`${summary.customers} clients, as of ${summary.asOf}`);
for (const s of summary.segments) {
  if (s.customers > 0) console.log(`${s.segment}: ${s.customers}`);
}
