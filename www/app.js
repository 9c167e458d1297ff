// The demo page: loads the data, runs the analysis in a module worker, and renders the
// results. Everything happens in the browser; the wasm module, the worker and the vendored
// XLSX writer are all loaded up front, so nothing is fetched once the page is ready.
//
// State is kept in store.js, where each slice has one owner; the services that own the
// reading of the source, the preferences, the language and the analysis are modules of
// their own, as are the clients table, the client card and the exports. The views below
// own the rest.
import { initSync, presets as getPresets } from './pkg/segmenta.js';
import { get, subscribe, own } from './store.js';
import { $, h, clear, download } from './dom.js';
import { t, count } from './i18n.js';
import * as charts from './charts.js';
import * as S from './settings.js';
import { buildSettingsForm, refreshSettingsForm } from './settings-form.js';
import { ask, onWorkerError, requestedWorkers } from './worker-client.js';
import { xlsxReady } from './xlsx-client.js';
import { showMessage, errorText } from './messages.js';
import { readSample, readFile, mappingProblem, setParseOption, resniff, assignRole, mappingNames, readSettingsFileOptions } from './reading.js';
import { restorePrefs, rememberPrefs, rememberSettingsFile } from './prefs.js';
import { startLanguage, switchLanguage, bindLanguageSwitch } from './language.js';
import { riskRule, segmentRuleByKey, ruleAttributes } from './rules.js';
import { runAnalysis, cancelRun, SAMPLE, dropStaleResults, scheduleRun } from './analysis.js';
import { bindProgress } from './progress.js';
import { adoptResult, renderFilterControls, updateTable, renderTableHead, bindClients, resetFilters, filterSegment, applyRuleFilter, goToClients, showOnly } from './clients.js';
import { bindCard } from './card.js';
import { bindExports, exportCsv, exportXlsx } from './exports.js';

// ---------------------------------------------------------------- source
// The source of the data: the sample or a file (button, file input or dropped anywhere on
// the page), an optional clients file, and the line that describes them (#source).
// Owns the slices `source` ({ kind, name, size } or null), `sourceSeq` (counts opened
// sources; a result remembers the one it was computed from) and `clientsFile`.
const sourceState = own('source', { source: null, sourceSeq: 0, clientsFile: null });

function opened(kind, info) {
  sourceState.set('source', { kind, name: info.name, size: info.size });
  sourceState.update('sourceSeq', (n) => n + 1);
}

async function loadSample() {
  showMessage('');
  resetFilters();
  sourceState.set('clientsFile', null);
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
  sourceState.set('clientsFile', file);
  ask('setClients', { clientsFile: file }).then(() => {
    renderSource();
    if (get('source')) runAnalysis();
  });
}

