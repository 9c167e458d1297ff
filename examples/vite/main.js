// Reads orders.csv in the browser: the module's default export `init()` fetches
// segmenta_bg.wasm, which Vite copies into dist/assets/ with a hashed name; then shows the
// same file in the <segmenta-report> element.
import init, { analyze } from 'segmenta';
import 'segmenta/report-element';

try {
  await init();
  const csv = await fetch(new URL('./orders.csv', import.meta.url));
  const bytes = new Uint8Array(await csv.arrayBuffer());
  const report = analyze(bytes);
  const summary = report.summary();
  report.free();
  document.querySelector('#count').textContent = `${summary.customers} clients, as of ${summary.asOf}`;
  const list = document.querySelector('#segments');
  for (const s of summary.segments.filter((s) => s.customers > 0)) {
    const item = document.createElement('li');
    item.textContent = `${s.segment}: ${s.customers}`;
    list.append(item);
  }
  const element = document.querySelector('segmenta-report');
  element.data = bytes;
  await element.updated();
  document.body.dataset.element = String(element.report?.length ?? 'none');
} catch (e) {
  const out = document.querySelector('#error');
  out.hidden = false;
  out.textContent = `${e.name}: ${e.message}`;
} finally {
  document.body.dataset.done = 'true';
}
