// report.clv() through the npm package in Node: CDNOW to 1997-09-30, the three models fitted
// on its 23,570 clients with every client's P(alive), expected purchases, order value and
// CLV as typed arrays; a small file gets the reasons instead of numbers, in Russian.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../pkg/node.js';

test('CDNOW: every client predicted, the fits with their standard errors', () => {
  const report = analyze(readFileSync(new URL('../data/cdnow.csv', import.meta.url)), { asOf: '1997-09-30' });
  const t = performance.now();
  const c = report.clv({ unit: 'week', horizonMonths: 12, discount: 0.01 });
  console.error(`# report.clv() of CDNOW to 1997-09-30 in wasm: ${(performance.now() - t).toFixed(0)} ms`);
  assert.equal(c.clients, 23570);
  assert.deepEqual(c.limits.filter((l) => l.blocking), []);
  assert.ok(c.bgnbd.converged && c.bgnbd.standardErrors.length === 4);
  assert.ok(c.gammaGamma.model.q > 1);
  for (const k of ['pAlive', 'expectedPurchases', 'expectedValue', 'clv']) {
    assert.ok(c[k] instanceof Float64Array && c[k].length === report.length, k);
  }
  assert.ok(c.pAlive.every((p) => p >= 0 && p <= 1));
  assert.ok(c.clv.every((v) => Number.isFinite(v) && v >= 0));
  report.free();
});

test('a small file: the reasons, no numbers', () => {
  const report = analyze(readFileSync(new URL('../data/dynamic/orders.csv', import.meta.url)), { lang: 'ru' });
  const c = report.clv();
  assert.deepEqual(c.limits.map((l) => l.key), ['fewRepeatBuyers', 'shortHistory']);
  assert.equal(c.bgnbd, null);
  assert.ok(c.clv.every((v) => Number.isNaN(v)));
  assert.throws(() => report.clv({ discount: 2 }), (e) => e.kind === 'invalidOption');
  assert.throws(() => report.clv({ horizon: 3 }), (e) => e.kind === 'invalidOption');
  report.free();
});
