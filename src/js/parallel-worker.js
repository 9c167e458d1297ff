// One range reader of `parallel.js`: reads its byte range of the file into a RangeReader
// and sends back the partial state (as a transferred Uint8Array).
//
// Protocol:
//   main -> worker  { type: 'init', module }                 a compiled WebAssembly.Module
//                   { type: 'range', id, options, head, total, index, start, end, source }
//                     source: a Blob (the whole file; the worker slices it) or a Uint8Array
//                     holding exactly the range's bytes
//                   { type: 'cancel', id }
//   worker -> main  { id, progress: { bytes, rows } }        now and then
//                   { id, ok: true, part }                    the partial state
//                   { id, ok: false, error: { kind, message } }
import { initSync, RangeReader } from './segmenta.js';

const CHUNK = 1 << 20;
const cancelled = new Set();

self.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'init') initSync({ module: m.module });
  else if (m.type === 'cancel') cancelled.add(m.id);
  else if (m.type === 'range') readRange(m);
};

async function readRange({ id, options, head, total, index, start, end, source }) {
  let reader = null;
  let last = 0;
  const began = performance.now();
  const tick = () => {
    const now = performance.now();
    if (now - last < 100) return;
    last = now;
    const p = reader.progress();
    self.postMessage({ id, progress: { bytes: p.bytes, rows: p.rows } });
  };
  const check = () => {
    if (cancelled.has(id)) throw Object.assign(new Error('cancelled'), { kind: 'cancelled' });
  };
  try {
    reader = new RangeReader(options, head, total, index, end - start);
    if (source instanceof Blob) {
      const stream = source.slice(start, end).stream().getReader();
      for (;;) {
        const { done, value } = await stream.read();
        if (done) break;
        check();
        reader.push(value);
        tick();
      }
    } else {
      for (let i = 0; i < source.length; i += CHUNK) {
        reader.push(source.subarray(i, i + CHUNK));
        tick();
        // Let a cancel message in between pieces.
        if ((i / CHUNK) % 8 === 7) await new Promise((r) => setTimeout(r, 0));
        check();
      }
    }
    const read = performance.now();
    const part = reader.finish();
    const elapsed = { read: read - began, finish: performance.now() - read };
    self.postMessage({ id, ok: true, part, elapsed }, [part.buffer]);
  } catch (err) {
    self.postMessage({
      id,
      ok: false,
      error: { kind: err?.kind || 'internal', message: String(err?.message || err) },
    });
  } finally {
    cancelled.delete(id);
    try {
      reader?.free();
    } catch {
      // Already consumed by finish().
    }
  }
}
