// Turns wasm-pack's `--target web` output in pkg/ into one package for every runtime:
// browsers and bundlers (segmenta.js), Node and Deno (node.js: loads the .wasm from disk),
// Cloudflare Workers / workerd (workerd.js: imports the .wasm as a module).
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkgDir = fileURLToPath(new URL('../pkg/', import.meta.url));
const manifest = JSON.parse(readFileSync(pkgDir + 'package.json', 'utf8'));

writeFileSync(pkgDir + 'node.js', `// Node and Deno: the module is read from disk and instantiated synchronously.
import { readFileSync } from 'node:fs';
import { initSync } from './segmenta.js';
initSync({ module: readFileSync(new URL('./segmenta_bg.wasm', import.meta.url)) });
export * from './segmenta.js';
`);
writeFileSync(pkgDir + 'workerd.js', `// Cloudflare Workers and workerd: the .wasm is imported as a compiled module.
import module from './segmenta_bg.wasm';
import { initSync } from './segmenta.js';
initSync({ module });
export * from './segmenta.js';
`);
// The raw exports of the module (what wasm-bindgen's glue calls) are typed `any`; nobody
// else calls them, and `unknown` keeps every declaration of the package free of `any`.
for (const f of ['segmenta.d.ts', 'segmenta_bg.wasm.d.ts']) {
  const path = pkgDir + f;
  const text = readFileSync(path, 'utf8').replace(/([:(,|]\s*|=>\s*)any\b/g, '$1unknown');
  writeFileSync(path, text);
}
// Reading one file in several Web Workers (browsers, Deno).
for (const f of ['parallel.js', 'parallel-worker.js', 'parallel.d.ts']) {
  copyFileSync(fileURLToPath(new URL('../src/js/' + f, import.meta.url)), pkgDir + f);
}
for (const entry of ['node', 'workerd']) {
  writeFileSync(pkgDir + entry + '.d.ts', `export * from './segmenta.js';\n`);
}

manifest.description = 'Client segmentation (RFM, ABC/XYZ, lifecycle, points, rule segments, playbooks) in WebAssembly: runs in the browser, Node, Deno and edge workers; the data never leaves the machine.';
manifest.files = ['segmenta_bg.wasm', 'segmenta_bg.wasm.d.ts', 'segmenta.js', 'segmenta.d.ts', 'node.js', 'node.d.ts', 'workerd.js', 'workerd.d.ts', 'parallel.js', 'parallel-worker.js', 'parallel.d.ts', 'README.md'];
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
  './segmenta_bg.wasm': './segmenta_bg.wasm',
};
manifest.sideEffects = ['./node.js', './workerd.js', './snippets/*'];
manifest.keywords = ['rfm', 'segmentation', 'crm', 'abc-xyz', 'wasm', 'csv', 'clv'];
writeFileSync(pkgDir + 'package.json', JSON.stringify(manifest, null, 2) + '\n');
console.error(`pkg/: ${manifest.name}@${manifest.version} with entries for web, node/deno and workerd`);
