// The package as users get it: `npm pack` of pkg/, its contents and sizes, then each project
// in examples/ (Vite, webpack, Node ESM and CommonJS, Deno, workerd, TypeScript) copied to a
// temporary directory, the tarball installed there with the example's own pinned tools,
// built, run, and its result compared with what pkg/node.js gives in this process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../pkg/node.js';
import { launch, serveStatic } from '../e2e/static.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkgDir = join(root, 'pkg');
const examplesDir = join(root, 'examples');
const EXAMPLES = ['node-esm', 'node-cjs', 'deno', 'workerd', 'vite', 'webpack', 'typescript'];

// Bounds on what users download: about 15 % above the sizes measured when they were set
// (gzipped tarball 1,421,184 bytes, unpacked 3,338,158 bytes, of which segmenta_bg.wasm
// 2,362,227 and segmenta_xlsx_bg.wasm 650,370).
const MAX_TARBALL_BYTES = 1_635_000;
const MAX_UNPACKED_BYTES = 3_840_000;

const work = mkdtempSync(join(tmpdir(), 'segmenta-tarball-'));
const children = new Set();
let browser;
after(async () => {
  for (const c of children) c.kill('SIGTERM');
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Runs a command; resolves to its output, rejects with it on a non-zero exit or a time-out. */
function run(cmd, args, { cwd, env, timeout = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve({ stdout, stderr });
      else reject(new Error(`${cmd} ${args.join(' ')} (in ${cwd}) ended with ${signal ?? code}\n${stdout}\n${stderr}`));
    });
  });
}

/** What every example prints or shows for its orders.csv: the count and each segment. */
function expectedLines(csv, options) {
  const report = analyze(readFileSync(csv), options);
  const s = report.summary();
  report.free();
  return [`${s.customers} clients, as of ${s.asOf}`, ...s.segments.filter((g) => g.customers > 0).map((g) => `${g.segment}: ${g.customers}`)];
}
const lines = (text) => text.trim().split('\n');

let pack;
const installs = new Map();

before(async () => {
  assert.ok(existsSync(join(pkgDir, 'package.json')), 'pkg/ is not built: run scripts/build-pkg.sh');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], { cwd: pkgDir });
  [pack] = JSON.parse(stdout);
  pack.tarball = join(work, pack.filename);
  // Installs start together, two at a time; each test waits for its own.
  let active = 0;
  const waiting = [];
  const limited = async (fn) => {
    while (active >= 2) await new Promise((r) => waiting.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
  for (const name of EXAMPLES) {
    const dir = join(work, name);
    const done = limited(async () => {
      cpSync(join(examplesDir, name), dir, {
        recursive: true,
        filter: (src) => !/[/\\](node_modules|dist|package-lock\.json)$/.test(src),
      });
      await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', pack.tarball], { cwd: dir, timeout: 300_000 });
      return dir;
    });
    done.catch(() => {});
    installs.set(name, done);
  }
});

const installed = (name) => installs.get(name);

