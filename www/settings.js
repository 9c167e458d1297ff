// Analysis settings: defaults, what is remembered in localStorage (settings and column
// mapping, never data), the JSON settings file, and the conversion to analyze() options.

const STORE_KEY = 'segmenta.prefs.v1';
export const SETTINGS_FORMAT = 'segmenta-settings';

export const MAPPING_ROLES = ['client', 'date', 'amount', 'orderId', 'quantity', 'price', 'email', 'phone', 'category'];
export const PARSE_KEYS = ['encoding', 'delimiter', 'headerRow', 'decimalSeparator', 'dateFormat', 'quotes'];

export function defaultSettings() {
  return {
    asOf: '',
    bins: 5,
    direction: 'highIsBest',
    monetary: 'total',
    preset: 'rfm11',
    thresholdMode: 'quantile',
    thresholds: { recency: [], frequency: [], monetary: [] },
    lifecycle: { newDays: null, sleepDays: null, churnDays: null },
    abc: { a: null, b: null },
    xyz: { period: null, x: null, y: null },
    ruleSegments: [],
    currency: 'RUB',
    // The predictive models: months ahead and the monthly discount in %; null: defaults.
    clv: { horizonMonths: null, discount: null },
  };
}

export function defaultParse() {
  return { encoding: '', delimiter: '', headerRow: '', decimalSeparator: '', dateFormat: '', quotes: '' };
}

/** The longest horizon (months) and the largest monthly discount (%) the settings take. */
export const CLV_MAX_MONTHS = 60;
export const CLV_MAX_DISCOUNT = 20;

const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
const numOrNull = (v) => (isNum(v) ? v : null);

/** Settings from untrusted JSON (an imported file or old storage), field by field. */
export function sanitizeSettings(raw) {
  const d = defaultSettings();
  if (!raw || typeof raw !== 'object') return d;
  if (typeof raw.asOf === 'string' && /^(\d{4}-\d{2}-\d{2})?$/.test(raw.asOf)) d.asOf = raw.asOf;
  if ([3, 5].includes(raw.bins)) d.bins = raw.bins;
  if (['highIsBest', 'oneIsBest'].includes(raw.direction)) d.direction = raw.direction;
  if (['total', 'average'].includes(raw.monetary)) d.monetary = raw.monetary;
  if (['rfm11', 'ru3'].includes(raw.preset)) d.preset = raw.preset;
  if (['quantile', 'fixed'].includes(raw.thresholdMode)) d.thresholdMode = raw.thresholdMode;
  if (raw.thresholds && typeof raw.thresholds === 'object') {
    for (const k of ['recency', 'frequency', 'monetary']) {
      const a = raw.thresholds[k];
      if (Array.isArray(a) && a.every(isNum)) d.thresholds[k] = a.slice(0, 9);
    }
  }
  for (const k of ['newDays', 'sleepDays', 'churnDays']) d.lifecycle[k] = numOrNull(raw.lifecycle?.[k]);
  for (const k of ['a', 'b']) d.abc[k] = numOrNull(raw.abc?.[k]);
  for (const k of ['x', 'y']) d.xyz[k] = numOrNull(raw.xyz?.[k]);
  if (['week', 'month', 'quarter'].includes(raw.xyz?.period)) d.xyz.period = raw.xyz.period;
  if (Array.isArray(raw.ruleSegments)) {
    d.ruleSegments = raw.ruleSegments
      .filter((r) => r && typeof r.name === 'string' && typeof r.rule === 'string')
      .slice(0, 50)
      .map((r) => ({ name: r.name, rule: r.rule }));
  }
  if (['RUB', 'USD', 'EUR', 'KZT', 'BYN', 'none'].includes(raw.currency)) d.currency = raw.currency;
  const horizon = numOrNull(raw.clv?.horizonMonths);
  if (horizon !== null && horizon >= 1 && horizon <= CLV_MAX_MONTHS) d.clv.horizonMonths = Math.round(horizon);
  const discount = numOrNull(raw.clv?.discount);
  if (discount !== null && discount >= 0 && discount <= CLV_MAX_DISCOUNT) d.clv.discount = discount;
  return d;
}

export function sanitizeParse(raw) {
  const d = defaultParse();
  if (!raw || typeof raw !== 'object') return d;
  for (const k of PARSE_KEYS) {
    const v = raw[k];
    if (k === 'quotes') d[k] = ['multiline', 'line'].includes(v) ? v : '';
    else if (typeof v === 'string' && v.length <= 40) d[k] = v;
    else if (k === 'headerRow' && (typeof v === 'number' || typeof v === 'boolean')) d[k] = String(v);
  }
  return d;
}

