// The source of the data: the sample or a file (button, file input or dropped anywhere on
// the page), an optional clients file, and the line that describes them (#source). A file
// that starts like a workbook is converted to CSV first (workbook.js), one sheet of it.
// Owns the slices `source` ({ kind, name, size, file?, workbook?, opening?, error? } or
// null; `workbook`: { sheets, sheet, firstRow } of an Excel source), `sourceSeq` (the
// number of the open source; a result remembers the one it was computed from) and
// `clientsFile` ({ name, file, bytes?, workbook? } or null; `bytes`: a clients workbook's
// sheet as CSV) and `eventsFile` (the events table: views, carts, clicks, opens; the same
// shape; the sample brings its own).
import { get, own } from './store.js';
import { h, clear, $ } from './dom.js';
import { t, count } from './i18n.js';
import { ask } from './worker-client.js';
import { showMessage, errorText } from './messages.js';
import { readSample, readFile, mappingProblem, restoreReading } from './reading.js';
import { SAMPLE, runAnalysis, dropStaleResults } from './analysis.js';
import { renderMapping, openMapping, delimiterName, bindSheetChoice } from './mapping.js';
import { resetFilters, refreshTable } from './clients.js';
import { isWorkbook, convertWorkbook, releaseWorkbookReader, lineLabel } from './workbook.js';

const mine = own('source', { source: null, sourceSeq: 0, clientsFile: null, eventsFile: null });
/** Sources opened so far: every source gets a number of its own, never reused. */
let opens = 0;

/**
 * A new source: from now on the file line names it. `opening` until its first run has
 * started; `error` when the worker could not open it.
 */
function opened(kind, info, extra = {}) {
  mine.set('source', { kind, name: info.name, size: info.size, ...extra });
  mine.set('sourceSeq', ++opens);
}

/** The source just opened, changed (still the same source, the same number). */
function patchSource(patch) {
  mine.update('source', (s) => ({ ...s, ...patch }));
}

/** What the worker is given of a clients or events table: its file, or its sheet as CSV. */
const clientsPayload = (table) => table?.bytes || table?.file || null;

/** Nothing open is a workbook any more: the workbook reader may let its memory go. */
function releaseUnlessWorkbook() {
  if (!get('source')?.workbook && !get('clientsFile')?.workbook && !get('eventsFile')?.workbook) releaseWorkbookReader();
}

export async function loadSample() {
  showMessage('');
  resetFilters();
  mine.set('clientsFile', null);
  mine.set('eventsFile', null);
  opened('sample', { name: t('sampleName'), size: 0 }, { opening: true });
  releaseUnlessWorkbook();
  renderSource();
  const info = await ask('open', { source: { sample: { ...SAMPLE, name: t('sampleName') } }, lang: get('lang') });
  patchSource({ size: info.size });
  readSample(info.sniff);
  renderMapping();
  openMapping(false);
  patchSource({ opening: false });
  await runAnalysis();
}

/**
 * What the worker opens for `file`: the file itself, or for a workbook its sheet `sheet`
 * (the first visible one by default) as CSV, the source then noting the workbook. Null
 * when another source was opened meanwhile.
 */
async function openable(file, sheet, seq) {
  if (!(await isWorkbook(file))) {
    releaseUnlessWorkbook();
    return { source: { file } };
  }
  patchSource({ converting: true });
  renderSource();
  let out;
  try {
    out = await convertWorkbook(file, sheet, get('lang'));
  } catch (e) {
    // An empty or missing sheet: the other sheets are offered (the mapping step).
    if (get('sourceSeq') === seq) patchSource({ converting: false, workbook: e.sheets?.length ? { sheets: e.sheets, sheet: e.sheet } : undefined });
    throw e;
  }
  if (get('sourceSeq') !== seq) return null;
  patchSource({ converting: false, workbook: { sheets: out.sheets, sheet: out.sheet, firstRow: out.firstRow } });
  return { source: { bytes: out.csv, name: file.name }, transfer: [out.csv.buffer] };
}

/** Opens a file (a workbook at its sheet `sheet`), then analyses it. */
async function loadFile(file, sheet) {
  if (!file) return;
  showMessage('');
  resetFilters();
  opened('file', { name: file.name, size: file.size }, { opening: true, file });
  const seq = get('sourceSeq');
  renderSource();
  let info;
  try {
    const open = await openable(file, sheet, seq);
    if (!open) return;
    const tables = { clientsFile: clientsPayload(get('clientsFile')), eventsFile: clientsPayload(get('eventsFile')) };
    info = await ask('open', { source: open.source, ...tables, lang: get('lang') }, { transfer: open.transfer });
  } catch (e) {
    // Another file was opened meanwhile: its own line replaces this one.
    if (get('sourceSeq') !== seq) return;
    // The worker keeps the previous source; the page shows this file and why it failed.
    patchSource({ opening: false, error: e });
    dropStaleResults();
    renderSource();
    renderMapping();
    // A workbook whose sheet could not be read: the mapping step offers the others.
    openMapping(get('source').workbook?.sheets.length > 1);
    return;
  }
  await readFile(info.sniff, get('remembered'));
  renderMapping();
  patchSource({ opening: false });
  const problem = mappingProblem();
  if (problem) {
    openMapping(true);
    showMessage(problem, 'error');
    dropStaleResults();
    renderSource();
    return;
  }
  openMapping(true);
  await runAnalysis();
}

