// amoCRM REST API v4 → order rows for segmenta's `analyzeRows`.
//
// The pure part (`contactInfo`, `leadToRow`, `leadsToRows`, `mainContactId`, `selectRows`)
// takes the HAL JSON the API returns and gives plain objects; the loading part
// (`fetchAll`, `loadAccount`) pages through `/api/v4/leads` and `/api/v4/contacts` with an
// injected `fetch`, on the page's own origin only.

/** The status ids amoCRM gives every pipeline's closing stages. */
export const WON = 142;
export const LOST = 143;

/** The `options.columns` of `analyzeRows` for the rows `leadsToRows` gives (add
 *  `category: 'category'` when rows carry one). */
export const COLUMNS = Object.freeze({
  client: 'client',
  date: 'date',
  amount: 'amount',
  orderId: 'orderId',
  status: 'status',
  name: 'name',
  email: 'email',
  phone: 'phone',
});

/**
 * The options of `analyzeRows` for these rows: the columns, the language, and `asOf`
 * today in `timeZone` (a live CRM's recency counts to today, not to the last deal of the
 * rows given). `now`: milliseconds since 1970 (default: the clock).
 */
export function analyzeOptions({ lang = 'ru', timeZone, now = Date.now() } = {}) {
  return { columns: { ...COLUMNS }, lang, asOf: unixToDate(now / 1000, timeZone) };
}

/** The status cells of won and lost deals (amoCRM's own stage names), by language. */
const STATUS_WORDS = {
  ru: { won: 'Успешно реализовано', lost: 'Закрыто и не реализовано' },
  en: { won: 'Closed - won', lost: 'Closed - lost' },
};

/** Leads and contacts per request: the API's maximum. */
export const PAGE_LIMIT = 250;
/** Contact ids per `/api/v4/contacts?filter[id][]=…` request (keeps the URL short). */
export const CONTACT_CHUNK = 50;

/**
 * A unix time (seconds) as the calendar date `YYYY-MM-DD` in `timeZone` (an IANA name;
 * the runtime's own zone when absent). `null` for a missing or non-positive time.
 */
export function unixToDate(seconds, timeZone) {
  const n = Number(seconds);
  if (!Number.isFinite(n) || n <= 0) return null;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
  }).formatToParts(new Date(n * 1000));
  const get = (type) => parts.find((p) => p.type === type).value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The first value of the custom field with `field_code` `code` (`EMAIL`, `PHONE`), or `''`. */
export function fieldValue(entity, code) {
  const fields = entity && Array.isArray(entity.custom_fields_values) ? entity.custom_fields_values : [];
  for (const field of fields) {
    if (!field || field.field_code !== code || !Array.isArray(field.values)) continue;
    for (const v of field.values) {
      const text = v && v.value != null ? String(v.value).trim() : '';
      if (text) return text;
    }
  }
  return '';
}

/** A contact's name, e-mail and phone (`''` where absent). */
export function contactInfo(contact) {
  const name = String(contact?.name ?? '').trim()
    || [contact?.first_name, contact?.last_name].filter(Boolean).join(' ').trim();
  return { name, email: fieldValue(contact, 'EMAIL'), phone: fieldValue(contact, 'PHONE') };
}

/** The id (string) of a lead's main contact (`is_main`, else the first), or `null`. */
export function mainContactId(lead) {
  const contacts = lead?._embedded?.contacts;
  if (!Array.isArray(contacts) || contacts.length === 0) return null;
  const main = contacts.find((c) => c && c.is_main) || contacts[0];
  return main && main.id != null ? String(main.id) : null;
}

/**
 * One order row of a closed lead, or `null` for an open lead or one without a contact.
 * `contacts` maps contact ids (strings) to `contactInfo` objects; `options.lost` is
 * `'cancelled'` (default: the lost deal becomes a row with the lost status, which the
 * analysis leaves out and counts in its audit) or `'omit'`; `options.timeZone` dates
 * the row; `options.lang` picks the status words; `options.category(lead)` may name
 * what the deal sold (the pipeline, say).
 */
export function leadToRow(lead, contacts = new Map(), options = {}) {
  const status = Number(lead?.status_id);
  if (status !== WON && status !== LOST) return null;
  if (status === LOST && options.lost === 'omit') return null;
  const client = mainContactId(lead);
  if (client === null) return null;
  const date = unixToDate(lead.closed_at, options.timeZone) ?? unixToDate(lead.updated_at, options.timeZone);
  if (date === null) return null;
  const words = STATUS_WORDS[options.lang] || STATUS_WORDS.ru;
  const who = contacts.get(client) || { name: '', email: '', phone: '' };
  const price = Number(lead.price);
  const row = {
    client,
    date,
    amount: Number.isFinite(price) ? price : 0,
    orderId: String(lead.id),
    status: status === WON ? words.won : words.lost,
    name: who.name || null,
    email: who.email || null,
    phone: who.phone || null,
  };
  if (typeof options.category === 'function') {
    const c = options.category(lead);
    if (c != null && c !== '') row.category = String(c);
  }
  return row;
}

/**
 * Order rows of `leads` (closed deals with a contact), oldest first, and what was left
 * out: `{ rows, open, withoutContact }` (counts of leads).
 */
