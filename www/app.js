// The demo page: loads the data, runs the analysis in a module worker, and renders the
// results. Everything happens in the browser; the wasm module, the worker and the vendored
// XLSX writer are all loaded up front, so nothing is fetched once the page is ready.
import { initSync, checkRule, presets as getPresets } from './pkg/segmenta.js';
import { h, clear, $, $$, download, tableView } from './dom.js';
import { t, count, setLang, translatePage } from './i18n.js';
import { makeFormat } from './format.js';
import * as charts from './charts.js';
import { ClientTable } from './table.js';
import * as S from './settings.js';
import { buildSettingsForm, refreshSettingsForm } from './settings-form.js';
import { call, ask, onWorkerError, requestedWorkers } from './worker-client.js';
import { xlsxBlob, xlsxReady } from './xlsx-client.js';
import { showMessage, messageHas, errorText } from './messages.js';

const SAMPLE = { clients: 1500, end: '2026-10-31' };
/** Segments of valuable clients that stopped buying, in the built-in presets. */
const RISK_KEYS = new Set(['atRisk', 'cantLoseThem', 'lostValuable']);
const CSV_PLAIN = { bom: false, delimiter: ',', decimal: '.', raw: true };

const state = {
  lang: 'ru',
  settings: S.defaultSettings(),
  parse: S.defaultParse(),
  mapping: {},
  remembered: null,
  sniff: null,
  source: null,
  clientsFile: null,
  result: null,
  fmt: null,
  presets: null,
  filter: emptyFilter(),
  sort: { key: 'revenue', dir: -1 },
  running: null,
  /** Counts opened sources; a result remembers the one it was computed from. */
  sourceSeq: 0,
  orders: new Map(),
  lowerIds: null,
};

function emptyFilter() {
  return { segment: null, rf: null, lifecycle: null, abc: null, rule: '', ruleMask: null, ruleLabel: '', search: '' };
}

onWorkerError((e) => showMessage(`${t('errorPrefix')}: ${e.message || 'worker'}`, 'error'));

// ---------------------------------------------------------------- preferences

function rememberPrefs() {
  const names = {};
  const cols = state.sniff?.columns || [];
  for (const [role, idx] of Object.entries(state.mapping)) {
    const col = cols.find((c) => c.index === idx);
    if (col) names[role] = col.name;
  }
  const prefs = { lang: state.lang, settings: state.settings };
  if (state.source?.kind === 'file') {
    prefs.parse = state.parse;
    prefs.mapping = { names, signature: signature(state.sniff) };
  } else if (state.remembered) {
    prefs.parse = state.remembered.parse;
    prefs.mapping = state.remembered.mapping;
  }
  state.remembered = { parse: prefs.parse, mapping: prefs.mapping };
  S.savePrefs(prefs);
}

function signature(sniff) {
  return sniff ? sniff.columns.map((c) => c.name).join('\u241f') : '';
}

function mappingNames() {
  const names = {};
  for (const [role, idx] of Object.entries(state.mapping)) {
    const col = state.sniff?.columns.find((c) => c.index === idx);
    if (col) names[role] = col.name;
  }
  return names;
}

// ---------------------------------------------------------------- loading

async function loadSample() {
  showMessage('');
  state.filter = emptyFilter();
  state.clientsFile = null;
  const info = await ask('open', { source: { sample: { ...SAMPLE, name: t('sampleName') } } });
  state.source = { kind: 'sample', name: info.name, size: info.size };
  state.sourceSeq += 1;
  state.parse = S.defaultParse();
  state.sniff = info.sniff;
  state.mapping = mappingFromSniff(info.sniff, null);
  renderSource();
  renderMapping();
  $('#mapping').open = false;
  await runAnalysis();
}

async function loadFile(file) {
  if (!file) return;
  showMessage('');
  state.filter = emptyFilter();
  let info;
  try {
    info = await ask('open', { source: { file }, clientsFile: state.clientsFile });
  } catch (e) {
    showMessage(errorText(e), 'error');
    return;
  }
  state.source = { kind: 'file', name: info.name, size: info.size };
  state.sourceSeq += 1;
  state.parse = S.defaultParse();
  let sniff = info.sniff;
  const remembered = state.remembered?.mapping;
  if (remembered && remembered.signature === signature(sniff) && state.remembered.parse) {
    const parse = S.sanitizeParse(state.remembered.parse);
    if (S.PARSE_KEYS.some((k) => parse[k])) {
      state.parse = parse;
      try {
        sniff = await ask('sniff', { options: S.parseOptions(parse) });
      } catch {
        state.parse = S.defaultParse();
      }
    }
  }
  state.sniff = sniff;
  state.mapping = mappingFromSniff(sniff, remembered?.names);
  renderSource();
  renderMapping();
  const problem = mappingProblem();
  if (problem) {
    $('#mapping').open = true;
    showMessage(problem, 'error');
    dropStaleResults();
    return;
  }
  $('#mapping').open = true;
  await runAnalysis();
}

function mappingFromSniff(sniff, rememberedNames) {
  const m = {};
  for (const col of sniff.columns) {
    if (S.MAPPING_ROLES.includes(col.role) && !(col.role in m)) m[col.role] = col.index;
  }
  if (rememberedNames) {
    for (const [role, name] of Object.entries(rememberedNames)) {
      const col = sniff.columns.find((c) => c.name === name);
      if (!col) continue;
      for (const r of Object.keys(m)) if (m[r] === col.index) delete m[r];
      m[role] = col.index;
    }
  }
  return m;
}

function mappingProblem() {
  const m = state.mapping;
  const missing = [];
  if (m.client === undefined) missing.push(t('role_client'));
  if (m.date === undefined) missing.push(t('role_date'));
  if (m.amount === undefined && !(m.quantity !== undefined && m.price !== undefined)) missing.push(t('role_amount'));
  return missing.length ? t('missingRoles', { roles: missing.join(', ') }) : null;
}

// ---------------------------------------------------------------- running

function validRules() {
  const attrs = ruleAttributes();
  return state.settings.ruleSegments.filter((r) => r.name.trim() && r.rule.trim() && !checkRule(r.rule, attrs));
}

/** Attribute names (and their role aliases) the rule language knows for this data. */
export function ruleAttributes() {
  const aliases = { region: 'region', clientType: 'type', companySize: 'company_size', revenueBand: 'revenue_band', contactRole: 'contact_role', source: 'source' };
  const out = [];
  for (const a of state.result?.model.attributes || []) {
    out.push(a.name);
    if (aliases[a.role]) out.push(aliases[a.role]);
  }
  return out;
}

function buildOptions() {
  const rules = validRules();
  state.rulesSent = JSON.stringify(rules);
  const o = { lang: state.lang, ...S.parseOptions(state.parse), ...S.analysisOptions(state.settings, rules) };
  const columns = {};
  for (const [role, idx] of Object.entries(state.mapping)) columns[role] = idx;
  if (Object.keys(columns).length) o.columns = columns;
  if (state.source?.kind === 'sample') {
    // The sample ends on a fixed date; never let a slow clock call its last rows future.
    const today = new Date().toISOString().slice(0, 10);
    if (today < SAMPLE.end) o.today = SAMPLE.end;
  }
  return o;
}

let runTimer = 0;
/** Re-runs after settings changes, debounced. */
function scheduleRun(delay = 350) {
  clearTimeout(runTimer);
  state.runPending = true;
  runTimer = setTimeout(() => runAnalysis(), delay);
}

