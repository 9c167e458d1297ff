// Files that are not tables of orders, dropped on the page: an image or a PDF renamed .csv
// says it is not a text file, an archive that it is an archive (and neither shows a column
// mapping), a header without
// rows says so; in Russian and in English. A quote never closed is read again line by line,
// and the page says where it opened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useBrowser, openPage, rerun, text, shot, dropFile, root } from './harness.mjs';
import { englishWords } from './words.mjs';

useBrowser();

const kinds = (name) => readFileSync(path.join(root, 'tests', 'data', 'kinds', name));
const line = (page) => page.locator('#source');
const failed = (page) =>
  page.waitForFunction(() => document.getElementById('source').dataset.state === 'failed', null, { timeout: 30000 });
const lineSays = (page, re) =>
  page.waitForFunction((src) => new RegExp(src).test(document.getElementById('source').textContent), re.source);

test('a PNG renamed .csv: "not a text file", before any column mapping', async (t) => {
  const { page, errors } = await openPage(t);
  await dropFile(page, kinds('image.png.csv'), 'выгрузка.csv');
  await failed(page);
  assert.match(await text(line(page)), /Файл: выгрузка\.csv/);
  const alert = page.locator('#source [role="alert"]');
  const ru = await text(alert);
  assert.equal(ru, '✗ Не удалось проанализировать файл: это не текстовый файл: похоже на изображение, архив, документ или книгу Excel. Сохраните таблицу в формате CSV и загрузите этот файл');
  assert.deepEqual(englishWords(ru), [], 'the Russian message has no English');
  assert.equal(await page.locator('#mapping').isVisible(), false, 'no column mapping');
  assert.equal(await page.locator('#overview').isVisible(), false, 'no results');
  await shot(page, 'not-text-ru');

  await page.click('.lang-switch button[data-lang="en"]');
  await lineSays(page, /this is not a text file/);
  assert.match(await text(line(page)), /File: выгрузка\.csv/);
  assert.equal(await text(alert), '✗ Could not analyse the file: this is not a text file: it looks like an image, an archive, a document or an Excel workbook. Save the table as CSV and open that file');
  assert.equal(await page.locator('#mapping').isVisible(), false);
  assert.deepEqual(errors, []);
});

test('a PDF renamed .csv says the same; a ZIP renamed .csv goes to the workbook reader, which says it is an archive', async (t) => {
  const { page, errors } = await openPage(t);
  const cases = [
    ['document.pdf.csv', /это не текстовый файл/],
    // A ZIP is what a workbook is: the page hands it to the .xlsx reader, which finds no sheet.
    ['archive.zip.csv', /архив, а не книга Excel; распакуйте его/],
  ];
  for (const [name, says] of cases) {
    await dropFile(page, kinds(name), name);
    await lineSays(page, new RegExp(`${name.replace(/\./g, '\\.')}[\\s\\S]*${says.source}`));
    assert.equal(await page.locator('#mapping').isVisible(), false, name);
  }
  assert.deepEqual(errors, []);
});

test('a header without rows: "the file has a header but no rows", not a date format', async (t) => {
  const { page, errors } = await openPage(t);
  await dropFile(page, kinds('header-only.csv'), 'только-заголовок.csv');
  await failed(page);
  assert.match(await text(line(page)), /Файл: только-заголовок\.csv/);
  // The error itself (the line goes on with what was detected: encoding, delimiter, …).
  const alert = page.locator('#source [role="alert"]');
  const ru = await text(alert);
  assert.equal(ru, '✗ Не удалось проанализировать файл: в файле есть заголовок, но нет ни одной строки с данными (строка 1)');
  assert.deepEqual(englishWords(ru), []);
  await shot(page, 'header-only-ru');

  await page.click('.lang-switch button[data-lang="en"]');
  await lineSays(page, /header but no rows/);
  assert.equal(await text(alert), '✗ Could not analyse the file: the file has a header but no rows (line 1)');
  assert.deepEqual(errors, []);
});

test('a quote never closed: read again line by line, the page names the line', async (t) => {
  const { page, errors } = await openPage(t);
  await rerun(page, () => dropFile(page, kinds('open-quote-to-the-end.csv'), 'кавычка.csv'));
  assert.match(
    await text(page.locator('#message')),
    /В строке 3 открыта кавычка, которая нигде не закрыта; файл прочитан заново построчно/,
  );
  assert.match(await text(page.locator('#table-count')), /из 4$/);
  assert.deepEqual(errors, []);
});
