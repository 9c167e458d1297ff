// Reads Excel workbooks (.xlsx) off the main thread with segmenta/xlsx, a WebAssembly module
// of its own, imported when the first workbook arrives: a visitor who only opens CSV files
// never downloads it. The page starts this worker with itself (workbook.js), so that
// opening a workbook fetches the module's two files and nothing else.
//   page -> worker  { id, file: File, sheet?: string, lang: 'ru' | 'en' }
//   worker -> page  { ready: true }                                      once, on start
//                   { id, ok: true, value: { csv, sheets, sheet, firstRow, memory } }
//                                              (csv transferred; memory: the module's bytes)
//                   { id, ok: false, error: { name, kind, message, text?, sheets?, sheet? } }
//                                              (sheets and sheet when another sheet may do)

/** The initialised module: { xlsx, memory }, loaded once; null again after a failed load. */
let reader = null;

function load() {
  reader ??= import('./pkg/segmenta_xlsx.js')
    .then(async (xlsx) => {
      const exports = await xlsx.default();
      return { xlsx, memory: exports.memory };
    })
    .catch((e) => {
      reader = null;
      throw Object.assign(new Error(String(e?.message || e)), { kind: 'internal', text: 'errorWorkbookReader' });
    });
  return reader;
}

/** The visible sheets, when the error is one another sheet may not have. */
function sheetsFor(xlsx, e, bytes, lang) {
  if (e?.kind !== 'emptySheet' && e?.kind !== 'sheetNotFound') return undefined;
  try {
    return xlsx.xlsxSheets(bytes, { lang });
  } catch {
    return undefined;
  }
}

self.onmessage = async ({ data: { id, file, sheet, lang } }) => {
  let loaded = null;
  let bytes = null;
  try {
    loaded = await load();
    bytes = new Uint8Array(await file.arrayBuffer());
    const out = loaded.xlsx.xlsxToCsv(bytes, { sheet, lang });
    const value = { csv: out.csv, sheets: out.sheets, sheet: out.sheet, firstRow: out.firstRow, memory: loaded.memory.buffer.byteLength };
    self.postMessage({ id, ok: true, value }, [out.csv.buffer]);
  } catch (e) {
    const sheets = loaded && bytes ? sheetsFor(loaded.xlsx, e, bytes, lang) : undefined;
    self.postMessage({
      id,
      ok: false,
      error: {
        name: e?.name || 'Error',
        kind: e?.kind || 'internal',
        message: String(e?.message || e),
        text: e?.text || (e?.kind ? undefined : 'errorInternal'),
        sheets,
        sheet: sheets ? (sheet ?? sheets[0]) : undefined,
      },
    });
  }
};

self.postMessage({ ready: true });
