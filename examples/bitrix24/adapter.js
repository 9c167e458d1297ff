// Bitrix24 CRM → order rows for segmenta's analyzeRows.
//
// Loading: the first page of every list (deals, contacts, companies, currencies) in one
// `batch`; then the remaining pages (`start` = 50, 100, …) in batches of at most 50
// commands. Mapping (pure functions, no browser needed): one row per closed deal.
//
// * Won deals (STAGE_SEMANTIC_ID "S") are purchases.
// * Lost deals ("F") are given as cancelled orders (status «Сделка провалена»): the
//   analyzer leaves them out of revenue and frequency and counts them among the excluded
//   rows, so a lost deal never makes a client look more active than they are.
// * Deals in progress ("P") and recurring-deal templates are not orders: skipped, counted.
// * Client: the contact (CONTACT_ID), else the company as `company:<id>`; a deal with
//   neither is skipped. Name, e-mail and phone come from the contact (or company) record.
// * Amount: OPPORTUNITY converted to the portal's base currency with crm.currency.list's
//   rates (a deal in a currency without a rate is skipped). Date: CLOSEDATE, else
//   DATE_MODIFY, as the portal's calendar date (YYYY-MM-DD).

export const PAGE_SIZE = 50;
export const BATCH_LIMIT = 50;

export const DEAL_SELECT = ['ID', 'CONTACT_ID', 'COMPANY_ID', 'STAGE_ID', 'STAGE_SEMANTIC_ID', 'OPPORTUNITY', 'CURRENCY_ID', 'CLOSEDATE', 'DATE_MODIFY', 'IS_RECURRING'];
export const CONTACT_SELECT = ['ID', 'NAME', 'SECOND_NAME', 'LAST_NAME', 'EMAIL', 'PHONE'];
export const COMPANY_SELECT = ['ID', 'TITLE', 'EMAIL', 'PHONE'];

/** The keys of the rows, as `options.columns` of analyzeRows / <segmenta-report>. */
export const COLUMNS = Object.freeze({
  client: 'client', date: 'date', amount: 'amount', orderId: 'orderId',
  status: 'status', name: 'name', email: 'email', phone: 'phone',
});
export const WON_STATUS = 'Сделка успешна';
export const LOST_STATUS = 'Сделка провалена';

/** The lists loaded, each with its method and parameters (paging aside). */
export function listRequests({ dealFilter } = {}) {
  return {
    deals: ['crm.deal.list', { select: DEAL_SELECT, order: { ID: 'ASC' }, ...(dealFilter ? { filter: dealFilter } : {}) }],
    contacts: ['crm.contact.list', { select: CONTACT_SELECT, order: { ID: 'ASC' } }],
    companies: ['crm.company.list', { select: COMPANY_SELECT, order: { ID: 'ASC' } }],
    currencies: ['crm.currency.list', {}],
  };
}

/** The `start` of every page after the first of a list of `total` records. */
export function laterStarts(total, page = PAGE_SIZE) {
  const starts = [];
  for (let s = page; s < total; s += page) starts.push(s);
  return starts;
}

/**
 * The batches that load the pages after the first: `lists` is
 * `{ key: { method, params, total } }`; each batch is `{ "<key>:<start>": [method, params] }`
 * with at most `limit` commands.
 */
export function planBatches(lists, limit = BATCH_LIMIT) {
  const commands = [];
  for (const [key, { method, params, total }] of Object.entries(lists)) {
    for (const start of laterStarts(total)) commands.push([`${key}:${start}`, [method, { ...params, start }]]);
  }
  const batches = [];
  for (let i = 0; i < commands.length; i += limit) batches.push(Object.fromEntries(commands.slice(i, i + limit)));
  return batches;
}

/** A REST error's text, whatever form the SDK or the server gives it in. */
export function errorText(e) {
  if (!e) return '';
  if (typeof e === 'string') return e;
  const ex = e.ex || e;
  return ex.error_description || ex.description || ex.error || e.message || String(e);
}

/** One answer of a list method in the shape the loader uses: `{ result, total, next, error }`. */
function fromAjaxResult(r) {
  const answer = r.answer || {};
  const err = typeof r.error === 'function' ? r.error() : answer.error;
  return {
    result: typeof r.data === 'function' ? r.data() : answer.result,
    total: typeof r.total === 'function' ? r.total() : answer.total,
    next: answer.next,
    error: err ? errorText(err) : '',
  };
}

/**
 * The transport over the BX24 JS SDK in the application's frame:
 * `call(method, params)` and `batch({ key: [method, params] })`, both promises of answers
 * `{ result, total, next, error }` (batch: one per key).
 */
