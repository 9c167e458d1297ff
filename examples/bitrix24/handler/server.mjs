// The application's handler for Node (no dependencies): serves the application's files
// and answers Bitrix24's POST (the placement and install requests) with the page at that
// path, as a GET would. The POSTed fields (AUTH_ID, REFRESH_ID, DOMAIN, PLACEMENT, …) are
// read by nobody: the BX24 SDK in the page gets them from the Bitrix24 frame.
//   node handler/server.mjs [--port 8080] [--host 0.0.0.0] [--root <dir>]
// Put it behind HTTPS (a reverse proxy, a tunnel): Bitrix24 opens handlers over HTTPS.
import { createServer } from 'node:http';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Files under these names are not served. */
const HIDDEN = new Set(['handler', 'tests', 'fixtures', 'node_modules']);

/** The file a URL path names under `root`, or null (outside the root, hidden, a dotfile). */
export function resolvePath(root, urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  const parts = p.split('/').filter(Boolean);
  if (parts.some((s) => s === '..' || s.startsWith('.')) || HIDDEN.has(parts[0])) return null;
  if (p.endsWith('/') || parts.length === 0) parts.push('index.html');
  return path.join(root, ...parts);
}

/** A request handler serving `root` (GET, HEAD, and POST answered as GET). */
export function handler(root) {
  return async (req, res) => {
    if (!['GET', 'HEAD', 'POST'].includes(req.method)) {
      res.writeHead(405, { Allow: 'GET, HEAD, POST' });
      return res.end();
    }
    if (req.method === 'POST') {
      // The body is drained and dropped; at most 1 MB of it is read.
      let size = 0;
      for await (const chunk of req) {
        size += chunk.length;
        if (size > 1 << 20) break;
      }
    }
    let file = resolvePath(root, req.url || '/');
    if (!file) {
      res.writeHead(404);
      return res.end();
    }
    try {
      if ((await fs.stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  };
}

/** Starts the server; resolves to `{ url, close }`. */
export async function start({ root = fileURLToPath(new URL('../', import.meta.url)), port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer(handler(root));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address();
  return { url: `http://${host}:${bound}/`, close: () => new Promise((r) => server.close(r)) };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const { url } = await start({
    port: Number(arg('port', process.env.PORT || 8080)),
    host: arg('host', '127.0.0.1'),
    root: path.resolve(arg('root', fileURLToPath(new URL('../', import.meta.url)))),
  });
  console.log(`serving on ${url} (handler: ${url}, install: ${url}install.html)`);
}
