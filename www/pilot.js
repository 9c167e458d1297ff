// Pilots in the automation section (#automation): the clients of a segment (or a rule) are
// split into test and control inside each segment, reproducibly from a seed, on the file
// as of the period's start (to try a campaign on history) or on the report on screen. The
// worker keeps the pilot; this view shows its groups, downloads the test list and the pilot
// as JSON, loads a saved one, and evaluates it on the report on screen: per segment (and
// channel) the response rate, the revenue per client and the uplift of test over control,
// whose 95 % interval is drawn as a bar around zero.
import { get } from './store.js';
import { $, $$, h, s, clear, download } from './dom.js';
import { t } from './i18n.js';
import { ask } from './worker-client.js';
import { showMessage } from './messages.js';
import { currentOptions } from './analysis.js';

const CHANNELS = ['email', 'messenger', 'call'];

/** The pilot kept by the worker (PilotInfo), or null. */
let info = null;
/** Its evaluation on the report on screen (PilotResult), or null. */
let evaluation = null;
/** Whether an evaluation was asked for: each new report evaluates again. */
let evaluated = false;
let hooks = { startDate: () => null, errorText: (e) => e.message };
let nameTyped = false;

function setStatus(text, kind = 'info') {
  const el = $('#pilot-status');
  el.textContent = text || '';
  el.className = `auto-status ${kind}`;
}

/** The segment choices of a report: every client with orders, RFM segments, stages, a rule. */
function fillSegments(result) {
  const c = result.columns;
  const select = $('#pilot-when');
  const keep = select.value;
  const esc = (x) => x.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const segField = get('lang') === 'ru' ? 'segment_ru' : 'segment';
  const opts = [
    h('option', { value: 'frequency >= 1' }, t('pilotAllBuyers')),
    h('optgroup', { label: t('pilotRfmGroup') }, c.segmentNames.map((n) => h('option', { value: `${segField} == "${esc(n)}"` }, n))),
    h('optgroup', { label: t('pilotStageGroup') }, c.lifecycleKeys.map((k, i) => h('option', { value: `lifecycle == "${esc(k)}"` }, c.lifecycleNames[i]))),
    h('option', { value: 'rule' }, t('pilotOwnRule')),
  ];
  clear(select).append(...opts);
  const values = $$('option', select).map((o) => o.value);
  select.value = values.includes(keep) ? keep : values[0];
  $('#pilot-rule-label').hidden = select.value !== 'rule';
}

/** The PilotSpec of the form. */
function pilotSpec() {
  const when = $('#pilot-when').value === 'rule' ? $('#pilot-rule').value.trim() : $('#pilot-when').value;
  const share = Number($('#pilot-share').value) / 100;
  const seed = Math.round(Number($('#pilot-seed').value) || 0);
  const channels = CHANNELS.filter((ch) => $(`#pilot-ch-${ch}`).checked);
  const spec = { name: $('#pilot-name').value.trim() || t('pilotDefaultName'), by: $('#pilot-by').value, share, seed, channels };
  if (when) spec.when = when;
  return spec;
}

function startAsOf() {
  return $('#pilot-start').value === 'earlier' ? hooks.startDate() : null;
}

async function createPilot() {
  const result = get('result');
  if (!result) return;
  if ($('#pilot-start').value === 'earlier' && !hooks.startDate()) {
    setStatus(t('pilotNoHistory'), 'warn');
    return;
  }
  setStatus(t('pilotCreating'));
  try {
    const next = await ask('pilotCreate', { reportId: result.reportId, options: currentOptions(), asOf: startAsOf(), spec: pilotSpec() });
    adopt(next);
    setStatus('');
  } catch (e) {
    if (e.kind !== 'stale') setStatus(t('pilotFailed', { message: hooks.errorText(e) }), 'error');
  }
}

async function loadPilot(file) {
  if (!file) return;
  try {
    adopt(await ask('pilotLoad', { text: await file.text() }));
    setStatus('');
  } catch (e) {
    setStatus(hooks.errorText(e), 'error');
  }
}

/** A new pilot: its groups are shown, an evaluation of the previous one is gone. */
function adopt(next) {
  info = next;
  evaluation = null;
  evaluated = false;
  renderInfo();
  clear($('#pilot-result'));
}

/** Whether the report on screen is later than the pilot's start, as evaluation needs. */
function canEvaluate() {
  const asOf = get('result')?.summary.asOf;
  return Boolean(info && asOf && asOf > info.start);
}

