
/** A column by header name (ignoring case and surrounding spaces) or 0-based position. */
export type ColumnRef = string | number;

/** A date in the form `YYYY-MM-DD`. */
export type IsoDate = string;

export type DateFormat = "YYYY-MM-DD" | "DD.MM.YYYY" | "MM/DD/YYYY" | "YYYYMMDD" | "excel" | "unix" | "unixMs";
export type Lang = "en" | "ru";
export type Direction = "highIsBest" | "oneIsBest";
export type Period = "week" | "month" | "quarter";
export type Channel = "email" | "messenger" | "call" | "discount" | "adRetargeting" | "none";
export type Role =
  | "client" | "name" | "email" | "phone" | "orderId" | "date" | "amount" | "quantity" | "price"
  | "category"
  | "region" | "clientType" | "companySize" | "revenueBand" | "contactRole" | "source"
  | "status" | "segments" | "tags" | "lastContact" | "gone" | "event" | "item" | "campaign"
  | "attribute";
/** A clients-table attribute's values: `number` when every non-empty cell of its column is
 *  a number (rules compare it with `<`, `>=`…, points cards give it `ranges`; its text is
 *  `column:<name>`), else `text` (the default, left out of models). */
export type AttributeType = "text" | "number";
export type IssueKind =
  | "fieldCount" | "missingClient" | "totalsRow" | "missingDate" | "invalidDate" | "implausibleDate"
  | "futureDate" | "missingAmount" | "invalidAmount" | "amountOverflow" | "invalidEncoding"
  | "afterAsOf" | "duplicateRow" | "cancelledOrder" | "returnsOnly" | "orderIdConflict"
  | "zeroAmount" | "return" | "orderLine" | "unclosedQuote" | "outlierAmount"
  | "outOfOrderBeyondWindow" | "unknownClient";
export type ErrorKind =
  | "invalidOption" | "emptyInput" | "notText" | "headerOnly" | "unreadableInput"
  | "missingColumn" | "badRow" | "formatContradiction" | "invalidRule" | "invalidModel"
  | "invalidClient" | "finished" | "overflow" | "inexactSplit" | "invalidState";

/**
 * The error every function throws: `err.name === "SegmentationError"`, `err.message` in the
 * options' language; branch on `err.kind`.
 */
export interface SegmentationError extends Error {
  kind: ErrorKind;
  row?: number;
  line?: number;
  column?: string;
  /** The option that fixes the failure, e.g. `{ option: "dateFormat", value: "MM/DD/YYYY" }`. */
  fix?: { option: "dateFormat" | "decimalSeparator" | "quotes"; value: string };
}

/** A fix the streaming analyzer took: a row late in the file showed the real format. */
export interface AppliedFix {
  option: "dateFormat" | "decimalSeparator" | "quotes";
  value: string;
  /** The first line that showed it. */
  line: number | null;
  message: string;
}

/** A rule as its JSON AST (the same tree the rule language parses to). */
export type RuleAst =
  | { and: RuleAst[] }
  | { or: RuleAst[] }
  | { not: RuleAst }
  | { cmp: { field: string; op: "==" | "!=" | "<" | "<=" | ">" | ">="; value: number | string } }
  | { in: { field: string; values: (number | string)[]; negated?: boolean } }
  | { contains: { field: string; value: number | string } };

/** An inclusive range of score digits `[lo, hi]`, or one digit; `[0, 0]` never matches. */
export type ScoreRange = number | [number, number];

export interface SegmentDef {
  key?: string;
  name: string;
  nameRu?: string;
  description?: string;
  descriptionRu?: string;
  r?: ScoreRange;
  f?: ScoreRange;
  m?: ScoreRange;
}

export interface PointsCard {
  parameters: {
    field: string;
    label?: string;
    labelRu?: string;
    weight?: number;
    ranges?: { min?: number; max?: number; points: number }[];
    categories?: { values: string[]; points: number }[];
    default?: number;
  }[];
  tiers: { key?: string; name: string; nameRu?: string; min: number }[];
}

export interface Play {
  key?: string;
  /** Name shown for the play (defaults to the key); `nameRu` in Russian. */
  name?: string;
  nameRu?: string;
  when: string | RuleAst;
  channel: Channel;
  offer: string;
  offerRu?: string;
  message?: string;
  messageRu?: string;
  priority?: number;
}

export interface RuleSegment {
  name: string;
  nameRu?: string;
  description?: string;
  rule: string | RuleAst;
}

