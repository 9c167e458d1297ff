// Excel workbooks on the page: a workbook reads like the CSV it was made from (orders and
// clients table), a workbook with several sheets offers them, the sheet's rows name the
// lines, and files that are not .xlsx workbooks get the reader's own Russian message.
// Workbooks are written here with write-excel-file (the library the page exports XLSX
// with), from the demo sample the page itself makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import writeXlsxFile from 'write-excel-file/node';
import { useBrowser, root, openPage, rerun, text, shot, dropFile } from './harness.mjs';
import { englishWords } from './words.mjs';

useBrowser();

const fixture = (name) => readFileSync(path.join(root, 'tests', 'data', 'xlsx', name));
const line = (page) => page.locator('#source');
const lineState = (page, state, timeout = 30000) =>
  page.waitForFunction((s) => document.getElementById('source').dataset.state === s, state, { timeout });

/** The demo sample's orders and clients CSV, as the page's module makes them. */
function sampleCsv(page) {
  return page.evaluate(async () => {
    const m = await import('/pkg/segmenta.js');
    const s = m.demoSample(1500, '2026-10-31');
    return { orders: Array.from(s.orders), clients: Array.from(s.clients) };
  });
}

const DATE = /^(\d{2})\.(\d{2})\.(\d{4})$/;
const AMOUNT = /^-?\d{1,3}( \d{3})*,\d{2}$/;

/**
 * A `;`-separated CSV as a sheet of typed cells, as Excel holds an export it opened: dates
 * (DD.MM.YYYY) as date cells, amounts (1 234,50) as numbers, the rest as text.
 */
function typedSheet(bytes) {
  const lines = new TextDecoder().decode(Uint8Array.from(bytes)).trimEnd().split('\n');
  return lines.map((l, i) =>
    l.split(';').map((v) => {
      if (i === 0) return { value: v, fontWeight: 'bold' };
      if (v === '') return null;
      const d = DATE.exec(v);
      if (d) return { value: new Date(Date.UTC(+d[3], +d[2] - 1, +d[1])), type: Date, format: 'dd.mm.yyyy' };
      if (AMOUNT.test(v)) return { value: Number(v.replace(/ /g, '').replace(',', '.')), type: Number, format: '#,##0.00' };
      return { value: v, type: String };
    }),
  );
}

const workbook = (sheets) => writeXlsxFile(sheets).toBuffer();

/** What the summary of the last run says, without what depends on the run (memory). */
const lastSummary = (page) =>
  page.evaluate(() => {
    const { memoryBytes: _, ...summary } = window.__segmentaLast.summary;
    return summary;
  });

/** The headline figures: clients, leads, revenue, every segment's and stage's count. */
function figures(s) {
  const counts = (list) => list.map((g) => [g.key, g.customers, g.revenue]);
  return {
    customers: s.customers,
    leads: s.leads,
    orders: s.orders,
    revenue: s.revenue,
    segments: counts(s.segments),
    lifecycle: counts(s.lifecycle),
    abc: counts(s.abc),
    funnel: counts(s.funnel),
  };
}

