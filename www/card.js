// The client card (#client-card): one client's name, figures, next action, contacts and
// clients-table cells (the module's profileRow(), through the worker's details) and why
// each label was given (its explainRow()), in a modal dialog.
import { get } from './store.js';
import { h, clear, $, tableView } from './dom.js';
import { t, count } from './i18n.js';
import { ask } from './worker-client.js';
import { showMessage, errorText } from './messages.js';
import { mark, markOf } from './marks.js';
import { splitModelNames } from './predict-data.js';

/** Opens the card of `row`; focus goes back to `opener` when it closes. */
export async function openCard(row, opener) {
  if (!(await fillCard(row))) return;
  const dlg = $('#client-card');
  dlg.returnFocus = opener;
  dlg.showModal();
  $('#card-close').focus();
}

/** Draws the card of `row` from the current report; false when there is nothing to show. */
async function fillCard(row) {
  const { reportId } = get('result');
  let ex;
  let details;
  try {
    [ex, details] = await Promise.all([ask('explain', { reportId, row }), ask('details', { reportId, row })]);
  } catch (e) {
    if (e.kind !== 'stale') showMessage(errorText(e), 'error');
    return false;
  }
  if (!ex) return false;
  const id = get('result').ids[row];
  $('#card-title').textContent = details?.name ? `${details.name} · ${id}` : id;
  $('#card-title').setAttribute('translate', 'no');
  const body = clear($('#card-body'));
  body.append(...cardContent(row, ex, details).filter(Boolean));
  return true;
}

/**
 * The client's tags and manual segments (those set by hand outlined), each with a button
 * that takes it away, and a form that adds one; the card is drawn again from the new report.
 */
function marksSection(row, ex) {
  const id = get('result').ids[row];
  const marks = ex.marks || [];
  const kindName = (k) => t(k === 'segment' ? 'markKindSegment' : 'markKindTag');
  const source = { table: t('markTable'), manual: t('markManual') };
  const redraw = async (m, remove) => {
    if (await mark([id], m, remove)) await fillCard(row);
  };
  const chips = marks.map((m) =>
    h(
      'span',
      { class: 'chip card-mark', dataset: { kind: m.kind, mark: m.name, source: m.source }, title: `${kindName(m.kind)}, ${source[m.source]}` },
      h('span', { class: 'muted' }, `${kindName(m.kind)}:`),
      ' ',
      h('span', { translate: 'no' }, m.name),
      h('button', { type: 'button', class: 'chip-x', 'aria-label': t('markRemove', { name: m.name }), onclick: () => redraw(markOf(m.kind, m.name), true) }, '✕'),
    ),
  );
  const kind = h('select', { id: 'card-mark-kind' }, h('option', { value: 'tag' }, t('markKindTag')), h('option', { value: 'segment' }, t('markKindSegment')));
  const text = h('input', { type: 'text', id: 'card-mark-text', placeholder: t('markPlaceholder'), autocomplete: 'off' });
  const form = h(
    'form',
    {
      class: 'marks-form',
      onsubmit: (e) => {
        e.preventDefault();
        if (text.value.trim()) redraw(markOf(kind.value, text.value.trim()), false);
      },
    },
    h('label', {}, h('span', {}, t('markKind')), ' ', kind),
    h('label', {}, h('span', {}, t('markText')), ' ', text),
    h('button', { type: 'submit', class: 'btn small', id: 'card-mark-add' }, t('markAdd')),
  );
  return h(
    'section',
    { class: 'card-marks', 'aria-labelledby': 'card-marks-title' },
    h('h3', { id: 'card-marks-title' }, t('cardMarks')),
    chips.length ? h('div', { class: 'chips' }, chips) : h('p', { class: 'muted small' }, t('cardMarksNone')),
    form,
  );
}

function cardContent(row, ex, details) {
  const { columns: c, segColors } = get('result');
  const fmt = get('fmt');
  const lead = c.recency[row] < 0;
  const tile = (label, value) => h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value));
  const a = c.action[row];
  const crit = t('criterion');
  const cv = c.cv[row];
  return [
    lead
      ? h('p', { class: 'card-seg' }, h('i', { class: 'dot hollow' }), t('lead'))
      : h(
          'p',
          { class: 'card-seg' },
          h('i', { class: 'dot', style: { background: segColors[c.segment[row]] } }),
          h('strong', {}, c.segmentNames[c.segment[row]]),
          h('span', { class: 'muted' }, `RFM ${c.r[row]}${c.f[row]}${c.m[row]} · ${c.lifecycleNames[c.lifecycle[row]]}`),
        ),
    h(
      'div',
      { class: 'stats' },
      tile(t('cardRecency'), lead ? '—' : count('day', c.recency[row], fmt)),
      tile(t('cardOrders'), fmt.int(c.frequency[row])),
      tile(t('cardRevenue'), fmt.money(c.revenue[row])),
      tile(t('cardAverage'), c.frequency[row] ? fmt.money(c.revenue[row] / c.frequency[row]) : '—'),
      Number.isFinite(cv) ? tile(t('cardCv'), fmt.pct(cv)) : null,
      tile(t('cardFirst'), fmt.day(c.firstOrder[row])),
      tile(t('cardLast'), fmt.day(c.lastOrder[row])),
    ),
    a >= 0 ? h('p', { class: 'plan-action' }, h('span', { class: 'channel' }, c.actionChannels[a]), ' ', c.actionOffers[a]) : null,
    prediction(ex.prediction, fmt),
    contacts(details),
    marksSection(row, ex),
    h('h3', {}, t('cardWhy')),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data explain' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('cardCriterion')), h('th', { scope: 'col' }, t('cardValue')), h('th', { scope: 'col' }, t('cardReason')))),
        h('tbody', {}, ex.labels.map((l) => h('tr', { dataset: { criterion: l.criterion } }, h('th', { scope: 'row' }, crit[l.criterion] || l.criterion), h('td', {}, l.value), h('td', { class: 'reason' }, l.reason)))),
      ),
    ),
    ex.points.length
      ? tableView(
          `${t('cardPoints')}: ${fmt.int(c.points[row])}`,
          [t('cardParameter'), t('cardValue'), t('cardPoints')],
          ex.points.map((p) => [p.parameter, p.value, fmt.dec1(p.points)]),
          { numeric: [false, true, true] },
        )
      : null,
  ];
}

