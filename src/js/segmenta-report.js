// <segmenta-report>: a framework-free custom element that analyses a transactions CSV (or
// rows of orders, or the demo sample) with segmenta and shows the summary, the R×F grid,
// the segments with their recommended actions and the clients with their next action; or,
// with `client`, one client's card.
//
//   import 'segmenta/report-element';  // or <script type="module" src=".../segmenta-report.js">
//   <segmenta-report sample lang="en"></segmenta-report>
//   el.data = file;                 // File, Blob, Uint8Array, ArrayBuffer or CSV text
//   el.rows = [{ client: 'A', date: '2024-01-05', amount: 120 }, ...];
//   el.options = { segments: 'ru3' };  // or options='{"segments":"ru3"}'
//   el.client = 'C-0042';           // one client's card
//
// Theming (CSS custom properties, set on the element or any ancestor):
//   --segmenta-font         font family                          (system-ui, sans-serif)
//   --segmenta-font-size    base font size                       (14px)
//   --segmenta-bg           background                           (#fff)
//   --segmenta-fg           text colour                          (#1d2330)
//   --segmenta-muted        secondary text                       (#5b6475)
//   --segmenta-border       borders and rules                    (#d8dde6)
//   --segmenta-surface      figures, cards and table headers     (#f5f7fa)
//   --segmenta-accent       buttons, focus, grid heat, selection (#225ea8)
//   --segmenta-accent-fg    text on the accent colour            (#fff)
//   --segmenta-error        the error message                    (#b3261e)
//   --segmenta-radius       corner radius                        (8px)
//   --segmenta-gap          space between blocks                 (16px)
//
// Parts (::part()): status, error, empty, summary, kpi, grid, grid-cell, segments,
// segment-row, clients, client-row, filter, card, not-found, action, close.
//
// Events (bubbling, composed CustomEvents): `segment-select` { key, name, kind, clients,
// count }, `client-select` { id, row } (cancelable: its default shows the client's card),
// `segmenta-ready` { report }, `segmenta-error` { error }.
//
// Under a Content-Security-Policy of `script-src 'self' 'wasm-unsafe-eval'` it needs
// nothing else: no eval, no inline script, styles through a constructed stylesheet (or a
// <style> in the shadow root where constructed stylesheets are missing).
import init, { analyze, analyzeRows, demoSample } from './segmenta.js';

/** Rows of the client table shown at most. */
const MAX_ROWS = 100;
/** The sample's last day (the demo sample is deterministic). */
const SAMPLE_END = '2026-10-31';
const SAMPLE_CLIENTS = 1500;

const WORDS = {
  en: {
    loadingModule: 'Loading the module…',
    analysing: 'Analysing the data…',
    ready: 'Ready: {clients} clients.',
    empty: 'No data yet: give the element data, rows or the sample attribute.',
    errorTitle: 'The data could not be analysed',
    badOptions: 'The options attribute is not valid JSON: {message}',
    summaryTitle: 'Summary',
    kpiClients: 'Clients',
    kpiClientsSub: 'with orders: {customers}, leads: {leads}',
    kpiRevenue: 'Revenue',
    kpiOrders: 'Orders',
    kpiAverage: 'Average order',
    kpiPeriod: 'Period',
    kpiAsOf: 'as of {date}',
    gridTitle: 'R×F grid: clients by recency and frequency',
    gridHint: 'Choose a cell to see its clients.',
    rfRecency: 'R — recency',
    rfFrequency: 'F — frequency',
    rfBest: 'better',
    rfCell: 'R{r} F{f}: {clients} clients',
    segmentsTitle: 'Segments',
    colSegment: 'Segment',
    colClients: 'Clients',
    colClientsShare: '% of clients',
    colRevenue: 'Revenue',
    colRevenueShare: '% of revenue',
    colAction: 'Recommended action',
    clientsTitle: 'Clients',
    clientsCount: 'Showing {shown} of {total}',
    filterShown: 'Only: {name}',
    filterClear: 'Show all clients',
    colClient: 'Client',
    colRfm: 'RFM',
    colOrders: 'Orders',
    colLastOrder: 'Last order',
    colNextAction: 'Next action',
    sortBy: 'Sort by {column}',
    lead: 'Lead',
    cardTitle: 'Client {id}',
    cardSegment: 'Segment',
    cardNextAction: 'Next action',
    cardNoAction: 'No action planned.',
    cardRecency: 'Days since last order',
    cardOrders: 'Orders',
    cardRevenue: 'Revenue',
    cardAverage: 'Average order',
    cardFirst: 'First order',
    cardLast: 'Last order',
    cardPoints: 'Points',
    cardWhy: 'Why these labels',
    cardCriterion: 'Criterion',
    cardValue: 'Value',
    cardReason: 'Why',
    cardClose: 'Close',
    notFound: 'Client “{id}” is not in the data.',
    criterion: {
      rfm: 'RFM segment', abc: 'ABC', xyz: 'XYZ', abcXyz: 'ABC×XYZ', lifecycle: 'Lifecycle',
      valueTier: 'Value tier', funnel: 'Funnel', points: 'Points', nextAction: 'Next action',
      ruleSegments: 'Rule segments', manualSegments: 'Manual segments',
    },
  },
  ru: {
    loadingModule: 'Загрузка модуля…',
    analysing: 'Анализ данных…',
    ready: 'Готово: клиентов — {clients}.',
    empty: 'Данных пока нет: задайте элементу data, rows или атрибут sample.',
    errorTitle: 'Не удалось проанализировать данные',
    badOptions: 'Атрибут options — не корректный JSON: {message}',
    summaryTitle: 'Сводка',
    kpiClients: 'Клиенты',
    kpiClientsSub: 'с заказами: {customers}, лиды: {leads}',
    kpiRevenue: 'Выручка',
    kpiOrders: 'Заказы',
    kpiAverage: 'Средний чек',
    kpiPeriod: 'Период',
    kpiAsOf: 'на {date}',
    gridTitle: 'Сетка R×F: клиенты по давности и частоте',
    gridHint: 'Выберите клетку, чтобы увидеть её клиентов.',
    rfRecency: 'R — давность',
    rfFrequency: 'F — частота',
    rfBest: 'лучше',
    rfCell: 'R{r} F{f}: клиентов — {clients}',
    segmentsTitle: 'Сегменты',
    colSegment: 'Сегмент',
    colClients: 'Клиентов',
    colClientsShare: '% клиентов',
    colRevenue: 'Выручка',
    colRevenueShare: '% выручки',
    colAction: 'Рекомендуемое действие',
    clientsTitle: 'Клиенты',
    clientsCount: 'Показано {shown} из {total}',
    filterShown: 'Только: {name}',
    filterClear: 'Показать всех клиентов',
    colClient: 'Клиент',
    colRfm: 'RFM',
    colOrders: 'Заказов',
    colLastOrder: 'Последний заказ',
    colNextAction: 'Следующее действие',
    sortBy: 'Сортировать: {column}',
    lead: 'Лид',
    cardTitle: 'Клиент {id}',
    cardSegment: 'Сегмент',
    cardNextAction: 'Следующее действие',
    cardNoAction: 'Действие не запланировано.',
    cardRecency: 'Дней с последнего заказа',
    cardOrders: 'Заказов',
    cardRevenue: 'Выручка',
    cardAverage: 'Средний чек',
    cardFirst: 'Первый заказ',
    cardLast: 'Последний заказ',
    cardPoints: 'Баллы',
    cardWhy: 'Почему такие метки',
    cardCriterion: 'Критерий',
    cardValue: 'Значение',
    cardReason: 'Почему',
    cardClose: 'Закрыть',
    notFound: 'Клиента «{id}» нет в данных.',
    criterion: {
      rfm: 'RFM-сегмент', abc: 'ABC', xyz: 'XYZ', abcXyz: 'ABC×XYZ', lifecycle: 'Жизненный цикл',
      valueTier: 'Уровень ценности', funnel: 'Воронка', points: 'Баллы', nextAction: 'Следующее действие',
      ruleSegments: 'Сегменты по правилам', manualSegments: 'Ручные сегменты',
    },
  },
};