test('the tarball holds every file of `files`, nothing else, and stays small', (t) => {
  const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const packed = new Set(pack.files.map((f) => f.path));
  // snippets/ (wasm-bindgen's inline JS) belongs in the package only if a glue module imports it.
  const glue = ['segmenta.js', 'segmenta_xlsx.js'].map((f) => readFileSync(join(pkgDir, f), 'utf8')).join('\n');
  const snippetsUsed = /['"]\.\/snippets\//.test(glue);
  // An entry of `files` is a file or a directory ("snippets/"), which must not be empty
  // (snippets/ may be, while no glue module imports it).
  const dirOf = (f) => f.replace(/\/?$/, '/');
  const missing = manifest.files.filter((f) => !packed.has(f) && ![...packed].some((p) => p.startsWith(dirOf(f))))
    .filter((f) => snippetsUsed || dirOf(f) !== 'snippets/');
  assert.deepEqual(missing, [], 'files of package.json `files` missing from the tarball');
  const snippets = [...packed].filter((p) => p.startsWith('snippets/'));
  if (!snippetsUsed) assert.deepEqual(snippets, [], 'snippets/ packed but no glue module imports it');
  const listed = (p) => manifest.files.some((f) => p === f || p.startsWith(dirOf(f)));
  const allowed = (p) => p === 'package.json' || listed(p);
  assert.deepEqual([...packed].filter((p) => !allowed(p)), [], 'stray files in the tarball');

  // Every relative module or asset a packed module refers to is packed too.
  const dangling = [];
  for (const p of packed) {
    if (!p.endsWith('.js') && !p.endsWith('.d.ts')) continue;
    const text = readFileSync(join(pkgDir, p), 'utf8');
    const refs = [
      ...text.matchAll(/(?:from|import)\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g),
      ...text.matchAll(/new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g),
    ].map((m) => m[1]);
    for (const ref of refs) {
      const target = posix.normalize(posix.join(posix.dirname(p), ref));
      // `./segmenta.js` in a .d.ts names segmenta.d.ts.
      const candidates = p.endsWith('.d.ts') ? [target, target.replace(/\.js$/, '.d.ts')] : [target];
      if (!candidates.some((c) => packed.has(c))) dangling.push(`${p} → ${ref}`);
    }
  }
  assert.deepEqual(dangling, [], 'relative imports of packed modules that are not packed');

  // Every target of `exports` is in the tarball.
  const targets = [];
  const walk = (v) => (typeof v === 'string' ? targets.push(v) : Object.values(v).forEach(walk));
  walk(manifest.exports);
  assert.deepEqual(targets.filter((x) => !packed.has(x.replace(/^\.\//, ''))), [], '`exports` targets missing');
  assert.ok(!packed.has('.gitignore'));

  const sizes = `tarball ${pack.filename}: ${pack.size} bytes gzipped (bound ${MAX_TARBALL_BYTES}), ` +
    `${pack.unpackedSize} bytes unpacked (bound ${MAX_UNPACKED_BYTES}), ${pack.entryCount} files`;
  t.diagnostic(sizes);
  console.log(sizes);
  for (const f of [...pack.files].sort((a, b) => b.size - a.size).slice(0, 4)) t.diagnostic(`  ${f.path}: ${f.size} bytes`);
  assert.ok(pack.size <= MAX_TARBALL_BYTES, sizes);
  assert.ok(pack.unpackedSize <= MAX_UNPACKED_BYTES, sizes);
});

test('every example analyses the same orders.csv', () => {
  const csv = readFileSync(join(examplesDir, 'node-esm', 'orders.csv'));
  for (const name of ['node-cjs', 'deno', 'workerd', 'vite', 'webpack/src', 'typescript']) {
    assert.deepEqual(readFileSync(join(examplesDir, name, 'orders.csv')), csv, `${name}/orders.csv`);
  }
  const expected = expectedLines(join(examplesDir, 'node-esm', 'orders.csv'));
  assert.match(expected[0], /^16 clients, as of 2025-06-28$/);
  assert.ok(expected.includes('Champions: 4'), expected.join('\n'));
});

test('Node, ES module: import { analyze } from "segmenta"', async () => {
  const dir = await installed('node-esm');
  const { stdout } = await run(process.execPath, ['index.mjs'], { cwd: dir });
  assert.deepEqual(lines(stdout), expectedLines(join(dir, 'orders.csv')));
});

test('Node, CommonJS: require("segmenta") loads the ES module', async (t) => {
  const dir = await installed('node-cjs');
  const { stdout, stderr } = await run(process.execPath, ['index.cjs'], { cwd: dir });
  assert.deepEqual(lines(stdout), expectedLines(join(dir, 'orders.csv')));
  if (stderr.trim()) t.diagnostic(`stderr: ${stderr.trim()}`);
});

/** An engine's binary as npm installed it, or a failure that says what is missing. */
async function engine(dir, name, versionArgs) {
  const bin = join(dir, 'node_modules', '.bin', name);
  assert.ok(existsSync(bin), `${name} is not installed in ${dir}: npm did not link node_modules/.bin/${name}`);
  try {
    await run(bin, versionArgs, { cwd: dir, timeout: 30_000 });
  } catch (e) {
    assert.fail(`${name} does not start: its platform binary is missing (npm may have skipped the optional ` +
      `dependency or the package's install script; \`npm install-scripts approve ${name}\` allows it)\n${e.message}`);
  }
  return bin;
}

test('Deno: npm:segmenta from node_modules', async () => {
  const dir = await installed('deno');
  const deno = await engine(dir, 'deno', ['--version']);
  const { stdout } = await run(deno, ['run', '--no-prompt', '--allow-read', 'main.ts'], {
    cwd: dir,
    env: { DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, '.deno') },
  });
  assert.deepEqual(lines(stdout), expectedLines(join(dir, 'orders.csv')));
});

/** A free port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts a server process and resolves once `pattern` is in its output. */
function startServer(cmd, args, { cwd, env, pattern }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} not ready after 30 s:\n${out}`)), 30_000);
    const onData = (d) => {
      out += d;
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      reject(new Error(`${cmd} exited with ${code}:\n${out}`));
    });
  });
}

test('workerd: the worker bundled by esbuild with the workerd condition, the .wasm a module', async () => {
  const dir = await installed('workerd');
  const workerd = await engine(dir, 'workerd', ['--version']);
  await run('npm', ['run', 'build', '--silent'], { cwd: dir });
  // The port workerd listens on, from its control pipe.
  const child = spawn(workerd, ['serve', 'config.capnp', '--socket-addr', 'http=127.0.0.1:0', '--control-fd', '3'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  const port = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`workerd not listening after 30 s:\n${out}`)), 30_000);
    const onData = (d) => {
      out += d;
      const m = out.match(/"event":"listen","socket":"http","port":(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    for (const s of [child.stdout, child.stderr, child.stdio[3]]) s.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`workerd exited with ${code}:\n${out}`));
    });
  });
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(res.status, 200);
    assert.deepEqual(lines(await res.text()), expectedLines(join(dir, 'orders.csv')));
    const bad = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'client,date,amount\n' });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).kind, 'headerOnly');
  } finally {
    child.kill('SIGTERM');
  }
});

/** What a page shows once its script is done: the count and segment lines, the .wasm fetched. */
async function pageLines(url) {
  browser ??= await launch();
  const page = await browser.newPage();
  const errors = [];
  const wasm = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && !/status of 404/.test(m.text()) && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
  page.on('response', (r) => r.url().endsWith('.wasm') && wasm.push(`${r.status()} ${r.headers()['content-type']}`));
  try {
    await page.goto(url);
    await page.waitForSelector('body[data-done="true"]', { timeout: 30_000 });
    const error = await page.$eval('#error', (e) => (e.hidden ? '' : e.textContent));
    assert.equal(error, '', `the page failed: ${error} ${errors.join('; ')}`);
    assert.deepEqual(errors, []);
    assert.deepEqual(wasm, ['200 application/wasm'], 'the page fetches its .wasm once');
    // A page with the <segmenta-report> element: it rendered the file's clients.
    const element = await page.$eval('body', (b) => b.dataset.element ?? null);
    if (element !== null) {
      const shown = await page.$eval('segmenta-report', (e) => e.shadowRoot.querySelector('[data-kpi="clients"] .kpi-value')?.textContent.trim());
      const count = (await page.textContent('#count')).match(/^(\d+) clients/)[1];
      assert.equal(element, count, 'the element read the same clients');
      assert.equal(shown, count, 'the element shows the client count');
    }
    return [await page.textContent('#count'), ...(await page.$$eval('#segments li', (els) => els.map((e) => e.textContent)))];
  } finally {
    await page.close();
  }
}

async function servedPage(dist) {
  const server = await serveStatic([['/', dist]]);
  try {
    return await pageLines(server.base);
  } finally {
    await server.close();
  }
}

test('Vite: `vite build`, then the built page in Chromium', async () => {
  const dir = await installed('vite');
  await run('npm', ['run', 'build', '--silent'], { cwd: dir });
  const assets = readdirSync(join(dir, 'dist', 'assets'));
  assert.ok(assets.some((f) => /^segmenta_bg-.*\.wasm$/.test(f)), `Vite copied the .wasm: ${assets}`);
  assert.deepEqual(await servedPage(join(dir, 'dist')), expectedLines(join(dir, 'orders.csv')));
});

test('Vite: the dev server', async () => {
  const dir = await installed('vite');
  const port = await freePort();
  const child = await startServer(join(dir, 'node_modules', '.bin', 'vite'), ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd: dir,
    pattern: /Local:/,
  });
  try {
    assert.deepEqual(await pageLines(`http://127.0.0.1:${port}/`), expectedLines(join(dir, 'orders.csv')));
  } finally {
    child.kill('SIGTERM');
  }
});

test('webpack 5: `webpack`, then the built page in Chromium', async () => {
  const dir = await installed('webpack');
  await run('npm', ['run', 'build', '--silent'], { cwd: dir });
  const files = readdirSync(join(dir, 'dist'));
  assert.ok(files.some((f) => f.endsWith('.wasm')), `webpack emitted the .wasm: ${files}`);
  assert.deepEqual(await servedPage(join(dir, 'dist')), expectedLines(join(dir, 'src', 'orders.csv')));
});

test('a page without a bundler: an import map to node_modules/segmenta/segmenta.js', async () => {
  const dir = await installed('node-esm');
  const page = join(work, 'plain');
  cpSync(join(dir, 'orders.csv'), join(page, 'orders.csv'));
  // The page of the README's snippet, served beside the installed package.
  writeFileSync(join(page, 'index.html'), `<!doctype html>
<meta charset="utf-8">
<script type="importmap">{ "imports": { "segmenta": "/node_modules/segmenta/segmenta.js" } }</script>
<p id="count"></p><ul id="segments"></ul><pre id="error" hidden></pre>
<script type="module">
import init, { analyze } from 'segmenta';
try {
  await init();
  const s = analyze(new Uint8Array(await (await fetch('orders.csv')).arrayBuffer())).summary();
  document.querySelector('#count').textContent = \`\${s.customers} clients, as of \${s.asOf}\`;
  for (const g of s.segments.filter((g) => g.customers > 0)) {
    document.querySelector('#segments').append(Object.assign(document.createElement('li'), { textContent: \`\${g.segment}: \${g.customers}\` }));
  }
} catch (e) {
  Object.assign(document.querySelector('#error'), { hidden: false, textContent: e.message });
} finally {
  document.body.dataset.done = 'true';
}
</script>
`);
  const server = await serveStatic([['/node_modules/', join(dir, 'node_modules')], ['/', page]]);
  try {
    assert.deepEqual(await pageLines(server.base), expectedLines(join(dir, 'orders.csv')));
  } finally {
    await server.close();
  }
});

test('TypeScript: tsc --strict, a Node program (nodenext) and a page (bundler resolution, no Node types), then the program run', async () => {
  const dir = await installed('typescript');
  const tsc = join(dir, 'node_modules', '.bin', 'tsc');
  await run(tsc, ['-p', 'tsconfig.json', '--strict'], { cwd: dir });
  await run(tsc, ['-p', 'tsconfig.bundler.json', '--strict'], { cwd: dir });
  const { stdout, stderr } = await run(process.execPath, ['dist/index.js'], { cwd: dir });
  assert.deepEqual(lines(stdout), expectedLines(join(dir, 'orders.csv'), { segments: 'rfm11', bins: 5, lang: 'en' }));
  assert.match(stderr, /^a new client: .+, lifecycle newClient, action /m);
  // The types are not `any`: a wrong option and a wrong argument do not compile.
  writeFileSync(join(dir, 'wrong.ts'), `import { analyze, Scorer } from 'segmenta';
analyze('a,b\\n1,2\\n', { bins: 'five' });
new Scorer({ asOf: '2025-01-01' });
`);
  writeFileSync(join(dir, 'tsconfig.wrong.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, files: ['wrong.ts'] }));
  await assert.rejects(
    run(tsc, ['-p', 'tsconfig.wrong.json'], { cwd: dir }),
    (e) => /wrong\.ts\(2,.*TS2322/.test(e.message) && /wrong\.ts\(3,/.test(e.message),
  );
});