/** Another sheet of the open workbook: read as a new file (remembered roles apply). */
function chooseSheet(sheet) {
  const source = get('source');
  if (source?.file && source.workbook) loadFile(source.file, sheet);
}

/**
 * After a cancelled run: when it was the first run of a new source, the page goes back
 * to the source of the results it shows (or to none), and so does the worker.
 */
export async function settleCancelled() {
  const result = get('result');
  const seq = get('sourceSeq');
  if (result && result.seq === seq) return;
  const from = result?.origin;
  await ask('restore');
  // Another source was opened meanwhile: it replaces the worker's anyway, and stays.
  if (get('sourceSeq') !== seq) return;
  if (from) {
    mine.set('source', from.source);
    mine.set('sourceSeq', from.seq);
    mine.set('clientsFile', from.clientsFile);
    mine.set('eventsFile', from.eventsFile || null);
    restoreReading(from);
  } else {
    mine.set('source', null);
    mine.set('clientsFile', null);
    mine.set('eventsFile', null);
  }
  renderSource();
  renderMapping();
  openMapping(from?.source.kind === 'file');
  if (result) refreshTable();
}

/**
 * A clients file (or null to remove it): a workbook is converted first (its sheet `sheet`,
 * the first visible one by default); then it goes to the worker and the analysis runs
 * again. A workbook that cannot be read leaves the clients table as it was.
 */
async function setClientsFile(file, sheet) {
  let table = file ? { name: file.name, file } : null;
  if (file && (await isWorkbook(file))) {
    try {
      const out = await convertWorkbook(file, sheet, get('lang'));
      table.bytes = out.csv;
      table.workbook = { sheets: out.sheets, sheet: out.sheet, firstRow: out.firstRow };
    } catch (e) {
      showMessage(t('clientsNotRead', { name: file.name, reason: e.text ? t(e.text) : e.message }), 'error');
      return;
    }
  }
  mine.set('clientsFile', table);
  releaseUnlessWorkbook();
  ask('setClients', { clientsFile: clientsPayload(table) }).then(() => {
    renderSource();
    if (get('source')) runAnalysis();
  });
}

/**
 * An events file (or null to remove it), as a clients file is set: a workbook's sheet is
 * converted first; then the analysis runs again with the events joined.
 */
async function setEventsFile(file) {
  let table = file ? { name: file.name, file } : null;
  if (file && (await isWorkbook(file))) {
    try {
      const out = await convertWorkbook(file, undefined, get('lang'));
      table.bytes = out.csv;
      table.workbook = { sheets: out.sheets, sheet: out.sheet, firstRow: out.firstRow };
    } catch (e) {
      showMessage(t('eventsNotRead', { name: file.name, reason: e.text ? t(e.text) : e.message }), 'error');
      return;
    }
  }
  mine.set('eventsFile', table);
  releaseUnlessWorkbook();
  ask('setEvents', { eventsFile: clientsPayload(table) }).then(() => {
    renderSource();
    if (get('source')) runAnalysis();
  });
}

/** The events table on the file line: its name and a way to remove it. */
function eventsPart(table) {
  return h(
    'span',
    { class: 'small' },
    `${t('eventsLoaded')} `,
    h('span', { translate: 'no' }, table.name),
    sheetPart(table.workbook),
    ' ',
    h('button', { type: 'button', class: 'linkish', onclick: () => setEventsFile(null) }, t('removeClients')),
  );
}

/** «Заказы» in the page's quotes, the name marked as data. */
function quotedName(name) {
  return [t('quoteOpen'), h('span', { translate: 'no' }, name), t('quoteClose')];
}

/** The part of the file line that names a workbook's sheet: ", лист «Заказы»". */
function sheetPart(workbook) {
  return workbook?.sheet ? h('span', { class: 'source-sheet' }, `, ${t('sheetWord')} `, ...quotedName(workbook.sheet)) : null;
}

/** The clients table on the file line: its name, its sheet (a choice when it has several). */
function clientsPart(table) {
  const wb = table.workbook;
  let sheet = sheetPart(wb);
  if (wb && wb.sheets.length > 1) {
    const select = h(
      'select',
      { id: 'clients-sheet', translate: 'no', 'aria-label': t('clientsSheet'), onchange: (e) => setClientsFile(table.file, e.target.value) },
      wb.sheets.map((s) => h('option', { value: s, selected: s === wb.sheet }, s)),
    );
    sheet = h('span', { class: 'source-sheet' }, `, ${t('sheetWord')} `, select);
  }
  return h(
    'span',
    { class: 'small' },
    `${t('clientsLoaded')} `,
    h('span', { translate: 'no' }, table.name),
    sheet,
    ' ',
    h('button', { type: 'button', class: 'linkish', onclick: () => setClientsFile(null) }, t('removeClients')),
  );
}

