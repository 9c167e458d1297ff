//! The per-client table: ids, facts and labels in columns (index = output row), and the
//! typed columns the binding hands to JavaScript.

use super::Report;
use crate::calendar::Day;
use crate::criteria::rfm::{self, RfmColumns};
use crate::criteria::{ColumnSink, LabelColumns, Labels};
use crate::money::{self, Money};

/// Client ids in output order.
#[derive(Clone, Default)]
pub struct IdList {
    arena: String,
    ends: Vec<u32>,
}

impl IdList {
    pub(super) fn push(&mut self, s: &str) {
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

/// The name, e-mail and phone of each client from the orders file (empty when unknown).
#[derive(Clone, Default)]
pub struct Contacts {
    /// Names.
    pub name: IdList,
    /// E-mails.
    pub email: IdList,
    /// Phones.
    pub phone: IdList,
}

impl Contacts {
    pub(super) fn push(&mut self, [name, email, phone]: [&str; 3]) {
        self.name.push(name);
        self.email.push(email);
        self.phone.push(phone);
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
    /// First order day (`i32::MIN` without orders).
    pub first: Vec<Day>,
    /// Last order day (`i32::MIN` without orders).
    pub last: Vec<Day>,
    /// Rows.
    pub rows: Vec<u32>,
    /// Distinct purchase days.
    pub days: Vec<u32>,
    /// Return rows.
    pub returns: Vec<u32>,
    /// Sum of returns, positive.
    pub returned: Vec<Money>,
    /// Coefficient of variation of the days between purchases (NaN when undefined).
    pub gap_cv: Vec<f64>,
    /// Names, e-mails and phones from the orders file, when it has such columns.
    pub contacts: Option<Contacts>,
    /// The days between consecutive purchases, over all clients.
    pub(crate) gaps: crate::ingest::Gaps,
    /// XYZ periods.
    pub periods: Vec<u32>,
    /// Coefficient of variation (NaN when undefined).
    pub cv: Vec<f64>,
    /// Sum of squared period revenues (currency units squared), for recomputing the CV.
    pub ss: Vec<f64>,
    /// Row in the clients table (`u32::MAX` none).
    pub attr_row: Vec<u32>,
    /// RFM levels, segments and scored monetary values.
    pub rfm: RfmColumns,
    /// Every catalogue label.
    pub labels: LabelColumns,
    /// The largest order's total (0 without orders).
    pub(crate) largest: Vec<Money>,
    /// The purchases of the first purchase day (0 without orders).
    pub first_value: Vec<Money>,
    /// What each client bought by category, when the orders file has a category column.
    pub(crate) categories: Option<CategoryTable>,
}

/// What each client bought by category (index = output row).
#[derive(Clone, Default)]
pub(crate) struct CategoryTable {
    /// The categories as first spelt, by id.
    pub(crate) names: Vec<String>,
    /// Where each row's entries end in `entries`.
    ends: Vec<u32>,
    /// (category, purchase rows, revenue) of each row, by revenue (highest first), then
    /// name.
    entries: Vec<(u32, u32, Money)>,
}

impl CategoryTable {
    /// A table of the categories `names`.
    pub(crate) fn new(names: Vec<String>) -> CategoryTable {
        CategoryTable {
            names,
            ..CategoryTable::default()
        }
    }

    /// Adds the next row's (category, rows, revenue), in any order.
    pub(crate) fn push(&mut self, row: impl Iterator<Item = (u32, u32, Money)>) {
        let start = self.entries.len();
        self.entries.extend(row);
        let names = &self.names;
        let name = |k: u32| names.get(k as usize).map_or("", String::as_str);
        self.entries[start..].sort_by(|a, b| b.2.cmp(&a.2).then_with(|| name(a.0).cmp(name(b.0))));
        self.ends.push(self.entries.len() as u32);
    }

    /// Row `i`'s entries.
    pub(crate) fn row(&self, i: usize) -> &[(u32, u32, Money)] {
        let start = match i {
            0 => 0,
            _ => self.ends.get(i - 1).copied().unwrap_or(0) as usize,
        };
        let end = self.ends.get(i).copied().unwrap_or(0) as usize;
        self.entries.get(start..end).unwrap_or(&[])
    }

    /// Row `i`'s categories as facts.
    pub(crate) fn facts(&self, i: usize) -> Vec<crate::criteria::CategoryFact<'_>> {
        self.row(i)
            .iter()
            .map(|&(k, rows, revenue)| crate::criteria::CategoryFact {
                name: self.names.get(k as usize).map_or("", String::as_str),
                rows,
                revenue: money::to_f64(revenue),
            })
            .collect()
    }
}

impl Columns {
    /// Every label of output row `i`.
    pub fn labels_of(&self, i: usize, out: &mut Labels) {
        self.rfm.read(i, &mut out.rfm);
        self.labels.read(i, out);
    }
}

impl Report {
    /// Every per-client column as typed arrays, with the names and keys their codes index.
    pub fn write_columns(&self, sink: &mut dyn ColumnSink) {
        let c = &self.cols;
        let e = self.labeler.engine();
        let lang = self.lang;
        sink.i32s("recency", &c.recency);
        sink.u32s("frequency", &c.frequency);
        let revenue: Vec<f64> = c.revenue.iter().map(|v| money::to_f64(*v)).collect();
        sink.f64s("revenue", &revenue);
        sink.i32s("firstOrder", &c.first);
        sink.i32s("lastOrder", &c.last);
        sink.u32s("purchaseDays", &c.days);
        sink.f64s("gapCv", &c.gap_cv);
        let largest: Vec<f64> = (c.largest.iter().zip(&c.frequency))
            .map(|(v, f)| if *f > 0 { money::to_f64(*v) } else { f64::NAN })
            .collect();
        sink.f64s("largestOrder", &largest);
        if let Some(p) = &self.clv {
            sink.f64s("pAlive", &p.p_alive);
            sink.f64s("expectedPurchases", &p.expected_purchases);
            sink.f64s("expectedValue", &p.expected_value);
            sink.f64s("clv", &p.clv);
        }
        // The coefficient XYZ reads: of the days between purchases, or of period revenue.
        match e.catalogue.xyz.method {
            crate::criteria::XyzMethod::Intervals => sink.f64s("cv", &c.gap_cv),
            crate::criteria::XyzMethod::Revenue => sink.f64s("cv", &c.cv),
        }
        rfm::columns(&e, &c.rfm, lang, sink);
        e.columns_catalogue(&c.labels, lang, sink);
    }
}