/** Options of `analyze`, `sniff`, `audit` and `new Analyzer`. Every field is optional. */
export interface AnalyzeOptions {
  encoding?: string;
  delimiter?: string;
  /** `false`: no header; a number: the 1-based line of the header. Detected by default. */
  headerRow?: boolean | number;
  columns?: {
    client?: ColumnRef; date?: ColumnRef; amount?: ColumnRef; orderId?: ColumnRef;
    quantity?: ColumnRef; price?: ColumnRef; email?: ColumnRef; phone?: ColumnRef;
    /** The client's name, shown instead of the id. */
    name?: ColumnRef;
    /** Order status or document kind: cancelled orders are left out, returns netted. */
    status?: ColumnRef;
    /** What an order line bought: its product category, product or service. */
    category?: ColumnRef;
  };
  dateFormat?: DateFormat;
  decimalSeparator?: "." | ",";
  /**
   * Quoted fields may hold line breaks (`"multiline"`, default) or every line is one record
   * (`"line"`); a quote opened and never closed makes the analyzer read with `"line"`.
   */
  quotes?: "multiline" | "line";
  onBadRow?: "skip" | "fail";
  duplicates?: "drop" | "keep";
  /** Returns netted out and not orders (`"net"`, default) or counted as orders. */
  returns?: "net" | "asOrders";
  /** Orders with a cancelled status left out (default) or kept. */
  cancelled?: "exclude" | "keep";
  minDate?: IsoDate;
  /** Rows dated after today are rejected; defaults to the JavaScript clock's date. */
  today?: IsoDate;
  maxExamples?: number;
  historyWindow?: number;
  clientIds?: "exact" | "caseInsensitive";
  mergeBy?: ("email" | "phone")[];
  phoneCountry?: string;
  asOf?: IsoDate;
  bins?: number;
  direction?: Direction;
  monetary?: "total" | "average";
  thresholds?: { recency?: number[]; frequency?: number[]; monetary?: number[] };
  segments?: "rfm11" | "ru3" | SegmentDef[];
  lang?: Lang;
  abc?: { a?: number; b?: number };
  /** XYZ by the regularity of the days between purchases (default) or by revenue per period. */
  xyz?: {
    method?: "intervals" | "revenue"; period?: Period; x?: number; y?: number;
    minPeriods?: number; minPurchases?: number;
  };
  lifecycle?: {
    newDays?: number; sleepDays?: number; churnDays?: number;
    relative?: boolean; sleepFactor?: number; churnFactor?: number;
    /** Churned when P(alive) is below this (0–1); needs the `clv` option (its defaults when absent). */
    churnPAlive?: number;
  };
  valueTiers?: {
    by?: "total" | "average"; method?: "quantile" | "fixed";
    vipShare?: number; middleShare?: number; vipMin?: number; middleMin?: number;
  };
  funnel?: {
    /** loyalDays: a regular's recency at most this; by default while new or active. */
    loyalOrders?: number; loyalDays?: number | null; warmDays?: number;
    warmStatuses?: string[]; coldStatuses?: string[]; lostStatuses?: string[];
  };
  points?: PointsCard;
  ruleSegments?: RuleSegment[];
  /** `"behaviour"`: reminders of abandoned carts and viewed products, a call after a click, then the default plays. */
  playbook?: "default" | "behaviour" | "none" | Play[];
  /** The clients table (CSV bytes or text); with `analyzeRows`, also rows: an array of objects or an object of columns. */
  clients?: Uint8Array | ArrayBuffer | string | Array<Record<string, unknown>> | Record<string, ArrayLike<unknown>>;
  clientsColumns?: {
    client?: ColumnRef; region?: ColumnRef; type?: ColumnRef; companySize?: ColumnRef;
    revenueBand?: ColumnRef; contactRole?: ColumnRef; source?: ColumnRef; status?: ColumnRef;
    segments?: ColumnRef; tags?: ColumnRef; lastContact?: ColumnRef; gone?: ColumnRef;
    email?: ColumnRef; phone?: ColumnRef; encoding?: string; delimiter?: string;
  };
  /** The events table: views, carts, clicks, opens (CSV bytes or text); see `Report.withEvents`. */
  events?: Uint8Array | ArrayBuffer | string;
  eventsColumns?: {
    client?: ColumnRef; time?: ColumnRef; event?: ColumnRef; category?: ColumnRef; item?: ColumnRef;
    campaign?: ColumnRef; channel?: ColumnRef; encoding?: string; delimiter?: string;
  };
  /** Days of events the behaviour fields count back from `asOf`. Default 30. */
  eventWindow?: number;
  /** Predictive value: the purchase and spend models fitted on the clients, each client's
   * P(alive), expected purchases, order value and CLV (columns `pAlive`…, rule fields
   * `p_alive`, `clv`…, explanations, exports, the model the Scorer uses), and the
   * backtest. Default: not fitted (unless `lifecycle.churnPAlive` is set). */
  clv?: ClvOptions;
}

