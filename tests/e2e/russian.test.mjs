// The Russian page speaks Russian: with the sample loaded, every view, the mapping, the
// settings, the rule editor, the filters and the client cards are read, and no visible
// text (nor a tooltip, placeholder or accessible name) may hold an English word, apart
// from brand names, units and codes. Data (file names, column names, client names, the
// user's rules) is marked translate="no" and not checked.
//
// That holds for the texts the WebAssembly module writes too (names, reasons, warnings,
// errors, rule errors): any English text fails the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useBrowser, root, openPage, rerun, dropFile, cp1251File } from './harness.mjs';
import { englishWords } from './words.mjs';

useBrowser();

/** Visible texts, tooltips, placeholders and accessible names outside data and code. */
function collect(page) {
  return page.evaluate(() => {
    const out = [];
    const skip = (el) => el.closest('[translate="no"], code, pre, script, style, option, .visually-hidden');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode()); ) {
      const el = n.parentElement;
      const s = n.textContent.trim();
      if (!s || skip(el) || !el.checkVisibility({ visibilityProperty: true })) continue;
      out.push({ text: s, where: el.tagName.toLowerCase() + (el.className ? `.${String(el.className).split(' ')[0]}` : '') });
    }
    for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
      if (skip(el) || !el.checkVisibility({ visibilityProperty: true })) continue;
      for (const a of ['title', 'placeholder', 'aria-label']) {
        const v = el.getAttribute(a);
        if (v) out.push({ text: v, where: `${el.tagName.toLowerCase()}@${a}` });
      }
    }
    for (const opt of document.querySelectorAll('select option')) {
      if (!opt.closest('[translate="no"]') && opt.parentElement.checkVisibility()) out.push({ text: opt.textContent, where: 'option' });
    }
    return out;
  });
}

/** Opens every part of the page in turn and gathers what each shows. */
async function everyView(page) {
  const seen = [];
  const gather = async () => seen.push(...(await collect(page)));
  const openDetails = async () => {
    for (const d of await page.locator('details').all()) await d.evaluate((x) => (x.open = true));
  };
  await page.locator('#mapping > summary').click();
  await openDetails();
  await gather();
  // Filters: a segment from the plan, an R×F cell, a search, a broken rule.
  await page.locator('#plan .plan-card button').first().click();
  await page.locator('.rf-cell[data-r="5"][data-f="1"]').click();
  await page.fill('#client-search', 'ооо');
  await page.waitForTimeout(300);
  await page.fill('#filter-rule', 'recency_days >');
  await page.press('#filter-rule', 'Enter');
  await page.locator('#filter-rule-error').waitFor({ state: 'visible' });
  await gather();
  await page.fill('#filter-rule', '');
  await page.press('#filter-rule', 'Enter');
  await page.locator('#filter-chips button.linkish').click();
  // A client card, and a lead's.
  for (const segment of ['', '__lead']) {
    await page.selectOption('#filter-segment', segment);
    await page.waitForTimeout(200);
    await page.locator('#client-table .client-link').first().click();
    await page.locator('#card-body .card-contacts').waitFor();
    await openDetails();
    await gather();
    await page.keyboard.press('Escape');
  }
  // The settings with the rule editor: a broken rule and a good one.
  await page.click('#settings-toggle');
  await page.click('#rule-add');
  await page.fill('#rule-name-0', 'Москва');
  await page.fill('#rule-text-0', 'region == "Москва" and');
  await page.locator('#rule-error-0').waitFor({ state: 'visible' });
  await page.click('#rule-add');
  await rerun(page, () => page.fill('#rule-text-1', 'давность > 90'));
  await page.check('#set-th-fixed');
  await page.fill('#set-cut-recency-0', '500');
  await page.locator('#set-cuts-error').waitFor({ state: 'visible' });
  await openDetails();
  await gather();
  return seen;
}

/** Fails on any English text, the page's own or the module's. */
function judge(seen) {
  const unique = new Map();
  for (const x of seen) unique.set(`${x.where}|${x.text}`, x);
  const english = [];
  for (const x of unique.values()) {
    const words = englishWords(x.text);
    if (words.length) english.push({ ...x, words });
  }
  assert.deepEqual(english, [], 'English texts on the Russian page');
}

