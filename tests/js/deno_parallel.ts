// Run by edge.test.mjs: reads a 6 MB Russian export in byte ranges on two Deno Workers
// (pkg/parallel.js), from bytes and from a Blob, and prints how it compares with one reader.
//   deno run --allow-read=PKG PKG_DIR
const pkg = new URL(Deno.args[0].replace(/\/?$/, '/'), 'file:///');
const { initSync, analyze, demoSample } = await import(new URL('segmenta.js', pkg).href);
const { analyzeInRanges, terminateWorkers } = await import(new URL('parallel.js', pkg).href);
const module = await WebAssembly.compile(await Deno.readFile(new URL('segmenta_bg.wasm', pkg)));
initSync({ module });
const { orders } = demoSample(40000, '2026-10-31');
const options = { today: '2026-11-23' };
const one = analyze(orders, options);
const key = (r: { summary(): object; columns(): { revenue: BigInt64Array | Float64Array } }) =>
  JSON.stringify({ ...r.summary(), memoryBytes: 0 }) + Array.from(r.columns().revenue).join(',');
const results = [];
for (const source of [orders, new Blob([orders])]) {
  const r = await analyzeInRanges(source, options, { module, workers: 2 });
  results.push({ ranges: r.ranges, reason: r.reason, same: r.report ? key(r.report) === key(one) : false });
}
terminateWorkers();
console.log(JSON.stringify({ bytes: orders.length, results }));
