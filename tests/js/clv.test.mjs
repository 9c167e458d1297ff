// report.clv() through the npm package in Node: CDNOW to 1997-09-30, the three models fitted
// on its 23,570 clients with every client's P(alive), expected purchases, order value and
// CLV as typed arrays; a small file gets the reasons instead of numbers, in Russian.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze, Analyzer, Scorer } from '../../pkg/node.js';

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
  assert.throws(() => report.clv({ horizonYears: 3 }), (e) => e.kind === 'invalidOption');
  report.free();
});

test('the clv option: columns, rule fields, the backtest, explanations and the Scorer', () => {
  const bytes = readFileSync(new URL('../data/cdnow.csv', import.meta.url));
  const report = analyze(bytes, {
    clv: { horizon: 12, calibrationEnd: '1997-09-30' },
    ruleSegments: [{ name: 'Slipping', rule: 'p_alive < 0.3' }],
  });
  const cols = report.columns();
  for (const k of ['pAlive', 'expectedPurchases', 'expectedValue', 'clv']) {
    assert.ok(cols[k] instanceof Float64Array && cols[k].length === report.length, k);
  }
  const c = report.clv();
  assert.equal(c.model, 'mbgnbd');
  assert.ok(c.mbgnbd.converged && c.bgnbd.converged);
  const b = c.backtest;
  assert.equal(b.calibrationEnd, '1997-09-30');
  assert.equal(b.actual, 19684);
  assert.equal(b.byFrequency.length, 8);
  assert.ok(b.correlation > 0.5);
  const slipping = cols.pAlive.filter((p) => p < 0.3).length;
  const counted = report.summary().ruleSegments.find((s) => s.name === 'Slipping');
  assert.equal(counted.customers, slipping);
  const e = report.explainRow(0);
  assert.ok(e.prediction.pAlive.low < e.prediction.pAlive.value, JSON.stringify(e.prediction));
  const csv = new TextDecoder().decode(report.customersCsv());
  assert.match(csv.split('\n')[0], /p_alive,expected_purchases,expected_value,clv/);
  // The model carries the predictor: an edge function predicts one client.
  const scorer = new Scorer(report.model());
  const client = { firstOrderDate: '1997-01-10', lastOrderDate: '1998-05-01', frequency: 6, revenue: 300, firstOrderValue: 40 };
  const s = scorer.score(client, { asOf: '1998-06-30' });
  assert.ok(s.prediction.pAlive.value > 0.8 && s.prediction.clv.value > 100, JSON.stringify(s.prediction));
  // Scored today (the default at the edge), the same client has been silent for decades.
  assert.ok(scorer.score(client).prediction.pAlive.value < 1e-3);
  scorer.free();
  report.free();
});

/** The report of `bytes` read by one streaming Analyzer in chunks of 64 KiB. */
function stream(bytes, options) {
  const a = new Analyzer(options, bytes.length);
  for (let i = 0; i < bytes.length; i += 65536) a.push(bytes.subarray(i, i + 65536));
  const report = a.end();
  a.free();
  return { report };
}

test('a streamed report gets its backtest from the calibration options', () => {
  const bytes = readFileSync(new URL('../data/cdnow.csv', import.meta.url));
  const { report } = stream(bytes, { clv: { calibrationEnd: '1997-09-30' } });
  assert.equal(report.clv().backtest, null);
  const calibration = report.calibrationOptions();
  assert.equal(calibration.asOf, '1997-09-30');
  const { report: cal } = stream(bytes, calibration);
  report.setBacktest(cal);
  cal.free();
  assert.equal(report.clv().backtest.actual, 19684);
  assert.equal(analyze(bytes, {}).calibrationOptions(), undefined);
  report.free();
});
