// Reads orders.csv in the browser: the module's default export `init()` fetches
// segmenta_bg.wasm, which webpack emits into dist/ as an asset module.
import init, { analyze } from 'segmenta';

try {
  await init();
  const csv = await fetch(new URL('./orders.csv', import.meta.url));
  const report = analyze(new Uint8Array(await csv.arrayBuffer()));
  const summary = report.summary();
  report.free();
  document.querySelector('#count').textContent = `${summary.customers} clients, as of ${summary.asOf}`;
  const list = document.querySelector('#segments');
  for (const s of summary.segments.filter((s) => s.customers > 0)) {
    const item = document.createElement('li');
    item.textContent = `${s.segment}: ${s.customers}`;
    list.append(item);
  }
} catch (e) {
  const out = document.querySelector('#error');
  out.hidden = false;
  out.textContent = `${e.name}: ${e.message}`;
} finally {
  document.body.dataset.done = 'true';
}
