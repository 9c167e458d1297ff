// The data quality section (#quality): how the file was read, the rows accepted, rejected
// and excluded, whether the amounts reconcile, the issues found and the warnings; with an
// events table, what became of its rows and who viewed, carted or clicked without buying.
import { get } from './store.js';
import { h, clear, $ } from './dom.js';
import { t, count } from './i18n.js';
import { exportCsv } from './exports.js';
import { fixText } from './messages.js';
import { lineLabel, sheetLine } from './workbook.js';

export function renderQuality() {
  const { audit, summary, fixes, elapsed, ranges, origin, eventsAudit } = get('result');
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
    if (eventsAudit) body.append(eventsBlock(eventsAudit, summary.behaviour, fmt));
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
  if (eventsAudit) body.append(eventsBlock(eventsAudit, summary.behaviour, fmt));
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

/**
 * The events table: its rows accepted and rejected (with the first lines and reasons),
 * the events by kind, the visitors found in neither the orders nor the clients table, and
 * the clients who viewed, carted or clicked without buying in the window.
 */
function eventsBlock(a, b, fmt) {
  const out = h('div', { id: 'events-quality', class: 'events-quality' }, h('h3', {}, t('eventsTitle')));
  out.append(
    h(
      'p',
      { class: a.rejected ? 'bad-line' : 'ok-line' },
      `${a.rejected ? '✗' : '✓'} ${t('eventsRows', { rows: fmt.int(a.rows), accepted: fmt.int(a.accepted), rejected: fmt.int(a.rejected), clients: fmt.int(a.clients) })}`,
    ),
  );
  if (a.unknownClient) {
    const examples = a.unknownClientExamples.slice(0, 3).join(', ');
    out.append(h('p', { class: 'muted small' }, t('eventsUnknown', { count: fmt.int(a.unknownClient), examples })));
  }
  if (a.rejectedRows.length) {
    out.append(h('ul', { class: 'warnings' }, a.rejectedRows.slice(0, 5).map((r) => h('li', {}, `${t('lineN', { n: fmt.int(r.line) })}: ${r.text}`))));
  }
  if (b) {
    const kinds = b.events.map((k) => `${k.name} ${fmt.int(k.count)}`).join(', ');
    out.append(
      h(
        'p',
        {},
        t('eventsBehaviour', {
          days: fmt.int(b.windowDays),
          kinds: kinds || '—',
          viewed: fmt.int(b.viewedWithoutOrder),
          carts: fmt.int(b.abandonedCarts),
          clicked: fmt.int(b.clickedWithoutOrder),
        }),
      ),
    );
  }
  return out;
}
