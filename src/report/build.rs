//! From the reader's aggregates to a labelled report: the clients in output order with
//! their facts, the fitted model, every client's labels and the warnings.

use super::columns::{CategoryTable, Columns, Contacts, IdList};
use super::warnings::Warning;
use super::Report;
use crate::calendar::{self, Day, Period};
use crate::criteria::{
    self, rfm, AttributeType, Catalogue, Facts, Labels, LifecycleModel, Population, RuleCheck,
};
use crate::error::{Error, IssueKind};
use crate::ingest::accumulate::ClientStats;
use crate::ingest::categories::Tally;
use crate::ingest::profile::{EMAIL, NAME, PHONE};
use crate::ingest::{Aggregates, Audit, ClientsTable, IssueExample, IssueGroup, Role};
use crate::locale::{count_ru, fmt_locale, Bilingual, Lang};
use crate::model::{Labeler, Model, MODEL_VERSION};
use crate::money;
use crate::options::Options;

fn day_or(d: Day) -> Option<i64> {
    (d != i32::MIN).then_some(d as i64)
}

/// The clients' facts in output order: clients with orders in order of first appearance
/// (merged ones and those with only returns left out), then the leads of the clients table.
struct Clients {
    ids: IdList,
    cols: Columns,
    /// Clients with orders (the first rows).
    with_orders: usize,
    /// Rows of clients missing from the clients table, and examples.
    unknown: (u64, Vec<IssueExample>),
    /// Clients with only returns: (id, rows, amount).
    returns_only: Vec<(u32, u64, money::Money)>,
}

/// The per-client columns of a client with orders.
fn push_client(cols: &mut Columns, st: &ClientStats, as_of: Day, period: Period) {
    cols.recency.push(as_of - st.last);
    cols.frequency.push(st.orders);
    cols.revenue.push(st.monetary);
    cols.first.push(st.first);
    cols.last.push(st.last);
    cols.rows.push(st.rows);
    cols.days.push(st.days);
    cols.returns.push(st.returns);
    cols.returned.push(st.returned);
    cols.gap_cv.push(st.gap_cv().unwrap_or(f64::NAN));
    let p = (period.index(as_of) - period.index(st.first) + 1).max(1) as u32;
    cols.periods.push(p);
    let ss = st.sum_of_squares() as f64 / (money::SCALE as f64 * money::SCALE as f64);
    cols.ss.push(ss);
    cols.cv
        .push(criteria::cv(money::to_f64(st.monetary), ss, p).unwrap_or(f64::NAN));
    cols.largest.push(st.largest);
    cols.first_value.push(st.first_value);
}

/// The per-client columns of a client without orders.
fn push_lead(cols: &mut Columns) {
    cols.recency.push(-1);
    cols.frequency.push(0);
    cols.revenue.push(0);
    cols.first.push(i32::MIN);
    cols.last.push(i32::MIN);
    cols.rows.push(0);
    cols.days.push(0);
    cols.returns.push(0);
    cols.returned.push(0);
    cols.gap_cv.push(f64::NAN);
    cols.periods.push(0);
    cols.cv.push(f64::NAN);
    cols.ss.push(0.0);
    cols.largest.push(0);
    cols.first_value.push(0);
    if let Some(t) = &mut cols.categories {
        t.push(std::iter::empty());
    }
}

/// Where each client's entries start in `entries` (sorted by client), for `clients`
/// clients and one past the last.
fn starts_by_client(entries: &[(u32, u32, Tally)], clients: usize) -> Vec<usize> {
    let mut starts = vec![entries.len(); clients + 1];
    for (i, e) in entries.iter().enumerate().rev() {
        if let Some(s) = starts.get_mut(e.0 as usize) {
            *s = i;
        }
    }
    // A client without entries starts where the next one does.
    for c in (0..clients).rev() {
        starts[c] = starts[c].min(starts[c + 1]);
    }
    starts
}

