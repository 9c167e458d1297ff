import type { AnalyzeOptions, Report } from './segmenta.js';

/** The languages the element speaks. */
export type SegmentaReportLang = 'en' | 'ru';

/**
 * One order line for `rows`: column → value (strings, numbers, `Date`s, booleans or null),
 * e.g. `{ client: 'A', date: '2024-01-05', amount: 120 }`.
 */
export type SegmentaRow = Record<string, unknown>;

/** The orders for `rows` (as `analyzeRows` takes them): an array of objects, or an object of columns of one length. */
export type SegmentaRows = readonly SegmentaRow[] | Record<string, ArrayLike<unknown>>;

/** The transactions for `data`: a File or Blob, bytes, or CSV text. */
export type SegmentaData = Blob | Uint8Array | ArrayBuffer | string;

/** An error shown by the element: the package's (with `kind`) or a failure to load it. */
export interface SegmentaReportError {
  message: string;
  kind?: string;
}

/** `segment-select`: a segment row or an R×F cell was chosen. */
export interface SegmentSelectDetail {
  /** The segment's key, or `rf:<r>:<f>` for a grid cell. */
  key: string;
  /** The segment's name in the report's language, or `R<r> F<f>`. */
  name: string;
  kind: 'segment' | 'rf';
  /** The ids of its clients, in report order. */
  clients: string[];
  /** `clients.length`. */
  count: number;
  /** The cell's scores (grid cells only). */
  r?: number;
  f?: number;
}

/** `client-select`: a client row was chosen (cancel the event to keep the card closed). */
export interface ClientSelectDetail {
  id: string;
  /** The client's output row in the report (`report.explainRow(row)`). */
  row: number;
}

/** `segmenta-ready`: the element rendered a report. */
export interface SegmentaReadyDetail {
  report: Report;
}

/** `segmenta-error`: the analysis failed (the message is also shown). */
export interface SegmentaErrorDetail {
  error: SegmentaReportError;
}

/** The element's events, besides those of every HTML element. */
export interface SegmentaReportEventMap extends HTMLElementEventMap {
  'segment-select': CustomEvent<SegmentSelectDetail>;
  'client-select': CustomEvent<ClientSelectDetail>;
  'segmenta-ready': CustomEvent<SegmentaReadyDetail>;
  'segmenta-error': CustomEvent<SegmentaErrorDetail>;
}

/**
 * `<segmenta-report>`: analyses `data`, `rows` or the demo `sample` and shows the summary,
 * the R×F grid, the segments with their actions and the clients; with `client`, that
 * client's card. Setting any property re-renders (batched in a microtask).
 */
export class SegmentaReport extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The transactions (replaces `rows`). */
  data: SegmentaData | null;
  /** The orders as objects or columns, analysed with `analyzeRows` (replaces `data`). */
  rows: SegmentaRows | null;
  /** The analysis options (the `options` attribute, as JSON). */
  options: AnalyzeOptions | null;
  /** A client id: only that client's card is shown (attribute `client`). */
  client: string | null;
  /** Analyse the demo sample when neither `data` nor `rows` is set (attribute `sample`). */
  sample: boolean;
  /** An ISO 4217 code the amounts are shown in (attribute `currency`); plain numbers without. */
  currency: string | null;
  /** Where `segmenta_bg.wasm` is; used by the first initialisation on the page only. */
  wasmUrl: string | URL | null;
  /** The Report of the last analysis; null before one or after an error. */
  readonly report: Report | null;
  /** Resolves when the pending analysis and rendering are done. */
  updated(): Promise<Report | null>;
  /** Dispatched events, typed. */
  addEventListener<K extends keyof SegmentaReportEventMap>(
    type: K,
    listener: (this: SegmentaReport, ev: SegmentaReportEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SegmentaReportEventMap>(
    type: K,
    listener: (this: SegmentaReport, ev: SegmentaReportEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

/**
 * Defines the element as `name` (default `segmenta-report`, which importing the module
 * already does) unless the name is taken; returns the class registered under it.
 */
export function define(name?: string): CustomElementConstructor;

declare global {
  interface HTMLElementTagNameMap {
    'segmenta-report': SegmentaReport;
  }
}
