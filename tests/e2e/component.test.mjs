// The <segmenta-report> element (pkg/segmenta-report.js) in headless Chromium under the
// strict Content-Security-Policy it is meant for: it renders the sample with the report's
// real numbers, fires its events with the right details, speaks Russian and English, shows
// one client's card (or that the id is unknown), analyses rows of objects, survives being
// registered twice, and does all that without a CSP violation or a page error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic, launch } from './static.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = path.join(root, 'tests', 'artifacts');
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'";

let server;
let browser;

before(async () => {
  assert.ok(existsSync(path.join(root, 'pkg', 'segmenta_bg.wasm')), 'pkg/ is built (scripts/build-pkg.sh)');
  assert.ok(existsSync(path.join(root, 'pkg', 'segmenta-report.js')), 'pkg/segmenta-report.js is there (node scripts/finish-pkg.mjs)');
  server = await serveStatic([['/pkg/', path.join(root, 'pkg')], ['/', path.join(root, 'www')]], { headers: { 'Content-Security-Policy': CSP } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * A fresh page on `url` (relative to the server) with its problems collected: page errors,
 * console errors and failed loads; `clean()` adds the CSP violations the page saw.
 */
async function open(t, url = 'component.html') {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  t.after(() => context.close());
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // Failed loads are told with their address below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    // The browser asks for a favicon the page does not have.
    if (r.status() >= 400 && new URL(r.url()).pathname !== '/favicon.ico') problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(server.base + url);
  return { page, problems };
}

/** Asserts that nothing went wrong on the page. */
async function clean(page, problems) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  assert.deepEqual(problems, [], 'no page or console error');
}

/** Waits until the element `sel` has a report rendered (its summary or its card). */
async function rendered(page, sel = '#report') {
  await page.waitForFunction((s) => {
    const el = document.querySelector(s);
    return el && el.report && el.shadowRoot.querySelector('.summary, .card, .not-found');
  }, sel);
}

/** Starts recording the element's events into `window.__events`. */
function record(page, sel = '#report') {
  return page.evaluate((s) => {
    window.__events = [];
    const el = document.querySelector(s);
    for (const type of ['segment-select', 'client-select', 'segmenta-ready', 'segmenta-error']) {
      // Caught at the document: the events bubble out of the element.
      document.addEventListener(type, (e) => {
        if (e.target !== el) return;
        const d = e.detail;
        window.__events.push({ type, composed: e.composed, bubbles: e.bubbles, detail: d.report ? { length: d.report.length } : d.error ? { message: d.error.message, kind: d.error.kind } : d });
      });
    }
  }, sel);
}

const events = (page, type) => page.evaluate((t) => window.__events.filter((e) => e.type === t), type);

test('renders the sample with the real numbers, segments with actions and clients', async (t) => {
  const { page, problems } = await open(t);
  await rendered(page);
  const facts = await page.evaluate(() => {
    const el = document.getElementById('report');
    const s = el.report.summary();
    return {
      length: el.report.length,
      customers: s.customers,
      revenue: s.revenue,
      bins: s.bins,
      segments: s.segments.map((x) => ({ key: x.key, name: x.segment, customers: x.customers, offer: x.action ? x.action.offer : null })),
      firstId: el.report.clientIds()[0],
    };
  });
  assert.ok(facts.length > 1000, `the sample has its clients: ${facts.length}`);
  const host = page.locator('#report');
  const kpi = await host.locator('[data-kpi="clients"] .kpi-value').textContent();
  assert.equal(kpi.replace(/\D/g, ''), String(facts.length), `clients shown ${kpi}`);
  const revenue = await host.locator('[data-kpi="revenue"] .kpi-value').textContent();
  assert.equal(revenue.replace(/\D/g, ''), String(Math.round(facts.revenue)), `revenue shown ${revenue}`);
  assert.match(await host.locator('[data-kpi="period"] .kpi-value').textContent(), /\d{2}[./]\d{2}[./]\d{4} — \d{2}[./]\d{2}[./]\d{4}/);

  // The grid: bins × bins cells whose counts add up to the clients with orders.
  const cells = await host.locator('.rf-cell').evaluateAll((els) => els.map((e) => Number(e.dataset.count)));
  assert.equal(cells.length, facts.bins * facts.bins);
  assert.equal(cells.reduce((a, b) => a + b, 0), facts.customers);

  // The segments: one row each, with its size and its recommended action.
  const rows = await host.locator('tr[part="segment-row"]').evaluateAll((els) =>
    els.map((tr) => ({ key: tr.dataset.key, clients: tr.cells[1].textContent, action: tr.querySelector('.action').textContent })),
  );
  assert.equal(rows.length, facts.segments.length);
  for (const seg of facts.segments) {
    const row = rows.find((r) => r.key === seg.key);
    assert.ok(row, `a row for ${seg.key}`);
    assert.equal(row.clients.replace(/\D/g, ''), String(seg.customers));
    if (seg.offer) assert.ok(row.action.includes(seg.offer), `${seg.key}: ${row.action}`);
  }
  assert.ok(facts.segments.filter((x) => x.customers > 0 && x.offer).length >= 3, 'segments come with actions');

  // The clients: the first 100 in report order, with segment and next action.
  const clientRows = host.locator('tr[part="client-row"]');
  assert.equal(await clientRows.count(), 100);
  assert.equal(await clientRows.first().getAttribute('data-id'), facts.firstId);
  assert.match(await host.locator('.clients .count').textContent(), /100 of 1[\s,.]?\d{3}/);
  const headers = await host.locator('.clients-table thead th').allTextContents();
  assert.deepEqual(headers.map((x) => x.trim()), ['Client', 'Segment', 'RFM', 'Orders', 'Revenue', 'Last order', 'Next action']);
  assert.match(await host.locator('[part="status"]').textContent(), /Ready/);
  assert.equal(await host.locator('[part="status"]').getAttribute('aria-live'), 'polite');

  // Sorting by revenue puts the largest first.
  await host.locator('button[data-sort="revenue"]').click();
  const top = await page.evaluate(() => {
    const el = document.getElementById('report');
    const c = el.report.columns();
    let best = 0;
    for (let i = 1; i < c.length; i++) if (c.revenue[i] > c.revenue[best]) best = i;
    return el.report.clientIds()[best];
  });
  assert.equal(await clientRows.first().getAttribute('data-id'), top);
  assert.equal(await host.locator('th[aria-sort="descending"]').count(), 1);

  mkdirSync(artifacts, { recursive: true });
  await page.screenshot({ path: path.join(artifacts, 'component.png'), fullPage: true });
  await clean(page, problems);
});

test('segment-select and client-select fire with the right detail', async (t) => {
  const { page, problems } = await open(t);
  await rendered(page);
  await record(page);
  const host = page.locator('#report');

  const row = host.locator('tr[part="segment-row"][data-pick="segment"]').nth(1);
  const key = await row.getAttribute('data-key');
  await row.locator('td').nth(2).click();
  const [seg] = await events(page, 'segment-select');
  assert.ok(seg, 'segment-select fired');
  assert.equal(seg.bubbles, true);
  assert.equal(seg.composed, true);
  const expected = await page.evaluate((k) => {
    const el = document.getElementById('report');
    const c = el.report.columns();
    const ids = el.report.clientIds();
    const index = c.segmentKeys.indexOf(k);
    const clients = ids.filter((_, i) => c.segment[i] === index && c.recency[i] >= 0);
    return { name: c.segmentNames[index], clients, customers: el.report.summary().segments.find((x) => x.key === k).customers };
  }, key);
  assert.equal(seg.detail.key, key);
  assert.equal(seg.detail.kind, 'segment');
  assert.equal(seg.detail.name, expected.name);
  assert.deepEqual(seg.detail.clients, expected.clients);
  assert.equal(seg.detail.count, expected.customers);
  // The client table now shows that segment only.
  const segNames = await host.locator('tr[part="client-row"] td.segment').allTextContents();
  assert.ok(segNames.length > 0 && segNames.every((x) => x === expected.name), 'the table is filtered to the segment');

  // Keyboard: Enter on the segment's button selects it too.
  await host.locator('tr[part="segment-row"][data-pick="segment"]').first().locator('button').focus();
  await page.keyboard.press('Enter');
  assert.equal((await events(page, 'segment-select')).length, 2);

  // A grid cell.
  const cell = host.locator('.rf-cell:not([disabled])').first();
  const [r, f, count] = await Promise.all(['data-r', 'data-f', 'data-count'].map((a) => cell.getAttribute(a)));
  await cell.click();
  const gridEvent = (await events(page, 'segment-select')).at(-1);
  assert.equal(gridEvent.detail.kind, 'rf');
  assert.equal(gridEvent.detail.key, `rf:${r}:${f}`);
  assert.equal(gridEvent.detail.name, `R${r} F${f}`);
  assert.equal(gridEvent.detail.count, Number(count));
  assert.equal(gridEvent.detail.clients.length, Number(count));
  assert.equal(await cell.getAttribute('aria-pressed'), 'true');
  assert.equal(await host.locator('tr[part="client-row"]').count(), Math.min(100, Number(count)));

  // A client row.
  const client = host.locator('tr[part="client-row"]').nth(2);
  const id = await client.getAttribute('data-id');
  await client.locator('td').nth(1).click();
  const [picked] = await events(page, 'client-select');
  assert.ok(picked, 'client-select fired');
  assert.equal(picked.detail.id, id);
  assert.equal(await page.evaluate((row) => document.getElementById('report').report.clientIds()[row], picked.detail.row), id);
  // Its default: the client's card above the table.
  const card = host.locator('.clients [part="card"]');
  await card.waitFor();
  assert.equal(await card.getAttribute('data-client'), id);
  await card.locator('button[data-close]').click();
  assert.equal(await host.locator('.clients [part="card"]').count(), 0);

  const ready = await events(page, 'segmenta-ready');
  assert.equal(ready.length, 0, 'choosing does not render the report again');
  await clean(page, problems);
});

test('the lang switch changes the words', async (t) => {
  const { page, problems } = await open(t);
  await rendered(page);
  await record(page);
  const host = page.locator('#report');
  assert.equal((await host.locator('#segments-title').textContent()).trim(), 'Segments');
  const englishNames = await host.locator('tr[part="segment-row"] th button').allTextContents();
  await page.click('button[data-lang="ru"]');
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'segmenta-ready'));
  await page.waitForFunction(() => document.getElementById('report').shadowRoot.querySelector('#segments-title')?.textContent === 'Сегменты');
  assert.equal((await host.locator('#summary-title').textContent()).trim(), 'Сводка');
  const headers = await host.locator('.clients-table thead th').allTextContents();
  assert.deepEqual(headers.map((x) => x.trim()), ['Клиент', 'Сегмент', 'RFM', 'Заказов', 'Выручка', 'Последний заказ', 'Следующее действие']);
  const names = await host.locator('tr[part="segment-row"] th button').allTextContents();
  assert.ok(names.every((x) => /[а-яё]/i.test(x)), `segment names in Russian: ${names}`);
  assert.notDeepEqual(names, englishNames);
  assert.match(await host.locator('[part="status"]').textContent(), /Готово/);
  const shadowText = await host.locator('.main').textContent();
  for (const word of ['Revenue', 'Clients', 'Recommended action', 'Showing']) assert.ok(!shadowText.includes(word), `no "${word}" left`);
  assert.equal(await page.evaluate(() => document.getElementById('report').lang), 'ru');
  await clean(page, problems);
});

test('the client attribute shows one card, or that the id is unknown', async (t) => {
  const { page, problems } = await open(t);
  await rendered(page);
  const pick = await page.evaluate(() => {
    const r = document.getElementById('report').report;
    const c = r.columns();
    const ids = r.clientIds();
    let row = 0;
    while (row < c.length && (c.action[row] < 0 || c.recency[row] < 0)) row++;
    return { id: ids[row], segment: c.segmentNames[c.segment[row]], offer: c.actionOffers[c.action[row]], labels: r.explain(ids[row]).labels.length };
  });
  await page.evaluate((id) => {
    const el = document.createElement('segmenta-report');
    el.id = 'card';
    el.setAttribute('sample', '');
    el.setAttribute('lang', 'en');
    el.setAttribute('client', id);
    document.body.append(el);
  }, pick.id);
  await rendered(page, '#card');
  const card = page.locator('#card [part="card"]');
  assert.equal(await card.getAttribute('data-client'), pick.id);
  assert.equal(await card.locator('.card-seg .segment').textContent(), pick.segment);
  assert.equal(await card.locator('.next-action .offer').textContent(), pick.offer);
  assert.equal(await card.locator('table.explain tbody tr').count(), pick.labels);
  assert.ok((await card.locator('table.explain tbody tr .reason').first().textContent()).length > 5, 'a reason is given');
  assert.equal(await page.locator('#card .summary').count(), 0, 'only the card');
  assert.equal(await page.locator('#card [data-stat="orders"] .stat-value').count(), 1);

  await page.evaluate(() => {
    document.getElementById('card').client = 'no-such-client';
  });
  const missing = page.locator('#card [part~="not-found"]');
  await missing.waitFor();
  assert.equal(await missing.textContent(), 'Client “no-such-client” is not in the data.');
  await page.evaluate(() => {
    document.getElementById('card').lang = 'ru';
  });
  await page.waitForFunction(() => document.getElementById('card').shadowRoot.querySelector('.not-found')?.textContent.includes('нет в данных'));
  assert.equal(await missing.textContent(), 'Клиента «no-such-client» нет в данных.');
  await clean(page, problems);
});

test('registering twice does not throw', async (t) => {
  const { page, problems } = await open(t);
  await rendered(page);
  const out = await page.evaluate(async () => {
    const first = customElements.get('segmenta-report');
    const again = await import('./pkg/segmenta-report.js?again');
    const same = customElements.get('segmenta-report') === first;
    const defined = again.define() === first;
    const other = again.define('segmenta-report-two');
    return { same, defined, other: other === customElements.get('segmenta-report-two'), differs: again.SegmentaReport !== first };
  });
  assert.deepEqual(out, { same: true, defined: true, other: true, differs: true });
  await clean(page, problems);
});

test('an options attribute that is not JSON shows the error and fires segmenta-error', async (t) => {
  const { page, problems } = await open(t);
  await rendered(page);
  await record(page);
  await page.evaluate(() => document.getElementById('report').setAttribute('options', '{"bins": 3,'));
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'segmenta-error'));
  const error = page.locator('#report [part="error"]');
  assert.match(await error.textContent(), /not valid JSON/);
  assert.equal(await page.evaluate(() => document.getElementById('report').report), null);
  // A package error: bins out of range, in the element's language.
  await page.evaluate(() => {
    const el = document.getElementById('report');
    el.lang = 'ru';
    el.setAttribute('options', '{"bins": 42}');
  });
  await page.waitForFunction(() => window.__events.filter((e) => e.type === 'segmenta-error').length >= 2);
  const e = (await events(page, 'segmenta-error')).at(-1);
  assert.equal(e.detail.kind, 'invalidOption');
  assert.match(await error.textContent(), /Не удалось проанализировать данные/);
  assert.ok((await error.textContent()).includes(e.detail.message));
  assert.match(e.detail.message, /[а-яё]/i, `the package's message in Russian: ${e.detail.message}`);
  // Valid options again: the report is back, with three levels.
  await page.evaluate(() => document.getElementById('report').setAttribute('options', '{"bins": 3}'));
  await page.waitForFunction(() => document.getElementById('report').report?.summary().bins === 3);
  await page.waitForFunction(() => document.getElementById('report').shadowRoot.querySelectorAll('.rf-cell').length === 9);
  await clean(page, problems);
});

