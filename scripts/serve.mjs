#!/usr/bin/env node
// A tiny static server for the demo page, with no dependencies. Bound to 127.0.0.1 only.
//   /            -> www/           (the page)
//   /pkg/        -> pkg/           (the wasm-pack build: segmenta.js, segmenta_bg.wasm)
//   /vendor/NAME/ -> node_modules/NAME/ for the few browser libraries the page imports,
//                    with their bare import specifiers (`from 'fflate'`) made relative
// Usage: node scripts/serve.mjs [port]   (or PORT=...; default 8080; 0 picks a free port)
import { createServer } from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// URL prefix -> directory. The longest matching prefix wins.
const mounts = [
  ['/pkg/', path.join(root, 'pkg')],
  ['/vendor/write-excel-file/', path.join(root, 'node_modules', 'write-excel-file')],
  ['/vendor/fflate/', path.join(root, 'node_modules', 'fflate')],
  ['/', path.join(root, 'www')],
];

// Bare import specifiers in the vendored modules, resolved to their served files. Import
// maps do not reach module workers, so the server resolves them in the source it sends.
const bare = { fflate: '/vendor/fflate/esm/browser.js' };

/** The module source with bare specifiers replaced by paths relative to `urlPath`. */
export function resolveBare(source, urlPath) {
  return source.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"./][^'"]*)\2/g, (m, head, q, spec) => {
    if (!(spec in bare)) return m;
    let rel = path.posix.relative(path.posix.dirname(urlPath), bare[spec]);
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${head}${q}${rel}${q}`;
  });
}

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
};

/** The file a URL path names, or null when it is outside every mount. */
export function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  // Any `..` segment is refused outright rather than normalised away.
  if (decoded.split('/').some((s) => s === '..')) return null;
  for (const [prefix, dir] of mounts) {
    if (!decoded.startsWith(prefix)) continue;
    let rest = decoded.slice(prefix.length);
    if (rest === '' || rest.endsWith('/')) rest += 'index.html';
    const file = path.resolve(dir, rest);
    if (file !== dir && !file.startsWith(dir + path.sep)) return null;
    return file;
  }
  return null;
}

export function startServer(port = 8080) {
  const server = createServer(async (req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, 'method not allowed\n', { Allow: 'GET, HEAD' });
    }
    const urlPath = (req.url || '/').split('?')[0].split('#')[0];
    const file = resolvePath(urlPath);
    if (!file) return send(404, 'not found\n');
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      return send(404, 'not found\n');
    }
    if (stat.isDirectory()) {
      // A directory without a trailing slash: redirect so relative URLs resolve.
      return send(301, '', { Location: urlPath + '/' });
    }
    if (!stat.isFile()) return send(404, 'not found\n');
    const headers = {
      'Content-Type': types[path.extname(file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      // What the page needs and no more: its own scripts and WebAssembly (README).
      'Content-Security-Policy': "script-src 'self' 'wasm-unsafe-eval'",
    };
    if (urlPath.startsWith('/vendor/') && /\.m?js$/.test(file)) {
      const body = Buffer.from(resolveBare(await fs.readFile(file, 'utf8'), urlPath));
      res.writeHead(200, { ...headers, 'Content-Length': body.length });
      return res.end(req.method === 'HEAD' ? undefined : body);
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2] ?? process.env.PORT ?? '8080';
  const port = Number(arg);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`bad port: ${arg}`);
    process.exit(2);
  }
  const server = await startServer(port);
  console.log(`serving http://127.0.0.1:${server.address().port}/`);
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