export function bx24Transport(BX24) {
  return {
    call: (method, params = {}) => new Promise((resolve) => BX24.callMethod(method, params, (r) => resolve(fromAjaxResult(r)))),
    batch: (commands) => {
      if (Object.keys(commands).length > BATCH_LIMIT) throw new Error(`a batch of more than ${BATCH_LIMIT} commands`);
      return new Promise((resolve) => BX24.callBatch(commands, (results) => {
        const out = {};
        for (const key of Object.keys(commands)) out[key] = results[key] ? fromAjaxResult(results[key]) : { error: 'no answer' };
        resolve(out);
      }, false));
    },
  };
}

/** PHP-style query string (`select[0]=ID&order[ID]=ASC`), as `batch` commands are written. */
export function toQuery(params, prefix = '') {
  const parts = [];
  for (const [k, v] of Object.entries(params)) {
    const key = prefix ? `${prefix}[${k}]` : k;
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') parts.push(toQuery(v, key));
    else parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(v)}`);
  }
  return parts.filter(Boolean).join('&');
}

/** The answers of a raw `batch` response (`{ result: { result, result_error, result_total, result_next } }`). */
export function parseBatch(json, keys) {
  const r = json.result || {};
  const pick = (o, k) => (o && !Array.isArray(o) ? o[k] : Array.isArray(o) ? o[k] : undefined);
  const out = {};
  for (const key of keys) {
    const err = pick(r.result_error, key);
    out[key] = { result: pick(r.result, key), total: pick(r.result_total, key), next: pick(r.result_next, key), error: err ? errorText(err) : '' };
  }
  return out;
}

/**
 * The transport over plain HTTP: an inbound webhook URL (`https://portal/rest/1/secret/`)
 * or `https://portal/rest/` with `auth` (an access token). For scripts and servers.
 */
export function restTransport(base, { auth, fetch: fetchFn = globalThis.fetch } = {}) {
  const root = base.endsWith('/') ? base : base + '/';
  const post = async (method, body) => {
    const res = await fetchFn(`${root}${method}.json`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(auth ? { ...body, auth } : body),
    });
    const json = await res.json();
    if (json.error) return { error: errorText(json), json };
    return { json };
  };
  return {
    call: async (method, params = {}) => {
      const { json, error } = await post(method, params);
      return error ? { error } : { result: json.result, total: json.total, next: json.next, error: '' };
    },
    batch: async (commands) => {
      const keys = Object.keys(commands);
      if (keys.length > BATCH_LIMIT) throw new Error(`a batch of more than ${BATCH_LIMIT} commands`);
      const cmd = Object.fromEntries(keys.map((k) => [k, `${commands[k][0]}?${toQuery(commands[k][1])}`]));
      const { json, error } = await post('batch', { halt: 0, cmd });
      if (error) return Object.fromEntries(keys.map((k) => [k, { error }]));
      return parseBatch(json, keys);
    },
  };
}

/**
 * Every record of the deals, contacts, companies and currencies. `onProgress({ loaded, total })`
 * after each round trip. Resolves to `{ deals, contacts, companies, currencies, warnings, batches }`
 * (`batches`: the number of commands of each batch sent). A deals error rejects; a contacts
 * or companies error leaves those out (the rows then have no names) with a warning.
 */
export async function loadCrm(transport, { dealFilter, onProgress } = {}) {
  const requests = listRequests({ dealFilter });
  const batches = [];
  const firstCommands = Object.fromEntries(Object.entries(requests).map(([k, [m, p]]) => [k, [m, { ...p, start: 0 }]]));
  batches.push(Object.keys(firstCommands).length);
  const first = await transport.batch(firstCommands);
  const warnings = [];
  const records = {};
  const lists = {};
  for (const [key, [method, params]] of Object.entries(requests)) {
    const a = first[key];
    if (a.error) {
      if (key === 'deals') throw new Error(`crm.deal.list: ${a.error}`);
      warnings.push(`${method}: ${a.error}`);
      records[key] = [];
      continue;
    }
    records[key] = Array.isArray(a.result) ? [...a.result] : [];
    if (key !== 'currencies') lists[key] = { method, params, total: Number(a.total) || records[key].length };
  }
  const total = Object.values(lists).reduce((s, l) => s + l.total, 0);
  const loaded = () => records.deals.length + records.contacts.length + records.companies.length;
  onProgress?.({ loaded: loaded(), total });
  for (const batch of planBatches(lists)) {
    batches.push(Object.keys(batch).length);
    const answers = await transport.batch(batch);
    for (const [cmdKey, a] of Object.entries(answers)) {
      const key = cmdKey.split(':')[0];
      if (a.error) {
        if (key === 'deals') throw new Error(`crm.deal.list (${cmdKey}): ${a.error}`);
        warnings.push(`${lists[key].method} (${cmdKey}): ${a.error}`);
        continue;
      }
      if (Array.isArray(a.result)) records[key].push(...a.result);
    }
    onProgress?.({ loaded: loaded(), total });
  }
  // A record added or removed between two pages moves the offsets: keep each ID once.
  for (const key of ['deals', 'contacts', 'companies']) records[key] = uniqueById(records[key]);
  return { ...records, warnings, batches };
}

