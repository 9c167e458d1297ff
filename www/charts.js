// Hand-made charts (HTML and SVG), each followed by a <details> table of the same data.
import { h, s, tableView } from './dom.js';
import { t, count } from './i18n.js';

const KNOWN_COLORS = {
  champions: '#1a9850',
  keyClients: '#1a9850',
  loyal: '#66bd63',
  potentialLoyalist: '#a6d96a',
  newWithPotential: '#a6d96a',
  new: '#4393c3',
  newcomers: '#4393c3',
  promising: '#92c5de',
  needAttention: '#e6c229',
  aboutToSleep: '#fdae61',
  fallingAsleep: '#fdae61',
  atRisk: '#f46d43',
  cantLoseThem: '#d73027',
  lostValuable: '#d73027',
  hibernating: '#a5a5a5',
  lost: '#7a7a7a',
  other: '#cfcfcf',
};
const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** A stable colour for a segment key (known presets get meaningful colours). */
export function segmentColor(key, index) {
  return KNOWN_COLORS[key] || PALETTE[index % PALETTE.length];
}

const STAGE_COLORS = { lead: '#bdbdbd', new: '#4393c3', active: '#1a9850', sleeping: '#fdae61', churned: '#d73027' };
const XYZ_COLORS = { X: '#1a9850', Y: '#e6c229', Z: '#f46d43', '-': '#bdbdbd' };
const ABC_COLORS = { A: '#225ea8', B: '#41b6c4', C: '#c7e9b4' };

/** Relative luminance (WCAG 2) of an sRGB colour `[r, g, b]` (0–255). */
export function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio (WCAG 2) of two sRGB colours, from 1 to 21. */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const INK = [29, 35, 48]; // --text
const WHITE = [255, 255, 255];
const mix = (a, b, k) => a.map((x, i) => Math.round(x + (b[i] - x) * k));
// The heat scale: light blues under dark text up to 60 % of the range, then dark blues
// under white. Between them lies a band of mid blues where neither text reaches 4.5:1
// (white on them measured 2.5–3.4:1); the scale steps over it.
const HEAT_LIGHT = [mix(WHITE, [34, 94, 168], 0.06), mix(WHITE, [34, 94, 168], 0.62)];
const HEAT_DARK = [[56, 110, 177], [16, 56, 112]];
const HEAT_STEP = 0.6;

/** The background of a heat-map cell of intensity `k` (0–1) and the text colour on it. */
export function heat(k) {
  const x = Math.max(0, Math.min(1, k));
  const bg = x < HEAT_STEP ? mix(...HEAT_LIGHT, x / HEAT_STEP) : mix(...HEAT_DARK, (x - HEAT_STEP) / (1 - HEAT_STEP));
  const ink = contrast(bg, INK) >= contrast(bg, WHITE) ? INK : WHITE;
  return { background: `rgb(${bg.join(', ')})`, color: `rgb(${ink.join(', ')})` };
}

function chartBox(title, body, view, extraClass) {
  return h('figure', { class: `chart ${extraClass || ''}` }, h('figcaption', {}, title), body, view);
}

/** Paired bars: share of clients and share of revenue per segment. */
export function segmentBars(segments, { fmt, onSelect }) {
  const items = segments.filter((x) => x.customers > 0).slice().sort((a, b) => b.revenue - a.revenue);
  const max = Math.max(0.0001, ...items.map((x) => Math.max(x.customersShare, x.revenueShare)));
  const rows = items.map((x) =>
    h(
      'button',
      {
        type: 'button',
        class: 'seg-bar',
        dataset: { key: x.key },
        'aria-label': `${x.segment}: ${fmt.pct(x.customersShare)} ${t('clientsShare')}, ${fmt.pct(x.revenueShare)} ${t('revenueShare')}`,
        onclick: () => onSelect(x.key),
      },
      h('span', { class: 'seg-name' }, h('i', { class: 'dot', style: { background: x.color } }), x.segment),
      h(
        'span',
        { class: 'bars' },
        h(
          'span',
          { class: 'bar-line' },
          h('span', { class: 'bar clients', style: { width: `${(x.customersShare / max) * 100}%` } }),
          h('span', { class: 'bar-val' }, fmt.pct(x.customersShare)),
        ),
        h(
          'span',
          { class: 'bar-line' },
          h('span', { class: 'bar revenue', style: { width: `${(x.revenueShare / max) * 100}%`, background: x.color } }),
          h('span', { class: 'bar-val strong' }, fmt.pct(x.revenueShare)),
        ),
      ),
    ),
  );
  const legend = h(
    'div',
    { class: 'legend', 'aria-hidden': 'true' },
    h('span', {}, h('i', { class: 'sw clients' }), t('clientsShare')),
    h('span', {}, h('i', { class: 'sw revenue' }), t('revenueShare')),
  );
  const view = tableView(
    t('tableView'),
    [t('colSegment'), t('colClients'), t('colClientsShare'), t('colRevenue'), t('colRevenueShare')],
    items.map((x) => [x.segment, fmt.int(x.customers), fmt.pct(x.customersShare), fmt.money0(x.revenue), fmt.pct(x.revenueShare)]),
    { numeric: [false, true, true, true, true] },
  );
  return chartBox(t('segmentBarsTitle'), h('div', { class: 'seg-bars' }, legend, rows), view);
}