/** How the purchase and spend models are fitted and projected (`analyze`'s `clv`, `report.clv()`). */
export interface ClvOptions {
  /** The unit of the summary and the parameters. Default `"week"` (7 days). */
  unit?: "day" | "week";
  /** Months (of 30 days) ahead the expected purchases and the CLV cover. Default 12. */
  horizonMonths?: number;
  /** The same as `horizonMonths`. */
  horizon?: number;
  /** Monthly discount rate of the CLV. Default 0.01. */
  discount?: number;
  /** The purchase model the predictions come from. Default `"mbgnbd"`: BG/NBD holds every
   * one-time buyer alive for certain. */
  model?: "mbgnbd" | "bgnbd";
  /** Fit Pareto/NBD too (slower; reported beside the others). Default false. */
  paretoNbd?: boolean;
  /** The backtest's calibration end, `YYYY-MM-DD`. Default: `asOf` less half the span of
   * the orders, at most the horizon. */
  calibrationEnd?: string;
  /** Run the backtest (with `analyze`). Default true. */
  backtest?: boolean;
}

/** A value with its 95 % interval. */
export interface Estimate { value: number; low: number; high: number }

/** One client's predictions with their 95 % intervals (null where unknown). */
export interface PredictionIntervals {
  pAlive: Estimate | null;
  expectedPurchases: Estimate | null;
  expectedValue: Estimate | null;
  clv: Estimate | null;
}

/** A client's predictions in an explanation: what they come from and what they say. */
export interface ExplainedPrediction {
  pAlive: Estimate | null;
  expectedPurchases: Estimate | null;
  expectedValue: Estimate | null;
  clv: Estimate | null;
  model: "MBG/NBD" | "BG/NBD";
  unit: "day" | "week";
  repeatPurchases: number;
  lastPurchaseAt: number;
  age: number;
  horizonMonths: number;
  text: string;
}

/** The models fitted on the orders up to `calibrationEnd`, their predictions for the holdout set against what the same clients bought. */
export interface Backtest {
  calibrationEnd: string;
  holdoutEnd: string;
  holdoutPeriods: number;
  clients: number;
  predicted: number;
  actual: number;
  /** Mean predicted and actual holdout purchases by calibration frequency 0…7 (7: 7 or more). */
  byFrequency: { frequency: number; clients: number; predicted: number; actual: number }[];
  correlation: number | null;
  meanAbsoluteError: number;
  /** Mean P(alive) at the calibration end. */
  expectedAlive: number;
  /** Share of the clients who bought in the holdout. */
  boughtInHoldout: number;
  limits: ClvLimit[];
}

export interface ClvLimit {
  key: "fewRepeatBuyers" | "shortHistory" | "noConvergence" | "spendDependsOnFrequency" | "calibrationFailed";
  blocking: boolean;
  message: string;
}

/** How a model's fit went: its log-likelihood, the standard errors of its parameters (in their order; null when the Hessian is not positive definite), whether it converged. */
export interface FitQuality {
  lnLikelihood: number;
  standardErrors: number[] | null;
  evaluations: number;
  converged: boolean;
}
export interface BgNbdFit extends FitQuality { model: { r: number; alpha: number; a: number; b: number } }
export interface MbgNbdFit extends FitQuality { model: { r: number; alpha: number; a: number; b: number } }
export interface ParetoNbdFit extends FitQuality { model: { r: number; alpha: number; s: number; beta: number } }
export interface GammaGammaFit extends FitQuality { model: { p: number; q: number; gamma: number } }

/** What `report.clv()` returns: the fits (null when a limit blocks them), the limits and per output row the predictions. */
export interface ClvResult {
  unit: "day" | "week";
  horizonMonths: number;
  discount: number;
  model: "mbgnbd" | "bgnbd";
  clients: number;
  repeatBuyers: number;
  bgnbd: BgNbdFit | null;
  mbgnbd: MbgNbdFit | null;
  paretoNbd: ParetoNbdFit | null;
  gammaGamma: GammaGammaFit | null;
  frequencyValueCorrelation: number | null;
  limits: ClvLimit[];
  /** With `analyze`'s `clv` option (or `report.setBacktest`); null otherwise. */
  backtest: Backtest | null;
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  expectedValue: Float64Array;
  clv: Float64Array;
}

export type EventKind = "view" | "cart" | "click" | "open" | "visit" | "purchase" | "other";

/** What became of the events table's rows: `rows = accepted + rejected`, `accepted = matched + unknownClient`. */
export interface EventsAudit {
  rows: number;
  accepted: number;
  rejected: number;
  /** The first 100 rejected rows. */
  rejectedRows: { line: number; reason: "missingClient" | "badTime" | "missingType"; text: string }[];
  kinds: { kind: EventKind; name: string; count: number }[];
  /** Types read as `other`, the most frequent first. */
  unknownTypes: { text: string; count: number }[];
  matched: number;
  /** Events of clients neither in the orders nor in the clients table (kept, not counted). */
  unknownClient: number;
  unknownClientExamples: string[];
  /** Clients with at least one event. */
  clients: number;
  afterAsOf: number;
  firstDate: IsoDate | null;
  lastDate: IsoDate | null;
  encoding: string;
  delimiter: string;
  columns: SniffedColumn[];
}

