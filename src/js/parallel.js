// Reading one large file in several Web Workers at once, with the same result as one reader.
//
//   import { initSync } from 'segmenta/web';
//   import { analyzeParallel } from 'segmenta/parallel';
//   const module = await WebAssembly.compileStreaming(fetch(wasmUrl));
//   initSync({ module });
//   const { report, ranges, fallback } = await analyzeParallel(file, options, { module, workers: 4 });
//
// The file is cut near equal shares at line starts where the date moves on (`findCut`);
// the calling thread reads the first range and one worker each of the others into a
// `RangeReader`; the workers send back their partial states and `finishAndMerge` adds them
// to the first range's exactly. When the ranges cannot be merged exactly (a file not in
// date order, an order spanning a cut, `mergeBy`, a UTF-16 file) the file is read by one
// `Analyzer` instead and `fallback` says why. No SharedArrayBuffer is needed: a File is
// handed to each worker as a Blob (not copied), bytes in memory are copied per range.
import {
  initSync,
  Analyzer,
  RangeReader,
  findCut,
  splitHeadBytes,
  splitCutWindow,
} from './segmenta.js';

/** Files smaller than this are read by one reader: workers would not pay for themselves. */
export const MIN_PARALLEL_BYTES = 4 << 20;

const CHUNK = 1 << 20;
let pool = []; // { worker, module }
let nextId = 1;

function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function defaultModule() {
  const url = new URL('./segmenta_bg.wasm', import.meta.url);
  if (WebAssembly.compileStreaming && url.protocol !== 'file:') {
    return WebAssembly.compileStreaming(fetch(url));
  }
  return WebAssembly.compile(await (await fetch(url)).arrayBuffer());
}

/** Workers for `n` ranges, started once and kept for later calls (see `terminateWorkers`). */
function workersFor(n, module) {
  for (const w of pool) if (w.module !== module) w.worker.terminate();
  pool = pool.filter((w) => w.module === module);
  while (pool.length < n) {
    const worker = new Worker(new URL('./parallel-worker.js', import.meta.url), {
      type: 'module',
    });
    worker.postMessage({ type: 'init', module });
    pool.push({ worker, module });
  }
  return pool.slice(0, n).map((w) => w.worker);
}

/**
 * Starts `n` workers ahead of a run (e.g. when the page loads), so that a run does not wait
 * for them to load the module; `analyzeInRanges` uses `workers - 1` of them.
 */
export async function startWorkers(n, module) {
  workersFor(n, module ?? (await defaultModule()));
}

/** Stops the workers kept by `analyzeParallel` (they are started again when needed). */
export function terminateWorkers() {
  for (const w of pool) w.worker.terminate();
  pool = [];
}

async function read(source, start, end) {
  if (source instanceof Blob) return new Uint8Array(await source.slice(start, end).arrayBuffer());
  return source.subarray(start, end);
}

/** Why a range failed: a range that cannot merge exactly says so itself. */
function failReason(e) {
  return e.kind === 'inexactSplit' ? e.message : `a range failed: ${e.message}`;
}

function cancelledError() {
  return Object.assign(new Error('cancelled'), { name: 'AbortError', kind: 'cancelled' });
}

/**
 * Reads `source` (a File, Blob, Uint8Array or ArrayBuffer) in up to `workers` byte ranges on
 * as many Web Workers and merges them. Resolves `{ report, ranges }`, or `{ report: null,
 * reason }` when the file is not split or the ranges cannot be merged exactly; errors of
 * the data (e.g. `formatContradiction`) are left to one reader, which reports them with the
 * file's own lines.
 *
 * @param {Blob | Uint8Array | ArrayBuffer} source
 * @param {object} [options] analysis options (as for `Analyzer`)
 * @param {{ workers?: number, module?: WebAssembly.Module, signal?: AbortSignal,
 *           onProgress?: (p: { bytes: number, total: number, rows: number }) => void }} [how]
 */
