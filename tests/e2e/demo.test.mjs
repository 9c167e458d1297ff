// End-to-end tests of the demo page in headless Chromium (Debian's, driven by
// playwright-core), against the page served by scripts/serve.mjs on a free port.
// Screenshots of the main views are kept in tests/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  useBrowser, base, root, artifacts, openPage, waitReady, rerun, norm, text, waitCount, shot,
  assertLocalOnly, download, cp1251File, CP_CLIENTS, dropFile, rubles,
} from './harness.mjs';

useBrowser();

test('the sample loads by default, from the local server only, and the page then makes no request', async (t) => {
  const s = await openPage(t);
  const { page } = s;
  assertLocalOnly(s.requests);
  assert.ok(s.requests.some((u) => u.endsWith('/pkg/segmenta_bg.wasm')), 'the wasm module was loaded');
  assert.ok(s.requests.some((u) => u.endsWith('/worker.js')), 'the worker was loaded');
  assert.ok(s.requests.some((u) => u.includes('/vendor/write-excel-file/')), 'the XLSX writer was loaded up front');
  assert.ok(s.requests.some((u) => u.endsWith('/workbook-worker.js')), 'the workbook worker was started up front');
  assert.ok(!s.requests.some((u) => u.includes('/pkg/segmenta_xlsx')), 'the Excel reader waits for a workbook');
  s.markLoaded();

  // First screen: the answers.
  await assert.doesNotReject(page.locator('#overview').waitFor({ state: 'visible' }));
  assert.match(await text(page.locator('.kpi').first()), /Выручка\s+31 041 550\s₽/);
  assert.match(await text(page.locator('.insight.risk')), /кто уходит/i);
  assert.equal(await page.locator('#plan .plan-card').count() > 5, true);
  assert.match(await text(page.locator('.privacy')), /только на вашем компьютере/);
  await shot(page, '01-overview');

  // Every section rendered, with table views of the charts.
  for (const id of ['quality', 'segments', 'abcxyz', 'lifecycle', 'clients']) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    await shot(page, `02-${id}`);
  }
  assert.equal(await page.locator('.rf-cell').count(), 25);
  assert.ok((await page.locator('details.table-view').count()) >= 8, 'charts have table views');
  assert.match(await text(page.locator('#table-count')), /1 800 из 1 800/);
  // The table is virtualised: far fewer rows in the DOM than clients.
  const rendered = await page.locator('#client-table tbody tr:not(.spacer)').count();
  assert.ok(rendered > 10 && rendered < 80, `rendered ${rendered} rows`);

  // The mapping step of the sample.
  await page.locator('#mapping > summary').click();
  await assert.doesNotReject(page.locator('.raw-preview').waitFor());
  assert.match(await text(page.locator('.raw-preview')), /Клиент;Телефон;Дата;Номер заказа;Сумма/);
  await shot(page, '03-mapping');

  // Sorting, scrolling, searching: all local.
  await page.locator('#client-table th button', { hasText: 'Давность' }).click();
  await page.locator('#client-table .vt-scroll').evaluate((el) => (el.scrollTop = 20000));
  await page.waitForTimeout(100);
  await page.fill('#client-search', 'ооо');
  await waitCount(page, /^Показано (\d{1,3}|1 [0-7]\d\d) из 1 800$/);
  await page.fill('#client-search', '');

  // XLSX of the whole table is built in the page.
  const xlsx = await download(page, () => page.click('#export-all-xlsx'));
  assert.match(xlsx.name, /\.xlsx$/);
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX is a zip');

  assert.deepEqual(s.requestsSinceLoad(), [], 'no request after load');

  // A workbook fetches the Excel reader, its two files from the same server, and nothing else.
  await rerun(page, () => dropFile(page, readFileSync(path.join(root, 'tests', 'data', 'xlsx', 'orders.xlsx')), 'orders.xlsx'));
  assert.deepEqual(s.requestsSinceLoad().map((u) => u.slice(base.length - 1)).sort(), ['/pkg/segmenta_xlsx.js', '/pkg/segmenta_xlsx_bg.wasm']);
  assert.deepEqual(s.errors, []);

  // All of it ran under the page's Content-Security-Policy, which is in force: an inline
  // script is refused.
  const inline = await page.evaluate(() => new Promise((resolve) => {
    document.addEventListener('securitypolicyviolation', (e) => resolve(e.effectiveDirective), { once: true });
    const el = document.createElement('script');
    el.textContent = 'window.__inlineRan = true';
    document.head.append(el);
    setTimeout(() => resolve(window.__inlineRan ? 'ran' : 'silent'), 1000);
  }));
  assert.match(inline, /^script-src/);
});