/** The R×F heat map: rows are R digits (best on top), columns F digits (best right). */
export function rfGrid(summary, { fmt, onCell, active }) {
  const bins = summary.bins;
  const high = summary.direction === 'highIsBest';
  const asc = Array.from({ length: bins }, (_, i) => i + 1);
  const rOrder = high ? asc.slice().reverse() : asc.slice();
  const fOrder = high ? asc.slice() : asc.slice().reverse();
  const cell = new Map(summary.rfGrid.map((c) => [`${c.r}:${c.f}`, c]));
  const max = Math.max(1, ...summary.rfGrid.map((c) => c.customers));
  const grid = h('div', {
    class: 'rf-grid',
    role: 'group',
    'aria-label': t('rfTitle'),
    style: { gridTemplateColumns: `auto repeat(${bins}, minmax(0, 1fr))` },
  });
  for (const r of rOrder) {
    grid.append(h('div', { class: 'rf-axis r' }, `R${r}`));
    for (const f of fOrder) {
      const c = cell.get(`${r}:${f}`) || { r, f, customers: 0, averageMonetary: 0 };
      const isActive = active && active[0] === r && active[1] === f;
      grid.append(
        h(
          'button',
          {
            type: 'button',
            class: `rf-cell${isActive ? ' active' : ''}${c.customers ? '' : ' empty'}`,
            style: c.customers ? heat(Math.sqrt(c.customers / max)) : null,
            dataset: { r, f },
            'aria-pressed': isActive ? 'true' : 'false',
            'aria-label': t('rfCell', { r, f, clients: count('client', c.customers, fmt), money: fmt.money0(c.averageMonetary) }),
            disabled: c.customers === 0,
            onclick: () => onCell(r, f),
          },
          h('span', { class: 'rf-count' }, fmt.int(c.customers)),
          c.customers ? h('span', { class: 'rf-money' }, fmt.compact(c.averageMonetary)) : null,
        ),
      );
    }
  }
  grid.append(h('div', {}));
  for (const f of fOrder) grid.append(h('div', { class: 'rf-axis f' }, `F${f}`));
  const axes = h(
    'div',
    { class: 'rf-axes muted small' },
    h('span', {}, `↑ ${t('rfRecency')} (${t('rfBest')})`),
    h('span', {}, `${t('rfFrequency')} (${t('rfBest')}) →`),
  );
  const view = tableView(
    t('tableView'),
    ['R \\ F', ...fOrder.map((f) => `F${f}`)],
    rOrder.map((r) => [
      `R${r}`,
      ...fOrder.map((f) => {
        const c = cell.get(`${r}:${f}`);
        return c && c.customers ? `${fmt.int(c.customers)} · ${fmt.money0(c.averageMonetary)}` : '0';
      }),
    ]),
  );
  return chartBox(t('rfTitle'), h('div', {}, h('p', { class: 'muted small' }, t('rfHint')), axes, grid), view, 'rf');
}

