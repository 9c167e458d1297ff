// The analysis worker: owns the data (a File or the sample's bytes), streams it into the
// WebAssembly Analyzer, keeps the latest Report and answers the page's questions about it.
//
// Protocol (every request carries an `id`; the reply carries the same `id`):
//   page -> worker  { id, type, ...args }
//   worker -> page  { id, ok: true, value }            the answer
//                   { id, ok: false, error }            a SegmentationError as plain data
//                   { id, progress: { bytes, total, rows, clients, stage? } }   while a run
//                                        streams; `stage`: 'models' while the predictive
//                                        models are fitted, 'backtest' while the orders up
//                                        to the backtest's calibration end are read
//                   { id, notice: { kind: 'fix', option, value, message } }  a re-stream
// Requests:
//   init   { module, workers? }           WebAssembly.Module compiled by the page; the
//                                         number of Workers for large files
//   open   { source: { file } | { bytes, name } | { sample: { clients, end } }, clientsFile?, eventsFile?, lang? }
//          -> { name, size, sniff }      keeps the source for later runs; `bytes`: a
//                                        workbook's sheet as CSV (workbook.js); the sniff's
//                                        notes and errors in `lang`
//   setClients { clientsFile }           a File, the CSV bytes of a clients workbook, or null
//   setEvents { eventsFile }             a File or CSV bytes of an events table (views,
//                                         carts, clicks, opens), or null; joined to every
//                                         later run (the sample brings its own)
//   sniff  { options }                   -> SniffResult of the head of the kept source
//   run    { options, workers? }         -> { reportId, summary, audit, sniff, model,
//                                             columns, ids, names, clv, fixes, elapsed,
//                                             ranges, oneReader } (typed arrays
//                                             transferred; `clv`: predict-data.js); a
//                                             newer run cancels an older one. A large file
//                                             is read in byte ranges on `workers` Workers
//                                             (default: 4 on machines with 4 cores or more,
//                                             else 1);
//                                             `ranges` says on how many, `oneReader` why
//                                             one reader read it after all
//   cancel { target }                    stops the run with that id (-> ok: false, kind 'cancelled')
//   restore                              goes back to the source (and clients) of the kept
//                                        report, or to none: a newer source's first run
//                                        was cancelled
//   explain { reportId, row }            -> Explanation
//   details { reportId, row }            -> ClientProfile: the client's name, e-mail and
//                                         phone (the clients table's, else the orders
//                                         file's) and its cells of the clients table
//   select  { reportId, rule }           -> { rows, customers, revenue }
//   csv     { reportId, what: 'customers'|'contacts'|'rejected', rule?, csv? } -> Uint8Array
//   compare { options, asOf?, other? }   -> { comparisonId, summary: ComparisonSummary }: the
//                                         kept source as of `asOf` (or the file `other`,
//                                         a File or CSV bytes) against the kept source now;
//                                         the comparison is kept for the requests below
//   movers  { comparisonId, criterion, from?, to?, valuableToRisky?, limit }
//          -> { total, ids, reasons }   the clients of one path (label indices) or of
//                                        every path from a valuable label to a risky one
//   compareCsv { comparisonId, criterion, from?, to?, valuableToRisky? } -> Uint8Array
//   automate { reportId, options, asOf?, spec, journal? }
//          -> { automationId, summary, firings, suppressed, tasks, contacts, held, journal }:
//             automation between the kept source as of `asOf` (analysed with `options`,
//             kept for a pilot started on it) and the report on screen; without `asOf`,
//             a first run on the report alone. The run is kept for the request below
//   automationCsv { automationId, what: 'tasks'|'contacts'|'firings', csv? } -> Uint8Array
//   pilotCreate { reportId, options, asOf?, spec } -> PilotInfo: a pilot started on the
//             kept source as of `asOf`, or on the report on screen; kept for the requests
//             below. PilotInfo is { pilotId, name, start, json, test, control, segments:
//             [{ segment, test, control }] }
//   pilotLoad { text }                   -> PilotInfo of a pilot saved as JSON
//   pilotCsv { pilotId, reportId }       -> Uint8Array: the test group with its contacts
//   pilotEvaluate { pilotId, reportId }  -> PilotResult on the report on screen
import { initSync, sniff, demoSample, version, analyze, compare, compareFiles, automate, automateFirst, Pilot } from './pkg/segmenta.js';
import { analyzeInRanges, analyzeStream, startWorkers, MIN_PARALLEL_BYTES } from './pkg/parallel.js';
import { predictionSummary } from './predict-data.js';

