// The demo page: loads the data, runs the analysis in a module worker, and renders the
// results. Everything happens in the browser; the wasm module, the worker and the vendored
// XLSX writer are all loaded up front, so nothing is fetched once the page is ready.
//
// This module starts the page and wires its parts together. Each view, and the state it
// owns, is a module of its own; state is kept in store.js, where each slice has one owner.
import { initSync, presets as getPresets } from './pkg/segmenta.js';
import { get, subscribe } from './store.js';
import { $ } from './dom.js';
import { t } from './i18n.js';
import { ask, onWorkerError, requestedWorkers } from './worker-client.js';
import { xlsxReady } from './xlsx-client.js';
import { workbookReaderReady } from './workbook.js';
import { showMessage, errorText } from './messages.js';
import { restorePrefs, rememberPrefs } from './prefs.js';
import { startLanguage, switchLanguage, bindLanguageSwitch } from './language.js';
import { runAnalysis, cancelRun } from './analysis.js';
import { bindProgress } from './progress.js';
import { loadSample, renderSource, bindSource, settleCancelled } from './source.js';
import { renderMapping } from './mapping.js';
import { translateSniff } from './reading.js';
import { renderQuality } from './quality.js';
import { renderOverview } from './overview.js';
import { renderPlan } from './plan.js';
import { renderSegments } from './segments.js';
import { renderAbc } from './abcxyz.js';
import { renderLifecycle } from './lifecycle.js';
import { renderPredict } from './predict.js';
import { renderChanges, bindChanges } from './changes.js';
import { renderAutomation, bindAutomation } from './automation.js';
import { adoptResult, renderFilterControls, updateTable, renderTableHead, bindClients } from './clients.js';
import { bindCard } from './card.js';
import { renderMarks, bindMarks } from './marks.js';
import { bindExports } from './exports.js';
import { restoreSettings, startSettingsPanel, buildSettings, refreshSettings, bindSettingsPanel } from './settings-panel.js';

/** The sections that show a result: hidden while there is none. */
const RESULT_SECTIONS = ['quality', 'overview', 'plan', 'segments', 'abcxyz', 'lifecycle', 'predict', 'changes', 'automation', 'clients'];

function showResultSections(show) {
  for (const id of RESULT_SECTIONS) $(`#${id}`).hidden = !show;
}

/** Draws every view of the current result. */
function renderAll() {
  if (!get('result')) return;
  renderSource();
  renderQuality();
  renderOverview();
  renderPlan();
  renderSegments();
  renderAbc();
  renderLifecycle();
  renderPredict();
  renderChanges();
  renderAutomation();
  renderMarks();
  renderFilterControls();
  updateTable();
  refreshSettings();
  showResultSections(true);
}

// A new result: the table's filters adapt to it, then every view is drawn. No result (the
// last one belonged to a source that could not be analysed): the results are hidden.
subscribe('result', (result) => {
  if (result) {
    adoptResult(result);
    renderAll();
  } else {
    showResultSections(false);
  }
});

// The file line follows the runs: what is being read, how far, what failed. A cancelled
// first read of a new source brings the previous one back.
subscribe('run', (run) => {
  if (run.phase === 'cancelled') settleCancelled();
  else renderSource();
});

onWorkerError(() => showMessage(`${t('errorPrefix')}: ${t('errorWorker')}`, 'error'));

function setLanguage(lang) {
  if (!switchLanguage(lang)) return;
  renderTableHead();
  buildSettings();
  renderMapping();
  renderSource();
  rememberPrefs();
  // Names of segments, stages and actions come from the report: analyse again in the new
  // language; the names of columns without a header from the sniff: read its head again.
  if (get('source')) {
    translateSniff().then(renderMapping, () => {});
    runAnalysis();
  }
}

function bindAll() {
  bindSource();
  bindProgress(cancelRun);
  bindLanguageSwitch(setLanguage);
  bindSettingsPanel({ onDisplayChange: renderAll });
  bindClients({ onRfCleared: renderSegments });
  bindMarks();
  bindExports();
  bindCard();
  bindChanges();
  bindAutomation();
}

async function boot() {
  const prefs = restorePrefs();
  if (prefs) restoreSettings(prefs.settings);
  startLanguage(prefs?.lang);
  bindAll();
  // One fetch of the wasm, compiled once, instantiated here (rule checks, presets) and in
  // the worker (parsing and analysis).
  const response = await fetch(new URL('./pkg/segmenta_bg.wasm', import.meta.url));
  const module = await WebAssembly.compileStreaming(response);
  initSync({ module });
  await ask('init', { module, workers: requestedWorkers() });
  // The workers load with the page; the Excel reader itself waits for a workbook.
  await xlsxReady;
  await workbookReaderReady;
  startSettingsPanel(getPresets());
  await loadSample();
}

boot().catch((e) => {
  document.documentElement.dataset.state = 'error';
  showMessage(errorText(e), 'error');
});
