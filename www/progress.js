// The progress box of a run (#progress): what is read, how far, and its cancel button.
import { get } from './store.js';
import { $ } from './dom.js';
import { t, count } from './i18n.js';

/** What the run is doing: reading the source, fitting the predictive models or the backtest's pass. */
function stageLabel(stage, source) {
  if (stage === 'models') return t('progressModels');
  if (stage === 'backtest') return t('progressBacktest');
  return source?.kind === 'file' ? t('reading', { name: source.name }) : t('analysing');
}

/**
 * Shows the progress `p` ({ bytes, total, rows, clients, workers?, stage? }) with the
 * formats `fmt`; `stage` is the worker's ('models', 'backtest').
 */
export function showProgress(p, fmt) {
  const box = $('#progress');
  box.hidden = false;
  const source = get('source');
  const total = p.total || source?.size || 0;
  $('#progress-label').textContent = stageLabel(p.stage, source);
  box.dataset.stage = p.stage || 'reading';
  $('#progress-detail').textContent = t(p.workers ? 'progressDetailRanges' : 'progressDetail', {
    bytes: fmt.bytes(p.bytes),
    total: fmt.bytes(total),
    rows: count('row', p.rows || 0, fmt),
    clients: count('client', p.clients || 0, fmt),
    workers: count('worker', p.workers || 0, fmt),
  });
  const bar = $('#progress-bar');
  bar.value = total ? Math.min(1, p.bytes / total) : 0;
}

export function hideProgress() {
  // The cancel button goes away with the box: focus moves on to the file button rather
  // than to the start of the page.
  const hadFocus = $('#progress').contains(document.activeElement);
  $('#progress').hidden = true;
  if (hadFocus) $('#file-button').focus();
}

/** Calls `onCancel()` when the cancel button is pressed. */
export function bindProgress(onCancel) {
  $('#cancel-button').addEventListener('click', onCancel);
}
