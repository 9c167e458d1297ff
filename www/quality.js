// The data quality section (#quality): how the file was read, the rows accepted, rejected
// and excluded, whether the amounts reconcile, the issues found and the warnings.
import { get } from './store.js';
import { h, clear, $ } from './dom.js';
import { t, count } from './i18n.js';
import { exportCsv } from './exports.js';
import { fixText } from './messages.js';
import { lineLabel, sheetLine } from './workbook.js';

export function renderQuality() {
  const { audit, summary, fixes, elapsed, ranges, origin } = get('result');
  // Lines of the source the result was read from: a workbook's are the sheet's rows.
  const source = origin?.source;
  const fmt = get('fmt');
  const body = $('#quality-body');
  clear(body);
  document.documentElement.dataset.ranges = String(ranges || 1);
  const seconds = fmt.dec2(elapsed / 1000);
  body.append(
    h('p', { class: 'read-line' }, ranges > 1 ? t('readOnWorkers', { seconds, workers: count('inWorkers', ranges, fmt) }) : t('readByOne', { seconds })),
  );
  const bad = audit.rowsRejected > 0;
  const order = { rejected: 0, excluded: 1, flagged: 2 };
  const issues = audit.issues.slice().sort((a, b) => order[a.disposition] - order[b.disposition] || b.count - a.count);
  const clean = !bad && !audit.rowsExcluded && audit.reconciled && !summary.warnings.length && !(fixes || []).length;
  $('#quality').classList.toggle('compact', clean);
  if (clean) {
    // Nothing to fix: one line, with the flagged rows (returns, outliers) a click away.
    body.append(
      h(
        'p',
        { class: 'ok-line' },
        `✓ ${t('qualityAllGood', { rows: count('row', audit.rowsRead, fmt), amount: fmt.money(audit.fileAmount) })}`,
      ),
    );
    if (issues.length) body.append(issuesDetails(issues, fmt, source));
    return;
  }
  if (bad) body.append(h('p', { class: 'banner error', role: 'alert' }, t('rejectedBanner', { rows: count('row', audit.rowsRejected, fmt) })));
  const tile = (label, value, cls) => h('div', { class: `stat ${cls || ''}` }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value));
  body.append(
    h(
      'div',
      { class: 'stats' },
      tile(t('rowsRead'), fmt.int(audit.rowsRead)),
      tile(t('rowsAccepted'), fmt.int(audit.rowsAccepted), 'good'),
      tile(t('rowsRejected'), fmt.int(audit.rowsRejected), audit.rowsRejected ? 'bad' : ''),
      tile(t('rowsExcluded'), fmt.int(audit.rowsExcluded), audit.rowsExcluded ? 'warn' : ''),
      tile(t('fileAmount'), fmt.money(audit.fileAmount)),
    ),
    h('p', { class: audit.reconciled ? 'ok-line' : 'bad-line' }, audit.reconciled ? `✓ ${t('qualityReconciled')}` : `✗ ${t('qualityNotReconciled')}`),
  );
  for (const f of fixes || []) body.append(h('p', { class: 'banner warn' }, fixText(f)));
  if (issues.length) {
    if (bad || audit.rowsExcluded) body.append(h('h3', {}, t('issuesTitle')), issuesTable(issues, fmt, source));
    else body.append(issuesDetails(issues, fmt, source));
  } else {
    body.append(h('p', { class: 'ok-line' }, `✓ ${t('qualityClean')}`));
  }
  if (audit.rowsRejected > 0) {
    body.append(
      h('button', { type: 'button', class: 'btn', id: 'download-rejected', onclick: () => exportCsv('rejected', null, 'segmenta-rejected') }, t('downloadRejected')),
    );
  }
  if (summary.warnings.length) {
    body.append(
      h('h3', {}, t('warningsTitle')),
      h('ul', { class: 'warnings' }, summary.warnings.map((w) => h('li', { dataset: { kind: w.kind } }, w.line ? `${lineLabel(w.line, source)}: ` : '', w.message))),
    );
  }
}

function issuesDetails(issues, fmt, source) {
  const flagged = issues.map((g) => `${g.description} (${fmt.int(g.count)})`).join('; ');
  return h('details', { class: 'issues-details' }, h('summary', {}, `${t('flaggedTitle')}: ${flagged}`), issuesTable(issues, fmt, source));
}

function issuesTable(issues, fmt, source) {
  const table = h(
    'table',
    { class: 'data issues' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [t('issueCause'), t('issueDisposition'), t('issueCount'), t('issueAmount'), t(source?.workbook ? 'issueExamplesRows' : 'issueExamples')].map((x, i) =>
          h('th', { scope: 'col', class: i === 2 || i === 3 ? 'num' : null }, x),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      issues.map((g) =>
        h(
          'tr',
          { class: `disp-${g.disposition}`, dataset: { kind: g.kind } },
          h('th', { scope: 'row' }, g.description),
          h('td', {}, h('span', { class: `pill ${g.disposition}` }, t(`disposition_${g.disposition}`))),
          h('td', { class: 'num' }, fmt.int(g.count)),
          h('td', { class: 'num' }, g.amount ? fmt.money(g.amount) : '—'),
          h(
            'td',
            { class: 'examples', translate: 'no' },
            g.examples.slice(0, 4).map((x) =>
              h('span', { class: 'example' }, x.line ? h('b', {}, `${fmt.int(sheetLine(x.line, source))}: `) : null, `${x.value || '∅'}`, x.detail ? h('span', { class: 'muted' }, ` (${x.detail})`) : null),
            ),
          ),
        ),
      ),
    ),
  );
  return h('div', { class: 'table-scroll' }, table);
}
