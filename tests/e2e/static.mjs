// A plain static file server for the tests of pages that are not the demo (the web
// component, the CRM applications): directories mounted under URL prefixes, bound to
// 127.0.0.1 on a free port, GET and HEAD only unless a POST handler is given, and headless
// Chromium launched the way the demo's tests launch it.
import { createServer } from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves `mounts` (`[[urlPrefix, directory], ...]`, the longest prefix wins). `headers` are
 * sent with every file; `post(req, body, res)` answers POST requests (else 405).
 * Resolves to `{ base, close }`.
 */
export async function serveStatic(mounts, { headers = {}, post } = {}) {
  const sorted = [...mounts].sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    const urlPath = decodeURIComponent((req.url || '/').split('?')[0].split('#')[0]);
    if (req.method === 'POST' && post) {
      const chunks = [];
      for await (const c of req) chunks.push(c);
      return post(req, Buffer.concat(chunks), res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' });
      return res.end();
    }
    if (urlPath.split('/').includes('..')) {
      res.writeHead(404);
      return res.end();
    }
    const mount = sorted.find(([prefix]) => urlPath.startsWith(prefix));
    if (!mount) {
      res.writeHead(404);
      return res.end();
    }
    let rest = urlPath.slice(mount[0].length);
    if (rest === '' || rest.endsWith('/')) rest += 'index.html';
    const file = path.join(mount[1], rest);
    try {
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Cache-Control': 'no-cache',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    base: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => server.close(r)),
  };
}

/** Debian's Chromium, headless, as the demo's tests run it. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}