test('a dropped Windows-1251 file is read with its Russian names, rejected rows explained; the mapping can be changed', async (t) => {
  const s = await openPage(t);
  const { page } = s;
  s.markLoaded();
  const file = cp1251File();
  await rerun(page, () => dropFile(page, file.bytes, 'выгрузка-1с.csv'));
  await page.locator('#mapping').evaluate((d) => (d.open = true));
  const chips = await text(page.locator('.detect-chips'));
  assert.match(chips, /windows-1251/);
  assert.match(chips, /«;»/);
  assert.match(chips, /DD\.MM\.YYYY/);
  assert.match(await text(page.locator('.raw-preview')), /Покупатель;Дата;Сумма;Сумма без НДС/);
  // Names decoded right, in the table and the mapping examples.
  const table = await text(page.locator('#client-table'));
  for (const name of CP_CLIENTS) assert.ok(table.includes(name), `table shows ${name}`);
  assert.match(await text(page.locator('.kpi').first()), new RegExp(norm(rubles(file.total))));
  // The broken date is rejected, with its line, and downloadable.
  const quality = await text(page.locator('#quality'));
  assert.match(quality, /Отклонено\s+1\b/);
  assert.match(quality, new RegExp(`${file.rows + 2}:\\s*31\\.02\\.2025`));
  await page.locator('#quality').scrollIntoViewIfNeeded();
  await shot(page, '04-cp1251-quality');
  const rejected = await download(page, () => page.click('#download-rejected'));
  const rejectedText = rejected.bytes.toString('utf8');
  assert.ok(rejectedText.startsWith('\uFEFF'), 'rejected rows CSV has a BOM');
  assert.match(rejectedText, /Чайка Юлия/);

  // Guessed roles, then the amount moved to the net column.
  assert.equal(await page.locator('#role-0').inputValue(), 'client');
  assert.equal(await page.locator('#role-1').inputValue(), 'date');
  assert.equal(await page.locator('#role-2').inputValue(), 'amount');
  await page.locator('#role-3').selectOption('amount');
  assert.equal(await page.locator('#role-2').inputValue(), '');
  // Required roles are enforced.
  await page.locator('#role-0').selectOption('');
  assert.equal(await page.locator('#apply-mapping').isDisabled(), true);
  assert.match(await text(page.locator('#mapping-problem')), /Клиент/);
  await page.locator('#role-0').selectOption('client');
  await page.locator('#mapping').scrollIntoViewIfNeeded();
  await shot(page, '05-mapping-changed');
  await rerun(page, () => page.click('#apply-mapping'));
  assert.match(await text(page.locator('.kpi').first()), new RegExp(norm(rubles(file.totalNet))));

  // The mapping is remembered (by column names) for the next file with these columns.
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('segmenta.prefs.v1')));
  assert.equal(stored.mapping.names.amount, 'Сумма без НДС');
  assert.ok(!JSON.stringify(stored).includes('Ёлкина'), 'no data is stored');
  await rerun(page, () => page.setInputFiles('#file-input', { name: 'снова.csv', mimeType: 'text/csv', buffer: Buffer.from(file.bytes) }));
  assert.equal(await page.locator('#role-3').inputValue(), 'amount');

  assert.deepEqual(s.requestsSinceLoad(), []);
  assert.deepEqual(s.errors, []);
});

