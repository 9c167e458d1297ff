// Small DOM helpers: element builders for HTML and SVG, and file downloads.

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(el, attrs, children, svg) {
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') el.setAttribute('class', v);
      else if (k === 'text') el.textContent = v;
      else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k === 'value' && !svg) el.value = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (!svg && k in el && typeof v !== 'string') el[k] = v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

/** An HTML element: h('p', { class: 'x' }, 'text', child). */
export function h(tag, attrs, ...children) {
  return apply(document.createElement(tag), attrs, children, false);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return apply(document.createElementNS(SVG_NS, tag), attrs, children, true);
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Saves bytes or a Blob as a file through a temporary object URL (no request is made). */
export function download(data, fileName, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

/** A `<details>` holding an accessible table: the chart's data view. */
export function tableView(summaryText, headers, rows, opts = {}) {
  return h(
    'details',
    { class: 'table-view' },
    h('summary', {}, summaryText),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'data' },
        opts.caption ? h('caption', {}, opts.caption) : null,
        h('thead', {}, h('tr', {}, headers.map((x, i) => h('th', { scope: 'col', class: opts.numeric?.[i] ? 'num' : null }, x)))),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              {},
              r.map((x, i) =>
                i === 0 ? h('th', { scope: 'row' }, x) : h('td', { class: opts.numeric?.[i] ? 'num' : null }, x),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
