// The automation section (#automation): triggers, manager tasks and the contact plan over
// the last N days of the loaded file. The worker analyses the file as of N days before its
// last date (the earlier report; the later is the report on screen) and runs `automate`
// between them, or `automateFirst` on the report alone when the file does not reach that
// far back. This view shows the counts, the firings with their reasons, the tasks and the
// contacts (each with its CSV), and keeps the journal: downloaded as JSON and loaded again,
// it makes the next run respect re-entry and cooldown. A new report (another language,
// other settings) runs the shown automation again on it.
import { get } from './store.js';
import { $, h, clear, download } from './dom.js';
import { t } from './i18n.js';
import { ask } from './worker-client.js';
import { showMessage } from './messages.js';
import { currentOptions } from './analysis.js';
import { bindSpec, adoptSpecResult, currentSpec, specHasTriggers } from './automation-spec.js';
import { bindPilot, adoptPilotResult } from './pilot.js';

const DAY_MS = 86400000;
/** Rows of each table on the page; the CSV holds them all. */
const SHOWN_ROWS = 100;

/** The run shown: the worker's answer and the earlier date it ran from, or null. */
let shown = null;
/** The scenario the tables show (a trigger's key), or '' for all. */
let only = '';
/** Whether a run was asked for: each new report runs it again. */
let wanted = false;
/** The journal the next run reads: { journal, name }, or null. */
let journalIn = null;

/** `iso` minus `days` days, as `YYYY-MM-DD`. */
export function minusDays(iso, days) {
  return new Date(Date.parse(iso + 'T00:00:00Z') - days * DAY_MS).toISOString().slice(0, 10);
}

function periodDays() {
  const v = $('#auto-period').value;
  if (v === 'custom') return Math.max(1, Math.round(Number($('#auto-days').value) || 0));
  return Number(v);
}

/** The earlier report's date: N days before the last date, or null when the file starts later. */
export function earlierDate(summary = get('result')?.summary) {
  if (!summary?.lastDate) return null;
  const d = minusDays(summary.lastDate, periodDays());
  return summary.firstDate && d >= summary.firstDate ? d : null;
}

/** The text of an error of this section: the page's own message or the module's. */
export function sectionError(e) {
  if (e.text === 'autoBadJson') return t('autoBadJson', { message: e.detail || e.message });
  return e.text ? t(e.text) : e.message;
}

function setStatus(text, kind = 'info') {
  const el = $('#auto-status');
  el.textContent = text || '';
  el.className = `auto-status ${kind}`;
}

/** Runs the automation of the form (or the edited JSON) on the report on screen. */
export async function runAutomation() {
  const result = get('result');
  if (!result) return;
  let spec;
  try {
    spec = currentSpec();
  } catch (e) {
    setStatus(sectionError(e), 'error');
    return;
  }
  if (!specHasTriggers(spec)) {
    setStatus(t('autoNoTriggers'), 'warn');
    return;
  }
  const asOf = earlierDate(result.summary);
  $('#automation').dataset.state = 'running';
  setStatus(t('autoRunning'));
  try {
    const res = await ask('automate', { reportId: result.reportId, options: currentOptions(), asOf, spec, journal: journalIn?.journal });
    shown = { ...res, asOf, journalName: journalIn?.name };
    renderRun();
    setStatus('');
  } catch (e) {
    if (e.kind === 'stale') return;
    setStatus(t('autoFailed', { message: sectionError(e) }), 'error');
    shown = null;
    clearRun();
  } finally {
    $('#automation').dataset.state = shown ? 'ready' : 'empty';
  }
}

const stat = (key, label, value) =>
  h('div', { class: 'stat', dataset: { count: key } }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value));

function counts(fmt) {
  const s = shown.summary;
  const period = shown.asOf
    ? t('autoPeriodLine', { before: fmt.date(shown.asOf), after: fmt.date(s.asOf) })
    : t('autoFirstLine', { after: fmt.date(s.asOf) });
  return [
    h('p', { id: 'auto-period-line' }, period, shown.journalName ? ` ${t('autoWithJournal', { name: shown.journalName })}` : ''),
    h('div', { class: 'stats', id: 'auto-counts' },
      stat('firings', t('autoFirings'), fmt.int(s.firings)),
      stat('suppressed', t('autoSuppressed'), fmt.int(s.suppressed)),
      stat('tasks', t('autoTasks'), fmt.int(s.tasks)),
      stat('contacts', t('autoContacts'), fmt.int(s.contacts)),
      stat('held', t('autoHeld'), fmt.int(s.held)),
    ),
    s.triggers.length
      ? h('ul', { class: 'auto-triggers small' }, s.triggers.map((x) =>
        h('li', { dataset: { trigger: x.key } }, h('b', {}, x.name), ': ', t('autoTriggerLine', { fired: fmt.int(x.fired), suppressed: fmt.int(x.suppressed) }))))
      : null,
  ];
}

