// The "What changed" section (#changes): the loaded file as of 30, 90 or any number of
// days before its last date (or another file) against the file now. The worker analyses
// the earlier one (the later is the report on screen) and keeps the comparison; this view
// draws one criterion's flows as a Sankey diagram (bands as wide as their clients,
// coloured by moving up, staying or moving down), the
// matrix of labels before and after, the paths with their revenue and a CSV of each, and
// the clients of the chosen path with the reason each moved.
import { get } from './store.js';
import { $, h, s, clear, download } from './dom.js';
import { t } from './i18n.js';
import { ask } from './worker-client.js';
import { showMessage, errorText } from './messages.js';
import { currentOptions } from './analysis.js';

const MOVE_COLORS = { up: '#1a9850', stayed: '#bdbdbd', down: '#d73027', changed: '#fdae61', new: '#4393c3', lost: '#7a7a7a' };
const DAY_MS = 86400000;

/** The comparison shown: { comparisonId, summary, criterion, path, label }, or null. */
let shown = null;
let otherFile = null;

const movementName = (m) => t('move_' + m);

/** `iso` minus `days` days, as `YYYY-MM-DD`. */
function minusDays(iso, days) {
  return new Date(Date.parse(iso + 'T00:00:00Z') - days * DAY_MS).toISOString().slice(0, 10);
}

function periodDays() {
  const v = $('#changes-period').value;
  if (v === 'custom') return Math.max(1, Math.round(Number($('#changes-days').value) || 0));
  return Number(v);
}

/** Compares: the kept source some days back, or the other file, against now. */
export async function runCompare() {
  const result = get('result');
  if (!result) return;
  const last = result.summary.lastDate;
  const args = { options: currentOptions() };
  if (otherFile) args.other = otherFile;
  else if (last) args.asOf = minusDays(last, periodDays());
  else return;
  $('#changes').dataset.state = 'running';
  try {
    const res = await ask('compare', args);
    const criterion = $('#changes-criterion').value || 'rfm';
    shown = { ...res, criterion, path: null };
    renderCriteria();
    await renderFlow();
  } catch (e) {
    showMessage(errorText(e), 'error');
  } finally {
    $('#changes').dataset.state = shown ? 'ready' : 'empty';
  }
}

function flowOf() {
  return shown?.summary.flows.find((f) => f.criterion === shown.criterion) || shown?.summary.flows[0];
}

function renderCriteria() {
  const select = $('#changes-criterion');
  const keep = shown.criterion;
  clear(select).append(...shown.summary.flows.map((f) => h('option', { value: f.criterion, selected: f.criterion === keep }, f.name)));
  if (!shown.summary.flows.some((f) => f.criterion === keep)) shown.criterion = shown.summary.flows[0]?.criterion;
}

/** Labels in their order of value: the most valuable on top, new and gone clients last. */
function nodeOrder(flow, side) {
  const used = new Set(flow.paths.map((p) => p[side]));
  const n = flow.labels.length;
  return [...used].sort((a, b) => {
    const pa = a >= n - 2, pb = b >= n - 2;
    if (pa !== pb) return pa ? 1 : -1;
    const ra = flow.labels[a].rank ?? -1, rb = flow.labels[b].rank ?? -1;
    return rb - ra || a - b;
  });
}

