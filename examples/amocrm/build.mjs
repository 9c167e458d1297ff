// Builds the widget archive: copies what the widget loads from pkg/ (the <segmenta-report>
// element, the module it imports and the .wasm, and whatever they import) into segmenta/,
// then writes widget.zip with manifest.json at its root.
//
//   node examples/amocrm/build.mjs [--out DIR] [--pkg DIR]
//
// --out: where segmenta/ and widget.zip go (default: this folder); --pkg: the built
// package (default: pkg/ of the repository). No dependencies: the archive is written with
// node:zlib.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? path.resolve(args[i + 1]) : fallback;
};
const out = flag('--out', here);
const pkg = flag('--pkg', path.resolve(here, '../../pkg'));

/** The files of the widget itself, relative to this folder. */
const WIDGET_FILES = [
  'manifest.json',
  'script.js',
  'adapter.js',
  'i18n/ru.json',
  'i18n/en.json',
  'images/logo.png',
  'images/logo_min.png',
  'images/logo_medium.png',
  'images/logo_main.png',
  'images/logo_small.png',
];
/** What the widget imports from the package: the element (it imports the rest) and the module. */
const ENTRY = 'segmenta-report.js';
const ALWAYS = ['segmenta.js', 'segmenta_bg.wasm'];

/** Relative imports of an ES module's text (static `import … from`, `export … from`, `import()`). */
function relativeImports(text) {
  const found = new Set();
  const patterns = [
    /\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bexport\s*[\w*{}\s,$]*\s*from\s*['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
    /new\s+URL\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) found.add(m[1]);
  return [...found];
}

/** The package files the widget needs: the entry and everything it reaches. */
function packageFiles() {
  for (const f of [ENTRY, ...ALWAYS]) {
    if (!existsSync(path.join(pkg, f))) {
      throw new Error(`${path.join(pkg, f)} is missing: build the package first (node scripts/finish-pkg.mjs copies ${ENTRY})`);
    }
  }
  const seen = new Set();
  const queue = [ENTRY, ...ALWAYS];
  while (queue.length) {
    const rel = path.posix.normalize(queue.shift());
    if (seen.has(rel) || rel.startsWith('..')) continue;
    const file = path.join(pkg, rel);
    if (!existsSync(file) || !statSync(file).isFile()) continue;
    seen.add(rel);
    if (/\.m?js$/.test(rel)) {
      for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
        queue.push(path.posix.join(path.posix.dirname(rel), spec));
      }
    }
  }
  return [...seen].sort();
}

// ---------------------------------------------------------------- zip (deflate, no deps)
function dosTime(date) {
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

/** A zip archive of `entries` (`[{ name, data }]`), each deflated unless that is larger. */
export function zip(entries, when = new Date(2026, 0, 1)) {
  const { time, date } = dosTime(when);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(stored ? 0 : 8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(0, 30); // extra and comment lengths
    central.writeUInt32LE(0, 34); // disk number and internal attributes
    central.writeUInt32LE(0, 38); // external attributes
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

function main() {
  const files = packageFiles();
  const target = path.join(out, 'segmenta');
  rmSync(target, { recursive: true, force: true });
  for (const rel of files) {
    mkdirSync(path.dirname(path.join(target, rel)), { recursive: true });
    copyFileSync(path.join(pkg, rel), path.join(target, rel));
  }
  const entries = [
    ...WIDGET_FILES.map((rel) => ({ name: rel, data: readFileSync(path.join(here, rel)) })),
    ...files.map((rel) => ({ name: `segmenta/${rel}`, data: readFileSync(path.join(target, rel)) })),
  ];
  if (out !== here) {
    for (const rel of WIDGET_FILES) {
      mkdirSync(path.dirname(path.join(out, rel)), { recursive: true });
      copyFileSync(path.join(here, rel), path.join(out, rel));
    }
  }
  const archive = zip(entries);
  writeFileSync(path.join(out, 'widget.zip'), archive);
  const kb = (archive.length / 1024).toFixed(0);
  console.error(`${path.join(out, 'widget.zip')}: ${entries.length} files, ${kb} KB (segmenta/: ${files.join(', ')})`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