async function runAnalysis() {
  clearTimeout(runTimer);
  state.runPending = false;
  if (!state.source) return;
  if (state.running) ask('cancel', { target: state.running.id }).catch(() => {});
  const fmt = state.fmt;
  const seq = state.sourceSeq;
  const { id, promise } = call(
    'run',
    { options: buildOptions(), workers: requestedWorkers() },
    {
      onProgress: (p) => showProgress(p, fmt),
      onNotice: (n) => {
        if (n.kind === 'fix') {
          state.parse[n.option] = String(n.value);
          showMessage(t('fixApplied', { line: n.line ?? '?', option: n.option, value: n.value }), 'warn');
        }
      },
    },
  );
  const job = { id, userCancelled: false };
  state.running = job;
  document.documentElement.dataset.state = 'running';
  const progressTimer = setTimeout(() => {
    if (state.running === job) showProgress({ bytes: 0, total: state.source.size, rows: 0, clients: 0 }, fmt);
  }, 120);
  try {
    const res = await promise;
    if (state.running !== job) return;
    state.running = null;
    res.seq = seq;
    applyResult(res);
    if (res.fixes.length) {
      const f = res.fixes[res.fixes.length - 1];
      showMessage(t('fixApplied', { line: f.line ?? '?', option: f.option, value: f.value }), 'warn');
    } else if (messageHas('error', 'progress-msg')) {
      showMessage('');
    }
    rememberPrefs();
  } catch (e) {
    if (state.running === job) state.running = null;
    if (e.kind === 'cancelled') {
      if (job.userCancelled) showMessage(t('cancelled'), 'info');
    } else {
      showMessage(errorText(e), 'error');
      if (e.kind === 'missingColumn' || e.kind === 'badRow') $('#mapping').open = true;
      dropStaleResults();
    }
  } finally {
    clearTimeout(progressTimer);
    if (!state.running) {
      hideProgress();
      // 'ready' only when no other run is queued: scripted checks wait for it.
      if (!state.runPending) document.documentElement.dataset.state = state.result ? 'ready' : 'empty';
    }
  }
}

/** Hides results that belong to a previous source (its file could not be analysed). */
function dropStaleResults() {
  if (!state.result || state.result.seq === state.sourceSeq) return;
  state.result = null;
  for (const id of ['quality', 'overview', 'plan', 'segments', 'abcxyz', 'lifecycle', 'clients']) $(`#${id}`).hidden = true;
  document.documentElement.dataset.state = 'empty';
}

function showProgress(p, fmt) {
  const box = $('#progress');
  box.hidden = false;
  const total = p.total || state.source?.size || 0;
  $('#progress-label').textContent = state.source?.kind === 'file' ? t('reading', { name: state.source.name }) : t('analysing');
  $('#progress-detail').textContent = t(p.workers ? 'progressDetailRanges' : 'progressDetail', {
    bytes: fmt.bytes(p.bytes),
    total: fmt.bytes(total),
    rows: fmt.int(p.rows),
    clients: fmt.int(p.clients),
    workers: p.workers,
  });
  const bar = $('#progress-bar');
  bar.value = total ? Math.min(1, p.bytes / total) : 0;
}

function hideProgress() {
  $('#progress').hidden = true;
}

function cancelRun() {
  if (!state.running) return;
  state.running.userCancelled = true;
  ask('cancel', { target: state.running.id }).catch(() => {});
}

// ---------------------------------------------------------------- results

function applyResult(res) {
  const c = res.columns;
  res.segColors = c.segmentKeys.map((k, i) => charts.segmentColor(k, i));
  res.segColorByKey = Object.fromEntries(c.segmentKeys.map((k, i) => [k, res.segColors[i]]));
  state.result = res;
  state.orders = new Map();
  state.lowerIds = null;
  // A rule filter refers to rows of the old report: re-select it on the new one.
  if (state.filter.rule) applyRuleFilter(state.filter.rule, state.filter.ruleLabel);
  if (state.filter.segment && !c.segmentKeys.includes(state.filter.segment) && state.filter.segment !== '__lead') {
    state.filter.segment = null;
  }
  if (state.filter.rf && (state.filter.rf[0] > res.summary.bins || state.filter.rf[1] > res.summary.bins)) state.filter.rf = null;
  renderAll();
  // Rules naming the clients table's columns can only be checked once a report lists
  // them: run again when the report made more (or fewer) rules valid.
  if (JSON.stringify(validRules()) !== state.rulesSent) scheduleRun(0);
  // A count of finished runs and the latest summary, for scripted checks of the page.
  window.__segmentaRuns = (window.__segmentaRuns || 0) + 1;
  window.__segmentaLast = { summary: res.summary };
}

function renderAll() {
  if (!state.result) return;
  renderSource();
  renderQuality();
  renderOverview();
  renderPlan();
  renderSegments();
  renderAbc();
  renderLifecycle();
  renderFilterControls();
  updateTable();
  refreshSettingsForm(settingsCtx());
  for (const id of ['quality', 'overview', 'plan', 'segments', 'abcxyz', 'lifecycle', 'clients']) $(`#${id}`).hidden = false;
}