/** The Sankey diagram: labels before on the left, after on the right. */
function sankey(flow, fmt) {
  const W = 760, H = 420, NODE = 14, GAP = 8, LEFT = 190, RIGHT = W - 190;
  const total = flow.paths.reduce((a, p) => a + p.clients, 0) || 1;
  const left = nodeOrder(flow, 'from'), right = nodeOrder(flow, 'to');
  const scale = (H - GAP * Math.max(left.length, right.length)) / total;
  const place = (order, side) => {
    const pos = new Map();
    let y = 4;
    for (const l of order) {
      const n = flow.paths.filter((p) => p[side] === l).reduce((a, p) => a + p.clients, 0);
      pos.set(l, { y, h: Math.max(1, n * scale), n, used: 0 });
      y += Math.max(1, n * scale) + GAP;
    }
    return pos;
  };
  const L = place(left, 'from'), R = place(right, 'to');
  const rank = (order) => new Map(order.map((l, i) => [l, i]));
  const li = rank(left), ri = rank(right);
  const paths = [...flow.paths].sort((a, b) => li.get(a.from) - li.get(b.from) || ri.get(a.to) - ri.get(b.to));
  const bands = [];
  const byRight = [...flow.paths].sort((a, b) => ri.get(a.to) - ri.get(b.to) || li.get(a.from) - li.get(b.from));
  const rightY = new Map();
  for (const p of byRight) {
    const r = R.get(p.to);
    rightY.set(p, r.y + r.used);
    r.used += p.clients * scale;
  }
  for (const p of paths) {
    const l = L.get(p.from);
    const y0 = l.y + l.used;
    l.used += p.clients * scale;
    const y1 = rightY.get(p);
    const hgt = Math.max(0.5, p.clients * scale);
    const x0 = LEFT + NODE, x1 = RIGHT, xm = (x0 + x1) / 2;
    const d = `M${x0},${y0} C${xm},${y0} ${xm},${y1} ${x1},${y1} L${x1},${y1 + hgt} C${xm},${y1 + hgt} ${xm},${y0 + hgt} ${x0},${y0 + hgt} Z`;
    const from = flow.labels[p.from].name, to = flow.labels[p.to].name;
    const tip = t('changesBandTip', {
      from,
      to,
      clients: fmt.int(p.clients),
      before: fmt.money0(p.revenueBefore),
      after: fmt.money0(p.revenueAfter),
      movement: movementName(p.movement),
    });
    bands.push(
      s('path', {
        d,
        class: 'band',
        fill: MOVE_COLORS[p.movement],
        'data-movement': p.movement,
        'data-clients': p.clients,
        tabindex: 0,
        onclick: () => selectPath(p),
        onkeydown: (e) => (e.key === 'Enter' || e.key === ' ') && selectPath(p),
      }, s('title', {}, tip)),
    );
  }
  const nodes = (pos, x, anchor, dx) =>
    [...pos.entries()].map(([l, v]) =>
      s('g', { class: 'node' },
        s('rect', { x, y: v.y, width: NODE, height: v.h, fill: '#4a5568' }, s('title', {}, `${flow.labels[l].name}: ${fmt.int(v.n)}`)),
        s('text', { x: x + dx, y: v.y + v.h / 2, 'dominant-baseline': 'middle', 'text-anchor': anchor, class: 'small' }, `${flow.labels[l].name} · ${fmt.int(v.n)}`),
      ),
    );
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H + 8}`, class: 'sankey', role: 'img', 'aria-label': t('changesSankeyLabel', { criterion: flow.name }) },
    s('g', { class: 'bands' }, bands),
    nodes(L, LEFT, 'end', -6),
    nodes(R, RIGHT, 'start', NODE + 6),
  );
}

function legend() {
  return h('p', { class: 'legend small' },
    ['up', 'stayed', 'down', 'new'].map((m) => h('span', { class: 'legend-item' }, h('span', { class: 'swatch', style: { background: MOVE_COLORS[m] } }), movementName(m))),
  );
}

function counts(flow, fmt) {
  const k = flow.counts;
  return h('p', { id: 'changes-counts' },
    t('changesCounts', {
      before: fmt.date(shown.summary.beforeAsOf),
      after: fmt.date(shown.summary.afterAsOf),
      up: fmt.int(k.up),
      stayed: fmt.int(k.stayed),
      down: fmt.int(k.down),
      new: fmt.int(k.new),
      lost: fmt.int(k.lost),
      risky: fmt.int(k.valuableToRisky),
    }),
  );
}

/** The matrix: labels before in rows, after in columns, clients in the cells. */
function matrix(flow, fmt) {
  const rows = nodeOrder(flow, 'from'), cols = nodeOrder(flow, 'to');
  const cell = (r, c) => flow.paths.find((p) => p.from === r && p.to === c);
  return h('div', { class: 'table-scroll' },
    h('table', { class: 'data', id: 'changes-matrix-table' },
      h('caption', {}, t('changesMatrixCaption')),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('changesBeforeAfter')), cols.map((c) => h('th', { scope: 'col', class: 'num' }, flow.labels[c].name)))),
      h('tbody', {}, rows.map((r) =>
        h('tr', {}, h('th', { scope: 'row' }, flow.labels[r].name), cols.map((c) => {
          const p = cell(r, c);
          if (!p) return h('td', { class: 'num' }, '');
          return h('td', { class: `num move-${p.movement}` },
            h('button', { type: 'button', class: 'link', onclick: () => selectPath(p), title: movementName(p.movement) }, fmt.int(p.clients)));
        })),
      )),
    ),
  );
}

/** The paths that changed label, most clients first, each with its CSV. */
function pathTable(flow, fmt) {
  const moved = flow.paths.filter((p) => p.from !== p.to).sort((a, b) => b.clients - a.clients);
  return h('div', { class: 'table-scroll' },
    h('table', { class: 'data', id: 'changes-paths' },
      h('caption', {}, t('changesPathsCaption')),
      h('thead', {}, h('tr', {}, [t('changesPath'), t('changesMovement'), t('colClients'), t('changesRevenueBefore'), t('changesRevenueAfter'), t('changesRevenueChange'), ''].map((x, i) => h('th', { scope: 'col', class: i >= 2 && i < 6 ? 'num' : null }, x)))),
      h('tbody', {}, moved.map((p) =>
        h('tr', { class: p.valuableToRisky ? 'risky' : null },
          h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => selectPath(p) }, `${flow.labels[p.from].name} → ${flow.labels[p.to].name}`)),
          h('td', {}, movementName(p.movement)),
          h('td', { class: 'num' }, fmt.int(p.clients)),
          h('td', { class: 'num' }, fmt.money0(p.revenueBefore)),
          h('td', { class: 'num' }, fmt.money0(p.revenueAfter)),
          h('td', { class: 'num' }, fmt.money0(p.revenueChange)),
          h('td', {}, h('button', { type: 'button', class: 'btn small', onclick: () => exportPath({ from: p.from, to: p.to }, flow) }, 'CSV')),
        ),
      )),
    ),
  );
}

async function renderFlow() {
  if (!shown) return;
  const flow = flowOf();
  if (!flow) return;
  shown.criterion = flow.criterion;
  const fmt = get('fmt');
  clear($('#changes-summary')).append(counts(flow, fmt), legend());
  clear($('#changes-sankey')).append(sankey(flow, fmt));
  clear($('#changes-matrix')).append(matrix(flow, fmt));
  clear($('#changes-paths-box')).append(pathTable(flow, fmt));
  $('#changes-export-risky').disabled = flow.counts.valuableToRisky === 0;
  const first = flow.paths.filter((p) => p.valuableToRisky).sort((a, b) => b.clients - a.clients)[0]
    || flow.paths.filter((p) => p.movement === 'down').sort((a, b) => b.clients - a.clients)[0];
  if (first) await selectPath(first);
  else clear($('#changes-movers'));
}

/** Shows the clients of one path with their reasons. */
async function selectPath(p) {
  const flow = flowOf();
  shown.path = p;
  const fmt = get('fmt');
  try {
    const m = await ask('movers', { comparisonId: shown.comparisonId, criterion: flow.criterion, from: p.from, to: p.to, limit: 50 });
    const title = `${flow.labels[p.from].name} → ${flow.labels[p.to].name}`;
    clear($('#changes-movers')).append(
      h('h3', {}, t('changesMoversTitle', { path: title, clients: fmt.int(m.total) })),
      h('ul', { class: 'movers' }, m.ids.map((id, i) => h('li', {}, h('b', {}, id), ' — ', m.reasons[i]))),
      m.total > m.ids.length ? h('p', { class: 'muted small' }, t('changesMoversMore', { shown: fmt.int(m.ids.length), total: fmt.int(m.total) })) : null,
    );
  } catch (e) {
    if (e.kind !== 'stale') showMessage(errorText(e), 'error');
  }
}

async function exportPath(path, flow = flowOf()) {
  if (!shown) return;
  try {
    const bytes = await ask('compareCsv', { comparisonId: shown.comparisonId, criterion: flow.criterion, ...path });
    const part = path.valuableToRisky ? 'valuable-to-risky' : `${flow.labels[path.from].key}-to-${flow.labels[path.to].key}`;
    const name = `segmenta-changes-${flow.criterion}-${part}-${shown.summary.afterAsOf}.csv`;
    download(bytes, name, 'text/csv;charset=utf-8');
    showMessage(t('exported', { name }), 'info');
  } catch (e) {
    if (e.kind !== 'stale') showMessage(errorText(e), 'error');
  }
}

/** A new result: the comparison belongs to the previous one. */
export function renderChanges() {
  if (!shown) return;
  shown = null;
  for (const id of ['#changes-summary', '#changes-sankey', '#changes-matrix', '#changes-paths-box', '#changes-movers']) clear($(id));
  $('#changes-export-risky').disabled = true;
  $('#changes').dataset.state = 'empty';
}

export function bindChanges() {
  $('#changes-period').addEventListener('change', () => {
    $('#changes-days-label').hidden = $('#changes-period').value !== 'custom';
  });
  $('#changes-run').addEventListener('click', () => runCompare());
  $('#changes-criterion').addEventListener('change', () => {
    if (!shown) return;
    shown.criterion = $('#changes-criterion').value;
    renderFlow();
  });
  $('#changes-file').addEventListener('change', (e) => {
    otherFile = e.target.files[0] || null;
    $('#changes-file-clear').hidden = !otherFile;
  });
  $('#changes-file-clear').addEventListener('click', () => {
    otherFile = null;
    $('#changes-file').value = '';
    $('#changes-file-clear').hidden = true;
  });
  $('#changes-export-risky').addEventListener('click', () => exportPath({ valuableToRisky: true }));
}
