// The amoCRM widget (examples/amocrm/): the mapping of API v4 leads and contacts to order
// rows in Node; the build (widget.zip with manifest.json at its root, logos of the sizes
// amoCRM asks for); and the widget in a stub of the amoCRM page (fixtures/amocrm-host.*)
// over recorded API answers: the contact card shows the contact's segment and next action
// as analyzeRows computes them on the adapter's rows, the list shows the report of the
// selection, the callbacks return what amoCRM expects, destroy cleans up, the words follow
// the account's language and no request leaves the local server.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import * as adapter from '../../examples/amocrm/adapter.js';
import { serveStatic, launch } from './static.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const widgetSrc = path.join(root, 'examples', 'amocrm');
const fixtures = path.join(root, 'tests', 'e2e', 'fixtures');
const recordedDir = path.join(fixtures, 'amocrm');
const RECORDED_ORIGIN = 'https://segmenta-demo.amocrm.ru';
const TZ = 'Europe/Moscow';

const DAY = 86400;
const t = (iso) => Date.parse(`${iso}Z`) / 1000;
const contact = (id, main = true) => ({ id, is_main: main, _links: { self: { href: `/api/v4/contacts/${id}` } } });
const lead = (over) => ({
  id: 1, price: 1000, status_id: 142, pipeline_id: 1, closed_at: t('2026-03-10T09:00:00'), updated_at: t('2026-03-10T09:05:00'),
  _embedded: { contacts: [contact(10)] }, ...over,
});

