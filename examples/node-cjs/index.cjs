// CommonJS: segmenta is an ES module without top-level await, which require() loads
// synchronously in Node 20.19+ and 22.12+.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { analyze } = require('segmenta');

const file = process.argv[2] ?? join(__dirname, 'orders.csv');
const report = analyze(readFileSync(file));
const summary = report.summary();
report.free();

console.log(`${summary.customers} clients, as of ${summary.asOf}`);
for (const s of summary.segments) {
  if (s.customers > 0) console.log(`${s.segment}: ${s.customers}`);
}
