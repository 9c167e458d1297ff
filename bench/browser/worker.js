// Times segmenta in a module Worker: fetch the file's bytes, analyze, read the columns.
import init, { analyze, memoryBytes } from '/pkg/segmenta.js';

self.onmessage = async ({ data: { url, options } }) => {
  const t0 = performance.now();
  await init({ module_or_path: '/pkg/segmenta_bg.wasm' });
  const t1 = performance.now();
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const t2 = performance.now();
  const report = analyze(bytes, options);
  const c = report.columns();
  const t3 = performance.now();
  const s = report.summary();
  let sumR = 0, sumF = 0, sumM = 0;
  for (let i = 0; i < c.length; i++) {
    if (c.recency[i] >= 0) sumR += c.recency[i] + 1;
    sumF += c.frequency[i];
    sumM += Math.round(c.revenue[i] * 100);
  }
  self.postMessage({
    peer: 'segmenta-wasm-chromium', init_ms: t1 - t0, read_ms: t2 - t1, compute_ms: t3 - t2, total_ms: t3 - t2,
    wasm_memory_mb: memoryBytes() / 1048576, bytes: bytes.length,
    checksum: `n=${s.customers};sumR=${sumR};sumF=${sumF};sumM=${sumM}`,
  });
};
