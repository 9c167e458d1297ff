// Runs of the analysis in the worker: the options of a run, one run at a time (a newer
// one cancels the older), debounced re-runs after settings changes, and the report of
// the last run. Owns the slices `result` (the views redraw from it; app.js subscribes)
// and `run`: { phase: 'idle' | 'running' | 'done' | 'failed' | 'cancelled', seq (the
// source's), progress, error } of the latest run, which the file line shows.
// `<html data-state>` says where the page is: running, ready or empty.
import { get, own } from './store.js';
import { checkRule } from './pkg/segmenta.js';
import { $ } from './dom.js';
import { t } from './i18n.js';
import * as charts from './charts.js';
import * as S from './settings.js';
import { call, ask, requestedWorkers } from './worker-client.js';
import { showMessage, messageHas, fixText } from './messages.js';
import { showProgress, hideProgress } from './progress.js';
import { setParseOption, readingOptions } from './reading.js';
import { rememberPrefs } from './prefs.js';
import { ruleAttributes } from './rules.js';

/** The built-in sample: how many clients, and the fixed date its orders end on. */
export const SAMPLE = { clients: 1500, end: '2026-10-31' };

const mine = own('analysis', { result: null, run: { phase: 'idle', seq: 0, progress: null, error: null } });

// The run in flight and the re-run waiting for its delay: this module's alone.
/** { id, userCancelled } of the run in flight, or null. */
let running = null;
let runPending = false;
let runTimer = 0;
/** The rule segments the last run was asked for (JSON), to see when more became valid. */
let rulesSent;

/** The rule segments of the settings that can be sent: named, non-empty and valid. */
function validRules() {
  const attrs = ruleAttributes();
  return get('settings').ruleSegments.filter((r) => r.name.trim() && r.rule.trim() && !checkRule(r.rule, attrs));
}

function buildOptions() {
  const rules = validRules();
  rulesSent = JSON.stringify(rules);
  return optionsWith(rules);
}

/** The options the next run would be made with (a comparison analyses with them too). */
export function currentOptions() {
  return optionsWith(validRules());
}

function optionsWith(rules) {
  const o = { lang: get('lang'), ...readingOptions(), ...S.analysisOptions(get('settings'), rules) };
  const columns = {};
  for (const [role, idx] of Object.entries(get('mapping'))) columns[role] = idx;
  if (Object.keys(columns).length) o.columns = columns;
  if (get('source')?.kind === 'sample') {
    // The sample ends on a fixed date; never let a slow clock call its last rows future.
    const today = new Date().toISOString().slice(0, 10);
    if (today < SAMPLE.end) o.today = SAMPLE.end;
  }
  return o;
}

/** Re-runs after settings changes, debounced. */
export function scheduleRun(delay = 350) {
  clearTimeout(runTimer);
  runPending = true;
  runTimer = setTimeout(() => runAnalysis(), delay);
}

/**
 * What the result will have been computed from: the source and its sequence number, the
 * clients file and how the source was read. A cancelled first run of a new source puts
 * these back (source.js).
 */
function origin() {
  return {
    source: get('source'),
    seq: get('sourceSeq'),
    clientsFile: get('clientsFile'),
    eventsFile: get('eventsFile'),
    parse: { ...get('parse') },
    sniff: get('sniff'),
    mapping: get('mapping'),
  };
}