const client = (id, name) => h('span', { translate: 'no' }, name && name !== id ? `${name} (${id})` : id);

/** A table of up to SHOWN_ROWS rows with its caption, a CSV button and a note on the rest. */
function table({ id, caption, headers, rows, csv, fmt }) {
  const head = h('div', { class: 'auto-table-head' },
    h('h3', {}, caption, ' ', h('span', { class: 'muted' }, `· ${fmt.int(rows.length)}`)),
    csv ? h('button', { type: 'button', class: 'btn small', id: `${id}-csv`, disabled: !rows.length, onclick: () => exportRun(csv) }, t('autoCsv')) : null,
  );
  if (!rows.length) return h('div', { class: 'auto-block' }, head, h('p', { class: 'muted small' }, t('autoNone')));
  return h('div', { class: 'auto-block' }, head,
    h('div', { class: 'table-scroll' },
      h('table', { class: 'data', id },
        h('caption', { class: 'visually-hidden' }, caption),
        h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
        h('tbody', {}, rows.slice(0, SHOWN_ROWS).map((r) => h('tr', {}, h('th', { scope: 'row' }, r[0]), r.slice(1).map((c) => h('td', {}, c))))),
      ),
    ),
    rows.length > SHOWN_ROWS ? h('p', { class: 'muted small' }, t('autoMore', { shown: fmt.int(SHOWN_ROWS), total: fmt.int(rows.length) })) : null,
  );
}

/** Whether an item of the run belongs to the scenario shown. */
const ofShown = (key, source = 'trigger') => !only || (source === 'trigger' && key === only);

/** The choice of the scenario the tables show. */
function scenarioFilter() {
  const triggers = shown.summary.triggers;
  if (triggers.length < 2) return null;
  return h('label', { class: 'auto-filter' }, h('span', {}, t('autoShow')), ' ',
    h('select', {
      id: 'auto-only',
      onchange: (e) => {
        only = e.target.value;
        renderTables();
      },
    },
    h('option', { value: '' }, t('autoShowAll')),
    triggers.map((x) => h('option', { value: x.key, selected: x.key === only }, x.name))),
  );
}

function firingsTable(fmt) {
  return table({
    id: 'auto-firings',
    caption: t('autoFiringsTitle'),
    headers: [t('autoColClient'), t('autoColTrigger'), t('autoColDay'), t('autoColStatus'), t('autoColReason')],
    rows: shown.firings.filter((f) => ofShown(f.trigger)).map((f) => [client(f.client, f.clientName), f.triggerName, fmt.date(f.day), f.status || '—', h('span', { class: 'reason' }, f.reason)]),
    csv: 'firings',
    fmt,
  });
}

function tasksTable(fmt) {
  return table({
    id: 'auto-tasks',
    caption: t('autoTasksTitle'),
    headers: [t('autoColTask'), t('autoColClient'), t('autoColAssignee'), t('autoColDue'), t('autoColPriority')],
    rows: shown.tasks.filter((x) => ofShown(x.key, x.source)).map((x) => [x.title, client(x.client, x.clientName), x.assignee ? h('span', { translate: 'no' }, x.assignee) : '—', fmt.date(x.due), h('span', { class: `priority p-${x.priority}` }, t(`priority_${x.priority}`))]),
    csv: 'tasks',
    fmt,
  });
}

function contactsTable(fmt) {
  return table({
    id: 'auto-contacts',
    caption: t('autoContactsTitle'),
    headers: [t('autoColClient'), t('autoColChannel'), t('autoColTime'), t('autoColOffer')],
    rows: shown.contacts.filter((c) => ofShown(c.key, c.source)).map((c) => [
      client(c.client, c.clientName),
      h('span', { class: `channel ch-${c.channel}` }, c.channelName),
      h('span', { class: 'nowrap' }, `${fmt.date(c.date)} ${c.localTime}`, h('span', { class: 'muted', translate: 'no' }, ` ${c.zone}`)),
      c.offer,
    ]),
    csv: 'contacts',
    fmt,
  });
}

