// The overview (#overview): the key figures, then three answers: where the revenue comes
// from, who is slipping away, and what to do first.
import { get } from './store.js';
import { h, clear, $ } from './dom.js';
import { t, count } from './i18n.js';
import { riskRule } from './rules.js';
import { filterSegment, applyRuleFilter, goToClients } from './clients.js';
import { exportCsv, exportXlsx } from './exports.js';

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
    h('p', {}, h('a', { href: '#plan' }, t('insightAction', { groups: count('group', segs.filter((x) => x.action).length, fmt) }))),
  );
}

export function renderOverview() {
  const { summary, segColorByKey: colors } = get('result');
  const fmt = get('fmt');
  const body = $('#overview-body');
  clear(body);
  body.append(kpis(summary, fmt));
  const segs = summary.segments.filter((x) => x.customers > 0);
  body.append(h('div', { class: 'insights' }, revenueCard(summary, segs, colors, fmt), riskCard(summary, segs, colors, fmt), actionCard(summary, segs, fmt)));
}
