// A Cloudflare Worker: GET / analyses orders.csv (bundled as text), POST / the CSV in the
// request body. 'segmenta' resolves to the package's workerd entry, which imports
// segmenta_bg.wasm as a compiled WebAssembly module.
import { analyze } from 'segmenta';
import orders from './orders.csv';

export default {
  async fetch(request) {
    const data = request.method === 'POST' ? new Uint8Array(await request.arrayBuffer()) : orders;
    try {
      const report = analyze(data);
      const summary = report.summary();
      report.free();
      const lines = [`${summary.customers} clients, as of ${summary.asOf}`];
      for (const s of summary.segments) {
        if (s.customers > 0) lines.push(`${s.segment}: ${s.customers}`);
      }
      return new Response(lines.join('\n') + '\n', { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    } catch (e) {
      return Response.json({ kind: e.kind, message: e.message }, { status: 400 });
    }
  },
};
