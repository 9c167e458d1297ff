// The client table, virtualised: only the rows in view (plus a few) exist in the DOM, so
// scrolling stays smooth with hundreds of thousands of clients. Rows are recycled.
//
// The key columns come first and fit a 1,400 px window without scrolling: the client
// (which stays in view when the table scrolls sideways), segment and its RFM code, stage,
// revenue, points and next action; the figures behind them follow, the predictions
// (P(alive), CLV) last. On a phone (style.css, max-width 700px) each row is a compact
// card of the key columns; the card of a client has the rest.
import { h, clear } from './dom.js';
import { t } from './i18n.js';

/** Row heights: a table row, and a row drawn as a card on a narrow screen. */
const ROW_H = 36;
const CARD_ROW_H = 84;
const OVERSCAN = 8;
const NARROW = '(max-width: 700px)';

export const COLUMNS = [
  { key: 'client', label: 'thClient', width: 250, main: true },
  { key: 'segment', label: 'thSegment', width: 170, main: true },
  { key: 'rfm', label: 'thRfm', width: 64, num: true, main: true },
  { key: 'lifecycle', label: 'thLifecycle', width: 110, main: true },
  { key: 'revenue', label: 'thRevenue', width: 130, num: true, main: true },
  { key: 'points', label: 'thPoints', width: 76, num: true, main: true },
  { key: 'action', label: 'thAction', width: 360, main: true },
  { key: 'recency', label: 'thRecency', width: 110, num: true },
  { key: 'frequency', label: 'thFrequency', width: 86, num: true },
  { key: 'lastOrder', label: 'thLastOrder', width: 130, num: true },
  { key: 'abcxyz', label: 'thAbcXyz', width: 86 },
  { key: 'pAlive', label: 'thPAlive', width: 170, num: true },
  { key: 'clv', label: 'thClv', width: 120, num: true },
];

