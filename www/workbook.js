// Excel workbooks as sources: which files are workbooks (by their first bytes, not their
// names), their conversion to CSV in a worker of its own (workbook-worker.js), and how a
// line of that CSV is named on the page: by the sheet's row.
//
// The worker starts with the page; the reader it uses (segmenta/xlsx) is fetched only when
// the first workbook arrives. It is kept for the next workbook or sheet, unless the reader
// grew large: a WebAssembly instance never gives memory back, so after a big workbook the
// worker is ended once no workbook is open, and a new one starts with the next workbook.
import { get } from './store.js';
import { t } from './i18n.js';
import { requestId } from './worker-client.js';

const ZIP = [0x50, 0x4b, 0x03, 0x04]; // "PK\x03\x04": .xlsx, .ods, any ZIP archive
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]; // .xls, password-protected .xlsx
const startsWith = (head, sig) => sig.every((b, i) => head[i] === b);
/** A reader that took more memory than this is ended once no workbook is open. */
const RELEASE_ABOVE = 256 << 20;

/**
 * Whether a file must go through the workbook reader: a ZIP archive or an OLE compound
 * file, which a CSV never starts like. The reader then says what it is (.xlsx, an .xls, an
 * encrypted workbook, an .ods, a zipped CSV…).
 */
export async function isWorkbook(file) {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  return startsWith(head, ZIP) || startsWith(head, EMPTY_ZIP) || startsWith(head, OLE);
}

let worker = null;
let memory = 0;
/** Conversions waiting for their reply: id -> { resolve, reject }. */
const pending = new Map();

function start() {
  worker = new Worker(new URL('./workbook-worker.js', import.meta.url), { type: 'module' });
  memory = 0;
  return new Promise((resolve) => {
    worker.onmessage = ({ data }) => {
      if (data.ready) return resolve();
      const p = pending.get(data.id);
      pending.delete(data.id);
      if (!p) return;
      if (data.ok) {
        memory = Math.max(memory, data.value.memory);
        p.resolve(data.value);
      } else {
        p.reject(Object.assign(new Error(data.error.message), data.error));
      }
    };
  });
}

/** Settles once the worker has loaded (not the reader: that waits for a workbook). */
export const workbookReaderReady = start();

/**
 * One sheet of a workbook as CSV: `{ csv, sheets, sheet, firstRow }` (`sheet`: a name, the
 * first visible sheet by default). Errors carry the reader's `kind` and its message in
 * `lang`; `sheets` and `sheet` too when the sheet is empty or missing.
 */
export function convertWorkbook(file, sheet, lang) {
  if (!worker) start();
  const id = requestId();
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, file, sheet, lang });
  });
}

/** No workbook is open any more: ends a reader that grew large (see above). */
export function releaseWorkbookReader() {
  if (!worker || memory <= RELEASE_ABOVE || pending.size) return;
  worker.terminate();
  worker = null;
}

/** Line `n` of what was read, as the sheet numbers it (`source`: the open one by default). */
export function sheetLine(n, source = get('source')) {
  const first = source?.workbook?.firstRow;
  return first ? n + first - 1 : n;
}

/** "строка 12", or for a workbook "строка листа 14": where line `n` of what was read is. */
export function lineLabel(n, source = get('source')) {
  return source?.workbook?.firstRow ? t('sheetRowN', { n: sheetLine(n, source) }) : t('lineN', { n });
}
