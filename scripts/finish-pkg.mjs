// Turns wasm-pack's `--target web` output in pkg/ into one package for every runtime:
// browsers and bundlers (segmenta.js), Node and Deno (node.js: loads the .wasm from disk),
// Cloudflare Workers / workerd (workerd.js: imports the .wasm as a module). The .xlsx
// reader (segmenta_xlsx.js and its .wasm, `segmenta/xlsx`) gets the same three entries.
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../pkg/', import.meta.url));
const manifest = JSON.parse(readFileSync(pkgDir + 'package.json', 'utf8'));

// JavaScript the module imports (src/js/rows.js, for `analyzeRows`) is written by
// wasm-bindgen under snippets/<crate>-<hash>/; it moves beside segmenta.js, so the package
// is a flat list of files a worker's configuration can name.
if (existsSync(pkgDir + 'snippets')) {
  let glue = readFileSync(pkgDir + 'segmenta.js', 'utf8');
  for (const crate of readdirSync(pkgDir + 'snippets')) {
    const dir = `snippets/${crate}/src/js/`;
    for (const f of readdirSync(pkgDir + dir)) {
      // A rows.js of an earlier build is replaced; a file of the package never is.
      if (manifest.files?.includes(f) && f !== 'rows.js') throw new Error(`cannot move ${dir}${f} over pkg/${f}`);
      renameSync(pkgDir + dir + f, pkgDir + f);
      // The import statement only: the wasm's import module keeps its name.
      for (const q of ['"', "'"]) glue = glue.split(`from ${q}./${dir}${f}${q}`).join(`from ${q}./${f}${q}`);
    }
  }
  rmSync(pkgDir + 'snippets', { recursive: true });
  if (/from\s*['"]\.\/snippets\//.test(glue)) throw new Error('segmenta.js still imports from snippets/');
  writeFileSync(pkgDir + 'segmenta.js', glue);
}

// Node and Deno read the .wasm from disk; Cloudflare Workers and workerd import it.
function entries(glue, wasm, node, workerd) {
  writeFileSync(pkgDir + node, `// Node and Deno: the module is read from disk and instantiated synchronously.
import { readFileSync } from 'node:fs';
import { initSync } from './${glue}';
initSync({ module: readFileSync(new URL('./${wasm}', import.meta.url)) });
export * from './${glue}';
`);
  writeFileSync(pkgDir + workerd, `// Cloudflare Workers and workerd: the .wasm is imported as a compiled module.
import module from './${wasm}';
import { initSync } from './${glue}';
initSync({ module });
export * from './${glue}';
`);
  for (const entry of [node, workerd]) {
    writeFileSync(pkgDir + entry.replace(/\.js$/, '.d.ts'), `export * from './${glue}';\n`);
  }
}
entries('segmenta.js', 'segmenta_bg.wasm', 'node.js', 'workerd.js');
entries('segmenta_xlsx.js', 'segmenta_xlsx_bg.wasm', 'xlsx-node.js', 'xlsx-workerd.js');
// The raw exports of the module (what wasm-bindgen's glue calls) are typed `any`; nobody
// else calls them, and `unknown` keeps every declaration of the package free of `any`.
for (const f of ['segmenta.d.ts', 'segmenta_bg.wasm.d.ts', 'segmenta_xlsx.d.ts', 'segmenta_xlsx_bg.wasm.d.ts']) {
  const path = pkgDir + f;
  let text = readFileSync(path, 'utf8').replace(/([:(,|]\s*|=>\s*)any\b/g, '$1unknown');
  // Classes declare `[Symbol.dispose]`: a page's project without Node's types needs the lib.
  if (f.endsWith('.d.ts') && !f.includes('_bg') && !text.startsWith('/// <reference lib')) {
    text = '/// <reference lib="esnext.disposable" />\n' + text;
  }
  writeFileSync(path, text);
}
// Reading one file in several Web Workers (browsers, Deno).
// The <segmenta-report> custom element (`segmenta/report-element`).
for (const f of ['parallel.js', 'parallel-worker.js', 'parallel.d.ts', 'segmenta-report.js', 'segmenta-report.d.ts']) {
  const from = fileURLToPath(new URL('../src/js/' + f, import.meta.url));
  if (existsSync(from)) copyFileSync(from, pkgDir + f);
}

manifest.description = 'Client segmentation (RFM, ABC/XYZ, lifecycle, points, rule segments, playbooks) in WebAssembly: reads CSV and Excel (.xlsx) files, runs in the browser, Node, Deno and edge workers; the data never leaves the machine.';
manifest.files = [
  'segmenta_bg.wasm', 'segmenta_bg.wasm.d.ts', 'segmenta.js', 'segmenta.d.ts', 'node.js', 'node.d.ts', 'workerd.js', 'workerd.d.ts',
  'parallel.js', 'parallel-worker.js', 'parallel.d.ts', 'segmenta-report.js', 'segmenta-report.d.ts',
  'segmenta_xlsx_bg.wasm', 'segmenta_xlsx_bg.wasm.d.ts', 'segmenta_xlsx.js', 'segmenta_xlsx.d.ts',
  'xlsx-node.js', 'xlsx-node.d.ts', 'xlsx-workerd.js', 'xlsx-workerd.d.ts',
  // JavaScript the module imports (`analyzeRows` reads rows through it).
  'rows.js',
  'README.md',
];
manifest.exports = {
  '.': {
    types: './segmenta.d.ts',
    workerd: './workerd.js',
    worker: './workerd.js',
    node: './node.js',
    deno: './node.js',
    default: './segmenta.js',
  },
  './web': { types: './segmenta.d.ts', default: './segmenta.js' },
  './parallel': { types: './parallel.d.ts', default: './parallel.js' },
  // The <segmenta-report> custom element, for pages (it loads the module itself).
  './report-element': { types: './segmenta-report.d.ts', default: './segmenta-report.js' },
  // The .xlsx reader: its own module, for pages and apps that read Excel workbooks.
  './xlsx': {
    types: './segmenta_xlsx.d.ts',
    workerd: './xlsx-workerd.js',
    worker: './xlsx-workerd.js',
    node: './xlsx-node.js',
    deno: './xlsx-node.js',
    default: './segmenta_xlsx.js',
  },
  './xlsx/web': { types: './segmenta_xlsx.d.ts', default: './segmenta_xlsx.js' },
  './segmenta_bg.wasm': './segmenta_bg.wasm',
  './segmenta_xlsx_bg.wasm': './segmenta_xlsx_bg.wasm',
};
manifest.sideEffects = ['./node.js', './workerd.js', './segmenta-report.js', './xlsx-node.js', './xlsx-workerd.js'];
manifest.keywords = ['rfm', 'segmentation', 'crm', 'abc-xyz', 'wasm', 'csv', 'xlsx', 'clv'];
writeFileSync(pkgDir + 'package.json', JSON.stringify(manifest, null, 2) + '\n');
console.error(`pkg/: ${manifest.name}@${manifest.version} with entries for web, node/deno and workerd (segmenta and segmenta/xlsx)`);