function renderSource() {
  const el = $('#source');
  clear(el);
  if (!state.source) {
    el.hidden = true;
    return;
  }
  el.hidden = false;
  const fmt = state.fmt;
  const sn = state.result?.sniff || state.sniff;
  const sum = state.result?.summary;
  const kind = state.source.kind === 'sample' ? t('sourceSample') : t('sourceFile');
  const name = state.source.kind === 'sample' ? t('sampleName') : state.source.name;
  el.append(
    h('span', { class: 'source-name' }, h('strong', {}, `${kind}: `), name, h('span', { class: 'muted' }, ` · ${fmt.bytes(state.source.size)}`)),
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
  if (state.clientsFile) {
    el.append(
      h(
        'span',
        { class: 'small' },
        t('clientsLoaded', { name: state.clientsFile.name }),
        ' ',
        h('button', { type: 'button', class: 'linkish', onclick: () => setClientsFile(null) }, t('removeClients')),
      ),
    );
  }
}

function delimiterName(d) {
  return { ';': `«;» ${t('semicolon')}`, ',': `«,» ${t('comma')}`, '\t': t('tab'), '|': `«|» ${t('pipe')}` }[d] || d;
}

// ---------------------------------------------------------------- mapping step

function renderMapping() {
  const body = $('#mapping-body');
  clear(body);
  const sn = state.sniff;
  if (!sn) return;
  const sel = (key, options) => {
    const select = h(
      'select',
      { id: `parse-${key}`, onchange: (e) => onParseChange(key, e.target.value) },
      options.map(([v, label]) => h('option', { value: v, selected: String(state.parse[key]) === v }, label)),
    );
    return h('label', { class: 'field' }, h('span', {}, t(key)), select);
  };
  const detected = (v) => t('autoDetected', { value: v });
  body.append(
    h(
      'div',
      { class: 'parse-grid' },
      sel('encoding', [
        ['', detected(sn.encoding)],
        ['utf-8', 'UTF-8'],
        ['windows-1251', 'Windows-1251'],
        ['koi8-r', 'KOI8-R'],
        ['ibm866', 'CP866'],
        ['utf-16le', 'UTF-16 LE'],
        ['utf-16be', 'UTF-16 BE'],
        ['windows-1252', 'Windows-1252'],
      ]),
      sel('delimiter', [
        ['', detected(delimiterName(sn.delimiter))],
        [';', delimiterName(';')],
        [',', delimiterName(',')],
        ['tab', delimiterName('\t')],
        ['|', delimiterName('|')],
      ]),
      sel('headerRow', [
        ['', detected(sn.headerLine ? t('lineN', { n: sn.headerLine }) : t('noHeader'))],
        ['none', t('noHeader')],
        ...[1, 2, 3, 4, 5].map((n) => [String(n), t('lineN', { n })]),
      ]),
      sel('decimalSeparator', [
        ['', detected(sn.decimalSeparator)],
        [',', `«,» ${t('comma')}`],
        ['.', `«.» ${t('dot')}`],
      ]),
      sel('dateFormat', [
        ['', detected(sn.dateFormat || '—')],
        ['DD.MM.YYYY', 'DD.MM.YYYY'],
        ['YYYY-MM-DD', 'YYYY-MM-DD'],
        ['MM/DD/YYYY', 'MM/DD/YYYY'],
        ['YYYYMMDD', 'YYYYMMDD'],
        ['excel', t('excelSerial')],
        ['unix', t('unixSeconds')],
        ['unixMs', t('unixMs')],
      ]),
    ),
  );
  body.append(
    h('h3', {}, t('rawPreview')),
    h('pre', { class: 'raw-preview', tabindex: '0', 'aria-label': t('rawPreview') }, sn.rawPreview.slice(0, 8).map((l, i) => h('span', {}, h('span', { class: 'ln', 'aria-hidden': 'true' }, String(i + 1).padStart(2, ' ')), ' ', l, '\n'))),
  );
  const roles = S.MAPPING_ROLES;
  const rows = sn.columns.map((col) => {
    const assigned = Object.entries(state.mapping).find(([, idx]) => idx === col.index)?.[0] || '';
    const select = h(
      'select',
      {
        id: `role-${col.index}`,
        dataset: { column: col.index },
        'aria-label': `${t('columnRole')}: ${col.name}`,
        onchange: (e) => onRoleChange(col.index, e.target.value),
      },
      h('option', { value: '', selected: !assigned }, t('roleNone')),
      roles.map((r) => h('option', { value: r, selected: assigned === r }, t(`role_${r}`))),
    );
    const other = !roles.includes(col.role) && col.role !== 'attribute' ? t('guessedOther', { role: col.role }) : '';
    const sure = roles.includes(col.role) && col.roleConfidence ? t('confidence', { value: state.fmt.pct0(col.roleConfidence) }) : '';
    return h(
      'tr',
      { class: assigned ? 'mapped' : null },
      h('th', { scope: 'row' }, col.name),
      h('td', {}, select, other || sure ? h('div', { class: 'muted small' }, other || sure) : null),
      h('td', { class: 'examples' }, col.examples.slice(0, 3).join(' · ')),
    );
  });
  const problem = mappingProblem();
  body.append(
    h('h3', {}, t('columnsTitle')),
    h('p', { class: 'muted small' }, t('requiredRoles')),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data mapping-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('columnName')), h('th', { scope: 'col' }, t('columnRole')), h('th', { scope: 'col' }, t('columnExamples')))),
        h('tbody', {}, rows),
      ),
    ),
    h('div', { id: 'mapping-problem', class: 'field-error', role: 'alert', hidden: !problem }, problem || ''),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', id: 'apply-mapping', class: 'btn primary', disabled: !!problem, onclick: () => applyMapping() }, t('applyMapping')),
      h('span', { class: 'muted small' }, t('mappingRemembered')),
    ),
  );
}

function onRoleChange(index, role) {
  for (const r of Object.keys(state.mapping)) if (state.mapping[r] === index) delete state.mapping[r];
  if (role) {
    delete state.mapping[role];
    state.mapping[role] = index;
  }
  renderMapping();
  const sel = $(`#role-${index}`);
  if (sel) sel.focus();
}

async function onParseChange(key, value) {
  state.parse[key] = value;
  try {
    state.sniff = await ask('sniff', { options: S.parseOptions(state.parse) });
    // Keep the user's choices where the columns still exist; guess the rest.
    const keep = mappingNames();
    state.mapping = mappingFromSniff(state.sniff, keep);
  } catch (e) {
    showMessage(errorText(e), 'error');
  }
  renderMapping();
  $(`#parse-${key}`)?.focus();
}

function applyMapping() {
  const problem = mappingProblem();
  if (problem) {
    showMessage(problem, 'error');
    return;
  }
  showMessage('');
  runAnalysis();
}

// ---------------------------------------------------------------- data quality

function renderQuality() {
  const { audit, summary, fixes, elapsed, ranges } = state.result;
  const fmt = state.fmt;
  const body = $('#quality-body');
  clear(body);
  document.documentElement.dataset.ranges = String(ranges || 1);
  const seconds = (elapsed / 1000).toFixed(2);
  body.append(
    h('p', { class: 'read-line' }, ranges > 1 ? t('readOnWorkers', { seconds, workers: ranges }) : t('readByOne', { seconds })),
  );
  const bad = audit.rowsRejected > 0;
  const order = { rejected: 0, excluded: 1, flagged: 2 };
  const issues = audit.issues.slice().sort((a, b) => order[a.disposition] - order[b.disposition] || b.count - a.count);
  const clean = !bad && !audit.rowsExcluded && audit.reconciled && !summary.warnings.length && !(fixes || []).length;
  $('#quality').classList.toggle('compact', clean);
  if (clean) {
    // Nothing to fix: one line, with the flagged rows (returns, outliers) a click away.
    body.append(
      h(
        'p',
        { class: 'ok-line' },
        `✓ ${t('qualityAllGood', { rows: count('row', audit.rowsRead, fmt), amount: fmt.money(audit.fileAmount) })}`,
      ),
    );
    if (issues.length) body.append(issuesDetails(issues, fmt));
    return;
  }
  if (bad) body.append(h('p', { class: 'banner error', role: 'alert' }, t('rejectedBanner', { rows: count('row', audit.rowsRejected, fmt) })));
  const tile = (label, value, cls) => h('div', { class: `stat ${cls || ''}` }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value));
  body.append(
    h(
      'div',
      { class: 'stats' },
      tile(t('rowsRead'), fmt.int(audit.rowsRead)),
      tile(t('rowsAccepted'), fmt.int(audit.rowsAccepted), 'good'),
      tile(t('rowsRejected'), fmt.int(audit.rowsRejected), audit.rowsRejected ? 'bad' : ''),
      tile(t('rowsExcluded'), fmt.int(audit.rowsExcluded), audit.rowsExcluded ? 'warn' : ''),
      tile(t('fileAmount'), fmt.money(audit.fileAmount)),
    ),
    h('p', { class: audit.reconciled ? 'ok-line' : 'bad-line' }, audit.reconciled ? `✓ ${t('qualityReconciled')}` : `✗ ${t('qualityNotReconciled')}`),
  );
  for (const f of fixes || []) body.append(h('p', { class: 'banner warn' }, t('fixApplied', { line: f.line ?? '?', option: f.option, value: f.value })));
  if (issues.length) {
    if (bad || audit.rowsExcluded) body.append(h('h3', {}, t('issuesTitle')), issuesTable(issues, fmt));
    else body.append(issuesDetails(issues, fmt));
  } else {
    body.append(h('p', { class: 'ok-line' }, `✓ ${t('qualityClean')}`));
  }
  if (audit.rowsRejected > 0) {
    body.append(
      h('button', { type: 'button', class: 'btn', id: 'download-rejected', onclick: () => exportCsv('rejected', null, 'segmenta-rejected') }, t('downloadRejected')),
    );
  }
  if (summary.warnings.length) {
    body.append(
      h('h3', {}, t('warningsTitle')),
      h('ul', { class: 'warnings' }, summary.warnings.map((w) => h('li', { dataset: { kind: w.kind } }, w.line ? `${t('errorAt', { line: w.line })}: ` : '', w.message))),
    );
  }
}

