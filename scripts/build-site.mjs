#!/usr/bin/env node
// Writes the demo as a self-contained static site: dist/ holds index.html at its root, the
// page's modules, the package (dist/pkg/) and the browser libraries it imports
// (dist/vendor/), with every bare import specifier resolved now, so any static file server
// (GitHub Pages, S3, `python3 -m http.server`) serves it as it is. Only the vendored files
// the page reaches are copied. The page sets its Content-Security-Policy in a meta tag:
// `script-src 'self' 'wasm-unsafe-eval'`.
// Usage: node scripts/build-site.mjs [outDir]   (default dist/; pkg/ must be built)
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveBare } from './serve.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const pkg = path.join(root, 'pkg');
if (!existsSync(path.join(pkg, 'segmenta_bg.wasm'))) {
  console.error('pkg/ is not built: run scripts/build-pkg.sh first');
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// The page.
for (const f of readdirSync(path.join(root, 'www'))) {
  const from = path.join(root, 'www', f);
  if (statSync(from).isFile()) copyFileSync(from, path.join(out, f));
}
// The package: what its manifest publishes for browsers (not the Node, Deno and workerd
// entries).
const manifest = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8'));
mkdirSync(path.join(out, 'pkg'), { recursive: true });
for (const f of manifest.files) {
  if (f.endsWith('/') || f === 'README.md' || /(^|-)(node|workerd)\.(js|d\.ts)$/.test(f)) continue;
  copyFileSync(path.join(pkg, f), path.join(out, 'pkg', f));
}

// Import specifiers of a module: static imports, re-exports, side-effect and dynamic imports
// with a literal specifier.
const SPECIFIERS = [
  /(?:^|[\n;])\s*(?:import|export)\s[^'";]*?\bfrom\s*(['"])([^'"\n]+)\1/g,
  /(?:^|[\n;])\s*import\s*(['"])([^'"\n]+)\1/g,
  /\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g,
];
const specifiers = (source) => SPECIFIERS.flatMap((re) => [...source.matchAll(re)].map((m) => m[2]));

// Vendored modules: /vendor/NAME/rest -> node_modules/NAME/rest, followed import by import.
const queue = [];
const seen = new Set();
const visit = (urlPath) => {
  if (!urlPath.startsWith('/vendor/') || seen.has(urlPath)) return;
  seen.add(urlPath);
  queue.push(urlPath);
};
for (const f of readdirSync(out)) {
  if (!f.endsWith('.js')) continue;
  for (const s of specifiers(readFileSync(path.join(out, f), 'utf8'))) {
    if (s.startsWith('./vendor/')) visit(s.slice(1));
  }
}
while (queue.length) {
  const urlPath = queue.shift();
  const file = path.join(root, 'node_modules', urlPath.slice('/vendor/'.length));
  const source = resolveBare(readFileSync(file, 'utf8'), urlPath);
  const target = path.join(out, urlPath);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, source);
  for (const s of specifiers(source)) {
    if (s.startsWith('.')) visit(path.posix.join(path.posix.dirname(urlPath), s));
  }
}

// Nothing may be left to resolve at serve time.
const walk = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
  const p = path.join(dir, e.name);
  return e.isDirectory() ? walk(p) : [p];
});
let bytes = 0;
const files = walk(out);
for (const p of files) {
  bytes += statSync(p).size;
  if (!p.endsWith('.js')) continue;
  for (const s of specifiers(readFileSync(p, 'utf8'))) {
    const relative = s.startsWith('./') || s.startsWith('../');
    if (!relative) throw new Error(`${path.relative(out, p)}: import '${s}' is not a relative path`);
    const target = path.resolve(path.dirname(p), s.split('?')[0]);
    if (!existsSync(target)) throw new Error(`${path.relative(out, p)}: '${s}' is not in the site`);
  }
}
console.error(`${path.relative(root, out) || out}/: ${files.length} files, ${(bytes / 1048576).toFixed(1)} MB (${seen.size} vendored modules)`);
