// Requests to the analysis worker (worker.js): each request carries an id, and the reply
// with that id settles its promise. Progress and notices of a request go to the hooks it
// was made with; see worker.js for the protocol.
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
let nextId = 1;
/** Requests waiting for their reply: id -> { resolve, reject, onProgress?, onNotice? }. */
const pending = new Map();
let onError = () => {};

worker.onmessage = (event) => {
  const m = event.data;
  const p = pending.get(m.id);
  if (!p) return;
  if (m.progress) return p.onProgress?.(m.progress);
  if (m.notice) return p.onNotice?.(m.notice);
  pending.delete(m.id);
  if (m.ok) p.resolve(m.value);
  else p.reject(Object.assign(new Error(m.error.message), m.error));
};
worker.onerror = (e) => onError(e);

/** Calls `handler(event)` when the worker fails as a whole (not one request). */
export function onWorkerError(handler) {
  onError = handler;
}

/** A fresh request id; the XLSX and workbook workers' requests draw from the same sequence. */
export function requestId() {
  return nextId++;
}

/**
 * Sends a request: `{ id, promise }`, the id to cancel it by. `hooks.transfer` lists
 * buffers to move to the worker rather than copy (a workbook's CSV).
 */
export function call(type, args = {}, hooks = {}) {
  const id = requestId();
  const promise = new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, ...hooks });
    worker.postMessage({ id, type, ...args }, hooks.transfer || []);
  });
  return { id, promise };
}

/** Sends a request and returns the promise of its answer. */
export const ask = (type, args, hooks) => call(type, args, hooks).promise;

/** `?workers=N` in the address: how many Workers read a large file (see worker.js). */
export function requestedWorkers() {
  return Number(new URLSearchParams(location.search).get('workers')) || undefined;
}
