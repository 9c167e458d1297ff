// The Bitrix24 adapter without a browser: the mapping of the recorded CRM answers to
// order rows, the paging plan (never more than 50 commands a batch), the loaders over the
// SDK-like and the HTTP transports, the placements, and the two handlers.
//   node --test examples/bitrix24/tests/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  toRows, planBatches, laterStarts, loadCrm, restTransport, bx24Transport, parseBatch, toQuery,
  firstValue, contactName, calendarDate, currencyRates, placementView, installCommands, describe,
  COLUMNS, WON_STATUS, LOST_STATUS, BATCH_LIMIT, DEAL_SELECT, CONTACT_SELECT,
} from '../adapter.js';
import { handler as serverHandler, resolvePath, start } from '../handler/server.mjs';
import worker, { originUrl } from '../handler/worker.js';

import { fixture, recordedFixtures, fixtureCrm } from './fixtures.mjs';

const dir = fileURLToPath(new URL('../', import.meta.url));

test('the fixtures have the shape of Bitrix24 answers', () => {
  const first = fixture('crm.deal.list.0.json');
  assert.equal(first.result.length, 50);
  assert.equal(first.next, 50);
  assert.equal(first.total, 100);
  for (const k of ['start', 'finish', 'duration', 'processing', 'date_start', 'date_finish']) assert.ok(k in first.time, k);
  const last = fixture('crm.deal.list.50.json');
  assert.equal(last.next, undefined, 'the last page has no next');
  const batch = fixture('batch.json');
  for (const k of ['result', 'result_error', 'result_total', 'result_next']) assert.ok(k in batch.result, k);
  assert.deepEqual(batch.result.result_error, []);
  assert.deepEqual(batch.result.result.deals, first.result);
  assert.equal(batch.result.result_next.deals, 50);
  assert.equal(batch.result.result_next.contacts, undefined, 'one page of contacts');
  const crm = fixtureCrm();
  assert.equal(crm.contacts.length, 32);
  const withDeals = new Set(crm.deals.map((d) => d.CONTACT_ID).filter(Boolean));
  assert.ok(crm.contacts.some((c) => !withDeals.has(c.ID)), 'some contacts have no deals');
  for (const s of ['S', 'F', 'P']) assert.ok(crm.deals.some((d) => d.STAGE_SEMANTIC_ID === s), s);
  const years = new Set(crm.deals.map((d) => d.CLOSEDATE.slice(0, 4)).filter(Boolean));
  assert.deepEqual([...years].sort(), ['2025', '2026']);
});