// ------------------------------------------------------------------ the mapping
describe('the adapter', () => {
  test('a won deal is an order of its main contact: price, closing date, id, won status', () => {
    const who = new Map([['10', { name: 'Иван Петров', email: 'ivan@example.ru', phone: '+7 900 000-00-00' }]]);
    const row = adapter.leadToRow(lead({ id: 77, price: 12500 }), who, { timeZone: TZ });
    assert.deepEqual(row, {
      client: '10', date: '2026-03-10', amount: 12500, orderId: '77', status: 'Успешно реализовано',
      name: 'Иван Петров', email: 'ivan@example.ru', phone: '+7 900 000-00-00',
    });
    assert.equal(adapter.leadToRow(lead({}), new Map(), { lang: 'en' }).status, 'Closed - won');
  });

  test('the date is the closing day in the account time zone, else updated_at', () => {
    // 22:30 UTC on 9 March is 01:30 on 10 March in Moscow.
    assert.equal(adapter.leadToRow(lead({ closed_at: t('2026-03-09T22:30:00') }), new Map(), { timeZone: TZ }).date, '2026-03-10');
    assert.equal(adapter.leadToRow(lead({ closed_at: t('2026-03-09T22:30:00') }), new Map(), { timeZone: 'UTC' }).date, '2026-03-09');
    assert.equal(adapter.leadToRow(lead({ closed_at: null, updated_at: t('2025-07-01T10:00:00') }), new Map(), { timeZone: TZ }).date, '2025-07-01');
    assert.equal(adapter.leadToRow(lead({ closed_at: null, updated_at: null }), new Map(), {}), null);
  });

  test('lost deals carry the lost status (or are left out); open deals and deals without a contact are left out', () => {
    const lost = adapter.leadToRow(lead({ status_id: 143 }), new Map(), { timeZone: TZ });
    assert.equal(lost.status, 'Закрыто и не реализовано');
    assert.equal(adapter.leadToRow(lead({ status_id: 143 }), new Map(), { lost: 'omit' }), null);
    assert.equal(adapter.leadToRow(lead({ status_id: 61001 }), new Map(), {}), null);
    assert.equal(adapter.leadToRow(lead({ _embedded: { contacts: [] } }), new Map(), {}), null);
    const { rows, open, withoutContact } = adapter.leadsToRows([
      lead({ id: 3, closed_at: t('2026-05-01T10:00:00') }),
      lead({ id: 2, status_id: 61001 }),
      lead({ id: 1, closed_at: t('2025-05-01T10:00:00') }),
      lead({ id: 4, _embedded: {} }),
      lead({ id: 5, status_id: 143 }),
    ], new Map(), { timeZone: TZ });
    assert.deepEqual(rows.map((r) => r.orderId), ['1', '5', '3'], 'oldest first');
    assert.equal(open, 1);
    assert.equal(withoutContact, 1);
    assert.deepEqual([...adapter.buyers(rows)], ['10']);
    assert.deepEqual([...adapter.buyers(rows.filter((r) => r.orderId === '5'))], [], 'a lost deal is no purchase');
  });

  test('the main contact is the one marked is_main, else the first', () => {
    assert.equal(adapter.mainContactId(lead({ _embedded: { contacts: [contact(5, false), contact(6, true)] } })), '6');
    assert.equal(adapter.mainContactId(lead({ _embedded: { contacts: [contact(5, false), contact(6, false)] } })), '5');
    assert.equal(adapter.mainContactId({}), null);
    const leads = [lead({ id: 1 }), lead({ id: 2, _embedded: { contacts: [contact(11)] } }), lead({ id: 3, _embedded: { contacts: [contact(12)] } })];
    assert.deepEqual(adapter.contactsOfLeads(leads, [2, '3']), ['11', '12']);
  });

  test('name, e-mail and phone come from the contact and its EMAIL and PHONE fields', () => {
    const c = {
      id: 1, name: '', first_name: 'Мария', last_name: 'Смирнова',
      custom_fields_values: [
        { field_code: 'POSITION', values: [{ value: 'Директор' }] },
        { field_code: 'PHONE', values: [{ value: ' ', enum_code: 'WORK' }, { value: '+7 911 222-33-44', enum_code: 'MOB' }] },
        { field_code: 'EMAIL', values: [{ value: 'maria@example.ru', enum_code: 'WORK' }] },
      ],
    };
    assert.deepEqual(adapter.contactInfo(c), { name: 'Мария Смирнова', email: 'maria@example.ru', phone: '+7 911 222-33-44' });
    assert.deepEqual(adapter.contactInfo({ name: 'ООО «Ромашка»', custom_fields_values: null }), { name: 'ООО «Ромашка»', email: '', phone: '' });
  });

  test('paging follows _links.next on the same origin only, and a 204 ends the list', async () => {
    const origin = 'https://shop.amocrm.ru';
    const pages = {
      '/api/v4/leads?page=1': { _links: { next: { href: `${origin}/api/v4/leads?page=2` } }, _embedded: { leads: [{ id: 1 }, { id: 2 }] } },
      '/api/v4/leads?page=2': { _links: { next: { href: `${origin}/api/v4/leads?page=3` } }, _embedded: { leads: [{ id: 3 }] } },
      '/api/v4/contacts?page=1': { _links: { next: { href: 'https://elsewhere.example/api/v4/contacts?page=2' } }, _embedded: { contacts: [{ id: 9 }] } },
    };
    const asked = [];
    const fakeFetch = async (href, init) => {
      const u = new URL(href);
      asked.push(u.href);
      assert.equal(init.credentials, 'same-origin');
      const body = pages[u.pathname + u.search];
      return body ? { ok: true, status: 200, json: async () => body } : { ok: true, status: 204, json: async () => null };
    };
    const leads = await adapter.fetchAll(fakeFetch, origin, '/api/v4/leads?page=1', 'leads');
    assert.deepEqual(leads.map((l) => l.id), [1, 2, 3]);
    assert.deepEqual(asked, [`${origin}/api/v4/leads?page=1`, `${origin}/api/v4/leads?page=2`, `${origin}/api/v4/leads?page=3`]);
    const contacts = await adapter.fetchAll(fakeFetch, origin, '/api/v4/contacts?page=1', 'contacts');
    assert.deepEqual(contacts.map((c) => c.id), [9]);
    assert.ok(asked.every((a) => a.startsWith(origin)), 'no request to another origin');
    await assert.rejects(adapter.fetchAll(async () => ({ ok: false, status: 401 }), origin, '/api/v4/leads', 'leads'), /401/);
  });

  test('the analysis options: the columns, the language, and today as the date recency counts to', () => {
    const now = Date.parse('2026-03-09T22:30:00Z');
    assert.deepEqual(adapter.analyzeOptions({ lang: 'en', timeZone: TZ, now }), { columns: { ...adapter.COLUMNS }, lang: 'en', asOf: '2026-03-10' });
    assert.equal(adapter.analyzeOptions({ timeZone: 'UTC', now }).asOf, '2026-03-09');
    assert.equal(adapter.analyzeOptions().lang, 'ru');
  });

  test('the request paths: leads with contacts 250 a page, contacts by id in chunks', () => {
    assert.equal(adapter.leadsPath(), '/api/v4/leads?with=contacts&page=1&limit=250');
    assert.equal(adapter.leadsPath({ since: 1700000000.7 }), '/api/v4/leads?with=contacts&page=1&limit=250&filter[closed_at][from]=1700000000');
    const ids = Array.from({ length: 120 }, (_, i) => 1000 + i);
    const paths = adapter.contactPaths([...ids, 1000]);
    assert.equal(paths.length, 3);
    assert.equal(paths[0].match(/filter\[id\]\[\]=/g).length, adapter.CONTACT_CHUNK);
    assert.ok(paths[0].startsWith('/api/v4/contacts?filter[id][]=1000&filter[id][]=1001&'));
  });
});

