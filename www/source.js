// The source of the data: the sample or a file (button, file input or dropped anywhere on
// the page), an optional clients file, and the line that describes them (#source).
// Owns the slices `source` ({ kind, name, size, opening?, error? } or null), `sourceSeq`
// (the number of the open source; a result remembers the one it was computed from) and
// `clientsFile`.
import { get, own } from './store.js';
import { h, clear, $ } from './dom.js';
import { t, count } from './i18n.js';
import { ask } from './worker-client.js';
import { showMessage, errorText } from './messages.js';
import { readSample, readFile, mappingProblem, restoreReading } from './reading.js';
import { SAMPLE, runAnalysis, dropStaleResults } from './analysis.js';
import { renderMapping, openMapping, delimiterName } from './mapping.js';
import { resetFilters, refreshTable } from './clients.js';

const mine = own('source', { source: null, sourceSeq: 0, clientsFile: null });
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

export async function loadSample() {
  showMessage('');
  resetFilters();
  mine.set('clientsFile', null);
  opened('sample', { name: t('sampleName'), size: 0 }, { opening: true });
  renderSource();
  const info = await ask('open', { source: { sample: { ...SAMPLE, name: t('sampleName') } }, lang: get('lang') });
  patchSource({ size: info.size });
  readSample(info.sniff);
  renderMapping();
  openMapping(false);
  patchSource({ opening: false });
  await runAnalysis();
}

async function loadFile(file) {
  if (!file) return;
  showMessage('');
  resetFilters();
  opened('file', { name: file.name, size: file.size }, { opening: true });
  renderSource();
  let info;
  try {
    info = await ask('open', { source: { file }, clientsFile: get('clientsFile'), lang: get('lang') });
  } catch (e) {
    // The worker keeps the previous source; the page shows this file and why it failed.
    patchSource({ opening: false, error: e });
    dropStaleResults();
    renderSource();
    renderMapping();
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
    restoreReading(from);
  } else {
    mine.set('source', null);
    mine.set('clientsFile', null);
  }
  renderSource();
  renderMapping();
  openMapping(from?.source.kind === 'file');
  if (result) refreshTable();
}

/** A clients file (or null to remove it): sent to the worker, then the analysis re-run. */
function setClientsFile(file) {
  mine.set('clientsFile', file);
  ask('setClients', { clientsFile: file }).then(() => {
    renderSource();
    if (get('source')) runAnalysis();
  });
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
      source.size ? h('span', { class: 'muted' }, ` · ${fmt.bytes(source.size)}`) : null,
    ),
  );
  if (reading) {
    const p = run.seq === seq ? run.progress : null;
    const total = p?.total || source.size;
    const text = p && total ? t('sourceReadingShare', { share: fmt.pct0(Math.min(1, p.bytes / total)) }) : t('sourceReading');
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
    const chips = [
      [t('encoding'), sn.encoding],
      [t('delimiter'), delimiterName(sn.delimiter)],
      [t('headerRow'), sn.headerLine ? t('lineN', { n: sn.headerLine }) : t('noHeader')],
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
  if (clientsFile) {
    el.append(
      h(
        'span',
        { class: 'small' },
        `${t('clientsLoaded')} `,
        h('span', { translate: 'no' }, clientsFile.name),
        ' ',
        h('button', { type: 'button', class: 'linkish', onclick: () => setClientsFile(null) }, t('removeClients')),
      ),
    );
  }
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
  bindFileButton('#file-button', '#file-input', loadFile);
  bindFileButton('#clients-button', '#clients-input', (f) => {
    if (f) setClientsFile(f);
  });
  $('#sample-button').addEventListener('click', () => loadSample());
  bindDrop();
}