/** What the clients did besides ordering, in the summary's window. */
export interface BehaviourSummary {
  windowDays: number;
  activeClients: number;
  viewedWithoutOrder: number;
  abandonedCarts: number;
  clickedWithoutOrder: number;
  events: { kind: EventKind; name: string; count: number }[];
}

export interface CsvOptions {
  /** UTF-8 byte-order mark for Excel. Default true. */
  bom?: boolean;
  /** Default `";"` for a Russian report, `","` otherwise. */
  delimiter?: "," | ";" | "\t" | "|";
  /** Default `","` for a Russian report, `"."` otherwise. */
  decimal?: "." | ",";
  /** Keep text as is, without neutralising formulas. Default false. */
  raw?: boolean;
  /**
   * Names and headers: English headers are the snake_case keys (`customer_id`), Russian
   * ones names (`ID клиента`). Default: the report's language.
   */
  lang?: Lang;
  /** The snake_case keys as headers whatever the language. Default false. */
  headerKeys?: boolean;
  /** A contact list for a mailing or SMS service: E.164 phones, clean e-mails, no guard. */
  mailing?: boolean;
  /** Calling code for national phone numbers; default the analysis's `phoneCountry`. */
  phoneCountry?: string;
}

export interface SniffedColumn {
  index: number;
  name: string;
  role: Role;
  roleConfidence: number;
  type: "empty" | "integer" | "decimal" | "date" | "email" | "phone" | "text";
  dateFormat?: DateFormat;
  decimalSeparator?: "." | ",";
  examples: string[];
}

export interface SniffResult {
  encoding: string;
  encodingConfidence: number;
  delimiter: string;
  delimiterConfidence: number;
  quoted: boolean;
  lineEnding: "lf" | "crlf" | "cr";
  headerLine: number | null;
  dataLine: number;
  headerConfidence: number;
  columns: SniffedColumn[];
  dateFormat: DateFormat | null;
  dateFormatAmbiguous: boolean;
  decimalSeparator: "." | ",";
  thousandsSeparator: string | null;
  decimalAmbiguous: boolean;
  preview: string[][];
  rawPreview: string[];
  sampleRecords: number;
  complete: boolean;
  warnings: string[];
}

export interface IssueExample {
  line: number;
  row: number;
  column?: string;
  value: string;
  detail?: string;
}

export interface IssueGroup {
  kind: IssueKind;
  disposition: "rejected" | "excluded" | "flagged";
  count: number;
  amount: number;
  description: string;
  examples: IssueExample[];
}

export interface Audit {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  rowsExcluded: number;
  blankRows: number;
  preambleLines: number;
  fileAmount: number;
  acceptedAmount: number;
  rejectedAmount: number;
  excludedAmount: number;
  reconciled: boolean;
  returnsAmount: number;
  outlierThreshold: number | null;
  issues: IssueGroup[];
  /** `[amount, line]` pairs, largest first. */
  largestAmounts: [number, number][];
  /** `[kept id, merged ids]` pairs. */
  merges: [string, string[]][];
  clientsWithoutOrders: number;
  rejectedRowsKept: number;
}

export interface Cuts {
  dimension: "recency" | "frequency" | "monetary";
  cuts: (number | null)[];
  /** Quantiles of the data, thresholds given, or (recency) the lifecycle's windows. */
  source: "quantile" | "fixed" | "lifecycle";
}

export type WarningKind =
  | "noUsableRows" | "format" | "rejectedRows" | "unclosedQuote" | "afterAsOf" | "duplicateRows"
  | "outOfOrder" | "fewClients" | "shortHistory" | "unreachableSegments" | "uncoveredScores"
  | "mergedClients" | "update";

export interface Warning {
  kind: WarningKind;
  line?: number;
  message: string;
}

export type DataCheckKind =
  | "emptySegment" | "emptyLevel" | "recentButChurned" | "keyPlayToChurned" | "winBackToLoyal"
  | "vipOutsideA" | "topPointsSmallValue";

/** One finding on the data: `key` is the segment, the level (`"F2"`) or the play. */
export interface DataCheck {
  kind: DataCheckKind;
  key: string;
  clients: number;
  message: string;
  remedy: string;
  /** The options, as JSON, that would change it. */
  option?: string;
}

export interface ActionSummary {
  key: string;
  name: string;
  channel: Channel;
  channelName: string;
  offer: string;
  priority: number;
  customers: number;
}

export interface LabelStats {
  key: string;
  name: string;
  customers: number;
  customersShare: number;
  revenue: number;
  revenueShare: number;
}

