// Writes the .xlsx fixtures (and the CSV each must read like) with write-excel-file, the
// library the demo page exports XLSX with. Deterministic apart from the archive's
// timestamps; run from the repository root: node tests/data/xlsx/make.mjs
//
//   orders.csv             the source: 400 orders of 60 clients, 2023-2024, in date order
//   orders.xlsx            ids and order ids as numbers, dates as date cells shown
//                          dd.mm.yyyy, amounts as numbers shown #,##0.00
//   orders-text-ids.xlsx   ids and order ids as text, dates shown yyyy-mm-dd; a second
//                          sheet "Клиенты" with the clients
//   orders-titled.xlsx     a title row, an empty row, the table from column B, a totals row
//   orders-titled.csv      what orders-titled.xlsx must read like
//   orders-ru.xlsx         Russian Excel typed by hand: dates as text 01.02.2024, amounts as
//                          text 1 234,50, Russian headers; ids as numbers
//   orders-ru.csv          the same as Russian Excel saves it as CSV (`;`, comma decimals)
import writeXlsxFile from 'write-excel-file/node';
import { writeFileSync } from 'node:fs';

const dir = new URL('./', import.meta.url);
let seed = 20240201;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const clients = Array.from({ length: 60 }, (_, i) => 12346 + i * 37);
const start = Date.UTC(2023, 0, 3);
const rows = [];
for (let i = 0; i < 400; i++) {
  const day = new Date(start + Math.floor((i * 725) / 400) * 86400000);
  // A few clients buy often, most rarely.
  const client = clients[Math.floor(random() ** 2 * clients.length)];
  const cents = Math.round((random() < 0.05 ? 1000 + random() * 4000 : 5 + random() * 300) * 100);
  rows.push({ client, order: 500001 + i, day, cents });
}
const iso = (d) => d.toISOString().slice(0, 10);
const ru = (d) => `${iso(d).slice(8, 10)}.${iso(d).slice(5, 7)}.${iso(d).slice(0, 4)}`;
const dot = (c) => (c / 100).toFixed(2);
const comma = (c) => dot(c).replace('.', ',').replace(/\B(?=(\d{3})+,)/, ' ');

const header = ['customer_id', 'order_id', 'order_date', 'amount'];
const csv = (lines) => lines.map((l) => l.join(',')).join('\n') + '\n';
writeFileSync(new URL('orders.csv', dir), csv([header, ...rows.map((r) => [r.client, r.order, iso(r.day), dot(r.cents)])]));

const bold = (value) => ({ value, fontWeight: 'bold' });
const typed = (r, dateFormat, text) => [
  text ? { value: String(r.client), type: String } : { value: r.client, type: Number },
  text ? { value: String(r.order), type: String } : { value: r.order, type: Number },
  { value: r.day, type: Date, format: dateFormat },
  { value: r.cents / 100, type: Number, format: '#,##0.00' },
];
async function write(name, sheets) {
  const bytes = await writeXlsxFile(sheets).toBuffer();
  writeFileSync(new URL(name, dir), bytes);
}

await write('orders.xlsx', [
  { sheet: 'Orders', data: [header.map(bold), ...rows.map((r) => typed(r, 'dd.mm.yyyy', false))] },
]);
await write('orders-text-ids.xlsx', [
  { sheet: 'Заказы', data: [header.map(bold), ...rows.map((r) => typed(r, 'yyyy-mm-dd', true))] },
  { sheet: 'Клиенты', data: [[bold('customer_id'), bold('name')], ...clients.map((c) => [{ value: String(c), type: String }, { value: `Клиент ${c}`, type: String }])] },
]);

const title = 'Продажи за 2023–2024';
const total = rows.reduce((s, r) => s + r.cents, 0);
await write('orders-titled.xlsx', [
  {
    sheet: 'Отчёт',
    data: [
      [{ value: title, type: String, fontWeight: 'bold' }],
      [],
      [null, ...header.map(bold)],
      ...rows.map((r) => [null, ...typed(r, 'dd.mm.yyyy', false)]),
      [null, { value: 'Итого', type: String }, null, null, { value: total / 100, type: Number, format: '#,##0.00' }],
    ],
  },
]);
writeFileSync(
  new URL('orders-titled.csv', dir),
  csv([[title], [], header, ...rows.map((r) => [r.client, r.order, iso(r.day), dot(r.cents)]), ['Итого', '', '', dot(total)]]),
);

const ruHeader = ['Клиент', 'Номер заказа', 'Дата', 'Сумма'];
await write('orders-ru.xlsx', [
  {
    sheet: 'Лист1',
    data: [
      ruHeader.map(bold),
      ...rows.map((r) => [
        { value: r.client, type: Number },
        { value: r.order, type: Number },
        { value: ru(r.day), type: String },
        { value: comma(r.cents), type: String },
      ]),
    ],
  },
]);
writeFileSync(
  new URL('orders-ru.csv', dir),
  [ruHeader, ...rows.map((r) => [r.client, r.order, ru(r.day), comma(r.cents)])].map((l) => l.join(';')).join('\r\n') + '\r\n',
);
console.error('wrote the .xlsx fixtures in tests/data/xlsx/');
