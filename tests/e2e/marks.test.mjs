// Tags and manual segments set by hand on the page: a tag added on a client's card shows
// on the card (set by hand) and in the marks of the summary, and rules read it; a manual
// segment assigned to the clients the table shows counts them all; taking the tag away on
// the card removes it again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, rerun, text, waitCount } from './harness.mjs';

useBrowser();

/** The marks of the summary on screen: { tags, segments } as the module returned them. */
const marksOf = (page) => page.evaluate(() => window.__segmentaLast.summary.marks);

test('a tag added on the card shows on the card and in the summary, and comes off again', async (t) => {
  const { page, errors } = await openPage(t);
  const link = page.locator('#client-table .client-link').first();
  const id = (await link.innerText()).trim();
  await link.click();
  const dialog = page.locator('#client-card');
  await dialog.waitFor({ state: 'visible' });
  await page.locator('#card-body .card-marks').waitFor();
  assert.match(await text(page.locator('#card-body .card-marks')), /^Теги и ручные сегменты/);

  await rerun(page, async () => {
    await page.fill('#card-mark-text', '  Партнёр ');
    await page.click('#card-mark-add');
  });
  const chip = page.locator('#card-body .card-mark[data-mark="Партнёр"]');
  await chip.waitFor();
  assert.equal(await chip.getAttribute('data-source'), 'manual');
  assert.equal(await chip.getAttribute('data-kind'), 'tag');
  let marks = await marksOf(page);
  const partner = marks.tags.find((m) => m.name === 'Партнёр');
  assert.deepEqual([partner.clients, partner.source], [1, 'manual']);
  // The summary's marks on the page: the tag with its one client.
  const summaryChip = page.locator('#marks-summary .mark-chip[data-mark="Партнёр"]');
  assert.match(await text(summaryChip), /Партнёр\s+1/);
  await page.keyboard.press('Escape');

  // Rules read it: the chip filters the table to the tagged client.
  await summaryChip.click();
  await waitCount(page, /^Показано 1 /);
  assert.equal((await page.locator('#client-table .client-link').first().innerText()).trim(), id);

  // A manual segment for the clients shown (the one client), then for all of them.
  await rerun(page, async () => {
    await page.selectOption('#mark-kind', 'segment');
    await page.fill('#mark-text', 'Ключевые');
    await page.click('#mark-assign');
  });
  marks = await marksOf(page);
  assert.deepEqual(marks.segments.map((m) => [m.name, m.clients, m.source]), [['Ключевые', 1, 'manual']]);

  // Off again on the card: the tag is gone from the card and from the summary.
  await page.locator('#client-table .client-link').first().click();
  await dialog.waitFor({ state: 'visible' });
  await rerun(page, () => page.locator('#card-body .card-mark[data-mark="Партнёр"] .chip-x').click());
  await page.locator('#card-body .card-mark[data-mark="Партнёр"]').waitFor({ state: 'detached' });
  marks = await marksOf(page);
  assert.equal(marks.tags.find((m) => m.name === 'Партнёр'), undefined);
  assert.ok(await page.locator('#card-body .card-mark[data-mark="Ключевые"]').count(), 'the segment stays');
  assert.deepEqual(errors, []);
});