export async function analyzeInRanges(source, options = {}, how = {}) {
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  const total = source instanceof Blob ? source.size : source.length;
  const n = Math.max(1, Math.floor(how.workers ?? globalThis.navigator?.hardwareConcurrency ?? 2));
  if (n < 2) return { report: null, reason: 'one worker asked for' };
  if (total < MIN_PARALLEL_BYTES) return { report: null, reason: 'the file is small' };
  const module = how.module ?? (await defaultModule());
  initSync({ module });
  // Every range reads with the same options, "today" included.
  const { clients, ...rest } = options ?? {};
  const rangeOptions = { today: today(), ...rest };
  const fullOptions = clients === undefined ? rangeOptions : { ...rangeOptions, clients };
  const t0 = performance.now();
  // A copy: a view would send its whole buffer (the file) along to every Worker.
  const head = (await read(source, 0, Math.min(total, splitHeadBytes()))).slice();
  const starts = [0];
  try {
    for (let k = 1; k < n; k++) {
      const ideal = Math.max(Math.floor((total * k) / n), head.length);
      if (ideal >= total) break;
      const window = await read(source, ideal, Math.min(total, ideal + splitCutWindow()));
      const off = findCut(rangeOptions, head, total, window);
      if (off !== undefined && ideal + off > starts[starts.length - 1] && ideal + off < total) {
        starts.push(ideal + off);
      }
    }
  } catch (e) {
    return { report: null, reason: String(e.message || e) };
  }
  if (starts.length < 2) return { report: null, reason: 'no cut point was found' };
  const t1 = performance.now();
  const ranges = starts.map((s, i) => [s, starts[i + 1] ?? total]);
  const workers = workersFor(ranges.length - 1, module);
  const done = new Array(ranges.length).fill(0);
  const rows = new Array(ranges.length).fill(0);
  const elapsed = new Array(ranges.length);
  const ids = ranges.map(() => nextId++);
  const progress = (i, p) => {
    done[i] = p.bytes;
    rows[i] = p.rows;
    how.onProgress?.({
      bytes: done.reduce((a, b) => a + b, 0),
      total,
      rows: rows.reduce((a, b) => a + b, 0),
    });
  };
  const cancel = () => ids.slice(1).forEach((id, i) => workers[i].postMessage({ type: 'cancel', id }));
  if (how.signal?.aborted) throw cancelledError();
  how.signal?.addEventListener('abort', cancel, { once: true });
  const later = ranges.slice(1).map(
    ([start, end], j) =>
      new Promise((resolve, reject) => {
        const i = j + 1;
        const worker = workers[j];
        const onMessage = (e) => {
          const m = e.data;
          if (m.id !== ids[i]) return;
          if (m.progress) return progress(i, m.progress);
          worker.removeEventListener('message', onMessage);
          if (m.ok) {
            elapsed[i] = { ...m.elapsed, arrived: performance.now() - t1 };
            resolve(m.part);
          } else {
            reject(Object.assign(new Error(m.error.message), { kind: m.error.kind }));
          }
        };
        worker.addEventListener('message', onMessage);
        const msg = { type: 'range', id: ids[i], options: rangeOptions, head, total, index: i };
        if (source instanceof Blob) {
          worker.postMessage({ ...msg, start, end, source });
        } else {
          const bytes = source.slice(start, end);
          worker.postMessage({ ...msg, start: 0, end: end - start, source: bytes }, [bytes.buffer]);
        }
      }),
  );
  // Settle every promise, so that a failure does not leave others unhandled.
  const settled = Promise.allSettled(later);
  const first = new RangeReader(rangeOptions, head, total, 0, ranges[0][1]);
  try {
    // The first range, here, in pieces, letting the workers' messages in between.
    const began = performance.now();
    let lastYield = began;
    const end0 = ranges[0][1];
    const stream = source instanceof Blob ? source.slice(0, end0).stream().getReader() : null;
    for (let pos = 0; ; ) {
      let chunk;
      if (stream) {
        const { done: eof, value } = await stream.read();
        if (eof) break;
        chunk = value;
      } else {
        if (pos >= end0) break;
        chunk = source.subarray(pos, Math.min(end0, pos + CHUNK));
        if (performance.now() - lastYield > 50) {
          await new Promise((r) => setTimeout(r, 0));
          lastYield = performance.now();
        }
      }
      pos += chunk.length;
      if (how.signal?.aborted) throw cancelledError();
      first.push(chunk);
      progress(0, first.progress());
    }
    elapsed[0] = { read: performance.now() - began, began: began - t1, done: performance.now() - t1 };
    const results = await settled;
    if (how.signal?.aborted) throw cancelledError();
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) return { report: null, reason: failReason(failed.reason) };
    const t2 = performance.now();
    try {
      const report = first.finishAndMerge(fullOptions, results.map((r) => r.value));
      // Milliseconds of each step: finding cuts, reading the ranges, merging.
      const timings = { cuts: t1 - t0, ranges: t2 - t1, merge: performance.now() - t2, workers: elapsed };
      return { report, ranges: ranges.length, timings };
    } catch (e) {
      return { report: null, reason: String(e.message || e) };
    }
  } catch (e) {
    cancel();
    if (how.signal?.aborted || e.kind === 'cancelled' || e.name === 'AbortError') throw cancelledError();
    return { report: null, reason: failReason(e) };
  } finally {
    how.signal?.removeEventListener('abort', cancel);
    first.free();
  }
}

