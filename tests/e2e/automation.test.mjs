// Automation on the page: on the sample (orders, clients and site events), the sleeping,
// VIP and clicked-without-buying scenarios over the last 30 days fire with their reasons
// and make tasks and contacts; the tasks' CSV holds every
// task under Russian headers; the run's journal, loaded again, keeps the same run from
// firing twice; a pilot started at the period's start splits the buyers into test and
// control, downloads its test list and its JSON, and its evaluation shows the uplift with
// a 95 % interval drawn around zero; a pilot loaded from its JSON evaluates the same. The
// English page shows the same section in English, reasons included. Broken JSON settings
// are refused with their reason; a period longer than the file is a first run; a pilot
// started now waits for later data. A file without events offers the click scenario
// disabled, until an events file is added: then it fires for the client who clicked and
// did not buy, and the data check says what became of the events' rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { useBrowser, openPage, rerun, text, download, shot, dropFile, root } from './harness.mjs';
import { englishWords } from './words.mjs';

useBrowser();

/** The number in a count tile of the run. */
async function countOf(page, key) {
  return Number((await text(page.locator(`#auto-counts [data-count="${key}"] .stat-value`))).replace(/[ ,]/g, ''));
}

/** Rows of a CSV file from the page: BOM checked, split on its delimiter. */
function csvRows(bytes) {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM for Excel');
  const lines = bytes.toString('utf8').slice(1).split(/\r?\n/).filter(Boolean);
  const sep = lines[0].includes(';') ? ';' : ',';
  return { sep, head: lines[0].split(sep), lines };
}

/** Clicks Run and waits for the run to be drawn. */
async function run(page) {
  await page.evaluate(() => document.querySelector('#auto-counts')?.setAttribute('data-run', 'old'));
  await page.click('#auto-run');
  await page.waitForFunction(
    () => document.getElementById('automation').dataset.state === 'ready' && document.querySelector('#auto-counts:not([data-run="old"])'),
  );
}

/** The section's visible text outside data (translate="no") and the JSON box. */
function sectionText(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.getElementById('automation'), NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode()); ) {
      const el = n.parentElement;
      if (el.closest('[translate="no"], option') || !el.checkVisibility()) continue;
      if (n.textContent.trim()) out.push(n.textContent.trim());
    }
    return out.join('\n');
  });
}

async function fileInput(page, sel, name, bytes) {
  await page.setInputFiles(sel, { name, mimeType: 'application/json', buffer: Buffer.from(bytes) });
}