function issuesDetails(issues, fmt) {
  const flagged = issues.map((g) => `${g.description} (${fmt.int(g.count)})`).join('; ');
  return h('details', { class: 'issues-details' }, h('summary', {}, `${t('flaggedTitle')}: ${flagged}`), issuesTable(issues, fmt));
}

function issuesTable(issues, fmt) {
  const table = h(
    'table',
    { class: 'data issues' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [t('issueCause'), t('issueDisposition'), t('issueCount'), t('issueAmount'), t('issueExamples')].map((x, i) =>
          h('th', { scope: 'col', class: i === 2 || i === 3 ? 'num' : null }, x),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      issues.map((g) =>
        h(
          'tr',
          { class: `disp-${g.disposition}`, dataset: { kind: g.kind } },
          h('th', { scope: 'row' }, g.description),
          h('td', {}, h('span', { class: `pill ${g.disposition}` }, t(`disposition_${g.disposition}`))),
          h('td', { class: 'num' }, fmt.int(g.count)),
          h('td', { class: 'num' }, g.amount ? fmt.money(g.amount) : '—'),
          h(
            'td',
            { class: 'examples' },
            g.examples.slice(0, 4).map((x) =>
              h('span', { class: 'example' }, h('b', {}, `${x.line}:`), ` ${x.value || '∅'}`, x.detail ? h('span', { class: 'muted' }, ` (${x.detail})`) : null),
            ),
          ),
        ),
      ),
    ),
  );
  return h('div', { class: 'table-scroll' }, table);
}

// ---------------------------------------------------------------- overview

function segmentRule(index) {
  const c = state.result.columns;
  const name = c.segmentNames[index].replace(/"/g, '\\"');
  return state.lang === 'ru' ? `segment_ru == "${name}"` : `segment == "${name}"`;
}

function segmentRuleByKey(key) {
  return segmentRule(state.result.columns.segmentKeys.indexOf(key));
}

function riskRule(keys) {
  return keys.map((k) => `(${segmentRuleByKey(k)})`).join(' or ');
}

function renderOverview() {
  const { summary } = state.result;
  const fmt = state.fmt;
  const body = $('#overview-body');
  clear(body);
  const kpi = (label, value, sub, cls) =>
    h('div', { class: 'kpi' }, h('span', { class: 'kpi-label' }, label), h('span', { class: `kpi-value ${cls || ''}` }, value), sub ? h('span', { class: 'kpi-sub muted' }, sub) : null);
  body.append(
    h(
      'div',
      { class: 'kpis' },
      kpi(t('kpiRevenue'), fmt.money0(summary.revenue)),
      kpi(t('kpiClients'), fmt.int(summary.customers), summary.leads ? t('kpiLeads', { leads: count('lead', summary.leads, fmt) }) : null),
      kpi(t('kpiOrders'), fmt.int(summary.orders)),
      kpi(t('kpiAverageCheck'), fmt.money0(summary.orders ? summary.revenue / summary.orders : NaN)),
      kpi(t('kpiPeriod'), `${fmt.date(summary.firstDate)} — ${fmt.date(summary.lastDate)}`, t('kpiAsOf', { date: fmt.date(summary.asOf) }), 'period'),
    ),
  );
  const segs = summary.segments.filter((x) => x.customers > 0);
  const colors = state.result.segColorByKey;
  // Where revenue comes from.
  const a = summary.abc.find((x) => x.key === 'A');
  const top = segs.slice().sort((x, y) => y.revenue - x.revenue)[0];
  const stack = h(
    'div',
    { class: 'stack', role: 'img', 'aria-label': t('segmentBarsTitle') },
    segs
      .slice()
      .sort((x, y) => y.revenue - x.revenue)
      .map((x) => h('span', { style: { width: `${Math.max(0, x.revenueShare) * 100}%`, background: colors[x.key] }, title: `${x.segment}: ${fmt.pct(x.revenueShare)}` })),
  );
  const card1 = h(
    'article',
    { class: 'insight' },
    h('h3', {}, t('insightRevenueTitle')),
    a ? h('p', { class: 'big' }, t('insightRevenue', { share: fmt.pct0(a.customersShare), revenueShare: fmt.pct0(a.revenueShare) })) : null,
    top ? h('p', {}, t('insightTopSegment', { segment: top.segment, share: fmt.pct0(top.customersShare), revenueShare: fmt.pct0(top.revenueShare) })) : null,
    stack,
    top ? h('div', { class: 'row' }, h('button', { type: 'button', class: 'btn small', onclick: () => filterSegment(top.key) }, t('showClients'))) : null,
  );
  // Who is slipping away.
  const risky = segs.filter((x) => RISK_KEYS.has(x.key));
  const riskCount = risky.reduce((acc, x) => acc + x.customers, 0);
  const riskRevenue = risky.reduce((acc, x) => acc + x.revenue, 0);
  const riskShare = risky.reduce((acc, x) => acc + x.revenueShare, 0);
  const lc = Object.fromEntries(summary.lifecycle.map((x) => [x.key, x]));
  const gone = (lc.sleeping?.customers || 0) + (lc.churned?.customers || 0);
  const withOrders = summary.customers || 1;
  const rule = risky.length ? riskRule(risky.map((x) => x.key)) : null;
  const card2 = h(
    'article',
    { class: 'insight risk' },
    h('h3', {}, t('insightRiskTitle')),
    risky.length
      ? h('p', { class: 'big' }, t('insightRisk', { clients: count('client', riskCount, fmt), revenue: fmt.money0(riskRevenue), share: fmt.pct0(riskShare) }))
      : null,
    h('p', {}, t('insightSleeping', { clients: count('client', gone, fmt), share: fmt.pct0(gone / withOrders) })),
    h('div', { class: 'chips-row' }, risky.map((x) => h('span', { class: 'seg-chip' }, h('i', { class: 'dot', style: { background: colors[x.key] } }), `${x.segment}: ${fmt.int(x.customers)}`))),
    rule
      ? h(
          'div',
          { class: 'row' },
          h('button', { type: 'button', class: 'btn small', onclick: () => { applyRuleFilter(rule, t('insightRiskTitle')); goToClients(); } }, t('showClients')),
          h('button', { type: 'button', class: 'btn small', onclick: () => exportCsv('contacts', rule, 'segmenta-at-risk') }, `${t('downloadList')} CSV`),
          h('button', { type: 'button', class: 'btn small', onclick: () => exportXlsx('contacts', rule, 'segmenta-at-risk', t('insightRiskTitle')) }, 'XLSX'),
        )
      : null,
  );
  // What to do.
  const actions = summary.actions.filter((x) => x.customers > 0).slice().sort((x, y) => x.priority - y.priority);
  const card3 = h(
    'article',
    { class: 'insight action' },
    h('h3', {}, t('insightActionTitle')),
    h(
      'ol',
      { class: 'action-list' },
      actions.slice(0, 4).map((x) => h('li', {}, h('span', { class: `channel ch-${x.channel}` }, x.channelName), ` ${x.offer} `, h('span', { class: 'muted' }, `(${fmt.int(x.customers)})`))),
    ),
    h('p', {}, h('a', { href: '#plan' }, t('insightAction', { n: fmt.int(segs.filter((x) => x.action).length) }))),
  );
  body.append(h('div', { class: 'insights' }, card1, card2, card3));
}

// ---------------------------------------------------------------- plan (actions per segment)

function renderPlan() {
  const { summary } = state.result;
  const fmt = state.fmt;
  const body = $('#plan-body');
  clear(body);
  const colors = state.result.segColorByKey;
  const segs = summary.segments
    .filter((x) => x.customers > 0)
    .slice()
    .sort((x, y) => (x.action?.priority ?? 99) - (y.action?.priority ?? 99) || y.revenue - x.revenue);
  for (const x of segs) {
    const rule = segmentRuleByKey(x.key);
    const file = `segmenta-${x.key}`;
    body.append(
      h(
        'article',
        { class: 'plan-card', style: { borderTopColor: colors[x.key] }, dataset: { key: x.key } },
        h('h3', {}, h('i', { class: 'dot', style: { background: colors[x.key] } }), x.segment),
        h('p', { class: 'plan-stats' }, t('planClients', { clients: count('client', x.customers, fmt), share: fmt.pct0(x.revenueShare) })),
        h('p', { class: 'muted small' }, x.description),
        x.action
          ? h('p', { class: 'plan-action' }, h('span', { class: `channel ch-${x.action.channel}` }, x.action.channelName), ' ', x.action.offer)
          : h('p', { class: 'plan-action muted' }, t('planNoAction')),
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'button', class: 'btn small', onclick: () => filterSegment(x.key) }, t('showClients')),
          h('button', { type: 'button', class: 'btn small', 'aria-label': `${t('downloadList')} ${x.segment} CSV`, onclick: () => exportCsv('contacts', rule, file) }, 'CSV'),
          h('button', { type: 'button', class: 'btn small', 'aria-label': `${t('downloadList')} ${x.segment} XLSX`, onclick: () => exportXlsx('contacts', rule, file, x.segment) }, 'XLSX'),
        ),
      ),
    );
  }
  // Leads: no RFM segment, but a funnel stage and an action of their own.
  for (const f of summary.funnel.filter((x) => (x.key === 'warmLead' || x.key === 'coldLead') && x.customers > 0)) {
    const action = summary.actions.find((a) => a.key === f.key);
    const rule = `funnel == "${f.key.replace(/([A-Z])/g, ' $1').toLowerCase()}"`;
    const file = `segmenta-${f.key}`;
    body.append(
      h(
        'article',
        { class: 'plan-card lead', dataset: { key: f.key } },
        h('h3', {}, h('i', { class: 'dot hollow' }), f.name),
        h('p', { class: 'plan-stats' }, count('client', f.customers, fmt)),
        action ? h('p', { class: 'plan-action' }, h('span', { class: `channel ch-${action.channel}` }, action.channelName), ' ', action.offer) : null,
        h(
          'div',
          { class: 'row' },
          h('button', { type: 'button', class: 'btn small', onclick: () => { applyRuleFilter(rule, f.name); goToClients(); } }, t('showClients')),
          h('button', { type: 'button', class: 'btn small', 'aria-label': `${t('downloadList')} ${f.name} CSV`, onclick: () => exportCsv('contacts', rule, file) }, 'CSV'),
          h('button', { type: 'button', class: 'btn small', 'aria-label': `${t('downloadList')} ${f.name} XLSX`, onclick: () => exportXlsx('contacts', rule, file, f.name) }, 'XLSX'),
        ),
      ),
    );
  }
}