function renderInfo() {
  const box = clear($('#pilot-info'));
  for (const id of ['#pilot-csv', '#pilot-json']) $(id).disabled = !info;
  $('#pilot-evaluate').disabled = !canEvaluate();
  if (!info) return;
  const fmt = get('fmt');
  const parts = [
    h('p', { id: 'pilot-groups' }, t('pilotGroups', { name: info.name, start: fmt.date(info.start), test: fmt.int(info.test), control: fmt.int(info.control) })),
    canEvaluate() ? null : h('p', { class: 'muted small' }, t('pilotEvaluateLater', { start: fmt.date(info.start) })),
    h('details', { class: 'table-view' },
      h('summary', {}, t('pilotBySegment')),
      h('div', { class: 'table-scroll' },
        h('table', { class: 'data', id: 'pilot-segments' },
          h('thead', {}, h('tr', {}, [t('pilotColSegment'), t('pilotTest'), t('pilotControl')].map((x, i) => h('th', { scope: 'col', class: i ? 'num' : null }, x)))),
          h('tbody', {}, info.segments.map((g) => h('tr', {}, h('th', { scope: 'row', translate: 'no' }, g.segment), h('td', { class: 'num' }, fmt.int(g.test)), h('td', { class: 'num' }, fmt.int(g.control))))),
        ),
      ),
    ),
  ];
  box.append(...parts.filter(Boolean));
}

async function evaluatePilot() {
  const result = get('result');
  if (!result || !info) return;
  evaluated = true;
  setStatus(t('pilotEvaluating'));
  try {
    evaluation = await ask('pilotEvaluate', { pilotId: info.pilotId, reportId: result.reportId });
    renderEvaluation();
    setStatus('');
  } catch (e) {
    if (e.kind !== 'stale') setStatus(t('pilotFailed', { message: hooks.errorText(e) }), 'error');
  }
}

const signed = (x, f) => (x > 0 ? '+' : x < 0 ? '−' : '') + f(Math.abs(x));
const pp = (x, fmt) => t('pilotPp', { value: signed(x * 100, fmt.dec1) });
const moneyUp = (x, fmt) => signed(x, fmt.money0);

/** An uplift with its interval: "+3,2 п. п. [−1,0; +7,4]". */
function upliftText(u, one, fmt) {
  const ci = u.low === null || u.high === null ? t('pilotNoInterval') : `[${one(u.low, fmt)}; ${one(u.high, fmt)}]`;
  return `${one(u.value, fmt)} ${ci}`;
}

const channelName = (ch) => (ch ? t(`channel_${ch}`) : '');
/** Overall, per segment, and per segment and channel when the test went out on several. */
function rowsOf(r) {
  const channels = new Set(r.cells.map((c) => c.channel).filter(Boolean));
  const rows = [{ label: t('pilotOverall'), cell: r.overall }, ...r.segments.map((c) => ({ label: c.segment, cell: c, own: true }))];
  if (channels.size > 1) rows.push(...r.cells.map((c) => ({ label: `${c.segment} · ${channelName(c.channel)}`, cell: c, own: true })));
  return rows;
}

/** The uplifts of `rows` as points with their 95 % interval on an axis centred at zero. */
function upliftChart(rows, pick, one, title, id, fmt) {
  const W = 600, ROW = 24, LEFT = 190, RIGHT = W - 30, TOP = 28;
  const H = TOP + rows.length * ROW + 8;
  const ups = rows.map((r) => r.cell[pick]);
  const m = Math.max(1e-9, ...ups.flatMap((u) => [u.value, u.low, u.high].filter((x) => x !== null && Number.isFinite(x)).map(Math.abs))) * 1.1;
  const mid = (LEFT + RIGHT) / 2, half = (RIGHT - LEFT) / 2;
  const x = (v) => mid + (v / m) * half;
  const axis = [-m, 0, m].map((v) =>
    s('text', { x: x(v), y: 14, 'text-anchor': v < 0 ? 'start' : v > 0 ? 'end' : 'middle', class: 'small' }, v === 0 ? '0' : one(v, fmt)));
  const marks = rows.map((r, i) => {
    const u = r.cell[pick];
    const y = TOP + i * ROW + ROW / 2;
    const kind = u.significant ? (u.value > 0 ? 'up' : 'down') : 'unclear';
    const tip = `${r.label}: ${upliftText(u, one, fmt)} · ${r.cell.verdict}`;
    return s('g', { class: `uplift uplift-${kind}`, dataset: { value: u.value, low: u.low ?? '', high: u.high ?? '' } },
      s('title', {}, tip),
      s('text', { x: LEFT - 8, y, 'text-anchor': 'end', 'dominant-baseline': 'middle', class: 'small' }, r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label),
      u.low !== null && u.high !== null
        ? s('rect', { class: 'ci', x: x(u.low), y: y - 4, width: Math.max(1, x(u.high) - x(u.low)), height: 8, rx: 2 })
        : null,
      s('circle', { class: 'point', cx: x(u.value), cy: y, r: 4 }),
    );
  });
  return h('figure', { class: 'chart uplift-chart', id },
    h('figcaption', {}, title),
    s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title },
      axis,
      s('line', { class: 'zero', x1: mid, x2: mid, y1: 20, y2: H - 4 }),
      marks,
    ),
  );
}

