//! The analysis result: a columnar per-client table, the summary, the audit, the fitted
//! model, explanations, selections and CSV exports.

use crate::abc_xyz::{self, Abc, AbcModel, Xyz};
use crate::calendar::{self, Day};
use crate::error::{Error, IssueKind};
use crate::funnel::Funnel;
use crate::ingest::Aggregates;
use crate::ingest::ClientsTable;
use crate::ingest::{Audit, RejectedRow};
use crate::ingest::{Role, Sniff};
use crate::labels::{self, AttributeDef, Facts, Labeler, Labels, Model, RfmCuts};
use crate::lifecycle::Stage;
use crate::locale::Lang;
use crate::money::{self, Money};
use crate::options::{MonetaryMode, Options};
use crate::output::{CsvOptions, CsvWriter};
use crate::playbook;
use crate::points::PointsCard;
use crate::rfm::{self, Cuts, Dimension};
use crate::rule_segments::RuleSource;
use crate::rules::Fields;
use crate::segments::{RuleCheck, SegmentTable};
use crate::tiers::{Tier, TierModel};
use serde::Serialize;

/// A note for the user about the data or the configuration.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    /// Stable kind.
    pub kind: &'static str,
    /// The line concerned, if one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The message, in the report's language.
    pub message: String,
}

/// Client ids in output order.
#[derive(Clone, Default)]
pub struct IdList {
    arena: String,
    ends: Vec<u32>,
}

impl IdList {
    fn push(&mut self, s: &str) {
        self.arena.push_str(s);
        self.ends.push(self.arena.len() as u32);
    }
    /// Id `i`.
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.arena[start..self.ends[i] as usize]
    }
    /// Number of ids.
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }
}

/// Per-client columns (index = output row).
#[derive(Clone, Default)]
pub struct Columns {
    /// Days since the last order (−1 without orders).
    pub recency: Vec<i32>,
    /// Orders.
    pub frequency: Vec<u32>,
    /// Net revenue.
    pub revenue: Vec<Money>,
    /// Monetary value as scored (total or average).
    pub monetary: Vec<f64>,
    /// First order day (`i32::MIN` without orders).
    pub first: Vec<Day>,
    /// Last order day (`i32::MIN` without orders).
    pub last: Vec<Day>,
    /// Rows.
    pub rows: Vec<u32>,
    /// XYZ periods.
    pub periods: Vec<u32>,
    /// Coefficient of variation (NaN when undefined).
    pub cv: Vec<f64>,
    /// Sum of squared period revenues (currency units squared), for recomputing the CV.
    pub ss: Vec<f64>,
    /// R, F, M levels (0 without orders).
    pub levels: Vec<[u8; 3]>,
    /// Segment index (255 without orders).
    pub segment: Vec<u8>,
    /// ABC class index.
    pub abc: Vec<u8>,
    /// XYZ class index (3 = not enough history).
    pub xyz: Vec<u8>,
    /// Lifecycle stage index.
    pub stage: Vec<u8>,
    /// Value tier index.
    pub tier: Vec<u8>,
    /// Funnel index.
    pub funnel: Vec<u8>,
    /// Points.
    pub points: Vec<f64>,
    /// Points tier index.
    pub points_tier: Vec<u8>,
    /// Rule segment matches, CSR: `rule_ids[rule_offsets[i]..rule_offsets[i+1]]`.
    pub rule_offsets: Vec<u32>,
    /// Rule segment indices.
    pub rule_ids: Vec<u32>,
    /// Next action play index (−1 none).
    pub action: Vec<i32>,
    /// Row in the clients table (`u32::MAX` none).
    pub attr_row: Vec<u32>,
}

/// The result of an analysis.
pub struct Report {
    labeler: Labeler,
    lang: Lang,
    as_of: Day,
    ids: IdList,
    cols: Columns,
    audit: Audit,
    rejected: Vec<RejectedRow>,
    sniff: Sniff,
    check: RuleCheck,
    warnings: Vec<Warning>,
    clients: Option<ClientsTable>,
    transactions: u64,
    customers: usize,
    heap_bytes: usize,
    min_day: Option<Day>,
    max_day: Option<Day>,
    sorted: bool,
    base_warnings: Vec<Warning>,
    read_opts: Options,
}

/// Counts and revenue of one label.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelStats {
    /// Stable key.
    pub key: String,
    /// Name in the report's language.
    pub name: String,
    /// Clients.
    pub customers: u64,
    /// Share of clients (0..1).
    pub customers_share: f64,
    /// Net revenue.
    pub revenue: f64,
    /// Share of net revenue (0..1 when no label has net returns).
    pub revenue_share: f64,
}

/// One RFM segment in the summary.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentSummary {
    /// Stable key.
    pub key: String,
    /// Name in the report's language.
    pub segment: String,
    /// One-line description.
    pub description: String,
    /// Clients.
    pub customers: u64,
    /// Share of clients with orders.
    pub customers_share: f64,
    /// Net revenue.
    pub revenue: f64,
    /// Share of revenue.
    pub revenue_share: f64,
    /// Revenue per order.
    pub average_check: f64,
    /// Median days since the last order.
    pub median_recency: f64,
    /// The most common next action of the segment's clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<ActionSummary>,
}

/// A play in the summary.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionSummary {
    /// Play key.
    pub key: String,
    /// Channel.
    pub channel: playbook::Channel,
    /// Channel name in the report's language.
    pub channel_name: String,
    /// Offer in the report's language.
    pub offer: String,
    /// Priority.
    pub priority: u8,
    /// Clients whose next action this is.
    pub customers: u64,
}

/// One ABC×XYZ cell.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixCell {
    /// `AX` … `CZ`, or `A-` … `C-` for not enough history.
    pub cell: String,
    /// Name.
    pub name: String,
    /// Advice.
    pub description: String,
    /// Clients.
    pub customers: u64,
    /// Net revenue.
    pub revenue: f64,
}

/// One R×F grid cell.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GridCell {
    /// R digit.
    pub r: u8,
    /// F digit.
    pub f: u8,
    /// Clients.
    pub customers: u64,
    /// Average monetary value.
    pub average_monetary: f64,
}

/// The summary of a report.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Clients with orders.
    pub customers: u64,
    /// Clients from the clients table without orders.
    pub leads: u64,
    /// Accepted rows.
    pub transactions: u64,
    /// Orders.
    pub orders: u64,
    /// Net revenue.
    pub revenue: f64,
    /// Rejected rows.
    pub rejected_rows: u64,
    /// Excluded rows (after `asOf`, duplicates).
    pub excluded_rows: u64,
    /// Analysis date.
    pub as_of: String,
    /// First order date.
    pub first_date: Option<String>,
    /// Last order date.
    pub last_date: Option<String>,
    /// Score levels.
    pub bins: u8,
    /// Direction.
    pub direction: crate::options::Direction,
    /// Cut points used.
    pub cuts: RfmCuts,
    /// RFM segments in rule order ("Other" last, only if used).
    pub segments: Vec<SegmentSummary>,
    /// R×F grid (digits as shown), row-major by R.
    pub rf_grid: Vec<GridCell>,
    /// ABC classes.
    pub abc: Vec<LabelStats>,
    /// XYZ classes.
    pub xyz: Vec<LabelStats>,
    /// ABC×XYZ cells.
    pub abc_xyz: Vec<MatrixCell>,
    /// Lifecycle stages.
    pub lifecycle: Vec<LabelStats>,
    /// Value tiers.
    pub value_tiers: Vec<LabelStats>,
    /// Funnel statuses.
    pub funnel: Vec<LabelStats>,
    /// Points tiers.
    pub points_tiers: Vec<LabelStats>,
    /// Rule segments.
    pub rule_segments: Vec<LabelStats>,
    /// Next actions.
    pub actions: Vec<ActionSummary>,
    /// Segment rule check.
    pub rule_check: RuleCheck,
    /// Notes on the data and configuration.
    pub warnings: Vec<Warning>,
    /// Estimated bytes held by the aggregation while reading.
    pub memory_bytes: u64,
}