export interface Summary {
  customers: number;
  leads: number;
  transactions: number;
  orders: number;
  revenue: number;
  rejectedRows: number;
  excludedRows: number;
  asOf: IsoDate;
  firstDate: IsoDate | null;
  lastDate: IsoDate | null;
  bins: number;
  direction: Direction;
  cuts: { recency: Cuts; frequency: Cuts; monetary: Cuts };
  segments: {
    key: string;
    segment: string;
    description: string;
    customers: number;
    customersShare: number;
    revenue: number;
    revenueShare: number;
    averageCheck: number;
    medianRecency: number;
    action?: ActionSummary;
  }[];
  rfGrid: { r: number; f: number; customers: number; averageMonetary: number }[];
  abc: LabelStats[];
  xyz: LabelStats[];
  abcXyz: { cell: string; name: string; description: string; customers: number; revenue: number }[];
  lifecycle: LabelStats[];
  valueTiers: LabelStats[];
  funnel: LabelStats[];
  pointsTiers: LabelStats[];
  ruleSegments: LabelStats[];
  actions: ActionSummary[];
  /** Tags and manual segments: per mark its clients and revenue, most clients first. */
  marks: MarksSummary;
  ruleCheck: { unreachable: string[]; uncovered: string[]; cellsPerRule: number[] };
  /** What is empty on this data or contradicts between criteria, why, and what would change it. */
  dataChecks: DataCheck[];
  warnings: Warning[];
  memoryBytes: number;
  /** By category (the orders file's category column), by revenue; absent without one. */
  categories?: CategorySummary[];
  /** What the clients did besides ordering; absent without an events table. */
  behaviour?: BehaviourSummary;
}

/** One category of the orders file, over all clients. */
export interface CategorySummary {
  name: string;
  /** Clients with purchase rows in it. */
  clients: number;
  /** Purchase rows (order lines), returns aside. */
  rows: number;
  /** Net revenue, its returns netted out. */
  revenue: number;
  /** Share of the revenue of all categories. */
  share: number;
  /** Clients whose top category it is. */
  topClients: number;
}

/** The fitted model: plain JSON; pass it to `new Scorer(model)`. */
export interface Model {
  version: number;
  asOf: IsoDate;
  bins: number;
  direction: Direction;
  monetaryMode: "total" | "average";
  cuts: { recency: Cuts; frequency: Cuts; monetary: Cuts };
  segments: SegmentDef[];
  abc: { aMin: number | null; bMin: number | null; options: { a: number; b: number } };
  xyz: { method: "intervals" | "revenue"; period: Period; x: number; y: number; min: number };
  lifecycle: {
    newDays: number; sleepDays: number; churnDays: number;
    /** Thresholds read from the gaps between purchases, defaults (too few returning clients), or given. */
    source: "data" | "default" | "given";
    /** Clients with two or more purchase days the thresholds were read from. */
    returning: number;
    relative: boolean; sleepFactor: number; churnFactor: number;
    /** Churned when P(alive) is below this (absent: by recency). */
    churnPAlive?: number;
  };
  valueTiers: { by: "total" | "average"; vipMin: number | null; middleMin: number | null };
  funnel: {
    loyalOrders: number; loyalDays: number | null; warmDays: number;
    warmStatuses: string[]; coldStatuses: string[]; lostStatuses: string[];
  };
  points: PointsCard;
  ruleSegments: RuleSegment[];
  playbook: Play[];
  attributes: { name: string; role: Role; type?: AttributeType }[];
  lang: Lang;
  /** With the `clv` option: what predicts a client's P(alive), purchases, order value and CLV. */
  clv?: ClvModel;
}

/** The fitted purchase and spend models a Model carries, with their covariances for the intervals. */
export interface ClvModel {
  unit: "day" | "week";
  horizonMonths: number;
  discount: number;
  purchases: { model: "mbgnbd" | "bgnbd"; r: number; alpha: number; a: number; b: number };
  purchasesCovariance: number[][] | null;
  spend: { p: number; q: number; gamma: number } | null;
  spendCovariance: number[][] | null;
}

/** One client for `Scorer.score`. */
export interface ClientInput {
  id?: string;
  lastOrderDate?: IsoDate;
  recencyDays?: number;
  firstOrderDate?: IsoDate;
  tenureDays?: number;
  frequency?: number;
  monetary?: number;
  revenue?: number;
  cv?: number;
  periodRevenue?: number[];
  periods?: number;
  /** Purchase dates (any order): XYZ by regularity, and the first and last order dates. */
  orderDates?: IsoDate[];
  purchaseDays?: number;
  gapCv?: number;
  returns?: number;
  returned?: number;
  name?: string;
  email?: string;
  phone?: string;
  /** By header name; a numeric attribute takes a number or a numeric string. */
  attributes?: Record<string, string | number>;
  tags?: string[];
  segments?: string[];
  gone?: boolean;
  daysSinceContact?: number;
  status?: string;
  /** What the client bought, by category (any order): `categories`, `top_category`… */
  categories?: { name: string; rows?: number; revenue?: number }[];
  /** The largest order's total (`largest_order`). */
  largestOrder?: number;
  /** The first purchase day's value (the CLV's order value is the mean of the rest). Default: the average purchase day. */
  firstOrderValue?: number;
  /** Recent events (any order): the behaviour fields count those in `eventWindow` days. */
  events?: { date: string; event: string; category?: string }[];
}