function uniqueById(list) {
  const seen = new Set();
  return list.filter((r) => (seen.has(String(r.ID)) ? false : (seen.add(String(r.ID)), true)));
}

/** `{ base, rates }` from crm.currency.list: `rates[code]` is the base-currency value of 1 unit. */
export function currencyRates(currencies = []) {
  const rates = {};
  let base = '';
  for (const c of currencies) {
    const amount = Number(String(c.AMOUNT ?? '').replace(',', '.'));
    const count = Number(c.AMOUNT_CNT) || 1;
    if (c.BASE === 'Y') base = c.CURRENCY;
    if (amount > 0) rates[c.CURRENCY] = amount / count;
  }
  if (base) rates[base] = 1;
  return { base, rates };
}

/** The first non-empty VALUE of a multifield (`[{ VALUE, VALUE_TYPE }]`), preferring `prefer` types. */
export function firstValue(multi, prefer = []) {
  if (!Array.isArray(multi)) return typeof multi === 'string' ? multi.trim() : '';
  const filled = multi.filter((m) => m && String(m.VALUE ?? '').trim());
  const best = prefer.map((t) => filled.find((m) => m.VALUE_TYPE === t)).find(Boolean) || filled[0];
  return best ? String(best.VALUE).trim() : '';
}

/** «Фамилия Имя Отчество» of a contact, without the empty parts. */
export function contactName(c) {
  return [c.LAST_NAME, c.NAME, c.SECOND_NAME].map((s) => String(s ?? '').trim()).filter(Boolean).join(' ');
}

/** An ID field that names a record ("0", "" and null name none). */
function ref(v) {
  const s = String(v ?? '').trim();
  return s && s !== '0' ? s : '';
}

/** The client id of a contact or company, as the rows and the component use it. */
export function clientId(kind, id) {
  return kind === 'company' ? `company:${id}` : String(id);
}

/** The portal's calendar date of a Bitrix datetime ("2025-03-14T03:00:00+03:00" → "2025-03-14"). */
export function calendarDate(v) {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(String(v ?? '').trim());
  return m ? m[1] : '';
}

/** Why deals were not made into rows; the keys of `skipped`. */
export const SKIP_REASONS = ['inProgress', 'recurring', 'noClient', 'noDate', 'unknownCurrency'];

/**
 * Order rows from the CRM records: `{ rows, won, lost, skipped, currency, clients }`.
 * `rows` are plain objects with the keys of COLUMNS; `skipped[reason]` counts the deals
 * left out (SKIP_REASONS); `clients` maps each client id to `{ won, lost, inProgress }`.
 * `clientBy: 'company'` makes the company the client when a deal has one.
 */
export function toRows({ deals = [], contacts = [], companies = [], currencies = [] }, { clientBy = 'contact' } = {}) {
  const people = new Map(contacts.map((c) => [String(c.ID), c]));
  const firms = new Map(companies.map((c) => [String(c.ID), c]));
  const { base, rates } = currencyRates(currencies);
  const skipped = Object.fromEntries(SKIP_REASONS.map((r) => [r, 0]));
  const clients = new Map();
  const tally = (id, field) => {
    if (!clients.has(id)) clients.set(id, { won: 0, lost: 0, inProgress: 0 });
    clients.get(id)[field] += 1;
  };
  const rows = [];
  let won = 0;
  let lost = 0;
  for (const d of deals) {
    if (d.IS_RECURRING === 'Y') { skipped.recurring += 1; continue; }
    const contact = ref(d.CONTACT_ID);
    const company = ref(d.COMPANY_ID);
    const kind = (clientBy === 'company' && company) || !contact ? (company ? 'company' : '') : 'contact';
    if (!kind) { skipped.noClient += 1; continue; }
    const id = kind === 'company' ? clientId('company', company) : contact;
    const semantic = String(d.STAGE_SEMANTIC_ID || '').toUpperCase();
    if (semantic !== 'S' && semantic !== 'F') { skipped.inProgress += 1; tally(id, 'inProgress'); continue; }
    const date = calendarDate(d.CLOSEDATE) || calendarDate(d.DATE_MODIFY);
    if (!date) { skipped.noDate += 1; continue; }
    const currency = String(d.CURRENCY_ID || base || '').trim();
    const rate = !currency || currency === base || !base ? 1 : rates[currency];
    if (!rate) { skipped.unknownCurrency += 1; continue; }
    const amount = Math.round(Number(String(d.OPPORTUNITY ?? 0).replace(',', '.')) * rate * 100) / 100;
    const who = kind === 'company' ? firms.get(company) : people.get(contact);
    const name = who ? (kind === 'company' ? String(who.TITLE ?? '').trim() : contactName(who)) : '';
    rows.push({
      orderId: String(d.ID),
      client: id,
      date,
      amount: Number.isFinite(amount) ? amount : 0,
      status: semantic === 'S' ? WON_STATUS : LOST_STATUS,
      name,
      email: who ? firstValue(who.EMAIL, ['WORK', 'HOME']) : '',
      phone: who ? firstValue(who.PHONE, ['MOBILE', 'WORK']) : '',
    });
    if (semantic === 'S') { won += 1; tally(id, 'won'); } else { lost += 1; tally(id, 'lost'); }
  }
  return { rows, won, lost, skipped, currency: base, clients };
}