test('scenarios, tasks, the journal and a pilot on the sample, in Russian and in English', async (t) => {
  const { page, errors } = await openPage(t);
  await page.click('nav a[href="#automation"]');
  const section = page.locator('#automation');
  await section.waitFor({ state: 'visible' });
  assert.match(await text(page.locator('#automation-title')), /^Автоматизация$/);
  assert.match(await text(section), /Не покупал 30 дней → «Спящий» → «Реактивация»/);
  assert.match(await text(section), /Крупная покупка → VIP → менеджеру: отправить подарок/);
  // The sample has site and mailing events: the click scenario is offered and on.
  assert.equal(await page.locator('#auto-clicked').isDisabled(), false);
  assert.equal(await page.locator('#auto-clicked').isChecked(), true);
  assert.equal(await page.locator('#auto-clicked-note').isVisible(), false);
  // The VIP threshold comes from the data: a round figure above the typical order.
  const threshold = Number(await page.inputValue('#auto-vip-threshold'));
  assert.ok(threshold > 0 && Number.isInteger(threshold), `threshold ${threshold}`);
  // The JSON under "advanced" is the spec of the form.
  const spec = JSON.parse(await page.inputValue('#auto-spec'));
  assert.deepEqual(spec.triggers.map((x) => x.key), ['sleeping', 'vip', 'clickedNoOrder']);
  assert.deepEqual(spec.triggers[0].when, { noOrderDays: 30 });
  assert.deepEqual(spec.triggers[1].when, { orderAbove: threshold });
  assert.deepEqual(spec.triggers[2].when, { clickedNoOrder: { days: 3 } });
  assert.deepEqual(spec.plan, { cap: { contacts: 1, days: 7 }, quietHours: { from: 21, to: 9 }, sendHour: 11, playbook: false, defaultZone: 'UTC+3' });

  // JSON edited by hand is run as it is: broken JSON says so; the scenarios come back.
  await page.locator('.auto-json > summary').click();
  await page.fill('#auto-spec', '{ "triggers": [');
  await page.locator('#auto-spec-note').waitFor({ state: 'visible' });
  await page.click('#auto-run');
  assert.match(await text(page.locator('#auto-status')), /^настройки в JSON не читаются: /);
  await page.click('#auto-spec-reset');
  assert.deepEqual(JSON.parse(await page.inputValue('#auto-spec')), spec);
  assert.equal(await page.locator('#auto-spec-note').isVisible(), false);
  await page.locator('.auto-json > summary').click();

  await page.selectOption('#auto-period', '30');
  await run(page);
  const last = await page.evaluate(() => window.__segmentaLast.summary.lastDate);
  assert.match(await text(page.locator('#auto-period-line')), /^С \d\d\.\d\d\.\d{4} по \d\d\.\d\d\.\d{4}\./);
  const firings = await countOf(page, 'firings');
  const tasks = await countOf(page, 'tasks');
  assert.ok(firings > 0 && tasks > 0, `firings ${firings}, tasks ${tasks}`);
  assert.ok((await countOf(page, 'contacts')) > 0, 'contacts are planned');

  // Both scenarios fired, each with its explanation; the tables show one scenario at a time.
  const triggerLines = await text(page.locator('.auto-triggers'));
  const fired = (name) => Number(triggerLines.match(new RegExp(`${name}: сработал ([\\d ]+),`))[1].replace(/ /g, ''));
  const clickedName = 'Кликнул, но не купил';
  assert.ok(fired('Спящий') > 0 && fired('VIP') > 0 && fired(clickedName) > 0, triggerLines);
  assert.equal(fired('Спящий') + fired('VIP') + fired(clickedName), firings);
  const cells = (sel) => page.$$eval(sel, (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.replace(/[\u00a0\u202f]/g, ' '))));
  const scenario = async (key) => {
    await page.selectOption('#auto-only', key);
    return { firings: await cells('#auto-firings tbody tr'), tasks: await cells('#auto-tasks tbody tr') };
  };
  const sleeping = await scenario('sleeping');
  assert.equal(sleeping.firings.length, Math.min(100, fired('Спящий')));
  for (const r of sleeping.firings) {
    assert.equal(r[1], 'Спящий');
    assert.equal(r[3], 'Спящий');
    assert.match(r[4], /^последний заказ \d{4}-\d\d-\d\d: 30 дн\. без заказов исполнилось \d{4}-\d\d-\d\d$/);
  }
  assert.ok(sleeping.tasks.length > 0 && sleeping.tasks.every((r) => /^Позвонить .+: вернуть клиента$/.test(r[0]) && r[4] === 'обычный'));
  const vip = await scenario('vip');
  assert.equal(vip.firings.length, fired('VIP'));
  for (const r of vip.firings) {
    assert.deepEqual([r[1], r[3]], ['VIP', 'VIP']);
    assert.match(r[4], /^крупнейший заказ [\d ,]+( \(был [\d ,]+\))? больше [\d ,]+$/);
    assert.ok(r[4].endsWith(threshold.toLocaleString('ru-RU').replace(/[\u00a0\u202f]/g, ' ') + ',00'), r[4]);
  }
  assert.equal(vip.tasks.length, fired('VIP'));
  const clicked = await scenario('clickedNoOrder');
  assert.equal(clicked.firings.length, Math.min(100, fired(clickedName)));
  for (const r of clicked.firings) {
    assert.match(r[4], /^кликнул \d{4}-\d\d-\d\d \(кампания [^)]+\) и не сделал заказ за 3 дн\. \(к \d{4}-\d\d-\d\d\)/);
  }
  assert.ok(clicked.tasks.length > 0 && clicked.tasks.every((r) => /^Позвонить .+: кликнул, но не купил$/.test(r[0])));
  assert.ok(vip.tasks.every((r) => /^Отправить подарок: .+/.test(r[0]) && r[4] === 'высокий' && /^\d\d\.\d\d\.\d{4}$/.test(r[3])));
  await page.selectOption('#auto-only', '');
  assert.ok((await page.locator('#auto-contacts tbody tr').count()) > 0);
  await page.locator('#auto-results').scrollIntoViewIfNeeded();
  await shot(page, 'automation-run');

  // The tasks' CSV: Excel-friendly, Russian headers, one line per task.
  const csv = await download(page, () => page.click('#auto-tasks-csv'));
  assert.match(csv.name, /^segmenta-tasks-\d{4}-\d\d-\d\d\.csv$/);
  const { sep, head, lines } = csvRows(csv.bytes);
  assert.equal(head[0], 'Задача');
  assert.equal(head[1], 'ID клиента');
  assert.equal(lines.length - 1, tasks);
  assert.ok(lines.slice(1).some((l) => l.startsWith('Отправить подарок: ')), 'the gift tasks');
  assert.ok(lines.slice(1).every((l) => l.split(sep).length >= head.length - 1), 'whole rows');

  // The journal: downloaded, loaded again, the same run fires nothing twice.
  const journal = await download(page, () => page.click('#auto-journal-save'));
  assert.match(journal.name, /^segmenta-journal-.*\.json$/);
  const j = JSON.parse(journal.bytes.toString('utf8'));
  assert.equal(typeof j.version, 'number');
  assert.ok(Object.keys(j.fired.sleeping).length > 0 && Object.keys(j.fired.vip).length > 0);
  await fileInput(page, '#auto-journal-file', journal.name, journal.bytes);
  await page.locator('#auto-journal-clear').waitFor({ state: 'visible' });
  assert.match(await text(page.locator('#auto-journal-line')), /помнит [\d ]+ срабатываний/);
  await run(page);
  assert.equal(await countOf(page, 'firings'), 0, 'nothing fires twice');
  assert.equal(await countOf(page, 'tasks'), 0);
  assert.match(await text(page.locator('#auto-period-line')), /С журналом segmenta-journal-/);
  await page.click('#auto-journal-clear');
  await run(page);
  assert.equal(await countOf(page, 'firings'), firings);

  // A pilot on every buyer, started at the period's start.
  await page.selectOption('#pilot-when', 'frequency >= 1');
  await page.fill('#pilot-name', 'Осенняя рассылка');
  await page.selectOption('#pilot-start', 'earlier');
  await page.click('#pilot-create');
  const groups = page.locator('#pilot-groups');
  await groups.waitFor();
  const g = (await text(groups)).match(/^«Осенняя рассылка» с (\d\d\.\d\d\.\d{4}): тестовая группа ([\d ]+), контрольная ([\d ]+)\.$/);
  assert.ok(g, await text(groups));
  const [testN, controlN] = [Number(g[2].replace(/ /g, '')), Number(g[3].replace(/ /g, ''))];
  assert.ok(testN > 100 && Math.abs(testN - controlN) <= 1, `${testN} / ${controlN}`);
  const testCsv = await download(page, () => page.click('#pilot-csv'));
  assert.match(testCsv.name, /^segmenta-pilot-test-\d{4}-\d\d-\d\d\.csv$/);
  assert.equal(csvRows(testCsv.bytes).lines.length - 1, testN);
  const pilotFile = await download(page, () => page.click('#pilot-json'));
  const pilot = JSON.parse(pilotFile.bytes.toString('utf8'));
  assert.equal(pilot.members.length, testN + controlN);
  assert.ok(pilot.start < last, `${pilot.start} before ${last}`);

  await page.click('#pilot-evaluate');
  await page.locator('#pilot-result-table').waitFor();
  const marks = await page.$$eval('#pilot-uplift-response g.uplift', (gs) => gs.map((x) => ({ ...x.dataset, ci: !!x.querySelector('rect.ci') })));
  assert.ok(marks.length >= 2, 'overall and per segment');
  const overall = marks[0];
  assert.ok(overall.ci, 'the interval is drawn');
  const [low, value, high] = [Number(overall.low), Number(overall.value), Number(overall.high)];
  assert.ok(low < high && low <= value && value <= high, JSON.stringify(overall));
  assert.ok((await page.locator('#pilot-uplift-response line.zero').count()) === 1, 'the zero line');
  const firstRow = await page.$$eval('#pilot-result-table tbody tr:first-child > *', (cells) => cells.map((c) => c.textContent.replace(/[\u00a0\u202f]/g, ' ')));
  assert.equal(firstRow[0], 'Все');
  const ppInterval = /^[+−]?[\d,]+ п\. п\. \[[+−]?[\d,]+ п\. п\.; [+−]?[\d,]+ п\. п\.\]$/;
  assert.match(firstRow[3], ppInterval);
  assert.match(firstRow[5], /^[+−]?[\d ]+ ₽ \[[+−]?[\d ]+ ₽; [+−]?[\d ]+ ₽\]$/);
  assert.match(firstRow[6], /^(сработало|разница не доказана|хуже)/);
  assert.match(await text(page.locator('#pilot-response-uplift .stat-value')), ppInterval);
  const summary = await text(page.locator('#pilot-summary'));
  assert.match(summary, /^«Осенняя рассылка»: заказы с .+ по .+ \(\d+ дн\.\)\. Итог: (сработало|разница не доказана|хуже)/);
  await page.locator('#pilot-result').scrollIntoViewIfNeeded();
  await shot(page, 'automation-pilot');

  // Everything the section shows is Russian, the module's reasons and verdicts included.
  const ru = await sectionText(page);
  assert.deepEqual(englishWords(ru), [], 'English words in the Russian section');
  assert.doesNotMatch(ru, /\b(null|undefined|NaN)\b/);

  // The same pilot loaded from its JSON gives the same groups and the same result.
  await fileInput(page, '#pilot-file', pilotFile.name, pilotFile.bytes);
  await page.waitForFunction(() => !document.querySelector('#pilot-result-table'));
  assert.equal(await text(groups), g[0]);
  await page.click('#pilot-evaluate');
  await page.locator('#pilot-result-table').waitFor();
  assert.equal(await text(page.locator('#pilot-summary')), summary);

  // English: the section, the run and the evaluation are drawn again in English.
  await rerun(page, () => page.click('.lang-switch button[data-lang="en"]'));
  await page.waitForFunction(() => document.querySelector('#auto-firings thead th')?.textContent === 'Client');
  assert.equal(await text(page.locator('#automation-title')), 'Automation');
  assert.match(await text(section), /No order for 30 days → “Sleeping” → “Reactivation”/);
  assert.match(await text(page.locator('#auto-period-line')), /^From .+ to .+\./);
  assert.equal(await countOf(page, 'firings'), firings);
  const enCells = (sel) => page.$$eval(sel, (els) => els.map((x) => x.textContent));
  const reasons = await enCells('#auto-firings tbody tr td:last-child');
  assert.ok(reasons.some((r) => /^last order on \d{4}-\d\d-\d\d: 30 days without an order on /.test(r)), reasons[0]);
  assert.ok((await enCells('#auto-tasks tbody th')).some((x) => /^Call .+: bring them back$/.test(x)));
  await page.selectOption('#auto-only', 'clickedNoOrder');
  assert.ok((await enCells('#auto-firings tbody tr td:last-child')).every((r) => /^clicked on \d{4}-\d\d-\d\d .*and placed no order in 3 days/.test(r)));
  assert.ok((await enCells('#auto-tasks tbody th')).every((x) => /^Call .+: clicked but did not order$/.test(x)));
  await page.selectOption('#auto-only', 'vip');
  assert.ok((await enCells('#auto-firings tbody tr td:last-child')).every((r) => /^largest order .+ is above /.test(r)));
  assert.ok((await enCells('#auto-tasks tbody th')).every((x) => /^Send a gift to /.test(x)));
  assert.ok((await enCells('#auto-tasks tbody td:last-child')).every((x) => x === 'high'));
  await page.waitForFunction(() => /^All$/.test(document.querySelector('#pilot-result-table tbody th')?.textContent || ''));
  assert.match(await text(page.locator('#pilot-result-table tbody tr:first-child td:nth-child(4)')), /^[+−]?[\d.]+ pp \[[+−]?[\d.]+ pp; [+−]?[\d.]+ pp\]$/);
  assert.match(await text(page.locator('#pilot-summary')), /^“Осенняя рассылка”: orders from .+ to .+ \(\d+ days\)\. Result: [a-z]/);
  assert.doesNotMatch(await sectionText(page), /\b(null|undefined|NaN)\b/);
  const enCsv = csvRows((await download(page, () => page.click('#auto-tasks-csv'))).bytes);
  assert.equal(enCsv.lines.length - 1, tasks);

  // A period longer than the file: a first run over every day of the report.
  await page.selectOption('#auto-period', 'custom');
  await page.fill('#auto-days', '1000');
  await run(page);
  assert.match(await text(page.locator('#auto-period-line')), /^First run: every day up to /);
  assert.ok((await countOf(page, 'firings')) > firings);
  // A pilot started now can only be evaluated on later data.
  await page.selectOption('#pilot-start', 'now');
  const started = await page.locator('#pilot-groups').textContent();
  await page.click('#pilot-create');
  await page.waitForFunction((t0) => document.getElementById('pilot-groups')?.textContent !== t0, started);
  assert.equal(await page.locator('#pilot-evaluate').isDisabled(), true);
  assert.match(await text(page.locator('#pilot-info')), /It can be evaluated on data after /);
  assert.equal(await page.locator('#pilot-result-table').count(), 0);
  assert.deepEqual(errors, []);
});