/// A selection of clients.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// Output rows selected.
    pub rows: Vec<u32>,
    /// Clients.
    pub customers: u64,
    /// Net revenue.
    pub revenue: f64,
}

/// Why a client has each label.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// Client id.
    pub client_id: String,
    /// One entry per criterion.
    pub labels: Vec<ExplainedLabel>,
    /// Points per card parameter.
    pub points: Vec<PointsPart>,
}

/// One explained label.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplainedLabel {
    /// Criterion key (`rfm`, `abc`, `xyz`, `abcXyz`, `lifecycle`, `valueTier`, `funnel`,
    /// `points`, `ruleSegments`, `nextAction`).
    pub criterion: &'static str,
    /// The label.
    pub value: String,
    /// Why, in the report's language.
    pub reason: String,
}

/// Points of one card parameter.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PointsPart {
    /// Parameter label.
    pub parameter: String,
    /// The value read.
    pub value: String,
    /// Points (weighted).
    pub points: f64,
}

fn day_or(d: Day) -> Option<i64> {
    (d != i32::MIN).then_some(d as i64)
}

/// Builds the report from read aggregates.
pub fn build(
    agg: Aggregates,
    opts: &Options,
    table: Option<ClientsTable>,
) -> Result<Report, Error> {
    let r = opts.read.resolve()?;
    let lang = opts.lang;
    let mut warnings: Vec<Warning> = Vec::new();
    let as_of = match r.as_of.or(agg.max_day) {
        Some(d) => d,
        None => {
            warnings.push(Warning {
                kind: "noUsableRows",
                line: None,
                message: t(
                    lang,
                    "No row could be used: see the audit for why.",
                    "Ни одна строка не подошла для анализа: причины — в аудите данных.",
                ),
            });
            r.today.unwrap_or(0)
        }
    };
    let xyz_opts = opts.xyz.clone().unwrap_or_default();
    let lifecycle_opts = opts.lifecycle.clone().unwrap_or_default();
    lifecycle_opts.validate()?;
    let abc_opts = opts.abc.clone().unwrap_or_default();
    if !(0.0 < abc_opts.a && abc_opts.a <= abc_opts.b && abc_opts.b <= 1.0) {
        return Err(Error::option("option `abc`: need 0 < a ≤ b ≤ 1"));
    }
    if !(0.0 <= xyz_opts.x && xyz_opts.x <= xyz_opts.y) {
        return Err(Error::option("option `xyz`: need 0 ≤ x ≤ y"));
    }
    let period = xyz_opts.period;
    let as_of_period = period.index(as_of);

    // Output rows: clients with orders in order of first appearance, then leads.
    let mut ids = IdList::default();
    let mut cols = Columns::default();
    let mut source: Vec<u32> = Vec::new();
    for c in 0..agg.stats.len() {
        if !agg.merged_into.is_empty() && agg.merged_into[c] as usize != c {
            continue;
        }
        source.push(c as u32);
    }
    let n_orders = source.len();
    let mut unknown_rows = 0u64;
    let mut unknown_examples = Vec::new();
    let mut joined = vec![false; table.as_ref().map_or(0, |t| t.len())];
    for &c in &source {
        let id = agg.ids.get(c);
        ids.push(id);
        let st = &agg.stats[c as usize];
        let row = table.as_ref().and_then(|t| t.ids.find(id.as_bytes()));
        if let Some(t) = row {
            joined[t as usize] = true;
        } else if table.is_some() {
            unknown_rows += st.rows as u64;
            if unknown_examples.len() < r.max_examples {
                unknown_examples.push(crate::ingest::IssueExample {
                    line: 0,
                    row: 0,
                    column: None,
                    value: id.to_string(),
                    detail: Some(format!("{} rows", st.rows)),
                    ref_line: None,
                });
            }
        }
        cols.attr_row.push(row.unwrap_or(u32::MAX));
        cols.recency.push(as_of - st.last);
        cols.frequency.push(st.orders);
        cols.revenue.push(st.monetary);
        cols.first.push(st.first);
        cols.last.push(st.last);
        cols.rows.push(st.rows);
        let p = (as_of_period - period.index(st.first) + 1).max(1) as u32;
        cols.periods.push(p);
        let ss = st.sum_of_squares() as f64 / (money::SCALE as f64 * money::SCALE as f64);
        cols.ss.push(ss);
        cols.cv
            .push(abc_xyz::cv(money::to_f64(st.monetary), ss, p).unwrap_or(f64::NAN));
    }
    if let Some(t) = &table {
        for (i, j) in joined.iter().enumerate() {
            if !j {
                ids.push(t.ids.get(i as u32));
                cols.attr_row.push(i as u32);
                cols.recency.push(-1);
                cols.frequency.push(0);
                cols.revenue.push(0);
                cols.first.push(i32::MIN);
                cols.last.push(i32::MIN);
                cols.rows.push(0);
                cols.periods.push(0);
                cols.cv.push(f64::NAN);
                cols.ss.push(0.0);
            }
        }
    }
    let n = ids.len();
    let leads = n - n_orders;
    let (labeler, check) = fit(&cols, n_orders, table.as_ref(), opts, as_of)?;
    let mut report = Report {
        labeler,
        lang,
        as_of,
        ids,
        cols,
        audit: Audit::from_builder(&agg.audit, lang, agg.merges.clone(), leads as u64),
        rejected: agg.audit.rejected_rows.clone(),
        sniff: agg.sniff,
        check,
        warnings: Vec::new(),
        base_warnings: warnings,
        clients: table,
        transactions: agg.audit.rows_accepted,
        customers: n_orders,
        heap_bytes: agg.heap_bytes,
        min_day: agg.min_day,
        max_day: agg.max_day,
        sorted: agg.sorted,
        read_opts: opts.clone(),
    };
    if unknown_rows > 0 {
        report.audit.issues.push(crate::ingest::IssueGroup {
            kind: IssueKind::UnknownClient,
            disposition: IssueKind::UnknownClient.disposition(),
            count: unknown_rows,
            amount: 0.0,
            description: match lang {
                Lang::En => IssueKind::UnknownClient.describe_en(),
                Lang::Ru => IssueKind::UnknownClient.describe_ru(),
            }
            .to_string(),
            examples: unknown_examples,
        });
    }
    report.label_all();
    report.add_warnings();
    Ok(report)
}