test('deals become order rows: won ones as purchases, lost ones as cancelled, the rest counted', () => {
  const crm = fixtureCrm();
  const m = toRows(crm);
  const bySemantic = (s) => crm.deals.filter((d) => d.STAGE_SEMANTIC_ID === s && d.IS_RECURRING !== 'Y');
  const noClient = crm.deals.filter((d) => !d.CONTACT_ID && d.COMPANY_ID === '0');
  assert.equal(noClient.length, 1);
  assert.equal(m.won, bySemantic('S').length - noClient.length);
  assert.equal(m.lost, bySemantic('F').length);
  assert.equal(m.skipped.inProgress, bySemantic('P').length);
  assert.equal(m.skipped.recurring, 1);
  assert.equal(m.skipped.noClient, 1);
  assert.equal(m.rows.length, m.won + m.lost);
  assert.equal(m.currency, 'RUB');
  for (const r of m.rows) {
    assert.deepEqual(Object.keys(r).sort(), Object.values(COLUMNS).sort());
    assert.match(r.date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok([WON_STATUS, LOST_STATUS].includes(r.status));
    assert.equal(typeof r.amount, 'number');
  }
  // A contact's deal: its name «Фамилия Имя Отчество», e-mail and phone.
  const contact = crm.contacts.find((c) => c.ID === '1');
  const row = m.rows.find((r) => r.client === '1');
  assert.equal(row.name, contactName(contact));
  assert.equal(row.email, contact.EMAIL[0].VALUE);
  // Company-only deals: `company:<id>` with the company's title.
  const firm = m.rows.find((r) => r.client === 'company:1');
  assert.equal(firm.name, 'ООО «Северный ветер»');
  assert.equal(firm.email, 'zakaz@sev-veter.ru');
  // A deal with both a contact and a company belongs to the contact…
  const both = crm.deals.find((d) => d.CONTACT_ID && d.COMPANY_ID !== '0');
  assert.equal(m.rows.find((r) => r.orderId === both.ID).client, both.CONTACT_ID);
  // …or to the company with clientBy: 'company'.
  assert.equal(toRows(crm, { clientBy: 'company' }).rows.find((r) => r.orderId === both.ID).client, `company:${both.COMPANY_ID}`);
  // The dollar deal in roubles at the portal's rate.
  const usd = crm.deals.find((d) => d.CURRENCY_ID === 'USD');
  assert.equal(m.rows.find((r) => r.orderId === usd.ID).amount, Number(usd.OPPORTUNITY) * 92.5);
  // Per client: won, lost and open deals.
  assert.ok([...m.clients.values()].some((c) => c.won === 0 && c.lost > 0), 'a client with only lost deals');
});

test('dates, currencies, multifields and names', () => {
  assert.equal(calendarDate('2025-03-14T03:00:00+03:00'), '2025-03-14');
  assert.equal(calendarDate(''), '');
  assert.equal(calendarDate(null), '');
  const base = { ID: '1', CONTACT_ID: '7', COMPANY_ID: '0', STAGE_SEMANTIC_ID: 'S', OPPORTUNITY: '100.50', CURRENCY_ID: 'RUB' };
  assert.equal(toRows({ deals: [{ ...base, CLOSEDATE: '', DATE_MODIFY: '2026-02-01T10:00:00+03:00' }] }).rows[0].date, '2026-02-01', 'DATE_MODIFY when there is no CLOSEDATE');
  assert.equal(toRows({ deals: [{ ...base, CLOSEDATE: '', DATE_MODIFY: '' }] }).skipped.noDate, 1);
  const kzt = toRows({ deals: [{ ...base, CLOSEDATE: '2026-01-01', CURRENCY_ID: 'KZT' }], currencies: fixtureCrm().currencies });
  assert.equal(kzt.skipped.unknownCurrency, 1, 'a currency without a rate is not mixed with roubles');
  assert.equal(toRows({ deals: [{ ...base, CLOSEDATE: '2026-01-01' }] }).rows[0].amount, 100.5, 'without currencies, amounts as they are');
  assert.deepEqual(currencyRates([{ CURRENCY: 'RUB', BASE: 'Y', AMOUNT: '1', AMOUNT_CNT: 1 }, { CURRENCY: 'KZT', AMOUNT: '18.2', AMOUNT_CNT: 100 }]), { base: 'RUB', rates: { RUB: 1, KZT: 0.182 } });
  const phones = [{ VALUE: ' ', VALUE_TYPE: 'MOBILE' }, { VALUE: '+7 495 000-00-00', VALUE_TYPE: 'WORK' }, { VALUE: '+7 900 111-22-33', VALUE_TYPE: 'MOBILE' }];
  assert.equal(firstValue(phones, ['MOBILE']), '+7 900 111-22-33');
  assert.equal(firstValue(phones), '+7 495 000-00-00');
  assert.equal(firstValue(undefined), '');
  assert.equal(contactName({ NAME: 'Анна', LAST_NAME: 'Иванова', SECOND_NAME: '' }), 'Иванова Анна');
  assert.equal(toRows({ deals: [{ ...base, CONTACT_ID: null, COMPANY_ID: null, CLOSEDATE: '2026-01-01' }] }).skipped.noClient, 1);
});

test('the paging plan: every later page once, at most 50 commands a batch', () => {
  assert.deepEqual(laterStarts(0), []);
  assert.deepEqual(laterStarts(50), []);
  assert.deepEqual(laterStarts(51), [50]);
  assert.deepEqual(laterStarts(120), [50, 100]);
  const lists = {
    deals: { method: 'crm.deal.list', params: { select: DEAL_SELECT }, total: 5001 },
    contacts: { method: 'crm.contact.list', params: { select: CONTACT_SELECT }, total: 120 },
  };
  const batches = planBatches(lists);
  const commands = batches.flatMap((b) => Object.entries(b));
  assert.ok(batches.every((b) => Object.keys(b).length <= BATCH_LIMIT));
  assert.equal(commands.length, 100 + 2);
  assert.equal(batches.length, 3);
  const dealStarts = commands.filter(([, [m]]) => m === 'crm.deal.list').map(([, [, p]]) => p.start);
  assert.deepEqual(dealStarts, Array.from({ length: 100 }, (_, i) => (i + 1) * 50));
  assert.deepEqual(commands[0][1][1].select, DEAL_SELECT, 'only the fields needed');
});

/** A transport over in-memory lists, as the portal pages them. */
function memoryTransport(data, { failing = {} } = {}) {
  const batches = [];
  const page = (method, params) => {
    if (failing[method]) return { error: failing[method] };
    const all = data[method] || [];
    const start = params.start || 0;
    return { result: all.slice(start, start + 50), total: all.length, next: start + 50 < all.length ? start + 50 : undefined, error: '' };
  };
  return {
    batches,
    call: async (method, params) => page(method, params),
    batch: async (commands) => {
      batches.push(Object.keys(commands).length);
      assert.ok(Object.keys(commands).length <= BATCH_LIMIT, 'at most 50 commands');
      return Object.fromEntries(Object.entries(commands).map(([k, [m, p]]) => [k, page(m, p)]));
    },
  };
}

test('loading a large portal: every deal once, batches of at most 50 commands, progress', async () => {
  const deals = Array.from({ length: 3210 }, (_, i) => ({ ID: String(i + 1), CONTACT_ID: String((i % 40) + 1), STAGE_SEMANTIC_ID: 'S', OPPORTUNITY: '10', CLOSEDATE: '2026-01-01' }));
  const contacts = Array.from({ length: 75 }, (_, i) => ({ ID: String(i + 1), NAME: `Имя ${i + 1}` }));
  const t = memoryTransport({ 'crm.deal.list': deals, 'crm.contact.list': contacts, 'crm.company.list': [], 'crm.currency.list': [] });
  const progress = [];
  const got = await loadCrm(t, { onProgress: (p) => progress.push(p) });
  assert.equal(got.deals.length, 3210);
  assert.equal(new Set(got.deals.map((d) => d.ID)).size, 3210);
  assert.equal(got.contacts.length, 75);
  assert.deepEqual(got.batches, t.batches);
  assert.deepEqual(t.batches, [4, 50, 15], 'first pages, then 64 deal pages and 1 contact page');
  assert.deepEqual(progress.at(-1), { loaded: 3285, total: 3285 });
});

test('a deals error stops the loading; a contacts error leaves the names out', async () => {
  const data = { 'crm.deal.list': fixtureCrm().deals, 'crm.contact.list': [], 'crm.company.list': [], 'crm.currency.list': [] };
  await assert.rejects(loadCrm(memoryTransport(data, { failing: { 'crm.deal.list': 'Access denied.' } })), /crm\.deal\.list: Access denied/);
  const got = await loadCrm(memoryTransport(data, { failing: { 'crm.contact.list': 'Access denied.' } }));
  assert.equal(got.deals.length, 100);
  assert.deepEqual(got.warnings, ['crm.contact.list: Access denied.']);
});

test('the HTTP transport: batch commands as query strings, the batch answer read back', async () => {
  assert.equal(toQuery({ select: ['ID', 'NAME'], order: { ID: 'ASC' }, start: 50 }), 'select%5B0%5D=ID&select%5B1%5D=NAME&order%5BID%5D=ASC&start=50');
  const recordedBatch = fixture('batch.json');
  const sent = [];
  const fetch = async (url, init) => {
    sent.push({ url, body: JSON.parse(init.body) });
    return { json: async () => recordedBatch };
  };
  const t = restTransport('https://example.bitrix24.ru/rest/1/secret', { fetch });
  const first = await t.batch({ deals: ['crm.deal.list', { select: ['ID'], start: 0 }], contacts: ['crm.contact.list', { start: 0 }] });
  assert.equal(sent[0].url, 'https://example.bitrix24.ru/rest/1/secret/batch.json');
  assert.equal(sent[0].body.halt, 0);
  assert.equal(sent[0].body.cmd.deals, 'crm.deal.list?select%5B0%5D=ID&start=0');
  assert.equal(first.deals.result.length, 50);
  assert.equal(first.deals.total, 100);
  assert.equal(first.deals.next, 50);
  assert.equal(first.contacts.next, undefined);
  const errors = parseBatch({ result: { result: {}, result_error: { deals: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } }, result_total: [], result_next: [] } }, ['deals']);
  assert.equal(errors.deals.error, 'Too many requests');
});