const HEAD = 1 << 20; // bytes given to sniff for the mapping step
const YIELD_MS = 40; // let cancel messages in at least this often

let source = null; // { kind: 'file', file } | { kind: 'bytes', bytes, name }
let clientsBytes = null; // Uint8Array | null
let clientsFile = null; // File | null (read once, on first run)

/** The clients table of a request: a File (read on the first run), bytes, or none. */
function takeClients(cf) {
  clientsFile = cf instanceof Uint8Array ? null : cf || null;
  clientsBytes = cf instanceof Uint8Array ? cf : null;
}
/** Counts changes of the clients: a report of other clients cannot be relabelled. */
let clientsEpoch = 0;
let eventsBytes = null; // Uint8Array | null
let eventsFile = null; // File | null (read once, on first run)
/** Counts changes of the events table: a report with other events is joined again. */
let eventsEpoch = 0;

/** The events table of a request: a File (read on the first run), bytes, or none. */
function takeEvents(ef) {
  eventsFile = ef instanceof Uint8Array ? null : ef || null;
  eventsBytes = ef instanceof Uint8Array ? ef : null;
}

async function loadEvents() {
  if (eventsFile && !eventsBytes) {
    eventsBytes = new Uint8Array(await eventsFile.arrayBuffer());
  }
  return eventsBytes;
}

/** `next` with the events table joined (itself without one); the one without is freed. */
function joinEvents(next, events) {
  if (!events) return next;
  const joined = next.withEvents(events);
  next.free();
  return joined;
}
let report = null;
let reportId = 0;
/** What the kept report was read from: { source, clientsBytes, clientsFile, clientsEpoch }. */
let reportFrom = null;
let running = null; // { id, cancelled, controller }
/** Why the kept report has no backtest although one applies (its calibration failed), or null. */
let backtestFailure = null;
/** The clients-table cells of the kept report's clients, made when a card first needs them. */
let wasmModule = null;
// Byte ranges pay off when the machine has cores to spare for them and for the engine's
// background compilation: from 4 cores on by default (2 or more with `?workers=N`).
const cores = self.navigator?.hardwareConcurrency || 1;
let defaultWorkers = cores >= 4 ? Math.min(4, cores) : 1;

const post = (msg, transfer) => self.postMessage(msg, transfer || []);

function errorData(e) {
  if (e && typeof e === 'object') {
    return {
      name: e.name || 'Error',
      kind: e.kind || (e.name === 'SegmentationError' ? 'error' : 'internal'),
      message: String(e.message || e),
      line: e.line,
      row: e.row,
      column: e.column,
      fix: e.fix ? { option: e.fix.option, value: e.fix.value } : undefined,
      // The key of the page's own message, for errors this worker raises (messages.js).
      text: e.text,
    };
  }
  return { name: 'Error', kind: 'internal', message: String(e), text: 'errorInternal' };
}

class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.kind = 'cancelled';
  }
}

const pause = () => new Promise((r) => setTimeout(r, 0));

async function headBytes(src = source) {
  if (src.kind === 'bytes') return src.bytes.subarray(0, HEAD);
  return new Uint8Array(await src.file.slice(0, HEAD).arrayBuffer());
}

async function loadClients() {
  if (clientsFile && !clientsBytes) {
    clientsBytes = new Uint8Array(await clientsFile.arrayBuffer());
  }
  return clientsBytes;
}

/**
 * Streams the kept source into one Analyzer (the package's `analyzeStream`, which reads it
 * again when the analyzer takes a format fix); `{ report, fixes }`. `stage` marks the
 * progress of a second pass ('backtest'); without it, the progress at the end of the
 * bytes says the predictive models are being fitted (when `options.clv` asks for them).
 */
async function streamOnce(options, job, id, stage) {
  const total = source.kind === 'bytes' ? source.bytes.length : source.file.size;
  const stageAt = (bytes) => stage || (options.clv && bytes >= total ? 'models' : undefined);
  return analyzeStream(source.kind === 'bytes' ? source.bytes : source.file, options, {
    signal: job.controller.signal,
    yieldEvery: YIELD_MS,
    onProgress: (p) => post({ id, progress: { bytes: p.bytes, total, rows: p.rows, clients: p.clients, stage: stageAt(p.bytes) } }),
    // A date or decimal format that only a later row contradicts: the file is streamed
    // again with the format the core says fits every row.
    onReadAgain: (fix) => post({ id, notice: { kind: 'fix', ...fix } }),
  }).catch((e) => {
    if (e && e.kind === 'cancelled') throw new Cancelled();
    throw e;
  });
}

