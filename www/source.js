// The source of the data: the sample or a file (button, file input or dropped anywhere on
// the page), an optional clients file, and the line that describes them (#source).
// Owns the slices `source` ({ kind, name, size } or null), `sourceSeq` (counts opened
// sources; a result remembers the one it was computed from) and `clientsFile`.
import { get, own } from './store.js';
import { h, clear, $ } from './dom.js';
import { t, count } from './i18n.js';
import { ask } from './worker-client.js';
import { showMessage, errorText } from './messages.js';
import { readSample, readFile, mappingProblem } from './reading.js';
import { SAMPLE, runAnalysis, dropStaleResults } from './analysis.js';
import { renderMapping, openMapping, delimiterName } from './mapping.js';
import { resetFilters } from './clients.js';

const mine = own('source', { source: null, sourceSeq: 0, clientsFile: null });

function opened(kind, info) {
  mine.set('source', { kind, name: info.name, size: info.size });
  mine.update('sourceSeq', (n) => n + 1);
}

export async function loadSample() {
  showMessage('');
  resetFilters();
  mine.set('clientsFile', null);
  const info = await ask('open', { source: { sample: { ...SAMPLE, name: t('sampleName') } } });
  opened('sample', info);
  readSample(info.sniff);
  renderSource();
  renderMapping();
  openMapping(false);
  await runAnalysis();
}

async function loadFile(file) {
  if (!file) return;
  showMessage('');
  resetFilters();
  let info;
  try {
    info = await ask('open', { source: { file }, clientsFile: get('clientsFile') });
  } catch (e) {
    showMessage(errorText(e), 'error');
    return;
  }
  opened('file', info);
  await readFile(info.sniff, get('remembered'));
  renderSource();
  renderMapping();
  const problem = mappingProblem();
  if (problem) {
    openMapping(true);
    showMessage(problem, 'error');
    dropStaleResults();
    return;
  }
  openMapping(true);
  await runAnalysis();
}

/** A clients file (or null to remove it): sent to the worker, then the analysis re-run. */
function setClientsFile(file) {
  mine.set('clientsFile', file);
  ask('setClients', { clientsFile: file }).then(() => {
    renderSource();
    if (get('source')) runAnalysis();
  });
}

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
  const result = get('result');
  const sn = result?.sniff || get('sniff');
  const sum = result?.summary;
  const kind = source.kind === 'sample' ? t('sourceSample') : t('sourceFile');
  const name = source.kind === 'sample' ? t('sampleName') : source.name;
  el.append(
    h('span', { class: 'source-name' }, h('strong', {}, `${kind}: `), name, h('span', { class: 'muted' }, ` · ${fmt.bytes(source.size)}`)),
  );
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
  if (sum) {
    el.append(h('span', { class: 'muted small' }, `${count('row', sum.transactions, fmt)} · ${fmt.date(sum.firstDate)} — ${fmt.date(sum.lastDate)}`));
  }
  const clientsFile = get('clientsFile');
  if (clientsFile) {
    el.append(
      h(
        'span',
        { class: 'small' },
        t('clientsLoaded', { name: clientsFile.name }),
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