const LOCALES = { en: 'en-GB', ru: 'ru-RU' };
const DAY_MS = 86400000;
/** A client without orders in the Int32 date columns. */
const NO_DATE = -2147483648;

const CSS = `
:host {
  --_font: var(--segmenta-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  --_bg: var(--segmenta-bg, #fff);
  --_fg: var(--segmenta-fg, #1d2330);
  --_muted: var(--segmenta-muted, #5b6475);
  --_border: var(--segmenta-border, #d8dde6);
  --_surface: var(--segmenta-surface, #f5f7fa);
  --_accent: var(--segmenta-accent, #225ea8);
  --_accent-fg: var(--segmenta-accent-fg, #fff);
  --_error: var(--segmenta-error, #b3261e);
  --_radius: var(--segmenta-radius, 8px);
  --_gap: var(--segmenta-gap, 16px);
  display: block;
  font-family: var(--_font);
  font-size: var(--segmenta-font-size, 14px);
  line-height: 1.4;
  color: var(--_fg);
  background: var(--_bg);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
h2 { font-size: 1.15em; margin: 0 0 8px; }
h3 { font-size: 1em; margin: 12px 0 6px; }
section { margin: 0 0 var(--_gap); }
button { font: inherit; color: inherit; }
button:focus-visible, tr:focus-visible { outline: 2px solid var(--_accent); outline-offset: 1px; }
.muted { color: var(--_muted); }
th .muted { font-weight: normal; }
.small { font-size: 0.9em; }
.status { min-height: 1.4em; color: var(--_muted); font-size: 0.9em; }
.status:empty { display: none; }
.error { border: 1px solid var(--_error); color: var(--_error); border-radius: var(--_radius); padding: 10px 12px; }
.error strong { display: block; margin-bottom: 4px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 8px; }
.kpi { background: var(--_surface); border: 1px solid var(--_border); border-radius: var(--_radius); padding: 8px 10px; display: flex; flex-direction: column; }
.kpi-label { color: var(--_muted); font-size: 0.85em; }
.kpi-value { font-size: 1.3em; font-weight: 600; font-variant-numeric: tabular-nums; }
.kpi-sub { color: var(--_muted); font-size: 0.8em; }
.rf-wrap { display: inline-block; max-width: 100%; }
.rf-grid { display: grid; gap: 3px; align-items: stretch; }
.rf-axis { color: var(--_muted); font-size: 0.8em; display: flex; align-items: center; justify-content: center; padding: 0 4px; }
.rf-cell {
  --k: 0;
  min-width: 44px; min-height: 36px; border: 1px solid var(--_border); border-radius: 4px; cursor: pointer;
  background: var(--_surface);
  background: color-mix(in srgb, var(--_accent) calc(var(--k) * 100%), var(--_bg));
  color: var(--_fg); font-variant-numeric: tabular-nums; padding: 2px 4px;
}
.rf-cell.dark { color: var(--_accent-fg); }
.rf-cell[disabled] { cursor: default; color: var(--_muted); }
.rf-cell[aria-pressed="true"] { outline: 3px solid var(--_fg); outline-offset: -3px; }
.rf-axes { display: flex; justify-content: space-between; gap: 12px; margin-bottom: 4px; }
.table-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--_border); vertical-align: top; }
thead th { background: var(--_surface); font-weight: 600; font-size: 0.9em; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr.pick { cursor: pointer; }
tbody tr.pick:hover { background: var(--_surface); }
tbody tr[aria-current="true"] { background: color-mix(in srgb, var(--_accent) 12%, var(--_bg)); }
tbody tr.empty-seg { color: var(--_muted); }
.linkish { background: none; border: 0; padding: 0; cursor: pointer; text-align: left; text-decoration: underline; text-decoration-color: var(--_border); text-underline-offset: 2px; }
.sort { background: none; border: 0; padding: 0; cursor: pointer; font-weight: inherit; }
.channel { display: inline-block; border: 1px solid var(--_border); border-radius: 999px; padding: 0 6px; font-size: 0.8em; margin-right: 4px; color: var(--_muted); }
.filter { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 4px 0 8px; }
.btn { background: var(--_accent); color: var(--_accent-fg); border: 0; border-radius: var(--_radius); padding: 4px 10px; cursor: pointer; }
.card { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 12px 14px; background: var(--_bg); }
.card-head { display: flex; justify-content: space-between; align-items: baseline; gap: 8px; }
.card-head h2:focus { outline: none; }
.card-seg { font-size: 1.1em; margin: 4px 0 8px; }
.card-seg strong { margin-right: 6px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 6px; margin: 8px 0; }
.stat { background: var(--_surface); border-radius: var(--_radius); padding: 6px 8px; display: flex; flex-direction: column; }
.stat-label { color: var(--_muted); font-size: 0.8em; }
.stat-value { font-weight: 600; font-variant-numeric: tabular-nums; }
.next-action { border-left: 3px solid var(--_accent); padding: 6px 10px; background: var(--_surface); border-radius: 0 var(--_radius) var(--_radius) 0; margin: 8px 0; }
.not-found { border: 1px dashed var(--_border); border-radius: var(--_radius); padding: 10px 12px; color: var(--_muted); }
`;

