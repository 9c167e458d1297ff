// Run by edge.test.mjs: converts a workbook with the package's Deno entries (xlsx-node.js and
// node.js, the `deno` condition) and prints its sheets and the summary of its analysis.
//   deno run --allow-read=PKG,WORKBOOK deno_xlsx.ts PKG_DIR WORKBOOK
const pkg = new URL(Deno.args[0].replace(/\/?$/, "/"), "file:///");
const { analyze } = await import(new URL("node.js", pkg).href);
// Loaded only once a workbook is at hand, as a page or an app would.
const { xlsxToCsv } = await import(new URL("xlsx-node.js", pkg).href);
const out = xlsxToCsv(await Deno.readFile(Deno.args[1]), { sheet: "Заказы" });
const { memoryBytes: _, ...summary } = analyze(out.csv, undefined).summary();
console.log(JSON.stringify({ sheets: out.sheets, summary }));
