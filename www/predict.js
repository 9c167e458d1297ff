// The predictive-value section (#predict): what the purchase and order-value models say
// about the clients. What keeps the data from supporting the models comes first (then no
// figures are shown); then the headline figures, the P(alive) histogram, the backtest
// against the held-out months, the CLV of each RFM segment or lifecycle stage and the
// fitted parameters. The data is the worker's (predict-data.js), in `result.clv`. Owns
// the slice `clvGroups`: which groups the CLV table shows ('segment' | 'lifecycle').
import { get, own } from './store.js';
import { h, s, clear, $, tableView } from './dom.js';
import { t, count } from './i18n.js';
import * as charts from './charts.js';
import { filterSegment, showOnly, goToClients } from './clients.js';
import { splitModelNames } from './predict-data.js';

const mine = own('predict', { clvGroups: 'segment' });

/** The fits' names: proper names, never translated (the spend model's has a Russian form). */
const MODEL_NAMES = { mbgnbd: 'MBG/NBD', bgnbd: 'BG/NBD', paretoNbd: 'Pareto/NBD' };
/** Parameter names as written in the models' papers. */
const PARAM_NAMES = { r: 'r', alpha: 'α', a: 'a', b: 'b', s: 's', beta: 'β', p: 'p', q: 'q', gamma: 'γ' };
/** The backtest's highest calibration frequency stands for "this many or more". */
const TOP_FREQUENCY = 7;

/** A model's name as data (kept as written in any language). */
const modelName = (key) => h('span', { class: 'model-name', translate: 'no' }, MODEL_NAMES[key]);

/** A text of the module's with the models' names in it marked as data. */
const withModelNames = (text) =>
  splitModelNames(text).map((x, i) => (i % 2 ? h('span', { class: 'model-name', translate: 'no' }, x) : x));

/** Draws the section from the current result. */
export function renderPredict() {
  const { clv } = get('result');
  const fmt = get('fmt');
  const section = $('#predict');
  const body = clear($('#predict-body'));
  $('#predict-intro').textContent = clv ? t('predictIntro', { months: clv.horizonMonths, discount: fmt.pct(clv.discount) }) : '';
  if (!clv) {
    section.dataset.state = 'off';
    body.append(h('p', { class: 'muted' }, t('predictOff')));
    return;
  }
  const blocking = clv.limits.filter((l) => l.blocking);
  if (blocking.length) {
    section.dataset.state = 'blocked';
    body.append(blockedBox(t('predictBlocked'), t('predictBlockedHint'), blocking));
    return;
  }
  section.dataset.state = 'ready';
  const parts = [
    cautions(clv.limits),
    kpis(clv, fmt),
    h('div', { class: 'two-col' }, histogram(clv.histogram, fmt), backtest(clv, fmt)),
    h('div', { id: 'predict-groups' }, groups(clv, fmt)),
    parameters(clv, fmt),
  ];
  body.append(...parts.filter(Boolean));
}

/** Why there are no numbers: a title, a hint and each blocking limit's reason. */
function blockedBox(title, hint, limits) {
  return h(
    'div',
    { class: 'banner warn predict-blocked', role: 'note' },
    h('p', { class: 'predict-blocked-title' }, title),
    hint ? h('p', { class: 'predict-blocked-hint' }, hint) : null,
    h('ul', {}, limits.map((l) => h('li', { dataset: { limit: l.key } }, withModelNames(l.message)))),
  );
}

/** The limits that do not block the models, as notes; null when there are none. */
function cautions(limits) {
  const notes = limits.filter((l) => !l.blocking);
  if (!notes.length) return null;
  return h(
    'div',
    { class: 'predict-notes', role: 'note' },
    h('p', { class: 'small' }, t('predictCautions')),
    h('ul', { class: 'warnings' }, notes.map((l) => h('li', { dataset: { limit: l.key } }, withModelNames(l.message)))),
  );
}

