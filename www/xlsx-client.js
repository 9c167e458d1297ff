// Requests to the XLSX worker (xlsx-worker.js). The worker is started when this module
// loads, so that its modules load with the page.
import { requestId } from './worker-client.js';

const xlsxWorker = new Worker(new URL('./xlsx-worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let loaded;
/** Settles once the worker and its modules have loaded. */
export const xlsxReady = new Promise((resolve) => (loaded = resolve));

xlsxWorker.onmessage = (event) => {
  if (event.data.ready) return loaded();
  const { id, ok, value, error } = event.data;
  const p = pending.get(id);
  pending.delete(id);
  if (p) ok ? p.resolve(value) : p.reject(Object.assign(new Error(error.message), { kind: 'xlsx' }));
};

/** An XLSX Blob of CSV bytes (plain: `,` and `.`), one sheet. The bytes are transferred. */
export function xlsxBlob(csv, sheet, lang) {
  const id = requestId();
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    xlsxWorker.postMessage({ id, csv, sheet, lang }, [csv.buffer]);
  });
}
