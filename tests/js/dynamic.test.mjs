// Dynamic segmentation through the npm package in Node, from the files of
// tests/data/dynamic (orders, clients and events as a small shop exports them): the week
// to 2024-03-31 against the week before fires the three scenarios — no order for 30 days →
// Sleeping → reactivation, a large purchase → VIP → a manager sends a gift, clicked and did
// not buy → a manager calls — each with its reason, action and task; the CSV of tasks
// opens in Excel; the journal stops the same run from firing twice; the scorer reads one
// client's events at the edge as the report does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, automate, automateFirst, behaviourSegments, Scorer } from '../../pkg/node.js';

const dir = new URL('../data/dynamic/', import.meta.url);
const read = (name) => readFileSync(new URL(name, dir));
const orders = read('orders.csv');
const clients = read('clients.csv');
const events = read('events.csv');
const spec = JSON.parse(read('spec.json').toString('utf8'));

const at = (asOf, more = {}) => analyze(orders, { asOf, lang: 'ru', clients, events, ...more });

test('the three scenarios: files to firings, actions and tasks', () => {
  const before = at('2024-03-24');
  const now = at('2024-03-31');
  const run = automate(before, now, spec);
  const fired = run.firings().map((f) => `${f.trigger} ${f.client} ${f.day}`).sort();
  assert.deepEqual(fired, [
    'cart Глеб Орлов 2024-03-28',
    'clicked Борис Котов 2024-03-28',
    'sleeping Анна Смирнова 2024-03-26',
    'sleeping Борис Котов 2024-03-31',
    'sleeping Глеб Орлов 2024-03-29',
    'vip ООО «Ромашка» 2024-03-27',
  ]);
  for (const f of run.firings()) assert.ok(f.reason.trim().length > 10, JSON.stringify(f));
  const tasks = run.tasks();
  const click = run.firings().find((f) => f.trigger === 'clicked');
  assert.match(click.reason, /кликнул 2024-03-25 \(кампания Весенняя распродажа\) и не сделал заказ за 3 дн\./);
  assert.equal(click.action.channel, 'call');
  assert.equal(tasks[click.task].title, 'Позвонить Борис Котов: кликнул, но не купил');
  assert.equal(tasks[click.task].priority, 'high');
  const vip = run.firings().find((f) => f.trigger === 'vip');
  assert.equal(vip.status, 'VIP');
  assert.equal(tasks[vip.task].assignee, 'Ключевой менеджер');
  const anna = run.firings().find((f) => f.client === 'Анна Смирнова');
  assert.equal(anna.status, 'Спящий');
  assert.equal(anna.action.play, 'reactivation');
  assert.equal(tasks[anna.task].assignee, 'Иванова');
  assert.equal(tasks.length, 5);
  // One contact per client, none in the quiet hours.
  const contacts = run.contacts();
  assert.equal(new Set(contacts.map((c) => c.client)).size, contacts.length);
  for (const c of contacts) {
    const hour = Number(c.localTime.slice(0, 2));
    assert.ok(hour >= 9 && hour < 21, c.localTime);
  }
  // The tasks' CSV opens in Excel: a BOM, Russian headers, a row per task.
  const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(run.tasksCsv());
  assert.ok(csv.startsWith('\ufeffЗадача'), csv.slice(0, 40));
  assert.equal(csv.trim().split('\n').length, 1 + tasks.length);
  assert.ok(csv.includes('Отправить подарок: ООО «Ромашка»'));
  // The journal it returns keeps the same week from firing twice.
  const again = automate(before, now, spec, run.journal());
  assert.equal(again.firings().length, 0);
  for (const r of [before, now, run, again]) r.free();
});

test('the events audit and the behaviour fields', () => {
  const r = at('2024-03-31', { ruleSegments: behaviourSegments(), playbook: 'behaviour' });
  const a = r.eventsAudit();
  assert.deepEqual([a.rows, a.accepted, a.rejected, a.matched, a.unknownClient], [9, 8, 1, 7, 1]);
  assert.equal(a.rejectedRows[0].line, 10);
  const s = r.summary();
  assert.equal(s.behaviour.abandonedCarts, 1);
  const e = r.explain('Глеб Орлов');
  assert.equal(e.events.cartsWithoutOrder, 1);
  assert.deepEqual(e.events.viewedCategories, ['Кремы']);
  // A report without events gets them later, with the same result.
  const plain = analyze(orders, { asOf: '2024-03-31', lang: 'ru', clients, ruleSegments: behaviourSegments() });
  assert.equal(plain.hasEvents, false);
  assert.equal(plain.summary().behaviour, undefined);
  const joined = plain.withEvents(events);
  assert.equal(joined.hasEvents, true);
  assert.deepEqual(joined.summary().behaviour, s.behaviour);
  // The first run, with no earlier report, needs a start date or fires on all history.
  const first = automateFirst(r, { ...spec, since: '2024-03-24' });
  assert.ok(first.firings().some((f) => f.trigger === 'clicked'));
  for (const x of [r, plain, joined, first]) x.free();
});

test('one client at the edge: its events score as in the report', () => {
  const r = at('2024-03-31', { ruleSegments: behaviourSegments(), playbook: 'behaviour' });
  const scorer = new Scorer(r.model());
  const gleb = {
    id: 'Глеб Орлов', firstOrderDate: '2024-02-28', lastOrderDate: '2024-02-28', frequency: 1,
    revenue: 4200, largestOrder: 4200,
    events: [
      { date: '2024-03-27 21:40', event: 'просмотр', category: 'Кремы' },
      { date: '2024-03-27 21:45', event: 'добавление в корзину', category: 'Кремы' },
    ],
  };
  const s = scorer.score(gleb, { asOf: '2024-03-31' });
  assert.deepEqual(s.ruleSegments, ['Брошенная корзина']);
  assert.equal(s.action.key, 'abandonedCart');
  const inReport = r.select('carts_without_order > 0');
  assert.equal(inReport.customers, 1);
  // After an order the cart is no longer abandoned.
  const bought = scorer.score({ ...gleb, lastOrderDate: '2024-03-28', frequency: 2 }, { asOf: '2024-03-31' });
  assert.deepEqual(bought.ruleSegments, []);
  assert.notEqual(bought.action?.key, 'abandonedCart');
  assert.throws(
    () => scorer.score({ ...gleb, events: [{ date: 'вчера', event: 'клик' }] }, { asOf: '2024-03-31' }),
    (e) => e.kind === 'invalidClient' && /events\[0\]\.date/.test(e.message),
  );
  scorer.free();
  r.free();
});