// ------------------------------------------------------------------ the recorded account
/** A fetch over fixtures/amocrm/ that answers as the stub host page does. */
function recordedFetch(origin) {
  const read = (name) => {
    const file = path.join(recordedDir, name);
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8').split(RECORDED_ORIGIN).join(origin)) : null;
  };
  const respond = (body) => (body ? { ok: true, status: 200, json: async () => body } : { ok: true, status: 204, json: async () => null });
  return async (href) => {
    const u = new URL(href);
    if (u.pathname === '/api/v4/leads') return respond(read(`leads-${u.searchParams.get('page') || 1}.json`));
    if (u.pathname === '/api/v4/contacts') {
      const ids = new Set(u.searchParams.getAll('filter[id][]'));
      const found = read('contacts.json')._embedded.contacts.filter((c) => ids.has(String(c.id)));
      return respond(found.length ? { _embedded: { contacts: found } } : null);
    }
    return { ok: false, status: 404, json: async () => ({}) };
  };
}

async function recordedAccount(lang) {
  return adapter.loadAccount({ fetch: recordedFetch('https://segmenta-demo.amocrm.ru'), origin: 'https://segmenta-demo.amocrm.ru', lang, timeZone: TZ });
}

const CONTACTS = JSON.parse(readFileSync(path.join(recordedDir, 'contacts.json'), 'utf8'))._embedded.contacts;
const REGULAR = String(CONTACTS[0].id); // a regular buyer
const NO_DEALS = String(CONTACTS[27].id); // no deals at all
const ONLY_LOST = String(CONTACTS[28].id); // one lost deal and an open one

test('the recorded account: its pages, and the rows the adapter makes of them', async () => {
  const { leads, contacts, rows, open, withoutContact } = await recordedAccount('ru');
  assert.ok(leads.length >= 100, `${leads.length} leads`);
  assert.ok(existsSync(path.join(recordedDir, 'leads-3.json')), 'several pages');
  assert.equal(rows.length + open + withoutContact, leads.length);
  assert.ok(open > 0 && withoutContact === 1);
  assert.ok(contacts.size >= 28 && contacts.get(REGULAR).email.endsWith('@example.ru'));
  assert.ok(rows.some((r) => r.status === 'Закрыто и не реализовано'));
  assert.ok(!rows.some((r) => r.client === NO_DEALS));
  assert.ok(rows.some((r) => r.client === ONLY_LOST) && !adapter.buyers(rows).has(ONLY_LOST));
  const first = rows[0].date;
  const last = rows[rows.length - 1].date;
  assert.ok(first < '2025-01-01' && last > '2026-10-01', `${first} … ${last}`);
});

// ------------------------------------------------------------------ the build
let out;
let pkgNode = null;

function zipEntries(buf) {
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const entries = new Map();
  for (let i = 0; i < count; i += 1) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    entries.set(name, method === 8 ? zlib.inflateRawSync(raw) : raw);
    at += 46 + nameLen + extra + comment;
  }
  return entries;
}

