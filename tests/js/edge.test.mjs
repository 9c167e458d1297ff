// The package in the real edge runtimes: workerd (Cloudflare Workers' runtime) and Deno each
// score clients over HTTP with a model fitted in Node — labels, and with the `clv` option
// P(alive) and CLV with their intervals — and must agree with Node exactly; both read an
// Excel workbook through segmenta/xlsx as Node does.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { analyze, behaviourSegments, Scorer } from '../../pkg/node.js';
import { xlsxToCsv } from '../../pkg/xlsx-node.js';

const root = new URL('../../', import.meta.url);
const path = (p) => new URL(p, root).pathname;
const children = [];
after(() => children.forEach((c) => c.kill('SIGTERM')));

// With the behaviour segments and playbook: a client's recent events count at the edge too;
// with the purchase and spend models: P(alive) and CLV at request time.
const report = analyze(readFileSync(path('tests/data/cdnow.csv')), {
  ruleSegments: behaviourSegments(),
  playbook: 'behaviour',
  clv: { backtest: false },
});
const model = report.model();
const local = new Scorer(model);
// Today by the clock of the test (the runtimes' clocks agree with it).
const today = new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);
const clients = [
  // Ordered today: scored by a model fitted in 1998, recency measured to today.
  { id: 'today', lastOrderDate: today, firstOrderDate: today, frequency: 1, monetary: 40 },
  { id: 'a', lastOrderDate: '1998-06-01', frequency: 5, monetary: 300 },
  { id: 'b', recencyDays: 400, frequency: 1, monetary: 12.5 },
  { id: 'c', lastOrderDate: '1997-02-01', firstOrderDate: '1997-01-01', frequency: 2, revenue: 80, cv: 2.1 },
  { id: 'lead' },
  // Put a CD in the cart today and has not ordered since: an abandoned cart, at request time.
  { id: 'cart', lastOrderDate: '1998-05-01', frequency: 2, monetary: 60, events: [{ date: today, event: 'add_to_cart', category: 'CDs' }] },
];

async function listen(child, pattern) {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no port after 20 s: ${out}`)), 20000);
    const onData = (d) => {
      out += d;
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stdio[3]?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${out}`));
    });
  });
}

async function scoreOver(port) {
  const results = [];
  for (const c of clients) {
    const res = await fetch(`http://127.0.0.1:${port}/score`, { method: 'POST', body: JSON.stringify(c) });
    assert.equal(res.status, 200);
    results.push(await res.json());
  }
  const bad = await fetch(`http://127.0.0.1:${port}/score`, { method: 'POST', body: JSON.stringify({ frecuency: 3 }) });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).kind, 'invalidClient');
  return results;
}

const expected = () => clients.map((c) => JSON.parse(JSON.stringify(local.score(c))));

test('a client who ordered today, scored in Node by a model fitted months ago', () => {
  const got = local.score(clients[0]);
  assert.equal(got.asOf, today);
  assert.equal(got.lifecycle, 'newClient');
  assert.equal(got.r, 5, 'the best recency level');
  assert.ok(got.modelAgeDays > 9000, `${got.modelAgeDays} days`);
  assert.equal(got.stale, true);
});

test('P(alive) and CLV of one client at request time', () => {
  const fresh = local.score(clients[0]).prediction;
  // A first order today: likely alive, worth something over the next 12 months.
  assert.ok(fresh.pAlive.value > 0.5 && fresh.pAlive.low < fresh.pAlive.value, JSON.stringify(fresh));
  assert.ok(fresh.clv.value > 0 && fresh.expectedPurchases.value > 0);
  // Five orders, the last in 1998: silent for decades by today.
  assert.ok(local.score(clients[1]).prediction.pAlive.value < 0.01);
  assert.equal(local.score({ id: 'lead' }).prediction, undefined);
});

test('an abandoned cart is told at the edge from the client\'s own events', () => {
  const s = local.score(clients.find((c) => c.id === 'cart'));
  assert.deepEqual(s.ruleSegments, ['Abandoned cart']);
  assert.equal(s.action.key, 'abandonedCart');
  const none = local.score({ ...clients.find((c) => c.id === 'cart'), events: [] });
  assert.deepEqual(none.ruleSegments, []);
});

test('workerd scores like Node', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmenta-workerd-'));
  for (const f of ['worker.js', 'config.capnp']) copyFileSync(path(`examples/edge/workerd/${f}`), join(dir, f));
  for (const f of ['workerd.js', 'segmenta.js', 'rows.js', 'segmenta_bg.wasm']) copyFileSync(path(`pkg/${f}`), join(dir, f));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
  const bin = process.env.WORKERD ?? createRequire(import.meta.url)('workerd').default;
  const child = spawn(bin, ['serve', join(dir, 'config.capnp'), '--socket-addr', 'http=127.0.0.1:0', '--control-fd', '3'], {
    stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
  });
  children.push(child);
  const port = await listen(child, /"event":"listen","socket":"http","port":(\d+)/);
  const info = await (await fetch(`http://127.0.0.1:${port}/`)).json();
  assert.equal(info.asOf, '1998-06-30');
  assert.deepEqual(await scoreOver(port), expected());
});