export interface ScoreResult {
  r: number | null;
  f: number | null;
  m: number | null;
  rfm: string;
  segment: string;
  segmentKey: string;
  abc: "A" | "B" | "C";
  xyz: "X" | "Y" | "Z" | "-";
  abcXyz: string;
  lifecycle: "lead" | "newClient" | "active" | "sleeping" | "churned";
  valueTier: "vip" | "middle" | "small";
  funnel: "coldLead" | "warmLead" | "customer" | "regularCustomer" | "lostLead";
  points: number;
  pointsTier: string;
  ruleSegments: string[];
  action: { key: string; name: string; channel: Channel; offer: string; message: string; priority: number } | null;
  /** The date the client was scored at (in JavaScript always given: today by default). */
  asOf?: string;
  /** Days from the model's asOf to the scoring date; negative before it. */
  modelAgeDays?: number;
  /** The model is older than `staleAfterDays` at the scoring date: fit it again. */
  stale?: boolean;
  /** With a model fitted with the `clv` option, for a client with orders: P(alive), expected purchases and order value, CLV, each with its 95 % interval. */
  prediction?: PredictionIntervals;
}

/** How `Scorer.score` measures: recency to `asOf` (default today), stale after `staleAfterDays` (default 30). */
export interface ScoreOptions {
  asOf?: string;
  staleAfterDays?: number;
  /** Days of the client's `events` the behaviour fields count. Default 30. */
  eventWindow?: number;
}

export interface Selection {
  rows: Uint32Array;
  customers: number;
  revenue: number;
}

export interface Explanation {
  clientId: string;
  labels: { criterion: string; value: string; reason: string }[];
  points: { parameter: string; value: string; points: number }[];
  /** The client's tags and manual segments, the clients table's first (absent when none). */
  marks?: ExplainedMark[];
  /** What the client did besides ordering (absent without an events table). */
  events?: {
    windowDays: number; views: number; carts: number; clicks: number; opens: number; visits: number;
    viewsWithoutOrder: number; cartsWithoutOrder: number; clicksWithoutOrder: number;
    lastVisit: IsoDate | null; viewedCategories: string[]; text: string;
  };
  /** What the purchase and spend models predict, and from what (absent without the `clv` option). */
  prediction?: ExplainedPrediction;
}

/** A tag (rule field `tags`) or a manual segment (`manual_segments`). */
export type MarkKind = "tag" | "segment";

/** Where a mark comes from: the clients table, set by hand, or (in a summary) both. */
export type MarkSource = "table" | "manual" | "both";

/** One tag or manual segment of a client. */
export interface ExplainedMark {
  kind: MarkKind;
  name: string;
  source: MarkSource;
}

/** A mark for `report.assign` and `report.unassign`: one of the two. */
export interface MarkInput {
  tag?: string;
  segment?: string;
}

/** The clients of one tag or manual segment. */
export interface MarkStats {
  name: string;
  clients: number;
  revenue: number;
  source: MarkSource;
}

export interface MarksSummary {
  tags: MarkStats[];
  segments: MarkStats[];
}

/** One mark set by hand: the clients it was assigned to, those whose clients-table mark was removed. */
export interface ManualMark {
  name: string;
  assigned: string[];
  removed: string[];
}

/** What was set by hand (`report.marks()`). */
export interface ManualMarks {
  tags: ManualMark[];
  segments: ManualMark[];
}

/** Who a client is: the clients table's name and contacts first, then the orders file's. */
export interface ClientProfile {
  clientId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Whether the clients table has a row of this client; null without a clients table. */
  inClientsTable: boolean | null;
  /** The clients table's cells of this client, in the table's column order. */
  attributes: { name: string; role: Role; value: string; number: number | null }[];
}