fn clients(
    agg: &Aggregates,
    table: Option<&ClientsTable>,
    as_of: Day,
    period: Period,
    max_examples: usize,
    lang: Lang,
) -> Clients {
    let mut ids = IdList::default();
    let mut cols = Columns::default();
    let mut unknown = (0u64, Vec::new());
    let mut returns_only = Vec::new();
    let mut joined = vec![false; table.map_or(0, |t| t.len())];
    let mut profile = agg.profiles.as_ref().map(|_| Contacts::default());
    let bought = agg
        .categories
        .as_ref()
        .map(|c| c.entries())
        .unwrap_or_default();
    let starts = starts_by_client(&bought, agg.stats.len());
    cols.categories = agg
        .categories
        .as_ref()
        .map(|c| CategoryTable::new(c.names().to_vec()));
    for c in 0..agg.stats.len() {
        if !agg.merged_into.is_empty() && agg.merged_into[c] as usize != c {
            continue;
        }
        let st = &agg.stats[c];
        if !st.has_orders() {
            returns_only.push((c as u32, st.rows as u64, st.monetary));
            continue;
        }
        let id = agg.ids.get(c as u32);
        ids.push(id);
        let row = table.and_then(|t| t.ids.find(id.as_bytes()));
        match row {
            Some(t) => joined[t as usize] = true,
            None if table.is_some() => {
                unknown.0 += st.rows as u64;
                if unknown.1.len() < max_examples {
                    let rows = st.rows as u64;
                    let details =
                        Bilingual::new(rows_text(rows, Lang::En), rows_text(rows, Lang::Ru));
                    let mut e =
                        IssueExample::new(0, 0, None, id.to_string()).with_details(Some(details));
                    e.localize(lang);
                    unknown.1.push(e);
                }
            }
            None => {}
        }
        cols.attr_row.push(row.unwrap_or(u32::MAX));
        push_client(&mut cols, st, as_of, period);
        if let Some(t) = &mut cols.categories {
            let of = bought.get(starts[c]..starts[c + 1]).unwrap_or(&[]);
            t.push(of.iter().map(|(_, k, x)| (*k, x.rows, x.revenue)));
        }
        if let (Some(out), Some(p)) = (&mut profile, &agg.profiles) {
            out.push([p.get(c, NAME), p.get(c, EMAIL), p.get(c, PHONE)]);
        }
    }
    let with_orders = ids.len();
    if let Some(t) = table {
        for (i, _) in joined.iter().enumerate().filter(|(_, j)| !**j) {
            ids.push(t.ids.get(i as u32));
            cols.attr_row.push(i as u32);
            push_lead(&mut cols);
            if let Some(out) = &mut profile {
                out.push(["", "", ""]);
            }
        }
    }
    cols.contacts = profile;
    cols.gaps = agg.gaps.clone();
    Clients {
        ids,
        cols,
        with_orders,
        unknown,
        returns_only,
    }
}

/// `1 row`, `12 rows`; `1 строка`, `12 строк`.
fn rows_text(rows: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{rows} {}", if rows == 1 { "row" } else { "rows" }),
        Lang::Ru => count_ru(rows, ["строка", "строки", "строк"]),
    }
}

/// Moves the rows of clients with only returns to the excluded rows of the audit.
fn exclude_returns_only(agg: &mut Aggregates, returns_only: &[(u32, u64, money::Money)]) {
    for &(c, rows, amount) in returns_only {
        let id = agg.ids.get(c).to_string();
        let sum = money::to_f64(amount);
        let details = Bilingual::new(
            format!("{}, {sum}", rows_text(rows, Lang::En)),
            format!(
                "{}, {}",
                rows_text(rows, Lang::Ru),
                fmt_locale(sum, Lang::Ru)
            ),
        );
        agg.audit
            .exclude_accepted(IssueKind::ReturnsOnly, rows, amount, || {
                IssueExample::new(0, 0, None, id).with_details(Some(details))
            });
    }
}