/** One stylesheet shared by every element of this module (a <style> where unsupported). */
let sharedSheet = null;
function styleFor(root) {
  if (typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in Document.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sharedSheet];
    return null;
  }
  const style = document.createElement('style');
  style.textContent = CSS;
  return style;
}

/** The module's initialisation, started once (later `wasmUrl`s are not used). */
let ready = null;
let initialised = false;
function initOnce(wasmUrl) {
  if (!ready) {
    ready = (wasmUrl ? init({ module_or_path: wasmUrl }) : init()).then(
      (x) => {
        initialised = true;
        return x;
      },
      (e) => {
        ready = null;
        throw e;
      },
    );
  }
  return ready;
}

/** `en` or `ru` from a language tag (`ru-RU` → `ru`); null for any other. */
function langOf(tag) {
  const s = String(tag || '').trim().toLowerCase();
  if (s === 'ru' || s.startsWith('ru-')) return 'ru';
  if (s === 'en' || s.startsWith('en-')) return 'en';
  return null;
}

/** `text` with `{name}` placeholders filled from `vars`. */
function fill(text, vars) {
  return vars ? text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : text;
}

/** An element with attributes (`on*` functions become listeners, `part`, `class`…) and children. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') {
      for (const [name, value] of Object.entries(v)) if (value !== null && value !== undefined) el.dataset[name] = String(value);
    }
    else if (k === 'vars') for (const [name, value] of Object.entries(v)) el.style.setProperty(name, value);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Number, money, share and date formats of a language (money in `currency` when given). */
function formats(lang, currency) {
  const locale = LOCALES[lang];
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const dec2 = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  let money0 = int;
  let money = dec2;
  if (currency) {
    try {
      money0 = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol', maximumFractionDigits: 0 });
      money = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    } catch {
      // An unknown currency code: plain numbers.
    }
  }
  const date = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const ok = (n) => typeof n === 'number' && Number.isFinite(n);
  return {
    locale,
    int: (n) => (ok(n) ? int.format(n) : '—'),
    pct: (n) => (ok(n) ? pct.format(n) : '—'),
    money: (n) => (ok(n) ? money.format(n) : '—'),
    money0: (n) => (ok(n) ? money0.format(n) : '—'),
    date: (iso) => (iso ? date.format(new Date(`${iso}T00:00:00Z`)) : '—'),
    day: (d) => (d === NO_DATE || !ok(d) ? '—' : date.format(new Date(d * DAY_MS))),
  };
}

/** The local date as `YYYY-MM-DD`. */
function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Sort keys of the client table: the ascending ones, the others descending first. */
const ASCENDING = new Set(['client', 'segment', 'action']);

/** HTMLElement, or a stand-in where there is no DOM (imported during server rendering). */
const Base = typeof HTMLElement === 'undefined' ? class {} : HTMLElement;

/**
 * The `<segmenta-report>` element: give it `data`, `rows` or `sample`, and it shows the
 * segmentation (or, with `client`, one client's card) in its shadow root.
 */
export class SegmentaReport extends Base {
  static get observedAttributes() {
    return ['options', 'lang', 'client', 'sample', 'currency'];
  }