test('the click scenario waits for an events file, then fires from it', async (t) => {
  const { page, errors } = await openPage(t);
  const dir = path.join(root, 'tests', 'data', 'dynamic');
  const file = (name) => readFileSync(path.join(dir, name));
  await rerun(page, () => dropFile(page, file('orders.csv'), 'заказы.csv'));
  await page.click('nav a[href="#automation"]');
  assert.equal(await page.locator('#auto-clicked').isDisabled(), true);
  assert.equal(await text(page.locator('#auto-clicked-note')), 'нужен файл событий');
  await rerun(page, () => page.setInputFiles('#clients-input', { name: 'клиенты.csv', mimeType: 'text/csv', buffer: file('clients.csv') }));
  await rerun(page, () => page.setInputFiles('#events-input', { name: 'события.csv', mimeType: 'text/csv', buffer: file('events.csv') }));
  assert.match(await text(page.locator('#source')), /события: события\.csv/);
  // The data check accounts for every row of the events file.
  const quality = await text(page.locator('#events-quality'));
  assert.match(quality, /Строк событий 9: принято 8, отклонено 1; клиентов с событиями 4/);
  assert.match(quality, /строка 10: нет типа события/);
  assert.match(quality, /Незнакомый Посетитель/);
  assert.match(quality, /брошенные корзины: 1/);
  assert.equal(await page.locator('#auto-clicked').isDisabled(), false);
  assert.equal(await page.locator('#auto-clicked').isChecked(), true);
  await page.selectOption('#auto-period', '7');
  await run(page);
  await page.selectOption('#auto-only', 'clickedNoOrder');
  const rows = await page.$$eval('#auto-firings tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.equal(rows.length, 1, JSON.stringify(rows));
  assert.match(rows[0][0], /Борис Котов/);
  assert.match(rows[0][4], /^кликнул 2024-03-25 \(кампания Весенняя распродажа\) и не сделал заказ за 3 дн\. \(к 2024-03-28\)$/);
  const tasks = await page.$$eval('#auto-tasks tbody tr', (trs) => trs.map((tr) => tr.children[0].textContent));
  assert.deepEqual(tasks, ['Позвонить Борис Котов: кликнул, но не купил']);
  assert.deepEqual(errors, []);
});
