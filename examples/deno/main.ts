// Deno: `npm:segmenta` comes from ./node_modules (installed by npm; deno.json says
// "nodeModulesDir": "manual"). Its `deno` condition reads segmenta_bg.wasm from disk, hence
// --allow-read.
import { analyze } from "npm:segmenta";

const file = Deno.args[0] ?? new URL("./orders.csv", import.meta.url);
const report = analyze(await Deno.readFile(file));
const summary = report.summary();
report.free();

console.log(`${summary.customers} clients, as of ${summary.asOf}`);
for (const s of summary.segments) {
  if (s.customers > 0) console.log(`${s.segment}: ${s.customers}`);
}