// ---------------------------------------------------------------- segments

function renderSegments() {
  const { summary } = state.result;
  const fmt = state.fmt;
  const colors = state.result.segColorByKey;
  const segs = summary.segments.map((x) => ({ ...x, color: colors[x.key] }));
  // Segments nobody falls into (possible with 3 levels or fixed thresholds) go last.
  const rowsInOrder = segs.slice().sort((a, b) => (b.customers > 0) - (a.customers > 0));
  clear($('#segment-bars')).append(charts.segmentBars(segs, { fmt, onSelect: (key) => filterSegment(key) }));
  clear($('#rf-grid')).append(
    charts.rfGrid(summary, {
      fmt,
      active: state.filter.rf,
      onCell: (r, f) => {
        state.filter = { ...emptyFilter(), rf: [r, f] };
        updateTable();
        renderFilterControls();
        renderSegments();
        goToClients();
      },
    }),
  );
  const table = h(
    'table',
    { class: 'data segments-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [t('colSegment'), t('colClients'), t('colClientsShare'), t('colRevenue'), t('colRevenueShare'), t('colAverageCheck'), t('colMedianRecency'), t('colAction'), t('colDownload')].map((x, i) =>
          h('th', { scope: 'col', class: i >= 1 && i <= 6 ? 'num' : null }, x),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      rowsInOrder.map((x) =>
        h(
          'tr',
          { dataset: { key: x.key }, class: x.customers ? null : 'empty-seg' },
          h(
            'th',
            { scope: 'row' },
            h('button', { type: 'button', class: 'linkish seg-link', onclick: () => filterSegment(x.key) }, h('i', { class: 'dot', style: { background: x.color } }), x.segment),
            h('div', { class: 'muted small' }, x.description),
          ),
          h('td', { class: 'num' }, fmt.int(x.customers)),
          h('td', { class: 'num' }, fmt.pct(x.customersShare)),
          h('td', { class: 'num' }, fmt.money(x.revenue)),
          h('td', { class: 'num' }, fmt.pct(x.revenueShare)),
          h('td', { class: 'num' }, fmt.money(x.averageCheck)),
          h('td', { class: 'num' }, x.customers ? fmt.int(x.medianRecency) : '—'),
          h('td', { class: 'small' }, x.action ? [h('span', { class: `channel ch-${x.action.channel}` }, x.action.channelName), ' ', x.action.offer] : '—'),
          h(
            'td',
            { class: 'nowrap' },
            x.customers
              ? [
                  h('button', { type: 'button', class: 'btn tiny', 'aria-label': `${x.segment} CSV`, onclick: () => exportCsv('contacts', segmentRuleByKey(x.key), `segmenta-${x.key}`) }, 'CSV'),
                  h('button', { type: 'button', class: 'btn tiny', 'aria-label': `${x.segment} XLSX`, onclick: () => exportXlsx('contacts', segmentRuleByKey(x.key), `segmenta-${x.key}`, x.segment) }, 'XLSX'),
                ]
              : null,
          ),
        ),
      ),
    ),
  );
  clear($('#segment-table')).append(h('h3', {}, t('summaryTableTitle')), h('div', { class: 'table-scroll' }, table));
  const rs = $('#rule-segments');
  clear(rs);
  const defs = state.result.model.ruleSegments;
  if (summary.ruleSegments.length) {
    rs.append(
      h('h3', {}, t('ruleSegmentsTitle')),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'data' },
          h('thead', {}, h('tr', {}, [t('colName'), t('ruleText'), t('colClients'), t('colRevenueShare'), t('colDownload')].map((x) => h('th', { scope: 'col' }, x)))),
          h(
            'tbody',
            {},
            summary.ruleSegments.map((x, i) => {
              const rule = typeof defs[i]?.rule === 'string' ? defs[i].rule : null;
              return h(
                'tr',
                {},
                h('th', { scope: 'row' }, rule ? h('button', { type: 'button', class: 'linkish', onclick: () => { applyRuleFilter(rule, x.name); goToClients(); } }, x.name) : x.name),
                h('td', {}, h('code', {}, rule || '')),
                h('td', { class: 'num' }, fmt.int(x.customers)),
                h('td', { class: 'num' }, fmt.pct(x.revenueShare)),
                h(
                  'td',
                  { class: 'nowrap' },
                  rule
                    ? [
                        h('button', { type: 'button', class: 'btn tiny', onclick: () => exportCsv('contacts', rule, 'segmenta-rule') }, 'CSV'),
                        h('button', { type: 'button', class: 'btn tiny', onclick: () => exportXlsx('contacts', rule, 'segmenta-rule', x.name) }, 'XLSX'),
                      ]
                    : null,
                ),
              );
            }),
          ),
        ),
      ),
    );
  }
}