/** Analyses the open source with the current options; the result replaces the last one. */
export async function runAnalysis() {
  clearTimeout(runTimer);
  runPending = false;
  const source = get('source');
  // No source, one still being opened (its own first run follows) or one the worker could
  // not open: there is nothing to analyse now.
  if (!source || source.opening || source.error) return;
  if (running) ask('cancel', { target: running.id }).catch(() => {});
  const fmt = get('fmt');
  const from = origin();
  const seq = from.seq;
  let job = null;
  const { id, promise } = call(
    'run',
    { options: buildOptions(), workers: requestedWorkers() },
    {
      onProgress: (p) => {
        showProgress(p, fmt);
        if (running === job) mine.set('run', { phase: 'running', seq, progress: p, error: null });
      },
      onNotice: (n) => {
        if (n.kind === 'fix') {
          setParseOption(n.option, String(n.value));
          from.parse[n.option] = String(n.value);
          showMessage(fixText(n), 'warn');
        }
      },
    },
  );
  job = { id, userCancelled: false };
  running = job;
  mine.set('run', { phase: 'running', seq, progress: null, error: null });
  document.documentElement.dataset.state = 'running';
  const progressTimer = setTimeout(() => {
    if (running === job) showProgress({ bytes: 0, total: get('source').size, rows: 0, clients: 0 }, fmt);
  }, 120);
  try {
    const res = await promise;
    if (running !== job) return;
    running = null;
    res.seq = seq;
    res.origin = from;
    mine.set('run', { phase: 'done', seq, progress: null, error: null });
    applyResult(res);
    if (res.fixes.length) {
      showMessage(fixText(res.fixes[res.fixes.length - 1]), 'warn');
    } else if (messageHas('error', 'progress-msg')) {
      showMessage('');
    }
    rememberPrefs();
  } catch (e) {
    if (running === job) running = null;
    if (e.kind === 'cancelled') {
      // A newer run replaced this one: it reports for itself.
      if (job.userCancelled) {
        showMessage(t(get('result') ? 'cancelled' : 'cancelledNothing'), 'info');
        mine.set('run', { phase: 'cancelled', seq, progress: null, error: null });
      }
    } else {
      // The file line shows the error, next to the name of the file it belongs to.
      if (messageHas('error')) showMessage('');
      mine.set('run', { phase: 'failed', seq, progress: null, error: e });
      // A column or row the mapping got wrong: open the mapping step to fix it.
      if (e.kind === 'missingColumn' || e.kind === 'badRow') $('#mapping').open = true;
      dropStaleResults();
    }
  } finally {
    clearTimeout(progressTimer);
    if (!running) {
      hideProgress();
      // 'ready' only when no other run is queued: scripted checks wait for it.
      if (!runPending) document.documentElement.dataset.state = get('result') ? 'ready' : 'empty';
    }
  }
}

/** Stops the run in flight at the user's request. */
export function cancelRun() {
  if (!running) return;
  running.userCancelled = true;
  ask('cancel', { target: running.id }).catch(() => {});
}

/** Drops a result that belongs to a previous source (its file could not be analysed). */
export function dropStaleResults() {
  const result = get('result');
  if (!result || result.seq === get('sourceSeq')) return;
  mine.set('result', null);
  document.documentElement.dataset.state = 'empty';
}

/**
 * Assigns (or with `remove` takes away) a tag `{ tag }` or a manual segment `{ segment }`
 * for the clients `ids`; the page redraws from the report the worker returns.
 */
export async function markClients(ids, mark, remove = false) {
  const before = get('result');
  if (!before || !ids.length) return;
  const res = await ask('mark', { reportId: before.reportId, ids, mark, remove });
  // Where the clients came from and how long reading took are the report's it replaces.
  Object.assign(res, { seq: before.seq, origin: before.origin, fixes: before.fixes, elapsed: before.elapsed, ranges: before.ranges, oneReader: before.oneReader });
  applyResult(res);
}

function applyResult(res) {
  const c = res.columns;
  res.segColors = c.segmentKeys.map((k, i) => charts.segmentColor(k, i));
  res.segColorByKey = Object.fromEntries(c.segmentKeys.map((k, i) => [k, res.segColors[i]]));
  // The views redraw from here, before anything below.
  mine.set('result', res);
  // Rules naming the clients table's columns can only be checked once a report lists
  // them: run again when the report made more (or fewer) rules valid.
  if (JSON.stringify(validRules()) !== rulesSent) scheduleRun(0);
  // A count of finished runs and the latest summary, for scripted checks of the page.
  window.__segmentaRuns = (window.__segmentaRuns || 0) + 1;
  window.__segmentaLast = { summary: res.summary };
}
