// The benchmark: segmenta (native, wasm in Node, wasm in headless Chromium) and, when
// ../shared/bench/ is present, the peers there (DuckDB-WASM, plain JavaScript, Arquero,
// polars, DuckDB, pandas), each in fresh processes on the same files, with medians, ratios,
// throughput, peak memory and the ratio to the floor (copy + scan of the file in wasm).
// Prints a markdown report and writes it to bench/RESULTS.md.
//
//   node bench/run.mjs [--sizes 100k,1M,5M] [--reps 3] [--peers LIST|none] [--no-chromium]
//                      [--no-cdnow] [--no-1gb] [--out bench/RESULTS.md] [--render JSON]
// The raw figures go to bench/results/last.json; --render JSON rewrites the report from
// such a file without measuring again.
// Unless --no-1gb, it also streams two generated 1 GB files (33M rows; 125k clients, and
// the generator's default of one client per eight rows) through the Analyzer.
// Run it through scripts/bench.sh, which builds the native binary and pkg/ first.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';

const root = new URL('../', import.meta.url).pathname;
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const flag = (name) => argv.includes(name);
const sizes = opt('--sizes', '100k,1M,5M').split(',').filter(Boolean);
const reps = Number(opt('--reps', 3));
const out = opt('--out', root + 'bench/RESULTS.md');
const peersOpt = opt('--peers', 'floors,plain-js-node,duckdb-wasm-node,arquero-node,polars-py-t1,duckdb-py-t1,pandas-py,duckdb-wasm-chromium,plain-js-chromium');
const withChromium = !flag('--no-chromium');
const shared = root + '../shared/bench/';
const log = (...a) => console.error('#', ...a);

// ---------------------------------------------------------------- data
mkdirSync(root + 'bench/data', { recursive: true });
const files = [];
for (const s of sizes) {
  const f = `${root}bench/data/tx_${s}.csv`;
  if (!existsSync(f)) {
    log(`generating ${f}`);
    execFileSync(root + 'target/release/segmenta', ['gen', s, '--out', f], { stdio: 'inherit' });
  }
  files.push({ name: `tx_${s}`, path: f });
}
if (!flag('--no-cdnow')) files.push({ name: 'cdnow', path: root + 'tests/data/cdnow.csv' });

