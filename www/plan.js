// The action plan (#plan): one card per segment with clients, in the order of its
// action's priority, and one per kind of lead; each shows its clients or downloads them.
import { get } from './store.js';
import { h, clear, $ } from './dom.js';
import { t, count } from './i18n.js';
import { segmentRuleByKey } from './rules.js';
import { filterSegment, applyRuleFilter, goToClients } from './clients.js';
import { exportCsv, exportXlsx } from './exports.js';

export function renderPlan() {
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
    const play = { warmLead: 'callLead', coldLead: 'nurture' }[f.key];
    const action = summary.actions.find((a) => a.key === play) ?? summary.actions.find((a) => a.key === f.key);
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