/**
 * Reads `source` (a File, Blob, Uint8Array or ArrayBuffer) with one streaming `Analyzer`.
 * When a row late in the file contradicts the date or decimal format the first rows
 * suggested, the analyzer takes the fix itself and asks for the bytes again (`end()`
 * returns nothing): they are streamed again, and `onReadAgain` hears of each fix. Resolves
 * `{ report, fixes }`.
 *
 * @param {Blob | Uint8Array | ArrayBuffer} source
 * @param {object} [options] analysis options (as for `Analyzer`)
 * @param {{ signal?: AbortSignal, onProgress?: (p: { bytes: number, total: number, rows: number,
 *           clients: number }) => void, onReadAgain?: (fix: object) => void,
 *           progressEvery?: number, yieldEvery?: number }} [how] progress at most every
 *           `progressEvery` ms (100); with `yieldEvery` (ms) the loop lets other tasks (a
 *           worker's messages) run at least that often.
 */
export async function analyzeStream(source, options = {}, how = {}) {
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  const total = source instanceof Blob ? source.size : source.length;
  const analyzer = new Analyzer(options, total);
  let lastProgress = 0;
  let lastYield = performance.now();
  const progress = (force) => {
    const now = performance.now();
    if (!how.onProgress || (!force && now - lastProgress < (how.progressEvery ?? 100))) return;
    lastProgress = now;
    const p = analyzer.progress();
    how.onProgress({ bytes: p.bytes, total, rows: p.rows, clients: p.clients });
  };
  const between = async () => {
    progress(false);
    if (how.yieldEvery !== undefined && performance.now() - lastYield > how.yieldEvery) {
      await new Promise((r) => setTimeout(r, 0));
      lastYield = performance.now();
    }
    if (how.signal?.aborted) throw cancelledError();
  };
  try {
    for (;;) {
      await pushAll(analyzer, source, between);
      progress(true);
      const report = analyzer.end();
      const fixes = analyzer.fixes();
      if (report) return { report, fixes };
      how.onReadAgain?.(fixes[fixes.length - 1]);
    }
  } finally {
    analyzer.free();
  }
}

/** Pushes every byte of `source` into `analyzer`, calling `between` after each chunk. */
async function pushAll(analyzer, source, between) {
  if (source instanceof Blob) {
    const reader = source.stream().getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        analyzer.push(value);
        await between();
      }
    } catch (e) {
      reader.cancel().catch(() => {});
      throw e;
    }
  }
  for (let i = 0; i < source.length; i += CHUNK) {
    analyzer.push(source.subarray(i, i + CHUNK));
    await between();
  }
}

/**
 * Like `analyzeInRanges`, reading the file with one `Analyzer` (`analyzeStream`) when it is
 * not split: always resolves `{ report, ranges, fallback, fixes }` (`ranges: 1` and
 * `fallback`: why, when one reader read it).
 */
export async function analyzeParallel(source, options = {}, how = {}) {
  const r = await analyzeInRanges(source, options, how);
  if (r.report) return { report: r.report, ranges: r.ranges, timings: r.timings, fixes: [] };
  const { report, fixes } = await analyzeStream(source, options, how);
  return { report, ranges: 1, fallback: r.reason, fixes };
}