/** Per-client columns; codes index the `*Names` arrays. */
export interface ClientColumns {
  length: number;
  /** Days since the last order; −1 for leads. */
  recency: Int32Array;
  frequency: Uint32Array;
  monetary: Float64Array;
  revenue: Float64Array;
  /** Days since 1970-01-01; −2147483648 for leads. */
  firstOrder: Int32Array;
  lastOrder: Int32Array;
  /** Distinct purchase days. */
  purchaseDays: Uint32Array;
  /** Coefficient of variation of the days between purchases; NaN under two gaps. */
  gapCv: Float64Array;
  /** The largest order's total; NaN for leads. */
  largestOrder: Float64Array;
  /** With the `clv` option: P(alive), expected purchases and order value over the
   * horizon, the discounted CLV (NaN for leads, or when the data cannot support the
   * models: see `report.clv().limits`). */
  pAlive?: Float64Array;
  expectedPurchases?: Float64Array;
  expectedValue?: Float64Array;
  clv?: Float64Array;
  /** Score digits; 0 for leads. */
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** Index into `segmentNames`; 255 for leads. */
  segment: Uint8Array;
  segmentNames: string[];
  segmentKeys: string[];
  abc: Uint8Array;
  abcNames: string[];
  abcKeys: string[];
  xyz: Uint8Array;
  xyzNames: string[];
  xyzKeys: string[];
  /** The coefficient XYZ reads: `gapCv` by default, of period revenue with `xyz.method: "revenue"`. */
  cv: Float64Array;
  lifecycle: Uint8Array;
  lifecycleNames: string[];
  lifecycleKeys: string[];
  valueTier: Uint8Array;
  valueTierNames: string[];
  valueTierKeys: string[];
  funnel: Uint8Array;
  funnelNames: string[];
  funnelKeys: string[];
  points: Float64Array;
  pointsTier: Uint8Array;
  pointsTierNames: string[];
  pointsTierKeys: string[];
  /** Rule segments of row i: `ruleIds[ruleOffsets[i] .. ruleOffsets[i+1]]`. */
  ruleOffsets: Uint32Array;
  ruleIds: Uint32Array;
  ruleSegmentNames: string[];
  /** Index into `actionKeys`; −1 for none. */
  action: Int16Array;
  actionKeys: string[];
  actionNames: string[];
  actionOffers: string[];
  actionChannels: string[];
}

export interface Progress {
  bytes: number;
  rows: number;
  clients: number;
}

/** What an update (`report.update`, `Updater`) added to a saved state. */
export interface UpdateNote {
  /** Data rows the state held. */
  historyRows: number;
  /** Data rows the update added. */
  rowsAdded: number;
  /** The line the update's rows start on, counted after the history's lines. */
  firstLine: number;
  /** Rows of the update dated before what the history window holds (checked only
   * against the window; analyse the whole file again with `historyWindow: 0` for exact
   * checks). */
  beyondWindow: number;
}

export interface RuleError {
  message: string;
  offset: number;
  line: number;
  column: number;
}

export interface Presets {
  segments: { rfm11: SegmentDef[]; ru3: SegmentDef[] };
  playbook: Play[];
  points: PointsCard;
  /** Offered when the attributes given allow: `loyalty` with the table's loyalty columns. */
  ruleSegments: { loyalty?: RuleSegment[] };
  fields: string[];
  fieldTypes: Record<string, "number" | "text" | "textList">;
  version: string;
}

/** A criterion a comparison follows. */
export type ComparedCriterion = "rfm" | "lifecycle" | "valueTier" | "abc" | "xyz" | "points" | "ruleSegments";

/** Which way a path goes along the criterion's order of value. */
export type Movement = "up" | "stayed" | "down" | "changed" | "new" | "lost";

/** What a label means for the business, beside its rank. */
export type Standing = "valuable" | "neutral" | "risky";

export interface ScaleLabel {
  key: string;
  name: string;
  /** Place in the order of value (higher is better); null outside it. */
  rank: number | null;
  standing: Standing;
}

/** The clients who had label `from` before and have `to` after (indices into `labels`). */
export interface Path {
  from: number;
  to: number;
  clients: number;
  revenueBefore: number;
  revenueAfter: number;
  /** `revenueAfter − revenueBefore`: what came in between. */
  revenueChange: number;
  movement: Movement;
  valuableToRisky: boolean;
}

export interface MoveCounts {
  up: number;
  stayed: number;
  down: number;
  changed: number;
  new: number;
  lost: number;
  valuableToRisky: number;
}

/** One criterion's transitions: `labels` ends with "New in the data" and "Gone from the data". */
export interface Flow {
  criterion: ComparedCriterion;
  name: string;
  labels: ScaleLabel[];
  paths: Path[];
  counts: MoveCounts;
}

export interface ComparisonSummary {
  beforeAsOf: IsoDate;
  afterAsOf: IsoDate;
  clients: number;
  clientsBefore: number;
  clientsAfter: number;
  flows: Flow[];
}

// ------------------------------------------------------------------ dynamic segmentation

/** A label of a criterion, by key or name in either language. */
export interface LabelRef {
  criterion: string;
  label: string;
}

/** What makes a trigger fire: exactly one key. */
export type When =
  | { entered: LabelRef }
  | { left: LabelRef }
  | { becomes: string | RuleAst }
  | { noOrderDays: number }
  | { orderAbove: number }
  /** Not followed by an order within `days` (in `category` only, when given); needs the events table. */
  | { clickedNoOrder: EventWait }
  | { viewedNoOrder: EventWait }
  | { abandonedCart: EventWait };

export interface EventWait {
  days: number;
  category?: string;
}

export type TaskPriority = "high" | "normal" | "low";

export interface TaskSpec {
  /** `{client}` and `{id}` are filled in. */
  title: string;
  titleRu?: string;
  assignee?: string;
  /** Default 1. */
  dueDays?: number;
  /** Default `normal`. */
  priority?: TaskPriority;
}