  constructor() {
    super();
    this._data = null;
    this._rows = null;
    this._options = null;
    this._optionsError = null;
    this._report = null;
    this._view = null;
    this._wasmUrl = null;
    this._queued = false;
    this._dirty = true;
    this._seq = 0;
    this._running = false;
    this._inflight = null;
    this._error = null;
    this._filter = null;
    this._sort = null;
    this._opened = null;
    this._opener = null;
    this._statusKey = null;
    this._statusVars = null;
    const root = this.attachShadow({ mode: 'open' });
    const style = styleFor(root);
    this._status = h('div', { class: 'status', part: 'status', role: 'status', 'aria-live': 'polite' });
    this._main = h('div', { class: 'main' });
    root.append(...[style, this._status, this._main].filter(Boolean));
    this._main.addEventListener('click', (e) => this._onClick(e));
  }

  connectedCallback() {
    // A property set before the element was upgraded sits on the instance: apply it.
    for (const p of ['data', 'rows', 'options', 'lang', 'client', 'sample', 'currency', 'wasmUrl']) {
      if (Object.prototype.hasOwnProperty.call(this, p)) {
        const v = this[p];
        delete this[p];
        this[p] = v;
      }
    }
    this._schedule(false);
  }

  attributeChangedCallback(name, before, after) {
    if (before === after) return;
    if (name === 'options') {
      this._readOptionsAttribute(after);
      this._schedule(true);
    } else if (name === 'lang' || name === 'sample') {
      this._schedule(true);
    } else {
      if (name === 'client') this._opened = null;
      this._schedule(false);
    }
  }

  /** The transactions: a File or Blob, bytes, or CSV text. Replaces `rows`. */
  get data() {
    return this._data;
  }
  set data(value) {
    this._data = value ?? null;
    if (this._data !== null) this._rows = null;
    this._schedule(true);
  }

  /** The orders as an array of objects or an object of columns (`analyzeRows`). Replaces `data`. */
  get rows() {
    return this._rows;
  }
  set rows(value) {
    this._rows = value ?? null;
    if (this._rows !== null) this._data = null;
    this._schedule(true);
  }

  /** The options of the analysis (the `options` attribute as JSON). */
  get options() {
    return this._options;
  }
  set options(value) {
    this._options = value ?? null;
    this._optionsError = null;
    this._schedule(true);
  }

  /** `ru` or `en`: the `lang` attribute, else the options' `lang`, else the document's, else `en`. */
  get lang() {
    return (
      langOf(this.getAttribute('lang')) ||
      langOf(this._options && this._options.lang) ||
      langOf(typeof document !== 'undefined' && document.documentElement.lang) ||
      'en'
    );
  }
  set lang(value) {
    if (value === null || value === undefined || value === '') this.removeAttribute('lang');
    else this.setAttribute('lang', String(value));
  }

  /** A client id: when set, only that client's card is shown. */
  get client() {
    return this.getAttribute('client');
  }
  set client(value) {
    if (value === null || value === undefined || value === '') this.removeAttribute('client');
    else this.setAttribute('client', String(value));
  }

  /** Analyse the package's demo sample (when neither `data` nor `rows` is given). */
  get sample() {
    return this.hasAttribute('sample');
  }
  set sample(value) {
    this.toggleAttribute('sample', Boolean(value));
  }

  /** An ISO 4217 code (`RUB`, `EUR`) the amounts are shown in; plain numbers without. */
  get currency() {
    return this.getAttribute('currency');
  }
  set currency(value) {
    if (value === null || value === undefined || value === '') this.removeAttribute('currency');
    else this.setAttribute('currency', String(value));
  }

  /** Where `segmenta_bg.wasm` is (default: next to segmenta.js); read by the first initialisation only. */
  get wasmUrl() {
    return this._wasmUrl;
  }
  set wasmUrl(value) {
    this._wasmUrl = value ?? null;
  }

  /** The Report of the last analysis (null before one, or after an error). */
  get report() {
    return this._report;
  }

  /** Resolves once the pending analysis and rendering are done (with the report, or null). */
  updated() {
    return this._done || Promise.resolve(this._report);
  }

  _readOptionsAttribute(text) {
    this._optionsError = null;
    if (text === null || text.trim() === '') {
      this._options = null;
      return;
    }
    try {
      const parsed = JSON.parse(text);
      this._options = parsed && typeof parsed === 'object' ? parsed : null;
    } catch (e) {
      this._options = null;
      this._optionsError = e instanceof Error ? e.message : String(e);
    }
  }

  /** Re-renders in a microtask; `analysis` when the report has to be made again. */
  _schedule(analysis) {
    if (analysis) this._dirty = true;
    if (this._queued) return;
    this._queued = true;
    let resolve;
    this._done = new Promise((r) => (resolve = r));
    queueMicrotask(() => {
      this._queued = false;
      this._update().then(resolve, () => resolve(null));
    });
  }

  async _update() {
    if (!this.isConnected) {
      return this._report;
    }
    // An analysis in flight renders the current state when it is done.
    if (!this._dirty && this._running) return this._inflight;
    const lang = this.lang;
    if (this._dirty) {
      this._dirty = false;
      const seq = ++this._seq;
      this._running = true;
      this._inflight = this._done;
      this._filter = null;
      this._sort = null;
      this._opened = null;
      try {
        const report = await this._analyse(lang, seq);
        if (seq !== this._seq) return this._report;
        this._running = false;
        this._report = report;
        this._error = null;
        this._view = report ? this._makeView(report) : null;
      } catch (e) {
        if (seq !== this._seq) return this._report;
        this._running = false;
        this._report = null;
        this._view = null;
        this._error = e;
        this._render(lang);
        this._setStatus(null);
        this._emit('segmenta-error', { error: e });
        return null;
      }
    }
    if (this.lang !== lang) {
      // The language changed during the analysis: its names are in the old one.
      this._schedule(true);
      return this._report;
    }
    this._render(lang);
    if (this._report) {
      this._setStatus('ready', { clients: formats(lang).int(this._report.length) });
      this._emit('segmenta-ready', { report: this._report });
    } else {
      this._setStatus(null);
    }
    return this._report;
  }