/** Remembered preferences: { lang, settings, parse, mapping: { names, signature } }. */
export function loadPrefs() {
  try {
    const raw = JSON.parse(localStorage.getItem(STORE_KEY) || 'null');
    if (!raw || typeof raw !== 'object') return null;
    return {
      lang: raw.lang === 'en' ? 'en' : raw.lang === 'ru' ? 'ru' : null,
      settings: sanitizeSettings(raw.settings),
      parse: sanitizeParse(raw.parse),
      mapping: raw.mapping && typeof raw.mapping === 'object' ? sanitizeMapping(raw.mapping) : null,
    };
  } catch {
    return null;
  }
}

function sanitizeMapping(m) {
  const names = {};
  if (m.names && typeof m.names === 'object') {
    for (const r of MAPPING_ROLES) if (typeof m.names[r] === 'string') names[r] = m.names[r];
  }
  return { names, signature: typeof m.signature === 'string' ? m.signature : '' };
}

export function savePrefs(prefs) {
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(prefs));
  } catch {
    /* storage full or disabled: nothing to remember */
  }
}

/** The settings file: settings, parsing overrides and mapping by column name; no data. */
export function settingsFile(settings, parse, mappingNames) {
  return JSON.stringify(
    { format: SETTINGS_FORMAT, version: 1, settings, parse, mapping: { names: mappingNames } },
    null,
    2,
  );
}

export function readSettingsFile(text) {
  const raw = JSON.parse(text);
  if (!raw || raw.format !== SETTINGS_FORMAT) throw new Error('format');
  return {
    settings: sanitizeSettings(raw.settings),
    parse: sanitizeParse(raw.parse),
    mapping: sanitizeMapping(raw.mapping || {}),
  };
}

/** Checks fixed thresholds: bins − 1 non-decreasing numbers per dimension. */
export function thresholdsValid(settings) {
  const n = settings.bins - 1;
  return ['recency', 'frequency', 'monetary'].every((k) => {
    const a = settings.thresholds[k];
    return a.length === n && a.every(isNum) && a.every((v, i) => i === 0 || v >= a[i - 1]);
  });
}

/** Parsing options (encoding, delimiter, …) for analyze() and sniff(). */
export function parseOptions(parse) {
  const o = {};
  if (parse.encoding) o.encoding = parse.encoding;
  if (parse.delimiter) o.delimiter = parse.delimiter === 'tab' ? '\t' : parse.delimiter;
  if (parse.headerRow === 'none') o.headerRow = false;
  else if (/^\d+$/.test(parse.headerRow)) o.headerRow = Number(parse.headerRow);
  if (parse.decimalSeparator) o.decimalSeparator = parse.decimalSeparator;
  if (parse.dateFormat) o.dateFormat = parse.dateFormat;
  if (parse.quotes) o.quotes = parse.quotes;
  return o;
}

/**
 * analyze() options for the settings. `validRules` are the rule segments that passed
 * checkRule; invalid ones are left out rather than failing the whole run.
 */
export function analysisOptions(settings, validRules) {
  const o = {
    bins: settings.bins,
    direction: settings.direction,
    monetary: settings.monetary,
    segments: settings.preset,
  };
  if (settings.asOf) o.asOf = settings.asOf;
  if (settings.thresholdMode === 'fixed' && thresholdsValid(settings)) {
    o.thresholds = {
      recency: settings.thresholds.recency.slice(),
      frequency: settings.thresholds.frequency.slice(),
      monetary: settings.thresholds.monetary.slice(),
    };
  }
  const lc = {};
  for (const k of ['newDays', 'sleepDays', 'churnDays']) if (isNum(settings.lifecycle[k])) lc[k] = settings.lifecycle[k];
  if (Object.keys(lc).length) o.lifecycle = lc;
  const abc = {};
  if (isNum(settings.abc.a)) abc.a = settings.abc.a / 100;
  if (isNum(settings.abc.b)) abc.b = settings.abc.b / 100;
  if (Object.keys(abc).length) o.abc = abc;
  const xyz = {};
  if (settings.xyz.period) xyz.period = settings.xyz.period;
  if (isNum(settings.xyz.x)) xyz.x = settings.xyz.x / 100;
  if (isNum(settings.xyz.y)) xyz.y = settings.xyz.y / 100;
  if (Object.keys(xyz).length) o.xyz = xyz;
  if (validRules.length) o.ruleSegments = validRules.map((r) => ({ name: r.name, rule: r.rule }));
  o.clv = clvOptions(settings.clv);
  return o;
}

/** The `clv` option: always on (the predictive-value section), defaults unless set. */
export function clvOptions(clv) {
  const o = {};
  const h = clv?.horizonMonths;
  if (isNum(h) && h >= 1 && h <= CLV_MAX_MONTHS) o.horizonMonths = Math.round(h);
  const d = clv?.discount;
  if (isNum(d) && d >= 0 && d <= CLV_MAX_DISCOUNT) o.discount = d / 100;
  return o;
}