/**
 * What the purchase and order-value models predict for the client: P(alive), expected
 * purchases and order value, CLV, each with its 95 % interval, and the module's sentence
 * on what they come from (its model name kept as written). Null without a prediction.
 */
function prediction(p, fmt) {
  if (!p || !(p.pAlive || p.clv || p.text)) return null;
  const months = p.horizonMonths;
  const tile = (key, label, est, format) =>
    est
      ? h(
          'div',
          { class: 'stat', dataset: { prediction: key } },
          h('span', { class: 'stat-label' }, label),
          h('span', { class: 'stat-value' }, format(est.value)),
          h('span', { class: 'stat-sub' }, t('cardInterval', { low: format(est.low), high: format(est.high) })),
        )
      : null;
  const text = splitModelNames(p.text).map((x, i) => (i % 2 ? h('span', { translate: 'no' }, x) : x));
  return h(
    'section',
    { class: 'card-prediction', 'aria-labelledby': 'card-prediction-title' },
    h('h3', { id: 'card-prediction-title' }, t('cardPrediction')),
    h(
      'div',
      { class: 'stats' },
      tile('pAlive', t('cardPAlive'), p.pAlive, fmt.pct),
      tile('expectedPurchases', t('cardExpectedPurchases', { months }), p.expectedPurchases, fmt.dec2),
      tile('expectedValue', t('cardExpectedValue'), p.expectedValue, fmt.money),
      tile('clv', t('cardClv', { months }), p.clv, fmt.money),
    ),
    p.text ? h('p', { class: 'prediction-text' }, text) : null,
  );
}

/**
 * The client's e-mail and phone (as links), from the clients table or else the orders
 * file, and the other cells of the clients table under the table's own column names; or
 * why there are none.
 */
function contacts(details) {
  const section = h('section', { class: 'card-contacts', 'aria-labelledby': 'card-contacts-title' }, h('h3', { id: 'card-contacts-title' }, t('cardContacts')));
  const shown = { name: true, email: true, phone: true };
  const rows = [];
  if (details?.email) rows.push({ role: 'email', label: t('cardEmail'), value: details.email });
  if (details?.phone) rows.push({ role: 'phone', label: t('cardPhone'), value: details.phone });
  const attrs = details?.attributes || [];
  for (const x of attrs) {
    if (!x.value.trim() || shown[x.role]) continue;
    rows.push({ role: x.role, label: x.name, value: x.value.trim() });
  }
  const notInTable = details?.inClientsTable === false;
  if (!rows.length) {
    section.append(h('p', { class: 'muted small' }, t(notInTable ? 'cardNotInTable' : 'cardNoContacts')));
    return section;
  }
  const value = (x) => {
    if (x.role === 'email') return h('a', { href: `mailto:${x.value}`, translate: 'no' }, x.value);
    if (x.role === 'phone') return h('a', { href: `tel:${x.value.replace(/[^\d+]/g, '')}`, translate: 'no' }, x.value);
    return h('span', { translate: 'no' }, x.value);
  };
  const own = (x) => x.role === 'email' || x.role === 'phone';
  section.append(
    h('dl', { class: 'attributes' }, rows.map((x) => h('div', { dataset: { role: x.role } }, h('dt', { translate: own(x) ? null : 'no' }, x.label), h('dd', {}, value(x))))),
  );
  if (notInTable) section.append(h('p', { class: 'muted small' }, t('cardNotInTable')));
  return section;
}

/** Closing: the close button, a click outside the card or Escape; focus returns. */
export function bindCard() {
  const dlg = $('#client-card');
  $('#card-close').addEventListener('click', () => dlg.close());
  dlg.addEventListener('click', (e) => {
    if (e.target === dlg) dlg.close();
  });
  dlg.addEventListener('close', () => {
    const back = dlg.returnFocus;
    if (back && back.isConnected) back.focus();
  });
}
