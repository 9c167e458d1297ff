// The npm package in Node: the CDNOW transactions against a straightforward computation of
// the definitions, both presets, the model and the scorer, exports and errors; Excel
// workbooks through segmenta/xlsx, which must read like the CSV they were made from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import writeXlsxFile from 'write-excel-file/node';
import { analyze, Analyzer, Scorer, sniff, presets } from '../../pkg/node.js';

const cdnowBytes = readFileSync(new URL('../data/cdnow.csv', import.meta.url));

/** Per client: last date, distinct orders, amount in cents — straight from the text. */
function straightforward() {
  const lines = new TextDecoder().decode(cdnowBytes).trim().split('\n').slice(1);
  const clients = new Map();
  let maxDate = '';
  for (const line of lines) {
    const [id, order, date, amount] = line.split(',');
    const [whole, frac = '0'] = amount.split('.');
    const cents = Number(whole) * 100 + Number(frac.padEnd(2, '0').slice(0, 2)) * (amount.startsWith('-') ? -1 : 1);
    let c = clients.get(id);
    if (!c) clients.set(id, (c = { last: '', orders: new Set(), cents: 0 }));
    if (date > c.last) c.last = date;
    c.orders.add(order);
    c.cents += cents;
    if (date > maxDate) maxDate = date;
  }
  return { clients, maxDate };
}

const days = (iso) => Date.parse(iso + 'T00:00:00Z') / 86400000;

test('CDNOW: 23,570 clients whose R, F and M match the definitions', () => {
  const report = analyze(cdnowBytes);
  const s = report.summary();
  assert.equal(s.customers, 23570);
  assert.equal(s.transactions, 69659);
  const { clients, maxDate } = straightforward();
  assert.equal(s.asOf, maxDate);
  const ids = report.clientIds();
  const c = report.columns();
  assert.equal(ids.length, 23570);
  for (let i = 0; i < ids.length; i++) {
    const e = clients.get(ids[i]);
    assert.equal(c.recency[i], days(maxDate) - days(e.last), `recency of ${ids[i]}`);
    assert.equal(c.frequency[i], e.orders.size, `frequency of ${ids[i]}`);
    assert.equal(Math.round(c.revenue[i] * 100), e.cents, `monetary of ${ids[i]}`);
  }
  const total = [...clients.values()].reduce((a, x) => a + x.cents, 0);
  assert.equal(Math.round(s.revenue * 100), total);
  assert.equal(report.audit().reconciled, true);
  report.free();
});

test('CDNOW: segments from both presets cover every client', () => {
  const international = analyze(cdnowBytes, { segments: 'rfm11' }).summary();
  assert.equal(international.segments.filter((g) => g.key !== 'other').length, 11);
  assert.equal(international.segments.reduce((a, g) => a + g.customers, 0), 23570);
  const russian = analyze(cdnowBytes, { segments: 'ru3', bins: 3, direction: 'oneIsBest', lang: 'ru' }).summary();
  assert.ok(russian.segments.some((g) => g.segment === 'Ключевые клиенты' && g.customers > 0));
  assert.ok(russian.segments.some((g) => g.segment === 'В зоне риска' && g.customers > 0));
  assert.equal(russian.segments.reduce((a, g) => a + g.customers, 0), 23570);
  assert.deepEqual(russian.ruleCheck.uncovered, []);
});

test('CDNOW: the model, through JSON, makes a scorer that reproduces every client', () => {
  for (const options of [{}, { segments: 'ru3', bins: 3, direction: 'oneIsBest' }]) {
    const report = analyze(cdnowBytes, options);
    const scorer = new Scorer(JSON.parse(JSON.stringify(report.model())));
    const ids = report.clientIds();
    const c = report.columns();
    const iso = (d) => new Date(d * 86400000).toISOString().slice(0, 10);
    for (let i = 0; i < ids.length; i++) {
      const got = scorer.score({
        id: ids[i],
        lastOrderDate: iso(c.lastOrder[i]),
        firstOrderDate: iso(c.firstOrder[i]),
        frequency: c.frequency[i],
        revenue: c.revenue[i],
        cv: Number.isNaN(c.cv[i]) ? undefined : c.cv[i],
        purchaseDays: c.purchaseDays[i],
        gapCv: Number.isNaN(c.gapCv[i]) ? undefined : c.gapCv[i],
      }, { asOf: report.model().asOf });
      assert.equal(got.r, c.r[i]);
      assert.equal(got.f, c.f[i]);
      assert.equal(got.m, c.m[i]);
      assert.equal(got.segment, c.segmentNames[c.segment[i]], `segment of ${ids[i]}`);
      assert.equal(got.abc, c.abcNames[c.abc[i]]);
      assert.equal(got.xyz, c.xyzNames[c.xyz[i]]);
      assert.equal(got.lifecycle, c.lifecycleKeys[c.lifecycle[i]]);
      assert.equal(got.points, c.points[i]);
      assert.equal(got.action?.key ?? null, c.action[i] >= 0 ? c.actionKeys[c.action[i]] : null);
    }
    scorer.free();
    report.free();
  }
});