  /** Runs the analysis on the current source; null when there is none. */
  async _analyse(lang, seq) {
    if (this._optionsError !== null) {
      throw { message: fill(WORDS[lang].badOptions, { message: this._optionsError }), kind: 'invalidOption' };
    }
    const source = this._rows !== null ? 'rows' : this._data !== null ? 'data' : this.sample ? 'sample' : null;
    if (!source) return null;
    if (!initialised) this._setStatus('loadingModule');
    this._renderBusy();
    await initOnce(this._wasmUrl);
    if (seq !== this._seq) return null;
    this._setStatus('analysing');
    // The status is painted before the (synchronous) analysis takes the thread.
    await new Promise((r) => setTimeout(r, 0));
    if (seq !== this._seq) return null;
    const options = { ...(this._options || {}), lang };
    if (source === 'rows') {
      return analyzeRows(this._rows, options);
    }
    if (source === 'data') {
      let bytes = this._data;
      if (typeof Blob !== 'undefined' && bytes instanceof Blob) {
        bytes = new Uint8Array(await bytes.arrayBuffer());
        if (seq !== this._seq) return null;
      }
      return analyze(bytes, options);
    }
    const s = demoSample(SAMPLE_CLIENTS, SAMPLE_END);
    // The sample ends on a fixed date: a clock behind it must not call its last rows future.
    if (!options.today && today() < SAMPLE_END) options.today = SAMPLE_END;
    if (options.clients === undefined) options.clients = s.clients;
    return analyze(s.orders, options);
  }

  /** What the views read from a report, taken once per report. */
  _makeView(report) {
    return {
      summary: report.summary(),
      columns: report.columns(),
      ids: report.clientIds(),
      names: report.clientNames(),
    };
  }

  _setStatus(key, vars) {
    this._statusKey = key;
    this._statusVars = vars || null;
    const text = key ? fill(WORDS[this.lang][key], vars) : '';
    if (this._status.textContent !== text) this._status.textContent = text;
  }

  _emit(type, detail, cancelable = false) {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }

  _renderBusy() {
    this._main.setAttribute('aria-busy', 'true');
  }

  _render(lang) {
    const w = WORDS[lang];
    const fmt = formats(lang, this.currency);
    this._main.removeAttribute('aria-busy');
    this._main.replaceChildren();
    this._main.lang = lang;
    if (this._statusKey && this._statusKey !== 'ready') this._setStatus(this._statusKey, this._statusVars);
    if (this._error) {
      const e = this._error;
      const message = e && typeof e === 'object' && 'message' in e ? String(e.message) : String(e);
      const kind = e && typeof e === 'object' && 'kind' in e ? String(e.kind) : null;
      this._main.append(
        h('div', { class: 'error', part: 'error', role: 'alert', dataset: kind ? { kind } : {} }, h('strong', {}, w.errorTitle), h('span', { class: 'message' }, message)),
      );
      return;
    }
    if (!this._view) {
      this._main.append(h('p', { class: 'empty muted', part: 'empty' }, w.empty));
      return;
    }
    const client = this.client;
    if (client !== null) {
      this._main.append(this._card(client, w, fmt, false));
      return;
    }
    this._main.append(this._summary(w, fmt), this._grid(w, fmt), this._segments(w, fmt));
    this._clientsBox = h('section', { class: 'clients', part: 'clients', 'aria-labelledby': 'clients-title' });
    this._main.append(this._clientsBox);
    this._renderClients(w, fmt);
  }

  _summary(w, fmt) {
    const { summary: s } = this._view;
    const kpi = (key, label, value, sub) =>
      h('div', { class: 'kpi', part: 'kpi', dataset: { kpi: key } }, h('span', { class: 'kpi-label' }, label), h('span', { class: 'kpi-value' }, value), sub ? h('span', { class: 'kpi-sub' }, sub) : null);
    const total = this._report.length;
    return h(
      'section',
      { class: 'summary', part: 'summary', 'aria-labelledby': 'summary-title' },
      h('h2', { id: 'summary-title' }, w.summaryTitle),
      h(
        'div',
        { class: 'kpis' },
        kpi('clients', w.kpiClients, fmt.int(total), fill(w.kpiClientsSub, { customers: fmt.int(s.customers), leads: fmt.int(s.leads) })),
        kpi('revenue', w.kpiRevenue, fmt.money0(s.revenue)),
        kpi('orders', w.kpiOrders, fmt.int(s.orders)),
        kpi('average', w.kpiAverage, fmt.money0(s.orders ? s.revenue / s.orders : NaN)),
        kpi('period', w.kpiPeriod, `${fmt.date(s.firstDate)} — ${fmt.date(s.lastDate)}`, fill(w.kpiAsOf, { date: fmt.date(s.asOf) })),
      ),
    );
  }