function renderSource() {
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

function bindSource() {
  bindFileButton('#file-button', '#file-input', loadFile);
  bindFileButton('#clients-button', '#clients-input', (f) => {
    if (f) setClientsFile(f);
  });
  $('#sample-button').addEventListener('click', () => loadSample());
  bindDrop();
}

// ---------------------------------------------------------------- mapping
// The mapping step (#mapping): the parsing options with what was detected, the first
// lines of the file as read, and a role for each column. Changes go to reading.js; the
// analysis runs again when the user applies them.
/** A delimiter as the page names it: «;» semicolon, tab, … */
function delimiterName(d) {
  return { ';': `«;» ${t('semicolon')}`, ',': `«,» ${t('comma')}`, '\t': t('tab'), '|': `«|» ${t('pipe')}` }[d] || d;
}

/** Opens (or folds) the mapping step. */
function openMapping(open) {
  $('#mapping').open = open;
}

function parseGrid(sn) {
  const parse = get('parse');
  const sel = (key, options) => {
    const select = h(
      'select',
      { id: `parse-${key}`, onchange: (e) => onParseChange(key, e.target.value) },
      options.map(([v, label]) => h('option', { value: v, selected: String(parse[key]) === v }, label)),
    );
    return h('label', { class: 'field' }, h('span', {}, t(key)), select);
  };
  const detected = (v) => t('autoDetected', { value: v });
  return h(
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
  );
}

/** One row per column: its name, a role select (with the worker's guess) and examples. */
function columnRows(sn) {
  const roles = S.MAPPING_ROLES;
  const mapping = get('mapping');
  return sn.columns.map((col) => {
    const assigned = Object.entries(mapping).find(([, idx]) => idx === col.index)?.[0] || '';
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
    const sure = roles.includes(col.role) && col.roleConfidence ? t('confidence', { value: get('fmt').pct0(col.roleConfidence) }) : '';
    return h(
      'tr',
      { class: assigned ? 'mapped' : null },
      h('th', { scope: 'row' }, col.name),
      h('td', {}, select, other || sure ? h('div', { class: 'muted small' }, other || sure) : null),
      h('td', { class: 'examples' }, col.examples.slice(0, 3).join(' · ')),
    );
  });
}

function renderMapping() {
  const body = $('#mapping-body');
  clear(body);
  const sn = get('sniff');
  if (!sn) return;
  body.append(parseGrid(sn));
  body.append(
    h('h3', {}, t('rawPreview')),
    h('pre', { class: 'raw-preview', tabindex: '0', 'aria-label': t('rawPreview') }, sn.rawPreview.slice(0, 8).map((l, i) => h('span', {}, h('span', { class: 'ln', 'aria-hidden': 'true' }, String(i + 1).padStart(2, ' ')), ' ', l, '\n'))),
  );
  const rows = columnRows(sn);
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
  assignRole(index, role);
  renderMapping();
  const sel = $(`#role-${index}`);
  if (sel) sel.focus();
}

async function onParseChange(key, value) {
  setParseOption(key, value);
  try {
    // Keeps the user's choices where the columns still exist; guesses the rest.
    resniff(await ask('sniff', { options: S.parseOptions(get('parse')) }));
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

// ---------------------------------------------------------------- quality
// The data quality section (#quality): how the file was read, the rows accepted, rejected
// and excluded, whether the amounts reconcile, the issues found and the warnings.
function renderQuality() {
  const { audit, summary, fixes, elapsed, ranges } = get('result');
  const fmt = get('fmt');
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
// The overview (#overview): the key figures, then three answers: where the revenue comes
// from, who is slipping away, and what to do first.
/** Segments of valuable clients that stopped buying, in the built-in presets. */
const RISK_KEYS = new Set(['atRisk', 'cantLoseThem', 'lostValuable']);

function kpis(summary, fmt) {
  const kpi = (label, value, sub, cls) =>
    h('div', { class: 'kpi' }, h('span', { class: 'kpi-label' }, label), h('span', { class: `kpi-value ${cls || ''}` }, value), sub ? h('span', { class: 'kpi-sub muted' }, sub) : null);
  return h(
    'div',
    { class: 'kpis' },
    kpi(t('kpiRevenue'), fmt.money0(summary.revenue)),
    kpi(t('kpiClients'), fmt.int(summary.customers), summary.leads ? t('kpiLeads', { leads: count('lead', summary.leads, fmt) }) : null),
    kpi(t('kpiOrders'), fmt.int(summary.orders)),
    kpi(t('kpiAverageCheck'), fmt.money0(summary.orders ? summary.revenue / summary.orders : NaN)),
    kpi(t('kpiPeriod'), `${fmt.date(summary.firstDate)} — ${fmt.date(summary.lastDate)}`, t('kpiAsOf', { date: fmt.date(summary.asOf) }), 'period'),
  );
}

/** Where revenue comes from. */
function revenueCard(summary, segs, colors, fmt) {
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
  return h(
    'article',
    { class: 'insight' },
    h('h3', {}, t('insightRevenueTitle')),
    a ? h('p', { class: 'big' }, t('insightRevenue', { share: fmt.pct0(a.customersShare), revenueShare: fmt.pct0(a.revenueShare) })) : null,
    top ? h('p', {}, t('insightTopSegment', { segment: top.segment, share: fmt.pct0(top.customersShare), revenueShare: fmt.pct0(top.revenueShare) })) : null,
    stack,
    top ? h('div', { class: 'row' }, h('button', { type: 'button', class: 'btn small', onclick: () => filterSegment(top.key) }, t('showClients'))) : null,
  );
}

/** Who is slipping away. */
function riskCard(summary, segs, colors, fmt) {
  const risky = segs.filter((x) => RISK_KEYS.has(x.key));
  const riskCount = risky.reduce((acc, x) => acc + x.customers, 0);
  const riskRevenue = risky.reduce((acc, x) => acc + x.revenue, 0);
  const riskShare = risky.reduce((acc, x) => acc + x.revenueShare, 0);
  const lc = Object.fromEntries(summary.lifecycle.map((x) => [x.key, x]));
  const gone = (lc.sleeping?.customers || 0) + (lc.churned?.customers || 0);
  const withOrders = summary.customers || 1;
  const rule = risky.length ? riskRule(risky.map((x) => x.key)) : null;
  return h(
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
}

/** What to do. */
function actionCard(summary, segs, fmt) {
  const actions = summary.actions.filter((x) => x.customers > 0).slice().sort((x, y) => x.priority - y.priority);
  return h(
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
}

function renderOverview() {
  const { summary, segColorByKey: colors } = get('result');
  const fmt = get('fmt');
  const body = $('#overview-body');
  clear(body);
  body.append(kpis(summary, fmt));
  const segs = summary.segments.filter((x) => x.customers > 0);
  body.append(h('div', { class: 'insights' }, revenueCard(summary, segs, colors, fmt), riskCard(summary, segs, colors, fmt), actionCard(summary, segs, fmt)));
}

// ---------------------------------------------------------------- plan
// The action plan (#plan): one card per segment with clients, in the order of its
// action's priority, and one per kind of lead; each shows its clients or downloads them.
function renderPlan() {
  const { summary, segColorByKey: colors } = get('result');
  const fmt = get('fmt');
  const body = $('#plan-body');
  clear(body);
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
// The segments section (#segments): the segment bars, the R×F grid (a cell shows its
// clients), the summary table with downloads, and the rule segments of the settings.
/** The summary table; segments nobody falls into come last. */
function segmentsTable(rowsInOrder, fmt) {
  return h(
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
}

/** The rule segments of the settings, each with its rule, clients and downloads. */
function renderRuleSegments(summary, fmt) {
  const rs = $('#rule-segments');
  clear(rs);
  const defs = get('result').model.ruleSegments;
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

function renderSegments() {
  const { summary, segColorByKey: colors } = get('result');
  const fmt = get('fmt');
  const segs = summary.segments.map((x) => ({ ...x, color: colors[x.key] }));
  // Segments nobody falls into (possible with 3 levels or fixed thresholds) go last.
  const rowsInOrder = segs.slice().sort((a, b) => (b.customers > 0) - (a.customers > 0));
  clear($('#segment-bars')).append(charts.segmentBars(segs, { fmt, onSelect: (key) => filterSegment(key) }));
  clear($('#rf-grid')).append(
    charts.rfGrid(summary, {
      fmt,
      active: get('filter').rf,
      onCell: (r, f) => {
        showOnly({ rf: [r, f] });
        renderSegments();
        goToClients();
      },
    }),
  );
  const table = segmentsTable(rowsInOrder, fmt);
  clear($('#segment-table')).append(h('h3', {}, t('summaryTableTitle')), h('div', { class: 'table-scroll' }, table));
  renderRuleSegments(summary, fmt);
}

// ---------------------------------------------------------------- abcxyz
// The ABC/XYZ section (#abcxyz): the Pareto curve of revenue, the ABC×XYZ matrix and the
// regularity (XYZ) bars.
function renderAbc() {
  const { summary, columns } = get('result');
  const fmt = get('fmt');
  clear($('#pareto')).append(charts.pareto(columns, summary, { fmt }));
  clear($('#matrix')).append(charts.abcXyzMatrix(summary, { fmt }));
  const names = t('xyzNames');
  clear($('#xyz-bars')).append(
    charts.barList(t('xyzTitle'), summary.xyz, { fmt, colors: charts.COLORS.xyz, nameOf: (x) => names[x.key] || x.name }),
  );
}

// ---------------------------------------------------------------- lifecycle
// The lifecycle section (#lifecycle): clients by stage (a bar shows its clients), value
// tiers, points tiers and the funnel from leads to loyal regulars.
function renderLifecycle() {
  const { summary, columns } = get('result');
  const fmt = get('fmt');
  clear($('#lifecycle-bars')).append(
    charts.barList(t('lifecycleBarsTitle'), summary.lifecycle, {
      fmt,
      colors: charts.COLORS.stage,
      onSelect: (x) => {
        showOnly({ lifecycle: columns.lifecycleKeys.indexOf(x.key) });
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

// ---------------------------------------------------------------- settings-panel
// The settings panel (#settings): the form of settings-form.js, opened and closed from the
// top bar, and what its changes lead to (a re-run, new formats, a settings file saved or
// read). Owns the slices `settings` (changed in place by the form) and `presets` (the
// module's built-in segment presets and fields, for the form).
const settingsState = own('settingsPanel', { settings: S.defaultSettings(), presets: null });
/** Redraws every view (new formats); given to bindSettingsPanel(). */
let redrawAll = () => {};

/** At start: the remembered settings. */
function restoreSettings(settings) {
  settingsState.set('settings', settings);
}

/** Once the module is loaded: its presets, then the form. */
function startSettingsPanel(presets) {
  settingsState.set('presets', presets);
  buildSettings();
}

/** Builds the form again (new settings or a new language). */
function buildSettings() {
  buildSettingsForm($('#settings-form'), settingsCtx());
}

/** Updates the form after a run (cut points in force, fields for rules), keeping focus. */
function refreshSettings() {
  refreshSettingsForm(settingsCtx());
}

async function importSettings(file) {
  try {
    const data = S.readSettingsFile(await file.text());
    settingsState.set('settings', data.settings);
    if (get('source')?.kind === 'file') {
      readSettingsFileOptions(data);
      renderMapping();
    }
    rememberSettingsFile(data);
    buildSettings();
    showMessage(t('settingsImported'), 'info');
    rememberPrefs();
    runAnalysis();
  } catch {
    showMessage(t('settingsBadFile'), 'error');
  }
}

function settingsCtx() {
  // Getters: the form outlives runs and must see the current report.
  return {
    get settings() {
      return get('settings');
    },
    get result() {
      return get('result');
    },
    get presets() {
      return get('presets');
    },
    get fmt() {
      return get('fmt');
    },
    get attributes() {
      return ruleAttributes();
    },
    onChange: (immediate) => {
      rememberPrefs();
      scheduleRun(immediate ? 0 : 450);
    },
    onCurrency: () => {
      rememberPrefs();
      redrawAll();
    },
    onExport: () => {
      download(S.settingsFile(get('settings'), get('parse'), mappingNames()), 'segmenta-settings.json', 'application/json');
    },
    onImport: importSettings,
    onReset: () => {
      settingsState.set('settings', S.defaultSettings());
      buildSettings();
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

/** Opening and closing; `onDisplayChange()` redraws the views when the currency changes. */
function bindSettingsPanel({ onDisplayChange }) {
  redrawAll = onDisplayChange;
  $('#settings-toggle').addEventListener('click', () => toggleSettings());
  $('#settings-close').addEventListener('click', () => toggleSettings(false));
  $('#settings').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') toggleSettings(false);
  });
}

// ---------------------------------------------------------------- wiring
/** The sections that show a result: hidden while there is none. */
const RESULT_SECTIONS = ['quality', 'overview', 'plan', 'segments', 'abcxyz', 'lifecycle', 'clients'];

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

onWorkerError((e) => showMessage(`${t('errorPrefix')}: ${e.message || 'worker'}`, 'error'));

function setLanguage(lang) {
  if (!switchLanguage(lang)) return;
  renderTableHead();
  buildSettings();
  renderMapping();
  renderSource();
  rememberPrefs();
  // Names of segments, stages and actions come from the report: analyse again in the new language.
  if (get('source')) runAnalysis();
}

function bindAll() {
  bindSource();
  bindProgress(cancelRun);
  bindLanguageSwitch(setLanguage);
  bindSettingsPanel({ onDisplayChange: renderAll });
  bindClients({ onRfCleared: renderSegments });
  bindExports();
  bindCard();
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
  await xlsxReady;
  startSettingsPanel(getPresets());
  await loadSample();
}

boot().catch((e) => {
  document.documentElement.dataset.state = 'error';
  showMessage(errorText(e), 'error');
});