/** Reads a large file in byte ranges on several Workers: the Report, or null with why not. */
async function readInRanges(options, job, id, workers) {
  const total = source.kind === 'bytes' ? source.bytes.length : source.file.size;
  if (workers < 2 || total < MIN_PARALLEL_BYTES) return { report: null };
  const r = await analyzeInRanges(source.kind === 'bytes' ? source.bytes : source.file, options, {
    workers,
    module: wasmModule,
    signal: job.controller.signal,
    onProgress: (p) => post({ id, progress: { bytes: p.bytes, total, rows: p.rows, workers } }),
  }).catch((e) => {
    if (e && e.kind === 'cancelled') throw new Cancelled();
    throw e;
  });
  return r;
}

async function run(id, options, workers = defaultWorkers) {
  if (!source) throw Object.assign(new Error('no data loaded'), { kind: 'emptyInput', text: 'errorNoData' });
  if (running) {
    running.cancelled = true;
    running.controller.abort();
  }
  const job = { id, cancelled: false, controller: new AbortController() };
  // Wait for an older run to notice its cancellation.
  while (running) {
    await pause();
    if (job.cancelled) throw new Cancelled();
  }
  running = job;
  const started = performance.now();
  try {
    const opts = { ...options };
    const clients = await loadClients();
    if (clients) opts.clients = clients;
    const fixes = [];
    let result;
    let ranges = 1;
    let oneReader;
    // Same file, new labelling options: relabel the clients already read (instant); options
    // that change how the file is read make relabel throw `invalidOption`, and the file is
    // streamed again.
    const events = await loadEvents();
    const sameEvents = reportFrom?.eventsEpoch === eventsEpoch;
    if (report && reportFrom?.source === source && reportFrom.clientsEpoch === clientsEpoch && sameEvents) {
      try {
        result = report.relabel(opts);
      } catch (e) {
        if (!e || e.kind !== 'invalidOption') throw e;
      }
    }
    if (!result) {
      const r = await readInRanges(opts, job, id, workers);
      if (r.report) {
        result = r.report;
        ranges = r.ranges;
      } else {
        oneReader = r.reason;
      }
    }
    if (!result) {
      const streamed = await streamOnce(opts, job, id);
      result = streamed.report;
      fixes.push(...streamed.fixes);
    }
    if (result !== report && !(result.hasEvents && sameEvents)) result = joinEvents(result, events);
    // The tags and segments set by hand on the clients of the same file stay when it is
    // read again (relabelling keeps them by itself).
    if (report && result !== report && reportFrom?.source === source) result = withMarks(result, report.marks());
    let failure;
    try {
      failure = await setBacktest(result, job, id, clients);
    } catch (e) {
      if (result !== report) result.free();
      throw e;
    }
    if (report) report.free();
    report = result;
    if (failure !== undefined) backtestFailure = failure;
    reportFrom = { source, clientsBytes, clientsFile, clientsEpoch, eventsBytes, eventsFile, eventsEpoch };
    return resultMessage({ fixes, elapsed: performance.now() - started, ranges, oneReader });
  } finally {
    running = null;
  }
}

/**
 * The backtest of a report read in a stream or in byte ranges (or relabelled with other
 * model options), which `analyze` would have set itself: the kept source read again up
 * to the calibration end, its report given to `next.setBacktest`. Nothing to do without
 * the `clv` option, with the backtest off or already set (undefined: the failure of the
 * kept report, if any, still holds). A calibration that cannot be analysed leaves the
 * backtest unset: the error, as plain data, is returned for the page to show; else null.
 */
async function setBacktest(next, job, id, clients) {
  const cal = next.calibrationOptions();
  if (!cal) return null;
  if (next.clv()?.backtest) return undefined;
  if (clients) cal.clients = clients;
  let calibration;
  try {
    calibration = (await streamOnce(cal, job, id, 'backtest')).report;
  } catch (e) {
    if (e instanceof Cancelled) throw e;
    return errorData(e);
  }
  try {
    next.setBacktest(calibration);
  } finally {
    calibration.free();
  }
  return null;
}

/** `options` without the backtest: reports that are only compared need no second pass. */
function withoutBacktest(options) {
  return options.clv ? { ...options, clv: { ...options.clv, backtest: false } } : options;
}

