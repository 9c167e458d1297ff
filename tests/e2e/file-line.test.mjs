// The file line above the results (#source) always describes one file: the one being
// read (its name and how far), the one that failed (its name and the error), or the one
// whose results are shown (its name and what was detected), in Russian and in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, rerun, text, shot, cp1251File, dropFile, waitCount } from './harness.mjs';

useBrowser();

/**
 * Drops a generated CSV of `rows` rows, made in the page (a large file need not cross the
 * test's connection): long enough to be caught while it is read.
 */
async function dropLargeFile(page, name, rows = 2_000_000) {
  await page.evaluate(
    ({ name, rows }) => {
      const parts = ['client,date,amount\n'];
      let chunk = '';
      for (let i = 0; i < rows; i++) {
        const month = String(1 + (i % 12)).padStart(2, '0');
        const day = String(1 + (i % 28)).padStart(2, '0');
        chunk += `c${i % 150000},2024-${month}-${day},${(i % 997) + 1}.5\n`;
        if (chunk.length > 1 << 20) {
          parts.push(chunk);
          chunk = '';
        }
      }
      parts.push(chunk);
      const file = new File(parts, name, { type: 'text/csv' });
      const dt = new DataTransfer();
      dt.items.add(file);
      const zone = document.getElementById('dropzone');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { name, rows },
  );
}

const line = (page) => page.locator('#source');
const lineState = (page, state, timeout = 30000) =>
  page.waitForFunction((s) => document.getElementById('source').dataset.state === s, state, { timeout });

/** Waits until the large file is being read and some of it is done; the line then. */
async function whileReading(page) {
  await lineState(page, 'reading');
  await page.locator('#progress').waitFor({ state: 'visible', timeout: 20000 });
  await page.waitForFunction(() => Number(document.getElementById('progress-bar').value) > 0.02, null, { timeout: 20000 });
  await page.waitForFunction(() => /\d/.test(document.querySelector('#source .source-status')?.textContent || ''));
  return text(line(page));
}

test('while a file is read the line names it; Cancel brings the previous file back, in the page and the worker', async (t) => {
  const { page, errors } = await openPage(t);
  const file = cp1251File();
  await rerun(page, () => dropFile(page, file.bytes, 'выгрузка-1с.csv'));
  const before = await text(line(page));
  assert.match(before, /Файл: выгрузка-1с\.csv/);
  assert.match(before, /windows-1251/);
  assert.match(before, new RegExp(`${file.rows} строк`));

  await dropLargeFile(page, 'большой.csv');
  const reading = await whileReading(page);
  assert.match(reading, /Файл: большой\.csv/);
  assert.match(reading, /читаем… \d+ %/);
  assert.doesNotMatch(reading, /выгрузка-1с|windows-1251|строк/, 'nothing of the previous file');
  // The progress line counts with plural forms and thousands separators.
  assert.match(await text(page.locator('#progress-detail')), /из [\d ,]+ МБ · \d{1,3}( \d{3})* строк[аи]? · \d{1,3}( \d{3})* клиент(а|ов)?$/);
  await shot(page, 'file-line-reading');

  await page.click('#cancel-button');
  await lineState(page, 'ready');
  const after = await text(line(page));
  assert.match(after, /Файл: выгрузка-1с\.csv/);
  assert.match(after, /windows-1251/);
  assert.match(after, new RegExp(`${file.rows} строк`));
  assert.doesNotMatch(after, /большой/);
  assert.match(await text(page.locator('#message')), /отменён; показаны прежние результаты/);
  assert.match(await text(page.locator('#table-count')), /из 5$/);
  // The mapping step is the previous file's again, and so is what the worker analyses.
  assert.match(await page.locator('.raw-preview').textContent(), /Покупатель;Дата;Сумма/);
  await page.click('#settings-toggle');
  await rerun(page, () => page.check('#set-bins-3'));
  assert.match(await text(page.locator('#table-count')), /из 5$/);
  assert.match(await text(line(page)), /Файл: выгрузка-1с\.csv/);
  assert.deepEqual(errors, []);
});

test('a file that cannot be opened or analysed: the line shows its name with the error, never the previous file', async (t) => {
  const { page, errors } = await openPage(t);
  // Empty: the worker cannot open it.
  await dropFile(page, new Uint8Array(0), 'пустой.csv');
  await lineState(page, 'failed');
  let failed = await text(line(page));
  assert.match(failed, /Файл: пустой\.csv/);
  assert.match(failed, /✗ Не удалось проанализировать файл/);
  assert.doesNotMatch(failed, /Пример|utf-8|строк/, 'nothing of the sample');
  assert.equal(await page.locator('#overview').isVisible(), false, 'the previous results are gone');
  assert.equal(await page.locator('#mapping').isVisible(), false, 'and so is the previous file\'s mapping');
  await shot(page, 'file-line-failed-open');

  // A header and no rows: opened, then its analysis fails.
  await dropFile(page, new TextEncoder().encode('client,date,amount\n'), 'только-заголовок.csv');
  await lineState(page, 'failed');
  failed = await text(line(page));
  assert.match(failed, /Файл: только-заголовок\.csv/);
  assert.match(failed, /✗ Не удалось проанализировать файл/);
  assert.doesNotMatch(failed, /пустой/);
  assert.equal(await page.locator('#source [role="alert"]').count(), 1, 'the error is announced');

  // Cancel with no results shown: the line is empty again.
  await dropLargeFile(page, 'большой.csv');
  await whileReading(page);
  await page.click('#cancel-button');
  await page.waitForFunction(() => document.getElementById('source').hidden);
  assert.match(await text(page.locator('#message')), /^Анализ отменён\.$/);
  assert.deepEqual(errors, []);
});

test('English: reading…, the previous file after Cancel, the failed file with its error', async (t) => {
  const { page, errors } = await openPage(t);
  await rerun(page, () => page.click('.lang-switch button[data-lang="en"]'));
  assert.match(await text(line(page)), /Sample: an online shop/);
  await dropLargeFile(page, 'large.csv');
  const reading = await whileReading(page);
  assert.match(reading, /File: large\.csv/);
  assert.match(reading, /reading… \d+%/);
  assert.doesNotMatch(reading, /Sample|rows/);
  assert.match(await text(page.locator('#progress-detail')), /of [\d.,]+ MB · \d{1,3}(,\d{3})* rows? · \d{1,3}(,\d{3})* clients?$/);
  // Cancelled from the keyboard: focus goes on to the file button, not to the page's start.
  await page.focus('#cancel-button');
  await page.keyboard.press('Enter');
  await lineState(page, 'ready');
  await page.waitForFunction(() => document.activeElement?.id === 'file-button');
  assert.match(await text(line(page)), /Sample: an online shop, one year of orders/);
  await waitCount(page, /of 1,800$/);
  await dropFile(page, new Uint8Array(0), 'empty.csv');
  await lineState(page, 'failed');
  const failed = await text(line(page));
  assert.match(failed, /File: empty\.csv/);
  assert.match(failed, /✗ Could not analyse the file/);
  assert.deepEqual(errors, []);
});
