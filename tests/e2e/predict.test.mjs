// The predictive-value section on the page: CDNOW dropped on the Russian page shows the
// P(alive) histogram of every client with orders, the CLV of each RFM segment adding up
// to the headline total, the backtest by calibration frequency with its sentence and the
// fitted parameters; the clients table has P(alive) and CLV columns, sortable, the card
// the client's prediction with its interval, and the clients' CSV the prediction columns.
// The English page shows the section in English. A file too small for the models shows
// why instead of numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useBrowser, openPage, rerun, text, norm, download, shot, dropFile, root } from './harness.mjs';
import { englishWords } from './words.mjs';

useBrowser();

const data = (...p) => readFileSync(path.join(root, 'tests', 'data', ...p));
/** The clients with orders in CDNOW. */
const CDNOW_CLIENTS = 23570;
/** Drops CDNOW and waits for its analysis (the fit and the backtest take a few seconds). */
const dropCdnow = (page) => rerun(page, () => dropFile(page, data('cdnow.csv'), 'cdnow.csv'), 180000);

/** A money or count text as a number: "747 767 ₽" → 747767. */
const amount = (s) => Number(norm(s).replace(/[^\d,.-]/g, '').replace(/\s/g, '').replace(',', '.'));

/** The section's visible text outside data (translate="no"). */
function sectionText(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.getElementById('predict'), NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode()); ) {
      const el = n.parentElement;
      if (el.closest('[translate="no"]') || !el.checkVisibility()) continue;
      if (n.textContent.trim()) out.push(n.textContent.trim());
    }
    for (const el of document.querySelectorAll('#predict [aria-label]')) out.push(el.getAttribute('aria-label'));
    return out.join('\n');
  });
}

/** Opens the parameters and the data tables of the section. */
const openDetails = (page) => page.$$eval('#predict details', (ds) => ds.forEach((d) => (d.open = true)));

