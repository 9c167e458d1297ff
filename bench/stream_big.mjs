// Streams a large file through the wasm Analyzer in 1 MB chunks (as the demo page does from
// File.stream()) and reports throughput and memory: the module's linear memory (its peak)
// and the process's peak RSS, against the file size and the number of clients.
//   node bench/stream_big.mjs FILE [--chunk BYTES]
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { initSync, Analyzer, memoryBytes } from '../pkg/segmenta.js';

const file = process.argv[2];
const i = process.argv.indexOf('--chunk');
const chunk = i > 0 ? Number(process.argv[i + 1]) : 1 << 20;
initSync({ module: readFileSync(new URL('../pkg/segmenta_bg.wasm', import.meta.url)) });
const size = statSync(file).size;
const a = new Analyzer({ duplicates: 'drop' }, size);
const t0 = performance.now();
let maxWasm = 0;
let n = 0;
for await (const piece of createReadStream(file, { highWaterMark: chunk })) {
  a.push(piece);
  if (++n % 64 === 0) maxWasm = Math.max(maxWasm, memoryBytes());
}
const report = a.finish();
const s = report.summary();
const ms = performance.now() - t0;
maxWasm = Math.max(maxWasm, memoryBytes());
const hwm = Number(readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+)/m)[1]) / 1024;
console.log('RESULT ' + JSON.stringify({
  file, bytes: size, rows: report.audit().rowsRead, clients: s.customers, ms: Math.round(ms),
  mb_per_s: Math.round(size / 1e6 / (ms / 1000)), wasm_memory_mb: Math.round(maxWasm / 1048576),
  peak_rss_mb: Math.round(hwm), tables_mb: Math.round(s.memoryBytes / 1048576),
  duplicates_dropped: s.excludedRows,
}));