const RU_FORMS = (n, one, few, many) => {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
};
const deals = (n, lang) => (lang === 'en' ? `${n} deal${n === 1 ? '' : 's'}` : `${n} ${RU_FORMS(n, 'сделка', 'сделки', 'сделок')}`);

/** What was read and what was left out, in words: one line per fact. */
export function describe({ won, lost, skipped, currency }, lang = 'ru') {
  const en = lang === 'en';
  const lines = [en
    ? `Deals read: ${won} won, ${lost} lost (counted as cancelled, no revenue).`
    : `Прочитано сделок: успешных — ${won}, проваленных — ${lost} (учтены как отменённые, без выручки).`];
  const text = {
    inProgress: en ? 'still in progress' : 'ещё в работе',
    recurring: en ? 'recurring deal templates' : 'шаблоны регулярных сделок',
    noClient: en ? 'without a contact or a company' : 'без контакта и компании',
    noDate: en ? 'without a close or change date' : 'без даты закрытия и изменения',
    unknownCurrency: en ? 'in a currency without a rate' : 'в валюте без курса',
  };
  for (const r of SKIP_REASONS) {
    if (skipped[r]) lines.push(en ? `Not counted: ${deals(skipped[r], lang)}, ${text[r]}.` : `Не учтено: ${deals(skipped[r], lang)} — ${text[r]}.`);
  }
  if (currency) lines.push(en ? `Amounts in ${currency}.` : `Суммы в ${currency}.`);
  return lines;
}

/**
 * What the page shows for a placement (`BX24.placement.info()`: `{ placement, options }`):
 * `{ mode: 'card', client }` for a contact or company card tab, else `{ mode: 'base' }`.
 */
export function placementView(info) {
  const placement = String(info?.placement || 'DEFAULT');
  let options = info?.options ?? {};
  if (typeof options === 'string') {
    try { options = JSON.parse(options); } catch { options = {}; }
  }
  const id = ref(options?.ID);
  if (placement === 'CRM_CONTACT_DETAIL_TAB' && id) return { mode: 'card', placement, client: clientId('contact', id) };
  if (placement === 'CRM_COMPANY_DETAIL_TAB' && id) return { mode: 'card', placement, client: clientId('company', id) };
  return { mode: 'base', placement };
}

/** The placements the install page binds, with their titles. */
export const PLACEMENTS = [
  { PLACEMENT: 'CRM_CONTACT_DETAIL_TAB', TITLE: 'Сегмент клиента', LANG_ALL: { ru: { TITLE: 'Сегмент клиента' }, en: { TITLE: 'Client segment' } } },
  { PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', TITLE: 'Сегмент клиента', LANG_ALL: { ru: { TITLE: 'Сегмент клиента' }, en: { TITLE: 'Client segment' } } },
  { PLACEMENT: 'CRM_CONTACT_LIST_MENU', TITLE: 'Сегменты базы', LANG_ALL: { ru: { TITLE: 'Сегменты базы' }, en: { TITLE: 'Customer segments' } } },
  { PLACEMENT: 'CRM_DEAL_LIST_MENU', TITLE: 'Сегменты базы', LANG_ALL: { ru: { TITLE: 'Сегменты базы' }, en: { TITLE: 'Customer segments' } } },
];

/** The install batch: unbind (so that installing again works), then bind each placement to `handler`. */
export function installCommands(handler) {
  const commands = {};
  for (const p of PLACEMENTS) {
    commands[`unbind_${p.PLACEMENT}`] = ['placement.unbind', { PLACEMENT: p.PLACEMENT, HANDLER: handler }];
    commands[`bind_${p.PLACEMENT}`] = ['placement.bind', { ...p, HANDLER: handler }];
  }
  return commands;
}
