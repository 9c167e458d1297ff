// The clients table (#clients): its filters (segment, R×F cell, stage, ABC class, a rule,
// a name search) with their chips, the sort order and the virtualised table. Owns the
// slices `filter` and `sort`; the other views filter through the functions here.
import { get, own } from './store.js';
import { checkRule } from './pkg/segmenta.js';
import { h, clear, $ } from './dom.js';
import { t, getLang } from './i18n.js';
import { ClientTable } from './table.js';
import { ask } from './worker-client.js';
import { ruleAttributes, segmentRuleByKey } from './rules.js';
import { openCard } from './card.js';

function emptyFilter() {
  return { segment: null, rf: null, lifecycle: null, abc: null, rule: '', ruleMask: null, ruleLabel: '', search: '' };
}

/** Sorted ascending by these keys first, the others descending. */
const ASCENDING = ['client', 'segment', 'recency', 'abcxyz', 'lifecycle', 'action'];

const mine = own('clients', { filter: emptyFilter(), sort: { key: 'revenue', dir: -1 } });
/** The ClientTable, made by bindClients(). */
let table;
/** Redraws the R×F grid, whose active cell shows the R×F filter (given to bindClients). */
let redrawRfGrid = () => {};
/** Sort orders (and lower-case ids for the search) of one report, made when first needed. */
let cache = { result: null, orders: new Map(), lowerIds: null };

function patchFilter(patch) {
  mine.update('filter', (f) => ({ ...f, ...patch }));
}

function refresh() {
  updateTable();
  renderFilterControls();
}

/** Draws the filters and the table again (their report is back after a cancelled read). */
export function refreshTable() {
  if (get('result')) refresh();
}

/** Clears the filters without redrawing (a new source is being opened). */
export function resetFilters() {
  mine.set('filter', emptyFilter());
}

/** Shows only the clients that `patch` selects (e.g. `{ rf: [5, 1] }`), other filters cleared. */
export function showOnly(patch) {
  mine.set('filter', { ...emptyFilter(), ...patch });
  refresh();
}

/** Shows the clients of one segment and scrolls to them. */
export function filterSegment(key) {
  showOnly({ segment: key });
  goToClients();
}

export function goToClients() {
  const sec = $('#clients');
  sec.scrollIntoView({ behavior: 'smooth', block: 'start' });
  sec.focus({ preventScroll: true });
}

/** A new report: a rule filter is selected again on it, filters it lacks are dropped. */
export function adoptResult(res) {
  const c = res.columns;
  // A rule filter refers to rows of the old report: re-select it on the new one.
  if (get('filter').rule) applyRuleFilter(get('filter').rule, get('filter').ruleLabel);
  const f = get('filter');
  if (f.segment && !c.segmentKeys.includes(f.segment) && f.segment !== '__lead') patchFilter({ segment: null });
  const { rf } = get('filter');
  if (rf && (rf[0] > res.summary.bins || rf[1] > res.summary.bins)) patchFilter({ rf: null });
}

/** Filters by a rule through the worker's select(); `label` replaces the rule in the chip. */
export async function applyRuleFilter(rule, label = '') {
  const err = $('#filter-rule-error');
  const problem = rule ? checkRule(rule, ruleAttributes(), getLang()) : null;
  if (problem) {
    err.hidden = false;
    err.textContent = t('ruleError', { line: problem.line, column: problem.column, message: problem.message });
    return;
  }
  err.hidden = true;
  patchFilter({ rule, ruleLabel: label, ruleMask: null });
  if (rule) {
    try {
      const sel = await ask('select', { reportId: get('result').reportId, rule });
      if (get('filter').rule !== rule) return;
      const mask = new Uint8Array(get('result').columns.length);
      for (const r of sel.rows) mask[r] = 1;
      patchFilter({ ruleMask: mask });
    } catch (e) {
      if (e.kind === 'stale') return;
      err.hidden = false;
      err.textContent = e.message;
      return;
    }
  }
  refresh();
}