/// Fits what depends on all clients (cut points, ABC and tier thresholds) into a model.
pub(super) fn fit(
    cols: &Columns,
    with_orders: usize,
    table: Option<&ClientsTable>,
    opts: &Options,
    as_of: Day,
) -> Result<(Labeler, RuleCheck), Error> {
    let n = with_orders;
    let revenue: Vec<f64> = cols.revenue[..n]
        .iter()
        .map(|v| money::to_f64(*v))
        .collect();
    let population = Population {
        bins: opts.rfm.bins()?,
        revenue: &revenue,
        orders: &cols.frequency[..n],
        recency: &cols.recency[..n],
        returning: cols.days[..n].iter().filter(|&&d| d >= 2).count() as u64,
        gaps: &cols.gaps,
    };
    // Recency is scored within the lifecycle's windows: fitted first.
    let life = LifecycleModel::of_population(opts.criteria.lifecycle.as_ref(), &population)?;
    let (rfm, segments) = rfm::fit(&opts.rfm, &population, &life)?;
    let check = segments.check(rfm.direction);
    let catalogue = Catalogue::fit(&opts.criteria, &population)?;
    let attributes = table
        .map(|t| {
            t.columns
                .iter()
                .filter(|c| c.role != Role::Client)
                .map(|c| criteria::AttributeDef {
                    name: c.name.clone(),
                    role: c.role,
                    ty: match t.is_numeric(c.index) {
                        true => AttributeType::Number,
                        false => AttributeType::Text,
                    },
                })
                .collect()
        })
        .unwrap_or_default();
    let model = Model {
        version: MODEL_VERSION,
        as_of: calendar::iso(as_of),
        rfm,
        catalogue,
        attributes,
        lang: opts.lang,
        clv: None,
    };
    Ok((Labeler::new(model)?, check))
}

impl Report {
    /// Builds the report from read aggregates.
    pub(crate) fn build(
        mut agg: Aggregates,
        opts: &Options,
        table: Option<ClientsTable>,
    ) -> Result<Report, Error> {
        let r = opts.read.resolve()?;
        let lang = opts.lang;
        let mut base_warnings = Vec::new();
        let as_of = match r.as_of.or(agg.max_purchase) {
            Some(d) => d,
            None => {
                base_warnings.push(Warning::no_usable_rows(lang));
                r.today.unwrap_or(0)
            }
        };
        let c = clients(
            &agg,
            table.as_ref(),
            as_of,
            opts.xyz_period(),
            r.max_examples,
            lang,
        );
        let leads = c.ids.len() - c.with_orders;
        exclude_returns_only(&mut agg, &c.returns_only);
        let (labeler, check) = fit(&c.cols, c.with_orders, table.as_ref(), opts, as_of)?;
        let mut audit = Audit::from_builder(&agg.audit, lang, agg.merges.clone(), leads as u64);
        if c.unknown.0 > 0 {
            audit.issues.push(unknown_clients(c.unknown, lang));
        }
        let mut report = Report {
            labeler,
            lang,
            as_of,
            ids: c.ids,
            cols: c.cols,
            audit,
            rejected: agg.audit.rejected_rows.clone(),
            sniff: agg.sniff,
            check,
            warnings: Vec::new(),
            base_warnings,
            clients: table,
            transactions: agg.audit.rows_accepted,
            customers: c.with_orders,
            heap_bytes: agg.heap_bytes,
            min_day: agg.min_day,
            max_day: agg.max_day,
            sorted: agg.sorted,
            options: opts.clone(),
            history: None,
            update: None,
            marks: Default::default(),
            events: None,
            clv: None,
        };
        report.predict(None)?;
        report.label_all();
        report.warnings = report.find_warnings();
        Ok(report)
    }