/** The headline tiles: clients predicted, mean P(alive), total CLV, expected purchases. */
function kpis(clv, fmt) {
  const n = clv.predicted;
  const months = clv.horizonMonths;
  const kpi = (key, label, value, sub) =>
    h(
      'div',
      { class: 'kpi', dataset: { kpi: key } },
      h('span', { class: 'kpi-label' }, label),
      h('span', { class: 'kpi-value' }, value),
      h('span', { class: 'kpi-sub muted' }, sub),
    );
  return h(
    'div',
    { class: 'kpis' },
    kpi('clients', t('predictClients'), fmt.int(n), t('predictClientsSub', { repeat: fmt.int(clv.repeatBuyers) })),
    kpi('alive', t('predictAlive'), fmt.pct(clv.meanPAlive), t('predictAliveSub', { alive: count('client', Math.round(clv.alive), fmt) })),
    kpi('total', t('predictTotal', { months }), fmt.money0(clv.totalClv), t('predictTotalSub', { mean: fmt.money(n ? clv.totalClv / n : NaN) })),
    kpi('purchases', t('predictPurchases', { months }), fmt.int(clv.totalPurchases), t('predictPurchasesSub', { mean: fmt.dec2(n ? clv.totalPurchases / n : NaN) })),
  );
}

/** The smallest of 1, 2, 5 × 10^k at or above `x`: the top of a chart's axis. */
function niceMax(x) {
  if (!(x > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(x));
  return [1, 2, 5, 10].find((k) => k * p >= x) * p;
}

/** A figure with its caption, the chart and its data as a table. */
function figure(title, chart, view, cls) {
  return h('figure', { class: `chart ${cls}` }, h('figcaption', {}, title), chart, view);
}

/** The plot area of the section's SVG charts: width, height, margins and the y axis. */
const PLOT = { W: 420, H: 240, l: 50, r: 10, t: 12, b: 44 };
const plotY = (max) => (v) => PLOT.H - PLOT.b - (v / max) * (PLOT.H - PLOT.t - PLOT.b);

/** Horizontal grid lines with their labels at 0, ½ and the top of the axis. */
function yGrid(max, Y, label) {
  return [0, max / 2, max].map((v) => [
    s('line', { x1: PLOT.l, x2: PLOT.W - PLOT.r, y1: Y(v), y2: Y(v), class: 'grid' }),
    s('text', { x: PLOT.l - 6, y: Y(v) + 4, 'text-anchor': 'end', class: 'tick' }, label(v)),
  ]);
}

/** The P(alive) histogram: clients per tenth of the probability, as SVG bars. */
function histogram(bins, fmt) {
  const max = niceMax(Math.max(1, ...bins));
  const Y = plotY(max);
  const bw = (PLOT.W - PLOT.l - PLOT.r) / bins.length;
  const total = bins.reduce((a, n) => a + n, 0) || 1;
  const range = (i) => `${fmt.int(i * 10)}–${fmt.pct0((i + 1) / bins.length)}`;
  const svg = s(
    'svg',
    {
      viewBox: `0 0 ${PLOT.W} ${PLOT.H}`,
      class: 'predict-chart hist',
      role: 'img',
      'aria-label': t('histAria', { bins: bins.map((n, i) => `${range(i)}: ${fmt.int(n)}`).join('; ') }),
    },
    yGrid(max, Y, (v) => fmt.int(v)),
    bins.map((n, i) =>
      s(
        'rect',
        { class: 'hist-bar', x: PLOT.l + i * bw + 2, y: Y(n), width: bw - 4, height: Y(0) - Y(n), dataset: { bin: i, count: n } },
        s('title', {}, `${range(i)}: ${count('client', n, fmt)}`),
      ),
    ),
    Array.from({ length: bins.length + 1 }, (_, i) =>
      s('text', { x: PLOT.l + i * bw, y: PLOT.H - PLOT.b + 16, 'text-anchor': 'middle', class: 'tick' }, i === bins.length ? fmt.pct0(1) : fmt.int(i * 10)),
    ),
    s('text', { x: (PLOT.l + PLOT.W - PLOT.r) / 2, y: PLOT.H - 8, 'text-anchor': 'middle', class: 'axis-label' }, t('histX')),
  );
  const view = tableView(
    t('tableView'),
    [t('colProbability'), t('colClients'), t('colClientsShare')],
    bins.map((n, i) => [range(i), fmt.int(n), fmt.pct(n / total)]),
    { numeric: [false, true, true] },
  );
  return figure(t('histTitle'), svg, view, 'predict-hist');
}

/** The backtest: its chart and sentence, or why there is none. */
function backtest(clv, fmt) {
  const bt = clv.backtest;
  const title = t('backtestTitle');
  const box = (...children) => h('div', { class: 'predict-backtest', id: 'predict-backtest' }, children);
  if (!bt) {
    const why = clv.backtestFailure ? withModelNames(t('backtestFailed', { reason: clv.backtestFailure.message })) : t('backtestNone');
    return box(h('h3', { class: 'chart-title' }, title), h('p', { class: 'muted' }, why));
  }
  const blocking = bt.limits.filter((l) => l.blocking);
  if (blocking.length || !bt.byFrequency.length) {
    return box(h('h3', { class: 'chart-title' }, title), blockedBox(t('backtestBlocked'), null, blocking));
  }
  const sentence = t('backtestSentence', {
    calibrationEnd: fmt.date(bt.calibrationEnd),
    holdoutEnd: fmt.date(bt.holdoutEnd),
    clients: count('client', bt.clients, fmt),
    predicted: fmt.int(bt.predicted),
    actual: fmt.int(bt.actual),
    correlation: fmt.dec2(bt.correlation),
    mae: fmt.dec2(bt.meanAbsoluteError),
  });
  return box(backtestChart(bt, fmt, h('p', { class: 'backtest-sentence' }, sentence)), cautions(bt.limits));
}

/**
 * Mean predicted and actual holdout purchases by calibration frequency, grouped SVG bars,
 * with `sentence` under them and the data table last.
 */
function backtestChart(bt, fmt, sentence) {
  const rows = bt.byFrequency;
  const max = niceMax(Math.max(0.1, ...rows.flatMap((r) => [r.predicted, r.actual])));
  const Y = plotY(max);
  const gw = (PLOT.W - PLOT.l - PLOT.r) / rows.length;
  const bw = Math.max(2, (gw - 8) / 2);
  const label = (f) => (f >= TOP_FREQUENCY ? `${TOP_FREQUENCY}+` : String(f));
  const bar = (cls, x, v, what) =>
    s('rect', { class: cls, x, y: Y(v), width: bw, height: Y(0) - Y(v) }, s('title', {}, `${what}: ${fmt.dec2(v)}`));
  const groupText = (r) => t('backtestGroup', { f: label(r.frequency), predicted: fmt.dec2(r.predicted), actual: fmt.dec2(r.actual) });
  const svg = s(
    'svg',
    {
      viewBox: `0 0 ${PLOT.W} ${PLOT.H}`,
      class: 'predict-chart backtest',
      role: 'img',
      'aria-label': t('backtestAria', { groups: rows.map(groupText).join('; ') }),
    },
    yGrid(max, Y, (v) => fmt.dec1(v)),
    rows.map((r, i) => {
      const x0 = PLOT.l + i * gw + 4;
      return s(
        'g',
        { class: 'bt-group', dataset: { frequency: r.frequency, clients: r.clients } },
        bar('bt-predicted', x0, r.predicted, t('backtestPredicted')),
        bar('bt-actual', x0 + bw, r.actual, t('backtestActual')),
        s('text', { x: x0 + bw, y: PLOT.H - PLOT.b + 16, 'text-anchor': 'middle', class: 'tick' }, label(r.frequency)),
      );
    }),
    s('text', { x: (PLOT.l + PLOT.W - PLOT.r) / 2, y: PLOT.H - 8, 'text-anchor': 'middle', class: 'axis-label' }, t('backtestX')),
  );
  const legend = h(
    'div',
    { class: 'legend', 'aria-hidden': 'true' },
    h('span', {}, h('i', { class: 'sw bt-predicted' }), t('backtestPredicted')),
    h('span', {}, h('i', { class: 'sw bt-actual' }), t('backtestActual')),
  );
  const view = tableView(
    t('tableView'),
    [t('colRepeat'), t('colClients'), t('colPredictedMean'), t('colActualMean')],
    rows.map((r) => [label(r.frequency), fmt.int(r.clients), fmt.dec2(r.predicted), fmt.dec2(r.actual)]),
    { numeric: [false, true, true, true] },
  );
  return figure(t('backtestTitle'), h('div', {}, legend, h('p', { class: 'muted small chart-axis' }, t('backtestY')), svg, sentence), view, 'predict-bt');
}

/** The CLV of each RFM segment or lifecycle stage: a switch, then a table with bars. */
function groups(clv, fmt) {
  const by = get('clvGroups');
  const items = clv.groups[by] || [];
  const { segColorByKey } = get('result');
  const color = (key) => (by === 'segment' ? segColorByKey[key] : charts.COLORS.stage[key === 'newClient' ? 'new' : key]) || '#225ea8';
  const maxShare = Math.max(0.0001, ...items.map((g) => g.share));
  const select = (g) => {
    if (by === 'segment') filterSegment(g.key);
    else {
      showOnly({ lifecycle: get('result').columns.lifecycleKeys.indexOf(g.key) });
      goToClients();
    }
  };
  const choice = (value, label) =>
    h(
      'label',
      { class: 'radio' },
      h('input', {
        type: 'radio',
        name: 'predict-groups',
        value,
        checked: by === value,
        onchange: () => {
          mine.set('clvGroups', value);
          clear($('#predict-groups')).append(groups(get('result').clv, get('fmt')));
          $(`#predict-groups input[value="${value}"]`)?.focus();
        },
      }),
      h('span', {}, label),
    );
  const table = h(
    'table',
    { class: 'data predict-groups-table', dataset: { by } },
    h('caption', { class: 'visually-hidden' }, t('groupsTitle')),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [by === 'segment' ? t('colSegment') : t('colStage'), t('colClients'), t('colMeanPAlive'), t('colMeanClv'), t('colTotalClv'), t('colClvShare')].map((x, i) =>
          h('th', { scope: 'col', class: i ? 'num' : null }, x),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      items.map((g) =>
        h(
          'tr',
          { dataset: { key: g.key } },
          h(
            'th',
            { scope: 'row' },
            h('button', { type: 'button', class: 'linkish', onclick: () => select(g) }, h('i', { class: 'dot', style: { background: color(g.key) } }), g.name),
          ),
          h('td', { class: 'num' }, fmt.int(g.customers)),
          h('td', { class: 'num' }, fmt.pct(g.pAlive)),
          h('td', { class: 'num' }, fmt.money(g.clv)),
          h('td', { class: 'num total' }, fmt.money0(g.total)),
          h(
            'td',
            { class: 'num share' },
            h(
              'div',
              { class: 'share-cell' },
              h('span', { class: 'clv-share', 'aria-hidden': 'true' }, h('span', { class: 'clv-bar', style: { width: `${(g.share / maxShare) * 100}%`, background: color(g.key) } })),
              h('span', { class: 'clv-share-val' }, fmt.pct(g.share)),
            ),
          ),
        ),
      ),
    ),
  );
  return h(
    'figure',
    { class: 'chart predict-groups', 'aria-labelledby': 'predict-groups-title' },
    h('figcaption', { id: 'predict-groups-title' }, t('groupsTitle')),
    h('div', { class: 'radios', role: 'radiogroup', 'aria-label': t('groupsBy') }, choice('segment', t('groupsBySegment')), choice('lifecycle', t('groupsByLifecycle'))),
    h('div', { class: 'table-scroll' }, table),
  );
}

/** The fitted models' parameters with their standard errors, folded away. */
function parameters(clv, fmt) {
  const fits = [...['mbgnbd', 'bgnbd', 'paretoNbd'].map((k) => [k, clv[k]]), ['gammaGamma', clv.gammaGamma]].filter(([, f]) => f);
  if (!fits.length) return null;
  const name = (key) => (key === 'gammaGamma' ? t('modelSpend') : modelName(key));
  const rows = [];
  for (const [key, fit] of fits) {
    Object.entries(fit.model).forEach(([p, v], i) => {
      rows.push([i ? '' : name(key), h('span', { translate: 'no' }, PARAM_NAMES[p] || p), fmt.sig4(v), fmt.sig4(fit.standardErrors?.[i])]);
    });
  }
  const [before, after] = t('paramsHint', { unit: t(`unit_${clv.unit}`), correlation: fmt.dec2(clv.frequencyValueCorrelation) }).split('{purchases}');
  const quality = fits.map(([key, fit]) =>
    h('li', {}, name(key), ': ', t('paramsFit', { ll: fmt.int(fit.lnLikelihood), converged: t(fit.converged ? 'paramsConverged' : 'paramsNotConverged') })),
  );
  return h(
    'details',
    { class: 'predict-params' },
    h('summary', {}, t('paramsTitle')),
    h('p', { class: 'muted small' }, before, modelName(clv.model), after ?? ''),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data' },
        h('thead', {}, h('tr', {}, [t('colModel'), t('colParameter'), t('colEstimate'), t('colStdError')].map((x, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null }, x)))),
        h('tbody', {}, rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r[0]), h('td', {}, r[1]), h('td', { class: 'num' }, r[2]), h('td', { class: 'num' }, r[3])))),
      ),
    ),
    h('ul', { class: 'muted small' }, quality),
  );
}