/** A rule selecting the clients of the current filters, the name search included. */
export function filterRule() {
  const { columns: c } = get('result');
  const f = get('filter');
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

export function renderFilterControls() {
  const c = get('result').columns;
  const f = get('filter');
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
  renderChips(c, f);
}

/** A chip per filter in force, each with a button that removes it; then "clear all". */
function renderChips(c, f) {
  const chips = $('#filter-chips');
  clear(chips);
  // `label` names the filter; `user`, when given, is the user's own text after it (a rule,
  // a search), shown as it was typed.
  const chip = (label, patch, rfGrid = false, user = null) => {
    const remove = () => {
      patchFilter(patch);
      refresh();
      if (rfGrid) redrawRfGrid();
    };
    const name = user === null ? label : `${label} ${user}`;
    return h(
      'span',
      { class: 'chip' },
      label,
      user === null ? null : [' ', h('span', { translate: 'no' }, user)],
      h('button', { type: 'button', class: 'chip-x', 'aria-label': t('removeFilter', { name }), onclick: remove }, '✕'),
    );
  };
  if (f.segment) chips.append(chip(f.segment === '__lead' ? t('lead') : c.segmentNames[c.segmentKeys.indexOf(f.segment)], { segment: null }));
  if (f.rf) chips.append(chip(t('filterRf', { r: f.rf[0], f: f.rf[1] }), { rf: null }, true));
  if (f.lifecycle !== null) chips.append(chip(c.lifecycleNames[f.lifecycle], { lifecycle: null }));
  if (f.abc !== null) chips.append(chip(`ABC: ${c.abcNames[f.abc]}`, { abc: null }));
  if (f.rule) {
    const cleared = { rule: '', ruleMask: null, ruleLabel: '' };
    chips.append(f.ruleLabel ? chip(f.ruleLabel, cleared) : chip(t('filterRuleChip'), cleared, false, f.rule));
  }
  if (f.search) chips.append(chip(t('filterSearchChip'), { search: '' }, false, `«${f.search}»`));
  if (chips.childElementCount > 1) {
    chips.append(h('button', { type: 'button', class: 'linkish small', onclick: () => { resetFilters(); refresh(); redrawRfGrid(); } }, t('clearFilters')));
  }
}

/** The caches of the current report (new ones for a new report). */
function reportCache() {
  const result = get('result');
  if (cache.result !== result) cache = { result, orders: new Map(), lowerIds: null };
  return cache;
}

/** `x` when it is a finite number, else `other` (clients without a prediction sort last). */
const finiteOr = (x, other) => (Number.isFinite(x) ? x : other);

/** Rows sorted by a key, computed once per report and key (then filtered in order). */
function sortedOrder(key) {
  const { orders } = reportCache();
  if (orders.has(key)) return orders.get(key);
  const { columns: c, ids } = get('result');
  const n = c.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const lead = (i) => c.recency[i] < 0;
  const rev = c.revenue;
  let cmp;
  if (key === 'client') {
    const coll = new Intl.Collator(get('fmt').locale, { numeric: true, sensitivity: 'base' });
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
        case 'pAlive': v[i] = finiteOr(c.pAlive?.[i], -Infinity); break;
        case 'clv': v[i] = finiteOr(c.clv?.[i], -Infinity); break;
        default: v[i] = i;
      }
    }
    cmp = (a, b) => v[a] - v[b] || rev[b] - rev[a] || a - b;
  }
  order.sort(cmp);
  orders.set(key, order);
  return order;
}

/** The rows the filters let through, in the sort order. */
function computeView() {
  const { columns: c, ids } = get('result');
  const f = get('filter');
  const sort = get('sort');
  const order = sortedOrder(sort.key);
  const n = order.length;
  const seg = f.segment && f.segment !== '__lead' ? c.segmentKeys.indexOf(f.segment) : -1;
  const leadsOnly = f.segment === '__lead';
  const q = f.search.trim().toLowerCase();
  const rc = reportCache();
  // The search finds a client by id or by name.
  const { names } = get('result');
  if (q && !rc.lowerIds) rc.lowerIds = names ? ids.map((x, i) => `${x}\n${names[i]}`.toLowerCase()) : ids.map((x) => x.toLowerCase());
  const lower = rc.lowerIds;
  const mask = f.ruleMask;
  const out = new Uint32Array(n);
  let k = 0;
  const desc = sort.dir < 0;
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

/** The ids of the clients the table shows (its filters in force), in its order. */
export function shownIds() {
  const { ids } = get('result');
  return Array.from(computeView(), (i) => ids[i]);
}

export function updateTable() {
  const result = get('result');
  if (!result) return;
  const view = computeView();
  const { columns, ids, names, segColors } = result;
  const fmt = get('fmt');
  table.setData({ columns, ids, names, fmt, segColors }, view, get('sort'));
  $('#table-count').textContent = t('tableCount', { shown: fmt.int(view.length), total: fmt.int(columns.length) });
  // The marks' form (marks.js) acts on the clients shown.
  $('#mark-assign').textContent = t('markAssignShown', { n: fmt.int(view.length) });
  $('#mark-remove').textContent = t('markRemoveShown', { n: fmt.int(view.length) });
}

function onSort(key) {
  const sort = get('sort');
  if (sort.key === key) mine.set('sort', { key, dir: -sort.dir });
  else mine.set('sort', { key, dir: ASCENDING.includes(key) ? 1 : -1 });
  updateTable();
}

/** Builds the table's header again (after a change of language). */
export function renderTableHead() {
  table.renderHead();
}

function bindFilters() {
  $('#filter-segment').addEventListener('change', (e) => {
    patchFilter({ segment: e.target.value || null });
    refresh();
  });
  $('#filter-lifecycle').addEventListener('change', (e) => {
    patchFilter({ lifecycle: e.target.value === '' ? null : Number(e.target.value) });
    refresh();
  });
  $('#filter-abc').addEventListener('change', (e) => {
    patchFilter({ abc: e.target.value === '' ? null : Number(e.target.value) });
    refresh();
  });
  let searchTimer = 0;
  $('#client-search').addEventListener('input', (e) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      patchFilter({ search: e.target.value });
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
}

/**
 * Makes the table and binds the filter controls. `onRfCleared()` redraws the R×F grid
 * when a chip or "clear all" removes the R×F filter.
 */
export function bindClients({ onRfCleared }) {
  redrawRfGrid = onRfCleared;
  bindFilters();
  table = new ClientTable($('#client-table'), { onOpen: openCard, onSort });
}