/** The Pareto curve from per-client revenue (clients with orders only). */
export function pareto(columns, summary, { fmt }) {
  const n0 = columns.length;
  const vals = [];
  for (let i = 0; i < n0; i++) if (columns.recency[i] >= 0) vals.push(Math.max(0, columns.revenue[i]));
  const rev = Float64Array.from(vals).sort().reverse();
  const n = rev.length;
  const cum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cum[i + 1] = cum[i] + rev[i];
  const total = cum[n] || 1;
  const at = (x) => cum[Math.min(n, Math.round(x * n))] / total;
  const W = 420;
  const H = 260;
  const m = { l: 44, r: 12, t: 12, b: 40 };
  const X = (x) => m.l + x * (W - m.l - m.r);
  const Y = (y) => H - m.b - y * (H - m.t - m.b);
  const K = Math.min(n, 240);
  const pts = [];
  for (let j = 0; j <= K; j++) {
    const x = K ? j / K : 0;
    pts.push([X(x), Y(at(x))]);
  }
  const line = pts.map((p, i) => `${i ? 'L' : 'M'}${p[0].toFixed(1)},${p[1].toFixed(1)}`).join('');
  const area = `${line}L${X(1)},${Y(0)}L${X(0)},${Y(0)}Z`;
  // Class boundaries from the summary: cumulative shares at the end of A and of B.
  const abc = Object.fromEntries(summary.abc.map((c) => [c.key, c]));
  const aX = abc.A ? abc.A.customersShare : 0;
  const bX = aX + (abc.B ? abc.B.customersShare : 0);
  const totalCustomers = summary.abc.reduce((acc, c) => acc + c.customersShare, 0) || 1;
  const ax = aX / totalCustomers;
  const bx = bX / totalCustomers;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'pareto', role: 'img', 'aria-label': `${t('paretoTitle')}: ${t('paretoPoint', { x: fmt.pct0(ax), y: fmt.pct0(at(ax)) })}` },
    // Class zones.
    s('rect', { x: X(0), y: m.t, width: X(ax) - X(0), height: H - m.t - m.b, fill: ABC_COLORS.A, opacity: 0.08 }),
    s('rect', { x: X(ax), y: m.t, width: X(bx) - X(ax), height: H - m.t - m.b, fill: ABC_COLORS.B, opacity: 0.1 }),
    s('rect', { x: X(bx), y: m.t, width: X(1) - X(bx), height: H - m.t - m.b, fill: ABC_COLORS.C, opacity: 0.2 }),
    // Grid and axes.
    [0, 0.25, 0.5, 0.75, 1].map((v) => [
      s('line', { x1: X(0), x2: X(1), y1: Y(v), y2: Y(v), class: 'grid' }),
      s('text', { x: m.l - 6, y: Y(v) + 4, 'text-anchor': 'end', class: 'tick' }, fmt.pct0(v)),
      s('text', { x: X(v), y: H - m.b + 16, 'text-anchor': 'middle', class: 'tick' }, fmt.pct0(v)),
    ]),
    s('line', { x1: X(0), y1: Y(0), x2: X(1), y2: Y(1), class: 'diag' }),
    s('path', { d: area, class: 'area' }),
    s('path', { d: line, class: 'curve' }),
    s('circle', { cx: X(ax), cy: Y(at(ax)), r: 4, class: 'marker' }),
    s(
      'text',
      { x: X(ax) + 8, y: Y(at(ax)) + 14, class: 'callout' },
      t('paretoPoint', { x: fmt.pct0(ax), y: fmt.pct0(at(ax)) }),
    ),
    ['A', 'B', 'C'].map((k, i) => {
      const x0 = [0, ax, bx][i];
      const x1 = [ax, bx, 1][i];
      return x1 - x0 > 0.04
        ? s('text', { x: (X(x0) + X(x1)) / 2, y: m.t + 14, 'text-anchor': 'middle', class: 'zone' }, k)
        : null;
    }),
    s('text', { x: (X(0) + X(1)) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis-label' }, t('paretoX')),
  );
  const rows = [];
  for (let p = 1; p <= 10; p++) rows.push([fmt.pct0(p / 10), fmt.pct(at(p / 10))]);
  const view = h(
    'div',
    {},
    tableView(t('tableView'), [t('paretoTableClients'), t('paretoTableRevenue')], rows, { numeric: [true, true] }),
    tableView(
      `${t('tableView')}: ABC`,
      [t('abcClass'), t('colClients'), t('colClientsShare'), t('colRevenue'), t('colRevenueShare')],
      summary.abc.map((c) => [c.name, fmt.int(c.customers), fmt.pct(c.customersShare), fmt.money0(c.revenue), fmt.pct(c.revenueShare)]),
      { numeric: [false, true, true, true, true] },
    ),
  );
  return chartBox(t('paretoTitle'), svg, view);
}

