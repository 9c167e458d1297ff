// One fresh process: segmenta's wasm build in Node on one file, end to end from the file's
// bytes to scored clients. Prints a RESULT line (the peers' format):
//   node bench/segmenta_node.mjs FILE [--mode analyze|stream|floor|warm] [--options JSON] [--chunk BYTES]
// `warm` analyzes the file once untimed and times the second analysis in the same process:
// the steady state of a long-lived page, worker or server once the engine has optimised
// the module (a fresh process pays the engine's compilation of the hot functions).
import { readFileSync } from 'node:fs';
import { initSync, analyze, Analyzer, countLines, memoryBytes } from '../pkg/segmenta.js';

const args = process.argv.slice(2);
const file = args[0];
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const mode = opt('--mode', 'analyze');
const options = JSON.parse(opt('--options', '{"duplicates":"keep"}'));
const chunk = Number(opt('--chunk', 1 << 20));
const hwm = () => Number(readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+)/m)[1]) / 1024;

const wasm = readFileSync(new URL('../pkg/segmenta_bg.wasm', import.meta.url));
const t0 = performance.now();
initSync({ module: wasm });
const initMs = performance.now() - t0;

if (mode === 'warm') analyze(readFileSync(file), options).free();
const t1 = performance.now();
const bytes = readFileSync(file);
const t2 = performance.now();
let result;
let lines = 0;
if (mode === 'floor') {
  lines = countLines(bytes);
} else if (mode === 'stream') {
  const a = new Analyzer(options);
  for (let i = 0; i < bytes.length; i += chunk) a.push(bytes.subarray(i, Math.min(bytes.length, i + chunk)));
  result = a.finish();
} else {
  result = analyze(bytes, options);
}
let cols;
if (result) cols = result.columns();
const t3 = performance.now();

let checksum = `lines=${lines}`;
if (result) {
  const s = result.summary();
  let sumR = 0, sumF = 0, sumM = 0;
  for (let i = 0; i < cols.length; i++) {
    if (cols.recency[i] >= 0) sumR += cols.recency[i] + 1; // the peers measure from the next day
    sumF += cols.frequency[i];
    sumM += Math.round(cols.revenue[i] * 100);
  }
  checksum = `n=${s.customers};sumR=${sumR};sumF=${sumF};sumM=${sumM}`;
}
const r1 = (x) => Math.round(x * 10) / 10;
console.log('RESULT ' + JSON.stringify({
  peer: mode === 'floor' ? 'floor:segmenta-wasm-copy+scan' : `segmenta-wasm-node${mode === 'analyze' ? '' : '-' + mode}`,
  file, read_ms: r1(t2 - t1), compute_ms: r1(t3 - t2), total_ms: r1(t3 - t1), init_ms: r1(initMs),
  peak_rss_mb: r1(hwm()), wasm_memory_mb: r1(memoryBytes() / 1048576), bytes: bytes.length, checksum,
}));
