// Saved states in the npm package: CDNOW up to 1998-03-31 saved, the remaining rows added,
// equals one run over the whole file for every client and label; the same state bytes read
// in Deno and by the native command line give the same report; damaged bytes throw
// `invalidState`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { analyze, Report, Updater } from '../../pkg/node.js';

const root = new URL('../../', import.meta.url).pathname;
const cdnow = readFileSync(join(root, 'tests/data/cdnow.csv'), 'utf8');
const [header, ...rows] = cdnow.trim().split('\n');
const historyCsv = [header, ...rows.filter((l) => l.split(',')[2] <= '1998-03-31')].join('\n') + '\n';
const after = rows.filter((l) => l.split(',')[2] > '1998-03-31').join('\n') + '\n';
const enc = (s) => new TextEncoder().encode(s);

/** Every client's row of the scored table, sorted: ids, R, F, M and every label. */
const table = (report) => new TextDecoder().decode(report.customersCsv()).trim().split('\n').sort();

test('CDNOW up to 1998-03-31 saved, then the rest added, equals one run for every client and label', () => {
  const whole = analyze(enc(cdnow));
  const state = analyze(enc(historyCsv)).state();
  assert.ok(state instanceof Uint8Array);
  const restored = Report.fromState(state);
  const updated = restored.update(enc(after));
  assert.equal(updated.length, 23570);
  assert.deepEqual(table(updated), table(whole));
  const s = updated.summary();
  assert.equal(s.transactions, whole.summary().transactions);
  assert.deepEqual(s.segments.map((x) => x.customers), whole.summary().segments.map((x) => x.customers));
  const note = updated.updateNote();
  assert.equal(note.historyRows + note.rowsAdded, 69659);
  assert.ok(s.warnings.some((w) => w.kind === 'update'));
  // The streaming form, in uneven chunks.
  const u = new Updater(state);
  const bytes = enc(after);
  for (let i = 0; i < bytes.length; i += 7919) u.push(bytes.subarray(i, i + 7919));
  assert.deepEqual(table(u.finish()), table(whole));
});

test('damaged, truncated and foreign bytes throw invalidState', () => {
  const state = analyze(enc(historyCsv)).state();
  const kinds = [];
  for (const bad of [state.subarray(0, 100), enc('client,date,amount\n'), new Uint8Array(0),
    (() => { const b = state.slice(); b[b.length >> 1] ^= 1; return b; })()]) {
    try { Report.fromState(bad); kinds.push('none'); } catch (e) { kinds.push(e.kind); }
  }
  assert.deepEqual(kinds, ['invalidState', 'invalidState', 'invalidState', 'invalidState']);
  try { Report.fromState(state.subarray(0, 100), { lang: 'ru' }); } catch (e) {
    assert.match(e.message, /состояние/);
  }
});

test('the same state bytes in Deno and in the native command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'segmenta-state-'));
  const statePath = join(dir, 'cdnow.state');
  const afterPath = join(dir, 'after.csv');
  writeFileSync(statePath, analyze(enc(historyCsv)).state());
  writeFileSync(afterPath, after);
  const want = analyze(enc(cdnow)).summary();
  const deno = process.env.DENO ?? join(root, 'node_modules/.bin/deno');
  assert.ok(existsSync(deno), 'Deno is installed by scripts/setup.sh');
  const script = join(dir, 'update.ts');
  writeFileSync(script, `
    import { initSync, Report } from '${join(root, 'pkg/segmenta.js')}';
    initSync({ module: await WebAssembly.compile(Deno.readFileSync('${join(root, 'pkg/segmenta_bg.wasm')}')) });
    const r = Report.fromState(Deno.readFileSync('${statePath}')).update(Deno.readFileSync('${afterPath}'));
    const s = r.summary();
    console.log(JSON.stringify({ customers: s.customers, revenue: s.revenue, segments: s.segments.map((x) => [x.key, x.customers]) }));
  `);
  const d = spawnSync(deno, ['run', '--no-prompt', `--allow-read=${root},${dir}`, script], { encoding: 'utf8' });
  assert.equal(d.status, 0, d.stderr);
  const got = JSON.parse(d.stdout);
  assert.deepEqual(got, { customers: want.customers, revenue: want.revenue, segments: want.segments.map((x) => [x.key, x.customers]) });
  const cli = join(root, 'target/release/segmenta');
  if (existsSync(cli)) {
    const c = spawnSync(cli, ['update', statePath, afterPath, '--out', join(dir, 'new.state')], { encoding: 'utf8' });
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /23[,\s\u00a0]?570/);
    assert.deepEqual(table(Report.fromState(readFileSync(join(dir, 'new.state')))), table(analyze(enc(cdnow))));
  }
});

test('compare(before, after): a restored state against its update, who moved', async () => {
  const { compare } = await import('../../pkg/node.js');
  const before = Report.fromState(analyze(enc(historyCsv)).state());
  const after_ = before.update(enc(after));
  const cmp = compare(before, after_);
  const s = cmp.summary();
  assert.equal(s.clientsAfter, 23570);
  const rfm = cmp.flow('rfm');
  const onPaths = rfm.paths.reduce((n, p) => n + p.clients, 0);
  assert.equal(onPaths, s.clients);
  const risky = cmp.valuableToRisky('rfm');
  const reasons = cmp.explainClients('rfm', risky);
  assert.equal(reasons.length, risky.length);
  if (risky.length) assert.match(reasons[0], /→/);
});
