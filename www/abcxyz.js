// The ABC/XYZ section (#abcxyz): the Pareto curve of revenue, the ABC×XYZ matrix and the
// regularity (XYZ) bars.
import { get } from './store.js';
import { clear, $ } from './dom.js';
import { t } from './i18n.js';
import * as charts from './charts.js';

export function renderAbc() {
  const { summary, columns } = get('result');
  const fmt = get('fmt');
  clear($('#pareto')).append(charts.pareto(columns, summary, { fmt }));
  clear($('#matrix')).append(charts.abcXyzMatrix(summary, { fmt }));
  const names = t('xyzNames');
  clear($('#xyz-bars')).append(
    charts.barList(t('xyzTitle'), summary.xyz, { fmt, colors: charts.COLORS.xyz, nameOf: (x) => names[x.key] || x.name }),
  );
}