test('CDNOW on the Russian page: histogram, CLV by segment, backtest, table, card and CSV; then in English', async (t) => {
  const { page, errors } = await openPage(t);
  await dropCdnow(page);
  await page.click('nav a[href="#predict"]');
  const section = page.locator('#predict');
  await section.waitFor({ state: 'visible' });
  assert.equal(await section.getAttribute('data-state'), 'ready');
  assert.equal(await text(page.locator('#predict-title')), 'Прогноз ценности (CLV)');
  assert.match(await text(page.locator('#predict-intro')), /за 12 мес\./);

  // Tiles: every client with orders is predicted.
  const tile = (key) => text(page.locator(`#predict [data-kpi="${key}"] .kpi-value`));
  assert.equal(amount(await tile('clients')), CDNOW_CLIENTS);
  assert.match(await tile('alive'), /^\d+(,\d)? %$/);
  const total = amount(await tile('total'));
  assert.ok(total > 100000, `total CLV ${total}`);
  assert.match(await tile('total'), /₽$/);
  assert.ok(amount(await tile('purchases')) > 1000);

  // The histogram: ten bars, one per tenth of P(alive), holding every client with orders.
  const counts = await page.$$eval('#predict .hist-bar', (bars) => bars.map((b) => Number(b.dataset.count)));
  assert.equal(counts.length, 10);
  assert.equal(counts.reduce((a, n) => a + n, 0), CDNOW_CLIENTS);
  assert.match(norm(await page.locator('#predict svg.hist').getAttribute('aria-label')), /^Клиентов по вероятности активности: 0–10 %: [\d ]+;/);

  // CLV by segment: the rows' totals add up to the headline total, the largest first.
  const rows = page.locator('#predict .predict-groups-table tbody tr');
  assert.ok((await rows.count()) >= 5, 'a row per segment');
  const totals = (await page.$$eval('#predict .predict-groups-table td.total', (tds) => tds.map((x) => x.textContent))).map(amount);
  const sum = totals.reduce((a, x) => a + x, 0);
  assert.ok(Math.abs(sum - total) <= totals.length, `segments ${sum} against ${total}`);
  assert.deepEqual(totals, totals.slice().sort((a, b) => b - a), 'sorted by total CLV');
  const shares = (await page.$$eval('#predict .predict-groups-table td.share', (tds) => tds.map((x) => x.textContent))).map(amount);
  assert.ok(Math.abs(shares.reduce((a, x) => a + x, 0) - 100) < 1, `shares ${shares}`);
  // The switch to lifecycle stages: the same total.
  await page.check('#predict input[name="predict-groups"][value="lifecycle"]');
  await page.waitForSelector('#predict .predict-groups-table[data-by="lifecycle"]');
  const stages = (await page.$$eval('#predict .predict-groups-table td.total', (tds) => tds.map((x) => x.textContent))).map(amount);
  assert.ok(Math.abs(stages.reduce((a, x) => a + x, 0) - total) <= stages.length);
  assert.match(await text(page.locator('#predict .predict-groups-table tbody')), /Активный/);
  await page.check('#predict input[name="predict-groups"][value="segment"]');
  await page.waitForSelector('#predict .predict-groups-table[data-by="segment"]');

  // The backtest: eight calibration frequencies (0…6 and 7+), two series, the sentence.
  assert.equal(await page.locator('#predict .bt-group').count(), 8);
  assert.equal(await page.locator('#predict .bt-group .bt-predicted').count(), 8);
  assert.equal(await page.locator('#predict .bt-group .bt-actual').count(), 8);
  assert.deepEqual(await page.$$eval('#predict .bt-group text', (ts) => ts.map((x) => x.textContent)), ['0', '1', '2', '3', '4', '5', '6', '7+']);
  assert.match(await text(page.locator('#predict .predict-bt .legend')), /прогноз[\s\S]*факт/);
  const sentence = await text(page.locator('#predict .backtest-sentence'));
  assert.match(sentence, /до 01\.10\.1997/, sentence);
  assert.match(sentence, /факт — 19 604/, sentence);
  assert.match(sentence, /Корреляция прогноза и факта по клиентам — 0,\d\d/, sentence);

  // The parameters, folded away, with their standard errors.
  await openDetails(page);
  const params = await text(page.locator('#predict .predict-params'));
  assert.match(params, /MBG\/NBD[\s\S]*α[\s\S]*гамма-гамма[\s\S]*γ/);
  assert.match(params, /Стандартная ошибка/);
  await shot(page, 'predict-ru');

  // Everything the section shows is Russian.
  const ru = await sectionText(page);
  assert.deepEqual(englishWords(ru), [], 'English words in the Russian section');
  assert.doesNotMatch(ru, /\b(null|undefined|NaN)\b/);

  // The clients table: P(alive) and CLV columns, sorted by CLV the largest first.
  assert.equal(await text(page.locator('#client-table thead th[data-key="clv"]')), 'CLV, прогноз');
  assert.equal(await text(page.locator('#client-table thead th[data-key="pAlive"]')), 'Вероятность активности');
  await page.locator('#client-table thead th[data-key="clv"] button').click();
  assert.equal(await page.locator('#client-table thead th[data-key="clv"]').getAttribute('aria-sort'), 'descending');
  const clvCells = (await page.$$eval('#client-table tbody tr:not(.spacer) td[data-key="clv"]', (tds) => tds.slice(0, 5).map((x) => x.textContent))).map(amount);
  assert.ok(clvCells.every((x, i) => i === 0 || x <= clvCells[i - 1]) && clvCells[0] > 0, `${clvCells}`);
  assert.match(await text(page.locator('#client-table tbody tr:not(.spacer) td[data-key="pAlive"]').first()), /^\d+(,\d)? %$/);

  // The card: the prediction with its 95 % interval and the module's sentence.
  await page.locator('#client-table .client-link').first().click();
  await page.locator('#card-body .card-prediction').waitFor();
  const card = await text(page.locator('#card-body .card-prediction'));
  assert.match(card, /Вероятность активности\s+\d+(,\d)? %\s+95 %: \d+(,\d)? %–\d+(,\d)? %/);
  assert.match(card, /CLV за 12 мес\./);
  assert.match(card, /всё ещё покупает с вероятностью/);
  await page.keyboard.press('Escape');

  // The clients' CSV carries the predictions.
  const csv = await download(page, () => page.click('#export-all-csv'));
  const head = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(';');
  assert.ok(head.includes('Вероятность активности'), head.join(' | '));
  assert.ok(head.includes('CLV (прогноз ценности)'), head.join(' | '));

  // English: the section drawn again in English, the backtest set again.
  await rerun(page, () => page.click('.lang-switch button[data-lang="en"]'), 180000);
  assert.equal(await text(page.locator('#predict-title')), 'Predictive value (CLV)');
  assert.equal(await page.locator('#predict .bt-group').count(), 8);
  assert.match(await text(page.locator('#predict .backtest-sentence')), /up to 01\/10\/1997[\s\S]*19,604 actual/);
  assert.equal(await text(page.locator('#client-table thead th[data-key="pAlive"]')), 'P(alive)');
  await openDetails(page);
  const en = await sectionText(page);
  assert.doesNotMatch(en, /[А-Яа-яЁё]/, 'no Russian in the English section');
  assert.match(en, /Mean P\(alive\)[\s\S]*CLV over 12 months/);
  await shot(page, 'predict-en');
  assert.deepEqual(errors, []);
});

test('a file too small for the models: the reasons instead of numbers', async (t) => {
  const { page, errors } = await openPage(t);
  await rerun(page, () => dropFile(page, data('dynamic', 'orders.csv'), 'orders.csv'));
  await page.click('nav a[href="#predict"]');
  const section = page.locator('#predict');
  await section.waitFor({ state: 'visible' });
  assert.equal(await section.getAttribute('data-state'), 'blocked');
  const reasons = await text(page.locator('#predict .predict-blocked'));
  assert.match(reasons, /^Прогноз не построен/);
  assert.match(reasons, /повторно покупали только 5 клиентов/);
  assert.match(reasons, /заказы охватывают \d+ дн\./);
  assert.equal(await page.locator('#predict .hist-bar').count(), 0, 'no histogram');
  assert.equal(await page.locator('#predict [data-kpi]').count(), 0, 'no figures');
  // The table has no prediction to show: dashes.
  assert.equal(await text(page.locator('#client-table tbody tr:not(.spacer) td[data-key="clv"]').first()), '—');
  await shot(page, 'predict-small');
  assert.deepEqual(errors, []);
});
