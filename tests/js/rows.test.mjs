// analyzeRows: the rows a CRM holds in JavaScript, as arrays of objects or as columns, give
// the report the CSV of the same rows gives; JavaScript values (numbers, Dates, null,
// typed arrays) are read as a marketer would expect; bad shapes get a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, analyzeRows } from '../../pkg/node.js';

const cdnowText = readFileSync(new URL('../data/cdnow.csv', import.meta.url), 'utf8');
const [head, ...body] = cdnowText.trim().split('\n');
const names = head.split(',');
const cdnowRows = body.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));

const summaryOf = (r) => {
  const s = r.summary();
  delete s.memoryBytes;
  return s;
};

test('CDNOW as objects and as columns labels every client as the file does', () => {
  const file = analyze(cdnowText);
  const rows = analyzeRows(cdnowRows);
  assert.equal(rows.length, 23570);
  assert.ok(Buffer.from(rows.customersCsv()).equals(Buffer.from(file.customersCsv())), 'the same customers CSV');
  assert.deepEqual(summaryOf(rows), summaryOf(file));
  // Columns: typed arrays for numbers, arrays of strings for the rest.
  const columns = {
    customer_id: cdnowRows.map((r) => r.customer_id),
    order_id: Int32Array.from(cdnowRows, (r) => Number(r.order_id)),
    order_date: cdnowRows.map((r) => r.order_date),
    amount: Float64Array.from(cdnowRows, (r) => Number(r.amount)),
  };
  const cols = analyzeRows(columns);
  assert.equal(cols.length, 23570);
  assert.deepEqual(Array.from(cols.columns().segmentKeys), Array.from(file.columns().segmentKeys));
  assert.deepEqual(cols.clientIds(), file.clientIds());
});

test('CRM rows: numbers, Dates, null, a mapping of roles to keys', () => {
  const deals = [
    { ID: 1, CONTACT_ID: 7, CLOSEDATE: new Date(2024, 0, 5, 15, 30), OPPORTUNITY: 12500.5, TITLE: 'Поставка "опт"; склад\n2' },
    { ID: 2, CONTACT_ID: 7, CLOSEDATE: new Date(2024, 2, 1), OPPORTUNITY: 3000, TITLE: null },
    { ID: 3, CONTACT_ID: 8, CLOSEDATE: new Date(2024, 1, 10), OPPORTUNITY: 900, TITLE: undefined },
    { ID: 4, CONTACT_ID: null, CLOSEDATE: new Date(2024, 1, 11), OPPORTUNITY: 100 },
    { ID: 5, CONTACT_ID: 9, CLOSEDATE: new Date('not a date'), OPPORTUNITY: 100 },
    { ID: 6, CONTACT_ID: 9, CLOSEDATE: new Date(2024, 2, 20), OPPORTUNITY: Number.NaN },
  ];
  const options = {
    columns: { client: 'CONTACT_ID', date: 'CLOSEDATE', amount: 'OPPORTUNITY', orderId: 'ID' },
    asOf: '2024-04-01',
    lang: 'ru',
  };
  const r = analyzeRows(deals, options);
  assert.deepEqual(r.clientIds().sort(), ['7', '8']);
  const c = r.columns();
  const i = r.clientIds().indexOf('7');
  assert.equal(c.frequency[i], 2);
  assert.equal(c.revenue[i], 15500.5);
  // A Date is its local calendar day, whatever the time: 2024-03-01 is 30 days before asOf.
  assert.equal(c.recency[i], 31);
  const audit = r.audit();
  assert.equal(audit.rowsRead, 6);
  assert.equal(audit.rowsAccepted, 3);
  // Each rejected row is named by its position in the array, from 1, with its reason.
  const rejected = audit.issues.flatMap((g) => g.examples.map((x) => [x.line, g.kind])).sort((a, b) => a[0] - b[0]);
  assert.deepEqual(rejected, [[4, 'missingClient'], [5, 'invalidDate'], [6, 'invalidAmount']]);
  // The same rows as a CSV file give the same labels.
  const quote = (v) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  const csv = ['ID;CONTACT_ID;CLOSEDATE;OPPORTUNITY']
    .concat(deals.slice(0, 3).map((d) => [d.ID, d.CONTACT_ID, d.CLOSEDATE.toISOString().slice(0, 10), String(d.OPPORTUNITY)].map(quote).join(';')))
    .join('\n');
  const file = analyze(csv, { ...options, columns: options.columns });
  const fc = file.columns();
  const j = file.clientIds().indexOf('7');
  assert.equal(fc.segmentKeys[fc.segment[j]], c.segmentKeys[c.segment[i]]);
  assert.equal(fc.recency[j], c.recency[i]);
});