test('a late row that shows month-first dates: the file is read again with the right format, and the page says so', async (t) => {
  const s = await openPage(t);
  const { page } = s;
  s.markLoaded();
  // 20 000 rows with dates that read either way (beyond the sniffed sample), then 04/25.
  const lines = ['client,date,amount'];
  for (let i = 0; i < 20000; i++) lines.push(`c${i % 900},0${1 + (i % 9)}/0${1 + (i % 9)}/2024,${10 + (i % 7)}`);
  lines.push('late,04/25/2024,5');
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  await rerun(page, () => dropFile(page, bytes, 'us-dates.csv'));
  const quality = await text(page.locator('#quality'));
  assert.match(quality, /20\s*002/, 'the line that showed the format');
  assert.match(quality, /MM\/DD\/YYYY/);
  await page.locator('#mapping').evaluate((d) => (d.open = true));
  assert.match(await text(page.locator('.detect-chips')), /MM\/DD\/YYYY/);
  assert.deepEqual(s.requestsSinceLoad(), []);
  assert.deepEqual(s.errors, []);
});

test('settings: 3 levels, 111 is best, rule segments with inline errors, settings file', async (t) => {
  const s = await openPage(t);
  const { page } = s;
  s.markLoaded();
  await page.click('#settings-toggle');
  await assert.doesNotReject(page.locator('#settings').waitFor({ state: 'visible' }));
  // Quantile cut points in force are shown.
  assert.equal(await page.locator('#set-cuts input.cut').count(), 12);
  assert.equal(await page.locator('#set-cut-recency-0').inputValue(), '5');

  await rerun(page, () => page.check('#set-bins-3'));
  await rerun(page, () => page.check('#set-dir-one'));
  assert.equal(await page.locator('#set-cuts input.cut').count(), 6);
  assert.equal(await page.locator('.rf-cell').count(), 9);
  // 111 is best: R1 on top.
  assert.equal(await page.locator('.rf-axis.r').first().innerText(), 'R1');
  const codes = await page.locator('#client-table tbody tr:not(.spacer) td:nth-child(3)').allInnerTexts();
  assert.ok(codes.length > 0 && codes.every((c) => c === '—' || /^[1-3]{3}$/.test(c)), `codes ${codes.slice(0, 5)}`);

  // Fixed thresholds: edit a cut point.
  await rerun(page, () => page.check('#set-th-fixed'));
  await rerun(page, () => page.fill('#set-cut-recency-0', '45'));
  const cuts = await page.evaluate(() => window.__segmentaLast.summary.cuts.recency);
  assert.equal(cuts.source, 'fixed');
  assert.equal(cuts.cuts[0], 45);

  // A rule segment: inline error first, then a valid rule.
  await page.click('#rule-add');
  await page.fill('#rule-name-0', 'Москва B2B');
  await page.fill('#rule-text-0', 'region == "Москва" and');
  await assert.doesNotReject(page.locator('#rule-error-0').waitFor({ state: 'visible' }));
  assert.match(await text(page.locator('#rule-error-0')), /Строка 1, позиция/);
  await page.locator('#settings').screenshot({ path: path.join(artifacts, 'e2e-06-settings-rule-error.png') });
  await rerun(page, () => page.fill('#rule-text-0', 'region == "Москва" and type == "B2B"'));
  assert.equal(await page.locator('#rule-error-0').isVisible(), false);
  await page.locator('#rule-segments').scrollIntoViewIfNeeded();
  assert.match(await text(page.locator('#rule-segments')), /Москва B2B/);
  await shot(page, '07-settings-3-levels');

  // Settings file: export, then import after a reset.
  const exported = await download(page, () => page.click('#settings-export'));
  const json = JSON.parse(exported.bytes.toString('utf8'));
  assert.equal(json.format, 'segmenta-settings');
  assert.equal(json.settings.bins, 3);
  assert.equal(json.settings.direction, 'oneIsBest');
  assert.equal(json.settings.ruleSegments[0].rule, 'region == "Москва" and type == "B2B"');
  assert.ok(!exported.bytes.toString('utf8').includes('Иванов'), 'no data in the settings file');
  await rerun(page, () => page.click('#settings-reset'));
  assert.equal(await page.locator('.rf-cell').count(), 25);
  await rerun(page, () => page.setInputFiles('#settings-file', { name: 'settings.json', mimeType: 'application/json', buffer: exported.bytes }));
  assert.equal(await page.locator('.rf-cell').count(), 9);
  assert.equal(await page.locator('#set-bins-3').isChecked(), true);

  assert.deepEqual(s.requestsSinceLoad(), []);
  assert.deepEqual(s.errors, []);

  // The settings are remembered by the browser across visits.
  await page.reload();
  await waitReady(page);
  assert.equal(await page.locator('.rf-cell').count(), 9);
  assert.equal(await page.locator('.rf-axis.r').first().innerText(), 'R1');
  assert.match(await text(page.locator('#rule-segments')), /Москва B2B/);
});