/** What was held back: suppressed conditions and actions the plan did not place. */
function heldDetails(fmt) {
  const items = [
    ...shown.suppressed.map((x) => [x.client, x.trigger, x.reason]),
    ...shown.held.map((x) => [x.client, x.key, x.reason]),
  ];
  if (!items.length) return null;
  return h('details', { class: 'table-view', id: 'auto-held' },
    h('summary', {}, t('autoHeldTitle', { count: fmt.int(items.length) })),
    h('ul', { class: 'movers' }, items.slice(0, SHOWN_ROWS).map(([id, key, reason]) => h('li', {}, h('b', { translate: 'no' }, id), ` · ${key} — `, reason))),
  );
}

function clearRun() {
  clear($('#auto-summary'));
  clear($('#auto-results'));
  $('#auto-journal-save').disabled = true;
}

function renderRun() {
  if (!shown) return;
  const fmt = get('fmt');
  if (!shown.summary.triggers.some((x) => x.key === only)) only = '';
  clear($('#auto-summary')).append(...counts(fmt).filter(Boolean));
  renderTables();
  $('#auto-journal-save').disabled = false;
}

/** The tables of the run, of the scenario shown. */
function renderTables() {
  const fmt = get('fmt');
  clear($('#auto-results')).append(scenarioFilter() || '', firingsTable(fmt), tasksTable(fmt), contactsTable(fmt), heldDetails(fmt) || '');
}

/** Downloads one of the run's CSV files (Excel-friendly: BOM, `;`, headers in the report's language). */
async function exportRun(what) {
  if (!shown) return;
  try {
    const bytes = await ask('automationCsv', { automationId: shown.automationId, what });
    const name = `segmenta-${what}-${shown.summary.asOf}.csv`;
    download(bytes, name, 'text/csv;charset=utf-8');
    showMessage(t('exported', { name }), 'info');
  } catch (e) {
    if (e.kind !== 'stale') setStatus(sectionError(e), 'error');
  }
}

function saveJournal() {
  if (!shown) return;
  const name = `segmenta-journal-${shown.summary.asOf}.json`;
  download(JSON.stringify(shown.journal, null, 2), name, 'application/json');
  showMessage(t('exported', { name }), 'info');
}

function showJournal() {
  const fmt = get('fmt');
  const line = $('#auto-journal-line');
  $('#auto-journal-clear').hidden = !journalIn;
  if (!journalIn) {
    line.textContent = t('autoJournalNone');
    return;
  }
  const j = journalIn.journal;
  const remembered = Object.values(j.fired || {}).reduce((a, byClient) => a + Object.keys(byClient).length, 0);
  line.textContent = t('autoJournalLoaded', { name: journalIn.name, asOf: j.asOf ? fmt.date(j.asOf) : '—', count: fmt.int(remembered) });
}

async function loadJournal(file) {
  if (!file) return;
  try {
    const j = JSON.parse(await file.text());
    if (!j || typeof j !== 'object' || typeof j.version !== 'number') throw new Error('not a journal');
    journalIn = { journal: j, name: file.name };
    setStatus('');
  } catch {
    journalIn = null;
    setStatus(t('autoJournalBad'), 'error');
  }
  showJournal();
}

/** A new report: the presets follow it, and a shown run (or evaluation) is made again on it. */
export function renderAutomation() {
  const result = get('result');
  if (!result) return;
  adoptSpecResult(result);
  adoptPilotResult(result);
  showJournal();
  if (wanted) runAutomation();
}

export function bindAutomation() {
  $('#auto-period').addEventListener('change', () => {
    $('#auto-days-label').hidden = $('#auto-period').value !== 'custom';
  });
  $('#auto-run').addEventListener('click', () => {
    wanted = true;
    runAutomation();
  });
  $('#auto-journal-save').addEventListener('click', saveJournal);
  $('#auto-journal-file').addEventListener('change', (e) => loadJournal(e.target.files[0]));
  $('#auto-journal-clear').addEventListener('click', () => {
    journalIn = null;
    $('#auto-journal-file').value = '';
    showJournal();
  });
  bindSpec();
  bindPilot({ startDate: () => earlierDate(), errorText: sectionError });
}