test('CSV export, streaming, sniff and errors', () => {
  const report = analyze(cdnowBytes);
  const csv = new TextDecoder().decode(report.customersCsv({ bom: false }));
  assert.ok(csv.startsWith('customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment'));
  assert.equal(csv.trim().split('\r\n').length, 23571);
  const a = new Analyzer();
  for (let i = 0; i < cdnowBytes.length; i += 65536) a.push(cdnowBytes.subarray(i, i + 65536));
  assert.equal(a.progress().rows, 69659);
  // Equal results for any chunking; only the memory estimate depends on how tables grew.
  const { memoryBytes: _streamed, ...streamed } = a.finish().summary();
  const { memoryBytes: _whole, ...whole } = report.summary();
  assert.deepEqual(streamed, whole);
  assert.equal(sniff('Клиент;Дата;Сумма\nИванов;05.03.2024;10\n').delimiter, ';');
  assert.equal(presets().segments.rfm11.length, 11);
  assert.throws(() => analyze('a,b\n1,2\n'), (e) => e.name === 'SegmentationError' && e.kind === 'missingColumn');
  assert.throws(() => analyze(cdnowBytes, { bins: 42 }), (e) => e.kind === 'invalidOption' && /bins/.test(e.message));
});

test('the package declarations use no `any`', () => {
  const dir = new URL('../../pkg/', import.meta.url);
  const files = ['segmenta.d.ts', 'segmenta_bg.wasm.d.ts', 'parallel.d.ts', 'node.d.ts', 'workerd.d.ts'];
  files.push('segmenta_xlsx.d.ts', 'segmenta_xlsx_bg.wasm.d.ts', 'xlsx-node.d.ts', 'xlsx-workerd.d.ts');
  for (const f of files) {
    const text = readFileSync(new URL(f, dir), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    const found = text.match(/([:(,|<]\s*|=>\s*)any\b|\bany\[\]/g);
    assert.equal(found, null, `${f}: ${found}`);
  }
});

test('a late row that contradicts the date format: end() asks for the bytes again, then reports', () => {
  let csv = 'client,date,amount\n';
  for (let i = 0; i < 20000; i++) csv += `c${i},0${1 + (i % 9)}/0${1 + (i % 9)}/2024,1\n`;
  csv += 'late,04/25/2024,1\n';
  const bytes = new TextEncoder().encode(csv);
  const a = new Analyzer({}, bytes.length);
  let report;
  for (let attempt = 0; attempt < 3 && !report; attempt++) {
    for (let i = 0; i < bytes.length; i += 65536) a.push(bytes.subarray(i, i + 65536));
    report = a.end();
  }
  assert.ok(report);
  assert.deepEqual(a.fixes().map((f) => [f.option, f.value, f.line]), [['dateFormat', 'MM/DD/YYYY', 20002]]);
  assert.equal(report.summary().customers, 20001);
  assert.equal(report.sniff().dateFormat, 'MM/DD/YYYY');
});

const fixture = (name) => readFileSync(new URL(`../data/xlsx/${name}`, import.meta.url));

/** What a user sees of a report: the summary (but the memory it took) and the client table. */
function seen(report) {
  const { memoryBytes: _, ...summary } = report.summary();
  return { summary, clients: new TextDecoder().decode(report.customersCsv()) };
}

test('segmenta/xlsx is loaded on demand, apart from segmenta', async () => {
  const manifest = JSON.parse(readFileSync(new URL('../../pkg/package.json', import.meta.url), 'utf8'));
  const entry = manifest.exports['./xlsx'];
  assert.deepEqual([entry.node, entry.workerd, entry.default], ['./xlsx-node.js', './xlsx-workerd.js', './segmenta_xlsx.js']);
  for (const f of Object.values(entry)) assert.ok(manifest.files.includes(f.slice(2)), f);
  const { xlsxToCsv, xlsxSheets } = await import('../../pkg/xlsx-node.js');
  assert.equal(typeof xlsxToCsv, 'function');
  assert.deepEqual(xlsxSheets(new Uint8Array(fixture('orders-text-ids.xlsx')).buffer), ['Заказы', 'Клиенты']);
});

test('a workbook written from CDNOW by write-excel-file reads like its CSV', async () => {
  const { xlsxToCsv } = await import('../../pkg/xlsx-node.js');
  const text = new TextDecoder().decode(cdnowBytes).split('\n').slice(0, 3001).join('\n') + '\n';
  const [header, ...rows] = text.trim().split('\n').map((l) => l.split(','));
  const date = (iso) => new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)));
  const bold = (value) => ({ value, fontWeight: 'bold' });
  const data = [
    header.map(bold),
    ...rows.map(([id, order, day, amount]) => [
      { value: id, type: String },
      { value: Number(order), type: Number },
      { value: date(day), type: Date, format: 'dd.mm.yyyy' },
      { value: Number(amount), type: Number, format: '#,##0.00' },
    ]),
  ];
  const bytes = await writeXlsxFile(data, { sheet: 'CDNOW' }).toBuffer();
  const out = xlsxToCsv(new Uint8Array(bytes));
  assert.deepEqual([out.sheet, out.sheets, out.firstRow, out.firstColumn, out.lines], ['CDNOW', ['CDNOW'], 1, 1, 3001]);
  // The keys of XlsxCsv in segmenta_xlsx.d.ts, no more.
  assert.deepEqual(Object.keys(out).sort(), ['csv', 'firstColumn', 'firstRow', 'lines', 'sheet', 'sheets']);
  assert.ok(out.csv instanceof Uint8Array);
  assert.deepEqual(seen(analyze(out.csv)), seen(analyze(new TextEncoder().encode(text))));
});