test('filter by a segment, export its contacts as CSV and XLSX, open a client card', async (t) => {
  const s = await openPage(t);
  const { page } = s;
  s.markLoaded();
  // From the action plan to the segment's clients.
  await page.locator('#plan .plan-card[data-key="champions"] button', { hasText: 'Показать клиентов' }).click();
  await waitCount(page, /88 из 1 800/);
  const segs = await page.locator('#client-table tbody tr:not(.spacer) td.seg').allInnerTexts();
  assert.ok(segs.length > 5 && segs.every((x) => x.trim() === 'Чемпионы'), 'only champions shown');
  await shot(page, '08-filtered-table');
  const first = (await page.locator('#client-table .client-link').first().innerText()).trim();

  const csv = await download(page, () => page.click('#export-filtered-csv'));
  assert.match(csv.name, /\.csv$/);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const csvText = csv.bytes.toString('utf8').slice(1);
  const lines = csvText.split(/\r?\n/).filter(Boolean);
  assert.match(lines[0], /^ID клиента;Имя;E-mail;Телефон;Сегмент;Этап;Давность, дн\.;Заказов;Сумма \(M\);Действие;Канал;Следующее действие;Текст сообщения$/);
  assert.equal(lines.length - 1, 88);
  assert.ok(lines.some((l) => l.startsWith(`${first};`)), `the CSV has ${first}`);
  assert.ok(lines.slice(1).every((l) => l.split(';')[4] === 'Чемпионы'));

  const xlsx = await download(page, () => page.click('#export-filtered-xlsx'));
  assert.equal(xlsx.bytes.subarray(0, 2).toString('latin1'), 'PK');

  // The name search narrows the export too.
  await page.fill('#client-search', 'ооо');
  await waitCount(page, /^Показано (?!88 )\d+ из 1 800$/);
  const shown = Number((await text(page.locator('#table-count'))).match(/Показано (\d+)/)[1]);
  assert.ok(shown > 0 && shown < 88);
  const narrowed = await download(page, () => page.click('#export-filtered-csv'));
  const narrowedLines = narrowed.bytes.toString('utf8').split(/\r?\n/).filter(Boolean);
  assert.equal(narrowedLines.length - 1, shown);
  assert.ok(narrowedLines.slice(1).every((l) => /ооо/i.test(l.split(';')[0])));
  await page.fill('#client-search', '');

  // The whole scored table.
  const all = await download(page, () => page.click('#export-all-csv'));
  const allText = all.bytes.toString('utf8');
  assert.ok(allText.startsWith('\uFEFFID клиента;Давность, дн.;Заказов;Сумма (M);R;F;M;RFM;Сегмент;'));
  assert.equal(allText.split(/\r?\n/).filter(Boolean).length - 1, 1800);

  // An R×F cell filters too.
  await page.locator('.rf-cell[data-r="5"][data-f="1"]').click();
  await waitCount(page, /Показано 28 из/);

  // The client card explains each label.
  await page.locator('#client-table .client-link').first().click();
  const dialog = page.locator('#client-card');
  await assert.doesNotReject(dialog.waitFor({ state: 'visible' }));
  const card = await text(dialog);
  assert.match(card, /Почему такие метки/);
  assert.match(card, /RFM-сегмент/);
  assert.match(card, /R5/);
  await dialog.screenshot({ path: path.join(artifacts, 'e2e-09-client-card.png') });
  await page.keyboard.press('Escape');
  await assert.doesNotReject(dialog.waitFor({ state: 'hidden' }));

  assert.deepEqual(s.requestsSinceLoad(), []);
  assert.deepEqual(s.errors, []);
});

