// What the predictive-value section (predict.js) draws, computed in the worker from the
// report's `clv()` and its columns: the fits and limits without the per-client arrays,
// the headline sums, the P(alive) histogram and the CLV of each RFM segment and stage.
// No DOM here: the worker imports this module.

/** Bins of the P(alive) histogram: 0–10 %, 10–20 %, …, 90–100 %. */
export const P_ALIVE_BINS = 10;

/**
 * The section's data: `clv` is `report.clv()` (absent without the `clv` option: null),
 * `columns` the report's columns, `backtestFailure` why the backtest could not be made
 * (an error as plain data) or null.
 */
export function predictionSummary(clv, columns, backtestFailure = null) {
  if (!clv) return null;
  const { pAlive, expectedPurchases, clv: value, ...fits } = clv;
  delete fits.expectedValue;
  const totals = headline(pAlive, expectedPurchases, value);
  return {
    ...fits,
    backtestFailure,
    ...totals,
    histogram: histogram(pAlive),
    groups: {
      segment: byGroup(columns.segment, columns.segmentKeys, columns.segmentNames, pAlive, value, totals.totalClv),
      lifecycle: byGroup(columns.lifecycle, columns.lifecycleKeys, columns.lifecycleNames, pAlive, value, totals.totalClv),
    },
  };
}

/** Clients with a prediction, the sum and mean of P(alive), total CLV and purchases. */
function headline(pAlive, purchases, value) {
  let predicted = 0;
  let alive = 0;
  let totalClv = 0;
  let totalPurchases = 0;
  for (let i = 0; i < value.length; i++) {
    if (!Number.isFinite(value[i]) || !Number.isFinite(pAlive[i])) continue;
    predicted += 1;
    alive += pAlive[i];
    totalClv += value[i];
    if (Number.isFinite(purchases[i])) totalPurchases += purchases[i];
  }
  return { predicted, alive, meanPAlive: predicted ? alive / predicted : NaN, totalClv, totalPurchases };
}

/** Clients per tenth of P(alive) (the last bin holds 100 %). */
function histogram(pAlive) {
  const bins = new Array(P_ALIVE_BINS).fill(0);
  for (const p of pAlive) {
    if (!Number.isFinite(p)) continue;
    bins[Math.min(P_ALIVE_BINS - 1, Math.max(0, Math.floor(p * P_ALIVE_BINS)))] += 1;
  }
  return bins;
}

/**
 * Per label of a column (`index` into `keys`/`names`): clients with a prediction, mean
 * P(alive), mean and total CLV and its share of `grand`; sorted by total CLV.
 */
function byGroup(index, keys, names, pAlive, value, grand) {
  const acc = keys.map((key, i) => ({ key, name: names[i], customers: 0, alive: 0, total: 0 }));
  for (let i = 0; i < value.length; i++) {
    const g = acc[index[i]];
    if (!g || !Number.isFinite(value[i]) || !Number.isFinite(pAlive[i])) continue;
    g.customers += 1;
    g.alive += pAlive[i];
    g.total += value[i];
  }
  return acc
    .filter((g) => g.customers > 0)
    .map((g) => ({
      key: g.key,
      name: g.name,
      customers: g.customers,
      pAlive: g.alive / g.customers,
      clv: g.total / g.customers,
      total: g.total,
      share: grand > 0 ? g.total / grand : 0,
    }))
    .sort((a, b) => b.total - a.total);
}

/** The models' names as the module writes them, in its texts of either language. */
const MODEL_NAME = /(MBG\/NBD|BG\/NBD|Pareto\/NBD|Gamma-Gamma)/;

/**
 * `text` split around the models' names: the odd items are the names (proper names, to be
 * marked as not translated), the even ones the text between them.
 */
export function splitModelNames(text) {
  return String(text ?? '').split(MODEL_NAME);
}