/** Twenty order lines of eight clients, written by hand. */
const ORDERS = [
    { client: 'A', date: '2024-01-05', amount: 120 },
  { client: 'A', date: '2024-03-11', amount: 80 },
  { client: 'A', date: '2024-06-02', amount: 150 },
  { client: 'A', date: '2024-11-20', amount: 210 },
  { client: 'B', date: '2024-02-14', amount: 40 },
  { client: 'B', date: '2024-10-30', amount: 55 },
  { client: 'C', date: '2024-01-22', amount: 900 },
  { client: 'D', date: '2024-04-01', amount: 35 },
  { client: 'D', date: '2024-05-01', amount: 35 },
  { client: 'D', date: '2024-06-01', amount: 35 },
  { client: 'D', date: '2024-07-01', amount: 35 },
  { client: 'D', date: '2024-08-01', amount: 35 },
  { client: 'D', date: '2024-09-01', amount: 35 },
  { client: 'E', date: '2024-12-01', amount: 300 },
  { client: 'F', date: '2024-03-03', amount: 60 },
  { client: 'F', date: '2024-09-09', amount: 75 },
  { client: 'G', date: '2024-07-17', amount: 500 },
  { client: 'G', date: '2024-12-10', amount: 450 },
  { client: 'H', date: '2024-05-25', amount: 20 },
  { client: 'A', date: '2024-12-15', amount: 95 },
];