function renderAbc() {
  const { summary, columns } = state.result;
  const fmt = state.fmt;
  clear($('#pareto')).append(charts.pareto(columns, summary, { fmt }));
  clear($('#matrix')).append(charts.abcXyzMatrix(summary, { fmt }));
  const names = t('xyzNames');
  clear($('#xyz-bars')).append(
    charts.barList(t('xyzTitle'), summary.xyz, { fmt, colors: charts.COLORS.xyz, nameOf: (x) => names[x.key] || x.name }),
  );
}

function renderLifecycle() {
  const { summary, columns } = state.result;
  const fmt = state.fmt;
  clear($('#lifecycle-bars')).append(
    charts.barList(t('lifecycleBarsTitle'), summary.lifecycle, {
      fmt,
      colors: charts.COLORS.stage,
      onSelect: (x) => {
        state.filter = { ...emptyFilter(), lifecycle: columns.lifecycleKeys.indexOf(x.key) };
        updateTable();
        renderFilterControls();
        goToClients();
      },
    }),
  );
  clear($('#tier-bars')).append(
    charts.barList(t('tiersTitle'), summary.valueTiers, { fmt, colors: { vip: '#225ea8', middle: '#41b6c4', small: '#c7e9b4' } }),
    summary.pointsTiers.length ? charts.barList(t('pointsTitle'), summary.pointsTiers, { fmt }) : null,
  );
  clear($('#funnel-bars')).append(
    charts.barList(t('funnelTitle'), summary.funnel, { fmt, colors: { coldLead: '#d9d9d9', warmLead: '#fdae61', activeClient: '#41b6c4', loyalRegular: '#225ea8' } }),
  );
}

// ---------------------------------------------------------------- client table

let table;

function renderFilterControls() {
  const c = state.result.columns;
  const f = state.filter;
  const fill = (sel, options, value) => {
    clear(sel);
    sel.append(h('option', { value: '' }, t('filterAll')));
    for (const [v, label] of options) sel.append(h('option', { value: v, selected: value !== null && String(value) === v }, label));
  };
  fill(
    $('#filter-segment'),
    [...c.segmentKeys.map((k, i) => [k, c.segmentNames[i]]), ['__lead', t('lead')]],
    f.segment,
  );
  fill($('#filter-lifecycle'), c.lifecycleNames.map((n, i) => [String(i), n]), f.lifecycle);
  fill($('#filter-abc'), c.abcNames.map((n, i) => [String(i), n]), f.abc);
  if ($('#filter-rule') !== document.activeElement) $('#filter-rule').value = f.ruleLabel ? '' : f.rule;
  if ($('#client-search') !== document.activeElement) $('#client-search').value = f.search;
  const chips = $('#filter-chips');
  clear(chips);
  const chip = (label, clearFn) =>
    h('span', { class: 'chip' }, label, h('button', { type: 'button', class: 'chip-x', 'aria-label': t('removeFilter', { name: label }), onclick: clearFn }, '✕'));
  const refresh = () => {
    updateTable();
    renderFilterControls();
  };
  if (f.segment) chips.append(chip(f.segment === '__lead' ? t('lead') : c.segmentNames[c.segmentKeys.indexOf(f.segment)], () => { f.segment = null; refresh(); }));
  if (f.rf) chips.append(chip(t('filterRf', { r: f.rf[0], f: f.rf[1] }), () => { f.rf = null; refresh(); renderSegments(); }));
  if (f.lifecycle !== null) chips.append(chip(c.lifecycleNames[f.lifecycle], () => { f.lifecycle = null; refresh(); }));
  if (f.abc !== null) chips.append(chip(`ABC: ${c.abcNames[f.abc]}`, () => { f.abc = null; refresh(); }));
  if (f.rule) chips.append(chip(f.ruleLabel || t('filterRuleChip', { rule: f.rule }), () => { f.rule = ''; f.ruleMask = null; f.ruleLabel = ''; refresh(); }));
  if (f.search) chips.append(chip(t('filterSearchChip', { q: f.search }), () => { f.search = ''; refresh(); }));
  if (chips.childElementCount > 1) {
    chips.append(h('button', { type: 'button', class: 'linkish small', onclick: () => { state.filter = emptyFilter(); refresh(); renderSegments(); } }, t('clearFilters')));
  }
}

/** Rows sorted by a key, computed once per report and key (then filtered in order). */
function sortedOrder(key) {
  if (state.orders.has(key)) return state.orders.get(key);
  const { columns: c, ids } = state.result;
  const n = c.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const lead = (i) => c.recency[i] < 0;
  const rev = c.revenue;
  let cmp;
  if (key === 'client') {
    const coll = new Intl.Collator(state.fmt.locale, { numeric: true, sensitivity: 'base' });
    cmp = n < 50000 ? (a, b) => coll.compare(ids[a], ids[b]) : (a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
  } else {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const L = lead(i);
      switch (key) {
        case 'segment': v[i] = c.segment[i]; break;
        case 'rfm': v[i] = L ? -1 : c.r[i] * 100 + c.f[i] * 10 + c.m[i]; break;
        case 'recency': v[i] = L ? Infinity : c.recency[i]; break;
        case 'frequency': v[i] = c.frequency[i]; break;
        case 'revenue': v[i] = L ? -Infinity : rev[i]; break;
        case 'lastOrder': v[i] = L ? -Infinity : c.lastOrder[i]; break;
        case 'abcxyz': v[i] = L ? Infinity : c.abc[i] * 8 + c.xyz[i]; break;
        case 'lifecycle': v[i] = c.lifecycle[i]; break;
        case 'points': v[i] = c.points[i]; break;
        case 'action': v[i] = c.action[i] < 0 ? Infinity : c.action[i]; break;
        default: v[i] = i;
      }
    }
    cmp = (a, b) => v[a] - v[b] || rev[b] - rev[a] || a - b;
  }
  order.sort(cmp);
  state.orders.set(key, order);
  return order;
}

