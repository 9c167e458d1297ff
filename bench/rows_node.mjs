// Rows from JavaScript in Node (the wasm build): the file's rows as an array of objects
// (what a CRM's API gives) and as columns, read with `analyzeRows`, against `analyze` of
// the file's bytes. Parsing the CSV into objects is not timed. Warm: each timed step runs
// once untimed first.
//   node bench/rows_node.mjs [FILE] [--reps 5]
import { readFileSync } from 'node:fs';
import { initSync, analyze, analyzeRows } from '../pkg/segmenta.js';

const args = process.argv.slice(2);
const file = args[0] && !args[0].startsWith('--') ? args[0] : new URL('../tests/data/cdnow.csv', import.meta.url);
const i = args.indexOf('--reps');
const reps = i >= 0 ? Number(args[i + 1]) : 5;
initSync({ module: readFileSync(new URL('../pkg/segmenta_bg.wasm', import.meta.url)) });

const bytes = readFileSync(file);
const [head, ...lines] = new TextDecoder().decode(bytes).trimEnd().split('\n');
const names = head.split(',');
const objects = lines.map((l) => {
  const f = l.split(',');
  const o = {};
  for (let k = 0; k < names.length; k++) o[names[k]] = f[k];
  return o;
});
const columns = Object.fromEntries(names.map((n, k) => [n, lines.map((l) => l.split(',')[k])]));
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
const opts = { duplicates: 'keep' };
const fromBytes = median(() => analyze(bytes, opts).free());
const fromObjects = median(() => analyzeRows(objects, opts).free());
const fromColumns = median(() => analyzeRows(columns, opts).free());
console.log(`${lines.length} rows: analyze(bytes) ${fromBytes.toFixed(0)} ms, analyzeRows(objects) ${fromObjects.toFixed(0)} ms, analyzeRows(columns) ${fromColumns.toFixed(0)} ms (medians of ${reps})`);