test('English: labels, numbers and dates follow the locale', async (t) => {
  const s = await openPage(t);
  const { page } = s;
  s.markLoaded();
  await rerun(page, () => page.click('.lang-switch button[data-lang="en"]'));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.match(await text(page.locator('.kpi').first()), /Revenue\s+RUB\s?31,041,550|Revenue\s+₽\s?31,041,550/);
  assert.match(await text(page.locator('#segments')), /Champions/);
  assert.match(await text(page.locator('#overview')), /31\/10\/2026/);
  await shot(page, '10-english');
  assert.deepEqual(s.requestsSinceLoad(), []);
  assert.deepEqual(s.errors, []);
});

test('keyboard only: load the sample, reach the table, open a card, close it with Escape', async (t) => {
  const s = await openPage(t);
  const { page } = s;
  s.markLoaded();
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName.toLowerCase()}#${el.id}.${el.className}` : '';
  });
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    await page.keyboard.press('Tab');
    found = (await focused()).startsWith('button#sample-button');
  }
  assert.ok(found, 'the sample button is reachable with Tab');
  await rerun(page, () => page.keyboard.press('Enter'));
  let onRow = false;
  for (let i = 0; i < 600 && !onRow; i++) {
    await page.keyboard.press('Tab');
    onRow = (await focused()).includes('client-link');
  }
  assert.ok(onRow, 'a client row is reachable with Tab');
  await page.keyboard.press('ArrowDown');
  const name = await page.evaluate(() => document.activeElement.textContent);
  await page.keyboard.press('Enter');
  const dialog = page.locator('#client-card');
  await assert.doesNotReject(dialog.waitFor({ state: 'visible' }));
  assert.equal((await text(page.locator('#card-title'))).trim(), name.trim());
  await shot(page, '11-keyboard-card');
  await page.keyboard.press('Escape');
  await assert.doesNotReject(dialog.waitFor({ state: 'hidden' }));
  assert.equal(await page.evaluate(() => document.activeElement.textContent), name, 'focus returns to the row');
  assert.deepEqual(s.requestsSinceLoad(), []);
  assert.deepEqual(s.errors, []);
});

test('a 1M-row file is read on two workers with progress, stays responsive and can be cancelled; one worker gives the same results', { skip: !largeFile() && 'no segmenta CLI to generate the file' }, async (t) => {
  const big = largeFile();
  // Cancelling needs a run that is still going when the click lands: 5M rows.
  const huge = largeFile('5M');
  const s = await openPage(t, { query: '?workers=2' });
  const { page } = s;
  s.markLoaded();
  // Cancel the first run part-way: the previous results stay.
  await page.setInputFiles('#file-input', huge);
  await page.locator('#progress').waitFor({ state: 'visible', timeout: 20000 });
  await page.waitForFunction(() => Number(document.getElementById('progress-bar').value) > 0.05, null, { timeout: 20000 });
  await shot(page, '12-progress');
  // The main thread answers while the worker parses.
  const lag = await page.evaluate(() => new Promise((r) => { const t0 = performance.now(); setTimeout(() => r(performance.now() - t0), 0); }));
  assert.ok(lag < 200, `main thread lag ${lag} ms`);
  await page.click('#cancel-button');
  await page.locator('#progress').waitFor({ state: 'hidden' });
  assert.match(await text(page.locator('#message')), /отменён/);
  assert.match(await text(page.locator('#table-count')), /из 1 800/);
  // A whole 1M-row file.
  await rerun(page, () => page.setInputFiles('#file-input', big), 180000);
  const count = await text(page.locator('#table-count'));
  const total = Number(count.replace(/\s/g, '').match(/из(\d+)/)[1]);
  assert.ok(total > 100000, `${count}`);
  assert.match(await text(page.locator('#quality')), /Прочитано строк\s+1 000 000/);
  // The file is in date order: read in two byte ranges, merged exactly.
  assert.equal(await page.evaluate(() => document.documentElement.dataset.ranges), '2');
  assert.match(await text(page.locator('#quality .read-line')), /в 2 потоках/);
  const twoWorkers = await page.evaluate(() => window.__segmentaLast.summary);
  // Scrolling the 100k+ row table stays cheap: a handful of rows in the DOM.
  const scroller = page.locator('#client-table .vt-scroll');
  for (const top of [1e5, 1e6, 3e6]) {
    await scroller.evaluate((el, v) => (el.scrollTop = v), top);
    await page.waitForTimeout(50);
  }
  const rendered = await page.locator('#client-table tbody tr:not(.spacer)').count();
  assert.ok(rendered < 80, `rendered ${rendered} rows`);
  await page.locator('#clients').scrollIntoViewIfNeeded();
  await shot(page, '13-large-table');
  assert.deepEqual(s.requestsSinceLoad(), []);
  assert.deepEqual(s.errors, []);
  // The same file on one worker: the same segments, counts and audit.
  const one = await openPage(t, { query: '?workers=1' });
  await rerun(one.page, () => one.page.setInputFiles('#file-input', big), 180000);
  assert.equal(await one.page.evaluate(() => document.documentElement.dataset.ranges), '1');
  const oneWorker = await one.page.evaluate(() => window.__segmentaLast.summary);
  const strip = ({ memoryBytes, ...rest }) => rest;
  assert.deepEqual(strip(twoWorkers), strip(oneWorker));
  assert.deepEqual(one.errors, []);
});

