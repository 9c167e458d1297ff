// Numbers and plurals follow the page's language: decimal commas and spaces before % in
// Russian, thousands separators on every count and amount, and nouns after a number in
// their plural form (1 клиент, 3 клиента, 5 клиентов; 1 client, 2 clients).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, rerun, text } from './harness.mjs';

useBrowser();

/** Visible text of the page outside data (translate="no"), e.g. to look for raw numbers. */
function pageText(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode()); ) {
      const el = n.parentElement;
      if (!n.textContent.trim() || el.closest('[translate="no"], script, style, option')) continue;
      if (!el.checkVisibility({ visibilityProperty: true })) continue;
      out.push(n.textContent.replace(/[\u00a0\u202f]/g, ' '));
    }
    return out;
  });
}

test('the counting words of both languages, by Intl.PluralRules', async (t) => {
  const { page } = await openPage(t);
  const forms = await page.evaluate(async () => {
    const { count } = await import('./i18n.js');
    const n = [1, 3, 5, 21, 22, 111, 125882];
    return {
      ru: n.map((x) => count('client', x, 'ru')),
      en: [1, 2, 125882].map((x) => count('client', x, 'en')),
      rows: [1, 2, 5].map((x) => count('row', x, 'ru')),
      days: [1, 2, 11].map((x) => count('day', x, 'ru')),
    };
  });
  const plain = (a) => a.map((s) => s.replace(/[\u00a0\u202f]/g, ' '));
  assert.deepEqual(plain(forms.ru), ['1 клиент', '3 клиента', '5 клиентов', '21 клиент', '22 клиента', '111 клиентов', '125 882 клиента']);
  assert.deepEqual(plain(forms.en), ['1 client', '2 clients', '125,882 clients']);
  assert.deepEqual(forms.rows, ['1 строка', '2 строки', '5 строк']);
  assert.deepEqual(forms.days, ['1 день', '2 дня', '11 дней']);
});

test('Russian: decimal commas, grouped thousands and plural forms in the strings the page shows', async (t) => {
  const { page, errors } = await openPage(t);
  assert.match(await text(page.locator('#quality .read-line')), /^Файл прочитан за \d+,\d\d с\.$/);
  assert.match(await text(page.locator('#source')), /4 876 строк · /);
  assert.match(await text(page.locator('.kpi').nth(1)), /\+ 314 лидов без заказов/);
  assert.match(await text(page.locator('#plan .plan-card[data-key="champions"] .plan-stats')), /^88 клиентов · \d+ % выручки$/);
  assert.match(norm(await page.locator('.rf-cell[data-r="5"][data-f="1"]').getAttribute('aria-label')), /^R5 F1: 28 клиентов, в среднем [\d ]+ ₽$/);
  const action = await text(page.locator('.insight.action p a'));
  const groups = Number(action.match(/^(\d+)/)[1]);
  const form = await page.evaluate(async (n) => (await import('./i18n.js')).count('group', n, 'ru'), groups);
  assert.ok(action.startsWith(form), `${action} starts with ${form}`);
  assert.match(await text(page.locator('#table-count')), /^Показано 1 800 из 1 800$/);
  // Shares: a space before %, a comma in fractions.
  assert.match(await text(page.locator('#segment-bars')), /\d+,\d %/);
  // No count or amount of five digits or more without its thousands separator.
  const raw = (await pageText(page)).filter((s) => /\d{5,}/.test(s));
  assert.deepEqual(raw, [], 'every long number is grouped');
  assert.deepEqual(errors, []);
});

test('English: decimal points, grouped thousands and plural forms', async (t) => {
  const { page, errors } = await openPage(t);
  await rerun(page, () => page.click('.lang-switch button[data-lang="en"]'));
  assert.match(await text(page.locator('#quality .read-line')), /^The file was read in \d+\.\d\d s\.$/);
  assert.match(await text(page.locator('.kpi').nth(1)), /\+ 314 leads without orders/);
  assert.match(await text(page.locator('#plan .plan-card[data-key="champions"] .plan-stats')), /^88 clients · \d+% of revenue$/);
  assert.match(await page.locator('.rf-cell[data-r="5"][data-f="1"]').getAttribute('aria-label'), /^R5 F1: 28 clients, ₽[\d,]+ on average$/);
  assert.match(await text(page.locator('#table-count')), /^Showing 1,800 of 1,800$/);
  const raw = (await pageText(page)).filter((s) => /\d{5,}/.test(s));
  assert.deepEqual(raw, [], 'every long number is grouped');
  assert.deepEqual(errors, []);
});

const norm = (s) => s.replace(/[\u00a0\u202f]/g, ' ');