test('Deno scores like Node', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmenta-deno-'));
  const modelPath = join(dir, 'model.json');
  writeFileSync(modelPath, JSON.stringify(model));
  const deno = path('node_modules/.bin/deno');
  const child = spawn(deno, ['run', '--no-prompt', `--allow-read=${path('pkg')},${dir}`, '--allow-net=127.0.0.1', path('examples/edge/deno/score.ts'), modelPath, '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, '.deno') },
  });
  children.push(child);
  const port = await listen(child, /listening on (\d+)/);
  assert.deepEqual(await scoreOver(port), expected());
});

test('Deno reads a file in byte ranges on two Workers like one reader', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmenta-deno-'));
  const deno = path('node_modules/.bin/deno');
  const out = await new Promise((resolve, reject) => {
    const child = spawn(deno, ['run', '--no-prompt', `--allow-read=${path('pkg')},${path('tests/js')}`, path('tests/js/deno_parallel.ts'), path('pkg')], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, '.deno') },
    });
    children.push(child);
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`deno exited with ${code}`))));
  });
  const r = JSON.parse(out.trim().split('\n').pop());
  assert.ok(r.bytes > 4 << 20, `${r.bytes} bytes`);
  assert.deepEqual(r.results, [
    { ranges: 2, same: true },
    { ranges: 2, same: true },
  ]);
});

// The workbook both runtimes read, and what Node makes of it.
const workbook = path('tests/data/xlsx/orders-text-ids.xlsx');
function nodeReading() {
  const out = xlsxToCsv(readFileSync(workbook), { sheet: 'Заказы' });
  const { memoryBytes: _, ...summary } = analyze(out.csv).summary();
  return JSON.parse(JSON.stringify({ sheets: out.sheets, summary }));
}

test('workerd reads a workbook like Node', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmenta-workerd-xlsx-'));
  for (const f of ['workerd.js', 'segmenta.js', 'rows.js', 'segmenta_bg.wasm', 'xlsx-workerd.js', 'segmenta_xlsx.js', 'segmenta_xlsx_bg.wasm']) {
    copyFileSync(path(`pkg/${f}`), join(dir, f));
  }
  // POST a workbook; the .xlsx module is imported with the first one.
  writeFileSync(join(dir, 'worker.js'), `import { analyze } from './workerd.js';
export default {
  async fetch(request) {
    const { xlsxToCsv } = await import('./xlsx-workerd.js');
    try {
      const out = xlsxToCsv(new Uint8Array(await request.arrayBuffer()), { sheet: 'Заказы' });
      const { memoryBytes: _, ...summary } = analyze(out.csv).summary();
      return Response.json({ sheets: out.sheets, summary });
    } catch (e) {
      return Response.json({ kind: e.kind, message: e.message }, { status: 400 });
    }
  },
};
`);
  const modules = [
    ['worker.js', 'esModule'], ['workerd.js', 'esModule'], ['segmenta.js', 'esModule'], ['rows.js', 'esModule'], ['segmenta_bg.wasm', 'wasm'],
    ['xlsx-workerd.js', 'esModule'], ['segmenta_xlsx.js', 'esModule'], ['segmenta_xlsx_bg.wasm', 'wasm'],
  ];
  writeFileSync(join(dir, 'config.capnp'), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .reader) ],
  sockets = [ (name = "http", address = "127.0.0.1:0", http = (), service = "main") ],
);
const reader :Workerd.Worker = (
  modules = [ ${modules.map(([name, kind]) => `(name = "${name}", ${kind} = embed "${name}")`).join(', ')} ],
  compatibilityDate = "2025-01-01",
);
`);
  const bin = process.env.WORKERD ?? createRequire(import.meta.url)('workerd').default;
  const child = spawn(bin, ['serve', join(dir, 'config.capnp'), '--socket-addr', 'http=127.0.0.1:0', '--control-fd', '3'], {
    stdio: ['ignore', 'pipe', 'inherit', 'pipe'],
  });
  children.push(child);
  const port = await listen(child, /"event":"listen","socket":"http","port":(\d+)/);
  const post = (body) => fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body });
  const res = await post(readFileSync(workbook));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), nodeReading());
  const bad = await post('client,date,amount\n');
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).kind, 'notXlsx');
});

test('Deno reads a workbook like Node', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmenta-deno-'));
  const deno = path('node_modules/.bin/deno');
  const out = await new Promise((resolve, reject) => {
    const child = spawn(deno, ['run', '--no-prompt', `--allow-read=${path('pkg')},${workbook}`, path('tests/js/deno_xlsx.ts'), path('pkg'), workbook], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, '.deno') },
    });
    children.push(child);
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`deno exited with ${code}`))));
  });
  assert.deepEqual(JSON.parse(out.trim().split('\n').pop()), nodeReading());
});