/// Fits what depends on all clients (cut points, ABC and tier thresholds) into a model.
fn fit(
    cols: &Columns,
    n_orders: usize,
    table: Option<&ClientsTable>,
    opts: &Options,
    as_of: Day,
) -> Result<(Labeler, RuleCheck), Error> {
    let bins = opts.bins()?;
    let lang = opts.lang;
    let xyz_opts = opts.xyz.clone().unwrap_or_default();
    let lifecycle_opts = opts.lifecycle.clone().unwrap_or_default();
    lifecycle_opts.validate()?;
    let abc_opts = opts.abc.clone().unwrap_or_default();
    if !(0.0 < abc_opts.a && abc_opts.a <= abc_opts.b && abc_opts.b <= 1.0) {
        return Err(Error::option("option `abc`: need 0 < a ≤ b ≤ 1"));
    }
    if !(0.0 <= xyz_opts.x && xyz_opts.x <= xyz_opts.y) {
        return Err(Error::option("option `xyz`: need 0 ≤ x ≤ y"));
    }
    let direction = opts.direction;
    let monetary_of = |i: usize| -> f64 {
        let rev = money::to_f64(cols.revenue[i]);
        match opts.monetary {
            MonetaryMode::Total => rev,
            MonetaryMode::Average => {
                if cols.frequency[i] > 0 {
                    rev / cols.frequency[i] as f64
                } else {
                    0.0
                }
            }
        }
    };
    let thresholds = opts.thresholds.clone().unwrap_or_default();
    let fit_cuts =
        |dim: Dimension, fixed: &Option<Vec<f64>>, value: &dyn Fn(usize) -> f64| -> Cuts {
            match fixed {
                Some(v) => Cuts::fixed(dim, v),
                None => {
                    let v: Vec<f64> = (0..n_orders).map(value).collect();
                    Cuts::quantile(dim, &v, bins)
                }
            }
        };
    let cuts = RfmCuts {
        recency: fit_cuts(Dimension::Recency, &thresholds.recency, &|i| {
            cols.recency[i] as f64
        }),
        frequency: fit_cuts(Dimension::Frequency, &thresholds.frequency, &|i| {
            cols.frequency[i] as f64
        }),
        monetary: fit_cuts(Dimension::Monetary, &thresholds.monetary, &monetary_of),
    };
    let revenues: Vec<f64> = (0..n_orders)
        .map(|i| money::to_f64(cols.revenue[i]))
        .collect();
    let abc = AbcModel::fit(&revenues, &abc_opts);
    let tier_opts = opts.value_tiers.clone().unwrap_or_default();
    let tier_values: Vec<f64> = (0..n_orders)
        .map(|i| match tier_opts.by {
            crate::tiers::TierMeasure::Total => revenues[i],
            crate::tiers::TierMeasure::Average => {
                if cols.frequency[i] > 0 {
                    revenues[i] / cols.frequency[i] as f64
                } else {
                    0.0
                }
            }
        })
        .collect();
    let tiers = TierModel::fit(&tier_values, &tier_opts)?;
    let table_segments = SegmentTable::new(opts.segments.as_ref(), bins, direction)?;
    let check = table_segments.check(direction);
    let attributes: Vec<AttributeDef> = table
        .map(|t| {
            t.columns
                .iter()
                .filter(|c| c.role != Role::Client)
                .map(|c| AttributeDef {
                    name: c.name.clone(),
                    role: c.role,
                })
                .collect()
        })
        .unwrap_or_default();
    let model = Model {
        version: labels::MODEL_VERSION,
        as_of: calendar::iso(as_of),
        bins,
        direction,
        monetary_mode: opts.monetary,
        cuts,
        segments: labels::segment_defs(&table_segments, direction),
        abc,
        xyz: xyz_opts,
        lifecycle: lifecycle_opts,
        value_tiers: tiers,
        funnel: opts.funnel.clone().unwrap_or_default(),
        points: opts
            .points
            .clone()
            .unwrap_or_else(|| PointsCard::default_card(bins)),
        rule_segments: opts.rule_segments.clone(),
        playbook: playbook::plays(opts.playbook.as_ref())?,
        attributes,
        lang,
    };
    Ok((Labeler::new(model)?, check))
}

fn t(lang: Lang, en: &str, ru: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Ru => ru.to_string(),
    }
}

