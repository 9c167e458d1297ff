// The lifecycle section (#lifecycle): clients by stage (a bar shows its clients), value
// tiers, points tiers and the funnel from leads to loyal regulars.
import { get } from './store.js';
import { clear, $ } from './dom.js';
import { t } from './i18n.js';
import * as charts from './charts.js';
import { showOnly, goToClients } from './clients.js';

export function renderLifecycle() {
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
    charts.barList(t('funnelTitle'), summary.funnel, { fmt, colors: { coldLead: '#d9d9d9', warmLead: '#fdae61', customer: '#41b6c4', regularCustomer: '#225ea8', lostLead: '#d6604d' } }),
  );
}
