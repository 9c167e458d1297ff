// Tags and manual segments set by hand (#marks in the clients section): the marks of the
// report with their clients (the summary's `marks`; a click shows their clients), and a
// form that assigns a tag or a manual segment to the clients the table shows, or takes it
// away. The card (card.js) does the same for one client. The worker's `mark` request
// returns the new report and the page redraws from it.
import { get } from './store.js';
import { h, clear, $ } from './dom.js';
import { t } from './i18n.js';
import { markClients } from './analysis.js';
import { shownIds, applyRuleFilter, goToClients } from './clients.js';
import { showMessage, errorText } from './messages.js';

/** `{ tag: text }` or `{ segment: text }`. */
export const markOf = (kind, text) => (kind === 'segment' ? { segment: text } : { tag: text });

/** The rule that selects the clients with a mark, in the rule language. */
const ruleOf = (kind, name) => `${kind === 'segment' ? 'manual_segments' : 'tags'} contains "${name.replace(/["\\]/g, '')}"`;

/** Runs a mark request; its error is shown as a message. */
export async function mark(ids, m, remove) {
  try {
    await markClients(ids, m, remove);
    return true;
  } catch (e) {
    if (e.kind !== 'stale') showMessage(errorText(e), 'error');
    return false;
  }
}

/** Draws the marks of the report (the table draws the counts on the form's buttons). */
export function renderMarks() {
  const result = get('result');
  if (!result) return;
  const { marks } = result.summary;
  const fmt = get('fmt');
  const box = clear($('#marks-summary'));
  const source = { table: t('markTable'), manual: t('markManual'), both: t('markBoth') };
  const entry = (kind, m) =>
    h(
      'button',
      {
        type: 'button',
        class: 'chip mark-chip',
        dataset: { kind, mark: m.name, source: m.source },
        title: `${source[m.source]} · ${fmt.money0(m.revenue)}`,
        'aria-label': t('markFilter', { name: m.name }),
        onclick: () => {
          applyRuleFilter(ruleOf(kind, m.name), `${kind === 'segment' ? t('markKindSegment') : t('markKindTag')}: ${m.name}`);
          goToClients();
        },
      },
      h('span', { translate: 'no' }, m.name),
      h('span', { class: 'muted' }, ` ${fmt.int(m.clients)}`),
    );
  const groups = [
    ['tag', t('markTags'), marks.tags],
    ['segment', t('markSegments'), marks.segments],
  ].filter(([, , list]) => list.length);
  if (!groups.length) box.append(h('span', { class: 'muted small' }, t('marksNone')));
  for (const [kind, title, list] of groups) {
    box.append(h('span', { class: 'marks-group' }, h('span', { class: 'muted small' }, `${title}:`), list.map((m) => entry(kind, m))));
  }
}

/** The form: assign the mark to the clients shown, or take it away. */
export function bindMarks() {
  const form = $('#marks-form');
  const send = async (remove) => {
    const text = $('#mark-text').value.trim();
    if (!text) {
      $('#mark-text').focus();
      return;
    }
    if (await mark(shownIds(), markOf($('#mark-kind').value, text), remove)) $('#mark-text').value = '';
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    send(false);
  });
  $('#mark-remove').addEventListener('click', () => send(true));
}
