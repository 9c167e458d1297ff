// The client card shows who the client is and how to reach them: the name, e-mail and
// phone (as links) from the clients table or the orders file, and the other cells of the
// clients table, when there is one; the figures
// include how regular the purchases are, in the page's number format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSample } from '../../pkg/node.js';
import { useBrowser, openPage, rerun, text, cp1251File, CP_CLIENTS, dropFile } from './harness.mjs';

useBrowser();

/** The sample's clients table as the module generates it: id -> { column: value }. */
function sampleClients() {
  const { clients } = demoSample(1500, '2026-10-31');
  const [head, ...lines] = new TextDecoder().decode(clients).replace(/^\uFEFF/, '').trim().split('\n');
  const names = head.split(';');
  return new Map(lines.map((l) => {
    const cells = l.split(';');
    return [cells[0], Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']))];
  }));
}

async function openFirstCard(page) {
  const name = (await page.locator('#client-table .client-link').first().innerText()).trim();
  await page.locator('#client-table .client-link').first().click();
  const dialog = page.locator('#client-card');
  await dialog.waitFor({ state: 'visible' });
  await page.locator('#card-body .card-contacts').waitFor();
  return { name, dialog };
}

test('the card of a sample client: its e-mail and the clients table cells, and the spread of its purchases', async (t) => {
  const { page, errors } = await openPage(t);
  const table = sampleClients();
  const { name, dialog } = await openFirstCard(page);
  const row = table.get(name);
  assert.ok(row, `${name} is in the sample's clients table`);
  const contacts = page.locator('#card-body .card-contacts');
  assert.match(await text(contacts), /^Контакты и свойства/);
  const mail = contacts.locator('a[href^="mailto:"]');
  assert.equal(await mail.innerText(), row['E-mail']);
  assert.equal(await mail.getAttribute('href'), `mailto:${row['E-mail']}`);
  const shown = await contacts.locator('dl > div').evaluateAll((divs) =>
    divs.map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent]),
  );
  for (const column of ['Город', 'Тип', 'Источник', 'Статус']) {
    if (row[column]) assert.ok(shown.some(([k, v]) => k === column && v === row[column]), `${column}: ${row[column]} in ${JSON.stringify(shown)}`);
  }
  assert.equal(shown[0][0], 'E-mail', 'the e-mail first');
  // How regular the purchases are, with the decimal comma and a space before %.
  assert.match(await text(dialog), /Разброс покупок \(CV\)\s+\d+,\d %/);
  await page.keyboard.press('Escape');

  await rerun(page, () => page.click('.lang-switch button[data-lang="en"]'));
  const en = await openFirstCard(page);
  assert.match(await text(en.dialog), /Contacts and properties\s+E-mail\s+\S+@example\.ru/);
  assert.match(await text(en.dialog), /Purchase spread \(CV\)\s+\d+\.\d%/);
  assert.deepEqual(errors, []);
});

test('a file without a clients table says where contacts come from; with one, the card has the phone as a link', async (t) => {
  const { page, errors } = await openPage(t);
  const file = cp1251File();
  await rerun(page, () => dropFile(page, file.bytes, 'выгрузка-1с.csv'));
  let card = await openFirstCard(page);
  assert.match(await text(card.dialog), /Контактов нет: в файле заказов нет e-mail и телефона; их можно добавить таблицей клиентов/);
  await page.keyboard.press('Escape');

  const clients = ['Клиент;Телефон;E-mail;Менеджер', ...CP_CLIENTS.map((c, i) => `${c};+7 900 000-00-0${i};client${i}@example.ru;Ольга`)].join('\n');
  await rerun(page, () => page.setInputFiles('#clients-input', { name: 'клиенты.csv', mimeType: 'text/csv', buffer: Buffer.from(clients) }));
  card = await openFirstCard(page);
  const i = CP_CLIENTS.indexOf(card.name);
  assert.ok(i >= 0, card.name);
  const contacts = page.locator('#card-body .card-contacts');
  assert.equal(await contacts.locator('a[href^="tel:"]').innerText(), `+7 900 000-00-0${i}`);
  assert.equal(await contacts.locator('a[href^="tel:"]').getAttribute('href'), `tel:+7900000000${i}`);
  assert.equal(await contacts.locator('a[href^="mailto:"]').innerText(), `client${i}@example.ru`);
  assert.match(await text(contacts), /Менеджер\s+Ольга/);
  assert.deepEqual(errors, []);
});

test('an orders file with a name, an e-mail and a phone: the card shows them without a clients table', async (t) => {
  const { page, errors } = await openPage(t);
  const orders = [
    'Клиент;ФИО;Эл. почта;Телефон;Дата;Сумма',
    'К-1;Иванова Анна;anna@example.ru;8 (912) 345-67-89;01.09.2026;1500,00',
    'К-1;;;;15.10.2026;2300,00',
    'К-2;Петров Олег;;+7 903 111-22-33;20.10.2026;990,00',
  ].join('\r\n');
  await rerun(page, () => dropFile(page, Buffer.from(orders), 'заказы.csv'));
  const link = page.locator('#client-table .client-link', { hasText: 'К-1' });
  await link.click();
  const dialog = page.locator('#client-card');
  await dialog.waitFor({ state: 'visible' });
  const contacts = page.locator('#card-body .card-contacts');
  await contacts.waitFor();
  assert.equal(await text(page.locator('#card-title')), 'Иванова Анна · К-1');
  assert.equal(await contacts.locator('a[href^="mailto:"]').innerText(), 'anna@example.ru');
  assert.equal(await contacts.locator('a[href^="tel:"]').innerText(), '8 (912) 345-67-89');
  assert.doesNotMatch(await text(contacts), /Контактов нет|нет в таблице клиентов/);
  await page.keyboard.press('Escape');
  // The table shows each name beside its id, and the search finds a client by name.
  const row = page.locator('#client-table tr', { has: page.locator('.client-link', { hasText: 'К-2' }) });
  assert.equal(await text(row.locator('.client-name')), 'Петров Олег');
  await page.fill('#client-search', 'петров');
  await page.waitForFunction(() => /Показано 1 из 2/.test(document.getElementById('table-count').textContent));
  assert.equal(await page.locator('#client-table .client-link').count(), 1);
  assert.deepEqual(errors, []);
});
