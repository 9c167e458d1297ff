// Who moved, through the npm package in Node: CDNOW at 1998-03-31 against the whole file.
// Every client of the later analysis is on exactly one path of every criterion, the counts
// and revenue add up to both analyses' totals, and a path's clients, reasons and CSV agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, compareFiles } from '../../pkg/node.js';

const cdnow = readFileSync(new URL('../data/cdnow.csv', import.meta.url));

test('CDNOW: the end of March 1998 against the whole file', () => {
  const before = analyze(cdnow, { asOf: '1998-03-31' }).summary();
  const after = analyze(cdnow).summary();
  const t = performance.now();
  const cmp = compareFiles(cdnow, undefined, { asOf: '1998-03-31' }, {});
  const ms = performance.now() - t;
  const s = cmp.summary();
  assert.equal(s.beforeAsOf, '1998-03-31');
  assert.equal(s.afterAsOf, after.asOf);
  assert.equal(s.clients, after.customers);
  assert.equal(cmp.length, after.customers);
  assert.deepEqual(
    s.flows.map((f) => f.criterion),
    ['rfm', 'lifecycle', 'valueTier', 'abc', 'xyz', 'points'],
  );
  for (const f of s.flows) {
    const clients = f.paths.reduce((a, p) => a + p.clients, 0);
    assert.equal(clients, after.customers, f.criterion);
    const k = f.counts;
    assert.equal(k.up + k.stayed + k.down + k.changed + k.new + k.lost, after.customers, f.criterion);
    assert.equal(k.new, after.customers - before.customers);
    const rb = f.paths.reduce((a, p) => a + p.revenueBefore, 0);
    const ra = f.paths.reduce((a, p) => a + p.revenueAfter, 0);
    assert.ok(Math.abs(rb - before.revenue) < 1e-3, `${f.criterion}: ${rb} ≠ ${before.revenue}`);
    assert.ok(Math.abs(ra - after.revenue) < 1e-3, `${f.criterion}: ${ra} ≠ ${after.revenue}`);
  }
  console.error(`# compareFiles of CDNOW (two analyses and the comparison): ${ms.toFixed(0)} ms`);
  cmp.free();
});

test('a path: its clients, their reasons and its CSV', () => {
  const cmp = compareFiles(cdnow, undefined, { asOf: '1998-03-31', lang: 'ru' }, { lang: 'ru' });
  const life = cmp.flow('lifecycle');
  const active = life.labels.findIndex((l) => l.key === 'active');
  const sleeping = life.labels.findIndex((l) => l.key === 'sleeping');
  const path = life.paths.find((p) => p.from === active && p.to === sleeping);
  assert.equal(path.movement, 'down');
  assert.equal(path.valuableToRisky, true);
  const on = cmp.clientsOn('lifecycle', active, sleeping);
  assert.ok(on instanceof Uint32Array);
  assert.equal(on.length, path.clients);
  const risky = cmp.valuableToRisky('lifecycle');
  assert.equal(risky.length, life.counts.valuableToRisky);
  const ids = cmp.ids(on.subarray(0, 3));
  const why = cmp.explainClients('lifecycle', on.subarray(0, 3));
  assert.equal(why.length, 3);
  for (const w of why) assert.match(w, /^Активный → Спящий: .*последний заказ \d+ (день|дня|дней) назад/);
  assert.equal(cmp.explain('lifecycle', ids[0]), why[0]);
  const csv = new TextDecoder().decode(cmp.pathCsv('lifecycle', on));
  const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  assert.equal(lines[0].split(';')[0], 'ID клиента');
  assert.equal(lines.length, path.clients + 1);
  assert.equal(lines[1].split(';')[0], ids[0]);
  assert.throws(() => cmp.clientsOn('nothing', 0, 0), (e) => e.kind === 'invalidOption');
  cmp.free();
});