/**
 * The file line (#source). It always describes one source: while it is read, its name
 * and how far; when it failed, its name and the error; otherwise its name with what was
 * detected and, once analysed, its rows and period. After a cancelled first read the
 * previous source is back (settleCancelled), and the line describes that one.
 */
export function renderSource() {
  const el = $('#source');
  clear(el);
  const source = get('source');
  if (!source) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  const fmt = get('fmt');
  const seq = get('sourceSeq');
  const run = get('run');
  const result = get('result');
  const ownResult = result && result.seq === seq ? result : null;
  const reading = source.opening || (run.phase === 'running' && run.seq === seq && !ownResult);
  const workbook = source.workbook;
  const failure = source.error || (run.phase === 'failed' && run.seq === seq ? run.error : null);
  const kind = source.kind === 'sample' ? t('sourceSample') : t('sourceFile');
  const name = source.kind === 'sample' ? t('sampleName') : source.name;
  el.dataset.state = reading ? 'reading' : failure ? 'failed' : ownResult ? 'ready' : 'opened';
  el.append(
    h(
      'span',
      { class: 'source-name' },
      h('strong', {}, `${kind}: `),
      h('span', { translate: source.kind === 'file' ? 'no' : null }, name),
      sheetPart(workbook),
      source.size ? h('span', { class: 'muted' }, ` · ${fmt.bytes(source.size)}`) : null,
    ),
  );
  if (reading) {
    const p = run.seq === seq ? run.progress : null;
    const total = p?.total || source.size;
    const share = p && total ? fmt.pct0(Math.min(1, p.bytes / total)) : '';
    let text;
    if (p?.stage === 'models') text = t('sourceModels');
    else if (p?.stage === 'backtest') text = t('sourceBacktest', { share });
    else text = share ? t('sourceReadingShare', { share }) : t(source.converting ? 'sourceConverting' : 'sourceReading');
    el.append(h('span', { class: 'source-status muted' }, text));
    return;
  }
  if (failure) {
    el.append(h('span', { class: 'source-status source-error', role: 'alert' }, `✗ ${errorText(failure)}`));
  }
  // What was detected: the result's reading of the file, or the head's of a file just
  // opened (not for one the worker could not open: its sniff is the previous source's).
  const sn = ownResult?.sniff || (source.error ? null : get('sniff'));
  if (sn) {
    // A workbook's sheet is always read as UTF-8 with commas: only what its cells showed.
    const chips = [
      ...(workbook ? [] : [[t('encoding'), sn.encoding], [t('delimiter'), delimiterName(sn.delimiter)]]),
      [t('headerRow'), sn.headerLine ? lineLabel(sn.headerLine, source) : t('noHeader')],
      [t('decimalSeparator'), sn.decimalSeparator === ',' ? `«,» ${t('comma')}` : `«.» ${t('dot')}`],
      [t('dateFormat'), sn.dateFormat || '—'],
    ];
    el.append(h('ul', { class: 'detect-chips', 'aria-label': t('detected') }, chips.map(([k, v]) => h('li', {}, h('span', { class: 'muted' }, `${k}: `), v))));
  }
  const sum = ownResult?.summary;
  if (sum) {
    el.append(h('span', { class: 'muted small' }, `${count('row', sum.transactions, fmt)} · ${fmt.date(sum.firstDate)} — ${fmt.date(sum.lastDate)}`));
  }
  const clientsFile = get('clientsFile');
  if (clientsFile) el.append(clientsPart(clientsFile));
  const eventsFile = get('eventsFile');
  if (eventsFile) el.append(eventsPart(eventsFile));
}

/** A file input behind a button: `onFile(file)` with the chosen file, the input emptied. */
function bindFileButton(buttonId, inputId, onFile) {
  const input = $(inputId);
  $(buttonId).addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const f = input.files[0];
    input.value = '';
    onFile(f);
  });
}

/** Drag and drop: anywhere on the page; the drop zone lights up. */
function bindDrop() {
  const overlay = $('#drop-overlay');
  const zone = $('#dropzone');
  let depth = 0;
  const hasFiles = (e) => Array.from(e.dataTransfer?.types || []).includes('Files');
  window.addEventListener('dragenter', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    overlay.hidden = false;
    zone.classList.add('over');
  });
  window.addEventListener('dragover', (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (!depth) {
      overlay.hidden = true;
      zone.classList.remove('over');
    }
  });
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    zone.classList.remove('over');
    const f = e.dataTransfer?.files?.[0];
    if (f) loadFile(f);
  });
}

export function bindSource() {
  bindFileButton('#file-button', '#file-input', (f) => loadFile(f));
  bindSheetChoice(chooseSheet);
  bindFileButton('#clients-button', '#clients-input', (f) => {
    if (f) setClientsFile(f);
  });
  bindFileButton('#events-button', '#events-input', (f) => {
    if (f) setEventsFile(f);
  });
  $('#sample-button').addEventListener('click', () => loadSample());
  bindDrop();
}
