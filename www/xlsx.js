// XLSX export, run in xlsx-worker.js: the module's own CSV (plain: comma, dot decimals, no
// BOM, raw text) parsed back into typed cells for write-excel-file.

/** RFC 4180 CSV text to rows of strings. */
export function parseCsv(text, delimiter = ',') {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

// Columns of the module's CSV exports that hold numbers or dates, by their English keys and
// their Russian headers.
const NUMERIC = new Set([
  'recency_days', 'frequency', 'monetary', 'r', 'f', 'm', 'revenue', 'average_check', 'cv', 'points',
  'Давность, дн.', 'Заказов', 'Сумма (M)', 'R', 'F', 'M', 'Выручка', 'Средний чек', 'CV', 'Баллы',
]);
const DATES = new Set(['first_order', 'last_order', 'Первый заказ', 'Последний заказ']);
const NUMBER_RE = /^-?\d+(\.\d+)?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Sheet data with numbers and dates typed, a bold header and column widths. */
export function csvToSheet(text, lang) {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!rows.length) return { data: [], columns: [] };
  const header = rows[0];
  const kinds = header.map((name) => (NUMERIC.has(name) ? 'n' : DATES.has(name) ? 'd' : 's'));
  const dateFormat = lang === 'ru' ? 'dd.mm.yyyy' : 'yyyy-mm-dd';
  const data = [header.map((v) => ({ value: v, fontWeight: 'bold' }))];
  const widths = header.map((v) => Math.min(40, Math.max(8, v.length + 2)));
  for (let r = 1; r < rows.length; r++) {
    const src = rows[r];
    const out = new Array(header.length);
    for (let c = 0; c < header.length; c++) {
      const v = src[c] ?? '';
      if (v === '') out[c] = null;
      else if (kinds[c] === 'n' && NUMBER_RE.test(v)) out[c] = { value: Number(v), type: Number };
      else if (kinds[c] === 'd' && DATE_RE.test(v)) {
        const [, y, mo, d] = DATE_RE.exec(v);
        out[c] = { value: new Date(Date.UTC(+y, +mo - 1, +d)), type: Date, format: dateFormat };
      } else out[c] = { value: v, type: String };
      if (r < 200 && v.length + 2 > widths[c]) widths[c] = Math.min(40, v.length + 2);
    }
    data.push(out);
  }
  return { data, columns: widths.map((width) => ({ width })) };
}