test('data as CSV text and as a File renders', async (t) => {
  const { page, problems } = await open(t);
  await rendered(page);
  await record(page);
  const csv = ['client,date,amount', ...ORDERS.map((o) => `${o.client},${o.date},${o.amount}`)].join('\n');
  await page.evaluate((text) => {
    document.getElementById('report').data = text;
  }, csv);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'segmenta-ready' && e.detail.length === 8));
  const host = page.locator('#report');
  assert.equal((await host.locator('[data-kpi="clients"] .kpi-value').textContent()).trim(), '8');
  // Russian headers, the client H left out.
  const ru = ['Клиент;Дата;Сумма', ...ORDERS.filter((o) => o.client !== 'H').map((o) => `${o.client};${o.date};${o.amount}`)].join('\n');
  await page.evaluate((text) => {
    const el = document.getElementById('report');
    el.lang = 'ru';
    el.data = new File([text], 'заказы.csv', { type: 'text/csv' });
  }, ru);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'segmenta-ready' && e.detail.length === 7));
  assert.equal((await host.locator('[data-kpi="clients"] .kpi-value').textContent()).trim(), '7');
  assert.equal((await host.locator('#summary-title').textContent()).trim(), 'Сводка');
  await clean(page, problems);
});

test('rows of objects render', async (t) => {
  const { page, problems } = await open(t);
  await rendered(page);
  await record(page);
  // In no particular order, as a CRM's list of deals gives them.
  const rows = ORDERS;
  await page.evaluate((list) => {
    const el = document.getElementById('report');
    el.removeAttribute('sample');
    el.rows = list;
  }, rows);
  await page.waitForFunction(() => window.__events.some((e) => e.type === 'segmenta-ready' && e.detail.length === 8));
  const host = page.locator('#report');
  assert.equal((await host.locator('[data-kpi="clients"] .kpi-value').textContent()).trim(), '8');
  const total = ORDERS.reduce((s, o) => s + o.amount, 0);
  assert.equal((await host.locator('[data-kpi="revenue"] .kpi-value').textContent()).replace(/\D/g, ''), String(total));
  const ids = await host.locator('tr[part="client-row"]').evaluateAll((els) => els.map((e) => e.dataset.id).sort());
  assert.deepEqual(ids, ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
  assert.ok((await host.locator('tr[part="segment-row"]').count()) > 0);
  // Nothing missing is shown as a word.
  const shown = await page.evaluate(() => document.getElementById('report').shadowRoot.textContent);
  assert.doesNotMatch(shown, /\bnull\b|\bundefined\b|NaN/);
  await clean(page, problems);
});