function largeFile(rows = '1M') {
  const file = path.join(artifacts, `tx_${rows}.csv`);
  if (existsSync(file) && statSync(file).size > 30e6) return file;
  const cli = path.join(root, 'target', 'release', 'segmenta');
  if (process.env.E2E_LARGE === '0' || !existsSync(cli)) return null;
  try {
    execFileSync(cli, ['gen', rows, '--out', file], { stdio: 'ignore' });
    return file;
  } catch {
    return null;
  }
}

test('the server: MIME types, the vendored modules, no way out of its folders', async () => {
  const get = (p) => fetch(new URL(p, base));
  const types = {
    '': 'text/html',
    'app.js': 'text/javascript',
    'pkg/segmenta.js': 'text/javascript',
    'pkg/segmenta_bg.wasm': 'application/wasm',
    'style.css': 'text/css',
  };
  for (const [p, type] of Object.entries(types)) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.ok(r.headers.get('content-type').startsWith(type), `${p}: ${r.headers.get('content-type')}`);
  }
  // Bare specifiers of the vendored modules are resolved for the workers.
  const zip = await (await get('vendor/write-excel-file/modules/zip/zipToArrayBufferSync.js')).text();
  assert.match(zip, /from '\.\.\/\.\.\/\.\.\/fflate\/esm\/browser\.js'/);
  assert.doesNotMatch(zip, /from 'fflate'/);
  for (const p of ['../package.json', '%2e%2e/package.json', 'pkg/../../Cargo.toml', 'vendor/fflate/..%2f..%2fpackage.json', 'vendor/..%5cpackage.json']) {
    const r = await fetch(`${base}${p}`);
    assert.equal(r.status, 404, p);
  }
});

test('the package in Chromium: segmenta/xlsx, imported on demand, reads a workbook like its CSV', async (t) => {
  const { page } = await openPage(t);
  const fixture = (name) => [...readFileSync(path.join(root, 'tests', 'data', 'xlsx', name))];
  const result = await page.evaluate(async ([workbook, csv]) => {
    const xlsx = await import('/pkg/segmenta_xlsx.js');
    await xlsx.default();
    const segmenta = await import('/pkg/segmenta.js');
    await segmenta.default();
    const seen = (bytes) => {
      const { memoryBytes: _, ...summary } = segmenta.analyze(bytes, undefined).summary();
      return JSON.stringify(summary);
    };
    const out = xlsx.xlsxToCsv(new Uint8Array(workbook), { sheet: 'Заказы' });
    let kind;
    try {
      xlsx.xlsxToCsv(new Uint8Array(csv), undefined);
    } catch (e) {
      kind = e.kind;
    }
    return { sheets: out.sheets, same: seen(out.csv) === seen(new Uint8Array(csv)), kind };
  }, [fixture('orders-text-ids.xlsx'), fixture('orders.csv')]);
  assert.deepEqual(result, { sheets: ['Заказы', 'Клиенты'], same: true, kind: 'notXlsx' });
});