/** The ABC×XYZ matrix (plus a column for clients with too short a history). */
export function abcXyzMatrix(summary, { fmt }) {
  const cells = new Map(summary.abcXyz.map((c) => [c.cell, c]));
  const maxRev = Math.max(1, ...summary.abcXyz.map((c) => c.revenue));
  const cols = ['X', 'Y', 'Z', '-'];
  const table = h(
    'table',
    { class: 'matrix' },
    h('thead', {}, h('tr', {}, h('td', {}), cols.map((c) => h('th', { scope: 'col' }, c === '-' ? t('matrixNoHistory') : c)))),
    h(
      'tbody',
      {},
      ['A', 'B', 'C'].map((a) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, a),
          cols.map((x) => {
            const c = cells.get(a + x) || { cell: a + x, name: '', description: '', customers: 0, revenue: 0 };
            return h(
              'td',
              {
                class: `mx${x === '-' ? ' nohist' : ''}`,
                style: c.customers ? heat(Math.sqrt(Math.max(0, c.revenue) / maxRev)) : null,
                title: c.description,
              },
              h('span', { class: 'mx-count' }, fmt.int(c.customers)),
              h('span', { class: 'mx-name' }, c.name),
              c.customers ? h('span', { class: 'mx-rev' }, fmt.compact(c.revenue)) : null,
            );
          }),
        ),
      ),
    ),
  );
  const view = tableView(
    t('tableView'),
    [t('matrixCell'), t('matrixName'), t('colClients'), t('colRevenue'), t('matrixDescription')],
    summary.abcXyz.map((c) => [c.cell, c.name, fmt.int(c.customers), fmt.money0(c.revenue), c.description]),
    { numeric: [false, false, true, true, false] },
  );
  return chartBox(t('matrixTitle'), h('div', { class: 'table-scroll' }, table), view);
}

/** A list of horizontal bars (clients per label) with revenue shares. */
export function barList(title, items, { fmt, colors, onSelect, nameOf }) {
  const max = Math.max(1, ...items.map((x) => x.customers));
  const total = items.reduce((a, x) => a + x.customers, 0) || 1;
  const rows = items.map((x, i) => {
    const name = nameOf ? nameOf(x) : x.name;
    const inner = [
      h('span', { class: 'bl-name' }, name),
      h(
        'span',
        { class: 'bl-track' },
        h('span', { class: 'bl-bar', style: { width: `${(x.customers / max) * 100}%`, background: colors?.[x.key] || PALETTE[i % PALETTE.length] } }),
      ),
      h('span', { class: 'bl-val' }, fmt.int(x.customers), h('small', {}, ` ${fmt.pct0(x.customers / total)}`)),
      h('span', { class: 'bl-rev muted' }, fmt.pct(x.revenueShare)),
    ];
    return onSelect
      ? h('button', { type: 'button', class: 'bl-row', onclick: () => onSelect(x), 'aria-label': `${name}: ${fmt.int(x.customers)}, ${t('revenueShare')} ${fmt.pct(x.revenueShare)}` }, inner)
      : h('div', { class: 'bl-row' }, inner);
  });
  const head = h(
    'div',
    { class: 'bl-row bl-head muted small', 'aria-hidden': 'true' },
    h('span', {}),
    h('span', {}),
    h('span', { class: 'bl-val' }, t('colClients')),
    h('span', { class: 'bl-rev' }, t('revenueShare')),
  );
  const view = tableView(
    t('tableView'),
    [t('colName'), t('colClients'), t('colClientsShare'), t('colRevenue'), t('colRevenueShare')],
    items.map((x) => [nameOf ? nameOf(x) : x.name, fmt.int(x.customers), fmt.pct(x.customersShare), fmt.money0(x.revenue), fmt.pct(x.revenueShare)]),
    { numeric: [false, true, true, true, true] },
  );
  return chartBox(title, h('div', { class: 'bar-list' }, head, rows), view);
}

export const COLORS = { stage: STAGE_COLORS, xyz: XYZ_COLORS, abc: ABC_COLORS };
