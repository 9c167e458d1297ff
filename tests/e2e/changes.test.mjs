// "What changed" on the page: the sample as of 30 days before its last date against now
// draws a Sankey diagram whose bands hold every client once, the matrix, the movers with
// their reasons, and the "valuable → risky" export downloads exactly those clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, text, download, shot } from './harness.mjs';

useBrowser();

const VALUABLE = ['Чемпионы', 'Лояльные', 'Потенциально лояльные'];
const RISKY = ['Нельзя потерять', 'В зоне риска', 'Засыпающие', 'Давние с парой заказов'];

test('what changed in the last 30 days of the sample', async (t) => {
  const { page, errors } = await openPage(t);
  await page.click('nav a[href="#changes"]');
  await page.locator('#changes').waitFor({ state: 'visible' });
  await page.selectOption('#changes-period', '30');
  await page.click('#changes-run');
  await page.waitForFunction(
    () => document.getElementById('changes').dataset.state === 'ready' && document.querySelector('#changes-sankey path.band'),
  );

  // Every client of the report is on exactly one band.
  const bands = await page.$$eval('#changes-sankey svg path.band', (els) => els.map((e) => [e.dataset.movement, Number(e.dataset.clients)]));
  assert.ok(bands.length > 5, `bands: ${bands.length}`);
  const s = await page.evaluate(() => window.__segmentaLast.summary);
  const onBands = bands.reduce((a, [, n]) => a + n, 0);
  assert.equal(onBands, s.customers + s.leads);
  assert.ok(bands.some(([m]) => m === 'down') && bands.some(([m]) => m === 'stayed'), JSON.stringify(bands));
  const tip = await page.locator('#changes-sankey path.band title').first().textContent();
  assert.match(tip, / → .*: .*клиент.*выручка/);

  const rows = await page.locator('#changes-matrix-table tbody tr').count();
  assert.ok(rows >= 5, `matrix rows: ${rows}`);
  assert.ok((await page.locator('#changes-paths tbody tr').count()) > 3);
  const movers = page.locator('#changes-movers li');
  await movers.first().waitFor();
  assert.match(await text(movers.first()), / — .+ → .+: /);

  const counted = (await text(page.locator('#changes-counts'))).match(/из ценных в зону риска (\d[\d ]*)/);
  assert.ok(counted, 'the counts name the valuable → risky clients');
  const risky = Number(counted[1].replace(/ /g, ''));
  assert.ok(risky > 0);
  await shot(page, 'changes-30-days');

  const csv = await download(page, () => page.click('#changes-export-risky'));
  assert.match(csv.name, /^segmenta-changes-rfm-valuable-to-risky-.*\.csv$/);
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = csv.bytes.toString('utf8').slice(1).split(/\r?\n/).filter(Boolean);
  const head = lines[0].split(';');
  assert.equal(head[0], 'ID клиента');
  const [from, to] = [head.indexOf('Было'), head.indexOf('Стало')];
  assert.ok(from > 0 && to > from, lines[0]);
  assert.equal(lines.length - 1, risky);
  for (const line of lines.slice(1)) {
    const cells = line.split(';');
    assert.ok(VALUABLE.includes(cells[from]) && RISKY.includes(cells[to]), line);
  }
  assert.deepEqual(errors, []);
});