test('the SDK transport reads ajaxResult objects and refuses batches over 50', async () => {
  const ajax = (answer) => ({ answer, data: () => answer.result, error: () => (answer.error ? { ex: { error: answer.error, error_description: answer.error_description } } : false), total: () => answer.total });
  const BX24 = {
    callMethod: (m, p, cb) => cb(ajax({ result: [{ ID: '1' }], total: 1 })),
    callBatch: (calls, cb) => cb(Object.fromEntries(Object.keys(calls).map((k) => [k, ajax(k === 'bad' ? { error: 'ERROR', error_description: 'Nope' } : { result: [], total: 0 })]))),
  };
  const t = bx24Transport(BX24);
  assert.deepEqual(await t.call('crm.deal.list', {}), { result: [{ ID: '1' }], total: 1, next: undefined, error: '' });
  const r = await t.batch({ ok: ['crm.deal.list', {}], bad: ['crm.deal.list', {}] });
  assert.equal(r.ok.error, '');
  assert.equal(r.bad.error, 'Nope');
  const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, ['crm.deal.list', {}]]));
  assert.throws(() => t.batch(tooMany), /more than 50/);
});

test('placements: a card tab shows one client, the list menus the whole base', () => {
  assert.deepEqual(placementView({ placement: 'CRM_CONTACT_DETAIL_TAB', options: { ID: '12' } }), { mode: 'card', placement: 'CRM_CONTACT_DETAIL_TAB', client: '12' });
  assert.deepEqual(placementView({ placement: 'CRM_CONTACT_DETAIL_TAB', options: '{"ID":"12"}' }).client, '12');
  assert.equal(placementView({ placement: 'CRM_COMPANY_DETAIL_TAB', options: { ID: '4' } }).client, 'company:4');
  assert.equal(placementView({ placement: 'CRM_CONTACT_LIST_MENU', options: { ID: '12' } }).mode, 'base');
  assert.equal(placementView({ placement: 'CRM_DEAL_LIST_MENU', options: {} }).mode, 'base');
  assert.equal(placementView({ placement: 'DEFAULT', options: [] }).mode, 'base');
  assert.equal(placementView(undefined).mode, 'base');
  const cmds = installCommands('https://app.example.ru/b24/');
  const binds = Object.entries(cmds).filter(([k]) => k.startsWith('bind_')).map(([, [m, p]]) => [m, p.PLACEMENT, p.HANDLER]);
  assert.deepEqual(binds.map((b) => b[1]), ['CRM_CONTACT_DETAIL_TAB', 'CRM_COMPANY_DETAIL_TAB', 'CRM_CONTACT_LIST_MENU', 'CRM_DEAL_LIST_MENU']);
  assert.ok(binds.every(([m, , h]) => m === 'placement.bind' && h === 'https://app.example.ru/b24/'));
  assert.ok(Object.keys(cmds).length <= BATCH_LIMIT);
  const keys = Object.keys(cmds);
  assert.ok(keys.indexOf('unbind_CRM_CONTACT_DETAIL_TAB') < keys.indexOf('bind_CRM_CONTACT_DETAIL_TAB'), 'unbind before bind');
});

