// Writes XLSX files off the main thread (a large client table takes seconds). Uses
// write-excel-file, served from node_modules, through its synchronous zip path: the
// library's asynchronous path starts workers of its own from blob URLs, and this page
// starts nothing after it has loaded.
//   page -> worker  { id, csv: Uint8Array, sheet, lang }
//   worker -> page  { id, ok: true, value: Blob } | { id, ok: false, error: { message } }
import { generateXlsxFileSync } from './vendor/write-excel-file/modules/export/writeXlsxFileUniversal.js';
import convertFileContent from './vendor/write-excel-file/modules/export/convertFileContentToUint8ArrayBrowser.js';
import { csvToSheet } from './xlsx.js';

self.onmessage = async (event) => {
  const { id, csv, sheet, lang } = event.data;
  try {
    const { data, columns } = csvToSheet(new TextDecoder().decode(csv), lang);
    const name = String(sheet || 'Sheet1').replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Sheet1';
    const blob = await generateXlsxFileSync(data, { columns, sheet: name, stickyRowsCount: 1 }, undefined, convertFileContent);
    self.postMessage({ id, ok: true, value: blob });
  } catch (e) {
    self.postMessage({ id, ok: false, error: { message: String(e && e.message ? e.message : e) } });
  }
};

// Tells the page that this worker and its modules have loaded.
self.postMessage({ ready: true });