    /// What is known about output row `i` before labelling.
    pub(super) fn facts<'a>(&'a self, i: usize) -> Facts<'a> {
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
            gap_cv: (!c.gap_cv[i].is_nan()).then_some(c.gap_cv[i]),
            days: c.days[i],
            returns: c.returns[i],
            returned: money::to_f64(c.returned[i]),
            largest_order: has.then(|| money::to_f64(c.largest[i])),
            categories: c
                .categories
                .as_ref()
                .map(|t| t.facts(i))
                .unwrap_or_default(),
            ..Facts::default()
        };
        if let Some(p) = &c.contacts {
            let nonempty = |s: &'a str| (!s.is_empty()).then_some(s);
            f.name = nonempty(p.name.get(i));
            f.email = nonempty(p.email.get(i));
            f.phone = nonempty(p.phone.get(i));
        }
        let row = c.attr_row[i];
        if let (Some(t), true) = (&self.clients, row != u32::MAX) {
            let cell = |role: Role| {
                t.role(role)
                    .map(|col| t.cell(row, col))
                    .filter(|s| !s.is_empty())
            };
            f.status = cell(Role::Status);
            // The clients table is the CRM's own record: its name and contacts first.
            f.name = cell(Role::Name).or(f.name);
            f.email = cell(Role::Email).or(f.email);
            f.phone = cell(Role::Phone).or(f.phone);
            let columns = self.labeler.model.attributes.iter().map(|a| {
                t.columns
                    .iter()
                    .find(|col| col.name == a.name)
                    .map(|col| col.index)
            });
            (f.attributes, f.attribute_numbers) = columns
                .map(|col| match col {
                    Some(col) => (t.cell(row, col), t.number(row, col)),
                    None => ("", None),
                })
                .unzip();
            f.tags = t.tags.get(row as usize).map_or(&[], Vec::as_slice);
            f.manual_segments = t.segments.get(row as usize).map_or(&[], Vec::as_slice);
            f.gone = t.gone[row as usize];
            f.days_since_contact = t.last_contact[row as usize].map(|d| (self.as_of - d) as f64);
        }
        if let Some((tags, segments)) = self.edited_marks(i) {
            f.tags = tags;
            f.manual_segments = segments;
        }
        f.events = self.event_facts(i);
        f.prediction = self.clv.as_ref().map(|c| c.prediction(i));
        f
    }

    /// Fits the models of the `clv` option (unless `kept`, fitted on the same columns with
    /// the same options) and puts the predictor in the model.
    pub(super) fn predict(
        &mut self,
        kept: Option<std::sync::Arc<super::Clv>>,
    ) -> Result<(), Error> {
        let Some(opts) = self.options.clv_options() else {
            self.clv = None;
            return Ok(());
        };
        let clv = match kept {
            Some(c) => c,
            None => std::sync::Arc::new(self.fit_clv(&opts)?),
        };
        self.labeler.model.clv = clv.predictor.clone();
        self.clv = Some(clv);
        Ok(())
    }

    /// Labels every client into the columns.
    pub(super) fn label_all(&mut self) {
        let engine = self.labeler.engine();
        let mut rfm = rfm::RfmColumns::default();
        let mut labels = criteria::LabelColumns::default();
        let mut out = Labels::default();
        for i in 0..self.ids.len() {
            let facts = self.facts(i);
            engine.label(&facts, &mut out);
            rfm.push(&out.rfm);
            labels.push(&out);
        }
        self.cols.rfm = rfm;
        self.cols.labels = labels;
    }
}

/// The audit's group of rows whose client is not in the clients table.
fn unknown_clients((count, examples): (u64, Vec<IssueExample>), lang: Lang) -> IssueGroup {
    IssueGroup {
        kind: IssueKind::UnknownClient,
        disposition: IssueKind::UnknownClient.disposition(),
        count,
        amount: 0.0,
        description: IssueKind::UnknownClient.describe(lang).to_string(),
        examples,
    }
}