test('what was read and left out, in Russian and English', () => {
  const m = toRows(fixtureCrm());
  const ru = describe(m, 'ru');
  assert.equal(ru[0], `Прочитано сделок: успешных — ${m.won}, проваленных — ${m.lost} (учтены как отменённые, без выручки).`);
  assert.ok(ru.includes(`Не учтено: ${m.skipped.inProgress} сделок — ещё в работе.`), ru.join('\n'));
  assert.ok(ru.includes('Не учтено: 1 сделка — шаблоны регулярных сделок.'));
  assert.ok(ru.includes('Суммы в RUB.'));
  assert.ok(describe(m, 'en').includes('Not counted: 1 deal, without a contact or a company.'));
});

test('the Node handler answers the POST with the page and hides its own files', async (t) => {
  assert.equal(resolvePath('/app', '/../etc/passwd'), null);
  assert.equal(resolvePath('/app', '/handler/server.mjs'), null);
  assert.equal(resolvePath('/app', '/.gitignore'), null);
  assert.equal(resolvePath('/app', '/'), '/app/index.html');
  assert.equal(typeof serverHandler(dir), 'function');
  const { url, close } = await start({ root: dir, port: 0 });
  t.after(close);
  const form = new URLSearchParams({ AUTH_ID: 'a', REFRESH_ID: 'r', DOMAIN: 'example.bitrix24.ru', PLACEMENT: 'CRM_CONTACT_DETAIL_TAB', PLACEMENT_OPTIONS: '{"ID":"3"}' });
  const post = await fetch(url, { method: 'POST', body: form });
  assert.equal(post.status, 200);
  assert.match(post.headers.get('content-type'), /text\/html/);
  assert.equal(await post.text(), readFileSync(`${dir}index.html`, 'utf8'));
  const install = await fetch(url + 'install.html', { method: 'POST', body: form });
  assert.match(await install.text(), /install\(\)/);
  assert.equal((await fetch(url + 'adapter.js')).headers.get('content-type'), 'text/javascript; charset=utf-8');
  assert.equal((await fetch(url + 'handler/server.mjs')).status, 404);
  assert.equal((await fetch(url + 'fixtures/batch.json')).status, 404);
  assert.equal((await fetch(url, { method: 'PUT' })).status, 405);
});

test('the worker answers the POST with the page fetched as a GET', async () => {
  const seen = [];
  const ASSETS = { fetch: async (req) => { seen.push([req.method, req.url]); return new Response('<html>page</html>', { headers: { 'Content-Type': 'text/html', 'Cache-Control': 'max-age=600' } }); } };
  const res = await worker.fetch(new Request('https://app.example.ru/', { method: 'POST', body: 'AUTH_ID=a&PLACEMENT=DEFAULT', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), { ASSETS });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '<html>page</html>');
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.deepEqual(seen, [['GET', 'https://app.example.ru/']]);
  assert.equal((await worker.fetch(new Request('https://app.example.ru/handler/worker.js'), { ASSETS })).status, 404);
  assert.equal((await worker.fetch(new Request('https://app.example.ru/', { method: 'DELETE' }), { ASSETS })).status, 405);
  assert.equal(originUrl('https://me.github.io/app', 'https://w.example.ru/install.html?x=1'), 'https://me.github.io/app/install.html?x=1');
  assert.equal(originUrl('https://me.github.io/app/', 'https://w.example.ru/'), 'https://me.github.io/app/');
});