impl Report {
    fn facts(&self, i: usize) -> Facts<'_> {
        let c = &self.cols;
        let has = c.recency[i] >= 0;
        let mut f = Facts {
            id: self.ids.get(i),
            recency: has.then_some(c.recency[i] as f64),
            tenure: has.then(|| (self.as_of - c.first[i]) as f64),
            first: day_or(c.first[i]),
            last: day_or(c.last[i]),
            orders: c.frequency[i],
            revenue: money::to_f64(c.revenue[i]),
            periods: c.periods[i],
            cv: (!c.cv[i].is_nan()).then_some(c.cv[i]),
            ..Facts::default()
        };
        let row = c.attr_row[i];
        if let (Some(t), true) = (&self.clients, row != u32::MAX) {
            f.status = t
                .role(Role::Status)
                .map(|col| t.cell(row, col))
                .filter(|s| !s.is_empty());
            f.attributes = self
                .labeler
                .model
                .attributes
                .iter()
                .map(|a| {
                    t.columns
                        .iter()
                        .find(|col| col.name == a.name)
                        .map(|col| t.cell(row, col.index))
                        .unwrap_or("")
                })
                .collect();
            f.tags = &t.tags[row as usize];
            f.manual_segments = &t.segments[row as usize];
            f.gone = t.gone[row as usize];
            f.days_since_contact = t.last_contact[row as usize].map(|d| (self.as_of - d) as f64);
        }
        f
    }

    fn label_all(&mut self) {
        let n = self.ids.len();
        let mut out = Labels::default();
        let mut o = Columns {
            rule_offsets: vec![0],
            ..Columns::default()
        };
        for i in 0..n {
            let facts = self.facts(i);
            self.labeler.label(&facts, &mut out);
            o.monetary.push(out.monetary);
            o.levels.push(out.levels);
            o.segment.push(out.segment.unwrap_or(u8::MAX));
            o.abc.push(out.abc.map_or(2, |a| a as u8));
            o.xyz.push(out.xyz.map_or(3, |x| x as u8));
            o.stage.push(out.stage.map_or(0, |s| s as u8));
            o.tier.push(out.tier.map_or(2, |t| t as u8));
            o.funnel.push(out.funnel.map_or(0, |f| f as u8));
            o.points.push(out.points);
            o.points_tier.push(out.points_tier);
            o.rule_ids.extend_from_slice(&out.rule_segments);
            o.rule_offsets.push(o.rule_ids.len() as u32);
            o.action.push(out.action.map_or(-1, |a| a as i32));
        }
        let c = &mut self.cols;
        c.monetary = o.monetary;
        c.levels = o.levels;
        c.segment = o.segment;
        c.abc = o.abc;
        c.xyz = o.xyz;
        c.stage = o.stage;
        c.tier = o.tier;
        c.funnel = o.funnel;
        c.points = o.points;
        c.points_tier = o.points_tier;
        c.rule_ids = o.rule_ids;
        c.rule_offsets = o.rule_offsets;
        c.action = o.action;
    }

    fn add_warnings(&mut self) {
        let lang = self.lang;
        let sorted = self.sorted;
        let count = |k: IssueKind| -> u64 {
            self.audit
                .issues
                .iter()
                .filter(|g| g.kind == k)
                .map(|g| g.count)
                .sum()
        };
        let mut w = self.base_warnings.clone();
        for s in &self.sniff.warnings {
            w.push(Warning {
                kind: "format",
                line: None,
                message: s.clone(),
            });
        }
        let rejected = self.audit.rows_rejected;
        if rejected > 0 {
            let first = self
                .audit
                .issues
                .iter()
                .filter(|g| g.disposition == crate::error::Disposition::Rejected)
                .flat_map(|g| g.examples.first())
                .map(|e| e.line)
                .min();
            w.push(Warning {
                kind: "rejectedRows",
                line: first,
                message: match lang {
                    Lang::En => format!(
                        "{rejected} rows were rejected; see the audit for each reason and line."
                    ),
                    Lang::Ru => {
                        format!("Отклонено строк: {rejected}; причины и номера строк — в аудите.")
                    }
                },
            });
        }
        let after = count(IssueKind::AfterAsOf);
        if after > 0 {
            w.push(Warning {
                kind: "afterAsOf",
                line: self
                    .audit
                    .issues
                    .iter()
                    .find(|g| g.kind == IssueKind::AfterAsOf)
                    .and_then(|g| g.examples.first())
                    .map(|e| e.line),
                message: match lang {
                    Lang::En => format!(
                        "{after} rows dated after the analysis date {} were excluded.",
                        calendar::iso(self.as_of)
                    ),
                    Lang::Ru => format!(
                        "Исключено строк с датой позже даты анализа {}: {after}.",
                        calendar::iso(self.as_of)
                    ),
                },
            });
        }
        let dups = count(IssueKind::DuplicateRow);
        if dups > 0 {
            w.push(Warning {
                kind: "duplicateRows",
                line: None,
                message: match lang {
                    Lang::En => format!("{dups} exact duplicate rows were dropped (set duplicates: \"keep\" to keep them)."),
                    Lang::Ru => format!("Удалено точных дублей строк: {dups} (чтобы оставить, задайте duplicates: \"keep\")."),
                },
            });
        }
        let beyond = count(IssueKind::OutOfOrderBeyondWindow);
        if beyond > 0 && !sorted {
            w.push(Warning {
                kind: "outOfOrder",
                line: None,
                message: match lang {
                    Lang::En => format!("{beyond} rows came after newer ones beyond the history window; their duplicate checks covered only the window (set historyWindow: 0 for full checks)."),
                    Lang::Ru => format!("{beyond} строк пришли после более новых за пределами окна истории; дубликаты для них проверены только в окне (historyWindow: 0 — полная проверка)."),
                },
            });
        }
        let bins = self.labeler.model.bins as usize;
        if self.customers > 0 && self.customers < bins * 20 {
            w.push(Warning {
                kind: "fewClients",
                line: None,
                message: match lang {
                    Lang::En => format!("Only {} clients with orders: quantile scores with {bins} levels are unreliable below {} clients.", self.customers, bins * 20),
                    Lang::Ru => format!("Клиентов с заказами всего {}: квантильные оценки на {bins} уровня ненадёжны, если клиентов меньше {}.", self.customers, bins * 20),
                },
            });
        }
        if let (Some(a), Some(b)) = (self.min_day, self.max_day) {
            let days = b - a + 1;
            if days < 90 {
                w.push(Warning {
                    kind: "shortHistory",
                    line: None,
                    message: match lang {
                        Lang::En => format!("The orders cover only {days} days: recency and XYZ need several months of history to mean much."),
                        Lang::Ru => format!("Заказы охватывают всего {days} дн.: для давности и XYZ нужна история в несколько месяцев."),
                    },
                });
            }
        }
        if !self.check.unreachable.is_empty() {
            w.push(Warning {
                kind: "unreachableSegments",
                line: None,
                message: match lang {
                    Lang::En => format!("Segment rules that can never match (earlier rules cover them): {}.", self.check.unreachable.join(", ")),
                    Lang::Ru => format!("Правила сегментов, которые никогда не сработают (их перекрывают более ранние): {}.", self.check.unreachable.join(", ")),
                },
            });
        }
        if !self.check.uncovered.is_empty() {
            let n = self.check.uncovered.len();
            let shown: Vec<&str> = self
                .check
                .uncovered
                .iter()
                .take(12)
                .map(String::as_str)
                .collect();
            w.push(Warning {
                kind: "uncoveredScores",
                line: None,
                message: match lang {
                    Lang::En => format!(
                        "{n} score codes match no segment rule and go to \"Other\": {}{}.",
                        shown.join(", "),
                        if n > 12 { ", …" } else { "" }
                    ),
                    Lang::Ru => format!(
                        "{n} кодов оценок не попадают ни в одно правило и идут в «Прочие»: {}{}.",
                        shown.join(", "),
                        if n > 12 { ", …" } else { "" }
                    ),
                },
            });
        }
        if !self.audit.merges.is_empty() {
            let n: usize = self.audit.merges.iter().map(|m| m.1.len()).sum();
            w.push(Warning {
                kind: "mergedClients",
                line: None,
                message: match lang {
                    Lang::En => format!("{n} client ids were merged into others sharing an e-mail or phone (see the audit)."),
                    Lang::Ru => format!("{n} идентификаторов клиентов объединены с другими по общему e-mail или телефону (см. аудит)."),
                },
            });
        }
        self.warnings = w;
    }

    /// The same clients labelled under other options, without reading the file again.
    ///
    /// Everything that labels or scores can change (levels, direction, thresholds, presets,
    /// ABC/XYZ thresholds, lifecycle, tiers, funnel, points, rule segments, playbook,
    /// language), and `asOf` when it is not before the last order date. Options that change
    /// how the file is read (encoding, columns, formats, duplicates, merging, the XYZ period,
    /// an earlier `asOf`, the clients table) are an `invalidOption` error naming the option:
    /// analyse the file again for those.
    pub fn relabel(&self, opts: &Options) -> Result<Report, Error> {
        let a = &self.read_opts;
        let changed = |name: &str| {
            Error::option(format!(
                "option `{name}` changes how the file is read: analyse it again"
            ))
        };
        if let Some(name) = a.read.first_difference(&opts.read) {
            return Err(changed(name));
        }
        let period = |o: &Options| o.xyz.as_ref().map(|x| x.period).unwrap_or_default();
        if period(a) != period(opts) {
            return Err(changed("xyz.period"));
        }
        let r = opts.read.resolve()?;
        let old = a.read.resolve()?;
        let as_of = r.as_of.or(self.max_day).unwrap_or(self.as_of);
        let excluded_after = self
            .audit
            .issues
            .iter()
            .any(|g| g.kind == IssueKind::AfterAsOf);
        if self.max_day.is_some_and(|m| as_of < m)
            || (excluded_after && old.as_of.is_some_and(|o| as_of > o))
        {
            return Err(Error::option(
                "option `asOf` moves past rows the file was read with: analyse it again",
            ));
        }
        let mut cols = self.cols.clone();
        let period = period(opts);
        let p_as_of = period.index(as_of);
        for i in 0..self.customers {
            cols.recency[i] = as_of - cols.last[i];
            let p = (p_as_of - period.index(cols.first[i]) + 1).max(1) as u32;
            cols.periods[i] = p;
            cols.cv[i] =
                abc_xyz::cv(money::to_f64(cols.revenue[i]), cols.ss[i], p).unwrap_or(f64::NAN);
        }
        let (labeler, check) = fit(&cols, self.customers, self.clients.as_ref(), opts, as_of)?;
        let mut audit = self.audit.clone();
        for g in audit.issues.iter_mut() {
            g.description = match opts.lang {
                Lang::En => g.kind.describe_en(),
                Lang::Ru => g.kind.describe_ru(),
            }
            .to_string();
        }
        let mut report = Report {
            labeler,
            lang: opts.lang,
            as_of,
            ids: self.ids.clone(),
            cols,
            audit,
            rejected: self.rejected.clone(),
            sniff: self.sniff.clone(),
            check,
            warnings: Vec::new(),
            base_warnings: self.base_warnings.clone(),
            clients: self.clients.clone(),
            transactions: self.transactions,
            customers: self.customers,
            heap_bytes: self.heap_bytes,
            min_day: self.min_day,
            max_day: self.max_day,
            sorted: self.sorted,
            read_opts: opts.clone(),
        };
        report.label_all();
        report.add_warnings();
        Ok(report)
    }

    /// The fitted model.
    pub fn model(&self) -> &Model {
        &self.labeler.model
    }

    /// The labeler (for scoring more clients with this model).
    pub fn labeler(&self) -> &Labeler {
        &self.labeler
    }

    /// The audit.
    pub fn audit(&self) -> &Audit {
        &self.audit
    }

    /// What was sniffed.
    pub fn sniff(&self) -> &Sniff {
        &self.sniff
    }

    /// Warnings.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The columns.
    pub fn columns(&self) -> &Columns {
        &self.cols
    }

    /// Client ids in output order.
    pub fn ids(&self) -> &IdList {
        &self.ids
    }

    /// Number of clients (with orders and leads).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are no clients.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The analysis date.
    pub fn as_of(&self) -> Day {
        self.as_of
    }

    /// The report language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The output row of a client id.
    pub fn find(&self, id: &str) -> Option<usize> {
        (0..self.ids.len()).find(|&i| self.ids.get(i) == id)
    }

    fn labels_of(&self, i: usize, out: &mut Labels) {
        let c = &self.cols;
        out.levels = c.levels[i];
        out.monetary = c.monetary[i];
        out.segment = (c.segment[i] != u8::MAX).then_some(c.segment[i]);
        out.abc = Some(Abc::ALL[c.abc[i] as usize]);
        out.xyz = Some(Xyz::ALL[c.xyz[i] as usize]);
        out.stage = Some(Stage::ALL[c.stage[i] as usize]);
        out.tier = Some(Tier::ALL[c.tier[i] as usize]);
        out.funnel = Some(Funnel::ALL[c.funnel[i] as usize]);
        out.points = c.points[i];
        out.points_tier = c.points_tier[i];
        out.rule_segments.clear();
        out.rule_segments.extend_from_slice(
            &c.rule_ids[c.rule_offsets[i] as usize..c.rule_offsets[i + 1] as usize],
        );
        out.action = (c.action[i] >= 0).then_some(c.action[i] as u16);
    }

    /// The labels of output row `i`, as the labeler gave them.
    pub fn labels(&self, i: usize) -> Labels {
        let mut l = Labels::default();
        self.labels_of(i, &mut l);
        l
    }

    /// The facts of output row `i`.
    pub fn client_facts(&self, i: usize) -> Facts<'_> {
        self.facts(i)
    }

    /// Clients matching a rule (text or JSON AST).
    pub fn select(&self, rule: &RuleSource) -> Result<Selection, Error> {
        let (_, compiled) = rule.compile(&self.labeler.schema, "filter")?;
        let mut sel = Selection::default();
        let mut labels = Labels::default();
        let mut revenue: Money = 0;
        for i in 0..self.ids.len() {
            self.labels_of(i, &mut labels);
            let facts = self.facts(i);
            let view = labels::View::new(&self.labeler, &facts, &labels);
            if compiled.eval(&view) {
                sel.rows.push(i as u32);
                revenue = revenue.saturating_add(self.cols.revenue[i]);
            }
        }
        sel.customers = sel.rows.len() as u64;
        sel.revenue = money::to_f64(revenue);
        Ok(sel)
    }

    /// The summary.
    pub fn summary(&self) -> Summary {
        let lang = self.lang;
        let c = &self.cols;
        let n = self.ids.len();
        let m = &self.labeler.model;
        // Shares are of net revenue (returns included), summed exactly so they do not
        // depend on the order of clients and add up to one.
        let total_pos = money::to_f64(
            c.revenue
                .iter()
                .fold(0 as Money, |a, b| a.saturating_add(*b)),
        );
        let customers = self.customers as f64;
        let stats = |key: String, name: String, count: u64, rev: Money, denom: f64| LabelStats {
            key,
            name,
            customers: count,
            customers_share: if denom > 0.0 {
                count as f64 / denom
            } else {
                0.0
            },
            revenue: money::to_f64(rev),
            revenue_share: if total_pos > 0.0 {
                money::to_f64(rev) / total_pos
            } else {
                0.0
            },
        };
        // Segments.
        let nseg = self.labeler.segments.defs.len();
        let mut seg_count = vec![0u64; nseg];
        let mut seg_rev = vec![0 as Money; nseg];
        let mut seg_orders = vec![0u64; nseg];
        let mut seg_rec: Vec<Vec<i32>> = vec![Vec::new(); nseg];
        let nplays = m.playbook.len();
        let mut seg_actions: Vec<Vec<u64>> = vec![vec![0; nplays]; nseg];
        let mut orders = 0u64;
        for i in 0..n {
            orders += c.frequency[i] as u64;
            let s = c.segment[i];
            if s == u8::MAX {
                continue;
            }
            let s = s as usize;
            seg_count[s] += 1;
            seg_rev[s] = seg_rev[s].saturating_add(c.revenue[i]);
            seg_orders[s] += c.frequency[i] as u64;
            seg_rec[s].push(c.recency[i]);
            if c.action[i] >= 0 {
                seg_actions[s][c.action[i] as usize] += 1;
            }
        }
        let mut action_count = vec![0u64; nplays];
        for &a in &c.action {
            if a >= 0 {
                action_count[a as usize] += 1;
            }
        }
        let action_summary = |p: usize, count: u64| {
            let play = &m.playbook[p];
            ActionSummary {
                key: play.key.clone(),
                channel: play.channel,
                channel_name: play.channel.name(lang).to_string(),
                offer: play.offer_in(lang).to_string(),
                priority: play.priority,
                customers: count,
            }
        };
        let segments = (0..nseg)
            .filter(|&s| s + 1 < nseg || seg_count[s] > 0)
            .map(|s| {
                let d = &self.labeler.segments.defs[s];
                let mut rec = std::mem::take(&mut seg_rec[s]);
                rec.sort_unstable();
                let median = if rec.is_empty() {
                    0.0
                } else if rec.len() % 2 == 1 {
                    rec[rec.len() / 2] as f64
                } else {
                    (rec[rec.len() / 2 - 1] as f64 + rec[rec.len() / 2] as f64) / 2.0
                };
                let best = seg_actions[s]
                    .iter()
                    .enumerate()
                    .max_by_key(|(i, c)| (**c, std::cmp::Reverse(*i)))
                    .filter(|(_, c)| **c > 0)
                    .map(|(p, _)| action_summary(p, seg_actions[s][p]));
                SegmentSummary {
                    key: d.key.clone(),
                    segment: d.name_in(lang).to_string(),
                    description: d.description_in(lang).to_string(),
                    customers: seg_count[s],
                    customers_share: if customers > 0.0 {
                        seg_count[s] as f64 / customers
                    } else {
                        0.0
                    },
                    revenue: money::to_f64(seg_rev[s]),
                    revenue_share: if total_pos > 0.0 {
                        money::to_f64(seg_rev[s]) / total_pos
                    } else {
                        0.0
                    },
                    average_check: if seg_orders[s] > 0 {
                        money::to_f64(seg_rev[s]) / seg_orders[s] as f64
                    } else {
                        0.0
                    },
                    median_recency: median,
                    action: best,
                }
            })
            .collect();
        // R×F grid in digits.
        let bins = m.bins;
        let b = bins as usize;
        let mut grid_n = vec![0u64; b * b];
        let mut grid_m = vec![0f64; b * b];
        for i in 0..n {
            let [r, f, _] = c.levels[i];
            if r == 0 {
                continue;
            }
            let (rd, fd) = (
                rfm::digit(r, bins, m.direction),
                rfm::digit(f, bins, m.direction),
            );
            let k = (rd as usize - 1) * b + (fd as usize - 1);
            grid_n[k] += 1;
            grid_m[k] += c.monetary[i];
        }
        let rf_grid = (0..b * b)
            .map(|k| GridCell {
                r: (k / b + 1) as u8,
                f: (k % b + 1) as u8,
                customers: grid_n[k],
                average_monetary: if grid_n[k] > 0 {
                    grid_m[k] / grid_n[k] as f64
                } else {
                    0.0
                },
            })
            .collect();
        // Label tallies.
        let tally = |len: usize, of: &dyn Fn(usize) -> Option<usize>| {
            let mut cnt = vec![0u64; len];
            let mut rev = vec![0 as Money; len];
            for i in 0..n {
                if let Some(k) = of(i) {
                    cnt[k] += 1;
                    rev[k] = rev[k].saturating_add(c.revenue[i]);
                }
            }
            (cnt, rev)
        };
        let has_orders = |i: usize| c.recency[i] >= 0;
        let (cnt, rev) = tally(3, &|i| has_orders(i).then_some(c.abc[i] as usize));
        let abc = Abc::ALL
            .iter()
            .enumerate()
            .map(|(k, a)| {
                stats(
                    a.as_str().into(),
                    a.as_str().into(),
                    cnt[k],
                    rev[k],
                    customers,
                )
            })
            .collect();
        let (cnt, rev) = tally(4, &|i| has_orders(i).then_some(c.xyz[i] as usize));
        let xyz = Xyz::ALL
            .iter()
            .enumerate()
            .map(|(k, x)| {
                let name = if *x == Xyz::NotEnough {
                    abc_xyz::matrix_cell(Abc::A, *x, lang).0.to_string()
                } else {
                    x.as_str().to_string()
                };
                stats(x.as_str().into(), name, cnt[k], rev[k], customers)
            })
            .collect();
        let (cnt, rev) = tally(12, &|i| {
            has_orders(i).then_some(c.abc[i] as usize * 4 + c.xyz[i] as usize)
        });
        let mut abc_xyz_cells = Vec::new();
        for (ai, a) in Abc::ALL.iter().enumerate() {
            for (xi, x) in Xyz::ALL.iter().enumerate() {
                let (name, desc) = abc_xyz::matrix_cell(*a, *x, lang);
                abc_xyz_cells.push(MatrixCell {
                    cell: format!("{}{}", a.as_str(), x.as_str()),
                    name: name.into(),
                    description: desc.into(),
                    customers: cnt[ai * 4 + xi],
                    revenue: money::to_f64(rev[ai * 4 + xi]),
                });
            }
        }
        let all = n as f64;
        let (cnt, rev) = tally(5, &|i| Some(c.stage[i] as usize));
        let lifecycle = Stage::ALL
            .iter()
            .enumerate()
            .map(|(k, s)| stats(s.key().into(), s.name(lang).into(), cnt[k], rev[k], all))
            .collect();
        let (cnt, rev) = tally(3, &|i| has_orders(i).then_some(c.tier[i] as usize));
        let value_tiers = Tier::ALL
            .iter()
            .enumerate()
            .map(|(k, s)| {
                stats(
                    s.key().into(),
                    s.name(lang).into(),
                    cnt[k],
                    rev[k],
                    customers,
                )
            })
            .collect();
        let (cnt, rev) = tally(4, &|i| Some(c.funnel[i] as usize));
        let funnel = Funnel::ALL
            .iter()
            .enumerate()
            .map(|(k, s)| stats(s.key().into(), s.name(lang).into(), cnt[k], rev[k], all))
            .collect();
        let card = self.labeler.card();
        let nt = card.card.tiers.len();
        let (cnt, rev) = tally(nt, &|i| Some(c.points_tier[i] as usize));
        let points_tiers = (0..nt)
            .map(|k| {
                stats(
                    card.card.tiers[k].key.clone(),
                    card.tier_name(k as u8, lang).into(),
                    cnt[k],
                    rev[k],
                    all,
                )
            })
            .collect();
        let nr = m.rule_segments.len();
        let mut rcnt = vec![0u64; nr];
        let mut rrev = vec![0 as Money; nr];
        for i in 0..n {
            for &r in &c.rule_ids[c.rule_offsets[i] as usize..c.rule_offsets[i + 1] as usize] {
                rcnt[r as usize] += 1;
                rrev[r as usize] = rrev[r as usize].saturating_add(c.revenue[i]);
            }
        }
        let rule_segments = (0..nr)
            .map(|k| {
                let s = &m.rule_segments[k];
                stats(
                    s.name.clone(),
                    s.name_in(lang).into(),
                    rcnt[k],
                    rrev[k],
                    all,
                )
            })
            .collect();
        let actions = (0..nplays)
            .filter(|&p| action_count[p] > 0)
            .map(|p| action_summary(p, action_count[p]))
            .collect();
        let revenue: Money = c.revenue.iter().fold(0i64, |a, b| a.saturating_add(*b));
        Summary {
            customers: self.customers as u64,
            leads: (n - self.customers) as u64,
            transactions: self.transactions,
            orders,
            revenue: money::to_f64(revenue),
            rejected_rows: self.audit.rows_rejected,
            excluded_rows: self.audit.rows_excluded,
            as_of: calendar::iso(self.as_of),
            first_date: self.min_day.map(calendar::iso),
            last_date: self.max_day.map(calendar::iso),
            bins,
            direction: m.direction,
            cuts: m.cuts.clone(),
            segments,
            rf_grid,
            abc,
            xyz,
            abc_xyz: abc_xyz_cells,
            lifecycle,
            value_tiers,
            funnel,
            points_tiers,
            rule_segments,
            actions,
            rule_check: self.check.clone(),
            warnings: self.warnings.clone(),
            memory_bytes: self.heap_bytes as u64,
        }
    }

    /// Why client `id` has each label; `None` for an unknown id.
    pub fn explain(&self, id: &str) -> Option<Explanation> {
        let i = self.find(id)?;
        Some(self.explain_row(i))
    }

    /// Explanation of output row `i`.
    pub fn explain_row(&self, i: usize) -> Explanation {
        let lang = self.lang;
        let facts = self.facts(i);
        let mut labels = Labels::default();
        self.labeler.label(&facts, &mut labels);
        let m = &self.labeler.model;
        let mut out = Vec::new();
        let ru = lang == Lang::Ru;
        let fmt = |v: f64| labels::fmt_locale(v, lang);
        if let Some(rec) = facts.recency {
            let [r, f, mm] = labels.levels;
            let b = m.bins;
            let dig = |l: u8| rfm::digit(l, b, m.direction);
            let why_cut = |cuts: &Cuts, v: f64, level: u8| -> String {
                let (lo, hi) = level_bounds(cuts, level);
                let unit = match cuts.dimension {
                    Dimension::Recency => {
                        if ru {
                            " дн."
                        } else {
                            " days"
                        }
                    }
                    Dimension::Frequency => {
                        if ru {
                            " зак."
                        } else {
                            " orders"
                        }
                    }
                    Dimension::Monetary => "",
                };
                // Recency levels are (lo, hi]; frequency and monetary [lo, hi).
                let (open, close) = match cuts.dimension {
                    Dimension::Recency => ('(', ']'),
                    _ => ('[', ')'),
                };
                format!(
                    "{}{unit} ∈ {open}{}; {}{close}",
                    fmt(v),
                    lo.map_or("−∞".into(), fmt),
                    hi.map_or("+∞".into(), fmt)
                )
            };
            let seg = self.labeler.segment_name(labels.segment, lang).to_string();
            out.push(ExplainedLabel {
                criterion: "rfm",
                value: format!("{} {}", self.labeler.code(labels.levels), seg),
                reason: format!(
                    "R{}: {}; F{}: {}; M{}: {}; {}",
                    dig(r),
                    why_cut(&m.cuts.recency, rec, r),
                    dig(f),
                    why_cut(&m.cuts.frequency, facts.orders as f64, f),
                    dig(mm),
                    why_cut(&m.cuts.monetary, labels.monetary, mm),
                    if ru {
                        format!("правило сегмента «{seg}» — первое совпавшее")
                    } else {
                        format!("\"{seg}\" is the first segment rule that matches")
                    }
                ),
            });
        } else {
            out.push(ExplainedLabel {
                criterion: "rfm",
                value: self.labeler.segment_name(None, lang).into(),
                reason: t(
                    lang,
                    "No orders, so no RFM scores.",
                    "Заказов нет, поэтому RFM не считается.",
                ),
            });
        }
        let abc = labels.abc.unwrap_or(Abc::C);
        out.push(ExplainedLabel {
            criterion: "abc",
            value: abc.as_str().into(),
            reason: match (lang, abc) {
                (Lang::En, _) => format!(
                    "revenue {} (A from {}, B from {})",
                    fmt(facts.revenue),
                    m.abc.a_min.map_or("—".into(), fmt),
                    m.abc.b_min.map_or("—".into(), fmt)
                ),
                (Lang::Ru, _) => format!(
                    "выручка {} (A от {}, B от {})",
                    fmt(facts.revenue),
                    m.abc.a_min.map_or("—".into(), fmt),
                    m.abc.b_min.map_or("—".into(), fmt)
                ),
            },
        });
        let xyz = labels.xyz.unwrap_or(Xyz::NotEnough);
        out.push(ExplainedLabel {
            criterion: "xyz",
            value: xyz.as_str().into(),
            reason: match facts.cv {
                Some(cv) if xyz != Xyz::NotEnough => format!(
                    "CV {:.1}% {} {} (X ≤ {:.0}%, Y ≤ {:.0}%)",
                    cv * 100.0,
                    if ru { "за" } else { "over" },
                    match (lang, facts.periods) {
                        (Lang::Ru, p) => format!("{p} пер."),
                        (Lang::En, p) => format!("{p} periods"),
                    },
                    m.xyz.x * 100.0,
                    m.xyz.y * 100.0
                ),
                _ => {
                    if ru {
                        format!(
                            "периодов {} (нужно не меньше {}) или нет положительной выручки",
                            facts.periods, m.xyz.min_periods
                        )
                    } else {
                        format!(
                            "{} periods (at least {} needed) or no positive revenue",
                            facts.periods, m.xyz.min_periods
                        )
                    }
                }
            },
        });
        if let (Some(a), Some(x)) = (labels.abc, labels.xyz) {
            let (name, desc) = abc_xyz::matrix_cell(a, x, lang);
            out.push(ExplainedLabel {
                criterion: "abcXyz",
                value: format!("{}{} {name}", a.as_str(), x.as_str()),
                reason: desc.into(),
            });
        }
        let stage = labels.stage.unwrap_or(Stage::Lead);
        let (sleep, churn) = m
            .lifecycle
            .thresholds(facts.orders, facts.first, facts.last);
        out.push(ExplainedLabel {
            criterion: "lifecycle",
            value: stage.name(lang).into(),
            reason: match facts.recency {
                None => t(lang, "In the clients table without orders.", "Есть в таблице клиентов, заказов нет."),
                Some(rec) => if ru {
                    format!("давность {} дн., первый заказ {} дн. назад; новый ≤ {}, активный ≤ {}, ушедший > {}{}", fmt(rec), fmt(facts.tenure.unwrap_or(0.0)), m.lifecycle.new_days, fmt(sleep), fmt(churn), if facts.gone { "; отмечен как ушедший" } else { "" })
                } else {
                    format!("recency {} days, first order {} days ago; new ≤ {}, active ≤ {}, churned > {}{}", fmt(rec), fmt(facts.tenure.unwrap_or(0.0)), m.lifecycle.new_days, fmt(sleep), fmt(churn), if facts.gone { "; marked as gone" } else { "" })
                },
            },
        });
        let tier = labels.tier.unwrap_or(Tier::Small);
        out.push(ExplainedLabel {
            criterion: "valueTier",
            value: tier.name(lang).into(),
            reason: format!(
                "{} (VIP ≥ {}, {} ≥ {})",
                fmt(match m.value_tiers.by {
                    crate::tiers::TierMeasure::Total => facts.revenue,
                    crate::tiers::TierMeasure::Average =>
                        if facts.orders > 0 {
                            facts.revenue / facts.orders as f64
                        } else {
                            0.0
                        },
                }),
                m.value_tiers.vip_min.map_or("—".into(), fmt),
                Tier::Middle.name(lang),
                m.value_tiers.middle_min.map_or("—".into(), fmt)
            ),
        });
        let fun = labels.funnel.unwrap_or(Funnel::ColdLead);
        out.push(ExplainedLabel {
            criterion: "funnel",
            value: fun.name(lang).into(),
            reason: if ru {
                format!(
                    "заказов {}; постоянный от {} заказов при давности ≤ {}",
                    facts.orders, m.funnel.loyal_orders, m.funnel.loyal_days
                )
            } else {
                format!(
                    "{} orders; a regular has ≥ {} orders and recency ≤ {}",
                    facts.orders, m.funnel.loyal_orders, m.funnel.loyal_days
                )
            },
        });
        let card = self.labeler.card();
        out.push(ExplainedLabel {
            criterion: "points",
            value: format!(
                "{} {}",
                fmt(labels.points),
                card.tier_name(labels.points_tier, lang)
            ),
            reason: card
                .card
                .parameters
                .iter()
                .enumerate()
                .map(|(k, _)| {
                    format!(
                        "{} {}",
                        card.parameter_label(k, lang),
                        fmt(labels.points_parts.get(k).copied().unwrap_or(0.0))
                    )
                })
                .collect::<Vec<_>>()
                .join(" + "),
        });
        if !labels.rule_segments.is_empty() {
            out.push(ExplainedLabel {
                criterion: "ruleSegments",
                value: labels
                    .rule_segments
                    .iter()
                    .map(|&r| m.rule_segments[r as usize].name_in(lang).to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                reason: labels
                    .rule_segments
                    .iter()
                    .map(|&r| m.rule_segments[r as usize].rule.text())
                    .collect::<Vec<_>>()
                    .join("; "),
            });
        }
        if let Some(a) = labels.action {
            let p = &m.playbook[a as usize];
            out.push(ExplainedLabel {
                criterion: "nextAction",
                value: format!("{}: {}", p.channel.name(lang), p.offer_in(lang)),
                reason: format!(
                    "{} ({} {})",
                    p.when.text(),
                    if ru { "приоритет" } else { "priority" },
                    p.priority
                ),
            });
        }
        let view = labels::View::new(&self.labeler, &facts, &labels);
        let points = card
            .card
            .parameters
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let value = match self.labeler.schema.lookup(&p.field) {
                    Some((idx, crate::rules::FieldType::Number)) => {
                        view.number(idx).map_or("—".into(), fmt)
                    }
                    Some((idx, crate::rules::FieldType::Text)) => {
                        view.text(idx).unwrap_or("—").to_string()
                    }
                    _ => String::new(),
                };
                PointsPart {
                    parameter: card.parameter_label(k, lang).into(),
                    value,
                    points: labels.points_parts.get(k).copied().unwrap_or(0.0),
                }
            })
            .collect();
        Explanation {
            client_id: facts.id.to_string(),
            labels: out,
            points,
        }
    }

    /// The scored client table as CSV (header includes
    /// `customer_id,recency_days,frequency,monetary,r,f,m,rfm,segment`, then the catalogue
    /// labels and the clients-table attributes).
    pub fn customers_csv(&self, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        let rows: Vec<u32> = (0..self.ids.len() as u32).collect();
        self.write_clients(&rows, opts, false)
    }

    /// Contacts of the clients matching `rule`, with their next action, as CSV.
    pub fn contacts_csv(&self, rule: &RuleSource, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        let sel = self.select(rule)?;
        self.write_clients(&sel.rows, opts, true)
    }

    /// Writes selected rows; `contacts` writes the short contact-list layout.
    pub fn write_clients(
        &self,
        rows: &[u32],
        opts: &CsvOptions,
        contacts: bool,
    ) -> Result<Vec<u8>, Error> {
        let lang = opts.lang.unwrap_or(self.lang);
        let mut w = CsvWriter::new(opts)?;
        let m = &self.labeler.model;
        let c = &self.cols;
        let attrs: Vec<(String, usize)> = match &self.clients {
            Some(t) => t
                .columns
                .iter()
                .filter(|col| col.role != Role::Client)
                .map(|col| (col.name.clone(), col.index))
                .collect(),
            None => Vec::new(),
        };
        let mut header: Vec<String> = if contacts {
            [
                "customer_id",
                "email",
                "phone",
                "segment",
                "lifecycle",
                "recency_days",
                "frequency",
                "monetary",
                "next_action",
                "channel",
                "offer",
                "message",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        } else {
            [
                "customer_id",
                "recency_days",
                "frequency",
                "monetary",
                "r",
                "f",
                "m",
                "rfm",
                "segment",
                "revenue",
                "average_check",
                "first_order",
                "last_order",
                "abc",
                "xyz",
                "abc_xyz",
                "cv",
                "lifecycle",
                "value_tier",
                "funnel",
                "points",
                "points_tier",
                "rule_segments",
                "next_action",
                "channel",
                "offer",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        };
        if !contacts {
            header.extend(attrs.iter().map(|(n, _)| n.clone()));
        }
        let hdr: Vec<&str> = header.iter().map(String::as_str).collect();
        w.header(&hdr);
        let mut labels = Labels::default();
        let email_col = self.clients.as_ref().and_then(|t| t.role(Role::Email));
        let phone_col = self.clients.as_ref().and_then(|t| t.role(Role::Phone));
        for &row in rows {
            let i = row as usize;
            let has = c.recency[i] >= 0;
            self.labels_of(i, &mut labels);
            let seg = self.labeler.segment_name(labels.segment, lang).to_string();
            let stage = Stage::ALL[c.stage[i] as usize].name(lang);
            let play = (c.action[i] >= 0).then(|| &m.playbook[c.action[i] as usize]);
            w.text(self.ids.get(i));
            if contacts {
                let cell = |col: Option<usize>| match (&self.clients, col) {
                    (Some(t), Some(col)) if c.attr_row[i] != u32::MAX => {
                        t.cell(c.attr_row[i], col).to_string()
                    }
                    _ => String::new(),
                };
                w.text(&cell(email_col));
                w.text(&cell(phone_col));
                w.text(&seg);
                w.text(stage);
                if has {
                    w.int(c.recency[i] as i64)
                } else {
                    w.empty()
                }
                w.int(c.frequency[i] as i64);
                w.number(c.monetary[i], 4);
                match play {
                    Some(p) => {
                        w.text(&p.key);
                        w.text(p.channel.name(lang));
                        w.text(p.offer_in(lang));
                        let facts = self.facts(i);
                        w.text(
                            &self
                                .labeler
                                .message(c.action[i] as usize, &facts, &labels, lang),
                        );
                    }
                    None => {
                        w.empty();
                        w.empty();
                        w.empty();
                        w.empty();
                    }
                }
                w.end_row();
                continue;
            }
            if has {
                w.int(c.recency[i] as i64)
            } else {
                w.empty()
            }
            w.int(c.frequency[i] as i64);
            w.number(c.monetary[i], 4);
            let [r, f, mm] = c.levels[i];
            for l in [r, f, mm] {
                if l > 0 {
                    w.int(rfm::digit(l, m.bins, m.direction) as i64)
                } else {
                    w.empty()
                }
            }
            w.text(&self.labeler.code(c.levels[i]));
            w.text(&seg);
            w.money(c.revenue[i]);
            if c.frequency[i] > 0 {
                w.number(money::to_f64(c.revenue[i]) / c.frequency[i] as f64, 2)
            } else {
                w.empty()
            }
            if has {
                w.text(&calendar::iso(c.first[i]));
                w.text(&calendar::iso(c.last[i]));
            } else {
                w.empty();
                w.empty();
            }
            w.text(Abc::ALL[c.abc[i] as usize].as_str());
            w.text(Xyz::ALL[c.xyz[i] as usize].as_str());
            let x = Xyz::ALL[c.xyz[i] as usize];
            if has && x != Xyz::NotEnough {
                w.text(&format!(
                    "{}{}",
                    Abc::ALL[c.abc[i] as usize].as_str(),
                    x.as_str()
                ));
            } else {
                w.empty();
            }
            w.number(c.cv[i], 4);
            w.text(stage);
            w.text(Tier::ALL[c.tier[i] as usize].name(lang));
            w.text(Funnel::ALL[c.funnel[i] as usize].name(lang));
            w.number(c.points[i], 2);
            w.text(self.labeler.card().tier_name(c.points_tier[i], lang));
            let rs: Vec<&str> = labels
                .rule_segments
                .iter()
                .map(|&r| m.rule_segments[r as usize].name_in(lang))
                .collect();
            w.text(&rs.join("; "));
            match play {
                Some(p) => {
                    w.text(&p.key);
                    w.text(p.channel.name(lang));
                    w.text(p.offer_in(lang));
                }
                None => {
                    w.empty();
                    w.empty();
                    w.empty();
                }
            }
            for (_, col) in &attrs {
                match (&self.clients, c.attr_row[i]) {
                    (Some(t), row) if row != u32::MAX => w.text(t.cell(row, *col)),
                    _ => w.empty(),
                }
            }
            w.end_row();
        }
        Ok(w.finish())
    }

    /// The rejected rows kept for download, as CSV: line, reason, then the row's fields.
    pub fn rejected_csv(&self, opts: &CsvOptions) -> Result<Vec<u8>, Error> {
        let lang = opts.lang.unwrap_or(self.lang);
        let mut w = CsvWriter::new(opts)?;
        let mut header = vec![
            "line".to_string(),
            "reason".to_string(),
            "reason_text".to_string(),
        ];
        header.extend(self.sniff.columns.iter().map(|c| c.name.clone()));
        let hdr: Vec<&str> = header.iter().map(String::as_str).collect();
        w.header(&hdr);
        for r in &self.rejected {
            w.int(r.line as i64);
            w.text(r.kind.as_str());
            w.text(match lang {
                Lang::En => r.kind.describe_en(),
                Lang::Ru => r.kind.describe_ru(),
            });
            for f in &r.fields {
                w.text(f);
            }
            w.end_row();
        }
        Ok(w.finish())
    }
}

/// The bounds of a level: (lowest value, highest value) that get it.
fn level_bounds(cuts: &Cuts, level: u8) -> (Option<f64>, Option<f64>) {
    let k = cuts.cuts.len();
    match cuts.dimension {
        Dimension::Recency => {
            // level = bins − #{v > c}: level L ⇔ c[bins−L−1] < v ≤ c[bins−L]
            let bins = k + 1;
            let worse = bins - level as usize;
            let lo = if worse == 0 {
                None
            } else {
                cuts.cuts[worse - 1]
            };
            let hi = if worse >= k { None } else { cuts.cuts[worse] };
            (lo, hi)
        }
        _ => {
            let idx = level as usize - 1;
            let lo = if idx == 0 { None } else { cuts.cuts[idx - 1] };
            let hi = if idx >= k { None } else { cuts.cuts[idx] };
            (lo, hi)
        }
    }
}