export class ClientTable {
  /**
   * @param {HTMLElement} root
   * @param {{ onOpen(row: number, button: HTMLElement): void, onSort(key: string): void }} handlers
   */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    this.view = new Uint32Array(0);
    this.data = null;
    this.sort = { key: 'revenue', dir: -1 };
    this.pool = [];
    this.first = -1;
    this.frame = 0;
    this.narrow = window.matchMedia(NARROW);
    this.rowH = this.narrow.matches ? CARD_ROW_H : ROW_H;
    this.narrow.addEventListener('change', () => {
      this.rowH = this.narrow.matches ? CARD_ROW_H : ROW_H;
      for (const tr of this.pool) tr.style.height = `${this.rowH}px`;
      this.render(true);
    });
    this.build();
  }

  build() {
    clear(this.root);
    this.scroller = h('div', { class: 'vt-scroll' });
    // Explicit roles: the narrow layout changes how rows display, not what they are.
    this.table = h('table', { class: 'vt', role: 'table', 'aria-labelledby': 'clients-title' });
    this.colgroup = h('colgroup', {}, COLUMNS.map((c) => h('col', { style: { width: `${c.width}px` } })));
    // The columns' widths hold (a fixed layout needs a set width), whatever the texts.
    this.table.style.setProperty('--vt-width', `${COLUMNS.reduce((sum, c) => sum + c.width, 0)}px`);
    this.thead = h('thead', { role: 'rowgroup' });
    this.tbody = h('tbody', { role: 'rowgroup' });
    this.top = h('tr', { class: 'spacer', 'aria-hidden': 'true' }, h('td', { colspan: COLUMNS.length }));
    this.bottom = h('tr', { class: 'spacer', 'aria-hidden': 'true' }, h('td', { colspan: COLUMNS.length }));
    this.empty = h('p', { class: 'vt-empty muted', hidden: true });
    this.tbody.append(this.top, this.bottom);
    this.table.append(this.colgroup, this.thead, this.tbody);
    this.scroller.append(this.table);
    this.root.append(this.scroller, this.empty);
    this.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.scroller.addEventListener('keydown', (e) => this.onKey(e));
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
    this.renderHead();
  }

  /** Builds the header (again after a change of language). */
  renderHead() {
    clear(this.thead);
    const tr = h('tr', { role: 'row' });
    for (const c of COLUMNS) {
      const label = t(c.label);
      tr.append(
        h(
          'th',
          { scope: 'col', role: 'columnheader', class: [c.num ? 'num' : '', c.main ? 'main' : 'more'].join(' ').trim(), dataset: { key: c.key } },
          h(
            'button',
            { type: 'button', class: 'sort', title: t('sortBy', { name: label }), onclick: () => this.handlers.onSort(c.key) },
            label,
            h('span', { class: 'sort-mark', 'aria-hidden': 'true' }),
          ),
        ),
      );
    }
    this.thead.append(tr);
    for (const tr of this.pool) this.labelRow(tr);
    this.updateHead();
  }

  /** Marks the sorted column, keeping the header buttons (and focus) in place. */
  updateHead() {
    for (const th of this.thead.querySelectorAll('th')) {
      const active = this.sort.key === th.dataset.key;
      th.setAttribute('aria-sort', active ? (this.sort.dir > 0 ? 'ascending' : 'descending') : 'none');
      th.querySelector('.sort-mark').textContent = active ? (this.sort.dir > 0 ? '▲' : '▼') : '';
    }
  }

  /** data: { columns, ids, fmt, segColors }; view: row indices in display order. */
  setData(data, view, sort) {
    this.data = data;
    this.sort = sort;
    this.updateHead();
    this.setView(view);
  }

  setView(view) {
    this.view = view;
    this.table.setAttribute('aria-rowcount', String(view.length + 1));
    this.empty.hidden = view.length > 0;
    this.empty.textContent = t('noClients');
    this.first = -1;
    if (this.scroller.scrollTop > view.length * this.rowH) this.scroller.scrollTop = 0;
    this.render();
  }

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  render(force) {
    if (!this.data) return;
    const n = this.view.length;
    const height = this.scroller.clientHeight || 560;
    const rowH = this.rowH;
    const headH = this.thead.offsetHeight || rowH;
    const scrollTop = Math.max(0, this.scroller.scrollTop - headH);
    const first = Math.max(0, Math.floor(scrollTop / rowH) - OVERSCAN);
    const count = Math.min(n - first, Math.ceil(height / rowH) + 2 * OVERSCAN);
    if (!force && first === this.first && count === this.count) return;
    this.first = first;
    this.count = count;
    while (this.pool.length < count) this.pool.push(this.makeRow());
    // Keep exactly `count` pooled rows in the body, between the spacers.
    for (let i = 0; i < this.pool.length; i++) {
      const tr = this.pool[i];
      if (i < count) {
        if (tr.parentNode !== this.tbody) this.tbody.insertBefore(tr, this.bottom);
        this.fill(tr, this.view[first + i], first + i);
      } else if (tr.parentNode) {
        tr.remove();
      }
    }
    this.top.style.height = `${first * rowH}px`;
    this.top.hidden = first === 0;
    const rest = Math.max(0, n - first - count);
    this.bottom.style.height = `${rest * rowH}px`;
    this.bottom.hidden = rest === 0;
  }

  makeRow() {
    const tr = h('tr', { role: 'row' });
    tr.byKey = {};
    for (const c of COLUMNS) {
      const td = h('td', { role: 'cell', class: [c.num ? 'num' : '', c.main ? 'main' : 'more'].join(' ').trim(), dataset: { key: c.key } });
      tr.byKey[c.key] = td;
      tr.append(td);
    }
    const btn = h('button', { type: 'button', class: 'client-link', translate: 'no' });
    btn.addEventListener('click', () => this.handlers.onOpen(Number(tr.dataset.row), btn));
    tr.byKey.client.append(btn, h('span', { class: 'client-name', translate: 'no' }));
    tr.byKey.segment.classList.add('seg');
    tr.byKey.segment.append(h('i', { class: 'dot' }), h('span', {}));
    // Shown in the narrow layout only, where no header stands above the number.
    tr.byKey.points.append(h('span', { class: 'cell-label' }), h('span', {}));
    tr.style.height = `${this.rowH}px`;
    this.labelRow(tr);
    return tr;
  }

  /** The points' own label, for the narrow layout. */
  labelRow(tr) {
    tr.byKey.points.firstChild.textContent = `${t('thPoints')} `;
  }

  fill(tr, row, pos) {
    const { columns: c, ids, names, fmt, segColors } = this.data;
    tr.dataset.row = String(row);
    tr.dataset.pos = String(pos);
    tr.setAttribute('aria-rowindex', String(pos + 2));
    const cell = tr.byKey;
    const id = ids[row];
    const btn = cell.client.firstChild;
    const name = names?.[row] || '';
    btn.textContent = id;
    btn.setAttribute('aria-label', t('openCard', { name: name ? `${id} ${name}` : id }));
    btn.title = name ? `${id} · ${name}` : id;
    cell.client.lastChild.textContent = name;
    const lead = c.recency[row] < 0;
    const sc = c.segment[row];
    const dot = cell.segment.firstChild;
    dot.style.background = lead ? 'transparent' : segColors[sc] || '#ccc';
    dot.classList.toggle('hollow', lead);
    cell.segment.lastChild.textContent = lead ? t('lead') : c.segmentNames[sc] ?? '—';
    cell.lifecycle.textContent = c.lifecycleNames[c.lifecycle[row]] ?? '—';
    cell.revenue.textContent = lead ? '—' : fmt.money(c.revenue[row]);
    cell.points.lastChild.textContent = fmt.int(c.points[row]);
    const a = c.action[row];
    const action = a >= 0 ? `${c.actionChannels[a]}: ${c.actionOffers[a]}` : '—';
    cell.action.textContent = action;
    cell.action.title = action;
    cell.rfm.textContent = lead ? '—' : `${c.r[row]}${c.f[row]}${c.m[row]}`;
    cell.recency.textContent = lead ? '—' : fmt.int(c.recency[row]);
    cell.frequency.textContent = fmt.int(c.frequency[row]);
    cell.lastOrder.textContent = fmt.day(c.lastOrder[row]);
    cell.abcxyz.textContent = lead ? '—' : `${c.abcNames[c.abc[row]] ?? ''}${c.xyzNames[c.xyz[row]] ?? ''}`;
    // NaN (formatted as a dash) for leads and when the data cannot support the models.
    cell.pAlive.textContent = c.pAlive ? fmt.pct(c.pAlive[row]) : '—';
    cell.clv.textContent = c.clv ? fmt.money(c.clv[row]) : '—';
  }

  /** Arrow keys move between the client buttons, scrolling as needed. */
  onKey(e) {
    const btn = e.target.closest && e.target.closest('button.client-link');
    if (!btn) return;
    const pos = Number(btn.closest('tr').dataset.pos);
    let next = null;
    if (e.key === 'ArrowDown') next = pos + 1;
    else if (e.key === 'ArrowUp') next = pos - 1;
    else if (e.key === 'PageDown') next = pos + Math.floor(this.scroller.clientHeight / this.rowH) - 1;
    else if (e.key === 'PageUp') next = pos - Math.floor(this.scroller.clientHeight / this.rowH) + 1;
    else if (e.key === 'Home' && e.ctrlKey) next = 0;
    else if (e.key === 'End' && e.ctrlKey) next = this.view.length - 1;
    if (next === null) return;
    e.preventDefault();
    this.focusPos(Math.max(0, Math.min(this.view.length - 1, next)));
  }

  focusPos(pos) {
    const rowH = this.rowH;
    const headH = this.thead.offsetHeight || rowH;
    const top = pos * rowH + headH;
    const st = this.scroller.scrollTop;
    if (top - headH < st) this.scroller.scrollTop = top - headH;
    else if (top + rowH > st + this.scroller.clientHeight) this.scroller.scrollTop = top + rowH - this.scroller.clientHeight;
    this.render(true);
    const tr = this.pool.find((r) => r.parentNode && Number(r.dataset.pos) === pos);
    if (tr) tr.querySelector('button').focus({ preventScroll: true });
  }

  /** The first client button in view (for keyboard tests and skip links). */
  firstButton() {
    const tr = this.pool.find((r) => r.parentNode && Number(r.dataset.pos) === this.first);
    return tr ? tr.querySelector('button') : null;
  }
}