test('Russian page: no English text in any view, the settings, the card or the rule editor', async (t) => {
  const { page, errors } = await openPage(t);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  const seen = await everyView(page);
  assert.ok(seen.length > 500, `${seen.length} texts read`);
  judge(seen);
  assert.deepEqual(errors, []);
});

test('Russian page with real exports: rejected rows, duplicates, no header, a file that fails', async (t) => {
  const { page, errors } = await openPage(t);
  const seen = [];
  const gather = async () => {
    for (const d of await page.locator('details').all()) await d.evaluate((x) => (x.open = true));
    seen.push(...(await collect(page)));
  };
  const enc = (s) => new TextEncoder().encode(s);
  // A 1C export with a broken date: the rejected rows, the warnings of a small file.
  await rerun(page, () => dropFile(page, cp1251File().bytes, 'выгрузка-1с.csv'));
  await gather();
  // Exact duplicates, a return and an outlier.
  const rows = ['Клиент;Дата;Сумма'];
  for (let i = 0; i < 300; i++) rows.push(`Клиент ${i % 40};1${i % 9}.0${1 + (i % 9)}.2024;${100 + i}`);
  rows.push(rows[5], rows[5], 'Клиент 1;01.01.2024;-50', 'Клиент 2;01.01.2024;99999999');
  await rerun(page, () => dropFile(page, enc(rows.join('\n')), 'дубли.csv'));
  await gather();
  // No header row.
  const bare = [];
  for (let i = 0; i < 200; i++) bare.push(`Клиент ${i % 30};2024-0${1 + (i % 9)}-1${i % 9};${100 + i}`);
  await rerun(page, () => dropFile(page, enc(bare.join('\n')), 'без-заголовка.csv'));
  await page.locator('#mapping').evaluate((d) => (d.open = true));
  await gather();
  // Columns the page cannot place, then a file that fails to open and one that fails to analyse.
  await dropFile(page, enc('Имя;Когда;Что\nа;б;в\n'), 'непонятный.csv');
  await page.locator('#mapping-problem').waitFor({ state: 'visible' });
  await gather();
  for (const [bytes, name] of [[new Uint8Array(0), 'пустой.csv'], [enc('Клиент;Дата;Сумма\n'), 'заголовок.csv']]) {
    await dropFile(page, bytes, name);
    await page.waitForFunction((n) => document.getElementById('source').dataset.state === 'failed' && document.getElementById('source').textContent.includes(n), name);
    await gather();
  }
  // Excel: a workbook with two sheets (the sheet choice, rows of the sheet), a title row
  // and a totals row, then an old .xls the reader cannot open.
  const workbook = (name) => readFileSync(path.join(root, 'tests', 'data', 'xlsx', name));
  await rerun(page, () => dropFile(page, workbook('orders-text-ids.xlsx'), 'заказы.xlsx'));
  await page.locator('#sheet-select').waitFor();
  await gather();
  await rerun(page, () => dropFile(page, workbook('orders-titled.xlsx'), 'отчёт.xlsx'));
  await gather();
  await dropFile(page, Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0), 'старый.xls');
  await page.waitForFunction(() => document.getElementById('source').dataset.state === 'failed' && document.getElementById('source').textContent.includes('старый'));
  await gather();
  // The sample at 3 levels: segments that can no longer be reached.
  await rerun(page, () => page.click('#sample-button'));
  await page.click('#settings-toggle');
  await rerun(page, () => page.check('#set-bins-3'));
  await gather();
  judge(seen);
  assert.deepEqual(errors, []);
});

test('the check itself: what counts as an English word', () => {
  assert.deepEqual(englishWords('Файл: orders.csv · utf-8-bom · DD.MM.YYYY · ABC/XYZ · AZ · RFM 555'), []);
  assert.deepEqual(englishWords('ip.gorizont@example.ru · E-mail · 120 ₽ · USD'), []);
  assert.deepEqual(englishWords('duplicates: "keep"'), ['duplicates', 'keep']);
  assert.deepEqual(englishWords('column 1'), ['column']);
  assert.deepEqual(englishWords('Отменить · worker'), ['worker']);
  assert.deepEqual(englishWords('Excel 97–2003 (.xls); сохраните как .xlsx или CSV, не .ods'), []);
  assert.deepEqual(englishWords('the sheet as xls'), ['the', 'sheet', 'as', 'xls']);
});