  _grid(w, fmt) {
    const { summary: s } = this._view;
    const bins = s.bins;
    const high = s.direction === 'highIsBest';
    const asc = Array.from({ length: bins }, (_, i) => i + 1);
    const rOrder = high ? asc.slice().reverse() : asc.slice();
    const fOrder = high ? asc.slice() : asc.slice().reverse();
    const cells = new Map(s.rfGrid.map((c) => [`${c.r}:${c.f}`, c]));
    const max = Math.max(1, ...s.rfGrid.map((c) => c.customers));
    const f = this._filter;
    const grid = h('div', { class: 'rf-grid', role: 'group', 'aria-label': w.gridTitle });
    grid.style.gridTemplateColumns = `auto repeat(${bins}, minmax(44px, 1fr))`;
    for (const r of rOrder) {
      grid.append(h('div', { class: 'rf-axis', 'aria-hidden': 'true' }, `R${r}`));
      for (const fq of fOrder) {
        const c = cells.get(`${r}:${fq}`);
        const n = c ? c.customers : 0;
        const k = n ? Math.sqrt(n / max) : 0;
        const active = f && f.kind === 'rf' && f.r === r && f.f === fq;
        grid.append(
          h(
            'button',
            {
              type: 'button',
              class: `rf-cell${k > 0.6 ? ' dark' : ''}`,
              part: 'grid-cell',
              dataset: { r, f: fq, count: n },
              vars: { '--k': k.toFixed(3) },
              'aria-pressed': active ? 'true' : 'false',
              'aria-label': fill(w.rfCell, { r, f: fq, clients: fmt.int(n) }),
              disabled: n === 0,
            },
            fmt.int(n),
          ),
        );
      }
    }
    grid.append(h('div', {}));
    for (const fq of fOrder) grid.append(h('div', { class: 'rf-axis', 'aria-hidden': 'true' }, `F${fq}`));
    return h(
      'section',
      { class: 'grid', part: 'grid', 'aria-labelledby': 'grid-title' },
      h('h2', { id: 'grid-title' }, w.gridTitle),
      h('p', { class: 'muted small' }, w.gridHint),
      h(
        'div',
        { class: 'rf-wrap' },
        h('div', { class: 'rf-axes muted small', 'aria-hidden': 'true' }, h('span', {}, `↑ ${w.rfRecency} (${w.rfBest})`), h('span', {}, `${w.rfFrequency} (${w.rfBest}) →`)),
        grid,
      ),
    );
  }

