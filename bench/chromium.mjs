// segmenta's wasm build in headless Chromium (Debian's), in a module Worker, REPS fresh
// pages on one file; prints RESULT lines like the peers. Time = analyze + columns; the
// file's fetch and the module's instantiation are reported apart. With --workers N the file
// is read in byte ranges on N nested Workers (parallel.js); with --blob the bytes are read
// as a Blob (streamed, as the demo page reads a dropped File).
//   node bench/chromium.mjs FILE [REPS] [--workers N] [--blob]
import { createServer } from 'node:http';
import { statSync, createReadStream } from 'node:fs';
import { chromium } from 'playwright-core';

const argv = process.argv.slice(2);
const wi = argv.indexOf('--workers');
const workers = wi >= 0 ? Number(argv.splice(wi, 2)[1]) : 1;
const bi = argv.indexOf('--blob');
const blob = bi >= 0 && argv.splice(bi, 1).length > 0;
const [file, repsArg] = argv;
const reps = Number(repsArg ?? 3);
const root = new URL('../', import.meta.url).pathname;
const types = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.csv': 'text/csv' };
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x').pathname;
  let path = null;
  if (url === '/data.csv') path = file;
  else if (url.startsWith('/pkg/') && !url.includes('..')) path = root + url.slice(1);
  else if (url.startsWith('/browser/') && !url.includes('..')) path = root + 'bench' + url;
  else if (url === '/') path = root + 'bench/browser/index.html';
  if (!path) return res.writeHead(404).end();
  try {
    statSync(path);
  } catch {
    return res.writeHead(404).end();
  }
  res.writeHead(200, { 'content-type': types[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' });
  createReadStream(path).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
try {
  for (let i = 0; i <= reps; i++) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(base);
    const r = await page.evaluate(([w, b]) => window.runBench({ duplicates: 'keep' }, w, b), [workers, blob]);
    await ctx.close();
    if (i > 0) console.log('RESULT ' + JSON.stringify({ ...r, file }));
  }
} finally {
  await browser.close();
  server.close();
}
