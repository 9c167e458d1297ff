// The loyalty ladder on the page: a clients table with referrals and NPS columns offers its
// rule segments in the settings; one click adds them (named in the page's language) and
// the next run counts each client in at most one of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, rerun, text, cp1251File, CP_CLIENTS, dropFile } from './harness.mjs';

useBrowser();

test('a clients table with NPS and referrals offers the loyalty segments, and they count', async (t) => {
  const { page, errors } = await openPage(t);
  await rerun(page, () => dropFile(page, cp1251File().bytes, 'выгрузка-1с.csv'));
  await page.click('#settings-toggle');
  await page.locator('#settings').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#rule-loyalty').isVisible(), false, 'no loyalty columns yet');

  // NPS 10 and a referral: advocates; NPS 3: a waverer; NPS 8 with repeat orders: committed.
  const nps = [10, 3, 8, 9, 7];
  const referrals = [0, 0, 0, 2, 0];
  const table = ['Клиент;Оценка NPS;Рекомендации', ...CP_CLIENTS.map((c, i) => `${c};${nps[i]};${referrals[i]}`)].join('\n');
  await rerun(page, () => page.setInputFiles('#clients-input', { name: 'клиенты.csv', mimeType: 'text/csv', buffer: Buffer.from(table) }));
  const offer = page.locator('#rule-loyalty');
  await offer.waitFor({ state: 'visible' });
  assert.match(await text(offer), /сегменты лояльности/);
  await rerun(page, () => offer.click());
  assert.equal(await offer.isVisible(), false, 'offered once');
  const names = await page.locator('#rule-list .rule-row input[id^="rule-name-"]').evaluateAll((els) => els.map((e) => e.value));
  assert.deepEqual(names, ['Адвокаты бренда', 'Колеблющиеся', 'Приверженные']);
  assert.equal(await page.locator('#rule-list .field-error:visible').count(), 0, 'the rules are valid here');

  const counts = await page.evaluate(() => window.__segmentaLast.summary.ruleSegments.map((r) => [r.name, r.customers]));
  const by = Object.fromEntries(counts);
  assert.equal(by['Адвокаты бренда'], 2, JSON.stringify(counts));
  assert.equal(by['Колеблющиеся'], 1, JSON.stringify(counts));
  assert.equal(by["Приверженные"], 2, JSON.stringify(counts));
  assert.ok(counts.reduce((s, [, n]) => s + n, 0) <= CP_CLIENTS.length, 'each client in one at most');
  await page.locator('#rule-segments').scrollIntoViewIfNeeded();
  assert.match(await text(page.locator('#rule-segments')), /Адвокаты бренда/);
  assert.deepEqual(errors, []);
});