  _segments(w, fmt) {
    const { summary: s } = this._view;
    // Segments nobody falls into go last.
    const rows = s.segments.slice().sort((a, b) => (b.customers > 0) - (a.customers > 0));
    const f = this._filter;
    const head = [
      [w.colSegment, false],
      [w.colClients, true],
      [w.colClientsShare, true],
      [w.colRevenue, true],
      [w.colRevenueShare, true],
      [w.colAction, false],
    ];
    return h(
      'section',
      { class: 'segments', part: 'segments', 'aria-labelledby': 'segments-title' },
      h('h2', { id: 'segments-title' }, w.segmentsTitle),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'segments-table' },
          h('thead', {}, h('tr', {}, head.map(([label, num]) => h('th', { scope: 'col', class: num ? 'num' : null }, label)))),
          h(
            'tbody',
            {},
            rows.map((x) =>
              h(
                'tr',
                {
                  class: x.customers ? 'pick' : 'empty-seg',
                  part: 'segment-row',
                  dataset: { key: x.key, pick: x.customers ? 'segment' : null },
                  'aria-current': f && f.kind === 'segment' && f.key === x.key ? 'true' : null,
                },
                h(
                  'th',
                  { scope: 'row' },
                  x.customers ? h('button', { type: 'button', class: 'linkish', dataset: { pick: 'segment' } }, x.segment) : x.segment,
                  x.description ? h('div', { class: 'muted small' }, x.description) : null,
                ),
                h('td', { class: 'num' }, fmt.int(x.customers)),
                h('td', { class: 'num' }, fmt.pct(x.customersShare)),
                h('td', { class: 'num' }, fmt.money(x.revenue)),
                h('td', { class: 'num' }, fmt.pct(x.revenueShare)),
                h('td', { class: 'small action', part: 'action' }, x.action ? [h('span', { class: 'channel' }, x.action.channelName), x.action.offer] : '—'),
              ),
            ),
          ),
        ),
      ),
    );
  }

  /** Rows of the report the client table lets through, in its order. */
  _clientRows() {
    const { columns: c, ids } = this._view;
    const n = c.length;
    const f = this._filter;
    let rows = [];
    if (!f) for (let i = 0; i < n; i++) rows.push(i);
    else if (f.kind === 'segment') {
      for (let i = 0; i < n; i++) if (c.segment[i] === f.index && c.recency[i] >= 0) rows.push(i);
    } else {
      for (let i = 0; i < n; i++) if (c.r[i] === f.r && c.f[i] === f.f && c.recency[i] >= 0) rows.push(i);
    }
    const sort = this._sort;
    if (sort) {
      const lead = (i) => c.recency[i] < 0;
      const value = {
        client: null,
        segment: (i) => (lead(i) ? Infinity : c.segment[i]),
        rfm: (i) => (lead(i) ? -1 : c.r[i] * 100 + c.f[i] * 10 + c.m[i]),
        frequency: (i) => c.frequency[i],
        revenue: (i) => (lead(i) ? -Infinity : c.revenue[i]),
        lastOrder: (i) => (lead(i) ? -Infinity : c.lastOrder[i]),
        action: (i) => (c.action[i] < 0 ? Infinity : c.action[i]),
      }[sort.key];
      if (value) {
        const v = new Float64Array(n);
        for (const i of rows) v[i] = value(i);
        rows.sort((a, b) => sort.dir * (v[a] - v[b]) || a - b);
      } else {
        const coll = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
        rows.sort((a, b) => sort.dir * coll.compare(ids[a], ids[b]) || a - b);
      }
    }
    return rows;
  }

  _renderClients(w, fmt) {
    const box = this._clientsBox;
    if (!box) return;
    const { columns: c, ids, names } = this._view;
    const rows = this._clientRows();
    const shown = rows.slice(0, MAX_ROWS);
    const f = this._filter;
    const sort = this._sort;
    const cols = [
      ['client', w.colClient, false],
      ['segment', w.colSegment, false],
      ['rfm', w.colRfm, true],
      ['frequency', w.colOrders, true],
      ['revenue', w.colRevenue, true],
      ['lastOrder', w.colLastOrder, true],
      ['action', w.colNextAction, false],
    ];
    const headCell = ([key, label, num]) => {
      const dir = sort && sort.key === key ? sort.dir : 0;
      return h(
        'th',
        { scope: 'col', class: num ? 'num' : null, 'aria-sort': dir > 0 ? 'ascending' : dir < 0 ? 'descending' : null },
        h('button', { type: 'button', class: 'sort', dataset: { sort: key }, title: fill(w.sortBy, { column: label }) }, label, dir ? (dir > 0 ? ' ▲' : ' ▼') : ''),
      );
    };
    const body = shown.map((i) => {
      const lead = c.recency[i] < 0;
      const a = c.action[i];
      const name = names && names[i] ? names[i] : null;
      return h(
        'tr',
        { class: 'pick', part: 'client-row', dataset: { pick: 'client', row: i, id: ids[i] } },
        h('th', { scope: 'row' }, h('button', { type: 'button', class: 'linkish', dataset: { pick: 'client' }, translate: 'no' }, ids[i]), name ? h('div', { class: 'muted small', translate: 'no' }, name) : null),
        h('td', { class: 'segment' }, lead ? w.lead : c.segmentNames[c.segment[i]]),
        h('td', { class: 'num' }, lead ? '—' : `${c.r[i]}${c.f[i]}${c.m[i]}`),
        h('td', { class: 'num' }, fmt.int(c.frequency[i])),
        h('td', { class: 'num' }, lead ? '—' : fmt.money(c.revenue[i])),
        h('td', { class: 'num' }, fmt.day(c.lastOrder[i])),
        h('td', { class: 'small action', part: 'action' }, a >= 0 ? [h('span', { class: 'channel' }, c.actionChannels[a]), c.actionOffers[a]] : '—'),
      );
    });
    const focusedSort = this.shadowRoot.activeElement && this.shadowRoot.activeElement.dataset ? this.shadowRoot.activeElement.dataset.sort : null;
    box.replaceChildren();
    append(box, [
      h('h2', { id: 'clients-title' }, w.clientsTitle),
      h(
        'div',
        { class: 'filter', part: 'filter' },
        h('span', { class: 'muted count' }, fill(w.clientsCount, { shown: fmt.int(shown.length), total: fmt.int(rows.length) })),
        f ? h('span', { class: 'chip' }, fill(w.filterShown, { name: f.name })) : null,
        f ? h('button', { type: 'button', class: 'btn', dataset: { clear: '' } }, w.filterClear) : null,
      ),
      this._opened !== null ? this._card(this._opened, w, fmt, true) : null,
      h('div', { class: 'table-scroll' }, h('table', { class: 'clients-table' }, h('thead', {}, h('tr', {}, cols.map(headCell))), h('tbody', {}, body))),
    ]);
    if (focusedSort) {
      const again = box.querySelector(`button[data-sort="${focusedSort}"]`);
      if (again) again.focus();
    }
  }

  /** One client's card; `closable` inside the report (with a close button), else alone. */
  _card(id, w, fmt, closable) {
    let ex;
    try {
      ex = this._report.explain(id);
    } catch (e) {
      ex = undefined;
    }
    if (!ex) {
      return h('div', { class: 'not-found', part: 'not-found card', role: 'status', dataset: { client: id } }, fill(w.notFound, { id }));
    }
    const { columns: c, ids, names } = this._view;
    let row = ids.indexOf(ex.clientId);
    if (row < 0) row = ids.indexOf(id);
    const lead = row < 0 || c.recency[row] < 0;
    const a = row >= 0 ? c.action[row] : -1;
    const name = row >= 0 && names && names[row] ? names[row] : null;
    const tile = (key, label, value) => h('div', { class: 'stat', dataset: { stat: key } }, h('span', { class: 'stat-label' }, label), h('span', { class: 'stat-value' }, value));
    const segment = lead ? w.lead : c.segmentNames[c.segment[row]];
    const crit = w.criterion;
    return h(
      'section',
      { class: 'card', part: 'card', 'aria-labelledby': 'card-title', dataset: { client: ex.clientId } },
      h(
        'div',
        { class: 'card-head' },
        h('h2', { id: 'card-title', tabindex: '-1', translate: 'no' }, fill(w.cardTitle, { id: ex.clientId }), name ? ` · ${name}` : ''),
        closable ? h('button', { type: 'button', class: 'btn', part: 'close', dataset: { close: '' } }, w.cardClose) : null,
      ),
      h(
        'p',
        { class: 'card-seg' },
        h('span', { class: 'muted' }, `${w.cardSegment}: `),
        h('strong', { class: 'segment' }, segment),
        !lead ? h('span', { class: 'muted' }, `RFM ${c.r[row]}${c.f[row]}${c.m[row]} · ${c.lifecycleNames[c.lifecycle[row]]}`) : null,
      ),
      h(
        'div',
        { class: 'next-action', part: 'action' },
        h('div', { class: 'muted small' }, w.cardNextAction),
        a >= 0 ? [h('span', { class: 'channel' }, c.actionChannels[a]), h('span', { class: 'offer' }, c.actionOffers[a])] : w.cardNoAction,
      ),
      row >= 0
        ? h(
            'div',
            { class: 'stats' },
            tile('recency', w.cardRecency, lead ? '—' : fmt.int(c.recency[row])),
            tile('orders', w.cardOrders, fmt.int(c.frequency[row])),
            tile('revenue', w.cardRevenue, lead ? '—' : fmt.money(c.revenue[row])),
            tile('average', w.cardAverage, c.frequency[row] ? fmt.money(c.revenue[row] / c.frequency[row]) : '—'),
            tile('first', w.cardFirst, fmt.day(c.firstOrder[row])),
            tile('last', w.cardLast, fmt.day(c.lastOrder[row])),
            Number.isFinite(c.points[row]) && c.points[row] !== 0 ? tile('points', w.cardPoints, fmt.int(c.points[row])) : null,
          )
        : null,
      h('h3', {}, w.cardWhy),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'explain' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, w.cardCriterion), h('th', { scope: 'col' }, w.cardValue), h('th', { scope: 'col' }, w.cardReason))),
          h('tbody', {}, ex.labels.map((l) => h('tr', { dataset: { criterion: l.criterion } }, h('th', { scope: 'row' }, crit[l.criterion] || l.criterion), h('td', {}, l.value), h('td', { class: 'reason' }, l.reason)))),
        ),
      ),
    );
  }

  _onClick(e) {
    const target = e.target instanceof Element ? e.target : null;
    if (!target || !this._view) return;
    const lang = this.lang;
    const w = WORDS[lang];
    const fmt = formats(lang, this.currency);
    const cell = target.closest('.rf-cell');
    if (cell && !cell.disabled) {
      const r = Number(cell.dataset.r);
      const f = Number(cell.dataset.f);
      const { columns: c, ids } = this._view;
      const clients = [];
      for (let i = 0; i < c.length; i++) if (c.r[i] === r && c.f[i] === f && c.recency[i] >= 0) clients.push(ids[i]);
      const name = `R${r} F${f}`;
      this._filter = { kind: 'rf', r, f, name };
      for (const b of this._main.querySelectorAll('.rf-cell')) b.setAttribute('aria-pressed', b === cell ? 'true' : 'false');
      for (const tr of this._main.querySelectorAll('tr[data-pick="segment"]')) tr.removeAttribute('aria-current');
      this._renderClients(w, fmt);
      this._emit('segment-select', { key: `rf:${r}:${f}`, name, kind: 'rf', r, f, clients, count: clients.length });
      return;
    }
    const sortButton = target.closest('button[data-sort]');
    if (sortButton) {
      const key = sortButton.dataset.sort;
      const s = this._sort;
      this._sort = s && s.key === key ? { key, dir: -s.dir } : { key, dir: ASCENDING.has(key) ? 1 : -1 };
      this._renderClients(w, fmt);
      return;
    }
    if (target.closest('button[data-clear]')) {
      this._filter = null;
      for (const b of this._main.querySelectorAll('.rf-cell')) b.setAttribute('aria-pressed', 'false');
      for (const tr of this._main.querySelectorAll('tr[data-pick="segment"]')) tr.removeAttribute('aria-current');
      this._renderClients(w, fmt);
      const first = this._main.querySelector('.clients .sort');
      if (first) first.focus();
      return;
    }
    if (target.closest('button[data-close]')) {
      const opener = this._opener;
      this._opened = null;
      this._renderClients(w, fmt);
      const back = opener !== null ? this._main.querySelector(`tr[data-pick="client"][data-row="${opener}"] button`) : null;
      if (back) back.focus();
      return;
    }
    const tr = target.closest('tr[data-pick]');
    if (tr) this._pick(tr);
  }

  /** A segment row or a client row was chosen. */
  _pick(tr) {
    const lang = this.lang;
    const w = WORDS[lang];
    const fmt = formats(lang, this.currency);
    const { columns: c, ids, summary } = this._view;
    if (tr.dataset.pick === 'segment') {
      const key = tr.dataset.key;
      const index = c.segmentKeys.indexOf(key);
      const seg = summary.segments.find((x) => x.key === key);
      const name = seg ? seg.segment : c.segmentNames[index];
      const clients = [];
      for (let i = 0; i < c.length; i++) if (c.segment[i] === index && c.recency[i] >= 0) clients.push(ids[i]);
      this._filter = { kind: 'segment', key, index, name };
      for (const row of this._main.querySelectorAll('tr[data-pick="segment"]')) {
        if (row === tr) row.setAttribute('aria-current', 'true');
        else row.removeAttribute('aria-current');
      }
      for (const b of this._main.querySelectorAll('.rf-cell')) b.setAttribute('aria-pressed', 'false');
      this._renderClients(w, fmt);
      this._emit('segment-select', { key, name, kind: 'segment', clients, count: clients.length });
      return;
    }
    const row = Number(tr.dataset.row);
    const id = ids[row];
    if (!this._emit('client-select', { id, row }, true)) return;
    this._opened = id;
    this._opener = row;
    this._renderClients(w, fmt);
    const title = this._main.querySelector('#card-title');
    if (title) title.focus();
  }
}

/**
 * Defines the element as `name` (default `segmenta-report`) unless that name is taken;
 * returns the class the name stands for.
 */
export function define(name = 'segmenta-report') {
  if (typeof customElements === 'undefined') return SegmentaReport;
  const existing = customElements.get(name);
  if (existing) return existing;
  try {
    customElements.define(name, SegmentaReport);
  } catch (e) {
    // The class itself is defined under another name: a subclass takes this one.
    if (customElements.get(name)) return customElements.get(name);
    const Named = class extends SegmentaReport {};
    customElements.define(name, Named);
    return Named;
  }
  return SegmentaReport;
}

define();