test('a workbook made from the demo sample gives the same report as its CSV, orders and clients table', async (t) => {
  const s = await openPage(t);
  const { page } = s;
  const csv = await sampleCsv(page);
  const orders = await workbook([{ sheet: 'Заказы', data: typedSheet(csv.orders) }]);
  const clients = await workbook([{ sheet: 'Клиенты', data: typedSheet(csv.clients) }]);

  await rerun(page, () => dropFile(page, csv.orders, 'заказы.csv'));
  await rerun(page, () => page.setInputFiles('#clients-input', { name: 'клиенты.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.clients) }));
  const fromCsv = await lastSummary(page);
  const kpiCsv = await text(page.locator('#overview .kpi').first());

  s.markLoaded();
  await rerun(page, () => dropFile(page, orders, 'заказы.xlsx'));
  await rerun(page, () => page.setInputFiles('#clients-input', { name: 'клиенты.xlsx', mimeType: 'application/octet-stream', buffer: clients }));
  const fromXlsx = await lastSummary(page);
  assert.ok(fromCsv.customers > 1000 && fromCsv.leads > 100, `${fromCsv.customers} clients, ${fromCsv.leads} leads`);
  assert.deepEqual(figures(fromXlsx), figures(fromCsv));
  assert.deepEqual(fromXlsx, fromCsv, 'the whole summary');
  assert.equal(await text(page.locator('#overview .kpi').first()), kpiCsv);

  // The file line names the workbook and its sheet; what a CSV has (encoding, delimiter)
  // is not shown for a sheet.
  const source = await text(line(page));
  assert.match(source, /Файл: заказы\.xlsx, лист «Заказы»/);
  assert.match(source, /таблица клиентов: клиенты\.xlsx, лист «Клиенты»/);
  assert.doesNotMatch(source, /Кодировка|Разделитель:/);
  assert.match(source, /Строка заголовка: строка листа 1/);
  // One sheet: no choice to make.
  await page.locator('#mapping').evaluate((d) => (d.open = true));
  assert.equal(await page.locator('#sheet-select').count(), 0);
  assert.equal(await page.locator('#clients-sheet').count(), 0);
  assert.match(await text(page.locator('#mapping > summary')), /Как прочитан лист/);
  await shot(page, 'xlsx-01-sample');

  // The reader was fetched for the first workbook, from the page's own server, and nothing else.
  const fetched = s.requestsSinceLoad().map((u) => new URL(u).pathname);
  assert.deepEqual(fetched.sort(), ['/pkg/segmenta_xlsx.js', '/pkg/segmenta_xlsx_bg.wasm']);
  assert.deepEqual(s.errors, []);
});

test('a workbook with two sheets offers them in the mapping step; switching reads the other sheet', async (t) => {
  const { page, errors } = await openPage(t);
  await rerun(page, () => dropFile(page, fixture('orders.csv'), 'orders.csv'));
  const fromCsv = figures(await lastSummary(page));

  await rerun(page, () => dropFile(page, fixture('orders-text-ids.xlsx'), 'orders-text-ids.xlsx'));
  assert.deepEqual(figures(await lastSummary(page)), fromCsv);
  assert.match(await text(line(page)), /orders-text-ids\.xlsx, лист «Заказы»/);
  const select = page.locator('#sheet-select');
  assert.ok(await page.locator('#mapping').evaluate((d) => d.open), 'the mapping step is open');
  assert.deepEqual(await select.locator('option').allTextContents(), ['Заказы', 'Клиенты']);
  assert.equal(await select.inputValue(), 'Заказы');
  assert.equal(await text(page.locator('label.sheet-field > span')), 'Лист');
  await shot(page, 'xlsx-02-sheets');

  // «Клиенты» has no dates nor amounts: the mapping says what is missing.
  await select.selectOption('Клиенты');
  await page.waitForFunction(() => /лист «Клиенты»/.test(document.getElementById('source').textContent));
  await page.locator('#mapping-problem').waitFor({ state: 'visible' });
  assert.match(await text(page.locator('#mapping-problem')), /Дата/);
  assert.equal(await page.locator('#sheet-select').inputValue(), 'Клиенты');

  // Back to «Заказы»: the report again.
  await rerun(page, () => page.locator('#sheet-select').selectOption('Заказы'));
  assert.deepEqual(figures(await lastSummary(page)), fromCsv);
  assert.match(await text(line(page)), /лист «Заказы»/);
  assert.deepEqual(errors, []);
});

test('a clients workbook with two sheets: its sheet is chosen next to the clients table; an .xls leaves the table as it was', async (t) => {
  const { page, errors } = await openPage(t);
  await rerun(page, () => dropFile(page, fixture('orders.csv'), 'orders.csv'));
  const clients = { name: 'clients.xlsx', mimeType: 'application/octet-stream', buffer: fixture('orders-text-ids.xlsx') };
  await rerun(page, () => page.setInputFiles('#clients-input', clients));
  assert.match(await text(line(page)), /таблица клиентов: clients\.xlsx, лист/);
  const select = page.locator('#clients-sheet');
  assert.deepEqual(await select.locator('option').allTextContents(), ['Заказы', 'Клиенты']);
  assert.equal(await select.inputValue(), 'Заказы');
  // «Клиенты» lists 60 clients, one of whom never ordered: a lead.
  await rerun(page, () => select.selectOption('Клиенты'));
  assert.equal(await page.locator('#clients-sheet').inputValue(), 'Клиенты');
  assert.deepEqual((({ customers, leads }) => [customers, leads])(await lastSummary(page)), [59, 1]);
  const old = { name: 'old.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from(compoundFile(false)) };
  await page.setInputFiles('#clients-input', old);
  await page.waitForFunction(() => /old\.xls/.test(document.getElementById('message').textContent));
  assert.match(await text(page.locator('#message')), /^Не удалось прочитать таблицу клиентов old\.xls: это книга старого формата Excel 97–2003/);
  assert.equal(await page.locator('#clients-sheet').inputValue(), 'Клиенты');
  assert.deepEqual(errors, []);
});

test('an empty first sheet: the reader says so and the other sheets are offered', async (t) => {
  const { page, errors } = await openPage(t);
  const data = [['client', 'date', 'amount'], ['a', '2024-01-05', '10'], ['b', '2024-02-06', '20']].map((r) => r.map((v) => ({ value: v, type: String })));
  const bytes = await workbook([
    { sheet: 'Пусто', data: [[null]] },
    { sheet: 'Заказы', data },
  ]);
  await dropFile(page, bytes, 'пустой-лист.xlsx');
  await lineState(page, 'failed');
  const failed = await text(line(page));
  assert.match(failed, /на листе «Пусто» нет значений; выберите другой лист: «Заказы»/);
  assert.deepEqual(englishWords(await text(page.locator('#source .source-status'))), []);
  const select = page.locator('#sheet-select');
  await select.waitFor({ state: 'visible' });
  assert.equal(await select.inputValue(), 'Пусто');
  await rerun(page, () => select.selectOption('Заказы'));
  const summary = await lastSummary(page);
  assert.deepEqual([summary.customers, summary.revenue], [2, 30]);
  assert.deepEqual(errors, []);
});

test('lines are named by the sheet\'s rows: a table below empty rows, a rejected row', async (t) => {
  const { page, errors } = await openPage(t);
  const cell = (value) => ({ value, type: String });
  const rows = [['клиент', 'дата', 'сумма'].map((v) => ({ value: v, fontWeight: 'bold' }))];
  for (let i = 0; i < 30; i++) rows.push([cell(`c${i % 7}`), { value: new Date(Date.UTC(2024, 0, 1 + i)), type: Date, format: 'dd.mm.yyyy' }, { value: 100 + i, type: Number }]);
  rows.push([cell('c1'), cell('31.02.2024'), { value: 5, type: Number }]);
  // Two empty rows above the table: the CSV's line 1 is the sheet's row 3.
  const bytes = await workbook([{ sheet: 'Продажи', data: [[null], [null], ...rows] }]);
  await rerun(page, () => dropFile(page, bytes, 'продажи.xlsx'));
  const quality = await text(page.locator('#quality'));
  assert.match(quality, /Отклонено\s+1\b/);
  // The header is row 3; the bad date is row 3 + 31 = 34 of the sheet (line 32 of the CSV).
  assert.match(quality, /Примеры \(строка листа: значение\)/);
  assert.match(quality, /\b34:\s*31\.02\.2024/);
  assert.match(await text(line(page)), /Строка заголовка: строка листа 3/);
  await page.locator('#mapping').evaluate((d) => (d.open = true));
  assert.match(await text(page.locator('.raw-preview')), /^\s*3 клиент,дата,сумма/);
  assert.deepEqual(errors, []);
});

/** OLE compound file bytes: an .xls, or with `EncryptedPackage` a password-protected .xlsx. */
function compoundFile(encrypted) {
  const head = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)];
  const name = encrypted ? Array.from(Buffer.from('EncryptedPackage', 'utf16le')) : Array.from(Buffer.from('Workbook', 'utf16le'));
  return Uint8Array.from([...head, ...name, ...new Array(64).fill(0)]);
}

test('an .xls, an encrypted workbook and a zipped CSV get the reader\'s Russian message', async (t) => {
  const s = await openPage(t);
  const { page } = s;
  const cases = [
    ['старый.xls', compoundFile(false), /это книга старого формата Excel 97–2003 \(\.xls\); откройте её в Excel и сохраните как \.xlsx/],
    ['с-паролем.xlsx', compoundFile(true), /книга защищена паролем; откройте её в Excel, снимите пароль/],
    ['выгрузка.zip', zipSync({ 'orders.csv': strToU8('client,date,amount\na,2024-01-02,5\n') }), /этот файл — архив, а не книга Excel; распакуйте его/],
  ];
  for (const [name, bytes, message] of cases) {
    await dropFile(page, bytes, name);
    await page.waitForFunction((n) => document.getElementById('source').dataset.state === 'failed' && document.getElementById('source').textContent.includes(n), name);
    const failed = await text(line(page));
    assert.match(failed, message, name);
    assert.match(failed, new RegExp(`Файл: ${name.replace('.', '\\.')}`));
    const status = await text(page.locator('#source .source-status'));
    assert.deepEqual(englishWords(status), [], `${name}: ${status}`);
    assert.equal(await page.locator('#mapping').isHidden(), true, `${name}: no mapping step`);
  }
  await shot(page, 'xlsx-03-xls');

  // In English, the reader's English message.
  await page.locator('.lang-switch [data-lang="en"]').click();
  await dropFile(page, compoundFile(false), 'old.xls');
  await page.waitForFunction(() => /old\.xls/.test(document.getElementById('source').textContent) && document.getElementById('source').dataset.state === 'failed');
  assert.match(await text(line(page)), /this is an old Excel 97–2003 workbook \(\.xls\); open it in Excel and save it as \.xlsx/);

  // A CSV after them is read as a CSV, and the page is usable again.
  await rerun(page, () => dropFile(page, fixture('orders.csv'), 'orders.csv'));
  assert.match(await text(line(page)), /File: orders\.csv/);
  assert.deepEqual(s.errors, []);
});