before(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'segmenta-amocrm-'));
  const built = spawnSync(process.execPath, [path.join(widgetSrc, 'build.mjs'), '--out', out], { encoding: 'utf8' });
  assert.equal(built.status, 0, built.stderr);
  pkgNode = await import('../../pkg/node.js');
});
after(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

test('widget.zip: manifest.json at the root, the widget files, the package and the logos', () => {
  const entries = zipEntries(readFileSync(path.join(out, 'widget.zip')));
  const manifest = JSON.parse(entries.get('manifest.json'));
  assert.deepEqual(manifest.widget.locale, ['ru', 'en']);
  assert.ok(manifest.locations.includes('ccard-1') && manifest.locations.includes('clist-0'));
  for (const name of ['script.js', 'adapter.js', 'i18n/ru.json', 'i18n/en.json', 'segmenta/segmenta-report.js', 'segmenta/segmenta.js', 'segmenta/segmenta_bg.wasm']) {
    assert.ok(entries.has(name), `${name} in the archive`);
  }
  assert.ok(![...entries.keys()].some((n) => n.startsWith('/') || n.includes('..') || n.startsWith('examples/')));
  assert.deepEqual(entries.get('segmenta/segmenta_bg.wasm'), readFileSync(path.join(root, 'pkg', 'segmenta_bg.wasm')));
  for (const lang of ['ru', 'en']) {
    const words = JSON.parse(entries.get(`i18n/${lang}.json`));
    assert.equal(words.segmenta.lang, lang);
    for (const key of [manifest.widget.name, manifest.widget.description, manifest.widget.short_description, manifest.settings.months.name]) {
      const [section, item] = key.split('.');
      assert.ok(words[section] && words[section][item], `${lang}: ${key}`);
    }
  }
  const sizes = { 'logo.png': [130, 100], 'logo_min.png': [84, 84], 'logo_medium.png': [240, 84], 'logo_main.png': [400, 272], 'logo_small.png': [108, 108] };
  for (const [name, [w, h]] of Object.entries(sizes)) {
    const png = entries.get(`images/${name}`);
    assert.ok(png && png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${name} is a PNG`);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [w, h], name);
    assert.ok(png.length < 300 * 1024);
  }
});

// ------------------------------------------------------------------ in the stub host page
let server;
let browser;

before(async () => {
  server = await serveStatic([['/widget/', out], ['/fixtures/', fixtures]]);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** The host page for `query`, with every request the browser made and the page's errors. */
async function openHost(tc, query, { locale = 'ru-RU' } = {}) {
  const context = await browser.newContext({ timezoneId: TZ, locale });
  tc.after(() => context.close());
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${m.text()} ${m.location().url || ''}`);
  });
  await page.goto(`${server.base}fixtures/amocrm-host.html?${new URLSearchParams(query)}`);
  await page.waitForFunction(() => window.host && (window.host.started || window.host.errors.length));
  assert.deepEqual(await page.evaluate(() => window.host.errors), []);
  return { page, requests, errors };
}

/** What analyzeRows gives for `id` on the adapter's rows: segment name and next action offer. */
function expected(rows, id, lang) {
  assert.equal(typeof pkgNode.analyzeRows, 'function', 'pkg/ exports analyzeRows');
  const report = pkgNode.analyzeRows(rows, adapter.analyzeOptions({ lang, timeZone: TZ }));
  const c = report.columns();
  const i = report.clientIds().indexOf(id);
  assert.ok(i >= 0, `${id} is a client of the report`);
  const a = c.action[i];
  return { report, segment: c.segmentNames[c.segment[i]], offer: a >= 0 ? c.actionOffers[a] : null, channel: a >= 0 ? c.actionChannels[a] : null };
}

function assertLocal(requests) {
  assert.ok(requests.length > 0);
  const away = requests.filter((u) => !u.startsWith(server.base));
  assert.deepEqual(away, [], 'no request leaves the local server');
}

/** The text of the <segmenta-report> under `scope` (its shadow root's). */
function reportText(page, scope) {
  return page.evaluate((sel) => document.querySelector(`${sel} segmenta-report`).shadowRoot.querySelector('.main').innerText, scope);
}

async function readyReport(page, scope) {
  await page.waitForFunction((sel) => {
    const el = document.querySelector(`${sel} segmenta-report`);
    return el && el.report && el.shadowRoot.querySelector('.main').childElementCount > 0;
  }, scope, { timeout: 60000 });
}

for (const lang of ['ru', 'en']) {
  test(`the contact card (${lang}): the contact's segment and next action as analyzeRows gives them`, async (tc) => {
    const { rows } = await recordedAccount(lang);
    const want = expected(rows, REGULAR, lang);
    const { page, requests, errors } = await openHost(tc, { area: 'ccard', card: REGULAR, lang }, { locale: lang === 'en' ? 'en-GB' : 'ru-RU' });
    assert.deepEqual(await page.evaluate(() => window.host.results), { render: true, init: true, bind_actions: true });
    const box = page.locator(`.card-widgets__widget-segmenta [data-segmenta="card"][data-contact="${REGULAR}"]`);
    await box.waitFor();
    await readyReport(page, '.card-widgets__widget-segmenta');
    const card = box.locator('segmenta-report .card');
    assert.equal(await card.getAttribute('data-client'), REGULAR);
    assert.equal((await card.locator('.segment').innerText()).trim(), want.segment);
    assert.equal((await card.locator('.next-action .offer').innerText()).trim(), want.offer);
    const shown = await page.evaluate(() => {
      const el = document.querySelector('.card-widgets__widget-segmenta segmenta-report');
      return { asOf: el.report.summary().asOf, currency: el.currency, lang: el.lang };
    });
    assert.deepEqual(shown, { asOf: adapter.analyzeOptions({ timeZone: TZ }).asOf, currency: 'RUB', lang });
    assert.equal(shown.asOf, want.report.summary().asOf);
    const text = await card.innerText();
    assert.ok(text.includes(CONTACTS[0].name), 'the contact name is on the card');
    assert.match(text, lang === 'en' ? /Next action/ : /Следующее действие/);
    assert.equal(await page.locator('.card-widgets__widget-segmenta .card-widgets__widget__caption').innerText(), lang === 'en' ? 'Client segments' : 'Сегменты клиентов');
    // Every lead page was read (following _links.next) and the contacts asked for by id.
    const api = await page.evaluate(() => window.host.requests.filter((u) => u.includes('/api/v4/')));
    assert.deepEqual(api.filter((u) => u.includes('/api/v4/leads')).map((u) => new URL(u).searchParams.get('page')), ['1', '2', '3']);
    assert.ok(api.some((u) => u.includes('/api/v4/contacts?filter[id][]=')));
    assert.ok(api.every((u) => u.startsWith(server.base)));
    assertLocal(requests);
    assert.deepEqual(errors, []);
  });
}

test('the contact card of contacts without a won deal says so, in the account language', async (tc) => {
  for (const [lang, id, words] of [['ru', NO_DEALS, /нет закрытых сделок/], ['en', ONLY_LOST, /no closed deals/]]) {
    const { page, requests } = await openHost(tc, { area: 'ccard', card: id, lang });
    const status = page.locator(`[data-segmenta="card"][data-contact="${id}"] .segmenta-status`);
    await page.waitForFunction((sel) => /сделок|deals/.test(document.querySelector(sel)?.textContent || '') && !/Загру|Load/.test(document.querySelector(sel).textContent), `[data-segmenta="card"][data-contact="${id}"] .segmenta-status`);
    assert.match(await status.innerText(), words);
    assert.equal(await page.locator('segmenta-report').count(), 0);
    assertLocal(requests);
  }
});

test('the contact list: the report of the selected contacts, then destroy removes it', async (tc) => {
  const selection = [CONTACTS[0], CONTACTS[1], CONTACTS[2], CONTACTS[5], CONTACTS[27], CONTACTS[28]].map((c) => String(c.id));
  const { rows } = await recordedAccount('ru');
  const mine = adapter.selectRows(rows, selection);
  const want = pkgNode.analyzeRows(mine, adapter.analyzeOptions({ lang: 'ru', timeZone: TZ }));
  const buyers = adapter.buyers(mine).size;
  assert.equal(buyers, 4);
  const { page, requests, errors } = await openHost(tc, { area: 'clist', lang: 'ru', selected: selection.join(',') });
  assert.deepEqual(await page.evaluate(() => window.host.results), { render: true, init: true, bind_actions: true });
  assert.equal(await page.locator('segmenta-report').count(), 0, 'nothing until the widget is chosen for the selection');
  assert.equal(await page.evaluate(() => window.host.widget.callbacks.contacts.selected()), true);
  await readyReport(page, '.segmenta-overlay');
  const got = await page.evaluate(() => {
    const el = document.querySelector('.segmenta-overlay segmenta-report');
    const s = el.report.summary();
    return { length: el.report.length, customers: s.customers, ids: el.report.clientIds().sort(), asOf: s.asOf };
  });
  assert.equal(got.asOf, adapter.analyzeOptions({ timeZone: TZ }).asOf, 'recency counts to today, not to the selection\'s last deal');
  assert.equal(got.length, want.length);
  assert.equal(got.customers, buyers, 'the selection\'s buyers are the report\'s customers');
  assert.deepEqual(got.ids, want.clientIds().sort());
  assert.ok(got.ids.every((id) => selection.includes(id)));
  assert.equal(await page.locator('.segmenta-panel__note').innerText(), `Выбрано контактов: ${selection.length}, из них с закрытыми сделками: ${buyers}`);
  assert.match(await reportText(page, '.segmenta-overlay'), /Сегменты/);
  // destroy: the panel, the element and the styles are gone.
  assert.equal(await page.evaluate(() => window.host.widget.callbacks.destroy()), true);
  assert.equal(await page.locator('segmenta-report').count(), 0);
  assert.equal(await page.locator('.segmenta-overlay, [data-segmenta], #segmenta-widget-style').count(), 0);
  assertLocal(requests);
  assert.deepEqual(errors, []);
});

test('the contact list without a selection: the whole base; the leads list: the selected leads\' contacts', async (tc) => {
  const { rows, leads } = await recordedAccount('en');
  const all = pkgNode.analyzeRows(rows, adapter.analyzeOptions({ lang: 'en', timeZone: TZ }));
  {
    const { page, requests } = await openHost(tc, { area: 'clist', lang: 'en' });
    assert.equal(await page.evaluate(() => window.host.widget.callbacks.contacts.selected()), true);
    await readyReport(page, '.segmenta-overlay');
    assert.equal(await page.evaluate(() => document.querySelector('.segmenta-overlay segmenta-report').report.length), all.length);
    assert.equal(await page.locator('.segmenta-panel__note').innerText(), `Whole base: contacts with closed deals: ${adapter.buyers(rows).size}`);
    assert.match(await reportText(page, '.segmenta-overlay'), /Segments/);
    await page.locator('.segmenta-panel__close').click();
    assert.equal(await page.locator('.segmenta-overlay').count(), 0);
    assertLocal(requests);
  }
  {
    const picked = leads.filter((l) => l.status_id === 142).slice(0, 4).map((l) => String(l.id));
    const clients = adapter.contactsOfLeads(leads, picked);
    const { page, requests } = await openHost(tc, { area: 'llist', lang: 'en', selected: picked.join(',') });
    assert.equal(await page.evaluate(() => window.host.widget.callbacks.leads.selected()), true);
    await readyReport(page, '.segmenta-overlay');
    const ids = await page.evaluate(() => document.querySelector('.segmenta-overlay segmenta-report').report.clientIds().sort());
    assert.deepEqual(ids, [...clients].sort());
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.segmenta-overlay').count(), 0);
    assertLocal(requests);
  }
});

test('the settings page: settings and onSave return true, the hint follows the language', async (tc) => {
  for (const [lang, word] of [['ru', /успешным сделкам/], ['en', /won deals/]]) {
    const { page, requests } = await openHost(tc, { area: 'settings', lang });
    const results = await page.evaluate(() => window.host.results);
    assert.equal(results.render, true);
    assert.equal(results.settings, true);
    assert.equal(results.onSave, true);
    assert.match(await page.locator('.widget-settings__modal .segmenta-settings-hint').innerText(), word);
    assert.equal(await page.evaluate(() => window.host.widget.callbacks.destroy()), true);
    assert.equal(await page.locator('.segmenta-settings-hint').count(), 0);
    assert.equal(await page.locator('segmenta-report').count(), 0);
    assertLocal(requests);
  }
});