function computeView() {
  const { columns: c, ids } = state.result;
  const f = state.filter;
  const order = sortedOrder(state.sort.key);
  const n = order.length;
  const seg = f.segment && f.segment !== '__lead' ? c.segmentKeys.indexOf(f.segment) : -1;
  const leadsOnly = f.segment === '__lead';
  const q = f.search.trim().toLowerCase();
  if (q && !state.lowerIds) state.lowerIds = ids.map((x) => x.toLowerCase());
  const lower = state.lowerIds;
  const mask = f.ruleMask;
  const out = new Uint32Array(n);
  let k = 0;
  const desc = state.sort.dir < 0;
  for (let j = 0; j < n; j++) {
    const i = order[desc ? n - 1 - j : j];
    if (seg >= 0 && c.segment[i] !== seg) continue;
    if (leadsOnly && c.recency[i] >= 0) continue;
    if (f.rf && (c.r[i] !== f.rf[0] || c.f[i] !== f.rf[1])) continue;
    if (f.lifecycle !== null && c.lifecycle[i] !== f.lifecycle) continue;
    if (f.abc !== null && (c.abc[i] !== f.abc || c.recency[i] < 0)) continue;
    if (mask && !mask[i]) continue;
    if (q && !lower[i].includes(q)) continue;
    out[k++] = i;
  }
  return out.subarray(0, k);
}

function updateTable() {
  if (!state.result) return;
  const view = computeView();
  const { columns, ids, segColors } = state.result;
  table.setData({ columns, ids, fmt: state.fmt, segColors }, view, state.sort);
  $('#table-count').textContent = t('tableCount', { shown: state.fmt.int(view.length), total: state.fmt.int(columns.length) });
}

function onSort(key) {
  if (state.sort.key === key) state.sort = { key, dir: -state.sort.dir };
  else state.sort = { key, dir: ['client', 'segment', 'recency', 'abcxyz', 'lifecycle', 'action'].includes(key) ? 1 : -1 };
  updateTable();
}

function filterSegment(key) {
  state.filter = { ...emptyFilter(), segment: key };
  updateTable();
  renderFilterControls();
  goToClients();
}

function goToClients() {
  const sec = $('#clients');
  sec.scrollIntoView({ behavior: 'smooth', block: 'start' });
  sec.focus({ preventScroll: true });
}

/** Filters by a rule through the worker's select(); `label` replaces the rule in the chip. */
async function applyRuleFilter(rule, label = '') {
  const err = $('#filter-rule-error');
  const problem = rule ? checkRule(rule, ruleAttributes()) : null;
  if (problem) {
    err.hidden = false;
    err.textContent = t('ruleError', { line: problem.line, column: problem.column, message: problem.message });
    return;
  }
  err.hidden = true;
  state.filter.rule = rule;
  state.filter.ruleLabel = label;
  state.filter.ruleMask = null;
  if (rule) {
    try {
      const sel = await ask('select', { reportId: state.result.reportId, rule });
      if (state.filter.rule !== rule) return;
      const mask = new Uint8Array(state.result.columns.length);
      for (const r of sel.rows) mask[r] = 1;
      state.filter.ruleMask = mask;
    } catch (e) {
      if (e.kind === 'stale') return;
      err.hidden = false;
      err.textContent = e.message;
      return;
    }
  }
  updateTable();
  renderFilterControls();
}

/** A rule selecting the clients of the current filters, the name search included. */
function filterRule() {
  const { columns: c } = state.result;
  const f = state.filter;
  const parts = [];
  if (f.segment === '__lead') parts.push('lifecycle == "lead"');
  else if (f.segment) parts.push(segmentRuleByKey(f.segment));
  if (f.rf) parts.push(`r == ${f.rf[0]} and f == ${f.rf[1]}`);
  if (f.lifecycle !== null) parts.push(`lifecycle == "${c.lifecycleKeys[f.lifecycle]}"`);
  if (f.abc !== null) parts.push(`abc == "${c.abcNames[f.abc]}"`);
  if (f.rule) parts.push(`(${f.rule})`);
  const q = f.search.trim();
  if (q && !/["\\]/.test(q)) parts.push(`client_id contains "${q}"`);
  return parts.length ? parts.map((p) => (parts.length > 1 ? `(${p})` : p)).join(' and ') : 'frequency >= 0';
}

// ---------------------------------------------------------------- client card

async function openCard(row, opener) {
  const { columns: c, ids, reportId, segColors } = state.result;
  const fmt = state.fmt;
  let ex;
  try {
    ex = await ask('explain', { reportId, row });
  } catch (e) {
    if (e.kind !== 'stale') showMessage(errorText(e), 'error');
    return;
  }
  if (!ex) return;
  const dlg = $('#client-card');
  $('#card-title').textContent = ids[row];
  const body = clear($('#card-body'));
  const lead = c.recency[row] < 0;
  const tile = (label, value) => h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value));
  const a = c.action[row];
  const crit = t('criterion');
  body.append(
    lead
      ? h('p', { class: 'card-seg' }, h('i', { class: 'dot hollow' }), t('lead'))
      : h(
          'p',
          { class: 'card-seg' },
          h('i', { class: 'dot', style: { background: segColors[c.segment[row]] } }),
          h('strong', {}, c.segmentNames[c.segment[row]]),
          h('span', { class: 'muted' }, `RFM ${c.r[row]}${c.f[row]}${c.m[row]} · ${c.lifecycleNames[c.lifecycle[row]]}`),
        ),
    h(
      'div',
      { class: 'stats' },
      tile(t('cardRecency'), lead ? '—' : t('cardDays', { n: fmt.int(c.recency[row]) })),
      tile(t('cardOrders'), fmt.int(c.frequency[row])),
      tile(t('cardRevenue'), fmt.money(c.revenue[row])),
      tile(t('cardAverage'), c.frequency[row] ? fmt.money(c.revenue[row] / c.frequency[row]) : '—'),
      tile(t('cardFirst'), fmt.day(c.firstOrder[row])),
      tile(t('cardLast'), fmt.day(c.lastOrder[row])),
    ),
    a >= 0 ? h('p', { class: 'plan-action' }, h('span', { class: 'channel' }, c.actionChannels[a]), ' ', c.actionOffers[a]) : null,
    h('h3', {}, t('cardWhy')),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data explain' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('cardCriterion')), h('th', { scope: 'col' }, t('cardValue')), h('th', { scope: 'col' }, t('cardReason')))),
        h('tbody', {}, ex.labels.map((l) => h('tr', { dataset: { criterion: l.criterion } }, h('th', { scope: 'row' }, crit[l.criterion] || l.criterion), h('td', {}, l.value), h('td', { class: 'reason' }, l.reason)))),
      ),
    ),
    ex.points.length
      ? tableView(
          `${t('cardPoints')}: ${fmt.int(c.points[row])}`,
          [t('cardParameter'), t('cardValue'), t('cardPoints')],
          ex.points.map((p) => [p.parameter, p.value, fmt.dec1(p.points)]),
          { numeric: [false, true, true] },
        )
      : null,
  );
  dlg.returnFocus = opener;
  dlg.showModal();
  $('#card-close').focus();
}

// ---------------------------------------------------------------- exports

function stamp() {
  return state.result?.summary.asOf || new Date().toISOString().slice(0, 10);
}

async function exportCsv(what, rule, base) {
  if (!state.result) return;
  try {
    const bytes = await ask('csv', { reportId: state.result.reportId, what, rule });
    const name = `${base}-${stamp()}.csv`;
    download(bytes, name, 'text/csv;charset=utf-8');
    showMessage(t('exported', { name }), 'info');
  } catch (e) {
    if (e.kind !== 'stale') showMessage(errorText(e), 'error');
  }
}

async function exportXlsx(what, rule, base, sheet) {
  if (!state.result) return;
  try {
    showMessage(t('exporting'), 'info');
    const bytes = await ask('csv', { reportId: state.result.reportId, what, rule, csv: CSV_PLAIN });
    const blob = await xlsxBlob(bytes, sheet || base, state.lang);
    const name = `${base}-${stamp()}.xlsx`;
    download(blob, name);
    showMessage(t('exported', { name }), 'info');
  } catch (e) {
    if (e.kind !== 'stale') showMessage(errorText(e), 'error');
  }
}

