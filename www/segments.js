// The segments section (#segments): the segment bars, the R×F grid (a cell shows its
// clients), the summary table with downloads, and the rule segments of the settings.
import { get } from './store.js';
import { h, clear, $ } from './dom.js';
import { t } from './i18n.js';
import * as charts from './charts.js';
import { segmentRuleByKey } from './rules.js';
import { filterSegment, showOnly, applyRuleFilter, goToClients } from './clients.js';
import { exportCsv, exportXlsx } from './exports.js';

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
                h('th', { scope: 'row', translate: 'no' }, rule ? h('button', { type: 'button', class: 'linkish', onclick: () => { applyRuleFilter(rule, x.name); goToClients(); } }, x.name) : x.name),
                h('td', {}, h('code', { translate: 'no' }, rule || '')),
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

export function renderSegments() {
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
  renderDataChecks(summary, fmt);
  renderRuleSegments(summary, fmt);
}

/** What is empty on this data or contradicts between criteria: why, and what would change it. */
function renderDataChecks(summary, fmt) {
  const box = clear($('#data-checks'));
  const checks = summary.dataChecks || [];
  if (!checks.length) {
    box.append(h('p', { class: 'ok-line' }, `✓ ${t('dataChecksClean')}`));
    return;
  }
  const problems = checks.filter((c) => c.clients > 0).length;
  box.append(
    h('h3', {}, t('dataChecksTitle')),
    h('p', { class: 'muted small' }, problems ? t('dataChecksProblems') : t('dataChecksEmptyOnly')),
    h(
      'ul',
      { class: 'data-checks' },
      checks.map((c) =>
        h(
          'li',
          { dataset: { kind: c.kind, key: c.key }, class: c.clients > 0 ? 'problem' : 'empty' },
          h('span', {}, c.message),
          ' ',
          h('span', { class: 'muted' }, c.remedy),
          c.option ? h('code', { class: 'option', translate: 'no' }, ` ${c.option}`) : null,
        ),
      ),
    ),
  );
}