test('the workbooks of tests/data/xlsx read like their CSV', async () => {
  const { xlsxToCsv } = await import('../../pkg/xlsx-node.js');
  const cases = [
    ['orders.xlsx', undefined, 'orders.csv'],
    ['orders-text-ids.xlsx', { sheet: 'Заказы' }, 'orders.csv'],
    ['orders-titled.xlsx', undefined, 'orders-titled.csv'],
    // Dates and amounts as text cells, `01.02.2024` and `1 234,50`: sniffed as in a CSV.
    ['orders-ru.xlsx', { sheet: 0 }, 'orders-ru.csv'],
  ];
  for (const [workbook, options, csv] of cases) {
    const out = xlsxToCsv(fixture(workbook), options);
    assert.deepEqual(seen(analyze(out.csv, { lang: 'ru' })), seen(analyze(fixture(csv), { lang: 'ru' })), workbook);
  }
  const titled = xlsxToCsv(fixture('orders-titled.xlsx'), undefined);
  assert.deepEqual([titled.firstRow, titled.firstColumn], [1, 2]);
});

test('segmenta/xlsx errors: a kind to branch on and a sentence to show', async () => {
  const { xlsxToCsv, xlsxSheets } = await import('../../pkg/xlsx-node.js');
  const fails = (data, options, kind, pattern) =>
    assert.throws(() => xlsxToCsv(data, options), (e) => e.name === 'SegmentationError' && e.kind === kind && pattern.test(e.message), kind);
  const workbook = fixture('orders-text-ids.xlsx');
  fails(new TextEncoder().encode('client,date,amount\n'), undefined, 'notXlsx', /CSV/);
  fails(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), undefined, 'legacyXls', /97–2003/);
  fails(workbook.subarray(0, 5000), undefined, 'damaged', /damaged/);
  fails(workbook, { sheet: 'Nope' }, 'sheetNotFound', /Заказы, Клиенты/);
  fails(workbook, { sheet: 2 }, 'sheetNotFound', /number 3/);
  fails(workbook, { maxBytes: 4096 }, 'tooLarge', /CSV/);
  fails(workbook, { sheet: 1.5 }, 'invalidOption', /whole number/);
  fails(workbook, { sheets: 1 }, 'invalidOption', /unknown option `sheets`/);
  fails('a,b', undefined, 'invalidOption', /Uint8Array/);
  // In Russian with `lang: 'ru'`, the same kinds.
  fails(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), { lang: 'ru' }, 'legacyXls', /^это книга старого формата Excel 97–2003 \(\.xls\); откройте её в Excel/);
  fails(workbook, { sheet: 'Nope', lang: 'ru' }, 'sheetNotFound', /нет листа «Nope»; листы книги: «Заказы», «Клиенты»/);
  fails(workbook, { lang: 'fr' }, 'invalidOption', /`lang`/);
  assert.throws(() => xlsxSheets(new TextEncoder().encode('a,b\n'), { lang: 'ru' }), (e) => e.kind === 'notXlsx' && /не книга Excel/.test(e.message));
  // A shared strings table declared at 1 GB (its entry in the archive's directory): beyond
  // the default limit, and beyond what a 32-bit module can reserve when the limit allows it.
  const declared = declareSize(workbook, 'xl/sharedStrings.xml', 1e9);
  fails(declared, undefined, 'tooLarge', /more than the 1024 MB this conversion may use/);
  fails(declared, { maxBytes: 8e9 }, 'tooLarge', /of memory this program could get/);
  // The module is still usable after every error.
  assert.equal(xlsxToCsv(workbook, { sheet: 'Клиенты' }).lines, 61);
});

/** A copy of a ZIP archive whose entry `part` declares `size` uncompressed bytes. */
function declareSize(archive, part, size) {
  const out = new Uint8Array(archive);
  const view = new DataView(out.buffer);
  const name = new TextEncoder().encode(part);
  for (let i = 0; i + 46 < out.length; i++) {
    const central = view.getUint32(i, true) === 0x02014b50;
    if (!central && view.getUint32(i, true) !== 0x04034b50) continue;
    const at = central ? i + 46 : i + 30;
    const len = view.getUint16(central ? i + 28 : i + 26, true);
    if (len === name.length && name.every((b, k) => out[at + k] === b)) view.setUint32(central ? i + 24 : i + 22, size, true);
  }
  return out;
}
