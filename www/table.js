// The client table, virtualised: only the rows in view (plus a few) exist in the DOM, so
// scrolling stays smooth with hundreds of thousands of clients. Rows are recycled.
import { h, clear } from './dom.js';
import { t } from './i18n.js';

const ROW_H = 36;
const OVERSCAN = 8;

export const COLUMNS = [
  { key: 'client', label: 'thClient', width: 240 },
  { key: 'segment', label: 'thSegment', width: 190 },
  { key: 'rfm', label: 'thRfm', width: 70, num: true },
  { key: 'recency', label: 'thRecency', width: 110, num: true },
  { key: 'frequency', label: 'thFrequency', width: 90, num: true },
  { key: 'revenue', label: 'thRevenue', width: 140, num: true },
  { key: 'lastOrder', label: 'thLastOrder', width: 130, num: true },
  { key: 'abcxyz', label: 'thAbcXyz', width: 90 },
  { key: 'lifecycle', label: 'thLifecycle', width: 120 },
  { key: 'points', label: 'thPoints', width: 80, num: true },
  { key: 'action', label: 'thAction', width: 320 },
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
    this.build();
  }

  build() {
    clear(this.root);
    this.scroller = h('div', { class: 'vt-scroll' });
    this.table = h('table', { class: 'vt' });
    this.colgroup = h('colgroup', {}, COLUMNS.map((c) => h('col', { style: { width: `${c.width}px` } })));
    this.thead = h('thead', {});
    this.tbody = h('tbody', {});
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
    const tr = h('tr', {});
    for (const c of COLUMNS) {
      const label = t(c.label);
      tr.append(
        h(
          'th',
          { scope: 'col', class: c.num ? 'num' : null, dataset: { key: c.key } },
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
    if (this.scroller.scrollTop > view.length * ROW_H) this.scroller.scrollTop = 0;
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
    const headH = this.thead.offsetHeight || ROW_H;
    const scrollTop = Math.max(0, this.scroller.scrollTop - headH);
    const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
    const count = Math.min(n - first, Math.ceil(height / ROW_H) + 2 * OVERSCAN);
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
    this.top.style.height = `${first * ROW_H}px`;
    this.top.hidden = first === 0;
    const rest = Math.max(0, n - first - count);
    this.bottom.style.height = `${rest * ROW_H}px`;
    this.bottom.hidden = rest === 0;
  }

  makeRow() {
    const tr = h('tr', {});
    const btn = h('button', { type: 'button', class: 'client-link' });
    btn.addEventListener('click', () => this.handlers.onOpen(Number(tr.dataset.row), btn));
    tr.append(h('td', { class: 'client' }, btn));
    const seg = h('td', { class: 'seg' }, h('i', { class: 'dot' }), h('span', {}));
    tr.append(seg);
    for (let i = 2; i < COLUMNS.length; i++) tr.append(h('td', { class: COLUMNS[i].num ? 'num' : null }));
    tr.style.height = `${ROW_H}px`;
    return tr;
  }

  fill(tr, row, pos) {
    const { columns: c, ids, fmt, segColors } = this.data;
    tr.dataset.row = String(row);
    tr.dataset.pos = String(pos);
    tr.setAttribute('aria-rowindex', String(pos + 2));
    const cells = tr.children;
    const id = ids[row];
    const btn = cells[0].firstChild;
    btn.textContent = id;
    btn.setAttribute('aria-label', t('openCard', { name: id }));
    btn.title = id;
    const lead = c.recency[row] < 0;
    const sc = c.segment[row];
    const dot = cells[1].firstChild;
    dot.style.background = lead ? 'transparent' : segColors[sc] || '#ccc';
    dot.classList.toggle('hollow', lead);
    cells[1].lastChild.textContent = lead ? t('lead') : c.segmentNames[sc] ?? '—';
    cells[2].textContent = lead ? '—' : `${c.r[row]}${c.f[row]}${c.m[row]}`;
    cells[3].textContent = lead ? '—' : fmt.int(c.recency[row]);
    cells[4].textContent = fmt.int(c.frequency[row]);
    cells[5].textContent = lead ? '—' : fmt.money(c.revenue[row]);
    cells[6].textContent = fmt.day(c.lastOrder[row]);
    cells[7].textContent = lead ? '—' : `${c.abcNames[c.abc[row]] ?? ''}${c.xyzNames[c.xyz[row]] ?? ''}`;
    cells[8].textContent = c.lifecycleNames[c.lifecycle[row]] ?? '—';
    cells[9].textContent = fmt.int(c.points[row]);
    const a = c.action[row];
    const action = a >= 0 ? `${c.actionChannels[a]}: ${c.actionOffers[a]}` : '—';
    cells[10].textContent = action;
    cells[10].title = action;
  }

  /** Arrow keys move between the client buttons, scrolling as needed. */
  onKey(e) {
    const btn = e.target.closest && e.target.closest('button.client-link');
    if (!btn) return;
    const pos = Number(btn.closest('tr').dataset.pos);
    let next = null;
    if (e.key === 'ArrowDown') next = pos + 1;
    else if (e.key === 'ArrowUp') next = pos - 1;
    else if (e.key === 'PageDown') next = pos + Math.floor(this.scroller.clientHeight / ROW_H) - 1;
    else if (e.key === 'PageUp') next = pos - Math.floor(this.scroller.clientHeight / ROW_H) + 1;
    else if (e.key === 'Home' && e.ctrlKey) next = 0;
    else if (e.key === 'End' && e.ctrlKey) next = this.view.length - 1;
    if (next === null) return;
    e.preventDefault();
    this.focusPos(Math.max(0, Math.min(this.view.length - 1, next)));
  }

  focusPos(pos) {
    const headH = this.thead.offsetHeight || ROW_H;
    const top = pos * ROW_H + headH;
    const st = this.scroller.scrollTop;
    if (top - headH < st) this.scroller.scrollTop = top - headH;
    else if (top + ROW_H > st + this.scroller.clientHeight) this.scroller.scrollTop = top + ROW_H - this.scroller.clientHeight;
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