export function leadsToRows(leads, contacts = new Map(), options = {}) {
  const rows = [];
  let open = 0;
  let withoutContact = 0;
  for (const lead of leads) {
    const status = Number(lead?.status_id);
    if (status !== WON && status !== LOST) {
      open += 1;
      continue;
    }
    if (mainContactId(lead) === null) {
      withoutContact += 1;
      continue;
    }
    const row = leadToRow(lead, contacts, options);
    if (row) rows.push(row);
  }
  rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { rows, open, withoutContact };
}

/** The rows of the clients in `ids` (any iterable of ids; numbers or strings). */
export function selectRows(rows, ids) {
  const wanted = new Set(Array.from(ids, String));
  return rows.filter((r) => wanted.has(r.client));
}

/** The status cells of lost deals, in every language. */
const LOST_WORDS = new Set(Object.values(STATUS_WORDS).map((w) => w.lost));

/** The clients (ids) of `rows` with at least one won deal. */
export function buyers(rows) {
  const out = new Set();
  for (const r of rows) if (!LOST_WORDS.has(r.status)) out.add(r.client);
  return out;
}

/** The ids of the main contacts of `leadIds` among `leads`. */
export function contactsOfLeads(leads, leadIds) {
  const wanted = new Set(Array.from(leadIds, String));
  const out = new Set();
  for (const lead of leads) {
    if (!wanted.has(String(lead.id))) continue;
    const c = mainContactId(lead);
    if (c !== null) out.add(c);
  }
  return [...out];
}

/** `href` as a path on `origin`, or `null` when it points elsewhere. */
function sameOrigin(href, origin) {
  let url;
  try {
    url = new URL(href, origin);
  } catch {
    return null;
  }
  return url.origin === new URL(origin).origin ? url.pathname + url.search : null;
}

/**
 * Every item of a paged HAL collection: starts at `path` and follows `_links.next` (on
 * `origin` only), collecting `_embedded[key]`. A 204 answer is an empty page. Rejects on
 * any other non-2xx answer. `onPage(count)` reports the items so far.
 */
export async function fetchAll(fetchFn, origin, path, key, { onPage, maxPages = 10000 } = {}) {
  const items = [];
  let next = path;
  for (let page = 0; next !== null && page < maxPages; page += 1) {
    const response = await fetchFn(new URL(next, origin).href, {
      credentials: 'same-origin',
      headers: { Accept: 'application/hal+json', 'X-Requested-With': 'XMLHttpRequest' },
    });
    if (response.status === 204) break;
    if (!response.ok) {
      const err = new Error(`${response.status} ${next}`);
      err.status = response.status;
      throw err;
    }
    const body = await response.json();
    const batch = body?._embedded?.[key];
    if (Array.isArray(batch)) items.push(...batch);
    if (onPage) onPage(items.length);
    const href = body?._links?.next?.href;
    next = href && Array.isArray(batch) && batch.length > 0 ? sameOrigin(href, origin) : null;
  }
  return items;
}

/** The path of the first page of leads with their contacts (`since`: unix seconds of `closed_at`). */
export function leadsPath({ since } = {}) {
  let path = `/api/v4/leads?with=contacts&page=1&limit=${PAGE_LIMIT}`;
  if (Number.isFinite(since) && since > 0) path += `&filter[closed_at][from]=${Math.floor(since)}`;
  return path;
}

/** The paths of the contacts `ids`, `CONTACT_CHUNK` a request. */
export function contactPaths(ids) {
  const list = [...new Set(Array.from(ids, String))].sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : 1));
  const paths = [];
  for (let i = 0; i < list.length; i += CONTACT_CHUNK) {
    const query = list.slice(i, i + CONTACT_CHUNK).map((id) => `filter[id][]=${encodeURIComponent(id)}`).join('&');
    paths.push(`/api/v4/contacts?${query}&limit=${PAGE_LIMIT}`);
  }
  return paths;
}

/**
 * The account's closed deals as order rows: every lead (with contacts) page by page, then
 * the main contacts of the closed ones. Resolves to
 * `{ leads, contacts, rows, open, withoutContact }` (`contacts`: id → `contactInfo`).
 */
export async function loadAccount({ fetch: fetchFn, origin, since, lost, lang, timeZone, onProgress } = {}) {
  const leads = await fetchAll(fetchFn, origin, leadsPath({ since }), 'leads', {
    onPage: (n) => onProgress && onProgress({ leads: n }),
  });
  const wanted = new Set();
  for (const lead of leads) {
    const s = Number(lead?.status_id);
    const c = mainContactId(lead);
    if ((s === WON || s === LOST) && c !== null) wanted.add(c);
  }
  const contacts = new Map();
  for (const path of contactPaths(wanted)) {
    const batch = await fetchAll(fetchFn, origin, path, 'contacts');
    for (const c of batch) contacts.set(String(c.id), contactInfo(c));
    if (onProgress) onProgress({ leads: leads.length, contacts: contacts.size });
  }
  const { rows, open, withoutContact } = leadsToRows(leads, contacts, { lost, lang, timeZone });
  return { leads, contacts, rows, open, withoutContact };
}