function resultTable(rows, fmt) {
  const heads = [t('pilotColGroup'), t('pilotColClients'), t('pilotColResponse'), t('pilotColResponseUplift'),
    t('pilotColRevenue'), t('pilotColRevenueUplift'), t('pilotColVerdict')];
  const pair = (a, b) => `${a} / ${b}`;
  return h('div', { class: 'table-scroll' },
    h('table', { class: 'data pilot-table', id: 'pilot-result-table' },
      h('caption', { class: 'visually-hidden' }, t('pilotResultTitle')),
      h('thead', {}, h('tr', {}, heads.map((x, i) => h('th', { scope: 'col', class: i && i < 6 ? 'num' : null }, x)))),
      h('tbody', {}, rows.map(({ label, cell: c, own }) => h('tr', {},
        // A segment's name is the pilot's own, in the language it was created in.
        h('th', { scope: 'row', translate: own ? 'no' : null }, label),
        h('td', { class: 'num nowrap' }, pair(fmt.int(c.test.clients), fmt.int(c.control.clients))),
        h('td', { class: 'num nowrap' }, pair(fmt.pct(c.test.responseRate), fmt.pct(c.control.responseRate))),
        h('td', { class: 'num nowrap uplift-cell' }, upliftText(c.responseUplift, pp, fmt)),
        h('td', { class: 'num nowrap' }, pair(fmt.money0(c.test.revenuePerClient), fmt.money0(c.control.revenuePerClient))),
        h('td', { class: 'num nowrap uplift-cell' }, upliftText(c.revenueUplift, moneyUp, fmt)),
        h('td', { class: 'verdict' }, c.verdict),
      ))),
    ),
  );
}

const tile = (label, value, id) => h('div', { class: 'stat', id }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value));

function renderEvaluation() {
  const box = clear($('#pilot-result'));
  if (!evaluation) return;
  const fmt = get('fmt');
  const r = evaluation;
  const o = r.overall;
  const rows = rowsOf(r);
  const parts = [
    h('h3', {}, t('pilotResultTitle')),
    h('p', { id: 'pilot-summary' }, t('pilotSummary', {
      name: r.name,
      start: fmt.date(r.start),
      until: fmt.date(r.until),
      days: fmt.int(r.days),
      verdict: o.verdict,
    })),
    h('div', { class: 'stats' },
      tile(t('pilotTileResponse'), upliftText(o.responseUplift, pp, fmt), 'pilot-response-uplift'),
      tile(t('pilotTileRevenue'), upliftText(o.revenueUplift, moneyUp, fmt), 'pilot-revenue-uplift'),
      tile(t('pilotColClients'), `${fmt.int(o.test.clients)} / ${fmt.int(o.control.clients)}`, 'pilot-clients'),
    ),
    r.missing ? h('p', { class: 'muted small' }, t('pilotMissing', { count: fmt.int(r.missing) })) : null,
    h('p', { class: 'legend small' },
      h('span', { class: 'legend-item' }, h('span', { class: 'swatch ci-up' }), t('pilotLegendUp')),
      h('span', { class: 'legend-item' }, h('span', { class: 'swatch ci-unclear' }), t('pilotLegendUnclear')),
      h('span', { class: 'legend-item' }, h('span', { class: 'swatch ci-down' }), t('pilotLegendDown')),
    ),
    h('div', { class: 'two-col' },
      upliftChart(rows, 'responseUplift', pp, t('pilotChartResponse'), 'pilot-uplift-response', fmt),
      upliftChart(rows, 'revenueUplift', moneyUp, t('pilotChartRevenue'), 'pilot-uplift-revenue', fmt),
    ),
    resultTable(rows, fmt),
  ];
  box.append(...parts.filter(Boolean));
}

async function exportTest() {
  const result = get('result');
  if (!info || !result) return;
  try {
    const bytes = await ask('pilotCsv', { pilotId: info.pilotId, reportId: result.reportId });
    const name = `segmenta-pilot-test-${info.start}.csv`;
    download(bytes, name, 'text/csv;charset=utf-8');
    showMessage(t('exported', { name }), 'info');
  } catch (e) {
    if (e.kind !== 'stale') setStatus(hooks.errorText(e), 'error');
  }
}

function exportJson() {
  if (!info) return;
  const name = `segmenta-pilot-${info.start}.json`;
  download(info.json, name, 'application/json');
  showMessage(t('exported', { name }), 'info');
}

/** A new report: the segment choices follow it; an evaluation shown is made again on it. */
export function adoptPilotResult(result) {
  fillSegments(result);
  if (!nameTyped) $('#pilot-name').value = t('pilotDefaultName');
  renderInfo();
  if (evaluated && canEvaluate()) evaluatePilot();
  else if (!canEvaluate()) {
    evaluation = null;
    clear($('#pilot-result'));
  }
}

export function bindPilot(h0) {
  hooks = { ...hooks, ...h0 };
  $('#pilot-when').addEventListener('change', () => {
    $('#pilot-rule-label').hidden = $('#pilot-when').value !== 'rule';
  });
  $('#pilot-name').addEventListener('input', () => {
    nameTyped = true;
  });
  $('#pilot-create').addEventListener('click', createPilot);
  $('#pilot-file').addEventListener('change', (e) => loadPilot(e.target.files[0]));
  $('#pilot-csv').addEventListener('click', exportTest);
  $('#pilot-json').addEventListener('click', exportJson);
  $('#pilot-evaluate').addEventListener('click', evaluatePilot);
}
