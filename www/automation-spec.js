// What the automation section (#automation) runs: the preset scenarios, the tasks' assignee
// and the contact plan's inputs make an AutomationSpec, shown as JSON under "advanced".
// JSON edited by hand is run as it is until the form is taken back; the presets and the
// inputs are then applied again. The specs carry their texts in both languages, so the
// same spec serves either page language.
import { get } from './store.js';
import { $, $$ } from './dom.js';

/** «Не покупал 30 дней → «Спящий» → «Реактивация»». */
const sleeping = () => ({
  key: 'sleeping',
  name: 'Sleeping',
  nameRu: 'Спящий',
  when: { noOrderDays: 30 },
  then: {
    status: 'Sleeping',
    statusRu: 'Спящий',
    play: 'reactivation',
    task: { title: 'Call {client}: bring them back', titleRu: 'Позвонить {client}: вернуть клиента', dueDays: 2, priority: 'normal' },
  },
  cooldownDays: 90,
});

/** «Крупная покупка → VIP → менеджеру: отправить подарок», above `threshold`. */
const vip = (threshold) => ({
  key: 'vip',
  name: 'VIP',
  nameRu: 'VIP',
  when: { orderAbove: threshold },
  then: {
    status: 'VIP',
    statusRu: 'VIP',
    tag: 'VIP',
    task: { title: 'Send a gift to {client}', titleRu: 'Отправить подарок: {client}', dueDays: 3, priority: 'high' },
  },
  reentry: false,
});

/** «Кликнул, но не купил → задача менеджеру»: needs the events file. */
const clicked = () => ({
  key: 'clickedNoOrder',
  name: 'Clicked, no order',
  nameRu: 'Кликнул, но не купил',
  when: { clickedNoOrder: { days: 3 } },
  then: {
    task: { title: 'Call {client}: clicked but did not order', titleRu: 'Позвонить {client}: кликнул, но не купил', dueDays: 1, priority: 'normal' },
  },
  cooldownDays: 14,
});

/** The JSON was changed by hand: it is run as it is. */
let edited = false;
/** The click scenario is offered (the report has events): a new report keeps its box. */
let clickedOffered = false;
/** The threshold was typed in: a new report keeps it. */
let thresholdTyped = false;

/** A number rounded to its two leading digits: 23 456 → 23 000. */
function round2(x) {
  const p = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 1);
  return Math.round(x / p) * p;
}

/**
 * The VIP threshold a report suggests: the 95th percentile of the clients' largest orders,
 * rounded; 10 000 when fewer than 20 clients have orders.
 */
export function suggestedThreshold(columns) {
  const values = Array.from(columns?.largestOrder || []).filter((x) => Number.isFinite(x) && x > 0).sort((a, b) => a - b);
  if (values.length < 20) return 10000;
  return round2(values[Math.min(values.length - 1, Math.floor(values.length * 0.95))]);
}

/** Whether the report was read with an events file (clicks, views, carts): its summary has `behaviour`. */
export function hasEvents(result) {
  return Boolean(result?.summary?.behaviour);
}

function number(sel, fallback) {
  const el = $(sel);
  const v = Number(el.value);
  return el.value.trim() !== '' && Number.isFinite(v) ? v : fallback;
}

/** The spec of the form: the checked presets, the assignee and the contact plan. */
function formSpec() {
  const triggers = [];
  if ($('#auto-sleeping').checked) triggers.push(sleeping());
  if ($('#auto-vip').checked) triggers.push(vip(number('#auto-vip-threshold', 10000)));
  if ($('#auto-clicked').checked && !$('#auto-clicked').disabled) triggers.push(clicked());
  const plan = {
    cap: { contacts: number('#auto-cap-contacts', 1), days: number('#auto-cap-days', 7) },
    quietHours: { from: number('#auto-quiet-from', 21), to: number('#auto-quiet-to', 9) },
    sendHour: number('#auto-send-hour', 11),
    playbook: $('#auto-playbook').checked,
  };
  const zone = $('#auto-zone').value.trim();
  if (zone) plan.defaultZone = zone;
  const spec = { triggers, plan };
  const assignee = $('#auto-assignee').value.trim();
  if (assignee) spec.tasks = { defaultAssignee: assignee };
  return spec;
}

/** Writes the form's spec into the JSON box, unless the JSON was edited by hand. */
export function refreshSpecText() {
  if (!edited) $('#auto-spec').value = JSON.stringify(formSpec(), null, 2);
  $('#auto-spec-note').hidden = !edited;
}

/**
 * The spec to run: the JSON as edited, else the form's. Throws an error with the key of
 * its message (`text`) when the JSON is not an object.
 */
export function currentSpec() {
  if (!edited) return formSpec();
  let spec;
  try {
    spec = JSON.parse($('#auto-spec').value);
  } catch (e) {
    throw Object.assign(new Error(e.message), { kind: 'invalidOption', text: 'autoBadJson', detail: e.message });
  }
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    throw Object.assign(new Error('not an object'), { kind: 'invalidOption', text: 'autoBadJson' });
  }
  return spec;
}

/** Whether the spec has a trigger or a contact plan worth a run. */
export function specHasTriggers(spec) {
  return Array.isArray(spec.triggers) && spec.triggers.length > 0;
}

/** A new report: the events preset's availability, the threshold it suggests. */
export function adoptSpecResult(result) {
  const events = hasEvents(result);
  const box = $('#auto-clicked');
  // Offered, and on, once a report has events; off and disabled without them.
  if (events && !clickedOffered) box.checked = true;
  clickedOffered = events;
  box.disabled = !events;
  if (!events) box.checked = false;
  $('#auto-clicked-note').hidden = events;
  $('#auto-clicked-row').classList.toggle('unavailable', !events);
  if (!thresholdTyped) $('#auto-vip-threshold').value = String(suggestedThreshold(result.columns));
  refreshSpecText();
}

export function bindSpec() {
  // Enter in a field does not send the form anywhere.
  $('#auto-form').addEventListener('submit', (e) => e.preventDefault());
  for (const el of $$('#auto-form input, #auto-form select')) {
    el.addEventListener('input', refreshSpecText);
    el.addEventListener('change', refreshSpecText);
  }
  $('#auto-vip-threshold').addEventListener('input', () => {
    thresholdTyped = true;
  });
  $('#auto-spec').addEventListener('input', () => {
    edited = true;
    $('#auto-spec-note').hidden = false;
  });
  $('#auto-spec-reset').addEventListener('click', () => {
    edited = false;
    refreshSpecText();
  });
  if (get('result')) adoptSpecResult(get('result'));
}