// ---------------------------------------------------------------- runners
const KEEP = '{"duplicates":"keep"}';
function resultLines(text) {
  return text.split('\n').filter((l) => l.startsWith('RESULT ')).map((l) => JSON.parse(l.slice(7)));
}
function runNode(script, args) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=16384', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${script} ${args.join(' ')}: ${r.stderr}`);
  return resultLines(r.stdout)[0];
}
function runNative(file, options, threads = 1) {
  const r = spawnSync(root + 'target/release/segmenta', ['bench-one', file, '--options', options, '--threads', String(threads)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const j = JSON.parse(r.stdout.trim());
  return {
    total_ms: j.total_ms, compute_ms: j.compute_ms, read_ms: j.read_ms, peak_rss_mb: j.peak_mb, bytes: j.bytes, ranges: j.ranges, fallback: j.fallback ?? undefined,
    checksum: `n=${j.n};sumR=${j.sumR};sumF=${j.sumF};sumM=${j.sumM}`,
  };
}
function repeat(fn) {
  fn(); // priming run: page cache, compiled code
  const rs = [];
  for (let i = 0; i < reps; i++) rs.push(fn());
  return rs;
}
const median = (xs) => {
  const v = xs.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  return v.length ? (v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2) : null;
};
const max = (xs) => Math.max(...xs.filter((x) => typeof x === 'number'));
function summarize(peer, rs) {
  return {
    peer,
    total_ms: median(rs.map((r) => r.total_ms)),
    compute_ms: median(rs.map((r) => r.compute_ms)),
    init_ms: median(rs.map((r) => r.init_ms)),
    peak_rss_mb: max(rs.map((r) => r.peak_rss_mb)),
    wasm_memory_mb: max(rs.map((r) => r.wasm_memory_mb ?? null).filter((x) => x !== null)) || null,
    checksum: rs[0]?.checksum ?? '',
    bytes: rs[0]?.bytes,
  };
}

// ---------------------------------------------------------------- peers (copied: ../shared is read-only)
let peerDir = null;
if (peersOpt !== 'none' && existsSync(shared + 'run_peers.sh')) {
  peerDir = root + 'target/peer-bench/';
  if (!existsSync(peerDir + 'run_peers.sh')) {
    log('copying the peers to target/peer-bench');
    cpSync(shared, peerDir, {
      recursive: true,
      filter: (src) => !/\/(node_modules|\.venv|data|results|target)(\/|$)/.test(src.slice(shared.length - 1)),
    });
  }
}
function runPeers(file) {
  if (!peerDir) return [];
  let list = peersOpt.split(',');
  if (!withChromium) list = list.filter((p) => !p.includes('chromium'));
  const before = new Set(existsSync(peerDir + 'results') ? readdirSync(peerDir + 'results') : []);
  log(`peers on ${file}: ${list.join(', ')}`);
  const r = spawnSync('bash', [peerDir + 'run_peers.sh', file, '--reps', String(reps), '--peers', list.join(',')], {
    cwd: peerDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26,
  });
  if (r.status !== 0) log(`run_peers.sh exited with ${r.status}`);
  const fresh = readdirSync(peerDir + 'results').filter((f) => f.endsWith('.jsonl') && !before.has(f));
  const recs = fresh.flatMap((f) => readFileSync(peerDir + 'results/' + f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)));
  const by = new Map();
  for (const x of recs) {
    if (x.error) continue;
    if (!by.has(x.peer)) by.set(x.peer, []);
    by.get(x.peer).push(x);
  }
  return [...by.entries()].map(([peer, rs]) => summarize(peer, rs));
}

// ---------------------------------------------------------------- chromium
function runChromium(file, workers = 1, blob = false) {
  const args = [root + 'bench/chromium.mjs', file, String(reps), '--workers', String(workers), ...(blob ? ['--blob'] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    log(`chromium: ${r.stderr.slice(-500)}`);
    return [];
  }
  return resultLines(r.stdout);
}

// ---------------------------------------------------------------- run
const rendered = opt('--render', null);
const saved = rendered ? JSON.parse(readFileSync(rendered, 'utf8')) : null;
const results = saved ? saved.results : [];
for (const f of saved ? [] : files) {
  log(`${f.name}: segmenta`);
  const rows = [];
  rows.push(summarize('floor: copy + scan in wasm', repeat(() => runNode(root + 'bench/segmenta_node.mjs', [f.path, '--mode', 'floor']))));
  rows.push(summarize('segmenta native', repeat(() => runNative(f.path, KEEP))));
  rows.push(summarize('segmenta native, dedupe on', repeat(() => runNative(f.path, '{}'))));
  const native2 = repeat(() => runNative(f.path, KEEP, 2));
  rows.push({ ...summarize('segmenta native, 2 threads', native2), ranges: native2[0].ranges, fallback: native2[0].fallback });
  rows.push(summarize('segmenta wasm Node', repeat(() => runNode(root + 'bench/segmenta_node.mjs', [f.path, '--options', KEEP]))));
  rows.push(summarize('segmenta wasm Node, dedupe on', repeat(() => runNode(root + 'bench/segmenta_node.mjs', [f.path, '--options', '{}']))));
  rows.push(summarize('segmenta wasm Node, warm (second file in the process)', repeat(() => runNode(root + 'bench/segmenta_node.mjs', [f.path, '--mode', 'warm', '--options', KEEP]))));
  rows.push(summarize('segmenta wasm Node, streamed 1 MB chunks', repeat(() => runNode(root + 'bench/segmenta_node.mjs', [f.path, '--mode', 'stream', '--options', KEEP]))));
  if (withChromium) {
    // Fresh page per run; "warm" is a second run in the same page (compiled code and the
    // range Workers kept). With N workers the file is read in N byte ranges (parallel.js);
    // "Blob" streams the bytes as the demo page streams a dropped File.
    for (const [w, blob] of [[1, false], [2, false], [4, false], [1, true], [2, true]]) {
      const c = runChromium(f.path, w, blob);
      if (!c.length) continue;
      const name = (w === 1 ? 'segmenta wasm Chromium worker' : `segmenta wasm Chromium, ${w} workers`) + (blob ? ', Blob' : '');
      rows.push({ ...summarize(name, c), ranges: c[0].ranges, fallback: c[0].fallback });
      rows.push(summarize(`${name}, warm`, c.map((r) => ({ ...r, total_ms: r.warm_ms }))));
    }
  }
  rows.push(...runPeers(f.path));
  results.push({ file: f, rows });
}

// ---------------------------------------------------------------- 1 GB streamed
const big = saved ? saved.big : [];
if (!saved && !flag('--no-1gb')) {
  for (const [name, args] of [['tx_1M', null], ['tx_33M_125k', ['33M', '--clients', '125k']], ['tx_33M', ['33M']]]) {
    const f = `${root}bench/data/${name}.csv`;
    if (args && !existsSync(f)) {
      log(`generating ${f}`);
      execFileSync(root + 'target/release/segmenta', ['gen', ...args, '--out', f], { stdio: 'inherit' });
    }
    if (!existsSync(f)) continue;
    log(`${name}: streamed in 1 MB chunks`);
    big.push(runNode(root + 'bench/stream_big.mjs', [f]));
  }
}

if (!saved) {
  mkdirSync(root + 'bench/results', { recursive: true });
  writeFileSync(root + 'bench/results/last.json', JSON.stringify({ reps, date: new Date().toISOString(), results, big }));
}

// ---------------------------------------------------------------- report
const wasm = readFileSync(root + 'pkg/segmenta_bg.wasm');
const gz = gzipSync(wasm, { level: 9 }).length;
const fmt = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const values = (c) => (c || '').split(';').filter((p) => /^(n|sumR|sumF|sumM)=/.test(p)).join(';');
let md = `## Benchmark results\n\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; ${(saved?.date ?? new Date().toISOString()).slice(0, 10)}; Node ${process.versions.node}.\n`;
md += `Medians of ${saved?.reps ?? reps} fresh processes after one priming run; milliseconds from the file's bytes to scored clients (segmenta: every label, not only RFM).\n`;
md += `segmenta runs with \`duplicates: "keep"\` to compute what the peers compute (they do not drop repeated rows); "dedupe on" is the default configuration.\n`;
md += `× floor: the time over the floor, copying the file into wasm memory and counting its lines (the peers' \`floor:wasm-copy+scan\` when present).\n`;
md += `wasm module: ${fmt(wasm.length)} bytes, ${fmt(gz)} gzipped.\n\n`;
for (const { file, rows } of results) {
  const bytes = statSync(file.path).size;
  // The floor: the peers' wasm copy + scan when present (the issue's reference), else ours.
  const floor = (rows.find((r) => r.peer === 'floor:wasm-copy+scan') ?? rows.find((r) => r.peer.startsWith('floor: copy')))?.compute_ms;
  const seg = rows.find((r) => r.peer === 'segmenta wasm Node');
  const ref = rows.find((r) => /plain-js-node|duckdb-py/.test(r.peer));
  md += `### ${file.name} (${fmt(bytes / 1e6, 1)} MB)\n\n| peer | median ms | MB/s | × floor | segmenta wasm is faster by | peak RSS MB | values (n, sumR, sumF, sumM) |\n|---|---:|---:|---:|---:|---:|---|\n`;
  for (const r of rows) {
    const t = r.peer.startsWith('floor') ? r.compute_ms : r.total_ms;
    if (!(t > 0)) continue; // the peers' floor lines that time nothing on their own
    const agree = !ref || r.peer.startsWith('floor')
      ? ''
      : values(r.checksum) === values(ref.checksum)
        ? 'equal'
        : r.peer.includes('dedupe on') ? 'repeated rows dropped' : 'differ';
    const rss = Number.isFinite(r.peak_rss_mb) ? fmt(r.peak_rss_mb) : '–';
    const label = r.fallback ? `${r.peer} (read by one reader: ${r.fallback})` : r.peer;
    md += `| ${label} | ${fmt(t, 1)} | ${fmt(bytes / 1e6 / (t / 1000))} | ${floor ? fmt(t / floor, 1) : '–'} | ${seg && !r.peer.startsWith('segmenta') && !r.peer.startsWith('floor') ? fmt(t / seg.total_ms, 1) + '×' : ''} | ${rss} | ${agree || values(r.checksum)} |\n`;
  }
  // Byte ranges on several workers / threads against one, on the same file.
  const speedups = [];
  // Only configurations that did read in byte ranges (a warm row shares its cold row's way).
  const split = (name) => rows.find((r) => r.peer === name.replace(/, warm$/, ''))?.ranges !== 1;
  const by = (name) => (split(name) ? rows.find((r) => r.peer === name)?.total_ms : undefined);
  for (const [label, one, many] of [
    ['native, 2 threads', 'segmenta native', 'segmenta native, 2 threads'],
    ['Chromium, 2 workers', 'segmenta wasm Chromium worker', 'segmenta wasm Chromium, 2 workers'],
    ['Chromium, 4 workers', 'segmenta wasm Chromium worker', 'segmenta wasm Chromium, 4 workers'],
    ['Chromium, 2 workers, warm', 'segmenta wasm Chromium worker, warm', 'segmenta wasm Chromium, 2 workers, warm'],
    ['Chromium, 4 workers, warm', 'segmenta wasm Chromium worker, warm', 'segmenta wasm Chromium, 4 workers, warm'],
    ['Chromium Blob, 2 workers', 'segmenta wasm Chromium worker, Blob', 'segmenta wasm Chromium, 2 workers, Blob'],
    ['Chromium Blob, 2 workers, warm', 'segmenta wasm Chromium worker, Blob, warm', 'segmenta wasm Chromium, 2 workers, Blob, warm'],
  ]) {
    if (rows.some((r) => r.peer === one) && by(many)) speedups.push(`${label} ${fmt(rows.find((r) => r.peer === one).total_ms / by(many), 2)}×`);
  }
  if (speedups.length) md += `\nByte ranges read in parallel, speed-up over one reader on this ${cpus().length}-core machine: ${speedups.join('; ')}.\n`;
  if (seg) md += `\nsegmenta wasm in Node: start-up (instantiate) ${fmt(seg.init_ms, 1)} ms; module memory ${fmt(seg.wasm_memory_mb)} MB including the ${fmt(bytes / 2 ** 20)} MB input.\n`;
  md += '\n';
}
if (big.length) {
  md += `### Streaming large files (Analyzer.push, 1 MB chunks, default options, wasm in Node)\n\n`;
  md += `| file | size MB | rows | clients | seconds | MB/s | module memory MB | of which tables MB | peak RSS MB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n`;
  for (const b of big) {
    const name = b.file.split('/').pop().replace(/\.csv$/, '');
    md += `| ${name} | ${fmt(b.bytes / 1e6)} | ${fmt(b.rows)} | ${fmt(b.clients)} | ${fmt(b.ms / 1000, 1)} | ${fmt(b.mb_per_s)} | ${fmt(b.wasm_memory_mb)} | ${fmt(b.tables_mb)} | ${fmt(b.peak_rss_mb)} |\n`;
  }
  md += '\n';
}
console.log(md);
writeFileSync(out, md);
log(`wrote ${out}`);