export interface Then {
  status?: string;
  statusRu?: string;
  /** A play of the playbook, by key. */
  play?: string;
  action?: string;
  actionRu?: string;
  channel?: Channel;
  /** 1 = most urgent; default 2. */
  priority?: number;
  tag?: string;
  task?: TaskSpec;
}

export interface Trigger {
  key: string;
  name?: string;
  nameRu?: string;
  when: When;
  then?: Then;
  /** Default true. */
  reentry?: boolean;
  /** Default 0. */
  cooldownDays?: number;
}

export interface AssigneeRule {
  when: string | RuleAst;
  assignee: string;
}

export interface PlayTask {
  play: string;
  task: TaskSpec;
  /** Default 30. */
  everyDays?: number;
}

export interface TaskRules {
  assignees?: AssigneeRule[];
  defaultAssignee?: string;
  plays?: PlayTask[];
}

export interface SegmentPlan {
  when: string | RuleAst;
  channels: Channel[];
  reasons?: string[];
  reasonsRu?: string[];
}

export interface ContactPlan {
  /** Default: at most 1 contact in 7 days. */
  cap?: { contacts?: number; days?: number };
  /** Default 21 → 9 local time. */
  quietHours?: { from: number; to: number };
  /** Default 10. */
  sendHour?: number;
  /** `UTC+3`, `Europe/Moscow`; default UTC. */
  defaultZone?: string;
  zoneColumn?: string;
  segments?: SegmentPlan[];
  /** Whether next actions are contacts too; default true. */
  playbook?: boolean;
}

export interface AutomationSpec {
  triggers?: Trigger[];
  tasks?: TaskRules;
  plan?: ContactPlan;
  since?: IsoDate;
}

export interface Journal {
  version: number;
  asOf?: IsoDate;
  /** Trigger key → client id → its last firing. */
  fired?: Record<string, Record<string, { last: IsoDate; count: number }>>;
  /** Client id → its latest contact days. */
  contacts?: Record<string, IsoDate[]>;
}

export interface FiredAction {
  play?: string;
  channel: Channel;
  channelName: string;
  offer: string;
  priority: number;
}

export interface Firing {
  trigger: string;
  triggerName: string;
  client: string;
  clientName?: string;
  day: IsoDate;
  reason: string;
  status?: string;
  action?: FiredAction;
  tag?: string;
  /** Index into `tasks()`. */
  task?: number;
}

export interface Suppressed {
  trigger: string;
  client: string;
  day: IsoDate;
  reason: string;
}

export interface Task {
  source: "trigger" | "play";
  key: string;
  title: string;
  client: string;
  clientName?: string;
  email?: string;
  phone?: string;
  assignee: string;
  assignedBy: string;
  due: IsoDate;
  priority: TaskPriority;
  reason: string;
}

export interface Contact {
  client: string;
  clientName?: string;
  channel: Channel;
  channelName: string;
  address?: string;
  date: IsoDate;
  localTime: string;
  utc: string;
  zone: string;
  zoneSource: "column" | "region" | "default";
  offer: string;
  source: "trigger" | "play";
  key: string;
  reasons: string[];
  postponedFrom?: IsoDate;
}

export interface Held {
  client: string;
  source: "trigger" | "play";
  key: string;
  reason: string;
}

export interface TriggerCount {
  key: string;
  name: string;
  fired: number;
  suppressed: number;
}

export interface AutomationSummary {
  asOf: IsoDate;
  since?: IsoDate;
  triggers: TriggerCount[];
  firings: number;
  suppressed: number;
  tasks: number;
  contacts: number;
  postponed: number;
  held: number;
}

export interface PilotSpec {
  name: string;
  when?: string | RuleAst;
  /** `segment` (default), `lifecycle`, `valueTier`, `abc`, `xyz`, `points`, `ruleSegments`. */
  by?: string;
  /** Default 0.5. */
  share?: number;
  seed?: number;
  /** Default `["email"]`. */
  channels?: Channel[];
  offer?: string;
}

export interface PilotMember {
  id: string;
  segment: string;
  test: boolean;
  channel?: Channel;
  orders: number;
  revenue: number;
}

export interface PilotGroup {
  clients: number;
  responders: number;
  responseRate: number;
  revenue: number;
  revenuePerClient: number;
}

export interface Uplift {
  value: number;
  /** `null` when a group has fewer than two clients. */
  low: number | null;
  high: number | null;
  significant: boolean;
}

export interface PilotCell {
  segment: string;
  channel?: Channel;
  test: PilotGroup;
  control: PilotGroup;
  responseUplift: Uplift;
  revenueUplift: Uplift;
  verdict: string;
}

export interface PilotResult {
  name: string;
  start: IsoDate;
  until: IsoDate;
  days: number;
  missing: number;
  overall: PilotCell;
  segments: PilotCell[];
  cells: PilotCell[];
}
