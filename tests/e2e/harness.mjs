// What the end-to-end tests of the page share: the page served by scripts/serve.mjs on a
// free port, headless Chromium (Debian's, driven by playwright-core; never a browser
// download), a fresh context per test, and helpers to wait for runs, read text, drop files
// and save screenshots in tests/artifacts/.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(root, 'tests', 'artifacts');
mkdirSync(artifacts, { recursive: true });

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

let server;
export let base;
let browser;

/** Starts the server and the browser before the tests of a file, stops them after. */
export function useBrowser() {
  before(start);
  after(stop);
}

/**
 * The site the tests open: the README's server (scripts/serve.mjs) by default; with
 * `SEGMENTA_SITE=dist` (or another directory built by scripts/build-site.sh), that
 * directory behind Python's plain static server, which resolves nothing.
 */
const site = process.env.SEGMENTA_SITE;

function startServer() {
  if (!site) {
    assert.ok(existsSync(path.join(root, 'pkg', 'segmenta_bg.wasm')), 'pkg/ is built (scripts/build-pkg.sh)');
    return spawn(process.execPath, [path.join(root, 'scripts', 'serve.mjs'), '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  }
  const dir = path.resolve(root, site);
  assert.ok(existsSync(path.join(dir, 'index.html')), `${site}/ is built (scripts/build-site.sh)`);
  return spawn('python3', ['-u', '-m', 'http.server', '--bind', '127.0.0.1', '--directory', dir, '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
}

async function start() {
  server = startServer();
  base = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 10000);
    server.stdout.on('data', (d) => {
      out += d;
      // scripts/serve.mjs: "serving http://127.0.0.1:PORT/"; Python: "Serving HTTP on 127.0.0.1 port PORT".
      const m = /serving http:\/\/127\.0\.0\.1:(\d+)\//.exec(out) ?? /Serving HTTP on 127\.0\.0\.1 port (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}/`);
      }
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

async function stop() {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

/** A fresh context and page that records every request and page error. */
export async function openPage(t, { viewport = { width: 1400, height: 900 }, query = '' } = {}) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'ru-RU' });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  t.after(() => context.close());
  await page.goto(base + query);
  await waitReady(page);
  let mark = requests.length;
  return {
    page,
    context,
    errors,
    requests,
    /** From now on no request at all is expected. */
    markLoaded() {
      mark = requests.length;
    },
    requestsSinceLoad: () => requests.slice(mark),
  };
}

export async function waitReady(page, timeout = 30000) {
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout });
}

/** Waits for the next finished analysis after `action`. */
export async function rerun(page, action, timeout = 30000) {
  const before = await page.evaluate(() => window.__segmentaRuns || 0);
  await action();
  await page.waitForFunction((n) => (window.__segmentaRuns || 0) > n && document.documentElement.dataset.state === 'ready', before, { timeout });
}

/** Text with the locale's no-break spaces as plain spaces. */
export const norm = (s) => s.replace(/[\u00a0\u202f]/g, ' ');
export const text = async (locator) => norm(await locator.innerText());
/** Waits until the table's count line matches `re` (tested on normalised text). */
export function waitCount(page, re) {
  return page.waitForFunction(
    (src) => new RegExp(src).test(document.getElementById('table-count').textContent.replace(/[\u00a0\u202f]/g, ' ')),
    re.source,
  );
}

export function shot(page, name) {
  return page.screenshot({ path: path.join(artifacts, `e2e-${name}.png`) });
}

export function assertLocalOnly(requests) {
  const foreign = requests.filter((u) => !u.startsWith(base) && !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(foreign, [], 'every request goes to the local server');
}

export async function download(page, click) {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(file) };
}

/** Windows-1251 bytes of a string, from the decoder's own table. */
export function cp1251(text) {
  const dec = new TextDecoder('windows-1251');
  const table = new Map();
  for (let b = 0; b < 256; b++) table.set(dec.decode(Uint8Array.of(b)), b);
  return Uint8Array.from(Array.from(text, (ch) => {
    const b = table.get(ch);
    if (b === undefined) throw new Error(`not in cp1251: ${ch}`);
    return b;
  }));
}

// A small 1C-style export: Windows-1251, `;`, DD.MM.YYYY, decimal commas, a second amount
// column (without VAT) and one row with a broken date.
export const CP_CLIENTS = ['Ёлкина Дарья Сергеевна', 'Щукин Пётр Ильич', 'ООО «Вектор»', 'Жуков Эдуард', 'Чайка Юлия'];
export function cp1251File() {
  const lines = ['Покупатель;Дата;Сумма;Сумма без НДС;Комментарий'];
  let total = 0;
  let totalNet = 0;
  let n = 0;
  CP_CLIENTS.forEach((client, ci) => {
    for (let k = 0; k <= ci; k++) {
      const day = String(1 + ((ci * 5 + k * 7) % 28)).padStart(2, '0');
      const month = String(1 + ((ci + k * 3) % 12)).padStart(2, '0');
      const cents = 100000 + ci * 12345 + k * 6789; // kopecks
      const net = Math.round((cents * 100) / 120);
      total += cents;
      totalNet += net;
      const fmt = (c) => `${Math.floor(c / 100).toLocaleString('ru-RU').replace(/\s/g, ' ')},${String(c % 100).padStart(2, '0')}`;
      lines.push(`${client};${day}.${month}.2025;${fmt(cents)};${fmt(net)};заказ №${++n}`);
    }
  });
  lines.push('Чайка Юлия;31.02.2025;500,00;416,67;ошибка даты');
  return { bytes: cp1251(lines.join('\r\n') + '\r\n'), total: total / 100, totalNet: totalNet / 100, rows: n };
}

export async function dropFile(page, bytes, name) {
  await page.evaluate(
    ({ data, name }) => {
      const file = new File([new Uint8Array(data)], name, { type: 'text/csv' });
      const dt = new DataTransfer();
      dt.items.add(file);
      const zone = document.getElementById('dropzone');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { data: Array.from(bytes), name },
  );
}

export const rubles = (n) => new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB', maximumFractionDigits: 0 }).format(n);
