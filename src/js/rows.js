// Rows held in JavaScript (arrays of objects, or columns), turned chunk by chunk into the
// fields the module reads: one UTF-8 buffer with every field's text one after another and
// the end of each field. Called by `analyzeRows`; nothing here is quoted or escaped.

const encoder = new TextEncoder();

/** A value's text as the module reads it: dates as the local calendar day. */
function cellText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return String(v);
    const m = v.getMonth() + 1;
    const d = v.getDate();
    return `${v.getFullYear()}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
  }
  return String(v);
}

function isColumn(v) {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/**
 * The rows of `analyzeRows`: `rows` is an array of objects or an object of columns. When
 * they are neither, `problem` says what is wrong: the first row that is not an object
 * (`row N`), the lengths of columns that differ, or the type given.
 */
export class RowsTable {
  constructor(rows) {
    this.problem = null;
    this.names = [];
    this.length = 0;
    if (Array.isArray(rows)) {
      const names = [];
      const seen = new Set();
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        if (row === null || typeof row !== 'object' || Array.isArray(row)) {
          this.problem = `row ${i + 1}`;
          return;
        }
        for (const k in row) {
          if (!seen.has(k)) {
            seen.add(k);
            names.push(k);
          }
        }
      }
      this.names = names;
      this.length = rows.length;
      this.get = (r, c) => rows[r][names[c]];
    } else if (rows !== null && typeof rows === 'object') {
      const names = Object.keys(rows).filter((k) => isColumn(rows[k]));
      const columns = names.map((k) => rows[k]);
      const lengths = new Set(columns.map((c) => c.length));
      if (lengths.size > 1) {
        this.problem = names.map((k, i) => `${k}: ${columns[i].length}`).join(', ');
        return;
      }
      this.names = names;
      this.length = columns.length ? columns[0].length : 0;
      this.get = (r, c) => columns[c][r];
    } else {
      this.problem = typeof rows;
      return;
    }
    this.buf = new Uint8Array(1 << 16);
    this.lastEnds = new Uint32Array(0);
  }

  /** The UTF-8 text of rows `start..end`, every field one after another; `ends()` gives where each field ends. */
  chunk(start, end) {
    const width = this.names.length;
    const ends = new Uint32Array((end - start) * width);
    let buf = this.buf;
    let pos = 0;
    let i = 0;
    for (let r = start; r < end; r++) {
      for (let c = 0; c < width; c++) {
        const s = cellText(this.get(r, c));
        const n = s.length;
        if (pos + n * 3 > buf.length) {
          const bigger = new Uint8Array(Math.max(buf.length * 2, pos + n * 3));
          bigger.set(buf.subarray(0, pos));
          buf = bigger;
        }
        // ASCII (ids, dates, amounts) byte by byte; the encoder for the rest.
        let k = 0;
        while (k < n) {
          const ch = s.charCodeAt(k);
          if (ch > 0x7f) break;
          buf[pos + k] = ch;
          k++;
        }
        pos += k === n ? n : encoder.encodeInto(s, buf.subarray(pos)).written;
        ends[i++] = pos;
      }
    }
    this.buf = buf;
    this.lastEnds = ends;
    return buf.subarray(0, pos);
  }

  /** Where each field of the last chunk ends. */
  ends() {
    return this.lastEnds;
  }
}

/** The rows of `analyzeRows`. */
export function rowsTable(rows) {
  return new RowsTable(rows);
}
