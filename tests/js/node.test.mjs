// The npm package in Node: the CDNOW transactions against a straightforward computation of
// the definitions, both presets, the model and the scorer, exports and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, Analyzer, Scorer, sniff, presets } from '../../pkg/node.js';

const cdnowBytes = readFileSync(new URL('../data/cdnow.csv', import.meta.url));

/** Per client: last date, distinct orders, amount in cents — straight from the text. */
function straightforward() {
  const lines = new TextDecoder().decode(cdnowBytes).trim().split('\n').slice(1);
  const clients = new Map();
  let maxDate = '';
  for (const line of lines) {
    const [id, order, date, amount] = line.split(',');
    const [whole, frac = '0'] = amount.split('.');
    const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2)) * (amount.startsWith('-') ? -1 : 1);
    let c = clients.get(id);
    if (!c) clients.set(id, (c = { last: '', orders: new Set(), cents: 0 }));
    if (date > c.last) c.last = date;
    c.orders.add(order);
    c.cents += cents;
    if (date > maxDate) maxDate = date;
  }
  return { clients, maxDate };
}

const days = (iso) => Date.parse(iso + 'T00:00:00Z') / 86400000;

test('CDNOW: 23,570 clients whose R, F and M match the definitions', () => {
  const report = analyze(cdnowBytes);
  const s = report.summary();
  assert.equal(s.customers, 23570);
  assert.equal(s.transactions, 69659);
  const { clients, maxDate } = straightforward();
  assert.equal(s.asOf, maxDate);
  const ids = report.clientIds();
  const c = report.columns();
  assert.equal(ids.length, 23570);
  for (let i = 0; i < ids.length; i++) {
    const e = clients.get(ids[i]);
    assert.equal(c.recency[i], days(maxDate) - days(e.last), `recency of ${ids[i]}`);
    assert.equal(c.frequency[i], e.orders.size, `frequency of ${ids[i]}`);
    assert.equal(Math.round(c.revenue[i] * 100), e.cents, `monetary of ${ids[i]}`);
  }
  const total = [...clients.values()].reduce((a, x) => a + x.cents, 0);
  assert.equal(Math.round(s.revenue * 100), total);
  assert.equal(report.audit().reconciled, true);
  report.free();
});

test('CDNOW: segments from both presets cover every client', () => {
  const international = analyze(cdnowBytes, { segments: 'rfm11' }).summary();
  assert.equal(international.segments.filter((g) => g.key !== 'other').length, 11);
  assert.equal(international.segments.reduce((a, g) => a + g.customers, 0), 23570);
  const russian = analyze(cdnowBytes, { segments: 'ru3', bins: 3, direction: 'oneIsBest', lang: 'ru' }).summary();
  assert.ok(russian.segments.some((g) => g.segment === 'Ключевые клиенты' && g.customers > 0));
  assert.ok(russian.segments.some((g) => g.segment === 'В зоне риска' && g.customers > 0));
  assert.equal(russian.segments.reduce((a, g) => a + g.customers, 0), 23570);
  assert.deepEqual(russian.ruleCheck.uncovered, []);
});

test('CDNOW: the model, through JSON, makes a scorer that reproduces every client', () => {
  for (const options of [{}, { segments: 'ru3', bins: 3, direction: 'oneIsBest' }]) {
    const report = analyze(cdnowBytes, options);
    const scorer = new Scorer(JSON.parse(JSON.stringify(report.model())));
    const ids = report.clientIds();
    const c = report.columns();
    const iso = (d) => new Date(d * 86400000).toISOString().slice(0, 10);
    for (let i = 0; i < ids.length; i++) {
      const got = scorer.score({
        id: ids[i],
        lastOrderDate: iso(c.lastOrder[i]),
        firstOrderDate: iso(c.firstOrder[i]),
        frequency: c.frequency[i],
        revenue: c.revenue[i],
        cv: Number.isNaN(c.cv[i]) ? undefined : c.cv[i],
        purchaseDays: c.purchaseDays[i],
        gapCv: Number.isNaN(c.gapCv[i]) ? undefined : c.gapCv[i],
      });
      assert.equal(got.r, c.r[i]);
      assert.equal(got.f, c.f[i]);
      assert.equal(got.m, c.m[i]);
      assert.equal(got.segment, c.segmentNames[c.segment[i]], `segment of ${ids[i]}`);
      assert.equal(got.abc, c.abcNames[c.abc[i]]);
      assert.equal(got.xyz, c.xyzNames[c.xyz[i]]);
      assert.equal(got.lifecycle, c.lifecycleKeys[c.lifecycle[i]]);
      assert.equal(got.points, c.points[i]);
      assert.equal(got.action?.key ?? null, c.action[i] >= 0 ? c.actionKeys[c.action[i]] : null);
    }
    scorer.free();
    report.free();
  }
});

test('CSV export, streaming, sniff and errors', () => {
  const report = analyze(cdnowBytes);
  const csv = new TextDecoder().decode(report.customersCsv({ bom: false }));
  assert.ok(csv.startsWith('customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment'));
  assert.equal(csv.trim().split('\r\n').length, 23571);
  const a = new Analyzer();
  for (let i = 0; i < cdnowBytes.length; i += 65536) a.push(cdnowBytes.subarray(i, i + 65536));
  assert.equal(a.progress().rows, 69659);
  // Equal results for any chunking; only the memory estimate depends on how tables grew.
  const { memoryBytes: _streamed, ...streamed } = a.finish().summary();
  const { memoryBytes: _whole, ...whole } = report.summary();
  assert.deepEqual(streamed, whole);
  assert.equal(sniff('Клиент;Дата;Сумма\nИванов;05.03.2024;10\n').delimiter, ';');
  assert.equal(presets().segments.rfm11.length, 11);
  assert.throws(() => analyze('a,b\n1,2\n'), (e) => e.name === 'SegmentationError' && e.kind === 'missingColumn');
  assert.throws(() => analyze(cdnowBytes, { bins: 42 }), (e) => e.kind === 'invalidOption' && /bins/.test(e.message));
});

test('the package declarations use no `any`', () => {
  const dir = new URL('../../pkg/', import.meta.url);
  for (const f of ['segmenta.d.ts', 'segmenta_bg.wasm.d.ts', 'parallel.d.ts', 'node.d.ts', 'workerd.d.ts']) {
    const text = readFileSync(new URL(f, dir), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const found = text.match(/([:(,|<]\s*|=>\s*)any\b|\bany\[\]/g);
    assert.equal(found, null, `${f}: ${found}`);
  }
});

test('a late row that contradicts the date format: end() asks for the bytes again, then reports', () => {
  let csv = 'client,date,amount\n';
  for (let i = 0; i < 20000; i++) csv += `c${i},0${1 + (i % 9)}/0${1 + (i % 9)}/2024,1\n`;
  csv += 'late,04/25/2024,1\n';
  const bytes = new TextEncoder().encode(csv);
  const a = new Analyzer({}, bytes.length);
  let report;
  for (let attempt = 0; attempt < 3 && !report; attempt++) {
    for (let i = 0; i < bytes.length; i += 65536) a.push(bytes.subarray(i, i + 65536));
    report = a.end();
  }
  assert.ok(report);
  assert.deepEqual(a.fixes().map((f) => [f.option, f.value, f.line]), [['dateFormat', 'MM/DD/YYYY', 20002]]);
  assert.equal(report.summary().customers, 20001);
  assert.equal(report.sniff().dateFormat, 'MM/DD/YYYY');
});