/** The kept report as the page draws it, under a new report id, with `extra` fields. */
function resultMessage(extra) {
  reportId += 1;
  const columns = report.columns();
  // The predictions' aggregates are read before the columns are transferred.
  const clv = predictionSummary(report.clv(), columns, backtestFailure);
  const transfer = [];
  for (const v of Object.values(columns)) {
    if (ArrayBuffer.isView(v)) transfer.push(v.buffer);
  }
  return {
    value: {
      reportId,
      summary: report.summary(),
      audit: report.audit(),
      sniff: report.sniff(),
      model: report.model(),
      columns,
      ids: report.clientIds(),
      names: report.clientNames(),
      eventsAudit: report.eventsAudit(),
      clv,
      ...extra,
    },
    transfer,
  };
}

/** `next` with the marks set by hand `marks` (`report.marks()`) on the clients it has. */
function withMarks(next, marks) {
  const known = new Set(next.clientIds());
  let out = next;
  const apply = (list, key) => {
    for (const m of list) {
      for (const [ids, remove] of [[m.assigned, false], [m.removed, true]]) {
        const mine = ids.filter((id) => known.has(id));
        if (!mine.length) continue;
        const marked = remove ? out.unassign(mine, { [key]: m.name }) : out.assign(mine, { [key]: m.name });
        if (out !== next) out.free();
        out = marked;
      }
    }
  };
  apply(marks.tags, 'tag');
  apply(marks.segments, 'segment');
  if (out !== next) next.free();
  return out;
}

let comparison = null;
let comparisonId = 0;

/** The whole kept source as bytes. */
async function sourceBytes() {
  if (!source) throw Object.assign(new Error('no data loaded'), { kind: 'emptyInput', text: 'errorNoData' });
  if (source.kind === 'bytes') return source.bytes;
  return new Uint8Array(await source.file.arrayBuffer());
}

function currentComparison(cid) {
  if (!comparison || cid !== comparisonId) {
    throw Object.assign(new Error('the results have changed; try again'), { kind: 'stale', text: 'errorStale' });
  }
  return comparison;
}

/** The clients of one path, or of every path from a valuable label to a risky one. */
function moversOf(c, { criterion, from, to, valuableToRisky }) {
  return valuableToRisky ? c.valuableToRisky(criterion) : c.clientsOn(criterion, from, to);
}

function current(rid) {
  if (!report || rid !== reportId) {
    throw Object.assign(new Error('the results have changed; try again'), { kind: 'stale', text: 'errorStale' });
  }
  return report;
}

let automation = null;
let automationId = 0;
let pilot = null;
let pilotId = 0;
/** The earlier report of automation and pilots: { reportId, asOf, report }, or null. */
let earlier = null;

/**
 * The source of the report on screen as of `asOf`, read with `options` and its clients
 * table; kept while the report on screen is the same, for the next run or a pilot.
 */
async function earlierReport(rid, options, asOf) {
  current(rid);
  if (earlier && earlier.reportId === rid && earlier.asOf === asOf) return earlier.report;
  const from = reportFrom.source;
  const bytes = from.kind === 'bytes' ? from.bytes : new Uint8Array(await from.file.arrayBuffer());
  const opts = withoutBacktest({ ...options, asOf });
  if (reportFrom.clientsBytes) opts.clients = reportFrom.clientsBytes;
  if (reportFrom.eventsBytes) opts.events = reportFrom.eventsBytes;
  const next = analyze(bytes, opts);
  if (earlier) earlier.report.free();
  earlier = { reportId: rid, asOf, report: next };
  return next;
}

function currentAutomation(aid) {
  if (!automation || aid !== automationId) {
    throw Object.assign(new Error('the results have changed; try again'), { kind: 'stale', text: 'errorStale' });
  }
  return automation;
}

function currentPilot(pid) {
  if (!pilot || pid !== pilotId) {
    throw Object.assign(new Error('the pilot has changed; try again'), { kind: 'stale', text: 'errorStale' });
  }
  return pilot;
}