test('bad shapes are refused with the reason, in the language asked', () => {
  const kindOf = (f) => {
    try {
      f();
    } catch (e) {
      return [e.kind, e.message];
    }
    return null;
  };
  const [kind, message] = kindOf(() => analyzeRows('client,date\n1,2024-01-01'));
  assert.equal(kind, 'invalidOption');
  assert.match(message, /array of objects/);
  assert.match(kindOf(() => analyzeRows([{ a: 1 }, 5], { lang: 'ru' }))[1], /строка 2|row 2/);
  assert.match(kindOf(() => analyzeRows({ a: [1, 2], b: [1] }))[1], /a: 2, b: 1/);
  assert.equal(kindOf(() => analyzeRows([]))[0], 'invalidOption');
  // A report of rows keeps no state for an update.
  const r = analyzeRows(cdnowRows.slice(0, 50));
  assert.ok(kindOf(() => r.state()), 'state() of rows throws');
});

test('the README example: deals with a mapping, a cancelled one, the contacts as rows', () => {
  const deals = [
    { ID: 101, CONTACT_ID: 7, CLOSEDATE: '2026-03-02T12:00:00+03:00', OPPORTUNITY: 12500.5, STAGE: 'WON' },
    { ID: 102, CONTACT_ID: 9, CLOSEDATE: new Date(2026, 4, 11), OPPORTUNITY: 3000, STAGE: 'Отменён' },
    { ID: 103, CONTACT_ID: 7, CLOSEDATE: '2026-05-20', OPPORTUNITY: 800, STAGE: 'WON' },
  ];
  const contacts = [
    { ID: 7, NAME: 'Анна Петрова', REGION: 'Москва' },
    { ID: 9, NAME: 'Борис Ким', REGION: 'Казань' },
    { ID: 11, NAME: 'Вера Соколова', REGION: 'Сочи' },
  ];
  const options = {
    columns: { client: 'CONTACT_ID', date: 'CLOSEDATE', amount: 'OPPORTUNITY', orderId: 'ID', status: 'STAGE' },
    clientsColumns: { client: 'ID' },
    asOf: '2026-06-01',
    lang: 'ru',
  };
  const r = analyzeRows(deals, { ...options, clients: contacts });
  // The cancelled deal is no purchase, and counted in the audit.
  const audit = r.audit();
  assert.equal(audit.rowsAccepted, 2);
  assert.deepEqual(audit.issues.map((g) => g.kind), ['cancelledOrder']);
  // Contacts without a purchase are leads; the names come from the contacts.
  assert.deepEqual(r.clientIds().sort(), ['11', '7', '9']);
  assert.equal(r.profile('7').name, 'Анна Петрова');
  // The same as the two CSV files.
  const csv = (rows) => {
    const keys = Object.keys(rows[0]);
    const cell = (v) => `"${String(v instanceof Date ? '2026-05-11' : v).replace(/"/g, '""')}"`;
    return [keys.join(';'), ...rows.map((row) => keys.map((k) => cell(row[k])).join(';'))].join('\n');
  };
  const file = analyze(csv(deals), { ...options, clients: new TextEncoder().encode(csv(contacts)) });
  assert.ok(Buffer.from(r.customersCsv()).equals(Buffer.from(file.customersCsv())));
  // Clients given as rows that are not rows are refused, naming the option.
  assert.throws(() => analyzeRows(deals, { clients: [1, 2] }), /clients|клиентов/);
});
