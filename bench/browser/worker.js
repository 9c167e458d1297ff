// Times segmenta in a module Worker: fetch the file's bytes, analyze, read the columns.
// With `workers` > 1 the file is read in byte ranges on that many nested Workers
// (parallel.js), started with the module as the demo page does; `warm_ms` is a second run.
import { initSync, analyze, memoryBytes, Analyzer } from '/pkg/segmenta.js';
import { analyzeParallel, startWorkers } from '/pkg/parallel.js';

/** One reader streaming a Blob, as the demo page streams a dropped File. */
async function streamBlob(blob, options) {
  const a = new Analyzer(options, blob.size);
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    a.push(value);
  }
  return a.finish();
}

self.onmessage = async ({ data: { url, options, workers, blob } }) => {
  const t0 = performance.now();
  const module = await WebAssembly.compileStreaming(fetch('/pkg/segmenta_bg.wasm'));
  initSync({ module });
  if (workers > 1) await startWorkers(workers - 1, module);
  const t1 = performance.now();
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const t2 = performance.now();
  // With `blob` the bytes are read as a Blob, as the demo page reads a dropped File.
  const source = blob ? new Blob([bytes]) : bytes;
  const run = async () => {
    if (!(workers > 1)) {
      return { report: blob ? await streamBlob(source, options) : analyze(bytes, options), ranges: 1 };
    }
    return analyzeParallel(source, options, { module, workers });
  };
  const { report, ranges, fallback, timings } = await run();
  const c = report.columns();
  const t3 = performance.now();
  // A second run in the same Worker: compiled code and (with workers) the Workers are kept.
  const t4 = performance.now();
  const again = await run();
  again.report.columns();
  const warm_ms = performance.now() - t4;
  const s = report.summary();
  let sumR = 0, sumF = 0, sumM = 0;
  for (let i = 0; i < c.length; i++) {
    if (c.recency[i] >= 0) sumR += c.recency[i] + 1;
    sumF += c.frequency[i];
    sumM += Math.round(c.revenue[i] * 100);
  }
  self.postMessage({
    peer: `segmenta-wasm-chromium${workers > 1 ? `-${workers}w` : ''}${blob ? '-blob' : ''}`,
    init_ms: t1 - t0, read_ms: t2 - t1, compute_ms: t3 - t2, total_ms: t3 - t2, warm_ms,
    ranges, fallback, timings, warm_timings: again.timings,
    wasm_memory_mb: memoryBytes() / 1048576, bytes: bytes.length,
    checksum: `n=${s.customers};sumR=${sumR};sumF=${sumF};sumM=${sumM}`,
  });
};