/** Keeps `next` as the pilot and describes it: its groups overall and per segment. */
function keepPilot(next) {
  if (pilot) pilot.free();
  pilot = next;
  pilotId += 1;
  const json = pilot.toJSON();
  const bySegment = new Map();
  let test = 0;
  for (const m of pilot.members()) {
    const g = bySegment.get(m.segment) || { segment: m.segment, test: 0, control: 0 };
    g[m.test ? 'test' : 'control'] += 1;
    bySegment.set(m.segment, g);
    if (m.test) test += 1;
  }
  const segments = [...bySegment.values()];
  const control = segments.reduce((a, g) => a + g.control, 0);
  return { pilotId, name: JSON.parse(json).spec?.name ?? '', start: pilot.start, json, test, control, segments };
}

const handlers = {
  init({ module, workers }) {
    initSync({ module });
    wasmModule = module;
    if (workers > 0) defaultWorkers = Math.min(workers, 16);
    // The range readers load the module now rather than during the first large run.
    if (defaultWorkers > 1) startWorkers(defaultWorkers - 1, module);
    return { version: version() };
  },
  async open({ source: src, clientsFile: cf, eventsFile: ef, lang }) {
    // The new source replaces the kept one only once it can be read.
    let next;
    let nextClients = null;
    let nextEvents = null;
    if (src.file) {
      next = { kind: 'file', file: src.file, name: src.file.name };
    } else if (src.bytes) {
      next = { kind: 'bytes', bytes: src.bytes, name: src.name };
    } else {
      const s = demoSample(src.sample.clients, src.sample.end);
      next = { kind: 'bytes', bytes: s.orders, name: src.sample.name };
      nextClients = s.clients;
      nextEvents = s.events;
    }
    const detected = sniff(await headBytes(next), lang ? { lang } : {});
    source = next;
    if (src.sample) {
      clientsBytes = nextClients;
      clientsFile = null;
      eventsBytes = nextEvents;
      eventsFile = null;
    } else {
      takeClients(cf);
      takeEvents(ef);
    }
    clientsEpoch += 1;
    eventsEpoch += 1;
    const size = source.kind === 'bytes' ? source.bytes.length : source.file.size;
    return { name: source.name, size, sniff: detected };
  },
  async setClients({ clientsFile: cf }) {
    takeClients(cf);
    clientsEpoch += 1; // a new clients table means reading again
    return true;
  },
  async setEvents({ eventsFile: ef }) {
    takeEvents(ef);
    eventsEpoch += 1; // the next run joins the new table
    return true;
  },
  restore() {
    source = reportFrom ? reportFrom.source : null;
    eventsBytes = reportFrom ? reportFrom.eventsBytes : null;
    eventsFile = reportFrom ? reportFrom.eventsFile : null;
    eventsEpoch = reportFrom ? reportFrom.eventsEpoch : eventsEpoch + 1;
    clientsBytes = reportFrom ? reportFrom.clientsBytes : null;
    clientsFile = reportFrom ? reportFrom.clientsFile : null;
    clientsEpoch = reportFrom ? reportFrom.clientsEpoch : clientsEpoch + 1;
    return true;
  },
  async sniff({ options }) {
    if (!source) throw Object.assign(new Error('no data loaded'), { kind: 'emptyInput', text: 'errorNoData' });
    return sniff(await headBytes(), options || {});
  },
  run({ id, options, workers }) {
    return run(id, options, workers);
  },
  cancel({ target }) {
    if (running && running.id === target) {
      running.cancelled = true;
      running.controller.abort();
    }
    return true;
  },
  explain({ reportId: rid, row }) {
    return current(rid).explainRow(row);
  },
  /** A tag or a manual segment assigned to (or removed from) clients: the new report. */
  mark({ reportId: rid, ids, mark, remove }) {
    const r = current(rid);
    const next = remove ? r.unassign(ids, mark) : r.assign(ids, mark);
    r.free();
    report = next;
    return resultMessage({ fixes: [], elapsed: 0, ranges: 1 });
  },
  details({ reportId: rid, row }) {
    return current(rid).profileRow(row);
  },
  select({ reportId: rid, rule }) {
    const sel = current(rid).select(rule);
    return { value: sel, transfer: [sel.rows.buffer] };
  },
  async compare({ options, asOf, other }) {
    const now = await sourceBytes();
    const opts = { ...options };
    const clients = await loadClients();
    if (clients) opts.clients = clients;
    const beforeBytes = other ? (other instanceof Uint8Array ? other : new Uint8Array(await other.arrayBuffer())) : now;
    const beforeOpts = withoutBacktest(other ? opts : { ...opts, asOf });
    // "Now" is the report on screen, relabelled with the current options (instant), when
    // it was read from this file and clients table; only "before" is analysed.
    let nowReport = null;
    if (report && reportFrom?.source === source && reportFrom.clientsEpoch === clientsEpoch) {
      try {
        nowReport = report.relabel(opts);
      } catch (e) {
        if (!e || e.kind !== 'invalidOption') throw e;
      }
    }
    let next;
    if (nowReport) {
      const before = analyze(beforeBytes, beforeOpts);
      try {
        next = compare(before, nowReport);
      } finally {
        before.free();
        nowReport.free();
      }
    } else {
      next = compareFiles(beforeBytes, other ? now : undefined, beforeOpts, withoutBacktest(opts));
    }
    if (comparison) comparison.free();
    comparison = next;
    comparisonId += 1;
    return { comparisonId, summary: comparison.summary() };
  },
  movers({ comparisonId: cid, limit = 100, ...path }) {
    const c = currentComparison(cid);
    const all = moversOf(c, path);
    const shown = all.subarray(0, limit);
    return { total: all.length, ids: c.ids(shown), reasons: c.explainClients(path.criterion, shown) };
  },
  compareCsv({ comparisonId: cid, ...path }) {
    const c = currentComparison(cid);
    const bytes = c.pathCsv(path.criterion, moversOf(c, path));
    return { value: bytes, transfer: [bytes.buffer] };
  },
  async automate({ reportId: rid, options, asOf, spec, journal }) {
    const before = asOf ? await earlierReport(rid, options, asOf) : null;
    // Read after the last await: the report on screen may have been replaced meanwhile.
    const now = current(rid);
    const next = before ? automate(before, now, spec, journal || undefined) : automateFirst(now, spec, journal || undefined);
    if (automation) automation.free();
    automation = next;
    automationId += 1;
    return {
      automationId,
      summary: next.summary(),
      firings: next.firings(),
      suppressed: next.suppressed(),
      tasks: next.tasks(),
      contacts: next.contacts(),
      held: next.held(),
      journal: next.journal(),
    };
  },
  automationCsv({ automationId: aid, what, csv }) {
    const a = currentAutomation(aid);
    let bytes;
    if (what === 'tasks') bytes = a.tasksCsv(csv);
    else if (what === 'contacts') bytes = a.contactsCsv(csv);
    else if (what === 'firings') bytes = a.firingsCsv(csv);
    else throw Object.assign(new Error(`unknown export ${what}`), { kind: 'invalidOption', text: 'errorInternal' });
    return { value: bytes, transfer: [bytes.buffer] };
  },
  async pilotCreate({ reportId: rid, options, asOf, spec }) {
    const on = asOf ? await earlierReport(rid, options, asOf) : current(rid);
    return keepPilot(Pilot.create(on, spec));
  },
  pilotLoad({ text }) {
    let next;
    try {
      next = Pilot.fromJSON(text);
    } catch (e) {
      throw Object.assign(new Error(e?.message || String(e)), { kind: 'invalidState', text: 'pilotBadFile' });
    }
    return keepPilot(next);
  },
  pilotCsv({ pilotId: pid, reportId: rid }) {
    const bytes = currentPilot(pid).testCsv(current(rid));
    return { value: bytes, transfer: [bytes.buffer] };
  },
  pilotEvaluate({ pilotId: pid, reportId: rid }) {
    return currentPilot(pid).evaluate(current(rid));
  },
  csv({ reportId: rid, what, rule, csv }) {
    const r = current(rid);
    let bytes;
    if (what === 'customers') bytes = r.customersCsv(csv);
    else if (what === 'contacts') bytes = r.contactsCsv(rule, csv);
    else if (what === 'rejected') bytes = r.rejectedCsv(csv);
    else throw Object.assign(new Error(`unknown export ${what}`), { kind: 'invalidOption', text: 'errorInternal' });
    return { value: bytes, transfer: [bytes.buffer] };
  },
};

self.onmessage = async (event) => {
  const msg = event.data;
  const handler = handlers[msg.type];
  if (!handler) {
    post({ id: msg.id, ok: false, error: { kind: 'internal', message: `unknown request ${msg.type}`, text: 'errorInternal' } });
    return;
  }
  try {
    const out = await handler(msg);
    if (out && typeof out === 'object' && 'value' in out && 'transfer' in out) {
      post({ id: msg.id, ok: true, value: out.value }, out.transfer);
    } else {
      post({ id: msg.id, ok: true, value: out });
    }
  } catch (e) {
    post({ id: msg.id, ok: false, error: errorData(e) });
  }
};