function exportFiltered(kind) {
  const rule = filterRule();
  if (/["\\]/.test(state.filter.search)) showMessage(t('exportSearchIgnored'), 'warn');
  if (kind === 'csv') exportCsv('contacts', rule, 'segmenta-contacts');
  else exportXlsx('contacts', rule, 'segmenta-contacts', t('clientsTitle'));
}

// ---------------------------------------------------------------- settings

function settingsCtx() {
  // Getters: the form outlives runs and must see the current report.
  return {
    get settings() {
      return state.settings;
    },
    get result() {
      return state.result;
    },
    get presets() {
      return state.presets;
    },
    get fmt() {
      return state.fmt;
    },
    get attributes() {
      return ruleAttributes();
    },
    onChange: (immediate) => {
      rememberPrefs();
      scheduleRun(immediate ? 0 : 450);
    },
    onCurrency: () => {
      state.fmt = makeFormat(state.lang, state.settings.currency);
      rememberPrefs();
      renderAll();
    },
    onExport: () => {
      download(S.settingsFile(state.settings, state.parse, mappingNames()), 'segmenta-settings.json', 'application/json');
    },
    onImport: async (file) => {
      try {
        const data = S.readSettingsFile(await file.text());
        state.settings = data.settings;
        if (state.source?.kind === 'file') {
          state.parse = data.parse;
          if (state.sniff) state.mapping = mappingFromSniff(state.sniff, data.mapping.names);
          renderMapping();
        }
        state.remembered = { parse: data.parse, mapping: { names: data.mapping.names, signature: '' } };
        state.fmt = makeFormat(state.lang, state.settings.currency);
        buildSettingsForm($('#settings-form'), settingsCtx());
        showMessage(t('settingsImported'), 'info');
        rememberPrefs();
        runAnalysis();
      } catch {
        showMessage(t('settingsBadFile'), 'error');
      }
    },
    onReset: () => {
      state.settings = S.defaultSettings();
      state.fmt = makeFormat(state.lang, state.settings.currency);
      buildSettingsForm($('#settings-form'), settingsCtx());
      rememberPrefs();
      runAnalysis();
    },
  };
}

function toggleSettings(open) {
  const panel = $('#settings');
  const show = open ?? panel.hidden;
  panel.hidden = !show;
  document.body.classList.toggle('settings-open', show);
  $('#settings-toggle').setAttribute('aria-expanded', String(show));
  if (show) $('#settings-form').querySelector('input, select, button')?.focus();
  else $('#settings-toggle').focus();
}

// ---------------------------------------------------------------- language

function setLanguage(lang) {
  if (lang === state.lang) return;
  state.lang = lang;
  setLang(lang);
  state.fmt = makeFormat(lang, state.settings.currency);
  translatePage();
  for (const b of $$('.lang-switch button')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  table.renderHead();
  buildSettingsForm($('#settings-form'), settingsCtx());
  renderMapping();
  renderSource();
  rememberPrefs();
  // Names of segments, stages and actions come from the report: analyse again in the new language.
  if (state.source) runAnalysis();
}

// ---------------------------------------------------------------- wiring

function setClientsFile(file) {
  state.clientsFile = file;
  ask('setClients', { clientsFile: file }).then(() => {
    renderSource();
    if (state.source) runAnalysis();
  });
}

function bindStatic() {
  const fileInput = $('#file-input');
  $('#file-button').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const f = fileInput.files[0];
    fileInput.value = '';
    loadFile(f);
  });
  const clientsInput = $('#clients-input');
  $('#clients-button').addEventListener('click', () => clientsInput.click());
  clientsInput.addEventListener('change', () => {
    const f = clientsInput.files[0];
    clientsInput.value = '';
    if (f) setClientsFile(f);
  });
  $('#sample-button').addEventListener('click', () => loadSample());
  $('#cancel-button').addEventListener('click', cancelRun);

  // Drag and drop: anywhere on the page; the drop zone lights up.
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

  for (const b of $$('.lang-switch button')) b.addEventListener('click', () => setLanguage(b.dataset.lang));
  $('#settings-toggle').addEventListener('click', () => toggleSettings());
  $('#settings-close').addEventListener('click', () => toggleSettings(false));
  $('#settings').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') toggleSettings(false);
  });

  // Table filters.
  const refresh = () => {
    updateTable();
    renderFilterControls();
  };
  $('#filter-segment').addEventListener('change', (e) => {
    state.filter.segment = e.target.value || null;
    refresh();
  });
  $('#filter-lifecycle').addEventListener('change', (e) => {
    state.filter.lifecycle = e.target.value === '' ? null : Number(e.target.value);
    refresh();
  });
  $('#filter-abc').addEventListener('change', (e) => {
    state.filter.abc = e.target.value === '' ? null : Number(e.target.value);
    refresh();
  });
  let searchTimer = 0;
  $('#client-search').addEventListener('input', (e) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.filter.search = e.target.value;
      refresh();
    }, 120);
  });
  let ruleTimer = 0;
  const ruleInput = $('#filter-rule');
  const runRule = () => applyRuleFilter(ruleInput.value.trim());
  ruleInput.addEventListener('input', () => {
    clearTimeout(ruleTimer);
    ruleTimer = setTimeout(runRule, 500);
  });
  ruleInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      clearTimeout(ruleTimer);
      runRule();
    }
  });
  $('#export-filtered-csv').addEventListener('click', () => exportFiltered('csv'));
  $('#export-filtered-xlsx').addEventListener('click', () => exportFiltered('xlsx'));
  $('#export-all-csv').addEventListener('click', () => exportCsv('customers', null, 'segmenta-clients'));
  $('#export-all-xlsx').addEventListener('click', () => exportXlsx('customers', null, 'segmenta-clients', t('clientsTitle')));

  const dlg = $('#client-card');
  $('#card-close').addEventListener('click', () => dlg.close());
  dlg.addEventListener('click', (e) => {
    if (e.target === dlg) dlg.close();
  });
  dlg.addEventListener('close', () => {
    const back = dlg.returnFocus;
    if (back && back.isConnected) back.focus();
  });

  table = new ClientTable($('#client-table'), { onOpen: openCard, onSort });
}

async function boot() {
  const prefs = S.loadPrefs();
  if (prefs) {
    if (prefs.lang) state.lang = prefs.lang;
    state.settings = prefs.settings;
    state.remembered = { parse: prefs.parse, mapping: prefs.mapping };
  }
  setLang(state.lang);
  state.fmt = makeFormat(state.lang, state.settings.currency);
  translatePage();
  for (const b of $$('.lang-switch button')) b.setAttribute('aria-pressed', String(b.dataset.lang === state.lang));
  bindStatic();
  // One fetch of the wasm, compiled once, instantiated here (rule checks, presets) and in
  // the worker (parsing and analysis).
  const response = await fetch(new URL('./pkg/segmenta_bg.wasm', import.meta.url));
  const module = await WebAssembly.compileStreaming(response);
  initSync({ module });
  await ask('init', { module, workers: requestedWorkers() });
  await xlsxReady;
  state.presets = getPresets();
  buildSettingsForm($('#settings-form'), settingsCtx());
  await loadSample();
}

boot().catch((e) => {
  document.documentElement.dataset.state = 'error';
  showMessage(errorText(e), 'error');
});
